//! The CSV classifier (and the JSON one it runs after), through `infer_file_with`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| glueprint_fuzz::infer(data, "fuzz.csv"));
