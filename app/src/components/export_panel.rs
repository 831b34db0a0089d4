//! The export panel: one table (any stored version), one database or the whole catalog, written for any
//! target core has, each file previewed as text with *Copy* and *Download*.
//!
//! The files come from [`Target::files`], the function behind `glueprint export --out-dir`, over a
//! [`Selection`] of stored data (the chosen version, or each table's current one, and the partitions the
//! store holds), so a download is byte-identical to the CLI's file of the same name. Multi-file exports
//! (Glue requests, the AWS CLI script and its JSON inputs) are offered file by file under the CLI's names,
//! not merged into one: the script reads its request files from its own folder, so they are downloaded
//! into one folder just as `--out-dir` writes them.

use glueprint_core::catalog::{Database, Partition, Table};
use glueprint_core::export::{ExportFile, Selection, TableExport, Target};
use glueprint_core::store::{self, Snapshot};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::publish_panel::PublishPanel;
use crate::catalog::{CatalogState, use_catalog};
use crate::io;

/// What an export covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One table, at a version chosen in the panel (its current one until then).
    Table {
        database: String,
        table: String,
    },
    Database(String),
    Catalog,
}

impl Scope {
    pub(super) fn label(&self) -> String {
        match self {
            Self::Table { database, table } => format!("table {database}.{table}"),
            Self::Database(database) => format!("database {database}"),
            Self::Catalog => "the whole catalog".to_owned(),
        }
    }

    /// The stored `(database, table)` keys in scope, in the snapshot's (name) order.
    fn keys(&self, snapshot: &Snapshot) -> Vec<(String, String)> {
        snapshot
            .tables
            .keys()
            .filter(|(database, table)| match self {
                Self::Table {
                    database: d,
                    table: t,
                } => d == database && t == table,
                Self::Database(d) => d == database,
                Self::Catalog => true,
            })
            .cloned()
            .collect()
    }

    /// The stored databases in scope; a table's database that has no record of its own is added by name
    /// by [`Selection::all_databases`], as the CLI does.
    fn databases(&self, snapshot: &Snapshot) -> Vec<Database> {
        snapshot
            .databases
            .iter()
            .filter(|(name, _)| match self {
                Self::Table { database, .. } | Self::Database(database) => *name == database,
                Self::Catalog => true,
            })
            .map(|(_, record)| record.database.clone())
            .collect()
    }
}

/// The stored partitions of each table in scope, read for the keys they belong to: files are built only
/// once the partitions match the tables shown, never from a list read for another selection.
#[derive(Clone, Debug, PartialEq)]
struct Partitions {
    keys: Vec<(String, String)>,
    lists: Vec<Vec<Partition>>,
    problems: Vec<String>,
}

async fn read_partitions(
    catalog: CatalogState,
    keys: Vec<(String, String)>,
) -> Result<Partitions, String> {
    let store = catalog.store().map_err(|e| e.to_string())?;
    let mut lists = Vec::with_capacity(keys.len());
    let mut problems = Vec::new();
    for (database, table) in &keys {
        let (good, bad) = store::partitions(store.as_ref(), database, table)
            .await
            .map_err(|e| e.to_string())?;
        lists.push(good);
        problems.extend(bad);
    }
    Ok(Partitions {
        keys,
        lists,
        problems,
    })
}

/// The stored data of a scope: its databases, and each table (at the chosen version, else its current
/// one) with its stored partitions. The export panel and the publish panel both build their [`Selection`]
/// from it, so what is published is what the Glue export shows.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scoped {
    databases: Vec<Database>,
    tables: Vec<(Table, Vec<Partition>)>,
}

