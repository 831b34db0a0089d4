//! Avro: golden tests for every fixture in `../shared/data/avro/` (one per codec) against the reference
//! mapping (glue.md §3.5), written out by hand; hand-built container files for the mapping rules, the
//! read bounds and every kind of damage; and (native only) the Apache test files against fastavro.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::ops::Range;

use glueprint_core::infer::InferredTable;
use glueprint_core::infer::avro::{
    self, HEADER_GUESS, MAX_BLOCK_READS, MAX_HEADER_LEN, PROBE_LEN, WHOLE_FILE_LEN,
};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::{ErrorKind, Result};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::{Recording, columns, owned};

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../shared/data/avro/", $name)).as_slice(),
        )
    };
}

const ORDERS: [(&str, &str); 13] = [
    ("id", "bigint"),
    ("customer", "string"),
    ("status", "string"),
    ("amount", "decimal(10,2)"),
    ("placed_at", "timestamp"),
    ("placed_on", "date"),
    ("ref", "string"),
    ("checksum", "binary"),
    ("lines", "array<struct<sku:string,qty:int,unit:float>>"),
    ("meta", "map<string,string>"),
    ("either", "uniontype<int,string>"),
    ("score", "double"),
    ("ok", "boolean"),
];

/// The writer schema of the `orders_*` fixtures, as the file holds it (with spaces).
const ORDERS_SCHEMA: &str = r#"{"type": "record", "doc": "An order <b>with</b> markup", "name": "com.example.sales.Order", "fields": [{"name": "id", "type": "long"}, {"default": null, "name": "customer", "type": ["null", "string"]}, {"name": "status", "type": {"type": "enum", "name": "com.example.sales.Status", "symbols": ["NEW", "PAID", "SHIPPED"]}}, {"name": "amount", "type": {"logicalType": "decimal", "precision": 10, "scale": 2, "type": "bytes"}}, {"name": "placed_at", "type": {"logicalType": "timestamp-millis", "type": "long"}}, {"name": "placed_on", "type": {"logicalType": "date", "type": "int"}}, {"name": "ref", "type": {"logicalType": "uuid", "type": "string"}}, {"name": "checksum", "type": {"type": "fixed", "name": "com.example.sales.MD5", "size": 16}}, {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "com.example.sales.Line", "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}, {"name": "unit", "type": "float"}]}}}, {"name": "meta", "type": {"type": "map", "values": "string"}}, {"name": "either", "type": ["int", "string"]}, {"name": "score", "type": "double"}, {"name": "ok", "type": "boolean"}]}"#;

fn infer(bytes: &[u8]) -> Result<InferredTable> {
    complete_now(avro::infer(&MemorySource::new(bytes))).unwrap()
}

fn infer_recorded(bytes: &[u8]) -> (Result<InferredTable>, Vec<Range<u64>>) {
    let source = Recording::new(bytes);
    let result = complete_now(avro::infer(&source)).unwrap();
    let reads = source.reads.borrow().clone();
    (result, reads)
}

// ---------------------------------------------------------------------------------------------
// A minimal container writer: the header and blocks of arbitrary bytes (inference never decodes them).
// ---------------------------------------------------------------------------------------------

const SYNC: [u8; 16] = *b"0123456789abcdef";

