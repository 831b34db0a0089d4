#!/usr/bin/env python3
"""Sets up the S3 buckets of tests/e2e/remote.test.mjs in a running moto server and prints JSON.

usage: remote_moto.py --moto URL --via URL --origin ORIGIN --secret SECRET

* bucket `lake`, with a CORS rule that lets ORIGIN GET with a Range header and exposes Content-Range:
  `sales_hive/...` (the dataset, uploaded as it is on disk) and single files under `singles/`;
* bucket `private`, without a CORS rule, holding one Parquet file.

Uploads go to moto directly (--moto); URLs are presigned (SigV4, `s3v4`) for the counting proxy in front
of it (--via), so every request the page sends passes the proxy. Prints
`{"urls": {"bucket/key": presigned URL}, "files": {"bucket/key": local path}}`.
"""
import argparse
import json
from pathlib import Path

import boto3
from botocore.config import Config

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SINGLES = {
    "singles/parquet/flat_snappy.parquet": SHARED / "parquet" / "flat_snappy.parquet",
    "singles/nested/nested.parquet": SHARED / "parquet" / "nested.parquet",
    "singles/avro/orders_deflate.avro": SHARED / "avro" / "orders_deflate.avro",
    "singles/csv/mixed_types.csv": SHARED / "csv" / "mixed_types.csv",
}


def client(url, key_id, secret):
    return boto3.client("s3", region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--moto", required=True)
    parser.add_argument("--via", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--key-id", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    setup = client(args.moto, args.key_id, args.secret)
    presigner = client(args.via, args.key_id, args.secret)

    setup.create_bucket(Bucket="lake")
    setup.put_bucket_cors(Bucket="lake", CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": [args.origin], "AllowedMethods": ["GET"], "AllowedHeaders": ["Range"],
        "ExposeHeaders": ["Content-Range", "Content-Length", "ETag"], "MaxAgeSeconds": 3000}]})
    setup.create_bucket(Bucket="private")

    files = {f"lake/{key}": path for key, path in SINGLES.items()}
    dataset = SHARED / "datasets" / "sales_hive"
    for path in sorted(p for p in dataset.rglob("*") if p.is_file()):
        files[f"lake/sales_hive/{path.relative_to(dataset).as_posix()}"] = path
    files["private/hidden/flat_none.parquet"] = SHARED / "parquet" / "flat_none.parquet"

    urls = {}
    for name, path in files.items():
        bucket, key = name.split("/", 1)
        setup.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())
        urls[name] = presigner.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=3600)
    print(json.dumps({"urls": urls, "files": {k: str(v) for k, v in files.items()}}))


if __name__ == "__main__":
    main()
