//! Slate's executable rule sets.
//!
//! ```text
//!  Model ──from_model──▶ RuleSet ──serde──▶ slate.rules/v2 JSON ──▶ engines
//! ```
//!
//! The JSON rule set (`"schema": "slate.rules/v2"`) holds everything an
//! engine needs to measure an agreement and nothing it must guess: calendars
//! fully expanded, every objective with its events, conditions, clock, goals
//! and target, and its credits and bonus with fee amounts and caps. `slate
//! eval` runs from this file alone. Its JSON Schema is generated from the
//! types below ([`schema`]) and published as `docs/rules.schema.json`.
//!
//! Architecture invariant: this crate reads only the Model. The rule set is a
//! public, versioned format of its own: it changes only with its version, not
//! whenever the Model does.

#![forbid(unsafe_code)]

use chrono::NaiveDate;
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use slate_time::{Day, Period, TimeOfDay};

/// The version this crate writes and reads.
pub const SCHEMA: &str = "slate.rules/v2";

/// The earlier version this crate still reads. Version 2 adds hourly
/// periods, k of n components, downtime counted in units and duration
/// aggregates, each an optional member or a new variant, so a version 1
/// rule set is read as the version 2 rule set it already is (its digest
/// covers the version it states, which is kept).
pub const SCHEMA_V1: &str = "slate.rules/v1";

/// A rule set: an agreement's measurable terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// `slate.rules/v2` as written; `slate.rules/v1` in a rule set of the
    /// earlier version that was read.
    pub schema: String,
    /// Which agreement, and which exact terms, the rules come from.
    pub agreement: Agreement,
    /// Every calendar the objectives use, fully expanded.
    pub calendars: Vec<Calendar>,
    /// Every service, with its fee and the caps on its credits and bonuses.
    pub services: Vec<Service>,
    /// The objectives, in the agreement's order.
    pub objectives: Vec<Objective>,
    /// The fields of the data that the agreement declares, with the values
    /// each may hold (`field priority "P1", "P2"`), by name; absent when it
    /// declares none. Evaluation reports records that break them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The rights to end the agreement that evaluation reports on
    /// (`for cause after 3 consecutive months in breach`); absent when the
    /// agreement states none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<Termination>,
}

/// A declared field of the data: `field priority "P1", "P2"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The field, as records name it.
    pub name: String,
    /// The values it may hold, in the agreement's order.
    pub values: Vec<String>,
}

/// The agreement the rules come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// The title.
    pub title: String,
    /// The reference number, if stated.
    pub id: Option<String>,
    /// The version, if stated.
    pub version: Option<String>,
    /// The terms fingerprint (`slate-terms-v2:sha256:…`, see `docs/fingerprint.md`) printed on the contract.
    pub fingerprint: String,
    /// The digest of this rule set (`sha256:…`): the SHA-256 of its
    /// canonical JSON without this field (see `docs/rules.md`). Readers
    /// check it; it detects a changed rule set, but is not a signature.
    pub digest: String,
    /// The IANA time zone of periods and dates.
    #[serde(with = "value::zone")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// The ISO 4217 currency of every amount, if there is money.
    pub currency: Option<Currency>,
    /// Digits of the currency's minor unit (2 for GBP, 0 for JPY): money is
    /// rounded half to even to it, only at the end.
    pub minor_unit: Option<u32>,
    /// First day in force, `YYYY-MM-DD`.
    #[serde(with = "value::date")]
    #[schemars(with = "String")]
    pub effective_from: NaiveDate,
    /// Last day in force, `YYYY-MM-DD`; `null` until terminated.
    #[serde(with = "value::date::option")]
    #[schemars(with = "Option<String>")]
    pub effective_to: Option<NaiveDate>,
}

/// A calendar: when it is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Its name; `24x7` is always open.
    pub name: String,
    /// Open every second of every day; `weekly` and `closures` are then empty.
    pub always_open: bool,
    /// The IANA time zone of its local times.
    #[serde(with = "value::zone")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// Weekly opening intervals in local time.
    pub weekly: Vec<Interval>,
    /// Closed dates: every interval that starts on one of these local dates is removed.
    pub closures: Vec<Closure>,
}

/// A weekly opening interval, belonging to the local date it starts on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// The day it starts on: `monday` … `sunday`.
    pub day: Day,
    /// Local start time, `HH:MM`.
    pub start: TimeOfDay,
    /// Local end time, `HH:MM` (`24:00` ends the day); on the next day when `overnight`.
    pub end: TimeOfDay,
    /// Whether it runs past midnight into the next day.
    pub overnight: bool,
}

