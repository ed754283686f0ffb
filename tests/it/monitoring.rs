//! The Prometheus and OpenSLO backends: snapshots of every example, the real
//! `promtool` on every rule file, `promtool test rules` unit tests on series
//! written in `tests/data/prometheus/*.test.yml` (`monitor.test.yml`: the
//! alerts over `slate monitor`'s metrics), the OpenSLO v1 spec checks of
//! `openslo_spec.rs`, and the warnings for objectives Prometheus watches
//! through the monitor or OpenSLO leaves out.
//!
//! CI installs Prometheus (`.ci/run`) and sets `CI=true`, where a missing
//! `promtool` fails the test instead of skipping it.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

mod openslo_spec;
mod selectors;

use std::path::{Path, PathBuf};
use std::process::Command;

use slate::RulesTarget;
use slate_tests::{files, human, read, relative};

fn promtool() -> Option<PathBuf> {
    slate_tests::program_or_skip(
        &["/usr/bin/promtool", "/usr/local/bin/promtool"],
        "promtool",
        "prometheus",
    )
}

/// Compiles an agreement for `target`, which must succeed.
fn compile(path: &Path, target: RulesTarget) -> (String, Vec<slate::Diagnostic>) {
    let (text, diagnostics, _) = compile_shown(path, target);
    (text, diagnostics)
}

