//! The live view a long-running monitor serves (`slate monitor`): each
//! objective's current period so far, the open items of the time-to-event
//! objectives with their clocks, and which items are final. Every figure
//! comes from the same passes as the report, at the same cut-off, so the
//! monitor and `slate eval --as-of` cannot disagree.

use std::collections::BTreeSet;

use slate_rules::{Measure, Objective, RuleSet};
use slate_time::periods;

use super::context::{Ctx, Items, local_date};
use super::{EvalError, Options, scope};
use crate::events::{Events, Record};
use crate::report::{Kind, ObjectiveReport, PeriodReport};

/// What holds at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Live {
    /// The cut-off (exclusive), Unix seconds.
    pub as_of: i64,
    /// Each objective, in the rule set's order.
    pub objectives: Vec<LiveObjective>,
    /// The open items, by objective (in the rule set's order) and id: of
    /// every time-to-event objective, those a goal governs; of every
    /// due-date objective, those with a due value not yet delivered.
    pub items: Vec<OpenItem>,
}

/// One objective at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveObjective {
    /// Its name.
    pub name: String,
    /// Its service.
    pub service: String,
    /// What it measures.
    pub kind: Kind,
    /// Its report for its current period (the one holding the instant just
    /// before the cut-off), exactly as `slate eval --as-of` writes it;
    /// `None` outside the agreement's validity.
    pub period: Option<PeriodReport>,
    /// Availability measured to the second, over the whole service (not per
    /// component): the period's allowed downtime and the downtime so far.
    pub error_budget: Option<ErrorBudget>,
}

/// An availability objective's downtime allowance in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorBudget {
    /// The whole period's measured seconds (open on the clock, less
    /// maintenance, within the agreement's validity) times the share the
    /// target lets be down, rounded down to the second.
    pub allowed_seconds: i64,
    /// The seconds down so far, as the report counts them.
    pub down_seconds: i64,
}

/// An item whose clock has not stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenItem {
    /// The objective's name.
    pub objective: String,
    /// Its service.
    pub service: String,
    /// The item's id.
    pub id: String,
    /// The governing goal's place in the objective, from 1 (a due-date
    /// objective's one goal is 1).
    pub goal: usize,
    /// Its first start, Unix seconds.
    pub start: i64,
    /// Open seconds on the goal's calendar so far, pauses excluded (a
    /// due-date item: real seconds since its start).
    pub elapsed_seconds: i64,
    /// The goal's budget in open seconds on that calendar (a due-date
    /// item: real seconds from its start to its due instant, 0 when due
    /// at or before it).
    pub budget_seconds: i64,
    /// Whether the clock runs (the item is not paused).
    pub running: bool,
    /// The instant its elapsed time reaches (or reached) its budget if
    /// the clock keeps running; `None` while paused with budget left, or
    /// when that is beyond the compiled calendar (a year past the cut-off).
    pub due: Option<i64>,
}

/// The live view at `as_of` (exclusive): the report's current periods and
/// the open items.
pub fn live(
    rules: &RuleSet,
    events: &Events,
    bill: Option<&crate::bill::Bill>,
    as_of: i64,
) -> Result<Live, EvalError> {
    super::needs_bill(rules, bill)?;
    let options = Options {
        as_of: Some(as_of),
        ..Options::default()
    };
    scope(
        rules,
        events,
        bill,
        &options,
        &|events, ctx, items, after, valid_to| {
            let report =
                super::settled(ctx, events, &super::Source::Items(items), after, valid_to)?;
            let mut objectives = Vec::new();
            for (o, r) in rules.objectives.iter().zip(&report.objectives) {
                objectives.push(current(ctx, o, r)?);
            }
            Ok(Live {
                as_of,
                objectives,
                items: open_items(ctx, items)?,
            })
        },
    )
}

