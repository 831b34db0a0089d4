//! Avro: the schema of an object container file from its header, and its record count from the block
//! headers, without decompressing anything.
//!
//! A container file starts with `"Obj" 0x01`, a metadata map (`avro.schema`, `avro.codec`, ...) and a
//! 16-byte sync marker; data blocks follow, each `record count | byte size | bytes | sync marker`. The
//! writer schema is in the header, so every codec (null, deflate, snappy, zstandard, bzip2, xz, even
//! unknown ones) yields a schema: the blocks are never decompressed.
//!
//! **Reads.** Files up to [`WHOLE_FILE_LEN`] are read in one request and their records counted exactly.
//! Larger files: the first [`HEADER_GUESS`] bytes, more in growing steps while the header is longer (up to
//! [`MAX_HEADER_LEN`]), then one small read ([`PROBE_LEN`]) per data block beyond that prefix, at most
//! [`MAX_BLOCK_READS`] of them (small blocks share a read). When the blocks outlast that budget the record
//! count is reported unknown, with a note, rather than estimated. Every length in the file is checked
//! against the file size and those bounds, and every failure names what is wrong and at which byte offset.
//!
//! **Types** (glue.md §3.5, after Hive's AvroSerDe, which is what Glue tables of Avro data use):
//!
//! * `null` → `void`, `boolean`, `int`, `long` → `bigint`, `float`, `double`, `bytes` and `fixed` →
//!   `binary`, `string`, `enum` → `string` (Hive has no enums);
//! * `record` → `struct<...>`, `array` → `array<...>`, `map` → `map<string,...>` (Avro map keys are strings);
//! * a union of `null` and one type is that type (every Hive column is nullable); any other union becomes
//!   `uniontype<...>` of its non-null members, as the AvroSerDe does, although Athena cannot query it;
//! * logical types: `decimal(p,s)` → `decimal(p,s)`, or `string` when p > 38 (Hive's maximum), and
//!   `big-decimal` (no fixed precision) → `string`; `date` → `date`; `timestamp-millis`/`-micros` and
//!   `local-timestamp-millis`/`-micros` → `timestamp`; the `-nanos` variants, which Hive cannot hold, →
//!   `bigint` (the raw long, as for Parquet nanosecond timestamps); `time-millis` → `int`, `time-micros` →
//!   `bigint`; `uuid` on a string → `string`, on `fixed(16)` → `binary` (the 16 raw bytes are not text);
//!   `duration` (a `fixed(12)`) → `binary`;
//! * field names go through [`names::column_names`] at every level. Avro names are already `[A-Za-z0-9_]`
//!   (the parser enforces the specification), so this only lower-cases them, as Glue would, and renames a
//!   case-only collision (`ID`, `id` → `id`, `id_2`), which Hive would reject as a duplicate column.
//!
//! What Hive cannot express is refused with [`ErrorKind::Unsupported`](crate::ErrorKind): a record that
//! contains itself (Hive types are finite trees), a record nested in no field (`struct<>`), an empty union,
//! and a top-level schema that is not a record: the AvroSerDe rejects those tables ("Schema for table must
//! be of type RECORD"), so a file of plain ints has no Glue table we could honestly propose.
//!
//! **`avro.schema.literal`.** The crawler copies the writer schema into this parameter on the table and
//! on the SerDe (glue.md §2.2). We store the file's own schema text with the whitespace between JSON
//! tokens removed: byte-for-byte the writer's names, key order, numbers and escapes, which re-serialising
//! a parsed value (number formats) or Avro's Parsing Canonical Form (drops `doc`, `default` and logical
//! types, which Hive needs for decimals and dates) would not keep.

use apache_avro::schema::{Name, NamesRef, ResolvedSchema, UuidSchema};
use apache_avro::{Schema, Schema as S};

use super::{InferredTable, crawler_parameters};
use crate::catalog::{Column, StorageFormat};
use crate::error::{Error, Result};
use crate::names;
use crate::source::ByteSource;
use crate::types::{HiveType, StructField};

