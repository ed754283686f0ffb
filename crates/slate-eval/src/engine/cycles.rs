//! Items and their cycles (time-to-event objectives): each item's records
//! walked in order — start, reopenings, pauses, abandonment, stop — into
//! the segments its clock runs, and the goal that governs it.

use chrono::NaiveDate;
use chrono_tz::Tz;
use slate_rules::{Budget, Goal, Ignore, Measure, Objective};
use slate_time::OpenTime;

use super::EvalError;
use super::arrival::Arrives;
use super::cond::{Cond, set_attr};
use super::context::{Ctx, Items, local_date};
use crate::events::{Record, Sym};

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    Met,
    Breached,
    Pending,
    Ignored,
    Ungoverned,
}

/// An item of a time-to-event objective, measured.
#[derive(Clone, Debug)]
pub(super) struct ItemOutcome<'i> {
    pub(super) id: &'i str,
    pub(super) start: i64,
    /// The start's local date in the objective's time zone.
    pub(super) date: NaiveDate,
    pub(super) stopped: bool,
    /// Whether its clock runs at the cut-off: started or reopened, not
    /// stopped, not paused.
    pub(super) running: bool,
    /// A call abandoned without an answer (it stopped by abandonment).
    pub(super) abandoned: bool,
    pub(super) elapsed: i64,
    pub(super) budget: i64,
    /// The index of the goal that governs it (`u32` keeps the outcome
    /// small: every item's is held).
    pub(super) goal: Option<u32>,
    pub(super) outcome: Outcome,
    /// A breached item's [`breached_at`](Self::breached_at), or another
    /// item's [`spent_at`](Self::spent_at): one field, as an item has at
    /// most one of them.
    pub(super) reached_at: Option<i64>,
}

impl ItemOutcome<'_> {
    /// A breached item: the instant it breached, which a claim window
    /// `of each breach` runs from (docs/semantics.md §7): the first
    /// instant its elapsed time reached its budget, a call abandoned late
    /// its abandonment when that came first, a due-date item its due
    /// instant. `None` for every other item.
    pub(super) fn breached_at(&self) -> Option<i64> {
        self.reached_at
            .filter(|_| self.outcome == Outcome::Breached)
    }

    /// An item not breached whose elapsed time equals its budget: the
    /// instant it reached it (the live view's due instant, already past
    /// while the calendar is closed). `None` for every other item.
    pub(super) fn spent_at(&self) -> Option<i64> {
        self.reached_at
            .filter(|_| self.outcome != Outcome::Breached)
    }

    /// The index of the goal that governs it.
    pub(super) fn goal(&self) -> Option<usize> {
        self.goal.map(|g| g as usize)
    }
}

/// A time-to-event objective's terms, on interned strings.
struct Terms<'a> {
    tz: Tz,
    clock: &'a OpenTime,
    start_event: Sym,
    stop_event: Option<Sym>,
    reopen_event: Option<Sym>,
    ignore_event: Option<Sym>,
    ignore: Option<&'a Ignore>,
    pause: Option<Cond>,
    filter: Vec<Cond>,
    exclude: Vec<Cond>,
    goals: &'a [Goal],
    goal_conds: Vec<Vec<Cond>>,
    /// Each goal's condition on arrival, if any.
    goal_arrivals: Vec<Option<Arrives<'a>>>,
}

/// One item's records walked through: where its clock ran, and how it ended.
struct Walk {
    /// The intervals the clock ran, before any calendar.
    segments: Vec<(i64, i64)>,
    /// The item's attributes when it stopped (or as they stand).
    attrs: Vec<(Sym, Sym)>,
    stopped: bool,
    /// Whether the clock runs at the cut-off.
    running: bool,
    /// Whether the stop event ever stopped it (not only abandonment).
    ever_stopped: bool,
    first_ignore: Option<i64>,
}

impl Terms<'_> {
    /// docs/semantics.md: at one instant, start (or reopen) first, then
    /// status changes in file order, then the stop.
    fn class(&self, r: &Record) -> u8 {
        if r.event == self.start_event || Some(r.event) == self.reopen_event {
            0
        } else if Some(r.event) == self.stop_event {
            2
        } else {
            1
        }
    }
}

