//! Linking: an agreement and the files it imports and extends, resolved
//! into one syntax tree that the checker reads as if it were one file.
//!
//! ```text
//!  root.sla ──load──▶ every file it reaches (parsed, spans moved into the
//!                     file's own range, see `spans::FileId`)
//!           ──resolve──▶ one agreement: inherited terms, overrides merged
//!                        in place, imported definitions, its own terms
//! ```
//!
//! Spans keep pointing into the file each statement was written in, so the
//! checker's diagnostics on the resolved tree point into the right file.

#![forbid(unsafe_code)]

pub mod files;
mod merge;
mod resolve;

use std::path::{Component, Path, PathBuf};

use slate_syntax::ast::{self, Item};
use slate_syntax::spans::FileId;
use slate_syntax::{Diagnostic, Span};

use crate::files::ReadError;

/// Where source files come from: the file system, or an editor's open buffers.
///
/// A source enforces the import root and the bounds of
/// [`crate::files`]: it never reads outside its root, never opens what is
/// not a regular file, and never reads more than the size limit.
pub trait Sources {
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> Result<String, ReadError>;

    /// What identifies the file at `path`, so that one file reached by two
    /// spellings (`lib.sla`, `../dir/lib.sla`, a link) is read once. The
    /// path itself, already without `.` and `..`, by default.
    fn identity(&self, path: &Path) -> PathBuf {
        path.to_path_buf()
    }
}

pub use crate::files::{FileSystem, identity};

/// One source file of an agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path, as reached from the root file.
    pub path: PathBuf,
    /// The text.
    pub text: String,
}

/// What a definition or term is, for matching an override to what it overrides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `party`.
    Party,
    /// `calendar`.
    Calendar,
    /// `service`.
    Service,
    /// `objective`.
    Objective,
    /// `credits for`.
    Credits,
    /// `bonus for`.
    Bonus,
    /// `termination`.
    Termination,
    /// `clause`.
    Clause,
}

impl Kind {
    /// The keyword: `objective`, `credits for`.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Calendar => "calendar",
            Kind::Service => "service",
            Kind::Objective => "objective",
            Kind::Credits => "credits for",
            Kind::Bonus => "bonus for",
            Kind::Termination => "termination",
            Kind::Clause => "clause",
        }
    }

    /// Whether `import` brings definitions of this kind.
    fn importable(self) -> bool {
        matches!(
            self,
            Kind::Party | Kind::Calendar | Kind::Service | Kind::Objective | Kind::Clause
        )
    }
}

/// Which term an item is: what kind, its name (the objective's, for
/// credits and a bonus), its `override` if it has one, and where its name
/// is written — which tells one definition from another of the same name.
#[derive(Clone, Copy, Debug)]
pub struct Term<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its name.
    pub name: &'a str,
    /// Its `override`.
    pub overrides: Option<&'a ast::Override>,
    /// Where its name (or head) is written.
    pub span: Span,
}

/// Whether two head statements are the same statement, which one given in
/// an extending agreement replaces: the same keyword and, for `field`, the
/// same field.
fn same_statement(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Field(x), Item::Field(y)) => x.value.name.text == y.value.name.text,
        (Item::Event(x), Item::Event(y)) => x.value.event.value == y.value.event.value,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The term an item is, for a definition, credits, a bonus or termination.
pub fn term(item: &Item) -> Option<Term<'_>> {
    let (kind, name, overrides, span) = match item {
        Item::Party(p) => (Kind::Party, &p.name.text, &p.overrides, p.name.span),
        Item::Calendar(c) => (Kind::Calendar, &c.name.text, &c.overrides, c.name.span),
        Item::Service(s) => (Kind::Service, &s.name.text, &s.overrides, s.name.span),
        Item::Objective(o) => (Kind::Objective, &o.name.text, &o.overrides, o.name.span),
        Item::Credits(s) => (Kind::Credits, &s.objective.text, &s.overrides, s.head),
        Item::Bonus(s) => (Kind::Bonus, &s.objective.text, &s.overrides, s.head),
        Item::Clause(c) => (Kind::Clause, &c.name.text, &c.overrides, c.name.span),
        Item::Termination(t) => {
            return Some(Term {
                kind: Kind::Termination,
                name: "",
                overrides: t.overrides.as_ref(),
                span: t.head,
            });
        }
        _ => return None,
    };
    Some(Term {
        kind,
        name,
        overrides: overrides.as_ref(),
        span,
    })
}

impl Term<'_> {
    /// Whether `other` is the same term: same kind and name.
    pub fn is(&self, kind: Kind, name: &str) -> bool {
        self.kind == kind && self.name == name
    }
}

/// An override in the root agreement, kept to compare what it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideUse {
    /// What it overrides.
    pub kind: Kind,
    /// The name of what it overrides (the objective's, for credits).
    pub name: String,
    /// The `override` keyword.
    pub span: Span,
    /// Its `because "…"`.
    pub because: Option<String>,
}

/// An agreement the root agreement extends, directly or through another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The file it is written in.
    pub file: FileId,
    /// Its resolved syntax tree (one agreement).
    pub tree: ast::File,
}

/// The result of linking.
#[derive(Clone, Debug, Default)]
pub struct Linked {
    /// Every file reached, the root first; a span's [`FileId`] indexes this list.
    pub files: Vec<SourceFile>,
    /// The resolved root: one agreement (or a library's definitions), with
    /// no imports left.
    pub tree: ast::File,
    /// The root file's own syntax tree, as written (without what it
    /// imports or inherits); empty unless asked for (`link_keeping`).
    pub parsed: ast::File,
    /// The agreements the root extends, the furthest first.
    pub levels: Vec<Level>,
    /// The root agreement's overrides.
    pub overrides: Vec<OverrideUse>,
    /// Syntax diagnostics of every file and the diagnostics of linking.
    pub diagnostics: Vec<Diagnostic>,
}

/// Links the agreement at `path`, whose text is `text`; the files it imports
/// and extends are read from `sources`, relative to the file that names them.
pub fn link(path: &Path, text: String, sources: &dyn Sources) -> Linked {
    link_keeping(path, text, sources, false)
}

/// [`link`], keeping the root's tree as written in [`Linked::parsed`]
/// when `keep` (an editor needs it; a compiler does not pay for the copy).
pub fn link_keeping(path: &Path, text: String, sources: &dyn Sources, keep: bool) -> Linked {
    resolve::link(path, text, sources, keep)
}

/// A path without `.` and with `..` taken back where it can be, so one file
/// reached by two routes is read once.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
