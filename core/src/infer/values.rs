//! Sampled values per column, for sensitive-data detection ([`crate::pii`]) and column statistics
//! ([`crate::stats`]), from the same bounded reads inference makes.
//!
//! * **CSV and JSON:** the records of the very sample inference read ([`super::sample`]: the first 1,000
//!   records or 1 MB, grown for a long first JSON record), tokenised exactly as inference did, so a value
//!   belongs to the column inference named and nothing is read twice.
//! * **Parquet:** the footer, then data pages of the first row group(s) only, until
//!   [`SampleOptions::parquet_rows`] rows (default 1,000) or [`SampleOptions::parquet_page_bytes`] bytes of
//!   column-chunk reads (default 4 MB per file) are reached. The byte budget is shared across leaf
//!   columns (small chunks take what they need, the rest split what is left), and a chunk larger than its
//!   share is read as a prefix: its first pages decode, the rest is never fetched. A codec this build does
//!   not decode (zstd, brotli, ...) or a page that fails to decode is a finding for that column, never a
//!   failure of the file. A file no larger than the footer read ([`pq::FOOTER_GUESS`]) is read once,
//!   whole. Nested columns are sampled by their leaves (`address.city`).
//!   Known limit: the parquet crate's page decoders assert on some damaged pages instead of returning
//!   an error. Natively that panic is caught and reported as a finding; on wasm32 panics abort, so such
//!   a file stops the sampling worker (the crawl's schema inference is unaffected: it reads footers only).
//! * **Avro** ([`avro`]): the records of the first data blocks after the header inference read, up to
//!   the same row and byte budgets (the bytes of blocks read, and again of blocks decompressed), in
//!   at most one read beyond inference's (none for a file inference read whole). Every codec of the
//!   specification but `xz` is decoded (no pure-Rust xz decoder is a dependency); `xz`, a damaged block or
//!   a block larger than the budget is a finding, and the values decoded before it are kept.
//! * **ORC** ([`orc`]): the first rows of the first stripe, up to the same row budget, when its data
//!   and stripe footer fit the byte budget (read in one request, none for a file the tail read held
//!   whole; decompressed chunk by chunk as values are decoded, again within the byte budget). Top-level
//!   primitive columns are decoded (every ORC codec but LZO, which inference refuses); timestamps, nested
//!   columns, a stripe larger than the budget, encrypted files and any damaged column are findings, and
//!   a damaged column keeps none of its values.
//!
//! Values are kept as text: numbers in decimal, booleans `true`/`false`, dates `YYYY-MM-DD`,
//! decimals scaled, binary as lower-case hex. They never leave through this API: [`ColumnSample`]'s
//! values are readable only inside the crate, and what leaves are conclusions (detections, statistics).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl, get_column_reader};
use parquet::data_type::{AsBytes, DataType};
use parquet::file::metadata::{ColumnChunkMetaData, ParquetMetaData};
use parquet::file::reader::{ChunkReader, Length};
use parquet::file::serialized_reader::SerializedPageReader;
use parquet::schema::types::ColumnDescriptor;
use serde_json::Value;

mod avro;
mod orc;

use super::{InferOptions, InferredTable, csv, json, parquet as pq, sample};
use crate::Result;
use crate::catalog::Column;
use crate::source::{ByteSource, MemorySource};

/// Rows of a Parquet file (records of an Avro file, rows of an ORC file's first stripe) decoded for a
/// value sample.
pub const DEFAULT_PARQUET_ROWS: usize = 1000;
/// Bytes of Parquet column chunks (Avro data blocks, an ORC file's first stripe) read for a value
/// sample, per file.
pub const DEFAULT_PARQUET_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Budgets of value sampling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Text budgets (and the CSV classifier's switches), as inference uses them.
    pub infer: InferOptions,
    /// Rows decoded from a Parquet file, records from an Avro file, rows from an ORC file's first stripe.
    pub parquet_rows: usize,
    /// Bytes of Parquet column chunks read per file; for Avro, bytes of data blocks read and, again,
    /// bytes they decompress to; for ORC, bytes of the first stripe read and, again, decompressed.
    pub parquet_page_bytes: u64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            infer: InferOptions::default(),
            parquet_rows: DEFAULT_PARQUET_ROWS,
            parquet_page_bytes: DEFAULT_PARQUET_PAGE_BYTES,
        }
    }
}

