//! What every fuzz target asserts of core's answer to hostile input, so a finding is more than a panic:
//! an error of a kind the input cannot cause (a reader asking its byte source for bytes that are not
//! there is an `Io` error: a bug in the reader, not a property of the file), or one without a message,
//! fails the target as a panic would.
//!
//! The targets run core's futures with [`complete_now`]: over a [`MemorySource`] they never wait.

use glueprint_core::compat::{self, Report};
use glueprint_core::infer::sample::read_sample;
use glueprint_core::infer::{self, InferOptions};
use glueprint_core::registry::{Compatibility, DataFormat};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::{ErrorKind, Result};

/// What a file reader may say of a file: damaged, not read by Glueprint, or over a bound.
pub const FILE_ERRORS: &[ErrorKind] = &[
    ErrorKind::Malformed,
    ErrorKind::Unsupported,
    ErrorKind::TooLarge,
];

/// What a parser of text a user types or pastes may say: the file readers' kinds, or an invalid value.
pub const TEXT_ERRORS: &[ErrorKind] = &[
    ErrorKind::Malformed,
    ErrorKind::Unsupported,
    ErrorKind::TooLarge,
    ErrorKind::Invalid,
];

/// The value of `result`, or `None` for an error of one of the `allowed` kinds with a message; panics
/// (the fuzzer's finding) for any other error. `what` names the call in the panic message.
pub fn checked<T>(what: &str, allowed: &[ErrorKind], result: Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            assert!(
                allowed.contains(&e.kind()) && !e.message().trim().is_empty(),
                "{what}: an error of kind {:?} (allowed: {allowed:?}): {e}",
                e.kind()
            );
            None
        }
    }
}

/// Drives a future of core over in-memory input to its end.
pub fn run<T>(future: impl Future<Output = T>) -> T {
    complete_now(future).expect("futures over a MemorySource complete at once")
}

/// `data` as a byte source.
pub fn source(data: &[u8]) -> MemorySource {
    MemorySource::new(data.to_vec())
}

/// `data` split in two at its first NUL byte (all of it and nothing when there is none): how a target
/// that takes two texts (a schema pair, a glob and a key) reads them from one input.
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    let mut parts = data.splitn(2, |&b| b == 0);
    (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    )
}

/// Infers `data` as a file named `file_name`, as the crawler classifies it (by content; the name only picks
/// the end read first and the compression without magic bytes). The text sample is half the input, so any
/// input reaches the paths of a sample that ends mid-record and of JSON's growing sample.
pub fn infer(data: &[u8], file_name: &str) {
    let options = InferOptions {
        sample_bytes: (data.len() / 2).max(1),
        json_max_sample_bytes: data.len(),
        ..InferOptions::default()
    };
    checked(
        "infer_file_with",
        FILE_ERRORS,
        run(infer::infer_file_with(&source(data), file_name, &options)),
    );
}

/// Decompressed bytes one decompressor target asks for: small, so a bomb costs the fuzzer little time.
pub const DECOMPRESS_BUDGET: usize = 64 * 1024;

/// Reads the decompressed sample of `data` stored as `file_name`, whose extension picks the codec when
/// the input has no magic number of another; the sample must stay within its budget.
pub fn decompress(data: &[u8], file_name: &str) {
    let sample = checked(
        "read_sample",
        FILE_ERRORS,
        run(read_sample(&source(data), file_name, DECOMPRESS_BUDGET)),
    );
    if let Some(sample) = sample {
        assert!(
            sample.bytes.len() <= DECOMPRESS_BUDGET,
            "a sample of {} bytes for a budget of {DECOMPRESS_BUDGET}",
            sample.bytes.len()
        );
    }
}

/// One compatibility check of two schema texts of `format` from one input: its first byte picks the
/// mode, the rest is the proposed definition, a NUL, and the earlier one. A definition that parses must
/// be compatible with itself in every mode that compares (it is "identical after normalisation").
pub fn compat(format: DataFormat, data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mode = Compatibility::ALL
        .get(usize::from(mode) % Compatibility::ALL.len())
        .copied()
        .unwrap_or(Compatibility::Backward);
    let (new, old) = split_pair(rest);
    let (new, old) = (String::from_utf8_lossy(new), String::from_utf8_lossy(old));
    checked(
        "compat::check",
        TEXT_ERRORS,
        compat::check(format, mode, &new, &[(1, &old)]),
    );
    if checked(
        "compat::canonical",
        TEXT_ERRORS,
        compat::canonical(format, &new),
    )
    .is_some()
    {
        let itself = compat::check(format, Compatibility::FullAll, &new, &[(1, &new)]);
        let report = checked("compat::check with itself", TEXT_ERRORS, itself);
        assert!(
            report.as_ref().is_some_and(Report::is_accepted),
            "a definition is not compatible with itself: {report:?}"
        );
    }
}
