//! The measured value rounded (`round value to whole seconds`, `… half
//! even`) and remedies per whole unit of it beyond a threshold (`per second
//! over 30 seconds : …` in credits, `per second under 15 seconds : …` in a
//! bonus), on hand-worked data: docs/semantics.md, "Remedies beyond tiers"
//! (both ways; rounding the measured value). Every expected figure is
//! worked out in a comment.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{Report, Verdict};

/// Four objectives on the same calls, per day, each rounding differently.
const ROUNDING: &str = r#"agreement "Rounding" {
  id        "R"
  effective 2026-01-01 to 2026-12-31
  timezone  "UTC"
  currency  USD

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service line "Line" {
  }

  objective up "Half up" {
    measure calls from offered until answered
    average at most 30 seconds per day
    round value to whole seconds
  }

  objective even "Half even" {
    measure calls from offered until answered
    average at most 30 seconds per day
    round value to whole seconds half even
  }

  objective minutes_even "Minutes, half even" {
    measure calls from offered until answered
    average at most 2 minutes per day
    round value to whole minutes half even
  }

  objective minutes_up "Minutes, half up" {
    measure calls from offered until answered
    average at most 2 minutes per day
    round value to whole minutes half up
  }

  objective exact "Not rounded" {
    measure calls from offered until answered
    average at most 30 seconds per day
  }
}
"#;

// 2026-03-02: C1 30 s, C2 31 s → 61/2 = 30.5 s.
//   seconds, half up: 31 (breached); half even: 30 (met, 30 is even);
//   minutes: 30.5 s = 0.508… min → 1 min = 60 s (met, both ways);
//   not rounded: 30.5 > 30 (breached).
// 2026-03-03: C3 150 s = 2.5 min exactly.
//   seconds: 150 (breached, both ways); minutes, half even: 2 (even) →
//   120 s (met); half up: 3 → 180 s (breached).
// 2026-03-04: C4 30 s, C5 30 s, C6 31 s → 91/3 = 30.333… s.
//   seconds: 30 both ways (met); not rounded: breached.
const EVENTS: &str = r#"{"id":"C1","at":"2026-03-02T09:00:00Z","event":"offered"}
{"id":"C1","at":"2026-03-02T09:00:30Z","event":"answered"}
{"id":"C2","at":"2026-03-02T09:01:00Z","event":"offered"}
{"id":"C2","at":"2026-03-02T09:01:31Z","event":"answered"}
{"id":"C3","at":"2026-03-03T09:00:00Z","event":"offered"}
{"id":"C3","at":"2026-03-03T09:02:30Z","event":"answered"}
{"id":"C4","at":"2026-03-04T09:00:00Z","event":"offered"}
{"id":"C4","at":"2026-03-04T09:00:30Z","event":"answered"}
{"id":"C5","at":"2026-03-04T09:01:00Z","event":"offered"}
{"id":"C5","at":"2026-03-04T09:01:30Z","event":"answered"}
{"id":"C6","at":"2026-03-04T09:02:00Z","event":"offered"}
{"id":"C6","at":"2026-03-04T09:02:31Z","event":"answered"}
"#;

fn report(source: &str, events: &str, as_of: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant(as_of)),
        ..Options::default()
    };
    slate_tests::evaluate_source("test.sla", source, events, &options)
}

/// The verdict, the exact value (numerator, denominator) and the rounded
/// seconds of one objective's period.
fn period(r: &Report, objective: &str, label: &str) -> (Verdict, Option<(i64, i64)>, Option<i64>) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label} of {objective}"));
    let a = p.aggregate.clone().expect("an aggregate");
    (
        p.verdict,
        a.seconds.map(|s| (s.numerator, s.denominator)),
        a.seconds_rounded,
    )
}

#[test]
fn a_tie_rounds_up_or_to_even_as_the_contract_says() {
    let r = report(ROUNDING, EVENTS, "2026-03-05T00:00:00Z");
    let day = "2026-03-02";
    // 30.5 s: half up 31 (breached), half even 30 (met).
    assert_eq!(
        period(&r, "up", day),
        (Verdict::Breached, Some((61, 2)), Some(31))
    );
    assert_eq!(
        period(&r, "even", day),
        (Verdict::Met, Some((61, 2)), Some(30))
    );
    // Not rounded: 30.5 > 30, and no rounded value is reported.
    assert_eq!(
        period(&r, "exact", day),
        (Verdict::Breached, Some((61, 2)), None)
    );
    // 0.508… min rounds to 1 min = 60 s, whatever the ties.
    assert_eq!(
        period(&r, "minutes_even", day),
        (Verdict::Met, Some((61, 2)), Some(60))
    );
    assert_eq!(
        period(&r, "minutes_up", day),
        (Verdict::Met, Some((61, 2)), Some(60))
    );
}

#[test]
fn a_tie_in_minutes() {
    let r = report(ROUNDING, EVENTS, "2026-03-05T00:00:00Z");
    let day = "2026-03-03";
    // 150 s = 2.5 min: half even 2 min (met), half up 3 min (breached).
    assert_eq!(
        period(&r, "minutes_even", day),
        (Verdict::Met, Some((150, 1)), Some(120))
    );
    assert_eq!(
        period(&r, "minutes_up", day),
        (Verdict::Breached, Some((150, 1)), Some(180))
    );
    // In seconds 150 is whole already: breached both ways.
    assert_eq!(
        period(&r, "up", day),
        (Verdict::Breached, Some((150, 1)), Some(150))
    );
}

#[test]
fn rounding_down_meets_a_bound_the_exact_value_misses() {
    let r = report(ROUNDING, EVENTS, "2026-03-05T00:00:00Z");
    let day = "2026-03-04";
    // 91/3 = 30.333… s rounds to 30: met; exact: breached.
    assert_eq!(
        period(&r, "up", day),
        (Verdict::Met, Some((91, 3)), Some(30))
    );
    assert_eq!(
        period(&r, "even", day),
        (Verdict::Met, Some((91, 3)), Some(30))
    );
    assert_eq!(period(&r, "exact", day).0, Verdict::Breached);
}

#[test]
fn the_report_gives_both_values_in_json_and_words() {
    let r = report(ROUNDING, EVENTS, "2026-03-05T00:00:00Z");
    let json = serde_json::to_string(&r).expect("json");
    assert!(json.contains(r#""seconds_rounded":31"#), "{json}");
    let o = r.objectives.iter().find(|o| o.name == "up").expect("up");
    let p = o
        .periods
        .iter()
        .find(|p| p.label == "2026-03-02")
        .expect("day");
    assert!(
        p.aggregate
            .as_ref()
            .is_some_and(|a| a.seconds_rounded == Some(31))
    );
}
