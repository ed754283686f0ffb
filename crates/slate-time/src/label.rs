//! Period labels as people type them and reports write them (`2026`, `2026-Q1`, `2026-03`,
//! `2026-W10`, `2026-03-02`) and a moment given as a timestamp or a date:
//! their dates, and their real instants in a time zone.
//!
//! A label's dates run from local midnight of its first date to local
//! midnight after its last, as [`periods::midnight`] reads midnight: where
//! a zone skips midnight, the date starts at its first local time that
//! exists, so consecutive labels meet exactly and no instant is in two.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::{Period, periods};

/// A period named by its label: a year, quarter, month, ISO week or date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// Which kind of period the label names.
    pub period: Period,
    /// Its first date.
    pub from: NaiveDate,
    /// Its last date, included.
    pub to: NaiveDate,
}

/// A text that is not a period label.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a period such as `2026-03`, `2026-Q1`, `2026-W10`, `2026-03-02` or `2026`"
)]
pub struct LabelError {
    /// The text given.
    pub text: String,
}

impl Label {
    /// The period of kind `period` that contains `date`.
    pub fn containing(period: Period, date: NaiveDate) -> Label {
        let from = periods::start_of(period, date);
        let next = periods::next(period, from);
        Label {
            period,
            from,
            to: next.pred_opt().unwrap_or(next),
        }
    }

    /// Its real instants in `tz`: `[start, end)` from local midnight of its
    /// first date to local midnight after its last, in Unix seconds.
    pub fn instants(&self, tz: Tz) -> (i64, i64) {
        let end = self.to.checked_add_days(Days::new(1)).unwrap_or(self.to);
        (periods::midnight(tz, self.from), periods::midnight(tz, end))
    }
}

/// Writes the label of the period that starts on its first date: `2026`,
/// `2026-Q1`, `2026-03`, `2026-W10` (the ISO week's year) or `2026-03-02`.
impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = self.from;
        match self.period {
            // An hour's label needs its instant and zone: see
            // [`periods::hour_label`]; as dates, it is its day.
            Period::Hour | Period::Day => write!(f, "{start}"),
            Period::Week => {
                let w = start.iso_week();
                write!(f, "{}-W{:02}", w.year(), w.week())
            }
            Period::Month => write!(f, "{}-{:02}", start.year(), start.month()),
            Period::Quarter => write!(f, "{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Period::Year => write!(f, "{}", start.year()),
        }
    }
}

impl FromStr for Label {
    type Err = LabelError;

    /// Reads `YYYY-MM-DD` (a day), `YYYY` (a year), `YYYY-Qn` (a quarter,
    /// 1 to 4), `YYYY-Wnn` (an ISO week) or `YYYY-MM` (a month).
    fn from_str(text: &str) -> Result<Label, LabelError> {
        label(text).ok_or_else(|| LabelError {
            text: text.to_owned(),
        })
    }
}

/// The label's period and dates, if it is one.
fn label(text: &str) -> Option<Label> {
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let last = |next: Option<NaiveDate>| next.and_then(|d| d.pred_opt());
    let of = |period, from, to| Some(Label { period, from, to });
    if let Ok(d) = text.parse::<NaiveDate>() {
        return of(Period::Day, d, d);
    }
    let (year, rest) = text.split_once('-').unwrap_or((text, ""));
    let year: i32 = year.parse().ok()?;
    if rest.is_empty() {
        return of(Period::Year, ymd(year, 1, 1)?, ymd(year, 12, 31)?);
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        let from = ymd(year, (q - 1) * 3 + 1, 1)?;
        let to = last(from.checked_add_months(Months::new(3)))?;
        return of(Period::Quarter, from, to);
    }
    if let Some(w) = rest.strip_prefix('W') {
        let w: u32 = w.parse().ok()?;
        let from = NaiveDate::from_isoywd_opt(year, w, Weekday::Mon)?;
        return of(Period::Week, from, from.checked_add_days(Days::new(6))?);
    }
    let month: u32 = rest.parse().ok()?;
    let from = ymd(year, month, 1)?;
    let to = last(from.checked_add_months(Months::new(1)))?;
    (from.year() == year).then_some(Label {
        period: Period::Month,
        from,
        to,
    })
}

/// A moment given as an RFC 3339 timestamp, or as a date meaning its local
/// midnight in a zone not yet known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// An exact instant, Unix seconds.
    Instant(i64),
    /// A date: its local midnight, once a zone is given.
    Date(NaiveDate),
}

/// A text that is neither an RFC 3339 timestamp nor a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is neither an RFC 3339 timestamp (`2026-04-01T00:00:00Z`) nor a date (`2026-04-01`)"
)]
pub struct MomentError {
    /// The text given.
    pub text: String,
}

impl Moment {
    /// The instant, Unix seconds: a date's is its local midnight in `tz`
    /// (where the zone skips midnight, the first instant of the date), the
    /// same instant at which the periods before it end.
    pub fn instant(self, tz: Tz) -> i64 {
        match self {
            Moment::Instant(t) => t,
            Moment::Date(date) => periods::midnight(tz, date),
        }
    }
}

impl FromStr for Moment {
    type Err = MomentError;

