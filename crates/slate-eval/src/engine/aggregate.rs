//! Aggregation per period: each objective's items, outages or volumes
//! counted into the periods of the report window (its report), and into
//! the periods its credits and bonus settle in (its values).

use std::collections::BTreeMap;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use slate_rules::{Bound, Measure, Objective, Period};

use super::EvalError;
use super::cond::Cond;
use super::context::{Ctx, Items, Span, span_of, timestamp};
use super::cycles::{ItemOutcome, Outcome};
use super::outages::{Outages, availability, period_downtime};
use super::partial::{Components, Part};
use crate::money;
use crate::report::{
    Bucket, ComponentReport, Counts, ItemDetail, Kind, ObjectiveReport, PeriodReport, Ratio,
    Target, Verdict,
};
use std::borrow::Cow;

/// Elapsed-time bands of the distribution, in percent of the budget.
const BANDS: [u32; 6] = [25, 50, 75, 100, 150, 200];

/// Each objective's percentage per settlement period, by objective and period kind.
pub(super) type Values = BTreeMap<(String, Period), Vec<(Span, Option<Ratio>)>>;

/// What an objective measured, kept for settlement over other periods.
pub(super) enum Measured<'p, 'i> {
    Items(Cow<'p, [ItemOutcome<'i>]>),
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

/// The band of the distribution an item falls in.
fn band(i: &ItemOutcome<'_>) -> Option<usize> {
    if !matches!(
        i.outcome,
        Outcome::Met | Outcome::Breached | Outcome::Pending
    ) {
        return None;
    }
    let e = i128::from(i.elapsed) * 100;
    let b = i128::from(i.budget);
    Some(
        BANDS
            .iter()
            .position(|band| e <= i128::from(*band) * b)
            .unwrap_or(BANDS.len()),
    )
}

impl Ctx<'_> {
    /// An objective's report over the window, and what it measured.
    pub(super) fn objective<'p, 'i>(
        &self,
        o: &Objective,
        part: &'p Part<'i>,
    ) -> Result<(ObjectiveReport, Measured<'p, 'i>), EvalError> {
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
                let outcomes = match part {
                    Part::Items(list) => list.as_slice(),
                    _ => &[],
                };
                self.item_periods(o, &spans, outcomes, target, &mut report);
                Measured::Items(Cow::Borrowed(outcomes))
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
                Measured::Items(Cow::Owned(due.iter().map(|d| d.outcome.clone()).collect()))
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
    /// objective.
    fn item_periods(
        &self,
        o: &Objective,
        spans: &[Span],
        outcomes: &[ItemOutcome<'_>],
        target: Decimal,
        report: &mut ObjectiveReport,
    ) {
        let mut dist = [Bucket {
            up_to_percent: None,
            met: 0,
            breached: 0,
            pending: 0,
        }; BANDS.len() + 1];
        for (d, b) in dist.iter_mut().zip(BANDS) {
            d.up_to_percent = Some(b);
        }
        let mut counts: Vec<Counts> = vec![Counts::default(); spans.len()];
        for item in outcomes {
            let inside = item.start >= self.valid_from && item.start < self.valid_end;
            let at = span_of(spans, o.period, item.date, item.start).filter(|_| inside);
            let Some((span, c)) = at.and_then(|i| spans.get(i).zip(counts.get_mut(i))) else {
                report.items_outside += 1;
                continue;
            };
            match item.outcome {
                Outcome::Met => c.met += 1,
                Outcome::Breached => c.breached += 1,
                Outcome::Pending => c.pending += 1,
                Outcome::Ignored => c.ignored += 1,
                Outcome::Ungoverned => c.ungoverned += 1,
            }
            if let Some(d) = band(item).and_then(|bucket| dist.get_mut(bucket)) {
                match item.outcome {
                    Outcome::Met => d.met += 1,
                    Outcome::Breached => d.breached += 1,
                    _ => d.pending += 1,
                }
            }
            if self.details && item.outcome == Outcome::Breached {
                report.breached_items.push(ItemDetail {
                    id: item.id.to_owned(),
                    period: span.label.clone(),
                    start: timestamp(item.start),
                    stopped: item.stopped,
                    abandoned: item.abandoned,
                    elapsed_seconds: item.elapsed,
                    budget_seconds: item.budget,
                    goal: item.goal().map(|g| g + 1),
                });
            }
        }
        report.distribution = dist.to_vec();
        for (s, c) in spans.iter().zip(counts) {
            let value = ratio(c.met as i64, (c.met + c.breached) as i64);
            report.periods.push(PeriodReport {
                counts: Some(c),
                verdict: verdict(value.as_ref(), target),
                value,
                ..s.report()
            });
        }
        self.per_goal(o, spans, outcomes, &mut report.periods);
    }

    /// The instants of the records a volume objective counts, item by
    /// item.
    pub(super) fn volume_items<'i>(&self, o: &Objective, items: &Items<'i>) -> Vec<(&'i str, i64)> {
        let Measure::Volume {
            event,
            filter,
            exclude,
            ..
        } = &o.measure
        else {
            return Vec::new();
        };
        let Some(event) = self.symbols.get(event) else {
            return Vec::new();
        };
        let filter = Cond::all(self.symbols, filter);
        let exclude = Cond::all(self.symbols, exclude);
        let mut out = Vec::new();
        for (id, rs) in items {
            out.extend(
                rs.iter()
                    .filter(|r| {
                        r.event == event
                            && filter.iter().all(|c| c.on(self.attrs, r))
                            && !exclude.iter().any(|c| c.on(self.attrs, r))
                    })
                    .map(|r| (*id, r.at)),
            );
        }
        out
    }

    /// The periods of a volume objective: items with a counted record in
    /// each, against the bound.
    fn volume_periods(&self, o: &Objective, spans: &[Span], part: &Part<'_>) -> Vec<PeriodReport> {
        let (Measure::Volume { bound, count, .. }, Part::Volume(items)) = (&o.measure, part) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in spans {
            // An item's instants are in the order of its records: sorted.
            let n = items
                .chunk_by(|a, b| a.0 == b.0)
                .filter(|item| {
                    let i = item.partition_point(|(_, t)| *t < s.t0);
                    item.get(i).is_some_and(|(_, t)| *t < s.t1)
                })
                .count() as u64;
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

impl Measured<'_, '_> {
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
            Measured::Items(items) => spans
                .into_iter()
                .map(|s| {
                    let (mut met, mut breached) = (0, 0);
                    for i in items.iter() {
                        if placed(ctx, &s, kind, i) {
                            match i.outcome {
                                Outcome::Met => met += 1,
                                Outcome::Breached => breached += 1,
                                _ => {}
                            }
                        }
                    }
                    let r = ratio(met, met + breached);
                    (s, r)
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
        let Measured::Items(items) = self else {
            return out;
        };
        for s in ctx.spans(kind, o.timezone, true) {
            let first = items
                .iter()
                .filter(|i| i.outcome == Outcome::Breached && placed(ctx, &s, kind, i))
                .filter_map(ItemOutcome::breached_at)
                .min();
            if let Some(t) = first {
                out.insert(s.start, t);
            }
        }
        out
    }
}

/// Whether item `i` belongs to the period `s` of `kind`, inside the
/// agreement's validity.
fn placed(ctx: &Ctx<'_>, s: &Span, kind: Period, i: &ItemOutcome<'_>) -> bool {
    span_of(std::slice::from_ref(s), kind, i.date, i.start).is_some()
        && i.start >= ctx.valid_from
        && i.start < ctx.valid_end
}
