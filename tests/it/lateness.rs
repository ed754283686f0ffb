//! Delay damages on due dates (`per day late : USD 500.00`, `per hour late
//! : USD 50.00`, `cap per item 100% of cost`, `cap per item USD
//! 1,000.00`) on hand-worked data: docs/semantics.md, "Remedies beyond
//! tiers" (per unit of shortfall) and "Due dates carried by the item".
//! Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

const AGREEMENT: &str = r#"agreement "Delivery appendix" {
  id        "LATE"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"
  currency  USD

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service delivery "Project delivery" {
    hours 24x7
    fee   USD 10,000.00 per month
  }

  objective on_time "Deliverables on time" {
    service delivery
    measure deliverables from assigned until delivered
    due by  due_date
    target  100% of deliverables per month
  }

  credits for on_time {
    per day late : USD 500.00
    cap per item 100% of cost
  }
}
"#;

// Europe/London is on GMT until Sunday 29 March 2026, 01:00 GMT, then on
// BST (UTC+1): the local date 29 March has 23 hours. A due date D is due
// at the local midnight that ends D. The cut-off is 2026-04-01T00:00Z
// (01:00 BST on 1 April), so March (to 2026-03-31T23:00Z) is settled.
//
// Per day late: the local dates after the due date up to and including
// the date of delivery (or, not delivered, of the cut-off); a part day
// counts as a day; delivered exactly at the due instant is on time.
//
// D1 due 2026-03-10 (2026-03-11T00:00Z), delivered 2026-03-11T10:00Z
//    (11 March): 1 day → 1 × 500.00 = 500.00; cap 100% × 20,000 → 500.00.
// D2 due 2026-03-12 (2026-03-13T00:00Z), delivered exactly then: met,
//    not late, pays nothing (and has no cost: none is read).
// D3 due at the instant 2026-03-16T12:00Z, delivered 2026-03-17T09:00Z,
//    21 hours later: a part day, 17 March is 1 day after 16 March →
//    500.00; cap 100% × 8,000 → 500.00.
// D4 due 2026-03-28 (2026-03-29T00:00Z), delivered 2026-03-29T23:30Z =
//    00:30 BST on 30 March: only 23.5 hours late, but 29 and 30 March are
//    2 days → 1,000.00; cap 100% × 9,000 → 1,000.00.
// D5 due 2026-03-02 (2026-03-03T00:00Z), delivered 2026-03-06T12:00Z: 3,
//    4, 5 and 6 March = 4 days → 2,000.00; the per-item cap binds: 100% ×
//    1,200 = 1,200.00 paid.
// D6 due 2026-03-30 (2026-03-30T23:00Z, midnight BST), not delivered: at
//    the cut-off (1 April local) 31 March and 1 April = 2 days, accruing →
//    1,000.00; cap 100% × 50,000 → 1,000.00.
// Units 1 + 1 + 2 + 4 + 2 = 10. Before the per-item caps 500 + 500 +
// 1,000 + 2,000 + 1,000 = 5,000.00; after them 500 + 500 + 1,000 + 1,200
// + 1,000 = 4,200.00. No service cap: owed 4,200.00.
const EVENTS: &str = r#"{"id":"D1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10","cost":20000}
{"id":"D1","at":"2026-03-11T10:00:00Z","event":"delivered"}
{"id":"D2","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-12"}
{"id":"D2","at":"2026-03-13T00:00:00Z","event":"delivered"}
{"id":"D3","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-16T12:00:00Z","cost":8000}
{"id":"D3","at":"2026-03-17T09:00:00Z","event":"delivered"}
{"id":"D4","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-28","cost":9000}
{"id":"D4","at":"2026-03-29T23:30:00Z","event":"delivered"}
{"id":"D5","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-02","cost":1200}
{"id":"D5","at":"2026-03-06T12:00:00Z","event":"delivered"}
{"id":"D6","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-30","cost":50000}
"#;

fn report_with(source: &str, events: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("lateness.sla", source, events, &options)
}

fn march(r: &Report) -> &Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == "2026-03")
        .unwrap_or_else(|| panic!("no settlement for March: {:?}", r.settlements))
}

/// A settlement line as (objective, tier, breaches, units late, amount).
type Line = (String, String, Option<u64>, Option<u64>, String);