impl Ctx<'_> {
    /// Every item's outcome on a time-to-event objective.
    pub(super) fn time_to_event<'i>(
        &self,
        o: &Objective,
        items: &Items<'i>,
    ) -> Result<Vec<ItemOutcome<'i>>, EvalError> {
        let Some(terms) = self.terms(o)? else {
            return Ok(Vec::new());
        };
        self.outcomes(&terms, items)
    }

    /// The outcomes of items on a time-to-event objective.
    fn outcomes<'i>(
        &self,
        terms: &Terms<'_>,
        items: &Items<'i>,
    ) -> Result<Vec<ItemOutcome<'i>>, EvalError> {
        let mut out = Vec::new();
        let mut rs: Vec<&Record> = Vec::new();
        for (id, records) in items {
            let Some(start) = records
                .iter()
                .filter(|r| r.event == terms.start_event)
                .map(|r| r.at)
                .min()
            else {
                continue;
            };
            rs.clear();
            rs.extend(records.iter());
            rs.sort_by_key(|r| (r.at, terms.class(r), r.seq));
            let walk = self.walk(terms, &rs, records, start);
            let holds = |c: &Cond| c.in_attrs(&walk.attrs);
            if !terms.filter.iter().all(holds) || terms.exclude.iter().any(holds) {
                continue;
            }
            out.push(self.govern(terms, id, start, &walk)?);
        }
        Ok(out)
    }

    /// The terms of a time-to-event objective; `None` for another kind, or
    /// when no record has its start event.
    fn terms<'o>(&'o self, o: &'o Objective) -> Result<Option<Terms<'o>>, EvalError> {
        let Measure::TimeToEvent {
            start_event,
            stop_event,
            reopen_event,
            filter,
            pause,
            clock,
            goals,
            exclude,
            ignore,
            ..
        } = &o.measure
        else {
            return Ok(None);
        };
        let tz = o.timezone;
        let clock = self.calendar(clock)?;
        let sy = self.symbols;
        let Some(start_event) = sy.get(start_event) else {
            return Ok(None);
        };
        Ok(Some(Terms {
            tz,
            clock,
            start_event,
            stop_event: sy.get(stop_event),
            reopen_event: reopen_event.as_deref().and_then(|e| sy.get(e)),
            ignore_event: ignore.as_ref().and_then(|i| sy.get(&i.event)),
            ignore: ignore.as_ref(),
            pause: pause.as_ref().map(|p| Cond::new(sy, p)),
            filter: Cond::all(sy, filter),
            exclude: Cond::all(sy, exclude),
            goals,
            goal_conds: goals.iter().map(|g| Cond::all(sy, &g.when)).collect(),
            goal_arrivals: self.arrivals(goals)?,
        }))
    }

    /// Walks an item's records, sorted, from its first start.
    fn walk(&self, terms: &Terms<'_>, rs: &[&Record], records: &[Record], start: i64) -> Walk {
        let mut attrs: Vec<(Sym, Sym)> = Vec::new();
        let mut snapshot: Option<Vec<(Sym, Sym)>> = None;
        let mut paused = false;
        let mut started = false;
        let mut running = false;
        let mut stopped_at = None;
        let mut active_from: Option<i64> = None;
        let mut segments: Vec<(i64, i64)> = Vec::new();
        let mut first_ignore: Option<i64> = None;
        let mut ever_stopped = false;
        // A call never answered ends when it is abandoned.
        let answered = terms
            .stop_event
            .is_some_and(|stop| records.iter().any(|r| r.event == stop && r.at >= start));
        for r in rs {
            let t = r.at;
            let is_start = !started && r.event == terms.start_event;
            if is_start {
                started = true;
                running = true;
                if !paused {
                    active_from = Some(t);
                }
            } else if started && !running && Some(r.event) == terms.reopen_event {
                running = true;
                stopped_at = None;
                snapshot = None;
                if !paused {
                    active_from = Some(t);
                }
            }
            for &(k, v) in r.attrs(self.attrs) {
                set_attr(&mut attrs, k, v);
            }
            if let Some(p) = &terms.pause
                && let Some(v) = p.field.and_then(|f| r.attr(self.attrs, f))
            {
                let now = p.holds(Some(v));
                if running && now && !paused {
                    if let Some(a) = active_from.take() {
                        segments.push((a, t));
                    }
                } else if running && !now && paused {
                    active_from = Some(t);
                }
                paused = now;
            }
            if started && Some(r.event) == terms.ignore_event && first_ignore.is_none() {
                first_ignore = Some(t);
                if !answered && running {
                    running = false;
                    stopped_at = Some(t);
                    if let Some(a) = active_from.take() {
                        segments.push((a, t));
                    }
                    snapshot = Some(attrs.clone());
                }
            }
            if running && Some(r.event) == terms.stop_event {
                running = false;
                ever_stopped = true;
                stopped_at = Some(t);
                if let Some(a) = active_from.take() {
                    segments.push((a, t));
                }
                snapshot = Some(attrs.clone());
            }
        }
        let running_now = running && active_from.is_some();
        if running && let Some(a) = active_from.take() {
            segments.push((a, self.cutoff));
        }
        Walk {
            segments,
            attrs: snapshot.unwrap_or(attrs),
            stopped: stopped_at.is_some(),
            running: running_now,
            ever_stopped,
            first_ignore,
        }
    }

    /// An item's outcome: abandoned early or late, governed by the first
    /// goal whose conditions hold, or by none.
    fn govern<'i>(
        &self,
        terms: &Terms<'_>,
        id: &'i str,
        start: i64,
        walk: &Walk,
    ) -> Result<ItemOutcome<'i>, EvalError> {
        let mut item = ItemOutcome {
            id,
            start,
            date: local_date(terms.tz, start),
            stopped: walk.stopped,
            running: walk.running,
            abandoned: false,
            elapsed: 0,
            budget: 0,
            goal: None,
            outcome: Outcome::Ungoverned,
            reached_at: None,
        };
        let on = |cal: &OpenTime| -> i64 { walk.segments.iter().map(|s| cal.open(s.0, s.1)).sum() };
        if let (Some(i), Some(at)) = (terms.ignore, walk.first_ignore)
            && !walk.ever_stopped
        {
            let early = at - start <= i64::try_from(i.within_seconds).unwrap_or(i64::MAX);
            item.abandoned = true;
            item.elapsed = on(terms.clock);
            item.outcome = if early {
                Outcome::Ignored
            } else {
                item.reached_at = Some(at);
                Outcome::Breached
            };
            if early || terms.goals.is_empty() {
                return Ok(item);
            }
        }
        let holds = |c: &Cond| c.in_attrs(&walk.attrs);
        // docs/semantics.md: the attributes as they stand at the stop, and
        // the arrival at the first start, both hold.
        let arrived = |gi: usize| match terms.goal_arrivals.get(gi) {
            Some(Some(a)) => a.holds(terms.tz, start),
            _ => true,
        };
        let Some((gi, goal)) = terms.goals.iter().enumerate().find(|(gi, g)| {
            g.otherwise
                || (terms
                    .goal_conds
                    .get(*gi)
                    .is_some_and(|conds| conds.iter().all(holds))
                    && arrived(*gi))
        }) else {
            item.elapsed = on(terms.clock);
            return Ok(item);
        };
        let cal = self.calendar(&goal.calendar)?;
        let elapsed = on(cal);
        let budget = match goal.budget {
            Budget::Seconds(s) => i64::try_from(s).unwrap_or(i64::MAX),
            Budget::BusinessDays(n) => match cal.business_days_due(start, n) {
                Some(due) => cal.open(start, due),
                None => {
                    return Err(EvalError::DueBeyondCalendar {
                        item: id.to_owned(),
                        calendar: goal.calendar.clone(),
                    });
                }
            },
        };
        item.elapsed = elapsed;
        item.budget = budget;
        item.goal = u32::try_from(gi).ok();
        if item.outcome != Outcome::Breached {
            item.outcome = if elapsed > budget {
                Outcome::Breached
            } else if walk.stopped {
                Outcome::Met
            } else {
                Outcome::Pending
            };
        }
        if item.outcome == Outcome::Breached {
            // A call abandoned late breached at its abandonment, unless
            // its budget was used up before (the clock stops there).
            item.reached_at = used_up(cal, &walk.segments, budget).or(item.reached_at);
        } else if elapsed == budget {
            item.reached_at = used_up(cal, &walk.segments, budget);
        }
        Ok(item)
    }
}

/// The first instant at which the open time on `cal` of `segments` (in
/// order, disjoint) reaches `budget`: the instant the budget was used up.
/// `None` when it never does.
///
/// docs/semantics.md §7: the first instant, not the first after which the
/// elapsed time exceeds the budget, so that a pause, a closure or a
/// reopening that begins just as the budget runs out does not move the
/// breach to when the clock runs again; it is the due instant of a
/// `within N business days` goal whenever the clock ran without a pause.
fn used_up(cal: &OpenTime, segments: &[(i64, i64)], budget: i64) -> Option<i64> {
    let mut left = budget;
    for &(a, b) in segments {
        let open = cal.open(a, b);
        if open >= left {
            return cal.advance(a, left);
        }
        left -= open;
    }
    None
}
