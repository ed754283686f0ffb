//! Per component: with an objective measured `per component`, each
//! component's own value over the settled period chooses its own tier,
//! and the components' amounts are added into the service's sum, which
//! the service's caps then limit (docs/semantics.md "Remedies beyond
//! tiers").

use slate_rules::{Objective, Period};

use super::super::context::Span;
use super::super::parts::Parts;
use super::amount::Amount;
use super::remedy::{self, Remedy};
use super::{Paid, Payer, overflow};
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
    /// Each component's value and tier, for the report's basis.
    pub(super) basis: Vec<ComponentBasis>,
    /// Whether a component's tier pays a share of a billed fee that the
    /// bill has no row for.
    pub(super) unbilled: bool,
}

impl Payer<'_> {
    /// The lines the components earn in `span` (none before it is over),
    /// their exact sum, and each component's value and tier for the
    /// report's basis. Only tiers apply: `per breach` needs items, and the
    /// checker refuses it on an availability objective.
    pub(super) fn parts(
        &self,
        span: &Span,
        part: &[(String, Option<Ratio>)],
        remedies: &[Remedy<'_>],
    ) -> Result<Parted, EvalError> {
        let tiers = remedies.iter().find_map(|r| match r {
            Remedy::Tiers(tiers) => Some(*tiers),
            // The checker and the rule set refuse every other remedy on an
            // objective measured per component.
            Remedy::PerBreach(_) | Remedy::PerDowntime(_) | Remedy::Late(_) => None,
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
        let (mut lines, mut total, mut basis) = (Vec::new(), Amount::ZERO, Vec::new());
        let mut unbilled = false;
        for (id, value) in part {
            let complete = value.as_ref().filter(|_| span.complete);
            let tier = complete
                .zip(tiers)
                .and_then(|(v, tiers)| remedy::tier(tiers, self.run.bonus, v));
            basis.push(ComponentBasis {
                id: id.clone(),
                value: value.clone(),
                tier: tier.map(|t| remedy::tier_words(t, self.run.bonus)),
            });
            let (Some(v), Some(t)) = (complete, tier) else {
                continue;
            };
            // A share of a billed fee with no bill row: the period is
            // marked not worked out, never paid as zero.
            if super::billed::wanting(self.service, payer.fee, Some(&t.payout)) {
                unbilled = true;
                continue;
            }
            let (mut amount, mut line) = payer.line(span, v, &t.payout, Paid::Tier(t))?;
            line.component = Some(id.clone());
            line.component_fee = component_fee;
            // docs/semantics.md: each component's credits are capped at
            // its own cap before the service's caps apply to the sum.
            if let Some(cap) = self.component_cap(&payer, span)?
                && amount > cap
            {
                line.before_component_cap = Some(line.amount);
                line.amount = cap
                    .exact(self.digits)
                    .ok_or_else(|| overflow(self.service))?;
                amount = cap;
            }
            total = total.add(amount).ok_or_else(|| overflow(self.service))?;
            lines.push(line);
        }
        Ok(Parted {
            lines,
            total,
            basis,
            unbilled,
        })
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
