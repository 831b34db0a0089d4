#!/usr/bin/env python3
"""Differential test of core's Protobuf checker against `buf breaking` with the WIRE category (npm
`@bufbuild/buf`).

A seeded generator writes `.proto` files (proto3: messages with scalar, enum, message and map fields,
`repeated` and `optional` labels, oneofs, nested messages, enums, reserved numbers) and derives a new
version from each by mutations: field numbers, types (inside and across wire groups), labels, fields
moved into or out of oneofs, fields and enum values removed (with or without reserving the number),
messages removed, renames, fields added. All pairs go into one buf module each side (one file and one
package per pair), so one `buf breaking new --against old` run judges them all; core judges them in one
process (`core/examples/compat_pairs.rs`, BACKWARD: the new version reads the old).

Core follows Confluent's rules, which are looser than buf WIRE in places buf lists as breaking (a field
number changed, a field deleted without reserving its number: compat.md §6.2). What must never happen
is the other way round without a reason: a pair buf rejects and core accepts fails the test unless
tests/differential/KNOWN.md lists buf's rule (`protobuf:RULE`) with the reason.

    python3 tests/differential/protobuf_pairs.py --checker target/debug/examples/compat_pairs --buf tests/node_modules/.bin/buf
"""

import argparse
import copy
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# Scalar types by wire group (Confluent's groups; buf's WIRE agrees on the varint ones).
SCALARS = [
    "int32", "int64", "uint32", "uint64", "bool", "sint32", "sint64", "string", "bytes",
    "fixed32", "sfixed32", "fixed64", "sfixed64", "float", "double",
]


class Proto:
    """A generated file: top-level messages and enums as plain data, rendered by `render`."""

    def __init__(self, rng):
        self.rng = rng
        self.counter = 0
        self.enums = []
        self.messages = []

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def enum(self):
        values = [{"name": f"{self.fresh('V')}", "number": i} for i in range(self.rng.randint(1, 4))]
        return {"name": self.fresh("E"), "values": values, "reserved": []}

    def field_type(self, depth):
        r = self.rng.random()
        if r < 0.6 or (not self.enums and not self.messages):
            return self.rng.choice(SCALARS)
        if r < 0.75 and self.enums:
            return self.rng.choice(self.enums)["name"]
        if r < 0.9 and self.messages:
            return self.rng.choice(self.messages)["name"]
        return "map<string, " + self.rng.choice(["int32", "string", "bytes"]) + ">"

    def message(self, depth):
        message = {"name": self.fresh("M"), "fields": [], "nested": [], "reserved": []}
        number = 1
        for _ in range(self.rng.randint(1, 6)):
            label = self.rng.choice(["", "", "", "repeated", "optional"])
            field = {"name": self.fresh("f"), "type": self.field_type(depth), "number": number,
                     "label": label, "oneof": None}
            if field["type"].startswith("map<"):
                field["label"] = ""
            number += self.rng.randint(1, 3)
            message["fields"].append(field)
        if self.rng.random() < 0.3:
            oneof = self.fresh("o")
            for field in message["fields"]:
                if field["label"] == "" and not field["type"].startswith("map<") and self.rng.random() < 0.5:
                    field["oneof"] = oneof
        if depth > 0 and self.rng.random() < 0.3:
            message["nested"].append(self.message(depth - 1))
        return message

    def generate(self):
        for _ in range(self.rng.randint(0, 2)):
            self.enums.append(self.enum())
        for _ in range(self.rng.randint(1, 3)):
            self.messages.append(self.message(1))
        return self


def render(proto, package):
    lines = ['syntax = "proto3";', f"package {package};", ""]
    for enum in proto.enums:
        lines += render_enum(enum, "")
    for message in proto.messages:
        lines += render_message(message, "")
    return "\n".join(lines) + "\n"


def render_enum(enum, indent):
    lines = [f"{indent}enum {enum['name']} {{"]
    if enum["reserved"]:
        lines.append(f"{indent}  reserved {', '.join(map(str, enum['reserved']))};")
    for value in enum["values"]:
        lines.append(f"{indent}  {value['name']} = {value['number']};")
    return lines + [f"{indent}}}"]


def render_message(message, indent):
    lines = [f"{indent}message {message['name']} {{"]
    if message["reserved"]:
        lines.append(f"{indent}  reserved {', '.join(map(str, message['reserved']))};")
    oneofs = {}
    for field in message["fields"]:
        if field["oneof"]:
            oneofs.setdefault(field["oneof"], []).append(field)
        else:
            label = f"{field['label']} " if field["label"] else ""
            lines.append(f"{indent}  {label}{field['type']} {field['name']} = {field['number']};")
    for name, fields in oneofs.items():
        lines.append(f"{indent}  oneof {name} {{")
        for field in fields:
            lines.append(f"{indent}    {field['type']} {field['name']} = {field['number']};")
        lines.append(f"{indent}  }}")
    for nested in message["nested"]:
        lines += render_message(nested, indent + "  ")
    return lines + [f"{indent}}}"]


