//! One schema as Glue API requests (`core::export::registry`): CreateRegistry for its registry,
//! CreateSchema with its first version, RegisterSchemaVersion for each later AVAILABLE one, each file with
//! Copy and Download, built only while the section is open.

use glueprint_core::export::registry;
use glueprint_core::store::SchemaRecord;
use leptos::prelude::*;

use super::super::export_panel::ExportFileView;
use crate::catalog::use_catalog;

#[component]
pub fn RequestsExport(record: Memo<Option<SchemaRecord>>) -> impl IntoView {
    let catalog = use_catalog();
    let open = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let files = move || {
        if !open.get() {
            return Vec::new();
        }
        record.with(|r| {
            let Some(r) = r.as_ref() else {
                return Vec::new();
            };
            catalog.snapshot.with(|s| {
                s.registries
                    .get(&r.schema.registry)
                    .map(|stored| registry::files(&stored.registry, &[r]))
                    .unwrap_or_default()
            })
        })
    };
    view! {
        <div class="registry-export" data-testid="registry-export">
            <button class="secondary" data-testid="registry-export-toggle"
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Hide Glue requests" } else { "Export as Glue requests…" }}
            </button>
            {move || files().into_iter().map(|file| view! { <ExportFileView file status /> }).collect_view()}
            <p class="status" data-testid="registry-export-status">{move || status.get()}</p>
        </div>
    }
}
