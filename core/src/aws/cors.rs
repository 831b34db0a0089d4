//! What to tell the user when a bucket refuses a cross-origin read, and exactly how to fix it.
//!
//! Glueprint reads objects and listings through presigned GET URLs with at most a `Range` header
//! ([`super::s3`], [`super::range`]): the bucket's CORS rule must let the page's origin `GET`, allow the
//! `Range` request header (nothing else is sent: the signature is in the query string), and expose
//! `Content-Range` (the object's size after a suffix read), `Content-Length` and `ETag` to the page.
//! Publishing talks to the Glue endpoint, not to the bucket: no bucket CORS rule is involved in it.

use crate::error::{Error, Result};

/// How long a browser may cache a preflight answer: only suffix range reads are preflighted.
pub const MAX_AGE_SECONDS: u32 = 3000;

/// The `put-bucket-cors` configuration that lets `origin` (`https://example.com`, no path) read.
pub fn cors_configuration(origin: &str) -> Result<String> {
    let origin = check_origin(origin)?;
    let configuration = serde_json::json!({
        "CORSRules": [{
            "AllowedOrigins": [origin],
            "AllowedMethods": ["GET"],
            "AllowedHeaders": ["Range"],
            "ExposeHeaders": ["Content-Range", "Content-Length", "ETag"],
            "MaxAgeSeconds": MAX_AGE_SECONDS,
        }]
    });
    Ok(serde_json::to_string_pretty(&configuration).unwrap_or_default())
}

/// The AWS CLI command that installs [`cors_configuration`] on `bucket`. It replaces the bucket's
/// whole CORS configuration, which the message says.
pub fn put_bucket_cors_command(bucket: &str, origin: &str) -> Result<String> {
    crate::location::s3_location(&format!("s3://{bucket}/"))?;
    let configuration = cors_configuration(origin)?;
    Ok(format!(
        "aws s3api put-bucket-cors --bucket {bucket} --cors-configuration '{configuration}'"
    ))
}

/// The whole message shown when a read of `bucket` from the page at `origin` was refused by CORS.
pub fn refused_message(bucket: &str, origin: &str) -> Result<String> {
    let command = put_bucket_cors_command(bucket, origin)?;
    Ok(format!(
        "The browser refused to read from bucket {bucket}: its CORS configuration does not allow this \
page ({origin}) to read it. The data never reached Glueprint. To allow it, add this rule to the bucket \
(S3 console: Permissions, Cross-origin resource sharing), or run the command below. The command replaces \
the bucket's whole CORS configuration: merge the rule into existing rules instead if it has some.\n\n\
{command}\n\n\
Publishing to the Glue Data Catalog does not read the bucket and needs no rule here."
    ))
}

/// An origin is `scheme://host[:port]`: no path, and nothing that could break the shell quoting of the
/// command.
fn check_origin(origin: &str) -> Result<&str> {
    let (scheme, host) = origin.split_once("://").ok_or_else(|| {
        Error::invalid(format!("origin {origin:?}: expected https://host[:port]"))
    })?;
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !matches!(scheme, "http" | "https") || !host_ok {
        return Err(Error::invalid(format!(
            "origin {origin:?}: expected https://host[:port], without a path"
        )));
    }
    Ok(origin)
}
