//! Crawling off the UI thread. The page gathers files ([`entries`]) or presigned URLs, streams them to a
//! dedicated worker ([`worker`], built by Trunk as its own binary) over the [`protocol`], and receives
//! progress, per-file errors and finally the crawl's tables ([`outcome`]). The page never reads or infers
//! a file itself; the worker reads URLs with range requests ([`remote`]). For an S3 prefix the page lists
//! the objects and presigns their URLs ([`prefix`]), streaming them while the worker already reads.
//! Single dropped files are read by a worker instance too ([`dropped`]).

pub mod dropped;
pub mod entries;
pub mod grouped_reads;
pub mod outcome;
pub(crate) mod prefix;
pub mod protocol;
pub mod remote;
pub mod window;
pub mod worker;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, File, MessageEvent, Worker, WorkerOptions, WorkerType};

use protocol::{FromWorker, ToWorker};

/// Trunk names worker outputs after the binary, unhashed, so the page can name the loader here.
const WORKER_SCRIPT: &str = "./crawl_worker_loader.js";

/// Messages waiting for the worker to be ready (`None` once it is).
type Pending = Rc<RefCell<Option<Vec<JsValue>>>>;

/// The page's handle on the crawl worker.
#[derive(Debug)]
pub struct CrawlWorker {
    worker: Worker,
    pending: Pending,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl CrawlWorker {
    /// Starts the worker. `on_event` gets every message; `on_failure` a sentence when the worker itself
    /// fails (its script did not load, or it crashed).
    pub fn start(
        on_event: impl Fn(FromWorker) + 'static,
        on_failure: impl Fn(String) + 'static,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options)
            .map_err(|e| format!("cannot start the crawl worker: {e:?}"))?;
        let pending: Pending = Rc::new(RefCell::new(Some(Vec::new())));
        let flush = (worker.clone(), pending.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let json = Reflect::get(&event.data(), &"json".into())
                .ok()
                .and_then(|v| v.as_string());
            match json.and_then(|j| serde_json::from_str::<FromWorker>(&j).ok()) {
                Some(FromWorker::Ready) => {
                    let (worker, pending) = &flush;
                    for message in pending.borrow_mut().take().unwrap_or_default() {
                        if let Err(e) = worker.post_message(&message) {
                            web_sys::console::error_1(&e);
                        }
                    }
                }
                Some(message) => on_event(message),
                None => {}
            }
        });
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let detail = event.message();
            on_failure(if detail.is_empty() {
                "the crawl worker stopped (its script could not load or it crashed)".to_owned()
            } else {
                format!("the crawl worker stopped: {detail}")
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            pending,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends `message`, with `files` for an `AddEntries` message.
    pub fn send(&self, message: &ToWorker, files: &[File]) -> Result<(), String> {
        let json = serde_json::to_string(message).map_err(|e| e.to_string())?;
        let envelope = Object::new();
        let list: Array = files.iter().collect();
        let set = Reflect::set(&envelope, &"json".into(), &json.into())
            .and_then(|_| Reflect::set(&envelope, &"files".into(), &list));
        set.map_err(|e| format!("cannot reach the crawl worker: {e:?}"))?;
        if let Some(queue) = self.pending.borrow_mut().as_mut() {
            queue.push(envelope.into());
            return Ok(());
        }
        self.worker
            .post_message(&envelope)
            .map_err(|e| format!("cannot reach the crawl worker: {e:?}"))
    }
}

impl Drop for CrawlWorker {
    fn drop(&mut self) {
        // Events already queued must not reach the closures dropped with `self`.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
