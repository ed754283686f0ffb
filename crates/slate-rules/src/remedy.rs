//! The remedies of an objective in the rule set: its credits or bonus
//! schedule, with tiers, remedies beyond tiers and claim terms.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// `round value to whole seconds half even`: a value rounded to a whole
/// number of a unit (added in v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// The unit in seconds: 1, 60 or 3600.
    pub unit_seconds: u64,
    /// `half_even` or `half_up` (the contract's default).
    pub ties: Ties,
}

/// Where a value exactly halfway between two multiples goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ties {
    /// To the larger multiple.
    HalfUp,
    /// To the even multiple.
    HalfEven,
}

/// `per second over 30 seconds : USD 500.00`: an amount per whole unit the
/// period's value is beyond a threshold (added in v2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerUnitValue {
    /// The unit counted, in seconds (1 for `per second`); above zero.
    pub unit_seconds: u64,
    /// `over` (credits: units the value is above the threshold) or `under`
    /// (bonus: units it is below it).
    pub direction: Direction,
    /// The threshold, in seconds (open seconds on the objective's clock).
    pub threshold_seconds: u64,
    /// What each whole unit pays.
    pub payout: Payout,
}

/// Which side of the threshold a per-unit remedy counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Units above the threshold (credits).
    Over,
    /// Units below the threshold (bonus).
    Under,
}

/// Credits or a bonus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The period the objective is measured over for settlement.
    pub period: Period,
    /// Credits: descending thresholds, the lowest one the value falls below applies.
    /// Bonus: ascending thresholds, the highest one the value reaches applies.
    pub tiers: Vec<Tier>,
    /// Credits only: what each breached item of a settled period pays
    /// (`per breach : 3% of monthly fee`), beside the tiers; only on a
    /// time-to-event or due-date measure (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_breach: Option<Payout>,
    /// Credits only: what each unit of downtime beyond the downtime the
    /// target allows pays (`per 4 hours or part thereof of downtime : 1 day
    /// of monthly fee`), beside the tiers; only on an availability measure
    /// counted to the second (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_downtime: Option<PerDowntime>,
    /// Credits only, on a due-date measure: delay damages for each breached
    /// item (`per day late : USD 500.00`, `cap per item 100% of cost`),
    /// beside the tiers (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lateness: Option<Lateness>,
    /// What each whole unit the period's value is beyond a threshold pays
    /// (`per second over 30 seconds : USD 500.00`): credits count `over`, a
    /// bonus `under`; only on a duration aggregate (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_unit: Option<PerUnitValue>,
    /// Credits only: what each component's own credits in a settled period
    /// come to at most (`cap per component 100% of fee`), before the
    /// service's caps; a share of the fee is of the component's own fee
    /// when the service states one; only on a measure taken per component
    /// (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_cap: Option<Payout>,
    /// Days the customer has to claim, as written (`{count, unit}`), if stated.
    pub claim: Option<Term>,
    /// Whether a claim must be in writing (`claim within 30 days in writing`).
    pub claim_in_writing: bool,
    /// How a claim is made, in the contract's words (`claim by "…"`), if stated.
    pub claim_by: Option<String>,
    /// Whether a credit not claimed within `claim` lapses (`unclaimed credits lapse`).
    pub unclaimed_lapse: bool,
    /// Whether credits are applied without a claim (`automatic`) or only when
    /// claimed (`on_request`); `null` when the contract does not say.
    pub applied: Option<Applied>,
    /// A claim window in business time on a calendar (`claim within 5
    /// business days on office_hours`), in place of `claim` (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_business: Option<BusinessTerm>,
    /// Whether the claim window (`claim` or `claim_business`) runs from each
    /// breached item rather than from the end of the period (`… of each
    /// breach`); only on a time-to-event or due-date measure (added in v2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub claim_from_breach: bool,
    /// `claim by the end of the 2nd month after the period`: the claim
    /// window ends with the N-th calendar month that starts at or after the
    /// period's end; in place of `claim` (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_by_end_of_month: Option<u64>,
}

/// A claim window in business time: `5 business days on office_hours`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessTerm {
    /// How many.
    pub count: u64,
    /// `business_days` or `business_hours`.
    pub unit: BusinessUnit,
    /// The calendar whose open time is counted.
    pub calendar: String,
}

/// The unit of a claim window in business time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BusinessUnit {
    /// Open days of the calendar, counted as business-day goals are.
    BusinessDays,
    /// Hours of open time on the calendar.
    BusinessHours,
}

/// A credit per unit of shortfall of an availability objective: the
/// shortfall S is the downtime beyond (1 − target) × measured time, never
/// below zero; rounded first to the nearest multiple of `round_seconds`
/// (ties up) when stated; then counted in whole units of `unit_seconds`
/// (⌊S / U⌋, or ⌈S / U⌉ with `part_thereof`), each paying `payout`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerDowntime {
    /// The unit, in seconds of real time (at least 1).
    pub unit_seconds: u64,
    /// `or part thereof`: a unit begun counts as a whole one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub part_thereof: bool,
    /// `round downtime to nearest …`: the multiple, in seconds (at least
    /// 1), the shortfall is rounded to first. Absent: not rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_seconds: Option<u64>,
    /// What each unit pays.
    pub payout: Payout,
}

/// Whether credits are applied without a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    /// `applied automatically`: without a claim.
    Automatic,
    /// `applied on request`: only when the customer claims them.
    OnRequest,
}

/// A tier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Exact decimal percentage threshold.
    pub threshold: Percent,
    /// What it pays.
    pub payout: Payout,
}

/// A contract term in calendar time: `30 days`, `2 months`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// How many.
    pub count: u64,
    /// `seconds`, `minutes`, `hours`, `days`, `weeks` or `months`.
    pub unit: TermUnit,
}