impl Scoped {
    /// Calls `f` with the [`Selection`] of this data.
    pub(super) fn with_selection<R>(&self, f: impl FnOnce(&Selection<'_>) -> R) -> R {
        let entries: Vec<TableExport<'_>> = self
            .tables
            .iter()
            .map(|(table, partitions)| TableExport { table, partitions })
            .collect();
        f(&Selection {
            databases: &self.databases,
            tables: &entries,
        })
    }
}

/// Scoped data as it loads: `None` while the partitions are read, else the data or why there is none.
pub(super) type Loaded = Option<Result<Scoped, String>>;

/// The stored data of `scope` (at `version` for a table; `None` follows its current version), kept up to
/// date with the catalog: `None` while its partitions load, else the data or why there is none. The
/// second signal lists the stored partitions that could not be read and are left out.
pub(super) fn scoped_data(
    scope: Scope,
    version: Signal<Option<u32>>,
) -> (Memo<Loaded>, Signal<Vec<String>>) {
    let catalog = use_catalog();
    let keys = {
        let scope = scope.clone();
        Memo::new(move |_| catalog.snapshot.with(|s| scope.keys(s)))
    };
    let partitions = LocalResource::new(move || {
        // Reread after every reload too: partitions change without the table keys changing.
        catalog.snapshot.track();
        read_partitions(catalog, keys.get())
    });
    let data = Memo::new(move |_| {
        let loaded = match partitions.get()? {
            Ok(loaded) => loaded,
            Err(message) => return Some(Err(message)),
        };
        let keys = keys.get();
        if loaded.keys != keys {
            return None;
        }
        let chosen = version.get();
        catalog.snapshot.with(|s| {
            let tables: Vec<(Table, Vec<Partition>)> = keys
                .iter()
                .zip(loaded.lists)
                .filter_map(|(key, partitions)| {
                    let record = s.tables.get(key)?;
                    let stored = match chosen {
                        Some(number) => record.version(number),
                        None => record.current(),
                    }?;
                    Some((stored.table.clone(), partitions))
                })
                .collect();
            let databases = scope.databases(s);
            // An empty database still exports (CreateDatabase, CREATE SCHEMA); a table or version
            // that is gone must not export its database alone as if it were the table.
            let missing = match &scope {
                Scope::Table { .. } => tables.is_empty(),
                _ => tables.is_empty() && databases.is_empty(),
            };
            Some(if missing {
                Err("Nothing to export: it is not in the catalog (any more).".to_owned())
            } else {
                Ok(Scoped { databases, tables })
            })
        })
    });
    let problems = Signal::derive(move || {
        partitions
            .get()
            .and_then(Result::ok)
            .map(|p| p.problems)
            .unwrap_or_default()
    });
    (data, problems)
}

/// A media type for a download, from the file name's extension.
fn media_type(file_name: &str) -> &'static str {
    if file_name.ends_with(".json") {
        "application/json"
    } else if file_name.ends_with(".sh") {
        "text/x-shellscript"
    } else {
        "text/plain"
    }
}

