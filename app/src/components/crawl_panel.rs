//! Crawling a folder, pasted presigned URLs or an S3 prefix (listed on this page with the tab's AWS
//! session, whose credentials never reach the worker): the crawler's settings, the listing's and the
//! reading's progress with Cancel, per-file errors as they come, and the tables found, saved to the
//! catalog under a re-crawl policy (Glue's `SchemaChangePolicy`) after showing what the save will do.

use std::collections::BTreeMap;
use std::rc::Rc;

use glueprint_core::aws::presigned::{self, PresignedUrl};
use glueprint_core::crawl::recrawl::{
    self, Action, DeleteBehavior, Recrawl, SchemaChangePolicy, UpdateBehavior,
};
use glueprint_core::crawl::{DEFAULT_EXCLUDES, MAX_SAMPLE_SIZE};
use glueprint_core::pii::DEFAULT_THRESHOLD;
use glueprint_core::store;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::aws_session::{AwsSessionForm, use_aws_session};
use crate::catalog::use_catalog;
use crate::components::pii_badge::{PiiBadge, entity_of};
use crate::crawl::CrawlWorker;
use crate::crawl::entries::{self, PathFile};
use crate::crawl::outcome::Outcome;
use crate::crawl::prefix::Prefix;
use crate::crawl::protocol::{
    CrawlSettings, Entry, EntrySource, FromWorker, ObjectUrl, Progress, ToWorker,
};
use crate::crawl::window::Window;
use crate::decimal;

/// Entries per `AddEntries` message: small enough that no message is large, large enough that 100,000
/// objects are 100 messages.
const BATCH: usize = 1000;

/// Pasted URLs ready to crawl: the root they share and each one's key below it.
struct Pasted {
    location: String,
    name: String,
    keys: Vec<String>,
    urls: Vec<ObjectUrl>,
}

/// The URLs of the text box, one per line (blank lines ignored). A line that is not a presigned S3 object
/// URL is reported by number; messages never repeat a query string.
fn pasted_urls(text: &str) -> Result<Pasted, String> {
    let mut urls = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let url = PresignedUrl::parse(line).map_err(|e| format!("line {}: {e}", number + 1))?;
        urls.push(url);
    }
    if urls.is_empty() {
        return Err("Paste presigned S3 GET URLs first, one per line.".to_owned());
    }
    let root = presigned::pasted_root(&urls).map_err(|e| e.to_string())?;
    Ok(Pasted {
        location: root.location,
        name: root.name,
        keys: root.keys,
        urls: urls.iter().map(|u| ObjectUrl(u.url().to_owned())).collect(),
    })
}

/// Where a crawl run is.
#[derive(Clone, Debug, PartialEq)]
enum RunState {
    Running,
    Cancelling,
    Cancelled,
    Failed(String),
    Finished(Rc<Outcome>),
}

/// One run, as the panel shows it.
#[derive(Clone, Copy)]
struct Run {
    id: u32,
    state: RwSignal<RunState, LocalStorage>,
    progress: RwSignal<Progress>,
    /// `(path, message)` of files that could not be read.
    errors: RwSignal<Vec<(String, String)>>,
    /// How far the page's listing of an S3 prefix is (empty for other crawls).
    listing: RwSignal<String>,
    /// How far ahead of the worker the page may send entries.
    window: StoredValue<Rc<Window>, LocalStorage>,
}

impl Run {
    /// Waits until the worker has room for more of this run's entries; `false` once the run is over
    /// (or the panel that showed it is gone).
    async fn room(self) -> bool {
        let Some(window) = self.window.try_get_value() else {
            return false;
        };
        window
            .room(move || self.state.try_get_untracked() != Some(RunState::Running))
            .await
    }

