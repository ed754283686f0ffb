//! The contract's words for a rate of counts: which items form the
//! denominator, which of them the numerator, and the bound on the rate.

use slate_check::model;
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn rate(&self, o: &model::Objective, r: &model::Rate) -> Vec<Block> {
        let l = &self.m.labels;
        let den = words::event(l, &r.denominator);
        let num = words::event(l, &r.numerator);
        let (a_den, a_num) = (words::article(&den), words::article(&num));
        let mut first = vec![
            text("Measured on the items of "),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(format!(
                "). The rate is the number of items with {a_num} {num} divided by the number of items with {a_den} {den}, among the items that belong to the period"
            )),
        ];
        if !r.filter.is_empty() {
            // docs/reference.md §7.8: the attributes as they stand at the
            // end of measurement.
            first.push(text(format!(
                " and where {} (as the item's records stand at the end of measurement)",
                words::conditions(l, &r.filter)
            )));
        }
        first.push(text(format!(
            ". An item belongs to the period of its first {den}, and counts as having {a_num} {num} if it has one by the end of measurement, even in a later period."
        )));
        let mut body = vec![para(first)];
        if let Some(i) = &r.ignore {
            let ignored = words::event(l, &i.event);
            body.push(para(vec![text(format!(
                "Items with {} {ignored} within {} of their first {den} are counted in neither number.",
                words::article(&ignored),
                words::real(i.within_seconds, i.written),
            ))]));
        }
        if !r.exclude.is_empty() {
            body.push(para(vec![text(format!(
                "Items where {} (as their records stand at the end of measurement) are excluded from the measurement.",
                words::any_of(l, &r.exclude)
            ))]));
        }
        body.push(para(vec![
            strong("Target."),
            text(format!(
                " In each {}, the rate is {} {}%. A {} in which no item is counted among the items with {a_den} {den} has no rate and meets this level.",
                self.period_word(o, o.period),
                words::comparison(r.comparison),
                r.percent,
                o.period.noun(),
            )),
        ]));
        body
    }
}
