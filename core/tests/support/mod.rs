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
