//! The catalog as plain data: what Glue calls Database, Table, StorageDescriptor, Column, SerDeInfo and
//! Partition. No behaviour beyond construction: inference fills these, exports read them, the app shows and
//! edits them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::types::HiveType;

/// Column parameter that carries a column's tags in exports, comma-separated in sorted order.
pub const TAGS_PARAMETER: &str = "glueprint.tags";

/// String-to-string parameters, ordered so exports are deterministic.
pub type Parameters = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub name: String,
    pub description: Option<String>,
    pub location_uri: Option<String>,
    pub parameters: Parameters,
}

impl Database {
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            location_uri: None,
            parameters: Parameters::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub name: String,
    pub data_type: HiveType,
    pub comment: Option<String>,
    pub parameters: Parameters,
    /// Labels such as `pii` or `pii:EMAIL`. Glue has no column tags; exports carry them in the column
    /// parameter [`TAGS_PARAMETER`] so they travel with the table.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<String>,
}

impl Column {
    pub fn new(name: impl Into<String>, data_type: HiveType) -> Self {
        Self {
            name: name.into(),
            data_type,
            comment: None,
            parameters: Parameters::new(),
            tags: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SerDeInfo {
    pub serialization_library: String,
    pub parameters: Parameters,
}

/// How a table's files are read and written: the Hive Input/Output formats and SerDe of one file format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageFormat {
    pub input_format: String,
    pub output_format: String,
    pub serde: SerDeInfo,
}

impl StorageFormat {
    fn hive(input: &str, output: &str, serde: &str, parameters: Parameters) -> Self {
        Self {
            input_format: input.into(),
            output_format: output.into(),
            serde: SerDeInfo {
                serialization_library: serde.into(),
                parameters,
            },
        }
    }

    fn serialization_format() -> Parameters {
        Parameters::from([("serialization.format".into(), "1".into())])
    }

    /// What a Glue crawler writes for Parquet (glue.md §2.2).
    pub fn parquet() -> Self {
        Self::hive(
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            Self::serialization_format(),
        )
    }

    /// ORC as awswrangler writes it (glue.md §2.2; no crawled ORC table was found to compare with).
    pub fn orc() -> Self {
        Self::hive(
            "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
            Self::serialization_format(),
        )
    }

    /// Avro as the crawler writes it: the writer schema travels in `avro.schema.literal` (glue.md §2.2).
    pub fn avro(schema_literal: &str) -> Self {
        let mut parameters = Self::serialization_format();
        parameters.insert("avro.schema.literal".into(), schema_literal.into());
        Self::hive(
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
            "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
            parameters,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageDescriptor {
    pub columns: Vec<Column>,
    /// `s3://bucket/prefix/`; `None` until the user says where the data lives (never invented).
    pub location: Option<String>,
    pub format: StorageFormat,
    pub compressed: bool,
    pub parameters: Parameters,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    pub name: String,
    pub database_name: String,
    pub description: Option<String>,
    pub partition_keys: Vec<Column>,
    pub storage: StorageDescriptor,
    pub parameters: Parameters,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    /// Values in partition-key order.
    pub values: Vec<String>,
    pub storage: StorageDescriptor,
    pub parameters: Parameters,
}
