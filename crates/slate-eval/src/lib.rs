//! Slate's evaluation engine: applies an agreement's rule set
//! (`slate.rules/v1`) to event records and says, per objective and period,
//! what was met and breached, and what is owed. It implements
//! `docs/semantics.md`, the normative evaluation semantics, which also
//! records every decision the design notes left open.
//!
//! ```text
//!  RuleSet ─┐
//!           ├─ evaluate ─▶ Report ─▶ text │ Markdown │ JSON │ HTML
//!  Events ──┘
//! ```
//!
//! It reads only the rule set, so an agreement's `.sla` file and its JSON
//! rule set give the same report.

#![forbid(unsafe_code)]

mod engine;
pub mod events;
mod fields;
mod format;
pub mod html;
pub(crate) mod input;
mod items;
mod money;
pub mod report;
pub mod visible;

pub use engine::{EvalError, Options, evaluate};
pub use events::{Events, Format, Invalid, Record};
pub use format::{to_json, to_markdown, to_text};
pub use report::Report;
