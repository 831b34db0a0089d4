//! Golden tests: every Parquet fixture in `../shared/data/parquet/` → the Hive columns the reference
//! mapping (glue.md §3.4) prescribes, written out by hand here, and the crawler's table parameters.
//! Fixtures are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::export::glue;
use glueprint_core::infer::{self, InferredTable, parquet::FOOTER_GUESS};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::{ErrorKind, Result};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::{Recording, columns, owned};

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../shared/data/parquet/", $name)).as_slice(),
        )
    };
}

const FLAT: [(&str, &str); 18] = [
    ("id", "bigint"),
    ("small", "tinyint"),
    ("short", "smallint"),
    ("int", "int"),
    ("uint", "bigint"),
    ("flag", "boolean"),
    ("ratio", "float"),
    ("amount", "double"),
    ("price", "decimal(12,2)"),
    ("big_dec", "decimal(38,10)"),
    ("name", "string"),
    ("day", "date"),
    ("ts_ms", "timestamp"),
    ("ts_us", "timestamp"),
    ("ts_ns", "bigint"),
    ("tod", "bigint"),
    ("blob", "binary"),
    ("maybe", "bigint"),
];

fn infer(bytes: &[u8]) -> Result<InferredTable> {
    complete_now(infer::infer_file(&MemorySource::new(bytes), "fixture")).unwrap()
}

