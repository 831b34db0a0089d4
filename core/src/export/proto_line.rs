//! A `.proto` text on one line, meaning the same: the Glue model's `SchemaDefinitionString` pattern
//! (`.*\S.*`, matched whole, where `.` is not a line break) refuses a definition over several lines, and
//! a `.proto` file is written over many.
//!
//! Line breaks outside string literals become spaces; a `//` comment, which a line break ends, becomes a
//! `/* */` comment with the same words (a `*/` inside it is spaced apart so it cannot end it early). String
//! literals are copied as they are (the Protobuf grammar keeps them on one line). So the descriptor protoc
//! or protox builds is the same, comments included, and only the comments' source positions move.

/// `text` on one line, as the module docs say.
pub fn on_one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push(c);
                copy_string(c, &mut chars, &mut out);
            }
            '/' if chars.peek() == Some(&'/') => {
                chars.next();
                let mut comment = String::new();
                while let Some(&next) = chars.peek() {
                    if next == '\n' || next == '\r' {
                        break;
                    }
                    comment.push(next);
                    chars.next();
                }
                out.push_str("/*");
                out.push_str(&comment.replace("*/", "* /"));
                out.push_str(" */");
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str("/*");
                let mut previous = '\0';
                for next in chars.by_ref() {
                    out.push(if is_break(next) { ' ' } else { next });
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
            }
            c if is_break(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Copies a string literal's rest up to and including its closing `quote` (or the line's end, for a
/// literal protox would refuse anyway), escapes included.
fn copy_string(
    quote: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
) {
    while let Some(&c) = chars.peek() {
        if is_break(c) {
            return;
        }
        chars.next();
        out.push(c);
        if c == '\\' {
            if let Some(escaped) = chars.next_if(|c| !is_break(*c)) {
                out.push(escaped);
            }
        } else if c == quote {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The descriptor of `text` without source positions (which a one-line text must change).
    fn descriptor(text: &str) -> prost_types::FileDescriptorProto {
        let mut file = protox_parse::parse("schema.proto", text).expect("parses");
        file.source_code_info = None;
        file
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_multi_line_proto_keeps_its_meaning_on_one_line() {
        let text = "syntax = \"proto3\";\r\npackage shop.v1;\n\n// An order. It says \"*/\" and // twice.\n\
                    message Order {\n  /* the id,\n     never reused */\n  int64 id = 1; // trailing\n  \
                    string note = 2 [json_name = \"n//o\\\"te\"];\n  reserved 3 to 5;\n  oneof pay {\n    \
                    string card = 6;\n  }\n}\nenum Kind { KIND_UNSPECIFIED = 0; }\n";
        let line = on_one_line(text);
        assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
        assert_eq!(descriptor(&line), descriptor(text));
        assert!(
            line.contains("/* An order. It says \"* /\" and // twice. */"),
            "{line}"
        );
        assert!(
            line.contains("[json_name = \"n//o\\\"te\"]"),
            "strings are copied as written: {line}"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_one_line_proto_is_unchanged() {
        let text = "syntax = \"proto3\"; message A { int64 id = 1; }";
        assert_eq!(on_one_line(text), text);
    }
}
