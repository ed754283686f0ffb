//! A remedy per whole unit of a duration aggregate's value beyond a
//! threshold (`per second over 30 seconds : USD 500.00` in credits, `per
//! second under 15 seconds : …` in a bonus): docs/semantics.md, "Remedies
//! beyond tiers" (both ways). Units are counted from the threshold on the
//! value as the contract rounds it: ⌊(V − T) / U⌋ over it, ⌊(T − V) / U⌋
//! under it, never below zero; nothing in between.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use slate_rules::{Direction, Fee, Objective, PerUnitValue, Period, Schedule, Service};

use super::super::EvalError;
use super::super::context::{Ctx, Span};
use super::super::durations::Judged;
use super::amount::Amount;
use super::{Accrued, Run, overflow, remedy};
use crate::money;
use crate::report::{PerUnitFigures, SettlementLine};

/// Each duration aggregate's value per settlement period, by objective
/// name and period length.
pub(in crate::engine) type Durations = BTreeMap<(String, Period), Vec<(Span, Option<Judged>)>>;

/// The whole units `judged` is beyond the threshold on the remedy's side:
/// the rounded value when the contract rounds, else the exact one.
pub(super) fn units(judged: &Judged, pu: &PerUnitValue) -> Option<u64> {
    let (num, den) = match judged.rounded {
        Some(r) => (i128::from(r), 1),
        None => (
            i128::from(judged.exact.numerator),
            i128::from(judged.exact.denominator),
        ),
    };
    let threshold = i128::from(pu.threshold_seconds).checked_mul(den)?;
    let beyond = match pu.direction {
        Direction::Over => num.checked_sub(threshold)?,
        Direction::Under => threshold.checked_sub(num)?,
    };
    let per = i128::from(pu.unit_seconds)
        .checked_mul(den)
        .filter(|d| *d > 0)?;
    u64::try_from(beyond.max(0).div_euclid(per)).ok()
}

/// Adds each objective's per-unit lines of the run to the periods it
/// accrues in (a period with nothing owed still counts for rolling caps).
pub(super) fn accrue(
    ctx: &Ctx<'_>,
    durations: &Durations,
    service: &Service,
    run: Run,
    digits: u32,
    accrued: &mut BTreeMap<NaiveDate, Accrued>,
) -> Result<(), EvalError> {
    for o in ctx
        .rules
        .objectives
        .iter()
        .filter(|o| o.service == service.name)
    {
        let Some(schedule) = run.schedule(o) else {
            continue;
        };
        let Some(pu) = &schedule.per_unit else {
            continue;
        };
        let Some(vals) = durations.get(&(o.name.clone(), schedule.period)) else {
            continue;
        };
        for (span, judged) in vals {
            let entry = accrued
                .entry(span.start)
                .or_insert_with(|| Accrued::new(span));
            let Some(judged) = judged.as_ref().filter(|_| span.complete) else {
                continue;
            };
            let n = units(judged, pu).ok_or_else(|| overflow(service))?;
            if n == 0 {
                continue;
            }
            let fee = super::billed::fee(ctx, service, span, entry)?;
            if super::billed::wanting(service, fee.as_ref(), Some(&pu.payout)) {
                super::billed::mark(service, span, entry);
                continue;
            }
            let at = (service, fee.as_ref(), o, schedule);
            let (amount, mut line) = line(at, run, digits, span, judged, pu, n)?;
            // An aggregate has no items to breach: the checker refuses a
            // window `of each breach` on it (E0570).
            line.claim_deadline =
                super::deadline::claim_deadline(ctx, schedule, (o.timezone, span), None)?;
            entry.total = entry.total.add(amount).ok_or_else(|| overflow(service))?;
            entry.lines.push(line);
        }
    }
    Ok(())
}

