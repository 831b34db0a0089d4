//! SQL text shared by the Athena (Hive DDL) and Unity Catalog (Spark SQL) exports: string literals,
//! identifiers, type spellings, column lists and partition statements.

use std::fmt::Write as _;

use crate::catalog::{Column, Partition};
use crate::types::HiveType;

/// Partitions per `ALTER TABLE ... ADD PARTITION` statement: the same batch as Glue's
/// BatchCreatePartition, and keeps each statement far below Athena's 256 KB query-length limit.
pub(super) const PARTITIONS_PER_STATEMENT: usize = 100;

/// Athena's DDL reserved words (glue.md §5.2, verbatim, plus `CACHE` for the doc's `CASHE` typo).
#[rustfmt::skip]
const HIVE_RESERVED: &[&str] = &[
    "ALL", "ALTER", "AND", "ARRAY", "AS", "AUTHORIZATION", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN",
    "BOTH", "BY", "CACHE", "CASE", "CASHE", "CAST", "CHAR", "COLUMN", "CONF", "CONSTRAINT", "COMMIT",
    "CREATE", "CROSS", "CUBE", "CURRENT", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURSOR", "DATABASE",
    "DATE", "DAYOFWEEK", "DECIMAL", "DELETE", "DESCRIBE", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END",
    "EXCHANGE", "EXISTS", "EXTENDED", "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FLOAT", "FLOOR",
    "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION", "GRANT", "GROUP", "GROUPING", "HAVING",
    "IF", "IMPORT", "IN", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS",
    "JOIN", "LATERAL", "LEFT", "LESS", "LIKE", "LOCAL", "MACRO", "MAP", "MORE", "NONE", "NOT", "NULL",
    "NUMERIC", "OF", "ON", "ONLY", "OR", "ORDER", "OUT", "OUTER", "OVER", "PARTIALSCAN", "PARTITION",
    "PERCENT", "PRECEDING", "PRECISION", "PRESERVE", "PRIMARY", "PROCEDURE", "RANGE", "READS",
    "REDUCE", "REGEXP", "REFERENCES", "REVOKE", "RIGHT", "RLIKE", "ROLLBACK", "ROLLUP", "ROW", "ROWS",
    "SELECT", "SET", "SMALLINT", "START", "TABLE", "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TO",
    "TRANSFORM", "TRIGGER", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION", "UNIQUEJOIN", "UPDATE", "USER",
    "USING", "UTC_TIMESTAMP", "VALUES", "VARCHAR", "VIEWS", "WHEN", "WHERE", "WINDOW", "WITH",
];

/// Spark SQL's ANSI-mode reserved keywords that Athena's list lacks: Databricks SQL runs in ANSI mode.
#[rustfmt::skip]
const SPARK_RESERVED: &[&str] = &[
    "ANY", "CHECK", "COLLATE", "CURRENT_TIME", "CURRENT_USER", "ESCAPE", "EXCEPT", "FILTER",
    "LEADING", "NATURAL", "OFFSET", "OVERLAPS", "SESSION_USER", "SOME", "TRAILING", "UNIQUE",
    "UNKNOWN",
];

/// Which engine reads the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// Athena DDL, which is Hive DDL: lower-case Hive type names, as Glue stores them.
    Hive,
    /// Spark SQL as Databricks runs it: upper-case type names, `STRUCT<name: TYPE>`.
    Spark,
}

/// A single-quoted string literal. Hive and Spark both unescape backslash sequences in literals, so `\`
/// and `'` are backslash-escaped (doubling `''` would make Hive concatenate two literals and drop the
/// quote), line breaks and tabs become `\n` `\r` `\t`, and other control characters three-digit octal
/// escapes (`\001`, as Athena's documentation writes Ctrl-A).
pub(super) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\{:03o}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `name` as it can appear in DDL: bare when it is `[a-z_][a-z0-9_]*`, does not start with `_` (Athena
/// wants backticks then) and is not a reserved word; otherwise in backticks, a backtick doubled.
pub(super) fn identifier(name: &str, dialect: Dialect) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let reserved = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(name));
    let reserved =
        reserved(HIVE_RESERVED) || (dialect == Dialect::Spark && reserved(SPARK_RESERVED));
    if plain && !reserved {
        name.to_owned()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// `db.table` (or `catalog.schema.table`), each part quoted as needed.
pub(super) fn qualified(parts: &[&str], dialect: Dialect) -> String {
    let parts: Vec<String> = parts.iter().map(|p| identifier(p, dialect)).collect();
    parts.join(".")
}

/// The type as the dialect spells it. Struct field names are quoted like column names, because Hive and
/// Spark parse them as identifiers. Spark has no `uniontype`: it reads an Avro union as
/// `STRUCT<member0: ..., member1: ...>` (spark-avro's mapping), so that is what it gets.
pub(super) fn data_type(ty: &HiveType, dialect: Dialect) -> String {
    let mut out = String::new();
    write_type(&mut out, ty, dialect);
    out
}

fn write_type(out: &mut String, ty: &HiveType, dialect: Dialect) {
    let spark = dialect == Dialect::Spark;
    match ty {
        HiveType::Array(element) => {
            out.push_str(if spark { "ARRAY<" } else { "array<" });
            write_type(out, element, dialect);
            out.push('>');
        }
        HiveType::Map(key, value) => {
            out.push_str(if spark { "MAP<" } else { "map<" });
            write_type(out, key, dialect);
            out.push_str(if spark { ", " } else { "," });
            write_type(out, value, dialect);
            out.push('>');
        }
        HiveType::Struct(fields) => {
            out.push_str(if spark { "STRUCT<" } else { "struct<" });
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(if spark { ", " } else { "," });
                }
                out.push_str(&identifier(&field.name, dialect));
                out.push_str(if spark { ": " } else { ":" });
                write_type(out, &field.data_type, dialect);
            }
            out.push('>');
        }
        HiveType::Union(members) if spark => {
            out.push_str("STRUCT<");
            for (i, member) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "member{i}: ");
                write_type(out, member, dialect);
            }
            out.push('>');
        }
        HiveType::Union(members) => {
            out.push_str("uniontype<");
            for (i, member) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_type(out, member, dialect);
            }
            out.push('>');
        }
        primitive if spark => out.push_str(&primitive.to_string().to_ascii_uppercase()),
        primitive => out.push_str(&primitive.to_string()),
    }
}

