//! A check's verdict with every finding. Hovering or clicking a finding shows the schema text its
//! location points into with that part marked (`core::schema_span`): the text of the version that reads
//! (an Avro location is a pointer into the reader schema), or, where the location names nothing there
//! (a field the reader lacks), the writer's. The text is split into three text nodes around a `<mark>`,
//! never parsed as markup.

use glueprint_core::compat::{self, Finding, Outcome, Report};
use glueprint_core::register;
use glueprint_core::registry::VersionStatus;
use glueprint_core::store::SchemaRecord;
use leptos::prelude::*;

use super::super::confirm::counted;
use crate::registry_engine;

/// A check's result, with what it was computed from: registering uses exactly that text, and only while
/// the schema is still at the version the check saw.
#[derive(Clone)]
pub struct Checked {
    pub text: String,
    pub base: u32,
    pub report: Result<Report, String>,
}

/// The verdict of a check with every finding, and what may be done with the version.
#[component]
pub fn Verdict(
    done: Checked,
    record: Memo<Option<SchemaRecord>>,
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
    let accepted = report.is_accepted();
    let candidate = (report.version, done.text);
    let highlighted = RwSignal::new(None::<Finding>);
    view! {
        <div class="check-result" data-testid="check-result">
            <p data-testid="check-verdict" class=if accepted { "status" } else { "error" }>{verdict}</p>
            <ul class="findings">
                {report.findings.into_iter().map(|f| {
                    let shown = f.clone();
                    let selected = f.clone();
                    view! {
                        <li data-testid="finding"
                            class:highlighted=move || highlighted.with(|h| h.as_ref() == Some(&selected))
                            on:mouseenter={let f = shown.clone(); move |_| highlighted.set(Some(f.clone()))}
                            on:click=move |_| highlighted.set(Some(shown.clone()))>
                            <code data-testid="finding-kind">{f.kind.as_str()}</code>" at "
                            <code data-testid="finding-location">{f.location}</code>": "
                            <span data-testid="finding-message">{f.message}</span>" "
                            <span class="status" data-testid="finding-versions">
                                {format!("(version {} reading data of version {})", f.reader_version, f.writer_version)}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || highlighted.get().map(|f| view! { <FindingSource finding=f record candidate=candidate.clone() /> })}
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

/// The schema text `finding` points into, its location marked; `candidate` is the checked text with the
/// number it would get.
#[component]
fn FindingSource(
    finding: Finding,
    record: Memo<Option<SchemaRecord>>,
    candidate: (u32, String),
) -> impl IntoView {
    let located = record.with_untracked(|r| {
        let r = r.as_ref()?;
        let text_of = |number: u32| {
            if number == candidate.0 {
                Some(candidate.1.clone())
            } else {
                r.versions
                    .iter()
                    .find(|v| v.number == number)
                    .map(|v| v.definition.clone())
            }
        };
        [finding.reader_version, finding.writer_version]
            .into_iter()
            .find_map(|number| {
                let text = text_of(number)?;
                let span = registry_engine::locate(r.schema.data_format, &text, &finding.location)?;
                Some((number, text, span))
            })
    });
    match located {
        None => view! {
            <p class="status" data-testid="finding-source-missing">
                {format!("{} names no part of either version's text.", finding.location)}
            </p>
        }
        .into_any(),
        Some((number, text, span)) => {
            let (before, marked, after) = (
                text[..span.start].to_owned(),
                text[span.clone()].to_owned(),
                text[span.end..].to_owned(),
            );
            view! {
                <div class="finding-source">
                    <p class="status" data-testid="finding-source-caption">
                        {format!("{} in version {number}:", finding.location)}
                    </p>
                    <pre data-testid="finding-source">{before}<mark data-testid="finding-mark">{marked}</mark>{after}</pre>
                </div>
            }
            .into_any()
        }
    }
}
