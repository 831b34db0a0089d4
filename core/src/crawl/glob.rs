//! Exclude patterns in the Glue crawler's glob syntax (glue.md §4.3), matched against object keys relative
//! to the crawl root ("Exclude pattern is relative to the include path").
//!
//! | syntax | matches |
//! |---|---|
//! | `*` | zero or more characters of one folder or file name (never `/`) |
//! | `**` | zero or more characters, across folders |
//! | `?` | exactly one character of a name (never `/`) |
//! | `[abc]`, `[a-z]`, `[!a-c]` | one character of (not of) the set; inside, `*`, `?` and `\` are literal, and `-` is literal first (or first after `!`) or last |
//! | `{a,b}` | either alternative; groups cannot be nested (as in Glue) |
//! | `\x` | the character `x` itself (`\\` is a backslash, `\{` a brace) |
//!
//! A leading dot is an ordinary character (Glue: "the `*` exclude pattern matches the file name
//! `.hidden`"). One deliberate difference from Glue's (Java's) glob: `**/` also matches *no* folder at all,
//! so `**/_SUCCESS` excludes a `_SUCCESS` at the root as well as below it. That is how gitignore, Ant and
//! Spark read `**/`, what every user of the default exclusions expects, and the only way one pattern can say
//! "at any depth".
//!
//! A pattern compiles to a small automaton that is run over the key with a set of states, so matching costs
//! O(key × pattern) whatever the pattern: `*a*a*a*a*b` cannot make it backtrack exponentially.

use crate::{Error, Result};

/// Longest pattern accepted: patterns are typed by people, and the automaton grows with the pattern.
pub const MAX_PATTERN_LEN: usize = 1024;

/// One compiled exclude pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// Consumes this character.
    Char(char),
    /// Consumes one character other than `/`.
    One,
    /// Consumes one character (not `/`) in (or, negated, not in) the ranges.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// `*`: stays here consuming characters other than `/`, or moves on without consuming.
    Star,
    /// `**`: stays here consuming any character, or moves on without consuming.
    StarStar,
    /// Moves, without consuming, to any of these nodes.
    Jump(Vec<usize>),
    /// The key matched when it ends here.
    Accept,
}

impl Glob {
    /// Compiles `pattern`; a bad pattern is an [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) error that
    /// names the pattern and the character position of the problem.
    pub fn new(pattern: &str) -> Result<Self> {
        if pattern.len() > MAX_PATTERN_LEN {
            return Err(Error::too_large(format!(
                "exclude pattern of {} bytes; at most {MAX_PATTERN_LEN} are accepted",
                pattern.len()
            )));
        }
        let nodes = Compiler::new(pattern).compile()?;
        Ok(Self {
            pattern: pattern.to_owned(),
            nodes,
        })
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// True when the whole `key` (relative to the crawl root, `/`-separated) matches.
    pub fn matches(&self, key: &str) -> bool {
        let mut current = vec![false; self.nodes.len()];
        self.close(&mut current, 0);
        for c in key.chars() {
            let mut next = vec![false; self.nodes.len()];
            for (i, node) in self.nodes.iter().enumerate() {
                if !current.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let advance = match node {
                    Node::Char(want) => *want == c,
                    Node::One => c != '/',
                    Node::Class { negated, ranges } => {
                        c != '/'
                            && ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
                    }
                    Node::Star if c != '/' => {
                        self.close(&mut next, i);
                        false
                    }
                    Node::StarStar => {
                        self.close(&mut next, i);
                        false
                    }
                    Node::Star | Node::Jump(_) | Node::Accept => false,
                };
                if advance {
                    self.close(&mut next, i + 1);
                }
            }
            if !next.contains(&true) {
                return false;
            }
            current = next;
        }
        self.nodes
            .iter()
            .zip(&current)
            .any(|(node, on)| *on && *node == Node::Accept)
    }

    /// Marks `start` and every node reachable from it without consuming a character.
    fn close(&self, set: &mut [bool], start: usize) {
        let mut pending = vec![start];
        while let Some(i) = pending.pop() {
            match set.get_mut(i) {
                Some(seen) if !*seen => *seen = true,
                _ => continue,
            }
            match self.nodes.get(i) {
                Some(Node::Jump(targets)) => pending.extend(targets),
                Some(Node::Star | Node::StarStar) => pending.push(i + 1),
                _ => {}
            }
        }
    }
}

struct Compiler<'a> {
    pattern: &'a str,
    chars: Vec<char>,
    pos: usize,
    nodes: Vec<Node>,
}

impl<'a> Compiler<'a> {
    fn new(pattern: &'a str) -> Self {
        Self {
            pattern,
            chars: pattern.chars().collect(),
            pos: 0,
            nodes: Vec::new(),
        }
    }

