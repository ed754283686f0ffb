//! The error-rate rule of downtime counted in units (`downtime when errors
//! of requests above 5% on request_stats`): its place in the rule set, how
//! it is built from the Model, and what reading refuses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use slate_check::model;

use crate::convert::BuildError;
use crate::{Comparison, Percent};

/// A unit of downtime is down when, over the records of `event` whose `at`
/// falls in it, the sum of `errors` divided by the sum of `total` is above
/// `percent` (`above`: strictly; `at_least`: or equal); a unit with no such
/// records, or a total of 0, is up. `down`/`up` records are not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitDown {
    /// The event kind of the records carrying the counts.
    pub event: String,
    /// The numeric attribute counting errors.
    pub errors: String,
    /// The numeric attribute counting everything the errors are a share of.
    pub total: String,
    /// `above` or `at_least`.
    pub comparison: Comparison,
    /// The bound, a percentage: below 100 with `above`, above 0 with `at_least`.
    pub percent: Percent,
}

/// The rule of the Model's availability objective, if it has one.
pub(crate) fn build(a: &model::Availability) -> Result<Option<UnitDown>, BuildError> {
    let Some(r) = &a.unit_down else {
        return Ok(None);
    };
    Ok(Some(UnitDown {
        event: r.event.clone(),
        errors: r.errors.clone(),
        total: r.total.clone(),
        comparison: match r.comparison {
            model::Comparison::AtMost => Comparison::AtMost,
            model::Comparison::Below => Comparison::Below,
            model::Comparison::AtLeast => Comparison::AtLeast,
            model::Comparison::Above => Comparison::Above,
        },
        percent: crate::convert::percent(r.percent)?,
    }))
}

/// What the rule's objective holds that does not fit the rule, as (the
/// field's place under `measure.unit_down` or `measure`, why); empty when
/// everything fits.
pub(crate) fn misfits(m: &crate::Measure) -> Vec<(&'static str, &'static str)> {
    let crate::Measure::Availability {
        exclude,
        min_outage_seconds,
        per_component,
        components_down,
        downtime_unit_seconds,
        unit_down: Some(r),
        ..
    } = m
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if downtime_unit_seconds.is_none() {
        out.push((
            "unit_down",
            "an error-rate rule judges units: it needs `downtime_unit_seconds`",
        ));
    }
    let pc = r.percent.get();
    match r.comparison {
        Comparison::AtMost | Comparison::Below => out.push((
            "unit_down.comparison",
            "a unit is down when its error rate is high: `above` or `at_least`",
        )),
        Comparison::Above if pc == rust_decimal::Decimal::ONE_HUNDRED => out.push((
            "unit_down.percent",
            "`above` 100% is never met: the bound is below 100",
        )),
        Comparison::AtLeast if pc.is_zero() => out.push((
            "unit_down.percent",
            "`at_least` 0% is always met: the bound is above 0",
        )),
        _ => {}
    }
    let reserved = |s: &str| !crate::name::is_name(s) || matches!(s, "id" | "at" | "event");
    if reserved(&r.errors) || reserved(&r.total) || r.errors == r.total || r.event.trim().is_empty()
    {
        out.push((
            "unit_down",
            "`event`, `errors` and `total` are names, `errors` and `total` two different attributes other than `id`, `at` and `event`",
        ));
    }
    if !exclude.is_empty() || *min_outage_seconds > 0 || *per_component || components_down.is_some()
    {
        out.push((
            "unit_down",
            "with an error-rate rule no outage is read: `exclude`, `min_outage_seconds`, `per_component` and `components_down` are left empty",
        ));
    }
    out
}

/// Whether an availability measure's units are judged by an error-rate rule.
pub(crate) fn judged_by_rate(m: &crate::Measure) -> bool {
    matches!(
        m,
        crate::Measure::Availability {
            unit_down: Some(_),
            ..
        }
    )
}
