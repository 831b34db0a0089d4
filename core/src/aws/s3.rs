//! S3 reads as presigned GET URLs: ListObjectsV2 (a prefix, page by page) and GetObject (read with a
//! plain `Range` header, see [`super::range`]), and the XML S3 answers with.
//!
//! A presigned URL is sent without an `Authorization` header, so a browser sends it without a CORS
//! preflight (see [`super::sigv4`]); the bucket still needs a CORS rule that lets the page's origin
//! read ([`super::cors`]).
//!
//! Addressing: AWS buckets are reached virtual-hosted (`bucket.s3.region.amazonaws.com/key`), except
//! names with dots (their host would not match S3's TLS certificate) and when path-style is asked for
//! (`s3.region.amazonaws.com/bucket/key`). A custom endpoint (moto, MinIO: `http://127.0.0.1:5000`) is
//! always path-style: `endpoint/bucket/key`.
//!
//! The listing parser is bounded: answers over [`MAX_LIST_RESPONSE_BYTES`] are refused, roxmltree
//! refuses DTDs (so no entity expansion), and nothing in it can panic on hostile XML.

use std::fmt;

use super::sigv4::{self, Scope, Target};
use super::{Credentials, Endpoint};
use crate::error::{Error, Result};
use crate::location;

/// The most keys one ListObjectsV2 page returns (and the most `max-keys` may ask for).
pub const MAX_KEYS_PER_PAGE: u32 = 1000;
/// A page of 1,000 keys of 1,024 bytes with their metadata is about 1.5 MB; anything much larger is not
/// a ListObjectsV2 answer.
pub const MAX_LIST_RESPONSE_BYTES: usize = 8 << 20;

/// Where S3 is reached and how its requests are signed.
#[derive(Debug, Clone)]
pub struct S3Service {
    region: String,
    endpoint: Option<Endpoint>,
    path_style: bool,
}

impl S3Service {
    /// S3 in `region`; at `endpoint` when given (always path-style), else AWS, path-style when asked.
    pub fn new(region: &str, endpoint: Option<&str>, path_style: bool) -> Result<Self> {
        let endpoint = endpoint.map(Endpoint::parse).transpose()?;
        Ok(Self::at(region, endpoint, path_style))
    }

    /// [`S3Service::new`] with an endpoint already parsed (the app's session holds one).
    pub fn at(region: &str, endpoint: Option<Endpoint>, path_style: bool) -> Self {
        Self {
            region: region.to_owned(),
            path_style: path_style || endpoint.is_some(),
            endpoint,
        }
    }

    /// `(scheme, host, decoded path)` of `key` in `bucket` (`key` empty: the bucket itself).
    fn address(&self, bucket: &str, key: &str) -> Result<(String, String, String)> {
        location::s3_location(&format!("s3://{bucket}/"))?;
        Ok(match &self.endpoint {
            Some(e) => (
                e.scheme().to_owned(),
                e.authority().to_owned(),
                format!("{}/{bucket}/{key}", e.base_path()),
            ),
            None if self.path_style || bucket.contains('.') => (
                "https".to_owned(),
                format!("s3.{}.amazonaws.com", self.region),
                format!("/{bucket}/{key}"),
            ),
            None => (
                "https".to_owned(),
                format!("{bucket}.s3.{}.amazonaws.com", self.region),
                format!("/{key}"),
            ),
        })
    }

    fn presign(
        &self,
        credentials: &Credentials,
        amz_date: &str,
        expires_secs: u32,
        (bucket, key): (&str, &str),
        query: &[(String, String)],
    ) -> Result<String> {
        let (scheme, host, path) = self.address(bucket, key)?;
        let scope = Scope {
            amz_date,
            region: &self.region,
            service: "s3",
        };
        let target = Target {
            method: "GET",
            host: &host,
            path: &path,
            query,
        };
        sigv4::presign(credentials, &scope, &scheme, &target, expires_secs)
    }

    /// The presigned ListObjectsV2 GET of one page.
    pub fn list_objects_url(
        &self,
        credentials: &Credentials,
        amz_date: &str,
        expires_secs: u32,
        page: &ListObjects<'_>,
    ) -> Result<String> {
        let mut query = vec![("list-type".to_owned(), "2".to_owned())];
        if let Some(prefix) = page.prefix.filter(|p| !p.is_empty()) {
            query.push(("prefix".to_owned(), prefix.to_owned()));
        }
        if let Some(token) = page.continuation_token {
            query.push(("continuation-token".to_owned(), token.to_owned()));
        }
        if let Some(max) = page.max_keys {
            if max == 0 || max > MAX_KEYS_PER_PAGE {
                return Err(Error::invalid(format!(
                    "max-keys must be 1 to {MAX_KEYS_PER_PAGE}, not {max}"
                )));
            }
            query.push(("max-keys".to_owned(), max.to_string()));
        }
        self.presign(
            credentials,
            amz_date,
            expires_secs,
            (page.bucket, ""),
            &query,
        )
    }

