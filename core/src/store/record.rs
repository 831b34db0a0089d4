//! What the store keeps, record by record, and how a record is written and read back.
//!
//! Every record is one JSON document tagged with the store format it was written in (`"format": N`). Reading
//! a record runs the migrations from its format to [`FORMAT`], so an older store opens in a newer app without
//! loss; a record from a *newer* format is refused (never rewritten), so an older app open in another tab
//! cannot damage what a newer one wrote.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{Database, Partition, Table};
use crate::registry::{Registry, Schema, SchemaVersion};
use crate::stats::table::TableStatistics;
use crate::{Error, Result};

/// The store format this build writes. Raise it with a migration step in [`migrate`] whenever a record's
/// shape changes incompatibly.
pub const FORMAT: u32 = 1;

/// Separates the parts of a composite key. Glue names and partition values cannot contain NUL (their
/// pattern starts at U+0009), so keys never collide and a table's keys share the prefix `db␀table␀`.
pub const KEY_SEPARATOR: char = '\0';

/// Why a table version exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Cause {
    /// Inferred from files.
    Crawl,
    /// Changed by hand.
    Edit,
    /// Brought in from a backup.
    Import,
    /// An earlier version made current again.
    Restore { from: u32 },
}

impl Cause {
    /// A word or two for lists of versions.
    pub fn label(&self) -> String {
        match self {
            Cause::Crawl => "crawl".into(),
            Cause::Edit => "edit".into(),
            Cause::Import => "import".into(),
            Cause::Restore { from } => format!("restore of version {from}"),
        }
    }
}

/// One version of a table: the whole table as it was, when and why it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableVersion {
    /// 1, 2, 3, ... in order of creation; never reused.
    pub number: u32,
    /// Milliseconds since the Unix epoch, from the caller's clock (core has none).
    pub created_ms: i64,
    pub cause: Cause,
    pub table: Table,
    /// The inference explanations of a crawled version, kept so the table page can still show them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A table with its whole history. The last version is the current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRecord {
    pub versions: Vec<TableVersion>,
    /// The column statistics of the last crawl that sampled the table. Beside the versions, as Glue keeps
    /// them beside the table: they describe the data, so an edit of the table keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<SavedStatistics>,
}

/// Column statistics as saved, with the time of the crawl that measured them (Glue's `AnalyzedTime`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedStatistics {
    /// Milliseconds since the Unix epoch.
    pub analyzed_ms: i64,
    #[serde(flatten)]
    pub table: TableStatistics,
}

impl TableRecord {
    /// The current version. A record is never stored without one (see [`decode`]).
    pub fn current(&self) -> Option<&TableVersion> {
        self.versions.last()
    }

    pub fn current_number(&self) -> u32 {
        self.current().map_or(0, |v| v.number)
    }

    pub fn version(&self, number: u32) -> Option<&TableVersion> {
        self.versions.iter().find(|v| v.number == number)
    }
}

/// The object stores (IndexedDB) or maps (memory) of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Space {
    Databases,
    Tables,
    Partitions,
    Settings,
    /// Schema Registry registries, keyed by name.
    Registries,
    /// Schema Registry schemas with their versions, keyed by `registry␀schema`.
    Schemas,
}

impl Space {
    pub const ALL: [Space; 6] = [
        Space::Databases,
        Space::Tables,
        Space::Partitions,
        Space::Settings,
        Space::Registries,
        Space::Schemas,
    ];

    /// The object store name.
    pub fn name(self) -> &'static str {
        match self {
            Space::Databases => "databases",
            Space::Tables => "tables",
            Space::Partitions => "partitions",
            Space::Settings => "settings",
            Space::Registries => "registries",
            Space::Schemas => "schemas",
        }
    }
}

pub fn table_key(database: &str, table: &str) -> String {
    format!("{database}{KEY_SEPARATOR}{table}")
}

/// Prefix shared by the keys of every table of a database, or every partition of a table.
pub fn prefix(parts: &[&str]) -> String {
    let mut key = String::new();
    for part in parts {
        key.push_str(part);
        key.push(KEY_SEPARATOR);
    }
    key
}

pub fn partition_key(database: &str, table: &str, partition: &Partition) -> String {
    partition_values_key(database, table, &partition.values)
}

/// The key of the partition of `table` with these values.
pub fn partition_values_key(database: &str, table: &str, values: &[String]) -> String {
    let mut key = prefix(&[database, table]);
    key.push_str(&values.join(&KEY_SEPARATOR.to_string()));
    key
}

/// The record as stored: `"format"`, then its fields. Written as text straight from the record (every
/// record is a JSON object) rather than through a `serde_json::Value`, which would put a second encoder of
/// every record type in the browser build.
pub fn encode<T: Serialize>(record: &T) -> Result<String> {
    let text = serde_json::to_string(record)
        .map_err(|e| Error::invalid(format!("cannot store record: {e}")))?;
    match text.strip_prefix('{') {
        Some("}") => Ok(format!("{{\"format\":{FORMAT}}}")),
        Some(fields) => Ok(format!("{{\"format\":{FORMAT},{fields}")),
        None => Err(Error::invalid(format!(
            "cannot store record: it is not a JSON object ({text:.40})"
        ))),
    }
}

