//! Prose blocks are Markdown. Raw HTML is never passed through and links may
//! only be http(s) or mailto: the renderers show anything else as text, and
//! the checker says so, so authors are not surprised.

use pulldown_cmark::{Event, Parser, Tag};
use slate_syntax::ast::{self, Item};
use slate_syntax::{Code, Diagnostic};

use crate::Checker;

/// Whether a link target may be a link in the contract.
pub fn allowed_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

impl Checker<'_> {
    /// Checks every prose block of the agreement.
    pub(crate) fn prose_all(&mut self) {
        let a = self.agreement;
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
        for event in Parser::new(&text.value) {
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
