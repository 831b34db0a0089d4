//! Glue `UpdateColumnStatisticsForTable` requests from [`crate::stats`], with the API's exact member names
//! (botocore `glue` 2017-03-31: `ColumnStatistics`, `ColumnStatisticsData` and its seven typed members).
//!
//! Glue stores one statistics record per column and has no field saying whether a number was measured on
//! the whole table or on a sample; [`ColumnStatistics::exact`] says so inside Glueprint, the request
//! carries the numbers only. Timestamps (`AnalyzedTime`, date minimums and maximums) are epoch seconds, as
//! the Glue JSON protocol sends them; core has no clock, so the caller passes the analysis time. Decimal
//! bounds are Glue's `DecimalNumber`: the unscaled value as big-endian two's-complement bytes (base64 in
//! JSON, as the protocol sends blobs) and the scale.

use serde::Serialize;

use crate::stats::{ColumnStatistics, StatisticsData};

/// Most columns one request accepts (`UpdateColumnStatisticsList` has `max` 25 in the model).
pub const MAX_COLUMNS_PER_REQUEST: usize = 25;

const SECONDS_PER_DAY: i64 = 86_400;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateColumnStatisticsForTableRequest {
    pub database_name: String,
    pub table_name: String,
    pub column_statistics_list: Vec<GlueColumnStatistics>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlueColumnStatistics {
    pub column_name: String,
    pub column_type: String,
    /// Epoch seconds.
    pub analyzed_time: i64,
    pub statistics_data: ColumnStatisticsData,
}

/// `ColumnStatisticsData`: `Type` and the one member of that type.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnStatisticsData {
    #[serde(rename = "Type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub member: StatisticsMember,
}

