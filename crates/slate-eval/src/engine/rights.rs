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
use super::context::{Ctx, Items, Span};
use crate::report::{
    ForCauseReport, LocalInstant, ObjectiveReport, RunPeriod, TerminationReport, Verdict,
};

/// The termination rights of the rule set, read on the events; `None`
/// when it states none. `reports` are the objectives' reports when they
/// cover every period from the agreement's start (`ctx` does then, too);
/// otherwise the objectives of the clause's period length are measured
/// again over `ctx`, whose window must cover them all.
pub(super) fn termination(
    ctx: &Ctx<'_>,
    items: &Items<'_>,
    reports: Option<&[ObjectiveReport]>,
) -> Result<Option<TerminationReport>, EvalError> {
    let Some(t) = &ctx.rules.termination else {
        return Ok(None);
    };
    let for_cause = match &t.for_cause {
        Some(c) => Some(for_cause(ctx, items, reports, c)?),
        None => None,
    };
    Ok(Some(TerminationReport { for_cause }))
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
    items: &Items<'_>,
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
        None => verdicts(&ctx.objective(o, items)?.0),
    };
    Ok(Counted {
        name: &o.name,
        spans: ctx.spans(o.period, o.timezone, true),
        verdicts,
    })
}

fn for_cause(
    ctx: &Ctx<'_>,
    items: &Items<'_>,
    reports: Option<&[ObjectiveReport]>,
    c: &ForCause,
) -> Result<ForCauseReport, EvalError> {
    let tz = ctx.rules.agreement.timezone;
    let counted = ctx
        .rules
        .objectives
        .iter()
        .filter(|o| o.period == c.period)
        .map(|o| counted(ctx, items, reports, o))
        .collect::<Result<Vec<_>, _>>()?;
    let mut run: Vec<RunPeriod> = Vec::new();
    let mut arises_at = None;
    for span in ctx.spans(c.period, tz, true) {
        let listed: Vec<(&str, (bool, i64, Verdict))> = counted
            .iter()
            .filter_map(|o| o.period(&span.label).map(|p| (o.name, p)))
            .collect();
        if !span.complete || listed.iter().any(|(_, (complete, _, _))| !complete) {
            // The period in progress at the cut-off: nothing after it is over.
            break;
        }
        let breached: Vec<String> = listed
            .iter()
            .filter(|(_, (_, _, v))| *v == Verdict::Breached)
            .map(|(name, _)| (*name).to_owned())
            .collect();
        if breached.is_empty() {
            // Met, no data, or listed by no objective: the run is broken.
            run.clear();
            continue;
        }
        run.push(RunPeriod {
            label: span.label.clone(),
            from: span.from,
            to: span.to,
            breached,
        });
        if run.len() as u64 >= c.consecutive {
            // Over when the last objective's period of this label is.
            let end = listed
                .iter()
                .map(|(_, (_, end, _))| *end)
                .fold(span.t1, i64::max);
            arises_at = DateTime::<Utc>::from_timestamp(end, 0)
                .map(|t| LocalInstant(t.with_timezone(&tz).fixed_offset()));
            break;
        }
    }
    Ok(ForCauseReport {
        consecutive: c.consecutive,
        period: c.period,
        objectives: counted.iter().map(|o| o.name.to_owned()).collect(),
        arisen: arises_at.is_some(),
        arises_at,
        run,
    })
}
