//! `glueprint publish`: the core's publish plan (`glueprint_core::aws::glue`) sent to a Glue endpoint
//! with a small blocking HTTP client. Core builds and signs every request and reads every answer; this
//! module only reads the clock and the environment and moves bytes.

use std::process::ExitCode;

use glueprint_core::aws::Credentials;
use glueprint_core::aws::glue::{self, GlueService, RemoteCatalog, StepOutcome};
use glueprint_core::catalog::Database;
use glueprint_core::export::Selection;

use super::{Tables, aws_http, inferred_tables, status, without_partitions};

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

pub fn run(args: &PublishArgs) -> ExitCode {
    let setup = aws_http::credentials_from_env().and_then(|credentials| {
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
    if tables.is_empty() {
        // Every file failed (each reported): publishing would only create an empty database.
        return status(false);
    }
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

struct Client {
    agent: ureq::Agent,
    service: GlueService,
    credentials: Credentials,
}

impl Client {
    fn new(service: GlueService, credentials: Credentials) -> Self {
        Self {
            agent: aws_http::agent(),
            service,
            credentials,
        }
    }

    /// Looks up, plans, prints the plan and (unless `dry_run`) runs it, stopping at the first failure.
    fn publish(&self, selection: &Selection<'_>, dry_run: bool) -> Result<(), String> {
        let mut remote = RemoteCatalog::default();
        for lookup in glue::lookups(selection) {
            let (status, body) = self.call(&lookup.call)?;
            remote
                .record(&lookup, status, &body)
                .map_err(|e| format!("looking up {}: {e}", lookup.subject))?;
        }
        let plan = glue::publish_plan(selection, &remote);
        for step in &plan {
            if dry_run {
                println!("would run: {}", step.description);
                continue;
            }
            let (status, body) = self.call(&step.call)?;
            let outcome = step.outcome(status, &body);
            println!("{}: {outcome}", step.description);
            if let StepOutcome::Partitions { failed, .. } = &outcome {
                for failure in failed {
                    eprintln!(
                        "  partition {:?}: {}: {}",
                        failure.values, failure.code, failure.message
                    );
                }
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
        let request = self
            .service
            .request(call, &self.credentials, &aws_http::amz_date_now()?)
            .map_err(|e| e.to_string())?;
        aws_http::send(&self.agent, &request, glue::MAX_RESPONSE_BYTES)
            .map_err(|e| format!("{}: {e}", call.operation))
    }
}
