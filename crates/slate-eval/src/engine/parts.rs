//! Each component's own availability per settlement period, for an
//! objective measured `per component` whose credits (or bonus) each
//! component earns on its own (docs/semantics.md "Remedies beyond tiers":
//! per component).

use std::collections::BTreeMap;

use slate_rules::{Measure, Objective, Period};

use super::EvalError;
use super::aggregate::Measured;
use super::context::{Ctx, Span};
use super::outages::{availability, period_downtime};
use crate::report::Ratio;

/// One settlement period with each component's value over it, by id.
pub(super) type PartValues = Vec<(Span, Vec<(String, Option<Ratio>)>)>;

/// [`PartValues`] by objective and period kind, for the objectives
/// measured per component that settle.
pub(super) type Parts = BTreeMap<(String, Period), PartValues>;

/// Whether `o` is measured per component.
pub(super) fn per_component(o: &Objective) -> bool {
    matches!(
        o.measure,
        Measure::Availability {
            per_component: true,
            ..
        }
    )
}

impl Measured<'_> {
    /// Each component's availability in each period of `kind`, from the
    /// agreement's start to the cut-off; empty unless `o` is measured per
    /// component. A component's downtime is its own outages (after its
    /// exclusions, merging and minimum length) inside the time measured,
    /// exactly as the objective's report gives it.
    pub(super) fn part_values(
        &self,
        ctx: &Ctx<'_>,
        o: &Objective,
        kind: Period,
    ) -> Result<PartValues, EvalError> {
        let Measured::Outages(outages) = self else {
            return Ok(Vec::new());
        };
        if !per_component(o) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for s in ctx.spans(kind, o.timezone, true) {
            let measured = ctx.measured(o, o.timezone, s.t0, s.t1)?;
            let parts = outages
                .components
                .iter()
                .map(|(id, list)| {
                    let time = period_downtime(&measured, list, outages.unit, s.origin);
                    (id.clone(), availability(time))
                })
                .collect();
            out.push((s, parts));
        }
        Ok(out)
    }
}
