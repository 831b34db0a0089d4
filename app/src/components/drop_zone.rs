//! Where files come in: drag and drop, or the file picker.

use leptos::prelude::*;
use web_sys::{File, FileList};

fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

#[component]
pub fn DropZone(on_files: impl Fn(Vec<File>) + Copy + 'static) -> impl IntoView {
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
                on_files(files_of(ev.data_transfer().and_then(|dt| dt.files())));
            }
        >
            <p>"Drop Parquet, ORC, Avro, JSON or CSV files here (compressed too)"</p>
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
        </div>
    }
}
