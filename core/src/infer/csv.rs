//! CSV and other delimited text: what Glue's built-in CSV classifier makes of a sample (glue.md §2.1–2.4,
//! §3.2).
//!
//! The sample is tokenised with the `csv` crate (RFC 4180 quoting with `""` escapes, CR, LF or CRLF line
//! ends, line breaks inside quotes, a leading UTF-8 BOM removed). Only the first [`CsvOptions::max_records`]
//! records are used for the schema; when the sample was cut short the last record, possibly partial, is
//! dropped.
//!
//! Decisions, in order:
//!
//! 1. **Text.** The sample must be UTF-8 without NUL bytes (what Athena's text SerDes read); anything else is
//!    not CSV.
//! 2. **Delimiter.** Each of `,` `|` tab `;` Ctrl-A splits the sampled records; the most frequent field count
//!    of a delimiter is its column count. A delimiter qualifies when that count is at least 2 and at least
//!    90% of the sampled records have it. Among qualifying delimiters the one with the most records at its
//!    column count wins, then the one with more columns, then the earlier in the list above.
//! 3. **Header** (glue.md §3.2, verbatim rules): the first record is a header when every cell of it is text
//!    (not bigint, double or boolean), non-empty and fewer than 150 characters (the last cell may be empty
//!    when the last column is empty throughout the sample: a trailing delimiter), a valid Glue column name,
//!    and at least one column below it is not `string`. Otherwise columns are named `col0`, `col1`, ...
//!    (what real crawls produce; the docs say `col1`).
//! 4. **Size.** At least two columns (unless [`CsvOptions::allow_single_column`]) and two data rows.
//! 5. **Types** per column, ignoring empty cells: `boolean` (`true`/`false`, any case), `bigint` (integers
//!    that fit 64 bits), `double` (decimal or exponent notation; bigint and double mix to double), else
//!    `string`. Dates and timestamps stay `string`, as the crawler leaves them. Cells are not trimmed
//!    (`" 5"` is a string: Hive reads it as NULL in a bigint column). Integers too large for 64 bits make
//!    the column `string`, so identifiers keep all their digits (Hive would read them as NULL bigints).
//! 6. **SerDe.** When any sampled field is quoted the table uses `OpenCSVSerde` (which strips the quotes)
//!    and, because that SerDe reads every column as text, all columns become `string`. Unquoted files use
//!    `LazySimpleSerDe` with `field.delim`, the crawler's default.

use csv::{ByteRecord, ReaderBuilder};

use super::sample::Sample;
use super::{InferredTable, crawler_parameters};
use crate::catalog::{Column, Parameters, SerDeInfo, StorageFormat};
use crate::names;
use crate::types::HiveType;
use crate::{Error, Result};

/// The delimiters the crawler tries, in its order: comma, pipe, tab, semicolon, Ctrl-A.
pub const DELIMITERS: [u8; 5] = [b',', b'|', b'\t', b';', 0x01];
/// Records read for a schema, like the crawler (glue.md §3.1).
pub const DEFAULT_MAX_RECORDS: usize = 1000;
/// A header cell must be shorter than this many characters.
pub const MAX_HEADER_CELL_CHARS: usize = 150;
/// Share of sampled records, in percent, that must have a delimiter's column count for it to qualify.
pub const MIN_CONSISTENT_PERCENT: usize = 90;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const QUOTE: u8 = b'"';
const TEXT_INPUT_FORMAT: &str = "org.apache.hadoop.mapred.TextInputFormat";
const TEXT_OUTPUT_FORMAT: &str = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
const LAZY_SIMPLE_SERDE: &str = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
const OPEN_CSV_SERDE: &str = "org.apache.hadoop.hive.serde2.OpenCSVSerde";

/// Knobs of CSV inference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// Accept files with a single column, like a custom classifier's `AllowSingleColumn`.
    pub allow_single_column: bool,
    /// Records used for the schema (the crawler's 1,000); at least 1 is used.
    pub max_records: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            allow_single_column: false,
            max_records: DEFAULT_MAX_RECORDS,
        }
    }
}

