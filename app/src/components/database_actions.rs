//! Deleting a database from the catalog tree, after an in-page confirmation that says how many tables and
//! partitions go with it (the store deletes them in the same transaction).

use glueprint_core::store::{self, Change, Op};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::{Confirm, counted};
use crate::catalog::use_catalog;

#[component]
pub fn DatabaseActions(name: String) -> impl IntoView {
    let catalog = use_catalog();
    let question = RwSignal::new(None::<String>);
    let error = RwSignal::new(String::new());
    let name = StoredValue::new(name);
    let ask = move |_| {
        let database = name.get_value();
        let tables = catalog
            .snapshot
            .with_untracked(|s| s.tables_of(&database).count());
        spawn_local(async move {
            let partitions = async {
                let store = catalog.store()?;
                store::partition_count(store.as_ref(), &[&database]).await
            }
            .await;
            match partitions {
                Ok(partitions) => {
                    error.set(String::new());
                    question.set(Some(format!(
                        "Delete database {database} with its {} and {}? This cannot be undone.",
                        counted(tables, "table"),
                        counted(partitions, "partition"),
                    )));
                }
                Err(e) => error.set(e.message().to_owned()),
            }
        });
    };
    let delete = Callback::new(move |()| {
        let database = name.get_value();
        spawn_local(async move {
            let change = Change::one(Op::DeleteDatabase {
                name: database.clone(),
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    if catalog
                        .selected
                        .with_untracked(|s| s.as_ref().is_some_and(|s| s.database == database))
                    {
                        catalog.selected.set(None);
                    }
                }
                Err(e) => error.set(e.message().to_owned()),
            }
        });
    });

    view! {
        <div class="database-actions">
            <button class="link danger" data-testid="delete-database" on:click=ask>"delete database…"</button>
            <Confirm question confirm_label="Delete" on_confirm=delete />
            {move || (!error.get().is_empty()).then(|| view! { <p class="error" role="alert" data-testid="database-action-error">{error.get()}</p> })}
        </div>
    }
}
