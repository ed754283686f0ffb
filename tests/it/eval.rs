//! `slate eval` on the edge cases of `docs/semantics.md`: each test
//! states its agreement and events inline, and the expected value is worked
//! out in a comment.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::report::{Counts, PeriodReport, Report, Verdict};
use slate::eval::{Events, Format, Options};

/// An agreement in Europe/London for 2026 with a support calendar
/// (weekdays 09:00–17:00, closed 2026-03-06) and `body` inside it.
fn agreement(body: &str) -> String {
    format!(
        r#"agreement "Test" {{
  id        "T"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"
  currency  GBP

  party acme "Acme Ltd" {{
    role      provider
    signatory "Jane Roe", "Director"
  }}

  party client "Client plc" {{
    role      customer
    signatory "John Doe", "CTO"
  }}

  calendar office "Office hours" {{
    monday to friday 09:00-17:00
    closed 2026-03-06
  }}

{body}
}}
"#
    )
}

fn run(body: &str, events: &str, as_of: &str) -> Report {
    run_from(&agreement(body), events, as_of)
}

fn run_from(source: &str, events: &str, as_of: &str) -> Report {
    let source = source.to_owned();
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, "test.sla", &source)));
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = Events::default();
    e.read("test.ndjson", events, Format::Ndjson);
    assert!(e.invalid.is_empty(), "{:?}", e.invalid);
    let as_of = chrono::DateTime::parse_from_rfc3339(as_of)
        .expect("as_of")
        .timestamp();
    let options = Options {
        as_of: Some(as_of),
        details: true,
        ..Options::default()
    };
    slate::eval::evaluate(&rules, &e, &options).expect("evaluates")
}

fn period<'a>(r: &'a Report, objective: &str, label: &str) -> &'a PeriodReport {
    r.objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label} of {objective}"))
}

fn counts(r: &Report, objective: &str, label: &str) -> Counts {
    period(r, objective, label).counts.expect("counts")
}

fn elapsed(r: &Report, objective: &str, id: &str) -> i64 {
    r.objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.breached_items.iter().find(|i| i.id == id))
        .map(|i| i.elapsed_seconds)
        .unwrap_or_else(|| panic!("{id} is not breached"))
}

const REPLY: &str = r#"
  service desk "Desk" {
    hours office
    fee   GBP 1000.00 per month
  }

  objective reply "Reply" {
    measure tickets from created until replied
    pause   while status is "waiting"
    goal    priority "P1" within 1 hour on 24x7
    goal    otherwise within 2 hours
    target  50% of tickets per month
  }
"#;

/// Elapsed exactly equal to the budget is met; one second more is breached.
#[test]
fn exactly_at_the_budget_is_met() {
    // Monday 2026-03-02, office opens 09:00 (GMT = UTC in March).
    // A: 09:00 → 11:00 = 7200 s = the 2-hour budget: met.
    // B: 09:00 → 11:00:01 = 7201 s: breached.
    let r = run(
        REPLY,
        r#"{"id":"A","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"A","at":"2026-03-02T11:00:00Z","event":"replied"}
{"id":"B","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"B","at":"2026-03-02T11:00:01Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 1));
    assert_eq!(elapsed(&r, "reply", "B"), 7201);
}

