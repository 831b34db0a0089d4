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
        let mut format = Self::avro_container();
        format
            .serde
            .parameters
            .insert("avro.schema.literal".into(), schema_literal.into());
        format
    }

    /// Avro without a writer schema: AvroSerDe then derives the schema from the table's columns, which is
    /// what a table created by hand (no file to take a schema from) needs.
    fn avro_container() -> Self {
        Self::hive(
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
            "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
            Self::serialization_format(),
        )
    }
}

/// The file formats a table can be created in by hand, as the Glue console offers them. Each gives the
/// Input/Output formats and SerDe the crawler writes for that format (the same functions inference uses),
/// so a table made by hand reads like a crawled one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatPreset {
    Parquet,
    Orc,
    Avro,
    Csv,
    Tsv,
    Json,
}

impl FormatPreset {
    pub const ALL: [FormatPreset; 6] = [
        FormatPreset::Parquet,
        FormatPreset::Orc,
        FormatPreset::Avro,
        FormatPreset::Csv,
        FormatPreset::Tsv,
        FormatPreset::Json,
    ];

    /// The name shown in a format picker.
    pub fn label(self) -> &'static str {
        match self {
            FormatPreset::Parquet => "Parquet",
            FormatPreset::Orc => "ORC",
            FormatPreset::Avro => "Avro",
            FormatPreset::Csv => "CSV",
            FormatPreset::Tsv => "TSV",
            FormatPreset::Json => "JSON",
        }
    }

    /// The table's `classification` parameter, as the crawler sets it (TSV is delimited text: `csv`).
    pub fn classification(self) -> &'static str {
        match self {
            FormatPreset::Parquet => "parquet",
            FormatPreset::Orc => "orc",
            FormatPreset::Avro => "avro",
            FormatPreset::Csv | FormatPreset::Tsv => "csv",
            FormatPreset::Json => "json",
        }
    }

    /// The preset whose [`label`](Self::label) is `label`, for a picker's value.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.label() == label)
    }

    /// The storage format for a table with these top-level columns (JSON's OpenX SerDe lists them in
    /// `paths`; the other formats ignore them).
    pub fn storage_format(self, column_names: &[String]) -> StorageFormat {
        match self {
            FormatPreset::Parquet => StorageFormat::parquet(),
            FormatPreset::Orc => StorageFormat::orc(),
            FormatPreset::Avro => StorageFormat::avro_container(),
            FormatPreset::Csv => crate::infer::csv::delimited_format(","),
            FormatPreset::Tsv => crate::infer::csv::delimited_format("\t"),
            FormatPreset::Json => {
                crate::infer::json::storage_format(column_names, Parameters::new())
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::infer_file;
    use crate::source::{MemorySource, complete_now};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The format inference writes for `content` read as `name`.
    fn inferred_format(name: &str, content: &str) -> StorageFormat {
        let source = MemorySource::new(content.as_bytes());
        complete_now(infer_file(&source, name))
            .unwrap()
            .unwrap()
            .format
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn presets_write_what_the_crawler_writes() {
        let names = vec!["id".to_owned(), "name".to_owned()];
        assert_eq!(
            FormatPreset::Csv.storage_format(&names),
            inferred_format("a.csv", "id,name\n1,x\n2,y\n")
        );
        assert_eq!(
            FormatPreset::Tsv.storage_format(&names),
            inferred_format("a.tsv", "id\tname\n1\tx\n2\ty\n")
        );
        assert_eq!(
            FormatPreset::Json.storage_format(&names),
            inferred_format("a.json", "{\"id\":1,\"name\":\"x\"}\n")
        );
        assert_eq!(
            FormatPreset::Parquet.storage_format(&names),
            StorageFormat::parquet()
        );
        assert_eq!(
            FormatPreset::Orc.storage_format(&names),
            StorageFormat::orc()
        );
        // Avro by hand has no writer schema; everything else is the crawler's.
        let mut crawled = StorageFormat::avro("{}");
        crawled.serde.parameters.remove("avro.schema.literal");
        assert_eq!(FormatPreset::Avro.storage_format(&names), crawled);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn presets_round_trip_through_their_labels() {
        for preset in FormatPreset::ALL {
            assert_eq!(FormatPreset::from_label(preset.label()), Some(preset));
        }
        assert_eq!(FormatPreset::from_label("Excel"), None);
        assert_eq!(FormatPreset::Tsv.classification(), "csv");
    }
}
