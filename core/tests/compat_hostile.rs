//! Hostile schemas for all three checkers: 100,000-deep nesting, recursive types, 100,000-symbol enums
//! and texts at Glue's 170,000-character limit. Each gives a finding or a typed error, never a panic or a
//! stack overflow: every case runs on a thread with a 1 MiB stack (half the test harness's default), so
//! a checker that recursed per level of input would crash this test binary instead of passing.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::compat::avro::{self, AvroSchema};
use glueprint_core::compat::json_schema::{self, JsonSchema, Policy};
use glueprint_core::compat::protobuf::{self, ProtoSchema};
use glueprint_core::compat::{self, Outcome};
use glueprint_core::registry::{Compatibility, DataFormat, MAX_DEFINITION_CHARS};
use glueprint_core::{ErrorKind, Result};

/// Runs `check` on a thread with a small stack and returns what it returned.
fn on_small_stack<T: Send + 'static>(check: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(check)
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("the check panicked"))
}

const FORMATS: [DataFormat; 3] = [DataFormat::Avro, DataFormat::Json, DataFormat::Protobuf];

/// `depth` levels of the format's own nesting around a trivial schema.
fn deep(format: DataFormat, depth: usize) -> String {
    match format {
        DataFormat::Avro => format!(
            "{}\"int\"{}",
            r#"{"type":"array","items":"#.repeat(depth),
            "}".repeat(depth)
        ),
        DataFormat::Json => format!(
            "{}{{}}{}",
            r#"{"type":"array","items":"#.repeat(depth),
            "}".repeat(depth)
        ),
        DataFormat::Protobuf => format!(
            "syntax = \"proto3\";\n{}{}",
            "message M { ".repeat(depth),
            "}".repeat(depth)
        ),
    }
}

/// The format's own parser (the registry check refuses 100,000 levels for their length first).
fn parse(format: DataFormat, text: &str) -> Result<()> {
    match format {
        DataFormat::Avro => AvroSchema::parse(text).map(drop),
        DataFormat::Json => JsonSchema::parse(text).map(drop),
        DataFormat::Protobuf => ProtoSchema::parse(text).map(drop),
    }
}

#[test]
fn nesting_100_000_deep_is_a_typed_error_for_every_format() {
    for format in FORMATS {
        let text = deep(format, 100_000);
        let (parsed, registered) = on_small_stack(move || {
            let parsed = parse(format, &text);
            // Cut to Glue's limit, the registry check refuses it for its depth, not its length.
            let cut = deep(format, 5_000);
            let registered = compat::check(format, Compatibility::BackwardAll, &cut, &[(1, &cut)]);
            (parsed, registered.map(drop))
        });
        let error = parsed.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TooLarge, "{format:?}: {error}");
        let error = registered.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TooLarge, "{format:?}: {error}");
        assert!(error.message().contains("nested deeper"), "{error}");
    }
}

/// A type that contains itself: the check terminates, finds nothing against itself, and finds the
/// change made deep inside the recursion.
#[test]
fn recursive_types_terminate_with_their_findings() {
    let findings = on_small_stack(|| -> Result<Vec<(String, Vec<String>)>> {
        let avro_list = |value: &str| {
            format!(
                r#"{{"type":"record","name":"Node","fields":[{{"name":"value","type":"{value}"}},{{"name":"next","type":["null","Node"]}}]}}"#
            )
        };
        let json_tree = |value: &str| {
            format!(
                r##"{{"type":"object","additionalProperties":false,"properties":{{"value":{{"type":"{value}"}},"children":{{"type":"array","items":{{"$ref":"#"}}}}}}}}"##
            )
        };
        let proto_tree = |value: &str| {
            format!(
                "syntax = \"proto3\";\nmessage Node {{\n  {value} value = 1;\n  repeated Node children = 2;\n  Node parent = 3;\n}}\n"
            )
        };
        let mut out = Vec::new();
        for (format, old, new) in [
            (DataFormat::Avro, avro_list("long"), avro_list("int")),
            (DataFormat::Json, json_tree("number"), json_tree("integer")),
            (DataFormat::Protobuf, proto_tree("int64"), proto_tree("string")),
        ] {
            let same = compat::check(format, Compatibility::FullAll, &old, &[(1, &old)])?;
            assert_eq!(same.outcome, Outcome::Identical(1));
            let report = compat::check(format, Compatibility::Backward, &new, &[(1, &old)])?;
            assert_eq!(report.outcome, Outcome::Rejected, "{format:?}");
            out.push((
                format!("{format:?}"),
                report.findings.iter().map(|f| format!("{} {}", f.kind, f.location)).collect(),
            ));
        }
        Ok(out)
    })
    .unwrap();
    assert_eq!(
        findings,
        [
            (
                "Avro".to_owned(),
                vec!["TYPE_MISMATCH /fields/0/type".to_owned()]
            ),
            (
                "Json".to_owned(),
                vec!["TYPE_NARROWED #/properties/value".to_owned()]
            ),
            (
                "Protobuf".to_owned(),
                vec!["FIELD_SCALAR_KIND_CHANGED #/Node/1".to_owned()]
            ),
        ]
    );
}

