//! The rule set's duration aggregates, built from the Model.

use slate_check::model;

use crate::convert::BuildError;
use crate::{Comparison, Ignore, Measure, Statistic};

/// The measure of a duration aggregate.
pub(crate) fn measure(a: &model::DurationAggregate) -> Result<Measure, BuildError> {
    Ok(Measure::DurationAggregate {
        noun: a.noun.clone(),
        start_event: a.start.clone(),
        stop_event: a.stop.clone(),
        reopen_event: a.reopen_event.clone(),
        filter: a.filter.iter().map(crate::convert::condition).collect(),
        pause: a.pause.as_ref().map(crate::convert::condition),
        clock: a.clock.clone(),
        exclude: a.exclude.iter().map(crate::convert::condition).collect(),
        ignore: a.ignore.as_ref().map(|i| Ignore {
            event: i.event.clone(),
            within_seconds: i.within_seconds,
        }),
        statistic: match a.statistic {
            model::Statistic::Average => Statistic::Average {},
            model::Statistic::Percentile(p) => Statistic::Percentile {
                p: crate::convert::percent(p)?,
            },
        },
        comparison: match a.comparison {
            model::Comparison::AtMost => Comparison::AtMost,
            model::Comparison::Below => Comparison::Below,
            model::Comparison::AtLeast => Comparison::AtLeast,
            model::Comparison::Above => Comparison::Above,
        },
        bound_seconds: a.bound_seconds,
        round: a.round.map(|r| crate::Rounding {
            unit_seconds: r.unit_seconds,
            ties: if r.half_even {
                crate::Ties::HalfEven
            } else {
                crate::Ties::HalfUp
            },
        }),
    })
}

/// Whether a metrics system measures a percentile of durations or of
/// samples faithfully: a nearest-rank percentile p is at most T exactly
/// when at least p% of the values are at most T (the value at rank
/// ⌈p·n/100⌉ is ≤ T iff at least ⌈p·n/100⌉ values are, iff their count is
/// ≥ p·n/100), which is the share of a latency histogram's values in its
/// bucket at T (`le` counts values at or under it): durations on a 24x7
/// clock, samples in a unit of time (T converted to seconds exactly).
/// Averages are monitored by [`crate::average`]; the other comparisons are
/// left out with the reason.
pub(crate) fn fit<'a>(
    rules: &crate::RuleSet,
    o: &'a crate::Objective,
) -> Result<crate::monitor::Monitored<'a>, (String, &'static str)> {
    use crate::monitor::{always_open, business_hours, latency};
    let (statistic, comparison, clock) = match &o.measure {
        Measure::DurationAggregate {
            statistic,
            comparison,
            clock,
            ..
        } => (statistic, comparison, Some(clock)),
        // Samples have no clock.
        Measure::SampleAggregate {
            statistic,
            comparison,
            ..
        } => (statistic, comparison, None),
        _ => {
            return Err((
                "it is not an average or a percentile of durations or of samples".to_owned(),
                "monitor it with `slate eval`",
            ));
        }
    };
    let Statistic::Percentile { p } = statistic else {
        // An average is monitored by its own Prometheus rules
        // ([`crate::average`]), which no ratio of good to all events says.
        return Err(crate::average::left_out(rules, o));
    };
    if *comparison != Comparison::AtMost {
        return Err((
            "only a percentile bound of `at most` is the share of values in a histogram bucket (`le` counts values at or under the bound)".to_owned(),
            "write the bound as `at most`, or monitor it with `slate eval`",
        ));
    }
    if let Some(clock) = clock
        && !always_open(rules, clock)
    {
        return Err(business_hours(clock));
    }
    let Some(crate::Source::PrometheusLatency { histogram }) = &o.source else {
        return Err((
            "a percentile bound is measured from a latency histogram with a bucket at the bound, and it names none".to_owned(),
            "add `source prometheus { latency \"…\" }` with the histogram, or monitor it with `slate eval`",
        ));
    };
    Ok(crate::monitor::Monitored {
        objective: o,
        sli: latency(o, histogram)?,
        target: *p,
    })
}

/// The measure of a rate of counts.
pub(crate) fn rate(r: &model::Rate) -> Result<Measure, BuildError> {
    Ok(Measure::Rate {
        numerator_event: r.numerator.clone(),
        denominator_event: r.denominator.clone(),
        filter: r.filter.iter().map(crate::convert::condition).collect(),
        exclude: r.exclude.iter().map(crate::convert::condition).collect(),
        ignore: r.ignore.as_ref().map(|i| Ignore {
            event: i.event.clone(),
            within_seconds: i.within_seconds,
        }),
        comparison: match r.comparison {
            model::Comparison::AtMost => Comparison::AtMost,
            model::Comparison::Below => Comparison::Below,
            model::Comparison::AtLeast => Comparison::AtLeast,
            model::Comparison::Above => Comparison::Above,
        },
        percent: crate::convert::percent(r.percent)?,
    })
}

/// The measure of a bound on samples.
pub(crate) fn sample(a: &model::SampleAggregate) -> Result<Measure, BuildError> {
    Ok(Measure::SampleAggregate {
        attribute: a.attribute.clone(),
        event: a.event.clone(),
        filter: a.filter.iter().map(crate::convert::condition).collect(),
        exclude: a.exclude.iter().map(crate::convert::condition).collect(),
        unit: a.unit.clone(),
        statistic: match a.statistic {
            model::Statistic::Average => Statistic::Average {},
            model::Statistic::Percentile(p) => Statistic::Percentile {
                p: crate::convert::percent(p)?,
            },
        },
        comparison: match a.comparison {
            model::Comparison::AtMost => Comparison::AtMost,
            model::Comparison::Below => Comparison::Below,
            model::Comparison::AtLeast => Comparison::AtLeast,
            model::Comparison::Above => Comparison::Above,
        },
        bound_value: a.bound,
    })
}
