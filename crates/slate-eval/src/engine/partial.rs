//! What a set of items gives an evaluation: each objective's items
//! counted into its periods (time to event, rates, volumes, samples,
//! duration aggregates), or its outcomes item by item (due dates,
//! availability) (docs/ARCHITECTURE.md, the `engine/` list).
//!
//! An item's outcomes read only its own records, so the items can be cut
//! into any partitions, each partition's partial worked out on its own,
//! and the partials merged: lists by item id interleave and tallies add,
//! and the merge of partials of disjoint items is associative and
//! commutative. Periods, settlement and termination rights are then worked
//! out once, on the merged partial, exactly as on the partial of all the
//! items at once.

use std::borrow::Cow;
use std::collections::BTreeMap;

use slate_rules::{Measure, Objective, RuleSet};

use super::EvalError;
use super::Options;
use super::context::{Ctx, Items};
use super::cycles::ItemOutcome;
use super::due::DueOutcome;
use super::durations::DurationTally;
use super::rates::RateTally;
use super::samples::SampleTally;
use super::tally::{Sparse, Tallies, add_sparse};
use crate::events::{Events, Record, Symbols};
use crate::report::{ItemDetail, Report};

/// What a set of items gives every objective of the rule set.
pub(super) struct Partial<'i> {
    /// One per objective, in the rule set's order.
    pub(super) parts: Vec<Part<'i>>,
    /// The items no objective reads.
    pub(super) unknown: Vec<&'i str>,
    /// Each item whose silence gives the right to suspend, with the
    /// instant it arises and the start of that silence (the earliest of
    /// the item's).
    pub(super) silences: Vec<(&'i str, (i64, i64))>,
}

/// One objective's part of a set of items: its items counted into its
/// periods, or its outcomes item by item, sorted by item id.
#[derive(Clone)]
pub(super) enum Part<'i> {
    /// Time to event: the items counted into their periods.
    Tallied(Tallies),
    /// A duration aggregate's items, timed and binned into its periods.
    Durations(DurationTally),
    /// A due-date objective's items, sorted by id.
    Due(Vec<DueOutcome<'i>>),
    /// What an availability objective reads of each item.
    Outages(Components<'i>),
    /// The items counted into the rate's periods.
    Rates(RateTally),
    /// The items a volume counts in each of its periods.
    Volume(Sparse<u64>),
    /// The samples counted into their periods.
    Samples(SampleTally),
}

/// What an availability objective reads of each item.
#[derive(Clone, Default)]
pub(super) struct Components<'i> {
    /// Each selected item's outages, merged, before any minimum length.
    pub(super) outages: Vec<(&'i str, Vec<(i64, i64)>)>,
    /// With an error-rate rule, each selected item's (instant, errors,
    /// total) in the order it applies them.
    pub(super) counts: super::unit_down::Counts<'i>,
    /// The items the objective names (`items: "a", "b"`) that have a
    /// record it reads.
    pub(super) reporting: Vec<&'i str>,
}

/// The same item in two partials being merged: an item's records must
/// all be in one partition.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("item `{0}` is in two partitions")]
pub struct SplitItem(pub String);

/// Something with an item id.
pub(super) trait Keyed {
    fn key(&self) -> &str;
}

impl Keyed for DueOutcome<'_> {
    fn key(&self) -> &str {
        self.outcome.id
    }
}

impl Keyed for &str {
    fn key(&self) -> &str {
        self
    }
}

impl<T> Keyed for (&str, T) {
    fn key(&self) -> &str {
        self.0
    }
}

impl<A, B> Keyed for (&str, A, B) {
    fn key(&self) -> &str {
        self.0
    }
}

impl Keyed for (usize, ItemDetail) {
    fn key(&self) -> &str {
        &self.1.id
    }
}

/// Two lists sorted by item id as one, or the item found in both.
pub(super) fn interleave<T: Keyed>(a: Vec<T>, b: Vec<T>) -> Result<Vec<T>, SplitItem> {
    // Partitions cut from sorted items come in order: the common case
    // appends.
    match (a.last(), b.first()) {
        (None, _) => return Ok(b),
        (_, None) => return Ok(a),
        (Some(x), Some(y)) if x.key() < y.key() => {
            let mut a = a;
            a.extend(b);
            return Ok(a);
        }
        _ => {}
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.key().cmp(y.key()) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => return Err(SplitItem(x.key().to_owned())),
            },
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return Ok(out),
        };
        // One item may give several entries in a row: take them all.
        let from = if take_a { &mut a } else { &mut b };
        if let Some(first) = from.next() {
            out.push(first);
            while let Some(next) = from.next_if(|n| out.last().is_some_and(|l| l.key() == n.key()))
            {
                out.push(next);
            }
        }
    }
}