/// `name type [COMMENT '...']`, for column lists and `PARTITIONED BY`.
pub(super) fn column(column: &Column, dialect: Dialect) -> String {
    let mut out = format!(
        "{} {}",
        identifier(&column.name, dialect),
        data_type(&column.data_type, dialect)
    );
    if let Some(comment) = &column.comment {
        let _ = write!(out, " COMMENT {}", string(&super::single_line(comment)));
    }
    out
}

/// `(\n  'key' = 'value',\n  ...\n)` for SERDEPROPERTIES, TBLPROPERTIES, OPTIONS and DBPROPERTIES.
pub(super) fn properties<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let lines: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("  {} = {}", string(k), string(v)))
        .collect();
    format!("(\n{}\n)", lines.join(",\n"))
}

/// `ALTER TABLE t ADD IF NOT EXISTS PARTITION (k = 'v') [LOCATION '...'] ...;` statements, at most
/// [`PARTITIONS_PER_STATEMENT`] partitions each. Values are quoted strings, which Hive and Spark cast to
/// the key's type; a partition without a location gets the engine's default folder under the table.
pub(super) fn add_partitions(
    table: &str,
    keys: &[Column],
    partitions: &[Partition],
    dialect: Dialect,
) -> Vec<String> {
    partitions
        .chunks(PARTITIONS_PER_STATEMENT)
        .map(|chunk| {
            let mut out = format!("ALTER TABLE {table} ADD IF NOT EXISTS");
            for partition in chunk {
                let spec: Vec<String> = keys
                    .iter()
                    .zip(&partition.values)
                    .map(|(key, value)| {
                        format!("{} = {}", identifier(&key.name, dialect), string(value))
                    })
                    .collect();
                let _ = write!(out, "\n  PARTITION ({})", spec.join(", "));
                if let Some(location) = &partition.storage.location {
                    let _ = write!(out, " LOCATION {}", string(location));
                }
            }
            out.push(';');
            out
        })
        .collect()
}

/// `-- line` for every line of `text`, so a multi-line note stays one comment.
pub(super) fn comment(text: &str) -> String {
    text.lines()
        .map(|line| format!("-- {line}\n"))
        .collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::StructField;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn literals_escape_backslashes_quotes_and_controls() {
        assert_eq!(string("it's"), r"'it\'s'");
        assert_eq!(string("a\\b"), r"'a\\b'");
        assert_eq!(string("two\nlines\t"), r"'two\nlines\t'");
        assert_eq!(string("\u{1}"), r"'\001'");
        assert_eq!(string("ünï"), "'ünï'");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn identifiers_are_quoted_when_reserved_or_odd() {
        assert_eq!(identifier("id", Dialect::Hive), "id");
        assert_eq!(identifier("date", Dialect::Hive), "`date`");
        assert_eq!(identifier("_private", Dialect::Hive), "`_private`");
        assert_eq!(identifier("2024", Dialect::Hive), "`2024`");
        assert_eq!(identifier("weird name!", Dialect::Hive), "`weird name!`");
        assert_eq!(identifier("a`b", Dialect::Hive), "`a``b`");
        assert_eq!(identifier("except", Dialect::Hive), "except");
        assert_eq!(identifier("except", Dialect::Spark), "`except`");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn types_are_spelled_per_dialect() {
        let ty = HiveType::Struct(vec![
            StructField::new(
                "from",
                HiveType::Map(Box::new(HiveType::String), Box::new(HiveType::Int)),
            ),
            StructField::new(
                "u",
                HiveType::Union(vec![
                    HiveType::Int,
                    HiveType::Decimal {
                        precision: 10,
                        scale: 2,
                    },
                ]),
            ),
        ]);
        assert_eq!(
            data_type(&ty, Dialect::Hive),
            "struct<`from`:map<string,int>,u:uniontype<int,decimal(10,2)>>"
        );
        assert_eq!(
            data_type(&ty, Dialect::Spark),
            "STRUCT<`from`: MAP<STRING, INT>, u: STRUCT<member0: INT, member1: DECIMAL(10,2)>>"
        );
    }
}