    /// Sends `entries` of this run (with their `files`), counting them against the window.
    fn send_entries(
        self,
        handle: &CrawlWorker,
        entries: Vec<Entry>,
        files: &[web_sys::File],
    ) -> Result<(), String> {
        self.window.with_value(|w| w.sent(entries.len()));
        handle.send(
            &ToWorker::AddEntries {
                crawl: self.id,
                entries,
            },
            files,
        )
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// The settings form's state, checked as typed.
#[derive(Clone, Copy)]
struct Form {
    database: RwSignal<String>,
    location: RwSignal<String>,
    excludes: RwSignal<String>,
    sample_size: RwSignal<String>,
    combine: RwSignal<bool>,
    sample_values: RwSignal<bool>,
    pii_threshold: RwSignal<String>,
    /// Presigned GET URLs, one per line: in this tab's memory only.
    urls: RwSignal<String>,
    bucket: RwSignal<String>,
    prefix: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        Self {
            database: RwSignal::new("default".to_owned()),
            location: RwSignal::new(String::new()),
            excludes: RwSignal::new(DEFAULT_EXCLUDES.join("\n")),
            sample_size: RwSignal::new(String::new()),
            combine: RwSignal::new(false),
            sample_values: RwSignal::new(true),
            pii_threshold: RwSignal::new(DEFAULT_THRESHOLD.to_string()),
            urls: RwSignal::new(String::new()),
            bucket: RwSignal::new(String::new()),
            prefix: RwSignal::new(String::new()),
        }
    }

    /// The settings, or what is wrong with them. Names, location and patterns are checked again by the
    /// crawler itself, which reports them the same way.
    fn settings(&self) -> Result<CrawlSettings, String> {
        let sample_size = match self.sample_size.get().trim() {
            "" => None,
            raw => Some(
                raw.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_SAMPLE_SIZE).contains(n))
                    .ok_or_else(|| {
                        format!("sample size: a number of files from 1 to {MAX_SAMPLE_SIZE}, or empty for all")
                    })?,
            ),
        };
        let pii_threshold = decimal::parse(&self.pii_threshold.get())
            .filter(|t| (0.0..=1.0).contains(t))
            .ok_or("sensitive-data threshold: a share from 0 to 1, such as 0.5")?;
        let location = match self.location.get().trim() {
            "" => None,
            raw => Some(raw.to_owned()),
        };
        Ok(CrawlSettings {
            database: self.database.get(),
            location,
            excludes: self
                .excludes
                .get()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            sample_size,
            combine_compatible_schemas: self.combine.get(),
            sample_values: self.sample_values.get(),
            pii_threshold,
            unsampled: Vec::new(),
        })
    }
}

/// What a run reads, kept so that a run whose worker crashed can be sent again.
#[derive(Clone)]
enum Input {
    /// A folder's files or pasted URLs: the name of a table at the root, and the entries.
    Entries(String, Rc<Vec<(Entry, Option<web_sys::File>)>>),
    /// An S3 prefix, listed again.
    Prefix(Rc<Prefix>),
}

/// Shown for a file whose value sampling crashed the reader; the run goes on without its values.
const CRASHED: &str =
    "sampling its values crashed the reader (a damaged page?): crawled again without its values";

