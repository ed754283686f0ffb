//! The breached items of a due-date objective whose credits pay delay
//! damages (`per day late`, `per hour late`): each one's due instant, the
//! instant its lateness runs to (its stop, or the cut-off: accruing), its
//! days late, and its attributes at that instant (where `cap per item N%
//! of ATTRIBUTE` reads its cost).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use slate_rules::Objective;

use super::context::Ctx;
use super::partial::Part;
use crate::events::Sym;

/// How late one breached item is.
#[derive(Clone, Debug)]
pub(super) struct Late {
    /// Its due instant.
    pub(super) due_at: i64,
    /// Its stop, or the cut-off when not stopped.
    pub(super) until: i64,
    /// The local dates after the due date up to and including `until`'s.
    pub(super) days: u64,
    /// Not stopped at the cut-off.
    pub(super) accruing: bool,
    /// Its attributes at `until`.
    pub(super) attrs: Vec<(Sym, Sym)>,
}

/// A breached item, placed as the objective's periods place it.
#[derive(Clone, Debug)]
pub(super) struct LateItem {
    pub(super) id: String,
    /// The instant whose period it belongs to (its due date's midnight,
    /// or its due instant).
    pub(super) start: i64,
    /// Its due date.
    pub(super) date: NaiveDate,
    pub(super) late: Late,
}

/// The breached items of each objective that pays delay damages, by name.
pub(super) type Lates = BTreeMap<String, Vec<LateItem>>;

impl Ctx<'_> {
    /// The breached items of `o`, when its credits pay delay damages.
    pub(super) fn late_items(&self, o: &Objective, part: &Part<'_>) -> Vec<LateItem> {
        let Part::Due(items) = part else {
            return Vec::new();
        };
        if o.credits
            .as_ref()
            .and_then(|c| c.lateness.as_ref())
            .is_none()
        {
            return Vec::new();
        }
        items
            .iter()
            .filter_map(|d| {
                d.late.as_ref().map(|late| LateItem {
                    id: d.outcome.id.to_owned(),
                    start: d.outcome.start,
                    date: d.outcome.date,
                    late: late.clone(),
                })
            })
            .collect()
    }

    /// The value of attribute `name` of a late item, if it has one.
    pub(super) fn late_attribute<'s>(&'s self, late: &Late, name: &str) -> Option<&'s str> {
        let key = self.symbols.get(name)?;
        late.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| self.symbols.name(*v))
    }
}