/// Bytes read from the start of a file larger than [`WHOLE_FILE_LEN`] on the first request. Headers are
/// a few KiB (the schema is most of them); a 64 KiB range costs about what a 4 KiB one does.
pub const HEADER_GUESS: u64 = 64 * 1024;
/// Files up to this size are read whole in one request, and their records counted exactly.
pub const WHOLE_FILE_LEN: u64 = 1024 * 1024;
/// Longest header we read. Real schemas of thousands of fields stay far below; a longer claim is a corrupt
/// or hostile file and must not make us allocate it.
pub const MAX_HEADER_LEN: u64 = 16 * 1024 * 1024;
/// Reads allowed to count the records of the blocks beyond the first request (one small read per block).
pub const MAX_BLOCK_READS: usize = 64;
/// Deepest nesting of types we follow.
pub const MAX_DEPTH: usize = 100;
/// Most type nodes one schema may expand to. A record type reused by name is expanded at each use, so a
/// small schema can describe an exponentially large Hive type.
pub const MAX_TYPE_NODES: usize = 100_000;
/// Longest `avro.schema.literal` Glue stores: a parameter value holds at most 512,000 characters.
pub const MAX_SCHEMA_LITERAL_CHARS: usize = 512_000;

/// The first bytes of every Avro object container file.
pub const MAGIC: &[u8] = b"Obj\x01";
pub(crate) const SYNC_LEN: usize = 16;
/// Most metadata entries a header may claim; real files carry two to a dozen.
const MAX_METADATA_ENTRIES: u64 = 10_000;
/// Longest zigzag varint encoding of a 64-bit long.
const MAX_VARINT_LEN: usize = 10;
/// A block header is two varints.
const BLOCK_HEADER_MAX: u64 = 2 * MAX_VARINT_LEN as u64;
/// Bytes asked for when probing a block boundary: its sync marker and the next block's header, and the
/// following blocks too when they are small (writers that flush often make blocks of a few hundred bytes).
pub const PROBE_LEN: u64 = 4 * 1024;

/// Infers the table for one Avro object container file.
pub async fn infer(source: &impl ByteSource) -> Result<InferredTable> {
    Ok(infer_parts(source, false).await?.table)
}

/// What inference read of a file, for value sampling ([`crate::infer::values`]) to decode data blocks
/// without reading the header again.
pub(crate) struct Inferred {
    pub table: InferredTable,
    pub schema: Schema,
    pub codec: Option<String>,
    pub sync: [u8; SYNC_LEN],
    /// Offset of the first data block.
    pub blocks_at: u64,
    /// The file's first bytes as inference's first reads fetched them (the whole file up to
    /// [`WHOLE_FILE_LEN`]); empty unless asked for.
    pub head: Vec<u8>,
    pub len: u64,
}

