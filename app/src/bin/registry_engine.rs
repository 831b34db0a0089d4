//! The Schema Registry's checkers as a module of their own (see `registry_engine` in the library): Trunk
//! builds it from index.html, and the page imports it the first time its registry workbench needs it.

use wasm_bindgen::prelude::*;

/// Answers one JSON request from the page with the JSON of core's answer.
#[wasm_bindgen]
pub fn call(request: &str) -> String {
    glueprint_app::registry_engine::serve(request)
}

fn main() {
    console_error_panic_hook::set_once();
}
