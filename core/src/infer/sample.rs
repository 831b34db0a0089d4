//! Bounded samples of text formats (CSV, JSON), decompressed when the whole file is compressed.
//!
//! Like the crawler (glue.md §3.1), text formats are inferred from the first records or the first megabyte,
//! never from the whole file: memory and time stay bounded for any input, including a gzip bomb.

/// Whole-file compression, as Glue's `compressionType` parameter spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Bzip2,
    Zstd,
    Snappy,
    Lz4,
    Deflate,
}

impl Compression {
    /// The value of the `compressionType` table parameter.
    pub fn glue_name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::Zstd => "zstd",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Deflate => "deflate",
        }
    }
}

/// The first bytes of a file's (decompressed) content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Decompressed bytes from the start of the content, at most the budget asked for.
    pub bytes: Vec<u8>,
    /// True when the content goes on after `bytes` (the budget was reached).
    pub truncated: bool,
    pub compression: Compression,
    /// Size of the file as stored (compressed), for `sizeKey`.
    pub stored_len: u64,
}

use std::io::{self, Read};

use crate::error::{Error, Result};
use crate::source::ByteSource;

/// The sample budget the crawler uses for text formats: the first megabyte of (decompressed) content.
pub const DEFAULT_SAMPLE_BYTES: usize = 1024 * 1024;

/// Most compressed bytes read to fill one sample. A stream that needs more than this to produce the budget
/// (absurdly poor compression, or a long run of padding) is refused as too large rather than read on.
pub const MAX_COMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// Smallest read of compressed input after the first; later reads double what has been read so far.
const MIN_COMPRESSED_CHUNK: u64 = 256 * 1024;

/// Enough leading bytes to recognise every magic number below.
const MAGIC_BYTES: u64 = 16;

