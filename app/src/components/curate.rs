//! The buttons that open the hand-made database and table forms, and the open form. One form at a time;
//! it closes when its save succeeds (the new table then opens on its page) or on cancel.

use leptos::prelude::*;

use super::database_form::DatabaseForm;
use super::table_form::TableForm;

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Database,
    Table,
}

#[component]
pub fn Curate() -> impl IntoView {
    let open = RwSignal::new(None::<Form>);
    let close = Callback::new(move |()| open.set(None));
    view! {
        <div class="actions curate">
            <button class="secondary" data-testid="new-database" on:click=move |_| open.set(Some(Form::Database))>"New database"</button>
            <button class="secondary" data-testid="new-table" on:click=move |_| open.set(Some(Form::Table))>"New table"</button>
        </div>
        {move || match open.get() {
            Some(Form::Database) => view! { <DatabaseForm on_done=close /> }.into_any(),
            Some(Form::Table) => view! { <TableForm on_done=close /> }.into_any(),
            None => ().into_any(),
        }}
    }
}
