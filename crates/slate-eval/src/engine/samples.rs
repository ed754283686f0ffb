//! Samples: numbers written on records. Every record of the objective's
//! event before the cut-off that matches its conditions is one sample
//! (duplicates were counted once on reading), its value the named
//! attribute read as an exact decimal; it belongs to the period containing
//! its `at`. Per period: the average (sum / count, an exact fraction) or
//! the nearest-rank percentile, against the bound.

use rust_decimal::Decimal;
use slate_rules::{Measure, Objective, RuleSet, Statistic};

use super::EvalError;
use super::cond::Cond;
use super::context::{Ctx, Items, Span, span_at};
use super::durations::{holds, nearest_rank};
use super::partial::Part;
use super::tally::{Sparse, add_sparse};
use crate::events::{Events, Record, Sym, Symbols};
use crate::money;
use crate::report::{ObjectiveReport, PeriodReport, SampleNumber, SampleValue, Target, Verdict};

/// Why a period of samples whose sum exact decimals cannot hold has no
/// value.
pub(crate) const BEYOND_SUM: &str = "the sum of the samples exceeds the exact decimals Slate holds";

/// What a record is to a sample objective.
enum Role {
    /// Not of its event, or fails its conditions.
    None,
    /// Matches an `exclude`.
    Excluded,
    /// A sample with this value.
    Value(Decimal),
    /// A sample without a number: why.
    Invalid(String),
}

/// The compiled terms of one sample objective.
struct Terms<'r> {
    name: &'r str,
    attribute: &'r str,
    field: Option<Sym>,
    event: Option<Sym>,
    filter: Vec<Cond>,
    exclude: Vec<Cond>,
}

impl<'r> Terms<'r> {
    fn new(o: &'r Objective, symbols: &Symbols) -> Option<Terms<'r>> {
        let Measure::SampleAggregate {
            attribute,
            event,
            filter,
            exclude,
            ..
        } = &o.measure
        else {
            return None;
        };
        Some(Terms {
            name: &o.name,
            attribute,
            field: symbols.get(attribute),
            event: symbols.get(event),
            filter: Cond::all(symbols, filter),
            exclude: Cond::all(symbols, exclude),
        })
    }

    fn role(&self, r: &Record, list: &[(Sym, Sym)], symbols: &Symbols) -> Role {
        if Some(r.event) != self.event || !self.filter.iter().all(|c| c.on(list, r)) {
            return Role::None;
        }
        if self.exclude.iter().any(|c| c.on(list, r)) {
            return Role::Excluded;
        }
        let (attribute, name) = (self.attribute, self.name);
        match self
            .field
            .and_then(|f| r.attr(list, f))
            .map(|v| symbols.name(v))
        {
            None => Role::Invalid(format!(
                "no `{attribute}`, which objective `{name}` reads as a number"
            )),
            Some(text) => match super::exact::read(text) {
                Ok(v) => Role::Value(v),
                Err(why) => Role::Invalid(format!(
                    "{}, and objective `{name}` reads it as a number",
                    super::exact::refusal(attribute, text, why)
                )),
            },
        }
    }
}

/// The records before the cut-off that a sample objective needs a number
/// from and that have none, in reading order: each one's `seq`, the
/// objective's name and why (a record once per objective that needs it). `cutoff` defaults to one second after the
/// latest record.
pub fn invalid_samples(
    rules: &RuleSet,
    events: &Events,
    cutoff: Option<i64>,
) -> Vec<(u64, String, String)> {
    let cutoff = cutoff.unwrap_or(i64::MAX);
    let mut out = Vec::new();
    for o in &rules.objectives {
        let Some(terms) = Terms::new(o, &events.symbols) else {
            continue;
        };
        for r in events.records.iter().filter(|r| r.at < cutoff) {
            if let Role::Invalid(why) = terms.role(r, &events.attrs, &events.symbols) {
                out.push((u64::from(r.seq), o.name.clone(), why));
            }
        }
    }
    out.sort_by_key(|(seq, ..)| *seq);
    out
}

/// Turns every record that a sample objective needs a number from and
/// that has none into an invalid record naming its file and line (counted,
/// and listed in the report, with `--skip-invalid`). `as_of` is the
/// evaluation's cut-off, if one is given. Groups the events by item
/// ([`Events::group`]) first.
pub fn reject_invalid_samples(rules: &RuleSet, events: &mut Events, as_of: Option<i64>) {
    // Duplicates are found first: a record and its duplicate are one
    // record, invalid once.
    events.group();
    let found = invalid_samples(rules, events, as_of);
    if !found.is_empty() {
        events.reject(&found);
    }
}

/// One period's samples.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Bin {
    /// In no order: the statistic does not depend on it.
    values: Vec<Decimal>,
    excluded: u64,
    invalid: u64,
}

