//! Schema inference: bytes of one file in, the table a Glue crawler would have made of it out.
//!
//! One module per format. Each reads only what its format needs for a schema (a Parquet footer, never the
//! data pages) through a [`ByteSource`](crate::source::ByteSource).

pub mod avro;
pub mod csv;
pub mod json;
pub mod orc;
mod orc_rle;
pub mod parquet;
mod parquet_rows;
pub mod sample;
pub mod values;

use crate::catalog::{Column, Parameters, StorageDescriptor, StorageFormat, Table};
use crate::source::ByteSource;
use crate::{Error, ErrorKind, Result};

/// What inference learned from one file: columns, how the file is stored, and the crawler's table
/// parameters (`classification`, `compressionType`, `recordCount`, ...). Serde: the browser's worker
/// sends it to the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Column parameter that keeps a column's name as the file spells it, set only when Glue's naming rules
/// changed it (lower case and unique everywhere; Athena-safe too for formats not read by name, see
/// [`crate::names`]). Nothing is silently lost: the user sees the source field, and a re-crawl or an export can
/// map the column back to it. Nested field names live inside the type string and have no parameters; their
/// renames are only noted.
pub const ORIGINAL_NAME_PARAMETER: &str = "glueprint.originalName";

/// Records on each column the name its source field has in the file, where the two differ, with a note.
/// `raw` lists the file's top-level names in column order.
fn keep_original_names<'a>(
    columns: &mut [Column],
    raw: impl IntoIterator<Item = &'a str>,
    notes: &mut Vec<String>,
) {
    for (column, raw) in columns.iter_mut().zip(raw) {
        if !raw.is_empty() && column.name != raw {
            notes.push(format!(
                "Column {raw:?} is named {:?} in the catalog (Glue's naming rules); the original name is kept \
                 in the column parameter {ORIGINAL_NAME_PARAMETER}.",
                column.name
            ));
            column
                .parameters
                .insert(ORIGINAL_NAME_PARAMETER.into(), raw.to_owned());
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

/// How much of a file inference may read, and the CSV classifier's switches. The defaults are the crawler's
/// (glue.md §3.1): the first 1,000 records or 1 MB, and for JSON up to 10 MB in 1 MB steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferOptions {
    /// Bytes of (decompressed) content sampled from text files; at least 1 is used.
    pub sample_bytes: usize,
    /// When a JSON sample ends before its first record does, the sample grows by `sample_bytes` at a time
    /// up to this many bytes. Values below `sample_bytes` mean no growth.
    pub json_max_sample_bytes: usize,
    pub csv: csv::CsvOptions,
}

/// The crawler's JSON limit: "continues to read up to 10 MB of the file in increments of 1 MB".
pub const DEFAULT_JSON_MAX_SAMPLE_BYTES: usize = 10 * sample::DEFAULT_SAMPLE_BYTES;

impl Default for InferOptions {
    fn default() -> Self {
        Self {
            sample_bytes: sample::DEFAULT_SAMPLE_BYTES,
            json_max_sample_bytes: DEFAULT_JSON_MAX_SAMPLE_BYTES,
            csv: csv::CsvOptions::default(),
        }
    }
}

/// [`infer_file_with`] the crawler's default budgets.
pub async fn infer_file(source: &impl ByteSource, file_name: &str) -> Result<InferredTable> {
    infer_file_with(source, file_name, &InferOptions::default()).await
}

/// The format whose reader starts at the end of the file, when the name says so: `.parquet`/`.parq` or
/// `.orc`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FooterFormat {
    Parquet,
    Orc,
}

pub(crate) fn footer_format_by_name(file_name: &str) -> Option<FooterFormat> {
    let name = file_name.to_ascii_lowercase();
    if name.ends_with(".parquet") || name.ends_with(".parq") {
        Some(FooterFormat::Parquet)
    } else if name.ends_with(".orc") {
        Some(FooterFormat::Orc)
    } else {
        None
    }
}

/// Infers the table for one file, classified by content in the crawler's classifier order (glue.md §2.1:
/// Avro, ORC, Parquet, JSON, CSV), never by the file name: a mislabelled file is still read for what it is.
/// The name only helps to recognise whole-file compression that has no magic bytes (Hadoop snappy), and
/// decides which end is read first: a file named `.parquet` or `.orc` is tried as such from its footer,
/// which checks the format's own end-of-file magic, before its first bytes are looked at. For a remote
/// object that saves a round trip (the footer read is the first and often the only request); a file
/// whose footer is not what its name says is then classified from its first bytes as any other.
pub async fn infer_file_with(
    source: &impl ByteSource,
    file_name: &str,
    options: &InferOptions,
) -> Result<InferredTable> {
    if let Some(format) = footer_format_by_name(file_name) {
        let by_footer = match format {
            FooterFormat::Parquet => parquet::infer(source).await,
            FooterFormat::Orc => orc::infer(source).await,
        };
        // A failure is not final: the first bytes may say the file is something else entirely.
        if let Ok(table) = by_footer {
            return Ok(table);
        }
    }
    let len = source.len().await?;
    let head = source.read(0..len.min(4)).await?;
    if head.starts_with(avro::MAGIC) {
        avro::infer(source).await
    } else if head.starts_with(orc::MAGIC) {
        orc::infer(source).await
    } else if parquet::MAGICS.iter().any(|magic| head.starts_with(magic)) {
        parquet::infer(source).await
    } else {
        infer_text(source, file_name, options)
            .await
            .map(|(table, _)| table)
    }
}

/// JSON first, then CSV, over one bounded (and, for compressed files, decompressed) sample. When neither
/// recognises the sample the file is what the crawler calls UNKNOWN, and the error says why for each.
/// Returns the sample the table was inferred from too, so value sampling reads nothing twice.
pub(crate) async fn infer_text(
    source: &impl ByteSource,
    file_name: &str,
    options: &InferOptions,
) -> Result<(InferredTable, sample::Sample)> {
    let step = options.sample_bytes.max(1);
    let mut budget = step;
    let mut sample = sample::read_sample(source, file_name, budget).await?;
    let mut table = loop {
        match json::infer_growable(&sample) {
            Ok(Some(mut table)) => {
                if budget > step {
                    table.notes.insert(
                        0,
                        format!(
                            "The first JSON record did not end within {step} bytes, so the sample grew in \
                             {step}-byte steps to {budget} bytes, as the crawler does for JSON."
                        ),
                    );
                }
                break table;
            }
            Ok(None) if sample.truncated && budget < options.json_max_sample_bytes => {
                budget = budget
                    .saturating_add(step)
                    .min(options.json_max_sample_bytes);
                sample = sample::read_sample(source, file_name, budget).await?;
            }
            Ok(None) => {
                return Err(Error::too_large(format!(
                    "the first JSON record does not end within the first {budget} bytes (the sample limit); \
                     it is too large to infer a schema from"
                )));
            }
            Err(not_json) if not_json.kind() == ErrorKind::Unsupported => {
                break csv::infer_sample(&sample, &options.csv).map_err(|not_csv| {
                    if not_csv.kind() == ErrorKind::Unsupported {
                        Error::unsupported(format!(
                            "UNKNOWN format: no Avro, ORC or Parquet magic bytes; not JSON ({}); not CSV ({})",
                            not_json.message(),
                            not_csv.message()
                        ))
                    } else {
                        not_csv
                    }
                })?;
            }
            Err(other) => return Err(other),
        }
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
    Ok((table, sample))
}
