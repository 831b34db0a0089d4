#!/usr/bin/env python3
"""Oracle for the external Avro test: top-level record field names of every Avro data file under
../shared/data/external as fastavro reads them from the file header (or the error fastavro gives).

Only the header is consulted (fastavro.reader parses the magic, metadata and writer schema when it opens
the file), exactly what Glueprint reads; records are not decoded. A schema whose top level is not a record
is reported as {"type": "<avro type>"} without columns.

Needs `pip install fastavro`. Run from the repository root to refresh
core/tests/data/external_avro_columns.json:
    python3 tests/oracles/fastavro_columns.py > core/tests/data/external_avro_columns.json
"""
import json
import os
import sys

import fastavro

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "external")


def top_level(schema):
    """Field names of a parsed (fastavro-normalised) top-level schema, or its type name."""
    if isinstance(schema, dict) and schema.get("type") == "record":
        return {"columns": [field["name"] for field in schema["fields"]]}
    if isinstance(schema, dict):
        return {"type": schema.get("type")}
    if isinstance(schema, list):
        return {"type": "union"}
    return {"type": schema}


result = {"fastavro": fastavro.__version__, "files": {}}
for folder, _, files in os.walk(ROOT):
    for name in sorted(files):
        if not name.endswith(".avro"):
            continue
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
        try:
            with open(path, "rb") as f:
                reader = fastavro.reader(f)
                result["files"][rel] = top_level(reader.writer_schema)
        except Exception as e:  # noqa: BLE001 - any reader failure is the oracle's answer
            result["files"][rel] = {"error": f"{type(e).__name__}: {e}"[:300]}
result["files"] = dict(sorted(result["files"].items()))
json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