/// Closed dates, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// First closed date, `YYYY-MM-DD`.
    #[serde(with = "value::date")]
    #[schemars(with = "String")]
    pub from: NaiveDate,
    /// Last closed date, `YYYY-MM-DD`.
    #[serde(with = "value::date")]
    #[schemars(with = "String")]
    pub to: NaiveDate,
    /// Why, if stated.
    pub reason: Option<String>,
}

/// A service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Its name.
    pub name: String,
    /// Its title, if stated.
    pub title: Option<String>,
    /// The providing party.
    pub provider: String,
    /// The receiving party.
    pub customer: String,
    /// Its fee, if stated.
    pub fee: Option<Fee>,
    /// `fee billed per month` (added in v2, absent otherwise): the fee of
    /// each period of this length is the charges billed for the service in
    /// it, read from the bill file `slate eval --bill` is given; `fee` is
    /// then absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed: Option<Period>,
    /// `fee per component`: each component's own fee, the basis of a share
    /// of the fee in the credits (or bonus) of an objective measured per
    /// component; left out when not stated (then the service's fee is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_fee: Option<Fee>,
    /// Caps on the sum of all its credits.
    pub credit_caps: Vec<Cap>,
    /// Caps on the sum of all its bonuses.
    pub bonus_caps: Vec<Cap>,
    /// The least credit issued (added in v2, absent otherwise): the sum of
    /// the service's credits of a period, after caps and rounding, is issued
    /// only when above `amount` (`strict`) or at least `amount`; else it is
    /// withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_minimum: Option<Minimum>,
}

/// A minimum credit: `minimum more than USD 1.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Minimum {
    /// Exact decimal amount, such as `"1.00"`.
    pub amount: Amount,
    /// ISO 4217 currency: the agreement's.
    pub currency: Currency,
    /// `true`: issued only when strictly more (`more than`); `false`: when
    /// at least the amount (`at least`).
    pub strict: bool,
}

/// A fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Exact decimal amount, such as `"4000"`.
    pub amount: Amount,
    /// ISO 4217 currency.
    pub currency: Currency,
    /// Per what. The fee of a period is the fee per month times the months in
    /// it, where a quarterly or yearly fee is spread evenly over its months;
    /// compute percentages of it with every multiplication before the division.
    pub per: Period,
}

/// A cap on the sum of a service's credits (or bonuses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// The most that can be paid.
    pub amount: Payout,
    /// `null`: per period. A number N: over the last N periods, this one included.
    pub rolling_periods: Option<u64>,
    /// The period the cap counts in.
    pub period: Period,
}

/// What a tier or cap amounts to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Payout {
    /// A percentage of the service's fee for the period.
    PercentOfFee {
        /// Exact decimal percentage, such as `"10"`.
        percent: Percent,
        /// What the share is of, when not the service's fee (added in v2,
        /// optional).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
    },
    /// A fixed amount.
    Fixed {
        /// Exact decimal amount.
        amount: Amount,
        /// ISO 4217 currency.
        currency: Currency,
    },
    /// An exact fraction of the service's fee for the period (`1/30 of
    /// monthly fee`), at most the whole fee (added in v2).
    FractionOfFee {
        /// The numerator, at least 1.
        numerator: std::num::NonZeroU32,
        /// The denominator, at least the numerator.
        denominator: std::num::NonZeroU32,
        /// What the share is of, when not the service's fee (added in v2,
        /// optional).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
    },
    /// Days' shares of the service's fee for the period (`1 day of monthly
    /// fee`): the fee divided by the number of days in the settled period,
    /// times `days` (added in v2).
    DaysOfFee {
        /// The number of days, at least 1.
        days: std::num::NonZeroU32,
        /// What the share is of, when not the service's fee (added in v2,
        /// optional).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
    },
}

/// An attribute test: the item's `field` has one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The attribute.
    pub field: String,
    /// The values that match.
    pub values: Vec<String>,
}

/// An objective and the credits and bonus settled on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Its name, used as the objective's id in reports.
    pub name: String,
    /// Its title, if stated.
    pub title: Option<String>,
    /// The service it belongs to.
    pub service: String,
    /// Where the contract document states it, and what it says there.
    pub contract: ContractText,
    /// The measurement period.
    pub period: Period,
    /// The IANA time zone of its periods (and of maintenance windows).
    #[serde(with = "value::zone")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// Where a metrics system measures it, if the agreement says.
    pub source: Option<Source>,
    /// What is measured, and how.
    pub measure: Measure,
    /// Credits owed when it is missed, if any.
    pub credits: Option<Schedule>,
    /// A bonus earned when it is exceeded, if any.
    pub bonus: Option<Schedule>,
}

