//! Termination for cause after consecutive periods in breach (`for cause
//! after 3 consecutive months in breach`), read on hand-worked data:
//! docs/semantics.md, "Rights that are not money". The agreements and
//! events are `tests/data/eval/for-cause*.{sla,events.ndjson}`.
//!
//! `for-cause`: `web_uptime` at least 99% per month and `respond` (every
//! ticket answered within 1 hour) per month; London time.
//! - January (31 days, 2,678,400 s): `web` down 10 h = 36,000 s on the
//!   10th. 1% of the month is 26,784 s < 36,000 s: `web_uptime` breached.
//!   No ticket: `respond` no data. January is in breach.
//! - February: no outage: `web_uptime` met (100%). T1 answered after 2 h
//!   > 1 h: `respond` 0 of 1, breached. February is in breach.
//! - March (31 days): `web` down 10 h again: breached. March is in breach.
//! - The run January, February, March is complete when March is over: at
//!   local midnight of 1 April, British Summer Time since 29 March, so
//!   `2026-04-01T00:00:00+01:00` = `2026-03-31T23:00:00Z`.
//! - April: T2 answered after 30 min: met; the right arose once, already.
//!
//! `for-cause-tickets`: `respond` per month, `web_uptime` per quarter.
//! - January: T1 2 h late-answered: breached. February: no ticket: no data
//!   (the quarterly objective's breach by the 24 h outage of 10 February
//!   does not count: it is not measured per month). March: T2 breached.
//!   April: T3 breached. May: T4 after 10 min: met.
//! - Runs: [January] broken by February (no data); [March, April] broken
//!   by May (met). The right never arises.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{ForCauseReport, Report};
use slate_tests::{read, root};

fn run(name: &str, options: &Options) -> Report {
    let agreement = format!("tests/data/eval/{name}.sla");
    let events = format!("tests/data/eval/{name}.events.ndjson");
    slate_tests::evaluate_source(
        &agreement,
        &read(&root().join(&agreement)),
        &read(&root().join(&events)),
        options,
    )
}

fn as_of(name: &str, cutoff: &str) -> Report {
    run(
        name,
        &Options {
            as_of: Some(slate_tests::instant(cutoff)),
            ..Options::default()
        },
    )
}

fn for_cause(r: &Report) -> &ForCauseReport {
    r.termination
        .as_ref()
        .and_then(|t| t.for_cause.as_ref())
        .unwrap_or_else(|| panic!("no termination for cause in the report"))
}

/// The labels of the run, and its breached objectives.
fn run_of(f: &ForCauseReport) -> Vec<(String, Vec<String>)> {
    f.run
        .iter()
        .map(|p| (p.label.clone(), p.breached.clone()))
        .collect()
}

fn period(label: &str, breached: &str) -> (String, Vec<String>) {
    (label.to_owned(), vec![breached.to_owned()])
}

/// January (uptime), February (respond) and March (uptime) are each in
/// breach, by one objective or the other: the right arises at the end of
/// March, local midnight in summer time.
#[test]
fn a_run_of_three_months_arises_at_the_end_of_the_third() {
    let r = as_of("for-cause", "2026-06-01T00:00:00+01:00");
    let f = for_cause(&r);
    assert_eq!(f.objectives, ["web_uptime", "respond"]);
    assert!(f.arisen);
    assert_eq!(
        f.arises_at.map(|t| t.to_string()).as_deref(),
        Some("2026-04-01T00:00:00+01:00")
    );
    assert_eq!(
        run_of(f),
        [
            period("2026-01", "web_uptime"),
            period("2026-02", "respond"),
            period("2026-03", "web_uptime"),
        ]
    );
}

