//! Per component: with an objective measured `per component`, each
//! component's own value over the settled period chooses its own tier and
//! counts its own units of downtime beyond its own allowance, its cap per
//! component limits what it earns in all, and the components' amounts are
//! added into the service's sum, which the service's caps then limit
//! (docs/semantics.md "Remedies beyond tiers").

use slate_rules::{Objective, Period};

use super::super::context::Span;
use super::super::parts::Parts;
use super::amount::Amount;
use super::remedy::{self, Remedy};
use super::{Paid, Payer, overflow, shortfall};
use crate::EvalError;
use crate::money;
use crate::report::{ComponentBasis, Ratio, SettlementLine};

/// Each component's value in the settled period `span` of `o`, when `o`
/// is measured per component.
pub(super) fn of<'p>(
    parts: &'p Parts,
    o: &Objective,
    kind: Period,
    span: &Span,
) -> Option<&'p [(String, Option<Ratio>)]> {
    parts
        .get(&(o.name.clone(), kind))?
        .iter()
        .find(|(s, _)| s.start == span.start)
        .map(|(_, p)| p.as_slice())
}

/// What the components of one settled period earn.
pub(super) struct Parted {
    /// Each component's line.
    pub(super) lines: Vec<SettlementLine>,
    /// Their exact sum.
    pub(super) total: Amount,
    /// Each component's value, tier and shortfall, for the report's basis.
    pub(super) basis: Vec<ComponentBasis>,
    /// Whether a component's tier pays a share of a billed fee that the
    /// bill has no row for.
    pub(super) unbilled: bool,
}

impl Payer<'_> {
    /// The lines the components earn in `span` (none before it is over),
    /// their exact sum, and each component's value, tier and shortfall for
    /// the report's basis. Tiers and a credit per unit of downtime apply,
    /// each on the component's own value; `per breach`, delay damages and
    /// per unit of the value need items or durations, and the checker
    /// refuses them on an availability objective.
    pub(super) fn parts(
        &self,
        span: &Span,
        part: &[(String, Option<Ratio>)],
        remedies: &[Remedy<'_>],
    ) -> Result<Parted, EvalError> {
        let tiers = remedies.iter().find_map(|r| match r {
            Remedy::Tiers(tiers) => Some(*tiers),
            Remedy::PerBreach(_) | Remedy::PerDowntime(_) | Remedy::Late(_) => None,
        });
        let per_downtime = remedies.iter().find_map(|r| match r {
            Remedy::PerDowntime(d) => Some(*d),
            Remedy::Tiers(_) | Remedy::PerBreach(_) | Remedy::Late(_) => None,
        });
        // docs/semantics.md: a share of the fee is of each component's own
        // fee when the service states one (`fee per component`).
        let payer = Payer {
            fee: self.service.component_fee.as_ref().or(self.fee),
            ..*self
        };
        let component_fee = self
            .service
            .component_fee
            .as_ref()
            .and_then(|f| money::fee_for(f, self.run.kind))
            .map(|f| money::show(f, self.digits));
        let cap = self.component_cap(&payer, span)?;
        let mut out = Parted {
            lines: Vec::new(),
            total: Amount::ZERO,
            basis: Vec::new(),
            unbilled: false,
        };
        for (id, value) in part {
            let complete = value.as_ref().filter(|_| span.complete);
            let tier = complete
                .zip(tiers)
                .and_then(|(v, tiers)| remedy::tier(tiers, self.run.bonus, v));
            // Its own downtime beyond its own allowance.
            let short = complete
                .zip(per_downtime)
                .and_then(|(v, d)| shortfall::shortfall(self.objective, v, d));
            out.basis.push(ComponentBasis {
                id: id.clone(),
                value: value.clone(),
                tier: tier.map(|t| remedy::tier_words(t, self.run.bonus)),
                shortfall: short.clone(),
            });
            let Some(v) = complete else { continue };
            let mut earned = Vec::new();
            let owed = [
                tier.map(|t| (&t.payout, Paid::Tier(t))),
                per_downtime
                    .zip(short.filter(|s| s.units > 0))
                    .map(|(d, s)| (&d.payout, Paid::PerDowntime(s))),
            ];
            for (payout, paid) in owed.into_iter().flatten() {
                // A share of a billed fee with no bill row: the period is
                // marked not worked out, never paid as zero.
                if super::billed::wanting(self.service, payer.fee, Some(payout)) {
                    out.unbilled = true;
                    continue;
                }
                let (amount, mut line) = payer.line(span, v, payout, paid)?;
                line.component = Some(id.clone());
                line.component_fee = component_fee;
                earned.push((amount, line));
            }
            // docs/semantics.md: the cap per component limits the sum of
            // everything the component earns in the period, before the
            // service's caps apply to the components' sum.
            if let Some(cap) = cap {
                self.cap_each(cap, &mut earned)?;
            }
            for (amount, line) in earned {
                out.total = out
                    .total
                    .add(amount)
                    .ok_or_else(|| overflow(self.service))?;
                out.lines.push(line);
            }
        }
        Ok(out)
    }

    /// Cuts one component's lines, in order, to `cap` in all: each keeps
    /// what the cap has left after the lines before it, and a line cut
    /// states what it earned before the cap.
    fn cap_each(
        &self,
        cap: Amount,
        earned: &mut [(Amount, SettlementLine)],
    ) -> Result<(), EvalError> {
        let mut left = cap;
        for (amount, line) in earned {
            if *amount > left {
                line.before_component_cap = Some(line.amount);
                line.amount = left
                    .exact(self.digits)
                    .ok_or_else(|| overflow(self.service))?;
                *amount = left;
            }
            left = left.sub(*amount).ok_or_else(|| overflow(self.service))?;
        }
        Ok(())
    }

    /// What `cap per component` allows each component in `span`, exactly,
    /// on `payer`'s fee (the component's own when the service states one);
    /// `None` when the schedule states no such cap.
    fn component_cap(&self, payer: &Payer<'_>, span: &Span) -> Result<Option<Amount>, EvalError> {
        let Some(cap) = &self.schedule.component_cap else {
            return Ok(None);
        };
        remedy::amount(cap, payer.fee, self.schedule.period, span.start)
            .map(|(a, _)| Some(a))
            .ok_or_else(|| EvalError::NoFee {
                bonus: self.run.bonus,
                objective: self.objective.name.clone(),
                service: self.service.name.clone(),
                period: self.schedule.period,
            })
    }
}
