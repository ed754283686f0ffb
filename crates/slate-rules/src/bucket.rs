//! The `le` label of a histogram's bucket at a bound, as the clients that
//! expose it spell it.
//!
//! A bucket's bound is a float, and its `le` label is that float written
//! as text, which differs between clients: client_golang writes
//! `strconv.FormatFloat(b, 'g', -1, 64)` (`0.25`, `300`, `1e-05`,
//! `1e+06`); client_python's `floatToGoString` writes Python's `repr`,
//! moved to Go's exponents from a million on (`300.0`, `1e-05`, `1e+06`);
//! Prometheus 3 rewrites every classic histogram's `le` on scraping to
//! Go's spelling with `.0` added when it has neither `.` nor `e`
//! (`300.0`); client_java writes Java's `Double.toString` (`300.0`,
//! `1.0E-5`). The matcher is a regex of exactly those spellings of the one
//! float, with `.` and `+` escaped: no other bucket matches it.

use rust_decimal::Decimal;

/// The most significant digits a bound may have: every decimal of at most
/// 15 digits is the shortest text of its double, which is what the clients
/// write; a longer one may not be.
const DIGITS: usize = 15;

/// `le=~"…"` for the bucket at `seconds`, or `None` when the bound is
/// negative or has more than 15 significant digits.
pub(crate) fn le_matcher(seconds: Decimal) -> Option<String> {
    let spellings = spellings(seconds)?;
    let alternatives: Vec<String> = spellings
        .iter()
        .map(|s| s.replace('.', "[.]").replace('+', "[+]"))
        .collect();
    Some(format!("le=~\"{}\"", alternatives.join("|")))
}

/// The distinct spellings of the double nearest `seconds`: Go's first, then
/// Prometheus 3's (and Python's), then Java's.
fn spellings(seconds: Decimal) -> Option<Vec<String>> {
    if seconds.is_sign_negative() {
        return None;
    }
    let mut all = Vec::new();
    if seconds.is_zero() {
        all.extend(["0".to_owned(), "0.0".to_owned()]);
        return Some(all);
    }
    let (digits, point) = digits(seconds)?;
    let go = go(&digits, point);
    let prometheus = if go.contains(['.', 'e']) {
        go.clone()
    } else {
        format!("{go}.0")
    };
    for s in [go, prometheus, java(&digits, point)] {
        if !all.contains(&s) {
            all.push(s);
        }
    }
    Some(all)
}

/// The significant digits of a positive decimal, without leading or
/// trailing zeros, and where the point goes: the value is `0.DIGITS × 10^point`.
fn digits(value: Decimal) -> Option<(String, i64)> {
    let v = value.normalize();
    let mantissa = v.mantissa().unsigned_abs().to_string();
    let scale = i64::from(v.scale());
    let trimmed = mantissa.trim_end_matches('0');
    if trimmed.is_empty() || trimmed.len() > DIGITS {
        return None;
    }
    let len = i64::try_from(mantissa.len()).ok()?;
    // value = mantissa × 10^-scale = 0.MANTISSA × 10^(len - scale)
    Some((trimmed.to_owned(), len - scale))
}

/// `d.ddd` followed by the marker and the exponent as `exp` writes it.
fn scientific(digits: &str, exp: &str, marker: char, always_fraction: bool) -> String {
    let (first, rest) = digits.split_at(1);
    let fraction = if rest.is_empty() && always_fraction {
        "0"
    } else {
        rest
    };
    if fraction.is_empty() {
        format!("{first}{marker}{exp}")
    } else {
        format!("{first}.{fraction}{marker}{exp}")
    }
}

/// The digits written out with the point in place, and `.0` when
/// `always_fraction` and there is no fraction.
fn fixed(digits: &str, point: i64, always_fraction: bool) -> String {
    let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let (whole, fraction) = if point <= 0 {
        let zeros = usize::try_from(-point).unwrap_or(0);
        ("0".to_owned(), format!("{}{digits}", "0".repeat(zeros)))
    } else if point >= n {
        let zeros = usize::try_from(point - n).unwrap_or(0);
        (format!("{digits}{}", "0".repeat(zeros)), String::new())
    } else {
        let at = usize::try_from(point).unwrap_or(0);
        let (w, f) = digits.split_at(at.min(digits.len()));
        (w.to_owned(), f.to_owned())
    };
    if !fraction.is_empty() {
        format!("{whole}.{fraction}")
    } else if always_fraction {
        format!("{whole}.0")
    } else {
        whole
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: an exponent when it is below
/// -4 or at least 6 (the shortest precision decides as 6), written with a
/// sign and at least two digits.
fn go(digits: &str, point: i64) -> String {
    let exp = point - 1;
    if (-4..6).contains(&exp) {
        fixed(digits, point, false)
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        scientific(
            digits,
            &format!("{sign}{:02}", exp.unsigned_abs()),
            'e',
            false,
        )
    }
}

/// Java's `Double.toString`: plain from 10^-3 up to 10^7, always with a
/// fraction; otherwise `d.dddE±n`, with no `+` and no leading zeros.
fn java(digits: &str, point: i64) -> String {
    let exp = point - 1;
    if (-3..7).contains(&exp) {
        fixed(digits, point, true)
    } else {
        scientific(digits, &exp.to_string(), 'E', true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> String {
        le_matcher(text.parse().expect("a decimal")).expect("a matcher")
    }

    #[test]
    fn each_client_spelling_is_matched() {
        // Go `0.25`, Prometheus 3 and Python the same, Java `0.25`.
        assert_eq!(le("0.25"), r#"le=~"0[.]25""#);
        assert_eq!(le("0.005"), r#"le=~"0[.]005""#);
        // Go and Python `1e-05`, Java `1.0E-5`.
        assert_eq!(le("0.00001"), r#"le=~"1e-05|1[.]0E-5""#);
        assert_eq!(le("0.000015"), r#"le=~"1[.]5e-05|1[.]5E-5""#);
        // Java writes 0.0001 and 0.0005 with an exponent; Go does not.
        assert_eq!(le("0.0005"), r#"le=~"0[.]0005|5[.]0E-4""#);
        assert_eq!(le("2.5"), r#"le=~"2[.]5""#);
        // Go `300`; Prometheus 3, Python and Java `300.0`.
        assert_eq!(le("300"), r#"le=~"300|300[.]0""#);
        assert_eq!(le("10.000"), r#"le=~"10|10[.]0""#);
        // From a million on, Go and Python use an exponent; Java from 10^7.
        assert_eq!(le("1000000"), r#"le=~"1e[+]06|1000000[.]0""#);
        assert_eq!(le("12500000"), r#"le=~"1[.]25e[+]07|1[.]25E7""#);
        assert_eq!(le("0"), r#"le=~"0|0[.]0""#);
    }

    #[test]
    fn a_bound_a_float_may_not_keep_is_refused() {
        assert_eq!(le_matcher("0.1234567890123456".parse().expect("d")), None);
        assert_eq!(le_matcher("-1".parse().expect("d")), None);
        assert!(le_matcher("0.123456789012345".parse().expect("d")).is_some());
    }
}