#[component]
pub fn ExportPanel(scope: Scope) -> impl IntoView {
    let catalog = use_catalog();
    let target = RwSignal::new(Target::Glue);
    let unity_catalog = RwSignal::new("main".to_owned());
    // The chosen version of a table (table scope only); `None` follows the current version.
    let version = RwSignal::new(None::<u32>);
    let (data, problems) = scoped_data(scope.clone(), version.into());
    let versions = {
        let scope = scope.clone();
        Memo::new(move |_| match &scope {
            Scope::Table { database, table } => catalog.snapshot.with(|s| {
                s.table(database, table).map(|r| {
                    (
                        r.versions.iter().map(|v| v.number).collect(),
                        r.current_number(),
                    )
                })
            }),
            _ => None::<(Vec<u32>, u32)>,
        })
    };
    let files = Memo::new(move |_| {
        data.with(|data| {
            data.as_ref().map(|data| {
                let data = data.as_ref().map_err(Clone::clone)?;
                let target = target.get();
                unity_catalog.with(|catalog_name| {
                    data.with_selection(|selection| target.files(selection, catalog_name))
                        .map_err(|e| e.to_string())
                })
            })
        })
    });
    let status = RwSignal::new(String::new());

    view! {
        <section class="export-panel" data-testid="export-panel">
            <h3>{format!("Export {}", scope.label())}</h3>
            <div class="export-controls">
                {move || versions.get().map(|(numbers, current)| view! {
                    <label>
                        "Version "
                        <select data-testid="export-version"
                            prop:value=move || version.get().unwrap_or(current).to_string()
                            on:change:target=move |ev| version.set(ev.target().value().parse().ok())>
                            {numbers.iter().map(|n| {
                                let text = if *n == current { format!("version {n} (current)") } else { format!("version {n}") };
                                view! { <option value=n.to_string()>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <label>
                    "Export to "
                    <select data-testid="export-target"
                        prop:value=move || target.get().name()
                        on:change:target=move |ev| if let Ok(t) = ev.target().value().parse() { target.set(t) }>
                        {Target::ALL.map(|t| view! { <option value=t.name()>{t.description()}</option> }).collect_view()}
                    </select>
                </label>
                {move || (target.get() == Target::Unity).then(|| view! {
                    <label>
                        "Unity catalog "
                        <input type="text" data-testid="export-unity-catalog"
                            prop:value=move || unity_catalog.get()
                            on:input:target=move |ev| unity_catalog.set(ev.target().value()) />
                    </label>
                })}
            </div>
            {move || target.get().writes_several_files().then(|| view! {
                <p class="status">
                    "Several files, named as "<code>"glueprint export --out-dir"</code>
                    " names them: download them into one folder (the script reads the JSON files beside it)."
                </p>
            })}
            {move || {
                let problems = problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="warning" data-testid="export-problems">
                        <p>"Some stored partitions could not be read and are left out:"</p>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || match files.get() {
                None => view! { <p class="status">"Preparing…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error" role="alert" data-testid="export-error">{message}</p> }.into_any(),
                Some(Ok(files)) => files.into_iter().map(|file| view! { <ExportFileView file status /> }).collect_view().into_any(),
            }}
            <p class="status" data-testid="export-status">{move || status.get()}</p>
        </section>
    }
}

/// One file: its name, Copy, Download, and its text (rendered as text only: names in it are untrusted).
#[component]
pub(super) fn ExportFileView(file: ExportFile, status: RwSignal<String>) -> impl IntoView {
    let ExportFile { name, contents } = file;
    let copy = {
        let (name, contents) = (name.clone(), contents.clone());
        move |_| {
            let (name, contents) = (name.clone(), contents.clone());
            spawn_local(async move {
                status.set(match io::copy_to_clipboard(&contents).await {
                    Ok(()) => format!("Copied {name} to the clipboard."),
                    Err(e) => e.to_string(),
                });
            });
        }
    };
    let download = {
        let (name, contents) = (name.clone(), contents.clone());
        move |_| {
            status.set(match io::download(&name, &contents, media_type(&name)) {
                Ok(()) => format!("Downloaded {name}."),
                Err(e) => e.to_string(),
            });
        }
    };
    let data_file = name.clone();
    view! {
        <div class="export-file" data-testid="export-file" data-file=data_file>
            <div class="actions">
                <code data-testid="export-file-name">{name}</code>
                <button data-testid="export-copy" on:click=copy>"Copy"</button>
                <button data-testid="export-download" on:click=download>"Download"</button>
            </div>
            <pre class="export-preview" data-testid="export-preview">{contents}</pre>
        </div>
    }
}

/// The catalog panel's export: the whole catalog or one database, opened on demand so that a large
/// catalog is not written out on every change while nobody looks.
#[component]
pub fn CatalogExport() -> impl IntoView {
    let catalog = use_catalog();
    let open = RwSignal::new(false);
    // `None` is the whole catalog.
    let database = RwSignal::new(None::<String>);
    let databases = Memo::new(move |_| {
        catalog
            .snapshot
            .with(|s| s.databases.keys().cloned().collect::<Vec<_>>())
    });
    view! {
        <div class="catalog-export">
            <button data-testid="open-export" on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Close export" } else { "Export as…" }}
            </button>
            {move || open.get().then(|| view! {
                <label>
                    "Scope "
                    // Database names are never empty, so "" can stand for the whole catalog.
                    <select data-testid="export-scope"
                        prop:value=move || database.get().unwrap_or_default()
                        on:change:target=move |ev| database.set(Some(ev.target().value()).filter(|v| !v.is_empty()))>
                        <option value="">"whole catalog"</option>
                        {move || databases.get().into_iter().map(|d| view! {
                            <option value=d.clone()>{format!("database {d}")}</option>
                        }).collect_view()}
                    </select>
                </label>
                {move || {
                    let scope = database.get().map_or(Scope::Catalog, Scope::Database);
                    view! { <ExportPanel scope=scope.clone() /> <PublishPanel scope /> }
                }}
            })}
        </div>
    }
}
