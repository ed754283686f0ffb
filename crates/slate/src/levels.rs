//! The levels of an agreement that extends others: where each term comes
//! from (for the documents), and overrides that weaken what they inherit
//! (warnings, `slate::E0708`).

use slate_check::compare::{self, Difference};
use slate_check::model::{Anchor, Change, Level, Lineage, Mark, Model};
use slate_render::document::{self, Document};
use slate_syntax::{Code, Diagnostic, Span};

use crate::link::{Kind, Linked, Term, term};

/// What a section says, subsections included, without notes.
fn words(s: &document::Section) -> String {
    let mut out = document::plain_text(&s.body);
    for c in &s.children {
        out.push('\n');
        out.push_str(&words(c));
    }
    out
}

/// The anchor of the term in the documents: its section's, or for a party
/// or calendar (items of a list) a name of its own.
fn section_id(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Service => Anchor::Service.of(name),
        Kind::Objective => Anchor::Objective.of(name),
        Kind::Credits => Anchor::Credits.of(name),
        Kind::Bonus => Anchor::Bonus.of(name),
        Kind::Clause => Anchor::Clause.of(name),
        Kind::Termination => "term".to_owned(),
        // Parties and calendars are items of a section's list: the note
        // goes on the item, and names the section.
        Kind::Party => Anchor::Party.of(name),
        Kind::Calendar => Anchor::Calendar.of(name),
    }
}

/// The section of a level's document that states a term.
fn section_of(id: &str) -> &str {
    if id.starts_with("party--") {
        "parties"
    } else if id.starts_with("calendar--") {
        "definitions"
    } else {
        id
    }
}

