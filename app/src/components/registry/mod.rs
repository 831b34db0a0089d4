//! The Schema Registry workbench: registries → schemas → versions, kept in the tab's catalog store
//! beside the Data Catalog. Governance reviewers decide here whether a new version may ship: Glue answers
//! only FAILURE, this page shows every reason (see [`schema_view`]). Every name is checked as typed
//! against the Glue API's pattern, and every write goes through core's store, which refuses a write
//! based on data another tab has changed since.

mod checkers_gate;
mod description;
mod import_table;
mod requests_export;
mod schema_form;
mod schema_text;
mod schema_view;
mod verdict;
mod version_diff;

use glueprint_core::registry::{self, Registry};
use glueprint_core::store::{Change, Op};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::{Confirm, counted};
use super::table_card::{FieldError, typed_problem};
use crate::catalog::use_catalog;
use checkers_gate::CheckersGate;
use description::DescriptionEditor;
use schema_form::SchemaForm;
use schema_view::SchemaView;

/// A registry name as Glue accepts it (the form's check as typed).
fn registry_name(name: &str) -> glueprint_core::Result<()> {
    registry::check_name("registry", name)
}

#[component]
pub fn RegistryWorkbench() -> impl IntoView {
    let catalog = use_catalog();
    let name = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    // The schema open below the lists, as (registry, schema).
    let selected = RwSignal::new(None::<(String, String)>);
    let create = move |_| {
        let typed = name.get_untracked().trim().to_owned();
        if registry_name(&typed).is_err() {
            return;
        }
        spawn_local(async move {
            let change = Change::one(Op::PutRegistry {
                registry: Registry {
                    name: typed.clone(),
                    description: None,
                },
                revision: None,
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    status.set(format!("Created registry {typed}."));
                    name.set(String::new());
                }
                Err(e) => status.set(format!("Not saved: {}", e.message())),
            }
        });
    };

    view! {
        <section class="card registry-workbench" data-testid="registry-workbench">
            <h2>"Schema Registry"</h2>
            <p class="status">
                "Check a new schema version as the Glue Schema Registry would, with every reason it fails."
            </p>
            <div class="actions">
                <input type="text" placeholder="registry name" data-testid="registry-name-input"
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value()) />
                <button data-testid="registry-create"
                    disabled=move || name.with(|n| registry_name(n.trim()).is_err())
                    on:click=create>"Create registry"</button>
                <span class="status" data-testid="registry-status">{move || status.get()}</span>
            </div>
            <FieldError error=typed_problem(name, registry_name) testid="registry-name-error" />
            {move || catalog.snapshot.with(|s| {
                if s.registries.is_empty() {
                    return view! { <p class="status">"No registry yet."</p> }.into_any();
                }
                s.registries.iter().map(|(registry, stored)| {
                    let schemas: Vec<String> = s
                        .schemas
                        .keys()
                        .filter(|(r, _)| r == registry)
                        .map(|(_, schema)| schema.clone())
                        .collect();
                    view! { <RegistryEntry name=registry.clone() description=stored.registry.description.clone() revision=stored.revision schemas selected /> }
                }).collect_view().into_any()
            })}
            {move || catalog.snapshot.with(|s| (!s.registries.is_empty()).then(|| view! {
                <CheckersGate><SchemaForm selected /></CheckersGate>
            }))}
            {move || selected.get().map(|(registry, schema)| view! {
                <CheckersGate><SchemaView registry=registry.clone() schema=schema.clone() selected /></CheckersGate>
            })}
        </section>
    }
}

/// One registry: its schemas (each opens the schema view) and its delete, confirmed in the page with
/// the number of schemas that go with it.
#[component]
fn RegistryEntry(
    name: String,
    description: Option<String>,
    /// The stored revision this entry shows: a description edit is based on it.
    revision: u32,
    schemas: Vec<String>,
    selected: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let catalog = use_catalog();
    let question = RwSignal::new(None::<String>);
    let error = RwSignal::new(String::new());
    let count = schemas.len();
    let registry = StoredValue::new(name.clone());
    let delete = Callback::new(move |()| {
        let name = registry.get_value();
        spawn_local(async move {
            match catalog
                .commit(Change::one(Op::DeleteRegistry { name: name.clone() }))
                .await
            {
                Ok(()) => {
                    error.set(String::new());
                    if selected.with_untracked(|s| s.as_ref().is_some_and(|(r, _)| *r == name)) {
                        selected.set(None);
                    }
                }
                Err(e) => error.set(e.message().to_owned()),
            }
        });
    });

    let describe = Callback::new(move |text: String| {
        let registry = Registry {
            name: registry.get_value(),
            description: (!text.trim().is_empty()).then_some(text),
        };
        spawn_local(async move {
            let change = Change::one(Op::PutRegistry {
                registry,
                revision: Some(revision),
            });
            match catalog.commit(change).await {
                Ok(()) => error.set(String::new()),
                Err(e) => error.set(format!("Not saved: {}", e.message())),
            }
        });
    });

    view! {
        <details open data-testid="registry">
            <summary data-testid="registry-title">{name.clone()}</summary>
            <DescriptionEditor current=Signal::stored(description) on_save=describe testid="registry-description" />
            <ul>
                {schemas.into_iter().map(|schema| {
                    let open = (name.clone(), schema.clone());
                    view! {
                        <li>
                            <button class="link" data-testid="schema-link"
                                on:click=move |_| selected.set(Some(open.clone()))>{schema}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button class="link danger" data-testid="delete-registry" on:click=move |_| {
                question.set(Some(format!(
                    "Delete registry {} with its {} and all their versions? This cannot be undone.",
                    registry.get_value(),
                    counted(count, "schema"),
                )));
            }>"delete registry…"</button>
            <Confirm question confirm_label="Delete" on_confirm=delete />
            {move || (!error.get().is_empty()).then(|| view! { <p class="error" role="alert" data-testid="registry-error">{error.get()}</p> })}
        </details>
    }
}
