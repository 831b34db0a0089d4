//! A column's sensitive-data conclusions as a badge: the detected entity, the share of sampled values that
//! matched, the confidence, and the user's verdict. Only the conclusions stored on the column
//! (`glueprint.pii.*` parameters and `pii` tags) are shown: sampled values never reach the page.

use glueprint_core::catalog::Column;
use glueprint_core::pii::{self, Decision};
use leptos::prelude::*;

use crate::decimal;

/// Where a column stands: what the badge says after the entity.
fn state(column: &Column) -> &'static str {
    match Decision::of(column) {
        Some(Decision::Confirmed(_)) => "confirmed",
        Some(Decision::Dismissed(_)) => "dismissed",
        None if column.tags.contains(pii::PII_TAG) => "flagged",
        None => "below threshold",
    }
}

/// The entity a column is about: the user's decision's, else the detection's.
pub fn entity_of(column: &Column) -> Option<String> {
    match Decision::of(column) {
        Some(Decision::Confirmed(e) | Decision::Dismissed(e)) => Some(e.to_string()),
        None => column.parameters.get(pii::ENTITY_PARAMETER).cloned(),
    }
}

/// Nothing for a column without a detection or decision.
#[component]
pub fn PiiBadge(column: Column) -> impl IntoView {
    let entity = entity_of(&column)?;
    let parameter = |key: &str| column.parameters.get(key).cloned();
    let share = parameter(pii::SHARE_PARAMETER)
        .and_then(|s| decimal::parse(&s))
        .map(|s| format!(" · {:.0}% of sampled values", s * 100.0));
    let confidence = parameter(pii::CONFIDENCE_PARAMETER).map(|c| format!(" · confidence {c}"));
    let evidence = parameter(pii::EVIDENCE_PARAMETER)
        .map(|e| format!("matched/sampled values: {e}"))
        .unwrap_or_default();
    let state = state(&column);
    let text = format!(
        "{entity}{}{} · {state}",
        share.unwrap_or_default(),
        confidence.unwrap_or_default()
    );
    Some(view! {
        <span class="pii-badge" class:dismissed=state == "dismissed" data-testid="pii-badge"
            data-entity=entity data-state=state title=evidence>
            {text}
        </span>
    })
}
