//! Records that break the agreement's declared fields: a record whose
//! declared field (`field priority "P1", …`) holds a value the agreement
//! does not declare. Such a record is still evaluated (it falls to the goals
//! its values match, often `otherwise`), so the report counts and lists
//! them: a change in the data is seen, not counted silently.

use std::collections::HashSet;

use slate_rules::RuleSet;

use crate::events::Events;
use crate::report::UndeclaredValue;

/// How many such values a report lists.
pub(crate) const LISTED: usize = 100;

/// The records whose declared fields hold undeclared values: how many, and
/// the first [`LISTED`] of those values in reading order.
pub(crate) fn undeclared(rules: &RuleSet, events: &Events) -> (u64, Vec<UndeclaredValue>) {
    let (count, listed) = undeclared_in_order(rules, events);
    (count, listed.into_iter().map(|(_, v)| v).collect())
}

/// What [`undeclared`] finds, each value with its record's number in
/// reading order; the first [`LISTED`].
pub(crate) type Found = (u64, Vec<(u64, UndeclaredValue)>);

/// As [`undeclared`], each value with its record's number.
pub(crate) fn undeclared_in_order(rules: &RuleSet, events: &Events) -> Found {
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
    // The first LISTED in reading order: records may be grouped by item.
    let mut listed: Vec<(u64, UndeclaredValue)> = Vec::new();
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
            listed.push((
                u64::from(r.seq),
                UndeclaredValue {
                    item: events.symbols.name(r.id).to_owned(),
                    event: events.symbols.name(r.event).to_owned(),
                    field: (*name).to_owned(),
                    value: events.symbols.name(value).to_owned(),
                },
            ));
            if listed.len() > 2 * LISTED {
                first(&mut listed);
            }
        }
        count += u64::from(bad);
    }
    first(&mut listed);
    (count, listed)
}

/// What two sets of records (partitions of one reading) find together.
pub(crate) fn merge((n, mut listed): Found, (m, more): Found) -> Found {
    listed.extend(more);
    first(&mut listed);
    (n + m, listed)
}

/// Keeps the first [`LISTED`] values in reading order (a record's own
/// values in the order of the agreement's fields).
fn first(listed: &mut Vec<(u64, UndeclaredValue)>) {
    listed.sort_by_key(|(seq, _)| *seq);
    listed.truncate(LISTED);
}
