//! `glueprint`: Glueprint's inference and exports for scripts and CI pipelines.

mod compat;
mod crawl;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use glueprint_core::catalog::{Database, Table};
use glueprint_core::export::{ExportFile, Selection, TableExport, Target, glue};
use glueprint_core::source::{FileSource, complete_now};
use glueprint_core::{infer, location, names};

mod aws_http;
mod ls;
mod publish;
mod stats;

#[derive(Debug, Parser)]
#[command(
    name = "glueprint",
    version,
    about = "Infer AWS Glue Data Catalog tables from data files, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the tables go and which files they come from: shared by every subcommand.
#[derive(Debug, clap::Args)]
struct Tables {
    /// Glue database the tables go into (lower-cased, made Athena-safe).
    #[arg(long, short = 'd', default_value = "default", value_name = "NAME")]
    database: String,
    /// S3 folder holding the data, e.g. s3://my-bucket/sales/orders/ (a trailing slash is added).
    /// Without it the tables have no Location, which Glue accepts but Athena needs before querying.
    #[arg(long, short = 'l', value_name = "S3URI")]
    location: Option<String>,
    /// Also print, on stderr, how each table was inferred (one `FILE: note` line per decision).
    #[arg(long)]
    explain: bool,
    /// Bytes of (decompressed) text sampled per CSV or JSON file, like the crawler's first megabyte.
    #[arg(long, default_value_t = infer::sample::DEFAULT_SAMPLE_BYTES, value_name = "BYTES")]
    sample_bytes: usize,
    /// When a JSON file's first record is longer than the sample, grow the sample in steps of
    /// --sample-bytes up to this many bytes (the crawler's 10 MB).
    #[arg(long, default_value_t = infer::DEFAULT_JSON_MAX_SAMPLE_BYTES, value_name = "BYTES")]
    json_max_sample_bytes: usize,
    /// CSV records read for the schema (the crawler's 1,000).
    #[arg(long, default_value_t = infer::csv::DEFAULT_MAX_RECORDS, value_name = "N")]
    max_records: usize,
    /// Classify single-column text files as CSV, like a custom classifier's AllowSingleColumn.
    #[arg(long)]
    allow_single_column: bool,
    /// Data files to read: Parquet, ORC, Avro, JSON or CSV (also gzip, bzip2, zstd, snappy, lz4 or
    /// deflate compressed), recognised by their content.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a Glue CreateTable request for each file: one JSON object for one file, a JSON array for
    /// several. Only each file's footer or header is read. A file that cannot be read is reported on
    /// stderr as `FILE: reason` and makes the exit status 1; the other files are still printed.
    Infer {
        #[command(flatten)]
        tables: Tables,
    },
    /// Infer a table for each file and export the database and tables for another tool. A single-file
    /// export is printed on stdout unless --out-dir is given; `glue` and `aws-cli` write several files
    /// and need --out-dir. Tables that would share a name get `_2`, `_3`, ... Unreadable files are
    /// reported as for `infer` (exit status 1).
    Export {
        /// What to write (one of the values below).
        #[arg(long, value_name = "TARGET", value_parser = target_parser())]
        to: Target,
        /// Unity Catalog catalog the schema and tables go into (unity only).
        #[arg(long, default_value = "main", value_name = "NAME")]
        catalog: String,
        /// Folder to write the export's files into (created if missing); each written path is printed.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        tables: Tables,
    },
    /// Crawl a directory as a Glue crawler crawls an S3 include path: tables (one per compatible folder
    /// tree) with partitions from the folders, printed as one JSON object {"CreateTable": [...],
    /// "BatchCreatePartition": [...]}.
    Crawl(crawl::Args),
    /// Infer a table for each file (as `export` does) and create them in a Glue Data Catalog: first
    /// GetDatabase/GetTable to see what exists, then CreateDatabase if missing, CreateTable or (for a
    /// table that exists) UpdateTable. Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    /// and AWS_SESSION_TOKEN. Each step is printed with its result; the first failed step stops the run
    /// (exit status 1).
    Publish(publish::PublishArgs),
    /// List an S3 prefix through presigned ListObjectsV2 GETs, as the browser does (credentials from
    /// the AWS_* environment variables), optionally reading each object's first bytes with one
    /// presigned ranged GET. One JSON object per line: key, size, etag (and head, hex).
    Ls(ls::LsArgs),
    /// Check whether a new schema version may be registered after the earlier ones (oldest first) under a
    /// Glue compatibility mode, offline. Prints the report as JSON with every finding (kind, location,
    /// message, the versions compared); exit status 0 accepted or identical, 1 rejected, 2 bad input.
    Compat(compat::Args),
    /// Sample each file's values within the crawler's budgets and print its column statistics (exact
    /// from a Parquet footer where it has them, sampled otherwise) with Glue
    /// UpdateColumnStatisticsForTable requests, as one JSON array.
    Stats(stats::Args),
}

