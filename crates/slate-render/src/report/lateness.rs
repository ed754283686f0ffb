//! Delay damages in a settlement: the units of the line, and a table of
//! each late item's units, amount, per-item cap (with the cost it was read
//! from) and what it paid.

use slate_eval::report::{LatenessLine, SettlementLine};
use slate_words::number;

use super::build::{t, table};
use crate::document::Block;

/// `per day late × 7 days` or `per hour late × 30 hours`.
pub(super) fn units(tier: &str, late: &LatenessLine) -> String {
    let unit = if late.units == 1 {
        late.unit.clone()
    } else {
        format!("{}s", late.unit)
    };
    format!("{tier} \u{d7} {} {unit}", number(late.units))
}

/// One table per line of delay damages.
pub(super) fn items(lines: &[SettlementLine]) -> Vec<Block> {
    lines
        .iter()
        .filter_map(|l| l.lateness.as_ref().map(|late| (l, late)))
        .map(|(l, late)| {
            let rows = late
                .items
                .iter()
                .map(|i| {
                    let units = if i.accruing {
                        format!("{} (accruing)", number(i.units))
                    } else {
                        number(i.units)
                    };
                    let cap = match (&i.cap, &i.cost) {
                        (Some(cap), Some(cost)) => format!("{cap} (of {cost})"),
                        (Some(cap), None) => cap.to_string(),
                        (None, _) => "\u{2013}".to_owned(),
                    };
                    vec![
                        vec![t(format!("{}: {}", l.objective, i.id))],
                        vec![t(i.due_at.to_string())],
                        vec![t(i.until.to_string())],
                        vec![t(units)],
                        vec![t(i.amount.to_string())],
                        vec![t(cap)],
                        vec![t(i.paid.to_string())],
                    ]
                })
                .collect();
            table(
                &[
                    "Late item",
                    "Due",
                    "Until",
                    &format!("{}s late", slate_words::capitalise(&late.unit)),
                    "Amount",
                    "Cap per item",
                    "Paid",
                ],
                rows,
            )
        })
        .collect()
}
