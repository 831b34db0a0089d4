//! A crawl's result as the worker sends it to the page. Per-file errors are not part of it: they were
//! streamed one by one while the crawl ran (`FromWorker::FileFailed`), so the page already lists them.

use glueprint_core::crawl::{CrawlResult, CrawledTable};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub database: String,
    pub location: Option<String>,
    pub tables: Vec<CrawledTable>,
    pub decisions: Vec<String>,
}

impl Outcome {
    pub fn of(result: CrawlResult) -> Self {
        Self {
            database: result.database,
            location: result.location,
            tables: result.tables,
            decisions: result.decisions,
        }
    }

    /// Back into core's result, to compare with the catalog (`crawl::recrawl`).
    pub fn into_result(self) -> CrawlResult {
        CrawlResult {
            database: self.database,
            location: self.location,
            tables: self.tables,
            errors: Vec::new(),
            decisions: self.decisions,
        }
    }
}
