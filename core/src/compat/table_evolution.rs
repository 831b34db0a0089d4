//! Is a change between two versions of a catalog table safe for Athena? Athena maps a table's columns
//! onto the data files by position (delimited text, Parquet and ORC read by index), by name (JSON,
//! Parquet and ORC read by name) or through the Avro schema, so the same edit (a rename, a column
//! inserted in the middle) is harmless for one format and silently misreads every old file in another.
//! Glue itself accepts any UpdateTable; the first sign of a wrong one is wrong query results.
//!
//! The rules are Athena's matrix and compatible type changes (glue.md §7.1, §7.2) and the decision table
//! derived from them (§7.4). Each change is a [`Finding`] with a path into the newer table
//! (`/columns/3`, `/partitionKeys`, `/storageDescriptor/serdeInfo/parameters/field.delim`), a
//! [`ChangeKind`], how safe it is for this table ([`Safety`]) and a sentence saying why.
//!
//! Column changes are matched by name. A column whose name changed while it kept its position (the
//! old name gone, the new one not there before) is a rename: that is how a by-position reader sees it,
//! and a by-name reader loses its data either way.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::catalog::{Column, Table};
use crate::types::HiveType;

const PARQUET_SERDE: &str = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
const ORC_SERDE: &str = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
const AVRO_SERDE: &str = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
const DELIMITED_SERDES: [&str; 2] = [
    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
    "org.apache.hadoop.hive.serde2.OpenCSVSerde",
];
const JSON_SERDES: [&str; 2] = [
    "org.openx.data.jsonserde.JsonSerDe",
    "org.apache.hive.hcatalog.data.JsonSerDe",
];
/// SerDe parameters that follow the columns rather than describe the files: OpenX JSON lists the
/// columns in `paths`, and AvroSerDe carries the schema in `avro.schema.literal` (judged separately).
const COLUMN_FOLLOWING_PARAMETERS: [&str; 2] = ["paths", AVRO_LITERAL];
const AVRO_LITERAL: &str = "avro.schema.literal";
/// Table parameters whose change means the files are read differently (§7.4, last row).
const FORMAT_PARAMETERS: [&str; 2] = ["classification", "compressionType"];

/// How Athena finds a table column's values in a data file, as the table's SerDe says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TableFormat {
    /// CSV or TSV (LazySimpleSerDe, OpenCSVSerde), with or without a header: by position.
    Delimited,
    /// OpenX or Hive JSON SerDe: by name.
    Json,
    /// AvroSerDe: through the Avro schema (`avro.schema.literal` or one derived from the columns).
    Avro,
    /// `by_index` when the SerDe sets `parquet.column.index.access=true` (default: by name).
    Parquet { by_index: bool },
    /// `by_index` unless the SerDe sets `orc.column.index.access=false` (default: by index).
    Orc { by_index: bool },
    /// A SerDe these rules do not cover (named).
    Other(String),
}

impl TableFormat {
    /// The format of `table`, from its SerDe and the index-access SerDe parameters.
    pub fn of(table: &Table) -> TableFormat {
        let serde = &table.storage.format.serde;
        let index_access = |key: &str| {
            serde
                .parameters
                .get(key)
                .map(|value| value.trim().eq_ignore_ascii_case("true"))
        };
        match serde.serialization_library.as_str() {
            PARQUET_SERDE => TableFormat::Parquet {
                by_index: index_access("parquet.column.index.access").unwrap_or(false),
            },
            ORC_SERDE => TableFormat::Orc {
                by_index: index_access("orc.column.index.access").unwrap_or(true),
            },
            AVRO_SERDE => TableFormat::Avro,
            library if DELIMITED_SERDES.contains(&library) => TableFormat::Delimited,
            library if JSON_SERDES.contains(&library) => TableFormat::Json,
            other => TableFormat::Other(other.to_owned()),
        }
    }

    /// Whether columns are matched to file fields by position (else by name or Avro schema).
    fn by_position(&self) -> bool {
        matches!(
            self,
            TableFormat::Delimited
                | TableFormat::Parquet { by_index: true }
                | TableFormat::Orc { by_index: true }
        )
    }

