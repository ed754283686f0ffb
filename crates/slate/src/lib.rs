//! Slate: a language and compiler for service level agreements.
//!
//! An agreement is written once as a `.sla` file; Slate checks it and turns it
//! into a resolved [`Model`] that every backend (contract documents, rule
//! sets, the evaluator) reads.
//!
//! ```text
//!  .sla text ──parse──▶ AST (spans) ──check──▶ Model
//!                 │                    │
//!                 └──── diagnostics ───┘   (all of them, sorted by position)
//! ```
//!
//! The one-call API:
//!
//! ```
//! let source = r#"
//! agreement "Hosting" {
//!   effective 2026-01-01 to 2026-12-31
//!   timezone  "Europe/London"
//!   party acme "Acme Ltd" {
//!     role      provider
//!     signatory "Jane Roe", "Director"
//!   }
//!   party client "Client plc" {
//!     role      customer
//!     signatory "John Doe", "CTO"
//!   }
//!   service hosting "Hosting" {
//!   }
//!   objective uptime "Availability" {
//!     uptime at least 99.9% per month
//!   }
//! }
//! "#;
//! let model = slate::compile(source, &slate::Options::default()).unwrap();
//! assert_eq!(model.objectives[0].name, "uptime");
//! assert_eq!(model.objectives[0].service, "hosting"); // the only service
//! ```
//!
//! Every stage is public too: [`parse`] gives the syntax tree and syntax
//! diagnostics, [`check`] runs both stages and keeps every diagnostic.

#![forbid(unsafe_code)]

#[doc(hidden)]
pub mod fuzz;
mod report;

pub use report::{human, json};
pub use slate_check::model::{self, Model};
pub use slate_check::words;

/// Executable rule sets from a checked Model: the versioned JSON rule set
/// (`slate.rules/v1`) that engines run.
pub mod rules {
    pub use slate_rules::*;
}

/// The evaluation engine: applies a rule set to event records
/// ([`eval::evaluate`]) and reports what was met, breached and owed.
pub mod eval {
    pub use slate_eval::*;
}

/// Contract documents from a checked Model: [`render::to_markdown`] and
/// [`render::to_html`].
pub mod render {
    pub use slate_render::{document, to_html, to_markdown};
}
pub use slate_syntax::ast;
pub use slate_syntax::{
    Code, Diagnostic, LineIndex, Related, Severity, Span, Suggestion, line_col, refs,
};

/// The limits on what Slate reads, each refused with a diagnostic.
pub mod ast_limits {
    pub use slate_syntax::lower::{MAX_INTEGER, MAX_SOURCE_BYTES};
}

/// Warnings (`slate::E0601`) for the objectives a monitoring backend left
/// out, each pointing at the objective's name in the source, with the
/// reason and what to do instead.
pub fn left_out(
    ast: &ast::File,
    left: &[rules::monitor::LeftOut],
    backend: &str,
) -> Vec<Diagnostic> {
    let objectives: Vec<&ast::Objective> = ast
        .agreements
        .iter()
        .flat_map(|a| &a.items)
        .filter_map(|i| match i {
            ast::Item::Objective(o) => Some(o),
            _ => None,
        })
        .collect();
    left.iter()
        .map(|l| {
            let span = objectives
                .iter()
                .find(|o| o.name.text == l.objective)
                .map_or(Span::new(0, 0), |o| o.name.span);
            Diagnostic::new(
                Code::NotMonitorable,
                span,
                format!("objective `{}` is left out of the {backend}", l.objective),
            )
            .label(l.reason.clone())
            .help(l.help.clone())
        })
        .collect()
}

/// The syntax tree as JSON without positions: two texts that differ only in
/// layout give the same value.
fn shape(file: &ast::File) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|_, x| {
                    !matches!(x, serde_json::Value::Object(m)
                        if m.len() == 2 && m.contains_key("start") && m.contains_key("end"))
                });
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(file).unwrap_or_default();
    strip(&mut v);
    v
}

