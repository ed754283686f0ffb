//! Every name an agreement defines and every place it is used, with its kind.
//!
//! Parties, calendars, services, objectives and clauses share one namespace.
//! [`Refs::collect`] walks the syntax tree once and lists the definitions
//! (the name after `party`, `calendar`, …) and the references (the name after
//! `provider`, `hours`, `clock`, `on`, `credits for`, …). Tools use it to go
//! to a definition, find the uses of a name and rename it; it knows nothing of
//! checking, so a reference to a name that is not defined is listed too.

use crate::ast::{
    Agreement, AmendedBy, Arrival, File, Item, Name, ObjectiveStmt, ScheduleStmt, ServiceStmt,
    TerminationStmt,
};
use crate::span::Span;

/// The built-in calendar that is always open; it has no definition.
pub const ALWAYS_OPEN: &str = "24x7";

/// What a name is defined as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `party NAME "…" { … }`.
    Party,
    /// `calendar NAME "…" { … }`.
    Calendar,
    /// `service NAME "…" { … }`.
    Service,
    /// `objective NAME "…" { … }`.
    Objective,
    /// `clause NAME "…" """…"""`.
    Clause,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Kind::Party,
        Kind::Calendar,
        Kind::Service,
        Kind::Objective,
        Kind::Clause,
    ];

    /// The keyword that defines it, which is also its noun: `party`.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Calendar => "calendar",
            Kind::Service => "service",
            Kind::Objective => "objective",
            Kind::Clause => "clause",
        }
    }

    /// Its plural: `parties`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Party => "parties",
            Kind::Calendar => "calendars",
            Kind::Service => "services",
            Kind::Objective => "objectives",
            Kind::Clause => "clauses",
        }
    }
}

/// A name's definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// What it defines.
    pub kind: Kind,
    /// The name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// The whole block (or clause) it names.
    pub block: Span,
}

/// A use of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The kind of thing the place expects.
    pub kind: Kind,
    /// The name as written.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
}

/// A name at a position: where it is defined or where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occurrence<'a> {
    /// The name of a definition.
    Definition(&'a Definition),
    /// A use of a name.
    Reference(&'a Reference),
}

impl Occurrence<'_> {
    /// The name.
    pub fn name(&self) -> &str {
        match self {
            Occurrence::Definition(d) => &d.name,
            Occurrence::Reference(r) => &r.name,
        }
    }

    /// Where the name is written.
    pub fn span(&self) -> Span {
        match self {
            Occurrence::Definition(d) => d.span,
            Occurrence::Reference(r) => r.span,
        }
    }

    /// The kind defined or expected.
    pub fn kind(&self) -> Kind {
        match self {
            Occurrence::Definition(d) => d.kind,
            Occurrence::Reference(r) => r.kind,
        }
    }
}

/// The definitions and references of a file, each in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refs {
    /// Every definition, duplicates included.
    pub definitions: Vec<Definition>,
    /// Every reference, to defined names or not (`24x7` is left out).
    pub references: Vec<Reference>,
}

impl Refs {
    /// Lists the definitions and references of every agreement in `file`.
    pub fn collect(file: &File) -> Refs {
        let mut refs = Refs::default();
        for a in &file.agreements {
            refs.agreement(a);
        }
        refs
    }

    /// The first definition of `name`, of any kind (names share one namespace).
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name == name)
    }

    /// The references to `name`.
    pub fn uses<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Reference> + 'a {
        self.references.iter().filter(move |r| r.name == name)
    }

    /// The name written at byte `offset` (its end included, so a cursor just
    /// after a name finds it).
    pub fn at(&self, offset: usize) -> Option<Occurrence<'_>> {
        let hit = |s: Span| s.start <= offset && offset <= s.end;
        self.definitions
            .iter()
            .find(|d| hit(d.span))
            .map(Occurrence::Definition)
            .or_else(|| {
                self.references
                    .iter()
                    .find(|r| hit(r.span))
                    .map(Occurrence::Reference)
            })
    }

    /// The names defined as `kind`, each once, in source order.
    pub fn names_of(&self, kind: Kind) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in self.definitions.iter().filter(|d| d.kind == kind) {
            if !out.contains(&d.name.as_str()) {
                out.push(&d.name);
            }
        }
        out
    }

    fn define(&mut self, kind: Kind, name: &crate::ast::Name, block: Span) {
        self.definitions.push(Definition {
            kind,
            name: name.text.clone(),
            span: name.span,
            block,
        });
    }

    fn refer(&mut self, kind: Kind, name: &crate::ast::Name) {
        if kind == Kind::Calendar && name.text == ALWAYS_OPEN {
            return;
        }
        self.references.push(Reference {
            kind,
            name: name.text.clone(),
            span: name.span,
        });
    }

    fn agreement(&mut self, a: &Agreement) {
        for item in &a.items {
            match item {
                // A party's roles are words, not names.
                Item::Party(p) => self.define(Kind::Party, &p.name, p.span),
                Item::Calendar(c) => self.define(Kind::Calendar, &c.name, c.span),
                Item::Service(s) => self.define(Kind::Service, &s.name, s.span),
                Item::Objective(o) => self.define(Kind::Objective, &o.name, o.span),
                Item::Clause(c) => self.define(Kind::Clause, &c.name, c.span),
                _ => {}
            }
            each_reference(item, &mut |kind, name| self.refer(kind, name));
        }
    }
}

