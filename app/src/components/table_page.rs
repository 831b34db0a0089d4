//! One catalog table: its columns with editable comments and tags, description, storage and parameters,
//! explanations, versions with a diff between any two, restore, and its Glue payload.
//!
//! Edits are made on a draft that remembers the version it started from. Saving names that version, so if
//! another tab saved in the meantime the store refuses the save and says so, instead of overwriting.

use std::collections::BTreeSet;

use glueprint_core::catalog::{Parameters, Table};
use glueprint_core::compat::table_evolution::{self, Evolution, Safety};
use glueprint_core::export::glue;
use glueprint_core::pii::{self, Decision, Entity};
use glueprint_core::store::{Base, Cause, Change, Op, TableRecord};
use glueprint_core::{diff, limits};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::column_stats::ColumnStats;
use super::export_panel::{ExportPanel, Scope};
use super::parameters_editor::ParametersEditor;
use super::partitions_view::PartitionsView;
use super::pii_badge::{PiiBadge, entity_of};
use super::publish_panel::PublishPanel;
use super::table_actions::TableActions;
use crate::catalog::{Selection, use_catalog};
use crate::io;

/// The table being edited and the version it was loaded from.
#[derive(Clone, PartialEq)]
struct Draft {
    base: u32,
    table: Table,
}

