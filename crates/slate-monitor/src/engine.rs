//! The engine's live view, as the monitor calls it (`slate::eval::live`).
//! TEMPORARY stand-in with the contract's signatures until the lead's
//! module lands on main; the merge replaces this file by one `pub use`.

use std::collections::BTreeSet;

use slate::eval::{Bill, EvalError, Events};
use slate::rules::RuleSet;

/// Stand-in for `slate::eval::live::Live`.
#[derive(Clone, Debug, Default)]
pub struct Live {
    /// The instant of the view.
    pub as_of: i64,
}

/// Stand-in for `slate::eval::live::live`.
pub fn live(
    _rules: &RuleSet,
    _events: &Events,
    _bill: Option<&Bill>,
    as_of: i64,
) -> Result<Live, EvalError> {
    Ok(Live { as_of })
}

/// Stand-in for `slate::eval::live::unsettled`: nothing is final.
pub fn unsettled(
    _rules: &RuleSet,
    events: &Events,
    _boundary: i64,
) -> Result<BTreeSet<String>, EvalError> {
    Ok(events
        .records
        .iter()
        .map(|r| events.symbols.name(r.id).to_owned())
        .collect())
}

/// Stand-in for `slate::eval::live::boundary`.
pub fn boundary(_rules: &RuleSet, as_of: i64) -> i64 {
    as_of - 86_400
}
