//! A crawl of a source the catalog already holds: what is new, what changed, what vanished, and what to
//! do about it under the crawler's `SchemaChangePolicy` (glue.md §4.4).
//!
//! * New tables and new partitions are always added, whatever the policy ("The SchemaChangePolicy does not
//!   affect whether or how new tables and partitions are added").
//! * A table whose schema changed (columns added, removed, retyped or moved; partition keys, location,
//!   storage format or a crawler parameter changed) becomes a new version with cause
//!   [`Cause::Crawl`] under [`UpdateBehavior::UpdateInDatabase`] (Glue's default), and is only reported
//!   under [`UpdateBehavior::Log`]. Statistics (`recordCount`, `sizeKey`, ...) change with every upload, so
//!   they alone are no schema change and make no version. Glue's update also drops "metadata that is not
//!   set by the crawler"; Glueprint keeps the table's description and the comments, tags and sensitive-data
//!   decisions (`glueprint.pii.decision`, confirm or dismiss) of the columns that remain, because they are the user's work in this catalog and nothing reads them differently; a column's
//!   sensitive-data conclusions are this crawl's when it sampled the column ([`crate::pii::recrawled`]).
//!   Changed partitions (their own columns, format or location) are replaced under the same rule. When the
//!   partition keys changed and the update is only logged, new partitions are only reported too: they
//!   would not fit the stored table.
//! * A table of the crawled database whose location lies below the crawl's include path but that the crawl
//!   no longer finds, and a stored partition of a crawled table that no longer has files, have vanished:
//!   [`DeleteBehavior::Log`] reports them, [`DeleteBehavior::DeprecateInDatabase`] (Glue's default) adds
//!   the parameter [`DEPRECATED_PARAMETER`] with the crawl time to a vanished table (Glue documents
//!   deprecation for tables only: vanished partitions are reported), and
//!   [`DeleteBehavior::DeleteFromDatabase`] deletes them. Without an include path (`location`) nothing can
//!   be said to lie below it, so no table vanishes.
//!
//! The result is data: one [`Finding`] per observation, and the [`Change`] to commit, whose table writes
//! are based on the versions read, so a concurrent edit in another tab makes the commit fail rather than be
//! overwritten.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{Database, Partition, Table};
use crate::crawl::leaf::STATISTICS;
use crate::crawl::{CrawlResult, CrawledTable};
use crate::diff::{self, DiffKind, Difference};
use crate::store::{Base, Cause, Change, Op, SavedStatistics, Snapshot, TableRecord};

/// The table parameter a deprecated table gets; its value is the crawl time (milliseconds since the
/// epoch, from the caller). The CloudFormation reference says Glue adds "a property to the table that says
/// DEPRECATED and includes a timestamp"; the exact key Glue writes is unverified.
pub const DEPRECATED_PARAMETER: &str = "DEPRECATED_BY_CRAWLER";

/// `SchemaChangePolicy.UpdateBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateBehavior {
    /// `LOG`: report changes, change nothing that exists.
    Log,
    /// `UPDATE_IN_DATABASE` (the default): changed tables and partitions are updated.
    #[default]
    UpdateInDatabase,
}

/// `SchemaChangePolicy.DeleteBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeleteBehavior {
    /// `LOG`: report what vanished.
    Log,
    /// `DEPRECATE_IN_DATABASE` (the default): mark vanished tables deprecated.
    #[default]
    DeprecateInDatabase,
    /// `DELETE_FROM_DATABASE`: delete vanished tables and partitions.
    DeleteFromDatabase,
}

/// Glue's `SchemaChangePolicy`; the default is Glue's (update, deprecate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SchemaChangePolicy {
    pub update: UpdateBehavior,
    pub delete: DeleteBehavior,
}

/// What a re-crawl observed about a table or partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    NewTable,
    NewPartition,
    TableChanged,
    PartitionChanged,
    TableVanished,
    PartitionVanished,
}

/// Whether the [`Change`] acts on a finding or it is only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Applied,
    Logged,
}

/// One observation of a re-crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub table: String,
    /// The partition's values, for partition findings.
    pub partition: Option<Vec<String>>,
    pub action: Action,
    pub message: String,
    /// For a changed table: what changed, stored version → crawled.
    pub differences: Vec<Difference>,
}

/// What a re-crawl found and the change that carries out the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Recrawl {
    pub findings: Vec<Finding>,
    pub change: Change,
}

