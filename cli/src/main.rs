//! `glueprint`: Glueprint's inference and exports for scripts and CI pipelines.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use glueprint_core::export::glue;
use glueprint_core::source::{FileSource, complete_now};
use glueprint_core::{infer, location, names};

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

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a Glue CreateTable request for each file: one JSON object for one file, a JSON array for
    /// several. Only each file's footer or header is read. A file that cannot be read is reported on
    /// stderr as `FILE: reason` and makes the exit status 1; the other files are still printed.
    Infer {
        /// Glue database the tables go into (lower-cased, made Athena-safe).
        #[arg(long, short = 'd', default_value = "default", value_name = "NAME")]
        database: String,
        /// S3 folder holding the data, e.g. s3://my-bucket/sales/orders/ (a trailing slash is added).
        /// Without it the payload has no Location, which Glue accepts but Athena needs before querying.
        #[arg(long, short = 'l', value_name = "S3URI")]
        location: Option<String>,
        /// Also print, on stderr, how each table was inferred (one `FILE: note` line per decision).
        #[arg(long)]
        explain: bool,
        /// Data files to read: Parquet, ORC, Avro, JSON or CSV (also gzip, bzip2, zstd, snappy, lz4 or
        /// deflate compressed), recognised by their content.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let Command::Infer {
        database,
        location,
        explain,
        files,
    } = Cli::parse().command;
    let settings = names::database_name(&database).and_then(|database| {
        let location = location.as_deref().map(location::s3_location).transpose()?;
        Ok((database, location))
    });
    let (database, location) = match settings {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("glueprint: {e}");
            return ExitCode::from(2);
        }
    };

    let mut failed = false;
    let mut requests = Vec::with_capacity(files.len());
    for path in &files {
        let table = FileSource::open(path)
            .and_then(|source| {
                complete_now(infer::infer_file(&source, &path.to_string_lossy())).and_then(|r| r)
            })
            .map(|inferred| {
                if explain {
                    for note in &inferred.notes {
                        eprintln!("{}: {note}", path.display());
                    }
                }
                let name = names::table_name_from_file(&path.to_string_lossy());
                inferred.into_table(name, database.clone(), location.clone())
            });
        match table {
            Ok(table) => requests.push(glue::create_table(&table)),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    match requests.as_slice() {
        [one] if files.len() == 1 => print!("{}", glue::to_json(one)),
        [] => {}
        many => print!("{}", glue::to_json(&many)),
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
