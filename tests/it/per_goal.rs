//! A target per goal (`goal … within 1 hour, target 90%` with `target per
//! goal per day`) on hand-worked data: docs/semantics.md, "A target per
//! goal". Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{PeriodReport, Report, Verdict};

pub(crate) const AGREEMENT: &str = r#"agreement "Incident response" {
  id        "PG"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"
  currency  GBP

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service desk "Service desk" {
    hours 24x7
  }

  objective respond "Respond" {
    service desk
    measure incidents from created until responded
    clock   24x7
    goal    priority "critical" within 1 hour, target 50%
    goal    priority "high" within 2 hours, target 75%
    goal    otherwise within 4 hours, target 100%
    target  per goal per day
  }
}
"#;

// London is on GMT until 29 March, so local days are UTC days.
//
// 2026-03-02:
//   A1 critical, responded after exactly 1 h          → critical, met
//   A2 critical, responded after 1 h 30 min           → critical, breached
//     critical: 1 of 2 = 50%, exactly at its 50% target → met
//   B1 high, responded after 1 h                      → high, met
//   B2 high, responded after 3 h                      → high, breached
//     high: 1 of 2 = 50% < 75%                        → breached
//   M1 created critical, priority "low" at 09:30, responded after 2 h:
//     re-selected at the stop → otherwise (4 h), met (it would have been a
//     breached critical item)
//     otherwise: 1 of 1 = 100%, at its 100% target   → met
//   the objective: a goal is breached                 → breached
//   over all goals 3 met of 5 (shown, not judged)
// 2026-03-03:
//   C1 critical, responded after 30 min               → critical, met (1 of 1)
//   high and otherwise have no items                  → no data each
//   the objective: none breached, one met             → met
// 2026-03-04: no items; every goal no data            → no data
const EVENTS: &str = r#"{"id":"A1","at":"2026-03-02T09:00:00Z","event":"created","priority":"critical"}
{"id":"A1","at":"2026-03-02T10:00:00Z","event":"responded"}
{"id":"A2","at":"2026-03-02T09:00:00Z","event":"created","priority":"critical"}
{"id":"A2","at":"2026-03-02T10:30:00Z","event":"responded"}
{"id":"B1","at":"2026-03-02T09:00:00Z","event":"created","priority":"high"}
{"id":"B1","at":"2026-03-02T10:00:00Z","event":"responded"}
{"id":"B2","at":"2026-03-02T09:00:00Z","event":"created","priority":"high"}
{"id":"B2","at":"2026-03-02T12:00:00Z","event":"responded"}
{"id":"M1","at":"2026-03-02T09:00:00Z","event":"created","priority":"critical"}
{"id":"M1","at":"2026-03-02T09:30:00Z","event":"updated","priority":"low"}
{"id":"M1","at":"2026-03-02T11:00:00Z","event":"responded"}
{"id":"C1","at":"2026-03-03T09:00:00Z","event":"created","priority":"critical"}
{"id":"C1","at":"2026-03-03T09:30:00Z","event":"responded"}
"#;

fn report() -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-05T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("test.sla", AGREEMENT, EVENTS, &options)
}

fn period<'r>(r: &'r Report, label: &str) -> &'r PeriodReport {
    r.objectives
        .iter()
        .find(|o| o.name == "respond")
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label}"))
}

/// Each goal as (met, breached, verdict).
fn goals(p: &PeriodReport) -> Vec<(u64, u64, Verdict)> {
    p.goals
        .iter()
        .map(|g| (g.met, g.breached, g.verdict))
        .collect()
}

#[test]
fn one_goal_breached_while_others_are_met_at_their_targets() {
    let r = report();
    let p = period(&r, "2026-03-02");
    assert_eq!(
        goals(p),
        vec![
            (1, 1, Verdict::Met),
            (1, 1, Verdict::Breached),
            (1, 0, Verdict::Met)
        ]
    );
    let critical = p
        .goals
        .first()
        .and_then(|g| g.value.as_ref())
        .expect("a value");
    assert_eq!((critical.numerator, critical.denominator), (1, 2));
    assert_eq!(p.verdict, Verdict::Breached);
    let all = p.value.as_ref().expect("a value");
    assert_eq!((all.numerator, all.denominator), (3, 5));
}

#[test]
fn re_selection_at_the_stop_moves_an_item_between_goals() {
    let r = report();
    // M1 counts toward the third goal, not the first: the first has 2 items.
    let p = period(&r, "2026-03-02");
    let third = p.goals.get(2).expect("a third goal");
    assert_eq!((third.met, third.breached), (1, 0));
}

#[test]
fn a_goal_with_no_items_has_no_data() {
    let r = report();
    let p = period(&r, "2026-03-03");
    assert_eq!(
        goals(p),
        vec![
            (1, 0, Verdict::Met),
            (0, 0, Verdict::NoData),
            (0, 0, Verdict::NoData)
        ]
    );
    assert_eq!(p.verdict, Verdict::Met);
    let p = period(&r, "2026-03-04");
    assert_eq!(p.verdict, Verdict::NoData);
    assert!(p.goals.iter().all(|g| g.value.is_none()));
}
