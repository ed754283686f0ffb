//! Exact money for settlement: a fraction of two integers, so that a
//! thirtieth of a fee or a day's share of it (a 31st of a January fee)
//! stays exact until the one rounding to the currency's minor unit.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::report::Exact;

/// An exact amount of money: `num / den`, `den` > 0, in lowest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Amount {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Amount {
    pub(super) const ZERO: Amount = Amount { num: 0, den: 1 };

    /// `num / den` in lowest terms; `None` when `den` is 0.
    fn new(num: i128, den: i128) -> Option<Amount> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Amount {
            num: sign * (num / g),
            den: sign * (den / g),
        })
    }

    /// An exact decimal.
    pub(super) fn of(d: Decimal) -> Option<Amount> {
        let den = 10i128.checked_pow(d.scale())?;
        Amount::new(d.mantissa(), den)
    }

    /// An amount kept in twelfths of the currency unit.
    pub(super) fn of_twelfths(twelfths: Decimal) -> Option<Amount> {
        Amount::of(twelfths)?.div(12)
    }

    /// The sum.
    pub(super) fn add(self, o: Amount) -> Option<Amount> {
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Amount::new(num, self.den.checked_mul(o.den)?)
    }

    /// The difference.
    pub(super) fn sub(self, o: Amount) -> Option<Amount> {
        self.add(Amount {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    /// Times a whole number.
    pub(super) fn mul(self, n: i128) -> Option<Amount> {
        Amount::new(self.num.checked_mul(n)?, self.den)
    }

    /// Times a fraction `n / d`.
    pub(super) fn scale(self, n: i128, d: i128) -> Option<Amount> {
        let g1 = gcd(self.num, d).max(1);
        let g2 = gcd(n, self.den).max(1);
        Amount::new(
            (self.num / g1).checked_mul(n / g2)?,
            (self.den / g2).checked_mul(d / g1)?,
        )
    }

    /// Divided by a whole number (not 0).
    pub(super) fn div(self, n: i128) -> Option<Amount> {
        self.scale(1, n)
    }

    /// The larger of this and zero.
    pub(super) fn at_least_zero(self) -> Amount {
        if self.num < 0 { Amount::ZERO } else { self }
    }

    /// `floor(self × 10^digits)` and the remainder's numerator over `den`.
    fn split(self, digits: u32) -> Option<(i128, i128)> {
        let y = self.num.checked_mul(10i128.checked_pow(digits)?)?;
        Some((y.div_euclid(self.den), y.rem_euclid(self.den)))
    }

    /// Rounded half to even to `digits` decimal places.
    pub(super) fn round(self, digits: u32) -> Option<Decimal> {
        let (mut f, r) = self.split(digits)?;
        let twice = r.checked_mul(2)?;
        if twice > self.den || (twice == self.den && f % 2 != 0) {
            f += 1;
        }
        Decimal::try_from_i128_with_scale(f, digits).ok()
    }

    /// The amount as an exact decimal with at least `digits` decimal
    /// places, or to 12 places (half to even) and marked `…` where it does
    /// not end.
    pub(super) fn exact(self, digits: u32) -> Option<Exact> {
        // The decimal ends when the denominator has no prime factor but 2
        // and 5.
        let mut d = self.den;
        for p in [2, 5] {
            while d % p == 0 {
                d /= p;
            }
        }
        let ends = d == 1;
        let places = if ends {
            let mut k = 0u32;
            while self.split(k)?.1 != 0 {
                k += 1;
            }
            k
        } else {
            12
        };
        let mut q = self.round(places)?.normalize();
        if q.scale() < digits {
            q.rescale(digits);
        }
        Some(Exact { value: q, ends })
    }
}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, o: &Self) -> Ordering {
        compare(self.num, self.den, o.num, o.den)
    }
}

/// `a / b` against `c / d` (`b`, `d` > 0), exactly and without overflow:
/// whole parts first, then the remainders' reciprocals, as a continued
/// fraction.
fn compare(a: i128, b: i128, c: i128, d: i128) -> Ordering {
    let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
    let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
    match qa.cmp(&qc) {
        Ordering::Equal => match (ra == 0, rc == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // ra/b < rc/d exactly when d/rc < b/ra.
            (false, false) => compare(d, rc, b, ra),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The ledger kept money in twelfths of the unit before fractions of
    // any denominator: its tests, read through `Amount`.
    use crate::money::{payout12, show};
    use slate_rules::{Fee, Payout, Period};

    fn fee(amount: &str, per: Period) -> Fee {
        Fee {
            amount: slate_rules::Amount::parse(amount).unwrap(),
            currency: slate_rules::Currency::parse("EUR").unwrap(),
            per,
        }
    }

    fn round12(twelfths: Decimal, digits: u32) -> Decimal {
        Amount::of_twelfths(twelfths)
            .unwrap()
            .round(digits)
            .unwrap()
    }

    fn exact(twelfths: Decimal, digits: u32) -> Exact {
        Amount::of_twelfths(twelfths)
            .unwrap()
            .exact(digits)
            .unwrap()
    }

    #[test]
    fn percentages_of_fees() {
        // 10% of a yearly fee of 1000 for one month: 1000 × 10 × 1 / (100 ×
        // 12) = 8.3333…, which rounds to 8.33.
        let p = Payout::PercentOfFee {
            percent: slate_rules::Percent::parse("10").unwrap(),
            basis: None,
        };
        let a = payout12(&p, Some(&fee("1000", Period::Year)), Period::Month).unwrap();
        assert_eq!(show(round12(a, 2), 2).to_string(), "8.33");
        // A quarter of a monthly fee of 6500 is 19500; 25% of it is 4875.
        let p = Payout::PercentOfFee {
            percent: slate_rules::Percent::parse("25").unwrap(),
            basis: None,
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
            basis: None,
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

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// 1000.00 / 31 = 32.258064516129…, shown to 12 places and rounded to
    /// 32.26; 1000 / 32 = 31.25 ends.
    #[test]
    fn fractions_stay_exact_until_rounded() {
        let fee = Amount::of(d("1000.00")).unwrap();
        let day = fee.div(31).unwrap();
        assert_eq!(day.round(2), Some(d("32.26")));
        let e = day.exact(2).unwrap();
        assert_eq!(
            (e.value.to_string(), e.ends),
            ("32.258064516129".to_owned(), false)
        );
        let e = fee.div(32).unwrap().exact(2).unwrap();
        assert_eq!((e.value.to_string(), e.ends), ("31.25".to_owned(), true));
        // 31 days' shares are the fee again.
        assert_eq!(day.mul(31), Some(fee));
        // Half to even: 0.125 → 0.12, 0.375 → 0.38.
        assert_eq!(Amount::of(d("0.125")).unwrap().round(2), Some(d("0.12")));
        assert_eq!(Amount::of(d("0.375")).unwrap().round(2), Some(d("0.38")));
        assert_eq!(Amount::of(d("-0.125")).unwrap().round(2), Some(d("-0.12")));
    }

    /// Twelfths read as the ledger kept them: 100 twelfths = 8.333…
    #[test]
    fn twelfths_are_read_exactly() {
        let a = Amount::of_twelfths(d("100")).unwrap();
        let e = a.exact(2).unwrap();
        assert_eq!(
            (e.value.to_string(), e.ends),
            ("8.333333333333".to_owned(), false)
        );
        assert!(a < Amount::of(d("8.34")).unwrap());
        assert!(a > Amount::of(d("8.33")).unwrap());
    }
}
