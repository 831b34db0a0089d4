//! What the page and the crawl worker say to each other. Every message is one JS object: `json` holds the
//! message below as JSON text (one serde model on both sides, no hand-built JS objects), and an
//! [`ToWorker::AddEntries`] message also carries `files`, the `File` objects to read, which structured
//! cloning hands to the worker without copying their bytes.
//!
//! A run is streamed: `Start`, then any number of `AddEntries` batches, then `EndOfEntries`. A bucket
//! listing of 100,000 objects thus never sits in one message, and the worker reads the first objects
//! while the page still lists the rest. The page sends ahead of the worker by at most [`WINDOW`] entries
//! ([`FromWorker::Taken`] says how far the worker is), so the worker's queue stays the same size for any
//! number of files, and the page sends its batches one task at a time instead of all in one.

use std::fmt;

use glueprint_core::aws::presigned::PresignedUrl;
use glueprint_core::infer::InferredTable;
use glueprint_core::stats::table::TableStatistics;
use serde::{Deserialize, Serialize};

/// Entries the page may have sent that the worker has not taken from its queue yet.
pub const WINDOW: u64 = 4_000;

/// The worker reports [`FromWorker::Taken`] each time its queue falls to this many entries: the page
/// then sends more while the worker still has these to read (at least half a second's worth even for
/// small files read from memory, far longer than a message takes).
pub const LOW_WATER: usize = 2_000;

/// From the page to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ToWorker {
    /// Start run `crawl` (runs are numbered, so late messages of a cancelled run are ignored). `root` is
    /// the name of a table rooted at the crawl root itself (the folder's, the prefix's last folder).
    Start {
        crawl: u32,
        settings: CrawlSettings,
        root: String,
    },
    /// More objects of run `crawl`, in listing order.
    AddEntries { crawl: u32, entries: Vec<Entry> },
    /// Run `crawl` has all its entries: the worker finishes once it has read them.
    EndOfEntries { crawl: u32 },
    /// Stop run `crawl` as soon as the file being read is done.
    Cancel { crawl: u32 },
    /// Infer the single dropped file in the message's `files` (its only element) as request `id`: its
    /// table, and its columns' sensitive data when `sample` (no when a sampling attempt crashed before).
    /// Answered by [`FromWorker::Inferred`], or by [`FromWorker::Crashed`] naming `id` and the file.
    Infer { id: u32, sample: bool },
}

/// The crawler's options as the user set them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrawlSettings {
    pub database: String,
    /// `s3://bucket/prefix/` the crawled root stands for, if the user gave one.
    pub location: Option<String>,
    /// Exclusion globs, defaults included as the user left them.
    pub excludes: Vec<String>,
    /// Files read per leaf folder; `None` reads them all.
    pub sample_size: Option<u32>,
    /// Glue's "create a single schema for each S3 path".
    pub combine_compatible_schemas: bool,
    /// Whether values are sampled (within core's budgets) for sensitive-data detection. Off, a crawl
    /// reads schemas only: footers and text samples, the fewest bytes and round trips.
    pub sample_values: bool,
    /// Share (0–1) of a column's sampled values that must match a sensitive-data entity to tag it
    /// (Glue's `ThresholdFraction`).
    pub pii_threshold: f64,
    /// Files whose values are not sampled, only their schema read: sampling them crashed the reader
    /// in an earlier attempt of this run ([`FromWorker::Crashed`]).
    pub unsampled: Vec<String>,
}

/// One object to crawl: its key relative to the crawl root (folders included, `/`-separated), its size
/// when known and where its bytes are. Entries live only in messages and the worker's queue: never
/// persisted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub path: String,
    /// `None` for a pasted URL: the first read tells.
    pub size: Option<u64>,
    pub source: EntrySource,
}

/// Where an entry's bytes are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EntrySource {
    /// A dropped or picked file: index into the message's `files` array.
    File { file: usize },
    /// A presigned GET URL, read with range requests.
    Url { url: ObjectUrl },
}

/// A presigned URL on its way to the worker. It must cross as text, but its `Debug` leaves the query
/// (the signature, a bearer credential until it expires) out.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ObjectUrl(pub String);

impl fmt::Debug for ObjectUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match PresignedUrl::parse(&self.0) {
            Ok(url) => f.debug_tuple("ObjectUrl").field(&url.display()).finish(),
            Err(_) => f.write_str("ObjectUrl(<not a presigned URL>)"),
        }
    }
}