/// [`infer`], keeping the parsed schema, the header and (with `keep_head`) the first bytes read.
pub(crate) async fn infer_parts(source: &impl ByteSource, keep_head: bool) -> Result<Inferred> {
    let len = source.len().await?;
    let first = if len <= WHOLE_FILE_LEN {
        len
    } else {
        HEADER_GUESS
    };
    let mut window = Window {
        start: 0,
        bytes: source.read(0..first).await?,
    };
    let header = loop {
        let complete = window.end() == len;
        match parse_header(&window.bytes, complete)? {
            Parsed::Done(header) => break header,
            Parsed::NeedBytes(end) => {
                if end > MAX_HEADER_LEN {
                    return Err(Error::too_large(format!(
                        "the Avro header needs at least {end} bytes; Glueprint reads at most {MAX_HEADER_LEN}"
                    )));
                }
                // At least what the header is known to need, plus a margin for what follows it.
                let new_end = end
                    .saturating_add(HEADER_GUESS)
                    .max(window.end().saturating_mul(2))
                    .min(MAX_HEADER_LEN)
                    .min(len);
                let more = source.read(window.end()..new_end).await?;
                window.bytes.extend_from_slice(&more);
            }
        }
    };

    let mut notes = Vec::new();
    notes.push(codec_note(header.codec.as_deref()));
    let schema_text = std::str::from_utf8(&header.schema).map_err(|e| {
        Error::malformed(format!(
            "the header's avro.schema is not UTF-8 text (invalid byte at position {} of the schema)",
            e.valid_up_to()
        ))
    })?;
    let schema = parse_schema(schema_text)?;
    let columns = columns(&schema, &mut notes)?;
    if columns.is_empty() {
        notes.push("The top-level record has no fields, so the table has no columns.".to_owned());
    }
    let literal = minify_json(schema_text);
    if literal.chars().count() > MAX_SCHEMA_LITERAL_CHARS {
        return Err(Error::too_large(format!(
            "the writer schema is {} characters long even minified; Glue stores avro.schema.literal \
             in a parameter of at most {MAX_SCHEMA_LITERAL_CHARS}",
            literal.chars().count()
        )));
    }

    // Counting may replace the window by probes further into the file; sampling wants the first bytes.
    let head = if keep_head {
        window.bytes.clone()
    } else {
        Vec::new()
    };
    let record_count = match count_records(source, len, &mut window, &header).await? {
        Count::Exact(n) => Some(n),
        Count::Stopped {
            records,
            blocks,
            at,
        } => {
            notes.push(format!(
                "Record count unknown: Glueprint counted {records} records in the first {blocks} data \
                 blocks (up to byte {at} of {len}) and stops after {MAX_BLOCK_READS} block reads \
                 beyond the first {HEADER_GUESS} bytes rather than read the whole file."
            ));
            None
        }
    };

    let mut parameters = crawler_parameters("avro", record_count, len);
    parameters.insert("avro.schema.literal".into(), literal.clone());
    Ok(Inferred {
        table: InferredTable {
            columns,
            format: StorageFormat::avro(&literal),
            parameters,
            notes,
        },
        schema,
        codec: header.codec,
        sync: header.sync,
        blocks_at: header.end,
        head,
        len,
    })
}

// ---------------------------------------------------------------------------------------------
// Container format
// ---------------------------------------------------------------------------------------------

/// The parts of the header inference needs.
#[derive(Debug)]
struct Header {
    schema: Vec<u8>,
    codec: Option<String>,
    sync: [u8; SYNC_LEN],
    /// Offset of the first data block.
    end: u64,
}

enum Parsed {
    Done(Header),
    /// The buffer ends before the header does; it needs at least this many bytes from the start.
    NeedBytes(u64),
}

/// Why a read from a byte slice stopped.
enum Short {
    /// Ran out of bytes; at least this many from the slice start are needed.
    Need(u64),
    Fail(Error),
}

impl From<Error> for Short {
    fn from(e: Error) -> Self {
        Short::Fail(e)
    }
}

/// A cursor over the bytes from offset 0 of the file.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The bytes are the whole file: a length past their end is a truncation, not a reason to read more.
    complete: bool,
}

impl Cursor<'_> {
    fn take(&mut self, n: u64) -> Result<&[u8], Short> {
        let end = (self.pos as u64).saturating_add(n);
        let slice = usize::try_from(end)
            .ok()
            .and_then(|end| self.bytes.get(self.pos..end))
            .ok_or(Short::Need(end))?;
        self.pos += slice.len();
        Ok(slice)
    }

    fn long(&mut self, what: &str) -> Result<i64, Short> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        match read_long(rest) {
            Varint::Value(v, n) => {
                self.pos += n;
                Ok(v)
            }
            Varint::Truncated => Err(Short::Need(self.bytes.len() as u64 + 1)),
            Varint::Overlong => Err(Short::Fail(Error::malformed(format!(
                "{what} at byte {start} is not a valid varint (more than {MAX_VARINT_LEN} bytes or \
                 beyond 64 bits)"
            )))),
        }
    }

    /// A length-prefixed byte string: `bytes` and `string` values.
    fn bytes(&mut self, what: &str) -> Result<&[u8], Short> {
        let at = self.pos;
        let n = self.long(what)?;
        let n = u64::try_from(n).map_err(|_| {
            Error::malformed(format!("{what} at byte {at} has a negative length ({n})"))
        })?;
        if n > MAX_HEADER_LEN && !self.complete {
            return Err(Short::Fail(Error::too_large(format!(
                "{what} at byte {at} claims {n} bytes; Glueprint reads headers of at most {MAX_HEADER_LEN}"
            ))));
        }
        self.take(n)
    }
}

