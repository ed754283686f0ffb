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

/// A bonus of USD 500.00 for each second the monthly average speed of
/// answer is under 15 seconds, capped at USD 1000.00 a month, and a credit
/// of USD 500.00 for each second it is over 30 seconds; the value rounded
/// to whole seconds, half up (the default).
const ANSWER_SPEED: &str = r#"agreement "Answer speed" {
  id        "AS"
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
    fee USD 10000.00 per month
  }

  objective asa "Average speed of answer" {
    service line
    measure calls from offered until answered
    average at most 30 seconds per month
    round value to whole seconds
  }

  credits for asa {
    per second over 30 seconds : USD 500.00
  }

  bonus for asa {
    per second under 15 seconds : USD 500.00
    cap USD 1000.00
  }
}
"#;

// Two calls a month (one in May), answered after these seconds:
//   January   30, 30 → 30       exactly at the credit threshold: nothing
//   February  30, 31 → 30.5     half up 31: 1 s over → credit USD 500.00;
//                               half even 30: nothing; exact: 0.5 s, no
//                               whole second: nothing
//   March     33, 34 → 33.5     half up and half even 34: 4 s over →
//                               USD 2000.00; exact: 3 whole s → USD 1500.00
//   April     10, 11 → 10.5     half up 11: 4 s under → USD 2000.00, capped
//                               at USD 1000.00; half even 10: 5 s → 2500.00,
//                               capped 1000.00; exact: 4.5 → 4 → 2000.00
//   May       14      → 14      1 s under → bonus USD 500.00
const CALLS: &[(&str, u32)] = &[
    ("2026-01-05", 30),
    ("2026-01-06", 30),
    ("2026-02-05", 30),
    ("2026-02-06", 31),
    ("2026-03-05", 33),
    ("2026-03-06", 34),
    ("2026-04-05", 10),
    ("2026-04-06", 11),
    ("2026-05-05", 14),
];

fn calls() -> String {
    let mut out = String::new();
    for (i, (day, secs)) in CALLS.iter().enumerate() {
        out.push_str(&format!(
            "{{\"id\":\"K{i}\",\"at\":\"{day}T09:00:00Z\",\"event\":\"offered\"}}\n{{\"id\":\"K{i}\",\"at\":\"{day}T09:00:{secs:02}Z\",\"event\":\"answered\"}}\n"
        ));
    }
    out
}

/// (kind, period, units of each line, amount before caps, amount) of every settlement.
fn settled(r: &Report) -> Vec<(String, String, Vec<u64>, String, String)> {
    r.settlements
        .iter()
        .map(|s| {
            (
                s.kind.as_str().to_owned(),
                s.period.clone(),
                s.lines
                    .iter()
                    .map(|l| l.per_unit.as_ref().map_or(0, |u| u.units))
                    .collect(),
                s.total.value.to_string(),
                s.amount.to_string(),
            )
        })
        .collect()
}

fn row(
    kind: &str,
    period: &str,
    units: u64,
    total: &str,
    amount: &str,
) -> (String, String, Vec<u64>, String, String) {
    (
        kind.to_owned(),
        period.to_owned(),
        vec![units],
        total.to_owned(),
        amount.to_owned(),
    )
}

#[test]
fn credits_and_a_bonus_per_second_beyond_their_thresholds() {
    let r = report(ANSWER_SPEED, &calls(), "2026-06-01T00:00:00Z");
    assert_eq!(
        settled(&r),
        vec![
            row("credits", "2026-02", 1, "500.00", "500.00"),
            row("credits", "2026-03", 4, "2000.00", "2000.00"),
            row("bonus", "2026-04", 4, "2000.00", "1000.00"),
            row("bonus", "2026-05", 1, "500.00", "500.00"),
        ]
    );
    // February's line states the value measured and the value rounded.
    let feb = r
        .settlements
        .iter()
        .find(|s| s.period == "2026-02")
        .and_then(|s| s.lines.first())
        .and_then(|l| l.per_unit.clone())
        .expect("a per-unit line");
    assert_eq!(
        (
            feb.seconds.numerator,
            feb.seconds.denominator,
            feb.seconds_rounded,
            feb.threshold_seconds
        ),
        (61, 2, Some(31), 30)
    );
}

#[test]
fn half_even_changes_the_count() {
    let source = ANSWER_SPEED.replace(
        "round value to whole seconds",
        "round value to whole seconds half even",
    );
    let r = report(&source, &calls(), "2026-06-01T00:00:00Z");
    assert_eq!(
        settled(&r),
        vec![
            row("credits", "2026-03", 4, "2000.00", "2000.00"),
            row("bonus", "2026-04", 5, "2500.00", "1000.00"),
            row("bonus", "2026-05", 1, "500.00", "500.00"),
        ]
    );
}

#[test]
fn without_rounding_only_whole_units_count() {
    let source = ANSWER_SPEED.replace("    round value to whole seconds\n", "");
    let r = report(&source, &calls(), "2026-06-01T00:00:00Z");
    assert_eq!(
        settled(&r),
        vec![
            row("credits", "2026-03", 3, "1500.00", "1500.00"),
            row("bonus", "2026-04", 4, "2000.00", "1000.00"),
            row("bonus", "2026-05", 1, "500.00", "500.00"),
        ]
    );
}

/// The shipped example `examples/answer-speed.sla` on its events: the same
/// calls as `CALLS` (A01–A09), so the same figures, worked out above, and
/// A10 on 2 June (20 s), whose answer is the cut-off: May is over, June is
/// not, and is not settled.
#[test]
fn the_answer_speed_example_is_worked_out_by_hand() {
    let r = slate_tests::example_report(&slate_tests::root().join("examples/answer-speed.sla"));
    assert_eq!(
        settled(&r),
        vec![
            row("credits", "2026-02", 1, "500.00", "500.00"),
            row("credits", "2026-03", 4, "2000.00", "2000.00"),
            row("bonus", "2026-04", 4, "2000.00", "1000.00"),
            row("bonus", "2026-05", 1, "500.00", "500.00"),
        ]
    );
}
