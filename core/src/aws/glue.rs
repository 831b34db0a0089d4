//! The Glue JSON 1.1 protocol and the publish plan.
//!
//! Every Glue call is a `POST /` to `https://glue.{region}.amazonaws.com/` (or a custom endpoint) with
//! `X-Amz-Target: AWSGlue.{Operation}`, `Content-Type: application/x-amz-json-1.1` and the request
//! JSON as body, signed with SigV4 for the service `glue`. Errors come back as a non-2xx status and
//! `{"__type": "…#AlreadyExistsException", "message": "…"}` (`Message` on some paths), read into a
//! [`GlueError`].
//!
//! Publishing a [`Selection`] takes two passes, so that the dry run can show exactly what will happen:
//!
//! 1. [`lookups`]: one `GetDatabase` per database and one `GetTable` per table. Each answer goes into a
//!    [`RemoteCatalog`] ([`RemoteCatalog::record`]): found, or `EntityNotFoundException`.
//! 2. [`publish_plan`]: `CreateDatabase` for each missing database, then per table `CreateTable` (missing)
//!    or `UpdateTable` (present), then its partitions in `BatchCreatePartition` chunks of
//!    [`MAX_PARTITIONS_PER_BATCH`]. Partitions are not looked up: a partition that already exists is
//!    reported by `BatchCreatePartition` itself, per partition, and [`PublishStep::outcome`] lists it as
//!    already present rather than failed. That saves paging through `GetPartitions` on tables with
//!    thousands of them.
//!
//! The payloads are the export's ([`crate::export::glue`]), so a published table is byte for byte what
//! `glueprint export --to glue` writes.

use std::collections::BTreeSet;

use serde_json::Value;

use super::sigv4::{self, Scope, Target};
use super::{Credentials, Endpoint, HttpRequest};
use crate::error::{Error, Result};
use crate::export::Selection;
use crate::export::glue::{
    self as payloads, MAX_PARTITIONS_PER_BATCH, batch_create_partitions, create_database,
    create_table, update_table,
};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// Larger Glue answers are refused rather than parsed: the calls planned here answer in kilobytes.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// Where Glue calls go and how they are signed.
#[derive(Debug, Clone)]
pub struct GlueService {
    endpoint: Endpoint,
    region: String,
}

impl GlueService {
    /// Glue in `region`, at `endpoint` when given (moto, a proxy), else at AWS's regional endpoint.
    pub fn new(region: &str, endpoint: Option<&str>) -> Result<Self> {
        Self::at(region, endpoint.map(Endpoint::parse).transpose()?)
    }

    /// As [`GlueService::new`], with the endpoint already parsed (the app's AWS session holds it so).
    pub fn at(region: &str, endpoint: Option<Endpoint>) -> Result<Self> {
        let valid_region = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_region {
            return Err(Error::invalid(format!(
                "region {region:?}: expected a name like us-east-1"
            )));
        }
        let endpoint =
            endpoint.unwrap_or_else(|| Endpoint::https(format!("glue.{region}.amazonaws.com")));
        Ok(Self {
            endpoint,
            region: region.to_owned(),
        })
    }

    /// The signed `POST` of `call`, at `amz_date`.
    pub fn request(
        &self,
        call: &GlueCall,
        credentials: &Credentials,
        amz_date: &str,
    ) -> Result<HttpRequest> {
        let path = format!("{}/", self.endpoint.base_path());
        let target = Target {
            method: "POST",
            host: self.endpoint.authority(),
            path: &path,
            query: &[],
        };
        let scope = Scope {
            amz_date,
            region: &self.region,
            service: "glue",
        };
        let mut headers = vec![
            ("Content-Type".to_owned(), CONTENT_TYPE.to_owned()),
            (
                "X-Amz-Target".to_owned(),
                format!("AWSGlue.{}", call.operation),
            ),
        ];
        sigv4::sign_headers(
            credentials,
            &scope,
            &target,
            &mut headers,
            call.body.as_bytes(),
        )?;
        Ok(HttpRequest {
            method: "POST",
            url: format!(
                "{}://{}{}",
                self.endpoint.scheme(),
                self.endpoint.authority(),
                target.encoded_path()
            ),
            headers,
            body: call.body.clone(),
        })
    }
}

/// One Glue operation and its JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlueCall {
    pub operation: &'static str,
    pub body: String,
}

impl GlueCall {
    fn new<T: serde::Serialize>(operation: &'static str, payload: &T) -> Self {
        Self {
            operation,
            body: payloads::to_json(payload),
        }
    }
}

/// A Glue error answer. `code` is the `__type` without its namespace (`AlreadyExistsException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlueError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl GlueError {
    pub fn already_exists(&self) -> bool {
        self.code == "AlreadyExistsException"
    }

    pub fn not_found(&self) -> bool {
        self.code == "EntityNotFoundException"
    }
}