/// [`compile`], with the diagnostics as `slate rules` shows them (in the
/// files they point into).
fn compile_shown(path: &Path, target: RulesTarget) -> (String, Vec<slate::Diagnostic>, String) {
    let checked = slate_tests::check_at(path);
    let (text, mut left) = slate::rules_for(&checked, target);
    let text = text.unwrap_or_else(|| panic!("{} does not compile", relative(path)));
    let mut diagnostics = checked.diagnostics.clone();
    diagnostics.append(&mut left);
    let shown = checked.human(&diagnostics, &relative(path), false);
    (text, diagnostics, shown)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("slate-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("promtool runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// Every example's Prometheus rules and OpenSLO documents are snapshotted,
/// with the warnings for the objectives each leaves out.
#[test]
fn examples_compile_to_prometheus_and_openslo() {
    insta::glob!("../../examples", "**/*.sla", |path| {
        for (target, snapshot) in [
            (RulesTarget::Prometheus, "prometheus"),
            (RulesTarget::OpenSlo, "openslo"),
        ] {
            let (text, diagnostics, warnings) = compile_shown(path, target);
            assert!(
                diagnostics
                    .iter()
                    .all(|d| d.code == slate::Code::NotMonitorable)
            );
            snapshot!(snapshot, format!("{text}\n==== warnings\n{warnings}"));
        }
    });
}

/// The same agreement gives byte-identical files.
#[test]
fn output_is_deterministic() {
    for path in files("examples", "sla") {
        for target in [RulesTarget::Prometheus, RulesTarget::OpenSlo] {
            assert_eq!(compile(&path, target).0, compile(&path, target).0);
        }
    }
}

/// The agreements whose objectives can be monitored from metrics.
fn monitored() -> Vec<PathBuf> {
    let mut all = files("examples", "sla");
    all.extend(files("tests/data/prometheus", "sla"));
    all.extend(files("tests/data/rules", "sla"));
    all
}

/// `promtool check rules` accepts every generated rule file.
#[test]
fn promtool_accepts_every_rule_file() {
    let Some(promtool) = promtool() else { return };
    let dir = temp_dir("promtool-check");
    let mut rule_files = Vec::new();
    for path in monitored() {
        let (text, _) = compile(&path, RulesTarget::Prometheus);
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let out = dir.join(format!("{stem}.yml"));
        std::fs::write(&out, text).expect("write");
        rule_files.push(out);
    }
    let report = run(Command::new(&promtool)
        .arg("check")
        .arg("rules")
        .args(&rule_files));
    assert_eq!(
        report.matches("SUCCESS").count(),
        rule_files.len(),
        "{report}"
    );
    // The examples with a metric source produce rules; the others none.
    // 16 = 7 error ratios, target, budget, period start, 2 counts,
    // compliance, 2 burn alerts and the breach alert; a day has no burns.
    for (file, rules) in [("saas.yml", 16), ("atm.yml", 16), ("call-centre.yml", 14)] {
        let at = report.find(file).expect("checked");
        assert!(
            report[at..].contains(&format!("SUCCESS: {rules} rules found")),
            "{file}: {report}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `promtool test rules` runs each `tests/data/prometheus/NAME.test.yml` on
/// the rules generated from `NAME.sla`.
#[test]
fn promtool_unit_tests_pass() {
    let Some(promtool) = promtool() else { return };
    let dir = temp_dir("promtool-test");
    let tests = files("tests/data/prometheus", "yml");
    assert!(!tests.is_empty());
    for test in tests {
        let file = test.file_name().and_then(|s| s.to_str()).expect("name");
        let stem = file.strip_suffix(".test.yml").expect("named NAME.test.yml");
        let sla = test.with_file_name(format!("{stem}.sla"));
        let (rules, _) = compile(&sla, RulesTarget::Prometheus);
        std::fs::write(dir.join(format!("{stem}.yml")), rules).expect("write");
        std::fs::copy(&test, dir.join(file)).expect("copy");
        let report = run(Command::new(&promtool)
            .current_dir(&dir)
            .arg("test")
            .arg("rules")
            .arg(file));
        assert!(report.contains("SUCCESS"), "{report}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `--near-breach 50`: the rules of `tests/data/prometheus/monitor.sla`
/// with near-breach alerts at half the budget (the monitor's share `0.5`)
/// pass `tests/data/prometheus-near-breach/monitor-50.test.yml`, whose
/// series at 75% must not fire them.
#[test]
fn promtool_tests_the_near_breach_share() {
    let Some(promtool) = promtool() else { return };
    let dir = temp_dir("promtool-near-breach");
    let root = slate_tests::root();
    let checked = slate_tests::check_at(&root.join("tests/data/prometheus/monitor.sla"));
    let options = slate::RulesOptions {
        near_breach: slate::rules::prometheus::NearBreach::new(50).expect("a share"),
    };
    let (rules, _) = slate::rules_for_with(&checked, RulesTarget::Prometheus, options);
    let rules = rules.expect("rules");
    assert!(rules.contains(r#"share=\"0.5\""#), "{rules}");
    std::fs::write(dir.join("monitor-50.yml"), rules).expect("write");
    let test = "monitor-50.test.yml";
    std::fs::copy(
        root.join("tests/data/prometheus-near-breach").join(test),
        dir.join(test),
    )
    .expect("copy");
    let report = run(Command::new(&promtool)
        .current_dir(&dir)
        .args(["test", "rules", test]));
    assert!(report.contains("SUCCESS"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A quarter's rule file cannot run in `promtool test rules`: its counts'
/// subquery (`[2209h:15m]`, 8,837 steps) exceeds the test engine's limit of
/// 10,000 samples per query (`MaxSamples` in Prometheus's
/// `promql.LazyLoader`, with no flag in 2.42), whatever the series. So the
/// quarter's own rule, its period table, is cut out of the generated file
/// as written and tested alone (`tests/data/prometheus-quarter/`), and the
/// whole file is checked by `promtool check rules` (and run on a real
/// server by `prometheus_server.rs`).
#[test]
fn promtool_tests_a_quarters_period_table() {
    let Some(promtool) = promtool() else { return };
    let dir = temp_dir("promtool-quarter");
    let data = slate_tests::root().join("tests/data/prometheus-quarter");
    let (rules, _) = compile(&data.join("quarter.sla"), RulesTarget::Prometheus);
    std::fs::write(dir.join("whole.yml"), &rules).expect("write");
    let checked =
        run(Command::new(&promtool)
            .current_dir(&dir)
            .args(["check", "rules", "whole.yml"]));
    assert!(checked.contains("SUCCESS"), "{checked}");
    let start = rules
        .find("      - record: slate:period_start:timestamp")
        .expect("a period table");
    let end = rules[start + 1..]
        .find("      - ")
        .map_or(rules.len(), |i| start + 1 + i);
    let table = format!(
        "groups:\n  - name: quarter-period-table\n    rules:\n{}",
        &rules[start..end]
    );
    std::fs::write(dir.join("quarter.yml"), table).expect("write");
    std::fs::copy(data.join("quarter.test.yml"), dir.join("quarter.test.yml")).expect("copy");
    let report =
        run(Command::new(&promtool)
            .current_dir(&dir)
            .args(["test", "rules", "quarter.test.yml"]));
    assert!(report.contains("SUCCESS"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
}

/// YAML (as `yaml-rust2` reads it) to JSON, for the OpenSLO checks.
fn to_json(y: &yaml_rust2::Yaml) -> serde_json::Value {
    use serde_json::Value;
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(r) => Value::from(r.parse::<f64>().expect("a number")),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::from(s.clone()),
        Yaml::Boolean(b) => Value::from(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| (k.as_str().expect("string keys").to_owned(), to_json(v)))
                .collect(),
        ),
        Yaml::Null => Value::Null,
        other => panic!("unexpected YAML node {other:?}"),
    }
}

fn yaml_documents(text: &str) -> Vec<serde_json::Value> {
    yaml_rust2::YamlLoader::load_from_str(text)
        .expect("valid YAML")
        .iter()
        .map(to_json)
        .collect()
}

#[test]
fn the_openslo_checker_knows_the_spec() {
    openslo_spec::self_test();
}

/// Every OpenSLO file meets the v1 spec, and says the same as the
/// Prometheus rules: the same objectives, targets and burn-rate factors.
#[test]
fn openslo_documents_meet_the_spec() {
    for path in monitored() {
        let name = relative(&path);
        let (text, _) = compile(&path, RulesTarget::OpenSlo);
        let docs = yaml_documents(&text);
        let problems = openslo_spec::check(&docs);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        let (prom, _) = compile(&path, RulesTarget::Prometheus);
        let prom = yaml_documents(&prom);
        let groups = prom[0]["groups"].as_array().expect("groups");
        let slos: Vec<&serde_json::Value> = docs.iter().filter(|d| d["kind"] == "SLO").collect();
        assert!(slos.len() <= groups.len(), "{name}");
        for slo in slos {
            let objective = slo["metadata"]["annotations"]["slate/objective"]
                .as_str()
                .expect("objective");
            let group = groups
                .iter()
                .find(|g| {
                    g["name"]
                        .as_str()
                        .is_some_and(|n| n.ends_with(&format!(":{objective}")))
                })
                .expect("the same objective in the Prometheus rules");
            let rules = group["rules"].as_array().expect("rules");
            let target = rules
                .iter()
                .find(|r| r["record"] == "slate:objective:ratio")
                .expect("target rule");
            assert_eq!(
                target["expr"],
                format!("vector({})", slo["spec"]["objectives"][0]["target"]),
                "{name}"
            );
        }
        let factors: Vec<String> = docs
            .iter()
            .filter(|d| d["kind"] == "AlertCondition")
            .map(|d| d["spec"]["condition"]["threshold"].to_string())
            .collect();
        let annotated: String = groups
            .iter()
            .flat_map(|g| g["rules"].as_array().expect("rules"))
            .filter(|r| r["alert"] == "SlateErrorBudgetBurn")
            .map(|r| r["annotations"]["description"].to_string())
            .collect();
        for f in factors {
            assert!(
                annotated.contains(&format!("(burn rate {f})")),
                "{name}: {f}"
            );
        }
    }
}

/// Each file `tests/data/rules/E0601-*.sla` gives exactly `E0601` warnings
/// from both backends, one per objective named in its first comment line,
/// pointing at the objective's name.
#[test]
fn left_out_objectives_are_warnings() {
    let cases = files("tests/data/rules", "sla");
    assert!(!cases.is_empty());
    insta::glob!("../data/rules", "E0601-*.sla", |path| {
        let name = relative(path);
        let src = read(path);
        for target in [RulesTarget::Prometheus, RulesTarget::OpenSlo] {
            let (_, diagnostics) = compile(path, target);
            assert!(!diagnostics.is_empty(), "{name}");
            for d in &diagnostics {
                assert_eq!(d.code, slate::Code::NotMonitorable, "{name}");
                let objective = src.get(d.span.start..d.span.end).expect("span");
                assert!(
                    src.contains(&format!("objective {objective} ")),
                    "{name}: span {objective:?}"
                );
            }
        }
        let (_, diagnostics) = compile(path, RulesTarget::Prometheus);
        snapshot!("warnings", human(&diagnostics, &name, &src));
    });
}

/// An objective a backend leaves out is found where the checker's source
/// map says its name is written, in whichever file: an inherited
/// objective's warning points into the level it is written in, an
/// override's into the agreement that overrides it.
#[test]
fn left_out_objectives_point_where_the_source_map_says() {
    let mut inherited = 0;
    for main in files("tests/data/link", "sla") {
        let name = relative(&main);
        if !name.contains("/ok-") || !name.ends_with("/main.sla") {
            continue;
        }
        let checked = slate_tests::check_at(&main);
        let model = checked.model.as_ref().expect("a Model");
        let (_, left) = slate::rules_for(&checked, RulesTarget::Prometheus);
        for d in &left {
            assert_eq!(d.code, slate::Code::NotMonitorable);
            let (i, o) = model
                .objectives
                .iter()
                .enumerate()
                .find(|(_, o)| d.message.contains(&format!("`{}`", o.name)))
                .expect("the objective");
            let item = slate::source_map::Item::Objective(i);
            assert_eq!(checked.sources.span(item), Some(d.span));
            // An imported name is qualified in the Model (`lib.reply`).
            let (file, local) = checked.locate(d.span).expect("a file");
            let written = file.text.get(local.start..local.end).expect("a name");
            assert!(o.name.ends_with(written), "{name}: {written}");
            if slate::spans::FileId::of(d.span).0 != 0 {
                inherited += 1;
            }
        }
    }
    assert!(inherited > 0, "no objective left out was inherited");
}
