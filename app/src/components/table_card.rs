//! One dropped file: its inferred table (read in a worker) with its sensitive columns, where it goes
//! (database, S3 location), and its CreateTable payload to copy or download.

use glueprint_core::catalog::{Column, Database};
use glueprint_core::export::glue;
use glueprint_core::infer::InferredTable;
use glueprint_core::stats::table::TableStatistics;
use glueprint_core::store::{Base, Cause, Change, Op, SavedStatistics};
use glueprint_core::{location, names};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::pii_badge::PiiBadge;
use crate::catalog::{Selection, use_catalog};
use crate::crawl::dropped::Answer;
use crate::io;

/// Where the table goes, as the user typed it, checked on every keystroke.
#[derive(Clone, Copy)]
struct Placement {
    database: RwSignal<String>,
    location: RwSignal<String>,
    database_name: Memo<Result<String, String>>,
    location_uri: Memo<Result<Option<String>, String>>,
}

impl Placement {
    fn new() -> Self {
        let database = RwSignal::new("default".to_owned());
        let location = RwSignal::new(String::new());
        let database_name = Memo::new(move |_| {
            database.with(|raw| names::database_name(raw).map_err(|e| e.message().to_owned()))
        });
        let location_uri = Memo::new(move |_| {
            location.with(|raw| match raw.trim() {
                "" => Ok(None),
                raw => location::s3_location(raw)
                    .map(Some)
                    .map_err(|e| e.message().to_owned()),
            })
        });
        Self {
            database,
            location,
            database_name,
            location_uri,
        }
    }
}

/// How many of the dropped files are read, while some are not: a drop of many files shows how far the
/// worker is.
#[component]
pub fn DroppedProgress(
    /// Files read and files dropped.
    read: Signal<(usize, usize)>,
) -> impl IntoView {
    move || {
        let (read, total) = read.get();
        (read < total).then(|| {
            view! {
                <p class="status" role="status" data-testid="dropped-progress">
                    {format!("Read {read} of {total} files…")}
                </p>
            }
        })
    }
}

/// One dropped file's card: "Reading…" until the worker answers ([`crate::crawl::dropped`]).
#[component]
pub fn TableCard(file_name: String, answer: ReadSignal<Option<Answer>>) -> impl IntoView {
    let table_name = names::table_name_from_file(&file_name);
    let body = {
        let table_name = table_name.clone();
        move || {
            let Some(answer) = answer.get() else {
                return view! { <p class="status">"Reading…"</p> }.into_any();
            };
            let crash = answer
                .crash
                .map(|crash| view! { <p class="error" role="alert" data-testid="file-error">{crash}</p> });
            let result = match answer.result {
                Err(message) => view! {
                    <p class="error" role="alert" data-testid="file-error">{message}</p>
                }
                .into_any(),
                Ok(table) => view! {
                    <TableDetails table table_name=table_name.clone() statistics=answer.statistics />
                }
                .into_any(),
            };
            view! { {crash} {result} }.into_any()
        }
    };

    view! {
        <article class="card" data-testid="table-card">
            <header class="card-header">
                <h2 data-testid="table-name">{table_name}</h2>
                <span class="file-name" title="file">{file_name}</span>
            </header>
            {body}
        </article>
    }
}

