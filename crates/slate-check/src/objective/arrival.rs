//! A goal's condition on arrival: the calendar its items' first start must
//! be open (or closed) on, or the yearly range of dates it must fall in.

use slate_syntax::ast;
use slate_syntax::{Code, Diagnostic};

use crate::Kind;
use crate::env::Cx;
use crate::model;

/// The number of days of `month` in a leap year (29 for February), or 0
/// for a month that does not exist.
fn month_length(month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => 0,
    }
}

/// Whether the season `from`–`to`, inclusive and wrapping the year's end
/// when `to` is before `from`, holds `day`.
pub(super) fn in_season(from: model::MonthDay, to: model::MonthDay, day: model::MonthDay) -> bool {
    if from <= to {
        from <= day && day <= to
    } else {
        day >= from || day <= to
    }
}

/// Whether the season holds every day of a leap year.
fn whole_year(from: model::MonthDay, to: model::MonthDay) -> bool {
    (1..=12).all(|month| {
        (1..=month_length(month)).all(|day| in_season(from, to, model::MonthDay { month, day }))
    })
}

impl Cx<'_, '_> {
    /// The goal's arrival condition; `None` when it names a day that does
    /// not exist (reported).
    pub(super) fn arrival(&mut self, a: &ast::Arrival) -> Option<model::Arrival> {
        match a {
            ast::Arrival::During { calendar } => {
                self.resolve(calendar, Kind::Calendar);
                if calendar.text == model::ALWAYS_OPEN {
                    self.push(
                        Diagnostic::new(
                            Code::ArrivalAlways,
                            calendar.span,
                            "every item arrives during `24x7`",
                        )
                        .label("always open")
                        .help("remove `arriving during 24x7`, or name the calendar of the hours the contract means"),
                    );
                }
                Some(model::Arrival::During {
                    calendar: calendar.text.clone(),
                })
            }
            ast::Arrival::Outside { calendar } => {
                self.resolve(calendar, Kind::Calendar);
                Some(model::Arrival::Outside {
                    calendar: calendar.text.clone(),
                })
            }
            ast::Arrival::Season { from, to } => {
                let from = self.month_day(from);
                let to = self.month_day(to);
                let (from, to) = (from?, to?);
                if whole_year(from, to) {
                    self.push(
                        Diagnostic::new(
                            Code::ArrivalAlways,
                            a_span(a),
                            "this season covers the whole year",
                        )
                        .label("every item arrives in it")
                        .help("remove the season, or correct its first or last day"),
                    );
                }
                Some(model::Arrival::Season { from, to })
            }
        }
    }

    fn month_day(&mut self, d: &ast::MonthDay) -> Option<model::MonthDay> {
        if d.day == 0 || d.day > month_length(d.month) {
            self.push(
                Diagnostic::new(
                    Code::ArrivalDay,
                    d.span,
                    format!(
                        "{} has {} days",
                        slate_words::month_name(d.month),
                        month_length(d.month)
                    ),
                )
                .label("no such day")
                .help(format!(
                    "write a day from 1 to {}{}",
                    month_length(d.month),
                    if d.month == 2 {
                        "; `29 February` is allowed, and a range that ends on it ends with February in every year"
                    } else {
                        ""
                    }
                )),
            );
            return None;
        }
        Some(model::MonthDay {
            month: d.month,
            day: d.day,
        })
    }
}

/// From the season's first day to its last.
fn a_span(a: &ast::Arrival) -> slate_syntax::Span {
    match a {
        ast::Arrival::Season { from, to } => from.span.join(to.span),
        ast::Arrival::During { calendar } | ast::Arrival::Outside { calendar } => calendar.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(month: u32, day: u32) -> model::MonthDay {
        model::MonthDay { month, day }
    }

    #[test]
    fn seasons_hold_their_ends_and_may_wrap() {
        let (nov1, apr30) = (md(11, 1), md(4, 30));
        assert!(in_season(nov1, apr30, md(11, 1)));
        assert!(in_season(nov1, apr30, md(12, 31)));
        assert!(in_season(nov1, apr30, md(1, 1)));
        assert!(in_season(nov1, apr30, md(4, 30)));
        assert!(!in_season(nov1, apr30, md(5, 1)));
        assert!(!in_season(nov1, apr30, md(10, 31)));
        assert!(in_season(md(5, 1), md(10, 31), md(5, 1)));
        assert!(!in_season(md(5, 1), md(10, 31), md(4, 30)));
    }

    #[test]
    fn a_whole_year_is_every_day_of_a_leap_year() {
        assert!(whole_year(md(1, 1), md(12, 31)));
        assert!(whole_year(md(5, 1), md(4, 30)));
        assert!(whole_year(md(3, 1), md(2, 29)));
        assert!(!whole_year(md(3, 1), md(2, 28)));
        assert!(!whole_year(md(11, 1), md(4, 30)));
    }
}
