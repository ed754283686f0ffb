//! Downtime minutes from a probe series in Prometheus: an availability
//! objective whose downtime is counted in whole units (`downtime in units
//! of 1 minute`) and whose source is a `probe` series, 1 while the service
//! answers and 0 while it does not (blackbox exporter's `probe_success`,
//! Prometheus's `up`).
//!
//! The series is the service's state as a step function: each sample's
//! value holds from its timestamp until the next sample, within
//! Prometheus's lookback of 5 minutes (a longer gap, or a staleness marker,
//! is no evidence of an outage). A unit `[s, s+U)` is down when the state
//! is 0 at any instant of it: the last sample at or before `s` is 0, or a
//! sample in `(s, s+U)` is 0. At a step `e` of a subquery on the grid of
//! multiples of `U` from the epoch, the unit `[e-U, e)` is down when
//!
//! ```text
//! group(min_over_time(P[U-1ms] offset 1ms) == 0
//!       or (P offset U == 0 and timestamp(P offset U) > time() - U - 300))
//! ```
//!
//! has a result. The range selector covers `[e-U, e-1ms]` on Prometheus 2
//! (closed ranges) and `(e-U, e-1ms]` on Prometheus 3 (left-open), and the
//! instant selector `P offset U` is the last sample at or before `e-U`,
//! kept only when less than 5 minutes old (Prometheus 2's lookback is
//! closed at its start, Prometheus 3's open), so the union is the unit on
//! either version (timestamps are milliseconds). The period table is that
//! of the last whole unit, so a period's last unit is counted during the
//! first unit of the next. Units are counted only where every period boundary of the
//! agreement is on that grid, so a period holds a whole number of units.
//! OpenSLO cannot say it (see [`OPENSLO`]).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::prometheus::{alert_labels, template_text};
use crate::yaml::{Y, map, s};
use crate::{Measure, Objective, RuleSet, Source};

/// Why OpenSLO leaves out an objective that Prometheus monitors from a probe.
pub(crate) const OPENSLO: &str = "its downtime is counted in units that are down when the probe is 0 at any instant of them, and an OpenSLO time slice is judged by each tool's own aggregation of the values inside it";

/// An availability objective counted in units from a probe series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probed<'a> {
    /// The objective.
    pub objective: &'a Objective,
    /// Selector of the probe series.
    pub probe: String,
    /// The unit, in seconds.
    pub unit: u64,
    /// The target as an exact decimal percentage.
    pub target: crate::Percent,
}

/// The probe objectives of a rule set that Prometheus monitors, in order.
pub fn split(rules: &RuleSet) -> Vec<Probed<'_>> {
    rules
        .objectives
        .iter()
        .filter_map(|o| fit(rules, o).ok())
        .collect()
}

/// Whether the objective's source is a probe series.
pub(crate) fn has_probe(o: &Objective) -> bool {
    matches!(o.source, Some(Source::PrometheusProbe { .. }))
}

/// What a rule set's probe source holds that reading refuses: a probe on
/// an objective that is not about availability, or a selector that is not
/// one.
pub(crate) fn misfit(o: &Objective) -> Option<String> {
    let Some(Source::PrometheusProbe { probe }) = &o.source else {
        return None;
    };
    if !matches!(o.measure, Measure::Availability { .. }) {
        return Some("a probe series measures availability objectives only".to_owned());
    }
    slate_check::promql::check_selector(probe)
        .err()
        .map(|(_, expected)| format!("`{probe}` is not a Prometheus selector: expected {expected}"))
}

/// Why the ratio backends leave out an objective measured by a probe:
/// OpenSLO cannot say one that Prometheus monitors ([`split`]), and
/// otherwise why neither can.
pub(crate) fn left_out(rules: &RuleSet, o: &Objective) -> (String, &'static str) {
    match fit(rules, o) {
        Ok(_) => (
            OPENSLO.to_owned(),
            "monitor it with the Prometheus rules (`slate rules --to prometheus`) or with `slate eval`",
        ),
        Err(e) => e,
    }
}

