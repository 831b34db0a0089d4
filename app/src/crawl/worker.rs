//! The worker side of a crawl: reads each entry (a `File` through `File.slice()`, a presigned URL through
//! range requests, [`RemoteSource`]) as it arrives, infers it and feeds core's [`Crawler`], reporting
//! progress at most every [`PROGRESS_EVERY_MS`] and stopping at the next entry boundary after a cancel.
//! Nothing here touches the DOM or the catalog: the page saves what it is sent. No credential ever reaches
//! the worker: only presigned URLs, which it never logs or sends back.
//!
//! Each file's values are sampled within core's budgets ([`values::sample_file`]) for sensitive-data
//! detection; only the counts behind it reach the crawler, never a value. The parquet crate's page
//! decoders may panic on a damaged page, and a panic aborts this wasm instance: the panic hook then sends
//! [`FromWorker::Crashed`] naming the file being read, so the page can start a fresh worker and crawl again
//! without sampling that file.
//!
//! The same worker binary also reads single dropped files ([`ToWorker::Infer`]), so a hostile file that
//! panics a decoder kills a worker instance, never the page.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::Rc;

use futures_util::stream::{self, StreamExt};
use glueprint_core::aws::presigned::PresignedUrl;
use glueprint_core::crawl::{CrawlOptions, Crawler, Decision};
use glueprint_core::infer::values::{self, FileSample, SampleOptions};
use glueprint_core::infer::{self, InferredTable};
use glueprint_core::pii::{self, DetectOptions};
use glueprint_core::source::MemorySource;
use glueprint_core::stats::table::{Accumulator, SketchBudget};
use glueprint_core::{Error, Result};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use super::grouped_reads::{self, GROUP_FILES};
use super::outcome::Outcome;
use super::protocol::{
    CrawlSettings, Entry, EntrySource, FromWorker, LOW_WATER, Progress, ToWorker,
};
use super::remote::RemoteSource;
use crate::io::BlobSource;

/// Progress messages are throttled: the page redraws on each, and 10 a second reads as smooth.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// The entries of one run not read yet, as the page streams them in.
#[derive(Default)]
struct Feed {
    crawl: u32,
    queue: VecDeque<(Entry, Option<File>)>,
    /// Entries taken from `queue` so far, for [`FromWorker::Taken`].
    taken: u64,
    ended: bool,
    cancelled: bool,
    /// Entries and listed bytes received so far, for the progress totals.
    files: u64,
    bytes: u64,
    /// Resolves the promise a run waiting for entries sleeps on.
    wake: Option<js_sys::Function>,
}

impl Feed {
    /// The next entry, telling the page when the queue falls to [`LOW_WATER`] so that it sends more.
    fn pop(&mut self) -> Option<(Entry, Option<File>)> {
        let entry = self.queue.pop_front()?;
        self.taken += 1;
        if self.queue.len() == LOW_WATER {
            post(&FromWorker::Taken {
                crawl: self.crawl,
                taken: self.taken,
            });
        }
        Some(entry)
    }