/// The sampled values of one leaf of one column. `None` is a null (or, for a CSV cell, an empty one).
/// Its `Debug` shows counts, not values, so no log or panic message can carry them.
#[derive(Clone, PartialEq, Eq)]
pub struct ColumnSample {
    column: String,
    path: Vec<String>,
    values: Vec<Option<String>>,
}

impl std::fmt::Debug for ColumnSample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ColumnSample")
            .field("name", &self.name())
            .field("values", &self.values.len())
            .field("nulls", &self.values.iter().filter(|v| v.is_none()).count())
            .finish()
    }
}

impl ColumnSample {
    /// Values of a top-level column (the app or a test may supply values it holds).
    pub fn new(column: impl Into<String>, values: Vec<Option<String>>) -> Self {
        Self {
            column: column.into(),
            path: Vec::new(),
            values,
        }
    }

    /// The top-level column this leaf belongs to, as the catalog names it.
    pub fn column(&self) -> &str {
        &self.column
    }

    /// The leaf's dotted path below its column (`address.city`); the column's name for a flat column.
    pub fn name(&self) -> String {
        std::iter::once(self.column.as_str())
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// True for a flat column's own values (not a nested leaf).
    pub fn is_top_level(&self) -> bool {
        self.path.is_empty()
    }

    /// How many values (nulls included) were sampled.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub(crate) fn values(&self) -> &[Option<String>] {
        &self.values
    }
}

/// What was read of one file: its table, its value samples and what could not be sampled. Its `Debug`
/// leaves out the Parquet footer, whose statistics hold values (string minimums and maximums).
#[derive(Clone)]
pub struct FileSample {
    pub table: InferredTable,
    pub columns: Vec<ColumnSample>,
    /// One sentence per column or file that could not be sampled, and why.
    pub findings: Vec<String>,
    /// The Parquet footer with its statistics, for exact column statistics.
    pub(crate) parquet: Option<Arc<ParquetMetaData>>,
    /// The ORC footer's statistics, for exact column statistics.
    pub(crate) orc: Option<super::orc::FooterStatistics>,
}

impl FileSample {
    /// `table` with nothing sampled yet: what each format's sampler starts from.
    pub(crate) fn of(table: InferredTable) -> Self {
        Self {
            table,
            columns: Vec::new(),
            findings: Vec::new(),
            parquet: None,
            orc: None,
        }
    }
}

impl std::fmt::Debug for FileSample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSample")
            .field("table", &self.table)
            .field("columns", &self.columns)
            .field("findings", &self.findings)
            .field("parquet_footer", &self.parquet.is_some())
            .field("orc_footer", &self.orc.is_some())
            .finish()
    }
}

/// Infers one file's table and samples its values within `options`' budgets.
pub async fn sample_file(
    source: &impl ByteSource,
    file_name: &str,
    options: &SampleOptions,
) -> Result<FileSample> {
    let len = source.len().await?;
    // As inference does: a `.parquet` name goes straight to the footer, without a round trip for the
    // first bytes; only a failure there makes the first bytes decide.
    if super::footer_format_by_name(file_name) == Some(super::FooterFormat::Parquet)
        && let Ok(sample) = sample_parquet_file(source, len, options).await
    {
        return Ok(sample);
    }
    let head = source.read(0..len.min(4)).await?;
    if pq::MAGICS.iter().any(|magic| head.starts_with(magic)) {
        return sample_parquet_file(source, len, options).await;
    }
    if head.starts_with(super::avro::MAGIC) {
        return avro::sample(source, options).await;
    }
    if head.starts_with(super::orc::MAGIC) {
        return orc::sample(source, options).await;
    }
    let (table, text) = super::infer_text(source, file_name, &options.infer).await?;
    let columns = if table.parameters.get("classification").map(String::as_str) == Some("json") {
        json_columns(&text, &table)?
    } else {
        csv_columns(&text, options, &table)?
    };
    Ok(FileSample {
        columns,
        ..FileSample::of(table)
    })
}

