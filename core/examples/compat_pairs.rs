//! Checks many reader/writer schema pairs in one process, for the differential tests in
//! `tests/differential/` that compare core's checkers with Apache Avro's Python checker and with
//! `buf breaking`: starting the CLI once per pair would make thousands of pairs take minutes.
//!
//! Reads JSON lines `{"format": "AVRO"|"JSON"|"PROTOBUF", "reader": TEXT, "writer": TEXT}` on stdin and
//! writes one line per pair, in order: `{"compatible": bool, "kinds": [...]}` (the kinds of
//! [`compat::check`]'s BACKWARD findings: the reader is the new version, the writer the old one), or
//! `{"error": "..."}` when a schema does not parse. Run with
//! `cargo run -p glueprint-core --example compat_pairs < pairs.jsonl`.

use std::io::{BufRead, BufWriter, Write};

use glueprint_core::compat;
use glueprint_core::registry::{Compatibility, DataFormat};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Pair {
    format: DataFormat,
    reader: String,
    writer: String,
}

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let verdict = match serde_json::from_str::<Pair>(&line) {
            Err(error) => json!({"error": format!("not a pair: {error}")}),
            Ok(pair) => match compat::check(
                pair.format,
                Compatibility::Backward,
                &pair.reader,
                &[(1, &pair.writer)],
            ) {
                Ok(report) => {
                    let mut kinds: Vec<String> = report
                        .findings
                        .iter()
                        .map(|finding| finding.kind.to_string())
                        .collect();
                    kinds.sort();
                    kinds.dedup();
                    json!({"compatible": report.is_accepted(), "kinds": kinds})
                }
                Err(error) => json!({"error": error.to_string()}),
            },
        };
        writeln!(out, "{verdict}")?;
    }
    out.flush()
}
