//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), shared with
//! the regular test that replays the committed corpus
//! (`tests/it/fuzz_replay.rs`), so that the two cannot drift apart.
//!
//! Each function takes arbitrary bytes, runs one stage of Slate on them and
//! asserts the invariants that hold for every input: no panic, diagnostics
//! sorted with spans inside the source and on character boundaries, no
//! internal error, determinism, safe HTML, and rule sets that round-trip.
//! A failed invariant panics, which is what a fuzzer and a test look for.
//! Not part of Slate's library API: a crate of its own (not published),
//! used by `fuzz/` and the tests only, so that library users build neither
//! it nor the YAML parser it reads the generated rule files back with.

#![forbid(unsafe_code)]
// A failed invariant panics by design; indexing that panics on a bad
// offset is such a finding too, so the library lints against panicking
// indexing do not apply here.
#![expect(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a fuzz body's panic is the finding it looks for"
)]

mod rule_files;

pub use rule_files::rule_files_say;

use slate::eval::{Events, Format};
use slate::rules::RuleSet;
use slate::{Code, Diagnostic, RulesTarget, Span};

/// Source text from fuzzer bytes. Invalid UTF-8 is replaced rather than
/// rejected, so no input is wasted (Slate reads only `&str`).
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A span is inside `source` and on character boundaries.
fn span_ok(source: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= source.len()
        && source.is_char_boundary(span.start)
        && source.is_char_boundary(span.end)
}

/// Every span (and related span) is inside the source, and no diagnostic
/// is an internal error.
fn spans_ok(source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(
            span_ok(source, d.span),
            "span {:?} of {} `{}` is outside the text or splits a character ({} bytes)",
            d.span,
            d.code,
            d.message,
            source.len()
        );
        for r in &d.related {
            assert!(
                span_ok(source, r.span),
                "related span {:?} of {} `{}` is outside the text",
                r.span,
                d.code,
                d.message
            );
        }
        assert_ne!(d.code, Code::Internal, "internal error: {}", d.message);
        assert_eq!(d.severity, d.code.severity(), "{}", d.message);
    }
}

/// Diagnostics are sorted by position, then code and message, and each
/// span is sound.
fn diagnostics_ok(source: &str, diagnostics: &[Diagnostic]) {
    spans_ok(source, diagnostics);
    for pair in diagnostics.windows(2) {
        let key = |d: &Diagnostic| (d.span.start, d.span.end, d.code, d.message.clone());
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "diagnostics out of order: {} at {:?} before {} at {:?}",
            pair[0].code,
            pair[0].span,
            pair[1].code,
            pair[1].span
        );
    }
}

/// Target `parse`: the parser and lowering.
pub fn parse(data: &[u8]) {
    let source = text(data);
    let parsed = slate::parse(&source);
    diagnostics_ok(&source, &parsed.diagnostics);
}

/// Target `check`: parse and check, then both diagnostic renderings.
/// Checking twice gives the same diagnostics and the same fingerprint, and
/// there is a Model exactly when there is no error.
pub fn check(data: &[u8]) {
    let source = text(data);
    let checked = slate::check(&source);
    diagnostics_ok(&source, &checked.diagnostics);
    assert_eq!(
        checked.model.is_some(),
        !checked.has_errors(),
        "a Model must come exactly with no errors"
    );
    let again = slate::check(&source);
    assert_eq!(
        checked.diagnostics, again.diagnostics,
        "check is not deterministic"
    );
    assert_eq!(
        checked.model.as_ref().map(slate::Model::fingerprint),
        again.model.as_ref().map(slate::Model::fingerprint),
        "the fingerprint is not deterministic"
    );
    let human = slate::human(&checked.diagnostics, "fuzz.sla", &source, false);
    assert_eq!(checked.diagnostics.is_empty(), human.is_empty());
    let json = slate::json(&checked.diagnostics, "fuzz.sla", &source);
    assert!(json.is_array() || json.is_object());
}