/// One walk over the names an item refers to, for [`each_reference`] and
/// [`each_reference_mut`]: `$($m)?` is `mut` or nothing.
macro_rules! walk_references {
    ($item:expr, $f:expr $(, $m:ident)?) => {
        match $item {
            Item::Owner(o) => $f(Kind::Party, & $($m)? o.value),
            Item::Amendments(a) => {
                if let AmendedBy::Party(p) = & $($m)? a.value {
                    $f(Kind::Party, p);
                }
            }
            Item::Report(r) => {
                if let Some(from) = & $($m)? r.value.from {
                    $f(Kind::Party, from);
                }
                for to in & $($m)? r.value.to {
                    $f(Kind::Party, to);
                }
            }
            Item::Service(s) => {
                for stmt in & $($m)? s.stmts {
                    match stmt {
                        ServiceStmt::Provider(p) | ServiceStmt::Customer(p) => {
                            $f(Kind::Party, & $($m)? p.value);
                        }
                        ServiceStmt::Hours(h) => $f(Kind::Calendar, & $($m)? h.value),
                        _ => {}
                    }
                }
            }
            Item::Objective(o) => {
                for stmt in & $($m)? o.stmts {
                    match stmt {
                        ObjectiveStmt::Service(s) => $f(Kind::Service, & $($m)? s.value),
                        ObjectiveStmt::Clock(c) => $f(Kind::Calendar, & $($m)? c.value),
                        ObjectiveStmt::Goal(g) => {
                            if let Some(on) = & $($m)? g.value.on {
                                $f(Kind::Calendar, on);
                            }
                            if let Some(Arrival::During { calendar } | Arrival::Outside { calendar }) =
                                & $($m)? g.value.arrival
                            {
                                $f(Kind::Calendar, calendar);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Item::Credits(s) | Item::Bonus(s) => {
                $f(Kind::Objective, & $($m)? s.objective);
                for stmt in & $($m)? s.stmts {
                    if let ScheduleStmt::Claim(c) = stmt
                        && let Some(cal) = & $($m)? c.value.calendar
                    {
                        $f(Kind::Calendar, cal);
                    }
                }
            }
            Item::Termination(t) => {
                for stmt in & $($m)? t.stmts {
                    if let TerminationStmt::Suspend(s) = stmt {
                        $f(Kind::Party, & $($m)? s.value.party);
                    }
                    if let TerminationStmt::ForCauseWindow(w) = stmt {
                        $f(Kind::Objective, & $($m)? w.value.objective);
                    }
                }
            }
            Item::Party(_)
            | Item::Calendar(_)
            | Item::Clause(_)
            | Item::Id(_)
            | Item::Version(_)
            | Item::Effective(_)
            | Item::Timezone(_)
            | Item::Currency(_)
            | Item::Field(_)
            | Item::Event(_)
            | Item::Review(_) => {}
        }
    };
}

/// Calls `f` on every name `item` refers to (not the names it defines),
/// with the kind of thing the name must be. `24x7` is passed too.
pub fn each_reference(item: &Item, f: &mut dyn FnMut(Kind, &Name)) {
    walk_references!(item, f);
}

/// [`each_reference`], to change the names.
pub fn each_reference_mut(item: &mut Item, f: &mut dyn FnMut(Kind, &mut Name)) {
    walk_references!(item, f, mut);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"agreement "A" {
  owner acme
  report monthly from acme to client
  party acme "Acme" {
    role provider
  }
  party client "Client" {
    role customer
  }
  calendar office "Office" {
    monday 09:00-17:00
  }
  service desk "Desk" {
    provider acme
    customer client
    hours office
  }
  objective reply "Reply" {
    service desk
    measure tickets from created until replied
    clock office
    goal within 4 hours on 24x7
    goal priority "P1" within 1 hour on office
    target 95% per month
  }
  credits for reply {
    below 95% : 5% of monthly fee
  }
  termination {
    suspend after 14 days without client response
  }
  clause law "Law" """English law."""
}
"#;

    #[test]
    fn lists_every_definition_and_reference() {
        let parsed = crate::parse(SRC);
        let refs = Refs::collect(&parsed.file);
        let defs: Vec<(Kind, &str)> = refs
            .definitions
            .iter()
            .map(|d| (d.kind, d.name.as_str()))
            .collect();
        assert_eq!(
            defs,
            [
                (Kind::Party, "acme"),
                (Kind::Party, "client"),
                (Kind::Calendar, "office"),
                (Kind::Service, "desk"),
                (Kind::Objective, "reply"),
                (Kind::Clause, "law"),
            ]
        );
        let uses: Vec<(Kind, &str)> = refs
            .references
            .iter()
            .map(|r| (r.kind, r.name.as_str()))
            .collect();
        assert_eq!(
            uses,
            [
                (Kind::Party, "acme"),
                (Kind::Party, "acme"),
                (Kind::Party, "client"),
                (Kind::Party, "acme"),
                (Kind::Party, "client"),
                (Kind::Calendar, "office"),
                (Kind::Service, "desk"),
                (Kind::Calendar, "office"),
                (Kind::Calendar, "office"),
                (Kind::Objective, "reply"),
                (Kind::Party, "client"),
            ]
        );
        for r in &refs.references {
            assert_eq!(SRC.get(r.span.start..r.span.end), Some(r.name.as_str()));
        }
        let office = refs.uses("office").count();
        assert_eq!(office, 3);
        let at = SRC.find("hours office").map(|i| i + 8);
        let found = at.and_then(|o| refs.at(o));
        assert_eq!(
            found.map(|o| o.name().to_owned()),
            Some("office".to_owned())
        );
        assert_eq!(
            refs.definition("office").map(|d| d.kind),
            Some(Kind::Calendar)
        );
        assert_eq!(refs.names_of(Kind::Party), ["acme", "client"]);
    }
}
