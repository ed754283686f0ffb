//! Exact money: fees of a period, payouts, caps and rounding.

use rust_decimal::{Decimal, RoundingStrategy};
use slate_rules::{Fee, Payout, Period};

use crate::report::Exact;

/// Calendar months in a settlement period (`None` for days and weeks,
/// which have no fee).
pub(crate) fn months(p: Period) -> Option<u32> {
    match p {
        Period::Hour | Period::Day | Period::Week => None,
        Period::Month => Some(1),
        Period::Quarter => Some(3),
        Period::Year => Some(12),
    }
}

/// The fee of one period: the fee per month times the months in it.
pub(crate) fn fee_for(fee: &Fee, period: Period) -> Option<Decimal> {
    let amount = fee.amount.get();
    Some(amount * Decimal::from(months(period)?) / Decimal::from(months(fee.per)?))
}

/// What a payout amounts to for a period, in twelfths of the currency unit:
/// exact, because every fee share divides by 1, 3 or 12 months.
pub(crate) fn payout12(p: &Payout, fee: Option<&Fee>, period: Period) -> Option<Decimal> {
    match p {
        Payout::PercentOfFee { percent } => {
            let fee = fee?;
            let amount = fee.amount.get();
            let per_month_twelfths = Decimal::from(12 / months(fee.per)?);
            Some(
                amount * percent.get() * Decimal::from(months(period)?) * per_month_twelfths
                    / Decimal::from(100u32),
            )
        }
        Payout::Fixed { amount, .. } => Some(amount.get() * Decimal::from(12u32)),
    }
}

/// An amount in twelfths, rounded half to even to `digits` places of the
/// unit, exactly: the quotient by 12 is never cut short before rounding.
pub(crate) fn round12(twelfths: Decimal, digits: u32) -> Decimal {
    let twelve = Decimal::from(12u32);
    let scale = Decimal::from(10u64.pow(digits.min(18)));
    let y = twelfths * scale;
    let mut f = (y / twelve).floor();
    let mut r = y - f * twelve;
    while r < Decimal::ZERO {
        f -= Decimal::ONE;
        r += twelve;
    }
    while r >= twelve {
        f += Decimal::ONE;
        r -= twelve;
    }
    let twice = r * Decimal::TWO;
    let up = twice > twelve || (twice == twelve && f % Decimal::TWO != Decimal::ZERO);
    if up {
        f += Decimal::ONE;
    }
    f / scale
}

/// An amount in twelfths as an exact decimal with at least `digits`
/// decimal places (the currency's minor unit: `100.00`, never `100`), or
/// to 12 places and marked `…` where the quotient does not end.
pub(crate) fn exact(twelfths: Decimal, digits: u32) -> Exact {
    // m / 10^s divided by 12 = 4 × 3 ends exactly when 3 divides m (a
    // product of the quotient and 12 would not tell: it is rounded to 28
    // digits, and can come back equal).
    let ends = twelfths.mantissa() % 3 == 0;
    let q = twelfths / Decimal::from(12u32);
    let mut q = if ends { q } else { q.round_dp(12) }.normalize();
    if q.scale() < digits {
        q.rescale(digits);
    }
    Exact { value: q, ends }
}

/// Rounds half to even to `digits` decimal places.
pub(crate) fn round(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven)
}

/// A payout in the contract's words: `10% of fee`, or an amount as the
/// contract writes it (`EUR 1,500.00`, with [`slate_words::money`]).
pub(crate) fn describe(p: &Payout) -> String {
    match p {
        Payout::PercentOfFee { percent } => format!("{percent}% of fee"),
        Payout::Fixed { amount, currency } => {
            slate_words::money_amount(amount.get(), false, currency.as_str())
        }
    }
}

