//! Column statistics in the shapes of Glue's `ColumnStatisticsData` (one per Glue statistics type), from
//! what a [`FileSample`] holds.
//!
//! * **Exact** numbers come from a Parquet footer's statistics, which describe every row of the file:
//!   null counts, minimums and maximums of integer, floating-point and date columns, and the distinct
//!   count when the file has one row group that records it. A number counts as exact only when every row
//!   group states it (and, for minimum and maximum, states it exactly, not truncated); and from an ORC
//!   footer's file statistics: null counts, minimums and maximums ([`orc`]).
//! * **Sampled** numbers come from the bounded value sample ([`crate::infer::values`]) and describe the
//!   sampled rows only ([`ColumnStatistics::sampled_rows`]); they are never extrapolated. Distinct counts
//!   are HyperLogLog estimates ([`hll`]), capped at the number of non-null values sampled. True/false counts, and string and binary lengths, are always
//!   sampled: no footer records them.
//!
//! A sampled value that does not parse as its column's type (a word in a `bigint` CSV column) counts as a
//! null, as Hive reads it. String lengths are in UTF-8 bytes. Columns whose type has no Glue statistics
//! type (timestamps, arrays, maps, structs, unions, `void`) get none; neither do columns with neither a
//! sample nor footer statistics.

pub mod hll;
mod orc;
pub mod table;

use parquet::file::metadata::ParquetMetaData;
use parquet::file::statistics::Statistics;
use serde::{Deserialize, Serialize};

use crate::catalog::Column;
use crate::infer::values::{ColumnSample, FileSample};
use crate::types::HiveType;
use hll::HyperLogLog;

/// The numbers of one column, by Glue statistics type. Minimums and maximums are `None` when no value
/// gave one (an all-null sample).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum StatisticsData {
    Boolean {
        trues: u64,
        falses: u64,
        nulls: u64,
    },
    /// Dates as days since 1970-01-01.
    Date {
        min: Option<i64>,
        max: Option<i64>,
        nulls: u64,
        distinct: u64,
    },
    /// Unscaled values of a `decimal(p,scale)`, serialised as decimal text: a 38-digit value does not
    /// fit a JSON number, and serde's tagged enums cannot buffer an `i128`.
    Decimal {
        #[serde(with = "unscaled_text")]
        min: Option<i128>,
        #[serde(with = "unscaled_text")]
        max: Option<i128>,
        scale: u8,
        nulls: u64,
        distinct: u64,
    },
    Double {
        min: Option<f64>,
        max: Option<f64>,
        nulls: u64,
        distinct: u64,
    },
    Long {
        min: Option<i64>,
        max: Option<i64>,
        nulls: u64,
        distinct: u64,
    },
    String {
        max_length: u64,
        average_length: f64,
        nulls: u64,
        distinct: u64,
    },
    Binary {
        max_length: u64,
        average_length: f64,
        nulls: u64,
    },
}

