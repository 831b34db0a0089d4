//! Which bytes of a remote object to ask for, and in how many round trips, as pure data.
//!
//! A browser sends a GET with a `Range: bytes=N-M` header (first and last byte given) without a CORS
//! preflight: that form is CORS-safelisted. A suffix range (`bytes=-N`, "the last N bytes") is not,
//! so it costs an `OPTIONS` round trip first. Presigned URLs add no other header ([`super::sigv4`]).
//!
//! | what is known | format | requests | round trips |
//! |---|---|---|---|
//! | size (from a listing) | Parquet / ORC | `bytes=(size-64Ki)-(size-1)` | 1 (+1 if the footer is larger than 64 KiB) |
//! | size | Avro / CSV / JSON | `bytes=0-(min(sample, size)-1)` | 1 |
//! | nothing (a pasted URL) | Parquet / ORC | `bytes=-65536` | 2: preflight + GET (+1 plain GET if the footer did not fit) |
//! | nothing | Avro / CSV / JSON | `bytes=0-(sample-1)` | 1 (a shorter object simply returns fewer bytes) |
//!
//! The suffix read learns the size from its `Content-Range` (`bytes 934-66469/66470`); a footer that
//! did not fit is then completed with one plain range of exactly the missing bytes
//! ([`footer_rest`]). An empty object is answered 416 with `Content-Range: bytes */0`.

use std::ops::Range;

use crate::error::{Error, Result};

/// Bytes of the tail read first for a footer format: Parquet and ORC footers of ordinary files fit.
pub const FOOTER_PROBE_BYTES: u64 = 65_536;

/// Where a format keeps what inference needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// At the end: Parquet's and ORC's footers.
    Footer,
    /// At the start, `sample_bytes` of it: Avro's header, the CSV or JSON sample.
    Prefix { sample_bytes: u64 },
}

impl Layout {
    /// The layout a file's name promises, for choosing the first read before any byte is seen. Only a
    /// guess: inference still classifies by content, and a mislabelled file costs one more plain read.
    pub fn of_name(file_name: &str, sample_bytes: u64) -> Self {
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase());
        match extension.as_deref() {
            Some("parquet" | "orc") => Self::Footer,
            _ => Self::Prefix { sample_bytes },
        }
    }
}

/// One GET to send: its `Range` header value and whether a browser preflights it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeRead {
    pub range: String,
    pub preflight: bool,
}

impl RangeRead {
    fn plain(first: u64, last: u64) -> Self {
        Self {
            range: format!("bytes={first}-{last}"),
            preflight: false,
        }
    }
}

/// The plain read of exactly `range` (end exclusive), for bytes no earlier answer holds; `None` when
/// the range is empty.
pub fn plain_read(range: Range<u64>) -> Option<RangeRead> {
    (range.start < range.end).then(|| RangeRead::plain(range.start, range.end - 1))
}

/// The first read of an object of `layout`, `size` bytes long when known; `None` when there is nothing
/// to read (a known empty object, or a zero sample).
pub fn first_read(layout: Layout, size: Option<u64>) -> Option<RangeRead> {
    match (layout, size) {
        (_, Some(0)) | (Layout::Prefix { sample_bytes: 0 }, _) => None,
        (Layout::Footer, Some(size)) => Some(RangeRead::plain(
            size.saturating_sub(FOOTER_PROBE_BYTES),
            size - 1,
        )),
        (Layout::Footer, None) => Some(RangeRead {
            range: format!("bytes=-{FOOTER_PROBE_BYTES}"),
            preflight: true,
        }),
        (Layout::Prefix { sample_bytes }, size) => {
            let len = size.map_or(sample_bytes, |s| s.min(sample_bytes));
            Some(RangeRead::plain(0, len - 1))
        }
    }
}

/// After a tail read that returned `got` (its `Content-Range`), the plain read of the rest of a footer
/// of `needed` bytes (counted from the end of the object), or `None` when `got` already holds it.
pub fn footer_rest(got: &ContentRange, needed: u64) -> Result<Option<RangeRead>> {
    let (Some((first, _)), Some(total)) = (got.range, got.total) else {
        return Err(Error::malformed(
            "the tail read did not say which bytes it returned and of what size",
        ));
    };
    if needed > total {
        return Err(Error::malformed(format!(
            "the footer claims {needed} bytes of a {total} byte object"
        )));
    }
    let footer_start = total - needed;
    Ok((footer_start < first).then(|| RangeRead::plain(footer_start, first - 1)))
}

/// A parsed `Content-Range` header: `bytes 0-99/1234`, `bytes 0-99/*`, `bytes */1234`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First and last byte returned (inclusive); `None` for `*` (an unsatisfiable range).
    pub range: Option<(u64, u64)>,
    /// The whole object's size, when the server says it.
    pub total: Option<u64>,
}

/// Parses a `Content-Range` value; anything else (other units, last before first, a range past the
/// size, numbers that do not fit in 64 bits) is `Malformed`.
pub fn parse_content_range(value: &str) -> Result<ContentRange> {
    let bad = || {
        Error::malformed(format!(
            "Content-Range {value:?} is not bytes FIRST-LAST/SIZE"
        ))
    };
    let rest = value.trim().strip_prefix("bytes ").ok_or_else(bad)?;
    let (range, total) = rest.split_once('/').ok_or_else(bad)?;
    let number = |s: &str| {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u64>().map_err(|_| bad())
    };
    let total = match total.trim() {
        "*" => None,
        t => Some(number(t)?),
    };
    let range = match range.trim() {
        "*" => None,
        r => {
            let (first, last) = r.split_once('-').ok_or_else(bad)?;
            let (first, last) = (number(first)?, number(last)?);
            if last < first || total.is_some_and(|t| last >= t) {
                return Err(bad());
            }
            Some((first, last))
        }
    };
    if range.is_none() && total.is_none() {
        return Err(bad());
    }
    Ok(ContentRange { range, total })
}
