//! A rule set's calendar as `slate-time`'s [`Hours`], which open time
//! compiles: the zone, times and dates read from their text.

use chrono::NaiveDate;
use slate_time::{Hours, Opening, TimeOfDayError};

use crate::{Calendar, Interval};

/// Why a rule set's calendar cannot be read as opening hours.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// The zone is not in the IANA database.
    #[error("unknown time zone `{zone}` in calendar `{calendar}`")]
    Zone {
        /// The zone given.
        zone: String,
        /// The calendar's name.
        calendar: String,
    },
    /// A time is not `HH:MM`.
    #[error(transparent)]
    Time(#[from] TimeOfDayError),
    /// A date is not `YYYY-MM-DD`.
    #[error("unreadable date `{text}`: expected `YYYY-MM-DD`")]
    Date {
        /// The date given.
        text: String,
    },
}

impl Calendar {
    /// The calendar's opening hours: its zone, weekly intervals and closed
    /// dates, read from their text.
    ///
    /// # Errors
    ///
    /// An unknown zone, a time that is not `HH:MM` or a date that is not
    /// `YYYY-MM-DD`.
    pub fn hours(&self) -> Result<Hours, HoursError> {
        let zone = self.timezone.parse().map_err(|_| HoursError::Zone {
            zone: self.timezone.clone(),
            calendar: self.name.clone(),
        })?;
        if self.always_open {
            return Ok(Hours::always_open(zone));
        }
        let weekly = self
            .weekly
            .iter()
            .map(Interval::opening)
            .collect::<Result<_, _>>()?;
        let closed = self
            .closures
            .iter()
            .map(|c| Ok((date(&c.from)?, date(&c.to)?)))
            .collect::<Result<_, HoursError>>()?;
        Ok(Hours {
            zone,
            always_open: false,
            weekly,
            closed,
        })
    }
}

impl Interval {
    /// The interval with its times read.
    ///
    /// # Errors
    ///
    /// A start or end that is not `HH:MM` (`24:00` is read; open time
    /// refuses it as a start).
    pub fn opening(&self) -> Result<Opening, TimeOfDayError> {
        Ok(Opening {
            day: self.day,
            start: self.start.parse()?,
            end: self.end.parse()?,
            overnight: self.overnight,
        })
    }
}

/// A `YYYY-MM-DD` date, exactly: four digits, two and two.
fn date(text: &str) -> Result<NaiveDate, HoursError> {
    let unreadable = || HoursError::Date {
        text: text.to_owned(),
    };
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return Err(unreadable());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| unreadable())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Closure, Day};

    /// A calendar in `tz` with `(day, start, end)` intervals and closures.
    fn calendar(tz: &str, weekly: &[(Day, &str, &str)], closed: &[(&str, &str)]) -> Calendar {
        Calendar {
            name: "test".into(),
            always_open: false,
            timezone: tz.into(),
            weekly: weekly
                .iter()
                .map(|&(day, start, end)| Interval {
                    day,
                    start: start.into(),
                    end: end.into(),
                    overnight: false,
                })
                .collect(),
            closures: closed
                .iter()
                .map(|&(from, to)| Closure {
                    from: from.into(),
                    to: to.into(),
                    reason: None,
                })
                .collect(),
        }
    }

    #[test]
    fn reads_a_calendar() {
        let cal = calendar(
            "Europe/London",
            &[(Day::Monday, "09:00", "24:00")],
            &[("2026-12-25", "2026-12-28")],
        );
        let hours = cal.hours().unwrap();
        assert_eq!(hours.zone, chrono_tz::Europe::London);
        assert!(!hours.always_open);
        assert_eq!(hours.weekly[0].start.to_string(), "09:00");
        assert!(hours.weekly[0].end.is_end_of_day());
        assert_eq!(hours.closed[0].1.to_string(), "2026-12-28");
    }

    #[test]
    fn errors_name_the_text() {
        let build = |cal: &Calendar| cal.hours().unwrap_err().to_string();
        let cal = calendar("Mars/Olympus", &[], &[]);
        assert_eq!(
            build(&cal),
            "unknown time zone `Mars/Olympus` in calendar `test`"
        );
        for bad in ["9:00", "09-00", "24:30", "12:60", "ab:cd", "09:00 "] {
            let cal = calendar("UTC", &[(Day::Monday, bad, "23:00")], &[]);
            assert_eq!(
                build(&cal),
                format!("unreadable time `{bad}`: expected `HH:MM`")
            );
        }
        for bad in ["2026-13-01", "2026-3-1", "yesterday", "2026-02-30"] {
            let cal = calendar("UTC", &[], &[(bad, "2026-12-31")]);
            assert_eq!(
                build(&cal),
                format!("unreadable date `{bad}`: expected `YYYY-MM-DD`")
            );
        }
    }
}
