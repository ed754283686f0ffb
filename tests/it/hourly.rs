//! Hourly periods (`per hour`, docs/semantics.md "Hourly periods") across
//! both of 2026's clock changes in Europe/London, worked out by hand.
//!
//! A clock hour starts at every instant whose local time is a whole hour
//! and runs to the next: on 2026-03-29 local 01:00 does not exist (GMT
//! becomes BST at 01:00 UTC), so the date has 23 hours; on 2026-10-25
//! local 01:00 is read twice (BST becomes GMT at 01:00 UTC), so the date
//! has 25 hours and two labelled `01:00`, told apart by their offsets.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{PeriodReport, Report, Verdict};

const AGREEMENT: &str = include_str!("../data/eval/hourly.sla");

fn run(events: &str, as_of: &str, date: &str) -> Report {
    run_on(AGREEMENT, events, as_of, date)
}

fn run_on(source: &str, events: &str, as_of: &str, date: &str) -> Report {
    let date = date.parse().expect("a date");
    let options = Options {
        as_of: Some(slate_tests::instant(as_of)),
        from: Some(date),
        to: Some(date),
        details: true,
        threads: 1,
    };
    slate_tests::evaluate_source("hourly.sla", source, events, &options)
}

fn periods<'a>(r: &'a Report, objective: &str) -> &'a [PeriodReport] {
    r.objectives
        .iter()
        .find(|o| o.name == objective)
        .map(|o| o.periods.as_slice())
        .unwrap_or_else(|| panic!("no objective {objective}"))
}

fn period<'a>(r: &'a Report, objective: &str, label: &str) -> &'a PeriodReport {
    periods(r, objective)
        .iter()
        .find(|p| p.label == label)
        .unwrap_or_else(|| panic!("no period {label} of {objective}"))
}

fn seconds(p: &PeriodReport) -> (i64, i64) {
    let t = p.time.expect("time");
    (t.measured_seconds, t.down_seconds)
}

/// Spring forward: the skipped hour has no period; an outage across the
/// change is split at 01:00 UTC between `00:00+00:00` and `02:00+01:00`.
#[test]
fn spring_forward_skips_an_hour() {
    // Allowed downtime in an hour of 3600 s at 99.5%: 18 s.
    // vm-1 down 00:59:50Z–01:00:10Z: 10 s in [00:00Z, 01:00Z), labelled
    // 2026-03-29T00:00+00:00, and 10 s in [01:00Z, 02:00Z), labelled
    // 2026-03-29T02:00+01:00. Then 01:30:00Z–01:30:09Z: 9 s more in the
    // second, 19 s in all: 3581 / 3600 = 99.47% < 99.5%: breached. The
    // first: 3590 / 3600 = 99.72%: met.
    // Calls: c1 offered 00:10Z, answered 00:10:30Z (30 s: met) and c2
    // offered 01:05Z (02:05 BST), answered 01:07Z (120 s: breached):
    // 1/1 in the first hour, 0/1 in 02:00+01:00.
    let r = run(
        r#"{"id":"vm-1","at":"2026-03-29T00:59:50Z","event":"down"}
{"id":"vm-1","at":"2026-03-29T01:00:10Z","event":"up"}
{"id":"vm-1","at":"2026-03-29T01:30:00Z","event":"down"}
{"id":"vm-1","at":"2026-03-29T01:30:09Z","event":"up"}
{"id":"c1","at":"2026-03-29T00:10:00Z","event":"offered"}
{"id":"c1","at":"2026-03-29T00:10:30Z","event":"answered"}
{"id":"c2","at":"2026-03-29T01:05:00Z","event":"offered"}
{"id":"c2","at":"2026-03-29T01:07:00Z","event":"answered"}
"#,
        // Local midnight that ends 29 March: 2026-03-29T23:00Z.
        "2026-03-29T23:00:00Z",
        "2026-03-29",
    );
    let hours = periods(&r, "instance_uptime");
    // 23 hours: 00:00 GMT, then 02:00 to 23:00 BST.
    assert_eq!(hours.len(), 23);
    assert!(hours.iter().all(|p| p.label != "2026-03-29T01:00+00:00"));
    assert!(hours.iter().all(|p| p.label != "2026-03-29T01:00+01:00"));
    let first = period(&r, "instance_uptime", "2026-03-29T00:00+00:00");
    assert_eq!(seconds(first), (3600, 10));
    assert_eq!(first.verdict, Verdict::Met);
    let second = period(&r, "instance_uptime", "2026-03-29T02:00+01:00");
    assert_eq!(seconds(second), (3600, 19));
    assert_eq!(second.verdict, Verdict::Breached);
    let last = period(&r, "instance_uptime", "2026-03-29T23:00+01:00");
    assert_eq!((seconds(last), last.complete), ((3600, 0), true));

    let first = period(&r, "answer", "2026-03-29T00:00+00:00");
    let c = first.counts.expect("counts");
    assert_eq!((c.met, c.breached), (1, 0));
    let second = period(&r, "answer", "2026-03-29T02:00+01:00");
    let c = second.counts.expect("counts");
    assert_eq!(
        (c.met, c.breached, second.verdict),
        (0, 1, Verdict::Breached)
    );
}

