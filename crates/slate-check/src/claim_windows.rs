//! Where a claim window runs from and how it counts, beyond `claim within
//! 30 days` (calendar days from the end of the period): business days on
//! a named calendar (`claim within 5 business days on office_hours`), from
//! each breach (`… of each breach`), or to the end of a calendar month
//! after the period (`claim by the end of the 2nd month after the period`).

use slate_syntax::ast::{self, DurationUnit, ScheduleStmt};
use slate_syntax::{Code, Diagnostic};

use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::{Kind, once};

impl Cx<'_, '_> {
    /// Checks the claim window `claim within …` of a credits block for
    /// `objective`: its length, its calendar and what it runs from.
    pub(crate) fn claim_window(
        &mut self,
        c: &ast::Stmt<ast::ClaimWindow>,
        objective: &model::Objective,
    ) {
        let w = &c.value;
        let business = matches!(
            w.within.unit,
            DurationUnit::BusinessDays | DurationUnit::BusinessHours
        );
        match &w.calendar {
            None if business => {
                self.positive(w.within.count.value, w.within.span, "a claim window");
                self.push(
                    Diagnostic::new(
                        Code::AmbiguousDays,
                        w.within.unit_span,
                        "a claim window in business time names no calendar",
                    )
                    .label("business time on which calendar?")
                    .help(format!(
                        "name the calendar, as in `claim within {} on office_hours`, or count calendar days",
                        w.within.count.value.to_string()
                            + if w.within.unit == DurationUnit::BusinessDays {
                                " business days"
                            } else {
                                " business hours"
                            }
                    )),
                );
            }
            None => self.contract_term(&w.within, "a claim window"),
            Some(cal) => {
                self.positive(w.within.count.value, w.within.span, "a claim window");
                self.resolve(cal, Kind::Calendar);
                if !business {
                    self.push(
                        Diagnostic::new(
                            Code::ClaimCalendarUnused,
                            cal.span,
                            format!(
                                "the claim window counts calendar time, so calendar `{}` changes nothing",
                                cal.text
                            ),
                        )
                        .label("not used")
                        .help(format!(
                            "write `claim within {} business days on {}` to count the calendar's business days, or remove `on {}`",
                            w.within.count.value, cal.text, cal.text
                        )),
                    );
                }
            }
        }
        if let Some(at) = w.of_each_breach {
            let items = matches!(
                objective.kind,
                ObjectiveKind::TimeToEvent(_) | ObjectiveKind::DueDate(_)
            );
            if !items {
                self.push(
                    Diagnostic::new(
                        Code::ClaimFromBreachWithoutItems,
                        at,
                        format!(
                            "objective `{}` has no items to breach, so a claim window cannot run from each breach",
                            objective.name
                        ),
                    )
                    .label("no breaches to run from")
                    .help("remove `of each breach`: the window then runs from the end of the period, which is when a period's value is breached"),
                );
            }
        }
    }

    /// The `claim by the end of the N-th month after the period` statement
    /// of `s`, checked: given once, and not beside a `claim within` window.
    pub(crate) fn claim_by_end<'a>(
        &mut self,
        s: &'a ast::Schedule,
        window: Option<&ast::Stmt<ast::ClaimWindow>>,
    ) -> Option<&'a ast::Stmt<ast::ClaimByEnd>> {
        let by_end = once!(
            self,
            s.stmts,
            ScheduleStmt::ClaimByEnd,
            "claim by the end of"
        )?;
        self.positive(
            by_end.value.month.value,
            by_end.value.month.span,
            "a month after the period",
        );
        if let Some(w) = window {
            self.push(
                Diagnostic::new(
                    Code::ConflictingClaimWindows,
                    by_end.span,
                    "the block gives two claim windows",
                )
                .label("second window")
                .related(w.span, "first window")
                .help("keep one: `claim within …` counts from the end of the period (or each breach), `claim by the end of …` ends with a calendar month"),
            );
        }
        Some(by_end)
    }
}

/// The parts of the claim terms the two window statements give: the
/// calendar, whether the window runs from each breach, and the month after
/// the period whose end is the deadline.
pub(crate) fn window_terms(
    window: Option<&ast::Stmt<ast::ClaimWindow>>,
    by_end: Option<&ast::Stmt<ast::ClaimByEnd>>,
) -> (Option<String>, bool, Option<u64>) {
    let calendar = window.and_then(|w| w.value.calendar.as_ref().map(|c| c.text.clone()));
    let from_breach = window.is_some_and(|w| w.value.of_each_breach.is_some());
    let month = by_end.map(|b| b.value.month.value);
    (calendar, from_breach, month)
}
