//! The [`ByteSource`] over a presigned S3 GET URL, for the crawl worker: HTTP `Range` requests only (a
//! presigned URL is signed for GET, so HEAD is refused), in the fewest round trips `aws::range` allows.
//!
//! The first read is chosen by the object's name ([`Layout::of_name`]) and its size when a listing gave it
//! ([`range::first_read`]): a footer format reads its tail, anything else one bounded prefix. Every answer
//! is kept, so the dispatcher's 4-byte head check and the readers' later reads are served from it at no
//! cost; a read it does not cover costs one more plain range (for a footer larger than the first tail,
//! exactly the missing bytes: [`range::footer_rest`]). Plain ranges are never preflighted; only the
//! suffix read of an object of unknown size is.
//!
//! Messages name the object by [`PresignedUrl::display`]: the query string (the signature) is never in an
//! error, a log or the catalog.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use glueprint_core::aws::presigned::PresignedUrl;
use glueprint_core::aws::range::{self, ContentRange, Layout, RangeRead};
use glueprint_core::aws::s3;
use glueprint_core::source::ByteSource;
use glueprint_core::{Error, ErrorKind, Result};

use crate::fetch;

/// An object read through its presigned URL, with every byte fetched so far.
#[derive(Debug)]
pub struct RemoteSource {
    url: PresignedUrl,
    layout: Layout,
    size: Cell<Option<u64>>,
    /// Fetched spans `(offset, bytes)`, sorted and merged when adjacent; a handful per object.
    chunks: RefCell<Vec<(u64, Vec<u8>)>>,
    first_sent: Cell<bool>,
}

impl RemoteSource {
    /// `size` from a listing saves the first read a preflight; `sample_bytes` bounds a prefix read.
    pub fn new(url: PresignedUrl, size: Option<u64>, sample_bytes: u64) -> Self {
        let layout = Layout::of_name(url.key(), sample_bytes);
        Self {
            url,
            layout,
            size: Cell::new(size),
            chunks: RefCell::default(),
            first_sent: Cell::new(false),
        }
    }

    /// The object's size, once known (given, or learnt from the first answer).
    pub fn known_size(&self) -> Option<u64> {
        self.size.get()
    }

    /// Sends the first read once; later calls return at once.
    async fn first_read(&self) -> Result<()> {
        if self.first_sent.replace(true) {
            return Ok(());
        }
        match range::first_read(self.layout, self.size.get()) {
            Some(read) => self.get(&read).await,
            None => Ok(()),
        }
    }

    /// The cached bytes of `range`, if one fetched span holds them all.
    fn cached(&self, range: &Range<u64>) -> Option<Vec<u8>> {
        self.chunks.borrow().iter().find_map(|(offset, bytes)| {
            let start = usize::try_from(range.start.checked_sub(*offset)?).ok()?;
            let end = usize::try_from(range.end.checked_sub(*offset)?).ok()?;
            bytes.get(start..end).map(<[u8]>::to_vec)
        })
    }

    /// The one read that completes `range`: the missing front of a fetched tail, else exactly `range`.
    fn missing_read(&self, range: &Range<u64>) -> Result<Option<RangeRead>> {
        let tail = self.size.get().and_then(|size| {
            let chunks = self.chunks.borrow();
            let (offset, bytes) = chunks.last()?;
            let end = offset + bytes.len() as u64;
            (end == size && *offset > range.start && range.end > *offset && end > 0).then_some(
                ContentRange {
                    range: Some((*offset, end - 1)),
                    total: Some(size),
                },
            )
        });
        match (tail, self.size.get()) {
            (Some(tail), Some(size)) => range::footer_rest(&tail, size - range.start),
            _ => Ok(range::plain_read(range.clone())),
        }
    }

