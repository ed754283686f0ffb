//! The provider's right to suspend when the customer does not respond
//! (`suspend after 14 days without client response while status is
//! "waiting_on_client"`), read on the events.
//!
//! An item is **silent** while it is open (started by the start event of an
//! objective that measures items from one event until another, and not yet
//! stopped by that objective's stop event) and the `while` condition holds
//! on its attributes, read record by record as a pause condition is: a
//! record that sets the field starts or ends the state. The right arises at
//! the first instant at which some item has been silent continuously for
//! the stated length, before the cut-off (docs/semantics.md §7a).

use chrono::{DateTime, Days, Months, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use slate_rules::{Measure, Suspend, Term, TermUnit};
use slate_time::intervals::merge;

use super::cond::Cond;
use super::context::{Ctx, Items};
use crate::events::{Record, Sym};
use crate::report::{LocalInstant, SuspensionReport};

/// An objective's start, stop and reopen events, on interned strings.
struct Clock {
    start: Sym,
    stop: Option<Sym>,
    reopen: Option<Sym>,
}

/// Each item whose silence gives the right to suspend (when the rule set
/// states one): the instant it arises, and the start of that silence, the
/// earliest of the item's.
pub(super) fn silences<'i>(ctx: &Ctx<'_>, items: &Items<'i>) -> Vec<(&'i str, (i64, i64))> {
    let Some(s) = ctx
        .rules
        .termination
        .as_ref()
        .and_then(|t| t.suspend.as_ref())
    else {
        return Vec::new();
    };
    let tz = ctx.rules.agreement.timezone;
    let end = ctx.cutoff.min(ctx.valid_end);
    let waiting = Cond::new(ctx.symbols, &s.waiting);
    let clocks = clocks(ctx);
    let mut out = Vec::new();
    for (id, records) in items {
        let mut open: Vec<(i64, i64)> = clocks
            .iter()
            .flat_map(|c| opened(c, records, end))
            .collect();
        open = merge(open);
        let held = held(ctx, &waiting, records, end);
        let mut first: Option<(i64, i64)> = None;
        for (a, b) in intersect(&open, &held) {
            let a = a.max(ctx.valid_from);
            if a >= b {
                continue;
            }
            let at = after(tz, a, &s.after);
            // A response at the instant the length ends is in time.
            if at < b && first.is_none_or(|(t, _)| at < t) {
                first = Some((at, a));
            }
        }
        out.extend(first.map(|f| (*id, f)));
    }
    out
}

/// `suspend after D without PARTY response while CONDITION`, read on the
/// items' silences ([`silences`]).
pub(super) fn suspension(
    ctx: &Ctx<'_>,
    silences: &[(&str, (i64, i64))],
    s: &Suspend,
) -> SuspensionReport {
    let tz = ctx.rules.agreement.timezone;
    // The earliest arising: (instant, item, start of its silence); on a
    // tie, the first item in the order of ids.
    let mut first: Option<(i64, &str, i64)> = None;
    for &(id, (at, a)) in silences {
        if first.is_none_or(|(t, _, _)| at < t) {
            first = Some((at, id, a));
        }
    }
    let local = |t: i64| {
        DateTime::<Utc>::from_timestamp(t, 0)
            .map(|t| LocalInstant(t.with_timezone(&tz).fixed_offset()))
    };
    SuspensionReport {
        party: s.party.clone(),
        after: s.after.clone(),
        waiting: s.waiting.clone(),
        arisen: first.is_some(),
        arises_at: first.and_then(|(t, _, _)| local(t)),
        item: first.map(|(_, id, _)| id.to_owned()),
        silent_since: first.and_then(|(_, _, a)| local(a)),
    }
}

