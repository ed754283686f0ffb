//! The items of an objective whose items carry their own due dates: each
//! one's due value, its due instant, its stop, its verdict and its days
//! late (accruing while it is not stopped).

use slate_eval::report::*;
use slate_words::number;

use super::build::{c, section, t, table};
use crate::document::{Inline, Section};

/// An item's verdict in words.
fn verdict_words(x: DueVerdict) -> &'static str {
    match x {
        DueVerdict::Met => "met",
        DueVerdict::Breached => "breached",
        DueVerdict::Pending => "pending",
    }
}

/// Days late: `3`, `3 (accruing)`, or a dash for an item not breached.
fn days_late(x: &DueItem) -> String {
    match (x.days_late, x.accruing) {
        (Some(n), true) => format!("{} (accruing)", number(n)),
        (Some(n), false) => number(n),
        (None, _) => "\u{2013}".to_owned(),
    }
}

/// The table of every item due in the reported periods.
pub(super) fn due_items(i: usize, o: &ObjectiveReport) -> Option<Section> {
    let rows: Vec<Vec<Vec<Inline>>> = o
        .periods
        .iter()
        .flat_map(|p| {
            p.due_items.iter().map(|x| {
                vec![
                    vec![c(&x.id)],
                    vec![t(&p.label)],
                    vec![t(&x.due)],
                    vec![t(x.due_at.to_string())],
                    vec![t(x
                        .stopped
                        .map_or_else(|| "not yet".to_owned(), |s| s.to_string()))],
                    vec![t(verdict_words(x.verdict))],
                    vec![t(days_late(x))],
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let head = [
        "Item",
        "Period",
        "Due",
        "Due at",
        "Stopped",
        "Verdict",
        "Days late",
    ];
    Some(section(
        format!("objective-{i}-due"),
        format!("Items and their due dates ({})", number(rows.len() as u64)),
        vec![table(&head, rows)],
    ))
}
