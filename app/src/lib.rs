//! Glueprint in the browser. Three programs share this library: the page (`src/main.rs`: the Leptos
//! app), the crawl worker (`src/bin/crawl_worker.rs`), which reads and infers files off the UI thread,
//! and the Schema Registry's checkers (`src/bin/registry_engine.rs`), which the page loads when first
//! needed.

mod aws_session;
mod catalog;
mod components;
pub mod crawl;
mod decimal;
mod fetch;
mod io;
pub mod registry_engine;
mod store;

/// Mounts the app on the page.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::App);
}