    fn wake(&mut self) {
        if let Some(wake) = self.wake.take() {
            // Resolving a promise cannot fail.
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    }
}

type SharedFeed = Rc<RefCell<Feed>>;

/// Units read at the same time: an entry each, or a group of small files read together. Each read mostly
/// waits (on `File.slice()` or the network), so several in flight keep the worker busy; they are
/// pipelined (a finished read makes room for the next unit at once), and a cancel waits for none of them.
const READS_IN_FLIGHT: usize = 16;

/// The next entry of `feed`, waiting for the page to send more when it has none yet; `None` once the
/// run has all its entries and they are taken, or is cancelled.
async fn next(feed: &SharedFeed) -> Option<(Entry, Option<File>)> {
    loop {
        {
            let mut feed = feed.borrow_mut();
            if feed.cancelled {
                return None;
            }
            if let Some(entry) = feed.pop() {
                return Some(entry);
            }
            if feed.ended {
                return None;
            }
        }
        let sleep = Promise::new(&mut |resolve, _| feed.borrow_mut().wake = Some(resolve));
        // The promise only ever resolves.
        let _ = JsFuture::from(sleep).await;
    }
}

/// The next entry `feed` already holds, without waiting for more.
fn ready(feed: &SharedFeed) -> Option<(Entry, Option<File>)> {
    let mut feed = feed.borrow_mut();
    if feed.cancelled {
        return None;
    }
    feed.pop()
}

/// An entry as taken from the feed, with the crawler's decision.
struct Taken {
    entry: Entry,
    file: Option<File>,
    read: bool,
    sample: bool,
    /// Read, and a small file, so read whole in a group ([`grouped_reads::is_small`]).
    small: bool,
}

impl Taken {
    fn new(entry: Entry, file: Option<File>, read: bool, sample: bool) -> Self {
        let small = read && file.as_ref().is_some_and(grouped_reads::is_small);
        Self {
            entry,
            file,
            read,
            sample,
            small,
        }
    }

    /// The dropped file to read whole in a group.
    fn small_file(&self) -> Option<&File> {
        self.file.as_ref().filter(|_| self.small)
    }
}

/// The unit that starts with `first`: `first` alone, or, when it is a small file, the entries after it
/// that `more` has at hand (without waiting) while they are small files or not read at all, up to
/// [`GROUP_FILES`]. Returns the unit and the entry taken that ends it, which starts the next one.
fn unit(first: Taken, mut more: impl FnMut() -> Option<Taken>) -> (Vec<Taken>, Option<Taken>) {
    let grouped = first.small;
    let mut unit = vec![first];
    while grouped && unit.len() < GROUP_FILES {
        let Some(taken) = more() else { break };
        if taken.read && !taken.small {
            return (unit, Some(taken));
        }
        unit.push(taken);
    }
    (unit, None)
}

/// What reading an entry gave: nothing when the crawler skips it, else its result and size.
type EntryRead = (Entry, Option<(Result<Read>, u64)>);

/// Reads a unit's entries in order, its small files with one read ([`grouped_reads::read_whole`]).
async fn read_unit(crawl: u32, unit: Vec<Taken>, options: &SampleOptions) -> Vec<EntryRead> {
    let small: Vec<File> = unit.iter().filter_map(Taken::small_file).cloned().collect();
    let mut whole = if small.is_empty() {
        None
    } else {
        grouped_reads::read_whole(&small)
            .await
            .ok()
            .map(Vec::into_iter)
    };
    let mut reads = Vec::with_capacity(unit.len());
    for taken in unit {
        let bytes = match taken.small_file() {
            Some(_) => whole.as_mut().and_then(Iterator::next),
            None => None,
        };
        let result = if taken.read {
            let read = read_entry(&taken.entry, taken.file, bytes, options, taken.sample);
            Some(marked(crawl, &taken.entry.path, read).await)
        } else {
            None
        };
        reads.push((taken.entry, result));
    }
    reads
}

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

thread_local! {
    /// The run and file whose read is being polled, for the panic hook.
    static READING: RefCell<Option<(u32, String)>> = const { RefCell::new(None) };
}

/// Polls `read` with `path` of run `crawl` marked as the file being read, so that a panic inside it
/// names the file.
async fn marked<T>(crawl: u32, path: &str, read: impl Future<Output = T>) -> T {
    let mut read = std::pin::pin!(read);
    std::future::poll_fn(|cx| {
        READING.with(|r| *r.borrow_mut() = Some((crawl, path.to_owned())));
        let polled = read.as_mut().poll(cx);
        READING.with(|r| *r.borrow_mut() = None);
        polled
    })
    .await
}

/// Set by the first panic: the instance is unusable after it, and later panics (its executor's) must not
/// send a second notice.
static CRASHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells the page which file was being read before the panic aborts the instance, then logs the panic.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if !CRASHED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        let reading = READING.with(|r| r.try_borrow().ok().and_then(|r| r.clone()));
        post(&FromWorker::Crashed { reading });
    }
    console_error_panic_hook::hook(info);
}

