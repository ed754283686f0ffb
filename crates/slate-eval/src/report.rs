//! The report: what was measured, per objective and period, and what is owed.
//! Its JSON form is versioned (`"schema": "slate.report/v2"`) and
//! documented in `docs/eval.md`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use slate_rules::Direction;
pub use slate_rules::Period;

mod due;
pub use due::{DueItem, DueVerdict};
mod lateness;
pub use lateness::{LateItemLine, LatenessLine};
mod sample;
pub use sample::{SampleNumber, SampleValue};
mod rights;
mod target;
pub use rights::{
    ForCauseReport, ForCauseWindowReport, LocalInstant, RunPeriod, SuspensionReport,
    TerminationReport, UndecidedPeriod,
};
pub use target::{Target, ValueError};

/// The version this crate writes.
pub const SCHEMA: &str = "slate.report/v2";

/// A whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always `slate.report/v2`.
    pub schema: String,
    /// The agreement evaluated.
    pub agreement: AgreementRef,
    /// What made the report, so that a settlement can be reproduced.
    pub made_with: MadeWith,
    /// The exclusive cut-off: nothing at or after it was seen.
    pub as_of: Timestamp,
    /// The dates reported, both included.
    pub window: Window,
    /// What was read.
    pub input: Input,
    /// One entry per objective, in the agreement's order.
    pub objectives: Vec<ObjectiveReport>,
    /// Credits and bonuses per service and settlement period, after caps.
    pub settlements: Vec<Settlement>,
    /// The rights to end the agreement that arose, or are arising, from
    /// the events; absent when the agreement states none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<TerminationReport>,
}

/// The agreement a report is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementRef {
    /// Its title.
    pub title: String,
    /// Its reference number, if any.
    pub id: Option<String>,
    /// Its version, if any.
    pub version: Option<String>,
    /// The terms fingerprint of the contract.
    pub fingerprint: String,
    /// The digest of the rule set evaluated (`agreement.digest`), checked
    /// when it was read.
    pub rules_digest: String,
}

/// The versions a report was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MadeWith {
    /// The Slate version, such as `0.1.0`.
    pub slate: String,
    /// The IANA time-zone database version, such as `2025b`.
    pub tzdb: String,
}

impl MadeWith {
    /// This build of Slate and its time-zone database.
    pub fn this_build() -> Self {
        MadeWith {
            slate: env!("CARGO_PKG_VERSION").to_owned(),
            tzdb: chrono_tz::IANA_TZDB_VERSION.to_owned(),
        }
    }
}

/// The dates a report covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First date, `YYYY-MM-DD`.
    pub from: NaiveDate,
    /// Last date, `YYYY-MM-DD`.
    pub to: NaiveDate,
}

/// What was read, and what was not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Each file and the records read from it.
    pub files: Vec<FileCount>,
    /// Records read, duplicates included.
    pub records: u64,
    /// Records identical to an earlier one, counted once.
    pub duplicates: u64,
    /// Records at or after the cut-off, not seen.
    pub after_cutoff: u64,
    /// Records that could not be read (only with `--skip-invalid`).
    pub invalid: u64,
    /// The first of them, with file, line and reason.
    pub invalid_records: Vec<InvalidRecord>,
    /// Items whose events no objective uses.
    pub unknown_items: u64,
    /// The first of their ids, sorted.
    pub unknown_item_ids: Vec<String>,
    /// Records whose declared field (`field priority "P1", …`) holds a
    /// value the agreement does not declare; absent when none does.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undeclared: u64,
    /// The first of those values, in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undeclared_records: Vec<UndeclaredValue>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Whether `decimal`, a value rounded for people, is not exactly
/// `numerator / denominator`: the `rounded` of a value in the JSON report,
/// and the `≈` before it in words.
pub fn is_rounded(decimal: Decimal, numerator: Decimal, denominator: Decimal) -> bool {
    slate_words::exact::mul(decimal, denominator) != Some(numerator)
}

/// A record's declared field holding an undeclared value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndeclaredValue {
    /// The record's item.
    pub item: String,
    /// The record's event.
    pub event: String,
    /// The declared field.
    pub field: String,
    /// The value it holds.
    pub value: String,
}

