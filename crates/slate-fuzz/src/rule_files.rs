//! The generated rule files say the rule set's strings, and only say them:
//! they parse as YAML (with a real YAML parser, `yaml-rust2`) into exactly the documents expected, every
//! agreement string reads back as the rule set has it, Prometheus's alert
//! templates print it rather than run it, and no character is left that a
//! YAML 1.1 reader (Prometheus's) would take as a line break.

use yaml_rust2::{Yaml, YamlLoader};

use super::template_printed;
use slate::rules::average;
use slate::rules::monitor::{self, Monitored};
use slate::rules::prometheus::agreement_label;
use slate::rules::{Measure, Objective, RuleSet};

/// Asserts that `prometheus` and `openslo`, the rule file and documents
/// generated from `rules`, give back its strings (see the module's docs).
pub fn rule_files_say(rules: &RuleSet, prometheus: &str, openslo: &str) {
    for (what, text) in [
        ("Prometheus rules", prometheus),
        ("OpenSLO documents", openslo),
    ] {
        if let Some(c) = text.chars().find(|&c| c != '\n' && unsafe_char(c)) {
            panic_at(&format!(
                "the {what} hold U+{:04X}, which a YAML reader may take as a line break or refuse",
                u32::from(c)
            ));
        }
    }
    let (monitored, _) = monitor::split(rules);
    // The ratio groups, then the averages' ([`slate::rules::average`]).
    let grouped: Vec<&Objective> = monitored
        .iter()
        .map(|m| m.objective)
        .chain(average::split(rules).iter().map(|a| a.objective))
        .collect();
    prometheus_says(rules, &grouped, &load(prometheus, 1, "Prometheus rules"));
    let kept: Vec<&Monitored<'_>> = monitored
        .iter()
        .filter(|m| !monitor::error_budget(m.target).is_zero())
        .collect();
    let mut services: Vec<&str> = kept.iter().map(|m| m.objective.service.as_str()).collect();
    services.sort_unstable();
    services.dedup();
    let expected = services.len()
        + kept
            .iter()
            .map(|m| 2 + 2 * monitor::burns(m.objective.period, m.target).0.len())
            .sum::<usize>();
    openslo_says(rules, &load(openslo, expected, "OpenSLO documents"));
}

/// A failed expectation: the fuzzer's and the tests' signal.
#[expect(
    clippy::panic,
    reason = "a failed invariant is what a fuzzer looks for"
)]
fn panic_at(message: &str) -> ! {
    panic!("{message}")
}

/// What `slate_rules`'s YAML writer escapes: C0 and C1 controls, DEL,
/// U+2028, U+2029, the byte order mark and the non-characters U+FFFE and
/// U+FFFF.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// The documents of `text`, which must be `count`.
fn load(text: &str, count: usize, what: &str) -> Vec<Yaml> {
    let docs = match YamlLoader::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => panic_at(&format!("the {what} are not YAML: {e}\n{text}")),
    };
    if docs.len() != count {
        panic_at(&format!(
            "the {what} are {} YAML documents, not {count}\n{text}",
            docs.len()
        ));
    }
    docs
}

/// The string at `node`, which must be one.
fn string<'y>(node: &'y Yaml, what: &str) -> &'y str {
    match node.as_str() {
        Some(s) => s,
        None => panic_at(&format!("{what} is not a string but {node:?}")),
    }
}

fn items<'y>(node: &'y Yaml, what: &str) -> &'y [Yaml] {
    match node.as_vec() {
        Some(v) => v,
        None => panic_at(&format!("{what} is not a sequence but {node:?}")),
    }
}

fn same(got: &str, expected: &str, what: &str) {
    if got != expected {
        panic_at(&format!("{what} reads back as {got:?}, not {expected:?}"));
    }
}

/// The text an alert's label or annotation prints, which must be what
/// Slate writes: text and the actions that print a brace.
fn printed(node: &Yaml, what: &str) -> String {
    match template_printed(string(node, what)) {
        Ok(s) => s,
        Err(e) => panic_at(&format!("{what} runs agreement text: {e}")),
    }
}

/// The objective's title as alerts and documents show it.
fn title(o: &Objective) -> &str {
    o.title.as_deref().unwrap_or(&o.name)
}

/// The contract text alerts and SLO documents quote.
fn section(rules: &RuleSet, o: &Objective) -> String {
    format!(
        "Section {} of the {}: {}",
        o.contract.section, rules.agreement.title, o.contract.text
    )
}

