//! Every export target on tables made by real inference over `../shared/data/` fixtures, plus hand-made
//! partitioned tables, compared with golden files under `data/export/<case>/`. Run with
//! `GLUEPRINT_BLESS=1` to rewrite the golden files after a deliberate change, then read the diff: the
//! golden files are the specification. The Glue payloads among them are validated against the Glue API
//! model by `scripts/test` (`glue_validate.py`), and the boto3 script is run against a moto server by
//! `tests/roundtrip/glue_moto.py`.
//!
//! Golden tests read fixtures and golden files from disk, so they are native only; the tests of
//! properties on hand-made tables also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use glueprint_core::catalog::{
    Column, Database, Parameters, Partition, StorageDescriptor, StorageFormat, Table,
};
use glueprint_core::export::{
    ExportFile, Selection, TableExport, athena, aws_cli, boto3, cloudformation, glue, terraform,
    unity,
};
use glueprint_core::types::{HiveType, StructField};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;

const UNITY_CATALOG: &str = "main";

fn database() -> Database {
    Database {
        name: "sales".into(),
        description: Some("Sales data; owner: the 'data' team".into()),
        location_uri: Some("s3://my-bucket/sales/".into()),
        parameters: Parameters::from([("team".into(), "data".into())]),
    }
}

fn column(name: &str, data_type: HiveType) -> Column {
    Column::new(name, data_type)
}

/// A hand-made partitioned Parquet table with awkward names: reserved words (`order`, `from` inside a
/// struct), a leading underscore, a tagged and commented partition key, and `count` partitions
/// `dt=2024-MM-DD/region=eu|us/`.
fn events(count: usize) -> (Table, Vec<Partition>) {
    let mut region = column("region", HiveType::String);
    region.comment = Some("Where the event was served".into());
    region.tags = BTreeSet::from(["geo".into()]);
    let mut user = column(
        "user",
        HiveType::Struct(vec![
            StructField::new("name", HiveType::String),
            StructField::new("from", HiveType::String),
        ]),
    );
    user.tags = BTreeSet::from(["pii".into(), "pii:PERSON_NAME".into()]);
    let storage = StorageDescriptor {
        columns: vec![
            column("id", HiveType::BigInt),
            user,
            column("order", HiveType::Int),
            column(
                "_private",
                HiveType::Map(
                    Box::new(HiveType::String),
                    Box::new(HiveType::Array(Box::new(HiveType::Int))),
                ),
            ),
        ],
        location: Some("s3://my-bucket/sales/events/".into()),
        format: StorageFormat::parquet(),
        compressed: false,
        parameters: Parameters::from([
            ("classification".into(), "parquet".into()),
            ("compressionType".into(), "none".into()),
            ("typeOfData".into(), "file".into()),
        ]),
    };
    let table = Table {
        name: "events".into(),
        database_name: "sales".into(),
        description: Some("Served events, one folder per day and region".into()),
        partition_keys: vec![column("dt", HiveType::String), region],
        storage: storage.clone(),
        parameters: storage.parameters.clone(),
    };
    let partitions = (0..count)
        .map(|i| {
            let day = i / 2;
            let dt = format!("2024-{:02}-{:02}", day / 28 + 1, day % 28 + 1);
            let region = if i % 2 == 0 { "eu" } else { "us" };
            let mut storage = storage.clone();
            storage.location = Some(format!(
                "s3://my-bucket/sales/events/dt={dt}/region={region}/"
            ));
            Partition {
                values: vec![dt, region.to_owned()],
                storage,
                parameters: Parameters::new(),
            }
        })
        .collect();
    (table, partitions)
}

