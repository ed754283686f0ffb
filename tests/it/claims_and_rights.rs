//! Claim windows (`claim within 5 business days on office_hours`, `claim by
//! the end of the 2nd month after the period`, `… of each breach`) on
//! hand-worked data: docs/semantics.md, "Readings of the new measures and
//! remedies", claim deadlines. Every expected instant is worked out in a
//! comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::Report;

const AGREEMENT: &str = r#"agreement "Claims appendix" {
  id        "CL"
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

  objective respond "Respond" {
    service desk
    measure incidents from created until responded
    clock   24x7
    goal    within 1 hour
    target  90% of incidents per month
  }

  credits for respond {
    below 90% : 10% of monthly fee
    CLAIM
  }
}
"#;

// January and February each have one breach in two incidents (50% < 90%),
// so each month's tier pays GBP 100.00 and carries a claim deadline.
const EVENTS: &str = r#"{"id":"A1","at":"2026-01-05T09:00:00Z","event":"created"}
{"id":"A1","at":"2026-01-05T09:30:00Z","event":"responded"}
{"id":"A2","at":"2026-01-06T09:00:00Z","event":"created"}
{"id":"A2","at":"2026-01-06T11:00:00Z","event":"responded"}
{"id":"B1","at":"2026-02-05T09:00:00Z","event":"created"}
{"id":"B1","at":"2026-02-05T12:00:00Z","event":"responded"}
{"id":"B2","at":"2026-02-06T09:00:00Z","event":"created"}
{"id":"B2","at":"2026-02-06T09:10:00Z","event":"responded"}
"#;

/// The agreement with `claim` in its credits block; the calendar is left
/// out when the claim does not use it (an unused calendar is warned of).
fn source(claim: &str) -> String {
    let s = AGREEMENT.replace("CLAIM", claim);
    if claim.contains("office_hours") {
        s
    } else {
        s.replace(
            "  calendar office_hours \"Office hours\" {\n    timezone \"Europe/London\"\n    monday to friday 09:00-17:00\n  }\n\n",
            "",
        )
    }
}

fn report(claim: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("claims.sla", &source(claim), EVENTS, &options)
}

/// The claim deadline of each settled month, in order.
fn deadlines(claim: &str) -> Vec<(String, Option<String>)> {
    report(claim)
        .settlements
        .iter()
        .map(|s| {
            let line = s
                .lines
                .first()
                .unwrap_or_else(|| panic!("no line in {}", s.period));
            (s.period.clone(), line.claim_deadline.clone())
        })
        .collect()
}

fn pair(period: &str, deadline: &str) -> (String, Option<String>) {
    (period.to_owned(), Some(deadline.to_owned()))
}

/// Calendar days from the end of the period (existing syntax, deadline new).
#[test]
fn thirty_days_run_from_the_midnight_that_ends_the_month() {
    // January ends 2026-02-01T00:00 (London, GMT): that midnight starts
    // day 1 (1 February). Day 28 is 28 February, day 29 1 March, day 30
    // 2 March; the midnight that ends it is 2026-03-03T00:00Z.
    // February ends 2026-03-01T00:00: day 30 is 30 March; the midnight that
    // ends it is 31 March, after the clocks went forward on 29 March, so
    // 2026-03-31T00:00+01:00 (30 calendar days, 719 real hours).
    assert_eq!(
        deadlines("claim within 30 days"),
        [
            pair("2026-01", "2026-03-03T00:00:00Z"),
            pair("2026-02", "2026-03-31T00:00:00+01:00"),
        ]
    );
}

/// Business days on a named calendar, counted as business-day goals are.
#[test]
fn five_business_days_on_office_hours() {
    // January ends Sunday 2026-02-01T00:00. Open dates from then: Monday
    // 2 to Friday 6 February; the 5th is Friday 6 February, which closes
    // at 17:00 GMT: 2026-02-06T17:00Z.
    // February ends Sunday 2026-03-01T00:00: Monday 2 to Friday 6 March;
    // 2026-03-06T17:00Z.
    assert_eq!(
        deadlines("claim within 5 business days on office_hours"),
        [
            pair("2026-01", "2026-02-06T17:00:00Z"),
            pair("2026-02", "2026-03-06T17:00:00Z"),
        ]
    );
}

