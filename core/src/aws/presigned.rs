//! A presigned S3 URL pasted by the user: which bucket and key it reads, in which region, and the table
//! `Location` it suggests.
//!
//! Recognised forms:
//!
//! * virtual-hosted: `https://bucket.s3.amazonaws.com/key`, `https://bucket.s3.REGION.amazonaws.com/key`
//!   (also `s3-REGION`, `s3.dualstack.REGION`, and `amazonaws.com.cn`);
//! * path-style: `https://s3.amazonaws.com/bucket/key`, `https://s3.REGION.amazonaws.com/bucket/key`;
//! * any other host (MinIO, moto, a proxy) as path-style `endpoint/bucket/key`, when the URL is
//!   presigned (it has `X-Amz-Signature`): otherwise any web page would pass for an object.
//!
//! The region comes from the host, else from the signature's credential scope
//! (`X-Amz-Credential=KEY/DATE/REGION/s3/aws4_request`).
//!
//! The query string is a bearer credential until it expires: [`PresignedUrl`] is not `Serialize`, its
//! `Debug` and [`PresignedUrl::display`] leave the query out, and only [`PresignedUrl::url`] (for the
//! request itself) returns it.

use std::fmt;

use super::percent_decode;
use crate::error::{Error, Result};
use crate::location;

#[derive(Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    url: String,
    bucket: String,
    key: String,
    region: Option<String>,
}

impl PresignedUrl {
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        let not_s3 = |why: &str| {
            Error::invalid(format!(
                "{} is not a presigned S3 object URL: {why}",
                super::without_query(url)
            ))
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| not_s3("expected https://…"))?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(not_s3("only http and https URLs are read"));
        }
        let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (authority_path, query) = rest.split_once('?').unwrap_or((rest, ""));
        // A paste that lost its `?` would otherwise be read as a public object URL whose key holds the
        // signature, shown and stored with the key.
        if authority_path.to_ascii_lowercase().contains("x-amz-") {
            return Err(not_s3("its X-Amz- parameters are not after a `?`"));
        }
        let (authority, path) = match authority_path.find('/') {
            Some(i) => authority_path.split_at(i),
            None => (authority_path, ""),
        };
        if authority.contains('@') {
            return Err(not_s3("user names in URLs are not accepted"));
        }
        let host = authority.to_ascii_lowercase();
        let host = host.split(':').next().unwrap_or_default();
        let params: Vec<(&str, &str)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        let param = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| *v)
        };
        let path = path.strip_prefix('/').unwrap_or(path);
        let (bucket, raw_key, host_region) = match aws_host(host) {
            Some(AwsHost::Virtual { bucket, region }) => (bucket.to_owned(), path, region),
            Some(AwsHost::PathStyle { region }) => {
                let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
                (bucket.to_owned(), key, region)
            }
            None => {
                if param("X-Amz-Signature").is_none() {
                    return Err(not_s3(
                        "the host is not Amazon S3 and the URL has no X-Amz-Signature",
                    ));
                }
                let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
                (bucket.to_owned(), key, None)
            }
        };
        let bucket = percent_decode(&bucket)?;
        location::s3_location(&format!("s3://{bucket}/")).map_err(|e| not_s3(e.message()))?;
        let key = percent_decode(raw_key)?;
        if key.is_empty() || key.ends_with('/') {
            return Err(not_s3("it names a bucket or folder, not an object"));
        }
        // The credential scope's third part, when it looks like a region (`eu-west-1`): anything else is
        // not one, and is not kept to be shown (it may be a mangled paste holding the signature).
        let scope_region = param("X-Amz-Credential")
            .and_then(|c| percent_decode(c).ok())
            .and_then(|c| c.split('/').nth(2).map(str::to_owned))
            .filter(|r| {
                !r.is_empty()
                    && r.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
        Ok(Self {
            url: url.to_owned(),
            bucket,
            key,
            region: host_region.map(str::to_owned).or(scope_region),
        })
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The object key, decoded (`sales/orders/part 0.parquet`).
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The folder holding the object, as a table `Location`: `s3://bucket/sales/orders/`.
    pub fn location(&self) -> Result<String> {
        let folder = self.key.rsplit_once('/').map_or("", |(folder, _)| folder);
        location::s3_location(&format!("s3://{}/{folder}", self.bucket))
    }

    /// The URL without its query string: safe to show, log or store.
    pub fn display(&self) -> String {
        let end = self.url.find(['?', '#']).unwrap_or(self.url.len());
        self.url.get(..end).unwrap_or_default().to_owned()
    }

    /// The whole URL, signature included: for sending the request only.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Debug for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedUrl")
            .field("url", &self.display())
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("region", &self.region)
            .finish()
    }
}

