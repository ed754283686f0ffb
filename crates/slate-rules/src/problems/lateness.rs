//! The delay damages of a schedule, as read: only in credits, only on a
//! due-date measure; their payout and per-item cap typed and in the
//! agreement's currency.

use super::*;
use crate::ItemCap;

/// `objectives[i].{kind}.lateness`: what it pays and caps.
pub(super) fn lateness(
    p: &mut Problems<'_>,
    at: &str,
    kind: &str,
    o: &crate::Objective,
    schedule: &Schedule,
    r: &RuleSet,
) {
    let Some(l) = &schedule.lateness else { return };
    let at = format!("{at}.{kind}.lateness");
    payout(p, &format!("{at}.payout"), &l.payout, r);
    if let Some(service) = r.services.iter().find(|s| s.name == o.service) {
        usable_fee(
            p,
            &format!("{at}.payout"),
            &l.payout,
            service,
            schedule.period,
        );
    }
    match &l.cap_per_item {
        Some(ItemCap::PercentOfAttribute { attribute, .. }) => {
            p.read(&format!("{at}.cap_per_item.percent"));
            if !crate::name::is_name(attribute) {
                p.out.push(Problem::NotAName {
                    at: format!("{at}.cap_per_item.attribute"),
                    name: crate::clip(attribute, crate::MAX_QUOTED).into_owned(),
                });
            }
        }
        Some(ItemCap::Fixed { currency, .. }) => {
            money(p, &format!("{at}.cap_per_item"), currency, r);
        }
        None => {}
    }
    if kind == "bonus" || !matches!(o.measure, Measure::DueDate { .. }) {
        p.out.push(Problem::Lateness { at });
    }
}
