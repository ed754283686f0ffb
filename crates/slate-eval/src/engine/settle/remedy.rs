//! What one remedy of a schedule pays for one settled period: the amounts
//! (a fixed sum, a percentage, an exact fraction or days' shares of the
//! fee) and the remedies that pay them (tiers, today).
//!
//! Every remedy of a service gives lines, summed into the service's
//! amount for the period, which the caps then limit.

use chrono::NaiveDate;
use slate_rules::{Fee, Lateness, Payout, PerDowntime, Period, Schedule, Tier};
use slate_time::periods;

use super::super::aggregate::at_least;
use super::amount::Amount;
use crate::money;
use crate::report::Ratio;

/// A remedy of a schedule: what it pays for a settled period.
#[derive(Clone, Copy, Debug)]
pub(super) enum Remedy<'s> {
    /// The tier the period's value reaches pays its payout.
    Tiers(&'s [Tier]),
    /// Each breached item of the period pays the payout.
    PerBreach(&'s Payout),
    /// Each unit of downtime beyond the allowed downtime pays the payout.
    PerDowntime(&'s PerDowntime),
    /// Each breached item pays the payout for each day (or hour) it is late.
    Late(&'s Lateness),
}

/// The remedies of a schedule, in the order the report lists them.
pub(super) fn remedies(schedule: &Schedule) -> Vec<Remedy<'_>> {
    let mut out = Vec::new();
    if !schedule.tiers.is_empty() {
        out.push(Remedy::Tiers(&schedule.tiers));
    }
    if let Some(p) = &schedule.per_breach {
        out.push(Remedy::PerBreach(p));
    }
    if let Some(d) = &schedule.per_downtime {
        out.push(Remedy::PerDowntime(d));
    }
    if let Some(l) = &schedule.lateness {
        out.push(Remedy::Late(l));
    }
    out
}

/// The breached items of a period of an item objective: those decided
/// and not met (pending items are in neither count of its value).
pub(super) fn breaches(value: &Ratio) -> u64 {
    u64::try_from(value.denominator.saturating_sub(value.numerator)).unwrap_or(0)
}

/// The days of the whole settled period that starts on `start` (a
/// January has 31, a 2026 first quarter 90), whatever the validity cuts.
pub(super) fn days_in(kind: Period, start: NaiveDate) -> Option<u32> {
    let days = (periods::next(kind, start) - start).num_days();
    u32::try_from(days).ok().filter(|d| *d > 0)
}

/// The service's fee for a period of `kind`, exact: the fee per month
/// times the months in it (a month of a yearly fee is a twelfth of it).
fn fee_of_period(fee: &Fee, kind: Period) -> Option<Amount> {
    let months = i128::from(money::months(kind)?);
    let per = i128::from(money::months(fee.per)?);
    Amount::of(fee.amount.get())?.scale(months, per)
}

/// What a payout amounts to in the settled period of `kind` that starts
/// on `start`, exactly, with the days of the period when it is a day's
/// share (the report states them). `None` when it is a share of a fee the
/// service does not have for the period.
pub(super) fn amount(
    p: &Payout,
    fee: Option<&Fee>,
    kind: Period,
    start: NaiveDate,
) -> Option<(Amount, Option<u32>)> {
    // A fixed basis is the same in every period, whatever its length.
    let fixed = money::basis_fee(p, kind);
    let fee = fixed.as_ref().or(fee);
    match p {
        Payout::PercentOfFee { .. } | Payout::Fixed { .. } => {
            Some((Amount::of_twelfths(money::payout12(p, fee, kind)?)?, None))
        }
        Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => {
            let whole = fee_of_period(fee?, kind)?;
            let a = whole.scale(i128::from(numerator.get()), i128::from(denominator.get()))?;
            Some((a, None))
        }
        Payout::DaysOfFee { days, .. } => {
            let whole = fee_of_period(fee?, kind)?;
            let in_period = days_in(kind, start)?;
            let a = whole.scale(i128::from(days.get()), i128::from(in_period))?;
            Some((a, Some(in_period)))
        }
    }
}

/// The tier a value reaches: for credits the lowest threshold it is below,
/// for a bonus the highest it is at least.
pub(super) fn tier<'s>(tiers: &'s [Tier], bonus: bool, value: &Ratio) -> Option<&'s Tier> {
    tiers
        .iter()
        .filter(|t| {
            let th = t.threshold.get();
            if bonus {
                at_least(value, th)
            } else {
                !at_least(value, th)
            }
        })
        .min_by(|a, b| {
            let (x, y) = (a.threshold.get(), b.threshold.get());
            if bonus { y.cmp(&x) } else { x.cmp(&y) }
        })
}

pub(super) fn bound_word(bonus: bool) -> &'static str {
    if bonus { "at least" } else { "below" }
}

/// A tier with its payout, as a basis writes it: `below 99.9%: 10% of fee`.
pub(super) fn tier_words(t: &Tier, bonus: bool) -> String {
    format!(
        "{} {}%: {}",
        bound_word(bonus),
        t.threshold,
        money::describe(&t.payout)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use slate_rules::{Currency, Fee};

    fn fee(amount: &str, per: Period) -> Fee {
        Fee {
            amount: slate_rules::Amount::parse(amount).unwrap(),
            currency: Currency::parse("EUR").unwrap(),
            per,
        }
    }

    fn date(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    fn shown(a: Amount) -> String {
        let e = a.exact(2).unwrap();
        format!("{}{}", e.value, if e.ends { "" } else { "…" })
    }

    /// A day's share is the period's fee over its days: 1000.00 / 31 =
    /// 32.258064516129… in January, 1000.00 / 28 = 35.714285714285… in
    /// February 2026; 1/30 is 33.333… in any month; 2 days of a quarterly
    /// fee of 3000.00 over the 90 days of 2026-Q1 = 66.666…
    #[test]
    fn shares_of_the_fee_are_exact_in_each_period() {
        let monthly = fee("1000", Period::Month);
        let day = Payout::DaysOfFee {
            days: std::num::NonZeroU32::MIN,
            basis: None,
        };
        let jan = amount(&day, Some(&monthly), Period::Month, date(2026, 1)).unwrap();
        assert_eq!(
            (shown(jan.0), jan.1),
            ("32.258064516129…".to_owned(), Some(31))
        );
        let feb = amount(&day, Some(&monthly), Period::Month, date(2026, 2)).unwrap();
        assert_eq!(
            (shown(feb.0), feb.1),
            ("35.714285714286…".to_owned(), Some(28))
        );
        let third = Payout::FractionOfFee {
            numerator: std::num::NonZeroU32::MIN,
            denominator: std::num::NonZeroU32::new(30).unwrap(),
            basis: None,
        };
        let a = amount(&third, Some(&monthly), Period::Month, date(2026, 2)).unwrap();
        assert_eq!((shown(a.0), a.1), ("33.333333333333…".to_owned(), None));
        let two = Payout::DaysOfFee {
            days: std::num::NonZeroU32::new(2).unwrap(),
            basis: None,
        };
        let q = fee("3000", Period::Quarter);
        let a = amount(&two, Some(&q), Period::Quarter, date(2026, 1)).unwrap();
        assert_eq!((shown(a.0), a.1), ("66.666666666667…".to_owned(), Some(90)));
        assert!(amount(&two, None, Period::Month, date(2026, 1)).is_none());
    }
}
