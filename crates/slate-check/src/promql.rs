//! Prometheus series selectors, checked as far as a selector can be without
//! a server: `metric_name{label="value", other=~"regex"}`.
//!
//! Accepted: an optional metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`), then
//! optionally `{…}` with matchers `label op string` separated by commas (a
//! trailing comma is allowed), where `op` is `=`, `!=`, `=~` or `!~` and the
//! string is quoted with `"`, `'` or `` ` `` (the first two with backslash
//! escapes). As in Prometheus, a selector needs a metric name or a matcher
//! that cannot match the empty string. Regular expressions are not compiled
//! here (Prometheus uses RE2): `promtool` checks them in the rule files.

/// Checks a selector. On error: the character index where it goes wrong and
/// what was expected there.
pub fn check_selector(s: &str) -> Result<(), (usize, String)> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    skip_ws(&chars, &mut i);
    let name_start = i;
    if chars
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_' || *c == ':')
    {
        while chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
        {
            i += 1;
        }
    }
    let has_name = i > name_start;
    skip_ws(&chars, &mut i);
    let mut non_empty_matcher = false;
    if chars.get(i) == Some(&'{') {
        i += 1;
        loop {
            skip_ws(&chars, &mut i);
            if chars.get(i) == Some(&'}') {
                i += 1;
                break;
            }
            non_empty_matcher |= !matcher(&chars, &mut i)?;
            skip_ws(&chars, &mut i);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('}') => {}
                _ => return Err((i, "`,` or `}`".to_owned())),
            }
        }
    }
    skip_ws(&chars, &mut i);
    if i < chars.len() {
        return Err((i, "the end of the selector (a selector names series; functions such as `rate` are added by Slate)".to_owned()));
    }
    if !has_name && !non_empty_matcher {
        return Err((
            0,
            "a metric name, or a matcher that cannot match the empty string".to_owned(),
        ));
    }
    Ok(())
}

