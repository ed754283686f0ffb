//! Finding the Model's items by name without searching its lists.
//!
//! The Model keeps its items in lists, in the order the agreement states
//! them, and [`Model::objective`] and its kin search a list from the start.
//! A consumer that looks up every objective's service, schedules or
//! section (the checker's source map, the contract document, the rule set)
//! would search a list once per item; on an agreement with thousands of
//! objectives those searches were most of the time they took (issue 21,
//! docs/performance.md). An [`Index`] is built once, in one pass over each
//! list, and answers exactly as the searches do: a name given twice finds
//! its first item.

use std::collections::HashMap;

use super::{Calendar, Model, Objective, Party, Schedule, ScheduleKind, Service};

/// Where each of a Model's named items is in its list.
#[derive(Clone, Debug)]
pub struct Index<'m> {
    m: &'m Model,
    parties: HashMap<&'m str, usize>,
    calendars: HashMap<&'m str, usize>,
    services: HashMap<&'m str, usize>,
    objectives: HashMap<&'m str, usize>,
    clauses: HashMap<&'m str, usize>,
    schedules: HashMap<(&'m str, ScheduleKind), usize>,
}

/// A list of named items with the first item of each name at hand: the
/// checker's own lookups while it builds the Model's lists.
pub(crate) struct Named<'a, T> {
    items: &'a [T],
    places: HashMap<&'a str, usize>,
}

impl<'a, T> Named<'a, T> {
    /// `items`, each named by `name`.
    pub(crate) fn new(items: &'a [T], name: impl Fn(&'a T) -> &'a str) -> Named<'a, T> {
        Named {
            items,
            places: first(items, name),
        }
    }

    /// The first item named `name`, as `iter().find` finds it.
    pub(crate) fn get(&self, name: &str) -> Option<&'a T> {
        self.places.get(name).and_then(|i| self.items.get(*i))
    }

    /// Every item, in order.
    pub(crate) fn all(&self) -> &'a [T] {
        self.items
    }
}

/// The place of the first item of each name (as `position` finds it).
fn first<'m, T, K: std::hash::Hash + Eq>(
    items: &'m [T],
    key: impl Fn(&'m T) -> K,
) -> HashMap<K, usize> {
    let mut places = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        places.entry(key(item)).or_insert(i);
    }
    places
}

impl<'m> Index<'m> {
    /// The index of `m`.
    pub fn new(m: &'m Model) -> Index<'m> {
        Index {
            m,
            parties: first(&m.parties, |p| p.name.as_str()),
            calendars: first(&m.calendars, |c| c.name.as_str()),
            services: first(&m.services, |s| s.name.as_str()),
            objectives: first(&m.objectives, |o| o.name.as_str()),
            clauses: first(&m.clauses, |c| c.name.as_str()),
            schedules: first(&m.schedules, |s| (s.objective.as_str(), s.kind)),
        }
    }

    /// The place in `parties` of the party named `name`.
    pub fn party_at(&self, name: &str) -> Option<usize> {
        self.parties.get(name).copied()
    }

    /// The place in `calendars` of the calendar named `name`.
    pub fn calendar_at(&self, name: &str) -> Option<usize> {
        self.calendars.get(name).copied()
    }

    /// The place in `services` of the service named `name`.
    pub fn service_at(&self, name: &str) -> Option<usize> {
        self.services.get(name).copied()
    }

    /// The place in `objectives` of the objective named `name`.
    pub fn objective_at(&self, name: &str) -> Option<usize> {
        self.objectives.get(name).copied()
    }

    /// The place in `clauses` of the clause named `name`.
    pub fn clause_at(&self, name: &str) -> Option<usize> {
        self.clauses.get(name).copied()
    }

    /// The place in `schedules` of the first schedule of `kind` for the
    /// objective named `objective`.
    pub fn schedule_at(&self, objective: &str, kind: ScheduleKind) -> Option<usize> {
        self.schedules.get(&(objective, kind)).copied()
    }
}

impl Model {
    /// An [`Index`] of this Model, to find many items by name.
    pub fn index(&self) -> Index<'_> {
        Index::new(self)
    }
}

impl<'m> Index<'m> {
    /// The Model indexed.
    pub fn model(&self) -> &'m Model {
        self.m
    }

    /// The party named `name`, as [`Model::party`] finds it.
    pub fn party(&self, name: &str) -> Option<&'m Party> {
        self.party_at(name).and_then(|i| self.m.parties.get(i))
    }

    /// The calendar named `name`, as [`Model::calendar`] finds it.
    pub fn calendar(&self, name: &str) -> Option<&'m Calendar> {
        self.calendar_at(name).and_then(|i| self.m.calendars.get(i))
    }

    /// The service named `name`, as [`Model::service`] finds it.
    pub fn service(&self, name: &str) -> Option<&'m Service> {
        self.service_at(name).and_then(|i| self.m.services.get(i))
    }

    /// The objective named `name`, as [`Model::objective`] finds it.
    pub fn objective(&self, name: &str) -> Option<&'m Objective> {
        self.objective_at(name)
            .and_then(|i| self.m.objectives.get(i))
    }

    /// The first schedule of `kind` for the objective named `objective`.
    pub fn schedule(&self, objective: &str, kind: ScheduleKind) -> Option<&'m Schedule> {
        self.schedule_at(objective, kind)
            .and_then(|i| self.m.schedules.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name given twice finds its first item, as a search from the start
    /// of the list does; a name not given finds nothing.
    #[test]
    fn the_first_of_a_name_is_found() {
        let items = [("a", 1), ("b", 2), ("a", 3)];
        let named = Named::new(&items, |x| x.0);
        assert_eq!(named.get("a"), Some(&("a", 1)));
        assert_eq!(named.get("b"), Some(&("b", 2)));
        assert_eq!(named.get("c"), None);
        assert_eq!(named.all().len(), 3);
        assert_eq!(first(&items, |x| x.0).get("a"), Some(&0));
    }
}
