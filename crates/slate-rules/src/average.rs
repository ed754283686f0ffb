//! Averages of durations and of samples in Prometheus: the period's average
//! is the increase of a latency histogram's (or summary's) `_sum` counter
//! over the period divided by the increase of its `_count` counter, on a
//! 24x7 clock (samples have none), with the same calendar-aligned period
//! table as the ratio rules ([`crate::prometheus`]). OpenSLO cannot say it (see [`OPENSLO`]).
//!
//! The histogram is in seconds, as Prometheus's naming conventions require
//! (`_seconds`) and as the percentile rules already read its buckets, so
//! the bound is the objective's bound in seconds, exactly; samples must be
//! declared in a unit of time (`in milliseconds`), whose bound converts
//! exactly (65 milliseconds is 0.065 seconds), or they are left out.

use rust_decimal::Decimal;

use crate::prometheus::template_text;
use crate::yaml::{Y, map, s};
use crate::{Comparison, Measure, Objective, RuleSet, Source, Statistic};

/// Why OpenSLO leaves out an average that Prometheus monitors.
pub(crate) const OPENSLO: &str = "its measure is the period's average, one value per period, and an OpenSLO objective is a share of good events or of good time slices, which cannot say that average";

/// An average of durations or of samples that Prometheus monitors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Averaged<'a> {
    /// The objective.
    pub objective: &'a Objective,
    /// Selector of the `_sum` counter: the seconds of all values.
    pub sum: String,
    /// Selector of the `_count` counter: how many values.
    pub count: String,
    /// How the average compares with the bound.
    pub comparison: Comparison,
    /// The bound, in seconds.
    pub bound: Decimal,
    /// The bound as the contract writes it, when not in seconds: `65
    /// milliseconds` for samples in milliseconds.
    pub written: Option<String>,
}

/// The averages of a rule set that Prometheus monitors, in objective order.
pub fn split(rules: &RuleSet) -> Vec<Averaged<'_>> {
    rules
        .objectives
        .iter()
        .filter_map(|o| fit(rules, o).ok())
        .collect()
}

/// Whether Prometheus monitors an average faithfully: per day, week, month,
/// quarter or year, of durations on a 24x7 clock that never pauses or of
/// samples in a unit of time, with a `latency` histogram in seconds;
/// otherwise the reason.
pub(crate) fn fit<'a>(
    rules: &RuleSet,
    o: &'a Objective,
) -> Result<Averaged<'a>, (String, &'static str)> {
    let (comparison, clock, paused, bound, written) = match &o.measure {
        Measure::DurationAggregate {
            statistic: Statistic::Average {},
            comparison,
            clock,
            pause,
            bound_seconds,
            ..
        } => (
            comparison,
            Some(clock.as_str()),
            pause.is_some(),
            Some(Decimal::from(*bound_seconds)),
            None,
        ),
        Measure::SampleAggregate {
            statistic: Statistic::Average {},
            comparison,
            unit,
            bound_value,
            ..
        } => {
            // Samples have no clock; in a unit of time, from a histogram in
            // seconds, the bound converts exactly (65 milliseconds is 0.065).
            let per = unit
                .as_deref()
                .and_then(slate_check::model::time_unit_seconds);
            (
                comparison,
                None,
                false,
                in_seconds(unit.as_deref(), *bound_value),
                unit.as_ref()
                    .filter(|_| per != Some(Decimal::ONE))
                    .map(|u| {
                        let figure = bound_value.normalize().to_string();
                        let unit = slate_check::words::unit_after(&figure, u);
                        format!("{figure} {unit}")
                    }),
            )
        }
        _ => {
            return Err((
                "it is not an average of durations or of samples".to_owned(),
                "monitor it with `slate eval`",
            ));
        }
    };
    if o.period.is_hourly() {
        return Err(crate::prometheus::hourly(o));
    }
    crate::monitor::unrounded(o)?;
    if let Some(clock) = clock
        && !crate::monitor::always_open(rules, clock)
    {
        return Err(crate::monitor::business_hours(clock));
    }
    if paused {
        return Err((
            "its clock pauses, and a latency histogram records the whole time".to_owned(),
            "monitor it with `slate eval`",
        ));
    }
    let histogram = match &o.source {
        Some(Source::PrometheusLatency { histogram }) => histogram,
        Some(
            Source::PrometheusRatio { .. }
            | Source::PrometheusRate { .. }
            | Source::PrometheusProbe { .. },
        ) => {
            return Err((
                "an average is the `_sum` of a latency histogram divided by its `_count`, and two counters give a share, not an average".to_owned(),
                "name the histogram with `source prometheus { latency \"…\" }`, or monitor it with `slate eval`",
            ));
        }
        None => {
            return Err((
                "an average is measured from the `_sum` and `_count` of a latency histogram, and it names none".to_owned(),
                "add `source prometheus { latency \"…\" }` with the histogram, in seconds, or monitor it with `slate eval`",
            ));
        }
    };
    let Some(bound) = bound else {
        return Err((
            "a latency histogram is in seconds, and the samples are not in a unit of time, so the bound cannot be converted".to_owned(),
            "monitor it with `slate eval`",
        ));
    };
    let (name, matchers) = slate_check::promql::split_selector(histogram);
    let with = |suffix: &str| format!("{name}{suffix}{{{matchers}}}");
    Ok(Averaged {
        objective: o,
        sum: with("_sum"),
        count: with("_count"),
        comparison: *comparison,
        bound,
        written,
    })
}