fn long(v: i64) -> Vec<u8> {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    let mut out = Vec::new();
    loop {
        let byte = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn string(s: &[u8]) -> Vec<u8> {
    [long(s.len() as i64), s.to_vec()].concat()
}

/// Magic, the metadata entries in one block, and the sync marker.
fn header(meta: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = b"Obj\x01".to_vec();
    if !meta.is_empty() {
        out.extend(long(meta.len() as i64));
        for (k, v) in meta {
            out.extend(string(k.as_bytes()));
            out.extend(string(v));
        }
    }
    out.extend(long(0));
    out.extend(SYNC);
    out
}

/// `header` plus blocks of (record count, byte size) with filler bytes.
fn container(schema: &str, blocks: &[(i64, usize)]) -> Vec<u8> {
    let mut out = header(&[("avro.codec", b"null"), ("avro.schema", schema.as_bytes())]);
    for &(count, size) in blocks {
        out.extend(long(count));
        out.extend(long(size as i64));
        out.extend(std::iter::repeat_n(0xa5, size));
        out.extend(SYNC);
    }
    out
}

fn record(fields: &str) -> String {
    format!(r#"{{"type":"record","name":"r","fields":[{fields}]}}"#)
}

fn field_types(fields: &str) -> Vec<(String, String)> {
    columns(&infer(&container(&record(fields), &[(1, 1)])).unwrap())
}

fn error(bytes: &[u8]) -> glueprint_core::Error {
    infer(bytes).expect_err("should be refused")
}

// ---------------------------------------------------------------------------------------------
// The fixtures
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn orders_with_every_codec_map_to_the_reference_types() {
    for ((name, bytes), codec) in [
        (fixture!("orders_null.avro"), "null"),
        (fixture!("orders_deflate.avro"), "deflate"),
        (fixture!("orders_snappy.avro"), "snappy"),
        (fixture!("orders_zstandard.avro"), "zstandard"),
        (fixture!("orders_bzip2.avro"), "bzip2"),
        (fixture!("orders_xz.avro"), "xz"),
    ] {
        let (table, reads) = infer_recorded(bytes);
        let table = table.unwrap();
        assert_eq!(columns(&table), owned(&ORDERS), "{name}");
        let len = bytes.len() as u64;
        // Small files are read once, whole, and their records counted exactly.
        assert_eq!(reads, vec![0..len], "{name}");
        let expected = [
            ("averageRecordSize", (len / 200).to_string()),
            (
                "avro.schema.literal",
                ORDERS_SCHEMA.replace(", ", ",").replace(": ", ":"),
            ),
            ("classification", "avro".to_string()),
            ("compressionType", "none".to_string()),
            ("objectCount", "1".to_string()),
            ("recordCount", "200".to_string()),
            ("sizeKey", len.to_string()),
            ("typeOfData", "file".to_string()),
        ];
        let actual: Vec<(&str, String)> = table
            .parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        assert_eq!(actual, expected, "{name}");
        let literal = &table.parameters["avro.schema.literal"];
        let parsed: serde_json::Value = serde_json::from_str(literal).unwrap();
        assert_eq!(
            parsed,
            serde_json::from_str::<serde_json::Value>(ORDERS_SCHEMA).unwrap()
        );
        assert_eq!(
            table.format.serde.parameters["avro.schema.literal"], *literal,
            "{name}"
        );
        assert_eq!(
            table.format.serde.serialization_library,
            "org.apache.hadoop.hive.serde2.avro.AvroSerDe"
        );
        assert!(
            table.notes.iter().any(|n| n.contains(codec)),
            "{name}: {:?}",
            table.notes
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn create_table_payload_carries_the_schema_literal() {
    use glueprint_core::export::glue;
    let table = infer(fixture!("orders_snappy.avro").1).unwrap().into_table(
        "orders".into(),
        "sales".into(),
        Some("s3://my-bucket/orders/".into()),
    );
    let json: serde_json::Value =
        serde_json::from_str(&glue::to_json(&glue::create_table(&table))).unwrap();
    let input = &json["TableInput"];
    assert_eq!(input["Parameters"]["classification"], "avro");
    let literal = input["Parameters"]["avro.schema.literal"].as_str().unwrap();
    assert!(!literal.contains('\n') && !literal.contains(": "));
    let sd = &input["StorageDescriptor"];
    assert_eq!(sd["Parameters"]["avro.schema.literal"], literal);
    assert_eq!(
        sd["SerdeInfo"]["Parameters"]["avro.schema.literal"],
        literal
    );
    assert_eq!(
        sd["InputFormat"],
        "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat"
    );
    assert_eq!(sd["Columns"][10]["Type"], "uniontype<int,string>");
}

// ---------------------------------------------------------------------------------------------
// Mapping rules on hand-built schemas
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn primitives_and_logical_types() {
    let fields = [
        r#"{"name":"n","type":"null"}"#,
        r#"{"name":"b","type":"boolean"}"#,
        r#"{"name":"i","type":"int"}"#,
        r#"{"name":"l","type":"long"}"#,
        r#"{"name":"f","type":"float"}"#,
        r#"{"name":"d","type":"double"}"#,
        r#"{"name":"by","type":"bytes"}"#,
        r#"{"name":"s","type":"string"}"#,
        r#"{"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":38}}"#,
        r#"{"name":"wide","type":{"type":"bytes","logicalType":"decimal","precision":39,"scale":2}}"#,
        r#"{"name":"fixdec","type":{"type":"fixed","name":"fd","size":8,"logicalType":"decimal","precision":18,"scale":4}}"#,
        r#"{"name":"bigdec","type":{"type":"bytes","logicalType":"big-decimal"}}"#,
        r#"{"name":"day","type":{"type":"int","logicalType":"date"}}"#,
        r#"{"name":"tm","type":{"type":"int","logicalType":"time-millis"}}"#,
        r#"{"name":"tu","type":{"type":"long","logicalType":"time-micros"}}"#,
        r#"{"name":"tsm","type":{"type":"long","logicalType":"timestamp-millis"}}"#,
        r#"{"name":"tsu","type":{"type":"long","logicalType":"timestamp-micros"}}"#,
        r#"{"name":"tsn","type":{"type":"long","logicalType":"timestamp-nanos"}}"#,
        r#"{"name":"ltm","type":{"type":"long","logicalType":"local-timestamp-millis"}}"#,
        r#"{"name":"ltu","type":{"type":"long","logicalType":"local-timestamp-micros"}}"#,
        r#"{"name":"ltn","type":{"type":"long","logicalType":"local-timestamp-nanos"}}"#,
        r#"{"name":"u","type":{"type":"string","logicalType":"uuid"}}"#,
        r#"{"name":"uf","type":{"type":"fixed","name":"uf16","size":16,"logicalType":"uuid"}}"#,
        r#"{"name":"dur","type":{"type":"fixed","name":"dur12","size":12,"logicalType":"duration"}}"#,
        r#"{"name":"unknown_logical","type":{"type":"int","logicalType":"color"}}"#,
        r#"{"name":"bad_decimal","type":{"type":"bytes","logicalType":"decimal","precision":2,"scale":3}}"#,
    ];
    assert_eq!(
        field_types(&fields.join(",")),
        owned(&[
            ("n", "void"),
            ("b", "boolean"),
            ("i", "int"),
            ("l", "bigint"),
            ("f", "float"),
            ("d", "double"),
            ("by", "binary"),
            ("s", "string"),
            ("dec", "decimal(38,38)"),
            ("wide", "string"),
            ("fixdec", "decimal(18,4)"),
            ("bigdec", "string"),
            ("day", "date"),
            ("tm", "int"),
            ("tu", "bigint"),
            ("tsm", "timestamp"),
            ("tsu", "timestamp"),
            ("tsn", "bigint"),
            ("ltm", "timestamp"),
            ("ltu", "timestamp"),
            ("ltn", "bigint"),
            ("u", "string"),
            ("uf", "binary"),
            ("dur", "binary"),
            // Unknown or invalid logical types are ignored, as the specification asks.
            ("unknown_logical", "int"),
            ("bad_decimal", "binary"),
        ])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn complex_types_unions_and_names() {
    let fields = [
        r#"{"name":"Opt","type":["null","long"]}"#,
        r#"{"name":"opt_last","type":["string","null"]}"#,
        r#"{"name":"only_null","type":["null"]}"#,
        r#"{"name":"multi","type":["null","int",{"type":"array","items":"string"}]}"#,
        r#"{"name":"e","type":{"type":"enum","name":"E","symbols":["A"]}}"#,
        r#"{"name":"fx","type":{"type":"fixed","name":"F","size":3}}"#,
        r#"{"name":"m","type":{"type":"map","values":{"type":"array","items":["null","double"]}}}"#,
        r#"{"name":"Weird_Name","type":{"type":"record","name":"Inner","namespace":"x.y","fields":[{"name":"_Uni__","type":"int"},{"name":"ID","type":"int"},{"name":"id","type":{"type":"enum","name":"E2","symbols":["B"]}}]}}"#,
        // A named type used again by name is expanded again (Hive has no named types).
        r#"{"name":"again","type":"x.y.Inner"}"#,
        r#"{"name":"fx2","type":"F"}"#,
        r#"{"name":"weird_name","type":"int"}"#,
    ];
    let inner = "struct<_uni__:int,id:int,id_2:string>";
    assert_eq!(
        field_types(&fields.join(",")),
        owned(&[
            ("opt", "bigint"),
            ("opt_last", "string"),
            ("only_null", "void"),
            ("multi", "uniontype<int,array<string>>"),
            ("e", "string"),
            ("fx", "binary"),
            ("m", "map<string,array<double>>"),
            ("weird_name", inner),
            ("again", inner),
            ("fx2", "binary"),
            ("weird_name_2", "int"),
        ])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn what_hive_cannot_express_is_unsupported() {
    let cases = [
        (
            r#"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}"#,
            "Node",
        ),
        (
            r#"{"type":"record","name":"a.Tree","fields":[{"name":"kids","type":{"type":"array","items":{"type":"record","name":"Kid","fields":[{"name":"t","type":"Tree"}]}}}]}"#,
            "a.Tree",
        ),
        (r#""int""#, "not a record"),
        (
            r#"["null",{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}]"#,
            "not a record",
        ),
        (
            &record(r#"{"name":"e","type":{"type":"record","name":"Empty","fields":[]}}"#),
            "Empty",
        ),
        (&record(r#"{"name":"u","type":[]}"#), "empty union"),
    ];
    for (schema, needle) in cases {
        let err = error(&container(schema, &[]));
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{schema}: {err}");
        assert!(err.message().contains(needle), "{schema}: {err}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn depth_and_size_are_bounded() {
    // 101 nested arrays: deeper than MAX_DEPTH but within serde_json's nesting limit.
    let mut t = r#""int""#.to_string();
    for _ in 0..101 {
        t = format!(r#"{{"type":"array","items":{t}}}"#);
    }
    let err = error(&container(
        &record(&format!(r#"{{"name":"a","type":{t}}}"#)),
        &[],
    ));
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");

    // JSON nested beyond serde_json's limit.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let err = error(&container(&deep, &[]));
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");

    // Each record uses the previous one twice: 2^30 nodes from a schema of 30 records.
    let mut fields =
        r#"{"name":"a","type":{"type":"record","name":"R0","fields":[{"name":"x","type":"int"}]}}"#
            .to_string();
    for i in 1..30 {
        fields = format!(
            r#"{{"name":"a","type":{{"type":"record","name":"R{i}","fields":[{fields},{{"name":"b","type":"R{}"}}]}}}}"#,
            i - 1
        );
    }
    let err = error(&container(&record(&fields), &[]));
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn an_empty_top_level_record_has_no_columns() {
    let table = infer(&container(&record(""), &[])).unwrap();
    assert!(table.columns.is_empty());
    assert_eq!(table.parameters["recordCount"], "0");
    assert!(table.notes.iter().any(|n| n.contains("no fields")));
}

// ---------------------------------------------------------------------------------------------
// Container format: counts, codecs, bounds
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn records_are_counted_from_block_headers() {
    let schema = record(r#"{"name":"a","type":"int"}"#);
    let table = infer(&container(&schema, &[(3, 10), (0, 0), (1000, 7), (2, 0)])).unwrap();
    assert_eq!(table.parameters["recordCount"], "1005");

    // No blocks: zero records.
    let bytes = container(&schema, &[]);
    let table = infer(&bytes).unwrap();
    assert_eq!(table.parameters["recordCount"], "0");
    assert_eq!(table.parameters["averageRecordSize"], "0");

    // Metadata in a block with a byte size (negative count), no codec (means null), other keys ignored.
    let mut bytes = b"Obj\x01".to_vec();
    let entries = [
        string(b"user.key"),
        string(&[0xff, 0x00]),
        string(b"avro.schema"),
        string(schema.as_bytes()),
    ]
    .concat();
    bytes.extend(long(-2));
    bytes.extend(long(entries.len() as i64));
    bytes.extend(entries);
    bytes.extend(long(0));
    bytes.extend(SYNC);
    let table = infer(&bytes).unwrap();
    assert_eq!(table.parameters["recordCount"], "0");
    assert!(
        table.notes.iter().any(|n| n.contains("null")),
        "{:?}",
        table.notes
    );

    // An unknown codec still gives the schema, with a warning.
    let bytes = header(&[("avro.codec", b"lzma9"), ("avro.schema", schema.as_bytes())]);
    let table = infer(&bytes).unwrap();
    assert!(
        table.notes.iter().any(|n| n.contains("lzma9")),
        "{:?}",
        table.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn large_files_read_the_header_then_one_probe_per_block() {
    let schema = record(r#"{"name":"a","type":"bytes"}"#);
    // 2 MiB in 20 blocks of 100 KiB: the first read holds the header and the first block's header.
    let block = 100 * 1024;
    let bytes = container(&schema, &vec![(10, block); 20]);
    let len = bytes.len() as u64;
    assert!(len > WHOLE_FILE_LEN);
    let (table, reads) = infer_recorded(&bytes);
    let table = table.unwrap();
    assert_eq!(table.parameters["recordCount"], "200");
    assert_eq!(reads[0], 0..HEADER_GUESS);
    assert_eq!(reads.len(), 1 + 20, "{reads:?}");
    for r in &reads[1..] {
        assert!(r.end - r.start <= PROBE_LEN, "{r:?}");
    }
    assert_eq!(reads.last().unwrap().end, len);

    // 4,000 blocks of 1 KiB (1,043 bytes with their headers and sync markers: about 62 in the first
    // read and 4 in each probe): counting stops after the read budget, the count is unknown, and a note says so.
    let bytes = container(&schema, &vec![(1, 1024); 4000]);
    let (table, reads) = infer_recorded(&bytes);
    let table = table.unwrap();
    assert!(!table.parameters.contains_key("recordCount"));
    assert!(!table.parameters.contains_key("averageRecordSize"));
    assert_eq!(reads.len(), 1 + MAX_BLOCK_READS);
    let note = table
        .notes
        .iter()
        .find(|n| n.contains("Record count unknown"))
        .unwrap();
    assert!(note.contains("counted 318 records"), "{note}");
}

#[wasm_bindgen_test(unsupported = test)]
fn long_headers_are_read_in_growing_steps_up_to_a_cap() {
    // A 300 KB schema (a long doc string) in a 2 MiB file: a second read covers it.
    let doc = "x".repeat(300_000);
    let schema = format!(
        r#"{{"type":"record","name":"r","doc":"{doc}","fields":[{{"name":"a","type":"int"}}]}}"#
    );
    let bytes = container(&schema, &[(5, 1_800_000)]);
    let (table, reads) = infer_recorded(&bytes);
    let table = table.unwrap();
    assert_eq!(table.parameters["recordCount"], "5");
    assert_eq!(reads.len(), 3, "{reads:?}");
    assert_eq!(reads[0], 0..HEADER_GUESS);
    assert_eq!(reads[1].start, HEADER_GUESS);
    assert!(
        reads[1].end > 300_000 && reads[1].end < 500_000,
        "{reads:?}"
    );

    // A metadata value claiming more than the cap in a large file: refused before reading it.
    let mut bytes = b"Obj\x01".to_vec();
    bytes.extend(long(1));
    bytes.extend(string(b"avro.schema"));
    bytes.extend(long(MAX_HEADER_LEN as i64 + 1));
    bytes.resize(2 * 1024 * 1024, b' ');
    let (err, reads) = infer_recorded(&bytes);
    assert_eq!(err.unwrap_err().kind(), ErrorKind::TooLarge);
    assert_eq!(reads, vec![0..HEADER_GUESS]);

    // The same claim in a small file is a truncation.
    bytes.truncate(1000);
    assert_eq!(error(&bytes).kind(), ErrorKind::Malformed);
}

#[wasm_bindgen_test(unsupported = test)]
fn every_truncation_is_a_typed_error_or_a_shorter_valid_file() {
    let (_, good) = fixture!("orders_null.avro");
    let header_len = {
        // The header ends where the first block starts: right after the first sync marker.
        let sync_at = good.len() - 16;
        let sync = &good[sync_at..];
        good.windows(16).position(|w| w == sync).unwrap() + 16
    };
    let lengths: Vec<usize> = (0..200).chain((200..good.len()).step_by(61)).collect();
    for len in lengths {
        match infer(&good[..len]) {
            Ok(table) => assert!(len >= header_len, "{len}: {:?}", columns(&table)),
            Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed, "{len}: {e}"),
        }
    }
    // Cut exactly after the header: a valid file without records.
    let table = infer(&good[..header_len]).unwrap();
    assert_eq!(table.parameters["recordCount"], "0");
    // Cut inside a block: the message gives the block's offset.
    let err = error(&good[..good.len() - 1]);
    assert!(err.message().contains("at byte"), "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn every_corrupted_header_byte_is_a_typed_error_or_still_a_table() {
    let (_, good) = fixture!("orders_deflate.avro");
    for at in 0..good.len().min(3000) {
        for flip in [0x01, 0xff] {
            let mut bytes = good.to_vec();
            bytes[at] ^= flip;
            if let Err(e) = infer(&bytes) {
                assert!(
                    matches!(
                        e.kind(),
                        ErrorKind::Malformed | ErrorKind::Unsupported | ErrorKind::TooLarge
                    ),
                    "byte {at} ^ {flip:#x}: {e}"
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn damaged_headers_and_blocks_are_typed_errors() {
    let schema = record(r#"{"name":"a","type":"int"}"#);
    let good = container(&schema, &[(2, 4)]);
    let block_at = good.len() - (1 + 1 + 4 + 16);
    let overlong = [0x80u8; 11];
    let sync_needle = format!("block at byte {block_at}");
    let cases: Vec<(&str, Vec<u8>, ErrorKind, &str)> = vec![
        ("empty", Vec::new(), ErrorKind::Malformed, "header"),
        (
            "bad magic",
            [b"Obj\x02".as_slice(), &good[4..]].concat(),
            ErrorKind::Malformed,
            "Obj",
        ),
        (
            "parquet",
            b"PAR1\x15\x00".to_vec(),
            ErrorKind::Malformed,
            "50 41 52 31",
        ),
        (
            "overlong count varint",
            [b"Obj\x01".as_slice(), &overlong].concat(),
            ErrorKind::Malformed,
            "at byte 4",
        ),
        (
            "negative metadata block size",
            [b"Obj\x01".as_slice(), &long(-1), &long(-5)].concat(),
            ErrorKind::Malformed,
            "negative size",
        ),
        (
            "negative key length",
            [b"Obj\x01".as_slice(), &long(1), &long(-3)].concat(),
            ErrorKind::Malformed,
            "negative length",
        ),
        (
            "huge key length",
            [b"Obj\x01".as_slice(), &long(1), &long(i64::MAX)].concat(),
            ErrorKind::Malformed,
            "header",
        ),
        (
            "huge entry count",
            [b"Obj\x01".as_slice(), &long(i64::MIN)].concat(),
            ErrorKind::TooLarge,
            "entries",
        ),
        (
            "no schema",
            header(&[("avro.codec", b"null")]),
            ErrorKind::Malformed,
            "avro.schema",
        ),
        (
            "schema not UTF-8",
            header(&[("avro.schema", &[0xff, 0xfe])]),
            ErrorKind::Malformed,
            "UTF-8",
        ),
        (
            "schema not JSON",
            container("{\"type\":", &[]),
            ErrorKind::Malformed,
            "JSON",
        ),
        (
            "schema not Avro",
            container(r#"{"type":"wat"}"#, &[]),
            ErrorKind::Malformed,
            "Avro schema",
        ),
        (
            "field name outside the specification's alphabet",
            container(&record(r#"{"name":"a b","type":"int"}"#), &[]),
            ErrorKind::Malformed,
            "a b",
        ),
        (
            "undefined type name",
            container(&record(r#"{"name":"a","type":"Nope"}"#), &[]),
            ErrorKind::Malformed,
            "Nope",
        ),
        (
            "wrong sync marker",
            [&good[..good.len() - 1], b"X"].concat(),
            ErrorKind::Malformed,
            &sync_needle,
        ),
        (
            "negative block count",
            [&good[..block_at], &long(-2), &good[block_at + 1..]].concat(),
            ErrorKind::Malformed,
            "negative record count",
        ),
        (
            "block size past the end",
            [&good[..block_at], &long(2), &long(1 << 40)].concat(),
            ErrorKind::Malformed,
            "past the end",
        ),
        (
            "overlong block varint",
            [&good[..block_at], &overlong].concat(),
            ErrorKind::Malformed,
            "not a valid varint",
        ),
        (
            "trailing garbage",
            [&good[..], &[0x02]].concat(),
            ErrorKind::Malformed,
            "ends inside",
        ),
    ];
    for (what, bytes, kind, needle) in cases {
        let err = error(&bytes);
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(err.message().contains(needle), "{what}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Files nobody here wrote (native only: read from disk by directory walk)
// ---------------------------------------------------------------------------------------------

/// Files fastavro refuses but whose schema Glueprint reads, on purpose: `syncInMeta.avro` (from Apache
/// Avro's own test suite) carries binary metadata values, which fastavro decodes as UTF-8 text and the
/// Avro specification does not (metadata values are `bytes`); its `avro.schema` is sound.
#[cfg(not(target_arch = "wasm32"))]
const LENIENT: &[&str] = &["avro/share/test/data/syncInMeta.avro"];

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn external_avro_files_match_fastavro() {
    use glueprint_core::names;
    use glueprint_core::source::FileSource;

    let cases =
        crate::support::oracle_cases(include_str!("data/external_avro_columns.json"), |p| {
            p.extension().is_some_and(|e| e == "avro")
        });

    let (mut matched, mut refused, mut lenient) = (0, 0, 0);
    for case in cases {
        let columns = case.columns();
        let crate::support::OracleCase { rel, path, want } = &case;
        let got = FileSource::open(path).and_then(|s| complete_now(avro::infer(&s)).unwrap());
        match (got, columns) {
            (Ok(table), Some(raw)) => {
                let got: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(got, names::column_names(raw), "{rel}");
                matched += 1;
            }
            (Err(e), None) => {
                assert!(
                    matches!(e.kind(), ErrorKind::Malformed | ErrorKind::Unsupported),
                    "{rel}: {e}"
                );
                refused += 1;
            }
            (Ok(_), None) => {
                assert!(
                    LENIENT.contains(&rel.as_str()),
                    "{rel}: fastavro refuses it: {want}"
                );
                lenient += 1;
            }
            (Err(e), Some(_)) => panic!("{rel}: fastavro reads it but Glueprint says {e}"),
        }
    }
    assert!(matched >= 35, "only {matched} matched");
    eprintln!("external Avro: {matched} matched fastavro, {refused} refused, {lenient} lenient");
}
