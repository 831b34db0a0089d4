//! The Hive type parser (`HiveType`'s `FromStr`), which reads the types users type and catalogs import.
//! A type that parses prints as text that parses back to the same type.
#![no_main]

use glueprint_core::types::HiveType;
use glueprint_fuzz::{TEXT_ERRORS, checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(parsed) = checked("HiveType::from_str", TEXT_ERRORS, text.parse::<HiveType>()) {
        let printed = parsed.to_string();
        let again = printed.parse::<HiveType>();
        assert_eq!(
            again.as_ref(),
            Ok(&parsed),
            "{text:?} printed as {printed:?}"
        );
    }
});
