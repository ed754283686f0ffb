//! Prometheus rules for a rate of counts (`rate abandoned of offered at
//! most 5% per quarter`) measured from two counters the source names:
//! `numerator` and `denominator`.
//!
//! The rate of the period so far is `increase(numerator) /
//! increase(denominator)` from the start of the calendar period, summed
//! over consecutive 15-minute steps exactly as the good/total ratio of
//! [`crate::prometheus`] is (same period table, DST-correct, counter resets
//! handled), and compared with the bound as the contract does: `at most` is
//! breached above it, `below` at it or above, `at least` under it, `above`
//! at it or under. A period with no denominator event has no rate and no
//! alert.
//!
//! What differs from `slate eval`, and is said in the rule file: the
//! counters count events when they happen, so an item offered before a
//! period's start and abandoned after it counts in the new period's
//! numerator (`slate eval` counts it in the period of its first offer), and
//! the counters are the author's statement that they count each item once
//! with the objective's `where`, `exclude` and `ignore` applied.

use crate::monitor::LeftOut;
use crate::prometheus::{alert_labels, text};
use crate::yaml::{Y, map, s};
use crate::{Comparison, Measure, Objective, RuleSet, Source};

/// A rate objective Prometheus can monitor.
pub(crate) struct Rate<'a> {
    objective: &'a Objective,
    numerator: &'a str,
    denominator: &'a str,
    comparison: Comparison,
    percent: crate::Percent,
}

/// Whether a rate objective can be monitored from its source.
fn fit<'a>(o: &'a Objective) -> Result<Rate<'a>, (String, &'static str)> {
    let Measure::Rate {
        comparison,
        percent,
        ..
    } = &o.measure
    else {
        return Err((
            "it is not a rate".to_owned(),
            "monitor it with `slate eval`",
        ));
    };
    if o.period.is_hourly() {
        return Err(crate::prometheus::hourly(o));
    }
    let Some(Source::PrometheusRate {
        numerator,
        denominator,
    }) = &o.source
    else {
        return Err((
            "it names no counters of its numerator and denominator events".to_owned(),
            "add `source prometheus { numerator \"…\" denominator \"…\" }` with the counters, or monitor it with `slate eval`",
        ));
    };
    Ok(Rate {
        objective: o,
        numerator,
        denominator,
        comparison: *comparison,
        percent: *percent,
    })
}

/// Why OpenSLO leaves a rate out: the reason Prometheus has, or, when
/// Prometheus can monitor it, that Slate writes no OpenSLO for a rate.
pub(crate) fn not_openslo(_rules: &RuleSet, o: &Objective) -> (String, &'static str) {
    match fit(o) {
        Err(e) => e,
        Ok(_) => (
            "Slate does not yet write OpenSLO for a rate of counts (OpenSLO states a share of good events that must reach a target, and a bound such as `below` is strict); `slate rules --to prometheus` writes rules for it".to_owned(),
            "monitor it with the Prometheus rules or `slate eval`",
        ),
    }
}

/// The rate objectives of `left_out` Prometheus can monitor, and the rest.
pub(crate) fn take(rules: &RuleSet, left_out: Vec<LeftOut>) -> (Vec<Rate<'_>>, Vec<LeftOut>) {
    let mut rates = Vec::new();
    let mut rest = Vec::new();
    for l in left_out {
        let found = rules.objectives.iter().find(|o| o.name == l.objective);
        match found.filter(|o| matches!(o.measure, Measure::Rate { .. })) {
            Some(o) => match fit(o) {
                Ok(r) => rates.push(r),
                Err((reason, help)) => rest.push(LeftOut {
                    objective: l.objective,
                    reason,
                    help: help.to_owned(),
                }),
            },
            None => rest.push(l),
        }
    }
    (rates, rest)
}

/// The comparison that breaches the bound, and the bound's words.
fn breach(c: Comparison) -> (&'static str, &'static str) {
    match c {
        Comparison::AtMost => (">", "at most"),
        Comparison::Below => (">=", "below"),
        Comparison::AtLeast => ("<", "at least"),
        Comparison::Above => ("<=", "above"),
    }
}

/// The rule group of a rate objective; the difference from `slate eval`
/// is noted in `notes`.
pub(crate) fn group(rules: &RuleSet, r: &Rate<'_>, notes: &mut String) -> Y {
    let o = r.objective;
    let scope = crate::prometheus::Scope::new(rules, o);
    let matcher = &scope.matcher;
    notes.push_str(&crate::yaml::comment(&format!(
        "`{}`: the counters count events when they happen, so an item whose first `{}` is before a period's start and whose `{}` is after it counts in the new period's numerator (`slate eval` counts it in the period of its first `{}`); the counters must count each item once, with the objective's conditions applied",
        o.name,
        event(o, false),
        event(o, true),
        event(o, false)
    )));
    let bound = crate::monitor::ratio(r.percent);
    let mut rs = vec![scope.period_start()];
    for (name, sel) in [("numerator", r.numerator), ("denominator", r.denominator)] {
        rs.push(scope.record(
            &format!("slate:rate_{name}:increase_period"),
            scope.increase_period(sel),
        ));
    }
    rs.push(scope.record(
        "slate:rate:ratio_period",
        format!(
            "slate:rate_numerator:increase_period{matcher} / (slate:rate_denominator:increase_period{matcher} > 0)"
        ),
    ));
    rs.push(scope.record("slate:rate_bound:ratio", format!("vector({bound})")));
    rs.push(breach_alert(rules, r, matcher, bound));
    scope.group(rs)
}

/// The numerator event (`true`) or the denominator event.
fn event(o: &Objective, numerator: bool) -> &str {
    match &o.measure {
        Measure::Rate {
            numerator_event,
            denominator_event,
            ..
        } => {
            if numerator {
                numerator_event
            } else {
                denominator_event
            }
        }
        _ => "",
    }
}

/// The alert that the rate of the period so far breaks the bound.
fn breach_alert(rules: &RuleSet, r: &Rate<'_>, matcher: &str, bound: rust_decimal::Decimal) -> Y {
    let o = r.objective;
    let (op, words) = breach(r.comparison);
    let period = o.period.noun();
    let title = o.title.clone().unwrap_or_else(|| o.name.clone());
    let section = format!(
        "Section {} of the {}: {}",
        o.contract.section, rules.agreement.title, o.contract.text
    );
    map(vec![
        ("alert", s("SlateObjectiveBreached")),
        (
            "expr",
            s(format!("slate:rate:ratio_period{matcher} {op} {bound}")),
        ),
        ("labels", alert_labels(rules, o, "breach")),
        (
            "annotations",
            map(vec![
                (
                    "summary",
                    s(format!(
                        "{}{{{{ $value | humanizePercentage }}}}{}",
                        crate::prometheus::template_text(&format!(
                            "{title}: the rate this {period} is "
                        )),
                        crate::prometheus::template_text(&format!(
                            ", and the contract's bound is {words} {}% per {period}",
                            r.percent
                        ))
                    )),
                ),
                ("description", text(&section)),
            ]),
        ),
    ])
}
