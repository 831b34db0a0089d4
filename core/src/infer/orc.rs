//! ORC: the schema and row count of a file from its tail alone.
//!
//! An ORC file is `"ORC" | stripes | metadata | footer | postscript | postscript length (1 byte)`. We read one
//! tail of [`TAIL_GUESS`] bytes; when the postscript and footer fit (almost always) that is the only read,
//! otherwise one more read fetches exactly the footer. Stripes and the stripe-statistics metadata are never
//! touched (value sampling reads the first stripe: [`super::values`], which shares the decompression
//! here, `next_chunk` and `Chunk::inflate`). The postscript is plain protobuf; the footer is compressed with the file's codec in ORC's
//! chunked format (3-byte headers, "original" chunks stored raw). Both are decoded by the hand-written
//! `prost` messages in [`proto`], which carry only the fields a schema needs (field numbers from the ORC
//! spec's `orc_proto.proto`).
//!
//! ORC's type system is Hive's (glue.md §3.6), so the mapping is by name: `byte` → `tinyint`,
//! `short` → `smallint`, `long` → `bigint`, `list` → `array`, `union` → `uniontype`, the others as named.
//! Where the spec leaves room, these are our decisions (the crawler's own output for ORC is unverified):
//!
//! * `timestamp_instant` (ORC 1.6's `timestamp with local time zone`) → `timestamp`: Glue and Athena have no
//!   zoned timestamp, and Athena reads ORC instants as timestamps.
//! * `decimal` without a precision (Hive 0.11 files, which stored each value's own scale) →
//!   `decimal(38,6)`, with a note: the ORC C++ reader (and so Arrow and pyarrow) reads such columns with
//!   precision 38 and a forced scale of 6; ORC's Java `TypeDescription` would default to (38,10). A
//!   precision without a scale gives scale 0 (Hive's default). Precision above 38 (invalid in ORC) →
//!   `string`, as for Parquet.
//! * `char`/`varchar` without a usable length (absent, 0, or beyond Hive's 255 / 65535) → `string`.
//! * `map` whose key is not primitive → `array<struct<key,value>>`, since Hive map keys must be primitive.
//! * A root that is not a struct (ORC allows a bare `int` file; Arrow refuses it) → one column `_col0`,
//!   Hive's name for unnamed columns, with a note that engines expecting a struct root may not read it.
//! * Encrypted columns (ORC column encryption) keep their plaintext types in the footer, so the schema is
//!   read and a note names them.
//! * LZO-compressed footers are refused: the only pure-Rust LZO crate panics on corrupt input.

use std::io::Read;

use prost::Message;

use super::{InferredTable, crawler_parameters};
use crate::catalog::{Column, StorageFormat};
use crate::error::{Error, Result};
use crate::names;
use crate::source::ByteSource;
use crate::types::{HiveType, StructField};

/// Bytes read from the end of the file on the first request; holds the footer of all but very wide files.
pub const TAIL_GUESS: u64 = 64 * 1024;
/// Largest footer we fetch or decompress. A larger claim is a corrupt or hostile file.
pub const MAX_FOOTER_LEN: u64 = 64 * 1024 * 1024;
/// Deepest nesting of types we follow.
pub const MAX_DEPTH: usize = 100;

/// The first bytes of every ORC file (and the last bytes of its PostScript).
pub const MAGIC: &[u8] = b"ORC";

