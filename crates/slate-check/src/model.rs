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
mod objective;
pub use objective::*;
mod basis;
pub use basis::{Basis, Charge};
mod index;
pub use index::Index;
pub(crate) use index::Named;

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
    /// `fee billed per month`: the fee of each period of this length is the
    /// charges billed for the service in it, read from the bill file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billed: Option<Period>,
    /// `fee per component GBP 400.00 per month`: what each component
    /// costs, the basis of the credits each component of a per-component
    /// objective earns; left out of the serialization when not stated, so
    /// other agreements keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_fee: Option<Fee>,
    /// `charge support "monthly maintenance and support cost" GBP
    /// 2500.00`: named fixed amounts that remedies may take a share of;
    /// left out of the serialization when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Description (Markdown), if given.
    pub description: Option<String>,
    /// Scope (Markdown), if given.
    pub scope: Option<String>,
    /// Caps on the sum of the service's credits, wherever they were written.
    pub credit_caps: Vec<Cap>,
    /// Caps on the sum of the service's bonuses.
    pub bonus_caps: Vec<Cap>,
    /// The least credit issued: the service's credits of a period, after
    /// caps, are issued only above (or at least at) it; wherever written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_minimum: Option<Minimum>,
}

/// A minimum credit: `minimum more than USD 1.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Minimum {
    /// The amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// `more than`: issued only when strictly above; `at least`: or equal.
    pub strict: bool,
}

/// An attribute test: the item's `field` has one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The attribute.
    pub field: String,
    /// The matching values.
    pub values: Vec<String>,
}

/// Whether a schedule pays credits or bonuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
    /// `per breach : 3% of monthly fee`: what each breached item of a
    /// settled period pays, beside the tiers; left out of the
    /// serialization when not stated, so other agreements keep their
    /// fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_breach: Option<Payout>,
    /// `per 4 hours or part thereof of downtime : 1 day of monthly fee`:
    /// what each unit of downtime beyond the allowed downtime pays, beside
    /// the tiers; left out of the serialization when not stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_downtime: Option<PerDowntime>,
    /// `per day late : USD 500.00` (with `cap per item …`): the delay
    /// damages of each breached item of a due-date objective; left out of
    /// the serialization when not stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lateness: Option<Lateness>,
    /// `per second over 30 seconds : USD 500.00` (credits) or `per second
    /// under 15 seconds : …` (bonus): what each whole unit the period's
    /// value is beyond the threshold pays, beside the tiers; left out of
    /// the serialization when not stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_unit: Option<PerUnitValue>,
    /// `cap per component 100% of fee`: what each component's own credits
    /// in a settled period come to at most, before the service's caps (a
    /// share of the fee is of the component's own fee when the service
    /// states one); left out of the serialization when not stated, so
    /// other agreements keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_cap: Option<Payout>,
    /// How long the customer has to claim, if stated.
    pub claim: Option<Length>,
    /// How claims are made and whether credits need one, as far as stated.
    #[serde(flatten)]
    pub claims: ClaimTerms,
}

/// A credit per unit of the downtime beyond what an availability
/// objective's target allows (the shortfall): `per 4 hours or part thereof
/// of downtime : 1 day of monthly fee`, with `round downtime to nearest 15
/// minutes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PerDowntime {
    /// The unit, in seconds of real time.
    pub unit_seconds: u64,
    /// The unit as written.
    pub unit: Length,
    /// `or part thereof`: units = ⌈S / U⌉ rather than ⌊S / U⌋.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub part_thereof: bool,
    /// `round downtime to nearest …`: the shortfall is first rounded to a
    /// multiple of this many seconds, ties up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round_seconds: Option<u64>,
    /// The rounding as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<Length>,
    /// What each unit pays.
    pub payout: Payout,
}

/// Delay damages: what each unit of an item's lateness pays, and the most
/// one item pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lateness {
    /// Calendar days after the due date, or whole real hours after the due instant.
    pub unit: LateUnit,
    /// What each unit pays.
    pub payout: Payout,
    /// `cap per item …`, if stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_per_item: Option<ItemCap>,
}

/// The unit delay damages are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LateUnit {
    /// `per day late`.
    Day,
    /// `per hour late`.
    Hour,
}

/// The most one item's delay damages pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemCap {
    /// `cap per item 100% of cost`: a percentage of a numeric attribute of the item.
    PercentOfAttribute {
        /// The percentage.
        percent: Decimal,
        /// The attribute, read from the item's records.
        attribute: String,
    },
    /// `cap per item USD 5000.00`.
    Fixed {
        /// The amount.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
    },
}

/// A remedy per whole unit the measured value is beyond a threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PerUnitValue {
    /// The unit counted, in seconds: 1 for `per second`.
    pub unit_seconds: u64,
    /// `over` (credits: the value above the threshold) or `under` (bonus: below it).
    pub over: bool,
    /// The threshold units are counted from, in seconds.
    pub threshold_seconds: u64,
    /// What each whole unit pays.
    pub payout: Payout,
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
    /// `claim within 5 business days on office_hours`: the calendar whose
    /// business time the claim window counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_calendar: Option<String>,
    /// `claim within … of each breach`: the window runs from each breach,
    /// not from the end of the period.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub claim_from_breach: bool,
    /// `claim by the end of the 2nd month after the period`: the window
    /// ends with the N-th calendar month that starts at or after the
    /// period's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_by_end_of_month: Option<u64>,
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
    /// A percentage of the service's fee for the period, or of `basis`.
    PercentOfFee {
        /// The percentage.
        percent: Decimal,
        /// A fixed amount taken a share of instead of the fee.
        #[serde(skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
    },
    /// A fixed amount.
    Fixed {
        /// The amount.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
    },
    /// An exact fraction of the service's fee for the period: `1/30 of
    /// monthly fee`.
    FractionOfFee {
        /// The numerator.
        numerator: std::num::NonZeroU32,
        /// The denominator.
        denominator: std::num::NonZeroU32,
        /// A fixed amount taken a share of instead of the fee.
        #[serde(skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
    },
    /// Days' shares of the service's fee for the period: the fee divided
    /// by the number of days in the period, times `days`.
    DaysOfFee {
        /// The number of days.
        days: std::num::NonZeroU32,
        /// A fixed amount taken a share of instead of the fee: its day's
        /// share divides by the days of the settled period too.
        #[serde(skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
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
    /// Termination for cause when an objective's downtime in a rolling
    /// window exceeds a limit. Absent from the encoding when `None`, so
    /// the terms of agreements without it keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_cause_window: Option<ForCauseWindow>,
}

/// `for cause when downtime of uptime exceeds 7 hours in any 30 days`: the
/// right arises at the first instant at which the window of `window` real
/// time ending there holds more than `limit` of the objective's downtime.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForCauseWindow {
    /// The availability objective, counted in real time.
    pub objective: String,
    /// The downtime the window may hold, as written.
    pub limit: Length,
    /// The window, as written (30 days are 30 × 24 hours).
    pub window: Length,
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
    /// `while status is "waiting_on_customer"`: the state of an item in
    /// which the provider waits for the party. Absent from the encoding
    /// when `None`, so the terms of agreements without it keep their
    /// fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Condition>,
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
    pub fn canonical_value(&self) -> serde_json::Value {
        crate::terms::tree(self)
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
