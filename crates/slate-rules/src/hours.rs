//! A rule set's calendar as `slate-time`'s [`Hours`], which open time
//! compiles. Reading the rule set has checked the zone, times and dates
//! already (`problems.rs`), so the conversion cannot fail.

use slate_time::{Hours, Opening};

use crate::{Calendar, Interval};

impl Calendar {
    /// The calendar's opening hours: its zone, weekly intervals and closed
    /// dates.
    pub fn hours(&self) -> Hours {
        if self.always_open {
            return Hours::always_open(self.timezone);
        }
        Hours {
            zone: self.timezone,
            always_open: false,
            weekly: self.weekly.iter().map(Interval::opening).collect(),
            closed: self.closures.iter().map(|c| (c.from, c.to)).collect(),
        }
    }
}

impl Interval {
    /// The interval as an opening of open time.
    pub fn opening(&self) -> Opening {
        Opening {
            day: self.day,
            start: self.start,
            end: self.end,
            overnight: self.overnight,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Closure, Day};

    #[test]
    fn reads_a_calendar() {
        let cal = Calendar {
            name: "test".into(),
            always_open: false,
            timezone: chrono_tz::Europe::London,
            weekly: vec![Interval {
                day: Day::Monday,
                start: "09:00".parse().unwrap(),
                end: "24:00".parse().unwrap(),
                overnight: false,
            }],
            closures: vec![Closure {
                from: "2026-12-25".parse().unwrap(),
                to: "2026-12-28".parse().unwrap(),
                reason: None,
            }],
        };
        let hours = cal.hours();
        assert_eq!(hours.zone, chrono_tz::Europe::London);
        assert!(!hours.always_open);
        assert_eq!(hours.weekly[0].start.to_string(), "09:00");
        assert!(hours.weekly[0].end.is_end_of_day());
        assert_eq!(hours.closed[0].1.to_string(), "2026-12-28");
        let always = Calendar {
            always_open: true,
            ..cal
        };
        assert!(always.hours().always_open);
    }
}
