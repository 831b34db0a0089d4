//! The `glueprint infer` command as a user runs it.

use assert_cmd::Command;
use serde_json::Value;

fn fixture(rel: &str) -> String {
    format!("{}/../../shared/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn glueprint() -> Command {
    Command::cargo_bin("glueprint").expect("cargo builds the glueprint binary for its tests")
}

#[test]
fn one_file_prints_one_create_table_object() {
    let out = glueprint()
        .args([
            "infer",
            "--database",
            "Sales",
            "--location",
            "s3://my-bucket/nested",
        ])
        .arg(fixture("parquet/nested.parquet"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["DatabaseName"], "sales");
    assert_eq!(json["TableInput"]["Name"], "nested");
    assert_eq!(
        json["TableInput"]["StorageDescriptor"]["Location"],
        "s3://my-bucket/nested/"
    );
    assert_eq!(
        json["TableInput"]["StorageDescriptor"]["Columns"][5]["Type"],
        "array<array<bigint>>"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn several_files_print_an_array_and_bad_files_fail_with_one_line_each() {
    let out = glueprint()
        .arg("infer")
        .arg(fixture("parquet/pii.parquet"))
        .arg(fixture("bad/truncated.parquet"))
        .arg(fixture("parquet/odd_names.parquet"))
        .arg(fixture("bad/does-not-exist.parquet"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TableInput"]["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pii", "odd_names"]);
    assert_eq!(json[0]["DatabaseName"], "default");
    assert!(
        json[0]["TableInput"]["StorageDescriptor"]
            .get("Location")
            .is_none()
    );

    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("truncated.parquet: malformed input:"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("does-not-exist.parquet: read error: cannot open"),
        "{stderr}"
    );
}

#[test]
fn bad_settings_are_refused_before_reading() {
    let out = glueprint()
        .args(["infer", "--location", "https://example.com/x"])
        .arg(fixture("parquet/pii.parquet"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("must start with s3://"));
}

#[test]
fn help_documents_every_flag() {
    let out = glueprint().args(["infer", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in ["--database", "--location", "FILE"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn sampling_options_reach_inference() {
    let single = fixture("csv/single_column.csv");
    // Not CSV by the crawler's rules, unless single columns are allowed.
    glueprint()
        .args(["infer", &single])
        .assert()
        .failure()
        .code(1);
    let out = glueprint()
        .args(["infer", "--allow-single-column", &single])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let payload: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["TableInput"]["Parameters"]["classification"], "csv");

    // A sample smaller than the file: the record count is no longer known, and the note says why.
    let csv = fixture("csv/header_comma.csv");
    let out = glueprint()
        .args(["infer", "--explain", "--sample-bytes", "200", &csv])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let payload: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        payload["TableInput"]["Parameters"]
            .get("recordCount")
            .is_none()
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("only the first 200 bytes"));

    let help = String::from_utf8(
        glueprint()
            .args(["infer", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for flag in [
        "--sample-bytes",
        "--json-max-sample-bytes",
        "--max-records",
        "--allow-single-column",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}
