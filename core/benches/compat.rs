//! The Schema Registry check at scale (criterion): a candidate against 1,000 registered versions in
//! FULL_ALL mode, per format. Inputs in `compat_workloads/mod.rs`, shared with the wasm32 run
//! (`tests/compat_wasm_bench.rs`); `scripts/bench-compat` runs both and prints one table.
//!
//!     CARGO_TARGET_DIR=/tmp/target-bench cargo bench -p glueprint-core --bench compat
//!
//! Native only: criterion does not run on wasm32, where this target is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod compat_workloads;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::{BenchmarkId, Criterion, Throughput};

    use super::compat_workloads;

    pub fn full_all(c: &mut Criterion) {
        let mut group = c.benchmark_group("compat_full_all");
        // Each check takes milliseconds to tens of milliseconds: ten samples give a stable median on a
        // shared 2-core machine.
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for history in compat_workloads::all() {
            let report = history.check();
            assert_eq!(report.checked.len(), compat_workloads::VERSIONS as usize);
            group.throughput(Throughput::Bytes(history.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(history.id), &history, |b, h| {
                b.iter(|| black_box(h.check()))
            });
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::full_all);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
