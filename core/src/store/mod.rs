//! The catalog's storage: records, changes and their semantics, independent of where bytes are kept.
//!
//! The app keeps the catalog in IndexedDB and tests keep it in memory; both implement [`Store`] with a few
//! primitive operations, and everything that decides what a change means (versions, conflicts, cascades,
//! migrations) lives here once, so the native tests of [`MemoryStore`] test the browser's semantics too.

pub mod backup;
pub mod change;
pub mod memory;
pub mod record;

use std::collections::BTreeMap;

pub use change::{Base, Change, Op, Transaction};
pub use memory::MemoryStore;
pub use record::{
    Cause, DatabaseRecord, RegistryRecord, SavedStatistics, SchemaRecord, Space, TableRecord,
    TableVersion,
};

use crate::Result;
use crate::catalog::Partition;

/// A place that keeps records and applies [`Change`]s atomically.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every `(key, record)` of `space` whose key starts with `prefix`, in key order.
    async fn read(&self, space: Space, prefix: &str) -> Result<Vec<(String, String)>>;
    /// Applies `change` in one transaction: all of it or, on any error, none of it.
    async fn commit(&self, change: &Change, now_ms: i64) -> Result<()>;
}

/// The catalog as loaded: databases and tables with their histories (partitions are read per table), and
/// the Schema Registry's registries and schemas with their versions.
/// Records that could not be read are listed in `problems` and left untouched in the store; the rest loads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub databases: BTreeMap<String, DatabaseRecord>,
    /// Keyed by `(database, table)`.
    pub tables: BTreeMap<(String, String), TableRecord>,
    pub registries: BTreeMap<String, RegistryRecord>,
    /// Keyed by `(registry, schema)`.
    pub schemas: BTreeMap<(String, String), SchemaRecord>,
    pub problems: Vec<String>,
}

impl Snapshot {
    /// The tables of one database, in name order.
    pub fn tables_of<'a>(
        &'a self,
        database: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a TableRecord)> + 'a {
        self.tables
            .iter()
            .filter(move |((db, _), _)| db == database)
            .map(|((_, name), record)| (name.as_str(), record))
    }

    pub fn table(&self, database: &str, table: &str) -> Option<&TableRecord> {
        self.tables.get(&(database.to_owned(), table.to_owned()))
    }
}

/// Reads the whole catalog but partitions.
pub async fn load(store: &impl Store) -> Result<Snapshot> {
    let mut snapshot = Snapshot::default();
    for (key, text) in store.read(Space::Databases, "").await? {
        match record::decode::<DatabaseRecord>(Space::Databases, &format!("database {key}"), &text)
        {
            Ok(record) => {
                snapshot.databases.insert(key, record);
            }
            Err(e) => snapshot.problems.push(e.message().to_owned()),
        }
    }
    for (key, text) in store.read(Space::Tables, "").await? {
        let what = format!("table {}", change::display_key(&key));
        let decoded = record::decode::<TableRecord>(Space::Tables, &what, &text)
            .and_then(|r| record::check_table_record(&what, &r).map(|()| r));
        match decoded {
            Ok(record) => {
                if let Some(current) = record.current() {
                    let id = (
                        current.table.database_name.clone(),
                        current.table.name.clone(),
                    );
                    snapshot.tables.insert(id, record);
                }
            }
            Err(e) => snapshot.problems.push(e.message().to_owned()),
        }
    }
    for (key, text) in store.read(Space::Registries, "").await? {
        match record::decode::<RegistryRecord>(Space::Registries, &format!("registry {key}"), &text)
        {
            Ok(record) => {
                snapshot.registries.insert(key, record);
            }
            Err(e) => snapshot.problems.push(e.message().to_owned()),
        }
    }
    for (key, text) in store.read(Space::Schemas, "").await? {
        let what = format!("schema {}", change::display_key(&key));
        let decoded = record::decode::<SchemaRecord>(Space::Schemas, &what, &text)
            .and_then(|r| record::check_schema_record(&what, &r).map(|()| r));
        match decoded {
            Ok(record) => {
                let id = (record.schema.registry.clone(), record.schema.name.clone());
                snapshot.schemas.insert(id, record);
            }
            Err(e) => snapshot.problems.push(e.message().to_owned()),
        }
    }
    Ok(snapshot)
}

/// The partitions of one table, in key order. Undecodable ones are reported in the second list.
pub async fn partitions(
    store: &impl Store,
    database: &str,
    table: &str,
) -> Result<(Vec<Partition>, Vec<String>)> {
    let mut good = Vec::new();
    let mut problems = Vec::new();
    for (key, text) in store
        .read(Space::Partitions, &record::prefix(&[database, table]))
        .await?
    {
        let what = format!("partition {}", change::display_key(&key));
        match record::decode::<Partition>(Space::Partitions, &what, &text) {
            Ok(partition) => good.push(partition),
            Err(e) => problems.push(e.message().to_owned()),
        }
    }
    Ok((good, problems))
}

/// How many partitions are stored under `parts` (`[database]` or `[database, table]`): what a delete of
/// that database or table takes with it.
pub async fn partition_count(store: &impl Store, parts: &[&str]) -> Result<usize> {
    Ok(store
        .read(Space::Partitions, &record::prefix(parts))
        .await?
        .len())
}

/// A stored setting (JSON text), if any.
pub async fn setting(store: &impl Store, key: &str) -> Result<Option<String>> {
    Ok(store
        .read(Space::Settings, key)
        .await?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value))
}
