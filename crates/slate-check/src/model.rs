//! The Model: a checked agreement, fully resolved.
//!
//! Every reference is a name that is known to exist, every default is
//! applied, durations are seconds, percentages and money are exact decimals.
//! Backends read only this; nothing in it is optional that a backend would
//! have to guess. It carries no spans: it is what the agreement *says*, so
//! formatting and comments do not change it.

use chrono::NaiveDate;
pub use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;
pub use slate_syntax::ast::{Comparison, DurationUnit, Period, Weekday};
pub use slate_words::Currency;

mod lineage;
pub use lineage::{Change, Level, Lineage, Mark};

/// A zone is written by its IANA name, as the agreement gives it.
fn zone<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// The name of the built-in calendar that is always open.
pub const ALWAYS_OPEN: &str = "24x7";

/// A checked agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Model {
    /// The title.
    pub title: String,
    /// The reference number, if given.
    pub id: Option<String>,
    /// The version, if given.
    pub version: Option<String>,
    /// When the agreement is in force.
    pub effective: Validity,
    /// The IANA time zone of periods and dates.
    #[serde(serialize_with = "zone")]
    pub timezone: Tz,
    /// The ISO 4217 currency of every amount, if the agreement states one
    /// (it does whenever it has any money).
    pub currency: Option<Currency>,
    /// The party that owns the document, if named.
    pub owner: Option<String>,
    /// How often the agreement is reviewed.
    pub review: Option<Every>,
    /// Who may amend the agreement, if stated. Left out of the serialization
    /// when not stated, so agreements that say nothing keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amendments: Option<Amendments>,
    /// Regular reports.
    pub reports: Vec<Report>,
    /// The parties, in source order.
    pub parties: Vec<Party>,
    /// The calendars, in source order, followed by `24x7` when it is used.
    pub calendars: Vec<Calendar>,
    /// The services, in source order.
    pub services: Vec<Service>,
    /// The objectives, in source order.
    pub objectives: Vec<Objective>,
    /// Credits and bonuses, in source order.
    pub schedules: Vec<Schedule>,
    /// Termination terms, if any.
    pub termination: Option<Termination>,
    /// The prose clauses, in source order.
    pub clauses: Vec<Clause>,
    /// The declared fields of the agreement's data (`field priority "P1", …`),
    /// each with the values it may hold, in source order. Left out of the
    /// serialization when there are none, so agreements without declarations
    /// keep their fingerprint.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, Vec<String>>,
    /// The words the contract uses for fields, their values and events
    /// (`field cause as "cause" "customer" as "the customer's acts"`,
    /// `event created as "logging"`). They change what the signed text
    /// says, so they are terms; left out of the serialization when there
    /// are none, so agreements without labels keep their fingerprint.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    /// Where the terms come from, for an agreement that extends others. Not
    /// a term itself: left out of the serialization and the fingerprint.
    #[serde(skip)]
    pub lineage: Option<Lineage>,
}

/// The author's words for the names of the data: fields, their values and
/// events. A name without a label is read as words (`force_majeure` reads
/// "force majeure").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// A label for a field: `cause` → `cause of the outage`.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
    /// Labels of values, by field and then value.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// A label for an event: `created` → `logging of the ticket`.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub events: std::collections::BTreeMap<String, String>,
}

impl Labels {
    /// Whether no label is given.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.values.is_empty() && self.events.is_empty()
    }
}

/// When the agreement is in force: both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Validity {
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force; `None` until terminated.
    pub to: Option<NaiveDate>,
}

/// `every 3 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Every {
    /// How many periods.
    pub count: u64,
    /// Of what.
    pub unit: Period,
}

/// A regular report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Its name, if given.
    pub title: Option<String>,
    /// How often.
    pub cadence: Period,
    /// The party that reports.
    pub from: String,
    /// The parties that receive it.
    pub to: Vec<String>,
}

/// A party's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Provides services.
    Provider,
    /// Receives services.
    Customer,
}

/// A party to the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The name used in the agreement.
    pub name: String,
    /// The legal name.
    pub legal_name: String,
    /// Its roles: one, or both in an internal agreement where teams serve each other.
    pub roles: Vec<Role>,
    /// Postal address, if given.
    pub address: Option<String>,
    /// Contacts, each one or more strings.
    pub contacts: Vec<Vec<String>>,
    /// The people who sign for it.
    pub signatories: Vec<Signatory>,
}

/// A person who signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signatory {
    /// Their name.
    pub name: String,
    /// Their title, if given.
    pub title: Option<String>,
}

/// A local time of day in minutes after midnight, 0 to 1440; printed `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minute(pub u32);

impl Serialize for Minute {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:02}:{:02}", self.0 / 60, self.0 % 60))
    }
}

/// A weekly opening interval in local time. It belongs to the day it starts on;
/// when `end` is not after `start` it runs into the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Opening {
    /// The day it starts on.
    pub day: Weekday,
    /// Local start time.
    pub start: Minute,
    /// Local end time (on the next day when not after `start`).
    pub end: Minute,
}

