//! The crawler: object keys in, Glue tables with partitions out, as a Glue crawler over one S3 include
//! path would make them (glue.md §2.5, §3.1, §4).
//!
//! Sans-IO and streaming. The caller lists the objects below the crawl root (a dropped folder in the
//! browser, a directory in the CLI, a bucket listing) and drives the crawler:
//!
//! ```
//! use glueprint_core::crawl::{CrawlOptions, Crawler, Decision};
//! # fn infer(key: &str) -> glueprint_core::Result<glueprint_core::infer::InferredTable> {
//! #     Err(glueprint_core::Error::io("not in this example"))
//! # }
//! let mut crawler = Crawler::new(CrawlOptions::new("sales", "orders"))?;
//! for (key, size) in [("year=2024/part-0.parquet", 1024), ("year=2024/_SUCCESS", 0)] {
//!     if crawler.consider(key, size) == Decision::Read {
//!         crawler.add(key, size, infer(key)); // e.g. infer::infer_file_with over the object
//!     }
//! }
//! let result = crawler.finish();
//! assert_eq!(result.errors.len(), 1);
//! # Ok::<(), glueprint_core::Error>(())
//! ```
//!
//! 1. [`Crawler::consider`] says whether to read an object: excluded (by a pattern, as hidden, or as a
//!    folder marker, with the reason), skipped by sampling (`SampleSize` files per leaf folder), or read.
//! 2. [`Crawler::add`] takes the inference result of a read object. Its columns are merged at once into
//!    the schema of its leaf folder ([`merge`]); an error goes to the per-file error list and the crawl
//!    goes on. Only one merged schema per leaf folder (and format) is kept, so memory follows the number of
//!    partitions, not of files. [`Crawler::add_sample`] takes a file read with its values instead
//!    ([`crate::infer::values::sample_file`]): only sensitive-data counts ([`crate::pii::Tallies`]) and
//!    column statistics ([`crate::stats::table`]) are kept, summed per folder and table; [`Crawler::finish`]
//!    writes the detections on the table's columns at [`CrawlOptions::detect`]'s threshold and gives each
//!    table its statistics ([`CrawledTable::statistics`]).
//! 3. [`Crawler::finish`] groups leaf folders into tables ([`group`]), derives partition keys from the
//!    folders ([`path`]), merges each table's schema out of its partitions' and returns the tables, their
//!    partitions, the per-file errors and one sentence per grouping decision. [`CrawlResult::payloads`]
//!    gives the Glue requests (CreateTable, BatchCreatePartition in batches of 100) and [`recrawl`]
//!    compares the result with what the catalog holds.
//!
//! Keys are `/`-separated and relative to the crawl root. Results depend only on the set of keys and the
//! order files are added in; callers that add files in key order (the CLI walks sorted) get byte-identical
//! output on every run. There is no clock here: a re-crawl takes the time from its caller.

pub mod glob;
pub mod group;
pub mod leaf;
pub mod merge;
pub mod path;
pub mod recrawl;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Partition, StorageDescriptor, Table};
use crate::export::glue::{self, BatchCreatePartitionRequest, CreateTableRequest};
use crate::infer::InferredTable;
use crate::infer::values::FileSample;
use crate::pii::{self, DetectOptions};
use crate::stats::table::{Accumulator, SketchBudget, TableStatistics};
use crate::{Error, Result, location, names};

use self::glob::Glob;
use self::group::{Group, Leaf};
use self::leaf::Schema;
use self::merge::Conflict;

/// Exclusions on by default: Spark and Hadoop job markers and checksums, and half-written output. Users see
/// them (the CLI's `--help`, the app's crawl form) and can drop them.
pub const DEFAULT_EXCLUDES: [&str; 3] = ["**/_SUCCESS", "**/*.crc", "**/_temporary/**"];

/// The SerDe parameter holding an Avro table's writer schema (glue.md §2.2).
const AVRO_SCHEMA_LITERAL: &str = "avro.schema.literal";

/// `S3Target.SampleSize` bounds: "an integer between 1 and 249" (glue.md §1.2).
pub const MAX_SAMPLE_SIZE: u32 = 249;

