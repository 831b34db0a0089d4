//! The page: mounts the app. Everything lives in the library (`src/lib.rs`).

fn main() {
    glueprint_app::mount();
}
