//! Object keys as folder levels, and folder levels as partitions (glue.md §4.2).
//!
//! A key relative to the crawl root, `year=2024/month=01/part-0.parquet`, is a list of folders and a file
//! name. Each folder between a table's root and its files is one partition level: a Hive-style `key=value`
//! folder gives the partition key `key` (normalised as Glue stores names) with the value after the first
//! `=`, URL-unescaped as Hive escapes partition paths; any other folder gives `partition_N` (N counted
//! from 0 by depth below the table root) with the folder name as its value. Partition keys are always
//! `string` (the crawler never infers another type for them).

use crate::catalog::Column;
use crate::types::HiveType;
use crate::{Error, Result, names};

/// A key split into its folders and its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectPath<'a> {
    pub folders: Vec<&'a str>,
    pub file: &'a str,
}

/// Splits a relative key. A key with an empty folder or file name (`a//b`, `a/`, `/a`) has no place in a
/// partitioned table (Glue partition values are at least one character), so it is an error the caller
/// reports as the reason for leaving the object out.
pub fn split_key(key: &str) -> Result<ObjectPath<'_>> {
    let mut parts: Vec<&str> = key.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    if file.is_empty() {
        return Err(Error::invalid(format!(
            "key {key:?} names a folder, not a file"
        )));
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::invalid(format!(
            "key {key:?} has an empty folder name"
        )));
    }
    Ok(ObjectPath {
        folders: parts,
        file,
    })
}

/// One partition level of a folder path: the key's name (before de-duplication) and the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Level {
    pub key: String,
    pub value: String,
}

/// The partition level a folder at `depth` (0 = directly below the table root) stands for.
pub fn level(folder: &str, depth: usize) -> Level {
    let unnamed = || format!("partition_{depth}");
    match folder.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => Level {
            key: names::identifier(&unescape(key)).unwrap_or_else(unnamed),
            value: unescape(value),
        },
        _ => Level {
            key: unnamed(),
            value: folder.to_owned(),
        },
    }
}

/// The partition levels of `folders` (the folders below a table root, outermost first).
pub fn levels<S: AsRef<str>>(folders: &[S]) -> Vec<Level> {
    folders
        .iter()
        .enumerate()
        .map(|(depth, folder)| level(folder.as_ref(), depth))
        .collect()
}

/// Partition key columns for these levels: `string`, in folder order, made unique as Glue needs.
pub fn partition_keys(levels: &[Level]) -> Vec<Column> {
    names::unique(levels.iter().map(|l| l.key.clone()))
        .into_iter()
        .map(|name| Column::new(name, HiveType::String))
        .collect()
}

/// Undoes Hive's `FileUtils.escapePathName`: each `%` followed by two hex digits is the character with
/// that code (Hive escapes only ASCII characters, one `%XX` per character); anything else stays as it is.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        let (before, from_percent) = rest.split_at(at);
        out.push_str(before);
        let code = from_percent
            .get(1..3)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match code {
            Some(code) => {
                out.push(char::from(code));
                rest = from_percent.get(3..).unwrap_or_default();
            }
            None => {
                out.push('%');
                rest = from_percent.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The S3 folder of `folders` below the crawl root `root` (`s3://bucket/prefix/`, already normalised by
/// [`crate::location::s3_location`]), with a trailing `/` as Athena wants.
pub fn folder_location<S: AsRef<str>>(root: &str, folders: &[S]) -> String {
    let mut location = root.to_owned();
    for folder in folders {
        location.push_str(folder.as_ref());
        location.push('/');
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn kv(levels: &[Level]) -> Vec<(&str, &str)> {
        levels
            .iter()
            .map(|l| (l.key.as_str(), l.value.as_str()))
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn keys_split_into_folders_and_file() {
        let path = split_key("year=2024/month=01/part-0.parquet").unwrap();
        assert_eq!(path.folders, ["year=2024", "month=01"]);
        assert_eq!(path.file, "part-0.parquet");
        assert_eq!(split_key("a.csv").unwrap().folders, Vec::<&str>::new());
        for bad in ["", "a/", "a//b", "/a"] {
            assert!(split_key(bad).is_err(), "{bad}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn hive_and_unnamed_levels() {
        assert_eq!(
            kv(&levels(&[
                "Year=2024",
                "01",
                "dt=2024-01-01 00%3A00%3A00",
                "x="
            ])),
            [
                ("year", "2024"),
                ("partition_1", "01"),
                ("dt", "2024-01-01 00:00:00"),
                ("partition_3", "x="),
            ]
        );
        assert_eq!(kv(&levels(&["a=b=c"])), [("a", "b=c")]);
        assert_eq!(kv(&levels(&["=x"])), [("partition_0", "=x")]);
        let keys = partition_keys(&levels(&["k=1", "K=2"]));
        let names: Vec<&str> = keys.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["k", "k_2"]);
        assert!(keys.iter().all(|c| c.data_type == HiveType::String));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unescaping_follows_hive() {
        assert_eq!(unescape("a%2Fb%3d"), "a/b=");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz%4"), "%zz%4");
        assert_eq!(unescape("%C3%A9"), "\u{c3}\u{a9}");
        assert_eq!(unescape("ünï%20"), "ünï ");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn locations_end_in_a_slash() {
        assert_eq!(
            folder_location("s3://b/sales/", &["year=2024", "month=01"]),
            "s3://b/sales/year=2024/month=01/"
        );
        assert_eq!(folder_location::<&str>("s3://b/", &[]), "s3://b/");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any key splits (or errs) without panicking, and a split key joins back to itself.
        #[test]
        fn split_round_trips(key in "[a-z=%/._-]{0,40}") {
            if let Ok(path) = split_key(&key) {
                let mut joined = path.folders.join("/");
                if !joined.is_empty() { joined.push('/'); }
                joined.push_str(path.file);
                prop_assert_eq!(joined, key);
            }
        }

        /// Hive-style values come back as written when they hold no `%`.
        #[test]
        fn hive_values_survive(key in "[a-z][a-z0-9_]{0,10}", value in "[A-Za-z0-9 =:._-]{1,20}") {
            let l = level(&format!("{key}={value}"), 3);
            prop_assert_eq!(l.key, key);
            prop_assert_eq!(l.value, value);
        }
    }
}
