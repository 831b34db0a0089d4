//! "Import from catalog table…" on an Avro schema: a stored table's Avro schema (`core::table_avro`: its
//! `avro.schema.literal`, or a record built from its columns as Hive's AvroSerDe would) becomes the new
//! version's text, to be checked like a pasted one.

use leptos::prelude::*;

use crate::catalog::use_catalog;
use crate::registry_engine;

/// `on_import` gets the imported schema text.
#[component]
pub fn ImportFromTable(on_import: Callback<String>) -> impl IntoView {
    let catalog = use_catalog();
    let open = RwSignal::new(false);
    let picked = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let tables = Memo::new(move |_| {
        catalog.snapshot.with(|s| {
            s.tables
                .keys()
                .map(|(db, t)| format!("{db}.{t}"))
                .collect::<Vec<_>>()
        })
    });
    // The table picked, or the first there is (the picked one may have been deleted meanwhile).
    let chosen = Memo::new(move |_| {
        let picked = picked.get();
        tables.with(|t| {
            if t.contains(&picked) {
                picked
            } else {
                t.first().cloned().unwrap_or_default()
            }
        })
    });
    let import = move |_| {
        let chosen = chosen.get_untracked();
        let schema = catalog.snapshot.with_untracked(|s| {
            s.tables
                .iter()
                .find(|((db, t), _)| format!("{db}.{t}") == chosen)
                .and_then(|(_, record)| record.current())
                .map(|version| registry_engine::avro_schema(&version.table))
        });
        match schema {
            Some(Ok(text)) => {
                problem.set(String::new());
                open.set(false);
                on_import.run(text);
            }
            Some(Err(e)) => problem.set(format!("Not imported: {}", e.message())),
            None => problem.set(format!("Table {chosen} no longer exists.")),
        }
    };
    view! {
        <div class="import-table">
            {move || if open.get() {
                view! {
                    <div class="actions">
                        {move || if tables.with(Vec::is_empty) {
                            view! { <span class="status" data-testid="import-no-tables">"The catalog has no table yet."</span> }.into_any()
                        } else {
                            view! {
                                <select data-testid="import-table-select"
                                    prop:value=move || chosen.get()
                                    on:change:target=move |ev| picked.set(ev.target().value())>
                                    {move || tables.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                                </select>
                                <button data-testid="import-table-go" on:click=import>"Import"</button>
                            }.into_any()
                        }}
                        <button class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button class="secondary" data-testid="import-table" on:click=move |_| {
                        problem.set(String::new());
                        open.set(true);
                    }>"Import from catalog table…"</button>
                }.into_any()
            }}
            {move || (!problem.get().is_empty()).then(|| view! { <p class="error" role="alert" data-testid="import-table-error">{problem.get()}</p> })}
        </div>
    }
}
