//! The contract as Markdown.

use std::fmt::Write;

use crate::document::{Block, Document, Inline, Section, Status, Table};
use slate_check::unicode;

use crate::prose::{escape_markdown, to_markdown};
use slate_check::prose::{Edges, edges};

/// Renders a document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_markdown(&doc.title));
    for line in &doc.title_block {
        let _ = writeln!(out, "{}\n", inlines(line));
    }
    let _ = writeln!(out, "Terms fingerprint `{}`\n", doc.fingerprint);
    let _ = writeln!(out, "## Contents\n");
    for s in &doc.sections {
        let _ = writeln!(out, "{}. {}", s.number, escape_markdown(&s.title));
    }
    out.push('\n');
    for s in &doc.sections {
        section(&mut out, s, 2);
    }
    let _ = writeln!(out, "## Signatures\n");
    let _ = writeln!(out, "Signed by the parties on the dates below.\n");
    for party in &doc.signatures {
        let _ = writeln!(
            out,
            "### For {} ({})\n",
            escape_markdown(&party.party),
            party.role
        );
        if party.signatories.is_empty() {
            let _ = writeln!(
                out,
                "| Signature | |\n|---|---|\n| Name | |\n| Title | |\n| Date | |\n"
            );
        }
        for (name, title) in &party.signatories {
            let _ = writeln!(
                out,
                "| Signature | |\n|---|---|\n| Name | {} |\n| Title | {} |\n| Date | |\n",
                cell(name),
                title.as_deref().map(cell).unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out, "---\n\nTerms fingerprint `{}`\n", doc.fingerprint);
    let _ = writeln!(out, "{}", escape_markdown(&doc.made_with));
    out
}

/// Renders a section and its subsections, its heading at `level`; a
/// section without a number (a report's) is headed by its title alone.
pub(crate) fn section(out: &mut String, s: &Section, level: usize) {
    let number = if s.number.is_empty() {
        String::new()
    } else {
        format!("{} ", s.number)
    };
    let _ = writeln!(
        out,
        "{} {number}{}\n",
        "#".repeat(level),
        escape_markdown(&s.title)
    );
    // Whether the block before ends with a list, which a list or indented
    // text at the start of prose would join.
    let mut after_list = false;
    for b in &s.body {
        let edges = match b {
            Block::Prose(md) => edges(md),
            Block::List(_) | Block::Facts(_) | Block::Figures(_) => Edges {
                starts_with_list: true,
                ends_with_list: true,
                ..Edges::default()
            },
            _ => Edges::default(),
        };
        let prose = matches!(b, Block::Prose(_));
        if after_list && (prose || edges.starts_with_list) {
            out.push_str("<!-- -->\n\n");
        }
        block(out, b);
        after_list = edges.ends_with_list;
    }
    for c in &s.children {
        section(out, c, level + 1);
    }
}

/// Renders a block as Markdown, followed by a blank line.
pub(crate) fn block(out: &mut String, b: &Block) {
    match b {
        Block::Para(p) => {
            let _ = writeln!(out, "{}\n", inlines(p));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(out, "- {}", inlines(i));
            }
            out.push('\n');
        }
        Block::Table(t) => table(out, t),
        Block::Prose(md) => {
            // Characters a reader cannot see are shown as `<U+202E>`, which
            // CommonMark reads as text (no tag name holds `+`).
            let md = unicode::show_hidden(md, unicode::visible);
            let _ = writeln!(out, "{}\n", to_markdown(&md).trim_end());
        }
        Block::Note(p) => {
            let _ = writeln!(out, "> *{}*\n", inlines(p));
        }
        Block::Facts(facts) => {
            for (label, value) in facts {
                let _ = writeln!(out, "- {}: {}", escape_markdown(label), inlines(value));
            }
            out.push('\n');
        }
        Block::Figures(figures) => {
            for f in figures {
                let _ = writeln!(
                    out,
                    "- {} {}",
                    escape_markdown(&f.value),
                    escape_markdown(&f.what)
                );
            }
            out.push('\n');
        }
        // The table beside a chart states its figures.
        Block::Chart(_) => {}
    }
}

fn table(out: &mut String, t: &Table) {
    let head: Vec<String> = t.head.iter().map(|h| cell(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(t.head.len()));
    for row in &t.rows {
        // In a table a `|` ends the cell even inside a code span: escape every one
        // not escaped already.
        let cells: Vec<String> = row
            .iter()
            .map(|c| pipes(&inlines(c)).replace('\n', " "))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// A status in plain words: a breach in capitals, which a reader of text
/// cannot miss.
pub(crate) fn status_words(status: Status, t: &str) -> String {
    match status {
        Status::Breached => t.to_uppercase(),
        _ => t.to_owned(),
    }
}

/// Escapes each `|` that is not already escaped.
fn pipes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut escaped = false;
    for c in s.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

fn cell(s: &str) -> String {
    escape_markdown(s)
}

/// Renders inline content as Markdown, every string escaped.
pub(crate) fn inlines(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&escape_markdown(t)),
            Inline::Strong(t) => {
                // `** x **` is not emphasis: keep the spaces outside.
                let inner = t.trim();
                let before = t.get(..t.len() - t.trim_start().len()).unwrap_or("");
                let after = t.get(t.trim_end().len()..).unwrap_or("");
                let _ = write!(out, "{}**{}**{}", before, escape_markdown(inner), after);
            }
            Inline::Code(t) => {
                // A code span cannot escape backticks: fence it with one more
                // than its longest run, and pad it when it starts or ends with one.
                let longest = t.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let ticks = "`".repeat(longest + 1);
                let pad = if t.starts_with('`') || t.ends_with('`') {
                    " "
                } else {
                    ""
                };
                let t = unicode::show_hidden(t, unicode::visible);
                let _ = write!(out, "{ticks}{pad}{t}{pad}{ticks}");
            }
            Inline::Ref { text, .. } => out.push_str(&escape_markdown(text)),
            Inline::Status(status, t) => out.push_str(&escape_markdown(&status_words(*status, t))),
            Inline::Tag(t) => {
                let _ = write!(out, " ({})", escape_markdown(t));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(blocks: Vec<Block>) -> String {
        let mut out = String::new();
        let s = Section {
            number: "1".into(),
            id: "x".into(),
            title: "X".into(),
            body: blocks,
            children: Vec::new(),
        };
        section(&mut out, &s, 2);
        out
    }

    #[test]
    fn a_list_at_the_edge_of_prose_does_not_join_the_next() {
        let list = Block::List(vec![vec![Inline::Text("ours".into())]]);
        let out = body(vec![
            list.clone(),
            Block::Prose("- theirs".into()),
            Block::Prose("    indented".into()),
            list,
        ]);
        assert_eq!(
            out,
            "## 1 X\n\n- ours\n\n<!-- -->\n\n- theirs\n\n<!-- -->\n\n    indented\n\n- ours\n\n"
        );
        assert_eq!(
            body(vec![Block::Prose("- a".into()), Block::Note(vec![])]),
            "## 1 X\n\n- a\n\n> **\n\n"
        );
    }
}
