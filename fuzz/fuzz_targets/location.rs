//! Table locations (`location::s3_location`) and service endpoints (`aws::Endpoint::parse`), as typed by
//! users. A location accepted is in normal form: `s3://…/`, and accepted again unchanged.
#![no_main]

use glueprint_core::aws::Endpoint;
use glueprint_core::location::s3_location;
use glueprint_fuzz::{TEXT_ERRORS, checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(location) = checked("s3_location", TEXT_ERRORS, s3_location(&text)) {
        assert!(
            location.starts_with("s3://") && location.ends_with('/'),
            "{location:?}"
        );
        let again = s3_location(&location);
        assert_eq!(again.as_ref(), Ok(&location), "{text:?}");
    }
    if let Some(endpoint) = checked("Endpoint::parse", TEXT_ERRORS, Endpoint::parse(&text)) {
        assert!(!endpoint.authority().is_empty(), "{text:?}");
        assert!(!endpoint.base_path().ends_with('/'), "{text:?}");
    }
});