    /// Parquet and ORC: Athena changes a column's type only for partitioned tables (§7.2).
    fn is_columnar(&self) -> bool {
        matches!(self, TableFormat::Parquet { .. } | TableFormat::Orc { .. })
    }

    /// Delimited text and JSON hold numbers as text, so a string column may become a number if every
    /// value parses.
    fn is_text(&self) -> bool {
        matches!(self, TableFormat::Delimited | TableFormat::Json)
    }
}

impl fmt::Display for TableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableFormat::Delimited => f.write_str("CSV/TSV (read by position)"),
            TableFormat::Json => f.write_str("JSON (read by name)"),
            TableFormat::Avro => f.write_str("Avro (read through the Avro schema)"),
            TableFormat::Parquet { by_index: false } => f.write_str("Parquet (read by name)"),
            TableFormat::Parquet { by_index: true } => f.write_str("Parquet (read by index)"),
            TableFormat::Orc { by_index: true } => f.write_str("ORC (read by index)"),
            TableFormat::Orc { by_index: false } => f.write_str("ORC (read by name)"),
            TableFormat::Other(serde) => write!(f, "the SerDe {serde}"),
        }
    }
}

/// What changed, in Athena's terms (the rows of glue.md §7.1 and §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeKind {
    ColumnAddedAtEnd,
    ColumnAddedInMiddle,
    ColumnRemoved,
    ColumnRenamed,
    ColumnMoved,
    /// A type change Athena lists as compatible (§7.2).
    TypeWidened,
    /// Any other type change, decimals included (Athena documents decimal changes for Iceberg only).
    TypeChanged,
    /// A change inside a struct, array or map: "schema updates do not work on tables with complex or
    /// nested data types".
    NestedTypeChanged,
    PartitionKeysChanged,
    /// SerDe, input/output format, SerDe parameters (delimiter, index access), classification or
    /// compression.
    StorageChanged,
    /// An Avro table's new column has no default in `avro.schema.literal`, so old files cannot fill it.
    AvroFieldWithoutDefault,
    /// Columns changed on a table whose SerDe these rules do not know.
    UnknownFormat,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::ColumnAddedAtEnd => "COLUMN_ADDED_AT_END",
            ChangeKind::ColumnAddedInMiddle => "COLUMN_ADDED_IN_MIDDLE",
            ChangeKind::ColumnRemoved => "COLUMN_REMOVED",
            ChangeKind::ColumnRenamed => "COLUMN_RENAMED",
            ChangeKind::ColumnMoved => "COLUMN_MOVED",
            ChangeKind::TypeWidened => "TYPE_WIDENED",
            ChangeKind::TypeChanged => "TYPE_CHANGED",
            ChangeKind::NestedTypeChanged => "NESTED_TYPE_CHANGED",
            ChangeKind::PartitionKeysChanged => "PARTITION_KEYS_CHANGED",
            ChangeKind::StorageChanged => "STORAGE_CHANGED",
            ChangeKind::AvroFieldWithoutDefault => "AVRO_FIELD_WITHOUT_DEFAULT",
            ChangeKind::UnknownFormat => "UNKNOWN_FORMAT",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a change fares for this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Safety {
    Safe,
    /// Safe only if the data allows it (a string column becoming a number: every value must parse).
    Conditional,
    Unsafe,
}

/// One change between the versions and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: ChangeKind,
    pub safety: Safety,
    /// Where, in the newer table (a removed column: its place in the older one).
    pub path: String,
    pub message: String,
}

/// Every change from one table version to the next, judged for the newer version's format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evolution {
    pub format: TableFormat,
    pub findings: Vec<Finding>,
}

impl Evolution {
    /// The worst safety among the findings (`Safe` when nothing Athena cares about changed).
    pub fn verdict(&self) -> Safety {
        self.findings
            .iter()
            .map(|finding| finding.safety)
            .max()
            .unwrap_or(Safety::Safe)
    }

    /// The findings that are not plainly safe, worst first.
    pub fn concerns(&self) -> impl Iterator<Item = &Finding> {
        let mut concerns: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|finding| finding.safety != Safety::Safe)
            .collect();
        concerns.sort_by_key(|finding| std::cmp::Reverse(finding.safety));
        concerns.into_iter()
    }
}

