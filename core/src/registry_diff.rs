//! A structural diff of two schema versions: which fields (and records, enums, messages) were added,
//! removed or changed, by path, rather than which lines. Two texts that differ only in spelling (key
//! order, spacing, `{"type":"long"}` for `"long"`) have no differences.
//!
//! Each version is first reduced to an outline, a map from path to a one-line description of what sits
//! there, built from the normalised form (Avro and JSON Schema: [`compat::canonical`], compact JSON with
//! sorted keys; Protobuf: the parsed descriptors). The diff compares the two outlines key by key:
//!
//! | format | paths | description |
//! |---|---|---|
//! | Avro | `Order`, `Order.note`, `Order.lines[].qty` | the type (`long`, `union[null,string]`, `record Line`, `decimal(10,2) bytes`) and the default |
//! | JSON Schema | `$`, `$.id`, `$.tags[]` | the keywords other than nested schemas, and `required` |
//! | Protobuf | `(package)`, `Order`, `Order.note`, `Color.RED` | `= 2 string`, `= 3 repeated .shop.Line`, `= 1` |
//!
//! Parsing goes through the same checks as the compatibility checker, so nesting is bounded before
//! anything here recurses.

use std::collections::BTreeMap;

use prost_types::{DescriptorProto, EnumDescriptorProto};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::compat;
use crate::registry::DataFormat;
use crate::{Error, Result};

/// What happened at one path between the older (left) and newer (right) version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference, with the description on each side that has the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub path: String,
    pub kind: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Every difference from `left` to `right`, both schemas of `format`, in path order.
pub fn diff(format: DataFormat, left: &str, right: &str) -> Result<Vec<Difference>> {
    let (before, after) = (outline(format, left)?, outline(format, right)?);
    let mut paths: Vec<&String> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    Ok(paths
        .into_iter()
        .filter_map(|path| {
            let (b, a) = (before.get(path), after.get(path));
            let kind = match (b, a) {
                (Some(b), Some(a)) if b == a => return None,
                (Some(_), Some(_)) => ChangeKind::Changed,
                (None, _) => ChangeKind::Added,
                (_, None) => ChangeKind::Removed,
            };
            Some(Difference {
                path: path.clone(),
                kind,
                before: b.cloned(),
                after: a.cloned(),
            })
        })
        .collect())
}

/// The path → description map of one schema (see the module docs).
pub fn outline(format: DataFormat, text: &str) -> Result<BTreeMap<String, String>> {
    let canonical = compat::canonical(format, text)?;
    let mut out = BTreeMap::new();
    match format {
        DataFormat::Avro => {
            let schema: Value = parse_json(&canonical)?;
            let root = match &schema {
                Value::Object(o) => o.get("name").and_then(Value::as_str).unwrap_or("(root)"),
                _ => "(root)",
            };
            avro_type(&schema, root, &mut out);
        }
        DataFormat::Json => {
            let schema: Value = parse_json(&canonical)?;
            json_schema(&schema, "$", false, &mut out);
        }
        DataFormat::Protobuf => {
            let file = protox_parse::parse("schema.proto", text)
                .map_err(|e| Error::malformed(format!("not a valid Protobuf schema: {e}")))?;
            if !file.package().is_empty() {
                out.insert("(package)".to_owned(), file.package().to_owned());
            }
            for message in &file.message_type {
                proto_message(message, "", &mut out);
            }
            for enumeration in &file.enum_type {
                proto_enum(enumeration, "", &mut out);
            }
        }
    }
    Ok(out)
}

fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::malformed(format!("not JSON: {e}")))
}

