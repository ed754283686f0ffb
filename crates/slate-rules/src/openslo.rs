//! The OpenSLO backend: `openslo/v1` documents for every objective a metrics
//! system can monitor ([`crate::monitor`]): a Service per service, and per
//! objective an SLI (the ratio of good to all events, as Prometheus
//! queries), an SLO with a calendar-aligned time window in the objective's
//! time zone, and one AlertPolicy with its AlertCondition per burn-rate
//! window, with the same windows and factors as the Prometheus alerts.
//!
//! Written to the OpenSLO v1 specification (`OpenSLO/OpenSLO`
//! `website/docs/specification.md` at `62f464a8`); `tests/it/monitoring/openslo_spec.rs`
//! checks every generated file against it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::monitor::{self, LeftOut, Monitored};
use crate::yaml::{Y, map, raw, s};
use crate::{Period, RuleSet};
use slate_time::periods;

/// A generated set of OpenSLO documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The documents, YAML separated by `---`.
    pub text: String,
    /// The objectives left out, and why.
    pub left_out: Vec<LeftOut>,
}

/// OpenSLO caps descriptions at 1050 characters and display names at 63.
const DESCRIPTION_MAX: usize = 1050;
const DISPLAY_NAME_MAX: usize = 63;

/// The OpenSLO documents of a rule set.
pub fn to_openslo(rules: &RuleSet) -> Output {
    let (all, mut left_out) = monitor::split(rules);
    let mut monitored = Vec::new();
    for m in all {
        if monitor::error_budget(m.target).is_zero() {
            left_out.push(LeftOut {
                objective: m.objective.name.clone(),
                reason: "its target is 100%, and an OpenSLO objective's target is below 100%"
                    .to_owned(),
                help: "monitor it with `slate eval`".to_owned(),
            });
        } else {
            monitored.push(m);
        }
    }
    left_out.sort_by_key(|l| rules.objectives.iter().position(|o| o.name == l.objective));
    let mut text = crate::prometheus::header(rules, "openslo");
    for l in &left_out {
        text.push_str(&crate::prometheus::left_out_comment(l));
    }
    let agreement = slug(crate::prometheus::agreement_label(rules));
    let mut names = Names::default();
    let mut docs = Vec::new();
    let mut services = BTreeSet::new();
    for m in &monitored {
        let o = m.objective;
        if services.insert(o.service.clone()) {
            docs.push(service(rules, &o.service, &mut names));
        }
        docs.extend(objective(rules, m, &agreement, &mut names));
    }
    if docs.is_empty() {
        text.push_str("# no objective can be monitored from metrics\n");
    }
    for d in &docs {
        text.push_str("---\n");
        text.push_str(&crate::yaml::write(d));
    }
    Output { text, left_out }
}