    /// The presigned GetObject of `key`: send it with the `Range` header [`super::range`] chooses.
    pub fn get_object_url(
        &self,
        credentials: &Credentials,
        amz_date: &str,
        expires_secs: u32,
        bucket: &str,
        key: &str,
    ) -> Result<String> {
        if key.is_empty() {
            return Err(Error::invalid("an object key cannot be empty"));
        }
        self.presign(credentials, amz_date, expires_secs, (bucket, key), &[])
    }
}

/// One ListObjectsV2 page to ask for.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListObjects<'a> {
    pub bucket: &'a str,
    pub prefix: Option<&'a str>,
    /// The previous page's [`ListPage::next_continuation_token`].
    pub continuation_token: Option<&'a str>,
    pub max_keys: Option<u32>,
}

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    pub key: String,
    pub size: u64,
    /// As S3 sends it, quotes included (`"9b2cf535f27731c974343645a3985328"`).
    pub etag: String,
}

/// One parsed ListObjectsV2 page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListPage {
    pub objects: Vec<ObjectEntry>,
    pub is_truncated: bool,
    pub next_continuation_token: Option<String>,
}

/// An S3 error answer (`<Error><Code>NoSuchBucket</Code><Message>…`), or `MalformedResponse` when
/// the answer cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Error {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)
    }
}

/// Reads a ListObjectsV2 answer: the page of a 2xx, or the [`S3Error`] of any other status.
pub fn parse_list_objects(status: u16, body: &str) -> std::result::Result<ListPage, S3Error> {
    let malformed = |message: String| S3Error {
        status,
        code: "MalformedResponse".to_owned(),
        message,
    };
    if body.len() > MAX_LIST_RESPONSE_BYTES {
        return Err(malformed(format!(
            "a {} byte listing is larger than the {MAX_LIST_RESPONSE_BYTES} bytes accepted",
            body.len()
        )));
    }
    if !(200..300).contains(&status) {
        return Err(parse_error(status, body));
    }
    let document = roxmltree::Document::parse(body)
        .map_err(|e| malformed(format!("the listing is not XML: {e}")))?;
    let root = document.root_element();
    if root.tag_name().name() != "ListBucketResult" {
        return Err(malformed(format!(
            "expected <ListBucketResult>, got <{}>",
            root.tag_name().name()
        )));
    }
    let mut page = ListPage {
        is_truncated: child_text(root, "IsTruncated").as_deref() == Some("true"),
        next_continuation_token: child_text(root, "NextContinuationToken"),
        objects: Vec::new(),
    };
    for contents in root
        .children()
        .filter(|n| n.tag_name().name() == "Contents")
    {
        let key = child_text(contents, "Key")
            .ok_or_else(|| malformed("an object without <Key>".to_owned()))?;
        let size = child_text(contents, "Size")
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or_else(|| malformed(format!("object {key:?} has no valid <Size>")))?;
        page.objects.push(ObjectEntry {
            etag: child_text(contents, "ETag").unwrap_or_default(),
            key,
            size,
        });
    }
    if page.is_truncated && page.next_continuation_token.is_none() {
        return Err(malformed(
            "a truncated listing without <NextContinuationToken>".to_owned(),
        ));
    }
    Ok(page)
}

/// The [`S3Error`] of a failed request (any S3 operation): `<Error><Code>` and `<Message>`, or
/// `HTTP{status}` and the start of the body when the answer is not S3's error XML.
pub fn parse_error(status: u16, body: &str) -> S3Error {
    // An oversized error body is not parsed: its code is then the status.
    let document = (body.len() <= MAX_LIST_RESPONSE_BYTES)
        .then(|| roxmltree::Document::parse(body).ok())
        .flatten();
    let error = document
        .as_ref()
        .map(roxmltree::Document::root_element)
        .filter(|e| e.tag_name().name() == "Error");
    // An empty `<Code/>` (or one holding markup, not text) names nothing: the status stands in for it.
    let field = |name: &str| {
        error
            .and_then(|e| child_text(e, name))
            .filter(|t| !t.trim().is_empty())
    };
    S3Error {
        status,
        code: field("Code").unwrap_or_else(|| format!("HTTP{status}")),
        message: field("Message").unwrap_or_else(|| body.chars().take(200).collect()),
    }
}

fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    node.children()
        .find(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_owned())
}
