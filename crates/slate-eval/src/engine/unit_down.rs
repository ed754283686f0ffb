//! The error-rate rule of downtime counted in units (`downtime when errors
//! of requests above 5% on request_stats`): a unit is down when the sums of
//! two numeric attributes over the records inside it give errors / total
//! above the rate (docs/semantics.md). `down`/`up` records are not read.
//!
//! A record the rule needs a number from, and that lacks it or carries a
//! value that is not a JSON number (or a negative one), is an invalid
//! record: [`refuse_non_numbers`] moves such records from the events to
//! their invalid records, with file and line, before evaluation.

use rust_decimal::Decimal;
use slate_rules::{Comparison, Measure, Objective, RuleSet, UnitDown};
use slate_words::exact;

use super::EvalError;
use super::cond::{Cond, set_attr};
use super::context::{Ctx, Span};
use super::outages::{Outages, downtime, period_downtime};
use crate::events::{Events, Record, Sym, Symbols};
use crate::items::Selection;
use crate::report::Downtime;

/// The records an error-rate rule reads, as (at, errors, total), sorted by
/// `at`, with the rule's bound.
#[derive(Clone, Debug)]
pub(super) struct Samples {
    objective: String,
    list: Vec<(i64, Decimal, Decimal)>,
    comparison: Comparison,
    percent: Decimal,
}

/// The value of a record's attribute as an exact decimal, if it is written
/// as a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) that
/// Slate holds exactly (at most 28 significant digits and 28 decimal places).
pub fn json_number(text: &str) -> Option<Decimal> {
    super::exact::read(text).ok()
}

/// Why a record's count cannot be read, or the count.
fn count(
    sy: &Symbols,
    attrs: &[(Sym, Sym)],
    r: &Record,
    field: &str,
    objective: &str,
    event: &str,
) -> Result<Decimal, String> {
    let value = sy
        .get(field)
        .and_then(|f| r.attr(attrs, f))
        .map(|v| sy.name(v));
    let because = format!("objective `{objective}` counts `{field}` on every `{event}` record");
    let Some(text) = value else {
        return Err(format!("no `{field}`, and {because}"));
    };
    let clipped = slate_rules::clip(text, slate_rules::MAX_QUOTED);
    match super::exact::read(text) {
        Err(why) => Err(format!(
            "{}, and {because}",
            super::exact::refusal(field, text, why)
        )),
        Ok(n) if n.is_sign_negative() && !n.is_zero() => Err(format!(
            "`{field}` is `{clipped}`, and a count is not negative"
        )),
        Ok(n) => Ok(n),
    }
}

/// The records of `items` that the rule of `o` reads: those of its event
/// before `cutoff` of the items it selects (its `items`, then its `where`
/// on each item's attributes as they stand), with the rule.
fn needed<'r, 'i>(
    o: &'r Objective,
    sy: &Symbols,
    attrs: &[(Sym, Sym)],
    items: &[(&'i str, &'i [Record])],
    cutoff: i64,
) -> Option<(&'r UnitDown, Vec<(&'i str, &'i Record)>)> {
    let Measure::Availability {
        filter,
        items: selection,
        unit_down: Some(rule),
        ..
    } = &o.measure
    else {
        return None;
    };
    let mut out = Vec::new();
    let Some(event) = sy.get(&rule.event) else {
        return Some((rule, out));
    };
    let filter = Cond::all(sy, filter);
    let selection = Selection::new(selection.as_ref(), &o.service, sy);
    for (id, records) in items {
        if !records.iter().any(|r| r.event == event && r.at < cutoff)
            || !selection.selects(id, records, attrs)
        {
            continue;
        }
        let mut latest: Vec<(Sym, Sym)> = Vec::new();
        for r in records.iter().filter(|r| r.at < cutoff) {
            for &(k, v) in r.attrs(attrs) {
                set_attr(&mut latest, k, v);
            }
        }
        if !filter.iter().all(|c| c.in_attrs(&latest)) {
            continue;
        }
        out.extend(
            records
                .iter()
                .filter(|r| r.event == event && r.at < cutoff)
                .map(|r| (*id, r)),
        );
    }
    Some((rule, out))
}