/// The footer read of a file no larger than the first footer guess reads it whole anyway: one read,
/// then every column chunk from memory instead of one more read each (in the browser each read is a
/// round trip).
async fn sample_parquet_file(
    source: &impl ByteSource,
    len: u64,
    options: &SampleOptions,
) -> Result<FileSample> {
    if len <= pq::FOOTER_GUESS {
        let whole = MemorySource::new(source.read(0..len).await?);
        return sample_parquet(&whole, len, options).await;
    }
    sample_parquet(source, len, options).await
}

fn csv_columns(
    text: &sample::Sample,
    options: &SampleOptions,
    table: &InferredTable,
) -> Result<Vec<ColumnSample>> {
    let records = csv::data_records(text, &options.infer.csv, table)?;
    Ok(table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let values = records
                .iter()
                .map(|row| row.get(i).filter(|c| !c.is_empty()).cloned())
                .collect();
            ColumnSample::new(column.name.clone(), values)
        })
        .collect())
}

/// The key a JSON column is read from: its original name when inference renamed it.
fn source_name(column: &Column) -> &str {
    column
        .parameters
        .get(super::ORIGINAL_NAME_PARAMETER)
        .unwrap_or(&column.name)
}

fn json_columns(text: &sample::Sample, table: &InferredTable) -> Result<Vec<ColumnSample>> {
    let mut leaves = JsonLeaves::default();
    let mut records = 0usize;
    json::for_each_record(text, |object| {
        for column in &table.columns {
            let value = object.get(source_name(column)).unwrap_or(&Value::Null);
            leaves.add(&column.name, &mut Vec::new(), value, records);
        }
        records += 1;
    })?;
    // A leaf first seen in record n missed n values; a leaf absent from later records missed those.
    let mut samples = leaves.samples;
    for leaf in &mut samples {
        leaf.values.resize(records.max(leaf.values.len()), None);
    }
    Ok(samples)
}

/// The leaves of JSON records in first-seen order, found by (column, path) in one lookup each.
#[derive(Default)]
struct JsonLeaves {
    samples: Vec<ColumnSample>,
    index: HashMap<(String, Vec<String>), usize>,
}

impl JsonLeaves {
    /// Adds `value` (record number `record`) to its leaves: scalars to the leaf at `path`, objects
    /// field by field, arrays element by element into the same leaf. Depth is bounded by inference's
    /// check of the same sample ([`json::MAX_DEPTH`]).
    fn add(&mut self, column: &str, path: &mut Vec<String>, value: &Value, record: usize) {
        let text = match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    path.push(key.clone());
                    self.add(column, path, field, record);
                    path.pop();
                }
                return;
            }
            Value::Array(items) => {
                for item in items {
                    self.add(column, path, item, record);
                }
                return;
            }
            Value::Null => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
        };
        let samples = &mut self.samples;
        let at = *self
            .index
            .entry((column.to_owned(), path.clone()))
            .or_insert_with(|| {
                samples.push(ColumnSample {
                    column: column.to_owned(),
                    path: path.clone(),
                    values: Vec::new(),
                });
                samples.len() - 1
            });
        if let Some(leaf) = samples.get_mut(at) {
            if leaf.values.len() < record {
                leaf.values.resize(record, None);
            }
            leaf.values.push(text);
        }
    }
}

