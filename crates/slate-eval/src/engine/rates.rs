//! Rates of counts: per period, of the distinct items whose first
//! denominator record falls in it (after the filter, the exclusions and the
//! ignored items), the share with a numerator record anywhere before the
//! cut-off, as an exact fraction against the bound.

use rust_decimal::Decimal;
use slate_rules::{Comparison, Measure, Objective};

use super::aggregate::ratio;
use super::cond::{Cond, set_attr};
use super::context::{Ctx, Items, Span, span_at};
use super::partial::Part;
use super::tally::{Sparse, add_each, add_sparse};
use crate::events::Record;
use crate::report::{ObjectiveReport, PeriodReport, RateCounts, Ratio, Verdict};

/// Whether `r` (as a percentage) meets `comparison` against `pc`, exactly.
pub(super) fn meets(r: &Ratio, comparison: Comparison, pc: Decimal) -> bool {
    let lhs = Decimal::from(r.numerator) * Decimal::ONE_HUNDRED;
    let rhs = pc * Decimal::from(r.denominator);
    match comparison {
        Comparison::AtMost => lhs <= rhs,
        Comparison::Below => lhs < rhs,
        Comparison::AtLeast => lhs >= rhs,
        Comparison::Above => lhs > rhs,
    }
}

/// What one item adds to its period.
#[derive(Clone, Copy, Debug)]
enum Counted {
    Ignored,
    Denominator { numerator: bool },
}

/// A rate's items counted into each period of its kind from the
/// agreement's start to the cut-off, by their first denominator record.
/// Counts of disjoint items add.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct RateTally {
    /// Items whose first denominator record is outside the validity, or
    /// inside it before the objective's first period.
    outside: u64,
    /// Each period's denominator, numerator and ignored items.
    periods: Sparse<[u64; 3]>,
}

impl RateTally {
    /// The counts of the items of `self` and of `other`.
    pub(super) fn add(mut self, other: RateTally) -> RateTally {
        self.outside += other.outside;
        add_sparse(&mut self.periods, other.periods, |a, b| add_each(a, b));
        self
    }
}

impl Ctx<'_> {
    /// The periods of a rate of counts.
    pub(super) fn rate_periods(
        &self,
        o: &Objective,
        spans: &[Span],
        part: &Part<'_>,
        report: &mut ObjectiveReport,
    ) {
        let Measure::Rate {
            comparison,
            percent,
            ..
        } = &o.measure
        else {
            return;
        };
        let Part::Rates(tally) = part else {
            return;
        };
        report.items_outside += tally.outside;
        let shown = self.shown(o.period, o.timezone, spans);
        let counts = shown.map(|i| {
            let [denominator, numerator, ignored] =
                tally.periods.get(&i).copied().unwrap_or_default();
            RateCounts {
                denominator,
                numerator,
                ignored,
            }
        });
        for (s, c) in spans.iter().zip(counts) {
            let value = ratio(
                i64::try_from(c.numerator).unwrap_or(i64::MAX),
                i64::try_from(c.denominator).unwrap_or(i64::MAX),
            );
            let verdict = match &value {
                None => Verdict::NoData,
                Some(_) if !s.complete => Verdict::Pending,
                Some(r) if meets(r, *comparison, percent.get()) => Verdict::Met,
                Some(_) => Verdict::Breached,
            };
            report.periods.push(PeriodReport {
                value,
                verdict,
                rate: Some(c),
                ..s.report()
            });
        }
    }

    /// `items` counted into the periods of the rate's kind by their first
    /// denominator instant.
    pub(super) fn rate_tally(&self, o: &Objective, items: &Items<'_>) -> RateTally {
        let spans = self.all_spans(o.period, o.timezone);
        let mut tally = RateTally {
            outside: 0,
            periods: Sparse::new(),
        };
        for (_, rs) in items {
            let Some((at, counted)) = self.rate_item(o, rs) else {
                continue;
            };
            // Outside the validity, or inside it before the objective's
            // first period (in a zone behind the agreement's): outside.
            let inside = at >= self.valid_from && at < self.valid_end;
            let Some([denominator, numerator, ignored]) = span_at(&spans, at)
                .filter(|_| inside)
                .map(|i| tally.periods.entry(i).or_default())
            else {
                tally.outside += 1;
                continue;
            };
            match counted {
                Counted::Ignored => *ignored += 1,
                Counted::Denominator { numerator: n } => {
                    *denominator += 1;
                    *numerator += u64::from(n);
                }
            }
        }
        tally
    }

    /// An item's first denominator record before the cut-off, and whether
    /// it is ignored or counts in the numerator; `None` when it has no
    /// denominator record, or its attributes (as they stand at the
    /// cut-off) fail the filter or match an exclusion.
    fn rate_item(&self, o: &Objective, records: &[Record]) -> Option<(i64, Counted)> {
        let Measure::Rate {
            numerator_event,
            denominator_event,
            filter,
            exclude,
            ignore,
            ..
        } = &o.measure
        else {
            return None;
        };
        let before: Vec<&Record> = records.iter().filter(|r| r.at < self.cutoff).collect();
        let denominator = self.symbols.get(denominator_event)?;
        let first = before
            .iter()
            .filter(|r| r.event == denominator)
            .map(|r| r.at)
            .min()?;
        let mut attrs = Vec::new();
        for r in &before {
            for (k, v) in r.attrs(self.attrs) {
                set_attr(&mut attrs, *k, *v);
            }
        }
        let filter = Cond::all(self.symbols, filter);
        let exclude = Cond::all(self.symbols, exclude);
        if !filter.iter().all(|c| c.in_attrs(&attrs)) || exclude.iter().any(|c| c.in_attrs(&attrs))
        {
            return None;
        }
        if let Some(i) = ignore
            && let Some(event) = self.symbols.get(&i.event)
        {
            let within = i64::try_from(i.within_seconds).unwrap_or(i64::MAX);
            let early = before
                .iter()
                .filter(|r| r.event == event && r.at >= first)
                .map(|r| r.at)
                .min()
                .is_some_and(|at| at - first <= within);
            if early {
                return Some((first, Counted::Ignored));
            }
        }
        let numerator = self
            .symbols
            .get(numerator_event)
            .is_some_and(|n| before.iter().any(|r| r.event == n));
        Some((first, Counted::Denominator { numerator }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_at_the_bound() {
        // 1 of 20 is 5% exactly.
        let r = Ratio {
            numerator: 1,
            denominator: 20,
            percent: Decimal::from(5),
            rounded: false,
        };
        let five = Decimal::from(5);
        assert!(meets(&r, Comparison::AtMost, five));
        assert!(!meets(&r, Comparison::Below, five));
        assert!(meets(&r, Comparison::AtLeast, five));
        assert!(!meets(&r, Comparison::Above, five));
        // 1 of 3 = 33.333…%: above 33.333%, below 33.334%.
        let third = Ratio {
            numerator: 1,
            denominator: 3,
            percent: Decimal::new(33333, 3),
            rounded: true,
        };
        assert!(meets(&third, Comparison::Above, Decimal::new(33333, 3)));
        assert!(meets(&third, Comparison::Below, Decimal::new(33334, 3)));
    }
}
