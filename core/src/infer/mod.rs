//! Schema inference: bytes of one file in, the table a Glue crawler would have made of it out.
//!
//! One module per format. Each reads only what its format needs for a schema (a Parquet footer, never the
//! data pages) through a [`ByteSource`](crate::source::ByteSource).

pub mod avro;
pub mod orc;
pub mod parquet;

use crate::Result;
use crate::catalog::{Column, Parameters, StorageDescriptor, StorageFormat, Table};
use crate::source::ByteSource;

/// What inference learned from one file: columns, how the file is stored, and the crawler's table
/// parameters (`classification`, `compressionType`, `recordCount`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferredTable {
    pub columns: Vec<Column>,
    pub format: StorageFormat,
    pub parameters: Parameters,
    /// Decisions and caveats worth telling the user, one sentence each.
    pub notes: Vec<String>,
}

impl InferredTable {
    /// The catalog table for this file. The crawler writes the same parameters on the table and on its
    /// storage descriptor (glue.md §0 rule 5), so both get them.
    pub fn into_table(
        self,
        name: String,
        database_name: String,
        location: Option<String>,
    ) -> Table {
        Table {
            name,
            database_name,
            description: None,
            partition_keys: Vec::new(),
            storage: StorageDescriptor {
                columns: self.columns,
                location,
                format: self.format,
                compressed: false,
                parameters: self.parameters.clone(),
            },
            parameters: self.parameters,
        }
    }
}

/// The parameters every crawled file table carries, as strings (Glue rejects non-string values).
/// `recordCount` and `averageRecordSize` are left out when the record count is unknown.
fn crawler_parameters(
    classification: &str,
    record_count: Option<u64>,
    size_bytes: u64,
) -> Parameters {
    let mut parameters = Parameters::from([
        ("classification".into(), classification.into()),
        ("compressionType".into(), "none".into()),
        ("typeOfData".into(), "file".into()),
        ("sizeKey".into(), size_bytes.to_string()),
        ("objectCount".into(), "1".into()),
    ]);
    if let Some(records) = record_count {
        let average = size_bytes.checked_div(records).unwrap_or(0);
        parameters.insert("recordCount".into(), records.to_string());
        parameters.insert("averageRecordSize".into(), average.to_string());
    }
    parameters
}

/// Infers the table for one file, classified by content in the crawler's classifier order (glue.md §2.1:
/// Avro, ORC, Parquet), never by file name: a mislabelled file is still read for what it is.
pub async fn infer_file(source: &impl ByteSource) -> Result<InferredTable> {
    let len = source.len().await?;
    let head = source.read(0..len.min(4)).await?;
    if head.starts_with(avro::MAGIC) {
        avro::infer(source).await
    } else if head.starts_with(orc::MAGIC) {
        orc::infer(source).await
    } else {
        // Parquet is recognised by its trailer; its reader says what it found when that is missing.
        parquet::infer(source).await
    }
}
