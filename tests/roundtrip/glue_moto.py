#!/usr/bin/env python3
"""Round trip of Glueprint's exports through a real Glue API server (moto): create, read back, compare.

usage: glue_moto.py [--aws-cli DIR ...] [--glue DIR ...] [BOTO3_SCRIPT ...]

Starts `moto_server` on 127.0.0.1 at a free port. For each generated boto3 script (`glueprint export --to
boto3`), on an empty catalog: runs it twice against the server (`--endpoint-url`; the second run takes the
update path of every object), then reads every database, table and partition back with boto3
(get_database, get_table, get_partitions) and checks that it equals the request payloads embedded in the
script: names, descriptions, columns and types, parameters, the whole storage descriptor, partition
values and locations. Each `--aws-cli DIR` (`glueprint export --to aws-cli --out-dir DIR`) is checked
the same way: its shell script runs twice through the AWS CLI, and the read-back is compared with its
JSON request files. Each `--glue DIR` holds the `--to glue` files (`create_database.json`,
`create_table.json`, `batch_create_partition.json`, `update_table.json`, or the same names prefixed
`glue.` as in the core's golden files): their requests are sent with boto3 as they are, then UpdateTable,
and the read-back is compared the same way.

moto stores what it is sent without Glue's normalisation (lower-casing, type checks), so this proves the
payloads are accepted by a Glue API implementation and survive a round trip, not that AWS would store
them identically. The server is stopped on exit, also on failure or Ctrl-C.
Needs: pip install 'moto[server]' boto3 (and the AWS CLI for --aws-cli).
"""
import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3

REGION = "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto_server on a free port, stopped when the `with` block ends or the process is signalled."""

    def __enter__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit(f"glue_moto: moto_server did not start on port {self.port}")
                time.sleep(0.2)

    def _on_signal(self, signum, _frame):
        self.stop()
        sys.exit(128 + signum)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __exit__(self, *_exc):
        self.stop()

    def reset(self):
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        urllib.request.urlopen(request, timeout=10)


def environment(url):
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_SESSION_TOKEN="testing",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        GLUE_ENDPOINT_URL=url,
    )
    env.pop("AWS_PROFILE", None)
    return env


def run_twice(command, env, label):
    for run in ("create", "update"):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"glue_moto: {label} failed on its {run} run:\n{result.stdout}{result.stderr}")