/// Compares `result` with the catalog: `snapshot` (tables) and `stored_partitions`, the stored partitions
/// of each crawled table that exists, keyed by table name (read with [`crate::store::partitions`]).
/// `now_ms` is the crawl time, for deprecation.
pub fn recrawl(
    result: &CrawlResult,
    snapshot: &Snapshot,
    stored_partitions: &BTreeMap<String, Vec<Partition>>,
    policy: SchemaChangePolicy,
    now_ms: i64,
) -> Recrawl {
    let mut out = Recrawl {
        findings: Vec::new(),
        change: Change::default(),
    };
    if !snapshot.databases.contains_key(&result.database) {
        out.change.ops.push(Op::PutDatabase {
            database: Database::named(result.database.clone()),
            revision: None,
        });
    }
    for crawled in &result.tables {
        let name = &crawled.table.name;
        match snapshot.table(&result.database, name) {
            None => new_table(crawled, &mut out),
            Some(record) => {
                existing_table(crawled, record, policy.update, &mut out);
                // Partitions must fit the stored table's keys, unless the update above replaces them.
                let keys_fit = policy.update == UpdateBehavior::UpdateInDatabase
                    || record
                        .current()
                        .is_some_and(|v| v.table.partition_keys == crawled.table.partition_keys);
                let stored = stored_partitions.get(name).map_or(&[][..], Vec::as_slice);
                partitions(crawled, stored, policy, keys_fit, &mut out);
            }
        }
        // The numbers describe the data this crawl read, whatever the policy did with the schema; the
        // same numbers again are no change (they keep the time they were first measured at).
        let stored = snapshot
            .table(&result.database, name)
            .and_then(|r| r.statistics.as_ref())
            .map(|s| &s.table);
        if let Some(statistics) = crawled.statistics.as_ref().filter(|s| Some(*s) != stored) {
            out.change.ops.push(Op::PutStatistics {
                database: result.database.clone(),
                table: name.clone(),
                statistics: SavedStatistics {
                    analyzed_ms: now_ms,
                    table: statistics.clone(),
                },
            });
        }
    }
    let crawled: BTreeSet<&str> = result
        .tables
        .iter()
        .map(|t| t.table.name.as_str())
        .collect();
    if let Some(root) = result.location.as_deref() {
        for (name, record) in snapshot.tables_of(&result.database) {
            let Some(current) = record.current() else {
                continue;
            };
            let below_root = current
                .table
                .storage
                .location
                .as_deref()
                .is_some_and(|l| l.starts_with(root));
            if below_root && !crawled.contains(name) {
                vanished_table(
                    &current.table,
                    current.number,
                    policy.delete,
                    now_ms,
                    &mut out,
                );
            }
        }
    }
    out
}

fn new_table(crawled: &CrawledTable, out: &mut Recrawl) {
    let table = &crawled.table;
    out.findings.push(Finding {
        kind: FindingKind::NewTable,
        table: table.name.clone(),
        partition: None,
        action: Action::Applied,
        message: format!(
            "New table {} with {} partition(s).",
            table.name,
            crawled.partitions.len()
        ),
        differences: Vec::new(),
    });
    out.change.ops.push(Op::SaveTable {
        table: Box::new(table.clone()),
        base: Base::New,
        cause: Cause::Crawl,
        notes: Vec::new(),
    });
    if !crawled.partitions.is_empty() {
        out.change
            .ops
            .push(put_partitions(table, crawled.partitions.clone()));
    }
}

fn put_partitions(table: &Table, partitions: Vec<Partition>) -> Op {
    Op::PutPartitions {
        database: table.database_name.clone(),
        table: table.name.clone(),
        partitions,
    }
}

/// The differences that make a schema change: everything the crawler sets, but statistics.
fn schema_changes(stored: &Table, crawled: &Table) -> Vec<Difference> {
    diff::tables(stored, crawled)
        .into_iter()
        .filter(|d| match d.kind {
            DiffKind::ColumnAdded
            | DiffKind::ColumnRemoved
            | DiffKind::ColumnRetyped
            | DiffKind::ColumnMoved
            | DiffKind::PartitionKeysChanged
            | DiffKind::LocationChanged
            | DiffKind::FormatChanged => true,
            // A deprecated table whose files are back is current again.
            DiffKind::ParameterRemoved => d.path == format!("parameters/{DEPRECATED_PARAMETER}"),
            DiffKind::ParameterAdded | DiffKind::ParameterChanged => {
                let key = d.path.strip_prefix("parameters/").unwrap_or(&d.path);
                !STATISTICS.contains(&key) && crawled.parameters.contains_key(key)
            }
            _ => false,
        })
        .collect()
}

fn existing_table(
    crawled: &CrawledTable,
    record: &TableRecord,
    update: UpdateBehavior,
    out: &mut Recrawl,
) {
    let Some(current) = record.current() else {
        return;
    };
    let differences = schema_changes(&current.table, &crawled.table);
    if differences.is_empty() {
        return;
    }
    let name = &crawled.table.name;
    let summary: Vec<&str> = differences.iter().map(|d| d.message.as_str()).collect();
    let action = match update {
        UpdateBehavior::Log => Action::Logged,
        UpdateBehavior::UpdateInDatabase => {
            out.change.ops.push(Op::SaveTable {
                table: Box::new(keep_user_metadata(&current.table, &crawled.table)),
                base: Base::Version(current.number),
                cause: Cause::Crawl,
                notes: summary.iter().map(|s| (*s).to_owned()).collect(),
            });
            Action::Applied
        }
    };
    out.findings.push(Finding {
        kind: FindingKind::TableChanged,
        table: name.clone(),
        partition: None,
        action,
        message: format!("Table {name} changed: {}", summary.join(" ")),
        differences,
    });
}

