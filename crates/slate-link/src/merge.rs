//! Merging: what an override changes in the term it overrides, and how an
//! imported definition is renamed under its alias.

use slate_syntax::ast::{self, GoalWhen, Item, ObjectiveStmt};
use slate_syntax::refs::each_reference_mut;

use crate::Kind;

/// `objective `uptime``, `termination block`, `credits for `uptime``.
pub(crate) fn noun(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Termination => "termination block".to_owned(),
        k => format!("{} `{name}`", k.keyword()),
    }
}

/// `an objective `uptime``, `a termination block`, `credits for `uptime``.
pub(crate) fn describe(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Termination => "a termination block".to_owned(),
        Kind::Credits => format!("credits for `{name}`"),
        Kind::Bonus => format!("a bonus for `{name}`"),
        Kind::Objective => format!("an objective `{name}`"),
        k => format!("a {} `{name}`", k.keyword()),
    }
}

/// Qualifies an imported definition: its name and the names it uses from
/// its own file (`names`) get the alias `prefix`.
pub(crate) fn rename(item: &mut Item, prefix: &str, names: &[&str]) {
    each_reference_mut(item, &mut |_, n| {
        if names.contains(&n.text.as_str()) {
            n.text = format!("{prefix}{}", n.text);
        }
    });
    let name = match item {
        Item::Party(p) => &mut p.name,
        Item::Calendar(c) => &mut c.name,
        Item::Service(s) => &mut s.name,
        Item::Objective(o) => &mut o.name,
        Item::Clause(c) => &mut c.name,
        _ => return,
    };
    name.text = format!("{prefix}{}", name.text);
}

/// A statement's place in a merge: its kind, and for a goal which items it
/// is for.
fn goal_key(s: &ObjectiveStmt) -> Option<String> {
    match s {
        ObjectiveStmt::Goal(g) => Some(match &g.value.when {
            GoalWhen::Always => String::new(),
            GoalWhen::Otherwise(_) => "otherwise".to_owned(),
            // The same items in any order of conditions and values.
            GoalWhen::When(conds) => {
                let mut parts: Vec<String> = conds
                    .iter()
                    .map(|c| {
                        let mut values: Vec<&str> =
                            c.values.iter().map(|v| v.value.as_str()).collect();
                        values.sort_unstable();
                        format!("{}={}", c.field.text, values.join("|"))
                    })
                    .collect();
                parts.sort();
                parts.join("&")
            }
        }),
        _ => None,
    }
}

/// Merges goals: an override's goal replaces the inherited goal for the
/// same items; a goal for other items goes before the inherited `otherwise`.
fn merge_goals(base: Vec<ObjectiveStmt>, goals: Vec<ObjectiveStmt>) -> Vec<ObjectiveStmt> {
    let mut goals: Vec<Option<ObjectiveStmt>> = goals.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for b in base {
        let slot = goal_key(&b).and_then(|k| {
            goals
                .iter_mut()
                .find(|g| g.as_ref().and_then(goal_key).as_ref() == Some(&k))
        });
        match slot {
            Some(g) => out.extend(g.take()),
            None => out.push(b),
        }
    }
    let at = out
        .iter()
        .position(|s| goal_key(s).as_deref() == Some("otherwise"))
        .unwrap_or(out.len());
    out.splice(at..at, goals.into_iter().flatten());
    out
}

/// The inherited definition `base` with the override `over` merged in.
pub(crate) fn merge(base: Item, over: Item) -> Item {
    use std::mem::discriminant as d;
    /// Keeps base statements whose kind the override does not give, and
    /// puts the override's statements of a kind where the first inherited
    /// one of that kind stood.
    fn by_kind<T>(base: Vec<T>, over: Vec<T>) -> Vec<T> {
        let kinds: Vec<std::mem::Discriminant<T>> = over.iter().map(d).collect();
        let mut over: Vec<Option<T>> = over.into_iter().map(Some).collect();
        let mut out = Vec::new();
        for b in base {
            if !kinds.contains(&d(&b)) {
                out.push(b);
                continue;
            }
            // The first inherited statement of the kind: the override's
            // statements of that kind go here; later ones are dropped.
            for o in over.iter_mut() {
                if o.as_ref().is_some_and(|o| d(o) == d(&b)) {
                    out.extend(o.take());
                }
            }
        }
        out.extend(over.into_iter().flatten());
        out
    }
    match (base, over) {
        (Item::Party(b), Item::Party(o)) => Item::Party(ast::Party {
            legal_name: if o.legal_name.value.is_empty() {
                b.legal_name
            } else {
                o.legal_name
            },
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (Item::Clause(b), Item::Clause(o)) => Item::Clause(ast::Clause {
            title: if o.title.value.is_empty() {
                b.title
            } else {
                o.title
            },
            ..o
        }),
        (Item::Calendar(b), Item::Calendar(o)) => Item::Calendar(ast::Calendar {
            title: o.title.or(b.title),
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (Item::Service(b), Item::Service(o)) => Item::Service(ast::Service {
            title: o.title.or(b.title),
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (Item::Objective(b), Item::Objective(o)) => {
            let (goals, others): (Vec<_>, Vec<_>) = o
                .stmts
                .into_iter()
                .partition(|s| matches!(s, ObjectiveStmt::Goal(_)));
            let stmts = merge_goals(by_kind(b.stmts, others), goals);
            Item::Objective(ast::Objective {
                title: o.title.or(b.title),
                stmts,
                ..o
            })
        }
        (Item::Credits(b), Item::Credits(o)) => Item::Credits(ast::Schedule {
            per: o.per.or(b.per),
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (Item::Bonus(b), Item::Bonus(o)) => Item::Bonus(ast::Schedule {
            per: o.per.or(b.per),
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (Item::Termination(b), Item::Termination(o)) => Item::Termination(ast::Termination {
            stmts: by_kind(b.stmts, o.stmts),
            ..o
        }),
        (_, over) => over,
    }
}
