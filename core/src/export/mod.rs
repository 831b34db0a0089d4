//! Exports: catalog data in the shapes other systems accept. One module per target.
//!
//! | module | output |
//! |---|---|
//! | [`glue`] | Glue API request payloads (CreateDatabase, CreateTable, UpdateTable, BatchCreatePartition) |
//! | [`registry`] | Schema Registry requests (CreateRegistry, CreateSchema, RegisterSchemaVersion) |
//! | [`column_statistics`] | Glue `UpdateColumnStatisticsForTable` requests from [`crate::stats`] |
//! | [`aws_cli`] | a shell script of `aws glue ... --cli-input-json file://...` commands and the JSON it reads |
//! | [`boto3`] | one Python script that creates (or updates) everything through boto3 |
//! | [`athena`] | Athena (Hive) DDL: `CREATE EXTERNAL TABLE`, `ALTER TABLE ADD PARTITION`, `MSCK REPAIR TABLE` |
//! | [`unity`] | Databricks Unity Catalog / Spark SQL `CREATE TABLE ... USING` |
//! | [`terraform`] | `aws_glue_catalog_database`, `aws_glue_catalog_table` and `aws_glue_partition` HCL |
//! | [`cloudformation`] | a CloudFormation template of `AWS::Glue::Database`, `::Table` and `::Partition` |
//!
//! [`Target`] names each export and builds its files ([`Target::files`]): the CLI's `--to` and `--out-dir`
//! and the app's export panel both go through it, so they offer the same targets under the same file names.
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
pub mod column_statistics;
pub mod glue;
mod proto_line;
pub mod registry;
mod sql;
pub mod terraform;
pub mod unity;

use std::str::FromStr;

use crate::catalog::{Column, Database, Partition, Table};
use crate::{Error, Result};

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

/// Every export, by the name the CLI's `--to` takes. [`Target::files`] is the one place that turns a
/// selection into the files of a target, with their names, so the CLI's `--out-dir` and the app's
/// downloads cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Glue,
    AwsCli,
    Boto3,
    Athena,
    Terraform,
    Cloudformation,
    Unity,
}

impl Target {
    /// Every target, in the order menus list them.
    pub const ALL: [Self; 7] = [
        Self::Glue,
        Self::AwsCli,
        Self::Boto3,
        Self::Athena,
        Self::Terraform,
        Self::Cloudformation,
        Self::Unity,
    ];

    /// The CLI's `--to` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Glue => "glue",
            Self::AwsCli => "aws-cli",
            Self::Boto3 => "boto3",
            Self::Athena => "athena",
            Self::Terraform => "terraform",
            Self::Cloudformation => "cloudformation",
            Self::Unity => "unity",
        }
    }

    /// What the target writes, for help texts and menus.
    pub fn description(self) -> &'static str {
        match self {
            Self::Glue => {
                "Glue API requests (CreateDatabase, CreateTable, BatchCreatePartition, UpdateTable JSON)"
            }
            Self::AwsCli => "AWS CLI shell script and the request files it reads",
            Self::Boto3 => "boto3 Python script",
            Self::Athena => {
                "Athena DDL, also Hive DDL (CREATE EXTERNAL TABLE, ADD PARTITION, MSCK REPAIR)"
            }
            Self::Terraform => "Terraform HCL",
            Self::Cloudformation => "CloudFormation JSON template",
            Self::Unity => "Databricks Unity Catalog / Spark SQL DDL",
        }
    }

    /// Whether the export is several files, which the CLI cannot print on stdout as one text.
    pub fn writes_several_files(self) -> bool {
        matches!(self, Self::Glue | Self::AwsCli)
    }

    /// The files of the export, named as the CLI writes them into `--out-dir`. `unity_catalog` is the
    /// Unity Catalog catalog the schemas go into (only [`Target::Unity`] uses it, and only Unity can
    /// fail: a table whose SerDe no Spark data source reads).
    pub fn files(self, selection: &Selection<'_>, unity_catalog: &str) -> Result<Vec<ExportFile>> {
        let one = |name: &str, contents: String| {
            vec![ExportFile {
                name: name.to_owned(),
                contents,
            }]
        };
        Ok(match self {
            Self::Glue => glue::files(selection),
            Self::AwsCli => aws_cli::files(selection),
            Self::Boto3 => one("glue_catalog.py", boto3::script(selection)),
            Self::Athena => one("athena.sql", athena::script(selection)),
            Self::Terraform => one("glue_catalog.tf", terraform::config(selection)),
            Self::Cloudformation => one(
                "glue_catalog.template.json",
                cloudformation::template(selection),
            ),
            Self::Unity => one("unity.sql", unity::script(selection, unity_catalog)?),
        })
    }
}

impl FromStr for Target {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| Error::invalid(format!("no export target is called {name:?}")))
    }
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

    #[wasm_bindgen_test(unsupported = test)]
    fn targets_parse_back_from_their_names() {
        for target in Target::ALL {
            assert_eq!(target.name().parse::<Target>(), Ok(target));
        }
        assert!("json".parse::<Target>().is_err());
    }
}
