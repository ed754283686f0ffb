//! Rights that are not money: when the customer may end the agreement for
//! cause (`termination { for cause after 3 consecutive months in breach }`).
//!
//! An optional, additive member of `slate.rules/v2`: absent when the
//! agreement states no such right, so every rule set written before it
//! reads, and is written, as before.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use slate_check::model::Model;

use crate::Period;
use crate::problems::Problem;

/// The rights to end the agreement that the report says arise from the data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    /// `for cause after N consecutive PERIODS in breach`, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_cause: Option<ForCause>,
    /// `for cause when downtime of X exceeds L in any W`, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_cause_window: Option<ForCauseWindow>,
    /// `suspend after D without PARTY response while CONDITION`, if stated
    /// with its `while` condition (without it the events cannot tell when
    /// the silence runs, and the right is in the contract only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<Suspend>,
}

/// The provider's right to suspend the services when the customer does not
/// respond: it arises at the first instant at which some open item (started
/// by an objective's start event, not stopped by its stop event) has held
/// `waiting` on its attributes continuously for `after`. Days, weeks and
/// months are calendar time in the agreement's zone (wall clock); seconds,
/// minutes and hours are real time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspend {
    /// The party whose silence gives the right (the customer).
    pub party: String,
    /// How long the silence must last (a count above 0).
    pub after: crate::Term,
    /// The state of an item in which the provider waits for the party, read
    /// on the item's records as a pause condition is.
    pub waiting: crate::Condition,
}

/// Termination for cause over a rolling window of real time: the right
/// arises at the first whole second `t` at which the objective's downtime
/// (after its exclusions, merging, minimum length and k of n, inside its
/// measured time) in `[t − window_seconds, t)` exceeds `limit_seconds`
/// (strictly). 30 days are 30 × 86,400 seconds, whatever the clocks do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForCauseWindow {
    /// The availability objective whose downtime is counted: on the
    /// always-open clock, to the second.
    pub objective: String,
    /// The downtime the window may hold, in seconds (above 0); more gives
    /// the right.
    pub limit_seconds: u64,
    /// The window's length in seconds (above 0).
    pub window_seconds: u64,
}

/// Termination for cause after a run of periods in breach: a period of
/// `period` is in breach when any objective measured over periods of that
/// length is breached in it (no data is not a breach); only periods over at
/// the cut-off count; a period no such objective lists breaks a run; the
/// right arises once, at the end of the first run of `consecutive`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForCause {
    /// How many consecutive periods in breach: 1 or more.
    pub consecutive: u64,
    /// Of what length.
    pub period: Period,
}

/// The termination terms of a checked agreement that evaluation reads;
/// `None` when it states none.
pub(crate) fn from_model(m: &Model) -> Option<Termination> {
    let t = m.termination.as_ref()?;
    let for_cause = t.for_cause.map(|c| ForCause {
        consecutive: c.count,
        period: c.unit,
    });
    let for_cause_window = t.for_cause_window.as_ref().map(|w| ForCauseWindow {
        objective: w.objective.clone(),
        limit_seconds: seconds(w.limit),
        window_seconds: seconds(w.window),
    });
    let suspend = t.suspend.as_ref().and_then(|s| {
        Some(Suspend {
            party: s.party.clone(),
            after: crate::Term {
                count: s.after.count,
                // The checker refuses business time in a suspension delay.
                unit: crate::convert::unit(s.after.unit).ok()?,
            },
            waiting: crate::convert::condition(s.waiting.as_ref()?),
        })
    });
    (for_cause.is_some() || for_cause_window.is_some() || suspend.is_some()).then_some(
        Termination {
            for_cause,
            for_cause_window,
            suspend,
        },
    )
}

/// The seconds of a fixed length (the checker refused any other).
fn seconds(l: slate_check::model::Length) -> u64 {
    use slate_check::model::DurationUnit as U;
    let unit = match l.unit {
        U::Seconds => 1,
        U::Minutes => 60,
        U::Hours => 3_600,
        U::Days => 86_400,
        U::Weeks => 7 * 86_400,
        U::Months | U::BusinessHours | U::BusinessDays => 0,
    };
    l.count.saturating_mul(unit)
}

/// What a rolling-window right states that evaluation cannot read: a
/// length of 0, or an objective that is not an availability objective
/// counted to the second on the always-open clock.
pub(crate) fn window_problems(r: &crate::RuleSet) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(w) = r
        .termination
        .as_ref()
        .and_then(|t| t.for_cause_window.as_ref())
    else {
        return out;
    };
    let at = "termination.for_cause_window";
    for (field, v) in [
        ("limit_seconds", w.limit_seconds),
        ("window_seconds", w.window_seconds),
    ] {
        if v == 0 {
            out.push(Problem::ZeroWindow {
                at: format!("{at}.{field}"),
            });
        }
    }
    let real_time = r.objectives.iter().any(|o| {
        o.name == w.objective
            && matches!(
                &o.measure,
                crate::Measure::Availability {
                    clock,
                    downtime_unit_seconds: None,
                    unit_down: None,
                    ..
                } if clock == slate_check::model::ALWAYS_OPEN
            )
    });
    if !real_time {
        out.push(Problem::WindowObjective {
            at: format!("{at}.objective"),
            objective: w.objective.clone(),
        });
    }
    out
}

/// What a termination member states that no agreement can.
pub(crate) fn problems(t: Option<&Termination>) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(c) = t.and_then(|t| t.for_cause.as_ref())
        && c.consecutive == 0
    {
        out.push(Problem::ZeroRun {
            at: "termination.for_cause.consecutive".to_owned(),
        });
    }
    if let Some(s) = t.and_then(|t| t.suspend.as_ref()) {
        if s.after.count == 0 {
            out.push(Problem::ZeroSuspension {
                at: "termination.suspend.after.count".to_owned(),
            });
        }
        if s.waiting.values.is_empty() {
            out.push(Problem::NoWaitingValue {
                at: "termination.suspend.waiting.values".to_owned(),
            });
        }
    }
    out
}
