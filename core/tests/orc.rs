//! Golden tests: every ORC fixture in `../shared/data/orc/` → the Hive columns the reference mapping
//! (glue.md §3.6, ORC's types are Hive's) prescribes, written out by hand here; hand-built files for the
//! types pyarrow cannot write (char, varchar, union, Hive 0.11 decimals, non-struct roots) and for hostile
//! type trees; and truncated and bit-flipped copies of every fixture, which must give a result or a typed
//! error, never a panic. Fixtures are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::infer::InferredTable;
use glueprint_core::infer::orc::{self, MAX_DEPTH, TAIL_GUESS};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::types::HiveType;
use glueprint_core::{ErrorKind, Result};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::{Recording, columns, owned};

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../shared/data/orc/", $name)).as_slice(),
        )
    };
}

const FIXTURES: [(&str, &[u8]); 6] = [
    fixture!("flat_uncompressed.orc"),
    fixture!("flat_zlib.orc"),
    fixture!("flat_snappy.orc"),
    fixture!("flat_lz4.orc"),
    fixture!("flat_zstd.orc"),
    fixture!("nested.orc"),
];

const FLAT: [(&str, &str); 15] = [
    ("id", "bigint"),
    ("small", "tinyint"),
    ("short", "smallint"),
    ("int", "int"),
    ("flag", "boolean"),
    ("ratio", "float"),
    ("amount", "double"),
    ("price", "decimal(12,2)"),
    ("big_dec", "decimal(38,10)"),
    ("name", "string"),
    ("day", "date"),
    // pyarrow writes zoned timestamps as timestamp_instant, naive ones as timestamp: both are timestamps.
    ("ts_ms", "timestamp"),
    ("ts_us", "timestamp"),
    ("blob", "binary"),
    ("maybe", "bigint"),
];

