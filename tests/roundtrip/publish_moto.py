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
   `glueprint export --to glue` for the same files.

Needs: pip install 'moto[server]' boto3.
"""
import argparse
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import boto3

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
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("AWS_")}
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
