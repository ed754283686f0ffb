//! Goals with a condition on arrival (`arriving during core`, `arriving
//! outside core`, `arriving from 1 November to 30 April`) on hand-worked
//! data: docs/semantics.md, "A condition on arrival". Every expected figure
//! is worked out in a comment.
//!
//! Each case is alone on its own day, and every goal carries its own target
//! (`target per goal per day`), so each day's per-goal counts say which goal
//! its item was judged against.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{PeriodReport, Report, Verdict};

const AGREEMENT: &str = r#"agreement "Incident response" {
  id        "AR"
  effective 2025-12-01 to 2026-12-31
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

  calendar core "Core hours" {
    timezone "Europe/London"
    monday to sunday 07:00-17:00
  }

  service desk "Service desk" {
    hours 24x7
  }

  objective resolve "Resolve" {
    service desk
    measure incidents from created until resolved
    clock   24x7
    goal    priority "critical" arriving during core within 30 minutes, target 100%
    goal    priority "critical" arriving outside core within 60 minutes, target 100%
    goal    arriving from 1 November to 30 April within 4 hours, target 100%
    goal    otherwise within 8 hours, target 100%
    target  per goal per day
  }
}
"#;

// Goals: 1 critical in core (30 min), 2 critical outside core (60 min),
// 3 any item arriving 1 November–30 April (4 h), 4 otherwise (8 h). Core
// is 07:00–17:00 London time every day; London is on GMT (UTC+0) until
// 29 March 2026 01:00 UTC, then BST (UTC+1) until 25 October.
//
// 2026-03-02  O1 critical, created 07:00:00Z = 07:00 GMT, the opening: in
//             core → goal 1; resolved 07:45 → 45 min > 30 → breached. (As
//             non-core it would have met goal 2's 60 min.)
// 2026-03-03  C1 critical, created 17:00:00Z = 17:00 GMT, the close: not in
//             core → goal 2; resolved 17:45 → 45 min ≤ 60 → met. (In core it
//             would have breached goal 1's 30 min.)
// 2026-03-04  A1 created 16:50Z (core) as "low", made "critical" at 17:10Z
//             (after the close), resolved 17:30Z → 40 min. At the stop the
//             attributes say critical; the arrival stays 16:50, in core →
//             goal 1, 40 > 30 → breached. (Re-reading the arrival at the
//             change would have chosen goal 2 and met it.)
// 2026-03-05  R1 critical, created 06:00Z (before the opening: outside) and
//             resolved 06:20Z (20 min); reopened 10:00Z (in core), resolved
//             10:30Z (30 min). Elapsed 20 + 30 = 50 min = 3000 s. The first
//             start decides: outside → goal 2, 50 ≤ 60 → met. (The reopening
//             in core would have put it under goal 1: 50 > 30, breached.)
// 2026-03-29  The spring-forward day: 01:00 GMT becomes 02:00 BST.
//             D1 critical, created 06:00:00Z = 07:00 BST, the opening: in
//             core → goal 1; resolved 06:45Z → 45 min → breached. (Read as
//             GMT, 06:00, it would be outside and meet goal 2.)
//             D2 critical, created 16:00:00Z = 17:00 BST, the close: outside
//             → goal 2; resolved 16:45Z → 45 min → met.
// Seasons: "low" items resolved after 5 h are breached under goal 3 (4 h)
// and met under goal 4 (8 h).
// 2025-12-31  S1 created 12:00Z (31 December) → in the season → goal 3,
//             breached.
// 2026-01-01  S2 created 12:00Z (1 January, the season wraps the year's
//             end) → goal 3, breached.
// 2026-04-30  S3 created 2026-04-30T22:59:00Z = 23:59 BST on 30 April, the
//             season's last day → goal 3, breached.
// 2026-05-01  S4 created 2026-04-30T23:00:00Z = 00:00 BST on 1 May (still
//             30 April in UTC): the local date is out of the season → goal
//             4, met. It also belongs to the London day 2026-05-01.
const EVENTS: &str = r#"{"id":"O1","at":"2026-03-02T07:00:00Z","event":"created","priority":"critical"}
{"id":"O1","at":"2026-03-02T07:45:00Z","event":"resolved"}
{"id":"C1","at":"2026-03-03T17:00:00Z","event":"created","priority":"critical"}
{"id":"C1","at":"2026-03-03T17:45:00Z","event":"resolved"}
{"id":"A1","at":"2026-03-04T16:50:00Z","event":"created","priority":"low"}
{"id":"A1","at":"2026-03-04T17:10:00Z","event":"updated","priority":"critical"}
{"id":"A1","at":"2026-03-04T17:30:00Z","event":"resolved"}
{"id":"R1","at":"2026-03-05T06:00:00Z","event":"created","priority":"critical"}
{"id":"R1","at":"2026-03-05T06:20:00Z","event":"resolved"}
{"id":"R1","at":"2026-03-05T10:00:00Z","event":"reopened"}
{"id":"R1","at":"2026-03-05T10:30:00Z","event":"resolved"}
{"id":"D1","at":"2026-03-29T06:00:00Z","event":"created","priority":"critical"}
{"id":"D1","at":"2026-03-29T06:45:00Z","event":"resolved"}
{"id":"D2","at":"2026-03-29T16:00:00Z","event":"created","priority":"critical"}
{"id":"D2","at":"2026-03-29T16:45:00Z","event":"resolved"}
{"id":"S1","at":"2025-12-31T12:00:00Z","event":"created","priority":"low"}
{"id":"S1","at":"2025-12-31T17:00:00Z","event":"resolved"}
{"id":"S2","at":"2026-01-01T12:00:00Z","event":"created","priority":"low"}
{"id":"S2","at":"2026-01-01T17:00:00Z","event":"resolved"}
{"id":"S3","at":"2026-04-30T22:59:00Z","event":"created","priority":"low"}
{"id":"S3","at":"2026-05-01T03:59:00Z","event":"resolved"}
{"id":"S4","at":"2026-04-30T23:00:00Z","event":"created","priority":"low"}
{"id":"S4","at":"2026-05-01T04:00:00Z","event":"resolved"}
"#;

