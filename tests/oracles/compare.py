#!/usr/bin/env python3
"""Live oracle: Glueprint's CLI against pyarrow (Parquet, ORC) and fastavro (Avro), file by file.

For every fixture in ../shared/data/{parquet,orc,avro} and every Parquet, ORC and Avro file under
../shared/data/external, the oracle reads the file's schema and gives its top-level column names and one
type family per column; `glueprint infer FILE` gives a CreateTable request whose columns must carry the same
names (after Glue's normalisation, as core/src/names.rs does it) and the same families.

Families: boolean, integer, floating, decimal, string, binary, date, timestamp, time, duration, interval,
list, map, struct, union, null, enum. Hive types map to them by their outer type (tinyint..bigint are
integer, char/varchar are string, array is list, uniontype is union, void is null).

Deliberate differences, where Glueprint's Hive type is of another family than the oracle's type, on purpose
(each is a rule in core/src/infer/*.rs; the summary lists every column that used one):

  uint64-decimal    Parquet uint64 is decimal(20,0): no signed Hive integer holds every value.
  ns-timestamp      Parquet/Avro nanosecond timestamps are bigint, as real crawlers write them (Hive
                    timestamps are not nanosecond-exact in Glue's Parquet path).
  time-integer      TIME is int (millis) or bigint (micros, nanos): Hive has no time-of-day type.
  wide-decimal      Decimals beyond 38 digits (and Avro big-decimal) are string: 38 is Hive's maximum.
  duration-integer  Arrow durations (an Arrow-only annotation of a Parquet INT64) are the bigint stored.
  map-key-list      A map whose key is not primitive is array<struct<key,value>>: Hive map keys must be.
  enum-string       Avro enums are string: Hive has no enum type.
  uuid-fixed        Avro uuid on fixed(16) is binary: the 16 raw bytes are not text.
  avro-duration     Avro duration (a fixed(12)) is binary.
  null-physical     A Parquet column of logical type UNKNOWN (Arrow's null type: always null) has its physical
                    type (INT32 -> int): parquet.rs falls back to the physical type for annotations it does
                    not map. (Avro's null is void; Athena cannot query void columns.)
Time zones are not a family: Arrow's timestamp[unit, tz=...] and ORC's timestamp_instant are timestamps,
Avro's timestamp-* and local-timestamp-* both are, and so are Glueprint's.

Files the oracle cannot read must give a clean CLI error (exit status 1, one line on stderr naming the file),
never a crash; LENIENT_FILES lists the few files where Glueprint and the oracle disagree about whether the
file has a table, with the reason. Avro files whose top-level schema is not a record have no Glue table (the
AvroSerDe refuses them), so there too a clean error is expected.

Exit status: 0 when everything matched, 1 on any mismatch, 2 on a usage error.

    python3 tests/oracles/compare.py --cli target/debug/glueprint --shared ../shared
"""
import argparse
import contextlib
import json
import os
import subprocess
import sys
import unicodedata

import fastavro
import pyarrow
import pyarrow.orc as orc
import pyarrow.parquet as pq
import pyarrow.types as pat

# Files where Glueprint and the oracle disagree on purpose, relative to data/, with the reason.
LENIENT_FILES = {
    # Oracle refuses, Glueprint reads (core/tests/external.rs, orc.rs and avro.rs say the same).
    "external/parquet-testing/data/incorrect_map_schema.parquet":
        "optional map key: Arrow refuses it, Hive/Glue accept it",
    "external/orc/examples/TestOrcFile.testTimestamp.orc":
        "root type is not a struct (a bare timestamp): Arrow cannot make a table of it, Glueprint reads one "
        "column _col0",
    "external/orc/examples/TestOrcFile.testWithoutCompressionBlockSize.orc":
        "root type is not a struct (a bare int): Arrow cannot make a table of it, Glueprint reads one "
        "column _col0",
    "external/avro/share/test/data/syncInMeta.avro":
        "binary metadata values, which fastavro decodes as UTF-8 and the Avro spec does not; avro.schema is "
        "sound",
    # Oracle reads, Glueprint refuses with a clean error.
    "external/orc/examples/TestVectorOrcFile.testLzo.orc":
        "LZO-compressed footer: no pure-Rust LZO decoder is robust against corrupt input, so Glueprint "
        "refuses LZO (Unsupported)",
}

