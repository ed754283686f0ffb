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

mod json;
mod levels;
#[cfg(feature = "cli")]
mod terminal;

/// Linking: an agreement and the files it imports and extends, resolved
/// into one syntax tree ([`link::link`]); where files come from
/// ([`link::Sources`]).
pub use slate_link as link;
/// Reading source files within an import root, safely ([`files::FileSystem`]).
pub use slate_link::files;

pub use json::{json, json_files};
pub use slate_check::model::{self, Model};
pub use slate_check::source_map::{self, SourceMap};
pub use slate_check::terms;
pub use slate_check::words;
#[cfg(feature = "cli")]
pub use terminal::{human, human_files};

/// Executable rule sets from a checked Model: the versioned JSON rule set
/// (`slate.rules/v2`) that engines run.
pub mod rules {
    pub use slate_rules::*;

    /// Builds the rule set of a checked agreement, quoting each objective's
    /// section of the contract document (as plain text on one line) so that
    /// alerts and reports cite the signed words.
    ///
    /// Only the objectives' sections are built, each found by its anchor
    /// in one lookup, not the whole document searched once per objective
    /// (issue 21).
    pub fn from_model(model: &crate::Model) -> Result<RuleSet, BuildError> {
        let sections = slate_render::document::objective_sections(model);
        let mut by_id = std::collections::HashMap::with_capacity(sections.len());
        for s in &sections {
            by_id.entry(s.id.as_str()).or_insert(s);
        }
        slate_rules::from_model(model, &|name| {
            by_id
                .get(slate_check::model::Anchor::Objective.of(name).as_str())
                .map(|s| ContractText {
                    section: s.number.clone(),
                    text: slate_render::document::plain_text(&s.body),
                })
        })
    }
}

/// The evaluation engine: applies a rule set to event records
/// ([`eval::evaluate`]) and reports what was met, breached and owed; the
/// report for people comes from the presentation layer
/// ([`eval::to_text`], [`eval::to_markdown`], [`eval::to_html`]).
pub mod eval {
    pub use slate_eval::*;
    pub use slate_render::report::{to_html, to_markdown, to_text};
    pub use slate_words::visible;

    /// The report's HTML charts and stylesheet, and slate's HTML escaping,
    /// for pages that show a report's charts among figures of their own
    /// (`slate monitor`'s status page).
    pub mod html {
        pub use slate_render::report::{CSS, objective_charts};
        pub use slate_words::escape_html;
    }

    /// An instant as `--as-of` reads it: an RFC 3339 timestamp, or a date
    /// meaning its first instant in the agreement's time zone.
    pub use slate_time::Moment;
}

/// Contract documents from a checked Model: [`render::to_markdown`] and
/// [`render::to_html`].
pub mod render {
    pub use slate_render::{document, to_html, to_markdown};
}
pub use slate_syntax::ast;
pub use slate_syntax::lower::Block;
pub use slate_syntax::spans;
pub use slate_syntax::{
    Code, Diagnostic, Encoding, LineIndex, Related, Severity, Span, Suggestion, line_col, refs,
};

/// The limits on what Slate reads, each refused with a diagnostic.
pub mod ast_limits {
    pub use slate_syntax::lower::{MAX_INTEGER, MAX_SOURCE_BYTES};
}

