//! Glue's limits on the free text a user types by hand: comments, descriptions and parameters.
//!
//! The Glue API refuses a `CreateTable` whose column comment is longer than 255 characters, or a
//! description longer than 2,048, with one error for the whole request. Checking each field as it is typed
//! lets the app say which field is too long, and keeps such a table out of the catalog, where it could
//! never be exported. Lengths are counted in characters, as the API model's `max` is.

use crate::catalog::{Parameters, Table};
use crate::names::MAX_NAME_LEN;
use crate::{Error, Result};

/// Longest `Column.Comment` the Glue API accepts.
pub const MAX_COMMENT_LEN: usize = 255;
/// Longest `Description` of a database or table the Glue API accepts.
pub const MAX_DESCRIPTION_LEN: usize = 2048;
/// Longest parameter key the Glue API accepts (parameter values may be far longer).
pub const MAX_PARAMETER_KEY_LEN: usize = MAX_NAME_LEN;
/// Longest parameter value the Glue API accepts.
pub const MAX_PARAMETER_VALUE_LEN: usize = 512_000;

/// A column comment as stored: `None` when blank, an error when longer than [`MAX_COMMENT_LEN`].
pub fn comment(raw: &str) -> Result<Option<String>> {
    optional_text("comment", raw, MAX_COMMENT_LEN)
}

/// A database or table description as stored: `None` when blank, an error when too long.
pub fn description(raw: &str) -> Result<Option<String>> {
    optional_text("description", raw, MAX_DESCRIPTION_LEN)
}

/// Checks the typed text of a whole table (its description, every column's and partition key's comment),
/// so an edit is refused with the field's name before it is saved, not by Glue at export.
pub fn check_table(table: &Table) -> Result<()> {
    description(table.description.as_deref().unwrap_or_default())?;
    for column in table.storage.columns.iter().chain(&table.partition_keys) {
        comment(column.comment.as_deref().unwrap_or_default())
            .map_err(|e| Error::invalid(format!("column {}: {}", column.name, e.message())))?;
    }
    Ok(())
}

fn optional_text(what: &str, raw: &str, max: usize) -> Result<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let length = raw.chars().count();
    if length > max {
        return Err(Error::invalid(format!(
            "{what} is {length} characters long; Glue accepts at most {max}"
        )));
    }
    Ok(Some(raw.to_owned()))
}

/// Parameters from key/value rows as typed. Rows with a blank key and value are ignored (a row just
/// added); a blank key with a value, a key given twice, or a key or value over Glue's limits is refused,
/// because a map would silently keep only one of two rows.
pub fn parameters<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Parameters> {
    let mut parameters = Parameters::new();
    for (key, value) in rows {
        let key = key.trim();
        if key.is_empty() {
            if value.trim().is_empty() {
                continue;
            }
            return Err(Error::invalid(format!(
                "the parameter with value {value:?} needs a key"
            )));
        }
        let key_length = key.chars().count();
        if key_length > MAX_PARAMETER_KEY_LEN {
            return Err(Error::invalid(format!(
                "parameter key is {key_length} characters long; Glue accepts at most {MAX_PARAMETER_KEY_LEN}"
            )));
        }
        let value_length = value.chars().count();
        if value_length > MAX_PARAMETER_VALUE_LEN {
            return Err(Error::invalid(format!(
                "parameter {key:?} is {value_length} characters long; Glue accepts at most \
                 {MAX_PARAMETER_VALUE_LEN}"
            )));
        }
        if parameters
            .insert(key.to_owned(), value.to_owned())
            .is_some()
        {
            return Err(Error::invalid(format!("parameter {key:?} is given twice")));
        }
    }
    Ok(parameters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn comments_stop_at_255_characters() {
        assert_eq!(comment("  "), Ok(None));
        assert_eq!(comment("order id"), Ok(Some("order id".to_owned())));
        // Characters, not bytes: 255 accented letters are 510 bytes and still fit.
        assert!(comment(&"é".repeat(MAX_COMMENT_LEN)).is_ok());
        let err = comment(&"x".repeat(MAX_COMMENT_LEN + 1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.message().contains("256 characters"), "{err}");
        assert!(err.message().contains("at most 255"), "{err}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_table_names_the_column_whose_comment_is_too_long() {
        use crate::catalog::{Column, StorageDescriptor, StorageFormat};
        use crate::types::HiveType;
        let mut table = Table {
            name: "orders".into(),
            database_name: "sales".into(),
            description: Some("Orders".into()),
            partition_keys: vec![Column::new("day", HiveType::Date)],
            storage: StorageDescriptor {
                columns: vec![Column::new("id", HiveType::BigInt)],
                location: None,
                format: StorageFormat::parquet(),
                compressed: false,
                parameters: Parameters::new(),
            },
            parameters: Parameters::new(),
        };
        assert_eq!(check_table(&table), Ok(()));
        if let Some(day) = table.partition_keys.first_mut() {
            day.comment = Some("x".repeat(MAX_COMMENT_LEN + 1));
        }
        let err = check_table(&table).unwrap_err();
        assert!(
            err.message().starts_with("column day: comment is 256"),
            "{err}"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn descriptions_stop_at_2048_characters() {
        assert!(description(&"x".repeat(MAX_DESCRIPTION_LEN)).is_ok());
        assert!(description(&"x".repeat(MAX_DESCRIPTION_LEN + 1)).is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn parameter_rows_become_a_map_or_say_what_is_wrong() {
        let ok = parameters([(" owner ", "data team"), ("", ""), ("tier", "gold")]).unwrap();
        assert_eq!(
            ok,
            Parameters::from([
                ("owner".into(), "data team".into()),
                ("tier".into(), "gold".into())
            ])
        );
        for (rows, needle) in [
            (vec![("", "orphan")], "needs a key"),
            (vec![("a", "1"), ("a ", "2")], "given twice"),
        ] {
            let err = parameters(rows).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid);
            assert!(err.message().contains(needle), "{err}");
        }
        let long_key = "k".repeat(MAX_PARAMETER_KEY_LEN + 1);
        assert!(parameters([(long_key.as_str(), "v")]).is_err());
    }
}
