//! The report's words for a remedy per unit of the value: the value it
//! counted from, rounded as the contract says, and the threshold.

use slate_eval::report::{Direction, PerUnitFigures};

use super::words::seconds_text;

/// `31 s rounded from 30.5 s (61/2), over 30 s`: what a per-unit line measured.
pub(super) fn measured(u: &PerUnitFigures) -> String {
    let value = match u.seconds_rounded {
        Some(r) => format!("{r} s rounded from {}", seconds_text(&u.seconds)),
        None => seconds_text(&u.seconds),
    };
    let side = match u.direction {
        Direction::Over => "over",
        Direction::Under => "under",
    };
    format!("{value}; {side} {} s", u.threshold_seconds)
}