RULES = {
    "uint64-decimal": "Parquet uint64 is decimal(20,0): no signed Hive integer holds every value",
    "ns-timestamp": "nanosecond timestamps are bigint, as real crawlers write them",
    "time-integer": "TIME is int or bigint: Hive has no time-of-day type",
    "wide-decimal": "decimals beyond 38 digits (or without a fixed precision) are string",
    "duration-integer": "Arrow durations are the INT64 Parquet stores: bigint",
    "map-key-list": "a map with a non-primitive key is array<struct<key,value>>",
    "enum-string": "Avro enums are string: Hive has no enums",
    "uuid-fixed": "Avro uuid on fixed(16) is binary (16 raw bytes)",
    "avro-duration": "Avro duration (fixed(12)) is binary",
    "null-physical": "Parquet UNKNOWN (always-null) columns keep their physical type",
}

# (format, oracle family, Glueprint family) -> rule; `None` in the format matches any format. A rule may
# also depend on details of the oracle's type, checked in `deliberate`.
DELIBERATE = {
    ("parquet", "integer", "decimal"): "uint64-decimal",
    (None, "timestamp", "integer"): "ns-timestamp",
    (None, "time", "integer"): "time-integer",
    (None, "decimal", "string"): "wide-decimal",
    ("parquet", "duration", "integer"): "duration-integer",
    (None, "map", "list"): "map-key-list",
    ("avro", "enum", "string"): "enum-string",
    ("avro", "uuid-fixed", "binary"): "uuid-fixed",
    ("avro", "duration", "binary"): "avro-duration",
    ("parquet", "null", "integer"): "null-physical",
}


# --- names, as core/src/names.rs normalises them ---------------------------------------------------------

MAX_NAME_LEN = 255


def lower(name):
    # Rust's char::to_lowercase, one character at a time (str.lower() would apply the final-sigma rule).
    return "".join(c.lower() for c in name)


def unique(names):
    taken, out = set(), []
    for name in names:
        candidate, n = name, 2
        while candidate in taken:
            candidate = f"{name}_{n}"
            n += 1
        taken.add(candidate)
        out.append(candidate)
    return out


def identifier(raw):
    out, pending = [], False
    for c in unicodedata.normalize("NFD", raw):
        if unicodedata.category(c).startswith("M"):
            continue
        for c in c.lower():
            if "a" <= c <= "z" or "0" <= c <= "9" or c == "_":
                if pending and out:
                    out.append("_")
                pending = False
                out.append(c)
            else:
                pending = True
    return "".join(out)[:MAX_NAME_LEN] or None


def column_names(raw):
    """names::column_names (ORC, Avro)."""
    return unique(identifier(name) or f"col{i}" for i, name in enumerate(raw))


def by_name_column_names(raw):
    """names::by_name_column_names (Parquet)."""
    out = []
    for i, name in enumerate(raw):
        folded = "".join(
            "_" if (unicodedata.category(c) == "Cc" and c != "\t") or c in "\ufffe\uffff" else c
            for c in lower(name)
        )
        while len(folded.encode("utf-8")) > MAX_NAME_LEN:
            folded = folded[:-1]
        out.append(folded or f"col{i}")
    return unique(out)


# --- oracle families ----------------------------------------------------------------------------------


