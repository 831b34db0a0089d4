//! Inference time per format (criterion): a 1 MB sample of CSV, JSON Lines and gzip'd CSV, and the
//! footer/header-only formats (Parquet, ORC, Avro) on the shared fixtures. The inputs are in
//! `workloads/mod.rs`, shared with the wasm32 run (`tests/wasm_bench.rs`); `scripts/bench-infer` runs both
//! and prints one table.
//!
//!     CARGO_TARGET_DIR=/tmp/target-bench cargo bench -p glueprint-core --bench infer
//!
//! Native only: criterion does not run on wasm32, where this target is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod workloads;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::{BenchmarkId, Criterion, Throughput};

    use super::workloads;

    pub fn infer(c: &mut Criterion) {
        let mut group = c.benchmark_group("infer");
        // Short runs: eleven workloads on a shared 2-core machine. Criterion still takes 20 samples of many
        // iterations each, enough for a stable median.
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for workload in workloads::all() {
            workload.infer(); // fail before timing when an input does not infer
            group.throughput(Throughput::Bytes(workload.len as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(&workload.id),
                &workload,
                |b, w| b.iter(|| black_box(w.infer())),
            );
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::infer);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
