//! Duration aggregates (`average at most 30 seconds per day`, `p95 at most
//! 4 hours per month`) on hand-worked data: docs/semantics.md, "Averages
//! and percentiles of durations". Every expected figure is worked out in
//! a comment.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{AggregateValue, Report, Verdict};

/// A line with six objectives on the same calls, each a different
/// statistic and comparison, per day.
const AGREEMENT: &str = r#"agreement "Durations" {
  id        "D"
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

  service line "Line" {
  }

  objective asa "Average speed of answer" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    average at most 30 seconds per day
  }

  objective asa_below "Average below" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    average below 31 seconds per day
  }

  objective p50 "Median" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    p50     at most 30 seconds per day
  }

  objective p50_below "Median below" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    p50     below 30 seconds per day
  }

  objective p75_least "Upper quartile at least" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    p75     at least 30 seconds per day
  }

  objective p75_1_above "Just past the rank boundary" {
    measure calls from offered until answered
    pause   while status is "hold"
    ignore  abandoned within 5 seconds
    p75.1   above 30 seconds per day
  }
}
"#;

// London is on GMT until 29 March, so local days are UTC days.
//
// 2026-03-02 (over at the cut-off):
//   C1 answered after 20 s                                  → 20
//   C2 answered after 30 s                                  → 30
//   C3 answered after 40 s, 10 s of them on hold (paused)   → 30
//   C4 answered after 41 s                                  → 41
//   C5 abandoned after 3 s (within 5 s)                     → ignored
//   C6 abandoned after 60 s, never answered                 → never stopped
//   values 20, 30, 30, 41 (n = 4, a tie at 30); sum 121.
// 2026-03-03 (over): C7 abandoned after exactly 5 s → ignored; C8 offered
//   at 23:00 and not answered by the cut-off → pending. Nothing to
//   aggregate: no data, which meets every bound.
// 2026-03-04 (not over at the 12:00 cut-off): C9 answered after 45 s;
//   n = 1, judged on its value so far (never pending).
const EVENTS: &str = r#"{"id":"C1","at":"2026-03-02T09:00:00Z","event":"offered"}
{"id":"C1","at":"2026-03-02T09:00:20Z","event":"answered"}
{"id":"C2","at":"2026-03-02T09:01:00Z","event":"offered"}
{"id":"C2","at":"2026-03-02T09:01:30Z","event":"answered"}
{"id":"C3","at":"2026-03-02T09:02:00Z","event":"offered","status":"talk"}
{"id":"C3","at":"2026-03-02T09:02:10Z","event":"status","status":"hold"}
{"id":"C3","at":"2026-03-02T09:02:20Z","event":"status","status":"talk"}
{"id":"C3","at":"2026-03-02T09:02:40Z","event":"answered"}
{"id":"C4","at":"2026-03-02T09:03:00Z","event":"offered"}
{"id":"C4","at":"2026-03-02T09:03:41Z","event":"answered"}
{"id":"C5","at":"2026-03-02T09:04:00Z","event":"offered"}
{"id":"C5","at":"2026-03-02T09:04:03Z","event":"abandoned"}
{"id":"C6","at":"2026-03-02T09:05:00Z","event":"offered"}
{"id":"C6","at":"2026-03-02T09:06:00Z","event":"abandoned"}
{"id":"C7","at":"2026-03-03T10:00:00Z","event":"offered"}
{"id":"C7","at":"2026-03-03T10:00:05Z","event":"abandoned"}
{"id":"C8","at":"2026-03-03T23:00:00Z","event":"offered"}
{"id":"C9","at":"2026-03-04T09:00:00Z","event":"offered"}
{"id":"C9","at":"2026-03-04T09:00:45Z","event":"answered"}
"#;

fn report() -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-04T12:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("test.sla", AGREEMENT, EVENTS, &options)
}

/// The verdict and the aggregate of one objective's period.
fn period(r: &Report, objective: &str, label: &str) -> (Verdict, AggregateValue) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label} of {objective}"));
    (p.verdict, p.aggregate.clone().expect("an aggregate"))
}

/// The exact value as (numerator, denominator, printed decimal).
fn exact(a: &AggregateValue) -> Option<(i64, i64, String)> {
    a.seconds
        .as_ref()
        .map(|s| (s.numerator, s.denominator, s.decimal.to_string()))
}

#[test]
fn an_average_is_exact_and_compared_exactly() {
    let r = report();
    // 121 / 4 = 30.25 s: above 30 (breached), below 31 (met).
    let (v, a) = period(&r, "asa", "2026-03-02");
    assert_eq!(exact(&a), Some((121, 4, "30.25".to_owned())));
    assert_eq!(v, Verdict::Breached);
    assert_eq!(period(&r, "asa_below", "2026-03-02").0, Verdict::Met);
    // Left out and reported: C5 ignored, C6 never stopped.
    assert_eq!(
        (a.values, a.pending, a.ignored, a.never_stopped),
        (4, 0, 1, 1)
    );
}