/// A file read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileCount {
    /// Its name as given.
    pub name: String,
    /// Records read from it.
    pub records: u64,
}

/// A record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvalidRecord {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: u64,
    /// Why.
    pub message: String,
}

/// The kind of an objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Time from one event to another.
    TimeToEvent,
    /// Share of measured time up.
    Availability,
    /// Number of items.
    Volume,
    /// The average or a percentile of the items' elapsed times.
    DurationAggregate,
    /// A rate of counts: numerator items over denominator items.
    Rate,
    /// Items due by the date or instant their own attribute holds.
    DueDate,
    /// The average or a percentile of numbers written on records.
    SampleAggregate,
}

/// One objective's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveReport {
    /// Its name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its service.
    pub service: String,
    /// Its section in the contract document.
    pub section: String,
    /// Its kind.
    pub kind: Kind,
    /// The target: a percentage (`"95"`) or, for a volume, `at least 200` / `at most 5`.
    pub target: Target,
    /// The measurement period: `day`, `week`, `month`, `quarter` or `year`.
    pub period: Period,
    /// Items that started outside the reported periods (time-to-event).
    pub items_outside: u64,
    /// Items of a due-date objective due outside the agreement's validity:
    /// counted in `items_outside`, in no period, paid no remedy, and
    /// listed so that none is left out unseen. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub due_outside_agreement: Vec<DueItem>,
    /// Items an availability objective names by id (`items "…"`) that
    /// have no `down` or `up` record before the cut-off: no outage of
    /// theirs was seen, perhaps because the id is misspelt. Absent when
    /// there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items_without_records: Vec<String>,
    /// The unit of a bound on samples, as the agreement declares it
    /// (`milliseconds`, `percent`). Absent when it declares none, and for
    /// every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// One entry per period in the window.
    pub periods: Vec<PeriodReport>,
    /// How elapsed time compares with the budget, over the window (time-to-event).
    pub distribution: Vec<Bucket>,
    /// Breached items with their elapsed time and budget (with `--details`).
    pub breached_items: Vec<ItemDetail>,
    /// The measured value over each settlement period of its credits or
    /// bonus, and the tier it reached, paying or not.
    pub settlement_basis: Vec<Basis>,
    /// The goals that depend on when an item arrived, each with its
    /// condition in words (time-to-event). Absent when no goal does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goal_arrivals: Vec<GoalArrival>,
}

/// A goal's condition on arrival, for the reader of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalArrival {
    /// The goal's place among the objective's goals, from 1.
    pub goal: usize,
    /// The condition as the agreement states it: `arriving during
    /// core_hours`, `arriving from 1 November to 30 April`.
    pub arrival: String,
}

/// An objective's value over one settlement period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// `credits` or `bonus`.
    pub kind: SettlementKind,
    /// The settlement period's label.
    pub period: String,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// Whether the period is over; only whole periods are settled.
    pub complete: bool,
    /// The measured value; `null` for no data.
    pub value: Option<Ratio>,
    /// The tier reached, as written, or `null` when none (nothing is owed).
    pub tier: Option<String>,
    /// For an objective measured per component: each component's own
    /// value over the period and the tier it reaches (each earns its own
    /// credit); left out otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentBasis>,
}

/// One component's value over a settlement period, and the tier it reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentBasis {
    /// The component's id.
    pub id: String,
    /// Its availability; `null` for no data.
    pub value: Option<Ratio>,
    /// The tier it reaches, as written, or `null` when none.
    pub tier: Option<String>,
    /// With a credit per unit of downtime: its own downtime, its own
    /// allowance, the shortfall beyond it and the units counted, also when
    /// it is within the allowance and pays nothing; left out otherwise
    /// (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
}