fn with(
    base: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(String, String)> {
    let mut out = base.to_vec();
    for (name, ty) in changes {
        out.iter_mut().find(|(n, _)| n == name).unwrap().1 = ty;
    }
    owned(&out)
}

#[wasm_bindgen_test(unsupported = test)]
fn flat_files_with_every_codec_map_to_the_reference_types() {
    for (name, bytes) in [
        fixture!("flat_none.parquet"),
        fixture!("flat_snappy.parquet"),
        fixture!("flat_gzip.parquet"),
        fixture!("flat_brotli.parquet"),
        fixture!("flat_lz4.parquet"),
        fixture!("flat_zstd.parquet"),
        fixture!("many_row_groups.parquet"),
    ] {
        let table = infer(bytes).unwrap();
        assert_eq!(columns(&table), owned(&FLAT), "{name}");
        assert_eq!(table.parameters["recordCount"], "200", "{name}");
        // Codecs compress pages, not the file: the crawler says "none" (glue.md §2.1).
        assert_eq!(table.parameters["compressionType"], "none", "{name}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn int96_timestamps_are_timestamps() {
    let table = infer(fixture!("flat_int96.parquet").1).unwrap();
    assert_eq!(columns(&table), with(&FLAT, &[("ts_ns", "timestamp")]));
}

#[wasm_bindgen_test(unsupported = test)]
fn parquet_v1_files_use_converted_types() {
    // Format 1.0 has no unsigned 32-bit annotation (pyarrow writes plain INT64) and no nanoseconds.
    let table = infer(fixture!("flat_v1.parquet").1).unwrap();
    assert_eq!(columns(&table), with(&FLAT, &[("ts_ns", "timestamp")]));
}

#[wasm_bindgen_test(unsupported = test)]
fn nested_lists_maps_and_structs() {
    let table = infer(fixture!("nested.parquet").1).unwrap();
    assert_eq!(
        columns(&table),
        owned(&[
            ("id", "bigint"),
            ("tags", "array<string>"),
            (
                "address",
                "struct<street:string,zip:string,geo:struct<lat:double,lon:double>>"
            ),
            ("attrs", "map<string,int>"),
            ("events", "array<struct<kind:string,at:bigint>>"),
            ("matrix", "array<array<bigint>>"),
        ])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn odd_names_are_lower_cased_and_unique_but_not_rewritten() {
    // Parquet is read by name: `weird_name` would read NULLs where `weird name!` reads the data.
    let table = infer(fixture!("odd_names.parquet").1).unwrap();
    assert_eq!(
        columns(&table),
        owned(&[
            ("id", "bigint"),
            ("id_", "bigint"),
            ("weird name!", "string"),
            ("ünïcode", "string")
        ])
    );
    let notes = &table.notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("\"Weird Name!\" is named \"weird name!\" in the catalog")),
        "{notes:?}"
    );
    assert_eq!(
        support::original_names(&table),
        owned(&[("id", "Id"), ("id_", "ID_"), ("weird name!", "Weird Name!")])
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("\"weird name!\" keeps characters") && n.contains("quote it")),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("\"id_\" keeps")),
        "{notes:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pii_and_wide_and_empty_files() {
    let pii = infer(fixture!("pii.parquet").1).unwrap();
    assert_eq!(
        columns(&pii),
        owned(&[
            ("customer_id", "bigint"),
            ("contact", "string"),
            ("phone", "string"),
            ("ssn", "string"),
            ("card", "string"),
            ("ip", "string"),
            ("notes", "string"),
        ])
    );

    let wide = infer(fixture!("wide_500.parquet").1).unwrap();
    let expected: Vec<(String, String)> = (0..500)
        .map(|i| {
            (
                format!("c{i:03}"),
                if i % 2 == 0 { "bigint" } else { "int" }.to_string(),
            )
        })
        .collect();
    assert_eq!(columns(&wide), expected);
    assert_eq!(wide.parameters["recordCount"], "10");

    let empty = infer(fixture!("empty_rows.parquet").1).unwrap();
    assert_eq!(columns(&empty), owned(&FLAT));
    assert_eq!(empty.parameters["recordCount"], "0");
    assert_eq!(empty.parameters["averageRecordSize"], "0");
}

#[wasm_bindgen_test(unsupported = test)]
fn crawler_parameters_describe_the_file() {
    let (_, bytes) = fixture!("pii.parquet");
    let table = infer(bytes).unwrap();
    let expected = [
        ("averageRecordSize", (bytes.len() / 200).to_string()),
        ("classification", "parquet".to_string()),
        ("compressionType", "none".to_string()),
        ("objectCount", "1".to_string()),
        ("recordCount", "200".to_string()),
        ("sizeKey", bytes.len().to_string()),
        ("typeOfData", "file".to_string()),
    ];
    let actual: Vec<(&str, String)> = table
        .parameters
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    assert_eq!(actual, expected);
}

#[wasm_bindgen_test(unsupported = test)]
fn only_the_footer_is_read() {
    // Small footers: one read of the last 64 KiB (or the whole, smaller, file's tail).
    let (_, bytes) = fixture!("nested.parquet");
    let source = Recording::new(bytes);
    complete_now(infer::parquet::infer(&source))
        .unwrap()
        .unwrap();
    let len = bytes.len() as u64;
    assert_eq!(
        *source.reads.borrow(),
        vec![len.saturating_sub(FOOTER_GUESS)..len]
    );

    // A 91 KB footer does not fit the guess: exactly one more read, of exactly the metadata.
    let (_, bytes) = fixture!("wide_500.parquet");
    let len = bytes.len() as u64;
    let metadata_len = u64::from(u32::from_le_bytes(
        bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap(),
    ));
    let source = Recording::new(bytes);
    complete_now(infer::parquet::infer(&source))
        .unwrap()
        .unwrap();
    assert_eq!(
        *source.reads.borrow(),
        vec![len - FOOTER_GUESS..len, len - 8 - metadata_len..len - 8],
        "reads of a {len}-byte file with a {metadata_len}-byte footer"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_file_named_parquet_is_read_from_its_footer_without_a_head_read() {
    // What a remote object costs: the footer reads alone, no separate read of the first 4 bytes.
    for (name, bytes) in [fixture!("nested.parquet"), fixture!("wide_500.parquet")] {
        let direct = Recording::new(bytes);
        complete_now(infer::parquet::infer(&direct))
            .unwrap()
            .unwrap();
        let source = Recording::new(bytes);
        let table = complete_now(infer::infer_file(&source, name))
            .unwrap()
            .unwrap();
        assert_eq!(table.parameters["classification"], "parquet");
        assert_eq!(*source.reads.borrow(), *direct.reads.borrow(), "{name}");
    }
    // The name only orders the reads: Avro and ORC bytes named .parquet are still what they are.
    for (bytes, classification) in [
        (
            include_bytes!("../../../shared/data/orc/nested.orc").as_slice(),
            "orc",
        ),
        (
            include_bytes!("../../../shared/data/avro/orders_null.avro").as_slice(),
            "avro",
        ),
    ] {
        let table = complete_now(infer::infer_file(&MemorySource::new(bytes), "data.parquet"))
            .unwrap()
            .unwrap();
        assert_eq!(table.parameters["classification"], classification);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn files_are_classified_by_content_not_by_name() {
    for (bytes, classification) in [
        (
            include_bytes!("../../../shared/data/parquet/pii.parquet").as_slice(),
            "parquet",
        ),
        (
            include_bytes!("../../../shared/data/orc/nested.orc").as_slice(),
            "orc",
        ),
        (
            include_bytes!("../../../shared/data/avro/orders_null.avro").as_slice(),
            "avro",
        ),
    ] {
        let table = infer(bytes).unwrap();
        assert_eq!(table.parameters["classification"], classification);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn create_table_payload_matches_the_golden_file() {
    let table = infer(fixture!("nested.parquet").1).unwrap().into_table(
        "nested".into(),
        "sales".into(),
        Some("s3://my-bucket/nested/".into()),
    );
    let json = glue::to_json(&glue::create_table(&table));
    assert_eq!(json, include_str!("data/nested.create_table.json"));
}

#[wasm_bindgen_test(unsupported = test)]
fn broken_footers_are_typed_errors() {
    let (_, good) = fixture!("nested.parquet");
    let cases: Vec<(&str, Vec<u8>, ErrorKind, &str)> = vec![
        ("empty", Vec::new(), ErrorKind::Malformed, "at least 12"),
        (
            "no magic",
            [&good[..good.len() - 4], b"XXXX"].concat(),
            ErrorKind::Malformed,
            "PAR1",
        ),
        (
            "encrypted footer",
            [&good[..good.len() - 4], b"PARE"].concat(),
            ErrorKind::Unsupported,
            "encrypted",
        ),
        (
            "footer longer than the file",
            [
                &good[..good.len() - 8],
                &u32::MAX.to_le_bytes()[..],
                b"PAR1",
            ]
            .concat(),
            ErrorKind::Malformed,
            "claims 4294967295 bytes",
        ),
        (
            "garbage metadata",
            [
                b"PAR1".as_slice(),
                &[0xff; 64],
                &64u32.to_le_bytes(),
                b"PAR1",
            ]
            .concat(),
            ErrorKind::Malformed,
            "corrupt",
        ),
    ];
    for (what, bytes, kind, needle) in cases {
        let err = complete_now(infer::parquet::infer(&MemorySource::new(bytes)))
            .unwrap()
            .expect_err(what);
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(err.message().contains(needle), "{what}: {err}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn create_database_payload_matches_the_golden_file() {
    use glueprint_core::catalog::Database;
    let mut database = Database::named("sales");
    database.description = Some("Orders and customers, crawled by Glueprint".into());
    database.location_uri = Some("s3://my-bucket/sales/".into());
    let json = glue::to_json(&glue::create_database(&database));
    // The golden file is also checked against the Glue API model by scripts/test (glue_validate.py).
    assert_eq!(json, include_str!("data/sales.create_database.json"));
}
