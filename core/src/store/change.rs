//! Changes to the catalog, applied all-or-nothing with optimistic concurrency.
//!
//! A [`Change`] is a list of operations. [`apply`] runs them inside one storage transaction: every check
//! happens before the transaction commits, and a failed check fails the whole change, so a crawl or an
//! import that stops half-way leaves nothing half-written. Writes to a table name the version they were
//! based on; when another tab has saved a newer version since, the write is refused with
//! [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) instead of overwriting it (no lost update).

use crate::catalog::{Database, Partition, Table};
use crate::registry::{self, Registry};
use crate::store::record::{
    self, Cause, DatabaseRecord, RegistryRecord, SavedStatistics, SchemaRecord, Space, TableRecord,
    TableVersion, decode, encode,
};
use crate::{Error, Result};

/// The primitive operations of one storage transaction. Implemented by the in-memory store and by the
/// app's IndexedDB store; everything above them (checks, versions, cascades) is written once, in [`apply`].
#[allow(async_fn_in_trait)]
pub trait Transaction {
    async fn get(&mut self, space: Space, key: &str) -> Result<Option<String>>;
    async fn put(&mut self, space: Space, key: &str, value: String) -> Result<()>;
    async fn delete(&mut self, space: Space, key: &str) -> Result<()>;
    /// Keys starting with `prefix`, in key order.
    async fn keys_with_prefix(&mut self, space: Space, prefix: &str) -> Result<Vec<String>>;
}

/// What a table write was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The table must not exist yet.
    New,
    /// The table's current version must still be this one.
    Version(u32),
    /// Whatever is current (a crawl, or an import in merge mode): the write becomes the next version.
    Latest,
}

/// One operation of a [`Change`].
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Creates the database (`revision` None) or updates it (`revision` = the one edited).
    PutDatabase {
        database: Database,
        revision: Option<u32>,
    },
    /// Deletes a database with all its tables and partitions.
    DeleteDatabase { name: String },
    /// Saves `table` as a new version of `table.database_name`.`table.name`. Only a version that differs
    /// from the current one is added; saving an identical table is a no-op.
    SaveTable {
        table: Box<Table>,
        base: Base,
        cause: Cause,
        notes: Vec<String>,
    },
    /// Renames a table, keeping its history and partitions.
    RenameTable {
        database: String,
        from: String,
        to: String,
        base: u32,
    },
    /// Deletes a table with its history and partitions.
    DeleteTable {
        database: String,
        name: String,
        base: u32,
    },
    /// Adds or replaces partitions (matched by their values).
    PutPartitions {
        database: String,
        table: String,
        partitions: Vec<Partition>,
    },
    /// Deletes partitions (matched by their values); values that match none are ignored, so a re-crawl
    /// that removes what another tab already removed still succeeds.
    DeletePartitions {
        database: String,
        table: String,
        values: Vec<Vec<String>>,
    },
    /// Puts a whole table record (all versions) as it is, replacing any: restoring a backup.
    PutTableRecord { record: TableRecord },
    /// Replaces the column statistics of a table that exists (or is created earlier in the change).
    PutStatistics {
        database: String,
        table: String,
        statistics: SavedStatistics,
    },
    /// Deletes everything but settings: the first step of an import in replace mode.
    Clear,
    /// Stores a user setting (JSON text).
    PutSetting { key: String, value: String },
    /// Creates a registry (`revision` None) or updates it (`revision` = the one edited).
    PutRegistry {
        registry: Registry,
        revision: Option<u32>,
    },
    /// Deletes a registry with all its schemas.
    DeleteRegistry { name: String },
    /// Writes a schema with its versions. `base` is the latest version number the write was based on
    /// (`None`: the schema must not exist yet), so a registration racing another tab is refused; a write
    /// with a base must also carry the stored [`SchemaRecord::revision`] it was made from.
    PutSchema {
        record: Box<SchemaRecord>,
        base: Option<u32>,
    },
    /// Deletes a schema with all its versions.
    DeleteSchema { registry: String, name: String },
}

/// An ordered list of operations applied atomically.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Change {
    pub ops: Vec<Op>,
}

impl Change {
    pub fn one(op: Op) -> Self {
        Self { ops: vec![op] }
    }
}

/// Runs `change` in `txn`. `now_ms` stamps new versions. On error the caller must abort the transaction.
pub async fn apply(txn: &mut impl Transaction, change: &Change, now_ms: i64) -> Result<()> {
    for op in &change.ops {
        apply_op(txn, op, now_ms).await?;
    }
    Ok(())
}

