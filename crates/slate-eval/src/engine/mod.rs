//! The evaluation: items, outcomes, periods, compliance and settlement.
//!
//! `evaluate` reads the rule set's dates and the cut-off, groups the
//! records by item and hands a read-only [`Ctx`] to each pass. The passes
//! come in two halves (`partial`): each item's outcomes, from its own
//! records (`cycles` for time-to-event items, `outages` for availability,
//! `due`, `rates`, `samples`, …), which merge across any partition of the
//! items; and what is counted per period from all items' outcomes,
//! worked out once: `aggregate` (each objective per period, and its values
//! per settlement period), `settle` (payouts, limited by a cap ledger) and
//! `rights` (termination).

mod aggregate;
mod arrival;
mod cond;
mod context;
mod cycles;
mod due;
mod durations;
mod error;
mod exact;
mod k_of_n;
mod lateness;
pub mod live;
mod outages;
mod partial;
mod parts;
mod per_goal;
mod rates;
mod rights;
mod runs;
mod samples;
mod settle;
mod spilled;
mod suspend;
mod tally;
mod unit_down;
mod units;
mod window;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use slate_rules::{Measure, RuleSet};
use slate_time::periods;

use crate::events::{Events, Record, Sym, Symbols};
use crate::items::Selection;
use crate::report::*;
use aggregate::Values;
use context::{Ctx, Items, local_date, timestamp};
pub use error::EvalError;
use partial::Source;
pub use partial::{SplitItem, evaluate_partitioned};
pub use samples::{invalid_samples, reject_invalid_samples};
pub use unit_down::{json_number, refuse_non_numbers};

/// What to evaluate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The exclusive cut-off (Unix seconds); by default one second after
    /// the latest record.
    pub as_of: Option<i64>,
    /// First date to report (default: the agreement's first day).
    pub from: Option<NaiveDate>,
    /// Last date to report, included (default: the cut-off's date in the
    /// agreement's zone or in any objective's, whichever is latest, or the
    /// agreement's last day if earlier).
    pub to: Option<NaiveDate>,
    /// List breached items.
    pub details: bool,
    /// Threads working out the items' outcomes (0 or 1: the caller's
    /// thread alone). The report is the same whatever the number.
    pub threads: usize,
}

/// How many unknown item ids a report lists.
const LISTED_UNKNOWN: usize = 100;

/// Evaluates a rule set on events.
pub fn evaluate(rules: &RuleSet, events: &Events, options: &Options) -> Result<Report, EvalError> {
    evaluate_billed(rules, events, None, options)
}

/// Evaluates a rule set on events, with the charges billed for the
/// services whose fee is billed (`fee billed per month`), which need them.
pub fn evaluate_billed(
    rules: &RuleSet,
    events: &Events,
    bill: Option<&crate::bill::Bill>,
    options: &Options,
) -> Result<Report, EvalError> {
    needs_bill(rules, bill)?;
    scope(
        rules,
        events,
        bill,
        options,
        &|events, ctx, items, after_cutoff, valid_to| {
            if events.partitions() > 0 {
                return spilled::settle(ctx, events, valid_to);
            }
            settled(ctx, events, &Source::Items(items), after_cutoff, valid_to)
        },
    )
}

/// Checks records read as `slate eval` does before evaluating: groups
/// them by item (finding duplicates), turns a record an objective needs a
/// number from and that has none into an invalid one
/// ([`reject_invalid_samples`], [`refuse_non_numbers`]), and does the same
/// partition by partition for records spilled to partitions
/// ([`Events::settle_partitions`]). `as_of` is the cut-off asked for.
pub fn check_records(
    rules: &RuleSet,
    events: &mut Events,
    as_of: Option<i64>,
) -> Result<(), crate::events::PartitionError> {
    events.group();
    let samples_cutoff = as_of.or_else(|| events.latest().map(|t| t + 1));
    let mut check = |events: &mut Events| {
        reject_invalid_samples(rules, events, samples_cutoff);
        refuse_non_numbers(rules, events, as_of);
    };
    check(events);
    events.settle_partitions(&mut check)
}

/// Refuses to settle a service whose fee is billed without the bill.
fn needs_bill(rules: &RuleSet, bill: Option<&crate::bill::Bill>) -> Result<(), EvalError> {
    if bill.is_none()
        && let Some((s, period)) = rules.services.iter().find_map(|s| s.billed.map(|p| (s, p)))
    {
        return Err(EvalError::NoBill {
            service: s.name.clone(),
            period,
        });
    }
    Ok(())
}