/// `Option<i128>` as optional decimal text (see [`StatisticsData::Decimal`]).
mod unscaled_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<i128>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(n) => serializer.serialize_some(&n.to_string()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i128>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| text.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

impl StatisticsData {
    /// The minimum and maximum as a reader of the table writes them (dates `YYYY-MM-DD`, decimals
    /// scaled), for types that have them; `None` where no value gave one.
    pub fn bounds(&self) -> Option<(String, String)> {
        use crate::infer::values::{date_from_days, decimal};
        match self {
            StatisticsData::Long { min, max, .. } => {
                Some(((*min)?.to_string(), (*max)?.to_string()))
            }
            StatisticsData::Double { min, max, .. } => {
                Some(((*min)?.to_string(), (*max)?.to_string()))
            }
            StatisticsData::Date { min, max, .. } => Some((
                date_from_days(i128::from((*min)?)),
                date_from_days(i128::from((*max)?)),
            )),
            StatisticsData::Decimal {
                min, max, scale, ..
            } => Some((
                decimal((*min)?, u32::from(*scale)),
                decimal((*max)?, u32::from(*scale)),
            )),
            StatisticsData::Boolean { .. }
            | StatisticsData::String { .. }
            | StatisticsData::Binary { .. } => None,
        }
    }

    pub fn nulls(&self) -> u64 {
        match self {
            StatisticsData::Boolean { nulls, .. }
            | StatisticsData::Date { nulls, .. }
            | StatisticsData::Decimal { nulls, .. }
            | StatisticsData::Double { nulls, .. }
            | StatisticsData::Long { nulls, .. }
            | StatisticsData::String { nulls, .. }
            | StatisticsData::Binary { nulls, .. } => *nulls,
        }
    }

    /// The distinct count, for types Glue records one for.
    pub fn distinct(&self) -> Option<u64> {
        match self {
            StatisticsData::Date { distinct, .. }
            | StatisticsData::Decimal { distinct, .. }
            | StatisticsData::Double { distinct, .. }
            | StatisticsData::Long { distinct, .. }
            | StatisticsData::String { distinct, .. } => Some(*distinct),
            StatisticsData::Boolean { .. } | StatisticsData::Binary { .. } => None,
        }
    }
}

/// Which of a column's numbers describe the whole file (from Parquet metadata) rather than the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exactness {
    pub nulls: bool,
    pub min_max: bool,
    pub distinct: bool,
}

/// The statistics of one top-level column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnStatistics {
    pub column: String,
    pub column_type: HiveType,
    pub data: StatisticsData,
    pub exact: Exactness,
    /// Rows the sampled numbers come from (0 when the column was not sampled).
    pub sampled_rows: u64,
}

impl ColumnStatistics {
    /// True when every number of [`data`](Self::data) is exact.
    pub fn is_exact(&self) -> bool {
        let Exactness {
            nulls,
            min_max,
            distinct,
        } = self.exact;
        match self.data {
            StatisticsData::Date { .. }
            | StatisticsData::Decimal { .. }
            | StatisticsData::Double { .. }
            | StatisticsData::Long { .. } => nulls && min_max && distinct,
            StatisticsData::Boolean { .. }
            | StatisticsData::String { .. }
            | StatisticsData::Binary { .. } => false,
        }
    }
}

/// Glue's statistics type of a Hive type, or `None` when Glue has none for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Boolean,
    Date,
    Decimal(u8),
    Double,
    Long,
    String,
    Binary,
}

impl Kind {
    fn of(data_type: &HiveType) -> Option<Kind> {
        Some(match data_type {
            HiveType::Boolean => Kind::Boolean,
            HiveType::TinyInt | HiveType::SmallInt | HiveType::Int | HiveType::BigInt => Kind::Long,
            HiveType::Float | HiveType::Double => Kind::Double,
            HiveType::Decimal { scale, .. } => Kind::Decimal(*scale),
            HiveType::String | HiveType::Char(_) | HiveType::Varchar(_) => Kind::String,
            HiveType::Binary => Kind::Binary,
            HiveType::Date => Kind::Date,
            _ => return None,
        })
    }
}

/// Statistics of every top-level column of a sampled file that Glue has a statistics type for.
pub fn compute(file: &FileSample) -> Vec<ColumnStatistics> {
    compute_sketched(file)
        .into_iter()
        .map(|s| s.stats)
        .collect()
}

/// One column's statistics with what merging them with another file's needs: the distinct-value sketch
/// of the sampled values and how many of them were not null.
struct Sketched {
    stats: ColumnStatistics,
    sketch: HyperLogLog,
    present: u64,
}