fn report() -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-06-01T00:00:00Z")),
        details: true,
        ..Options::default()
    };
    slate_tests::evaluate_source("test.sla", AGREEMENT, EVENTS, &options)
}

fn period<'r>(r: &'r Report, label: &str) -> &'r PeriodReport {
    r.objectives
        .iter()
        .find(|o| o.name == "resolve")
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label}"))
}

/// Each goal's (met, breached) in the day `label`.
fn goals(r: &Report, label: &str) -> Vec<(u64, u64)> {
    period(r, label)
        .goals
        .iter()
        .map(|g| (g.met, g.breached))
        .collect()
}

/// Goal `n` (from 1) has one item, met or breached; the others none.
fn only(n: usize, met: bool) -> Vec<(u64, u64)> {
    (1..=4)
        .map(|g| match (g == n, met) {
            (false, _) => (0, 0),
            (true, true) => (1, 0),
            (true, false) => (0, 1),
        })
        .collect()
}

#[test]
fn an_item_arriving_at_the_opening_is_in_core_hours() {
    let r = report();
    assert_eq!(goals(&r, "2026-03-02"), only(1, false));
    assert_eq!(period(&r, "2026-03-02").verdict, Verdict::Breached);
}

#[test]
fn an_item_arriving_at_the_close_is_outside_core_hours() {
    let r = report();
    assert_eq!(goals(&r, "2026-03-03"), only(2, true));
    assert_eq!(period(&r, "2026-03-03").verdict, Verdict::Met);
}

#[test]
fn re_selection_reads_the_attributes_at_the_stop_and_the_arrival_at_the_start() {
    let r = report();
    assert_eq!(goals(&r, "2026-03-04"), only(1, false));
    let resolve = r
        .objectives
        .iter()
        .find(|o| o.name == "resolve")
        .expect("resolve");
    let a1 = resolve
        .breached_items
        .iter()
        .find(|i| i.id == "A1")
        .expect("A1 breached");
    // 40 minutes against goal 1's 30.
    assert_eq!(
        (a1.goal, a1.elapsed_seconds, a1.budget_seconds),
        (Some(1), 2400, 1800)
    );
}

#[test]
fn the_first_start_decides_the_arrival_of_a_reopened_item() {
    let r = report();
    assert_eq!(goals(&r, "2026-03-05"), only(2, true));
}

#[test]
fn core_hours_on_the_spring_forward_day_are_read_in_local_time() {
    let r = report();
    // D1 breached under goal 1, D2 met under goal 2.
    assert_eq!(
        goals(&r, "2026-03-29"),
        vec![(0, 1), (1, 0), (0, 0), (0, 0)]
    );
}

