//! Crawling a whole S3 prefix: the page lists it with presigned ListObjectsV2 GETs, page by page, and
//! turns each object into an entry holding one presigned GetObject URL. The listing gives every size, so
//! the worker reads each object with exactly one plain range (no preflight).
//!
//! The credentials stay on the page: they sign URLs here and nothing else; the worker only ever sees the
//! presigned URLs, which expire after [`EXPIRES_SECS`].

use glueprint_core::aws::s3::{self, ListObjects, S3Service};
use glueprint_core::aws::{Credentials, HttpRequest, sigv4};
use glueprint_core::{Error, ErrorKind, Result, location};

use super::protocol::{Entry, EntrySource, ObjectUrl};
use crate::aws_session::AwsSession;
use crate::fetch;

/// Lifetime of each presigned URL: objects listed first wait while a large listing goes on and earlier
/// objects are read, so an hour rather than the minute one request needs.
const EXPIRES_SECS: u32 = 3600;

/// One prefix to list, with the session's credentials.
#[derive(Debug)]
pub struct Prefix {
    service: S3Service,
    credentials: Credentials,
    bucket: String,
    /// Empty, or ending with `/`: the crawl root is a folder.
    prefix: String,
    location: String,
}

impl Prefix {
    /// Checks the bucket, the prefix and the session (region, endpoint, credentials).
    pub fn new(session: &AwsSession, bucket: &str, prefix: &str) -> Result<Self> {
        let bucket = bucket.trim();
        let prefix = prefix.trim().trim_start_matches('/');
        let prefix = match prefix {
            "" => String::new(),
            p if p.ends_with('/') => p.to_owned(),
            p => format!("{p}/"),
        };
        let location = location::s3_location(&format!("s3://{bucket}/{prefix}"))?;
        Ok(Self {
            service: S3Service::at(&session.region()?, session.endpoint()?, false),
            credentials: session.credentials()?,
            bucket: bucket.to_owned(),
            prefix,
            location,
        })
    }

    /// `s3://bucket/prefix/`: the crawl root.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The name of a table rooted at the prefix itself: its last folder, or the bucket's name.
    pub fn root_name(&self) -> String {
        self.prefix
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|name| !name.is_empty())
            .unwrap_or(&self.bucket)
            .to_owned()
    }

    /// Lists one page: its objects as entries (keys relative to the prefix, each with its presigned GET
    /// URL) and the token of the next page, if any.
    pub async fn page(&self, token: Option<&str>) -> Result<(Vec<Entry>, Option<String>)> {
        let amz_date = sigv4::amz_date((js_sys::Date::now() / 1000.0) as u64);
        let request = ListObjects {
            bucket: &self.bucket,
            prefix: Some(&self.prefix),
            continuation_token: token,
            max_keys: None,
        };
        let url =
            self.service
                .list_objects_url(&self.credentials, &amz_date, EXPIRES_SECS, &request)?;
        let request = HttpRequest {
            method: "GET",
            url,
            headers: Vec::new(),
            body: String::new(),
        };
        let answer = fetch::send(&request)
            .await
            .map_err(|e| self.unanswered(e))?;
        let page = s3::parse_list_objects(answer.status, &answer.text()).map_err(|e| {
            Error::io(format!(
                "ListObjectsV2 s3://{}/{}: {e}",
                self.bucket, self.prefix
            ))
        })?;
        let entries = page
            .objects
            .iter()
            .map(|object| {
                let url = self.service.get_object_url(
                    &self.credentials,
                    &amz_date,
                    EXPIRES_SECS,
                    &self.bucket,
                    &object.key,
                )?;
                Ok(Entry {
                    path: object
                        .key
                        .strip_prefix(&self.prefix)
                        .unwrap_or(&object.key)
                        .to_owned(),
                    size: Some(object.size),
                    source: EntrySource::Url {
                        url: ObjectUrl(url),
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let next = page.next_continuation_token.filter(|_| page.is_truncated);
        Ok((entries, next))
    }

    /// A listing without an answer: most often the bucket's CORS rule, so the message says how to fix it.
    fn unanswered(&self, error: Error) -> Error {
        match error.kind() {
            ErrorKind::Io => fetch::with_cors_advice(&self.bucket, error.message()),
            _ => error,
        }
    }
}
