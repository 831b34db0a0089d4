//! A table's column statistics over the files of a crawl (`stats::table`), and how the catalog keeps
//! them: saved by a crawl's change beside the table's versions, kept by edits, carried by backups.
//! Fixtures are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use glueprint_core::crawl::recrawl::{self, SchemaChangePolicy};
use glueprint_core::crawl::{CrawlOptions, CrawlResult, Crawler, Decision};
use glueprint_core::infer::values::{SampleOptions, sample_file};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::stats::table::TableStatistics;
use glueprint_core::stats::{self, ColumnStatistics, StatisticsData};
use glueprint_core::store::backup::{self, ImportMode};
use glueprint_core::store::{self, Base, Cause, Change, MemoryStore, Op, Store};
use wasm_bindgen_test::wasm_bindgen_test;

const PII_PARQUET: &[u8] = include_bytes!("../../../shared/data/parquet/pii.parquet");

const HEADER: &str = "id,score,active,label\n";
const FIRST: &str = "1,2.5,true,alpha\n2,,false,beta\n3,-1.25,true,\n";
const SECOND: &str = "3,7,true,gamma delta\n4,0.5,,alpha\n5,,false,epsilon\n";

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    complete_now(future).expect("in-memory sources and stores never wait")
}

fn crawl(files: &[(&str, &[u8])]) -> CrawlResult {
    let mut crawler = Crawler::new(CrawlOptions::new("sales", "orders")).unwrap();
    for (key, bytes) in files {
        assert_eq!(crawler.consider(key, bytes.len() as u64), Decision::Read);
        let source = MemorySource::new(*bytes);
        let sampled = run(sample_file(&source, key, &SampleOptions::default()));
        crawler.add_sample(key, bytes.len() as u64, sampled);
    }
    let result = crawler.finish();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

fn statistics(result: &CrawlResult) -> &TableStatistics {
    assert_eq!(result.tables.len(), 1);
    result.tables[0].statistics.as_ref().unwrap()
}

fn by_column(stats: &[ColumnStatistics]) -> BTreeMap<&str, &ColumnStatistics> {
    stats.iter().map(|s| (s.column.as_str(), s)).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn two_partitions_sum_to_what_one_file_of_all_their_rows_gives() {
    let first = format!("{HEADER}{FIRST}");
    let second = format!("{HEADER}{SECOND}");
    let result = crawl(&[
        ("year=2023/part-0.csv", first.as_bytes()),
        ("year=2024/part-0.csv", second.as_bytes()),
    ]);
    let table = statistics(&result);
    assert_eq!(table.files, 2);

    let whole = format!("{HEADER}{FIRST}{SECOND}");
    let source = MemorySource::new(whole.as_bytes());
    let file = run(sample_file(&source, "all.csv", &SampleOptions::default())).unwrap();
    let expected = stats::compute(&file);

    let merged = by_column(&table.columns);
    let expected = by_column(&expected);
    assert_eq!(
        merged.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (name, want) in expected {
        let got = merged[name];
        assert_eq!(got.sampled_rows, 6, "{name}");
        assert_eq!(got.exact, want.exact, "{name}");
        match (&got.data, &want.data) {
            // Lengths are averaged by weight: equal up to rounding.
            (
                StatisticsData::String {
                    max_length,
                    average_length,
                    nulls,
                    distinct,
                },
                StatisticsData::String {
                    max_length: m,
                    average_length: a,
                    nulls: n,
                    distinct: d,
                },
            ) => {
                assert_eq!((max_length, nulls, distinct), (m, n, d), "{name}");
                assert!((average_length - a).abs() < 1e-9, "{name}");
            }
            (got, want) => assert_eq!(got, want, "{name}"),
        }
    }
    // The values overlap across files (id 3, label alpha): the union counts them once.
    assert_eq!(merged["id"].data.distinct(), Some(5));
    assert_eq!(merged["label"].data.distinct(), Some(4));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_column_whose_statistics_type_differs_between_files_has_none() {
    let numbers = "code,n\n1,1\n2,2\n";
    let words = "code,n\nabc,3\ndef,4\n";
    let result = crawl(&[
        ("year=2023/a.csv", numbers.as_bytes()),
        ("year=2024/b.csv", words.as_bytes()),
    ]);
    let table = statistics(&result);
    let columns = by_column(&table.columns);
    assert!(!columns.contains_key("code"), "{:?}", columns.keys());
    assert_eq!(
        columns["n"].data,
        StatisticsData::Long {
            min: Some(1),
            max: Some(4),
            nulls: 0,
            distinct: 4
        }
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn footer_numbers_stay_exact_across_files_and_distinct_counts_do_not() {
    let single = crawl(&[("customers/part-0.parquet", PII_PARQUET)]);
    let double = crawl(&[
        ("customers/part-0.parquet", PII_PARQUET),
        ("customers/part-1.parquet", PII_PARQUET),
    ]);
    let one = by_column(&statistics(&single).columns);
    let two = by_column(&statistics(&double).columns);
    let id_one = one["customer_id"];
    let id_two = two["customer_id"];
    assert!(id_one.exact.nulls && id_one.exact.min_max);
    assert!(id_two.exact.nulls && id_two.exact.min_max && !id_two.exact.distinct);
    assert_eq!(id_one.data.bounds(), id_two.data.bounds());
    assert_eq!(id_two.data.nulls(), 2 * id_one.data.nulls());
    // The same values twice are as many distinct values as once, within the sketch's error (the single
    // file's count is the footer's, exact; the merged one is the sketches' union).
    let (once, twice) = (
        id_one.data.distinct().unwrap(),
        id_two.data.distinct().unwrap(),
    );
    assert!(twice.abs_diff(once) * 100 <= once * 3, "{once} vs {twice}");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_catalog_keeps_a_crawls_statistics_across_edits_and_backups() {
    let csv = format!("{HEADER}{FIRST}");
    let result = crawl(&[("year=2023/part-0.csv", csv.as_bytes())]);
    let store = MemoryStore::new();
    let plan = recrawl::recrawl(
        &result,
        &run(store::load(&store)).unwrap(),
        &BTreeMap::new(),
        SchemaChangePolicy::default(),
        5_000,
    );
    assert!(
        plan.change
            .ops
            .iter()
            .any(|op| matches!(op, Op::PutStatistics { table, .. } if table == "orders"))
    );
    run(store.commit(&plan.change, 5_000)).unwrap();
    let record = run(store::load(&store))
        .unwrap()
        .table("sales", "orders")
        .unwrap()
        .clone();
    let saved = record.statistics.clone().unwrap();
    assert_eq!(saved.analyzed_ms, 5_000);
    assert_eq!(&saved.table, statistics(&result));

    // An edit is a new version; the statistics describe the data and stay.
    let mut edited = record.current().unwrap().table.clone();
    edited.description = Some("orders by year".into());
    let edit = Change::one(Op::SaveTable {
        table: Box::new(edited),
        base: Base::Version(record.current_number()),
        cause: Cause::Edit,
        notes: Vec::new(),
    });
    run(store.commit(&edit, 6_000)).unwrap();
    let after_edit = run(store::load(&store)).unwrap();
    let kept = after_edit.table("sales", "orders").unwrap();
    assert_eq!(kept.current_number(), 2);
    assert_eq!(kept.statistics.as_ref(), Some(&saved));

    // A backup carries them, into an empty catalog and merged into one that has the table.
    let text = backup::to_json(&run(backup::export(&store)).unwrap()).unwrap();
    let parsed = backup::parse(&text).unwrap();
    for target in [MemoryStore::new(), {
        let other = MemoryStore::new();
        run(other.commit(&plan.change, 1_000)).unwrap();
        let cleared = Change::one(Op::PutStatistics {
            database: "sales".into(),
            table: "orders".into(),
            statistics: store::SavedStatistics {
                analyzed_ms: 1_000,
                table: TableStatistics {
                    files: 0,
                    columns: Vec::new(),
                },
            },
        });
        run(other.commit(&cleared, 1_000)).unwrap();
        other
    }] {
        let current = run(store::load(&target)).unwrap();
        let change = backup::import_change(&parsed, ImportMode::Merge, &current).unwrap();
        run(target.commit(&change, 9_000)).unwrap();
        let loaded = run(store::load(&target)).unwrap();
        assert_eq!(
            loaded.table("sales", "orders").unwrap().statistics.as_ref(),
            Some(&saved)
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn saved_statistics_survive_json_with_38_digit_decimals() {
    use glueprint_core::stats::Exactness;
    use glueprint_core::types::HiveType;
    let big = 10_i128.pow(37) * 9 + 12_345;
    let saved = store::SavedStatistics {
        analyzed_ms: 42,
        table: TableStatistics {
            files: 3,
            columns: vec![ColumnStatistics {
                column: "price".into(),
                column_type: "decimal(38,2)".parse::<HiveType>().unwrap(),
                data: StatisticsData::Decimal {
                    min: Some(-big),
                    max: Some(big),
                    scale: 2,
                    nulls: 1,
                    distinct: 7,
                },
                exact: Exactness {
                    nulls: true,
                    min_max: true,
                    distinct: false,
                },
                sampled_rows: 10,
            }],
        },
    };
    // The crawl worker and the store both go through JSON text; the page decodes it as the worker wrote it.
    let text = serde_json::to_string(&saved).unwrap();
    assert!(text.contains(&format!("\"{big}\"")), "{text}");
    let back: store::SavedStatistics = serde_json::from_str(&text).unwrap();
    assert_eq!(back, saved);
}