/// Fall back: local 01:00 starts twice, at 00:00Z (`01:00+01:00`) and at
/// 01:00Z (`01:00+00:00`), and each is a period of its own.
#[test]
fn fall_back_repeats_an_hour() {
    // vm-1 down 00:59:45Z–01:00:15Z: 15 s in 01:00+01:00 [00:00Z, 01:00Z)
    // and 15 s in 01:00+00:00 [01:00Z, 02:00Z); then 01:10:00Z–01:10:30Z,
    // 30 s more in 01:00+00:00: 45 s, 3555 / 3600 = 98.75%: breached. The
    // first: 15 s ≤ 18 s: met.
    // Calls: c1 offered 00:30Z (01:30 BST), answered after 10 s: met in
    // 01:00+01:00; c2 offered 01:30Z (01:30 GMT), answered after 61 s:
    // breached in 01:00+00:00; c3 offered 01:59:59Z, not answered at the
    // cut-off 02:00:30Z (31 s so far): pending in 01:00+00:00.
    let r = run(
        r#"{"id":"vm-1","at":"2026-10-25T00:59:45Z","event":"down"}
{"id":"vm-1","at":"2026-10-25T01:00:15Z","event":"up"}
{"id":"vm-1","at":"2026-10-25T01:10:00Z","event":"down"}
{"id":"vm-1","at":"2026-10-25T01:10:30Z","event":"up"}
{"id":"c1","at":"2026-10-25T00:30:00Z","event":"offered"}
{"id":"c1","at":"2026-10-25T00:30:10Z","event":"answered"}
{"id":"c2","at":"2026-10-25T01:30:00Z","event":"offered"}
{"id":"c2","at":"2026-10-25T01:31:01Z","event":"answered"}
{"id":"c3","at":"2026-10-25T01:59:59Z","event":"offered"}
"#,
        "2026-10-25T02:00:30Z",
        "2026-10-25",
    );
    let labels: Vec<&str> = periods(&r, "instance_uptime")
        .iter()
        .map(|p| p.label.as_str())
        .collect();
    // Midnight is 2026-10-24T23:00Z; the cut-off 02:00:30Z is in the
    // fourth hour, 02:00+00:00, cut at 30 s.
    assert_eq!(
        labels,
        [
            "2026-10-25T00:00+01:00",
            "2026-10-25T01:00+01:00",
            "2026-10-25T01:00+00:00",
            "2026-10-25T02:00+00:00"
        ]
    );
    let bst = period(&r, "instance_uptime", "2026-10-25T01:00+01:00");
    assert_eq!((seconds(bst), bst.verdict), ((3600, 15), Verdict::Met));
    let gmt = period(&r, "instance_uptime", "2026-10-25T01:00+00:00");
    assert_eq!((seconds(gmt), gmt.verdict), ((3600, 45), Verdict::Breached));
    let cut = period(&r, "instance_uptime", "2026-10-25T02:00+00:00");
    assert_eq!((seconds(cut), cut.complete), ((30, 0), false));

    let c = period(&r, "answer", "2026-10-25T01:00+01:00")
        .counts
        .expect("counts");
    assert_eq!((c.met, c.breached, c.pending), (1, 0, 0));
    let c = period(&r, "answer", "2026-10-25T01:00+00:00")
        .counts
        .expect("counts");
    assert_eq!((c.met, c.breached, c.pending), (0, 1, 1));
}

/// The whole fall-back date has 25 hours, each of 3600 s.
#[test]
fn fall_back_date_has_twenty_five_hours() {
    let r = run("", "2026-10-26T00:00:00Z", "2026-10-25");
    let hours = periods(&r, "instance_uptime");
    assert_eq!(hours.len(), 25);
    assert!(hours.iter().all(|p| seconds(p) == (3600, 0)));
}

