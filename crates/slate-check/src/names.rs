//! The one namespace of names: every party, calendar, service, objective
//! and clause is defined once (the first pass), and every reference to
//! one is resolved against it (the later passes).

use std::collections::{BTreeMap, BTreeSet};

use slate_syntax::ast::{self, Item, Name};
use slate_syntax::{Code, Diagnostic, Span, diagnostic};

use crate::env::{Cx, Out};
use crate::{Kind, model};

/// Did-you-mean searches made for one file before the help stops searching.
const MAX_SUGGESTIONS: usize = 200;

/// Every defined name, with its kind and where it is defined.
pub(crate) type Names<'a> = BTreeMap<&'a str, (Kind, Span)>;

/// Names defined more than once, with each kind they were defined as.
pub(crate) type Duplicates<'a> = BTreeSet<(&'a str, Kind)>;

/// `a` or `an`, before a kind's noun.
fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Objective => "an",
        _ => "a",
    }
}

/// Defines every name of the agreement: the names and the kinds they are
/// defined as, and the names defined more than once.
pub(crate) fn define<'a>(a: &'a ast::Agreement, out: &mut Out<'_>) -> (Names<'a>, Duplicates<'a>) {
    let mut names: Names<'a> = BTreeMap::new();
    let mut duplicates: Duplicates<'a> = BTreeSet::new();
    for item in &a.items {
        let (name, kind) = match item {
            Item::Party(p) => (&p.name, Kind::Party),
            Item::Calendar(c) => (&c.name, Kind::Calendar),
            Item::Service(s) => (&s.name, Kind::Service),
            Item::Objective(o) => (&o.name, Kind::Objective),
            Item::Clause(c) => (&c.name, Kind::Clause),
            _ => continue,
        };
        if name.text == model::ALWAYS_OPEN {
            continue;
        }
        if names.contains_key(name.text.as_str()) {
            duplicates.insert((name.text.as_str(), kind));
        }
        match names.get(name.text.as_str()) {
            Some((first_kind, first)) => {
                let first = *first;
                let first_kind = *first_kind;
                out.push(
                    Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is defined twice", name.text))
                        .label(format!("second definition, as {} {}", article(kind), kind.noun()))
                        .related(first, format!("first defined here, as {} {}", article(first_kind), first_kind.noun()))
                        .help("every party, calendar, service, objective and clause needs a name of its own; rename one of them"),
                );
            }
            None => {
                names.insert(&name.text, (kind, name.span));
            }
        }
    }
    (names, duplicates)
}

impl<'a> Cx<'_, 'a> {
    /// Checks that `name` is defined as a `kind`. Reports and returns false otherwise.
    pub(crate) fn resolve(&mut self, name: &Name, kind: Kind) -> bool {
        if kind == Kind::Calendar && name.text == model::ALWAYS_OPEN {
            self.sink.always_open = true;
            return true;
        }
        if self.env.duplicates.contains(&(name.text.as_str(), kind)) {
            return true;
        }
        match self.env.names.get(name.text.as_str()) {
            Some((k, _)) if *k == kind => true,
            Some((k, at)) => {
                let (k, at) = (*k, *at);
                let (help, suggestion) = self.name_help(&name.text, kind);
                let mut d = Diagnostic::new(
                    Code::WrongKind,
                    name.span,
                    format!(
                        "`{}` is {} {}, not {} {}",
                        name.text,
                        article(k),
                        k.noun(),
                        article(kind),
                        kind.noun()
                    ),
                )
                .label(format!("expected {} {}", article(kind), kind.noun()))
                .related(at, format!("`{}` is defined here", name.text))
                .help(help);
                if let Some(s) = suggestion {
                    d = d.suggest(name.span, s);
                }
                self.push(d);
                false
            }
            // A definition may be the line that could not be read.
            None if self.env.agreement.lost_definition => false,
            None => {
                let (help, suggestion) = self.name_help(&name.text, kind);
                let mut d = Diagnostic::new(
                    Code::UndefinedName,
                    name.span,
                    format!("undefined {} `{}`", kind.noun(), name.text),
                )
                .label(format!("no {} of this name", kind.noun()))
                .help(help);
                if let Some(s) = suggestion {
                    d = d.suggest(name.span, s);
                }
                self.push(d);
                false
            }
        }
    }

    /// What to write instead of a name that is not a `kind`: the closest name,
    /// or the names there are, or how to define one.
    fn name_help(&mut self, name: &str, kind: Kind) -> (String, Option<String>) {
        if let Some(s) = self.suggest(name, kind) {
            return (format!("did you mean `{s}`?"), Some(s.to_owned()));
        }
        (self.names_help(name, kind), None)
    }

    /// The names there are, or how to define one.
    fn names_help(&self, name: &str, kind: Kind) -> String {
        let known = self.names_of(kind);
        match kind {
            Kind::Calendar if known.len() <= 1 => {
                "define it with `calendar NAME \"Title\" { … }`, or use the built-in `24x7`"
                    .to_owned()
            }
            _ if known.is_empty() => format!("define it with `{} {name} …`", kind.noun()),
            _ => {
                // Name a few, so the help stays a line and not a list of thousands.
                const SHOWN: usize = 8;
                let mut names: Vec<String> =
                    known.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
                if known.len() > SHOWN {
                    names.push(format!("{} more", known.len() - SHOWN));
                }
                format!("the {} defined are {}", kind.plural(), names.join(", "))
            }
        }
    }

    fn names_of(&self, kind: Kind) -> Vec<&'a str> {
        let mut v: Vec<&str> = self
            .env
            .names
            .iter()
            .filter(|(_, (k, _))| *k == kind)
            .map(|(n, _)| *n)
            .collect();
        if kind == Kind::Calendar {
            v.push(model::ALWAYS_OPEN);
        }
        v
    }

    /// The closest defined name of `kind`. Each search compares with every
    /// name, so after [`MAX_SUGGESTIONS`] searches in one file (a file with
    /// thousands of unknown names) it stops searching, keeping checking linear.
    fn suggest(&mut self, name: &str, kind: Kind) -> Option<&'a str> {
        if self.sink.suggestions >= MAX_SUGGESTIONS {
            return None;
        }
        self.sink.suggestions += 1;
        diagnostic::did_you_mean(name, self.names_of(kind))
    }
}
