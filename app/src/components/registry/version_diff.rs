//! Two versions side by side as a structural diff (`core::registry_diff`): each field, record, enum or
//! message added, removed or changed, by path, with what it was in the left version and is in the right.
//! Respellings (key order, spacing) are no difference.

use glueprint_core::registry_diff::Difference;
use glueprint_core::store::SchemaRecord;
use leptos::prelude::*;

use crate::registry_engine;

#[component]
pub fn VersionDiff(record: Memo<Option<SchemaRecord>>) -> impl IntoView {
    let numbers = Memo::new(move |_| {
        record.with(|r| {
            r.as_ref()
                .map(|r| r.versions.iter().map(|v| v.number).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Defaults: the latest version against the one before it.
    let left = RwSignal::new(None::<u32>);
    let right = RwSignal::new(None::<u32>);
    let pick = move |signal: RwSignal<Option<u32>>, back: usize| {
        Signal::derive(move || {
            signal
                .get()
                .or_else(|| numbers.with(|n| n.iter().rev().nth(back).copied()))
        })
    };
    let (shown_left, shown_right) = (pick(left, 1), pick(right, 0));
    let result = move || -> Option<Result<Vec<Difference>, String>> {
        let (a, b) = (shown_left.get()?, shown_right.get()?);
        record.with(|r| {
            let r = r.as_ref()?;
            let text = |n: u32| {
                r.versions
                    .iter()
                    .find(|v| v.number == n)
                    .map(|v| v.definition.as_str())
            };
            Some(
                registry_engine::diff(r.schema.data_format, text(a)?, text(b)?)
                    .map_err(|e| e.message().to_owned()),
            )
        })
    };
    let select = move |signal: RwSignal<Option<u32>>,
                       shown: Signal<Option<u32>>,
                       testid: &'static str| {
        view! {
            <select data-testid=testid
                prop:value=move || shown.get().map(|n| n.to_string()).unwrap_or_default()
                on:change:target=move |ev| signal.set(ev.target().value().parse().ok())>
                {move || numbers.get().into_iter().map(|n| view! { <option value=n.to_string()>{format!("version {n}")}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <details class="version-diff" data-testid="version-diff">
            <summary>"Compare two versions"</summary>
            <div class="actions">
                {select(left, shown_left, "diff-left")}" → "{select(right, shown_right, "diff-right")}
            </div>
            {move || match result() {
                None => ().into_any(),
                Some(Err(message)) => view! { <p class="error" data-testid="diff-error">{message}</p> }.into_any(),
                Some(Ok(differences)) if differences.is_empty() => view! {
                    <p class="status" data-testid="diff-none">"No structural difference."</p>
                }.into_any(),
                Some(Ok(differences)) => view! {
                    <table class="columns" data-testid="diff-table">
                        <thead><tr>
                            <th>"Path"</th><th>"Change"</th>
                            <th>{move || format!("version {}", shown_left.get().unwrap_or_default())}</th>
                            <th>{move || format!("version {}", shown_right.get().unwrap_or_default())}</th>
                        </tr></thead>
                        <tbody>
                            {differences.into_iter().map(|d| view! {
                                <tr data-testid="diff-row" class=d.kind.as_str()>
                                    <td><code data-testid="diff-path">{d.path}</code></td>
                                    <td data-testid="diff-kind">{d.kind.as_str()}</td>
                                    <td><code data-testid="diff-before">{d.before}</code></td>
                                    <td><code data-testid="diff-after">{d.after}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </details>
    }
}