/// What runs in an evaluation's context: given the events grouped by
/// item, the context, the items, the records left out after the cut-off
/// and the last valid date.
type Then<'t, R> =
    dyn Fn(&Events, &Ctx<'_>, &Items<'_>, u64, NaiveDate) -> Result<R, EvalError> + 't;

/// Evaluation's common ground: refuses what cannot be evaluated, finds the
/// cut-off and the window, groups the records by item, compiles the
/// calendars, and hands the context to `then` with the items, the records
/// left out after the cut-off and the last valid date.
fn scope<R>(
    rules: &RuleSet,
    events: &Events,
    bill: Option<&crate::bill::Bill>,
    options: &Options,
    then: &Then<'_, R>,
) -> Result<R, EvalError> {
    // A rule set read from JSON was refused for these already; one built
    // in code is refused here for everything reading refuses (a target
    // over 100%, a validity that ends before it starts, an availability
    // objective that does not say which items it reads, …).
    let problems = slate_rules::problems(rules);
    if !problems.is_empty() {
        return Err(EvalError::Impossible(problems));
    }
    // Events not grouped by their reader are grouped here, in a copy.
    let copy;
    let events = if events.is_grouped() {
        events
    } else {
        let mut e = events.clone();
        e.group();
        copy = e;
        &copy
    };
    let tz = rules.agreement.timezone;
    let effective_from = rules.agreement.effective_from;
    let effective_to = rules.agreement.effective_to;
    // Records rejected for their samples keep the cut-off where reading put it.
    let last_at = events
        .latest()
        .into_iter()
        .chain(events.rejected.iter().map(|(_, at)| *at))
        .max();
    if let Some(t) = options.as_of
        && !(crate::events::EARLIEST..=crate::events::LATEST).contains(&t)
    {
        return Err(EvalError::CutoffOutOfRange);
    }
    let cutoff = options
        .as_of
        .or(last_at.map(|t| t + 1))
        .unwrap_or_else(|| periods::midnight(tz, effective_from));
    let cutoff_date = local_date(tz, cutoff - 1);
    let valid_to = match effective_to {
        Some(to) => to.min(cutoff_date),
        None => cutoff_date,
    };
    let window_from = options.from.unwrap_or(effective_from).max(effective_from);
    // By default the window ends on the cut-off's date, in the zone of
    // the agreement or of any objective, whichever is latest: an objective
    // in a zone ahead of the agreement's has a period on a later date
    // before the cut-off, shown like the others.
    let latest_date = rules
        .objectives
        .iter()
        .map(|o| local_date(o.timezone, cutoff - 1))
        .fold(cutoff_date, NaiveDate::max);
    let shown_to = match effective_to {
        Some(to) => to.min(latest_date),
        None => latest_date,
    };
    let window_to = options
        .to
        .unwrap_or(shown_to)
        .min(effective_to.unwrap_or(shown_to.max(valid_to)));
    if let Some(first) = invalid_samples(rules, events, Some(cutoff)).first() {
        let (file, line) = events.origin(first.0).unwrap_or_default();
        return Err(EvalError::NotANumber {
            at: format!("{file}:{line}"),
            message: first.2.clone(),
        });
    }
    let grouped = Grouped::new(events, cutoff);
    let items = grouped.items;
    let calendars = context::calendars(rules, events, cutoff, tz, effective_from, effective_to)?;
    let ctx = Ctx {
        rules,
        cutoff,
        valid_from: periods::midnight(tz, effective_from),
        valid_end: effective_to
            .and_then(|d| d.succ_opt())
            .map_or(i64::MAX, |d| periods::midnight(tz, d)),
        effective_from,
        effective_to,
        window_from,
        window_to,
        calendars: &calendars,
        details: options.details,
        threads: options.threads,
        symbols: &events.symbols,
        attrs: &events.attrs,
        rejected: &events.rejected,
        bill,
        periods: &[],
    };
    let periods = context::all_periods(&ctx);
    let ctx = Ctx {
        periods: &periods,
        ..ctx
    };
    then(events, &ctx, &items, grouped.after_cutoff, valid_to)
}

