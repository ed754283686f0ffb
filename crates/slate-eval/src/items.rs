//! Which items' records an availability objective reads (`items` in the
//! rule set): named ids, the items of its service, or, in a rule set with
//! one availability objective that leaves it implicit, every item.

use slate_rules::Items;

use crate::events::{Record, Sym, Symbols};

/// An objective's `items`, on interned strings.
pub(crate) enum Selection {
    /// Every item (the objective names none).
    Every,
    /// The items with these ids, sorted.
    Ids(Vec<String>),
    /// The items whose latest `service` attribute is this value; `None`
    /// when no record carries the field or the value at all.
    Service(Option<(Sym, Sym)>),
}

impl Selection {
    /// The selection of an objective of `service`.
    pub(crate) fn new(items: Option<&Items>, service: &str, symbols: &Symbols) -> Selection {
        match items {
            None => Selection::Every,
            Some(Items::Ids { ids }) => {
                let mut ids = ids.clone();
                ids.sort_unstable();
                Selection::Ids(ids)
            }
            Some(Items::OfService {}) => {
                Selection::Service(symbols.get("service").zip(symbols.get(service)))
            }
        }
    }

    /// Whether item `id`, with these records, is the objective's. An
    /// item's `service` is the one its latest record carrying the field
    /// gives, in the order events apply (time, then reading order), as
    /// every attribute of an item stands at the cut-off: an item whose
    /// records disagree belongs to one service, never to two.
    pub(crate) fn selects(&self, id: &str, records: &[Record], attrs: &[(Sym, Sym)]) -> bool {
        match self {
            Selection::Every => true,
            Selection::Ids(ids) => ids.binary_search_by(|i| i.as_str().cmp(id)).is_ok(),
            Selection::Service(None) => false,
            Selection::Service(Some((field, value))) => records
                .iter()
                .filter_map(|r| r.attr(attrs, *field).map(|v| ((r.at, r.seq), v)))
                .max_by_key(|(order, _)| *order)
                .is_some_and(|(_, v)| v == *value),
        }
    }
}
