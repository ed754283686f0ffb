//! Every selector `slate check` accepts makes rules Prometheus accepts, in
//! every place Slate puts one: `rate(…[5m])`, `increase(…)`, the
//! `_bucket`/`_sum`/`_count` series of a histogram, and a probe's
//! `min_over_time(…[…] offset …)` and `… offset 60s == 0`.

use std::process::Command;

use slate::RulesTarget;
use slate_tests::read;

/// Selectors that look odd and are valid PromQL.
const TRICKY: [&str; 10] = [
    "{__name__=\"x\"}",
    "x{a=~\"a|b\"}",
    "x{a!~\".*\"}",
    "x{a=\"\\\"\"}",
    "job:requests:rate5m",
    ":x:{a=`b`}",
    "x{a=~'(?i)a+\\\\.b{2,1000}'}",
    "x{a=~\"\\\\x{41}\\\\pL[[:alpha:]]\"}",
    "nan_total{on=\"a\",bool=\"b\"}",
    "summary_total",
];

/// The agreements of `tests/data/prometheus` whose sources cover every kind
/// of selector.
const TEMPLATES: [&str; 6] = [
    "ratio-month",
    "latency-day",
    "average-day",
    "percentile-day",
    "probe-day",
    "rate-month",
];

const FIELDS: [&str; 6] = [
    "good",
    "total",
    "latency",
    "probe",
    "numerator",
    "denominator",
];

/// `text` with every selector replaced by `selector`.
fn with_selector(text: &str, selector: &str) -> String {
    let literal = format!(
        "\"{}\"",
        selector.replace('\\', "\\\\").replace('"', "\\\"")
    );
    text.lines()
        .map(|line| {
            let word = line.split_whitespace().next().unwrap_or_default();
            match line.find('"') {
                Some(at) if FIELDS.contains(&word) => {
                    format!("{}{literal}", line.get(..at).unwrap_or_default())
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn promtool_accepts_the_rules_of_tricky_selectors() {
    let Some(promtool) = super::promtool() else {
        return;
    };
    let dir = super::temp_dir("promtool-selectors");
    let root = slate_tests::root().join("tests/data/prometheus");
    let mut rule_files = Vec::new();
    for (i, selector) in TRICKY.iter().enumerate() {
        for name in TEMPLATES {
            // A histogram is named by its metric name (E0318).
            if selector.starts_with('{')
                && !["ratio-month", "probe-day", "rate-month"].contains(&name)
            {
                continue;
            }
            let text = with_selector(&read(&root.join(format!("{name}.sla"))), selector);
            let path = dir.join(format!("{name}-{i}.sla"));
            std::fs::write(&path, &text).expect("write");
            let checked = slate::check_file(&path, text, &slate_tests::Rooted);
            assert!(
                checked.diagnostics.iter().all(|d| !d.is_error()),
                "{selector} in {name}: {}",
                checked.human(&checked.diagnostics, name, false)
            );
            let (rules, _) = slate::rules_for(&checked, RulesTarget::Prometheus);
            let rules = rules.unwrap_or_else(|| panic!("{selector} in {name}: no rules"));
            assert!(rules.contains("expr:"), "{selector} in {name}: {rules}");
            let out = dir.join(format!("{name}-{i}.yml"));
            std::fs::write(&out, rules).expect("write");
            rule_files.push(out);
        }
    }
    let report = super::run(
        Command::new(&promtool)
            .arg("check")
            .arg("rules")
            .args(&rule_files),
    );
    assert_eq!(
        report.matches("SUCCESS").count(),
        rule_files.len(),
        "{report}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A rule set whose hand-edited selector Prometheus would refuse is
/// refused on reading, as `slate check` refuses it.
#[test]
fn a_hand_edited_selector_prometheus_refuses_is_refused_on_reading() {
    let root = slate_tests::root().join("tests/data/prometheus");
    for (name, field) in [
        ("ratio-month", "good"),
        ("ratio-month", "total"),
        ("latency-day", "histogram"),
        ("rate-month", "denominator"),
    ] {
        let model = slate_tests::model_at(&root.join(format!("{name}.sla")));
        let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
        for (selector, why) in [
            ("NaN", "which PromQL reads as a number"),
            ("x{a=~\"(\"}", "unclosed group"),
            ("x{a=~\"a**\"}", "a repetition of a repetition"),
        ] {
            let mut v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            v["objectives"][0]["source"][field] = selector.into();
            v["agreement"]
                .as_object_mut()
                .expect("agreement")
                .remove("digest");
            let canonical = serde_json::to_string(&v).expect("JSON");
            v["agreement"]["digest"] =
                format!("sha256:{}", slate::terms::sha256_hex(canonical.as_bytes())).into();
            let err = slate::rules::from_json(&v.to_string())
                .expect_err("refused")
                .to_string();
            assert!(
                err.contains(&format!("objectives[0].source.{field}")) && err.contains(why),
                "{name} {field} {selector}: {err}"
            );
        }
    }
}
