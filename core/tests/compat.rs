//! Schema Registry compatibility: the Avro checker against Apache Avro Java's own test expectations
//! (kinds, messages and locations), the eight Glue modes over a version history, normalisation identity,
//! and hostile schemas that must give a typed error, not a stack overflow.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::ErrorKind;
use glueprint_core::compat::avro::{self, AvroSchema};
use glueprint_core::compat::json_schema::{self, JsonSchema};
use glueprint_core::compat::protobuf::{self, ProtoSchema};
use glueprint_core::compat::{self, Finding, Outcome};
use glueprint_core::registry::{Compatibility, DataFormat};
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

fn avro_schema(text: &str) -> AvroSchema {
    AvroSchema::parse(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// `(kind, message, location)` of every incompatibility, in the checker's order.
fn avro_pair(reader: &str, writer: &str) -> Vec<(String, String, String)> {
    avro::can_read(&avro_schema(reader), &avro_schema(writer))
        .unwrap()
        .incompatibilities
        .into_iter()
        .map(|found| (found.kind.to_string(), found.message, found.location))
        .collect()
}

fn triples(expected: &Value) -> Vec<(String, String, String)> {
    expected
        .as_array()
        .unwrap()
        .iter()
        .map(|triple| {
            let part = |i: usize| triple[i].as_str().unwrap().to_owned();
            (part(0), part(1), part(2))
        })
        .collect()
}

/// Every reader/writer pair of Avro Java's `TestSchemaCompatibility*` suites that this file carries
/// (the schemas of `TestSchemas.java`), with Java's exact kinds, messages and locations.
#[wasm_bindgen_test(unsupported = test)]
fn avro_matches_java_schema_compatibility_tests() {
    let schemas: Value =
        serde_json::from_str(include_str!("data/compat/avro/java_schemas.json")).unwrap();
    let cases: Value =
        serde_json::from_str(include_str!("data/compat/avro/java_cases.json")).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() > 100);
    let mut failures = Vec::new();
    for case in cases {
        let schema = |key: &str| schemas[case[key].as_str().unwrap()].to_string();
        let found = avro_pair(&schema("reader"), &schema("writer"));
        let expected = triples(&case["expected"]);
        if found != expected {
            failures.push(format!(
                "{} reader {} writer {}: expected {expected:?}, found {found:?}",
                case["source"], case["reader"], case["writer"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `TestSchemaCompatibilityMultiple`: all ten problems of one pair are reported, in Java's order, with
/// Java's locations (the namespace-only difference of `recordA` is not one of them).
#[wasm_bindgen_test(unsupported = test)]
fn avro_reports_every_incompatibility_with_its_location() {
    let found = avro_pair(
        include_str!("data/compat/avro/multiple.reader.avsc"),
        include_str!("data/compat/avro/multiple.writer.avsc"),
    );
    let expected: Value =
        serde_json::from_str(include_str!("data/compat/avro/multiple.expected.json")).unwrap();
    assert_eq!(found, triples(&expected));
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_reader_aliases_rename_types_and_fields() {
    let writer =
        r#"{"type":"record","name":"ns.Old","fields":[{"name":"old_field","type":"int"}]}"#;
    let reader = r#"{"type":"record","name":"New","namespace":"other","aliases":["ns.Old"],
        "fields":[{"name":"new_field","type":"long","aliases":["old_field"]}]}"#;
    assert_eq!(avro_pair(reader, writer), vec![]);
    // A relative alias is in the reader's namespace (other.Old), so it does not name ns.Old.
    let relative = reader.replace(r#"["ns.Old"]"#, r#"["Old"]"#);
    assert_eq!(
        avro_pair(&relative, writer),
        vec![(
            "NAME_MISMATCH".into(),
            "expected: ns.Old".into(),
            "/name".into()
        )]
    );
    // Writer aliases are ignored, as in Java.
    let writer_aliased = r#"{"type":"record","name":"Old","aliases":["New"],"fields":[]}"#;
    let reader_plain = r#"{"type":"record","name":"New","fields":[]}"#;
    assert_eq!(
        avro_pair(reader_plain, writer_aliased),
        vec![(
            "NAME_MISMATCH".into(),
            "expected: Old".into(),
            "/name".into()
        )]
    );
    // A field alias that matches a second writer field is ambiguous (Java throws).
    let two = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]}"#;
    let both =
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","aliases":["b"]}]}"#;
    let found = avro_pair(both, two);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "READER_FIELD_MATCHES_SEVERAL_WRITER_FIELDS");
    assert_eq!(found[0].2, "/fields/0");
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_enum_defaults() {
    let writer = r#"{"type":"enum","name":"E","symbols":["A","B","C","D"]}"#;
    let reader = r#"{"type":"enum","name":"E","symbols":["B","A"]}"#;
    assert_eq!(
        avro_pair(reader, writer),
        vec![(
            "MISSING_ENUM_SYMBOLS".into(),
            "[C, D]".into(),
            "/symbols".into()
        )]
    );
    let defaulted = r#"{"type":"enum","name":"E","symbols":["B","A"],"default":"A"}"#;
    assert_eq!(avro_pair(defaulted, writer), vec![]);
    // Java's quirk: a reader-only field without default whose enum has a default is compared with the
    // whole writer record.
    let reader = r#"{"type":"record","name":"R","fields":[
        {"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}}]}"#;
    let writer = r#"{"type":"record","name":"R","fields":[]}"#;
    assert_eq!(
        avro_pair(reader, writer),
        vec![(
            "TYPE_MISMATCH".into(),
            "reader type: ENUM not compatible with writer type: RECORD".into(),
            "/fields/0/type".into()
        )]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_logical_types_are_their_underlying_types() {
    let date = r#"{"type":"int","logicalType":"date"}"#;
    let millis = r#"{"type":"long","logicalType":"timestamp-millis"}"#;
    assert_eq!(avro_pair(millis, date), vec![]);
    assert_eq!(
        avro_pair(date, millis),
        vec![(
            "TYPE_MISMATCH".into(),
            "reader type: INT not compatible with writer type: LONG".into(),
            "/".into()
        )]
    );
    // Decimal precision and scale are not examined (Java), unlike apache-avro's own checker.
    let narrow = r#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#;
    let wide = r#"{"type":"bytes","logicalType":"decimal","precision":10,"scale":3}"#;
    assert_eq!(avro_pair(narrow, wide), vec![]);
}

/// A recursive schema against a different recursive schema ends (the in-progress pair is compatible)
/// and reports the difference once, at its first location.
#[wasm_bindgen_test(unsupported = test)]
fn avro_recursive_schemas_terminate() {
    let tree = |leaf: &str| {
        format!(
            r#"{{"type":"record","name":"Node","fields":[{{"name":"value","type":"{leaf}"}},
            {{"name":"children","type":{{"type":"array","items":"Node"}}}},
            {{"name":"next","type":["null","Node"]}}]}}"#
        )
    };
    assert_eq!(avro_pair(&tree("long"), &tree("int")), vec![]);
    assert_eq!(
        avro_pair(&tree("int"), &tree("long")),
        vec![(
            "TYPE_MISMATCH".into(),
            "reader type: INT not compatible with writer type: LONG".into(),
            "/fields/0/type".into()
        )]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_parse_errors_are_typed() {
    for text in [
        "",
        "{",
        r#"{"type":"record","name":"R"}"#,
        r#""nosuchtype""#,
    ] {
        let error = AvroSchema::parse(text).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Malformed, "{text}: {error}");
    }
    let error = AvroSchema::parse("{\n\"type\":\n").unwrap_err();
    assert!(error.message().contains("line"), "{error}");
}

/// 100,000 nested arrays: refused before any recursive parser sees them, with where.
#[wasm_bindgen_test(unsupported = test)]
fn hostile_deep_nesting_is_a_typed_error() {
    let depth = 100_000;
    let deep = format!(
        "{}\"int\"{}",
        "{\"type\":\"array\",\"items\":".repeat(depth),
        "}".repeat(depth)
    );
    let error = AvroSchema::parse(&deep).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge, "{error}");
    assert!(error.message().contains("line 1, column"), "{error}");
    // Within Glue's 170,000 characters, through the registry check.
    let deep = format!(
        "{}\"int\"{}",
        "{\"type\":\"array\",\"items\":".repeat(5_000),
        "}".repeat(5_000)
    );
    let error = compat::check(DataFormat::Avro, Compatibility::Backward, &deep, &[]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge, "{error}");
    // Just inside the bound still parses and checks.
    let shallow = format!(
        "{}\"int\"{}",
        "{\"type\":\"array\",\"items\":".repeat(99),
        "}".repeat(99)
    );
    assert_eq!(avro_pair(&shallow, &shallow), vec![]);
}

/// A thousand records each referring to the previous one by name: shallow text, but comparing the
/// union with itself compares every pair of records, each pair repeating the findings of the pair below.
#[wasm_bindgen_test(unsupported = test)]
fn hostile_chains_of_named_types_are_bounded() {
    let count = 1_000;
    let mut branches = vec![r#"{"type":"record","name":"R0","fields":[]}"#.to_owned()];
    for i in 1..count {
        branches.push(format!(
            r#"{{"type":"record","name":"R{i}","fields":[{{"name":"f","type":"R{}"}}]}}"#,
            i - 1
        ));
    }
    let text = format!("[{}]", branches.join(","));
    let schema = avro_schema(&text);
    let error = avro::can_read(&schema, &schema).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge, "{error}");
}

/// Enums with 10,000 symbols compare quickly and list what is missing in Java's sorted order.
#[wasm_bindgen_test(unsupported = test)]
fn hostile_huge_enums_are_fine() {
    let symbols = |range: std::ops::Range<u32>| {
        range
            .map(|i| format!("\"S{i:05}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let enumeration = |range| {
        format!(
            r#"{{"type":"enum","name":"E","symbols":[{}]}}"#,
            symbols(range)
        )
    };
    let found = avro_pair(&enumeration(0..10_000), &enumeration(2..10_002));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "[S10000, S10001]");
}

/// Named types reused everywhere multiply their incompatibilities (as in Java); the list is capped.
#[wasm_bindgen_test(unsupported = test)]
fn hostile_repeated_incompatibilities_are_capped() {
    let record = |leaf: &str| {
        let mut text =
            format!(r#"{{"type":"record","name":"T0","fields":[{{"name":"x","type":"{leaf}"}}]}}"#);
        for i in 1..12 {
            text = format!(
                r#"{{"type":"record","name":"T{i}","fields":[{{"name":"a","type":{text}}},{{"name":"b","type":"T{}"}}]}}"#,
                i - 1
            );
        }
        text
    };
    let pair = avro::can_read(&avro_schema(&record("int")), &avro_schema(&record("long"))).unwrap();
    assert!(pair.truncated);
    assert_eq!(pair.incompatibilities.len(), compat::MAX_INCOMPATIBILITIES);
}

// ---------------------------------------------------------------------------------------------------
// The registry's modes.

const V1: &str = r#"{"type":"record","name":"r","fields":[{"name":"f0","type":"int"},{"name":"f1","type":"string"}]}"#;
const V2: &str = r#"{"type":"record","name":"r","fields":[{"name":"f1","type":"string"},
    {"name":"f2","type":"string","default":"foo"}]}"#;
const V3: &str = r#"{"type":"record","name":"r","fields":[{"name":"f1","type":"string"},
    {"name":"f2","type":"string","default":"foo"},{"name":"f3","type":"long","default":0}]}"#;
/// Readable by and reads v3 and v2; v1 cannot read it (f0 is gone) and it cannot read v1 (f2 has no
/// default).
const NEW: &str = r#"{"type":"record","name":"r","fields":[{"name":"f1","type":"string"},
    {"name":"f2","type":"string"},{"name":"f3","type":"long","default":0}]}"#;

fn finding(
    kind: &str,
    location: &str,
    message: &str,
    reader: u32,
    writer: u32,
) -> (String, String, String, u32, u32) {
    (kind.into(), location.into(), message.into(), reader, writer)
}

fn flat(findings: &[Finding]) -> Vec<(String, String, String, u32, u32)> {
    findings
        .iter()
        .map(|f| {
            (
                f.kind.to_string(),
                f.location.clone(),
                f.message.clone(),
                f.reader_version,
                f.writer_version,
            )
        })
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn every_mode_over_a_three_version_history() {
    // Given out of order: the latest is found by number.
    let history = [(2, V2), (3, V3), (1, V1)];
    let forward_v1 = finding(
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        "/fields/0",
        "f0",
        1,
        4,
    );
    let backward_v1 = finding(
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        "/fields/1",
        "f2",
        4,
        1,
    );
    let expectations = [
        (Compatibility::None, Outcome::Accepted, vec![], vec![]),
        (Compatibility::Disabled, Outcome::Disabled, vec![], vec![]),
        (Compatibility::Backward, Outcome::Accepted, vec![3], vec![]),
        (
            Compatibility::BackwardAll,
            Outcome::Rejected,
            vec![3, 2, 1],
            vec![backward_v1.clone()],
        ),
        (Compatibility::Forward, Outcome::Accepted, vec![3], vec![]),
        (
            Compatibility::ForwardAll,
            Outcome::Rejected,
            vec![3, 2, 1],
            vec![forward_v1.clone()],
        ),
        (Compatibility::Full, Outcome::Accepted, vec![3], vec![]),
        (
            Compatibility::FullAll,
            Outcome::Rejected,
            vec![3, 2, 1],
            vec![forward_v1, backward_v1],
        ),
    ];
    assert_eq!(expectations.len(), Compatibility::ALL.len());
    for (mode, outcome, checked, findings) in expectations {
        let report = compat::check(DataFormat::Avro, mode, NEW, &history).unwrap();
        assert_eq!(report.outcome, outcome, "{mode}");
        assert_eq!(report.version, 4, "{mode}");
        assert_eq!(report.checked, checked, "{mode}");
        assert_eq!(flat(&report.findings), findings, "{mode}");
        assert_eq!(report.is_accepted(), outcome == Outcome::Accepted, "{mode}");
    }
}

/// The latest version decides the non-`_ALL` modes: breaking it fails all of them.
#[wasm_bindgen_test(unsupported = test)]
fn breaking_the_latest_version_fails_every_checking_mode() {
    let history = [(1, V1), (2, V2), (3, V3)];
    let retyped = V3.replace(
        r#""name":"f3","type":"long""#,
        r#""name":"f3","type":"int""#,
    );
    for mode in [
        Compatibility::Backward,
        Compatibility::Full,
        Compatibility::BackwardAll,
    ] {
        let report = compat::check(DataFormat::Avro, mode, &retyped, &history).unwrap();
        assert_eq!(report.outcome, Outcome::Rejected, "{mode}");
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.location == "/fields/2/type" && f.writer_version == 3),
            "{mode}: {:?}",
            report.findings
        );
    }
    // int → long widening is fine the other way: v3 (long) reads the new int data.
    let report =
        compat::check(DataFormat::Avro, Compatibility::Forward, &retyped, &history).unwrap();
    assert_eq!(report.outcome, Outcome::Accepted);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_first_version_is_accepted_in_every_mode() {
    for mode in Compatibility::ALL {
        let report = compat::check(DataFormat::Avro, mode, V1, &[]).unwrap();
        assert_eq!(report.outcome, Outcome::Accepted, "{mode}");
        assert_eq!(report.version, 1);
    }
}

/// Whitespace, key order, `{"type":"string"}` for `"string"`, and a full name for name + namespace do
/// not make a new version; a changed default does.
#[wasm_bindgen_test(unsupported = test)]
fn identical_after_normalisation_is_the_same_version() {
    let original = r#"{"type":"record","name":"r","namespace":"ns","fields":[
        {"name":"a","type":"string","default":"x"}]}"#;
    let respelled = r#"{ "fields" : [ { "type" : { "type" : "string" }, "default" : "x", "name" : "a" } ],
        "name" : "ns.r", "type" : "record" }"#;
    let history = [(1, V1), (2, original)];
    for mode in Compatibility::ALL {
        let report = compat::check(DataFormat::Avro, mode, respelled, &history).unwrap();
        assert_eq!(report.outcome, Outcome::Identical(2), "{mode}");
        assert_eq!(report.version, 2);
        assert!(report.is_accepted());
    }
    let new_default = original.replace(r#""default":"x""#, r#""default":"y""#);
    let report = compat::check(
        DataFormat::Avro,
        Compatibility::Backward,
        &new_default,
        &history,
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Accepted);
    assert_eq!(report.version, 3);
}

