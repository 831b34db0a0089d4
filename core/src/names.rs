//! Names as Glue and Athena want them.
//!
//! Glue folds database, table and column names to lower case when it stores them, and accepts two columns
//! that collide after folding (`Id` and `id`), which later breaks Athena. Athena can only query names made of
//! `[a-z0-9_]`. So every name Glueprint exports goes through [`identifier`]: accents are folded (`ünïcode` →
//! `unicode`), letters lower-cased, every other run of characters becomes one `_`, and [`unique`] then
//! renames collisions (`id`, `id_2`, ...). The crawler keeps raw header text such as `file name`; we choose
//! Athena-queryable names instead, because a table nobody can query is not what a user asked for.

use std::collections::HashSet;

mod fold;
mod fold_tables;

use fold::Folded;

/// Longest column or database name the Glue API accepts.
pub const MAX_NAME_LEN: usize = 255;
/// Longest table name a Glue crawler generates.
pub const MAX_TABLE_NAME_LEN: usize = 128;

/// `raw` as an Athena-safe identifier, or `None` when nothing of it survives (e.g. `"!!!"` or `""`).
pub fn identifier(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    // Underscores we inserted for runs of other characters, as opposed to ones in the input: only ours are
    // trimmed from the ends, so `ID_` stays `id_` while `Weird Name!` becomes `weird_name`.
    let mut pending_separator = false;
    for c in raw.chars() {
        match fold::fold(c) {
            Folded::Kept(c) => {
                if pending_separator && !out.is_empty() {
                    out.push('_');
                }
                pending_separator = false;
                out.push(c);
            }
            Folded::Vanishes => {}
            Folded::Separator => pending_separator = true,
        }
    }
    out.truncate(MAX_NAME_LEN);
    (!out.is_empty()).then_some(out)
}

/// A database name typed by a user, as Glue will store it; an error when nothing usable is left.
pub fn database_name(raw: &str) -> crate::Result<String> {
    typed_name("database", raw)
}

/// A table name typed by a user (created or renamed by hand), as Glue will store it.
pub fn table_name(raw: &str) -> crate::Result<String> {
    typed_name("table", raw)
}

/// A column or partition key name typed by a user, as Glue will store it.
pub fn column_name(raw: &str) -> crate::Result<String> {
    typed_name("column", raw)
}

/// `raw` made an [`identifier`], refusing what would be silently cut (longer than Glue's
/// [`MAX_NAME_LEN`]) or emptied: a name typed by hand is shown folded as it is typed, never shortened.
fn typed_name(what: &str, raw: &str) -> crate::Result<String> {
    let length = raw.trim().chars().count();
    if length > MAX_NAME_LEN {
        return Err(crate::Error::invalid(format!(
            "{what} name is {length} characters long; Glue accepts at most {MAX_NAME_LEN}"
        )));
    }
    identifier(raw).ok_or_else(|| {
        crate::Error::invalid(format!(
            "{what} name {raw:?} needs at least one letter, digit or underscore"
        ))
    })
}

/// Makes every name unique by suffixing `_2`, `_3`, ... to later duplicates, keeping the order.
pub fn unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let names: Vec<String> = names.into_iter().collect();
    let mut taken: HashSet<String> = HashSet::with_capacity(names.len());
    names
        .into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut n = 2u32;
            while taken.contains(&candidate) {
                candidate = format!("{name}_{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            candidate
        })
        .collect()
}

/// Column names for raw field names: each normalised (`col{i}` when nothing survives), then made unique.
pub fn column_names<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique(
        raw.into_iter()
            .enumerate()
            .map(|(i, name)| identifier(name).unwrap_or_else(|| format!("col{i}"))),
    )
}

/// Column names for formats that engines read *by name* (Parquet): Hive and Athena match those names
/// case-insensitively, so they are only lower-cased (as Glue stores them) and made unique. Replacing other
/// characters, as [`column_names`] does, would make Athena read the renamed column as NULL; such names stay
/// as they are and need quoting in queries instead. Characters the Glue API refuses in a name (control
/// characters other than tab, U+FFFE, U+FFFF) become `_`.
pub fn by_name_column_names<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique(raw.into_iter().enumerate().map(|(i, name)| {
        let mut folded: String = name
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| {
                if (c.is_control() && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}' {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        while folded.len() > MAX_NAME_LEN {
            folded.pop();
        }
        if folded.is_empty() {
            format!("col{i}")
        } else {
            folded
        }
    }))
}

