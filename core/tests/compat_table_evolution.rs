//! Athena table evolution: one test per row of glue.md §7.1 (every format column of the matrix), the
//! compatible type changes of §7.2, and the partition-key, storage and Avro rows of §7.4.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::catalog::{Column, FormatPreset, Parameters, StorageDescriptor, Table};
use glueprint_core::compat::table_evolution::{ChangeKind, Safety, TableFormat, evolve};
use glueprint_core::types::parse_hive_type;
use wasm_bindgen_test::wasm_bindgen_test;

/// The seven format columns of Athena's matrix (§7.1), each with how it is set up in Glue.
#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Tsv,
    Json,
    Avro,
    ParquetByName,
    ParquetByIndex,
    OrcByIndex,
    OrcByName,
}

const FORMATS: [Format; 8] = [
    Format::Csv,
    Format::Tsv,
    Format::Json,
    Format::Avro,
    Format::ParquetByName,
    Format::ParquetByIndex,
    Format::OrcByIndex,
    Format::OrcByName,
];

fn columns(spec: &[(&str, &str)]) -> Vec<Column> {
    spec.iter()
        .map(|(name, data_type)| Column::new(*name, parse_hive_type(data_type).unwrap()))
        .collect()
}

fn table(format: Format, spec: &[(&str, &str)], partition_keys: &[(&str, &str)]) -> Table {
    let columns = columns(spec);
    let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let (preset, index_access) = match format {
        Format::Csv => (FormatPreset::Csv, None),
        Format::Tsv => (FormatPreset::Tsv, None),
        Format::Json => (FormatPreset::Json, None),
        Format::Avro => (FormatPreset::Avro, None),
        Format::ParquetByName => (FormatPreset::Parquet, None),
        Format::ParquetByIndex => (
            FormatPreset::Parquet,
            Some(("parquet.column.index.access", "true")),
        ),
        Format::OrcByIndex => (FormatPreset::Orc, None),
        Format::OrcByName => (
            FormatPreset::Orc,
            Some(("orc.column.index.access", "false")),
        ),
    };
    let mut storage_format = preset.storage_format(&names);
    if let Some((key, value)) = index_access {
        storage_format
            .serde
            .parameters
            .insert(key.into(), value.into());
    }
    Table {
        name: "events".into(),
        database_name: "lake".into(),
        description: None,
        partition_keys: self::columns(partition_keys),
        storage: StorageDescriptor {
            columns,
            location: Some("s3://bucket/events/".into()),
            format: storage_format,
            compressed: false,
            parameters: Parameters::new(),
        },
        parameters: Parameters::from([(
            "classification".to_owned(),
            preset.classification().to_owned(),
        )]),
    }
}

const BASE: [(&str, &str); 3] = [("a", "int"), ("b", "string"), ("c", "double")];
const DAY: [(&str, &str); 1] = [("day", "string")];

/// Asserts, for every format, whether changing `BASE` into `after` is safe, as the matrix row says
/// (`expected` in the order of [`FORMATS`]); and that the change is reported with `kind`.
fn row(after: &[(&str, &str)], kind: ChangeKind, expected: [bool; 8]) {
    for (format, safe) in FORMATS.into_iter().zip(expected) {
        let evolution = evolve(&table(format, &BASE, &[]), &table(format, after, &[]));
        assert!(
            evolution.findings.iter().any(|f| f.kind == kind),
            "{format:?}: no {kind} in {:?}",
            evolution.findings
        );
        assert_eq!(
            evolution.verdict() == Safety::Safe,
            safe,
            "{format:?} {kind}: {:?}",
            evolution.findings
        );
    }
}

