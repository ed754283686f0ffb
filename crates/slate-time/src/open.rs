//! Open time on business calendars: exact, DST-correct `open(a, b)`.
//!
//! A calendar's [`Hours`] say when a service desk is open in local
//! wall-clock time. Every time measure Slate computes is built on one
//! primitive, `open(a, b)`: the number of real seconds in `[a, b)` during
//! which the calendar is open (see `docs/semantics.md`, "Calendars and open time").
//!
//! # Meaning
//!
//! A real instant is open exactly when its local wall-clock reading (date and
//! time) falls inside an opening interval. An interval belongs to the local
//! date it starts on; an overnight one ends on the next local date, and `24:00`
//! is the next date's `00:00`. A closed date removes every interval that
//! *starts* on it, the whole overnight shift included. On DST days, local
//! times that do not exist are skipped (the interval is shorter) and a repeated
//! local time is open at both of its real instants (the interval is longer).
//!
//! # Algorithm
//!
//! [`OpenTime::build`] compiles a calendar once over a real-time span
//! `[from, to)`:
//!
//! 1. **Offset segments.** The span, widened by ten days on each side, is cut
//!    into segments of constant UTC offset. The zone's offset is sampled every
//!    three hours and each change is pinned to the second by binary search, so
//!    finding them costs `O(span / 3 h + transitions · log(3 h))` look-ups, once.
//! 2. **Exact pieces.** For every local date of the (widened) span that is not
//!    closed, each weekly interval of its weekday gives a local range
//!    `[ls, le)` (local seconds, as if the wall clock were UTC). Within a
//!    segment `[s0, s1)` of offset `o` the local reading of `t` is `t + o`, so
//!    the open real instants are `[ls - o, le - o) ∩ [s0, s1)`. The union of
//!    these pieces over the segments is exactly the definition: a gap
//!    shortens the interval, a repeat lengthens it.
//! 3. **Merge.** The pieces are sorted, overlapping or touching ones merged
//!    (adjacent dates' intervals may overlap), clipped to `[from, to)`, and
//!    given prefix sums of open seconds. Each open date's first opening and
//!    close (real instants) are kept for business days.
//!
//! Building costs `O(D · k + P log P)` for `D` dates, `k` weekly intervals a
//! day and `P` pieces. Every query is then a binary search
//! ([`slice::partition_point`]) over the sorted interval starts or the prefix
//! sums: `O(log n)` for `n` merged intervals, never stepping through time and
//! never allocating.
//!
//! # The span
//!
//! A compiled [`OpenTime`] knows the open time inside `[from, to)` only; its
//! open set is the calendar's, clipped to the span, so outside the span it
//! answers as if closed. Callers build a span that contains every instant they
//! ask about and check [`OpenTime::covers`]; [`OpenTime::advance`] and
//! [`OpenTime::business_days_due`] return `None` rather than an answer that
//! would depend on time beyond the span. [`OpenTime::always_open`] (`24x7`) has
//! no span.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use crate::{Hours, TimeOfDay, intervals, periods};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Every UTC offset chrono can represent is strictly smaller than a day.
const MAX_OFFSET: i64 = DAY;
/// How often the zone's offset is sampled when looking for transitions.
const OFFSET_STEP: i64 = 3 * 3_600;
/// How far beyond the span offsets and dates are worked out, so that every
/// interval touching the span, and every date whose close lies in it, is exact.
const MARGIN_DAYS: i64 = 10;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A calendar compiled for fast, exact open-time queries.
///
/// Either always open (`24x7`, see [`OpenTime::always_open`]) or the open set
/// of a business calendar clipped to a real-time span (see
/// [`OpenTime::build`]). All instants are Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenTime {
    /// `24x7`: every instant is open and there is no span.
    always: bool,
    /// First second of the span.
    from: i64,
    /// End of the span, exclusive.
    to: i64,
    /// The merged open intervals `[start, end)`, sorted and clipped to the span.
    intervals: Vec<(i64, i64)>,
    /// `starts[i] == intervals[i].0`, kept apart so binary searches stay dense.
    starts: Vec<i64>,
    /// `before[i]` is the open seconds of `intervals[..i]`; one longer than them.
    before: Vec<i64>,
    /// Every open date of the widened span, in date order.
    days: Vec<OpenDay>,
    /// The calendar's time zone, for the local date of a business-day start.
    tz: Tz,
}