def differences(want, got, where):
    """Every member of `want` (a request payload) that `got` (the read-back object) does not equal."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{where}: expected an object, got {got!r}"]
        problems = []
        for key, value in want.items():
            if key not in got:
                problems.append(f"{where}.{key}: missing in the read-back object")
            else:
                problems.extend(differences(value, got[key], f"{where}.{key}"))
        return problems
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return [f"{where}: expected {want!r}, got {got!r}"]
        problems = []
        for i, (w, g) in enumerate(zip(want, got)):
            problems.extend(differences(w, g, f"{where}[{i}]"))
        return problems
    return [] if want == got else [f"{where}: expected {want!r}, got {got!r}"]


def check_catalog(glue, databases, tables, partition_batches, label):
    """Reads everything back and compares; returns the number of objects checked."""
    problems = []
    for request in databases:
        database = request["DatabaseInput"]
        got = glue.get_database(Name=database["Name"])["Database"]
        problems += differences(database, got, f"database {database['Name']}")
    for request in tables:
        table = request["TableInput"]
        name = f"{request['DatabaseName']}.{table['Name']}"
        got = glue.get_table(DatabaseName=request["DatabaseName"], Name=table["Name"])["Table"]
        problems += differences(table, got, f"table {name}")
    expected = {}
    for batch in partition_batches:
        key = (batch["DatabaseName"], batch["TableName"])
        for partition in batch["PartitionInputList"]:
            expected.setdefault(key, {})[tuple(partition["Values"])] = partition
    checked = len(databases) + len(tables)
    for (database, table), partitions in expected.items():
        pages = glue.get_paginator("get_partitions").paginate(DatabaseName=database, TableName=table)
        got = {tuple(p["Values"]): p for page in pages for p in page["Partitions"]}
        if set(got) != set(partitions):
            problems.append(
                f"partitions of {database}.{table}: expected {len(partitions)} value lists, "
                f"read back {len(got)} ({sorted(set(partitions) ^ set(got))[:5]} differ)"
            )
            continue
        for values, partition in partitions.items():
            problems += differences(partition, got[values], f"partition {database}.{table} {list(values)}")
        checked += len(partitions)
    if problems:
        print(f"glue_moto: {label}: the read-back catalog differs from the exported payloads:")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    return checked


def load_script(path):
    spec = importlib.util.spec_from_file_location(f"glueprint_export_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_boto3_script(server, path):
    server.reset()
    run_twice([sys.executable, path, "--endpoint-url", server.url, "--region", REGION],
              environment(server.url), path)
    script = load_script(path)
    glue = boto3.client("glue", region_name=REGION, endpoint_url=server.url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    return check_catalog(glue, script.DATABASES, script.TABLES, script.PARTITIONS, path)


def check_aws_cli_dir(server, directory):
    server.reset()
    scripts = sorted(Path(directory).glob("*.sh"))
    if len(scripts) != 1:
        sys.exit(f"glue_moto: {directory} should hold exactly one .sh script, found {len(scripts)}")
    run_twice(["sh", str(scripts[0])], environment(server.url), str(scripts[0]))
    databases, tables, partitions = [], [], []
    for path in sorted(Path(directory).glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        if "DatabaseInput" in payload:
            databases.append(payload)
        elif "TableInput" in payload:
            tables.append(payload)
        elif "PartitionInputList" in payload:
            partitions.append(payload)
        else:
            sys.exit(f"glue_moto: {path} is not a request file of the aws-cli export")
    glue = boto3.client("glue", region_name=REGION, endpoint_url=server.url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    return check_catalog(glue, databases, tables, partitions, directory)


def glue_file(directory, name):
    for candidate in (Path(directory) / name, Path(directory) / f"glue.{name}"):
        if candidate.exists():
            return json.loads(candidate.read_text(encoding="utf-8"))
    sys.exit(f"glue_moto: {directory} has no {name}")


def check_glue_dir(server, directory):
    server.reset()
    databases = glue_file(directory, "create_database.json")
    tables = glue_file(directory, "create_table.json")
    partitions = glue_file(directory, "batch_create_partition.json")
    updates = glue_file(directory, "update_table.json")
    glue = boto3.client("glue", region_name=REGION, endpoint_url=server.url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    for request in databases:
        glue.create_database(**request)
    for request in tables:
        glue.create_table(**request)
    for request in partitions:
        errors = glue.batch_create_partition(**request).get("Errors")
        if errors:
            sys.exit(f"glue_moto: {directory}: BatchCreatePartition failed: {errors}")
    for request in updates:
        glue.update_table(**request)
    # The stored tables are the last version sent: UpdateTable's.
    stored = [{"DatabaseName": u["DatabaseName"], "TableInput": u["TableInput"]} for u in updates]
    return check_catalog(glue, databases, stored, partitions, directory)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aws-cli", action="append", default=[], metavar="DIR",
                        help="folder written by glueprint export --to aws-cli (repeatable)")
    parser.add_argument("--glue", action="append", default=[], metavar="DIR",
                        help="folder of glueprint export --to glue files (repeatable)")
    parser.add_argument("scripts", nargs="*", metavar="BOTO3_SCRIPT")
    args = parser.parse_args(argv)
    if not args.scripts and not args.aws_cli and not args.glue:
        parser.error("give at least one boto3 script, --aws-cli folder or --glue folder")
    with MotoServer() as server:
        for path in args.scripts:
            count = check_boto3_script(server, path)
            print(f"OK: {path}: {count} databases, tables and partitions read back equal")
        for directory in args.aws_cli:
            count = check_aws_cli_dir(server, directory)
            print(f"OK: {directory}: {count} databases, tables and partitions read back equal")
        for directory in args.glue:
            count = check_glue_dir(server, directory)
            print(f"OK: {directory}: {count} databases, tables and partitions read back equal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
