//! Creating a database by hand: name (folded to what Glue stores, as you type), description and S3
//! location, each checked by core before Save is enabled.

use glueprint_core::catalog::Database;
use glueprint_core::store::{Change, Op};
use glueprint_core::{limits, location, names};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::table_card::{FieldError, typed_problem};
use crate::catalog::use_catalog;

/// The database as typed, or the first problem.
fn database(name: &str, description: &str, location_uri: &str) -> Result<Database, String> {
    let message = |e: glueprint_core::Error| e.message().to_owned();
    let mut database = Database::named(names::database_name(name).map_err(message)?);
    database.description = limits::description(description).map_err(message)?;
    database.location_uri = match location_uri.trim() {
        "" => None,
        raw => Some(location::s3_location(raw).map_err(message)?),
    };
    Ok(database)
}

#[component]
pub fn DatabaseForm(on_done: Callback<()>) -> impl IntoView {
    let catalog = use_catalog();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let location_uri = RwSignal::new(String::new());
    let built = Memo::new(move |_| database(&name.get(), &description.get(), &location_uri.get()));
    let status = RwSignal::new(String::new());
    let save = move |_| {
        let Ok(database) = built.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let created = database.name.clone();
            let change = Change::one(Op::PutDatabase {
                database,
                revision: None,
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    status.set(format!("Created database {created}."));
                    on_done.run(());
                }
                Err(e) => status.set(format!("Not saved: {}", e.message())),
            }
        });
    };

    view! {
        <section class="card curate-form" data-testid="database-form">
            <h2>"New database"</h2>
            <div class="placement">
                <label>
                    "Name"
                    <input type="text" data-testid="db-name-input"
                        prop:value=move || name.get()
                        on:input:target=move |ev| name.set(ev.target().value()) />
                </label>
                <p class="status" data-testid="db-name-folded">
                    {move || names::database_name(&name.get()).ok().map(|n| format!("stored as {n}"))}
                </p>
                <FieldError error=typed_problem(name, names::database_name) testid="db-name-error" />
                <label>
                    "S3 location"
                    <input type="text" placeholder="s3://your-bucket/path/" data-testid="db-location-input"
                        prop:value=move || location_uri.get()
                        on:input:target=move |ev| location_uri.set(ev.target().value()) />
                </label>
                <FieldError error=typed_problem(location_uri, location::s3_location) testid="db-location-error" />
            </div>
            <label class="wide">
                "Description"
                <textarea data-testid="db-description-input"
                    prop:value=move || description.get()
                    on:input:target=move |ev| description.set(ev.target().value())></textarea>
            </label>
            <FieldError error=typed_problem(description, limits::description) testid="db-description-error" />
            <div class="actions">
                <button data-testid="db-save" disabled=move || built.with(Result::is_err) on:click=save>"Create database"</button>
                <button class="secondary" data-testid="db-cancel" on:click=move |_| on_done.run(())>"Cancel"</button>
                <span class="status" data-testid="db-status">{move || status.get()}</span>
            </div>
        </section>
    }
}
