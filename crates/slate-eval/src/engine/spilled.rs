//! Evaluation of records spilled to temporary partitions
//! ([`Events::spill_over`](crate::Events::spill_over)): an item's records
//! are all in one partition, so each objective's outcomes are worked out
//! partition by partition, one partition's records in memory at a time,
//! and merged as partials merge (`partial`); the periods, settlement and
//! termination are then worked out once, as for records held in memory.
//! The partitions are read once for what every objective shares and for
//! the time-to-event, rate and volume objectives (counts per period:
//! little to hold, whatever the items), and once more for each other
//! objective (samples, duration aggregates, due dates, availability),
//! whose numbers or outcomes are held one objective at a time.

use std::borrow::Cow;

use slate_rules::{Measure, Objective};

use super::context::Ctx;
use super::partial::{Part, rehome_ids};
use super::{EvalError, Grouped, Source};
use crate::events::{Events, PartitionError, Symbols};
use crate::fields::Found;
use crate::report::Report;

/// What every partition gives before any objective is read: the items no
/// objective reads, each item's silence for `suspend`, and the records
/// whose declared fields hold undeclared values.
pub(super) struct Spilled<'i> {
    events: &'i Events,
    pub(super) unknown: Vec<&'i str>,
    pub(super) silences: Vec<(&'i str, (i64, i64))>,
    pub(super) undeclared: Found,
    /// By objective, in the rule set's order: the part of an objective
    /// whose items are counted into its periods ([`tallied`]), worked
    /// out on the same reading; `None` for the others, read again when
    /// asked for.
    tallied: Vec<Option<Result<Part<'i>, EvalError>>>,
}

/// Whether an objective's part is counted into its periods as its items
/// are worked out, so that holding it costs little whatever the items (a
/// count per period; the breached items with `--details`, which the report
/// lists anyway): it is worked out with every other such part, on one
/// reading of the partitions. Samples and duration aggregates hold every
/// number for their percentiles, so each is worked out on a reading of
/// its own, one objective's numbers held at a time, as on records held.
fn tallied(o: &Objective) -> bool {
    matches!(
        o.measure,
        Measure::TimeToEvent { .. } | Measure::Rate { .. } | Measure::Volume { .. }
    )
}

/// One objective's part of every partition, joined as the partitions are
/// read: when items fail, the first failing item in id order and its
/// error, as the records held give it.
struct Joining<'i> {
    joined: Option<Part<'i>>,
    failed: Option<(&'i str, EvalError)>,
}

impl<'i> Joining<'i> {
    fn new() -> Joining<'i> {
        Joining {
            joined: None,
            failed: None,
        }
    }

    /// Adds the part of one partition's items.
    fn add(&mut self, c: &Ctx<'_>, o: &Objective, grouped: &Grouped<'_>, symbols: &'i Symbols) {
        match c.part_of_all(o, &grouped.items) {
            Ok(p) if self.failed.is_none() => {
                let p = p.rehome(symbols);
                self.joined = Some(match self.joined.take() {
                    Some(j) => j.join(p),
                    None => p,
                });
            }
            Ok(_) => {}
            Err(e) => {
                // The partition's first failing item, worked out alone.
                let (id, e) = grouped
                    .items
                    .iter()
                    .find_map(|item| {
                        let alone = c.part(o, std::slice::from_ref(item)).err()?;
                        Some((item.0, alone))
                    })
                    .unwrap_or((grouped.items.first().map_or("", |i| i.0), e));
                let id = rehome_ids(symbols, id);
                if self.failed.as_ref().is_none_or(|(f, _)| id < *f) {
                    self.failed = Some((id, e));
                }
                self.joined = None;
            }
        }
    }

    /// The merged part. Each partition's part is sorted by id, and holds
    /// its items whole: sorted together, they are the merge of the parts.
    fn finish(self, ctx: &Ctx<'_>, o: &Objective) -> Result<Part<'i>, EvalError> {
        if let Some((_, e)) = self.failed {
            return Err(e);
        }
        let mut merged = match self.joined {
            Some(p) => p.sorted(),
            None => ctx.part(o, &[])?,
        };
        merged.shrink();
        Ok(merged)
    }
}

/// The report of spilled records, in a context made from the reading
/// (the cut-off and the calendars span every partition's records).
pub(super) fn settle(
    ctx: &Ctx<'_>,
    events: &Events,
    valid_to: chrono::NaiveDate,
) -> Result<Report, EvalError> {
    let (spilled, after_cutoff) = Spilled::new(ctx, events)?;
    super::settled(
        ctx,
        events,
        &Source::Spilled(&spilled),
        after_cutoff,
        valid_to,
    )
}

