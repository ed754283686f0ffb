//! A credit per unit of shortfall of an availability objective: the
//! downtime beyond (1 − target) × measured time, never below zero,
//! rounded to the nearest multiple R first when the contract says so
//! (R·⌊S/R + ½⌋), then counted in units U: ⌊S/U⌋, or ⌈S/U⌉ "or part
//! thereof". Every figure is an exact fraction of integers.

use rust_decimal::Decimal;
use slate_rules::{Measure, Objective, PerDowntime};

use crate::report::{Ratio, Shortfall};

/// The shortfall of `o` in a settled period whose availability is
/// `value` (up seconds over measured seconds), and the units of it that
/// `d` pays for. `None` when the objective is not availability counted to
/// the second (reading refuses such a rule set) or a figure overflows.
pub(super) fn shortfall(o: &Objective, value: &Ratio, d: &PerDowntime) -> Option<Shortfall> {
    let Measure::Availability {
        target,
        downtime_unit_seconds: None,
        unit_down: None,
        ..
    } = &o.measure
    else {
        return None;
    };
    of_target(target.get(), value, d)
}

/// [`shortfall`] against an availability target of `target` percent.
fn of_target(target: Decimal, value: &Ratio, d: &PerDowntime) -> Option<Shortfall> {
    let (up, measured) = (i128::from(value.numerator), i128::from(value.denominator));
    // The target is t = m / 10^e percent, so every figure is an integer
    // over den = 100 · 10^e seconds.
    let e = target.scale();
    let den = 10i128.checked_pow(e)?.checked_mul(100)?;
    let m = target.mantissa();
    // Required up time t/100 · measured; the shortfall is what is missing
    // of it: t/100 · measured − up = downtime − (1 − t/100) · measured.
    let beyond = m.checked_mul(measured)?.checked_sub(up.checked_mul(den)?)?;
    let num = beyond.max(0);
    let allowed = den.checked_sub(m)?.checked_mul(measured)?;
    let rounded = match d.round_seconds {
        Some(r) => {
            // R·⌊S/R + ½⌋ = R·⌊(2·num + R·den) / (2·R·den)⌋.
            let r = i128::from(r);
            let two_rd = r.checked_mul(den)?.checked_mul(2)?;
            let k = num
                .checked_mul(2)?
                .checked_add(r.checked_mul(den)?)?
                .div_euclid(two_rd);
            Some(k.checked_mul(r)?.checked_mul(den)?)
        }
        None => None,
    };
    let s = rounded.unwrap_or(num);
    let ud = i128::from(d.unit_seconds).checked_mul(den)?;
    if ud <= 0 {
        return None;
    }
    let units = if d.part_thereof {
        s.checked_add(ud - 1)?.div_euclid(ud)
    } else {
        s.div_euclid(ud)
    };
    let scale = e.checked_add(2)?;
    let exact = |n: i128| {
        Decimal::try_from_i128_with_scale(n, scale)
            .ok()
            .map(|x| x.normalize())
    };
    Some(Shortfall {
        downtime_seconds: value.denominator.checked_sub(value.numerator)?,
        allowed_seconds: exact(allowed)?,
        seconds: exact(num)?,
        round_seconds: d.round_seconds,
        rounded_seconds: match rounded {
            Some(r) => Some(exact(r)?),
            None => None,
        },
        unit_seconds: d.unit_seconds,
        part_thereof: d.part_thereof,
        units: u64::try_from(units).ok()?,
    })
}

/// The remedy as the report names it: `per 4 hours or part thereof of
/// downtime`.
pub(super) fn words(s: &Shortfall) -> String {
    format!(
        "per {}{} of downtime",
        slate_words::seconds(s.unit_seconds),
        if s.part_thereof {
            " or part thereof"
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(up: i64, measured: i64) -> Ratio {
        Ratio {
            numerator: up,
            denominator: measured,
            percent: Decimal::ZERO,
            rounded: false,
        }
    }

    fn per(unit: u64, part: bool, round: Option<u64>) -> PerDowntime {
        PerDowntime {
            unit_seconds: unit,
            part_thereof: part,
            round_seconds: round,
            payout: slate_rules::Payout::DaysOfFee {
                days: std::num::NonZeroU32::MIN,
                basis: None,
            },
        }
    }

    /// 99.9% of a 30-day month (2,592,000 s) allows 2,592 s of downtime;
    /// 2,592 + 14,400 s down is a shortfall of exactly 4 hours: 1 unit,
    /// either way; one second less is 0 units, or 1 "or part thereof".
    #[test]
    fn a_shortfall_counts_whole_or_begun_units() {
        let o = Decimal::new(999, 1);
        let month = 2_592_000;
        let v = ratio(month - 2_592 - 14_400, month);
        let s = of_target(o, &v, &per(14_400, false, None)).unwrap();
        assert_eq!(s.allowed_seconds, Decimal::from(2_592));
        assert_eq!((s.seconds, s.units), (Decimal::from(14_400), 1));
        let v = ratio(month - 2_592 - 14_399, month);
        assert_eq!(
            of_target(o, &v, &per(14_400, false, None)).unwrap().units,
            0
        );
        assert_eq!(of_target(o, &v, &per(14_400, true, None)).unwrap().units, 1);
        // Within the allowance: no shortfall, no unit even "or part thereof".
        let v = ratio(month - 2_592, month);
        let s = of_target(o, &v, &per(14_400, true, None)).unwrap();
        assert_eq!((s.seconds, s.units), (Decimal::ZERO, 0));
    }

    /// Rounding to 15 minutes (900 s) is half up: 450 s beyond rounds to
    /// 900 s, 449 s to 0.
    #[test]
    fn rounding_is_to_the_nearest_multiple_ties_up() {
        let o = Decimal::new(999, 1);
        let month = 2_592_000;
        let r = per(14_400, true, Some(900));
        let s = of_target(o, &ratio(month - 2_592 - 450, month), &r).unwrap();
        assert_eq!((s.rounded_seconds, s.units), (Some(Decimal::from(900)), 1));
        let s = of_target(o, &ratio(month - 2_592 - 449, month), &r).unwrap();
        assert_eq!((s.rounded_seconds, s.units), (Some(Decimal::ZERO), 0));
    }
}