/// From the worker to the page. Externally tagged (`{"finished":{…}}`, `"ready"`), unlike
/// [`ToWorker`]: an internally tagged enum decodes through serde's buffered `Content`, which put a second
/// decoder of every payload (tables, statistics) in the page's wasm, 10 kB of its gzip'd size.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FromWorker {
    /// The worker listens: messages sent before this would be lost while its wasm still loads.
    Ready,
    Progress {
        crawl: u32,
        progress: Progress,
    },
    /// Run `crawl`'s worker has taken `taken` entries from its queue (and holds [`LOW_WATER`] more):
    /// the page may send more, up to [`WINDOW`] ahead.
    Taken {
        crawl: u32,
        taken: u64,
    },
    /// One file could not be read or inferred; the crawl goes on.
    FileFailed {
        crawl: u32,
        path: String,
        message: String,
    },
    /// The run ended with this result (JSON of the crawl result, see [`super::outcome`]).
    Finished {
        crawl: u32,
        result: String,
    },
    Cancelled {
        crawl: u32,
    },
    /// The run could not go on at all (bad settings, say).
    Failed {
        crawl: u32,
        message: String,
    },
    /// The answer to [`ToWorker::Infer`] `id`: the file's table (sensitive columns tagged as a crawl tags
    /// them, sampling findings among its notes) or why it could not be read.
    Inferred {
        id: u32,
        result: Result<InferredTable, String>,
        /// The file's column statistics, when its values were sampled.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        statistics: Option<TableStatistics>,
    },
    /// The worker panicked, which on wasm32 leaves it unusable: the last message it sends. `reading`
    /// names the run (or the [`ToWorker::Infer`] request) and the file being read when it is known, so
    /// the page can read again without sampling that file.
    Crashed {
        reading: Option<(u32, String)>,
    },
}

/// How far a run is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub files_done: u64,
    pub files_total: u64,
    /// Sizes of the files done (read, skipped or failed), so the bar moves with the data covered.
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file being read.
    pub current: String,
    pub elapsed_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_debug_leaves_the_signature_out() {
        let url = "http://127.0.0.1:5000/lake/singles/a.parquet?X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=f00dfeed";
        let entry = Entry {
            path: "a.parquet".into(),
            size: None,
            source: EntrySource::Url {
                url: ObjectUrl(url.into()),
            },
        };
        let shown = format!("{entry:?}");
        assert!(
            shown.contains("http://127.0.0.1:5000/lake/singles/a.parquet"),
            "{shown}"
        );
        assert!(
            !shown.contains("f00dfeed") && !shown.contains("AKID"),
            "{shown}"
        );
        let junk = format!(
            "{:?}",
            ObjectUrl("not a url?X-Amz-Signature=f00dfeed".into())
        );
        assert!(!junk.contains("f00dfeed"), "{junk}");
        // The URL itself crosses to the worker whole: it is what the worker fetches.
        let json = serde_json::to_string(&entry).unwrap_or_default();
        let back: Entry = serde_json::from_str(&json).unwrap_or(Entry {
            path: String::new(),
            size: Some(0),
            source: EntrySource::File { file: 0 },
        });
        assert_eq!(back, entry);
    }

    #[test]
    fn a_dropped_file_s_table_crosses_whole_with_its_sensitive_column() {
        use glueprint_core::catalog::{Column, StorageFormat};
        use glueprint_core::pii;
        use glueprint_core::types::HiveType;

        let mut contact = Column::new("contact", HiveType::String);
        contact
            .parameters
            .insert(pii::ENTITY_PARAMETER.into(), "EMAIL".into());
        contact.tags.insert(pii::PII_TAG.into());
        let table = InferredTable {
            columns: vec![contact, Column::new("id", HiveType::BigInt)],
            format: StorageFormat::parquet(),
            parameters: [("classification".to_owned(), "parquet".to_owned())].into(),
            notes: vec!["a note".into()],
        };
        let sent = FromWorker::Inferred {
            id: 7,
            result: Ok(table.clone()),
            statistics: None,
        };
        let json = serde_json::to_string(&sent).unwrap_or_default();
        match serde_json::from_str::<FromWorker>(&json) {
            Ok(FromWorker::Inferred { id, result, .. }) => {
                assert_eq!(id, 7);
                assert_eq!(result, Ok(table));
            }
            other => panic!("{other:?} from {json}"),
        }
    }
}
