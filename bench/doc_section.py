#!/usr/bin/env python3
"""Writes a native benchmark's table into docs/benchmarks.md, so the doc tracks the criterion figures next to
the browser ones.

    ... | python3 bench/doc_section.py NAME "TITLE"

The table (stdin) goes into the block `<!-- native:NAME -->` ... `<!-- /native:NAME -->` of the doc's
native section, replacing the block's earlier text, or added at the section's end; the section is made
if the doc has none. bench/run.mjs keeps the section when it rewrites the doc, so each script refreshes
only its own block.
"""

import datetime
import pathlib
import platform
import re
import subprocess
import sys

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
SECTION_START, SECTION_END = "<!-- native -->", "<!-- /native -->"
SECTION = f"""{SECTION_START}
## Native (criterion) and wasm32 under Node

Each block is written by the script it names (`--write-doc`), on the machine it ran on; the browser
benchmark above keeps them when it rewrites this file.
{SECTION_END}
"""


def machine():
    cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpus} CPUs, {platform.machine()}, {rustc}"


def main():
    name, title = sys.argv[1], sys.argv[2]
    table = sys.stdin.read().strip()
    if not table:
        sys.exit("doc_section: no table on stdin")
    start, end = f"<!-- native:{name} -->", f"<!-- /native:{name} -->"
    block = (f"{start}\n### {title}\n\n{datetime.date.today().isoformat()}, {machine()}.\n\n"
             f"{table}\n{end}")
    doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if SECTION_START not in doc:
        doc = doc.rstrip("\n") + "\n\n" + SECTION
    if start in doc:
        doc = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.replace(SECTION_END, f"\n{block}\n{SECTION_END}")
    DOC.write_text(doc)
    print(f"wrote the {name} block of {DOC.relative_to(DOC.parent.parent)}")


if __name__ == "__main__":
    main()
