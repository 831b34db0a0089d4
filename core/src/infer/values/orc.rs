//! ORC value samples: the first rows of the first stripe, within the byte budget.
//!
//! Inference has read the tail (the whole of a file up to [`orc::TAIL_GUESS`] bytes) and decoded the
//! footer, which lists the stripes. The first stripe's data streams and stripe footer are read in one
//! request (none when the tail read already holds them) if they fit
//! [`SampleOptions::parquet_page_bytes`]; a larger first stripe gives no values and a finding, since
//! ORC keeps a stripe's streams column by column and a prefix of the stripe would hold only its first
//! columns. Its index streams (row indexes, bloom filters) are never read. The streams are then
//! decompressed chunk by chunk as the decoders ask for bytes, so only the chunks that hold the first
//! [`SampleOptions::parquet_rows`] rows are inflated, at most as many bytes as the budget in all.
//!
//! Decoded here, by hand ([`crate::infer::orc_rle`] for the run-length encodings), rather than by an
//! ORC crate: none is pure Rust, wasm-safe and hardened against damaged input, and the sample needs
//! only the top-level primitive columns of the root struct:
//!
//! * booleans, tinyint (byte RLE), smallint, int, bigint and dates (integer RLE v1 or v2, per the
//!   column's encoding), floats and doubles (IEEE 754 little-endian);
//! * strings, varchars, chars and binaries, with `DIRECT` and (not binary) `DICTIONARY` encodings;
//! * decimals (zigzag varints and a stream of scales), rescaled to the column's scale (cut toward zero
//!   when a value carries more fraction digits, as in a Hive 0.11 file), and ORC 2.0's decimal64
//!   (integer RLE at the column's scale, no stream of scales).
//!
//! Timestamps and nested columns (struct, list, map, union) are a finding for their column. So is any damage: a stream that ends early, a run past its end, a length
//! beyond the bytes present, a dictionary index past the dictionary. A damaged column keeps none of its
//! values (a short column beside full ones would misalign rows), the other columns stand, and so does
//! the table. Files with encrypted columns are not sampled (their streams sit between the plaintext
//! ones at offsets the plaintext footer does not give). Every allocation is bounded by bytes actually
//! read or decompressed, never by a count or length the file claims.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use prost::Message;

use super::{ColumnSample, FileSample, SampleOptions, date_from_days, decimal};
use crate::Result;
use crate::infer::orc::{self, ChunkError, Codec, proto};
use crate::infer::orc_rle::{self, BoolRle, ByteRle, Bytes, IntRle, IntVersion, RleResult};
use crate::source::ByteSource;

/// Most values (nulls included, all columns together) one file's sample may hold: a column of nulls
/// costs no bytes per row, so the byte budget alone would not bound a very wide file.
const MAX_VALUES: usize = 1_000_000;

/// `Stream.Kind`s the sampler reads.
const PRESENT: i32 = 0;
const DATA: i32 = 1;
const LENGTH: i32 = 2;
const DICTIONARY_DATA: i32 = 3;
const SECONDARY: i32 = 5;

