//! JSON: the table a Glue crawler's JSON classifier would make of a sample (glue.md §3.3).
//!
//! Accepted shapes, decided by the first non-blank byte:
//! - `[` — one top-level array: **one row per element**, each element an object. The built-in crawler
//!   classifier would make a single `array` column of such a file; a crawler with a `$[*]` JSON classifier makes
//!   one row per element, which is what a user almost always wants, so we do that and say so in a note.
//! - anything else — a stream of objects: JSON Lines (one object per line, blank lines skipped), a single
//!   object, or pretty-printed objects one after another.
//!
//! Types (glue.md §3.3): objects → `struct<…>` (fields in first-seen order), arrays → `array<merged element>`
//! (always-empty arrays → `array<string>`), booleans → `boolean`, integers → `int` when they fit 32 bits,
//! `bigint` when they fit 64 bits, **`double` beyond that** (the crawler only ever writes int/bigint/double for
//! JSON, and `decimal(38,0)` could not hold every JSON integer either; such values are noted), fractional
//! numbers → `double`, strings → `string`, `null` → no information (always-null → `string`).
//!
//! Records merge by a union of keys in first-seen order; `int`+`bigint` → `bigint`, integer+`double` →
//! `double`, structs merge field by field, arrays merge their elements, and any other conflict (string vs
//! number, struct vs array, ...) widens to `string` with a note naming the field path and the record.
//!
//! Bounds: nesting deeper than [`MAX_DEPTH`] is refused with [`ErrorKind::TooLarge`](crate::ErrorKind) by an
//! iterative pre-scan, before serde_json (whose own recursion limit is 128) or our recursive merging run, so
//! hostile input cannot overflow the stack, natively or on wasm.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Deserializer, Value};

use super::InferredTable;
use super::sample::Sample;
use crate::catalog::{Column, Parameters, SerDeInfo, StorageFormat};
use crate::error::{Error, Result};
use crate::names;
use crate::types::{HiveType, MAX_TYPE_DEPTH, StructField};

/// Deepest nesting of arrays and objects accepted (a record object is level 1).
pub const MAX_DEPTH: usize = MAX_TYPE_DEPTH;

/// The SerDe a Glue crawler writes for JSON (glue.md §2.2).
pub const SERDE: &str = "org.openx.data.jsonserde.JsonSerDe";
const INPUT_FORMAT: &str = "org.apache.hadoop.mapred.TextInputFormat";
const OUTPUT_FORMAT: &str = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

/// The crawler's JSON storage format: OpenX SerDe with `paths` = the top-level column names, in order, plus
/// any extra SerDe parameters (`case.insensitive`, `mapping.*`).
pub fn storage_format(column_names: &[String], mut serde_parameters: Parameters) -> StorageFormat {
    serde_parameters.insert("paths".into(), column_names.join(","));
    StorageFormat {
        input_format: INPUT_FORMAT.into(),
        output_format: OUTPUT_FORMAT.into(),
        serde: SerDeInfo {
            serialization_library: SERDE.into(),
            parameters: serde_parameters,
        },
    }
}

/// Infers the table of a JSON sample (JSON Lines, one object, or an array of objects).
///
/// Errors: [`Error::unsupported`] when the bytes are not JSON records (with serde_json's line and column, so a
/// dispatcher can try CSV next), [`Error::too_large`] when nesting is deeper than [`MAX_DEPTH`] or the first
/// record does not fit in a truncated sample.
pub fn infer_sample(sample: &Sample) -> Result<InferredTable> {
    infer_growable(sample)?.ok_or_else(|| {
        Error::too_large(format!(
            "the first JSON record does not end within the first {} bytes; it is too large to infer a schema from",
            sample.bytes.len()
        ))
    })
}

