//! Rights that are not money, checked against the objectives that give
//! them: termination for cause counts periods in breach of objectives
//! measured over periods of its length.

use slate_syntax::ast;
use slate_syntax::diagnostic::{Code, Diagnostic, Severity};

use crate::env::Sink;
use crate::model;

/// Warns when `for cause after N consecutive PERIODS in breach` counts
/// periods over which no objective is measured: no such period can be in
/// breach, so the right never arises.
pub(crate) fn for_cause(sink: &mut Sink, t: &ast::Termination, objectives: &[model::Objective]) {
    // An objective with an error is not in the Model, and may be the one
    // measured over the clause's periods.
    if t.recovered || sink.diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    for s in &t.stmts {
        let ast::TerminationStmt::ForCause(f) = s else {
            continue;
        };
        let period = f.value.unit.period;
        if objectives.iter().any(|o| o.period == period) {
            continue;
        }
        let noun = period.noun();
        let measured: Vec<&str> = {
            let mut ps: Vec<&str> = objectives.iter().map(|o| o.period.noun()).collect();
            ps.sort_unstable();
            ps.dedup();
            ps
        };
        let help = if measured.is_empty() {
            format!("measure an objective per {noun}, or the right can never arise")
        } else {
            let lengths: Vec<String> = measured.iter().map(|p| format!("`{p}s`")).collect();
            format!(
                "count periods an objective is measured over ({}), or measure an objective per {noun}",
                lengths.join(", ")
            )
        };
        sink.diags.push(
            Diagnostic::new(
                Code::ForCauseUnmeasured,
                f.value.unit.span,
                format!("no objective is measured per {noun}, so no {noun} can be in breach"),
            )
            .label("counted here")
            .help(help),
        );
    }
}

/// Refuses `for cause when downtime of X exceeds …` unless X is an
/// availability objective whose downtime is counted in real time: on the
/// always-open clock, to the second.
pub(crate) fn for_cause_window(
    sink: &mut Sink,
    t: &ast::Termination,
    objectives: &[model::Objective],
) {
    for s in &t.stmts {
        let ast::TerminationStmt::ForCauseWindow(w) = s else {
            continue;
        };
        let name = &w.value.objective;
        // An unknown name was reported already; an objective with an error
        // is not in the Model.
        let Some(o) = objectives.iter().find(|o| o.name == name.text) else {
            continue;
        };
        let why = match &o.kind {
            model::ObjectiveKind::Availability(a) if a.clock != model::ALWAYS_OPEN => Some((
                format!(
                    "the downtime of `{}` is counted on calendar `{}`, not in real time",
                    name.text, a.clock
                ),
                "remove the `clock` statement from the objective (downtime then counts on `24x7`), or name an availability objective counted in real time",
            )),
            model::ObjectiveKind::Availability(a) if a.downtime_unit.is_some() => Some((
                format!(
                    "the downtime of `{}` is counted in units, not in real time",
                    name.text
                ),
                "remove `downtime in units of …` from the objective, or name an availability objective counted to the second",
            )),
            model::ObjectiveKind::Availability(_) => None,
            _ => Some((
                format!(
                    "`{}` is not an availability objective, so it has no downtime",
                    name.text
                ),
                "name an availability objective (`uptime …`) counted in real time",
            )),
        };
        if let Some((message, help)) = why {
            sink.diags.push(
                Diagnostic::new(Code::WindowNotRealTime, name.span, message)
                    .label("downtime counted here")
                    .help(help),
            );
        }
    }
}

/// Warns when `suspend after D without PARTY response` names no state in
/// which the provider waits for the customer: the events cannot tell when
/// the silence runs, so `slate eval` cannot say when the right arises.
pub(crate) fn suspend(sink: &mut Sink, t: &ast::Termination) {
    for s in &t.stmts {
        let ast::TerminationStmt::Suspend(s) = s else {
            continue;
        };
        if s.value.waiting.is_some() {
            continue;
        }
        let party = &s.value.party.text;
        sink.diags.push(
            Diagnostic::new(
                Code::SuspendWithoutState,
                s.span,
                format!("`slate eval` cannot tell when `{party}` stops responding"),
            )
            .label("no state in which the provider waits")
            .help(format!(
                "name the state in which the provider waits for `{party}`, as `pause while` does, at the end of the statement: `… response while status is \"waiting_on_{party}\"`; without it the right is in the contract only"
            )),
        );
    }
}
