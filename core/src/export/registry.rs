//! Schema Registry requests with the Glue API's member names (botocore `glue` 2017-03-31 model):
//! CreateRegistry, CreateSchema (with the first version as its `SchemaDefinition`) and
//! RegisterSchemaVersion for each later version, to recreate a registry's schemas in Glue in order.
//!
//! Avro and JSON Schema definitions are sent without the whitespace between JSON tokens (strings are
//! untouched, so the schema is the same after normalisation): the model's `SchemaDefinitionString`
//! pattern `.*\S.*` is one line, and a pasted or imported schema is usually indented over many. Protobuf
//! text is put on one line with the same meaning and comments ([`super::proto_line`]).
//!
//! Only AVAILABLE versions are exported: a FAILURE version is one Glue refused, and registering it again
//! would only be refused again. CreateSchema carries the schema's current compatibility mode, so a
//! version accepted earlier under a looser mode can be refused on replay, as Glue would refuse it today.

use serde::Serialize;

use super::ExportFile;
use super::glue::file;
use crate::infer::avro::minify_json;
use crate::registry::{Compatibility, DataFormat, Registry, VersionStatus};
use crate::store::SchemaRecord;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRegistryRequest {
    pub registry_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegistryId {
    pub registry_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSchemaRequest {
    pub registry_id: RegistryId,
    pub schema_name: String,
    pub data_format: DataFormat,
    pub compatibility: Compatibility,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub schema_definition: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaId {
    pub registry_name: String,
    pub schema_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegisterSchemaVersionRequest {
    pub schema_id: SchemaId,
    pub schema_definition: String,
}

pub fn create_registry(registry: &Registry) -> CreateRegistryRequest {
    CreateRegistryRequest {
        registry_name: registry.name.clone(),
        description: registry.description.clone(),
    }
}

/// CreateSchema with the first AVAILABLE version, then RegisterSchemaVersion for every later one;
/// nothing for a schema without an AVAILABLE version.
pub fn schema_requests(
    record: &SchemaRecord,
) -> Option<(CreateSchemaRequest, Vec<RegisterSchemaVersionRequest>)> {
    let schema = &record.schema;
    let mut available = record
        .versions
        .iter()
        .filter(|v| v.status == VersionStatus::Available);
    let first = available.next()?;
    let create = CreateSchemaRequest {
        registry_id: RegistryId {
            registry_name: schema.registry.clone(),
        },
        schema_name: schema.name.clone(),
        data_format: schema.data_format,
        compatibility: schema.compatibility,
        description: schema.description.clone(),
        schema_definition: sent(schema.data_format, &first.definition),
    };
    let later = available
        .map(|v| RegisterSchemaVersionRequest {
            schema_id: SchemaId {
                registry_name: schema.registry.clone(),
                schema_name: schema.name.clone(),
            },
            schema_definition: sent(schema.data_format, &v.definition),
        })
        .collect();
    Some((create, later))
}

/// `definition` as it is sent (see the module docs).
fn sent(format: DataFormat, definition: &str) -> String {
    match format {
        DataFormat::Avro | DataFormat::Json => minify_json(definition),
        DataFormat::Protobuf => super::proto_line::on_one_line(definition),
    }
}

/// `create_registry.json`, `create_schema.json` and `register_schema_version.json`: one JSON array per
/// operation, in the order they must run, for `registry` and those of its `schemas` given. Each file is
/// what `glue_validate.py OPERATION FILE` and an SDK loop over the array accept.
pub fn files(registry: &Registry, schemas: &[&SchemaRecord]) -> Vec<ExportFile> {
    let (creates, versions): (Vec<_>, Vec<_>) =
        schemas.iter().filter_map(|r| schema_requests(r)).unzip();
    let versions: Vec<RegisterSchemaVersionRequest> = versions.into_iter().flatten().collect();
    vec![
        file("create_registry.json", &[create_registry(registry)]),
        file("create_schema.json", &creates),
        file("register_schema_version.json", &versions),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register;
    use crate::registry::Schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn definitions_are_sent_on_one_line() {
        let schema = |data_format| Schema {
            registry: "reg".into(),
            name: "orders".into(),
            data_format,
            compatibility: Compatibility::None,
            description: None,
        };
        let avro = "{\n  \"type\": \"record\",\n  \"name\": \"Order\",\n  \"doc\": \"a  b\",\n  \"fields\": []\n}";
        let record = register::new_schema(schema(DataFormat::Avro), avro, 1).unwrap();
        let (create, later) = schema_requests(&record).unwrap();
        assert_eq!(
            create.schema_definition,
            r#"{"type":"record","name":"Order","doc":"a  b","fields":[]}"#
        );
        assert!(later.is_empty());
        let proto = "syntax = \"proto3\";\n// the order\nmessage Order { int64 id = 1; }\n";
        let record = register::new_schema(schema(DataFormat::Protobuf), proto, 1).unwrap();
        assert_eq!(
            schema_requests(&record).unwrap().0.schema_definition,
            "syntax = \"proto3\"; /* the order */ message Order { int64 id = 1; } "
        );
    }
}
