//! The analysis of one document: everything the handlers read.
//!
//! [`analyze`] is the one place a document is checked, so when Slate checks
//! several files at once (imports), only it changes: it takes the path as
//! well as the text for that reason.

use std::path::{Path, PathBuf};

use slate::ast::{Agreement, Item, ObjectiveStmt, Source};
use slate::refs::Refs;
use slate::spans::FileId;
use slate::{Diagnostic, Model, SourceMap};

use crate::grammar::Block;
use crate::position::Lines;

/// A checked document.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Where the document is (for messages; it is not read).
    pub path: PathBuf,
    /// The document's text.
    pub text: String,
    /// The syntax tree.
    pub ast: slate::ast::File,
    /// The Model, when the document has no errors.
    pub model: Option<Model>,
    /// Where each item of the Model is written (the checker's table).
    pub sources: SourceMap,
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Line starts, for positions.
    pub lines: Lines,
    /// Every definition and reference of a name.
    pub refs: Refs,
    /// The other files the document imports and extends (a span's
    /// `FileId` `n` is `others[n - 1]`), for diagnostics that point there.
    pub others: Vec<slate::link::SourceFile>,
    /// What identifies each of those files (their canonical paths): an edit
    /// to one of them checks this document again.
    pub reads: Vec<PathBuf>,
}

/// Parses and checks `text`, the contents of the document at `path`.
/// The files it imports and extends are read from disk, relative to `path`,
/// inside its default import root ([`slate::files::ImportRoot::default_for`]).
/// The tree is the document's own (what it imports or inherits is not in
/// it); a diagnostic in another file is shown at the start of the document,
/// naming that file, with its place there as related information.
pub fn analyze(text: &str, path: &Path) -> Analysis {
    match slate::link::FileSystem::for_agreement(path, None) {
        Ok(files) => analyze_with(text, path, &files),
        Err(_) => analyze_with(text, path, &crate::OpenFiles::default()),
    }
}

/// [`analyze`], reading the files the document imports and extends from
/// `sources` (the server passes the editor's open buffers, then the disk).
pub fn analyze_with(text: &str, path: &Path, sources: &dyn slate::link::Sources) -> Analysis {
    let checked = slate::check_document(path, text.to_owned(), sources);
    let refs = Refs::collect(&checked.parsed);
    let diagnostics = checked
        .diagnostics
        .iter()
        .map(|d| {
            if FileId::of(d.span) == FileId(0) {
                return d.clone();
            }
            let mut here = d.clone();
            let file = checked
                .locate(d.span)
                .map(|(f, _)| f.path.display().to_string())
                .unwrap_or_default();
            here.message = format!("in `{file}`: {}", d.message);
            here.related.insert(
                0,
                slate::Related {
                    span: d.span,
                    label: d.label.clone(),
                },
            );
            here.span = slate::Span::new(0, 0);
            here.suggestion = None;
            here
        })
        .collect();
    Analysis {
        path: path.to_path_buf(),
        text: text.to_owned(),
        ast: checked.parsed,
        model: checked.model,
        sources: checked.sources,
        diagnostics,
        lines: Lines::new(text),
        refs,
        reads: checked
            .files
            .iter()
            .skip(1)
            .map(|f| sources.identity(&f.path))
            .collect(),
        others: checked.files.into_iter().skip(1).collect(),
    }
}

/// Where an offset is: the block whose statements are written there.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The block.
    pub block: Block,
    /// The agreement, when inside one.
    pub agreement: Option<&'a Agreement>,
    /// The agreement-level item holding the offset (its header line included).
    pub item: Option<&'a Item>,
    /// The metric source block holding the offset, inside an objective.
    pub source: Option<&'a Source>,
}

impl Analysis {
    /// The text of a span, or nothing for a span outside the text.
    pub fn slice(&self, span: slate::Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The block at byte `offset`. A block's header line belongs to the
    /// block around it; the lines after it, to its closing `}`, to the block.
    pub fn context(&self, offset: usize) -> Context<'_> {
        let mut ctx = Context {
            block: Block::File,
            agreement: None,
            item: None,
            source: None,
        };
        let Some(a) = self
            .ast
            .agreements
            .iter()
            .find(|a| a.span.start <= offset && (offset < a.span.end || !closed(self, a.span)))
        else {
            return ctx;
        };
        ctx.agreement = Some(a);
        if self.lines.line(offset) == self.lines.line(a.span.start) {
            return ctx;
        }
        ctx.block = Block::Agreement;
        let Some(item) = a.items.iter().find(|i| {
            let s = item_span(i);
            s.start <= offset && offset <= s.end
        }) else {
            return ctx;
        };
        ctx.item = Some(item);
        let (span, block) = match item {
            Item::Party(p) => (p.span, Block::Party),
            Item::Calendar(c) => (c.span, Block::Calendar),
            Item::Service(s) => (s.span, Block::Service),
            Item::Objective(o) => (o.span, Block::Objective),
            Item::Credits(s) => (s.span, Block::Credits),
            Item::Bonus(s) => (s.span, Block::Bonus),
            Item::Termination(t) => (t.span, Block::Termination),
            _ => return ctx,
        };
        if !self.inside(span, offset) {
            return ctx;
        }
        ctx.block = block;
        if let Item::Objective(o) = item {
            for stmt in &o.stmts {
                if let ObjectiveStmt::Source(s) = stmt
                    && self.inside(s.span, offset)
                {
                    ctx.block = Block::Source;
                    ctx.source = Some(s);
                }
            }
        }
        ctx
    }

    /// Whether `offset` is inside the block `span`: after its header line,
    /// and before its closing `}` (or anywhere after, when it has none).
    fn inside(&self, span: slate::Span, offset: usize) -> bool {
        let after_header = self.lines.line(offset) > self.lines.line(span.start);
        after_header && (offset < span.end || !closed(self, span))
    }
}

/// Whether a block ends with its `}`.
fn closed(analysis: &Analysis, span: slate::Span) -> bool {
    analysis.slice(span).ends_with('}')
}

/// The span of an agreement-level item.
pub fn item_span(item: &Item) -> slate::Span {
    match item {
        Item::Id(s) | Item::Version(s) | Item::Timezone(s) => s.span,
        Item::Effective(s) => s.span,
        Item::Currency(s) | Item::Owner(s) => s.span,
        Item::Review(s) => s.span,
        Item::Amendments(s) => s.span,
        Item::Field(s) => s.span,
        Item::Event(s) => s.span,
        Item::Report(s) => s.span,
        Item::Party(p) => p.span,
        Item::Calendar(c) => c.span,
        Item::Service(s) => s.span,
        Item::Objective(o) => o.span,
        Item::Credits(s) | Item::Bonus(s) => s.span,
        Item::Termination(t) => t.span,
        Item::Clause(c) => c.span,
    }
}