/// True when Athena can use `name` unquoted: only `[a-z0-9_]`.
pub fn is_athena_safe(name: &str) -> bool {
    !name.is_empty() && name.chars().all(fold::is_kept)
}

/// The table name a crawler would give a single file: its name without extensions, normalised.
pub fn table_name_from_file(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base
        .split('.')
        .find(|part| !part.is_empty())
        .unwrap_or(base);
    let mut name = identifier(stem).unwrap_or_else(|| "table".to_owned());
    name.truncate(MAX_TABLE_NAME_LEN);
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn identifiers_are_athena_safe() {
        assert_eq!(identifier("Id").as_deref(), Some("id"));
        assert_eq!(identifier("ID_").as_deref(), Some("id_"));
        assert_eq!(identifier("Weird Name!").as_deref(), Some("weird_name"));
        assert_eq!(identifier("ünïcode").as_deref(), Some("unicode"));
        assert_eq!(identifier("a--b  c").as_deref(), Some("a_b_c"));
        assert_eq!(identifier("_private").as_deref(), Some("_private"));
        assert_eq!(identifier("!!!"), None);
        assert_eq!(identifier(""), None);
        assert_eq!(
            identifier(&"x".repeat(300)).map(|s| s.len()),
            Some(MAX_NAME_LEN)
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn database_names_are_folded_or_refused() {
        assert_eq!(database_name("Sales DB").as_deref(), Ok("sales_db"));
        assert_eq!(
            database_name(" - ").unwrap_err().kind(),
            crate::ErrorKind::Invalid
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn typed_names_are_folded_never_cut() {
        assert_eq!(table_name("Orders 2024").as_deref(), Ok("orders_2024"));
        assert_eq!(column_name("Zip Code").as_deref(), Ok("zip_code"));
        assert_eq!(
            column_name("?").unwrap_err().kind(),
            crate::ErrorKind::Invalid
        );
        let long = table_name(&"x".repeat(MAX_NAME_LEN + 1)).unwrap_err();
        assert!(long.message().contains("at most 255"), "{long}");
        assert_eq!(
            table_name(&"x".repeat(MAX_NAME_LEN)).map(|n| n.len()),
            Ok(MAX_NAME_LEN)
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn duplicates_after_folding_are_renamed() {
        assert_eq!(
            column_names(["Id", "id", "ID", "id_2"]),
            ["id", "id_2", "id_3", "id_2_2"]
        );
        assert_eq!(column_names(["", "?"]), ["col0", "col1"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn by_name_columns_are_only_folded() {
        assert_eq!(
            by_name_column_names(["Id", "ID", "Weird Name!", "ünïcode", "a\nb", ""]),
            ["id", "id_2", "weird name!", "ünïcode", "a_b", "col5"]
        );
        assert!(is_athena_safe("id_2"));
        assert!(!is_athena_safe("weird name!"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn table_names_drop_extensions_and_folders() {
        assert_eq!(table_name_from_file("nested.parquet"), "nested");
        assert_eq!(
            table_name_from_file("data/Sales 2024.snappy.parquet"),
            "sales_2024"
        );
        assert_eq!(table_name_from_file(".parquet"), "parquet");
        assert_eq!(table_name_from_file("???.parquet"), "table");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// `identifier`'s rule applied to the whole name at once with the full Unicode tables: NFD also
    /// reorders runs of combining marks, which folding one character at a time does not.
    fn whole_name_reference(raw: &str) -> Option<String> {
        let folded: String = fold::tests::nfd_folded(raw)
            .into_iter()
            .map(|c| if fold::is_kept(c) { c } else { ' ' })
            .collect();
        let mut out = folded
            .split(' ')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        out.truncate(MAX_NAME_LEN);
        (!out.is_empty()).then_some(out)
    }

    proptest! {
        #[test]
        fn identifiers_fold_like_nfd_of_the_whole_name(
            raw in "[A-Za-z0-9_ .\u{C0}-\u{24F}\u{300}-\u{36F}\u{1E00}-\u{1EFF}\u{370}-\u{3FF}\u{AC00}-\u{AC10}\u{212A}\u{130}-]{0,40}"
        ) {
            prop_assert_eq!(identifier(&raw), whole_name_reference(&raw));
        }
    }
}
