//! Where files come in: drag and drop, the file picker, or the folder picker. Single files get a card
//! each; a folder (dropped or picked) goes to the crawler, which groups its files into tables.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{File, FileList};

use crate::crawl::entries::{self, PathFile};

fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

#[component]
pub fn DropZone(
    on_files: impl Fn(Vec<File>) + Copy + 'static,
    on_folder: impl Fn(Result<Vec<PathFile>, String>) + Copy + 'static,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <div
            class="drop-zone"
            class:dragging=move || dragging.get()
            data-testid="drop-zone"
            on:dragover=move |ev| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev| {
                ev.prevent_default();
                dragging.set(false);
                let Some(transfer) = ev.data_transfer() else { return };
                let dropped = entries::dropped_entries(&transfer);
                if dropped.iter().any(|e| e.is_directory()) {
                    spawn_local(async move { on_folder(entries::walk(dropped).await) });
                } else {
                    on_files(files_of(transfer.files()));
                }
            }
        >
            <p>"Drop Parquet, ORC, Avro, JSON or CSV files here (compressed too), or a folder to crawl"</p>
            <label class="button">
                "Choose files"
                <input
                    type="file"
                    multiple
                    data-testid="file-input"
                    on:change:target=move |ev| {
                        let input = ev.target();
                        on_files(files_of(input.files()));
                        // Let the same file be picked again.
                        input.set_value("");
                    }
                />
            </label>
            <label class="button">
                "Choose a folder"
                <input
                    type="file"
                    prop:webkitdirectory=true
                    data-testid="folder-input"
                    on:change:target=move |ev| {
                        let input = ev.target();
                        if let Some(list) = input.files() {
                            on_folder(Ok(entries::from_list(&list)));
                        }
                        input.set_value("");
                    }
                />
            </label>
        </div>
    }
}
