//! An in-page confirmation for changes that cannot be undone (rename, delete). In the page rather than
//! `window.confirm`, so it can say what goes with the change (versions, tables, partitions), is styled and
//! tested like the rest, and never blocks the tab.

use leptos::prelude::*;

/// Shows `question` with a confirm and a cancel button while it is `Some`; either button closes it, and
/// confirm then runs `on_confirm`.
#[component]
pub fn Confirm(
    question: RwSignal<Option<String>>,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    move || {
        question.get().map(|text| {
            view! {
                <div class="confirm" role="alertdialog" data-testid="confirm-dialog">
                    <p data-testid="confirm-message">{text}</p>
                    <div class="actions">
                        <button class="danger" data-testid="confirm-yes" on:click=move |_| {
                            question.set(None);
                            on_confirm.run(());
                        }>{confirm_label}</button>
                        <button class="secondary" data-testid="confirm-cancel"
                            on:click=move |_| question.set(None)>"Cancel"</button>
                    </div>
                </div>
            }
        })
    }
}

/// `n noun`, with an `s` unless there is exactly one: "1 table", "3,000 partitions".
pub fn counted(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", grouped(n))
}

/// `n` with thousands separators ("3,000"), so large counts read at a glance.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
