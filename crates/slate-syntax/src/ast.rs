//! The typed syntax tree. Every node keeps its byte span, so every later
//! diagnostic can point at source text. Values are kept as written (numbers as
//! text, dates as numbers not yet validated): the checker decides what they mean.

use serde::Serialize;

use crate::span::Span;

mod objective;
pub use objective::*;
mod schedule;
pub use schedule::*;

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
    /// `fee billed per month`: the fee of each period is the charges
    /// billed for the service in it, read from the bill file.
    FeeBilled(Stmt<PeriodLit>),
    /// `fee per component GBP 400.00 per month`: each component's own fee.
    ComponentFee(Stmt<Fee>),
    /// `charge support "monthly maintenance and support cost" GBP 2500.00`:
    /// a named fixed amount that remedies may take a share of.
    Charge(Stmt<Charge>),
    /// `description """…"""`.
    Description(Stmt<Text>),
    /// `scope """…"""`.
    Scope(Stmt<Text>),
    /// `credit cap 20% of monthly fee`.
    CreditCap(Stmt<Cap>),
    /// `credit minimum more than USD 1.00`.
    CreditMinimum(Stmt<Minimum>),
}

/// `minimum more than USD 1.00` or `minimum at least USD 1.00`: a credit
/// is issued only when the service's amount after caps is above (or at
/// least) the money.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Minimum {
    /// `more than`: strictly above; `at least`: or equal.
    pub strict: bool,
    /// The amount.
    pub money: Money,
}

/// `charge support "monthly maintenance and support cost" GBP 2500.00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Charge {
    /// Its name, which a payout's `support charge` refers to.
    pub name: Name,
    /// The words the contract uses for it, if given.
    pub label: Option<Text>,
    /// The amount, the same in every period.
    pub money: Money,
}

/// `fee GBP 4000.00 per month`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// The amount.
    pub money: Money,
    /// Per what.
    pub per: PeriodLit,
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
    /// `for cause when downtime of uptime exceeds 7 hours in any 30 days`.
    ForCauseWindow(Stmt<ForCauseWindow>),
}

/// `for cause when downtime of uptime exceeds 7 hours in any 30 days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForCauseWindow {
    /// The availability objective whose downtime is counted.
    pub objective: Name,
    /// The downtime the window may hold; more gives the right.
    pub limit: Duration,
    /// The length of the rolling window.
    pub window: Duration,
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
    /// `while status is "waiting_on_customer"`: the state of an item in
    /// which the provider waits for the party, if stated.
    pub waiting: Option<Condition>,
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