async fn apply_op(txn: &mut impl Transaction, op: &Op, now_ms: i64) -> Result<()> {
    match op {
        Op::PutDatabase { database, revision } => put_database(txn, database, *revision).await,
        Op::DeleteDatabase { name } => {
            if read_database(txn, name).await?.is_none() {
                return Err(missing_database(name));
            }
            txn.delete(Space::Databases, name).await?;
            delete_prefix(txn, Space::Tables, &record::prefix(&[name])).await?;
            delete_prefix(txn, Space::Partitions, &record::prefix(&[name])).await
        }
        Op::SaveTable {
            table,
            base,
            cause,
            notes,
        } => save_table(txn, table, *base, cause, notes, now_ms).await,
        Op::RenameTable {
            database,
            from,
            to,
            base,
        } => rename_table(txn, database, from, to, *base, now_ms).await,
        Op::DeleteTable {
            database,
            name,
            base,
        } => {
            let key = record::table_key(database, name);
            check_base(
                read_table(txn, &key).await?.as_ref(),
                Base::Version(*base),
                &key,
            )?;
            txn.delete(Space::Tables, &key).await?;
            delete_prefix(txn, Space::Partitions, &record::prefix(&[database, name])).await
        }
        Op::PutPartitions {
            database,
            table,
            partitions,
        } => {
            let key = record::table_key(database, table);
            let Some(current) = read_table(txn, &key).await? else {
                return Err(Error::conflict(format!(
                    "table {} does not exist (deleted in another tab?)",
                    display_key(&key)
                )));
            };
            let keys = current
                .current()
                .map_or(0, |v| v.table.partition_keys.len());
            for partition in partitions {
                if partition.values.len() != keys {
                    return Err(Error::invalid(format!(
                        "partition ({}) has {} values but table {} has {keys} partition keys",
                        partition.values.join(", "),
                        partition.values.len(),
                        display_key(&key)
                    )));
                }
                let partition_key = record::partition_key(database, table, partition);
                txn.put(Space::Partitions, &partition_key, encode(partition)?)
                    .await?;
            }
            Ok(())
        }
        Op::DeletePartitions {
            database,
            table,
            values,
        } => {
            for values in values {
                let key = record::partition_values_key(database, table, values);
                txn.delete(Space::Partitions, &key).await?;
            }
            Ok(())
        }
        Op::PutTableRecord { record } => {
            let Some(current) = record.current() else {
                return Err(Error::invalid("a table record needs at least one version"));
            };
            let key = record::table_key(&current.table.database_name, &current.table.name);
            record::check_table_record(&display_key(&key), record)?;
            if read_database(txn, &current.table.database_name)
                .await?
                .is_none()
            {
                return Err(missing_database(&current.table.database_name));
            }
            txn.put(Space::Tables, &key, encode(record)?).await
        }
        Op::PutStatistics {
            database,
            table,
            statistics,
        } => {
            let key = record::table_key(database, table);
            let Some(mut record) = read_table(txn, &key).await? else {
                return Err(missing_table(&key));
            };
            record.statistics = Some(statistics.clone());
            txn.put(Space::Tables, &key, encode(&record)?).await
        }
        Op::PutSetting { key, value } => txn.put(Space::Settings, key, value.clone()).await,
        Op::PutRegistry { registry, revision } => put_registry(txn, registry, *revision).await,
        Op::DeleteRegistry { name } => {
            if read_registry(txn, name).await?.is_none() {
                return Err(missing_registry(name));
            }
            txn.delete(Space::Registries, name).await?;
            delete_prefix(txn, Space::Schemas, &record::prefix(&[name])).await
        }
        Op::PutSchema { record, base } => put_schema(txn, record, *base).await,
        Op::DeleteSchema { registry, name } => {
            let key = record::table_key(registry, name);
            if txn.get(Space::Schemas, &key).await?.is_none() {
                return Err(missing_schema(&key));
            }
            txn.delete(Space::Schemas, &key).await
        }
        Op::Clear => {
            for space in [
                Space::Databases,
                Space::Tables,
                Space::Partitions,
                Space::Registries,
                Space::Schemas,
            ] {
                delete_prefix(txn, space, "").await?;
            }
            Ok(())
        }
    }
}

