#!/usr/bin/env python3
"""Oracle for the external ORC test: top-level columns of every ORC file under
../shared/data/external (corrupt/ and encrypted/ included) as pyarrow reads them, or the error pyarrow gives.

Run from the repository root to refresh core/tests/data/external_orc_columns.json:
    python3 tests/oracles/pyarrow_orc_columns.py > core/tests/data/external_orc_columns.json
"""
import json
import os
import sys

import pyarrow
import pyarrow.orc as orc

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "external")

result = {"pyarrow": pyarrow.__version__, "files": {}}
for folder, _, files in os.walk(ROOT):
    for name in sorted(files):
        if not name.endswith(".orc"):
            continue
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, ROOT)
        try:
            schema = orc.ORCFile(path).schema
            result["files"][rel] = {"columns": schema.names}
        except Exception as e:  # noqa: BLE001 - any reader failure is the oracle's answer
            result["files"][rel] = {"error": f"{type(e).__name__}: {e}"[:300]}
result["files"] = dict(sorted(result["files"].items()))
json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
