//! Files with their paths, from a dropped folder (the drag-and-drop entries API, walked recursively) or
//! a folder picker (`webkitdirectory`, whose files carry `webkitRelativePath`). Paths are `/`-separated
//! and start with the dropped or picked folder's name, as S3 keys start below a bucket.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemDirectoryReader,
    FileSystemEntry, FileSystemFileEntry,
};

/// A file to crawl and its path below the crawled folder.
#[derive(Clone, Debug)]
pub struct PathFile {
    pub path: String,
    pub file: File,
}

/// The crawl root's name and each file's key below it: the dropped folder's name when every path starts
/// with it (keys are then relative to the folder itself, as S3 keys are to an include path), else
/// `table` with the paths as they are.
pub fn crawl_root(files: &[PathFile]) -> (String, Vec<String>) {
    let first = files
        .first()
        .and_then(|f| f.path.split('/').next())
        .unwrap_or("table");
    let shared = files
        .iter()
        .all(|f| f.path.split('/').next() == Some(first) && f.path.contains('/'));
    let root = if shared { first } else { "table" }.to_owned();
    let strip = if shared { root.len() + 1 } else { 0 };
    let keys = files
        .iter()
        .map(|f| f.path.get(strip..).unwrap_or(&f.path).to_owned())
        .collect();
    (root, keys)
}

/// The files of a picker, with their relative paths (a plain file picker gives bare names).
pub fn from_list(list: &FileList) -> Vec<PathFile> {
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|file| {
            let relative = Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            PathFile {
                path: relative.unwrap_or_else(|| file.name()),
                file,
            }
        })
        .collect()
}

/// The entries of a drop. Must be called inside the `drop` handler: the browser empties the
/// `DataTransfer` once the event is over; the entries themselves stay readable afterwards.
pub fn dropped_entries(transfer: &DataTransfer) -> Vec<FileSystemEntry> {
    let items = transfer.items();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect()
}

/// Every file below `entries`, depth first, in name order within a folder (a listing order S3 also
/// gives, so sampling picks the same files in the app and the CLI).
pub async fn walk(entries: Vec<FileSystemEntry>) -> Result<Vec<PathFile>, String> {
    let mut files = Vec::new();
    let mut pending: Vec<(String, FileSystemEntry)> =
        entries.into_iter().map(|e| (e.name(), e)).rev().collect();
    while let Some((path, entry)) = pending.pop() {
        if entry.is_directory() {
            let reader = entry
                .unchecked_ref::<FileSystemDirectoryEntry>()
                .create_reader();
            let mut children = read_all(&reader).await?;
            children.sort_by_key(|c| std::cmp::Reverse(c.name()));
            pending.extend(
                children
                    .into_iter()
                    .map(|c| (format!("{path}/{}", c.name()), c)),
            );
        } else if entry.is_file() {
            let file = file_of(entry.unchecked_ref::<FileSystemFileEntry>()).await?;
            files.push(PathFile { path, file });
        }
    }
    Ok(files)
}

/// Calls `start(resolve, reject)` and waits for either.
async fn callback_promise(start: impl FnOnce(&Function, &Function)) -> Result<JsValue, String> {
    let mut start = Some(start);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            start(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| {
                Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "the browser refused to read the folder".to_owned())
    })
}

/// A directory reader returns its entries in batches (100 in Chromium) until an empty one.
async fn read_all(reader: &FileSystemDirectoryReader) -> Result<Vec<FileSystemEntry>, String> {
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(|resolve, reject| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(resolve, reject) {
                let _ = reject.call1(&JsValue::UNDEFINED, &e);
            }
        })
        .await?;
        let batch = Array::from(&batch);
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(|e| e.unchecked_into::<FileSystemEntry>()));
    }
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, String> {
    let file = callback_promise(|resolve, reject| {
        entry.file_with_callback_and_callback(resolve, reject);
    })
    .await?;
    Ok(file.unchecked_into())
}
