//! Databricks Unity Catalog (Spark SQL) DDL: `CREATE TABLE IF NOT EXISTS catalog.schema.table (...) USING
//! PARQUET|ORC|AVRO|CSV|JSON [OPTIONS (...)] [PARTITIONED BY (...)] LOCATION '...'`.
//!
//! Spark's data-source syntax, not Hive's SerDe syntax: Unity Catalog external tables are data-source
//! tables, and Databricks reads them with its own readers. The format comes from the table's SerDe:
//! ParquetHiveSerDe → `PARQUET`, OrcSerde → `ORC`, AvroSerDe → `AVRO`, OpenX or Hive JsonSerDe → `JSON`,
//! LazySimpleSerDe and OpenCSVSerde → `CSV` with `OPTIONS` for what the SerDe parameters and the crawler's
//! `skip.header.line.count` say (`delimiter`, `header`, and for OpenCSVSerde `quote` and `escape`).
//! Any other SerDe is an [`Error::unsupported`]: guessing a reader would give a table that reads garbage.
//!
//! Types are spelled as Spark SQL spells them (`BIGINT`, `ARRAY<STRING>`, `STRUCT<name: TYPE>`); a Hive
//! `uniontype` becomes `STRUCT<member0: ..., member1: ...>`, the shape Spark's Avro reader gives unions.
//! Partition keys are listed with the columns and named in `PARTITIONED BY`, as Spark requires. Column
//! tags become Unity Catalog column tags (`ALTER TABLE ... ALTER COLUMN ... SET TAGS`): a tag `key:value`
//! is the tag `key` with value `value`, a plain tag has an empty value, and several values of one key
//! are joined with commas (Unity keeps one value per key). Glue table parameters (crawler statistics) are
//! not carried: they mean nothing to Spark. Names are quoted as in [`super::athena`], with Spark's ANSI
//! reserved words added.
//!
//! The same statement without a catalog (`schema.table`) is Spark SQL for a Hive metastore or Glue
//! catalog; pass the catalog name Databricks shows (often `main`).

use std::collections::BTreeMap;

use super::Selection;
use super::sql::{self, Dialect};
use crate::catalog::{Database, Partition, Table};
use crate::{Error, Result};

const DIALECT: Dialect = Dialect::Spark;

/// `CREATE SCHEMA IF NOT EXISTS catalog.schema` with the database's comment and properties. A Glue
/// database location is not carried (Unity's `MANAGED LOCATION` means storage for managed tables); a
/// comment says so.
pub fn create_schema(database: &Database, catalog: &str) -> String {
    let mut out = String::new();
    if let Some(location) = &database.location_uri {
        out.push_str(&sql::comment(&format!(
            "Database location {location} is not carried: a Unity MANAGED LOCATION is for managed tables."
        )));
    }
    out.push_str(&format!(
        "CREATE SCHEMA IF NOT EXISTS {}",
        sql::qualified(&[catalog, &database.name], DIALECT)
    ));
    if let Some(description) = &database.description {
        out.push_str(&format!("\nCOMMENT {}", sql::string(description)));
    }
    if !database.parameters.is_empty() {
        let pairs = database
            .parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        out.push_str(&format!("\nWITH DBPROPERTIES {}", sql::properties(pairs)));
    }
    out.push(';');
    out
}

/// The `CREATE TABLE IF NOT EXISTS ... USING` statement, then one `SET TAGS` statement per tagged
/// column. Without a location a comment says one is needed: Unity would otherwise try to make a managed
/// table, not a table over the files.
pub fn create_table(table: &Table, catalog: &str) -> Result<String> {
    let (format, options) = data_source(table)?;
    let name = table_name(table, catalog);
    let mut out = String::new();
    if table.storage.location.is_none() {
        out.push_str(&sql::comment(&format!(
            "Table {}.{} has no location: add LOCATION 's3://bucket/prefix/' (without one Unity Catalog \
             makes a managed table instead of one over the files).",
            table.database_name, table.name
        )));
    }
    out.push_str(&format!("CREATE TABLE IF NOT EXISTS {name} (\n"));
    let columns: Vec<String> = table
        .storage
        .columns
        .iter()
        .chain(&table.partition_keys)
        .map(|c| format!("  {}", sql::column(c, DIALECT)))
        .collect();
    out.push_str(&columns.join(",\n"));
    out.push_str(&format!("\n)\nUSING {format}"));
    if !options.is_empty() {
        let pairs = options.iter().map(|(k, v)| (*k, v.as_str()));
        out.push_str(&format!("\nOPTIONS {}", sql::properties(pairs)));
    }
    if !table.partition_keys.is_empty() {
        let keys: Vec<String> = table
            .partition_keys
            .iter()
            .map(|c| sql::identifier(&c.name, DIALECT))
            .collect();
        out.push_str(&format!("\nPARTITIONED BY ({})", keys.join(", ")));
    }
    if let Some(location) = &table.storage.location {
        out.push_str(&format!("\nLOCATION {}", sql::string(location)));
    }
    if let Some(description) = &table.description {
        out.push_str(&format!("\nCOMMENT {}", sql::string(description)));
    }
    out.push(';');
    for column in table.storage.columns.iter().chain(&table.partition_keys) {
        if column.tags.is_empty() {
            continue;
        }
        let mut tags: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for tag in &column.tags {
            let (key, value) = tag.split_once(':').unwrap_or((tag, ""));
            let values = tags.entry(key).or_default();
            if !value.is_empty() {
                values.push(value);
            }
        }
        let tags: Vec<String> = tags
            .iter()
            .map(|(k, v)| format!("{} = {}", sql::string(k), sql::string(&v.join(","))))
            .collect();
        out.push_str(&format!(
            "\nALTER TABLE {name} ALTER COLUMN {} SET TAGS ({});",
            sql::identifier(&column.name, DIALECT),
            tags.join(", ")
        ));
    }
    Ok(out)
}

