//! Exact money: fees of a period, payouts, caps and rounding.

use rust_decimal::{Decimal, RoundingStrategy};
use slate_rules::{Fee, Payout, Period};

/// Calendar months in a settlement period (`None` for days and weeks,
/// which have no fee).
pub(crate) fn months(p: Period) -> Option<u32> {
    match p {
        Period::Day | Period::Week => None,
        Period::Month => Some(1),
        Period::Quarter => Some(3),
        Period::Year => Some(12),
    }
}

fn dec(s: &str) -> Option<Decimal> {
    s.parse().ok()
}

/// The fee of one period: the fee per month times the months in it.
pub(crate) fn fee_for(fee: &Fee, period: Period) -> Option<Decimal> {
    let amount = dec(&fee.amount)?;
    Some(amount * Decimal::from(months(period)?) / Decimal::from(months(fee.per)?))
}

/// What a payout amounts to for a period, exactly: a percentage of the fee
/// with every multiplication before the division, or a fixed amount.
pub(crate) fn payout(p: &Payout, fee: Option<&Fee>, period: Period) -> Option<Decimal> {
    match p {
        Payout::PercentOfFee { percent } => {
            let fee = fee?;
            let amount = dec(&fee.amount)?;
            Some(
                amount * dec(percent)? * Decimal::from(months(period)?)
                    / (Decimal::from(100u32) * Decimal::from(months(fee.per)?)),
            )
        }
        Payout::Fixed { amount, .. } => dec(amount),
    }
}

/// Rounds half to even to `digits` decimal places.
pub(crate) fn round(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven)
}

/// A payout as written: `10% of fee` or `EUR 500`.
pub(crate) fn describe(p: &Payout) -> String {
    match p {
        Payout::PercentOfFee { percent } => format!("{percent}% of fee"),
        Payout::Fixed { amount, currency } => format!("{currency} {amount}"),
    }
}

/// An amount with exactly `digits` decimal places.
pub(crate) fn show(amount: Decimal, digits: u32) -> String {
    let mut a = round(amount, digits);
    a.rescale(digits);
    a.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(amount: &str, per: Period) -> Fee {
        Fee {
            amount: amount.to_owned(),
            currency: "EUR".to_owned(),
            per,
        }
    }

    #[test]
    fn percentages_multiply_before_dividing() {
        // 10% of a yearly fee of 1000 for one month: 1000 × 10 × 1 / (100 × 12)
        // = 8.3333…, which rounds to 8.33; dividing first would drift.
        let p = Payout::PercentOfFee {
            percent: "10".to_owned(),
        };
        let a = payout(&p, Some(&fee("1000", Period::Year)), Period::Month).unwrap();
        assert_eq!(show(a, 2), "8.33");
        // A quarter of a monthly fee of 6500 is 19500; 25% of it is 4875.
        let p = Payout::PercentOfFee {
            percent: "25".to_owned(),
        };
        let a = payout(&p, Some(&fee("6500", Period::Month)), Period::Quarter).unwrap();
        assert_eq!(show(a, 2), "4875.00");
    }

    #[test]
    fn rounds_half_to_even() {
        assert_eq!(show("2.345".parse().unwrap(), 2), "2.34");
        assert_eq!(show("2.355".parse().unwrap(), 2), "2.36");
        assert_eq!(show("7".parse().unwrap(), 0), "7");
    }
}