/// How to crawl, as a Glue crawler is configured.
#[derive(Debug, Clone, PartialEq)]
pub struct CrawlOptions {
    /// The database the tables go into (normalised as Glue stores it).
    pub database: String,
    /// The S3 include path (`s3://bucket/prefix/`) the keys are relative to; tables and partitions get
    /// their folders under it as `Location`. `None`: no locations (never invented).
    pub location: Option<String>,
    /// The name of a table rooted at the crawl root itself: Glue names it after the include path's last
    /// folder, which only the caller knows (a dropped folder's name, the CLI's directory).
    pub root_table_name: String,
    /// Exclude patterns ([`glob`]), relative to the crawl root; [`DEFAULT_EXCLUDES`] by default.
    pub excludes: Vec<String>,
    /// Leave out files and folders whose names start with `.` or `_`: Hadoop's hidden-file rule, which
    /// Athena and Hive follow when they read a table, so such objects are never part of a table's data.
    pub exclude_hidden: bool,
    /// Files read per leaf folder (1..=249); `None` reads them all (the crawler's default).
    pub sample_size: Option<u32>,
    /// Glue's `TableGroupingPolicy: CombineCompatibleSchemas`: one table per compatible path structure,
    /// whatever the similarity of the schemas.
    pub combine_compatible_schemas: bool,
    /// How sensitive-data detection flags the columns of files added with their values
    /// ([`Crawler::add_sample`]); files added without values flag nothing.
    pub detect: DetectOptions,
}

impl CrawlOptions {
    /// The crawler's defaults: no location, default exclusions, every file read, similarity grouping.
    pub fn new(database: &str, root_table_name: &str) -> Self {
        Self {
            database: database.to_owned(),
            location: None,
            root_table_name: root_table_name.to_owned(),
            excludes: DEFAULT_EXCLUDES.iter().map(|p| (*p).to_owned()).collect(),
            exclude_hidden: true,
            sample_size: None,
            combine_compatible_schemas: false,
            detect: DetectOptions::default(),
        }
    }
}

/// What to do with one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Read it and [`Crawler::add`] the result.
    Read,
    /// Not part of any table, for the reason given.
    Excluded(String),
    /// Part of its folder's data, but not read: its folder's sample is complete.
    NotSampled,
}

/// A file that could not be read; the crawl went on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub key: String,
    pub error: Error,
}

/// One crawled table, its partitions (in folder order) and the type conflicts met while merging.
/// Serializable: the browser's crawl worker sends it to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrawledTable {
    pub table: Table,
    pub partitions: Vec<Partition>,
    pub conflicts: Vec<Conflict>,
    /// Column statistics of the table's sampled files (`None` when none was sampled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<TableStatistics>,
}

/// Everything a crawl found.
#[derive(Debug, Clone, PartialEq)]
pub struct CrawlResult {
    /// The database and include path crawled (as normalised by [`Crawler::new`]): what [`recrawl`]
    /// compares the catalog with.
    pub database: String,
    pub location: Option<String>,
    pub tables: Vec<CrawledTable>,
    pub errors: Vec<FileError>,
    /// Why objects were left out and how folders were grouped, one sentence each.
    pub decisions: Vec<String>,
}

/// The Glue requests that create a crawl's tables: what `glueprint crawl` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Payloads {
    #[serde(rename = "CreateTable")]
    pub create_table: Vec<CreateTableRequest>,
    #[serde(rename = "BatchCreatePartition")]
    pub batch_create_partition: Vec<BatchCreatePartitionRequest>,
}

impl CrawlResult {
    /// CreateTable for every table, then BatchCreatePartition (at most 100 partitions each) per table.
    pub fn payloads(&self) -> Payloads {
        Payloads {
            create_table: self
                .tables
                .iter()
                .map(|t| glue::create_table(&t.table))
                .collect(),
            batch_create_partition: self
                .tables
                .iter()
                .flat_map(|t| glue::batch_create_partitions(&t.table, &t.partitions))
                .collect(),
        }
    }
}

/// What is kept of one leaf folder: its schemas (one per storage format) and the files sampling skipped.
#[derive(Debug, Default)]
struct Folder {
    schemas: Vec<Schema>,
    chosen: u32,
    unread_objects: u64,
    unread_bytes: u64,
}

/// A crawl in progress; see the module documentation.
#[derive(Debug)]
pub struct Crawler {
    options: CrawlOptions,
    excludes: Vec<Glob>,
    folders: BTreeMap<Vec<String>, Folder>,
    errors: Vec<FileError>,
    /// How many objects each reason left out (bounded by the number of patterns and reasons).
    excluded: BTreeMap<String, u64>,
    /// How many sampled files each value-sampling finding was made for (bounded by the distinct
    /// findings, which name a column and a reason, not a file).
    sampling_findings: BTreeMap<String, u64>,
    /// Shared by every folder's column-statistics sketches ([`crate::stats::table`]).
    sketch_budget: SketchBudget,
}

impl Crawler {
    /// Checks the options: the database name, the location, each pattern (a bad one names itself and the
    /// position) and the sample size.
    pub fn new(mut options: CrawlOptions) -> Result<Self> {
        options.database = names::database_name(&options.database)?;
        options.location = options
            .location
            .as_deref()
            .map(location::s3_location)
            .transpose()?;
        if let Some(n) = options.sample_size
            && !(1..=MAX_SAMPLE_SIZE).contains(&n)
        {
            return Err(Error::invalid(format!(
                "sample size {n}: Glue accepts 1 to {MAX_SAMPLE_SIZE} files per leaf folder"
            )));
        }
        let excludes = options
            .excludes
            .iter()
            .map(|p| Glob::new(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            options,
            excludes,
            folders: BTreeMap::new(),
            errors: Vec::new(),
            excluded: BTreeMap::new(),
            sampling_findings: BTreeMap::new(),
            sketch_budget: SketchBudget::default(),
        })
    }

