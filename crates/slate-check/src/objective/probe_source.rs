//! An availability objective's probe source: a Prometheus selector of a
//! series that is 1 while the service answers and 0 while it does not
//! (`probe "probe_success{job=\"api\"}"`).

use slate_syntax::ast;
use slate_syntax::{Code, Diagnostic, Span};

use super::Shape;
use crate::env::Cx;
use crate::model;
use crate::once;

/// Where the source's `probe` statement is, if it has one.
pub(super) fn probe_at(src: &ast::Source) -> Option<Span> {
    src.stmts.iter().find_map(|s| match s {
        ast::SourceStmt::Probe(v) => Some(v.span),
        _ => None,
    })
}

impl Cx<'_, '_> {
    /// The probe source of an availability objective, checked: one
    /// `probe`, a valid selector, and no counter beside it.
    pub(super) fn probe_source(&mut self, src: &ast::Source) -> Option<model::MetricSource> {
        use ast::SourceStmt as S;
        let probe = once!(self, src.stmts, S::Probe, "probe")?;
        let other = src.stmts.iter().find_map(|s| match s {
            S::Good(v) | S::Total(v) | S::Latency(v) | S::Numerator(v) | S::Denominator(v) => {
                Some(v.span)
            }
            S::Probe(_) => None,
        });
        if let Some(at) = other {
            self.push(
                Diagnostic::new(
                    Code::MetricSource,
                    at,
                    "a source is either a `probe` series or counters, not both",
                )
                .label("mixes the two forms")
                .help("keep `probe \"…\"` alone, or write `good \"…\"` and `total \"…\"` counters"),
            );
            return None;
        }
        self.selector(&probe.value)
            .then(|| model::MetricSource::PrometheusProbe {
                probe: probe.value.value.clone(),
            })
    }

    /// A `probe` on an objective that is not about availability.
    pub(super) fn misplaced_probe(&mut self, src: &ast::Source, shape: Shape) -> bool {
        if shape == Shape::Availability {
            return false;
        }
        let Some(at) = probe_at(src) else {
            return false;
        };
        self.push(
            Diagnostic::new(
                Code::MetricSource,
                at,
                "a probe series measures availability objectives only",
            )
            .label(format!("this is {}", shape.noun()))
            .help("a probe tells whether the service answers, which is the downtime of an `uptime` objective; measure this one with counters or a histogram, or with `slate eval`"),
        );
        true
    }
}