/// Each late item as (id, units, amount, cap, paid, accruing).
type Row = (String, u64, String, Option<String>, String, bool);

fn rows(s: &Settlement) -> Vec<Row> {
    s.lines
        .iter()
        .filter_map(|l| l.lateness.as_ref())
        .flat_map(|l| l.items.iter())
        .map(|i| {
            (
                i.id.clone(),
                i.units,
                i.amount.to_string(),
                i.cap.as_ref().map(ToString::to_string),
                i.paid.to_string(),
                i.accruing,
            )
        })
        .collect()
}

fn row(id: &str, units: u64, amount: &str, cap: Option<&str>, paid: &str, accruing: bool) -> Row {
    (
        id.to_owned(),
        units,
        amount.to_owned(),
        cap.map(str::to_owned),
        paid.to_owned(),
        accruing,
    )
}

#[test]
fn each_late_deliverable_pays_for_its_calendar_days_up_to_its_cost() {
    let r = report_with(AGREEMENT, EVENTS);
    let s = march(&r);
    assert_eq!(
        rows(s),
        [
            row("D5", 4, "2000.00", Some("1200.00"), "1200.00", false),
            row("D1", 1, "500.00", Some("20000.00"), "500.00", false),
            row("D3", 1, "500.00", Some("8000.00"), "500.00", false),
            row("D4", 2, "1000.00", Some("9000.00"), "1000.00", false),
            row("D6", 2, "1000.00", Some("50000.00"), "1000.00", true),
        ]
    );
    let [line] = s.lines.as_slice() else {
        panic!("one line: {:?}", s.lines);
    };
    let late = line.lateness.as_ref().unwrap_or_else(|| panic!("lateness"));
    assert_eq!((late.unit.as_str(), late.units), ("day", 10));
    assert_eq!(late.before_item_caps.to_string(), "5000.00");
    assert_eq!(line.tier, "per day late");
    assert_eq!(line.amount.to_string(), "4200.00");
    assert_eq!(s.amount.to_string(), "4200.00");
    assert!(s.capped_by.is_empty());
    // The cost each cap was read from is stated.
    let costs: Vec<String> = late
        .items
        .iter()
        .filter_map(|i| i.cost.map(|c| c.to_string()))
        .collect();
    assert_eq!(costs, ["1200", "20000", "8000", "9000", "50000"]);
    for out in [slate::eval::to_text(&r), slate::eval::to_markdown(&r)] {
        assert!(out.contains("per day late × 10 days"), "{out}");
        assert!(out.contains("1200.00 (of 1200)"), "{out}");
    }
}

// The service's cap of 30% of the monthly fee (3,000.00) limits the sum
// after the per-item caps: 4,200.00 → 3,000.00 (not 5,000.00 → 3,000.00:
// the report's total before the service's caps is 4,200.00).
#[test]
fn the_service_cap_binds_after_the_per_item_caps() {
    let source = AGREEMENT.replace(
        "    fee   USD 10,000.00 per month\n",
        "    fee   USD 10,000.00 per month\n    credit cap 30% of monthly fee\n",
    );
    let r = report_with(&source, EVENTS);
    let s = march(&r);
    assert_eq!(s.total.to_string(), "4200.00");
    assert_eq!(s.amount.to_string(), "3000.00");
    assert_eq!(s.capped_by, ["30% of fee per month"]);
}

