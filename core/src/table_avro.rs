//! A catalog table's Avro schema, to import as a Schema Registry version: the table's own
//! `avro.schema.literal` when it has one (the writer schema an Avro crawl stored, and the one Athena reads
//! by), otherwise a record built from the table's columns.
//!
//! The columns go to Avro by the Hive AvroSerDe's mapping (glue.md §3.5) read in reverse, as Hive's own
//! `TypeInfoToSchema` writes it: every column, struct field, array item and map value is a union with
//! `null` and every field defaults to `null` (Hive columns are nullable); `tinyint`/`smallint` become
//! `int`; `char(n)`/`varchar(n)` a `string` with Hive's `logicalType` and `maxLength`; `decimal(p,s)` the
//! `decimal` logical type on `bytes`; `date` the `date` logical type on `int`; `timestamp`
//! `timestamp-millis` on `long`; nested structs are records named `record_0`, `record_1`, ... as Hive
//! names them. Partition keys are left out: they live in folder names, not in the files. What Avro cannot
//! hold is refused, naming the column: a map whose key is not a string, a name Avro does not accept.

use serde_json::{Map, Value, json};

use crate::catalog::Table;
use crate::compat;
use crate::registry::DataFormat;
use crate::types::HiveType;
use crate::{Error, Result};

/// The table and SerDe parameter that holds an Avro table's writer schema.
pub const SCHEMA_LITERAL: &str = "avro.schema.literal";

/// `table`'s Avro schema (see the module docs), checked to parse as Avro.
pub fn avro_schema(table: &Table) -> Result<String> {
    let literal = table
        .parameters
        .get(SCHEMA_LITERAL)
        .or_else(|| table.storage.format.serde.parameters.get(SCHEMA_LITERAL));
    let text = match literal {
        Some(literal) => literal.clone(),
        None => {
            check_avro_name("table", &table.name)?;
            let mut records = 0usize;
            let fields = table
                .storage
                .columns
                .iter()
                .map(|c| field(&c.name, &c.data_type, c.comment.as_deref(), &mut records))
                .collect::<Result<Vec<_>>>()?;
            let mut record = Map::new();
            record.insert("type".into(), "record".into());
            record.insert("name".into(), table.name.clone().into());
            record.insert("namespace".into(), table.database_name.clone().into());
            if let Some(doc) = &table.description {
                record.insert("doc".into(), doc.clone().into());
            }
            record.insert("fields".into(), fields.into());
            serde_json::to_string_pretty(&record).map_err(|e| Error::invalid(e.to_string()))?
        }
    };
    compat::canonical(DataFormat::Avro, &text).map_err(|e| {
        Error::invalid(format!(
            "the Avro schema of table {}.{} does not parse: {}",
            table.database_name,
            table.name,
            e.message()
        ))
    })?;
    Ok(text)
}

/// A nullable record field, as Hive writes every column.
fn field(
    name: &str,
    data_type: &HiveType,
    doc: Option<&str>,
    records: &mut usize,
) -> Result<Value> {
    check_avro_name("column", name)?;
    let mut out = Map::new();
    out.insert("name".into(), name.into());
    out.insert("type".into(), nullable(data_type, name, records)?);
    if let Some(doc) = doc {
        out.insert("doc".into(), doc.into());
    }
    out.insert("default".into(), Value::Null);
    Ok(out.into())
}

/// `["null", T]`, or `null` alone for Hive `void`.
fn nullable(data_type: &HiveType, at: &str, records: &mut usize) -> Result<Value> {
    Ok(match avro_type(data_type, at, records)? {
        Value::String(null) if null == "null" => Value::String(null),
        Value::Array(mut members) => {
            members.insert(0, "null".into());
            members.into()
        }
        other => json!(["null", other]),
    })
}

