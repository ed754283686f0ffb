//! Aggregation per period: each objective's items, outages or volumes
//! counted into the periods of the report window (its report), and into
//! the periods its credits and bonus settle in (its values).

use std::collections::BTreeMap;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use slate_rules::{Bound, Measure, Objective, Period};

use super::EvalError;
use super::cond::Cond;
use super::context::{Ctx, Items, Span, span_at};
use super::outages::{Outages, availability, period_downtime};
use super::partial::{Components, Part};
use super::per_goal::per_goal;
use super::tally::{BANDS, Sparse, Tallies, Tally, add_each};
use crate::money;
use crate::report::{
    Bucket, ComponentReport, Kind, ObjectiveReport, PeriodReport, Ratio, Target, Verdict,
};
use std::borrow::Cow;

/// Each objective's percentage per settlement period, by objective and period kind.
pub(super) type Values = BTreeMap<(String, Period), Vec<(Span, Option<Ratio>)>>;

/// What an objective measured, kept for settlement over other periods.
pub(super) enum Measured<'p> {
    /// Time-to-event and due-date items, counted into their periods.
    Tallied(Cow<'p, Tallies>),
    Outages(Outages),
    Volume,
}

/// `num / den` with its percentage, or `None` when `den` is 0.
pub(super) fn ratio(num: i64, den: i64) -> Option<Ratio> {
    (den > 0).then(|| {
        let hundredfold = Decimal::from(num) * Decimal::from(100u32);
        let percent = money::round(hundredfold / Decimal::from(den), 3).normalize();
        Ratio {
            numerator: num,
            denominator: den,
            percent,
            rounded: crate::report::is_rounded(percent, hundredfold, Decimal::from(den)),
        }
    })
}

/// Whether `r` (as a percentage) is at least `pc`, exactly.
pub(super) fn at_least(r: &Ratio, pc: Decimal) -> bool {
    Decimal::from(r.numerator) * Decimal::from(100u32) >= pc * Decimal::from(r.denominator)
}

fn verdict(value: Option<&Ratio>, target: Decimal) -> Verdict {
    match value {
        None => Verdict::NoData,
        Some(r) if at_least(r, target) => Verdict::Met,
        Some(_) => Verdict::Breached,
    }
}

