//! Rights that are not money: when the customer's right to terminate for
//! cause arose (`for cause after 3 consecutive months in breach`).
//!
//! A period of the clause's length is in breach when any objective of the
//! agreement measured over periods of that length is breached in it; `no
//! data` is not a breach. Only periods over at the cut-off count; a period
//! that no such objective lists breaks a run. The right arises once, at the
//! end of the first complete run of N, in the agreement's time zone.

use chrono::{DateTime, Utc};
use slate_rules::{ForCause, Objective};

use super::EvalError;
use super::context::{Ctx, Span};
use super::partial::Source;
use crate::report::{
    ForCauseReport, LocalInstant, ObjectiveReport, RunPeriod, TerminationReport, UndecidedPeriod,
    Verdict,
};

/// The termination rights of the rule set, read on the events; `None`
/// when it states none. `reports` are the objectives' reports when they
/// cover every period from the agreement's start (`ctx` does then, too);
/// otherwise the objectives of the clause's period length are measured
/// again over `ctx`, whose window must cover them all.
pub(super) fn termination(
    ctx: &Ctx<'_>,
    source: &Source<'_, '_>,
    reports: Option<&[ObjectiveReport]>,
) -> Result<Option<TerminationReport>, EvalError> {
    let Some(t) = &ctx.rules.termination else {
        return Ok(None);
    };
    let for_cause = match &t.for_cause {
        Some(c) => Some(for_cause(ctx, source, reports, c)?),
        None => None,
    };
    let for_cause_window = match &t.for_cause_window {
        Some(w) => Some(super::window::for_cause_window(ctx, source, w)?),
        None => None,
    };
    let suspension = t
        .suspend
        .as_ref()
        .map(|s| super::suspend::suspension(ctx, &source.silences(ctx), s));
    Ok(Some(TerminationReport {
        for_cause,
        for_cause_window,
        suspension,
    }))
}

/// One objective counted by the clause: its name, its periods of the
/// clause's length (in its own zone) and their verdicts.
struct Counted<'a> {
    name: &'a str,
    spans: Vec<Span>,
    verdicts: Vec<(String, Verdict)>,
}

impl Counted<'_> {
    /// Its period labelled `label`: whether it is over, when it ends, and
    /// its verdict.
    fn period(&self, label: &str) -> Option<(bool, i64, Verdict)> {
        let span = self.spans.iter().find(|s| s.label == label)?;
        let verdict = self
            .verdicts
            .iter()
            .find(|(l, _)| l == label)
            .map_or(Verdict::NoData, |(_, v)| *v);
        Some((span.complete, span.t1, verdict))
    }
}

fn counted<'a>(
    ctx: &Ctx<'_>,
    (source, index): (&Source<'_, '_>, usize),
    reports: Option<&[ObjectiveReport]>,
    o: &'a Objective,
) -> Result<Counted<'a>, EvalError> {
    let verdicts = |r: &ObjectiveReport| {
        r.periods
            .iter()
            .map(|p| (p.label.clone(), p.verdict))
            .collect::<Vec<_>>()
    };
    let verdicts = match reports.and_then(|rs| rs.iter().find(|r| r.name == o.name)) {
        Some(r) => verdicts(r),
        None => verdicts(&ctx.objective(o, source.part(ctx, index)?.as_ref())?.0),
    };
    Ok(Counted {
        name: &o.name,
        spans: ctx.spans(o.period, o.timezone, true),
        verdicts,
    })
}

/// A period over at the cut-off, as the clause reads it.
struct Over {
    run: RunPeriod,
    /// When the last objective's period of this label ends.
    end: i64,
    /// The objectives whose verdict in it is unknown, when none is
    /// breached: the period may or may not be in breach.
    unknown: Vec<String>,
}

/// The first complete run of `n` over `periods`, as the index of its last
/// period, reading a period with an unknown verdict as in breach or not.
fn first_run(periods: &[Over], n: u64, unknown_in_breach: bool) -> Option<usize> {
    let mut len = 0u64;
    for (i, p) in periods.iter().enumerate() {
        let in_breach = !p.run.breached.is_empty() || (unknown_in_breach && !p.unknown.is_empty());
        len = if in_breach { len + 1 } else { 0 };
        if len >= n {
            return Some(i);
        }
    }
    None
}

fn for_cause(
    ctx: &Ctx<'_>,
    source: &Source<'_, '_>,
    reports: Option<&[ObjectiveReport]>,
    c: &ForCause,
) -> Result<ForCauseReport, EvalError> {
    let tz = ctx.rules.agreement.timezone;
    let counted = ctx
        .rules
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.period == c.period)
        .map(|(index, o)| counted(ctx, (source, index), reports, o))
        .collect::<Result<Vec<_>, _>>()?;
    let mut periods: Vec<Over> = Vec::new();
    for span in ctx.spans(c.period, tz, true) {
        let listed: Vec<(&str, (bool, i64, Verdict))> = counted
            .iter()
            .filter_map(|o| o.period(&span.label).map(|p| (o.name, p)))
            .collect();
        if !span.complete || listed.iter().any(|(_, (complete, _, _))| !complete) {
            // The period in progress at the cut-off: nothing after it is over.
            break;
        }
        let with = |verdict: Verdict| -> Vec<String> {
            listed
                .iter()
                .filter(|(_, (_, _, v))| *v == verdict)
                .map(|(name, _)| (*name).to_owned())
                .collect()
        };
        let breached = with(Verdict::Breached);
        let unknown = if breached.is_empty() {
            with(Verdict::Unknown)
        } else {
            Vec::new()
        };
        periods.push(Over {
            run: RunPeriod {
                label: span.label.clone(),
                from: span.from,
                to: span.to,
                breached,
            },
            // Over when the last objective's period of this label is.
            end: listed
                .iter()
                .map(|(_, (_, end, _))| *end)
                .fold(span.t1, i64::max),
            unknown,
        });
    }
    // A period that could not be computed may or may not be in breach: the
    // right arose only when it arose at the same end either way, and has
    // not arisen only when it has not even with every such period in breach.
    let known = first_run(&periods, c.consecutive, false);
    let possible = first_run(&periods, c.consecutive, true);
    let decided = match (known, possible) {
        (Some(a), Some(b)) => a == b,
        (None, None) => true,
        _ => false,
    };
    // The run made of known periods (the one that gave the right, or the
    // latest in progress), never through an unknown period.
    let last = known.map_or(periods.len(), |i| i + 1);
    let run: Vec<RunPeriod> = periods
        .iter()
        .take(last)
        .rev()
        .take_while(|p| !p.run.breached.is_empty())
        .map(|p| p.run.clone())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let undecided: Vec<UndecidedPeriod> = if decided {
        Vec::new()
    } else {
        periods
            .iter()
            .take(possible.map_or(periods.len(), |i| i + 1).max(last))
            .filter(|p| !p.unknown.is_empty())
            .map(|p| UndecidedPeriod {
                label: p.run.label.clone(),
                from: p.run.from,
                to: p.run.to,
                unknown: p.unknown.clone(),
            })
            .collect()
    };
    let arises_at = known
        .filter(|_| decided)
        .and_then(|i| periods.get(i))
        .and_then(|p| DateTime::<Utc>::from_timestamp(p.end, 0))
        .map(|t| LocalInstant(t.with_timezone(&tz).fixed_offset()));
    Ok(ForCauseReport {
        consecutive: c.consecutive,
        period: c.period,
        objectives: counted.iter().map(|o| o.name.to_owned()).collect(),
        arisen: arises_at.is_some(),
        arises_at,
        run,
        undecided,
    })
}