/// Files held in memory, for the `link` target.
struct Files(Vec<(String, String)>);

impl slate::link::Sources for Files {
    fn read(&self, path: &std::path::Path) -> Result<String, slate::files::ReadError> {
        let name = path.to_string_lossy();
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound).into())
    }
}

/// Target `link`: an agreement of several files. The input is split at
/// lines `=====` into files `a.sla`, `b.sla`, …; `a.sla` is checked, and
/// may import and extend the others (and itself). Every diagnostic's span
/// lies inside the file it names, and linking is deterministic.
pub fn link(data: &[u8]) {
    let source = text(data);
    let files = Files(
        source
            .split("\n=====\n")
            .take(6)
            .enumerate()
            .map(|(i, t)| (format!("{}.sla", char::from(b'a' + i as u8)), t.to_owned()))
            .collect(),
    );
    let Some((root, text)) = files.0.first().cloned() else {
        return;
    };
    let checked = slate::check_file(std::path::Path::new(&root), text.clone(), &files);
    for d in &checked.diagnostics {
        for span in std::iter::once(d.span).chain(d.related.iter().map(|r| r.span)) {
            let located = checked.locate(span);
            assert!(
                located.is_some(),
                "span {span:?} of {} names no file",
                d.code
            );
            let Some((file, local)) = located else {
                continue;
            };
            assert!(
                span_ok(&file.text, local),
                "span {local:?} of {} `{}` is outside `{}`",
                d.code,
                d.message,
                file.path.display()
            );
        }
        assert_ne!(d.code, Code::Internal, "internal error: {}", d.message);
    }
    // A library of definitions has no Model, and no error for that.
    assert_eq!(
        checked.model.is_some(),
        !checked.has_errors() && !checked.library
    );
    let again = slate::check_file(std::path::Path::new(&root), text, &files);
    assert_eq!(
        checked.diagnostics, again.diagnostics,
        "linking is not deterministic"
    );
    let human = checked.human(&checked.diagnostics, &root, false);
    assert_eq!(checked.diagnostics.is_empty(), human.is_empty());
    if let Some(model) = &checked.model {
        let md = slate::render::to_markdown(model);
        assert_eq!(md, slate::render::to_markdown(model));
        markdown_contained(&slate::render::document::build(model), &md);
    }
}

/// Target `render`: Markdown and HTML contracts of whatever checks. Each is
/// rendered twice and must be byte-identical; the HTML must be inert; the
/// Markdown, read whole by a CommonMark parser, must have only safe links,
/// and every section must stay in its place (see [`markdown_contained`]).
pub fn render(data: &[u8]) {
    let source = text(data);
    let Some(model) = slate::check(&source).model else {
        return;
    };
    let md = slate::render::to_markdown(&model);
    assert_eq!(
        md,
        slate::render::to_markdown(&model),
        "Markdown is not deterministic"
    );
    let html = slate::render::to_html(&model);
    assert_eq!(
        html,
        slate::render::to_html(&model),
        "HTML is not deterministic"
    );
    html_inert(&html);
    // No character that reverses the text around it reaches a document raw.
    for (format, out) in [("Markdown", &md), ("HTML", &html)] {
        assert!(
            !out.chars().any(slate_syntax::unicode::is_bidi_control),
            "the {format} holds a raw bidi control"
        );
    }
    markdown_contained(&slate::render::document::build(&model), &md);
}

