//! The catalog as the page sees it: the loaded [`Snapshot`] in a signal, and the one way to change it
//! ([`CatalogState::commit`]): write through the store, tell other tabs, reload. Every component reads the
//! snapshot; none keeps its own copy of stored data.

use std::rc::Rc;

use glueprint_core::Result;
use glueprint_core::store::{self, Change, Snapshot, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::{IdbStore, Sync};

#[derive(Clone, Copy)]
pub struct CatalogState {
    pub snapshot: RwSignal<Snapshot>,
    /// Why the catalog cannot be used (cannot open, upgrade blocked by another tab), if it cannot.
    pub failure: RwSignal<Option<String>>,
    /// The table shown on the table page, and the column to highlight.
    pub selected: RwSignal<Option<Selection>>,
    store: StoredValue<Option<Rc<IdbStore>>, LocalStorage>,
    sync: StoredValue<Option<Rc<Sync>>, LocalStorage>,
    /// Loads started and the newest one applied: a load that finishes after a later one (another tab's
    /// reload racing this tab's commit) is older and is dropped, so the snapshot never goes back.
    loads: StoredValue<(u64, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub database: String,
    pub table: String,
    pub column: Option<String>,
}

/// The tab's clock, in milliseconds since the Unix epoch (core has no clock).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A stored time as ISO 8601 (UTC). A time outside what a JS `Date` holds (a damaged import) shows as a
/// number instead of throwing a RangeError.
pub fn iso_time(ms: i64) -> String {
    const MAX_DATE_MS: i64 = 8_640_000_000_000_000;
    if ms.unsigned_abs() > MAX_DATE_MS.unsigned_abs() {
        return format!("{ms} ms");
    }
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

impl CatalogState {
    /// Opens the store and loads it; provides the state as context.
    pub fn start() -> Self {
        let state = Self {
            snapshot: RwSignal::new(Snapshot::default()),
            failure: RwSignal::new(None),
            selected: RwSignal::new(None),
            store: StoredValue::new_local(None),
            sync: StoredValue::new_local(None),
            loads: StoredValue::new((0, 0)),
        };
        provide_context(state);
        spawn_local(async move {
            let blocked = move || {
                state.failure.set(Some(
                    "Glueprint was updated and must upgrade its catalog, but another tab still has the older \
                     version open. Close the other Glueprint tabs (or reload them); this tab continues then."
                        .to_owned(),
                ));
            };
            match IdbStore::open(blocked).await {
                Ok(opened) => {
                    state.failure.set(None);
                    state.store.set_value(Some(Rc::new(opened)));
                    let sync = Sync::new(move || state.reload());
                    state.sync.set_value(Some(Rc::new(sync)));
                    state.reload();
                }
                Err(e) => state.failure.set(Some(format!(
                    "The catalog cannot be opened, so nothing can be saved in this tab: {}",
                    e.message()
                ))),
            }
        });
        state
    }

    /// The open store, for reads beyond the snapshot (partitions, backups).
    pub fn store(&self) -> Result<Rc<IdbStore>> {
        self.store.get_value().ok_or_else(|| {
            glueprint_core::Error::io("the catalog is still opening; try again in a moment")
        })
    }

    /// Reads the whole catalog again (after a change in another tab).
    pub fn reload(self) {
        spawn_local(self.refresh());
    }

    /// Reads the whole catalog into the snapshot; awaited by [`Self::commit`] so that whatever follows a
    /// commit (the next import, the page it opens) starts from the catalog that commit left.
    async fn refresh(self) {
        let Ok(store) = self.store() else { return };
        let ticket = self.loads.with_value(|(started, _)| started + 1);
        self.loads.update_value(|(started, _)| *started = ticket);
        let loaded = store::load(store.as_ref()).await;
        if self.loads.with_value(|(_, applied)| *applied > ticket) {
            return;
        }
        self.loads.update_value(|(_, applied)| *applied = ticket);
        match loaded {
            Ok(snapshot) => self.snapshot.set(snapshot),
            Err(e) => self
                .failure
                .set(Some(format!("Cannot read the catalog: {}", e.message()))),
        }
    }

    /// Applies `change` atomically; on success other tabs are told, and it returns once the snapshot holds
    /// the change.
    pub async fn commit(self, change: Change) -> Result<()> {
        let store = self.store()?;
        store.commit(&change, now_ms()).await?;
        if let Some(sync) = self.sync.get_value() {
            sync.announce();
        }
        self.refresh().await;
        Ok(())
    }
}

pub fn use_catalog() -> CatalogState {
    expect_context::<CatalogState>()
}
