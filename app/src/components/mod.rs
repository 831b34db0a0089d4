//! The page: a drop zone and one card per dropped file.

mod drop_zone;
mod table_card;

use leptos::prelude::*;
use web_sys::File;

use drop_zone::DropZone;
use table_card::TableCard;

/// A file the user gave us, with a stable key for the list.
#[derive(Clone)]
struct Dropped {
    key: usize,
    file: File,
}

#[component]
pub fn App() -> impl IntoView {
    // `File` is a JS object (not `Send`), hence a local signal.
    let files = RwSignal::new_local(Vec::<Dropped>::new());
    let next_key = StoredValue::new(0usize);
    let add_files = move |added: Vec<File>| {
        files.update(|files| {
            for file in added {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                files.push(Dropped { key, file });
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
        <main>
            <DropZone on_files=add_files />
            <section class="cards" aria-live="polite">
                <For each=move || files.get() key=|dropped| dropped.key let:dropped>
                    <TableCard file=dropped.file />
                </For>
            </section>
        </main>
    }
}