/// Infers the table of an ORC file and samples the first rows of its first stripe.
pub(super) async fn sample(
    source: &impl ByteSource,
    options: &SampleOptions,
) -> Result<FileSample> {
    let parts = orc::infer_parts(source).await?;
    let mut file = FileSample {
        orc: Some(parts.statistics),
        ..FileSample::of(parts.table)
    };
    let footer = parts.footer;
    let Some(stripe) = footer.stripes.first() else {
        return Ok(file);
    };
    if footer.encryption.is_some() {
        file.findings.push(
            "No values sampled: the file uses ORC column encryption, whose streams this reader does \
             not locate."
                .to_owned(),
        );
        return Ok(file);
    }
    let rows = usize::try_from(stripe.number_of_rows.unwrap_or(0))
        .unwrap_or(usize::MAX)
        .min(options.parquet_rows);
    if rows == 0 {
        return Ok(file);
    }
    let offset = stripe.offset.unwrap_or(0);
    let data_len = stripe.data_length.unwrap_or(0);
    let footer_len = stripe.footer_length.unwrap_or(0);
    let range = offset
        .checked_add(stripe.index_length.unwrap_or(0))
        .and_then(|start| {
            let end = start.checked_add(data_len)?.checked_add(footer_len)?;
            Some(start..end)
        });
    let Some(range) = range.filter(|r| r.end <= parts.len) else {
        file.findings.push(
            "No values sampled: the footer places the first stripe past the end of the file \
             (truncated?)."
                .to_owned(),
        );
        return Ok(file);
    };
    let wanted = range.end - range.start;
    if wanted > options.parquet_page_bytes {
        file.findings.push(format!(
            "No values sampled: the first stripe's data is {wanted} bytes, more than the {}-byte \
             sampling budget.",
            options.parquet_page_bytes
        ));
        return Ok(file);
    }
    let in_held = range
        .start
        .checked_sub(parts.held_start)
        .and_then(|from| usize::try_from(from).ok())
        .zip(usize::try_from(wanted).ok())
        .and_then(|(from, n)| parts.held.get(from..from.checked_add(n)?));
    let bytes = match in_held {
        Some(bytes) => Cow::Borrowed(bytes),
        None => Cow::Owned(source.read(range.clone()).await?),
    };
    let (data, stripe_footer) = bytes
        .split_at_checked(usize::try_from(data_len).unwrap_or(usize::MAX))
        .unwrap_or((&[], &[]));
    let budget = Cell::new(usize::try_from(options.parquet_page_bytes).unwrap_or(usize::MAX));
    let stripe_footer = match whole(stripe_footer, parts.codec, &budget)
        .and_then(|b| proto::StripeFooter::decode(b.as_slice()).map_err(|e| e.to_string()))
    {
        Ok(footer) => footer,
        Err(why) => {
            file.findings.push(format!(
                "No values sampled: the first stripe's footer could not be read ({why})."
            ));
            return Ok(file);
        }
    };
    let stripe = Stripe::new(
        &stripe_footer,
        data,
        offset,
        range.start,
        parts.codec,
        &budget,
    );
    let ids = orc::column_type_ids(&footer.types);
    let mut held_values = 0usize;
    let mut over_cap = Vec::new();
    for (id, column) in ids.into_iter().zip(&file.table.columns) {
        let ty = usize::try_from(id).ok().and_then(|i| footer.types.get(i));
        let kind = ty.and_then(|t| t.kind).unwrap_or(-1);
        if let Some(why) = unsupported(kind) {
            file.findings
                .push(format!("Column {} is not sampled: {why}.", column.name));
            continue;
        }
        if held_values.saturating_add(rows) > MAX_VALUES {
            over_cap.push(column.name.clone());
            continue;
        }
        match stripe.column(id, kind, ty, rows) {
            Ok(values) => {
                held_values += values.len();
                file.columns
                    .push(ColumnSample::new(column.name.clone(), values));
            }
            Err(why) => file.findings.push(format!(
                "Column {} is not sampled: its data in the first stripe could not be decoded ({why}).",
                column.name
            )),
        }
    }
    if !over_cap.is_empty() {
        file.findings.push(format!(
            "Columns {} are not sampled: the sample already holds {MAX_VALUES} values.",
            over_cap.join(", ")
        ));
    }
    Ok(file)
}

/// Why values of ORC type `kind` are not sampled, or `None` when they are.
fn unsupported(kind: i32) -> Option<&'static str> {
    match kind {
        0..=8 | 14..=17 => None,
        9 | 18 => Some("ORC timestamps are not decoded for value samples"),
        10..=13 => Some("nested ORC columns are not sampled"),
        _ => Some("its ORC type is unknown"),
    }
}

/// The first stripe's data streams, by column and kind, and how to decompress them.
struct Stripe<'a> {
    /// Each stream's bytes, or why it cannot be had (it lies outside the data read).
    streams: HashMap<(u32, i32), std::result::Result<&'a [u8], String>>,
    encodings: &'a [proto::ColumnEncoding],
    codec: Codec,
    budget: &'a Cell<usize>,
}

impl<'a> Stripe<'a> {
    /// Streams lie back to back from the stripe's `offset` in the stripe footer's order; `data` holds
    /// the file from `data_start` (past the index streams).
    fn new(
        footer: &'a proto::StripeFooter,
        data: &'a [u8],
        offset: u64,
        data_start: u64,
        codec: Codec,
        budget: &'a Cell<usize>,
    ) -> Self {
        let mut streams = HashMap::new();
        let mut position = Some(offset);
        for stream in &footer.streams {
            let start = position;
            let length = stream.length.unwrap_or(0);
            position = position.and_then(|p| p.checked_add(length));
            let (Some(kind), Some(column)) = (stream.kind, stream.column) else {
                continue;
            };
            if !matches!(kind, PRESENT | DATA | LENGTH | DICTIONARY_DATA | SECONDARY) {
                continue;
            }
            let bytes = start
                .and_then(|s| s.checked_sub(data_start))
                .and_then(|from| usize::try_from(from).ok())
                .zip(usize::try_from(length).ok())
                .and_then(|(from, n)| data.get(from..from.checked_add(n)?))
                .ok_or_else(|| "a stream lies outside the stripe's data".to_owned());
            streams.entry((column, kind)).or_insert(bytes);
        }
        Self {
            streams,
            encodings: &footer.columns,
            codec,
            budget,
        }
    }

