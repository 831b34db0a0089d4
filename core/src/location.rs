//! S3 locations as the user types them, checked and normalised for a Glue `StorageDescriptor.Location`.
//!
//! Athena wants a folder with a trailing slash, no file name and no glob characters; Glue caps the field at
//! 2,056 characters. A query string is refused outright: a pasted presigned URL would carry its signature
//! into exports.

use crate::error::{Error, Result};

/// Longest `Location` the Glue API accepts.
pub const MAX_LOCATION_LEN: usize = 2056;

/// `raw` as `s3://bucket/prefix/`, or an error saying what is wrong with it.
pub fn s3_location(raw: &str) -> Result<String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("s3://")
        .or_else(|| raw.strip_prefix("S3://"))
        .ok_or_else(|| Error::invalid(format!("location {raw:?} must start with s3://")))?;
    let bucket = rest.split('/').next().unwrap_or_default();
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !bucket_ok {
        return Err(Error::invalid(format!(
            "location {raw:?}: bucket name {bucket:?} must be 3-63 lower-case letters, digits, dots or hyphens"
        )));
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| matches!(c, '?' | '#' | '*' | '[' | ']' | '{' | '}') || c.is_control())
    {
        return Err(Error::invalid(format!(
            "location {raw:?} contains {bad:?}; give a folder, without query string or glob characters"
        )));
    }
    let mut location = format!("s3://{rest}");
    if !location.ends_with('/') {
        location.push('/');
    }
    if location.len() > MAX_LOCATION_LEN {
        return Err(Error::invalid(format!(
            "location is {} characters long; Glue accepts at most {MAX_LOCATION_LEN}",
            location.len()
        )));
    }
    Ok(location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn folders_get_a_trailing_slash() {
        assert_eq!(
            s3_location(" s3://my-bucket/sales/orders ").as_deref(),
            Ok("s3://my-bucket/sales/orders/")
        );
        assert_eq!(
            s3_location("s3://my-bucket").as_deref(),
            Ok("s3://my-bucket/")
        );
        assert_eq!(
            s3_location("s3://my-bucket/a/").as_deref(),
            Ok("s3://my-bucket/a/")
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bad_locations_are_refused_with_a_reason() {
        for (raw, needle) in [
            (
                "https://my-bucket.s3.amazonaws.com/a",
                "must start with s3://",
            ),
            ("s3://Bad_Bucket/a", "bucket name"),
            ("s3://ab/a", "bucket name"),
            ("s3://my-bucket/a?X-Amz-Signature=abc", "query string"),
            ("s3://my-bucket/a/*.parquet", "glob"),
        ] {
            let err = s3_location(raw).expect_err(raw);
            assert_eq!(err.kind(), ErrorKind::Invalid);
            assert!(err.message().contains(needle), "{raw}: {err}");
        }
        assert!(s3_location(&format!("s3://my-bucket/{}", "a".repeat(3000))).is_err());
    }
}