    /// Whether to read the object `key` of `size` bytes. Call it once per object, in listing order:
    /// sampling keeps the first `sample_size` files of each folder.
    pub fn consider(&mut self, key: &str, size: u64) -> Decision {
        let object = match self.admit(key) {
            Ok(object) => object,
            Err(reason) => {
                *self.excluded.entry(reason.clone()).or_default() += 1;
                return Decision::Excluded(reason);
            }
        };
        let sample_size = self.options.sample_size;
        let folder = self.folder(&object.folders);
        match sample_size {
            Some(n) if folder.chosen >= n => {
                folder.unread_objects += 1;
                folder.unread_bytes = folder.unread_bytes.saturating_add(size);
                Decision::NotSampled
            }
            _ => {
                folder.chosen += 1;
                Decision::Read
            }
        }
    }

    /// The key split into folders and file, or why it is left out.
    fn admit<'k>(&self, key: &'k str) -> std::result::Result<path::ObjectPath<'k>, String> {
        let object = path::split_key(key).map_err(|e| e.message().to_owned())?;
        if let Some(glob) = self.excludes.iter().find(|g| g.matches(key)) {
            return Err(format!("matches exclude pattern {}", glob.pattern()));
        }
        let hidden = self.options.exclude_hidden
            && object
                .folders
                .iter()
                .chain([&object.file])
                .any(|name| name.starts_with(['.', '_']));
        if hidden {
            return Err(
                "hidden (a name starting with . or _, which Athena and Hive skip)".to_owned(),
            );
        }
        Ok(object)
    }

    fn folder(&mut self, folders: &[&str]) -> &mut Folder {
        let key: Vec<String> = folders.iter().map(|f| (*f).to_owned()).collect();
        self.folders.entry(key).or_default()
    }

    /// The result of reading `key` (which [`consider`](Self::consider) said to read): its schema is merged
    /// into its folder's, or its error recorded.
    pub fn add(&mut self, key: &str, size: u64, inferred: Result<InferredTable>) {
        self.add_schema(
            key,
            inferred.map(|inferred| Schema::of_file(inferred, size)),
        );
    }

    /// As [`add`](Self::add), for a file read with its values ([`crate::infer::values::sample_file`]):
    /// only the counts sensitive-data detection needs ([`pii::Tallies`]) and the column statistics are
    /// kept, never a value; what
    /// could not be sampled becomes a decision.
    pub fn add_sample(&mut self, key: &str, size: u64, sampled: Result<FileSample>) {
        let schema = sampled.map(|sample| {
            for finding in &sample.findings {
                *self.sampling_findings.entry(finding.clone()).or_default() += 1;
            }
            let stats = Accumulator::of_file(&sample, &mut self.sketch_budget);
            let mut schema = Schema::of_file(sample.table, size);
            schema.pii = pii::Tallies::of(&sample.columns);
            schema.stats = stats;
            schema
        });
        self.add_schema(key, schema);
    }

    fn add_schema(&mut self, key: &str, schema: Result<Schema>) {
        let object = match path::split_key(key) {
            Ok(object) => object,
            Err(error) => {
                self.errors.push(FileError {
                    key: key.to_owned(),
                    error,
                });
                return;
            }
        };
        match schema {
            Err(error) => self.errors.push(FileError {
                key: key.to_owned(),
                error,
            }),
            Ok(schema) => {
                let folder = self.folder(&object.folders);
                match folder.schemas.iter_mut().find(|s| s.same_format(&schema)) {
                    Some(existing) => existing.absorb(schema, key),
                    None => folder.schemas.push(schema),
                }
            }
        }
    }

    /// Groups the folders into tables and builds them with their partitions.
    pub fn finish(mut self) -> CrawlResult {
        let mut decisions: Vec<String> = self
            .excluded
            .iter()
            .map(|(reason, n)| format!("{n} object(s) left out: {reason}."))
            .chain(
                self.sampling_findings
                    .iter()
                    .map(|(finding, n)| format!("Value sampling, {n} file(s): {finding}")),
            )
            .collect();
        let mut unread = 0u64;
        let mut leaves = Vec::new();
        for (folders, folder) in std::mem::take(&mut self.folders) {
            unread += folder.unread_objects;
            let mut schemas = folder.schemas.into_iter();
            if let Some(mut first) = schemas.next() {
                first.add_unread(folder.unread_objects, folder.unread_bytes);
                leaves.push(Leaf {
                    folders: folders.clone(),
                    schema: first,
                });
            }
            leaves.extend(schemas.map(|schema| Leaf {
                folders: folders.clone(),
                schema,
            }));
        }
        if let Some(n) = self.options.sample_size {
            decisions.push(format!(
                "Sample size {n}: {unread} file(s) beyond the first {n} of their folder were counted but not read."
            ));
        }
        let groups = group::group(
            leaves,
            self.options.combine_compatible_schemas,
            &mut decisions,
        );
        let mut tables: Vec<CrawledTable> = groups
            .into_iter()
            .filter_map(|g| self.build(g, &mut decisions))
            .collect();
        let unique = names::unique(tables.iter().map(|t| t.table.name.clone()));
        for (crawled, name) in tables.iter_mut().zip(unique) {
            if crawled.table.name != name {
                decisions.push(format!(
                    "Table name {} was taken; this table is {name}.",
                    crawled.table.name
                ));
                crawled.table.name = name;
            }
        }
        CrawlResult {
            database: self.options.database.clone(),
            location: self.options.location.clone(),
            tables,
            errors: std::mem::take(&mut self.errors),
            decisions,
        }
    }

    /// The table (and partitions) of one group: the merged schema of its leaves, in folder order.
    /// `None` only for a group without leaves, which grouping never makes.
    fn build(&self, group: Group, decisions: &mut Vec<String>) -> Option<CrawledTable> {
        let name = match group.root.last() {
            None => names::identifier(&self.options.root_table_name)
                .unwrap_or_else(|| "table".to_owned()),
            Some(folder) => names::identifier(folder).unwrap_or_else(|| "table".to_owned()),
        };
        let name: String = name.chars().take(names::MAX_TABLE_NAME_LEN).collect();
        let root = self.options.location.as_deref();
        let depth = group.root.len();
        let below =
            |leaf: &Leaf| -> Vec<String> { leaf.folders.get(depth..).unwrap_or_default().to_vec() };
        let levels_of_first = group
            .leaves
            .first()
            .map(|l| path::levels(&below(l)))
            .unwrap_or_default();
        let partition_keys = path::partition_keys(&levels_of_first);
        let mut merged: Option<Schema> = None;
        let mut partitions = Vec::new();
        let avro_literal = |schema: &Schema| {
            schema
                .format
                .serde
                .parameters
                .get(AVRO_SCHEMA_LITERAL)
                .cloned()
        };
        let first_literal = group.leaves.first().and_then(|l| avro_literal(&l.schema));
        if group
            .leaves
            .iter()
            .any(|l| avro_literal(&l.schema) != first_literal)
        {
            decisions.push(format!(
                "Table {name}: its partitions have different Avro writer schemas; the table keeps the first \
                 one's avro.schema.literal, by which Athena reads the table, so review it against the merged \
                 columns."
            ));
        }
        for leaf in group.leaves {
            let partition_folders = below(&leaf);
            if !partition_keys.is_empty() {
                partitions.push(Partition {
                    values: path::levels(&partition_folders)
                        .into_iter()
                        .map(|l| l.value)
                        .collect(),
                    storage: StorageDescriptor {
                        columns: leaf.schema.columns.clone(),
                        location: root.map(|r| path::folder_location(r, &leaf.folders)),
                        format: leaf.schema.format.clone(),
                        compressed: false,
                        parameters: leaf.schema.parameters_with_statistics(),
                    },
                    parameters: Default::default(),
                });
            }
            match merged.as_mut() {
                None => merged = Some(leaf.schema),
                Some(table) => {
                    let source = format!("{}/", partition_folders.join("/"));
                    table.absorb(leaf.schema, &source)
                }
            }
        }
        let schema = merged?;
        if partition_keys
            .iter()
            .any(|k| schema.columns.iter().any(|c| c.name == k.name))
        {
            decisions.push(format!(
                "Table {name}: a partition key has the name of a column; Athena refuses such a table until one is renamed."
            ));
        }
        for conflict in &schema.conflicts {
            decisions.push(format!("Table {name}: {}.", conflict.message()));
        }
        let parameters = schema.parameters_with_statistics();
        let mut columns = schema.columns;
        pii::apply_columns(&mut columns, &schema.pii.detections(&self.options.detect));
        let statistics = schema.stats.finish(&columns);
        let table = Table {
            name,
            database_name: self.options.database.clone(),
            description: None,
            partition_keys,
            storage: StorageDescriptor {
                columns,
                location: root.map(|r| path::folder_location(r, &group.root)),
                format: schema.format,
                compressed: false,
                parameters: parameters.clone(),
            },
            parameters,
        };
        Some(CrawledTable {
            table,
            partitions,
            conflicts: schema.conflicts,
            statistics,
        })
    }
}
