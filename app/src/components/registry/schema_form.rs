//! Creating a schema (`CreateSchema`): registry, name, data format, compatibility mode and the first
//! definition, which becomes version 1 once core has parsed it (a first version is compared with
//! nothing). The name is checked against Glue's pattern as typed; Create stays disabled until it passes.

use glueprint_core::registry::{self, Compatibility, DataFormat, Schema};
use glueprint_core::store::{Change, Op};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::table_card::{FieldError, typed_problem};
use super::schema_text::SchemaTextArea;
use crate::catalog::{now_ms, use_catalog};
use crate::registry_engine;

const FORMATS: [DataFormat; 3] = [DataFormat::Avro, DataFormat::Json, DataFormat::Protobuf];

fn schema_name(name: &str) -> glueprint_core::Result<()> {
    registry::check_name("schema", name)
}

#[component]
pub fn SchemaForm(selected: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let catalog = use_catalog();
    let picked = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let format = RwSignal::new(DataFormat::Avro);
    let mode = RwSignal::new(Compatibility::Backward);
    let definition = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    // The registry picked, or the first there is (the picked one may have been deleted meanwhile).
    let registry = Memo::new(move |_| {
        let picked = picked.get();
        catalog.snapshot.with(|s| {
            if s.registries.contains_key(&picked) {
                picked
            } else {
                s.registries.keys().next().cloned().unwrap_or_default()
            }
        })
    });
    let ready = move || {
        name.with(|n| schema_name(n.trim()).is_ok()) && definition.with(|d| !d.trim().is_empty())
    };
    let create = move |_| {
        let schema = Schema {
            registry: registry.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            data_format: format.get_untracked(),
            compatibility: mode.get_untracked(),
            description: None,
        };
        let record =
            match registry_engine::new_schema(schema, &definition.get_untracked(), now_ms()) {
                Ok(record) => record,
                Err(e) => {
                    status.set(format!("Not created: {}", e.message()));
                    return;
                }
            };
        spawn_local(async move {
            let id = (record.schema.registry.clone(), record.schema.name.clone());
            let change = Change::one(Op::PutSchema {
                record: Box::new(record),
                base: None,
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    status.set(format!("Created schema {}.{} with version 1.", id.0, id.1));
                    name.set(String::new());
                    definition.set(String::new());
                    selected.set(Some(id));
                }
                Err(e) => status.set(format!("Not created: {}", e.message())),
            }
        });
    };

    view! {
        <div class="curate-form" data-testid="schema-form">
            <h3>"New schema"</h3>
            <div class="placement">
                <label>
                    "Registry"
                    <select data-testid="schema-registry-select"
                        prop:value=move || registry.get()
                        on:change:target=move |ev| picked.set(ev.target().value())>
                        {move || catalog.snapshot.with(|s| s.registries.keys().map(|r| {
                            view! { <option value=r.clone()>{r.clone()}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <label>
                    "Name"
                    <input type="text" data-testid="schema-name-input"
                        prop:value=move || name.get()
                        on:input:target=move |ev| name.set(ev.target().value()) />
                </label>
                <label>
                    "Data format"
                    <select data-testid="schema-format-select"
                        prop:value=move || format.get().as_str()
                        on:change:target=move |ev| if let Ok(f) = ev.target().value().parse() { format.set(f) }>
                        {FORMATS.map(|f| view! { <option value=f.as_str()>{f.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Compatibility"
                    <ModeSelect value=mode on_change=Callback::new(move |m| mode.set(m)) testid="schema-mode-select" />
                </label>
            </div>
            <FieldError error=typed_problem(name, schema_name) testid="schema-name-error" />
            <label class="wide">
                "First version"
                <SchemaTextArea value=definition rows="8" testid="schema-definition-input" />
            </label>
            <div class="actions">
                <button data-testid="schema-create" disabled=move || !ready() on:click=create>"Create schema"</button>
                <span class="status" data-testid="schema-status">{move || status.get()}</span>
            </div>
        </div>
    }
}

/// The eight Glue modes, in the API's order: shows `value`, hands a pick to `on_change`.
#[component]
pub fn ModeSelect(
    #[prop(into)] value: Signal<Compatibility>,
    on_change: Callback<Compatibility>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <select data-testid=testid
            prop:value=move || value.get().as_str()
            on:change:target=move |ev| if let Ok(m) = ev.target().value().parse() { on_change.run(m) }>
            {Compatibility::ALL.map(|m| view! { <option value=m.as_str()>{m.as_str()}</option> }).collect_view()}
        </select>
    }
}