    /// The stream of `column` of `kind`: `None` when the stripe has none.
    fn stream(&self, column: u32, kind: i32) -> RleResult<Option<Stream<'a>>> {
        match self.streams.get(&(column, kind)) {
            None => Ok(None),
            Some(Err(why)) => Err(why.clone()),
            Some(Ok(bytes)) => Ok(Some(Stream::new(bytes, self.codec, self.budget))),
        }
    }

    fn required(&self, column: u32, kind: i32, name: &str) -> RleResult<Stream<'a>> {
        self.stream(column, kind)?
            .ok_or_else(|| format!("the stripe has no {name} stream for it"))
    }

    /// The `rows` first values of one top-level column of ORC type `kind`.
    fn column(
        &self,
        id: u32,
        kind: i32,
        ty: Option<&proto::Type>,
        rows: usize,
    ) -> RleResult<Vec<Option<String>>> {
        let encoding = usize::try_from(id)
            .ok()
            .and_then(|i| self.encodings.get(i))
            .ok_or_else(|| "the stripe footer gives no encoding for it".to_owned())?;
        let (version, dictionary) = match encoding.kind.unwrap_or(0) {
            0 => (IntVersion::V1, false),
            1 => (IntVersion::V1, true),
            2 => (IntVersion::V2, false),
            3 => (IntVersion::V2, true),
            other => return Err(format!("unknown column encoding {other}")),
        };
        let present = match self.stream(id, PRESENT)? {
            None => vec![true; rows],
            Some(mut stream) => {
                let mut bits = BoolRle::default();
                (0..rows)
                    .map(|_| bits.next(&mut stream))
                    .collect::<RleResult<Vec<bool>>>()
                    .map_err(|why| format!("PRESENT stream: {why}"))?
            }
        };
        let count = present.iter().filter(|p| **p).count();
        if dictionary && !matches!(kind, 7 | 16 | 17) {
            return Err("a dictionary encoding for a column that is not a string".to_owned());
        }
        // An all-null column needs no data streams (writers may leave them out).
        if count == 0 {
            return Ok(vec![None; rows]);
        }
        let values = match kind {
            0 => {
                let mut data = self.required(id, DATA, "DATA")?;
                let mut bits = BoolRle::default();
                repeat(count, || Ok(bits.next(&mut data)?.to_string()))?
            }
            1 => {
                let mut data = self.required(id, DATA, "DATA")?;
                let mut bytes = ByteRle::default();
                repeat(count, || {
                    Ok(i8::from_ne_bytes([bytes.next(&mut data)?]).to_string())
                })?
            }
            2..=4 | 15 => {
                let mut data = self.required(id, DATA, "DATA")?;
                let mut ints = IntRle::new(version, true);
                repeat(count, || {
                    let n = ints.next(&mut data)?;
                    Ok(if kind == 15 {
                        date_from_days(i128::from(n))
                    } else {
                        n.to_string()
                    })
                })?
            }
            5 => {
                let mut data = self.required(id, DATA, "DATA")?;
                repeat(count, || {
                    Ok(f32::from_le_bytes(fixed(&mut data)?).to_string())
                })?
            }
            6 => {
                let mut data = self.required(id, DATA, "DATA")?;
                repeat(count, || {
                    Ok(f64::from_le_bytes(fixed(&mut data)?).to_string())
                })?
            }
            7 | 16 | 17 if dictionary => self.dictionary(id, version, count, encoding)?,
            7 | 8 | 16 | 17 => {
                let mut data = self.required(id, DATA, "DATA")?;
                let mut lengths = self.required(id, LENGTH, "LENGTH")?;
                let mut ints = IntRle::new(version, false);
                repeat(count, || {
                    let length = length(ints.next(&mut lengths)?)?;
                    let bytes = data.take(length)?;
                    Ok(text(kind, &bytes))
                })?
            }
            14 => {
                let scale = decimal_scale(ty);
                let mut data = self.required(id, DATA, "DATA")?;
                let mut ints = IntRle::new(version, true);
                match self.stream(id, SECONDARY)? {
                    Some(mut scales) => repeat(count, || {
                        let unscaled = orc_rle::varint_i128(&mut data)?;
                        let own = ints.next(&mut scales)?;
                        Ok(decimal(rescale(unscaled, own, scale)?, scale))
                    })?,
                    // ORC 2.0's decimal64 (precision up to 18): unscaled values at the column's scale
                    // as signed integer RLE v2 (whatever the encoding says: ORC Java marks the column
                    // DIRECT), and no stream of scales.
                    None if ty
                        .and_then(|t| t.precision)
                        .is_some_and(|p| (1..=18).contains(&p)) =>
                    {
                        let mut ints = IntRle::new(IntVersion::V2, true);
                        repeat(count, || {
                            Ok(decimal(i128::from(ints.next(&mut data)?), scale))
                        })?
                    }
                    None => {
                        return Err("the stripe has no SECONDARY (scale) stream for it".to_owned());
                    }
                }
            }
            _ => return Err("its type is not sampled".to_owned()),
        };
        let mut values = values.into_iter();
        Ok(present
            .into_iter()
            .map(|p| if p { values.next() } else { None })
            .collect())
    }

    /// A dictionary-encoded string column: indexes in DATA, entry lengths in LENGTH, entries back to
    /// back in DICTIONARY_DATA. Only the lengths up to the largest index sampled are decoded.
    fn dictionary(
        &self,
        id: u32,
        version: IntVersion,
        count: usize,
        encoding: &proto::ColumnEncoding,
    ) -> RleResult<Vec<String>> {
        let mut data = self.required(id, DATA, "DATA")?;
        let mut ints = IntRle::new(version, false);
        let indexes = repeat(count, || length(ints.next(&mut data)?))?;
        let Some(&largest) = indexes.iter().max() else {
            return Ok(Vec::new());
        };
        let size = usize::try_from(encoding.dictionary_size.unwrap_or(0)).unwrap_or(usize::MAX);
        if largest >= size {
            return Err(format!("an index points past the {size}-entry dictionary"));
        }
        let entries = match self.stream(id, DICTIONARY_DATA)? {
            Some(mut stream) => stream.rest()?,
            None => Vec::new(),
        };
        // A dictionary's entries are distinct, so at most one is empty: a larger claim is damage, and
        // refusing it bounds the walk below by bytes actually decompressed.
        if size > entries.len().saturating_add(1) {
            return Err(format!(
                "the dictionary claims {size} entries in {} bytes",
                entries.len()
            ));
        }
        let mut spans: BTreeMap<usize, (usize, usize)> =
            indexes.iter().map(|&i| (i, (0, 0))).collect();
        let mut lengths = self.required(id, LENGTH, "LENGTH")?;
        let mut ints = IntRle::new(version, false);
        let mut at = 0usize;
        for entry in 0..=largest {
            let n = length(ints.next(&mut lengths)?)?;
            if let Some(span) = spans.get_mut(&entry) {
                *span = (at, n);
            }
            at = at
                .checked_add(n)
                .filter(|end| *end <= entries.len())
                .ok_or_else(|| "a dictionary entry ends past the dictionary data".to_owned())?;
        }
        indexes
            .iter()
            .map(|i| {
                let (start, n) = spans.get(i).copied().unwrap_or_default();
                let bytes = start
                    .checked_add(n)
                    .and_then(|end| entries.get(start..end))
                    .ok_or_else(|| "a dictionary entry ends past the dictionary data".to_owned())?;
                Ok(String::from_utf8_lossy(bytes).into_owned())
            })
            .collect()
    }
}