pub(crate) enum Varint {
    /// The value and how many bytes encoded it.
    Value(i64, usize),
    Truncated,
    Overlong,
}

/// One zigzag-encoded Avro `long`.
pub(crate) fn read_long(bytes: &[u8]) -> Varint {
    let mut raw: u64 = 0;
    for (i, &b) in bytes.iter().enumerate().take(MAX_VARINT_LEN) {
        let bits = u64::from(b & 0x7f);
        // The tenth byte holds only the top bit of the 64.
        if i == MAX_VARINT_LEN - 1 && bits > 1 {
            return Varint::Overlong;
        }
        raw |= bits << (7 * i);
        if b & 0x80 == 0 {
            let value = ((raw >> 1) as i64) ^ -((raw & 1) as i64);
            return Varint::Value(value, i + 1);
        }
    }
    if bytes.len() >= MAX_VARINT_LEN {
        Varint::Overlong
    } else {
        Varint::Truncated
    }
}

/// Parses the header from `bytes`, which hold the file from its start (`complete`: all of it).
fn parse_header(bytes: &[u8], complete: bool) -> Result<Parsed> {
    let short = |need: u64| {
        if complete {
            Err(Error::malformed(format!(
                "the file ends inside its Avro header: {} bytes, but the header needs at least {need}",
                bytes.len()
            )))
        } else {
            Ok(Parsed::NeedBytes(need))
        }
    };
    match header_fields(bytes, complete) {
        Ok(header) => Ok(Parsed::Done(header)),
        Err(Short::Need(need)) => short(need),
        Err(Short::Fail(e)) => Err(e),
    }
}

fn header_fields(bytes: &[u8], complete: bool) -> Result<Header, Short> {
    let magic = bytes.get(..MAGIC.len()).unwrap_or(bytes);
    if !MAGIC.starts_with(magic) {
        return Err(Short::Fail(Error::malformed(format!(
            "not an Avro object container file: it does not start with \"Obj\\x01\" (first bytes: {})",
            hex(magic)
        ))));
    }
    let mut cursor = Cursor {
        bytes,
        pos: 0,
        complete,
    };
    cursor.take(MAGIC.len() as u64)?;

    let (mut schema, mut codec) = (None, None);
    let mut entries: u64 = 0;
    loop {
        let at = cursor.pos;
        let count = cursor.long("the metadata block count")?;
        if count == 0 {
            break;
        }
        entries = entries.saturating_add(count.unsigned_abs());
        if entries > MAX_METADATA_ENTRIES {
            return Err(Short::Fail(Error::too_large(format!(
                "the metadata block at byte {at} brings the header to {entries} entries; Glueprint reads \
                 at most {MAX_METADATA_ENTRIES}"
            ))));
        }
        if count < 0 {
            // A negative count is followed by the block's size in bytes, which readers may use to skip it.
            let size_at = cursor.pos;
            let size = cursor.long("the metadata block size")?;
            if size < 0 {
                return Err(Short::Fail(Error::malformed(format!(
                    "the metadata block at byte {at} gives a negative size ({size}) at byte {size_at}"
                ))));
            }
        }
        for _ in 0..count.unsigned_abs() {
            let key = cursor.bytes("a metadata key")?.to_vec();
            let value = cursor.bytes("a metadata value")?;
            match key.as_slice() {
                b"avro.schema" => schema = Some(value.to_vec()),
                b"avro.codec" => codec = Some(String::from_utf8_lossy(value).into_owned()),
                _ => {}
            }
        }
    }
    let sync_at = cursor.pos;
    let sync: [u8; SYNC_LEN] = cursor
        .take(SYNC_LEN as u64)?
        .try_into()
        .map_err(|_| Error::malformed(format!("short sync marker at byte {sync_at}")))?;
    let schema = schema.ok_or_else(|| {
        Error::malformed("the Avro header has no avro.schema entry, so the file has no schema")
    })?;
    Ok(Header {
        schema,
        codec,
        sync,
        end: cursor.pos as u64,
    })
}

/// The bytes of the file held in memory: `bytes` start at offset `start`.
struct Window {
    start: u64,
    bytes: Vec<u8>,
}