/// Records the Avro type `schema` at `path` and everything named inside it; returns its description.
fn avro_type(schema: &Value, path: &str, out: &mut BTreeMap<String, String>) -> String {
    let description = match schema {
        Value::String(name) => return name.clone(),
        Value::Array(members) => {
            let members: Vec<String> = members.iter().map(|m| avro_type(m, path, out)).collect();
            return format!("union[{}]", members.join(","));
        }
        Value::Object(object) => {
            let field = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default();
            let base = match field("type") {
                "record" | "error" => {
                    for f in object
                        .get("fields")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let name = f.get("name").and_then(Value::as_str).unwrap_or_default();
                        let child = format!("{path}.{name}");
                        let mut described =
                            avro_type(f.get("type").unwrap_or(&Value::Null), &child, out);
                        if let Some(default) = f.get("default") {
                            described.push_str(&format!(" default {default}"));
                        }
                        out.insert(child, described);
                    }
                    format!("record {}", field("name"))
                }
                "enum" => {
                    let symbols = object
                        .get("symbols")
                        .map(Value::to_string)
                        .unwrap_or_default();
                    format!("enum {} {symbols}", field("name"))
                }
                "fixed" => format!(
                    "fixed {}({})",
                    field("name"),
                    object.get("size").unwrap_or(&Value::Null)
                ),
                "array" => {
                    let items = avro_type(
                        object.get("items").unwrap_or(&Value::Null),
                        &format!("{path}[]"),
                        out,
                    );
                    format!("array<{items}>")
                }
                "map" => {
                    let values = avro_type(
                        object.get("values").unwrap_or(&Value::Null),
                        &format!("{path}{{}}"),
                        out,
                    );
                    format!("map<{values}>")
                }
                primitive => primitive.to_owned(),
            };
            match field("logicalType") {
                "" => base,
                "decimal" => format!(
                    "decimal({},{}) {base}",
                    object.get("precision").unwrap_or(&Value::Null),
                    object.get("scale").and_then(Value::as_u64).unwrap_or(0)
                ),
                logical => format!("{logical} {base}"),
            }
        }
        other => other.to_string(),
    };
    // Named types get their own entry, so a record's fields hang below it.
    if description.starts_with("record ") && !out.contains_key(path) {
        out.insert(path.to_owned(), description.clone());
    }
    description
}

/// Keywords that hold subschemas: outlined at their own paths rather than in the parent's description.
const NESTED: [&str; 5] = ["properties", "items", "required", "$defs", "definitions"];

/// Records the JSON Schema `schema` at `path` and its properties and items below it.
fn json_schema(schema: &Value, path: &str, required: bool, out: &mut BTreeMap<String, String>) {
    let Value::Object(object) = schema else {
        out.insert(path.to_owned(), schema.to_string());
        return;
    };
    let own: BTreeMap<&String, &Value> = object
        .iter()
        .filter(|(k, _)| !NESTED.contains(&k.as_str()))
        .collect();
    let mut description = serde_json::to_string(&own).unwrap_or_default();
    if required {
        description.push_str(" required");
    }
    out.insert(path.to_owned(), description);
    let names: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if let Some(Value::Object(properties)) = object.get("properties") {
        for (name, property) in properties {
            json_schema(
                property,
                &format!("{path}.{name}"),
                names.contains(&name.as_str()),
                out,
            );
        }
    }
    match object.get("items") {
        Some(Value::Array(tuple)) => {
            for (i, item) in tuple.iter().enumerate() {
                json_schema(item, &format!("{path}[{i}]"), false, out);
            }
        }
        Some(items) => json_schema(items, &format!("{path}[]"), false, out),
        None => {}
    }
    for definitions in ["$defs", "definitions"] {
        if let Some(Value::Object(defs)) = object.get(definitions) {
            for (name, def) in defs {
                json_schema(def, &format!("#/{definitions}/{name}"), false, out);
            }
        }
    }
}

fn proto_message(message: &DescriptorProto, scope: &str, out: &mut BTreeMap<String, String>) {
    let name = format!("{scope}{}", message.name());
    out.insert(name.clone(), "message".to_owned());
    for field in &message.field {
        let label = if field.proto3_optional() {
            "optional "
        } else {
            match field.label() {
                prost_types::field_descriptor_proto::Label::Repeated => "repeated ",
                prost_types::field_descriptor_proto::Label::Required => "required ",
                prost_types::field_descriptor_proto::Label::Optional => "",
            }
        };
        let kind = match field.r#type {
            Some(_) if field.type_name().is_empty() => {
                format!("{:?}", field.r#type()).to_lowercase()
            }
            _ => field.type_name().to_owned(),
        };
        let oneof = field
            .oneof_index
            .filter(|_| !field.proto3_optional())
            .and_then(|i| message.oneof_decl.get(usize::try_from(i).ok()?))
            .map(|o| format!(" (oneof {})", o.name()))
            .unwrap_or_default();
        out.insert(
            format!("{name}.{}", field.name()),
            format!("= {} {label}{kind}{oneof}", field.number()),
        );
    }
    let inner = format!("{name}.");
    for nested in &message.nested_type {
        proto_message(nested, &inner, out);
    }
    for enumeration in &message.enum_type {
        proto_enum(enumeration, &inner, out);
    }
}

