//! Due dates carried by the item (`measure … from assigned until delivered`
//! with `due by due_date`) on hand-worked data: docs/semantics.md, "Due
//! dates carried by the item". Every expected figure is worked out in a
//! comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::report::{DueItem, DueVerdict, PeriodReport, Report, Verdict};
use slate::eval::{Events, Format, Options};

const AGREEMENT: &str = r#"agreement "Project deliverables" {
  id        "DD"
  effective 2026-03-01 to 2026-12-31
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

  service project "Project" {
    hours 24x7
  }

  objective on_time "Deliverables on time" {
    service project
    measure deliverables from assigned until delivered
    due by  due_date
    target  100% of deliverables per month
  }
}
"#;

// London is on GMT (UTC+0) until 2026-03-29T01:00:00Z, then on BST
// (UTC+1): 29 March 2026 is 23 hours long, and its local midnight that
// ends it is 2026-03-30T00:00:00+01:00 = 2026-03-29T23:00:00Z.
//
// D1  due 2026-03-10T12:00:00Z (an instant), delivered at exactly it
//       → met (stopped at the due instant)
// D2  the same due instant, delivered one second after it
//       → breached; its local date is the due date: 0 days late
// D3  due 2026-03-28 (a date): due at 2026-03-29T00:00:00Z (GMT);
//       delivered 2026-03-28T23:59:59Z → met
// D4  due 2026-03-29, the day the clocks go forward: due at
//       2026-03-29T23:00:00Z; delivered exactly then → met
// D5  due 2026-03-29, delivered 2026-03-29T23:00:01Z, which is
//       00:00:01 BST on 30 March (a UTC reading would call it on time)
//       → breached; dates after 29 March up to 30 March: 1 day late
// D6  due 2026-03-05, moved on 4 March to 2026-03-20, delivered 15 March
//       → the value at the stop counts: due 2026-03-20, met
// D7  due 2026-03-05, delivered 2026-03-06T10:00:00Z, moved to
//       2026-03-31 on 7 March, after the stop
//       → the value at the stop counts: due 2026-03-05, breached, 1 day late
// D8  no due_date at all → ungoverned (in the period of its start, March)
// D9  due 2026-03-25, never delivered; the cut-off is
//       2026-04-02T11:00:00Z (12:00 BST, local date 2 April)
//       → breached, accruing: 26–31 March (6) + 1–2 April (2) = 8 days
// D10 due 2026-04-30, never delivered → pending, in April
// D11 due 2026-03-02, delivered 2026-03-05T09:00:00Z
//       → breached: 3, 4, 5 March = 3 days late
//
// March: met D1, D3, D4, D6 = 4; breached D2, D5, D7, D9, D11 = 5;
//   ungoverned 1. Compliance 4/9 = 44.444…% < 100% → breached.
// April (so far): D10 pending; no met or breached → no data.
const EVENTS: &str = r#"{"id":"D1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10T12:00:00Z"}
{"id":"D1","at":"2026-03-10T12:00:00Z","event":"delivered"}
{"id":"D2","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10T12:00:00Z"}
{"id":"D2","at":"2026-03-10T12:00:01Z","event":"delivered"}
{"id":"D3","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-28"}
{"id":"D3","at":"2026-03-28T23:59:59Z","event":"delivered"}
{"id":"D4","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-29"}
{"id":"D4","at":"2026-03-29T23:00:00Z","event":"delivered"}
{"id":"D5","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-29"}
{"id":"D5","at":"2026-03-29T23:00:01Z","event":"delivered"}
{"id":"D6","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-05"}
{"id":"D6","at":"2026-03-04T10:00:00Z","event":"rescheduled","due_date":"2026-03-20"}
{"id":"D6","at":"2026-03-15T10:00:00Z","event":"delivered"}
{"id":"D7","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-05"}
{"id":"D7","at":"2026-03-06T10:00:00Z","event":"delivered"}
{"id":"D7","at":"2026-03-07T10:00:00Z","event":"rescheduled","due_date":"2026-03-31"}
{"id":"D8","at":"2026-03-02T09:00:00Z","event":"assigned"}
{"id":"D9","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-25"}
{"id":"D10","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-04-30"}
{"id":"D11","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-02"}
{"id":"D11","at":"2026-03-05T09:00:00Z","event":"delivered"}
"#;

fn report(events: &str, as_of: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant(as_of)),
        ..Options::default()
    };
    slate_tests::evaluate_source("due-dates.sla", AGREEMENT, events, &options)
}