impl std::fmt::Display for GlueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)
    }
}

/// Reads a Glue answer: the JSON of a 2xx response, or the [`GlueError`] of any other. A body that is
/// too large, or a 2xx body that is not JSON, is a `GlueError` with the code `MalformedResponse`.
pub fn parse_response(status: u16, body: &str) -> std::result::Result<Value, GlueError> {
    let malformed = |message: String| GlueError {
        status,
        code: "MalformedResponse".to_owned(),
        message,
    };
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(malformed(format!(
            "a {} byte answer is larger than the {MAX_RESPONSE_BYTES} bytes accepted",
            body.len()
        )));
    }
    let json: Option<Value> = if body.trim().is_empty() {
        Some(Value::Object(serde_json::Map::new()))
    } else {
        serde_json::from_str(body).ok()
    };
    if (200..300).contains(&status) {
        return json.ok_or_else(|| malformed("the answer is not JSON".to_owned()));
    }
    let text = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    // `__type` is `namespace#Code` or `Code`, sometimes followed by `:http://…`.
    let code = text("__type")
        .map(|t| {
            let t = t.rsplit('#').next().unwrap_or_default();
            t.split(':').next().unwrap_or_default().to_owned()
        })
        .filter(|c| !c.is_empty());
    let (code, message) = match (code, xml_error(body)) {
        (Some(code), _) => (code, text("message").or_else(|| text("Message"))),
        (None, Some((code, message))) => (code, Some(message)),
        (None, None) => (format!("HTTP{status}"), None),
    };
    Err(GlueError {
        status,
        code,
        message: message.unwrap_or_else(|| body.chars().take(200).collect()),
    })
}

/// `Code` and `Message` of an XML error answer (`<ErrorResponse><Error>…` as the AWS query protocol
/// writes it, or S3's `<Error>…`). Some Glue-compatible endpoints answer a refused signature so (moto
/// does, for an unknown access key), and so may a gateway in front of Glue: the user then reads
/// `InvalidClientTokenId` and its message rather than the raw XML.
fn xml_error(body: &str) -> Option<(String, String)> {
    let document = roxmltree::Document::parse(body).ok()?;
    let error = document.descendants().find(|n| n.has_tag_name("Error"))?;
    let text = |name: &str| {
        error
            .children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    Some((text("Code")?, text("Message").unwrap_or_default()))
}

/// What a lookup asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Database(String),
    Table { database: String, name: String },
}

/// `database NAME` or `table DATABASE.NAME`, as messages about a lookup name it.
impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Database(name) => write!(f, "database {name}"),
            Subject::Table { database, name } => write!(f, "table {database}.{name}"),
        }
    }
}

/// A read-only `GetDatabase`/`GetTable` call run before planning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub call: GlueCall,
    pub subject: Subject,
}

/// The lookups the plan needs: every database of the selection, then every table.
pub fn lookups(selection: &Selection<'_>) -> Vec<Lookup> {
    let databases = selection.all_databases().into_iter().map(|d| Lookup {
        call: GlueCall::new("GetDatabase", &serde_json::json!({ "Name": d.name })),
        subject: Subject::Database(d.name),
    });
    let tables = selection.tables.iter().map(|t| Lookup {
        call: GlueCall::new(
            "GetTable",
            &serde_json::json!({ "DatabaseName": t.table.database_name, "Name": t.table.name }),
        ),
        subject: Subject::Table {
            database: t.table.database_name.clone(),
            name: t.table.name.clone(),
        },
    });
    databases.chain(tables).collect()
}

/// Which of the selection's databases and tables the remote catalog already holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteCatalog {
    databases: BTreeSet<String>,
    tables: BTreeSet<(String, String)>,
}

