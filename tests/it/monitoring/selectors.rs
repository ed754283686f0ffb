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

const FIELDS: [&str; 6] = ["good", "total", "latency", "probe", "numerator", "denominator"];

/// `text` with every selector replaced by `selector`.
fn with_selector(text: &str, selector: &str) -> String {
    let literal = format!("\"{}\"", selector.replace('\\', "\\\\").replace('"', "\\\""));
    text.lines()
        .map(|line| {
            let word = line.split_whitespace().next().unwrap_or_default();
            match line.find('"') {
                Some(at) if FIELDS.contains(&word) => format!("{}{literal}", line.get(..at).unwrap_or_default()),
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
            if selector.starts_with('{') && !["ratio-month", "probe-day", "rate-month"].contains(&name) {
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
    let report = super::run(Command::new(&promtool)
        .arg("check")
        .arg("rules")
        .args(&rule_files));
    assert_eq!(
        report.matches("SUCCESS").count(),
        rule_files.len(),
        "{report}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
