//! A target per goal (docs/semantics.md, "A target per goal"): each goal's
//! compliance and verdict in each period, and the objective's verdict from
//! them.

use slate_rules::{Measure, Objective};

use super::aggregate::{at_least, ratio};
use super::tally::Tally;
use crate::report::{GoalReport, PeriodReport, Verdict};

/// Fills a period's `goals` from its tally and sets its verdict when every
/// goal of the objective carries its own target; does nothing otherwise.
pub(super) fn per_goal(o: &Objective, tally: &Tally, p: &mut PeriodReport) {
    let Measure::TimeToEvent { goals, .. } = &o.measure else {
        return;
    };
    let targets: Vec<_> = goals.iter().map(|g| g.target).collect();
    if targets.iter().any(Option::is_none) {
        return;
    }
    p.goals = targets
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let t = (*t)?.get();
            let [met, breached, pending] = tally.goals.get(i).copied().unwrap_or_default();
            let value = ratio(met as i64, (met + breached) as i64);
            let verdict = match &value {
                None => Verdict::NoData,
                Some(r) if at_least(r, t) => Verdict::Met,
                Some(_) => Verdict::Breached,
            };
            Some(GoalReport {
                goal: i + 1,
                target: t,
                met,
                breached,
                pending,
                value,
                verdict,
            })
        })
        .collect();
    // Breached if any goal is, met if any is met, otherwise no data.
    p.verdict = if p.goals.iter().any(|g| g.verdict == Verdict::Breached) {
        Verdict::Breached
    } else if p.goals.iter().any(|g| g.verdict == Verdict::Met) {
        Verdict::Met
    } else {
        Verdict::NoData
    };
}
