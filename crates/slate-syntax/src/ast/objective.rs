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
    /// `downtime when errors of requests above 5% on request_stats`: the
    /// error-rate rule of downtime counted in units.
    UnitDown(Stmt<UnitDown>),
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