// Per hour late: whole real hours from the due instant to the delivery
// (or the cut-off), ⌊S / 1 hour⌋; USD 50.00 each, at most USD 1,000.00 an
// item.
// D5 2026-03-03T00:00Z → 2026-03-06T12:00Z = 84 h → 4,200.00 → 1,000.00.
// D1 2026-03-11T00:00Z → 10:00Z = 10 h → 500.00.
// D3 2026-03-16T12:00Z → 2026-03-17T09:00Z = 21 h → 1,050.00 → 1,000.00.
// D4 2026-03-29T00:00Z → 23:30Z = 23.5 h → 23 h (the DST day is 23 real
//    hours; the part hour does not count) → 1,150.00 → 1,000.00.
// D6 2026-03-30T23:00Z → cut-off 2026-04-01T00:00Z = 25 h, accruing →
//    1,250.00 → 1,000.00.
// Units 84 + 10 + 21 + 23 + 25 = 163; before the caps 8,150.00; paid
// 1,000 + 500 + 1,000 + 1,000 + 1,000 = 4,500.00.
#[test]
fn per_hour_late_counts_whole_real_hours_under_a_fixed_cap() {
    let source = AGREEMENT
        .replace("per day late : USD 500.00", "per hour late : USD 50.00")
        .replace("cap per item 100% of cost", "cap per item USD 1,000.00");
    let r = report_with(&source, EVENTS);
    let s = march(&r);
    assert_eq!(
        rows(s),
        [
            row("D5", 84, "4200.00", Some("1000.00"), "1000.00", false),
            row("D1", 10, "500.00", Some("1000.00"), "500.00", false),
            row("D3", 21, "1050.00", Some("1000.00"), "1000.00", false),
            row("D4", 23, "1150.00", Some("1000.00"), "1000.00", false),
            row("D6", 25, "1250.00", Some("1000.00"), "1000.00", true),
        ]
    );
    let late = s
        .lines
        .first()
        .and_then(|l| l.lateness.as_ref())
        .unwrap_or_else(|| panic!("lateness"));
    assert_eq!((late.unit.as_str(), late.units), ("hour", 163));
    assert_eq!(late.before_item_caps.to_string(), "8150.00");
    assert_eq!(s.amount.to_string(), "4500.00");
    // No cost is read for a fixed cap.
    assert!(late.items.iter().all(|i| i.cost.is_none()));
}

// Exactly at the due instant is on time; one second later is a whole day.
// E1 due 2026-03-10, delivered 2026-03-11T00:00:00Z: met, no line at all.
// E2 due 2026-03-10, delivered 2026-03-11T00:00:01Z: 1 day → 500.00.
#[test]
fn on_the_due_instant_is_not_late_and_a_second_after_is_a_day() {
    let on_time = r#"{"id":"E1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10","cost":900}
{"id":"E1","at":"2026-03-11T00:00:00Z","event":"delivered"}
"#;
    let r = report_with(AGREEMENT, on_time);
    assert!(
        r.settlements.iter().all(|s| s.period != "2026-03"),
        "{:?}",
        r.settlements
    );
    let late = r#"{"id":"E2","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10","cost":900}
{"id":"E2","at":"2026-03-11T00:00:01Z","event":"delivered"}
"#;
    let r = report_with(AGREEMENT, late);
    assert_eq!(
        rows(march(&r)),
        [row("E2", 1, "500.00", Some("900.00"), "500.00", false)]
    );
}

// The stop's local date counts even when the stop is its first instant:
// the design notes count "the local dates after the due date up to and
// including the stop's date". Due 2026-03-10 (D), due at its ending
// midnight 2026-03-11T00:00Z (GMT):
// G1 delivered 2026-03-11T23:59:59Z, the last second of D+1 (11 March):
//    1 day → 500.00.
// G2 delivered 2026-03-12T00:00:00Z, the first instant of D+2 (12 March),
//    exactly 24 hours late: 11 and 12 March = 2 days → 1,000.00.
#[test]
fn a_stop_at_midnight_counts_the_date_it_begins() {
    let events = r#"{"id":"G1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10","cost":9000}
{"id":"G1","at":"2026-03-11T23:59:59Z","event":"delivered"}
{"id":"G2","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10","cost":9000}
{"id":"G2","at":"2026-03-12T00:00:00Z","event":"delivered"}
"#;
    let r = report_with(AGREEMENT, events);
    assert_eq!(
        rows(march(&r)),
        [
            row("G1", 1, "500.00", Some("9000.00"), "500.00", false),
            row("G2", 2, "1000.00", Some("9000.00"), "1000.00", false),
        ]
    );
    assert_eq!(march(&r).amount.to_string(), "1500.00");
}

