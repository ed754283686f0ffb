//! A goal's condition on arrival (docs/semantics.md): the item's first
//! start open (or closed) on a calendar, or its local date in a season.

use chrono::Datelike;
use chrono_tz::Tz;
use slate_rules::{Arrival, Goal, MonthDay};
use slate_time::OpenTime;

use super::EvalError;
use super::context::{Ctx, local_date};
use crate::report::GoalArrival;

/// Each goal's arrival condition in the agreement's words, for the report.
pub(super) fn described(goals: &[Goal]) -> Vec<GoalArrival> {
    let day = |d: &MonthDay| format!("{} {}", d.day(), slate_words::month_name(d.month()));
    goals
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let arrival = match g.arrival.as_ref()? {
                Arrival::During { calendar } => format!("arriving during {calendar}"),
                Arrival::Outside { calendar } => format!("arriving outside {calendar}"),
                Arrival::Season { from, to } => {
                    format!("arriving from {} to {}", day(from), day(to))
                }
            };
            Some(GoalArrival {
                goal: i + 1,
                arrival,
            })
        })
        .collect()
}

/// A goal's arrival condition, with its calendar compiled.
pub(super) enum Arrives<'a> {
    /// Open at the start: at an opening open, at a close closed.
    During(&'a OpenTime),
    /// Not open at the start.
    Outside(&'a OpenTime),
    /// The start's local date from the first day to the last, inclusive,
    /// wrapping the year's end when the last is before the first.
    Season(MonthDay, MonthDay),
}

impl Arrives<'_> {
    /// Whether an item whose first start is `start` arrived so; the season
    /// reads the start's local date in `tz`, the objective's time zone.
    pub(super) fn holds(&self, tz: Tz, start: i64) -> bool {
        match self {
            Arrives::During(c) => c.is_open(start),
            Arrives::Outside(c) => !c.is_open(start),
            Arrives::Season(from, to) => {
                let d = local_date(tz, start);
                let day = (d.month(), d.day());
                let (from, to) = ((from.month(), from.day()), (to.month(), to.day()));
                if from <= to {
                    from <= day && day <= to
                } else {
                    day >= from || day <= to
                }
            }
        }
    }
}

impl Ctx<'_> {
    /// Each goal's arrival condition, in order; `None` for a goal without one.
    pub(super) fn arrivals<'a>(
        &'a self,
        goals: &[Goal],
    ) -> Result<Vec<Option<Arrives<'a>>>, EvalError> {
        goals
            .iter()
            .map(|g| {
                Ok(match &g.arrival {
                    None => None,
                    Some(Arrival::During { calendar }) => {
                        Some(Arrives::During(self.calendar(calendar)?))
                    }
                    Some(Arrival::Outside { calendar }) => {
                        Some(Arrives::Outside(self.calendar(calendar)?))
                    }
                    Some(Arrival::Season { from, to }) => Some(Arrives::Season(*from, *to)),
                })
            })
            .collect()
    }
}