/// Time counts only while the office is open: a ticket created Friday 16:30
/// and replied Monday 10:00 has 30 + 60 = 90 minutes (met); the closed
/// Friday 2026-03-06 counts nothing.
#[test]
fn open_time_only() {
    // C: Thu 2026-03-05 16:30 → Mon 03-09 10:30: Thu 30 min, Fri closed,
    // Mon 90 min = 2 h = 7200 s: met. D: Thu 16:00 → Mon 10:00:01 =
    // 60 + 60 min + 1 s: breached with 7201 s.
    let r = run(
        REPLY,
        r#"{"id":"C","at":"2026-03-05T16:30:00Z","event":"created"}
{"id":"C","at":"2026-03-09T10:30:00Z","event":"replied"}
{"id":"D","at":"2026-03-05T16:00:00Z","event":"created"}
{"id":"D","at":"2026-03-09T10:00:01Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 1));
    assert_eq!(elapsed(&r, "reply", "D"), 7201);
}

/// A pause spanning closed hours subtracts only its open time; a pause and a
/// resume at the same instant pause for zero seconds; a value set before the
/// start pauses from the start, whatever the record's event.
#[test]
fn pauses() {
    // E: created Mon 09:00, waiting Mon 10:00 → Tue 10:00 (16 h of wall
    // clock, 7 h open), replied Tue 12:00: elapsed 1 h + 2 h = 3 h =
    // 10800 s: breached (budget 2 h), and only open time was paused.
    // F: created 09:00; waiting and open at 09:30 (same instant: zero
    // pause); replied 11:00: 2 h: met.
    // G: a `note` record sets status waiting before the start (08:00);
    // created 09:00 (paused from the start); open at 12:00; replied 13:30:
    // 1.5 h: met.
    let r = run(
        REPLY,
        r#"{"id":"E","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"E","at":"2026-03-02T10:00:00Z","event":"status","status":"waiting"}
{"id":"E","at":"2026-03-03T10:00:00Z","event":"status","status":"open"}
{"id":"E","at":"2026-03-03T12:00:00Z","event":"replied"}
{"id":"F","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"F","at":"2026-03-02T09:30:00Z","event":"status","status":"waiting"}
{"id":"F","at":"2026-03-02T09:30:00Z","event":"status","status":"open"}
{"id":"F","at":"2026-03-02T11:00:00Z","event":"replied"}
{"id":"G","at":"2026-03-02T08:00:00Z","event":"note","status":"waiting"}
{"id":"G","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"G","at":"2026-03-02T12:00:00Z","event":"status","status":"open"}
{"id":"G","at":"2026-03-02T13:30:00Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (2, 1));
    assert_eq!(elapsed(&r, "reply", "E"), 10_800);
}

/// Events at one instant apply start first, then status, then stop,
/// whatever their order in the file: created and replied together is 0 s.
#[test]
fn same_instant_order() {
    let r = run(
        REPLY,
        r#"{"id":"H","at":"2026-03-02T10:00:00Z","event":"replied"}
{"id":"H","at":"2026-03-02T10:00:00Z","event":"created"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 0));
}

/// A priority change re-selects the goal and keeps the elapsed time: a P3
/// ticket raised to P1 after 90 minutes (on 24x7: 1 h budget) is breached.
#[test]
fn priority_change_reselects_the_goal() {
    // I: created P3 Mon 09:00, raised to P1 at 10:30, replied 10:45.
    // The P1 goal counts on 24x7: 105 min > 60 min: breached, 6300 s.
    let r = run(
        REPLY,
        r#"{"id":"I","at":"2026-03-02T09:00:00Z","event":"created","priority":"P3"}
{"id":"I","at":"2026-03-02T10:30:00Z","event":"status","priority":"P1"}
{"id":"I","at":"2026-03-02T10:45:00Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(counts(&r, "reply", "2026-03").breached, 1);
    assert_eq!(elapsed(&r, "reply", "I"), 6300);
}

/// Pending: open and within budget at the cut-off; breached once over it.
/// An event exactly at the cut-off is not seen.
#[test]
fn cut_off() {
    // J: created 09:00; as of 10:30 (1.5 h, within 2 h): pending; its
    // reply at 10:30 is exactly at the cut-off and not seen.
    // K: created Fri 2026-02-27 09:00, no reply: as of Mon 03-02 10:30 it
    // has 8 h (Fri) + 1.5 h = 9.5 h: breached, in February's period.
    let r = run(
        REPLY,
        r#"{"id":"J","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"J","at":"2026-03-02T10:30:00Z","event":"replied"}
{"id":"K","at":"2026-02-27T09:00:00Z","event":"created"}
"#,
        "2026-03-02T10:30:00Z",
    );
    assert_eq!(counts(&r, "reply", "2026-03").pending, 1);
    assert_eq!(r.input.after_cutoff, 1);
    assert_eq!(counts(&r, "reply", "2026-02").breached, 1);
    assert_eq!(elapsed(&r, "reply", "K"), 34_200);
    assert!(!period(&r, "reply", "2026-03").complete);
}

/// Items that start outside the agreement's validity are not counted, even
/// in a period the validity cuts.
#[test]
fn items_outside_the_validity() {
    // Validity from 15 March: A (created 10 March, 3 h, breached) is
    // outside; B (16 March, 10 min) is met. March: 1 met, 0 breached.
    let source = agreement(REPLY).replace(
        "effective 2026-01-01 to 2026-12-31",
        "effective 2026-03-15 to 2026-12-31",
    );
    let r = run_from(
        &source,
        r#"{"id":"A","at":"2026-03-10T09:00:00Z","event":"created"}
{"id":"A","at":"2026-03-10T12:00:00Z","event":"replied"}
{"id":"B","at":"2026-03-16T09:00:00Z","event":"created"}
{"id":"B","at":"2026-03-16T09:10:00Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 0));
    assert_eq!(r.objectives[0].items_outside, 1);
    assert_eq!(
        period(&r, "reply", "2026-03").from.to_string(),
        "2026-03-15"
    );
}

/// Monthly credits and a quarterly bonus of one service are settled apart,
/// each for its own period and fee.
#[test]
fn settlement_periods_do_not_mix() {
    // reply: credits per month, `below 90% : 10% of monthly fee` (fee 1000).
    // fix: credits per quarter, `below 90% : 10% of quarterly fee`.
    // T1 (January) misses both; T2 (February) misses reply only.
    // January: 10% of 1000 = 100; February: 100; Q1: 10% of 3000 = 300.
    let body = r#"
  service desk "Desk" {
    hours office
    fee   GBP 1000.00 per month
  }

  objective reply "Reply" {
    measure tickets from created until replied
    goal    within 1 hour
    target  90% of tickets per month
  }

  objective fix "Resolution" {
    measure tickets from created until resolved
    goal    within 1 hour
    target  90% of tickets per quarter
  }

  credits for reply {
    below 90% : 10% of monthly fee
  }

  credits for fix per quarter {
    below 90% : 10% of quarterly fee
  }
"#;
    let r = run(
        body,
        r#"{"id":"T1","at":"2026-01-12T09:00:00Z","event":"created"}
{"id":"T1","at":"2026-01-12T12:00:00Z","event":"replied"}
{"id":"T1","at":"2026-01-12T12:00:00Z","event":"resolved"}
{"id":"T2","at":"2026-02-10T09:00:00Z","event":"created"}
{"id":"T2","at":"2026-02-10T12:00:00Z","event":"replied"}
{"id":"T2","at":"2026-02-10T09:30:00Z","event":"resolved"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let owed: Vec<[String; 3]> = r
        .settlements
        .iter()
        .map(|s| {
            [
                s.period.to_string(),
                s.amount.to_string(),
                s.fee.map(|f| f.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    assert_eq!(
        owed,
        [
            ["2026-01", "100.00", "1000.00"],
            ["2026-02", "100.00", "1000.00"],
            ["2026-Q1", "300.00", "3000.00"],
        ]
    );
}

/// A period with no met or breached item has no compliance: it meets the
/// target and earns no credit.
#[test]
fn no_data_meets_the_target() {
    let r = run(REPLY, "", "2026-03-02T00:00:00Z");
    let p = period(&r, "reply", "2026-01");
    assert_eq!(p.value, None);
    assert_eq!(p.verdict, Verdict::NoData);
    assert!(r.settlements.is_empty());
}

/// `reopened` after `resolved` accumulates the time of every cycle.
#[test]
fn reopened_cycles_add_up() {
    // L: created Mon 09:00, resolved 10:00 (1 h), reopened Tue 09:00,
    // resolved Tue 10:30 (1.5 h): 2.5 h > 2 h: breached with 9000 s.
    let body = r#"
  service desk "Desk" {
    hours office
  }

  objective fix "Resolution" {
    measure tickets from created until resolved
    goal    within 2 hours
    target  90% of tickets per month
  }
"#;
    let r = run(
        body,
        r#"{"id":"L","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"L","at":"2026-03-02T10:00:00Z","event":"resolved"}
{"id":"L","at":"2026-03-03T09:00:00Z","event":"reopened"}
{"id":"L","at":"2026-03-03T10:30:00Z","event":"resolved"}
"#,
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(elapsed(&r, "fix", "L"), 9000);
}

/// `within N business days`: from 10:00 Monday, 1 business day is due at
/// Tuesday's close; from 09:00 sharp, at Monday's close.
#[test]
fn business_days() {
    // M: Mon 10:00, replied Tue 16:59 → within (due Tue 17:00): met.
    // N: Mon 09:00, replied Tue 09:00:01 → due Mon 17:00 (8 h budget);
    // elapsed 8 h + 1 s: breached.
    let body = r#"
  service desk "Desk" {
    hours office
  }

  objective reply "Reply" {
    measure tickets from created until replied
    goal    within 1 business day
    target  90% of tickets per month
  }
"#;
    let r = run(
        body,
        r#"{"id":"M","at":"2026-03-02T10:00:00Z","event":"created"}
{"id":"M","at":"2026-03-03T16:59:00Z","event":"replied"}
{"id":"N","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"N","at":"2026-03-03T09:00:01Z","event":"replied"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 1));
    let n = &r.objectives[0].breached_items[0];
    assert_eq!(
        (n.id.as_str(), n.budget_seconds, n.elapsed_seconds),
        ("N", 28_800, 28_801)
    );
}

/// `within N business days` on `24x7`, which only a JSON rule set can say
/// (the checker never pairs them): every local date of the agreement's zone
/// is open 00:00–24:00, so the budget runs to the local midnight that ends
/// the N-th date after the start's (the start's own date only when it
/// starts at midnight), and a DST day is 23 or 25 hours, not 86,400 s.
#[test]
fn business_days_on_24x7_run_to_a_local_midnight() {
    // Q: Saturday 2026-03-28 10:00 GMT; day 1 is Sunday 29th, which springs
    // forward and ends at 2026-03-29T23:00Z (midnight BST): 14 h + 23 h =
    // 37 h = 133,200 s. Replied a second later: breached by one second.
    // R: the same start, replied at the due instant: met.
    // P: 2026-10-24T23:00Z is midnight BST starting Sunday 25th, the day
    // London falls back: day 1 is that date, 25 hours, ending at
    // 2026-10-26T00:00Z (midnight GMT): 90,000 s.
    let body = r#"
  service desk "Desk" {
  }

  objective reply "Reply" {
    measure tickets from created until replied
    goal    within 1 business day on office
    target  90% of tickets per month
  }
"#;
    let model = slate::compile(&agreement(body), &slate::Options::default()).expect("compiles");
    let mut rules = slate::rules::from_model(&model).expect("a rule set");
    assert!(rules.calendars.iter().any(|c| c.name == "24x7"));
    for o in &mut rules.objectives {
        if let slate::rules::Measure::TimeToEvent { goals, .. } = &mut o.measure {
            goals[0].calendar = "24x7".to_owned();
        }
    }
    let mut e = Events::default();
    e.read(
        "test.ndjson",
        r#"{"id":"Q","at":"2026-03-28T10:00:00Z","event":"created"}
{"id":"Q","at":"2026-03-29T23:00:01Z","event":"replied"}
{"id":"R","at":"2026-03-28T10:00:00Z","event":"created"}
{"id":"R","at":"2026-03-29T23:00:00Z","event":"replied"}
{"id":"P","at":"2026-10-24T23:00:00Z","event":"created"}
{"id":"P","at":"2026-10-26T00:00:01Z","event":"replied"}
"#,
        Format::Ndjson,
    );
    let options = Options {
        as_of: Some(
            chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
                .expect("as_of")
                .timestamp(),
        ),
        details: true,
        ..Options::default()
    };
    let r = slate::eval::evaluate(&rules, &e, &options).expect("evaluates");
    let c = counts(&r, "reply", "2026-03");
    assert_eq!((c.met, c.breached), (1, 1));
    let budgets: Vec<(&str, i64, i64)> = r.objectives[0]
        .breached_items
        .iter()
        .map(|i| (i.id.as_str(), i.budget_seconds, i.elapsed_seconds))
        .collect();
    assert_eq!(budgets, [("P", 90_000, 90_001), ("Q", 133_200, 133_201)]);
}

/// Calls: abandoned within the window and never answered are ignored; other
/// abandoned calls are breached; a call still ringing at the cut-off is
/// pending unless it has waited longer than its goal.
#[test]
fn calls() {
    let body = r#"
  service line "Line" {
  }

  objective answer "Answer" {
    measure calls from offered until answered
    ignore  abandoned within 5 seconds
    goal    within 20 seconds
    target  80% of calls per day
  }
"#;
    // P1: abandoned after 5 s: ignored. P2: abandoned after 6 s: breached.
    // P3: answered in 20 s: met. P4: ringing 10 s at the cut-off: pending.
    // P5: ringing 30 s at the cut-off: breached.
    let r = run(
        body,
        r#"{"id":"P1","at":"2026-03-02T09:00:00Z","event":"offered"}
{"id":"P1","at":"2026-03-02T09:00:05Z","event":"abandoned"}
{"id":"P2","at":"2026-03-02T09:00:00Z","event":"offered"}
{"id":"P2","at":"2026-03-02T09:00:06Z","event":"abandoned"}
{"id":"P3","at":"2026-03-02T09:00:00Z","event":"offered"}
{"id":"P3","at":"2026-03-02T09:00:20Z","event":"answered"}
{"id":"P4","at":"2026-03-02T09:59:50Z","event":"offered"}
{"id":"P5","at":"2026-03-02T09:59:30Z","event":"offered"}
"#,
        "2026-03-02T10:00:00Z",
    );
    let c = counts(&r, "answer", "2026-03-02");
    assert_eq!((c.met, c.breached, c.pending, c.ignored), (1, 2, 1, 1));
}

const UPTIME: &str = r#"
  service api "API" {
    fee GBP 3000.00 per month
  }

  objective up "Availability" {
    uptime  at least 99% per month
    exclude maintenance sunday 02:00-04:00
    exclude cause "customer"
    count   outages of at least 1 minute
  }

  credits for up {
    below 99% : 10% of monthly fee
    below 95% : 25% of monthly fee
    cap   25% of monthly fee
    cap   10% of fees per 3 months
  }
"#;

/// Availability: components united, excluded causes, maintenance, short
/// outages merged then dropped, and an outage still open at the cut-off.
#[test]
fn availability() {
    // March 2026 in London: 31 days less the hour skipped on 29 March =
    // 2,674,800 s; four Sunday maintenance windows of 2 h (1, 8, 15, 22
    // March; on the 29th, 02:00–04:00 BST is still 2 h) and one on the 29th
    // = 5 × 7200 = 36,000 s. Measured 2,638,800 s.
    // Outages: a (10:00–10:30 on the 2nd) and b (10:20–11:00) overlap:
    // united 10:00–11:00 = 3600 s. c: 40 s on the 3rd, dropped (< 1 min).
    // d and e touch (12:00:00–12:00:30, 12:00:30–12:01:00 on the 4th):
    // merged to 60 s, kept. f: cause customer, not counted. g: on Sunday
    // the 8th 02:30–03:30, inside maintenance: 0 s.
    // Down 3660 s: availability 2,635,140 / 2,638,800 = 99.861%: met.
    let r = run(
        UPTIME,
        r#"{"id":"a","at":"2026-03-02T10:00:00Z","event":"down"}
{"id":"a","at":"2026-03-02T10:30:00Z","event":"up"}
{"id":"b","at":"2026-03-02T10:20:00Z","event":"down"}
{"id":"b","at":"2026-03-02T11:00:00Z","event":"up"}
{"id":"a","at":"2026-03-03T10:00:00Z","event":"down"}
{"id":"a","at":"2026-03-03T10:00:40Z","event":"up"}
{"id":"a","at":"2026-03-04T12:00:00Z","event":"down"}
{"id":"a","at":"2026-03-04T12:00:30Z","event":"up"}
{"id":"b","at":"2026-03-04T12:00:30Z","event":"down"}
{"id":"b","at":"2026-03-04T12:01:00Z","event":"up"}
{"id":"a","at":"2026-03-05T10:00:00Z","event":"down","cause":"customer"}
{"id":"a","at":"2026-03-05T20:00:00Z","event":"up"}
{"id":"a","at":"2026-03-08T02:30:00Z","event":"down"}
{"id":"a","at":"2026-03-08T03:30:00Z","event":"up"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let p = period(&r, "up", "2026-03");
    let t = p.time.expect("time");
    assert_eq!((t.measured_seconds, t.down_seconds), (2_638_800, 3660));
    assert_eq!(p.verdict, Verdict::Met);
    assert!(r.settlements.is_empty());
}

/// Each `down` starts an outage of its own, ending at the item's next `up`;
/// an outage whose own `down` carries an excluded cause does not count, so
/// a counted outage that begins inside an excluded one counts from its own
/// `down`; overlapping outages merge, and the minimum length applies to what
/// the merging leaves (docs/semantics.md, availability).
#[test]
fn each_down_starts_its_own_outage() {
    // One component, March 2026, measured 2,638,800 s (see `availability`):
    // - Mon 2nd: `down` (customer) 10:00, `down` (hardware) 10:30, `up`
    //   11:00. The customer outage is excluded; the hardware one counts
    //   from 10:30: 1,800 s (the first `down` does not decide the cause).
    // - Tue 3rd: `down` 10:00, `down` 10:10, `up` 10:20: two outages ending
    //   at the same `up`, merged: 10:00–10:20 = 1,200 s, counted once.
    // - Wed 4th: `down` (customer) 12:00:00, `down` 12:00:30, `up` 12:01:00:
    //   the counted outage lasts 30 s, under the 1-minute minimum: 0 s.
    // - Thu 5th: 09:00:00–09:00:40 and 09:00:40–09:01:10, each under a
    //   minute, touch: merged to 70 s, kept.
    // - Fri 6th: `down` 14:00, `down` (customer) 14:10, `up` 14:30: the
    //   excluded outage inside the counted one takes nothing off: 1,800 s.
    // Down 1,800 + 1,200 + 0 + 70 + 1,800 = 4,870 s; availability
    // 2,633,930 / 2,638,800 = 99.815%.
    let r = run(
        UPTIME,
        r#"{"id":"a","at":"2026-03-02T10:00:00Z","event":"down","cause":"customer"}
{"id":"a","at":"2026-03-02T10:30:00Z","event":"down","cause":"hardware"}
{"id":"a","at":"2026-03-02T11:00:00Z","event":"up"}
{"id":"a","at":"2026-03-03T10:00:00Z","event":"down"}
{"id":"a","at":"2026-03-03T10:10:00Z","event":"down"}
{"id":"a","at":"2026-03-03T10:20:00Z","event":"up"}
{"id":"a","at":"2026-03-04T12:00:00Z","event":"down","cause":"customer"}
{"id":"a","at":"2026-03-04T12:00:30Z","event":"down"}
{"id":"a","at":"2026-03-04T12:01:00Z","event":"up"}
{"id":"a","at":"2026-03-05T09:00:00Z","event":"down"}
{"id":"a","at":"2026-03-05T09:00:40Z","event":"up"}
{"id":"a","at":"2026-03-05T09:00:40Z","event":"down"}
{"id":"a","at":"2026-03-05T09:01:10Z","event":"up"}
{"id":"a","at":"2026-03-06T14:00:00Z","event":"down"}
{"id":"a","at":"2026-03-06T14:10:00Z","event":"down","cause":"customer"}
{"id":"a","at":"2026-03-06T14:30:00Z","event":"up"}
"#,
        "2026-04-01T00:00:00Z",
    );
    let p = period(&r, "up", "2026-03");
    let t = p.time.as_ref().expect("time");
    assert_eq!((t.measured_seconds, t.down_seconds), (2_638_800, 4870));
    assert_eq!(
        p.value.as_ref().map(|v| v.percent.to_string()),
        Some("99.815".into())
    );
}

/// An outage still open at the cut-off counts up to the cut-off, and the
/// period is measured only up to it; `down` and `up` at one instant apply
/// in file order.
#[test]
fn outages_at_the_cut_off_and_at_one_instant() {
    // Cut-off Monday 2 March 12:00 (GMT): March so far is 1 day 12 h =
    // 129,600 s, less the Sunday 1 March maintenance 02:00–04:00 = 122,400 s
    // measured. Outage x: 10:00–10:30, 1,800 s. Component y goes up and then
    // down at 11:00 (file order), so it is down from 11:00 to the cut-off,
    // still open: 3,600 s. Down 5,400 s: 117,000 / 122,400 = 95.588%, so far.
    let r = run(
        UPTIME,
        r#"{"id":"x","at":"2026-03-02T10:00:00Z","event":"down"}
{"id":"x","at":"2026-03-02T10:30:00Z","event":"up"}
{"id":"y","at":"2026-03-02T11:00:00Z","event":"up"}
{"id":"y","at":"2026-03-02T11:00:00Z","event":"down"}
"#,
        "2026-03-02T12:00:00Z",
    );
    let p = period(&r, "up", "2026-03");
    let t = p.time.expect("time");
    assert_eq!((t.measured_seconds, t.down_seconds), (122_400, 5400));
    assert!(!p.complete);
    assert_eq!(
        p.value.as_ref().map(|v| v.percent.to_string()),
        Some("95.588".into())
    );
    // The same records with y's `down` written before its `up`: y's outage
    // lasts 0 s, and only x's 1,800 s count.
    let r = run(
        UPTIME,
        r#"{"id":"x","at":"2026-03-02T10:00:00Z","event":"down"}
{"id":"x","at":"2026-03-02T10:30:00Z","event":"up"}
{"id":"y","at":"2026-03-02T11:00:00Z","event":"down"}
{"id":"y","at":"2026-03-02T11:00:00Z","event":"up"}
"#,
        "2026-03-02T12:00:00Z",
    );
    let t = period(&r, "up", "2026-03").time.expect("time");
    assert_eq!(t.down_seconds, 1800);
}

/// A 40-hour outage of `a` in April and another in May (see
/// `credits_and_caps`): each month owes 750 before caps.
const APRIL_AND_MAY_OUTAGES: &str = r#"{"id":"a","at":"2026-03-31T23:00:00Z","event":"down"}
{"id":"a","at":"2026-04-02T15:00:00Z","event":"up"}
{"id":"a","at":"2026-05-05T00:00:00Z","event":"down"}
{"id":"a","at":"2026-05-06T16:00:00Z","event":"up"}
"#;

/// Credits: the lowest threshold the value falls below applies, and the
/// rolling cap counts what was issued in the earlier periods of its window.
#[test]
fn credits_and_caps() {
    // April 2026 (30 days, no clock change, 4 Sundays × 2 h maintenance):
    // measured 2,592,000 − 28,800 = 2,563,200 s. An outage of 40 h
    // (Wednesday 1 April 00:00 BST to the next day 16:00, no maintenance)
    // = 144,000 s: availability 94.382%, below 95%: 25% of 3000 = 750. The
    // rolling cap over February to April is 10% × 3 × 3000 = 900, none
    // issued before: 750.00.
    // May: 31 days less 5 Sundays' maintenance = 2,642,400 s measured, 40 h
    // down: 94.550%, 750 again; the rolling cap over March to May leaves
    // 900 − 750 = 150.00.
    let r = run(UPTIME, APRIL_AND_MAY_OUTAGES, "2026-06-01T00:00:00Z");
    assert_eq!(period(&r, "up", "2026-04").verdict, Verdict::Breached);
    let owed: Vec<[String; 3]> = r
        .settlements
        .iter()
        .map(|s| {
            [
                s.period.to_string(),
                s.total.to_string(),
                s.amount.to_string(),
            ]
        })
        .collect();
    assert_eq!(
        owed,
        [
            ["2026-04", "750.00", "750.00"],
            ["2026-05", "750.00", "150.00"]
        ]
    );
    assert_eq!(r.settlements[1].capped_by, ["10% of fee per 3 months"]);
    assert_eq!(
        r.settlements[1].lines[0]
            .value
            .as_ref()
            .map(|v| v.percent.to_string()),
        Some("94.55".to_owned())
    );
}

/// A rolling cap of a fixed amount is that amount for the whole window, less
/// what was issued in its earlier periods (before 2026-12 the fixed amount
/// was multiplied by the periods of the window, as a percentage of each
/// period's fee is).
#[test]
fn a_fixed_rolling_cap_is_for_the_whole_window() {
    // The same outages as `credits_and_caps`: 750 owed in April and in May.
    // A cap of GBP 1,000.00 per 3 months allows 750.00 in April and
    // 1000 − 750 = 250.00 in May (not 3 × 1000 − 750).
    let body = UPTIME.replace(
        "cap   10% of fees per 3 months",
        "cap   GBP 1,000.00 per 3 months",
    );
    let r = run(&body, APRIL_AND_MAY_OUTAGES, "2026-06-01T00:00:00Z");
    let owed: Vec<[String; 2]> = r
        .settlements
        .iter()
        .map(|s| [s.period.to_string(), s.amount.to_string()])
        .collect();
    assert_eq!(owed, [["2026-04", "750.00"], ["2026-05", "250.00"]]);
    assert_eq!(r.settlements[1].capped_by, ["GBP 1,000.00 per 3 months"]);
}

/// A period that ends exactly at the cut-off is over (the cut-off is an
/// exclusive end): it is complete, settled, counts towards a rolling cap,
/// and a volume's bound is decided; one second earlier none of that holds.
#[test]
fn a_period_ending_at_the_cut_off_is_settled() {
    // May ends at midnight BST: 2026-05-31T23:00:00Z. The outages are those
    // of `credits_and_caps`: April owes 750.00, May 750 capped by the
    // rolling cap to 900 - 750 = 150.00. One lead in May, below the bound 2.
    let body = format!(
        "{UPTIME}{}",
        r#"
  objective leads "Leads" {
    service api
    count   leads on lead
    at least 2 leads per month
  }
"#
    );
    let events = r#"{"id":"a","at":"2026-03-31T23:00:00Z","event":"down"}
{"id":"a","at":"2026-04-02T15:00:00Z","event":"up"}
{"id":"a","at":"2026-05-05T00:00:00Z","event":"down"}
{"id":"a","at":"2026-05-06T16:00:00Z","event":"up"}
{"id":"L1","at":"2026-05-20T09:00:00Z","event":"lead"}
"#;
    let at_the_end = run(&body, events, "2026-05-31T23:00:00Z");
    let may = period(&at_the_end, "up", "2026-05");
    assert!(may.complete);
    assert_eq!(
        may.time.map(|t| t.measured_seconds),
        Some(31 * 86_400 - 5 * 7_200)
    );
    let owed: Vec<[String; 2]> = at_the_end
        .settlements
        .iter()
        .map(|s| [s.period.to_string(), s.amount.to_string()])
        .collect();
    assert_eq!(owed, [["2026-04", "750.00"], ["2026-05", "150.00"]]);
    assert_eq!(
        period(&at_the_end, "leads", "2026-05").verdict,
        Verdict::Breached
    );

    let a_second_before = run(&body, events, "2026-05-31T22:59:59Z");
    assert!(!period(&a_second_before, "up", "2026-05").complete);
    let owed: Vec<&str> = a_second_before
        .settlements
        .iter()
        .map(|s| s.period.as_str())
        .collect();
    assert_eq!(owed, ["2026-04"]);
    assert_eq!(
        period(&a_second_before, "leads", "2026-05").verdict,
        Verdict::Pending
    );
}

/// A cap applies to the sum of all credits of its service, wherever it is
/// written: one in the credits block of `reply` caps `fix`'s credits too.
/// A rule set whose cap counts in other periods than some of the service's
/// credits are settled in is not evaluated (before 2026-12 the cap silently
/// capped only the credits of its own period length).
#[test]
fn a_cap_in_one_block_caps_all_the_service_credits() {
    // March: both objectives miss (T1: 3 h to reply and to resolve): 5% +
    // 10% of 3000 = 450, capped at 8% = 240.00.
    let body = r#"
  service desk "Desk" {
    fee GBP 3000.00 per month
  }

  objective reply "Reply" {
    measure tickets from created until replied
    goal    within 1 hour
    target  90% of tickets per month
  }

  objective fix "Resolution" {
    measure tickets from created until resolved
    goal    within 1 hour
    target  90% of tickets per month
  }

  credits for reply {
    below 90% : 5% of monthly fee
    cap   8% of monthly fee
  }

  credits for fix {
    below 90% : 10% of monthly fee
  }
"#;
    let events = r#"{"id":"T1","at":"2026-03-10T09:00:00Z","event":"created"}
{"id":"T1","at":"2026-03-10T12:00:00Z","event":"replied"}
{"id":"T1","at":"2026-03-10T12:00:00Z","event":"resolved"}
"#;
    let r = run(body, events, "2026-04-01T00:00:00Z");
    let owed: Vec<[String; 3]> = r
        .settlements
        .iter()
        .map(|s| {
            [
                s.period.to_string(),
                s.total.to_string(),
                s.amount.to_string(),
            ]
        })
        .collect();
    assert_eq!(owed, [["2026-03", "450.00", "240.00"]]);

    // The same rule set with `fix` settled per quarter: the monthly cap
    // cannot cap it, so evaluation refuses instead of leaving it uncapped.
    let model = slate::compile(&agreement(body), &slate::Options::default()).expect("compiles");
    let mut rules = slate::rules::from_model(&model).expect("a rule set");
    for o in &mut rules.objectives {
        if o.name == "fix"
            && let Some(c) = &mut o.credits
        {
            c.period = slate::rules::Period::Quarter;
        }
    }
    let mut e = Events::default();
    e.read("test.ndjson", events, Format::Ndjson);
    let err = slate::eval::evaluate(&rules, &e, &Options::default()).expect_err("refused");
    assert!(
        err.to_string()
            .contains("a cap of service `desk` counts in months"),
        "{err}"
    );
}

/// How credits are applied and claimed is stated by the contract and
/// printed with each settlement line, in every format; a credits block
/// that says nothing about claims prints nothing about them.
#[test]
fn claim_terms_are_printed_in_the_settlement() {
    let events = r#"{"id":"a","at":"2026-03-31T23:00:00Z","event":"down"}
{"id":"a","at":"2026-04-02T15:00:00Z","event":"up"}
"#;
    let stated = UPTIME.replace(
        "    cap   10% of fees per 3 months\n",
        "    cap   10% of fees per 3 months\n\n    applied on request\n    claim   within 1 month in writing\n    claim   by \"email to <billing@acme.example> | *urgent*\"\n    unclaimed credits lapse\n",
    );
    assert_ne!(stated, UPTIME);
    let r = run(&stated, events, "2026-05-01T00:00:00Z");
    let terms = [
        "applied on request",
        "claim within 1 month in writing",
        "claim by email to <billing@acme.example> | *urgent*",
        "unclaimed credits lapse",
    ];
    assert_eq!(r.settlements[0].lines[0].claims, terms);
    let text = slate::eval::to_text(&r);
    let markdown = slate::eval::to_markdown(&r);
    let html = slate::eval::to_html(&r);
    let json = slate::eval::to_json(&r);
    let lines = |s: &str, words: &[&str]| {
        s.lines()
            .filter(|l| words.iter().any(|w| l.contains(w)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    snapshot!(
        "claim_terms",
        [
            lines(&text, &["Claims for"]),
            lines(&markdown, &["laim"]),
            lines(&html, &["Claims for"]),
            lines(&json, &["claim", "applied"]),
        ]
        .join("\n")
    );
    assert!(!html.contains("<billing"), "the method is escaped in HTML");

    let unstated = run(UPTIME, events, "2026-05-01T00:00:00Z");
    assert!(unstated.settlements[0].lines[0].claims.is_empty());
    for report in [
        slate::eval::to_text(&unstated),
        slate::eval::to_markdown(&unstated),
        slate::eval::to_html(&unstated),
        slate::eval::to_json(&unstated),
    ] {
        assert!(!report.contains("claim"), "{report}");
    }
}

/// A tier above the cap is what real contracts write (Accord Project's SLA
/// template: an 11% tier under a 10% monthly cap); it checks with the
/// warning E0503, and the cap applies: 1.00 of a 10.00 fee.
#[test]
fn a_tier_above_the_cap_pays_the_cap() {
    let body = r#"
  service api "API" {
    fee GBP 10.00 per month
  }

  objective up "Availability" {
    uptime  at least 99% per month
  }

  credits for up {
    below 99% : 11% of monthly fee
    cap   10% of monthly fee
  }
"#;
    let checked = slate::check(&agreement(body));
    // The test agreement's `office` calendar is unused here (E0409).
    let codes: Vec<slate::Code> = checked
        .diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| *c != slate::Code::UnusedCalendar)
        .collect();
    assert_eq!(codes, [slate::Code::TierExceedsCap]);
    assert!(!checked.diagnostics.iter().any(|d| d.is_error()));
    // April 2026: 30 days = 2,592,000 s; 72 h down = 97.222%, below 99%.
    let r = run(
        body,
        r#"{"id":"a","at":"2026-04-06T00:00:00Z","event":"down"}
{"id":"a","at":"2026-04-09T00:00:00Z","event":"up"}
"#,
        "2026-05-01T00:00:00Z",
    );
    let owed: Vec<[String; 3]> = r
        .settlements
        .iter()
        .map(|s| {
            [
                s.period.to_string(),
                s.total.to_string(),
                s.amount.to_string(),
            ]
        })
        .collect();
    assert_eq!(owed, [["2026-04", "1.10", "1.00"]]);
    assert_eq!(r.settlements[0].capped_by, ["10% of fee per month"]);
}

/// Volumes count distinct items per period.
#[test]
fn volumes() {
    let body = r#"
  service sales "Sales" {
  }

  objective leads "Leads" {
    count   leads on lead where qualified is "yes"
    at least 2 leads per month
  }
"#;
    // March: Q1 and Q2 qualified (Q1 twice: one item), Q3 not: 2: met.
    // April so far: 1 lead: pending (the month is not over).
    let r = run(
        body,
        r#"{"id":"Q1","at":"2026-03-02T09:00:00Z","event":"lead","qualified":"yes"}
{"id":"Q1","at":"2026-03-03T09:00:00Z","event":"lead","qualified":"yes"}
{"id":"Q2","at":"2026-03-04T09:00:00Z","event":"lead","qualified":"yes"}
{"id":"Q3","at":"2026-03-04T09:00:00Z","event":"lead","qualified":"no"}
{"id":"Q4","at":"2026-04-02T09:00:00Z","event":"lead","qualified":"yes"}
"#,
        "2026-04-10T00:00:00Z",
    );
    let march = period(&r, "leads", "2026-03");
    assert_eq!((march.count, march.verdict), (Some(2), Verdict::Met));
    let april = period(&r, "leads", "2026-04");
    assert_eq!((april.count, april.verdict), (Some(1), Verdict::Pending));
}

/// The `.sla` file and its JSON rule set give the same report.
#[test]
fn sla_and_rule_set_agree() {
    let source = agreement(REPLY);
    let model = slate::compile(&source, &slate::Options::default()).expect("compiles");
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    let back = slate::rules::from_json(&json).expect("reads back");
    let mut e = Events::default();
    e.read(
        "x.ndjson",
        r#"{"id":"A","at":"2026-03-02T09:00:00Z","event":"created"}"#,
        Format::Ndjson,
    );
    let o = Options::default();
    assert_eq!(
        slate::eval::evaluate(
            &slate::rules::from_model(&model).expect("a rule set"),
            &e,
            &o
        ),
        slate::eval::evaluate(&back, &e, &o)
    );
}

mod property {
    //! Random ticket histories evaluated by the engine equal a
    //! straightforward reference that walks time minute by minute.

    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    const BODY: &str = r#"
  service desk "Desk" {
    hours office
  }

  objective fix "Resolution" {
    measure tickets from created until resolved
    pause   while status is "waiting"
    goal    priority "P1" within BUDGET1 minutes on 24x7
    goal    otherwise within BUDGET2 minutes
    target  90% of tickets per month
  }
"#;

    /// What a record does.
    #[derive(Clone, Copy, Debug)]
    enum Kind {
        Created,
        Resolved,
        Reopened,
        Waiting,
        Working,
        P1,
        P2,
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            Just(Kind::Created),
            Just(Kind::Resolved),
            Just(Kind::Reopened),
            Just(Kind::Waiting),
            Just(Kind::Working),
            Just(Kind::P1),
            Just(Kind::P2),
        ]
    }

    /// Whether the office (weekdays 09:00–17:00 London, closed 2026-03-06)
    /// is open during the minute starting at `t`, from the definition.
    fn office_open(t: i64) -> bool {
        let tz: chrono_tz::Tz = "Europe/London".parse().expect("zone");
        let local = tz
            .timestamp_opt(t, 0)
            .single()
            .expect("instant")
            .naive_local();
        let minutes = local.hour() * 60 + local.minute();
        local.weekday().num_days_from_monday() < 5
            && (9 * 60..17 * 60).contains(&minutes)
            && local.date() != chrono::NaiveDate::from_ymd_opt(2026, 3, 6).expect("date")
    }

    /// The reference: (met, breached, pending, elapsed on the goal's calendar).
    fn reference(
        records: &[(i64, Kind, usize)],
        cutoff: i64,
        budgets: (i64, i64),
    ) -> Option<(u64, u64, u64, i64)> {
        let class = |k: Kind| match k {
            Kind::Created | Kind::Reopened => 0,
            Kind::Resolved => 2,
            _ => 1,
        };
        let mut sorted: Vec<&(i64, Kind, usize)> =
            records.iter().filter(|r| r.0 < cutoff).collect();
        sorted.sort_by_key(|r| (r.0, class(r.1), r.2));
        let first = sorted.iter().find(|r| matches!(r.1, Kind::Created))?.0;
        let (mut all_time, mut office_time) = (0i64, 0i64);
        let (mut started, mut running, mut waiting) = (false, false, false);
        let mut priority = "P2";
        let mut at_stop = None;
        let mut next = 0;
        let mut t = first.min(sorted[0].0);
        while t < cutoff {
            while next < sorted.len() && sorted[next].0 <= t {
                match sorted[next].1 {
                    Kind::Created if !started => {
                        started = true;
                        running = true;
                    }
                    Kind::Reopened if started && !running => {
                        running = true;
                        at_stop = None;
                    }
                    Kind::Resolved if running => {
                        running = false;
                        at_stop = None;
                    }
                    Kind::Waiting => waiting = true,
                    Kind::Working => waiting = false,
                    Kind::P1 => priority = "P1",
                    Kind::P2 => priority = "P2",
                    _ => {}
                }
                // The attributes as they stand at the (latest) stop.
                if started && !running && at_stop.is_none() {
                    at_stop = Some(priority);
                }
                next += 1;
            }
            if started && running && !waiting {
                all_time += 60;
                if office_open(t) {
                    office_time += 60;
                }
            }
            t += 60;
        }
        let stopped = !running;
        let goal_priority = at_stop.filter(|_| stopped).unwrap_or(priority);
        let (elapsed, budget) = if goal_priority == "P1" {
            (all_time, budgets.0 * 60)
        } else {
            (office_time, budgets.1 * 60)
        };
        Some(if elapsed > budget {
            (0, 1, 0, elapsed)
        } else if stopped {
            (1, 0, 0, elapsed)
        } else {
            (0, 0, 1, elapsed)
        })
    }

    #[test]
    fn time_to_event_matches_the_reference() {
        // Anchors: a normal Monday, the Friday before British Summer Time
        // starts (29 March), the Friday before it ends (25 October).
        let anchors = [1_772_409_600_i64, 1_774_569_600, 1_792_713_600];
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 2000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        );
        let strategy = (
            0..anchors.len(),
            proptest::collection::vec((0i64..4 * 24 * 60, kind()), 1..10),
            1i64..4 * 24 * 60,
            1i64..600,
            1i64..1200,
        );
        let cache: std::cell::RefCell<
            std::collections::HashMap<(i64, i64), slate::rules::RuleSet>,
        > = std::cell::RefCell::default();
        runner
            .run(&strategy, |(anchor, events, cut, b1, b2)| {
                let base = anchors[anchor];
                let mut cache = cache.borrow_mut();
                let rules = cache.entry((b1, b2)).or_insert_with(|| {
                    let body = BODY
                        .replace("BUDGET1", &b1.to_string())
                        .replace("BUDGET2", &b2.to_string());
                    let model = slate::compile(&agreement(&body), &slate::Options::default())
                        .expect("compiles");
                    slate::rules::from_model(&model).expect("a rule set")
                });
                let records: Vec<(i64, Kind, usize)> = events
                    .iter()
                    .enumerate()
                    .map(|(i, (m, k))| (base + m * 60, *k, i))
                    .collect();
                let cutoff = base + cut * 60;
                let mut ndjson = String::new();
                for (at, k, _) in &records {
                    let stamp = chrono::DateTime::from_timestamp(*at, 0)
                        .expect("time")
                        .format("%Y-%m-%dT%H:%M:%SZ");
                    let (event, extra) = match k {
                        Kind::Created => ("created", ""),
                        Kind::Resolved => ("resolved", ""),
                        Kind::Reopened => ("reopened", ""),
                        Kind::Waiting => ("status", r#","status":"waiting""#),
                        Kind::Working => ("status", r#","status":"working""#),
                        Kind::P1 => ("status", r#","priority":"P1""#),
                        Kind::P2 => ("status", r#","priority":"P2""#),
                    };
                    ndjson.push_str(&format!(
                        "{{\"id\":\"X\",\"at\":\"{stamp}\",\"event\":\"{event}\"{extra}}}\n"
                    ));
                }
                let mut e = Events::default();
                e.read("p.ndjson", &ndjson, Format::Ndjson);
                let options = Options {
                    as_of: Some(cutoff),
                    details: true,
                    ..Options::default()
                };
                let report = slate::eval::evaluate(rules, &e, &options).expect("evaluates");
                let o = &report.objectives[0];
                let mut got = (0, 0, 0);
                for p in &o.periods {
                    let c = p.counts.expect("counts");
                    got.0 += c.met;
                    got.1 += c.breached;
                    got.2 += c.pending;
                }
                match reference(&records, cutoff, (b1, b2)) {
                    None => prop_assert_eq!(got, (0, 0, 0)),
                    Some((met, breached, pending, elapsed)) => {
                        prop_assert_eq!(got, (met, breached, pending), "{}", ndjson);
                        if breached == 1 {
                            prop_assert_eq!(
                                o.breached_items[0].elapsed_seconds,
                                elapsed,
                                "{}",
                                ndjson
                            );
                        }
                    }
                }
                Ok(())
            })
            .expect("the engine agrees with the reference");
    }
}

/// Every example ships realistic events; its report is snapshotted as text
/// and as JSON, and is the same from the JSON rule set.
#[test]
fn example_reports() {
    insta::glob!("../../examples", "*.sla", |path| {
        let report = slate_tests::example_report(path);
        assert!(report.input.unknown_items == 0 && report.input.invalid == 0);
        assert!(
            report.objectives.iter().all(|o| o
                .periods
                .iter()
                .any(|p| { p.verdict != Verdict::NoData || p.count.is_some_and(|n| n > 0) })),
            "every objective has data"
        );
        snapshot!("report", slate::eval::to_text(&report));
        // The cloud-compute example's JSON report lists 1,346 hourly
        // periods (740 KB), more than anyone can review as a snapshot;
        // `examples::cloud_compute_report_is_worked_out_by_hand` asserts
        // every one of them instead.
        if !path.ends_with("cloud-compute.sla") {
            snapshot!("report_json", slate::eval::to_json(&report));
        }
        let html = slate::eval::to_html(&report);
        assert_eq!(
            html,
            slate::eval::to_html(&slate_tests::example_report(path))
        );
        assert!(!html.contains("<script"));
    });
}

/// Evaluation cases beside the examples: `tests/data/eval/NAME.sla` with
/// `NAME.events.ndjson`, each report snapshotted as text, and the same from
/// the agreement's JSON rule set read back.
#[test]
fn eval_cases() {
    insta::glob!("../data/eval", "*.sla", |path| {
        let report = slate_tests::example_report(path);
        let model = slate_tests::model_at(path);
        let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
        slate::rules::from_json(&json).expect("the rule set reads back");
        let case = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        insta::with_settings!({ snapshot_suffix => case }, {
            snapshot!("case_report", slate::eval::to_text(&report));
        });
    });
}

/// An id or value holding line breaks cannot forge lines in the text or
/// Markdown report through the list of undeclared values: each is shown
/// as `\u{a}`, on its one line.
#[test]
fn undeclared_values_cannot_forge_report_lines() {
    let body = format!("  field priority \"P1\", \"P2\"\n  field status \"waiting\"\n{REPLY}");
    let r = run(
        &body,
        r#"{"id":"X\n\nOwed\n  nothing (forged)\n","at":"2026-03-02T09:00:00Z","event":"created","priority":"P9\nmet"}
"#,
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(r.input.undeclared, 1);
    for out in [slate::eval::to_text(&r), slate::eval::to_markdown(&r)] {
        assert!(
            !out.lines()
                .any(|l| l.trim_start().starts_with("nothing (forged)")),
            "{out}"
        );
        assert!(!out.lines().any(|l| l.trim() == "met"), "{out}");
        assert!(out.contains("\\u{a}"), "{out}");
    }
}

/// Records whose declared field holds an undeclared value are counted and
/// listed in every format of the report: a new priority in the data is
/// seen, not silently counted under `otherwise`.
#[test]
fn undeclared_values_are_counted_and_listed() {
    let body =
        format!("  field priority \"P1\", \"P2\"\n  field status \"open\", \"waiting\"\n{REPLY}");
    let r = run(
        &body,
        r#"{"id":"A","at":"2026-03-02T09:00:00Z","event":"created","priority":"P1"}
{"id":"A","at":"2026-03-02T09:30:00Z","event":"replied"}
{"id":"B","at":"2026-03-02T09:00:00Z","event":"created","priority":"Urgent"}
{"id":"B","at":"2026-03-02T15:00:00Z","event":"replied"}
{"id":"C","at":"2026-03-02T09:00:00Z","event":"created","priority":"p1"}
"#,
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(r.input.undeclared, 2);
    let listed: Vec<(&str, &str, &str)> = r
        .input
        .undeclared_records
        .iter()
        .map(|u| (u.item.as_str(), u.field.as_str(), u.value.as_str()))
        .collect();
    assert_eq!(
        listed,
        [("B", "priority", "Urgent"), ("C", "priority", "p1")]
    );
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("2 records with a value the agreement does not declare"),
        "{text}"
    );
    assert!(
        text.contains(
            "item B, event created: priority is Urgent, which the agreement does not declare"
        ),
        "{text}"
    );
    let md = slate::eval::to_markdown(&r);
    assert!(
        md.contains("2 records with a value the agreement does not declare"),
        "{md}"
    );
    assert!(
        md.contains("item `C`, event `created`: `priority` is `p1`"),
        "{md}"
    );
    let json = slate::eval::to_json(&r);
    assert!(json.contains("\"undeclared\": 2"), "{json}");
    let back: Report = serde_json::from_str(&json).expect("the report reads back");
    assert_eq!(back.input.undeclared_records, r.input.undeclared_records);
    let html = slate::eval::to_html(&r);
    assert!(
        html.contains("<code>priority</code> is <code>Urgent</code>"),
        "{html}"
    );
    // Without declarations the report says nothing of it.
    let plain = run(
        REPLY,
        r#"{"id":"B","at":"2026-03-02T09:00:00Z","event":"created","priority":"Urgent"}
"#,
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(plain.input.undeclared, 0);
    assert!(!slate::eval::to_json(&plain).contains("undeclared"));
}

/// Every report format states the Slate and time-zone database versions it
/// was made with, and the digest of the rule set it evaluated next to the
/// terms fingerprint, so that a settlement can be reproduced.
#[test]
fn reports_state_what_made_them() {
    let report = slate_tests::example_report(&slate_tests::root().join("examples/support.sla"));
    let slate_version = env!("CARGO_PKG_VERSION");
    let tzdb = chrono_tz::IANA_TZDB_VERSION;
    assert_eq!(
        (
            report.made_with.slate.as_str(),
            report.made_with.tzdb.as_str()
        ),
        (slate_version, tzdb)
    );
    assert!(report.agreement.rules_digest.starts_with("sha256:"));
    for (format, out) in [
        ("text", slate::eval::to_text(&report)),
        ("md", slate::eval::to_markdown(&report)),
        ("html", slate::eval::to_html(&report)),
        ("json", slate::eval::to_json(&report)),
    ] {
        for needle in [
            slate_version,
            tzdb,
            &report.agreement.fingerprint,
            &report.agreement.rules_digest,
        ] {
            assert!(out.contains(needle), "{format}: no `{needle}`");
        }
    }
}

/// Money in every report is written as the contract writes it (`JPY
/// 308,642`, `BHD 1,028.807`: thousands separators, the currency's minor
/// unit), and every JSON amount carries the minor unit as a decimal
/// string, exact amounts with any digits beyond it; in a currency without
/// minor unit and in one with three decimals. The HTML report shows the
/// same amounts as the text report.
#[test]
fn money_reports() {
    insta::glob!("../data/eval/money", "*.sla", |path| {
        let report = slate_tests::example_report(path);
        assert!(!report.settlements.is_empty(), "something is owed");
        let text = slate::eval::to_text(&report);
        snapshot!("money_text", text);
        snapshot!("money_md", slate::eval::to_markdown(&report));
        snapshot!("money_json", slate::eval::to_json(&report));
        let html = slate::eval::to_html(&report);
        let owed = text
            .split("\nSettlements\n")
            .nth(1)
            .expect("a Settlements section");
        let mut amounts = 0;
        for line in owed.lines() {
            let amount = match line.rsplit_once(" = ") {
                Some((_, a)) => a,
                None => line.rsplit_once(": ").map_or("", |(_, a)| a),
            };
            if amount.starts_with(report.settlements[0].currency.as_str()) {
                amounts += 1;
                assert!(html.contains(amount), "the HTML report lacks `{amount}`");
            }
        }
        assert!(amounts >= 3, "{owed}");
        // No report for people writes an amount of 1,000 or more without
        // its separators (`JPY 400000` in a payout or a tier).
        let currency = format!("{} ", report.settlements[0].currency);
        for (format, out) in [
            ("text", text.as_str()),
            ("md", &slate::eval::to_markdown(&report)),
            ("html", &html),
        ] {
            for (at, _) in out.match_indices(&currency) {
                let digits = out[at + currency.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                assert!(
                    digits <= 3,
                    "{format}: `{}`",
                    &out[at..at + currency.len() + digits]
                );
            }
        }
    });
}

/// docs/eval.md shows money as `slate eval` writes it today: the end of the
/// text report and a JSON settlement of `tests/data/eval/money/yen-rolling-cap.sla`.
#[test]
fn eval_docs_show_money_as_reported() {
    let report = slate_tests::example_report(
        &slate_tests::root().join("tests/data/eval/money/yen-rolling-cap.sla"),
    );
    let docs = std::fs::read_to_string(slate_tests::root().join("docs/eval.md")).expect("docs");
    let text = slate::eval::to_text(&report);
    let owed = text
        .split("\nSettlements\n")
        .nth(1)
        .expect("a Settlements section");
    let owed = owed
        .find("\nReport schema")
        .map_or(owed, |end| &owed[..end]);
    assert!(
        docs.contains(&format!("```text\nSettlements\n{owed}```")),
        "docs/eval.md should show:\nSettlements\n{owed}"
    );
    let settlement = serde_json::to_string_pretty(&report.settlements[1]).expect("json");
    assert!(
        docs.contains(&format!("```json\n{settlement}\n```")),
        "docs/eval.md should show:\n{settlement}"
    );
}

/// A platform and a content delivery network, each with its own
/// availability objective and its own records, on `24x7` so that April
/// 2026 measures 30 × 86,400 = 2,592,000 s. `items` is given by `items`.
fn platform_and_cdn(platform_items: &str, cdn_items: &str) -> String {
    format!(
        r#"
  service platform "Platform" {{
    hours 24x7
    fee   GBP 10,000.00 per month
  }}

  service cdn "Content delivery" {{
    hours 24x7
    fee   GBP 2,000.00 per month
  }}

  objective platform_uptime "Platform availability" {{
    service platform
    {platform_items}
  }}

  objective cdn_uptime "CDN availability" {{
    service cdn
    {cdn_items}
    uptime  at least 99.5% per month
  }}

  credits for platform_uptime {{
    below 99.9% : 10% of monthly fee
  }}

  bonus for platform_uptime {{
    at least 99.95% : 5% of monthly fee
  }}
"#
    )
}

/// An agreement with a platform and a CDN: a CDN outage no longer
/// breaches the platform and cancels its bonus. Each objective reads only
/// its own items (docs/semantics.md, availability).
#[test]
fn a_cdn_outage_does_not_breach_the_platform() {
    // April 2026: 2,592,000 s measured. The platform's `api-eu` is down
    // 600 s: 2,591,400 / 2,592,000 = 99.977%, met, and above 99.95%: the
    // bonus of 5% of GBP 10,000.00 = GBP 500.00 is earned. The CDN's
    // `edge-fra` is down 7,200 s: 2,584,800 / 2,592,000 = 99.722%, met.
    // Read by the platform too (as before `items`), the CDN outage would
    // make 7,800 s: 99.699%, a 10% credit and no bonus. `edge-ams` carries
    // no `service`: no objective reads it, and it is reported as unknown.
    let body = platform_and_cdn(
        "items   \"api-eu\", \"api-us\"\n    uptime  at least 99.9% per month",
        "items   of service",
    );
    let r = run(
        &body,
        r#"{"id":"api-eu","at":"2026-04-07T10:00:00Z","event":"down"}
{"id":"api-eu","at":"2026-04-07T10:10:00Z","event":"up"}
{"id":"edge-fra","at":"2026-04-14T08:00:00Z","event":"down","service":"cdn"}
{"id":"edge-fra","at":"2026-04-14T10:00:00Z","event":"up","service":"cdn"}
{"id":"edge-ams","at":"2026-04-15T08:00:00Z","event":"down"}
{"id":"edge-ams","at":"2026-04-15T09:00:00Z","event":"up"}
"#,
        "2026-05-01T00:00:00Z",
    );
    let platform = period(&r, "platform_uptime", "2026-04");
    let t = platform.time.expect("time");
    assert_eq!((t.measured_seconds, t.down_seconds), (2_592_000, 600));
    assert_eq!(platform.verdict, Verdict::Met);
    let cdn = period(&r, "cdn_uptime", "2026-04");
    let t = cdn.time.expect("time");
    assert_eq!(t.down_seconds, 7200);
    assert_eq!(
        cdn.value.as_ref().map(|v| v.percent.to_string()),
        Some("99.722".to_owned())
    );
    let owed: Vec<[String; 3]> = r
        .settlements
        .iter()
        .filter(|s| s.period == "2026-04")
        .map(|s| {
            [
                s.service.to_string(),
                s.kind.to_string(),
                s.amount.to_string(),
            ]
        })
        .collect();
    assert_eq!(owed, [["platform", "bonus", "500.00"]]);
    assert_eq!(r.input.unknown_item_ids, ["edge-ams"]);
    // `api-us` is named but has no record: said, not silently 100%.
    let platform = r
        .objectives
        .iter()
        .find(|o| o.name == "platform_uptime")
        .expect("platform");
    assert_eq!(platform.items_without_records, ["api-us"]);
}

/// `items of service` reads the items whose `service` is the objective's;
/// an item whose records disagree belongs to the service its latest record
/// (in time, not in the file) gives, so it counts against one objective,
/// never two.
#[test]
fn items_of_service_selects_by_the_records_service() {
    // April 2026, 2,592,000 s. `web-1` (platform) is down 900 s; `edge-lon`
    // went down tagged `platform` and came up tagged `cdn` (written first
    // in the file, but later in time): its 1,800 s count for the CDN only.
    // Platform: 2,591,100 / 2,592,000 = 99.965%; CDN: 2,590,200 /
    // 2,592,000 = 99.931%.
    let body = platform_and_cdn(
        "items   of service\n    uptime  at least 99.9% per month",
        "items   of service",
    );
    let r = run(
        &body,
        r#"{"id":"edge-lon","at":"2026-04-20T12:30:00Z","event":"up","service":"cdn"}
{"id":"web-1","at":"2026-04-02T01:00:00Z","event":"down","service":"platform"}
{"id":"web-1","at":"2026-04-02T01:15:00Z","event":"up"}
{"id":"edge-lon","at":"2026-04-20T12:00:00Z","event":"down","service":"platform"}
"#,
        "2026-05-01T00:00:00Z",
    );
    let platform = period(&r, "platform_uptime", "2026-04");
    assert_eq!(platform.time.expect("time").down_seconds, 900);
    assert_eq!(
        platform.value.as_ref().map(|v| v.percent.to_string()),
        Some("99.965".to_owned())
    );
    let cdn = period(&r, "cdn_uptime", "2026-04");
    assert_eq!(cdn.time.expect("time").down_seconds, 1800);
    assert!(r.input.unknown_item_ids.is_empty());
}

/// `items` chooses the objective's item streams first; `where` then
/// restricts among them by their attributes.
#[test]
fn where_restricts_among_the_named_items() {
    // April 2026, 2,592,000 s. Named: `api-eu` (production,
    // down 300 s) and `api-us` (staging: `where` leaves it out, though
    // named). `api-ap` is production but not named: not the platform's.
    // One component, api-eu: 2,591,700 / 2,592,000 = 99.988%.
    let body = platform_and_cdn(
        "items   \"api-eu\",\n            \"api-us\"\n    uptime  at least 99.9% per month where tier is \"production\"",
        "items   of service",
    );
    let r = run(
        &body,
        r#"{"id":"api-eu","at":"2026-04-03T09:00:00Z","event":"down","tier":"production"}
{"id":"api-eu","at":"2026-04-03T09:05:00Z","event":"up"}
{"id":"api-us","at":"2026-04-03T10:00:00Z","event":"down","tier":"staging"}
{"id":"api-us","at":"2026-04-03T14:00:00Z","event":"up"}
{"id":"api-ap","at":"2026-04-04T10:00:00Z","event":"down","tier":"production"}
{"id":"api-ap","at":"2026-04-04T14:00:00Z","event":"up"}
"#,
        "2026-05-01T00:00:00Z",
    );
    let platform = period(&r, "platform_uptime", "2026-04");
    assert_eq!(platform.time.expect("time").down_seconds, 300);
    assert_eq!(
        platform.value.as_ref().map(|v| v.percent.to_string()),
        Some("99.988".to_owned())
    );
    // `api-us` is named by the platform, so it is read (and left out by
    // `where`); `api-ap` is read by no objective, and reported.
    assert_eq!(r.input.unknown_item_ids, ["api-ap"]);
}

/// A cap that is a percentage of a fee the service does not have cannot be
/// computed: evaluation of a rule set built in code refuses it, where it
/// used to read it as no cap at all and pay the credits uncapped. (Reading
/// a rule set refuses it first: `tests/data/rules/read/`.)
#[test]
fn a_cap_that_cannot_be_computed_is_refused() {
    let body = r#"
  service desk "Desk" {
    fee GBP 1,000.00 per month
  }

  objective reply "Reply" {
    measure tickets from created until replied
    goal    within 1 hour
    target  90% of tickets per month
  }

  credits for reply {
    below 90% : GBP 500.00
    cap   10% of monthly fee
  }
"#;
    let model = slate::compile(&agreement(body), &slate::Options::default()).expect("compiles");
    let mut rules = slate::rules::from_model(&model).expect("a rule set");
    rules.services[0].fee = None;
    let mut e = Events::default();
    e.read(
        "test.ndjson",
        r#"{"id":"A","at":"2026-01-05T10:00:00Z","event":"created"}
{"id":"A","at":"2026-01-05T12:00:00Z","event":"replied"}
"#,
        Format::Ndjson,
    );
    let options = Options {
        as_of: Some(
            chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
                .expect("as_of")
                .timestamp(),
        ),
        ..Options::default()
    };
    let err = slate::eval::evaluate(&rules, &e, &options).expect_err("refused");
    // Refused before evaluating, for what reading the rule set refuses.
    assert_eq!(
        err.to_string(),
        "the rule set states what no agreement can: `services[0].credit_caps[0].amount`: a percentage of the fee of service `desk` cannot be computed: it has no fee"
    );
}

/// The text, Markdown and HTML reports are one document tree rendered three
/// ways, so each states every fact any of them states: the input's files,
/// each objective's service, each component, each breached item with its
/// start, goal and state, and each settlement's fee, total before caps,
/// caps and claims. Before the tree, the text report named no file and no
/// goal, and the Markdown report no component and no fee.
#[test]
fn every_report_format_states_the_same_facts() {
    for path in [
        "examples/support.sla",
        "examples/saas.sla",
        "examples/cloud-usage.sla",
        "tests/data/eval/one-component.sla",
        "tests/data/eval/money/yen-rolling-cap.sla",
    ] {
        let report = slate_tests::example_report(&slate_tests::root().join(path));
        let mut facts: Vec<String> = report.input.files.iter().map(|f| f.name.clone()).collect();
        for o in &report.objectives {
            facts.push(o.service.clone());
            for p in &o.periods {
                facts.extend(p.components.iter().map(|c| c.id.clone()));
            }
            for b in &o.breached_items {
                facts.push(b.id.clone());
                facts.push(b.start.to_string());
            }
            if !o.breached_items.is_empty() {
                facts.extend(["Goal", "stopped"].map(str::to_owned));
            }
        }
        for st in &report.settlements {
            if st.fee.is_some() {
                facts.push(format!("Fee for the period: {} ", st.currency));
            }
            facts.extend(st.bill.iter().map(|b| b.file.clone()));
            if st.withheld.is_some() {
                facts.push("below the minimum".to_owned());
            }
            facts.push(format!("Total before caps: {} ", st.currency));
            facts.extend(st.capped_by.iter().map(|c| format!("Capped at {c}")));
            for l in st.lines.iter().filter(|l| !l.claims.is_empty()) {
                facts.push(format!("Claims for {}: ", l.objective));
            }
        }
        for (format, out) in [
            ("text", slate::eval::to_text(&report)),
            ("md", slate::eval::to_markdown(&report)),
            ("html", slate::eval::to_html(&report)),
        ] {
            for fact in &facts {
                assert!(out.contains(fact.as_str()), "{path}, {format}: no `{fact}`");
            }
        }
    }
}
