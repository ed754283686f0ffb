//! Prose blocks are Markdown. Raw HTML is never passed through and links may
//! only be http(s) or mailto: the renderers show anything else as text, and
//! the checker says so, so authors are not surprised.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use slate_syntax::ast::{self, Item};
use slate_syntax::{Code, Diagnostic};

use crate::env::{Cx, Env, Sink};

/// Whether a link target may be a link in the contract.
pub fn allowed_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// The Markdown extensions prose is read with, by the checker and every renderer.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What is left open at the end of prose, or would join what comes next.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Edges {
    /// The fence (` ``` ` or `~~~`, as long as written) of a code block
    /// opened at the top level and never closed.
    pub open_fence: Option<String>,
    /// Whether the prose starts with a bulleted or numbered list.
    pub starts_with_list: bool,
    /// Whether the prose ends with a bulleted or numbered list.
    pub ends_with_list: bool,
}

/// Finds what in `markdown` could reach past its end or its start.
pub fn edges(markdown: &str) -> Edges {
    let mut edges = Edges::default();
    let mut depth = 0usize;
    let mut last_top: Option<bool> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let list = matches!(tag, Tag::List(_));
                    if last_top.is_none() {
                        edges.starts_with_list = list;
                    }
                    last_top = Some(list);
                    edges.open_fence = None;
                    if let Tag::CodeBlock(CodeBlockKind::Fenced(_)) = tag {
                        edges.open_fence = unclosed_fence(markdown.get(range).unwrap_or(""));
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {
                if depth == 0 {
                    last_top = Some(false);
                    edges.open_fence = None;
                }
            }
        }
    }
    edges.ends_with_list = last_top == Some(true);
    edges
}

/// The opening fence of a fenced code block's source when no closing fence
/// ends it.
fn unclosed_fence(block: &str) -> Option<String> {
    let first = block.lines().next()?.trim_start_matches(' ');
    let c = first.chars().next()?;
    let fence: String = first.chars().take_while(|x| *x == c).collect();
    let closed = block.lines().count() > 1
        && block.lines().last().is_some_and(|last| {
            let t = last.trim_start_matches(' ');
            last.len() - t.len() < 4
                && t.trim_end().chars().all(|x| x == c)
                && t.trim_end().len() >= fence.len()
        });
    (!closed).then_some(fence)
}

/// Checks every prose block of the agreement.
pub(crate) fn prose(env: &Env<'_>, sink: &mut Sink) {
    Cx::new(env, sink, false).prose_all();
}

impl Cx<'_, '_> {
    fn prose_all(&mut self) {
        let a = self.env.agreement;
        for item in &a.items {
            match item {
                Item::Clause(c) => self.prose(&c.body),
                Item::Service(s) => {
                    for st in &s.stmts {
                        if let ast::ServiceStmt::Description(t) | ast::ServiceStmt::Scope(t) = st {
                            self.prose(&t.value);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn prose(&mut self, text: &ast::Text) {
        let mut html: Vec<String> = Vec::new();
        // (target, is an image)
        let mut links: Vec<(String, bool)> = Vec::new();
        for event in Parser::new_ext(&text.value, options()) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    let h = h.trim();
                    if !h.is_empty() && !html.iter().any(|x| x == h) {
                        html.push(h.to_owned());
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) if !allowed_link(&dest_url) => {
                    links.push((dest_url.to_string(), false))
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    links.push((dest_url.to_string(), true))
                }
                _ => {}
            }
        }
        self.structure(text);
        if let Some(first) = html.first() {
            let shown: String = first.chars().take(40).collect();
            self.push(
                Diagnostic::new(Code::RawHtml, text.span, format!("raw HTML `{shown}` in prose is shown as text"))
                    .label("contains raw HTML")
                    .help("prose is Markdown: write emphasis as `*word*` and lists with `-`; HTML is never passed through to the contract"),
            );
        }
        for (url, image) in links {
            let d = if image {
                Diagnostic::new(
                    Code::UnsafeLink,
                    text.span,
                    format!("image `{url}` is not embedded; its description is shown instead"),
                )
                .label("contains an image")
                .help("a contract embeds no images: describe what matters in words")
            } else {
                Diagnostic::new(
                    Code::UnsafeLink,
                    text.span,
                    format!("link to `{url}` is shown as text"),
                )
                .label("not an http(s) or mailto link")
                .help("contracts may link only to `https://…`, `http://…` or `mailto:…` addresses")
            };
            self.push(d);
        }
    }
}

impl Cx<'_, '_> {
    /// Warns about Markdown that the documents cannot render as written,
    /// because it would reach past its own prose block.
    fn structure(&mut self, text: &ast::Text) {
        let parser = Parser::new_ext(&text.value, options());
        let mut labels: Vec<String> = parser
            .reference_definitions()
            .iter()
            .map(|(label, _)| label.to_owned())
            .collect();
        labels.sort();
        if let Some(first) = labels.first() {
            let shown: String = first.chars().take(40).collect();
            self.push(
                Diagnostic::new(
                    Code::LinkDefinition,
                    text.span,
                    format!("link reference definition `[{shown}]` applies only to this prose block"),
                )
                .label("defines a link label")
                .help("write the link inline, `[text](https://…)`: the contract documents write links inline and leave definitions out, so a label used in another clause stays text"),
            );
        }
        if let Some(fence) = edges(&text.value).open_fence {
            let kind = if fence.starts_with('`') {
                "backticks"
            } else {
                "tildes"
            };
            let n = fence.chars().count();
            self.push(
                Diagnostic::new(
                    Code::UnclosedFence,
                    text.span,
                    format!("code block opened with {n} {kind} is never closed"),
                )
                .label("the code block runs to the end of this prose")
                .help(format!("end the code block with a line of {n} {kind}; the contract documents close it at the end of this prose block, so the text after it shows as code")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_allowed_are_web_and_mail_only() {
        assert!(allowed_link("https://example.com"));
        assert!(allowed_link("HTTP://example.com"));
        assert!(allowed_link("mailto:a@example.com"));
        assert!(!allowed_link("javascript:alert(1)"));
        assert!(!allowed_link(" JavaScript:alert(1)"));
        assert!(!allowed_link("data:text/html,x"));
        assert!(!allowed_link("/relative"));
    }
}