/// The format number of a stored record, read without decoding the rest.
#[derive(Deserialize)]
struct Stamp {
    format: Option<Value>,
}

/// A stored record read back, migrated to the current format. `what` names it in errors.
///
/// A current record decodes straight from its text (its `"format"` field is ignored): every record type
/// then decodes through one JSON deserializer, the one the rest of the app uses, instead of a second copy
/// of its decoder for `serde_json::Value` (the browser build is smaller for it). Only an older record
/// goes through a `Value`, to be migrated.
pub fn decode<T: DeserializeOwned>(space: Space, what: &str, text: &str) -> Result<T> {
    let not_json =
        |e: serde_json::Error| Error::malformed(format!("stored {what} is not JSON: {e}"));
    let stamp: Stamp = serde_json::from_str(text).map_err(not_json)?;
    let format = stamp
        .format
        .as_ref()
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::malformed(format!("stored {what} has no format number")))?;
    let format = u32::try_from(format).unwrap_or(u32::MAX);
    if format > FORMAT {
        return Err(Error::unsupported(format!(
            "stored {what} was written by a newer Glueprint (store format {format}; this one reads up to \
             {FORMAT}); it is left untouched: open the newer version to use it"
        )));
    }
    let migrated;
    let text = if format == FORMAT {
        text
    } else {
        let mut value: Value = serde_json::from_str(text).map_err(not_json)?;
        migrate(space, format, &mut value)?;
        migrated = value.to_string();
        migrated.as_str()
    };
    let record: T = serde_json::from_str(text)
        .map_err(|e| Error::malformed(format!("stored {what} does not decode: {e}")))?;
    Ok(record)
}

/// Upgrades a record from `format` to [`FORMAT`], one step at a time. Format 1 is the first; each later
/// format adds one arm here and a fixture of the older format in the tests.
fn migrate(_space: Space, format: u32, _value: &mut Value) -> Result<()> {
    match format {
        FORMAT => Ok(()),
        older => Err(Error::malformed(format!(
            "store format {older} never existed; the first is 1"
        ))),
    }
}

/// Checks the invariants a decoded table record must hold, so the rest of the app can rely on them.
pub fn check_table_record(what: &str, record: &TableRecord) -> Result<()> {
    if record.versions.is_empty() {
        return Err(Error::malformed(format!("stored {what} has no versions")));
    }
    check_ascending(what, record.versions.iter().map(|v| v.number))
}

/// Version numbers must go up, one record at a time, or "latest" and "based on version N" mean nothing.
fn check_ascending(what: &str, numbers: impl Iterator<Item = u32>) -> Result<()> {
    let mut previous = 0;
    for number in numbers {
        if number <= previous {
            return Err(Error::malformed(format!(
                "stored {what} has versions out of order"
            )));
        }
        previous = number;
    }
    Ok(())
}

/// A database record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseRecord {
    pub database: Database,
    /// Bumped by every change, so an edit based on an older copy is refused.
    pub revision: u32,
}

/// A registry record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryRecord {
    pub registry: Registry,
    /// Bumped by every change, so an edit based on an older copy is refused.
    pub revision: u32,
}

/// A schema with every version registered so far. The last version is the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaRecord {
    pub schema: Schema,
    pub versions: Vec<SchemaVersion>,
    /// Bumped by every write based on a stored copy (a version, the mode, metadata), so such a write made
    /// from an older copy is refused even when no version was added since: another tab's metadata or
    /// mode change is never silently overwritten. 0 in records and backups from before it existed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl SchemaRecord {
    /// The number of the latest version, 0 before the first.
    pub fn latest_number(&self) -> u32 {
        self.versions.last().map_or(0, |v| v.number)
    }
}

/// Checks the invariants a decoded schema record must hold: versions numbered upwards.
pub fn check_schema_record(what: &str, record: &SchemaRecord) -> Result<()> {
    check_ascending(what, record.versions.iter().map(|v| v.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_stored_with_its_format_first_and_reads_back() {
        let record = RegistryRecord {
            registry: Registry {
                name: "governance".into(),
                description: None,
            },
            revision: 3,
        };
        let text = encode(&record).unwrap_or_default();
        assert_eq!(
            text,
            format!(r#"{{"format":{FORMAT},"registry":{{"name":"governance"}},"revision":3}}"#)
        );
        let back: Result<RegistryRecord> = decode(Space::Registries, "registry", &text);
        assert_eq!(back.ok(), Some(record));
        // An object without fields still gets its stamp; a value that is no object is refused.
        assert_eq!(
            encode(&serde_json::Map::new()).unwrap_or_default(),
            format!(r#"{{"format":{FORMAT}}}"#)
        );
        assert!(encode(&7).is_err());
    }
}
