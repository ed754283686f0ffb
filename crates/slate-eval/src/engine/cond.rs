//! Conditions on records' attributes (`where`, `exclude`, goals' `when`,
//! pauses), on interned strings.

use slate_rules::Condition;

use crate::events::{Record, Sym, Symbols};

/// A condition on interned strings: the attribute and the values that match.
pub(super) struct Cond {
    pub(super) field: Option<Sym>,
    values: Vec<Sym>,
}

impl Cond {
    pub(super) fn new(symbols: &Symbols, c: &Condition) -> Cond {
        Cond {
            field: symbols.get(&c.field),
            values: c.values.iter().filter_map(|v| symbols.get(v)).collect(),
        }
    }

    pub(super) fn all(symbols: &Symbols, cs: &[Condition]) -> Vec<Cond> {
        cs.iter().map(|c| Cond::new(symbols, c)).collect()
    }

    /// Whether a value satisfies the condition.
    pub(super) fn holds(&self, value: Option<Sym>) -> bool {
        value.is_some_and(|v| self.values.contains(&v))
    }

    /// Whether a record's own attribute satisfies it.
    pub(super) fn on(&self, list: &[(Sym, Sym)], r: &Record) -> bool {
        self.holds(self.field.and_then(|f| r.attr(list, f)))
    }

    /// Whether attributes as they stand satisfy it.
    pub(super) fn in_attrs(&self, attrs: &[(Sym, Sym)]) -> bool {
        self.holds(
            self.field
                .and_then(|f| attrs.iter().find(|(k, _)| *k == f).map(|(_, v)| *v)),
        )
    }
}

/// Sets `key` to `value` in a small attribute list.
pub(super) fn set_attr(attrs: &mut Vec<(Sym, Sym)>, key: Sym, value: Sym) {
    match attrs.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => attrs.push((key, value)),
    }
}
