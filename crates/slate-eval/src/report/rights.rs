//! Rights that are not money, as the report gives them (`termination`):
//! whether the customer's right to terminate for cause arose, when, and
//! the periods that made the run.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Period, ValueError};

/// The rights to end the agreement, from the events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminationReport {
    /// Termination for cause after consecutive periods in breach; absent
    /// when the agreement states none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_cause: Option<ForCauseReport>,
    /// Termination for cause over a rolling window of downtime; absent
    /// when the agreement states none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_cause_window: Option<ForCauseWindowReport>,
    /// The provider's right to suspend when the customer does not respond;
    /// absent when the agreement states none, or states it without the
    /// state in which the provider waits (`while …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<SuspensionReport>,
}

/// `suspend after D without PARTY response while CONDITION`, read on the
/// events: the first instant at which an open item had held the condition
/// continuously for D.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspensionReport {
    /// The party whose silence gives the right.
    pub party: String,
    /// How long the silence must last, as written.
    pub after: slate_rules::Term,
    /// The state in which the provider waits for the party.
    pub waiting: slate_rules::Condition,
    /// Whether the right arose before the cut-off (the silence is read to
    /// the second on `at`, so it is never unknown).
    pub arisen: bool,
    /// When it arose, in RFC 3339 with the agreement's offset; absent when
    /// it has not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arises_at: Option<LocalInstant>,
    /// The item whose silence gave the right; absent when it has not arisen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// When that item's silence began; absent when the right has not arisen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silent_since: Option<LocalInstant>,
}

/// `for cause when downtime of X exceeds L in any W`, read on the events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForCauseWindowReport {
    /// The availability objective whose downtime is counted.
    pub objective: String,
    /// The downtime a window may hold, in seconds; more gives the right.
    pub limit_seconds: u64,
    /// The window's length in seconds of real time.
    pub window_seconds: u64,
    /// Whether the right arose before the cut-off. Downtime is counted to
    /// the second from `down`/`up` records, so it is never unknown.
    pub arisen: bool,
    /// When it arose: the first whole second at which the window ending
    /// there held more than the limit, in RFC 3339 with the agreement's
    /// offset. `null` when it has not.
    pub arises_at: Option<LocalInstant>,
    /// That window's start, `window_seconds` before `arises_at` (it may
    /// lie before the agreement's start, where there is no downtime).
    /// `null` when the right has not arisen.
    pub window_from: Option<LocalInstant>,
    /// The downtime that window holds, in seconds: `limit_seconds` + 1.
    /// `null` when the right has not arisen.
    pub window_down_seconds: Option<u64>,
}

/// `for cause after N consecutive PERIODS in breach`, read on the events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForCauseReport {
    /// How many consecutive periods in breach give the right.
    pub consecutive: u64,
    /// Of what length.
    pub period: Period,
    /// The objectives measured over periods of that length, whose breach
    /// puts a period in breach, in the agreement's order.
    pub objectives: Vec<String>,
    /// Whether the right arose before the cut-off.
    pub arisen: bool,
    /// When it arose: the end of the last period of the first complete run,
    /// in RFC 3339 with the agreement's offset. `null` when it has not.
    pub arises_at: Option<LocalInstant>,
    /// The periods that made the run; when the right has not arisen, the
    /// run in progress at the cut-off (the latest periods over, each in
    /// breach), which may be empty.
    pub run: Vec<RunPeriod>,
    /// When whether or when the right arose depends on periods whose
    /// verdict is unknown (a value beyond exact decimals): those periods,
    /// and `arisen` is `false`. Absent when the right is decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<UndecidedPeriod>,
}

/// A period over at the cut-off whose verdict could not be computed, on
/// which the right depends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndecidedPeriod {
    /// The period, as objectives label it: `2026-02`.
    pub label: String,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// The objectives whose verdict in it is unknown.
    pub unknown: Vec<String>,
}

/// One period of a run of periods in breach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunPeriod {
    /// The period, as objectives label it: `2026-03`.
    pub label: String,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// The objectives breached in it.
    pub breached: Vec<String>,
}

/// An instant in RFC 3339 with a local offset, to the second:
/// `2026-04-01T00:00:00+01:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalInstant(pub DateTime<FixedOffset>);

impl fmt::Display for LocalInstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%:z"))
    }
}

impl FromStr for LocalInstant {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(s)
            .map(LocalInstant)
            .map_err(|_| ValueError::LocalInstant(s.to_owned()))
    }
}

impl Serialize for LocalInstant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalInstant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