/// The protobuf messages of the file tail (and, for value sampling, of a stripe footer), as in
/// `orc_proto.proto`, with only the fields we read.
pub(crate) mod proto {
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct PostScript {
        #[prost(uint64, optional, tag = "1")]
        pub footer_length: Option<u64>,
        /// `CompressionKind`: NONE 0, ZLIB 1, SNAPPY 2, LZO 3, LZ4 4, ZSTD 5, BROTLI 6.
        #[prost(int32, optional, tag = "2")]
        pub compression: Option<i32>,
        #[prost(bytes = "vec", optional, tag = "8000")]
        pub magic: Option<Vec<u8>>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Footer {
        #[prost(message, repeated, tag = "3")]
        pub stripes: Vec<StripeInformation>,
        #[prost(message, repeated, tag = "4")]
        pub types: Vec<Type>,
        #[prost(uint64, optional, tag = "6")]
        pub number_of_rows: Option<u64>,
        /// File-level statistics, one per type id (the root struct is id 0).
        #[prost(message, repeated, tag = "7")]
        pub statistics: Vec<ColumnStatistics>,
        #[prost(message, optional, tag = "10")]
        pub encryption: Option<Encryption>,
    }

    /// Where a stripe is: `offset | index streams | data streams | stripe footer`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StripeInformation {
        #[prost(uint64, optional, tag = "1")]
        pub offset: Option<u64>,
        #[prost(uint64, optional, tag = "2")]
        pub index_length: Option<u64>,
        #[prost(uint64, optional, tag = "3")]
        pub data_length: Option<u64>,
        #[prost(uint64, optional, tag = "4")]
        pub footer_length: Option<u64>,
        #[prost(uint64, optional, tag = "5")]
        pub number_of_rows: Option<u64>,
    }

