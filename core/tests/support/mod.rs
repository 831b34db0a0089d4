//! Helpers shared by the integration tests: each test file includes this module with `mod support;`.
#![allow(dead_code)] // each test crate uses its own subset

use std::cell::RefCell;
use std::ops::Range;
use std::path::{Path, PathBuf};

use glueprint_core::Result;
use glueprint_core::infer::InferredTable;
use glueprint_core::source::{ByteSource, MemorySource};

/// A source that records every range asked of it, to assert that readers read only what they need.
pub struct Recording {
    inner: MemorySource,
    pub reads: RefCell<Vec<Range<u64>>>,
}

impl Recording {
    pub fn new(bytes: &[u8]) -> Self {
        Self {
            inner: MemorySource::new(bytes),
            reads: RefCell::new(Vec::new()),
        }
    }

    pub fn bytes_read(&self) -> u64 {
        self.reads.borrow().iter().map(|r| r.end - r.start).sum()
    }
}

impl ByteSource for Recording {
    async fn len(&self) -> Result<u64> {
        self.inner.len().await
    }

    async fn read(&self, range: Range<u64>) -> Result<Vec<u8>> {
        self.reads.borrow_mut().push(range.clone());
        self.inner.read(range).await
    }
}

/// `(name, hive type)` of every column, for comparing with expectations written by hand.
pub fn columns(table: &InferredTable) -> Vec<(String, String)> {
    table
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.data_type.to_string()))
        .collect()
}

pub fn owned(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// A path under `../shared/data/` (native tests that walk folders).
pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data")
        .join(rel)
}

/// Every file below `dir`, recursively.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path)
            } else {
                out.push(path)
            }
        }
    }
    out.sort();
    out
}

/// One file from `../shared/data/external/` and what the oracle (pyarrow or fastavro, run by a script in
/// `tests/oracles/` whose output is committed) made of it.
pub struct OracleCase {
    /// Path relative to `external/`, with `/` separators: the oracle's key.
    pub rel: String,
    pub path: PathBuf,
    /// The oracle's entry: `{"columns": [...]}` or `{"error": "..."}`.
    pub want: serde_json::Value,
}

impl OracleCase {
    /// The oracle's top-level column names, or `None` when the oracle could not read the file.
    pub fn columns(&self) -> Option<Vec<&str>> {
        let columns = self.want.get("columns")?.as_array()?;
        Some(
            columns
                .iter()
                .map(|c| c.as_str().expect("column names are strings"))
                .collect(),
        )
    }
}

/// Every external file that `keep` selects, paired with its oracle entry. Fails unless the oracle covers
/// exactly these files, so a new fixture cannot go unchecked.
pub fn oracle_cases(oracle_json: &str, keep: impl Fn(&Path) -> bool) -> Vec<OracleCase> {
    let oracle: serde_json::Value = serde_json::from_str(oracle_json).expect("oracle JSON");
    let expected = oracle["files"].as_object().expect("oracle has files");
    let root = shared("external");
    let cases: Vec<OracleCase> = walk(&root)
        .into_iter()
        .filter(|p| keep(p))
        .map(|path| {
            let rel = path
                .strip_prefix(&root)
                .expect("below root")
                .to_string_lossy()
                .replace('\\', "/");
            let want = expected
                .get(&rel)
                .unwrap_or_else(|| panic!("the oracle has no entry for {rel}"))
                .clone();
            OracleCase { rel, path, want }
        })
        .collect();
    assert_eq!(
        cases.len(),
        expected.len(),
        "the oracle must cover exactly the selected files"
    );
    cases
}

/// `(column, name in the file)` for every column whose name Glue's rules changed.
#[allow(dead_code)]
pub fn original_names(table: &InferredTable) -> Vec<(String, String)> {
    table
        .columns
        .iter()
        .filter_map(|c| {
            let raw = c
                .parameters
                .get(glueprint_core::infer::ORIGINAL_NAME_PARAMETER)?;
            Some((c.name.clone(), raw.clone()))
        })
        .collect()
}
