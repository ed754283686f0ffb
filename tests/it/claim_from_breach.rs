//! Claim windows that run from each breach (`claim within 5 business days
//! on office_hours of each breach`, `claim within 10 days of each
//! breach`) on hand-worked data: docs/semantics.md §7, "Claim windows".
//! A breached item breached at the first instant its elapsed time reached
//! its budget (a due-date item: at its due instant); a line's deadline is
//! the earliest of its period's breaches'. Every expected instant is
//! worked out in a comment.
//!
//! Europe/London is on GMT (+00:00) until Sunday 29 March 2026, 01:00 UTC,
//! then on BST (+01:00). `office_hours` is Monday to Friday 09:00-17:00
//! London time.

use slate::eval::Options;

const AGREEMENT: &str = r#"agreement "Claims from each breach" {
  id        "CB"
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

  calendar office_hours "Office hours" {
    timezone "Europe/London"
    monday to friday 09:00-17:00
  }

  service desk "Service desk" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  objective respond "Resolve" {
    service desk
    measure incidents from created until resolved
    pause   while status is "hold"
    clock   24x7
    goal    within 1 hour
    target  90% of incidents per month
  }

  credits for respond {
    below 90% : 10% of monthly fee
    CLAIM
  }

  objective on_time "Deliverables on time" {
    service desk
    measure deliverables from assigned until delivered
    due by  due_date
    target  100% of deliverables per month
  }

  credits for on_time {
    below 100% : 5% of monthly fee
    CLAIM
  }
}
"#;

/// Each settled month's lines, as (period, objective, claim deadline), for
/// `events` under the claim window `claim` (both objectives state it).
fn deadlines(claim: &str, events: &str) -> Vec<(String, String, Option<String>)> {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    let source = AGREEMENT.replace("CLAIM", claim);
    let report = slate_tests::evaluate_source("breach.sla", &source, events, &options);
    report
        .settlements
        .iter()
        .flat_map(|s| {
            s.lines.iter().map(|l| {
                (
                    s.period.clone(),
                    l.objective.clone(),
                    l.claim_deadline.clone(),
                )
            })
        })
        .collect()
}

fn line(period: &str, objective: &str, deadline: &str) -> (String, String, Option<String>) {
    (
        period.to_owned(),
        objective.to_owned(),
        Some(deadline.to_owned()),
    )
}

/// Business days from a breach, across a weekend and the change to
/// summer time; a due-date item breaches at its due instant.
#[test]
fn business_days_from_each_breach_cross_a_weekend_and_the_clocks() {
    // R1 is created Thursday 2026-03-26T15:00Z and resolved at 17:00Z: its
    // hour's budget was used up at 16:00Z (16:00 GMT), after Thursday's
    // opening, so day 1 is the next open date, Friday 27 March; then
    // Monday 30 March (now BST), Tuesday 31, Wednesday 1 April and day 5
    // Thursday 2 April, which closes at 17:00 BST = 2026-04-02T16:00Z.
    // D1 is due on Friday 2026-03-27, so at the midnight that ends it,
    // Saturday 2026-03-28T00:00Z, and delivered on the 31st: breached at
    // that midnight. Saturday and Sunday are not open, so day 1 is Monday
    // 30 March and day 5 Friday 3 April, closing at 17:00 BST.
    // Each objective's compliance is 0 of 1, below target: both pay.
    let events = r#"{"id":"R1","at":"2026-03-26T15:00:00Z","event":"created"}
{"id":"R1","at":"2026-03-26T17:00:00Z","event":"resolved"}
{"id":"D1","at":"2026-03-02T09:00:00Z","event":"assigned","due_date":"2026-03-27"}
{"id":"D1","at":"2026-03-31T10:00:00Z","event":"delivered"}
"#;
    assert_eq!(
        deadlines(
            "claim within 5 business days on office_hours of each breach",
            events
        ),
        [
            line("2026-03", "respond", "2026-04-02T17:00:00+01:00"),
            line("2026-03", "on_time", "2026-04-03T17:00:00+01:00"),
        ]
    );
}

