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

// ------------------------------------------------ rolling-window termination
//
// `for cause when downtime of uptime exceeds 7 hours in any 30 days`: the
// right arises at the first whole second t at which the window [t − 30 d,
// t) holds more than 7 h = 25,200 s of `uptime`'s downtime. 30 days are
// 30 × 86,400 = 2,592,000 s of real time (720 h), across a change of the
// clocks too. London time: GMT (+00:00) until 29 March 2026, then BST.

const WINDOW_AGREEMENT: &str = r#"agreement "Rolling window" {
  id        "RW"
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

  service web "Web hosting" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  objective uptime "Web availability" {
    service web
    items   "web"
    uptime  at least 99% per month
  }

  termination {
    RIGHT
  }
}
"#;

const RIGHT: &str = "for cause when downtime of uptime exceeds 7 hours in any 30 days";

/// `web` down over each `[from, to)` (UTC), as events.
fn outages(spans: &[(&str, &str)]) -> String {
    spans
        .iter()
        .map(|(from, to)| {
            format!(
                "{{\"id\":\"web\",\"at\":\"{from}\",\"event\":\"down\"}}\n{{\"id\":\"web\",\"at\":\"{to}\",\"event\":\"up\"}}\n"
            )
        })
        .collect()
}

/// The rolling right read at `cut_off`: (arises at, window from, held).
fn window_right(spans: &[(&str, &str)], cut_off: &str) -> Option<(String, String, u64)> {
    let options = Options {
        as_of: Some(slate_tests::instant(cut_off)),
        ..Options::default()
    };
    let r = slate_tests::evaluate_source(
        "window.sla",
        &WINDOW_AGREEMENT.replace("RIGHT", RIGHT),
        &outages(spans),
        &options,
    );
    let w = r
        .termination
        .as_ref()
        .and_then(|t| t.for_cause_window.clone())
        .unwrap_or_else(|| panic!("no rolling-window right in the report"));
    assert_eq!((w.limit_seconds, w.window_seconds), (25_200, 2_592_000));
    assert_eq!(w.arisen, w.arises_at.is_some());
    Some((
        w.arises_at?.to_string(),
        w.window_from?.to_string(),
        w.window_down_seconds?,
    ))
}

const LATE: &str = "2026-06-01T00:00:00Z";

/// Exactly 7 hours is not more than 7 hours.
#[test]
fn exactly_seven_hours_does_not_give_the_right() {
    // One outage 10 January 00:00–07:00 GMT: 25,200 s, no window holds more.
    assert_eq!(
        window_right(&[("2026-01-10T00:00:00Z", "2026-01-10T07:00:00Z")], LATE),
        None
    );
}

/// 7 hours and 1 second gives it at that second.
#[test]
fn seven_hours_and_a_second_gives_it_at_that_second() {
    // 10 January 00:00:00–07:00:01: the window ending 07:00:01 holds
    // 25,201 s > 25,200 s; one second earlier it holds exactly 25,200 s.
    // It starts 2,592,000 s earlier: 11 December 2025 07:00:01 (before the
    // agreement's start, where there is no downtime).
    assert_eq!(
        window_right(&[("2026-01-10T00:00:00Z", "2026-01-10T07:00:01Z")], LATE),
        Some((
            "2026-01-10T07:00:01+00:00".to_owned(),
            "2025-12-11T07:00:01+00:00".to_owned(),
            25_201
        ))
    );
}