fn prometheus_says(rules: &RuleSet, monitored: &[&Objective], docs: &[Yaml]) {
    let all = docs
        .first()
        .map_or(&[][..], |d| items(&d["groups"], "groups"));
    let label = agreement_label(rules);
    // Every objective without a group of its own is watched through
    // `slate monitor`'s metrics, by one last group.
    let watched: Vec<&Objective> = rules
        .objectives
        .iter()
        .filter(|o| !monitored.iter().any(|m| m.name == o.name))
        .collect();
    let groups = match (all.split_last(), watched.is_empty()) {
        (Some((last, rest)), false) => {
            monitor_group_says(rules, &watched, last);
            rest
        }
        _ => all,
    };
    same(
        &groups.len().to_string(),
        &monitored.len().to_string(),
        "the number of rule groups",
    );
    for (group, o) in groups.iter().zip(monitored) {
        same(
            string(&group["name"], "a group's name"),
            &format!("slate:{label}:{}", o.name),
            "a group's name",
        );
        let labels = [
            ("slate_agreement", label),
            ("slate_service", &o.service),
            ("slate_objective", &o.name),
        ];
        for rule in items(&group["rules"], "a group's rules") {
            let expr = string(&rule["expr"], "an expression");
            for triple in matchers(expr).windows(3) {
                if triple
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .eq(labels.map(|(n, _)| n))
                {
                    for ((name, got), (_, value)) in triple.iter().zip(labels) {
                        same(got, value, &format!("the matcher `{name}`"));
                    }
                }
            }
            let alert = !rule["alert"].is_badvalue();
            for (name, value) in labels {
                let node = &rule["labels"][name];
                let got = if alert {
                    printed(node, "an alert's label")
                } else {
                    string(node, "a label").to_owned()
                };
                same(&got, value, &format!("the label `{name}`"));
            }
            if alert {
                alert_says(rules, o, rule);
            }
        }
    }
}

/// The group `slate-monitor-AGREEMENT`: for each of `watched`, in order,
/// a near-breach alert where the monitor measures a budget (time to event,
/// due dates, availability) and a breach alert, then the one `SlateMonitorDown`; every
/// label, matcher and annotation reads back as the rule set has it.
fn monitor_group_says(rules: &RuleSet, watched: &[&Objective], group: &Yaml) {
    let label = agreement_label(rules);
    same(
        string(&group["name"], "a group's name"),
        &format!("slate-monitor-{label}"),
        "the monitor group's name",
    );
    let mut expected: Vec<(&str, Option<&Objective>)> = Vec::new();
    for o in watched {
        if matches!(
            o.measure,
            Measure::TimeToEvent { .. } | Measure::DueDate { .. } | Measure::Availability { .. }
        ) {
            expected.push(("SlateNearBreach", Some(o)));
        }
        expected.push(("SlateBreach", Some(o)));
    }
    expected.push(("SlateMonitorDown", None));
    let rs = items(&group["rules"], "the monitor group's rules");
    same(
        &rs.len().to_string(),
        &expected.len().to_string(),
        "the number of the monitor group's rules",
    );
    for (rule, (alert, o)) in rs.iter().zip(expected) {
        same(
            string(&rule["alert"], "an alert's name"),
            alert,
            "an alert's name",
        );
        let expr = string(&rule["expr"], "an expression");
        let mut labels = vec![("slate_agreement", label)];
        let mut matched = vec![("agreement", label)];
        if let Some(o) = o {
            labels.extend([
                ("slate_service", o.service.as_str()),
                ("slate_objective", o.name.as_str()),
            ]);
            matched.push(("objective", o.name.as_str()));
        }
        for (name, got) in matchers(expr) {
            if let Some((_, value)) = matched.iter().find(|(n, _)| *n == name) {
                same(&got, value, &format!("the matcher `{name}`"));
            }
        }
        for (name, value) in labels {
            let got = printed(&rule["labels"][name], "an alert's label");
            same(&got, value, &format!("the label `{name}`"));
        }
        match o {
            Some(o) => alert_says(rules, o, rule),
            None => {
                let summary = printed(&rule["annotations"]["summary"], "a summary");
                if !summary.starts_with(&format!("{}: ", rules.agreement.title)) {
                    panic_at(&format!(
                        "the summary {summary:?} does not name the agreement {:?}",
                        rules.agreement.title
                    ));
                }
            }
        }
    }
}

