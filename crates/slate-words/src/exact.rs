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

/// The sum of `values`, exactly, or `None` when some partial sum does not fit.
pub fn sum<'a>(values: impl IntoIterator<Item = &'a Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |s, v| add(s, *v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
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

    #[test]
    fn products_that_would_round_are_refused() {
        assert_eq!(mul(d("0.05"), d("100")), Some(d("5.00")));
        assert_eq!(mul(d("0"), d("0.0000000001")), Some(d("0")));
        assert_eq!(mul(d("0.00000000000001"), d("0.000000000000001")), None);
        assert_eq!(mul(d("99999999999999999999"), d("99999999999")), None);
    }
}