impl Opening {
    /// Length in minutes of local wall-clock time.
    pub fn minutes(self) -> u32 {
        if self.end > self.start {
            self.end.0 - self.start.0
        } else {
            1440 - self.start.0 + self.end.0
        }
    }

    /// Whether it runs past midnight into the next day.
    pub fn overnight(self) -> bool {
        self.end <= self.start
    }
}

/// Dates on which a calendar is closed, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Closure {
    /// First closed date.
    pub from: NaiveDate,
    /// Last closed date.
    pub to: NaiveDate,
    /// Why, if given.
    pub reason: Option<String>,
}

/// What a section of the contract (or an item of a section's list) states:
/// the first part of its anchor. Every anchor is built by [`Anchor::of`], so
/// the documents, the lineage notes and the rule set's quotes name a
/// section alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Anchor {
    /// A party, an item of the parties' list.
    Party,
    /// A calendar, an item of the definitions.
    Calendar,
    /// A service's section.
    Service,
    /// An objective's section.
    Objective,
    /// A credits schedule's section.
    Credits,
    /// A bonus schedule's section.
    Bonus,
    /// A clause's section.
    Clause,
}

impl Anchor {
    /// The anchor of `name`'s section: `objective--uptime`.
    pub fn of(self, name: &str) -> String {
        let kind = match self {
            Anchor::Party => "party",
            Anchor::Calendar => "calendar",
            Anchor::Service => "service",
            Anchor::Objective => "objective",
            Anchor::Credits => "credits",
            Anchor::Bonus => "bonus",
            Anchor::Clause => "clause",
        };
        format!("{kind}--{name}")
    }

    /// The anchor of a schedule's section, by its kind.
    pub fn schedule(kind: ScheduleKind) -> Self {
        match kind {
            ScheduleKind::Credits => Anchor::Credits,
            ScheduleKind::Bonus => Anchor::Bonus,
        }
    }
}

/// A business-hours calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Calendar {
    /// The name (`24x7` for the built-in one).
    pub name: String,
    /// The display title, if given.
    pub title: Option<String>,
    /// Always open: the built-in `24x7`. Its `weekly` and `closures` are empty.
    pub always_open: bool,
    /// IANA time zone of its local times: its own, or the agreement's.
    #[serde(serialize_with = "zone")]
    pub timezone: Tz,
    /// Weekly opening intervals, sorted by day and time.
    pub weekly: Vec<Opening>,
    /// Closed dates, in source order.
    pub closures: Vec<Closure>,
}

impl Calendar {
    /// The built-in `24x7`, always open, its dates read in `timezone`.
    pub fn always_open(timezone: Tz) -> Self {
        Calendar {
            name: ALWAYS_OPEN.to_owned(),
            title: None,
            always_open: true,
            timezone,
            weekly: Vec::new(),
            closures: Vec::new(),
        }
    }
}

/// A fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// The amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// Per what.
    pub per: Period,
}

/// A service the provider delivers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The name.
    pub name: String,
    /// The display title, if given.
    pub title: Option<String>,
    /// The providing party.
    pub provider: String,
    /// The receiving party.
    pub customer: String,
    /// The calendar of service hours.
    pub hours: String,
    /// How the service is reached.
    pub channels: Vec<String>,
    /// What it costs, if stated.
    pub fee: Option<Fee>,
    /// Description (Markdown), if given.
    pub description: Option<String>,
    /// Scope (Markdown), if given.
    pub scope: Option<String>,
    /// Caps on the sum of the service's credits, wherever they were written.
    pub credit_caps: Vec<Cap>,
    /// Caps on the sum of the service's bonuses.
    pub bonus_caps: Vec<Cap>,
}

/// An attribute test: the item's `field` has one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The attribute.
    pub field: String,
    /// The matching values.
    pub values: Vec<String>,
}

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

/// Whether a schedule pays credits or bonuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScheduleKind {
    /// Paid to the customer when the objective is missed.
    Credits,
    /// Paid to the provider when the objective is exceeded.
    Bonus,
}

/// Credits or a bonus for one objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// Credits or bonus.
    pub kind: ScheduleKind,
    /// The objective.
    pub objective: String,
    /// The objective's service.
    pub service: String,
    /// The period over which the objective is measured for this schedule.
    pub period: Period,
    /// The tiers, in source order (credits: descending thresholds; bonus: ascending).
    pub tiers: Vec<Tier>,
    /// How long the customer has to claim, if stated.
    pub claim: Option<Length>,
    /// How claims are made and whether credits need one, as far as stated.
    #[serde(flatten)]
    pub claims: ClaimTerms,
}

/// What a credits block says about claims besides the window. Each field is
/// left out of the serialization when not stated, so agreements that state
/// none keep their fingerprint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClaimTerms {
    /// `claim within 30 days in writing`: the claim must be written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub claim_in_writing: bool,
    /// `claim by "email to billing@example.com"`: how a claim is made, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_by: Option<String>,
    /// `unclaimed credits lapse`: a credit not claimed within the window is lost.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unclaimed_lapse: bool,
    /// `applied automatically` or `applied on request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<Applied>,
}

