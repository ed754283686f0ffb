//! When the customer's time to claim a credit ends (docs/semantics.md,
//! "Readings of the new measures and remedies", and §7 "Claim windows"):
//! from the end of the settled period, in calendar time, in business time
//! on a calendar, or at the end of the N-th calendar month after the
//! period; or, with `of each breach`, in calendar or business time from
//! the first instant an item of the period breached (the instant its
//! budget was used up, a due-date item's due instant), which gives the
//! earliest of the period's per-breach deadlines.

use chrono::{Datelike as _, Days, Months, NaiveDate, SecondsFormat, TimeZone as _};
use chrono_tz::Tz;
use slate_rules::{BusinessUnit, Period, Schedule, TermUnit};
use slate_time::periods;

use super::super::EvalError;
use super::super::context::{Ctx, Span, local_date};

/// The claim deadline of a credit of `schedule` for the settled period
/// `span` (measured in `zone`), in RFC 3339 with the agreement's offset.
/// A window `of each breach` runs from `first_breach`, the first instant
/// an item of the period breached (every later breach's deadline is no
/// earlier: the deadline only grows with its reference). `None` when no
/// window is stated, when a window from each breach has no breach to run
/// from, or when the deadline lies beyond the calendars Slate compiled.
pub(super) fn claim_deadline(
    ctx: &Ctx<'_>,
    schedule: &Schedule,
    (zone, span): (Tz, &Span),
    first_breach: Option<i64>,
) -> Result<Option<String>, EvalError> {
    let from = if schedule.claim_from_breach {
        first_breach
    } else if schedule.period.is_hourly() {
        None
    } else {
        Some(period_end(schedule.period, zone, span.start))
    };
    let Some(from) = from else {
        return Ok(None);
    };
    let tz = ctx.rules.agreement.timezone;
    let at = if let Some(c) = &schedule.claim {
        calendar_time(tz, from, c.count, c.unit)
    } else if let Some(b) = &schedule.claim_business {
        let cal = ctx.calendar(&b.calendar)?;
        match b.unit {
            BusinessUnit::BusinessDays => cal.business_days_due(from, b.count),
            BusinessUnit::BusinessHours => i64::try_from(b.count)
                .ok()
                .and_then(|h| h.checked_mul(3600))
                .and_then(|s| cal.advance(from, s)),
        }
    } else if let Some(n) = schedule.claim_by_end_of_month {
        end_of_month_after(tz, from, n)
    } else {
        None
    };
    Ok(at.and_then(|t| show(tz, t)))
}

/// The instant the whole settled period that starts on `start` ends.
fn period_end(kind: Period, zone: Tz, start: NaiveDate) -> i64 {
    periods::midnight(zone, periods::next(kind, start))
}

/// `count` `unit`s of calendar time from `from`: days (and weeks of 7
/// days) are local dates, day 1 being `from`'s date when `from` is its
/// midnight and the next date otherwise, and the deadline the midnight
/// that ends day N; months add to the local date the same way; seconds,
/// minutes and hours are real time.
fn calendar_time(tz: Tz, from: i64, count: u64, unit: TermUnit) -> Option<i64> {
    let real = |secs: i64| {
        i64::try_from(count)
            .ok()?
            .checked_mul(secs)?
            .checked_add(from)
    };
    let date = local_date(tz, from);
    let day1 = if periods::midnight(tz, date) == from {
        date
    } else {
        date.succ_opt()?
    };
    let days = |n: u64| Some(periods::midnight(tz, day1.checked_add_days(Days::new(n))?));
    match unit {
        TermUnit::Seconds => real(1),
        TermUnit::Minutes => real(60),
        TermUnit::Hours => real(3600),
        TermUnit::Days => days(count),
        TermUnit::Weeks => days(count.checked_mul(7)?),
        TermUnit::Months => Some(periods::midnight(
            tz,
            day1.checked_add_months(Months::new(u32::try_from(count).ok()?))?,
        )),
    }
}

/// The end of the `n`-th calendar month that starts at or after `from`.
fn end_of_month_after(tz: Tz, from: i64, n: u64) -> Option<i64> {
    let date = local_date(tz, from);
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
    let first = if first == date && periods::midnight(tz, date) == from {
        first
    } else {
        first.checked_add_months(Months::new(1))?
    };
    let end = first.checked_add_months(Months::new(u32::try_from(n).ok()?))?;
    Some(periods::midnight(tz, end))
}

/// `t` in RFC 3339 with `tz`'s offset at that instant.
fn show(tz: Tz, t: i64) -> Option<String> {
    let utc = chrono::DateTime::from_timestamp(t, 0)?;
    Some(
        tz.from_utc_datetime(&utc.naive_utc())
            .to_rfc3339_opts(SecondsFormat::Secs, true),
    )
}
