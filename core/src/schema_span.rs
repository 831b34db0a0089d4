//! Where a compatibility finding's location lies in the schema text a reviewer pasted, as a byte range,
//! so the page can highlight it.
//!
//! Avro and JSON Schema locations are JSON pointers (`/fields/2`, `#/properties/id`) into the parsed
//! schema, and serde_json keeps no positions: [`json_pointer`] walks the text itself with a small JSON
//! tokenizer (iterative, so nesting costs no stack; the pointer's length is bounded) and returns the span
//! of the value the pointer names. Protobuf locations name a message or enum and a field, constant or
//! oneof (`#/Order/2`, `#/Outer.Inner`): [`protobuf`] finds the declaration through the parser's source
//! positions and returns its whole first line. A location that names nothing in the text gives `None`:
//! the text differs from the one the finding was made on, or the pointer uses a form the text does not.

use std::ops::Range;

use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};

use crate::compat::MAX_NESTING;
use crate::registry::DataFormat;

/// The byte range of `text` that `location` (a finding's location, in `format`'s form) points to.
pub fn locate(format: DataFormat, text: &str, location: &str) -> Option<Range<usize>> {
    let span = match format {
        DataFormat::Avro | DataFormat::Json => json_pointer(text, location),
        DataFormat::Protobuf => protobuf(text, location),
    }?;
    // Every span ends at ASCII punctuation or a line break; checked so slicing it can never panic.
    text.get(span.clone()).map(|_| span)
}

/// The span of the JSON value `pointer` (RFC 6901, optionally after `#`) names in `text`.
pub fn json_pointer(text: &str, pointer: &str) -> Option<Range<usize>> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let segments: Vec<String> = match pointer.strip_prefix('/') {
        None if pointer.is_empty() => Vec::new(),
        None => return None,
        Some(rest) => rest
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    };
    if segments.len() > MAX_NESTING {
        return None;
    }
    let json = Json { text };
    let mut at = json.skip_space(0);
    for segment in &segments {
        at = json.child(at, segment)?;
    }
    Some(at..json.value_end(at)?)
}

/// A cursor-free JSON tokenizer over one text: every method takes a byte offset and returns one.
struct Json<'a> {
    text: &'a str,
}

