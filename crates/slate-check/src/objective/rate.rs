//! Rates of counts: `rate abandoned of offered at most 5% per quarter`, the
//! share of the items with the denominator event that also have the
//! numerator event (E0360, E0361).

use rust_decimal::Decimal;
use slate_syntax::ast::{self, Comparison, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic};

use super::{conditions, excluded};
use crate::env::Cx;
use crate::model::{self, ObjectiveKind};
use crate::once;

impl Cx<'_, '_> {
    /// An objective introduced by `rate`: its events, bound and period.
    pub(super) fn rate(&mut self, o: &ast::Objective) -> Option<(ObjectiveKind, model::Period)> {
        let rate = once!(self, o.stmts, O::Rate, "rate")?;
        let ignore = once!(self, o.stmts, O::Ignore, "ignore").map(|i| self.ignore(&i.value));
        let r = &rate.value;
        if r.numerator.value == r.denominator.value {
            self.push(
                Diagnostic::new(
                    Code::RateSameEvent,
                    r.numerator.span,
                    format!("a rate of `{}` over itself", r.numerator.value),
                )
                .label("the same as the denominator event")
                .related(r.denominator.span, "the denominator event")
                .help("write the event counted before `of` and the event of all items after it, such as `rate abandoned of offered`"),
            );
        }
        let percent = self.rate_bound(&r.percent, r.comparison);
        let kind = ObjectiveKind::Rate(model::Rate {
            numerator: r.numerator.value.clone(),
            denominator: r.denominator.value.clone(),
            filter: conditions(&r.filter),
            exclude: excluded(o),
            ignore,
            comparison: r.comparison,
            percent,
        });
        Some((kind, r.per.period))
    }

    /// A rate bound from 0% to 100% that some rates meet and some miss (E0361).
    fn rate_bound(&mut self, n: &ast::Number, comparison: Comparison) -> Decimal {
        let value = crate::decimal(n);
        if n.text.is_empty() {
            return value;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let problem = if value < Decimal::ZERO || value > hundred {
            Some("must be from 0% to 100%")
        } else {
            match comparison {
                Comparison::AtMost if value == hundred => Some("every rate is at most 100%"),
                Comparison::AtLeast if value.is_zero() => Some("every rate is at least 0%"),
                Comparison::Below if value.is_zero() => Some("no rate is below 0%"),
                Comparison::Above if value == hundred => Some("no rate is above 100%"),
                _ => None,
            }
        };
        if let Some(label) = problem {
            self.push(
                Diagnostic::new(
                    Code::RateBound,
                    n.span,
                    format!("rate bound `{}%` is always or never met", n.text),
                )
                .label(label)
                .help("write a bound that a rate can meet or miss, such as `at most 5%`"),
            );
        }
        value.normalize()
    }
}