/// Judges the change from `before` to `after` for Athena, reading the files as `after`'s SerDe says.
pub fn evolve(before: &Table, after: &Table) -> Evolution {
    let format = TableFormat::of(after);
    let mut findings = Vec::new();
    storage(before, after, &mut findings);
    let partitioned = !after.partition_keys.is_empty();
    let mut columns = Vec::new();
    column_changes(
        &before.storage.columns,
        &after.storage.columns,
        &format,
        partitioned,
        &mut columns,
    );
    if let TableFormat::Other(serde) = &format {
        if !columns.is_empty() {
            findings.push(Finding {
                kind: ChangeKind::UnknownFormat,
                safety: Safety::Unsafe,
                path: "/storageDescriptor/serdeInfo/serializationLibrary".into(),
                message: format!(
                    "The columns changed, and Athena's schema-update rules do not cover the SerDe {serde}: check by hand."
                ),
            });
        }
    } else {
        findings.append(&mut columns);
    }
    if format == TableFormat::Avro {
        avro_defaults(before, after, &mut findings);
    }
    if before.partition_keys != after.partition_keys {
        findings.push(Finding {
            kind: ChangeKind::PartitionKeysChanged,
            safety: Safety::Unsafe,
            path: "/partitionKeys".into(),
            message: format!(
                "The partition keys changed from ({}) to ({}): Athena needs the table re-created and every partition added again.",
                show_columns(&before.partition_keys),
                show_columns(&after.partition_keys)
            ),
        });
    }
    Evolution { format, findings }
}

fn show_columns(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|column| format!("{} {}", column.name, column.data_type))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SerDe, input/output formats, SerDe parameters and the format-naming table parameters.
fn storage(before: &Table, after: &Table, findings: &mut Vec<Finding>) {
    let (old, new) = (&before.storage.format, &after.storage.format);
    let mut changed = |path: String, what: &str, old: Option<&str>, new: Option<&str>| {
        findings.push(Finding {
            kind: ChangeKind::StorageChanged,
            safety: Safety::Unsafe,
            path,
            message: format!(
                "{what} changed from {} to {}: existing files are read differently (and SerDe properties do not propagate to existing partitions).",
                old.unwrap_or("nothing"),
                new.unwrap_or("nothing")
            ),
        });
    };
    let pairs = [
        (
            "serdeInfo/serializationLibrary",
            "The SerDe",
            &old.serde.serialization_library,
            &new.serde.serialization_library,
        ),
        (
            "inputFormat",
            "The input format",
            &old.input_format,
            &new.input_format,
        ),
        (
            "outputFormat",
            "The output format",
            &old.output_format,
            &new.output_format,
        ),
    ];
    for (path, what, old, new) in pairs {
        if old != new {
            changed(
                format!("/storageDescriptor/{path}"),
                what,
                Some(old),
                Some(new),
            );
        }
    }
    let keys = old
        .serde
        .parameters
        .keys()
        .chain(new.serde.parameters.keys());
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) || COLUMN_FOLLOWING_PARAMETERS.contains(&key.as_str()) {
            continue;
        }
        let (was, is) = (old.serde.parameters.get(key), new.serde.parameters.get(key));
        if was != is {
            changed(
                format!("/storageDescriptor/serdeInfo/parameters/{key}"),
                &format!("The SerDe parameter {key}"),
                was.map(String::as_str),
                is.map(String::as_str),
            );
        }
    }
    for key in FORMAT_PARAMETERS {
        let (was, is) = (before.parameters.get(key), after.parameters.get(key));
        if was != is {
            changed(
                format!("/parameters/{key}"),
                &format!("The table parameter {key}"),
                was.map(String::as_str),
                is.map(String::as_str),
            );
        }
    }
    if before.storage.compressed != after.storage.compressed {
        let show = |compressed: bool| if compressed { "true" } else { "false" };
        changed(
            "/storageDescriptor/compressed".into(),
            "Compressed",
            Some(show(before.storage.compressed)),
            Some(show(after.storage.compressed)),
        );
    }
}

