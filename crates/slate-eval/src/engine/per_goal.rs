//! A target per goal (docs/semantics.md, "A target per goal"): each goal's
//! compliance and verdict in each period, and the objective's verdict from
//! them.

use slate_rules::{Measure, Objective};

use super::aggregate::{at_least, ratio};
use super::context::{Ctx, Span, span_of};
use super::cycles::{ItemOutcome, Outcome};
use crate::report::{GoalReport, PeriodReport, Verdict};

impl Ctx<'_> {
    /// Fills each period's `goals` and sets its verdict when every goal of
    /// the objective carries its own target; does nothing otherwise.
    pub(super) fn per_goal(
        &self,
        o: &Objective,
        spans: &[Span],
        outcomes: &[ItemOutcome<'_>],
        periods: &mut [PeriodReport],
    ) {
        let Measure::TimeToEvent { goals, .. } = &o.measure else {
            return;
        };
        let targets: Vec<_> = goals.iter().map(|g| g.target).collect();
        if targets.iter().any(Option::is_none) {
            return;
        }
        for p in periods.iter_mut() {
            p.goals = targets
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    t.map(|t| GoalReport {
                        goal: i + 1,
                        target: t.get(),
                        met: 0,
                        breached: 0,
                        pending: 0,
                        value: None,
                        verdict: Verdict::NoData,
                    })
                })
                .collect();
        }
        // Each item counts toward the goal it is judged against, after
        // re-selection at the stop; ungoverned items belong to no goal.
        for item in outcomes {
            let inside = item.start >= self.valid_from && item.start < self.valid_end;
            let Some(at) = span_of(spans, o.period, item.date, item.start).filter(|_| inside)
            else {
                continue;
            };
            let Some(g) = item
                .goal()
                .and_then(|g| periods.get_mut(at).and_then(|p| p.goals.get_mut(g)))
            else {
                continue;
            };
            match item.outcome {
                Outcome::Met => g.met += 1,
                Outcome::Breached => g.breached += 1,
                Outcome::Pending => g.pending += 1,
                Outcome::Ignored | Outcome::Ungoverned => {}
            }
        }
        for p in periods.iter_mut() {
            for g in &mut p.goals {
                g.value = ratio(g.met as i64, (g.met + g.breached) as i64);
                g.verdict = match &g.value {
                    None => Verdict::NoData,
                    Some(r) if at_least(r, g.target) => Verdict::Met,
                    Some(_) => Verdict::Breached,
                };
            }
            // Breached if any goal is, met if any is met, otherwise no data.
            p.verdict = if p.goals.iter().any(|g| g.verdict == Verdict::Breached) {
                Verdict::Breached
            } else if p.goals.iter().any(|g| g.verdict == Verdict::Met) {
                Verdict::Met
            } else {
                Verdict::NoData
            };
        }
    }
}