impl Window {
    fn end(&self) -> u64 {
        self.start + self.bytes.len() as u64
    }

    /// The bytes from `pos`, at least `want` of them or all up to `len`: from memory when held,
    /// else one read of [`PROBE_LEN`] bytes (or `want`, if more), charged to `reads`.
    async fn at(
        &mut self,
        source: &impl ByteSource,
        len: u64,
        pos: u64,
        want: u64,
        reads: &mut usize,
    ) -> Result<Option<&[u8]>> {
        let end = pos.saturating_add(want).min(len);
        if pos < self.start || end > self.end() {
            if *reads >= MAX_BLOCK_READS {
                return Ok(None);
            }
            *reads += 1;
            let read_end = pos.saturating_add(want.max(PROBE_LEN)).min(len);
            self.bytes = source.read(pos..read_end).await?;
            self.start = pos;
        }
        let offset = usize::try_from(pos - self.start)
            .map_err(|_| Error::too_large("offset does not fit in memory"))?;
        Ok(self.bytes.get(offset..))
    }
}

enum Count {
    Exact(u64),
    Stopped { records: u64, blocks: u64, at: u64 },
}

/// Counts records by walking the data blocks' headers (count, size) and checking each block's sync
/// marker. Block contents are skipped, never decompressed.
async fn count_records(
    source: &impl ByteSource,
    len: u64,
    window: &mut Window,
    header: &Header,
) -> Result<Count> {
    let (mut records, mut blocks, mut pos, mut reads) = (0u64, 0u64, header.end, 0usize);
    let stopped = |records, blocks, at| {
        Ok(Count::Stopped {
            records,
            blocks,
            at,
        })
    };
    while pos < len {
        let Some(head) = window
            .at(source, len, pos, BLOCK_HEADER_MAX, &mut reads)
            .await?
        else {
            return stopped(records, blocks, pos);
        };
        let (count, count_len) = block_long(head, pos, "record count")?;
        let size_at = pos + count_len as u64;
        let (size, size_len) = block_long(
            head.get(count_len..).unwrap_or_default(),
            size_at,
            "byte size",
        )?;
        let (Ok(count), Ok(size)) = (u64::try_from(count), u64::try_from(size)) else {
            return Err(Error::malformed(format!(
                "the data block at byte {pos} gives a negative record count ({count}) or size ({size})"
            )));
        };
        let sync_at = (size_at + size_len as u64)
            .checked_add(size)
            .filter(|&at| at.saturating_add(SYNC_LEN as u64) <= len)
            .ok_or_else(|| {
                Error::malformed(format!(
                    "the data block at byte {pos} claims {size} bytes, past the end of the {len}-byte \
                     file (truncated?)"
                ))
            })?;
        let Some(sync) = window
            .at(source, len, sync_at, SYNC_LEN as u64, &mut reads)
            .await?
        else {
            return stopped(records, blocks, pos);
        };
        if sync.get(..SYNC_LEN) != Some(header.sync.as_slice()) {
            return Err(Error::malformed(format!(
                "the data block at byte {pos} ends with a sync marker at byte {sync_at} that differs \
                 from the header's (corrupt or truncated block)"
            )));
        }
        records = records.checked_add(count).ok_or_else(|| {
            Error::malformed(format!(
                "the record counts overflow 64 bits at the data block at byte {pos}"
            ))
        })?;
        blocks += 1;
        pos = sync_at + SYNC_LEN as u64;
    }
    Ok(Count::Exact(records))
}

/// A varint of a block header; `bytes` run to the end of the file or beyond the longest varint.
fn block_long(bytes: &[u8], at: u64, what: &str) -> Result<(i64, usize)> {
    match read_long(bytes) {
        Varint::Value(v, n) => Ok((v, n)),
        Varint::Truncated => Err(Error::malformed(format!(
            "the file ends inside the {what} of the data block at byte {at} (truncated?)"
        ))),
        Varint::Overlong => Err(Error::malformed(format!(
            "the {what} of the data block at byte {at} is not a valid varint"
        ))),
    }
}

