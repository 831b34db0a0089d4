//! Terraform (HCL) for the AWS provider: `aws_glue_catalog_database`, `aws_glue_catalog_table` and one
//! `aws_glue_partition` per partition.
//!
//! Arguments mirror the Glue export: `table_type = "EXTERNAL_TABLE"`, `retention = 0`, the table and
//! storage-descriptor `parameters`, `number_of_buckets = -1`, the SerDe and its parameters, and column
//! `parameters` (which carry column tags as `glueprint.tags`). The provider's `partition_keys` blocks and
//! partition `columns` blocks have no `parameters` argument, so tags of partition keys and column
//! parameters of partitions are not carried. Tables reference their database resource and partitions
//! their table resource, so Terraform creates them in order.
//!
//! Resource labels are the `[a-z0-9_]` form of the names (`sales`, `sales_orders`,
//! `sales_orders_2024_01_01_eu`), made unique with `_2`, `_3`, ... and prefixed with `_` when they would
//! start with a digit. Strings are HCL template literals, so besides `\` `"` and control characters the
//! template sequences `${` and `%{` are escaped as `$${` and `%%{`. The layout is what `terraform fmt`
//! writes (equals signs of consecutive one-line arguments aligned).

use super::{Selection, slug};
use crate::catalog::{Column, Database, Parameters, StorageDescriptor, TAGS_PARAMETER, Table};
use crate::names;

/// The whole configuration: databases, tables, partitions, in that order.
pub fn config(selection: &Selection<'_>) -> String {
    let databases = selection.all_databases();
    let database_labels = labels(databases.iter().map(|d| slug(&d.name)));
    let table_labels = labels(
        selection
            .tables
            .iter()
            .map(|t| slug(&format!("{}_{}", t.table.database_name, t.table.name))),
    );
    let mut blocks: Vec<String> = Vec::new();
    blocks.push(
        "# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws)."
            .to_owned(),
    );
    for (database, label) in databases.iter().zip(&database_labels) {
        blocks.push(render(&database_block(database, label), 0));
    }
    for (entry, label) in selection.tables.iter().zip(&table_labels) {
        let table = entry.table;
        let database_label = databases
            .iter()
            .position(|d| d.name == table.database_name)
            .and_then(|i| database_labels.get(i));
        blocks.push(render(&table_block(table, label, database_label), 0));
        let partition_labels = labels(
            entry
                .partitions
                .iter()
                .map(|p| slug(&format!("{label}_{}", p.values.join("_")))),
        );
        for (partition, partition_label) in entry.partitions.iter().zip(&partition_labels) {
            let mut body = vec![
                attr(
                    "database_name",
                    format!("aws_glue_catalog_table.{label}.database_name"),
                ),
                attr("table_name", format!("aws_glue_catalog_table.{label}.name")),
                attr("partition_values", list(&partition.values)),
                attr("parameters", map(&partition.parameters)),
            ];
            body.push(Item::Blank);
            body.push(storage_block(&partition.storage, false));
            blocks.push(render(
                &Item::Block(
                    format!("resource \"aws_glue_partition\" \"{partition_label}\""),
                    body,
                ),
                0,
            ));
        }
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// A line or block of an HCL body.
enum Item {
    /// `name = value`; the value may span lines (maps).
    Attr(String, String),
    Block(String, Vec<Item>),
    Comment(String),
    Blank,
}

fn attr(name: &str, value: String) -> Item {
    Item::Attr(name.to_owned(), value)
}

fn database_block(database: &Database, label: &str) -> Item {
    let mut body = vec![attr("name", string(&database.name))];
    if let Some(description) = &database.description {
        body.push(attr("description", string(description)));
    }
    if let Some(location) = &database.location_uri {
        body.push(attr("location_uri", string(location)));
    }
    if !database.parameters.is_empty() {
        body.push(attr("parameters", map(&database.parameters)));
    }
    Item::Block(
        format!("resource \"aws_glue_catalog_database\" \"{label}\""),
        body,
    )
}

fn table_block(table: &Table, label: &str, database_label: Option<&String>) -> Item {
    let database = match database_label {
        Some(db) => format!("aws_glue_catalog_database.{db}.name"),
        None => string(&table.database_name),
    };
    let mut body = vec![
        attr("name", string(&table.name)),
        attr("database_name", database),
    ];
    if let Some(description) = &table.description {
        body.push(attr("description", string(description)));
    }
    body.push(attr("table_type", string("EXTERNAL_TABLE")));
    body.push(attr("retention", "0".to_owned()));
    body.push(attr("parameters", map(&table.parameters)));
    for key in &table.partition_keys {
        body.push(Item::Blank);
        body.push(Item::Block(
            "partition_keys".to_owned(),
            column_body(key, false),
        ));
    }
    body.push(Item::Blank);
    body.push(storage_block(&table.storage, true));
    Item::Block(
        format!("resource \"aws_glue_catalog_table\" \"{label}\""),
        body,
    )
}

/// `storage_descriptor { ... }`; `column_parameters` is false for partitions, whose provider schema has
/// no column `parameters`.
fn storage_block(storage: &StorageDescriptor, column_parameters: bool) -> Item {
    let mut body = Vec::new();
    match &storage.location {
        Some(location) => body.push(attr("location", string(location))),
        None => body.push(Item::Comment(
            "No location: set location = \"s3://bucket/prefix/\" before querying (none is invented)."
                .to_owned(),
        )),
    }
    body.push(attr("input_format", string(&storage.format.input_format)));
    body.push(attr("output_format", string(&storage.format.output_format)));
    body.push(attr("compressed", storage.compressed.to_string()));
    body.push(attr("number_of_buckets", "-1".to_owned()));
    body.push(attr("stored_as_sub_directories", "false".to_owned()));
    body.push(attr("parameters", map(&storage.parameters)));
    body.push(Item::Blank);
    body.push(Item::Block(
        "ser_de_info".to_owned(),
        vec![
            attr(
                "serialization_library",
                string(&storage.format.serde.serialization_library),
            ),
            attr("parameters", map(&storage.format.serde.parameters)),
        ],
    ));
    for column in &storage.columns {
        body.push(Item::Blank);
        body.push(Item::Block(
            "columns".to_owned(),
            column_body(column, column_parameters),
        ));
    }
    Item::Block("storage_descriptor".to_owned(), body)
}

fn column_body(column: &Column, with_parameters: bool) -> Vec<Item> {
    let mut body = vec![
        attr("name", string(&column.name)),
        attr("type", string(&column.data_type.to_string())),
    ];
    if let Some(comment) = &column.comment {
        body.push(attr("comment", string(&super::single_line(comment))));
    }
    if with_parameters {
        let mut parameters = column.parameters.clone();
        if !column.tags.is_empty() {
            let tags: Vec<&str> = column.tags.iter().map(String::as_str).collect();
            parameters.insert(TAGS_PARAMETER.into(), tags.join(","));
        }
        if !parameters.is_empty() {
            body.push(attr("parameters", map(&parameters)));
        }
    }
    body
}

/// Unique labels that are valid HCL identifiers.
fn labels(raw: impl IntoIterator<Item = String>) -> Vec<String> {
    names::unique(raw.into_iter().map(|label| {
        if label.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{label}")
        } else {
            label
        }
    }))
}

/// An HCL quoted template: escapes for `\`, `"`, control characters, and the `${` / `%{` template
/// introducers (doubled, so they stay literal).
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| string(v)).collect();
    format!("[{}]", values.join(", "))
}

