//! Records that break the agreement's declared fields: a record whose
//! declared field (`field priority "P1", …`) holds a value the agreement
//! does not declare. Such a record is still evaluated (it falls to the goals
//! its values match, often `otherwise`), so the report counts and lists
//! them: a change in the data is seen, not counted silently.

use std::collections::HashSet;
use std::fmt::Write;

use slate_rules::RuleSet;

use crate::events::Events;
use crate::html::esc;
use crate::report::{Input, UndeclaredValue};
use crate::visible::visible;

/// How many such values a report lists.
pub(crate) const LISTED: usize = 100;

/// The records whose declared fields hold undeclared values: how many, and
/// the first [`LISTED`] of those values in reading order.
pub(crate) fn undeclared(rules: &RuleSet, events: &Events) -> (u64, Vec<UndeclaredValue>) {
    let fields: Vec<_> = rules
        .fields
        .iter()
        .filter_map(|f| {
            let field = events.symbols.get(&f.name)?;
            let allowed: HashSet<_> = f
                .values
                .iter()
                .filter_map(|v| events.symbols.get(v))
                .collect();
            Some((f.name.as_str(), field, allowed))
        })
        .collect();
    let mut count = 0;
    let mut listed = Vec::new();
    for r in &events.records {
        let mut bad = false;
        for (name, field, allowed) in &fields {
            let Some(value) = r.attr(&events.attrs, *field) else {
                continue;
            };
            if allowed.contains(&value) {
                continue;
            }
            bad = true;
            if listed.len() < LISTED {
                listed.push(UndeclaredValue {
                    item: events.symbols.name(r.id).to_owned(),
                    event: events.symbols.name(r.event).to_owned(),
                    field: (*name).to_owned(),
                    value: events.symbols.name(value).to_owned(),
                });
            }
        }
        count += u64::from(bad);
    }
    (count, listed)
}

/// One line per listed value, for text and Markdown:
/// `item A1, event created: priority is "P5", which the agreement does not declare`.
pub(crate) fn lines(i: &Input) -> Vec<String> {
    i.undeclared_records
        .iter()
        .map(|u| {
            // Each value is shown visibly here: the text report keeps its
            // own line breaks, so a raw one in an id would forge a line.
            format!(
                "item {}, event {}: {} is \"{}\", which the agreement does not declare",
                visible(&u.item),
                visible(&u.event),
                visible(&u.field),
                visible(&u.value)
            )
        })
        .collect()
}

/// The HTML list of them, under the input's tiles.
pub(crate) fn html(s: &mut String, i: &Input) {
    if i.undeclared_records.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<p class=\"small\">Records whose declared field holds a value the agreement does not declare: {}{}</p>\n<ul class=\"plain small\">",
        i.undeclared,
        if (i.undeclared_records.len() as u64) < i.undeclared {
            format!(" (the first {} values listed)", i.undeclared_records.len())
        } else {
            String::new()
        }
    );
    for u in &i.undeclared_records {
        let _ = writeln!(
            s,
            "<li>item <code>{}</code>, event <code>{}</code>: <code>{}</code> is <code>{}</code></li>",
            esc(&u.item),
            esc(&u.event),
            esc(&u.field),
            esc(&u.value)
        );
    }
    s.push_str("</ul>\n");
}