/// The typed member, serialised under its Glue name.
#[derive(Debug, Clone, Serialize)]
pub enum StatisticsMember {
    BooleanColumnStatisticsData(BooleanColumnStatisticsData),
    DateColumnStatisticsData(RangeStatistics<i64>),
    DecimalColumnStatisticsData(RangeStatistics<DecimalNumber>),
    DoubleColumnStatisticsData(RangeStatistics<f64>),
    LongColumnStatisticsData(RangeStatistics<i64>),
    StringColumnStatisticsData(StringColumnStatisticsData),
    BinaryColumnStatisticsData(BinaryColumnStatisticsData),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BooleanColumnStatisticsData {
    pub number_of_trues: u64,
    pub number_of_falses: u64,
    pub number_of_nulls: u64,
}

/// The shape Date, Decimal, Double and Long statistics share.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RangeStatistics<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_value: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_value: Option<T>,
    pub number_of_nulls: u64,
    pub number_of_distinct_values: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DecimalNumber {
    /// Base64 of the big-endian two's-complement unscaled value, in as few bytes as hold it.
    pub unscaled_value: String,
    pub scale: i32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringColumnStatisticsData {
    pub maximum_length: u64,
    pub average_length: f64,
    pub number_of_nulls: u64,
    pub number_of_distinct_values: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BinaryColumnStatisticsData {
    pub maximum_length: u64,
    pub average_length: f64,
    pub number_of_nulls: u64,
}

/// The range statistics of a Date, Decimal, Double or Long column.
fn range<T>(min: Option<T>, max: Option<T>, nulls: u64, distinct: u64) -> RangeStatistics<T> {
    RangeStatistics {
        minimum_value: min,
        maximum_value: max,
        number_of_nulls: nulls,
        number_of_distinct_values: distinct,
    }
}

impl From<(&ColumnStatistics, i64)> for GlueColumnStatistics {
    fn from((stats, analyzed_time): (&ColumnStatistics, i64)) -> Self {
        let (kind, member) = match &stats.data {
            StatisticsData::Boolean {
                trues,
                falses,
                nulls,
            } => (
                "BOOLEAN",
                StatisticsMember::BooleanColumnStatisticsData(BooleanColumnStatisticsData {
                    number_of_trues: *trues,
                    number_of_falses: *falses,
                    number_of_nulls: *nulls,
                }),
            ),
            StatisticsData::Date {
                min,
                max,
                nulls,
                distinct,
            } => {
                let seconds = |days: &Option<i64>| days.map(|d| d.saturating_mul(SECONDS_PER_DAY));
                (
                    "DATE",
                    StatisticsMember::DateColumnStatisticsData(range(
                        seconds(min),
                        seconds(max),
                        *nulls,
                        *distinct,
                    )),
                )
            }
            StatisticsData::Decimal {
                min,
                max,
                scale,
                nulls,
                distinct,
            } => {
                let number = |v: &Option<i128>| {
                    v.map(|v| DecimalNumber {
                        unscaled_value: base64(&minimal_be_bytes(v)),
                        scale: i32::from(*scale),
                    })
                };
                (
                    "DECIMAL",
                    StatisticsMember::DecimalColumnStatisticsData(range(
                        number(min),
                        number(max),
                        *nulls,
                        *distinct,
                    )),
                )
            }
            StatisticsData::Double {
                min,
                max,
                nulls,
                distinct,
            } => (
                "DOUBLE",
                StatisticsMember::DoubleColumnStatisticsData(range(*min, *max, *nulls, *distinct)),
            ),
            StatisticsData::Long {
                min,
                max,
                nulls,
                distinct,
            } => (
                "LONG",
                StatisticsMember::LongColumnStatisticsData(range(*min, *max, *nulls, *distinct)),
            ),
            StatisticsData::String {
                max_length,
                average_length,
                nulls,
                distinct,
            } => (
                "STRING",
                StatisticsMember::StringColumnStatisticsData(StringColumnStatisticsData {
                    maximum_length: *max_length,
                    average_length: *average_length,
                    number_of_nulls: *nulls,
                    number_of_distinct_values: *distinct,
                }),
            ),
            StatisticsData::Binary {
                max_length,
                average_length,
                nulls,
            } => (
                "BINARY",
                StatisticsMember::BinaryColumnStatisticsData(BinaryColumnStatisticsData {
                    maximum_length: *max_length,
                    average_length: *average_length,
                    number_of_nulls: *nulls,
                }),
            ),
        };
        GlueColumnStatistics {
            column_name: stats.column.clone(),
            column_type: stats.column_type.to_string(),
            analyzed_time,
            statistics_data: ColumnStatisticsData { kind, member },
        }
    }
}

/// The requests that store `statistics` for table `table_name` of `database_name`, at most
/// [`MAX_COLUMNS_PER_REQUEST`] columns each; none for no statistics. `analyzed_time` is epoch seconds.
pub fn update_column_statistics_for_table(
    database_name: &str,
    table_name: &str,
    statistics: &[ColumnStatistics],
    analyzed_time: i64,
) -> Vec<UpdateColumnStatisticsForTableRequest> {
    statistics
        .chunks(MAX_COLUMNS_PER_REQUEST)
        .map(|chunk| UpdateColumnStatisticsForTableRequest {
            database_name: database_name.to_owned(),
            table_name: table_name.to_owned(),
            column_statistics_list: chunk
                .iter()
                .map(|s| GlueColumnStatistics::from((s, analyzed_time)))
                .collect(),
        })
        .collect()
}

/// Big-endian two's complement without redundant leading sign bytes (Java's `BigInteger.toByteArray`,
/// which is how Hive and Glue read `UnscaledValue`).
fn minimal_be_bytes(value: i128) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let negative = value < 0;
    let redundant = bytes
        .windows(2)
        .take_while(|pair| match pair {
            [0x00, next] => !negative && next & 0x80 == 0,
            [0xff, next] => negative && next & 0x80 != 0,
            _ => false,
        })
        .count();
    bytes.get(redundant..).unwrap_or(&bytes).to_vec()
}

/// Standard base64 with padding (RFC 4648 §4), as the Glue JSON protocol encodes blobs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn unscaled_values_are_minimal_two_complement_in_base64() {
        assert_eq!(minimal_be_bytes(0), [0]);
        assert_eq!(minimal_be_bytes(127), [0x7f]);
        assert_eq!(minimal_be_bytes(128), [0x00, 0x80]);
        assert_eq!(minimal_be_bytes(-1), [0xff]);
        assert_eq!(minimal_be_bytes(-129), [0xff, 0x7f]);
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
