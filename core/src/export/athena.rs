//! Athena DDL: `CREATE DATABASE`, `CREATE EXTERNAL TABLE`, and `ALTER TABLE ... ADD PARTITION` or
//! `MSCK REPAIR TABLE` for partitions.
//!
//! Every table is written with the explicit `ROW FORMAT SERDE '...' WITH SERDEPROPERTIES (...) STORED AS
//! INPUTFORMAT '...' OUTPUTFORMAT '...'` form rather than shorthands such as `STORED AS PARQUET` or `ROW
//! FORMAT DELIMITED`: that form states exactly the SerDe, its parameters and the formats the Glue export
//! sends, for every format preset, so Athena stores the same table the Glue API would. The same text is
//! plain Hive DDL, so it also runs in Hive and in Spark with Hive support (`spark.sql.catalogImplementation
//! =hive`), except that Spark cannot parse `uniontype` columns. Spark's own data-source syntax (`CREATE
//! TABLE ... USING parquet`) is what [`super::unity`] writes.
//!
//! Identifiers are bare when `[a-z][a-z0-9_]*` and not one of Athena's DDL reserved words, otherwise in
//! backticks. String literals (comments, locations, properties) use Hive's backslash escapes. Table
//! parameters become `TBLPROPERTIES`. Athena DDL cannot set column parameters, so column tags (the Glue
//! export's `glueprint.tags` parameter) are listed in a comment above the statement.

use super::sql::{self, Dialect};
use super::{Selection, column_tags};
use crate::catalog::{Database, Partition, Table};

const DIALECT: Dialect = Dialect::Hive;

/// `CREATE DATABASE IF NOT EXISTS` with the database's comment, location and properties.
pub fn create_database(database: &Database) -> String {
    let mut out = format!(
        "CREATE DATABASE IF NOT EXISTS {}",
        sql::identifier(&database.name, DIALECT)
    );
    if let Some(description) = &database.description {
        out.push_str(&format!("\nCOMMENT {}", sql::string(description)));
    }
    if let Some(location) = &database.location_uri {
        out.push_str(&format!("\nLOCATION {}", sql::string(location)));
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

/// The `CREATE EXTERNAL TABLE IF NOT EXISTS` statement, preceded by `--` comments when the table has no
/// location (Athena needs one before the table can be queried; none is invented) or has column tags.
pub fn create_table(table: &Table) -> String {
    let storage = &table.storage;
    let mut out = String::new();
    if storage.location.is_none() {
        out.push_str(&sql::comment(&format!(
            "Table {}.{} has no location: add LOCATION 's3://bucket/prefix/' before querying it.",
            table.database_name, table.name
        )));
    }
    for (column, tags) in column_tags(table) {
        out.push_str(&sql::comment(&format!(
            "Column {column} is tagged {tags} (Glue column parameter glueprint.tags; DDL cannot set it)."
        )));
    }
    out.push_str(&format!(
        "CREATE EXTERNAL TABLE IF NOT EXISTS {} (\n",
        table_name(table)
    ));
    let columns: Vec<String> = storage
        .columns
        .iter()
        .map(|c| format!("  {}", sql::column(c, DIALECT)))
        .collect();
    out.push_str(&columns.join(",\n"));
    out.push_str("\n)");
    if let Some(description) = &table.description {
        out.push_str(&format!("\nCOMMENT {}", sql::string(description)));
    }
    if !table.partition_keys.is_empty() {
        let keys: Vec<String> = table
            .partition_keys
            .iter()
            .map(|c| format!("  {}", sql::column(c, DIALECT)))
            .collect();
        out.push_str(&format!("\nPARTITIONED BY (\n{}\n)", keys.join(",\n")));
    }
    let serde = &storage.format.serde;
    out.push_str(&format!(
        "\nROW FORMAT SERDE {}",
        sql::string(&serde.serialization_library)
    ));
    if !serde.parameters.is_empty() {
        let pairs = serde
            .parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        out.push_str(&format!(
            "\nWITH SERDEPROPERTIES {}",
            sql::properties(pairs)
        ));
    }
    out.push_str(&format!(
        "\nSTORED AS INPUTFORMAT {}\nOUTPUTFORMAT {}",
        sql::string(&storage.format.input_format),
        sql::string(&storage.format.output_format)
    ));
    if let Some(location) = &storage.location {
        out.push_str(&format!("\nLOCATION {}", sql::string(location)));
    }
    if !table.parameters.is_empty() {
        let pairs = table
            .parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        out.push_str(&format!("\nTBLPROPERTIES {}", sql::properties(pairs)));
    }
    out.push(';');
    out
}

/// `ALTER TABLE ... ADD IF NOT EXISTS PARTITION (...) LOCATION '...'` statements registering
/// `partitions`, at most 100 per statement.
pub fn add_partitions(table: &Table, partitions: &[Partition]) -> Vec<String> {
    sql::add_partitions(
        &table_name(table),
        &table.partition_keys,
        partitions,
        DIALECT,
    )
}

/// `MSCK REPAIR TABLE`: registers every Hive-style `key=value/` folder below the table's location.
pub fn msck_repair_table(table: &Table) -> String {
    format!("MSCK REPAIR TABLE {};", table_name(table))
}

/// Every statement of a selection, in order, separated by blank lines. Athena runs one statement per
/// query, so each is complete on its own. A partitioned table's listed partitions are added explicitly;
/// when none are listed, `MSCK REPAIR TABLE` is offered for Hive-style folders (or, without a location,
/// a comment says there is nothing to scan).
pub fn script(selection: &Selection<'_>) -> String {
    let mut statements: Vec<String> = selection
        .all_databases()
        .iter()
        .map(create_database)
        .collect();
    for entry in selection.tables {
        let table = entry.table;
        statements.push(create_table(table));
        if table.partition_keys.is_empty() {
            continue;
        }
        if !entry.partitions.is_empty() {
            statements.extend(add_partitions(table, entry.partitions));
        } else if table.storage.location.is_some() {
            statements.push(format!(
                "{}{}",
                sql::comment(
                    "Registers every key=value/ partition folder below the table's location."
                ),
                msck_repair_table(table)
            ));
        } else {
            statements.push(
                sql::comment(&format!(
                    "No partitions listed for {} and no location to scan: add them once the data has a location.",
                    table.name
                ))
                .trim_end()
                .to_owned(),
            );
        }
    }
    let mut out = statements.join("\n\n");
    out.push('\n');
    out
}

fn table_name(table: &Table) -> String {
    sql::qualified(&[&table.database_name, &table.name], DIALECT)
}