async fn sample_parquet(
    source: &impl ByteSource,
    len: u64,
    options: &SampleOptions,
) -> Result<FileSample> {
    let footer = pq::read_footer(source, len).await?;
    let table = pq::infer_footer(&footer, len)?;
    let mut file = FileSample::of(table);
    let metadata = match pq::decode(&footer) {
        Ok(metadata) => Arc::new(metadata),
        Err(e) => {
            file.findings.push(format!(
                "No values sampled: the row-group metadata could not be decoded ({}).",
                e.message()
            ));
            return Ok(file);
        }
    };
    let schema = metadata.file_metadata().schema_descr_ptr();
    let leaves = schema.columns();
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); leaves.len()];
    let mut rows_done = 0usize;
    let mut budget = options.parquet_page_bytes;
    let mut failed = vec![false; leaves.len()];
    // Leaves left unsampled by each codec this build does not decode: one finding per codec and file.
    let mut unsupported = std::collections::BTreeMap::<String, Vec<String>>::new();
    // Which bytes of which leaf of which row group to decode, planned from the footer alone so that the
    // reads below take as few requests as the layout allows (usually one for the whole sample).
    let mut planned: Vec<Planned> = Vec::new();
    for (group, row_group) in metadata.row_groups().iter().enumerate() {
        if rows_done >= options.parquet_rows || budget == 0 {
            break;
        }
        let want = options.parquet_rows - rows_done;
        let rows = usize::try_from(row_group.num_rows()).unwrap_or(0).min(want);
        let chunks: Vec<_> = row_group.columns().iter().collect();
        let lengths: Vec<u64> = chunks
            .iter()
            .map(|c| chunk_range(c).map_or(0, |(_, len)| len))
            .collect();
        let shares = share_budget(&lengths, budget);
        for (leaf_index, (chunk, share)) in chunks.iter().zip(shares).enumerate() {
            let (Some(descr), Some(done)) = (leaves.get(leaf_index), failed.get_mut(leaf_index))
            else {
                continue;
            };
            if *done {
                continue;
            }
            let leaf = descr.path().string();
            // A damaged footer can place a chunk before the start or past the end of the file: nothing of
            // it can be read.
            let Some((start, _)) = chunk_range(chunk) else {
                file.findings.push(format!(
                    "Column {leaf} is not sampled: the footer gives its data a negative offset or size."
                ));
                *done = true;
                continue;
            };
            if share == 0 {
                continue;
            }
            if let Some(codec) = unsupported_codec(chunk.compression()) {
                unsupported.entry(codec).or_default().push(leaf);
                *done = true;
                continue;
            }
            if start >= len {
                file.findings.push(format!(
                    "Column {leaf} is not sampled: its data starts at byte {start}, past the end of the \
                     {len} byte file."
                ));
                *done = true;
                continue;
            }
            let range = start..start.saturating_add(share).min(len);
            budget = budget.saturating_sub(range.end - range.start);
            planned.push(Planned {
                group,
                rows,
                leaf: leaf_index,
                range,
            });
        }
        rows_done += rows;
    }
    let ranges: Vec<Range<u64>> = planned.iter().map(|p| p.range.clone()).collect();
    let spans = read_spans(source, &ranges, budget.min(SPAN_GAP_BYTES)).await?;
    // A leaf whose pages stopped decoding in one row group is not decoded in the next.
    let mut broken = vec![false; leaves.len()];
    for Planned {
        group,
        rows,
        leaf: leaf_index,
        range,
    } in planned
    {
        let (Some(row_group), Some(descr), Some(broken)) = (
            metadata.row_groups().get(group),
            leaves.get(leaf_index),
            broken.get_mut(leaf_index),
        ) else {
            continue;
        };
        let (Some(chunk), Some(bytes), false) = (
            row_group.columns().get(leaf_index),
            spans.slice(&range),
            *broken,
        ) else {
            continue;
        };
        let leaf = descr.path().string();
        let fetched = Arc::new(Fetched {
            range,
            bytes,
            file_len: len,
        });
        let decoded = SerializedPageReader::new(
            fetched,
            chunk,
            usize::try_from(row_group.num_rows()).unwrap_or(0),
            None,
        )
        .map_err(|e| e.to_string())
        .and_then(|pages| {
            // The parquet crate's page decoders assert on some damaged pages (a dictionary entry
            // longer than its page) instead of returning an error. Natively the panic is caught and
            // becomes a finding; on wasm32, where panics abort, such a file stops the worker that
            // samples it (see the module documentation).
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_leaf(descr, Box::new(pages), rows)
            }))
            .unwrap_or_else(|_| Err("a data page is damaged (the page decoder gave up)".into()))
        });
        let (leaf_values, error) = decoded.unwrap_or_else(|e| (Vec::new(), Some(e)));
        if let Some(error) = error.filter(|_| leaf_values.len() < rows) {
            file.findings.push(format!(
                "Column {leaf}: {} of {rows} rows sampled ({error}).",
                leaf_values.len()
            ));
            *broken = true;
        }
        if let Some(target) = values.get_mut(leaf_index) {
            target.extend(leaf_values);
        }
    }
    for (codec, leaves) in unsupported {
        file.findings.push(format!(
            "Codec {codec} is not supported for value sampling in this build (only uncompressed, snappy, \
             gzip and lz4 are): {} not sampled ({}).",
            if leaves.len() == 1 { "1 column" } else { "columns" },
            leaves.join(", ")
        ));
    }
    let top_names: Vec<String> = file.table.columns.iter().map(|c| c.name.clone()).collect();
    file.columns = leaves
        .iter()
        .zip(values)
        .filter_map(|(descr, values)| {
            let parts = descr.path().parts();
            let (top, rest) = parts.split_first()?;
            // The catalog lower-cases and de-duplicates names: find the column by the same rule.
            let column = top_names
                .iter()
                .find(|n| n.as_str() == top.to_lowercase())
                .cloned()
                .unwrap_or_else(|| top.to_lowercase());
            Some(ColumnSample {
                column,
                path: leaf_path(rest),
                values,
            })
        })
        .collect();
    file.parquet = Some(metadata);
    Ok(file)
}

