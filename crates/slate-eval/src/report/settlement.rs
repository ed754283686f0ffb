//! What a report says is owed: settlements, their lines, and where a
//! billed fee was read from.

use super::*;

/// Credits or a bonus for one service and settlement period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    /// The service.
    pub service: String,
    /// `credits` (owed by the provider) or `bonus` (owed by the customer).
    pub kind: SettlementKind,
    /// The settlement period's label.
    pub period: String,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// The service's fee for the period, if it has one, with the
    /// currency's minor unit (`1500.00`).
    pub fee: Option<Decimal>,
    /// What each objective's schedule gives, before caps.
    pub lines: Vec<SettlementLine>,
    /// Their sum.
    pub total: Exact,
    /// The caps that reduced it, in words.
    pub capped_by: Vec<String>,
    /// Each cap of `capped_by` that is a share of a billed fee, with what
    /// it allowed, worked out from the bill row of `bill` (added in v2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub billed_caps: Vec<BilledCap>,
    /// What is owed: after caps, rounded half to even to the currency's
    /// minor unit, with all its digits (`1500.00`).
    pub amount: Decimal,
    /// ISO 4217.
    pub currency: String,
    /// For a service whose fee is billed: the bill row the fee was read
    /// from (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill: Option<BillSource>,
    /// For a service whose fee is billed and a period with no bill row:
    /// why what is owed cannot be worked out; `amount` then counts only
    /// fixed amounts (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unbilled: Option<String>,
    /// Credits below the service's minimum credit, withheld: `amount` is
    /// then 0 (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<Withheld>,
}

/// Credits withheld because they are below the service's minimum credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    /// The credit after caps, rounded, that was not issued (`0.90`).
    pub amount: Decimal,
    /// The minimum, in words: `more than USD 1.00`, `at least USD 1.00`.
    pub minimum: String,
}

/// A cap that is a share of a billed fee, and what it allowed a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BilledCap {
    /// The cap in words, as in `capped_by` (`25% of fee per month`).
    pub cap: String,
    /// What it allowed: its share of the charges billed, exact
    /// (`308.64`).
    pub amount: Exact,
}

/// The bill rows a billed fee was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillSource {
    /// The bill file (of the first row).
    pub file: String,
    /// The first row's 1-based line.
    pub line: u64,
    /// The charges billed: the row's amount, or the exact sum of the
    /// rows' amounts.
    pub amount: Decimal,
    /// When several rows of the service and period were summed: every
    /// one, in the file's order (the first is `file` and `line`); left
    /// out for a single row (added in v2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<BillRowSource>,
}

/// One of several bill rows summed into a billed fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillRowSource {
    /// The bill file.
    pub file: String,
    /// The row's 1-based line.
    pub line: u64,
    /// The charges the row states.
    pub amount: Decimal,
}

impl BillSource {
    /// Every row that made the figure: `rows`, or the one row.
    pub fn all_rows(&self) -> Vec<(&str, u64)> {
        if self.rows.is_empty() {
            vec![(self.file.as_str(), self.line)]
        } else {
            self.rows
                .iter()
                .map(|r| (r.file.as_str(), r.line))
                .collect()
        }
    }
}

/// One objective's share of a settlement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettlementLine {
    /// The objective.
    pub objective: String,
    /// The measured percentage over the settlement period; left out for a
    /// remedy per unit of a duration, whose value is in `per_unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Ratio>,
    /// The tier that applies, as written: `below 99.9%`.
    pub tier: String,
    /// What it pays, as written: `10% of fee` or `EUR 500`.
    pub payout: String,
    /// The amount, exact.
    pub amount: Exact,
    /// How the contract says this objective's credits are applied and
    /// claimed, one term per entry in the agreement's words (`applied on
    /// request`, `claim within 30 days in writing`, `claim by email to …`,
    /// `unclaimed credits lapse`); left out when it says nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<String>,
    /// The days of the settled period, for a payout in days' shares of the
    /// fee (`1 day of fee`: the fee divided by them); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_in_period: Option<u32>,
    /// For `per breach`: the breached items of the period, each paying
    /// `payout` (`amount` is their product); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaches: Option<u64>,
    /// For `per day late` or `per hour late`: each breached item's
    /// lateness and damages (`amount` is their sum after the per-item
    /// caps); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lateness: Option<LatenessLine>,
    /// For a credit per unit of downtime: the downtime beyond the allowed
    /// downtime, how it was rounded and counted (`amount` is the payout
    /// times `units`); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
    /// For a remedy per unit of the value (`per second over 30 seconds`):
    /// the value, the threshold and the whole units counted, each paying
    /// `payout` (`amount` is their product); left out otherwise (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_unit: Option<PerUnitFigures>,
    /// When the customer's time to claim this credit ends: an instant in
    /// RFC 3339 with the agreement's UTC offset there
    /// (`2026-03-03T00:00:00+01:00`). For a window that runs from each
    /// breach (`… of each breach`), the earliest of the deadlines of the
    /// line's objective's breached items in the period: the window from
    /// the first instant one of them breached. Left out when the credits
    /// block states no claim window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_deadline: Option<String>,
    /// For an objective measured per component: the component that earns
    /// this line (`value` is its own); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// With `fee per component`: the component's fee for the period, the
    /// basis of a share of the fee on this line (the settlement's `fee` is
    /// the service's); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_fee: Option<Decimal>,
    /// With `cap per component`, when it binds: what the component earned
    /// before its own cap (`amount` is the capped amount, before the
    /// service's caps); left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_component_cap: Option<Exact>,
}

/// The shortfall of an availability objective in a settled period and the
/// units of it a credit per unit of downtime pays for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortfall {
    /// The period's downtime, in seconds.
    pub downtime_seconds: i64,
    /// The downtime the target allows: (1 − target) × measured time, in
    /// seconds, exact.
    pub allowed_seconds: Decimal,
    /// The downtime beyond the allowed downtime (never below zero), in
    /// seconds, exact, before rounding.
    pub seconds: Decimal,
    /// The multiple it is rounded to first, in seconds (ties up); left out
    /// when the contract does not round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_seconds: Option<u64>,
    /// The shortfall after rounding, in seconds; left out when not rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounded_seconds: Option<Decimal>,
    /// The unit counted, in seconds.
    pub unit_seconds: u64,
    /// Whether a unit begun counts as a whole one (`or part thereof`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub part_thereof: bool,
    /// The units: ⌊S / U⌋, or ⌈S / U⌉ with `part_thereof`.
    pub units: u64,
}

/// The figures of a remedy per unit of the value in one settled period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerUnitFigures {
    /// The period's value in seconds, exact.
    pub seconds: Seconds,
    /// The value rounded as the contract says, in whole seconds, which the
    /// units are counted from; left out when the contract does not round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_rounded: Option<i64>,
    /// The threshold, in seconds.
    pub threshold_seconds: u64,
    /// The unit counted, in seconds.
    pub unit_seconds: u64,
    /// `over` or `under`.
    pub direction: Direction,
    /// The whole units the value is beyond the threshold (a part of a unit
    /// does not count).
    pub units: u64,
}

/// Whether a settlement is credits or a bonus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// Owed by the provider for objectives missed.
    Credits,
    /// Owed by the customer for objectives exceeded.
    Bonus,
}

impl SettlementKind {
    /// `credits` or `bonus`, as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SettlementKind::Credits => "credits",
            SettlementKind::Bonus => "bonus",
        }
    }
}

impl fmt::Display for SettlementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
