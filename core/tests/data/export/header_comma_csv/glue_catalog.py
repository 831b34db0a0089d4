#!/usr/bin/env python3
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

# CreateDatabase requests.
DATABASES = [
    json.loads(r'''
{
  "DatabaseInput": {
    "Name": "sales",
    "Description": "Sales data; owner: the \u0027data\u0027 team",
    "LocationUri": "s3://my-bucket/sales/",
    "Parameters": {
      "team": "data"
    }
  }
}
'''),
]

# CreateTable requests (each also a valid UpdateTable request).
TABLES = [
    json.loads(r'''
{
  "DatabaseName": "sales",
  "TableInput": {
    "Name": "header_comma_csv",
    "Retention": 0,
    "TableType": "EXTERNAL_TABLE",
    "PartitionKeys": [],
    "Parameters": {
      "areColumnsQuoted": "false",
      "averageRecordSize": "35",
      "classification": "csv",
      "columnsOrdered": "true",
      "compressionType": "none",
      "delimiter": ",",
      "objectCount": "1",
      "recordCount": "200",
      "sizeKey": "7034",
      "skip.header.line.count": "1",
      "typeOfData": "file"
    },
    "StorageDescriptor": {
      "Columns": [
        {
          "Name": "id",
          "Type": "bigint"
        },
        {
          "Name": "amount",
          "Type": "double"
        },
        {
          "Name": "label",
          "Type": "string"
        },
        {
          "Name": "active",
          "Type": "boolean"
        },
        {
          "Name": "when",
          "Type": "string"
        }
      ],
      "Location": "s3://my-bucket/sales/header_comma_csv/",
      "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
      "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      "Compressed": false,
      "NumberOfBuckets": -1,
      "SerdeInfo": {
        "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "Parameters": {
          "field.delim": ","
        }
      },
      "BucketColumns": [],
      "SortColumns": [],
      "Parameters": {
        "areColumnsQuoted": "false",
        "averageRecordSize": "35",
        "classification": "csv",
        "columnsOrdered": "true",
        "compressionType": "none",
        "delimiter": ",",
        "objectCount": "1",
        "recordCount": "200",
        "sizeKey": "7034",
        "skip.header.line.count": "1",
        "typeOfData": "file"
      },
      "StoredAsSubDirectories": false
    }
  }
}
'''),
]

# BatchCreatePartition requests, at most 100 partitions each.
PARTITIONS = []



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
