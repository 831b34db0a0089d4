//! `glueprint crawl` as a user runs it: its output equals the core's golden crawl of each dataset
//! (`core/tests/data/crawl/`), and every request in it passes the Glue API model
//! (`../shared/tools/glue_validate.py`, when python3 with botocore is available; `scripts/test` always
//! runs that check).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel)
}

fn golden(name: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../core/tests/data/crawl/{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn crawl(dataset: &str, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("glueprint")
        .expect("cargo builds the glueprint binary for its tests")
        .args(["crawl", "-d", "analytics", "-l"])
        .arg(format!("s3://my-bucket/{dataset}/"))
        .args(extra)
        .arg(shared(&format!("data/datasets/{dataset}")))
        .output()
        .unwrap()
}

/// Validates each operation's requests with glue_validate.py; `None` when botocore is not installed.
fn glue_validate(name: &str, payloads: &Value) -> Option<()> {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import botocore"])
        .status()
        .ok()?;
    if !probe.success() {
        return None;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("crawl");
    std::fs::create_dir_all(&dir).unwrap();
    for op in ["CreateTable", "BatchCreatePartition"] {
        let file = dir.join(format!("{name}.{op}.json"));
        std::fs::write(&file, payloads[op].to_string()).unwrap();
        let out = std::process::Command::new("python3")
            .arg(shared("tools/glue_validate.py"))
            .arg(op)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name} {op}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Some(())
}

#[test]
fn crawl_prints_the_core_golden_for_each_dataset_and_glue_accepts_it() {
    for (name, dataset, extra) in [
        ("events_plain", "events_plain", &[][..]),
        ("sales_hive", "sales_hive", &[][..]),
        ("mixed", "mixed", &[][..]),
        (
            "mixed.combined",
            "mixed",
            &["--combine-compatible-schemas"][..],
        ),
    ] {
        let out = crawl(dataset, extra);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(printed, golden(name), "{name}");
        let payloads: Value = serde_json::from_str(&printed).unwrap();
        let _ = glue_validate(name, &payloads);
    }
}

#[test]
fn explain_writes_decisions_to_stderr_and_keeps_stdout_json() {
    let out = crawl("sales_hive", &["--explain"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("_SUCCESS: left out: matches exclude pattern **/_SUCCESS"),
        "{stderr}"
    );
    assert!(stderr.contains("4 partition(s) by year, month"), "{stderr}");
    let _: Value = serde_json::from_slice(&out.stdout).unwrap();
}

#[test]
fn without_default_excludes_junk_files_are_read_and_reported() {
    let out = crawl("sales_hive", &["--no-default-excludes"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("_SUCCESS: "), "{stderr}");
    assert!(stderr.contains("part-0000.parquet.crc: "), "{stderr}");
    let payloads: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payloads["CreateTable"].as_array().unwrap().len(), 1);
}

#[test]
fn exclude_patterns_and_sample_size_reach_the_crawler() {
    let out = crawl(
        "sales_hive",
        &["--exclude", "year=2024/**", "--sample-size", "1"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let payloads: Value = serde_json::from_slice(&out.stdout).unwrap();
    let partitions = payloads["BatchCreatePartition"][0]["PartitionInputList"]
        .as_array()
        .unwrap();
    assert_eq!(partitions.len(), 2);
    let params = &partitions[0]["StorageDescriptor"]["Parameters"];
    assert_eq!(params["objectCount"], "2");
    assert!(params.get("recordCount").is_none(), "{params}");
}

#[test]
fn bad_options_exit_with_status_2() {
    for extra in [&["--exclude", "[abc"][..], &["--sample-size", "250"][..]] {
        let out = crawl("mixed", extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn help_lists_the_default_exclusions() {
    let out = Command::cargo_bin("glueprint")
        .unwrap()
        .args(["crawl", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for pattern in glueprint_core::crawl::DEFAULT_EXCLUDES {
        assert!(help.contains(pattern), "{pattern} missing from:\n{help}");
    }
}

/// A folder holding `pii.parquet`, in the test's scratch directory.
fn pii_folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pii/customers");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        shared("data/parquet/pii.parquet"),
        dir.join("part-0.parquet"),
    )
    .unwrap();
    dir
}

/// `glueprint crawl --pii-threshold THRESHOLD` of [`pii_folder`].
fn pii_of(threshold: &str) -> std::process::Output {
    Command::cargo_bin("glueprint")
        .unwrap()
        .args(["crawl", "--pii-threshold", threshold])
        .arg(pii_folder())
        .output()
        .unwrap()
}

#[test]
fn a_crawl_samples_values_and_tags_sensitive_columns() {
    let columns = |out: &std::process::Output| -> Value {
        printed(out)["CreateTable"][0]["TableInput"]["StorageDescriptor"]["Columns"].clone()
    };
    let column = |columns: &Value, name: &str| -> Value {
        columns
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["Name"] == name)
            .unwrap()
            .clone()
    };
    let default = columns(&pii_of("0.5"));
    let contact = column(&default, "contact");
    assert_eq!(contact["Parameters"]["glueprint.pii.entity"], "EMAIL");
    assert_eq!(contact["Parameters"]["glueprint.pii.evidence"], "200/200");
    assert_eq!(contact["Parameters"]["glueprint.tags"], "pii,pii:EMAIL");
    assert!(column(&default, "notes").get("Parameters").is_none());
    let out = pii_of("1.5");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a share from 0 to 1"));
}

/// The JSON a successful run printed.
fn printed(out: &std::process::Output) -> Value {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn stats_prints_exactness_and_valid_requests() {
    let files = printed(
        &Command::cargo_bin("glueprint")
            .unwrap()
            .args(["stats", "--analyzed-time", "1795564800"])
            .arg(shared("data/parquet/pii.parquet"))
            .arg(shared("data/parquet/flat_zstd.parquet"))
            .output()
            .unwrap(),
    );
    let pii = &files[0];
    assert_eq!(pii["SampledRows"]["contact"], 200);
    assert_eq!(pii["Exact"]["customer_id"]["minMax"], true);
    let statistics = &pii["Requests"][0]["ColumnStatisticsList"];
    assert_eq!(statistics[0]["ColumnName"], "customer_id");
    assert_eq!(statistics[0]["AnalyzedTime"], 1_795_564_800);
    // A codec left out of the build: one note, and the footer's exact numbers still count.
    let zstd = &files[1];
    assert_eq!(zstd["Findings"].as_array().unwrap().len(), 1);
    assert!(
        zstd["Findings"][0]
            .as_str()
            .unwrap()
            .starts_with("Codec ZSTD is not supported for value sampling")
    );
    assert_eq!(zstd["SampledRows"]["id"], 0);
    assert_eq!(zstd["Exact"]["id"]["nulls"], true);
}