/// Moves every record that an error-rate rule of `rules` needs a number
/// from, and that lacks it or does not carry a count, from `events` to its
/// invalid records (file and line). `as_of` is the cut-off (by default
/// after the last record): records at or after it are not needed.
pub fn refuse_non_numbers(rules: &RuleSet, events: &mut Events, as_of: Option<i64>) {
    let rule = |o: &Objective| {
        matches!(
            &o.measure,
            Measure::Availability {
                unit_down: Some(_),
                ..
            }
        )
    };
    if !rules.objectives.iter().any(rule) {
        return;
    }
    let cutoff = as_of.unwrap_or(i64::MAX);
    // The records before the cut-off, grouped by item, as evaluation sees them.
    events.group();
    let items = super::Grouped::new(events, cutoff).items;
    let mut bad: Vec<(u64, String, String)> = Vec::new();
    for o in &rules.objectives {
        let Some((rule, records)) = needed(o, &events.symbols, &events.attrs, &items, cutoff)
        else {
            continue;
        };
        for (_, r) in records {
            let problem = [&rule.errors, &rule.total].into_iter().find_map(|field| {
                count(
                    &events.symbols,
                    &events.attrs,
                    r,
                    field,
                    &o.name,
                    &rule.event,
                )
                .err()
            });
            if let Some(message) = problem {
                bad.push((u64::from(r.seq), o.name.clone(), message));
            }
        }
    }
    if !bad.is_empty() {
        bad.sort_by_key(|(seq, ..)| *seq);
        // The one way records found invalid after reading leave `events`:
        // named by file and line, listed once, counted as invalid.
        events.reject(&bad);
    }
}

/// Each item's counts an availability objective's error-rate rule reads.
pub(super) type Counts<'i> = Vec<(&'i str, (i64, Decimal, Decimal))>;

impl Ctx<'_> {
    /// The counts the error-rate rule of `o` reads on each item, if it has
    /// one; a record without its counts is an error (the events were not
    /// checked with [`refuse_non_numbers`]).
    pub(super) fn unit_counts<'i>(
        &self,
        o: &Objective,
        items: &super::context::Items<'i>,
    ) -> Result<Counts<'i>, EvalError> {
        let Some((rule, records)) = needed(o, self.symbols, self.attrs, items, self.cutoff) else {
            return Ok(Vec::new());
        };
        let mut out: Counts<'i> = Vec::new();
        for (id, r) in records {
            let read = |field: &str| {
                count(self.symbols, self.attrs, r, field, &o.name, &rule.event).map_err(|message| {
                    EvalError::NotACount {
                        item: self.symbols.name(r.id).to_owned(),
                        message,
                    }
                })
            };
            out.push((id, (r.at, read(&rule.errors)?, read(&rule.total)?)));
        }
        Ok(out)
    }
}

/// The records the error-rate rule of `o` reads, by instant, from each
/// item's counts; `None` without a rule.
pub(super) fn samples(o: &Objective, counts: &Counts<'_>) -> Option<Samples> {
    let Measure::Availability {
        unit_down: Some(rule),
        ..
    } = &o.measure
    else {
        return None;
    };
    // Items in the order of their ids, then each one's records in its
    // order: ties at one instant keep it.
    let mut list: Vec<(i64, Decimal, Decimal)> = counts.iter().map(|(_, c)| *c).collect();
    list.sort_by_key(|(at, _, _)| *at);
    Some(Samples {
        objective: o.name.clone(),
        list,
        comparison: rule.comparison,
        percent: rule.percent.get(),
    })
}

/// The downtime of a period of the united outages, or with an error-rate
/// rule its units judged by the rule.
pub(super) fn united(
    measured: &[(i64, i64)],
    outages: &Outages,
    s: &Span,
) -> Result<Downtime, EvalError> {
    match (&outages.samples, outages.unit.filter(|u| *u > 0)) {
        (Some(samples), Some(u)) => by_rate(measured, samples, s, u),
        _ => Ok(period_downtime(
            measured,
            &outages.united,
            outages.unit,
            s.origin,
        )),
    }
}

