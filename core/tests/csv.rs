//! Golden tests: every uncompressed CSV fixture in `../shared/data/csv/` → the columns, delimiter, header
//! decision and SerDe the crawler's CSV classifier rules (glue.md §2.2–2.3, §3.2) prescribe, written out by
//! hand here. Plus the refusals (single column, binary, unterminated quote), cut samples and garbage input.
//! Fixtures are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::ErrorKind;
use glueprint_core::export::glue;
use glueprint_core::infer::InferredTable;
use glueprint_core::infer::csv::{CsvOptions, infer_sample};
use glueprint_core::infer::sample::{Compression, Sample};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::columns;

macro_rules! fixture {
    ($dir:literal, $name:literal) => {
        include_bytes!(concat!("../../../shared/data/", $dir, "/", $name)).as_slice()
    };
}

const LAZY: &str = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
const OPEN_CSV: &str = "org.apache.hadoop.hive.serde2.OpenCSVSerde";

/// id, amount, label, active, when: the layout most fixtures share.
const TYPED: [(&str, &str); 5] = [
    ("id", "bigint"),
    ("amount", "double"),
    ("label", "string"),
    ("active", "boolean"),
    ("when", "string"),
];

fn sample(bytes: &[u8]) -> Sample {
    Sample {
        bytes: bytes.to_vec(),
        truncated: false,
        compression: Compression::None,
        stored_len: bytes.len() as u64,
    }
}

fn infer(bytes: &[u8]) -> InferredTable {
    infer_sample(&sample(bytes), &CsvOptions::default()).unwrap()
}

fn expect_columns(table: &InferredTable, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(columns(table), expected, "notes: {:#?}", table.notes);
}

fn param<'a>(table: &'a InferredTable, key: &str) -> Option<&'a str> {
    table.parameters.get(key).map(String::as_str)
}