/// Skips PromQL's white space, which is these four; a no-break or wide
/// space would make a rule file Prometheus refuses.
fn skip_ws(chars: &[char], i: &mut usize) {
    while chars
        .get(*i)
        .is_some_and(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
    {
        *i += 1;
    }
}

/// Reads one matcher, `label op "value"`, from `i`; says whether it can
/// match the empty string (and so every series).
fn matcher(chars: &[char], i: &mut usize) -> Result<bool, (usize, String)> {
    if !chars
        .get(*i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_')
    {
        return Err((*i, "a label name such as `job`".to_owned()));
    }
    while chars
        .get(*i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    {
        *i += 1;
    }
    skip_ws(chars, i);
    let op = match (chars.get(*i), chars.get(*i + 1)) {
        (Some('='), Some('~')) => "=~",
        (Some('!'), Some('=')) => "!=",
        (Some('!'), Some('~')) => "!~",
        (Some('='), _) => "=",
        _ => return Err((*i, "a matcher `=`, `!=`, `=~` or `!~`".to_owned())),
    };
    *i += op.len();
    skip_ws(chars, i);
    let value = quoted(chars, i)?;
    // `=` with a value, or `!=` with an empty value, cannot match every series.
    Ok(match op {
        "=" => value.is_empty(),
        "!=" => !value.is_empty(),
        _ => value.is_empty() || value == ".*" || value.ends_with('*') || value.ends_with('?'),
    })
}

/// Reads a label value quoted with `"`, `'` or `` ` `` from `i` (the first
/// two with PromQL's escapes), and gives its text.
fn quoted(chars: &[char], i: &mut usize) -> Result<String, (usize, String)> {
    let quote = match chars.get(*i) {
        Some(q @ ('"' | '\'' | '`')) => *q,
        _ => return Err((*i, "a quoted label value such as `\"api\"`".to_owned())),
    };
    let open = *i;
    *i += 1;
    let mut value = String::new();
    loop {
        match chars.get(*i) {
            None => return Err((open, "a closing quote for this value".to_owned())),
            Some('\\') if quote != '`' => {
                let width = escape_width(chars, *i + 1, quote).ok_or((
                    *i,
                    "an escape PromQL knows, such as `\\\\`, `\\\"` or `\\n`".to_owned(),
                ))?;
                if let Some(c) = chars.get(*i + 1) {
                    value.push(*c);
                }
                *i += 1 + width;
            }
            Some(c) if *c == quote => {
                *i += 1;
                return Ok(value);
            }
            Some(c) => {
                value.push(*c);
                *i += 1;
            }
        }
    }
}

/// The number of characters after a backslash at `at` that make an escape
/// PromQL (Go's string syntax) knows, or `None`: a letter of `abfnrtv`, a
/// backslash, the string's own quote, `x` and two hex digits, `u` and four,
/// `U` and eight, or three octal digits.
fn escape_width(chars: &[char], at: usize, quote: char) -> Option<usize> {
    let digits = |from: usize, n: usize, radix: u32| {
        (from..from + n).all(|k| chars.get(k).is_some_and(|c| c.is_digit(radix)))
    };
    match chars.get(at)? {
        'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => Some(1),
        c if *c == quote => Some(1),
        'x' if digits(at + 1, 2, 16) => Some(3),
        'u' if digits(at + 1, 4, 16) => Some(5),
        'U' if digits(at + 1, 8, 16) => Some(9),
        '0'..='7' if digits(at, 3, 8) => Some(3),
        _ => None,
    }
}

/// Splits a valid selector into its metric name (empty when it has none)
/// and the text of its matchers inside the braces, without a trailing comma.
pub fn split_selector(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.split_once('{') {
        None => (s, ""),
        Some((name, rest)) => {
            let inner = rest.trim_end().strip_suffix('}').unwrap_or(rest);
            (name.trim(), inner.trim().trim_end_matches(',').trim_end())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_name_and_matchers() {
        assert_eq!(split_selector("up"), ("up", ""));
        assert_eq!(split_selector(" h{a=\"}\", } "), ("h", "a=\"}\""));
        assert_eq!(split_selector("{__name__=\"x\"}"), ("", "__name__=\"x\""));
    }

    #[test]
    fn valid_selectors() {
        for s in [
            "up",
            "http_requests_total{job=\"api\"}",
            "http_requests_total{job=\"api\",code!~\"5..\"}",
            "http_requests_total{ job = 'api' , code =~ `2..`, }",
            "job:requests:rate5m",
            "{__name__=\"up\",job=\"x\"}",
            "x{path=\"a\\\"b\"}",
        ] {
            assert_eq!(check_selector(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn invalid_selectors_point_at_the_problem() {
        assert_eq!(check_selector("rate(x[5m])").map_err(|e| e.0), Err(4));
        assert_eq!(check_selector("x{job=api}").map_err(|e| e.0), Err(6));
        assert_eq!(check_selector("x{job==\"a\"}").map_err(|e| e.0), Err(6));
        assert_eq!(check_selector("x{job=\"a\"").map_err(|e| e.0), Err(9));
        assert_eq!(check_selector("x{job=\"a}").map_err(|e| e.0), Err(6));
        assert_eq!(check_selector("x{1job=\"a\"}").map_err(|e| e.0), Err(2));
        assert_eq!(check_selector("{job=~\".*\"}").map_err(|e| e.0), Err(0));
        assert_eq!(check_selector("").map_err(|e| e.0), Err(0));
        assert_eq!(check_selector("x y").map_err(|e| e.0), Err(2));
        // Only PromQL's own white space and escapes.
        assert_eq!(check_selector("up\u{a0}").map_err(|e| e.0), Err(2));
        assert_eq!(check_selector("\u{2003}up").map_err(|e| e.0), Err(0));
        assert_eq!(
            check_selector("up\u{3000}{job=\"x\"}").map_err(|e| e.0),
            Err(2)
        );
        assert_eq!(check_selector("up\u{2028}").map_err(|e| e.0), Err(2));
        assert_eq!(check_selector("up{a=\"\\q\"}").map_err(|e| e.0), Err(6));
        assert_eq!(check_selector("up{a=\"\\x4\"}").map_err(|e| e.0), Err(6));
        assert!(check_selector("up{a=\"\\x41\\u00e9\\101\\n\\\"\"}").is_ok());
        assert!(check_selector("up{a='\\''}").is_ok());
        assert!(check_selector(" up { job = \"x\" }\t").is_ok());
    }
}