    fn error(&self, at: usize, what: &str) -> Error {
        Error::invalid(format!(
            "exclude pattern {:?}: {what} at character {}",
            self.pattern,
            at + 1
        ))
    }

    fn compile(mut self) -> Result<Vec<Node>> {
        // Where the open group's Jump node is, and the Jump nodes ending each alternative so far.
        let mut group: Option<(usize, usize, Vec<usize>)> = None;
        while let Some(&c) = self.chars.get(self.pos) {
            let at = self.pos;
            self.pos += 1;
            match c {
                '\\' => {
                    let escaped = *self
                        .chars
                        .get(self.pos)
                        .ok_or_else(|| self.error(at, "a trailing \\ escapes nothing"))?;
                    self.pos += 1;
                    self.nodes.push(Node::Char(escaped));
                }
                '?' => self.nodes.push(Node::One),
                '*' if self.chars.get(self.pos) == Some(&'*') => {
                    self.pos += 1;
                    if self.chars.get(self.pos) == Some(&'/') {
                        // `**/`: any number of whole folders, including none (see the module docs).
                        self.pos += 1;
                        let jump = self.nodes.len();
                        self.nodes.push(Node::Jump(Vec::new()));
                        self.nodes.push(Node::StarStar);
                        self.nodes.push(Node::Char('/'));
                        let after = self.nodes.len();
                        if let Some(Node::Jump(targets)) = self.nodes.get_mut(jump) {
                            targets.extend([jump + 1, after]);
                        }
                    } else {
                        self.nodes.push(Node::StarStar);
                    }
                }
                '*' => self.nodes.push(Node::Star),
                '[' => {
                    let class = self.class(at)?;
                    self.nodes.push(class);
                }
                '{' => {
                    if group.is_some() {
                        return Err(self.error(at, "groups cannot be nested"));
                    }
                    let jump = self.nodes.len();
                    self.nodes.push(Node::Jump(vec![jump + 1]));
                    group = Some((at, jump, Vec::new()));
                }
                ',' if group.is_some() => {
                    if let Some((_, jump, ends)) = group.as_mut() {
                        ends.push(self.nodes.len());
                        self.nodes.push(Node::Jump(Vec::new()));
                        let next = self.nodes.len();
                        if let Some(Node::Jump(targets)) = self.nodes.get_mut(*jump) {
                            targets.push(next);
                        }
                    }
                }
                '}' if group.is_some() => {
                    if let Some((_, _, mut ends)) = group.take() {
                        ends.push(self.nodes.len());
                        self.nodes.push(Node::Jump(Vec::new()));
                        let after = self.nodes.len();
                        for end in ends {
                            if let Some(Node::Jump(targets)) = self.nodes.get_mut(end) {
                                targets.push(after);
                            }
                        }
                    }
                }
                other => self.nodes.push(Node::Char(other)),
            }
        }
        if let Some((at, _, _)) = group {
            return Err(self.error(at, "this { is never closed"));
        }
        self.nodes.push(Node::Accept);
        Ok(self.nodes)
    }

