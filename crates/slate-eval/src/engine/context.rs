//! What every pass of an evaluation reads: the rule set, the records
//! grouped by item, the validity, the cut-off, the report window and the
//! compiled calendars; and the periods of an objective cut to them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use slate_rules::{Period, RuleSet};
use slate_time::{Label, OpenTime, periods};

use super::EvalError;
use crate::events::{Events, Record, Sym, Symbols};
use crate::report::{PeriodReport, Timestamp, Verdict};

/// The records of each item, in reading order, items sorted by id.
pub(super) type Items<'a> = [(&'a str, &'a [Record])];

/// The read-only context of one evaluation.
pub(super) struct Ctx<'a> {
    pub(super) rules: &'a RuleSet,
    pub(super) symbols: &'a Symbols,
    /// The attributes of the grouped records.
    pub(super) attrs: &'a [(Sym, Sym)],
    pub(super) cutoff: i64,
    pub(super) valid_from: i64,
    pub(super) valid_end: i64,
    pub(super) effective_from: NaiveDate,
    pub(super) effective_to: Option<NaiveDate>,
    pub(super) window_from: NaiveDate,
    pub(super) window_to: NaiveDate,
    pub(super) calendars: &'a BTreeMap<String, OpenTime>,
    pub(super) details: bool,
    /// Threads working out the items' outcomes.
    pub(super) threads: usize,
    /// Records found invalid for the samples of an objective: its name
    /// and the record's instant ([`Events::reject`](crate::Events::reject)).
    pub(super) rejected: &'a [(String, i64)],
    /// The charges billed for services whose fee is billed.
    pub(super) bill: Option<&'a crate::bill::Bill>,
    /// The periods of each kind and zone the objectives are counted in,
    /// from the agreement's start to the cut-off ([`Ctx::all_spans`]).
    pub(super) periods: &'a [(Period, Tz, Vec<Span>)],
}

/// The periods of every kind and zone the objectives of `ctx`'s rule set
/// are counted in ([`Ctx::spans`] with `all`), made once for the whole
/// evaluation: every run of items and every partition counts into them.
pub(super) fn all_periods(ctx: &Ctx<'_>) -> Vec<(Period, Tz, Vec<Span>)> {
    let mut out: Vec<(Period, Tz, Vec<Span>)> = Vec::new();
    for o in &ctx.rules.objectives {
        for kind in super::tally::kinds(o) {
            if !out.iter().any(|(k, tz, _)| *k == kind && *tz == o.timezone) {
                out.push((kind, o.timezone, ctx.spans(kind, o.timezone, true)));
            }
        }
    }
    out
}

/// A period of an objective, cut to the agreement's validity and the cut-off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    /// First local date of the whole period.
    pub(super) start: NaiveDate,
    /// The instant the whole period starts (before validity cuts it): the
    /// local midnight of `start`, or an hour's start. Downtime units are
    /// counted from it.
    pub(super) origin: i64,
    pub(super) label: String,
    /// Dates reported (cut to validity).
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    /// Instants measured: [t0, t1), cut to validity and the cut-off.
    pub(super) t0: i64,
    pub(super) t1: i64,
    pub(super) complete: bool,
}

impl Span {
    /// The period's entry in a report, with nothing measured yet.
    pub(super) fn report(&self) -> PeriodReport {
        PeriodReport {
            label: self.label.clone(),
            from: self.from,
            to: self.to,
            complete: self.complete,
            counts: None,
            time: None,
            count: None,
            value: None,
            verdict: Verdict::NoData,
            components: Vec::new(),
            aggregate: None,
            rate: None,
            sample: None,
            goals: Vec::new(),
            unknown: None,
            due_items: Vec::new(),
        }
    }

    /// Whether the period's dates meet the report window.
    pub(super) fn in_window(&self, ctx: &Ctx<'_>) -> bool {
        self.to >= ctx.window_from && self.from <= ctx.window_to
    }
}

impl Ctx<'_> {
    pub(super) fn calendar(&self, name: &str) -> Result<&OpenTime, EvalError> {
        self.calendars
            .get(name)
            .ok_or_else(|| EvalError::UnknownCalendar(name.to_owned()))
    }

    pub(super) fn always_open(&self, name: &str) -> bool {
        self.rules
            .calendars
            .iter()
            .any(|c| c.name == name && c.always_open)
    }

    /// The periods of `kind` in `tz` from the agreement's start to the
    /// cut-off ([`spans`](Self::spans) with `all`), made once.
    pub(super) fn all_spans(&self, kind: Period, tz: Tz) -> std::borrow::Cow<'_, [Span]> {
        match self.periods.iter().find(|(k, z, _)| *k == kind && *z == tz) {
            Some((.., spans)) => std::borrow::Cow::Borrowed(spans),
            None => std::borrow::Cow::Owned(self.spans(kind, tz, true)),
        }
    }

    /// Where the report window's periods `window` of `kind` are among all
    /// of them ([`all_spans`](Self::all_spans)): a run of them.
    pub(super) fn shown(&self, kind: Period, tz: Tz, window: &[Span]) -> std::ops::Range<usize> {
        let first = window.first().map_or(0, |w| {
            let all = self.all_spans(kind, tz);
            all.iter().position(|s| s.origin == w.origin).unwrap_or(0)
        });
        first..first + window.len()
    }

    /// The periods of `kind` in `tz` from the agreement's start to the
    /// cut-off (and its end); `all` keeps those outside the report window.
    pub(super) fn spans(&self, kind: Period, tz: Tz, all: bool) -> Vec<Span> {
        if kind.is_hourly() {
            return self.hours(tz, all);
        }
        let mut out = Vec::new();
        let last = local_date(tz, self.cutoff - 1);
        let last = self.effective_to.map_or(last, |to| to.min(last));
        let mut start = periods::start_of(kind, self.effective_from);
        while start <= last {
            let next = periods::next(kind, start);
            let from = start.max(self.effective_from);
            let to = next.pred_opt().unwrap_or(next);
            let to = self.effective_to.map_or(to, |e| to.min(e));
            let whole_end = periods::midnight(tz, next).min(self.valid_end);
            let t0 = periods::midnight(tz, from).max(self.valid_from);
            let t1 = whole_end.min(self.cutoff);
            if all || (to >= self.window_from && from <= self.window_to) {
                out.push(Span {
                    start,
                    origin: periods::midnight(tz, start),
                    label: Label::containing(kind, start).to_string(),
                    from,
                    to,
                    t0,
                    t1,
                    complete: whole_end <= self.cutoff,
                });
            }
            start = next;
        }
        out
    }
}