/// The report of an evaluation whose context is made, from the outcomes
/// of all its items.
fn settled(
    ctx: &Ctx<'_>,
    events: &Events,
    source: &Source<'_, '_>,
    after_cutoff: u64,
    valid_to: NaiveDate,
) -> Result<Report, EvalError> {
    let rules = ctx.rules;
    let effective_from = ctx.effective_from;
    let (objectives, settlements) = objectives(ctx, source)?;
    // Termination for cause reads every period from the agreement's start:
    // a narrower window is measured again over all of them.
    let whole = ctx.window_from <= effective_from && ctx.window_to >= valid_to;
    let termination = rights::termination(
        &Ctx {
            window_from: effective_from,
            window_to: valid_to,
            details: false,
            ..*ctx
        },
        source,
        whole.then_some(objectives.as_slice()),
    )?;
    Ok(Report {
        schema: SCHEMA.to_owned(),
        agreement: AgreementRef {
            title: rules.agreement.title.clone(),
            id: rules.agreement.id.clone(),
            version: rules.agreement.version.clone(),
            fingerprint: rules.agreement.fingerprint.clone(),
            rules_digest: rules.agreement.digest.clone(),
        },
        made_with: MadeWith::this_build(),
        as_of: timestamp(ctx.cutoff),
        window: Window {
            from: ctx.window_from,
            to: ctx.window_to,
        },
        input: input(
            events,
            after_cutoff,
            &source.unknown(ctx),
            source.undeclared(rules, events),
        ),
        objectives,
        settlements,
        termination,
    })
}

/// The records before the cut-off, item by item, borrowed from grouped
/// events ([`Events::group`]): every later pass reads memory in order.
struct Grouped<'e> {
    /// Each item with records before the cut-off, and those records in
    /// the order events apply, sorted by id.
    items: Vec<(&'e str, &'e [Record])>,
    /// Records at or after the cut-off, left out.
    after_cutoff: u64,
}

impl<'e> Grouped<'e> {
    fn new(events: &'e Events, cutoff: i64) -> Grouped<'e> {
        let mut after_cutoff = 0;
        let mut items: Vec<(&str, &[Record])> = crate::events::items(&events.records)
            .filter_map(|(id, rs)| {
                // An item's records are in the order of their instants.
                let before = rs.partition_point(|r| r.at < cutoff);
                after_cutoff += (rs.len() - before) as u64;
                let rs = rs.get(..before).filter(|rs| !rs.is_empty())?;
                Some((events.symbols.name(id), rs))
            })
            .collect();
        items.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Grouped {
            items,
            after_cutoff,
        }
    }
}

/// The events of an item's cycles (time-to-event and duration measures):
/// what starts, stops, reopens and abandons it.
pub(super) struct Cycle<'m> {
    pub(super) start: &'m str,
    pub(super) stop: &'m str,
    pub(super) reopen: Option<&'m str>,
    pub(super) ignore: Option<&'m str>,
}

impl Cycle<'_> {
    /// The cycle events of a measure that has them.
    pub(super) fn of(m: &Measure) -> Option<Cycle<'_>> {
        match m {
            Measure::TimeToEvent {
                start_event,
                stop_event,
                reopen_event,
                ignore,
                ..
            }
            | Measure::DurationAggregate {
                start_event,
                stop_event,
                reopen_event,
                ignore,
                ..
            } => Some(Cycle {
                start: start_event,
                stop: stop_event,
                reopen: reopen_event.as_deref(),
                ignore: ignore.as_ref().map(|i| i.event.as_str()),
            }),
            _ => None,
        }
    }
}

