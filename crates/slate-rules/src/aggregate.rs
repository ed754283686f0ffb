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
    })
}
