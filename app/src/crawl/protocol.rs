//! What the page and the crawl worker say to each other. Every message is one JS object: `json` holds the
//! message below as JSON text (one serde model on both sides, no hand-built JS objects), and a start
//! message also carries `files`, the `File` objects to read, which structured cloning hands to the worker
//! without copying their bytes.

use serde::{Deserialize, Serialize};

/// From the page to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ToWorker {
    /// Crawl these entries. `crawl` numbers the run, so late messages of a cancelled run are ignored.
    Start {
        crawl: u32,
        settings: CrawlSettings,
        entries: Vec<Entry>,
    },
    /// Stop run `crawl` as soon as the file being read is done.
    Cancel { crawl: u32 },
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
}

/// One object to crawl: its path relative to the crawled root (folders included, `/`-separated), its size
/// and where its bytes are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub path: String,
    pub size: u64,
    /// Index into the message's `files` array.
    pub file: usize,
}

/// From the worker to the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FromWorker {
    /// The worker listens: messages sent before this would be lost while its wasm still loads.
    Ready,
    Progress {
        crawl: u32,
        progress: Progress,
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