    /// A bracket expression; `start` is the position of its `[`.
    fn class(&mut self, start: usize) -> Result<Node> {
        let negated = self.chars.get(self.pos) == Some(&'!');
        if negated {
            self.pos += 1;
        }
        let first = self.pos;
        let mut ranges = Vec::new();
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                return Err(self.error(start, "this [ is never closed"));
            };
            self.pos += 1;
            if c == ']' && self.pos - 1 > first {
                break;
            }
            if c == ']' {
                return Err(self.error(start, "empty bracket expression"));
            }
            let is_range = self.chars.get(self.pos) == Some(&'-')
                && self.chars.get(self.pos + 1).is_some_and(|&hi| hi != ']');
            if is_range {
                let hi = self.chars.get(self.pos + 1).copied().unwrap_or(c);
                if hi < c {
                    return Err(self.error(self.pos - 1, "range out of order"));
                }
                self.pos += 2;
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
        Ok(Node::Class { negated, ranges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn m(pattern: &str, key: &str) -> bool {
        Glob::new(pattern).expect(pattern).matches(key)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_examples_of_the_glue_guide() {
        assert!(m("*.csv", "a.csv"));
        assert!(!m("*.csv", "dir/a.csv"));
        assert!(m("*.*", "a.b"));
        assert!(!m("*.*", "ab"));
        assert!(m("*.{csv,avro}", "x.avro"));
        assert!(m("*.{csv,avro}", "x.csv"));
        assert!(!m("*.{csv,avro}", "x.json"));
        assert!(m("foo.?", "foo.1"));
        assert!(!m("foo.?", "foo.12"));
        assert!(m("myfolder/*", "myfolder/a"));
        assert!(!m("myfolder/*", "myfolder/a/b"));
        assert!(m("myfolder/*/*", "myfolder/a/b"));
        assert!(m("myfolder/**", "myfolder/a/b/c"));
        assert!(m("myfolder**", "myfolder"));
        assert!(m("myfolder**", "myfolder/x/y"));
        assert!(m("**.csv", "a/b/c.csv"));
        assert!(m("*", ".hidden"));
        let keep_first_week = [
            "2015/01/{[!0],0[8-9]}**",
            "2015/0[2-9]/**",
            "2015/1[0-2]/**",
        ];
        let excluded = |key: &str| keep_first_week.iter().any(|p| m(p, key));
        assert!(!excluded("2015/01/01/a.csv"));
        assert!(!excluded("2015/01/07/a.csv"));
        assert!(excluded("2015/01/08/a.csv"));
        assert!(excluded("2015/01/15/a.csv"));
        assert!(excluded("2015/02/01/a.csv"));
        assert!(excluded("2015/12/01/a.csv"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn double_star_slash_also_matches_no_folder() {
        assert!(m("**/_SUCCESS", "_SUCCESS"));
        assert!(m("**/_SUCCESS", "a/b/_SUCCESS"));
        assert!(!m("**/_SUCCESS", "a/b_SUCCESS"));
        assert!(m("**/_temporary/**", "_temporary/0/x"));
        assert!(m("**/_temporary/**", "y=1/_temporary/0/x"));
        assert!(m("a/**/b", "a/b"));
        assert!(m("a/**/b", "a/x/y/b"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn brackets_escapes_and_literals() {
        assert!(m("[*?\\]", "*"));
        assert!(m("[*?\\]", "\\"));
        assert!(m("[-a]", "-"));
        assert!(m("[!-a]", "b"));
        assert!(m("[a-]", "-"));
        assert!(!m("[!a-c]", "b"));
        assert!(!m("[a-c]", "/"));
        assert!(m("\\{a\\}", "{a}"));
        assert!(m("a\\\\b", "a\\b"));
        assert!(m("a,b}", "a,b}"));
        assert!(m("{,x}y", "y"));
        assert!(!m("?", "/"));
        assert!(m("", ""));
        assert!(!m("", "a"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bad_patterns_name_the_position() {
        for (pattern, needle) in [
            ("a\\", "character 2"),
            ("[abc", "character 1"),
            ("x{a,{b}}", "character 5"),
            ("{a,b", "character 1"),
            ("[]", "empty"),
            ("[z-a]", "out of order"),
        ] {
            let err = Glob::new(pattern).expect_err(pattern);
            assert_eq!(err.kind(), ErrorKind::Invalid);
            assert!(err.message().contains(needle), "{pattern}: {err}");
            assert!(err.message().contains(pattern), "{pattern}: {err}");
        }
        assert_eq!(
            Glob::new(&"a".repeat(MAX_PATTERN_LEN + 1))
                .unwrap_err()
                .kind(),
            ErrorKind::TooLarge
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn no_exponential_backtracking() {
        let key = "a".repeat(200);
        assert!(!m("*a*a*a*a*a*a*a*a*a*a*b", &key));
        assert!(m("**a**a**a**a**a", &key));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A pattern of escaped characters matches exactly that text.
        #[test]
        fn escaped_text_matches_itself_only(text in "[a-z/.{}*?\\[\\]\\\\,!-]{0,20}", other in "[a-z/.]{0,20}") {
            let pattern: String = text.chars().flat_map(|c| ['\\', c]).collect();
            let glob = Glob::new(&pattern).unwrap();
            prop_assert!(glob.matches(&text));
            prop_assert_eq!(glob.matches(&other), other == text);
        }

        /// `*` never crosses a folder, `**` always can.
        #[test]
        fn star_stays_in_one_folder(a in "[a-z]{0,8}", b in "[a-z]{0,8}") {
            let key = format!("{a}/{b}");
            prop_assert!(!Glob::new("*").unwrap().matches(&key));
            prop_assert!(Glob::new("**").unwrap().matches(&key));
            prop_assert!(Glob::new("*/*").unwrap().matches(&key));
        }

        /// Compiling never panics, whatever the pattern; matching never panics either.
        #[test]
        fn any_pattern_compiles_or_errs(pattern in "\\PC{0,30}", key in "\\PC{0,30}") {
            if let Ok(glob) = Glob::new(&pattern) {
                let _ = glob.matches(&key);
            }
        }
    }
}
