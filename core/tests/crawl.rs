//! The crawler over the trees of `../shared/data/datasets/`, compared with golden files under
//! `data/crawl/`: `<case>.json` is what `glueprint crawl` prints (CreateTable and BatchCreatePartition
//! requests, validated against the Glue model by `scripts/test`), `<case>.decisions.txt` the crawler's
//! explanations. Run with `GLUEPRINT_BLESS=1` to rewrite them after a deliberate change, then read the diff:
//! the golden files are the specification, each checked by hand against glue.md §2.5 and §4 and
//! `crawled_table_examples.json`.
//!
//! Also the crawler's behaviour on hand-made inference results (exclusions, sampling, errors, grouping,
//! bounded state), which need no files and run on wasm32 too.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::catalog::{Column, Parameters, StorageFormat};
use glueprint_core::crawl::{CrawlOptions, CrawlResult, Crawler, Decision};
use glueprint_core::infer::InferredTable;
use glueprint_core::types::HiveType;
use glueprint_core::{Error, ErrorKind};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;

/// A Parquet file's inference result with these columns and `records` records.
fn parquet(columns: &[(&str, HiveType)], records: u64) -> InferredTable {
    InferredTable {
        columns: columns
            .iter()
            .map(|(n, t)| Column::new(*n, t.clone()))
            .collect(),
        format: StorageFormat::parquet(),
        parameters: Parameters::from([
            ("classification".into(), "parquet".into()),
            ("compressionType".into(), "none".into()),
            ("typeOfData".into(), "file".into()),
            ("recordCount".into(), records.to_string()),
            ("objectCount".into(), "1".into()),
        ]),
        notes: vec!["a note that the crawler does not keep".into()],
    }
}

fn options() -> CrawlOptions {
    let mut options = CrawlOptions::new("Analytics", "events");
    options.location = Some("s3://my-bucket/events".into());
    options
}

/// Feeds `(key, columns)` files of 100 bytes and 10 records through a crawler.
fn crawl(options: CrawlOptions, files: &[(&str, &[(&str, HiveType)])]) -> CrawlResult {
    let mut crawler = Crawler::new(options).unwrap();
    for (key, columns) in files {
        if crawler.consider(key, 100) == Decision::Read {
            crawler.add(key, 100, Ok(parquet(columns, 10)));
        }
    }
    crawler.finish()
}

fn table_names(result: &CrawlResult) -> Vec<&str> {
    result
        .tables
        .iter()
        .map(|t| t.table.name.as_str())
        .collect()
}

const ID: (&str, HiveType) = ("id", HiveType::BigInt);
const NAME: (&str, HiveType) = ("name", HiveType::String);

