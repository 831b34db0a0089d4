//! Inference time on wasm32 under Node: the workloads of `benches/workloads/mod.rs` (the native criterion
//! benchmark's inputs), timed with `performance.now()`. Ignored, so the normal test run never times
//! anything; `scripts/bench-infer` runs it in an optimised build and reads the `BENCH` lines it prints:
//!
//!     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p glueprint-core \
//!         --target wasm32-unknown-unknown --profile bench --test wasm_bench -- --include-ignored --nocapture
//!
//! The method, per workload: warm up for ~0.3 s, pick a batch size that runs for at least 5 ms, time 21
//! batches and report the median time per inference. Native builds have nothing here (criterion measures
//! them).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::hint::black_box;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[path = "../benches/workloads/mod.rs"]
mod workloads;

#[wasm_bindgen]
extern "C" {
    /// Milliseconds, with sub-millisecond resolution in Node.
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

const WARM_UP_MS: f64 = 300.0;
const MIN_BATCH_MS: f64 = 5.0;
const BATCHES: usize = 21;

/// Median nanoseconds per inference of `workload`.
fn median_ns(workload: &workloads::Workload) -> f64 {
    let start = now();
    let mut warm_runs = 0u32;
    while now() - start < WARM_UP_MS {
        black_box(workload.infer());
        warm_runs += 1;
    }
    let per_run_ms = (now() - start) / f64::from(warm_runs.max(1));
    let batch = ((MIN_BATCH_MS / per_run_ms.max(1e-6)).ceil() as u32).max(1);
    let mut per_inference: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let t0 = now();
            for _ in 0..batch {
                black_box(workload.infer());
            }
            (now() - t0) * 1e6 / f64::from(batch)
        })
        .collect();
    per_inference.sort_by(f64::total_cmp);
    per_inference[BATCHES / 2]
}

#[wasm_bindgen_test]
#[ignore = "a benchmark, not a test: run by scripts/bench-infer with --include-ignored"]
fn time_inference_per_format() {
    for workload in workloads::all() {
        let median = median_ns(&workload);
        // Tab-separated, one line per workload: what scripts/bench-infer parses.
        console_log!("BENCH\t{}\t{}\t{median:.0}", workload.id, workload.len);
    }
}
