//! The S3 ListObjectsV2 answer parser (`aws::s3::parse_list_objects`) and the S3 error parser, over any
//! body: the first byte picks the HTTP status, the rest is the body.
#![no_main]

use glueprint_core::aws::s3::{parse_error, parse_list_objects};
use libfuzzer_sys::fuzz_target;

const STATUSES: [u16; 6] = [200, 206, 301, 403, 404, 503];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let status = STATUSES
        .get(usize::from(pick) % STATUSES.len())
        .copied()
        .unwrap_or(200);
    let body = String::from_utf8_lossy(body);
    match parse_list_objects(status, &body) {
        Ok(page) => assert!(
            !page.is_truncated || page.next_continuation_token.is_some(),
            "a truncated page without a continuation token"
        ),
        Err(e) => assert!(!e.code.is_empty(), "an S3 error without a code: {e}"),
    }
    let error = parse_error(status, &body);
    assert!(
        !error.code.is_empty(),
        "an S3 error without a code: {error}"
    );
});
