//! The text area a schema definition is typed, pasted or dropped into. A dropped `.avsc`, `.json` or
//! `.proto` file (or one pasted from the file manager) is read as text through [`io::read_schema_file`]:
//! UTF-8 within Glue's 170,000 characters, or an error under the area saying why, and the text is left
//! as it was. Pasted text is the browser's own paste.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::FileList;

use crate::io;

/// `value` is the text; `on_edit` runs after every change, typed or read from a file.
#[component]
pub fn SchemaTextArea(
    value: RwSignal<String>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
    rows: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let problem = RwSignal::new(String::new());
    let edited = move || {
        if let Some(on_edit) = on_edit {
            on_edit.run(());
        }
    };
    // Reads the first file of `files`, if there is one; tells whether there was.
    let take = move |files: Option<FileList>| -> bool {
        let Some(file) = files.and_then(|list| list.item(0)) else {
            return false;
        };
        spawn_local(async move {
            match io::read_schema_file(&file).await {
                Ok(text) => {
                    problem.set(String::new());
                    value.set(text);
                    edited();
                }
                Err(e) => problem.set(format!("Not read: {}", e.message())),
            }
        });
        true
    };
    let error_testid = format!("{testid}-error");
    view! {
        <textarea rows=rows data-testid=testid
            prop:value=move || value.get()
            on:input:target=move |ev| {
                value.set(ev.target().value());
                problem.set(String::new());
                edited();
            }
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                if take(ev.data_transfer().and_then(|t| t.files())) {
                    ev.prevent_default();
                }
            }
            on:paste=move |ev| {
                if take(ev.clipboard_data().and_then(|t| t.files())) {
                    ev.prevent_default();
                }
            }></textarea>
        {move || (!problem.get().is_empty()).then(|| view! {
            <p class="error" role="alert" data-testid=error_testid.clone()>{problem.get()}</p>
        })}
    }
}
