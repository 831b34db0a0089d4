//! One schema out of many: the columns of a leaf folder's files, and a table's schema out of its
//! partitions' schemas.
//!
//! The rules are the compatible changes of glue.md §7.2, applied in both directions so the order files
//! arrive in does not matter: columns are matched by name; a column not seen before is appended (Glue's
//! table schema is the union of its partitions'); a type becomes the wider of the two where Athena reads
//! the narrower data as the wider type (`tinyint` < `smallint` < `int` < `bigint`, `float` < `double`, and
//! `void`, the type of an always-null column, below everything); structs merge field by field the same way,
//! arrays and maps by their element and value types. Anything else (`bigint` against `string`, two decimal
//! scales, `date` against `timestamp`) is a [`Conflict`]: the type seen first is kept, and the conflict is
//! reported as data for the user to resolve, never silently turned into `string`.

use std::collections::HashMap;

use crate::catalog::Column;
use crate::types::{HiveType, StructField};

/// Two types met for one column (or nested field) and neither widens to the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// `column` or `column.field.field` for nested fields.
    pub column: String,
    /// The type kept (the one seen first).
    pub kept: String,
    /// The type that could not be merged into it.
    pub other: String,
    /// Where the other type came from: a file key or a partition folder.
    pub source: String,
}

impl Conflict {
    /// One sentence for reports.
    pub fn message(&self) -> String {
        format!(
            "column {} is {} but {} has {}; {} was kept",
            self.column, self.kept, self.source, self.other, self.kept
        )
    }
}

/// The width of an integer type, for widening; `None` for every other type.
fn integer_rank(t: &HiveType) -> Option<u8> {
    match t {
        HiveType::TinyInt => Some(1),
        HiveType::SmallInt => Some(2),
        HiveType::Int => Some(3),
        HiveType::BigInt => Some(4),
        _ => None,
    }
}

/// Merges `b` into `a` at `path`: the merged type, with every conflict (`a`'s side kept) pushed.
pub fn merge_type(
    path: &str,
    a: &HiveType,
    b: &HiveType,
    source: &str,
    conflicts: &mut Vec<Conflict>,
) -> HiveType {
    match (a, b) {
        _ if a == b => a.clone(),
        (HiveType::Void, other) | (other, HiveType::Void) => other.clone(),
        (HiveType::Float, HiveType::Double) | (HiveType::Double, HiveType::Float) => {
            HiveType::Double
        }
        (HiveType::Array(x), HiveType::Array(y)) => HiveType::Array(Box::new(merge_type(
            &format!("{path}[]"),
            x,
            y,
            source,
            conflicts,
        ))),
        (HiveType::Map(ka, va), HiveType::Map(kb, vb)) => HiveType::Map(
            Box::new(merge_type(
                &format!("{path}<key>"),
                ka,
                kb,
                source,
                conflicts,
            )),
            Box::new(merge_type(
                &format!("{path}<value>"),
                va,
                vb,
                source,
                conflicts,
            )),
        ),
        (HiveType::Struct(fa), HiveType::Struct(fb)) => {
            let mut fields = fa.clone();
            for field in fb {
                match fields.iter_mut().find(|f| f.name == field.name) {
                    Some(existing) => {
                        existing.data_type = merge_type(
                            &format!("{path}.{}", field.name),
                            &existing.data_type,
                            &field.data_type,
                            source,
                            conflicts,
                        );
                    }
                    None => fields.push(StructField::new(&field.name, field.data_type.clone())),
                }
            }
            HiveType::Struct(fields)
        }
        _ => match (integer_rank(a), integer_rank(b)) {
            (Some(ra), Some(rb)) => {
                if ra >= rb {
                    a.clone()
                } else {
                    b.clone()
                }
            }
            _ => {
                let conflict = Conflict {
                    column: path.to_owned(),
                    kept: a.to_string(),
                    other: b.to_string(),
                    source: source.to_owned(),
                };
                if !conflicts
                    .iter()
                    .any(|c| c.column == conflict.column && c.other == conflict.other)
                {
                    conflicts.push(conflict);
                }
                a.clone()
            }
        },
    }
}