/// An objective's section of the contract document, for quoting it in
/// alerts and reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractText {
    /// The section number, such as `4.2`.
    pub section: String,
    /// The section's words as plain text on one line.
    pub text: String,
}

/// Where a metrics system measures an objective: series the author states
/// count its items as the contract defines them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// Prometheus counters: the SLI is `rate(good) / rate(total)`.
    PrometheusRatio {
        /// Selector of the good-events counter.
        good: String,
        /// Selector of the all-events counter.
        total: String,
    },
    /// A Prometheus latency histogram: good events are those in the bucket
    /// of the goal's budget (`_bucket{le="…"}`), all events its `_count`.
    PrometheusLatency {
        /// Selector of the histogram, named without `_bucket`.
        histogram: String,
    },
    /// Prometheus counters of a rate's numerator and denominator events:
    /// the rate is `increase(numerator) / increase(denominator)`.
    PrometheusRate {
        /// Selector of the numerator-events counter.
        numerator: String,
        /// Selector of the denominator-events counter.
        denominator: String,
    },
    /// A Prometheus probe series, 1 while the service answers and 0 while
    /// it does not: a unit of downtime is down when the series is 0 at any
    /// instant of it (`docs/rules.md`).
    PrometheusProbe {
        /// Selector of the probe series.
        probe: String,
    },
}

