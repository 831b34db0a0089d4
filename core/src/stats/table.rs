//! A table's column statistics, summed over the sampled files of a crawl, as the catalog keeps them.
//!
//! Glue keeps column statistics beside a table, not in its versions (`UpdateColumnStatisticsForTable` is
//! its own API), and so does the catalog: each crawl that samples a table replaces them, and edits of the
//! table leave them alone. The crawler sums each leaf folder's files here and, after grouping, the folders
//! of one table, with these rules:
//!
//! * Nulls, true/false counts and sampled rows add up; minimums and maximums take the extreme; the average
//!   length is weighted by the non-null values each part sampled.
//! * Distinct counts merge through the HyperLogLog sketches of the sampled values (union), kept between
//!   the bounds the parts give (at least the largest part's count, at most their sum). A crawl keeps at
//!   most [`MAX_SKETCH_BYTES`] of sketches; beyond that a merged count is the largest part's, a lower
//!   bound, so memory stays bounded for any number of folders.
//! * A number stays exact only when every part's is, and a distinct count of more than one file is
//!   never exact (the files' values may overlap).
//! * A column whose Glue statistics type differs between parts (an `int` in one folder, a `string` in
//!   another) is left out: no one set of numbers describes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::hll::{self, HyperLogLog};
use super::{ColumnStatistics, Exactness, StatisticsData, compute_sketched};
use crate::catalog::Column;
use crate::infer::values::FileSample;

/// Sketch memory one crawl may hold (8,192 column sketches of 4 KiB).
pub const MAX_SKETCH_BYTES: usize = 32 * 1024 * 1024;

/// Bytes of one column's sketch.
const SKETCH_BYTES: usize = 1 << hll::PRECISION;

/// What the catalog stores of a table's statistics: per column, and how many files they come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableStatistics {
    /// Sampled files the numbers were computed from.
    pub files: u64,
    pub columns: Vec<ColumnStatistics>,
}

/// Column statistics being summed while a crawl runs, with their sketches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accumulator {
    files: u64,
    columns: BTreeMap<String, Part>,
}

#[derive(Debug, Clone, PartialEq)]
struct Part {
    stats: ColumnStatistics,
    /// Sampled values that were not null: the weight of the average length.
    present: u64,
    /// `None` once the crawl's sketch budget was spent on other columns.
    sketch: Option<HyperLogLog>,
    /// The column's statistics type differed between parts.
    conflicted: bool,
}

/// Counts the sketch bytes of one crawl, so every accumulator of it shares [`MAX_SKETCH_BYTES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SketchBudget {
    used: usize,
}

impl SketchBudget {
    fn take(&mut self) -> bool {
        let fits = self.used.saturating_add(SKETCH_BYTES) <= MAX_SKETCH_BYTES;
        if fits {
            self.used += SKETCH_BYTES;
        }
        fits
    }
}

impl Accumulator {
    /// The statistics of one sampled file; its sketches count against `budget`.
    pub fn of_file(file: &FileSample, budget: &mut SketchBudget) -> Self {
        let columns = compute_sketched(file)
            .into_iter()
            .map(|sketched| {
                let part = Part {
                    stats: sketched.stats,
                    present: sketched.present,
                    sketch: budget.take().then_some(sketched.sketch),
                    conflicted: false,
                };
                (part.stats.column.clone(), part)
            })
            .collect();
        Self { files: 1, columns }
    }

    pub fn is_empty(&self) -> bool {
        self.files == 0
    }

    /// Adds another part (a file, a folder) of the same table.
    pub fn absorb(&mut self, other: Accumulator) {
        self.files = self.files.saturating_add(other.files);
        for (name, theirs) in other.columns {
            match self.columns.get_mut(&name) {
                None => {
                    self.columns.insert(name, theirs);
                }
                Some(mine) => mine.absorb(theirs),
            }
        }
    }

    /// The statistics of `columns` (the table's, after its schema was merged), in their order: a column
    /// is left out when its type has another statistics type than its parts had, or they disagreed.
    pub fn finish(&self, columns: &[Column]) -> Option<TableStatistics> {
        let stats: Vec<ColumnStatistics> = columns
            .iter()
            .filter_map(|column| {
                let part = self.columns.get(&column.name)?;
                let kind = super::Kind::of(&column.data_type)?;
                let part_kind = super::Kind::of(&part.stats.column_type)?;
                (!part.conflicted && kind == part_kind).then(|| {
                    let mut stats = part.stats.clone();
                    stats.column_type = column.data_type.clone();
                    stats
                })
            })
            .collect();
        (!stats.is_empty()).then_some(TableStatistics {
            files: self.files,
            columns: stats,
        })
    }
}

impl Part {
    fn absorb(&mut self, other: Part) {
        if self.conflicted {
            return;
        }
        let sketch = match (self.sketch.take(), other.sketch) {
            (Some(mut mine), Some(theirs)) => {
                mine.merge(&theirs);
                Some(mine)
            }
            _ => None,
        };
        let union = sketch.as_ref().map(HyperLogLog::estimate);
        let weights = (self.present, other.present);
        let merged = merge_data(&self.stats.data, &other.stats.data, union, weights);
        let Some(data) = merged else {
            self.conflicted = true;
            return;
        };
        let (a, b) = (self.stats.exact, other.stats.exact);
        self.stats.data = data;
        self.stats.exact = Exactness {
            nulls: a.nulls && b.nulls,
            min_max: a.min_max && b.min_max,
            distinct: false,
        };
        self.stats.sampled_rows = self
            .stats
            .sampled_rows
            .saturating_add(other.stats.sampled_rows);
        self.present = self.present.saturating_add(other.present);
        self.sketch = sketch;
    }
}

