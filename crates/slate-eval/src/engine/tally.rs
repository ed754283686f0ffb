//! A time-to-event objective's items counted into its periods as they are
//! worked out: what its report, its settlement values and its claim
//! windows read of them, without holding an outcome per item
//! (docs/ARCHITECTURE.md, the `engine/` list).
//!
//! Each item falls in at most one period of each kind, and a period's
//! tally is sums and a minimum, so the tallies of any partition of the
//! items add up, in any order, to the tallies of all of them: they are the
//! per-period partial aggregates that partials merge (`partial`). The
//! periods are those from the agreement's start to the cut-off
//! ([`Ctx::spans`] with `all`), which no report window narrows, so one
//! tally serves the report of any window and the termination clauses'
//! reading of every period.

use std::collections::BTreeMap;

use slate_rules::{Measure, Objective, Period};

use super::context::{Ctx, Span, span_of, timestamp};
use super::cycles::{ItemOutcome, Outcome};
use crate::report::{Counts, ItemDetail};

/// Elapsed-time bands of the distribution, in percent of the budget.
pub(super) const BANDS: [u32; 6] = [25, 50, 75, 100, 150, 200];

/// Met, breached and pending items.
pub(super) type Three = [u64; 3];

/// What one period holds of the items placed in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub(super) counts: Counts,
    /// The items of each elapsed-time band (periods of the report's kind).
    pub(super) bands: [Three; BANDS.len() + 1],
    /// Each goal's items, when every goal carries its own target (periods
    /// of the report's kind).
    pub(super) goals: Vec<Three>,
    /// The earliest instant an item placed in it breached.
    pub(super) first_breach: Option<i64>,
}

/// A time-to-event objective's items, counted into each period of the
/// kinds its report and its settlement read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tallies {
    /// Each kind's tallies by the period's index among
    /// [`Ctx::all_spans`], for the periods with an item.
    pub(super) kinds: BTreeMap<Period, Sparse<Tally>>,
    /// Items placed in no period of the report's kind (they start outside
    /// the agreement's validity).
    pub(super) unplaced: u64,
    /// The breached items when the report lists them, sorted by id, each
    /// with the index of its period of the report's kind.
    pub(super) breached: Vec<(usize, ItemDetail)>,
}

/// The kinds of period an objective's tallies count: its report's, and
/// those its credits and bonus settle in.
pub(super) fn kinds(o: &Objective) -> Vec<Period> {
    let mut kinds = vec![o.period];
    for schedule in [&o.credits, &o.bonus].into_iter().flatten() {
        if !kinds.contains(&schedule.period) {
            kinds.push(schedule.period);
        }
    }
    kinds
}

/// How many goals a period's tally counts: all of them when each carries
/// its own target, otherwise none.
fn goals_counted(o: &Objective) -> usize {
    match &o.measure {
        Measure::TimeToEvent { goals, .. } if goals.iter().all(|g| g.target.is_some()) => {
            goals.len()
        }
        _ => 0,
    }
}

/// The band of the distribution an item falls in (met, breached and
/// pending items fall in one).
fn band(i: &ItemOutcome<'_>) -> Option<usize> {
    three(i.outcome)?;
    let e = i128::from(i.elapsed) * 100;
    let b = i128::from(i.budget);
    Some(
        BANDS
            .iter()
            .position(|band| e <= i128::from(*band) * b)
            .unwrap_or(BANDS.len()),
    )
}

/// Where an outcome counts among met, breached and pending.
fn three(outcome: Outcome) -> Option<usize> {
    match outcome {
        Outcome::Met => Some(0),
        Outcome::Breached => Some(1),
        Outcome::Pending => Some(2),
        Outcome::Ignored | Outcome::Ungoverned => None,
    }
}

impl Tally {
    /// The items placed in the period, whatever their outcome.
    pub(super) fn items(&self) -> u64 {
        let c = &self.counts;
        c.met + c.breached + c.pending + c.ignored + c.ungoverned
    }

    /// Counts `item`; `report` for a period of the report's kind.
    fn add(&mut self, item: &ItemOutcome<'_>, report: bool) {
        count(&mut self.counts, item.outcome);
        if let Some(t) = item.breached_at() {
            self.first_breach = Some(self.first_breach.map_or(t, |f| f.min(t)));
        }
        if !report {
            return;
        }
        if let Some(n) = band(item)
            .zip(three(item.outcome))
            .and_then(|(b, k)| self.bands.get_mut(b)?.get_mut(k))
        {
            *n += 1;
        }
        // Each item counts toward the goal it is judged against, after
        // re-selection at the stop; ungoverned items belong to no goal.
        if let Some(n) = item
            .goal()
            .and_then(|g| self.goals.get_mut(g))
            .zip(three(item.outcome))
            .and_then(|(g, k)| g.get_mut(k))
        {
            *n += 1;
        }
    }

