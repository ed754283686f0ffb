//! The contract's words for a duration aggregate: what is timed, which
//! items count, and the bound on their average or percentile.

use slate_check::model::{self, Statistic};
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn duration_aggregate(
        &self,
        o: &model::Objective,
        a: &model::DurationAggregate,
    ) -> Vec<Block> {
        let l = &self.m.labels;
        let mut first = self.measured_for(o, &a.noun, (&a.start, &a.stop), &a.filter);
        let always = self.ix.calendar(&a.clock).is_some_and(|c| c.always_open);
        if always {
            first.push(text("Time is counted "));
            first.push(self.around_the_clock());
            first.push(text(", in real elapsed time"));
        } else {
            first.push(text("Time is counted as Open Time on "));
            first.push(strong(self.calendar_term(&a.clock)));
        }
        if let Some(p) = &a.pause {
            first.push(text(format!(
                ", and the clock is paused while {}",
                words::condition(l, p)
            )));
        }
        first.push(text("."));
        let mut body = vec![para(first)];
        if a.reopen_event.is_some() {
            body.push(para(vec![text(format!(
                "If one of the {} is reopened after it is resolved, the time of every cycle counts towards its time.",
                a.noun
            ))]));
        }
        let stop = words::event(l, &a.stop);
        let mut counted = format!(
            "Only {} whose clock has stopped count: {} with no {stop} by the end of measurement are not counted",
            a.noun, a.noun
        );
        if let Some(i) = &a.ignore {
            let ignored = words::event(l, &i.event);
            counted.push_str(&format!(
                ", nor are {} with {} {ignored} and no {stop}, whether it comes within {} of {} or later",
                a.noun,
                words::article(&ignored),
                words::real(i.within_seconds, i.written),
                words::first_event(l, &a.start)
            ));
        }
        counted.push('.');
        body.push(para(vec![text(counted)]));
        if !a.exclude.is_empty() {
            body.push(para(vec![text(format!(
                "{} where {} are excluded from the measurement.",
                words::capitalise(&a.noun),
                words::any_of(l, &a.exclude)
            ))]));
        }
        if let Statistic::Percentile(p) = a.statistic {
            body.push(para(vec![text(format!(
                "The {} percentile of n times is the time at position {p}% of n, rounded up to a whole position, when the times are sorted from shortest to longest.",
                words::ordinal(p)
            ))]));
        }
        let bound = words::allowed(
            model::Budget::Seconds(a.bound_seconds),
            a.bound_written,
            always,
        );
        body.push(para(vec![
            strong("Target."),
            text(format!(
                " In each {}, {} that started in it is {} {bound}. A {} in which no {} count meets this level.",
                self.period_word(o, o.period),
                words::statistic(a.statistic, &a.noun),
                words::comparison(a.comparison),
                o.period.noun(),
                a.noun
            )),
        ]));
        if let Some(r) = a.round {
            body.push(para(vec![text(words::rounding(
                r,
                &words::statistic(a.statistic, &a.noun),
                &self.period_word(o, o.period),
            ))]));
        }
        body
    }

    /// `For each whole second by which the average time of the calls in a
    /// month is over 30 seconds, the customer is entitled to a credit of
    /// USD 500.00.`: the sentence of a remedy per unit of the value.
    pub(super) fn per_unit_value(
        &self,
        o: &model::Objective,
        pu: &model::PerUnitValue,
        service: &str,
        settled: model::Period,
    ) -> Vec<Block> {
        let model::ObjectiveKind::DurationAggregate(a) = &o.kind else {
            return Vec::new();
        };
        let unit = words::unit_word(pu.unit_seconds);
        let threshold = words::length(words::canonical_seconds(pu.threshold_seconds));
        let period = self.period_word(o, settled);
        let value = words::statistic(a.statistic, &a.noun);
        let payout = self.payout(&pu.payout, service, settled);
        let (side, who) = if pu.over {
            (
                "over",
                format!("the customer is entitled to a credit of {payout}"),
            )
        } else {
            (
                "under",
                format!("the customer pays the provider a bonus of {payout}"),
            )
        };
        let rounded = if a.round.is_some() {
            " (as rounded)"
        } else {
            ""
        };
        vec![para(vec![
            text("For each whole "),
            text(format!(
                "{unit} by which {value} in a {period}{rounded}, for "
            )),
            strong(self.objective_title(&o.name)),
            text(" ("),
            self.objective_ref(&o.name),
            text(format!(
                "), is {side} {threshold}, {who}. A part of a {unit} does not count."
            )),
        ])]
    }
}
