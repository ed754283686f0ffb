//! The contract's words for a bound on samples: which records are samples,
//! which number each carries, how the values are aggregated, and the bound.

use slate_check::model::{self, Statistic};
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn sample_aggregate(
        &self,
        o: &model::Objective,
        a: &model::SampleAggregate,
    ) -> Vec<Block> {
        let l = &self.m.labels;
        let event = words::event(l, &a.event);
        let mut first = vec![
            text("Measured on the records of "),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(format!(
                "). Each record of {} {event}",
                words::article(&event)
            )),
        ];
        if !a.filter.is_empty() {
            first.push(text(format!(" where {}", words::conditions(l, &a.filter))));
        }
        let unit = match a.unit.as_deref() {
            Some("%" | "percent") => ", a percentage".to_owned(),
            // A unit Slate knows, declared in the singular, is named in the plural.
            Some(u) => match model::unit_singular(u) {
                Some(one) => format!(", in {one}s"),
                None => format!(", in {u}"),
            },
            None => String::new(),
        };
        first.push(text(format!(
            " is one sample, whose value is the number written in its {}{unit}. A sample belongs to the period that contains the time of its record, and records identical in every field count once.",
            words::field(l, &a.attribute)
        )));
        let mut body = vec![para(first)];
        if !a.exclude.is_empty() {
            body.push(para(vec![text(format!(
                "Records where {} are excluded from the measurement.",
                words::any_of(l, &a.exclude)
            ))]));
        }
        body.push(para(vec![text(match a.statistic {
            Statistic::Average => "The average of n samples is the sum of their values divided by n, computed exactly.".to_owned(),
            Statistic::Percentile(p) => format!(
                "The {} percentile of n samples is the value at position {p}% of n, rounded up to a whole position, when the values are sorted from smallest to largest.",
                words::ordinal(p)
            ),
        })]));
        body.push(para(vec![
            strong("Target."),
            text(format!(
                " In each {}, {} in it is {} {}. A {} with no sample meets this level.",
                self.period_word(o, o.period),
                words::sample_statistic(a.statistic),
                words::comparison(a.comparison),
                words::sample_bound(&a.bound_written),
                o.period.noun(),
            )),
        ]));
        body
    }
}
