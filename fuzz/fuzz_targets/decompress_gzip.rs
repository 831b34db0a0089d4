//! The gzip decompressor of text samples (`infer::sample::read_sample` of a `.csv.gz` file).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| glueprint_fuzz::decompress(data, "fuzz.csv.gz"));