/// A period's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodReport {
    /// `2026-03`, `2026-Q1`, `2026-W10`, `2026-03-02` or `2026`.
    pub label: String,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// Whether the period ended at or before the cut-off (an exclusive end);
    /// otherwise figures are so far.
    pub complete: bool,
    /// Item outcomes (time-to-event).
    pub counts: Option<Counts>,
    /// Seconds measured and seconds down (availability).
    pub time: Option<Downtime>,
    /// Items counted (volume).
    pub count: Option<u64>,
    /// Compliance or availability as an exact fraction; `null` for no data.
    pub value: Option<Ratio>,
    /// The verdict.
    pub verdict: Verdict,
    /// Each component on its own (per-component availability).
    pub components: Vec<ComponentReport>,
    /// The aggregate of the items' elapsed times, and the items left out
    /// (duration aggregates). Absent for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<AggregateValue>,
    /// The counts of a rate (rates of counts); its value is `value`.
    /// Absent for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateCounts>,
    /// The samples aggregated and left out, and their value (bounds on
    /// samples). Absent for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleValue>,
    /// Each goal's compliance and verdict, when every goal carries its own
    /// target; the period's verdict is then breached when any goal is, met
    /// when any is met, otherwise no data. Absent for every other objective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<GoalReport>,
    /// Why the period has no value although it has data, when its verdict
    /// is `unknown`: `the sum of the samples exceeds the exact decimals
    /// Slate holds (…)`. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// Each item due in the period, by due instant (due dates carried by
    /// the item). Absent for every other objective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub due_items: Vec<DueItem>,
}

/// One period of a rate of counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCounts {
    /// Items whose first denominator record is in the period, less the ignored.
    pub denominator: u64,
    /// Those of them with a numerator record before the cut-off.
    pub numerator: u64,
    /// Items removed by `ignore`.
    pub ignored: u64,
}

/// One goal of an objective with a target per goal, in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalReport {
    /// The goal's place among the objective's goals, from 1.
    pub goal: usize,
    /// The goal's target, in percent.
    pub target: Decimal,
    /// Its items stopped within budget.
    pub met: u64,
    /// Its items over budget, stopped or not.
    pub breached: u64,
    /// Its items not stopped, within budget so far.
    pub pending: u64,
    /// Its compliance as an exact fraction; `null` for no data.
    pub value: Option<Ratio>,
    /// Its verdict.
    pub verdict: Verdict,
}

/// One period of a duration aggregate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateValue {
    /// Stopped items whose elapsed times were aggregated.
    pub values: u64,
    /// Items left out: not stopped at the cut-off.
    pub pending: u64,
    /// Items left out: removed by `ignore` (abandoned early).
    pub ignored: u64,
    /// Items left out: ended without the stop event (abandoned later).
    pub never_stopped: u64,
    /// The average or percentile in seconds, exact; `null` with no values.
    pub seconds: Option<Seconds>,
    /// `round value to whole seconds`: the value rounded as the contract
    /// says, in whole seconds, which the verdict and remedies read; left
    /// out when the contract does not round (added in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_rounded: Option<i64>,
}

/// A number of seconds as an exact fraction, and as a decimal for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seconds {
    /// Numerator (a sum of seconds, or one item's seconds).
    pub numerator: i64,
    /// Denominator (the number of values; 1 for a percentile; never 0).
    pub denominator: i64,
    /// The value rounded half to even to 3 decimal places, for people.
    pub decimal: Decimal,
    /// `true` when `decimal` is not the exact value (it was rounded);
    /// absent when it is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rounded: bool,
}

/// Item outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Stopped within budget.
    pub met: u64,
    /// Over budget, stopped or not.
    pub breached: u64,
    /// Not stopped, within budget so far.
    pub pending: u64,
    /// Removed by `ignore` (calls abandoned early).
    pub ignored: u64,
    /// No goal applies.
    pub ungoverned: u64,
}

/// Measured time and downtime, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Downtime {
    /// Open seconds on the clock, less maintenance.
    pub measured_seconds: i64,
    /// Of those, seconds down.
    pub down_seconds: i64,
    /// Outages counted.
    pub outages: u64,
    /// With downtime counted in units: the unit's length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_seconds: Option<i64>,
    /// With downtime counted in units: the units with measured time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_units: Option<i64>,
    /// With downtime counted in units: the measured units with downtime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down_units: Option<i64>,
}

/// An exact fraction and its percentage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// Numerator.
    pub numerator: i64,
    /// Denominator (never 0).
    pub denominator: i64,
    /// The percentage, rounded half to even to 3 decimal places, for people.
    pub percent: Decimal,
    /// `true` when `percent` is not the exact percentage (it was rounded);
    /// absent when it is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rounded: bool,
}