/// As [`compute`], with what [`table::Accumulator`] merges across files.
fn compute_sketched(file: &FileSample) -> Vec<Sketched> {
    file.table
        .columns
        .iter()
        .filter_map(|column| {
            let kind = Kind::of(&column.data_type)?;
            let sample = file
                .columns
                .iter()
                .find(|s| s.is_top_level() && s.column() == column.name);
            let (data, sketch, present) = sampled(kind, sample);
            let mut stats = ColumnStatistics {
                column: column.name.clone(),
                column_type: column.data_type.clone(),
                data,
                exact: Exactness::default(),
                sampled_rows: sample.map_or(0, |s| s.len() as u64),
            };
            if let Some(metadata) = &file.parquet {
                overlay_footer(&mut stats, metadata, column);
            }
            if let Some(footer) = &file.orc {
                orc::overlay(&mut stats, footer);
            }
            (stats.sampled_rows > 0 || stats.exact.nulls).then_some(Sketched {
                stats,
                sketch,
                present,
            })
        })
        .collect()
}

/// What one sample says, the sketch of its distinct values and how many values were not null.
fn sampled(kind: Kind, sample: Option<&ColumnSample>) -> (StatisticsData, HyperLogLog, u64) {
    let values = sample.map(ColumnSample::values).unwrap_or_default();
    let mut nulls = 0u64;
    let mut distinct = HyperLogLog::default();
    let mut present = Vec::new();
    for value in values {
        match value.as_deref().and_then(|v| Parsed::of(kind, v)) {
            Some(parsed) => {
                distinct.insert(parsed.key().as_bytes());
                present.push(parsed);
            }
            None => nulls += 1,
        }
    }
    let sketch = distinct;
    // An estimate above the number of values sampled is the sketch's error, not information.
    let distinct = sketch.estimate().min(present.len() as u64);
    let lengths = |present: &[Parsed]| {
        let lens: Vec<u64> = present.iter().map(Parsed::length).collect();
        let max_length = lens.iter().copied().max().unwrap_or(0);
        let average_length = if lens.is_empty() {
            0.0
        } else {
            lens.iter().sum::<u64>() as f64 / lens.len() as f64
        };
        (max_length, average_length)
    };
    let data = match kind {
        Kind::Boolean => {
            let trues = present
                .iter()
                .filter(|p| matches!(p, Parsed::Boolean(true)))
                .count() as u64;
            StatisticsData::Boolean {
                trues,
                falses: present.len() as u64 - trues,
                nulls,
            }
        }
        Kind::Long => {
            let numbers = present.iter().filter_map(|p| match p {
                Parsed::Long(n) => Some(*n),
                _ => None,
            });
            let (min, max) = min_max(numbers);
            StatisticsData::Long {
                min,
                max,
                nulls,
                distinct,
            }
        }
        Kind::Date => {
            let days = present.iter().filter_map(|p| match p {
                Parsed::Date(d) => Some(*d),
                _ => None,
            });
            let (min, max) = min_max(days);
            StatisticsData::Date {
                min,
                max,
                nulls,
                distinct,
            }
        }
        Kind::Decimal(scale) => {
            let unscaled = present.iter().filter_map(|p| match p {
                Parsed::Decimal(n) => Some(*n),
                _ => None,
            });
            let (min, max) = min_max(unscaled);
            StatisticsData::Decimal {
                min,
                max,
                scale,
                nulls,
                distinct,
            }
        }
        Kind::Double => {
            let finite: Vec<f64> = present
                .iter()
                .filter_map(|p| match p {
                    Parsed::Double(x) if x.is_finite() => Some(*x),
                    _ => None,
                })
                .collect();
            StatisticsData::Double {
                min: finite.iter().copied().reduce(f64::min),
                max: finite.iter().copied().reduce(f64::max),
                nulls,
                distinct,
            }
        }
        Kind::String => {
            let (max_length, average_length) = lengths(&present);
            StatisticsData::String {
                max_length,
                average_length,
                nulls,
                distinct,
            }
        }
        Kind::Binary => {
            let (max_length, average_length) = lengths(&present);
            StatisticsData::Binary {
                max_length,
                average_length,
                nulls,
            }
        }
    };
    (data, sketch, present.len() as u64)
}

