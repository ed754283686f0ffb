//! The names of the data in the contract's words: fields, their values and
//! events, as the author labelled them (`field cause as "cause" "customer"
//! as "the customer's acts"`, `event created as "logging"`), or, without a
//! label, read as words (`force_majeure` reads "force majeure",
//! `first-reply` reads "first reply"). No identifier reaches the document
//! as code.

use slate_check::model::{Condition, Labels};
use slate_check::words;

/// An identifier read as words: `_` and `-` become spaces.
pub fn ident(name: &str) -> String {
    name.replace(['_', '-'], " ")
}

/// The words for a field.
pub fn field(l: &Labels, name: &str) -> String {
    l.fields
        .get(name)
        .cloned()
        .unwrap_or_else(|| ident(name))
}

/// The words for a value of a field. A value is the author's text, so only
/// `_` is read as a space; a hyphen (`sev-1`) stays.
pub fn value(l: &Labels, field: &str, v: &str) -> String {
    l.values
        .get(field)
        .and_then(|values| values.get(v))
        .cloned()
        .unwrap_or_else(|| v.replace('_', " "))
}

/// The words for an event: its label, or its name read as words and
/// `event` (`created event`).
pub fn event(l: &Labels, name: &str) -> String {
    l.events
        .get(name)
        .cloned()
        .unwrap_or_else(|| format!("{} event", ident(name)))
}

/// `the first created event`, or `the first reply event` for an event
/// whose words already begin with `first`.
pub fn first(l: &Labels, name: &str) -> String {
    let words = event(l, name);
    if words.starts_with("first ") || words.starts_with("the first ") {
        words.strip_prefix("the ").map_or_else(|| format!("the {words}"), |w| format!("the {w}"))
    } else {
        format!("the first {words}")
    }
}

/// `a` or `an` before these words, by their first letter.
pub fn article(words: &str) -> &'static str {
    match words.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A condition in words: `status is waiting on customer`.
pub fn condition(l: &Labels, c: &Condition) -> String {
    let values: Vec<String> = c.values.iter().map(|v| value(l, &c.field, v)).collect();
    format!("{} is {}", field(l, &c.field), words::list_or(&values))
}

/// Conditions joined by `and`.
pub fn conditions(l: &Labels, cs: &[Condition]) -> String {
    let parts: Vec<String> = cs.iter().map(|c| condition(l, c)).collect();
    words::list_and(&parts)
}

/// Conditions joined by `or`.
pub fn any_of(l: &Labels, cs: &[Condition]) -> String {
    let parts: Vec<String> = cs.iter().map(|c| condition(l, c)).collect();
    words::list_or(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_words_without_labels() {
        let l = Labels::default();
        assert_eq!(ident("force_majeure"), "force majeure");
        assert_eq!(event(&l, "first-reply"), "first reply event");
        assert_eq!(value(&l, "severity", "sev-1"), "sev-1");
        let c = Condition {
            field: "decision_maker".into(),
            values: vec!["waiting_on_customer".into(), "on_hold".into()],
        };
        assert_eq!(
            condition(&l, &c),
            "decision maker is waiting on customer or on hold"
        );
    }

    #[test]
    fn labels_replace_names() {
        let mut l = Labels::default();
        l.fields.insert("cause".into(), "the cause".into());
        l.values
            .entry("cause".into())
            .or_default()
            .insert("customer".into(), "the customer's acts".into());
        l.events.insert("created".into(), "logging".into());
        let c = Condition {
            field: "cause".into(),
            values: vec!["customer".into(), "force_majeure".into()],
        };
        assert_eq!(
            condition(&l, &c),
            "the cause is the customer's acts or force majeure"
        );
        assert_eq!(event(&l, "created"), "logging");
        assert_eq!(article("event"), "an");
    }
}
