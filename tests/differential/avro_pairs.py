#!/usr/bin/env python3
"""Differential test of core's Avro checker against Apache Avro's Python one (PyPI `avro`,
`avro.compatibility.ReaderWriterCompatibilityChecker`, a port of Java's SchemaCompatibility).

A seeded random generator writes writer schemas (records, nested records, enums with and without
defaults, fixed, arrays, maps, unions, named types reused by name, aliases) and derives a reader from
each by a few mutations (promotions and demotions, fields added with or without defaults, removed,
renamed with or without aliases, enum symbols added or removed, fixed sizes, union branches, names
and namespaces). Every pair goes through both checkers (core's in one process:
`core/examples/compat_pairs.rs`); the verdicts must agree, and where both call a pair incompatible,
so must the sets of incompatibility kinds. A disagreement fails unless tests/differential/KNOWN.md
lists its rule with a reason.

    python3 tests/differential/avro_pairs.py --checker target/debug/examples/compat_pairs [--pairs 3000] [--seed 1]
"""

import argparse
import copy
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
PROMOTIONS = {
    "int": ["long", "float", "double"],
    "long": ["float", "double"],
    "float": ["double"],
    "string": ["bytes"],
    "bytes": ["string"],
}
DEFAULTS = {
    "null": None,
    "boolean": False,
    "int": 0,
    "long": 0,
    "float": 0.5,
    "double": 0.5,
    "bytes": "",
    "string": "",
}


class Generator:
    """Random writer schemas. Named types get fresh names; `named` keeps the ones defined so far (in
    definition order) so a later use can refer to one by name."""

    def __init__(self, rng):
        self.rng = rng
        self.counter = 0
        self.named = []

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def schema(self, depth):
        r = self.rng.random()
        if depth <= 0 or r < 0.35:
            return self.rng.choice(PRIMITIVES[1:])
        if r < 0.42 and self.named:
            return self.rng.choice(self.named)["name"]
        if r < 0.55:
            return self.record(depth - 1)
        if r < 0.65:
            return self.enum()
        if r < 0.70:
            return self.fixed()
        if r < 0.78:
            return {"type": "array", "items": self.schema(depth - 1)}
        if r < 0.85:
            return {"type": "map", "values": self.schema(depth - 1)}
        return self.union(depth - 1)

    def record(self, depth):
        record = {"type": "record", "name": self.fresh("R"), "fields": []}
        if self.rng.random() < 0.3:
            record["namespace"] = self.rng.choice(["a.b", "c"])
        count = self.rng.randint(1, 4)
        for _ in range(count):
            field = {"name": self.fresh("f"), "type": self.schema(depth)}
            if self.rng.random() < 0.3:
                default = default_for(field["type"], self)
                if default is not NO_DEFAULT:
                    field["default"] = default
            record["fields"].append(field)
        self.named.append(record)
        return record

    def enum(self):
        symbols = [f"S{i}" for i in range(self.rng.randint(1, 5))]
        enum = {"type": "enum", "name": self.fresh("E"), "symbols": symbols}
        if self.rng.random() < 0.3:
            enum["default"] = self.rng.choice(symbols)
        self.named.append(enum)
        return enum

    def fixed(self):
        fixed = {"type": "fixed", "name": self.fresh("F"), "size": self.rng.choice([2, 4, 8, 16])}
        self.named.append(fixed)
        return fixed

    def union(self, depth):
        branches = []
        seen = set()
        for _ in range(self.rng.randint(1, 4)):
            branch = self.schema(max(depth, 0))
            key = branch_key(branch)
            if key in seen or is_union(branch):
                continue
            seen.add(key)
            branches.append(branch)
        return branches or ["null"]


NO_DEFAULT = object()


def is_union(schema):
    return isinstance(schema, list)


def type_name(schema):
    if isinstance(schema, str):
        return schema
    if isinstance(schema, list):
        return "union"
    return schema["type"]


def branch_key(schema):
    """What makes two union branches the same for Avro: the type, or the name of a named type."""
    if isinstance(schema, dict) and schema["type"] in ("record", "enum", "fixed"):
        return ("named", schema["name"])
    if isinstance(schema, str) and schema not in PRIMITIVES:
        return ("named", schema)
    return ("type", type_name(schema))


def lookup(name, generator):
    for named in generator.named:
        if named["name"] == name:
            return named
    return None


def default_for(schema, generator, depth=0):
    """A valid default for `schema` (for a union: for its first branch), or NO_DEFAULT."""
    if depth > 4:
        return NO_DEFAULT
    if isinstance(schema, list):
        return default_for(schema[0], generator, depth + 1) if schema else NO_DEFAULT
    if isinstance(schema, str):
        if schema in DEFAULTS:
            return DEFAULTS[schema]
        named = lookup(schema, generator)
        return default_for(named, generator, depth + 1) if named else NO_DEFAULT
    kind = schema["type"]
    if kind == "array":
        return []
    if kind == "map":
        return {}
    if kind == "enum":
        return schema["symbols"][0]
    if kind == "fixed":
        return "\u0000" * schema["size"]
    if kind == "record":
        out = {}
        for field in schema["fields"]:
            value = default_for(field["type"], generator, depth + 1)
            if value is NO_DEFAULT:
                return NO_DEFAULT
            out[field["name"]] = value
        return out
    return NO_DEFAULT


