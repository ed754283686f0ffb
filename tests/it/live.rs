//! The live view a monitor serves (`slate::eval::live`): open items with
//! their clocks on the contract's calendar, the current period as the
//! report writes it, an availability objective's error budget, and which
//! items are final. Every figure is worked by hand in a comment.
//!
//! Europe/London is on GMT (+00:00) in early March 2026, so local times
//! are the UTC times written. Monday 2 March 2026; `office` is Monday to
//! Friday 09:00-17:00.

use slate::eval::live::{self, ErrorBudget, OpenItem};
use slate::eval::{Events, Format, Options};
use slate_tests::instant as at;

const AGREEMENT: &str = r#"agreement "Live" {
  id        "LIVE"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  calendar office "Office hours" {
    timezone "Europe/London"
    monday to friday 09:00-17:00
  }

  service desk "Service desk" {
    hours office
  }

  objective resolve "Resolution" {
    service desk
    measure tickets from created until resolved
    pause   while status is "waiting"
    clock   office
    goal    priority "P1" within 1 hour
    goal    otherwise within 4 hours
    target  90% of tickets per month
  }

  objective on_time "Deliverables on time" {
    service desk
    measure deliverables from assigned until delivered
    due by  due_date
    target  100% of deliverables per month
  }

  objective uptime "Availability" {
    service desk
    uptime  at least 99% per month
    clock   office
  }
}
"#;

fn events(text: &str) -> Events {
    let mut e = Events::default();
    e.read("live.ndjson", text, Format::Ndjson);
    assert_eq!(e.invalid, Vec::new());
    e
}

fn rules() -> slate::rules::RuleSet {
    slate_tests::read_back("live.sla", AGREEMENT)
}

const RECORDS: &str = r#"{"id":"T1","at":"2026-03-06T16:30:00Z","event":"created","priority":"P1"}
{"id":"T2","at":"2026-03-09T09:00:00Z","event":"created","priority":"P2"}
{"id":"T2","at":"2026-03-09T10:00:00Z","event":"updated","status":"waiting"}
{"id":"T3","at":"2026-03-09T09:00:00Z","event":"created","priority":"P2"}
{"id":"T4","at":"2026-03-09T09:00:00Z","event":"created","priority":"P1"}
{"id":"T4","at":"2026-03-09T09:20:00Z","event":"resolved"}
{"id":"web","at":"2026-03-02T10:00:00Z","event":"down"}
{"id":"web","at":"2026-03-02T10:30:00Z","event":"up"}
{"id":"D1","at":"2026-03-02T09:00:00Z","event":"assigned","due_date":"2026-03-10"}
{"id":"D2","at":"2026-03-02T09:00:00Z","event":"assigned","due_date":"2026-03-05"}
{"id":"D2","at":"2026-03-04T12:00:00Z","event":"delivered"}
"#;

#[test]
fn open_items_carry_their_clock_on_the_contracts_calendar() {
    let rules = rules();
    let e = events(RECORDS);
    let view = live::live(&rules, &e, None, at("2026-03-09T14:00:00Z")).unwrap();
    let item = |id: &str| -> &OpenItem {
        view.items
            .iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("{id} is not open: {:?}", view.items))
    };
    // T1, P1 (1 hour on office), created Friday 16:30: Friday 16:30-17:00
    // is 1,800 s, Monday 09:00-14:00 is 18,000 s: 19,800 s, breached when
    // the 3,600th second passed: Monday 09:30.
    assert_eq!(
        item("T1"),
        &OpenItem {
            objective: "resolve".to_owned(),
            service: "desk".to_owned(),
            id: "T1".to_owned(),
            goal: 1,
            start: at("2026-03-06T16:30:00Z"),
            elapsed_seconds: 19_800,
            budget_seconds: 3_600,
            running: true,
            due: Some(at("2026-03-09T09:30:00Z")),
        }
    );
    // T2, 4 hours, ran 09:00-10:00 and is paused since: 3,600 s, no due
    // instant while it waits.
    let t2 = item("T2");
    assert_eq!(
        (
            t2.goal,
            t2.elapsed_seconds,
            t2.budget_seconds,
            t2.running,
            t2.due
        ),
        (2, 3_600, 14_400, false, None)
    );
    // T3, 4 hours from 09:00: 18,000 s by 14:00, breached at 13:00.
    let t3 = item("T3");
    assert_eq!(
        (t3.elapsed_seconds, t3.running, t3.due),
        (18_000, true, Some(at("2026-03-09T13:00:00Z")))
    );
    // D1 is due at the midnight that ends 10 March: 11 March 00:00. It is
    // timed in real seconds: 7 days 5 hours since its start (622,800 s) of
    // 8 days 15 hours (745,200 s).
    assert_eq!(
        item("D1"),
        &OpenItem {
            objective: "on_time".to_owned(),
            service: "desk".to_owned(),
            id: "D1".to_owned(),
            goal: 1,
            start: at("2026-03-02T09:00:00Z"),
            elapsed_seconds: 622_800,
            budget_seconds: 745_200,
            running: true,
            due: Some(at("2026-03-11T00:00:00Z")),
        }
    );
    // T4 and D2 were done: not open. The availability records are no
    // tickets.
    assert_eq!(view.items.len(), 4, "{:?}", view.items);
}