#[test]
fn a_season_wrapping_the_year_holds_both_its_ends_in_local_dates() {
    let r = report();
    assert_eq!(goals(&r, "2025-12-31"), only(3, false));
    assert_eq!(goals(&r, "2026-01-01"), only(3, false));
    assert_eq!(goals(&r, "2026-04-30"), only(3, false));
    assert_eq!(goals(&r, "2026-05-01"), only(4, true));
}

/// The rule set carries each arrival condition, typed: a hand-edited
/// season with a day its month does not have, or an unknown kind, is
/// refused with its place.
#[test]
fn a_hand_edited_bad_arrival_is_refused() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    assert!(json.contains(r#""from": "11-01""#), "{json}");
    assert!(json.contains(r#""to": "04-30""#), "{json}");
    assert!(json.contains(r#""kind": "during""#), "{json}");
    for (from, to, says) in [
        (
            r#""to": "04-30""#,
            r#""to": "04-31""#,
            "goals[2].arrival.to",
        ),
        (r#""from": "11-01""#, r#""from": "02-30""#, "`02-30`"),
        (r#""from": "11-01""#, r#""from": "1 November""#, "MM-DD"),
        (r#""kind": "during""#, r#""kind": "while""#, "while"),
    ] {
        let bad = crate::rules::resealed_as_written(
            serde_json::from_str(&json.replacen(from, to, 1)).expect("JSON"),
        );
        let err = slate::rules::from_json(&bad).expect_err("refused");
        assert!(err.to_string().contains(says), "{to}: {err}");
    }
    // 29 February is a day of the year.
    let leap = crate::rules::resealed_as_written(
        serde_json::from_str(&json.replacen(r#""to": "04-30""#, r#""to": "02-29""#, 1))
            .expect("JSON"),
    );
    assert!(slate::rules::from_json(&leap).is_ok());
}

/// `slate fmt` aligns a goal with an arrival condition like any other and
/// collapses the spaces inside it; the terms do not change.
#[test]
fn formatting_keeps_the_arrival() {
    let messy = "agreement \"A\" {\n  objective o {\n      goal priority \"P1\"   arriving   during  core   within 30 minutes\n    goal    arriving from 1   November to\t30 April within 4 hours\n  }\n}\n";
    let out = slate::format(messy).expect("formats");
    assert_eq!(
        out,
        "agreement \"A\" {\n  objective o {\n    goal priority \"P1\" arriving during core within 30 minutes\n    goal arriving from 1 November to 30 April within 4 hours\n  }\n}\n"
    );
    let formatted = slate::format(AGREEMENT).expect("formats");
    assert_eq!(formatted, AGREEMENT);
}

/// Goals arriving during and outside one calendar, with no other
/// condition, govern every item: no `otherwise` is asked for (E0309), and
/// a goal after them can never apply (E0311).
#[test]
fn during_and_outside_one_calendar_govern_every_item() {
    let codes = |goals: &str| -> Vec<&'static str> {
        let src = AGREEMENT.replace(
            "    goal    priority \"critical\" arriving during core within 30 minutes, target 100%\n    goal    priority \"critical\" arriving outside core within 60 minutes, target 100%\n    goal    arriving from 1 November to 30 April within 4 hours, target 100%\n    goal    otherwise within 8 hours, target 100%\n    target  per goal per day\n",
            goals,
        );
        assert_ne!(src, AGREEMENT);
        slate::check(&src)
            .diagnostics
            .iter()
            .map(|d| d.code.number())
            .collect()
    };
    let pair = "    goal    arriving during core within 30 minutes\n    goal    arriving outside core within 60 minutes\n    target  95% of incidents per day\n";
    assert_eq!(codes(pair), Vec::<&str>::new());
    let after = pair.replace(
        "    target",
        "    goal    otherwise within 8 hours\n    target",
    );
    assert_eq!(codes(&after), vec!["E0311"]);
    // With a condition on attributes, the pair does not cover every item.
    let critical = "    goal    priority \"critical\" arriving during core within 30 minutes\n    goal    priority \"critical\" arriving outside core within 60 minutes\n    target  95% of incidents per day\n";
    assert_eq!(codes(critical), vec!["E0309"]);
}