/// What an objective measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// Time from one event to another, against goals.
    TimeToEvent {
        /// What the items are called.
        noun: String,
        /// The event that starts the clock (the first one counts).
        start_event: String,
        /// The event that stops it (the first after the start).
        stop_event: String,
        /// The event that starts a new cycle after a stop, if any (`reopened` when the stop is `resolved`).
        reopen_event: Option<String>,
        /// Items count only when all of these hold.
        filter: Vec<Condition>,
        /// The clock is paused while this holds.
        pause: Option<Condition>,
        /// The calendar on which open time is counted.
        clock: String,
        /// The goals; the first whose conditions hold at the stop (or cut-off) applies.
        goals: Vec<Goal>,
        /// Items whose attributes match any of these do not count.
        exclude: Vec<Condition>,
        /// Exact decimal percentage of items that must meet their goal.
        target: Percent,
        /// Items with this event within this many real seconds of the start, and no stop, are ignored.
        ignore: Option<Ignore>,
    },
    /// Share of measured time the service is up.
    Availability {
        /// Components count only when all of these hold.
        filter: Vec<Condition>,
        /// Exact decimal percentage of availability required.
        target: Percent,
        /// The calendar of measured time.
        clock: String,
        /// Weekly maintenance windows, in the objective's time zone.
        maintenance: Vec<Interval>,
        /// Outages whose `down` event matches any of these do not count.
        exclude: Vec<Condition>,
        /// Merged outages shorter than this many seconds do not count (0: every second counts).
        min_outage_seconds: u64,
        /// Each component must meet the target on its own.
        per_component: bool,
        /// Which items' records it reads, chosen before `filter` applies.
        /// Absent: every item with `down` or `up` records, which only a
        /// rule set with one availability objective may leave implicit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<Items>,
        /// The service is down while at least this many of its listed `items`
        /// are down (k of n). Absent: while any one is (the union).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        components_down: Option<u64>,
        /// Downtime counted in whole units of this many seconds (a positive
        /// multiple of 60) from each period's start. Absent: to the second.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        downtime_unit_seconds: Option<u64>,
        /// With downtime counted in units: a unit is down by this error-rate
        /// rule alone, and `down`/`up` records are not read. Absent: a unit
        /// is down when any part of its measured time is downtime.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit_down: Option<UnitDown>,
    },
    /// Number of distinct items with an event in the period.
    Volume {
        /// What the items are called.
        noun: String,
        /// The event counted.
        event: String,
        /// Events count only when all of these hold.
        filter: Vec<Condition>,
        /// Events matching any of these do not count.
        exclude: Vec<Condition>,
        /// `at_least` or `at_most`.
        bound: Bound,
        /// The number.
        count: u64,
    },
    /// The average or a nearest-rank percentile of the elapsed times of
    /// items timed as for `time_to_event` (clock, pauses, cycles), in
    /// seconds, against a bound. Only stopped items count; pending,
    /// ignored and never-stopped items are left out and reported.
    DurationAggregate {
        /// What the items are called.
        noun: String,
        /// The event that starts the clock (the first one counts).
        start_event: String,
        /// The event that stops it (the first after the start).
        stop_event: String,
        /// The event that starts a new cycle after a stop, if any.
        reopen_event: Option<String>,
        /// Items count only when all of these hold.
        filter: Vec<Condition>,
        /// The clock is paused while this holds.
        pause: Option<Condition>,
        /// The calendar on which open time is counted.
        clock: String,
        /// Items whose attributes match any of these do not count.
        exclude: Vec<Condition>,
        /// Items with this event within this many real seconds of the start, and no stop, are ignored.
        ignore: Option<Ignore>,
        /// The average or a percentile.
        statistic: Statistic,
        /// How the value compares with the bound.
        comparison: Comparison,
        /// The bound, in open seconds on the clock.
        bound_seconds: u64,
        /// `round value to whole seconds`: each period's value is rounded to
        /// a whole number of `unit_seconds` before its verdict and remedies
        /// (added in v2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<Rounding>,
    },
    /// Items due by the date or instant their own attribute holds: an item
    /// is met when its first stop after its start is at or before the due
    /// instant (the attribute's value at the stop, or at the cut-off for an
    /// item not stopped); a date without a time is due at the local
    /// midnight that ends it. Each item belongs to the period of its due
    /// date; compliance is met items over met and breached ones.
    DueDate {
        /// What the items are called, such as `deliverables`.
        noun: String,
        /// The event that makes an item one of the objective's.
        start_event: String,
        /// The event that meets it.
        stop_event: String,
        /// Items count only when all of these hold.
        filter: Vec<Condition>,
        /// Items whose attributes match any of these do not count.
        exclude: Vec<Condition>,
        /// The attribute that holds each item's due date (`YYYY-MM-DD`) or
        /// instant (RFC 3339 with an offset).
        due_attribute: String,
        /// Exact decimal percentage of items that must be met.
        target: Percent,
    },
    /// A rate of counts: of the distinct items whose first denominator
    /// record falls in the period (after `filter`, `exclude` and `ignore`),
    /// the share with a numerator record anywhere before the cut-off,
    /// against a percentage. A period with no such item has no data.
    Rate {
        /// The numerator event, such as `abandoned`.
        numerator_event: String,
        /// The denominator event, such as `offered`.
        denominator_event: String,
        /// Items count only when all of these hold.
        filter: Vec<Condition>,
        /// Items whose attributes match any of these do not count.
        exclude: Vec<Condition>,
        /// Items with this event within this many real seconds of their
        /// first denominator record leave both counts.
        ignore: Option<Ignore>,
        /// How the rate compares with the bound.
        comparison: Comparison,
        /// The bound, a percentage from 0 to 100.
        percent: Percent,
    },
    /// The average or a nearest-rank percentile of samples: every record of
    /// `event` (before the cut-off, after `filter` and `exclude` on its own
    /// attributes) is one sample, its value the `attribute` read as an exact
    /// decimal, belonging to the period containing its `at`; against a
    /// bound in the same unit. A period with no sample has no data.
    SampleAggregate {
        /// The attribute that carries the number, such as `latency_ms`.
        attribute: String,
        /// The event of the records that are samples, such as `probe`.
        event: String,
        /// Records count only when all of these hold.
        filter: Vec<Condition>,
        /// Records whose attributes match any of these do not count.
        exclude: Vec<Condition>,
        /// The unit of the numbers and the bound, as declared (a label).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// The average or a percentile.
        statistic: Statistic,
        /// How the value compares with the bound.
        comparison: Comparison,
        /// The bound, an exact decimal in the samples' unit, such as `"65"`.
        #[schemars(with = "String")]
        bound_value: rust_decimal::Decimal,
    },
}

/// What a duration aggregate computes over its items' elapsed times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Statistic {
    /// The mean: the sum of the elapsed times divided by their number.
    Average {},
    /// The nearest-rank percentile: with the n times sorted ascending, the
    /// one at rank ⌈p·n/100⌉ (1-based); p is above 0 and below 100.
    Percentile {
        /// The percentile, such as `"95"`.
        p: Percent,
    },
}

/// How a duration aggregate compares with its bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Met when the value is at most the bound (≤).
    AtMost,
    /// Met when the value is below the bound (<).
    Below,
    /// Met when the value is at least the bound (≥).
    AtLeast,
    /// Met when the value is above the bound (>).
    Above,
}

impl Comparison {
    /// The words the language writes it with: `at most`, `below`, …
    pub fn words(self) -> &'static str {
        match self {
            Comparison::AtMost => "at most",
            Comparison::Below => "below",
            Comparison::AtLeast => "at least",
            Comparison::Above => "above",
        }
    }
}

