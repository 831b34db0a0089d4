//! One schema: its compatibility mode, its versions (number, status, created time, metadata, text and
//! normalised form), and registering a new version. "Check" runs core's checker and shows the verdict
//! with every finding; nothing is stored until the reviewer chooses "Register" (accepted: AVAILABLE) or
//! "Record as FAILURE" (rejected, kept as Glue keeps it). Every text (definitions, findings, names) is
//! rendered as text, never as markup. Writes name the latest version they were based on, so a version
//! registered meanwhile in another tab makes the store refuse them with a message.

use glueprint_core::compat::{self, Outcome, Report};
use glueprint_core::register;
use glueprint_core::registry::{Compatibility, VersionStatus};
use glueprint_core::store::{Change, Op, SchemaRecord};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::confirm::counted;
use super::schema_form::ModeSelect;
use crate::catalog::{iso_time, now_ms, use_catalog};

/// A check's result, with what it was computed from: registering uses exactly that text, and only while
/// the schema is still at the version the check saw.
#[derive(Clone)]
struct Checked {
    text: String,
    base: u32,
    report: Result<Report, String>,
}

#[component]
pub fn SchemaView(registry: String, schema: String) -> impl IntoView {
    let catalog = use_catalog();
    let id = (registry, schema);
    let title = format!("{}.{}", id.0, id.1);
    let record = Memo::new(move |_| catalog.snapshot.with(|s| s.schemas.get(&id).cloned()));
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
            report: register::check(&current, &text).map_err(|e| e.message().to_owned()),
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
        match register::register(&current, &done.text, status_wanted, now_ms()) {
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
                    <VersionList record=current viewed />
                }.into_any(),
            }}
            {move || viewed.get().and_then(|number| {
                record.with(|r| r.as_ref().and_then(|r| r.versions.iter().find(|v| v.number == number).cloned()))
                    .map(|version| view! { <VersionDetail record version save /> })
            })}
            <h4>"New version"</h4>
            <textarea rows="10" data-testid="new-version-input"
                prop:value=move || draft.get()
                on:input:target=move |ev| {
                    draft.set(ev.target().value());
                    checked.set(None);
                }></textarea>
            <div class="actions">
                <button data-testid="check-version" disabled=move || draft.with(|d| d.trim().is_empty()) on:click=check>"Check"</button>
                <span class="status" role="status" data-testid="schema-view-status">{move || status.get()}</span>
            </div>
            {move || checked.get().map(|done| view! { <Verdict done keep checked /> })}
        </div>
    }
}

/// The verdict of a check with every finding, and what may be done with the version.
#[component]
fn Verdict(
    done: Checked,
    keep: Callback<VersionStatus>,
    checked: RwSignal<Option<Checked>>,
) -> impl IntoView {
    let report = match done.report {
        Ok(report) => report,
        Err(message) => {
            return view! { <p class="error" data-testid="check-verdict">{format!("Cannot check: {message}")}</p> }.into_any();
        }
    };
    let compared = report
        .checked
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let verdict = match report.outcome {
        Outcome::Accepted if report.checked.is_empty() => format!(
            "ACCEPTED as version {}: the mode compares with no earlier version.",
            report.version
        ),
        Outcome::Accepted => format!(
            "ACCEPTED as version {}: compatible with version(s) {compared}.",
            report.version
        ),
        Outcome::Identical(number) => format!(
            "IDENTICAL to version {number} after normalisation: registering it adds nothing."
        ),
        Outcome::Rejected => format!(
            "REJECTED as version {}: {} against version(s) {compared}. Glue would record it as FAILURE without a reason.",
            report.version,
            counted(report.findings.len(), "finding")
        ),
        Outcome::Disabled => register::disabled().message().to_owned(),
    };
    let truncated = report.truncated.then(|| {
        format!(
            "More than {} findings for one version; the rest are left out.",
            compat::MAX_INCOMPATIBILITIES
        )
    });
    let outcome = report.outcome;
    view! {
        <div class="check-result" data-testid="check-result">
            <p data-testid="check-verdict" class=if report.is_accepted() { "status" } else { "error" }>{verdict}</p>
            <ul class="findings">
                {report.findings.into_iter().map(|f| view! {
                    <li data-testid="finding">
                        <code data-testid="finding-kind">{f.kind.as_str()}</code>" at "
                        <code data-testid="finding-location">{f.location}</code>": "
                        <span data-testid="finding-message">{f.message}</span>" "
                        <span class="status" data-testid="finding-versions">
                            {format!("(version {} reading data of version {})", f.reader_version, f.writer_version)}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
            {truncated.map(|t| view! { <p class="status">{t}</p> })}
            <div class="actions">
                {match outcome {
                    Outcome::Accepted => view! {
                        <button data-testid="register-version" on:click=move |_| keep.run(VersionStatus::Available)>"Register"</button>
                    }.into_any(),
                    Outcome::Rejected => view! {
                        <button class="danger" data-testid="record-failure" on:click=move |_| keep.run(VersionStatus::Failure)>"Record as FAILURE"</button>
                        <button class="secondary" data-testid="discard-version" on:click=move |_| checked.set(None)>"Discard"</button>
                    }.into_any(),
                    Outcome::Identical(_) | Outcome::Disabled => ().into_any(),
                }}
            </div>
        </div>
    }.into_any()
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
            compat::canonical(format, &version.definition).unwrap_or_else(|e| e.to_string())
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
