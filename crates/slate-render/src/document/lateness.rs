//! The contract's words for delay damages: `per day late : USD 500.00`
//! (or `per hour late`) with `cap per item …`. They state what the author
//! wrote — the amount per unit, how the units are counted, the per-item
//! cap — and add no obligation.

use slate_check::model::{ItemCap, LateUnit, Lateness, ObjectiveKind, Period};
use slate_check::words;

use super::*;

impl Builder<'_> {
    /// `For each deliverable of On schedule (§7.1) that is not met by its
    /// due date, the customer is entitled to a credit of USD 500.00 for
    /// each calendar day …`.
    pub(super) fn lateness(
        &self,
        o: &slate_check::model::Objective,
        l: &Lateness,
        service: &str,
        settled: Period,
    ) -> Vec<Inline> {
        let labels = &self.m.labels;
        let (noun, stop) = match &o.kind {
            ObjectiveKind::DueDate(d) => (d.noun.as_str(), words::event(labels, &d.stop)),
            _ => ("items", "stop".to_owned()),
        };
        let one = super::credits::singular(noun).unwrap_or_else(|| "item".to_owned());
        let units = match l.unit {
            LateUnit::Day => format!(
                "for each calendar day (in {}) it is late, counting from the first day after its due date up to and including the day of its {stop}, or, while it has none, the day of settlement",
                o.timezone
            ),
            LateUnit::Hour => format!(
                "for each whole hour from the time it is due until its {stop}, or, while it has none, until settlement"
            ),
        };
        let cap = match &l.cap_per_item {
            None => String::new(),
            Some(ItemCap::Fixed { amount, currency }) => format!(
                ", up to {} for any one {one}",
                words::money(*amount, currency.as_str())
            ),
            Some(ItemCap::PercentOfAttribute { percent, attribute }) => format!(
                ", up to {} of the {} recorded for the {one}",
                words::percent(*percent),
                words::field(labels, attribute)
            ),
        };
        vec![
            text(format!("For each {one} of ")),
            strong(self.objective_title(&o.name)),
            text(" ("),
            self.objective_ref(&o.name),
            text(format!(
                ") that is not met by its due date, the customer is entitled to a credit of {} {units}{cap}.",
                self.payout(&l.payout, service, settled)
            )),
        ]
    }
}
