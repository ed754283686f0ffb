//! Exact arithmetic on decimals: a sum or product that the decimal type
//! could hold only by rounding is refused, never rounded.
//!
//! `rust_decimal` keeps 96 bits of digits; when a result needs more it
//! silently drops decimal places. A result whose scale is below the scale
//! the exact result needs has been rounded, so these functions compare the
//! two and give `None` instead.

use rust_decimal::Decimal;

/// `a + b`, exactly, or `None` when the exact sum does not fit.
pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    (sum.scale() >= a.scale().max(b.scale())).then_some(sum)
}

/// `a × b`, exactly, or `None` when the exact product does not fit.
pub fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    let needed = a.scale() + b.scale();
    // A zero product of a zero factor is exact at any scale; a zero
    // product of two non-zero factors is one that underflowed.
    let zero_factor = a.is_zero() || b.is_zero();
    (zero_factor || (!product.is_zero() && product.scale() >= needed)).then_some(product)
}

/// The sum of `values`, exactly, or `None` when the total does not fit.
///
/// Only the total decides: partial sums are carried exactly however large
/// or fine they grow, so every order of the same values gives the same
/// result.
pub fn sum<'a>(values: impl IntoIterator<Item = &'a Decimal>) -> Option<Decimal> {
    let mut total = Sum::default();
    for v in values {
        total.add(*v);
    }
    total.total()
}

/// `10^28`: the fractional part of a sum is counted in units of `10^-28`,
/// the finest step a decimal holds.
const ONE: i128 = 10_000_000_000_000_000_000_000_000_000;

/// An exact running sum of decimals whose partial sums may exceed what a
/// decimal holds: the integer parts and the fractional parts (in units of
/// `10^-28`, kept in `0..10^28`) are carried in separate accumulators, and
/// the total becomes a decimal only at the end ([`Sum::total`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    /// The integer part of the total (rounded towards minus infinity).
    whole: i128,
    /// The fractional part, in units of `10^-28`, in `0..10^28`.
    fraction: i128,
    /// The largest scale of the values added, the scale the total keeps
    /// when it can.
    scale: u32,
    /// An integer part beyond `i128` (some 10^38 values added).
    overflow: bool,
}

impl Sum {
    /// Adds `value` exactly.
    pub fn add(&mut self, value: Decimal) {
        let scale = value.scale().min(28);
        let unit = 10i128.pow(scale);
        let mantissa = value.mantissa();
        let whole = mantissa / unit;
        // |mantissa % unit| < 10^scale, so the product is below 10^28.
        let fraction = (mantissa % unit) * 10i128.pow(28 - scale);
        let fraction = self.fraction + fraction;
        let carry = fraction.div_euclid(ONE);
        self.fraction = fraction.rem_euclid(ONE);
        match self
            .whole
            .checked_add(whole)
            .and_then(|w| w.checked_add(carry))
        {
            Some(w) => self.whole = w,
            None => self.overflow = true,
        }
        self.scale = self.scale.max(scale);
    }

