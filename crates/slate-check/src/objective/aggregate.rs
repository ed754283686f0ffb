//! Duration aggregates: a time-to-event measure whose items' elapsed times
//! are averaged, or ranked for a nearest-rank percentile, against a bound
//! (`average at most 30 seconds per quarter`, `p95 at most 4 hours per month`).

use rust_decimal::Decimal;
use slate_syntax::ast::{self, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic};

use super::time_to_event::Clock;
use super::{condition, conditions, excluded, written};
use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::once;

impl Cx<'_, '_> {
    /// An objective with `measure` and an `average` or percentile bound:
    /// it carries no goals and no target (E0341).
    pub(super) fn duration_aggregate(
        &mut self,
        o: &ast::Objective,
        clock: Clock,
        measure: &ast::Stmt<ast::Measure>,
    ) -> Option<(ObjectiveKind, model::Period)> {
        let aggregate = once!(self, o.stmts, O::Aggregate, "average")?;
        for s in &o.stmts {
            let (word, at) = match s {
                O::Goal(g) => ("goal", g.span),
                O::Target(t) => ("target", t.span),
                O::TargetPerGoal(t) => ("target", t.span),
                _ => continue,
            };
            self.push(
                Diagnostic::new(
                    Code::AggregateWithGoals,
                    at,
                    format!("`{word}` does not apply beside an average or percentile bound"),
                )
                .label("the bound is the objective's only term")
                .related(aggregate.span, "the objective is judged by this bound")
                .help("remove it; to also require a share of items within a goal, write a second objective with the same `measure`"),
            );
        }
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
        let pause = once!(self, o.stmts, O::Pause, "pause");
        let ignore = once!(self, o.stmts, O::Ignore, "ignore").map(|i| self.ignore(&i.value));
        let a = &aggregate.value;
        let statistic = match &a.statistic {
            ast::Statistic::Average(_) => model::Statistic::Average,
            ast::Statistic::Percentile(n) => model::Statistic::Percentile(self.percentile(n)),
        };
        let bound_seconds = match self.budget(&a.bound, &clock.name, clock.at, clock.in_doubt) {
            model::Budget::Seconds(s) => s,
            model::Budget::BusinessDays(_) => {
                self.push(
                    Diagnostic::new(
                        Code::AmbiguousDays,
                        a.bound.unit_span,
                        "an average or percentile bound is a length of open time",
                    )
                    .label("business days end at a close that depends on each item's start")
                    .help("write the bound in open hours, minutes or seconds on the objective's clock, such as `8 hours`"),
                );
                0
            }
        };
        let bound_written = written(
            &a.bound,
            crate::words::canonical_budget(
                model::Budget::Seconds(bound_seconds),
                clock.name == model::ALWAYS_OPEN,
            ),
        );
        let kind = ObjectiveKind::DurationAggregate(model::DurationAggregate {
            noun: measure.value.noun.text.clone(),
            start: measure.value.start.value.clone(),
            stop: measure.value.stop.value.clone(),
            reopen_event: (measure.value.stop.value == "resolved").then(|| "reopened".to_owned()),
            filter: conditions(&measure.value.filter),
            pause: pause.map(|p| condition(&p.value)),
            clock: clock.name,
            exclude: excluded(o),
            ignore,
            statistic,
            comparison: a.comparison,
            bound_seconds,
            bound_written,
            round: self.round_value(o),
        });
        Some((kind, a.per.period))
    }

    /// `p95`: more than 0 and less than 100 (E0342).
    pub(super) fn percentile(&mut self, n: &ast::Number) -> Decimal {
        let value = crate::decimal(n);
        if !n.text.is_empty() && (value <= Decimal::ZERO || value >= Decimal::ONE_HUNDRED) {
            self.push(
                Diagnostic::new(
                    Code::PercentileRange,
                    n.span,
                    format!("percentile `p{}` is out of range", n.text),
                )
                .label("must be more than 0 and less than 100")
                .help("write a percentile such as `p95` or `p99.9`; to bound every item, write a `goal` with `target 100%` instead"),
            );
        }
        value.normalize()
    }
}