/// The numbers of two parts of one column as one, or `None` when their types differ. `union` is the
/// merged sketch's estimate, when both parts had a sketch; `weights` are the parts' non-null sampled
/// values, which weigh their average lengths.
fn merge_data(
    a: &StatisticsData,
    b: &StatisticsData,
    union: Option<u64>,
    weights: (u64, u64),
) -> Option<StatisticsData> {
    use StatisticsData as D;
    let distinct = |x: u64, y: u64| {
        let (low, high) = (x.max(y), x.saturating_add(y));
        union.map_or(low, |u| u.clamp(low, high))
    };
    Some(match (a, b) {
        (
            D::Boolean {
                trues,
                falses,
                nulls,
            },
            D::Boolean {
                trues: t2,
                falses: f2,
                nulls: n2,
            },
        ) => D::Boolean {
            trues: trues.saturating_add(*t2),
            falses: falses.saturating_add(*f2),
            nulls: nulls.saturating_add(*n2),
        },
        (
            D::Long {
                min,
                max,
                nulls,
                distinct: d,
            },
            D::Long {
                min: min2,
                max: max2,
                nulls: n2,
                distinct: d2,
            },
        ) => D::Long {
            min: extreme(*min, *min2, i64::min),
            max: extreme(*max, *max2, i64::max),
            nulls: nulls.saturating_add(*n2),
            distinct: distinct(*d, *d2),
        },
        (
            D::Date {
                min,
                max,
                nulls,
                distinct: d,
            },
            D::Date {
                min: min2,
                max: max2,
                nulls: n2,
                distinct: d2,
            },
        ) => D::Date {
            min: extreme(*min, *min2, i64::min),
            max: extreme(*max, *max2, i64::max),
            nulls: nulls.saturating_add(*n2),
            distinct: distinct(*d, *d2),
        },
        (
            D::Decimal {
                min,
                max,
                scale,
                nulls,
                distinct: d,
            },
            D::Decimal {
                min: min2,
                max: max2,
                scale: scale2,
                nulls: n2,
                distinct: d2,
            },
        ) if scale == scale2 => D::Decimal {
            min: extreme(*min, *min2, i128::min),
            max: extreme(*max, *max2, i128::max),
            scale: *scale,
            nulls: nulls.saturating_add(*n2),
            distinct: distinct(*d, *d2),
        },
        (
            D::Double {
                min,
                max,
                nulls,
                distinct: d,
            },
            D::Double {
                min: min2,
                max: max2,
                nulls: n2,
                distinct: d2,
            },
        ) => D::Double {
            min: extreme(*min, *min2, f64::min),
            max: extreme(*max, *max2, f64::max),
            nulls: nulls.saturating_add(*n2),
            distinct: distinct(*d, *d2),
        },
        (
            D::String {
                max_length,
                average_length,
                nulls,
                distinct: d,
            },
            D::String {
                max_length: m2,
                average_length: a2,
                nulls: n2,
                distinct: d2,
            },
        ) => D::String {
            max_length: (*max_length).max(*m2),
            average_length: weighted((*average_length, *a2), weights),
            nulls: nulls.saturating_add(*n2),
            distinct: distinct(*d, *d2),
        },
        (
            D::Binary {
                max_length,
                average_length,
                nulls,
            },
            D::Binary {
                max_length: m2,
                average_length: a2,
                nulls: n2,
            },
        ) => D::Binary {
            max_length: (*max_length).max(*m2),
            average_length: weighted((*average_length, *a2), weights),
            nulls: nulls.saturating_add(*n2),
        },
        _ => return None,
    })
}

fn extreme<T: Copy>(a: Option<T>, b: Option<T>, pick: fn(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn weighted((a, b): (f64, f64), (wa, wb): (u64, u64)) -> f64 {
    let total = wa.saturating_add(wb);
    if total == 0 {
        return 0.0;
    }
    (a * wa as f64 + b * wb as f64) / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::values::{SampleOptions, sample_file};
    use crate::source::{MemorySource, complete_now};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn file(csv: &str) -> FileSample {
        let source = MemorySource::new(csv.as_bytes());
        match complete_now(sample_file(&source, "part.csv", &SampleOptions::default())) {
            Ok(Ok(sample)) => sample,
            other => panic!("sampling {csv:?}: {other:?}"),
        }
    }

    fn distinct(accumulator: &Accumulator) -> Option<u64> {
        let columns = [Column::new("n", crate::types::HiveType::BigInt)];
        let table = accumulator.finish(&columns)?;
        table.columns.first()?.data.distinct()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn without_sketches_a_merged_distinct_count_is_the_largest_parts() {
        let (a, b) = (file("n,k\n1,a\n2,a\n3,a\n"), file("n,k\n3,a\n4,a\n"));
        let mut budget = SketchBudget::default();
        let mut with = Accumulator::of_file(&a, &mut budget);
        with.absorb(Accumulator::of_file(&b, &mut budget));
        assert_eq!(distinct(&with), Some(4));

        let mut spent = SketchBudget {
            used: MAX_SKETCH_BYTES,
        };
        let mut without = Accumulator::of_file(&a, &mut spent);
        without.absorb(Accumulator::of_file(&b, &mut spent));
        assert_eq!(distinct(&without), Some(3));
        assert_eq!(spent.used, MAX_SKETCH_BYTES);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_column_retyped_after_the_merge_has_no_statistics() {
        let accumulator =
            Accumulator::of_file(&file("n,k\n1,a\n2,a\n"), &mut SketchBudget::default());
        let as_string = [Column::new("n", crate::types::HiveType::String)];
        assert_eq!(accumulator.finish(&as_string), None);
        assert_eq!(
            accumulator
                .finish(&[Column::new("n", crate::types::HiveType::Int)])
                .map(|t| t.files),
            Some(1)
        );
    }
}
