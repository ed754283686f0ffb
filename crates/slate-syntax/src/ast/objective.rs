//! Objectives and the statements in them: what is measured, goals,
//! targets, availability, volumes, rates, aggregates and metric sources.

use serde::Serialize;

use super::{
    Condition, Duration, Event, Hours, Int, Name, Number, Override, PeriodLit, Stmt, Text,
};
use crate::span::Span;

/// `objective name "Title" { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Objective {
    /// The name.
    pub name: Name,
    /// The display title, if given.
    pub title: Option<Text>,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<ObjectiveStmt>,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside an objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectiveStmt {
    /// `service name`.
    Service(Stmt<Name>),
    /// `measure tickets from created until replied`.
    Measure(Stmt<Measure>),
    /// `pause while status is "…"`.
    Pause(Stmt<Condition>),
    /// `clock calendar`.
    Clock(Stmt<Name>),
    /// `goal … within …`.
    Goal(Stmt<Goal>),
    /// `target 95% of tickets per month`.
    Target(Stmt<Target>),
    /// `target per goal per month`: each goal carries its own target.
    TargetPerGoal(Stmt<PeriodLit>),
    /// `ignore abandoned within 5 seconds`.
    Ignore(Stmt<Ignore>),
    /// `uptime at least 99.9% per month`.
    Uptime(Stmt<Uptime>),
    /// `exclude maintenance sunday 02:00-04:00`.
    Maintenance(Stmt<Hours>),
    /// `exclude cause "customer"`: items (or outages) matching it do not count.
    Exclude(Stmt<Condition>),
    /// `count outages of at least 1 minute`.
    MinOutage(Stmt<Duration>),
    /// `count leads on lead where …`.
    Count(Stmt<Count>),
    /// `at least 200 per month`.
    Threshold(Stmt<Threshold>),
    /// `per component`.
    PerComponent(Stmt<()>),
    /// `items "api-eu", "api-us"` or `items of service`.
    Items(Stmt<Items>),
    /// `down when at least 2 components are down`: k of the listed components.
    DownWhen(Stmt<Int>),
    /// `downtime in units of 1 minute`: downtime counted in whole units.
    DowntimeUnits(Stmt<Duration>),
    /// `timezone "…"` (for periods).
    Timezone(Stmt<Text>),
    /// `source prometheus { … }`.
    Source(Source),
    /// `average at most 30 seconds per quarter` or `p95 at most 4 hours per month`.
    Aggregate(Stmt<Aggregate>),
    /// `rate abandoned of offered at most 5% per quarter`.
    Rate(Stmt<Rate>),
    /// `due by due_date`: each item is due by the date or instant its own
    /// attribute holds.
    Due(Stmt<Name>),
    /// `sample latency_ms on probe in milliseconds where region is "eu"`.
    Sample(Stmt<Sample>),
    /// `average at most 65 milliseconds per month`: a bound on the samples.
    SampleAggregate(Stmt<SampleAggregate>),
    /// `downtime when errors of requests above 5% on request_stats`: the
    /// error-rate rule of downtime counted in units.
    UnitDown(Stmt<UnitDown>),
    /// `round value to whole seconds half even`: the measured value of each
    /// period rounded before verdicts and remedies.
    RoundValue(Stmt<RoundValue>),
}

/// `round value to whole seconds`, optionally `half even` or `half up`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoundValue {
    /// The unit as written after `whole`: `seconds`.
    pub unit: Name,
    /// `half even` (true) or `half up` (false, also when not written).
    pub half_even: bool,
    /// Where `half …` is written, if it is.
    pub half: Option<Span>,
}

/// `sample latency_ms on probe in milliseconds where region is "eu"`: the
/// numbers written on records, one sample per record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sample {
    /// The attribute that carries the number: `latency_ms`.
    pub attribute: Name,
    /// The records' event: `probe`.
    pub event: Event,
    /// The unit the bound is written in, after `in`: `milliseconds`.
    pub unit: Option<Name>,
    /// Which records count (all must hold).
    pub filter: Vec<Condition>,
}

/// `average below 1% per month`: a bound on the average or a percentile
/// of the samples, in their unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SampleAggregate {
    /// `average` or `pNN`.
    pub statistic: Statistic,
    /// How the value compares with the bound.
    pub comparison: Comparison,
    /// The bound's number.
    pub bound: Number,
    /// The bound's unit as written: `%` or a word; none for a bare number.
    pub unit: Option<Name>,
    /// The period.
    pub per: PeriodLit,
}

/// `downtime when errors of requests above 5% on request_stats`: a unit of
/// downtime is down when the sum of the first attribute over the records
/// inside it, divided by the sum of the second, compares with the bound.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitDown {
    /// The attribute counting errors: `errors`.
    pub errors: Name,
    /// The attribute counting everything: `requests`.
    pub total: Name,
    /// How the rate compares with the bound.
    pub comparison: Comparison,
    /// Where the comparison is written.
    pub comparison_span: Span,
    /// The bound, a percentage.
    pub percent: Number,
    /// The event kind of the records carrying the counts.
    pub event: Event,
}