/// `ALTER TABLE ... ADD IF NOT EXISTS PARTITION (...) LOCATION '...'` statements, at most 100 each.
pub fn add_partitions(table: &Table, partitions: &[Partition], catalog: &str) -> Vec<String> {
    sql::add_partitions(
        &table_name(table, catalog),
        &table.partition_keys,
        partitions,
        DIALECT,
    )
}

/// Every statement of a selection, in order, separated by blank lines: schemas, tables, partitions
/// (listed ones added explicitly, otherwise `MSCK REPAIR TABLE` over Hive-style folders).
pub fn script(selection: &Selection<'_>, catalog: &str) -> Result<String> {
    let mut statements: Vec<String> = selection
        .all_databases()
        .iter()
        .map(|d| create_schema(d, catalog))
        .collect();
    for entry in selection.tables {
        let table = entry.table;
        statements.push(create_table(table, catalog)?);
        if table.partition_keys.is_empty() {
            continue;
        }
        if !entry.partitions.is_empty() {
            statements.extend(add_partitions(table, entry.partitions, catalog));
        } else if table.storage.location.is_some() {
            statements.push(format!(
                "{}MSCK REPAIR TABLE {};",
                sql::comment(
                    "Registers every key=value/ partition folder below the table's location."
                ),
                table_name(table, catalog)
            ));
        }
    }
    let mut out = statements.join("\n\n");
    out.push('\n');
    Ok(out)
}

fn table_name(table: &Table, catalog: &str) -> String {
    sql::qualified(&[catalog, &table.database_name, &table.name], DIALECT)
}

/// Spark's data source and its options for the table's SerDe.
fn data_source(table: &Table) -> Result<(&'static str, Vec<(&'static str, String)>)> {
    let serde = &table.storage.format.serde;
    let parameter = |key: &str| serde.parameters.get(key).cloned();
    let header = table
        .parameters
        .get("skip.header.line.count")
        .or_else(|| table.storage.parameters.get("skip.header.line.count"))
        .is_some_and(|n| n.trim() == "1");
    let header = ("header", header.to_string());
    match serde.serialization_library.as_str() {
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" => {
            Ok(("PARQUET", Vec::new()))
        }
        "org.apache.hadoop.hive.ql.io.orc.OrcSerde" => Ok(("ORC", Vec::new())),
        "org.apache.hadoop.hive.serde2.avro.AvroSerDe" => Ok(("AVRO", Vec::new())),
        "org.openx.data.jsonserde.JsonSerDe" | "org.apache.hive.hcatalog.data.JsonSerDe" => {
            Ok(("JSON", Vec::new()))
        }
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe" => {
            // Hive's default field delimiter is Ctrl-A when the SerDe names none.
            let delimiter = parameter("field.delim").unwrap_or_else(|| "\u{1}".to_owned());
            Ok(("CSV", vec![("delimiter", delimiter), header]))
        }
        "org.apache.hadoop.hive.serde2.OpenCSVSerde" => {
            // OpenCSVSerde's defaults: comma, double quote, backslash.
            let mut options = vec![(
                "delimiter",
                parameter("separatorChar").unwrap_or_else(|| ",".to_owned()),
            )];
            options.push((
                "quote",
                parameter("quoteChar").unwrap_or_else(|| "\"".to_owned()),
            ));
            options.push((
                "escape",
                parameter("escapeChar").unwrap_or_else(|| "\\".to_owned()),
            ));
            options.push(header);
            Ok(("CSV", options))
        }
        other => Err(Error::unsupported(format!(
            "table {}: no Spark data source reads the SerDe {other}",
            table.name
        ))),
    }
}