/// The start, stop and reopen events of every objective that measures
/// items from one event until another, once each.
fn clocks(ctx: &Ctx<'_>) -> Vec<Clock> {
    let sy = ctx.symbols;
    let mut out: Vec<Clock> = Vec::new();
    for o in &ctx.rules.objectives {
        let (start, stop, reopen) = match &o.measure {
            Measure::TimeToEvent {
                start_event,
                stop_event,
                reopen_event,
                ..
            }
            | Measure::DurationAggregate {
                start_event,
                stop_event,
                reopen_event,
                ..
            } => (start_event, stop_event, reopen_event.as_deref()),
            Measure::DueDate {
                start_event,
                stop_event,
                ..
            } => (start_event, stop_event, None),
            _ => continue,
        };
        let Some(start) = sy.get(start) else {
            continue;
        };
        let clock = Clock {
            start,
            stop: sy.get(stop),
            reopen: reopen.and_then(|e| sy.get(e)),
        };
        if !out
            .iter()
            .any(|c| c.start == clock.start && c.stop == clock.stop && c.reopen == clock.reopen)
        {
            out.push(clock);
        }
    }
    out
}

/// When an item is open on one clock: from its first start (or a
/// reopening after a stop) until its stop, or until `end`.
fn opened(c: &Clock, records: &[Record], end: i64) -> Vec<(i64, i64)> {
    let mut rs: Vec<&Record> = records.iter().collect();
    // docs/semantics.md: at one instant, start (or reopen) first, then the stop.
    let class = |r: &Record| {
        if r.event == c.start || Some(r.event) == c.reopen {
            0
        } else {
            1
        }
    };
    rs.sort_by_key(|r| (r.at, class(r), r.seq));
    let mut out = Vec::new();
    let mut started = false;
    let mut from: Option<i64> = None;
    for r in rs {
        let starts = if started {
            Some(r.event) == c.reopen
        } else {
            r.event == c.start
        };
        if starts && from.is_none() {
            started = true;
            from = Some(r.at);
        } else if Some(r.event) == c.stop
            && let Some(a) = from.take()
        {
            out.push((a, r.at));
        }
    }
    if let Some(a) = from {
        out.push((a, end));
    }
    out
}

/// When the waiting condition holds on an item's attributes, as a pause
/// condition does: a record that sets the condition's field starts or ends
/// it, in the order records apply; until `end`.
fn held(ctx: &Ctx<'_>, waiting: &Cond, records: &[Record], end: i64) -> Vec<(i64, i64)> {
    let mut rs: Vec<&Record> = records.iter().collect();
    rs.sort_by_key(|r| (r.at, r.seq));
    let mut out = Vec::new();
    let mut from: Option<i64> = None;
    for r in rs {
        let Some(v) = waiting.field.and_then(|f| r.attr(ctx.attrs, f)) else {
            continue;
        };
        match (waiting.holds(Some(v)), from) {
            (true, None) => from = Some(r.at),
            (false, Some(a)) => {
                out.push((a, r.at));
                from = None;
            }
            _ => {}
        }
    }
    if let Some(a) = from {
        out.push((a, end));
    }
    out
}

/// The parts of two sorted lists of disjoint intervals that both hold.
fn intersect(x: &[(i64, i64)], y: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for &(a, b) in x {
        for &(c, d) in y {
            let (s, e) = (a.max(c), b.min(d));
            if s < e {
                out.push((s, e));
            }
        }
    }
    merge(out)
}

/// The instant `term` after `t`: seconds, minutes and hours in real time;
/// days, weeks and months on the wall clock of `tz` (docs/semantics.md §7a).
/// `i64::MAX` when it lies beyond the calendar.
fn after(tz: Tz, t: i64, term: &Term) -> i64 {
    let real = |unit: i64| {
        i64::try_from(term.count)
            .ok()
            .and_then(|n| n.checked_mul(unit))
            .and_then(|n| t.checked_add(n))
            .unwrap_or(i64::MAX)
    };
    let Some(start) = DateTime::<Utc>::from_timestamp(t, 0) else {
        return i64::MAX;
    };
    let local = start.with_timezone(&tz).naive_local();
    let count = u32::try_from(term.count).ok();
    let wall = match term.unit {
        TermUnit::Seconds => return real(1),
        TermUnit::Minutes => return real(60),
        TermUnit::Hours => return real(3_600),
        TermUnit::Days => local.checked_add_days(Days::new(term.count)),
        TermUnit::Weeks => term
            .count
            .checked_mul(7)
            .and_then(|d| local.checked_add_days(Days::new(d))),
        TermUnit::Months => count.and_then(|m| local.checked_add_months(Months::new(m))),
    };
    wall.map_or(i64::MAX, |w| instant(tz, w))
}

