//! The whole catalog as one JSON file, and the change that imports it.
//!
//! Lossless by construction: tables travel with their whole version history and partitions as stored, the
//! output is deterministic (key order, no export timestamp), so export → import (replace) → export gives
//! identical bytes. Database revisions are a concurrency detail of one store and are not exported.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::change::{Base, Change, Op};
use super::record::{self, Cause, SchemaRecord, TableRecord};
use super::{Snapshot, Store, load, partitions};
use crate::catalog::{Database, Partition};
use crate::registry::{self, Registry};
use crate::{Error, Result};

/// Marks a file as a Glueprint backup and says which store format its records use.
const MARKER: &str = "glueprintBackup";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Backup {
    #[serde(rename = "glueprintBackup")]
    pub format: u32,
    pub databases: Vec<Database>,
    pub tables: Vec<TableRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<TablePartitions>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registries: Vec<Registry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SchemaRecord>,
}

/// The partitions of one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TablePartitions {
    pub database: String,
    pub table: String,
    pub partitions: Vec<Partition>,
}

/// How an import meets what the catalog already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Keep what is there; imported databases update theirs, imported tables become new versions of
    /// existing ones (cause `import`) or new tables with their history.
    Merge,
    /// Replace the whole catalog (settings stay).
    Replace,
}

/// The backup of everything in `store`. Fails rather than silently skipping a record it cannot read.
pub async fn export(store: &impl Store) -> Result<Backup> {
    let snapshot = load(store).await?;
    if let Some(problem) = snapshot.problems.first() {
        return Err(Error::malformed(format!(
            "the catalog holds a record that cannot be read, so a backup would not be complete: {problem}"
        )));
    }
    let mut tables_partitions = Vec::new();
    for (database, table) in snapshot.tables.keys() {
        let (found, problems) = partitions(store, database, table).await?;
        if let Some(problem) = problems.first() {
            return Err(Error::malformed(format!(
                "cannot back up a partition: {problem}"
            )));
        }
        if !found.is_empty() {
            tables_partitions.push(TablePartitions {
                database: database.clone(),
                table: table.clone(),
                partitions: found,
            });
        }
    }
    Ok(Backup {
        format: record::FORMAT,
        databases: snapshot
            .databases
            .into_values()
            .map(|r| r.database)
            .collect(),
        tables: snapshot.tables.into_values().collect(),
        partitions: tables_partitions,
        registries: snapshot
            .registries
            .into_values()
            .map(|r| r.registry)
            .collect(),
        schemas: snapshot.schemas.into_values().collect(),
    })
}

