//! The typed syntax tree. Every node keeps its byte span, so every later
//! diagnostic can point at source text. Values are kept as written (numbers as
//! text, dates as numbers not yet validated): the checker decides what they mean.

use serde::Serialize;

use crate::span::Span;

/// A name as written, such as `office_hours`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The name.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// A string literal, unescaped (or a prose block, dedented).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The value after unescaping.
    pub value: String,
    /// Where it is written, quotes included.
    pub span: Span,
}

/// A number as written: digits with an optional fraction, such as `99.9`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Number {
    /// The digits (thousands separators removed); empty when the number
    /// could not be read (and was reported), so no later check repeats it.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// A whole number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Int {
    /// The value.
    pub value: u64,
    /// Where it is written.
    pub span: Span,
}

/// A date as written; the checker decides whether it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-based as written.
    pub month: u32,
    /// Day of month as written.
    pub day: u32,
    /// Where it is written.
    pub span: Span,
}

/// A time of day as written; the checker decides whether it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Time {
    /// Hour as written.
    pub hour: u32,
    /// Minute as written.
    pub minute: u32,
    /// Where it is written.
    pub span: Span,
}

/// `09:00-17:30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimeRange {
    /// Opening time.
    pub from: Time,
    /// Closing time; not after `from` means the range runs into the next day.
    pub to: Time,
    /// The whole range.
    pub span: Span,
}

/// A day of the week: slate-time's, which the rule set, the engine and
/// open time use too.
pub use slate_time::Day as Weekday;

/// `monday` or `monday to friday`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DayRange {
    /// First day.
    pub from: Weekday,
    /// Last day (the same as `from` for a single day). `friday to monday` wraps over the weekend.
    pub to: Weekday,
    /// Where it is written.
    pub span: Span,
}

/// A measurement or reporting period: slate-time's, which the rule set
/// and the engine use too.
pub use slate_time::Period;

/// A period word with its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodLit {
    /// The period.
    pub period: Period,
    /// Where it is written.
    pub span: Span,
}

/// `3 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// How many.
    pub count: Int,
    /// Of what.
    pub unit: PeriodLit,
    /// The whole phrase.
    pub span: Span,
}

/// The unit of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days of 24 hours.
    Days,
    /// Weeks of 7 days.
    Weeks,
    /// Calendar months: for contract terms (notice, claims), never for goals.
    Months,
    /// Hours of open time on a business calendar.
    BusinessHours,
    /// Business days: to the close of the N-th open day.
    BusinessDays,
}

/// `4 hours`, `2 business days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Duration {
    /// How many.
    pub count: Int,
    /// Of what.
    pub unit: DurationUnit,
    /// Where the unit is written.
    pub unit_span: Span,
    /// The whole phrase.
    pub span: Span,
}

/// `GBP 4,000.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Money {
    /// The currency code.
    pub currency: Name,
    /// The amount.
    pub amount: Number,
    /// The whole phrase.
    pub span: Span,
}

/// An event name: `created` or `"first-reply"`.
pub type Event = Text;

/// `priority "P1"` or `status is "waiting" or "on_hold"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The attribute tested.
    pub field: Name,
    /// The values that match.
    pub values: Vec<Text>,
    /// The whole condition.
    pub span: Span,
}

/// A whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct File {
    /// The imports at the top of the file, in source order.
    pub imports: Vec<Import>,
    /// The agreements in the file (a valid agreement file has exactly one;
    /// a library file has none).
    pub agreements: Vec<Agreement>,
    /// Definitions outside any agreement, in a library file: parties,
    /// calendars, services, objectives and clauses.
    pub definitions: Vec<Item>,
    /// Whether text outside the agreement could not be read (and was reported).
    pub recovered: bool,
}

/// `import "shared.sla"`, `import "corporate.sla" as corp`, `import "shared.sla" { office_hours }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Import {
    /// The path, relative to the importing file.
    pub path: Text,
    /// The alias that qualifies every imported name: `corp` in `as corp`.
    pub alias: Option<Name>,
    /// The names brought, when the import selects them.
    pub names: Option<Vec<Name>>,
    /// The whole statement.
    pub span: Span,
}