/// The Avro type of one Hive type; `at` names the column for errors. Nesting is bounded by the Hive type
/// parser that built `data_type`.
fn avro_type(data_type: &HiveType, at: &str, records: &mut usize) -> Result<Value> {
    Ok(match data_type {
        HiveType::Boolean => "boolean".into(),
        HiveType::TinyInt | HiveType::SmallInt | HiveType::Int => "int".into(),
        HiveType::BigInt => "long".into(),
        HiveType::Float => "float".into(),
        HiveType::Double => "double".into(),
        HiveType::String => "string".into(),
        HiveType::Char(n) => json!({"type": "string", "logicalType": "char", "maxLength": n}),
        HiveType::Varchar(n) => json!({"type": "string", "logicalType": "varchar", "maxLength": n}),
        HiveType::Binary => "bytes".into(),
        HiveType::Decimal { precision, scale } => {
            json!({"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale})
        }
        HiveType::Date => json!({"type": "int", "logicalType": "date"}),
        HiveType::Timestamp => json!({"type": "long", "logicalType": "timestamp-millis"}),
        HiveType::Void => "null".into(),
        HiveType::Array(items) => json!({"type": "array", "items": nullable(items, at, records)?}),
        HiveType::Map(key, values) => {
            if !matches!(
                **key,
                HiveType::String | HiveType::Char(_) | HiveType::Varchar(_)
            ) {
                return Err(Error::unsupported(format!(
                    "column {at}: Avro map keys are strings, this map's keys are {key}"
                )));
            }
            json!({"type": "map", "values": nullable(values, at, records)?})
        }
        HiveType::Struct(fields) => {
            let name = format!("record_{records}");
            *records += 1;
            let fields = fields
                .iter()
                .map(|f| field(&f.name, &f.data_type, None, records))
                .collect::<Result<Vec<_>>>()?;
            json!({"type": "record", "name": name, "fields": fields})
        }
        HiveType::Union(members) => members
            .iter()
            .map(|m| avro_type(m, at, records))
            .collect::<Result<Vec<_>>>()?
            .into(),
    })
}

/// Avro names are `[A-Za-z_][A-Za-z0-9_]*`.
fn check_avro_name(what: &str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Error::unsupported(format!(
            "{what} name {name:?} is not an Avro name (letters, digits and _, not starting with a digit)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Column, StorageDescriptor, StorageFormat};
    use crate::types::parse_hive_type;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn table(columns: &[(&str, &str)]) -> Table {
        Table {
            name: "orders".into(),
            database_name: "sales".into(),
            description: None,
            partition_keys: Vec::new(),
            storage: StorageDescriptor {
                columns: columns
                    .iter()
                    .map(|(name, t)| Column::new(*name, parse_hive_type(t).unwrap()))
                    .collect(),
                location: None,
                format: StorageFormat::parquet(),
                compressed: false,
                parameters: Default::default(),
            },
            parameters: Default::default(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn columns_become_a_nullable_record_as_hive_writes_it() {
        let mut orders = table(&[
            ("id", "bigint"),
            ("qty", "smallint"),
            ("code", "char(3)"),
            ("amount", "decimal(10,2)"),
            ("day", "date"),
            ("at", "timestamp"),
            ("tags", "array<string>"),
            ("attrs", "map<string,int>"),
            ("ship", "struct<city:string,geo:struct<lat:double>>"),
            ("either", "uniontype<int,string>"),
        ]);
        orders.storage.columns[0].comment = Some("order id".into());
        orders.partition_keys = vec![Column::new("dt", HiveType::String)];
        let text = avro_schema(&orders).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["name"], "orders");
        assert_eq!(schema["namespace"], "sales");
        let fields = schema["fields"].as_array().unwrap();
        let types: Vec<String> = fields.iter().map(|f| f["type"].to_string()).collect();
        assert_eq!(
            types,
            [
                r#"["null","long"]"#,
                r#"["null","int"]"#,
                r#"["null",{"type":"string","logicalType":"char","maxLength":3}]"#,
                r#"["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}]"#,
                r#"["null",{"type":"int","logicalType":"date"}]"#,
                r#"["null",{"type":"long","logicalType":"timestamp-millis"}]"#,
                r#"["null",{"type":"array","items":["null","string"]}]"#,
                r#"["null",{"type":"map","values":["null","int"]}]"#,
                r#"["null",{"type":"record","name":"record_0","fields":[{"name":"city","type":["null","string"],"default":null},{"name":"geo","type":["null",{"type":"record","name":"record_1","fields":[{"name":"lat","type":["null","double"],"default":null}]}],"default":null}]}]"#,
                r#"["null","int","string"]"#,
            ]
        );
        assert_eq!(fields[0]["doc"], "order id");
        assert!(fields.iter().all(|f| f["default"].is_null()));
        assert!(!text.contains("\"dt\""), "partition keys stay out");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_stored_literal_wins_and_what_avro_cannot_hold_is_refused() {
        let literal = r#"{"type":"record","name":"Click","fields":[{"name":"id","type":"long"}]}"#;
        let mut avro = table(&[("id", "bigint"), ("page", "string")]);
        avro.storage.format = StorageFormat::avro(literal);
        assert_eq!(avro_schema(&avro).unwrap(), literal);
        avro.storage.format = StorageFormat::avro("{not json");
        assert!(
            avro_schema(&avro)
                .unwrap_err()
                .message()
                .contains("does not parse")
        );

        let keyed = avro_schema(&table(&[("m", "map<int,string>")])).unwrap_err();
        assert!(keyed.message().contains("column m"), "{keyed}");
        let named = avro_schema(&table(&[("2nd", "int")])).unwrap_err();
        assert!(named.message().contains("\"2nd\""), "{named}");
    }
}
