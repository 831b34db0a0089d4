//! `glueprint compat` as a CI pipeline runs it: the JSON report on stdout, and the exit status a build
//! step branches on (0 accepted or identical, 1 rejected, 2 bad input).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{Value, json};

const ORDER_V1: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}"#;
const ORDER_V2: &str = r#"{"type":"record","name":"Order","fields":[
    {"name":"id","type":"long"},
    {"name":"note","type":["null","string"],"default":null}]}"#;
const ORDER_V3_NO_DEFAULT: &str = r#"{"type":"record","name":"Order","fields":[
    {"name":"id","type":"long"},
    {"name":"note","type":["null","string"],"default":null},
    {"name":"amount","type":"double"}]}"#;

/// Writes `text` into this test binary's scratch folder under `name` and returns the path.
fn file(name: &str, text: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compat");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `glueprint compat --format FORMAT --mode MODE FILES...` and returns (exit code, stdout, stderr).
fn compat(format: &str, mode: &str, files: &[PathBuf]) -> (i32, String, String) {
    let out = Command::cargo_bin("glueprint")
        .unwrap()
        .args(["compat", "--format", format, "--mode", mode])
        .args(files)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn report(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn compatible_version_is_accepted_with_exit_0() {
    let files = [
        file("ok_v2.avsc", ORDER_V2.as_bytes()),
        file("ok_v1.avsc", ORDER_V1.as_bytes()),
    ];
    let (code, stdout, stderr) = compat("avro", "BACKWARD", &files);
    assert_eq!(code, 0, "{stderr}");
    let report = report(&stdout);
    assert_eq!(report["format"], "AVRO");
    assert_eq!(report["mode"], "BACKWARD");
    assert_eq!(report["outcome"], "ACCEPTED");
    assert_eq!(report["version"], 2);
    assert_eq!(report["checked"], json!([1]));
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["earlier"][0]["version"], 1);
    assert!(
        report["earlier"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("ok_v1.avsc")
    );
}

#[test]
fn new_field_without_default_is_rejected_with_exit_1_and_its_location() {
    let files = [
        file("rej_v3.avsc", ORDER_V3_NO_DEFAULT.as_bytes()),
        file("rej_v1.avsc", ORDER_V1.as_bytes()),
        file("rej_v2.avsc", ORDER_V2.as_bytes()),
    ];
    let (code, stdout, stderr) = compat("avro", "BACKWARD", &files);
    assert_eq!(code, 1);
    let report = report(&stdout);
    assert_eq!(report["outcome"], "REJECTED");
    assert_eq!(report["version"], 3);
    assert_eq!(report["checked"], json!([2]));
    assert_eq!(
        report["findings"],
        json!([{
            "kind": "READER_FIELD_MISSING_DEFAULT_VALUE",
            "location": "/fields/2",
            "message": "amount",
            "readerVersion": 3,
            "writerVersion": 2,
        }])
    );
    assert!(
        stderr.contains(
            "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (version 3 reading version 2): amount"
        ),
        "{stderr}"
    );
}

#[test]
fn json_schema_and_protobuf_rejections_name_their_locations() {
    let json_files = [
        file(
            "j2.json",
            br#"{"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false}"#,
        ),
        file(
            "j1.json",
            br#"{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":false}"#,
        ),
    ];
    let (code, stdout, _) = compat("json", "BACKWARD", &json_files);
    assert_eq!(code, 1);
    let findings = &report(&stdout)["findings"];
    assert_eq!(findings.as_array().unwrap().len(), 1, "{findings}");
    assert_eq!(findings[0]["kind"], "TYPE_CHANGED");
    assert_eq!(findings[0]["location"], "#/properties/id");

    let proto_files = [
        file(
            "p2.proto",
            b"syntax = \"proto3\";\npackage shop;\nmessage Order { int64 id = 1; int32 note = 2; }\n",
        ),
        file(
            "p1.proto",
            b"syntax = \"proto3\";\npackage shop;\nmessage Order { int64 id = 1; string note = 2; }\n",
        ),
    ];
    let (code, stdout, _) = compat("protobuf", "FULL", &proto_files);
    assert_eq!(code, 1);
    let report = report(&stdout);
    assert_eq!(report["format"], "PROTOBUF");
    let kinds: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].clone(),
                f["location"].clone(),
                f["readerVersion"].clone(),
            )
        })
        .collect();
    // FULL checks both directions, "old reads new" first.
    assert_eq!(
        kinds,
        [
            (
                json!("FIELD_SCALAR_KIND_CHANGED"),
                json!("#/Order/2"),
                json!(1)
            ),
            (
                json!("FIELD_SCALAR_KIND_CHANGED"),
                json!("#/Order/2"),
                json!(2)
            ),
        ]
    );
}

