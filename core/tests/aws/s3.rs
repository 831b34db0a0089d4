//! S3 listings and object URLs, pasted presigned URLs, CORS advice and the remote read strategy.

use glueprint_core::ErrorKind;
use glueprint_core::aws::presigned::{self, PresignedUrl};
use glueprint_core::aws::range::{self, ContentRange, Layout, RangeRead};
use glueprint_core::aws::s3::{self, ListObjects, ObjectEntry, S3Service};
use glueprint_core::aws::{Credentials, cors};
use wasm_bindgen_test::wasm_bindgen_test;

const DATE: &str = "20261125T010203Z";

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "SECRETKEY", Some("TOKEN+/=".into())).unwrap()
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
}

#[wasm_bindgen_test(unsupported = test)]
fn list_objects_urls_by_addressing() {
    let page = ListObjects {
        bucket: "my-bucket",
        prefix: Some("sales/orders 2024/"),
        continuation_token: Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="),
        max_keys: Some(2),
    };
    let virtual_hosted = S3Service::new("eu-west-1", None, false)
        .unwrap()
        .list_objects_url(&credentials(), DATE, 300, &page)
        .unwrap();
    assert!(
        virtual_hosted.starts_with("https://my-bucket.s3.eu-west-1.amazonaws.com/?"),
        "{virtual_hosted}"
    );
    assert_eq!(query_param(&virtual_hosted, "list-type"), Some("2"));
    assert_eq!(
        query_param(&virtual_hosted, "prefix"),
        Some("sales%2Forders%202024%2F")
    );
    assert_eq!(
        query_param(&virtual_hosted, "continuation-token"),
        Some("1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D")
    );
    assert_eq!(query_param(&virtual_hosted, "max-keys"), Some("2"));
    assert_eq!(
        query_param(&virtual_hosted, "X-Amz-SignedHeaders"),
        Some("host")
    );
    assert_eq!(
        query_param(&virtual_hosted, "X-Amz-Security-Token"),
        Some("TOKEN%2B%2F%3D")
    );
    assert_eq!(
        query_param(&virtual_hosted, "X-Amz-Signature")
            .unwrap()
            .len(),
        64
    );

    let path_style = S3Service::new("eu-west-1", None, true)
        .unwrap()
        .list_objects_url(&credentials(), DATE, 300, &page)
        .unwrap();
    assert!(path_style.starts_with("https://s3.eu-west-1.amazonaws.com/my-bucket/?"));
    // A bucket with dots cannot be virtual-hosted over TLS.
    let dotted = S3Service::new("eu-west-1", None, false)
        .unwrap()
        .list_objects_url(
            &credentials(),
            DATE,
            300,
            &ListObjects {
                bucket: "my.bucket",
                ..ListObjects::default()
            },
        )
        .unwrap();
    assert!(dotted.starts_with("https://s3.eu-west-1.amazonaws.com/my.bucket/?"));
    let custom = S3Service::new("us-east-1", Some("http://127.0.0.1:5000"), false)
        .unwrap()
        .get_object_url(&credentials(), DATE, 300, "my-bucket", "a b/c+d.csv")
        .unwrap();
    assert!(
        custom.starts_with("http://127.0.0.1:5000/my-bucket/a%20b/c%2Bd.csv?X-Amz-Algorithm="),
        "{custom}"
    );

    let service = S3Service::new("eu-west-1", None, false).unwrap();
    for bad in [
        ListObjects {
            bucket: "Not_A_Bucket",
            ..ListObjects::default()
        },
        ListObjects {
            bucket: "my-bucket",
            max_keys: Some(1001),
            ..ListObjects::default()
        },
    ] {
        let err = service
            .list_objects_url(&credentials(), DATE, 300, &bad)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
    assert!(
        service
            .get_object_url(&credentials(), DATE, 300, "my-bucket", "")
            .is_err()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn list_objects_answers_parse() {
    let page = s3::parse_list_objects(
        200,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>my-bucket</Name><Prefix>sales/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents><Key>sales/a &amp; b.csv</Key><LastModified>2026-11-25T01:02:03.000Z</LastModified>
    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>sales/b.parquet</Key><ETag>"x-2"</ETag><Size>0</Size></Contents>
  <NextContinuationToken>token/2=</NextContinuationToken>
</ListBucketResult>"#,
    )
    .unwrap();
    assert!(page.is_truncated);
    assert_eq!(page.next_continuation_token.as_deref(), Some("token/2="));
    assert_eq!(
        page.objects,
        [
            ObjectEntry {
                key: "sales/a & b.csv".into(),
                size: 1234,
                etag: "\"9b2cf535f27731c974343645a3985328\"".into()
            },
            ObjectEntry {
                key: "sales/b.parquet".into(),
                size: 0,
                etag: "\"x-2\"".into()
            },
        ]
    );
    let last = s3::parse_list_objects(
        200,
        "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>",
    )
    .unwrap();
    assert!(last.objects.is_empty() && !last.is_truncated);

    let err = s3::parse_list_objects(
        404,
        "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
    )
    .unwrap_err();
    assert_eq!((err.code.as_str(), err.status), ("NoSuchBucket", 404));
    assert_eq!(err.message, "The specified bucket does not exist");
    assert_eq!(s3::parse_list_objects(403, "").unwrap_err().code, "HTTP403");
    let denied = s3::parse_error(
        403,
        "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>",
    );
    assert_eq!(denied.code, "SignatureDoesNotMatch");
    assert_eq!(s3::parse_error(416, "<Other/>").code, "HTTP416");
    // Found by the s3_list_objects fuzz target: a `<Code>` holding markup or nothing named no code.
    for body in [
        "<Error><Code><Error><Code>AccessDenied</Code></Error></Code></Error>",
        "<Error><Code/><Message>no</Message></Error>",
        "<Error><Code>  </Code></Error>",
    ] {
        assert_eq!(s3::parse_error(403, body).code, "HTTP403", "{body}");
        assert_eq!(
            s3::parse_list_objects(403, body).unwrap_err().code,
            "HTTP403",
            "{body}"
        );
    }

    // Hostile or broken answers are errors, never panics or expansions.
    for body in [
        "",
        "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
        "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
        "<Other/>",
        "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><ListBucketResult>&b;</ListBucketResult>",
        "<ListBucketResult><Contents>",
    ] {
        let err = s3::parse_list_objects(200, body).unwrap_err();
        assert_eq!(err.code, "MalformedResponse", "{body}");
    }
    let huge = format!(
        "<ListBucketResult>{}</ListBucketResult>",
        " ".repeat(s3::MAX_LIST_RESPONSE_BYTES)
    );
    assert_eq!(
        s3::parse_list_objects(200, &huge).unwrap_err().code,
        "MalformedResponse"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn presigned_urls_parse_in_every_addressing_style() {
    let query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261125%2Fap-south-1%2Fs3%2Faws4_request&X-Amz-Signature=abcdef";
    let cases = [
        (
            "https://my-bucket.s3.eu-west-1.amazonaws.com/sales/orders/part%200.parquet",
            "my-bucket",
            "sales/orders/part 0.parquet",
            "eu-west-1",
            "s3://my-bucket/sales/orders/",
        ),
        (
            "https://my-bucket.s3.amazonaws.com/top.csv",
            "my-bucket",
            "top.csv",
            "ap-south-1",
            "s3://my-bucket/",
        ),
        (
            "https://my.dotted.bucket.s3-us-west-2.amazonaws.com/a/b.json",
            "my.dotted.bucket",
            "a/b.json",
            "us-west-2",
            "s3://my.dotted.bucket/a/",
        ),
        (
            "https://s3.eu-central-1.amazonaws.com/my-bucket/x/y/z.orc",
            "my-bucket",
            "x/y/z.orc",
            "eu-central-1",
            "s3://my-bucket/x/y/",
        ),
        (
            "http://127.0.0.1:9000/my-bucket/data/file.avro",
            "my-bucket",
            "data/file.avro",
            "ap-south-1",
            "s3://my-bucket/data/",
        ),
    ];
    for (base, bucket, key, region, location) in cases {
        let url = format!("{base}{query}");
        let parsed = PresignedUrl::parse(&url).unwrap();
        assert_eq!(parsed.bucket(), bucket, "{base}");
        assert_eq!(parsed.key(), key, "{base}");
        assert_eq!(parsed.region(), Some(region), "{base}");
        assert_eq!(parsed.location().unwrap(), location, "{base}");
        assert_eq!(parsed.display(), base);
        assert_eq!(parsed.url(), url);
        let debug = format!("{parsed:?}");
        assert!(
            !debug.contains("abcdef") && !debug.contains("X-Amz"),
            "{debug}"
        );
    }

    for bad in [
        "not a url",
        "ftp://my-bucket.s3.amazonaws.com/a.csv",
        "https://example.com/page.html",
        "https://my-bucket.s3.amazonaws.com/",
        "https://my-bucket.s3.amazonaws.com/folder/",
        "https://s3.amazonaws.com/Bad_Bucket/a.csv",
        "https://my-bucket.s3.amazonaws.com/%ZZ.csv",
        "https://user:pw@my-bucket.s3.amazonaws.com/a.csv",
    ] {
        let err = PresignedUrl::parse(&format!("{bad}?X-Amz-Signature=SECRETSIG")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{bad}");
        assert!(!err.message().contains("SECRETSIG"), "{err}");
    }
    // Another host is read as an S3-compatible endpoint only when the URL is presigned.
    let err = PresignedUrl::parse("https://example.com/bucket/key.csv").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[wasm_bindgen_test(unsupported = test)]
fn cors_advice_is_exact() {
    let configuration = cors::cors_configuration("https://glueprint.example").unwrap();
    let json: serde_json::Value = serde_json::from_str(&configuration).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"CORSRules": [{
            "AllowedOrigins": ["https://glueprint.example"],
            "AllowedMethods": ["GET"],
            "AllowedHeaders": ["Range"],
            "ExposeHeaders": ["Content-Range", "Content-Length", "ETag"],
            "MaxAgeSeconds": 3000
        }]})
    );
    let command = cors::put_bucket_cors_command("my-bucket", "http://127.0.0.1:8080").unwrap();
    assert!(
        command.starts_with("aws s3api put-bucket-cors --bucket my-bucket --cors-configuration '{")
    );
    let message = cors::refused_message("my-bucket", "http://127.0.0.1:8080").unwrap();
    assert!(message.contains(&command) && message.contains("Glue"));
    for origin in [
        "glueprint.example",
        "https://x/path",
        "https://x'; rm -rf /",
        "file://x",
    ] {
        assert_eq!(
            cors::cors_configuration(origin).unwrap_err().kind(),
            ErrorKind::Invalid
        );
    }
    assert!(cors::put_bucket_cors_command("bad bucket", "https://x").is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn range_reads_take_the_fewest_round_trips() {
    let plain = |range: &str| {
        Some(RangeRead {
            range: range.into(),
            preflight: false,
        })
    };
    // Size known: one plain range.
    assert_eq!(
        range::first_read(Layout::Footer, Some(1_000_000)),
        plain("bytes=934464-999999")
    );
    assert_eq!(
        range::first_read(Layout::Footer, Some(100)),
        plain("bytes=0-99")
    );
    let sample = Layout::Prefix {
        sample_bytes: 1 << 20,
    };
    assert_eq!(range::first_read(sample, Some(10)), plain("bytes=0-9"));
    assert_eq!(range::first_read(sample, None), plain("bytes=0-1048575"));
    assert_eq!(range::first_read(sample, Some(0)), None);
    // Size unknown, footer format: a suffix range, preflighted.
    assert_eq!(
        range::first_read(Layout::Footer, None),
        Some(RangeRead {
            range: "bytes=-65536".into(),
            preflight: true
        })
    );

    // Content-Range, every form.
    assert_eq!(
        range::parse_content_range("bytes 0-99/1234").unwrap(),
        ContentRange {
            range: Some((0, 99)),
            total: Some(1234)
        }
    );
    assert_eq!(
        range::parse_content_range("bytes */1234").unwrap(),
        ContentRange {
            range: None,
            total: Some(1234)
        }
    );
    assert_eq!(
        range::parse_content_range("bytes 5-9/*").unwrap().total,
        None
    );
    for bad in [
        "",
        "bytes",
        "items 0-1/2",
        "bytes 9-5/100",
        "bytes 0-100/100",
        "bytes */*",
        "bytes -1-5/10",
        "bytes 0-99999999999999999999/1",
        "bytes 0-9",
    ] {
        assert_eq!(
            range::parse_content_range(bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{bad}"
        );
    }

    // The suffix read got the last 64 KiB of 1,000,000 bytes.
    let got = range::parse_content_range("bytes 934464-999999/1000000").unwrap();
    assert_eq!(range::footer_rest(&got, 40_000).unwrap(), None);
    assert_eq!(
        range::footer_rest(&got, 100_000).unwrap(),
        plain("bytes=900000-934463")
    );
    assert!(range::footer_rest(&got, 2_000_000).is_err());
    let unknown = range::parse_content_range("bytes 0-9/*").unwrap();
    assert!(range::footer_rest(&unknown, 5).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn layout_by_name_and_plain_reads() {
    let sample = 1 << 20;
    assert_eq!(
        Layout::of_name("part-0.snappy.PARQUET", sample),
        Layout::Footer
    );
    assert_eq!(Layout::of_name("x/y.orc", sample), Layout::Footer);
    for name in ["a.avro", "a.csv", "a.json.gz", "parquet", "a.parquet.gz"] {
        assert_eq!(
            Layout::of_name(name, sample),
            Layout::Prefix {
                sample_bytes: sample
            },
            "{name}"
        );
    }
    assert_eq!(
        range::plain_read(4..10),
        Some(RangeRead {
            range: "bytes=4-9".into(),
            preflight: false
        })
    );
    assert_eq!(range::plain_read(7..7), None);
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = range::plain_read(9..3);
    assert_eq!(reversed, None);
}

#[wasm_bindgen_test(unsupported = test)]
fn pasted_urls_share_a_root() {
    let url = |key: &str| {
        PresignedUrl::parse(&format!(
            "http://127.0.0.1:5000/lake/{key}?X-Amz-Signature=abc"
        ))
        .unwrap()
    };
    let urls = [
        url("singles/parquet/a.parquet"),
        url("singles/csv/b%20c.csv"),
    ];
    let root = presigned::pasted_root(&urls).unwrap();
    assert_eq!(root.location, "s3://lake/singles/");
    assert_eq!(root.name, "singles");
    assert_eq!(root.keys, ["parquet/a.parquet", "csv/b c.csv"]);

    let one = presigned::pasted_root(&[url("sales/orders/x.parquet")]).unwrap();
    assert_eq!(one.location, "s3://lake/sales/orders/");
    assert_eq!(
        (one.name.as_str(), one.keys[0].as_str()),
        ("orders", "x.parquet")
    );

    // Folders are compared whole: `sales2/` does not share `sales/`.
    let top =
        presigned::pasted_root(&[url("sales/x.csv"), url("sales2/y.csv"), url("z.csv")]).unwrap();
    assert_eq!(top.location, "s3://lake/");
    assert_eq!(top.name, "lake");
    assert_eq!(top.keys, ["sales/x.csv", "sales2/y.csv", "z.csv"]);

    let other = PresignedUrl::parse("https://other.s3.amazonaws.com/a.csv").unwrap();
    let mixed = presigned::pasted_root(&[url("a.csv"), other]).unwrap_err();
    assert_eq!(mixed.kind(), ErrorKind::Invalid);
    assert_eq!(
        presigned::pasted_root(&[]).unwrap_err().kind(),
        ErrorKind::Invalid
    );
}
