//! Pasted presigned S3 URLs (`aws::presigned`), one a line, and the crawl root of those that parse. The
//! signature never shows: not in an error, not in what may be displayed, logged or stored.
#![no_main]

use glueprint_core::aws::presigned::{PresignedUrl, pasted_root};
use glueprint_fuzz::{TEXT_ERRORS, checked};
use libfuzzer_sys::fuzz_target;

/// The value of `X-Amz-Signature` in `line` when it looks like one (at least 16 letters and digits) and is
/// not in the bucket or key as well. Only for lines of printable ASCII, as pasted URLs are: messages quote
/// text with `Debug`, whose escapes (`\0` for a NUL) could otherwise spell out a signature by chance.
fn signature(line: &str) -> Option<&str> {
    if !line.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return None;
    }
    let (before, after) = line.split_once("X-Amz-Signature=")?;
    let value = after.split(['&', '#']).next().unwrap_or_default();
    let looks_like_one = value.len() >= 16 && value.bytes().all(|b| b.is_ascii_alphanumeric());
    (looks_like_one && !before.contains(value)).then_some(value)
}

fn assert_hidden(signature: Option<&str>, shown: &str) {
    if let Some(signature) = signature {
        assert!(
            !shown.contains(signature),
            "the signature shows in {shown:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut urls = Vec::new();
    for line in text.lines() {
        let secret = signature(line);
        match PresignedUrl::parse(line) {
            Ok(url) => {
                // What its `Debug` shows, field by field (unescaped: `Debug` turns a NUL into `\0`).
                assert_hidden(secret, &url.display());
                assert_hidden(secret, url.bucket());
                assert_hidden(secret, url.key());
                assert_hidden(secret, url.region().unwrap_or_default());
                if let Err(e) = url.location() {
                    assert_hidden(secret, e.message());
                }
                urls.push(url);
            }
            Err(e) => {
                assert_hidden(secret, e.message());
                checked("PresignedUrl::parse", TEXT_ERRORS, Err::<(), _>(e));
            }
        }
    }
    checked("pasted_root", TEXT_ERRORS, pasted_root(&urls));
});
