//! The words the contract uses for the names of the data: a field's label
//! and its values' (`field cause as "cause" "customer" as "the customer's
//! acts"`), and an event's (`event created as "logging of the ticket"`).
//! A label is author text the signed document prints, so it is a term. An
//! event label names an event an objective measures (E0332); a label has
//! words (E0333); two values of one field, or two events, never read the
//! same (E0334), or the document could not tell them apart; a value or an
//! event is labelled once (E0107).

use std::collections::BTreeMap;

use slate_syntax::ast::{self, Item, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span, diagnostic};

use crate::env::{Cx, Env, Sink};
use crate::model::Labels;

/// The events the objectives of the agreement name.
fn events_used(a: &ast::Agreement) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for o in a.items.iter().filter_map(|i| match i {
        Item::Objective(o) => Some(o),
        _ => None,
    }) {
        for s in &o.stmts {
            let named: Vec<&ast::Event> = match s {
                O::Measure(m) => vec![&m.value.start, &m.value.stop],
                O::Ignore(i) => vec![&i.value.event],
                O::Count(c) => vec![&c.value.event],
                _ => Vec::new(),
            };
            for e in named {
                if !out.contains(&e.value.as_str()) {
                    out.push(e.value.as_str());
                }
            }
        }
    }
    out
}

/// The labels of the agreement's fields, values and events, checked.
pub(crate) fn labels(env: &Env<'_>, sink: &mut Sink) -> Labels {
    Cx::new(env, sink, false).labels()
}

impl Cx<'_, '_> {
    fn labels(&mut self) -> Labels {
        let a = self.env.agreement;
        let mut out = Labels::default();
        for f in a.items.iter().filter_map(|i| match i {
            Item::Field(f) => Some(&f.value),
            _ => None,
        }) {
            let field = f.name.text.as_str();
            if out.fields.contains_key(field) || out.values.contains_key(field) {
                // Declared twice: reported by the declarations (E0107).
                continue;
            }
            if let Some(l) = &f.label
                && self.has_words(l)
            {
                out.fields.insert(field.to_owned(), l.value.clone());
            }
            let mut seen: BTreeMap<String, Span> = BTreeMap::new();
            let mut values = BTreeMap::new();
            let mut labelled: BTreeMap<&str, Span> = BTreeMap::new();
            for v in &f.value_labels {
                // A value labelled twice would keep one label in silence.
                let value = v.value.value.as_str();
                if let Some(at) = labelled.get(value) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateStatement,
                            v.value.span,
                            format!("value `{value}` of `{field}` is labelled twice"),
                        )
                        .label("second label")
                        .related(*at, "first label")
                        .help(format!("keep one `\"{value}\" as …`")),
                    );
                    continue;
                }
                labelled.insert(value, v.value.span);
                if !self.has_words(&v.label) {
                    continue;
                }
                if self.reads_twice(&mut seen, &v.label, &format!("values of `{field}`")) {
                    continue;
                }
                values.insert(v.value.value.clone(), v.label.value.clone());
            }
            if !values.is_empty() {
                out.values.insert(field.to_owned(), values);
            }
        }
        self.event_labels(&mut out);
        out
    }

    fn event_labels(&mut self, out: &mut Labels) {
        let a = self.env.agreement;
        let used = events_used(a);
        let mut first: BTreeMap<&str, Span> = BTreeMap::new();
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        for s in a.items.iter().filter_map(|i| match i {
            Item::Event(e) => Some(e),
            _ => None,
        }) {
            let event = s.value.event.value.as_str();
            if let Some(at) = first.get(event) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        s.span,
                        format!("event `{event}` is labelled twice"),
                    )
                    .label("second label")
                    .related(*at, "first label")
                    .help(format!("keep one `event {event} as …`")),
                );
                continue;
            }
            first.insert(event, s.span);
            let lost = a.recovered
                || a.items
                    .iter()
                    .any(|i| matches!(i, Item::Objective(o) if o.recovered));
            if !used.contains(&event) && !lost {
                let mut d = Diagnostic::new(
                    Code::UnusedEventLabel,
                    s.value.event.span,
                    format!("no objective measures event `{event}`"),
                )
                .label("this label would never be printed");
                match diagnostic::did_you_mean(event, used.iter().copied()) {
                    Some(near) => {
                        d = d
                            .help(format!("did you mean `{near}`?"))
                            .suggest(s.value.event.span, near.to_owned());
                    }
                    None => {
                        d = d.help(
                            "label an event that a `measure`, `count` or `ignore` names, or remove the label",
                        );
                    }
                }
                self.push(d);
                continue;
            }
            if !self.has_words(&s.value.label)
                || self.reads_twice(&mut seen, &s.value.label, "events")
            {
                continue;
            }
            out.events
                .insert(event.to_owned(), s.value.label.value.clone());
        }
    }

    /// E0333: a label with no words in it.
    fn has_words(&mut self, l: &ast::Text) -> bool {
        if l.value.chars().any(char::is_alphanumeric) {
            return true;
        }
        self.push(
            Diagnostic::new(Code::EmptyLabel, l.span, "a label has no words")
                .label("the document would print nothing here")
                .help("write the words the contract uses, such as `as \"force majeure\"`, or leave the label out"),
        );
        false
    }

    /// E0334: a label that reads the same as an earlier one of the same kind.
    fn reads_twice(
        &mut self,
        seen: &mut BTreeMap<String, Span>,
        l: &ast::Text,
        what: &str,
    ) -> bool {
        let key = l
            .value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if let Some(at) = seen.get(&key) {
            self.push(
                Diagnostic::new(
                    Code::LabelTwice,
                    l.span,
                    format!("two {what} read `{}`", l.value),
                )
                .label("reads like an earlier label")
                .related(*at, "the earlier label")
                .help("give each its own words, so the document can tell them apart"),
            );
            return true;
        }
        seen.insert(key, l.span);
        false
    }
}
