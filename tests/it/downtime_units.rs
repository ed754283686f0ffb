//! Downtime counted in units (`downtime in units of 1 minute`): units are
//! real spans from the period's start, the last cut at the period's end; a
//! unit is measured if any part is measured time and down if any part of
//! its measured time is downtime (docs/semantics.md). The agreement and
//! events are `tests/data/eval/downtime-minutes.*`; every figure is worked
//! out by hand.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{Downtime, Report, Verdict};
use slate_tests::{read, root};

const AGREEMENT: &str = "tests/data/eval/downtime-minutes.sla";
const EVENTS: &str = "tests/data/eval/downtime-minutes.events.ndjson";

fn run(as_of: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant(as_of)),
        details: true,
        ..Options::default()
    };
    slate_tests::evaluate_source(
        AGREEMENT,
        &read(&root().join(AGREEMENT)),
        &read(&root().join(EVENTS)),
        &options,
    )
}

fn day(r: &Report, label: &str) -> (Downtime, Verdict, String) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == "web_uptime")
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label}"));
    let value = p
        .value
        .as_ref()
        .map(|v| format!("{}/{}", v.numerator, v.denominator));
    (p.time.expect("time"), p.verdict, value.unwrap_or_default())
}

fn units(t: Downtime) -> (Option<i64>, Option<i64>, Option<i64>) {
    (t.unit_seconds, t.measured_units, t.down_units)
}

/// 25 October 2026 in London is 25 hours (the clocks go back at 02:00 BST):
/// 90,000 s, 1,500 one-minute units from local midnight (23:00 UTC on the
/// 24th, so units start on whole UTC minutes).
/// - 10:00:30–10:01:30 UTC: 60 s, touching the minutes 10:00 and 10:01: 2.
/// - 12:00:00–12:00:01: 1 s in one minute: 1.
/// - 13:00:00–13:01:00: exactly the minute 13:00 (its end does not reach
///   13:01): 1.
///
/// 4 down units of 1,500: 1,496/1,500 = 99.733…% < 99.9%: breached
/// (121 s down, which to the second would be 99.866…%).
///
/// 26 October (24 h, 1,440 units): 08:00:59–08:01:01, 2 s across a minute
/// boundary: 2 units; 1,438/1,440 = 99.861…%: breached.
/// 27 October: 09:00:00–09:00:30, 1 unit; 1,439/1,440 = 99.930…%: met.
#[test]
fn minutes_across_the_clocks_going_back() {
    let r = run("2026-10-28T00:00:00Z");
    let (t, verdict, value) = day(&r, "2026-10-25");
    assert_eq!((t.measured_seconds, t.down_seconds), (90_000, 121));
    assert_eq!(units(t), (Some(60), Some(1500), Some(4)));
    assert_eq!(value, "1496/1500");
    assert_eq!(verdict, Verdict::Breached);
    let (t, verdict, value) = day(&r, "2026-10-26");
    assert_eq!(units(t), (Some(60), Some(1440), Some(2)));
    assert_eq!(value, "1438/1440");
    assert_eq!(verdict, Verdict::Breached);
    let (t, verdict, value) = day(&r, "2026-10-27");
    assert_eq!(units(t), (Some(60), Some(1440), Some(1)));
    assert_eq!(value, "1439/1440");
    assert_eq!(verdict, Verdict::Met);
}

/// Cut off at 09:00:10 UTC on 27 October, inside a minute: the day is
/// measured to the cut-off, 32,410 s, which touches 540 whole minutes and
/// the minute 09:00: 541 measured units. The outage from 09:00:00 is still
/// open and counts to the cut-off: 10 s, the minute 09:00: 1 down unit.
/// 540/541.
#[test]
fn a_unit_cut_by_the_cut_off_is_measured() {
    let r = run("2026-10-27T09:00:10Z");
    let (t, _, value) = day(&r, "2026-10-27");
    assert_eq!((t.measured_seconds, t.down_seconds), (32_410, 10));
    assert_eq!(units(t), (Some(60), Some(541), Some(1)));
    assert_eq!(value, "540/541");
}

/// A hand-edited rule set whose unit is not a positive whole number of
/// minutes is refused on reading, even resealed with its digest.
#[test]
fn a_rule_set_with_a_unit_not_whole_minutes_is_refused() {
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["objectives"][0]["measure"]["downtime_unit_seconds"], 60);
    for bad in [0, 90] {
        let mut v = v.clone();
        v["objectives"][0]["measure"]["downtime_unit_seconds"] = bad.into();
        v["agreement"]
            .as_object_mut()
            .expect("agreement")
            .remove("digest");
        let canonical = serde_json::to_string(&v).expect("JSON");
        v["agreement"]["digest"] =
            format!("sha256:{}", slate::terms::sha256_hex(canonical.as_bytes())).into();
        let err = slate::rules::from_json(&v.to_string()).expect_err("refused");
        assert!(
            err.to_string()
                .contains("objectives[0].measure.downtime_unit_seconds"),
            "{err}"
        );
    }
}

/// Units of an hour start at the hour's start: 01:00–02:00 UTC in units of
/// 7 minutes is [01:00, 01:07), …, [01:49, 01:56) and [01:56, 02:00): 9
/// units. The outage 01:02:30–01:03:30 lies in the first: 1 down, 8/9.
/// (Units counted from midnight would put 01:03 on a boundary, [00:56,
/// 01:03) and [01:03, 01:10), and give 2 down of 10.)
#[test]
fn the_units_of_an_hour_start_at_the_hour() {
    const HOURLY: &str = "tests/data/eval/downtime-units-hourly.sla";
    const HOURLY_EVENTS: &str = "tests/data/eval/downtime-units-hourly.events.ndjson";
    let options = Options {
        as_of: Some(slate_tests::instant("2026-10-25T03:00:00Z")),
        details: true,
        ..Options::default()
    };
    let r = slate_tests::evaluate_source(
        HOURLY,
        &read(&root().join(HOURLY)),
        &read(&root().join(HOURLY_EVENTS)),
        &options,
    );
    let (t, verdict, value) = day(&r, "2026-10-25T01:00+00:00");
    assert_eq!(units(t), (Some(420), Some(9), Some(1)));
    assert_eq!(value, "8/9");
    assert_eq!(verdict, Verdict::Breached);
    let (t, verdict, value) = day(&r, "2026-10-25T02:00+00:00");
    assert_eq!(units(t), (Some(420), Some(9), Some(0)));
    assert_eq!(value, "9/9");
    assert_eq!(verdict, Verdict::Met);
}
