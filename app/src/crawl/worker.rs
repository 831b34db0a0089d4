//! The worker side of a crawl: reads each file through `File.slice()`, infers it and feeds core's
//! [`Crawler`], reporting progress at most every [`PROGRESS_EVERY_MS`] and stopping at the next file
//! boundary after a cancel. Nothing here touches the DOM or the catalog: the page saves what it is sent.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use glueprint_core::crawl::{CrawlOptions, Crawler, Decision};
use glueprint_core::infer::{self, InferOptions};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use super::outcome::Outcome;
use super::protocol::{CrawlSettings, Entry, FromWorker, Progress, ToWorker};
use crate::io::BlobSource;

/// Progress messages are throttled: the page redraws on each, and 10 a second reads as smooth.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Runs already cancelled; a run checks between files.
type Cancelled = Rc<RefCell<HashSet<u32>>>;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker) {
    let Ok(json) = serde_json::to_string(message) else {
        return;
    };
    let envelope = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&envelope, &"json".into(), &json.into());
    // Posting a plain object with a string cannot fail either; if the page is gone there is no one to tell.
    let _ = scope().post_message(&envelope);
}

/// Installs the message handler. Called once, by the worker binary's `main`.
pub fn run() {
    console_error_panic_hook::set_once();
    let cancelled: Cancelled = Rc::default();
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let json = Reflect::get(&data, &"json".into())
            .ok()
            .and_then(|v| v.as_string());
        let Some(message) = json.and_then(|j| serde_json::from_str::<ToWorker>(&j).ok()) else {
            return;
        };
        match message {
            ToWorker::Cancel { crawl } => {
                cancelled.borrow_mut().insert(crawl);
            }
            ToWorker::Start {
                crawl,
                settings,
                entries,
            } => {
                let files: Vec<File> = Reflect::get(&data, &"files".into())
                    .ok()
                    .map(|v| Array::from(&v).iter().map(|f| f.unchecked_into()).collect())
                    .unwrap_or_default();
                let cancelled = cancelled.clone();
                spawn_local(async move {
                    crawl_files(crawl, settings, entries, files, cancelled).await;
                });
            }
        }
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(&FromWorker::Ready);
}

fn options_of(settings: &CrawlSettings, root_name: &str) -> CrawlOptions {
    let mut options = CrawlOptions::new(&settings.database, root_name);
    options.location = settings.location.clone();
    options.excludes = settings.excludes.clone();
    options.sample_size = settings.sample_size;
    options.combine_compatible_schemas = settings.combine_compatible_schemas;
    options
}

/// The crawl root's name: the dropped folder's, which is the first segment every entry shares.
fn root_name(entries: &[Entry]) -> String {
    let first = entries
        .first()
        .and_then(|e| e.path.split('/').next())
        .unwrap_or("table");
    let shared = entries
        .iter()
        .all(|e| e.path.split('/').next() == Some(first) && e.path.contains('/'));
    if shared { first } else { "table" }.to_owned()
}

async fn crawl_files(
    crawl: u32,
    settings: CrawlSettings,
    entries: Vec<Entry>,
    files: Vec<File>,
    cancelled: Cancelled,
) {
    let started = js_sys::Date::now();
    let root = root_name(&entries);
    let mut crawler = match Crawler::new(options_of(&settings, &root)) {
        Ok(crawler) => crawler,
        Err(e) => {
            post(&FromWorker::Failed {
                crawl,
                message: e.to_string(),
            });
            return;
        }
    };
    // Keys are relative to the dropped folder itself, as S3 keys are to the include path.
    let strip = if root == "table" { 0 } else { root.len() + 1 };
    let mut progress = Progress {
        files_total: entries.len() as u64,
        bytes_total: entries.iter().map(|e| e.size).sum(),
        ..Progress::default()
    };
    let mut last_post = f64::NEG_INFINITY;
    let options = InferOptions::default();
    for entry in &entries {
        if cancelled.borrow().contains(&crawl) {
            post(&FromWorker::Cancelled { crawl });
            return;
        }
        let key = entry.path.get(strip..).unwrap_or(&entry.path);
        progress.current = entry.path.clone();
        let now = js_sys::Date::now();
        if now - last_post >= PROGRESS_EVERY_MS {
            progress.elapsed_ms = (now - started) as u64;
            post(&FromWorker::Progress {
                crawl,
                progress: progress.clone(),
            });
            last_post = now;
        }
        if crawler.consider(key, entry.size) == Decision::Read {
            let result = match files.get(entry.file) {
                Some(file) => {
                    let source = BlobSource::new(file.clone().into());
                    infer::infer_file_with(&source, key, &options).await
                }
                None => Err(glueprint_core::Error::io(
                    "the page sent no file for this entry",
                )),
            };
            if let Err(e) = &result {
                post(&FromWorker::FileFailed {
                    crawl,
                    path: entry.path.clone(),
                    message: e.to_string(),
                });
            }
            crawler.add(key, entry.size, result);
        }
        progress.files_done += 1;
        progress.bytes_done = progress.bytes_done.saturating_add(entry.size);
    }
    progress.current.clear();
    progress.elapsed_ms = (js_sys::Date::now() - started) as u64;
    post(&FromWorker::Progress { crawl, progress });
    let outcome = Outcome::of(crawler.finish());
    match serde_json::to_string(&outcome) {
        Ok(result) => post(&FromWorker::Finished { crawl, result }),
        Err(e) => post(&FromWorker::Failed {
            crawl,
            message: format!("cannot send the crawl result: {e}"),
        }),
    }
}
