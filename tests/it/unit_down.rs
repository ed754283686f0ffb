//! Downtime minutes by an error rate (`downtime when errors of requests
//! above 5% on request_stats` beside `downtime in units of 1 minute`): a
//! unit is down when the sums of the two attributes over the records inside
//! it give errors / total strictly above the rate; a unit with no records,
//! or a total of 0, is up; `down`/`up` records are not read
//! (docs/semantics.md). The agreement and events are
//! `tests/data/eval/downtime-error-rate.*`; every figure is worked out by
//! hand.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{Downtime, Report, Verdict};
use slate_tests::{read, root};

const AGREEMENT: &str = "tests/data/eval/downtime-error-rate.sla";
const EVENTS: &str = "tests/data/eval/downtime-error-rate.events.ndjson";

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
        .find(|o| o.name == "api_uptime")
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

/// 25 October 2026 in London is 25 hours (the clocks go back at 02:00
/// BST): 1,500 one-minute units from local midnight, 23:00 UTC on the 24th.
/// - 10:00 UTC: 3 + 2 = 5 errors of 40 + 60 = 100 requests, exactly 5%,
///   not above it: up.
/// - 10:01: the record at 10:01:00 starts this unit (not the one before:
///   there it would make 11 of 200 = 5.5%, down): 6 of 100 = 6%: down.
/// - 11:00: 2 errors of 0 requests: a total of 0 is up.
/// - 12:30: 0.51 of 10 = 5.1%: down (exact decimals).
/// - 12:31: `1e0` of `2E1` = 1 of 20 = 5%: up.
/// - The `down` at 14:00 and `up` at 15:00 are not read (60 minutes that
///   would otherwise be down); the records of item `web` are not the
///   objective's.
///
/// 2 down of 1,500: 1,498/1,500 = 99.866…% < 99.9%: breached. The down
/// time is the 2 minutes, 120 s, in 2 separate runs.
///
/// 26 October (24 h, 1,440 units): 08:00, 1 of 1 = 100%: down;
/// 1,439/1,440 = 99.930…%: met. 27 October: 0 of 500 at 23:59:59, up;
/// 1,440/1,440: met.
#[test]
fn minutes_by_error_rate_across_the_clocks_going_back() {
    let r = run("2026-10-28T00:00:00Z");
    // `api`'s records are read by the rule (they made minutes down), so it
    // is not an item no objective uses; `web`, which `items` leaves out, is.
    assert_eq!(r.input.unknown_item_ids, vec!["web".to_owned()]);
    let (t, verdict, value) = day(&r, "2026-10-25");
    assert_eq!(units(t), (Some(60), Some(1500), Some(2)));
    assert_eq!(
        (t.measured_seconds, t.down_seconds, t.outages),
        (90_000, 120, 2)
    );
    assert_eq!(value, "1498/1500");
    assert_eq!(verdict, Verdict::Breached);
    let (t, verdict, value) = day(&r, "2026-10-26");
    assert_eq!(units(t), (Some(60), Some(1440), Some(1)));
    assert_eq!(value, "1439/1440");
    assert_eq!(verdict, Verdict::Met);
    let (t, verdict, value) = day(&r, "2026-10-27");
    assert_eq!(units(t), (Some(60), Some(1440), Some(0)));
    assert_eq!(value, "1440/1440");
    assert_eq!(verdict, Verdict::Met);
}

/// A cut-off at 10:01:30 UTC on 25 October: the day is measured to it,
/// 11 h 1 min 30 s from 23:00 UTC = 39,690 s, which touches 661 whole
/// minutes and the minute 10:01: 662 measured units. The minute 10:01 has
/// its record (at 10:01:00, before the cut-off): 6%, down. 661/662.
#[test]
fn a_unit_cut_by_the_cut_off_is_judged_on_its_records_so_far() {
    let r = run("2026-10-25T10:01:30Z");
    let (t, _, value) = day(&r, "2026-10-25");
    assert_eq!(t.measured_seconds, 39_690);
    assert_eq!(units(t), (Some(60), Some(662), Some(1)));
    assert_eq!(value, "661/662");
}

/// Every `request_stats` record of the objective's items before the
/// cut-off needs both counts, written as JSON numbers and not negative:
/// line 2 lacks `requests`, line 3 carries `ten`, line 4 a negative count.
/// A `down` record (line 5), a record of another item (line 6) and one at
/// the cut-off (line 7) need none. The three are invalid records, named by
/// file and line, and left out; the evaluation reads the rest (line 1,
/// 1 of 10 = 10%: 1 down minute of 1,500).
#[test]
fn a_record_without_its_counts_is_an_invalid_record() {
    let events = r#"{"id":"api","at":"2026-10-25T09:00:00Z","event":"request_stats","errors":1,"requests":10}
{"id":"api","at":"2026-10-25T09:01:00Z","event":"request_stats","errors":1}
{"id":"api","at":"2026-10-25T09:02:00Z","event":"request_stats","errors":1,"requests":"ten"}
{"id":"api","at":"2026-10-25T09:03:00Z","event":"request_stats","errors":-1,"requests":10}
{"id":"api","at":"2026-10-25T09:04:00Z","event":"down"}
{"id":"web","at":"2026-10-25T09:05:00Z","event":"request_stats"}
{"id":"api","at":"2026-10-26T00:00:00Z","event":"request_stats"}
"#;
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = slate::eval::Events::default();
    e.read("stats.ndjson", events, slate::eval::Format::Ndjson);
    assert!(e.invalid.is_empty());
    let as_of = slate_tests::instant("2026-10-26T00:00:00Z");
    let options = Options {
        as_of: Some(as_of),
        ..Options::default()
    };
    // Unchecked, the evaluation refuses rather than guess.
    let err = slate::eval::evaluate(&rules, &e, &options).expect_err("refused");
    assert!(err.to_string().contains("no `requests`"), "{err}");
    slate::eval::refuse_non_numbers(&rules, &mut e, Some(as_of));
    let found: Vec<String> = e.invalid.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "stats.ndjson:2: no `requests`, and objective `api_uptime` counts `requests` on every `request_stats` record",
            "stats.ndjson:3: `requests` is `ten`, not a number (a JSON number such as `12` or `0.5`), and objective `api_uptime` counts `requests` on every `request_stats` record",
            "stats.ndjson:4: `errors` is `-1`, and a count is not negative",
        ]
    );
    assert_eq!(e.invalid_total, 3);
    assert_eq!(e.records.len(), 4);
    let r = slate::eval::evaluate(&rules, &e, &options).expect("a report");
    let (t, verdict, value) = day(&r, "2026-10-25");
    assert_eq!(units(t), (Some(60), Some(1500), Some(1)));
    assert_eq!(value, "1499/1500");
    assert_eq!(verdict, Verdict::Met);
}