/// Like [`infer_sample`], but `Ok(None)` when the sample is cut before its first record ends: the caller
/// may read a larger sample (the crawler continues in 1 MB steps up to 10 MB, glue.md §3.1).
pub fn infer_growable(sample: &Sample) -> Result<Option<InferredTable>> {
    let bytes = sample
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&sample.bytes);
    let lines = LineIndex::new(bytes);
    check_depth(bytes, &lines)?;
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(Error::unsupported("not JSON: the sample is empty"));
    };

    let mut ctx = Ctx::default();
    let mut top = Fields::default();
    let is_array = bytes.get(first) == Some(&b'[');
    let mut sink = |value: Value, offset: usize, record: u64| -> Result<()> {
        let line = lines.line_of(offset);
        let Value::Object(object) = value else {
            return Err(Error::unsupported(format!(
                "not JSON records: record {record} (line {line}) is {}, not an object",
                kind_of_value(&value)
            )));
        };
        ctx.record = record;
        ctx.line = line;
        let shape = object_shape(&object, &Path::Root, 1, &mut ctx)?;
        let merged = merge(
            Shape::Struct(std::mem::take(&mut top)),
            shape,
            &Path::Root,
            1,
            &mut ctx,
        )?;
        if let Shape::Struct(fields) = merged {
            top = fields;
        }
        Ok(())
    };
    let read = if is_array {
        read_array(bytes, first, sample.truncated, &lines, &mut sink)?
    } else {
        read_stream(bytes, sample.truncated, &lines, &mut sink)?
    };

    if read.records == 0 {
        if read.dropped_partial {
            return Ok(None);
        }
        return Err(if is_array {
            Error::unsupported("not JSON records: the top-level array is empty")
        } else {
            Error::unsupported("not JSON records: the sample holds no JSON value")
        });
    }
    if top.order.is_empty() {
        return Err(Error::unsupported(
            "not JSON records: every record is an empty object, so there are no columns",
        ));
    }

    let mut notes = Vec::new();
    if is_array {
        notes.push(format!(
            "The file is one JSON array; each of its elements is read as a row (like a crawler JSON classifier \
             with path `$[*]`; the built-in classifier would make a single array column), {} element{} in the sample.",
            read.records,
            if read.records == 1 { "" } else { "s" }
        ));
    }
    if sample.truncated {
        notes.push(format!(
            "Only the first {} bytes were sampled: the schema comes from the {} complete record{} in them{}, and \
             recordCount is left out because the total is unknown.",
            bytes.len(),
            read.records,
            if read.records == 1 { "" } else { "s" },
            if read.dropped_partial {
                " (the partial record at the end was dropped)"
            } else {
                ""
            }
        ));
    }
    notes.append(&mut ctx.notes);

    let raw_keys: Vec<&str> = top.order.iter().map(|(k, _)| k.as_str()).collect();
    let column_names = names::column_names(raw_keys.iter().copied());
    let mut columns = Vec::with_capacity(top.order.len());
    for ((raw, shape), name) in top.order.iter().zip(&column_names) {
        if *shape == Shape::Null {
            notes.push(format!(
                "Column `{name}` is null in every sampled record; it is typed string."
            ));
        }
        columns.push(Column::new(
            name.clone(),
            hive_type(shape, raw, 1, &mut notes)?,
        ));
    }

    super::keep_original_names(&mut columns, raw_keys.iter().copied(), &mut notes);
    let serde_parameters = key_mapping(&raw_keys, &column_names, &mut notes);
    let format = storage_format(&column_names, serde_parameters);
    let records = (!sample.truncated).then_some(read.records);
    let mut parameters = super::crawler_parameters("json", records, sample.stored_len);
    parameters.insert(
        "compressionType".into(),
        sample.compression.glue_name().into(),
    );
    Ok(Some(InferredTable {
        columns,
        format,
        parameters,
        notes,
    }))
}

/// Calls `each` with every complete top-level record object of a sample, in order, reading it as
/// [`infer_growable`] does (JSON Lines, objects one after another, or one array of objects). For value
/// sampling (`infer::values`); records that are not objects are skipped.
pub(crate) fn for_each_record(
    sample: &Sample,
    mut each: impl FnMut(&serde_json::Map<String, Value>),
) -> Result<()> {
    let bytes = sample
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&sample.bytes);
    let lines = LineIndex::new(bytes);
    check_depth(bytes, &lines)?;
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Ok(());
    };
    let mut sink = |value: Value, _: usize, _: u64| -> Result<()> {
        if let Value::Object(object) = &value {
            each(object);
        }
        Ok(())
    };
    if bytes.get(first) == Some(&b'[') {
        read_array(bytes, first, sample.truncated, &lines, &mut sink)?;
    } else {
        read_stream(bytes, sample.truncated, &lines, &mut sink)?;
    }
    Ok(())
}

