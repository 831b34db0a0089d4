#!/usr/bin/env python3
"""`glueprint publish` against a real Glue API (moto) that checks every SigV4 signature.

usage: publish_moto.py --cli target/debug/glueprint FILE...

Starts `moto_server` (see glue_moto.py), creates an IAM user with an access key and a role to assume
(temporary credentials with a session token) while moto still accepts unsigned setup calls, then turns
moto's request authentication on: from then on moto recomputes the SigV4 signature of every request
with botocore and refuses a mismatch (SignatureDoesNotMatch). Then:

1. a publish signed with a wrong secret key must be refused (proof that signatures are checked);
2. `publish --dry-run` prints the plan (CreateDatabase, CreateTable per table) and changes nothing;
3. `publish` creates the database and the tables;
4. `publish` again plans and runs UpdateTable for every table (no CreateDatabase) and succeeds;
5. `publish` with the assumed role's temporary credentials (X-Amz-Security-Token) succeeds too;
6. the catalog read back with boto3 (get_database, get_table, get_partitions) equals the payloads of
   `glueprint export --to glue` for the same files;
7. `glueprint ls --head 16` lists an S3 prefix through presigned ListObjectsV2 GETs (two keys a page,
   so it pages with continuation tokens) and reads each object's first bytes with a presigned ranged
   GET, through a recording proxy in front of moto. The listing and bytes must equal boto3's, every
   request must carry no Authorization header and at most a plain `Range: bytes=N-M`, and every
   X-Amz-Signature must equal the one botocore's own presigner (S3SigV4QueryAuth) computes for that
   exact request: moto does not check presigned signatures itself.

Needs: pip install 'moto[server]' boto3.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, str(Path(__file__).resolve().parent))
from glue_moto import REGION, MotoServer, differences  # noqa: E402

DATABASE = "sales"
LOCATION = "s3://my-bucket/data/"
ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def fail(message):
    sys.exit(f"publish_moto: {message}")


def client(service, server, key_id="testing", secret="testing", token=None):
    return boto3.client(service, region_name=REGION, endpoint_url=server.url,
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        aws_session_token=token)


def set_auth(server, unauthenticated_calls):
    """moto checks signatures once this many more calls have been made (`inf`: never)."""
    request = urllib.request.Request(f"{server.url}/moto-api/reset-auth", method="POST",
                                     data=str(unauthenticated_calls).encode(),
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=10)


def identities(server):
    """An IAM user's access key and an assumed role's temporary credentials, both allowed everything."""
    iam = client("iam", server)
    iam.create_user(UserName="glueprint")
    iam.put_user_policy(UserName="glueprint", PolicyName="all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName="glueprint")["AccessKey"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="publisher", AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName="publisher", PolicyName="all", PolicyDocument=ALLOW_ALL)
    temporary = client("sts", server).assume_role(RoleArn=role["Arn"], RoleSessionName="glueprint")
    return (
        {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]},
        {"AWS_ACCESS_KEY_ID": temporary["Credentials"]["AccessKeyId"],
         "AWS_SECRET_ACCESS_KEY": temporary["Credentials"]["SecretAccessKey"],
         "AWS_SESSION_TOKEN": temporary["Credentials"]["SessionToken"]},
    )


def publish(cli, server, keys, files, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(keys)
    command = [cli, "publish", "--endpoint", server.url, "--region", REGION, "-d", DATABASE,
               "-l", LOCATION, *extra, *files]
    return subprocess.run(command, env=env, capture_output=True, text=True)


def expect_success(result, label):
    if result.returncode != 0:
        fail(f"{label} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout.splitlines()


def operations(lines, label):
    """The operation of each printed step, e.g. ['CreateDatabase', 'CreateTable']."""
    ops = [line.removeprefix("would run: ").split(" ", 1)[0] for line in lines]
    print(f"  {label}: {len(ops)} steps: {', '.join(sorted(set(ops)))}")
    return ops


BUCKET = "glueprint-data"
OBJECTS = {
    "sales/a.csv": b"id,name\n1,alpha\n2,beta\n",
    "sales/b b+c.json": b'{"id": 1, "tags": ["x"]}\n',
    "sales/empty.csv": b"",
    "sales/deep/\u00e9t\u00e9.csv": bytes(range(40)),
    "sales/z.bin": b"PAR1" + bytes(100) + b"PAR1",
    "other/not-listed.csv": b"x\n",
}


class RecordingProxy:
    """Forwards GETs to moto and records each request's path, query and headers."""

    def __init__(self, upstream):
        self.requests = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                proxy.requests.append((self.path, dict(self.headers)))
                forwarded = urllib.request.Request(upstream + self.path)
                if "Range" in self.headers:
                    forwarded.add_header("Range", self.headers["Range"])
                try:
                    response = urllib.request.urlopen(forwarded, timeout=30)
                except urllib.error.HTTPError as error:
                    response = error
                body = response.read()
                self.send_response(response.status)
                for name in ("Content-Type", "Content-Range", "ETag"):
                    if response.headers.get(name):
                        self.send_header(name, response.headers[name])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def botocore_signature(url, keys):
    """X-Amz-Signature as botocore's presigner computes it for `url` (its own signature removed)."""
    parts = urllib.parse.urlsplit(url)
    params = [p for p in parts.query.split("&") if not p.startswith("X-Amz-Signature=")]
    fields = dict(p.split("=", 1) for p in params)
    request = AWSRequest(method="GET", url=parts._replace(query="&".join(params)).geturl())
    request.context["timestamp"] = fields["X-Amz-Date"]
    credentials = Credentials(keys["AWS_ACCESS_KEY_ID"], keys["AWS_SECRET_ACCESS_KEY"],
                              keys.get("AWS_SESSION_TOKEN"))
    auth = S3SigV4QueryAuth(credentials, "s3", REGION, expires=int(fields["X-Amz-Expires"]))
    canonical = auth.canonical_request(request)
    return auth.signature(auth.string_to_sign(request, canonical), request)


