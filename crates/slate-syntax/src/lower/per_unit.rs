//! Lowering the remedies per unit of the measured value and its rounding:
//! `round value to whole seconds half even` in an objective, and
//! `per second over 30 seconds : USD 500.00` in a credits or bonus block.

use pest::iterators::Pair;

use super::*;

impl<'s> Lower<'s> {
    pub(super) fn round_value_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<RoundValue>> {
        self.stmt(p, |l, i| {
            let unit = l.name(i.take(Rule::ident)?);
            let half_kw = i.take(Rule::k_half);
            let mode = i.take(Rule::round_half);
            let half = match (&half_kw, &mode) {
                (Some(k), Some(m)) => Some(Span::new(span(k).start, span(m).end)),
                _ => None,
            };
            let half_even = mode.is_some_and(|m| m.as_str() == "even");
            Some(RoundValue {
                unit,
                half_even,
                half,
            })
        })
    }

    pub(super) fn per_unit_value(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<PerUnitValue>> {
        self.stmt(p, |l, i| {
            let u = i.take(Rule::duration_unit)?;
            let unit = leaves::duration_unit(u.as_str())?;
            let (over, direction) = match i.take(Rule::k_over) {
                Some(o) => (true, span(&o)),
                None => (false, span(&i.take(Rule::k_under)?)),
            };
            let threshold = l.duration(i.take(Rule::duration)?)?;
            let payout = l.payout(i.take(Rule::payout)?)?;
            Some(PerUnitValue {
                unit,
                unit_span: span(&u),
                over,
                direction,
                threshold,
                payout,
            })
        })
    }
}