fn selection_text(target: &str, table: &Table, partitions: &[Partition]) -> Vec<ExportFile> {
    let databases = [database()];
    let tables = [TableExport { table, partitions }];
    let selection = Selection {
        databases: &databases,
        tables: &tables,
    };
    let one = |name: &str, contents: String| {
        vec![ExportFile {
            name: name.to_owned(),
            contents,
        }]
    };
    match target {
        "glue" => glue::files(&selection)
            .into_iter()
            .map(|f| ExportFile {
                name: format!("glue.{}", f.name),
                contents: f.contents,
            })
            .collect(),
        "athena" => one("athena.sql", athena::script(&selection)),
        "unity" => one(
            "unity.sql",
            unity::script(&selection, UNITY_CATALOG).unwrap(),
        ),
        "terraform" => one("terraform.tf", terraform::config(&selection)),
        "cloudformation" => one("cloudformation.json", cloudformation::template(&selection)),
        "boto3" => one("glue_catalog.py", boto3::script(&selection)),
        "aws_cli" => {
            let files = aws_cli::files(&selection);
            let text: Vec<String> = files
                .iter()
                .map(|f| format!("==> {} <==\n{}", f.name, f.contents))
                .collect();
            one("aws_cli.txt", text.join("\n"))
        }
        other => panic!("unknown target {other}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn partitions_are_sent_in_batches_of_at_most_100() {
    let (table, partitions) = events(250);
    let batches = glue::batch_create_partitions(&table, &partitions);
    let sizes: Vec<usize> = batches
        .iter()
        .map(|b| b.partition_input_list.len())
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(
        batches[2].partition_input_list[49].values,
        ["2024-05-13", "us"]
    );
    let json = glue::to_json(&batches[0]);
    assert!(json.contains("\"PartitionInputList\""));
    assert!(json.contains("\"s3://my-bucket/sales/events/dt=2024-01-01/region=eu/\""));

    assert_eq!(athena::add_partitions(&table, &partitions).len(), 3);
    assert_eq!(unity::add_partitions(&table, &partitions, "main").len(), 3);
    for target in ["boto3", "aws_cli"] {
        let text: String = selection_text(target, &table, &partitions)
            .into_iter()
            .map(|f| f.contents)
            .collect();
        assert_eq!(
            text.matches("\"PartitionInputList\": [").count(),
            3,
            "{target}"
        );
    }
    let tf = terraform::config(&Selection {
        databases: &[],
        tables: &[TableExport {
            table: &table,
            partitions: &partitions,
        }],
    });
    assert_eq!(tf.matches("resource \"aws_glue_partition\"").count(), 250);
    assert_eq!(
        tf.matches("resource \"aws_glue_catalog_database\"").count(),
        1
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn update_table_carries_the_whole_table_and_skip_archive_only_when_asked() {
    let (table, _) = events(0);
    let update = glue::to_json(&glue::update_table(&table, None));
    assert!(!update.contains("SkipArchive"));
    let create = glue::to_json(&glue::create_table(&table));
    assert_eq!(
        update, create,
        "same members as CreateTable when not archiving"
    );
    let update = glue::to_json(&glue::update_table(&table, Some(true)));
    assert!(update.contains("\"SkipArchive\": true"));
}

/// Text that could escape each format's quoting: quotes, backslashes, line breaks, HCL templates.
#[wasm_bindgen_test(unsupported = test)]
fn hostile_text_stays_inside_its_quotes() {
    let (mut table, partitions) = events(1);
    let hostile = "it's \"x\" \\ ${var} %{if} '''\nDROP TABLE y; --";
    table.description = Some(hostile.into());
    table.storage.columns[0].comment = Some(hostile.into());
    table.name = "odd'name".into();

    let tf = terraform::config(&Selection {
        databases: &[],
        tables: &[TableExport {
            table: &table,
            partitions: &partitions,
        }],
    });
    assert!(tf.contains(r#""it's \"x\" \\ $${var} %%{if} '''\nDROP TABLE y; --""#));
    assert!(!tf.contains("\n DROP"));

    let sql = athena::create_table(&table);
    assert!(sql.contains(r#"COMMENT 'it\'s "x" \\ ${var} %{if} \'\'\'\nDROP TABLE y; --'"#));
    assert!(sql.contains("`odd'name`"));

    let py = boto3::script(&Selection {
        databases: &[],
        tables: &[TableExport {
            table: &table,
            partitions: &partitions,
        }],
    });
    let payload_lines: Vec<&str> = py
        .lines()
        .skip_while(|l| !l.starts_with("DATABASES"))
        .take_while(|l| !l.starts_with("def "))
        .collect();
    assert!(
        payload_lines
            .iter()
            .all(|l| !l.contains('\'') || l.contains("r'''") || l.starts_with("'''"))
    );
    assert!(py.contains(r"odd\u0027name"));

    let files = aws_cli::files(&Selection {
        databases: &[],
        tables: &[TableExport {
            table: &table,
            partitions: &partitions,
        }],
    });
    assert!(files[0].contents.contains(r"--name 'odd'\''name'"));
    assert!(files.iter().skip(1).all(|f| {
        f.name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    }));
}

#[wasm_bindgen_test(unsupported = test)]
fn unknown_serdes_are_refused_by_unity_not_guessed() {
    let (mut table, _) = events(0);
    table.storage.format.serde.serialization_library = "com.example.MySerDe".into();
    let err = unity::create_table(&table, "main").unwrap_err();
    assert_eq!(err.kind(), glueprint_core::ErrorKind::Unsupported);
}

#[cfg(not(target_arch = "wasm32"))]
mod golden {
    use super::*;
    use glueprint_core::infer;
    use glueprint_core::source::{MemorySource, complete_now};
    use std::path::{Path, PathBuf};

    const TARGETS: [&str; 7] = [
        "glue",
        "athena",
        "unity",
        "terraform",
        "cloudformation",
        "boto3",
        "aws_cli",
    ];

    fn infer_table(rel: &str, name: &str, location: Option<&str>) -> Table {
        let path = support::shared(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let inferred = complete_now(infer::infer_file(&MemorySource::new(bytes), rel))
            .unwrap()
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        inferred.into_table(name.into(), "sales".into(), location.map(str::to_owned))
    }

    fn location(name: &str) -> Option<String> {
        Some(format!("s3://my-bucket/sales/{name}/"))
    }

    /// `(case, table, partitions)` for every golden case.
    fn cases() -> Vec<(&'static str, Table, Vec<Partition>)> {
        let mut cases = Vec::new();
        for (case, rel) in [
            ("nested_parquet", "parquet/nested.parquet"),
            ("nested_orc", "orc/nested.orc"),
            ("orders_avro", "avro/orders_null.avro"),
            ("records_json", "json/records.jsonl"),
            ("header_comma_csv", "csv/header_comma.csv"),
            ("quoted_csv", "csv/quoted.csv"),
            ("ctrl_a_csv", "csv/ctrl_a.txt"),
        ] {
            let table = infer_table(rel, case, location(case).as_deref());
            cases.push((case, table, Vec::new()));
        }

        // Names that need quoting, a table without a location, text that needs escaping everywhere.
        let mut odd = infer_table("parquet/odd_names.parquet", "odd_names", None);
        odd.description =
            Some("Odd names: it's \"quoted\",\nsecond line with ${not_a_var} %{not_a_directive} and a \\ backslash".into());
        odd.storage.columns[2].comment = Some("Was 'Weird Name!' in the file\nkept as is".into());
        cases.push(("odd_names_parquet", odd, Vec::new()));

        // Column tags and comments.
        let mut pii = infer_table(
            "parquet/pii.parquet",
            "customers",
            location("customers").as_deref(),
        );
        for column in &mut pii.storage.columns {
            match column.name.as_str() {
                "contact" => {
                    column.tags = BTreeSet::from(["pii".into(), "pii:EMAIL".into()]);
                    column.comment = Some("E-mail address".into());
                }
                "ssn" => column.tags = BTreeSet::from(["pii:USA_SSN".into()]),
                "card" => column.tags = BTreeSet::from(["pii:CREDIT_CARD".into()]),
                _ => {}
            }
        }
        cases.push(("pii_parquet", pii, Vec::new()));

        let (table, partitions) = events(3);
        cases.push(("events", table, partitions));
        cases
    }

    fn golden_dir(case: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/export")
            .join(case)
    }

    /// Compares (or, with `GLUEPRINT_BLESS=1`, writes) one golden file; returns a problem, if any.
    fn check(dir: &Path, file: &ExportFile) -> Option<String> {
        let path = dir.join(&file.name);
        if std::env::var_os("GLUEPRINT_BLESS").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
            return None;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == file.contents => None,
            Ok(_) => Some(format!("{} differs", path.display())),
            Err(e) => Some(format!("{}: {e}", path.display())),
        }
    }

    #[test]
    fn every_target_matches_its_golden_files() {
        let mut problems = Vec::new();
        for (case, table, partitions) in cases() {
            let dir = golden_dir(case);
            for target in TARGETS {
                for file in selection_text(target, &table, &partitions) {
                    problems.extend(check(&dir, &file));
                }
            }
        }
        // The Glue requests for 250 partitions: three BatchCreatePartition calls (validated by scripts/test).
        let (table, partitions) = events(250);
        for file in selection_text("glue", &table, &partitions) {
            problems.extend(check(&golden_dir("events_250"), &file));
        }
        assert!(
            problems.is_empty(),
            "golden files differ (rerun with GLUEPRINT_BLESS=1 and review the diff):\n{}",
            problems.join("\n")
        );
    }

    /// The Schema Registry requests for a schema with two AVAILABLE versions and a FAILURE one between
    /// them (not exported), registered through core's checker, under `data/registry/`.
    #[test]
    fn registry_requests_match_their_golden_files() {
        use glueprint_core::export::registry;
        use glueprint_core::register;
        use glueprint_core::registry::{
            Compatibility, DataFormat, Registry, Schema, VersionStatus,
        };

        let v1 = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}"#;
        let failing = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"double"}]}"#;
        let v3 = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"double","default":0}]}"#;
        let schema = Schema {
            registry: "governance".into(),
            name: "orders".into(),
            data_format: DataFormat::Avro,
            compatibility: Compatibility::BackwardAll,
            description: Some("Orders as placed, one per checkout.".into()),
        };
        let record = register::new_schema(schema, v1, 1).unwrap();
        let record = register::register(&record, failing, VersionStatus::Failure, 2).unwrap();
        let record = register::register(&record, v3, VersionStatus::Available, 3).unwrap();
        // A Protobuf schema as .proto files are written, over many lines with `//` comments: sent on one
        // line (Glue's pattern), meaning the same.
        let clicks = Schema {
            registry: "governance".into(),
            name: "clicks".into(),
            data_format: DataFormat::Protobuf,
            compatibility: Compatibility::Backward,
            description: None,
        };
        let proto = "syntax = \"proto3\";\npackage web.v1;\n\n// One click on a page.\nmessage Click {\n  \
                     int64 id = 1; // never reused\n  string page = 2;\n}\n";
        let clicks = register::new_schema(clicks, proto, 1).unwrap();
        let governance = Registry {
            name: "governance".into(),
            description: Some("Schemas reviewed before they ship".into()),
        };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/registry");
        let files = registry::files(&governance, &[&record, &clicks]);
        assert_eq!(files.len(), 3);
        // Version 3 only: the FAILURE version 2 is not exported.
        let versions: serde_json::Value = serde_json::from_str(&files[2].contents).unwrap();
        assert_eq!(versions.as_array().map(Vec::len), Some(1));
        assert_eq!(versions[0]["SchemaDefinition"], v3);
        let problems: Vec<String> = files.iter().filter_map(|f| check(&dir, f)).collect();
        assert!(
            problems.is_empty(),
            "golden files differ (rerun with GLUEPRINT_BLESS=1 and review the diff):\n{}",
            problems.join("\n")
        );
    }

    /// The aws-cli export writes real files: every `file://` the script names is one of them.
    #[test]
    fn the_aws_cli_script_names_exactly_its_request_files() {
        for (case, table, partitions) in cases() {
            let databases = [database()];
            let tables = [TableExport {
                table: &table,
                partitions: &partitions,
            }];
            let files = aws_cli::files(&Selection {
                databases: &databases,
                tables: &tables,
            });
            assert_eq!(files[0].name, aws_cli::SCRIPT_NAME);
            let named: BTreeSet<&str> = files[0]
                .contents
                .split("'file://")
                .skip(1)
                .map(|rest| rest.split('\'').next().unwrap())
                .collect();
            let written: BTreeSet<&str> = files.iter().skip(1).map(|f| f.name.as_str()).collect();
            assert_eq!(named, written, "{case}");
        }
    }
}