/// An alert's annotations print the objective's title and quote its section.
fn alert_says(rules: &RuleSet, o: &Objective, rule: &Yaml) {
    let summary = printed(&rule["annotations"]["summary"], "a summary");
    let title = title(o);
    if !(summary.starts_with(&format!("{title}: "))
        || summary.starts_with(&format!("The rules for {title} cover")))
    {
        panic_at(&format!("the summary {summary:?} does not name {title:?}"));
    }
    let description = &rule["annotations"]["description"];
    if !description.is_badvalue() {
        let description = printed(description, "a description");
        if !description.ends_with(&section(rules, o)) {
            panic_at(&format!(
                "the description {description:?} does not end with {:?}",
                section(rules, o)
            ));
        }
    }
}

/// The label matchers `name="value"` of a PromQL expression, in order.
/// (Single-quoted and raw strings are skipped.)
fn matchers(expr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(quote) = expr.get(at..).and_then(|rest| rest.find(['"', '\'', '`'])) {
        let start = at + quote;
        let literal = expr.get(start..).unwrap_or_default();
        if !literal.starts_with('"') {
            // Up to the closing quote (a raw string has no escapes).
            let close = literal.get(1..).and_then(|s| {
                let mut escaped = false;
                s.char_indices().find_map(|(i, c)| {
                    let end = !escaped && literal.starts_with(c);
                    escaped = !escaped && c == '\\' && !literal.starts_with('`');
                    end.then_some(i + 2)
                })
            });
            at = start + close.unwrap_or(literal.len());
            continue;
        }
        let Some((value, len)) = promql_string(literal) else {
            panic_at(&format!("a bad PromQL string in `{expr}`"));
        };
        if let Some(lhs) = expr.get(..start).unwrap_or_default().strip_suffix('=') {
            let name = lhs
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default();
            out.push((name.to_owned(), value));
        }
        at = start + len;
    }
    out
}

/// The value and length of the PromQL string literal at the start of `s`,
/// as Slate and authors write them: `\"`, `\\`, `\n`, `\t`, `\r` and
/// `\u` escapes of four hex digits (`\u2028`).
fn promql_string(s: &str) -> Option<(String, usize)> {
    let mut chars = s.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    loop {
        match chars.next()? {
            (i, '"') => return Some((out, i + 2)),
            (_, '\\') => match chars.next()? {
                (_, e @ ('"' | '\\')) => out.push(e),
                (_, 'n') => out.push('\n'),
                (_, 't') => out.push('\t'),
                (_, 'r') => out.push('\r'),
                (_, 'u') => {
                    let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                (_, e) => {
                    out.push('\\');
                    out.push(e);
                }
            },
            (_, c) => out.push(c),
        }
    }
}

/// `got` is `full`, or `full` cut at a word with `…`.
fn fits(got: &str, full: &str, what: &str) {
    if !fits_str(got, full) {
        panic_at(&format!("{what} reads back as {got:?}, not {full:?}"));
    }
}

fn openslo_says(rules: &RuleSet, docs: &[Yaml]) {
    for doc in docs {
        let kind = string(&doc["kind"], "a document's kind");
        let meta = &doc["metadata"];
        let objective = match kind {
            "SLI" | "SLO" => {
                let name = string(&meta["annotations"]["slate/objective"], "an objective");
                rules.objectives.iter().find(|o| o.name == name)
            }
            _ => None,
        };
        match (kind, objective) {
            ("Service", _) => {
                let name = string(&meta["displayName"], "a service's name");
                let description = string(&doc["spec"]["description"], "a description");
                let described = |s: &slate::rules::Service| {
                    let full = format!(
                        "{}, under the {}: provided by `{}` to `{}`",
                        s.title.as_deref().unwrap_or(&s.name),
                        rules.agreement.title,
                        s.provider,
                        s.customer
                    );
                    fits_str(name, s.title.as_deref().unwrap_or(&s.name))
                        && fits_str(description, &full)
                };
                if !rules.services.iter().any(described) {
                    panic_at(&format!(
                        "no service is called {name:?} and described as {description:?}"
                    ));
                }
            }
            ("SLI" | "SLO", Some(o)) => {
                fits(string(&meta["displayName"], "a title"), title(o), "a title");
                if kind == "SLO" {
                    same(
                        string(&meta["annotations"]["slate/section"], "a section"),
                        &o.contract.section,
                        "a section",
                    );
                    fits(
                        string(&doc["spec"]["description"], "a description"),
                        &section(rules, o),
                        "an SLO's description",
                    );
                }
            }
            ("AlertPolicy" | "AlertCondition", _) => {
                string(&doc["spec"]["description"], "a description");
            }
            _ => panic_at(&format!("an unexpected {kind} document")),
        }
    }
}

/// `got` is `full`, or `full` cut at a word with `…`.
fn fits_str(got: &str, full: &str) -> bool {
    got == full
        || got
            .strip_suffix('…')
            .is_some_and(|start| full.starts_with(start))
}
