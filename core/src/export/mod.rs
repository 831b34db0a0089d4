//! Exports: catalog data in the shapes other systems accept. One module per target.
//!
//! | module | output |
//! |---|---|
//! | [`glue`] | Glue API request payloads (CreateDatabase, CreateTable, UpdateTable, BatchCreatePartition) |
//! | [`aws_cli`] | a shell script of `aws glue ... --cli-input-json file://...` commands and the JSON it reads |
//! | [`boto3`] | one Python script that creates (or updates) everything through boto3 |
//! | [`athena`] | Athena (Hive) DDL: `CREATE EXTERNAL TABLE`, `ALTER TABLE ADD PARTITION`, `MSCK REPAIR TABLE` |
//! | [`unity`] | Databricks Unity Catalog / Spark SQL `CREATE TABLE ... USING` |
//! | [`terraform`] | `aws_glue_catalog_database`, `aws_glue_catalog_table` and `aws_glue_partition` HCL |
//! | [`cloudformation`] | a CloudFormation template of `AWS::Glue::Database`, `::Table` and `::Partition` |
//!
//! Every export is a pure function of a [`Selection`] and is deterministic: parameters are ordered maps,
//! names and labels are derived from catalog names only, so the app's download and the CLI's files are
//! byte-identical and can be compared with golden files. No export invents a value the catalog does not
//! hold: a table without a location is exported without one, with a comment saying so where the format
//! has comments.
//!
//! Column comments are written on one line in every target (each line break, with the spaces around it,
//! becomes one space): Glue's `CommentString` is a single-line pattern, and Athena DDL, Terraform and
//! CloudFormation all store columns through the Glue API. Unity gets the same text, so one comment reads
//! the same everywhere.

pub mod athena;
pub mod aws_cli;
pub mod boto3;
pub mod cloudformation;
pub mod glue;
mod sql;
pub mod terraform;
pub mod unity;

use crate::catalog::{Column, Database, Partition, Table};

/// One table and the partitions to register under it (empty for an unpartitioned table, or when the
/// partitions are left to `MSCK REPAIR TABLE` or a crawler).
#[derive(Debug, Clone, Copy)]
pub struct TableExport<'a> {
    pub table: &'a Table,
    pub partitions: &'a [Partition],
}

/// What to export: databases, then tables (each after its database), then each table's partitions.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub databases: &'a [Database],
    pub tables: &'a [TableExport<'a>],
}

impl Selection<'_> {
    /// The listed databases, then (by name only) every database a table names that is not listed, in the
    /// order tables name them. Every export creates these first, so its output runs on an empty catalog.
    pub fn all_databases(&self) -> Vec<Database> {
        let mut all: Vec<Database> = self.databases.to_vec();
        for entry in self.tables {
            let name = &entry.table.database_name;
            if !all.iter().any(|d| &d.name == name) {
                all.push(Database::named(name.clone()));
            }
        }
        all
    }
}

/// One file of a multi-file export: a name relative to the export's folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub contents: String,
}

/// `(column, tags)` for every column and partition key that has tags, tags comma-separated in sorted
/// order: what targets without column parameters list in a comment or metadata instead.
fn column_tags(table: &Table) -> Vec<(&str, String)> {
    table
        .storage
        .columns
        .iter()
        .chain(&table.partition_keys)
        .filter(|c: &&Column| !c.tags.is_empty())
        .map(|c| {
            let tags: Vec<&str> = c.tags.iter().map(String::as_str).collect();
            (c.name.as_str(), tags.join(","))
        })
        .collect()
}

/// A column comment on one line: Glue refuses line breaks and other control characters (except tab) in
/// `Column.Comment`, so each run of them, with the whitespace around it, becomes one space.
pub(crate) fn single_line(comment: &str) -> String {
    let pieces: Vec<&str> = comment
        .split(|c: char| c.is_control() && c != '\t')
        .collect();
    let last = pieces.len().saturating_sub(1);
    let kept: Vec<&str> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let piece = if i > 0 { piece.trim_start() } else { piece };
            if i < last { piece.trim_end() } else { piece }
        })
        .filter(|piece| !piece.is_empty())
        .collect();
    kept.join(" ")
}

/// `[a-z0-9_]` text for file names and resource labels: accents folded, everything else `_`, never empty.
fn slug(name: &str) -> String {
    crate::names::identifier(name).unwrap_or_else(|| "x".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn comments_fold_to_one_line() {
        assert_eq!(single_line("plain\ttab "), "plain\ttab ");
        assert_eq!(single_line("two \r\n  lines"), "two lines");
        assert_eq!(
            single_line("\nleading and trailing\n"),
            "leading and trailing"
        );
        assert_eq!(single_line("a\u{1}b"), "a b");
    }
}