/// A bound on samples in seconds, exactly, when the samples are in a unit
/// of time (65 milliseconds is 0.065); `None` for any other unit or none.
pub(crate) fn in_seconds(unit: Option<&str>, bound: Decimal) -> Option<Decimal> {
    unit.and_then(slate_check::model::time_unit_seconds)
        .map(|per| (bound * per).normalize())
}

/// Why the ratio backends leave out an average: OpenSLO cannot say one
/// that Prometheus monitors ([`split`]), and otherwise why neither can.
pub(crate) fn left_out(rules: &RuleSet, o: &Objective) -> (String, &'static str) {
    match fit(rules, o) {
        Ok(_) => (
            OPENSLO.to_owned(),
            "monitor it with the Prometheus rules (`slate rules --to prometheus`) or with `slate eval`",
        ),
        Err(e) => e,
    }
}

/// The rule group of an average: the period table, the sum and count of
/// the period so far, their average, the bound, and the breach alert.
pub(crate) fn group(rules: &RuleSet, a: &Averaged<'_>) -> Y {
    let scope = crate::prometheus::Scope::new(rules, a.objective);
    let matcher = &scope.matcher;
    let mut rs = vec![scope.period_start()];
    for (name, sel) in [("sum", &a.sum), ("count", &a.count)] {
        rs.push(scope.record(
            &format!("slate:sli_{name}:increase_period"),
            scope.increase_period(sel),
        ));
    }
    rs.push(scope.record(
        "slate:average:seconds_period",
        format!(
            "slate:sli_sum:increase_period{matcher} / (slate:sli_count:increase_period{matcher} > 0)"
        ),
    ));
    rs.push(scope.record("slate:objective:seconds", format!("vector({})", a.bound)));
    rs.push(breach(rules, a, matcher));
    scope.group(rs)
}

/// The alert that the period's average so far misses the bound: the
/// comparison's opposite, exact at the bound.
fn breach(rules: &RuleSet, a: &Averaged<'_>, matcher: &str) -> Y {
    let o = a.objective;
    let (missed, words) = match a.comparison {
        Comparison::AtMost => (">", "at most"),
        Comparison::Below => (">=", "below"),
        Comparison::AtLeast => ("<", "at least"),
        Comparison::Above => ("<=", "above"),
    };
    let title = o.title.clone().unwrap_or_else(|| o.name.clone());
    let period = o.period.noun();
    map(vec![
        ("alert", s("SlateObjectiveBreached")),
        (
            "expr",
            s(format!(
                "slate:average:seconds_period{matcher} {missed} {}",
                a.bound
            )),
        ),
        (
            "labels",
            crate::prometheus::alert_labels(rules, o, "breach"),
        ),
        (
            "annotations",
            map(vec![
                (
                    "summary",
                    // The one template: the average so far, in seconds.
                    s(format!(
                        "{}{{{{ $value }}}}{}",
                        template_text(&format!("{title}: the average this {period} so far is ")),
                        template_text(&format!(
                            " seconds, and the contract's bound is an average {words} {} seconds{} per {period}",
                            a.bound,
                            a.written
                                .as_ref()
                                .map(|w| format!(" ({w})"))
                                .unwrap_or_default()
                        ))
                    )),
                ),
                (
                    "description",
                    s(template_text(&format!(
                        "Section {} of the {}: {}",
                        o.contract.section, rules.agreement.title, o.contract.text
                    ))),
                ),
            ]),
        ),
    ])
}
