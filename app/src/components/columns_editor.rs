//! Columns (or partition keys) of a table made by hand: name, Hive type, comment; add, remove, move up
//! and down. Every field is checked by core as it is typed and its problem shown next to it.

use glueprint_core::catalog::Column;
use glueprint_core::{limits, names};
use leptos::prelude::*;

use super::type_editor::{TypeEditor, parse};

/// One row as typed.
#[derive(Clone, PartialEq)]
pub struct ColumnDraft {
    id: usize,
    name: String,
    data_type: String,
    comment: String,
}

impl ColumnDraft {
    /// A new row with the type most columns start as.
    fn blank(id: usize) -> Self {
        Self {
            id,
            name: String::new(),
            data_type: "string".to_owned(),
            comment: String::new(),
        }
    }

    /// The first row of a new table.
    pub fn first() -> Self {
        Self::blank(0)
    }

    fn column(&self) -> Result<Column, String> {
        let name = names::column_name(&self.name).map_err(|e| e.message().to_owned())?;
        let data_type = parse(&self.data_type).map_err(|e| format!("column {name}: {e}"))?;
        let mut column = Column::new(name, data_type);
        column.comment = limits::comment(&self.comment).map_err(|e| e.message().to_owned())?;
        Ok(column)
    }
}

/// The rows as catalog columns, or the first row's problem.
pub fn columns(rows: &[ColumnDraft]) -> Result<Vec<Column>, String> {
    rows.iter().map(ColumnDraft::column).collect()
}

#[component]
pub fn ColumnsEditor(
    rows: RwSignal<Vec<ColumnDraft>>,
    testid: &'static str,
    add_label: &'static str,
) -> impl IntoView {
    let add = move |_| {
        rows.update(|r| {
            let id = r.iter().map(|c| c.id + 1).max().unwrap_or(0);
            r.push(ColumnDraft::blank(id));
        });
    };
    view! {
        <div class="columns-editor" data-testid=testid>
            <table class="columns">
                <thead><tr><th>"Name"</th><th>"Hive type"</th><th>"Comment"</th><th></th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.id let:row>
                        <ColumnRow rows id=row.id />
                    </For>
                </tbody>
            </table>
            <button class="secondary" data-testid="add-column" on:click=add>{add_label}</button>
        </div>
    }
}

#[component]
fn ColumnRow(rows: RwSignal<Vec<ColumnDraft>>, id: usize) -> impl IntoView {
    let field = move |read: fn(&ColumnDraft) -> &String| {
        rows.with(|r| {
            r.iter()
                .find(|c| c.id == id)
                .map(|c| read(c).clone())
                .unwrap_or_default()
        })
    };
    let update = move |write: &dyn Fn(&mut ColumnDraft)| {
        rows.update(|r| {
            if let Some(row) = r.iter_mut().find(|c| c.id == id) {
                write(row);
            }
        });
    };
    let name_error = Memo::new(move |_| {
        names::column_name(&field(|c| &c.name))
            .err()
            .map(|e| e.message().to_owned())
    });
    let comment_error = Memo::new(move |_| {
        limits::comment(&field(|c| &c.comment))
            .err()
            .map(|e| e.message().to_owned())
    });
    // Moves this row by `step` (-1 up, +1 down) when there is a row there.
    let shift = move |step: isize| {
        rows.update(|r| {
            if let Some(at) = r.iter().position(|c| c.id == id)
                && let Some(to) = at.checked_add_signed(step).filter(|to| *to < r.len())
            {
                r.swap(at, to);
            }
        });
    };
    let position = move || rows.with(|r| (r.iter().position(|c| c.id == id), r.len()));

    view! {
        <tr data-testid="column-editor-row">
            <td>
                <input type="text" data-testid="column-name-input" placeholder="name"
                    prop:value=field(|c| &c.name)
                    on:input:target=move |ev| {
                        let value = ev.target().value();
                        update(&|c: &mut ColumnDraft| c.name = value.clone());
                    } />
                {move || name_error.get().map(|m| view! { <p class="error" data-testid="column-name-error">{m}</p> })}
            </td>
            <td>
                <TypeEditor
                    value=Signal::derive(move || field(|c| &c.data_type))
                    on_input=Callback::new(move |value: String| update(&|c: &mut ColumnDraft| c.data_type = value.clone())) />
            </td>
            <td>
                <input type="text" data-testid="column-comment-input" placeholder="comment"
                    prop:value=field(|c| &c.comment)
                    on:input:target=move |ev| {
                        let value = ev.target().value();
                        update(&|c: &mut ColumnDraft| c.comment = value.clone());
                    } />
                {move || comment_error.get().map(|m| view! { <p class="error" data-testid="column-comment-error">{m}</p> })}
            </td>
            <td class="row-buttons">
                <button class="link" data-testid="column-up" title="move up"
                    disabled=move || position().0 == Some(0) on:click=move |_| shift(-1)>"↑"</button>
                <button class="link" data-testid="column-down" title="move down"
                    disabled=move || { let (at, len) = position(); at.is_none_or(|at| at + 1 >= len) }
                    on:click=move |_| shift(1)>"↓"</button>
                <button class="link" data-testid="column-remove"
                    on:click=move |_| rows.update(|r| r.retain(|c| c.id != id))>"remove"</button>
            </td>
        </tr>
    }
}