    fn from_str(text: &str) -> Result<Moment, MomentError> {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
            return Ok(Moment::Instant(t.timestamp()));
        }
        text.parse().map(Moment::Date).map_err(|_| MomentError {
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dates(text: &str) -> (Period, NaiveDate, NaiveDate) {
        let l: Label = text.parse().unwrap();
        (l.period, l.from, l.to)
    }

    #[test]
    fn the_five_forms() {
        assert_eq!(
            dates("2026-02"),
            (Period::Month, d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            dates("2024-02"),
            (Period::Month, d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(
            dates("2026-Q4"),
            (Period::Quarter, d("2026-10-01"), d("2026-12-31"))
        );
        assert_eq!(
            dates("2026-Q1"),
            (Period::Quarter, d("2026-01-01"), d("2026-03-31"))
        );
        assert_eq!(
            dates("2026-W01"),
            (Period::Week, d("2025-12-29"), d("2026-01-04"))
        );
        assert_eq!(
            dates("2026-W10"),
            (Period::Week, d("2026-03-02"), d("2026-03-08"))
        );
        assert_eq!(
            dates("2026"),
            (Period::Year, d("2026-01-01"), d("2026-12-31"))
        );
        assert_eq!(
            dates("2026-03-02"),
            (Period::Day, d("2026-03-02"), d("2026-03-02"))
        );
    }

    #[test]
    fn labels_are_written_as_they_are_read() {
        let periods = [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ];
        for date in ["2026-03-02", "2025-12-31", "2027-01-01", "2024-02-29"] {
            for period in periods {
                let label = Label::containing(period, d(date));
                assert!(label.from <= d(date) && d(date) <= label.to);
                assert_eq!(label.to_string().parse::<Label>().unwrap(), label);
            }
        }
        let written = |period| Label::containing(period, d("2025-12-31")).to_string();
        assert_eq!(written(Period::Day), "2025-12-31");
        // The ISO week of 2025-12-31 is the first of 2026.
        assert_eq!(written(Period::Week), "2026-W01");
        assert_eq!(written(Period::Month), "2025-12");
        assert_eq!(written(Period::Quarter), "2025-Q4");
        assert_eq!(written(Period::Year), "2025");
    }

    #[test]
    fn bad_labels_are_refused() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "2026-W54",
            "2026-W00",
            "2026-02-30",
            "",
            "-2026",
            "march",
            "2026-q1",
            "2026-M03",
            "2026-03-02T00:00:00Z",
        ] {
            let error = bad.parse::<Label>().unwrap_err();
            assert_eq!(error, LabelError { text: bad.into() });
            assert_eq!(
                error.to_string(),
                format!(
                    "`{bad}` is not a period such as `2026-03`, `2026-Q1`, `2026-W10`, `2026-03-02` or `2026`"
                )
            );
        }
        // 2026 has 53 ISO weeks; 2025 has 52.
        assert!("2026-W53".parse::<Label>().is_ok());
        assert!("2025-W53".parse::<Label>().is_err());
    }

    #[test]
    fn instants_follow_the_zone() {
        let london = chrono_tz::Europe::London;
        // March 2026 in London: GMT until the 29th, BST after.
        let march: Label = "2026-03".parse().unwrap();
        assert_eq!(march.instants(london), (1_772_323_200, 1_774_998_000));
        // The day of the change has 23 hours.
        let (a, b) = "2026-03-29".parse::<Label>().unwrap().instants(london);
        assert_eq!(b - a, 23 * 3_600);
    }

    #[test]
    fn a_skipped_midnight_starts_the_day_at_its_first_local_time() {
        // Santiago skips from 00:00 to 01:00 on 2026-09-06 (-04 to -03): the
        // day starts at 01:00 -03:00 = 04:00 UTC, and the day before ends
        // there, so the two labels meet without a gap or an overlap.
        let santiago = chrono_tz::America::Santiago;
        let (start, end) = "2026-09-06".parse::<Label>().unwrap().instants(santiago);
        assert_eq!(start, 1_788_667_200);
        assert_eq!(end - start, 23 * 3_600);
        let (_, before_end) = "2026-09-05".parse::<Label>().unwrap().instants(santiago);
        assert_eq!(before_end, start);
        // A date given as a moment is that same instant.
        let moment: Moment = "2026-09-06".parse().unwrap();
        assert_eq!(moment.instant(santiago), start);
    }

    #[test]
    fn moments() {
        let utc = chrono_tz::UTC;
        let at: Moment = "2026-04-01T00:00:00+01:00".parse().unwrap();
        assert_eq!(at, Moment::Instant(1_774_998_000));
        assert_eq!(at.instant(chrono_tz::Asia::Tokyo), 1_774_998_000);
        let date: Moment = "2026-04-01".parse().unwrap();
        assert_eq!(date.instant(utc), 1_775_001_600);
        assert_eq!(
            date.instant(chrono_tz::Europe::London),
            1_775_001_600 - 3_600
        );
        let error = "tomorrow".parse::<Moment>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`tomorrow` is neither an RFC 3339 timestamp (`2026-04-01T00:00:00Z`) nor a date (`2026-04-01`)"
        );
    }
}