class Mutator:
    """Derives a reader from a writer: walks the reader copy and changes some nodes."""

    def __init__(self, rng, generator):
        self.rng = rng
        self.generator = generator
        self.rate = 0.25

    def mutate(self, schema, depth=0):
        if depth > 12:
            return schema
        if isinstance(schema, str):
            if schema in PRIMITIVES:
                return self.primitive(schema)
            return schema
        if isinstance(schema, list):
            return self.union(schema, depth)
        kind = schema["type"]
        if kind == "record":
            return self.record(schema, depth)
        if kind == "enum":
            return self.enum(schema)
        if kind == "fixed":
            return self.fixed(schema)
        if kind == "array":
            schema["items"] = self.mutate(schema["items"], depth + 1)
            if self.hit(0.05):
                return {"type": "map", "values": schema["items"]}
            return schema
        if kind == "map":
            schema["values"] = self.mutate(schema["values"], depth + 1)
            return schema
        return schema

    def hit(self, scale=1.0):
        return self.rng.random() < self.rate * scale

    def primitive(self, name):
        if self.hit(0.6) and name in PROMOTIONS:
            return self.rng.choice(PROMOTIONS[name])
        if self.hit(0.3):
            demoted = [k for k, v in PROMOTIONS.items() if name in v]
            if demoted:
                return self.rng.choice(demoted)
        if self.hit(0.2):
            return ["null", name] if name != "null" else name
        if self.hit(0.1):
            return self.rng.choice(PRIMITIVES)
        return name

    def union(self, branches, depth):
        branches = [self.mutate(b, depth + 1) for b in branches]
        if self.hit(0.5) and len(branches) > 1:
            branches.pop(self.rng.randrange(len(branches)))
        if self.hit(0.5):
            extra = self.rng.choice(PRIMITIVES)
            if all(branch_key(b) != ("type", extra) for b in branches):
                branches.insert(self.rng.randrange(len(branches) + 1), extra)
        if self.hit(0.2) and len(branches) == 1:
            return branches[0]
        # Mutations may have made two branches alike; keep the first of each.
        seen, unique = set(), []
        for branch in branches:
            if is_union(branch):
                continue
            key = branch_key(branch)
            if key not in seen:
                seen.add(key)
                unique.append(branch)
        return unique or ["null"]

    def record(self, record, depth):
        if self.hit(0.2):
            old = record["name"]
            record["name"] = old + "x"
            if self.hit(2.0):
                record["aliases"] = [full_name(record, old)]
        if self.hit(0.2):
            record["namespace"] = self.rng.choice(["z", "a.b"])
        fields = []
        for field in record["fields"]:
            if self.hit(0.4):
                continue  # removed from the reader: ignored when reading
            field["type"] = self.mutate(field["type"], depth + 1)
            if "default" in field:
                default = default_for(field["type"], self.generator)
                if default is NO_DEFAULT or self.hit(0.5):
                    del field["default"]
                else:
                    field["default"] = default
            if self.hit(0.3):
                old = field["name"]
                field["name"] = old + "r"
                if self.hit(2.0):
                    field["aliases"] = [old]
            fields.append(field)
        if self.hit(0.8):
            field = {"name": self.generator.fresh("n"), "type": self.generator.schema(1)}
            default = default_for(field["type"], self.generator)
            if self.hit(2.0) and default is not NO_DEFAULT:
                field["default"] = default
            fields.insert(self.rng.randrange(len(fields) + 1), field)
        if self.hit(0.5):
            self.rng.shuffle(fields)
        record["fields"] = fields
        return record

    def enum(self, enum):
        symbols = list(enum["symbols"])
        if self.hit(0.8) and len(symbols) > 1:
            removed = symbols.pop(self.rng.randrange(len(symbols)))
            if enum.get("default") == removed:
                del enum["default"]
        if self.hit(0.8):
            symbols.append(f"T{self.rng.randint(0, 9)}")
            symbols = list(dict.fromkeys(symbols))
        if self.hit(0.5):
            enum["default"] = self.rng.choice(symbols)
        elif self.hit(0.3):
            enum.pop("default", None)
        enum["symbols"] = symbols
        if self.hit(0.2):
            old = enum["name"]
            enum["name"] = old + "x"
            if self.hit(2.0):
                enum["aliases"] = [full_name(enum, old)]
        return enum

    def fixed(self, fixed):
        if self.hit(0.5):
            fixed["size"] = fixed["size"] * 2
        if self.hit(0.2):
            old = fixed["name"]
            fixed["name"] = old + "x"
            if self.hit(2.0):
                fixed["aliases"] = [old]
        return fixed


def full_name(named, name):
    namespace = named.get("namespace")
    return f"{namespace}.{name}" if namespace else name


