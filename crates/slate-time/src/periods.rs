//! Calendar periods as real instants: where each day, week, month, quarter
//! or year of an objective starts in its time zone.
//!
//! A period starts at local midnight of its first date (a week on Monday, a
//! quarter in January, April, July or October). Where a time zone skips
//! midnight (a daylight-saving change at 00:00), the period starts at the
//! first local time that exists that day.
//!
//! A clock hour is not made of dates: it starts at every instant whose
//! local time is a whole hour and runs to the next one ([`hour_starts`]).
//! The date functions read an hour as the local date it falls on.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::Period;

/// The first date of the period that contains `date`.
pub fn start_of(period: Period, date: NaiveDate) -> NaiveDate {
    let month_start = |m: u32| NaiveDate::from_ymd_opt(date.year(), m, 1).unwrap_or(date);
    match period {
        Period::Hour | Period::Day => date,
        Period::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
        Period::Month => month_start(date.month()),
        Period::Quarter => month_start((date.month() - 1) / 3 * 3 + 1),
        Period::Year => month_start(1),
    }
}

/// The first date of the period after the one starting on `start`.
pub fn next(period: Period, start: NaiveDate) -> NaiveDate {
    let next = match period {
        Period::Hour | Period::Day => start.checked_add_days(Days::new(1)),
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
        // The longest clock hour is 90 minutes (Lord Howe's half-hour change).
        Period::Hour => return 7_200,
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
        Period::Hour => return 3_600,
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 30,
        Period::Quarter => 91,
        Period::Year => 365,
    };
    days * 86_400
}

/// The starts of the clock hours in `[from, to)`, Unix seconds, ascending:
/// every instant whose local time in `tz` is a whole hour. A local hour
/// that a spring-forward skips has no start; one that a fall-back repeats
/// has two, one per offset.
pub fn hour_starts(tz: Tz, from: i64, to: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let Some(first) = chrono::DateTime::from_timestamp(from, 0) else {
        return out;
    };
    // Walk the local whole hours from a little before `from` (a change of
    // offset moves local time by at most a few hours) until past `to`.
    let mut local = tz
        .from_utc_datetime(&first.naive_utc())
        .naive_local()
        .date()
        .and_time(NaiveTime::MIN)
        - chrono::Duration::days(1);
    loop {
        let starts = match tz.from_local_datetime(&local) {
            chrono::LocalResult::Single(t) => [Some(t.timestamp()), None],
            chrono::LocalResult::Ambiguous(a, b) => [Some(a.timestamp()), Some(b.timestamp())],
            chrono::LocalResult::None => [None, None],
        };
        for t in starts.into_iter().flatten() {
            if t >= to {
                out.sort_unstable();
                out.dedup();
                return out;
            }
            if t >= from {
                out.push(t);
            }
        }
        local += chrono::Duration::hours(1);
    }
}

/// The start of the clock hour that contains the instant `t`.
pub fn hour_start(tz: Tz, t: i64) -> i64 {
    // A clock hour is at most 90 minutes long, so one starts in the three
    // hours before `t`.
    hour_starts(tz, t - 3 * 3_600, t + 1)
        .last()
        .copied()
        .unwrap_or(t - t.rem_euclid(3_600))
}

/// The label of the clock hour starting at `start`: its local start and
/// offset, `2026-10-25T01:00+01:00`.
pub fn hour_label(tz: Tz, start: i64) -> String {
    match chrono::DateTime::from_timestamp(start, 0) {
        Some(utc) => tz
            .from_utc_datetime(&utc.naive_utc())
            .format("%Y-%m-%dT%H:%M%:z")
            .to_string(),
        None => start.to_string(),
    }
}

/// The local date of the instant `t` in `tz`.
pub fn local_date(tz: Tz, t: i64) -> NaiveDate {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(utc) => tz.from_utc_datetime(&utc.naive_utc()).date_naive(),
        None => NaiveDate::MIN,
    }
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

    #[test]
    fn hours_across_the_london_changes() {
        let london: Tz = "Europe/London".parse().unwrap();
        // Spring forward, 2026-03-29: 01:00 GMT becomes 02:00 BST at
        // 01:00 UTC, so local 01:00 has no hour. From 00:00 UTC (local
        // 00:00 GMT) to 03:00 UTC the hours start at 00:00 UTC (00:00+00:00),
        // 01:00 UTC (02:00+01:00) and 02:00 UTC (03:00+01:00).
        let day = midnight(london, d("2026-03-29"));
        assert_eq!(day, 1_774_742_400);
        let starts = hour_starts(london, day, day + 3 * 3_600);
        assert_eq!(starts, vec![day, day + 3_600, day + 7_200]);
        let labels: Vec<String> = starts.iter().map(|t| hour_label(london, *t)).collect();
        assert_eq!(
            labels,
            [
                "2026-03-29T00:00+00:00",
                "2026-03-29T02:00+01:00",
                "2026-03-29T03:00+01:00"
            ]
        );
        // The whole day has 23 hours.
        let next = midnight(london, d("2026-03-30"));
        assert_eq!(hour_starts(london, day, next).len(), 23);
        // Fall back, 2026-10-25: 02:00 BST becomes 01:00 GMT at 01:00 UTC,
        // so local 01:00 starts twice: 00:00 UTC (01:00+01:00) and 01:00 UTC
        // (01:00+00:00). Midnight is 2026-10-24T23:00 UTC.
        let day = midnight(london, d("2026-10-25"));
        assert_eq!(day, 1_792_882_800);
        let starts = hour_starts(london, day, day + 4 * 3_600);
        let labels: Vec<String> = starts.iter().map(|t| hour_label(london, *t)).collect();
        assert_eq!(
            labels,
            [
                "2026-10-25T00:00+01:00",
                "2026-10-25T01:00+01:00",
                "2026-10-25T01:00+00:00",
                "2026-10-25T02:00+00:00"
            ]
        );
        assert_eq!(starts, vec![day, day + 3_600, day + 7_200, day + 10_800]);
        let next = midnight(london, d("2026-10-26"));
        assert_eq!(hour_starts(london, day, next).len(), 25);
        // An instant belongs to the hour that started last.
        assert_eq!(hour_start(london, day + 7_199), day + 3_600);
        assert_eq!(hour_start(london, day + 7_200), day + 7_200);
    }

    #[test]
    fn hours_where_the_offset_is_not_whole() {
        // Kolkata is +05:30 all year: its hours start at half past in UTC.
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        let day = midnight(kolkata, d("2026-03-02"));
        let starts = hour_starts(kolkata, day, day + 7_200);
        assert_eq!(starts, vec![day, day + 3_600]);
        assert_eq!(hour_label(kolkata, day), "2026-03-02T00:00+05:30");
        // Lord Howe goes back half an hour at 02:00 +11:00 on 2026-04-05:
        // the hour from 01:00 +11:00 lasts 90 minutes, to 02:00 +10:30.
        let howe: Tz = "Australia/Lord_Howe".parse().unwrap();
        let one = hour_starts(
            howe,
            midnight(howe, d("2026-04-05")),
            midnight(howe, d("2026-04-06")),
        );
        let lengths: Vec<i64> = one.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(lengths.contains(&5_400));
        assert_eq!(lengths.iter().filter(|l| **l != 3_600).count(), 1);
    }
}