/// Warnings (`slate::E0601`) for the objectives the rules of `target`
/// cannot compute from the agreement's own series, each pointing at the
/// objective's name where `sources` (the checker's table, beside the
/// Model) says it is written, in whichever file, with the reason and what
/// to do instead. Prometheus rules watch such an objective through `slate
/// monitor`'s metrics; OpenSLO documents leave it out.
pub fn left_out(
    model: &Model,
    sources: &SourceMap,
    left: &[rules::monitor::LeftOut],
    target: RulesTarget,
) -> Vec<Diagnostic> {
    left.iter()
        .map(|l| {
            // The rule set names each objective as the Model does.
            let span = model
                .objectives
                .iter()
                .position(|o| o.name == l.objective)
                .and_then(|i| sources.span(source_map::Item::Objective(i)))
                .unwrap_or_default();
            let (message, help) = match target {
                RulesTarget::Prometheus => (
                    format!(
                        "objective `{}` is watched through `slate monitor`'s metrics",
                        l.objective
                    ),
                    "run `slate monitor` on this agreement and have Prometheus scrape it: the rules alert on its metrics, and say when it is down".to_owned(),
                ),
                RulesTarget::Json | RulesTarget::OpenSlo => (
                    format!(
                        "objective `{}` is left out of the OpenSLO documents",
                        l.objective
                    ),
                    l.help.clone(),
                ),
            };
            Diagnostic::new(Code::NotMonitorable, span, message)
                .label(l.reason.clone())
                .help(help)
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
    /// The versioned JSON rule set, `slate.rules/v2`.
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
    let (text, mut left) = rules_for(&checked, target);
    let mut diagnostics = checked.diagnostics;
    diagnostics.append(&mut left);
    (text, diagnostics)
}

/// The rules for `target` of a checked agreement (`None` when it has
/// errors), and a warning (`slate::E0601`) for each objective the target
/// cannot compute from the agreement's own series. The check's own
/// diagnostics are not repeated.
pub fn rules_for(checked: &Checked, target: RulesTarget) -> (Option<String>, Vec<Diagnostic>) {
    rules_for_with(checked, target, RulesOptions::default())
}

/// Choices for [`rules_for_with`] that are operations' settings, not
/// contract terms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RulesOptions {
    /// The share of a budget at which Prometheus's alerts over `slate
    /// monitor`'s metrics say an objective is near breach
    /// (`--near-breach`).
    pub near_breach: rules::prometheus::NearBreach,
}

/// [`rules_for`] with `options`.
pub fn rules_for_with(
    checked: &Checked,
    target: RulesTarget,
    options: RulesOptions,
) -> (Option<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let text = checked.model.as_ref().and_then(|model| {
        let rules = match rules::from_model(model) {
            Ok(rules) => rules,
            Err(e) => {
                diagnostics.push(Diagnostic::new(
                    Code::Internal,
                    Span::new(0, 0),
                    e.to_string(),
                ));
                return None;
            }
        };
        let (text, left) = match target {
            RulesTarget::Json => (rules::to_json(&rules), Vec::new()),
            RulesTarget::Prometheus => {
                let out = rules::prometheus::to_prometheus_with(&rules, options.near_breach);
                (out.text, out.left_out)
            }
            RulesTarget::OpenSlo => {
                let out = rules::openslo::to_openslo(&rules);
                (out.text, out.left_out)
            }
        };
        diagnostics.extend(left_out(model, &checked.sources, &left, target));
        Some(text)
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
    /// Every source file, the checked one first. A span's file is
    /// [`FileId::of`](slate_syntax::spans::FileId::of) the span, an index
    /// into this list.
    pub files: Vec<link::SourceFile>,
    /// The resolved syntax tree: the agreement with what it imports and
    /// inherits (statements that could not be read are left out).
    pub ast: ast::File,
    /// The checked file's own syntax tree, as written: without what it
    /// imports or inherits, every span in the file. Filled by
    /// [`check_document`]; empty from [`check_file`] and [`check`].
    pub parsed: ast::File,
    /// The Model, when there are no errors.
    pub model: Option<Model>,
    /// Where each item of the Model is written, in whichever file; empty
    /// without a Model.
    pub sources: SourceMap,
    /// Every diagnostic of every stage and file, sorted by position (the
    /// checked file first).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the file is a library of definitions, without an agreement:
    /// it checks, but has no Model to render, compile or evaluate.
    pub library: bool,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The files as [`json_files`] (and `human_files`, with the `cli`
    /// feature) take them, the checked file called `root_name`.
    pub fn sources<'a>(&'a self, root_name: &'a str) -> Vec<(String, &'a str)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = if i == 0 {
                    root_name.to_owned()
                } else {
                    f.path.display().to_string()
                };
                (name, f.text.as_str())
            })
            .collect()
    }

    /// `diagnostics` (these or others on the same files) as miette's report.
    #[cfg(feature = "cli")]
    pub fn human(&self, diagnostics: &[Diagnostic], root_name: &str, color: bool) -> String {
        let sources = self.sources(root_name);
        let files: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        human_files(diagnostics, &files, color)
    }

    /// `diagnostics` (these or others on the same files) as JSON.
    pub fn json(&self, diagnostics: &[Diagnostic], root_name: &str) -> serde_json::Value {
        let sources = self.sources(root_name);
        let files: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        json_files(diagnostics, &files)
    }

    /// For a command that needs an agreement (render, rules, eval): an
    /// error when the file is a library of definitions.
    pub fn agreement_needed(&self) -> Option<Diagnostic> {
        self.library.then(|| {
            Diagnostic::new(
                Code::AgreementCount,
                Span::default(),
                "this file is a library of definitions, not an agreement",
            )
            .label("definitions only")
            .help("render, compile or evaluate an agreement that imports this file")
        })
    }

    /// The file a span is in, and the span within it.
    pub fn locate(&self, span: Span) -> Option<(&link::SourceFile, Span)> {
        use slate_syntax::spans::FileId;
        let file = self.files.get(FileId::of(span).0 as usize)?;
        Some((file, FileId::local(span)))
    }
}

