//! An objective's metric source: Prometheus selectors for `good` and
//! `total` counters, or a `latency` histogram.

use slate_syntax::ast::{self, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use super::Shape;
use crate::env::Cx;
use crate::model;
use crate::once;

impl Cx<'_, '_> {
    /// The objective's metric source, given at most once (volumes have none).
    pub(super) fn objective_source(
        &mut self,
        o: &ast::Objective,
        shape: Shape,
    ) -> Option<model::MetricSource> {
        let sources: Vec<&ast::Source> = o
            .stmts
            .iter()
            .filter_map(|s| match s {
                O::Source(v) => Some(v),
                _ => None,
            })
            .collect();
        if let [first, second, ..] = sources.as_slice() {
            self.push(
                Diagnostic::new(
                    Code::DuplicateStatement,
                    second.head,
                    "`source` is given twice",
                )
                .label("second one")
                .related(first.head, "first one")
                .help("an objective is measured by one source"),
            );
        }
        match sources.first() {
            Some(src) if self.misplaced_probe(src, shape) => None,
            Some(src)
                if shape == Shape::Availability && super::probe_source::probe_at(src).is_some() =>
            {
                self.probe_source(src)
            }
            Some(src) if shape == Shape::Rate => self.rate_source(src),
            Some(src)
                if matches!(shape, Shape::Time | Shape::Availability)
                    && self.misplaced_rate_source(src, shape.noun()) =>
            {
                None
            }
            Some(src) if matches!(shape, Shape::Time | Shape::Availability) => {
                self.metric_source(src, shape)
            }
            Some(src) if shape == Shape::Sample => self.sample_source(o, src),
            _ => None,
        }
    }

    /// The metric source, checked: each selector valid, and either `good`
    /// with `total`, or `latency` on a time-to-event objective.
    fn metric_source(&mut self, src: &ast::Source, shape: Shape) -> Option<model::MetricSource> {
        use ast::SourceStmt as S;
        let good = once!(self, src.stmts, S::Good, "good");
        let total = once!(self, src.stmts, S::Total, "total");
        let latency = once!(self, src.stmts, S::Latency, "latency");
        let mut valid = true;
        for s in [good, total, latency].into_iter().flatten() {
            valid &= self.selector(&s.value);
        }
        let problem = match (good, total, latency) {
            (Some(_), Some(_), None) | (None, None, Some(_)) => None,
            (_, _, Some(l)) if good.is_some() || total.is_some() => Some((
                l.span,
                "a source is either `good` and `total` counters or a `latency` histogram, not both",
                "mixes the two forms",
            )),
            (Some(g), None, None) => Some((
                g.span,
                "`good` needs a `total` counter to divide by",
                "no `total`",
            )),
            (None, Some(t), None) => Some((
                t.span,
                "`total` needs a `good` counter to divide",
                "no `good`",
            )),
            _ if src.recovered => return None,
            _ => Some((src.head, "the source names no series", "empty source")),
        };
        if let Some((at, message, label)) = problem {
            self.push(
                Diagnostic::new(Code::MetricSource, at, message)
                    .label(label)
                    .help("write `good \"…\"` and `total \"…\"` counter selectors, or `latency \"…\"` for a histogram"),
            );
            return None;
        }
        if let Some(l) = latency
            && shape != Shape::Time
        {
            self.push(
                Diagnostic::new(Code::MetricSource, l.span, "a latency histogram measures time-to-event objectives only")
                    .label(format!("this is {}", shape.noun()))
                    .help("measure availability with `good` and `total` counters, such as successful and all probes"),
            );
            return None;
        }
        if !valid {
            return None;
        }
        if let Some(l) = latency
            && crate::promql::split_selector(&l.value.value).0.is_empty()
        {
            self.push(
                Diagnostic::new(Code::MetricSource, l.value.span, "a latency histogram is named by its metric name")
                    .label("no metric name")
                    .help("write the histogram's name without `_bucket`, such as `latency \"http_request_duration_seconds{job=\\\"api\\\"}\"`"),
            );
            return None;
        }
        Some(match (good, total, latency) {
            (Some(g), Some(t), _) => model::MetricSource::PrometheusRatio {
                good: g.value.value.clone(),
                total: t.value.value.clone(),
            },
            (_, _, Some(l)) => model::MetricSource::PrometheusLatency {
                histogram: l.value.value.clone(),
            },
            _ => return None,
        })
    }

    /// The metric source of an objective on samples: a `latency` histogram
    /// (or summary), whose `_sum` and `_count` give the average, in seconds,
    /// so the samples must be in a unit of time for the bound to convert.
    fn sample_source(
        &mut self,
        o: &ast::Objective,
        src: &ast::Source,
    ) -> Option<model::MetricSource> {
        use ast::SourceStmt as S;
        let latency = src.stmts.iter().find_map(|s| match s {
            S::Latency(l) => Some(l),
            _ => None,
        });
        if latency.is_none()
            && let Some(at) = src.stmts.iter().find_map(|s| match s {
                S::Good(v) | S::Total(v) => Some(v.span),
                _ => None,
            })
        {
            self.push(
                Diagnostic::new(Code::MetricSource, at, "an objective on samples is measured from a histogram's `_sum` and `_count`, not from `good` and `total` counters")
                    .label("counters of good and all events")
                    .help("name the histogram (or summary) of the samples, in seconds, with `latency \"…\"`"),
            );
            return None;
        }
        let unit = o.stmts.iter().find_map(|s| match s {
            O::Sample(v) => Some(v.value.unit.as_ref().map(|u| u.text.as_str())),
            _ => None,
        })?;
        if let Some(l) = latency
            && unit.is_none_or(|u| super::sample::time_unit(u).is_none())
        {
            let what = unit.map_or("a bare number".to_owned(), |u| format!("in `{u}`"));
            self.push(
                Diagnostic::new(Code::MetricSource, l.span, format!("a latency histogram is in seconds, and the samples are {what}"))
                    .label("the unit of the metric cannot be known")
                    .help("declare the samples in `milliseconds`, `seconds`, `minutes` or `hours` if the histogram records them in seconds, or remove the source: `slate eval` measures the objective from its records"),
            );
            return None;
        }
        self.metric_source(src, Shape::Time)
    }

    /// Checks a Prometheus selector; reports it and returns false when it is not one.
    pub(super) fn selector(&mut self, text: &ast::Text) -> bool {
        let Err(crate::promql::SelectorError {
            at: index,
            expected,
            help,
        }) = crate::promql::selector_error(&text.value)
        else {
            return true;
        };
        // Point at the character when the literal has no escapes (then its
        // text is the value between the quotes); otherwise at the literal.
        let (byte, width) = text
            .value
            .char_indices()
            .nth(index)
            .map_or((text.value.len(), 1), |(b, c)| (b, c.len_utf8()));
        let at = if text.span.len() == text.value.len() + 2 {
            Span::new(
                text.span.start + 1 + byte,
                (text.span.start + 1 + byte + width).min(text.span.end),
            )
        } else {
            text.span
        };
        self.push(
            Diagnostic::new(Code::InvalidSelector, at, format!("`{}` is not a Prometheus selector", text.value))
                .label(format!("expected {expected}"))
                .help(help.unwrap_or_else(|| "write a series selector such as `http_requests_total{job=\"api\",code!~\"5..\"}`; Slate adds `rate(…)` and the windows".to_owned())),
        );
        false
    }
}