/// The instant a wall-clock time of `tz` names: the earlier of two where
/// the clocks go back; where they go forward over it, the time read with
/// the offset in force before the change (01:30 on the day London moves to
/// summer time is 01:30 UTC, 02:30 BST).
fn instant(tz: Tz, w: NaiveDateTime) -> i64 {
    if let Some(t) = tz.from_local_datetime(&w).earliest() {
        return t.timestamp();
    }
    // A gap is never longer than a day; the wall clock an hour earlier, or
    // more, exists and has the offset before the change.
    for hours in 1..=48 {
        if let Some(before) = tz
            .from_local_datetime(&(w - chrono::Duration::hours(hours)))
            .latest()
        {
            let offset = chrono::Offset::fix(before.offset()).local_minus_utc();
            return w.and_utc().timestamp() - i64::from(offset);
        }
    }
    w.and_utc().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(count: u64, unit: TermUnit) -> Term {
        Term { count, unit }
    }

    fn at(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).map_or(0, |t| t.timestamp())
    }

    #[test]
    fn days_are_wall_clock_days_across_a_change_of_clocks() {
        let london: Tz = chrono_tz::Europe::London;
        // 10:00 GMT on 20 March 2026 + 14 days = 10:00 BST on 3 April:
        // 14 × 24 − 1 real hours, as the clocks went forward on 29 March.
        assert_eq!(
            after(
                london,
                at("2026-03-20T10:00:00Z"),
                &term(14, TermUnit::Days)
            ),
            at("2026-04-03T09:00:00Z")
        );
        // 14 hours are real time: 10:00 GMT on 28 March + 14 h = 00:00 UTC.
        assert_eq!(
            after(
                london,
                at("2026-03-28T10:00:00Z"),
                &term(14, TermUnit::Hours)
            ),
            at("2026-03-29T00:00:00Z")
        );
        // 2 weeks = 14 days.
        assert_eq!(
            after(
                london,
                at("2026-03-20T10:00:00Z"),
                &term(2, TermUnit::Weeks)
            ),
            at("2026-04-03T09:00:00Z")
        );
        // A month after 31 January is the last day of February.
        assert_eq!(
            after(
                london,
                at("2026-01-31T10:00:00Z"),
                &term(1, TermUnit::Months)
            ),
            at("2026-02-28T10:00:00Z")
        );
    }

    #[test]
    fn a_skipped_time_reads_with_the_offset_before_and_a_repeated_one_is_the_earlier() {
        let london: Tz = chrono_tz::Europe::London;
        // 01:30 GMT on 15 March + 14 days = 01:30 on 29 March, which the
        // clocks skip (01:00 GMT → 02:00 BST): read as 01:30 GMT (02:30 BST).
        assert_eq!(
            after(
                london,
                at("2026-03-15T01:30:00Z"),
                &term(14, TermUnit::Days)
            ),
            at("2026-03-29T01:30:00Z")
        );
        // 01:30 BST on 11 October + 14 days = 01:30 on 25 October, which
        // happens twice (BST, then GMT): the first, 00:30 UTC.
        assert_eq!(
            after(
                london,
                at("2026-10-11T00:30:00Z"),
                &term(14, TermUnit::Days)
            ),
            at("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn intervals_meet_where_both_hold() {
        assert_eq!(
            intersect(&[(0, 10), (20, 30)], &[(5, 25)]),
            vec![(5, 10), (20, 25)]
        );
        assert_eq!(intersect(&[(0, 10)], &[(10, 20)]), Vec::<(i64, i64)>::new());
    }
}