    /// One GET with `read`'s `Range`: keeps the bytes and learns the size from `Content-Range`.
    async fn get(&self, read: &RangeRead) -> Result<()> {
        let answer = fetch::fetch("GET", self.url.url(), &[("Range", &read.range)], None)
            .await
            .map_err(|e| self.unanswered(e))?;
        match answer.status {
            206 => {
                let header = answer.header("Content-Range").ok_or_else(|| {
                    self.cors_error(
                        "the answer did not show its Content-Range header, so the bytes cannot be placed",
                    )
                })?;
                let content_range = range::parse_content_range(&header)?;
                let Some((first, last)) = content_range.range else {
                    return Err(self.malformed("a partial answer without a byte range"));
                };
                if answer.body.len() as u64 != last - first + 1 {
                    return Err(
                        self.malformed("the answer's length differs from its Content-Range")
                    );
                }
                if let Some(total) = content_range.total {
                    self.learn_size(total)?;
                }
                self.keep(first, answer.body);
                Ok(())
            }
            // The server ignored the range and sent the whole object.
            200 => {
                self.learn_size(answer.body.len() as u64)?;
                self.keep(0, answer.body);
                Ok(())
            }
            // Nothing to read there: an empty object answers `bytes */0`.
            416 => {
                let total = answer
                    .header("Content-Range")
                    .and_then(|h| range::parse_content_range(&h).ok())
                    .and_then(|c| c.total);
                match total {
                    Some(total) => self.learn_size(total),
                    None => Err(self.malformed("the range was refused without the object's size")),
                }
            }
            status => Err(Error::io(format!(
                "{}: {}",
                self.url.display(),
                s3::parse_error(status, &answer.text())
            ))),
        }
    }

    fn learn_size(&self, total: u64) -> Result<()> {
        match self.size.replace(Some(total)) {
            Some(known) if known != total => Err(Error::conflict(format!(
                "{}: the object is {total} bytes now, not the {known} listed; it changed during the crawl",
                self.url.display()
            ))),
            _ => Ok(()),
        }
    }

    /// Adds a fetched span, merging it with a span it touches so a later read finds its bytes in one.
    fn keep(&self, offset: u64, bytes: Vec<u8>) {
        let mut chunks = self.chunks.borrow_mut();
        chunks.push((offset, bytes));
        chunks.sort_by_key(|(offset, _)| *offset);
        let mut merged: Vec<(u64, Vec<u8>)> = Vec::with_capacity(chunks.len());
        for (offset, bytes) in chunks.drain(..) {
            match merged.last_mut() {
                Some((last, held)) if *last + held.len() as u64 >= offset => {
                    let overlap = usize::try_from(*last + held.len() as u64 - offset).unwrap_or(0);
                    held.extend_from_slice(bytes.get(overlap..).unwrap_or_default());
                }
                _ => merged.push((offset, bytes)),
            }
        }
        *chunks = merged;
    }

    fn malformed(&self, why: &str) -> Error {
        Error::malformed(format!("{}: {why}", self.url.display()))
    }

    /// `why`, with the CORS configuration that lets this page read the bucket.
    fn cors_error(&self, why: &str) -> Error {
        fetch::with_cors_advice(
            self.url.bucket(),
            &format!("{}: {why}.", self.url.display()),
        )
    }

    /// A request without an answer: the browser reports a CORS refusal like an unreachable host, so the
    /// message gives the bucket configuration that allows the read.
    fn unanswered(&self, error: Error) -> Error {
        match error.kind() {
            ErrorKind::Io => self.cors_error(error.message()),
            _ => error,
        }
    }
}

impl ByteSource for RemoteSource {
    async fn len(&self) -> Result<u64> {
        self.first_read().await?;
        self.size.get().ok_or_else(|| {
            self.cors_error("the answer did not say the object's size (its Content-Range)")
        })
    }

    async fn read(&self, range: Range<u64>) -> Result<Vec<u8>> {
        if range.start == range.end {
            return Ok(Vec::new());
        }
        self.first_read().await?;
        if let Some(bytes) = self.cached(&range) {
            return Ok(bytes);
        }
        if let Some(read) = self.missing_read(&range)? {
            self.get(&read).await?;
        }
        self.cached(&range).ok_or_else(|| {
            Error::io(format!(
                "{}: bytes {}..{} are past the object's end",
                self.url.display(),
                range.start,
                range.end
            ))
        })
    }
}