#[component]
fn TableDetails(
    table: InferredTable,
    table_name: String,
    /// Saved with the table, so its page shows them as for a crawled table.
    statistics: Option<TableStatistics>,
) -> impl IntoView {
    let placement = Placement::new();
    let download_name = format!("{table_name}.create-table.json");
    let payload = {
        let table = table.clone();
        let table_name = table_name.clone();
        Memo::new(move |_| {
            let database = placement.database_name.get().ok()?;
            let location = placement.location_uri.get().ok()?;
            let table = table
                .clone()
                .into_table(table_name.clone(), database, location);
            Some(glue::to_json(&glue::create_table(&table)))
        })
    };
    let status = RwSignal::new(String::new());
    let catalog = use_catalog();
    let save = {
        let table = table.clone();
        let table_name = table_name.clone();
        move |_| {
            let (Ok(database), Ok(location)) = (
                placement.database_name.get_untracked(),
                placement.location_uri.get_untracked(),
            ) else {
                return;
            };
            let notes = table.notes.clone();
            let statistics = statistics.clone();
            let table = table
                .clone()
                .into_table(table_name.clone(), database.clone(), location);
            spawn_local(async move {
                let exists = catalog
                    .snapshot
                    .with_untracked(|s| s.databases.contains_key(&database));
                let mut ops = Vec::new();
                if !exists {
                    ops.push(Op::PutDatabase {
                        database: Database::named(database.clone()),
                        revision: None,
                    });
                }
                let name = table.name.clone();
                ops.push(Op::SaveTable {
                    table: Box::new(table),
                    base: Base::Latest,
                    cause: Cause::Crawl,
                    notes,
                });
                if let Some(statistics) = statistics {
                    ops.push(Op::PutStatistics {
                        database: database.clone(),
                        table: name.clone(),
                        statistics: SavedStatistics {
                            analyzed_ms: js_sys::Date::now() as i64,
                            table: statistics,
                        },
                    });
                }
                status.set(match catalog.commit(Change { ops }).await {
                    Ok(()) => {
                        catalog.selected.set(Some(Selection {
                            database: database.clone(),
                            table: name.clone(),
                            column: None,
                        }));
                        format!("Saved as {database}.{name} in the catalog.")
                    }
                    Err(e) => format!("Not saved: {e}"),
                });
            });
        }
    };

    let copy = move |_| {
        let Some(json) = payload.get_untracked() else {
            return;
        };
        spawn_local(async move {
            status.set(match io::copy_to_clipboard(&json).await {
                Ok(()) => "Copied CreateTable JSON to the clipboard.".to_owned(),
                Err(e) => e.to_string(),
            });
        });
    };
    let download = move |_| {
        let Some(json) = payload.get_untracked() else {
            return;
        };
        status.set(
            match io::download(&download_name, &json, "application/json") {
                Ok(()) => format!("Downloaded {download_name}."),
                Err(e) => e.to_string(),
            },
        );
    };
    let parameter = |key: &str| {
        table
            .parameters
            .get(key)
            .cloned()
            .unwrap_or_else(|| "unknown".to_owned())
    };

    view! {
        <dl class="facts">
            <dt>"Format"</dt>
            <dd>{parameter("classification")}</dd>
            <dt>"Records"</dt>
            <dd data-testid="record-count">{parameter("recordCount")}</dd>
            <dt>"Size (bytes)"</dt>
            <dd>{parameter("sizeKey")}</dd>
            <dt>"Columns"</dt>
            <dd>{table.columns.len()}</dd>
        </dl>
        <ul class="notes">{table.notes.iter().map(|note| view! { <li data-testid="note">{note.clone()}</li> }).collect_view()}</ul>
        <div class="placement">
            <label>
                "Database"
                <input
                    type="text"
                    data-testid="database-input"
                    prop:value=move || placement.database.get()
                    on:input:target=move |ev| placement.database.set(ev.target().value())
                />
            </label>
            <FieldError error=Signal::derive(move || placement.database_name.get().err()) testid="database-error" />
            <label>
                "S3 location"
                <input
                    type="text"
                    placeholder="s3://your-bucket/path/to/table/"
                    data-testid="location-input"
                    prop:value=move || placement.location.get()
                    on:input:target=move |ev| placement.location.set(ev.target().value())
                />
            </label>
            <FieldError error=Signal::derive(move || placement.location_uri.get().err()) testid="location-error" />
        </div>
        <ColumnTable columns=table.columns.clone() />
        <div class="actions">
            <button data-testid="save-table" disabled=move || payload.with(Option::is_none) on:click=save>
                "Save to catalog"
            </button>
            <button data-testid="copy-json" disabled=move || payload.with(Option::is_none) on:click=copy>
                "Copy CreateTable JSON"
            </button>
            <button data-testid="download-json" disabled=move || payload.with(Option::is_none) on:click=download>
                "Download CreateTable JSON"
            </button>
            <span class="status" data-testid="action-status">{move || status.get()}</span>
        </div>
    }
}

/// The problem `check` finds in what is typed into `raw`; none while the field is blank, which is not yet
/// a mistake.
pub(super) fn typed_problem<T: 'static>(
    raw: RwSignal<String>,
    check: fn(&str) -> glueprint_core::Result<T>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        raw.with(|raw| match raw.trim() {
            "" => None,
            typed => check(typed).err().map(|e| e.message().to_owned()),
        })
    })
}

/// A field's problem under it, while it has one.
#[component]
pub(super) fn FieldError(error: Signal<Option<String>>, testid: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .map(|message| view! { <p class="error" data-testid=testid>{message}</p> })
    }
}

#[component]
fn ColumnTable(columns: Vec<Column>) -> impl IntoView {
    view! {
        <table class="columns">
            <thead>
                <tr>
                    <th>"Column"</th>
                    <th>"Hive type"</th>
                    <th>"Sensitive data"</th>
                </tr>
            </thead>
            <tbody>
                {columns
                    .into_iter()
                    .map(|column| {
                        view! {
                            <tr data-testid="column-row">
                                <td data-testid="column-name">{column.name.clone()}</td>
                                <td data-testid="column-type"><code>{column.data_type.to_string()}</code></td>
                                <td><PiiBadge column /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
