//! Diagnostics for people (miette's graphical report) and for machines (JSON).

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;
use slate_syntax::{Diagnostic, LineIndex, Severity, Span};

/// A source file with an index of its line starts, so miette can find the
/// lines around a span without scanning the file from the start for every
/// diagnostic (which made a file with thousands of errors quadratic).
struct IndexedSource<'a> {
    name: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl<'a> IndexedSource<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            lines: LineIndex::new(text),
        }
    }
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
        let first = self.lines.line(span.offset()).saturating_sub(before + 1);
        let last = self.lines.line(span.offset() + span.len()) + after + 2;
        let start = self.lines.start(first, self.text);
        let end = self.lines.start(last, self.text);
        let window = self
            .text
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

/// A diagnostic with its source, as miette wants it.
struct Report<'a> {
    diag: &'a Diagnostic,
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
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Renders diagnostics as miette's graphical report, one after another.
/// Without `color` the output is plain text (for files, pipes and snapshots).
pub fn human(diagnostics: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    let named = IndexedSource::new(file, source);
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
        let report = Report {
            diag: d,
            source: &named,
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, d.message));
        }
    }
    out
}

/// The JSON form of one diagnostic; documented in `docs/diagnostics/README.md`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: String,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    primary: bool,
    line: usize,
    column: usize,
    span: JsonSpan,
}

fn label<'a>(
    message: &'a str,
    primary: bool,
    span: Span,
    source: &str,
    lines: &LineIndex,
) -> JsonLabel<'a> {
    let (line, column) = lines.line_col(source, span.start);
    JsonLabel {
        message,
        primary,
        line,
        column,
        span: JsonSpan {
            start: span.start,
            end: span.end,
        },
    }
}

/// Diagnostics as a JSON array of `{code, severity, message, file, line,
/// column, span, labels, help}` objects.
pub fn json(diagnostics: &[Diagnostic], file: &str, source: &str) -> serde_json::Value {
    let lines = LineIndex::new(source);
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = lines.line_col(source, d.span.start);
            let mut labels = vec![label(&d.label, true, d.span, source, &lines)];
            labels.extend(
                d.related
                    .iter()
                    .map(|r| label(&r.label, false, r.span, source, &lines)),
            );
            JsonDiagnostic {
                code: d.code.qualified(),
                severity: d.severity,
                message: &d.message,
                file,
                line,
                column,
                span: JsonSpan {
                    start: d.span.start,
                    end: d.span.end,
                },
                labels,
                help: d.help.as_deref(),
            }
        })
        .collect();
    serde_json::to_value(items).unwrap_or(serde_json::Value::Null)
}