/// Whether credits are given without a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    /// Given without a claim.
    Automatic,
    /// Given only when the customer claims them.
    OnRequest,
}

/// Who may amend the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amendments {
    /// Both parties together.
    BothParties,
    /// This party alone.
    Party(String),
}

/// A tier: below (credits) or at least (bonus) `threshold` percent pays `payout`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tier {
    /// The threshold, in percent.
    pub threshold: Decimal,
    /// What it pays.
    pub payout: Payout,
}

/// What a tier or cap amounts to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payout {
    /// A percentage of the service's fee for the period.
    PercentOfFee {
        /// The percentage.
        percent: Decimal,
    },
    /// A fixed amount.
    Fixed {
        /// The amount.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
    },
}

/// A cap on the sum of a service's credits (or bonuses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cap {
    /// The most that can be paid.
    pub amount: Payout,
    /// `None`: per period. `Some(n)`: over the last `n` periods, this one included.
    pub rolling_periods: Option<u64>,
    /// The period unit of the cap.
    pub period: Period,
}

/// How the agreement ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Termination {
    /// Notice for termination without cause, if stated.
    pub notice: Option<Notice>,
    /// Termination for cause after this many consecutive breached periods.
    pub for_cause: Option<Every>,
    /// Suspension when a party does not respond.
    pub suspend: Option<Suspend>,
}

/// Notice for termination without cause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The notice, as written.
    pub period: Length,
    /// Whether it must be in writing.
    pub in_writing: bool,
}

/// Suspension for silence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suspend {
    /// How long the silence lasts.
    pub after: Length,
    /// The silent party.
    pub party: String,
}

/// A length of time as written in the contract: `30 days`, `2 business days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Length {
    /// How many.
    pub count: u64,
    /// Of what.
    pub unit: slate_syntax::ast::DurationUnit,
}

/// A prose clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// The name.
    pub name: String,
    /// The heading.
    pub title: String,
    /// Markdown text.
    pub body: String,
}

impl Fee {
    /// `percent`% of the fee of one `period`, exactly: the fee of a period is
    /// the fee per month times the months in it, where a quarterly or yearly
    /// fee is spread evenly over its months. Every multiplication comes before
    /// the one division, so nothing is cut off before the final rounding.
    /// `None` for fees or periods not made of whole months.
    pub fn share(&self, percent: Decimal, period: Period) -> Option<Decimal> {
        let numerator = self.amount * percent * Decimal::from(period.months()?);
        let denominator = Decimal::ONE_HUNDRED * Decimal::from(self.per.months()?);
        numerator.checked_div(denominator)
    }
}

impl Model {
    /// The canonical serialization of the terms: the Model as compact JSON,
    /// fields in declaration order, lists in source order, without metric
    /// sources (how the provider measures is not a term of the contract). It
    /// has no spans, so comments and formatting never change it.
    ///
    /// Serializing the Model cannot fail: `serde_json` fails only on a map
    /// whose keys are not strings, on a `Serialize` impl that returns an
    /// error, or on a writer that fails, and the Model has none of them
    /// (its maps are keyed by `String`, its impls are derived or write a
    /// string with `collect_str`, and the writer is a `Vec`). The test
    /// `canonical_json_is_never_empty` holds it for every kind of term.
    #[expect(
        clippy::expect_used,
        reason = "infallible, as said above: no fingerprint of an empty string is ever made"
    )]
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(&self.without_sources()).expect("the Model serializes")
    }

    /// [`canonical_json`](Self::canonical_json) as a JSON tree: the terms
    /// tree of the fingerprint's encoding (`docs/fingerprint.md`), before
    /// the lineage is added. It cannot fail, for the reasons
    /// [`canonical_json`](Self::canonical_json) gives.
    #[expect(
        clippy::expect_used,
        reason = "infallible, as canonical_json says: no fingerprint of Null is ever made"
    )]
    pub fn canonical_value(&self) -> serde_json::Value {
        serde_json::to_value(self.without_sources()).expect("the Model serializes")
    }

    fn without_sources(&self) -> Model {
        let mut terms = self.clone();
        for o in &mut terms.objectives {
            o.source = None;
        }
        terms
    }

    /// The terms fingerprint, `slate-terms-v2:sha256:` and the hex SHA-256
    /// of the terms' canonical encoding ([`crate::terms`],
    /// `docs/fingerprint.md`): a signed copy can be matched to the exact
    /// terms it states.
    pub fn fingerprint(&self) -> String {
        crate::terms::fingerprint(self)
    }

    /// The calendar with this name.
    pub fn calendar(&self, name: &str) -> Option<&Calendar> {
        self.calendars.iter().find(|c| c.name == name)
    }

    /// The party with this name.
    pub fn party(&self, name: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.name == name)
    }

    /// The service with this name.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The objective with this name.
    pub fn objective(&self, name: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.name == name)
    }
}