/// Bytes between planned chunk prefixes that may be read to save round trips: a round trip costs more
/// than a few unused bytes (chunks are usually back to back, no gaps at all). Gaps are paid from what
/// the page budget has left, so a sample never reads more than the budget.
const SPAN_GAP_BYTES: u64 = 256 * 1024;

/// One leaf's chunk prefix of one row group, to be read and decoded.
struct Planned {
    group: usize,
    /// Rows wanted from this row group.
    rows: usize,
    leaf: usize,
    range: Range<u64>,
}

/// The bytes read for the planned chunk prefixes: spans covering one or more of them.
struct Spans(Vec<(u64, Bytes)>);

impl Spans {
    /// The bytes of `range`, which lies inside one span.
    fn slice(&self, range: &Range<u64>) -> Option<Bytes> {
        let (start, bytes) = self.0.iter().find(|(start, bytes)| {
            *start <= range.start && range.end <= start + bytes.len() as u64
        })?;
        let from = usize::try_from(range.start - start).ok()?;
        let to = usize::try_from(range.end - start).ok()?;
        Some(bytes.slice(from..to))
    }
}

/// Reads `planned` ranges, merged where they touch or overlap, and across gaps while the gaps add up to
/// at most `gap_budget`, so a remote file's sample costs one request rather than one per column chunk.
async fn read_spans(
    source: &impl ByteSource,
    planned: &[Range<u64>],
    gap_budget: u64,
) -> Result<Spans> {
    let mut ranges = planned.to_vec();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<u64>> = Vec::new();
    let mut gaps_left = gap_budget;
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start.saturating_sub(last.end) <= gaps_left => {
                gaps_left -= range.start.saturating_sub(last.end);
                last.end = last.end.max(range.end);
            }
            _ => merged.push(range),
        }
    }
    let mut spans = Vec::with_capacity(merged.len());
    for range in merged {
        let bytes = source.read(range.clone()).await?;
        spans.push((range.start, Bytes::from(bytes)));
    }
    Ok(Spans(spans))
}

/// A column chunk's `(offset, length)` in the file, or `None` when the footer gives a negative offset or
/// size (on which the parquet crate's `byte_range` panics).
fn chunk_range(chunk: &ColumnChunkMetaData) -> Option<(u64, u64)> {
    let start = chunk
        .dictionary_page_offset()
        .unwrap_or_else(|| chunk.data_page_offset());
    Some((
        u64::try_from(start).ok()?,
        u64::try_from(chunk.compressed_size()).ok()?,
    ))
}

/// The path of a leaf below its column, without the Parquet `list`/`element`/`key_value` wrappers that
/// are not field names in the Hive type.
fn leaf_path(rest: &[String]) -> Vec<String> {
    rest.iter()
        .filter(|p| !matches!(p.as_str(), "list" | "element" | "item" | "array" | "bag"))
        .map(|p| p.to_lowercase())
        .collect()
}