/// The crawled table with the stored table's description, and the comments, tags and sensitive-data
/// decisions of columns that remain ([`crate::pii::recrawled`]).
fn keep_user_metadata(stored: &Table, crawled: &Table) -> Table {
    let mut table = crawled.clone();
    table.description = stored.description.clone();
    for column in &mut table.storage.columns {
        if let Some(old) = stored
            .storage
            .columns
            .iter()
            .find(|c| c.name == column.name)
        {
            column.comment = old.comment.clone();
            crate::pii::recrawled(old, column);
        }
    }
    table
}

fn partitions(
    crawled: &CrawledTable,
    stored: &[Partition],
    policy: SchemaChangePolicy,
    keys_fit: bool,
    out: &mut Recrawl,
) {
    let table = &crawled.table;
    let stored_by_values: BTreeMap<&[String], &Partition> =
        stored.iter().map(|p| (p.values.as_slice(), p)).collect();
    let mut put = Vec::new();
    for partition in &crawled.partitions {
        let (kind, action) = match stored_by_values.get(partition.values.as_slice()) {
            None if keys_fit => (FindingKind::NewPartition, Action::Applied),
            None => (FindingKind::NewPartition, Action::Logged),
            Some(old)
                if !keys_fit
                    || old.storage.columns != partition.storage.columns
                    || old.storage.format != partition.storage.format
                    || old.storage.location != partition.storage.location =>
            {
                let action = match policy.update {
                    UpdateBehavior::Log => Action::Logged,
                    UpdateBehavior::UpdateInDatabase => Action::Applied,
                };
                (FindingKind::PartitionChanged, action)
            }
            Some(_) => continue,
        };
        if action == Action::Applied {
            put.push(partition.clone());
        }
        let what = if kind == FindingKind::NewPartition {
            "New partition"
        } else {
            "Changed partition"
        };
        out.findings.push(Finding {
            kind,
            table: table.name.clone(),
            partition: Some(partition.values.clone()),
            action,
            message: format!(
                "{what} ({}) of {}.",
                partition.values.join(", "),
                table.name
            ),
            differences: Vec::new(),
        });
    }
    if !put.is_empty() {
        out.change.ops.push(put_partitions(table, put));
    }
    let found: BTreeSet<&[String]> = crawled
        .partitions
        .iter()
        .map(|p| p.values.as_slice())
        .collect();
    let vanished: Vec<Vec<String>> = stored
        .iter()
        .filter(|p| !found.contains(p.values.as_slice()))
        .map(|p| p.values.clone())
        .collect();
    let action = match policy.delete {
        DeleteBehavior::DeleteFromDatabase => Action::Applied,
        DeleteBehavior::Log | DeleteBehavior::DeprecateInDatabase => Action::Logged,
    };
    for values in &vanished {
        out.findings.push(Finding {
            kind: FindingKind::PartitionVanished,
            table: table.name.clone(),
            partition: Some(values.clone()),
            action,
            message: format!(
                "Partition ({}) of {} has no files any more.",
                values.join(", "),
                table.name
            ),
            differences: Vec::new(),
        });
    }
    if action == Action::Applied && !vanished.is_empty() {
        out.change.ops.push(Op::DeletePartitions {
            database: table.database_name.clone(),
            table: table.name.clone(),
            values: vanished,
        });
    }
}

fn vanished_table(
    table: &Table,
    version: u32,
    delete: DeleteBehavior,
    now_ms: i64,
    out: &mut Recrawl,
) {
    let already_deprecated = table.parameters.contains_key(DEPRECATED_PARAMETER);
    let action = match delete {
        DeleteBehavior::Log => Action::Logged,
        DeleteBehavior::DeprecateInDatabase if already_deprecated => Action::Logged,
        DeleteBehavior::DeprecateInDatabase => {
            let mut deprecated = table.clone();
            deprecated
                .parameters
                .insert(DEPRECATED_PARAMETER.into(), now_ms.to_string());
            out.change.ops.push(Op::SaveTable {
                table: Box::new(deprecated),
                base: Base::Version(version),
                cause: Cause::Crawl,
                notes: vec!["The crawl found no files for this table: deprecated.".into()],
            });
            Action::Applied
        }
        DeleteBehavior::DeleteFromDatabase => {
            out.change.ops.push(Op::DeleteTable {
                database: table.database_name.clone(),
                name: table.name.clone(),
                base: version,
            });
            Action::Applied
        }
    };
    out.findings.push(Finding {
        kind: FindingKind::TableVanished,
        table: table.name.clone(),
        partition: None,
        action,
        message: format!(
            "Table {} has no files below the crawled path any more.",
            table.name
        ),
        differences: Vec::new(),
    });
}