/// A sample objective's records counted into each period of its kind
/// from the agreement's start to the cut-off, by their instants. Tallies
/// of disjoint items add.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SampleTally {
    /// Records outside the agreement's validity, or inside it before the
    /// objective's first period.
    outside: u64,
    bins: Sparse<Bin>,
}

impl Bin {
    fn add(&mut self, b: &Bin) {
        self.values.extend_from_slice(&b.values);
        self.excluded += b.excluded;
        self.invalid += b.invalid;
    }
}

impl SampleTally {
    /// The samples of `self` and of `other`, period by period.
    pub(super) fn add(mut self, other: SampleTally) -> SampleTally {
        self.outside += other.outside;
        add_sparse(&mut self.bins, other.bins, Bin::add);
        self
    }

    /// Gives back what its lists hold beyond their length.
    pub(super) fn shrink(&mut self) {
        for b in self.bins.values_mut() {
            b.values.shrink_to_fit();
        }
    }
}

/// The statistic of the values as an exact fraction, and whether it meets
/// the bound; `None` with no values.
fn value(
    values: &mut [Decimal],
    statistic: Statistic,
    comparison: slate_rules::Comparison,
    bound: Decimal,
) -> Option<Option<(SampleNumber, bool)>> {
    if values.is_empty() {
        return Some(None);
    }
    let n = values.len() as u64;
    let (numerator, denominator, met) = match statistic {
        Statistic::Average {} => {
            // Exact, or refused: a sum that would round could flip the verdict.
            let sum = slate_words::exact::sum(values.iter())?;
            // sum / n against the bound, exactly: sum against bound · n.
            let scaled = slate_words::exact::mul(bound, Decimal::from(n))?;
            (sum, n, holds(comparison, sum.cmp(&scaled)))
        }
        Statistic::Percentile { p } => {
            values.sort_unstable();
            let v = nearest_rank(values, p.get())?;
            (v, 1, holds(comparison, v.cmp(&bound)))
        }
    };
    let decimal = numerator
        .checked_div(Decimal::from(denominator))
        .map_or(numerator, |d| money::round(d, 6).normalize());
    Some(Some((
        SampleNumber {
            numerator: numerator.normalize(),
            denominator,
            decimal,
            rounded: crate::report::is_rounded(decimal, numerator, Decimal::from(denominator)),
        },
        met,
    )))
}