#[test]
fn nearest_rank_at_a_rank_boundary_with_ties() {
    let r = report();
    // p50 of 20, 30, 30, 41: rank ⌈50·4/100⌉ = 2 exactly → 30.
    let (v, a) = period(&r, "p50", "2026-03-02");
    assert_eq!(exact(&a), Some((30, 1, "30".to_owned())));
    // Exactly at the bound: `at most 30` is met, `below 30` is not.
    assert_eq!(v, Verdict::Met);
    assert_eq!(period(&r, "p50_below", "2026-03-02").0, Verdict::Breached);
    // p75: rank ⌈75·4/100⌉ = 3 → 30, `at least 30` met at the bound.
    let (v, a) = period(&r, "p75_least", "2026-03-02");
    assert_eq!(exact(&a), Some((30, 1, "30".to_owned())));
    assert_eq!(v, Verdict::Met);
    // p75.1: rank ⌈3.004⌉ = 4 → 41, `above 30` met.
    let (v, a) = period(&r, "p75_1_above", "2026-03-02");
    assert_eq!(exact(&a), Some((41, 1, "41".to_owned())));
    assert_eq!(v, Verdict::Met);
}

#[test]
fn a_period_with_only_left_out_items_has_no_data() {
    let r = report();
    for o in [
        "asa",
        "asa_below",
        "p50",
        "p50_below",
        "p75_least",
        "p75_1_above",
    ] {
        let (v, a) = period(&r, o, "2026-03-03");
        assert_eq!(v, Verdict::NoData, "{o}");
        assert_eq!(exact(&a), None);
        // C7 abandoned after exactly 5 s is ignored; C8 is pending.
        assert_eq!(
            (a.values, a.pending, a.ignored, a.never_stopped),
            (0, 1, 1, 0)
        );
    }
}

#[test]
fn one_value_in_a_period_not_over_is_judged_so_far() {
    let r = report();
    // n = 1: the average and every percentile are the one value, 45 s.
    for (o, verdict) in [
        ("asa", Verdict::Breached),
        ("asa_below", Verdict::Breached),
        ("p50", Verdict::Breached),
        ("p50_below", Verdict::Breached),
        ("p75_least", Verdict::Met),
        ("p75_1_above", Verdict::Met),
    ] {
        let (v, a) = period(&r, o, "2026-03-04");
        assert_eq!(exact(&a), Some((45, 1, "45".to_owned())), "{o}");
        assert_eq!(v, verdict, "{o}");
    }
}

#[test]
fn the_text_report_prints_the_exact_value() {
    let text = slate::eval::to_text(&report());
    assert!(text.contains("30.25 s (121/4)"), "{text}");
    assert!(
        text.contains("average at most 30 seconds per day"),
        "{text}"
    );
}

/// A hand-edited rule set is refused when its percentile is not above 0
/// and below 100, when its bound is 0 seconds, or when it attaches credits.
#[test]
fn a_hand_edited_bad_value_is_refused() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    assert!(json.contains(r#""p": "50""#), "{json}");
    for (from, to, says) in [
        (r#""p": "50""#, r#""p": "100""#, "percentile `100`"),
        (r#""p": "50""#, r#""p": "0""#, "percentile `0`"),
        (r#""p": "50""#, r#""p": "fifty""#, "statistic.p"),
        (
            "\"bound_seconds\": 30",
            "\"bound_seconds\": 0",
            "a bound of 0",
        ),
        (
            r#""stop_event": "answered""#,
            r#""stop_event": "offered""#,
            "`offered` is also the start event",
        ),
        (
            r#""start_event": "offered""#,
            r#""start_event": """#,
            "start_event`: an empty event",
        ),
    ] {
        assert!(json.contains(from), "{json}");
        let bad = resealed(&json.replacen(from, to, 1));
        let err = slate::rules::from_json(&bad).expect_err("refused");
        assert!(err.to_string().contains(says), "{to}: {err}");
    }
}

/// A rule set edited by hand, with its digest recomputed: a digest is not
/// a signature, so reading must refuse what no agreement can say.
fn resealed(json: &str) -> String {
    crate::rules::resealed_as_written(serde_json::from_str(json).expect("JSON"))
}

/// One item that started before the agreement (offered 2025-12-31, the
/// agreement runs from 2026-01-01) is outside every reported period: the
/// report says so in the singular, "1 item started … and is not counted".
#[test]
fn one_item_started_outside_the_periods_is_said_in_the_singular() {
    let events = format!(
        "{}{}",
        r#"{"id":"C0","at":"2025-12-31T09:00:00Z","event":"offered"}
{"id":"C0","at":"2025-12-31T09:00:20Z","event":"answered"}
"#,
        EVENTS
    );
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-04T12:00:00Z")),
        ..Options::default()
    };
    let r = slate_tests::evaluate_source("test.sla", AGREEMENT, &events, &options);
    assert!(r.objectives.iter().all(|o| o.items_outside == 1));
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("1 item started outside the reported periods and is not counted."),
        "{text}"
    );
    assert!(!text.contains("are not counted"), "{text}");
}
