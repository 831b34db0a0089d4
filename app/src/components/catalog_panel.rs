//! The catalog at a glance: search, databases → tables, problems found while loading, and the whole-catalog
//! backup (export and import).

use glueprint_core::search::{self, Query};
use glueprint_core::store::backup::{self, ImportMode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use super::database_actions::DatabaseActions;
use super::export_panel::CatalogExport;
use crate::catalog::{Selection, use_catalog};
use crate::io;

#[component]
pub fn CatalogPanel() -> impl IntoView {
    let catalog = use_catalog();
    let text = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let sensitive = RwSignal::new(false);
    let hits = Memo::new(move |_| {
        let query = Query {
            text: text.get(),
            tag: Some(tag.get()).filter(|t| !t.trim().is_empty()),
            sensitive: sensitive.get(),
            ..Query::default()
        };
        if query.text.trim().is_empty() && query.tag.is_none() && !query.sensitive {
            return None;
        }
        Some(catalog.snapshot.with(|s| search::search(s, &query)))
    });
    let select = move |database: String, table: String, column: Option<String>| {
        catalog.selected.set(Some(Selection {
            database,
            table,
            column,
        }));
    };

    view! {
        <aside class="catalog-panel" data-testid="catalog-panel">
            <h2>"Catalog"</h2>
            {move || catalog.failure.get().map(|message| view! { <p class="error" role="alert" data-testid="catalog-failure">{message}</p> })}
            <input
                type="search"
                placeholder="Search names, comments, parameters, tags"
                data-testid="search-input"
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())
            />
            <input
                type="text"
                placeholder="Tag filter (e.g. pii)"
                data-testid="tag-filter"
                prop:value=move || tag.get()
                on:input:target=move |ev| tag.set(ev.target().value())
            />
            <label class="check">
                <input type="checkbox" data-testid="sensitive-filter" prop:checked=move || sensitive.get()
                    on:change:target=move |ev| sensitive.set(ev.target().checked()) />
                "Only tables with sensitive columns"
            </label>
            {move || hits.get().map(|hits| {
                if hits.is_empty() {
                    return view! { <p class="status" data-testid="search-empty">"No table matches."</p> }.into_any();
                }
                view! {
                    <ul class="hits">
                        {hits.into_iter().map(|hit| {
                            let first_column = hit.matches.iter().find_map(|m| m.column.clone());
                            let label = format!("{}.{}", hit.database, hit.table);
                            let detail = hit.matches.iter().take(3).map(|m| match &m.column {
                                Some(column) => format!("{} {}", m.field.label(), column),
                                None => format!("{}: {}", m.field.label(), m.text),
                            }).collect::<Vec<_>>().join("; ");
                            let (database, table) = (hit.database.clone(), hit.table.clone());
                            view! {
                                <li>
                                    <button class="link" data-testid="search-hit"
                                        on:click=move |_| select(database.clone(), table.clone(), first_column.clone())>
                                        {label}
                                    </button>
                                    <span class="status">{detail}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <nav class="tree">
                {move || catalog.snapshot.with(|snapshot| {
                    if snapshot.databases.is_empty() {
                        return view! { <p class="status">"Empty. Save a table from a dropped file, or import a backup."</p> }.into_any();
                    }
                    snapshot.databases.keys().map(|database| {
                        let tables: Vec<String> = snapshot.tables_of(database).map(|(t, _)| t.to_owned()).collect();
                        let database = database.clone();
                        view! {
                            <details open>
                                <summary data-testid="catalog-database">{database.clone()}</summary>
                                <DatabaseActions name=database.clone() />
                                <ul>
                                    {tables.into_iter().map(|table| {
                                        let database = database.clone();
                                        let label = table.clone();
                                        view! {
                                            <li>
                                                <button class="link" data-testid="catalog-table"
                                                    on:click=move |_| select(database.clone(), table.clone(), None)>
                                                    {label}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </details>
                        }
                    }).collect_view().into_any()
                })}
            </nav>
            {move || catalog.snapshot.with(|s| (!s.problems.is_empty()).then(|| view! {
                <div class="error" data-testid="store-problems">
                    <p>"Some stored records could not be read; they are left untouched:"</p>
                    <ul>{s.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                </div>
            }))}
            <CatalogExport />
            <BackupControls />
        </aside>
    }
}

#[component]
fn BackupControls() -> impl IntoView {
    let catalog = use_catalog();
    let status = RwSignal::new(String::new());
    let replace = RwSignal::new(false);

    let export = move |_| {
        spawn_local(async move {
            let result: glueprint_core::Result<()> = async {
                let store = catalog.store()?;
                let text = backup::to_json(&backup::export(store.as_ref()).await?)?;
                io::download("glueprint-catalog.json", &text, "application/json")
            }
            .await;
            status.set(match result {
                Ok(()) => "Downloaded glueprint-catalog.json.".to_owned(),
                Err(e) => e.to_string(),
            });
        });
    };
    let import = move |file: File| {
        status.set(format!("Importing {}…", file.name()));
        spawn_local(async move {
            let result: glueprint_core::Result<usize> = async {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .ok_or_else(|| glueprint_core::Error::io("cannot read the backup file"))?;
                let parsed = backup::parse(&text)?;
                let mode = if replace.get_untracked() {
                    ImportMode::Replace
                } else {
                    ImportMode::Merge
                };
                let change = catalog
                    .snapshot
                    .with_untracked(|s| backup::import_change(&parsed, mode, s))?;
                catalog.commit(change).await?;
                Ok(parsed.tables.len())
            }
            .await;
            status.set(match result {
                Ok(tables) => format!("Imported {tables} table(s)."),
                Err(e) => format!("Nothing was imported: {e}"),
            });
        });
    };

    view! {
        <div class="backup">
            <h3>"Backup"</h3>
            <button data-testid="export-backup" on:click=export>"Export catalog"</button>
            <label class="button">
                "Import…"
                <input type="file" accept=".json,application/json" data-testid="import-input"
                    on:change:target=move |ev| {
                        let input = ev.target();
                        if let Some(file) = input.files().and_then(|f| f.item(0)) {
                            import(file);
                        }
                        input.set_value("");
                    } />
            </label>
            <label>
                <input type="checkbox" data-testid="import-replace"
                    prop:checked=move || replace.get()
                    on:change:target=move |ev| replace.set(ev.target().checked()) />
                " replace the whole catalog"
            </label>
            <p class="status" data-testid="backup-status">{move || status.get()}</p>
        </div>
    }
}
