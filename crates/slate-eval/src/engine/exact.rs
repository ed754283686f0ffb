//! A JSON number read as an exact decimal: the one reader of the numbers
//! written on records (samples, and the counts of an error-rate rule), and
//! its one message when a text is not one.

use rust_decimal::Decimal;

/// What Slate holds exactly, as said when a number is beyond it.
const HOLDS: &str = "at most 28 significant digits and 28 decimal places";

/// Why a text is not an exact decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotExact {
    /// Not written as a JSON number (` 12`, `+1`, `.5`, `NaN`, `12ms`).
    NotANumber,
    /// A JSON number beyond the exact decimals Slate holds (`1e-30`, `1E+400`).
    Beyond,
}

/// The value of a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`)
/// as an exact decimal, if Slate holds it: at most 28 significant digits
/// and 28 decimal places (trailing zeros are not significant: `1e28` and
/// `1.50` are held).
pub(crate) fn read(text: &str) -> Result<Decimal, NotExact> {
    let (negative, digits, exponent) = parts(text).ok_or(NotExact::NotANumber)?;
    // The value is `digits` × 10^`exponent`, with no leading or trailing zero.
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let significant = i64::try_from(digits.len()).map_err(|_| NotExact::Beyond)?;
    if significant > 28 || exponent < -28 || significant.saturating_add(exponent) > 29 {
        return Err(NotExact::Beyond);
    }
    let mantissa: i128 = digits.parse().map_err(|_| NotExact::Beyond)?;
    let mut value = if exponent < 0 {
        let scale = u32::try_from(-exponent).map_err(|_| NotExact::Beyond)?;
        Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NotExact::Beyond)?
    } else {
        let mut v = Decimal::try_from_i128_with_scale(mantissa, 0).map_err(|_| NotExact::Beyond)?;
        for _ in 0..exponent {
            v = v.checked_mul(Decimal::TEN).ok_or(NotExact::Beyond)?;
        }
        v
    };
    value.set_sign_negative(negative);
    Ok(value)
}

/// Why `text`, the value of `field`, is not a number Slate reads: the
/// first words of a record's refusal, such as "`latency_ms` is `1e-30`, a
/// number, but beyond the exact decimals Slate holds (…)".
pub(crate) fn refusal(field: &str, text: &str, why: NotExact) -> String {
    let text = slate_rules::clip(text, slate_rules::MAX_QUOTED);
    match why {
        NotExact::NotANumber => {
            format!("`{field}` is `{text}`, not a number (a JSON number such as `12` or `0.5`)")
        }
        NotExact::Beyond => format!(
            "`{field}` is `{text}`, a number, but beyond the exact decimals Slate holds ({HOLDS})"
        ),
    }
}

/// A JSON number's sign, its significant digits (no leading or trailing
/// zero; empty for zero) and the power of ten they are multiplied by;
/// `None` when `text` is not written as a JSON number.
fn parts(text: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (number, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (rest.get(..i)?, Some(rest.get(i + 1..)?)),
        None => (rest, None),
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (number, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    if fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !all_digits(unsigned) {
                return None;
            }
            // Beyond any decimal either way; saturate rather than overflow.
            let size: i64 = unsigned.parse().unwrap_or(i64::MAX / 2);
            if e.starts_with('-') { -size } else { size }
        }
    };
    let fraction = fraction.unwrap_or("");
    let mut digits = format!("{whole}{fraction}");
    let exponent = exponent.saturating_sub(i64::try_from(fraction.len()).ok()?);
    let trailing = digits.len() - digits.trim_end_matches('0').len();
    digits.truncate(digits.len() - trailing);
    let digits = digits.trim_start_matches('0').to_owned();
    Some((
        negative,
        digits,
        exponent.saturating_add(i64::try_from(trailing).ok()?),
    ))
}

#[cfg(test)]
mod tests {
    use super::{NotExact, read};
    use rust_decimal::Decimal;

    fn ok(text: &str) -> String {
        read(text)
            .map(|d| d.normalize().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn json_numbers_slate_holds() {
        for (text, value) in [
            ("12", "12"),
            ("-0.5", "-0.5"),
            ("0", "0"),
            ("-0", "0"),
            ("1.5e3", "1500"),
            ("15E-1", "1.5"),
            ("2e+2", "200"),
            ("1e-28", "0.0000000000000000000000000001"),
            ("1e28", "10000000000000000000000000000"),
            ("0e400", "0"),
            ("1.50", "1.5"),
            (
                "1234567890123456789012345678",
                "1234567890123456789012345678",
            ),
        ] {
            assert_eq!(ok(text), value, "{text}");
        }
        assert_eq!(read("0"), Ok(Decimal::ZERO));
    }

    #[test]
    fn numbers_beyond_and_texts_that_are_none() {
        for beyond in [
            "1e-30",
            "1e-29",
            "0.00000000000000000000000000001",
            "1E+400",
            "1.5e400",
            "1e29",
            "12345678901234567890123456789",
            "0.1234567890123456789012345678901",
            "1e99999999999999999999999",
        ] {
            assert_eq!(read(beyond), Err(NotExact::Beyond), "{beyond}");
        }
        for not in [
            " 12", "12 ", "+1", ".5", "5.", "NaN", "1,5", "12ms", "01", "-", "", "1e", "0x10",
            "Infinity", "1e+", "--1", "1.e3",
        ] {
            assert_eq!(read(not), Err(NotExact::NotANumber), "{not:?}");
        }
    }
}