impl Ctx<'_> {
    /// The clock hours in `tz` from the agreement's start to the cut-off
    /// (and its end); `all` keeps those outside the report window. Each
    /// hour's dates are the local date of its start.
    fn hours(&self, tz: Tz, all: bool) -> Vec<Span> {
        let end = self.valid_end.min(self.cutoff);
        // The validity starts and ends at midnights in the agreement's
        // zone, which are whole hours in most zones; in one whose offset
        // differs from it by a fraction of an hour (Asia/Kolkata against
        // Europe/London) the validity starts inside an hour: that hour is
        // the first, cut to the validity, as the last is by its end and
        // the cut-off.
        let mut starts = periods::hour_starts(tz, self.valid_from, end);
        if self.valid_from < end && starts.first() != Some(&self.valid_from) {
            let before = periods::hour_starts(tz, self.valid_from - 3 * 3_600, self.valid_from);
            if let Some(first) = before.last() {
                starts.insert(0, *first);
            }
        }
        let mut out = Vec::with_capacity(starts.len());
        for (i, start) in starts.iter().enumerate() {
            // The last hour ends where the next starts, past the cut-off.
            let whole_end = starts
                .get(i + 1)
                .copied()
                .unwrap_or_else(|| {
                    periods::hour_starts(tz, start + 1, start + 3 * 3_600 + 1)
                        .first()
                        .copied()
                        .unwrap_or(start + 3_600)
                })
                .min(self.valid_end);
            let date = local_date(tz, *start);
            if all || (date >= self.window_from && date <= self.window_to) {
                out.push(Span {
                    start: date,
                    origin: *start,
                    label: periods::hour_label(tz, *start),
                    from: date,
                    to: date,
                    t0: (*start).max(self.valid_from),
                    t1: whole_end.min(self.cutoff),
                    complete: whole_end <= self.cutoff,
                });
            }
        }
        out
    }
}

/// The index among `spans` (contiguous periods, in order) of the one
/// whose instants measured hold `t`.
pub(super) fn span_at(spans: &[Span], t: i64) -> Option<usize> {
    let i = spans.partition_point(|s| s.t0 <= t).checked_sub(1)?;
    spans.get(i).filter(|s| t < s.t1).map(|_| i)
}

/// The index of the span an item that starts at `start` (local date
/// `date`) belongs to: for days and longer the period of its date, for
/// clock hours the one whose instants hold it.
pub(super) fn span_of(spans: &[Span], kind: Period, date: NaiveDate, start: i64) -> Option<usize> {
    if kind.is_hourly() {
        return span_at(spans, start);
    }
    // The periods are in order of their first dates.
    let first = periods::start_of(kind, date);
    spans.binary_search_by_key(&first, |s| s.start).ok()
}

/// Every calendar, compiled over a span wide enough for every query: from
/// a week before the first record or the agreement's start, to a year past
/// the cut-off or the agreement's end (business-day goals reach beyond).
pub(super) fn calendars(
    rules: &RuleSet,
    events: &Events,
    cutoff: i64,
    tz: Tz,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<BTreeMap<String, OpenTime>, EvalError> {
    const WEEK: i64 = 7 * 86_400;
    const YEAR: i64 = 366 * 86_400;
    let first = events.earliest().unwrap_or(cutoff);
    let lo = first.min(periods::midnight(tz, from)) - WEEK;
    let end = to.map_or(cutoff, |d| periods::midnight(tz, d));
    let hi = cutoff.max(end) + YEAR;
    let mut out = BTreeMap::new();
    for c in &rules.calendars {
        // `24x7` keeps its zone: its business days are that zone's dates.
        let ot = OpenTime::build(&c.hours(), lo, hi).map_err(|e| EvalError::Calendar {
            name: c.name.clone(),
            source: e,
        })?;
        out.insert(c.name.clone(), ot);
    }
    Ok(out)
}

pub(super) fn local_date(tz: Tz, t: i64) -> NaiveDate {
    match DateTime::<Utc>::from_timestamp(t, 0) {
        Some(utc) => tz.from_utc_datetime(&utc.naive_utc()).date_naive(),
        None => NaiveDate::MIN,
    }
}

/// An instant of the evaluation as the report writes it. Every instant
/// is a record's, or a local midnight of a date chrono holds, so it is
/// never out of range.
#[expect(
    clippy::expect_used,
    reason = "records are read as chrono instants and midnights are of chrono dates"
)]
pub(super) fn timestamp(t: i64) -> Timestamp {
    Timestamp(DateTime::<Utc>::from_timestamp(t, 0).expect("an instant chrono holds"))
}