/// Formats source text in the canonical layout (`slate fmt`). A file with
/// syntax errors is not formatted: its diagnostics are returned. The result
/// always parses to the same syntax tree as the input, positions aside: the
/// formatter is checked on every call, and refuses (an internal error)
/// rather than change what a file says.
///
/// ```
/// let out = slate::format("agreement \"A\" {\n effective   2026-01-01\n}\n").unwrap();
/// assert_eq!(out, "agreement \"A\" {\n  effective 2026-01-01\n}\n");
/// ```
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    let before = slate_syntax::parse(source);
    let errors: Vec<Diagnostic> = before
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let refuse = |why: &str| {
        vec![
            Diagnostic::new(
                Code::Internal,
                Span::new(0, 0),
                format!("the formatter would {why}; the file is left as it is"),
            )
            .help("this is a bug in Slate: please report it with the file"),
        ]
    };
    let Some(out) = slate_syntax::format::format(source) else {
        return Err(refuse("not read this file"));
    };
    let after = slate_syntax::parse(&out);
    if after.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(refuse("make this file unreadable"));
    }
    if shape(&before.file) != shape(&after.file) {
        return Err(refuse("change what this file says"));
    }
    Ok(out)
}

/// What [`compile_rules`] produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesTarget {
    /// The versioned JSON rule set, `slate.rules/v1`.
    Json,
    /// A Prometheus rule file.
    Prometheus,
    /// OpenSLO `openslo/v1` documents.
    OpenSlo,
}

/// Checks source text and compiles it to rules for `target`. The text is
/// `None` when the agreement has errors. The diagnostics are the check's,
/// sorted by position, and then a warning (`slate::E0601`) for each
/// objective the target leaves out.
///
/// ```
/// let source = std::fs::read_to_string("../../examples/saas.sla").unwrap();
/// let (text, diagnostics) = slate::compile_rules(&source, slate::RulesTarget::Prometheus);
/// assert!(text.unwrap().contains("alert: SlateObjectiveBreached"));
/// assert!(diagnostics.is_empty());
/// ```
pub fn compile_rules(source: &str, target: RulesTarget) -> (Option<String>, Vec<Diagnostic>) {
    let checked = check(source);
    let mut diagnostics = checked.diagnostics;
    let text = checked.model.as_ref().map(|model| {
        let rules = rules::from_model(model);
        let (text, left, backend) = match target {
            RulesTarget::Json => (rules::to_json(&rules), Vec::new(), ""),
            RulesTarget::Prometheus => {
                let out = rules::prometheus::to_prometheus(&rules);
                (out.text, out.left_out, "Prometheus rules")
            }
            RulesTarget::OpenSlo => {
                let out = rules::openslo::to_openslo(&rules);
                (out.text, out.left_out, "OpenSLO documents")
            }
        };
        diagnostics.extend(left_out(&checked.ast, &left, backend));
        text
    });
    (text, diagnostics)
}

/// Options for [`compile`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// Parses source text into a syntax tree, with syntax diagnostics.
///
/// ```
/// let parsed = slate::parse("agreement \"A\" {\n  timezon \"UTC\"\n}\n");
/// assert_eq!(parsed.diagnostics[0].code, slate::Code::UnknownStatement);
/// ```
pub fn parse(source: &str) -> slate_syntax::Parsed {
    slate_syntax::parse(source)
}

/// The result of [`check`].
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The syntax tree (statements that could not be read are left out).
    pub ast: ast::File,
    /// The Model, when there are no errors.
    pub model: Option<Model>,
    /// Every diagnostic of both stages, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks source text, keeping every diagnostic.
///
/// ```
/// let checked = slate::check("agreement \"A\" {\n  effective 2026-02-30\n}\n");
/// assert!(checked.has_errors());
/// assert!(checked.diagnostics.iter().any(|d| d.code == slate::Code::InvalidDate));
/// ```
pub fn check(source: &str) -> Checked {
    let parsed = slate_syntax::parse(source);
    let checked = slate_check::check(&parsed.file);
    let syntax_errors = parsed.diagnostics.iter().any(Diagnostic::is_error);
    let mut diagnostics = parsed.diagnostics;
    // The checker holds back what a dropped line could explain (each AST
    // block says whether it lost a line), so both lists are kept whole.
    diagnostics.extend(checked.diagnostics);
    slate_syntax::diagnostic::sort(&mut diagnostics);
    let model = if syntax_errors { None } else { checked.model };
    Checked {
        ast: parsed.file,
        model,
        diagnostics,
    }
}

/// Compiles source text to a Model, or returns every diagnostic when there is
/// an error (or a warning, with [`Options::deny_warnings`]).
pub fn compile(source: &str, options: &Options) -> Result<Model, Vec<Diagnostic>> {
    let checked = check(source);
    let fails = checked.has_errors() || (options.deny_warnings && !checked.diagnostics.is_empty());
    match checked.model {
        Some(model) if !fails => Ok(model),
        _ => Err(checked.diagnostics),
    }
}
