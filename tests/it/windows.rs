//! Report windows (`slate eval --from/--to`): a window shows the periods
//! that meet it, each exactly as the whole report shows it, and counts
//! what falls in the periods it leaves out as outside. Every objective's
//! periods are counted once, from the agreement's start to the cut-off
//! (issue 21's tallies), and a window reads a run of them: these
//! invariants hold whatever the window, held, cut into partitions or
//! spilled ([`slate_tests::evaluated`]).

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use slate::eval::report::{Bucket, Counts, Kind, ObjectiveReport, PeriodReport};
use slate::eval::{Options, Report};
use slate_tests::{evaluated, example_input, examples_with_events, relative};

/// The windows an example is cut to: its first, middle and last period
/// alone, and everything after its first period, by the dates of its
/// first objective's periods.
fn windows(report: &Report) -> Vec<(chrono::NaiveDate, chrono::NaiveDate)> {
    let Some(periods) = report.objectives.first().map(|o| &o.periods) else {
        return Vec::new();
    };
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Vec::new();
    };
    let middle = periods.get(periods.len() / 2).unwrap_or(first);
    let mut out = vec![
        (first.from, first.to),
        (middle.from, middle.to),
        (last.from, last.to),
    ];
    if let Some(second) = periods.get(1) {
        out.push((second.from, last.to));
    }
    out
}

/// Items a period counts, whatever their outcome.
fn items(p: &PeriodReport) -> u64 {
    p.counts.map_or(0, |c| {
        c.met + c.breached + c.pending + c.ignored + c.ungoverned
    })
}

/// The window's objective against the whole report's.
fn compare(name: &str, whole: &ObjectiveReport, cut: &ObjectiveReport, window: &str) {
    let at = format!("{name}, `{}`, window {window}", whole.name);
    let shown: Vec<&PeriodReport> = whole
        .periods
        .iter()
        .filter(|p| cut.periods.iter().any(|q| q.label == p.label))
        .collect();
    assert_eq!(
        serde_json::to_value(&cut.periods).expect("periods"),
        serde_json::to_value(&shown).expect("periods"),
        "{at}: a period differs from the whole report's, or is missing"
    );
    let hidden = |p: &&PeriodReport| !cut.periods.iter().any(|q| q.label == p.label);
    match whole.kind {
        Kind::TimeToEvent => {
            let left_out: u64 = whole.periods.iter().filter(hidden).map(items).sum();
            assert_eq!(
                cut.items_outside,
                whole.items_outside + left_out,
                "{at}: items outside"
            );
            let breached: Vec<_> = whole
                .breached_items
                .iter()
                .filter(|i| cut.periods.iter().any(|q| q.label == i.period))
                .collect();
            assert_eq!(
                cut.breached_items.iter().collect::<Vec<_>>(),
                breached,
                "{at}: breached items"
            );
            // Every met, breached or pending item is in one band.
            let band = |f: fn(&Bucket) -> u64| -> u64 { cut.distribution.iter().map(f).sum() };
            let counted = |f: fn(&Counts) -> u64| -> u64 {
                cut.periods
                    .iter()
                    .filter_map(|p| p.counts.as_ref())
                    .map(f)
                    .sum()
            };
            assert_eq!(band(|b| b.met), counted(|c| c.met), "{at}: met by band");
            assert_eq!(
                band(|b| b.breached),
                counted(|c| c.breached),
                "{at}: breached by band"
            );
            assert_eq!(
                band(|b| b.pending),
                counted(|c| c.pending),
                "{at}: pending by band"
            );
        }
        Kind::Rate => assert_eq!(cut.items_outside, whole.items_outside, "{at}: outside"),
        _ => {}
    }
}

#[test]
fn a_window_shows_the_whole_reports_periods_and_counts_the_rest_outside() {
    let mut windows_cut = 0;
    for path in examples_with_events() {
        let name = relative(&path);
        let e = example_input(&path, 1, 0);
        let whole = evaluated(&name, &e.rules, &e.events, e.bill.as_ref(), &e.options);
        for (from, to) in windows(&whole) {
            let window = format!("{from} to {to}");
            let options = Options {
                from: Some(from),
                to: Some(to),
                ..e.options.clone()
            };
            let cut = evaluated(
                &format!("{name}, window {window}"),
                &e.rules,
                &e.events,
                e.bill.as_ref(),
                &options,
            );
            assert_eq!(cut.objectives.len(), whole.objectives.len(), "{name}");
            for (w, c) in whole.objectives.iter().zip(&cut.objectives) {
                assert!(
                    !c.periods.is_empty() || w.periods.is_empty(),
                    "{name}, `{}`, window {window}: no period shown",
                    w.name
                );
                compare(&name, w, c, &window);
            }
            windows_cut += 1;
        }
    }
    assert!(windows_cut >= 40, "only {windows_cut} windows cut");
}

/// By default the window ends on the cut-off's latest date in any
/// objective's zone: a daily objective in Lord Howe (10:30 ahead of
/// London in May) shows its period holding the cut-off, whose date in
/// London is a day earlier. (It ended on London's date, and the ticket of
/// 28 May in Lord Howe was counted outside.)
#[test]
fn the_default_window_shows_an_objectives_period_of_the_cut_off_in_a_zone_ahead() {
    // The hourly tests' agreement: 2026, in Europe/London.
    let agreement = slate_tests::with_objective(
        include_str!("../data/eval/hourly.sla"),
        "reply \"Reply\" {\n    service  compute\n    timezone \"Australia/Lord_Howe\"\n    measure  tickets from created until replied\n    goal     otherwise within 1 hour\n    target   90% of tickets per day",
    );
    // Created at 14:00Z on 27 May: 00:30 on 28 May in Lord Howe. The
    // cut-off, a second after the last record, is still 27 May in London.
    let events = r#"{"id":"T1","at":"2026-05-27T14:00:00Z","event":"created"}
{"id":"T1","at":"2026-05-27T14:10:00Z","event":"replied"}
"#;
    let r = slate_tests::evaluate_source("zones.sla", &agreement, events, &Options::default());
    assert_eq!(r.window.to.to_string(), "2026-05-28");
    let o = r
        .objectives
        .iter()
        .find(|o| o.name == "reply")
        .expect("the objective");
    assert_eq!(o.items_outside, 0);
    let last = o.periods.last().expect("periods");
    assert_eq!(
        (last.label.as_str(), last.counts.map(|c| c.met)),
        ("2026-05-28", Some(1))
    );
}