    /// The streams of a stripe, in file order from the stripe's offset, and each column's encoding.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StripeFooter {
        #[prost(message, repeated, tag = "1")]
        pub streams: Vec<Stream>,
        /// One per type id.
        #[prost(message, repeated, tag = "2")]
        pub columns: Vec<ColumnEncoding>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Stream {
        /// `Stream.Kind`: PRESENT 0, DATA 1, LENGTH 2, DICTIONARY_DATA 3, DICTIONARY_COUNT 4,
        /// SECONDARY 5, ROW_INDEX 6, BLOOM_FILTER 7, BLOOM_FILTER_UTF8 8, ...
        #[prost(int32, optional, tag = "1")]
        pub kind: Option<i32>,
        #[prost(uint32, optional, tag = "2")]
        pub column: Option<u32>,
        #[prost(uint64, optional, tag = "3")]
        pub length: Option<u64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ColumnEncoding {
        /// DIRECT 0, DICTIONARY 1, DIRECT_V2 2, DICTIONARY_V2 3.
        #[prost(int32, optional, tag = "1")]
        pub kind: Option<i32>,
        #[prost(uint32, optional, tag = "2")]
        pub dictionary_size: Option<u32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ColumnStatistics {
        /// Non-null values.
        #[prost(uint64, optional, tag = "1")]
        pub number_of_values: Option<u64>,
        #[prost(message, optional, tag = "2")]
        pub int_statistics: Option<IntegerStatistics>,
        #[prost(message, optional, tag = "3")]
        pub double_statistics: Option<DoubleStatistics>,
        #[prost(message, optional, tag = "6")]
        pub decimal_statistics: Option<DecimalStatistics>,
        #[prost(message, optional, tag = "7")]
        pub date_statistics: Option<DateStatistics>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DecimalStatistics {
        /// Decimal text, `-12.50`.
        #[prost(string, optional, tag = "1")]
        pub minimum: Option<String>,
        #[prost(string, optional, tag = "2")]
        pub maximum: Option<String>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct IntegerStatistics {
        #[prost(sint64, optional, tag = "1")]
        pub minimum: Option<i64>,
        #[prost(sint64, optional, tag = "2")]
        pub maximum: Option<i64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DoubleStatistics {
        #[prost(double, optional, tag = "1")]
        pub minimum: Option<f64>,
        #[prost(double, optional, tag = "2")]
        pub maximum: Option<f64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DateStatistics {
        /// Days since 1970-01-01.
        #[prost(sint32, optional, tag = "1")]
        pub minimum: Option<i32>,
        #[prost(sint32, optional, tag = "2")]
        pub maximum: Option<i32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Type {
        /// `Type.Kind`, see [`super::hive_type`].
        #[prost(int32, optional, tag = "1")]
        pub kind: Option<i32>,
        #[prost(uint32, repeated, tag = "2")]
        pub subtypes: Vec<u32>,
        /// Field names as bytes: a name that is not UTF-8 is repaired, not a reason to refuse the file.
        #[prost(bytes = "vec", repeated, tag = "3")]
        pub field_names: Vec<Vec<u8>>,
        #[prost(uint32, optional, tag = "4")]
        pub maximum_length: Option<u32>,
        #[prost(uint32, optional, tag = "5")]
        pub precision: Option<u32>,
        #[prost(uint32, optional, tag = "6")]
        pub scale: Option<u32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Encryption {
        #[prost(message, repeated, tag = "3")]
        pub variants: Vec<EncryptionVariant>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct EncryptionVariant {
        /// The type id of the encrypted column.
        #[prost(uint32, optional, tag = "1")]
        pub root: Option<u32>,
    }
}

/// Infers the table for one ORC file.
pub async fn infer(source: &impl ByteSource) -> Result<InferredTable> {
    Ok(infer_parts(source).await?.table)
}

/// The exact numbers the footer's file-level statistics give for the top-level columns, for column
/// statistics ([`crate::stats`]). No `Debug`: minimums and maximums are values of the file.
#[derive(Clone)]
pub(crate) struct FooterStatistics {
    /// The footer's row count.
    pub rows: Option<u64>,
    /// By the catalog's column name, for the columns the footer has statistics for.
    pub columns: Vec<(String, FooterColumn)>,
}

/// One top-level column's file-level statistics: what any ORC writer records for every column (the
/// count of non-null values) and the minimum and maximum of integer, floating-point, date and decimal
/// columns.
#[derive(Clone, Default)]
pub(crate) struct FooterColumn {
    pub values: Option<u64>,
    pub ints: Option<(i64, i64)>,
    pub doubles: Option<(f64, f64)>,
    /// Days since 1970-01-01.
    pub dates: Option<(i64, i64)>,
    /// As the footer writes them: decimal text.
    pub decimals: Option<(String, String)>,
}

impl FooterColumn {
    fn of(statistics: &proto::ColumnStatistics) -> Self {
        FooterColumn {
            values: statistics.number_of_values,
            ints: statistics
                .int_statistics
                .as_ref()
                .and_then(|s| s.minimum.zip(s.maximum)),
            doubles: statistics
                .double_statistics
                .as_ref()
                .and_then(|s| s.minimum.zip(s.maximum)),
            dates: statistics
                .date_statistics
                .as_ref()
                .and_then(|s| s.minimum.map(i64::from).zip(s.maximum.map(i64::from))),
            decimals: statistics
                .decimal_statistics
                .as_ref()
                .and_then(|s| s.minimum.clone().zip(s.maximum.clone())),
        }
    }
}

/// What value sampling needs of an ORC file beyond its table: the decoded footer, its codec, and the
/// bytes the tail read already holds (a small file's whole).
pub(crate) struct Parts {
    pub table: InferredTable,
    pub statistics: FooterStatistics,
    pub footer: proto::Footer,
    pub codec: Codec,
    /// The file's last bytes, as read for the tail, and where they start.
    pub held: Vec<u8>,
    pub held_start: u64,
    pub len: u64,
}

/// [`infer`], and what value sampling and column statistics need beyond the table.
pub(crate) async fn infer_parts(source: &impl ByteSource) -> Result<Parts> {
    let len = source.len().await?;
    let tail = read_tail(source, len).await?;
    let footer = proto::Footer::decode(decompress(&tail.footer, tail.codec)?.as_slice())
        .map_err(|e| Error::malformed(format!("the ORC footer is corrupt: {e}")))?;
    let mut notes = Vec::new();
    if tail.codec != Codec::None {
        notes.push(format!(
            "Stripes are compressed with {} (ORC's own compression; the file itself is not \
             compressed, so compressionType is none).",
            tail.codec.name()
        ));
    }
    let columns = Schema::new(&footer.types).columns(&mut notes)?;
    if let Some(encryption) = &footer.encryption {
        notes.push(encryption_note(encryption, &footer.types));
    }
    let statistics = FooterStatistics {
        rows: footer.number_of_rows,
        columns: column_type_ids(&footer.types)
            .into_iter()
            .zip(&columns)
            .filter_map(|(id, column)| {
                let statistics = footer.statistics.get(usize::try_from(id).ok()?)?;
                Some((column.name.clone(), FooterColumn::of(statistics)))
            })
            .collect(),
    };
    let table = InferredTable {
        columns,
        format: StorageFormat::orc(),
        parameters: crawler_parameters("orc", footer.number_of_rows, len),
        notes,
    };
    Ok(Parts {
        table,
        statistics,
        footer,
        codec: tail.codec,
        held: tail.held,
        held_start: tail.held_start,
        len,
    })
}

/// The type ids of the table's columns, in order: the root struct's fields, or the root itself when it
/// is not a struct (the one column `_col0`).
pub(crate) fn column_type_ids(types: &[proto::Type]) -> Vec<u32> {
    match types.first() {
        Some(root) if root.kind.unwrap_or(-1) == STRUCT => root.subtypes.clone(),
        Some(_) => vec![0],
        None => Vec::new(),
    }
}

/// An ORC compression kind this crate decompresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    None,
    Zlib,
    Snappy,
    Lz4,
    Zstd,
    Brotli,
}

impl Codec {
    fn from_proto(kind: i32) -> Result<Self> {
        Ok(match kind {
            0 => Codec::None,
            1 => Codec::Zlib,
            2 => Codec::Snappy,
            3 => {
                return Err(Error::unsupported(
                    "the ORC file is compressed with LZO, which Glueprint does not decompress (no \
                     pure-Rust LZO decoder is robust against corrupt input)",
                ));
            }
            4 => Codec::Lz4,
            5 => Codec::Zstd,
            6 => Codec::Brotli,
            other => {
                return Err(Error::unsupported(format!(
                    "the ORC postscript names compression kind {other}, which no ORC version defines"
                )));
            }
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Codec::None => "none",
            Codec::Zlib => "zlib",
            Codec::Snappy => "snappy",
            Codec::Lz4 => "lz4",
            Codec::Zstd => "zstd",
            Codec::Brotli => "brotli",
        }
    }
}

/// The still-compressed footer and how to decompress it, and the bytes read for it.
#[derive(Debug)]
struct Tail {
    footer: Vec<u8>,
    codec: Codec,
    held: Vec<u8>,
    held_start: u64,
}

async fn read_tail(source: &impl ByteSource, len: u64) -> Result<Tail> {
    // "ORC", a postscript of at least one byte, and its length byte.
    let minimum = MAGIC.len() as u64 + 2;
    if len < minimum {
        return Err(Error::malformed(format!(
            "the file is {len} bytes long; an ORC file has at least {minimum} (magic and postscript)"
        )));
    }
    let tail_start = len.saturating_sub(TAIL_GUESS);
    let tail = source.read(tail_start..len).await?;
    let (&ps_len, before_len) = tail
        .split_last()
        .ok_or_else(|| Error::io("the byte source returned fewer bytes than asked for"))?;
    let ps_len = usize::from(ps_len);
    let not_orc = || {
        Error::malformed(
            "not an ORC file: its last bytes are not an ORC postscript, so it is truncated or in \
             another format",
        )
    };
    if ps_len == 0 || ps_len as u64 > len - MAGIC.len() as u64 - 1 {
        return Err(not_orc());
    }
    let ps_start = before_len.len().checked_sub(ps_len).ok_or_else(not_orc)?;
    let ps_bytes = before_len.get(ps_start..).ok_or_else(not_orc)?;
    let postscript = proto::PostScript::decode(ps_bytes).map_err(|_| not_orc())?;
    match postscript.magic.as_deref() {
        Some(MAGIC) => {}
        Some(_) => return Err(not_orc()),
        // Files of Hive 0.11 and earlier have no magic in the postscript: check the header instead.
        None => {
            let header = match tail_start {
                0 => tail.get(..MAGIC.len()).map(<[u8]>::to_vec),
                _ => Some(source.read(0..MAGIC.len() as u64).await?),
            };
            if header.as_deref() != Some(MAGIC) {
                return Err(not_orc());
            }
        }
    }
    let codec = Codec::from_proto(postscript.compression.unwrap_or(0))?;

    let footer_len = postscript.footer_length.unwrap_or(0);
    let footer_end = len - 1 - ps_len as u64;
    let available = footer_end - MAGIC.len() as u64;
    if footer_len > available {
        return Err(Error::malformed(format!(
            "the ORC postscript claims a {footer_len}-byte footer but only {available} bytes precede it"
        )));
    }
    if footer_len > MAX_FOOTER_LEN {
        return Err(Error::too_large(format!(
            "the ORC footer is {footer_len} bytes; Glueprint reads at most {MAX_FOOTER_LEN}"
        )));
    }
    let footer_start = footer_end - footer_len;
    let in_tail = footer_start
        .checked_sub(tail_start)
        .and_then(|start| usize::try_from(start).ok())
        .and_then(|start| before_len.get(start..ps_start));
    let footer = match in_tail {
        Some(footer) => footer.to_vec(),
        None => source.read(footer_start..footer_end).await?,
    };
    Ok(Tail {
        footer,
        codec,
        held: tail,
        held_start: tail_start,
    })
}

/// Decompresses a stream in ORC's chunked format, to at most [`MAX_FOOTER_LEN`] bytes. The postscript's
/// compression block size bounds each chunk for writers; we bound only the total, so files written with
/// unusual block sizes (or none recorded) still read.
fn decompress(bytes: &[u8], codec: Codec) -> Result<Vec<u8>> {
    if codec == Codec::None {
        return Ok(bytes.to_vec());
    }
    let max = usize::try_from(MAX_FOOTER_LEN).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (chunk, after) = next_chunk(rest).map_err(|why| match why {
            ChunkError::Corrupt(why) => Error::malformed(format!("the ORC footer {why}")),
            ChunkError::TooLarge => footer_too_large(),
        })?;
        rest = after;
        let budget = max.saturating_sub(out.len());
        chunk
            .inflate(codec, budget, &mut out)
            .map_err(|e| match e {
                ChunkError::TooLarge => footer_too_large(),
                ChunkError::Corrupt(why) => Error::malformed(format!(
                    "the {} footer chunk is corrupt: {why}",
                    codec.name()
                )),
            })?;
    }
    Ok(out)
}

fn footer_too_large() -> Error {
    Error::too_large(format!(
        "the ORC footer decompresses to more than {MAX_FOOTER_LEN} bytes"
    ))
}

/// Why a compression chunk did not decompress.
#[derive(Debug)]
pub(crate) enum ChunkError {
    /// It decompresses to more than the budget.
    TooLarge,
    /// Its header or its compressed bytes are damaged (the message, without any byte of the file).
    Corrupt(String),
}

/// One chunk of ORC's chunked compression: stored raw (`original`) or compressed with the file's codec.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk<'a> {
    pub original: bool,
    pub bytes: &'a [u8],
}

/// The chunk at the start of `bytes` (3-byte little-endian header: length * 2 + "original") and the bytes
/// after it.
pub(crate) fn next_chunk(bytes: &[u8]) -> std::result::Result<(Chunk<'_>, &[u8]), ChunkError> {
    let (header, after) = bytes
        .split_first_chunk::<3>()
        .ok_or_else(|| ChunkError::Corrupt("ends inside a compression chunk header".to_owned()))?;
    let [low, middle, high] = *header;
    let header = u32::from(low) | u32::from(middle) << 8 | u32::from(high) << 16;
    let original = header & 1 == 1;
    let chunk_len = usize::try_from(header >> 1).unwrap_or(usize::MAX);
    let (chunk, after) = after.split_at_checked(chunk_len).ok_or_else(|| {
        ChunkError::Corrupt(format!(
            "has a compression chunk that claims {chunk_len} bytes but only {} remain",
            after.len()
        ))
    })?;
    Ok((
        Chunk {
            original,
            bytes: chunk,
        },
        after,
    ))
}

impl Chunk<'_> {
    /// Appends the chunk's decompressed bytes, at most `budget` of them, to `out`.
    pub(crate) fn inflate(
        self,
        codec: Codec,
        budget: usize,
        out: &mut Vec<u8>,
    ) -> std::result::Result<(), ChunkError> {
        if self.original || codec == Codec::None {
            if self.bytes.len() > budget {
                return Err(ChunkError::TooLarge);
            }
            out.extend_from_slice(self.bytes);
            return Ok(());
        }
        inflate_chunk(self.bytes, codec, budget, out)
    }
}

/// Appends one decompressed chunk of at most `budget` bytes to `out`.
fn inflate_chunk(
    chunk: &[u8],
    codec: Codec,
    budget: usize,
    out: &mut Vec<u8>,
) -> std::result::Result<(), ChunkError> {
    let corrupt = |e: &dyn std::fmt::Display| ChunkError::Corrupt(e.to_string());
    let start = out.len();
    match codec {
        Codec::None => {
            if chunk.len() > budget {
                return Err(ChunkError::TooLarge);
            }
            out.extend_from_slice(chunk);
        }
        Codec::Zlib => {
            let data =
                miniz_oxide::inflate::decompress_to_vec_with_limit(chunk, budget).map_err(|e| {
                    match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ChunkError::TooLarge,
                        _ => corrupt(&e),
                    }
                })?;
            out.extend_from_slice(&data);
        }
        Codec::Snappy => {
            let size = snap::raw::decompress_len(chunk).map_err(|e| corrupt(&e))?;
            if size > budget {
                return Err(ChunkError::TooLarge);
            }
            let data = snap::raw::Decoder::new()
                .decompress_vec(chunk)
                .map_err(|e| corrupt(&e))?;
            out.extend_from_slice(&data);
        }
        Codec::Lz4 => {
            // An LZ4 block expands at most 255-fold.
            let size = budget.min(chunk.len().saturating_mul(255).saturating_add(16));
            out.resize(start + size, 0);
            let written =
                lz4_flex::block::decompress_into(chunk, out.get_mut(start..).unwrap_or_default())
                    .map_err(|e| match e {
                        lz4_flex::block::DecompressError::OutputTooSmall { .. } => {
                            ChunkError::TooLarge
                        }
                        other => corrupt(&other),
                    });
            match written {
                Ok(written) => out.truncate(start + written),
                Err(e) => {
                    out.truncate(start);
                    return Err(e);
                }
            }
        }
        Codec::Zstd => {
            let mut input = chunk;
            while !input.is_empty() {
                let decoder =
                    ruzstd::decoding::StreamingDecoder::new(&mut input).map_err(|e| corrupt(&e))?;
                let used = out.len() - start;
                read_bounded(decoder, budget.saturating_sub(used), out)?;
            }
        }
        Codec::Brotli => {
            let decoder = brotli_decompressor::Decompressor::new(chunk, 4096);
            read_bounded(decoder, budget, out)?;
        }
    }
    Ok(())
}

/// Reads `reader` to its end into `out`, failing when it yields more than `budget` bytes.
fn read_bounded(
    reader: impl Read,
    budget: usize,
    out: &mut Vec<u8>,
) -> std::result::Result<(), ChunkError> {
    let limit = u64::try_from(budget).unwrap_or(u64::MAX).saturating_add(1);
    let read = reader
        .take(limit)
        .read_to_end(out)
        .map_err(|e| ChunkError::Corrupt(e.to_string()))?;
    if read > budget {
        return Err(ChunkError::TooLarge);
    }
    Ok(())
}

/// The flattened type tree of the footer, converted to Hive types.
struct Schema<'a> {
    types: &'a [proto::Type],
    /// Which type ids have been converted: each must be reached exactly once (a tree, not a graph).
    visited: Vec<bool>,
}

impl<'a> Schema<'a> {
    fn new(types: &'a [proto::Type]) -> Self {
        Self {
            types,
            visited: vec![false; types.len()],
        }
    }

    fn columns(mut self, notes: &mut Vec<String>) -> Result<Vec<Column>> {
        let root = self
            .types
            .first()
            .ok_or_else(|| Error::malformed("the ORC footer lists no types"))?;
        if let Some(true) = self.visited.first_mut().map(|v| std::mem::replace(v, true)) {
            return Err(Error::malformed("the ORC type tree is cyclic"));
        }
        if root.kind.unwrap_or(-1) != STRUCT {
            let ty = self.convert_kind(0, root, "_col0", 1, notes)?;
            notes.push(format!(
                "The file's root type is {}, not a struct: it is read as one column `_col0`. Hive and \
                 Athena expect a struct root and may not read this file.",
                kind_name(root.kind.unwrap_or(-1))
            ));
            return Ok(vec![Column::new("_col0", ty)]);
        }
        let fields = self.struct_fields(0, root, 0, notes)?;
        let mut columns: Vec<Column> = fields
            .into_iter()
            .map(|f| Column::new(f.name, f.data_type))
            .collect();
        let raw: Vec<String> = root
            .field_names
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        super::keep_original_names(&mut columns, raw.iter().map(String::as_str), notes);
        Ok(columns)
    }

    /// The Hive type of type id `id`, reached from `parent`.
    fn child(
        &mut self,
        parent: usize,
        id: u32,
        path: &str,
        depth: usize,
        notes: &mut Vec<String>,
    ) -> Result<HiveType> {
        let index = usize::try_from(id).unwrap_or(usize::MAX);
        if index <= parent {
            return Err(Error::malformed(format!(
                "ORC type {parent} names subtype {id}, which does not follow it; the type tree is corrupt"
            )));
        }
        let ty = self.types.get(index).ok_or_else(|| {
            Error::malformed(format!(
                "ORC type {parent} names subtype {id} but the footer lists only {} types",
                self.types.len()
            ))
        })?;
        match self.visited.get_mut(index) {
            Some(seen) if !*seen => *seen = true,
            _ => {
                return Err(Error::malformed(format!(
                    "ORC type {id} is the subtype of more than one type; the type tree is corrupt"
                )));
            }
        }
        self.convert_kind(index, ty, path, depth, notes)
    }

    fn convert_kind(
        &mut self,
        id: usize,
        ty: &proto::Type,
        path: &str,
        depth: usize,
        notes: &mut Vec<String>,
    ) -> Result<HiveType> {
        if depth > MAX_DEPTH {
            return Err(Error::too_large(format!(
                "column `{path}` is nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let kind = ty.kind.unwrap_or(-1);
        let arity = |want: usize| -> Result<()> {
            if ty.subtypes.len() == want {
                Ok(())
            } else {
                Err(Error::malformed(format!(
                    "ORC {} `{path}` has {} subtypes instead of {want}",
                    kind_name(kind),
                    ty.subtypes.len()
                )))
            }
        };
        use HiveType as H;
        Ok(match kind {
            0 => H::Boolean,
            1 => H::TinyInt,
            2 => H::SmallInt,
            3 => H::Int,
            4 => H::BigInt,
            5 => H::Float,
            6 => H::Double,
            7 => H::String,
            8 => H::Binary,
            9 | 18 => H::Timestamp,
            15 => H::Date,
            14 => decimal(ty, path, notes)?,
            16 => match ty.maximum_length {
                Some(n @ 1..=65535) => H::Varchar(n),
                _ => H::String,
            },
            17 => match ty.maximum_length.and_then(|n| u16::try_from(n).ok()) {
                Some(n @ 1..=255) => H::Char(n),
                _ => H::String,
            },
            10 => {
                arity(1)?;
                let element = self.subtypes(id, ty, path, depth, notes)?;
                H::Array(Box::new(element.into_iter().next().unwrap_or(H::Void)))
            }
            11 => {
                arity(2)?;
                let mut parts = self.subtypes(id, ty, path, depth, notes)?.into_iter();
                let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
                    return Err(Error::malformed(format!(
                        "ORC map `{path}` lacks a key or value"
                    )));
                };
                if key.is_primitive() {
                    H::Map(Box::new(key), Box::new(value))
                } else {
                    H::Array(Box::new(H::Struct(vec![
                        StructField::new("key", key),
                        StructField::new("value", value),
                    ])))
                }
            }
            STRUCT => H::Struct(self.struct_fields(id, ty, depth, notes)?),
            13 => {
                if ty.subtypes.is_empty() {
                    return Err(Error::malformed(format!(
                        "ORC union `{path}` has no members"
                    )));
                }
                H::Union(self.subtypes(id, ty, path, depth, notes)?)
            }
            other => {
                return Err(Error::unsupported(format!(
                    "column `{path}` has ORC type kind {other}, which this reader does not know"
                )));
            }
        })
    }

    fn subtypes(
        &mut self,
        id: usize,
        ty: &proto::Type,
        path: &str,
        depth: usize,
        notes: &mut Vec<String>,
    ) -> Result<Vec<HiveType>> {
        ty.subtypes
            .iter()
            .map(|&sub| self.child(id, sub, path, depth + 1, notes))
            .collect()
    }

    fn struct_fields(
        &mut self,
        id: usize,
        ty: &proto::Type,
        depth: usize,
        notes: &mut Vec<String>,
    ) -> Result<Vec<StructField>> {
        if ty.subtypes.len() != ty.field_names.len() {
            return Err(Error::malformed(format!(
                "ORC struct type {id} has {} subtypes but {} field names",
                ty.subtypes.len(),
                ty.field_names.len()
            )));
        }
        if ty.subtypes.is_empty() && id != 0 {
            return Err(Error::unsupported(format!(
                "ORC struct type {id} has no fields, and Hive has no empty struct type"
            )));
        }
        let raw: Vec<String> = ty
            .field_names
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        let names = names::column_names(raw.iter().map(String::as_str));
        names
            .into_iter()
            .zip(&ty.subtypes)
            .map(|(name, &sub)| {
                let data_type = self.child(id, sub, &name, depth + 1, notes)?;
                Ok(StructField::new(name, data_type))
            })
            .collect()
    }
}

const STRUCT: i32 = 12;

fn kind_name(kind: i32) -> String {
    const NAMES: [&str; 19] = [
        "boolean",
        "byte",
        "short",
        "int",
        "long",
        "float",
        "double",
        "string",
        "binary",
        "timestamp",
        "list",
        "map",
        "struct",
        "union",
        "decimal",
        "date",
        "varchar",
        "char",
        "timestamp_instant",
    ];
    usize::try_from(kind)
        .ok()
        .and_then(|k| NAMES.get(k))
        .map_or_else(|| format!("kind {kind}"), |n| (*n).to_owned())
}

fn decimal(ty: &proto::Type, path: &str, notes: &mut Vec<String>) -> Result<HiveType> {
    let (precision, scale) = match (ty.precision, ty.scale) {
        (None | Some(0), _) => {
            notes.push(format!(
                "Column `{path}` is a decimal without a precision (written by Hive 0.11): it is read as \
                 decimal(38,6), as the ORC C++ reader and Arrow do."
            ));
            (38, 6)
        }
        (Some(p), s) => (p, s.unwrap_or(0)),
    };
    HiveType::decimal_or_string(precision.into(), scale.into()).ok_or_else(|| {
        Error::malformed(format!(
            "column `{path}` has invalid decimal precision {precision} and scale {scale}"
        ))
    })
}

/// Names the encrypted columns: top-level ones by name, nested ones by type id.
fn encryption_note(encryption: &proto::Encryption, types: &[proto::Type]) -> String {
    let root = types.first();
    let named: Vec<String> = encryption
        .variants
        .iter()
        .filter_map(|v| v.root)
        .map(|id| {
            root.and_then(|r| {
                let position = r.subtypes.iter().position(|&s| s == id)?;
                let raw = r.field_names.get(position)?;
                Some(format!("`{}`", String::from_utf8_lossy(raw)))
            })
            .unwrap_or_else(|| format!("type {id}"))
        })
        .collect();
    let which = if named.is_empty() {
        "Some columns are".to_owned()
    } else {
        format!("Column(s) {} are", named.join(", "))
    };
    format!(
        "{which} encrypted (ORC column encryption): their types are readable, but readers without the key \
         see masked values."
    )
}
