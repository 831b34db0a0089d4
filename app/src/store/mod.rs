//! The catalog in IndexedDB, behind core's [`Store`] trait, and the channel that keeps tabs in step.
//!
//! One object store per [`Space`], string keys, JSON-text values (core's record format, so a stored record
//! reads the same in the browser and in the native tests). A change runs core's [`change::apply`] inside one
//! `readwrite` transaction over every object store: any error drops the transaction, which rolls back, so
//! nothing is ever half-written; a reload at any moment sees either the whole change or none of it.

mod sync;

use glueprint_core::store::{Change, Space, Store, Transaction, change};
use glueprint_core::{Error, Result};
use indexed_db_futures::KeyRange;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

pub use sync::Sync;

/// The IndexedDB database name.
const DB_NAME: &str = "glueprint";
/// The IndexedDB schema version: which object stores exist. Record shapes are versioned separately by
/// core's store format, so most migrations never need a new schema version.
const SCHEMA_VERSION: u32 = 2;

/// The schema version that created a space's object store: 1 for the data catalog, 2 for the Schema
/// Registry.
fn introduced_in(space: Space) -> u32 {
    match space {
        Space::Databases | Space::Tables | Space::Partitions | Space::Settings => 1,
        Space::Registries | Space::Schemas => 2,
    }
}

pub struct IdbStore {
    db: Database,
}

/// A readable sentence for an IndexedDB failure, naming the ones a user can act on.
fn idb_error(what: &str, err: impl std::fmt::Display) -> Error {
    let text = err.to_string();
    if text.contains("QuotaExceeded") || text.to_lowercase().contains("quota") {
        Error::io(format!(
            "{what}: the browser's storage quota for this page is full. Nothing was saved. Free space by \
             deleting tables or old versions, or export a backup and clear the catalog."
        ))
    } else {
        Error::io(format!("{what}: {text}"))
    }
}

impl IdbStore {
    /// Opens (creating or upgrading) the catalog database. `on_blocked` runs when another tab holds an
    /// older version open and the upgrade must wait for it to close.
    pub async fn open(on_blocked: impl Fn() + 'static) -> Result<Self> {
        let db = Database::open(DB_NAME)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_event| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                // Each schema version creates the object stores it introduced, so a database at any
                // older version is brought up to date step by step and keeps its records.
                let old = event.old_version();
                for space in Space::ALL {
                    if old < f64::from(introduced_in(space)) {
                        db.create_object_store(space.name()).build()?;
                    }
                }
                Ok(())
            })
            .await
            .map_err(|e| idb_error("cannot open the catalog", e))?;
        Ok(Self { db })
    }
}

/// Keys from `prefix` (inclusive) up to the last key starting with it.
fn prefix_range(prefix: &str) -> KeyRange<String> {
    KeyRange::Bound(
        prefix.to_owned(),
        false,
        format!("{prefix}\u{10FFFF}"),
        false,
    )
}

struct IdbTransaction<'a> {
    tx: &'a indexed_db_futures::transaction::Transaction<'a>,
}

impl IdbTransaction<'_> {
    fn store(&self, space: Space) -> Result<indexed_db_futures::object_store::ObjectStore<'_>> {
        self.tx
            .object_store(space.name())
            .map_err(|e| idb_error("cannot open an object store", e))
    }
}

impl Transaction for IdbTransaction<'_> {
    async fn get(&mut self, space: Space, key: &str) -> Result<Option<String>> {
        self.store(space)?
            .get(key)
            .primitive()
            .map_err(|e| idb_error("cannot read", e))?
            .await
            .map_err(|e| idb_error("cannot read", e))
    }

    async fn put(&mut self, space: Space, key: &str, value: String) -> Result<()> {
        self.store(space)?
            .put(value)
            .with_key(key.to_owned())
            .primitive()
            .map_err(|e| idb_error("cannot save", e))?
            .await
            .map(|_: String| ())
            .map_err(|e| idb_error("cannot save", e))
    }

    async fn delete(&mut self, space: Space, key: &str) -> Result<()> {
        self.store(space)?
            .delete(key)
            .primitive()
            .map_err(|e| idb_error("cannot delete", e))?
            .await
            .map_err(|e| idb_error("cannot delete", e))
    }

    async fn keys_with_prefix(&mut self, space: Space, prefix: &str) -> Result<Vec<String>> {
        let keys = self
            .store(space)?
            .get_all_keys::<String>()
            .with_query::<String, _>(prefix_range(prefix))
            .primitive()
            .map_err(|e| idb_error("cannot list", e))?
            .await
            .map_err(|e| idb_error("cannot list", e))?;
        keys.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| idb_error("cannot list", e))
    }
}

/// A stored value as the text core's record decoder reads. Records are JSON text; anything else is given
/// to the decoder as its JSON rendering (or a note that it has none), which the decoder then reports as a
/// record it cannot read.
fn record_text(value: &wasm_bindgen::JsValue) -> String {
    value.as_string().unwrap_or_else(|| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| "(a stored value that is not text)".to_owned())
    })
}

impl Store for IdbStore {
    async fn read(&self, space: Space, prefix: &str) -> Result<Vec<(String, String)>> {
        let tx = self
            .db
            .transaction(space.name())
            .build()
            .map_err(|e| idb_error("cannot read the catalog", e))?;
        let mut reader = IdbTransaction { tx: &tx };
        let keys = reader.keys_with_prefix(space, prefix).await?;
        // Values are read as they are, not as strings: a record that is not text (written by another program,
        // or damaged) must become one listed problem, not a failure that hides the whole catalog.
        let values = reader
            .store(space)?
            .get_all::<wasm_bindgen::JsValue>()
            .with_query::<String, _>(prefix_range(prefix))
            .primitive()
            .map_err(|e| idb_error("cannot read the catalog", e))?
            .await
            .map_err(|e| idb_error("cannot read the catalog", e))?
            .map(|value| value.map(|v| record_text(&v)))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| idb_error("cannot read the catalog", e))?;
        // Both lists come from one transaction over one range, so they line up.
        Ok(keys.into_iter().zip(values).collect())
    }

    async fn commit(&self, change: &Change, now_ms: i64) -> Result<()> {
        let names: Vec<&str> = Space::ALL.iter().map(|s| s.name()).collect();
        let tx = self
            .db
            .transaction(names)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(|e| idb_error("cannot start saving", e))?;
        // On error, `tx` is dropped uncommitted: indexed_db_futures aborts it, which rolls everything back.
        change::apply(&mut IdbTransaction { tx: &tx }, change, now_ms).await?;
        tx.commit()
            .await
            .map_err(|e| idb_error("cannot save the catalog", e))
    }
}
