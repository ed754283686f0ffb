//! Why an evaluation cannot give a report.

use slate_rules::{Period, Problem};
use slate_time::OpenTimeError;

/// Problems in a sentence, `; ` between them.
fn problems(list: &[Problem]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why [`evaluate`](crate::evaluate) gives no report: the rule set cannot
/// be evaluated as it stands, or the cut-off asked for is unusable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A rule set built in code states what the checker refuses (a rule
    /// set read from JSON was refused for it already).
    #[error("the rule set states what no agreement can: {}", problems(.0))]
    Impossible(Vec<Problem>),
    /// A record that an objective needs a number from has none; reading
    /// turns such records into invalid ones with
    /// [`reject_invalid_samples`](crate::reject_invalid_samples).
    #[error("{at}: {message}; pass `--skip-invalid` to count and list such records in the report")]
    NotANumber {
        /// The record's file and line.
        at: String,
        /// Why it has no number.
        message: String,
    },
    /// A record an error-rate rule of downtime units reads does not carry
    /// its counts (the events were not checked with
    /// [`refuse_non_numbers`](crate::refuse_non_numbers)).
    #[error("a record of item `{item}`: {message}")]
    NotACount {
        /// The record's item.
        item: String,
        /// What is wrong.
        message: String,
    },
    /// The sums of counts in one downtime unit are beyond exact decimals:
    /// they could be held only by rounding, which could change whether the
    /// unit is down.
    #[error(
        "the counts of objective `{objective}` summed in the downtime unit starting {unit} are beyond the exact decimals Slate holds (28 significant digits in all), and rounding could change whether the unit is down; check the records' counts there"
    )]
    CountTooLarge {
        /// The objective's name.
        objective: String,
        /// The unit's start, RFC 3339 in UTC.
        unit: String,
    },
    /// The cut-off asked for is outside the years events may have.
    #[error("the cut-off is outside the years 1900 to 2199")]
    CutoffOutOfRange,
    /// A calendar of the rule set cannot be compiled.
    #[error("calendar `{name}`: {source}")]
    Calendar {
        /// The calendar.
        name: String,
        /// Why not.
        source: OpenTimeError,
    },
    /// The maintenance windows of an availability objective cannot be
    /// compiled.
    #[error("the maintenance windows of objective `{objective}`: {source}")]
    Maintenance {
        /// The objective.
        objective: String,
        /// Why not.
        source: OpenTimeError,
    },
    /// Partials being merged both hold an item: every record of an item
    /// must be in one partition.
    #[error(transparent)]
    SplitItem(#[from] super::partial::SplitItem),
    /// Records spilled to temporary partitions cannot be read back.
    #[error(transparent)]
    Partition(#[from] crate::events::PartitionError),
    /// A goal or clock names a calendar the rule set does not define.
    #[error("calendar `{0}` is not in the rule set")]
    UnknownCalendar(String),
    /// An item's business-day budget ends after the span its calendar was
    /// compiled over.
    #[error("the due time of `{item}` lies beyond the calendar `{calendar}`")]
    DueBeyondCalendar {
        /// The item.
        item: String,
        /// The goal's calendar.
        calendar: String,
    },
    /// An item's due attribute holds neither a date nor an RFC 3339
    /// instant (events read with [`crate::Events::due_attributes`] refuse
    /// such records with their file and line instead).
    #[error("item `{item}`: `{attribute}` is `{value}`, {why}")]
    DueValue {
        /// The item.
        item: String,
        /// The due attribute.
        attribute: String,
        /// Its value.
        value: String,
        /// Why it is not a due value.
        why: String,
    },
    /// A late item that `cap per item N% of ATTRIBUTE` needs a number
    /// from has none, or not a number.
    #[error(
        "item `{item}` of objective `{objective}` is late, but {why}: `cap per item` reads `{attribute}` as a number"
    )]
    ItemCost {
        /// The objective.
        objective: String,
        /// The item.
        item: String,
        /// The attribute.
        attribute: String,
        /// What is wrong with its value.
        why: String,
    },
    /// A cap counts in another period than the schedules it limits settle in.
    #[error(
        "a cap of service `{service}` counts in {}s, but its {} are settled per {}: a cap limits all of them, so they must be settled in the period it counts in",
        .cap.noun(),
        if *.bonus { "bonuses" } else { "credits" },
        .settled.noun()
    )]
    CapPeriod {
        /// The service.
        service: String,
        /// Whether the cap limits bonuses (else credits).
        bonus: bool,
        /// The period the cap counts in.
        cap: Period,
        /// The period its schedules settle in.
        settled: Period,
    },
    /// A cap is a share of a fee the service does not have for the period.
    #[error(
        "a cap of service `{service}` cannot be computed: it has no usable fee for a {}",
        .period.noun()
    )]
    CapWithoutFee {
        /// The service.
        service: String,
        /// Whether the cap limits bonuses (else credits).
        bonus: bool,
        /// The period the cap counts in.
        period: Period,
    },
    /// A service pays credits or a bonus, but neither its fee nor the
    /// agreement states a currency to pay them in.
    #[error("service `{service}` pays credits or a bonus, but the rule set states no currency")]
    NoCurrency {
        /// The service.
        service: String,
    },
    /// An amount of a settlement beyond the exact money Slate holds.
    #[error(
        "the settlement of service `{service}` is beyond the exact amounts Slate holds (a numerator and denominator of at most 38 digits)"
    )]
    MoneyOverflow {
        /// The service.
        service: String,
    },
    /// A payout is a share of a fee the service does not have for the period.
    #[error(
        "the {} of `{objective}` cannot be computed: `{service}` has no usable fee for a {}",
        if *.bonus { "bonus" } else { "credit" },
        .period.noun()
    )]
    NoFee {
        /// Whether the payout is a bonus (else a credit).
        bonus: bool,
        /// The objective.
        objective: String,
        /// Its service.
        service: String,
        /// The settlement period.
        period: Period,
    },
    /// A service whose fee is billed, evaluated without a bill file.
    #[error(
        "service `{service}` has a fee billed per {}, and no bill was given\n  help: give the charges billed for it with `--bill FILE` (see docs/eval.md, \"The bill file\")",
        .period.noun()
    )]
    NoBill {
        /// The service.
        service: String,
        /// Its billing period.
        period: Period,
    },
}