/// The table the crawler's CSV classifier would make of `sample`; an [`Error::unsupported`] saying why when
/// it would not classify the sample as CSV, [`Error::malformed`] for a quote that is never closed.
pub fn infer_sample(sample: &Sample, options: &CsvOptions) -> Result<InferredTable> {
    let text = sample.bytes.strip_prefix(BOM).unwrap_or(&sample.bytes);
    check_text(text, sample.truncated)?;
    let limit = options.max_records.max(1);

    let mut parses = Vec::with_capacity(DELIMITERS.len());
    // A delimiter the sample never holds splits nothing, so every such delimiter parses it alike and
    // the first of them wins any tie (see `choose_delimiter`): one parse stands for all of them. Most
    // files hold one or two of the five, so this saves most of the passes over a 1 MB sample.
    let mut absent_parsed = false;
    for delimiter in DELIMITERS {
        if !text.contains(&delimiter) {
            if absent_parsed {
                continue;
            }
            absent_parsed = true;
        }
        parses.push(tokenize(text, delimiter, limit, sample.truncated)?);
    }
    if parses.iter().all(|p| p.rows.is_empty()) {
        return Err(Error::unsupported(
            "Not classified as CSV: the sample holds no complete record.",
        ));
    }
    let mut notes = Vec::new();
    let parsed = choose_delimiter(parses, options, &mut notes)?;
    if parsed.unterminated {
        return Err(Error::malformed(format!(
            "Not readable as CSV: a quoted field in record {} is never closed before the end of the file.",
            parsed.total
        )));
    }
    let width = parsed.width;
    let rows = &parsed.rows;

    let header = header_decision(rows, width);
    let (has_header, header_note) = match header {
        Ok(note) => (true, note),
        Err(note) => (false, note),
    };
    notes.push(header_note);

    let skip = usize::from(has_header);
    let data_rows = parsed.total.saturating_sub(skip as u64);
    if data_rows < 2 {
        return Err(Error::unsupported(format!(
            "Not classified as CSV: Glue needs at least two rows of data and the sample has {data_rows}."
        )));
    }

    let stats = column_stats(rows.get(skip..).unwrap_or_default(), width);
    let names = column_names(rows.first(), width, has_header);
    for (name, stat) in names.iter().zip(&stats) {
        if stat.huge_integer {
            notes.push(format!(
                "Column '{name}' holds integers too large for bigint; it stays string so no digit is lost."
            ));
        }
    }
    let inferred: Vec<HiveType> = stats.iter().map(ColumnStats::hive_type).collect();
    let quoted = rows.iter().any(|row| row.quoted);
    let delimiter = char::from(parsed.delimiter).to_string();
    let format = if quoted {
        if inferred.iter().any(|t| *t != HiveType::String) {
            let described: Vec<String> = names
                .iter()
                .zip(&inferred)
                .map(|(name, t)| format!("{name} {t}"))
                .collect();
            notes.push(format!(
                "Fields are quoted, so the table uses OpenCSVSerde, which reads every column as string \
                 (the values looked like: {}); cast in queries where needed.",
                described.join(", ")
            ));
        } else {
            notes.push("Fields are quoted, so the table uses OpenCSVSerde.".to_owned());
        }
        storage_format(
            OPEN_CSV_SERDE,
            Parameters::from([
                ("separatorChar".into(), delimiter.clone()),
                ("quoteChar".into(), "\"".into()),
                ("escapeChar".into(), "\\".into()),
            ]),
        )
    } else {
        delimited_format(&delimiter)
    };
    if parsed.line_breaks {
        notes.push(
            "Some quoted fields contain line breaks; Athena's text SerDes end a record at every line \
             break, so those rows will be split when queried."
                .to_owned(),
        );
    }

    let mut columns = names
        .into_iter()
        .zip(inferred)
        .map(|(name, data_type)| {
            let data_type = if quoted { HiveType::String } else { data_type };
            Column::new(name, data_type)
        })
        .collect::<Vec<_>>();
    if let Some(header) = rows.first().filter(|_| has_header) {
        super::keep_original_names(&mut columns, header_cells(header, width), &mut notes);
    }

    let record_count = if sample.truncated {
        notes.push(format!(
            "Record count unknown: only the first {} bytes of the content were read.",
            sample.bytes.len()
        ));
        None
    } else {
        Some(data_rows)
    };
    let mut parameters = crawler_parameters("csv", record_count, sample.stored_len);
    parameters.insert(
        "compressionType".into(),
        sample.compression.glue_name().into(),
    );
    parameters.insert("delimiter".into(), delimiter);
    parameters.insert("columnsOrdered".into(), "true".into());
    parameters.insert("areColumnsQuoted".into(), quoted.to_string());
    if has_header {
        parameters.insert("skip.header.line.count".into(), "1".into());
    }

    Ok(InferredTable {
        columns,
        format,
        parameters,
        notes,
    })
}

