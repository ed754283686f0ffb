//! k of n components (`down when at least k components are down`): the
//! service is down only while at least k of its listed components are down
//! at once (docs/semantics.md). The agreement and events are
//! `tests/data/eval/zones-k-of-n.*`; every figure is worked out by hand.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{Downtime, Report, Verdict};
use slate_tests::{read, root};

const AGREEMENT: &str = "tests/data/eval/zones-k-of-n.sla";
const EVENTS: &str = "tests/data/eval/zones-k-of-n.events.ndjson";
const K: &str = "down    when at least 2 components are down";

/// The case with its `down when` line replaced by `line`, cut off at the
/// end of 1 July 2026.
fn run(line: &str) -> Report {
    let source = read(&root().join(AGREEMENT)).replace(K, line);
    let options = Options {
        as_of: Some(slate_tests::instant("2026-07-02T00:00:00Z")),
        details: true,
        ..Options::default()
    };
    slate_tests::evaluate_source(AGREEMENT, &source, &read(&root().join(EVENTS)), &options)
}

fn time(r: &Report, label: &str) -> (Downtime, Verdict) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == "region_uptime")
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label}"));
    (p.time.expect("time"), p.verdict)
}

/// Two of three zones. June 2026 is 30 × 86,400 = 2,592,000 s measured.
/// - 1 June: a 10:00–10:30, b 10:20–11:00: two down 10:20–10:30 = 600 s.
/// - 2 June: a 12:00–12:10, b 12:10–12:20 only touch: 0 s.
/// - 3 June: a 08:00–09:00, b 08:00–08:30, c 08:30–09:00: two down from
///   08:00 to 09:00 without a break (b hands over to c) = 3600 s, one outage.
/// - 4 June: a 10:00–11:00, b 10:59:30–11:30: two down for 30 s, shorter
///   than the 1-minute minimum, which applies after combining: 0 s.
/// - 5 June: a's outage has cause "customer" and is excluded, so only b
///   is down: 0 s.
/// - 30 June: a 23:00–01:00, c 23:30–00:30: two down 23:30–00:30, split at
///   the month's end: 1800 s in June, 1800 s in July.
///
/// June: 600 + 3600 + 1800 = 6000 s in 3 outages; availability
/// 2,586,000 / 2,592,000 = 99.768…% < 99.9%: breached. July, cut off at
/// 2 July 00:00: 86,400 s measured, 1800 s down (84,600 / 86,400 = 97.916…%).
#[test]
fn two_of_three_zones() {
    let r = run(K);
    let (june, verdict) = time(&r, "2026-06");
    assert_eq!(
        (june.measured_seconds, june.down_seconds, june.outages),
        (2_592_000, 6000, 3)
    );
    assert_eq!(verdict, Verdict::Breached);
    let (july, _) = time(&r, "2026-07");
    assert_eq!(
        (july.measured_seconds, july.down_seconds, july.outages),
        (86_400, 1800, 1)
    );
}

/// k = 1 is the union, the same as no `down when`. June: 1 June 10:00–11:00
/// = 3600; 2 June 12:00–12:20 (touching outages merge) = 1200; 3 June
/// 08:00–09:00 = 3600; 4 June 10:00–11:30 = 5400; 5 June b alone
/// 10:00–12:00 = 7200; 30 June 23:00–24:00 = 3600. Total 24,600 s in 6
/// outages.
#[test]
fn one_of_three_is_the_union() {
    for line in ["down    when at least 1 components are down", ""] {
        let (june, _) = time(&run(line), "2026-06");
        assert_eq!((june.down_seconds, june.outages), (24_600, 6), "{line:?}");
    }
}

/// k = n is the intersection: no instant has all three zones down (on 3
/// June a and b, then a and c), so nothing is down and June is met.
#[test]
fn three_of_three_is_the_intersection() {
    let r = run("down    when at least 3 components are down");
    let (june, verdict) = time(&r, "2026-06");
    assert_eq!((june.down_seconds, june.outages), (0, 0));
    assert_eq!(verdict, Verdict::Met);
}

/// A hand-edited rule set with k outside 1..n is refused on reading, even
/// resealed with its digest.
#[test]
fn a_rule_set_with_k_outside_one_to_n_is_refused() {
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["objectives"][0]["measure"]["components_down"], 2);
    for bad in [0, 4] {
        let mut v = v.clone();
        v["objectives"][0]["measure"]["components_down"] = bad.into();
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
                .contains("objectives[0].measure.components_down"),
            "{err}"
        );
    }
}
