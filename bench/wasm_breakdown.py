#!/usr/bin/env python3
"""What makes up a wasm binary: code bytes per crate (and the largest functions), from its name section.

    python3 bench/wasm_breakdown.py target/wasm32-unknown-unknown/release/glueprint-app.wasm [--top 25]

Reads the binary cargo wrote before wasm-bindgen and wasm-opt (it still has its function names; the
shipped one does not). A function is charged to the crate its demangled path starts with, generic
instances included (`<T as serde::Deserialize>` code for a glueprint_core type lands in serde's row, as
the compiler placed it there is no better owner); data and other sections are listed as they are.
"""

import argparse
import collections
import re
import subprocess
import sys


def leb(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(data):
    if data[:4] != b"\0asm":
        sys.exit("not a wasm binary")
    at = 8
    while at < len(data):
        kind = data[at]
        size, body = leb(data, at + 1)
        yield kind, data[body:body + size]
        at = body + size


def custom_name(body):
    n, at = leb(body, 0)
    return body[at:at + n].decode("utf-8", "replace"), body[at + n:]


def imported_functions(body):
    count, at = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            n, at = leb(body, at)
            at += n
        kind = body[at]
        at += 1
        if kind == 0:
            _, at = leb(body, at)
            functions += 1
        elif kind == 1:
            at += 1
            flags, at = leb(body, at)
            _, at = leb(body, at)
            if flags & 1:
                _, at = leb(body, at)
        elif kind == 2:
            flags, at = leb(body, at)
            _, at = leb(body, at)
            if flags & 1:
                _, at = leb(body, at)
        elif kind == 3:
            at += 2
        else:
            sys.exit(f"unknown import kind {kind}")
    return functions


def function_names(body):
    at = 0
    names = {}
    while at < len(body):
        sub = body[at]
        size, start = leb(body, at + 1)
        if sub == 1:
            count, p = leb(body, start)
            for _ in range(count):
                index, p = leb(body, p)
                n, p = leb(body, p)
                names[index] = body[p:p + n].decode("utf-8", "replace")
                p += n
        at = start + size
    return names


def code_sizes(body):
    count, at = leb(body, 0)
    sizes = []
    for _ in range(count):
        size, start = leb(body, at)
        sizes.append(size)
        at = start + size
    return sizes


SECTION = {0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global", 7: "export",
           9: "element", 10: "code", 11: "data", 12: "data count"}


def crate_of(demangled):
    """The crate of a function's path; for `<T as a::Trait>` with a generic `T`, the trait's crate."""
    path = demangled.lstrip("<&*").removeprefix("mut ").removeprefix("dyn ")
    match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(\S*)( as ([A-Za-z_][A-Za-z0-9_]*))?", path)
    if not match:
        return "?"
    generic = re.fullmatch(r"[A-Z][A-Za-z0-9]?", match.group(1)) and not match.group(2).startswith("::")
    return match.group(4) if generic and match.group(4) else match.group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("wasm")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    data = open(args.wasm, "rb").read()
    imports, names, sizes, other = 0, {}, [], collections.Counter()
    for kind, body in sections(data):
        if kind == 2:
            imports = imported_functions(body)
        if kind == 10:
            sizes = code_sizes(body)
        if kind == 0:
            name, rest = custom_name(body)
            if name == "name":
                names = function_names(rest)
            other[f"custom: {name}"] += len(body)
        elif kind != 10:
            other[SECTION.get(kind, str(kind))] += len(body)
    mangled = [names.get(imports + i, f"func[{imports + i}]") for i in range(len(sizes))]
    demangled = subprocess.run(["c++filt"], input="\n".join(mangled), capture_output=True, text=True,
                               check=True).stdout.splitlines()
    per_crate = collections.Counter()
    for name, size in zip(demangled, sizes):
        per_crate[crate_of(name)] += size
    code = sum(sizes)
    print(f"{args.wasm}: {len(data)} bytes, code {code} bytes in {len(sizes)} functions")
    print("\ncode per crate (bytes, share of code):")
    for crate, size in per_crate.most_common(args.top):
        print(f"  {size:9d}  {100 * size / code:5.1f}%  {crate}")
    print("\nother sections (bytes):")
    for section, size in other.most_common():
        print(f"  {size:9d}  {section}")
    print(f"\nlargest {args.top} functions (bytes):")
    for name, size in sorted(zip(demangled, sizes), key=lambda x: -x[1])[:args.top]:
        print(f"  {size:9d}  {re.sub(r'::h[0-9a-f]{16}$', '', name)[:150]}")


if __name__ == "__main__":
    main()
