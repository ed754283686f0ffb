//! Slate's contract documents and evaluation reports: Markdown,
//! self-contained HTML and, for reports, plain text, each rendered from one
//! document tree.
//!
//! ```text
//!  Model  ──document::build──▶ Document ───────▶ Markdown, HTML
//!  Report ──report::build────▶ ReportDocument ─▶ Markdown, HTML, text
//! ```
//!
//! Architecture invariant: this crate reads only the Model and the typed
//! report. Every format renders the same tree (sections, blocks, inlines),
//! so they cannot say different things; none passes raw HTML or unsafe
//! links from prose through.

#![forbid(unsafe_code)]

pub mod document;
pub mod html;
pub mod markdown;
pub mod prose;
pub mod report;
mod text;

use slate_check::model::Model;

/// The contract as Markdown.
pub fn to_markdown(model: &Model) -> String {
    markdown::render(&document::build(model))
}

/// The contract as one self-contained HTML page.
pub fn to_html(model: &Model) -> String {
    html::render(&document::build(model))
}