/// Counts of disjoint items, added period by period.
fn added(mut a: Sparse<u64>, b: Sparse<u64>) -> Sparse<u64> {
    add_sparse(&mut a, b, |x, y| *x += y);
    a
}

/// `b` after `a`.
fn joined<T>(mut a: Vec<T>, mut b: Vec<T>) -> Vec<T> {
    a.append(&mut b);
    a
}

/// A list sorted by item id, each item's entries in their order.
fn by_key<T: Keyed>(mut list: Vec<T>) -> Vec<T> {
    list.sort_by(|a, b| a.key().cmp(b.key()));
    list
}

impl<'i> Part<'i> {
    /// The lists of `other` after those of `self`, in no order: to be
    /// [`sorted`](Part::sorted) once every part is joined. A merge of many
    /// parts holds them all and the merged lists at once; joining holds
    /// the joined lists, and sorting them half again.
    pub(super) fn join(self, other: Part<'i>) -> Part<'i> {
        match (self, other) {
            (Part::Tallied(a), Part::Tallied(b)) => Part::Tallied(a.join(b)),
            (Part::Durations(a), Part::Durations(b)) => Part::Durations(a.add(b)),
            (Part::Due(a), Part::Due(b)) => Part::Due(joined(a, b)),
            (Part::Outages(a), Part::Outages(b)) => Part::Outages(Components {
                outages: joined(a.outages, b.outages),
                counts: joined(a.counts, b.counts),
                reporting: joined(a.reporting, b.reporting),
            }),
            (Part::Rates(a), Part::Rates(b)) => Part::Rates(a.add(b)),
            (Part::Volume(a), Part::Volume(b)) => Part::Volume(added(a, b)),
            (Part::Samples(a), Part::Samples(b)) => Part::Samples(a.add(b)),
            // Parts of one objective are of one kind.
            (a, _) => a,
        }
    }

    /// Joined parts of disjoint items, their lists sorted by item id (each
    /// item's entries kept in their order): the merge of the parts.
    pub(super) fn sorted(self) -> Part<'i> {
        match self {
            Part::Tallied(mut t) => {
                t.breached = by_key(t.breached);
                Part::Tallied(t)
            }
            Part::Durations(t) => Part::Durations(t),
            Part::Due(l) => Part::Due(by_key(l)),
            Part::Outages(c) => Part::Outages(Components {
                outages: by_key(c.outages),
                counts: by_key(c.counts),
                reporting: by_key(c.reporting),
            }),
            Part::Rates(t) => Part::Rates(t),
            Part::Volume(l) => Part::Volume(l),
            Part::Samples(t) => Part::Samples(t),
        }
    }

    /// Gives back what its lists hold beyond their length (a list grown
    /// by doubling holds up to twice its items while settlement reads it).
    pub(super) fn shrink(&mut self) {
        match self {
            Part::Tallied(t) => t.breached.shrink_to_fit(),
            Part::Rates(_) | Part::Volume(_) => {}
            Part::Durations(t) => t.shrink(),
            Part::Due(l) => l.shrink_to_fit(),
            Part::Samples(t) => t.shrink(),
            Part::Outages(c) => {
                c.outages.shrink_to_fit();
                c.counts.shrink_to_fit();
                c.reporting.shrink_to_fit();
            }
        }
    }

    /// The part of the items of `self` and of `other`, which must be
    /// disjoint; the same whichever comes first.
    pub(super) fn merge(self, other: Part<'i>) -> Result<Part<'i>, SplitItem> {
        Ok(match (self, other) {
            (Part::Tallied(a), Part::Tallied(b)) => Part::Tallied(a.merge(b)?),
            (Part::Durations(a), Part::Durations(b)) => Part::Durations(a.add(b)),
            (Part::Due(a), Part::Due(b)) => Part::Due(interleave(a, b)?),
            (Part::Outages(a), Part::Outages(b)) => Part::Outages(Components {
                outages: interleave(a.outages, b.outages)?,
                counts: interleave(a.counts, b.counts)?,
                reporting: interleave(a.reporting, b.reporting)?,
            }),
            (Part::Rates(a), Part::Rates(b)) => Part::Rates(a.add(b)),
            (Part::Volume(a), Part::Volume(b)) => Part::Volume(added(a, b)),
            (Part::Samples(a), Part::Samples(b)) => Part::Samples(a.add(b)),
            // Parts of one objective are of one kind.
            (a, _) => a,
        })
    }
}

impl<'i> Partial<'i> {
    /// The partial of the items of `self` and of `other`, which must be
    /// disjoint; the same whichever comes first.
    pub(super) fn merge(self, other: Partial<'i>) -> Result<Partial<'i>, SplitItem> {
        let parts = self
            .parts
            .into_iter()
            .zip(other.parts)
            .map(|(a, b)| a.merge(b))
            .collect::<Result<_, _>>()?;
        Ok(Partial {
            parts,
            unknown: interleave(self.unknown, other.unknown)?,
            silences: interleave(self.silences, other.silences)?,
        })
    }
}

/// An id of `symbols` found by its text: what a partition's outcomes,
/// which borrow their ids from the partition, borrow from the symbols
/// every partition shares.
pub(super) fn rehome_ids<'l>(symbols: &'l Symbols, id: &str) -> &'l str {
    symbols.get(id).map_or("", |s| symbols.name(s))
}

