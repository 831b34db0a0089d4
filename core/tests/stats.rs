//! Column statistics: exact from a Parquet or ORC footer (ORC's against numbers pyarrow computes from the
//! data), sampled from CSV, and the golden
//! `UpdateColumnStatisticsForTable` payloads (`data/stats/`, validated by `glue_validate.py` in
//! `scripts/test`). Run with `GLUEPRINT_BLESS=1` to rewrite the golden files after a deliberate change,
//! then read the diff. Fixtures are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::export::column_statistics::{self, MAX_COLUMNS_PER_REQUEST};
use glueprint_core::export::glue::to_json;
use glueprint_core::infer::values::{FileSample, SampleOptions, sample_file};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::stats::{self, ColumnStatistics, Exactness, StatisticsData};
use wasm_bindgen_test::wasm_bindgen_test;

const FLAT_NONE: &[u8] = include_bytes!("../../../shared/data/parquet/flat_none.parquet");
const FLAT_ZSTD: &[u8] = include_bytes!("../../../shared/data/parquet/flat_zstd.parquet");
/// 2026-11-25T00:00:00Z: core has no clock, the caller gives the analysis time.
const ANALYZED: i64 = 1_795_564_800;

const CSV: &str = "id,score,active,label,when\n\
                   1,2.5,true,alpha,2024-01-01\n\
                   2,,false,beta,2024-02-29\n\
                   3,-1.25,true,,x\n\
                   3,7,TRUE,gamma delta,2023-12-31\n";

fn sample(name: &str, bytes: &[u8]) -> FileSample {
    let source = MemorySource::new(bytes);
    complete_now(sample_file(&source, name, &SampleOptions::default()))
        .unwrap()
        .unwrap()
}

