//! Prose blocks (Markdown written by the agreement's authors), rendered so
//! that nothing in them can act: raw HTML becomes text, links other than
//! http(s) and mailto become their text, images become their alt text, and
//! headings sit below the document's own.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use slate_check::prose::allowed_link;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Prose headings sit below the document's three levels of sections.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Prose as safe HTML.
pub fn to_html(markdown: &str) -> String {
    let mut skipping_link = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Text(t) if !slate_check::unicode::hidden_chars(&t).is_empty() => {
                Event::Html(crate::html::text(&t).into())
            }
            Event::Code(t) if !slate_check::unicode::hidden_chars(&t).is_empty() => {
                Event::Html(format!("<code>{}</code>", crate::html::text(&t)).into())
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if !allowed_link(dest_url) => {
                skipping_link += 1;
                continue;
            }
            Event::End(TagEnd::Link) if skipping_link > 0 => {
                skipping_link -= 1;
                continue;
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            other => other,
        };
        events.push(event);
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Prose as safe Markdown: the author's text, with raw HTML escaped, unsafe
/// links and images replaced by their text, and headings demoted.
pub fn to_markdown(markdown: &str) -> String {
    // (byte range in `markdown`, replacement), outermost first, never overlapping.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some((outer, text)) = open.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::End(TagEnd::Link | TagEnd::Image) if range == *outer => {
                    let (outer, text) = (outer.clone(), escape_markdown(text));
                    edits.push((outer, text));
                    open = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                edits.push((
                    range,
                    h.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;"),
                ));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if !allowed_link(dest_url) => {
                open = Some((range, String::new()))
            }
            Event::Start(Tag::Image { .. }) => open = Some((range, String::new())),
            Event::Start(Tag::Heading { level, .. }) => {
                let source = markdown.get(range.clone()).unwrap_or("");
                let hashes = source.chars().take_while(|c| *c == '#').count();
                if hashes > 0 {
                    let start = range.start;
                    edits.push((start..start + hashes, "#".repeat(demote(level) as usize)));
                } else {
                    // A setext heading (text underlined with `===` or `---`):
                    // rewrite it as a demoted ATX heading on one line.
                    let text = source.lines().next().unwrap_or("").trim();
                    edits.push((
                        range.clone(),
                        format!("{} {}\n", "#".repeat(demote(level) as usize), text),
                    ));
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(markdown.get(at..range.start).unwrap_or(""));
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(markdown.get(at..).unwrap_or(""));
    // A code fence left open would swallow the rest of the document.
    let fences = out
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        })
        .count();
    if fences % 2 == 1 {
        out.push_str("\n```\n");
    }
    out
}

/// Escapes text so Markdown shows it as written, and a character a reader
/// cannot see as `\<U+202E\>`.
pub fn escape_markdown(s: &str) -> String {
    let s = slate_check::unicode::show_hidden(s, slate_check::unicode::visible);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '!' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_prose_never_passes_html_or_unsafe_links() {
        let out = to_html(
            "Hi <script>alert(1)</script> and [x](javascript:alert(1)) and [ok](https://example.com).\n\n<div onclick=\"x\">block</div>\n\n![logo](https://evil.example/x.png)",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("<div"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.com\">ok</a>"),
            "{out}"
        );
        assert!(out.contains(">x and <") || out.contains(" x and "), "{out}");
    }

    #[test]
    fn markdown_prose_is_neutralised_in_place() {
        let out = to_markdown(
            "# Title\n\nSee [x](javascript:alert(1)), <b>bold</b> and [ok](mailto:a@example.com).\n",
        );
        assert_eq!(
            out,
            "##### Title\n\nSee x, &lt;b&gt;bold&lt;/b&gt; and [ok](mailto:a@example.com).\n"
        );
    }

    #[test]
    fn markdown_prose_cannot_forge_headings_or_swallow_the_document() {
        // `---` underlines a level-2 heading: demoted to level 6.
        assert_eq!(
            to_markdown("6 Term\n---\n\nText."),
            "###### 6 Term\n\nText."
        );
        let out = to_markdown("Intro\n\n```\ncode never closed");
        assert!(out.ends_with("\n```\n"), "{out}");
    }

    #[test]
    fn headings_are_demoted_in_html() {
        assert_eq!(to_html("# Scope"), "<h5>Scope</h5>\n");
    }
}
