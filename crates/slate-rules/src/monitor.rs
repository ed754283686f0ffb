//! Which objectives a metrics system can monitor faithfully, and how.
//!
//! Prometheus and OpenSLO measure an objective as a ratio of good events to
//! all events, counted by series the agreement names (`source prometheus`),
//! over real time. An objective fits when that ratio *is* the contract's
//! measure: it has a metric source, its time is counted around the clock,
//! and (for a latency histogram) one goal of whole seconds applies to every
//! item, or a percentile of durations or samples is bounded `at most` a
//! value in seconds ([`crate::aggregate::fit`]). Everything else is left
//! out with a reason, never approximated.

use rust_decimal::Decimal;

use crate::{Budget, Measure, Objective, RuleSet, Source};

/// An objective a metrics system can monitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Monitored<'a> {
    /// The objective.
    pub objective: &'a Objective,
    /// The indicator.
    pub sli: Sli,
    /// The target as an exact decimal percentage, such as `99.9`.
    pub target: crate::Percent,
}

/// Good and total events as Prometheus series selectors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sli {
    /// Selector of the good-events counter.
    pub good: String,
    /// Selector of the all-events counter.
    pub total: String,
}

/// An objective left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The objective's name.
    pub objective: String,
    /// Why, as a lowercase phrase: `its clock `office` is a business-hours calendar`.
    pub reason: String,
    /// What the author could do about it.
    pub help: String,
}

/// Splits a rule set's objectives into those a metrics system can monitor
/// and those it cannot.
pub fn split(rules: &RuleSet) -> (Vec<Monitored<'_>>, Vec<LeftOut>) {
    let mut monitored = Vec::new();
    let mut left = Vec::new();
    for o in &rules.objectives {
        match fit(rules, o) {
            Ok(m) => monitored.push(m),
            Err((reason, help)) => left.push(LeftOut {
                objective: o.name.clone(),
                reason,
                help: help.to_owned(),
            }),
        }
    }
    (monitored, left)
}

pub(crate) fn always_open(rules: &RuleSet, calendar: &str) -> bool {
    rules
        .calendars
        .iter()
        .any(|c| c.name == calendar && c.always_open)
}

pub(crate) fn business_hours(calendar: &str) -> (String, &'static str) {
    (
        format!(
            "its time is counted on `{calendar}`, a business-hours calendar, and a metrics system counts real time"
        ),
        "monitor it with `slate eval`, which counts open time",
    )
}

/// Why no ratio of counters can measure an objective whatever its
/// measure: periods of clock hours, a target per goal, goals by arrival.
/// A value the contract rounds (`round value to whole seconds`) is judged
/// on the rounded figure, which a metrics system's exact average or
/// histogram bucket does not give at the boundary.
pub(crate) fn unrounded(o: &Objective) -> Result<(), (String, &'static str)> {
    if let Measure::DurationAggregate { round: Some(_), .. } = &o.measure {
        return Err((
            "the contract rounds each period's value before judging it, and a metrics system compares the exact value with the bound".to_owned(),
            "monitor it with `slate eval`, which rounds the value as the contract says",
        ));
    }
    Ok(())
}

fn whole_objective(o: &Objective) -> Result<(), (String, &'static str)> {
    if o.period.is_hourly() {
        return Err(crate::prometheus::hourly(o));
    }
    unrounded(o)?;
    if let Measure::TimeToEvent { goals, .. } = &o.measure
        && goals.iter().any(|g| g.target.is_some())
    {
        return Err((
            "each goal has its own target, and the source's good and total counters give one ratio for all goals together".to_owned(),
            "monitor it with `slate eval`, or write one objective per goal",
        ));
    }
    if let Measure::TimeToEvent { goals, .. } = &o.measure
        && goals.iter().any(|g| g.arrival.is_some())
    {
        return Err((
            "a goal depends on when each item arrived, and a metrics counter does not know the arrival calendar or season of the items it counts".to_owned(),
            "monitor it with `slate eval`",
        ));
    }
    Ok(())
}

