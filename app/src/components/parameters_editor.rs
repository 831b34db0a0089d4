//! Key/value rows for table parameters: add, edit, remove. Used when creating a table and on the table
//! page. Rows, not a map, while editing: a half-typed row or two rows with the same key must stay visible
//! (with the reason they cannot be saved) instead of silently vanishing into a map.

use glueprint_core::catalog::Parameters;
use glueprint_core::limits;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
struct Row {
    id: usize,
    key: String,
    value: String,
}

/// Edits `initial`; after every edit `on_change` gets the parameters, or `None` while a row is invalid
/// (the editor shows why), so the owner can refuse to save.
#[component]
pub fn ParametersEditor(
    initial: Parameters,
    on_change: Callback<Option<Parameters>>,
) -> impl IntoView {
    let rows = RwSignal::new(
        initial
            .into_iter()
            .enumerate()
            .map(|(id, (key, value))| Row { id, key, value })
            .collect::<Vec<_>>(),
    );
    let next_id = StoredValue::new(rows.with_untracked(Vec::len));
    let check = |rows: &Vec<Row>| {
        limits::parameters(rows.iter().map(|r| (r.key.as_str(), r.value.as_str())))
    };
    let problem = Memo::new(move |_| rows.with(|r| check(r).err().map(|e| e.message().to_owned())));
    let edit = move |change: &dyn Fn(&mut Vec<Row>)| {
        rows.update(|r| change(r));
        on_change.run(rows.with_untracked(|r| check(r).ok()));
    };
    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        edit(&|r: &mut Vec<Row>| {
            r.push(Row {
                id,
                key: String::new(),
                value: String::new(),
            })
        });
    };

    view! {
        <div class="parameters-editor" data-testid="parameters-editor">
            <table class="columns">
                <thead><tr><th>"Key"</th><th>"Value"</th><th></th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.id let:row>
                        <tr data-testid="param-row">
                            <td><input type="text" data-testid="param-key" prop:value=row.key.clone()
                                on:input:target=move |ev| {
                                    let key = ev.target().value();
                                    edit(&|r: &mut Vec<Row>| if let Some(found) = r.iter_mut().find(|x| x.id == row.id) {
                                        found.key = key.clone();
                                    });
                                } /></td>
                            <td><input type="text" data-testid="param-value" prop:value=row.value.clone()
                                on:input:target=move |ev| {
                                    let value = ev.target().value();
                                    edit(&|r: &mut Vec<Row>| if let Some(found) = r.iter_mut().find(|x| x.id == row.id) {
                                        found.value = value.clone();
                                    });
                                } /></td>
                            <td><button class="link" data-testid="param-remove"
                                on:click=move |_| edit(&|r: &mut Vec<Row>| r.retain(|x| x.id != row.id))>"remove"</button></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <button class="secondary" data-testid="add-param" on:click=add>"Add parameter"</button>
            {move || problem.get().map(|message| view! { <p class="error" data-testid="param-error">{message}</p> })}
        </div>
    }
}