fn codec_note(codec: Option<&str>) -> String {
    match codec.unwrap_or("null") {
        "null" => "Blocks are not compressed (codec null).".to_owned(),
        known @ ("deflate" | "snappy" | "zstandard" | "bzip2" | "xz") => format!(
            "Blocks are compressed with {known}; the schema is read from the uncompressed header."
        ),
        other => format!(
            "Blocks use the codec \"{other}\", which the Avro specification does not define: the schema \
             is read from the header, but Hive and Athena may not read the data."
        ),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The JSON text without whitespace between tokens (inside strings nothing changes).
pub(crate) fn minify_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Schema → Hive types
// ---------------------------------------------------------------------------------------------

fn parse_schema(text: &str) -> Result<Schema> {
    // serde_json bounds nesting (128 levels), so the Avro parser's recursion over the value is bounded too.
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            Error::too_large(format!("the writer schema is nested too deeply: {e}"))
        } else {
            Error::malformed(format!(
                "the writer schema (avro.schema) is not valid JSON: {e}"
            ))
        }
    })?;
    Schema::parse(&json).map_err(|e| {
        Error::malformed(format!(
            "the writer schema (avro.schema) is not a valid Avro schema: {e}"
        ))
    })
}

fn columns(schema: &Schema, notes: &mut Vec<String>) -> Result<Vec<Column>> {
    let S::Record(record) = schema else {
        return Err(Error::unsupported(format!(
            "the file's top-level schema is {}, not a record: Hive's AvroSerDe, which Glue tables of Avro \
             data use, requires a record (one field per column)",
            kind(schema)
        )));
    };
    let resolved = ResolvedSchema::new(schema).map_err(|e| {
        Error::malformed(format!(
            "the writer schema has an unresolved type name: {e}"
        ))
    })?;
    let mut mapper = Mapper {
        names: resolved.get_names(),
        open: Vec::new(),
        nodes: 0,
    };
    mapper.open.push(record.name.clone());
    let names = names::column_names(record.fields.iter().map(|f| f.name.as_str()));
    let mut columns = names
        .into_iter()
        .zip(&record.fields)
        .map(|(name, field)| Ok(Column::new(name, mapper.hive_type(&field.schema, 1)?)))
        .collect::<Result<Vec<_>>>()?;
    super::keep_original_names(
        &mut columns,
        record.fields.iter().map(|f| f.name.as_str()),
        notes,
    );
    Ok(columns)
}

/// A short description of a schema for messages.
fn kind(schema: &Schema) -> String {
    match schema {
        S::Record(r) => format!("record `{}`", r.name.fullname(None)),
        S::Enum(e) => format!("enum `{}`", e.name.fullname(None)),
        S::Fixed(f) => format!("fixed `{}`", f.name.fullname(None)),
        S::Ref { name } => format!("`{}`", name.fullname(None)),
        S::Union(_) => "a union".to_owned(),
        other => format!("{:?}", apache_avro::schema::SchemaKind::from(other)).to_lowercase(),
    }
}

struct Mapper<'s> {
    names: &'s NamesRef<'s>,
    /// Records being expanded, outermost first: meeting one of them again is a recursive type.
    open: Vec<Name>,
    nodes: usize,
}