/// An objective's current period, and its error budget.
fn current(ctx: &Ctx<'_>, o: &Objective, r: &ObjectiveReport) -> Result<LiveObjective, EvalError> {
    let date = local_date(o.timezone, ctx.cutoff - 1);
    let period = r
        .periods
        .iter()
        .rev()
        .find(|p| p.from <= date && date <= p.to)
        .cloned();
    let error_budget = match (&o.measure, &period) {
        (
            Measure::Availability {
                target,
                per_component: false,
                downtime_unit_seconds: None,
                ..
            },
            Some(p),
        ) if !o.period.is_hourly() => {
            let span = ctx
                .spans(o.period, o.timezone, true)
                .into_iter()
                .find(|s| s.from == p.from);
            match span {
                Some(s) => {
                    let end = periods::midnight(o.timezone, periods::next(o.period, s.start))
                        .min(ctx.valid_end);
                    let measured: i64 = ctx
                        .measured(o, o.timezone, s.t0, end)?
                        .iter()
                        .map(|(a, b)| b - a)
                        .sum();
                    Some(ErrorBudget {
                        allowed_seconds: allowed(measured, target.get()),
                        down_seconds: p.time.map_or(0, |t| t.down_seconds),
                    })
                }
                None => None,
            }
        }
        _ => None,
    };
    Ok(LiveObjective {
        name: o.name.clone(),
        service: o.service.clone(),
        kind: r.kind,
        period,
        error_budget,
    })
}

/// `measured × (100 − target) / 100`, rounded down, exactly.
fn allowed(measured: i64, target: rust_decimal::Decimal) -> i64 {
    use rust_decimal::Decimal;
    use rust_decimal::prelude::ToPrimitive;
    let share = (Decimal::ONE_HUNDRED - target) / Decimal::ONE_HUNDRED;
    Decimal::from(measured)
        .checked_mul(share)
        .and_then(|d| d.floor().to_i64())
        .unwrap_or(0)
}

/// The open items of every time-to-event objective that a goal governs.
fn open_items(ctx: &Ctx<'_>, items: &Items<'_>) -> Result<Vec<OpenItem>, EvalError> {
    let mut out = Vec::new();
    for o in &ctx.rules.objectives {
        if matches!(o.measure, Measure::DueDate { .. }) {
            out.extend(due_open(ctx, o, items)?);
            continue;
        }
        let Measure::TimeToEvent { goals, .. } = &o.measure else {
            continue;
        };
        for item in ctx.time_to_event(o, items)? {
            let (false, Some(g)) = (item.stopped, item.goal()) else {
                continue;
            };
            let Some(goal) = goals.get(g) else { continue };
            let cal = ctx.calendar(&goal.calendar)?;
            let left = item.budget - item.elapsed;
            let due = if item.breached_at().is_some() {
                item.breached_at()
            } else if item.running {
                // Budget spent to the second: due where it was spent, not
                // at the cut-off (the calendar may have closed since).
                item.spent_at()
                    .or_else(|| cal.advance(ctx.cutoff, left.max(0)))
            } else {
                None
            };
            out.push(OpenItem {
                objective: o.name.clone(),
                service: o.service.clone(),
                id: item.id.to_owned(),
                goal: g + 1,
                start: item.start,
                elapsed_seconds: item.elapsed,
                budget_seconds: item.budget,
                running: item.running,
                due,
            });
        }
    }
    Ok(out)
}

/// The items of a due-date objective not delivered, each timed in real
/// seconds from its start to its due instant (its one goal): what is left
/// is the time to its due instant.
fn due_open(ctx: &Ctx<'_>, o: &Objective, items: &Items<'_>) -> Result<Vec<OpenItem>, EvalError> {
    let mut out = Vec::new();
    for d in ctx.due_items(o, items)? {
        let (Some(item), false) = (d.item, d.outcome.stopped) else {
            continue;
        };
        let start = d.started;
        let due = item.due_at.0.timestamp();
        out.push(OpenItem {
            objective: o.name.clone(),
            service: o.service.clone(),
            id: item.id,
            goal: 1,
            start,
            elapsed_seconds: ctx.cutoff - start,
            // Due at or before its start: breached as it starts.
            budget_seconds: (due - start).max(0),
            running: true,
            due: Some(due),
        });
    }
    Ok(out)
}

