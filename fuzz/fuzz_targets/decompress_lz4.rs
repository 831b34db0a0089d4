//! The lz4 decompressor of text samples (`infer::sample::read_sample` of a `.csv.lz4` file).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| glueprint_fuzz::decompress(data, "fuzz.csv.lz4"));
