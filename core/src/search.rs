//! Catalog search, like Glue's SearchTables: one text box over names, comments, descriptions, parameter
//! keys and values and tags, narrowed by filters, answering with where each match is.
//!
//! Matching is case-insensitive substring matching of every word of the query: a table is a result when each
//! word matches somewhere in it (its database, itself or one of its columns), and every place a word matched
//! is reported so the app can link to the column.

use crate::catalog::{Column, Partition, Table};
use crate::store::Snapshot;

/// What to look for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub database: Option<String>,
    /// The table's `classification` parameter (`parquet`, `csv`, ...).
    pub classification: Option<String>,
    /// A tag at least one column carries.
    pub tag: Option<String>,
    /// Only tables with a sensitive column ([`crate::pii::is_sensitive`]).
    pub sensitive: bool,
}

/// Which part of the catalog matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    DatabaseName,
    DatabaseDescription,
    TableName,
    TableDescription,
    ColumnName,
    ColumnComment,
    ColumnTag,
    ParameterKey,
    ParameterValue,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::DatabaseName => "database name",
            Field::DatabaseDescription => "database description",
            Field::TableName => "table name",
            Field::TableDescription => "table description",
            Field::ColumnName => "column name",
            Field::ColumnComment => "column comment",
            Field::ColumnTag => "column tag",
            Field::ParameterKey => "parameter key",
            Field::ParameterValue => "parameter value",
        }
    }
}

/// One place a query word matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub field: Field,
    /// The column, for column fields (partition keys included).
    pub column: Option<String>,
    /// The text that matched, whole.
    pub text: String,
}

/// A table that matched, with every place it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub database: String,
    pub table: String,
    pub matches: Vec<Match>,
}

/// Tables matching `query`, in database and table order. An empty text lists every table the filters keep.
pub fn search(snapshot: &Snapshot, query: &Query) -> Vec<Hit> {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut hits = Vec::new();
    for ((database, name), record) in &snapshot.tables {
        let Some(current) = record.current() else {
            continue;
        };
        let table = &current.table;
        if !passes_filters(database, table, query) {
            continue;
        }
        let fields = searchable(snapshot, database, table);
        let mut matches = Vec::new();
        let mut every_word = true;
        for word in &words {
            let mut word_matched = false;
            for (field, column, text) in &fields {
                if text.to_lowercase().contains(word.as_str()) {
                    word_matched = true;
                    let found = Match {
                        field: *field,
                        column: column.map(str::to_owned),
                        text: (*text).to_owned(),
                    };
                    if !matches.contains(&found) {
                        matches.push(found);
                    }
                }
            }
            every_word &= word_matched;
        }
        if every_word {
            hits.push(Hit {
                database: database.clone(),
                table: name.clone(),
                matches,
            });
        }
    }
    hits
}

fn passes_filters(database: &str, table: &Table, query: &Query) -> bool {
    let database_ok = query.database.as_deref().is_none_or(|d| d == database);
    let classification_ok = query.classification.as_deref().is_none_or(|c| {
        table
            .parameters
            .get("classification")
            .is_some_and(|v| v.eq_ignore_ascii_case(c))
    });
    let tag_ok = query
        .tag
        .as_deref()
        .is_none_or(|tag| all_columns(table).any(|column| column.tags.iter().any(|t| t == tag)));
    let sensitive_ok = !query.sensitive || all_columns(table).any(crate::pii::is_sensitive);
    database_ok && classification_ok && tag_ok && sensitive_ok
}

fn all_columns(table: &Table) -> impl Iterator<Item = &Column> {
    table.storage.columns.iter().chain(&table.partition_keys)
}

/// Every searchable text of a table and its database: (field, column, text).
fn searchable<'a>(
    snapshot: &'a Snapshot,
    database: &'a str,
    table: &'a Table,
) -> Vec<(Field, Option<&'a str>, &'a str)> {
    let mut fields = vec![
        (Field::DatabaseName, None, database),
        (Field::TableName, None, table.name.as_str()),
    ];
    if let Some(db) = snapshot.databases.get(database)
        && let Some(description) = &db.database.description
    {
        fields.push((Field::DatabaseDescription, None, description.as_str()));
    }
    if let Some(description) = &table.description {
        fields.push((Field::TableDescription, None, description.as_str()));
    }
    for column in all_columns(table) {
        let name = Some(column.name.as_str());
        fields.push((Field::ColumnName, name, column.name.as_str()));
        if let Some(comment) = &column.comment {
            fields.push((Field::ColumnComment, name, comment.as_str()));
        }
        for tag in &column.tags {
            fields.push((Field::ColumnTag, name, tag.as_str()));
        }
    }
    for (key, value) in &table.parameters {
        fields.push((Field::ParameterKey, None, key.as_str()));
        fields.push((Field::ParameterValue, None, value.as_str()));
    }
    fields
}

/// The positions of the partitions one of whose values contains `text` (case-insensitive), in order;
/// every position when `text` is blank. Positions rather than copies, so a view of thousands of partitions
/// keeps one list and shows a page of it.
pub fn partitions(partitions: &[Partition], text: &str) -> Vec<usize> {
    let needle = text.trim().to_lowercase();
    partitions
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            needle.is_empty() || p.values.iter().any(|v| v.to_lowercase().contains(&needle))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{StorageDescriptor, StorageFormat};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn partition(values: &[&str]) -> Partition {
        Partition {
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            storage: StorageDescriptor {
                columns: Vec::new(),
                location: None,
                format: StorageFormat::parquet(),
                compressed: false,
                parameters: Default::default(),
            },
            parameters: Default::default(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn partitions_match_any_value_case_insensitively() {
        let all = [
            partition(&["2024", "EU"]),
            partition(&["2024", "us"]),
            partition(&["2025", "eu-west"]),
        ];
        assert_eq!(partitions(&all, " "), [0, 1, 2]);
        assert_eq!(partitions(&all, "eu"), [0, 2]);
        assert_eq!(partitions(&all, "2024"), [0, 1]);
        assert!(partitions(&all, "asia").is_empty());
    }
}
