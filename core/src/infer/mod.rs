//! Schema inference: bytes of one file in, the table a Glue crawler would have made of it out.
//!
//! One module per format. Each reads only what its format needs for a schema (a Parquet footer, never the
//! data pages) through a [`ByteSource`](crate::source::ByteSource).

pub mod avro;
pub mod csv;
pub mod json;
pub mod orc;
pub mod parquet;
pub mod sample;

use crate::catalog::{Column, Parameters, StorageDescriptor, StorageFormat, Table};
use crate::source::ByteSource;
use crate::{Error, ErrorKind, Result};

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
/// Avro, ORC, Parquet, JSON, CSV), never by the file name: a mislabelled file is still read for what it is.
/// The name only helps to recognise whole-file compression that has no magic bytes (Hadoop snappy).
pub async fn infer_file(source: &impl ByteSource, file_name: &str) -> Result<InferredTable> {
    let len = source.len().await?;
    let head = source.read(0..len.min(4)).await?;
    if head.starts_with(avro::MAGIC) {
        avro::infer(source).await
    } else if head.starts_with(orc::MAGIC) {
        orc::infer(source).await
    } else if parquet::MAGICS.iter().any(|magic| head.starts_with(magic)) {
        parquet::infer(source).await
    } else {
        infer_text(source, file_name).await
    }
}

/// JSON first, then CSV, over one bounded (and, for compressed files, decompressed) sample. When neither
/// recognises the sample the file is what the crawler calls UNKNOWN, and the error says why for each.
async fn infer_text(source: &impl ByteSource, file_name: &str) -> Result<InferredTable> {
    let sample = sample::read_sample(source, file_name, sample::DEFAULT_SAMPLE_BYTES).await?;
    let mut table = match json::infer_sample(&sample) {
        Ok(table) => table,
        Err(not_json) if not_json.kind() == ErrorKind::Unsupported => {
            csv::infer_sample(&sample, &csv::CsvOptions::default()).map_err(|not_csv| {
                if not_csv.kind() == ErrorKind::Unsupported {
                    Error::unsupported(format!(
                        "UNKNOWN format: no Avro, ORC or Parquet magic bytes; not JSON ({}); not CSV ({})",
                        not_json.message(),
                        not_csv.message()
                    ))
                } else {
                    not_csv
                }
            })?
        }
        Err(other) => return Err(other),
    };
    if sample.compression != sample::Compression::None {
        table.notes.insert(
            0,
            format!(
                "The whole file is {}-compressed: the sample was decompressed in memory, and compressionType is \"{}\".",
                sample.compression.glue_name(),
                sample.compression.glue_name()
            ),
        );
    }
    Ok(table)
}
