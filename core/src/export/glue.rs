//! Glue API request payloads, with the API's exact member names (botocore `glue` 2017-03-31 model):
//! CreateDatabase, CreateTable, UpdateTable (the whole `TableInput`, `SkipArchive` only when asked) and
//! BatchCreatePartition (at most 100 partitions per request, Glue's limit).
//!
//! What the crawler writes and Athena needs (glue.md §0): `TableType` `EXTERNAL_TABLE`, `PartitionKeys`
//! always present (Athena fails without it), `NumberOfBuckets` -1, empty bucket and sort lists, string-only
//! `Parameters`, Hive type strings in canonical form. Names are lower-case and unique by construction
//! (see [`crate::names`]); this module checks nothing the catalog already guarantees.

use serde::Serialize;

use super::{ExportFile, Selection};
use crate::catalog::{
    Column, Database, Parameters, Partition, StorageDescriptor, TAGS_PARAMETER, Table,
};

/// Most partitions one BatchCreatePartition call accepts (`PartitionInputList` has `max` 100 in the model).
pub const MAX_PARTITIONS_PER_BATCH: usize = 100;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateDatabaseRequest {
    pub database_input: DatabaseInput,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatabaseInput {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_uri: Option<String>,
    #[serde(skip_serializing_if = "Parameters::is_empty")]
    pub parameters: Parameters,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTableRequest {
    pub database_name: String,
    pub table_input: TableInput,
}

/// `UpdateTable`: the whole new `TableInput` replaces the stored one. `SkipArchive` is only sent when the
/// caller decides; Glue's default is to archive the previous version first.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTableRequest {
    pub database_name: String,
    pub table_input: TableInput,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_archive: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchCreatePartitionRequest {
    pub database_name: String,
    pub table_name: String,
    pub partition_input_list: Vec<PartitionInput>,
}

/// One partition: `Values` in partition-key order (Glue assigns them to keys by position), and a full
/// storage descriptor with the partition's own folder, as the crawler writes (glue.md §2.5).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PartitionInput {
    pub values: Vec<String>,
    pub storage_descriptor: GlueStorageDescriptor,
    pub parameters: Parameters,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableInput {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub retention: i32,
    pub table_type: &'static str,
    pub partition_keys: Vec<GlueColumn>,
    pub parameters: Parameters,
    pub storage_descriptor: GlueStorageDescriptor,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlueStorageDescriptor {
    pub columns: Vec<GlueColumn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub input_format: String,
    pub output_format: String,
    pub compressed: bool,
    pub number_of_buckets: i32,
    pub serde_info: GlueSerDeInfo,
    pub bucket_columns: Vec<String>,
    pub sort_columns: Vec<GlueOrder>,
    pub parameters: Parameters,
    pub stored_as_sub_directories: bool,
}

/// A sort column (`Order`): the catalog has none yet, but the member is always sent, as the crawler does.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlueOrder {
    pub column: String,
    pub sort_order: i32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlueSerDeInfo {
    pub serialization_library: String,
    pub parameters: Parameters,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlueColumn {
    pub name: String,
    #[serde(rename = "Type")]
    pub data_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip_serializing_if = "Parameters::is_empty")]
    pub parameters: Parameters,
}

impl From<&Column> for GlueColumn {
    /// Tags travel as the column parameter [`TAGS_PARAMETER`], since Glue columns have no tags of their own;
    /// the comment is folded to the one line Glue accepts.
    fn from(column: &Column) -> Self {
        let mut parameters = column.parameters.clone();
        if !column.tags.is_empty() {
            let tags: Vec<&str> = column.tags.iter().map(String::as_str).collect();
            parameters.insert(TAGS_PARAMETER.into(), tags.join(","));
        }
        Self {
            name: column.name.clone(),
            data_type: column.data_type.to_string(),
            comment: column.comment.as_deref().map(super::single_line),
            parameters,
        }
    }
}

impl From<&StorageDescriptor> for GlueStorageDescriptor {
    fn from(sd: &StorageDescriptor) -> Self {
        Self {
            columns: sd.columns.iter().map(GlueColumn::from).collect(),
            location: sd.location.clone(),
            input_format: sd.format.input_format.clone(),
            output_format: sd.format.output_format.clone(),
            compressed: sd.compressed,
            number_of_buckets: -1,
            serde_info: GlueSerDeInfo {
                serialization_library: sd.format.serde.serialization_library.clone(),
                parameters: sd.format.serde.parameters.clone(),
            },
            bucket_columns: Vec::new(),
            sort_columns: Vec::new(),
            parameters: sd.parameters.clone(),
            stored_as_sub_directories: false,
        }
    }
}

impl From<&Table> for TableInput {
    fn from(table: &Table) -> Self {
        Self {
            name: table.name.clone(),
            description: table.description.clone(),
            retention: 0,
            table_type: "EXTERNAL_TABLE",
            partition_keys: table.partition_keys.iter().map(GlueColumn::from).collect(),
            parameters: table.parameters.clone(),
            storage_descriptor: GlueStorageDescriptor::from(&table.storage),
        }
    }
}

impl From<&Partition> for PartitionInput {
    fn from(partition: &Partition) -> Self {
        Self {
            values: partition.values.clone(),
            storage_descriptor: GlueStorageDescriptor::from(&partition.storage),
            parameters: partition.parameters.clone(),
        }
    }
}

/// The `CreateTable` request for a catalog table.
pub fn create_table(table: &Table) -> CreateTableRequest {
    CreateTableRequest {
        database_name: table.database_name.clone(),
        table_input: TableInput::from(table),
    }
}

/// The `UpdateTable` request that makes the stored table equal to `table` (a stored version, or an
/// edited one). `skip_archive: Some(true)` replaces the current version instead of archiving it.
pub fn update_table(table: &Table, skip_archive: Option<bool>) -> UpdateTableRequest {
    UpdateTableRequest {
        database_name: table.database_name.clone(),
        table_input: TableInput::from(table),
        skip_archive,
    }
}

/// The `BatchCreatePartition` requests registering `partitions` under `table`, in order, at most
/// [`MAX_PARTITIONS_PER_BATCH`] per request; none for no partitions.
pub fn batch_create_partitions(
    table: &Table,
    partitions: &[Partition],
) -> Vec<BatchCreatePartitionRequest> {
    partitions
        .chunks(MAX_PARTITIONS_PER_BATCH)
        .map(|chunk| BatchCreatePartitionRequest {
            database_name: table.database_name.clone(),
            table_name: table.name.clone(),
            partition_input_list: chunk.iter().map(PartitionInput::from).collect(),
        })
        .collect()
}

/// The `CreateDatabase` request for a catalog database.
pub fn create_database(database: &Database) -> CreateDatabaseRequest {
    CreateDatabaseRequest {
        database_input: DatabaseInput {
            name: database.name.clone(),
            description: database.description.clone(),
            location_uri: database.location_uri.clone(),
            parameters: database.parameters.clone(),
        },
    }
}

/// The one JSON rendering of every export, so the CLI's output and the app's download are byte-identical.
pub fn to_json<T: Serialize>(payload: &T) -> String {
    // Serialising these plain structs cannot fail: every map key is a string.
    serde_json::to_string_pretty(payload).unwrap_or_default() + "\n"
}

/// Every request of a selection, one JSON array per operation, in the order they must run:
/// `create_database.json`, `create_table.json`, `batch_create_partition.json`, and
/// `update_table.json` (the same tables as UpdateTable, to overwrite tables that already exist). Each
/// file is what `glue_validate.py OPERATION FILE` and an SDK loop over the array accept.
pub fn files(selection: &Selection<'_>) -> Vec<ExportFile> {
    let databases: Vec<CreateDatabaseRequest> = selection
        .all_databases()
        .iter()
        .map(create_database)
        .collect();
    let tables: Vec<CreateTableRequest> = selection
        .tables
        .iter()
        .map(|t| create_table(t.table))
        .collect();
    let partitions: Vec<BatchCreatePartitionRequest> = selection
        .tables
        .iter()
        .flat_map(|t| batch_create_partitions(t.table, t.partitions))
        .collect();
    let updates: Vec<UpdateTableRequest> = selection
        .tables
        .iter()
        .map(|t| update_table(t.table, None))
        .collect();
    vec![
        file("create_database.json", &databases),
        file("create_table.json", &tables),
        file("batch_create_partition.json", &partitions),
        file("update_table.json", &updates),
    ]
}

pub(super) fn file<T: Serialize>(name: &str, payload: &T) -> ExportFile {
    ExportFile {
        name: name.to_owned(),
        contents: to_json(payload),
    }
}