def all_messages(proto):
    stack = list(proto.messages)
    while stack:
        message = stack.pop()
        yield message
        stack.extend(message["nested"])


def mutate(proto, rng):
    """Applies 1–3 mutations to `proto` (a deep copy of the old version)."""
    names = []
    for _ in range(rng.randint(1, 3)):
        messages = list(all_messages(proto))
        message = rng.choice(messages)
        fields = message["fields"]
        kind = rng.choice([
            "renumber", "retype", "relabel", "into_oneof", "out_of_oneof", "delete_field",
            "delete_field_reserved", "delete_enum_value", "delete_enum_value_reserved", "delete_message",
            "rename_field", "rename_message", "add_field", "new_oneof",
        ])
        names.append(kind)
        used = {f["number"] for f in fields} | set(message["reserved"])
        if kind == "renumber" and fields:
            field = rng.choice(fields)
            field["number"] = max(used) + rng.randint(1, 3)
        elif kind == "retype" and fields:
            field = rng.choice(fields)
            if not field["type"].startswith("map<"):
                choices = SCALARS + [e["name"] for e in proto.enums] + [m["name"] for m in proto.messages]
                field["type"] = rng.choice(choices)
        elif kind == "relabel" and fields:
            field = rng.choice([f for f in fields if not f["type"].startswith("map<")] or fields)
            if not field["type"].startswith("map<"):
                field["oneof"] = None
                field["label"] = rng.choice(["", "repeated", "optional"])
        elif kind == "into_oneof" and fields:
            oneofs = sorted({f["oneof"] for f in fields if f["oneof"]}) or [f"o{rng.randint(100, 999)}"]
            field = rng.choice(fields)
            if not field["type"].startswith("map<") and field["label"] != "repeated":
                field["label"] = ""
                field["oneof"] = rng.choice(oneofs)
        elif kind == "out_of_oneof":
            inside = [f for f in fields if f["oneof"]]
            if inside:
                rng.choice(inside)["oneof"] = None
        elif kind in ("delete_field", "delete_field_reserved") and len(fields) > 1:
            field = fields.pop(rng.randrange(len(fields)))
            if kind == "delete_field_reserved":
                message["reserved"].append(field["number"])
        elif kind in ("delete_enum_value", "delete_enum_value_reserved") and proto.enums:
            enum = rng.choice(proto.enums)
            if len(enum["values"]) > 1:
                value = enum["values"].pop(rng.randrange(1, len(enum["values"])))
                if kind == "delete_enum_value_reserved":
                    enum["reserved"].append(value["number"])
        elif kind == "delete_message" and len(proto.messages) > 1:
            removed = proto.messages.pop(rng.randrange(len(proto.messages)))
            # Fields referring to it take a scalar type instead, so the file still compiles.
            for other in all_messages(proto):
                for field in other["fields"]:
                    if field["type"] == removed["name"]:
                        field["type"] = "bytes"
        elif kind == "rename_field" and fields:
            rng.choice(fields)["name"] += "r"
        elif kind == "rename_message":
            target = rng.choice(proto.messages)
            old = target["name"]
            target["name"] = old + "x"
            for other in all_messages(proto):
                for field in other["fields"]:
                    if field["type"] == old:
                        field["type"] = target["name"]
        elif kind == "add_field":
            fields.append({"name": f"n{rng.randint(0, 999)}", "type": rng.choice(SCALARS),
                           "number": max(used | {0}) + 1, "label": "", "oneof": None})
        elif kind == "new_oneof":
            plain = [f for f in fields if not f["oneof"] and f["label"] == "" and not f["type"].startswith("map<")]
            for field in plain[:2]:
                field["oneof"] = f"o{rng.randint(100, 999)}"
    return names


