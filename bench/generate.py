#!/usr/bin/env python3
"""Writes the browser benchmark's inputs (scripts/bench) under OUT, deterministically; never committed.

    small/     COUNT small Parquet files of mixed schemas (10 schemas in turn, snappy, 100 rows each)
    wide/      WIDE files of 500 to 2,000 columns, 4 row groups each
    nested/    files of nested types (struct, list, map, list of struct)
    big/       one Parquet file of BIG_MB megabytes made of 1 MiB row groups, written one row group at a
               time (memory stays at one row group); its footer is larger than a 64 KiB tail guess
    text/      1 MB CSV and 1 MB JSON Lines samples
    hive.parquet  the one small file the page copies into its in-memory Hive tree

A file already there with the same size is kept (the 2 GB file takes a while to write). Prints a JSON
manifest: for each group, its files with their sizes and Parquet footer lengths.
"""

import argparse
import json
import os
import random
import struct
from datetime import date, datetime, timedelta
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 100


def small_schemas():
    """Ten table shapes, each a function of a seeded random generator, as a data lake holds them."""
    def ids(r):
        return pa.array([r.randrange(1 << 40) for _ in range(ROWS)], pa.int64())

    def names(r):
        return pa.array([f"name-{r.randrange(10_000)}" for _ in range(ROWS)])

    def amounts(r):
        return pa.array([r.random() * 1000 for _ in range(ROWS)])

    def days(r):
        return pa.array([date(2020, 1, 1) + timedelta(days=r.randrange(2000)) for _ in range(ROWS)])

    def stamps(r):
        return pa.array([datetime(2024, 1, 1) + timedelta(seconds=r.randrange(10**7)) for _ in range(ROWS)],
                        pa.timestamp("us"))

    def prices(r):
        return pa.array([Decimal(r.randrange(10**6)) / 100 for _ in range(ROWS)], pa.decimal128(12, 2))

    def flags(r):
        return pa.array([r.random() < 0.5 for _ in range(ROWS)])

    def counts(r):
        return pa.array([r.randrange(1 << 30) for _ in range(ROWS)], pa.int32())

    def tags(r):
        return pa.array([[f"t{r.randrange(9)}" for _ in range(r.randrange(4))] for _ in range(ROWS)])

    def points(r):
        return pa.array([{"x": r.random(), "y": r.random()} for _ in range(ROWS)])

    return [
        {"id": ids, "name": names, "amount": amounts},
        {"id": ids, "day": days, "price": prices},
        {"event_id": ids, "at": stamps, "kind": names, "ok": flags},
        {"user_id": counts, "score": amounts, "tags": tags},
        {"order_id": ids, "customer": names, "total": prices, "placed": stamps},
        {"sensor": names, "reading": amounts, "where": points},
        {"sku": names, "stock": counts, "updated": days},
        {"session": ids, "pages": counts, "bounced": flags, "tags": tags},
        {"account": ids, "balance": prices, "opened": days, "owner": names},
        {"trip": ids, "start": points, "end": points, "fare": amounts},
    ]


def table_of(shape, seed):
    r = random.Random(seed)
    return pa.table({name: make(r) for name, make in shape.items()})


def footer_len(file):
    with open(file, "rb") as f:
        f.seek(-8, os.SEEK_END)
        return struct.unpack("<I", f.read(4))[0] + 8


def entry(path, root):
    return {"path": os.path.relpath(path, root), "size": os.path.getsize(path), "footer": footer_len(path)}


def write_small(root, count):
    folder = os.path.join(root, "small")
    os.makedirs(folder, exist_ok=True)
    shapes = small_schemas()
    files = []
    for i in range(count):
        path = os.path.join(folder, f"part-{i:05d}.parquet")
        if not os.path.exists(path):
            pq.write_table(table_of(shapes[i % len(shapes)], i), path, compression="snappy")
        files.append(entry(path, root))
    return files


def write_wide(root, count):
    folder = os.path.join(root, "wide")
    os.makedirs(folder, exist_ok=True)
    files = []
    for i in range(count):
        columns = 500 + (1500 * i) // max(count - 1, 1)
        path = os.path.join(folder, f"wide-{columns:04d}.parquet")
        if not os.path.exists(path):
            r = random.Random(i)
            kinds = [pa.int64(), pa.float64(), pa.string(), pa.date32()]
            arrays, names = [], []
            for c in range(columns):
                kind = kinds[c % len(kinds)]
                values = [r.randrange(1000) for _ in range(40)]
                if kind == pa.string():
                    array = pa.array([f"v{v}" for v in values])
                elif kind == pa.date32():
                    array = pa.array([date(2024, 1, 1) + timedelta(days=v) for v in values])
                else:
                    array = pa.array(values).cast(kind)
                arrays.append(array)
                names.append(f"col_{c:04d}")
            pq.write_table(pa.table(arrays, names=names), path, row_group_size=10, compression="snappy")
        files.append(entry(path, root))
    return files