/// `count` values of `next`, stopping at the first error.
fn repeat<T>(count: usize, mut next: impl FnMut() -> RleResult<T>) -> RleResult<Vec<T>> {
    let mut out = Vec::new();
    for _ in 0..count {
        out.push(next()?);
    }
    Ok(out)
}

/// A length or an index: never negative.
fn length(value: i64) -> RleResult<usize> {
    usize::try_from(value).map_err(|_| format!("a length or index of {value}"))
}

fn fixed<const N: usize>(stream: &mut Stream<'_>) -> RleResult<[u8; N]> {
    let mut out = [0u8; N];
    for slot in &mut out {
        *slot = stream.byte()?;
    }
    Ok(out)
}

/// String kinds as text, binary as lower-case hex.
fn text(kind: i32, bytes: &[u8]) -> String {
    if kind == 8 {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The scale of a decimal column as inference types it (a decimal without a precision is (38,6)).
fn decimal_scale(ty: Option<&proto::Type>) -> u32 {
    match ty.map(|t| (t.precision, t.scale)) {
        Some((None | Some(0), _)) | None => 6,
        Some((Some(_), scale)) => scale.unwrap_or(0),
    }
}

/// `unscaled` at scale `own` as an unscaled value at `scale`; extra fraction digits are cut.
fn rescale(unscaled: i128, own: i64, scale: u32) -> RleResult<i128> {
    let own = u32::try_from(own).map_err(|_| format!("a decimal scale of {own}"))?;
    let overflow = || "a decimal value beyond 38 digits".to_owned();
    if own == scale {
        return Ok(unscaled);
    }
    let power = 10i128
        .checked_pow(own.abs_diff(scale))
        .ok_or_else(overflow)?;
    if own < scale {
        unscaled.checked_mul(power).ok_or_else(overflow)
    } else {
        Ok(unscaled / power)
    }
}

/// One stream of the stripe, decompressed chunk by chunk as its bytes are asked for, every chunk paid
/// from the shared decompression budget.
struct Stream<'a> {
    /// Chunks not yet decompressed (or, uncompressed, bytes not yet handed out).
    rest: &'a [u8],
    codec: Codec,
    chunk: Cow<'a, [u8]>,
    at: usize,
    budget: &'a Cell<usize>,
}

impl<'a> Stream<'a> {
    fn new(bytes: &'a [u8], codec: Codec, budget: &'a Cell<usize>) -> Self {
        Self {
            rest: bytes,
            codec,
            chunk: Cow::Borrowed(&[]),
            at: 0,
            budget,
        }
    }

    /// Moves to the next chunk; an error at the end of the stream.
    fn refill(&mut self) -> RleResult<()> {
        if self.rest.is_empty() {
            return Err("the stream ends early".to_owned());
        }
        let budget = self.budget.get();
        let too_large = || "the stream decompresses past the sampling budget".to_owned();
        let chunk = if self.codec == Codec::None {
            Cow::Borrowed(std::mem::take(&mut self.rest))
        } else {
            let (chunk, after) = orc::next_chunk(self.rest).map_err(|e| match e {
                ChunkError::Corrupt(why) => format!("the stream {why}"),
                ChunkError::TooLarge => too_large(),
            })?;
            self.rest = after;
            if chunk.original {
                Cow::Borrowed(chunk.bytes)
            } else {
                let mut out = Vec::new();
                chunk
                    .inflate(self.codec, budget, &mut out)
                    .map_err(|e| match e {
                        ChunkError::TooLarge => too_large(),
                        ChunkError::Corrupt(why) => format!(
                            "a {} compression chunk is corrupt: {why}",
                            self.codec.name()
                        ),
                    })?;
                Cow::Owned(out)
            }
        };
        if chunk.len() > budget {
            return Err(too_large());
        }
        self.budget.set(budget - chunk.len());
        self.chunk = chunk;
        self.at = 0;
        Ok(())
    }

    /// The next `n` bytes; the vector grows only with bytes actually decompressed.
    fn take(&mut self, n: usize) -> RleResult<Vec<u8>> {
        let mut out = Vec::new();
        while out.len() < n {
            if self.at >= self.chunk.len() {
                self.refill()?;
            }
            let want = n - out.len();
            let available = self.chunk.get(self.at..).unwrap_or_default();
            let piece = available.get(..want).unwrap_or(available);
            out.extend_from_slice(piece);
            self.at += piece.len();
        }
        Ok(out)
    }

    /// The rest of the stream.
    fn rest(&mut self) -> RleResult<Vec<u8>> {
        let mut out = self.chunk.get(self.at..).unwrap_or_default().to_vec();
        while !self.rest.is_empty() {
            self.refill()?;
            out.extend_from_slice(&self.chunk);
        }
        self.at = self.chunk.len();
        Ok(out)
    }
}

impl Bytes for Stream<'_> {
    fn byte(&mut self) -> RleResult<u8> {
        loop {
            if let Some(&b) = self.chunk.get(self.at) {
                self.at += 1;
                return Ok(b);
            }
            self.refill()?;
        }
    }
}