/// SerDe parameters that let the OpenX SerDe find each top-level key under its column name (glue.md §3.3):
/// `mapping.<column>` for renamed keys, and `case.insensitive=FALSE` when keys collide after lower-casing.
fn key_mapping(raw_keys: &[&str], column_names: &[String], notes: &mut Vec<String>) -> Parameters {
    let mut parameters = Parameters::new();
    let mut seen = HashSet::new();
    let collide = raw_keys.iter().any(|k| !seen.insert(k.to_lowercase()));
    if collide {
        parameters.insert("case.insensitive".into(), "FALSE".into());
        notes.push(
            "Some top-level keys differ only in case; the OpenX SerDe would reject them as duplicates, so the \
             table sets `case.insensitive` to FALSE and maps each column to its exact key."
                .into(),
        );
    }
    for (raw, name) in raw_keys.iter().zip(column_names) {
        let needs_mapping = if collide {
            *raw != name.as_str()
        } else {
            raw.to_lowercase() != *name
        };
        if needs_mapping {
            parameters.insert(format!("mapping.{name}"), (*raw).to_owned());
        }
    }
    parameters
}

/// What the records tell about one value position.
#[derive(Debug, Clone, PartialEq, Default)]
enum Shape {
    /// Only `null` seen (or nothing yet).
    #[default]
    Null,
    Bool,
    Int,
    BigInt,
    Double,
    String,
    Array(Box<Shape>),
    Struct(Fields),
}

impl Shape {
    fn kind(&self) -> &'static str {
        match self {
            Shape::Null => "null",
            Shape::Bool => "a boolean",
            Shape::Int | Shape::BigInt | Shape::Double => "a number",
            Shape::String => "a string",
            Shape::Array(_) => "an array",
            Shape::Struct(_) => "an object",
        }
    }
}

/// Object fields in first-seen order, with an index by raw key.
#[derive(Debug, Clone, PartialEq, Default)]
struct Fields {
    order: Vec<(String, Shape)>,
    index: HashMap<String, usize>,
}

impl Fields {
    fn push(&mut self, key: String, shape: Shape) {
        self.index.insert(key.clone(), self.order.len());
        self.order.push((key, shape));
    }
}

/// Where a value sits in a record, for notes: `user.emails[]`.
enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'a str),
    Element(&'a Path<'a>),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("(record)"),
            Path::Field(Path::Root, key) => f.write_str(key),
            Path::Field(parent, key) => write!(f, "{parent}.{key}"),
            Path::Element(parent) => write!(f, "{parent}[]"),
        }
    }
}

/// Notes gathered while merging, and where we are.
#[derive(Default)]
struct Ctx {
    notes: Vec<String>,
    noted: HashSet<String>,
    record: u64,
    line: usize,
}

impl Ctx {
    /// Adds a note once per field path.
    fn note_once(&mut self, path: &Path<'_>, note: impl FnOnce() -> String) {
        if self.noted.insert(path.to_string()) {
            self.notes.push(note());
        }
    }
}

fn too_deep() -> Error {
    Error::too_large(format!("JSON nested more than {MAX_DEPTH} levels deep"))
}

fn object_shape(
    object: &serde_json::Map<String, Value>,
    path: &Path<'_>,
    depth: usize,
    ctx: &mut Ctx,
) -> Result<Shape> {
    let mut fields = Fields::default();
    for (key, value) in object {
        let shape = value_shape(value, &Path::Field(path, key), depth + 1, ctx)?;
        fields.push(key.clone(), shape);
    }
    Ok(Shape::Struct(fields))
}

/// `depth` counts the containers this value is in; containers deeper than [`MAX_DEPTH`] are refused.
fn value_shape(value: &Value, path: &Path<'_>, depth: usize, ctx: &mut Ctx) -> Result<Shape> {
    if depth > MAX_DEPTH && (value.is_array() || value.is_object()) {
        return Err(too_deep());
    }
    Ok(match value {
        Value::Null => Shape::Null,
        Value::Bool(_) => Shape::Bool,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i32::try_from(i).is_ok() {
                    Shape::Int
                } else {
                    Shape::BigInt
                }
            } else {
                let beyond_bigint = n.is_u64()
                    || n.as_f64()
                        .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.223_372_036_854_776e18);
                if beyond_bigint {
                    let (record, line) = (ctx.record, ctx.line);
                    ctx.note_once(path, || {
                        format!(
                            "`{path}` holds integers beyond the bigint range (first in record {record}, line \
                             {line}); it is typed double, which keeps about 16 significant digits."
                        )
                    });
                }
                Shape::Double
            }
        }
        Value::String(_) => Shape::String,
        Value::Array(items) => {
            let element_path = Path::Element(path);
            let mut element = Shape::Null;
            for item in items {
                let shape = value_shape(item, &element_path, depth + 1, ctx)?;
                element = merge(element, shape, &element_path, depth + 1, ctx)?;
            }
            Shape::Array(Box::new(element))
        }
        Value::Object(object) => object_shape(object, path, depth, ctx)?,
    })
}