fn min_max<T: Ord + Copy>(values: impl Iterator<Item = T>) -> (Option<T>, Option<T>) {
    values.fold((None, None), |(lo, hi), v| {
        (
            Some(lo.map_or(v, |l: T| l.min(v))),
            Some(hi.map_or(v, |h: T| h.max(v))),
        )
    })
}

/// One sampled value read as its column's type.
#[derive(Debug, Clone, PartialEq)]
enum Parsed {
    Boolean(bool),
    Long(i64),
    Double(f64),
    Decimal(i128),
    Date(i64),
    /// Byte length of a string or binary value (binary values are sampled as hex: two characters a byte).
    Text {
        key: String,
        length: u64,
    },
}

impl Parsed {
    fn of(kind: Kind, value: &str) -> Option<Parsed> {
        Some(match kind {
            Kind::Boolean if value.eq_ignore_ascii_case("true") => Parsed::Boolean(true),
            Kind::Boolean if value.eq_ignore_ascii_case("false") => Parsed::Boolean(false),
            Kind::Boolean => return None,
            Kind::Long => Parsed::Long(value.parse().ok()?),
            Kind::Double => Parsed::Double(value.parse().ok()?),
            Kind::Decimal(scale) => Parsed::Decimal(unscaled(value, scale)?),
            Kind::Date => Parsed::Date(days_from_date(value)?),
            Kind::String => Parsed::Text {
                key: value.to_owned(),
                length: value.len() as u64,
            },
            Kind::Binary => Parsed::Text {
                key: value.to_owned(),
                length: value.len() as u64 / 2,
            },
        })
    }

    /// The value's identity for distinct counting.
    fn key(&self) -> String {
        match self {
            Parsed::Boolean(b) => b.to_string(),
            Parsed::Long(n) | Parsed::Date(n) => n.to_string(),
            Parsed::Double(x) => x.to_bits().to_string(),
            Parsed::Decimal(n) => n.to_string(),
            Parsed::Text { key, .. } => key.clone(),
        }
    }

    fn length(&self) -> u64 {
        match self {
            Parsed::Text { length, .. } => *length,
            _ => 0,
        }
    }
}

