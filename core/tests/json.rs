//! Golden tests: every JSON fixture in `../shared/data/json/` → the Hive columns glue.md §3.3 prescribes,
//! written out by hand here after reading each file, plus the crawler's parameters and SerDe. Fixtures are
//! compiled in, so these tests also run on wasm32 (where the stack is small: the depth bomb matters there).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::ErrorKind;
use glueprint_core::export::glue;
use glueprint_core::infer::InferredTable;
use glueprint_core::infer::json::{SERDE, infer_sample};
use glueprint_core::infer::sample::{Compression, Sample};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::{columns, owned};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../shared/data/json/", $name)).as_slice()
    };
}

fn sample(bytes: &[u8]) -> Sample {
    Sample {
        bytes: bytes.to_vec(),
        truncated: false,
        compression: Compression::None,
        stored_len: bytes.len() as u64,
    }
}

fn infer(bytes: &[u8]) -> InferredTable {
    infer_sample(&sample(bytes)).unwrap()
}

const RECORDS: [(&str, &str); 5] = [
    ("id", "int"),
    ("user", "struct<name:string,age:int,emails:array<string>>"),
    ("score", "double"),
    ("ok", "boolean"),
    ("extra", "struct<nested:struct<deep:array<int>>>"),
];

#[wasm_bindgen_test(unsupported = test)]
fn json_lines_records() {
    let bytes = fixture!("records.jsonl");
    let table = infer(bytes);
    assert_eq!(columns(&table), owned(&RECORDS));
    let p = &table.parameters;
    assert_eq!(p["classification"], "json");
    assert_eq!(p["compressionType"], "none");
    assert_eq!(p["recordCount"], "200");
    assert_eq!(p["sizeKey"], bytes.len().to_string());
    assert_eq!(
        p["averageRecordSize"],
        (bytes.len() as u64 / 200).to_string()
    );
    assert_eq!(table.format.serde.serialization_library, SERDE);
    assert_eq!(
        table.format.serde.parameters["paths"],
        "id,user,score,ok,extra"
    );
    assert_eq!(table.format.serde.parameters.len(), 1);
    assert_eq!(
        table.format.input_format,
        "org.apache.hadoop.mapred.TextInputFormat"
    );
    assert_eq!(
        table.format.output_format,
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    );
    assert!(table.notes.is_empty(), "{:?}", table.notes);
}

#[wasm_bindgen_test(unsupported = test)]
fn top_level_array_is_one_row_per_element() {
    let table = infer(fixture!("array.json"));
    assert_eq!(columns(&table), owned(&RECORDS));
    assert_eq!(table.parameters["recordCount"], "200");
    assert!(
        table.notes.iter().any(|n| n.contains("$[*]")),
        "{:?}",
        table.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn big_integers() {
    let table = infer(fixture!("big_ints.jsonl"));
    assert_eq!(
        columns(&table),
        owned(&[("small", "int"), ("big", "bigint"), ("huge", "double")])
    );
    assert_eq!(table.parameters["recordCount"], "200");
    assert_eq!(table.notes.len(), 1, "{:?}", table.notes);
    assert!(table.notes[0].contains("`huge`"));
    assert!(table.notes[0].contains("record 1"));
}

#[wasm_bindgen_test(unsupported = test)]
fn conflicting_types_widen_to_string_with_notes() {
    let table = infer(fixture!("conflicting.jsonl"));
    assert_eq!(columns(&table), owned(&[("k", "string"), ("v", "string")]));
    assert_eq!(table.notes.len(), 2, "{:?}", table.notes);
    assert!(table.notes[0].contains("`k`") && table.notes[0].contains("record 2 (line 2)"));
    assert!(table.notes[1].contains("`v`") && table.notes[1].contains("record 2 (line 2)"));
    assert!(table.notes[1].contains("an object") && table.notes[1].contains("an array"));
}

#[wasm_bindgen_test(unsupported = test)]
fn merging_rules() {
    let table = infer(
        br#"{"a": 1, "b": 1, "c": null, "d": [], "e": {"x": 1}, "f": [1]}

{"a": 5000000000, "b": 1.5, "e": {"y": "s"}, "f": [2.5, 3], "g": {}}
{"a": null, "c": null, "e": {"x": 2}, "f": ["t"]}
"#,
    );
    assert_eq!(
        columns(&table),
        owned(&[
            ("a", "bigint"),
            ("b", "double"),
            ("c", "string"),
            ("d", "array<string>"),
            ("e", "struct<x:int,y:string>"),
            ("f", "array<string>"),
            ("g", "string"),
        ])
    );
    assert_eq!(table.parameters["recordCount"], "3");
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.contains("`f[]`") && n.contains("record 3 (line 4)")),
        "{:?}",
        table.notes
    );
    assert!(table.notes.iter().any(|n| n.contains("`c`")));
}