/// Tiered credits on an hourly objective must name the months they settle
/// over (an hour carries no fee, E0506); they then measure the objective
/// over the whole month, not hour by hour.
#[test]
fn credits_settle_over_the_month() {
    let source = AGREEMENT.replacen(
        "  objective answer",
        "  credits for instance_uptime per month {\n    below 99.5% : 10% of fee\n  }\n\n  objective answer",
        1,
    );
    // October 2026 in London: 31 days and the repeated hour = 745 hours =
    // 2,682,000 s. vm-1 down 4 h (10:00Z–14:00Z on the 5th) = 14,400 s:
    // 2,667,600 / 2,682,000 = 99.463% < 99.5%: 10% of GBP 1,000.00 = 100.00.
    let r = run_on(
        &source,
        r#"{"id":"vm-1","at":"2026-10-05T10:00:00Z","event":"down"}
{"id":"vm-1","at":"2026-10-05T14:00:00Z","event":"up"}
"#,
        "2026-11-01T00:00:00Z",
        "2026-10-31",
    );
    let owed: Vec<[String; 2]> = r
        .settlements
        .iter()
        .map(|s| [s.period.to_string(), s.amount.to_string()])
        .collect();
    assert_eq!(owed, [["2026-10", "100.00"]]);
    assert_eq!(
        r.settlements[0].lines[0]
            .value
            .as_ref()
            .map(|v| v.percent.to_string()),
        Some("99.463".to_owned())
    );
    // Hour by hour (the window is the 31st), no hour is breached.
    assert!(
        periods(&r, "instance_uptime")
            .iter()
            .all(|p| p.verdict == Verdict::Met)
    );
}

/// A month of hours stays readable: the period table lists a day's worth
/// (25 hours) in full, and beyond that only the hours breached or not over,
/// saying how many it leaves out; the chart's text for screen readers does
/// the same. The JSON report lists every hour.
#[test]
fn a_month_of_hours_lists_only_what_needs_reading() {
    // October 2026: 745 hours (the repeated 01:00). Cut-off at 12:30Z on the
    // 31st: the hours of the 31st after 12:00+00:00 do not exist yet, so the
    // last listed is 12:00+00:00, not over (30 min so far). Hours reported:
    // 30 × 24 + 1 (the 25th's extra hour) + 13 (00:00 to 12:00 on the
    // 31st) = 734. vm-1 down 40 s in 10:00+01:00 on the 5th (09:00Z):
    // 3560 / 3600 = 98.889%: breached. Listed: that hour and the one not
    // over = 2; left out: 732.
    let month = "2026-10-01".parse().expect("a date");
    let events = r#"{"id":"vm-1","at":"2026-10-05T09:10:00Z","event":"down"}
{"id":"vm-1","at":"2026-10-05T09:10:40Z","event":"up"}
"#;
    let options = Options {
        as_of: Some(slate_tests::instant("2026-10-31T12:30:00Z")),
        from: Some(month),
        to: None,
        details: false,
        threads: 1,
    };
    let r = slate_tests::evaluate_source("hourly.sla", AGREEMENT, events, &options);
    let hours = periods(&r, "instance_uptime");
    assert_eq!(hours.len(), 734);
    let breached: Vec<&str> = hours
        .iter()
        .filter(|p| p.verdict == Verdict::Breached)
        .map(|p| p.label.as_str())
        .collect();
    assert_eq!(breached, ["2026-10-05T10:00+01:00"]);

    let md = slate::eval::to_markdown(&r);
    let rows = md.lines().filter(|l| l.starts_with("| **2026-10-")).count();
    // Availability: the breached hour and the one not over; calls: the one
    // not over (the others have no data).
    assert_eq!(rows, 3, "{md}");
    assert!(md.contains(
        "Of 734 hours, the 732 met or without data are not listed here; the JSON report (`--format json`) lists every hour."
    ));
    let html = slate::eval::to_html(&r);
    assert!(html.contains("The other 732 hours are met or without data."));
    assert!(html.len() < 400_000, "{}", html.len());
}

