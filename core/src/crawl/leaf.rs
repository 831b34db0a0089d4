//! What the crawler keeps per leaf folder while files stream in: one merged schema per storage format
//! found in the folder, and counts. Nothing is kept per file, so memory grows with the number of folders
//! (the catalog's partitions), never with the number of files.

use crate::catalog::{Column, Parameters, StorageFormat};
use crate::crawl::merge::{self, Conflict};
use crate::infer::{InferredTable, json};
use crate::pii::Tallies;
use crate::stats::table::Accumulator;

/// Parameters that describe the data rather than its format: summed per partition and per table
/// instead of copied from one file (glue.md §2.3).
pub const STATISTICS: [&str; 4] = ["recordCount", "averageRecordSize", "objectCount", "sizeKey"];

/// Table parameters that must agree for files to share a table: the crawler's "data format", "compression
/// format" (glue.md §4.1), and for CSV the delimiter and header, without which the files read differently.
const FORMAT_PARAMETERS: [&str; 4] = [
    "classification",
    "compressionType",
    "delimiter",
    "skip.header.line.count",
];

/// SerDe parameters derived from the columns (OpenX `paths` and `mapping.*`, Avro's schema literal):
/// they differ whenever schemas do, so they are merged, not compared.
fn column_derived(key: &str) -> bool {
    key == "paths" || key == super::AVRO_SCHEMA_LITERAL || key.starts_with("mapping.")
}

/// The merged schema and statistics of the files of one format in one folder (or, after grouping, of one
/// table).
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub columns: Vec<Column>,
    pub format: StorageFormat,
    /// The first file's parameters without [`STATISTICS`].
    pub parameters: Parameters,
    pub objects: u64,
    pub bytes: u64,
    /// Total records; `None` once any file's count is unknown (a sampled text file, or a file left unread).
    pub records: Option<u64>,
    pub conflicts: Vec<Conflict>,
    /// Sensitive-data counts of the sampled files, summed (empty when no file was sampled).
    pub pii: Tallies,
    /// Column statistics of the sampled files, summed (empty when no file was sampled).
    pub stats: Accumulator,
}

impl Schema {
    /// The schema of one file of `size` bytes.
    pub fn of_file(inferred: InferredTable, size: u64) -> Self {
        let records = inferred
            .parameters
            .get("recordCount")
            .and_then(|r| r.parse().ok());
        let mut parameters = inferred.parameters;
        parameters.retain(|k, _| !STATISTICS.contains(&k.as_str()));
        Self {
            columns: inferred.columns,
            format: inferred.format,
            parameters,
            objects: 1,
            bytes: size,
            records,
            conflicts: Vec::new(),
            pii: Tallies::default(),
            stats: Accumulator::default(),
        }
    }

    /// True when files of `self` and `other` can be read by one table definition: same Input/Output
    /// formats and SerDe, same format parameters (see [`FORMAT_PARAMETERS`]); the columns may differ.
    pub fn same_format(&self, other: &Schema) -> bool {
        self.format.input_format == other.format.input_format
            && self.format.output_format == other.format.output_format
            && self.format.serde.serialization_library == other.format.serde.serialization_library
            && self.format_serde_parameters() == other.format_serde_parameters()
            && self.format_parameters() == other.format_parameters()
    }

    fn format_serde_parameters(&self) -> Vec<(&String, &String)> {
        self.format
            .serde
            .parameters
            .iter()
            .filter(|(k, _)| !column_derived(k))
            .collect()
    }

    fn format_parameters(&self) -> Vec<Option<&String>> {
        FORMAT_PARAMETERS
            .iter()
            .map(|k| self.parameters.get(*k))
            .collect()
    }

    /// Merges `other` (of the same format) into `self`: columns per [`merge`], counts summed, column-derived
    /// SerDe parameters kept consistent with the merged columns. `source` names `other` in conflicts.
    pub fn absorb(&mut self, other: Schema, source: &str) {
        merge::merge_columns(
            &mut self.columns,
            &other.columns,
            source,
            &mut self.conflicts,
        );
        for conflict in other.conflicts {
            if !self.conflicts.contains(&conflict) {
                self.conflicts.push(conflict);
            }
        }
        self.pii.absorb(other.pii);
        self.stats.absorb(other.stats);
        self.objects = self.objects.saturating_add(other.objects);
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.records = self
            .records
            .zip(other.records)
            .map(|(a, b)| a.saturating_add(b));
        for (key, value) in other.format.serde.parameters {
            self.format.serde.parameters.entry(key).or_insert(value);
        }
        if self.format.serde.serialization_library == json::SERDE {
            let names: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
            self.format = json::storage_format(&names, self.format.serde.parameters.clone());
        }
    }

    /// Counts files left unread by sampling: their objects and bytes are part of the data, their records
    /// are unknown.
    pub fn add_unread(&mut self, objects: u64, bytes: u64) {
        if objects > 0 {
            self.objects = self.objects.saturating_add(objects);
            self.bytes = self.bytes.saturating_add(bytes);
            self.records = None;
        }
    }

    /// The format parameters plus statistics, as the crawler writes them on tables, storage descriptors and
    /// partitions. `recordCount` and `averageRecordSize` are left out when the count is unknown.
    pub fn parameters_with_statistics(&self) -> Parameters {
        let mut parameters = self.parameters.clone();
        parameters.insert("objectCount".into(), self.objects.to_string());
        parameters.insert("sizeKey".into(), self.bytes.to_string());
        if let Some(records) = self.records {
            parameters.insert("recordCount".into(), records.to_string());
            let average = self.bytes.checked_div(records).unwrap_or(0);
            parameters.insert("averageRecordSize".into(), average.to_string());
        }
        parameters
    }
}
