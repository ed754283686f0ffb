//! The contract's words for a goal's condition on arrival: "received during
//! **Core Hours**", "received from 1 November to 30 April", and how the time
//! of receipt is read (docs/semantics.md, "A condition on arrival").

use slate_check::model;
use slate_check::words;

use super::*;

/// `1 November`.
fn day(d: model::MonthDay) -> String {
    format!("{} {}", d.day, words::month_name(d.month))
}

impl Builder<'_> {
    /// What a goal's row adds to the items it is for: ` received during
    /// Core Hours` after "All tickets", `, for tickets received during Core
    /// Hours` after conditions; nothing for a goal without an arrival
    /// condition.
    pub(super) fn arrival_words(&self, g: &model::Goal, noun: &str) -> Vec<Inline> {
        let mut out = self.received(g);
        if !g.when.is_empty() && !out.is_empty() {
            out.insert(0, text(format!(", for {noun}")));
        }
        out
    }

    fn received(&self, g: &model::Goal) -> Vec<Inline> {
        match &g.arrival {
            None => Vec::new(),
            Some(model::Arrival::During { calendar }) => vec![
                text(" received during "),
                strong(self.calendar_term(calendar)),
            ],
            Some(model::Arrival::Outside { calendar }) => vec![
                text(" received outside "),
                strong(self.calendar_term(calendar)),
            ],
            Some(model::Arrival::Season { from, to }) => vec![text(format!(
                " received from {} to {}",
                day(*from),
                day(*to)
            ))],
        }
    }

    /// How the time of receipt is read, when any goal depends on it: the
    /// first start, open from an opening up to a close, a season's dates in
    /// the objective's time zone, both days included.
    pub(super) fn arrival_reading(
        &self,
        o: &model::Objective,
        t: &model::TimeToEvent,
    ) -> Option<Block> {
        let arrivals: Vec<&model::Arrival> =
            t.goals.iter().filter_map(|g| g.arrival.as_ref()).collect();
        if arrivals.is_empty() {
            return None;
        }
        let later = if t.reopen_event.is_some() {
            "a later change to it, or its reopening,"
        } else {
            "a later change to it"
        };
        let mut out = vec![text(format!(
            "The time at which each of the {} is received is the time of {}, and {later} does not change that time.",
            t.noun,
            words::first_event(&self.m.labels, &t.start),
        ))];
        let mut calendars: Vec<&str> = Vec::new();
        for a in &arrivals {
            if let model::Arrival::During { calendar } | model::Arrival::Outside { calendar } = a
                && !calendars.contains(&calendar.as_str())
            {
                calendars.push(calendar);
            }
        }
        for c in calendars {
            out.push(text(" It is received during "));
            out.push(strong(self.calendar_term(c)));
            out.push(text(
                " when that time falls within them, including the moment they begin and excluding the moment they end, and outside them otherwise.",
            ));
        }
        if arrivals
            .iter()
            .any(|a| matches!(a, model::Arrival::Season { .. }))
        {
            out.push(text(format!(
                " A range of days of the year in the table includes its first and last days, runs into the next year when its last day comes earlier in the year than its first, and is read on the date of that time in {}.",
                o.timezone
            )));
        }
        Some(para(out))
    }
}