/// `override` before a definition, with the optional acknowledgement
/// `because "…"` of a weakened guarantee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Override {
    /// The `override` keyword.
    pub span: Span,
    /// Why the override may weaken what it inherits.
    pub because: Option<Text>,
}

/// `agreement "Title" { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// The title.
    pub title: Text,
    /// The agreement this one builds on: `extends "corporate.sla"`.
    pub extends: Option<Text>,
    /// The statements and blocks, in source order.
    pub items: Vec<Item>,
    /// Whether a line that could not be read may have defined a name (it
    /// opened a block, or began with a word like `party` or `clause`).
    pub lost_definition: bool,
    /// `agreement "Title"`.
    pub head: Span,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement or block inside an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// `id "…"`.
    Id(Stmt<Text>),
    /// `version "…"`.
    Version(Stmt<Text>),
    /// `effective D to D`.
    Effective(Stmt<Effective>),
    /// `timezone "…"`.
    Timezone(Stmt<Text>),
    /// `currency GBP`.
    Currency(Stmt<Name>),
    /// `owner party`.
    Owner(Stmt<Name>),
    /// `review every 3 months`.
    Review(Stmt<PeriodCount>),
    /// `amendments by both parties` or `amendments by provider`.
    Amendments(Stmt<AmendedBy>),
    /// `report monthly to customer`.
    Report(Stmt<Report>),
    /// `field priority "P1", "P2"`.
    Field(Stmt<Field>),
    /// `event created as "logging of the ticket"`.
    Event(Stmt<EventLabel>),
    /// `party …`.
    Party(Party),
    /// `calendar …`.
    Calendar(Calendar),
    /// `service …`.
    Service(Service),
    /// `objective …`.
    Objective(Objective),
    /// `credits for …`.
    Credits(Schedule),
    /// `bonus for …`.
    Bonus(Schedule),
    /// `termination { … }`.
    Termination(Termination),
    /// `clause …`.
    Clause(Clause),
}

/// A statement's value with the span of the whole statement and of its keyword.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stmt<T> {
    /// The value.
    pub value: T,
    /// The leading keyword.
    pub keyword: Span,
    /// The whole statement.
    pub span: Span,
}

/// Who may amend the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmendedBy {
    /// `amendments by both parties`.
    BothParties,
    /// `amendments by provider`: that party alone.
    Party(Name),
}

/// `effective 2026-01-01 to 2027-12-31`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// First day in force.
    pub from: Date,
    /// Last day in force, if the agreement has an end.
    pub to: Option<Date>,
}

/// `field priority "P1", "P2", "P3", "P4"`: the values a field of the
/// agreement's data may hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The field, as records and conditions name it.
    pub name: Name,
    /// The words the contract uses for the field, if given: `as "cause"`.
    pub label: Option<Text>,
    /// The values it may hold.
    pub values: Vec<Text>,
    /// The words the contract uses for some of the values, in source order.
    pub value_labels: Vec<ValueLabel>,
}

/// `"force_majeure" as "force majeure"`: a value of a field and the words
/// the contract uses for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueLabel {
    /// The value, as the data holds it.
    pub value: Text,
    /// The words.
    pub label: Text,
}

/// `event created as "logging of the ticket"`: the words the contract uses
/// for an event of the data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventLabel {
    /// The event, as the data names it.
    pub event: Event,
    /// The words.
    pub label: Text,
}

/// `report "Friction report" monthly from sales to service_desk`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The report's name, if given.
    pub title: Option<Text>,
    /// How often.
    pub cadence: PeriodLit,
    /// The party that reports (default: the provider).
    pub from: Option<Name>,
    /// The recipients.
    pub to: Vec<Name>,
}

/// `party name "Legal name" { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The name used in the agreement.
    pub name: Name,
    /// The legal name.
    pub legal_name: Text,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<PartyStmt>,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside a party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartyStmt {
    /// `role provider` or `role provider, customer`.
    Role(Stmt<Vec<Name>>),
    /// `address "…"`.
    Address(Stmt<Text>),
    /// `contact "…"[, "…"]`.
    Contact(Stmt<Vec<Text>>),
    /// `signatory "Name"[, "Title"]`.
    Signatory(Stmt<Signatory>),
}