/// Merges `other`'s columns into `into`: new names appended in `other`'s order, common ones widened.
/// A column keeps the comment and parameters it had first. Columns are found by name through an index:
/// a crawl merges file after file, and a scan per column made wide tables (thousands of columns)
/// quadratic.
pub fn merge_columns(
    into: &mut Vec<Column>,
    other: &[Column],
    source: &str,
    conflicts: &mut Vec<Conflict>,
) {
    let mut position: HashMap<String, usize> = HashMap::with_capacity(into.len());
    for (i, column) in into.iter().enumerate() {
        position.entry(column.name.clone()).or_insert(i);
    }
    for column in other {
        match position.get(&column.name).and_then(|&i| into.get_mut(i)) {
            Some(existing) => {
                existing.data_type = merge_type(
                    &column.name,
                    &existing.data_type,
                    &column.data_type,
                    source,
                    conflicts,
                );
            }
            None => {
                position.insert(column.name.clone(), into.len());
                into.push(column.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The type both widen to, or `None` when any part of them conflicts.
    fn widen(a: &HiveType, b: &HiveType) -> Option<HiveType> {
        let mut conflicts = Vec::new();
        let merged = merge_type("", a, b, "", &mut conflicts);
        conflicts.is_empty().then_some(merged)
    }

    fn t(s: &str) -> HiveType {
        s.parse().unwrap()
    }

    fn cols(spec: &[(&str, &str)]) -> Vec<Column> {
        spec.iter().map(|(n, ty)| Column::new(*n, t(ty))).collect()
    }

    fn names_types(columns: &[Column]) -> Vec<(String, String)> {
        columns
            .iter()
            .map(|c| (c.name.clone(), c.data_type.to_string()))
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn widening_follows_athena() {
        for (a, b, want) in [
            ("int", "bigint", "bigint"),
            ("tinyint", "smallint", "smallint"),
            ("bigint", "tinyint", "bigint"),
            ("float", "double", "double"),
            ("void", "string", "string"),
            ("array<int>", "array<bigint>", "array<bigint>"),
            (
                "map<string,float>",
                "map<string,double>",
                "map<string,double>",
            ),
            (
                "struct<a:int,b:string>",
                "struct<a:bigint,c:double>",
                "struct<a:bigint,b:string,c:double>",
            ),
        ] {
            assert_eq!(widen(&t(a), &t(b)), Some(t(want)), "{a} + {b}");
            assert!(widen(&t(b), &t(a)).is_some(), "{b} + {a}");
        }
        for (a, b) in [
            ("int", "string"),
            ("int", "double"),
            ("decimal(10,2)", "decimal(12,2)"),
            ("date", "timestamp"),
            ("array<int>", "int"),
            ("struct<a:int>", "struct<a:string>"),
        ] {
            assert_eq!(widen(&t(a), &t(b)), None, "{a} + {b}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn columns_are_appended_widened_and_conflicts_reported() {
        let mut merged = cols(&[("id", "int"), ("name", "string"), ("s", "struct<x:int>")]);
        let mut conflicts = Vec::new();
        merge_columns(
            &mut merged,
            &cols(&[
                ("channel", "string"),
                ("id", "bigint"),
                ("name", "int"),
                ("s", "struct<x:date>"),
            ]),
            "year=2024/",
            &mut conflicts,
        );
        assert_eq!(
            names_types(&merged),
            [
                ("id".to_string(), "bigint".to_string()),
                ("name".into(), "string".into()),
                ("s".into(), "struct<x:int>".into()),
                ("channel".into(), "string".into()),
            ]
        );
        assert_eq!(
            conflicts,
            [
                Conflict {
                    column: "name".into(),
                    kept: "string".into(),
                    other: "int".into(),
                    source: "year=2024/".into()
                },
                Conflict {
                    column: "s.x".into(),
                    kept: "int".into(),
                    other: "date".into(),
                    source: "year=2024/".into()
                },
            ]
        );
        assert_eq!(
            conflicts[0].message(),
            "column name is string but year=2024/ has int; string was kept"
        );
    }
}
