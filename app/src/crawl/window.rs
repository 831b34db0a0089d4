//! The page's side of a run's flow control: it sends entries at most [`WINDOW`] ahead of what the worker
//! has taken from its queue ([`FromWorker::Taken`](super::protocol::FromWorker::Taken)).
//!
//! Why: a dropped folder is listed at once, and a bucket listing much faster than its objects are read.
//! Sent all at once, the entries would wait in the worker's queue, which would then grow with the number
//! of files (about 130 bytes each), and the page would send them all in one long task.

use std::cell::{Cell, RefCell};

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

use super::protocol::WINDOW;

/// How often a sender waiting for room checks whether its run ended meanwhile (cancelled, crashed).
const RECHECK_MS: i32 = 250;

/// Entries sent and taken in one run.
#[derive(Debug, Default)]
pub struct Window {
    sent: Cell<u64>,
    taken: Cell<u64>,
    /// Resolves the promise a waiting sender sleeps on.
    wake: RefCell<Option<js_sys::Function>>,
}

impl Window {
    /// Counts `entries` more sent.
    pub fn sent(&self, entries: usize) {
        self.sent
            .set(self.sent.get().saturating_add(entries as u64));
    }

    /// The worker's report of how many entries it has taken so far.
    pub fn taken(&self, taken: u64) {
        self.taken.set(self.taken.get().max(taken));
        if let Some(wake) = self.wake.borrow_mut().take() {
            // Resolving a promise cannot fail.
            let _ = wake.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }

    /// Waits until more entries may be sent: `true` then, `false` once `ended()` says the run is over.
    pub async fn room(&self, ended: impl Fn() -> bool) -> bool {
        loop {
            if ended() {
                return false;
            }
            if self.sent.get().saturating_sub(self.taken.get()) < WINDOW {
                return true;
            }
            let sleep = Promise::new(&mut |resolve, _| {
                if let Some(window) = web_sys::window() {
                    // Without a timer the sender only wakes on the worker's next report.
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve, RECHECK_MS,
                    );
                }
                *self.wake.borrow_mut() = Some(resolve);
            });
            // The promise only ever resolves.
            let _ = JsFuture::from(sleep).await;
        }
    }
}