/// Column additions, removals, renames, moves and type changes, in the newer table's order.
fn column_changes(
    before: &[Column],
    after: &[Column],
    format: &TableFormat,
    partitioned: bool,
    findings: &mut Vec<Finding>,
) {
    let old_names: HashMap<&str, usize> = before
        .iter()
        .enumerate()
        .map(|(index, column)| (column.name.as_str(), index))
        .collect();
    let new_names: HashSet<&str> = after.iter().map(|column| column.name.as_str()).collect();
    // The older column each newer one continues: same name, or a rename in place.
    let origin: Vec<Option<usize>> = after
        .iter()
        .enumerate()
        .map(|(index, column)| {
            old_names.get(column.name.as_str()).copied().or_else(|| {
                before
                    .get(index)
                    .filter(|old| !new_names.contains(old.name.as_str()))
                    .map(|_| index)
            })
        })
        .collect();
    let continued: HashSet<usize> = origin.iter().flatten().copied().collect();
    // Columns added after the last continued column are appended; earlier ones are inserted.
    let last_continued = origin.iter().rposition(Option::is_some);
    let by_position = format.by_position();
    let positional = |safe_by_position: bool| {
        if safe_by_position == by_position {
            Safety::Safe
        } else {
            Safety::Unsafe
        }
    };

    for (index, old) in before.iter().enumerate() {
        if !continued.contains(&index) {
            findings.push(Finding {
                kind: ChangeKind::ColumnRemoved,
                safety: positional(false),
                path: format!("/columns/{index}"),
                message: if by_position {
                    format!(
                        "Column {} was removed: {format} maps columns by position, so every later column reads its neighbour's values.",
                        old.name
                    )
                } else {
                    format!("Column {} was removed: {format} simply stops reading it.", old.name)
                },
            });
        }
    }
    let mut previous_origin = None;
    for (index, (new, origin)) in after.iter().zip(&origin).enumerate() {
        let path = format!("/columns/{index}");
        let Some((origin, old)) = origin.and_then(|at| before.get(at).map(|old| (at, old))) else {
            let at_end = last_continued.is_none_or(|last| index > last);
            findings.push(if at_end {
                Finding {
                    kind: ChangeKind::ColumnAddedAtEnd,
                    safety: Safety::Safe,
                    path,
                    message: format!(
                        "Column {} was added at the end: older files read it as NULL.",
                        new.name
                    ),
                }
            } else {
                Finding {
                    kind: ChangeKind::ColumnAddedInMiddle,
                    safety: positional(false),
                    message: if by_position {
                        format!(
                            "Column {} was added before existing columns: {format} maps by position, so in older files it and every later column read the wrong values.",
                            new.name
                        )
                    } else {
                        format!(
                            "Column {} was added among existing columns: {format} matches by name, older files read it as NULL.",
                            new.name
                        )
                    },
                    path,
                }
            });
            continue;
        };
        if old.name != new.name {
            findings.push(Finding {
                kind: ChangeKind::ColumnRenamed,
                safety: positional(true),
                message: if by_position {
                    format!(
                        "Column {} was renamed to {}: {format} maps by position, so it keeps reading the same values.",
                        old.name, new.name
                    )
                } else {
                    format!(
                        "Column {} was renamed to {}: {format} matches by name, so older files read {} as NULL.",
                        old.name, new.name, new.name
                    )
                },
                path: path.clone(),
            });
        }
        if previous_origin.is_some_and(|previous| origin < previous) {
            findings.push(Finding {
                kind: ChangeKind::ColumnMoved,
                safety: positional(false),
                message: if by_position {
                    format!(
                        "Column {} moved before columns that preceded it: {format} maps by position, so the moved columns read each other's values.",
                        new.name
                    )
                } else {
                    format!(
                        "Column {} moved: {format} matches by name, so the order does not matter.",
                        new.name
                    )
                },
                path: path.clone(),
            });
        }
        previous_origin = previous_origin.max(Some(origin));
        if old.data_type != new.data_type {
            findings.push(type_change(
                &new.name,
                &old.data_type,
                &new.data_type,
                format,
                partitioned,
                path,
            ));
        }
    }
}

