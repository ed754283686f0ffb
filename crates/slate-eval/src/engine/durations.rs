//! Duration aggregates: the items of a time-to-event measure (clock,
//! pauses, cycles exactly as `cycles` times them), and per period the
//! average or nearest-rank percentile of the stopped items' elapsed
//! seconds, as an exact fraction, against the bound.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use slate_rules::{Comparison, Measure, Objective, Percent, Period, Rounding, Statistic, Ties};

use super::EvalError;
use super::context::{Ctx, Items, Span, span_of};
use super::cycles::Outcome;
use super::partial::Part;
use super::tally::{Sparse, add_sparse};
use crate::money;
use crate::report::{AggregateValue, ObjectiveReport, PeriodReport, Seconds, Target, Verdict};

/// One period's items: the elapsed seconds of the stopped ones (in no
/// order: the statistic does not depend on it), and the items left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Bin {
    values: Vec<i64>,
    pending: u64,
    ignored: u64,
    never_stopped: u64,
}

impl Bin {
    fn items(&self) -> u64 {
        self.values.len() as u64 + self.pending + self.ignored + self.never_stopped
    }

    fn add(&mut self, b: &Bin) {
        self.values.extend_from_slice(&b.values);
        self.pending += b.pending;
        self.ignored += b.ignored;
        self.never_stopped += b.never_stopped;
    }
}

/// A duration aggregate's items, timed and binned into each period of
/// the kinds its report and its settlement read, from the agreement's
/// start to the cut-off, by the period of their start. Tallies of
/// disjoint items add.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DurationTally {
    /// Items started outside the agreement's validity.
    outside: u64,
    kinds: BTreeMap<Period, Sparse<Bin>>,
}

impl DurationTally {
    /// The items of `self` and of `other`, period by period.
    pub(super) fn add(mut self, other: DurationTally) -> DurationTally {
        self.outside += other.outside;
        for (kind, theirs) in other.kinds {
            add_sparse(self.kinds.entry(kind).or_default(), theirs, Bin::add);
        }
        self
    }

    /// Gives back what its lists hold beyond their length.
    pub(super) fn shrink(&mut self) {
        for b in self.kinds.values_mut().flat_map(|k| k.values_mut()) {
            b.values.shrink_to_fit();
        }
    }

    fn of(&self, kind: Period) -> Option<&Sparse<Bin>> {
        self.kinds.get(&kind)
    }
}

/// The time-to-event objective that times the aggregate's items: the same
/// terms with no goals, so every item is timed on the clock and none is
/// judged against a budget.
fn timing(o: &Objective) -> Option<Objective> {
    let Measure::DurationAggregate {
        noun,
        start_event,
        stop_event,
        reopen_event,
        filter,
        pause,
        clock,
        exclude,
        ignore,
        ..
    } = &o.measure
    else {
        return None;
    };
    let target = Percent::new(Decimal::ONE_HUNDRED).ok()?;
    Some(Objective {
        measure: Measure::TimeToEvent {
            noun: noun.clone(),
            start_event: start_event.clone(),
            stop_event: stop_event.clone(),
            reopen_event: reopen_event.clone(),
            filter: filter.clone(),
            pause: pause.clone(),
            clock: clock.clone(),
            goals: Vec::new(),
            exclude: exclude.clone(),
            target,
            ignore: ignore.clone(),
        },
        ..o.clone()
    })
}

/// The nearest-rank percentile p of `sorted` (ascending, not empty): the
/// value at rank ⌈p·n/100⌉, 1-based, never below 1.
pub(super) fn nearest_rank<T: Copy>(sorted: &[T], p: Decimal) -> Option<T> {
    let n = Decimal::from(sorted.len() as u64);
    let rank = (p * n / Decimal::ONE_HUNDRED).ceil().max(Decimal::ONE);
    let index = usize::try_from(rank.mantissa() / 10i128.pow(rank.scale())).ok()?;
    sorted.get(index.checked_sub(1)?).copied()
}