/// 100,000 enum symbols (more than Glue's 170,000 characters hold, so compared with the checkers
/// directly): the one symbol dropped is found, and the registry check refuses the text for its length.
#[test]
fn enums_of_100_000_symbols_are_compared() {
    const COUNT: usize = 100_000;
    let found = on_small_stack(|| -> Result<Vec<String>> {
        // Symbols S0..S99999 without S{skip}, quoted and comma-separated.
        let quoted = |skip: usize| {
            let symbols: Vec<String> = (0..COUNT)
                .filter(|i| *i != skip)
                .map(|i| format!("\"S{i}\""))
                .collect();
            symbols.join(",")
        };
        let avro_enum = |skip| {
            format!(
                r#"{{"type":"enum","name":"E","symbols":[{}]}}"#,
                quoted(skip)
            )
        };
        let json_enum = |skip| format!(r#"{{"enum":[{}]}}"#, quoted(skip));
        let proto_enum = |skip: usize| {
            let values: Vec<String> = (0..COUNT)
                .filter(|i| *i != skip)
                .map(|i| format!("  S{i} = {i};"))
                .collect();
            format!(
                "syntax = \"proto3\";\nenum E {{\n{}\n}}\n",
                values.join("\n")
            )
        };
        let (all, fewer) = (usize::MAX, 7);
        let mut found = Vec::new();
        let avro_pair = avro::can_read(
            &AvroSchema::parse(&avro_enum(fewer))?,
            &AvroSchema::parse(&avro_enum(all))?,
        )?;
        found.extend(
            avro_pair
                .incompatibilities
                .iter()
                .map(|i| format!("{} {}", i.kind, i.message)),
        );
        let json_pair = json_schema::can_read(
            &JsonSchema::parse(&json_enum(fewer))?,
            &JsonSchema::parse(&json_enum(all))?,
            Policy::Strict,
        )?;
        found.extend(
            json_pair
                .incompatibilities
                .iter()
                .map(|i| i.kind.to_string()),
        );
        let proto = protobuf::diff(
            &ProtoSchema::parse(&proto_enum(all))?,
            &ProtoSchema::parse(&proto_enum(fewer))?,
        );
        found.extend(proto.iter().map(|d| format!("{} {}", d.kind, d.path)));
        for format in FORMATS {
            let text = match format {
                DataFormat::Avro => avro_enum(all),
                DataFormat::Json => json_enum(all),
                DataFormat::Protobuf => proto_enum(all),
            };
            let error = compat::check(format, Compatibility::Backward, &text, &[]).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Invalid, "{format:?}: {error}");
        }
        Ok(found)
    })
    .unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0], "MISSING_ENUM_SYMBOLS [S7]");
    assert_eq!(found[1], "ENUM_ARRAY_NARROWED");
    assert!(found[2].starts_with("ENUM_CONST_REMOVED"), "{}", found[2]);
}

/// A schema of exactly 170,000 characters (a long documentation string) is checked; one more character
/// is refused with Glue's limit named.
#[test]
fn texts_at_glues_170_000_character_limit() {
    let outcomes = on_small_stack(|| {
        FORMATS.map(|format| {
            let text = |length: usize| {
                let (head, tail) = match format {
                    DataFormat::Avro => (
                        r#"{"type":"record","name":"R","doc":""#,
                        r#"","fields":[{"name":"a","type":"int"}]}"#,
                    ),
                    DataFormat::Json => (
                        r#"{"type":"object","description":""#,
                        r#"","properties":{"a":{"type":"integer"}}}"#,
                    ),
                    DataFormat::Protobuf => (
                        "syntax = \"proto3\";\n// ",
                        "\nmessage R {\n  int32 a = 1;\n}\n",
                    ),
                };
                let pad = length - head.len() - tail.len();
                format!("{head}{}{tail}", "x".repeat(pad))
            };
            let at_limit = text(MAX_DEFINITION_CHARS);
            assert_eq!(at_limit.chars().count(), 170_000);
            let checked = compat::check(format, Compatibility::Full, &at_limit, &[(1, &at_limit)])
                .map(|report| report.outcome);
            let over = compat::check(
                format,
                Compatibility::Full,
                &text(MAX_DEFINITION_CHARS + 1),
                &[],
            );
            (checked, over.map(drop))
        })
    });
    for (format, (checked, over)) in FORMATS.into_iter().zip(outcomes) {
        assert_eq!(checked.unwrap(), Outcome::Identical(1), "{format:?}");
        let error = over.unwrap_err();
        assert!(error.message().contains("170000"), "{format:?}: {error}");
    }
}
