//! One schema: its compatibility mode, its versions (number, status, created time, metadata, text and
//! normalised form), and registering a new version. "Check" runs core's checker and shows the verdict
//! with every finding; nothing is stored until the reviewer chooses "Register" (accepted: AVAILABLE) or
//! "Record as FAILURE" (rejected, kept as Glue keeps it). Every text (definitions, findings, names) is
//! rendered as text, never as markup. Writes name the latest version they were based on, so a version
//! registered meanwhile in another tab makes the store refuse them with a message. Around that: the
//! schema's description, its delete (confirmed in the page), a structural diff of two versions, the
//! export as Glue requests, and, for Avro, a new version imported from a catalog table.

use glueprint_core::register;
use glueprint_core::registry::{Compatibility, DataFormat, VersionStatus};
use glueprint_core::store::{Change, Op, SchemaRecord};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::confirm::{Confirm, counted};
use super::description::DescriptionEditor;
use super::import_table::ImportFromTable;
use super::requests_export::RequestsExport;
use super::schema_form::ModeSelect;
use super::schema_text::SchemaTextArea;
use super::verdict::{Checked, Verdict};
use super::version_diff::VersionDiff;
use crate::catalog::{iso_time, now_ms, use_catalog};
use crate::registry_engine;

#[component]
pub fn SchemaView(
    registry: String,
    schema: String,
    selected: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let catalog = use_catalog();
    let id = (registry, schema);
    let title = format!("{}.{}", id.0, id.1);
    let key = StoredValue::new(id.clone());
    let record = Memo::new(move |_| catalog.snapshot.with(|s| s.schemas.get(&id).cloned()));
    let question = RwSignal::new(None::<String>);
    let draft = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<Checked>);
    let viewed = RwSignal::new(None::<u32>);
    let status = RwSignal::new(String::new());

    // Writes `updated` based on `base` (the latest version it was derived from); says `done` on success.
    let save = Callback::new(move |(updated, base, done): (SchemaRecord, u32, String)| {
        spawn_local(async move {
            let change = Change::one(Op::PutSchema {
                record: Box::new(updated),
                base: Some(base),
            });
            match catalog.commit(change).await {
                Ok(()) => status.set(done),
                Err(e) => status.set(format!("Not saved: {}", e.message())),
            }
        });
    });
    let check = move |_| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        let text = draft.get_untracked();
        status.set(String::new());
        checked.set(Some(Checked {
            report: registry_engine::check(&current, &text).map_err(|e| e.message().to_owned()),
            base: current.latest_number(),
            text,
        }));
    };
    let keep = Callback::new(move |status_wanted: VersionStatus| {
        let (Some(current), Some(done)) = (record.get_untracked(), checked.get_untracked()) else {
            return;
        };
        if current.latest_number() != done.base {
            status
                .set("The schema changed since the check (another tab?): check again.".to_owned());
            return;
        }
        match registry_engine::register(&current, &done.text, status_wanted, now_ms()) {
            Ok(updated) => {
                let number = updated.latest_number();
                let label = match status_wanted {
                    VersionStatus::Available => "registered as AVAILABLE",
                    VersionStatus::Failure => "recorded as FAILURE",
                };
                checked.set(None);
                draft.set(String::new());
                save.run((updated, done.base, format!("Version {number} {label}.")));
            }
            Err(e) => status.set(format!("Not saved: {}", e.message())),
        }
    });
    let set_mode = Callback::new(move |mode: Compatibility| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        let mut updated = current.clone();
        updated.schema.compatibility = mode;
        checked.set(None);
        save.run((
            updated,
            current.latest_number(),
            format!("Compatibility is now {mode}; earlier versions are not checked again."),
        ));
    });

    let describe = Callback::new(move |text: String| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        let mut updated = current.clone();
        updated.schema.description = (!text.trim().is_empty()).then_some(text);
        save.run((
            updated,
            current.latest_number(),
            "Description saved.".to_owned(),
        ));
    });
    let delete = Callback::new(move |()| {
        let (registry, name) = key.get_value();
        spawn_local(async move {
            let change = Change::one(Op::DeleteSchema {
                registry: registry.clone(),
                name: name.clone(),
            });
            match catalog.commit(change).await {
                Ok(()) => selected.set(None),
                Err(e) => status.set(format!("Not deleted: {}", e.message())),
            }
        });
    });
    let ask_delete = move |_| {
        let versions = record.with_untracked(|r| r.as_ref().map_or(0, |r| r.versions.len()));
        let (registry, name) = key.get_value();
        question.set(Some(format!(
            "Delete schema {registry}.{name} with its {}? This cannot be undone.",
            counted(versions, "version")
        )));
    };
    let take_draft = Callback::new(move |text: String| {
        draft.set(text);
        checked.set(None);
    });

    view! {
        <div class="schema-view" data-testid="schema-view">
            <h3 data-testid="schema-title">{title}</h3>
            {move || match record.get() {
                None => view! { <p class="error" data-testid="schema-missing">"This schema no longer exists (deleted in another tab?)."</p> }.into_any(),
                Some(current) => view! {
                    <p>
                        "Data format "<span data-testid="schema-format">{current.schema.data_format.as_str()}</span>
                        " · compatibility "
                        <ModeSelect value=Signal::derive(move || record.with(|r| r.as_ref().map_or(Compatibility::Backward, |r| r.schema.compatibility))) on_change=set_mode testid="schema-view-mode" />
                    </p>
                    <DescriptionEditor
                        current=Signal::derive(move || record.with(|r| r.as_ref().and_then(|r| r.schema.description.clone())))
                        on_save=describe testid="schema-description" />
                    <VersionList record=current viewed />
                    <div class="actions">
                        <button class="link danger" data-testid="delete-schema" on:click=ask_delete>"delete schema…"</button>
                    </div>
                }.into_any(),
            }}
            <Confirm question confirm_label="Delete" on_confirm=delete />
            <VersionDiff record />
            <RequestsExport record />
            {move || viewed.get().and_then(|number| {
                record.with(|r| r.as_ref().and_then(|r| r.versions.iter().find(|v| v.number == number).cloned()))
                    .map(|version| view! { <VersionDetail record version save /> })
            })}
            <h4>"New version"</h4>
            <SchemaTextArea value=draft on_edit=Callback::new(move |()| checked.set(None)) rows="10" testid="new-version-input" />
            {move || record.with(|r| r.as_ref().is_some_and(|r| r.schema.data_format == DataFormat::Avro))
                .then(|| view! { <ImportFromTable on_import=take_draft /> })}
            <div class="actions">
                <button data-testid="check-version" disabled=move || draft.with(|d| d.trim().is_empty()) on:click=check>"Check"</button>
                <span class="status" role="status" data-testid="schema-view-status">{move || status.get()}</span>
            </div>
            {move || checked.get().map(|done| view! { <Verdict done record keep checked /> })}
        </div>
    }
}