/// Splits `budget` over chunks of the given lengths: every chunk gets at most its length, and what small
/// chunks do not need goes to the larger ones in equal parts (water-filling).
fn share_budget(lengths: &[u64], budget: u64) -> Vec<u64> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| lengths.get(i).copied().unwrap_or(0));
    let mut shares = vec![0; lengths.len()];
    let mut left = budget;
    for (placed, &i) in order.iter().enumerate() {
        let remaining = (lengths.len() - placed) as u64;
        let fair = left / remaining.max(1);
        let share = lengths.get(i).copied().unwrap_or(0).min(fair);
        if let Some(slot) = shares.get_mut(i) {
            *slot = share;
        }
        left -= share;
    }
    shares
}

/// The name (`ZSTD`, `BROTLI`, ...) of a codec this build does not decode, `None` for the ones it does:
/// the pure-Rust ones (see core/Cargo.toml's `parquet` features).
fn unsupported_codec(codec: Compression) -> Option<String> {
    match codec {
        Compression::UNCOMPRESSED
        | Compression::SNAPPY
        | Compression::GZIP(_)
        | Compression::LZ4
        | Compression::LZ4_RAW => None,
        // `ZSTD(ZstdLevel(1))`: the level says nothing to a reader of the finding.
        other => Some(
            other
                .to_string()
                .split('(')
                .next()
                .unwrap_or_default()
                .to_owned(),
        ),
    }
}

/// Decodes up to `rows` rows of one leaf; on an error, the values decoded before it and the error.
fn read_leaf(
    descr: &Arc<ColumnDescriptor>,
    pages: Box<dyn parquet::column::page::PageReader>,
    rows: usize,
) -> std::result::Result<(Vec<Option<String>>, Option<String>), String> {
    let format = ValueFormat::of(descr);
    let reader = get_column_reader(Arc::clone(descr), pages);
    Ok(match reader {
        ColumnReader::BoolColumnReader(r) => read_typed(r, descr, rows, |v| v.to_string()),
        ColumnReader::Int32ColumnReader(r) => read_typed(r, descr, rows, |v| {
            format.int(match format {
                ValueFormat::Unsigned => i128::from(u32::from_ne_bytes(v.to_ne_bytes())),
                _ => i128::from(*v),
            })
        }),
        ColumnReader::Int64ColumnReader(r) => read_typed(r, descr, rows, |v| {
            format.int(match format {
                ValueFormat::Unsigned => i128::from(u64::from_ne_bytes(v.to_ne_bytes())),
                _ => i128::from(*v),
            })
        }),
        ColumnReader::Int96ColumnReader(r) => read_typed(r, descr, rows, |v| v.to_string()),
        ColumnReader::FloatColumnReader(r) => read_typed(r, descr, rows, |v| v.to_string()),
        ColumnReader::DoubleColumnReader(r) => read_typed(r, descr, rows, |v| v.to_string()),
        ColumnReader::ByteArrayColumnReader(r) => {
            read_typed(r, descr, rows, |v| format.bytes(v.as_bytes()))
        }
        ColumnReader::FixedLenByteArrayColumnReader(r) => {
            read_typed(r, descr, rows, |v| format.bytes(v.as_bytes()))
        }
    })
}

/// How one leaf's physical values become text.
#[derive(Debug, Clone, Copy)]
enum ValueFormat {
    Plain,
    /// Unsigned integers arrive as their signed bit pattern.
    Unsigned,
    Date,
    Decimal(u32),
    Text,
}

impl ValueFormat {
    fn of(descr: &ColumnDescriptor) -> Self {
        match (descr.logical_type_ref(), descr.physical_type()) {
            (Some(LogicalType::Date), _) => ValueFormat::Date,
            (Some(LogicalType::Decimal(d)), _) => {
                ValueFormat::Decimal(u32::try_from(d.scale).unwrap_or(0))
            }
            (Some(LogicalType::Integer(i)), _) if !i.is_signed => ValueFormat::Unsigned,
            (Some(LogicalType::String | LogicalType::Enum | LogicalType::Json), _) => {
                ValueFormat::Text
            }
            (None, Physical::BYTE_ARRAY)
                if descr.converted_type() == parquet::basic::ConvertedType::UTF8 =>
            {
                ValueFormat::Text
            }
            _ => ValueFormat::Plain,
        }
    }

    fn int(self, v: i128) -> String {
        match self {
            ValueFormat::Date => date_from_days(v),
            ValueFormat::Decimal(scale) => decimal(v, scale),
            _ => v.to_string(),
        }
    }