/// Checks SerDe, delimiter, header and record count, and the parameters every CSV table carries.
fn expect_format(table: &InferredTable, delimiter: &str, header: bool, quoted: bool, records: u64) {
    let format = &table.format;
    assert_eq!(
        format.input_format,
        "org.apache.hadoop.mapred.TextInputFormat"
    );
    assert_eq!(
        format.output_format,
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    );
    let serde_params = &format.serde.parameters;
    if quoted {
        assert_eq!(format.serde.serialization_library, OPEN_CSV);
        assert_eq!(serde_params["separatorChar"], delimiter);
        assert_eq!(serde_params["quoteChar"], "\"");
        assert_eq!(serde_params["escapeChar"], "\\");
        assert_eq!(serde_params.len(), 3);
    } else {
        assert_eq!(format.serde.serialization_library, LAZY);
        assert_eq!(serde_params["field.delim"], delimiter);
        assert_eq!(serde_params.len(), 1);
    }
    assert_eq!(param(table, "classification"), Some("csv"));
    assert_eq!(param(table, "compressionType"), Some("none"));
    assert_eq!(param(table, "typeOfData"), Some("file"));
    assert_eq!(param(table, "delimiter"), Some(delimiter));
    assert_eq!(param(table, "columnsOrdered"), Some("true"));
    assert_eq!(
        param(table, "areColumnsQuoted"),
        Some(if quoted { "true" } else { "false" })
    );
    assert_eq!(
        param(table, "skip.header.line.count"),
        header.then_some("1"),
        "notes: {:#?}",
        table.notes
    );
    assert_eq!(
        param(table, "recordCount"),
        Some(records.to_string().as_str())
    );
    assert!(
        table.notes.iter().any(|n| n.starts_with(if header {
            "First record is a header"
        } else {
            "No header"
        })),
        "notes: {:#?}",
        table.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn header_comma() {
    let t = infer(fixture!("csv", "header_comma.csv"));
    expect_columns(&t, &TYPED);
    expect_format(&t, ",", true, false, 200);
    assert_eq!(param(&t, "sizeKey"), Some("7034"));
    assert!(
        t.notes.contains(
            &"Delimiter ',' chosen: every one of the 201 sampled records has 5 fields.".into()
        ),
        "{:#?}",
        t.notes
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("column 'id' holds bigint values")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn crlf_and_bom() {
    let t = infer(fixture!("csv", "crlf_bom.csv"));
    // The BOM does not stick to the first header, CR does not stick to the last cell.
    expect_columns(&t, &TYPED);
    expect_format(&t, ",", true, false, 200);
}

#[wasm_bindgen_test(unsupported = test)]
fn pipes_tabs_semicolons_ctrl_a() {
    for (bytes, delimiter) in [
        (fixture!("csv", "pipes.csv"), "|"),
        (fixture!("csv", "tabs.tsv"), "\t"),
        (fixture!("csv", "semicolons.csv"), ";"),
        (fixture!("csv", "ctrl_a.txt"), "\u{1}"),
    ] {
        let t = infer(bytes);
        expect_columns(&t, &TYPED);
        expect_format(&t, delimiter, true, false, 200);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn no_header() {
    let t = infer(fixture!("csv", "no_header.csv"));
    expect_columns(
        &t,
        &[
            ("col0", "bigint"),
            ("col1", "double"),
            ("col2", "string"),
            ("col3", "boolean"),
            ("col4", "string"),
        ],
    );
    expect_format(&t, ",", false, false, 200);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("'0' in the first record parses as bigint")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn all_strings_has_no_header() {
    // `a,b` looks like a header, but every column below it is string too: Glue's rule says no header.
    let t = infer(fixture!("csv", "all_strings.csv"));
    expect_columns(&t, &[("col0", "string"), ("col1", "string")]);
    expect_format(&t, ",", false, false, 201);
    assert!(
        t.notes.iter().any(|n| n.contains("every column is string")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn mixed_types() {
    // `v` mixes integers and `n/a`: string; `k` stays bigint and makes `k,v` a header.
    let t = infer(fixture!("csv", "mixed_types.csv"));
    expect_columns(&t, &[("k", "bigint"), ("v", "string")]);
    expect_format(&t, ",", true, false, 200);
}

#[wasm_bindgen_test(unsupported = test)]
fn quoted_uses_open_csv_serde_and_strings() {
    let t = infer(fixture!("csv", "quoted.csv"));
    expect_columns(
        &t,
        &[
            ("id", "string"),
            ("amount", "string"),
            ("label", "string"),
            ("active", "string"),
            ("when", "string"),
        ],
    );
    expect_format(&t, ",", true, true, 200);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("OpenCSVSerde") && n.contains("id bigint")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn multiline_quoted() {
    let t = infer(fixture!("csv", "multiline_quoted.csv"));
    expect_columns(&t, &[("id", "string"), ("text", "string")]);
    expect_format(&t, ",", true, true, 3);
    assert!(
        t.notes.iter().any(|n| n.contains("line breaks")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn single_column_needs_the_option() {
    let bytes = fixture!("csv", "single_column.csv");
    let err = infer_sample(&sample(bytes), &CsvOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("at least two columns"), "{err}");

    let options = CsvOptions {
        allow_single_column: true,
        ..CsvOptions::default()
    };
    let t = infer_sample(&sample(bytes), &options).unwrap();
    expect_columns(&t, &[("value", "bigint")]);
    expect_format(&t, ",", true, false, 200);
}

#[wasm_bindgen_test(unsupported = test)]
fn unterminated_quote_is_malformed() {
    let err = infer_sample(
        &sample(fixture!("bad", "unterminated_quote.csv")),
        &CsvOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
    assert!(err.message().contains("never closed"), "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn binary_garbage_is_not_csv() {
    let err = infer_sample(
        &sample(fixture!("bad", "binary_garbage.csv")),
        &CsvOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn cut_sample_drops_the_partial_record() {
    let full = fixture!("csv", "header_comma.csv");
    // Cut in the middle of the 101st data record: `100,150.00,it`.
    let cut_at = full
        .windows(4)
        .position(|w| w == b"\n100")
        .map(|at| at + 14)
        .unwrap();
    let mut cut = sample(&full[..cut_at]);
    cut.truncated = true;
    cut.stored_len = full.len() as u64;
    cut.compression = Compression::Gzip;
    let t = infer_sample(&cut, &CsvOptions::default()).unwrap();
    expect_columns(&t, &TYPED);
    assert_eq!(param(&t, "recordCount"), None);
    assert_eq!(param(&t, "averageRecordSize"), None);
    assert_eq!(param(&t, "compressionType"), Some("gzip"));
    assert_eq!(param(&t, "sizeKey"), Some("7034"));
    assert!(
        t.notes.contains(
            &"Delimiter ',' chosen: every one of the 101 sampled records has 5 fields.".into()
        ),
        "{:#?}",
        t.notes
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.starts_with("Record count unknown")),
        "{:#?}",
        t.notes
    );

    // A partial record inside an open quote is dropped too, not reported as an unterminated quote.
    let quoted = fixture!("csv", "quoted.csv");
    let mut cut = sample(&quoted[..quoted.len() / 2 + 3]);
    cut.truncated = true;
    let t = infer_sample(&cut, &CsvOptions::default()).unwrap();
    assert_eq!(t.format.serde.serialization_library, OPEN_CSV);
}

#[wasm_bindgen_test(unsupported = test)]
fn max_records_bounds_the_schema_sample() {
    // `v` only turns string at record 82, past the 50 records read for the schema: it stays bigint.
    let mut text = String::from("k,v\n");
    for i in 0..100 {
        text.push_str(&format!("{i},{}\n", if i == 80 { "x" } else { "1" }));
    }
    let options = CsvOptions {
        max_records: 50,
        ..CsvOptions::default()
    };
    let t = infer_sample(&sample(text.as_bytes()), &options).unwrap();
    expect_columns(&t, &[("k", "bigint"), ("v", "bigint")]);
    // The record count still covers the whole sample.
    assert_eq!(param(&t, "recordCount"), Some("100"));
}

#[wasm_bindgen_test(unsupported = test)]
fn type_lattice() {
    let t = infer(
        b"i,d,b,big,mix,blank,date,spaced,exp\n\
          1,1,TRUE,99999999999999999999,1,,2024-01-01,1,1e5\n\
          -2,2.5,false,1,true,,2024-01-02, 2,-1.5E-3\n\
          +3,.5,True,2,x,,2024-01-03,3,7\n",
    );
    expect_columns(
        &t,
        &[
            ("i", "bigint"),
            ("d", "double"),
            ("b", "boolean"),
            ("big", "string"),
            ("mix", "string"),
            ("blank", "string"),
            ("date", "string"),
            ("spaced", "string"),
            ("exp", "double"),
        ],
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("'big' holds integers too large")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn header_names_are_normalised_and_noted() {
    let t = infer(b"File Name,Size,\nA.txt,10,\nb.txt,20,\n");
    // A trailing delimiter: the last header cell may be empty when the column is empty throughout.
    expect_columns(
        &t,
        &[
            ("file_name", "string"),
            ("size", "bigint"),
            ("col2", "string"),
        ],
    );
    assert_eq!(
        support::original_names(&t),
        [
            ("file_name".to_owned(), "File Name".to_owned()),
            ("size".to_owned(), "Size".to_owned()),
        ]
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.starts_with("Column \"File Name\" is named \"file_name\" in the catalog")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn header_rules_refuse() {
    // An empty cell that is not a trailing one.
    let t = infer(b"a,,c\nx,1,y\nz,2,w\n");
    assert_eq!(t.columns[0].name, "col0");
    // A cell of 150 characters.
    let long = "h".repeat(150);
    let t = infer(format!("{long},b\nx,1\ny,2\n").as_bytes());
    assert_eq!(t.columns[0].name, "col0");
    assert!(
        t.notes.iter().any(|n| n.contains("150 characters")),
        "{:#?}",
        t.notes
    );
    // 149 is fine.
    let long = "h".repeat(149);
    let t = infer(format!("{long},b\nx,1\ny,2\n").as_bytes());
    assert_eq!(t.columns[1].name, "b");
    // A control character is not a valid Glue name.
    let t = infer(b"a\x02,b\nx,1\ny,2\n");
    assert_eq!(t.columns[0].name, "col0");
}

#[wasm_bindgen_test(unsupported = test)]
fn too_few_rows_or_columns() {
    for bytes in [
        b"".as_slice(),
        b"\n\n\n",
        b"a,b\n1,2\n",
        b"just one line of text\nand another one\nand a third\n",
    ] {
        let err = infer_sample(&sample(bytes), &CsvOptions::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    }
    // Two data rows without a header are enough.
    let t = infer(b"1,2\n3,4\n");
    expect_columns(&t, &[("col0", "bigint"), ("col1", "bigint")]);
}

#[wasm_bindgen_test(unsupported = test)]
fn ragged_records_within_tolerance() {
    let mut text = String::new();
    for i in 0..20 {
        text.push_str(&format!("{i},a,b\n"));
    }
    text.push_str("20,a\n");
    let t = infer(text.as_bytes());
    assert_eq!(t.columns.len(), 3);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("20 of the 21 sampled records")),
        "{:#?}",
        t.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn payload_is_a_glue_create_table() {
    let t = infer(fixture!("csv", "tabs.tsv"));
    let table = t.into_table("tabs".into(), "db".into(), Some("s3://bucket/tabs/".into()));
    let json = glue::to_json(&glue::create_table(&table));
    assert!(json.contains("\"field.delim\": \"\\t\""), "{json}");
}

/// Deterministic xorshift, so the loop runs the same everywhere (wasm included).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn garbage_never_panics() {
    const ALPHABET: &[u8] = b",|\t;\x01\"\r\n abc019.-eE\xEF\xBB\xBF\xC3\xA9\x00\xFF";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let len = (rng.next() % 300) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = rng.next();
                if round % 4 == 0 {
                    r as u8
                } else {
                    ALPHABET[(r % ALPHABET.len() as u64) as usize]
                }
            })
            .collect();
        for truncated in [false, true] {
            let mut s = sample(&bytes);
            s.truncated = truncated;
            for allow_single_column in [false, true] {
                let options = CsvOptions {
                    allow_single_column,
                    max_records: 1 + (rng.next() % 20) as usize,
                };
                if let Ok(t) = infer_sample(&s, &options) {
                    assert!(!t.columns.is_empty());
                    assert!(allow_single_column || t.columns.len() >= 2);
                }
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), truncated: bool) {
            let mut s = sample(&bytes);
            s.truncated = truncated;
            let _ = infer_sample(&s, &CsvOptions::default());
        }

        #[test]
        fn csv_like_text_never_panics(text in "[a-c0-9,;|\t\"\r\n .]{0,400}", truncated: bool, single: bool) {
            let mut s = sample(text.as_bytes());
            s.truncated = truncated;
            let options = CsvOptions { allow_single_column: single, ..CsvOptions::default() };
            let _ = infer_sample(&s, &options);
        }
    }

    /// Writes one CreateTable payload per fixture for `glue_validate.py`:
    /// `cargo test -p glueprint-core --test csv -- --ignored write_payloads`.
    #[test]
    #[ignore]
    fn write_payloads() {
        let dir = std::env::temp_dir().join("glueprint_csv_payloads");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in [
            ("header_comma", fixture!("csv", "header_comma.csv")),
            ("crlf_bom", fixture!("csv", "crlf_bom.csv")),
            ("tabs", fixture!("csv", "tabs.tsv")),
            ("ctrl_a", fixture!("csv", "ctrl_a.txt")),
            ("pipes", fixture!("csv", "pipes.csv")),
            ("semicolons", fixture!("csv", "semicolons.csv")),
            ("no_header", fixture!("csv", "no_header.csv")),
            ("all_strings", fixture!("csv", "all_strings.csv")),
            ("mixed_types", fixture!("csv", "mixed_types.csv")),
            ("quoted", fixture!("csv", "quoted.csv")),
            ("multiline_quoted", fixture!("csv", "multiline_quoted.csv")),
        ] {
            let table = infer(bytes).into_table(
                name.into(),
                "db".into(),
                Some(format!("s3://bucket/{name}/")),
            );
            std::fs::write(
                dir.join(format!("{name}.json")),
                glue::to_json(&glue::create_table(&table)),
            )
            .unwrap();
        }
    }
}
