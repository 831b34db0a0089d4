//! What changed between two versions of a table, as data: one [`Difference`] per change, with a path into
//! the table and a sentence, so the app can show a side-by-side diff and tests can assert on kinds.

use std::collections::{BTreeSet, HashMap};

use crate::catalog::{Column, Parameters, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffKind {
    Renamed,
    DescriptionChanged,
    ColumnAdded,
    ColumnRemoved,
    ColumnRetyped,
    ColumnMoved,
    ColumnCommentChanged,
    ColumnTagsChanged,
    ColumnParametersChanged,
    PartitionKeysChanged,
    LocationChanged,
    FormatChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterChanged,
}

/// One change from the older table (`before`) to the newer (`after`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: DiffKind,
    /// Where: `columns/<name>`, `parameters/<key>`, `location`, ...
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub message: String,
}

fn difference(
    kind: DiffKind,
    path: String,
    before: Option<String>,
    after: Option<String>,
    message: String,
) -> Difference {
    Difference {
        kind,
        path,
        before,
        after,
        message,
    }
}

/// Every difference from `before` to `after`, in a stable order: table, columns, partition keys, storage,
/// parameters.
pub fn tables(before: &Table, after: &Table) -> Vec<Difference> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(difference(
            DiffKind::Renamed,
            "name".into(),
            Some(before.name.clone()),
            Some(after.name.clone()),
            format!("Renamed from {} to {}.", before.name, after.name),
        ));
    }
    if before.description != after.description {
        out.push(difference(
            DiffKind::DescriptionChanged,
            "description".into(),
            before.description.clone(),
            after.description.clone(),
            "Description changed.".into(),
        ));
    }
    columns(
        "columns",
        &before.storage.columns,
        &after.storage.columns,
        &mut out,
    );
    if before.partition_keys != after.partition_keys {
        let show = |keys: &[Column]| {
            keys.iter()
                .map(|c| format!("{} {}", c.name, c.data_type))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(difference(
            DiffKind::PartitionKeysChanged,
            "partitionKeys".into(),
            Some(show(&before.partition_keys)),
            Some(show(&after.partition_keys)),
            "Partition keys changed.".into(),
        ));
    }
    if before.storage.location != after.storage.location {
        out.push(difference(
            DiffKind::LocationChanged,
            "location".into(),
            before.storage.location.clone(),
            after.storage.location.clone(),
            "Location changed.".into(),
        ));
    }
    if before.storage.format != after.storage.format {
        let serde = |t: &Table| t.storage.format.serde.serialization_library.clone();
        out.push(difference(
            DiffKind::FormatChanged,
            "storageDescriptor/serdeInfo".into(),
            Some(serde(before)),
            Some(serde(after)),
            "Storage format (input/output format or SerDe) changed.".into(),
        ));
    }
    parameters(
        "parameters",
        &before.parameters,
        &after.parameters,
        &mut out,
    );
    out
}

fn columns(section: &str, before: &[Column], after: &[Column], out: &mut Vec<Difference>) {
    let after_by_name: HashMap<&str, &Column> =
        after.iter().map(|c| (c.name.as_str(), c)).collect();
    let before_names: BTreeSet<&str> = before.iter().map(|c| c.name.as_str()).collect();
    for old in before {
        let path = format!("{section}/{}", old.name);
        let Some(new) = after_by_name.get(old.name.as_str()) else {
            out.push(difference(
                DiffKind::ColumnRemoved,
                path,
                Some(old.data_type.to_string()),
                None,
                format!("Column {} ({}) removed.", old.name, old.data_type),
            ));
            continue;
        };
        if old.data_type != new.data_type {
            out.push(difference(
                DiffKind::ColumnRetyped,
                path.clone(),
                Some(old.data_type.to_string()),
                Some(new.data_type.to_string()),
                format!(
                    "Column {} changed type from {} to {}.",
                    old.name, old.data_type, new.data_type
                ),
            ));
        }
        if old.comment != new.comment {
            out.push(difference(
                DiffKind::ColumnCommentChanged,
                path.clone(),
                old.comment.clone(),
                new.comment.clone(),
                format!("Comment of column {} changed.", old.name),
            ));
        }
        if old.tags != new.tags {
            let show = |c: &Column| c.tags.iter().cloned().collect::<Vec<_>>().join(", ");
            out.push(difference(
                DiffKind::ColumnTagsChanged,
                path.clone(),
                Some(show(old)),
                Some(show(new)),
                format!("Tags of column {} changed.", old.name),
            ));
        }
        if old.parameters != new.parameters {
            out.push(difference(
                DiffKind::ColumnParametersChanged,
                path,
                None,
                None,
                format!("Parameters of column {} changed.", old.name),
            ));
        }
    }
    for (index, new) in after.iter().enumerate() {
        if !before_names.contains(new.name.as_str()) {
            out.push(difference(
                DiffKind::ColumnAdded,
                format!("{section}/{}", new.name),
                None,
                Some(new.data_type.to_string()),
                format!(
                    "Column {} ({}) added at position {}.",
                    new.name,
                    new.data_type,
                    index + 1
                ),
            ));
        }
    }
    // Order among the columns both versions have: what a by-position reader (CSV, ORC) would misread.
    let common_before: Vec<&str> = before
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| after_by_name.contains_key(n))
        .collect();
    let common_after: Vec<&str> = after
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| before_names.contains(n))
        .collect();
    for (position, name) in common_after.iter().enumerate() {
        let old_position = common_before.iter().position(|n| n == name);
        if old_position.is_some_and(|old| old != position) {
            out.push(difference(
                DiffKind::ColumnMoved,
                format!("{section}/{name}"),
                old_position.map(|p| (p + 1).to_string()),
                Some((position + 1).to_string()),
                format!("Column {name} moved among the kept columns."),
            ));
        }
    }
}

fn parameters(section: &str, before: &Parameters, after: &Parameters, out: &mut Vec<Difference>) {
    for (key, old) in before {
        match after.get(key) {
            None => out.push(difference(
                DiffKind::ParameterRemoved,
                format!("{section}/{key}"),
                Some(old.clone()),
                None,
                format!("Parameter {key} removed."),
            )),
            Some(new) if new != old => out.push(difference(
                DiffKind::ParameterChanged,
                format!("{section}/{key}"),
                Some(old.clone()),
                Some(new.clone()),
                format!("Parameter {key} changed."),
            )),
            Some(_) => {}
        }
    }
    for (key, new) in after {
        if !before.contains_key(key) {
            out.push(difference(
                DiffKind::ParameterAdded,
                format!("{section}/{key}"),
                None,
                Some(new.clone()),
                format!("Parameter {key} added."),
            ));
        }
    }
}
