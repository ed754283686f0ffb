//! Exact money: fees of a period, payouts, caps and rounding.

use rust_decimal::{Decimal, RoundingStrategy};
use slate_rules::{Fee, Payout, Period};

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
    let fixed = basis_fee(p, period);
    let fee = fixed.as_ref().or(fee);
    match p {
        Payout::PercentOfFee { percent, .. } => {
            let fee = fee?;
            let amount = fee.amount.get();
            let per_month_twelfths = Decimal::from(12 / months(fee.per)?);
            Some(
                amount * percent.get() * Decimal::from(months(period)?) * per_month_twelfths
                    / Decimal::from(100u32),
            )
        }
        Payout::Fixed { amount, .. } => Some(amount.get() * Decimal::from(12u32)),
        // Not a whole number of twelfths: settlement computes them exactly
        // (`engine::settle::remedy`); a cap is never one (refused on reading).
        Payout::FractionOfFee { .. } | Payout::DaysOfFee { .. } => None,
    }
}

/// A payout's fixed basis as the fee of a period of `kind`: the same
/// amount whatever the period's length. `None` for a share of the fee.
pub(crate) fn basis_fee(p: &Payout, kind: Period) -> Option<Fee> {
    p.basis().map(|b| Fee {
        amount: b.amount,
        currency: b.currency,
        per: kind,
    })
}

/// Rounds half to even to `digits` decimal places.
pub(crate) fn round(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven)
}

/// A payout in the contract's words: `10% of fee`, or an amount as the
/// contract writes it (`EUR 1,500.00`, with [`slate_words::money`]).
pub(crate) fn describe(p: &Payout) -> String {
    let of = p.basis().map_or_else(|| "fee".to_owned(), basis);
    match p {
        Payout::PercentOfFee { percent, .. } => format!("{percent}% of {of}"),
        Payout::Fixed { amount, currency } => {
            slate_words::money_amount(amount.get(), false, currency.as_str())
        }
        Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => format!("{numerator}/{denominator} of {of}"),
        Payout::DaysOfFee { days, .. } if days.get() == 1 => format!("1 day of {of}"),
        Payout::DaysOfFee { days, .. } => format!("{days} days of {of}"),
    }
}

/// A fixed basis as a report names it: `support charge (monthly
/// maintenance and support cost, GBP 2,500.00)`, `support charge (GBP
/// 2,500.00)` without a label, `GBP 2,500.00` for an amount.
fn basis(b: &slate_rules::Basis) -> String {
    let amount = slate_words::money_amount(b.amount.get(), false, b.currency.as_str());
    match (&b.charge, &b.label) {
        (Some(name), Some(label)) => format!("{name} charge ({label}, {amount})"),
        (Some(name), None) => format!("{name} charge ({amount})"),
        (None, _) => amount,
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
}
