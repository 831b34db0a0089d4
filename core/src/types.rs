//! Hive / AWS Glue column types: the model, Glue's canonical spelling, and a parser for it.
//!
//! [`HiveType`] is what a Glue table column's `Type` string means. [`fmt::Display`] writes the
//! canonical form Glue itself stores (lower case, no spaces: `map<string,array<int>>`), and
//! [`FromStr`] reads that form back, plus the looser spellings people type by hand
//! (`ARRAY < INT >`, `integer`, `decimal`). The parser is a small recursive descent over the
//! characters of the input; nesting is bounded by [`MAX_TYPE_DEPTH`] so hostile input cannot
//! overflow the stack, and every error names what was expected and the byte position.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// How many levels of nesting a parsed type may have (`int` is one level, `array<int>` two).
pub const MAX_TYPE_DEPTH: usize = 100;

/// The input is quoted in error messages up to this many characters.
const MAX_QUOTED_CHARS: usize = 80;

/// A Hive / Glue column type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HiveType {
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    /// `decimal(precision,scale)`; precision 1..=38, scale <= precision.
    Decimal {
        precision: u8,
        scale: u8,
    },
    String,
    /// `char(n)`, n in 1..=255.
    Char(u16),
    /// `varchar(n)`, n in 1..=65535.
    Varchar(u32),
    Binary,
    Date,
    Timestamp,
    /// Hive `void`: the type of a column that is always null (Avro `null`).
    Void,
    Array(Box<HiveType>),
    /// `map<key,value>`; the key is a primitive type.
    Map(Box<HiveType>, Box<HiveType>),
    /// `struct<name:type,...>` with at least one field.
    Struct(Vec<StructField>),
    /// Hive `uniontype<a,b,...>` with at least one member.
    Union(Vec<HiveType>),
}

/// One field of a [`HiveType::Struct`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StructField {
    pub name: String,
    pub data_type: HiveType,
}

impl StructField {
    pub fn new(name: impl Into<String>, data_type: HiveType) -> Self {
        Self {
            name: name.into(),
            data_type,
        }
    }
}

impl HiveType {
    /// True for every type that is not an array, map, struct or uniontype.
    pub fn is_primitive(&self) -> bool {
        !matches!(
            self,
            HiveType::Array(_) | HiveType::Map(..) | HiveType::Struct(_) | HiveType::Union(_)
        )
    }

    /// The Hive type for a decimal a file declares: `decimal(p,s)`, or `string` when p > 38, because Hive
    /// decimals hold at most 38 digits and wider values can only be read as text. `None` when the pair is
    /// not a decimal at all (p < 1, s < 0 or s > p): each reader says where in its own error.
    pub fn decimal_or_string(precision: i64, scale: i64) -> Option<HiveType> {
        if precision > 38 {
            return Some(HiveType::String);
        }
        match (u8::try_from(precision), u8::try_from(scale)) {
            (Ok(p), Ok(s)) if p >= 1 && s <= p => Some(HiveType::Decimal {
                precision: p,
                scale: s,
            }),
            _ => None,
        }
    }
}

/// Parses a Glue / Hive type string; the same as `s.parse::<HiveType>()`.
pub fn parse_hive_type(s: &str) -> Result<HiveType> {
    s.parse()
}

// ---------------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------------

impl fmt::Display for HiveType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HiveType::Boolean => f.write_str("boolean"),
            HiveType::TinyInt => f.write_str("tinyint"),
            HiveType::SmallInt => f.write_str("smallint"),
            HiveType::Int => f.write_str("int"),
            HiveType::BigInt => f.write_str("bigint"),
            HiveType::Float => f.write_str("float"),
            HiveType::Double => f.write_str("double"),
            HiveType::Decimal { precision, scale } => write!(f, "decimal({precision},{scale})"),
            HiveType::String => f.write_str("string"),
            HiveType::Char(n) => write!(f, "char({n})"),
            HiveType::Varchar(n) => write!(f, "varchar({n})"),
            HiveType::Binary => f.write_str("binary"),
            HiveType::Date => f.write_str("date"),
            HiveType::Timestamp => f.write_str("timestamp"),
            HiveType::Void => f.write_str("void"),
            HiveType::Array(element) => write!(f, "array<{element}>"),
            HiveType::Map(key, value) => write!(f, "map<{key},{value}>"),
            HiveType::Struct(fields) => {
                f.write_str("struct<")?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{field}")?;
                }
                f.write_str(">")
            }
            HiveType::Union(members) => {
                f.write_str("uniontype<")?;
                for (i, member) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{member}")?;
                }
                f.write_str(">")
            }
        }
    }
}