impl Ctx<'_> {
    /// The records of `items` that a sample objective reads, counted into
    /// the periods of its kind by their instants.
    pub(super) fn sample_tally(&self, o: &Objective, items: &Items<'_>) -> SampleTally {
        let spans = self.all_spans(o.period, o.timezone);
        let mut tally = SampleTally {
            outside: 0,
            bins: Sparse::new(),
        };
        let Some(terms) = Terms::new(o, self.symbols) else {
            return tally;
        };
        for r in items.iter().flat_map(|(_, rs)| rs.iter()) {
            let role = terms.role(r, self.attrs, self.symbols);
            if matches!(role, Role::None) {
                continue;
            }
            // Outside the validity, or inside it before the objective's
            // first period (in a zone behind the agreement's): outside.
            let inside = r.at >= self.valid_from && r.at < self.valid_end;
            let Some(bin) = span_at(&spans, r.at)
                .filter(|_| inside)
                .map(|i| tally.bins.entry(i).or_default())
            else {
                tally.outside += 1;
                continue;
            };
            match role {
                Role::Value(v) => bin.values.push(v),
                Role::Excluded => bin.excluded += 1,
                Role::Invalid(_) => bin.invalid += 1,
                Role::None => {}
            }
        }
        tally
    }

    /// The periods of a bound on samples: each one's value so far (a
    /// period not over is judged on it, never pending), its samples and
    /// the records left out.
    pub(super) fn sample_periods(
        &self,
        o: &Objective,
        spans: &[Span],
        part: &Part<'_>,
        report: &mut ObjectiveReport,
    ) -> Result<(), EvalError> {
        let Measure::SampleAggregate {
            statistic,
            comparison,
            bound_value: bound,
            unit,
            ..
        } = &o.measure
        else {
            return Ok(());
        };
        report.unit.clone_from(unit);
        report.target = Target::Sample {
            percentile: match statistic {
                Statistic::Average {} => None,
                Statistic::Percentile { p } => Some(p.get()),
            },
            comparison: *comparison,
            bound: *bound,
        };
        let Part::Samples(tally) = part else {
            return Ok(());
        };
        report.items_outside += tally.outside;
        let shown = self.shown(o.period, o.timezone, spans);
        let none = Bin::default();
        let bins = shown.map(|i| tally.bins.get(&i).unwrap_or(&none));
        // The records rejected before evaluation for this objective.
        let mut rejected = vec![0; spans.len()];
        for (name, at) in self.rejected {
            if *name == o.name
                && *at >= self.valid_from
                && *at < self.valid_end
                && let Some(n) = span_at(spans, *at).and_then(|i| rejected.get_mut(i))
            {
                *n += 1;
            }
        }
        for ((s, bin), rejected) in spans.iter().zip(bins).zip(rejected) {
            // A sum beyond exact decimals leaves this period unknown, and
            // only it: rounding could change the verdict. A percentile
            // sorts the values: one period's are copied at a time.
            let v = value(&mut bin.values.clone(), *statistic, *comparison, *bound);
            let verdict = match &v {
                None => Verdict::Unknown,
                Some(None) => Verdict::NoData,
                Some(Some((_, true))) => Verdict::Met,
                Some(Some((_, false))) => Verdict::Breached,
            };
            report.periods.push(PeriodReport {
                verdict,
                sample: Some(SampleValue {
                    samples: bin.values.len() as u64,
                    excluded: bin.excluded,
                    invalid: bin.invalid + rejected,
                    value: v.flatten().map(|(n, _)| n),
                }),
                unknown: (verdict == Verdict::Unknown).then(|| BEYOND_SUM.to_owned()),
                ..s.report()
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn an_average_of_decimals_is_exact() {
        use slate_rules::Comparison as C;
        // 0.1 + 0.2 = 0.3 exactly, over 2 = 0.15: at most 0.15 holds, below does not.
        let mut v = [d("0.1"), d("0.2")];
        let avg = Statistic::Average {};
        let got = value(&mut v, avg, C::AtMost, d("0.15")).flatten();
        assert_eq!(
            got.map(|(n, met)| (n.numerator, n.denominator, n.decimal, met)),
            Some((d("0.3"), 2, d("0.15"), true))
        );
        let below = value(&mut v, avg, C::Below, d("0.15")).flatten();
        assert_eq!(below.map(|(_, met)| met), Some(false));
        assert!(value(&mut [], avg, C::AtMost, d("1")).is_some_and(|v| v.is_none()));
    }
}
