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
