#!/usr/bin/env python3
"""Live oracle: `glueprint stats` column statistics against pyarrow, for the Parquet fixtures.

For every file of ../shared/data/parquet that pyarrow reads, `glueprint stats FILE` gives, per column, the
Glue statistics member, the rows its sampled numbers come from (`SampledRows`, the file's first rows) and
which numbers are exact (`Exact`: from the footer, describing the whole file). pyarrow computes the same
numbers independently: over the whole file for exact ones, over the first `SampledRows` rows otherwise.

  nulls, minimum, maximum, true/false counts, maximum length   equal
  average length                                              equal within 1e-9
  double bounds                                               equal within a relative 1e-6 (float32)
  distinct values, exact                                      equal
  distinct values, sampled (a HyperLogLog estimate)           within 5% (+1) of the sampled rows' count,
                                                              and never above their non-null values

Lengths are UTF-8 bytes (strings) or bytes (binary); dates are epoch seconds at midnight, as Glue sends
them. Columns are matched by lower-cased name; files whose names Glue normalises further are skipped.
Times of day, nanosecond timestamps and durations are the integers Parquet stores (Glueprint types them
bigint or int on purpose, see compare.py), so pyarrow's values are compared as those integers.

Exit status: 0 when everything matched, 1 on any mismatch, 2 on a usage error.

    python3 tests/oracles/stats.py --cli target/debug/glueprint --shared ../shared
"""
import argparse
import base64
import datetime
import json
import os
import subprocess
import sys

import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyarrow.types as pat

EPOCH = datetime.date(1970, 1, 1)


def scalar(value):
    """A pyarrow Python value as Glue sends it: dates in epoch seconds, decimals as their digits."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return (value - EPOCH).days * 86_400
    return value


def decimal(number):
    unscaled = int.from_bytes(base64.b64decode(number["UnscaledValue"]), "big", signed=True)
    return unscaled, number["Scale"]


class Check:
    def __init__(self):
        self.problems = []
        self.compared = 0

    def equal(self, where, what, got, want, tolerance=None):
        self.compared += 1
        if tolerance is None:
            same = got == want
        else:
            same = abs(got - want) <= tolerance * max(1.0, abs(want))
        if not same:
            self.problems.append(f"{where}: {what} is {got!r}, pyarrow says {want!r}")


def check_column(check, where, member, column_all, column_sampled, exact):
    kind = member["Type"]
    data = next(v for k, v in member.items() if k != "Type")
    nulls = column_all.null_count if exact["nulls"] else column_sampled.null_count
    check.equal(where, "nulls", data["NumberOfNulls"], nulls)
    present = [v for v in column_sampled.to_pylist() if v is not None]
    if kind in ("LONG", "DOUBLE", "DATE", "DECIMAL"):
        source = column_all if exact["minMax"] else column_sampled
        bounds = pc.min_max(source)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        got = [data.get("MinimumValue"), data.get("MaximumValue")]
        if None in got or low is None:
            # No bound at all: the sample had no value (all null, or the column could not be sampled).
            check.equal(where, "bounds", got, [None, None] if low is None else [low, high])
        elif kind == "DECIMAL":
            scale = got[0]["Scale"]
            want = [(int(v.scaleb(scale)), scale) for v in (low, high)]
            check.equal(where, "bounds", [decimal(g) for g in got], want)
        else:
            tolerance = 1e-6 if kind == "DOUBLE" else None
            check.equal(where, "minimum", got[0], scalar(low), tolerance)
            check.equal(where, "maximum", got[1], scalar(high), tolerance)
    if kind == "BOOLEAN":
        check.equal(where, "trues", data["NumberOfTrues"], sum(1 for v in present if v))
        check.equal(where, "falses", data["NumberOfFalses"], sum(1 for v in present if not v))
    if kind in ("STRING", "BINARY"):
        lengths = [len(v.encode("utf-8")) if isinstance(v, str) else len(v) for v in present]
        check.equal(where, "maximum length", data["MaximumLength"], max(lengths, default=0))
        average = sum(lengths) / len(lengths) if lengths else 0.0
        check.equal(where, "average length", data["AverageLength"], average, 1e-9)
    if "NumberOfDistinctValues" in data:
        got = data["NumberOfDistinctValues"]
        if exact["distinct"]:
            check.equal(where, "distinct", got, pc.count_distinct(column_all).as_py())
        else:
            want = pc.count_distinct(column_sampled).as_py()
            check.compared += 1
            if got > len(present) or abs(got - want) > 0.05 * want + 1:
                check.problems.append(f"{where}: distinct estimate {got}, pyarrow counts {want}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--shared", required=True)
    args = parser.parse_args()
    folder = os.path.join(args.shared, "data", "parquet")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".parquet"))
    if not files:
        print(f"no Parquet fixtures in {folder}", file=sys.stderr)
        return 2
    run = subprocess.run([args.cli, "stats", "--analyzed-time", "0", *files], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print(run.stderr, file=sys.stderr)
        return 1
    check = Check()
    columns = 0
    for result in json.loads(run.stdout):
        path = result["File"]
        table = pq.read_table(path)
        names = {name.lower(): name for name in table.column_names}
        for request in result["Requests"]:
            for stats in request["ColumnStatisticsList"]:
                name = stats["ColumnName"]
                if name not in names:
                    continue
                columns += 1
                column = table.column(names[name])
                if pat.is_time(column.type) or pat.is_timestamp(column.type) or pat.is_duration(column.type):
                    column = column.cast(pyarrow.int64())
                sampled = column.slice(0, result["SampledRows"][name])
                where = f"{os.path.basename(path)} {name}"
                check_column(check, where, stats["StatisticsData"], column, sampled, result["Exact"][name])
    for problem in check.problems:
        print(problem)
    print(f"stats oracle: {len(files)} files, {columns} columns, {check.compared} numbers compared, "
          f"{len(check.problems)} mismatches")
    return 1 if check.problems or columns == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