def arrow_family(t):
    """(family, detail) of a pyarrow DataType; detail holds what a deliberate rule may look at."""
    if isinstance(t, pyarrow.ExtensionType):
        return arrow_family(t.storage_type)
    if pat.is_dictionary(t):
        return arrow_family(t.value_type)
    checks = [
        ("null", pat.is_null),
        ("boolean", pat.is_boolean),
        ("integer", pat.is_integer),
        ("floating", pat.is_floating),
        ("decimal", pat.is_decimal),
        ("string", lambda t: pat.is_string(t) or pat.is_large_string(t)
         or getattr(pat, "is_string_view", lambda _: False)(t)),
        ("binary", lambda t: pat.is_binary(t) or pat.is_large_binary(t) or pat.is_fixed_size_binary(t)
         or getattr(pat, "is_binary_view", lambda _: False)(t)),
        ("date", pat.is_date),
        ("timestamp", pat.is_timestamp),
        ("time", pat.is_time),
        ("duration", pat.is_duration),
        ("interval", pat.is_interval),
        ("map", pat.is_map),  # before list: a map is a list of entries to pyarrow
        ("list", lambda t: pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t)
         or getattr(pat, "is_list_view", lambda _: False)(t)
         or getattr(pat, "is_large_list_view", lambda _: False)(t)),
        ("struct", pat.is_struct),
        ("union", pat.is_union),
    ]
    for family, check in checks:
        if check(t):
            detail = {"type": str(t)}
            if family == "integer":
                detail["uint64"] = pat.is_uint64(t)
            if family == "timestamp":
                detail["unit"] = t.unit
            if family == "decimal":
                detail["precision"] = t.precision
            if family == "map":
                detail["key"] = arrow_family(t.key_type)[0]
            return family, detail
    return f"unknown:{t}", {"type": str(t)}


AVRO_PRIMITIVES = {
    "null": "null", "boolean": "boolean", "int": "integer", "long": "integer", "float": "floating",
    "double": "floating", "bytes": "binary", "string": "string",
}


def avro_family(schema, named):
    """(family, detail) of a fastavro-parsed Avro schema; `named` maps full names to named types."""
    if isinstance(schema, str):
        if schema in AVRO_PRIMITIVES:
            return AVRO_PRIMITIVES[schema], {"type": schema}
        if schema in named:
            return avro_family(named[schema], named)
        return f"unknown:{schema}", {"type": schema}
    if isinstance(schema, list):
        members = [m for m in schema if m != "null"]
        if not members:
            return "null", {"type": "union of null"}
        if len(members) == 1:
            return avro_family(members[0], named)
        return "union", {"type": "union"}
    kind = schema.get("type")
    logical = schema.get("logicalType")
    detail = {"type": kind, "logical": logical}
    if logical == "decimal" and kind in ("bytes", "fixed"):
        precision = schema.get("precision")
        scale = schema.get("scale", 0)
        if isinstance(precision, int) and precision > 0 and isinstance(scale, int) and 0 <= scale <= precision:
            return "decimal", {**detail, "precision": precision}
    if logical == "big-decimal" and kind == "bytes":
        return "decimal", {**detail, "precision": None}
    if logical == "date" and kind == "int":
        return "date", detail
    if logical in ("time-millis",) and kind == "int" or logical in ("time-micros",) and kind == "long":
        return "time", detail
    if kind == "long" and logical in ("timestamp-millis", "timestamp-micros", "timestamp-nanos",
                                      "local-timestamp-millis", "local-timestamp-micros",
                                      "local-timestamp-nanos"):
        return "timestamp", {**detail, "unit": "ns" if logical.endswith("nanos") else "us"}
    if logical == "uuid" and kind == "fixed" and schema.get("size") == 16:
        return "uuid-fixed", detail
    if logical == "duration" and kind == "fixed" and schema.get("size") == 12:
        return "duration", detail
    if kind in ("record", "error"):
        return "struct", detail
    if kind == "enum":
        return "enum", detail
    if kind == "array":
        return "list", detail
    if kind == "map":
        return "map", {**detail, "key": "string"}
    if kind == "fixed":
        return "binary", detail
    if isinstance(kind, (str, list, dict)):
        return avro_family(kind, named)
    return f"unknown:{kind}", detail


def collect_named(schema, namespace, named):
    """Every named type (record, enum, fixed) in `schema`, by full name (and by short name as a fallback)."""
    if isinstance(schema, list):
        for member in schema:
            collect_named(member, namespace, named)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind in ("record", "error", "enum", "fixed") and "name" in schema:
        name = schema["name"]
        space = schema.get("namespace", namespace)
        full = name if "." in name or not space else f"{space}.{name}"
        named.setdefault(full, schema)
        named.setdefault(name.rsplit(".", 1)[-1], schema)
        namespace = full.rsplit(".", 1)[0] if "." in full else space
    if kind in ("record", "error"):
        for field in schema.get("fields", []):
            collect_named(field.get("type"), namespace, named)
    elif kind == "array":
        collect_named(schema.get("items"), namespace, named)
    elif kind == "map":
        collect_named(schema.get("values"), namespace, named)
    elif isinstance(kind, (dict, list)):
        collect_named(kind, namespace, named)