fn column<'a>(stats: &'a [ColumnStatistics], name: &str) -> &'a ColumnStatistics {
    stats.iter().find(|s| s.column == name).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn parquet_footer_statistics_are_exact() {
    let file = sample("flat_none.parquet", FLAT_NONE);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    let stats = stats::compute(&file);
    let id = column(&stats, "id");
    assert_eq!(
        id.exact,
        Exactness {
            nulls: true,
            min_max: true,
            distinct: false
        }
    );
    assert_eq!(
        id.data,
        StatisticsData::Long {
            min: Some(0),
            max: Some(199),
            nulls: 0,
            distinct: 200
        }
    );
    assert_eq!(id.sampled_rows, 200);
    let maybe = column(&stats, "maybe");
    assert!(matches!(
        maybe.data,
        StatisticsData::Long {
            min: Some(1),
            max: Some(199),
            nulls: 67,
            ..
        }
    ));
    assert!(matches!(
        column(&stats, "day").data,
        StatisticsData::Date {
            min: Some(19_723), // 2024-01-01
            max: Some(19_922), // 2024-07-18
            nulls: 0,
            ..
        }
    ));
    assert!(matches!(
        column(&stats, "flag").data,
        StatisticsData::Boolean { nulls: 0, .. }
    ));
    assert!(matches!(
        column(&stats, "price").data,
        StatisticsData::Decimal {
            min: Some(182_541),
            max: Some(99_610_462),
            scale: 2,
            nulls: 0,
            ..
        }
    ));
    assert!(matches!(
        column(&stats, "blob").data,
        StatisticsData::Binary {
            max_length: 4,
            nulls: 0,
            ..
        }
    ));
    assert!(matches!(
        column(&stats, "name").data,
        StatisticsData::String { nulls: 0, .. }
    ));
    assert!(column(&stats, "name").exact.nulls);
    // Timestamps have no Glue statistics type (nanosecond ones are bigint, as the crawler types them).
    assert!(
        stats
            .iter()
            .all(|s| s.column != "ts_ms" && s.column != "ts_us")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn an_unsupported_codec_is_a_finding_and_the_footer_still_counts() {
    let file = sample("flat_zstd.parquet", FLAT_ZSTD);
    assert!(
        file.findings
            .iter()
            .any(|f| f.contains("ZSTD") && f.contains("not supported")),
        "{:?}",
        file.findings
    );
    let stats = stats::compute(&file);
    let id = column(&stats, "id");
    assert_eq!(id.sampled_rows, 0);
    assert!(id.exact.nulls && id.exact.min_max);
}

#[wasm_bindgen_test(unsupported = test)]
fn csv_statistics_are_sampled() {
    let file = sample("scores.csv", CSV.as_bytes());
    let stats = stats::compute(&file);
    assert!(stats.iter().all(|s| s.exact == Exactness::default()));
    assert!(stats.iter().all(|s| s.sampled_rows == 4));
    assert_eq!(
        column(&stats, "id").data,
        StatisticsData::Long {
            min: Some(1),
            max: Some(3),
            nulls: 0,
            distinct: 3
        }
    );
    assert_eq!(
        column(&stats, "score").data,
        StatisticsData::Double {
            min: Some(-1.25),
            max: Some(7.0),
            nulls: 1,
            distinct: 3
        }
    );
    assert_eq!(
        column(&stats, "active").data,
        StatisticsData::Boolean {
            trues: 3,
            falses: 1,
            nulls: 0
        }
    );
    // CSV dates stay strings, as the crawler types them.
    assert_eq!(
        column(&stats, "when").data,
        StatisticsData::String {
            max_length: 10,
            average_length: 7.75,
            nulls: 0,
            distinct: 4
        }
    );
    assert_eq!(
        column(&stats, "label").data,
        StatisticsData::String {
            max_length: 11,
            average_length: 20.0 / 3.0,
            nulls: 1,
            distinct: 3
        }
    );
}

const ORC_PYARROW: &str = include_str!("data/stats/orc_pyarrow.tsv");

fn orc_fixture(name: &str) -> &'static [u8] {
    match name {
        "flat_lz4.orc" => include_bytes!("../../../shared/data/orc/flat_lz4.orc"),
        "flat_snappy.orc" => include_bytes!("../../../shared/data/orc/flat_snappy.orc"),
        "flat_uncompressed.orc" => include_bytes!("../../../shared/data/orc/flat_uncompressed.orc"),
        "flat_zlib.orc" => include_bytes!("../../../shared/data/orc/flat_zlib.orc"),
        "flat_zstd.orc" => include_bytes!("../../../shared/data/orc/flat_zstd.orc"),
        "nested.orc" => include_bytes!("../../../shared/data/orc/nested.orc"),
        other => panic!("no ORC fixture {other}"),
    }
}

/// Every null count, minimum and maximum the ORC footer gives is exact, and equals what pyarrow computes
/// from the data (`data/stats/orc_pyarrow.tsv`, written by `orc_pyarrow.py` beside it).
#[wasm_bindgen_test(unsupported = test)]
fn orc_footer_statistics_are_exact_and_match_pyarrow() {
    let mut checked = 0;
    for line in ORC_PYARROW.lines().skip(1) {
        let [file, name, rows, nulls, min, max] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line:?}");
        };
        let sample = sample(file, orc_fixture(file));
        assert_eq!(sample.table.parameters["recordCount"], rows, "{file}");
        let stats = stats::compute(&sample);
        let got = column(&stats, name);
        // The fixtures hold one stripe of fewer rows than the sample's: every row is sampled.
        assert_eq!(
            got.sampled_rows.to_string(),
            rows,
            "{file} {name}: the first stripe's rows are sampled"
        );
        assert!(got.exact.nulls, "{file} {name}");
        let nulls: u64 = nulls.parse().unwrap();
        let bounds = (min != "-").then_some((min, max));
        match &got.data {
            StatisticsData::Long {
                min, max, nulls: n, ..
            }
            | StatisticsData::Date {
                min, max, nulls: n, ..
            } => {
                assert_eq!(*n, nulls, "{file} {name}");
                let (lo, hi) = bounds.unwrap();
                assert!(got.exact.min_max, "{file} {name}");
                assert_eq!(
                    (*min, *max),
                    (lo.parse().ok(), hi.parse().ok()),
                    "{file} {name}"
                );
            }
            StatisticsData::Double {
                min, max, nulls: n, ..
            } => {
                assert_eq!(*n, nulls, "{file} {name}");
                let (lo, hi) = bounds.unwrap();
                assert!(got.exact.min_max, "{file} {name}");
                assert_eq!(
                    (*min, *max),
                    (lo.parse().ok(), hi.parse().ok()),
                    "{file} {name}"
                );
            }
            StatisticsData::Decimal {
                min, max, nulls: n, ..
            } => {
                assert_eq!(*n, nulls, "{file} {name}");
                let (lo, hi) = bounds.unwrap();
                assert!(got.exact.min_max, "{file} {name}");
                assert_eq!(
                    (*min, *max),
                    (lo.parse().ok(), hi.parse().ok()),
                    "{file} {name}"
                );
            }
            StatisticsData::Boolean { nulls: n, .. }
            | StatisticsData::String { nulls: n, .. }
            | StatisticsData::Binary { nulls: n, .. } => {
                assert_eq!(*n, nulls, "{file} {name}");
                assert!(bounds.is_none(), "{file} {name}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 66);
}

/// Compares (or, with `GLUEPRINT_BLESS=1`, writes) `data/stats/<name>`.
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/stats")
        .join(name);
    if std::env::var_os("GLUEPRINT_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return; // the compiled-in copy below is the old one until the next build
    }
    let expected = match name {
        "flat_none.update_column_statistics.json" => {
            include_str!("data/stats/flat_none.update_column_statistics.json")
        }
        "scores_csv.update_column_statistics.json" => {
            include_str!("data/stats/scores_csv.update_column_statistics.json")
        }
        other => panic!("no golden file {other}"),
    };
    assert_eq!(
        actual, expected,
        "golden file {name} differs (rerun with GLUEPRINT_BLESS=1 and review the diff)"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn update_column_statistics_payloads_match_their_golden_files() {
    for (name, file) in [
        (
            "flat_none.update_column_statistics.json",
            sample("flat_none.parquet", FLAT_NONE),
        ),
        (
            "scores_csv.update_column_statistics.json",
            sample("scores.csv", CSV.as_bytes()),
        ),
    ] {
        let stats = stats::compute(&file);
        let requests =
            column_statistics::update_column_statistics_for_table("sales", "t", &stats, ANALYZED);
        assert_eq!(
            requests.len(),
            stats.len().div_ceil(MAX_COLUMNS_PER_REQUEST)
        );
        golden(name, &to_json(&requests));
    }
}
