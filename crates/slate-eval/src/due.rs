//! Due values carried by records: a date `YYYY-MM-DD` (due at the local
//! midnight that ends it) or an RFC 3339 instant with an offset. Reading
//! refuses a record whose due attribute holds anything else, with its file
//! and line, as it refuses a bad `at`.

use chrono::{DateTime, NaiveDate};
use slate_rules::{Measure, RuleSet};

/// An item's due value, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// A date: due at the local midnight that ends it.
    Date(NaiveDate),
    /// An instant, in Unix seconds.
    Instant(i64),
}

/// The earliest and latest years a due date may name: those of event records.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Reads a due value: exactly `YYYY-MM-DD`, or an RFC 3339 timestamp with
/// an offset, in the years 1900 to 2199; `None` for anything else.
pub fn read(text: &str) -> Option<Due> {
    let b = text.as_bytes();
    let date_shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if date_shape {
        let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        return YEARS
            .contains(&chrono::Datelike::year(&d))
            .then_some(Due::Date(d));
    }
    let t = DateTime::parse_from_rfc3339(text).ok()?.timestamp();
    (crate::events::EARLIEST..crate::events::LATEST)
        .contains(&t)
        .then_some(Due::Instant(t))
}

/// Why `text` is not a due value, to follow "`due_date` is `…`, ": a date
/// or timestamp outside the years due dates may name, or neither.
pub fn not_due(text: &str) -> String {
    let dated = NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
        || DateTime::parse_from_rfc3339(text).is_ok();
    if dated {
        format!(
            "a date outside the years {} to {} that a due date may be in",
            YEARS.start(),
            YEARS.end()
        )
    } else {
        "neither a date such as `2026-03-31` nor an RFC 3339 timestamp with an offset".to_owned()
    }
}

/// The attributes the rule set reads due dates from, sorted, each once:
/// give them to [`Events::due_attributes`](crate::Events::due_attributes)
/// before reading, so a record with a bad due value is refused with its
/// file and line.
pub fn attributes(rules: &RuleSet) -> Vec<String> {
    let mut out: Vec<String> = rules
        .objectives
        .iter()
        .filter_map(|o| match &o.measure {
            Measure::DueDate { due_attribute, .. } => Some(due_attribute.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29);
        assert_eq!(read("2026-03-29"), d.map(Due::Date));
        assert_eq!(
            read("2026-03-29T12:00:00+01:00"),
            Some(Due::Instant(1_774_782_000))
        );
        for bad in [
            "",
            "2026-3-29",
            "2026-02-30",
            "29/03/2026",
            " 2026-03-29",
            "2026-03-29T12:00:00",
            "soon",
            "1899-12-31",
            "+2026-03-29",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
        for outside in [
            "9999-12-31",
            "0001-01-01",
            "2200-01-01",
            "1899-12-31T23:59:59Z",
        ] {
            assert_eq!(read(outside), None, "{outside}");
            assert!(not_due(outside).contains("1900 to 2199"), "{outside}");
        }
        assert!(not_due("soon").starts_with("neither"));
        assert!(read("2100-01-01").is_some());
        assert!(read("2199-12-31").is_some());
    }
}
