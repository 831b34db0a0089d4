//! The inference workloads timed by `benches/infer.rs` (native, criterion) and `tests/wasm_bench.rs`
//! (wasm32 under Node): the same inputs, built the same way, so the two sets of figures compare.
//!
//! Text inputs are generated here (deterministically, never committed): about 1 MB of CSV, of JSON Lines,
//! and the same CSV gzip-compressed, so each costs one full 1 MiB sample. Footer and header formats use the
//! fixtures in `../shared/data`, compiled in (wasm32 has no file system): what those readers touch is the
//! footer or header, whatever the file's size.
#![allow(dead_code)]
// each including crate uses its own subset
// Benchmark inputs, not library code: a workload that does not infer should stop the run loudly.
#![allow(clippy::panic)]

use std::io::Write;

use glueprint_core::infer::{self, InferredTable};
use glueprint_core::source::{MemorySource, complete_now};

/// One input and how to infer it.
pub struct Workload {
    /// Short id, unique: `format/input`.
    pub id: String,
    pub format: &'static str,
    /// The name inference sees (compressed text is recognised by magic bytes, the name only helps).
    pub file_name: &'static str,
    pub source: MemorySource,
    pub len: usize,
    /// What part of the input inference reads.
    pub reads: &'static str,
}

impl Workload {
    fn new(
        format: &'static str,
        file_name: &'static str,
        reads: &'static str,
        bytes: Vec<u8>,
    ) -> Self {
        Self {
            id: format!("{format}/{file_name}"),
            format,
            file_name,
            len: bytes.len(),
            source: MemorySource::new(bytes),
            reads,
        }
    }

    /// One inference, as the app and the CLI run it. Panics when the input is not read: a benchmark of an
    /// error path would measure the wrong thing.
    pub fn infer(&self) -> InferredTable {
        match complete_now(infer::infer_file(&self.source, self.file_name)) {
            Ok(Ok(table)) => table,
            Ok(Err(e)) => panic!("{}: {e}", self.id),
            Err(e) => panic!("{}: {e}", self.id),
        }
    }
}

/// Size of the generated text inputs: just under the 1 MiB sample, so the whole file is the sample.
pub const TEXT_BYTES: usize = 1_000_000;

/// A small deterministic generator (64-bit LCG): the inputs are the same in every run and on every target.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        let i = (self.next() % options.len() as u64) as usize;
        options.get(i).copied().unwrap_or_default()
    }
}

const NAMES: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
const CITIES: [&str; 4] = ["Lisbon", "Oslo", "Quito", "Hanoi"];

/// ~1 MB of CSV with a header and eight columns of mixed types (integers, decimals, dates, timestamps,
/// booleans, strings).
pub fn csv() -> Vec<u8> {
    let mut rng = Lcg(1);
    let mut out = b"id,name,amount,quantity,day,created_at,active,city\n".to_vec();
    let mut id = 0u64;
    while out.len() < TEXT_BYTES - 128 {
        id += 1;
        let line = format!(
            "{id},{},{}.{:02},{},2024-{:02}-{:02},2024-05-{:02} {:02}:{:02}:{:02},{},{}\n",
            rng.pick(&NAMES),
            rng.next() % 10_000,
            rng.next() % 100,
            rng.next() % 50,
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            1 + rng.next() % 28,
            rng.next() % 24,
            rng.next() % 60,
            rng.next() % 60,
            rng.next().is_multiple_of(2),
            rng.pick(&CITIES),
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// ~1 MB of JSON Lines: flat fields, an array and a nested object per record.
pub fn jsonl() -> Vec<u8> {
    let mut rng = Lcg(2);
    let mut out = Vec::new();
    let mut id = 0u64;
    while out.len() < TEXT_BYTES - 256 {
        id += 1;
        let line = format!(
            "{{\"id\": {id}, \"name\": \"{}\", \"amount\": {}.{:02}, \"active\": {}, \"tags\": [\"{}\", \"{}\"], \
             \"address\": {{\"city\": \"{}\", \"zip\": \"{:05}\"}}, \"created_at\": \"2024-05-{:02}T10:00:00Z\"}}\n",
            rng.pick(&NAMES),
            rng.next() % 10_000,
            rng.next() % 100,
            rng.next().is_multiple_of(2),
            rng.pick(&NAMES),
            rng.pick(&NAMES),
            rng.pick(&CITIES),
            rng.next() % 100_000,
            1 + rng.next() % 28,
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_else(|e| panic!("gzip: {e}"))
}

macro_rules! fixture {
    ($format:literal, $name:literal, $reads:literal) => {
        Workload::new(
            $format,
            $name,
            $reads,
            include_bytes!(concat!("../../../../shared/data/", $format, "/", $name)).to_vec(),
        )
    };
}

/// Every workload, in the order the report lists them.
pub fn all() -> Vec<Workload> {
    let csv = csv();
    let csv_gz = gzip(&csv);
    vec![
        Workload::new("csv", "sample.csv", "the whole 1 MB file (one sample)", csv),
        Workload::new(
            "json",
            "sample.jsonl",
            "the whole 1 MB file (one sample)",
            jsonl(),
        ),
        Workload::new(
            "csv.gz",
            "sample.csv.gz",
            "1 MB after gunzip (one sample)",
            csv_gz,
        ),
        fixture!("parquet", "flat_snappy.parquet", "footer"),
        fixture!("parquet", "nested.parquet", "footer"),
        fixture!("parquet", "many_row_groups.parquet", "footer"),
        fixture!("parquet", "wide_500.parquet", "footer (500 columns)"),
        fixture!("orc", "flat_zlib.orc", "tail (zlib footer)"),
        fixture!("orc", "nested.orc", "tail"),
        fixture!("avro", "orders_deflate.avro", "header + block headers"),
        fixture!("avro", "orders_null.avro", "header + block headers"),
    ]
}