/// The statistic of the values, as an exact fraction of seconds.
fn value(values: &mut [i64], statistic: Statistic) -> Option<Seconds> {
    if values.is_empty() {
        return None;
    }
    let (numerator, denominator) = match statistic {
        Statistic::Average {} => (values.iter().sum::<i64>(), values.len() as i64),
        Statistic::Percentile { p } => {
            values.sort_unstable();
            (nearest_rank(values, p.get())?, 1)
        }
    };
    let (num, den) = (Decimal::from(numerator), Decimal::from(denominator));
    let decimal = money::round(num / den, 3).normalize();
    Some(Seconds {
        numerator,
        denominator,
        decimal,
        rounded: crate::report::is_rounded(decimal, num, den),
    })
}

/// A period's value of a duration aggregate for settlement: exact, and
/// rounded as the contract says (the figure remedies read) when it rounds.
#[derive(Clone, Debug)]
pub(crate) struct Judged {
    /// The exact value.
    pub(crate) exact: Seconds,
    /// The rounded seconds, when the contract rounds.
    pub(crate) rounded: Option<i64>,
}

/// `round value to whole seconds`: the exact value num/den rounded to a
/// whole number of the unit, ties up or to the even multiple, in seconds.
pub(super) fn rounded(v: &Seconds, r: Rounding) -> Option<i64> {
    let unit = Some(i128::from(r.unit_seconds)).filter(|u| *u > 0)?;
    let (num, den) = (i128::from(v.numerator), i128::from(v.denominator));
    let d = den.checked_mul(unit)?;
    let (k, rest) = (num.div_euclid(d), num.rem_euclid(d));
    let up = match (2 * rest).cmp(&d) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => r.ties == Ties::HalfUp || k.rem_euclid(2) == 1,
    };
    i64::try_from((k + i128::from(up)).checked_mul(unit)?).ok()
}

/// A whole number of seconds as an exact value.
pub(super) fn whole(seconds: i64) -> Seconds {
    Seconds {
        numerator: seconds,
        denominator: 1,
        decimal: Decimal::from(seconds),
        rounded: false,
    }
}

/// Whether `v` meets the bound, compared exactly: num/den against `bound`.
pub(super) fn meets(v: &Seconds, comparison: Comparison, bound: u64) -> bool {
    let lhs = i128::from(v.numerator);
    let rhs = i128::from(bound) * i128::from(v.denominator);
    holds(comparison, lhs.cmp(&rhs))
}

/// Whether a value that orders so against its bound meets `comparison`.
pub(super) fn holds(comparison: Comparison, order: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Greater, Less};
    match comparison {
        Comparison::AtMost => order != Greater,
        Comparison::Below => order == Less,
        Comparison::AtLeast => order != Less,
        Comparison::Above => order == Greater,
    }
}

