"""Writes orc_external_pyarrow.json, an oracle of core/tests/values.rs for ORC value sampling: the first
ROWS values of the first stripe that pyarrow reads from every top-level primitive column (timestamps
left out) of the ORC project's example files in ../shared/data/external/orc/examples, in the text core
samples them as (see orc_flat_pyarrow.py; floats and doubles as Python's text of the double). The files
cover RLE v1 and v2 (every sub-encoding), direct and dictionary strings, Hive 0.11 decimals, ORC 2.0's
decimal64, and every codec but LZO. Files pyarrow cannot read (a bare root type, LZO) are left out.

    python3 <this file> ../shared/data/external/orc/examples [ROWS, default 50] > <core>/tests/data/values/orc_external_pyarrow.json
"""
import glob
import json
import os
import sys

import pyarrow as pa
import pyarrow.orc as orc


def text(value, ty):
    if value is None:
        return None
    if pa.types.is_decimal(ty):
        return format(value, "f")
    if pa.types.is_date32(ty):
        return value.isoformat()
    if pa.types.is_binary(ty):
        return value.hex()
    if pa.types.is_floating(ty):
        return repr(value)
    if pa.types.is_boolean(ty):
        return "true" if value else "false"
    return str(value)


def kind(ty):
    if pa.types.is_float32(ty):
        return "float"
    if pa.types.is_float64(ty):
        return "double"
    tests = (pa.types.is_boolean, pa.types.is_integer, pa.types.is_decimal, pa.types.is_date32,
             pa.types.is_string, pa.types.is_binary)
    return "text" if any(test(ty) for test in tests) else None


rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50
out = {"rows": rows, "files": {}}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.orc"))):
    try:
        f = orc.ORCFile(path)
        if f.nstripes == 0:
            continue
        batch = f.read_stripe(0).slice(0, rows)
    except Exception as e:  # pyarrow refuses the file
        print(f"{path}: left out ({e})", file=sys.stderr)
        continue
    columns = []
    for i, field in enumerate(batch.schema):
        k = kind(field.type)
        if k is not None:
            values = [text(v, field.type) for v in batch.column(i).to_pylist()]
            columns.append({"column": field.name.lower(), "kind": k, "values": values})
    out["files"][os.path.basename(path)] = columns
json.dump(out, sys.stdout, separators=(",", ":"))
print()