/// A verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The target is met.
    Met,
    /// The target is missed.
    Breached,
    /// Nothing was measured: the target counts as met, and nothing is owed.
    NoData,
    /// The period is not over and the outcome is still open (volumes).
    Pending,
    /// The period's value cannot be computed from its data, for the reason
    /// in the period's `unknown`: neither met nor breached. An evaluation
    /// with such a period is incomplete, as one that skipped invalid
    /// records is.
    Unknown,
}

/// One component of a per-component availability objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentReport {
    /// The component's id.
    pub id: String,
    /// Its time.
    pub time: Downtime,
    /// Its availability.
    pub value: Option<Ratio>,
    /// Its verdict.
    pub verdict: Verdict,
}

/// Items whose elapsed time falls in a band of their budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// The band ends at this percentage of the budget (inclusive); `null` is beyond the last.
    pub up_to_percent: Option<u32>,
    /// Met items in it.
    pub met: u64,
    /// Breached items in it.
    pub breached: u64,
    /// Pending items in it.
    pub pending: u64,
}

/// A breached item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDetail {
    /// Its id.
    pub id: String,
    /// The period it belongs to.
    pub period: String,
    /// Its start.
    pub start: Timestamp,
    /// Whether it has stopped (or, for a call, been abandoned).
    pub stopped: bool,
    /// A call abandoned without an answer after the `ignore` window: breached
    /// whatever its elapsed time.
    pub abandoned: bool,
    /// Elapsed open seconds.
    pub elapsed_seconds: i64,
    /// The budget in open seconds.
    pub budget_seconds: i64,
    /// The goal applied (its position in the objective, from 1); `null` when
    /// none applies (a call abandoned late is breached all the same).
    pub goal: Option<usize>,
}

mod settlement;
pub use settlement::{
    BillRowSource, BillSource, BilledCap, PerUnitFigures, Settlement, SettlementKind,
    SettlementLine, Shortfall, Withheld,
};

/// An exact amount of money: a decimal with at least the currency's minor
/// unit (`100.00`), or, where the quotient does not end, its first 12
/// places marked `…` (`0.018333333333…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exact {
    /// The amount, or its first 12 places.
    pub value: Decimal,
    /// Whether `value` is the whole amount (else it goes on).
    pub ends: bool,
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let more = if self.ends { "" } else { "…" };
        write!(f, "{}{more}", self.value)
    }
}

impl FromStr for Exact {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (number, ends) = match s.strip_suffix('…') {
            Some(n) => (n, false),
            None => (s, true),
        };
        let value = number
            .parse()
            .map_err(|_| ValueError::Exact(s.to_owned()))?;
        Ok(Exact { value, ends })
    }
}

/// An instant, written in RFC 3339 in UTC to the second:
/// `2026-04-01T00:00:00Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<Utc>);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%SZ"))
    }
}

impl FromStr for Timestamp {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .filter(|t| t.offset().local_minus_utc() == 0)
            .map(|t| Timestamp(t.with_timezone(&Utc)))
            .ok_or_else(|| ValueError::Timestamp(s.to_owned()))
    }
}

/// Serde as the value's string, for the report's typed values.
macro_rules! as_string {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

as_string!(Target, Exact, Timestamp);

/// The claim terms of a credits schedule, in the agreement's words, for
/// [`SettlementLine::claims`].
pub fn claim_terms(s: &slate_rules::Schedule) -> Vec<String> {
    let mut out = Vec::new();
    match s.applied {
        Some(slate_rules::Applied::Automatic) => out.push("applied automatically".to_owned()),
        Some(slate_rules::Applied::OnRequest) => out.push("applied on request".to_owned()),
        None => {}
    }
    if let Some(window) = claim_window::words(s) {
        let writing = if s.claim_in_writing {
            " in writing"
        } else {
            ""
        };
        out.push(format!("{window}{writing}"));
    }
    if let Some(by) = &s.claim_by {
        out.push(format!("claim by {by}"));
    }
    if s.unclaimed_lapse {
        out.push("unclaimed credits lapse".to_owned());
    }
    out
}

mod claim_window;

#[cfg(test)]
mod tests;