#[component]
pub fn TablePage(selection: Selection) -> impl IntoView {
    let catalog = use_catalog();
    let key = (selection.database.clone(), selection.table.clone());
    let record = {
        let key = key.clone();
        Memo::new(move |_| catalog.snapshot.with(|s| s.tables.get(&key).cloned()))
    };
    let draft = RwSignal::new(None::<Draft>);
    // Start the draft once the record is there; later reloads (other tabs) leave the draft alone.
    Effect::new(move |_| {
        if draft.with_untracked(Option::is_none)
            && let Some(current) = record.get().as_ref().and_then(TableRecord::current)
        {
            draft.set(Some(Draft {
                base: current.number,
                table: current.table.clone(),
            }));
        }
    });
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());

    let save_draft = move || {
        let Some(Draft { base, table }) = draft.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let change = Change::one(Op::SaveTable {
                table: Box::new(table.clone()),
                base: Base::Version(base),
                cause: Cause::Edit,
                notes: Vec::new(),
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    error.set(String::new());
                    status.set("Saved.".to_owned());
                    // Our own save is the new base; the reload brings its number.
                    draft.set(None);
                }
                Err(e) => {
                    status.set(String::new());
                    error.set(e.message().to_owned());
                }
            }
        });
    };
    let save = move |_| save_draft();
    // A verdict on a column's sensitivity is saved at once, as its own version.
    let decide = Callback::new(move |(index, decision): (usize, pii::Decision)| {
        draft.update(|d| {
            if let Some(column) = d
                .as_mut()
                .and_then(|d| d.table.storage.columns.get_mut(index))
            {
                pii::decide(column, decision);
            }
        });
        save_draft();
    });
    let reload_latest = move |_| {
        draft.set(None);
        error.set(String::new());
        record.with_untracked(|r| {
            if let Some(current) = r.as_ref().and_then(TableRecord::current) {
                draft.set(Some(Draft {
                    base: current.number,
                    table: current.table.clone(),
                }));
            }
        });
    };
    let newer_elsewhere = move || {
        let base = draft.with(|d| d.as_ref().map(|d| d.base))?;
        let current = record.with(|r| r.as_ref().map(TableRecord::current_number))?;
        (current > base).then_some(current)
    };
    let highlighted = selection.column.clone();
    // The parameters editor starts again only when the draft does (loaded, saved, reloaded), not on
    // every keystroke into it.
    let draft_base = Memo::new(move |_| draft.with(|d| d.as_ref().map(|d| d.base)));
    let parameters_valid = RwSignal::new(true);
    // Glue's limits on the typed text (comments, description), checked before saving.
    let problem = Memo::new(move |_| {
        draft.with(|d| {
            d.as_ref()
                .and_then(|d| limits::check_table(&d.table).err())
                .map(|e| e.message().to_owned())
        })
    });
    let partition_keys = Signal::derive(move || {
        record.with(|r| {
            r.as_ref()
                .and_then(TableRecord::current)
                .map(|v| {
                    v.table
                        .partition_keys
                        .iter()
                        .map(|c| c.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        })
    });

    view! {
        <section class="card table-page" data-testid="table-page">
            <header class="card-header">
                <h2 data-testid="page-table-name">{format!("{}.{}", key.0, key.1)}</h2>
                <span class="status" data-testid="page-version">
                    {move || draft.with(|d| d.as_ref().map(|d| format!("version {}", d.base)))}
                </span>
            </header>
            {move || newer_elsewhere().map(|n| view! {
                <p class="warning" data-testid="newer-version">
                    {format!("Version {n} was saved elsewhere (another tab) after you opened this table. ")}
                    <button class="link" on:click=reload_latest>"Load it"</button>
                    " (unsaved edits here are dropped)."
                </p>
            })}
            {move || draft.get().map(|d| {
                let table = d.table;
                view! {
                    <label class="wide">
                        "Description"
                        <textarea data-testid="table-description"
                            prop:value=table.description.clone().unwrap_or_default()
                            on:input:target=move |ev| {
                                let value = ev.target().value();
                                draft.update(|d| if let Some(d) = d {
                                    d.table.description = Some(value).filter(|v| !v.trim().is_empty());
                                });
                            }></textarea>
                    </label>
                    <EditableColumns table=table.clone() draft highlighted=highlighted.clone() decide />
                    <dl class="facts">
                        <dt>"Location"</dt><dd>{table.storage.location.clone().unwrap_or_else(|| "not set".into())}</dd>
                        <dt>"SerDe"</dt><dd><code>{table.storage.format.serde.serialization_library.clone()}</code></dd>
                        <dt>"Partition keys"</dt>
                        <dd>{table.partition_keys.iter().map(|c| format!("{} {}", c.name, c.data_type)).collect::<Vec<_>>().join(", ")}</dd>
                    </dl>
                }
            })}
            {move || draft_base.get().map(|_| {
                // A new editor starts from the stored parameters, which are valid.
                parameters_valid.set(true);
                view! {
                    <details>
                        <summary>"Parameters"</summary>
                        <ParametersEditor
                            initial=draft.with_untracked(|d| d.as_ref().map(|d| d.table.parameters.clone()).unwrap_or_default())
                            on_change=Callback::new(move |parameters: Option<Parameters>| {
                                parameters_valid.set(parameters.is_some());
                                if let (Some(parameters), Some(d)) = (parameters, draft.write().as_mut()) {
                                    d.table.parameters = parameters;
                                }
                            }) />
                    </details>
                }
            })}
            <div class="actions">
                <button data-testid="save-edits" disabled=move || !parameters_valid.get() || problem.with(Option::is_some) on:click=save>"Save changes"</button>
                <ExportButtons draft />
                <span class="status" data-testid="edit-status">{move || status.get()}</span>
            </div>
            {move || problem.get().map(|message| view! { <p class="error" data-testid="edit-problem">{message}</p> })}
            {move || (!error.get().is_empty()).then(|| view! { <p class="error" role="alert" data-testid="edit-error">{error.get()}</p> })}
            {
                let (database, table) = key.clone();
                move || record.get().and_then(|r| r.statistics).map(|saved| view! {
                    <ColumnStats database=database.clone() table=table.clone() saved />
                })
            }
            <TableActions database=key.0.clone() table=key.1.clone() />
            {move || record.get().map(|record| view! { <Versions record /> })}
            <ExportPanel scope=Scope::Table { database: key.0.clone(), table: key.1.clone() } />
            <PublishPanel scope=Scope::Table { database: key.0.clone(), table: key.1.clone() } />
            <PartitionsView database=key.0.clone() table=key.1.clone() keys=partition_keys />
        </section>
    }
}

#[component]
fn EditableColumns(
    table: Table,
    draft: RwSignal<Option<Draft>>,
    highlighted: Option<String>,
    /// Records a verdict on the column at an index.
    decide: Callback<(usize, Decision)>,
) -> impl IntoView {
    view! {
        <table class="columns">
            <thead><tr><th>"Column"</th><th>"Hive type"</th><th>"Comment"</th><th>"Tags"</th><th>"Sensitive data"</th></tr></thead>
            <tbody>
                {table.storage.columns.iter().enumerate().map(|(index, column)| {
                    let is_highlighted = highlighted.as_deref() == Some(column.name.as_str());
                    let tags = column.tags.iter().cloned().collect::<Vec<_>>().join(", ");
                    view! {
                        <tr data-testid="page-column" class:highlight=is_highlighted>
                            <td data-testid="page-column-name">{column.name.clone()}</td>
                            <td><code>{column.data_type.to_string()}</code></td>
                            <td>
                                <input type="text" data-testid="column-comment"
                                    prop:value=column.comment.clone().unwrap_or_default()
                                    on:input:target=move |ev| {
                                        let value = ev.target().value();
                                        draft.update(|d| if let Some(c) = d.as_mut().and_then(|d| d.table.storage.columns.get_mut(index)) {
                                            c.comment = Some(value).filter(|v| !v.trim().is_empty());
                                        });
                                    } />
                            </td>
                            <td>
                                <input type="text" data-testid="column-tags" placeholder="e.g. pii"
                                    prop:value=tags
                                    on:input:target=move |ev| {
                                        let value = ev.target().value();
                                        draft.update(|d| if let Some(c) = d.as_mut().and_then(|d| d.table.storage.columns.get_mut(index)) {
                                            c.tags = value.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect::<BTreeSet<_>>();
                                        });
                                    } />
                            </td>
                            <td>
                                <PiiBadge column=column.clone() />
                                {entity_of(column).and_then(|e| Entity::from_glue_name(&e)).map(|entity| view! {
                                    " "
                                    <button class="link" data-testid="pii-confirm"
                                        on:click=move |_| decide.run((index, Decision::Confirmed(entity)))>"Confirm"</button>
                                    " "
                                    <button class="link" data-testid="pii-dismiss"
                                        on:click=move |_| decide.run((index, Decision::Dismissed(entity)))>"Dismiss"</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ExportButtons(draft: RwSignal<Option<Draft>>) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let download = move |_| {
        let Some(d) = draft.get_untracked() else {
            return;
        };
        let json = glue::to_json(&glue::create_table(&d.table));
        let name = format!("{}.create-table.json", d.table.name);
        status.set(match io::download(&name, &json, "application/json") {
            Ok(()) => format!("Downloaded {name}."),
            Err(e) => e.to_string(),
        });
    };
    view! {
        <button data-testid="page-download-json" on:click=download>"Download CreateTable JSON"</button>
        <span class="status">{move || status.get()}</span>
    }
}

#[component]
fn Versions(record: TableRecord) -> impl IntoView {
    let catalog = use_catalog();
    let numbers: Vec<u32> = record.versions.iter().map(|v| v.number).collect();
    let latest = record.current_number();
    let from = RwSignal::new(
        numbers
            .len()
            .checked_sub(2)
            .and_then(|i| numbers.get(i).copied())
            .unwrap_or(latest),
    );
    let to = RwSignal::new(latest);
    let differences = {
        let record = record.clone();
        Memo::new(move |_| {
            let (a, b) = (record.version(from.get())?, record.version(to.get())?);
            Some((
                diff::tables(&a.table, &b.table),
                table_evolution::evolve(&a.table, &b.table),
            ))
        })
    };
    let restore_error = RwSignal::new(String::new());
    let restore = move |number: u32, table: Table| {
        spawn_local(async move {
            let change = Change::one(Op::SaveTable {
                table: Box::new(table),
                base: Base::Version(latest),
                cause: Cause::Restore { from: number },
                notes: Vec::new(),
            });
            restore_error.set(match catalog.commit(change).await {
                Ok(()) => String::new(),
                Err(e) => e.message().to_owned(),
            });
        });
    };
    let options = move || {
        numbers
            .iter()
            .map(|n| view! { <option value=n.to_string()>{format!("version {n}")}</option> })
            .collect_view()
    };

    view! {
        <h3>"Versions"</h3>
        <table class="columns">
            <thead><tr><th>"Version"</th><th>"Saved"</th><th>"Cause"</th><th></th></tr></thead>
            <tbody>
                {record.versions.iter().rev().map(|v| {
                    let when = crate::catalog::iso_time(v.created_ms);
                    let (number, table) = (v.number, v.table.clone());
                    view! {
                        <tr data-testid="version-row">
                            <td>{v.number}</td>
                            <td>{when}</td>
                            <td data-testid="version-cause">{v.cause.label()}</td>
                            <td>{(v.number != latest).then(|| view! {
                                <button class="link" data-testid="restore-version"
                                    on:click=move |_| restore(number, table.clone())>"Restore as new version"</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {move || (!restore_error.get().is_empty()).then(|| view! { <p class="error">{restore_error.get()}</p> })}
        <div class="diff-controls">
            "Compare "
            <select data-testid="diff-from" prop:value=move || from.get().to_string()
                on:change:target=move |ev| if let Ok(n) = ev.target().value().parse() { from.set(n) }>
                {options.clone()}
            </select>
            " with "
            <select data-testid="diff-to" prop:value=move || to.get().to_string()
                on:change:target=move |ev| if let Ok(n) = ev.target().value().parse() { to.set(n) }>
                {options}
            </select>
        </div>
        {move || differences.get().map(|(ds, evolution)| if ds.is_empty() {
            view! { <p class="status" data-testid="diff-empty">"No differences."</p> }.into_any()
        } else {
            view! {
                <AthenaVerdict evolution />
                <table class="columns diff">
                    <thead><tr><th>"Change"</th><th>"Before"</th><th>"After"</th></tr></thead>
                    <tbody>
                        {ds.into_iter().map(|d| view! {
                            <tr data-testid="diff-row">
                                <td>{d.message}</td>
                                <td><code>{d.before.unwrap_or_default()}</code></td>
                                <td><code>{d.after.unwrap_or_default()}</code></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}

/// Whether Athena still reads the older files correctly after the compared change, for the table's
/// format: the verdict, and each finding that is not plainly safe with its sentence.
#[component]
fn AthenaVerdict(evolution: Evolution) -> impl IntoView {
    let format = evolution.format.to_string();
    let concerns: Vec<_> = evolution.concerns().cloned().collect();
    let (class, verdict) = match evolution.verdict() {
        Safety::Safe => ("status", format!("Safe for Athena ({format}).")),
        Safety::Conditional => (
            "warning",
            format!("Safe for Athena ({format}) only if the data allows it:"),
        ),
        Safety::Unsafe => ("error", format!("Not safe for Athena ({format}):")),
    };
    view! {
        <div class="athena-verdict" data-testid="athena-verdict">
            <p class=class data-testid="athena-verdict-text">{verdict}</p>
            {(!concerns.is_empty()).then(|| view! {
                <ul>
                    {concerns.into_iter().map(|finding| view! {
                        <li data-testid="athena-finding" data-kind=finding.kind.as_str()>
                            <code>{finding.path}</code>" "{finding.message}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
