//! A CloudFormation template (JSON) of `AWS::Glue::Database`, `AWS::Glue::Table` and
//! `AWS::Glue::Partition` resources.
//!
//! `DatabaseInput`, `TableInput` and `PartitionInput` are the [`super::glue`] payloads, since
//! CloudFormation's Glue property names are the API's, with one difference: a CloudFormation `Column`
//! has no `Parameters`. Column parameters (and so column tags, `glueprint.tags`) travel in the resource's
//! `Metadata.Glueprint.ColumnParameters` instead, where they stay visible in the stack. JSON has no
//! comments, so notes (such as a table without a location, which is exported without one) go to
//! `Metadata.Glueprint.Notes`. `CatalogId` is the stack's account (`{"Ref": "AWS::AccountId"}`); each
//! table `DependsOn` its database and each partition its table.
//!
//! Logical IDs are `Database`, `Table` or `Partition` followed by the PascalCase alphanumeric form of the
//! names (`TableSalesOrders`), made unique with `2`, `3`, ... CloudFormation allows at most 500 resources
//! and 51,200 bytes of template body uploaded directly (1 MB from S3); a large selection must be split.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::Selection;
use super::glue::{self, GlueStorageDescriptor, PartitionInput, TableInput, to_json};
use crate::catalog::{Column, TAGS_PARAMETER, Table};

/// The template text.
pub fn template(selection: &Selection<'_>) -> String {
    let mut ids = LogicalIds::default();
    let mut resources = Map::new();
    let databases = selection.all_databases();
    let mut database_ids = Vec::with_capacity(databases.len());
    for database in &databases {
        let id = ids.claim("Database", &[&database.name]);
        let input = glue::create_database(database).database_input;
        resources.insert(
            id.clone(),
            json!({
                "Type": "AWS::Glue::Database",
                "Properties": {
                    "CatalogId": {"Ref": "AWS::AccountId"},
                    "DatabaseInput": input,
                },
            }),
        );
        database_ids.push((database.name.clone(), id));
    }
    for entry in selection.tables {
        let table = entry.table;
        let table_id = ids.claim("Table", &[&table.database_name, &table.name]);
        let mut input = TableInput::from(table);
        let mut column_parameters = Map::new();
        for column in table.storage.columns.iter().chain(&table.partition_keys) {
            let parameters = parameters_with_tags(column);
            if !parameters.is_empty() {
                column_parameters.insert(column.name.clone(), json!(parameters));
            }
        }
        strip_column_parameters(&mut input.storage_descriptor);
        for key in &mut input.partition_keys {
            key.parameters.clear();
        }
        let mut resource = json!({
            "Type": "AWS::Glue::Table",
            "Properties": {
                "CatalogId": {"Ref": "AWS::AccountId"},
                "DatabaseName": table.database_name,
                "TableInput": input,
            },
        });
        if let Some(object) = resource.as_object_mut() {
            if let Some((_, database_id)) = database_ids
                .iter()
                .find(|(name, _)| name == &table.database_name)
            {
                object.insert("DependsOn".into(), json!(database_id));
            }
            let metadata = metadata(table, column_parameters);
            if !metadata.is_empty() {
                object.insert("Metadata".into(), json!({ "Glueprint": metadata }));
            }
        }
        resources.insert(table_id.clone(), resource);
        for partition in entry.partitions {
            let values: Vec<&str> = partition.values.iter().map(String::as_str).collect();
            let table_part = table_id.strip_prefix("Table").unwrap_or(&table_id);
            let id = ids.claim(&format!("Partition{table_part}"), &values);
            let mut input = PartitionInput::from(partition);
            strip_column_parameters(&mut input.storage_descriptor);
            resources.insert(
                id,
                json!({
                    "Type": "AWS::Glue::Partition",
                    "DependsOn": table_id,
                    "Properties": {
                        "CatalogId": {"Ref": "AWS::AccountId"},
                        "DatabaseName": table.database_name,
                        "TableName": table.name,
                        "PartitionInput": input,
                    },
                }),
            );
        }
    }
    to_json(&json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "AWS Glue Data Catalog objects exported by Glueprint.",
        "Resources": resources,
    }))
}

/// Notes and column parameters for a table's `Metadata.Glueprint`; empty when there is nothing to say.
fn metadata(table: &Table, column_parameters: Map<String, Value>) -> Map<String, Value> {
    let mut metadata = Map::new();
    if table.storage.location.is_none() {
        metadata.insert(
            "Notes".into(),
            json!([format!(
                "Table {}.{} has no location: set TableInput.StorageDescriptor.Location to the S3 folder of its data before querying it (none is invented).",
                table.database_name, table.name
            )]),
        );
    }
    if !column_parameters.is_empty() {
        metadata.insert("ColumnParameters".into(), Value::Object(column_parameters));
    }
    metadata
}

fn parameters_with_tags(column: &Column) -> crate::catalog::Parameters {
    let mut parameters = column.parameters.clone();
    if !column.tags.is_empty() {
        let tags: Vec<&str> = column.tags.iter().map(String::as_str).collect();
        parameters.insert(TAGS_PARAMETER.into(), tags.join(","));
    }
    parameters
}

/// CloudFormation's `Column` has no `Parameters` member.
fn strip_column_parameters(storage: &mut GlueStorageDescriptor) {
    for column in &mut storage.columns {
        column.parameters.clear();
    }
}

/// Hands out unique alphanumeric logical IDs.
#[derive(Default)]
struct LogicalIds {
    taken: HashSet<String>,
}

impl LogicalIds {
    /// `prefix` + the PascalCase alphanumeric form of `parts`, with a number appended when taken. Capped
    /// well below CloudFormation's 255 characters.
    fn claim(&mut self, prefix: &str, parts: &[&str]) -> String {
        let mut base = prefix.to_owned();
        for part in parts {
            let slug = super::slug(part);
            for word in slug.split('_').filter(|w| !w.is_empty()) {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    base.push(first.to_ascii_uppercase());
                    base.push_str(chars.as_str());
                }
            }
        }
        base.truncate(200);
        let mut id = base.clone();
        let mut n = 2u32;
        while self.taken.contains(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}