fn fit<'a>(rules: &RuleSet, o: &'a Objective) -> Result<Monitored<'a>, (String, &'static str)> {
    whole_objective(o)?;
    let (target, clock) = match &o.measure {
        Measure::DurationAggregate { .. } => return crate::aggregate::fit(rules, o),
        Measure::SampleAggregate {
            statistic: crate::Statistic::Percentile { .. },
            ..
        } => return crate::aggregate::fit(rules, o),
        Measure::Rate { .. } => return Err(crate::rate_rules::not_openslo(rules, o)),
        // An average is monitored by its own Prometheus rules.
        Measure::SampleAggregate { .. } => return Err(crate::average::left_out(rules, o)),
        Measure::DueDate { due_attribute, .. } => {
            return Err((
                format!(
                    "each item is due by the date its own `{due_attribute}` attribute holds, and a metrics system has counters and histograms, not each item's due date"
                ),
                "monitor it with `slate eval`, which reads each item's due date",
            ));
        }
        Measure::Volume { .. } => {
            return Err((
                "a volume objective counts items per period, which is not a ratio of good to all events".to_owned(),
                "monitor it with `slate eval`",
            ));
        }
        Measure::Availability {
            target,
            clock,
            per_component,
            components_down,
            downtime_unit_seconds,
            ..
        } => {
            if crate::probe::has_probe(o) {
                return Err(crate::probe::left_out(rules, o));
            }
            if *per_component {
                return Err((
                    "each component must meet its target on its own, and one ratio cannot say which failed".to_owned(),
                    "monitor it with `slate eval`, or write one objective per component",
                ));
            }
            if let Some(k) = components_down.filter(|k| *k > 1) {
                return Err((
                    format!(
                        "the service is down only while at least {k} of its components are down at once, which one ratio of good to all events cannot tell"
                    ),
                    "monitor it with `slate eval`, which combines the components' outages",
                ));
            }
            if crate::unit_down::judged_by_rate(&o.measure) {
                return Err((
                    // Units could be cut with subqueries; what no rule has
                    // is which unit each error and request happened in.
                    "each unit is down by the error rate of the records inside it, and a counter is known only at its scrapes, so the errors and requests inside one unit cannot be told from those of the next: the increase between two unit boundaries counts what was scraped between them, not what happened in the unit, so no rule can judge each unit exactly".to_owned(),
                    "monitor it with `slate eval`, which reads each record's time",
                ));
            }
            if downtime_unit_seconds.is_some() {
                return Err((
                    "its downtime is counted in whole units from each period's start, and a ratio of good to all events over a sliding window does not count units".to_owned(),
                    "monitor it with `slate eval`, which counts the units",
                ));
            }
            (target, clock)
        }
        Measure::TimeToEvent {
            target,
            clock,
            goals,
            ..
        } => {
            for g in goals {
                if matches!(g.budget, Budget::BusinessDays(_)) {
                    return Err((
                        "a goal is counted in business days, on a calendar".to_owned(),
                        "monitor it with `slate eval`, which counts open time",
                    ));
                }
                if !always_open(rules, &g.calendar) {
                    return Err(business_hours(&g.calendar));
                }
            }
            (target, clock)
        }
    };
    if !always_open(rules, clock) {
        return Err(business_hours(clock));
    }
    let Some(source) = &o.source else {
        return Err((
            "it names no metric source".to_owned(),
            "add `source prometheus { good \"…\" total \"…\" }` with the counters that measure it, or monitor it with `slate eval`",
        ));
    };
    let sli = match source {
        Source::PrometheusRatio { good, total } => Sli {
            good: good.clone(),
            total: total.clone(),
        },
        Source::PrometheusLatency { histogram } => latency(o, histogram)?,
        Source::PrometheusProbe { .. } => return Err(crate::probe::left_out(rules, o)),
        Source::PrometheusRate { .. } => {
            return Err((
                "its source names `numerator` and `denominator` counters, which measure a rate"
                    .to_owned(),
                "write `good` and `total` counters, or monitor it with `slate eval`",
            ));
        }
    };
    Ok(Monitored {
        objective: o,
        sli,
        target: *target,
    })
}

