"""Writes orc_pyarrow.tsv, the oracle of core/tests/stats.rs for exact ORC statistics: the row count,
and per top-level primitive column its null count and (integer, floating-point, date and decimal
columns) minimum and maximum, computed by pyarrow from the *data*, not from the footer statistics
that core reads. Dates are days since 1970-01-01, decimals unscaled; `-` is none.

    cd ../shared/data/orc && python3 <this file> flat_*.orc nested.orc > <core>/tests/data/stats/orc_pyarrow.tsv
"""
import datetime
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.orc as orc

EPOCH = datetime.date(1970, 1, 1)


def text(value, ty):
    if value is None:
        return "-"
    if pa.types.is_date32(ty):
        return str((value - EPOCH).days)
    if pa.types.is_decimal(ty):
        return str(int(value.scaleb(ty.scale)))
    return repr(value)


print("file\tcolumn\trows\tnulls\tmin\tmax")
for name in sys.argv[1:]:
    table = orc.ORCFile(name).read()
    for column in table.column_names:
        data = table[column]
        ty = data.type
        if pa.types.is_nested(ty):
            continue
        bounds = ("-", "-")
        if any(is_(ty) for is_ in (pa.types.is_integer, pa.types.is_floating, pa.types.is_date32, pa.types.is_decimal)):
            pair = pc.min_max(data)
            bounds = (text(pair["min"].as_py(), ty), text(pair["max"].as_py(), ty))
        elif not any(is_(ty) for is_ in (pa.types.is_string, pa.types.is_binary, pa.types.is_boolean)):
            continue  # timestamps: no Glue statistics type
        print(f"{name}\t{column.lower()}\t{table.num_rows}\t{data.null_count}\t{bounds[0]}\t{bounds[1]}")