impl Json<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn skip_space(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        at
    }

    /// The offset just past the string opening at `at`.
    fn string_end(&self, at: usize) -> Option<usize> {
        if self.byte(at)? != b'"' {
            return None;
        }
        let mut i = at + 1;
        loop {
            match self.byte(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
    }

    /// The offset just past the value starting at `at` (objects and arrays by counting brackets).
    fn value_end(&self, at: usize) -> Option<usize> {
        match self.byte(at)? {
            b'"' => self.string_end(at),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut i = at;
                loop {
                    match self.byte(i)? {
                        b'"' => {
                            i = self.string_end(i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                let mut i = at;
                while self
                    .byte(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !b",}]".contains(&b))
                {
                    i += 1;
                }
                (i > at).then_some(i)
            }
        }
    }

    /// The start of the member `segment` of the object, or the element `segment` of the array, at `at`.
    fn child(&self, at: usize, segment: &str) -> Option<usize> {
        let object = match self.byte(at)? {
            b'{' => true,
            b'[' => false,
            _ => return None,
        };
        let wanted_index = if object {
            None
        } else {
            Some(segment.parse::<usize>().ok()?)
        };
        let mut i = self.skip_space(at + 1);
        let mut index = 0usize;
        loop {
            if matches!(self.byte(i)?, b'}' | b']') {
                return None;
            }
            let matched = if object {
                let key_end = self.string_end(i)?;
                let key: String = serde_json::from_str(&self.text[i..key_end]).ok()?;
                i = self.skip_space(key_end);
                if self.byte(i)? != b':' {
                    return None;
                }
                i = self.skip_space(i + 1);
                key == segment
            } else {
                wanted_index == Some(index)
            };
            if matched {
                return Some(i);
            }
            i = self.skip_space(self.value_end(i)?);
            match self.byte(i)? {
                b',' => i = self.skip_space(i + 1),
                _ => return None,
            }
            index += 1;
        }
    }
}

/// The first line of the declaration a Protobuf location names: `#/Message[.Nested]` or `#/Enum`, then
/// optionally `/N` (a field or enum constant number) or `/name` (a oneof).
pub fn protobuf(text: &str, location: &str) -> Option<Range<usize>> {
    let rest = location.strip_prefix("#/")?;
    let (name, member) = match rest.split_once('/') {
        Some((name, member)) => (name, Some(member)),
        None => (rest, None),
    };
    let file = protox_parse::parse("schema.proto", text).ok()?;
    let path = declaration_path(&file, name, member)?;
    let info = file.source_code_info.as_ref()?;
    let line = info
        .location
        .iter()
        .find(|l| l.path == path)
        .and_then(|l| usize::try_from(*l.span.first()?).ok())?;
    line_span(text, line)
}

/// The descriptor path (as `SourceCodeInfo` numbers it) of the declaration `name` / `member`.
fn declaration_path(
    file: &FileDescriptorProto,
    name: &str,
    member: Option<&str>,
) -> Option<Vec<i32>> {
    // Field numbers of FileDescriptorProto, DescriptorProto and EnumDescriptorProto.
    const FILE_MESSAGE: i32 = 4;
    const FILE_ENUM: i32 = 5;
    const MESSAGE_FIELD: i32 = 2;
    const MESSAGE_NESTED: i32 = 3;
    const MESSAGE_ENUM: i32 = 4;
    const MESSAGE_ONEOF: i32 = 8;
    const ENUM_VALUE: i32 = 2;

    let index = |i: usize| i32::try_from(i).ok();
    let mut parts = name.split('.');
    let first = parts.next()?;
    let mut path = Vec::new();
    let mut message: Option<&DescriptorProto> = None;
    let mut enumeration: Option<&EnumDescriptorProto> = None;
    if let Some(i) = file.message_type.iter().position(|m| m.name() == first) {
        path.extend([FILE_MESSAGE, index(i)?]);
        message = file.message_type.get(i);
    } else {
        let i = file.enum_type.iter().position(|e| e.name() == first)?;
        path.extend([FILE_ENUM, index(i)?]);
        enumeration = file.enum_type.get(i);
    }
    for part in parts {
        let outer = message?;
        if let Some(i) = outer.nested_type.iter().position(|m| m.name() == part) {
            path.extend([MESSAGE_NESTED, index(i)?]);
            message = outer.nested_type.get(i);
        } else {
            let i = outer.enum_type.iter().position(|e| e.name() == part)?;
            path.extend([MESSAGE_ENUM, index(i)?]);
            (message, enumeration) = (None, outer.enum_type.get(i));
        }
    }
    let Some(member) = member else {
        return Some(path);
    };
    match (message, enumeration, member.parse::<i32>()) {
        (Some(m), _, Ok(number)) => {
            let i = m.field.iter().position(|f| f.number() == number)?;
            path.extend([MESSAGE_FIELD, index(i)?]);
        }
        (Some(m), _, Err(_)) => {
            let i = m.oneof_decl.iter().position(|o| o.name() == member)?;
            path.extend([MESSAGE_ONEOF, index(i)?]);
        }
        (None, Some(e), Ok(number)) => {
            let i = e.value.iter().position(|v| v.number() == number)?;
            path.extend([ENUM_VALUE, index(i)?]);
        }
        _ => return None,
    }
    Some(path)
}

/// The byte range of line `line` (0-based) of `text`, without its line break.
fn line_span(text: &str, line: usize) -> Option<Range<usize>> {
    let start = if line == 0 {
        0
    } else {
        text.match_indices('\n').nth(line - 1)?.0 + 1
    };
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    Some(start..end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn at<'a>(text: &'a str, format: DataFormat, location: &str) -> Option<&'a str> {
        locate(format, text, location).map(|span| &text[span])
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn json_pointers_find_the_value_in_the_pasted_text() {
        let avro = r#"{
  "type": "record", "name": "Order",
  "doc": "braces } and ] and \" in a string",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "note", "type": ["null", "string"], "default": null},
    {"name": "amount", "type": {"type": "double"}}
  ]
}"#;
        let avro_at = |location| at(avro, DataFormat::Avro, location);
        assert_eq!(
            avro_at("/fields/2"),
            Some(r#"{"name": "amount", "type": {"type": "double"}}"#)
        );
        assert_eq!(avro_at("/fields/1/type/1"), Some(r#""string""#));
        assert_eq!(avro_at("/fields/1/default"), Some("null"));
        assert_eq!(avro_at("/fields/2/type/type"), Some(r#""double""#));
        assert_eq!(avro_at(""), Some(avro));
        assert_eq!(avro_at("/fields/3"), None);
        assert_eq!(avro_at("/fields/x"), None);
        assert_eq!(avro_at("/name/0"), None);
        assert_eq!(avro_at("fields"), None);

        let json = r#"{"properties": {"a/b": {"type": "integer"}, "t~x": {"maxLength": 3}, "\u0069d": {"type": "string"}}}"#;
        let json_at = |location| at(json, DataFormat::Json, location);
        assert_eq!(json_at("#/properties/id"), Some(r#"{"type": "string"}"#));
        assert_eq!(json_at("#/properties/a~1b/type"), Some(r#""integer""#));
        assert_eq!(json_at("#/properties/t~0x/maxLength"), Some("3"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn hostile_json_gives_no_span_and_no_panic() {
        for text in [
            "",
            "{",
            r#"{"a"#,
            r#"{"a":"#,
            r#"{"a" 1}"#,
            "[1,",
            r#""open"#,
            "{\"x\":1 \"a\":2}",
        ] {
            assert_eq!(json_pointer(text, "/a"), None, "{text}");
            assert_eq!(json_pointer(text, "/b"), None, "{text}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(json_pointer(&deep, "/0/0"), Some(2..199_998));
        let long_pointer = "/0".repeat(MAX_NESTING + 1);
        assert_eq!(json_pointer(&deep, &long_pointer), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn protobuf_locations_find_the_declaring_line() {
        let proto = "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string note = 2;\n  \
             message Line { int32 qty = 1; }\n  oneof pay { string card = 3; }\n}\nenum Color {\n  RED = 0;\n  BLUE = 1;\n}\n";
        let proto_at = |location| at(proto, DataFormat::Protobuf, location);
        assert_eq!(proto_at("#/Order/2"), Some("  string note = 2;"));
        assert_eq!(proto_at("#/Order"), Some("message Order {"));
        assert_eq!(
            proto_at("#/Order.Line/1"),
            Some("  message Line { int32 qty = 1; }")
        );
        assert_eq!(
            proto_at("#/Order/pay"),
            Some("  oneof pay { string card = 3; }")
        );
        assert_eq!(proto_at("#/Color/1"), Some("  BLUE = 1;"));
        assert_eq!(proto_at("#/Order/9"), None);
        assert_eq!(proto_at("#/Missing"), None);
        assert_eq!(at("message {", DataFormat::Protobuf, "#/Order"), None);
    }
}
