//! Creating a table by hand, as in the Glue console: database, name, description, columns and partition
//! keys with their Hive types, a format preset (Input/Output formats and SerDe as the crawler writes them),
//! S3 location and custom parameters. Save stays disabled until core accepts every field; saving makes
//! version 1 of the table (cause: edit).

use std::collections::HashSet;

use glueprint_core::catalog::{FormatPreset, Parameters, StorageDescriptor, Table};
use glueprint_core::store::{Base, Cause, Change, Op};
use glueprint_core::{limits, location, names};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::columns_editor::{self, ColumnDraft, ColumnsEditor};
use super::parameters_editor::ParametersEditor;
use super::table_card::{FieldError, typed_problem};
use crate::catalog::{Selection, use_catalog};

/// What the form holds, as typed.
#[derive(Clone, Copy)]
struct Fields {
    /// The database picked; one that no longer exists (or none yet) means the first there is.
    database: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    columns: RwSignal<Vec<ColumnDraft>>,
    partition_keys: RwSignal<Vec<ColumnDraft>>,
    preset: RwSignal<FormatPreset>,
    location: RwSignal<String>,
    /// `None` while a parameter row is invalid (the editor says why).
    parameters: RwSignal<Option<Parameters>>,
}

impl Fields {
    /// The table as typed into `database`, or the first problem.
    fn table(&self, database: String) -> Result<Table, String> {
        let message = |e: glueprint_core::Error| e.message().to_owned();
        if database.is_empty() {
            return Err("choose a database (create one first if there is none)".to_owned());
        }
        let name = names::table_name(&self.name.get()).map_err(message)?;
        let description = limits::description(&self.description.get()).map_err(message)?;
        let columns = self.columns.with(|c| columns_editor::columns(c))?;
        if columns.is_empty() {
            return Err("a table needs at least one column".to_owned());
        }
        let partition_keys = self
            .partition_keys
            .with(|c| columns_editor::columns(c))
            .map_err(|e| format!("partition key: {e}"))?;
        let mut seen = HashSet::new();
        if let Some(twice) = columns
            .iter()
            .chain(&partition_keys)
            .find(|c| !seen.insert(c.name.as_str()))
        {
            return Err(format!(
                "column {} is named twice (partition keys count too)",
                twice.name
            ));
        }
        let location = match self.location.get().trim() {
            "" => None,
            raw => Some(location::s3_location(raw).map_err(message)?),
        };
        let custom = self
            .parameters
            .get()
            .ok_or_else(|| "fix the parameters first".to_owned())?;
        let preset = self.preset.get();
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        // Like the crawler: `classification` on the table and its storage descriptor; the user's own
        // parameters go on the table and may override it.
        let classification =
            Parameters::from([("classification".into(), preset.classification().into())]);
        let mut parameters = classification.clone();
        parameters.extend(custom);
        Ok(Table {
            name,
            database_name: database,
            description,
            partition_keys,
            storage: StorageDescriptor {
                columns,
                location,
                format: preset.storage_format(&names),
                compressed: false,
                parameters: classification,
            },
            parameters,
        })
    }
}