/// The fold boundary at `as_of`: the earliest start of any objective's
/// current period (the one holding the instant just before `as_of`), and
/// never after `as_of`. Items final before it cannot change any current
/// period's figures.
pub fn boundary(rules: &RuleSet, as_of: i64) -> i64 {
    rules
        .objectives
        .iter()
        .map(|o| {
            let tz = o.timezone;
            if o.period.is_hourly() {
                periods::hour_start(tz, as_of - 1)
            } else {
                let date = local_date(tz, as_of - 1);
                periods::midnight(tz, periods::start_of(o.period, date))
            }
        })
        .fold(as_of, i64::min)
}

/// The ids of the items that are not final at `boundary`: those with a
/// record at or after it, and those an objective is still waiting on — a
/// time-to-event or duration item whose last start, reopening, stop or
/// abandonment is not a stop or abandonment; an availability item whose
/// last `down` or `up` is a `down`; a rate's item with no numerator and no
/// `ignore` record; a due-date item not delivered, or due at or after the
/// boundary (a day's margin for a date). Every other item is final: no
/// record yet unseen, but one for the item itself, can change the figures
/// of a period that holds `boundary` or comes after it. A bill plays no
/// part: what was billed decides no item's outcome.
pub fn unsettled(
    rules: &RuleSet,
    events: &Events,
    boundary: i64,
) -> Result<BTreeSet<String>, EvalError> {
    scope(
        rules,
        events,
        None,
        &Options::default(),
        &|_, ctx, items, _, _| {
            Ok(items
                .iter()
                .filter(|(_, rs)| !is_final(ctx, rs, boundary))
                .map(|(id, _)| (*id).to_owned())
                .collect())
        },
    )
}

/// Whether an item's records leave every objective settled at `boundary`.
fn is_final(ctx: &Ctx<'_>, rs: &[Record], boundary: i64) -> bool {
    if rs.iter().any(|r| r.at >= boundary) {
        return false;
    }
    let sy = ctx.symbols;
    let sym = |e: &str| sy.get(e);
    // The last of the item's records among `events`, in time then reading order.
    let last_of = |events: &[Option<u32>]| {
        rs.iter()
            .filter(|r| events.contains(&Some(r.event)))
            .max_by_key(|r| (r.at, r.seq))
            .map(|r| r.event)
    };
    ctx.rules.objectives.iter().all(|o| match &o.measure {
        Measure::TimeToEvent { .. } | Measure::DurationAggregate { .. } => {
            let Some(c) = super::Cycle::of(&o.measure) else {
                return true;
            };
            let closing = [sym(c.stop), c.ignore.and_then(sym)];
            let all = [sym(c.start), c.reopen.and_then(sym), closing[0], closing[1]];
            last_of(&all).is_none_or(|e| closing.contains(&Some(e)))
        }
        Measure::Availability { unit_down, .. } => {
            // An error-rate rule reads records as samples: each is final.
            let last = last_of(&[sym("down"), sym("up")]);
            unit_down.is_some() || last.is_none() || last != sym("down")
        }
        Measure::Rate {
            numerator_event,
            denominator_event,
            ignore,
            ..
        } => {
            let seen = |e: Option<u32>| e.is_some() && rs.iter().any(|r| Some(r.event) == e);
            !seen(sym(denominator_event))
                || seen(sym(numerator_event))
                || seen(ignore.as_ref().and_then(|i| sym(&i.event)))
        }
        Measure::DueDate {
            start_event,
            stop_event,
            due_attribute,
            ..
        } => {
            let read = [sym(start_event), sym(stop_event)];
            if last_of(&read).is_none() {
                return true;
            }
            let delivered = last_of(&read) == sym(stop_event);
            let due_before = sym(due_attribute).is_none_or(|field| {
                rs.iter().filter_map(|r| r.attr(ctx.attrs, field)).all(|v| {
                    match crate::due::read(sy.name(v)) {
                        Some(crate::due::Due::Instant(t)) => t < boundary,
                        Some(crate::due::Due::Date(d)) => {
                            periods::midnight(o.timezone, d) + 2 * 86_400 < boundary
                        }
                        None => false,
                    }
                })
            });
            delivered && due_before
        }
        Measure::Volume { .. } | Measure::SampleAggregate { .. } => true,
    })
}
