//! The report as plain text, for a terminal: the report's tree, rendered
//! by the tree's text renderer.

use std::fmt::Write as _;

use slate_eval::report::Report;
use slate_words::visible::visible_lines;

use super::build;
use crate::text::{block, inlines, section};

/// The report as plain text. Every string from the rule set or the events
/// is shown with its hidden characters visible (see [`slate_words::visible`]), so
/// that what reaches a terminal is what a reader sees.
pub fn to_text(r: &Report) -> String {
    let doc = build(r);
    let mut s = String::new();
    let _ = writeln!(s, "{}: {}", doc.kicker, doc.title);
    block(&mut s, &doc.facts, 0);
    for x in &doc.sections {
        section(&mut s, x, 0);
    }
    let _ = writeln!(s, "\n{}", inlines(&doc.footer));
    visible_lines(&s).into_owned()
}