/// The `crawl` number of a message the worker could not read, so the page can tell which run failed;
/// 0 (no run) when even that is missing.
fn crawl_number_of(json: &str) -> u32 {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("crawl")?.as_u64())
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

/// Installs the message handler. Called once, by the worker binary's `main`.
pub fn run() {
    std::panic::set_hook(Box::new(on_panic));
    let feeds: Rc<RefCell<HashMap<u32, SharedFeed>>> = Rc::default();
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let json = Reflect::get(&data, &"json".into())
            .ok()
            .and_then(|v| v.as_string());
        // Messages without `json` are not the protocol's (the benchmark's memory probe): not ours.
        let Some(json) = json else { return };
        let message = match serde_json::from_str::<ToWorker>(&json) {
            Ok(message) => message,
            // A page and a worker of different builds: say so, or the page waits for ever.
            Err(e) => {
                post(&FromWorker::Failed {
                    crawl: crawl_number_of(&json),
                    message: format!("the crawl worker could not read the page's message: {e}"),
                });
                return;
            }
        };
        let feed_of = |crawl: u32| feeds.borrow().get(&crawl).cloned();
        match message {
            ToWorker::Start {
                crawl,
                settings,
                root,
            } => {
                let feed = SharedFeed::new(RefCell::new(Feed {
                    crawl,
                    ..Feed::default()
                }));
                feeds.borrow_mut().insert(crawl, feed.clone());
                let feeds = feeds.clone();
                spawn_local(async move {
                    crawl_entries(crawl, settings, &root, &feed).await;
                    feeds.borrow_mut().remove(&crawl);
                });
            }
            ToWorker::AddEntries { crawl, entries } => {
                let Some(feed) = feed_of(crawl) else { return };
                let files: Vec<File> = Reflect::get(&data, &"files".into())
                    .ok()
                    .map(|v| Array::from(&v).iter().map(|f| f.unchecked_into()).collect())
                    .unwrap_or_default();
                let mut feed = feed.borrow_mut();
                feed.files += entries.len() as u64;
                feed.bytes += entries.iter().filter_map(|e| e.size).sum::<u64>();
                feed.queue.extend(entries.into_iter().map(|entry| {
                    let file = match &entry.source {
                        EntrySource::File { file } => files.get(*file).cloned(),
                        EntrySource::Url { .. } => None,
                    };
                    (entry, file)
                }));
                feed.wake();
            }
            ToWorker::EndOfEntries { crawl } => {
                if let Some(feed) = feed_of(crawl) {
                    feed.borrow_mut().ended = true;
                    feed.borrow_mut().wake();
                }
            }
            ToWorker::Cancel { crawl } => {
                if let Some(feed) = feed_of(crawl) {
                    feed.borrow_mut().cancelled = true;
                    feed.borrow_mut().wake();
                }
            }
            ToWorker::Infer { id, sample } => {
                let file = Reflect::get(&data, &"files".into())
                    .ok()
                    .and_then(|v| Array::from(&v).get(0).dyn_into::<File>().ok());
                spawn_local(infer_dropped(id, sample, file));
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
    options.detect = DetectOptions {
        threshold: settings.pii_threshold,
    };
    options
}

/// What reading one file gave: its table with its values sampled, or (for a file whose sampling crashed
/// an earlier attempt) its table alone.
enum Read {
    Sampled(FileSample),
    Inferred(InferredTable),
}

/// Reads one file from `source`: samples its values unless `sample` is false.
async fn read_source(
    source: &impl glueprint_core::source::ByteSource,
    path: &str,
    options: &SampleOptions,
    sample: bool,
) -> Result<Read> {
    if sample {
        values::sample_file(source, path, options)
            .await
            .map(Read::Sampled)
    } else {
        infer::infer_file_with(source, path, &options.infer)
            .await
            .map(Read::Inferred)
    }
}

/// Answers [`ToWorker::Infer`]: reads one dropped file as a crawl reads each of its files, and tags its
/// sensitive columns as a crawl tags a table's (default threshold: a dropped file has no crawl settings).
async fn infer_dropped(id: u32, sample: bool, file: Option<File>) {
    let mut statistics = None;
    let result = match file {
        Some(file) => {
            let name = file.name();
            let source = BlobSource::new(file.into());
            let options = SampleOptions::default();
            let read = read_source(&source, &name, &options, sample);
            match marked(id, &name, read).await {
                Ok(Read::Sampled(sample)) => {
                    statistics = Accumulator::of_file(&sample, &mut SketchBudget::default())
                        .finish(&sample.table.columns);
                    let detections =
                        pii::detect_columns(&sample.columns, &DetectOptions::default());
                    let mut table = sample.table;
                    pii::apply_columns(&mut table.columns, &detections);
                    table.notes.extend(sample.findings);
                    Ok(table)
                }
                Ok(Read::Inferred(table)) => Ok(table),
                Err(e) => Err(e.to_string()),
            }
        }
        None => Err("the page sent no file to read".to_owned()),
    };
    post(&FromWorker::Inferred {
        id,
        result,
        statistics,
    });
}

/// Reads one entry; returns the result and the entry's size (learnt by the first read for a URL). `whole`
/// is a small file's bytes when its group read them ([`grouped_reads`]); without them the file is read
/// alone.
async fn read_entry(
    entry: &Entry,
    file: Option<File>,
    whole: Option<Vec<u8>>,
    options: &SampleOptions,
    sample: bool,
) -> (Result<Read>, u64) {
    let size = entry.size.unwrap_or(0);
    match (&entry.source, file) {
        (EntrySource::File { .. }, Some(file)) => {
            let result = match whole {
                Some(bytes) => {
                    let source = MemorySource::new(bytes);
                    read_source(&source, &entry.path, options, sample).await
                }
                None => {
                    let source = BlobSource::new(file.into());
                    read_source(&source, &entry.path, options, sample).await
                }
            };
            (result, size)
        }
        (EntrySource::File { .. }, None) => {
            (Err(Error::io("the page sent no file for this entry")), size)
        }
        (EntrySource::Url { url }, _) => match PresignedUrl::parse(&url.0) {
            Ok(url) => {
                let prefetch = u64::try_from(options.infer.sample_bytes).unwrap_or(u64::MAX);
                let source = RemoteSource::new(url, entry.size, prefetch);
                let result = read_source(&source, &entry.path, options, sample).await;
                (result, source.known_size().unwrap_or(size))
            }
            Err(e) => (Err(e), size),
        },
    }
}

async fn crawl_entries(crawl: u32, settings: CrawlSettings, root: &str, feed: &SharedFeed) {
    let started = js_sys::Date::now();
    let crawler = match Crawler::new(options_of(&settings, root)) {
        Ok(crawler) => RefCell::new(crawler),
        Err(e) => {
            post(&FromWorker::Failed {
                crawl,
                message: e.to_string(),
            });
            return;
        }
    };
    let mut progress = Progress::default();
    // Sizes of pasted URLs, known only once read.
    let mut learnt_bytes = 0u64;
    let mut last_post = f64::NEG_INFINITY;
    let options = SampleOptions::default();
    // The crawler decides on each entry as it is taken, in listing order (sampling counts files per
    // folder).
    let take = |(entry, file): (Entry, Option<File>)| {
        let read = crawler
            .borrow_mut()
            .consider(&entry.path, entry.size.unwrap_or(0))
            == Decision::Read;
        let sample = settings.sample_values && !settings.unsampled.contains(&entry.path);
        Taken::new(entry, file, read, sample)
    };
    let take = &take;
    // Units of entries in listing order, up to READS_IN_FLIGHT read at once, and their results in
    // listing order again (`buffered` keeps the order), so a crawl's result does not depend on timing.
    // Boxed to be pinned and dropped before the crawler it borrows is finished.
    let mut reads = Box::pin(
        stream::unfold(None, move |held| async move {
            let first = match held {
                Some(taken) => taken,
                None => take(next(feed).await?),
            };
            Some(unit(first, || ready(feed).map(take)))
        })
        .map(|unit| read_unit(crawl, unit, &options))
        .buffered(READS_IN_FLIGHT)
        .flat_map(stream::iter),
    );
    while let Some((entry, result)) = reads.next().await {
        if feed.borrow().cancelled {
            break;
        }
        let mut size = entry.size.unwrap_or(0);
        if let Some((result, read_size)) = result {
            if entry.size.is_none() {
                learnt_bytes = learnt_bytes.saturating_add(read_size);
            }
            size = read_size;
            if let Err(e) = &result {
                post(&FromWorker::FileFailed {
                    crawl,
                    path: entry.path.clone(),
                    message: e.to_string(),
                });
            }
            let mut crawler = crawler.borrow_mut();
            match result {
                Ok(Read::Sampled(sample)) => crawler.add_sample(&entry.path, size, Ok(sample)),
                Ok(Read::Inferred(table)) => crawler.add(&entry.path, size, Ok(table)),
                Err(e) => crawler.add(&entry.path, size, Err(e)),
            }
        }
        progress.files_done += 1;
        progress.bytes_done = progress.bytes_done.saturating_add(size);
        let now = js_sys::Date::now();
        if now - last_post >= PROGRESS_EVERY_MS {
            progress.files_total = feed.borrow().files;
            progress.bytes_total = feed.borrow().bytes + learnt_bytes;
            progress.current = entry.path;
            progress.elapsed_ms = (now - started) as u64;
            post(&FromWorker::Progress {
                crawl,
                progress: progress.clone(),
            });
            last_post = now;
        }
    }
    drop(reads);
    if feed.borrow().cancelled {
        post(&FromWorker::Cancelled { crawl });
        return;
    }
    let crawler = crawler.into_inner();
    progress.files_total = feed.borrow().files;
    progress.bytes_total = feed.borrow().bytes + learnt_bytes;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry taken as (read, small); `small` without a file stands for a small dropped file.
    fn taken(path: &str, read: bool, small: bool) -> Taken {
        let mut taken = Taken::new(
            Entry {
                path: path.to_owned(),
                size: Some(1),
                source: EntrySource::File { file: 0 },
            },
            None,
            read,
            false,
        );
        taken.small = small;
        taken
    }

    /// The units `entries` make, by path, as the crawl's stream cuts them.
    fn units(entries: Vec<Taken>) -> Vec<Vec<String>> {
        let mut rest = entries.into_iter();
        let mut held = None;
        let mut units = Vec::new();
        while let Some(first) = held.take().or_else(|| rest.next()) {
            let (unit, next) = unit(first, || rest.next());
            units.push(unit.into_iter().map(|t| t.entry.path).collect());
            held = next;
        }
        units
    }

    #[test]
    fn small_files_group_until_a_file_read_alone_and_skipped_entries_go_along() {
        let got = units(vec![
            taken("s1", true, true),
            taken("skip", false, false),
            taken("s2", true, true),
            taken("big", true, false),
            taken("s3", true, true),
        ]);
        assert_eq!(got, [vec!["s1", "skip", "s2"], vec!["big"], vec!["s3"]]);
    }

    #[test]
    fn a_group_holds_at_most_group_files_and_a_big_file_is_alone() {
        let mut entries = vec![taken("big", true, false), taken("skip", false, false)];
        entries.extend((0..GROUP_FILES + 1).map(|i| taken(&format!("s{i}"), true, true)));
        let got = units(entries);
        let sizes: Vec<usize> = got.iter().map(Vec::len).collect();
        assert_eq!(sizes, [1, 1, GROUP_FILES, 1]);
        assert_eq!(got.concat().len(), GROUP_FILES + 3, "no entry lost");
    }
}