def write_nested(root):
    folder = os.path.join(root, "nested")
    os.makedirs(folder, exist_ok=True)
    r = random.Random(7)
    tables = {
        "structs": pa.table({
            "id": pa.array(range(ROWS), pa.int64()),
            "address": pa.array([{"street": f"s{i}", "geo": {"lat": r.random(), "lon": r.random()}}
                                 for i in range(ROWS)]),
        }),
        "lists": pa.table({
            "id": pa.array(range(ROWS), pa.int64()),
            "scores": pa.array([[r.random() for _ in range(3)] for _ in range(ROWS)]),
            "matrix": pa.array([[[i, i + 1], [i + 2]] for i in range(ROWS)]),
        }),
        "maps": pa.table({
            "id": pa.array(range(ROWS), pa.int64()),
            "attributes": pa.array([[(f"k{j}", f"v{j}") for j in range(i % 4)] for i in range(ROWS)],
                                   pa.map_(pa.string(), pa.string())),
        }),
        "list_of_structs": pa.table({
            "id": pa.array(range(ROWS), pa.int64()),
            "items": pa.array([[{"sku": f"a{j}", "qty": j, "tags": [f"t{j}"]} for j in range(i % 3)]
                               for i in range(ROWS)]),
        }),
    }
    files = []
    for name, table in tables.items():
        path = os.path.join(folder, f"{name}.parquet")
        if not os.path.exists(path):
            pq.write_table(table, path, compression="snappy")
        files.append(entry(path, root))
    return files


def write_big(root, megabytes):
    """One column of 1 MiB uncompressed row groups, written one at a time: the footer lists them all."""
    folder = os.path.join(root, "big")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"big-{megabytes}mb.parquet")
    rows = (1 << 20) // 8
    if not os.path.exists(path):
        group = pa.table({"value": pa.array(range(rows), pa.int64())})
        with pq.ParquetWriter(path + ".part", group.schema, compression="none", use_dictionary=False) as w:
            for _ in range(megabytes):
                w.write_table(group, row_group_size=rows)
        os.replace(path + ".part", path)
    return [entry(path, root)]


def write_text(root):
    folder = os.path.join(root, "text")
    os.makedirs(folder, exist_ok=True)
    r = random.Random(11)
    rows = []
    while sum(len(x) for x in rows) < 1_000_000:
        day = date(2020, 1, 1) + timedelta(days=r.randrange(2000))
        rows.append(f"{len(rows)},customer {r.randrange(10**5)},{r.random() * 1000:.2f},{day.isoformat()},"
                    f"{'true' if r.random() < 0.5 else 'false'}\n")
    csv_path = os.path.join(folder, "sample.csv")
    with open(csv_path, "w") as f:
        f.write("id,customer,amount,day,paid\n")
        f.writelines(rows)
    json_path = os.path.join(folder, "sample.jsonl")
    with open(json_path, "w") as f:
        written = 0
        i = 0
        while written < 1_000_000:
            line = json.dumps({"id": i, "customer": f"customer {r.randrange(10**5)}",
                               "amount": round(r.random() * 1000, 2), "paid": r.random() < 0.5,
                               "tags": [f"t{r.randrange(9)}"], "address": {"city": f"c{r.randrange(99)}"}})
            f.write(line + "\n")
            written += len(line) + 1
            i += 1
    return [{"path": os.path.relpath(p, root), "size": os.path.getsize(p)} for p in (csv_path, json_path)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--wide", type=int, default=20)
    parser.add_argument("--big-mb", type=int, default=2048)
    args = parser.parse_args()
    root = args.out
    os.makedirs(root, exist_ok=True)
    hive = os.path.join(root, "hive.parquet")
    if not os.path.exists(hive):
        pq.write_table(table_of(small_schemas()[0], 0), hive, compression="snappy")
    manifest = {
        "small": write_small(root, args.small),
        "wide": write_wide(root, args.wide),
        "nested": write_nested(root),
        "big": write_big(root, args.big_mb),
        "text": write_text(root),
        "hive": [entry(hive, root)],
    }
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
