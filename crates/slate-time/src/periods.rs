//! Calendar periods as real instants: where each day, week, month, quarter
//! or year of an objective starts in its time zone.
//!
//! A period starts at local midnight of its first date (a week on Monday, a
//! quarter in January, April, July or October). Where a time zone skips
//! midnight (a daylight-saving change at 00:00), the period starts at the
//! first local time that exists that day.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::Period;

/// The first date of the period that contains `date`.
pub fn start_of(period: Period, date: NaiveDate) -> NaiveDate {
    let month_start = |m: u32| NaiveDate::from_ymd_opt(date.year(), m, 1).unwrap_or(date);
    match period {
        Period::Day => date,
        Period::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
        Period::Month => month_start(date.month()),
        Period::Quarter => month_start((date.month() - 1) / 3 * 3 + 1),
        Period::Year => month_start(1),
    }
}

/// The first date of the period after the one starting on `start`.
pub fn next(period: Period, start: NaiveDate) -> NaiveDate {
    let next = match period {
        Period::Day => start.checked_add_days(Days::new(1)),
        Period::Week => start.checked_add_days(Days::new(7)),
        Period::Month => start.checked_add_months(Months::new(1)),
        Period::Quarter => start.checked_add_months(Months::new(3)),
        Period::Year => start.checked_add_months(Months::new(12)),
    };
    next.unwrap_or(NaiveDate::MAX)
}

/// Local midnight of `date` in `tz` as Unix seconds (or the first local time
/// that exists that day, where the zone skips midnight).
pub fn midnight(tz: Tz, date: NaiveDate) -> i64 {
    let mut local = date.and_time(NaiveTime::MIN);
    // A daylight-saving gap is never longer than a few hours.
    for _ in 0..(24 * 4) {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.timestamp();
        }
        local += chrono::Duration::minutes(15);
    }
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

/// The boundaries of the periods from `from` to `to` (both included), as
/// Unix seconds: the first is midnight of `from`, the last is midnight after
/// `to`, and between them every period start. The first and last periods are
/// cut to the dates given.
pub fn boundaries(period: Period, tz: Tz, from: NaiveDate, to: NaiveDate) -> Vec<i64> {
    let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
    let mut out = vec![midnight(tz, from)];
    let mut d = next(period, start_of(period, from));
    while d < end {
        out.push(midnight(tz, d));
        d = next(period, d);
    }
    out.push(midnight(tz, end));
    out
}

/// The longest a period can be, in seconds: a 25-hour day, a month of 31
/// days with a clock change, and so on.
pub fn longest(period: Period) -> u64 {
    let days: u64 = match period {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 31,
        Period::Quarter => 92,
        Period::Year => 366,
    };
    days * 86_400 + 3_600
}

/// The nominal length of a period in seconds (30 days for a month, 91 for
/// a quarter, 365 for a year), as error-budget arithmetic uses it.
pub fn nominal(period: Period) -> u64 {
    let days: u64 = match period {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 30,
        Period::Quarter => 91,
        Period::Year => 365,
    };
    days * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn starts() {
        assert_eq!(start_of(Period::Week, d("2026-03-29")), d("2026-03-23"));
        assert_eq!(start_of(Period::Quarter, d("2026-08-15")), d("2026-07-01"));
        assert_eq!(start_of(Period::Year, d("2026-08-15")), d("2026-01-01"));
        assert_eq!(next(Period::Month, d("2026-01-01")), d("2026-02-01"));
    }

    #[test]
    fn midnight_follows_the_zone() {
        let london: Tz = "Europe/London".parse().unwrap();
        // 2026-03-29 00:00 GMT; 2026-03-30 00:00 BST = 23:00 UTC the day before.
        assert_eq!(midnight(london, d("2026-03-29")), 1_774_742_400);
        assert_eq!(midnight(london, d("2026-03-30")), 1_774_825_200);
        // Santiago skips from 00:00 to 01:00 on 2026-09-06 (CLT -4 to CLST -3):
        // the day starts at 01:00 -03:00 = 04:00 UTC.
        let santiago: Tz = "America/Santiago".parse().unwrap();
        assert_eq!(midnight(santiago, d("2026-09-06")), 1_788_667_200);
    }

    #[test]
    fn boundaries_cut_to_the_dates() {
        let utc: Tz = "UTC".parse().unwrap();
        let b = boundaries(Period::Month, utc, d("2026-01-15"), d("2026-03-31"));
        let days: Vec<i64> = b.iter().map(|t| t / 86_400).collect();
        // 2026-01-15, 2026-02-01, 2026-03-01, 2026-04-01 as days since 1970.
        assert_eq!(days, vec![20_468, 20_485, 20_513, 20_544]);
    }
}