    fn bytes(self, v: &[u8]) -> String {
        match self {
            ValueFormat::Text => String::from_utf8_lossy(v).into_owned(),
            ValueFormat::Decimal(scale) if v.len() <= 16 => {
                // Big-endian two's complement, sign-extended.
                let fill = if v.first().is_some_and(|b| b & 0x80 != 0) {
                    0xff
                } else {
                    0
                };
                let mut word = [fill; 16];
                if let Some(tail) = word.get_mut(16 - v.len()..) {
                    tail.copy_from_slice(v);
                }
                decimal(i128::from_be_bytes(word), scale)
            }
            _ => v.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

pub(crate) fn decimal(unscaled: i128, scale: u32) -> String {
    if scale == 0 {
        return unscaled.to_string();
    }
    let digits = unscaled.unsigned_abs().to_string();
    let width = usize::try_from(scale).unwrap_or(0) + 1;
    let padded = format!("{digits:0>width$}");
    let (whole, fraction) = padded.split_at(padded.len() - (width - 1));
    let sign = if unscaled < 0 { "-" } else { "" };
    format!("{sign}{whole}.{fraction}")
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
pub(crate) fn date_from_days(days: i128) -> String {
    let (year, month, day) = crate::calendar::civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Rows decoded per call: an error loses at most this many already-decoded values.
const BATCH_ROWS: usize = 100;

fn read_typed<T: DataType>(
    mut reader: ColumnReaderImpl<T>,
    descr: &ColumnDescriptor,
    rows: usize,
    text: impl Fn(&T::T) -> String,
) -> (Vec<Option<String>>, Option<String>) {
    let max_def = descr.max_def_level();
    let mut out = Vec::new();
    let mut rows_read = 0;
    while rows_read < rows {
        let mut defs = Vec::new();
        let mut reps = Vec::new();
        let mut values = Vec::new();
        let batch = BATCH_ROWS.min(rows - rows_read);
        match reader.read_records(batch, Some(&mut defs), Some(&mut reps), &mut values) {
            Ok((0, _, _)) => break,
            Ok((records, _, levels)) => {
                rows_read += records;
                let mut present = values.iter();
                if max_def == 0 {
                    out.extend(present.map(|v| Some(text(v))));
                } else {
                    for def in defs.iter().take(levels) {
                        out.push(if *def == max_def {
                            present.next().map(&text)
                        } else {
                            None
                        });
                    }
                }
            }
            Err(e) => return (out, Some(codec_message(&e.to_string()))),
        }
    }
    (out, None)
}

/// The parquet crate says "Disabled feature at compile time: zstd" for a codec left out of the build.
fn codec_message(error: &str) -> String {
    if error.contains("Disabled feature") {
        format!("codec not supported in this build: {error}")
    } else {
        error.to_owned()
    }
}

/// The column-chunk bytes read for a sample, as the parquet crate's page reader asks for them. Asking for
/// bytes outside what was read is an error (the reader then stops at the pages it has), so no read can
/// slip past the budget.
struct Fetched {
    range: Range<u64>,
    bytes: Bytes,
    file_len: u64,
}

impl Length for Fetched {
    fn len(&self) -> u64 {
        self.file_len
    }
}

impl Fetched {
    fn slice(&self, start: u64, length: Option<usize>) -> parquet::errors::Result<Bytes> {
        let outside = || {
            parquet::errors::ParquetError::EOF(format!(
                "bytes from {start} are beyond the {} sampled bytes",
                self.range.end - self.range.start
            ))
        };
        let offset = start
            .checked_sub(self.range.start)
            .and_then(|o| usize::try_from(o).ok())
            .filter(|o| *o <= self.bytes.len())
            .ok_or_else(outside)?;
        let end = match length {
            Some(length) => offset
                .checked_add(length)
                .filter(|e| *e <= self.bytes.len())
                .ok_or_else(outside)?,
            None => self.bytes.len(),
        };
        Ok(self.bytes.slice(offset..end))
    }
}

impl ChunkReader for Fetched {
    type T = bytes::buf::Reader<Bytes>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        use bytes::Buf;
        Ok(self.slice(start, None)?.reader())
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        self.slice(start, Some(length))
    }
}
