//! The catalog store's semantics, on the in-memory store (the IndexedDB store runs the same `apply`):
//! versions, conflicts, atomic changes, cascades, quarantine of unreadable records, migrations refusing
//! newer formats, lossless backups; plus table diffs and search over a loaded catalog.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::ErrorKind;
use glueprint_core::catalog::{
    Column, Database, Partition, StorageDescriptor, StorageFormat, Table,
};
use glueprint_core::diff::{self, DiffKind};
use glueprint_core::registry::{
    self, Compatibility, DataFormat, Registry, Schema, SchemaVersion, VersionStatus,
};
use glueprint_core::search::{self, Field, Query};
use glueprint_core::source::complete_now;
use glueprint_core::store::backup::{self, ImportMode};
use glueprint_core::store::{
    self, Base, Cause, Change, MemoryStore, Op, SchemaRecord, Snapshot, Space, Store,
};
use glueprint_core::types::HiveType;
use wasm_bindgen_test::wasm_bindgen_test;

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    complete_now(future).expect("the memory store never waits")
}

fn table(name: &str, columns: &[(&str, &str)]) -> Table {
    let columns = columns
        .iter()
        .map(|(n, t)| Column::new(*n, t.parse::<HiveType>().expect("type")))
        .collect();
    Table {
        name: name.into(),
        database_name: "sales".into(),
        description: None,
        partition_keys: vec![Column::new("year", HiveType::String)],
        storage: StorageDescriptor {
            columns,
            location: Some("s3://bucket/sales/".into()),
            format: StorageFormat::parquet(),
            compressed: false,
            parameters: Default::default(),
        },
        parameters: [("classification".to_owned(), "parquet".to_owned())].into(),
    }
}

fn partition(year: &str) -> Partition {
    Partition {
        values: vec![year.into()],
        storage: table("orders", &[("id", "bigint")]).storage,
        parameters: Default::default(),
    }
}

fn save(t: &Table, base: Base, cause: Cause) -> Change {
    Change::one(Op::SaveTable {
        table: Box::new(t.clone()),
        base,
        cause,
        notes: vec!["a note".into()],
    })
}

/// A store holding database `sales` and table `orders` (version 1) with two partitions.
fn seeded() -> MemoryStore {
    let store = MemoryStore::new();
    let change = Change {
        ops: vec![
            Op::PutDatabase {
                database: Database::named("sales"),
                revision: None,
            },
            Op::SaveTable {
                table: Box::new(table("orders", &[("id", "bigint"), ("amount", "double")])),
                base: Base::New,
                cause: Cause::Crawl,
                notes: vec!["inferred".into()],
            },
            Op::PutPartitions {
                database: "sales".into(),
                table: "orders".into(),
                partitions: vec![partition("2023"), partition("2024")],
            },
        ],
    };
    run(store.commit(&change, 1_000)).unwrap();
    store
}

