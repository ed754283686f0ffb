//! A business calendar as open time reads it: a zone, weekly opening
//! intervals and closed dates, already parsed.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::{Day, TimeOfDay};

/// When a calendar is open, in local wall-clock time: what
/// [`OpenTime::build`](crate::OpenTime::build) compiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    /// The time zone of its local times and dates.
    pub zone: Tz,
    /// Open every second of every day (`24x7`); `weekly` and `closed` are
    /// then ignored.
    pub always_open: bool,
    /// Weekly opening intervals, each belonging to the local date it starts on.
    pub weekly: Vec<Opening>,
    /// Closed local dates, `(first, last)` with both included: every
    /// interval that starts on one is removed.
    pub closed: Vec<(NaiveDate, NaiveDate)>,
}

/// A weekly opening interval: `day start-end`, past midnight when `overnight`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The day it starts on.
    pub day: Day,
    /// Local start time; never `24:00`.
    pub start: TimeOfDay,
    /// Local end time (`24:00` ends the day); on the next day when `overnight`.
    pub end: TimeOfDay,
    /// Whether it runs past midnight into the next day.
    pub overnight: bool,
}

impl Hours {
    /// Always open (`24x7`), with local dates read in `zone`.
    pub fn always_open(zone: Tz) -> Hours {
        Hours {
            zone,
            always_open: true,
            weekly: Vec::new(),
            closed: Vec::new(),
        }
    }

    /// Open during `weekly` in `zone`, never closed on a date.
    pub fn weekly(zone: Tz, weekly: Vec<Opening>) -> Hours {
        Hours {
            zone,
            always_open: false,
            weekly,
            closed: Vec::new(),
        }
    }
}
