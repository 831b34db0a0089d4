//! Shows its children once the Schema Registry's checkers are loaded (`crate::registry_engine`), and
//! starts loading them when first shown: the page's first load carries none of their code, and they
//! arrive while the reviewer reads the lists.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::registry_engine;

#[component]
pub fn CheckersGate(children: ChildrenFn) -> impl IntoView {
    let loaded = RwSignal::new(registry_engine::is_loaded());
    let failed = RwSignal::new(None::<String>);
    if !loaded.get_untracked() {
        spawn_local(async move {
            // The gate may be gone by the time the module arrives: `try_set` then does nothing.
            match registry_engine::load().await {
                Ok(()) => {
                    loaded.try_set(true);
                }
                Err(e) => {
                    failed.try_set(Some(e.message().to_owned()));
                }
            }
        });
    }
    move || {
        if loaded.get() {
            children().into_any()
        } else if let Some(message) = failed.get() {
            view! { <p class="error" role="alert" data-testid="checkers-error">{message}</p> }
                .into_any()
        } else {
            view! { <p class="status" data-testid="checkers-loading">"Loading the Schema Registry's checkers…"</p> }.into_any()
        }
    }
}
