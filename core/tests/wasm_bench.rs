//! Inference time on wasm32 under Node: the workloads of `benches/workloads/mod.rs` (the native criterion
//! benchmark's inputs), timed with `performance.now()`; and the Schema Registry's FULL_ALL check against
//! 1,000 versions (`benches/compat_workloads/mod.rs`). Ignored, so the normal test run never times
//! anything; `scripts/bench-infer` (`time_inference`) and `scripts/bench-compat` (`time_compat`) run them
//! in an optimised build and read the `BENCH` / `BENCH_COMPAT` lines they print:
//!
//!     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p glueprint-core \
//!         --target wasm32-unknown-unknown --profile bench --test wasm_bench -- --include-ignored --nocapture
//!
//! The method, per workload: warm up for ~0.3 s, pick a batch size that runs for at least 5 ms, time 21
//! batches and report the median time per run. Native builds have nothing here (criterion measures
//! them).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::hint::black_box;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[path = "../benches/workloads/mod.rs"]
mod workloads;

#[path = "../benches/compat_workloads/mod.rs"]
mod compat_workloads;

#[wasm_bindgen]
extern "C" {
    /// Milliseconds, with sub-millisecond resolution in Node.
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

const WARM_UP_MS: f64 = 300.0;
const MIN_BATCH_MS: f64 = 5.0;
const BATCHES: usize = 21;

/// Median nanoseconds per call of `run`.
fn median_ns(mut run: impl FnMut()) -> f64 {
    let start = now();
    let mut warm_runs = 0u32;
    while now() - start < WARM_UP_MS {
        run();
        warm_runs += 1;
    }
    let per_run_ms = (now() - start) / f64::from(warm_runs.max(1));
    let batch = ((MIN_BATCH_MS / per_run_ms.max(1e-6)).ceil() as u32).max(1);
    let mut per_run: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let t0 = now();
            for _ in 0..batch {
                run();
            }
            (now() - t0) * 1e6 / f64::from(batch)
        })
        .collect();
    per_run.sort_by(f64::total_cmp);
    per_run[BATCHES / 2]
}

#[wasm_bindgen_test]
#[ignore = "a benchmark, not a test: run by scripts/bench-infer with --include-ignored"]
fn time_inference_per_format() {
    for workload in workloads::all() {
        let median = median_ns(|| {
            black_box(workload.infer());
        });
        // Tab-separated, one line per workload: what scripts/bench-infer parses.
        console_log!("BENCH\t{}\t{}\t{median:.0}", workload.id, workload.len);
    }
}

#[wasm_bindgen_test]
#[ignore = "a benchmark, not a test: run by scripts/bench-compat with --include-ignored"]
fn time_compat_full_all() {
    for history in compat_workloads::all() {
        let median = median_ns(|| {
            black_box(history.check());
        });
        console_log!(
            "BENCH_COMPAT\t{}\t{}\t{median:.0}",
            history.id,
            history.len()
        );
    }
}
