//! `glueprint crawl DIR`: the core crawler over a local directory tree, as a Glue crawler would crawl the
//! same tree uploaded under `--location`.
//!
//! The tree is walked in key order (the order of an S3 listing), so the output is the same on every run and
//! machine. Each file the crawler asks for is inferred with the crawler's default budgets and its values
//! sampled (as the browser's crawl worker samples them) for sensitive-data detection, whose conclusions
//! become column parameters `glueprint.pii.*` and tags; one that cannot
//! be read is reported on stderr as `KEY: reason` and makes the exit status 1 while the crawl goes on.
//! Invalid options (database, location, a bad exclude pattern, a sample size outside 1-249) exit with 2.
//! Stdout gets one JSON object, `{"CreateTable": [...], "BatchCreatePartition": [...]}`, each element a
//! complete Glue API request; `--explain` writes the crawler's decisions (objects left out, grouping of
//! folders into tables, type conflicts) to stderr, one per line, so stdout stays valid JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use glueprint_core::crawl::{CrawlOptions, Crawler, Decision};
use glueprint_core::export::glue;
use glueprint_core::infer::values::{self, SampleOptions};
use glueprint_core::pii::{DEFAULT_THRESHOLD, DetectOptions};
use glueprint_core::source::{FileSource, complete_now};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glue database the tables go into (lower-cased, made Athena-safe).
    #[arg(long, short = 'd', default_value = "default", value_name = "NAME")]
    database: String,
    /// S3 folder DIR stands for, e.g. s3://my-bucket/sales/ (tables and partitions get their folders
    /// below it as Location). Without it nothing has a Location.
    #[arg(long, short = 'l', value_name = "S3URI")]
    location: Option<String>,
    /// Leave out keys (relative to DIR, `/`-separated) matching this Glue exclude glob; repeatable.
    /// Added to the defaults: **/_SUCCESS, **/*.crc, **/_temporary/** and hidden names (starting with
    /// `.` or `_`).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Drop the default exclusions (the three patterns and the hidden-name rule).
    #[arg(long)]
    no_default_excludes: bool,
    /// Files read per leaf folder, 1-249 (Glue's SampleSize); the others are counted but not read.
    #[arg(long, value_name = "N")]
    sample_size: Option<u32>,
    /// One table per compatible folder structure whatever the schemas' similarity (Glue's
    /// CombineCompatibleSchemas, "create a single schema for each S3 path").
    #[arg(long)]
    combine_compatible_schemas: bool,
    /// Share (0-1) of a column's sampled non-null values that must match a sensitive-data entity for the
    /// column to be tagged `pii` (Glue's ThresholdFraction).
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_THRESHOLD, value_parser = threshold)]
    pii_threshold: f64,
    /// Print the crawler's decisions on stderr, one per line.
    #[arg(long)]
    explain: bool,
    /// The directory to crawl: the include path. A table at its top is named after it.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

/// Runs the crawl; see the module documentation for output and exit status.
pub fn run(args: &Args) -> ExitCode {
    let mut crawler = match Crawler::new(options(args)) {
        Ok(crawler) => crawler,
        Err(e) => {
            eprintln!("glueprint: {e}");
            return ExitCode::from(2);
        }
    };
    let files = match walk(&args.dir) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("glueprint: {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    let options = SampleOptions::default();
    for (key, path, size) in files {
        match crawler.consider(&key, size) {
            Decision::Read => {
                let sampled = FileSource::open(&path).and_then(|source| {
                    complete_now(values::sample_file(&source, &key, &options)).and_then(|r| r)
                });
                crawler.add_sample(&key, size, sampled);
            }
            Decision::Excluded(reason) if args.explain => eprintln!("{key}: left out: {reason}"),
            Decision::NotSampled if args.explain => eprintln!("{key}: not read (sample size)"),
            Decision::Excluded(_) | Decision::NotSampled => {}
        }
    }
    let result = crawler.finish();
    if args.explain {
        for decision in &result.decisions {
            eprintln!("{decision}");
        }
    }
    for failed in &result.errors {
        eprintln!("{}: {}", failed.key, failed.error);
    }
    print!("{}", glue::to_json(&result.payloads()));
    if result.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn options(args: &Args) -> CrawlOptions {
    let root_name = std::path::absolute(&args.dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut options = CrawlOptions::new(&args.database, &root_name);
    options.location = args.location.clone();
    if args.no_default_excludes {
        options.excludes.clear();
        options.exclude_hidden = false;
    }
    options.excludes.extend(args.exclude.iter().cloned());
    options.sample_size = args.sample_size;
    options.combine_compatible_schemas = args.combine_compatible_schemas;
    options.detect = DetectOptions {
        threshold: args.pii_threshold,
    };
    options
}

/// `--pii-threshold`: a share from 0 to 1.
fn threshold(raw: &str) -> Result<f64, String> {
    raw.parse::<f64>()
        .ok()
        .filter(|t| (0.0..=1.0).contains(t))
        .ok_or_else(|| format!("{raw}: a share from 0 to 1, such as 0.5"))
}

/// Every file below `dir` as `(key, path, size)`, keys `/`-separated and relative to `dir`, in key order.
fn walk(dir: &Path) -> std::io::Result<Vec<(String, PathBuf, u64)>> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            let key = format!("{prefix}{}", entry.file_name().to_string_lossy());
            // Directories are entered, symbolic links to them are not (no cycles); regular files and links
            // to them are objects; anything else (sockets, broken links) is not data.
            if entry.file_type()?.is_dir() {
                pending.push((path, format!("{key}/")));
            } else if let Ok(metadata) = std::fs::metadata(&path)
                && metadata.is_file()
            {
                out.push((key, path, metadata.len()));
            }
        }
    }
    out.sort();
    Ok(out)
}