/// The cells of the sampled data records of a sample that [`infer_sample`] classified as `table`: the same
/// tokenising, delimiter and header decision, at most [`CsvOptions::max_records`] records, the partial
/// last record of a cut sample dropped. For value sampling (`infer::values`).
pub(crate) fn data_records(
    sample: &Sample,
    options: &CsvOptions,
    table: &InferredTable,
) -> Result<Vec<Vec<String>>> {
    let text = sample.bytes.strip_prefix(BOM).unwrap_or(&sample.bytes);
    let delimiter = table
        .parameters
        .get("delimiter")
        .and_then(|d| d.bytes().next())
        .ok_or_else(|| Error::invalid("the table has no CSV delimiter parameter"))?;
    let skip = usize::from(table.parameters.contains_key("skip.header.line.count"));
    let parsed = tokenize(
        text,
        delimiter,
        options.max_records.max(1),
        sample.truncated,
    )?;
    Ok(parsed
        .rows
        .into_iter()
        .skip(skip)
        .map(|row| row.cells)
        .collect())
}

/// The crawler's storage format for unquoted delimited text: LazySimpleSerDe with `field.delim`.
pub fn delimited_format(delimiter: &str) -> StorageFormat {
    storage_format(
        LAZY_SIMPLE_SERDE,
        Parameters::from([("field.delim".into(), delimiter.to_owned())]),
    )
}

fn storage_format(serde: &str, parameters: Parameters) -> StorageFormat {
    StorageFormat {
        input_format: TEXT_INPUT_FORMAT.into(),
        output_format: TEXT_OUTPUT_FORMAT.into(),
        serde: SerDeInfo {
            serialization_library: serde.into(),
            parameters,
        },
    }
}

/// Refuses binary content: NUL bytes or invalid UTF-8 (an incomplete character at the end of a cut sample
/// is fine).
fn check_text(text: &[u8], truncated: bool) -> Result<()> {
    if let Some(at) = text.iter().position(|b| *b == 0) {
        return Err(Error::unsupported(format!(
            "Not classified as CSV: byte {at} is NUL, so this is binary data, not text."
        )));
    }
    match std::str::from_utf8(text) {
        Ok(_) => Ok(()),
        Err(e) if truncated && e.error_len().is_none() => Ok(()),
        Err(e) => Err(Error::unsupported(format!(
            "Not classified as CSV: the bytes at offset {} are not UTF-8 text.",
            e.valid_up_to()
        ))),
    }
}

fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "','",
        b'|' => "'|'",
        b'\t' => "tab",
        b';' => "';'",
        0x01 => "Ctrl-A (\\u0001)",
        _ => "the delimiter",
    }
}

#[derive(Debug)]
struct Row {
    cells: Vec<String>,
    /// A field of this record opened with a quote.
    quoted: bool,
}

/// One delimiter's reading of the sample.
#[derive(Debug)]
struct Parsed {
    delimiter: u8,
    /// The first records (at most the limit), the partial last one of a cut sample dropped.
    rows: Vec<Row>,
    /// Every complete record in the sample.
    total: u64,
    /// The last record of a complete sample ends inside quotes.
    unterminated: bool,
    /// A kept field contains CR or LF.
    line_breaks: bool,
    /// The most frequent field count of `rows` and how many rows have it.
    width: usize,
    consistent: usize,
}

fn tokenize(text: &[u8], delimiter: u8, limit: usize, truncated: bool) -> Result<Parsed> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .quoting(true)
        .quote(QUOTE)
        .double_quote(true)
        .delimiter(delimiter)
        .from_reader(text);
    let mut rows = Vec::new();
    let mut total: u64 = 0;
    let mut last_open = false;
    let mut record = ByteRecord::new();
    loop {
        let start = reader.position().byte();
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| Error::malformed(format!("Not readable as CSV: {e}")))?;
        if !more {
            break;
        }
        let end = reader.position().byte();
        let raw = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| text.get(s..e))
            .unwrap_or_default();
        let scan = scan_quotes(raw, delimiter);
        last_open = scan.open;
        total += 1;
        if rows.len() < limit {
            rows.push(Row {
                cells: record
                    .iter()
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect(),
                quoted: scan.quoted,
            });
        }
    }
    let mut unterminated = last_open;
    if truncated && total > 0 {
        // The cut may have fallen inside the last record: never trust it.
        if usize::try_from(total).is_ok_and(|t| t <= rows.len()) {
            rows.pop();
        }
        total -= 1;
        unterminated = false;
    }
    let line_breaks = rows
        .iter()
        .any(|row| row.cells.iter().any(|c| c.contains(['\n', '\r'])));
    let (width, consistent) = mode_width(&rows);
    Ok(Parsed {
        delimiter,
        rows,
        total,
        unterminated,
        line_breaks,
        width,
        consistent,
    })
}

