//! `examples/incident-management.sla` on its events: per-priority targets
//! with budgets that depend on whether an incident arrived in Core Hours,
//! and a heating-repair deadline that depends on the season. Every expected
//! figure is worked out by hand below (docs/semantics.md, "A condition on
//! arrival" and "A target per goal").

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::report::{ObjectiveReport, PeriodReport, Report, Verdict};

fn report() -> Report {
    slate_tests::example_report(&slate_tests::root().join("examples/incident-management.sla"))
}

fn objective<'r>(r: &'r Report, name: &str) -> &'r ObjectiveReport {
    r.objectives
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no objective {name}"))
}

fn period<'r>(o: &'r ObjectiveReport, label: &str) -> &'r PeriodReport {
    o.periods
        .iter()
        .find(|p| p.label == label)
        .unwrap_or_else(|| panic!("no period {label}"))
}

/// The breached items as (id, goal, elapsed, budget), by id.
fn breached(o: &ObjectiveReport) -> Vec<(&str, Option<usize>, i64, i64)> {
    let mut out: Vec<_> = o
        .breached_items
        .iter()
        .map(|i| (i.id.as_str(), i.goal, i.elapsed_seconds, i.budget_seconds))
        .collect();
    out.sort();
    out
}

/// Each goal's (met, breached, verdict).
fn goals(p: &PeriodReport) -> Vec<(u64, u64, Verdict)> {
    p.goals
        .iter()
        .map(|g| (g.met, g.breached, g.verdict))
        .collect()
}

// Response. Core Hours: Monday to Friday 07:00–17:00 London time, which is
// GMT (UTC+0) in January, so the UTC times below are local times.
// Goals: 1 critical in core 30 min (90%), 2 critical outside core 60 min
// (90%), 3 high in core 2 h (80%), 4 high outside core 4 h (80%),
// 5 otherwise 8 h (80%).
//
//   INC-101 critical Mon 5 Jan 09:00, responded 09:20 (20 min)  goal 1 met
//   INC-102 critical Mon 5 Jan 16:50, responded 17:25 (35 min)  goal 1 breached
//   INC-103 critical Tue 6 Jan 17:00 (the close: outside), 50 min  goal 2 met
//   INC-104 critical Wed 7 Jan 07:00 (the opening: core), 25 min  goal 1 met
//   INC-105 high Thu 8 Jan 10:00, responded 11:30 (1 h 30)  goal 3 met
//   INC-106 high Thu 8 Jan 20:00, responded 23:00 (3 h)     goal 4 met
//   INC-107 normal Fri 9 Jan 12:00, responded 18:00 (6 h)   goal 5 met
//   INC-108 high Fri 9 Jan 15:00, responded 16:45 (1 h 45)  goal 3 met
//   INC-109 critical Sat 10 Jan 10:00 (weekend: outside), 70 min  goal 2 breached
//   INC-110 normal Mon 12 Jan 06:00, responded 15:00 (9 h)  goal 5 breached
//   INC-111 critical Tue 13 Jan 08:00, responded 08:10       goal 1 met
// January: goal 1 3/4 = 75% < 90% breached; goal 2 1/2 = 50% breached;
// goal 3 2/2 = 100% met; goal 4 1/1 = 100% met; goal 5 1/2 = 50% < 80%
// breached; the month is breached (a goal is); over all goals 8 of 11.
//   INC-112 critical Mon 2 Feb 10:00, responded 10:15       goal 1 met
// February: goal 1 1/1 met, the others no data; the month is met.
#[test]
fn response_goals_by_priority_and_arrival() {
    let r = report();
    let o = objective(&r, "respond");
    let jan = period(o, "2026-01");
    assert_eq!(
        goals(jan),
        vec![
            (3, 1, Verdict::Breached),
            (1, 1, Verdict::Breached),
            (2, 0, Verdict::Met),
            (1, 0, Verdict::Met),
            (1, 1, Verdict::Breached),
        ]
    );
    assert_eq!(jan.verdict, Verdict::Breached);
    let all = jan.value.as_ref().expect("a value");
    assert_eq!((all.numerator, all.denominator), (8, 11));
    let feb = period(o, "2026-02");
    assert_eq!(feb.goals.first().map(|g| (g.met, g.breached)), Some((1, 0)));
    assert_eq!(feb.verdict, Verdict::Met);
    // The breached items and the goal each was held to.
    assert_eq!(
        breached(o),
        vec![
            ("INC-102", Some(1), 2100, 1800),
            ("INC-109", Some(2), 4200, 3600),
            ("INC-110", Some(5), 32400, 28800),
        ]
    );
}

// Repairs. Goals: 1 heating arriving 1 November–30 April 24 h, 2 heating
// 72 h, 3 otherwise 5 days; target 90% per month. London is on BST (UTC+1)
// from 29 March.
//
//   REP-201 heating, 20 Jan 10:00Z → 21 Jan 08:00Z = 22 h; in the season
//           → goal 1, met. January: 1/1 = 100% met.
//   REP-202 heating, 30 Apr 20:00Z = 21:00 BST on 30 April, the season's
//           last day → goal 1; repaired 1 May 22:00Z = 26 h > 24 → breached.
//           April: 0/1 = 0% breached.
//   REP-203 heating, 30 Apr 23:30Z = 00:30 BST on 1 May: out of the season
//           (and in May's period) → goal 2; repaired 2 May 01:30Z = 26 h
//           ≤ 72 → met.
//   REP-204 plumbing, 4 May 09:00Z → 7 May 09:00Z = 72 h ≤ 5 days → goal 3 met.
//   REP-205 heating, 11 May 09:00Z → 15 May 09:00Z = 96 h > 72 → goal 2
//           breached.
//   May (so far: the cut-off is one second after the last record):
//   2/3 = 66.667% < 90% → breached.
#[test]
fn repair_deadlines_by_season() {
    let r = report();
    let o = objective(&r, "repair");
    let figures = |label: &str| {
        let p = period(o, label);
        let v = p.value.as_ref().map(|v| (v.numerator, v.denominator));
        (v, p.verdict)
    };
    assert_eq!(figures("2026-01"), (Some((1, 1)), Verdict::Met));
    assert_eq!(figures("2026-04"), (Some((0, 1)), Verdict::Breached));
    assert_eq!(figures("2026-05"), (Some((2, 3)), Verdict::Breached));
    assert_eq!(
        breached(o),
        vec![
            ("REP-202", Some(1), 93600, 86400),
            ("REP-205", Some(2), 345600, 259200),
        ]
    );
}