impl Ctx<'_> {
    /// An objective's report over the window, and what it measured.
    pub(super) fn objective<'p, 'i>(
        &self,
        o: &Objective,
        part: &'p Part<'i>,
    ) -> Result<(ObjectiveReport, Measured<'p>), EvalError> {
        let tz = o.timezone;
        let spans = self.spans(o.period, tz, false);
        let mut report = ObjectiveReport {
            name: o.name.clone(),
            title: o.title.clone().unwrap_or_else(|| o.name.clone()),
            service: o.service.clone(),
            section: o.contract.section.clone(),
            kind: Kind::Volume,
            target: Target::AtLeast(0),
            period: o.period,
            items_outside: 0,
            items_without_records: Vec::new(),
            due_outside_agreement: Vec::new(),
            unit: None,
            periods: Vec::new(),
            distribution: Vec::new(),
            breached_items: Vec::new(),
            settlement_basis: Vec::new(),
            goal_arrivals: Vec::new(),
        };
        let measured = match &o.measure {
            Measure::TimeToEvent { target, goals, .. } => {
                let target = target.get();
                report.kind = Kind::TimeToEvent;
                report.goal_arrivals = super::arrival::described(goals);
                report.target = Target::Percent(target);
                let tallies = match part {
                    Part::Tallied(t) => Cow::Borrowed(t),
                    _ => Cow::Owned(self.tallies(o, &[])),
                };
                self.item_periods(o, &spans, &tallies, target, &mut report);
                Measured::Tallied(tallies)
            }
            Measure::Availability {
                target,
                per_component,
                ..
            } => {
                let target = target.get();
                report.kind = Kind::Availability;
                report.target = Target::Percent(target);
                let empty = Components::default();
                let read = match part {
                    Part::Outages(c) => c,
                    _ => &empty,
                };
                let outages = self.outages(o, read);
                report.items_without_records = self.named_without_records(o, &read.reporting);
                for s in &spans {
                    let measured = self.measured(o, tz, s.t0, s.t1)?;
                    let origin = s.origin;
                    report.periods.push(uptime(
                        s,
                        &measured,
                        &outages,
                        target,
                        *per_component,
                        origin,
                    )?);
                }
                Measured::Outages(outages)
            }
            Measure::DurationAggregate { .. } => {
                report.kind = Kind::DurationAggregate;
                self.duration_aggregate(o, &spans, part, &mut report)?;
                Measured::Volume
            }
            Measure::SampleAggregate { .. } => {
                report.kind = Kind::SampleAggregate;
                self.sample_periods(o, &spans, part, &mut report)?;
                Measured::Volume
            }
            Measure::Rate {
                comparison,
                percent,
                ..
            } => {
                report.kind = Kind::Rate;
                report.target = Target::Rate {
                    comparison: *comparison,
                    percent: percent.get(),
                };
                self.rate_periods(o, &spans, part, &mut report);
                Measured::Volume
            }
            Measure::DueDate { target, .. } => {
                let target = target.get();
                report.kind = Kind::DueDate;
                report.target = Target::Percent(target);
                let due = match part {
                    Part::Due(list) => list.as_slice(),
                    _ => &[],
                };
                self.due_periods(o, &spans, due, target, &mut report);
                let outcomes: Vec<_> = due.iter().map(|d| d.outcome.clone()).collect();
                Measured::Tallied(Cow::Owned(self.tallies(o, &outcomes)))
            }
            Measure::Volume { bound, count, .. } => {
                report.target = match bound {
                    Bound::AtLeast => Target::AtLeast(*count),
                    Bound::AtMost => Target::AtMost(*count),
                };
                report.periods = self.volume_periods(o, &spans, part);
                Measured::Volume
            }
        };
        Ok((report, measured))
    }

    /// The periods, distribution and breached items of a time-to-event
    /// objective, from its items' tallies: the report window's periods are
    /// a run of the periods tallied, and items in the others are outside.
    fn item_periods(
        &self,
        o: &Objective,
        spans: &[Span],
        tallies: &Tallies,
        target: Decimal,
        report: &mut ObjectiveReport,
    ) {
        let empty = Sparse::new();
        let all = tallies.of(o.period).unwrap_or(&empty);
        let shown = self.shown(o.period, o.timezone, spans);
        let mut bands = [[0; 3]; BANDS.len() + 1];
        report.items_outside = tallies.unplaced;
        for (i, t) in all {
            if !shown.contains(i) {
                report.items_outside += t.items();
                continue;
            }
            for (b, n) in bands.iter_mut().zip(&t.bands) {
                add_each(b, n);
            }
        }
        let up_to = BANDS.iter().map(|b| Some(*b)).chain([None]);
        report.distribution = up_to
            .zip(bands)
            .map(|(up_to_percent, [met, breached, pending])| Bucket {
                up_to_percent,
                met,
                breached,
                pending,
            })
            .collect();
        report.breached_items = tallies
            .breached
            .iter()
            .filter(|(i, _)| shown.contains(i))
            .map(|(_, d)| d.clone())
            .collect();
        let none = Tally::default();
        for (s, i) in spans.iter().zip(shown) {
            let t = all.get(&i).unwrap_or(&none);
            let c = t.counts;
            let value = ratio(c.met as i64, (c.met + c.breached) as i64);
            let mut p = PeriodReport {
                counts: Some(c),
                verdict: verdict(value.as_ref(), target),
                value,
                ..s.report()
            };
            per_goal(o, t, &mut p);
            report.periods.push(p);
        }
    }

    /// How many of `items` a volume objective counts in each period of
    /// its kind from the agreement's start to the cut-off: those with a
    /// counted record in it. Counts of disjoint items add.
    pub(super) fn volume_counts(&self, o: &Objective, items: &Items<'_>) -> Sparse<u64> {
        let spans = self.all_spans(o.period, o.timezone);
        let mut counts = Sparse::new();
        let Measure::Volume {
            event,
            filter,
            exclude,
            ..
        } = &o.measure
        else {
            return counts;
        };
        let Some(event) = self.symbols.get(event) else {
            return counts;
        };
        let filter = Cond::all(self.symbols, filter);
        let exclude = Cond::all(self.symbols, exclude);
        for (_, rs) in items {
            let counted = rs.iter().filter(|r| {
                r.event == event
                    && filter.iter().all(|c| c.on(self.attrs, r))
                    && !exclude.iter().any(|c| c.on(self.attrs, r))
            });
            // An item's records are in the order of their instants: its
            // periods come in order, and it counts once in each.
            let mut last = None;
            for i in counted.filter_map(|r| span_at(&spans, r.at)) {
                if last != Some(i) {
                    *counts.entry(i).or_insert(0) += 1;
                }
                last = Some(i);
            }
        }
        counts
    }

    /// The periods of a volume objective: items with a counted record in
    /// each, against the bound.
    fn volume_periods(&self, o: &Objective, spans: &[Span], part: &Part<'_>) -> Vec<PeriodReport> {
        let (Measure::Volume { bound, count, .. }, Part::Volume(counts)) = (&o.measure, part)
        else {
            return Vec::new();
        };
        let shown = self.shown(o.period, o.timezone, spans);
        let mut out = Vec::new();
        for (s, i) in spans.iter().zip(shown) {
            let n = counts.get(&i).copied().unwrap_or(0);
            let v = match bound {
                Bound::AtLeast if n >= *count => Verdict::Met,
                Bound::AtMost if n > *count => Verdict::Breached,
                _ if !s.complete => Verdict::Pending,
                Bound::AtLeast => Verdict::Breached,
                Bound::AtMost => Verdict::Met,
            };
            out.push(PeriodReport {
                count: Some(n),
                verdict: v,
                ..s.report()
            });
        }
        out
    }
}