/// Calendar days from a breach: day 1 is the breach's own date only when
/// the breach is at its midnight; with two breaches, the earliest decides.
#[test]
fn calendar_days_from_each_breach_and_the_earliest_of_two() {
    // January: A1 created 2026-01-09T23:00Z, resolved at 01:00Z: its budget
    // ran out at 2026-01-10T00:00Z, the midnight that starts 10 January,
    // so day 1 is 10 January and day 10 is 19 January, ended by the
    // midnight 2026-01-20T00:00Z.
    // February: B1 breached at 2026-02-10T10:00Z (day 1 is 11 February,
    // day 10 the 20th: 2026-02-21T00:00Z) and B2 at 2026-02-03T15:00Z, in
    // mid-afternoon (day 1 is 4 February, day 10 the 13th: ended by
    // 2026-02-14T00:00Z). The earlier breach, B2's, gives the deadline,
    // though B1 comes first in the file and by id.
    // March: C1 breached at noon, 2026-03-10T12:00Z: day 1 is 11 March,
    // day 10 the 20th, ended by 2026-03-21T00:00Z, a day later than a
    // breach at the midnight that starts 10 March would have.
    let events = r#"{"id":"A1","at":"2026-01-09T23:00:00Z","event":"created"}
{"id":"A1","at":"2026-01-10T01:00:00Z","event":"resolved"}
{"id":"B1","at":"2026-02-10T09:00:00Z","event":"created"}
{"id":"B1","at":"2026-02-10T11:00:00Z","event":"resolved"}
{"id":"B2","at":"2026-02-03T14:00:00Z","event":"created"}
{"id":"B2","at":"2026-02-03T16:00:00Z","event":"resolved"}
{"id":"C1","at":"2026-03-10T11:00:00Z","event":"created"}
{"id":"C1","at":"2026-03-10T13:00:00Z","event":"resolved"}
"#;
    assert_eq!(
        deadlines("claim within 10 days of each breach", events),
        [
            line("2026-01", "respond", "2026-01-20T00:00:00Z"),
            line("2026-02", "respond", "2026-02-14T00:00:00Z"),
            line("2026-03", "respond", "2026-03-21T00:00:00Z"),
        ]
    );
}

/// The breach instant across a pause and a reopening, to the second,
/// seen through a window of business hours.
#[test]
fn a_pause_and_a_reopening_move_the_breach() {
    // January: P1 created Monday 2026-01-12T09:00Z, on hold 09:40–11:00,
    // resolved 12:00Z: 40 minutes, then the 20 minutes left of the hour
    // from 11:00, so the budget was used up at 11:20Z (elapsed 100
    // minutes > 60: breached). Two business hours later: 13:20Z.
    // February: P2 created Monday 2026-02-02T09:00Z, on hold at 10:00Z,
    // exactly when its hour ran out, active again at 11:00Z, resolved at
    // 11:30Z (90 minutes: breached). The budget was used up at 10:00Z,
    // not at 11:00Z when the clock ran again: deadline 12:00Z.
    // March: Q1 created Monday 2026-03-02T09:00Z, resolved 09:30Z,
    // reopened 15:00Z, resolved 16:00Z: 30 + 60 minutes; the budget was
    // used up 30 minutes into the second cycle, 15:30Z. Two business
    // hours: 1.5 until Monday's close at 17:00, 0.5 from Tuesday's
    // opening: 2026-03-03T09:30Z.
    let events = r#"{"id":"P1","at":"2026-01-12T09:00:00Z","event":"created"}
{"id":"P1","at":"2026-01-12T09:40:00Z","event":"status","status":"hold"}
{"id":"P1","at":"2026-01-12T11:00:00Z","event":"status","status":"active"}
{"id":"P1","at":"2026-01-12T12:00:00Z","event":"resolved"}
{"id":"P2","at":"2026-02-02T09:00:00Z","event":"created"}
{"id":"P2","at":"2026-02-02T10:00:00Z","event":"status","status":"hold"}
{"id":"P2","at":"2026-02-02T11:00:00Z","event":"status","status":"active"}
{"id":"P2","at":"2026-02-02T11:30:00Z","event":"resolved"}
{"id":"Q1","at":"2026-03-02T09:00:00Z","event":"created"}
{"id":"Q1","at":"2026-03-02T09:30:00Z","event":"resolved"}
{"id":"Q1","at":"2026-03-02T15:00:00Z","event":"reopened"}
{"id":"Q1","at":"2026-03-02T16:00:00Z","event":"resolved"}
"#;
    assert_eq!(
        deadlines(
            "claim within 2 business hours on office_hours of each breach",
            events
        ),
        [
            line("2026-01", "respond", "2026-01-12T13:20:00Z"),
            line("2026-02", "respond", "2026-02-02T12:00:00Z"),
            line("2026-03", "respond", "2026-03-03T09:30:00Z"),
        ]
    );
}