    fn merge(&mut self, other: &Tally) {
        let (c, o) = (&mut self.counts, &other.counts);
        c.met += o.met;
        c.breached += o.breached;
        c.pending += o.pending;
        c.ignored += o.ignored;
        c.ungoverned += o.ungoverned;
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            add_each(a, b);
        }
        for (a, b) in self.goals.iter_mut().zip(&other.goals) {
            add_each(a, b);
        }
        self.first_breach = match (self.first_breach, other.first_breach) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Counts one item of `outcome`.
pub(super) fn count(c: &mut Counts, outcome: Outcome) {
    match outcome {
        Outcome::Met => c.met += 1,
        Outcome::Breached => c.breached += 1,
        Outcome::Pending => c.pending += 1,
        Outcome::Ignored => c.ignored += 1,
        Outcome::Ungoverned => c.ungoverned += 1,
    }
}

/// Counts by the index of their period among [`Ctx::all_spans`], kept
/// only for the periods with something counted: a run of items, or a
/// partition, touches few of the hours of a long agreement.
pub(super) type Sparse<T> = BTreeMap<usize, T>;

/// `b`'s periods added to `a`'s, with `merge` where both have one.
pub(super) fn add_sparse<T>(a: &mut Sparse<T>, b: Sparse<T>, merge: impl Fn(&mut T, &T)) {
    for (i, theirs) in b {
        match a.entry(i) {
            std::collections::btree_map::Entry::Occupied(mut mine) => {
                merge(mine.get_mut(), &theirs)
            }
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(theirs);
            }
        }
    }
}

/// `b`'s counts added to `a`'s, place by place.
pub(super) fn add_each(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl Tallies {
    /// Adds the counts of `other` (not its breached items) to `self`.
    fn add(&mut self, other: BTreeMap<Period, Sparse<Tally>>, unplaced: u64) {
        for (kind, theirs) in other {
            add_sparse(self.kinds.entry(kind).or_default(), theirs, Tally::merge);
        }
        self.unplaced += unplaced;
    }

    /// The tallies of the items of `self` and of `other`, which must be
    /// disjoint: sums, and the breached items interleaved by id.
    pub(super) fn merge(mut self, other: Tallies) -> Result<Tallies, super::partial::SplitItem> {
        self.add(other.kinds, other.unplaced);
        self.breached = super::partial::interleave(self.breached, other.breached)?;
        Ok(self)
    }

    /// As [`merge`](Self::merge), the breached items of `other` after
    /// those of `self`: to be sorted by id once every part is joined
    /// ([`Part::sorted`](super::partial::Part::sorted)).
    pub(super) fn join(mut self, mut other: Tallies) -> Tallies {
        self.add(other.kinds, other.unplaced);
        self.breached.append(&mut other.breached);
        self
    }

    /// The tallies of `kind`'s periods with an item, by index.
    pub(super) fn of(&self, kind: Period) -> Option<&Sparse<Tally>> {
        self.kinds.get(&kind)
    }
}

impl Ctx<'_> {
    /// The items of a time-to-event objective counted into its periods:
    /// those of its report's kind and of the kinds it settles in, from the
    /// agreement's start to the cut-off; an item counts in a period when
    /// it starts in it, inside the agreement's validity. With details,
    /// the breached items are kept, in the items' order.
    pub(super) fn tallies(&self, o: &Objective, outcomes: &[ItemOutcome<'_>]) -> Tallies {
        let goals = goals_counted(o);
        // Due-date items are listed by their own report, not here.
        let listed = self.details && matches!(o.measure, Measure::TimeToEvent { .. });
        let mut out = Tallies {
            kinds: BTreeMap::new(),
            unplaced: 0,
            breached: Vec::new(),
        };
        for kind in kinds(o) {
            let report = kind == o.period;
            let spans = self.all_spans(kind, o.timezone);
            let empty = Tally {
                goals: if report {
                    vec![[0; 3]; goals]
                } else {
                    Vec::new()
                },
                ..Tally::default()
            };
            let mut tallies = Sparse::new();
            for item in outcomes {
                let inside = item.start >= self.valid_from && item.start < self.valid_end;
                let Some(i) = span_of(&spans, kind, item.date, item.start).filter(|_| inside)
                else {
                    out.unplaced += u64::from(report);
                    continue;
                };
                let t: &mut Tally = tallies.entry(i).or_insert_with(|| empty.clone());
                t.add(item, report);
                if report && listed && item.outcome == Outcome::Breached {
                    out.breached.push((i, detail(item, spans.get(i))));
                }
            }
            out.kinds.insert(kind, tallies);
        }
        out
    }
}

/// A breached item as the report lists it.
fn detail(item: &ItemOutcome<'_>, span: Option<&Span>) -> ItemDetail {
    ItemDetail {
        id: item.id.to_owned(),
        period: span.map(|s| s.label.clone()).unwrap_or_default(),
        start: timestamp(item.start),
        stopped: item.stopped,
        abandoned: item.abandoned,
        elapsed_seconds: item.elapsed,
        budget_seconds: item.budget,
        goal: item.goal().map(|g| g + 1),
    }
}