/// The items no objective reads, sorted.
///
/// The events each item may be read for: those of time-to-event and
/// volume objectives, and `down`/`up` (or an error-rate rule's event) for
/// the availability objectives whose `items` choose the item. An item read
/// by none is unknown.
pub(super) fn unknown_items<'a>(
    rules: &RuleSet,
    sy: &Symbols,
    items: &Items<'a>,
    attrs: &[(Sym, Sym)],
) -> Vec<&'a str> {
    let mut used_events = BTreeSet::new();
    let mut selections = Vec::new();
    for o in &rules.objectives {
        match &o.measure {
            Measure::TimeToEvent { .. } | Measure::DurationAggregate { .. } => {
                if let Some(c) = Cycle::of(&o.measure) {
                    used_events.extend([c.start, c.stop]);
                    used_events.extend(c.reopen.into_iter().chain(c.ignore));
                }
            }
            Measure::Availability {
                items, unit_down, ..
            } => {
                // With an error-rate rule, the records it reads are the
                // item's, not `down`/`up`.
                let read = match unit_down {
                    Some(rule) => [sy.get(&rule.event), None],
                    None => [sy.get("down"), sy.get("up")],
                };
                selections.push((Selection::new(items.as_ref(), &o.service, sy), read));
            }
            Measure::Volume { event, .. } | Measure::SampleAggregate { event, .. } => {
                used_events.insert(event.as_str());
            }
            Measure::DueDate {
                start_event,
                stop_event,
                ..
            } => {
                used_events.insert(start_event.as_str());
                used_events.insert(stop_event.as_str());
            }
            Measure::Rate {
                numerator_event,
                denominator_event,
                ignore,
                ..
            } => {
                used_events.insert(numerator_event.as_str());
                used_events.insert(denominator_event.as_str());
                used_events.extend(ignore.as_ref().map(|i| i.event.as_str()));
            }
        }
    }
    let used: HashSet<Sym> = used_events.iter().filter_map(|e| sy.get(e)).collect();
    items
        .iter()
        .filter(|(id, rs)| {
            let read = rs.iter().any(|r| used.contains(&r.event))
                || selections.iter().any(|(s, events)| {
                    rs.iter().any(|r| events.contains(&Some(r.event))) && s.selects(id, rs, attrs)
                });
            !read
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Each objective's report, with the values its settlement rests on, and
/// the settlements.
fn objectives(
    ctx: &Ctx<'_>,
    source: &Source<'_, '_>,
) -> Result<(Vec<ObjectiveReport>, Vec<Settlement>), EvalError> {
    let mut objectives = Vec::new();
    let mut values: Values = BTreeMap::new();
    let mut lates = lateness::Lates::new();
    let mut durations: settle::Durations = BTreeMap::new();
    let mut parts = parts::Parts::new();
    let mut breaches = settle::Breaches::new();
    for (index, o) in ctx.rules.objectives.iter().enumerate() {
        let part = source.part(ctx, index)?;
        let part = part.as_ref();
        let (report, measure) = ctx.objective(o, part)?;
        let late = ctx.late_items(o, part);
        if !late.is_empty() {
            lates.insert(o.name.clone(), late);
        }
        for schedule in [&o.credits, &o.bonus].into_iter().flatten() {
            if schedule.per_unit.is_some()
                && let std::collections::btree_map::Entry::Vacant(slot) =
                    durations.entry((o.name.clone(), schedule.period))
            {
                slot.insert(ctx.duration_values(o, schedule.period, part)?);
            }
        }
        for schedule in [&o.credits, &o.bonus].into_iter().flatten() {
            if let std::collections::btree_map::Entry::Vacant(slot) =
                values.entry((o.name.clone(), schedule.period))
            {
                slot.insert(measure.values(ctx, o, schedule.period)?);
            }
            if schedule.claim_from_breach {
                breaches.insert(
                    (o.name.clone(), schedule.period),
                    measure.first_breaches(ctx, o, schedule.period),
                );
            }
            if parts::per_component(o)
                && let std::collections::btree_map::Entry::Vacant(slot) =
                    parts.entry((o.name.clone(), schedule.period))
            {
                slot.insert(measure.part_values(ctx, o, schedule.period)?);
            }
        }
        objectives.push(report);
    }
    let (settlements, basis) =
        settle::settle(ctx, (&values, &breaches), &lates, &durations, &parts)?;
    for (name, b) in basis {
        if let Some(o) = objectives
            .iter_mut()
            .find(|o: &&mut ObjectiveReport| o.name == name)
        {
            o.settlement_basis.push(b);
        }
    }
    Ok((objectives, settlements))
}

/// What was read, and what was not used.
fn input(
    events: &Events,
    after_cutoff: u64,
    unknown: &[&str],
    (undeclared, undeclared_records): (u64, Vec<UndeclaredValue>),
) -> Input {
    let invalid_records = events
        .invalid
        .iter()
        .take(crate::events::MAX_LISTED_INVALID)
        .map(|i| InvalidRecord {
            file: i.file.clone(),
            line: i.line,
            message: i.message.clone(),
        })
        .collect();
    Input {
        files: events
            .files
            .iter()
            .map(|(name, records)| FileCount {
                name: name.clone(),
                records: *records,
            })
            .collect(),
        records: events.read,
        duplicates: events.duplicates,
        after_cutoff,
        invalid: events.invalid_total,
        invalid_records,
        unknown_items: unknown.len() as u64,
        unknown_item_ids: unknown
            .iter()
            .take(LISTED_UNKNOWN)
            .map(|s| (*s).to_owned())
            .collect(),
        undeclared,
        undeclared_records,
    }
}
