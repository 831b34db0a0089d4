//! The `glueprint export` command as a user runs it.

use assert_cmd::Command;
use serde_json::Value;

fn fixture(rel: &str) -> String {
    format!("{}/../../shared/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn glueprint() -> Command {
    Command::cargo_bin("glueprint").expect("cargo builds the glueprint binary for its tests")
}

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn glue_export_writes_one_file_per_operation_and_renames_duplicate_tables() {
    let dir = out_dir("export_glue");
    let out = glueprint()
        .args([
            "export",
            "--to",
            "glue",
            "-d",
            "Sales",
            "-l",
            "s3://my-bucket/data",
        ])
        .arg("--out-dir")
        .arg(&dir)
        .arg(fixture("csv/header_comma.csv"))
        .arg(fixture("csv/header_comma.csv.gz"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed.lines().count(), 4, "{printed}");

    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    assert_eq!(
        read("create_database.json")[0]["DatabaseInput"]["Name"],
        "sales"
    );
    let tables = read("create_table.json");
    let names: Vec<&str> = tables
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TableInput"]["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["header_comma", "header_comma_2"]);
    assert_eq!(
        read("batch_create_partition.json"),
        Value::Array(Vec::new())
    );
    assert_eq!(
        read("update_table.json")[1]["TableInput"]["Name"],
        "header_comma_2"
    );
}

#[test]
fn single_file_targets_print_on_stdout() {
    for (target, expect) in [
        (
            "athena",
            "CREATE EXTERNAL TABLE IF NOT EXISTS sales.nested (",
        ),
        ("unity", "CREATE TABLE IF NOT EXISTS lake.sales.nested ("),
        (
            "terraform",
            "resource \"aws_glue_catalog_table\" \"sales_nested\" {",
        ),
        ("cloudformation", "\"Type\": \"AWS::Glue::Table\""),
        ("boto3", "glue.create_table(**request)"),
    ] {
        let out = glueprint()
            .args(["export", "--to", target, "-d", "sales", "--catalog", "lake"])
            .arg(fixture("parquet/nested.parquet"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{target}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(expect), "{target}:\n{text}");
    }
}

#[test]
fn the_aws_cli_export_needs_a_folder_and_writes_an_executable_script() {
    let out = glueprint()
        .args(["export", "--to", "aws-cli"])
        .arg(fixture("parquet/nested.parquet"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out-dir"));

    let dir = out_dir("export_aws_cli");
    let out = glueprint()
        .args(["export", "--to", "aws-cli", "--out-dir"])
        .arg(&dir)
        .arg(fixture("parquet/nested.parquet"))
        .arg(fixture("bad/truncated.parquet"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unreadable file fails the run"
    );
    let script = dir.join("create_glue_catalog.sh");
    assert!(
        std::fs::read_to_string(&script)
            .unwrap()
            .contains("glue create-table --cli-input-json 'file://002-table-default-nested.json'")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&script).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111);
    }
}
