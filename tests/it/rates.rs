//! Rates of counts (`rate abandoned of offered at most 25% per month`) on
//! hand-worked data: docs/semantics.md, "Rates of counts". Every expected
//! figure is worked out in a comment.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{RateCounts, Report, Verdict};

/// One line, the same rate under each comparison, and one with a filter.
const AGREEMENT: &str = r#"agreement "Rates" {
  id        "R"
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

  objective at_most "Abandonment at most" {
    service line
    rate    abandoned of offered at most 25% per month
    ignore  abandoned within 5 seconds
  }

  objective below "Abandonment below" {
    service line
    rate    abandoned of offered below 25% per month
    ignore  abandoned within 5 seconds
  }

  objective at_least "Abandonment at least" {
    service line
    rate    abandoned of offered at least 25% per month
    ignore  abandoned within 5 seconds
  }

  objective above "Abandonment above" {
    service line
    rate    abandoned of offered above 25% per month
    ignore  abandoned within 5 seconds
  }

  objective sales "Sales abandonment" {
    service line
    rate    abandoned of offered where queue is "sales" at most 25% per month
  }
}
"#;

// London is on GMT until 29 March, so January to March local months are
// UTC months. Cut-off 2026-04-15T00:00:00Z.
//
// January (over): C1, C2, C3 offered and never abandoned; C4 offered at
//   23:59:00 on 31 January and abandoned 30 s later, on 1 February: it
//   belongs to January (its first `offered`) and counts in January's
//   numerator although its `abandoned` falls in February. C5 abandoned
//   after 3 s and C6 after exactly 5 s: both ignored (within 5 s, the
//   bound included), so in neither count.
//   Denominator 4 (C1–C4), numerator 1 (C4): 1/4 = 25% exactly.
//   at most 25%: met; below 25%: breached; at least 25%: met; above: breached.
// February (over): C7 offered, answered; C8 offered and abandoned after
//   10 minutes, and offered again on 1 March (it stays in February, the
//   period of its first `offered`). 1/2 = 50%.
//   at most: breached; below: breached; at least: met; above: met.
// March (over): C9 offered and abandoned after 2 s: ignored. No item is
//   left in the denominator (C8's second `offered` does not count): no
//   data, whatever the comparison.
// April (not over at the cut-off): C10 offered, not abandoned: 0/1 = 0%,
//   pending until the month is over.
// Sales (no ignore): January's sales items are C1 and C2, neither
//   abandoned: 0/2 = 0%, met; C5 and C6 are not in the queue. February:
//   C8 (sales) abandoned: 1/1 = 100%, breached.
const EVENTS: &str = r#"{"id":"C1","at":"2026-01-10T09:00:00Z","event":"offered","queue":"sales"}
{"id":"C1","at":"2026-01-10T09:00:20Z","event":"answered"}
{"id":"C2","at":"2026-01-10T10:00:00Z","event":"offered","queue":"sales"}
{"id":"C3","at":"2026-01-10T11:00:00Z","event":"offered","queue":"support"}
{"id":"C3","at":"2026-01-10T11:00:40Z","event":"answered"}
{"id":"C4","at":"2026-01-31T23:59:00Z","event":"offered","queue":"support"}
{"id":"C4","at":"2026-02-01T00:00:30Z","event":"abandoned"}
{"id":"C5","at":"2026-01-12T09:00:00Z","event":"offered","queue":"support"}
{"id":"C5","at":"2026-01-12T09:00:03Z","event":"abandoned"}
{"id":"C6","at":"2026-01-15T09:00:00Z","event":"offered","queue":"support"}
{"id":"C6","at":"2026-01-15T09:00:05Z","event":"abandoned"}
{"id":"C7","at":"2026-02-02T09:00:00Z","event":"offered","queue":"support"}
{"id":"C7","at":"2026-02-02T09:01:00Z","event":"answered"}
{"id":"C8","at":"2026-02-03T09:00:00Z","event":"offered","queue":"sales"}
{"id":"C8","at":"2026-02-03T09:10:00Z","event":"abandoned"}
{"id":"C8","at":"2026-03-01T09:00:00Z","event":"offered"}
{"id":"C9","at":"2026-03-05T09:00:00Z","event":"offered","queue":"support"}
{"id":"C9","at":"2026-03-05T09:00:02Z","event":"abandoned"}
{"id":"C10","at":"2026-04-01T09:00:00Z","event":"offered","queue":"support"}
"#;

fn report() -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-15T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("test.sla", AGREEMENT, EVENTS, &options)
}

/// The verdict, the exact value (numerator, denominator, percent) and the
/// counts of one objective's period.
fn period(
    r: &Report,
    objective: &str,
    label: &str,
) -> (Verdict, Option<(i64, i64, String)>, RateCounts) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label} of {objective}"));
    let value = p
        .value
        .as_ref()
        .map(|v| (v.numerator, v.denominator, v.percent.to_string()));
    (p.verdict, value, p.rate.clone().expect("rate counts"))
}

fn counts(denominator: u64, numerator: u64, ignored: u64) -> RateCounts {
    RateCounts {
        denominator,
        numerator,
        ignored,
    }
}

#[test]
fn the_rate_exactly_at_the_bound_under_each_comparison() {
    let r = report();
    for (o, verdict) in [
        ("at_most", Verdict::Met),
        ("below", Verdict::Breached),
        ("at_least", Verdict::Met),
        ("above", Verdict::Breached),
    ] {
        let (v, value, c) = period(&r, o, "2026-01");
        // 1/4 = 25% exactly; C5 and C6 ignored.
        assert_eq!(value, Some((1, 4, "25".to_owned())), "{o}");
        assert_eq!(c, counts(4, 1, 2), "{o}");
        assert_eq!(v, verdict, "{o}");
    }
}