/// Good events of a latency histogram are those in the bucket of the one
/// goal's budget; all events are its count.
pub(crate) fn latency(o: &Objective, histogram: &str) -> Result<Sli, (String, &'static str)> {
    if let Measure::DurationAggregate {
        pause,
        bound_seconds,
        ..
    } = &o.measure
    {
        if pause.is_some() {
            return Err((
                "its clock pauses, and a latency histogram records the whole time".to_owned(),
                "monitor it with `slate eval`",
            ));
        }
        return buckets(histogram, Decimal::from(*bound_seconds));
    }
    if let Measure::SampleAggregate {
        unit, bound_value, ..
    } = &o.measure
    {
        // The checker refuses a histogram for samples in another unit (E0318).
        let Some(seconds) = crate::average::in_seconds(unit.as_deref(), *bound_value) else {
            return Err((
                "a latency histogram is in seconds, and the samples are not in a unit of time, so the bound cannot be converted".to_owned(),
                "monitor it with `slate eval`",
            ));
        };
        return buckets(histogram, seconds);
    }
    let Measure::TimeToEvent { goals, pause, .. } = &o.measure else {
        return Err((
            "a latency histogram measures time-to-event objectives only".to_owned(),
            "use `good` and `total` counters",
        ));
    };
    if pause.is_some() {
        return Err((
            "its clock pauses, and a latency histogram records the whole time".to_owned(),
            "use `good` and `total` counters that leave out the paused time",
        ));
    }
    let [goal] = goals.as_slice() else {
        return Err((
            format!(
                "it has {} goals, and a latency histogram measures against one",
                goals.len()
            ),
            "use `good` and `total` counters that apply each item's goal",
        ));
    };
    if !goal.when.is_empty() {
        return Err((
            "its goal applies to some items only, and a latency histogram records them all"
                .to_owned(),
            "use `good` and `total` counters, or a histogram selector that keeps only those items",
        ));
    }
    let Budget::Seconds(seconds) = goal.budget else {
        return Err((
            "a goal is counted in business days, on a calendar".to_owned(),
            "monitor it with `slate eval`",
        ));
    };
    buckets(histogram, Decimal::from(seconds))
}

/// Good events: the histogram's bucket at `seconds`; all events: its count.
fn buckets(histogram: &str, seconds: Decimal) -> Result<Sli, (String, &'static str)> {
    let (name, matchers) = slate_check::promql::split_selector(histogram);
    let with = |suffix: &str, extra: Option<String>| {
        let all: Vec<&str> = [matchers]
            .into_iter()
            .chain(extra.as_deref())
            .filter(|m| !m.is_empty())
            .collect();
        format!("{name}{suffix}{{{}}}", all.join(", "))
    };
    // Client libraries spell the bound `10` (Go) or `10.0` (Python, Java,
    // Prometheus 3), `1e-05` or `1.0E-5`: the matcher takes each spelling.
    let Some(le) = crate::bucket::le_matcher(seconds) else {
        return Err((
            format!(
                "its bound of {seconds} seconds has more than 15 significant digits, and a histogram's bucket bound is a binary float whose label cannot be matched exactly"
            ),
            "monitor it with `slate eval`",
        ));
    };
    Ok(Sli {
        good: with("_bucket", Some(le)),
        total: with("_count", None),
    })
}

/// A multi-window burn-rate alert condition (Google SRE workbook, chapter
/// 5): the error ratio over both windows exceeds `factor` times the error
/// budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Burn {
    /// `page` or `ticket`.
    pub severity: &'static str,
    /// The long window, in Prometheus duration syntax (`1h`).
    pub long: &'static str,
    /// The short window, a twelfth of the long one (`5m`).
    pub short: &'static str,
    /// The share of the period's error budget the condition stands for, in percent.
    pub budget_percent: u32,
    /// How many times faster than the budget allows errors are arriving.
    pub factor: Decimal,
    /// The error ratio that fires: `factor × (1 − target)`.
    pub threshold: Decimal,
}