#[component]
pub fn CrawlPanel(
    /// Folders given to the page (dropped or picked), newest last.
    folders: ReadSignal<Vec<PathFile>, LocalStorage>,
) -> impl IntoView {
    let form = Form::new();
    let run = RwSignal::new_local(None::<Run>);
    let next_id = StoredValue::new(1u32);
    let worker = StoredValue::new_local(None::<Rc<CrawlWorker>>);
    let form_error = RwSignal::new(String::new());
    // Sends the last run again with one more file left unsampled; set once the run starters exist.
    let retry = StoredValue::new_local(None::<Rc<dyn Fn(String)>>);
    let last = StoredValue::new_local(None::<(CrawlSettings, Input)>);

    // Route worker messages to the run they belong to; messages of older runs are dropped.
    let on_event = move |message: FromWorker| {
        let Some(current) = run.get_untracked() else {
            return;
        };
        let for_current = |crawl: u32| crawl == current.id;
        match message {
            FromWorker::Progress { crawl, progress } if for_current(crawl) => {
                current.progress.set(progress)
            }
            FromWorker::Taken { crawl, taken } if for_current(crawl) => {
                current.window.with_value(|w| w.taken(taken))
            }
            FromWorker::FileFailed {
                crawl,
                path,
                message,
            } if for_current(crawl) => current.errors.update(|e| e.push((path, message))),
            FromWorker::Finished { crawl, result } if for_current(crawl) => {
                current
                    .state
                    .set(match serde_json::from_str::<Outcome>(&result) {
                        Ok(outcome) => RunState::Finished(Rc::new(outcome)),
                        Err(e) => RunState::Failed(format!("the crawl result did not decode: {e}")),
                    })
            }
            // A run the page stopped because its listing failed stays failed.
            FromWorker::Cancelled { crawl } if for_current(crawl) => current.state.update(|s| {
                if !matches!(s, RunState::Failed(_)) {
                    *s = RunState::Cancelled;
                }
            }),
            FromWorker::Failed { crawl, message } if for_current(crawl) => {
                current.state.set(RunState::Failed(message))
            }
            FromWorker::Crashed { reading } => {
                // A panicked instance cannot be used again.
                worker.set_value(None);
                match (reading, retry.get_value()) {
                    (Some((crawl, path)), Some(retry)) if for_current(crawl) => {
                        // Stops the listing that fed the dead worker, if any.
                        current.state.set(RunState::Cancelled);
                        retry(path)
                    }
                    _ => current
                        .state
                        .set(RunState::Failed("the crawl worker crashed".to_owned())),
                }
            }
            _ => {}
        }
    };
    let on_failure = move |message: String| {
        if let Some(current) = run.get_untracked() {
            current.state.set(RunState::Failed(message));
        }
        // A dead worker cannot be reused; the next crawl starts a fresh one.
        worker.set_value(None);
    };

    // Shows a new run and starts the worker (or reuses it); `None` after showing why it cannot start.
    let begin = move |total: Progress| -> Option<(Rc<CrawlWorker>, Run)> {
        let handle = match worker.get_value() {
            Some(handle) => handle,
            None => match CrawlWorker::start(on_event, on_failure) {
                Ok(started) => {
                    let started = Rc::new(started);
                    worker.set_value(Some(started.clone()));
                    started
                }
                Err(e) => {
                    form_error.set(e);
                    return None;
                }
            },
        };
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let this = Run {
            id,
            state: RwSignal::new_local(RunState::Running),
            progress: RwSignal::new(total),
            errors: RwSignal::new(Vec::new()),
            listing: RwSignal::new(String::new()),
            window: StoredValue::new_local(Rc::default()),
        };
        run.set(Some(this));
        Some((handle, this))
    };
    // Sends a whole run: start, entries in batches (with their files) as the worker takes them, end.
    let send_run = move |settings: CrawlSettings,
                         root: String,
                         entries: Rc<Vec<(Entry, Option<web_sys::File>)>>| {
        let total = Progress {
            files_total: entries.len() as u64,
            bytes_total: entries.iter().filter_map(|(e, _)| e.size).sum(),
            ..Progress::default()
        };
        let Some((handle, this)) = begin(total) else {
            return;
        };
        let crawl = this.id;
        let started = handle.send(
            &ToWorker::Start {
                crawl,
                settings,
                root,
            },
            &[],
        );
        if let Err(e) = started {
            return this.state.set(RunState::Failed(e));
        }
        spawn_local(async move {
            for batch in entries.chunks(BATCH) {
                if !this.room().await {
                    return;
                }
                let mut files = Vec::new();
                let batch = batch
                    .iter()
                    .map(|(entry, file)| match file {
                        Some(file) => {
                            files.push(file.clone());
                            Entry {
                                source: EntrySource::File {
                                    file: files.len() - 1,
                                },
                                ..entry.clone()
                            }
                        }
                        None => entry.clone(),
                    })
                    .collect();
                if let Err(e) = this.send_entries(&handle, batch, &files) {
                    return this.state.set(RunState::Failed(e));
                }
            }
            if let Err(e) = handle.send(&ToWorker::EndOfEntries { crawl }, &[]) {
                this.state.set(RunState::Failed(e));
            }
        });
    };
    // Starts a run over an S3 prefix, streaming its listing to the worker.
    let send_prefix = move |settings: CrawlSettings, prefix: Rc<Prefix>| {
        let Some((handle, this)) = begin(Progress::default()) else {
            return;
        };
        let crawl = this.id;
        let root = prefix.root_name();
        if let Err(e) = handle.send(
            &ToWorker::Start {
                crawl,
                settings,
                root,
            },
            &[],
        ) {
            return this.state.set(RunState::Failed(e));
        }
        spawn_local(async move {
            let listed = list_prefix(&prefix, &handle, this).await;
            let ended = listed.and_then(|()| handle.send(&ToWorker::EndOfEntries { crawl }, &[]));
            if let Err(e) = ended {
                this.state.set(RunState::Failed(e));
                // The worker would wait for entries that never come.
                let _ = handle.send(&ToWorker::Cancel { crawl }, &[]);
            }
        });
    };
    // Starts a run and keeps its input, for a retry after a crash.
    let start_input = move |settings: CrawlSettings, input: Input| {
        last.set_value(Some((settings.clone(), input.clone())));
        match input {
            Input::Entries(root, entries) => send_run(settings, root, entries),
            Input::Prefix(prefix) => send_prefix(settings, prefix),
        }
    };
    retry.set_value(Some(Rc::new(move |path: String| {
        let Some((mut settings, input)) = last.get_value() else {
            return;
        };
        if settings.unsampled.contains(&path) {
            if let Some(current) = run.get_untracked() {
                current.state.set(RunState::Failed(format!(
                    "reading {path} crashed the reader even without sampling its values"
                )));
            }
            return;
        }
        settings.unsampled.push(path);
        let unsampled = settings.unsampled.clone();
        start_input(settings, input);
        if let Some(current) = run.get_untracked() {
            current.errors.update(|errors| {
                errors.extend(unsampled.into_iter().map(|p| (p, CRASHED.to_owned())))
            });
        }
    })));
    let start = move |_| {
        form_error.set(String::new());
        let settings = match form.settings() {
            Ok(settings) => settings,
            Err(e) => return form_error.set(e),
        };
        let files = folders.get_untracked();
        if files.is_empty() {
            return form_error.set("Drop a folder or choose one first.".to_owned());
        }
        let (root, keys) = entries::crawl_root(&files);
        let entries = files
            .into_iter()
            .zip(keys)
            .map(|(f, path)| {
                let entry = Entry {
                    path,
                    size: Some(f.file.size() as u64),
                    source: EntrySource::File { file: 0 },
                };
                (entry, Some(f.file))
            })
            .collect();
        start_input(settings, Input::Entries(root, Rc::new(entries)));
    };
    let start_urls = move |_| {
        form_error.set(String::new());
        let mut settings = match form.settings() {
            Ok(settings) => settings,
            Err(e) => return form_error.set(e),
        };
        let pasted = match pasted_urls(&form.urls.get_untracked()) {
            Ok(pasted) => pasted,
            Err(e) => return form_error.set(e),
        };
        // The tables' locations come from the URLs themselves.
        settings.location = Some(pasted.location);
        let entries = pasted
            .keys
            .into_iter()
            .zip(pasted.urls)
            .map(|(path, url)| {
                let entry = Entry {
                    path,
                    size: None,
                    source: EntrySource::Url { url },
                };
                (entry, None)
            })
            .collect();
        start_input(settings, Input::Entries(pasted.name, Rc::new(entries)));
    };
    let session = use_aws_session();
    let start_prefix = move |_| {
        form_error.set(String::new());
        let mut settings = match form.settings() {
            Ok(settings) => settings,
            Err(e) => return form_error.set(e),
        };
        let bucket = form.bucket.get_untracked();
        let prefix = match Prefix::new(&session, &bucket, &form.prefix.get_untracked()) {
            Ok(prefix) => prefix,
            Err(e) => return form_error.set(e.to_string()),
        };
        settings.location = Some(prefix.location().to_owned());
        start_input(settings, Input::Prefix(Rc::new(prefix)));
    };
    let cancel = move |_| {
        let Some(current) = run.get_untracked() else {
            return;
        };
        if let Some(handle) = worker.get_value() {
            match handle.send(&ToWorker::Cancel { crawl: current.id }, &[]) {
                Ok(()) => current.state.set(RunState::Cancelling),
                Err(e) => current.state.set(RunState::Failed(e)),
            }
        }
    };

    let busy = move || {
        run.get()
            .is_some_and(|r| matches!(r.state.get(), RunState::Running | RunState::Cancelling))
    };

    let folder_summary = move || {
        folders.with(|files| match files.first() {
            None => "No folder yet: drop one above or choose one.".to_owned(),
            Some(first) => {
                let root = first.path.split('/').next().unwrap_or_default();
                let bytes: u64 = files.iter().map(|f| f.file.size() as u64).sum();
                format!("{root}: {} files, {}", files.len(), megabytes(bytes))
            }
        })
    };

    view! {
        <section class="card crawl-panel" data-testid="crawl-panel">
            <header class="card-header"><h2>"Crawl a folder or S3"</h2></header>
            <p data-testid="crawl-folder">{folder_summary}</p>
            <div class="settings">
                <label>"Database"
                    <input data-testid="crawl-database" prop:value=move || form.database.get()
                        on:input:target=move |ev| form.database.set(ev.target().value()) />
                </label>
                <label>"S3 location of the folder"
                    <input data-testid="crawl-location" placeholder="s3://bucket/prefix/"
                        prop:value=move || form.location.get()
                        on:input:target=move |ev| form.location.set(ev.target().value()) />
                </label>
                <label>"Files per leaf folder (1–249, empty: all)"
                    <input data-testid="crawl-sample-size" inputmode="numeric"
                        prop:value=move || form.sample_size.get()
                        on:input:target=move |ev| form.sample_size.set(ev.target().value()) />
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="crawl-combine" prop:checked=move || form.combine.get()
                        on:change:target=move |ev| form.combine.set(ev.target().checked()) />
                    "Create a single schema for each S3 path"
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="crawl-sample-values"
                        prop:checked=move || form.sample_values.get()
                        on:change:target=move |ev| form.sample_values.set(ev.target().checked()) />
                    "Sample values for sensitive data (up to 1,000 rows or 4 MB per file)"
                </label>
                <label>"Sensitive-data threshold (share of sampled values, 0–1)"
                    <input data-testid="crawl-pii-threshold" inputmode="decimal"
                        prop:value=move || form.pii_threshold.get()
                        on:input:target=move |ev| form.pii_threshold.set(ev.target().value()) />
                </label>
                <label class="wide">"Exclude patterns (Glue glob syntax, one per line)"
                    <textarea data-testid="crawl-excludes" rows="3" prop:value=move || form.excludes.get()
                        on:input:target=move |ev| form.excludes.set(ev.target().value())></textarea>
                </label>
            </div>
            <div class="settings">
                <label class="wide">"Presigned S3 GET URLs, one per line (read with range requests; the tables' locations come from the URLs)"
                    <textarea data-testid="crawl-urls" rows="3" spellcheck="false" autocomplete="off"
                        prop:value=move || form.urls.get()
                        on:input:target=move |ev| form.urls.set(ev.target().value())></textarea>
                </label>
            </div>
            <details class="crawl-s3">
                <summary>"An S3 prefix (listed and read with URLs signed in this tab)"</summary>
                <div class="settings">
                    <label>"Bucket"
                        <input data-testid="crawl-s3-bucket" spellcheck="false" prop:value=move || form.bucket.get()
                            on:input:target=move |ev| form.bucket.set(ev.target().value()) />
                    </label>
                    <label>"Prefix"
                        <input data-testid="crawl-s3-prefix" spellcheck="false" placeholder="sales/orders/"
                            prop:value=move || form.prefix.get()
                            on:input:target=move |ev| form.prefix.set(ev.target().value()) />
                    </label>
                </div>
                <AwsSessionForm />
            </details>
            <div class="actions">
                <button data-testid="crawl-start" on:click=start disabled=busy>"Crawl the folder"</button>
                <button data-testid="crawl-urls-start" on:click=start_urls disabled=busy>"Crawl the URLs"</button>
                <button data-testid="crawl-s3-start" on:click=start_prefix disabled=busy>"Crawl the S3 prefix"</button>
                {move || (!form_error.get().is_empty()).then(|| view! {
                    <p class="error" role="alert" data-testid="crawl-form-error">{form_error.get()}</p>
                })}
            </div>
            {move || run.get().map(|current| view! { <RunView run=current cancel /> })}
        </section>
    }
}