/// `signatory "Jane Roe", "Managing Director"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signatory {
    /// The person.
    pub name: Text,
    /// Their title, if given.
    pub title: Option<Text>,
}

/// `calendar name "Title" { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Calendar {
    /// The name.
    pub name: Name,
    /// The display title, if given.
    pub title: Option<Text>,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<CalendarStmt>,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside a calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CalendarStmt {
    /// `timezone "…"`.
    Timezone(Stmt<Text>),
    /// `monday to friday 09:00-17:30`.
    Hours(Stmt<Hours>),
    /// `closed 2026-12-25 "Christmas Day"`.
    Closed(Stmt<Closed>),
}

/// `monday to friday 09:00-12:00, 13:00-17:30`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hours {
    /// The days.
    pub days: Vec<DayRange>,
    /// The opening intervals on each of those days.
    pub ranges: Vec<TimeRange>,
}

/// `closed 2026-12-24 to 2026-12-31 "Year-end shutdown"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Closed {
    /// First closed date.
    pub from: Date,
    /// Last closed date, for a range.
    pub to: Option<Date>,
    /// Why, if given.
    pub reason: Option<Text>,
}

/// `service name "Title" { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The name.
    pub name: Name,
    /// The display title, if given.
    pub title: Option<Text>,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<ServiceStmt>,
    /// The first words of the lines inside that could not be read.
    pub lost: Vec<String>,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServiceStmt {
    /// `provider party`.
    Provider(Stmt<Name>),
    /// `customer party`.
    Customer(Stmt<Name>),
    /// `hours calendar`.
    Hours(Stmt<Name>),
    /// `channels email, phone`.
    Channels(Stmt<Vec<Name>>),
    /// `fee GBP 4000.00 per month`.
    Fee(Stmt<Fee>),
    /// `description """…"""`.
    Description(Stmt<Text>),
    /// `scope """…"""`.
    Scope(Stmt<Text>),
    /// `credit cap 20% of monthly fee`.
    CreditCap(Stmt<Cap>),
}

/// `fee GBP 4000.00 per month`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// The amount.
    pub money: Money,
    /// Per what.
    pub per: PeriodLit,
}

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
    /// `cap 100% of monthly fee`.
    Cap(Stmt<Cap>),
    /// `claim within 30 days` or `claim within 30 days in writing`.
    Claim(Stmt<ClaimWindow>),
    /// `claim by "email to billing@example.com"`.
    ClaimBy(Stmt<Text>),
    /// `unclaimed credits lapse`.
    UnclaimedLapse(Stmt<()>),
    /// `applied automatically` or `applied on request`.
    Applied(Stmt<Applied>),
}

/// `claim within 30 days in writing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimWindow {
    /// How long, from the end of the period.
    pub within: Duration,
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

/// `termination { … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Termination {
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The statements inside.
    pub stmts: Vec<TerminationStmt>,
    /// The `termination` keyword.
    pub head: Span,
    /// The whole block.
    pub span: Span,
    /// Whether a line inside could not be read (and was reported): the
    /// checker then draws no conclusions from what seems to be missing.
    pub recovered: bool,
}

/// A statement inside `termination`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TerminationStmt {
    /// `notice 30 days in writing`.
    Notice(Stmt<Notice>),
    /// `for cause after 3 consecutive months in breach`.
    ForCause(Stmt<PeriodCount>),
    /// `suspend after 14 days without customer response`.
    Suspend(Stmt<Suspend>),
}

/// `notice 30 days in writing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// How long.
    pub period: Duration,
    /// Whether it must be in writing.
    pub in_writing: bool,
}

/// `suspend after 14 days without customer response`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suspend {
    /// How long the silence lasts.
    pub after: Duration,
    /// The silent party.
    pub party: Name,
}

/// `clause name "Title" """…"""`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// The name.
    pub name: Name,
    /// The heading.
    pub title: Text,
    /// `override`, when the definition replaces an inherited one.
    pub overrides: Option<Override>,
    /// The Markdown text.
    pub body: Text,
    /// The whole clause.
    pub span: Span,
}
