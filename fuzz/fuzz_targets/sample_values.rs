//! The value sampler (`infer::values::sample_file`: Parquet data pages, CSV and JSON rows) and the PII
//! detectors run over what it samples, with small budgets so each input is sampled to its end.
//!
//! The sampler catches the panics of the parquet crate's page decoders on damaged pages (see
//! `infer::values`), and libfuzzer-sys's panic hook would abort on those before they are caught: this
//! target puts the default hook back, so a panic unwinds as it does in the CLI. One that core does not
//! catch still reaches libfuzzer-sys's own `catch_unwind` around the target, which aborts: a finding.
#![no_main]

use glueprint_core::infer::InferOptions;
use glueprint_core::infer::values::{SampleOptions, sample_file};
use glueprint_core::pii::{DetectOptions, detect_columns};
use glueprint_fuzz::{FILE_ERRORS, checked, run, source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: drop(std::panic::take_hook()), |data: &[u8]| {
    let options = SampleOptions {
        infer: InferOptions {
            sample_bytes: (data.len() / 2).max(1),
            json_max_sample_bytes: data.len(),
            ..InferOptions::default()
        },
        parquet_rows: 100,
        parquet_page_bytes: 64 * 1024,
    };
    let sampled = run(sample_file(&source(data), "fuzz.csv", &options));
    if let Some(sample) = checked("sample_file", FILE_ERRORS, sampled) {
        detect_columns(&sample.columns, &DetectOptions::default());
    }
});