/// Lists `prefix` page by page, streaming each page's entries to the worker as it comes, until the end or
/// until the run stops being `Running` (cancelled, failed).
async fn list_prefix(prefix: &Prefix, handle: &CrawlWorker, run: Run) -> Result<(), String> {
    let mut token: Option<String> = None;
    let mut listed = 0usize;
    run.listing.set(format!("Listing {}…", prefix.location()));
    loop {
        // Lists the next page only when the worker has room for it (this also stops a cancelled run).
        if !run.room().await {
            return Ok(());
        }
        let (entries, next) = prefix
            .page(token.as_deref())
            .await
            .map_err(|e| e.to_string())?;
        listed += entries.len();
        run.send_entries(handle, entries, &[])?;
        match next {
            Some(next) => {
                run.listing.set(format!(
                    "Listing {}: {listed} objects so far…",
                    prefix.location()
                ));
                token = Some(next);
            }
            None => {
                run.listing
                    .set(format!("Listed {}: {listed} objects.", prefix.location()));
                return Ok(());
            }
        }
    }
}

#[component]
fn RunView(
    run: Run,
    cancel: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let progress = run.progress;
    let running = move || matches!(run.state.get(), RunState::Running | RunState::Cancelling);
    let status = move || match run.state.get() {
        RunState::Running => "Crawling…".to_owned(),
        RunState::Cancelling => "Cancelling…".to_owned(),
        RunState::Cancelled => "Cancelled: nothing was saved.".to_owned(),
        RunState::Failed(message) => format!("The crawl failed: {message}"),
        RunState::Finished(outcome) => format!("Done: {} table(s).", outcome.tables.len()),
    };
    view! {
        <div class="crawl-run" data-testid="crawl-run">
            <progress data-testid="crawl-progress"
                max=move || progress.with(|p| p.bytes_total.max(1))
                value=move || progress.with(|p| p.bytes_done)></progress>
            <p class="status" data-testid="crawl-counts">
                {move || progress.with(|p| format!(
                    "{} of {} files, {} of {}, {:.1} s",
                    p.files_done, p.files_total, megabytes(p.bytes_done), megabytes(p.bytes_total),
                    p.elapsed_ms as f64 / 1000.0
                ))}
            </p>
            {move || (!run.listing.with(String::is_empty)).then(|| view! {
                <p class="status" data-testid="crawl-listing">{move || run.listing.get()}</p>
            })}
            <p class="status" data-testid="crawl-current">{move || progress.with(|p| p.current.clone())}</p>
            <p class="status" data-testid="crawl-status">{status}</p>
            {move || running().then(|| view! {
                <button data-testid="crawl-cancel" on:click=cancel
                    disabled=move || run.state.get() == RunState::Cancelling>"Cancel"</button>
            })}
            {move || (!run.errors.with(Vec::is_empty)).then(|| view! {
                <details open>
                    <summary>{move || format!("{} file(s) could not be read", run.errors.with(Vec::len))}</summary>
                    <ul class="file-errors">
                        <For each=move || run.errors.get() key=|(path, _)| path.clone() let:failed>
                            <li data-testid="crawl-file-error"><code>{failed.0}</code>": "{failed.1}</li>
                        </For>
                    </ul>
                </details>
            })}
            {move || match run.state.get() {
                RunState::Finished(outcome) => Some(view! { <OutcomeView outcome /> }),
                _ => None,
            }}
        </div>
    }
}