/// Source text given without a file: imports cannot be resolved.
struct NoFiles;

impl link::Sources for NoFiles {
    fn read(&self, _: &std::path::Path) -> Result<String, files::ReadError> {
        Err(std::io::Error::other(
            "the agreement was given as text without a file, so no path is relative to it",
        )
        .into())
    }
}

/// Parses and checks source text, keeping every diagnostic. The text stands
/// alone: an `import` or `extends` in it is reported as unreadable (use
/// [`check_file`] for agreements made of several files).
///
/// ```
/// let checked = slate::check("agreement \"A\" {\n  effective 2026-02-30\n}\n");
/// assert!(checked.has_errors());
/// assert!(checked.diagnostics.iter().any(|d| d.code == slate::Code::InvalidDate));
/// ```
pub fn check(source: &str) -> Checked {
    check_file(std::path::Path::new(""), source.to_owned(), &NoFiles)
}

/// Parses and checks the agreement at `path`, whose text is `text`, with
/// every file it imports and extends, read from `sources` relative to the
/// file that names them.
pub fn check_file(path: &std::path::Path, text: String, sources: &dyn link::Sources) -> Checked {
    check_linked(link::link(path, text, sources))
}

/// [`check_file`] for an editor: [`Checked::parsed`] also holds the file's
/// own syntax tree as written, for navigation in the text being edited.
pub fn check_document(
    path: &std::path::Path,
    text: String,
    sources: &dyn link::Sources,
) -> Checked {
    check_linked(link::link_keeping(path, text, sources, true))
}

fn check_linked(mut linked: link::Linked) -> Checked {
    let mut diagnostics = std::mem::take(&mut linked.diagnostics);
    let syntax_errors = diagnostics.iter().any(Diagnostic::is_error);
    let library = linked.tree.agreements.is_empty() && !linked.tree.definitions.is_empty();
    let mut model = None;
    let mut sources = SourceMap::default();
    if library {
        // A library of definitions is checked as far as it stands alone:
        // as the body of an agreement whose header and names may come from
        // the file that imports it, so nothing seemingly missing is reported.
        let wrapped = ast::File {
            agreements: vec![ast::Agreement {
                title: ast::Text {
                    value: String::new(),
                    span: Span::default(),
                },
                extends: None,
                items: linked.tree.definitions.clone(),
                lost_definition: true,
                head: Span::default(),
                span: Span::default(),
                recovered: true,
            }],
            ..ast::File::default()
        };
        diagnostics.extend(slate_check::check(&wrapped).diagnostics);
    } else {
        let checked = slate_check::check(&linked.tree);
        // The checker holds back what a dropped line could explain (each AST
        // block says whether it lost a line), so both lists are kept whole.
        diagnostics.extend(checked.diagnostics);
        model = checked.model;
        sources = checked.sources;
    }
    if let Some(m) = &mut model
        && !linked.levels.is_empty()
    {
        let (lineage, warnings) = levels::lineage(m, &linked);
        m.lineage = lineage;
        diagnostics.extend(warnings);
    }
    slate_syntax::diagnostic::sort(&mut diagnostics);
    let errors = syntax_errors || diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        library,
        parsed: std::mem::take(&mut linked.parsed),
        files: linked.files,
        ast: linked.tree,
        sources: if errors {
            SourceMap::default()
        } else {
            sources
        },
        model: if errors { None } else { model },
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
