//! Go to definition, find references and rename.

use std::collections::HashMap;

use lsp_types::{Location, Position, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};
use slate::refs::Occurrence;

use crate::analysis::Analysis;
use crate::grammar::grammar;

/// The definition of the name at `pos`.
pub fn definition(a: &Analysis, uri: &Uri, pos: Position) -> Option<Location> {
    let offset = a.lines.offset(&a.text, pos);
    let occ = a.refs.at(offset)?;
    let def = a.refs.definition(occ.name())?;
    Some(Location::new(uri.clone(), a.lines.range(&a.text, def.span)))
}

/// Every use of the name at `pos`, and its definitions when `declaration`.
pub fn references(a: &Analysis, uri: &Uri, pos: Position, declaration: bool) -> Vec<Location> {
    let offset = a.lines.offset(&a.text, pos);
    let Some(occ) = a.refs.at(offset) else {
        return Vec::new();
    };
    spans(a, occ.name(), declaration)
        .into_iter()
        .map(|s| Location::new(uri.clone(), a.lines.range(&a.text, s)))
        .collect()
}

/// Where `name` is written: its definitions (when asked) and its uses, in order.
fn spans(a: &Analysis, name: &str, declaration: bool) -> Vec<slate::Span> {
    let mut out: Vec<slate::Span> = a
        .refs
        .definitions
        .iter()
        .filter(|d| declaration && d.name == name)
        .map(|d| d.span)
        .chain(a.refs.uses(name).map(|r| r.span))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Why a rename is refused; the message is shown to the person renaming.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// The position is not on a name that can be renamed.
    #[error("only the name of a party, calendar, service, objective or clause can be renamed")]
    NotRenamable,
    /// The name is used but never defined.
    #[error("`{0}` is not defined, so it cannot be renamed")]
    Undefined(String),
    /// The new name is not a name.
    #[error(
        "`{0}` is not a name: a name starts with a letter or `_` and goes on with letters, digits, `_` and single `-`"
    )]
    NotAName(String),
    /// The new name is a keyword.
    #[error("`{0}` is a keyword of Slate and cannot be a name")]
    Keyword(String),
    /// The new name is already defined.
    #[error(
        "`{name}` is already the name of {article} {noun} (line {line}); names of parties, calendars, services, objectives and clauses must differ"
    )]
    Taken {
        /// The new name.
        name: String,
        /// `a` or `an`.
        article: &'static str,
        /// What it names.
        noun: &'static str,
        /// The 1-based line of its definition.
        line: usize,
    },
}

/// The name at `pos`, if it can be renamed: a defined party, calendar,
/// service, objective or clause.
pub fn prepare_rename(a: &Analysis, pos: Position) -> Result<PrepareRenameResponse, RenameError> {
    let offset = a.lines.offset(&a.text, pos);
    let occ = renamable(a, offset)?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: a.lines.range(&a.text, occ.span()),
        placeholder: occ.name().to_owned(),
    })
}

fn renamable(a: &Analysis, offset: usize) -> Result<Occurrence<'_>, RenameError> {
    let occ = a.refs.at(offset).ok_or(RenameError::NotRenamable)?;
    if a.refs.definition(occ.name()).is_none() {
        return Err(RenameError::Undefined(occ.name().to_owned()));
    }
    Ok(occ)
}

/// Renames the name at `pos` to `new_name` everywhere: its definition and
/// every use. Refuses a name that is not a name, a keyword, or a name
/// already defined.
pub fn rename(
    a: &Analysis,
    uri: &Uri,
    pos: Position,
    new_name: &str,
) -> Result<WorkspaceEdit, RenameError> {
    let offset = a.lines.offset(&a.text, pos);
    let occ = renamable(a, offset)?;
    let old = occ.name();
    if new_name == old {
        return Ok(WorkspaceEdit::default());
    }
    valid_name(new_name)?;
    if let Some(other) = a.refs.definition(new_name) {
        let line = a.lines.line(other.span.start) + 1;
        return Err(RenameError::Taken {
            name: new_name.to_owned(),
            article: if other.kind == slate::refs::Kind::Objective {
                "an"
            } else {
                "a"
            },
            noun: other.kind.noun(),
            line,
        });
    }
    let edits: Vec<TextEdit> = spans(a, old, true)
        .into_iter()
        .map(|s| TextEdit::new(a.lines.range(&a.text, s), new_name.to_owned()))
        .collect();
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    Ok(WorkspaceEdit::new(changes))
}

/// Whether `name` can name something: the grammar's `ident`, not a keyword.
pub fn valid_name(name: &str) -> Result<(), RenameError> {
    let mut chars = name.chars().peekable();
    let starts = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let mut ok = starts;
    while let Some(c) = chars.next() {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        // A `-` must be followed by a letter, digit or `_`.
        if !(word(c) || c == '-' && chars.peek().is_some_and(|n| word(*n))) {
            ok = false;
        }
    }
    if !ok {
        return Err(RenameError::NotAName(name.to_owned()));
    }
    if grammar().keywords().any(|k| k == name) {
        return Err(RenameError::Keyword(name.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_grammar() {
        assert!(valid_name("office_hours").is_ok());
        assert!(valid_name("_x-1").is_ok());
        assert!(valid_name("a-").is_err());
        assert!(valid_name("a--b").is_err());
        assert!(valid_name("1a").is_err());
        assert!(valid_name("").is_err());
        assert!(valid_name("é").is_err());
        assert!(valid_name("goal").is_err());
        assert!(valid_name("provider").is_err());
    }
}
