//! Renaming and deleting the table shown on the table page, each after an in-page confirmation that says
//! what moves or goes with it (versions, partitions).

use glueprint_core::names;
use glueprint_core::store::{self, Change, Op, TableRecord};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::{Confirm, counted};
use crate::catalog::{Selection, use_catalog};

#[component]
pub fn TableActions(database: String, table: String) -> impl IntoView {
    let catalog = use_catalog();
    let new_name = RwSignal::new(table.clone());
    let target = Memo::new(move |_| {
        new_name.with(|raw| names::table_name(raw).map_err(|e| e.message().to_owned()))
    });
    let rename_question = RwSignal::new(None::<String>);
    let delete_question = RwSignal::new(None::<String>);
    let error = RwSignal::new(String::new());
    let key = StoredValue::new((database, table));
    let current_version = move || {
        key.with_value(|(db, t)| {
            catalog
                .snapshot
                .with_untracked(|s| s.table(db, t).map(TableRecord::current_number))
        })
    };
    let versions = move || {
        key.with_value(|(db, t)| {
            catalog
                .snapshot
                .with_untracked(|s| s.table(db, t).map_or(0, |r| r.versions.len()))
        })
    };

    // Opens `question` with `text(table, versions, partitions, new name)` once the partitions that go
    // with the table are counted.
    let ask = move |question: RwSignal<Option<String>>,
                    text: fn(&str, usize, usize, &str) -> String| {
        let (database, table) = key.get_value();
        let target = target.get_untracked().unwrap_or_default();
        spawn_local(async move {
            let counted_partitions = async {
                let store = catalog.store()?;
                store::partition_count(store.as_ref(), &[&database, &table]).await
            }
            .await;
            match counted_partitions {
                Ok(partitions) => {
                    error.set(String::new());
                    question.set(Some(text(
                        &format!("{database}.{table}"),
                        versions(),
                        partitions,
                        &target,
                    )));
                }
                Err(e) => error.set(e.message().to_owned()),
            }
        });
    };
    let commit = move |op: Op, then: Option<String>| {
        spawn_local(async move {
            match catalog.commit(Change::one(op)).await {
                Ok(()) => {
                    let (database, _) = key.get_value();
                    catalog.selected.set(then.map(|table| Selection {
                        database,
                        table,
                        column: None,
                    }));
                }
                Err(e) => error.set(e.message().to_owned()),
            }
        });
    };
    let rename = Callback::new(move |()| {
        let (Ok(to), Some(base)) = (target.get_untracked(), current_version()) else {
            return;
        };
        let (database, from) = key.get_value();
        commit(
            Op::RenameTable {
                database,
                from,
                to: to.clone(),
                base,
            },
            Some(to),
        );
    });
    let delete = Callback::new(move |()| {
        let Some(base) = current_version() else {
            return;
        };
        let (database, name) = key.get_value();
        commit(
            Op::DeleteTable {
                database,
                name,
                base,
            },
            None,
        );
    });
    let unchanged =
        move || key.with_value(|(_, t)| target.with(|to| to.as_ref().map_or(true, |to| to == t)));

    view! {
        <div class="table-actions">
            <label>
                "Rename to "
                <input type="text" data-testid="rename-input"
                    prop:value=move || new_name.get()
                    on:input:target=move |ev| new_name.set(ev.target().value()) />
            </label>
            <button data-testid="rename-table" disabled=unchanged
                on:click=move |_| ask(rename_question, |table, versions, partitions, to| format!(
                    "Rename {table} to {to}? Its {} and {} move with it.",
                    counted(versions, "version"),
                    counted(partitions, "partition"),
                ))>"Rename…"</button>
            <button class="danger" data-testid="delete-table"
                on:click=move |_| ask(delete_question, |table, versions, partitions, _| format!(
                    "Delete table {table} with its {} and {}? This cannot be undone.",
                    counted(versions, "version"),
                    counted(partitions, "partition"),
                ))>"Delete table…"</button>
            {move || target.get().err().map(|message| view! { <p class="error" data-testid="rename-error">{message}</p> })}
            <Confirm question=rename_question confirm_label="Rename" on_confirm=rename />
            <Confirm question=delete_question confirm_label="Delete" on_confirm=delete />
            {move || (!error.get().is_empty()).then(|| view! { <p class="error" role="alert" data-testid="table-action-error">{error.get()}</p> })}
        </div>
    }
}