impl ItemOutcome<'_> {
    fn rehome<'l>(&self, symbols: &'l Symbols) -> ItemOutcome<'l> {
        ItemOutcome {
            id: rehome_ids(symbols, self.id),
            start: self.start,
            date: self.date,
            stopped: self.stopped,
            running: self.running,
            abandoned: self.abandoned,
            elapsed: self.elapsed,
            budget: self.budget,
            goal: self.goal,
            outcome: self.outcome,
            reached_at: self.reached_at,
        }
    }
}

/// Each entry of a list keyed by id, its id borrowed from `symbols`.
fn rehome_keyed<'l, T: Clone>(list: &[(&str, T)], symbols: &'l Symbols) -> Vec<(&'l str, T)> {
    list.iter()
        .map(|(id, t)| (rehome_ids(symbols, id), t.clone()))
        .collect()
}

impl Part<'_> {
    /// The same part, its ids borrowed from `symbols` (which holds them).
    pub(super) fn rehome<'l>(&self, symbols: &'l Symbols) -> Part<'l> {
        match self {
            Part::Tallied(t) => Part::Tallied(t.clone()),
            Part::Durations(t) => Part::Durations(t.clone()),
            Part::Due(l) => Part::Due(
                l.iter()
                    .map(|d| DueOutcome {
                        started: d.started,
                        outcome: d.outcome.rehome(symbols),
                        item: d.item.clone(),
                        late: d.late.clone(),
                    })
                    .collect(),
            ),
            Part::Outages(c) => Part::Outages(Components {
                outages: rehome_keyed(&c.outages, symbols),
                counts: rehome_keyed(&c.counts, symbols),
                reporting: c
                    .reporting
                    .iter()
                    .map(|id| rehome_ids(symbols, id))
                    .collect(),
            }),
            Part::Rates(t) => Part::Rates(t.clone()),
            Part::Volume(l) => Part::Volume(l.clone()),
            Part::Samples(t) => Part::Samples(t.clone()),
        }
    }
}

/// Partials merged pairwise, neighbours with neighbours: a merge costs
/// the items of both, so each item is moved about log2(partials) times,
/// not once per partial.
pub(super) fn merge_all<T>(
    mut list: Vec<T>,
    merge: &dyn Fn(T, T) -> Result<T, SplitItem>,
) -> Result<Option<T>, SplitItem> {
    while list.len() > 1 {
        let mut next = Vec::with_capacity(list.len().div_ceil(2));
        let mut pairs = list.into_iter();
        while let Some(a) = pairs.next() {
            next.push(match pairs.next() {
                Some(b) => merge(a, b)?,
                None => a,
            });
        }
        list = next;
    }
    Ok(list.pop())
}

