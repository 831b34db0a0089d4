//! `glueprint publish`: the core's publish plan (`glueprint_core::aws::glue`) sent to a Glue endpoint
//! with a small blocking HTTP client. Core builds and signs every request and reads every answer; this
//! module only reads the clock and the environment and moves bytes.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use glueprint_core::aws::glue::{self, GlueService, RemoteCatalog, StepOutcome, Subject};
use glueprint_core::aws::{Credentials, HttpRequest, sigv4};
use glueprint_core::catalog::Database;
use glueprint_core::export::Selection;

use super::{Tables, inferred_tables, status, without_partitions};

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Glue endpoint, e.g. http://127.0.0.1:5000 for a local moto server (default: AWS's endpoint for
    /// --region, https://glue.REGION.amazonaws.com/).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// AWS region the requests are signed for.
    #[arg(long, value_name = "REGION")]
    region: String,
    /// Only look up what exists and print the plan: nothing is created or changed.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    tables: Tables,
}

/// How long one Glue call may take before the run gives up.
const TIMEOUT: Duration = Duration::from_secs(60);

pub fn run(args: &PublishArgs) -> ExitCode {
    let setup = credentials_from_env().and_then(|credentials| {
        let service =
            GlueService::new(&args.region, args.endpoint.as_deref()).map_err(|e| e.to_string())?;
        Ok((credentials, service))
    });
    let (credentials, service) = match setup {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("glueprint: {message}");
            return ExitCode::from(2);
        }
    };
    let (database, tables, ok) = match inferred_tables(&args.tables) {
        Ok(inferred) => inferred,
        Err(code) => return code,
    };
    let databases = [Database::named(database)];
    let entries = without_partitions(&tables);
    let selection = Selection {
        databases: &databases,
        tables: &entries,
    };
    let client = Client::new(service, credentials);
    let published = client.publish(&selection, args.dry_run);
    if let Err(message) = &published {
        eprintln!("glueprint: {message}");
    }
    status(ok && published.is_ok())
}

/// Keys from the standard environment variables; an empty AWS_SESSION_TOKEN counts as none.
fn credentials_from_env() -> Result<Credentials, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) else {
        return Err(
            "publish needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment".into(),
        );
    };
    Credentials::new(id, secret, var("AWS_SESSION_TOKEN")).map_err(|e| e.to_string())
}

struct Client {
    agent: ureq::Agent,
    service: GlueService,
    credentials: Credentials,
}

impl Client {
    fn new(service: GlueService, credentials: Credentials) -> Self {
        let agent = ureq::Agent::config_builder()
            // Error statuses are Glue's answers, read by core.
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .build()
            .new_agent();
        Self {
            agent,
            service,
            credentials,
        }
    }

    /// Looks up, plans, prints the plan and (unless `dry_run`) runs it, stopping at the first failure.
    fn publish(&self, selection: &Selection<'_>, dry_run: bool) -> Result<(), String> {
        let mut remote = RemoteCatalog::default();
        for lookup in glue::lookups(selection) {
            let (status, body) = self.call(&lookup.call)?;
            let what = match &lookup.subject {
                Subject::Database(name) => format!("database {name}"),
                Subject::Table { database, name } => format!("table {database}.{name}"),
            };
            remote
                .record(&lookup, status, &body)
                .map_err(|e| format!("looking up {what}: {e}"))?;
        }
        let plan = glue::publish_plan(selection, &remote);
        for step in &plan {
            if dry_run {
                println!("would run: {}", step.description);
                continue;
            }
            let (status, body) = self.call(&step.call)?;
            let outcome = step.outcome(status, &body);
            match &outcome {
                StepOutcome::Done => println!("{}: done", step.description),
                StepOutcome::Partitions {
                    created,
                    already_existed,
                    failed,
                } => {
                    println!(
                        "{}: {created} created, {} already existed, {} failed",
                        step.description,
                        already_existed.len(),
                        failed.len()
                    );
                    for failure in failed {
                        eprintln!(
                            "  partition {:?}: {}: {}",
                            failure.values, failure.code, failure.message
                        );
                    }
                }
                StepOutcome::Failed(e) => println!("{}: failed: {e}", step.description),
            }
            if !outcome.succeeded() {
                return Err(format!(
                    "stopped after the failed step: {}",
                    step.description
                ));
            }
        }
        Ok(())
    }

    /// Signs `call` at the current time and sends it: the answer's status and body.
    fn call(&self, call: &glue::GlueCall) -> Result<(u16, String), String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| "the system clock is before 1970".to_owned())?;
        let request = self
            .service
            .request(call, &self.credentials, &sigv4::amz_date(now.as_secs()))
            .map_err(|e| e.to_string())?;
        send(&self.agent, &request).map_err(|e| format!("{}: {e}", call.operation))
    }
}

/// Sends a POST exactly as core built it.
fn send(agent: &ureq::Agent, request: &HttpRequest) -> Result<(u16, String), ureq::Error> {
    let mut builder = agent.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let mut response = builder.send(request.body.as_bytes())?;
    let body = response
        .body_mut()
        .with_config()
        .limit(glue::MAX_RESPONSE_BYTES as u64)
        .read_to_string()?;
    Ok((response.status().as_u16(), body))
}
