//! The publish panel: one table (with its stored partitions), one database or the whole catalog sent to
//! a real Glue Data Catalog (AWS, or a Glue-compatible endpoint) from this tab, signed with the keys of
//! the in-memory [`AwsSession`](crate::aws_session::AwsSession).
//!
//! It runs `glueprint publish`'s two passes (`glueprint_core::aws::glue`): *Plan (dry run)* sends only
//! the read-only lookups (`GetDatabase`, `GetTable`) and lists every step the plan holds, changing
//! nothing; *Publish* then runs exactly those steps in order, showing step i of n and each step's
//! result, and stops at the first failed step as the CLI does. The plan is dropped whenever the data in
//! scope or the session's region, endpoint or key changes: it was looked up for what was shown then.
//!
//! The payloads come from the same stored data as the export panel's Glue files ([`scoped_data`]), so
//! what is published is what *Export* shows. Credentials are read from the session when a pass starts
//! and live only in that pass's future: nothing here stores, renders or logs them.

use glueprint_core::aws::Credentials;
use glueprint_core::aws::glue::{
    self, GlueCall, GlueService, PartitionError, PublishStep, RemoteCatalog, StepOutcome,
};
use glueprint_core::aws::sigv4;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::export_panel::{Scope, Scoped, scoped_data};
use crate::aws_session::{AwsSession, AwsSessionForm, use_aws_session};
use crate::fetch;

/// Where Glue calls go and the keys they are signed with, for one pass.
struct Connection {
    service: GlueService,
    credentials: Credentials,
}

impl Connection {
    /// The session's Glue endpoint and keys, checked before any request is made.
    fn from_session(session: AwsSession) -> Result<Self, String> {
        let credentials = session.credentials().map_err(|e| sentence(e.message()))?;
        let region = session.region().map_err(|e| sentence(e.message()))?;
        let endpoint = session.endpoint().map_err(|e| sentence(e.message()))?;
        let service = GlueService::at(&region, endpoint).map_err(|e| sentence(e.message()))?;
        Ok(Self {
            service,
            credentials,
        })
    }

    /// Signs `call` at the current time and sends it: the answer's status and body, or why there was
    /// no answer (fetch names the host only).
    async fn call(&self, call: &GlueCall) -> Result<(u16, String), String> {
        // `Date.now()` is milliseconds since 1970; a float-to-int `as` saturates, never panics.
        let amz_date = sigv4::amz_date((js_sys::Date::now() / 1000.0) as u64);
        let request = self
            .service
            .request(call, &self.credentials, &amz_date)
            .map_err(|e| sentence(e.message()))?;
        let answer = fetch::send(&request)
            .await
            .map_err(|e| sentence(e.message()))?;
        Ok((answer.status, answer.text()))
    }
}

/// A message from core or fetch as a sentence: capitalised and ending in a full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.trim().chars();
    let mut text: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// The dry run: looks up every database and table of `data`, then plans. Nothing is changed.
async fn plan(connection: &Connection, data: &Scoped) -> Result<Vec<PublishStep>, String> {
    let lookups = data.with_selection(glue::lookups);
    let mut remote = RemoteCatalog::default();
    for lookup in &lookups {
        let (status, body) = connection
            .call(&lookup.call)
            .await
            .map_err(|e| format!("Could not look up {}: {e}", lookup.subject))?;
        remote
            .record(lookup, status, &body)
            .map_err(|e| format!("Glue refused the lookup of {}: {}", lookup.subject, e))?;
    }
    Ok(data.with_selection(|selection| glue::publish_plan(selection, &remote)))
}

/// Where a pass stands.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Planning,
    /// Running step `.0` (from 1) of the plan.
    Publishing(usize),
    /// Every step of the plan ran and succeeded.
    Finished,
    /// Step `.0` (from 1) failed or got no answer, so the steps after it were not run.
    Stopped(usize),
}

#[component]
pub fn PublishPanel(scope: Scope) -> impl IntoView {
    let open = RwSignal::new(false);
    let label = scope.label();
    view! {
        <div class="publish" data-testid="publish">
            <button data-testid="open-publish" on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Close publishing" } else { "Publish to AWS Glue…" }}
            </button>
            {move || open.get().then(|| view! { <PublishBody scope=scope.clone() label=label.clone() /> })}
        </div>
    }
}