#[test]
fn a_running_item_is_due_where_its_budget_runs_out_on_the_calendar() {
    let rules = rules();
    let e = events(RECORDS);
    // Monday 09:15: T1 has used Friday's 1,800 s and Monday's 900 s, 75% of
    // its hour; the 900 s left run out at 09:30.
    let view = live::live(&rules, &e, None, at("2026-03-09T09:15:00Z")).unwrap();
    let t1 = view.items.iter().find(|i| i.id == "T1").unwrap();
    assert_eq!(
        (t1.elapsed_seconds, t1.due),
        (2_700, Some(at("2026-03-09T09:30:00Z")))
    );
    // Friday 16:45, 900 s used: of the 2,700 s left, Friday's last 900 s
    // run to 17:00, the calendar is closed over the weekend, and Monday's
    // 09:00-09:30 gives the other 1,800 s.
    let view = live::live(&rules, &e, None, at("2026-03-06T16:45:00Z")).unwrap();
    let t1 = view.items.iter().find(|i| i.id == "T1").unwrap();
    assert_eq!(
        (t1.elapsed_seconds, t1.due),
        (900, Some(at("2026-03-09T09:30:00Z")))
    );
}

#[test]
fn the_current_period_is_the_reports_and_availability_has_an_error_budget() {
    let rules = rules();
    let e = events(RECORDS);
    let as_of = at("2026-03-09T14:00:00Z");
    let view = live::live(&rules, &e, None, as_of).unwrap();
    let report = slate::eval::evaluate(
        &rules,
        &e,
        &Options {
            as_of: Some(as_of),
            ..Options::default()
        },
    )
    .unwrap();
    for (o, r) in view.objectives.iter().zip(&report.objectives) {
        assert_eq!(o.name, r.name);
        // March is the last period the report has, and the live view's.
        assert_eq!(o.period.as_ref(), r.periods.last(), "{}", o.name);
        assert_eq!(o.period.as_ref().map(|p| p.label.as_str()), Some("2026-03"));
    }
    // March 2026 has 22 weekdays of 8 office hours: 633,600 s; 1% of it
    // may be down: 6,336 s. The outage 10:00-10:30 on Monday 2 March is
    // 1,800 s.
    let uptime = view.objectives.iter().find(|o| o.name == "uptime").unwrap();
    assert_eq!(
        uptime.error_budget,
        Some(ErrorBudget {
            allowed_seconds: 6_336,
            down_seconds: 1_800
        })
    );
    let resolve = view
        .objectives
        .iter()
        .find(|o| o.name == "resolve")
        .unwrap();
    assert_eq!(resolve.error_budget, None);
}

#[test]
fn items_are_final_once_closed_before_the_boundary() {
    let rules = rules();
    // The boundary in April is 1 April 00:00 (BST: 31 March 23:00Z), the
    // start of both objectives' month.
    let b = live::boundary(&rules, at("2026-04-10T12:00:00Z"));
    assert_eq!(b, at("2026-03-31T23:00:00Z"));
    let more = format!(
        "{RECORDS}{}",
        r#"{"id":"T5","at":"2026-03-31T23:30:00Z","event":"created","priority":"P2"}
{"id":"T6","at":"2026-03-10T09:00:00Z","event":"created","priority":"P2"}
{"id":"T6","at":"2026-03-10T10:00:00Z","event":"resolved"}
{"id":"T6","at":"2026-03-11T10:00:00Z","event":"reopened"}
{"id":"db","at":"2026-03-12T10:00:00Z","event":"down"}
"#
    );
    let e = events(&more);
    let open: Vec<String> = live::unsettled(&rules, &e, b)
        .unwrap()
        .into_iter()
        .collect();
    // T1, T2, T3 are open; T4 resolved (final); T5 has a record after the
    // boundary; T6 was reopened and not resolved again; `db` is down;
    // `web` came back up (final); D1 is not delivered; D2 was delivered
    // and due on 5 March (final).
    assert_eq!(open, ["D1", "T1", "T2", "T3", "T5", "T6", "db"]);
}

/// A ticket whose budget ran out exactly as the office closed: at the
/// weekend its elapsed time equals its budget, met so far, and it is due
/// where the budget was spent, not at the cut-off (which moves with the
/// clock while the office is closed).
#[test]
fn an_item_spent_to_the_second_is_due_where_it_was_spent() {
    let rules = rules();
    // T5, P1 (1 hour on office), created Friday 6 March 16:00: the hour
    // 16:00-17:00 is all of its budget, spent at 17:00.
    let e = events(
        r#"{"id":"T5","at":"2026-03-06T16:00:00Z","event":"created","priority":"P1"}
"#,
    );
    for cutoff in ["2026-03-07T12:00:00Z", "2026-03-08T20:00:00Z"] {
        let view = live::live(&rules, &e, None, at(cutoff)).unwrap();
        let t5 = view.items.iter().find(|i| i.id == "T5").unwrap();
        assert_eq!(
            (t5.elapsed_seconds, t5.budget_seconds, t5.running, t5.due),
            (3_600, 3_600, true, Some(at("2026-03-06T17:00:00Z"))),
            "as of {cutoff}"
        );
    }
}