/// A volume per hour counts the records whose `at` falls in each clock
/// hour, the two `01:00` of the fall-back day apart.
#[test]
fn volumes_per_hour() {
    let source = slate_tests::with_objective(
        AGREEMENT,
        "offered \"Calls offered\" {\n    service  compute\n    count    calls on offered\n    at most  1 calls per hour",
    );
    // c1 at 00:30Z and c2 at 00:45Z are in 01:00+01:00: 2 > 1, breached;
    // c3 at 01:15Z is in 01:00+00:00: 1, met (the hour is over at the
    // cut-off 02:00Z).
    let r = run_on(
        &source,
        r#"{"id":"c1","at":"2026-10-25T00:30:00Z","event":"offered"}
{"id":"c2","at":"2026-10-25T00:45:00Z","event":"offered"}
{"id":"c3","at":"2026-10-25T01:15:00Z","event":"offered"}
"#,
        "2026-10-25T02:00:00Z",
        "2026-10-25",
    );
    let bst = period(&r, "offered", "2026-10-25T01:00+01:00");
    assert_eq!((bst.count, bst.verdict), (Some(2), Verdict::Breached));
    let gmt = period(&r, "offered", "2026-10-25T01:00+00:00");
    assert_eq!((gmt.count, gmt.verdict), (Some(1), Verdict::Met));
}

/// A duration aggregate per hour places each item in the clock hour of
/// its start, the two `01:00` of the fall-back day apart. (Until issue
/// 21's tallies every item of a date fell in its first hour: the hour was
/// found by the date alone.)
#[test]
fn duration_aggregates_per_hour() {
    let source = slate_tests::with_objective(
        AGREEMENT,
        "handle \"Handling\" {\n    service  compute\n    measure  calls from offered until answered\n    clock    24x7\n    average at most 60 seconds per hour",
    );
    // c1 starts at 00:30Z, in 01:00+01:00, answered after 30 s: met. c2
    // starts at 01:15Z, in 01:00+00:00, answered after 90 s: breached.
    // c3 starts at 01:30Z, also in 01:00+00:00, and is never answered:
    // pending there.
    let r = run_on(
        &source,
        r#"{"id":"c1","at":"2026-10-25T00:30:00Z","event":"offered"}
{"id":"c1","at":"2026-10-25T00:30:30Z","event":"answered"}
{"id":"c2","at":"2026-10-25T01:15:00Z","event":"offered"}
{"id":"c2","at":"2026-10-25T01:16:30Z","event":"answered"}
{"id":"c3","at":"2026-10-25T01:30:00Z","event":"offered"}
"#,
        "2026-10-25T02:00:00Z",
        "2026-10-25",
    );
    let aggregate = |label: &str| {
        let p = period(&r, "handle", label);
        let a = p.aggregate.as_ref().expect("an aggregate");
        let s = a.seconds.as_ref().map(|s| (s.numerator, s.denominator));
        (a.values, a.pending, s, p.verdict)
    };
    assert_eq!(
        aggregate("2026-10-25T00:00+01:00"),
        (0, 0, None, Verdict::NoData)
    );
    assert_eq!(
        aggregate("2026-10-25T01:00+01:00"),
        (1, 0, Some((30, 1)), Verdict::Met)
    );
    assert_eq!(
        aggregate("2026-10-25T01:00+00:00"),
        (1, 1, Some((90, 1)), Verdict::Breached)
    );
}

/// In a zone whose offset differs from the agreement's by half an hour,
/// the validity (from midnight in London, 00:00Z) starts inside a clock
/// hour (05:00–06:00 in Kolkata): that hour is the first period, cut to
/// the validity, as semantics.md's "the first and last periods are cut to
/// the validity" says. (It was left out, and the records in its half hour
/// with it.)
#[test]
fn a_half_hour_zone_starts_with_the_hour_the_validity_starts_in() {
    let source = slate_tests::with_objective(
        AGREEMENT,
        "offered \"Calls offered\" {\n    service  compute\n    timezone \"Asia/Kolkata\"\n    count    calls on offered\n    at most  1 calls per hour",
    );
    // c1 at 00:10Z is 05:40 in Kolkata; c2 at 00:40Z is 06:10.
    let r = run_on(
        &source,
        r#"{"id":"c1","at":"2026-01-01T00:10:00Z","event":"offered"}
{"id":"c2","at":"2026-01-01T00:40:00Z","event":"offered"}
"#,
        "2026-01-01T02:00:00Z",
        "2026-01-01",
    );
    let labels: Vec<(&str, Option<u64>)> = periods(&r, "offered")
        .iter()
        .take(3)
        .map(|p| (p.label.as_str(), p.count))
        .collect();
    assert_eq!(
        labels,
        [
            ("2026-01-01T05:00+05:30", Some(1)),
            ("2026-01-01T06:00+05:30", Some(1)),
            ("2026-01-01T07:00+05:30", Some(0)),
        ]
    );
}