/// `-12.5` at scale 2 → -1250. Extra fraction digits are cut (toward zero); `None` for anything but
/// `[+-]digits[.digits]` or a value beyond 38 digits.
fn unscaled(value: &str, scale: u8) -> Option<i128> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let scale = usize::from(scale);
    let scaled: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(scale)
        .collect();
    let all = format!("{whole}{scaled}");
    if whole.is_empty() && fraction.is_empty()
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || !all.bytes().all(|b| b.is_ascii_digit())
        || all.len() > 38
    {
        return None;
    }
    let n: i128 = all.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (Howard Hinnant's days-from-civil).
fn days_from_date(value: &str) -> Option<i64> {
    let mut parts = value.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Replaces sampled numbers by the footer's where every row group states them.
fn overlay_footer(stats: &mut ColumnStatistics, metadata: &ParquetMetaData, column: &Column) {
    let schema = metadata.file_metadata().schema_descr();
    let Some(leaf) = schema.columns().iter().position(|c| {
        let parts = c.path().parts();
        parts.len() == 1
            && parts
                .first()
                .is_some_and(|p| p.to_lowercase() == column.name)
    }) else {
        return;
    };
    let all: Option<Vec<&Statistics>> = metadata
        .row_groups()
        .iter()
        .map(|rg| rg.columns().get(leaf).and_then(|c| c.statistics()))
        .collect();
    let Some(all) = all.filter(|a| !a.is_empty()) else {
        return;
    };
    let total_nulls: Option<u64> = all.iter().map(|s| s.null_count_opt()).sum();
    let single_distinct = match all.as_slice() {
        [only] => only.distinct_count_opt(),
        _ => None,
    };
    let unsigned = schema
        .columns()
        .get(leaf)
        .and_then(|c| c.logical_type_ref())
        .is_some_and(|t| matches!(t, parquet::basic::LogicalType::Integer(i) if !i.is_signed));
    let exact_ints = || -> Option<(i64, i64)> {
        let pairs: Option<Vec<(i64, i64)>> = all
            .iter()
            .map(|s| match s {
                Statistics::Int32(v) if v.min_is_exact() && v.max_is_exact() => {
                    Some((i64::from(*v.min_opt()?), i64::from(*v.max_opt()?)))
                }
                Statistics::Int64(v) if v.min_is_exact() && v.max_is_exact() => {
                    Some((*v.min_opt()?, *v.max_opt()?))
                }
                _ => None,
            })
            .collect();
        let pairs = pairs.filter(|_| !unsigned)?;
        let min = pairs.iter().map(|p| p.0).min()?;
        let max = pairs.iter().map(|p| p.1).max()?;
        Some((min, max))
    };
    let exact_floats = || -> Option<(f64, f64)> {
        let pairs: Option<Vec<(f64, f64)>> = all
            .iter()
            .map(|s| match s {
                Statistics::Float(v) => Some((f64::from(*v.min_opt()?), f64::from(*v.max_opt()?))),
                Statistics::Double(v) => Some((*v.min_opt()?, *v.max_opt()?)),
                _ => None,
            })
            .collect();
        let pairs = pairs?;
        let min = pairs.iter().map(|p| p.0).reduce(f64::min)?;
        let max = pairs.iter().map(|p| p.1).reduce(f64::max)?;
        (min.is_finite() && max.is_finite()).then_some((min, max))
    };
    let exact = &mut stats.exact;
    match &mut stats.data {
        StatisticsData::Boolean { nulls, .. } | StatisticsData::Binary { nulls, .. } => {
            set(nulls, total_nulls, &mut exact.nulls);
        }
        StatisticsData::String {
            nulls, distinct, ..
        }
        | StatisticsData::Decimal {
            nulls, distinct, ..
        } => {
            set(nulls, total_nulls, &mut exact.nulls);
            set(distinct, single_distinct, &mut exact.distinct);
        }
        StatisticsData::Long {
            min,
            max,
            nulls,
            distinct,
        }
        | StatisticsData::Date {
            min,
            max,
            nulls,
            distinct,
        } => {
            set(nulls, total_nulls, &mut exact.nulls);
            set(distinct, single_distinct, &mut exact.distinct);
            if let Some((lo, hi)) = exact_ints() {
                (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
            }
        }
        StatisticsData::Double {
            min,
            max,
            nulls,
            distinct,
        } => {
            set(nulls, total_nulls, &mut exact.nulls);
            set(distinct, single_distinct, &mut exact.distinct);
            if let Some((lo, hi)) = exact_floats() {
                (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
            }
        }
    }
}

fn set(slot: &mut u64, exact_value: Option<u64>, flag: &mut bool) {
    if let Some(value) = exact_value {
        *slot = value;
        *flag = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn decimals_and_dates_parse_to_their_wire_numbers() {
        assert_eq!(unscaled("-12.5", 2), Some(-1250));
        assert_eq!(unscaled("3", 2), Some(300));
        assert_eq!(unscaled("1.239", 2), Some(123));
        assert_eq!(unscaled("1e3", 2), None);
        assert_eq!(unscaled(".", 2), None);
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2024-02-29"), Some(19_782));
        assert_eq!(days_from_date("1969-12-31"), Some(-1));
        assert_eq!(days_from_date("2024-13-01"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unparsable_values_count_as_nulls() {
        let sample = ColumnSample::new(
            "n",
            ["1", "x", "7", "", "3"]
                .iter()
                .map(|v| (!v.is_empty()).then(|| (*v).to_owned()))
                .collect(),
        );
        assert_eq!(
            sampled(Kind::Long, Some(&sample)).0,
            StatisticsData::Long {
                min: Some(1),
                max: Some(7),
                nulls: 2,
                distinct: 3
            }
        );
    }
}
