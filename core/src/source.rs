//! Byte-range sources: the only way bytes enter `glueprint-core`.
//!
//! A reader never asks for "the whole file": it asks for the ranges it needs (a Parquet footer, an Avro
//! header, a bounded CSV sample). A dropped browser `File` (via `File.slice()`), an HTTP Range request on a
//! presigned URL and a native file are three implementations of one trait, so every reader works on all of
//! them and memory stays bounded by what the reader asks for, not by the size of the input.

use std::future::Future;
use std::ops::Range;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::error::{Error, Result};

/// Random access to the bytes of one object.
///
/// Futures need not be `Send`: browser futures (`JsFuture`) are not.
#[allow(async_fn_in_trait)]
#[allow(clippy::len_without_is_empty)] // an object's size is asked once; emptiness is not a separate question
pub trait ByteSource {
    /// Total size of the object in bytes.
    async fn len(&self) -> Result<u64>;

    /// The bytes in `range` (end exclusive). Implementations return exactly `range.end - range.start`
    /// bytes or an error; a short read is an error, not a silent truncation.
    async fn read(&self, range: Range<u64>) -> Result<Vec<u8>>;
}

/// Bytes already in memory: tests, pasted content, and data the app already holds.
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    bytes: Vec<u8>,
}

impl MemorySource {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
        }
    }
}

impl ByteSource for MemorySource {
    async fn len(&self) -> Result<u64> {
        Ok(self.bytes.len() as u64)
    }

    async fn read(&self, range: Range<u64>) -> Result<Vec<u8>> {
        let slice = usize::try_from(range.start)
            .ok()
            .zip(usize::try_from(range.end).ok())
            .and_then(|(start, end)| self.bytes.get(start..end));
        slice.map(<[u8]>::to_vec).ok_or_else(|| {
            Error::io(format!(
                "range {}..{} is outside the {} bytes held in memory",
                range.start,
                range.end,
                self.bytes.len()
            ))
        })
    }
}

/// A native file, read with positioned reads (CLI and native tests).
#[derive(Debug)]
pub struct FileSource {
    file: std::fs::File,
    len: u64,
}

impl FileSource {
    pub fn open(path: &std::path::Path) -> Result<Self> {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::io(format!("cannot open {}: {e}", path.display())))?;
        let metadata = file
            .metadata()
            .map_err(|e| Error::io(format!("cannot stat {}: {e}", path.display())))?;
        if !metadata.is_file() {
            return Err(Error::io(format!(
                "{} is not a regular file",
                path.display()
            )));
        }
        Ok(Self {
            file,
            len: metadata.len(),
        })
    }
}

impl ByteSource for FileSource {
    async fn len(&self) -> Result<u64> {
        Ok(self.len)
    }

    async fn read(&self, range: Range<u64>) -> Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        if range.start > range.end || range.end > self.len {
            return Err(Error::io(format!(
                "range {}..{} is outside the file's {} bytes",
                range.start, range.end, self.len
            )));
        }
        let want = usize::try_from(range.end - range.start)
            .map_err(|_| Error::too_large("range does not fit in memory"))?;
        let mut buf = vec![0; want];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(range.start))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| Error::io(format!("reading bytes {}..{}: {e}", range.start, range.end)))?;
        Ok(buf)
    }
}

/// Runs a future that completes without waiting (one poll), as every future over a [`MemorySource`] or
/// [`FileSource`] does. Lets synchronous callers (the CLI, tests) drive the async readers without an
/// executor; a future that would wait is reported as an error instead of blocking.
pub fn complete_now<F: Future>(future: F) -> Result<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(Error::io("the byte source did not complete synchronously")),
    }
}