#[component]
pub fn TableForm(on_done: Callback<()>) -> impl IntoView {
    let catalog = use_catalog();
    let fields = Fields {
        database: RwSignal::new(String::new()),
        name: RwSignal::new(String::new()),
        description: RwSignal::new(String::new()),
        columns: RwSignal::new(vec![ColumnDraft::first()]),
        partition_keys: RwSignal::new(Vec::new()),
        preset: RwSignal::new(FormatPreset::Parquet),
        location: RwSignal::new(String::new()),
        parameters: RwSignal::new(Some(Parameters::new())),
    };
    let database = Memo::new(move |_| {
        let picked = fields.database.get();
        catalog.snapshot.with(|s| {
            if s.databases.contains_key(&picked) {
                picked
            } else {
                s.databases.keys().next().cloned().unwrap_or_default()
            }
        })
    });
    let built = Memo::new(move |_| fields.table(database.get()));
    let status = RwSignal::new(String::new());
    let format = Memo::new(move |_| {
        let names: Vec<String> = fields
            .columns
            .with(|c| columns_editor::columns(c))
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.name)
            .collect();
        fields.preset.get().storage_format(&names)
    });
    let save = move |_| {
        let Ok(table) = built.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let selection = Selection {
                database: table.database_name.clone(),
                table: table.name.clone(),
                column: None,
            };
            let change = Change::one(Op::SaveTable {
                table: Box::new(table),
                base: Base::New,
                cause: Cause::Edit,
                notes: Vec::new(),
            });
            match catalog.commit(change).await {
                Ok(()) => {
                    catalog.selected.set(Some(selection));
                    on_done.run(());
                }
                Err(e) => status.set(format!("Not saved: {}", e.message())),
            }
        });
    };

    view! {
        <section class="card curate-form" data-testid="table-form">
            <h2>"New table"</h2>
            <div class="placement">
                <label>
                    "Database"
                    <select data-testid="table-database-select"
                        prop:value=move || database.get()
                        on:change:target=move |ev| fields.database.set(ev.target().value())>
                        {move || catalog.snapshot.with(|s| s.databases.keys().map(|name| {
                            view! { <option value=name.clone()>{name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <label>
                    "Name"
                    <input type="text" data-testid="table-name-input"
                        prop:value=move || fields.name.get()
                        on:input:target=move |ev| fields.name.set(ev.target().value()) />
                </label>
                <p class="status" data-testid="table-name-folded">
                    {move || names::table_name(&fields.name.get()).ok().map(|n| format!("stored as {n}"))}
                </p>
                <FieldError testid="table-name-error" error=typed_problem(fields.name, names::table_name) />
                <label>
                    "Format"
                    <select data-testid="format-preset"
                        prop:value=move || fields.preset.get().label()
                        on:change:target=move |ev| if let Some(p) = FormatPreset::from_label(&ev.target().value()) { fields.preset.set(p) }>
                        {FormatPreset::ALL.into_iter().map(|p| view! { <option value=p.label()>{p.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "S3 location"
                    <input type="text" placeholder="s3://your-bucket/path/to/table/" data-testid="table-location-input"
                        prop:value=move || fields.location.get()
                        on:input:target=move |ev| fields.location.set(ev.target().value()) />
                </label>
                <FieldError testid="table-location-error" error=typed_problem(fields.location, location::s3_location) />
            </div>
            <dl class="facts format-facts">
                <dt>"SerDe"</dt><dd><code data-testid="format-serde">{move || format.with(|f| f.serde.serialization_library.clone())}</code></dd>
                <dt>"Input format"</dt><dd><code data-testid="format-input">{move || format.with(|f| f.input_format.clone())}</code></dd>
                <dt>"Output format"</dt><dd><code data-testid="format-output">{move || format.with(|f| f.output_format.clone())}</code></dd>
            </dl>
            <label class="wide">
                "Description"
                <textarea data-testid="table-description-input"
                    prop:value=move || fields.description.get()
                    on:input:target=move |ev| fields.description.set(ev.target().value())></textarea>
            </label>
            <h3>"Columns"</h3>
            <ColumnsEditor rows=fields.columns testid="columns-editor" add_label="Add column" />
            <h3>"Partition keys"</h3>
            <ColumnsEditor rows=fields.partition_keys testid="partition-keys-editor" add_label="Add partition key" />
            <h3>"Table parameters"</h3>
            <ParametersEditor initial=Parameters::new() on_change=Callback::new(move |p| fields.parameters.set(p)) />
            <div class="actions">
                <button data-testid="table-save" disabled=move || built.with(Result::is_err) on:click=save>"Create table"</button>
                <button class="secondary" data-testid="table-cancel" on:click=move |_| on_done.run(())>"Cancel"</button>
                <span class="status" data-testid="table-form-problem">{move || built.get().err()}</span>
                <span class="error" data-testid="table-form-status">{move || status.get()}</span>
            </div>
        </section>
    }
}