/// Whether Prometheus counts the objective's down units faithfully from its
/// probe; otherwise the reason.
pub(crate) fn fit<'a>(
    rules: &RuleSet,
    o: &'a Objective,
) -> Result<Probed<'a>, (String, &'static str)> {
    let Some(Source::PrometheusProbe { probe }) = &o.source else {
        return Err((
            "it names no probe series".to_owned(),
            "monitor it with `slate eval`",
        ));
    };
    let Measure::Availability {
        target,
        clock,
        maintenance,
        exclude,
        min_outage_seconds,
        per_component,
        components_down,
        downtime_unit_seconds,
        unit_down,
        ..
    } = &o.measure
    else {
        return Err((
            "a probe series measures availability only".to_owned(),
            "monitor it with `slate eval`",
        ));
    };
    if o.period.is_hourly() {
        return Err(crate::prometheus::hourly(o));
    }
    if unit_down.is_some() {
        return Err((
            "each unit is down by the error rate of the records inside it, not by the probe"
                .to_owned(),
            "remove the probe source, or the `downtime when errors …` rule; monitor it with `slate eval`",
        ));
    }
    let Some(unit) = downtime_unit_seconds.filter(|u| *u > 0) else {
        return Err((
            "its downtime is counted to the second, and a probe sampled every few seconds does not say the second an outage began or ended".to_owned(),
            "write `downtime in units of 1 minute`: a unit is down when the probe is 0 at any instant of it",
        ));
    };
    if !crate::monitor::always_open(rules, clock) {
        return Err(crate::monitor::business_hours(clock));
    }
    other_misfit(
        maintenance,
        exclude,
        *min_outage_seconds,
        *per_component,
        *components_down,
    )?;
    let bounds = crate::prometheus::bounds(rules, o);
    let grid = i64::try_from(unit).unwrap_or(i64::MAX);
    if let Some(b) = bounds.iter().find(|b| b.rem_euclid(grid) != 0) {
        return Err((
            format!(
                "a period starts at {}, which is not a whole number of {}-second units from the Unix epoch, and the rules count units on that grid",
                chrono::DateTime::from_timestamp(*b, 0).map_or_else(
                    || b.to_string(),
                    |d| d.with_timezone(&o.timezone).to_rfc3339()
                ),
                unit
            ),
            "count downtime in units that divide 15 minutes, or monitor it with `slate eval`",
        ));
    }
    Ok(Probed {
        objective: o,
        probe: probe.clone(),
        unit,
        target: *target,
    })
}

/// The terms a probe does not see: maintenance, exclusions, a minimum
/// outage, components.
fn other_misfit(
    maintenance: &[crate::Interval],
    exclude: &[crate::Condition],
    min_outage_seconds: u64,
    per_component: bool,
    components_down: Option<u64>,
) -> Result<(), (String, &'static str)> {
    let why = if !maintenance.is_empty() {
        "its maintenance windows are not downtime, and the probe does not know them"
    } else if !exclude.is_empty() {
        "outages matching `exclude` do not count, and the probe does not know why the service was down"
    } else if min_outage_seconds > 0 {
        "outages shorter than its minimum do not count, and a unit read from the probe does not know how long the outage around it lasted"
    } else if per_component {
        "each component must meet its target on its own, and one probe series gives one state"
    } else if components_down.is_some_and(|k| k > 1) {
        "the service is down only while several of its components are down at once, and one probe series gives one state"
    } else {
        return Ok(());
    };
    Err((why.to_owned(), "monitor it with `slate eval`"))
}

/// The rule group of a probe objective: the period table, the down and
/// measured units of the period so far, the availability so far, the
/// target, the units the period allows, and the alerts.
pub(crate) fn group(rules: &RuleSet, p: &Probed<'_>) -> Y {
    let scope = crate::prometheus::Scope::new(rules, p.objective);
    let (matcher, bounds, longest) = (&scope.matcher, &scope.bounds, scope.longest);
    let record = |name: &str, expr: String| scope.record(name, expr);
    let (u, probe) = (p.unit, &p.probe);
    let budget = crate::monitor::error_budget(p.target);
    let mut rs = vec![
        // The period of the last whole unit: for one unit after a period
        // ends, the rules still report it, so its last unit is counted.
        record(
            "slate:period_start:timestamp",
            crate::prometheus::period_start_of_last_step(bounds, u),
        ),
        // Inlined, not a recorded series: a rule runs at its own times,
        // and each unit must be judged at the step that ends it.
        record(
            "slate:probe_units:down_period",
            format!(
                "sum_over_time((group(min_over_time({probe}[{below}ms] offset 1ms) == 0 or ({probe} offset {u}s == 0 and timestamp({probe} offset {u}s) > time() - {held})) and on() (vector(time()) > scalar(slate:period_start:timestamp{matcher} @ end())))[{longest}h:{u}s]) or (vector(0) and on() slate:period_start:timestamp{matcher})",
                below = u * 1000 - 1,
                held = u + 300
            ),
        ),
        record(
            "slate:probe_units:measured_period",
            format!("floor((time() - slate:period_start:timestamp{matcher}) / {u})"),
        ),
        record(
            "slate:availability:ratio_period",
            format!(
                "(slate:probe_units:measured_period{matcher} - slate:probe_units:down_period{matcher}) / (slate:probe_units:measured_period{matcher} > 0)"
            ),
        ),
        record(
            "slate:objective:ratio",
            format!("vector({})", crate::monitor::ratio(p.target)),
        ),
        record(
            "slate:probe_units:period",
            table(bounds, u, Decimal::from).replace("time()", &format!("(time() - {u})")),
        ),
        record(
            "slate:probe_units:allowed_period",
            table(bounds, u, |n| (budget * Decimal::from(n)).floor())
                .replace("time()", &format!("(time() - {u})")),
        ),
    ];
    rs.extend(alerts(rules, p, matcher));
    scope.group(rs)
}