/// `--to` takes core's target names, so the CLI and the app offer the same list.
fn target_parser() -> impl TypedValueParser<Value = Target> {
    PossibleValuesParser::new(
        Target::ALL.map(|target| PossibleValue::new(target.name()).help(target.description())),
    )
    .try_map(|name| name.parse::<Target>())
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Infer { tables } => run_infer(&tables),
        Command::Export {
            to,
            catalog,
            out_dir,
            tables,
        } => run_export(to, &catalog, out_dir.as_deref(), &tables),
        Command::Crawl(args) => crawl::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Ls(args) => ls::run(&args),
        Command::Compat(args) => compat::run(&args),
        Command::Stats(args) => stats::run(&args),
    }
}

/// The database name and location, checked: exit status 2 when either is invalid.
fn settings(args: &Tables) -> Result<(String, Option<String>), ExitCode> {
    names::database_name(&args.database)
        .and_then(|database| {
            let location = args
                .location
                .as_deref()
                .map(location::s3_location)
                .transpose()?;
            Ok((database, location))
        })
        .map_err(|e| {
            eprintln!("glueprint: {e}");
            ExitCode::from(2)
        })
}

/// One table per readable file, in order; `false` when some file could not be read (each reported on
/// stderr as `FILE: reason`).
fn read_tables(args: &Tables, database: &str, location: Option<&str>) -> (Vec<Table>, bool) {
    let mut ok = true;
    let mut tables = Vec::with_capacity(args.files.len());
    let options = infer::InferOptions {
        sample_bytes: args.sample_bytes,
        json_max_sample_bytes: args.json_max_sample_bytes,
        csv: infer::csv::CsvOptions {
            allow_single_column: args.allow_single_column,
            max_records: args.max_records,
        },
    };
    for path in &args.files {
        let table = FileSource::open(path)
            .and_then(|source| {
                complete_now(infer::infer_file_with(
                    &source,
                    &path.to_string_lossy(),
                    &options,
                ))
                .and_then(|r| r)
            })
            .map(|inferred| {
                if args.explain {
                    for note in &inferred.notes {
                        eprintln!("{}: {note}", path.display());
                    }
                }
                let name = names::table_name_from_file(&path.to_string_lossy());
                inferred.into_table(name, database.to_owned(), location.map(str::to_owned))
            });
        match table {
            Ok(table) => tables.push(table),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                ok = false;
            }
        }
    }
    (tables, ok)
}

/// What `export` and `publish` work on: the checked database name, one uniquely named table per
/// readable file, and `false` when some file could not be read. Exit status 2 for invalid settings.
fn inferred_tables(args: &Tables) -> Result<(String, Vec<Table>, bool), ExitCode> {
    let (database, location) = settings(args)?;
    let (mut tables, ok) = read_tables(args, &database, location.as_deref());
    // One database cannot hold two tables of one name (orders.csv and orders.csv.gz): the later ones
    // become orders_2, ..., as the crawler also renames duplicates.
    let unique = names::unique(tables.iter().map(|t| t.name.clone()));
    for (table, name) in tables.iter_mut().zip(unique) {
        table.name = name;
    }
    Ok((database, tables, ok))
}

/// The selection entries of tables read from single files: no partitions.
fn without_partitions(tables: &[Table]) -> Vec<TableExport<'_>> {
    tables
        .iter()
        .map(|table| TableExport {
            table,
            partitions: &[],
        })
        .collect()
}

fn status(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_infer(args: &Tables) -> ExitCode {
    let (database, location) = match settings(args) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let (tables, ok) = read_tables(args, &database, location.as_deref());
    let requests: Vec<glue::CreateTableRequest> = tables.iter().map(glue::create_table).collect();
    match requests.as_slice() {
        [one] if args.files.len() == 1 => print!("{}", glue::to_json(one)),
        [] => {}
        many => print!("{}", glue::to_json(&many)),
    }
    status(ok)
}

fn run_export(to: Target, catalog: &str, out_dir: Option<&Path>, args: &Tables) -> ExitCode {
    if out_dir.is_none() && to.writes_several_files() {
        eprintln!(
            "glueprint: --to {} writes several files: give --out-dir DIR",
            to.name()
        );
        return ExitCode::from(2);
    }
    let (database, tables, mut ok) = match inferred_tables(args) {
        Ok(inferred) => inferred,
        Err(code) => return code,
    };
    let databases = [Database::named(database)];
    let entries = without_partitions(&tables);
    let selection = Selection {
        databases: &databases,
        tables: &entries,
    };
    let files = match to.files(&selection, catalog) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("glueprint: {e}");
            return ExitCode::FAILURE;
        }
    };
    match out_dir {
        None => {
            for file in &files {
                print!("{}", file.contents);
            }
        }
        Some(dir) => {
            if let Err(e) = write_files(dir, &files) {
                eprintln!("glueprint: {e}");
                ok = false;
            }
        }
    }
    status(ok)
}

/// Writes every file into `dir`, printing each path; scripts (`.sh`, `.py`) are made executable.
fn write_files(dir: &Path, files: &[ExportFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for file in files {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.contents)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        #[cfg(unix)]
        if file.name.ends_with(".sh") || file.name.ends_with(".py") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
        }
        println!("{}", path.display());
    }
    Ok(())
}
