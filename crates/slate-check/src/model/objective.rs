//! Objectives in the Model: what each measures, its goals, budgets,
//! availability, volumes, rates, aggregates and metric sources.

use rust_decimal::Decimal;
use serde::Serialize;

use super::*;

/// A service level objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Objective {
    /// The name.
    pub name: String,
    /// The display title, if given.
    pub title: Option<String>,
    /// The service.
    pub service: String,
    /// The measurement period.
    pub period: Period,
    /// The IANA time zone of the periods: its own, or the agreement's.
    #[serde(serialize_with = "zone")]
    pub timezone: Tz,
    /// Where a metrics system measures it, if stated. Not a term of the
    /// contract, so not part of the canonical JSON or the fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<MetricSource>,
    /// What is measured.
    #[serde(flatten)]
    pub kind: ObjectiveKind,
}

/// Where a metrics system measures an objective. The series are the
/// author's statement that they count the objective's items as the contract
/// defines them; Slate checks their syntax.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MetricSource {
    /// Prometheus counters of good events and of all events.
    PrometheusRatio {
        /// Selector of the good-events counter.
        good: String,
        /// Selector of the all-events counter.
        total: String,
    },
    /// A Prometheus latency histogram (its `_bucket` and `_count` series).
    PrometheusLatency {
        /// Selector of the histogram, named without `_bucket`.
        histogram: String,
    },
    /// Prometheus counters of a rate's numerator and denominator events.
    PrometheusRate {
        /// Selector of the numerator-events counter.
        numerator: String,
        /// Selector of the denominator-events counter.
        denominator: String,
    },
    /// A Prometheus probe series: 1 while the service answers, 0 while it
    /// does not.
    PrometheusProbe {
        /// Selector of the probe series.
        probe: String,
    },
}

/// What an objective measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectiveKind {
    /// Time from one event to another, against goals: tickets, calls, follow-ups.
    TimeToEvent(TimeToEvent),
    /// Share of measured time a service is up.
    Availability(Availability),
    /// Number of items in a period.
    Volume(Volume),
    /// The average or a percentile of the items' elapsed times, against a bound.
    DurationAggregate(DurationAggregate),
    /// The share of the items with one event that also have another.
    Rate(Rate),
    /// Items each due by the date or instant one of their own attributes
    /// holds: deliverables, milestones.
    DueDate(DueDate),
    /// The average or a percentile of the numbers written on records,
    /// against a bound.
    SampleAggregate(SampleAggregate),
}

/// `measure deliverables from assigned until delivered` with `due by
/// due_date`: each item is met when its stop is at or before the due
/// instant its attribute holds at the stop (or cut-off); a date without a
/// time is due at the end of that local date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueDate {
    /// What the items are called.
    pub noun: String,
    /// The event that makes an item one of the objective's.
    pub start: String,
    /// The event that meets it (the first one after the start).
    pub stop: String,
    /// Which items count (all must hold).
    pub filter: Vec<Condition>,
    /// Items whose attributes match any of these at the stop (or cut-off) do not count.
    pub exclude: Vec<Condition>,
    /// The attribute holding each item's due date (`YYYY-MM-DD`) or instant (RFC 3339).
    pub attribute: String,
    /// Share of items that must be met, in percent.
    pub target: Decimal,
}

/// `sample latency_ms on probe in milliseconds` with `average at most 65
/// milliseconds per month`: each matching record is one sample, its value
/// the named attribute read as an exact decimal, and it belongs to the
/// period containing its `at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SampleAggregate {
    /// The attribute that carries the number.
    pub attribute: String,
    /// The event of the records that are samples.
    pub event: String,
    /// Which records count (all must hold).
    pub filter: Vec<Condition>,
    /// Records whose attributes match any of these do not count.
    pub exclude: Vec<Condition>,
    /// The unit the numbers are in, as declared after `in`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The average or a percentile.
    pub statistic: Statistic,
    /// How the value compares with the bound.
    pub comparison: Comparison,
    /// The bound, in the samples' unit.
    pub bound: Decimal,
    /// The bound as the author wrote it: `65 milliseconds`, `1%`, `3 minutes`.
    pub bound_written: String,
}

/// The seconds in a unit of time that samples may be declared in
/// (`milliseconds`, `seconds`, `minutes`, `hours`, or one of them), exactly.
pub fn time_unit_seconds(unit: &str) -> Option<Decimal> {
    match unit_singular(unit)? {
        "millisecond" => Some(Decimal::new(1, 3)),
        "second" => Some(Decimal::ONE),
        "minute" => Some(Decimal::from(60)),
        "hour" => Some(Decimal::from(3600)),
        _ => None,
    }
}

/// The units whose singular Slate knows: the units of time that samples
/// may be declared in.
const KNOWN_UNITS: [&str; 4] = ["millisecond", "second", "minute", "hour"];

