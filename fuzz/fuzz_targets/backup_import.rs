//! The catalog backup importer: `store::backup::parse`, then `import_change` and the import itself. A
//! change `import_change` makes must apply whole ("validates everything it reads before writing
//! anything"): into an empty catalog, and merged into the catalog it made; the catalog it made exports
//! again as a backup that parses.
#![no_main]

use glueprint_core::store::backup::{self, ImportMode};
use glueprint_core::store::{MemoryStore, Snapshot, Store, load};
use glueprint_fuzz::{TEXT_ERRORS, checked, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(parsed) = checked("backup::parse", TEXT_ERRORS, backup::parse(&text)) else {
        return;
    };
    let replace = backup::import_change(&parsed, ImportMode::Replace, &Snapshot::default());
    let Some(replace) = checked("import_change (replace)", TEXT_ERRORS, replace) else {
        return;
    };
    let store = MemoryStore::new();
    if let Err(e) = run(store.commit(&replace, 1_000)) {
        panic!("an accepted backup does not import into an empty catalog: {e}");
    }
    let exported = run(backup::export(&store)).expect("an imported catalog exports");
    let json = backup::to_json(&exported).expect("an exported backup is JSON");
    if let Err(e) = backup::parse(&json) {
        panic!("the re-exported backup does not parse: {e}");
    }
    let snapshot = run(load(&store)).expect("an imported catalog loads");
    let merge = backup::import_change(&parsed, ImportMode::Merge, &snapshot)
        .expect("a backup that imports into an empty catalog merges into the one it made");
    if let Err(e) = run(store.commit(&merge, 2_000)) {
        panic!("a backup does not merge into the catalog it made: {e}");
    }
});