impl Ctx<'_> {
    /// The periods of a duration aggregate: each one's value so far (a
    /// period not over is judged on it, never pending) and its left-out items.
    pub(super) fn duration_aggregate(
        &self,
        o: &Objective,
        spans: &[Span],
        part: &Part<'_>,
        report: &mut ObjectiveReport,
    ) -> Result<(), EvalError> {
        let Measure::DurationAggregate {
            statistic,
            comparison,
            bound_seconds,
            round,
            ..
        } = &o.measure
        else {
            return Ok(());
        };
        report.target = Target::Aggregate {
            percentile: match statistic {
                Statistic::Average {} => None,
                Statistic::Percentile { p } => Some(p.get()),
            },
            comparison: *comparison,
            seconds: *bound_seconds,
        };
        let (bins, outside) = self.bins(o, spans, part);
        report.items_outside += outside;
        let none = Bin::default();
        for (s, bin) in spans.iter().zip(bins) {
            let bin = bin.unwrap_or(&none);
            // A percentile sorts the values: one period's are copied at a time.
            let seconds = value(&mut bin.values.clone(), *statistic);
            // The contract's rounding, when it rounds: the verdict (and any
            // remedy) reads the rounded value; the report gives both.
            let seconds_rounded = round.and_then(|r| seconds.as_ref().and_then(|v| rounded(v, r)));
            let judged = seconds_rounded.map(whole).or_else(|| seconds.clone());
            let verdict = match &judged {
                None => Verdict::NoData,
                Some(v) if meets(v, *comparison, *bound_seconds) => Verdict::Met,
                Some(_) => Verdict::Breached,
            };
            report.periods.push(PeriodReport {
                verdict,
                aggregate: Some(AggregateValue {
                    values: bin.values.len() as u64,
                    pending: bin.pending,
                    ignored: bin.ignored,
                    never_stopped: bin.never_stopped,
                    seconds,
                    seconds_rounded,
                }),
                ..s.report()
            });
        }
        Ok(())
    }

    /// The items of a duration aggregate, timed and binned by the period
    /// of their start, in every period of the kinds it is read in.
    pub(super) fn duration_tally(
        &self,
        o: &Objective,
        items: &Items<'_>,
    ) -> Result<DurationTally, EvalError> {
        let outcomes = match timing(o) {
            Some(t) => self.time_to_event(&t, items)?,
            None => Vec::new(),
        };
        let mut tally = DurationTally::default();
        for kind in super::tally::kinds(o) {
            let spans = self.all_spans(kind, o.timezone);
            let mut bins = Sparse::new();
            for item in &outcomes {
                let inside = item.start >= self.valid_from && item.start < self.valid_end;
                let Some(bin) = span_of(&spans, kind, item.date, item.start)
                    .filter(|_| inside)
                    .map(|i| bins.entry(i).or_insert_with(Bin::default))
                else {
                    tally.outside += u64::from(kind == o.period);
                    continue;
                };
                match item.outcome {
                    Outcome::Ignored => bin.ignored += 1,
                    _ if item.abandoned => bin.never_stopped += 1,
                    _ if item.stopped => bin.values.push(item.elapsed),
                    _ => bin.pending += 1,
                }
            }
            tally.kinds.insert(kind, bins);
        }
        Ok(tally)
    }

    /// The bins of the report window's periods `spans`, and the items
    /// started outside the validity or in periods the window leaves out.
    fn bins<'p>(
        &self,
        o: &Objective,
        spans: &[Span],
        part: &'p Part<'_>,
    ) -> (Vec<Option<&'p Bin>>, u64) {
        let Part::Durations(tally) = part else {
            return (spans.iter().map(|_| None).collect(), 0);
        };
        let shown = self.shown(o.period, o.timezone, spans);
        let all = tally.of(o.period).into_iter().flatten();
        let hidden: u64 = all
            .filter(|(i, _)| !shown.contains(i))
            .map(|(_, b)| b.items())
            .sum();
        let bins = shown
            .map(|i| tally.of(o.period).and_then(|all| all.get(&i)))
            .collect();
        (bins, tally.outside + hidden)
    }

    /// A duration aggregate's value in each period of `kind` from the
    /// agreement's start to the cut-off, for settlement: the exact value
    /// and, when the contract rounds, the rounded seconds.
    pub(super) fn duration_values(
        &self,
        o: &Objective,
        kind: slate_rules::Period,
        part: &Part<'_>,
    ) -> Result<Vec<(Span, Option<Judged>)>, EvalError> {
        let Measure::DurationAggregate {
            statistic, round, ..
        } = &o.measure
        else {
            return Ok(Vec::new());
        };
        let Part::Durations(tally) = part else {
            return Ok(Vec::new());
        };
        let spans = self.spans(kind, o.timezone, true);
        Ok(spans
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let mut values = tally
                    .of(kind)
                    .and_then(|all| all.get(&i))
                    .map(|b| b.values.clone())
                    .unwrap_or_default();
                let judged = value(&mut values, *statistic).map(|exact| Judged {
                    rounded: round.and_then(|r| rounded(&exact, r)),
                    exact,
                });
                (s, judged)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pc(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn nearest_rank_at_the_boundaries() {
        // p50 of 1, 2, 3, 4: rank ⌈50·4/100⌉ = 2, the value 2.
        assert_eq!(nearest_rank(&[1, 2, 3, 4], pc(50)), Some(2));
        // p95 of twenty values: rank ⌈95·20/100⌉ = 19.
        let twenty: Vec<i64> = (1..=20).collect();
        assert_eq!(nearest_rank(&twenty, pc(95)), Some(19));
        // Just past the boundary: ⌈95.5·20/100⌉ = ⌈19.1⌉ = 20.
        assert_eq!(nearest_rank(&twenty, Decimal::new(955, 1)), Some(20));
        // n = 1: every percentile is the one value (rank ⌈p/100⌉ = 1).
        assert_eq!(nearest_rank(&[7], Decimal::new(1, 1)), Some(7));
        assert_eq!(nearest_rank(&[7], Decimal::new(9999, 2)), Some(7));
        // p1 of 3 values: ⌈0.03⌉ = 1.
        assert_eq!(nearest_rank(&[5, 6, 7], pc(1)), Some(5));
        // Ties: p50 of 3, 3, 3, 9 is 3.
        assert_eq!(nearest_rank(&[3, 3, 3, 9], pc(50)), Some(3));
    }

    #[test]
    fn comparisons_at_the_bound() {
        // 30 exactly (90/3).
        let v = Seconds {
            numerator: 90,
            denominator: 3,
            decimal: pc(30),
            rounded: false,
        };
        assert!(meets(&v, Comparison::AtMost, 30));
        assert!(!meets(&v, Comparison::Below, 30));
        assert!(meets(&v, Comparison::AtLeast, 30));
        assert!(!meets(&v, Comparison::Above, 30));
        // 91/3 = 30.333…: just above 30.
        let w = Seconds {
            numerator: 91,
            denominator: 3,
            decimal: Decimal::new(30333, 3),
            rounded: true,
        };
        assert!(!meets(&w, Comparison::AtMost, 30));
        assert!(meets(&w, Comparison::Above, 30));
    }

    #[test]
    fn an_average_stays_exact() {
        // 10 + 10 + 11 = 31 over 3 = 10.333… printed 10.333.
        let s = value(&mut [10, 10, 11], Statistic::Average {})
            .map(|s| (s.numerator, s.denominator, s.decimal));
        assert_eq!(s, Some((31, 3, Decimal::new(10333, 3))));
        assert_eq!(value(&mut [], Statistic::Average {}), None);
    }

    #[test]
    fn a_rounded_decimal_says_so() {
        // 31/3 = 10.333… is printed 10.333: rounded. 21/2 = 10.5 and
        // 30/3 = 10 are exact: not rounded.
        let rounded = |v: &mut [i64]| value(v, Statistic::Average {}).map(|s| s.rounded);
        assert_eq!(rounded(&mut [10, 10, 11]), Some(true));
        assert_eq!(rounded(&mut [10, 11]), Some(false));
        assert_eq!(rounded(&mut [9, 10, 11]), Some(false));
        // 1/3 of a percent is 33.333…% (rounded); 1/20 is 5% and 1/8 is
        // 12.5% exactly; 1/1600 is 0.0625%, printed 0.062 (half to even).
        let ratio = |n, d| super::super::aggregate::ratio(n, d).map(|r| (r.percent, r.rounded));
        assert_eq!(ratio(1, 3), Some((Decimal::new(33333, 3), true)));
        assert_eq!(ratio(1, 20), Some((pc(5), false)));
        assert_eq!(ratio(1, 8), Some((Decimal::new(125, 1), false)));
        assert_eq!(ratio(1, 1600), Some((Decimal::new(62, 3), true)));
    }
}