/// The singular of a unit label Slate knows, given in the singular or the
/// plural (`millisecond` of `milliseconds`), paired as a bound's unit is
/// paired with the samples' (the word, or the word and `s`). Any other
/// label has no known singular (`requests`, `ms`, `percent`): `None`, and
/// it is written as declared.
pub fn unit_singular(unit: &str) -> Option<&'static str> {
    KNOWN_UNITS
        .into_iter()
        .find(|one| unit == *one || unit.strip_suffix('s') == Some(one))
}

/// `rate abandoned of offered at most 5% per quarter`: of the distinct
/// items whose first `offered` record is in the period (after filters,
/// exclusions and ignored items), the share with an `abandoned` record
/// before the cut-off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// The numerator event.
    pub numerator: String,
    /// The denominator event.
    pub denominator: String,
    /// Which items count (all must hold).
    pub filter: Vec<Condition>,
    /// Items whose attributes match any of these do not count.
    pub exclude: Vec<Condition>,
    /// Items with this event this soon after the denominator event are left
    /// out of both counts.
    pub ignore: Option<Ignore>,
    /// How the rate compares with the bound.
    pub comparison: Comparison,
    /// The bound, a percentage from 0 to 100.
    pub percent: Decimal,
}

/// `measure calls from offered until answered` with `average at most 30
/// seconds per quarter`: the items are timed as for a time-to-event
/// objective (clock, pauses, cycles), and their elapsed times aggregated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DurationAggregate {
    /// What the items are called.
    pub noun: String,
    /// The event that starts the clock.
    pub start: String,
    /// The event that stops it.
    pub stop: String,
    /// The event that starts a new cycle after a stop, as for time-to-event.
    #[serde(skip)]
    pub reopen_event: Option<String>,
    /// Which items count (all must hold).
    pub filter: Vec<Condition>,
    /// While this holds, the clock is paused.
    pub pause: Option<Condition>,
    /// The calendar on which open time is counted.
    pub clock: String,
    /// Items whose attributes match any of these at the stop (or cut-off) do not count.
    pub exclude: Vec<Condition>,
    /// Items abandoned this soon after the start, and never stopped, are ignored.
    pub ignore: Option<Ignore>,
    /// The average or a percentile.
    pub statistic: Statistic,
    /// How the value compares with the bound.
    pub comparison: Comparison,
    /// The bound, in open seconds on the clock.
    pub bound_seconds: u64,
    /// The bound as the author wrote it, when Slate would word it otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound_written: Option<Length>,
    /// `round value to whole seconds`: each period's value is rounded so
    /// before its verdict and remedies; left out of the serialization when
    /// not stated, so other agreements keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<Rounding>,
}

/// `round value to whole seconds half even`: the measured value rounded to
/// a whole number of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rounding {
    /// The unit, in seconds: 1 for seconds, 60 for minutes, 3600 for hours.
    pub unit_seconds: u64,
    /// Ties to the even multiple (`half even`); otherwise up (`half up`, the default).
    pub half_even: bool,
}

/// What a duration aggregate computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "p", rename_all = "snake_case")]
pub enum Statistic {
    /// The mean: sum / count.
    Average,
    /// The nearest-rank percentile p (0 < p < 100).
    Percentile(Decimal),
}

/// A time-to-event objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeToEvent {
    /// What the items are called.
    pub noun: String,
    /// The event that starts the clock.
    pub start: String,
    /// The event that stops it.
    pub stop: String,
    /// The event that starts a new cycle after a stop, if any: `reopened`
    /// when the stop is `resolved` (docs/semantics.md, time-to-event
    /// objectives: "For an objective whose stop is `resolved`, a
    /// `reopened` event after a stop starts a new cycle"). The checker
    /// decides it; backends only read it. Left out of the serialization:
    /// it follows from `stop`, so it says nothing the terms do not, and
    /// the fingerprint stays the same.
    #[serde(skip)]
    pub reopen_event: Option<String>,
    /// Which items count (all must hold).
    pub filter: Vec<Condition>,
    /// While this holds, the clock is paused.
    pub pause: Option<Condition>,
    /// The calendar on which open time is counted.
    pub clock: String,
    /// The goals, first match wins.
    pub goals: Vec<Goal>,
    /// Items whose attributes match any of these at the stop (or cut-off) do not count.
    pub exclude: Vec<Condition>,
    /// Share of items that must meet their goal, in percent. When every
    /// goal carries its own target (`Goal::target`), this is the lowest of
    /// them and is not a term of the contract: readers use the goals'.
    pub target: Decimal,
    /// Items abandoned this soon after the start, and never stopped, are ignored.
    pub ignore: Option<Ignore>,
}

/// `ignore abandoned within 5 seconds`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ignore {
    /// The event.
    pub event: String,
    /// Real seconds after the start.
    pub within_seconds: u64,
    /// The length as the author wrote it, when Slate would word it
    /// otherwise (`120 seconds`, not `2 minutes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Length>,
}