impl fmt::Display for StructField {
    /// `name:type`. The name is written as stored, unless it could not be read back unquoted
    /// (it is empty, contains `:` `,` `<` `>`, or starts or ends with whitespace): then it is
    /// backtick-quoted, as Hive DDL allows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if needs_quoting(&self.name) && !self.name.contains('`') {
            write!(f, "`{}`:{}", self.name, self.data_type)
        } else {
            write!(f, "{}:{}", self.name, self.data_type)
        }
    }
}

fn needs_quoting(name: &str) -> bool {
    name.is_empty()
        || name.trim() != name
        || name.starts_with('`')
        || name.contains([':', ',', '<', '>'])
}

/// Stored and exchanged as its canonical string, so a stored catalog reads like a Glue payload and an
/// edited-by-hand backup is validated by the same parser as the type editor.
impl serde::Serialize for HiveType {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for HiveType {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

impl FromStr for HiveType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let mut parser = Parser { input: s, pos: 0 };
        parser.skip_ws();
        let ty = parser.parse_type(1)?;
        parser.skip_ws();
        if let Some(c) = parser.peek() {
            return Err(parser.error_at(
                parser.pos,
                &format!("unexpected {} after the type", describe_char(c)),
            ));
        }
        Ok(ty)
    }
}

/// A recursive-descent parser over `input`; `pos` is a byte offset on a char boundary.
struct Parser<'a> {
    input: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Consumes characters while `keep` holds and returns them.
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.input.get(start..self.pos).unwrap_or("")
    }

    /// An [`Error::invalid`] ending in `at position {pos} in "{input}"`.
    fn error_at(&self, pos: usize, what: &str) -> Error {
        Error::invalid(format!("{what} at position {pos} in {}", quote(self.input)))
    }

    /// `expected {what} at position N in "...", found {next char or end of input}`.
    fn expected(&self, what: &str) -> Error {
        let found = match self.peek() {
            Some(c) => describe_char(c),
            None => "end of input".to_owned(),
        };
        Error::invalid(format!(
            "expected {what} at position {} in {}, found {found}",
            self.pos,
            quote(self.input)
        ))
    }

    /// Skips whitespace, then consumes `c` or fails with `expected '{c}' {context}`.
    fn expect_char(&mut self, c: char, context: &str) -> Result<()> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(&format!("'{c}' {context}")))
        }
    }

    /// Parses one type at nesting level `depth` (the outermost type is level 1). Leading
    /// whitespace is skipped; trailing whitespace is left for the caller.
    fn parse_type(&mut self, depth: usize) -> Result<HiveType> {
        self.skip_ws();
        if depth > MAX_TYPE_DEPTH {
            return Err(Error::too_large(format!(
                "type nested deeper than {MAX_TYPE_DEPTH} levels at position {} in {}",
                self.pos,
                quote(self.input)
            )));
        }
        let start = self.pos;
        let word = self
            .take_while(|c| c.is_alphanumeric() || c == '_')
            .to_ascii_lowercase();
        if word.is_empty() {
            return Err(self.expected("a type"));
        }
        let ty = match word.as_str() {
            "boolean" => HiveType::Boolean,
            "tinyint" => HiveType::TinyInt,
            "smallint" => HiveType::SmallInt,
            "int" | "integer" => HiveType::Int,
            "bigint" => HiveType::BigInt,
            "float" => HiveType::Float,
            "double" => HiveType::Double,
            "decimal" => self.parse_decimal_args()?,
            "string" => HiveType::String,
            "char" => {
                let n = self.parse_length_arg("char", 255)?;
                HiveType::Char(u16::try_from(n).unwrap_or(u16::MAX))
            }
            "varchar" => HiveType::Varchar(self.parse_length_arg("varchar", 65535)?),
            "binary" => HiveType::Binary,
            "date" => HiveType::Date,
            "timestamp" => HiveType::Timestamp,
            "void" => HiveType::Void,
            "array" => {
                self.expect_char('<', "after array")?;
                let element = self.parse_type(depth + 1)?;
                self.expect_char('>', "to close array")?;
                HiveType::Array(Box::new(element))
            }
            "map" => {
                self.expect_char('<', "after map")?;
                self.skip_ws();
                let key_pos = self.pos;
                let key = self.parse_type(depth + 1)?;
                if !key.is_primitive() {
                    return Err(self.error_at(
                        key_pos,
                        &format!("map key must be a primitive type, found {key}"),
                    ));
                }
                self.expect_char(',', "between map key and value")?;
                let value = self.parse_type(depth + 1)?;
                self.expect_char('>', "to close map")?;
                HiveType::Map(Box::new(key), Box::new(value))
            }
            "struct" => self.parse_struct(depth)?,
            "uniontype" => self.parse_union(depth)?,
            _ => {
                return Err(self.error_at(start, &format!("unknown type {}", quote(&word))));
            }
        };
        Ok(ty)
    }

    /// After `decimal`: nothing (decimal(10,0)), `(p)` (scale 0) or `(p,s)`.
    fn parse_decimal_args(&mut self) -> Result<HiveType> {
        let save = self.pos;
        self.skip_ws();
        if self.peek() != Some('(') {
            self.pos = save;
            return Ok(HiveType::Decimal {
                precision: 10,
                scale: 0,
            });
        }
        self.bump();
        self.skip_ws();
        let precision_pos = self.pos;
        let precision = self.parse_number("decimal precision")?;
        if !(1..=38).contains(&precision) {
            return Err(self.error_at(
                precision_pos,
                &format!("decimal precision must be between 1 and 38, found {precision}"),
            ));
        }
        self.skip_ws();
        let mut scale = 0;
        if self.peek() == Some(',') {
            self.bump();
            self.skip_ws();
            let scale_pos = self.pos;
            scale = self.parse_number("decimal scale")?;
            if scale > precision {
                return Err(self.error_at(
                    scale_pos,
                    &format!(
                        "decimal scale must not exceed the precision {precision}, found {scale}"
                    ),
                ));
            }
        }
        self.expect_char(')', "to close decimal")?;
        // Both are at most 38 here.
        let precision = u8::try_from(precision).unwrap_or(u8::MAX);
        let scale = u8::try_from(scale).unwrap_or(u8::MAX);
        Ok(HiveType::Decimal { precision, scale })
    }

    /// After `char` / `varchar`: `(n)` with n in 1..=max.
    fn parse_length_arg(&mut self, name: &str, max: u32) -> Result<u32> {
        self.expect_char('(', &format!("after {name}"))?;
        self.skip_ws();
        let n_pos = self.pos;
        let n = self.parse_number(&format!("{name} length"))?;
        if !(1..=max).contains(&n) {
            return Err(self.error_at(
                n_pos,
                &format!("{name} length must be between 1 and {max}, found {n}"),
            ));
        }
        self.expect_char(')', &format!("to close {name}"))?;
        Ok(n)
    }

    /// A run of ASCII digits as a `u32`.
    fn parse_number(&mut self, what: &str) -> Result<u32> {
        let start = self.pos;
        let digits = self.take_while(|c| c.is_ascii_digit()).to_owned();
        if digits.is_empty() {
            return Err(self.expected(&format!("a number for the {what}")));
        }
        digits
            .parse::<u32>()
            .map_err(|_| self.error_at(start, &format!("{what} {digits} is too large")))
    }

    /// After `struct`: `<name:type,...>`.
    fn parse_struct(&mut self, depth: usize) -> Result<HiveType> {
        self.expect_char('<', "after struct")?;
        self.skip_ws();
        if self.peek() == Some('>') {
            return Err(self.error_at(self.pos, "struct must have at least one field"));
        }
        let mut fields = Vec::new();
        loop {
            let name = self.parse_field_name()?;
            self.expect_char(':', "after struct field name")?;
            let data_type = self.parse_type(depth + 1)?;
            fields.push(StructField { name, data_type });
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('>') => {
                    self.bump();
                    return Ok(HiveType::Struct(fields));
                }
                _ => return Err(self.expected("',' or '>' in struct")),
            }
        }
    }

    /// A struct field name: `` `anything but a backtick` `` or a run of characters other than
    /// `:` `,` `<` `>`, trimmed of whitespace. Empty names are an error.
    fn parse_field_name(&mut self) -> Result<String> {
        self.skip_ws();
        let start = self.pos;
        if self.peek() == Some('`') {
            self.bump();
            let name = self.take_while(|c| c != '`').to_owned();
            if self.bump() != Some('`') {
                return Err(self.error_at(start, "unclosed '`' in struct field name"));
            }
            if name.is_empty() {
                return Err(self.error_at(start, "empty struct field name"));
            }
            return Ok(name);
        }
        let name = self
            .take_while(|c| !matches!(c, ':' | ',' | '<' | '>'))
            .trim_end()
            .to_owned();
        if name.is_empty() {
            return Err(self.expected("a struct field name"));
        }
        Ok(name)
    }

    /// After `uniontype`: `<type,...>`.
    fn parse_union(&mut self, depth: usize) -> Result<HiveType> {
        self.expect_char('<', "after uniontype")?;
        self.skip_ws();
        if self.peek() == Some('>') {
            return Err(self.error_at(self.pos, "uniontype must have at least one member"));
        }
        let mut members = Vec::new();
        loop {
            members.push(self.parse_type(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('>') => {
                    self.bump();
                    return Ok(HiveType::Union(members));
                }
                _ => return Err(self.expected("',' or '>' in uniontype")),
            }
        }
    }
}

