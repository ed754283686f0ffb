//! The language server never panics, whatever state a document is in: every
//! prefix of every example (by lines, and by bytes every few bytes) is
//! analysed, and every handler answers at many positions of it.

use slate_lsp::lsp_types::{Position, Range, Uri};
use slate_lsp::{Analysis, actions, complete, hover, navigate, symbols};
use slate_tests::{files, read, relative};

/// Every 37th byte prefix (37 is prime, so the cuts fall everywhere in a line).
const BYTE_STEP: usize = 37;

/// Calls every handler at `pos`.
fn every_handler(a: &Analysis, uri: &Uri, pos: Position) {
    let _ = hover::hover(a, pos);
    let _ = navigate::definition(a, uri, pos);
    let _ = navigate::references(a, uri, pos, true);
    let _ = navigate::prepare_rename(a, pos);
    let _ = navigate::rename(a, uri, pos, "renamed_name");
    let _ = navigate::rename(a, uri, pos, "provider");
    let _ = complete::completion(a, pos);
    let _ = actions::code_actions(a, uri, Range::new(pos, pos));
}

/// Positions to try in a document: the start, middle and end of the last
/// three lines (where an unfinished edit is), every name, and a few past
/// the end.
fn positions(a: &Analysis) -> Vec<Position> {
    let lines = a.lines.count();
    let mut out = Vec::new();
    for line in lines.saturating_sub(3)..lines + 1 {
        let span = a.lines.line_span(&a.text, line);
        let len = a
            .text
            .get(span.start..span.end)
            .map_or(0, |s| s.encode_utf16().count());
        for ch in [0, len / 2, len, len + 5] {
            out.push(Position::new(line as u32, ch as u32));
        }
    }
    for d in &a.refs.definitions {
        out.push(a.lines.position(&a.text, d.span.start));
    }
    for r in a.refs.references.iter().step_by(3) {
        out.push(a.lines.position(&a.text, r.span.end));
    }
    out.push(Position::new(u32::MAX, u32::MAX));
    out
}

fn exercise(text: &str, uri: &Uri) {
    let a = slate_lsp::analyze_safely(
        text,
        std::path::Path::new("prefix.sla"),
        &slate_lsp::OpenFiles::default(),
    );
    let _ = actions::diagnostics(&a, uri);
    let _ = symbols::document_symbols(&a);
    let _ = actions::formatting(&a);
    for pos in positions(&a) {
        every_handler(&a, uri, pos);
    }
}

#[test]
fn every_prefix_of_every_example_is_served_without_panic() {
    let uri: Uri = "file:///prefix.sla".parse().expect("uri");
    let examples = files("examples", "sla");
    assert!(!examples.is_empty());
    for path in examples {
        let text = read(&path);
        let name = relative(&path);
        let mut end = 0;
        for line in text.split_inclusive('\n') {
            end += line.len();
            let prefix = &text[..end];
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| exercise(prefix, &uri)));
            assert!(result.is_ok(), "{name}: panic on the prefix of {end} bytes");
        }
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let prefix = &text[..cut];
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    exercise(prefix, &uri)
                }));
                assert!(result.is_ok(), "{name}: panic on the prefix of {cut} bytes");
            }
            cut += BYTE_STEP;
        }
        // The whole example, at every position of every line.
        let a = slate_lsp::analyze(&text, std::path::Path::new(&name));
        for (line, l) in text.lines().enumerate() {
            for ch in (0..=l.encode_utf16().count()).step_by(3) {
                every_handler(&a, &uri, Position::new(line as u32, ch as u32));
            }
        }
    }
}
