//! The items of an objective whose items carry their own due dates, as the
//! report gives them per period (`periods[].due_items`).

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// One item of an objective whose items carry their own due dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueItem {
    /// Its id.
    pub id: String,
    /// Its due value as the record holds it: `YYYY-MM-DD` or RFC 3339.
    pub due: String,
    /// The due instant: the instant itself, or the local midnight that ends the date.
    pub due_at: Timestamp,
    /// Its first stop after its start, if before the cut-off.
    pub stopped: Option<Timestamp>,
    /// Met, breached or pending.
    pub verdict: DueVerdict,
    /// For a breached item: the local dates after the due date up to and
    /// including the stop's (or the cut-off's, when accruing). `null` otherwise.
    pub days_late: Option<u64>,
    /// Breached and not stopped at the cut-off: its days late still grow.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accruing: bool,
}

/// An item's outcome against its own due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueVerdict {
    /// Stopped at or before the due instant.
    Met,
    /// Stopped after it, or not stopped and the cut-off is after it.
    Breached,
    /// Not stopped, and the cut-off is not after the due instant.
    Pending,
}
