//! Time-to-event objectives: the measure, its goals (each with its budget on
//! the objective's clock), the target and abandoned items.

use slate_syntax::ast::{self, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use super::{condition, conditions, excluded, written};
use crate::Kind;
use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::once;

/// The clock an objective's durations count on: its own `clock`, or its
/// service's hours.
pub(super) struct Clock {
    /// The calendar's name.
    pub(super) name: String,
    /// Where the objective's own `clock` names it; `None` for the service's hours.
    pub(super) at: Option<Span>,
    /// Whether the clock is the service's hours and not known for sure: the
    /// service is unknown, or its `hours` may be the line that could not be
    /// read. Units are then not judged against it.
    pub(super) in_doubt: bool,
}

/// Whether every item matching `later` also matches `earlier`: each
/// condition of `earlier` is implied by a condition of `later` on the same
/// attribute with no other values. The order of conditions does not matter.
fn covers(earlier: &[model::Condition], later: &[model::Condition]) -> bool {
    earlier.iter().all(|e| {
        later
            .iter()
            .any(|l| l.field == e.field && l.values.iter().all(|v| e.values.contains(v)))
    })
}

/// Whether one arrival condition holds exactly when the other does not:
/// `during C` and `outside C`.
fn complementary(a: &Option<model::Arrival>, b: &Option<model::Arrival>) -> bool {
    use model::Arrival::{During, Outside};
    match (a, b) {
        (Some(During { calendar: x }), Some(Outside { calendar: y }))
        | (Some(Outside { calendar: x }), Some(During { calendar: y })) => x == y,
        _ => false,
    }
}

impl Cx<'_, '_> {
    pub(super) fn time_to_event(
        &mut self,
        o: &ast::Objective,
        what: &str,
        clock: Clock,
    ) -> Option<(ObjectiveKind, model::Period)> {
        let measure = once!(self, o.stmts, O::Measure, "measure")?;
        if o.stmts.iter().any(|s| matches!(s, O::Due(_))) {
            return self.due_date(o, what, &clock, measure);
        }
        if o.stmts.iter().any(|s| matches!(s, O::Aggregate(_))) {
            return self.duration_aggregate(o, clock, measure);
        }
        let pause = once!(self, o.stmts, O::Pause, "pause");
        let target = once!(self, o.stmts, O::Target, "target");
        let ignore = once!(self, o.stmts, O::Ignore, "ignore");
        let goal_stmts: Vec<&ast::Stmt<ast::Goal>> = o
            .stmts
            .iter()
            .filter_map(|s| match s {
                O::Goal(v) => Some(v),
                _ => None,
            })
            .collect();

        if measure.value.start.value == measure.value.stop.value {
            self.push(
                Diagnostic::new(
                    Code::InvalidQuantity,
                    measure.value.stop.span,
                    "the clock starts and stops on the same event",
                )
                .label("the same as the start event")
                .help("measure from one event until another, such as `from created until replied`"),
            );
        }
        let per_goal = once!(self, o.stmts, O::TargetPerGoal, "target per goal");
        // Missing statements are reported, and the rest is still checked.
        if target.is_none() && per_goal.is_none() {
            let noun = &measure.value.noun.text;
            if goal_stmts.iter().any(|g| g.value.target.is_some()) {
                self.missing(
                    o.name.span,
                    &format!("{what} has targets on its goals but no period"),
                    "add `target per goal per month`",
                );
            } else {
                self.missing(
                    o.name.span,
                    &format!("{what} has no `target`"),
                    &format!("add `target 95% of {noun} per month`"),
                );
            }
        }
        if goal_stmts.is_empty() {
            self.missing(o.name.span, &format!("{what} has no `goal`"), "add `goal within 4 hours`, or goals per priority ending with `goal otherwise within …`");
        }
        let goals = self.goals(&goal_stmts, what, &clock);
        let ignore = ignore.map(|i| self.ignore(&i.value));
        let (target_value, period) = self.targets(target, per_goal, &goal_stmts, &goals)?;
        if goal_stmts.is_empty() {
            return None;
        }
        if let Some(of) = target.and_then(|t| t.value.of.as_ref()) {
            self.noun(of, &measure.value.noun);
        }
        let kind = ObjectiveKind::TimeToEvent(model::TimeToEvent {
            noun: measure.value.noun.text.clone(),
            start: measure.value.start.value.clone(),
            stop: measure.value.stop.value.clone(),
            // docs/semantics.md: for an objective whose stop is `resolved`,
            // a `reopened` event after a stop starts a new cycle.
            reopen_event: (measure.value.stop.value == "resolved").then(|| "reopened".to_owned()),
            filter: conditions(&measure.value.filter),
            pause: pause.map(|p| condition(&p.value)),
            clock: clock.name,
            goals,
            exclude: excluded(o),
            target: target_value,
            ignore,
        });
        Some((kind, period))
    }

    /// The goals, in order, each with its budget; goals that can never apply
    /// and items that no goal governs are reported.
    fn goals(
        &mut self,
        goal_stmts: &[&ast::Stmt<ast::Goal>],
        what: &str,
        clock: &Clock,
    ) -> Vec<model::Goal> {
        let mut goals = Vec::new();
        let mut catch_all: Option<Span> = None;
        let mut seen: Vec<(Vec<model::Condition>, Option<model::Arrival>, Span)> = Vec::new();
        for g in goal_stmts {
            let (calendar, calendar_at) = match &g.value.on {
                Some(c) => {
                    self.resolve(c, Kind::Calendar);
                    (c.text.clone(), Some(c.span))
                }
                None => (clock.name.clone(), clock.at),
            };
            let budget = self.budget(&g.value.within, &calendar, calendar_at, clock.in_doubt);
            let written = written(
                &g.value.within,
                crate::words::canonical_budget(budget, calendar == model::ALWAYS_OPEN),
            );
            let (when, otherwise) = match &g.value.when {
                ast::GoalWhen::Always => (Vec::new(), false),
                ast::GoalWhen::Otherwise(_) => (Vec::new(), true),
                ast::GoalWhen::When(c) => (conditions(c), false),
            };
            let arrival = g.value.arrival.as_ref().and_then(|a| self.arrival(a));
            // An arrival condition in error (reported where it is) matches
            // nothing known: the goal is neither unreachable nor a catch-all.
            let in_error = g.value.arrival.is_some() && arrival.is_none();
            let never = matches!(&arrival, Some(model::Arrival::Outside { calendar }) if calendar == model::ALWAYS_OPEN);
            if in_error {
                // Said where the arrival is: no goal order to question.
            } else if never {
                self.push(
                    Diagnostic::new(Code::UnreachableGoal, g.span, "this goal can never apply")
                        .label("no item arrives outside `24x7`")
                        .help("name the calendar of the hours the contract means, such as `arriving outside core_hours`"),
                );
            } else if let Some(earlier) = catch_all {
                self.push(
                    Diagnostic::new(Code::UnreachableGoal, g.span, "this goal can never apply")
                        .label("every item already has a goal")
                        .related(earlier, "this earlier goal matches every item")
                        .help("goals are tried in order and the first that matches wins; put `otherwise` last"),
                );
            } else if let Some((_, _, at)) = seen.iter().find(|(c, a, _)| {
                (!when.is_empty() || arrival.is_some())
                    && (a.is_none() || *a == arrival)
                    && covers(c, &when)
            }) {
                self.push(
                    Diagnostic::new(Code::UnreachableGoal, g.span, "this goal can never apply")
                        .label("every item it matches is matched by an earlier goal")
                        .related(*at, "this earlier goal matches first")
                        .help("goals are tried in order and the first that matches wins; remove one of them"),
                );
            }
            // `arriving during C` and `arriving outside C`, with no other
            // condition, together match every item.
            let completes = when.is_empty()
                && seen
                    .iter()
                    .any(|(c, a, _)| c.is_empty() && complementary(a, &arrival));
            if in_error {
                // Neither a catch-all nor a goal that later ones repeat.
            } else if when.is_empty() && (arrival.is_none() || completes) {
                catch_all.get_or_insert(g.span);
            } else {
                seen.push((when.clone(), arrival.clone(), g.span));
            }
            goals.push(model::Goal {
                when,
                otherwise,
                budget,
                written,
                calendar,
                target: g.value.target.as_ref().map(|t| self.percent(t)),
                arrival,
            });
        }
        if catch_all.is_none()
            && let Some(last) = goal_stmts.last()
        {
            self.push(
                Diagnostic::new(
                    Code::UngovernedItems,
                    last.span,
                    format!("some items of {what} have no goal"),
                )
                .label("items matching none of the goals are ungoverned")
                .help("add `goal otherwise within …` as the last goal"),
            );
        }
        goals
    }

    /// `ignore EVENT within N`: abandoned items, by real elapsed time.
    pub(super) fn ignore(&mut self, i: &ast::Ignore) -> model::Ignore {
        self.positive(i.within.count.value, i.within.span, "a duration");
        if i.within.unit == ast::DurationUnit::Months {
            self.months_not_fixed(&i.within);
        } else if matches!(
            i.within.unit,
            ast::DurationUnit::BusinessDays | ast::DurationUnit::BusinessHours
        ) {
            self.push(
                Diagnostic::new(
                    Code::AmbiguousDays,
                    i.within.unit_span,
                    "abandoned items are ignored by real elapsed time",
                )
                .label("not business time")
                .help("write the time in seconds or minutes, such as `within 5 seconds`"),
            );
        }
        let within_seconds = i
            .within
            .count
            .value
            .saturating_mul(crate::time::unit_seconds(i.within.unit));
        model::Ignore {
            event: i.event.value.clone(),
            within_seconds,
            written: written(
                &i.within,
                Some(crate::words::canonical_seconds(within_seconds)),
            ),
        }
    }
}