impl Compression {
    /// Recognises whole-file compression: magic bytes first, then the file name's extension.
    ///
    /// A zlib header (`0x78` plus a check byte) is too common a pair of bytes to trust alone, so it only
    /// counts for names ending in `.deflate`, `.zz` or `.zlib`. A `.snappy` name without the framed-stream
    /// magic is Hadoop's block snappy, and a `.lz4` name without the LZ4 frame magic Hadoop's block LZ4
    /// (what Spark and Hive write).
    pub fn detect(head: &[u8], file_name: &str) -> Compression {
        let name = file_name.to_ascii_lowercase();
        let deflate_name = [".deflate", ".zz", ".zlib"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(b"BZh") {
            Compression::Bzip2
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if head.starts_with(LZ4_FRAME_MAGIC) {
            Compression::Lz4
        } else if head.starts_with(SNAPPY_FRAMED_MAGIC) {
            Compression::Snappy
        } else if deflate_name && is_zlib_header(head) {
            Compression::Deflate
        } else if name.ends_with(".gz") || name.ends_with(".gzip") {
            Compression::Gzip
        } else if name.ends_with(".bz2") {
            Compression::Bzip2
        } else if name.ends_with(".zst") {
            Compression::Zstd
        } else if name.ends_with(".lz4") {
            Compression::Lz4
        } else if name.ends_with(".snappy") {
            Compression::Snappy
        } else if deflate_name {
            Compression::Deflate
        } else {
            Compression::None
        }
    }
}

/// Magic number of an LZ4 frame.
const LZ4_FRAME_MAGIC: &[u8] = &[0x04, 0x22, 0x4d, 0x18];

/// Stream identifier chunk of the snappy framing format.
const SNAPPY_FRAMED_MAGIC: &[u8] = &[0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59];

fn is_zlib_header(head: &[u8]) -> bool {
    match head {
        [cmf, flg, ..] => *cmf == 0x78 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Reads the first `max_bytes` of a file's content, decompressing it when the whole file is compressed.
///
/// Compressed input is read in growing chunks and decoded only until `max_bytes` of output exist, so a
/// decompression bomb costs one small read and `max_bytes` of memory. At most [`MAX_COMPRESSED_BYTES`]
/// of compressed input are read; a stream that has not produced the budget by then is
/// [`too_large`](crate::ErrorKind::TooLarge). A stream that is damaged, or that stops before its end, is
/// [`malformed`](crate::ErrorKind::Malformed).
pub async fn read_sample(
    source: &impl ByteSource,
    file_name: &str,
    max_bytes: usize,
) -> Result<Sample> {
    let stored_len = source.len().await?;
    let budget = u64::try_from(max_bytes).unwrap_or(u64::MAX);
    let first_end = stored_len.min(budget.max(MAGIC_BYTES));
    let mut input = source.read(0..first_end).await?;
    let compression = Compression::detect(&input, file_name);

    if compression == Compression::None {
        input.truncate(max_bytes);
        let truncated = stored_len > input.len() as u64;
        return Ok(Sample {
            bytes: input,
            truncated,
            compression,
            stored_len,
        });
    }

    // Decode the prefix read so far from its start; when the decoder runs out of input before the stream
    // ends or the budget is met, read more (doubling) and decode again. Each attempt yields at most
    // `max_bytes + 1` bytes, and the geometric growth keeps the total work a small multiple of one pass.
    let limit = max_bytes.saturating_add(1);
    loop {
        let have = input.len() as u64;
        let complete = have >= stored_len;
        let mut prefix = Prefix::new(&input, complete);
        let mut out = Vec::new();
        let outcome = decode(compression, &mut prefix, &mut out, limit);
        if out.len() > max_bytes {
            out.truncate(max_bytes);
            return Ok(Sample {
                bytes: out,
                truncated: true,
                compression,
                stored_len,
            });
        }
        match outcome {
            Ok(()) if !prefix.starved => {
                return Ok(Sample {
                    bytes: out,
                    truncated: false,
                    compression,
                    stored_len,
                });
            }
            Err(e) if complete => {
                let codec = compression.glue_name();
                return Err(
                    if e.kind() == io::ErrorKind::UnexpectedEof || prefix.exhausted() {
                        Error::malformed(format!(
                            "{file_name}: {codec} compressed stream ends early at byte {stored_len}"
                        ))
                    } else {
                        Error::malformed(format!("{file_name}: corrupt {codec} stream: {e}"))
                    },
                );
            }
            // The decoder ran out of the bytes read so far (or failed where it did): read more.
            _ => {}
        }
        if have >= MAX_COMPRESSED_BYTES {
            return Err(Error::too_large(format!(
                "{file_name}: {have} compressed bytes decode to fewer than the {max_bytes}-byte sample"
            )));
        }
        let next_end = have
            .saturating_add(have.max(MIN_COMPRESSED_CHUNK))
            .min(MAX_COMPRESSED_BYTES)
            .min(stored_len);
        let more = source.read(have..next_end).await?;
        input.extend_from_slice(&more);
    }
}

/// The compressed bytes read so far, as a [`Read`]. Past its end it reports end of file only when it holds
/// the whole file; otherwise it fails and remembers it was starved, so no decoder can mistake the end of
/// what has been read for the end of the stream.
struct Prefix<'a> {
    data: &'a [u8],
    pos: usize,
    complete: bool,
    starved: bool,
}

impl<'a> Prefix<'a> {
    fn new(data: &'a [u8], complete: bool) -> Self {
        Self {
            data,
            pos: 0,
            complete,
            starved: false,
        }
    }

    fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// True at the real end of the file; an error when only the bytes read so far are used up.
    fn at_end(&mut self) -> io::Result<bool> {
        if !self.exhausted() {
            Ok(false)
        } else if self.complete {
            Ok(true)
        } else {
            Err(self.starve())
        }
    }

    fn starve(&mut self) -> io::Error {
        self.starved = true;
        io::Error::other("more compressed input is needed")
    }
}

impl Read for Prefix<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        if rest.is_empty() && !buf.is_empty() {
            return if self.complete {
                Ok(0)
            } else {
                Err(self.starve())
            };
        }
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

/// Decodes `input` into `out` until the stream ends or `out` holds `limit` bytes.
fn decode(
    compression: Compression,
    input: &mut Prefix<'_>,
    out: &mut Vec<u8>,
    limit: usize,
) -> io::Result<()> {
    match compression {
        Compression::None => drain(input, out, limit),
        Compression::Gzip => drain(flate2::read::MultiGzDecoder::new(input), out, limit),
        Compression::Bzip2 => drain(bzip2::read::MultiBzDecoder::new(input), out, limit),
        Compression::Lz4 => {
            if input.data.starts_with(LZ4_FRAME_MAGIC) {
                drain(lz4_flex::frame::FrameDecoder::new(input), out, limit)
            } else {
                drain(HadoopBlocks::new(input, BlockCodec::Lz4), out, limit)
            }
        }
        Compression::Deflate => {
            if is_zlib_header(input.data) {
                drain(flate2::read::ZlibDecoder::new(input), out, limit)
            } else {
                drain(flate2::read::DeflateDecoder::new(input), out, limit)
            }
        }
        Compression::Snappy => {
            if input.data.starts_with(SNAPPY_FRAMED_MAGIC) {
                drain(snap::read::FrameDecoder::new(input), out, limit)
            } else {
                drain(
                    HadoopBlocks::new(input, BlockCodec::Snappy(snap::raw::Decoder::new())),
                    out,
                    limit,
                )
            }
        }
        Compression::Zstd => decode_zstd(input, out, limit),
    }
}

/// Appends what `reader` yields to `out` until it ends or `out` holds `limit` bytes.
fn drain(reader: impl Read, out: &mut Vec<u8>, limit: usize) -> io::Result<()> {
    let room = limit.saturating_sub(out.len());
    reader
        .take(u64::try_from(room).unwrap_or(u64::MAX))
        .read_to_end(out)
        .map(|_| ())
}

/// Zstandard frames back to back (as `zstd` writes concatenated inputs), skipping skippable frames.
fn decode_zstd(input: &mut Prefix<'_>, out: &mut Vec<u8>, limit: usize) -> io::Result<()> {
    use ruzstd::decoding::StreamingDecoder;
    use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
    while out.len() < limit && !input.at_end()? {
        match StreamingDecoder::new(&mut *input) {
            Ok(decoder) => drain(decoder, out, limit)?,
            Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                length,
                ..
            })) => {
                let skipped =
                    io::copy(&mut (&mut *input).take(u64::from(length)), &mut io::sink())?;
                if skipped < u64::from(length) {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
            }
            Err(e) => return Err(io_error(e)),
        }
    }
    Ok(())
}

fn io_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// Hadoop's block framing (`SnappyCodec` and `Lz4Codec`: `.snappy` and `.lz4` files from Spark, Hive and
/// MapReduce): blocks of a big-endian `u32` uncompressed length followed by chunks of a `u32` compressed
/// length and a raw snappy or LZ4 block, until the chunks add up to the block's length.
struct HadoopBlocks<R> {
    inner: R,
    /// Uncompressed bytes of the current block not yet produced by its chunks.
    block_left: usize,
    chunk: Vec<u8>,
    chunk_pos: usize,
    codec: BlockCodec,
}

/// The raw block format inside Hadoop's framing.
enum BlockCodec {
    Snappy(snap::raw::Decoder),
    Lz4,
}

/// Largest chunk accepted: Hadoop's buffers are 256 KiB by default, far below this.
const HADOOP_MAX_CHUNK: usize = 64 * 1024 * 1024;

impl<R: Read> HadoopBlocks<R> {
    fn new(inner: R, codec: BlockCodec) -> Self {
        Self {
            inner,
            block_left: 0,
            chunk: Vec::new(),
            chunk_pos: 0,
            codec,
        }
    }