// An item due before the agreement's first day (2026-01-01) and delivered
// late inside it is outside the agreement: it belongs to the period of its
// due date, December 2025, which is none of the agreement's. H1 due
// 2025-12-30 (at 2025-12-31T00:00Z), delivered 2026-01-03T10:00Z: 31
// December, 1, 2 and 3 January = 4 days late, paid nothing (no cost is
// read), counted outside and listed. J1 in January pays as usual: due
// 2026-01-10, delivered 2026-01-11T10:00Z, 1 day → 500.00.
#[test]
fn an_item_due_before_the_agreement_is_outside_it_and_listed() {
    let events = r#"{"id":"H1","at":"2025-12-01T09:00:00Z","event":"assigned","due_date":"2025-12-30"}
{"id":"H1","at":"2026-01-03T10:00:00Z","event":"delivered"}
{"id":"J1","at":"2026-01-01T09:00:00Z","event":"assigned","due_date":"2026-01-10","cost":900}
{"id":"J1","at":"2026-01-11T10:00:00Z","event":"delivered"}
"#;
    let r = report_with(AGREEMENT, events);
    let o = &r.objectives[0];
    assert_eq!(o.items_outside, 1);
    let outside: Vec<(&str, Option<u64>)> = o
        .due_outside_agreement
        .iter()
        .map(|x| (x.id.as_str(), x.days_late))
        .collect();
    assert_eq!(outside, [("H1", Some(4))]);
    let [jan] = r.settlements.as_slice() else {
        panic!("January only: {:?}", r.settlements);
    };
    assert_eq!(jan.period, "2026-01");
    assert_eq!(
        rows(jan),
        [row("J1", 1, "500.00", Some("900.00"), "500.00", false)]
    );
    for out in [slate::eval::to_text(&r), slate::eval::to_markdown(&r)] {
        assert!(out.contains("Items due outside the agreement (1)"), "{out}");
        assert!(
            out.contains("no remedy is paid for them, however late they are delivered"),
            "{out}"
        );
    }
    assert!(slate::eval::to_json(&r).contains("\"due_outside_agreement\""));
}

/// A late item without the cost its cap is read from stops the
/// evaluation with the item and the attribute named.
#[test]
fn a_late_item_without_its_cost_is_an_error() {
    let events = r#"{"id":"F1","at":"2026-03-01T09:00:00Z","event":"assigned","due_date":"2026-03-10"}
{"id":"F1","at":"2026-03-12T09:00:00Z","event":"delivered"}
"#;
    let checked = slate::check(AGREEMENT);
    let Some(m) = checked.model else {
        panic!("the agreement checks: {:?}", checked.diagnostics);
    };
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e}"));
    let mut e = slate::eval::Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.read("events.ndjson", events, slate::eval::Format::Ndjson);
    let events = e;
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    let err = slate::eval::evaluate(&rules, &events, &options)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "item `F1` of objective `on_time` is late, but it has no `cost`: `cap per item` reads `cost` as a number"
        )
    );
}

/// The contract states what each late deliverable pays, and its cap.
#[test]
fn the_contract_states_the_delay_damages() {
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("that is not met by its due date, the customer is entitled to a credit of USD 500.00 for each calendar day (in Europe/London) it is late, counting from the first day after its due date up to and including the day of its"),
        "{md}"
    );
    assert!(
        md.contains("or, while it has none, the day of settlement, up to 100% of the cost recorded for the deliverable."),
        "{md}"
    );
}

fn codes(source: &str) -> Vec<String> {
    slate::check(source)
        .diagnostics
        .iter()
        .map(|d| d.code.number().to_owned())
        .collect()
}

/// A per-day penalty on an objective with no due dates is an error with
/// a fix (E0530); a per-item cap with nothing to cap is E0531.
#[test]
fn misuses_are_refused() {
    let no_due = AGREEMENT.replace(
        "    due by  due_date\n",
        "    clock   24x7\n    goal    within 5 days\n",
    );
    assert_eq!(codes(&no_due), ["E0530"]);
    let nothing_to_cap = AGREEMENT.replace(
        "    per day late : USD 500.00\n",
        "    per breach : USD 500.00\n",
    );
    assert_eq!(codes(&nothing_to_cap), ["E0531"]);
}

/// `slate fmt` keeps the new statements as written.
#[test]
fn fmt_round_trips() {
    let formatted = slate::format(AGREEMENT).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        formatted.contains("    per day late : USD 500.00\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("    cap per item 100% of cost\n"),
        "{formatted}"
    );
}

