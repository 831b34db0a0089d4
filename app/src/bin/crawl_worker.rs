//! The crawl worker: a dedicated Web Worker that reads and infers files so the page never blocks. Trunk
//! builds it from index.html (`data-type="worker"`); the page starts it from `crawl_worker_loader.js`.

fn main() {
    glueprint_app::crawl::worker::run();
}
