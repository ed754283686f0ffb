//! The document tree as plain text, for a terminal: a section's heading on
//! its own line, its body indented under it, tables in aligned columns.
//! The report's terminal form is this tree, rendered; the contract has no
//! text form, but every block has one here.

use std::fmt::Write;

use crate::document::{Block, Inline, Section, Table};
use crate::markdown::status_words;

/// The indent of each level of section.
const INDENT: &str = "  ";

/// Renders a section and its subsections, its heading at `depth` indents
/// and its body one further, after a blank line.
pub(crate) fn section(out: &mut String, s: &Section, depth: usize) {
    let pad = INDENT.repeat(depth);
    if s.number.is_empty() {
        let _ = writeln!(out, "\n{pad}{}", s.title);
    } else {
        let _ = writeln!(out, "\n{pad}{} {}", s.number, s.title);
    }
    for b in &s.body {
        block(out, b, depth + 1);
    }
    for c in &s.children {
        section(out, c, depth + 1);
    }
}

/// Renders a block, each of its lines at `depth` indents.
pub(crate) fn block(out: &mut String, b: &Block, depth: usize) {
    let pad = INDENT.repeat(depth);
    match b {
        Block::Para(p) => {
            let _ = writeln!(out, "{pad}{}", inlines(p));
        }
        Block::Note(p) => {
            let _ = writeln!(out, "{pad}Note: {}", inlines(p));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(out, "{pad}- {}", inlines(i));
            }
        }
        Block::Facts(facts) => {
            for (label, value) in facts {
                let _ = writeln!(out, "{pad}{label}: {}", inlines(value));
            }
        }
        Block::Figures(figures) => {
            for f in figures {
                let _ = writeln!(out, "{pad}{} {}", f.value, f.what);
            }
        }
        Block::Table(t) => table(out, t, &pad),
        Block::Prose(md) => {
            for line in md.lines() {
                let _ = writeln!(out, "{pad}{}", line.trim_end());
            }
        }
        // The table beside a chart states its figures.
        Block::Chart(_) => {}
    }
}

/// The widest cell a column is aligned to. A longer cell (a long id from
/// the data) is written whole but sets no width, so that padding stays
/// bounded by the table's size, not by its longest cell times its rows.
const MAX_ALIGNED: usize = 80;

/// A table in columns two spaces apart, its heading row first.
fn table(out: &mut String, t: &Table, pad: &str) {
    let rows: Vec<Vec<String>> = std::iter::once(t.head.clone())
        .chain(
            t.rows
                .iter()
                .map(|r| r.iter().map(|c| inlines(c)).collect::<Vec<_>>()),
        )
        .collect();
    let mut widths: Vec<usize> = Vec::new();
    for row in &rows {
        for (k, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            let w = if w > MAX_ALIGNED { 0 } else { w };
            match widths.get_mut(k) {
                Some(x) => *x = (*x).max(w),
                None => widths.push(w),
            }
        }
    }
    for row in &rows {
        let mut line = String::from(pad);
        for (k, cell) in row.iter().enumerate() {
            let w = widths.get(k).copied().unwrap_or(0);
            line.push_str(cell);
            let n = cell.chars().count();
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(n) + 2));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Inline content as plain text: marks dropped, a breach in capitals, a
/// tag in brackets. Code from the data (an id, a value) is written as it
/// is when it is plain words; otherwise it is quoted, with its own
/// quotes escaped, so that the reader sees where it ends:
/// an empty value shows, and a value cannot pass for the sentence around it.
pub(crate) fn inlines(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Code(t) if !plain_word(t) => {
                out.push('"');
                for c in t.chars() {
                    if c == '"' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            }
            Inline::Text(t) | Inline::Strong(t) | Inline::Code(t) => out.push_str(t),
            Inline::Ref { text, .. } => out.push_str(text),
            Inline::Status(status, t) => out.push_str(&status_words(*status, t)),
            Inline::Tag(t) => {
                let _ = write!(out, " ({t})");
            }
        }
    }
    out
}

/// Whether code reads unquoted: not empty, not edged with spaces, and
/// only letters, digits, inner spaces and the marks ids, paths and flags
/// use (`INC-00218`, `slate-terms-v2:sha256:…`,
/// `examples/support.events.ndjson`, `<stdin>`, `--format json`).
fn plain_word(t: &str) -> bool {
    !t.is_empty()
        && t.trim() == t
        && t.chars().all(|c| {
            c == ' '
                || c.is_alphanumeric()
                || matches!(c, '.' | '_' | '-' | '/' | ':' | '@' | '+' | '#' | '<' | '>')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Status;

    /// Code that is not plain words is quoted, its quotes escaped.
    #[test]
    fn code_that_is_not_plain_words_is_quoted() {
        let text = |s: &str| Inline::Text(s.to_owned());
        let parts = [
            text("value "),
            Inline::Code(String::new()),
            text(", "),
            Inline::Code(" P1".into()),
            text(", "),
            Inline::Code("INC-00218".into()),
            text(", "),
            Inline::Code("--format json".into()),
            text(", "),
            Inline::Code("9, which \"x\" is".into()),
        ];
        assert_eq!(
            inlines(&parts),
            r#"value "", " P1", INC-00218, --format json, "9, which \"x\" is""#
        );
    }

    /// A cell longer than the aligned width is written whole and sets no
    /// width: the other rows are not padded to it.
    #[test]
    fn a_long_cell_does_not_widen_its_column() {
        let long = "X".repeat(70_000);
        let t = Table {
            head: vec!["Item".into(), "State".into()],
            rows: vec![
                vec![
                    vec![Inline::Code(long.clone())],
                    vec![Inline::Text("open".into())],
                ],
                vec![
                    vec![Inline::Code("A-1".into())],
                    vec![Inline::Text("stopped".into())],
                ],
            ],
        };
        let mut out = String::new();
        table(&mut out, &t, "");
        assert_eq!(out, format!("Item  State\n{long}  open\nA-1   stopped\n"));
    }

    /// A section's body is indented under its heading, a table's columns
    /// line up under their headings, a breach is in capitals and a tag in
    /// brackets.
    #[test]
    fn a_section_reads_in_columns() {
        let text = |s: &str| Inline::Text(s.to_owned());
        let s = Section {
            number: String::new(),
            id: "x".into(),
            title: "Periods".into(),
            body: vec![Block::Table(Table {
                head: vec!["Period".into(), "Verdict".into()],
                rows: vec![
                    vec![
                        vec![text("2026-04"), Inline::Tag("so far".into())],
                        vec![Inline::Status(Status::Met, "met".into())],
                    ],
                    vec![
                        vec![text("2026-05")],
                        vec![Inline::Status(Status::Breached, "breached".into())],
                    ],
                ],
            })],
            children: Vec::new(),
        };
        let mut out = String::new();
        section(&mut out, &s, 0);
        assert_eq!(
            out,
            "\nPeriods\n  Period            Verdict\n  2026-04 (so far)  met\n  2026-05           BREACHED\n"
        );
    }
}
