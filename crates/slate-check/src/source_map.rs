//! Where each item of the Model is written: a side table from the Model's
//! items to the spans of their names, made by the checker beside the Model
//! from the same syntax tree (imports and inherited terms included, each
//! span in its own file's range).
//!
//! The Model carries no spans (it is what the agreement says, so layout
//! does not change it); a consumer that points back at the source, such as
//! the facade's `E0601` warnings or the language server's hover, reads this
//! table instead of searching the syntax tree for a name.

use std::collections::BTreeMap;

use slate_syntax::Span;
use slate_syntax::ast::{self, Item as Ast, ObjectiveStmt};

use crate::model::{Model, ScheduleKind};

/// An item of the Model, by its place in the Model's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// The agreement: its title.
    Agreement,
    /// `parties[i]`: its name.
    Party(usize),
    /// `calendars[i]`: its name (the built-in `24x7` is written nowhere).
    Calendar(usize),
    /// `services[i]`: its name.
    Service(usize),
    /// `objectives[i]`: its name.
    Objective(usize),
    /// Goal `j` of `objectives[i]`, a time-to-event objective: its statement.
    Goal(usize, usize),
    /// `schedules[i]`: its head, `credits for uptime`.
    Schedule(usize),
    /// `clauses[i]`: its name.
    Clause(usize),
}

/// Where each item of a Model is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    spans: BTreeMap<Item, Span>,
}

impl SourceMap {
    /// Where `item` is written, if it is.
    pub fn span(&self, item: Item) -> Option<Span> {
        self.spans.get(&item).copied()
    }

    /// The item written at exactly `span` (a name, a goal statement or a
    /// schedule's head), if any.
    pub fn item_at(&self, span: Span) -> Option<Item> {
        self.spans
            .iter()
            .find(|(_, s)| **s == span)
            .map(|(item, _)| *item)
    }

    /// Every item that is written somewhere, with where, in the order of
    /// [`Item`].
    pub fn iter(&self) -> impl Iterator<Item = (Item, Span)> + '_ {
        self.spans.iter().map(|(item, span)| (*item, *span))
    }

    /// The table of `m`, the Model checked from `a`. Every name of a Model
    /// is defined once, so each item is the definition of its name.
    pub(crate) fn build(a: &ast::Agreement, m: &Model) -> SourceMap {
        let index = m.index();
        let mut spans = BTreeMap::new();
        spans.insert(Item::Agreement, a.title.span);
        for item in &a.items {
            let (found, span) = match item {
                Ast::Party(p) => (index.party_at(&p.name.text).map(Item::Party), p.name.span),
                Ast::Calendar(c) => (
                    index.calendar_at(&c.name.text).map(Item::Calendar),
                    c.name.span,
                ),
                Ast::Service(s) => (
                    index.service_at(&s.name.text).map(Item::Service),
                    s.name.span,
                ),
                Ast::Objective(o) => {
                    let i = index.objective_at(&o.name.text);
                    if let Some(i) = i {
                        goals(&mut spans, m, i, o);
                    }
                    (i.map(Item::Objective), o.name.span)
                }
                Ast::Credits(s) | Ast::Bonus(s) => {
                    let kind = match item {
                        Ast::Bonus(_) => ScheduleKind::Bonus,
                        _ => ScheduleKind::Credits,
                    };
                    let i = index.schedule_at(&s.objective.text, kind);
                    (i.map(Item::Schedule), s.head)
                }
                Ast::Clause(c) => (index.clause_at(&c.name.text).map(Item::Clause), c.name.span),
                _ => (None, Span::default()),
            };
            if let Some(found) = found {
                spans.insert(found, span);
            }
        }
        SourceMap { spans }
    }
}

/// The goal statements of objective `o`, the `i`th of the Model: the
/// checker makes one goal of each, in order.
fn goals(spans: &mut BTreeMap<Item, Span>, m: &Model, i: usize, o: &ast::Objective) {
    let Some(crate::model::ObjectiveKind::TimeToEvent(t)) = m.objectives.get(i).map(|x| &x.kind)
    else {
        return;
    };
    let written: Vec<Span> = o
        .stmts
        .iter()
        .filter_map(|s| match s {
            ObjectiveStmt::Goal(g) => Some(g.span),
            _ => None,
        })
        .collect();
    if written.len() == t.goals.len() {
        for (j, span) in written.into_iter().enumerate() {
            spans.insert(Item::Goal(i, j), span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item of the Model maps to where its name is written, and back.
    #[test]
    fn items_map_to_their_names() {
        let text = r#"agreement "Support" {
  effective 2026-01-01
  timezone "UTC"
  currency EUR
  party acme "Acme Ltd" {
    role provider
  }
  party shop "Shop Ltd" {
    role customer
  }
  service desk "Desk" {
    provider acme
    customer shop
    fee EUR 1000 per month
  }
  objective reply "Reply" {
    service desk
    measure tickets from created until resolved
    goal within 4 hours
    target 90% per month
  }
  credits for reply {
    below 90% : 10% of monthly fee
  }
}
"#;
        let parsed = slate_syntax::parse(text);
        let checked = crate::check(&parsed.file);
        let m = checked.model.as_ref();
        assert!(m.is_some(), "{:?}", checked.diagnostics);
        let map = &checked.sources;
        let written = |item: Item| map.span(item).and_then(|s| text.get(s.start..s.end));
        assert_eq!(written(Item::Agreement), Some("\"Support\""));
        assert_eq!(written(Item::Party(1)), Some("shop"));
        assert_eq!(written(Item::Service(0)), Some("desk"));
        assert_eq!(written(Item::Objective(0)), Some("reply"));
        assert_eq!(written(Item::Goal(0, 0)), Some("goal within 4 hours"));
        assert_eq!(written(Item::Schedule(0)), Some("credits for reply"));
        let reply = text.find("reply \"Reply\"").unwrap_or_default();
        assert_eq!(
            map.item_at(Span::new(reply, reply + "reply".len())),
            Some(Item::Objective(0))
        );
        // The Model says reopening restarts the clock of an objective that
        // stops at `resolved`.
        let reopen = m.and_then(|m| match &m.objectives[0].kind {
            crate::model::ObjectiveKind::TimeToEvent(t) => t.reopen_event.clone(),
            _ => None,
        });
        assert_eq!(reopen.as_deref(), Some("reopened"));
    }
}