fn period<'r>(r: &'r Report, label: &str) -> &'r PeriodReport {
    r.objectives
        .iter()
        .find(|o| o.name == "on_time" || o.name == "on_schedule")
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label}"))
}

fn item<'p>(p: &'p PeriodReport, id: &str) -> &'p DueItem {
    p.due_items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id} in {}", p.label))
}

/// (verdict, days late, accruing) of an item.
fn outcome(p: &PeriodReport, id: &str) -> (DueVerdict, Option<u64>, bool) {
    let i = item(p, id);
    (i.verdict, i.days_late, i.accruing)
}

#[test]
fn boundaries_worked_by_hand() {
    let r = report(EVENTS, "2026-04-02T11:00:00Z");
    let march = period(&r, "2026-03");
    use DueVerdict::{Breached, Met, Pending};
    assert_eq!(outcome(march, "D1"), (Met, None, false));
    assert_eq!(outcome(march, "D2"), (Breached, Some(0), false));
    assert_eq!(outcome(march, "D3"), (Met, None, false));
    assert_eq!(outcome(march, "D4"), (Met, None, false));
    assert_eq!(outcome(march, "D5"), (Breached, Some(1), false));
    assert_eq!(outcome(march, "D6"), (Met, None, false));
    assert_eq!(item(march, "D6").due, "2026-03-20");
    assert_eq!(outcome(march, "D7"), (Breached, Some(1), false));
    assert_eq!(item(march, "D7").due, "2026-03-05");
    assert_eq!(outcome(march, "D9"), (Breached, Some(8), true));
    assert_eq!(outcome(march, "D11"), (Breached, Some(3), false));
    // The due instants: a date's is the local midnight that ends it.
    assert_eq!(item(march, "D3").due_at.to_string(), "2026-03-29T00:00:00Z");
    assert_eq!(item(march, "D4").due_at.to_string(), "2026-03-29T23:00:00Z");
    assert_eq!(item(march, "D1").due_at.to_string(), "2026-03-10T12:00:00Z");
    assert!(item(march, "D9").stopped.is_none());
    // Listed by due instant, then id.
    let order: Vec<&str> = march.due_items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        order,
        ["D11", "D7", "D1", "D2", "D6", "D9", "D3", "D4", "D5"]
    );
    let c = march.counts.unwrap_or_default();
    assert_eq!((c.met, c.breached, c.pending, c.ungoverned), (4, 5, 0, 1));
    let v = march.value.as_ref().map(|v| (v.numerator, v.denominator));
    assert_eq!(v, Some((4, 9)));
    assert_eq!(march.verdict, Verdict::Breached);

    let april = period(&r, "2026-04");
    assert!(!april.complete);
    assert_eq!(outcome(april, "D10"), (Pending, None, false));
    let c = april.counts.unwrap_or_default();
    assert_eq!((c.met, c.breached, c.pending), (0, 0, 1));
    assert_eq!(april.verdict, Verdict::NoData);
}

/// An item not delivered: pending while the cut-off is at or before its
/// due instant, breached (and accruing) once it is after it.
#[test]
fn an_undelivered_item_at_the_cut_off() {
    let events = r#"{"id":"D9","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-25"}
"#;
    // Due at the midnight that ends 25 March (GMT): 2026-03-26T00:00:00Z.
    // A cut-off exactly then has seen nothing at the due instant: a
    // delivery then would be on time, so the item is pending.
    let r = report(events, "2026-03-26T00:00:00Z");
    assert_eq!(
        outcome(period(&r, "2026-03"), "D9"),
        (DueVerdict::Pending, None, false)
    );
    // One second later: breached; the cut-off's local date is 26 March,
    // one date after the due date: 1 day late, accruing.
    let r = report(events, "2026-03-26T00:00:01Z");
    assert_eq!(
        outcome(period(&r, "2026-03"), "D9"),
        (DueVerdict::Breached, Some(1), true)
    );
}

/// An instant due in another offset: its local date in the agreement's
/// zone is its due date, and a date moves the item to that date's period.
#[test]
fn a_due_instant_belongs_to_the_period_of_its_local_date() {
    // 2026-03-31T23:30:00Z is 00:30 BST on 1 April: April's item. Delivered
    // 2026-04-01T00:10:00Z (01:10 BST), 40 minutes late, on its due date:
    // breached with 0 days late.
    let events = r#"{"id":"X","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-31T23:30:00Z"}
{"id":"X","at":"2026-04-01T00:10:00Z","event":"delivered"}
"#;
    let r = report(events, "2026-04-02T00:00:00Z");
    assert!(period(&r, "2026-03").due_items.is_empty());
    assert_eq!(
        outcome(period(&r, "2026-04"), "X"),
        (DueVerdict::Breached, Some(0), false)
    );
}