fn snapshot(store: &MemoryStore) -> Snapshot {
    run(store::load(store)).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn edits_make_versions_and_stale_edits_are_refused() {
    let store = seeded();
    let mut edited = table("orders", &[("id", "bigint"), ("amount", "double")]);
    edited.storage.columns[0].comment = Some("order id".into());
    run(store.commit(&save(&edited, Base::Version(1), Cause::Edit), 2_000)).unwrap();

    let record = snapshot(&store).table("sales", "orders").unwrap().clone();
    assert_eq!(record.current_number(), 2);
    assert_eq!(record.versions[0].cause, Cause::Crawl);
    assert_eq!(record.versions[1].cause, Cause::Edit);
    assert_eq!(record.versions[1].created_ms, 2_000);

    // Another tab still holds version 1 and saves: refused, nothing written.
    let before = store.dump();
    let mut stale = table("orders", &[("id", "bigint")]);
    stale.description = Some("from the other tab".into());
    let err = run(store.commit(&save(&stale, Base::Version(1), Cause::Edit), 3_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.message().contains("version 2") && err.message().contains("based on version 1"),
        "{err}"
    );
    assert_eq!(store.dump(), before);

    // Saving the same table again adds no version.
    run(store.commit(&save(&edited, Base::Version(2), Cause::Edit), 4_000)).unwrap();
    assert_eq!(
        snapshot(&store)
            .table("sales", "orders")
            .unwrap()
            .current_number(),
        2
    );

    // Creating a table that exists is a conflict too.
    let err = run(store.commit(&save(&edited, Base::New, Cause::Crawl), 5_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_change_that_fails_half_way_writes_nothing() {
    let store = seeded();
    let before = store.dump();
    let change = Change {
        ops: vec![
            Op::SaveTable {
                table: Box::new(table("customers", &[("id", "bigint")])),
                base: Base::New,
                cause: Cause::Crawl,
                notes: vec![],
            },
            // Two values for a table with one partition key.
            Op::PutPartitions {
                database: "sales".into(),
                table: "customers".into(),
                partitions: vec![Partition {
                    values: vec!["2024".into(), "01".into()],
                    ..partition("x")
                }],
            },
        ],
    };
    let err = run(store.commit(&change, 2_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(
        store.dump(),
        before,
        "the first op must not survive the second's failure"
    );

    // A table in a database that does not exist.
    let mut elsewhere = table("t", &[("id", "int")]);
    elsewhere.database_name = "nowhere".into();
    let err = run(store.commit(&save(&elsewhere, Base::New, Cause::Crawl), 2_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(store.dump(), before);
}

#[wasm_bindgen_test(unsupported = test)]
fn rename_keeps_history_and_partitions_and_delete_cascades() {
    let store = seeded();
    let rename = Op::RenameTable {
        database: "sales".into(),
        from: "orders".into(),
        to: "orders_v2".into(),
        base: 1,
    };
    run(store.commit(&Change::one(rename), 2_000)).unwrap();
    let snap = snapshot(&store);
    assert!(snap.table("sales", "orders").is_none());
    let record = snap.table("sales", "orders_v2").unwrap();
    assert_eq!(record.versions.len(), 2);
    assert_eq!(record.versions[0].table.name, "orders");
    let (parts, problems) = run(store::partitions(&store, "sales", "orders_v2")).unwrap();
    assert_eq!(parts.len(), 2);
    assert!(problems.is_empty());
    assert!(
        run(store::partitions(&store, "sales", "orders"))
            .unwrap()
            .0
            .is_empty()
    );
    // What a delete would take with it, as the confirmation says.
    assert_eq!(run(store::partition_count(&store, &["sales"])).unwrap(), 2);
    assert_eq!(
        run(store::partition_count(&store, &["sales", "orders_v2"])).unwrap(),
        2
    );
    assert_eq!(
        run(store::partition_count(&store, &["sales", "orders"])).unwrap(),
        0
    );
    assert_eq!(run(store::partition_count(&store, &["sale"])).unwrap(), 0);

    run(store.commit(
        &Change::one(Op::DeleteDatabase {
            name: "sales".into(),
        }),
        3_000,
    ))
    .unwrap();
    assert!(store.dump().is_empty(), "{:?}", store.dump());
}

#[wasm_bindgen_test(unsupported = test)]
fn database_edits_check_their_revision() {
    let store = seeded();
    let mut db = Database::named("sales");
    db.description = Some("Orders and customers".into());
    run(store.commit(
        &Change::one(Op::PutDatabase {
            database: db.clone(),
            revision: Some(1),
        }),
        2_000,
    ))
    .unwrap();
    let err = run(store.commit(
        &Change::one(Op::PutDatabase {
            database: db,
            revision: Some(1),
        }),
        3_000,
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(snapshot(&store).databases["sales"].revision, 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn unreadable_and_newer_records_are_quarantined_not_fatal() {
    let store = seeded();
    store.insert_raw(Space::Tables, "sales\0broken", "{not json");
    let newer = r#"{"format": 99, "versions": []}"#;
    store.insert_raw(Space::Tables, "sales\0future", newer);
    let snap = snapshot(&store);
    assert!(
        snap.table("sales", "orders").is_some(),
        "the rest still loads"
    );
    assert_eq!(snap.problems.len(), 2, "{:?}", snap.problems);
    assert!(
        snap.problems
            .iter()
            .any(|p| p.contains("sales.broken") && p.contains("not JSON"))
    );
    assert!(
        snap.problems
            .iter()
            .any(|p| p.contains("newer Glueprint") && p.contains("format 99"))
    );
    // Left untouched for the newer app, and a backup refuses to pretend it is complete.
    assert!(store.dump().iter().any(|(_, _, text)| text == newer));
    let err = run(backup::export(&store)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
}

#[wasm_bindgen_test(unsupported = test)]
fn backup_round_trips_to_identical_bytes() {
    let store = seeded();
    let mut edited = table("orders", &[("id", "bigint"), ("amount", "decimal(10,2)")]);
    edited.storage.columns[1].tags.insert("pii".into());
    run(store.commit(&save(&edited, Base::Version(1), Cause::Edit), 2_000)).unwrap();
    let first = backup::to_json(&run(backup::export(&store)).unwrap()).unwrap();

    let fresh = MemoryStore::new();
    let parsed = backup::parse(&first).unwrap();
    let change = backup::import_change(&parsed, ImportMode::Replace, &snapshot(&fresh)).unwrap();
    run(fresh.commit(&change, 9_000)).unwrap();
    let second = backup::to_json(&run(backup::export(&fresh)).unwrap()).unwrap();
    assert_eq!(first, second);
    assert!(first.contains("\"glueprintBackup\": 1"));

    // Merge into a catalog that has the table: the import becomes its next version.
    let other = seeded();
    let change = backup::import_change(&parsed, ImportMode::Merge, &snapshot(&other)).unwrap();
    run(other.commit(&change, 9_000)).unwrap();
    let record = snapshot(&other).table("sales", "orders").unwrap().clone();
    assert_eq!(record.current_number(), 2);
    assert_eq!(record.versions[1].cause, Cause::Import);
    assert_eq!(record.versions[1].table, edited);
}

#[wasm_bindgen_test(unsupported = test)]
fn backups_that_are_not_ours_are_refused_before_writing() {
    for (text, kind) in [
        ("[]", ErrorKind::Malformed),
        ("{\"databases\": []}", ErrorKind::Malformed),
        (
            "{\"glueprintBackup\": 7, \"databases\": [], \"tables\": []}",
            ErrorKind::Unsupported,
        ),
        (
            "{\"glueprintBackup\": 1, \"databases\": [], \"tables\": [{\"versions\": []}]}",
            ErrorKind::Malformed,
        ),
        (
            "{\"glueprintBackup\": 1, \"databases\": [], \"tables\": [], \"extra\": 1}",
            ErrorKind::Malformed,
        ),
        ("not json", ErrorKind::Malformed),
    ] {
        assert_eq!(backup::parse(text).unwrap_err().kind(), kind, "{text}");
    }
    // A type that does not parse is caught by the Hive type parser, with its position.
    let bad_type = r#"{"glueprintBackup": 1, "databases": [{"name": "d", "description": null, "locationUri": null, "parameters": {}}],
      "tables": [{"versions": [{"number": 1, "createdMs": 0, "cause": {"kind": "crawl"}, "table": {"name": "t",
      "databaseName": "d", "description": null, "partitionKeys": [], "parameters": {}, "storage": {"columns":
      [{"name": "c", "dataType": "array<", "comment": null, "parameters": {}}], "location": null, "compressed": false,
      "parameters": {}, "format": {"inputFormat": "i", "outputFormat": "o", "serde": {"serializationLibrary": "s",
      "parameters": {}}}}}}]}]}"#;
    let err = backup::parse(bad_type).unwrap_err();
    assert!(err.message().contains("array<"), "{err}");
}

/// What `parse` and `import_change` accept imports whole: a backup that holds something twice, or whose
/// records refer to databases, tables or registries that neither it nor (when merging) the catalog holds,
/// is refused with what is wrong, before the store could refuse it half-way (the fuzz target
/// `backup_import` found the first of these).
#[wasm_bindgen_test(unsupported = test)]
fn backups_whose_records_refer_to_what_they_do_not_hold_are_refused_before_writing() {
    let store = seeded();
    with_registry(&store);
    let good = backup::to_json(&run(backup::export(&store)).unwrap()).unwrap();
    let base: serde_json::Value = serde_json::from_str(&good).unwrap();
    let into_empty = |text: &str| {
        backup::parse(text).and_then(|parsed| {
            backup::import_change(&parsed, ImportMode::Replace, &Snapshot::default())
        })
    };
    into_empty(&good).unwrap();

    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 7] = [
        ("in database sales, which the backup does not hold", |b| {
            b["databases"][0]["name"] = "other".into();
        }),
        ("holds database sales twice", |b| {
            let database = b["databases"][0].clone();
            b["databases"].as_array_mut().unwrap().push(database);
        }),
        ("holds table sales.orders twice", |b| {
            let table = b["tables"][0].clone();
            b["tables"].as_array_mut().unwrap().push(table);
        }),
        (
            "partitions of table sales.gone, which the backup does not hold",
            |b| {
                b["partitions"][0]["table"] = "gone".into();
            },
        ),
        ("has 2 values for 1 partition keys", |b| {
            b["partitions"][0]["partitions"][0]["values"] = serde_json::json!(["2023", "x"]);
        }),
        ("in registry gone, which the backup does not hold", |b| {
            b["schemas"][0]["schema"]["registry"] = "gone".into();
        }),
        ("holds schema events.click twice", |b| {
            let schema = b["schemas"][0].clone();
            b["schemas"].as_array_mut().unwrap().push(schema);
        }),
    ];
    for (expected, edit) in edits {
        let mut bad = base.clone();
        edit(&mut bad);
        let err = into_empty(&bad.to_string()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
        assert!(err.message().contains(expected), "{expected}: {err}");
    }
    // Merged into a catalog that holds database sales, table sales.orders and registry events, a backup
    // that only refers to them imports; into one without them it is refused.
    let mut partial = base.clone();
    partial["databases"] = serde_json::json!([]);
    partial["registries"] = serde_json::json!([]);
    let parsed = backup::parse(&partial.to_string()).unwrap();
    let change = backup::import_change(&parsed, ImportMode::Merge, &snapshot(&store)).unwrap();
    run(store.commit(&change, 3_000)).unwrap();
    let err = backup::import_change(&parsed, ImportMode::Merge, &Snapshot::default()).unwrap_err();
    assert!(
        err.message()
            .contains("which neither the backup nor the catalog holds"),
        "{err}"
    );
    // Names and definitions are checked as the store would check them.
    let mut unnamed = base.clone();
    unnamed["registries"][0]["name"] = "".into();
    unnamed["schemas"][0]["schema"]["registry"] = "".into();
    let err = backup::parse(&unnamed.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn diffs_name_every_change() {
    let before = table(
        "orders",
        &[
            ("id", "int"),
            ("name", "string"),
            ("amount", "double"),
            ("gone", "string"),
        ],
    );
    let mut after = table(
        "orders",
        &[
            ("name", "string"),
            ("id", "bigint"),
            ("amount", "double"),
            ("new", "date"),
        ],
    );
    after
        .parameters
        .insert("classification".into(), "csv".into());
    after.parameters.insert("owner".into(), "data-eng".into());
    after.storage.columns[2].comment = Some("in EUR".into());
    let kinds: Vec<(DiffKind, String)> = diff::tables(&before, &after)
        .into_iter()
        .map(|d| (d.kind, d.path))
        .collect();
    assert_eq!(
        kinds,
        [
            (DiffKind::ColumnRetyped, "columns/id".to_owned()),
            (DiffKind::ColumnCommentChanged, "columns/amount".to_owned()),
            (DiffKind::ColumnRemoved, "columns/gone".to_owned()),
            (DiffKind::ColumnAdded, "columns/new".to_owned()),
            (DiffKind::ColumnMoved, "columns/name".to_owned()),
            (DiffKind::ColumnMoved, "columns/id".to_owned()),
            (
                DiffKind::ParameterChanged,
                "parameters/classification".to_owned()
            ),
            (DiffKind::ParameterAdded, "parameters/owner".to_owned()),
        ]
    );
    assert!(diff::tables(&before, &before).is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn search_finds_names_comments_tags_and_parameters() {
    let store = seeded();
    let mut customers = table(
        "customers",
        &[("id", "bigint"), ("email_address", "string")],
    );
    customers.storage.columns[1].comment = Some("Primary contact".into());
    customers.storage.columns[1].tags.insert("pii".into());
    customers
        .parameters
        .insert("classification".into(), "csv".into());
    run(store.commit(&save(&customers, Base::New, Cause::Crawl), 2_000)).unwrap();
    let snap = snapshot(&store);
    let find = |text: &str| -> Vec<String> {
        search::search(
            &snap,
            &Query {
                text: text.into(),
                ..Query::default()
            },
        )
        .into_iter()
        .map(|h| h.table)
        .collect()
    };
    assert_eq!(find("EMAIL"), ["customers"]);
    assert_eq!(find("contact"), ["customers"]);
    assert_eq!(find("amount"), ["orders"]);
    assert_eq!(find("id"), ["customers", "orders"]);
    assert_eq!(find("sales email"), ["customers"], "every word must match");
    assert!(find("nothing-like-this").is_empty());

    let hit = &search::search(
        &snap,
        &Query {
            text: "email".into(),
            ..Query::default()
        },
    )[0];
    assert_eq!(hit.matches[0].field, Field::ColumnName);
    assert_eq!(hit.matches[0].column.as_deref(), Some("email_address"));

    let tagged = Query {
        tag: Some("pii".into()),
        ..Query::default()
    };
    assert_eq!(search::search(&snap, &tagged).len(), 1);
    let sensitive = Query {
        sensitive: true,
        ..Query::default()
    };
    assert_eq!(search::search(&snap, &sensitive)[0].table, "customers");
    assert_eq!(search::search(&snap, &sensitive).len(), 1);
    let parquet = Query {
        classification: Some("PARQUET".into()),
        ..Query::default()
    };
    assert_eq!(search::search(&snap, &parquet)[0].table, "orders");
    let elsewhere = Query {
        database: Some("other".into()),
        ..Query::default()
    };
    assert!(search::search(&snap, &elsewhere).is_empty());
}

/// Registry `events` with schema `click` (Avro, BACKWARD) at version 1.
fn with_registry(store: &MemoryStore) {
    let change = Change {
        ops: vec![
            Op::PutRegistry {
                registry: Registry {
                    name: "events".into(),
                    description: Some("clickstream".into()),
                },
                revision: None,
            },
            Op::PutSchema {
                record: Box::new(schema_record(&[CLICK_V1])),
                base: None,
            },
        ],
    };
    run(store.commit(&change, 1_500)).unwrap();
}

const CLICK_V1: &str = r#"{"type":"record","name":"Click","fields":[{"name":"id","type":"long"}]}"#;
const CLICK_V2: &str = r#"{"type":"record","name":"Click","fields":[{"name":"id","type":"long"},{"name":"page","type":"string","default":""}]}"#;

fn schema_record(definitions: &[&str]) -> SchemaRecord {
    SchemaRecord {
        schema: Schema {
            registry: "events".into(),
            name: "click".into(),
            data_format: DataFormat::Avro,
            compatibility: Compatibility::Backward,
            description: None,
        },
        versions: definitions
            .iter()
            .zip(1..)
            .map(|(definition, number)| SchemaVersion {
                number,
                status: VersionStatus::Available,
                created_ms: 1_500,
                definition: (*definition).to_owned(),
                metadata: Default::default(),
            })
            .collect(),
        revision: 0,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn registry_schemas_version_refuse_stale_writes_and_cascade() {
    for mode in Compatibility::ALL {
        assert_eq!(mode.to_string().parse::<Compatibility>().unwrap(), mode);
    }
    assert!("BACKWARDS".parse::<Compatibility>().is_err());
    let store = seeded();
    with_registry(&store);
    let snap = snapshot(&store);
    assert_eq!(snap.registries["events"].revision, 1);
    assert_eq!(
        snap.schemas[&("events".to_owned(), "click".to_owned())].latest_number(),
        1
    );

    // Version 2 based on version 1 is written; a second write still based on 1 is refused.
    let put = |base| {
        Change::one(Op::PutSchema {
            record: Box::new(schema_record(&[CLICK_V1, CLICK_V2])),
            base,
        })
    };
    run(store.commit(&put(Some(1)), 2_000)).unwrap();
    let before = store.dump();
    let err = run(store.commit(&put(Some(1)), 3_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("version 2"), "{err}");
    let err = run(store.commit(&put(None), 3_000)).unwrap_err();
    assert!(err.message().contains("already exists"), "{err}");
    assert_eq!(store.dump(), before);
    // A metadata or mode change made from a copy another write has replaced is refused too, though no
    // version was added: the copy's revision is stale.
    let id = ("events".to_owned(), "click".to_owned());
    let copy = snapshot(&store).schemas[&id].clone();
    let mut tagged = copy.clone();
    tagged.versions[0]
        .metadata
        .insert("owner".into(), "a".into());
    let mut retuned = copy;
    retuned.schema.compatibility = Compatibility::Full;
    let edit = |record: &SchemaRecord| {
        Change::one(Op::PutSchema {
            record: Box::new(record.clone()),
            base: Some(2),
        })
    };
    run(store.commit(&edit(&tagged), 3_000)).unwrap();
    let before = store.dump();
    let err = run(store.commit(&edit(&retuned), 3_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("changed elsewhere"), "{err}");
    assert_eq!(store.dump(), before);
    let stored = &snapshot(&store).schemas[&id];
    assert_eq!(stored.versions[0].metadata["owner"], "a");
    assert_eq!(stored.schema.compatibility, Compatibility::Backward);

    // Glue's name pattern and definition limit are enforced before anything is written.
    let mut bad = schema_record(&[CLICK_V1]);
    bad.schema.name = "click stream".into();
    let err = run(store.commit(
        &Change::one(Op::PutSchema {
            record: Box::new(bad),
            base: None,
        }),
        3_000,
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.message().contains("' '"), "{err}");
    let huge = "x".repeat(registry::MAX_DEFINITION_CHARS + 1);
    let mut too_long = schema_record(&[&huge]);
    too_long.schema.name = "other".into();
    let err = run(store.commit(
        &Change::one(Op::PutSchema {
            record: Box::new(too_long),
            base: None,
        }),
        3_000,
    ))
    .unwrap_err();
    assert!(err.message().contains("170000"), "{err}");
    assert_eq!(store.dump(), before);

    // Deleting the registry takes its schemas; the data catalog is untouched.
    run(store.commit(
        &Change::one(Op::DeleteRegistry {
            name: "events".into(),
        }),
        4_000,
    ))
    .unwrap();
    let snap = snapshot(&store);
    assert!(snap.registries.is_empty() && snap.schemas.is_empty());
    assert!(snap.table("sales", "orders").is_some());
}

#[wasm_bindgen_test(unsupported = test)]
fn descriptions_are_edited_within_glues_limits_and_a_schema_is_deleted_alone() {
    let store = seeded();
    with_registry(&store);
    let id = ("events".to_owned(), "click".to_owned());
    let describe = |description: &str, revision| {
        Change::one(Op::PutRegistry {
            registry: Registry {
                name: "events".into(),
                description: Some(description.into()),
            },
            revision: Some(revision),
        })
    };
    run(store.commit(&describe("every click", 1), 2_000)).unwrap();
    assert_eq!(
        snapshot(&store).registries["events"]
            .registry
            .description
            .as_deref(),
        Some("every click")
    );
    // An edit made from revision 1 after another tab saved revision 2 is refused.
    let err = run(store.commit(&describe("stale", 1), 2_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let too_long = "x".repeat(registry::MAX_DESCRIPTION_CHARS + 1);
    let err = run(store.commit(&describe(&too_long, 2), 2_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);

    let mut described = snapshot(&store).schemas[&id].clone();
    described.schema.description = Some("clicks, one per page view".into());
    let put = |record: &SchemaRecord| {
        Change::one(Op::PutSchema {
            record: Box::new(record.clone()),
            base: Some(1),
        })
    };
    let mut controlled = described.clone();
    controlled.schema.description = Some("nul \u{0}".into());
    assert_eq!(
        run(store.commit(&put(&controlled), 2_500))
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
    run(store.commit(&put(&described), 2_500)).unwrap();
    let stored = &snapshot(&store).schemas[&id];
    assert_eq!(
        stored.schema.description.as_deref(),
        Some("clicks, one per page view")
    );
    // The same copy again is stale now.
    let err = run(store.commit(&put(&described), 2_600)).unwrap_err();
    assert!(err.message().contains("changed elsewhere"), "{err}");

    let delete = Change::one(Op::DeleteSchema {
        registry: "events".into(),
        name: "click".into(),
    });
    run(store.commit(&delete, 3_000)).unwrap();
    let snap = snapshot(&store);
    assert!(snap.schemas.is_empty());
    assert!(snap.registries.contains_key("events"));
    assert!(run(store.commit(&delete, 3_000)).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn backups_carry_the_registry_and_merge_new_schema_versions() {
    let store = seeded();
    with_registry(&store);
    run(store.commit(
        &Change::one(Op::PutSchema {
            record: Box::new(schema_record(&[CLICK_V1, CLICK_V2])),
            base: Some(1),
        }),
        2_000,
    ))
    .unwrap();
    let first = backup::to_json(&run(backup::export(&store)).unwrap()).unwrap();
    assert!(first.contains("\"registries\"") && first.contains("\"schemas\""));

    let fresh = MemoryStore::new();
    let parsed = backup::parse(&first).unwrap();
    run(fresh.commit(
        &backup::import_change(&parsed, ImportMode::Replace, &snapshot(&fresh)).unwrap(),
        9_000,
    ))
    .unwrap();
    let second = backup::to_json(&run(backup::export(&fresh)).unwrap()).unwrap();
    assert_eq!(first, second);

    // Merge into a store that has only version 1: version 2's text is appended, version 1 is not doubled.
    let other = seeded();
    with_registry(&other);
    run(other.commit(
        &backup::import_change(&parsed, ImportMode::Merge, &snapshot(&other)).unwrap(),
        9_000,
    ))
    .unwrap();
    let merged = snapshot(&other).schemas[&("events".to_owned(), "click".to_owned())].clone();
    let texts: Vec<&str> = merged
        .versions
        .iter()
        .map(|v| v.definition.as_str())
        .collect();
    assert_eq!(texts, [CLICK_V1, CLICK_V2]);
    assert_eq!(merged.latest_number(), 2);
}

/// The raw records of a store written by an earlier Glueprint (store format 1, IndexedDB schema 1: no
/// registry spaces), as kept in `tests/data/store/`. The browser test seeds IndexedDB from the same file.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoreFixture {
    record_format: u32,
    records: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

#[wasm_bindgen_test(unsupported = test)]
fn stores_written_by_every_earlier_version_load_without_loss() {
    let text = include_str!("data/store/format1-idb1.json");
    let fixture: StoreFixture = serde_json::from_str(text).unwrap();
    assert_eq!(fixture.record_format, 1);
    let store = MemoryStore::new();
    for (space, records) in &fixture.records {
        let space = Space::ALL
            .into_iter()
            .find(|s| s.name() == space)
            .unwrap_or_else(|| panic!("unknown space {space}"));
        for (key, value) in records {
            store.insert_raw(space, key, value);
        }
    }
    let snap = snapshot(&store);
    assert!(snap.problems.is_empty(), "{:?}", snap.problems);
    let orders = snap.table("sales", "orders").unwrap();
    assert_eq!(orders.current_number(), 2);
    assert_eq!(orders.versions[0].cause, Cause::Crawl);
    assert_eq!(orders.versions[0].notes, ["inferred"]);
    assert_eq!(
        orders.current().unwrap().table.storage.columns[0]
            .comment
            .as_deref(),
        Some("order id")
    );
    let (partitions, problems) = run(store::partitions(&store, "sales", "orders")).unwrap();
    assert!(problems.is_empty());
    assert_eq!(partitions.len(), 2);
    assert_eq!(
        run(store::setting(&store, "lastDatabase"))
            .unwrap()
            .as_deref(),
        Some("\"sales\"")
    );
    // And it keeps working: a new version on top of the old records.
    let mut edited = orders.current().unwrap().table.clone();
    edited.description = Some("after the upgrade".into());
    run(store.commit(&save(&edited, Base::Version(2), Cause::Edit), 5_000)).unwrap();
}
