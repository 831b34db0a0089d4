//! The page: a drop zone, one card per dropped file, and the crawl panel for a dropped folder.

mod catalog_panel;
mod column_stats;
mod columns_editor;
mod confirm;
mod crawl_panel;
mod curate;
mod database_actions;
mod database_form;
mod drop_zone;
mod export_panel;
mod parameters_editor;
mod partitions_view;
mod pii_badge;
mod publish_panel;
mod registry;
mod table_actions;
mod table_card;
mod table_form;
mod table_page;
mod type_editor;

use leptos::prelude::*;
use web_sys::File;

use catalog_panel::CatalogPanel;
use crawl_panel::CrawlPanel;
use curate::Curate;
use drop_zone::DropZone;
use registry::RegistryWorkbench;
use table_card::{DroppedProgress, TableCard};
use table_page::TablePage;

use crate::catalog::CatalogState;
use crate::crawl::dropped::{Answer, DroppedReader};
use crate::crawl::entries::PathFile;

/// A file the user gave us, with a stable key for the list (also its request id for the reader) and
/// its answer once read.
#[derive(Clone)]
struct Dropped {
    key: u32,
    name: String,
    answer: RwSignal<Option<Answer>>,
}

#[component]
pub fn App() -> impl IntoView {
    let catalog = CatalogState::start();
    crate::aws_session::AwsSession::provide();
    let files = RwSignal::new(Vec::<Dropped>::new());
    let next_key = StoredValue::new(0u32);
    let reader = StoredValue::new_local(DroppedReader::new(move |key, answer| {
        let card =
            files.with_untracked(|files| files.iter().find(|d| d.key == key).map(|d| d.answer));
        if let Some(card) = card {
            card.set(Some(answer));
        }
    }));
    let folder = RwSignal::new_local(Vec::<PathFile>::new());
    let folder_error = RwSignal::new(String::new());
    let set_folder = move |walked: Result<Vec<PathFile>, String>| match walked {
        Ok(found) => {
            folder_error.set(String::new());
            folder.set(found);
        }
        Err(e) => folder_error.set(format!("Cannot read the dropped folder: {e}")),
    };
    let add_files = move |added: Vec<File>| {
        files.update(|files| {
            for file in &added {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                let name = file.name();
                let answer = RwSignal::new(None);
                files.push(Dropped { key, name, answer });
            }
        });
        // Sent once the cards exist, so no answer can come before its card.
        let first = next_key.get_value() - added.len() as u32;
        reader.with_value(|reader| {
            for (key, file) in (first..).zip(added) {
                reader.read(key, file);
            }
        });
    };

    view! {
        <header>
            <h1>"Glueprint"</h1>
            <p class="tagline">
                "AWS Glue Data Catalog tables from your files. Everything runs in this tab: no byte of your data leaves it."
            </p>
        </header>
        <main class="layout">
            <CatalogPanel />
            <div class="workspace">
                <Curate />
                {move || catalog.selected.get().map(|selection| view! { <TablePage selection /> })}
                <DropZone on_files=add_files on_folder=set_folder />
                {move || (!folder_error.get().is_empty()).then(|| view! {
                    <p class="error" role="alert" data-testid="folder-error">{folder_error.get()}</p>
                })}
                <CrawlPanel folders=folder.read_only() />
                <section class="cards" aria-live="polite">
                    <DroppedProgress read=Signal::derive(move || files.with(|files| {
                        let read = files.iter().filter(|d| d.answer.with(Option::is_some)).count();
                        (read, files.len())
                    })) />
                    <For each=move || files.get() key=|dropped| dropped.key let:dropped>
                        <TableCard file_name=dropped.name answer=dropped.answer.read_only() />
                    </For>
                </section>
                <RegistryWorkbench />
            </div>
        </main>
    }
}
