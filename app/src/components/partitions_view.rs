//! The partitions of the table on the table page: counted, searchable by value as you type, and shown one
//! page at a time. A table can have thousands of partitions; they are read once per catalog change, the
//! search keeps positions (not copies), and only one page of rows is ever in the DOM.

use std::sync::Arc;

use glueprint_core::catalog::Partition;
use glueprint_core::search;
use glueprint_core::store;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::{counted, grouped};
use crate::catalog::use_catalog;

/// Partitions shown per page.
const PAGE_SIZE: usize = 50;

#[derive(Clone, PartialEq)]
struct Loaded {
    partitions: Arc<Vec<Partition>>,
    /// Stored partitions that could not be read (left untouched in the store).
    problems: Vec<String>,
}

#[component]
pub fn PartitionsView(database: String, table: String, keys: Signal<Vec<String>>) -> impl IntoView {
    let catalog = use_catalog();
    let loaded = RwSignal::new(None::<Result<Loaded, String>>);
    let key = StoredValue::new((database, table));
    // Which read is the latest: a slow earlier read finishing last must not replace a newer one.
    let reads = StoredValue::new(0u64);
    // Read again whenever the catalog changed (here or in another tab): an import or a crawl may have
    // added partitions.
    Effect::new(move |_| {
        catalog.snapshot.track();
        let (database, table) = key.get_value();
        let read = reads.get_value().wrapping_add(1);
        reads.set_value(read);
        spawn_local(async move {
            let result = async {
                let store = catalog.store()?;
                store::partitions(store.as_ref(), &database, &table).await
            }
            .await;
            if reads.try_get_value() != Some(read) {
                return;
            }
            loaded.set(Some(
                result
                    .map(|(partitions, problems)| Loaded {
                        partitions: Arc::new(partitions),
                        problems,
                    })
                    .map_err(|e| e.message().to_owned()),
            ));
        });
    });
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let matching = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some(Ok(l)) => query.with(|q| search::partitions(&l.partitions, q)),
            _ => Vec::new(),
        })
    });
    let total = move || {
        loaded.with(|l| {
            l.as_ref()
                .map_or(0, |l| l.as_ref().map_or(0, |l| l.partitions.len()))
        })
    };
    let pages = move || matching.with(Vec::len).div_ceil(PAGE_SIZE).max(1);
    let shown_page = move || page.get().min(pages() - 1);

    let summary = move || {
        let (found, total) = (matching.with(Vec::len), total());
        if query.with(|q| q.trim().is_empty()) {
            counted(total, "partition")
        } else {
            format!(
                "{} of {} match",
                grouped(found),
                counted(total, "partition")
            )
        }
    };
    let rows = move || {
        let start = shown_page() * PAGE_SIZE;
        loaded.with(|l| {
            let Some(Ok(l)) = l else {
                return Vec::new();
            };
            matching.with(|positions| {
                positions
                    .iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .filter_map(|&i| l.partitions.get(i))
                    .map(|p| {
                        let values = keys.with(|keys| {
                            p.values
                                .iter()
                                .enumerate()
                                .map(|(i, v)| match keys.get(i) {
                                    Some(k) => format!("{k}={v}"),
                                    None => v.clone(),
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        });
                        view! {
                            <tr data-testid="partition-row">
                                <td data-testid="partition-values">{values}</td>
                                <td data-testid="partition-location">{p.storage.location.clone().unwrap_or_default()}</td>
                                <td data-testid="partition-columns">{p.storage.columns.len()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };

    view! {
        <section class="partitions" data-testid="partitions-view">
            <h3>"Partitions"</h3>
            {move || match loaded.get() {
                None => view! { <p class="status">"Reading partitions…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error" data-testid="partitions-error">{message}</p> }.into_any(),
                Some(Ok(l)) => (!l.problems.is_empty()).then(|| view! {
                    <p class="error" data-testid="partitions-problems">
                        {format!("{} could not be read and are left untouched: {}", counted(l.problems.len(), "stored partition"), l.problems.join("; "))}
                    </p>
                }).into_any(),
            }}
            <div class="partition-controls">
                <input type="search" placeholder="Search partition values" data-testid="partition-search"
                    prop:value=move || query.get()
                    on:input:target=move |ev| {
                        query.set(ev.target().value());
                        page.set(0);
                    } />
                <span class="status" data-testid="partitions-count">{summary}</span>
                <button class="secondary" data-testid="partitions-prev" disabled=move || shown_page() == 0
                    on:click=move |_| page.set(shown_page().saturating_sub(1))>"Previous"</button>
                <span class="status" data-testid="partitions-page">{move || format!("page {} of {}", shown_page() + 1, grouped(pages()))}</span>
                <button class="secondary" data-testid="partitions-next" disabled=move || { shown_page() + 1 >= pages() }
                    on:click=move |_| page.set(shown_page() + 1)>"Next"</button>
            </div>
            <table class="columns">
                <thead><tr><th>"Values"</th><th>"Location"</th><th>"Columns"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
