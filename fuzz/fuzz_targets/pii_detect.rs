//! The PII detectors (`pii`) over any values: the first line is the column name, each further line a
//! value (an empty line a null). Detection is total: it answers for every sample.
#![no_main]

use glueprint_core::infer::values::ColumnSample;
use glueprint_core::pii::{DetectOptions, Entity, detect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let column = lines.next().unwrap_or_default();
    let values: Vec<Option<String>> = lines
        .map(|line| (!line.is_empty()).then(|| line.to_owned()))
        .collect();
    for entity in Entity::ALL {
        entity.hinted_by(column);
        for value in values.iter().flatten() {
            entity.matches(value);
        }
    }
    if let Some(detection) = detect(
        &ColumnSample::new(column, values),
        &DetectOptions::default(),
    ) {
        let evidence = detection.evidence;
        assert!(evidence.matched <= evidence.sampled, "{detection:?}");
    }
});
