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
    for_cause.is_some().then_some(Termination { for_cause })
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
    out
}
