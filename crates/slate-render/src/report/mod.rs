//! Evaluation reports for people: the `slate.report/v1` report that
//! `slate_eval::evaluate` computes, written as plain text (`text.rs`, for a
//! terminal), Markdown (`markdown.rs`) and one self-contained HTML page
//! (`html.rs`, with its stylesheet in `style.css` and its SVG charts in
//! `chart.rs`). The three share their words (`words.rs`) and write money,
//! numbers and lengths of time with `slate-words`, as the contract does.
//! The JSON form stays with the report type (`slate_eval::to_json`).
//!
//! Every string from the rule set or the events is shown with its hidden
//! characters visible (`slate_words::visible`), and escaped for the format.

mod chart;
mod html;
mod markdown;
mod text;
mod words;

pub use html::to_html;
pub use markdown::to_markdown;
pub use text::to_text;