/// `{}` or a multi-line map with quoted keys; the caller's indentation is added by [`render`].
fn map(parameters: &Parameters) -> String {
    if parameters.is_empty() {
        return "{}".to_owned();
    }
    let width = parameters
        .keys()
        .map(|k| string(k).chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<String> = parameters
        .iter()
        .map(|(k, v)| {
            let key = string(k);
            let pad = width - key.chars().count();
            format!("  {key}{} = {}\n", " ".repeat(pad), string(v))
        })
        .collect();
    format!("{{\n{}}}", lines.concat())
}

/// Renders an item at `depth` levels of two-space indentation, aligning the equals signs of runs of
/// one-line attributes as `terraform fmt` does (a multi-line attribute, comment, blank line or block
/// ends a run).
fn render(item: &Item, depth: usize) -> String {
    let indent = "  ".repeat(depth);
    match item {
        Item::Attr(name, value) => format!("{indent}{name} = {}\n", indented(value, &indent)),
        Item::Comment(text) => format!("{indent}# {text}\n"),
        Item::Blank => "\n".to_owned(),
        Item::Block(header, body) => {
            let inner = "  ".repeat(depth + 1);
            let mut out = format!("{indent}{header} {{\n");
            let mut i = 0;
            while let Some(item) = body.get(i) {
                if !is_one_line_attr(item) {
                    out.push_str(&render(item, depth + 1));
                    i += 1;
                    continue;
                }
                let run: Vec<&Item> = body
                    .iter()
                    .skip(i)
                    .take_while(|item| is_one_line_attr(item))
                    .collect();
                let width = run
                    .iter()
                    .filter_map(|item| match item {
                        Item::Attr(name, _) => Some(name.chars().count()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                for item in &run {
                    if let Item::Attr(name, value) = item {
                        let pad = width - name.chars().count();
                        out.push_str(&format!("{inner}{name}{} = {value}\n", " ".repeat(pad)));
                    }
                }
                i += run.len();
            }
            out.push_str(&format!("{indent}}}"));
            if depth > 0 {
                out.push('\n');
            }
            out
        }
    }
}

fn is_one_line_attr(item: &Item) -> bool {
    matches!(item, Item::Attr(_, value) if !value.contains('\n'))
}

/// Indents every line of a multi-line value after the first.
fn indented(value: &str, indent: &str) -> String {
    value.replace('\n', &format!("\n{indent}"))
}