#[wasm_bindgen_test(unsupported = test)]
fn single_object_and_names() {
    let table = infer(
        br#"{
  "Weird Name!": 1,
  "Nested": {"Inner Key": true, "ok": "x"}
}"#,
    );
    assert_eq!(
        columns(&table),
        owned(&[
            ("weird_name", "int"),
            ("nested", "struct<inner_key:boolean,ok:string>")
        ])
    );
    let serde = &table.format.serde.parameters;
    assert_eq!(serde["paths"], "weird_name,nested");
    assert_eq!(serde["mapping.weird_name"], "Weird Name!");
    assert!(!serde.contains_key("mapping.nested"));
    assert_eq!(
        support::original_names(&table),
        owned(&[("weird_name", "Weird Name!"), ("nested", "Nested")])
    );
    assert!(!serde.contains_key("case.insensitive"));
    assert_eq!(table.parameters["recordCount"], "1");
}

#[wasm_bindgen_test(unsupported = test)]
fn keys_colliding_after_lower_casing_get_case_sensitive_mappings() {
    let table = infer(b"{\"Id\": 1, \"id\": \"a\"}\n");
    assert_eq!(columns(&table), owned(&[("id", "int"), ("id_2", "string")]));
    let serde = &table.format.serde.parameters;
    assert_eq!(serde["case.insensitive"], "FALSE");
    assert_eq!(serde["mapping.id"], "Id");
    assert_eq!(serde["mapping.id_2"], "id");
    assert_eq!(serde["paths"], "id,id_2");
    assert!(table.notes.iter().any(|n| n.contains("case.insensitive")));
}

#[wasm_bindgen_test(unsupported = test)]
fn compression_goes_to_the_parameters() {
    let mut s = sample(fixture!("records.jsonl"));
    s.compression = Compression::Gzip;
    s.stored_len = 2698;
    let table = infer_sample(&s).unwrap();
    assert_eq!(table.parameters["compressionType"], "gzip");
    assert_eq!(table.parameters["sizeKey"], "2698");
    assert_eq!(table.parameters["averageRecordSize"], "13");
}

