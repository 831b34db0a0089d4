//! Talking to AWS from a browser tab (and the CLI) without IO in core: this module builds requests and
//! reads responses; the caller sends them (`fetch` in the app, a blocking client in the CLI).
//!
//! | module | what |
//! |---|---|
//! | [`credentials`] | access keys, held in memory only: never serialised, redacted in `Debug` |
//! | [`sigv4`] | AWS Signature Version 4: `Authorization` headers and presigned (query-string) URLs |
//! | [`glue`] | the Glue JSON 1.1 protocol, its errors, and the publish plan of an export [`Selection`](crate::export::Selection) |
//! | [`s3`] | ListObjectsV2 and ranged GetObject as presigned GET URLs; the listing and error XML |
//! | [`presigned`] | a pasted presigned S3 URL: bucket, key, region, table location, redacted display |
//! | [`cors`] | what to tell the user when a bucket refuses a cross-origin read, and the fix |
//! | [`range`] | the read strategy for a remote object (which `Range` headers, how many round trips) |
//!
//! Time is always a parameter (`amz_date`, `20261125T010203Z`): core has no clock.

pub mod cors;
pub mod credentials;
pub mod glue;
pub mod presigned;
pub mod range;
pub mod s3;
pub mod sigv4;

use std::fmt;

pub use credentials::Credentials;

use crate::error::{Error, Result};

/// A request ready to send as it is: the caller must not add or change a signed header. `Host` is not
/// listed: browsers and HTTP clients set it from the URL, and it is signed as exactly that.
///
/// Not `Serialize`, and its `Debug` hides the `Authorization` and `X-Amz-Security-Token` values and the
/// query string (a presigned URL is a bearer credential until it expires).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = name.eq_ignore_ascii_case("authorization")
                    || name.eq_ignore_ascii_case("x-amz-security-token");
                (name.as_str(), if secret { "<redacted>" } else { value })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &without_query(&self.url))
            .field("headers", &headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// `url` up to its query string, with `?…` in place of the query when there was one. Pasted text whose
/// query lost its `?` is cut where the query's parameters start all the same (the first `&`, `#` or
/// `X-Amz-`, in any case), so a message that quotes what was pasted never carries its signature.
pub(crate) fn without_query(url: &str) -> String {
    // ASCII lower-casing keeps every byte where it was: positions in `lower` are positions in `url`.
    let lower = url.to_ascii_lowercase();
    let end = [lower.find(['?', '&', '#']), lower.find("x-amz-")]
        .into_iter()
        .flatten()
        .min();
    match end {
        Some(end) => format!("{}?…", url.get(..end).unwrap_or_default()),
        None => url.to_owned(),
    }
}

/// Where a service is reached: `scheme://authority` and a base path (empty, or `/prefix` without a
/// trailing slash). AWS's own endpoints have no base path; a proxy or emulator may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: String,
    authority: String,
    base_path: String,
}

impl Endpoint {
    /// Parses `http(s)://host[:port][/path]`. User info, a query or a fragment are refused: they would
    /// either leak into logs or change what is signed.
    pub fn parse(url: &str) -> Result<Self> {
        let invalid = |why: &str| Error::invalid(format!("endpoint {url:?}: {why}"));
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| invalid("expected http://host or https://host"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(invalid("only http and https are supported"));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid("a query string or fragment is not allowed"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.is_empty()
            || authority.contains('@')
            || authority.contains(char::is_whitespace)
        {
            return Err(invalid("expected a host name, without user info or spaces"));
        }
        Ok(Self {
            scheme,
            authority: authority.to_ascii_lowercase(),
            base_path: path.trim_end_matches('/').to_owned(),
        })
    }

    /// `https://{host}` for AWS's own endpoints.
    pub(crate) fn https(host: String) -> Self {
        Self {
            scheme: "https".to_owned(),
            authority: host,
            base_path: String::new(),
        }
    }

    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// `host` or `host:port`: the value of the signed `Host` header.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}
/// Decodes `%XX` escapes (and only those: `+` stays `+`, as in a URL path). Malformed escapes and
/// non-UTF-8 results are errors, never replaced silently.
pub(crate) fn percent_decode(input: &str) -> Result<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| Error::invalid(format!("bad percent escape in {input:?}")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::invalid(format!("{input:?} does not decode to UTF-8 text")))
}