/// Unique OpenSLO names per kind, made from Slate names.
#[derive(Default)]
struct Names {
    taken: BTreeMap<(&'static str, String), String>,
    used: BTreeSet<(&'static str, String)>,
}

impl Names {
    /// The OpenSLO name of `kind` for the Slate name `of`: the same every time.
    fn get(&mut self, kind: &'static str, of: &str) -> String {
        if let Some(n) = self.taken.get(&(kind, of.to_owned())) {
            return n.clone();
        }
        let base = slug(of);
        let mut name = base.clone();
        let mut n = 2;
        while self.used.contains(&(kind, name.clone())) {
            let suffix = format!("-{n}");
            name = format!("{}{suffix}", truncate_name(&base, 63 - suffix.len()));
            n += 1;
        }
        self.used.insert((kind, name.clone()));
        self.taken.insert((kind, of.to_owned()), name.clone());
        name
    }
}

/// A name as an RFC 1123 label: lowercase letters, digits and `-`, at most
/// 63 characters, starting and ending with a letter or digit.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = truncate_name(&out, 63);
    if out.is_empty() { "x".to_owned() } else { out }
}

fn truncate_name(s: &str, max: usize) -> String {
    s.chars()
        .take(max)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// Text cut to `max` characters at a word, with `…` where it was cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

fn doc(kind: &str, metadata: Vec<(&'static str, Y)>, spec: Vec<(&'static str, Y)>) -> Y {
    map(vec![
        ("apiVersion", s("openslo/v1")),
        ("kind", s(kind)),
        ("metadata", map(metadata)),
        ("spec", map(spec)),
    ])
}

/// Where a document comes from: the terms fingerprint, and for an
/// objective its Slate name and contract section.
fn annotations(rules: &RuleSet, objective: Option<&crate::Objective>) -> Y {
    let mut a = vec![("slate/fingerprint", s(rules.agreement.fingerprint.clone()))];
    if let Some(o) = objective {
        a.push(("slate/objective", s(o.name.clone())));
        a.push(("slate/section", s(o.contract.section.clone())));
    }
    map(a)
}

fn service(rules: &RuleSet, name: &str, names: &mut Names) -> Y {
    let svc = rules.services.iter().find(|s| s.name == name);
    let title = svc
        .and_then(|s| s.title.clone())
        .unwrap_or_else(|| name.to_owned());
    let mut description = format!("{title}, under the {}", rules.agreement.title);
    if let Some(svc) = svc {
        let _ = write!(
            description,
            ": provided by `{}` to `{}`",
            svc.provider, svc.customer
        );
    }
    doc(
        "Service",
        vec![
            ("name", s(names.get("Service", name))),
            ("displayName", s(fit(&title, DISPLAY_NAME_MAX))),
            ("annotations", annotations(rules, None)),
        ],
        vec![("description", s(fit(&description, DESCRIPTION_MAX)))],
    )
}

fn duration(p: Period) -> &'static str {
    match p {
        Period::Hour => "1h",
        Period::Day => "1d",
        Period::Week => "1w",
        Period::Month => "1M",
        Period::Quarter => "1Q",
        Period::Year => "1Y",
    }
}

fn objective(rules: &RuleSet, m: &Monitored<'_>, agreement: &str, names: &mut Names) -> Vec<Y> {
    let o = m.objective;
    let title = o.title.clone().unwrap_or_else(|| o.name.clone());
    let name = names.get("SLO", &o.name);
    let sli_name = names.get("SLI", &o.name);
    let sli = indicator(rules, m, &title, sli_name.clone());
    let (policies, extra) = alert_policies(m, &title, agreement, names);
    let mut spec = slo_spec(rules, m, sli_name, names);
    if !policies.is_empty() {
        spec.push(("alertPolicies", Y::Seq(policies)));
    }
    let slo = doc(
        "SLO",
        vec![
            ("name", s(name)),
            ("displayName", s(fit(&title, DISPLAY_NAME_MAX))),
            ("annotations", annotations(rules, Some(o))),
        ],
        spec,
    );
    let mut out = vec![sli, slo];
    out.extend(extra);
    out
}

/// The SLI of an objective: the ratio of its good events to all.
fn indicator(rules: &RuleSet, m: &Monitored<'_>, title: &str, sli_name: String) -> Y {
    let o = m.objective;
    let metric = |query: &str| {
        map(vec![(
            "metricSource",
            map(vec![
                ("type", s("Prometheus")),
                ("spec", map(vec![("query", s(query))])),
            ]),
        )])
    };
    let noun = match &o.measure {
        crate::Measure::TimeToEvent { noun, .. } => format!("{noun} that meet their goal"),
        _ => "successful probes".to_owned(),
    };
    doc(
        "SLI",
        vec![
            ("name", s(sli_name)),
            ("displayName", s(fit(title, DISPLAY_NAME_MAX))),
            ("annotations", annotations(rules, Some(o))),
        ],
        vec![
            (
                "description",
                s(fit(
                    &format!("The share of {noun}, as the agreement's metric source counts them."),
                    DESCRIPTION_MAX,
                )),
            ),
            (
                "ratioMetric",
                map(vec![
                    ("counter", raw(true)),
                    ("good", metric(&m.sli.good)),
                    ("total", metric(&m.sli.total)),
                ]),
            ),
        ],
    )
}

/// The references to an objective's burn-rate alert policies, and the
/// policy and condition documents themselves.
fn alert_policies(
    m: &Monitored<'_>,
    title: &str,
    agreement: &str,
    names: &mut Names,
) -> (Vec<Y>, Vec<Y>) {
    let o = m.objective;
    let (burns, _) = monitor::burns(o.period, m.target);
    let mut policies = Vec::new();
    let mut extra = Vec::new();
    for b in &burns {
        let policy = names.get(
            "AlertPolicy",
            &format!("{}-{}-{}", o.name, b.severity, b.long),
        );
        let condition = names.get(
            "AlertCondition",
            &format!("{}-{}-{}", o.name, b.severity, b.long),
        );
        let what = format!(
            "Errors are consuming {}% of the {}'s error budget of {title} in {} (burn rate {} or more over {} and {}).",
            b.budget_percent,
            o.period.noun(),
            b.long,
            b.factor,
            b.long,
            b.short
        );
        policies.push(map(vec![("alertPolicyRef", s(policy.clone()))]));
        extra.push(doc(
            "AlertPolicy",
            vec![("name", s(policy))],
            vec![
                ("description", s(fit(&what, DESCRIPTION_MAX))),
                ("alertWhenNoData", raw(false)),
                ("alertWhenBreaching", raw(true)),
                ("alertWhenResolved", raw(false)),
                (
                    "conditions",
                    Y::Seq(vec![map(vec![("conditionRef", s(condition.clone()))])]),
                ),
                (
                    "notificationTargets",
                    Y::Seq(vec![map(vec![(
                        "targetRef",
                        s(format!("{agreement}-{}", b.severity)),
                    )])]),
                ),
            ],
        ));
        extra.push(doc(
            "AlertCondition",
            vec![("name", s(condition))],
            vec![
                ("description", s(fit(&what, DESCRIPTION_MAX))),
                ("severity", s(b.severity)),
                (
                    "condition",
                    map(vec![
                        ("kind", s("burnrate")),
                        ("op", s("gte")),
                        ("threshold", raw(b.factor)),
                        ("lookbackWindow", s(b.long)),
                        ("alertAfter", s(b.short)),
                    ]),
                ),
            ],
        ));
    }
    (policies, extra)
}

/// The SLO's spec, without its alert policies: the contract's words, the
/// service, the indicator, the calendar window and the target.
fn slo_spec(
    rules: &RuleSet,
    m: &Monitored<'_>,
    sli_name: String,
    names: &mut Names,
) -> Vec<(&'static str, Y)> {
    let o = m.objective;
    let start = periods::start_of(o.period, rules.agreement.effective_from);
    vec![
        (
            "description",
            s(fit(
                &format!(
                    "Section {} of the {}: {}",
                    o.contract.section, rules.agreement.title, o.contract.text
                ),
                DESCRIPTION_MAX,
            )),
        ),
        ("service", s(names.get("Service", &o.service))),
        ("indicatorRef", s(sli_name)),
        (
            "timeWindow",
            Y::Seq(vec![map(vec![
                ("duration", s(duration(o.period))),
                ("isRolling", raw(false)),
                (
                    "calendar",
                    map(vec![
                        ("startTime", s(format!("{start} 00:00:00"))),
                        ("timeZone", s(o.timezone.name())),
                    ]),
                ),
            ])]),
        ),
        ("budgetingMethod", s("Occurrences")),
        (
            "objectives",
            Y::Seq(vec![map(vec![
                (
                    "displayName",
                    s(format!("{}% per {}", m.target, o.period.noun())),
                ),
                ("target", raw(monitor::ratio(m.target))),
            ])]),
        ),
    ]
}
