//! Glueprint in the browser. Two programs share this library: the page (`src/main.rs`: the Leptos app)
//! and the crawl worker (`src/bin/crawl_worker.rs`), which reads and infers files off the UI thread.

mod aws_session;
mod catalog;
mod components;
pub mod crawl;
mod fetch;
mod io;
mod store;

/// Mounts the app on the page.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::App);
}
