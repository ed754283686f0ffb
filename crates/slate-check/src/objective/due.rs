//! Due dates carried by the item: `measure deliverables from assigned until
//! delivered` with `due by due_date`, each item due by the date or instant
//! its own attribute holds (E0380–E0383).

use slate_syntax::ast::{self, Item, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use super::time_to_event::Clock;
use super::{conditions, excluded};
use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::once;

/// The record fields that are not attributes: no due date can be read from them.
const RECORD_FIELDS: [&str; 3] = ["id", "at", "event"];

impl Cx<'_, '_> {
    /// A time-to-event objective whose items carry their own due dates.
    pub(super) fn due_date(
        &mut self,
        o: &ast::Objective,
        what: &str,
        clock: &Clock,
        measure: &ast::Stmt<ast::Measure>,
    ) -> Option<(ObjectiveKind, model::Period)> {
        let due = once!(self, o.stmts, O::Due, "due by")?;
        self.due_alone(o, due.span, clock);
        self.due_attribute(&due.value);
        let m = &measure.value;
        if m.start.value == m.stop.value {
            self.push(
                Diagnostic::new(
                    Code::InvalidQuantity,
                    m.stop.span,
                    "the clock starts and stops on the same event",
                )
                .label("the same as the start event")
                .help(
                    "measure from one event until another, such as `from assigned until delivered`",
                ),
            );
        }
        let Some(target) = once!(self, o.stmts, O::Target, "target") else {
            self.missing(
                o.name.span,
                &format!("{what} has no `target`"),
                &format!("add `target 100% of {} per month`", m.noun.text),
            );
            return None;
        };
        if let Some(of) = &target.value.of {
            self.noun(of, &m.noun);
        }
        let period = target.value.per.period;
        if period.is_hourly() {
            self.push(
                Diagnostic::new(
                    Code::DueHourly,
                    target.value.per.span,
                    "items due by a date cannot be counted per clock hour",
                )
                .label("a due date belongs to no one hour")
                .related(due.span, "each item is due by its own date")
                .help("count them per day, week, month, quarter or year, such as `per month`"),
            );
        }
        let percent = self.percent(&target.value.percent);
        let kind = ObjectiveKind::DueDate(model::DueDate {
            noun: m.noun.text.clone(),
            start: m.start.value.clone(),
            stop: m.stop.value.clone(),
            filter: conditions(&m.filter),
            exclude: excluded(o),
            attribute: due.value.text.clone(),
            target: percent,
        });
        Some((kind, period))
    }

    /// Reports the statements that mean nothing beside `due by`: goals and
    /// aggregates (E0380), a pause, a clock or ignored items (E0381).
    fn due_alone(&mut self, o: &ast::Objective, due: Span, clock: &Clock) {
        for s in &o.stmts {
            let (word, at, code) = match s {
                O::Goal(g) => ("goal", g.span, Code::DueBesideGoals),
                O::TargetPerGoal(t) => ("target per goal", t.span, Code::DueBesideGoals),
                O::Aggregate(a) => ("an aggregate bound", a.span, Code::DueBesideGoals),
                O::Pause(p) => ("pause", p.span, Code::DueTimed),
                O::Ignore(i) => ("ignore", i.span, Code::DueTimed),
                _ => continue,
            };
            let d = if code == Code::DueBesideGoals {
                Diagnostic::new(code, at, format!("`{word}` beside `due by`"))
                    .label("each item is already due by its own date")
                    .related(due, "the items' own due dates")
                    .help("an objective measures items against their own due dates or against goals; split it into two objectives, each with `where` on its `measure`")
            } else {
                Diagnostic::new(code, at, format!("`{word}` means nothing beside `due by`"))
                    .label("an item is met or late by its due date alone")
                    .related(due, "the items' own due dates")
                    .help(
                        "remove it: the time an item waits or is paused does not move its due date",
                    )
            };
            self.push(d);
        }
        if let Some(at) = clock.at {
            self.push(
                Diagnostic::new(Code::DueTimed, at, "`clock` means nothing beside `due by`")
                    .label("an item is met or late by its due date alone")
                    .related(due, "the items' own due dates")
                    .help(
                        "remove the `clock` line: a due date is a date, not a budget of open time",
                    ),
            );
        }
    }

    /// Reports a due attribute that cannot hold a date (E0382).
    fn due_attribute(&mut self, name: &ast::Name) {
        let field = name.text.as_str();
        let label = if RECORD_FIELDS.contains(&field) {
            format!("`{field}` is a field of every record, not an attribute of the item")
        } else if self.env.agreement.items.iter().any(|i| {
            matches!(i, Item::Field(f) if f.value.name.text == field && !f.value.values.is_empty())
        }) {
            format!("`field {field}` lists the values it may hold, and no date is one")
        } else {
            return;
        };
        self.push(
            Diagnostic::new(
                Code::DueAttribute,
                name.span,
                format!("`{field}` cannot hold a due date"),
            )
            .label(label)
            .help("name the attribute whose value is each item's due date, `YYYY-MM-DD` or an RFC 3339 instant, such as `due by due_date`"),
        );
    }
}
