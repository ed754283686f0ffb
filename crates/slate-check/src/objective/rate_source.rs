//! A rate objective's metric source: Prometheus selectors for a
//! `numerator` counter and a `denominator` counter.

use slate_syntax::ast;
use slate_syntax::{Code, Diagnostic};

use crate::env::Cx;
use crate::model;
use crate::once;

impl Cx<'_, '_> {
    /// The source of a rate objective, checked: `numerator` with
    /// `denominator`, each a valid selector, and no statement of the other
    /// forms.
    pub(super) fn rate_source(&mut self, src: &ast::Source) -> Option<model::MetricSource> {
        use ast::SourceStmt as S;
        let numerator = once!(self, src.stmts, S::Numerator, "numerator");
        let denominator = once!(self, src.stmts, S::Denominator, "denominator");
        let other = src.stmts.iter().find_map(|s| match s {
            S::Good(v) | S::Total(v) | S::Latency(v) => Some(v.span),
            S::Numerator(_) | S::Denominator(_) | S::Probe(_) => None,
        });
        let problem = match (numerator, denominator) {
            _ if other.is_some() => other.map(|at| {
                (
                    at,
                    "a rate is measured by `numerator` and `denominator` counters",
                    "not a counter of a rate",
                )
            }),
            (Some(_), Some(_)) => None,
            (Some(n), None) => Some((
                n.span,
                "`numerator` needs a `denominator` counter to divide by",
                "no `denominator`",
            )),
            (None, Some(d)) => Some((
                d.span,
                "`denominator` needs a `numerator` counter to divide",
                "no `numerator`",
            )),
            (None, None) if src.recovered => return None,
            (None, None) => Some((src.head, "the source names no series", "empty source")),
        };
        if let Some((at, message, label)) = problem {
            self.push(
                Diagnostic::new(Code::MetricSource, at, message)
                    .label(label)
                    .help("write `numerator \"…\"` and `denominator \"…\"` counter selectors, such as abandoned and offered calls"),
            );
            return None;
        }
        let (n, d) = (numerator?, denominator?);
        let valid = self.selector(&n.value) & self.selector(&d.value);
        valid.then(|| model::MetricSource::PrometheusRate {
            numerator: n.value.value.clone(),
            denominator: d.value.value.clone(),
        })
    }

    /// `numerator` or `denominator` on an objective that is not a rate.
    pub(super) fn misplaced_rate_source(&mut self, src: &ast::Source, noun: &str) -> bool {
        use ast::SourceStmt as S;
        let Some(at) = src.stmts.iter().find_map(|s| match s {
            S::Numerator(v) | S::Denominator(v) => Some(v.span),
            S::Good(_) | S::Total(_) | S::Latency(_) | S::Probe(_) => None,
        }) else {
            return false;
        };
        self.push(
            Diagnostic::new(
                Code::MetricSource,
                at,
                "`numerator` and `denominator` counters measure rate objectives only",
            )
            .label(format!("this is {noun}"))
            .help("write `good \"…\"` and `total \"…\"` counter selectors, or `latency \"…\"` for a histogram"),
        );
        true
    }
}