impl RemoteCatalog {
    /// Records a lookup's answer: found (2xx) or not found; any other error is returned (access denied,
    /// throttling, a wrong endpoint) and nothing is recorded.
    pub fn record(
        &mut self,
        lookup: &Lookup,
        status: u16,
        body: &str,
    ) -> std::result::Result<(), GlueError> {
        match parse_response(status, body) {
            Ok(_) => {
                match &lookup.subject {
                    Subject::Database(name) => self.databases.insert(name.clone()),
                    Subject::Table { database, name } => {
                        self.tables.insert((database.clone(), name.clone()))
                    }
                };
                Ok(())
            }
            Err(e) if e.not_found() => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub fn has_database(&self, name: &str) -> bool {
        self.databases.contains(name)
    }

    pub fn has_table(&self, database: &str, name: &str) -> bool {
        self.tables
            .contains(&(database.to_owned(), name.to_owned()))
    }
}

/// One step of a publish plan: the call, a one-line description for the dry run, and for
/// `BatchCreatePartition` the partition values it sends (to report its per-partition errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishStep {
    pub call: GlueCall,
    pub description: String,
    pub partitions: Vec<Vec<String>>,
}

/// The ordered steps that make the remote catalog hold the selection (see the module docs).
pub fn publish_plan(selection: &Selection<'_>, remote: &RemoteCatalog) -> Vec<PublishStep> {
    let mut steps = Vec::new();
    for database in selection.all_databases() {
        if !remote.has_database(&database.name) {
            steps.push(PublishStep {
                call: GlueCall::new("CreateDatabase", &create_database(&database)),
                description: format!("CreateDatabase {}", database.name),
                partitions: Vec::new(),
            });
        }
    }
    for entry in selection.tables {
        let table = entry.table;
        let qualified = format!("{}.{}", table.database_name, table.name);
        let columns = table.storage.columns.len();
        steps.push(if remote.has_table(&table.database_name, &table.name) {
            PublishStep {
                call: GlueCall::new("UpdateTable", &update_table(table, None)),
                description: format!(
                    "UpdateTable {qualified} ({columns} columns; Glue archives the current version)"
                ),
                partitions: Vec::new(),
            }
        } else {
            PublishStep {
                call: GlueCall::new("CreateTable", &create_table(table)),
                description: format!("CreateTable {qualified} ({columns} columns)"),
                partitions: Vec::new(),
            }
        });
        let batches = batch_create_partitions(table, entry.partitions);
        let count = batches.len();
        for (i, batch) in batches.iter().enumerate() {
            let values: Vec<Vec<String>> = batch
                .partition_input_list
                .iter()
                .map(|p| p.values.clone())
                .collect();
            steps.push(PublishStep {
                call: GlueCall::new("BatchCreatePartition", batch),
                description: format!(
                    "BatchCreatePartition {qualified}: {} partitions (batch {} of {count}, at most {MAX_PARTITIONS_PER_BATCH} each)",
                    values.len(),
                    i + 1
                ),
                partitions: values,
            });
        }
    }
    steps
}

/// A partition that `BatchCreatePartition` did not create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionError {
    pub values: Vec<String>,
    pub code: String,
    pub message: String,
}

/// What became of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    Done,
    /// `BatchCreatePartition` answered: how many partitions were created, which already existed, which
    /// failed for another reason.
    Partitions {
        created: usize,
        already_existed: Vec<Vec<String>>,
        failed: Vec<PartitionError>,
    },
    Failed(GlueError),
}

impl StepOutcome {
    /// Whether the step left the remote catalog as planned (existing partitions count as planned).
    pub fn succeeded(&self) -> bool {
        match self {
            StepOutcome::Done => true,
            StepOutcome::Partitions { failed, .. } => failed.is_empty(),
            StepOutcome::Failed(_) => false,
        }
    }
}

/// The one-line result the CLI prints after a step's description and the app shows beside it:
/// `done`, `3 created, 1 already existed, 0 failed`, or `failed: Code (HTTP 400): message`.
impl std::fmt::Display for StepOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepOutcome::Done => f.write_str("done"),
            StepOutcome::Partitions {
                created,
                already_existed,
                failed,
            } => write!(
                f,
                "{created} created, {} already existed, {} failed",
                already_existed.len(),
                failed.len()
            ),
            StepOutcome::Failed(e) => write!(f, "failed: {e}"),
        }
    }
}

impl PublishStep {
    /// Reads the answer to this step's call.
    pub fn outcome(&self, status: u16, body: &str) -> StepOutcome {
        let json = match parse_response(status, body) {
            Ok(json) => json,
            Err(e) => return StepOutcome::Failed(e),
        };
        if self.call.operation != "BatchCreatePartition" {
            return StepOutcome::Done;
        }
        let mut already_existed = Vec::new();
        let mut failed = Vec::new();
        let errors = json.get("Errors").and_then(Value::as_array);
        for error in errors.into_iter().flatten() {
            let values: Vec<String> = error
                .get("PartitionValues")
                .and_then(Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let detail = |key: &str| {
                error
                    .get("ErrorDetail")
                    .and_then(|d| d.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let code = detail("ErrorCode");
            if code == "AlreadyExistsException" {
                already_existed.push(values);
            } else {
                failed.push(PartitionError {
                    values,
                    code,
                    message: detail("ErrorMessage"),
                });
            }
        }
        let not_created = already_existed.len() + failed.len();
        StepOutcome::Partitions {
            created: self.partitions.len().saturating_sub(not_created),
            already_existed,
            failed,
        }
    }
}
