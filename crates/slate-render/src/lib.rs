//! Slate's contract documents: Markdown and self-contained HTML, rendered
//! from the checked Model.
//!
//! ```text
//!  Model ──build──▶ Document (numbered sections, tables, prose) ──▶ Markdown
//!                                                              └──▶ HTML
//! ```
//!
//! Architecture invariant: this crate reads only the Model. Both formats
//! render the same [`document::Document`], so they cannot say different
//! things; neither passes raw HTML or unsafe links from prose through.

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
