//! The contract's words for items that carry their own due dates: which
//! items, where each one's due date is recorded, when it is met, and the
//! share that must be.

use slate_check::model;
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn due_date(&self, o: &model::Objective, d: &model::DueDate) -> Vec<Block> {
        let l = &self.m.labels;
        let stop = words::event(l, &d.stop);
        let mut first = self.measured_for(o, &d.noun, (&d.start, &d.stop), &d.filter);
        first.extend([
            text(format!(
                "Each of the {} is due on the date, or at the time, recorded in its ",
                d.noun
            )),
            code(d.attribute.clone()),
            text(format!(
                " as it stands at its {stop} (or, if it has none, at the end of measurement); {}. ",
                words::due_date_end(&o.timezone.to_string())
            )),
            text(format!(
                "One of them is on time if its {stop} comes no later than it is due, and belongs to the {} of its due date; {} with no due date recorded are not counted.",
                o.period.noun(),
                d.noun
            )),
        ]);
        let mut body = vec![para(first)];
        if !d.exclude.is_empty() {
            body.push(para(vec![text(format!(
                "{} where {} are excluded from the measurement.",
                words::capitalise(&d.noun),
                words::any_of(l, &d.exclude)
            ))]));
        }
        let share = if d.target == rust_decimal::Decimal::ONE_HUNDRED {
            format!("all {} due in it are on time (Compliance of 100%)", d.noun)
        } else {
            format!(
                "at least {} of the {} due in it are on time (Compliance)",
                words::percent(d.target),
                d.noun
            )
        };
        body.push(para(vec![
            strong("Target."),
            text(format!(
                " In each {}, {share}.",
                self.period_word(o, o.period)
            )),
        ]));
        body
    }
}
