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

/// One item's row: its id, its period (or where it lies), its due value
/// and instant, its stop, its verdict and its days late.
fn row(x: &DueItem, period: &str) -> Vec<Vec<Inline>> {
    vec![
        vec![c(&x.id)],
        vec![t(period)],
        vec![t(&x.due)],
        vec![t(x.due_at.to_string())],
        vec![t(x
            .stopped
            .map_or_else(|| "not yet".to_owned(), |s| s.to_string()))],
        vec![t(verdict_words(x.verdict))],
        vec![t(days_late(x))],
    ]
}

const HEAD: [&str; 7] = [
    "Item",
    "Period",
    "Due",
    "Due at",
    "Stopped",
    "Verdict",
    "Days late",
];

/// The table of every item due in the reported periods.
pub(super) fn due_items(i: usize, o: &ObjectiveReport) -> Option<Section> {
    let rows: Vec<Vec<Vec<Inline>>> = o
        .periods
        .iter()
        .flat_map(|p| p.due_items.iter().map(|x| row(x, &p.label)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(section(
        format!("objective-{i}-due"),
        format!("Items and their due dates ({})", number(rows.len() as u64)),
        vec![table(&HEAD, rows)],
    ))
}

/// The items due outside the agreement's validity: in no period, paid no
/// remedy, and listed, whatever their lateness inside the agreement.
pub(super) fn due_outside(i: usize, o: &ObjectiveReport) -> Option<Section> {
    if o.due_outside_agreement.is_empty() {
        return None;
    }
    let rows = o
        .due_outside_agreement
        .iter()
        .map(|x| row(x, "outside"))
        .collect();
    let why = t(
        "An item belongs to the period of its due date, and these are due outside the agreement: they count in no period, and no remedy is paid for them, however late they are delivered.",
    );
    Some(section(
        format!("objective-{i}-due-outside"),
        format!(
            "Items due outside the agreement ({})",
            number(o.due_outside_agreement.len() as u64)
        ),
        vec![crate::document::Block::Para(vec![why]), table(&HEAD, rows)],
    ))
}
