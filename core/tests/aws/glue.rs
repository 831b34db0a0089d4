//! The Glue JSON protocol, its error answers and the publish plan.

use glueprint_core::ErrorKind;
use glueprint_core::aws::Credentials;
use glueprint_core::aws::glue::{
    self, GlueService, PublishStep, RemoteCatalog, StepOutcome, Subject,
};
use glueprint_core::catalog::{
    Column, Database, Parameters, Partition, StorageDescriptor, StorageFormat, Table,
};
use glueprint_core::export::{Selection, TableExport, glue as payloads};
use glueprint_core::types::HiveType;
use wasm_bindgen_test::wasm_bindgen_test;

fn table(name: &str) -> Table {
    let storage = StorageDescriptor {
        columns: vec![
            Column::new("id", HiveType::BigInt),
            Column::new("name", HiveType::String),
        ],
        location: Some(format!("s3://my-bucket/sales/{name}/")),
        format: StorageFormat::parquet(),
        compressed: false,
        parameters: Parameters::from([("classification".into(), "parquet".into())]),
    };
    Table {
        name: name.into(),
        database_name: "sales".into(),
        description: None,
        partition_keys: vec![Column::new("dt", HiveType::String)],
        parameters: storage.parameters.clone(),
        storage,
    }
}

fn partitions(table: &Table, count: usize) -> Vec<Partition> {
    (0..count)
        .map(|i| {
            let mut storage = table.storage.clone();
            storage.location = Some(format!("s3://my-bucket/sales/{}/dt={i}/", table.name));
            Partition {
                values: vec![i.to_string()],
                storage,
                parameters: Parameters::new(),
            }
        })
        .collect()
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "SECRETKEY", Some("SESSIONTOKEN".into())).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn glue_request_is_a_signed_json_post() {
    let service = GlueService::new("eu-west-1", None).unwrap();
    let lookups = glue::lookups(&Selection {
        databases: &[Database::named("sales")],
        tables: &[],
    });
    let request = service
        .request(&lookups[0].call, &credentials(), "20261125T010203Z")
        .unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://glue.eu-west-1.amazonaws.com/");
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("X-Amz-Target"), Some("AWSGlue.GetDatabase"));
    assert_eq!(header("Content-Type"), Some("application/x-amz-json-1.1"));
    assert_eq!(header("X-Amz-Date"), Some("20261125T010203Z"));
    let auth = header("Authorization").unwrap();
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/eu-west-1/glue/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
        ),
        "{auth}"
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({ "Name": "sales" }));

    let custom = GlueService::new("us-east-1", Some("http://127.0.0.1:5000"))
        .unwrap()
        .request(&lookups[0].call, &credentials(), "20261125T010203Z")
        .unwrap();
    assert_eq!(custom.url, "http://127.0.0.1:5000/");
    for (region, endpoint) in [
        ("", None),
        ("us east", None),
        ("us-east-1", Some("ftp://x")),
        ("us-east-1", Some("http://user:pw@host")),
        ("us-east-1", Some("http://host/?x=1")),
    ] {
        assert_eq!(
            GlueService::new(region, endpoint).unwrap_err().kind(),
            ErrorKind::Invalid
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn glue_errors_are_typed() {
    let err = glue::parse_response(
        400,
        r#"{"__type":"com.amazonaws.glue#AlreadyExistsException","message":"Table already exists."}"#,
    )
    .unwrap_err();
    assert!(err.already_exists());
    assert_eq!(err.message, "Table already exists.");
    let err = glue::parse_response(
        400,
        r#"{"__type":"EntityNotFoundException","Message":"Database sales not found."}"#,
    )
    .unwrap_err();
    assert!(err.not_found());
    assert_eq!(err.message, "Database sales not found.");
    let err = glue::parse_response(
        403,
        r#"{"__type":"AccessDeniedException:http://internal.amazon.com/","message":"no"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.status),
        ("AccessDeniedException", 403)
    );
    let err = glue::parse_response(502, "<html>Bad gateway</html>").unwrap_err();
    assert_eq!(err.code, "HTTP502");
    assert_eq!(err.message, "<html>Bad gateway</html>");
    // An XML error answer (moto's refusal of an unknown key, a gateway) is read for its code and message.
    let err = glue::parse_response(
        403,
        r#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "InvalidClientTokenId (HTTP 403): The security token included in the request is invalid."
    );
    let err = glue::parse_response(403, "<Error><Message>no code</Message></Error>").unwrap_err();
    assert_eq!(err.code, "HTTP403");
    assert!(glue::parse_response(200, "not json").is_err());
    assert!(glue::parse_response(200, "").is_ok());
    let huge = " ".repeat(glue::MAX_RESPONSE_BYTES + 1);
    assert_eq!(
        glue::parse_response(200, &huge).unwrap_err().code,
        "MalformedResponse"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn publish_plan_creates_what_is_missing_and_updates_what_exists() {
    let orders = table("orders");
    let events = table("events");
    let event_partitions = partitions(&events, 250);
    let databases = [Database::named("sales")];
    let tables = [
        TableExport {
            table: &orders,
            partitions: &[],
        },
        TableExport {
            table: &events,
            partitions: &event_partitions,
        },
    ];
    let selection = Selection {
        databases: &databases,
        tables: &tables,
    };
    let lookups = glue::lookups(&selection);
    let operations: Vec<&str> = lookups.iter().map(|l| l.call.operation).collect();
    assert_eq!(operations, ["GetDatabase", "GetTable", "GetTable"]);
    assert_eq!(
        lookups[1].subject,
        Subject::Table {
            database: "sales".into(),
            name: "orders".into()
        }
    );
    assert_eq!(lookups[1].subject.to_string(), "table sales.orders");
    assert_eq!(lookups[0].subject.to_string(), "database sales");

    // An empty catalog: everything is created.
    let mut remote = RemoteCatalog::default();
    let not_found = r#"{"__type":"EntityNotFoundException","message":"nope"}"#;
    for lookup in &lookups {
        remote.record(lookup, 400, not_found).unwrap();
    }
    let plan = glue::publish_plan(&selection, &remote);
    let descriptions: Vec<&str> = plan.iter().map(|s| s.description.as_str()).collect();
    assert_eq!(
        descriptions,
        [
            "CreateDatabase sales",
            "CreateTable sales.orders (2 columns)",
            "CreateTable sales.events (2 columns)",
            "BatchCreatePartition sales.events: 100 partitions (batch 1 of 3, at most 100 each)",
            "BatchCreatePartition sales.events: 100 partitions (batch 2 of 3, at most 100 each)",
            "BatchCreatePartition sales.events: 50 partitions (batch 3 of 3, at most 100 each)",
        ]
    );
    // The bodies are the export's payloads, not a second rendering of them.
    assert_eq!(
        plan[1].call.body,
        payloads::to_json(&payloads::create_table(&orders))
    );
    assert_eq!(
        plan[5].call.body,
        payloads::to_json(&payloads::batch_create_partitions(&events, &event_partitions)[2])
    );
    assert_eq!(plan[5].partitions.first().unwrap(), &vec!["200".to_owned()]);

    // Database and one table exist: UpdateTable for it, no CreateDatabase.
    let mut remote = RemoteCatalog::default();
    remote
        .record(&lookups[0], 200, r#"{"Database":{"Name":"sales"}}"#)
        .unwrap();
    remote
        .record(&lookups[1], 200, r#"{"Table":{"Name":"orders"}}"#)
        .unwrap();
    remote.record(&lookups[2], 400, not_found).unwrap();
    let plan = glue::publish_plan(&selection, &remote);
    assert_eq!(plan[0].call.operation, "UpdateTable");
    assert_eq!(
        plan[0].call.body,
        payloads::to_json(&payloads::update_table(&orders, None))
    );
    assert_eq!(plan[1].call.operation, "CreateTable");
    assert_eq!(plan.len(), 5);

    // A lookup that fails for another reason stops the plan.
    let denied = RemoteCatalog::default().record(
        &lookups[0],
        400,
        r#"{"__type":"AccessDeniedException","message":"no"}"#,
    );
    assert_eq!(denied.unwrap_err().code, "AccessDeniedException");
}

#[wasm_bindgen_test(unsupported = test)]
fn batch_create_partition_reports_each_partition() {
    let events = table("events");
    let parts = partitions(&events, 3);
    let tables = [TableExport {
        table: &events,
        partitions: &parts,
    }];
    let selection = Selection {
        databases: &[],
        tables: &tables,
    };
    let plan = glue::publish_plan(&selection, &RemoteCatalog::default());
    let step: &PublishStep = plan.last().unwrap();
    let answer = r#"{"Errors":[
        {"PartitionValues":["0"],"ErrorDetail":{"ErrorCode":"AlreadyExistsException","ErrorMessage":"exists"}},
        {"PartitionValues":["2"],"ErrorDetail":{"ErrorCode":"InvalidInputException","ErrorMessage":"bad"}}]}"#;
    match step.outcome(200, answer) {
        StepOutcome::Partitions {
            created,
            already_existed,
            failed,
        } => {
            assert_eq!(created, 1);
            assert_eq!(already_existed, vec![vec!["0".to_owned()]]);
            assert_eq!(failed.len(), 1);
            assert_eq!(failed[0].values, ["2"]);
            assert_eq!(failed[0].code, "InvalidInputException");
        }
        other => panic!("{other:?}"),
    }
    assert!(!step.outcome(200, answer).succeeded());
    assert!(step.outcome(200, "{}").succeeded());
    assert!(matches!(
        step.outcome(400, r#"{"__type":"EntityNotFoundException"}"#),
        StepOutcome::Failed(e) if e.not_found()
    ));
    assert_eq!(plan[0].outcome(200, "{}"), StepOutcome::Done);
    // The one-line results the CLI prints and the app shows.
    assert_eq!(
        step.outcome(200, answer).to_string(),
        "1 created, 1 already existed, 1 failed"
    );
    assert_eq!(plan[0].outcome(200, "{}").to_string(), "done");
    assert_eq!(
        step.outcome(403, r#"{"__type":"AccessDeniedException","message":"no"}"#)
            .to_string(),
        "failed: AccessDeniedException (HTTP 403): no"
    );
}
