//! The sentence of a credit per unit of downtime: `For each 4 hours, or
//! part thereof, of downtime … in excess of the downtime allowed by its
//! target …, the customer is entitled to a credit of …`.

use rust_decimal::Decimal;
use slate_check::model::{ObjectiveKind, PerDowntime};

use super::*;

impl Builder<'_> {
    /// The sentence of `per … of downtime`, and of its rounding: what the
    /// author wrote, with the allowed downtime stated where the clock and
    /// period fix it.
    pub(super) fn per_downtime(
        &self,
        o: &model::Objective,
        d: &PerDowntime,
        s: &model::Schedule,
        period: &str,
    ) -> Vec<Inline> {
        let (service, settled) = (s.service.as_str(), s.period);
        let unit = if d.unit.count == 1 {
            words::length(d.unit).trim_start_matches("1 ").to_owned()
        } else {
            words::length(d.unit)
        };
        let each = if d.part_thereof {
            format!("each {unit}, or part thereof,")
        } else {
            format!("each whole {unit}")
        };
        let per_component = matches!(&o.kind, ObjectiveKind::Availability(a) if a.per_component);
        let allowed = match &o.kind {
            ObjectiveKind::Availability(a) => allowance(a, settled, per_component),
            _ => String::new(),
        };
        if per_component {
            // docs/semantics.md: each component counts its own units, on
            // its own downtime and its own allowance, paid on its own fee
            // when the service states one.
            let pays = if self.component_fee(s).is_some() {
                let fee = format!("that component's {} fee", settled.adjective());
                words::payout_of(&d.payout, settled, &fee)
            } else {
                self.payout(&d.payout, service, settled)
            };
            return self.rounding(
                vec![
                    text(format!(
                        "For each component, the customer is entitled to a credit of {pays} for {each} of that component's own downtime of "
                    )),
                    strong(self.objective_title(&o.name)),
                    text(" ("),
                    self.objective_ref(&o.name),
                    text(format!(
                        ") in a {period} in excess of the downtime allowed by its target{allowed}."
                    )),
                ],
                d,
            );
        }
        let out = vec![
            text(format!("For {each} of downtime of ")),
            strong(self.objective_title(&o.name)),
            text(" ("),
            self.objective_ref(&o.name),
            text(format!(
                ") in a {period} in excess of the downtime allowed by its target{allowed}, the customer is entitled to a credit of {}.",
                self.payout(&d.payout, service, settled)
            )),
        ];
        self.rounding(out, d)
    }

    /// `out`, then the sentence of the rounding of the shortfall, if any.
    fn rounding(&self, mut out: Vec<Inline>, d: &PerDowntime) -> Vec<Inline> {
        if let Some(r) = d.round {
            let r = words::length(r);
            out.push(text(format!(
                " Before it is counted, the downtime in excess is rounded to the nearest {r}, an excess of exactly half of {r} beyond a multiple of it being rounded up."
            )));
        }
        out
    }
}

/// `, that is 0.1% of the measured time (for example, 43 minutes and 12
/// seconds in a month of 720 hours, …)`: the share of measured time the
/// target allows (of that component's measured time when `per_component`),
/// and, for a monthly period measured around the clock without
/// maintenance, what that is in months of 720 and 744 hours. The
/// months are named by their hours, not their days: a month of 31 days in
/// which the clocks change has 743 or 745 hours, and its figure is another.
fn allowance(a: &model::Availability, settled: Period, per_component: bool) -> String {
    let share = Decimal::ONE_HUNDRED - a.target;
    let whose = if per_component {
        "that component's"
    } else {
        "the"
    };
    let mut out = format!(
        ", that is {} of {whose} measured time",
        words::percent(share)
    );
    if a.clock == model::ALWAYS_OPEN && a.maintenance.is_empty() && settled == Period::Month {
        let months: Vec<String> = [720u32, 744]
            .iter()
            .map(|h| {
                let secs = share * Decimal::from(h * 3_600) / Decimal::ONE_HUNDRED;
                format!("{} in a month of {h} hours", hms(secs))
            })
            .collect();
        out.push_str(&format!(
            " (for example, {}, measured around the clock)",
            months.join(" and ")
        ));
    }
    out
}

/// `43 minutes and 12 seconds`, `44 minutes and 38.4 seconds`, `1 hour`.
fn hms(secs: Decimal) -> String {
    let whole = secs.trunc();
    let frac = secs - whole;
    let s = u64::try_from(whole).unwrap_or(0);
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(slate_words::count(h, "hour"));
    }
    if m > 0 {
        parts.push(slate_words::count(m, "minute"));
    }
    if frac > Decimal::ZERO {
        parts.push(format!(
            "{} seconds",
            (Decimal::from(sec) + frac).normalize()
        ));
    } else if sec > 0 || parts.is_empty() {
        parts.push(slate_words::count(sec, "second"));
    }
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.concat(),
    }
}