impl Mapper<'_> {
    fn hive_type(&mut self, schema: &Schema, depth: usize) -> Result<HiveType> {
        use HiveType as H;
        if depth > MAX_DEPTH {
            return Err(Error::too_large(format!(
                "the schema nests types deeper than {MAX_DEPTH} levels"
            )));
        }
        self.nodes += 1;
        if self.nodes > MAX_TYPE_NODES {
            return Err(Error::too_large(format!(
                "the schema expands to more than {MAX_TYPE_NODES} Hive types (named records reused many \
                 times); Glueprint stops there"
            )));
        }
        Ok(match schema {
            S::Null => H::Void,
            S::Boolean => H::Boolean,
            S::Int => H::Int,
            S::Long => H::BigInt,
            S::Float => H::Float,
            S::Double => H::Double,
            S::Bytes | S::Fixed(_) | S::Duration(_) => H::Binary,
            S::String | S::Enum(_) | S::BigDecimal => H::String,
            S::Uuid(UuidSchema::String) => H::String,
            S::Uuid(UuidSchema::Bytes | UuidSchema::Fixed(_)) => H::Binary,
            S::Decimal(d) => decimal(d.precision, d.scale)?,
            S::Date => H::Date,
            S::TimeMillis => H::Int,
            S::TimeMicros => H::BigInt,
            S::TimestampMillis
            | S::TimestampMicros
            | S::LocalTimestampMillis
            | S::LocalTimestampMicros => H::Timestamp,
            S::TimestampNanos | S::LocalTimestampNanos => H::BigInt,
            S::Array(a) => H::Array(Box::new(self.hive_type(&a.items, depth + 1)?)),
            S::Map(m) => H::Map(
                Box::new(H::String),
                Box::new(self.hive_type(&m.types, depth + 1)?),
            ),
            S::Union(u) => {
                let members: Vec<&Schema> = u
                    .variants()
                    .iter()
                    .filter(|s| !matches!(s, S::Null))
                    .collect();
                match members.as_slice() {
                    [] if u.variants().is_empty() => {
                        return Err(Error::unsupported(
                            "the schema has an empty union, which no value can have and Hive cannot express",
                        ));
                    }
                    [] => H::Void,
                    [only] => self.hive_type(only, depth)?,
                    many => H::Union(
                        many.iter()
                            .map(|m| self.hive_type(m, depth + 1))
                            .collect::<Result<_>>()?,
                    ),
                }
            }
            S::Record(record) => {
                if record.fields.is_empty() {
                    return Err(Error::unsupported(format!(
                        "record `{}` has no fields, and Hive has no empty struct type",
                        record.name.fullname(None)
                    )));
                }
                self.open.push(record.name.clone());
                let names = names::column_names(record.fields.iter().map(|f| f.name.as_str()));
                let fields = names
                    .into_iter()
                    .zip(&record.fields)
                    .map(|(name, field)| {
                        Ok(StructField::new(
                            name,
                            self.hive_type(&field.schema, depth + 1)?,
                        ))
                    })
                    .collect::<Result<Vec<_>>>();
                self.open.pop();
                H::Struct(fields?)
            }
            S::Ref { name } => {
                if self.open.contains(name) {
                    return Err(Error::unsupported(format!(
                        "record `{}` contains itself; Hive types cannot be recursive",
                        name.fullname(None)
                    )));
                }
                let names = self.names;
                let target = names.get(name).ok_or_else(|| {
                    Error::malformed(format!(
                        "the schema refers to an undefined type `{}`",
                        name.fullname(None)
                    ))
                })?;
                return self.hive_type(target, depth);
            }
        })
    }
}

fn decimal(precision: usize, scale: usize) -> Result<HiveType> {
    let (p, s) = (
        i64::try_from(precision).unwrap_or(i64::MAX),
        i64::try_from(scale).unwrap_or(i64::MAX),
    );
    HiveType::decimal_or_string(p, s).ok_or_else(|| {
        Error::malformed(format!(
            "invalid decimal precision {precision} and scale {scale}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn varints_are_zigzag_and_bounded() {
        assert!(matches!(read_long(&[0x00]), Varint::Value(0, 1)));
        assert!(matches!(read_long(&[0x01]), Varint::Value(-1, 1)));
        assert!(matches!(read_long(&[0x02]), Varint::Value(1, 1)));
        assert!(matches!(read_long(&[0xac, 0x02]), Varint::Value(150, 2)));
        let max = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(matches!(read_long(&max), Varint::Value(i64::MAX, 10)));
        let min = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(matches!(read_long(&min), Varint::Value(i64::MIN, 10)));
        assert!(matches!(read_long(&[0x80; 3]), Varint::Truncated));
        assert!(matches!(read_long(&[0x80; 11]), Varint::Overlong));
        let wide = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert!(matches!(read_long(&wide), Varint::Overlong));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn minify_keeps_strings() {
        assert_eq!(
            minify_json("{ \"a b\" : [1, \"x \\\" y\" ],\n\t\"c\": null }"),
            "{\"a b\":[1,\"x \\\" y\"],\"c\":null}"
        );
    }
}
