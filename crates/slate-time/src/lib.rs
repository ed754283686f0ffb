//! Slate's time: the one place that knows calendars and clocks.
//!
//! ```text
//!  Period, Day, TimeOfDay ──▶ periods (instants of a period in a zone)
//!                         ──▶ label   (`2026-03`, `2026-Q1`, `2026-W10`, …,
//!                                      `2026-10-25T01:00+01:00` for an hour)
//!  Hours (a calendar)     ──▶ OpenTime (exact, DST-correct open(a, b))
//!  intervals              ──   merging, clipping, subtracting [start, end)
//! ```
//!
//! This crate is a leaf: it depends on no other Slate crate, only on
//! `chrono`, `chrono-tz`, `serde` and `thiserror`, so the rule set, the evaluator, the
//! command line and the benchmarks all compute time with the same code.
//! With the `schema` feature its types derive `schemars::JsonSchema`, for
//! the rule set's published schema.

#![forbid(unsafe_code)]

mod hours;
pub mod intervals;
pub mod label;
mod open;
pub mod periods;
mod time_of_day;

pub use hours::{Hours, Opening};
pub use label::{Label, LabelError, Moment, MomentError};
pub use open::{OpenTime, OpenTimeError};
pub use time_of_day::{TimeOfDay, TimeOfDayError};

use serde::{Deserialize, Serialize};

/// The years an agreement may be in force: its `effective` dates, and a
/// rule set's, fall in them. They begin with Unix time, from which metrics
/// systems count and in which the rule files write period starts, and end
/// with 2099, the last year whose daylight-saving rules the compiled time
/// zone database holds: from 2100 every zone keeps its standard time all
/// year, so periods there would start at the wrong hour. They also bound
/// the rule files' period tables.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2099;

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[expect(missing_docs, reason = "the days are their names")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    /// Every day of the week, Monday first.
    pub const ALL: [Day; 7] = [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
        Day::Saturday,
        Day::Sunday,
    ];

    /// Days since Monday: Monday is 0, Sunday 6.
    pub fn index(self) -> usize {
        match self {
            Day::Monday => 0,
            Day::Tuesday => 1,
            Day::Wednesday => 2,
            Day::Thursday => 3,
            Day::Friday => 4,
            Day::Saturday => 5,
            Day::Sunday => 6,
        }
    }

    /// The lowercase names, as written in Slate, Monday first.
    pub const NAMES: [&'static str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    /// The lowercase name, as written in Slate.
    pub fn name(self) -> &'static str {
        match self {
            Day::Monday => "monday",
            Day::Tuesday => "tuesday",
            Day::Wednesday => "wednesday",
            Day::Thursday => "thursday",
            Day::Friday => "friday",
            Day::Saturday => "saturday",
            Day::Sunday => "sunday",
        }
    }

    /// Parses a lowercase day name.
    pub fn from_name(s: &str) -> Option<Day> {
        Day::ALL.into_iter().find(|d| d.name() == s)
    }

    /// The same day as chrono's weekday.
    pub fn weekday(self) -> chrono::Weekday {
        match self {
            Day::Monday => chrono::Weekday::Mon,
            Day::Tuesday => chrono::Weekday::Tue,
            Day::Wednesday => chrono::Weekday::Wed,
            Day::Thursday => chrono::Weekday::Thu,
            Day::Friday => chrono::Weekday::Fri,
            Day::Saturday => chrono::Weekday::Sat,
            Day::Sunday => chrono::Weekday::Sun,
        }
    }
}

impl From<chrono::Weekday> for Day {
    fn from(weekday: chrono::Weekday) -> Day {
        match weekday {
            chrono::Weekday::Mon => Day::Monday,
            chrono::Weekday::Tue => Day::Tuesday,
            chrono::Weekday::Wed => Day::Wednesday,
            chrono::Weekday::Thu => Day::Thursday,
            chrono::Weekday::Fri => Day::Friday,
            chrono::Weekday::Sat => Day::Saturday,
            chrono::Weekday::Sun => Day::Sunday,
        }
    }
}

/// A measurement or settlement period, in the objective's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// A clock hour: from an instant whose local time is a whole hour to the
    /// next such instant, labelled by its local start and offset.
    Hour,
    /// A local calendar date.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Period {
    /// Parses the words Slate writes periods with: `month`, `months`,
    /// `monthly`, `annually`, ….
    pub fn parse(word: &str) -> Option<Period> {
        Some(match word {
            "hour" | "hours" | "hourly" => Period::Hour,
            "day" | "days" | "daily" => Period::Day,
            "week" | "weeks" | "weekly" => Period::Week,
            "month" | "months" | "monthly" => Period::Month,
            "quarter" | "quarters" | "quarterly" => Period::Quarter,
            "year" | "years" | "yearly" | "annually" | "annual" => Period::Year,
            _ => return None,
        })
    }

    /// Months in the period, for periods made of whole months.
    pub fn months(self) -> Option<u32> {
        match self {
            Period::Month => Some(1),
            Period::Quarter => Some(3),
            Period::Year => Some(12),
            Period::Hour | Period::Day | Period::Week => None,
        }
    }

    /// Whether the period is a clock hour, which starts at an instant
    /// rather than at a date's midnight.
    pub fn is_hourly(self) -> bool {
        self == Period::Hour
    }

    /// The period as a lowercase noun: `hour`, `day`, `week`, `month`, `quarter`, `year`.
    pub fn noun(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The adjective: `monthly`.
    pub fn adjective(self) -> &'static str {
        match self {
            Period::Hour => "hourly",
            Period::Day => "daily",
            Period::Week => "weekly",
            Period::Month => "monthly",
            Period::Quarter => "quarterly",
            Period::Year => "yearly",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_follow_chrono() {
        for day in Day::ALL {
            assert_eq!(Day::from(day.weekday()), day);
            assert_eq!(day.weekday().num_days_from_monday() as usize, day.index());
            assert_eq!(Day::from_name(day.name()), Some(day));
            assert_eq!(Day::NAMES.get(day.index()), Some(&day.name()));
        }
    }
}