/// A due value that is neither a date nor RFC 3339 is an invalid record,
/// with its file and line, when events are read for the rule set.
#[test]
fn a_bad_due_value_is_an_invalid_record() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(slate::eval::due::attributes(&rules), ["due_date"]);
    let events = r#"{"id":"A","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10"}
{"id":"B","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"31/03/2026"}
{"id":"C","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-02-30"}
{"id":"D","at":"2026-03-01T09:00:00Z","event":"assigned"}
"#;
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.read("tracker.ndjson", events, Format::Ndjson);
    let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(
        e.invalid
            .first()
            .is_some_and(|i| i.message.contains("`due_date` is `31/03/2026`")),
        "{:?}",
        e.invalid
    );
    // Read without naming the due attributes, the engine refuses the value.
    let mut e = Events::default();
    e.read("tracker.ndjson", events, Format::Ndjson);
    let err = slate::eval::evaluate(&rules, &e, &Options::default())
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("`B`") || e.contains("`C`")),
        "{err:?}"
    );
}

/// A due date outside the years 1900 to 2199 is refused for its year, not
/// as "neither a date nor a timestamp"; the last years within are read.
#[test]
fn a_due_date_outside_the_years_says_so() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}"));
    let events = r#"{"id":"A","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"9999-12-31"}
{"id":"B","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"0001-01-01"}
{"id":"C","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2200-01-01T00:00:00Z"}
{"id":"D","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2100-01-01"}
{"id":"E","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2199-12-31"}
"#;
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.read("tracker.ndjson", events, Format::Ndjson);
    let found: Vec<String> = e.invalid.iter().map(|i| i.message.clone()).collect();
    assert_eq!(
        found,
        [
            "`due_date` is `9999-12-31`, a date outside the years 1900 to 2199 that a due date may be in",
            "`due_date` is `0001-01-01`, a date outside the years 1900 to 2199 that a due date may be in",
            "`due_date` is `2200-01-01T00:00:00Z`, a date outside the years 1900 to 2199 that a due date may be in",
        ]
    );
    // Read without naming the due attributes, the engine says the same.
    let mut e = Events::default();
    e.read("tracker.ndjson", events, Format::Ndjson);
    let err = slate::eval::evaluate(&rules, &e, &Options::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("outside the years 1900 to 2199"), "{err}");
}

/// A hand-edited rule set whose clock starts and stops on one event (the
/// checker's E0307), or whose due attribute is not a name, is refused.
#[test]
fn a_rule_set_with_events_or_attributes_no_agreement_states_is_refused() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let json =
        slate::rules::to_json(&slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}")));
    for (from, to, says) in [
        (
            r#""stop_event": "delivered""#,
            r#""stop_event": "assigned""#,
            "`assigned` is also the start event",
        ),
        (
            r#""start_event": "assigned""#,
            r#""start_event": """#,
            "start_event`: an empty event",
        ),
        (
            r#""due_attribute": "due_date""#,
            r#""due_attribute": "due date""#,
            "`due date` is not a name",
        ),
    ] {
        assert!(json.contains(from), "{json}");
        let value =
            serde_json::from_str(&json.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
        let err = slate::rules::from_json(&crate::rules::resealed_as_written(value))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(says), "{to}: {err}");
    }
}

/// A hand-edited rule set whose due attribute is a record field is refused.
#[test]
fn a_rule_set_with_a_record_field_as_due_attribute_is_refused() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}"));
    let json = slate::rules::to_json(&rules);
    let mut value: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let Some(measure) = value
        .pointer_mut("/objectives/0/measure")
        .and_then(|m| m.as_object_mut())
    else {
        panic!("no measure in {json}")
    };
    assert_eq!(
        measure.get("due_attribute").and_then(|v| v.as_str()),
        Some("due_date")
    );
    measure.insert("due_attribute".to_owned(), "at".into());
    let edited = crate::rules::resealed_as_written(value);
    let err = slate::rules::from_json(&edited)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("cannot hold a due date"), "{err}");
}