/// The versions, newest first; "view" opens one below.
#[component]
fn VersionList(record: SchemaRecord, viewed: RwSignal<Option<u32>>) -> impl IntoView {
    view! {
        <table class="columns" data-testid="schema-versions">
            <thead><tr><th>"Version"</th><th>"Status"</th><th>"Created"</th><th>"Metadata"</th><th></th></tr></thead>
            <tbody>
                {record.versions.iter().rev().map(|v| {
                    let number = v.number;
                    let status = match v.status {
                        VersionStatus::Available => "AVAILABLE",
                        VersionStatus::Failure => "FAILURE",
                    };
                    let metadata = v.metadata.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr data-testid="schema-version-row">
                            <td data-testid="schema-version-number">{number}</td>
                            <td data-testid="schema-version-status">{status}</td>
                            <td data-testid="schema-version-created">{iso_time(v.created_ms)}</td>
                            <td data-testid="schema-version-metadata">{metadata}</td>
                            <td><button class="link" data-testid="schema-version-view"
                                on:click=move |_| viewed.set(Some(number))>"view"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One version's text, its normalised form (what "identical" compares) and its metadata editor.
#[component]
fn VersionDetail(
    record: Memo<Option<SchemaRecord>>,
    version: glueprint_core::registry::SchemaVersion,
    save: Callback<(SchemaRecord, u32, String)>,
) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let number = version.number;
    let canonical = record
        .with_untracked(|r| r.as_ref().map(|r| r.schema.data_format))
        .map(|format| {
            registry_engine::canonical(format, &version.definition)
                .unwrap_or_else(|e| e.to_string())
        });
    let add = move |_| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        let (k, v) = (key.get_untracked(), value.get_untracked());
        match register::put_metadata(&current, number, k.trim(), v.trim()) {
            Ok(updated) => {
                problem.set(String::new());
                key.set(String::new());
                value.set(String::new());
                save.run((
                    updated,
                    current.latest_number(),
                    format!("Metadata {} added to version {number}.", k.trim()),
                ));
            }
            Err(e) => problem.set(e.message().to_owned()),
        }
    };
    view! {
        <div class="version-detail" data-testid="version-detail">
            <h4>{format!("Version {number}")}</h4>
            <pre data-testid="version-text">{version.definition}</pre>
            <details>
                <summary>"Normalised form (what identical versions share)"</summary>
                <pre data-testid="version-canonical">{canonical}</pre>
            </details>
            <div class="actions">
                <input type="text" placeholder="metadata key" data-testid="metadata-key"
                    prop:value=move || key.get() on:input:target=move |ev| key.set(ev.target().value()) />
                <input type="text" placeholder="value" data-testid="metadata-value"
                    prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value()) />
                <button class="secondary" data-testid="metadata-add" on:click=add>"Add metadata"</button>
            </div>
            {move || (!problem.get().is_empty()).then(|| view! { <p class="error" data-testid="metadata-error">{problem.get()}</p> })}
        </div>
    }
}