async fn put_database(
    txn: &mut impl Transaction,
    database: &Database,
    revision: Option<u32>,
) -> Result<()> {
    let stored = read_database(txn, &database.name).await?;
    let next = next_revision(
        &format!("database {}", database.name),
        stored.map(|r| r.revision),
        revision,
    )?;
    let record = DatabaseRecord {
        database: database.clone(),
        revision: next,
    };
    txn.put(Space::Databases, &database.name, encode(&record)?)
        .await
}

async fn save_table(
    txn: &mut impl Transaction,
    table: &Table,
    base: Base,
    cause: &Cause,
    notes: &[String],
    now_ms: i64,
) -> Result<()> {
    if read_database(txn, &table.database_name).await?.is_none() {
        return Err(missing_database(&table.database_name));
    }
    let key = record::table_key(&table.database_name, &table.name);
    let existing = read_table(txn, &key).await?;
    check_base(existing.as_ref(), base, &key)?;
    let mut record = existing.unwrap_or(TableRecord {
        versions: Vec::new(),
        statistics: None,
    });
    if record.current().is_some_and(|v| v.table == *table) {
        return Ok(());
    }
    let number = record.current_number().saturating_add(1);
    record.versions.push(TableVersion {
        number,
        created_ms: now_ms,
        cause: cause.clone(),
        table: table.clone(),
        notes: notes.to_vec(),
    });
    txn.put(Space::Tables, &key, encode(&record)?).await
}

async fn rename_table(
    txn: &mut impl Transaction,
    database: &str,
    from: &str,
    to: &str,
    base: u32,
    now_ms: i64,
) -> Result<()> {
    let from_key = record::table_key(database, from);
    let to_key = record::table_key(database, to);
    let existing = read_table(txn, &from_key).await?;
    check_base(existing.as_ref(), Base::Version(base), &from_key)?;
    if read_table(txn, &to_key).await?.is_some() {
        return Err(Error::conflict(format!(
            "table {} already exists",
            display_key(&to_key)
        )));
    }
    let Some(mut record) = existing else {
        return Err(missing_table(&from_key));
    };
    let Some(current) = record.current() else {
        return Err(missing_table(&from_key));
    };
    let mut renamed = current.table.clone();
    renamed.name = to.to_owned();
    let number = record.current_number().saturating_add(1);
    // Earlier versions keep their old name: the history shows what the table was called then.
    record.versions.push(TableVersion {
        number,
        created_ms: now_ms,
        cause: Cause::Edit,
        table: renamed,
        notes: Vec::new(),
    });
    txn.delete(Space::Tables, &from_key).await?;
    txn.put(Space::Tables, &to_key, encode(&record)?).await?;
    let old_prefix = record::prefix(&[database, from]);
    for key in txn.keys_with_prefix(Space::Partitions, &old_prefix).await? {
        let Some(text) = txn.get(Space::Partitions, &key).await? else {
            continue;
        };
        let partition: Partition = decode(Space::Partitions, "partition", &text)?;
        txn.delete(Space::Partitions, &key).await?;
        let new_key = record::partition_key(database, to, &partition);
        txn.put(Space::Partitions, &new_key, encode(&partition)?)
            .await?;
    }
    Ok(())
}

async fn put_registry(
    txn: &mut impl Transaction,
    registry: &Registry,
    revision: Option<u32>,
) -> Result<()> {
    registry::check_name("registry", &registry.name)?;
    registry::check_description(registry.description.as_deref().unwrap_or_default())?;
    let stored = read_registry(txn, &registry.name).await?;
    let next = next_revision(
        &format!("registry {}", registry.name),
        stored.map(|r| r.revision),
        revision,
    )?;
    let record = RegistryRecord {
        registry: registry.clone(),
        revision: next,
    };
    txn.put(Space::Registries, &registry.name, encode(&record)?)
        .await
}