/// Why a calendar's hours cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenTimeError {
    /// An interval starts at `24:00`, which only ends a day.
    #[error("an opening interval cannot start at `24:00`")]
    StartsAtEndOfDay,
    /// An interval that is not overnight ends at or before its start.
    #[error("the interval `{start}-{end}` ends before it starts but is not overnight")]
    EndsBeforeStart {
        /// Its start.
        start: TimeOfDay,
        /// Its end.
        end: TimeOfDay,
    },
    /// A closed date range whose last date is before its first.
    #[error("the closure from `{from}` to `{to}` ends before it starts")]
    ClosureEndsBeforeStart {
        /// Its first date.
        from: NaiveDate,
        /// Its last date.
        to: NaiveDate,
    },
    /// The span, widened for the zone's offsets, is beyond the dates the
    /// time library represents.
    #[error(
        "the span from `{from}` to `{to}` (Unix seconds) is beyond the dates Slate can represent"
    )]
    OutOfRange {
        /// The span's start, Unix seconds.
        from: i64,
        /// The span's end, Unix seconds.
        to: i64,
    },
}

/// A local date with open time: at least one interval starts on it, it is not
/// closed, and its intervals have nonzero real open time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct OpenDay {
    /// Days since 1970-01-01.
    date: i64,
    /// The first open instant of the intervals that start on it.
    first: i64,
    /// Its close: the end of the last of those intervals.
    close: i64,
}

impl OpenTime {
    /// Compiles `cal` over the real-time span `[from, to)`.
    ///
    /// The result holds every open interval that intersects the span, merged,
    /// sorted and clipped to it, with prefix sums of their lengths, and the
    /// first opening and close of every open local date. An `always_open`
    /// calendar gives [`OpenTime::always_open`], whatever the span. A span
    /// with `to <= from` is empty.
    ///
    /// # Errors
    ///
    /// An interval that starts at `24:00`, or ends before it starts without
    /// being overnight, a closure that ends before it starts, or a span
    /// beyond the dates the time library can represent.
    pub fn build(hours: &Hours, from: i64, to: i64) -> Result<OpenTime, OpenTimeError> {
        let tz = hours.zone;
        if hours.always_open {
            return Ok(OpenTime::always_open_in(tz));
        }
        let weekly = weekly(hours)?;
        let closed = closures(hours)?;
        let to = to.max(from);

        let margin = MARGIN_DAYS * DAY;
        let out_of_range = || OpenTimeError::OutOfRange { from, to };
        let lo = from.checked_sub(margin).ok_or_else(out_of_range)?;
        let hi = to.checked_add(margin).ok_or_else(out_of_range)?;
        let segments = segments(tz, lo, hi).ok_or_else(out_of_range)?;

        // Local dates whose intervals may touch the span, with room for
        // offsets and for local dates that run backwards at a fall-back.
        let first_date = local_date(tz, from).ok_or_else(out_of_range)? - 3;
        let last_date = local_date(tz, to).ok_or_else(out_of_range)? + 3;

        let mut pieces: Vec<(i64, i64)> = Vec::new();
        let mut days: Vec<OpenDay> = Vec::new();
        for date in first_date..=last_date {
            if closed.iter().any(|&(a, b)| a <= date && date <= b) {
                continue;
            }
            let before = pieces.len();
            let midnight = date * DAY;
            for &(start, end) in weekly.get(weekday(date)).into_iter().flatten() {
                add_pieces(&segments, hi, midnight + start, midnight + end, &mut pieces);
            }
            let added = pieces.get(before..).unwrap_or_default();
            let first = added.iter().map(|p| p.0).min();
            let close = added.iter().map(|p| p.1).max();
            if let (Some(first), Some(close)) = (first, close) {
                days.push(OpenDay { date, first, close });
            }
        }

        // Clipped to the span, then merged: adjacent dates' intervals may
        // overlap or touch.
        pieces.retain_mut(|piece| {
            *piece = (piece.0.max(from), piece.1.min(to));
            piece.0 < piece.1
        });
        let mut intervals = intervals::merge(pieces);
        intervals.shrink_to_fit();
        let starts = intervals.iter().map(|i| i.0).collect();
        let mut before = Vec::with_capacity(intervals.len() + 1);
        let mut sum = 0;
        before.push(sum);
        for (start, end) in &intervals {
            sum += end - start;
            before.push(sum);
        }
        Ok(OpenTime {
            always: false,
            from,
            to,
            intervals,
            starts,
            before,
            days,
            tz,
        })
    }

    /// The `24x7` calendar in UTC: always open, `open(a, b) == b - a`
    /// everywhere, with no span limit.
    pub fn always_open() -> OpenTime {
        OpenTime::always_open_in(Tz::UTC)
    }

