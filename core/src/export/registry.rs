//! Schema Registry requests with the Glue API's member names (botocore `glue` 2017-03-31 model):
//! CreateRegistry, CreateSchema (with the first version as its `SchemaDefinition`) and
//! RegisterSchemaVersion for each later version, to recreate a registry's schemas in Glue in order.
//!
//! Only AVAILABLE versions are exported: a FAILURE version is one Glue refused, and registering it again
//! would only be refused again. CreateSchema carries the schema's current compatibility mode, so a
//! version accepted earlier under a looser mode can be refused on replay, as Glue would refuse it today.

use serde::Serialize;

use super::ExportFile;
use super::glue::file;
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
        schema_definition: first.definition.clone(),
    };
    let later = available
        .map(|v| RegisterSchemaVersionRequest {
            schema_id: SchemaId {
                registry_name: schema.registry.clone(),
                schema_name: schema.name.clone(),
            },
            schema_definition: v.definition.clone(),
        })
        .collect();
    Some((create, later))
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
