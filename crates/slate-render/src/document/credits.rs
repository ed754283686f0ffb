//! Service credits and bonuses: their tiers, payouts and caps.

use slate_check::model::{Anchor, ObjectiveKind, Payout, Period, ScheduleKind};
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn payout(&self, p: &Payout, service: &str, period: Period) -> String {
        // A share of a fixed basis is worked out whatever the fee.
        if let Some(b) = p.basis() {
            return match words::basis_share(p, period) {
                Some(amount) => format!(
                    "{}, that is {}",
                    words::payout(p, period),
                    words::money(amount, b.currency.as_str())
                ),
                None => words::payout(p, period),
            };
        }
        // A billed fee has no figure before the bill: the words say whose
        // charges, and no amount.
        if self.ix.service(service).is_some_and(|s| s.billed.is_some()) {
            return words::payout_billed(p, period);
        }
        match p {
            Payout::PercentOfFee { percent, .. } => match self
                .ix
                .service(service)
                .and_then(|s| s.fee.as_ref())
                .and_then(|fee| Some((fee.share(*percent, period)?, &fee.currency)))
            {
                Some((amount, cur)) => {
                    format!(
                        "{} ({})",
                        words::payout(p, period),
                        words::money(amount, cur.as_str())
                    )
                }
                None => words::payout(p, period),
            },
            Payout::FractionOfFee {
                numerator,
                denominator,
                ..
            } => {
                // The amount is stated only where it is exact in the
                // currency's minor unit: the contract rounds nothing.
                let exact = self
                    .ix
                    .service(service)
                    .and_then(|s| s.fee.as_ref())
                    .and_then(|fee| {
                        let whole = fee.share(rust_decimal::Decimal::ONE_HUNDRED, period)?;
                        let n = rust_decimal::Decimal::from(numerator.get());
                        let d = rust_decimal::Decimal::from(denominator.get());
                        let amount = (whole * n).checked_div(d)?;
                        let cut = amount.round_dp(fee.currency.minor_unit());
                        (cut * d == whole * n).then_some((cut, &fee.currency))
                    });
                match exact {
                    Some((amount, cur)) => format!(
                        "{} ({})",
                        words::payout(p, period),
                        words::money(amount, cur.as_str())
                    ),
                    None => words::payout(p, period),
                }
            }
            Payout::Fixed { .. } | Payout::DaysOfFee { .. } => words::payout(p, period),
        }
    }

    /// `For each incident that misses its goal in a month, the customer is
    /// entitled to a credit of 3% of the monthly fee (GBP 30.00).`: the
    /// sentence of `per breach`, which states what the author wrote and
    /// nothing more.
    fn per_breach(
        &self,
        o: &slate_check::model::Objective,
        pb: &Payout,
        service: &str,
        settled: Period,
        period: &str,
    ) -> Vec<Inline> {
        let (noun, missed) = match &o.kind {
            ObjectiveKind::DueDate(d) => (d.noun.as_str(), "is not met by its due date"),
            ObjectiveKind::TimeToEvent(t) => (t.noun.as_str(), "misses its goal"),
            _ => ("item", "is breached"),
        };
        let each = match singular(noun) {
            Some(one) => format!("each {one}"),
            None => format!("each of the {noun}"),
        };
        vec![
            text(format!("For {each} of ")),
            strong(self.objective_title(&o.name)),
            text(" ("),
            self.objective_ref(&o.name),
            text(format!(
                ") that {missed} in a {period}, the customer is entitled to a credit of {}.",
                self.payout(pb, service, settled)
            )),
        ]
    }

    /// The paragraphs of the remedies a schedule pays beside its tiers:
    /// per breach, per unit of downtime, delay damages, per unit of the value.
    fn remedies_beyond_tiers(
        &mut self,
        o: &model::Objective,
        s: &model::Schedule,
        period: &str,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        if let Some(pb) = &s.per_breach {
            out.push(para(self.per_breach(o, pb, &s.service, s.period, period)));
        }
        if let Some(pd) = &s.per_downtime {
            out.push(para(self.per_downtime(o, pd, s, period)));
        }
        if let Some(l) = &s.lateness {
            out.push(para(self.lateness(o, l, &s.service, s.period)));
        }
        if let Some(pu) = &s.per_unit {
            out.extend(self.per_unit_value(o, pu, &s.service, s.period));
        }
        out
    }

    /// The sentences of the caps of the service of `s` on what it pays:
    /// one a cap, a share of a billed fee naming its period first.
    fn cap_sentences(
        &mut self,
        o: &model::Objective,
        s: &model::Schedule,
        verb: &str,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        let caps = match s.kind {
            ScheduleKind::Credits => self.ix.service(&s.service).map(|x| x.credit_caps.clone()),
            ScheduleKind::Bonus => self.ix.service(&s.service).map(|x| x.bonus_caps.clone()),
        }
        .unwrap_or_default();
        let billed = self
            .ix
            .service(&s.service)
            .is_some_and(|x| x.billed.is_some());
        for cap in &caps {
            let amount = match (&cap.amount, cap.rolling_periods) {
                // docs/semantics.md: a share of a billed fee is of each
                // period's own bill; the checker refuses it rolling.
                (
                    Payout::PercentOfFee {
                        percent,
                        basis: None,
                    },
                    None,
                ) if billed => format!(
                    "{} of the charges billed for the service in that {}",
                    words::percent(*percent),
                    self.period_word(o, cap.period)
                ),
                (Payout::PercentOfFee { percent, .. }, Some(n)) => format!(
                    "{} of the fees of the last {} (this one included); only whole {}s within the term of this Agreement count, and credits already issued in the earlier ones are deducted",
                    words::percent(*percent),
                    words::periods(n, cap.period),
                    cap.period.noun()
                ),
                (Payout::Fixed { amount, currency }, Some(n)) => format!(
                    "{} over the last {} (this one included); only whole {}s within the term of this Agreement count, and credits already issued in the earlier ones are deducted",
                    words::money(*amount, currency.as_str()),
                    words::periods(n, cap.period),
                    cap.period.noun()
                ),
                (p, None)
                | (p @ (Payout::FractionOfFee { .. } | Payout::DaysOfFee { .. }), Some(_)) => {
                    format!(
                        "{} in any {}",
                        self.payout(p, &s.service, cap.period),
                        self.period_word(o, cap.period)
                    )
                }
            };
            let all = if s.kind == ScheduleKind::Bonus {
                "bonuses"
            } else {
                verb
            };
            // A share of a billed fee is of one period's bill: the
            // sentence names the period first.
            let within = match (&cap.amount, cap.rolling_periods) {
                (Payout::PercentOfFee { basis: None, .. }, None) if billed => {
                    format!(" in any {}", self.period_word(o, cap.period))
                }
                _ => String::new(),
            };
            out.push(para(vec![
                text(format!("All {all} for ")),
                strong(self.service_title(&s.service)),
                text(format!("{within} together are capped at {amount}.")),
            ]));
        }
        out
    }

    pub(super) fn credits(&mut self) {
        let m = self.m;
        if m.schedules.is_empty() {
            return;
        }
        let mut subs = Vec::new();
        for s in &m.schedules {
            let Some(o) = self.ix.objective(&s.objective) else {
                continue;
            };
            let measure = match &o.kind {
                ObjectiveKind::Availability(_) => "Availability",
                _ => "Compliance",
            };
            let (what, verb, direction, head) = match s.kind {
                ScheduleKind::Credits => ("Service credits", "credits", "below", "Credit"),
                ScheduleKind::Bonus => ("Bonus", "bonus", "at least", "Bonus"),
            };
            let period = self.period_word(o, s.period);
            let rule = match s.kind {
                ScheduleKind::Credits => format!(
                    " in a {period} falls below a threshold in the table, the customer is entitled to a credit of the amount of the lowest threshold it falls below."
                ),
                ScheduleKind::Bonus => format!(
                    " in a {period} is at least a threshold in the table, the customer pays the provider the bonus of the highest threshold reached."
                ),
            };
            let first = vec![
                text("If, for "),
                strong(self.objective_title(&o.name)),
                text(" ("),
                self.objective_ref(&o.name),
                text(format!("), the {measure}{rule}")),
            ];
            let rows = s
                .tiers
                .iter()
                .map(|t| {
                    vec![
                        vec![text(format!("{direction} {}", words::percent(t.threshold)))],
                        vec![text(self.schedule_payout(s, &t.payout))],
                    ]
                })
                .collect();
            let mut body = Vec::new();
            if !s.tiers.is_empty() {
                body.push(para(first));
                body.push(Block::Table(Table {
                    head: vec![format!("{measure} in the {period}"), head.to_owned()],
                    rows,
                }));
            }
            body.extend(self.component_credits(s, &period));
            body.extend(self.remedies_beyond_tiers(o, s, &period));
            body.extend(self.cap_sentences(o, s, verb));
            if s.kind == ScheduleKind::Credits
                && let Some(min) = self
                    .ix
                    .service(&s.service)
                    .and_then(|x| x.credit_minimum.as_ref())
            {
                body.push(para(vec![
                    text("No credit is issued for "),
                    strong(self.service_title(&s.service)),
                    text(format!(" in a {period} unless all its credits for that {period} together, after any cap, are {}.", words::minimum(min))),
                ]));
            }
            body.extend(self.claim_terms(s, &period));
            let title = format!("{what} for {}", self.objective_title(&o.name));
            subs.push(draft(Anchor::schedule(s.kind).of(&o.name), title, body));
        }
        let intro = vec![para(vec![text(
            "A credit or bonus stated as a percentage is a share of the service's fee for the period measured; the fee of a quarter or a year is the monthly fee times the months in it. All credits of one service are added up before a cap applies. Amounts are rounded to the currency's smallest unit, half to even, only at the end.",
        )])];
        self.push_top("credits", "Service credits and bonuses", intro, subs);
    }
}

/// The singular of a plural noun as objectives name their items
/// (`incidents`, `tickets`, `queries`, `boxes`), when it can be told.
pub(super) fn singular(noun: &str) -> Option<String> {
    if let Some(stem) = noun.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for end in ["ches", "shes", "sses", "xes"] {
        if noun.ends_with(end) {
            return noun.strip_suffix("es").map(str::to_owned);
        }
    }
    if noun.ends_with("ss") || noun.ends_with("us") {
        return None;
    }
    noun.strip_suffix('s').map(str::to_owned)
}
