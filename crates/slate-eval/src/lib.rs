//! Slate's evaluation engine: applies an agreement's rule set
//! (`slate.rules/v2`) to event records and says, per objective and period,
//! what was met and breached, and what is owed. It implements
//! `docs/semantics.md`, the normative evaluation semantics, which also
//! records every decision the design notes left open.
//!
//! ```text
//!  RuleSet ─┐
//!           ├─ evaluate ─▶ Report ─▶ JSON
//!  Events ──┘
//! ```
//!
//! It reads only the rule set, so an agreement's `.sla` file and its JSON
//! rule set give the same report. It renders nothing: the report's text,
//! Markdown and HTML are written by the presentation layer
//! (`slate_render::report`).

#![forbid(unsafe_code)]

pub mod bill;
pub mod due;
mod engine;
pub mod events;
mod fields;
pub(crate) mod input;
mod items;
mod json;
mod money;
pub mod report;

pub use bill::{Bill, BillError, BillFormat, read_bill};
/// The live view a monitor serves: current periods, open items, finality.
pub use engine::live;
pub use engine::{
    EvalError, Options, SplitItem, check_records, evaluate, evaluate_billed, evaluate_partitioned,
    invalid_samples, json_number, refuse_non_numbers, reject_invalid_samples,
};
pub use events::{Events, Format, Invalid, PartitionError, Record};
pub use json::to_json;
pub use report::Report;
