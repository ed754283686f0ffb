//! The report as Markdown: the report's tree, rendered by the contract's
//! Markdown renderer.

use std::fmt::Write as _;

use slate_eval::report::Report;
use slate_words::escape_markdown;
use slate_words::visible::visible_lines;

use super::build;
use crate::markdown::{block, inlines, section};

/// The report as Markdown. Every string from the rule set or the events is
/// escaped, with its hidden characters shown.
pub fn to_markdown(r: &Report) -> String {
    let doc = build(r);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}: {}\n",
        escape_markdown(&doc.kicker),
        escape_markdown(&doc.title)
    );
    block(&mut s, &doc.facts);
    for x in &doc.sections {
        section(&mut s, x, 2);
    }
    let _ = writeln!(s, "---\n\n{}", inlines(&doc.footer));
    visible_lines(&s).into_owned()
}