/// Two outages 11 hours in all, each partly outside any 30 days that
/// holds the other: the window edge cuts one while the other runs.
#[test]
fn outages_straddling_the_window_edge() {
    // A: 1 January 00:00–06:00 (6 h). B from 30 January 23:00 to 31
    // January 05:00 (6 h). For t = 30 Jan 23:00 + x the window starts at
    // 31 Dec 23:00 + x: A is wholly inside while x ≤ 1 h, so the window
    // holds 6 h + x ≤ 7 h; after that A leaves as fast as B grows, and
    // it holds 7 h exactly until B ends (x = 6 h), then less. Never more.
    let a = ("2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z");
    assert_eq!(
        window_right(&[a, ("2026-01-30T23:00:00Z", "2026-01-31T05:00:00Z")], LATE),
        None
    );
    // B one second earlier (from 22:59:59): the window starts at 31 Dec
    // 22:59:59 + y and holds 6 h + y while y ≤ 1 h + 1 s; at y = 1 h + 1 s,
    // t = 31 January 00:00:00, it holds 6 h + 1 h + 1 s = 25,201 s; the
    // window is [1 January 00:00:00, 31 January 00:00:00), A's start on its edge.
    assert_eq!(
        window_right(&[a, ("2026-01-30T22:59:59Z", "2026-01-31T05:00:00Z")], LATE),
        Some((
            "2026-01-31T00:00:00+00:00".to_owned(),
            "2026-01-01T00:00:00+00:00".to_owned(),
            25_201
        ))
    );
}

/// 30 days are 720 real hours across the change to summer time.
#[test]
fn thirty_days_are_real_days_across_the_change_of_clocks() {
    // A: 10 March 00:00–04:00 GMT (4 h). B: 8 April 20:59:59 to 9 April
    // 00:00:00 UTC (3 h + 1 s). The window ending 9 April 00:00:00 UTC
    // (01:00 BST) starts 720 h earlier, 10 March 00:00:00 UTC, and holds
    // 4 h + 3 h + 1 s = 25,201 s; before then B holds less than 3 h + 1 s.
    // Read as 30 calendar days in London, the window ending 01:00 BST on
    // 9 April would start 01:00 GMT on 10 March (719 real hours), hold 3 h
    // of A and 6 h + 1 s in all, and not give the right.
    assert_eq!(
        window_right(
            &[
                ("2026-03-10T00:00:00Z", "2026-03-10T04:00:00Z"),
                ("2026-04-08T20:59:59Z", "2026-04-09T00:00:00Z"),
            ],
            LATE
        ),
        Some((
            "2026-04-09T01:00:00+01:00".to_owned(),
            "2026-03-10T00:00:00+00:00".to_owned(),
            25_201
        ))
    );
}

/// A window longer than the data: the days before the agreement's start
/// and after the cut-off hold nothing, and an outage open at the cut-off
/// counts to the cut-off.
#[test]
fn a_window_longer_than_the_data() {
    // 8 h from 2 January 00:00, read on 5 January: 4 days of data in a
    // 30-day window. It holds 25,201 s at 2 January 07:00:01.
    let eight = [("2026-01-02T00:00:00Z", "2026-01-02T08:00:00Z")];
    assert_eq!(
        window_right(&eight, "2026-01-05T00:00:00Z"),
        Some((
            "2026-01-02T07:00:01+00:00".to_owned(),
            "2025-12-03T07:00:01+00:00".to_owned(),
            25_201
        ))
    );
    // Cut off at 07:00:00, with the outage still open: 25,200 s, not more.
    assert_eq!(window_right(&eight, "2026-01-02T07:00:00Z"), None);
    // Cut off one second later: the window ending at the cut-off holds 25,201 s.
    assert_eq!(
        window_right(&eight, "2026-01-02T07:00:01Z").map(|r| r.0),
        Some("2026-01-02T07:00:01+00:00".to_owned())
    );
}