//                     CSV    TSV    JSON   Avro   PqName PqIdx  OrcIdx OrcName
#[wasm_bindgen_test(unsupported = test)]
fn rename_columns() {
    let after = [("a", "int"), ("x", "string"), ("c", "double")];
    row(
        &after,
        ChangeKind::ColumnRenamed,
        [true, true, false, false, false, true, true, false],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn add_columns_at_beginning_or_middle() {
    let middle = [
        ("a", "int"),
        ("x", "bigint"),
        ("b", "string"),
        ("c", "double"),
    ];
    let first = [
        ("x", "bigint"),
        ("a", "int"),
        ("b", "string"),
        ("c", "double"),
    ];
    for after in [&middle[..], &first[..]] {
        row(
            after,
            ChangeKind::ColumnAddedInMiddle,
            [false, false, true, true, true, false, false, true],
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn add_columns_at_end() {
    let after = [
        ("a", "int"),
        ("b", "string"),
        ("c", "double"),
        ("x", "bigint"),
    ];
    row(&after, ChangeKind::ColumnAddedAtEnd, [true; 8]);
}

#[wasm_bindgen_test(unsupported = test)]
fn remove_columns() {
    for after in [&BASE[..2], &BASE[1..], &[BASE[0], BASE[2]][..]] {
        row(
            after,
            ChangeKind::ColumnRemoved,
            [false, false, true, true, true, false, false, true],
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn reorder_columns() {
    let after = [("b", "string"), ("a", "int"), ("c", "double")];
    row(
        &after,
        ChangeKind::ColumnMoved,
        [false, false, true, true, true, false, false, true],
    );
}

/// §7.1's last row, with §7.2's rule that Parquet and ORC change types only in partitioned tables.
#[wasm_bindgen_test(unsupported = test)]
fn change_a_columns_data_type() {
    let after = [("a", "bigint"), ("b", "string"), ("c", "double")];
    for format in FORMATS {
        let partitioned = evolve(&table(format, &BASE, &DAY), &table(format, &after, &DAY));
        assert_eq!(partitioned.verdict(), Safety::Safe, "{format:?}");
        assert_eq!(partitioned.findings[0].kind, ChangeKind::TypeWidened);
        assert_eq!(partitioned.findings[0].path, "/columns/0");
        let unpartitioned = evolve(&table(format, &BASE, &[]), &table(format, &after, &[]));
        let columnar = matches!(
            format,
            Format::ParquetByName | Format::ParquetByIndex | Format::OrcByIndex | Format::OrcByName
        );
        assert_eq!(
            unpartitioned.verdict() == Safety::Unsafe,
            columnar,
            "{format:?}: {:?}",
            unpartitioned.findings
        );
    }
}

/// The verdict of retyping column `a` from `from` to `to` in a partitioned table of `format`.
fn retype(format: Format, from: &str, to: &str) -> Safety {
    let evolution = evolve(
        &table(format, &[("a", from)], &DAY),
        &table(format, &[("a", to)], &DAY),
    );
    evolution.verdict()
}

#[wasm_bindgen_test(unsupported = test)]
fn the_compatible_type_changes_athena_lists_are_safe() {
    let allowed = [
        ("tinyint", ["smallint", "int", "bigint"].as_slice()),
        ("smallint", &["int", "bigint"]),
        ("int", &["bigint"]),
        ("float", &["double"]),
    ];
    for format in FORMATS {
        for (from, targets) in allowed {
            for to in targets {
                assert_eq!(
                    retype(format, from, to),
                    Safety::Safe,
                    "{format:?} {from}→{to}"
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn type_changes_athena_does_not_list_are_unsafe() {
    let refused = [
        ("bigint", "int"),
        ("int", "smallint"),
        ("double", "float"),
        ("int", "double"),
        ("int", "decimal(10,0)"),
        ("decimal(10,2)", "decimal(12,2)"),
        ("date", "timestamp"),
        ("int", "string"),
        ("binary", "string"),
        ("boolean", "int"),
        ("varchar(10)", "varchar(20)"),
    ];
    for format in FORMATS {
        for (from, to) in refused {
            assert_eq!(
                retype(format, from, to),
                Safety::Unsafe,
                "{format:?} {from}→{to}"
            );
        }
    }
}

/// STRING → BYTE/TINYINT/SMALLINT/INT/BIGINT: text formats re-parse the values (safe if they parse);
/// Parquet, ORC and Avro store strings and numbers differently.
#[wasm_bindgen_test(unsupported = test)]
fn string_to_number_is_safe_only_for_text_whose_values_parse() {
    for format in FORMATS {
        let expected = if matches!(format, Format::Csv | Format::Tsv | Format::Json) {
            Safety::Conditional
        } else {
            Safety::Unsafe
        };
        for to in ["tinyint", "smallint", "int", "bigint"] {
            assert_eq!(
                retype(format, "string", to),
                expected,
                "{format:?} string→{to}"
            );
        }
        assert_eq!(
            retype(format, "string", "double"),
            Safety::Unsafe,
            "{format:?}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn changes_inside_nested_types_are_unsafe() {
    for format in FORMATS {
        let evolution = evolve(
            &table(format, &[("s", "struct<x:int>")], &DAY),
            &table(format, &[("s", "struct<x:int,y:string>")], &DAY),
        );
        assert_eq!(evolution.findings.len(), 1);
        assert_eq!(evolution.findings[0].kind, ChangeKind::NestedTypeChanged);
        assert_eq!(evolution.verdict(), Safety::Unsafe, "{format:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn partition_key_changes_are_unsafe() {
    let changes: [&[(&str, &str)]; 4] = [
        &[],
        &[("day", "string"), ("region", "string")],
        &[("dt", "string")],
        &[("day", "date")],
    ];
    for format in FORMATS {
        for keys in changes {
            let evolution = evolve(&table(format, &BASE, &DAY), &table(format, &BASE, keys));
            assert_eq!(evolution.findings.len(), 1, "{format:?} {keys:?}");
            assert_eq!(evolution.findings[0].kind, ChangeKind::PartitionKeysChanged);
            assert_eq!(evolution.findings[0].path, "/partitionKeys");
            assert_eq!(evolution.verdict(), Safety::Unsafe);
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn storage_changes_are_unsafe() {
    let before = table(Format::Csv, &BASE, &[]);
    let mut delimiter = before.clone();
    delimiter
        .storage
        .format
        .serde
        .parameters
        .insert("field.delim".into(), ";".into());
    let mut compression = before.clone();
    compression
        .parameters
        .insert("compressionType".into(), "gzip".into());
    let mut serde = table(Format::Json, &BASE, &[]);
    serde.storage.format = before.storage.format.clone();
    serde.storage.format.serde.serialization_library = "org.openx.data.jsonserde.JsonSerDe".into();
    let index_access = table(Format::ParquetByIndex, &BASE, &[]);
    let cases = [
        (
            &before,
            &delimiter,
            "/storageDescriptor/serdeInfo/parameters/field.delim",
        ),
        (&before, &compression, "/parameters/compressionType"),
        (
            &before,
            &serde,
            "/storageDescriptor/serdeInfo/serializationLibrary",
        ),
        (
            &table(Format::ParquetByName, &BASE, &[]),
            &index_access,
            "/storageDescriptor/serdeInfo/parameters/parquet.column.index.access",
        ),
    ];
    for (old, new, path) in cases {
        let evolution = evolve(old, new);
        let finding = evolution
            .findings
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} in {:?}", evolution.findings));
        assert_eq!(finding.kind, ChangeKind::StorageChanged);
        assert_eq!(evolution.verdict(), Safety::Unsafe);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn json_paths_follow_the_columns_without_a_storage_finding() {
    let after = [("a", "int"), ("b", "string"), ("c", "double"), ("d", "int")];
    let evolution = evolve(
        &table(Format::Json, &BASE, &[]),
        &table(Format::Json, &after, &[]),
    );
    let kinds: Vec<ChangeKind> = evolution.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [ChangeKind::ColumnAddedAtEnd]);
    assert_eq!(evolution.findings[0].path, "/columns/3");
}

/// §7.4's footnote: Athena reads Avro through `avro.schema.literal`, so a new column needs a default
/// there for older files.
#[wasm_bindgen_test(unsupported = test)]
fn avro_new_columns_need_a_default_in_the_schema_literal() {
    let literal = |default: bool| {
        let extra = if default {
            r#"{"name":"d","type":["null","int"],"default":null}"#
        } else {
            r#"{"name":"d","type":"int"}"#
        };
        format!(r#"{{"type":"record","name":"r","fields":[{{"name":"a","type":"int"}},{extra}]}}"#)
    };
    let before = table(Format::Avro, &[("a", "int")], &[]);
    for default in [true, false] {
        let mut after = table(Format::Avro, &[("a", "int"), ("d", "int")], &[]);
        after
            .storage
            .format
            .serde
            .parameters
            .insert("avro.schema.literal".into(), literal(default));
        let evolution = evolve(&before, &after);
        let missing = evolution
            .findings
            .iter()
            .any(|f| f.kind == ChangeKind::AvroFieldWithoutDefault && f.path == "/columns/1");
        assert_eq!(missing, !default, "{:?}", evolution.findings);
        assert_eq!(evolution.verdict() == Safety::Safe, default);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn findings_name_the_columns_and_say_why() {
    let csv = evolve(
        &table(Format::Csv, &BASE, &[]),
        &table(
            Format::Csv,
            &[("b", "string"), ("a", "int"), ("c", "double")],
            &[],
        ),
    );
    assert_eq!(csv.format, TableFormat::Delimited);
    let concerns: Vec<_> = csv.concerns().collect();
    assert_eq!(concerns.len(), 1);
    assert_eq!(concerns[0].path, "/columns/1");
    assert!(
        concerns[0].message.contains("Column a moved"),
        "{}",
        concerns[0].message
    );
    assert!(
        concerns[0].message.contains("by position"),
        "{}",
        concerns[0].message
    );
    assert_eq!(ChangeKind::ColumnMoved.to_string(), "COLUMN_MOVED");

    let removed = evolve(
        &table(Format::Csv, &BASE, &[]),
        &table(Format::Csv, &BASE[..2], &[]),
    );
    assert_eq!(removed.findings[0].path, "/columns/2");
    assert!(
        removed.findings[0]
            .message
            .starts_with("Column c was removed")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn no_change_or_a_comment_change_is_safe_with_no_findings() {
    for format in FORMATS {
        let before = table(format, &BASE, &DAY);
        let mut after = before.clone();
        after.storage.columns[1].comment = Some("free text".into());
        after.description = Some("described".into());
        let evolution = evolve(&before, &after);
        assert!(
            evolution.findings.is_empty(),
            "{format:?}: {:?}",
            evolution.findings
        );
        assert_eq!(evolution.verdict(), Safety::Safe);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn formats_come_from_the_serde_and_its_index_access_parameters() {
    let expected = [
        TableFormat::Delimited,
        TableFormat::Delimited,
        TableFormat::Json,
        TableFormat::Avro,
        TableFormat::Parquet { by_index: false },
        TableFormat::Parquet { by_index: true },
        TableFormat::Orc { by_index: true },
        TableFormat::Orc { by_index: false },
    ];
    for (format, expected) in FORMATS.into_iter().zip(expected) {
        assert_eq!(TableFormat::of(&table(format, &BASE, &[])), expected);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn an_unknown_serde_with_changed_columns_cannot_be_judged() {
    let mut before = table(Format::Csv, &BASE, &[]);
    before.storage.format.serde.serialization_library = "com.example.MySerDe".into();
    let mut after = before.clone();
    after.storage.columns.swap(0, 1);
    let evolution = evolve(&before, &after);
    let kinds: Vec<ChangeKind> = evolution.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [ChangeKind::UnknownFormat]);
    assert!(evolve(&before, &before).findings.is_empty());
}
