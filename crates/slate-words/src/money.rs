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

/// An amount as the contract writes money: `USD 10,000.00`, with the
/// currency's minor unit and thousands separators. An amount with digits
/// beyond the minor unit keeps them (`USD 0.055`); one that `goes_on` (an
/// exact quotient cut short) is marked `…`.
pub fn money_amount(amount: Decimal, goes_on: bool, currency_code: &str) -> String {
    let fits = currency::minor_unit(currency_code).is_some_and(|m| amount.scale() <= m);
    if fits && !goes_on {
        money(amount, currency_code)
    } else {
        let more = if goes_on { "…" } else { "" };
        format!("{}{more}", exact_money(amount, currency_code))
    }
}

/// The sum of amounts in one currency, as [`money`] writes it; `None` when
/// the sum overflows.
pub fn money_sum(
    amounts: impl IntoIterator<Item = Decimal>,
    currency_code: &str,
) -> Option<String> {
    let mut total = Decimal::ZERO;
    for a in amounts {
        total = total.checked_add(a)?;
    }
    Some(money(total, currency_code))
}

/// `amount` with `digits` decimal places, thousands separators and the
/// currency code before it.
fn written(amount: Decimal, digits: u32, currency_code: &str) -> String {
    let text = format!("{:.*}", digits as usize, amount.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = grouped(whole);
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

/// Digits with a comma between each group of three: `1,234,567`.
fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An integer with thousands separators: `-1,234,567`.
pub fn number(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(&n.unsigned_abs().to_string()))
}

/// A number with thousands separators and its noun, singular or plural:
/// `1 record`, `1,204 records`.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    let digits = grouped(&n.to_string());
    format!("{digits} {}", if n == 1 { one } else { many })
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

/// Seconds in short units, for tables and charts: `45 s`, `12 min 5 s`,
/// `3 h 20 min`, `2 d 4 h` (the two largest units, the second dropped when
/// it is zero).
pub fn short_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let text = if s < 60 {
        format!("{sec} s")
    } else if s < 3600 {
        if sec == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {sec} s")
        }
    } else if s < 86_400 {
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else if h == 0 {
        format!("{d} d")
    } else {
        format!("{d} d {h} h")
    };
    format!("{sign}{text}")
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
    fn amounts_written_as_decimals_in_the_contracts_words() {
        let m = |d: &str, goes_on, c| money_amount(d.parse().unwrap(), goes_on, c);
        assert_eq!(m("10000.00", false, "USD"), "USD 10,000.00");
        assert_eq!(m("1250000", false, "JPY"), "JPY 1,250,000");
        assert_eq!(m("1028.807", false, "BHD"), "BHD 1,028.807");
        assert_eq!(m("100", false, "USD"), "USD 100.00");
        assert_eq!(m("0.055", false, "GBP"), "GBP 0.055");
        assert_eq!(m("123456.7", false, "JPY"), "JPY 123,456.7");
        assert_eq!(
            m("1028.806583333333", true, "BHD"),
            "BHD 1,028.806583333333…"
        );
        assert_eq!(
            money_sum([Decimal::new(185000, 2), Decimal::new(1850000, 2)], "GBP").as_deref(),
            Some("GBP 20,350.00")
        );
        assert_eq!(money_sum([Decimal::MAX, Decimal::ONE], "GBP"), None);
    }

    #[test]
    fn numbers_and_short_durations() {
        assert_eq!(number(1_234_567u64), "1,234,567");
        assert_eq!(number(-1_234i64), "-1,234");
        assert_eq!(number(999u32), "999");
        assert_eq!(counted(1, "record", "records"), "1 record");
        assert_eq!(counted(1204, "record", "records"), "1,204 records");
        assert_eq!(short_duration(45), "45 s");
        assert_eq!(short_duration(725), "12 min 5 s");
        assert_eq!(short_duration(4980), "1 h 23 min");
        assert_eq!(short_duration(2 * 86_400 + 4 * 3600 + 60), "2 d 4 h");
        assert_eq!(short_duration(-60), "-1 min");
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
