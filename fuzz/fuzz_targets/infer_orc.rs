//! The ORC reader (postscript, footer and its compressed chunks), through `infer_file_with`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| glueprint_fuzz::infer(data, "fuzz.orc"));
