//! Downtime counted in units from a probe series (`source prometheus {
//! probe "…" }`): the Prometheus rules count the down units of a period as
//! `slate eval` counts them from `down`/`up` records (docs/rules.md). The
//! rules' figures are worked by hand and checked by promtool in
//! `tests/data/prometheus/probe-day.test.yml`; here the same outages go
//! through `slate eval`.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::Options;
use slate::eval::report::{Report, Verdict};
use slate_tests::{read, root};

const AGREEMENT: &str = "tests/data/prometheus/probe-day.sla";
const EVENTS: &str = "tests/data/prometheus/probe-day.events.ndjson";

fn report() -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("1970-03-10T00:00:00Z")),
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

/// (measured units, down units, verdict) of an objective on 8 March 1970.
fn day(r: &Report, objective: &str) -> (Option<i64>, Option<i64>, Verdict) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == "1970-03-08"))
        .unwrap_or_else(|| panic!("no period of {objective}"));
    let t = p.time.expect("time");
    (t.measured_units, t.down_units, p.verdict)
}

/// The probe samples of `probe-day.test.yml` as records, one item for the
/// union of the two series: a sample 0 at t is `down` at t, a 1 is `up`;
/// a staleness marker at t is `up` at t, and a sample followed by no other
/// for more than 5 minutes holds for the lookback: the 0 at 14:40:15 UTC is
/// `up` at 14:45:15. 8 March 1970 in Hobart is 25 hours from 13:00 UTC on
/// the 7th (S). Outages from S: [615, 630), [1200, 1215), [3000, 3240),
/// [6015, 6315), [9015, 9030), [12000, 12015).
/// - minutes: 10, 20, 50–53, 100–105, 150, 200: 14 of 1,500; 1,486/1,500
///   = 99.07% ≥ 99%: met.
/// - five minutes: [600, 900), [1200, 1500), [3000, 3300), [6000, 6300),
///   [6300, 6600), [9000, 9300), [12000, 12300): 7 of 300; 293/300 =
///   97.67% < 99%: breached.
///
/// The same 14 and 7 down units promtool finds from the series.
#[test]
fn eval_counts_the_down_units_the_rules_count() {
    let r = report();
    assert_eq!(day(&r, "minutes"), (Some(1500), Some(14), Verdict::Met));
    assert_eq!(day(&r, "fives"), (Some(300), Some(7), Verdict::Breached));
}

/// Prometheus monitors both objectives; OpenSLO leaves them out, because a
/// time slice there is judged by each tool's own aggregation.
#[test]
fn prometheus_monitors_a_probe_and_openslo_does_not() {
    let checked = slate_tests::check_at(&root().join(AGREEMENT));
    let (text, left) = slate::rules_for(&checked, slate::RulesTarget::Prometheus);
    assert!(left.is_empty(), "{left:?}");
    let text = text.expect("rules");
    assert!(text.contains("record: slate:probe_units:down_period"));
    assert!(text.contains(
        "group(min_over_time(probe_success{job=\"api\"}[59999ms] offset 1ms) == 0 or (probe_success{job=\"api\"} offset 60s == 0 and timestamp(probe_success{job=\"api\"} offset 60s) > time() - 360))"
            .replace('"', "\\\"")
            .as_str()
    ), "{text}");
    let (_, left) = slate::rules_for(&checked, slate::RulesTarget::OpenSlo);
    assert_eq!(left.len(), 3);
    for d in &left {
        assert!(d.label.contains("time slice"), "{d:?}");
    }
}

/// A hand-edited rule set whose probe is not a selector, or measures an
/// objective that is not about availability, is refused on reading.
#[test]
fn a_hand_edited_bad_probe_is_refused() {
    let source = read(&root().join(AGREEMENT));
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", slate_tests::human(&d, AGREEMENT, &source)));
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        v["objectives"][0]["source"],
        serde_json::json!({"kind": "prometheus_probe", "probe": "probe_success{job=\"api\"}"})
    );
    let mut bad = v.clone();
    bad["objectives"][0]["source"]["probe"] = "probe_success{job=".into();
    let mut volume = v.clone();
    volume["objectives"][0]["measure"] = serde_json::json!({
        "kind": "volume", "noun": "orders", "event": "placed", "filter": [],
        "exclude": [], "bound": "at_least", "count": 1
    });
    for (mut v, why) in [
        (bad, "is not a Prometheus selector"),
        (volume, "availability objectives only"),
    ] {
        v["agreement"]
            .as_object_mut()
            .expect("agreement")
            .remove("digest");
        let canonical = serde_json::to_string(&v).expect("JSON");
        v["agreement"]["digest"] =
            format!("sha256:{}", slate::terms::sha256_hex(canonical.as_bytes())).into();
        let err = slate::rules::from_json(&v.to_string()).expect_err("refused");
        let err = err.to_string();
        assert!(
            err.contains("objectives[0].source.probe") && err.contains(why),
            "{err}"
        );
    }
}

/// The editor knows `probe` from the grammar: offered at the start of a
/// line in a `source prometheus` block, and explained on hover.
#[test]
fn the_editor_completes_and_explains_probe() {
    use slate_lsp::lsp_types::{HoverContents, Position};
    let text = read(&root().join(AGREEMENT));
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("probe "))
        .expect("a probe line");
    let line = u32::try_from(line).expect("line");
    let a = slate_lsp::analyze(&text, std::path::Path::new(AGREEMENT));
    let hover = slate_lsp::hover::hover(&a, Position::new(line, 7)).expect("a hover");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markup")
    };
    assert!(
        m.value.contains("1 while the service answers"),
        "{}",
        m.value
    );
    let blank = text.replacen("      probe ", "      \n      probe ", 1);
    let a = slate_lsp::analyze(&blank, std::path::Path::new(AGREEMENT));
    let labels: Vec<String> = slate_lsp::complete::completion(&a, Position::new(line, 6))
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(labels.iter().any(|l| l == "probe"), "{labels:?}");
}