/// The end of the N-th calendar month after the period.
#[test]
fn the_end_of_the_second_month_after_the_period() {
    // January ends 2026-02-01T00:00; the months that start at or after it
    // are February (1st) and March (2nd); March ends at the midnight that
    // starts 1 April, in BST: 2026-04-01T00:00+01:00.
    // February ends 2026-03-01T00:00: March (1st), April (2nd), which ends
    // 2026-05-01T00:00+01:00.
    assert_eq!(
        deadlines("claim by the end of the 2nd month after the period"),
        [
            pair("2026-01", "2026-04-01T00:00:00+01:00"),
            pair("2026-02", "2026-05-01T00:00:00+01:00"),
        ]
    );
    // Without an ordinal, the first: January's is the end of February.
    assert_eq!(
        deadlines("claim by the end of the month after the period")
            .first()
            .cloned(),
        Some(pair("2026-01", "2026-03-01T00:00:00Z"))
    );
}

/// The report's claim terms state the window as written.
#[test]
fn the_report_states_the_window_as_written() {
    let r = report("claim within 5 business days on office_hours in writing");
    let terms = r
        .settlements
        .first()
        .and_then(|s| s.lines.first())
        .map(|l| l.claims.clone());
    assert_eq!(
        terms,
        Some(vec![
            "claim within 5 business days on office_hours in writing".to_owned()
        ])
    );
}

/// The contract says what the window counts and from when, and no more.
#[test]
fn the_contract_words_name_the_calendar_and_the_month() {
    let words = |claim: &str| {
        let checked = slate::check(&source(claim));
        let m = checked
            .model
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        slate::render::to_markdown(&m)
    };
    let md = words("claim within 5 business days on office_hours");
    assert!(
        md.contains("The customer claims a credit within 5 business days of the end of the Month, business days being the days the Office Hours calendar is open."),
        "{md}"
    );
    let md =
        words("claim by the end of the 2nd month after the period\n    unclaimed credits lapse");
    assert!(
        md.contains("The customer claims a credit by the end of the second calendar month after the Month. A credit not claimed within that time lapses."),
        "{md}"
    );
}

fn codes(claim: &str, replace: Option<(&str, &str)>) -> Vec<&'static str> {
    let mut s = source(claim);
    if let Some((from, to)) = replace {
        s = s.replace(from, to);
    }
    slate::check(&s)
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect()
}

/// Each misuse has its code.
#[test]
fn misuses_are_refused_with_their_codes() {
    // Availability has no breached items to run from.
    assert_eq!(
        codes(
            "claim within 30 days of each breach",
            Some((
                "    measure incidents from created until responded\n    clock   24x7\n    goal    within 1 hour\n    target  90% of incidents per month\n",
                "    items   \"web\"\n    uptime  at least 90% per month\n",
            ))
        ),
        ["E0570"]
    );
    assert_eq!(
        codes(
            "claim within 30 days\n    claim by the end of the 2nd month after the period",
            None
        ),
        ["E0571"]
    );
    assert_eq!(
        codes("claim within 30 days on office_hours", None),
        ["E0572"]
    );
    assert_eq!(
        codes("claim by the end of the 2th month after the period", None),
        ["E0573"]
    );
    // A calendar that is not defined, and business days with none.
    assert_eq!(
        codes("claim within 5 business days on office", None),
        ["E0201"]
    );
    assert_eq!(codes("claim within 5 business days", None), ["E0407"]);
    // From each breach on an item objective is accepted.
    assert!(
        codes(
            "claim within 5 business days on office_hours of each breach",
            None
        )
        .is_empty()
    );
}