    /// The total as a decimal, at the largest scale of the values added
    /// when it fits there, or `None` when no decimal holds it exactly
    /// (more than 28 significant digits, or beyond
    /// ±79228162514264337593543950335).
    pub fn total(&self) -> Option<Decimal> {
        if self.overflow {
            return None;
        }
        // The magnitude as integer part and fraction in `0..10^28`.
        let negative = self.whole < 0;
        let (whole, fraction) = if negative && self.fraction > 0 {
            (-(self.whole + 1), ONE - self.fraction)
        } else {
            (self.whole.checked_abs()?, self.fraction)
        };
        let mut scale = 28;
        let mut fraction = fraction;
        while scale > 0 && fraction % 10 == 0 {
            fraction /= 10;
            scale -= 1;
        }
        let at = |scale: u32, fraction: i128| {
            let mantissa = whole
                .checked_mul(10i128.pow(scale))?
                .checked_add(fraction)?;
            let mantissa = if negative { -mantissa } else { mantissa };
            Decimal::try_from_i128_with_scale(mantissa, scale).ok()
        };
        let wider = self.scale.saturating_sub(scale);
        at(self.scale.max(scale), fraction * 10i128.pow(wider)).or_else(|| at(scale, fraction))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        if s.contains('e') {
            return Decimal::from_scientific(s).unwrap_or_default();
        }
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn sums_that_would_round_are_refused() {
        assert_eq!(add(d("0.1"), d("0.2")), Some(d("0.3")));
        assert_eq!(add(d("1.5"), d("2.25")), Some(d("3.75")));
        // 999999999999999.00000000000004 has 29 significant digits.
        assert_eq!(add(d("999999999999999"), d("0.00000000000004")), None);
        assert_eq!(add(d("9999999999999999999999999999"), d("0.1")), None);
        assert_eq!(
            add(d("9999999999999999999999999999"), d("1")),
            Some(d("10000000000000000000000000000"))
        );
        assert_eq!(sum(&[d("1"), d("2"), d("3.5")]), Some(d("6.5")));
        assert_eq!(sum(&[d("1e20"), d("1e-10")]), None);
    }

    /// Every order of `values`, by Heap's algorithm.
    fn permutations(values: &[Decimal]) -> Vec<Vec<Decimal>> {
        fn heap(k: usize, v: &mut Vec<Decimal>, out: &mut Vec<Vec<Decimal>>) {
            if k <= 1 {
                out.push(v.clone());
                return;
            }
            for i in 0..k - 1 {
                heap(k - 1, v, out);
                if k.is_multiple_of(2) {
                    v.swap(i, k - 1);
                } else {
                    v.swap(0, k - 1);
                }
            }
            heap(k - 1, v, out);
        }
        let mut out = Vec::new();
        heap(values.len(), &mut values.to_vec(), &mut out);
        out
    }

    #[test]
    fn the_total_decides_whatever_the_order() {
        let nines = "9999999999999999999999999999";
        let sets: Vec<(Vec<&str>, Option<&str>)> = vec![
            // The reviewer's case: 10^27 − 10^27 + 10^-20 = 10^-20.
            (
                vec!["1e27", "-1e27", "1e-20"],
                Some("0.00000000000000000001"),
            ),
            // 8 × (28 nines) − (28 nines) = 7 × (28 nines), though
            // 8 × (28 nines) is beyond ±79228162514264337593543950335.
            (
                vec![
                    nines,
                    nines,
                    nines,
                    nines,
                    nines,
                    nines,
                    nines,
                    nines,
                    "-9999999999999999999999999999",
                ],
                Some("69999999999999999999999999993"),
            ),
            // A total of 29 significant digits is refused in every order.
            (vec!["999999999999999", "0.00000000000004", "1", "-1"], None),
            // Beyond the largest decimal, in every order.
            (
                vec!["79228162514264337593543950335", "1", "-0.5", "0.5"],
                None,
            ),
            (vec!["-79228162514264337593543950335", "-1", "0.5"], None),
            (vec!["0.1", "0.2", "-0.35", "1.05"], Some("1.00")),
            (vec!["-0.75", "-1.5", "0.25"], Some("-2.00")),
            (
                vec!["1e-28", "-1e-28", "5"],
                Some("5.0000000000000000000000000000"),
            ),
        ];
        for (values, expected) in sets {
            let values: Vec<Decimal> = values.iter().map(|v| d(v)).collect();
            let expected = expected.map(d);
            for order in permutations(&values) {
                let got = sum(&order);
                assert_eq!(got, expected, "{order:?}");
                assert_eq!(
                    got.map(|g| g.to_string()),
                    expected.map(|e| e.to_string()),
                    "{order:?}"
                );
            }
        }
        // The stored total keeps the sign of a negative fraction.
        assert_eq!(sum(&[d("-0.5")]), Some(d("-0.5")));
        assert_eq!(sum(&[d("-2"), d("0.5")]), Some(d("-1.5")));
        assert_eq!(sum(&[]), Some(Decimal::ZERO));
    }

    #[test]
    fn products_that_would_round_are_refused() {
        assert_eq!(mul(d("0.05"), d("100")), Some(d("5.00")));
        assert_eq!(mul(d("0"), d("0.0000000001")), Some(d("0")));
        assert_eq!(mul(d("0.00000000000001"), d("0.000000000000001")), None);
        assert_eq!(mul(d("99999999999999999999"), d("99999999999")), None);
    }
}