#[component]
fn OutcomeView(outcome: Rc<Outcome>) -> impl IntoView {
    let catalog = use_catalog();
    let update = RwSignal::new(UpdateBehavior::UpdateInDatabase);
    let delete = RwSignal::new(DeleteBehavior::DeprecateInDatabase);
    let plan = RwSignal::new_local(None::<Rc<Recrawl>>);
    let status = RwSignal::new(String::new());
    let tables = outcome.tables.clone();
    let decisions = outcome.decisions.clone();

    let review = {
        let outcome = outcome.clone();
        move |_| {
            let outcome = outcome.clone();
            status.set(String::new());
            spawn_local(async move {
                let store = match catalog.store() {
                    Ok(store) => store,
                    Err(e) => return status.set(e.to_string()),
                };
                let snapshot = catalog.snapshot.get_untracked();
                let mut stored = BTreeMap::new();
                for crawled in &outcome.tables {
                    let name = &crawled.table.name;
                    if snapshot.table(&outcome.database, name).is_some() {
                        match store::partitions(store.as_ref(), &outcome.database, name).await {
                            Ok((found, _)) => {
                                stored.insert(name.clone(), found);
                            }
                            Err(e) => return status.set(e.to_string()),
                        }
                    }
                }
                let policy = SchemaChangePolicy {
                    update: update.get_untracked(),
                    delete: delete.get_untracked(),
                };
                let result = (*outcome).clone().into_result();
                let now = js_sys::Date::now() as i64;
                plan.set(Some(Rc::new(recrawl::recrawl(
                    &result, &snapshot, &stored, policy, now,
                ))));
            });
        }
    };
    let save = move |_| {
        let Some(planned) = plan.get_untracked() else {
            return;
        };
        spawn_local(async move {
            status.set(match catalog.commit(planned.change.clone()).await {
                Ok(()) => "Saved to the catalog.".to_owned(),
                Err(e) => format!("Nothing was saved: {e}"),
            });
            plan.set(None);
        });
    };

    view! {
        <div class="crawl-outcome" data-testid="crawl-outcome">
            <table class="columns">
                <thead><tr><th>"Table"</th><th>"Columns"</th><th>"Partition keys"</th><th>"Partitions"</th><th>"Location"</th><th>"Sensitive data"</th></tr></thead>
                <tbody>
                    {tables.into_iter().map(|t| view! {
                        <tr data-testid="crawl-table">
                            <td data-testid="crawl-table-name">{t.table.name.clone()}</td>
                            <td data-testid="crawl-table-columns">{t.table.storage.columns.iter().map(|c| format!("{} {}", c.name, c.data_type)).collect::<Vec<_>>().join(", ")}</td>
                            <td data-testid="crawl-table-keys">{t.table.partition_keys.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")}</td>
                            <td data-testid="crawl-table-partitions">{t.partitions.len()}</td>
                            <td data-testid="crawl-table-location">{t.table.storage.location.clone().unwrap_or_default()}</td>
                            <td data-testid="crawl-table-pii">
                                {t.table.storage.columns.iter().filter(|c| entity_of(c).is_some()).map(|c| view! {
                                    <div data-testid="crawl-pii-column"><code>{c.name.clone()}</code>" "<PiiBadge column=c.clone() /></div>
                                }).collect_view()}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <details>
                <summary>"Why these tables"</summary>
                <ul>{decisions.into_iter().map(|d| view! { <li data-testid="crawl-decision">{d}</li> }).collect_view()}</ul>
            </details>
            <div class="settings">
                <label>"When a table changed"
                    <select data-testid="crawl-update-behavior"
                        on:change:target=move |ev| update.set(if ev.target().value() == "LOG" { UpdateBehavior::Log } else { UpdateBehavior::UpdateInDatabase })>
                        <option value="UPDATE_IN_DATABASE" selected>"Update the table (new version)"</option>
                        <option value="LOG">"Only report it"</option>
                    </select>
                </label>
                <label>"When a table or partition vanished"
                    <select data-testid="crawl-delete-behavior"
                        on:change:target=move |ev| delete.set(match ev.target().value().as_str() {
                            "LOG" => DeleteBehavior::Log,
                            "DELETE_FROM_DATABASE" => DeleteBehavior::DeleteFromDatabase,
                            _ => DeleteBehavior::DeprecateInDatabase,
                        })>
                        <option value="DEPRECATE_IN_DATABASE" selected>"Mark it deprecated"</option>
                        <option value="LOG">"Only report it"</option>
                        <option value="DELETE_FROM_DATABASE">"Delete it"</option>
                    </select>
                </label>
            </div>
            <div class="actions">
                <button data-testid="crawl-review" on:click=review>"Review the save"</button>
                <span class="status" data-testid="crawl-save-status">{move || status.get()}</span>
            </div>
            {move || plan.get().map(|planned| view! {
                <div class="crawl-plan" data-testid="crawl-plan">
                    <ul>
                        {planned.findings.iter().map(|f| view! {
                            <li data-testid="crawl-finding">
                                {f.message.clone()}
                                {(f.action == Action::Logged).then_some(" (reported only)")}
                            </li>
                        }).collect_view()}
                    </ul>
                    <button data-testid="crawl-save" on:click=save
                        disabled=planned.change.ops.is_empty()>"Save to catalog"</button>
                </div>
            })}
        </div>
    }
}