#[wasm_bindgen_test(unsupported = test)]
fn default_exclusions_and_hidden_files_are_left_out_with_a_reason() {
    let mut crawler = Crawler::new(options()).unwrap();
    for (key, reason) in [
        ("_SUCCESS", "**/_SUCCESS"),
        ("dt=1/_SUCCESS", "**/_SUCCESS"),
        ("dt=1/part-0.parquet.crc", "**/*.crc"),
        ("_temporary/0/part-0.parquet", "**/_temporary/**"),
        ("dt=1/.part-0.parquet.swp", "hidden"),
        ("_meta/x.parquet", "hidden"),
        ("dt=1/", "folder"),
    ] {
        match crawler.consider(key, 1) {
            Decision::Excluded(why) => assert!(why.contains(reason), "{key}: {why}"),
            other => panic!("{key}: {other:?}"),
        }
    }
    assert_eq!(crawler.consider("dt=1/part-0.parquet", 1), Decision::Read);

    let mut keep_hidden = options();
    keep_hidden.excludes.clear();
    keep_hidden.exclude_hidden = false;
    keep_hidden.excludes.push("**.tmp".into());
    let mut crawler = Crawler::new(keep_hidden).unwrap();
    assert_eq!(crawler.consider("_SUCCESS", 0), Decision::Read);
    assert!(matches!(
        crawler.consider("a/b.tmp", 0),
        Decision::Excluded(_)
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn bad_options_are_refused() {
    let mut bad = options();
    bad.excludes.push("{a,{b}}".into());
    let err = Crawler::new(bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.message().contains("{a,{b}}"), "{err}");
    for n in [0, 250] {
        let mut bad = options();
        bad.sample_size = Some(n);
        assert_eq!(Crawler::new(bad).unwrap_err().kind(), ErrorKind::Invalid);
    }
    let mut bad = options();
    bad.location = Some("https://example.com/".into());
    assert_eq!(Crawler::new(bad).unwrap_err().kind(), ErrorKind::Invalid);
}

#[wasm_bindgen_test(unsupported = test)]
fn sampling_reads_the_first_files_of_each_folder_and_counts_the_rest() {
    let mut sampled = options();
    sampled.sample_size = Some(2);
    let mut crawler = Crawler::new(sampled).unwrap();
    let mut read = 0;
    for folder in ["dt=1", "dt=2"] {
        for i in 0..5 {
            let key = format!("{folder}/part-{i}.parquet");
            match crawler.consider(&key, 100) {
                Decision::Read => {
                    read += 1;
                    crawler.add(&key, 100, Ok(parquet(&[ID], 10)));
                }
                other => assert_eq!(other, Decision::NotSampled, "{key}"),
            }
        }
    }
    assert_eq!(read, 4);
    let result = crawler.finish();
    let partition = &result.tables[0].partitions[0];
    let params = &partition.storage.parameters;
    // Unread files are part of the data (objects, bytes) but their records are unknown: no recordCount.
    assert_eq!(params["objectCount"], "5");
    assert_eq!(params["sizeKey"], "500");
    assert!(!params.contains_key("recordCount"), "{params:?}");
    assert!(
        result.decisions.iter().any(|d| d.contains("Sample size 2")),
        "{:?}",
        result.decisions
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn unreadable_files_are_listed_and_the_crawl_goes_on() {
    let mut crawler = Crawler::new(options()).unwrap();
    for key in ["dt=1/a.parquet", "dt=1/b.bin", "dt=2/a.parquet"] {
        assert_eq!(crawler.consider(key, 100), Decision::Read);
        let inferred = if key.ends_with(".bin") {
            Err(Error::unsupported("UNKNOWN format"))
        } else {
            Ok(parquet(&[ID], 10))
        };
        crawler.add(key, 100, inferred);
    }
    let result = crawler.finish();
    assert_eq!(result.errors.len(), 1);
    assert_eq!(result.errors[0].key, "dt=1/b.bin");
    assert_eq!(result.errors[0].error.kind(), ErrorKind::Unsupported);
    assert_eq!(table_names(&result), ["events"]);
    assert_eq!(result.tables[0].table.parameters["objectCount"], "2");
}

#[wasm_bindgen_test(unsupported = test)]
fn dissimilar_folders_become_tables_named_after_them_unless_combined() {
    // glue.md §4.1: year=2017 {a,b} and year=2018 {c,d} are two tables year_2017 and year_2018, and one
    // table with partition key `year` and the union of the columns under CombineCompatibleSchemas.
    let a: &[(&str, HiveType)] = &[("a", HiveType::Int), ("b", HiveType::Int)];
    let c: &[(&str, HiveType)] = &[("c", HiveType::Int), ("d", HiveType::Int)];
    let files = [("year=2017/data1.json", a), ("year=2018/data2.json", c)];
    let split = crawl(options(), &files);
    assert_eq!(table_names(&split), ["year_2017", "year_2018"]);
    assert!(split.tables.iter().all(|t| t.partitions.is_empty()));
    assert_eq!(
        split.tables[1].table.storage.location.as_deref(),
        Some("s3://my-bucket/events/year=2018/")
    );

    let mut combine = options();
    combine.combine_compatible_schemas = true;
    let one = crawl(combine, &files);
    assert_eq!(table_names(&one), ["events"]);
    let table = &one.tables[0].table;
    let columns: Vec<&str> = table
        .storage
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(columns, ["a", "b", "c", "d"]);
    assert_eq!(table.partition_keys[0].name, "year");
    assert_eq!(one.tables[0].partitions.len(), 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn files_at_different_depths_or_with_different_keys_split() {
    let result = crawl(
        options(),
        &[
            ("top.parquet", &[ID]),
            ("dt=1/a.parquet", &[ID]),
            ("region=eu/a.parquet", &[ID]),
        ],
    );
    assert_eq!(table_names(&result), ["events", "dt_1", "region_eu"]);
    assert!(
        result.decisions[0].contains("different depths"),
        "{:?}",
        result.decisions
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn type_conflicts_are_reported_and_widening_is_silent() {
    let result = crawl(
        options(),
        &[
            ("dt=1/a.parquet", &[("id", HiveType::Int), NAME]),
            ("dt=2/a.parquet", &[ID, ("name", HiveType::Double)]),
        ],
    );
    let crawled = &result.tables[0];
    let types: Vec<String> = crawled
        .table
        .storage
        .columns
        .iter()
        .map(|c| c.data_type.to_string())
        .collect();
    assert_eq!(types, ["bigint", "string"]);
    assert_eq!(crawled.conflicts.len(), 1);
    assert_eq!(crawled.conflicts[0].column, "name");
    assert_eq!(crawled.conflicts[0].source, "dt=2/");
    assert!(
        result
            .decisions
            .iter()
            .any(|d| d.contains("column name is string but dt=2/ has double"))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn json_paths_follow_the_merged_columns_and_avro_schema_differences_are_noted() {
    let mut crawler = Crawler::new(options()).unwrap();
    for (key, names) in [
        ("dt=1/a.json", &["a", "b", "c"][..]),
        ("dt=2/a.json", &["a", "b", "c", "d"][..]),
    ] {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut table = parquet(&[], 1);
        table.columns = names
            .iter()
            .map(|n| Column::new(n, HiveType::Int))
            .collect();
        table.format = glueprint_core::infer::json::storage_format(&names, Parameters::new());
        table
            .parameters
            .insert("classification".into(), "json".into());
        crawler.consider(key, 10);
        crawler.add(key, 10, Ok(table));
    }
    let result = crawler.finish();
    let crawled = &result.tables[0];
    assert_eq!(
        crawled.table.storage.format.serde.parameters["paths"],
        "a,b,c,d"
    );
    assert_eq!(
        crawled.partitions[0].storage.format.serde.parameters["paths"],
        "a,b,c"
    );

    let mut crawler = Crawler::new(options()).unwrap();
    for (key, literal) in [("dt=1/a.avro", "{\"v\":1}"), ("dt=2/a.avro", "{\"v\":2}")] {
        let mut table = parquet(&[ID], 1);
        table.format = StorageFormat::avro(literal);
        crawler.consider(key, 10);
        crawler.add(key, 10, Ok(table));
    }
    let result = crawler.finish();
    assert_eq!(result.tables.len(), 1, "{:?}", result.decisions);
    assert!(
        result
            .decisions
            .iter()
            .any(|d| d.contains("different Avro writer schemas")),
        "{:?}",
        result.decisions
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn batches_hold_at_most_100_partitions_with_values_in_key_order() {
    let keys: Vec<String> = (0..250)
        .map(|i| format!("year=20{:02}/month={:02}/p.parquet", i / 12, i % 12 + 1))
        .collect();
    let files: Vec<(&str, &[(&str, HiveType)])> =
        keys.iter().map(|k| (k.as_str(), &[ID][..])).collect();
    let result = crawl(options(), &files);
    let payloads = result.payloads();
    assert_eq!(payloads.create_table.len(), 1);
    let sizes: Vec<usize> = payloads
        .batch_create_partition
        .iter()
        .map(|b| b.partition_input_list.len())
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    let first = &payloads.batch_create_partition[0].partition_input_list[0];
    assert_eq!(first.values, ["2000", "01"]);
}

#[cfg(not(target_arch = "wasm32"))]
mod goldens {
    use std::path::{Path, PathBuf};

    use glueprint_core::crawl::{CrawlOptions, CrawlResult, Crawler, Decision};
    use glueprint_core::export::glue;
    use glueprint_core::infer;
    use glueprint_core::source::{FileSource, complete_now};

    use super::support;

    /// The tree as `glueprint crawl` walks it: keys relative to `dir`, in key (S3 listing) order.
    fn crawl_dir(dir: &Path, options: CrawlOptions) -> CrawlResult {
        let mut files: Vec<(String, PathBuf)> = support::walk(dir)
            .into_iter()
            .map(|p| {
                let key = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (key, p)
            })
            .collect();
        files.sort();
        let mut crawler = Crawler::new(options).unwrap();
        for (key, path) in files {
            let size = std::fs::metadata(&path).unwrap().len();
            if crawler.consider(&key, size) == Decision::Read {
                let source = FileSource::open(&path).unwrap();
                let inferred = complete_now(infer::infer_file(&source, &key)).unwrap();
                crawler.add(&key, size, inferred);
            }
        }
        crawler.finish()
    }

    /// Compares (or, with `GLUEPRINT_BLESS=1`, writes) `data/crawl/<name>`; returns a problem, if any.
    fn check(name: &str, contents: &str) -> Option<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/crawl")
            .join(name);
        if std::env::var_os("GLUEPRINT_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, contents).unwrap();
            return None;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == contents => None,
            Ok(_) => Some(format!("{name} differs")),
            Err(e) => Some(format!("{name}: {e}")),
        }
    }

    /// `(golden name, dataset, CombineCompatibleSchemas)`: what `glueprint crawl -d analytics -l
    /// s3://my-bucket/<dataset>/ [--combine-compatible-schemas]` prints (cli/tests/crawl.rs checks that).
    pub const CASES: [(&str, &str, bool); 4] = [
        ("events_plain", "events_plain", false),
        ("sales_hive", "sales_hive", false),
        ("mixed", "mixed", false),
        ("mixed.combined", "mixed", true),
    ];

    #[test]
    fn datasets_match_their_golden_crawls() {
        let mut problems = Vec::new();
        for (name, dataset, combine) in CASES {
            let mut options = CrawlOptions::new("analytics", dataset);
            options.location = Some(format!("s3://my-bucket/{dataset}/"));
            options.combine_compatible_schemas = combine;
            let result = crawl_dir(&support::shared(&format!("datasets/{dataset}")), options);
            assert!(result.errors.is_empty(), "{name}: {:?}", result.errors);
            problems.extend(check(
                &format!("{name}.json"),
                &glue::to_json(&result.payloads()),
            ));
            let decisions = result.decisions.join("\n") + "\n";
            problems.extend(check(&format!("{name}.decisions.txt"), &decisions));
        }
        assert!(
            problems.is_empty(),
            "golden files differ (rerun with GLUEPRINT_BLESS=1 and review the diff):\n{}",
            problems.join("\n")
        );
    }

    /// The shapes the goldens must have, written from glue.md by hand, so a careless bless cannot pass.
    #[test]
    fn datasets_are_grouped_as_glue_would() {
        let crawl = |dataset: &str, combine: bool| {
            let mut options = CrawlOptions::new("analytics", dataset);
            options.combine_compatible_schemas = combine;
            crawl_dir(&support::shared(&format!("datasets/{dataset}")), options)
        };
        let keys = |r: &CrawlResult| -> Vec<Vec<String>> {
            r.tables
                .iter()
                .map(|t| {
                    t.table
                        .partition_keys
                        .iter()
                        .map(|k| k.name.clone())
                        .collect()
                })
                .collect()
        };
        let events = crawl("events_plain", false);
        assert_eq!(
            keys(&events),
            [["partition_0", "partition_1", "partition_2"]]
        );
        assert_eq!(events.tables[0].partitions.len(), 3);

        let sales = crawl("sales_hive", false);
        assert_eq!(keys(&sales), [["year", "month"]]);
        let table = &sales.tables[0];
        let columns: Vec<&str> = table
            .table
            .storage
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(columns, ["id", "name", "amount", "channel"]);
        let values: Vec<Vec<String>> = table.partitions.iter().map(|p| p.values.clone()).collect();
        assert_eq!(
            values,
            [
                ["2023", "01"],
                ["2023", "02"],
                ["2024", "01"],
                ["2024", "02"]
            ]
        );
        // Each partition keeps its own columns (glue.md §2.5): only the newest has `channel`.
        assert_eq!(table.partitions[2].storage.columns.len(), 3);
        assert_eq!(table.partitions[3].storage.columns.len(), 4);
        assert_eq!(
            table.table.parameters["objectCount"], "8",
            "_SUCCESS and .crc are not data"
        );

        let mixed = crawl("mixed", false);
        assert_eq!(
            mixed
                .tables
                .iter()
                .map(|t| t.table.name.as_str())
                .collect::<Vec<_>>(),
            ["customers", "orders"]
        );
        let combined = crawl("mixed", true);
        assert_eq!(keys(&combined), [["partition_0"]]);
        assert_eq!(combined.tables[0].table.name, "mixed");
    }
}

/// Re-crawls against a catalog in a [`MemoryStore`]: each Update and Delete behaviour.
mod recrawls {
    use std::collections::BTreeMap;

    use glueprint_core::catalog::Partition;
    use glueprint_core::crawl::CrawlResult;
    use glueprint_core::crawl::recrawl::{
        Action, DEPRECATED_PARAMETER, DeleteBehavior, FindingKind, SchemaChangePolicy,
        UpdateBehavior, recrawl,
    };
    use glueprint_core::pii::{self, Entity};
    use glueprint_core::source::complete_now;
    use glueprint_core::store::{self, Cause, MemoryStore, Op, Snapshot, Store};
    use glueprint_core::types::HiveType;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{ID, NAME, crawl, options};

    const NOW: i64 = 1_700_000_000_000;

    fn load(
        store: &MemoryStore,
        result: &CrawlResult,
    ) -> (Snapshot, BTreeMap<String, Vec<Partition>>) {
        let snapshot = complete_now(store::load(store)).unwrap().unwrap();
        let mut partitions = BTreeMap::new();
        for t in &result.tables {
            let (stored, problems) =
                complete_now(store::partitions(store, &result.database, &t.table.name))
                    .unwrap()
                    .unwrap();
            assert!(problems.is_empty());
            partitions.insert(t.table.name.clone(), stored);
        }
        (snapshot, partitions)
    }

    /// Re-crawls `result` against `store` under `policy` and commits the change.
    fn apply(
        store: &MemoryStore,
        result: &CrawlResult,
        policy: SchemaChangePolicy,
    ) -> Vec<(FindingKind, Action)> {
        let (snapshot, partitions) = load(store, result);
        let outcome = recrawl(result, &snapshot, &partitions, policy, NOW);
        complete_now(store.commit(&outcome.change, NOW))
            .unwrap()
            .unwrap();
        outcome
            .findings
            .iter()
            .map(|f| (f.kind, f.action))
            .collect()
    }

    fn first() -> CrawlResult {
        crawl(
            options(),
            &[
                ("dt=1/a.parquet", &[ID, NAME, AMOUNT]),
                ("dt=2/a.parquet", &[ID, NAME, AMOUNT]),
            ],
        )
    }

    fn catalog() -> MemoryStore {
        let store = MemoryStore::new();
        let found = apply(&store, &first(), SchemaChangePolicy::default());
        assert_eq!(
            found,
            [(FindingKind::NewTable, Action::Applied)],
            "a new table's partitions come with it"
        );
        store
    }

    fn versions(store: &MemoryStore) -> Vec<(u32, Cause)> {
        let snapshot = complete_now(store::load(store)).unwrap().unwrap();
        snapshot.tables[&("analytics".to_string(), "events".to_string())]
            .versions
            .iter()
            .map(|v| (v.number, v.cause.clone()))
            .collect()
    }

    fn stored_values(store: &MemoryStore) -> Vec<Vec<String>> {
        let (stored, _) = complete_now(store::partitions(store, "analytics", "events"))
            .unwrap()
            .unwrap();
        stored.into_iter().map(|p| p.values).collect()
    }

    fn policy(update: UpdateBehavior, delete: DeleteBehavior) -> SchemaChangePolicy {
        SchemaChangePolicy { update, delete }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_same_files_again_change_nothing() {
        let store = catalog();
        assert_eq!(stored_values(&store), [["1"], ["2"]]);
        let (snapshot, partitions) = load(&store, &first());
        let outcome = recrawl(
            &first(),
            &snapshot,
            &partitions,
            SchemaChangePolicy::default(),
            NOW,
        );
        assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
        assert!(outcome.change.ops.is_empty());
    }

    /// A fourth column in a new partition: 3 of 4 columns (75 %) stay similar enough for one table.
    const CHANNEL: (&str, HiveType) = ("channel", HiveType::String);
    const AMOUNT: (&str, HiveType) = ("amount", HiveType::Double);

    fn grown() -> CrawlResult {
        crawl(
            options(),
            &[
                ("dt=1/a.parquet", &[ID, NAME, AMOUNT]),
                ("dt=2/a.parquet", &[ID, NAME, AMOUNT]),
                ("dt=3/a.parquet", &[ID, NAME, AMOUNT, CHANNEL]),
            ],
        )
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn update_in_database_makes_a_crawl_version_and_adds_partitions() {
        let store = catalog();
        let found = apply(&store, &grown(), SchemaChangePolicy::default());
        assert_eq!(
            found,
            [
                (FindingKind::TableChanged, Action::Applied),
                (FindingKind::NewPartition, Action::Applied)
            ]
        );
        assert_eq!(versions(&store), [(1, Cause::Crawl), (2, Cause::Crawl)]);
        assert_eq!(stored_values(&store), [["1"], ["2"], ["3"]]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn log_reports_changes_but_still_adds_new_partitions() {
        let store = catalog();
        let (snapshot, partitions) = load(&store, &grown());
        let outcome = recrawl(
            &grown(),
            &snapshot,
            &partitions,
            policy(UpdateBehavior::Log, DeleteBehavior::Log),
            NOW,
        );
        let changed = &outcome.findings[0];
        assert_eq!(
            (changed.kind, changed.action),
            (FindingKind::TableChanged, Action::Logged)
        );
        assert!(
            changed
                .differences
                .iter()
                .any(|d| d.path == "columns/channel"),
            "{changed:?}"
        );
        assert!(
            outcome
                .change
                .ops
                .iter()
                .all(|op| matches!(op, Op::PutPartitions { .. }))
        );
        complete_now(store.commit(&outcome.change, NOW))
            .unwrap()
            .unwrap();
        assert_eq!(versions(&store).len(), 1);
        assert_eq!(stored_values(&store), [["1"], ["2"], ["3"]]);
    }

    fn shrunk() -> CrawlResult {
        crawl(options(), &[("dt=1/a.parquet", &[ID, NAME, AMOUNT])])
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn vanished_partitions_are_logged_or_deleted() {
        for (delete, left) in [
            (DeleteBehavior::Log, 2),
            (DeleteBehavior::DeprecateInDatabase, 2),
            (DeleteBehavior::DeleteFromDatabase, 1),
        ] {
            let store = catalog();
            let found = apply(
                &store,
                &shrunk(),
                policy(UpdateBehavior::UpdateInDatabase, delete),
            );
            let action = if left == 1 {
                Action::Applied
            } else {
                Action::Logged
            };
            assert_eq!(
                found,
                [(FindingKind::PartitionVanished, action)],
                "{delete:?}"
            );
            assert_eq!(stored_values(&store).len(), left, "{delete:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn vanished_tables_are_logged_deprecated_or_deleted() {
        // The same include path now holds other files: `events` has gone, `other` is new.
        let mut elsewhere = options();
        elsewhere.root_table_name = "other".into();
        let moved = crawl(elsewhere, &[("x.parquet", &[ID])]);
        for delete in [
            DeleteBehavior::Log,
            DeleteBehavior::DeprecateInDatabase,
            DeleteBehavior::DeleteFromDatabase,
        ] {
            let store = catalog();
            let found = apply(
                &store,
                &moved,
                policy(UpdateBehavior::UpdateInDatabase, delete),
            );
            let vanished = found
                .iter()
                .find(|(k, _)| *k == FindingKind::TableVanished)
                .unwrap();
            let snapshot = complete_now(store::load(&store)).unwrap().unwrap();
            let events = snapshot.table("analytics", "events");
            match delete {
                DeleteBehavior::Log => {
                    assert_eq!(vanished.1, Action::Logged);
                    assert_eq!(events.unwrap().versions.len(), 1);
                }
                DeleteBehavior::DeprecateInDatabase => {
                    assert_eq!(vanished.1, Action::Applied);
                    let current = events.unwrap().current().unwrap();
                    assert_eq!(
                        current.table.parameters[DEPRECATED_PARAMETER],
                        NOW.to_string()
                    );
                    assert_eq!(current.cause, Cause::Crawl);
                    // Deprecating again changes nothing.
                    assert_eq!(
                        apply(
                            &store,
                            &moved,
                            policy(UpdateBehavior::UpdateInDatabase, delete)
                        )
                        .iter()
                        .find(|(k, _)| *k == FindingKind::TableVanished)
                        .unwrap()
                        .1,
                        Action::Logged
                    );
                }
                DeleteBehavior::DeleteFromDatabase => {
                    assert_eq!(vanished.1, Action::Applied);
                    assert!(events.is_none());
                    assert!(stored_values(&store).is_empty());
                }
            }
            assert!(snapshot.table("analytics", "other").is_some());
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn under_log_partitions_with_new_keys_are_only_reported() {
        let store = catalog();
        let deeper = crawl(
            options(),
            &[
                ("dt=1/h=0/a.parquet", &[ID, NAME, AMOUNT]),
                ("dt=2/h=0/a.parquet", &[ID, NAME, AMOUNT]),
            ],
        );
        let found = apply(
            &store,
            &deeper,
            policy(UpdateBehavior::Log, DeleteBehavior::Log),
        );
        assert_eq!(found[0], (FindingKind::TableChanged, Action::Logged));
        assert!(
            found[1..]
                .iter()
                .all(|f| *f == (FindingKind::NewPartition, Action::Logged)
                    || *f == (FindingKind::PartitionVanished, Action::Logged)),
            "{found:?}"
        );
        assert_eq!(stored_values(&store), [["1"], ["2"]]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn statistics_alone_make_no_version_and_user_edits_survive_an_update() {
        let store = catalog();
        // The user documents a column, then more rows arrive (statistics change only).
        let (snapshot, _) = load(&store, &first());
        let mut edited = snapshot.tables[&("analytics".to_string(), "events".to_string())]
            .current()
            .unwrap()
            .table
            .clone();
        edited.storage.columns[0].comment = Some("the order id".into());
        pii::decide(
            &mut edited.storage.columns[0],
            pii::Decision::Dismissed(Entity::PersonName),
        );
        edited.description = Some("orders".into());
        let save = Op::SaveTable {
            table: Box::new(edited),
            base: store::Base::Latest,
            cause: Cause::Edit,
            notes: Vec::new(),
        };
        complete_now(store.commit(&store::Change::one(save), NOW))
            .unwrap()
            .unwrap();
        let mut crawler = glueprint_core::crawl::Crawler::new(options()).unwrap();
        for key in ["dt=1/a.parquet", "dt=2/a.parquet"] {
            crawler.consider(key, 999);
            crawler.add(key, 999, Ok(super::parquet(&[ID, NAME, AMOUNT], 77)));
        }
        assert_eq!(
            apply(&store, &crawler.finish(), SchemaChangePolicy::default()),
            []
        );
        assert_eq!(versions(&store).len(), 2, "no crawl version for statistics");

        apply(&store, &grown(), SchemaChangePolicy::default());
        let snapshot = complete_now(store::load(&store)).unwrap().unwrap();
        let current = snapshot
            .table("analytics", "events")
            .unwrap()
            .current()
            .unwrap();
        assert_eq!(current.cause, Cause::Crawl);
        assert_eq!(current.table.description.as_deref(), Some("orders"));
        assert_eq!(
            current.table.storage.columns[0].comment.as_deref(),
            Some("the order id")
        );
        assert_eq!(
            pii::Decision::of(&current.table.storage.columns[0]),
            Some(pii::Decision::Dismissed(Entity::PersonName))
        );
        assert_eq!(current.table.storage.columns.len(), 4);
    }
}