#[wasm_bindgen_test(unsupported = test)]
fn truncated_json_lines_drop_the_partial_line() {
    let bytes = fixture!("records.jsonl");
    // Cut in the middle of the fourth line.
    let third_end = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .unwrap()
        .0;
    let mut s = sample(&bytes[..third_end + 30]);
    s.truncated = true;
    let table = infer_sample(&s).unwrap();
    // Records 0..=2 have no `extra`... record 0 has it.
    assert_eq!(columns(&table), owned(&RECORDS));
    assert!(!table.parameters.contains_key("recordCount"));
    assert!(!table.parameters.contains_key("averageRecordSize"));
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.contains("3 complete records") && n.contains("partial record")),
        "{:?}",
        table.notes
    );

    // The same bytes without the truncated flag are broken JSON.
    s.truncated = false;
    let err = infer_sample(&s).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("line 4"), "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn truncated_array_keeps_its_complete_elements() {
    let bytes = fixture!("array.json");
    for cut in [bytes.len() / 2, bytes.len() - 5, 700] {
        let mut s = sample(&bytes[..cut]);
        s.truncated = true;
        let table = infer_sample(&s).unwrap();
        assert_eq!(columns(&table), owned(&RECORDS), "cut at {cut}");
        assert!(!table.parameters.contains_key("recordCount"));
    }
    // Nothing complete at all: too large.
    let mut s = sample(&bytes[..40]);
    s.truncated = true;
    assert_eq!(infer_sample(&s).unwrap_err().kind(), ErrorKind::TooLarge);
    let mut s = sample(&fixture!("records.jsonl")[..40]);
    s.truncated = true;
    assert_eq!(infer_sample(&s).unwrap_err().kind(), ErrorKind::TooLarge);
    // A truncated sample that is not JSON is still "not JSON", not a partial record.
    for not_json in [&b"id,name,comment"[..], b"a,b\n1,2\n3,{x"] {
        let mut s = sample(not_json);
        s.truncated = true;
        let err = infer_sample(&s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
    let deep = include_bytes!("../../../shared/data/bad/deep.json");
    let err = infer_sample(&sample(deep)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");
    assert!(err.message().contains("line 1"), "{err}");

    // Inside a record, and just within the limit.
    let nested =
        |levels: usize| format!("{{\"a\": {}1{}}}", "[".repeat(levels), "]".repeat(levels));
    let err = infer_sample(&sample(nested(100).as_bytes())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    let ok = infer_sample(&sample(nested(99).as_bytes())).unwrap();
    let ty = ok.columns[0].data_type.to_string();
    assert_eq!(ty, format!("{}int{}", "array<".repeat(99), ">".repeat(99)));
    // Brackets inside strings do not count.
    let in_string = format!("{{\"a\": \"{}\\\"\"}}", "[".repeat(500));
    assert_eq!(
        columns(&infer(in_string.as_bytes())),
        owned(&[("a", "string")])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn not_json_is_unsupported_with_a_position() {
    for (input, needle) in [
        (&b"id,name\n1,bob\n"[..], "line 1"),
        (b"{\"a\": 1}\n{\"a\": 2,}\n", "line 2"),
        (b"[{\"a\": 1}, {\"a\": 2}", "EOF"),
        (b"[{\"a\": 1} {\"a\": 2}]", "expected"),
        (b"[1, 2]", "number"),
        (b"{\"a\": 1}\n\"x\"\n", "record 2"),
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"[]", "empty"),
        (b"{}", "no columns"),
        (b"\xff\xfe{", "line 1"),
    ] {
        let err = infer_sample(&sample(input)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{input:?}: {err}");
        assert!(
            err.message().contains(needle),
            "{input:?}: {err} lacks {needle}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn random_garbage_never_panics() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]\":,\\ \n0123456789.eE-+truefalsn\"ab\xc3\xa9\xff";
    let base = fixture!("records.jsonl");
    for i in 0..2000 {
        let len = (next() % 200) as usize;
        let mut bytes: Vec<u8> = if i % 2 == 0 {
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        } else {
            // Mutate a valid file.
            let mut b = base[..(next() % 2000) as usize].to_vec();
            for _ in 0..(next() % 5) {
                if !b.is_empty() {
                    let at = (next() % b.len() as u64) as usize;
                    b[at] = alphabet[(next() % alphabet.len() as u64) as usize];
                }
            }
            b
        };
        if i % 3 == 0 {
            bytes.extend_from_slice(b"\n");
        }
        let mut s = sample(&bytes);
        s.truncated = i % 4 == 0;
        let _ = infer_sample(&s);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn create_table_payload() {
    let table = infer(fixture!("records.jsonl")).into_table("x".into(), "db".into(), None);
    let json = glue::to_json(&glue::create_table(&table));
    assert!(json.contains("org.openx.data.jsonserde.JsonSerDe"));
    assert!(
        json.contains("\"paths\": \"id,user,score,ok,extra\"")
            || json.contains("id,user,score,ok,extra")
    );
    #[cfg(not(target_arch = "wasm32"))]
    std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("json_create_table.json"),
        json,
    )
    .unwrap();
}

/// A JSON Lines file whose first record is `first_record_bytes` long, then a small one.
fn big_first_record(first_record_bytes: usize) -> Vec<u8> {
    let padding = "x".repeat(first_record_bytes.saturating_sub(24));
    format!("{{\"id\": 1, \"blob\": \"{padding}\"}}\n{{\"id\": 2, \"blob\": \"y\"}}\n").into_bytes()
}

#[wasm_bindgen_test(unsupported = test)]
fn the_sample_grows_in_steps_until_the_first_record_ends() {
    use glueprint_core::infer::{InferOptions, infer_file_with};
    use glueprint_core::source::{MemorySource, complete_now};

    const STEP: usize = 64 * 1024;
    let bytes = big_first_record(STEP * 5 / 2);
    let source = support::Recording::new(&bytes);
    let options = InferOptions {
        sample_bytes: STEP,
        json_max_sample_bytes: 10 * STEP,
        ..InferOptions::default()
    };
    let table = complete_now(infer_file_with(&source, "big.jsonl", &options))
        .unwrap()
        .unwrap();
    assert_eq!(columns(&table), owned(&[("id", "int"), ("blob", "string")]));
    assert!(
        table.notes[0].contains(&format!("grew in {STEP}-byte steps to {} bytes", 3 * STEP)),
        "{:#?}",
        table.notes
    );
    // Three samples of one, two and three steps (plus the 4-byte magic probe): never the whole file.
    assert!(
        source.bytes_read() <= (6 * STEP + 4) as u64,
        "{}",
        source.bytes_read()
    );

    // Capped below what the record needs: a clear refusal naming the limit.
    let capped = InferOptions {
        json_max_sample_bytes: 2 * STEP,
        ..options.clone()
    };
    let err = complete_now(infer_file_with(
        &MemorySource::new(bytes.clone()),
        "big.jsonl",
        &capped,
    ))
    .unwrap()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert!(
        err.message().contains(&format!("first {} bytes", 2 * STEP)),
        "{err}"
    );

    // The default budgets read the same file in one 1 MB sample.
    let table = complete_now(infer_file_with(
        &MemorySource::new(bytes),
        "big.jsonl",
        &InferOptions::default(),
    ))
    .unwrap()
    .unwrap();
    assert!(
        !table.notes.iter().any(|n| n.contains("grew")),
        "{:#?}",
        table.notes
    );
}
