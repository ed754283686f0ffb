//! Credits and bonus blocks: tiers, payouts, caps, claims and the remedies
//! beyond tiers.

use serde::Serialize;

use super::*;

/// `credits for uptime { … }` or `bonus for uptime per quarter { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The objective.
    pub objective: Name,
    /// A period other than the objective's, if written.
    pub per: Option<PeriodLit>,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<ScheduleStmt>,
    /// `credits for uptime`.
    pub head: Span,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside a credits or bonus block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleStmt {
    /// `below 99.9% : 10% of monthly fee` or `at least 99.99% : 5% of quarterly fee`.
    Tier(Stmt<Tier>),
    /// `per breach : 3% of monthly fee`: a credit for each breached item.
    PerBreach(Stmt<Payout>),
    /// `per 4 hours or part thereof of downtime : 1 day of monthly fee`: a
    /// credit for each unit of downtime beyond what the target allows.
    PerDowntime(Stmt<PerDowntime>),
    /// `round downtime to nearest 15 minutes`: the downtime beyond the
    /// allowed, rounded to a multiple of this before it is counted.
    RoundDowntime(Stmt<Duration>),
    /// `per day late : USD 500.00` or `per hour late : USD 50.00`: delay
    /// damages for each breached item of a due-date objective.
    PerLate(Stmt<PerLate>),
    /// `cap per item 100% of cost` or `cap per item USD 5000.00`: the most
    /// one item's delay damages pay.
    CapPerItem(Stmt<ItemCap>),
    /// `per second over 30 seconds : USD 500.00` (credits) or `per second
    /// under 15 seconds : USD 500.00` (bonus): an amount per whole unit the
    /// measured value is beyond a threshold.
    PerUnitValue(Stmt<PerUnitValue>),
    /// `cap 100% of monthly fee`.
    Cap(Stmt<Cap>),
    /// `minimum more than USD 1.00`.
    Minimum(Stmt<Minimum>),
    /// `cap per component 100% of fee`: each component's own credits
    /// capped before the service's caps apply.
    ComponentCap(Stmt<Payout>),
    /// `claim within 30 days` or `claim within 30 days in writing`.
    Claim(Stmt<ClaimWindow>),
    /// `claim by "email to billing@example.com"`.
    ClaimBy(Stmt<Text>),
    /// `claim by the end of the 2nd month after the period`.
    ClaimByEnd(Stmt<ClaimByEnd>),
    /// `unclaimed credits lapse`.
    UnclaimedLapse(Stmt<()>),
    /// `applied automatically` or `applied on request`.
    Applied(Stmt<Applied>),
}

/// `per 4 hours or part thereof of downtime : 1 day of monthly fee`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PerDowntime {
    /// The unit of downtime each credit pays for.
    pub unit: Duration,
    /// `or part thereof`: a unit begun counts as a whole one.
    pub part_thereof: bool,
    /// What each unit pays.
    pub payout: Payout,
}

/// `per day late : USD 500.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PerLate {
    /// Days or hours.
    pub unit: LateUnit,
    /// Where the unit is written.
    pub unit_span: Span,
    /// What each unit of lateness pays.
    pub payout: Payout,
}

/// The unit delay damages are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LateUnit {
    /// `per day late`: the calendar days after the due date.
    Day,
    /// `per hour late`: the whole real hours after the due instant.
    Hour,
}

/// `cap per item 100% of cost` or `cap per item USD 5000.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemCap {
    /// A percentage of a numeric attribute of the item.
    Percent {
        /// The percentage.
        percent: Number,
        /// The attribute.
        attribute: Name,
    },
    /// A fixed amount.
    Fixed(Money),
}

/// `per second over 30 seconds : USD 500.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PerUnitValue {
    /// The unit counted: `second`.
    pub unit: DurationUnit,
    /// Where the unit is written.
    pub unit_span: Span,
    /// `over` (true) or `under` (false).
    pub over: bool,
    /// Where `over` or `under` is written.
    pub direction: Span,
    /// The threshold units are counted from.
    pub threshold: Duration,
    /// What each whole unit pays.
    pub payout: Payout,
}

/// `claim within 30 days in writing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimWindow {
    /// How long, from the end of the period.
    pub within: Duration,
    /// Whether the claim must be in writing.
    pub in_writing: bool,
    /// `on office_hours`: the calendar whose business days the window counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Name>,
    /// `of each breach`: where written, so the window runs from each breach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of_each_breach: Option<Span>,
}

/// `claim by the end of the 2nd month after the period`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimByEnd {
    /// Which month after the period (the ordinal's number; 1 when none is written).
    pub month: Int,
    /// Whether the claim must be in writing.
    pub in_writing: bool,
}

/// Whether credits are given without a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    /// `applied automatically`: without a claim.
    Automatically,
    /// `applied on request`: only when the customer claims them.
    OnRequest,
}

/// A tier of a credits or bonus schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tier {
    /// The threshold.
    pub threshold: Number,
    /// What it pays.
    pub payout: Payout,
}

/// The fee a percentage is taken of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeeBasis {
    /// `monthly fee` names a period; plain `fee` does not.
    pub period: Option<Period>,
    /// `billed charges`: the charges billed for the service in the period.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub billed: bool,
    /// `GBP 2500.00`: a fixed amount, the same in every period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// `support charge`: a charge the service states, by its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge: Option<Name>,
    /// Where it is written.
    pub span: Span,
}

/// What a tier pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payout {
    /// `10% of monthly fee`.
    Percent {
        /// The percentage.
        percent: Number,
        /// Of which fee.
        of: FeeBasis,
    },
    /// `GBP 500.00`.
    Fixed(Money),
    /// `1/30 of monthly fee`: an exact fraction of the fee.
    Fraction {
        /// The numerator.
        numerator: Int,
        /// The denominator.
        denominator: Int,
        /// Of which fee.
        of: FeeBasis,
    },
    /// `1 day of monthly fee`: days' shares of the fee, each the fee
    /// divided by the days in the period.
    Days {
        /// The number of days.
        days: Int,
        /// Of which fee.
        of: FeeBasis,
    },
}

/// `cap …`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cap {
    /// `cap 100% of monthly fee`: per period.
    Percent {
        /// The percentage.
        percent: Number,
        /// Of which fee.
        of: FeeBasis,
    },
    /// `cap GBP 5000.00`: per period.
    Fixed(Money),
    /// `cap 10% of fees per 12 months`.
    RollingPercent {
        /// The percentage.
        percent: Number,
        /// Over how many periods.
        over: PeriodCount,
    },
    /// `cap GBP 10000.00 per 12 months`.
    RollingFixed {
        /// The amount.
        money: Money,
        /// Over how many periods.
        over: PeriodCount,
    },
}