#[test]
fn an_item_belongs_to_the_period_of_its_first_denominator_record() {
    let r = report();
    // February: C7 and C8 only (C4's `abandoned` counted in January); 1/2.
    for (o, verdict) in [
        ("at_most", Verdict::Breached),
        ("below", Verdict::Breached),
        ("at_least", Verdict::Met),
        ("above", Verdict::Met),
    ] {
        let (v, value, c) = period(&r, o, "2026-02");
        assert_eq!(value, Some((1, 2, "50".to_owned())), "{o}");
        assert_eq!(c, counts(2, 1, 0), "{o}");
        assert_eq!(v, verdict, "{o}");
    }
}

#[test]
fn a_period_with_no_denominator_has_no_data() {
    let r = report();
    for o in ["at_most", "below", "at_least", "above"] {
        let (v, value, c) = period(&r, o, "2026-03");
        // C9 ignored; C8's second `offered` belongs to February.
        assert_eq!(value, None, "{o}");
        assert_eq!(c, counts(0, 0, 1), "{o}");
        assert_eq!(v, Verdict::NoData, "{o}");
    }
}

#[test]
fn a_period_not_over_is_pending() {
    let r = report();
    let (v, value, c) = period(&r, "at_most", "2026-04");
    assert_eq!(value, Some((0, 1, "0".to_owned())));
    assert_eq!(c, counts(1, 0, 0));
    assert_eq!(v, Verdict::Pending);
}

#[test]
fn a_filter_selects_the_items_of_both_counts() {
    let r = report();
    let (v, value, _) = period(&r, "sales", "2026-01");
    assert_eq!(value, Some((0, 2, "0".to_owned())));
    assert_eq!(v, Verdict::Met);
    let (v, value, _) = period(&r, "sales", "2026-02");
    assert_eq!(value, Some((1, 1, "100".to_owned())));
    assert_eq!(v, Verdict::Breached);
}

#[test]
fn the_text_report_and_the_contract_state_the_rate() {
    let text = slate::eval::to_text(&report());
    assert!(text.contains("25% (1/4)"), "{text}");
    assert!(text.contains("rate at most 25% per month"), "{text}");
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let doc = slate::render::to_markdown(&model);
    assert!(doc.contains("the rate is at most 25%"), "{doc}");
    assert!(doc.contains("even in a later period"), "{doc}");
}

/// A hand-edited rule set is refused when its bound is above 100% or one
/// that every rate meets.
#[test]
fn a_hand_edited_bad_value_is_refused() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    assert!(json.contains(r#""percent": "25""#), "{json}");
    for (to, says) in [
        (r#""percent": "101""#, "percent"),
        (r#""percent": "100""#, "always or never met"),
    ] {
        let bad = crate::rules::resealed_as_written(
            serde_json::from_str(&json.replacen(r#""percent": "25""#, to, 1)).expect("JSON"),
        );
        let err = slate::rules::from_json(&bad).expect_err("refused");
        assert!(err.to_string().contains(says), "{to}: {err}");
    }
    // Events no agreement can state: a rate of an event over itself (E0360)
    // and an empty event, which would give no data forever.
    for (from, to, says) in [
        (
            r#""denominator_event": "offered""#,
            r#""denominator_event": "abandoned""#,
            "`abandoned` is also the numerator event",
        ),
        (
            r#""denominator_event": "offered""#,
            r#""denominator_event": """#,
            "denominator_event`: an empty event",
        ),
        (
            r#""numerator_event": "abandoned""#,
            r#""numerator_event": """#,
            "numerator_event`: an empty event",
        ),
    ] {
        assert!(json.contains(from), "{json}");
        let bad = crate::rules::resealed_as_written(
            serde_json::from_str(&json.replacen(from, to, 1)).expect("JSON"),
        );
        let err = slate::rules::from_json(&bad).expect_err("refused");
        assert!(err.to_string().contains(says), "{to}: {err}");
    }
}

/// An objective in a zone behind the agreement's starts its first period
/// after the agreement does: an item whose first denominator record falls
/// between the two (inside the validity, in no period of the objective)
/// is counted outside, as a time-to-event item starting there is, never
/// dropped unseen.
#[test]
fn an_item_before_the_objectives_first_period_is_counted_outside() {
    let agreement = AGREEMENT.replacen(
        "    rate    abandoned of offered at most 25% per month\n",
        "    timezone \"America/New_York\"\n    rate    abandoned of offered at most 25% per month\n",
        1,
    );
    // The validity starts at 00:00Z (London); New York's January starts
    // at 05:00Z. N1 is offered at 02:00Z: outside. N2 at 06:00Z: January.
    let events = r#"{"id":"N1","at":"2026-01-01T02:00:00Z","event":"offered"}
{"id":"N2","at":"2026-01-01T06:00:00Z","event":"offered"}
"#;
    let options = Options {
        as_of: Some(slate_tests::instant("2026-01-02T00:00:00Z")),
        ..Options::default()
    };
    let r = slate_tests::evaluate_source("test.sla", &agreement, events, &options);
    let o = r
        .objectives
        .iter()
        .find(|o| o.name == "at_most")
        .expect("the objective");
    assert_eq!(o.items_outside, 1);
    assert_eq!(period(&r, "at_most", "2026-01").2, counts(1, 0, 0));
}