/// A hand-edited rule set whose error-rate rule does not fit is refused on
/// reading, even resealed with its digest: a downward comparison, a bound
/// every unit with a total meets, one attribute twice, or no unit.
#[test]
fn a_rule_set_with_a_rule_that_does_not_fit_is_refused() {
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        v["objectives"][0]["measure"]["unit_down"],
        serde_json::json!({
            "event": "request_stats",
            "errors": "errors",
            "total": "requests",
            "comparison": "above",
            "percent": "5",
        })
    );
    let edits: [(&str, serde_json::Value, &str); 6] = [
        ("comparison", "at_most".into(), "unit_down.comparison"),
        ("percent", "100".into(), "unit_down.percent"),
        ("errors", "requests".into(), "measure.unit_down"),
        // Names as the language writes them: no agreement states these.
        (
            "total",
            "all requests".into(),
            "`errors` and `total` are names",
        ),
        ("event", " ".into(), "`errors` and `total` are names"),
        ("none", serde_json::Value::Null, "measure.unit_down"),
    ];
    for (field, value, place) in edits {
        let mut v = v.clone();
        let measure = &mut v["objectives"][0]["measure"];
        if field == "none" {
            measure
                .as_object_mut()
                .expect("measure")
                .remove("downtime_unit_seconds");
        } else {
            measure["unit_down"][field] = value;
        }
        let err =
            slate::rules::from_json(&crate::rules::resealed_as_written(v)).expect_err("refused");
        assert!(err.to_string().contains(place), "{field}: {err}");
    }
}

/// A count that is a JSON number beyond the exact decimals Slate holds is
/// refused as such, with the same words as a sample's: not as "not a number".
#[test]
fn a_count_beyond_the_exact_decimals_says_so() {
    let events = r#"{"id":"api","at":"2026-10-25T09:00:00Z","event":"request_stats","errors":1,"requests":1.5e400}
{"id":"api","at":"2026-10-25T09:01:00Z","event":"request_stats","errors":1e-30,"requests":10}
"#;
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = slate::eval::Events::default();
    e.read("stats.ndjson", events, slate::eval::Format::Ndjson);
    slate::eval::refuse_non_numbers(&rules, &mut e, None);
    let found: Vec<String> = e.invalid.iter().map(ToString::to_string).collect();
    let beyond = "a number, but beyond the exact decimals Slate holds (at most 28 significant digits and 28 decimal places), and objective `api_uptime` counts";
    assert_eq!(found.len(), 2, "{found:?}");
    for (line, text) in found.iter().zip([
        "stats.ndjson:1: `requests` is `1.5e400`, ",
        "stats.ndjson:2: `errors` is `1e-30`, ",
    ]) {
        assert!(line.starts_with(text) && line.contains(beyond), "{line}");
    }
}

/// An item's attributes stand at the cut-off in the order records apply
/// (instant, then reading order), not in the file's order: the record
/// written first is the latest, and its `tier` is the item's. The item is
/// the objective's, so its 10:00 unit (6 errors of 100 requests, 6%) is
/// down; read in file order, its tier would be `staging` and no unit read.
#[test]
fn an_error_rate_rule_reads_the_items_attributes_in_the_order_records_apply() {
    let source = read(&root().join(AGREEMENT)).replace(
        "uptime   at least 99.9% per day",
        "uptime   at least 99.9% per day where tier is \"production\"",
    );
    assert!(source.contains("where tier"), "the objective has its where");
    let events = concat!(
        r#"{"id":"api","at":"2026-10-25T10:05:10Z","event":"request_stats","errors":0,"requests":10,"tier":"production"}"#,
        "\n",
        r#"{"id":"api","at":"2026-10-25T10:00:10Z","event":"request_stats","errors":6,"requests":100,"tier":"staging"}"#,
        "\n",
    );
    let options = Options {
        as_of: Some(slate_tests::instant("2026-10-25T12:00:00Z")),
        details: true,
        ..Options::default()
    };
    let r = slate_tests::evaluate_source(AGREEMENT, &source, events, &options);
    let (time, _, _) = day(&r, "2026-10-25");
    assert_eq!(time.down_units, Some(1));
}
