//! A table's column statistics as the last crawl that sampled it measured them: per column the nulls
//! (with a bar of their share), distinct values, minimum and maximum, lengths, true/false counts, and
//! whether each number is exact (from file metadata) or describes the sampled rows only; and the Glue
//! `UpdateColumnStatisticsForTable` requests that store them. Only numbers are stored, never a value of a
//! text column.

use glueprint_core::export::{column_statistics, glue};
use glueprint_core::stats::{ColumnStatistics, StatisticsData};
use glueprint_core::store::SavedStatistics;
use leptos::prelude::*;

use crate::io;

/// Nothing for a table no crawl has sampled.
#[component]
pub fn ColumnStats(database: String, table: String, saved: SavedStatistics) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let analyzed = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(saved.analyzed_ms as f64))
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let requests = column_statistics::update_column_statistics_for_table(
        &database,
        &table,
        &saved.table.columns,
        saved.analyzed_ms.div_euclid(1000),
    );
    let json = glue::to_json(&requests);
    let file_name = format!("{table}.update-column-statistics.json");
    let download = move |_| {
        status.set(match io::download(&file_name, &json, "application/json") {
            Ok(()) => format!("Downloaded {file_name}."),
            Err(e) => e.to_string(),
        });
    };
    view! {
        <details class="column-stats" data-testid="column-stats" open>
            <summary>"Column statistics"</summary>
            <p class="hint">
                {format!(
                    "From {} sampled file(s), crawled {analyzed}. Exact numbers come from file metadata; \
                     the others describe the sampled rows only.",
                    saved.table.files
                )}
            </p>
            <table class="columns">
                <thead><tr>
                    <th>"Column"</th><th>"Type"</th><th>"Nulls"</th><th>"Distinct"</th>
                    <th>"Minimum"</th><th>"Maximum"</th><th>"Length max / avg"</th><th>"True / false"</th>
                    <th>"Source"</th>
                </tr></thead>
                <tbody>
                    {saved.table.columns.into_iter().map(|stats| view! { <StatsRow stats /> }).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button data-testid="download-column-stats" on:click=download>
                    "Download UpdateColumnStatisticsForTable JSON"
                </button>
                <span class="status">{move || status.get()}</span>
            </div>
        </details>
    }
}

#[component]
fn StatsRow(stats: ColumnStatistics) -> impl IntoView {
    let data = &stats.data;
    let nulls = data.nulls();
    // The share of nulls is only meaningful against the rows the null count describes.
    let null_share = (!stats.exact.nulls && stats.sampled_rows > 0)
        .then(|| nulls as f64 / stats.sampled_rows as f64);
    // A column with no sampled value (a codec this build cannot decode) has only what the file's
    // metadata states; its other numbers are not measurements.
    let sampled = stats.sampled_rows > 0;
    let not_sampled = || "not sampled".to_owned();
    let (min, max) = if sampled || stats.exact.min_max {
        data.bounds().unzip()
    } else {
        (Some(not_sampled()), Some(not_sampled()))
    };
    let distinct = if sampled || stats.exact.distinct {
        data.distinct().map(|d| d.to_string())
    } else {
        data.distinct().map(|_| not_sampled())
    };
    let lengths = match data {
        StatisticsData::String {
            max_length,
            average_length,
            ..
        }
        | StatisticsData::Binary {
            max_length,
            average_length,
            ..
        } => Some(if sampled {
            format!("{max_length} / {average_length:.1}")
        } else {
            not_sampled()
        }),
        _ => None,
    };
    let booleans = match data {
        StatisticsData::Boolean { trues, falses, .. } if sampled => Some((*trues, *falses)),
        _ => None,
    };
    let source = if stats.is_exact() {
        "exact".to_owned()
    } else if stats.exact.nulls || stats.exact.min_max {
        format!("partly exact; {} rows sampled", stats.sampled_rows)
    } else {
        format!("{} rows sampled", stats.sampled_rows)
    };
    view! {
        <tr data-testid="stats-column" data-column=stats.column.clone()>
            <td>{stats.column.clone()}</td>
            <td><code>{stats.column_type.to_string()}</code></td>
            <td data-testid="stats-nulls">
                {nulls.to_string()}
                {null_share.map(|share| view! { " " <Bar share label=format!("{:.0}% of sampled rows", share * 100.0) /> })}
            </td>
            <td data-testid="stats-distinct">{distinct.unwrap_or_default()}</td>
            <td data-testid="stats-min">{min.unwrap_or_default()}</td>
            <td data-testid="stats-max">{max.unwrap_or_default()}</td>
            <td data-testid="stats-lengths">{lengths.unwrap_or_default()}</td>
            <td data-testid="stats-booleans">
                {booleans.map(|(trues, falses)| {
                    let total = trues.saturating_add(falses).max(1);
                    view! {
                        {format!("{trues} / {falses} ")}
                        <Bar share=trues as f64 / total as f64 label="share of true".to_owned() />
                    }
                })}
            </td>
            <td data-testid="stats-source">{source}</td>
        </tr>
    }
}

/// A small bar filled to `share` (0–1): a `<meter>`, which needs no inline style (the page's
/// Content-Security-Policy allows none).
#[component]
fn Bar(share: f64, label: String) -> impl IntoView {
    view! {
        <meter class="bar" min="0" max="1" value=share.clamp(0.0, 1.0) title=label.clone() aria-label=label></meter>
    }
}
