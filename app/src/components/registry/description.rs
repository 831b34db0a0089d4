//! A registry's or schema's description (Glue's `Description`): shown as text, edited in place, checked
//! against Glue's limits as typed (at most 2,048 characters, no control characters but tab and line
//! breaks). Saving hands the text to the owner, whose store write refuses an edit made from a copy
//! another tab has changed since.

use glueprint_core::registry;
use leptos::prelude::*;

use super::super::table_card::{FieldError, typed_problem};

/// `current` is the stored description; `on_save` gets the edited one (empty: none).
#[component]
pub fn DescriptionEditor(
    #[prop(into)] current: Signal<Option<String>>,
    on_save: Callback<String>,
    testid: &'static str,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let open = move |_| {
        draft.set(current.get_untracked().unwrap_or_default());
        editing.set(true);
    };
    let save = move |_| {
        editing.set(false);
        on_save.run(draft.get_untracked());
    };
    let counted = move || {
        format!(
            "{} / {} characters",
            draft.with(|d| d.chars().count()),
            registry::MAX_DESCRIPTION_CHARS
        )
    };
    view! {
        <div class="description" data-testid=testid>
            {move || if editing.get() {
                view! {
                    <textarea rows="3" data-testid="description-input"
                        prop:value=move || draft.get()
                        on:input:target=move |ev| draft.set(ev.target().value())></textarea>
                    <FieldError error=typed_problem(draft, registry::check_description) testid="description-error" />
                    <div class="actions">
                        <button data-testid="description-save"
                            disabled=move || draft.with(|d| registry::check_description(d).is_err())
                            on:click=save>"Save description"</button>
                        <button class="secondary" data-testid="description-cancel"
                            on:click=move |_| editing.set(false)>"Cancel"</button>
                        <span class="status">{counted}</span>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p>
                        <span data-testid="description-text">{move || current.get().unwrap_or_default()}</span>" "
                        <button class="link" data-testid="description-edit" on:click=open>"edit description"</button>
                    </p>
                }.into_any()
            }}
        </div>
    }
}