/// Which items' records an availability objective reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Items {
    /// The items with these ids (the records' `id`), each once.
    Ids {
        /// The item ids.
        ids: Vec<String>,
    },
    /// The items whose `service` attribute is the objective's `service`: the
    /// value of the latest of the item's records that carries one, as every
    /// attribute of an item stands at the cut-off.
    // A variant with fields (none), so that reading refuses `ids` or any
    // other field beside `kind`, as the schema does, rather than drop it.
    OfService {},
}

/// Whether a volume is a minimum or a maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Met when the count is at least the number.
    AtLeast,
    /// Met when the count is at most the number.
    AtMost,
}

/// A goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Conditions that must all hold; empty matches every item.
    pub when: Vec<Condition>,
    /// Whether it was written `otherwise` (it then matches every item).
    pub otherwise: bool,
    /// The time allowed.
    pub budget: Budget,
    /// The calendar the budget is measured on.
    pub calendar: String,
    /// The goal's own target, when every goal carries one (`target per
    /// goal`): each goal then has its own compliance and verdict, and the
    /// measure's `target` is not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Percent>,
    /// When the goal's items must have arrived (their first start), on top
    /// of `when`; absent when the goal does not depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
}

/// When a goal's items arrived, read at their first start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Arrival {
    /// The start is open on the calendar: inside an opening interval, an
    /// opening included and a close not.
    During {
        /// The calendar, one of `calendars`.
        calendar: String,
    },
    /// The start is not open on the calendar.
    Outside {
        /// The calendar, one of `calendars`.
        calendar: String,
    },
    /// The start's local date, in the objective's `timezone`, is from
    /// `from` to `to` inclusive, compared as (month, day); the range wraps
    /// the year's end when `to` is before `from`.
    Season {
        /// The first day, `MM-DD`.
        from: MonthDay,
        /// The last day, `MM-DD`.
        to: MonthDay,
    },
}

/// The time a goal allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Budget {
    /// Open seconds on the goal's calendar.
    Seconds(u64),
    /// To the close of the N-th open day of the goal's calendar.
    BusinessDays(u64),
}

/// `ignore abandoned within 5 seconds`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    /// The event.
    pub event: String,
    /// Real seconds after the start.
    pub within_seconds: u64,
}

mod remedy;
pub use remedy::{
    Applied, BusinessTerm, BusinessUnit, Direction, PerDowntime, PerUnitValue, Rounding, Schedule,
    Term, Tier, Ties,
};

mod aggregate;
pub mod average;
mod basis;
pub use basis::Basis;
mod bucket;
mod convert;
mod due;
mod hours;
mod lateness;
pub mod monitor;
mod monitor_alerts;
mod name;
pub mod openslo;
mod probe;
pub mod problems;
pub mod prometheus;
mod rate_rules;
mod read;
mod strict;
pub use lateness::{ItemCap, LateUnit, Lateness};
mod termination;
pub use termination::{ForCause, ForCauseWindow, Suspend, Termination};
mod unit_down;
pub use unit_down::UnitDown;
pub mod value;
mod yaml;
pub use convert::{BuildError, Sections, from_model};
pub use problems::{Problem, problems};
pub use read::{JsonError, ReadError, digest, from_json, item_problems};
pub use strict::{MAX_QUOTED, clip, given_twice};
pub use value::{Amount, Currency, MonthDay, Percent, TermUnit, ValueError};

/// The JSON Schema of [`RuleSet`], as published in `docs/rules.schema.json`.
#[expect(
    clippy::expect_used,
    reason = "a schema is a tree of string-keyed maps, which serializes"
)]
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleSet)).expect("a schema serializes")
}

/// The rule set as pretty JSON, ending with a newline.
///
/// Writing a rule set cannot fail: `serde_json` fails only on a map whose
/// keys are not strings or a `Serialize` impl that returns an error, and the
/// rule set has neither (its impls are derived, or write a string).
#[expect(
    clippy::expect_used,
    reason = "infallible, as said above: no rule set is ever written empty"
)]
pub fn to_json(rules: &RuleSet) -> String {
    let mut s = serde_json::to_string_pretty(rules).expect("a rule set serializes");
    s.push('\n');
    s
}

/// Whether `o` is an availability objective measured per component.
pub fn per_component(o: &Objective) -> bool {
    matches!(
        o.measure,
        Measure::Availability {
            per_component: true,
            ..
        }
    )
}

/// The service as the remedies of a per-component objective `o` see it:
/// its fee is each component's own (`fee per component`), when it states
/// one; `None` otherwise.
pub fn component_service(service: &Service, o: &Objective) -> Option<Service> {
    let fee = service.component_fee.clone()?;
    per_component(o).then(|| Service {
        fee: Some(fee),
        ..service.clone()
    })
}