/// The workbook's windows, and the share of the budget each one consumes:
/// 2% in an hour or 5% in six hours pages; 10% in a day or in three days
/// opens a ticket.
const WINDOWS: [(&str, &str, &str, u64, u32); 4] = [
    ("page", "1h", "5m", 3_600, 2),
    ("page", "6h", "30m", 21_600, 5),
    ("ticket", "1d", "2h", 86_400, 10),
    ("ticket", "3d", "6h", 259_200, 10),
];

/// The burn-rate conditions for an objective measured per `period` with
/// `target` percent, and the ones left out with the reason.
///
/// The factor spends the stated share of the budget of one nominal period
/// within the long window: `share × period / window`, which gives the
/// workbook's 14.4, 6, 3 and 1 for a month of 30 days. A condition is kept
/// only when it can fire and means something: its factor is at least 1 (a
/// slower burn would not use the budget up within the period) and its
/// threshold is below 1 (no error ratio exceeds 1).
pub fn burns(period: crate::Period, target: crate::Percent) -> (Vec<Burn>, Vec<String>) {
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    let budget = error_budget(target);
    if budget.is_zero() {
        dropped
            .push("burn-rate alerts: a target of 100% leaves no error budget to burn".to_owned());
        return (kept, dropped);
    }
    let nominal = Decimal::from(slate_time::periods::nominal(period));
    for (severity, long, short, seconds, share) in WINDOWS {
        let factor =
            (Decimal::from(share) * nominal / Decimal::from(100u32) / Decimal::from(seconds))
                .round_dp(4)
                .normalize();
        let threshold = (factor * budget).normalize();
        if factor < Decimal::ONE {
            dropped.push(format!(
                "{severity} {long}/{short}: {share}% of a {}'s error budget in {long} is a burn rate of {factor}, slower than the budget allows",
                period.noun()
            ));
        } else if threshold >= Decimal::ONE {
            dropped.push(format!(
                "{severity} {long}/{short}: a burn rate of {factor} needs an error ratio of {threshold}, and no ratio exceeds 1"
            ));
        } else {
            kept.push(Burn {
                severity,
                long,
                short,
                budget_percent: share,
                factor,
                threshold,
            });
        }
    }
    (kept, dropped)
}

/// `1 − target / 100`, exactly.
pub fn error_budget(target: crate::Percent) -> Decimal {
    (Decimal::ONE - ratio(target)).normalize()
}

/// `target / 100`, exactly.
pub fn ratio(target: crate::Percent) -> Decimal {
    (target.get() / Decimal::from(100u32)).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Period;

    fn pc(text: &str) -> crate::Percent {
        crate::Percent::parse(text).expect("a percentage")
    }

    #[test]
    fn a_month_gives_the_workbook_factors() {
        let (kept, dropped) = burns(Period::Month, pc("99.9"));
        let f: Vec<(String, String)> = kept
            .iter()
            .map(|b| (b.factor.to_string(), b.threshold.to_string()))
            .collect();
        assert_eq!(
            f,
            [
                ("14.4", "0.0144"),
                ("6", "0.006"),
                ("3", "0.003"),
                ("1", "0.001")
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert!(dropped.is_empty());
    }

    #[test]
    fn conditions_that_cannot_fire_are_left_out() {
        // 80% per day: 2% of a day's budget in an hour is a burn of 0.48.
        let (kept, dropped) = burns(Period::Day, pc("80"));
        assert!(kept.is_empty());
        assert_eq!(dropped.len(), 4);
        assert!(dropped[0].contains("burn rate of 0.48"), "{}", dropped[0]);
        // 90% per month: 14.4 × 10% = 1.44 cannot be reached.
        let (kept, dropped) = burns(Period::Month, pc("90"));
        assert_eq!(
            kept.iter().map(|b| b.long).collect::<Vec<_>>(),
            ["6h", "1d", "3d"]
        );
        assert!(dropped[0].contains("error ratio of 1.44"), "{}", dropped[0]);
    }
}