impl Ctx<'_> {
    /// One objective's part of `items` (sorted by id): the first error in
    /// the items' order.
    pub(super) fn part<'i>(&self, o: &Objective, items: &Items<'i>) -> Result<Part<'i>, EvalError> {
        Ok(match &o.measure {
            Measure::TimeToEvent { .. } => {
                Part::Tallied(self.tallies(o, &self.time_to_event(o, items)?))
            }
            Measure::DurationAggregate { .. } => Part::Durations(self.duration_tally(o, items)?),
            Measure::DueDate { .. } => Part::Due(self.due_items(o, items)?),
            Measure::Availability { .. } => Part::Outages(Components {
                outages: self.outage_lists(o, items),
                counts: self.unit_counts(o, items)?,
                reporting: self.reporting(o, items),
            }),
            Measure::Rate { .. } => Part::Rates(self.rate_tally(o, items)),
            Measure::Volume { .. } => Part::Volume(self.volume_counts(o, items)),
            Measure::SampleAggregate { .. } => Part::Samples(self.sample_tally(o, items)),
        })
    }

    /// The partial of `items` (sorted by id): the first error in the
    /// objectives' order, then the items'.
    pub(super) fn partial<'i>(&self, items: &Items<'i>) -> Result<Partial<'i>, EvalError> {
        let parts = self
            .rules
            .objectives
            .iter()
            .map(|o| self.part(o, items))
            .collect::<Result<_, _>>()?;
        Ok(Partial {
            parts,
            unknown: super::unknown_items(self.rules, self.symbols, items, self.attrs),
            silences: super::suspend::silences(self, items),
        })
    }

    /// One objective's part of all `items` (sorted by id), worked out in
    /// runs on the context's threads and merged in order: the same part,
    /// and the same first error, as one thread's.
    pub(super) fn part_of_all<'i>(
        &self,
        o: &Objective,
        items: &Items<'i>,
    ) -> Result<Part<'i>, EvalError> {
        let mut merged: Result<Option<Part<'i>>, SplitItem> = Ok(None);
        super::runs::each_run(self.threads, items, &|run| self.part(o, run), &mut |p| {
            // The runs are contiguous and in the items' order: their parts
            // follow one another, and each merge appends.
            merged = match std::mem::replace(&mut merged, Ok(None)) {
                Ok(None) => Ok(Some(p)),
                Ok(Some(m)) => m.merge(p).map(Some),
                Err(e) => Err(e),
            };
        })?;
        let mut part = match merged? {
            Some(p) => p,
            None => self.part(o, &[])?,
        };
        part.shrink();
        Ok(part)
    }
}

/// Where settlement reads the items' outcomes from.
pub(super) enum Source<'p, 'i> {
    /// Every item's records: each objective's part is worked out when it is
    /// read, so memory holds one objective's outcomes at a time.
    Items(&'p Items<'i>),
    /// A merged partial.
    Partial(&'p Partial<'i>),
    /// Records spilled to partitions: each objective's part is worked out
    /// partition by partition when it is read, and merged.
    Spilled(&'p super::spilled::Spilled<'i>),
}

impl<'p, 'i> Source<'p, 'i> {
    /// The part of the objective at `index` in the rule set.
    pub(super) fn part(&self, ctx: &Ctx<'_>, index: usize) -> Result<Cow<'p, Part<'i>>, EvalError> {
        let Some(o) = ctx.rules.objectives.get(index) else {
            return Ok(Cow::Owned(Part::Volume(Sparse::new())));
        };
        match self {
            Source::Items(items) => ctx.part_of_all(o, items).map(Cow::Owned),
            Source::Partial(p) => match p.parts.get(index) {
                Some(part) => Ok(Cow::Borrowed(part)),
                None => ctx.part(o, &[]).map(Cow::Owned),
            },
            Source::Spilled(s) => s.part(ctx, index, o),
        }
    }