/// The backup file's text: pretty JSON with a final newline.
pub fn to_json(backup: &Backup) -> Result<String> {
    let mut text = serde_json::to_string_pretty(backup)
        .map_err(|e| Error::invalid(format!("cannot write the backup: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The format number of a backup file, read without decoding the rest.
#[derive(Deserialize)]
struct Stamp {
    #[serde(rename = "glueprintBackup")]
    format: Option<serde_json::Value>,
}

/// Reads a backup file, checking what a store would refuse before anything is written. The file decodes
/// straight from its text once its format is known, as stored records do ([`record::decode`]).
pub fn parse(text: &str) -> Result<Backup> {
    let stamp: Stamp = serde_json::from_str(text)
        .map_err(|e| Error::malformed(format!("not a Glueprint backup: not JSON ({e})")))?;
    let format = stamp
        .format
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            Error::malformed(format!(
                "not a Glueprint backup: no \"{MARKER}\" format number at the top level"
            ))
        })?;
    if format != u64::from(record::FORMAT) {
        return Err(Error::unsupported(format!(
            "the backup uses store format {format}; this Glueprint reads format {}",
            record::FORMAT
        )));
    }
    let backup: Backup = serde_json::from_str(text)
        .map_err(|e| Error::malformed(format!("the backup does not decode: {e}")))?;
    for table in &backup.tables {
        let name = table
            .current()
            .map(|v| format!("{}.{}", v.table.database_name, v.table.name))
            .unwrap_or_default();
        record::check_table_record(&format!("table {name} in the backup"), table)?;
        if table.versions.iter().any(|v| {
            table
                .current()
                .is_some_and(|c| c.table.database_name != v.table.database_name)
        }) {
            return Err(Error::malformed(format!(
                "table {name} in the backup has versions in different databases"
            )));
        }
    }
    for schema in &backup.schemas {
        let name = format!("{}.{}", schema.schema.registry, schema.schema.name);
        record::check_schema_record(&format!("schema {name} in the backup"), schema)?;
    }
    check_contents(&backup)?;
    Ok(backup)
}

/// Checks that a backup holds nothing twice (a second copy would overwrite the first, or be refused by
/// the store as already existing), that every schema name, registry name and definition is one the store
/// accepts, and that the partitions of each table the backup holds have a value per partition key: what
/// can be checked of the file alone, before [`import_change`] checks what it refers to.
fn check_contents(backup: &Backup) -> Result<()> {
    let twice = |what: String| Error::malformed(format!("the backup holds {what} twice"));
    let mut databases = BTreeSet::new();
    for database in &backup.databases {
        if !databases.insert(database.name.as_str()) {
            return Err(twice(format!("database {}", database.name)));
        }
    }
    // Partition key counts by (database, table).
    let mut tables = BTreeMap::new();
    for table in backup.tables.iter().filter_map(|r| r.current()) {
        let table = &table.table;
        let id = (table.database_name.as_str(), table.name.as_str());
        if tables.insert(id, table.partition_keys.len()).is_some() {
            return Err(twice(format!(
                "table {}.{}",
                table.database_name, table.name
            )));
        }
    }
    for group in &backup.partitions {
        let Some(&keys) = tables.get(&(group.database.as_str(), group.table.as_str())) else {
            continue;
        };
        if let Some(partition) = group.partitions.iter().find(|p| p.values.len() != keys) {
            return Err(Error::malformed(format!(
                "partition ({}) of table {}.{} in the backup has {} values for {keys} partition keys",
                partition.values.join(", "),
                group.database,
                group.table,
                partition.values.len()
            )));
        }
    }
    let mut registries = BTreeSet::new();
    for registry in &backup.registries {
        registry::check_name("registry", &registry.name)?;
        if !registries.insert(registry.name.as_str()) {
            return Err(twice(format!("registry {}", registry.name)));
        }
    }
    let mut schemas = BTreeSet::new();
    for record in &backup.schemas {
        let schema = &record.schema;
        registry::check_name("schema", &schema.name)?;
        if !schemas.insert((schema.registry.as_str(), schema.name.as_str())) {
            return Err(twice(format!("schema {}.{}", schema.registry, schema.name)));
        }
        for version in &record.versions {
            registry::check_definition(&version.definition)?;
        }
    }
    Ok(())
}

/// Checks that what the backup's records refer to will be there when its change is applied: each table's
/// database, each partition's table and each schema's registry, in the backup or, when merging, in the
/// catalog. Otherwise the store would refuse the change half-way (writing nothing), with an error worded
/// for two tabs editing one catalog that would not say what is wrong with the file.
fn check_references(backup: &Backup, mode: ImportMode, current: &Snapshot) -> Result<()> {
    let merge = mode == ImportMode::Merge;
    let held = if merge {
        "neither the backup nor the catalog holds"
    } else {
        "the backup does not hold"
    };
    for table in backup.tables.iter().filter_map(|r| r.current()) {
        let database = table.table.database_name.as_str();
        let known = backup.databases.iter().any(|d| d.name == database)
            || (merge && current.databases.contains_key(database));
        if !known {
            return Err(Error::malformed(format!(
                "table {database}.{} in the backup is in database {database}, which {held}",
                table.table.name
            )));
        }
    }
    for group in &backup.partitions {
        let (database, table) = (group.database.as_str(), group.table.as_str());
        let known = backup
            .tables
            .iter()
            .filter_map(|r| r.current())
            .any(|v| v.table.database_name == database && v.table.name == table)
            || (merge && current.table(database, table).is_some());
        if !known {
            return Err(Error::malformed(format!(
                "the backup holds partitions of table {database}.{table}, which {held}"
            )));
        }
    }
    for schema in backup.schemas.iter().map(|r| &r.schema) {
        let registry = schema.registry.as_str();
        let known = backup.registries.iter().any(|r| r.name == registry)
            || (merge && current.registries.contains_key(registry));
        if !known {
            return Err(Error::malformed(format!(
                "schema {registry}.{} in the backup is in registry {registry}, which {held}",
                schema.name
            )));
        }
    }
    Ok(())
}

/// The one change that imports `backup` into a catalog currently holding `current`, or a
/// [`Malformed`](crate::ErrorKind::Malformed) error when a record refers to a database, table or registry
/// that would not be there (see [`check_references`]).
pub fn import_change(backup: &Backup, mode: ImportMode, current: &Snapshot) -> Result<Change> {
    check_references(backup, mode, current)?;
    let mut ops = Vec::new();
    let replace = mode == ImportMode::Replace;
    if replace {
        ops.push(Op::Clear);
    }
    for database in &backup.databases {
        let revision = if replace {
            None
        } else {
            current.databases.get(&database.name).map(|r| r.revision)
        };
        ops.push(Op::PutDatabase {
            database: database.clone(),
            revision,
        });
    }
    for record in &backup.tables {
        let Some(latest) = record.current() else {
            continue;
        };
        let exists = !replace
            && current
                .table(&latest.table.database_name, &latest.table.name)
                .is_some();
        if !exists {
            ops.push(Op::PutTableRecord {
                record: record.clone(),
            });
            continue;
        }
        ops.push(Op::SaveTable {
            table: Box::new(latest.table.clone()),
            base: Base::Latest,
            cause: Cause::Import,
            notes: latest.notes.clone(),
        });
        if let Some(statistics) = &record.statistics {
            ops.push(Op::PutStatistics {
                database: latest.table.database_name.clone(),
                table: latest.table.name.clone(),
                statistics: statistics.clone(),
            });
        }
    }
    for group in &backup.partitions {
        ops.push(Op::PutPartitions {
            database: group.database.clone(),
            table: group.table.clone(),
            partitions: group.partitions.clone(),
        });
    }
    for registry in &backup.registries {
        let revision = if replace {
            None
        } else {
            current.registries.get(&registry.name).map(|r| r.revision)
        };
        ops.push(Op::PutRegistry {
            registry: registry.clone(),
            revision,
        });
    }
    for imported in &backup.schemas {
        let id = (
            imported.schema.registry.clone(),
            imported.schema.name.clone(),
        );
        let existing = current.schemas.get(&id).filter(|_| !replace);
        ops.push(match existing {
            None => Op::PutSchema {
                record: Box::new(imported.clone()),
                base: None,
            },
            Some(existing) => Op::PutSchema {
                record: Box::new(merge_schema(existing, imported)),
                base: Some(existing.latest_number()),
            },
        });
    }
    Ok(Change { ops })
}

/// A schema that exists on both sides keeps its own versions; each imported version whose text it does
/// not hold yet is appended as a new version, in the backup's order (numbers are per store, so they are
/// given anew). The imported schema's settings (compatibility mode, description) win, as an imported
/// table's latest version does.
fn merge_schema(existing: &SchemaRecord, imported: &SchemaRecord) -> SchemaRecord {
    let mut merged = existing.clone();
    merged.schema = imported.schema.clone();
    for version in &imported.versions {
        if merged
            .versions
            .iter()
            .all(|v| v.definition != version.definition)
        {
            let mut added = version.clone();
            added.number = merged.latest_number().saturating_add(1);
            merged.versions.push(added);
        }
    }
    merged
}