    /// The `24x7` calendar whose local dates are read in `tz`: every date is
    /// open from its midnight to the next, which is where its business days
    /// begin and end (see [`OpenTime::business_days_due`]).
    pub fn always_open_in(tz: Tz) -> OpenTime {
        OpenTime {
            always: true,
            from: i64::MIN,
            to: i64::MAX,
            intervals: vec![(i64::MIN, i64::MAX)],
            starts: vec![i64::MIN],
            before: vec![0, i64::MAX],
            days: Vec::new(),
            tz,
        }
    }

    /// Whether this is the `24x7` calendar: open every second, no span.
    pub fn is_always_open(&self) -> bool {
        self.always
    }

    /// Whether `t` lies inside the compiled span `[from, to)`, where answers
    /// are exact. Always true for [`OpenTime::always_open`].
    pub fn covers(&self, t: i64) -> bool {
        self.always || (self.from <= t && t < self.to)
    }

    /// Open seconds in `[a, b)`; for `b < a` it is `-open(b, a)`.
    ///
    /// Outside the span the calendar counts as closed (see
    /// [`OpenTime::covers`]). Two binary searches over the interval starts:
    /// `O(log n)`, no allocation.
    pub fn open(&self, a: i64, b: i64) -> i64 {
        if self.always {
            return b.saturating_sub(a);
        }
        self.open_before(b) - self.open_before(a)
    }

    /// The earliest instant `t >= a` with `open(a, t) == n`: when `n` open
    /// seconds have passed since `a`.
    ///
    /// `n == 0` gives `a`. `None` for a negative `n`, or when that instant
    /// lies beyond the span (an answer is at most `to`). `O(log n)`: a binary search over the prefix sums.
    pub fn advance(&self, a: i64, n: i64) -> Option<i64> {
        if n == 0 {
            return Some(a);
        }
        if n < 0 {
            return None;
        }
        if self.always {
            return a.checked_add(n);
        }
        let target = self.open_before(a).checked_add(n)?;
        // The first interval whose end brings the open seconds to `target`.
        let j = self.before.get(1..)?.partition_point(|&sum| sum < target);
        let (start, _) = *self.intervals.get(j)?;
        let before = *self.before.get(j)?;
        Some(start + (target - before))
    }

    /// The due instant of a `within n business days` goal for an item that
    /// starts at `start` (`n >= 1`): the close of the `n`-th open date.
    ///
    /// Day 1 is the start's local date if `start` is at or before that date's
    /// first opening (compared as real instants), and otherwise the next open
    /// date. An open date is a local date with at least one interval starting
    /// on it, not closed, with nonzero real open time; its close is the end of
    /// the last interval that starts on it.
    ///
    /// On an always-open calendar every local date (in its zone) is open
    /// from its midnight to the next: day 1 is the start's date only when
    /// the start is that date's first instant, and the due instant is the
    /// real instant of the local midnight that ends day `n` (so a DST day
    /// is 23 or 25 hours, never 86,400 seconds by rule).
    ///
    /// `None` when `n == 0`, when `start` is outside the span, or when the
    /// due instant lies beyond the span (or the dates the time library can
    /// represent). `O(log d)` for `d` open dates.
    pub fn business_days_due(&self, start: i64, n: u64) -> Option<i64> {
        if n == 0 || !self.covers(start) {
            return None;
        }
        if self.always {
            let date = DateTime::from_timestamp(start, 0)?
                .with_timezone(&self.tz)
                .date_naive();
            let day1 = if start <= periods::midnight(self.tz, date) {
                date
            } else {
                date.succ_opt()?
            };
            let end = day1.checked_add_days(chrono::Days::new(n))?;
            return Some(periods::midnight(self.tz, end));
        }
        let date = local_date(self.tz, start)?;
        let mut first = self.days.partition_point(|d| d.date < date);
        if let Some(day) = self.days.get(first)
            && day.date == date
            && start > day.first
        {
            first += 1;
        }
        let nth = usize::try_from(n - 1).ok()?.checked_add(first)?;
        let close = self.days.get(nth)?.close;
        (close <= self.to).then_some(close)
    }

    /// The merged open intervals `[start, end)`, sorted, disjoint and not
    /// touching, clipped to the span. For [`OpenTime::always_open`] one
    /// interval `[i64::MIN, i64::MAX)`.
    pub fn intervals(&self) -> &[(i64, i64)] {
        &self.intervals
    }

    /// Whether the calendar is open at the instant `t` (outside the span: no).
    pub fn is_open(&self, t: i64) -> bool {
        if self.always {
            return true;
        }
        let i = self.starts.partition_point(|&s| s <= t);
        i > 0 && self.intervals.get(i - 1).is_some_and(|&(_, end)| t < end)
    }

