//! A POSIX shell script of AWS CLI commands, plus the JSON request files it passes with
//! `--cli-input-json file://...`: `create-database`, `create-table` (or `update-table` when the table
//! exists) and `batch-create-partition` (at most 100 partitions per file).
//!
//! The request files are the [`super::glue`] payloads unchanged, so they are what `glue_validate.py`
//! checks. The script changes to its own folder first, so it runs from anywhere; it stops at the first
//! failing command (`set -eu`). An existing database is left as it is; partitions that already exist are
//! reported in `batch-create-partition`'s `Errors` output and left unchanged. `GLUE_ENDPOINT_URL` sends
//! every command to another endpoint (a local moto server, say). Every name in the script is a
//! single-quoted shell word (`'` written as `'\''`), and file names are numbered `[a-z0-9_-]` slugs of
//! the names, so no catalog name can break out of quoting.

use super::glue::{self, to_json};
use super::{ExportFile, Selection, slug};

/// Name of the script, the first file of [`files`].
pub const SCRIPT_NAME: &str = "create_glue_catalog.sh";

/// The script, then the request files in the order the script uses them.
pub fn files(selection: &Selection<'_>) -> Vec<ExportFile> {
    let mut script = String::from(HEADER);
    let mut requests: Vec<ExportFile> = Vec::new();

    for database in selection.all_databases() {
        let file = file_name(requests.len(), "database", &[&database.name]);
        let name = quote(&database.name);
        script.push_str(&format!(
            "\nif glue get-database --name {name} >/dev/null 2>&1; then\n    echo {}\nelse\n    echo {}\n    glue create-database --cli-input-json {}\nfi\n",
            quote(&format!("database {} exists, left unchanged", database.name)),
            quote(&format!("creating database {}", database.name)),
            quote(&format!("file://{file}")),
        ));
        requests.push(ExportFile {
            name: file,
            contents: to_json(&glue::create_database(&database)),
        });
    }

    for entry in selection.tables {
        let table = entry.table;
        let label = format!("{}.{}", table.database_name, table.name);
        let file = file_name(
            requests.len(),
            "table",
            &[&table.database_name, &table.name],
        );
        script.push_str(&format!(
            "\nif glue get-table --database-name {} --name {} >/dev/null 2>&1; then\n    echo {}\n    glue update-table --cli-input-json {uri}\nelse\n    echo {}\n    glue create-table --cli-input-json {uri}\nfi\n",
            quote(&table.database_name),
            quote(&table.name),
            quote(&format!("updating table {label}")),
            quote(&format!("creating table {label}")),
            uri = quote(&format!("file://{file}")),
        ));
        requests.push(ExportFile {
            name: file,
            contents: to_json(&glue::create_table(table)),
        });
        if table.storage.location.is_none() {
            script.push_str(&format!(
                "# Table {} has no location: set StorageDescriptor.Location in its JSON file before querying it.\n",
                comment_text(&label)
            ));
        }
        let batches = glue::batch_create_partitions(table, entry.partitions);
        let count = batches.len();
        for (i, batch) in batches.iter().enumerate() {
            let number = (i + 1).to_string();
            let file = file_name(
                requests.len(),
                "partitions",
                &[&table.database_name, &table.name, &number],
            );
            script.push_str(&format!(
                "\necho {}\nglue batch-create-partition --cli-input-json {}\n",
                quote(&format!(
                    "adding partitions of {label} ({} of {count})",
                    i + 1
                )),
                quote(&format!("file://{file}")),
            ));
            requests.push(ExportFile {
                name: file,
                contents: to_json(batch),
            });
        }
    }

    let mut files = vec![ExportFile {
        name: SCRIPT_NAME.to_owned(),
        contents: script,
    }];
    files.extend(requests);
    files
}

/// `NNN-kind-slug-slug.json`: numbered in order, so unique even when two names share a slug.
fn file_name(index: usize, kind: &str, parts: &[&str]) -> String {
    let slugs: Vec<String> = parts.iter().map(|p| slug(p)).collect();
    format!("{:03}-{kind}-{}.json", index + 1, slugs.join("-"))
}

/// One single-quoted shell word: nothing inside single quotes is special except `'` itself.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Text safe on a `#` comment line: a line break would end the comment and run the rest.
fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

const HEADER: &str = r#"#!/bin/sh
# Create the AWS Glue Data Catalog objects exported by Glueprint: databases, tables, then partitions.
# The JSON request files sit next to this script. Region and credentials come from the AWS CLI's own
# configuration (AWS_REGION, AWS_PROFILE, ...); set GLUE_ENDPOINT_URL to use another endpoint, e.g.
# GLUE_ENDPOINT_URL=http://127.0.0.1:5000 for a local moto server.
# An existing database is left unchanged, an existing table is updated (update-table), and partitions
# that already exist are listed under "Errors" in batch-create-partition's output.
set -eu
cd "$(dirname "$0")"

glue() {
    if [ -n "${GLUE_ENDPOINT_URL:-}" ]; then
        aws --endpoint-url "$GLUE_ENDPOINT_URL" glue "$@"
    else
        aws glue "$@"
    fi
}
"#;