async fn put_schema(
    txn: &mut impl Transaction,
    record: &SchemaRecord,
    base: Option<u32>,
) -> Result<()> {
    let schema = &record.schema;
    registry::check_name("schema", &schema.name)?;
    registry::check_description(schema.description.as_deref().unwrap_or_default())?;
    if read_registry(txn, &schema.registry).await?.is_none() {
        return Err(missing_registry(&schema.registry));
    }
    let key = record::table_key(&schema.registry, &schema.name);
    let what = format!("schema {}", display_key(&key));
    record::check_schema_record(&what, record)?;
    for version in &record.versions {
        registry::check_definition(&version.definition)?;
    }
    let stored = match txn.get(Space::Schemas, &key).await? {
        Some(text) => Some(decode::<SchemaRecord>(Space::Schemas, &what, &text)?),
        None => None,
    };
    match (stored, base) {
        (Some(_), None) => Err(Error::conflict(format!("{what} already exists"))),
        (None, Some(_)) => Err(missing_schema(&key)),
        (Some(stored), Some(base)) if stored.latest_number() != base => {
            Err(Error::conflict(format!(
                "{what} is at version {} but this change was based on version {base}: a version was \
                 registered elsewhere (another tab?). Nothing was saved; reload and check again.",
                stored.latest_number()
            )))
        }
        (Some(stored), Some(_)) if stored.revision != record.revision => {
            Err(Error::conflict(format!(
                "{what} was changed elsewhere (another tab?) since this change was made from it. \
                 Nothing was saved; reload and try again."
            )))
        }
        (_, None) => txn.put(Space::Schemas, &key, encode(record)?).await,
        (_, Some(_)) => {
            let mut written = record.clone();
            written.revision = record.revision.saturating_add(1);
            txn.put(Space::Schemas, &key, encode(&written)?).await
        }
    }
}

/// The revision a database or registry write gets: 1 for a new one, the stored one plus one for an edit
/// of the current revision; a conflict for anything else.
fn next_revision(what: &str, stored: Option<u32>, base: Option<u32>) -> Result<u32> {
    match (stored, base) {
        (None, None) => Ok(1),
        (Some(_), None) => Err(Error::conflict(format!("{what} already exists"))),
        (None, Some(_)) => Err(Error::conflict(format!(
            "{what} does not exist (deleted in another tab?)"
        ))),
        (Some(stored), Some(base)) if stored != base => Err(Error::conflict(format!(
            "{what} was changed elsewhere (another tab?) since you opened it; reload it and edit again"
        ))),
        (Some(stored), Some(_)) => Ok(stored.saturating_add(1)),
    }
}

async fn read_registry(txn: &mut impl Transaction, name: &str) -> Result<Option<RegistryRecord>> {
    match txn.get(Space::Registries, name).await? {
        Some(text) => decode(Space::Registries, &format!("registry {name}"), &text).map(Some),
        None => Ok(None),
    }
}

fn check_base(existing: Option<&TableRecord>, base: Base, key: &str) -> Result<()> {
    match (existing, base) {
        (Some(_), Base::New) => Err(Error::conflict(format!(
            "table {} already exists",
            display_key(key)
        ))),
        (None, Base::Version(_)) => Err(Error::conflict(format!(
            "table {} no longer exists (deleted or renamed in another tab?)",
            display_key(key)
        ))),
        (Some(record), Base::Version(n)) if record.current_number() != n => {
            Err(Error::conflict(format!(
                "table {} is at version {} but this edit was based on version {n}: it was changed \
                 elsewhere (another tab?). Nothing was saved; reload the table and edit again.",
                display_key(key),
                record.current_number()
            )))
        }
        _ => Ok(()),
    }
}

async fn read_database(txn: &mut impl Transaction, name: &str) -> Result<Option<DatabaseRecord>> {
    match txn.get(Space::Databases, name).await? {
        Some(text) => decode(Space::Databases, &format!("database {name}"), &text).map(Some),
        None => Ok(None),
    }
}

async fn read_table(txn: &mut impl Transaction, key: &str) -> Result<Option<TableRecord>> {
    let Some(text) = txn.get(Space::Tables, key).await? else {
        return Ok(None);
    };
    let what = format!("table {}", display_key(key));
    let record: TableRecord = decode(Space::Tables, &what, &text)?;
    record::check_table_record(&what, &record)?;
    Ok(Some(record))
}

async fn delete_prefix(txn: &mut impl Transaction, space: Space, prefix: &str) -> Result<()> {
    for key in txn.keys_with_prefix(space, prefix).await? {
        txn.delete(space, &key).await?;
    }
    Ok(())
}

/// `db.table` for messages.
pub fn display_key(key: &str) -> String {
    key.replace(record::KEY_SEPARATOR, ".")
}

fn missing_database(name: &str) -> Error {
    Error::conflict(format!(
        "database {name} does not exist (deleted in another tab?)"
    ))
}

fn missing_registry(name: &str) -> Error {
    Error::conflict(format!(
        "registry {name} does not exist (deleted in another tab?)"
    ))
}

fn missing_schema(key: &str) -> Error {
    Error::conflict(format!("schema {} does not exist", display_key(key)))
}

fn missing_table(key: &str) -> Error {
    Error::conflict(format!("table {} does not exist", display_key(key)))
}