/// `examples/deliverables.sla` with its events, as the example test reads
/// them (cut-off one second after the last record: 2026-11-03T12:00:00Z,
/// local date 3 November, GMT). London is on BST until
/// 2026-10-25T01:00:00Z, then on GMT: 25 October 2026 is 25 hours long.
///
/// September: DEL-01 due 2026-09-30 (ends 2026-09-30T23:00:00Z), delivered
///   28 September → met (early). 1/1 = 100% → met.
/// October:
///   DEL-02 due 2026-10-12, delivered 15 October 10:30 BST → breached,
///     13, 14, 15 October = 3 days late.
///   DEL-05 due 2026-10-05, moved by CR-007 to 2026-10-19 before its
///     delivery on 16 October → met against 19 October.
///   DEL-03 due 2026-10-25, the day the clocks go back: ends at
///     2026-10-26T00:00:00Z (GMT); delivered 2026-10-25T23:30:00Z, 23:30
///     GMT on 25 October → met (an hour-early reading by BST would say late).
///   MS-01 due 2026-10-30T17:00:00+00:00, not delivered at the cut-off →
///     breached, accruing: 31 October, 1, 2, 3 November = 4 days late.
///   2 met of 4 = 50% → breached.
/// November (so far): DEL-04 due 2026-11-20, not delivered, cut-off before
///   it → pending; no data.
/// July and August: nothing due → no data.
///
/// Credits (below 100%: 2%, below 75%: 5% of the monthly fee of GBP
/// 48,000.00): September's 100% is not below 100%, nothing; October's 50%
/// is below 75%: 5% × 48,000.00 = GBP 2,400.00; November is not over.
#[test]
fn the_deliverables_example_worked_by_hand() {
    let r = slate_tests::example_report(&slate_tests::root().join("examples/deliverables.sla"));
    assert_eq!(r.as_of.to_string(), "2026-11-03T12:00:00Z");
    let sep = period(&r, "2026-09");
    assert_eq!(outcome(sep, "DEL-01"), (DueVerdict::Met, None, false));
    assert_eq!(sep.verdict, Verdict::Met);
    let oct = period(&r, "2026-10");
    assert_eq!(
        outcome(oct, "DEL-02"),
        (DueVerdict::Breached, Some(3), false)
    );
    assert_eq!(outcome(oct, "DEL-05"), (DueVerdict::Met, None, false));
    assert_eq!(item(oct, "DEL-05").due, "2026-10-19");
    assert_eq!(outcome(oct, "DEL-03"), (DueVerdict::Met, None, false));
    assert_eq!(
        item(oct, "DEL-03").due_at.to_string(),
        "2026-10-26T00:00:00Z"
    );
    assert_eq!(outcome(oct, "MS-01"), (DueVerdict::Breached, Some(4), true));
    let v = oct.value.as_ref().map(|v| (v.numerator, v.denominator));
    assert_eq!(v, Some((2, 4)));
    assert_eq!(oct.verdict, Verdict::Breached);
    let nov = period(&r, "2026-11");
    assert_eq!(outcome(nov, "DEL-04"), (DueVerdict::Pending, None, false));
    assert_eq!(nov.verdict, Verdict::NoData);
    for label in ["2026-07", "2026-08"] {
        assert_eq!(period(&r, label).verdict, Verdict::NoData);
    }
    let owed: Vec<(&str, String)> = r
        .settlements
        .iter()
        .map(|s| (s.period.as_str(), s.amount.to_string()))
        .collect();
    assert_eq!(owed, [("2026-10", "2400.00".to_owned())]);
}

/// An item due after the agreement ends (2027-01-15; the agreement runs to
/// 2026-12-31) lies outside every reported period: the report says so in
/// the singular and by its due date, not "started … are".
#[test]
fn an_item_due_outside_the_periods_is_said_in_its_number() {
    let events = r#"{"id":"X1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2027-01-15"}
{"id":"X2","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10"}
{"id":"X2","at":"2026-03-09T09:00:00Z","event":"delivered"}
"#;
    let r = report(events, "2026-04-02T11:00:00Z");
    assert_eq!(r.objectives.first().map(|o| o.items_outside), Some(1));
    for out in [slate::eval::to_text(&r), slate::eval::to_markdown(&r)] {
        assert!(
            out.contains("1 item is due outside the reported periods and is not counted."),
            "{out}"
        );
        assert!(!out.contains("started outside"), "{out}");
    }
}
