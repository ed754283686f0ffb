//! Delay damages (docs/semantics.md, "Remedies beyond tiers"): each
//! breached item of a due-date objective in the settled period pays the
//! payout for each unit it is late — its days late (`per day late`: the
//! local dates after the due date up to and including its stop's, or the
//! cut-off's), or the whole real hours from its due instant to its stop
//! or the cut-off (`per hour late`) — at most its per-item cap; the items'
//! amounts are summed into the line, which the service's caps then limit.

use rust_decimal::Decimal;
use slate_rules::{ItemCap, LateUnit, Lateness, Period};

use super::super::context::{Ctx, Span, span_of, timestamp};
use super::super::lateness::LateItem;
use super::amount::Amount;
use super::{EvalError, Payer, overflow};
use crate::money;
use crate::report::{LateItemLine, LatenessLine, Ratio, SettlementLine};

/// Seconds in an hour of real time.
const HOUR: i64 = 3_600;

impl Payer<'_> {
    /// The line of `per day late` or `per hour late` in `span`, or `None`
    /// when no breached item of the period is late by a whole unit.
    pub(super) fn late_line(
        &self,
        ctx: &Ctx<'_>,
        span: &Span,
        value: &Ratio,
        l: &Lateness,
        items: &[LateItem],
    ) -> Result<Option<(Amount, SettlementLine)>, EvalError> {
        let (service, o, run) = (self.service, self.objective, self.run);
        let kind: Period = self.schedule.period;
        let (each, days) = super::remedy::amount(&l.payout, self.fee, kind, span.start)
            .ok_or_else(|| EvalError::NoFee {
                bonus: run.bonus,
                objective: o.name.clone(),
                service: service.name.clone(),
                period: kind,
            })?;
        let mut inside: Vec<&LateItem> = items
            .iter()
            .filter(|i| {
                span_of(std::slice::from_ref(span), kind, i.date, i.start).is_some()
                    && i.start >= ctx.valid_from
                    && i.start < ctx.valid_end
            })
            .collect();
        if inside.is_empty() {
            return Ok(None);
        }
        inside.sort_by(|a, b| (a.late.due_at, &a.id).cmp(&(b.late.due_at, &b.id)));
        let digits = self.digits;
        let exact = |a: Amount| a.exact(digits).ok_or_else(|| overflow(service));
        let (mut total, mut before, mut units) = (Amount::ZERO, Amount::ZERO, 0u64);
        let mut lines = Vec::new();
        for i in inside {
            let n = match l.unit {
                LateUnit::Day => i.late.days,
                LateUnit::Hour => {
                    u64::try_from((i.late.until - i.late.due_at).div_euclid(HOUR)).unwrap_or(0)
                }
            };
            let amount = each.mul(i128::from(n)).ok_or_else(|| overflow(service))?;
            let (cost, cap) = self.item_cap(ctx, l, i)?;
            let paid = cap.map_or(amount, |c| amount.min(c));
            units = units.saturating_add(n);
            before = before.add(amount).ok_or_else(|| overflow(service))?;
            total = total.add(paid).ok_or_else(|| overflow(service))?;
            lines.push(LateItemLine {
                id: i.id.clone(),
                due_at: timestamp(i.late.due_at),
                until: timestamp(i.late.until),
                accruing: i.late.accruing,
                units: n,
                amount: exact(amount)?,
                cost,
                cap: cap.map(exact).transpose()?,
                paid: exact(paid)?,
            });
        }
        let unit = match l.unit {
            LateUnit::Day => "day",
            LateUnit::Hour => "hour",
        };
        let line = SettlementLine {
            objective: o.name.clone(),
            value: Some(value.clone()),
            tier: format!("per {unit} late"),
            payout: money::describe(&l.payout),
            amount: exact(total)?,
            claims: crate::report::claim_terms(self.schedule),
            days_in_period: days,
            breaches: None,
            shortfall: None,
            per_unit: None,
            claim_deadline: None,
            component: None,
            component_fee: None,
            before_component_cap: None,
            lateness: Some(LatenessLine {
                unit: unit.to_owned(),
                units,
                before_item_caps: exact(before)?,
                items: lines,
            }),
        };
        Ok(Some((total, line)))
    }

    /// An item's cap, exact, with the cost it was read from.
    fn item_cap(
        &self,
        ctx: &Ctx<'_>,
        l: &Lateness,
        i: &LateItem,
    ) -> Result<(Option<Decimal>, Option<Amount>), EvalError> {
        let service = self.service;
        match &l.cap_per_item {
            None => Ok((None, None)),
            Some(ItemCap::Fixed { amount, .. }) => Ok((
                None,
                Some(Amount::of(amount.get()).ok_or_else(|| overflow(service))?),
            )),
            Some(ItemCap::PercentOfAttribute { percent, attribute }) => {
                let refused = |why: String| EvalError::ItemCost {
                    objective: self.objective.name.clone(),
                    item: i.id.clone(),
                    attribute: attribute.clone(),
                    why,
                };
                let text = ctx
                    .late_attribute(&i.late, attribute)
                    .ok_or_else(|| refused(format!("it has no `{attribute}`")))?;
                let cost = super::super::exact::read(text)
                    .map_err(|why| refused(super::super::exact::refusal(attribute, text, why)))?;
                if cost.is_sign_negative() {
                    return Err(refused(format!("`{attribute}` is `{text}`, below zero")));
                }
                let cap = cost
                    .checked_mul(percent.get())
                    .and_then(Amount::of)
                    .and_then(|a| a.div(100))
                    .ok_or_else(|| overflow(service))?;
                Ok((Some(cost), Some(cap)))
            }
        }
    }
}