def rule_id(error, old):
    """buf's rule for one error, narrowed where core's rules depend on the field's kind: a type change
    to or from an enum (`...:enum`), a cardinality change of a message-typed field (`...:message`) or
    of a string or bytes field (`...:string-or-bytes`)."""
    rule = error["type"]
    message = error["message"]
    enums = {e["name"] for e in old.enums}
    changed = re.search(r'changed type from "([\w.]+)" to "([\w.]+)"', message)
    if rule == "FIELD_WIRE_COMPATIBLE_TYPE" and changed:
        if any(t == "enum" or t.rsplit(".", 1)[-1] in enums for t in changed.groups()):
            return rule + ":enum"
    found = re.search(r'Field "(\d+)" with name "\w+" on message "([\w.]+)"', message)
    if rule == "FIELD_WIRE_COMPATIBLE_CARDINALITY" and found:
        number, name = int(found.group(1)), found.group(2).rsplit(".", 1)[-1]
        message_names = {m["name"] for m in all_messages(old)}
        for candidate in all_messages(old):
            for field in candidate["fields"]:
                if candidate["name"] != name or field["number"] != number:
                    continue
                if field["type"] in message_names:
                    return rule + ":message"
                if field["type"] in ("string", "bytes"):
                    return rule + ":string-or-bytes"
    return rule


def known_rules(path):
    rules = set()
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line.startswith("- `protobuf:"):
            rules.add(line[3 : line.index("`", 3)])
    return rules


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checker", required=True)
    parser.add_argument("--buf", required=True)
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--known", default=str(Path(__file__).with_name("KNOWN.md")))
    args = parser.parse_args()
    # buf runs in a scratch folder: the tools' paths must not depend on the current one.
    args.checker, args.buf = os.path.abspath(args.checker), os.path.abspath(args.buf)

    rng = random.Random(args.seed)
    pairs = []
    for number in range(1, args.pairs + 1):
        old = Proto(rng).generate()
        new = copy.deepcopy(old)
        mutations = mutate(new, rng)
        package = f"p{number}"
        pairs.append((render(old, package), render(new, package), mutations, old))

    with tempfile.TemporaryDirectory() as work:
        for side, index in (("old", 0), ("new", 1)):
            folder = Path(work) / side
            folder.mkdir()
            (folder / "buf.yaml").write_text("version: v2\nbreaking:\n  use:\n    - WIRE\n")
            for number, pair in enumerate(pairs, 1):
                (folder / f"p{number}.proto").write_text(pair[index])
        run = subprocess.run(
            [args.buf, "breaking", "new", "--against", "old", "--error-format", "json"],
            cwd=work, capture_output=True, text=True,
        )
        if run.returncode not in (0, 100):
            print(run.stdout, run.stderr, file=sys.stderr)
            sys.exit(f"buf failed with status {run.returncode}")
    buf_rules = {}
    for line in run.stdout.splitlines():
        error = json.loads(line)
        number = int(Path(error["path"]).stem[1:])
        buf_rules.setdefault(number, set()).add(rule_id(error, pairs[number - 1][3]))

    lines = "".join(
        json.dumps({"format": "PROTOBUF", "reader": new, "writer": old}) + "\n" for old, new, _, _ in pairs
    )
    checked = subprocess.run([args.checker], input=lines, capture_output=True, text=True, check=True)
    core = [json.loads(line) for line in checked.stdout.splitlines()]
    assert len(core) == len(pairs), "one verdict per pair"

    known = known_rules(args.known)
    counts = Counter()
    failures = []
    unknown_rules = Counter()
    for number, ((old, new, mutations, _), verdict) in enumerate(zip(pairs, core), 1):
        if "error" in verdict:
            failures.append(f"pair {number}: core cannot parse: {verdict['error']}\n{old}\n{new}")
            continue
        buf_breaking = number in buf_rules
        core_breaking = not verdict["compatible"]
        if buf_breaking == core_breaking:
            counts["agree"] += 1
        elif core_breaking:
            counts["core stricter"] += 1
        else:
            rules = {f"protobuf:{rule}" for rule in buf_rules[number]}
            unknown = rules - known
            counts["core looser (known)" if not unknown else "core looser"] += 1
            unknown_rules.update(unknown)
            if unknown:
                failures.append(
                    f"pair {number} ({', '.join(mutations)}): buf WIRE rejects ({sorted(buf_rules[number])}), "
                    f"core accepts\n--- old\n{old}--- new\n{new}"
                )
    print(
        f"protobuf differential: {len(pairs)} pairs (seed {args.seed}; buf WIRE rejects {len(buf_rules)}): "
        + ", ".join(f"{name}: {n}" for name, n in sorted(counts.items()))
    )
    if failures:
        print("\n".join(failures[:3]), file=sys.stderr)
        print(f"buf rules of those pairs, not in KNOWN.md: {dict(unknown_rules)}", file=sys.stderr)
        sys.exit(f"{len(failures)} pairs buf rejects and core accepts, not in KNOWN.md")


if __name__ == "__main__":
    main()