/// A period that pays nothing has no line, so no deadline; a breach that
/// does not bring compliance below the target pays nothing.
#[test]
fn a_period_that_pays_nothing_has_no_deadline() {
    // January: ten incidents, one breached (E0 at 2026-01-05T10:00Z):
    // 9 of 10 = 90%, not below 90%: no credit, no line.
    let mut events = String::new();
    for i in 0..10 {
        let resolved = if i == 0 { "11:00" } else { "09:30" };
        events.push_str(&format!(
            "{{\"id\":\"E{i}\",\"at\":\"2026-01-05T09:00:00Z\",\"event\":\"created\"}}\n{{\"id\":\"E{i}\",\"at\":\"2026-01-05T{resolved}:00Z\",\"event\":\"resolved\"}}\n"
        ));
    }
    assert_eq!(
        deadlines("claim within 10 days of each breach", &events),
        []
    );
}

/// Calls: a call abandoned late breached when it was abandoned, unless its
/// budget ran out first; a call never answered breached when its budget
/// ran out, though it is measured to the cut-off.
#[test]
fn abandoned_and_unanswered_calls() {
    let source = AGREEMENT
        .replace(
            "incidents from created until resolved",
            "calls from offered until answered",
        )
        .replace(
            "    pause   while status is \"hold\"\n",
            "    ignore  abandoned within 5 seconds\n",
        )
        .replace("goal    within 1 hour", "goal    within 20 seconds")
        .replace("90% of incidents", "90% of calls")
        .replace(
            "CLAIM",
            "claim within 2 business hours on office_hours of each breach",
        );
    // January: K5 offered Friday 2026-01-30T16:59:50Z and never answered:
    // its 20 seconds ran out at 17:00:10Z, after Friday's close, so the
    // two business hours are Monday 2 February's first: 11:00Z.
    // February: K3 offered Monday 2026-02-02T10:00:00Z, abandoned at
    // 10:00:30Z (after 30 s, so not ignored): its budget ran out at
    // 10:00:20Z, before the abandonment, which is its breach: 12:00:20Z.
    // March: K1 offered Monday 2026-03-02T10:00:00Z, abandoned at 10:00:10Z,
    // within its 20 seconds but after the 5 ignored: breached when it was
    // abandoned, 10:00:10Z; K2 answered after 60 s breached at 11:00:20Z,
    // later. Deadline 12:00:10Z.
    let events = r#"{"id":"K1","at":"2026-03-02T10:00:00Z","event":"offered"}
{"id":"K1","at":"2026-03-02T10:00:10Z","event":"abandoned"}
{"id":"K2","at":"2026-03-02T11:00:00Z","event":"offered"}
{"id":"K2","at":"2026-03-02T11:01:00Z","event":"answered"}
{"id":"K3","at":"2026-02-02T10:00:00Z","event":"offered"}
{"id":"K3","at":"2026-02-02T10:00:30Z","event":"abandoned"}
{"id":"K5","at":"2026-01-30T16:59:50Z","event":"offered"}
"#;
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    let report = slate_tests::evaluate_source("calls.sla", &source, events, &options);
    let got: Vec<_> = report
        .settlements
        .iter()
        .flat_map(|s| {
            s.lines.iter().map(|l| {
                (
                    s.period.clone(),
                    l.objective.clone(),
                    l.claim_deadline.clone(),
                )
            })
        })
        .collect();
    assert_eq!(
        got,
        [
            line("2026-01", "respond", "2026-02-02T11:00:00Z"),
            line("2026-02", "respond", "2026-02-02T12:00:20Z"),
            line("2026-03", "respond", "2026-03-02T12:00:10Z"),
        ]
    );
}
