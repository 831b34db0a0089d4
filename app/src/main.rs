//! Glueprint in the browser: mounts the app. Everything else lives in the modules below.

mod catalog;
mod components;
mod io;
mod store;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::App);
}