fn merge(a: Shape, b: Shape, path: &Path<'_>, depth: usize, ctx: &mut Ctx) -> Result<Shape> {
    let container = |s: &Shape| matches!(s, Shape::Array(_) | Shape::Struct(_));
    if depth > MAX_DEPTH && (container(&a) || container(&b)) {
        return Err(too_deep());
    }
    Ok(match (a, b) {
        (Shape::Null, x) | (x, Shape::Null) => x,
        (Shape::Bool, Shape::Bool) => Shape::Bool,
        (Shape::Int, Shape::Int) => Shape::Int,
        (Shape::Int | Shape::BigInt, Shape::Int | Shape::BigInt) => Shape::BigInt,
        (
            Shape::Int | Shape::BigInt | Shape::Double,
            Shape::Int | Shape::BigInt | Shape::Double,
        ) => Shape::Double,
        (Shape::String, Shape::String) => Shape::String,
        (Shape::Array(x), Shape::Array(y)) => Shape::Array(Box::new(merge(
            *x,
            *y,
            &Path::Element(path),
            depth + 1,
            ctx,
        )?)),
        (Shape::Struct(mut x), Shape::Struct(y)) => {
            for (key, shape) in y.order {
                match x.index.get(&key).and_then(|&i| x.order.get_mut(i)) {
                    Some(slot) => {
                        let old = std::mem::take(&mut slot.1);
                        slot.1 = merge(old, shape, &Path::Field(path, &key), depth + 1, ctx)?;
                    }
                    None => x.push(key, shape),
                }
            }
            Shape::Struct(x)
        }
        (x, y) => {
            let (record, line) = (ctx.record, ctx.line);
            ctx.note_once(path, || {
                format!(
                    "`{path}` is {} in earlier records but {} in record {record} (line {line}); it is typed string.",
                    x.kind(),
                    y.kind()
                )
            });
            Shape::String
        }
    })
}

/// The Hive type of a merged shape; nested field names go through [`names::column_names`] at each level.
fn hive_type(shape: &Shape, raw: &str, depth: usize, notes: &mut Vec<String>) -> Result<HiveType> {
    if depth > MAX_TYPE_DEPTH {
        return Err(too_deep());
    }
    Ok(match shape {
        Shape::Null | Shape::String => HiveType::String,
        Shape::Bool => HiveType::Boolean,
        Shape::Int => HiveType::Int,
        Shape::BigInt => HiveType::BigInt,
        Shape::Double => HiveType::Double,
        Shape::Array(element) => {
            HiveType::Array(Box::new(hive_type(element, raw, depth + 1, notes)?))
        }
        Shape::Struct(fields) if fields.order.is_empty() => HiveType::String,
        Shape::Struct(fields) => {
            let names = names::column_names(fields.order.iter().map(|(k, _)| k.as_str()));
            let mut out = Vec::with_capacity(names.len());
            for ((key, field), name) in fields.order.iter().zip(names) {
                if key.to_lowercase() != name {
                    notes.push(format!(
                        "Nested key `{key}` under `{raw}` is named `{name}`; the OpenX SerDe only maps top-level \
                         keys, so Athena may read this field as null."
                    ));
                }
                out.push(StructField::new(
                    name,
                    hive_type(field, raw, depth + 1, notes)?,
                ));
            }
            HiveType::Struct(out)
        }
    })
}

fn kind_of_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Line numbers (1-based) of byte offsets.
struct LineIndex {
    newlines: Vec<usize>,
    len: usize,
}