/// `"s"` with Rust string escapes, cut to [`MAX_QUOTED_CHARS`] characters.
fn quote(s: &str) -> String {
    if s.chars().count() > MAX_QUOTED_CHARS {
        let cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{cut:?}...")
    } else {
        format!("{s:?}")
    }
}

fn describe_char(c: char) -> String {
    format!("{c:?}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

    // `wasm_bindgen_test` alone registers a test only on wasm targets; `unsupported = test`
    // also makes it a plain `#[test]` natively, so `cargo test` runs these too.

    use super::*;
    use crate::error::ErrorKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn parse(s: &str) -> HiveType {
        match s.parse::<HiveType>() {
            Ok(t) => t,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn parse_err(s: &str) -> Error {
        match s.parse::<HiveType>() {
            Ok(t) => panic!("{s:?} should not parse, got {t:?}"),
            Err(e) => e,
        }
    }

    /// Asserts `s` fails as Invalid and the message mentions `position {pos}` and `needle`.
    fn assert_invalid(s: &str, pos: usize, needle: &str) {
        let err = parse_err(s);
        assert_eq!(err.kind(), ErrorKind::Invalid, "{s:?}: {err}");
        let msg = err.message();
        assert!(msg.contains(&format!("position {pos}")), "{s:?}: {msg}");
        assert!(
            msg.contains(needle),
            "{s:?}: {msg} should contain {needle:?}"
        );
    }

    fn arr(t: HiveType) -> HiveType {
        HiveType::Array(Box::new(t))
    }

    fn map(k: HiveType, v: HiveType) -> HiveType {
        HiveType::Map(Box::new(k), Box::new(v))
    }
    #[wasm_bindgen_test(unsupported = test)]
    fn declared_decimals_fit_hive_or_become_text() {
        assert_eq!(
            HiveType::decimal_or_string(12, 2),
            Some(HiveType::Decimal {
                precision: 12,
                scale: 2
            })
        );
        assert_eq!(
            HiveType::decimal_or_string(38, 38),
            Some(HiveType::Decimal {
                precision: 38,
                scale: 38
            })
        );
        assert_eq!(HiveType::decimal_or_string(39, 0), Some(HiveType::String));
        assert_eq!(HiveType::decimal_or_string(0, 0), None);
        assert_eq!(HiveType::decimal_or_string(5, 6), None);
        assert_eq!(HiveType::decimal_or_string(5, -1), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn display_primitives() {
        let cases = [
            (HiveType::Boolean, "boolean"),
            (HiveType::TinyInt, "tinyint"),
            (HiveType::SmallInt, "smallint"),
            (HiveType::Int, "int"),
            (HiveType::BigInt, "bigint"),
            (HiveType::Float, "float"),
            (HiveType::Double, "double"),
            (
                HiveType::Decimal {
                    precision: 10,
                    scale: 2,
                },
                "decimal(10,2)",
            ),
            (HiveType::String, "string"),
            (HiveType::Char(5), "char(5)"),
            (HiveType::Varchar(100), "varchar(100)"),
            (HiveType::Binary, "binary"),
            (HiveType::Date, "date"),
            (HiveType::Timestamp, "timestamp"),
            (HiveType::Void, "void"),
        ];
        for (t, s) in cases {
            assert_eq!(t.to_string(), s);
            assert!(t.is_primitive());
            assert_eq!(parse(s), t);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn display_complex() {
        assert_eq!(arr(HiveType::Int).to_string(), "array<int>");
        assert_eq!(
            map(HiveType::String, HiveType::BigInt).to_string(),
            "map<string,bigint>"
        );
        let s = HiveType::Struct(vec![
            StructField::new("a", HiveType::Int),
            StructField::new("b", arr(HiveType::String)),
        ]);
        assert_eq!(s.to_string(), "struct<a:int,b:array<string>>");
        let u = HiveType::Union(vec![HiveType::Int, HiveType::String]);
        assert_eq!(u.to_string(), "uniontype<int,string>");
        for t in [arr(HiveType::Int), map(HiveType::Int, HiveType::Int), s, u] {
            assert!(!t.is_primitive());
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn display_quotes_unreadable_field_names() {
        let s = HiveType::Struct(vec![
            StructField::new("a:b", HiveType::Int),
            StructField::new("x y", HiveType::Int),
            StructField::new(" pad", HiveType::Int),
        ]);
        assert_eq!(s.to_string(), "struct<`a:b`:int,x y:int,` pad`:int>");
        assert_eq!(parse(&s.to_string()), s);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn parse_canonical_nested() {
        let s = "struct<a:int,b:array<map<string,decimal(38,38)>>,c:uniontype<int,struct<d:void>>>";
        let t = parse(s);
        assert_eq!(
            t,
            HiveType::Struct(vec![
                StructField::new("a", HiveType::Int),
                StructField::new(
                    "b",
                    arr(map(
                        HiveType::String,
                        HiveType::Decimal {
                            precision: 38,
                            scale: 38
                        }
                    ))
                ),
                StructField::new(
                    "c",
                    HiveType::Union(vec![
                        HiveType::Int,
                        HiveType::Struct(vec![StructField::new("d", HiveType::Void)]),
                    ])
                ),
            ])
        );
        assert_eq!(t.to_string(), s);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn parse_spaced_and_upper_case() {
        assert_eq!(parse("  array < int >  "), arr(HiveType::Int));
        assert_eq!(parse("ARRAY<INT>"), arr(HiveType::Int));
        assert_eq!(
            parse("Map< String , BigInt >"),
            map(HiveType::String, HiveType::BigInt)
        );
        assert_eq!(
            parse("struct< a : int , b:string>"),
            HiveType::Struct(vec![
                StructField::new("a", HiveType::Int),
                StructField::new("b", HiveType::String),
            ])
        );
        assert_eq!(
            parse("DECIMAL ( 12 , 4 )"),
            HiveType::Decimal {
                precision: 12,
                scale: 4
            }
        );
        assert_eq!(parse("VarChar( 65535 )"), HiveType::Varchar(65535));
        assert_eq!(parse("CHAR(255)"), HiveType::Char(255));
        assert_eq!(
            parse("UnionType< int,\tstring\n>"),
            HiveType::Union(vec![HiveType::Int, HiveType::String])
        );
        // Field names keep their case and inner spaces.
        assert_eq!(
            parse("struct<My Field:int>"),
            HiveType::Struct(vec![StructField::new("My Field", HiveType::Int)])
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn parse_synonyms_and_defaults() {
        assert_eq!(parse("integer"), HiveType::Int);
        assert_eq!(parse("INTEGER"), HiveType::Int);
        assert_eq!(
            parse("decimal"),
            HiveType::Decimal {
                precision: 10,
                scale: 0
            }
        );
        assert_eq!(
            parse("decimal(7)"),
            HiveType::Decimal {
                precision: 7,
                scale: 0
            }
        );
        assert_eq!(
            parse("array<decimal>"),
            arr(HiveType::Decimal {
                precision: 10,
                scale: 0
            })
        );
        assert_eq!(parse_hive_type("int").unwrap(), HiveType::Int);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn parse_backtick_field_names() {
        assert_eq!(
            parse("struct<`a b`:int,`x,y<z>:w`:string>"),
            HiveType::Struct(vec![
                StructField::new("a b", HiveType::Int),
                StructField::new("x,y<z>:w", HiveType::String),
            ])
        );
        assert_eq!(
            parse("struct< ` padded ` : int>"),
            HiveType::Struct(vec![StructField::new(" padded ", HiveType::Int)])
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_unknown_and_missing() {
        assert_invalid("integr", 0, "unknown type \"integr\"");
        assert_invalid("array<integr>", 6, "unknown type \"integr\"");
        assert_invalid("", 0, "expected a type");
        assert_invalid("   ", 3, "expected a type");
        assert_invalid("array<>", 6, "expected a type");
        assert_invalid("<int>", 0, "expected a type");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_unclosed_and_trailing() {
        assert_invalid("array<int", 9, "expected '>' to close array");
        assert_invalid("array<int,string>", 9, "expected '>' to close array");
        assert_invalid("array int", 6, "expected '<' after array");
        assert_invalid("map<string>", 10, "expected ',' between map key and value");
        assert_invalid("map<string,int", 14, "expected '>' to close map");
        assert_invalid("struct<a:int", 12, "expected ',' or '>' in struct");
        assert_invalid("struct<a int>", 12, "expected ':' after struct field name");
        assert_invalid("uniontype<int", 13, "expected ',' or '>' in uniontype");
        assert_invalid("int>", 3, "unexpected '>' after the type");
        assert_invalid("array<int> x", 11, "unexpected 'x'");
        assert_invalid("decimal(10,2", 12, "expected ')' to close decimal");
        assert_invalid("char(5", 6, "expected ')' to close char");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_parameters() {
        assert_invalid("decimal(0,0)", 8, "precision must be between 1 and 38");
        assert_invalid("decimal(39)", 8, "precision must be between 1 and 38");
        assert_invalid("decimal(5,6)", 10, "scale must not exceed");
        assert_invalid("decimal(,2)", 8, "expected a number");
        assert_invalid("decimal(99999999999)", 8, "too large");
        assert_invalid("char", 4, "expected '(' after char");
        assert_invalid("char(0)", 5, "char length must be between 1 and 255");
        assert_invalid("char(256)", 5, "char length must be between 1 and 255");
        assert_invalid(
            "varchar(0)",
            8,
            "varchar length must be between 1 and 65535",
        );
        assert_invalid(
            "varchar(65536)",
            8,
            "varchar length must be between 1 and 65535",
        );
        assert_invalid("varchar(-1)", 8, "expected a number");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_structure() {
        assert_invalid("map<array<int>,int>", 4, "map key must be a primitive type");
        assert_invalid("map< struct<a:int>,int>", 5, "found struct<a:int>");
        assert_invalid("struct<>", 7, "struct must have at least one field");
        assert_invalid("struct< >", 8, "struct must have at least one field");
        assert_invalid("struct<:int>", 7, "expected a struct field name");
        assert_invalid("struct<a:int,>", 13, "expected a struct field name");
        assert_invalid("struct<``:int>", 7, "empty struct field name");
        assert_invalid("struct<`ab:int>", 7, "unclosed '`'");
        assert_invalid("uniontype<>", 10, "uniontype must have at least one member");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn error_quotes_input_truncated() {
        let long = format!("struct<{}:int", "a".repeat(200));
        let err = parse_err(&long);
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.message().contains("position 211"), "{}", err.message());
        assert!(
            err.message()
                .contains(&format!("\"struct<{}\"...", "a".repeat(73)))
        );
        assert!(!err.message().contains(&"a".repeat(74)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn depth_limit() {
        let ok = format!(
            "{}int{}",
            "array<".repeat(MAX_TYPE_DEPTH - 1),
            ">".repeat(MAX_TYPE_DEPTH - 1)
        );
        assert!(ok.parse::<HiveType>().is_ok());
        let too_deep = format!(
            "{}int{}",
            "array<".repeat(MAX_TYPE_DEPTH),
            ">".repeat(MAX_TYPE_DEPTH)
        );
        let err = parse_err(&too_deep);
        assert_eq!(err.kind(), ErrorKind::TooLarge);
        assert!(err.message().contains("position 600"), "{}", err.message());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn depth_bomb_is_an_error_not_a_stack_overflow() {
        for unit in ["array<", "struct<a:", "map<int,", "uniontype<"] {
            let bomb = unit.repeat(100_000);
            let err = parse_err(&bomb);
            assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");
            assert!(
                err.message().contains("nested deeper than 100 levels"),
                "{err}"
            );
            assert!(err.message().len() < 300, "{err}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

    use super::*;
    use proptest::prelude::*;

    fn primitive() -> impl Strategy<Value = HiveType> {
        prop_oneof![
            Just(HiveType::Boolean),
            Just(HiveType::TinyInt),
            Just(HiveType::SmallInt),
            Just(HiveType::Int),
            Just(HiveType::BigInt),
            Just(HiveType::Float),
            Just(HiveType::Double),
            (1u8..=38)
                .prop_flat_map(|p| (Just(p), 0..=p))
                .prop_map(|(precision, scale)| HiveType::Decimal { precision, scale }),
            Just(HiveType::String),
            (1u16..=255).prop_map(HiveType::Char),
            (1u32..=65535).prop_map(HiveType::Varchar),
            Just(HiveType::Binary),
            Just(HiveType::Date),
            Just(HiveType::Timestamp),
            Just(HiveType::Void),
        ]
    }

    fn hive_type() -> impl Strategy<Value = HiveType> {
        primitive().prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                inner.clone().prop_map(|t| HiveType::Array(Box::new(t))),
                (primitive(), inner.clone())
                    .prop_map(|(k, v)| HiveType::Map(Box::new(k), Box::new(v))),
                prop::collection::vec(("[a-z_][a-z0-9_]{0,8}", inner.clone()), 1..5).prop_map(
                    |fields| HiveType::Struct(
                        fields
                            .into_iter()
                            .map(|(n, t)| StructField::new(n, t))
                            .collect()
                    )
                ),
                prop::collection::vec(inner, 1..4).prop_map(HiveType::Union),
            ]
        })
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(t in hive_type()) {
            let s = t.to_string();
            prop_assert!(!s.chars().any(char::is_whitespace), "{}", s);
            prop_assert!(!s.chars().any(char::is_uppercase), "{}", s);
            prop_assert_eq!(s.parse::<HiveType>(), Ok(t));
        }

        #[test]
        fn parser_never_panics(s in "[a-z<>(),:` 0-9]{0,60}") {
            let _ = s.parse::<HiveType>();
        }
    }
}