    /// The items no objective reads.
    pub(super) fn unknown(&self, ctx: &Ctx<'_>) -> Cow<'p, [&'i str]> {
        match self {
            Source::Items(items) => Cow::Owned(super::unknown_items(
                ctx.rules,
                ctx.symbols,
                items,
                ctx.attrs,
            )),
            Source::Partial(p) => Cow::Borrowed(&p.unknown),
            Source::Spilled(s) => Cow::Borrowed(&s.unknown),
        }
    }

    /// The records whose declared fields hold undeclared values: how many,
    /// and the first of those values in reading order.
    pub(super) fn undeclared(
        &self,
        rules: &RuleSet,
        events: &Events,
    ) -> (u64, Vec<crate::report::UndeclaredValue>) {
        match self {
            Source::Spilled(s) => (
                s.undeclared.0,
                s.undeclared.1.iter().map(|(_, v)| v.clone()).collect(),
            ),
            _ => crate::fields::undeclared(rules, events),
        }
    }

    /// Each item's silence, for `suspend`.
    pub(super) fn silences(&self, ctx: &Ctx<'_>) -> Cow<'p, [(&'i str, (i64, i64))]> {
        match self {
            Source::Items(items) => Cow::Owned(super::suspend::silences(ctx, items)),
            Source::Partial(p) => Cow::Borrowed(&p.silences),
            Source::Spilled(s) => Cow::Borrowed(&s.silences),
        }
    }
}

/// Evaluates a rule set on events with the items cut into partitions, as
/// a caller that partitions them itself does: `partition_of` gives each
/// item's partition; the partials of the partitions (in the order of
/// their numbers) are merged as `merges` says, each `(i, j)` merging the
/// partial at position `j` (modulo their number) into the one at `i`,
/// then those left in their order; the report is settled once,
/// on the merged partial. It is the report [`evaluate_billed`](crate::evaluate_billed)
/// gives, byte for byte, whatever the partitions and the merges; when an
/// item's outcome cannot be worked out, the error is that of the first
/// partition that has one.
pub fn evaluate_partitioned(
    rules: &RuleSet,
    events: &Events,
    bill: Option<&crate::bill::Bill>,
    options: &Options,
    partition_of: &dyn Fn(&str) -> usize,
    merges: &[(usize, usize)],
) -> Result<Report, EvalError> {
    super::needs_bill(rules, bill)?;
    super::scope(
        rules,
        events,
        bill,
        options,
        &|events, ctx, items, after_cutoff, valid_to| {
            if events.partitions() > 0 {
                return super::spilled::settle(ctx, events, valid_to);
            }
            let mut cut: BTreeMap<usize, Vec<(&str, &[Record])>> = BTreeMap::new();
            for &(id, rs) in items {
                cut.entry(partition_of(id)).or_default().push((id, rs));
            }
            let mut list = cut
                .values()
                .map(|items| ctx.partial(items))
                .collect::<Result<Vec<_>, _>>()?;
            for &(i, j) in merges {
                let n = list.len();
                let (i, j) = (i % n.max(1), j % n.max(1));
                if i == j {
                    continue;
                }
                let b = list.remove(j);
                let i = if j < i { i - 1 } else { i };
                let a = list.remove(i);
                list.insert(i, a.merge(b)?);
            }
            let merged = match merge_all(list, &|a, b| a.merge(b))? {
                Some(p) => p,
                None => ctx.partial(&[])?,
            };
            super::settled(
                ctx,
                events,
                &Source::Partial(&merged),
                after_cutoff,
                valid_to,
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{SplitItem, by_key, interleave, joined};

    /// Lists of (id, entry) sorted by id, an id given one to three entries,
    /// cut from one list of distinct ids by `side`.
    fn cut(ids: &[(String, u8)], side: &[bool], which: bool) -> Vec<(String, u8)> {
        ids.iter()
            .zip(side.iter().cycle())
            .filter(|(_, s)| **s == which)
            .flat_map(|((id, n), _)| (0..*n).map(move |k| (id.clone(), k)))
            .collect()
    }

    fn keyed(list: &[(String, u8)]) -> Vec<(&str, u8)> {
        list.iter().map(|(id, k)| (id.as_str(), *k)).collect()
    }

    proptest! {
        #[test]
        fn interleaving_and_sorting_joined_lists_give_the_sorted_union(
            ids in proptest::collection::btree_map("[a-e]{1,3}", 1u8..=3, 0..20),
            side in proptest::collection::vec(any::<bool>(), 1..20),
        ) {
            let ids: Vec<(String, u8)> = ids.into_iter().collect();
            let (a, b) = (cut(&ids, &side, true), cut(&ids, &side, false));
            let whole = cut(&ids, &[true], true);
            let ab = interleave(keyed(&a), keyed(&b));
            let ba = interleave(keyed(&b), keyed(&a));
            prop_assert_eq!(ab.as_ref().ok(), Some(&keyed(&whole)));
            prop_assert_eq!(ba.as_ref().ok(), Some(&keyed(&whole)));
            // Joined either way round and sorted (spilled partitions), the same.
            prop_assert_eq!(by_key(joined(keyed(&a), keyed(&b))), keyed(&whole));
            prop_assert_eq!(by_key(joined(keyed(&b), keyed(&a))), keyed(&whole));
        }
    }

    #[test]
    fn an_item_in_both_lists_is_refused() {
        let a = vec![("a", 1), ("b", 1)];
        let b = vec![("b", 2), ("c", 1)];
        assert_eq!(interleave(a, b), Err(SplitItem("b".to_owned())));
        assert_eq!(
            interleave(vec![("a", 1)], vec![("a", 2)]),
            Err(SplitItem("a".to_owned()))
        );
    }
}

#[cfg(test)]
mod sizes {
    /// Every item's outcome of an objective is held while its periods are
    /// counted: at 3.5 records an item (the support history), each 16
    /// bytes of it cost about 4.6 bytes per record.
    #[test]
    fn an_item_outcome_is_small() {
        assert_eq!(std::mem::size_of::<super::ItemOutcome<'_>>(), 72);
    }
}
