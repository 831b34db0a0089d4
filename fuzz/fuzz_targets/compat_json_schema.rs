//! The Json schema parser and compatibility checker: `compat::check` of two texts from one input.
#![no_main]

use glueprint_core::registry::DataFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| glueprint_fuzz::compat(DataFormat::Json, data));