/// Pasted URLs crawled together: the deepest folder they all share is the crawl root (the tables'
/// `Location`s are under it), and each object's key is taken relative to it, as a crawler's include path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedRoot {
    /// `s3://bucket/shared/folders/`.
    pub location: String,
    /// The root's last folder (the bucket at its top): the name of a table rooted there.
    pub name: String,
    /// Each URL's key below the root, in the order given.
    pub keys: Vec<String>,
}

/// The [`PastedRoot`] of `urls`. They must all be in one bucket: a crawl has one include path.
pub fn pasted_root(urls: &[PresignedUrl]) -> Result<PastedRoot> {
    let first = urls
        .first()
        .ok_or_else(|| Error::invalid("no presigned URL was given"))?;
    if let Some(other) = urls.iter().find(|u| u.bucket != first.bucket) {
        return Err(Error::invalid(format!(
            "the URLs name buckets {} and {}: crawl one bucket at a time",
            first.bucket, other.bucket
        )));
    }
    let folders = |url: &PresignedUrl| -> Vec<String> {
        let mut parts: Vec<String> = url.key.split('/').map(str::to_owned).collect();
        parts.pop();
        parts
    };
    let mut shared = folders(first);
    for url in urls {
        let own = folders(url);
        let common = shared.iter().zip(&own).take_while(|(a, b)| a == b).count();
        shared.truncate(common);
    }
    let prefix: String = shared.iter().map(|f| format!("{f}/")).collect();
    let location = location::s3_location(&format!("s3://{}/{prefix}", first.bucket))?;
    let keys = urls
        .iter()
        .map(|u| u.key.get(prefix.len()..).unwrap_or(&u.key).to_owned())
        .collect();
    Ok(PastedRoot {
        location,
        name: shared.last().unwrap_or(&first.bucket).clone(),
        keys,
    })
}

enum AwsHost<'a> {
    Virtual {
        bucket: &'a str,
        region: Option<&'a str>,
    },
    PathStyle {
        region: Option<&'a str>,
    },
}

/// Reads an Amazon S3 host name; `None` for any other host.
fn aws_host(host: &str) -> Option<AwsHost<'_>> {
    let stem = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))?;
    // stem: [bucket.]s3[.dualstack][.region | -region]
    let labels: Vec<&str> = stem.split('.').collect();
    let s3_at = labels
        .iter()
        .rposition(|l| *l == "s3" || l.starts_with("s3-"))?;
    let bucket = labels.get(..s3_at).filter(|b| !b.is_empty());
    // `s3-eu-west-1`, `s3.eu-west-1`, `s3.dualstack.eu-west-1`; not `s3-external-1` or
    // `s3-accelerate`, which name no region.
    let looks_like_region = |l: &&str| {
        l.contains('-') && l.ends_with(|c: char| c.is_ascii_digit()) && *l != "external-1"
    };
    let region = labels
        .get(s3_at)
        .and_then(|l| l.strip_prefix("s3-"))
        .or_else(|| {
            labels
                .get(s3_at + 1..)
                .and_then(|after| after.iter().find(|l| **l != "dualstack"))
                .copied()
        })
        .filter(looks_like_region);
    Some(match bucket {
        Some(_) => AwsHost::Virtual {
            // The bucket is everything before `.s3`: it may itself hold dots.
            bucket: host.get(..labels.get(..s3_at)?.join(".").len())?,
            region,
        },
        None => AwsHost::PathStyle { region },
    })
}
