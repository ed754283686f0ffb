//! Samples: numbers written on records (`sample latency_ms on probe in
//! milliseconds`), averaged or ranked for a nearest-rank percentile against
//! a bound in their unit (`average at most 65 milliseconds per month`)
//! (E0343, E0344).

use rust_decimal::Decimal;
use slate_syntax::ast::{self, DurationUnit, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use super::{conditions, excluded};
use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::once;

/// A bound as read: its value in the samples' unit, and its words.
struct Bound {
    value: Decimal,
    written: String,
}

impl Cx<'_, '_> {
    /// An objective introduced by `sample`: its records, bound and period.
    pub(super) fn sample(&mut self, o: &ast::Objective) -> Option<(ObjectiveKind, model::Period)> {
        let sample = once!(self, o.stmts, O::Sample, "sample")?;
        let s = &sample.value;
        if matches!(s.attribute.text.as_str(), "id" | "at" | "event") {
            self.push(
                Diagnostic::new(
                    Code::SampleField,
                    s.attribute.span,
                    format!("`{}` is not a number written on a record", s.attribute.text),
                )
                .label("every record's item, time or event")
                .help("name the attribute that carries the number, such as `sample latency_ms on probe`"),
            );
        }
        let unit = s.unit.as_ref().map(|u| u.text.clone());
        let (statistic, comparison, bound, per) =
            self.sample_bound(o, sample.span, unit.as_deref())?;
        let kind = ObjectiveKind::SampleAggregate(model::SampleAggregate {
            attribute: s.attribute.text.clone(),
            event: s.event.value.clone(),
            filter: conditions(&s.filter),
            exclude: excluded(o),
            unit,
            statistic,
            comparison,
            bound: bound.value,
            bound_written: bound.written,
        });
        Some((kind, per))
    }

    /// The objective's one bound on its samples: written in their unit
    /// (`sample_aggregate_stmt`), or as a length of time for samples in a
    /// unit of time (`aggregate_stmt`, `average at most 3 minutes`).
    fn sample_bound(
        &mut self,
        o: &ast::Objective,
        at: Span,
        unit: Option<&str>,
    ) -> Option<(model::Statistic, model::Comparison, Bound, model::Period)> {
        let written = o
            .stmts
            .iter()
            .filter(|s| matches!(s, O::SampleAggregate(_) | O::Aggregate(_)))
            .count();
        if written == 0 {
            self.push(
                Diagnostic::new(Code::MissingStatement, at, "samples without a bound")
                    .label("nothing says what the samples must meet")
                    .help("add a bound in the samples' unit, such as `average at most 65 milliseconds per month` or `p95 at most 250 milliseconds per day`"),
            );
            return None;
        }
        let mut out = None;
        for s in &o.stmts {
            let (statistic, comparison, bound, per, span) = match s {
                O::SampleAggregate(a) => {
                    let v = &a.value;
                    let bound = self.number_bound(v, unit);
                    (&v.statistic, v.comparison, bound, v.per.period, a.span)
                }
                O::Aggregate(a) => {
                    let v = &a.value;
                    let bound = self.duration_bound(&v.bound, unit);
                    (&v.statistic, v.comparison, bound, v.per.period, a.span)
                }
                _ => continue,
            };
            if out.is_some() {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        span,
                        "a second bound on the samples",
                    )
                    .label("the objective has one bound")
                    .help("write a second objective with the same `sample` for a second bound"),
                );
                continue;
            }
            let statistic = match statistic {
                ast::Statistic::Average(_) => model::Statistic::Average,
                ast::Statistic::Percentile(n) => model::Statistic::Percentile(self.percentile(n)),
            };
            out = Some((statistic, comparison, bound, per));
        }
        out
    }

    /// `65 milliseconds`, `1%` or `0.5`: the unit as the samples declare it.
    fn number_bound(&mut self, a: &ast::SampleAggregate, unit: Option<&str>) -> Bound {
        let value = crate::decimal(&a.bound).normalize();
        let written = match &a.unit {
            Some(u) if u.text == "%" => format!("{}%", a.bound.text),
            Some(u) => format!("{} {}", a.bound.text, u.text),
            None => a.bound.text.clone(),
        };
        let matches = match (&a.unit, unit) {
            (None, None) => true,
            (Some(u), Some(d)) if u.text == "%" => d == "percent" || d == "%",
            (Some(u), Some(d)) => same_unit(&u.text, d),
            _ => false,
        };
        if !matches && !a.bound.text.is_empty() {
            let at = a.unit.as_ref().map_or(a.bound.span, |u| u.span);
            self.unit_mismatch(at, &written, unit);
        }
        Bound { value, written }
    }

    /// `3 minutes` for samples in a unit of time: converted exactly to it.
    fn duration_bound(&mut self, d: &ast::Duration, unit: Option<&str>) -> Bound {
        let n = d.count.value;
        let word = match d.unit {
            DurationUnit::Seconds => "second",
            DurationUnit::Minutes => "minute",
            DurationUnit::Hours => "hour",
            DurationUnit::Days => "day",
            DurationUnit::Weeks => "week",
            DurationUnit::BusinessHours => "business hour",
            DurationUnit::BusinessDays => "business day",
            DurationUnit::Months => "month",
        };
        let written = crate::words::count(n, word);
        let real = !matches!(
            d.unit,
            DurationUnit::BusinessHours | DurationUnit::BusinessDays | DurationUnit::Months
        );
        let seconds = Decimal::from(n.saturating_mul(crate::time::unit_seconds(d.unit)));
        let per_unit = unit.and_then(time_unit);
        match per_unit {
            // Exact: seconds divide evenly into a unit of seconds or more,
            // and a millisecond divides every second.
            Some(u) if real && (seconds % u).is_zero() => Bound {
                value: (seconds / u).normalize(),
                written,
            },
            _ => {
                self.unit_mismatch(d.span, &written, unit);
                Bound {
                    value: Decimal::ZERO,
                    written,
                }
            }
        }
    }

    fn unit_mismatch(&mut self, at: Span, written: &str, unit: Option<&str>) {
        let (label, help) = match unit {
            Some(u) => (
                format!("the samples are in `{u}`"),
                format!("write the bound in `{u}`, as the samples are; Slate does not convert between units other than lengths of time (`3 minutes` for samples in seconds)"),
            ),
            None => (
                "the samples have no unit".to_owned(),
                "declare the samples' unit after the event, such as `sample latency_ms on probe in milliseconds`, or write the bound as a bare number".to_owned(),
            ),
        };
        self.push(
            Diagnostic::new(
                Code::SampleUnit,
                at,
                format!("bound `{written}` is not in the samples' unit"),
            )
            .label(label)
            .help(help),
        );
    }
}

/// Whether two unit words name one unit: the same word, or one its plural.
fn same_unit(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The seconds in a unit of time that samples may be declared in.
pub(super) fn time_unit(unit: &str) -> Option<Decimal> {
    crate::model::time_unit_seconds(unit)
}
