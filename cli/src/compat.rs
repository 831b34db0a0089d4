//! `glueprint compat`: the Schema Registry's compatibility check as a CI step, offline.
//!
//! Glue's `RegisterSchemaVersion` answers a breaking change with status FAILURE and no reason; a pipeline
//! that runs this before registering gets every reason, where it is and which versions were compared.
//! The earlier files are the schema's versions, oldest first (numbered 1, 2, ...); the new file is what
//! would be registered next. Each file is parsed on its own first, so a bad one is named by its path.
//!
//! Stdout gets one JSON object: `format`, `mode`, `jsonPolicy` (`--json-policy`: STRICT or LENIENT, JSON
//! Schema only), `file`, `earlier` (`[{version, file}]`), `outcome`
//! (`ACCEPTED`, `IDENTICAL`, `REJECTED` or `DISABLED`), `version` (the number the new file gets, or the
//! identical version's), `checked` (the versions compared, newest first), `findings` (`kind`,
//! `location`, `message`, `readerVersion`, `writerVersion`) and `truncated`. Stderr repeats each finding
//! as a line for build logs. Exit status: 0 accepted or identical, 1 rejected or disabled, 2 bad input
//! (unreadable, not UTF-8, too long, or not a schema of the format).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use glueprint_core::compat::json_schema::Policy;
use glueprint_core::compat::{self, Outcome, Report};
use glueprint_core::registry::{Compatibility, DataFormat, MAX_DEFINITION_CHARS};
use serde_json::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schemas' language.
    #[arg(long, value_name = "FORMAT", ignore_case = true, value_parser = format_parser())]
    format: DataFormat,
    /// Glue's compatibility mode: which earlier versions are compared, and in which direction.
    #[arg(long, value_name = "MODE", ignore_case = true, value_parser = mode_parser())]
    mode: Compatibility,
    /// Confluent's compatibility policy for JSON Schema: STRICT (default) treats an open content model
    /// as possibly holding any property already; LENIENT assumes producers write only listed ones.
    #[arg(long, value_name = "POLICY", ignore_case = true, default_value = "strict", value_parser = policy_parser())]
    json_policy: Policy,
    /// The proposed new version.
    #[arg(value_name = "NEW_FILE")]
    new: PathBuf,
    /// The versions registered so far, oldest first (version 1, 2, ...).
    #[arg(value_name = "EARLIER_FILE")]
    earlier: Vec<PathBuf>,
}

/// Lower-case names on the command line, as `--format avro` reads best in a pipeline; core's spelling
/// inside.
fn format_parser() -> impl TypedValueParser<Value = DataFormat> {
    PossibleValuesParser::new(["avro", "json", "protobuf"])
        .try_map(|name| name.to_ascii_uppercase().parse::<DataFormat>())
}

fn policy_parser() -> impl TypedValueParser<Value = Policy> {
    PossibleValuesParser::new(["strict", "lenient"]).try_map(|name| name.parse::<Policy>())
}

fn mode_parser() -> impl TypedValueParser<Value = Compatibility> {
    PossibleValuesParser::new(Compatibility::ALL.map(Compatibility::as_str))
        .try_map(|name| name.to_ascii_uppercase().parse::<Compatibility>())
}

/// Runs the check; see the module documentation for output and exit status.
pub fn run(args: &Args) -> ExitCode {
    let (new, earlier) = match read_all(args) {
        Ok(texts) => texts,
        Err(message) => {
            eprintln!("glueprint: {message}");
            return ExitCode::from(2);
        }
    };
    let numbered: Vec<(u32, &str)> = (1..).zip(earlier.iter().map(String::as_str)).collect();
    let report =
        match compat::check_under(args.format, args.mode, args.json_policy, &new, &numbered) {
            Ok(report) => report,
            Err(e) => {
                eprintln!("glueprint: {e}");
                return ExitCode::from(2);
            }
        };
    println!("{:#}", output(args, &report));
    log_findings(&args.new, &report);
    if report.is_accepted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The new file's text and the earlier ones', each read and parsed alone so an error names its file.
fn read_all(args: &Args) -> Result<(String, Vec<String>), String> {
    let read = |path: &PathBuf| {
        read_definition(path)
            .and_then(|text| {
                compat::canonical(args.format, &text)
                    .map(|_| text)
                    .map_err(|e| e.to_string())
            })
            .map_err(|message| format!("{}: {message}", path.display()))
    };
    let new = read(&args.new)?;
    let earlier = args.earlier.iter().map(read).collect::<Result<_, _>>()?;
    Ok((new, earlier))
}

/// A file's text, reading no more than the longest definition Glue accepts could take (4 bytes a
/// character), so a huge file is refused without being loaded.
fn read_definition(path: &Path) -> Result<String, String> {
    let limit = MAX_DEFINITION_CHARS * 4;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() > limit {
        return Err(format!(
            "longer than the {MAX_DEFINITION_CHARS} characters Glue accepts"
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))
}

fn output(args: &Args, report: &Report) -> serde_json::Value {
    let outcome = match report.outcome {
        Outcome::Accepted => "ACCEPTED",
        Outcome::Identical(_) => "IDENTICAL",
        Outcome::Rejected => "REJECTED",
        Outcome::Disabled => "DISABLED",
    };
    let earlier: Vec<_> = (1u32..)
        .zip(&args.earlier)
        .map(|(version, file)| json!({"version": version, "file": file.display().to_string()}))
        .collect();
    json!({
        "format": args.format.as_str(),
        "mode": args.mode.as_str(),
        "jsonPolicy": args.json_policy.as_str(),
        "file": args.new.display().to_string(),
        "earlier": earlier,
        "outcome": outcome,
        "version": report.version,
        "checked": report.checked,
        "findings": report.findings,
        "truncated": report.truncated,
    })
}

/// One stderr line per finding (and one for a refusal without findings), for people reading build logs.
fn log_findings(new: &Path, report: &Report) {
    let file = new.display();
    for finding in &report.findings {
        eprintln!(
            "{file}: {} at {} (version {} reading version {}): {}",
            finding.kind,
            finding.location,
            finding.reader_version,
            finding.writer_version,
            finding.message
        );
    }
    if report.truncated {
        eprintln!(
            "{file}: more than {} incompatibilities with one version; the rest are left out",
            compat::MAX_INCOMPATIBILITIES
        );
    }
    if report.outcome == Outcome::Disabled {
        eprintln!("{file}: the mode is DISABLED: no version may be added after the first");
    }
}
