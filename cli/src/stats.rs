//! `glueprint stats FILE...`: each file's column statistics as the browser computes them — its values
//! sampled within the crawler's budgets (the first 1,000 rows or 4 MB of Parquet pages; the inference
//! sample of a CSV or JSON file), overlaid with a Parquet footer's exact numbers — printed as one JSON
//! array with an element per file: `File`, `SampledRows` and `Exact` (per column, which numbers describe
//! the whole file: `nulls`, `minMax`, `distinct`), `Findings` (what could not be sampled) and `Requests`,
//! the Glue UpdateColumnStatisticsForTable requests. A file that cannot be read is reported on stderr
//! as `FILE: reason` and makes the exit status 1.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use glueprint_core::export::{column_statistics, glue};
use glueprint_core::infer::values::{self, SampleOptions};
use glueprint_core::names;
use glueprint_core::source::{FileSource, complete_now};
use glueprint_core::stats::{self, ColumnStatistics};
use serde_json::{Value, json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glue database named in the requests (lower-cased, made Athena-safe).
    #[arg(long, short = 'd', default_value = "default", value_name = "NAME")]
    database: String,
    /// The requests' AnalyzedTime, in epoch seconds; now by default.
    #[arg(long, value_name = "SECONDS")]
    analyzed_time: Option<i64>,
    /// Data files: Parquet, CSV or JSON (Avro and ORC give their findings and no statistics).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let database = match names::database_name(&args.database) {
        Ok(database) => database,
        Err(e) => {
            eprintln!("glueprint: {e}");
            return ExitCode::from(2);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let analyzed_time = args.analyzed_time.unwrap_or(now);
    let options = SampleOptions::default();
    let mut ok = true;
    let mut out = Vec::new();
    for path in &args.files {
        let key = path.to_string_lossy();
        let sampled = FileSource::open(path)
            .and_then(|source| complete_now(values::sample_file(&source, &key, &options))?);
        match sampled {
            Ok(file) => {
                let statistics = stats::compute(&file);
                let table = names::table_name_from_file(&key);
                let requests = column_statistics::update_column_statistics_for_table(
                    &database,
                    &table,
                    &statistics,
                    analyzed_time,
                );
                out.push(json!({
                    "File": key,
                    "SampledRows": by_column(&statistics, |s| json!(s.sampled_rows)),
                    "Exact": by_column(&statistics, |s| json!({
                        "nulls": s.exact.nulls,
                        "minMax": s.exact.min_max,
                        "distinct": s.exact.distinct,
                    })),
                    "Findings": file.findings,
                    "Requests": requests,
                }));
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                ok = false;
            }
        }
    }
    print!("{}", glue::to_json(&out));
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn by_column(
    statistics: &[ColumnStatistics],
    value: impl Fn(&ColumnStatistics) -> Value,
) -> BTreeMap<String, Value> {
    statistics
        .iter()
        .map(|s| (s.column.clone(), value(s)))
        .collect()
}