/// The Markdown contract `md` of `doc`, read whole as any CommonMark
/// renderer would: every link and image is to a fragment, http(s) or mailto
/// (seen in the parser's events, and again in the HTML it renders, by
/// [`html_inert`]); its headings down to level 4 are exactly the document's
/// own, in order (so no prose opened a code block, an HTML block or a list
/// that swallowed the sections after it, and no prose forged a section);
/// and the fingerprint is shown as code twice, outside any code block.
pub fn markdown_contained(doc: &slate::render::document::Document, md: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    let mut fingerprints = 0;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Link { dest_url: url, .. } | Tag::Image { dest_url: url, .. }) => {
                assert!(safe_target(&url), "the Markdown links to `{url}`");
            }
            Event::Start(Tag::Heading { level, .. }) if (level as usize) <= 4 => {
                heading = Some((level as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Code(t) if *t == *doc.fingerprint => fingerprints += 1,
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, options));
    html_inert(&html);
    let mut expected: Vec<(usize, String)> = vec![(1, doc.title.clone()), (2, "Contents".into())];
    fn walk(s: &slate::render::document::Section, level: usize, out: &mut Vec<(usize, String)>) {
        if level <= 4 {
            out.push((level, format!("{} {}", s.number, s.title)));
        }
        for c in &s.children {
            walk(c, level + 1, out);
        }
    }
    for s in &doc.sections {
        walk(s, 2, &mut expected);
    }
    expected.push((2, "Signatures".into()));
    for p in &doc.signatures {
        expected.push((3, format!("For {} ({})", p.party, p.role)));
    }
    let levels = |h: &[(usize, String)]| h.iter().map(|(l, _)| *l).collect::<Vec<_>>();
    assert_eq!(
        levels(&headings),
        levels(&expected),
        "the Markdown's headings are not the document's: {headings:?}"
    );
    assert_eq!(
        fingerprints, 2,
        "the fingerprint is not shown twice as code"
    );
}

/// The HTML has no active content: no script, frame, object, embed, image
/// or SVG element, no event-handler attribute, and every link is to a
/// fragment, http(s) or mailto.
pub fn html_inert(html: &str) {
    let lower = html.to_ascii_lowercase();
    for tag in [
        "<script", "<iframe", "<object", "<embed", "<img", "<svg", "<base", "<form",
    ] {
        assert!(!lower.contains(tag), "the HTML contains `{tag}`");
    }
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        // Inline CSS may hold `>` and `<` in selectors and strings.
        if rest.starts_with("style") {
            rest = rest.find("</style").map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let end = tag_end(rest);
        for (name, value) in attributes(&rest[..end]) {
            assert!(
                !name.starts_with("on"),
                "the HTML has an event-handler attribute `{name}`"
            );
            if matches!(
                name,
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                assert!(safe_target(value), "the HTML links to `{value}`");
            }
        }
        rest = &rest[end..];
    }
}

/// A link target that cannot act: a fragment, http(s) or mailto.
fn safe_target(url: &str) -> bool {
    let v = url.trim_start().to_ascii_lowercase();
    ["#", "https://", "http://", "mailto:"]
        .iter()
        .any(|p| v.starts_with(p))
}

/// The end of a tag that starts at the beginning of `s` (after its `<`):
/// the first `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// The attributes of a tag's text (name, then attributes), as (name, value).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    // Skip the element name.
    let mut s = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    value = &body[..close];
                    s = body.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = &after[..close];
                    s = &after[close..];
                }
            }
        }
        if name.is_empty() {
            // A stray character: skip it so the loop always advances.
            s = s.get(1..).unwrap_or("");
            continue;
        }
        out.push((name, value));
    }
}