@contextlib.contextmanager
def quiet_stderr():
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def oracle(fmt, path):
    """{"columns": [(name, family, detail)]}, {"no_table": reason} or {"error": message}."""
    try:
        if fmt == "parquet":
            schema = pq.read_schema(path)
        elif fmt == "orc":
            with quiet_stderr():  # the ORC C++ reader warns about unknown format versions on fd 2
                schema = orc.ORCFile(path).schema
        else:
            with open(path, "rb") as f:
                writer = fastavro.reader(f).writer_schema
            if not (isinstance(writer, dict) and writer.get("type") in ("record", "error")):
                kind = writer.get("type") if isinstance(writer, dict) else writer
                return {"no_table": f"top-level Avro schema is {json.dumps(kind)[:60]}, not a record"}
            named = {}
            collect_named(writer, writer.get("namespace"), named)
            return {"columns": [(f["name"], *avro_family(f["type"], named)) for f in writer["fields"]]}
    except Exception as e:  # noqa: BLE001 - any reader failure is the oracle's answer
        return {"error": f"{type(e).__name__}: {e}".splitlines()[0][:200]}
    return {"columns": [(field.name, *arrow_family(field.type)) for field in schema]}


# --- Glueprint's side ---------------------------------------------------------------------------------


def hive_family(hive):
    outer = hive.split("<", 1)[0].split("(", 1)[0].strip()
    return {
        "boolean": "boolean", "tinyint": "integer", "smallint": "integer", "int": "integer",
        "bigint": "integer", "float": "floating", "double": "floating", "decimal": "decimal",
        "string": "string", "char": "string", "varchar": "string", "binary": "binary", "date": "date",
        "timestamp": "timestamp", "array": "list", "map": "map", "struct": "struct", "uniontype": "union",
        "void": "null",
    }.get(outer, f"unknown:{outer}")


def run_cli(cli, path):
    """(status, columns or None, stderr)."""
    proc = subprocess.run([cli, "infer", path], capture_output=True, text=True, timeout=120)
    columns = None
    if proc.returncode == 0:
        table = json.loads(proc.stdout)
        columns = [(c["Name"], c["Type"]) for c in table["TableInput"]["StorageDescriptor"]["Columns"]]
    return proc.returncode, columns, proc.stderr