def check_s3(cli, server, keys, label):
    s3 = client("s3", server)
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=BUCKET)
        for key, body in OBJECTS.items():
            s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    proxy = RecordingProxy(server.url)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(keys)
        result = subprocess.run([cli, "ls", "--endpoint", proxy.url, "--region", REGION,
                                 "--max-keys", "2", "--head", "16", f"s3://{BUCKET}/sales/"],
                                env=env, capture_output=True, text=True)
    finally:
        proxy.close()
    if result.returncode != 0:
        fail(f"ls ({label}) failed:\n{result.stdout}{result.stderr}")
    got = [json.loads(line) for line in result.stdout.splitlines()]
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="sales/")["Contents"]
    want = [{"key": o["Key"], "size": o["Size"], "etag": o["ETag"],
             "head": OBJECTS[o["Key"]][:16].hex()} for o in listed]
    if got != want:
        fail(f"ls ({label}) printed\n{json.dumps(got, indent=1)}\nbut boto3 sees\n{json.dumps(want, indent=1)}")
    lists = gets = 0
    for path, headers in proxy.requests:
        url = proxy.url + path
        if any(name.lower() == "authorization" for name in headers):
            fail(f"a presigned request carried an Authorization header: {path.split('?')[0]}")
        rng = headers.get("Range")
        if rng is not None and not re.fullmatch(r"bytes=\d+-\d+", rng):
            fail(f"a request used a Range that costs a preflight: {rng}")
        sent = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-Signature"][0]
        if sent != botocore_signature(url, keys):
            fail(f"the signature of GET {path.split('?')[0]} differs from botocore's")
        if "list-type=2" in path:
            lists += 1
        else:
            gets += 1
    pages = (len(want) + 1) // 2
    non_empty = sum(1 for o in want if o["size"])
    if (lists, gets) != (pages, non_empty):
        fail(f"ls ({label}) sent {lists} listings and {gets} object reads, "
             f"expected {pages} and {non_empty}")
    print(f"OK: ls ({label}): {len(want)} objects in {lists} presigned ListObjectsV2 pages, "
          f"{gets} presigned ranged GETs, every signature equal to botocore's")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="the glueprint binary")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    cli = str(Path(args.cli).resolve())

    with tempfile.TemporaryDirectory() as out:
        export = subprocess.run([cli, "export", "--to", "glue", "-d", DATABASE, "-l", LOCATION,
                                 "--out-dir", out, *args.files], capture_output=True, text=True)
        if export.returncode != 0:
            fail(f"export failed:\n{export.stderr}")
        databases = json.loads(Path(out, "create_database.json").read_text(encoding="utf-8"))
        updates = json.loads(Path(out, "update_table.json").read_text(encoding="utf-8"))
    tables = len(updates)

    with MotoServer() as server:
        user_keys, role_keys = identities(server)
        set_auth(server, 0)

        wrong = dict(user_keys, AWS_SECRET_ACCESS_KEY="not-the-secret")
        refused = publish(cli, server, wrong, args.files)
        if refused.returncode == 0 or "SignatureDoesNotMatch" not in refused.stderr:
            fail(f"a publish signed with a wrong secret was not refused for its signature:\n"
                 f"{refused.stdout}{refused.stderr}")
        print("OK: a wrong signature is refused (SignatureDoesNotMatch)")

        plan = operations(expect_success(publish(cli, server, user_keys, args.files, "--dry-run"),
                                         "dry run"), "dry run")
        if plan != ["CreateDatabase"] + ["CreateTable"] * tables:
            fail(f"the dry run planned {plan}")
        glue = client("glue", server, user_keys["AWS_ACCESS_KEY_ID"],
                      user_keys["AWS_SECRET_ACCESS_KEY"])
        if any(d["Name"] == DATABASE for d in glue.get_databases()["DatabaseList"]):
            fail("the dry run created the database")

        created = operations(expect_success(publish(cli, server, user_keys, args.files), "create"),
                             "create")
        if created != ["CreateDatabase"] + ["CreateTable"] * tables:
            fail(f"the first publish ran {created}")
        for label, keys in (("update", user_keys), ("update with a session token", role_keys)):
            updated = operations(expect_success(publish(cli, server, keys, args.files), label), label)
            if updated != ["UpdateTable"] * tables:
                fail(f"the {label} publish ran {updated}")

        problems = []
        for request in databases:
            database = request["DatabaseInput"]
            got = glue.get_database(Name=database["Name"])["Database"]
            problems += differences(database, got, f"database {database['Name']}")
        for request in updates:
            table = request["TableInput"]
            got = glue.get_table(DatabaseName=request["DatabaseName"], Name=table["Name"])["Table"]
            problems += differences(table, got, f"table {table['Name']}")
            partitions = glue.get_partitions(DatabaseName=request["DatabaseName"],
                                             TableName=table["Name"])["Partitions"]
            if partitions:
                problems.append(f"table {table['Name']}: {len(partitions)} unexpected partitions")
        if problems:
            fail("the published catalog differs from the export's payloads:\n  " + "\n  ".join(problems))
        print(f"OK: publish created, then updated, {tables} tables; read back equal to the export")

        # moto cannot authenticate presigned URLs (it reads only Authorization headers): turn its
        # checks off and compare every signature with botocore's instead.
        set_auth(server, "inf")
        check_s3(cli, server, user_keys, "access key")
        check_s3(cli, server, role_keys, "session token")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
