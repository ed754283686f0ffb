//! Diagnostics for machines: the JSON form documented in
//! `docs/diagnostics/README.md`.

use serde::Serialize;
use slate_syntax::spans::FileId;
use slate_syntax::{Diagnostic, LineIndex, Severity, Span};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    line: usize,
    column: usize,
    span: JsonSpan,
}

/// Diagnostics as a JSON array of `{code, severity, message, file, line,
/// column, span, labels, help}` objects.
pub fn json(diagnostics: &[Diagnostic], file: &str, source: &str) -> serde_json::Value {
    json_files(diagnostics, &[(file, source)])
}

/// [`json`] for an agreement made of several files: `files[n]` is the name
/// and text of the file whose spans have [`FileId`] `n` (the checked file
/// first). Each diagnostic names its own file, and a label in another file than its
/// diagnostic's names that file.
pub fn json_files(diagnostics: &[Diagnostic], files: &[(&str, &str)]) -> serde_json::Value {
    let indexes: Vec<LineIndex> = files.iter().map(|(_, text)| LineIndex::new(text)).collect();
    let place = |span: Span| {
        let id = FileId::of(span).0 as usize;
        let local = FileId::local(span);
        let (name, text) = files.get(id).copied().unwrap_or(("", ""));
        let (line, column) = indexes
            .get(id)
            .map_or((0, 0), |ix| ix.line_col(text, local.start));
        (
            name,
            line,
            column,
            JsonSpan {
                start: local.start,
                end: local.end,
            },
        )
    };
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let (file, line, column, span) = place(d.span);
            let label = |message, primary, s: Span| {
                let (f, line, column, span) = place(s);
                JsonLabel {
                    message,
                    primary,
                    file: (f != file).then_some(f),
                    line,
                    column,
                    span,
                }
            };
            let mut labels = vec![label(&d.label, true, d.span)];
            labels.extend(d.related.iter().map(|r| label(&r.label, false, r.span)));
            JsonDiagnostic {
                code: d.code.qualified(),
                severity: d.severity,
                message: &d.message,
                file,
                line,
                column,
                span,
                labels,
                help: d.help.as_deref(),
            }
        })
        .collect();
    serde_json::to_value(items).unwrap_or(serde_json::Value::Null)
}
