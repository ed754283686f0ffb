//! Money in a rule set: amounts, payouts, caps and the fee they are a
//! share of.

use super::{Problem, Problems, billing};
use crate::value::ValueError;
use crate::{Payout, RuleSet};

/// An amount of money at `at` (`amount` and `currency`): written as Slate
/// writes one, not negative, in an ISO 4217 currency, the agreement's.
pub(super) fn money(p: &mut Problems<'_>, at: &str, own: &crate::Currency, r: &RuleSet) {
    let (amount_at, currency_at) = (format!("{at}.amount"), format!("{at}.currency"));
    let currency = p
        .written(&currency_at)
        .map(|c| crate::clip(c, crate::MAX_QUOTED).into_owned());
    match p.error(&amount_at).cloned() {
        Some(ValueError::Negative(amount)) => {
            let currency = currency.unwrap_or_else(|| own.to_string());
            p.said.insert(amount_at);
            p.out.push(Problem::NegativeMoney {
                at: at.to_owned(),
                currency,
                amount,
            });
        }
        Some(error) => {
            p.said.insert(amount_at);
            p.out.push(Problem::Value {
                at: at.to_owned(),
                error,
            });
        }
        None => {}
    }
    if let Some((_, error)) = p.take(&currency_at) {
        p.out.push(Problem::Value {
            at: at.to_owned(),
            error,
        });
    } else if let Some(c) = &r.agreement.currency
        && p.written("agreement.currency").is_none()
        && own != c
    {
        p.out.push(Problem::OtherCurrency {
            at: at.to_owned(),
            currency: own.to_string(),
            agreement: c.to_string(),
        });
    }
}

pub(super) fn payout(p: &mut Problems<'_>, at: &str, payout: &Payout, r: &RuleSet) {
    // A fixed basis is an amount of money like any other.
    if let Some(b) = payout.basis() {
        money(p, &format!("{at}.basis"), &b.currency, r);
    }
    match payout {
        Payout::PercentOfFee { .. } => {
            p.read(&format!("{at}.percent"));
        }
        Payout::Fixed { currency, .. } => money(p, at, currency, r),
        Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => {
            if numerator > denominator {
                p.out.push(Problem::FractionOverOne {
                    at: at.to_owned(),
                    numerator: numerator.get(),
                    denominator: denominator.get(),
                });
            }
        }
        Payout::DaysOfFee { .. } => {}
    }
}

/// A cap is a percentage of the fee or a fixed amount; a fraction or a
/// day's share of the fee is for what a remedy pays.
pub(super) fn cap_payout(p: &mut Problems<'_>, at: &str, payout: &Payout) {
    if matches!(
        payout,
        Payout::FractionOfFee { .. } | Payout::DaysOfFee { .. }
    ) {
        p.out.push(Problem::CapShare { at: at.to_owned() });
    }
}

/// A percentage of the fee can be computed for a period only from a fee
/// per month, quarter or year, in a period of months.
pub(super) fn usable_fee(
    p: &mut Problems<'_>,
    at: &str,
    payout: &Payout,
    service: &crate::Service,
    period: crate::Period,
) {
    use crate::Period::{Day, Hour, Week};
    if !payout.of_fee() {
        return;
    }
    let why = match &service.fee {
        None => match billing::billed_why(service, period) {
            Some(why) => why,
            None => return,
        },
        Some(f) if matches!(f.per, Hour | Day | Week) => {
            format!(
                "its fee is per {}, not per month, quarter or year",
                f.per.noun()
            )
        }
        Some(_) if matches!(period, Hour | Day | Week) => {
            format!(
                "it is paid per {}, and a fee is shared only over months, quarters and years",
                period.noun()
            )
        }
        Some(_) => return,
    };
    p.out.push(Problem::NoUsableFee {
        at: at.to_owned(),
        service: crate::clip(&service.name, crate::MAX_QUOTED).into_owned(),
        why,
    });
}
