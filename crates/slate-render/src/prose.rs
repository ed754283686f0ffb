//! Prose blocks (Markdown written by the agreement's authors), rendered so
//! that nothing in them can act: raw HTML becomes text, links other than
//! http(s) and mailto become their text, images become their alt text, and
//! headings sit below the document's own.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use slate_check::prose::{allowed_link, edges, options};

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
        // Raw HTML is shown as text, and so goes through the same handling
        // of hidden characters as any text.
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            other => other,
        };
        let event = match event {
            Event::Text(t) if !slate_check::unicode::hidden_chars(&t).is_empty() => {
                Event::Html(crate::html::text(&t).into())
            }
            Event::Code(t) if !slate_check::unicode::hidden_chars(&t).is_empty() => {
                Event::Html(format!("<code>{}</code>", crate::html::text(&t)).into())
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if !allowed_link(dest_url)
                    || !slate_check::unicode::hidden_chars(dest_url).is_empty() =>
            {
                skipping_link += 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !slate_check::unicode::hidden_chars(&title).is_empty() => {
                let title =
                    slate_check::unicode::show_hidden(&title, slate_check::unicode::visible)
                        .into_owned();
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title: title.into(),
                    id,
                })
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

/// Prose as safe, self-contained Markdown: the author's text, with raw HTML
/// escaped, unsafe links and images replaced by their text, headings
/// demoted, link reference definitions removed (a link that used one is
/// written inline), and a code fence left open closed. Nothing in it can
/// reach into the rest of the document: a definition here cannot define a
/// link elsewhere, and a fence cannot swallow what follows. (A list at its
/// edges could still join a list next to it: the Markdown backend sets such
/// lists apart.)
pub fn to_markdown(markdown: &str) -> String {
    let edits = edits(markdown);
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
    seal(without_definitions(out))
}

/// Removes every link reference definition. A parser records only the first
/// definition of a label, so each round removes those it records, until none
/// is left; every round makes the text shorter, so this ends.
fn without_definitions(mut text: String) -> String {
    loop {
        let mut spans: Vec<Range<usize>> = Parser::new_ext(&text, options())
            .reference_definitions()
            .iter()
            .map(|(_, def)| def.span.clone())
            .filter(|span| !span.is_empty())
            .collect();
        if spans.is_empty() {
            return text;
        }
        spans.sort_by_key(|span| std::cmp::Reverse(span.start));
        let before = text.len();
        for span in spans {
            if text.get(span.clone()).is_some() {
                text.replace_range(span, "");
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

/// Reference-style links: written with a label that a definition resolves.
fn by_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
    )
}

/// A link destination and title written inline: `(<dest> "title")`.
fn inline_target(dest: &str, title: &str) -> String {
    let mut out = String::from("(<");
    for c in dest.chars() {
        match c {
            '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out.push('>');
    if !title.is_empty() {
        out.push_str(" \"");
        for c in title.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push(')');
    out
}

/// The replacements that make prose safe: (byte range in `markdown`,
/// replacement), sorted by start; an edit inside one already made is skipped.
fn edits(markdown: &str) -> Vec<(Range<usize>, String)> {
    let parser = Parser::new_ext(markdown, options());
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // An unsafe link or an image being replaced by its text.
    let mut open: Option<(Range<usize>, String)> = None;
    // A reference link being rewritten inline: its range, target, and where
    // its text ends so far.
    let mut reference: Option<(Range<usize>, String, usize)> = None;
    for (event, range) in parser.into_offset_iter() {
        if let Some((outer, text)) = open.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::End(TagEnd::Link | TagEnd::Image) if range == *outer => {
                    let (outer, text) = (outer.clone(), escape_markdown(text));
                    if let Some((_, _, text_end)) = reference.as_mut() {
                        *text_end = (*text_end).max(outer.end);
                    }
                    edits.push((outer, text));
                    open = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some((outer, target, text_end)) = reference.as_mut() {
            if matches!(event, Event::End(TagEnd::Link)) && range == *outer {
                // The link text ends at the first `]` after its last part.
                let close = markdown
                    .get(*text_end..outer.end)
                    .and_then(|rest| rest.find(']'))
                    .map_or(outer.end, |i| *text_end + i);
                edits.push((close..outer.end, format!("]{target}")));
                reference = None;
                continue;
            }
            *text_end = (*text_end).max(range.end);
        }
        match event {
            Event::InlineHtml(h) => {
                edits.push((
                    range,
                    h.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;"),
                ));
            }
            Event::Html(h) => edits.push((range, html_block_as_text(&h))),
            // As text, the block would run on into the line after it (which
            // could then underline it as a heading): end it with a blank line.
            Event::End(TagEnd::HtmlBlock) => {
                let next = markdown.get(range.end..).unwrap_or("");
                if next.lines().next().is_some_and(|l| !l.trim().is_empty()) {
                    edits.push((range.end..range.end, "\n".to_owned()));
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if !allowed_link(dest_url) => {
                open = Some((range, String::new()))
            }
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ref title,
                ..
            }) if by_reference(link_type) => {
                let text_start = range.start + 1;
                reference = Some((range, inline_target(dest_url, title), text_start));
            }
            Event::Start(Tag::Image { .. }) => open = Some((range, String::new())),
            Event::Start(Tag::Heading { level, .. }) => {
                edits.extend(heading(markdown, range, level))
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    edits
}

/// The edits that demote a heading below the document's own. Only the
/// heading's marks change, so edits inside its text (escaped HTML, unsafe
/// links made text) still apply.
fn heading(
    markdown: &str,
    range: Range<usize>,
    level: HeadingLevel,
) -> Vec<(Range<usize>, String)> {
    let start = range.start;
    let hashes = "#".repeat(demote(level) as usize);
    let source = markdown.get(range.clone()).unwrap_or("");
    let marks = source.chars().take_while(|c| *c == '#').count();
    if marks > 0 {
        return vec![(start..start + marks, hashes)];
    }
    // A setext heading (text underlined with `===` or `---`): an ATX heading
    // on one line instead, its lines joined (without the `>` of a block
    // quote it sits in) and the underline dropped.
    let mut edits = vec![(start..start, format!("{hashes} "))];
    let Some(underline) = source.trim_end_matches('\n').rfind('\n') else {
        return edits;
    };
    for (at, _) in source.get(..underline).unwrap_or("").match_indices('\n') {
        let prefix = source
            .get(at + 1..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == '>' || (c.is_whitespace() && *c != '\n'))
            .map(char::len_utf8)
            .sum::<usize>();
        edits.push((start + at..start + at + 1 + prefix, " ".to_owned()));
    }
    edits.push((start + underline..range.end, "\n".to_owned()));
    edits
}

/// Closes a fence left open at the top level, with a fence of its own kind
/// and length, so that it cannot swallow what follows.
fn seal(mut out: String) -> String {
    if let Some(fence) = edges(&out).open_fence {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&fence);
        out.push('\n');
    }
    out
}

/// A line of an HTML block as text that reads the same and is never read
/// as structure: as HTML, its lines held links, underlines, fences and
/// markers that were not Markdown; as text, every ASCII punctuation mark is
/// escaped, so none of them can become a link, heading, fence or list.
fn html_block_as_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    for c in html.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub use slate_words::escape_markdown;

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
        // Every line of a setext heading is kept.
        assert_eq!(to_markdown("Two\nlines\n==="), "##### Two lines\n");
        assert_eq!(to_markdown("> a\n> b\n> ==="), "> ##### a b\n");
        let out = to_markdown("Intro\n\n```\ncode never closed");
        assert!(out.ends_with("closed\n```\n"), "{out}");
    }

    #[test]
    fn reference_definitions_are_removed_and_their_links_written_inline() {
        let out = to_markdown(
            "See [the terms][t], [t][] and [t].\n\n[t]: https://example.com/a<b> \"Terms \\\"x\\\"\"\n[evil]: javascript:alert(1)\n",
        );
        assert!(!out.contains("]:"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        // A second definition of a label, which a parser does not record,
        // and definitions inside containers go too.
        for hidden in [
            "[a]: https://x\n[a]: javascript:y\n",
            "[A]: https://x\n\n[a]: javascript:y\n",
            "> [a]: javascript:y\n> \"t\"\n",
            "- [a]:\n  javascript:y\n",
        ] {
            let out = to_markdown(hidden);
            assert!(!out.contains("javascript"), "{hidden:?}: {out:?}");
        }
        let link = "(<https://example.com/a\\<b\\>> \"Terms \\\"x\\\"\")";
        assert_eq!(out.matches(link).count(), 3, "{out}");
        assert!(out.starts_with("See [the terms]("), "{out}");
        // Read alone, the result has the same links.
        let html = to_html(&out);
        assert_eq!(
            html.matches("href=\"https://example.com/a%3Cb%3E\"")
                .count(),
            3,
            "{html}"
        );
    }

    #[test]
    fn a_reference_link_keeps_what_is_inside_it_safe() {
        let out = to_markdown(
            "[a <b>x</b> ![i](https://e.example/i.png)][r]\n\n[r]: https://example.com\n",
        );
        assert_eq!(
            out.trim_end(),
            "[a &lt;b&gt;x&lt;/b&gt; i](<https://example.com>)"
        );
    }

    #[test]
    fn fences_left_open_are_closed_with_their_own_kind() {
        let out = to_markdown("Intro\n\n~~~~\ncode never closed\n```\nstill code");
        assert!(out.ends_with("still code\n~~~~\n"), "{out}");
        let closed = "```\ncode\n```\n";
        assert_eq!(to_markdown(closed), closed);
        // A fence inside a list ends with the list: nothing to close.
        let listed = "- item\n\n  ~~~\n  code";
        assert!(!to_markdown(listed).contains("~~~\n~~~"));
    }

    #[test]
    fn an_html_block_becomes_text_that_is_never_structure() {
        // As HTML, neither the underline nor the link was Markdown; as
        // text, they must not become a heading or a link.
        let out = to_markdown("first\n<!--\n===\n[t](javascript:alert(1))\n-->\n===\n<div>\n---\n");
        let html = to_html(&out);
        assert!(!html.contains("<h"), "{html}");
        assert!(!html.contains("<a"), "{html}");
        assert!(html.contains("[t](javascript:alert(1))"), "{html}");
        assert!(html.contains("&lt;!--"), "{html}");
    }

    #[test]
    fn what_a_setext_heading_holds_stays_safe() {
        let out = to_markdown("<b>x</b> <javascript:alert(1)> [t](javascript:alert(2))\n===");
        assert_eq!(
            out, "##### &lt;b&gt;x&lt;/b&gt; javascript:alert(1) t\n",
            "{out}"
        );
    }

    #[test]
    fn headings_are_demoted_in_html() {
        assert_eq!(to_html("# Scope"), "<h5>Scope</h5>\n");
    }

    #[test]
    fn words_never_open_a_block() {
        for (words, escaped) in [
            ("- Payment", "\\- Payment"),
            ("+ x", "\\+ x"),
            ("1) Fees", "1\\) Fees"),
            ("12. Fees", "12\\. Fees"),
            ("---", "\\---"),
            ("===", "\\==="),
            ("2026 fees", "2026 fees"),
            ("Fees - and more", "Fees - and more"),
            ("99.9% availability", "99.9% availability"),
            ("-5% credit", "-5% credit"),
            ("1.", "1\\."),
        ] {
            assert_eq!(escape_markdown(words), escaped);
        }
    }
}