/// The cut-off at the very instant March ends: March is over, so the
/// right has arisen; one second earlier March is not over: 2 of 3.
#[test]
fn the_right_arises_at_the_instant_the_third_month_ends() {
    let at_end = as_of("for-cause", "2026-03-31T23:00:00Z");
    assert!(for_cause(&at_end).arisen);
    let before = as_of("for-cause", "2026-03-31T22:59:59Z");
    let f = for_cause(&before);
    assert!(!f.arisen);
    assert_eq!(f.arises_at, None);
    assert_eq!(
        run_of(f),
        [
            period("2026-01", "web_uptime"),
            period("2026-02", "respond")
        ]
    );
}

/// The cut-off inside March (already breached so far by its outage): only
/// periods that are over count, so the run is 2 of 3 so far.
#[test]
fn a_cutoff_inside_the_third_month_is_two_of_three_so_far() {
    let r = as_of("for-cause", "2026-03-20T00:00:00Z");
    let f = for_cause(&r);
    assert!(!f.arisen);
    assert_eq!(f.run.len(), 2);
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("Not arisen: 2 of 3 consecutive months in breach so far."),
        "{text}"
    );
    let markdown = slate::eval::to_markdown(&r);
    assert!(
        markdown.contains("2 of 3 consecutive months in breach so far"),
        "{markdown}"
    );
}

/// A report window that starts after the run began still reads every
/// period from the agreement's start.
#[test]
fn a_narrow_window_still_counts_the_months_before_it() {
    let r = run(
        "for-cause",
        &Options {
            as_of: Some(slate_tests::instant("2026-06-01T00:00:00+01:00")),
            from: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
            to: chrono::NaiveDate::from_ymd_opt(2026, 3, 31),
            ..Options::default()
        },
    );
    let f = for_cause(&r);
    assert!(f.arisen);
    assert_eq!(f.run.len(), 3);
    assert_eq!(r.objectives[0].periods.len(), 1, "the window is March only");
}

/// February has no data (no ticket), which breaks the run of January; May
/// is met, which breaks the run of March and April. At the start of May
/// that run is 2 of 3 so far; at the start of June it is broken.
#[test]
fn no_data_and_a_met_month_break_a_run() {
    let may = as_of("for-cause-tickets", "2026-05-01T00:00:00+01:00");
    let f = for_cause(&may);
    assert_eq!(
        f.objectives,
        ["respond"],
        "the quarterly objective does not count"
    );
    assert!(!f.arisen);
    assert_eq!(
        run_of(f),
        [period("2026-03", "respond"), period("2026-04", "respond")]
    );
    let march = as_of("for-cause-tickets", "2026-03-01T00:00:00Z");
    assert!(
        run_of(for_cause(&march)).is_empty(),
        "February broke the run"
    );
    let june = as_of("for-cause-tickets", "2026-06-01T00:00:00+01:00");
    let f = for_cause(&june);
    assert!(!f.arisen);
    assert!(f.run.is_empty(), "May broke the run");
}

/// The section in every format, and the JSON member.
#[test]
fn every_format_gives_the_right() {
    let r = as_of("for-cause", "2026-06-01T00:00:00+01:00");
    snapshot!("for_cause_text", slate::eval::to_text(&r));
    let json: serde_json::Value =
        serde_json::from_str(&slate::eval::to_json(&r)).unwrap_or_else(|e| panic!("{e}"));
    json_snapshot!("for_cause_json", json["termination"]);
    let html = slate::eval::to_html(&r);
    assert!(html.contains("2026-04-01T00:00:00+01:00"), "{html}");
    assert!(html.contains("Termination for cause"));
}

