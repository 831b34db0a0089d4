//! A [`Store`] in memory: the reference implementation the native tests run, and the CLI's catalog.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::Store;
use super::change::{self, Change, Transaction};
use super::record::Space;
use crate::Result;

type Records = BTreeMap<(Space, String), String>;

/// Records in a map. A commit works on a copy and swaps it in only when the whole change succeeded, which
/// is the all-or-nothing behaviour an IndexedDB transaction gives.
#[derive(Debug, Default)]
pub struct MemoryStore {
    records: RefCell<Records>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes a raw record, bypassing every check: for tests that plant old-format or damaged records.
    pub fn insert_raw(&self, space: Space, key: &str, text: &str) {
        self.records
            .borrow_mut()
            .insert((space, key.to_owned()), text.to_owned());
    }

    /// Every raw record, for tests that check nothing else was written.
    pub fn dump(&self) -> Vec<(Space, String, String)> {
        self.records
            .borrow()
            .iter()
            .map(|((space, key), text)| (*space, key.clone(), text.clone()))
            .collect()
    }
}

struct MemoryTransaction {
    records: Records,
}

impl Transaction for MemoryTransaction {
    async fn get(&mut self, space: Space, key: &str) -> Result<Option<String>> {
        Ok(self.records.get(&(space, key.to_owned())).cloned())
    }

    async fn put(&mut self, space: Space, key: &str, value: String) -> Result<()> {
        self.records.insert((space, key.to_owned()), value);
        Ok(())
    }

    async fn delete(&mut self, space: Space, key: &str) -> Result<()> {
        self.records.remove(&(space, key.to_owned()));
        Ok(())
    }

    async fn keys_with_prefix(&mut self, space: Space, prefix: &str) -> Result<Vec<String>> {
        Ok(read_prefix(&self.records, space, prefix)
            .into_iter()
            .map(|(key, _)| key)
            .collect())
    }
}

fn read_prefix(records: &Records, space: Space, prefix: &str) -> Vec<(String, String)> {
    records
        .range((space, prefix.to_owned())..)
        .take_while(|((s, key), _)| *s == space && key.starts_with(prefix))
        .map(|((_, key), text)| (key.clone(), text.clone()))
        .collect()
}

impl Store for MemoryStore {
    async fn read(&self, space: Space, prefix: &str) -> Result<Vec<(String, String)>> {
        Ok(read_prefix(&self.records.borrow(), space, prefix))
    }

    async fn commit(&self, change: &Change, now_ms: i64) -> Result<()> {
        let mut txn = MemoryTransaction {
            records: self.records.borrow().clone(),
        };
        change::apply(&mut txn, change, now_ms).await?;
        *self.records.borrow_mut() = txn.records;
        Ok(())
    }
}