/// The normalised text shown to reviewers is the one `check` compares: equal for respellings, and an
/// unparsable or oversized text is the same typed error as in `check`.
#[wasm_bindgen_test(unsupported = test)]
fn canonical_is_what_identical_compares() {
    let spaced = r#"{ "type" : "record", "name" : "Order", "fields" : [ { "type" : {"type":"long"}, "name" : "id" } ] }"#;
    let one = compat::canonical(DataFormat::Avro, V1).unwrap();
    assert_eq!(
        compat::canonical(DataFormat::Avro, &V1.replace(',', " , ")).unwrap(),
        one
    );
    assert_ne!(compat::canonical(DataFormat::Avro, spaced).unwrap(), one);
    let json = compat::canonical(DataFormat::Json, r#"{ "type":"object", "title":"t" }"#).unwrap();
    assert_eq!(json, r#"{"title":"t","type":"object"}"#);
    let error = compat::canonical(DataFormat::Protobuf, "message {").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Malformed);
    let error = compat::canonical(DataFormat::Json, " \n ").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let error = compat::canonical(DataFormat::Json, "").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

#[wasm_bindgen_test(unsupported = test)]
fn unparsable_versions_and_oversized_definitions_are_typed_errors() {
    let error = compat::check(
        DataFormat::Avro,
        Compatibility::Backward,
        V1,
        &[(1, "{nope")],
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Malformed);
    assert!(error.message().starts_with("version 1:"), "{error}");
    let huge = format!(
        r#"{{"type":"enum","name":"E","symbols":["{}"]}}"#,
        "A".repeat(170_001)
    );
    let error = compat::check(DataFormat::Avro, Compatibility::None, &huge, &[]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use glueprint_core::compat::{self, Outcome};
    use glueprint_core::registry::{Compatibility, DataFormat};
    use proptest::prelude::*;

    /// Random Avro types: primitives, arrays, maps, unions of distinct primitives, enums, fixed and
    /// records (with fresh names, so every schema parses).
    fn avro_type() -> impl Strategy<Value = String> {
        let primitive = prop::sample::select(vec![
            "null", "boolean", "int", "long", "float", "double", "bytes", "string",
        ])
        .prop_map(|p| format!("\"{p}\""));
        let leaf = prop_oneof![
            primitive,
            (1usize..5).prop_map(|n| {
                let symbols: Vec<String> = (0..n).map(|i| format!("\"S{i}\"")).collect();
                format!(
                    r#"{{"type":"enum","name":"NAME","symbols":[{}]}}"#,
                    symbols.join(",")
                )
            }),
            (1usize..20)
                .prop_map(|size| format!(r#"{{"type":"fixed","name":"NAME","size":{size}}}"#)),
            prop::sample::subsequence(vec!["null", "int", "string", "double"], 1..4).prop_map(
                |branches| format!(
                    "[{}]",
                    branches
                        .iter()
                        .map(|b| format!("\"{b}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            ),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner
                    .clone()
                    .prop_map(|items| format!(r#"{{"type":"array","items":{items}}}"#)),
                inner
                    .clone()
                    .prop_map(|values| format!(r#"{{"type":"map","values":{values}}}"#)),
                prop::collection::vec(inner, 0..4).prop_map(|fields| {
                    let fields: Vec<String> = fields
                        .iter()
                        .enumerate()
                        .map(|(i, t)| format!(r#"{{"name":"f{i}","type":{t}}}"#))
                        .collect();
                    format!(
                        r#"{{"type":"record","name":"NAME","fields":[{}]}}"#,
                        fields.join(",")
                    )
                }),
            ]
        })
    }

    /// Gives every `NAME` a distinct name.
    fn named(text: &str) -> String {
        let mut out = String::new();
        for (i, part) in text.split("NAME").enumerate() {
            if i > 0 {
                out.push_str(&format!("N{i}"));
            }
            out.push_str(part);
        }
        out
    }

    proptest! {
        /// A schema reads itself, so re-registering it (reformatted) is never a new version and a
        /// different spelling of it passes every mode.
        #[test]
        fn a_schema_is_compatible_with_itself_in_every_mode(schema in avro_type()) {
            let schema = named(&schema);
            let pretty = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&schema).unwrap()).unwrap();
            let parsed = compat::avro::AvroSchema::parse(&schema).unwrap();
            prop_assert!(compat::avro::can_read(&parsed, &parsed).unwrap().is_compatible());
            for mode in Compatibility::ALL {
                let report = compat::check(DataFormat::Avro, mode, &pretty, &[(1, &schema)]).unwrap();
                prop_assert_eq!(report.outcome, Outcome::Identical(1));
            }
        }

        /// Adding a field with a default to a record is BACKWARD compatible; without a default it is
        /// not, and the finding points at the new field.
        #[test]
        fn adding_a_field_needs_a_default(field in avro_type(), fields in 0usize..4) {
            let base: Vec<String> = (0..fields).map(|i| format!(r#"{{"name":"f{i}","type":"int"}}"#)).collect();
            let old = format!(r#"{{"type":"record","name":"R","fields":[{}]}}"#, base.join(","));
            let mut grown = base.clone();
            grown.push(format!(r#"{{"name":"added","type":{}}}"#, named(&field)));
            let new = format!(r#"{{"type":"record","name":"R","fields":[{}]}}"#, grown.join(","));
            let report = compat::check(DataFormat::Avro, Compatibility::Backward, &new, &[(1, &old)]).unwrap();
            prop_assert_eq!(report.outcome, Outcome::Rejected);
            prop_assert_eq!(&report.findings[0].location, &format!("/fields/{fields}"));
            let report = compat::check(DataFormat::Avro, Compatibility::Forward, &new, &[(1, &old)]).unwrap();
            prop_assert_eq!(report.outcome, Outcome::Accepted);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON Schema (Confluent's rules).

fn json_schema(value: &Value) -> JsonSchema {
    JsonSchema::parse(&value.to_string()).unwrap_or_else(|error| panic!("{error}: {value}"))
}

/// Confluent's `diff-schema-examples` style: every difference as `"<TYPE> <path>"`, compared as a
/// multiset (Confluent iterates properties in hash order), and the BACKWARD verdict under both
/// policies (`compatible_lenient` was computed from compat.md's lists of kinds, not from the checker).
#[wasm_bindgen_test(unsupported = test)]
fn json_schema_differences_and_verdicts() {
    let cases: Value = serde_json::from_str(include_str!("data/compat/json/cases.json")).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() > 60);
    let lenient_only = cases
        .iter()
        .filter(|case| case["compatible"] != case["compatible_lenient"])
        .count();
    assert!(
        lenient_only >= 5,
        "{lenient_only} cases tell the policies apart"
    );
    let mut failures = Vec::new();
    for case in cases {
        let original = json_schema(&case["original"]);
        let update = json_schema(&case["update"]);
        for (policy, verdict) in [
            (json_schema::Policy::Strict, &case["compatible"]),
            (json_schema::Policy::Lenient, &case["compatible_lenient"]),
        ] {
            let mut found: Vec<String> = json_schema::diff(&original, &update, policy)
                .unwrap()
                .into_iter()
                .map(|d| format!("{} {}", d.kind, d.path))
                .collect();
            let mut expected: Vec<String> = case["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect();
            found.sort();
            expected.sort();
            let compatible = json_schema::can_read(&update, &original, policy)
                .unwrap()
                .is_compatible();
            if found != expected || compatible != verdict.as_bool().unwrap() {
                failures.push(format!(
                    "{} ({policy}): expected {expected:?} ({verdict}), found {found:?} ({compatible})",
                    case["description"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// LENIENT through the registry modes: the property added to an open model that STRICT rejects
/// registers, a required one without a default still does not.
#[wasm_bindgen_test(unsupported = test)]
fn json_schema_lenient_policy_in_registry_modes() {
    let v1 = r#"{"type":"object","properties":{"id":{"type":"integer"}}}"#;
    let optional =
        r#"{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}"#;
    let required = r#"{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}},"required":["name"]}"#;
    let check = |policy, new| {
        compat::check_under(
            DataFormat::Json,
            Compatibility::BackwardAll,
            policy,
            new,
            &[(1, v1)],
        )
        .unwrap()
        .outcome
    };
    assert_eq!(
        check(json_schema::Policy::Strict, optional),
        Outcome::Rejected
    );
    assert_eq!(
        check(json_schema::Policy::Lenient, optional),
        Outcome::Accepted
    );
    assert_eq!(
        check(json_schema::Policy::Lenient, required),
        Outcome::Rejected
    );
    assert_eq!(
        "lenient".parse::<json_schema::Policy>().unwrap(),
        json_schema::Policy::Lenient
    );
    assert!("loose".parse::<json_schema::Policy>().is_err());
}

/// A `patternProperties` pattern the regex engine cannot compile is refused with the pattern named,
/// rather than silently matching nothing.
#[wasm_bindgen_test(unsupported = test)]
fn json_schema_unsupported_patterns_are_named() {
    let error = JsonSchema::parse(r#"{"patternProperties":{"(unclosed":{}}}"#).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported);
    assert!(error.message().contains("(unclosed"), "{error}");
}

/// The complaint users raise most: adding an optional property to an open model fails BACKWARD, and
/// the finding says why and where; closing the old model makes the same change pass.
#[wasm_bindgen_test(unsupported = test)]
fn json_schema_registry_modes_explain_open_content_models() {
    let v1 = r#"{"type":"object","properties":{"id":{"type":"integer"}}}"#;
    let v2 = r#"{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}"#;
    let report = compat::check(DataFormat::Json, Compatibility::Backward, v2, &[(1, v1)]).unwrap();
    assert_eq!(report.outcome, Outcome::Rejected);
    assert_eq!(
        flat(&report.findings)
            .into_iter()
            .map(|(kind, location, _, reader, writer)| (kind, location, reader, writer))
            .collect::<Vec<_>>(),
        vec![(
            "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL".to_owned(),
            "#/properties/name".to_owned(),
            2,
            1
        )]
    );
    assert!(report.findings[0].message.contains("open content model"));
    // FORWARD: v1 (open) reads v2 data, since it allows any additional property.
    let report = compat::check(DataFormat::Json, Compatibility::Forward, v2, &[(1, v1)]).unwrap();
    assert_eq!(report.outcome, Outcome::Accepted);
    let closed = v1.replace(
        r#""type":"object","#,
        r#""type":"object","additionalProperties":false,"#,
    );
    let grown = v2.replace(
        r#""type":"object","#,
        r#""type":"object","additionalProperties":false,"#,
    );
    let report = compat::check(
        DataFormat::Json,
        Compatibility::Backward,
        &grown,
        &[(1, &closed)],
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Accepted);
    // Key order and whitespace do not make a new version.
    let respelled = r#"{ "properties" : { "id" : { "type" : "integer" } }, "type" : "object" }"#;
    let report = compat::check(
        DataFormat::Json,
        Compatibility::FullAll,
        respelled,
        &[(1, v1)],
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Identical(1));
}

#[wasm_bindgen_test(unsupported = test)]
fn json_schema_bad_inputs_are_typed_errors() {
    let cases = [
        ("{", ErrorKind::Malformed),
        ("3", ErrorKind::Malformed),
        (
            r##"{"$ref":"#/definitions/missing"}"##,
            ErrorKind::Malformed,
        ),
        (r#"{"$ref":"other.json#/a"}"#, ErrorKind::Unsupported),
        (
            r##"{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}"##,
            ErrorKind::TooLarge,
        ),
    ];
    for (text, kind) in cases {
        let error = JsonSchema::parse(text).unwrap_err();
        assert_eq!(error.kind(), kind, "{text}: {error}");
    }
    let deep = format!("{}{}", r#"{"items":"#.repeat(100_000), "}".repeat(100_000));
    let error = JsonSchema::parse(&deep).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge);
}

/// Definitions that each refer to the next: shallow text, deep comparison, bounded.
#[wasm_bindgen_test(unsupported = test)]
fn json_schema_ref_chains_are_bounded() {
    let count = 1_000;
    let definitions: Vec<String> = (0..count)
        .map(|i| {
            let next = if i + 1 < count {
                format!(r##"{{"$ref":"#/definitions/d{}"}}"##, i + 1)
            } else {
                r#"{"type":"string"}"#.into()
            };
            format!(r#""d{i}":{{"type":"object","properties":{{"x":{next}}}}}"#)
        })
        .collect();
    let text = format!(
        r##"{{"definitions":{{{}}},"$ref":"#/definitions/d0"}}"##,
        definitions.join(",")
    );
    let schema = JsonSchema::parse(&text).unwrap();
    let error = json_schema::can_read(&schema, &schema, json_schema::Policy::Strict).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge, "{error}");
}

// ---------------------------------------------------------------------------------------------------
// Protobuf (Confluent's wire rules).

fn proto_changes(original: &str, update: &str) -> (Vec<String>, bool) {
    let original = ProtoSchema::parse(original).unwrap_or_else(|e| panic!("{e}: {original}"));
    let update = ProtoSchema::parse(update).unwrap_or_else(|e| panic!("{e}: {update}"));
    let mut changes: Vec<String> = protobuf::diff(&original, &update)
        .into_iter()
        .map(|d| format!("{} {}", d.kind, d.path))
        .collect();
    changes.sort();
    (
        changes,
        protobuf::can_read(&update, &original)
            .unwrap()
            .is_compatible(),
    )
}

/// The rules of compat.md §6.1, one change each, with Confluent's kind, path and verdict.
#[wasm_bindgen_test(unsupported = test)]
fn protobuf_differences_and_verdicts() {
    let m =
        |body: &str| format!("syntax = \"proto3\";\npackage shop;\nmessage Order {{\n{body}\n}}\n");
    let base = m("string id = 1;\nint32 amount = 2;");
    let cases: Vec<(String, Vec<&str>, bool)> = vec![
        (m("string id = 1;\nint32 amount = 2;\nstring currency = 3;"), vec!["FIELD_ADDED #/Order/3"], true),
        (m("string id = 1;"), vec!["FIELD_REMOVED #/Order/2"], true),
        (m("string id = 1;\nint32 total = 2;"), vec!["FIELD_NAME_CHANGED #/Order/2"], true),
        (m("string id = 1;\nint64 amount = 2;"), vec![], true),
        (m("string id = 1;\nbool amount = 2;"), vec![], true),
        (m("string id = 1;\nsint32 amount = 2;"), vec!["FIELD_SCALAR_KIND_CHANGED #/Order/2"], false),
        (m("string id = 1;\nstring amount = 2;"), vec!["FIELD_SCALAR_KIND_CHANGED #/Order/2"], false),
        (m("bytes id = 1;\nint32 amount = 2;"), vec![], true),
        (m("repeated string id = 1;\nint32 amount = 2;"), vec!["FIELD_STRING_OR_BYTES_LABEL_CHANGED #/Order/1"], true),
        (m("string id = 1;\nrepeated int32 amount = 2;"), vec!["FIELD_NUMERIC_LABEL_CHANGED #/Order/2"], false),
        (
            m("string id = 1;\nint32 amount = 5;"),
            vec!["FIELD_ADDED #/Order/5", "FIELD_REMOVED #/Order/2"],
            true,
        ),
        (
            m("string id = 1;\nAmount amount = 2;\nmessage Amount { int64 cents = 1; }"),
            vec!["FIELD_KIND_CHANGED #/Order/2", "MESSAGE_ADDED #/Order.Amount"],
            false,
        ),
        (
            m("string id = 1;\nmap<string, int32> amount = 2;"),
            vec!["FIELD_KIND_CHANGED #/Order/2", "FIELD_NUMERIC_LABEL_CHANGED #/Order/2", "MESSAGE_ADDED #/Order.AmountEntry"],
            false,
        ),
        (
            m("oneof key { string id = 1;\nint32 amount = 2; }"),
            vec!["MULTIPLE_FIELDS_MOVED_TO_ONEOF #/Order/key", "ONEOF_ADDED #/Order/key"],
            false,
        ),
        (m("oneof key { string id = 1; }\nint32 amount = 2;"), vec!["ONEOF_ADDED #/Order/key"], true),
        (
            format!("{base}message Refund {{ string id = 1; }}\n"),
            vec!["MESSAGE_ADDED #/Refund"],
            true,
        ),
        (base.replace("package shop;", "package store;"), vec!["PACKAGE_CHANGED #/"], false),
        (
            "syntax = \"proto3\";\npackage shop;\nmessage Invoice {\nstring id = 1;\nint32 amount = 2;\n}\n".into(),
            vec!["MESSAGE_ADDED #/Invoice", "MESSAGE_REMOVED #/Order"],
            false,
        ),
    ];
    for (update, expected, compatible) in cases {
        let (found, verdict) = proto_changes(&base, &update);
        let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
        expected.sort();
        assert_eq!((&found, verdict), (&expected, compatible), "{update}");
    }
    // Moving a field into an existing oneof, removing a oneof member, required fields (proto2).
    let with_oneof = m("oneof key { string id = 1; }\nint32 amount = 2;");
    let (found, verdict) = proto_changes(
        &with_oneof,
        &m("oneof key { string id = 1;\nint32 amount = 2; }"),
    );
    assert_eq!(
        (found, verdict),
        (
            vec!["FIELD_MOVED_TO_EXISTING_ONEOF #/Order/2".to_owned()],
            false
        )
    );
    let (found, verdict) = proto_changes(&with_oneof, &m("int32 amount = 2;"));
    assert_eq!(
        (found, verdict),
        (
            vec![
                "ONEOF_FIELD_REMOVED #/Order/1".to_owned(),
                "ONEOF_REMOVED #/Order/key".to_owned()
            ],
            false
        )
    );
    let proto2 = |body: &str| format!("syntax = \"proto2\";\nmessage Order {{\n{body}\n}}\n");
    let (found, verdict) = proto_changes(
        &proto2("optional string id = 1;"),
        &proto2("optional string id = 1;\nrequired int32 amount = 2;"),
    );
    assert_eq!(
        (found, verdict),
        (vec!["REQUIRED_FIELD_ADDED #/Order/2".to_owned()], false)
    );
    // Enum changes are all compatible for Confluent.
    let enumeration = |values: &str| format!("syntax = \"proto3\";\nenum State {{ {values} }}\n");
    let (found, verdict) = proto_changes(
        &enumeration("NEW = 0; PAID = 1;"),
        &enumeration("NEW = 0; SHIPPED = 2;"),
    );
    assert_eq!(
        (found, verdict),
        (
            vec![
                "ENUM_CONST_ADDED #/State/2".to_owned(),
                "ENUM_CONST_REMOVED #/State/1".to_owned()
            ],
            true
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn protobuf_through_the_registry() {
    let v1 = "syntax = \"proto3\";\nmessage Order { string id = 1; int32 amount = 2; }\n";
    let commented = "// the same schema\nsyntax = \"proto3\";\n\nmessage Order {\n  string id = 1;   // key\n  int32 amount = 2;\n}\n";
    let report = compat::check(
        DataFormat::Protobuf,
        Compatibility::Backward,
        commented,
        &[(1, v1)],
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Identical(1));
    let retyped = "syntax = \"proto3\";\nmessage Order { string id = 1; double amount = 2; }\n";
    for mode in [
        Compatibility::Backward,
        Compatibility::Forward,
        Compatibility::FullAll,
    ] {
        let report = compat::check(DataFormat::Protobuf, mode, retyped, &[(1, v1)]).unwrap();
        assert_eq!(report.outcome, Outcome::Rejected, "{mode}");
        assert_eq!(
            report.findings[0].kind.to_string(),
            "FIELD_SCALAR_KIND_CHANGED"
        );
        assert_eq!(report.findings[0].location, "#/Order/2");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn protobuf_bad_inputs_are_typed_errors() {
    let error = ProtoSchema::parse("syntax = \"proto3\";\nmessage Order {\n  string id = ;\n}\n")
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Malformed);
    assert!(error.message().contains("line 3"), "{error}");
    let deep = format!(
        "syntax = \"proto3\";\n{}{}",
        "message M {".repeat(100_000),
        "}".repeat(100_000)
    );
    let error = ProtoSchema::parse(&deep).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge, "{error}");
}
