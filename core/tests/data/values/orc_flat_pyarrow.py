"""Writes orc_flat_pyarrow.json, the oracle of core/tests/values.rs for ORC value sampling: every value
pyarrow reads from the top-level primitive columns of ../shared/data/orc/flat_*.orc (the five files hold
the same 200 rows, one per codec; the script checks that), in the text core samples them as: integers and
booleans as JSON numbers and booleans, floats and doubles as Python's shortest text of the double (the
test parses it and formats it as core does), decimals as fixed-point text at the column's scale, dates `YYYY-MM-DD`, binary as lower-case
hex, nulls as null. Timestamp columns are left out (core does not sample them).

    cd ../shared/data/orc && python3 <this file> flat_*.orc > <core>/tests/data/values/orc_flat_pyarrow.json
"""
import json
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
        return repr(value)  # as text: a JSON parser may round the last digit
    return value


def kind(ty):
    for name, test in [
        ("boolean", pa.types.is_boolean),
        ("integer", pa.types.is_integer),
        ("float", lambda t: pa.types.is_float32(t)),
        ("double", lambda t: pa.types.is_float64(t)),
        ("decimal", pa.types.is_decimal),
        ("date", pa.types.is_date32),
        ("string", pa.types.is_string),
        ("binary", pa.types.is_binary),
    ]:
        if test(ty):
            return name
    return None


tables = [orc.ORCFile(name).read() for name in sys.argv[1:]]
assert all(t.equals(tables[0]) for t in tables), "the files hold different rows"
table = tables[0]
columns = []
for name in table.column_names:
    data = table[name]
    k = kind(data.type)
    if k is None:
        continue
    columns.append({"column": name.lower(), "kind": k, "values": [text(v, data.type) for v in data.to_pylist()]})
json.dump({"rows": table.num_rows, "columns": columns}, sys.stdout, indent=None)
print()