/// The contract sentence a lawyer writes, and the report's.
#[test]
fn the_rolling_right_in_words_and_in_the_report() {
    let options = Options {
        as_of: Some(slate_tests::instant(LATE)),
        ..Options::default()
    };
    let r = slate_tests::evaluate_source(
        "window.sla",
        &WINDOW_AGREEMENT.replace("RIGHT", RIGHT),
        &outages(&[("2026-01-10T00:00:00Z", "2026-01-10T07:00:01Z")]),
        &options,
    );
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("arose at 2026-01-10T07:00:01+00:00, when the window from 2025-12-11T07:00:01+00:00 to 2026-01-10T07:00:01+00:00 held 25201 seconds of downtime."),
        "{text}"
    );
    let md = slate::eval::to_markdown(&r);
    assert!(md.contains("2026-01-10T07:00:01+00:00"), "{md}");
    let html = slate::eval::to_html(&r);
    assert!(html.contains("2025-12-11T07:00:01+00:00"), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&slate::eval::to_json(&r)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json["termination"]["for_cause_window"],
        serde_json::json!({
            "objective": "uptime",
            "limit_seconds": 25200,
            "window_seconds": 2592000,
            "arisen": true,
            "arises_at": "2026-01-10T07:00:01+00:00",
            "window_from": "2025-12-11T07:00:01+00:00",
            "window_down_seconds": 25201
        })
    );
    let source = WINDOW_AGREEMENT.replace("RIGHT", RIGHT);
    let checked = slate::check(&source);
    let m = checked
        .model
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("If the downtime of Web availability in any period of 30 consecutive days (of 24 hours each) exceeds 7 hours, the customer may terminate this Agreement for cause."),
        "{md}"
    );
}

fn window_codes(right: &str, objective: Option<(&str, &str)>) -> Vec<&'static str> {
    let mut s = WINDOW_AGREEMENT.replace("RIGHT", right);
    if let Some((from, to)) = objective {
        s = s.replace(from, to);
    }
    slate::check(&s)
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect()
}

/// Each misuse of the rolling right has its code.
#[test]
fn rolling_right_misuses_are_refused_with_their_codes() {
    assert!(window_codes(RIGHT, None).is_empty());
    // Not an availability objective.
    assert_eq!(
        window_codes(
            RIGHT,
            Some((
                "    items   \"web\"\n    uptime  at least 99% per month\n",
                "    measure tickets from opened until answered\n    goal    within 1 hour\n    target  90% of tickets per month\n",
            ))
        ),
        ["E0760"]
    );
    // Downtime counted in units, not to the second.
    assert_eq!(
        window_codes(
            RIGHT,
            Some((
                "at least 99% per month\n",
                "at least 99% per month\n    downtime in units of 1 minute\n"
            ))
        ),
        ["E0760"]
    );
    // A window that is not a fixed length of real time.
    assert_eq!(
        window_codes(
            "for cause when downtime of uptime exceeds 7 hours in any 1 month",
            None
        ),
        ["E0761"]
    );
    // An objective that is not defined: the unknown-reference code.
    assert_eq!(
        window_codes(
            "for cause when downtime of upkeep exceeds 7 hours in any 30 days",
            None
        ),
        ["E0201"]
    );
}

/// A hand-edited rule set with a zero window, or naming an objective that
/// is not counted in real time, is refused on reading.
#[test]
fn a_hand_edited_rolling_right_is_refused() {
    let checked = slate::check(&WINDOW_AGREEMENT.replace("RIGHT", RIGHT));
    let m = checked
        .model
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e:?}"));
    let json = slate::rules::to_json(&rules);
    assert!(json.contains("\"for_cause_window\""), "{json}");
    assert!(slate::rules::from_json(&json).is_ok());
    for (from, to, says) in [
        (
            "\"window_seconds\": 2592000",
            "\"window_seconds\": 0",
            "termination.for_cause_window.window_seconds",
        ),
        (
            "\"limit_seconds\": 25200",
            "\"limit_seconds\": 0",
            "termination.for_cause_window.limit_seconds",
        ),
        (
            "\"objective\": \"uptime\",\n      \"limit_seconds\"",
            "\"objective\": \"nothing\",\n      \"limit_seconds\"",
            "`nothing` is not an availability objective",
        ),
    ] {
        let edited = json.replacen(from, to, 1);
        assert_ne!(edited, json, "{from} is in the rule set");
        let value: serde_json::Value =
            serde_json::from_str(&edited).unwrap_or_else(|e| panic!("{e}"));
        let bad = crate::rules::resealed_as_written(value);
        match slate::rules::from_json(&bad) {
            Ok(_) => panic!("{to}: read"),
            Err(err) => assert!(err.to_string().contains(says), "{to}: {err}"),
        }
    }
}
