//! Exact numbers from an ORC footer's file-level column statistics, which describe every row of the file.
//!
//! * **Nulls:** the footer's row count less the column's count of non-null values (`numberOfValues`),
//!   for every column type.
//! * **Minimum and maximum** of integer (`tinyint` to `bigint`), floating-point, date and decimal
//!   columns. An all-null column has none, exactly. A decimal bound with more fraction digits than the
//!   column's scale (a Hive 0.11 file, whose values each had their own scale) is not taken.
//!
//! Left sampled: distinct counts (ORC records none), and true/false counts and string and binary lengths:
//! [`super::Exactness`] has no flag for them, ORC keeps no maximum length, and an exact average beside a
//! sampled maximum would read as one sampled pair.

use super::{ColumnStatistics, StatisticsData, set};
use crate::infer::orc::FooterStatistics;

/// Replaces sampled numbers of `stats` by the footer's where it has them.
pub(super) fn overlay(stats: &mut ColumnStatistics, footer: &FooterStatistics) {
    let Some((_, column)) = footer
        .columns
        .iter()
        .find(|(name, _)| *name == stats.column)
    else {
        return;
    };
    let nulls = footer
        .rows
        .zip(column.values)
        .and_then(|(rows, values)| rows.checked_sub(values));
    let all_null = column.values == Some(0);
    let exact = &mut stats.exact;
    match &mut stats.data {
        StatisticsData::Boolean { nulls: slot, .. }
        | StatisticsData::Binary { nulls: slot, .. }
        | StatisticsData::String { nulls: slot, .. } => set(slot, nulls, &mut exact.nulls),
        StatisticsData::Decimal {
            min,
            max,
            scale,
            nulls: slot,
            ..
        } => {
            set(slot, nulls, &mut exact.nulls);
            let unscaled = |text: &str| {
                let digits = text
                    .split_once('.')
                    .map_or(0, |(_, fraction)| fraction.len());
                (digits <= usize::from(*scale))
                    .then(|| super::unscaled(text, *scale))
                    .flatten()
            };
            let bounds = column
                .decimals
                .as_ref()
                .and_then(|(lo, hi)| unscaled(lo).zip(unscaled(hi)));
            if let Some((lo, hi)) = bounds {
                (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
            } else if all_null {
                (*min, *max, exact.min_max) = (None, None, true);
            }
        }
        StatisticsData::Long {
            min,
            max,
            nulls: slot,
            ..
        } => {
            set(slot, nulls, &mut exact.nulls);
            if let Some((lo, hi)) = column.ints {
                (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
            } else if all_null {
                (*min, *max, exact.min_max) = (None, None, true);
            }
        }
        StatisticsData::Date {
            min,
            max,
            nulls: slot,
            ..
        } => {
            set(slot, nulls, &mut exact.nulls);
            if let Some((lo, hi)) = column.dates {
                (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
            } else if all_null {
                (*min, *max, exact.min_max) = (None, None, true);
            }
        }
        StatisticsData::Double {
            min,
            max,
            nulls: slot,
            ..
        } => {
            set(slot, nulls, &mut exact.nulls);
            // A NaN or an infinity as a bound says nothing Glue can store (its doubles are finite).
            match column.doubles {
                Some((lo, hi)) if lo.is_finite() && hi.is_finite() => {
                    (*min, *max, exact.min_max) = (Some(lo), Some(hi), true);
                }
                None if all_null => (*min, *max, exact.min_max) = (None, None, true),
                _ => {}
            }
        }
    }
}
