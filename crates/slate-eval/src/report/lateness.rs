//! Delay damages on a settlement line (`lines[].lateness`, added in
//! `slate.report/v2`): each breached item's lateness, what it paid before
//! and after its per-item cap, and the figure the cap was read from.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Exact, Timestamp};

/// The delay damages of one objective in one settled period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatenessLine {
    /// `day` (calendar days after the due date) or `hour` (whole real
    /// hours after the due instant).
    pub unit: String,
    /// The units late of every item, summed.
    pub units: u64,
    /// The line's amount before the per-item caps (`amount` is after them).
    pub before_item_caps: Exact,
    /// Each breached item of the period, by due instant.
    pub items: Vec<LateItemLine>,
}

/// One breached item's delay damages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateItemLine {
    /// Its id.
    pub id: String,
    /// Its due instant.
    pub due_at: Timestamp,
    /// Its stop, or the cut-off when it is still accruing.
    pub until: Timestamp,
    /// Not stopped at the cut-off: its damages still grow.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accruing: bool,
    /// Its days late (`per day late`) or whole hours late (`per hour late`).
    pub units: u64,
    /// What its units pay, before its cap.
    pub amount: Exact,
    /// `cap per item N% of ATTRIBUTE`: the attribute's value, as the
    /// item's records give it at its stop (or the cut-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Decimal>,
    /// The per-item cap, if stated: a fixed amount or the share of `cost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Exact>,
    /// What it pays: `amount`, at most `cap`.
    pub paid: Exact,
}
