//! Prometheus series selectors, checked as far as a selector can be without
//! a server: `metric_name{label="value", other=~"regex"}`.
//!
//! Accepted: an optional metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`), then
//! optionally `{…}` with matchers `label op string` separated by commas (a
//! trailing comma is allowed), where `op` is `=`, `!=`, `=~` or `!~` and the
//! string is quoted with `"`, `'` or `` ` `` (the first two with backslash
//! escapes). As in Prometheus, a selector needs a metric name or a matcher
//! that cannot match the empty string. The metric name is not one PromQL
//! reads as a number or a keyword ([`KEYWORDS`]), and the values of `=~`
//! and `!~` are regular expressions Prometheus compiles ([`re2`]).

mod re2;

/// The words PromQL's lexer reads as keywords, operators or aggregators
/// rather than as a metric name (its `key` map, in every version since 2.0,
/// including those some versions read as a name in some places), compared
/// without case as the lexer does; `inf` and `nan` it reads as numbers.
pub const KEYWORDS: [&str; 34] = [
    "and",
    "or",
    "unless",
    "atan2",
    "sum",
    "avg",
    "count",
    "min",
    "max",
    "group",
    "stddev",
    "stdvar",
    "topk",
    "bottomk",
    "count_values",
    "quantile",
    "limitk",
    "limit_ratio",
    "offset",
    "smoothed",
    "anchored",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "fill",
    "fill_left",
    "fill_right",
    "bool",
    "start",
    "end",
    "step",
];

/// Why a selector is refused: the character index where it goes wrong,
/// what was expected there, and what to write instead when that is not
/// plain from the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    /// Character index into the selector.
    pub at: usize,
    /// What was expected there, as a phrase after "expected".
    pub expected: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl From<(usize, String)> for SelectorError {
    fn from((at, expected): (usize, String)) -> Self {
        Self {
            at,
            expected,
            help: None,
        }
    }
}

/// Checks a selector. On error: the character index where it goes wrong and
/// what was expected there.
pub fn check_selector(s: &str) -> Result<(), (usize, String)> {
    selector_error(s).map_err(|e| (e.at, e.expected))
}

/// Checks a selector, as [`check_selector`], saying also what to write
/// instead where that is not plain.
pub fn selector_error(s: &str) -> Result<(), SelectorError> {
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
    if has_name {
        let name: String = chars
            .get(name_start..i)
            .unwrap_or_default()
            .iter()
            .collect();
        reserved_name(&name, name_start)?;
    }
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
                _ => return Err((i, "`,` or `}`".to_owned()).into()),
            }
        }
    }
    skip_ws(&chars, &mut i);
    if i < chars.len() {
        return Err((i, "the end of the selector (a selector names series; functions such as `rate` are added by Slate)".to_owned()).into());
    }
    if !has_name && !non_empty_matcher {
        return Err((
            0,
            "a metric name, or a matcher that cannot match the empty string".to_owned(),
        )
            .into());
    }
    Ok(())
}

/// Refuses a metric name PromQL reads as a number or a keyword.
fn reserved_name(name: &str, at: usize) -> Result<(), SelectorError> {
    let lower = name.to_ascii_lowercase();
    let what = if lower == "inf" || lower == "nan" {
        "a number"
    } else if KEYWORDS.contains(&lower.as_str()) {
        "a keyword"
    } else {
        return Ok(());
    };
    Err(SelectorError {
        at,
        expected: format!("a metric name, not `{name}`, which PromQL reads as {what}"),
        help: Some(format!(
            "name the series with a matcher instead: `{{__name__=\"{name}\"}}`, and add the other matchers inside the same braces"
        )),
    })
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
fn matcher(chars: &[char], i: &mut usize) -> Result<bool, SelectorError> {
    if !chars
        .get(*i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_')
    {
        return Err((*i, "a label name such as `job`".to_owned()).into());
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
        _ => return Err((*i, "a matcher `=`, `!=`, `=~` or `!~`".to_owned()).into()),
    };
    *i += op.len();
    skip_ws(chars, i);
    let open = *i;
    let value = quoted(chars, i)?;
    if op.ends_with('~') {
        re2::check(&value).map_err(|expected| SelectorError {
            at: open,
            expected,
            help: Some("Prometheus matches label values with Go's RE2 syntax, anchored at both ends; see docs/diagnostics/E0317.md for what it refuses".to_owned()),
        })?;
    }
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

    #[test]
    fn names_promql_reads_as_numbers_or_keywords_are_refused() {
        for s in [
            "NaN",
            "inf",
            "Inf{job=\"x\"}",
            "on",
            "bool",
            "sum",
            "Offset",
            "  group_left",
        ] {
            let e = selector_error(s).expect_err(s);
            assert_eq!(e.at, s.len() - s.trim_start().len(), "{s}");
            assert!(e.help.is_some_and(|h| h.contains("__name__")), "{s}");
        }
        for s in [
            "nan_total",
            "infx",
            "summary",
            "on:rate5m",
            "{__name__=\"on\"}",
        ] {
            assert_eq!(check_selector(s), Ok(()), "{s}");
        }
    }

    /// What Prometheus refuses (checked against `promtool` 2.42), or
    /// reads otherwise than `regex-syntax` would.
    #[test]
    fn regular_expressions_are_checked_as_prometheus_does() {
        for re in [
            "(",
            "[^]",
            "\\Z",
            "\\e",
            "x{2,1}",
            "a**",
            "a++",
            "a{2}{3}",
            "a{1001}",
            "\\u0041",
            "\\u{41}",
            "(?<n>a)",
            "(?x)a b",
            "(?u)a",
            "(?R)a",
            "(?i-x:a)",
            "[a-z&&[^aeiou]]",
            "[a--b]",
            "[a~~b]",
            "[[a]]",
            "\\<a",
            "\\b{start}a",
            "\\p{greek}",
            "\\p{Alphabetic}",
            "\\p{sc=Greek}",
            "[\\p{Alphabetic}]",
            "a{,5}",
            "\\101",
            "\\Q.\\E",
            "\\C",
            ")(",
        ] {
            let s = format!("x{{a=~`{re}`}}");
            assert_eq!(check_selector(&s).map_err(|e| e.0), Err(5), "{s}");
            let s = format!("x{{a!~`{re}`}}");
            assert_eq!(check_selector(&s).map_err(|e| e.0), Err(5), "{s}");
        }
        for re in [
            "a|b",
            ".*",
            "a*?",
            "a{1000}",
            "\\x{41}",
            "\\x41",
            "(?P<n>a)",
            "(?U)a*",
            "(?i)a",
            "(?i:a)",
            "(?:a*)*",
            "[[:alpha:]]",
            "\\pL",
            "\\p{Lu}",
            "[\\p{L}]",
            "\\d\\s\\w",
            "\\z",
            "\\A",
            "^a$",
            "a|",
            "()",
            "[]a]",
            "\\v",
            "\\.",
            "5..",
            "\\\"",
        ] {
            let s = format!("x{{a=~`{re}`}}");
            assert_eq!(check_selector(&s), Ok(()), "{s}");
        }
        // Only regular expressions are compiled.
        assert_eq!(check_selector("x{a=\"(\"}"), Ok(()));
    }
}