/// A hand-edited rule set (its digest recomputed) that states a run of 0
/// periods, or a period that is none, is refused on reading.
#[test]
fn a_hand_edited_bad_run_is_refused() {
    let source = read(&root().join("tests/data/eval/for-cause.sla"));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|_| panic!("for-cause.sla compiles"));
    let json =
        slate::rules::to_json(&slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}")));
    assert!(json.contains(r#""consecutive": 3"#), "{json}");
    for (from, to, says) in [
        (
            r#""consecutive": 3"#,
            r#""consecutive": 0"#,
            "termination.for_cause.consecutive",
        ),
        (
            r#""consecutive": 3"#,
            r#""consecutive": -1"#,
            "invalid value",
        ),
        (
            r#""period": "month"
    }"#,
            r#""period": "fortnight"
    }"#,
            "fortnight",
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

/// Monthly average `at most 100`; `for cause after 2 consecutive months`.
const UNKNOWN_AGREEMENT: &str = r#"agreement "Term unknown" {
  id        "T-T5"
  effective 2026-01-01 to 2026-12-31
  timezone  "UTC"
  currency  GBP
  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }
  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }
  service api "API" {
    hours 24x7
  }
  objective mean "Mean" {
    service api
    sample  v on probe
    average at most 100 per month
  }
  termination {
    for cause after 2 consecutive months in breach
  }
}
"#;

/// Samples: `januaries` of 500 in January, eight of 28 nines in February
/// (sum 8 × (28 nines) beyond 2^96 − 1: unknown), `march` in March.
fn unknown_events(january: &str, march: &str) -> String {
    let mut lines = vec![format!(
        r#"{{"id":"x","at":"2026-01-05T02:00:00Z","event":"probe","v":{january}}}"#
    )];
    for day in 1..=8 {
        lines.push(format!(
            r#"{{"id":"x","at":"2026-02-0{day}T02:00:00Z","event":"probe","v":9999999999999999999999999999}}"#
        ));
    }
    lines.push(format!(
        r#"{{"id":"x","at":"2026-03-05T02:00:00Z","event":"probe","v":{march}}}"#
    ));
    lines.join("\n")
}

fn unknown_report(january: &str, march: &str, cutoff: &str) -> Report {
    slate_tests::evaluate_source(
        "unknown.sla",
        UNKNOWN_AGREEMENT,
        &unknown_events(january, march),
        &Options {
            as_of: Some(slate_tests::instant(cutoff)),
            ..Options::default()
        },
    )
}

/// January 500 > 100: breached; February unknown; March (not over at the
/// cut-off of 6 March) does not count. Were February in breach, the right
/// would have arisen on 1 March; were it not, it has not: undecided, and
/// the report says so in every format, never "Not arisen".
#[test]
fn a_run_through_an_unknown_month_leaves_the_right_undecided() {
    let r = unknown_report("500", "500", "2026-03-06T00:00:00Z");
    let f = for_cause(&r);
    assert!(!f.arisen);
    assert_eq!(f.arises_at, None);
    let undecided: Vec<(String, Vec<String>)> = f
        .undecided
        .iter()
        .map(|p| (p.label.clone(), p.unknown.clone()))
        .collect();
    assert_eq!(undecided, [period("2026-02", "mean")]);
    for out in [
        slate::eval::to_text(&r),
        slate::eval::to_markdown(&r),
        slate::eval::to_html(&r),
    ] {
        assert!(out.contains("Undecided"), "{out}");
        assert!(out.contains("February 2026"), "{out}");
        assert!(out.contains("could not be computed"), "{out}");
        assert!(!out.contains("Not arisen"), "{out}");
    }
    let json = slate::eval::to_json(&r);
    assert!(json.contains(r#""undecided": ["#), "{json}");
    let back: Report = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, r);
}

/// Decided despite an unknown month: January met (50), February unknown,
/// March met (50), cut-off 1 April. February alone is a run of at most 1 <
/// 2: not arisen, whatever February is, and nothing is undecided. With
/// January and March breached (500), and the cut-off 1 April, the run
/// January–February or February–March would arise on 1 March or 1 April:
/// undecided.
#[test]
fn an_unknown_month_that_cannot_complete_a_run_decides_nothing() {
    let r = unknown_report("50", "50", "2026-04-01T00:00:00Z");
    let f = for_cause(&r);
    assert!(!f.arisen);
    assert!(f.undecided.is_empty());
    let r = unknown_report("500", "500", "2026-04-01T00:00:00Z");
    let f = for_cause(&r);
    assert!(!f.arisen);
    assert_eq!(f.undecided.len(), 1);
}