/// The most frequent field count (the larger on a tie) and how many rows have it.
fn mode_width(rows: &[Row]) -> (usize, usize) {
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    for row in rows {
        *counts.entry(row.cells.len()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(width, count)| (*count, *width))
        .unwrap_or((0, 0))
}

#[derive(Debug, Default)]
struct QuoteScan {
    quoted: bool,
    open: bool,
}

/// Where quotes open and close in one record's raw bytes, following csv-core: a quote only opens a field
/// at its start, `""` inside quotes is a literal quote.
fn scan_quotes(raw: &[u8], delimiter: u8) -> QuoteScan {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        InQuotes,
        QuoteInQuotes,
    }
    let mut quoted = false;
    let mut state = State::FieldStart;
    for &b in raw {
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::FieldStart if b == QUOTE => {
                quoted = true;
                State::InQuotes
            }
            State::FieldStart | State::Unquoted if ends_field => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::InQuotes if b == QUOTE => State::QuoteInQuotes,
            State::InQuotes => State::InQuotes,
            State::QuoteInQuotes if b == QUOTE => State::InQuotes,
            State::QuoteInQuotes if ends_field => State::FieldStart,
            State::QuoteInQuotes => State::Unquoted,
        };
    }
    QuoteScan {
        quoted,
        open: state == State::InQuotes,
    }
}

fn choose_delimiter(
    parses: Vec<Parsed>,
    options: &CsvOptions,
    notes: &mut Vec<String>,
) -> Result<Parsed> {
    let qualifies =
        |p: &Parsed| p.width >= 2 && p.consistent * 100 >= p.rows.len() * MIN_CONSISTENT_PERCENT;
    // `max_by_key` keeps the last of equal keys; the reversed index makes the earlier delimiter win.
    let best = parses
        .into_iter()
        .enumerate()
        .filter(|(_, p)| qualifies(p) || options.allow_single_column && p.width == 1)
        .max_by_key(|(i, p)| (qualifies(p), p.consistent, p.width, usize::MAX - i))
        .map(|(_, p)| p);
    let Some(parsed) = best else {
        return Err(Error::unsupported(
            "Not classified as CSV: none of the delimiters ',' '|' tab ';' Ctrl-A splits at least 90% of \
             the sampled records into the same number (two or more) of fields, and Glue's CSV classifier \
             needs at least two columns.",
        ));
    };
    let sampled = parsed.rows.len();
    let name = delimiter_name(parsed.delimiter);
    let fields = parsed.width;
    if parsed.width < 2 {
        notes.push(format!(
            "Single column accepted: no delimiter splits the records, and single-column files are allowed \
             ({} of the {sampled} sampled records have {fields} field).",
            parsed.consistent
        ));
    } else if parsed.consistent == sampled {
        notes.push(format!(
            "Delimiter {name} chosen: every one of the {sampled} sampled records has {fields} fields."
        ));
    } else {
        notes.push(format!(
            "Delimiter {name} chosen: {} of the {sampled} sampled records have {fields} fields; in the \
             others missing fields read as NULL and extra fields are ignored.",
            parsed.consistent
        ));
    }
    Ok(parsed)
}

/// Type of one non-empty cell as the crawler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Boolean,
    BigInt,
    Double,
    String,
}

impl Kind {
    fn of(cell: &str) -> Option<Kind> {
        if cell.is_empty() {
            None
        } else if cell.eq_ignore_ascii_case("true") || cell.eq_ignore_ascii_case("false") {
            Some(Kind::Boolean)
        } else if cell.parse::<i64>().is_ok() {
            Some(Kind::BigInt)
        } else if is_integer(cell) {
            // Too large for 64 bits: keep the digits.
            Some(Kind::String)
        } else if is_decimal(cell) {
            Some(Kind::Double)
        } else {
            Some(Kind::String)
        }
    }

    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::BigInt | Kind::Double, Kind::BigInt | Kind::Double) => Kind::Double,
            _ => Kind::String,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::BigInt => "bigint",
            Kind::Double => "double",
            Kind::String => "string",
        }
    }
}

