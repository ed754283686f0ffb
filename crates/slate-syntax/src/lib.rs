//! Slate's syntax: the pest grammar, the typed AST with spans, lowering, and
//! the diagnostic type every phase uses.
//!
//! ```text
//!  .sla text ──pest──▶ pairs ──lower──▶ ast::File + syntax diagnostics
//! ```
//!
//! Architecture invariant: this crate knows nothing of checking, rendering or
//! evaluation. It turns text into a tree, and says what it could not read.

#![forbid(unsafe_code)]

pub mod ast;
pub mod diagnostic;
pub mod format;
pub mod lower;
pub mod parser;
pub mod refs;
pub mod span;
pub mod spans;

/// Characters a reader cannot see: the one definition every crate uses,
/// in the leaf `slate-words`.
pub use slate_words::unicode;

pub use diagnostic::{Code, Diagnostic, Related, Severity, Suggestion};
pub use lower::{Parsed, parse};
pub use span::{Encoding, LineIndex, Span, line_col};