fn infer(bytes: &[u8]) -> Result<InferredTable> {
    complete_now(orc::infer(&MemorySource::new(bytes))).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn flat_files_with_every_codec_map_to_the_reference_types() {
    for (name, codec) in [
        ("flat_uncompressed.orc", None),
        ("flat_zlib.orc", Some("zlib")),
        ("flat_snappy.orc", Some("snappy")),
        ("flat_lz4.orc", Some("lz4")),
        ("flat_zstd.orc", Some("zstd")),
    ] {
        let bytes = FIXTURES.iter().find(|(n, _)| *n == name).unwrap().1;
        let table = infer(bytes).unwrap();
        assert_eq!(columns(&table), owned(&FLAT), "{name}");
        assert_eq!(table.parameters["classification"], "orc", "{name}");
        assert_eq!(table.parameters["recordCount"], "200", "{name}");
        assert_eq!(
            table.parameters["averageRecordSize"],
            (bytes.len() / 200).to_string(),
            "{name}"
        );
        assert_eq!(table.parameters["sizeKey"], bytes.len().to_string());
        // Codecs compress stripes, not the file: the crawler says "none" (glue.md §2.1).
        assert_eq!(table.parameters["compressionType"], "none", "{name}");
        assert_eq!(
            table.format.serde.serialization_library,
            "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
        );
        match codec {
            None => assert!(table.notes.is_empty(), "{name}: {:?}", table.notes),
            Some(codec) => assert!(
                table.notes.iter().any(|n| n.contains(&format!(
                    "Stripes are compressed with {codec} (ORC's own compression"
                ))),
                "{name}: {:?}",
                table.notes
            ),
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn nested_lists_maps_and_structs() {
    let table = infer(fixture!("nested.orc").1).unwrap();
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
fn only_the_tail_is_read() {
    // Small files: one read of the whole (shorter than 64 KiB) file's tail.
    for (name, bytes) in FIXTURES {
        let source = Recording::new(bytes);
        complete_now(orc::infer(&source)).unwrap().unwrap();
        let len = bytes.len() as u64;
        assert_eq!(
            *source.reads.borrow(),
            vec![len.saturating_sub(TAIL_GUESS)..len],
            "{name}"
        );
    }

    // A footer larger than the guess: exactly one more read, of exactly the footer.
    let names: Vec<String> = (0..4000)
        .map(|i| format!("a_rather_long_column_name_{i:05}"))
        .collect();
    let mut types = vec![struct_type(
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
        1,
    )];
    types.extend((0..4000).map(|_| prim(LONG)));
    let footer = footer(&types, Some(7));
    let bytes = file(&footer, 0, true);
    let len = bytes.len() as u64;
    let footer_end = len - 1 - u64::from(*bytes.last().unwrap());
    let footer_start = footer_end - footer.len() as u64;
    assert!(footer.len() as u64 > TAIL_GUESS);
    let source = Recording::new(&bytes);
    let table = complete_now(orc::infer(&source)).unwrap().unwrap();
    assert_eq!(table.columns.len(), 4000);
    assert_eq!(table.columns[3999].name, "a_rather_long_column_name_03999");
    assert_eq!(table.parameters["recordCount"], "7");
    assert_eq!(
        *source.reads.borrow(),
        vec![len - TAIL_GUESS..len, footer_start..footer_end]
    );
}

// ---------------------------------------------------------------------------------------------
// Hand-built files: a minimal protobuf writer for the ORC tail.
// ---------------------------------------------------------------------------------------------

const BOOLEAN: u64 = 0;
const INT: u64 = 3;
const LONG: u64 = 4;
const STRING: u64 = 7;
const TIMESTAMP: u64 = 9;
const LIST: u64 = 10;
const MAP: u64 = 11;
const STRUCT: u64 = 12;
const UNION: u64 = 13;
const DECIMAL: u64 = 14;
const VARCHAR: u64 = 16;
const CHAR: u64 = 17;
const TIMESTAMP_INSTANT: u64 = 18;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn uint_field(out: &mut Vec<u8>, tag: u64, v: u64) {
    varint(out, tag << 3);
    varint(out, v);
}

fn bytes_field(out: &mut Vec<u8>, tag: u64, v: &[u8]) {
    varint(out, tag << 3 | 2);
    varint(out, v.len() as u64);
    out.extend_from_slice(v);
}

/// One ORC `Type`: kind, subtypes (packed), field names, and (tag, value) pairs for
/// maximumLength (4), precision (5) and scale (6).
fn type_msg(kind: u64, subtypes: &[u64], names: &[&str], extra: &[(u64, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    uint_field(&mut out, 1, kind);
    if !subtypes.is_empty() {
        let mut packed = Vec::new();
        for &s in subtypes {
            varint(&mut packed, s);
        }
        bytes_field(&mut out, 2, &packed);
    }
    for name in names {
        bytes_field(&mut out, 3, name.as_bytes());
    }
    for &(tag, v) in extra {
        uint_field(&mut out, tag, v);
    }
    out
}

fn prim(kind: u64) -> Vec<u8> {
    type_msg(kind, &[], &[], &[])
}

/// A struct whose fields are the consecutive type ids from `first`.
fn struct_type(names: &[&str], first: u64) -> Vec<u8> {
    let subtypes: Vec<u64> = (first..first + names.len() as u64).collect();
    type_msg(STRUCT, &subtypes, names, &[])
}

fn footer(types: &[Vec<u8>], rows: Option<u64>) -> Vec<u8> {
    let mut out = Vec::new();
    for t in types {
        bytes_field(&mut out, 4, t);
    }
    if let Some(rows) = rows {
        uint_field(&mut out, 6, rows);
    }
    out
}

/// `"ORC" | footer | postscript | postscript length`, the footer already in its stored (compressed) form.
fn file(stored_footer: &[u8], compression: u64, magic: bool) -> Vec<u8> {
    let mut ps = Vec::new();
    uint_field(&mut ps, 1, stored_footer.len() as u64);
    uint_field(&mut ps, 2, compression);
    uint_field(&mut ps, 3, 262_144);
    if magic {
        bytes_field(&mut ps, 8000, b"ORC");
    }
    let mut out = b"ORC".to_vec();
    out.extend_from_slice(stored_footer);
    out.extend_from_slice(&ps);
    out.push(ps.len() as u8);
    out
}

/// An ORC compression chunk header: 3 bytes little-endian, length * 2 + "original".
fn chunk(body: &[u8], original: bool) -> Vec<u8> {
    let header = (body.len() as u32) << 1 | u32::from(original);
    let mut out = header.to_le_bytes()[..3].to_vec();
    out.extend_from_slice(body);
    out
}

fn infer_types(types: &[Vec<u8>]) -> Result<InferredTable> {
    infer(&file(&footer(types, Some(1)), 0, true))
}

#[wasm_bindgen_test(unsupported = test)]
fn hive_types_pyarrow_cannot_write() {
    let types = vec![
        type_msg(
            STRUCT,
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14],
            &[
                "Code", "Label", "Seen", "Amount", "Legacy", "Big", "Noscale", "Instant", "Lookup",
                "NoLen", "TooLong",
            ],
            &[],
        ),
        type_msg(CHAR, &[], &[], &[(4, 3)]),
        type_msg(VARCHAR, &[], &[], &[(4, 100)]),
        prim(TIMESTAMP),
        type_msg(DECIMAL, &[], &[], &[(5, 10), (6, 2)]),
        prim(DECIMAL),                                   // 5: Hive 0.11, no precision
        type_msg(DECIMAL, &[], &[], &[(5, 60), (6, 2)]), // 6: beyond Hive's 38 digits
        type_msg(DECIMAL, &[], &[], &[(5, 7)]),          // 7: no scale
        prim(TIMESTAMP_INSTANT),
        type_msg(MAP, &[10, 12], &[], &[]), // 9: map<struct<k:int>, boolean>
        struct_type(&["k"], 11),
        prim(INT),
        prim(BOOLEAN),
        prim(VARCHAR),                         // 13: no length
        type_msg(CHAR, &[], &[], &[(4, 300)]), // 14: beyond Hive's char(255)
    ];
    let table = infer_types(&types).unwrap();
    assert_eq!(
        columns(&table),
        owned(&[
            ("code", "char(3)"),
            ("label", "varchar(100)"),
            ("seen", "timestamp"),
            ("amount", "decimal(10,2)"),
            ("legacy", "decimal(38,6)"),
            ("big", "string"),
            ("noscale", "decimal(7,0)"),
            ("instant", "timestamp"),
            ("lookup", "array<struct<key:struct<k:int>,value:boolean>>"),
            ("nolen", "string"),
            ("toolong", "string"),
        ])
    );
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.contains("`legacy`") && n.contains("decimal(38,6)")),
        "{:?}",
        table.notes
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn unions_become_uniontypes() {
    let types = vec![
        struct_type(&["u"], 1),
        type_msg(UNION, &[2, 3, 4], &[], &[]),
        prim(INT),
        prim(STRING),
        type_msg(LIST, &[5], &[], &[]),
        prim(TIMESTAMP),
    ];
    let table = infer_types(&types).unwrap();
    assert_eq!(
        columns(&table),
        owned(&[("u", "uniontype<int,string,array<timestamp>>")])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_root_that_is_not_a_struct_is_one_column() {
    let table = infer_types(&[prim(TIMESTAMP)]).unwrap();
    assert_eq!(columns(&table), owned(&[("_col0", "timestamp")]));
    assert!(table.notes.iter().any(|n| n.contains("not a struct")));

    let table = infer_types(&[type_msg(LIST, &[1], &[], &[]), prim(INT)]).unwrap();
    assert_eq!(columns(&table), owned(&[("_col0", "array<int>")]));
}

#[wasm_bindgen_test(unsupported = test)]
fn names_are_normalised_and_made_unique() {
    let types = vec![
        struct_type(&["Id", "id", "Weird Name!", "ünïcode", "", "s"], 1),
        prim(LONG),
        prim(LONG),
        prim(STRING),
        prim(STRING),
        prim(INT),
        struct_type(&["Inner Field", "inner_field"], 7),
        prim(INT),
        prim(INT),
    ];
    let table = infer_types(&types).unwrap();
    assert_eq!(
        columns(&table),
        owned(&[
            ("id", "bigint"),
            ("id_2", "bigint"),
            ("weird_name", "string"),
            ("unicode", "string"),
            ("col4", "int"),
            ("s", "struct<inner_field:int,inner_field_2:int>"),
        ])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn an_old_postscript_without_magic_is_checked_by_its_header() {
    let f = footer(&[struct_type(&["a"], 1), prim(INT)], Some(3));
    let table = infer(&file(&f, 0, false)).unwrap();
    assert_eq!(columns(&table), owned(&[("a", "int")]));
    let mut bad = file(&f, 0, false);
    bad[0] = b'X';
    let err = infer(&bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");

    // In a file larger than the tail, the header costs one 3-byte read.
    let mut big = b"ORC".to_vec();
    big.resize(100_000, 0);
    big.extend_from_slice(&file(&f, 0, false)[3..]);
    let source = Recording::new(&big);
    let table = complete_now(orc::infer(&source)).unwrap().unwrap();
    assert_eq!(columns(&table), owned(&[("a", "int")]));
    let len = big.len() as u64;
    assert_eq!(*source.reads.borrow(), vec![len - TAIL_GUESS..len, 0..3]);
}

#[wasm_bindgen_test(unsupported = test)]
fn compressed_footers_in_original_and_compressed_chunks() {
    let f = footer(
        &[struct_type(&["a", "b"], 1), prim(INT), prim(STRING)],
        Some(9),
    );
    let (first, second) = f.split_at(5);
    // zlib (kind 1), footer stored as two "original" (uncompressed) chunks.
    let stored = [chunk(first, true), chunk(second, true)].concat();
    let table = infer(&file(&stored, 1, true)).unwrap();
    assert_eq!(columns(&table), owned(&[("a", "int"), ("b", "string")]));
    assert!(table.notes.iter().any(|n| n.contains("zlib")));

    // zlib, really compressed (raw deflate), then an original chunk.
    let deflated = miniz_oxide::deflate::compress_to_vec(first, 6);
    let stored = [chunk(&deflated, false), chunk(second, true)].concat();
    let table = infer(&file(&stored, 1, true)).unwrap();
    assert_eq!(columns(&table), owned(&[("a", "int"), ("b", "string")]));
    assert_eq!(table.parameters["recordCount"], "9");

    // A footer that inflates beyond the bound: 65 chunks of 1 MiB of zeros.
    let zeros = miniz_oxide::deflate::compress_to_vec(&vec![0; 1 << 20], 6);
    let stored: Vec<u8> = (0..65).flat_map(|_| chunk(&zeros, false)).collect();
    let err = infer(&file(&stored, 1, true)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");

    // A chunk that claims more bytes than the footer holds, and garbage for every codec.
    let err = infer(&file(&[0xff, 0xff, 0x00, 1, 2], 1, true)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
    for codec in [1, 2, 4, 5, 6] {
        let err = infer(&file(
            &chunk(&[0xde, 0xad, 0xbe, 0xef, 0xff, 0xff], false),
            codec,
            true,
        ))
        .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Malformed | ErrorKind::TooLarge),
            "codec {codec}: {err}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn unknown_or_unsupported_codecs_and_kinds_are_refused() {
    let f = footer(&[struct_type(&["a"], 1), prim(INT)], Some(1));
    let err = infer(&file(&chunk(&f, true), 3, true)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("LZO"), "{err}");
    let err = infer(&file(&f, 42, true)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");

    let err = infer_types(&[struct_type(&["a"], 1), prim(99)]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    let err = infer_types(&[struct_type(&["a"], 1), type_msg(STRUCT, &[], &[], &[])]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn hostile_type_trees_are_typed_errors() {
    let cases: Vec<(&str, Vec<Vec<u8>>, ErrorKind)> = vec![
        ("no types", vec![], ErrorKind::Malformed),
        (
            "self cycle",
            vec![struct_type(&["a"], 1), type_msg(LIST, &[1], &[], &[])],
            ErrorKind::Malformed,
        ),
        (
            "backward edge",
            vec![struct_type(&["a"], 1), type_msg(LIST, &[0], &[], &[])],
            ErrorKind::Malformed,
        ),
        (
            "shared subtype",
            vec![type_msg(STRUCT, &[1, 1], &["a", "b"], &[]), prim(INT)],
            ErrorKind::Malformed,
        ),
        (
            "subtype out of range",
            vec![struct_type(&["a"], 1), type_msg(LIST, &[7], &[], &[])],
            ErrorKind::Malformed,
        ),
        (
            "names and subtypes disagree",
            vec![type_msg(STRUCT, &[1], &["a", "b"], &[]), prim(INT)],
            ErrorKind::Malformed,
        ),
        (
            "map with one subtype",
            vec![
                struct_type(&["a"], 1),
                type_msg(MAP, &[2], &[], &[]),
                prim(INT),
            ],
            ErrorKind::Malformed,
        ),
        (
            "empty union",
            vec![struct_type(&["a"], 1), prim(UNION)],
            ErrorKind::Malformed,
        ),
        (
            "scale above precision",
            vec![
                struct_type(&["a"], 1),
                type_msg(DECIMAL, &[], &[], &[(5, 4), (6, 9)]),
            ],
            ErrorKind::Malformed,
        ),
    ];
    for (what, types, kind) in cases {
        let err = infer_types(&types).unwrap_err();
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(!err.message().is_empty());
    }

    // Nesting: MAX_DEPTH levels are fine, one more is refused.
    let nested = |levels: usize| {
        let mut types = vec![struct_type(&["deep"], 1)];
        types.extend((1..levels).map(|i| type_msg(LIST, &[i as u64 + 1], &[], &[])));
        types.push(prim(INT));
        types
    };
    let table = infer_types(&nested(MAX_DEPTH)).unwrap();
    let ty = table.columns[0].data_type.to_string();
    assert_eq!(ty.matches("array<").count(), MAX_DEPTH - 1);
    let err = infer_types(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn broken_tails_are_typed_errors() {
    let good = file(
        &footer(&[struct_type(&["a"], 1), prim(INT)], Some(1)),
        0,
        true,
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "at least"),
        ("tiny", b"ORC".to_vec(), "at least"),
        (
            "zero postscript length",
            [&good[..good.len() - 1], &[0]].concat(),
            "not an ORC file",
        ),
        (
            "postscript longer than the file",
            [&good[..good.len() - 1], &[250]].concat(),
            "not an ORC file",
        ),
        (
            "not ORC",
            b"PAR1 hello world, this is not orc\x05".to_vec(),
            "not an ORC file",
        ),
        (
            "footer longer than the file",
            {
                let mut ps = Vec::new();
                uint_field(&mut ps, 1, 1 << 40);
                bytes_field(&mut ps, 8000, b"ORC");
                [b"ORC".as_slice(), &ps, &[ps.len() as u8]].concat()
            },
            "footer",
        ),
        (
            "garbage footer",
            file(&[0xff; 40], 0, true),
            "footer is corrupt",
        ),
    ];
    for (what, bytes, needle) in cases {
        let err = infer(&bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed, "{what}: {err}");
        assert!(err.message().contains(needle), "{what}: {err}");
    }
}

/// Every result must be a typed error or a table whose types print as valid Hive type strings.
fn check_no_panic(what: &str, bytes: &[u8]) {
    match infer(bytes) {
        Ok(table) => {
            for column in &table.columns {
                let printed = column.data_type.to_string();
                assert_eq!(
                    printed.parse::<HiveType>().as_ref(),
                    Ok(&column.data_type),
                    "{what}: {printed}"
                );
            }
        }
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::Malformed | ErrorKind::Unsupported | ErrorKind::TooLarge
            ),
            "{what}: {e}"
        ),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn truncated_fixtures_are_typed_errors() {
    for (name, bytes) in FIXTURES {
        for cut in 1..=300.min(bytes.len()) {
            let err = infer(&bytes[..bytes.len() - cut]).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::Malformed | ErrorKind::Unsupported),
                "{name} without its last {cut} bytes: {err}"
            );
        }
        for len in (0..bytes.len()).step_by(97) {
            check_no_panic(&format!("{name}[..{len}]"), &bytes[..len]);
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn bit_flipped_fixtures_never_panic() {
    for (name, bytes) in FIXTURES {
        // Every byte of the tail (postscript, footer, metadata), one bit each, cycling through the bits.
        let start = bytes.len().saturating_sub(1500);
        for (i, at) in (start..bytes.len()).enumerate() {
            let mut copy = bytes.to_vec();
            copy[at] ^= 1 << (i % 8);
            check_no_panic(
                &format!("{name} with bit {} of byte {at} flipped", i % 8),
                &copy,
            );
        }
    }
}

/// Every ORC file from the Apache ORC test suite in `../shared/data/external/` (corrupt and encrypted ones
/// included), against pyarrow (`tests/oracles/pyarrow_orc_columns.py`, output committed in
/// `data/external_orc_columns.json`): where pyarrow reads a schema we give the same top-level columns after
/// Glue's name normalisation; where it fails we give a typed error, except for the deliberate deviations
/// below. Native only: the files are read from disk by directory walk.
#[cfg(not(target_arch = "wasm32"))]
mod external {

    use std::path::Path;

    use glueprint_core::infer::{InferredTable, orc};
    use glueprint_core::source::{FileSource, complete_now};
    use glueprint_core::{ErrorKind, Result, names};

    /// Files pyarrow refuses and we read: their root type is not a struct (a bare `timestamp`, a bare
    /// `int`), which Arrow cannot represent as a table and we read as one column `_col0`, with a note.
    const LENIENT: &[&str] = &[
        "orc/examples/TestOrcFile.testTimestamp.orc",
        "orc/examples/TestOrcFile.testWithoutCompressionBlockSize.orc",
    ];
    /// Files pyarrow reads the schema of and we refuse: the footer is LZO-compressed, and the only pure-Rust
    /// LZO decoder panics on corrupt input (pyarrow itself cannot read this file's data either).
    const REFUSED: &[&str] = &["orc/examples/TestVectorOrcFile.testLzo.orc"];

    fn infer_path(path: &Path) -> Result<InferredTable> {
        let source = FileSource::open(path)?;
        complete_now(orc::infer(&source)).unwrap()
    }

    fn columns_of(rel: &str) -> Vec<(String, String)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/external/orc/examples")
            .join(rel);
        super::columns(&infer_path(&path).unwrap())
    }

    #[test]
    fn old_and_odd_external_files_map_to_hive_types() {
        // Hive 0.11's format: decimals without precision read as decimal(38,6), as pyarrow does.
        let nested = "struct<list:array<struct<int1:int,string1:string>>>";
        assert_eq!(
            columns_of("orc-file-11-format.orc"),
            super::owned(&[
                ("boolean1", "boolean"),
                ("byte1", "tinyint"),
                ("short1", "smallint"),
                ("int1", "int"),
                ("long1", "bigint"),
                ("float1", "float"),
                ("double1", "double"),
                ("bytes1", "binary"),
                ("string1", "string"),
                ("middle", nested),
                ("list", "array<struct<int1:int,string1:string>>"),
                ("map", "map<string,struct<int1:int,string1:string>>"),
                ("ts", "timestamp"),
                ("decimal1", "decimal(38,6)"),
            ])
        );
        assert_eq!(
            columns_of("TestOrcFile.testUnionAndTimestamp.orc"),
            super::owned(&[
                ("time", "timestamp"),
                ("union", "uniontype<int,string>"),
                ("decimal", "decimal(38,18)"),
            ])
        );
        assert_eq!(
            columns_of("TestOrcFile.testTimestamp.orc"),
            super::owned(&[("_col0", "timestamp")])
        );
        assert!(columns_of("version1999.orc").is_empty());
    }

    #[test]
    fn external_orc_files_match_pyarrow() {
        let cases =
            crate::support::oracle_cases(include_str!("data/external_orc_columns.json"), |p| {
                p.extension().is_some_and(|e| e == "orc")
            });

        let (mut matched, mut refused, mut lenient) = (0, 0, 0);
        for case in cases {
            let columns = case.columns();
            let crate::support::OracleCase { rel, path, want } = &case;
            match (infer_path(path), columns) {
                (Ok(table), Some(raw)) => {
                    let got: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                    assert_eq!(got, names::column_names(raw), "{rel}");
                    if rel.contains("encrypted/") {
                        assert!(
                            table.notes.iter().any(|n| n.contains("encrypted")),
                            "{rel}: {:?}",
                            table.notes
                        );
                    }
                    matched += 1;
                }
                (Err(e), None) => {
                    assert!(
                        matches!(e.kind(), ErrorKind::Malformed | ErrorKind::Unsupported),
                        "{rel}: {e}"
                    );
                    refused += 1;
                }
                (Ok(table), None) => {
                    assert!(
                        LENIENT.contains(&rel.as_str()),
                        "{rel}: pyarrow refuses it: {want}"
                    );
                    assert_eq!(table.columns.len(), 1, "{rel}");
                    assert_eq!(table.columns[0].name, "_col0", "{rel}");
                    lenient += 1;
                }
                (Err(e), Some(_)) => {
                    assert!(
                        REFUSED.contains(&rel.as_str()),
                        "{rel}: pyarrow reads it, Glueprint said: {e}"
                    );
                    assert_eq!(e.kind(), ErrorKind::Unsupported, "{rel}: {e}");
                    refused += 1;
                }
            }
        }
        assert!(
            matched >= 40 && refused >= 2 && lenient == LENIENT.len(),
            "matched {matched}, refused {refused}, lenient {lenient}"
        );
        eprintln!("matched {matched}, refused {refused}, lenient {lenient}");
    }
}