fn is_integer(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?`: what Java's `Double.parseDouble` reads, minus its
/// `NaN`/`Infinity` words and `d`/`f` suffixes.
fn is_decimal(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at).unwrap_or_default(),
            unsigned.get(at + 1..),
        ),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(is_integer);
    mantissa_ok && exponent_ok
}

#[derive(Debug, Default, Clone)]
struct ColumnStats {
    kind: Option<Kind>,
    huge_integer: bool,
}

impl ColumnStats {
    fn hive_type(&self) -> HiveType {
        match self.kind {
            Some(Kind::Boolean) => HiveType::Boolean,
            Some(Kind::BigInt) => HiveType::BigInt,
            Some(Kind::Double) => HiveType::Double,
            Some(Kind::String) | None => HiveType::String,
        }
    }
}

fn column_stats(rows: &[Row], width: usize) -> Vec<ColumnStats> {
    let mut stats = vec![ColumnStats::default(); width];
    for row in rows {
        for (stat, cell) in stats.iter_mut().zip(&row.cells) {
            if let Some(kind) = Kind::of(cell) {
                stat.huge_integer |= kind == Kind::String && is_integer(cell);
                stat.kind = Some(stat.kind.map_or(kind, |k| k.join(kind)));
            }
        }
    }
    stats
}

/// `Ok(note)` when the first record is a header (glue.md §3.2), `Err(note)` saying which rule failed.
fn header_decision(rows: &[Row], width: usize) -> std::result::Result<String, String> {
    let Some(first) = rows.first() else {
        return Err("No header: the sample is empty.".to_owned());
    };
    let last = width.saturating_sub(1);
    for i in 0..width {
        let cell = first.cells.get(i).map_or("", String::as_str);
        let shown = shorten(cell);
        if cell.is_empty() {
            let trailing = i == last
                && rows
                    .iter()
                    .all(|row| row.cells.get(i).is_none_or(String::is_empty));
            if trailing {
                continue;
            }
            return Err(format!(
                "No header: cell {} of the first record is empty, so columns are named col0, col1, ...",
                i + 1
            ));
        }
        if let Some(kind) = Kind::of(cell).filter(|k| *k != Kind::String) {
            return Err(format!(
                "No header: '{shown}' in the first record parses as {}, so columns are named col0, col1, ...",
                kind.name()
            ));
        }
        if cell.chars().count() >= MAX_HEADER_CELL_CHARS {
            return Err(format!(
                "No header: '{shown}' in the first record has {MAX_HEADER_CELL_CHARS} characters or more, \
                 so columns are named col0, col1, ..."
            ));
        }
        if !is_glue_name(cell) {
            return Err(format!(
                "No header: '{shown}' in the first record is not a valid Glue column name, so columns are \
                 named col0, col1, ..."
            ));
        }
    }
    let below = column_stats(rows.get(1..).unwrap_or_default(), width);
    match below
        .iter()
        .zip(&first.cells)
        .find(|(stat, _)| stat.kind.is_some_and(|k| k != Kind::String))
    {
        Some((stat, cell)) => Ok(format!(
            "First record is a header: every cell is text, and column '{}' holds {} values below it.",
            shorten(cell),
            stat.kind.map_or("string", Kind::name)
        )),
        None => Err(
            "No header: every column is string, so the first record is not different enough from the \
             others to be a header (Glue's rule); columns are named col0, col1, ..."
                .to_owned(),
        ),
    }
}

/// Glue's single-line string pattern, 1–255 characters.
fn is_glue_name(cell: &str) -> bool {
    let count = cell.chars().count();
    (1..=names::MAX_NAME_LEN).contains(&count)
        && cell.chars().all(|c| {
            c == '\t'
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
}

fn shorten(cell: &str) -> String {
    const SHOWN: usize = 40;
    if cell.chars().count() > SHOWN {
        let mut s: String = cell.chars().take(SHOWN).collect();
        s.push('…');
        s
    } else {
        cell.to_owned()
    }
}

/// The first `width` cells of a header record, empty where the record is short.
fn header_cells(row: &Row, width: usize) -> impl Iterator<Item = &str> {
    (0..width).map(|i| row.cells.get(i).map_or("", String::as_str))
}

fn column_names(first: Option<&Row>, width: usize, has_header: bool) -> Vec<String> {
    match first.filter(|_| has_header) {
        Some(row) => {
            let raw = header_cells(row, width);
            names::column_names(raw)
        }
        None => (0..width).map(|i| format!("col{i}")).collect(),
    }
}
