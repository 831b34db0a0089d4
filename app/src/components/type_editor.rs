//! A Hive type typed by hand, parsed by core on every keystroke: the error with its position while it
//! does not parse, the canonical Glue spelling once it does (so `ARRAY < INT >` shows as `array<int>`,
//! which is what will be stored).

use glueprint_core::types::HiveType;
use leptos::prelude::*;

/// `raw` parsed: the canonical spelling, or the parser's message (which names the position).
pub fn parse(raw: &str) -> Result<HiveType, String> {
    raw.parse::<HiveType>().map_err(|e| e.message().to_owned())
}

#[component]
pub fn TypeEditor(value: Signal<String>, on_input: Callback<String>) -> impl IntoView {
    let parsed = Memo::new(move |_| value.with(|raw| parse(raw).map(|t| t.to_string())));
    view! {
        <div class="type-editor">
            <input type="text" spellcheck="false" autocomplete="off" data-testid="type-input"
                class:invalid=move || parsed.with(Result::is_err)
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value()) />
            {move || match parsed.get() {
                Ok(canonical) => view! { <code class="canonical" data-testid="type-canonical">{canonical}</code> }.into_any(),
                Err(message) => view! { <p class="error" data-testid="type-error">{message}</p> }.into_any(),
            }}
        </div>
    }
}