def pairs(count, seed):
    rng = random.Random(seed)
    produced = 0
    attempts = 0
    while produced < count and attempts < count * 20:
        attempts += 1
        generator = Generator(rng)
        writer = generator.record(3) if rng.random() < 0.85 else generator.schema(3)
        reader = Mutator(rng, generator).mutate(copy.deepcopy(writer))
        writer_text, reader_text = json.dumps(writer), json.dumps(reader)
        try:
            parsed_writer = avro.schema.parse(writer_text)
            parsed_reader = avro.schema.parse(reader_text)
        except Exception:  # noqa: BLE001 - a generated schema Python refuses is not a pair to compare
            continue
        produced += 1
        yield produced, reader_text, writer_text, parsed_reader, parsed_writer


def python_verdict(reader, writer):
    result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    compatible = result.compatibility is SchemaCompatibilityType.compatible
    kinds = sorted({kind.name.upper() for kind in result.incompatibilities})
    return compatible, kinds


def known_rules(path):
    """The rule ids listed in KNOWN.md (lines `- \\`avro:RULE\\`: reason`)."""
    rules = set()
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line.startswith("- `avro:"):
            rules.add(line[3 : line.index("`", 3)])
    return rules


def qualify_aliases(schema, namespace=""):
    """`schema` with every named type's aliases qualified by its namespace, as Java reads them (an
    alias without a dot is relative to the type's namespace). Python's checker compares the aliases
    as written with the writer's full name, so this is what it needs to judge as Java does."""
    if isinstance(schema, list):
        return [qualify_aliases(branch, namespace) for branch in schema]
    if not isinstance(schema, dict):
        return schema
    schema = dict(schema)
    kind = schema.get("type")
    if kind in ("record", "enum", "fixed"):
        name = schema["name"]
        if "." in name:
            namespace = name.rsplit(".", 1)[0]
        elif "namespace" in schema:
            namespace = schema["namespace"] or ""
        if "aliases" in schema:
            schema["aliases"] = [
                alias if "." in alias or not namespace else f"{namespace}.{alias}" for alias in schema["aliases"]
            ]
        if kind == "record":
            schema["fields"] = [dict(f, type=qualify_aliases(f["type"], namespace)) for f in schema["fields"]]
    elif kind == "array":
        schema["items"] = qualify_aliases(schema["items"], namespace)
    elif kind == "map":
        schema["values"] = qualify_aliases(schema["values"], namespace)
    return schema


def classify(python, core, reader, writer):
    """The rule id of a disagreement, to look up in KNOWN.md: a known cause is recognised by removing
    it and seeing the two checkers agree."""
    if "error" in core:
        return "avro:invalid-default" if "`default`" in core["error"] else "avro:core-parse-error"
    qualified = avro.schema.parse(json.dumps(qualify_aliases(json.loads(reader))))
    if python_verdict(qualified, avro.schema.parse(writer)) == (core["compatible"], core["kinds"]):
        return "avro:alias-namespace"
    if python[0] != core["compatible"]:
        return "avro:verdict-" + ("core-stricter" if python[0] else "core-looser")
    return "avro:kinds"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checker", required=True, help="core/examples/compat_pairs binary")
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--known", default=str(Path(__file__).with_name("KNOWN.md")))
    parser.add_argument("--show", type=int, default=5, help="disagreements printed per rule")
    args = parser.parse_args()

    generated = list(pairs(args.pairs, args.seed))
    lines = "".join(
        json.dumps({"format": "AVRO", "reader": reader, "writer": writer}) + "\n"
        for _, reader, writer, _, _ in generated
    )
    run = subprocess.run([args.checker], input=lines, capture_output=True, text=True, check=True)
    core_verdicts = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(core_verdicts) == len(generated), "one verdict per pair"

    known = known_rules(args.known)
    counts = Counter()
    failures = Counter()
    shown = Counter()
    for (number, reader, writer, parsed_reader, parsed_writer), core in zip(generated, core_verdicts):
        python = python_verdict(parsed_reader, parsed_writer)
        counts["compatible" if python[0] else "incompatible"] += 1
        agree = "error" not in core and python[0] == core["compatible"]
        if agree and (python[0] or python[1] == core["kinds"]):
            counts["agree"] += 1
            continue
        rule = classify(python, core, reader, writer)
        counts[rule] += 1
        if rule in known:
            continue
        failures[rule] += 1
        if shown[rule] < args.show:
            shown[rule] += 1
            print(f"pair {number} ({rule}): python {python}, core {core}\n  reader {reader}\n  writer {writer}")
    total = len(generated)
    print(
        f"avro differential: {total} pairs (seed {args.seed}; python says {counts['compatible']} compatible, "
        f"{counts['incompatible']} incompatible); verdict and kinds agree on {counts['agree']}; "
        + ", ".join(f"{rule}: {n}" for rule, n in sorted(counts.items()) if rule.startswith("avro:"))
    )
    if failures:
        print(f"disagreements not in KNOWN.md: {dict(failures)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