/// An amount with exactly `digits` decimal places.
pub(crate) fn show(amount: Decimal, digits: u32) -> Decimal {
    let mut a = round(amount, digits);
    a.rescale(digits);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(amount: &str, per: Period) -> Fee {
        Fee {
            amount: slate_rules::Amount::parse(amount).unwrap(),
            currency: slate_rules::Currency::parse("EUR").unwrap(),
            per,
        }
    }

    #[test]
    fn percentages_of_fees() {
        // 10% of a yearly fee of 1000 for one month: 1000 × 10 × 1 / (100 ×
        // 12) = 8.3333…, which rounds to 8.33.
        let p = Payout::PercentOfFee {
            percent: slate_rules::Percent::parse("10").unwrap(),
        };
        let a = payout12(&p, Some(&fee("1000", Period::Year)), Period::Month).unwrap();
        assert_eq!(show(round12(a, 2), 2).to_string(), "8.33");
        // A quarter of a monthly fee of 6500 is 19500; 25% of it is 4875.
        let p = Payout::PercentOfFee {
            percent: slate_rules::Percent::parse("25").unwrap(),
        };
        let a = payout12(&p, Some(&fee("6500", Period::Month)), Period::Quarter).unwrap();
        assert_eq!(show(round12(a, 2), 2).to_string(), "4875.00");
        assert_eq!(exact(a, 2).to_string(), "4875.00");
        assert_eq!(exact(a, 0).to_string(), "4875");
    }

    #[test]
    fn twelfths_are_exact() {
        // Three lines of 1% of a yearly fee of 22.00 for one month: each is
        // 22 × 1 × 1 / (100 × 12) = 0.018333…; together exactly 0.055,
        // which rounds half to even to 0.06 (cutting the quotients short
        // would give 0.054999… and round to 0.05).
        let p = Payout::PercentOfFee {
            percent: slate_rules::Percent::parse("1").unwrap(),
        };
        let one = payout12(&p, Some(&fee("22", Period::Year)), Period::Month).unwrap();
        assert_eq!(
            show(round12(one * Decimal::from(3u32), 2), 2).to_string(),
            "0.06"
        );
        assert_eq!(exact(one * Decimal::from(3u32), 2).to_string(), "0.055");
        assert_eq!(exact(one, 2).to_string(), "0.018333333333…");
        // Half to even on exact halves, both ways.
        assert_eq!(show(round12(Decimal::from(30u32), 0), 0).to_string(), "2"); // 2.5 → 2
        assert_eq!(show(round12(Decimal::from(42u32), 0), 0).to_string(), "4"); // 3.5 → 4
        assert_eq!(show(round12(Decimal::from(-30i32), 0), 0).to_string(), "-2");
    }

    #[test]
    fn rounds_half_to_even() {
        assert_eq!(show("2.345".parse().unwrap(), 2).to_string(), "2.34");
        assert_eq!(show("2.355".parse().unwrap(), 2).to_string(), "2.36");
        assert_eq!(show("7".parse().unwrap(), 0).to_string(), "7");
    }

    #[test]
    fn fixed_payouts_in_the_contracts_words() {
        // A fixed payout as the contract writes it.
        let p = Payout::Fixed {
            amount: slate_rules::Amount::parse("400000").unwrap(),
            currency: slate_rules::Currency::parse("JPY").unwrap(),
        };
        assert_eq!(describe(&p), "JPY 400,000");
    }

    #[test]
    fn exact_amounts_carry_the_minor_unit() {
        assert_eq!(exact(Decimal::from(1200u32), 2).to_string(), "100.00");
        assert_eq!(exact(Decimal::from(1200u32), 3).to_string(), "100.000");
        assert_eq!(exact(Decimal::from(1200u32), 0).to_string(), "100");
        assert_eq!(exact(Decimal::from(6u32), 0).to_string(), "0.5");
        // 1.2 / 12 = 0.1 exactly; 1.2000000000004 / 12 does not end.
        assert_eq!(exact("1.2".parse().unwrap(), 3).to_string(), "0.100");
        assert_eq!(
            exact("1.2000000000004".parse().unwrap(), 3).to_string(),
            "0.100…"
        );
        // 50% of a month of BHD 12,345.679 a year is 6172.8395 twelfths:
        // 514.403291666…, which does not end, though the rounded quotient
        // times 12 gives 6172.8395 back.
        assert_eq!(
            exact("6172.8395".parse().unwrap(), 3).to_string(),
            "514.403291666667…"
        );
    }
}
