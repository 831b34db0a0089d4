//! Crawler exclude patterns (`crawl::glob`): a pattern, a NUL, and a key to match. A pattern without
//! special characters matches exactly itself.
#![no_main]

use glueprint_core::crawl::glob::Glob;
use glueprint_fuzz::{TEXT_ERRORS, checked, split_pair};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pattern, key) = split_pair(data);
    let (pattern, key) = (
        String::from_utf8_lossy(pattern),
        String::from_utf8_lossy(key),
    );
    if let Some(glob) = checked("Glob::new", TEXT_ERRORS, Glob::new(&pattern)) {
        glob.matches(&key);
        if !pattern.contains(['*', '?', '[', ']', '{', '}', ',', '\\']) {
            assert!(glob.matches(&pattern), "{pattern:?} does not match itself");
            assert_eq!(glob.matches(&key), key == pattern, "{pattern:?} vs {key:?}");
        }
    }
});
