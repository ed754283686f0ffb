//! Dates as a reader says them: `1 January 2026`.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `January` for month 1; empty outside 1 to 12.
pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// `1 January 2026`.
pub fn date(d: NaiveDate) -> String {
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}

/// `1 January 2026`, or `1 to 3 January 2026` / `24 December 2026 to 2 January 2027` for a range.
pub fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        date(from)
    } else if from.year() == to.year() && from.month() == to.month() {
        format!("{} to {}", from.day(), date(to))
    } else {
        format!("{} to {}", date(from), date(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn dates() {
        assert_eq!(date(d(2026, 1, 1)), "1 January 2026");
        assert_eq!(date(d(2026, 12, 25)), "25 December 2026");
        assert_eq!(
            date_range(d(2026, 12, 24), d(2026, 12, 31)),
            "24 to 31 December 2026"
        );
        assert_eq!(
            date_range(d(2026, 12, 24), d(2027, 1, 2)),
            "24 December 2026 to 2 January 2027"
        );
        assert_eq!(date_range(d(2026, 5, 1), d(2026, 5, 1)), "1 May 2026");
        assert_eq!(month_name(12), "December");
        assert_eq!(month_name(0), "");
    }
}