/// What an override changes, compared on the Models of both levels.
fn changes(kind: Kind, name: &str, old: &Model, new: &Model) -> Vec<Difference> {
    match kind {
        Kind::Objective => match (old.objective(name), new.objective(name)) {
            (Some(a), Some(b)) => compare::objective(old, a, new, b),
            _ => Vec::new(),
        },
        Kind::Credits | Kind::Bonus => {
            let find = |m: &Model| {
                m.schedules
                    .iter()
                    .find(|s| {
                        s.objective == name
                            && matches!(
                                (kind, s.kind),
                                (Kind::Credits, slate_check::model::ScheduleKind::Credits)
                                    | (Kind::Bonus, slate_check::model::ScheduleKind::Bonus)
                            )
                    })
                    .cloned()
            };
            match (find(old), find(new)) {
                (Some(a), Some(b)) => compare::schedule(&a, &b),
                _ => Vec::new(),
            }
        }
        Kind::Calendar => match (old.calendar(name), new.calendar(name)) {
            (Some(a), Some(b)) => compare::calendar(a, b),
            _ => Vec::new(),
        },
        Kind::Service => match (old.service(name), new.service(name)) {
            (Some(a), Some(b)) => compare::service(a, b),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The lineage of `model`, the root of `linked`, and a warning for each
/// override that weakens what it inherits without `because "…"`.
pub(crate) fn lineage(model: &Model, linked: &Linked) -> (Option<Lineage>, Vec<Diagnostic>) {
    let mut models = Vec::new();
    for level in &linked.levels {
        match slate_check::check(&level.tree).model {
            Some(m) => models.push(m),
            // An extended agreement with errors: they are reported where
            // they are, and there is nothing sound to compare with.
            None => return (None, Vec::new()),
        }
    }
    let docs: Vec<Document> = models.iter().map(document::build).collect();
    let here = document::build(model);
    // Whether a term reads in `level`'s document as it reads here.
    let same_words = |level: usize, kind: Kind, name: &str, id: &str| -> bool {
        let (Some(doc), Some(m)) = (docs.get(level), models.get(level)) else {
            return false;
        };
        match kind {
            Kind::Party => m.party(name) == model.party(name),
            Kind::Calendar => m.calendar(name) == model.calendar(name),
            _ => match (doc.section(id), here.section(id)) {
                (Some(a), Some(b)) => words(a) == words(b),
                _ => false,
            },
        }
    };
    let Some(parent) = models.last() else {
        return (None, Vec::new());
    };
    let last = models.len() - 1;
    let section = |level: usize, id: &str| {
        docs.get(level)
            .and_then(|d| d.section(section_of(id)))
            .map(|s| s.number.clone())
    };
    let mut marks = Vec::new();
    let mut warnings = Vec::new();
    let items = linked
        .tree
        .agreements
        .first()
        .map(|a| a.items.as_slice())
        .unwrap_or_default();
    for item in items {
        let Some(Term {
            kind, name, span, ..
        }) = term(item)
        else {
            continue;
        };
        let used = linked
            .overrides
            .iter()
            .find(|u| u.kind == kind && u.name == name);
        // The levels that state the term as written here, the furthest
        // first; the note names the furthest where it also reads the same.
        let id = section_id(kind, name);
        let stating: Vec<usize> = (0..linked.levels.len())
            .filter(|l| {
                let level = linked.levels.get(*l);
                level
                    .and_then(|v| v.tree.agreements.first())
                    .is_some_and(|a| {
                        a.items
                            .iter()
                            .filter_map(term)
                            .any(|t| t.is(kind, name) && t.span == span)
                    })
            })
            .collect();
        let same = stating
            .iter()
            .copied()
            .find(|l| same_words(*l, kind, name, &id));
        let change = match (same, stating.last(), used) {
            (Some(level), ..) => Some((level, Change::Inherited)),
            (None, Some(level), _) => Some((*level, Change::Reworded)),
            (None, None, Some(u)) => {
                let diffs = changes(kind, name, parent, model);
                let weakened = diffs.iter().any(|d| d.weaker);
                let tightened = !weakened
                    && !diffs.is_empty()
                    && matches!(
                        kind,
                        Kind::Objective | Kind::Credits | Kind::Service | Kind::Calendar
                    );
                if weakened && u.because.is_none() {
                    warnings.push(weakening(kind, name, u.span, &diffs, linked, parent));
                }
                Some((
                    last,
                    Change::Overridden {
                        changes: diffs.into_iter().map(|d| d.words).collect(),
                        weakened,
                        tightened,
                        because: u.because.clone(),
                    },
                ))
            }
            (None, None, None) => None,
        };
        if let Some((level, change)) = change {
            marks.push(Mark {
                section: section(level, &id),
                section_id: id,
                level,
                change,
            });
        }
    }
    let levels = models
        .iter()
        .map(|m| Level {
            title: m.title.clone(),
            id: m.id.clone(),
            version: m.version.clone(),
        })
        .collect();
    (Some(Lineage { levels, marks }), warnings)
}

fn weakening(
    kind: Kind,
    name: &str,
    at: Span,
    diffs: &[Difference],
    linked: &Linked,
    parent: &Model,
) -> Diagnostic {
    let weaker: Vec<&str> = diffs
        .iter()
        .filter(|d| d.weaker)
        .map(|d| d.words.as_str())
        .collect();
    let what = match kind {
        Kind::Credits => format!("the credits for `{name}`"),
        Kind::Bonus => format!("the bonus for `{name}`"),
        k => format!("{} `{name}`", k.keyword()),
    };
    let mut d = Diagnostic::new(
        Code::WeakenedGuarantee,
        at,
        format!(
            "this override weakens {what} inherited from \"{}\": {}",
            parent.title,
            weaker.join("; ")
        ),
    )
    .label("weakens an inherited guarantee")
    .help("if this is agreed, say why after the name: `because \"…\"`; otherwise keep the inherited value");
    let inherited = linked.levels.last().and_then(|lv| {
        lv.tree.agreements.first().and_then(|a| {
            a.items
                .iter()
                .filter_map(term)
                .find(|t| t.is(kind, name))
                .map(|t| t.span)
        })
    });
    if let Some(span) = inherited {
        d = d.related(span, "the inherited definition");
    }
    d
}