/// A whole compressed stream (the stripe footer), paid from `budget`.
fn whole(bytes: &[u8], codec: Codec, budget: &Cell<usize>) -> RleResult<Vec<u8>> {
    Stream::new(bytes, codec, budget).rest()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A stripe footer of uncompressed streams of column 1 with the given encoding, and the streams
    /// back to back from offset 0 in the order given.
    fn stripe_footer(
        streams: &[(i32, &[u8])],
        encoding: i32,
        dictionary_size: u32,
    ) -> (proto::StripeFooter, Vec<u8>) {
        let footer = proto::StripeFooter {
            streams: streams
                .iter()
                .map(|(kind, bytes)| proto::Stream {
                    kind: Some(*kind),
                    column: Some(1),
                    length: Some(bytes.len() as u64),
                })
                .collect(),
            columns: vec![
                proto::ColumnEncoding::default(),
                proto::ColumnEncoding {
                    kind: Some(encoding),
                    dictionary_size: Some(dictionary_size),
                },
            ],
        };
        (
            footer,
            streams.iter().flat_map(|(_, b)| b.to_vec()).collect(),
        )
    }

    fn decode(
        streams: &[(i32, &[u8])],
        encoding: i32,
        dictionary_size: u32,
        kind: i32,
        rows: usize,
    ) -> RleResult<Vec<Option<String>>> {
        let (footer, data) = stripe_footer(streams, encoding, dictionary_size);
        let budget = Cell::new(1 << 20);
        let stripe = Stripe::new(&footer, &data, 0, 0, Codec::None, &budget);
        stripe.column(1, kind, None, rows)
    }

    #[test]
    fn direct_strings_with_nulls() {
        // PRESENT: one literal byte 0b1011_0000 → present, null, present, present.
        // LENGTH (RLE v2 SHORT_REPEAT): 3 × 2. DATA: "abcdef".
        let values = decode(
            &[
                (PRESENT, &[0xff, 0xb0]),
                (LENGTH, &[0x00, 0x02]),
                (DATA, b"abcdef"),
            ],
            2,
            0,
            7,
            4,
        )
        .unwrap();
        let got: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
        assert_eq!(got, [Some("ab"), None, Some("cd"), Some("ef")]);
    }

    #[test]
    fn a_length_past_the_bytes_present_is_an_error_not_an_allocation() {
        // SHORT_REPEAT of 8-byte values: 3 × 2^60.
        let huge = [0x38, 0x10, 0, 0, 0, 0, 0, 0, 0];
        let why = decode(&[(LENGTH, &huge), (DATA, b"abc")], 2, 0, 7, 3).unwrap_err();
        assert!(why.contains("ends early"), "{why}");
        let budget = Cell::new(100);
        let mut stream = Stream::new(b"0123456789", Codec::None, &budget);
        assert!(stream.take(usize::MAX).is_err());
    }

    #[test]
    fn dictionary_strings_and_bad_indexes() {
        // DATA (indexes, SHORT_REPEAT of 1 byte): 3 × 1; LENGTH: 2 entries of 1 and 2 bytes (DIRECT,
        // width 2 bits: 0b01_10_0000); DICTIONARY_DATA "abc".
        let streams: [(i32, &[u8]); 3] = [
            (DATA, &[0x00, 0x01]),
            (LENGTH, &[0x42, 0x01, 0x60]),
            (DICTIONARY_DATA, b"abc"),
        ];
        let values = decode(&streams, 3, 2, 7, 3).unwrap();
        assert!(values.iter().all(|v| v.as_deref() == Some("bc")));
        // An index past the dictionary, a dictionary larger than its bytes allow.
        let why = decode(&streams, 3, 1, 7, 3).unwrap_err();
        assert!(why.contains("past the 1-entry dictionary"), "{why}");
        let why = decode(&streams, 3, 100, 7, 3).unwrap_err();
        assert!(why.contains("claims 100 entries"), "{why}");
    }

    #[test]
    fn decimals_are_rescaled_to_the_column_scale() {
        assert_eq!(rescale(1234, 2, 2).unwrap(), 1234);
        assert_eq!(rescale(1234, 1, 3).unwrap(), 123_400);
        assert_eq!(rescale(-1239, 3, 2).unwrap(), -123);
        assert!(rescale(1, -1, 2).is_err());
        assert!(rescale(i128::MAX, 0, 2).is_err());
        assert!(rescale(1, 0, 60).is_err());
    }
}