/// A value per period as one expression: the first period's value plus
/// each change at the start of the period it changes in, while the
/// validity lasts. `value` is given each period's number of units.
fn table(bounds: &[i64], unit: u64, value: impl Fn(i64) -> Decimal) -> String {
    let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
        return "vector(0) and on() vector(0) < 0".to_owned();
    };
    let unit = i64::try_from(unit).unwrap_or(i64::MAX);
    let mut values = bounds.windows(2).filter_map(|w| match w {
        [start, end] => Some((*start, value((end - start) / unit))),
        _ => None,
    });
    let Some((_, v0)) = values.next() else {
        return "vector(0) and on() vector(0) < 0".to_owned();
    };
    let mut expr = format!("vector({v0}");
    let mut before = v0;
    for (start, v) in values {
        if v != before {
            let _ = write!(expr, " + (time() >= bool {start}) * {}", v - before);
            before = v;
        }
    }
    let _ = write!(expr, ") and on() (vector(time()) >= {first} < {last})");
    expr
}

/// `5 minutes`, `1 minute`: a unit of whole minutes in words.
fn unit_words(unit: u64) -> String {
    match unit / 60 {
        1 => "1 minute".to_owned(),
        m => format!("{m} minutes"),
    }
}

/// The alerts: the period can no longer meet its target, and the
/// availability so far is below it.
fn alerts(rules: &RuleSet, p: &Probed<'_>, matcher: &str) -> Vec<Y> {
    let o = p.objective;
    let title = o.title.clone().unwrap_or_else(|| o.name.clone());
    let period = o.period.noun();
    let target = format!("{}% per {period}", p.target);
    let unit = unit_words(p.unit);
    let section = format!(
        "Section {} of the {}: {}",
        o.contract.section, rules.agreement.title, o.contract.text
    );
    vec![
        map(vec![
            ("alert", s("SlateObjectiveBreached")),
            (
                "expr",
                s(format!(
                    "slate:probe_units:down_period{matcher} > slate:probe_units:allowed_period{matcher}"
                )),
            ),
            ("labels", alert_labels(rules, o, "breach")),
            (
                "annotations",
                map(vec![
                    (
                        "summary",
                        // The one template: the down units so far.
                        s(format!(
                            "{}{{{{ $value }}}}{}",
                            template_text(&format!("{title}: ")),
                            template_text(&format!(
                                " units of {unit} have been down this {period}, more than the contract's {target} allows: the {period} can no longer meet its target"
                            ))
                        )),
                    ),
                    ("description", s(template_text(&section))),
                ]),
            ),
        ]),
        map(vec![
            ("alert", s("SlateAvailabilityBelowTarget")),
            (
                "expr",
                s(format!(
                    "slate:availability:ratio_period{matcher} < {}",
                    crate::monitor::ratio(p.target)
                )),
            ),
            ("labels", alert_labels(rules, o, "ticket")),
            (
                "annotations",
                map(vec![
                    (
                        "summary",
                        s(format!(
                            "{}{{{{ $value | humanizePercentage }}}}{}",
                            template_text(&format!(
                                "{title}: availability this {period} so far is "
                            )),
                            template_text(&format!(
                                ", below the contract's {target}; at this pace the {period} misses its target"
                            ))
                        )),
                    ),
                    ("description", s(template_text(&section))),
                ]),
            ),
        ]),
    ]
}