/// Target `rules`: every `compile_rules` target. There is text exactly
/// when the agreement checks; diagnostics point into the source; the JSON
/// rule set reads back as the same rule set and writes back as the same
/// text; the metrics backends are deterministic; and their YAML gives back
/// the rule set's strings ([`rule_files_say`]).
pub fn rules(data: &[u8]) {
    let source = text(data);
    let checked = slate::check(&source);
    let Some(model) = checked.model else {
        return;
    };
    let expected = slate::rules::from_model(&model);
    assert!(
        expected.is_ok(),
        "a checked agreement gives a rule set: {expected:?}"
    );
    let Ok(expected) = expected else { return };
    let mut yaml = Vec::new();
    for target in [
        RulesTarget::Json,
        RulesTarget::Prometheus,
        RulesTarget::OpenSlo,
    ] {
        let (out, diagnostics) = slate::compile_rules(&source, target);
        spans_ok(&source, &diagnostics);
        assert!(
            out.is_some(),
            "the agreement checks but `compile_rules` gave no {target:?} text"
        );
        let Some(out) = out else {
            return;
        };
        match target {
            RulesTarget::Json => {
                let back = slate::rules::from_json(&out);
                assert_eq!(
                    back.as_ref(),
                    Ok(&expected),
                    "the JSON rule set does not read back"
                );
                if let Ok(back) = back {
                    assert_eq!(
                        slate::rules::to_json(&back),
                        out,
                        "JSON does not write back"
                    );
                }
            }
            RulesTarget::Prometheus => {
                let again = slate::rules::prometheus::to_prometheus(&expected);
                assert_eq!(again.text, out, "Prometheus rules are not deterministic");
                yaml.push(out);
            }
            RulesTarget::OpenSlo => {
                let again = slate::rules::openslo::to_openslo(&expected);
                assert_eq!(again.text, out, "OpenSLO documents are not deterministic");
                yaml.push(out);
            }
        }
    }
    if let [prometheus, openslo] = yaml.as_slice() {
        rule_files_say(&expected, prometheus, openslo);
    }
}

/// The text Prometheus prints for an alert's label or annotation as Slate
/// writes them: literal text; `{{ "{{" }}` and `{{ "{" }}`, the actions
/// that print agreement text's braces; and `{{ $value | humanizePercentage }}`,
/// the one template Slate writes on purpose, kept as it is. Any other
/// action is an error: agreement text that would run.
pub fn template_printed(template: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(rest.get(..at).unwrap_or_default());
        let action = rest.get(at + 2..).unwrap_or_default();
        let Some(end) = action.find("}}") else {
            return Err(format!("an unclosed action in `{template}`"));
        };
        match action.get(..end).unwrap_or_default() {
            " \"{{\" " => out.push_str("{{"),
            " \"{\" " => out.push('{'),
            " $value | humanizePercentage " => out.push_str("{{ $value | humanizePercentage }}"),
            other => return Err(format!("the action `{{{{{other}}}}}` in `{template}`")),
        }
        rest = action.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// The agreements whose rule sets the `events` target evaluates records
/// against: (path from the repository root, cut-off in Unix seconds). One
/// of each kind of objective: time to event on business hours with pauses
/// and reopening, availability, calls with ignored abandons, and volumes.
pub const EVENT_AGREEMENTS: [(&str, i64); 4] = [
    ("examples/support.sla", 1_775_001_600), // 2026-04-01T00:00:00Z
    ("examples/saas.sla", 1_782_864_000),    // 2026-07-01T00:00:00Z
    ("examples/call-centre.sla", 1_775_001_600), // 2026-04-01T00:00:00Z
    ("examples/sales-marketing.sla", 1_775_001_600), // 2026-04-01T00:00:00Z
];

/// The fixed rule sets of the `events` target, built once from the
/// [`EVENT_AGREEMENTS`] texts (in that order).
#[derive(Clone, Debug)]
pub struct EventRules {
    sets: Vec<(RuleSet, i64)>,
}

impl EventRules {
    /// Compiles each agreement's text; `None` if any has an error.
    pub fn new(sources: &[&str]) -> Option<EventRules> {
        let sets = sources
            .iter()
            .zip(EVENT_AGREEMENTS)
            .map(|(source, (_, as_of))| {
                slate::compile(source, &slate::Options::default())
                    .ok()
                    .and_then(|m| slate::rules::from_model(&m).ok())
                    .map(|rules| (rules, as_of))
            })
            .collect::<Option<Vec<_>>>()?;
        (sets.len() == EVENT_AGREEMENTS.len()).then_some(EventRules { sets })
    }
}

/// Target `events`: event records read as NDJSON or CSV and evaluated.
///
/// The first byte chooses the format (bit 0: NDJSON or CSV) and the rule set
/// (the rest, modulo the number of agreements), so the ASCII digits `0`–`7`
/// name every pair; the remaining bytes are the file. Reading keeps count
/// (every record read is distinct or a duplicate), evaluation at the fixed
/// cut-off succeeds, every report format is written, and no report for
/// people (text, Markdown, HTML) carries a raw control, invisible or
/// direction-changing character.
pub fn events(rules: &EventRules, data: &[u8]) {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = if selector & 1 == 0 {
        Format::Ndjson
    } else {
        Format::Csv
    };
    let Some((rule_set, as_of)) = rules
        .sets
        .get(usize::from(selector >> 1) % rules.sets.len())
    else {
        return;
    };
    let text = text(file);
    let mut events = Events::default();
    events.read("fuzz", &text, format);
    events.group();
    assert_eq!(
        events.read,
        events.records.len() as u64 + events.duplicates,
        "records read must be distinct or duplicates"
    );
    let lines = text.lines().count() as u64 + 1;
    for bad in &events.invalid {
        assert!(
            bad.line >= 1 && bad.line <= lines,
            "invalid record at line {} of {lines}",
            bad.line
        );
    }
    let options = slate::eval::Options {
        as_of: Some(*as_of),
        details: true,
        ..slate::eval::Options::default()
    };
    slate::eval::refuse_non_numbers(rule_set, &mut events, Some(*as_of));
    let report = slate::eval::evaluate(rule_set, &events, &options);
    assert!(report.is_ok(), "evaluation failed: {:?}", report.err());
    if let Ok(report) = report {
        let json = slate::eval::to_json(&report);
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "the JSON report is not JSON"
        );
        // No control, invisible or direction-changing character reaches a
        // report for people raw: each is shown as `\u{…}`.
        for (format, out) in [
            ("text", slate::eval::to_text(&report)),
            ("Markdown", slate::eval::to_markdown(&report)),
            ("HTML", slate::eval::to_html(&report)),
        ] {
            assert!(
                slate::eval::visible::visible_lines(&out) == out,
                "the {format} report has a raw hidden character"
            );
        }
    }
}

