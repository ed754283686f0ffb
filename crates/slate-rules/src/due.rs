//! Due dates carried by the item: the measure of a `due by` objective, and
//! the record fields that cannot hold a due date.

use slate_check::model;

use crate::{BuildError, Measure};

/// The record fields that are not attributes of the item.
pub(crate) const RECORD_FIELDS: [&str; 3] = ["id", "at", "event"];

/// The measure of an objective whose items carry their own due dates.
pub(crate) fn measure(d: &model::DueDate) -> Result<Measure, BuildError> {
    Ok(Measure::DueDate {
        noun: d.noun.clone(),
        start_event: d.start.clone(),
        stop_event: d.stop.clone(),
        filter: d.filter.iter().map(crate::convert::condition).collect(),
        exclude: d.exclude.iter().map(crate::convert::condition).collect(),
        due_attribute: d.attribute.clone(),
        target: crate::convert::percent(d.target)?,
    })
}