// examples/outsourcing-appendix.sla on its events, in America/New_York
// (EDT, UTC−4, all of June 2026). The cut-off is one second after the last
// record, 2026-07-02T13:00:01Z (09:00 EDT on 2 July): June is settled.
// Monthly fee USD 40,000.00; credit cap 100% of it = 40,000.00.
//
// Response (per breach : 3% of monthly fee = 1,200.00 each): R1 1.5 h met;
//   R2 5.5 h and R3 6 h breached; R4 exactly 4 h met → 2 × 1,200.00 =
//   2,400.00.
// Deliverables (per day late : USD 500.00, cap per item 100% of cost):
//   DL1 due 2026-06-05 (2026-06-06T04:00Z), accepted 2026-06-08T15:00Z
//     (11:00 on 8 June): 6, 7, 8 June = 3 days → 1,500.00 (cost 25,000).
//   DL2 due 2026-06-12, accepted 2026-06-13T02:00Z = 22:00 on 12 June: met.
//   DL3 due 2026-06-10 (2026-06-11T04:00Z), accepted 2026-06-25T16:00Z:
//     11 to 25 June = 15 days → 7,500.00, capped at its cost 6,000.00.
//   DL4 due 2026-06-26, accepted 2026-06-27T02:00Z = 22:00 on 26 June in
//     New York: met (it would be a day late in UTC).
//   DL5 due 2026-06-29 (2026-06-30T04:00Z), not accepted: to the cut-off's
//     date, 30 June, 1 and 2 July = 3 days, accruing → 1,500.00 (cost
//     12,000).
//   Units 3 + 15 + 3 = 21; before the per-item caps 10,500.00; after them
//   1,500 + 6,000 + 1,500 = 9,000.00.
// Milestones (per day late : USD 1,000.00, no cap):
//   MS1 due 2026-06-19 (2026-06-20T04:00Z), accepted 2026-06-23T14:00Z:
//     20 to 23 June = 4 days → 4,000.00.
//   MS2 due at 2026-06-30T21:00Z (17:00 EDT), accepted 23:00Z (19:00 the
//     same day): breached, 0 days late → 0.00.
//   Units 4; 4,000.00.
// Sum 2,400 + 9,000 + 4,000 = 15,400.00, under the cap: owed 15,400.00.
#[test]
fn the_outsourcing_appendix_is_worked_out_by_hand() {
    let r =
        slate_tests::example_report(&slate_tests::root().join("examples/outsourcing-appendix.sla"));
    let june = r
        .settlements
        .iter()
        .find(|s| s.period == "2026-06")
        .unwrap_or_else(|| panic!("no June settlement"));
    let lines: Vec<Line> = june
        .lines
        .iter()
        .map(|l| {
            (
                l.objective.clone(),
                l.tier.clone(),
                l.breaches,
                l.lateness.as_ref().map(|x| x.units),
                l.amount.to_string(),
            )
        })
        .collect();
    let line = |o: &str, t: &str, b: Option<u64>, u: Option<u64>, a: &str| {
        (o.to_owned(), t.to_owned(), b, u, a.to_owned())
    };
    assert_eq!(
        lines,
        [
            line("response", "per breach", Some(2), None, "2400.00"),
            line("deliverables", "per day late", None, Some(21), "9000.00"),
            line("milestones", "per day late", None, Some(4), "4000.00"),
        ]
    );
    assert_eq!(
        rows(june),
        [
            row("DL1", 3, "1500.00", Some("25000.00"), "1500.00", false),
            row("DL3", 15, "7500.00", Some("6000.00"), "6000.00", false),
            row("DL5", 3, "1500.00", Some("12000.00"), "1500.00", true),
            row("MS1", 4, "4000.00", None, "4000.00", false),
            row("MS2", 0, "0.00", None, "0.00", false),
        ]
    );
    let before: Vec<String> = june
        .lines
        .iter()
        .filter_map(|l| l.lateness.as_ref().map(|x| x.before_item_caps.to_string()))
        .collect();
    assert_eq!(before, ["10500.00", "4000.00"]);
    assert_eq!(june.total.to_string(), "15400.00");
    assert_eq!(june.amount.to_string(), "15400.00");
    assert!(june.capped_by.is_empty());
}