/// Target `format`: `slate fmt`. Whatever reads without syntax errors
/// formats (the formatter never refuses, so never reports an internal
/// error); the result formats to itself; it keeps every comment, checked
/// by a marker comment appended to every code line outside prose; and
/// `slate::format` itself has already checked that the syntax tree is the
/// same. A file with syntax errors is refused with only syntax errors.
pub fn format(data: &[u8]) {
    let source = text(data);
    let once = match slate::format(&source) {
        Ok(out) => out,
        Err(diagnostics) => {
            spans_ok(&source, &diagnostics);
            assert!(diagnostics.iter().all(Diagnostic::is_error));
            return;
        }
    };
    assert_eq!(
        slate::format(&once).ok().as_deref(),
        Some(once.as_str()),
        "formatting is not idempotent, or the formatted text does not format"
    );
    // Marker comments survive, one per code line outside prose.
    let mut marked = String::with_capacity(source.len() * 2);
    let mut prose = false;
    let mut markers = 0;
    for line in source.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let quotes = line.matches("\"\"\"").count();
        marked.push_str(line);
        if !prose && quotes == 0 && !line.contains("//") && !line.trim().is_empty() {
            marked.push_str(" //fuzzmarker");
            markers += 1;
        }
        if quotes % 2 == 1 {
            prose = !prose;
        }
        marked.push('\n');
    }
    // Appending a comment can only change a line that was not code (such as
    // the inside of an unclosed string), so only check files that still read.
    if let Ok(out) = slate::format(&marked) {
        assert_eq!(
            out.matches("//fuzzmarker").count(),
            markers,
            "a comment was lost"
        );
    }
}