/// A goal: items matching `when` must stop within `budget` on `calendar`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// Conditions that must all hold; empty matches every item.
    pub when: Vec<Condition>,
    /// Whether it was written `otherwise`.
    pub otherwise: bool,
    /// The time allowed.
    pub budget: Budget,
    /// The time allowed as the author wrote it, when Slate would word it
    /// otherwise (`24 hours`, not `1 day`): the document keeps the author's
    /// unit. Absent when the words are the same, so the fingerprint of an
    /// agreement whose document does not change stays the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Length>,
    /// The calendar on which it is measured.
    pub calendar: String,
    /// The goal's own target, in percent, when each goal carries one
    /// (`target per goal per month`); then `TimeToEvent::target` is not
    /// used. Absent otherwise, so existing fingerprints stay the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Decimal>,
    /// When the goal's items must have arrived (their first start), on top
    /// of `when`. Absent when the goal does not depend on it, so existing
    /// fingerprints stay the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
}

/// When a goal's items arrived, read at their first start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arrival {
    /// The start is open on the calendar (at an opening: open; at a close: closed).
    During {
        /// The calendar.
        calendar: String,
    },
    /// The start is not open on the calendar.
    Outside {
        /// The calendar.
        calendar: String,
    },
    /// The start's local date, in the objective's time zone, is in a yearly
    /// range, inclusive, which wraps the year's end when `to` is before `from`.
    Season {
        /// The first day.
        from: MonthDay,
        /// The last day.
        to: MonthDay,
    },
}

/// A day of the year that exists in some year (`29 February` does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthDay {
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's length (29 for February).
    pub day: u32,
}

/// The time allowed by a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Budget {
    /// Open seconds on the goal's calendar.
    Seconds(u64),
    /// To the close of the N-th open day of the goal's calendar.
    BusinessDays(u64),
}

/// An availability objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// Which items (components) count.
    pub filter: Vec<Condition>,
    /// Availability required, in percent.
    pub target: Decimal,
    /// The calendar of measured time.
    pub clock: String,
    /// Weekly maintenance windows, in local time of the objective's `timezone`.
    pub maintenance: Vec<Opening>,
    /// Outages whose start event matches any of these do not count.
    pub exclude: Vec<Condition>,
    /// Merged outages shorter than this do not count (0: every second counts).
    pub min_outage_seconds: u64,
    /// The minimum as the author wrote it, when Slate would word it otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_outage_written: Option<Length>,
    /// Each component must meet the target on its own.
    pub per_component: bool,
    /// Which items' records it reads; `None`: every item with `down` or
    /// `up` records (only when the agreement has no other availability
    /// objective). Absent from the encoding when `None`, so the terms of
    /// agreements that do not name items keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Items>,
    /// `down when at least k components are down`: the service is down while
    /// at least k of its listed components are (`None`: any one, the union).
    /// Absent from the encoding when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components_down: Option<u64>,
    /// `downtime in units of 1 minute`: downtime counted in whole units of
    /// this length from each period's start. Absent from the encoding when
    /// `None` (downtime to the second).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downtime_unit: Option<DowntimeUnit>,
    /// `downtime when errors of requests above 5% on request_stats`: a
    /// unit's state comes from this rule alone, not from `down`/`up`
    /// records. Absent from the encoding when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_down: Option<UnitDown>,
}

/// The error-rate rule of downtime counted in units: a unit is down when the
/// sum of `errors` over the `event` records inside it, divided by the sum of
/// `total`, compares with `percent` (`above`: strictly over it); a unit with
/// no such records, or a total of 0, is up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitDown {
    /// The attribute counting errors.
    pub errors: String,
    /// The attribute counting everything the errors are a share of.
    pub total: String,
    /// The event kind of the records carrying the counts.
    pub event: String,
    /// `above` or `at least`.
    pub comparison: Comparison,
    /// The bound, a percentage.
    pub percent: Decimal,
}

/// The unit downtime is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DowntimeUnit {
    /// Its length in seconds, a positive multiple of 60.
    pub seconds: u64,
    /// The length as the author wrote it, when Slate would word it otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Length>,
}

/// Which items' records an availability objective reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum Items {
    /// The items with these ids (the records' `id`), in the order written.
    Ids(Vec<String>),
    /// The items whose `service` attribute, as their latest record that
    /// carries one gives it, is the objective's service.
    OfService,
}

/// A volume objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// What the items are called.
    pub noun: String,
    /// The event counted.
    pub event: String,
    /// Which events count (all must hold).
    pub filter: Vec<Condition>,
    /// Events matching any of these are not counted.
    pub exclude: Vec<Condition>,
    /// `at least` (true) or `at most` (false).
    pub at_least: bool,
    /// The number.
    pub count: u64,
}