impl LineIndex {
    fn new(bytes: &[u8]) -> Self {
        Self {
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
            len: bytes.len(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    /// 1-based column of a byte offset.
    fn column_of(&self, offset: usize) -> usize {
        let line_start = self
            .newlines
            .get(self.line_of(offset).saturating_sub(2))
            .map_or(0, |n| n + 1);
        if self.line_of(offset) == 1 {
            offset + 1
        } else {
            offset.saturating_sub(line_start) + 1
        }
    }

    fn last_line(&self) -> usize {
        self.line_of(self.len)
    }
}

/// Refuses nesting deeper than [`MAX_DEPTH`] without recursion (strings are skipped, escapes honoured).
fn check_depth(bytes: &[u8], lines: &LineIndex) -> Result<()> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::too_large(format!(
                        "JSON nested more than {MAX_DEPTH} levels deep at line {} column {}",
                        lines.line_of(i),
                        lines.column_of(i)
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

struct Read {
    records: u64,
    dropped_partial: bool,
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// serde_json's error as "not JSON", with the line and column in the whole sample (`base` is where the slice
/// given to serde_json started).
fn not_json(error: &serde_json::Error, base: usize, lines: &LineIndex) -> Error {
    let (line, column) = if error.line() <= 1 {
        (
            lines.line_of(base),
            lines.column_of(base) + error.column().saturating_sub(1),
        )
    } else {
        (lines.line_of(base) + error.line() - 1, error.column())
    };
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let what = text.strip_suffix(&suffix).unwrap_or(&text);
    Error::unsupported(format!("not JSON: {what} at line {line} column {column}"))
}

/// Whether an error in a truncated sample is just the sample ending inside the last record: the record
/// starting at `start` opens like one (`{` or `[`) and either serde_json ran out of input or the record is on
/// the last line (a cut JSON Lines record can fail with a syntax error, e.g. in the middle of `true`).
fn is_partial_end(
    error: &serde_json::Error,
    bytes: &[u8],
    start: usize,
    lines: &LineIndex,
) -> bool {
    matches!(bytes.get(start), Some(b'{' | b'['))
        && (error.is_eof() || lines.line_of(start) == lines.last_line())
}

type Sink<'a> = dyn FnMut(Value, usize, u64) -> Result<()> + 'a;

/// JSON Lines, one object, or objects one after another.
fn read_stream(
    bytes: &[u8],
    truncated: bool,
    lines: &LineIndex,
    sink: &mut Sink<'_>,
) -> Result<Read> {
    let mut stream = Deserializer::from_slice(bytes).into_iter::<Value>();
    let mut read = Read {
        records: 0,
        dropped_partial: false,
    };
    loop {
        let start = skip_ws(bytes, stream.byte_offset());
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                read.records += 1;
                sink(value, start, read.records)?;
            }
            Some(Err(error)) => {
                if truncated && is_partial_end(&error, bytes, start, lines) {
                    read.dropped_partial = true;
                    break;
                }
                return Err(not_json(&error, 0, lines));
            }
        }
    }
    Ok(read)
}

/// One top-level array, element by element, so a truncated array still yields its complete elements.
fn read_array(
    bytes: &[u8],
    open: usize,
    truncated: bool,
    lines: &LineIndex,
    sink: &mut Sink<'_>,
) -> Result<Read> {
    let mut read = Read {
        records: 0,
        dropped_partial: false,
    };
    let unexpected = |pos: usize, what: &str| {
        Error::unsupported(format!(
            "not JSON: {what} at line {} column {}",
            lines.line_of(pos),
            lines.column_of(pos)
        ))
    };
    let mut pos = skip_ws(bytes, open + 1);
    if bytes.get(pos) == Some(&b']') {
        pos += 1;
    } else {
        loop {
            pos = skip_ws(bytes, pos);
            if pos >= bytes.len() {
                if truncated {
                    break;
                }
                return Err(unexpected(pos, "EOF while parsing a list"));
            }
            let rest = bytes.get(pos..).unwrap_or_default();
            let mut element = Deserializer::from_slice(rest).into_iter::<Value>();
            match element.next() {
                Some(Ok(value)) => {
                    read.records += 1;
                    sink(value, pos, read.records)?;
                    pos += element.byte_offset();
                }
                Some(Err(error)) => {
                    if truncated && is_partial_end(&error, bytes, pos, lines) {
                        read.dropped_partial = true;
                        return Ok(read);
                    }
                    return Err(not_json(&error, pos, lines));
                }
                None => return Err(unexpected(pos, "expected value")),
            }
            pos = skip_ws(bytes, pos);
            match bytes.get(pos) {
                Some(b',') => pos += 1,
                Some(b']') => {
                    pos += 1;
                    break;
                }
                None if truncated => break,
                None => return Err(unexpected(pos, "EOF while parsing a list")),
                Some(_) => return Err(unexpected(pos, "expected `,` or `]`")),
            }
        }
    }
    let end = skip_ws(bytes, pos);
    if end < bytes.len() {
        return Err(unexpected(
            end,
            "trailing characters after the top-level array",
        ));
    }
    Ok(read)
}
