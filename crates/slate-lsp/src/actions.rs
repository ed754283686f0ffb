//! Diagnostics in the protocol's form, quick fixes and formatting.

use std::collections::HashMap;
use std::str::FromStr;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Range, TextEdit, Uri, WorkspaceEdit,
};
use slate::Severity;
use slate::spans::FileId;

use crate::analysis::Analysis;

/// Where each diagnostic code's page is: `docs/diagnostics/E0201.md` in the
/// repository (the workspace's `repository` key).
pub const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/diagnostics/");

/// The link to a code's page.
pub fn docs_url(code: slate::Code) -> String {
    format!("{DOCS_BASE}{}.md", code.number())
}

/// Every diagnostic of the analysis, for `textDocument/publishDiagnostics`.
pub fn diagnostics(a: &Analysis, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
    a.diagnostics
        .iter()
        .map(|d| diagnostic(a, uri, d))
        .collect()
}

fn diagnostic(a: &Analysis, uri: &Uri, d: &slate::Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: location(a, uri, r.span)?,
                message: r.label.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: a.lines.range(&a.text, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.qualified())),
        code_description: Uri::from_str(&docs_url(d.code))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("slate".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Where a span is: in the document, or in a file it imports or extends.
fn location(a: &Analysis, uri: &Uri, span: slate::Span) -> Option<Location> {
    let file = FileId::of(span);
    if file == FileId(0) {
        return Some(Location::new(uri.clone(), a.lines.range(&a.text, span)));
    }
    let other = a.others.get((file.0 as usize).checked_sub(1)?)?;
    let path = std::path::absolute(&other.path).ok()?;
    let target = Uri::from_str(url::Url::from_file_path(path).ok()?.as_str()).ok()?;
    let lines = crate::position::Lines::new(&other.text);
    Some(Location::new(
        target,
        lines.range(&other.text, FileId::local(span)),
    ))
}

/// Quick fixes for the diagnostics that touch `range` and suggest a replacement.
pub fn code_actions(a: &Analysis, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let wanted = a.lines.span(&a.text, range);
    a.diagnostics
        .iter()
        .filter(|d| d.span.start <= wanted.end && wanted.start <= d.span.end)
        .filter_map(|d| {
            let s = d.suggestion.as_ref()?;
            let edit = TextEdit::new(a.lines.range(&a.text, s.span), s.text.clone());
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), vec![edit]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace `{}` with `{}`", a.slice(s.span), s.text),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(a, uri, d)]),
                edit: Some(WorkspaceEdit::new(changes)),
                command: None,
                is_preferred: Some(true),
                disabled: None,
                data: None,
            }))
        })
        .collect()
}

/// The edits that format the document, none when it is formatted or has
/// syntax errors.
pub fn formatting(a: &Analysis) -> Vec<TextEdit> {
    match slate::format(&a.text) {
        Ok(out) if out != a.text => {
            let whole = a.lines.range(&a.text, slate::Span::new(0, a.text.len()));
            vec![TextEdit::new(whole, out)]
        }
        _ => Vec::new(),
    }
}
