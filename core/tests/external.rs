//! Files nobody here wrote: every file in `../shared/data/bad/` and every Parquet file from the Apache
//! test suites in `../shared/data/external/`. Native only (they are read from disk by directory walk).
//!
//! The oracle for the external files is pyarrow (`tests/oracles/pyarrow_columns.py`, output committed in
//! `data/external_parquet_columns.json`): where pyarrow reads a schema we must give the same top-level
//! columns (after Glue's name normalisation); where it fails we must give a typed error, with the one
//! deliberate exception listed in `LENIENT`. A panic anywhere fails the test.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use glueprint_core::infer::{self, InferredTable};
use glueprint_core::source::{FileSource, complete_now};
use glueprint_core::{ErrorKind, Result, names};

mod support;
use support::{shared, walk};

/// Files pyarrow rejects but whose schema is sound enough for a catalog: `incorrect_map_schema.parquet`
/// has an optional map key, which Arrow refuses and Hive/Glue accept.
const LENIENT: &[&str] = &["parquet-testing/data/incorrect_map_schema.parquet"];

fn infer_path(path: &Path) -> Result<InferredTable> {
    let source = FileSource::open(path)?;
    complete_now(infer::infer_file(&source, &path.to_string_lossy())).unwrap()
}

#[test]
fn every_bad_file_is_a_typed_error() {
    let files = walk(&shared("bad"));
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    for path in files {
        let err = infer_path(&path).expect_err(&path.display().to_string());
        assert!(
            matches!(
                err.kind(),
                ErrorKind::Malformed | ErrorKind::Unsupported | ErrorKind::TooLarge
            ),
            "{}: {err}",
            path.display()
        );
        assert!(!err.message().is_empty());
    }
}

#[test]
fn external_parquet_files_match_pyarrow() {
    let cases =
        crate::support::oracle_cases(include_str!("data/external_parquet_columns.json"), |p| {
            p.to_string_lossy().contains(".parquet")
        });

    let (mut matched, mut refused) = (0, 0);
    for case in cases {
        let columns = case.columns();
        let crate::support::OracleCase { rel, path, want } = &case;
        match (infer_path(path), columns) {
            (Ok(table), Some(raw)) => {
                let got: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(got, names::by_name_column_names(raw), "{rel}");
                matched += 1;
            }
            (Err(e), None) => {
                assert!(
                    matches!(e.kind(), ErrorKind::Malformed | ErrorKind::Unsupported),
                    "{rel}: {e}"
                );
                if rel.contains(".encrypted") {
                    assert!(e.message().contains("encrypted"), "{rel}: {e}");
                }
                refused += 1;
            }
            (Ok(_), None) => assert!(
                LENIENT.contains(&rel.as_str()),
                "{rel}: pyarrow refuses it: {want}"
            ),
            (Err(e), Some(_)) => panic!("{rel}: pyarrow reads it, Glueprint said: {e}"),
        }
    }
    assert!(
        matched >= 80 && refused >= 10,
        "matched {matched}, refused {refused}"
    );
}

/// The row count read past the schema (without decoding the row groups) is the one the `parquet` crate
/// decodes from the whole footer, for every Parquet file here whose footer it decodes.
#[test]
fn parquet_row_counts_equal_the_whole_footer_decode() {
    let mut compared = 0;
    for path in walk(&shared("")) {
        if path.extension().is_none_or(|e| e != "parquet") {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let Ok(metadata) =
            parquet::file::metadata::ParquetMetaDataReader::new().parse_and_finish(&file)
        else {
            continue;
        };
        let table = infer_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            table.parameters.get("recordCount").map(String::as_str),
            Some(metadata.file_metadata().num_rows().to_string().as_str()),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 50, "only {compared} Parquet files compared");
}