/// Athena's compatible type changes (glue.md §7.2; Hive's BYTE is TINYINT).
fn athena_widening(from: &HiveType, to: &HiveType) -> bool {
    use HiveType::*;
    matches!(
        (from, to),
        (String, TinyInt | SmallInt | Int | BigInt)
            | (TinyInt, SmallInt | Int | BigInt)
            | (SmallInt, Int | BigInt)
            | (Int, BigInt)
            | (Float, Double)
    )
}

fn is_nested(data_type: &HiveType) -> bool {
    matches!(
        data_type,
        HiveType::Array(_) | HiveType::Map(..) | HiveType::Struct(_) | HiveType::Union(_)
    )
}

fn type_change(
    name: &str,
    from: &HiveType,
    to: &HiveType,
    format: &TableFormat,
    partitioned: bool,
    path: String,
) -> Finding {
    let finding = |kind, safety, message| Finding {
        kind,
        safety,
        path: path.clone(),
        message,
    };
    let change = format!("Column {name} changed type from {from} to {to}");
    if is_nested(from) || is_nested(to) {
        return finding(
            ChangeKind::NestedTypeChanged,
            Safety::Unsafe,
            format!(
                "{change}: Athena's schema updates do not cover complex or nested types (adding a nested field is commonly fine for JSON and Parquet by name, but not documented)."
            ),
        );
    }
    if !athena_widening(from, to) {
        let why =
            if matches!(from, HiveType::Decimal { .. }) && matches!(to, HiveType::Decimal { .. }) {
                "Athena documents changing a decimal's precision or scale for Iceberg tables only"
            } else {
                "Athena lists this change as incompatible"
            };
        return finding(
            ChangeKind::TypeChanged,
            Safety::Unsafe,
            format!("{change}: {why}."),
        );
    }
    if *from == HiveType::String {
        return if format.is_text() {
            finding(
                ChangeKind::TypeWidened,
                Safety::Conditional,
                format!(
                    "{change}: safe only if every existing value parses as {to}; values that do not read as NULL or fail the query."
                ),
            )
        } else {
            finding(
                ChangeKind::TypeChanged,
                Safety::Unsafe,
                format!(
                    "{change}: {format} stores strings and numbers differently; Athena cannot convert them."
                ),
            )
        };
    }
    if format.is_columnar() && !partitioned {
        return finding(
            ChangeKind::TypeWidened,
            Safety::Unsafe,
            format!(
                "{change}: for {format}, Athena changes a column's type only in partitioned tables, and this table has no partition keys."
            ),
        );
    }
    finding(
        ChangeKind::TypeWidened,
        Safety::Safe,
        format!("{change}: a widening Athena accepts for {format}."),
    )
}

/// For an Avro table whose newer version carries `avro.schema.literal`: every added column must be a
/// field of that schema with a default, or Avro cannot resolve older files that lack it.
fn avro_defaults(before: &Table, after: &Table, findings: &mut Vec<Finding>) {
    let Some(literal) = after
        .storage
        .format
        .serde
        .parameters
        .get(AVRO_LITERAL)
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    else {
        return;
    };
    let fields = literal
        .get("fields")
        .and_then(serde_json::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let has_default = |name: &str| {
        fields.iter().any(|field| {
            field.get("name").and_then(serde_json::Value::as_str) == Some(name)
                && field.get("default").is_some()
        })
    };
    let old: HashSet<&str> = before
        .storage
        .columns
        .iter()
        .map(|column| column.name.as_str())
        .collect();
    for (index, column) in after.storage.columns.iter().enumerate() {
        if !old.contains(column.name.as_str()) && !has_default(&column.name) {
            findings.push(Finding {
                kind: ChangeKind::AvroFieldWithoutDefault,
                safety: Safety::Unsafe,
                path: format!("/columns/{index}"),
                message: format!(
                    "Column {} is new, but avro.schema.literal gives field {} no default: Avro cannot read older files that lack it.",
                    column.name, column.name
                ),
            });
        }
    }
}
