//! Lowering the delay damages of a due-date objective's credits:
//! `cap per item 100% of cost` and `cap per item USD 5000.00`.

use pest::iterators::Pair;

use super::*;

impl<'s> Lower<'s> {
    /// `100% of cost` (a percentage of a numeric attribute of the item) or
    /// `USD 5000.00`.
    pub(super) fn item_cap(&mut self, p: Pair<'s, Rule>) -> Option<ItemCap> {
        let mut inner = Inner::of(&p);
        if let Some(m) = inner.take(Rule::money) {
            return Some(ItemCap::Fixed(self.money(m)?));
        }
        let percent = self.percent(inner.take(Rule::percent)?)?;
        let attribute = self.name(inner.take(Rule::ident)?);
        Some(ItemCap::Percent { percent, attribute })
    }
}