    /// Reads a big-endian `u32`; `None` at a clean end of input.
    fn read_u32(&mut self, clean_end_ok: bool) -> io::Result<Option<usize>> {
        let mut word = [0u8; 4];
        let mut got = 0;
        while got < word.len() {
            let n = self.inner.read(word.get_mut(got..).unwrap_or_default())?;
            if n == 0 {
                return if got == 0 && clean_end_ok {
                    Ok(None)
                } else {
                    Err(io::ErrorKind::UnexpectedEof.into())
                };
            }
            got += n;
        }
        usize::try_from(u32::from_be_bytes(word))
            .map(Some)
            .map_err(io_error)
    }

    /// Decodes the next chunk into `self.chunk`; false at the end of the stream.
    fn next_chunk(&mut self) -> io::Result<bool> {
        while self.block_left == 0 {
            match self.read_u32(true)? {
                None => return Ok(false),
                Some(len) => self.block_left = len,
            }
        }
        let compressed_len = self
            .read_u32(false)?
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        if compressed_len > HADOOP_MAX_CHUNK {
            return Err(io_error(format!(
                "compressed chunk of {compressed_len} bytes exceeds {HADOOP_MAX_CHUNK}"
            )));
        }
        let mut compressed = vec![0; compressed_len];
        self.inner.read_exact(&mut compressed)?;
        self.chunk = match &mut self.codec {
            BlockCodec::Snappy(decoder) => {
                let len = snap::raw::decompress_len(&compressed).map_err(io_error)?;
                if len > self.block_left {
                    return Err(io_error(format!(
                        "snappy chunk of {len} bytes overruns its block's remaining {} bytes",
                        self.block_left
                    )));
                }
                decoder.decompress_vec(&compressed).map_err(io_error)?
            }
            // A raw LZ4 block does not state its decoded size: bound the output by the block's remaining
            // length and by LZ4's largest possible ratio (255:1), so a lying header cannot make us allocate.
            BlockCodec::Lz4 => {
                let cap = self
                    .block_left
                    .min(compressed_len.saturating_mul(255).saturating_add(16));
                lz4_flex::block::decompress(&compressed, cap).map_err(io_error)?
            }
        };
        self.chunk_pos = 0;
        self.block_left -= self.chunk.len();
        Ok(true)
    }
}

impl<R: Read> Read for HadoopBlocks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.chunk_pos >= self.chunk.len() {
            if !self.next_chunk()? {
                return Ok(0);
            }
        }
        let rest = self.chunk.get(self.chunk_pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.chunk_pos += n;
        Ok(n)
    }
}