/// `rate abandoned of offered at most 5% per quarter`: the share of the
/// items with the denominator event that also have the numerator event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// The numerator event: `abandoned`.
    pub numerator: Event,
    /// The denominator event: `offered`.
    pub denominator: Event,
    /// Which items count (conditions after the denominator).
    pub filter: Vec<Condition>,
    /// How the rate compares with the bound.
    pub comparison: Comparison,
    /// The bound, a percentage.
    pub percent: Number,
    /// The period.
    pub per: PeriodLit,
}

/// `average at most 30 seconds per quarter`: a bound on an aggregate of
/// the measured durations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Aggregate {
    /// `average` or `pNN`.
    pub statistic: Statistic,
    /// How the value compares with the bound.
    pub comparison: Comparison,
    /// The bound.
    pub bound: Duration,
    /// The period.
    pub per: PeriodLit,
}

/// What is aggregated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "p", rename_all = "snake_case")]
pub enum Statistic {
    /// `average`.
    Average(Span),
    /// `p95`: the nearest-rank percentile, as written after the `p`.
    Percentile(Number),
}

/// How a value compares with its bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `at most`: ≤.
    AtMost,
    /// `below`: <.
    Below,
    /// `at least`: ≥.
    AtLeast,
    /// `above`: >.
    Above,
}

/// Which items' records an availability objective reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum Items {
    /// `items "api-eu", "api-us"`: the items with these ids.
    Ids(Vec<Text>),
    /// `items of service`: the items whose records carry the objective's
    /// service as their `service` attribute.
    OfService(Span),
}

/// `source prometheus { good "…" total "…" }`: where a metrics system measures the objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The statements inside.
    pub stmts: Vec<SourceStmt>,
    /// `source prometheus`.
    pub head: Span,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported).
    pub recovered: bool,
}

/// A statement inside a metric source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceStmt {
    /// `good "selector"`: a counter of good events.
    Good(Stmt<Text>),
    /// `total "selector"`: a counter of all events.
    Total(Stmt<Text>),
    /// `latency "selector"`: a latency histogram, named without `_bucket`.
    Latency(Stmt<Text>),
    /// `numerator "selector"`: a counter of a rate's numerator events.
    Numerator(Stmt<Text>),
    /// `denominator "selector"`: a counter of a rate's denominator events.
    Denominator(Stmt<Text>),
    /// `probe "selector"`: a series that is 1 while the service answers
    /// and 0 while it does not.
    Probe(Stmt<Text>),
}

/// `measure tickets from created until replied where queue is "web"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Measure {
    /// What the items are called: `tickets`.
    pub noun: Name,
    /// The event that starts the clock.
    pub start: Event,
    /// The event that stops it.
    pub stop: Event,
    /// Which items count.
    pub filter: Vec<Condition>,
}

/// What selects a goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "conditions", rename_all = "snake_case")]
pub enum GoalWhen {
    /// Every item (no condition written).
    Always,
    /// Items not matched by an earlier goal: `otherwise`.
    Otherwise(Span),
    /// Items matching all the conditions.
    When(Vec<Condition>),
}

/// `goal priority "P1" within 1 hour on 24x7`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// Which items.
    pub when: GoalWhen,
    /// The budget.
    pub within: Duration,
    /// The calendar the budget is measured on, instead of the objective's clock.
    pub on: Option<Name>,
    /// The goal's own target (`, target 90%`), when each goal carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Number>,
    /// When the goal's items arrived (`arriving during core_hours`), if
    /// the goal depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
}

/// When a goal's items arrived, read at their first start:
/// `arriving during core_hours`, `arriving outside core_hours`,
/// `arriving from 1 November to 30 April`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arrival {
    /// While the calendar is open: `during core_hours`.
    During {
        /// The calendar.
        calendar: Name,
    },
    /// While the calendar is closed: `outside core_hours`.
    Outside {
        /// The calendar.
        calendar: Name,
    },
    /// On a yearly range of local dates, inclusive: `from 1 November to 30 April`.
    Season {
        /// The first day.
        from: MonthDay,
        /// The last day.
        to: MonthDay,
    },
}

/// A day of the year as written, such as `30 April`: not checked to exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthDay {
    /// The day of the month, as written (`0` and `31 April` are read, for
    /// the checker to refuse).
    pub day: u32,
    /// The month, 1 to 12.
    pub month: u32,
    /// Where it is written.
    pub span: Span,
}

/// `target 95% of tickets per month`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The share that must meet their goal.
    pub percent: Number,
    /// The noun, if written.
    pub of: Option<Name>,
    /// The period.
    pub per: PeriodLit,
}

/// `ignore abandoned within 5 seconds`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ignore {
    /// The event.
    pub event: Event,
    /// How soon after the start.
    pub within: Duration,
}

/// `uptime at least 99.9% per month`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Uptime {
    /// The availability required.
    pub percent: Number,
    /// The period.
    pub per: PeriodLit,
    /// Which items (components) count.
    pub filter: Vec<Condition>,
}

/// `count leads on lead where qualified is "yes"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    /// What the items are called: `leads`.
    pub noun: Name,
    /// The event counted.
    pub event: Event,
    /// Which events count.
    pub filter: Vec<Condition>,
}

/// `at least 200 per month`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// `at least` (true) or `at most` (false).
    pub at_least: bool,
    /// How many.
    pub count: Int,
    /// The noun, if written.
    pub noun: Option<Name>,
    /// The period.
    pub per: PeriodLit,
}
