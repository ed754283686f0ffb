//! Diagnostics for people: miette's graphical report, with or without
//! colour. Behind the `cli` feature, so that library users do not build
//! miette's terminal renderer.

use std::borrow::Cow;
use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use slate_syntax::spans::FileId;
use slate_syntax::{Diagnostic, LineIndex, Severity, Span};

/// A source file with an index of its line starts, so miette can find the
/// lines around a span without scanning the file from the start for every
/// diagnostic (which made a file with thousands of errors quadratic).
struct IndexedSource<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    lines: LineIndex,
}

impl<'a> IndexedSource<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text: for_terminal(text),
            lines: LineIndex::new(text),
        }
    }
}

/// Whether a terminal must not be sent `c` raw: a control character other
/// than the line breaks and tab (ESC would start an escape sequence), or a
/// character that is invisible or reorders the text around it.
fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{2028}' | '\u{2029}')
        || slate_syntax::unicode::is_hidden(c)
}

/// The source as the terminal is shown it: every character it must not be
/// sent raw replaced by a visible one of the same length in bytes (U+FFFD
/// for the three-byte characters, such as U+202E; `?` for each byte of the
/// others), so every span still points at the same bytes.
fn for_terminal(text: &str) -> Cow<'_, str> {
    slate_syntax::unicode::show_hidden_by(text, unsafe_for_terminal, |c| {
        if c.len_utf8() == 3 {
            "\u{FFFD}".to_owned()
        } else {
            "?".repeat(c.len_utf8())
        }
    })
}

/// Words of a diagnostic (message, label, help) as the terminal is shown
/// them: a hidden character quoted from the source is written `<U+202E>`.
fn words_for_terminal(s: &str) -> String {
    slate_syntax::unicode::show_hidden_by(s, unsafe_for_terminal, slate_syntax::unicode::visible)
        .into_owned()
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // miette's own reader, on a window of whole lines around the span
        // (with a line to spare on each side), shifted back into the file.
        let text: &str = &self.text;
        let first = self.lines.line(span.offset()).saturating_sub(before + 1);
        let last = self.lines.line(span.offset() + span.len()) + after + 2;
        let start = self.lines.start(first, text);
        let end = self.lines.start(last, text);
        let window = text
            .as_bytes()
            .get(start..end)
            .ok_or(MietteError::OutOfBounds)?;
        let inner = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let c = window.read_span(&inner, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            c.data(),
            SourceSpan::new((c.span().offset() + start).into(), c.span().len()),
            c.line() + first,
            c.column(),
            c.line_count() + first,
        )))
    }
}

/// A diagnostic with its source, as miette wants it. Labels in other files
/// than the diagnostic's own are shown as related reports, each with its file.
struct Report<'a> {
    diag: Diagnostic,
    source: &'a IndexedSource<'a>,
    elsewhere: Vec<Elsewhere<'a>>,
}

/// A label in another file than its diagnostic's.
struct Elsewhere<'a> {
    label: String,
    span: Span,
    source: &'a IndexedSource<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl fmt::Debug for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl fmt::Display for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in `{}`", self.source.name)
    }
}

impl std::error::Error for Elsewhere<'_> {}

impl miette::Diagnostic for Elsewhere<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(non_empty(&self.label), self.span),
        )))
    }
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(non_empty(&self.diag.label), self.diag.span);
        let related = self
            .diag
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(non_empty(&r.label), r.span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|e| e as &dyn miette::Diagnostic),
        ))
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Renders diagnostics as miette's graphical report, one after another.
/// Without `color` the output is plain text (for files, pipes and snapshots).
pub fn human(diagnostics: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    human_files(diagnostics, &[(file, source)], color)
}

/// [`human`] for an agreement made of several files: `files[n]` is the name
/// and text of the file whose spans have [`FileId`] `n` (the checked file first).
pub fn human_files(diagnostics: &[Diagnostic], files: &[(&str, &str)], color: bool) -> String {
    // Indexing a file reads all of it: none is read when nothing is to be
    // shown (a clean check of a large agreement, issue 21).
    if diagnostics.is_empty() {
        return String::new();
    }
    // A text too large to parse (E0109) is not quoted: its first line
    // alone may be megabytes.
    let sources: Vec<IndexedSource<'_>> = files
        .iter()
        .map(|(name, text)| {
            let shown = if text.len() > slate_syntax::lower::MAX_SOURCE_BYTES {
                ""
            } else {
                text
            };
            IndexedSource::new(name, shown)
        })
        .collect();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for d in diagnostics {
        let file = FileId::of(d.span);
        let Some(source) = sources.get(file.0 as usize) else {
            out.push_str(&format!("{}: {}\n", d.code, words_for_terminal(&d.message)));
            continue;
        };
        // miette pads to a label's column with a formatting width, which
        // panics past 65,535: a label that far along its line (one line of
        // twenty thousand item ids) is shown by place, not by quotation.
        if let Some(far) = far_place(d, files, &sources) {
            out.push_str(&far);
            continue;
        }
        let mut local = d.clone();
        local.span = FileId::local(d.span);
        local.related.clear();
        local.message = words_for_terminal(&d.message);
        local.label = words_for_terminal(&d.label);
        local.help = d.help.as_deref().map(words_for_terminal);
        let mut elsewhere = Vec::new();
        for r in &d.related {
            let other = FileId::of(r.span);
            if other == file {
                local.related.push(slate_syntax::Related {
                    span: FileId::local(r.span),
                    label: words_for_terminal(&r.label),
                });
            } else if let Some(source) = sources.get(other.0 as usize) {
                elsewhere.push(Elsewhere {
                    label: words_for_terminal(&r.label),
                    span: FileId::local(r.span),
                    source,
                });
            }
        }
        let report = Report {
            diag: local,
            source,
            elsewhere,
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, words_for_terminal(&d.message)));
        }
    }
    out
}

/// The column (in characters) past which a label is not quoted.
const FAR_COLUMN: usize = 4096;

/// A diagnostic with a label past [`FAR_COLUMN`] on its line, written with
/// its places as `file:line:column` instead of quoted source; `None` when
/// every label is near enough to quote.
fn far_place(
    d: &Diagnostic,
    files: &[(&str, &str)],
    sources: &[IndexedSource<'_>],
) -> Option<String> {
    let place = |span: Span| {
        let id = FileId::of(span).0 as usize;
        let (name, text) = files.get(id).copied().unwrap_or(("", ""));
        let (line, column) = sources.get(id).map_or((0, 0), |s| {
            s.lines.line_col(text, FileId::local(span).start)
        });
        (format!("{name}:{line}:{column}"), column)
    };
    let spans = std::iter::once(d.span).chain(d.related.iter().map(|r| r.span));
    if spans.map(|s| place(s).1).all(|c| c <= FAR_COLUMN) {
        return None;
    }
    let mark = match d.severity {
        Severity::Error => '×',
        Severity::Warning => '⚠',
    };
    let mut out = format!(
        "{}\n\n  {mark} {}\n  at {}: {}\n",
        d.code,
        words_for_terminal(&d.message),
        place(d.span).0,
        words_for_terminal(&d.label)
    );
    for r in &d.related {
        out.push_str(&format!(
            "  and {}: {}\n",
            place(r.span).0,
            words_for_terminal(&r.label)
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {}\n", words_for_terminal(help)));
    }
    Some(out)
}
