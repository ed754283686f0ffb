//! Numbers for people: money in its currency's minor unit, percentages,
//! counts with their noun, and lengths of real time.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::currency;

/// `GBP 4,000.00`: thousands separators and the currency's minor unit,
/// rounded half-even (money is rounded only when it is written).
pub fn money(amount: Decimal, currency_code: &str) -> String {
    let digits = currency::minor_unit(currency_code).unwrap_or(2);
    let rounded = amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven);
    written(rounded, digits, currency_code)
}

/// An exact amount not yet rounded, such as a sum of shares of a fee:
/// written as [`money`] writes it (`GBP 4,000.00`), but with every digit it
/// has beyond the minor unit (`GBP 0.055`, `JPY 123,456.7`), so that it is
/// never rounded where the contract rounds only at the end.
pub fn exact_money(amount: Decimal, currency_code: &str) -> String {
    let digits = currency::minor_unit(currency_code)
        .unwrap_or(2)
        .max(amount.normalize().scale());
    written(amount, digits, currency_code)
}

/// `amount` with `digits` decimal places, thousands separators and the
/// currency code before it.
fn written(amount: Decimal, digits: u32, currency_code: &str) -> String {
    let text = format!("{:.*}", digits as usize, amount.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{currency_code} {sign}{grouped}")
    } else {
        format!("{currency_code} {sign}{grouped}.{frac}")
    }
}

/// `99.9%`.
pub fn percent(p: Decimal) -> String {
    format!("{}%", p.normalize())
}

/// A number and a noun, with the noun in the plural when needed: `1 hour`, `4 hours`.
pub fn count(n: u64, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {singular}s")
    }
}

/// Real elapsed time: `20 seconds`, `1 minute`, `2 days`.
pub fn seconds(s: u64) -> String {
    let (n, unit) = largest_unit(s, true);
    count(n, unit)
}

/// The largest unit that divides `s` seconds exactly, with the count of
/// it: `(2, "hour")` for 7,200. Days are a unit only `with_days` (a
/// business day is not 86,400 seconds).
pub fn largest_unit(s: u64, with_days: bool) -> (u64, &'static str) {
    if s == 0 {
        return (0, "second");
    }
    if with_days && s.is_multiple_of(86_400) {
        (s / 86_400, "day")
    } else if s.is_multiple_of(3600) {
        (s / 3600, "hour")
    } else if s.is_multiple_of(60) {
        (s / 60, "minute")
    } else {
        (s, "second")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn money_has_separators_minor_units_and_half_even_rounding() {
        assert_eq!(money(dec("4000"), "GBP"), "GBP 4,000.00");
        assert_eq!(money(dec("1234567.5"), "EUR"), "EUR 1,234,567.50");
        assert_eq!(money(dec("999"), "USD"), "USD 999.00");
        assert_eq!(money(dec("250000"), "JPY"), "JPY 250,000");
        assert_eq!(money(dec("1.005"), "GBP"), "GBP 1.00");
        assert_eq!(money(dec("1.015"), "GBP"), "GBP 1.02");
        assert_eq!(money(dec("12.3456"), "KWD"), "KWD 12.346");
    }

    #[test]
    fn exact_money_keeps_every_digit_beyond_the_minor_unit() {
        assert_eq!(exact_money(dec("10000"), "USD"), "USD 10,000.00");
        assert_eq!(exact_money(dec("0.055"), "GBP"), "GBP 0.055");
        assert_eq!(exact_money(dec("123456.7"), "JPY"), "JPY 123,456.7");
        assert_eq!(exact_money(dec("1028.80650"), "BHD"), "BHD 1,028.8065");
        assert_eq!(exact_money(dec("-925"), "EUR"), "EUR -925.00");
        assert_eq!(
            exact_money(dec("1250000"), "JPY"),
            money(dec("1250000"), "JPY")
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(dec("99.90")), "99.9%");
        assert_eq!(percent(dec("100")), "100%");
        assert_eq!(percent(dec("0.05")), "0.05%");
    }

    #[test]
    fn counts_and_seconds() {
        assert_eq!(count(1, "hour"), "1 hour");
        assert_eq!(count(4, "hour"), "4 hours");
        assert_eq!(seconds(20), "20 seconds");
        assert_eq!(seconds(60), "1 minute");
        assert_eq!(seconds(2 * 86_400), "2 days");
        assert_eq!(largest_unit(2 * 86_400, false), (48, "hour"));
    }
}
