//! The inputs of the compatibility benchmark, shared by the native criterion run (`benches/compat.rs`)
//! and the wasm32 run under Node (`tests/compat_wasm_bench.rs`): for each format, a schema with 1,000
//! registered versions and a candidate, checked in FULL_ALL mode (the candidate against every version,
//! both ways: 2,000 pair checks and 1,001 parses per check, since `compat::check` takes the texts as the
//! registry stores them).
//!
//! Version `i` has twenty base fields and one of its own (`v_i`, optional); the candidate has the base
//! fields and a new one. Avro and Protobuf accept it; JSON Schema's STRICT policy rejects it with two
//! findings per version (a property added to, and one removed from, an open content model), so that run
//! also measures building 2,000 findings.
// A benchmark input that does not check is a broken benchmark: it panics with the reason.
#![allow(clippy::panic)]

use glueprint_core::compat::{self, Report};
use glueprint_core::registry::{Compatibility, DataFormat};

pub const VERSIONS: u32 = 1_000;
const BASE_FIELDS: u32 = 20;

#[derive(Debug)]
pub struct History {
    pub id: &'static str,
    pub format: DataFormat,
    /// `(number, definition)`, oldest first.
    pub versions: Vec<(u32, String)>,
    pub candidate: String,
}

impl History {
    fn new(id: &'static str, format: DataFormat, schema: fn(u32) -> String) -> History {
        History {
            id,
            format,
            versions: (1..=VERSIONS).map(|i| (i, schema(i))).collect(),
            candidate: schema(VERSIONS + 1),
        }
    }

    /// The FULL_ALL check of the candidate against every version.
    pub fn check(&self) -> Report {
        let earlier: Vec<(u32, &str)> = self
            .versions
            .iter()
            .map(|(number, text)| (*number, text.as_str()))
            .collect();
        compat::check(
            self.format,
            Compatibility::FullAll,
            &self.candidate,
            &earlier,
        )
        .unwrap_or_else(|error| panic!("{}: {error}", self.id))
    }

    /// Total characters of all versions and the candidate.
    pub fn len(&self) -> usize {
        self.versions
            .iter()
            .map(|(_, text)| text.len())
            .sum::<usize>()
            + self.candidate.len()
    }
}

fn avro(version: u32) -> String {
    let mut fields: Vec<String> = (0..BASE_FIELDS)
        .map(|i| format!(r#"{{"name":"base_{i}","type":"long"}}"#))
        .collect();
    fields.push(format!(
        r#"{{"name":"v_{version}","type":["null","string"],"default":null}}"#
    ));
    format!(
        r#"{{"type":"record","name":"Order","namespace":"shop","fields":[{}]}}"#,
        fields.join(",")
    )
}

fn json(version: u32) -> String {
    let mut properties: Vec<String> = (0..BASE_FIELDS)
        .map(|i| format!(r#""base_{i}":{{"type":"integer","minimum":0}}"#))
        .collect();
    properties.push(format!(r#""v_{version}":{{"type":"string"}}"#));
    let required: Vec<String> = (0..BASE_FIELDS).map(|i| format!(r#""base_{i}""#)).collect();
    format!(
        r#"{{"type":"object","properties":{{{}}},"required":[{}]}}"#,
        properties.join(","),
        required.join(",")
    )
}

fn protobuf(version: u32) -> String {
    let mut fields: Vec<String> = (0..BASE_FIELDS)
        .map(|i| format!("  int64 base_{i} = {};", i + 1))
        .collect();
    fields.push(format!(
        "  optional string v_{version} = {};",
        100 + version
    ));
    format!(
        "syntax = \"proto3\";\npackage shop;\n\nmessage Order {{\n{}\n}}\n",
        fields.join("\n")
    )
}

/// The three histories.
pub fn all() -> Vec<History> {
    vec![
        History::new("avro", DataFormat::Avro, avro),
        History::new("json", DataFormat::Json, json),
        History::new("protobuf", DataFormat::Protobuf, protobuf),
    ]
}
