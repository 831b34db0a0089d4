//! Sensitive-data detection end to end: `pii.parquet` (and the same rows written as CSV, JSON Lines and
//! Avro here and as ORC in `data/pii/`, since `../shared/data` has no copy in those formats) flags exactly
//! its sensitive columns, and no sampled value appears in what core produces from the samples. Fixtures are compiled in, so these tests
//! also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use glueprint_core::catalog::Column;
use glueprint_core::crawl::{CrawlOptions, Crawler};
use glueprint_core::export::{column_statistics, glue};
use glueprint_core::infer::values::{FileSample, SampleOptions, sample_file};
use glueprint_core::pii::{self, DetectOptions, Entity};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::stats;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use wasm_bindgen_test::wasm_bindgen_test;

const PII_PARQUET: &[u8] = include_bytes!("../../../shared/data/parquet/pii.parquet");

/// The sensitive columns of pii.parquet and their entities; `customer_id` and `notes` are not.
const EXPECTED: [(&str, Entity); 5] = [
    ("card", Entity::CreditCard),
    ("contact", Entity::Email),
    ("ip", Entity::IpAddress),
    ("phone", Entity::PhoneNumber),
    ("ssn", Entity::UsaSsn),
];

/// pii.parquet's rows as (column, text) pairs, read with the parquet crate's record API.
fn rows() -> Vec<Vec<(String, String)>> {
    let reader = SerializedFileReader::new(bytes::Bytes::from_static(PII_PARQUET)).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| {
                    let text = match field {
                        Field::Str(s) => s.clone(),
                        Field::Long(n) => n.to_string(),
                        other => panic!("unexpected field {other:?}"),
                    };
                    (name.clone(), text)
                })
                .collect()
        })
        .collect()
}

fn as_csv(rows: &[Vec<(String, String)>]) -> String {
    let header: Vec<&str> = rows[0].iter().map(|(n, _)| n.as_str()).collect();
    let mut out = header.join(",") + "\n";
    for row in rows {
        let cells: Vec<&str> = row.iter().map(|(_, v)| v.as_str()).collect();
        out += &(cells.join(",") + "\n");
    }
    out
}

fn as_json_lines(rows: &[Vec<(String, String)>]) -> String {
    rows.iter()
        .map(|row| {
            let object: serde_json::Map<String, serde_json::Value> = row
                .iter()
                .map(|(n, v)| {
                    let value = if n == "customer_id" {
                        serde_json::Value::from(v.parse::<i64>().unwrap())
                    } else {
                        serde_json::Value::from(v.clone())
                    };
                    (n.clone(), value)
                })
                .collect();
            serde_json::Value::Object(object).to_string() + "\n"
        })
        .collect()
}

