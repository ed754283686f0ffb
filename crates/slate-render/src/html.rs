//! The contract as one self-contained HTML file: inline CSS, no JavaScript,
//! no external fonts or images; a print stylesheet for A4.

use std::fmt::Write;

use crate::document::{Block, Document, Inline, Section, Status, Table};
use slate_check::unicode;

use crate::prose::to_html;

/// The stylesheet, for screens, phones and A4 paper.
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --rule: #c9c9c9; --accent: #1d3a6b; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "Charter", "Bitstream Charter", "Georgia", "Times New Roman", serif; line-height: 1.5; }
article { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
header.title-page { border-bottom: 2px solid var(--accent); padding-bottom: 1.25rem; margin-bottom: 2rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.75rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2.25rem 0 0.75rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.25rem; }
h3 { font-size: 1.08rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1rem; margin: 1.1rem 0 0.4rem; }
h5, h6 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; }
.num { display: inline-block; min-width: 2.6rem; color: var(--accent); }
p { margin: 0.5rem 0; }
.level-note { font-style: italic; color: var(--muted); border-left: 3px solid var(--muted); padding-left: 0.6rem; }
ul, ol { margin: 0.5rem 0; padding-left: 1.4rem; }
li { margin: 0.25rem 0; }
code { font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 0.88em; background: #f2f2f2; padding: 0 0.2em; border-radius: 2px; }
a { color: var(--accent); }
.table-wrap { overflow-x: auto; margin: 0.75rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
.fingerprint, .made-with { font-size: 0.85rem; color: var(--muted); word-break: break-all; }
nav.contents ol { list-style: none; padding-left: 0; columns: 2; }
nav.contents li { margin: 0.1rem 0; }
.signatures .party { border: 1px solid var(--rule); padding: 0.75rem 1rem; margin: 1rem 0; }
.signatures h3 { break-after: avoid; page-break-after: avoid; }
.signature { break-inside: avoid; page-break-inside: avoid; }
.signature-line { border-bottom: 1px solid var(--ink); height: 2.5rem; margin-bottom: 0.25rem; }
.signature-caption { font-size: 0.8rem; color: var(--muted); margin-bottom: 0.6rem; }
.signature-field { display: grid; grid-template-columns: 6rem 1fr; gap: 0.5rem; margin: 0.4rem 0; }
.signature-field span:last-child { border-bottom: 1px dotted var(--muted); min-height: 1.4rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: 0.75rem; }
@media (max-width: 600px) {
  html { font-size: 15px; }
  article { padding: 1.25rem 1rem 2rem; }
  h1 { font-size: 1.6rem; }
  nav.contents ol { columns: 1; }
  .num { min-width: 2.2rem; }
}
@media print {
  html { font-size: 10.5pt; }
  article { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li, .signature-field { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .signatures { break-before: page; page-break-before: always; }
  footer { display: none; }
}
"#;

/// How a character a reader cannot see is shown: inline, so pages without
/// one keep the stylesheet they had.
const HIDDEN_STYLE: &str = "font-family: monospace; font-size: 0.8em; color: #8a1c1c; background: #fde8e8; border: 1px solid #e0a0a0; border-radius: 2px; padding: 0 0.15em";

/// Renders a document as a self-contained HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&doc.title));
    let _ = writeln!(
        out,
        "<meta name=\"slate-fingerprint\" content=\"{}\">",
        esc(&doc.fingerprint)
    );
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"{}\">",
        esc(&doc.made_with)
    );
    out.push_str("<style>");
    out.push_str(STYLE);
    // The fingerprint is hex, letters, digits, `-` and `:`; nothing in it needs CSS escaping.
    let _ = write!(
        out,
        "@page {{ size: A4; margin: 20mm 18mm 22mm 18mm;\n  @bottom-left {{ content: \"Terms fingerprint {}\"; font-size: 7pt; color: #5b5b5b; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font-size: 8pt; }} }}\n",
        css_safe(&doc.fingerprint)
    );
    out.push_str("</style>\n</head>\n<body>\n<article>\n<header class=\"title-page\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", text(&doc.title));
    for line in &doc.title_block {
        let _ = writeln!(out, "<p>{}</p>", inlines(line));
    }
    let _ = writeln!(
        out,
        "<p class=\"fingerprint\">Terms fingerprint <code>{}</code></p>",
        esc(&doc.fingerprint)
    );
    out.push_str(
        "</header>\n<nav class=\"contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n",
    );
    for s in &doc.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{} {}</a></li>",
            esc(&s.id),
            text(&s.number),
            text(&s.title)
        );
    }
    out.push_str("</ol>\n</nav>\n");
    for s in &doc.sections {
        section(&mut out, s, 2);
    }
    out.push_str("<section class=\"signatures\" id=\"signatures\">\n<h2>Signatures</h2>\n<p>Signed by the parties on the dates below.</p>\n");
    for party in &doc.signatures {
        let _ = writeln!(
            out,
            "<div class=\"party\">\n<h3>For {} ({})</h3>",
            text(&party.party),
            text(&party.role)
        );
        let fields: Vec<(String, Option<String>)> = if party.signatories.is_empty() {
            vec![(String::new(), None)]
        } else {
            party.signatories.clone()
        };
        for (name, title) in &fields {
            out.push_str("<div class=\"signature\">\n<div class=\"signature-line\"></div>\n<div class=\"signature-caption\">Signature</div>\n");
            for (label, value) in [
                ("Name", name.as_str()),
                ("Title", title.as_deref().unwrap_or("")),
                ("Date", ""),
            ] {
                let _ = writeln!(
                    out,
                    "<div class=\"signature-field\"><span>{label}</span><span>{}</span></div>",
                    text(value)
                );
            }
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    let _ = writeln!(
        out,
        "<footer><p class=\"fingerprint\">Terms fingerprint <code>{}</code></p>\n<p class=\"made-with\">{}</p></footer>",
        esc(&doc.fingerprint),
        esc(&doc.made_with)
    );
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// Renders a section and its subsections, its heading at `level`; a
/// section without a number (a report's) is headed by its title alone.
pub(crate) fn section(out: &mut String, s: &Section, level: usize) {
    let _ = writeln!(out, "<section id=\"{}\">", esc(&s.id));
    if s.number.is_empty() {
        let _ = writeln!(out, "<h{level}>{}</h{level}>", text(&s.title));
    } else {
        let _ = writeln!(
            out,
            "<h{level}><span class=\"num\">{}</span> {}</h{level}>",
            text(&s.number),
            text(&s.title)
        );
    }
    for b in &s.body {
        block(out, b);
    }
    for c in &s.children {
        section(out, c, level + 1);
    }
    out.push_str("</section>\n");
}

/// Renders a block as HTML.
pub(crate) fn block(out: &mut String, b: &Block) {
    match b {
        Block::Para(p) => {
            let _ = writeln!(out, "<p>{}</p>", inlines(p));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(out, "<li>{}</li>", inlines(i));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(t) => table(out, t),
        Block::Prose(md) => {
            out.push_str("<div class=\"prose\">\n");
            out.push_str(&to_html(md));
            out.push_str("</div>\n");
        }
        Block::Note(p) => {
            let _ = writeln!(out, "<p class=\"level-note\">{}</p>", inlines(p));
        }
        Block::Facts(facts) => {
            out.push_str("<dl class=\"facts\">\n");
            for (label, value) in facts {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", text(label), inlines(value));
            }
            out.push_str("</dl>\n");
        }
        Block::Figures(figures) => {
            out.push_str("<ul class=\"tiles\">\n");
            for f in figures {
                let _ = writeln!(
                    out,
                    "<li{}><b>{}</b><span>{}</span></li>",
                    if f.warn { " class=\"warn\"" } else { "" },
                    text(&f.value),
                    text(&f.what)
                );
            }
            out.push_str("</ul>\n");
        }
        Block::Chart(c) => crate::report::chart::draw(out, c),
    }
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for h in &t.head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", inlines(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", inlines(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// Renders inline content as HTML, every string escaped.
pub(crate) fn inlines(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&text(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", text(t));
            }
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", text(t));
            }
            Inline::Ref { id, text: t } => {
                let _ = write!(out, "<a href=\"#{}\">{}</a>", esc(id), text(t));
            }
            Inline::Status(status, t) => {
                // A mark beside the colour, so that a status does not rest on colour alone.
                let (class, mark) = match status {
                    Status::Met => ("met", "\u{2713}"),
                    Status::Breached => ("breached", "\u{2715}"),
                    Status::NoData => ("nodata", "\u{2013}"),
                    Status::Pending => ("pending", "\u{2026}"),
                };
                let _ = write!(out, "<span class=\"v v-{class}\">{mark} {}</span>", text(t));
            }
            Inline::Tag(t) => {
                let _ = write!(out, "<span class=\"tag\">{}</span>", text(t));
            }
        }
    }
    out
}

pub use slate_words::escape_html as esc;

/// Escapes text for HTML content, and shows each character a reader cannot
/// see as `<U+202E>` in a style of its own.
pub fn text(s: &str) -> String {
    let found = unicode::hidden_chars(s);
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (i, c) in found {
        out.push_str(&esc(s.get(last..i).unwrap_or("")));
        let _ = write!(
            out,
            "<span class=\"hidden-char\" style=\"{HIDDEN_STYLE}\">&lt;U+{:04X}&gt;</span>",
            u32::from(c)
        );
        last = i + c.len_utf8();
    }
    out.push_str(&esc(s.get(last..).unwrap_or("")));
    out
}

/// Keeps only characters that cannot end a CSS string.
fn css_safe(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::escape_markdown;

    /// Defence in depth: a name the checker refuses (E0110) still cannot
    /// reach a page raw, in any position.
    #[test]
    fn no_string_reaches_a_page_with_a_hidden_character() {
        let name = "Jane \u{202E}eoR\u{202C}";
        assert_eq!(esc(name), "Jane &lt;U+202E&gt;eoR&lt;U+202C&gt;");
        assert!(text(name).contains("<span class=\"hidden-char\""));
        assert!(!text(name).contains('\u{202E}'));
        assert_eq!(escape_markdown(name), "Jane \\<U+202E\\>eoR\\<U+202C\\>");
        assert_eq!(esc("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }
}