/// Each partition of `events` read back, with its records before the
/// cut-off grouped by item, handed to `f` with a context that reads the
/// partition's attributes; a partition not settled is refused.
fn each_partition(
    events: &Events,
    ctx: &Ctx<'_>,
    f: &mut dyn FnMut(&Ctx<'_>, &Events, &Grouped<'_>) -> Result<(), EvalError>,
) -> Result<(), EvalError> {
    for k in 0..events.partitions() {
        let part = events.partition(k)?;
        if !part.is_grouped() {
            return Err(PartitionError::Unsettled.into());
        }
        let grouped = Grouped::new(&part, ctx.cutoff);
        let c = Ctx {
            attrs: &part.attrs,
            ..*ctx
        };
        f(&c, &part, &grouped)?;
    }
    Ok(())
}

impl<'i> Spilled<'i> {
    /// Reads every partition once, with the records after the cut-off
    /// left out: fails on the record an evaluation of the records held
    /// would fail on first, one whose sample has no number (the first in
    /// reading order, then in the objectives' order).
    fn new(ctx: &Ctx<'_>, events: &'i Events) -> Result<(Spilled<'i>, u64), EvalError> {
        let symbols: &'i Symbols = &events.symbols;
        let mut spilled = Spilled {
            events,
            unknown: Vec::new(),
            silences: Vec::new(),
            undeclared: (0, Vec::new()),
            tallied: Vec::new(),
        };
        let mut joining: Vec<Option<Joining<'i>>> = ctx
            .rules
            .objectives
            .iter()
            .map(|o| tallied(o).then(Joining::new))
            .collect();
        // Records read after the partitions were settled would be left
        // out: refused.
        if !events.records.is_empty() {
            return Err(PartitionError::Unsettled.into());
        }
        let mut after_cutoff = 0;
        // The first record without a number that the records held would
        // name: the first in reading order, then in the objectives' order.
        let mut first_invalid: Option<((u64, usize), String)> = None;
        each_partition(events, ctx, &mut |c, part, grouped| {
            for (seq, objective, message) in
                super::invalid_samples(ctx.rules, part, Some(ctx.cutoff))
            {
                let index = ctx
                    .rules
                    .objectives
                    .iter()
                    .position(|o| o.name == objective);
                let key = (seq, index.unwrap_or(usize::MAX));
                if first_invalid.as_ref().is_none_or(|(f, _)| key < *f) {
                    first_invalid = Some((key, message));
                }
            }
            after_cutoff += grouped.after_cutoff;
            // Joined here, sorted by id once all are (each item is in one
            // partition).
            let unknown = super::unknown_items(ctx.rules, symbols, &grouped.items, &part.attrs);
            spilled
                .unknown
                .extend(unknown.iter().map(|id| rehome_ids(symbols, id)));
            let silences = super::suspend::silences(c, &grouped.items);
            spilled
                .silences
                .extend(silences.iter().map(|(id, s)| (rehome_ids(symbols, id), *s)));
            spilled.undeclared = crate::fields::merge(
                std::mem::take(&mut spilled.undeclared),
                crate::fields::undeclared_in_order(ctx.rules, part),
            );
            for (o, j) in ctx.rules.objectives.iter().zip(&mut joining) {
                if let Some(j) = j {
                    j.add(c, o, grouped, symbols);
                }
            }
            Ok(())
        })?;
        spilled.tallied = ctx
            .rules
            .objectives
            .iter()
            .zip(joining)
            .map(|(o, j)| j.map(|j| j.finish(ctx, o)))
            .collect();
        spilled.unknown.sort_unstable();
        spilled.silences.sort_by(|a, b| a.0.cmp(b.0));
        if let Some(((seq, _), message)) = first_invalid {
            let (file, line) = events.origin(seq).unwrap_or_default();
            return Err(EvalError::NotANumber {
                at: format!("{file}:{line}"),
                message,
            });
        }
        Ok((spilled, after_cutoff))
    }

    /// One objective's part of every item: each partition's, merged. When
    /// items fail, the error is that of the first failing item in id
    /// order, as the records held give it. A part counted into its
    /// periods was worked out on the first reading, and is lent.
    pub(super) fn part<'p>(
        &'p self,
        ctx: &Ctx<'_>,
        index: usize,
        o: &Objective,
    ) -> Result<Cow<'p, Part<'i>>, EvalError> {
        if let Some(Some(done)) = self.tallied.get(index) {
            return done.as_ref().map(Cow::Borrowed).map_err(Clone::clone);
        }
        let symbols: &'i Symbols = &self.events.symbols;
        let mut joining = Joining::new();
        each_partition(self.events, ctx, &mut |c, _, grouped| {
            joining.add(c, o, grouped, symbols);
            Ok(())
        })?;
        joining.finish(ctx, o).map(Cow::Owned)
    }
}