/// Units of `u` seconds from the period's origin, cut at its end; a
/// measured unit is down when its records' sums break the rule. The down
/// seconds are the measured time of the down units, and each run of
/// consecutive down units counts as one outage.
fn by_rate(
    measured: &[(i64, i64)],
    samples: &Samples,
    s: &Span,
    u: i64,
) -> Result<Downtime, EvalError> {
    let from = samples.list.partition_point(|(at, _, _)| *at < s.t0);
    let to = samples.list.partition_point(|(at, _, _)| *at < s.t1);
    // Sums and products are exact or refused: rounding could flip a unit.
    let too_large = |unit: i64| EvalError::CountTooLarge {
        objective: samples.objective.clone(),
        unit: super::context::timestamp(s.origin + unit * u).to_string(),
    };
    // Only a unit's totals decide, whatever the order of its records.
    let mut sums: Vec<(i64, exact::Sum, exact::Sum)> = Vec::new();
    for &(at, e, t) in samples.list.get(from..to).unwrap_or_default() {
        let unit = (at - s.origin).div_euclid(u);
        if !matches!(sums.last(), Some((last, _, _)) if *last == unit) {
            sums.push((unit, exact::Sum::default(), exact::Sum::default()));
        }
        if let Some((_, se, st)) = sums.last_mut() {
            se.add(e);
            st.add(t);
        }
    }
    let mut down: Vec<(i64, i64)> = Vec::new();
    for (unit, se, st) in sums {
        let e = se.total().ok_or_else(|| too_large(unit))?;
        let t = st.total().ok_or_else(|| too_large(unit))?;
        if t <= Decimal::ZERO {
            continue;
        }
        let lhs = exact::mul(e, Decimal::ONE_HUNDRED).ok_or_else(|| too_large(unit))?;
        let rhs = exact::mul(samples.percent, t).ok_or_else(|| too_large(unit))?;
        let is_down = match samples.comparison {
            Comparison::AtLeast => lhs >= rhs,
            _ => lhs > rhs,
        };
        if is_down {
            let a = s.origin + unit * u;
            down.push((a, (a + u).min(s.t1)));
        }
    }
    // Only the measured part of a down unit is downtime; a unit wholly
    // outside measured time is neither measured nor down.
    let inside: Vec<(i64, i64)> = down
        .iter()
        .filter(|&&(a, b)| measured.iter().any(|&(x, y)| x.max(a) < y.min(b)))
        .copied()
        .collect();
    let mut t = downtime(measured, &inside);
    t.outages = runs(&inside);
    t.unit_seconds = Some(u);
    t.measured_units = Some(super::units::count(measured, s.origin, u));
    t.down_units = Some(inside.len() as i64);
    Ok(t)
}

/// The number of runs of touching intervals.
fn runs(list: &[(i64, i64)]) -> u64 {
    let mut n = 0;
    let mut end = None;
    for &(a, b) in list {
        if end != Some(a) {
            n += 1;
        }
        end = Some(b);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::json_number;
    use rust_decimal::Decimal;

    #[test]
    fn json_numbers() {
        let n = |s: &str| json_number(s).map(|d| d.normalize().to_string());
        assert_eq!(n("12"), Some("12".to_owned()));
        assert_eq!(n("0.5"), Some("0.5".to_owned()));
        assert_eq!(n("-3"), Some("-3".to_owned()));
        assert_eq!(n("1e3"), Some("1000".to_owned()));
        assert_eq!(n("2.5E-1"), Some("0.25".to_owned()));
        for bad in [
            "", " 12", "+1", ".5", "NaN", "1,5", "01", "1.", "1e", "abc", "12 ",
        ] {
            assert_eq!(json_number(bad), None, "{bad}");
        }
        assert_eq!(json_number("0"), Some(Decimal::ZERO));
    }
}