    /// Open seconds of the span before `t`: of `[from, t)`.
    fn open_before(&self, t: i64) -> i64 {
        let i = self.starts.partition_point(|&s| s <= t);
        if i == 0 {
            return 0;
        }
        match (self.intervals.get(i - 1), self.before.get(i - 1)) {
            (Some(&(start, end)), Some(&before)) => before + (t.min(end) - start),
            _ => 0,
        }
    }
}

/// The weekly intervals by weekday (Monday first), as local seconds from the
/// start date's midnight: `[start, end)`, `end` past a day when overnight.
fn weekly(hours: &Hours) -> Result<[Vec<(i64, i64)>; 7], OpenTimeError> {
    let mut week: [Vec<(i64, i64)>; 7] = Default::default();
    for interval in &hours.weekly {
        if interval.start.is_end_of_day() {
            return Err(OpenTimeError::StartsAtEndOfDay);
        }
        let start = interval.start.seconds();
        let mut end = interval.end.seconds();
        if interval.overnight {
            end += DAY;
        } else if end <= start {
            return Err(OpenTimeError::EndsBeforeStart {
                start: interval.start,
                end: interval.end,
            });
        }
        if let Some(list) = week.get_mut(interval.day.index()) {
            list.push((start, end));
        }
    }
    for list in &mut week {
        list.sort_unstable();
    }
    Ok(week)
}

/// The closed date ranges, both ends included, as days since 1970-01-01.
fn closures(hours: &Hours) -> Result<Vec<(i64, i64)>, OpenTimeError> {
    hours
        .closed
        .iter()
        .map(|&(from, to)| {
            if to < from {
                return Err(OpenTimeError::ClosureEndsBeforeStart { from, to });
            }
            Ok((days(from), days(to)))
        })
        .collect()
}

/// Days since 1970-01-01 of a date.
fn days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The weekday of a date (days since 1970-01-01, a Thursday): Monday is 0.
fn weekday(date: i64) -> usize {
    // `rem_euclid(7)` is in 0..7, so the cast cannot truncate.
    (date + 3).rem_euclid(7) as usize
}

/// The zone's UTC offset, in seconds, at the real instant `t`.
fn offset(tz: Tz, t: i64) -> Option<i64> {
    let utc = DateTime::from_timestamp(t, 0)?.naive_utc();
    Some(i64::from(
        tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
    ))
}

/// The local date, as days since 1970-01-01, of the real instant `t`.
fn local_date(tz: Tz, t: i64) -> Option<i64> {
    Some((t + offset(tz, t)?).div_euclid(DAY))
}

/// Constant-offset segments covering `[lo, hi)`, as `(start, offset)`: each
/// runs to the next one's start, the last to `hi`. `None` if the span is
/// beyond the dates chrono represents.
fn segments(tz: Tz, lo: i64, hi: i64) -> Option<Vec<(i64, i64)>> {
    let mut current = offset(tz, lo)?;
    let mut segments = vec![(lo, current)];
    let mut at = lo;
    while at < hi {
        let next = at.saturating_add(OFFSET_STEP).min(hi);
        let there = offset(tz, next)?;
        if there == current {
            at = next;
            continue;
        }
        // The first second in (at, next] whose offset is no longer `current`.
        let (mut before, mut after) = (at, next);
        while after - before > 1 {
            let mid = before + (after - before) / 2;
            if offset(tz, mid)? == current {
                before = mid;
            } else {
                after = mid;
            }
        }
        current = offset(tz, after)?;
        segments.push((after, current));
        at = after;
    }
    Some(segments)
}

/// Pushes the real instants whose local reading lies in the local range
/// `[ls, le)`: `[ls - o, le - o) ∩ [s0, s1)` over the segments.
fn add_pieces(segments: &[(i64, i64)], hi: i64, ls: i64, le: i64, out: &mut Vec<(i64, i64)>) {
    // A real instant reads at most a day away from itself, so only segments
    // meeting (ls - MAX_OFFSET, le + MAX_OFFSET) can contribute.
    let first = segments
        .partition_point(|&(s0, _)| s0 <= ls - MAX_OFFSET)
        .saturating_sub(1);
    let rest = segments.get(first..).unwrap_or_default();
    for (k, &(s0, o)) in rest.iter().enumerate() {
        if s0 >= le + MAX_OFFSET {
            break;
        }
        let s1 = rest.get(k + 1).map_or(hi, |next| next.0);
        let (start, end) = ((ls - o).max(s0), (le - o).min(s1));
        if start < end {
            out.push((start, end));
        }
    }
}

#[cfg(test)]
mod tests;