/// One period of an availability objective: the united outages against
/// the target, or each component's own.
fn uptime(
    s: &Span,
    measured: &[(i64, i64)],
    outages: &Outages,
    target: Decimal,
    per_component: bool,
    origin: i64,
) -> Result<PeriodReport, EvalError> {
    let mut p = s.report();
    if !per_component {
        let time = match super::unit_down::united(measured, outages, s) {
            // A unit whose counts exact decimals cannot hold leaves this
            // period unknown, and only it: rounding could flip the unit.
            Err(EvalError::CountTooLarge { unit, .. }) => {
                p.verdict = Verdict::Unknown;
                p.unknown = Some(format!(
                    "the sum of the counts in the downtime unit starting {unit} exceeds the exact decimals Slate holds"
                ));
                return Ok(p);
            }
            other => other?,
        };
        p.value = availability(time);
        p.verdict = verdict(p.value.as_ref(), target);
        p.time = Some(time);
        return Ok(p);
    }
    let mut any_breach = false;
    let mut any_data = false;
    for (id, list) in &outages.components {
        let time = period_downtime(measured, list, outages.unit, origin);
        let value = availability(time);
        let v = verdict(value.as_ref(), target);
        any_breach |= v == Verdict::Breached;
        any_data |= v != Verdict::NoData;
        p.components.push(ComponentReport {
            id: id.clone(),
            time,
            value,
            verdict: v,
        });
    }
    p.verdict = if any_breach {
        Verdict::Breached
    } else if any_data {
        Verdict::Met
    } else {
        Verdict::NoData
    };
    Ok(p)
}

impl Measured<'_> {
    /// The objective's percentage in each period of `kind`, from the
    /// agreement's start to the cut-off, for settlement.
    pub(super) fn values(
        &self,
        ctx: &Ctx<'_>,
        o: &Objective,
        kind: Period,
    ) -> Result<Vec<(Span, Option<Ratio>)>, EvalError> {
        let tz: Tz = o.timezone;
        let spans = ctx.spans(kind, tz, true);
        Ok(match self {
            Measured::Tallied(tallies) => spans
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let c = tallies
                        .of(kind)
                        .and_then(|all| all.get(&i))
                        .map(|t| t.counts);
                    let c = c.unwrap_or_default();
                    (s, ratio(c.met as i64, (c.met + c.breached) as i64))
                })
                .collect(),
            Measured::Outages(outages) => {
                let mut out = Vec::new();
                for s in spans {
                    let measured = ctx.measured(o, tz, s.t0, s.t1)?;
                    let r = availability(super::unit_down::united(&measured, outages, &s)?);
                    out.push((s, r));
                }
                out
            }
            Measured::Volume => Vec::new(),
        })
    }

    /// The first instant an item breached in each period of `kind` that
    /// has a breached item, by the period's first date: what a claim
    /// window `of each breach` runs from (the earliest breach gives the
    /// earliest deadline). Empty for an objective without items.
    pub(super) fn first_breaches(
        &self,
        ctx: &Ctx<'_>,
        o: &Objective,
        kind: Period,
    ) -> BTreeMap<chrono::NaiveDate, i64> {
        let mut out = BTreeMap::new();
        let Measured::Tallied(tallies) = self else {
            return out;
        };
        let spans = ctx.all_spans(kind, o.timezone);
        for (i, t) in tallies.of(kind).into_iter().flatten() {
            if let Some((s, first)) = spans.get(*i).zip(t.first_breach) {
                out.insert(s.start, first);
            }
        }
        out
    }
}