/// The panel once opened: built on demand, so a closed panel reads no partitions.
#[component]
fn PublishBody(scope: Scope, label: String) -> impl IntoView {
    let session = use_aws_session();
    let (data, problems) = scoped_data(scope, Signal::stored(None));
    let steps = RwSignal::new(None::<Vec<PublishStep>>);
    let results = RwSignal::new(Vec::<StepOutcome>::new());
    let progress = RwSignal::new(Progress::Idle);
    let error = RwSignal::new(None::<String>);

    // A plan holds for the data and the remote catalog it was looked up for: drop it when either
    // changes (not while a pass runs: it works on its own copy and reports against this plan).
    Effect::new(move |_| {
        data.track();
        session.region.track();
        session.endpoint.track();
        session.access_key_id.track();
        if !matches!(
            progress.get_untracked(),
            Progress::Planning | Progress::Publishing(_)
        ) {
            steps.set(None);
            results.set(Vec::new());
            progress.set(Progress::Idle);
        }
    });

    let busy = move || matches!(progress.get(), Progress::Planning | Progress::Publishing(_));
    let dry_run = move |_| {
        error.set(None);
        steps.set(None);
        results.set(Vec::new());
        let scoped = match data.get_untracked() {
            None => {
                error.set(Some(
                    "The stored partitions are still loading; try again in a moment.".to_owned(),
                ));
                return;
            }
            Some(Err(message)) => {
                error.set(Some(message));
                return;
            }
            Some(Ok(scoped)) => scoped,
        };
        let connection = match Connection::from_session(session) {
            Ok(connection) => connection,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        progress.set(Progress::Planning);
        spawn_local(async move {
            match plan(&connection, &scoped).await {
                Ok(plan) => steps.set(Some(plan)),
                Err(message) => error.set(Some(message)),
            }
            progress.set(Progress::Idle);
        });
    };
    let publish = move |_| {
        let Some(plan) = steps.get_untracked() else {
            return;
        };
        error.set(None);
        results.set(Vec::new());
        let connection = match Connection::from_session(session) {
            Ok(connection) => connection,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        progress.set(Progress::Publishing(1));
        spawn_local(async move {
            for (i, step) in plan.iter().enumerate() {
                progress.set(Progress::Publishing(i + 1));
                let outcome = match connection.call(&step.call).await {
                    Ok((status, body)) => step.outcome(status, &body),
                    Err(message) => {
                        error.set(Some(format!(
                            "Could not run {}: {message}",
                            step.description
                        )));
                        progress.set(Progress::Stopped(i + 1));
                        return;
                    }
                };
                let succeeded = outcome.succeeded();
                results.update(|r| r.push(outcome));
                if !succeeded {
                    progress.set(Progress::Stopped(i + 1));
                    return;
                }
            }
            progress.set(Progress::Finished);
        });
    };

    let status = move || {
        let total = steps.with(|s| s.as_ref().map_or(0, Vec::len));
        match progress.get() {
            Progress::Idle if steps.with(Option::is_none) => String::new(),
            Progress::Idle if total == 0 => {
                "Nothing to do: Glue already holds all of it.".to_owned()
            }
            Progress::Idle => format!("Dry run: {total} steps planned; nothing was changed."),
            Progress::Planning => "Looking up what Glue already holds…".to_owned(),
            Progress::Publishing(i) => format!("Publishing: step {i} of {total}…"),
            Progress::Finished => format!("Published: all {total} steps succeeded."),
            Progress::Stopped(i) => format!(
                "Stopped at step {i} of {total}: it did not succeed, so the {} steps after it were not run.",
                total - i
            ),
        }
    };

    view! {
        <section class="export-panel publish-panel" data-testid="publish-panel">
            <h3>{format!("Publish {label} to AWS Glue")}</h3>
            <AwsSessionForm />
            {move || {
                let problems = problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="warning" data-testid="publish-problems">
                        <p>"Some stored partitions could not be read and are left out:"</p>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="actions">
                <button data-testid="publish-dry-run" disabled=move || busy() || data.with(Option::is_none) on:click=dry_run>"Plan (dry run)"</button>
                <button data-testid="publish-run"
                    disabled=move || busy() || steps.with(|s| s.as_ref().is_none_or(Vec::is_empty)) || matches!(progress.get(), Progress::Finished | Progress::Stopped(_))
                    on:click=publish>"Publish"</button>
            </div>
            <p class="status" data-testid="publish-status" aria-live="polite">{status}</p>
            {move || error.get().map(|message| view! {
                <p class="error" role="alert" data-testid="publish-error">{message}</p>
            })}
            {move || steps.get().map(|plan| view! {
                <ol class="publish-plan" data-testid="publish-plan">
                    {plan.into_iter().enumerate().map(|(i, step)| view! {
                        <StepView step results index=i />
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}

/// One planned step: its description and, once it ran, its result and the partitions it did not create.
#[component]
fn StepView(step: PublishStep, results: RwSignal<Vec<StepOutcome>>, index: usize) -> impl IntoView {
    let outcome = move || results.with(|r| r.get(index).cloned());
    view! {
        <li data-testid="publish-step" data-operation=step.call.operation>
            <span data-testid="publish-step-description">{step.description}</span>
            {move || outcome().map(|outcome| {
                let ok = outcome.succeeded();
                let class = if ok { "status" } else { "error" };
                let failed: Vec<PartitionError> = match &outcome {
                    StepOutcome::Partitions { failed, .. } => failed.clone(),
                    _ => Vec::new(),
                };
                view! {
                    " — "
                    <span class=class data-testid="publish-result"
                        data-ok=ok.to_string()>{outcome.to_string()}</span>
                    {(!failed.is_empty()).then(|| view! {
                        <ul data-testid="publish-partition-errors">
                            {failed.into_iter().map(|f| view! {
                                <li>{format!("partition ({}): {}: {}", f.values.join(", "), f.code, f.message)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                }
            })}
        </li>
    }
}