fn proto_enum(enumeration: &EnumDescriptorProto, scope: &str, out: &mut BTreeMap<String, String>) {
    let name = format!("{scope}{}", enumeration.name());
    out.insert(name.clone(), "enum".to_owned());
    for value in &enumeration.value {
        out.insert(
            format!("{name}.{}", value.name()),
            format!("= {}", value.number()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn changes(format: DataFormat, left: &str, right: &str) -> Vec<String> {
        diff(format, left, right)
            .unwrap()
            .into_iter()
            .map(|d| {
                format!(
                    "{} {} {} -> {}",
                    d.kind.as_str(),
                    d.path,
                    d.before.unwrap_or_default(),
                    d.after.unwrap_or_default()
                )
            })
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn avro_fields_by_path_with_respellings_ignored() {
        let v1 = r#"{"type":"record","name":"Order","fields":[
            {"name":"id","type":"long"},
            {"name":"note","type":["null","string"],"default":null},
            {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[{"name":"qty","type":"int"}]}}}]}"#;
        let respelled = r#"{"fields":[{"type":{"type":"long"},"name":"id"},
            {"default":null,"name":"note","type":["null","string"]},
            {"name":"lines","type":{"items":{"fields":[{"name":"qty","type":"int"}],"name":"Line","type":"record"},"type":"array"}}],
            "name":"Order","type":"record"}"#;
        assert_eq!(
            changes(DataFormat::Avro, v1, respelled),
            Vec::<String>::new()
        );
        let v2 = r#"{"type":"record","name":"Order","fields":[
            {"name":"id","type":"string"},
            {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[{"name":"qty","type":"int"},{"name":"sku","type":"string","default":""}]}}},
            {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}}]}"#;
        assert_eq!(
            changes(DataFormat::Avro, v1, v2),
            [
                "added Order.amount  -> decimal(10,2) bytes",
                "changed Order.id long -> string",
                "added Order.lines[].sku  -> string default \"\"",
                "removed Order.note union[null,string] default null -> ",
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn json_schema_properties_with_required_and_items() {
        let v1 = r#"{"type":"object","required":["id"],"properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}"#;
        let v2 = r#"{"type":"object","required":["id","name"],"properties":{"id":{"type":"integer","minimum":1},"name":{"type":"string"},"tags":{"type":"array","items":{"type":"string","maxLength":8}}}}"#;
        assert_eq!(
            changes(DataFormat::Json, v1, v2),
            [
                r#"changed $.id {"type":"integer"} required -> {"minimum":1,"type":"integer"} required"#,
                r#"added $.name  -> {"type":"string"} required"#,
                r#"changed $.tags[] {"type":"string"} -> {"maxLength":8,"type":"string"}"#,
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn protobuf_messages_fields_and_enums() {
        let v1 = "syntax = \"proto3\";\npackage shop;\nmessage Order { int64 id = 1; string note = 2; repeated Line lines = 3;\n message Line { int32 qty = 1; } }\nenum Color { RED = 0; }\n";
        let v2 = "syntax = \"proto3\";\npackage shop;\nmessage Order { int64 id = 1; int32 note = 2; optional Line lines = 4;\n message Line { int32 qty = 1; } }\nenum Color { RED = 0; BLUE = 1; }\n";
        assert_eq!(
            changes(DataFormat::Protobuf, v1, v2),
            [
                "added Color.BLUE  -> = 1",
                "changed Order.lines = 3 repeated Line -> = 4 optional Line",
                "changed Order.note = 2 string -> = 2 int32",
            ]
        );
        assert!(diff(DataFormat::Protobuf, v1, "message {").is_err());
    }
}