/// `second`, `minute`, `hour`, `day`, `week`, or `N seconds`.
fn unit_word(unit_seconds: u64) -> String {
    const NAMED: [(u64, &str); 5] = [
        (1, "second"),
        (60, "minute"),
        (3_600, "hour"),
        (86_400, "day"),
        (604_800, "week"),
    ];
    NAMED.iter().find(|(s, _)| *s == unit_seconds).map_or_else(
        || format!("{unit_seconds} seconds"),
        |(_, w)| (*w).to_owned(),
    )
}

/// The line of `n` units in `span`, with its exact amount.
fn line(
    (service, fee, o, schedule): (&Service, Option<&Fee>, &Objective, &Schedule),
    run: Run,
    digits: u32,
    span: &Span,
    judged: &Judged,
    pu: &PerUnitValue,
    n: u64,
) -> Result<(Amount, SettlementLine), EvalError> {
    let (each, days) =
        remedy::amount(&pu.payout, fee, schedule.period, span.start).ok_or_else(|| {
            EvalError::NoFee {
                bonus: run.bonus,
                objective: o.name.clone(),
                service: service.name.clone(),
                period: schedule.period,
            }
        })?;
    let amount = each.mul(i128::from(n)).ok_or_else(|| overflow(service))?;
    let side = match pu.direction {
        Direction::Over => "over",
        Direction::Under => "under",
    };
    let line = SettlementLine {
        objective: o.name.clone(),
        value: None,
        tier: format!(
            "per {} {side} {} s",
            unit_word(pu.unit_seconds),
            pu.threshold_seconds
        ),
        payout: money::describe(&pu.payout),
        amount: amount.exact(digits).ok_or_else(|| overflow(service))?,
        claims: crate::report::claim_terms(schedule),
        days_in_period: days,
        breaches: None,
        shortfall: None,
        lateness: None,
        claim_deadline: None,
        component: None,
        component_fee: None,
        before_component_cap: None,
        per_unit: Some(PerUnitFigures {
            seconds: judged.exact.clone(),
            seconds_rounded: judged.rounded,
            threshold_seconds: pu.threshold_seconds,
            unit_seconds: pu.unit_seconds,
            direction: pu.direction,
            units: n,
        }),
    };
    Ok((amount, line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Seconds;

    fn judged(num: i64, den: i64, rounded: Option<i64>) -> Judged {
        Judged {
            exact: Seconds {
                numerator: num,
                denominator: den,
                decimal: rust_decimal::Decimal::ZERO,
                rounded: false,
            },
            rounded,
        }
    }

    fn pu(direction: Direction, unit: u64, threshold: u64) -> PerUnitValue {
        PerUnitValue {
            unit_seconds: unit,
            direction,
            threshold_seconds: threshold,
            payout: slate_rules::Payout::PercentOfFee {
                percent: slate_rules::Percent::new(rust_decimal::Decimal::ONE)
                    .unwrap_or_else(|_| unreachable!()),
                basis: None,
            },
        }
    }

    #[test]
    fn whole_units_from_the_threshold() {
        let over = pu(Direction::Over, 1, 30);
        // At the threshold: nothing. 31: one. 61/2 = 30.5 exact: none (a
        // part of a unit), but rounded half up to 31: one.
        assert_eq!(units(&judged(30, 1, None), &over), Some(0));
        assert_eq!(units(&judged(31, 1, None), &over), Some(1));
        assert_eq!(units(&judged(61, 2, None), &over), Some(0));
        assert_eq!(units(&judged(61, 2, Some(31)), &over), Some(1));
        // Under the threshold, credits count nothing.
        assert_eq!(units(&judged(10, 1, None), &over), Some(0));
        let under = pu(Direction::Under, 1, 15);
        // 12.9 s (129/10): 2.1 under → 2; 15 → 0; 20 → 0.
        assert_eq!(units(&judged(129, 10, None), &under), Some(2));
        assert_eq!(units(&judged(15, 1, None), &under), Some(0));
        assert_eq!(units(&judged(20, 1, None), &under), Some(0));
        // Per minute over 90 s: 209 s is 119 s over → 1 minute.
        assert_eq!(
            units(&judged(209, 1, None), &pu(Direction::Over, 60, 90)),
            Some(1)
        );
    }
}