/// The rows as an Avro container written by apache-avro's writer (null codec, in blocks of 64 records,
/// so the sampler decodes several blocks), `customer_id` as a long and the rest as nullable strings.
fn as_avro(rows: &[Vec<(String, String)>]) -> Vec<u8> {
    use apache_avro::types::Value;
    let fields: Vec<String> = rows[0]
        .iter()
        .map(|(n, _)| match n.as_str() {
            "customer_id" => format!(r#"{{"name":"{n}","type":"long"}}"#),
            _ => format!(r#"{{"name":"{n}","type":["null","string"]}}"#),
        })
        .collect();
    let schema = apache_avro::Schema::parse_str(&format!(
        r#"{{"type":"record","name":"customer","fields":[{}]}}"#,
        fields.join(",")
    ))
    .unwrap();
    let mut writer = apache_avro::Writer::new(&schema, Vec::new()).unwrap();
    for chunk in rows.chunks(64) {
        for row in chunk {
            let record = row
                .iter()
                .map(|(n, v)| {
                    let value = match n.as_str() {
                        "customer_id" => Value::Long(v.parse().unwrap()),
                        _ => Value::Union(1, Box::new(Value::String(v.clone()))),
                    };
                    (n.clone(), value)
                })
                .collect();
            writer.append_value(Value::Record(record)).unwrap();
        }
        writer.flush().unwrap();
    }
    writer.into_inner().unwrap()
}

fn sample(name: &str, bytes: &[u8]) -> FileSample {
    let source = MemorySource::new(bytes);
    complete_now(sample_file(&source, name, &SampleOptions::default()))
        .unwrap()
        .unwrap()
}

/// The flagged columns and their entities.
fn flagged(file: &FileSample) -> BTreeMap<String, Entity> {
    pii::detect_columns(&file.columns, &DetectOptions::default())
        .into_iter()
        .filter(|(_, d)| d.flagged)
        .map(|(column, d)| (column, d.entity))
        .collect()
}

fn expected() -> BTreeMap<String, Entity> {
    EXPECTED
        .iter()
        .map(|(c, e)| ((*c).to_owned(), *e))
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn pii_parquet_flags_exactly_its_sensitive_columns() {
    let file = sample("pii.parquet", PII_PARQUET);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    assert_eq!(file.columns.len(), 7);
    assert!(file.columns.iter().all(|c| c.len() == 200));
    assert_eq!(flagged(&file), expected());
}

#[wasm_bindgen_test(unsupported = test)]
fn the_same_rows_as_csv_json_and_avro_flag_the_same_columns() {
    let rows = rows();
    assert_eq!(rows.len(), 200);
    let csv = sample("pii.csv", as_csv(&rows).as_bytes());
    assert_eq!(flagged(&csv), expected());
    let json = sample("pii.jsonl", as_json_lines(&rows).as_bytes());
    assert_eq!(flagged(&json), expected());
    let avro = sample("pii.avro", &as_avro(&rows));
    assert!(avro.findings.is_empty(), "{:?}", avro.findings);
    assert!(avro.columns.iter().all(|c| c.len() == 200));
    assert_eq!(flagged(&avro), expected());
}

/// The same rows as ORC (`data/pii/`, written by pyarrow with `write_orc.py` beside them): ORC 0.12
/// (RLE v2, zlib) and 0.11 (RLE v1, uncompressed), strings dictionary-encoded. Both give the very values
/// the Parquet file gives (`ColumnSample` compares values; its `Debug` shows counts only), so both flag
/// the same columns.
#[wasm_bindgen_test(unsupported = test)]
fn the_same_rows_as_orc_sample_the_same_values_and_flag_the_same_columns() {
    let parquet = sample("pii.parquet", PII_PARQUET);
    for (name, bytes) in [
        ("pii.orc", include_bytes!("data/pii/pii.orc").as_slice()),
        (
            "pii_v11.orc",
            include_bytes!("data/pii/pii_v11.orc").as_slice(),
        ),
    ] {
        let orc = sample(name, bytes);
        assert!(orc.findings.is_empty(), "{name}: {:?}", orc.findings);
        assert_eq!(orc.columns, parquet.columns, "{name}");
        assert_eq!(flagged(&orc), expected(), "{name}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn no_sampled_value_leaves_in_parameters_tags_or_export() {
    let file = sample("pii.parquet", PII_PARQUET);
    let detections = pii::detect_columns(&file.columns, &DetectOptions::default());
    let mut table = file
        .table
        .clone()
        .into_table("customers".into(), "sales".into(), None);
    pii::apply_columns(&mut table.storage.columns, &detections);
    let tagged: Vec<&Column> = table
        .storage
        .columns
        .iter()
        .filter(|c| c.tags.contains(pii::PII_TAG))
        .collect();
    assert_eq!(tagged.len(), EXPECTED.len());
    let statistics = column_statistics::update_column_statistics_for_table(
        "sales",
        "customers",
        &stats::compute(&file),
        0,
    );
    let exported = glue::to_json(&glue::create_table(&table)) + &glue::to_json(&statistics);
    let debug = format!("{file:?} {detections:?}");
    for row in rows() {
        for (column, value) in row {
            if column == "customer_id" || value.len() < 3 {
                continue; // numbers such as 7 occur in any text; short words too
            }
            assert!(
                !exported.contains(&value),
                "{value:?} leaked into the export"
            );
            assert!(
                !debug.contains(&value),
                "{value:?} leaked into Debug output"
            );
        }
    }
    assert!(exported.contains("pii:EMAIL"), "{exported}");
    assert!(
        exported.contains("StringColumnStatisticsData"),
        "{exported}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_nested_json_leaf_flags_its_top_level_column() {
    let lines: String = (0..50)
        .map(|i| {
            format!(
                "{{\"id\":{i},\"customer\":{{\"mail\":\"c{i}@example.com\",\"tier\":\"gold\"}},\"ips\":[\"10.0.0.{i}\",\"::1\"]}}\n"
            )
        })
        .collect();
    let file = sample("nested.jsonl", lines.as_bytes());
    let names: Vec<String> = file.columns.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["id", "customer.mail", "customer.tier", "ips"]);
    assert_eq!(
        file.columns[3].len(),
        100,
        "array elements are values of one leaf"
    );
    assert_eq!(
        flagged(&file),
        BTreeMap::from([
            ("customer".to_owned(), Entity::Email),
            ("ips".to_owned(), Entity::IpAddress)
        ])
    );
}

/// Crawls `files` (key, bytes) into one table, detecting at `threshold`.
fn crawl(files: &[(&str, &[u8])], threshold: f64) -> glueprint_core::catalog::Table {
    let mut options = CrawlOptions::new("sales", "customers");
    options.detect = DetectOptions { threshold };
    let mut crawler = Crawler::new(options).unwrap();
    for (key, bytes) in files {
        assert_eq!(
            crawler.consider(key, 1),
            glueprint_core::crawl::Decision::Read
        );
        let source = MemorySource::new(*bytes);
        let sampled = complete_now(sample_file(&source, key, &SampleOptions::default())).unwrap();
        crawler.add_sample(key, bytes.len() as u64, sampled);
    }
    let result = crawler.finish();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.tables.len(), 1);
    result.tables[0].table.clone()
}

fn column<'t>(table: &'t glueprint_core::catalog::Table, name: &str) -> &'t Column {
    table
        .storage
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn a_crawl_detects_on_the_summed_counts_of_its_files() {
    let table = crawl(
        &[
            ("dt=1/a.parquet", PII_PARQUET),
            ("dt=2/b.parquet", PII_PARQUET),
        ],
        pii::DEFAULT_THRESHOLD,
    );
    let contact = column(&table, "contact");
    assert_eq!(contact.parameters[pii::EVIDENCE_PARAMETER], "400/400");
    assert!(contact.tags.contains("pii:EMAIL"));
    assert!(column(&table, "notes").parameters.is_empty());

    // Half of the contacts are e-mail addresses: flagged at 0.5, only reported at 0.6.
    let rows = rows();
    let emails = as_csv(&rows);
    let blanked: Vec<Vec<(String, String)>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|(n, v)| match n.as_str() {
                    "contact" => (n.clone(), "by letter".to_owned()),
                    _ => (n.clone(), v.clone()),
                })
                .collect()
        })
        .collect();
    let letters = as_csv(&blanked);
    let files = [
        ("dt=1/a.csv", emails.as_bytes()),
        ("dt=2/b.csv", letters.as_bytes()),
    ];
    let at_half = crawl(&files, 0.5);
    let contact = column(&at_half, "contact");
    assert_eq!(contact.parameters[pii::SHARE_PARAMETER], "0.50");
    assert!(contact.tags.contains("pii:EMAIL"));
    let stricter = crawl(&files, 0.6);
    let contact = column(&stricter, "contact");
    assert_eq!(contact.parameters[pii::ENTITY_PARAMETER], "EMAIL");
    assert!(!contact.tags.contains(pii::PII_TAG), "{:?}", contact.tags);
}