#[test]
fn identical_after_normalisation_is_the_earlier_version_with_exit_0() {
    // Other whitespace, key order and `{"type":"long"}` for "long": the same schema as version 1.
    let respelled = br#"{ "fields": [ { "type": {"type": "long"}, "name": "id" } ],
        "name": "Order", "type": "record" }"#;
    let files = [
        file("same.avsc", respelled),
        file("same_v1.avsc", ORDER_V1.as_bytes()),
        file("same_v2.avsc", ORDER_V2.as_bytes()),
    ];
    let (code, stdout, stderr) = compat("avro", "FULL_ALL", &files);
    assert_eq!(code, 0, "{stderr}");
    let report = report(&stdout);
    assert_eq!(report["outcome"], "IDENTICAL");
    assert_eq!(report["version"], 1);
    assert_eq!(report["findings"], json!([]));
}

#[test]
fn bad_input_exits_2_naming_the_file_and_prints_no_report() {
    let good = file("bad_good.avsc", ORDER_V1.as_bytes());
    let broken = file(
        "bad_broken.avsc",
        br#"{"type":"record","name":"Order","fields":["#,
    );
    let (code, stdout, stderr) = compat("avro", "BACKWARD", &[good.clone(), broken]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("bad_broken.avsc: "), "{stderr}");
    assert!(stderr.contains("not a valid Avro schema"), "{stderr}");

    let binary = file("bad_binary.avsc", &[0xff, 0xfe, b'{']);
    let (code, _, stderr) = compat("avro", "BACKWARD", &[binary]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not UTF-8"), "{stderr}");

    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compat/no_such_file.avsc");
    let (code, _, stderr) = compat("avro", "BACKWARD", &[good.clone(), missing]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no_such_file.avsc: "), "{stderr}");

    let (code, _, _) = compat("avro", "SIDEWAYS", std::slice::from_ref(&good));
    assert_eq!(code, 2);
    let (code, _, _) = compat("xml", "BACKWARD", std::slice::from_ref(&good));
    assert_eq!(code, 2);
    // An Avro schema is not a .proto file.
    let (code, _, stderr) = compat("protobuf", "BACKWARD", &[good]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a valid Protobuf schema"), "{stderr}");
}

#[test]
fn modes_over_several_earlier_versions() {
    // v1 has `a` as a string, v2 drops it, v3 brings it back as an int with a default: v3 reads v2,
    // but not v1's strings, and v1 cannot read v3's ints.
    let files = [
        file(
            "h3.avsc",
            br#"{"type":"record","name":"T","fields":[{"name":"id","type":"long"},{"name":"a","type":"int","default":0}]}"#,
        ),
        file(
            "h1.avsc",
            br#"{"type":"record","name":"T","fields":[{"name":"id","type":"long"},{"name":"a","type":"string"}]}"#,
        ),
        file(
            "h2.avsc",
            br#"{"type":"record","name":"T","fields":[{"name":"id","type":"long"}]}"#,
        ),
    ];
    let run = |mode: &str| {
        let (code, stdout, _) = compat("avro", mode, &files);
        let report = report(&stdout);
        let pairs: Vec<_> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert_eq!(f["kind"], "TYPE_MISMATCH");
                assert_eq!(f["location"], "/fields/1/type");
                (
                    f["readerVersion"].as_u64().unwrap(),
                    f["writerVersion"].as_u64().unwrap(),
                )
            })
            .collect();
        (code, report["checked"].clone(), pairs)
    };
    assert_eq!(run("BACKWARD"), (0, json!([2]), vec![]));
    assert_eq!(run("FORWARD"), (0, json!([2]), vec![]));
    assert_eq!(run("BACKWARD_ALL"), (1, json!([2, 1]), vec![(3, 1)]));
    assert_eq!(run("FORWARD_ALL"), (1, json!([2, 1]), vec![(1, 3)]));
    assert_eq!(run("full_all"), (1, json!([2, 1]), vec![(1, 3), (3, 1)]));
    assert_eq!(run("NONE"), (0, json!([]), vec![]));
    // DISABLED: nothing may follow the first version.
    let (code, stdout, stderr) = compat("avro", "DISABLED", &files);
    assert_eq!(code, 1);
    assert_eq!(report(&stdout)["outcome"], "DISABLED");
    assert!(stderr.contains("DISABLED"), "{stderr}");
}

/// Confluent's LENIENT policy accepts an optional property added to an open JSON Schema model, which the
/// default STRICT policy rejects (an old instance may already carry that name with another type).
#[test]
fn json_policy_lenient_accepts_a_property_added_to_an_open_model() {
    let files = [
        file(
            "policy_v2.json",
            br#"{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}"#,
        ),
        file(
            "policy_v1.json",
            br#"{"type":"object","properties":{"id":{"type":"integer"}}}"#,
        ),
    ];
    let (code, stdout, _) = compat("json", "BACKWARD", &files);
    assert_eq!(code, 1);
    let strict = report(&stdout);
    assert_eq!(strict["jsonPolicy"], "STRICT");
    assert_eq!(
        strict["findings"][0]["kind"],
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    );
    let out = Command::cargo_bin("glueprint")
        .unwrap()
        .args([
            "compat",
            "--format",
            "json",
            "--mode",
            "BACKWARD",
            "--json-policy",
            "lenient",
        ])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lenient = report(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lenient["jsonPolicy"], "LENIENT");
    assert_eq!(lenient["outcome"], "ACCEPTED");
}