def deliberate(fmt, family, detail, got):
    rule = DELIBERATE.get((fmt, family, got)) or DELIBERATE.get((None, family, got))
    if rule == "uint64-decimal" and not detail.get("uint64"):
        return None
    if rule == "ns-timestamp" and detail.get("unit") != "ns":
        return None
    if rule == "wide-decimal" and (detail.get("precision") or 0) <= 38 and detail.get("precision") is not None:
        return None
    if rule == "map-key-list" and detail.get("key") in AVRO_PRIMITIVES.values() | {"date", "timestamp",
                                                                                     "decimal"}:
        return None
    return rule


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--cli", required=True, help="the glueprint binary")
    parser.add_argument("--shared", required=True, help="the shared directory (holds data/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every file")
    args = parser.parse_args()
    data = os.path.join(args.shared, "data")
    if not os.access(args.cli, os.X_OK) or not os.path.isdir(data):
        print(f"compare: need an executable --cli and --shared with data/ ({args.cli}, {data})", file=sys.stderr)
        return 2

    files = []
    for fmt in ("parquet", "orc", "avro"):
        for name in sorted(os.listdir(os.path.join(data, fmt))):
            files.append((fmt, os.path.join(data, fmt, name)))
    for folder, _, names in sorted(os.walk(os.path.join(data, "external"))):
        for name in sorted(names):
            fmt = ("parquet" if ".parquet" in name else "orc" if name.endswith(".orc")
                   else "avro" if name.endswith(".avro") else None)
            if fmt:
                files.append((fmt, os.path.join(folder, name)))

    counts = {"compared": 0, "matched": 0, "refused": 0, "lenient": 0}
    used_rules = {}  # rule -> ["file: column (oracle type -> hive type)"]
    used_files = []
    mismatches = []
    for fmt, path in files:
        rel = os.path.relpath(path, data).replace(os.sep, "/")
        want = oracle(fmt, path)
        status, got, stderr = run_cli(args.cli, path)
        stderr_lines = [line for line in stderr.splitlines() if line.strip()]
        clean_error = (status == 1 and len(stderr_lines) == 1 and "panicked" not in stderr
                       and stderr_lines[0].startswith(path))
        if status not in (0, 1) or "panicked" in stderr:
            mismatches.append(f"{rel}: the CLI crashed (status {status}): {stderr.strip()[:300]}")
            continue
        if rel in LENIENT_FILES:
            oracle_has_table = "columns" in want
            if oracle_has_table == (status == 0) or (status == 1 and not clean_error):
                mismatches.append(f"{rel}: listed as lenient, but oracle table: {oracle_has_table}, CLI status "
                                  f"{status} {stderr.strip()[:200]}")
            else:
                counts["lenient"] += 1
                used_files.append(f"{rel}: {LENIENT_FILES[rel]}")
            continue
        if "columns" not in want:
            counts["refused"] += 1
            if not clean_error:
                why = want.get("error") or want.get("no_table")
                mismatches.append(f"{rel}: the oracle cannot read it ({why}); the CLI must fail cleanly (status 1, "
                                  f"one line naming the file) but gave status {status}: {stderr.strip()[:300]}")
            elif args.verbose:
                print(f"refused  {rel}: {stderr_lines[0][len(path) + 2:][:120]}")
            continue
        counts["compared"] += 1
        if status != 0:
            mismatches.append(f"{rel}: the oracle reads it, the CLI said: {stderr.strip()[:300]}")
            continue
        names = ([c[0] for c in want["columns"]])
        expected = by_name_column_names(names) if fmt == "parquet" else column_names(names)
        problems = []
        if [c[0] for c in got] != expected:
            problems.append(f"names differ: oracle {expected}, CLI {[c[0] for c in got]}")
        else:
            for (raw, family, detail), (name, hive) in zip(want["columns"], got):
                got_family = hive_family(hive)
                if family == got_family:
                    continue
                rule = deliberate(fmt, family, detail, got_family)
                if rule:
                    used_rules.setdefault(rule, []).append(f"{rel}: {name} ({detail['type']} -> {hive})")
                else:
                    problems.append(f"column {name}: oracle {family} ({detail['type']}), CLI {hive} ({got_family})")
        if problems:
            mismatches.append(f"{rel}: " + "; ".join(problems))
        else:
            counts["matched"] += 1
            if args.verbose:
                print(f"matched  {rel}: {len(got)} columns")

    print(f"oracles: pyarrow {pyarrow.__version__}, fastavro {fastavro.__version__}; {len(files)} files")
    print(f"compared {counts['compared']} files the oracle reads: {counts['matched']} matched (names and type "
          f"families); {counts['refused']} files the oracle refuses or that have no table: clean CLI errors "
          f"expected")
    print(f"lenient files ({counts['lenient']}):")
    for line in used_files:
        print(f"  {line}")
    print(f"deliberate type mappings ({sum(len(v) for v in used_rules.values())} columns):")
    for rule, uses in sorted(used_rules.items()):
        print(f"  {rule} ({RULES[rule]}): {len(uses)} column(s)")
        for use in uses[:3 if not args.verbose else None]:
            print(f"    {use}")
        if len(uses) > 3 and not args.verbose:
            print(f"    ... and {len(uses) - 3} more")
    unused = sorted(set(LENIENT_FILES) - {line.split(":", 1)[0] for line in used_files})
    for rel in unused:
        mismatches.append(f"{rel}: listed in LENIENT_FILES but not lenient any more (or gone): remove it")
    if mismatches:
        print(f"\n{len(mismatches)} MISMATCH(ES):", file=sys.stderr)
        for line in mismatches:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("oracle comparison: all files agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
