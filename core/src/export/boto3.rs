//! One runnable Python script that creates a selection through boto3: databases, then tables, then
//! partitions, each created or, when Glue answers `AlreadyExistsException`, updated (UpdateDatabase,
//! UpdateTable, BatchUpdatePartition). Running it twice leaves the same catalog.
//!
//! The payloads are exactly the [`super::glue`] requests, embedded as JSON text in raw triple-quoted
//! strings and read with `json.loads`, so what the script sends is what the Glue export and
//! `glue_validate.py` check. The JSON text cannot end such a string early: every `'` in it (only ever
//! inside JSON strings) is written as the JSON escape `\u0027`, and it never ends in a backslash.
//!
//! The region comes from `--region` or `AWS_REGION`/`AWS_DEFAULT_REGION`, credentials and profile from
//! boto3's usual chain, and `--endpoint-url` (or `GLUE_ENDPOINT_URL`) points the client elsewhere, e.g.
//! at a local moto server.

use serde::Serialize;

use super::Selection;
use super::glue::{self, to_json};

/// The script's text.
pub fn script(selection: &Selection<'_>) -> String {
    let databases: Vec<String> = selection
        .all_databases()
        .iter()
        .map(|d| literal(&glue::create_database(d)))
        .collect();
    let tables: Vec<String> = selection
        .tables
        .iter()
        .map(|t| literal(&glue::create_table(t.table)))
        .collect();
    let partitions: Vec<String> = selection
        .tables
        .iter()
        .flat_map(|t| glue::batch_create_partitions(t.table, t.partitions))
        .map(|request| literal(&request))
        .collect();
    format!(
        "{HEADER}\n# CreateDatabase requests.\nDATABASES = {}\n\n# CreateTable requests (each also a valid UpdateTable request).\nTABLES = {}\n\n# BatchCreatePartition requests, at most 100 partitions each.\nPARTITIONS = {}\n\n{MAIN}",
        list(&databases),
        list(&tables),
        list(&partitions)
    )
}

/// `json.loads(r'''...''')` of one payload.
fn literal<T: Serialize>(payload: &T) -> String {
    let json = to_json(payload).replace('\'', "\\u0027");
    format!("json.loads(r'''\n{}''')", json)
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let items: Vec<String> = items.iter().map(|i| format!("    {i},\n")).collect();
    format!("[\n{}]", items.concat())
}

const HEADER: &str = r#"#!/usr/bin/env python3
"""Create the AWS Glue Data Catalog objects exported by Glueprint: databases, tables, then partitions.

Each object is created, or updated when it already exists, so running this script twice is safe.

usage: python3 glue_catalog.py [--region REGION] [--endpoint-url URL]

The region defaults to AWS_REGION or AWS_DEFAULT_REGION, credentials come from boto3's usual chain
(AWS_PROFILE, ~/.aws, ...), and the endpoint defaults to GLUE_ENDPOINT_URL, e.g. http://127.0.0.1:5000
for a local moto server. Needs boto3 (pip install boto3).
"""

import argparse
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError
"#;

const MAIN: &str = r#"

def already_exists(error):
    return error.response.get("Error", {}).get("Code") == "AlreadyExistsException"


def create_databases(glue):
    for request in DATABASES:
        database = request["DatabaseInput"]
        try:
            glue.create_database(**request)
            print(f"created database {database['Name']}")
        except ClientError as error:
            if not already_exists(error):
                raise
            glue.update_database(Name=database["Name"], DatabaseInput=database)
            print(f"updated database {database['Name']}")


def create_tables(glue):
    for request in TABLES:
        name = f"{request['DatabaseName']}.{request['TableInput']['Name']}"
        try:
            glue.create_table(**request)
            print(f"created table {name}")
        except ClientError as error:
            if not already_exists(error):
                raise
            glue.update_table(**request)
            print(f"updated table {name}")


def create_partitions(glue):
    for request in PARTITIONS:
        name = f"{request['DatabaseName']}.{request['TableName']}"
        errors = glue.batch_create_partition(**request).get("Errors", [])
        existing = [
            e["PartitionValues"]
            for e in errors
            if e.get("ErrorDetail", {}).get("ErrorCode") == "AlreadyExistsException"
        ]
        failed = [e for e in errors if e["PartitionValues"] not in existing]
        if failed:
            sys.exit(f"partitions of {name} failed: {failed}")
        if existing:
            inputs = {tuple(p["Values"]): p for p in request["PartitionInputList"]}
            entries = [
                {"PartitionValueList": values, "PartitionInput": inputs[tuple(values)]}
                for values in existing
            ]
            errors = glue.batch_update_partition(
                DatabaseName=request["DatabaseName"],
                TableName=request["TableName"],
                Entries=entries,
            ).get("Errors", [])
            if errors:
                sys.exit(f"partitions of {name} failed to update: {errors}")
        created = len(request["PartitionInputList"]) - len(existing)
        print(f"partitions of {name}: {created} created, {len(existing)} updated")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--region",
        default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        help="AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)",
    )
    parser.add_argument(
        "--endpoint-url",
        default=os.environ.get("GLUE_ENDPOINT_URL"),
        help="Glue endpoint, e.g. a local moto server (default: GLUE_ENDPOINT_URL)",
    )
    args = parser.parse_args(argv)
    glue = boto3.client("glue", region_name=args.region, endpoint_url=args.endpoint_url)
    create_databases(glue)
    create_tables(glue)
    create_partitions(glue)


if __name__ == "__main__":
    main()
"#;
