//! Escaping for the two document formats: text that reaches an HTML page
//! or a Markdown file as text, never as markup. A character a reader cannot
//! see ([`crate::unicode`]) becomes the visible `<U+202E>` in both, so no
//! string reaches a document raw.

use crate::unicode;

/// Escapes text for HTML content and attribute values. A character a
/// reader cannot see becomes the visible `&lt;U+202E&gt;`.
pub fn escape_html(s: &str) -> String {
    let s = unicode::show_hidden(s, unicode::visible);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown, so that it reads as text wherever it is put:
/// every punctuation character that could start markup is escaped, and so
/// is what would open a block at the start of a line. A character a reader
/// cannot see becomes the visible `\<U+202E\>`.
pub fn escape_markdown(s: &str) -> String {
    let s = unicode::show_hidden(s, unicode::visible);
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
    block_start_escaped(out)
}

/// `s` with what would open a block at the start of a line escaped: a list
/// marker (`-`, `+`, `1.`, `1)`), a setext underline or thematic break
/// (`=`, `-`). The words may start a line, or follow a list marker of the
/// document's own ("6. - Payment" would be a list inside the contents).
fn block_start_escaped(s: String) -> String {
    let ends_marker = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    let marker = s.starts_with(['-', '+']) && ends_marker(s.get(1..).unwrap_or(""));
    let rule = !s.is_empty() && s.chars().all(|c| matches!(c, '-' | '=' | ' '));
    if marker || rule {
        return format!("\\{s}");
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if let (Some(number), Some(rest)) = (s.get(..digits), s.get(digits..))
        && digits > 0
        && digits <= 9
        && rest.starts_with(['.', ')'])
        && ends_marker(rest.get(1..).unwrap_or(""))
    {
        return format!("{number}\\{rest}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown_in_both_formats() {
        let name = "Jane \u{202E}eoR\u{202C}";
        assert_eq!(escape_html(name), "Jane &lt;U+202E&gt;eoR&lt;U+202C&gt;");
        assert_eq!(escape_markdown(name), "Jane \\<U+202E\\>eoR\\<U+202C\\>");
        assert_eq!(escape_html("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn markup_is_text() {
        assert_eq!(
            escape_html("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
        assert_eq!(escape_markdown("*a* [b](c)"), "\\*a\\* \\[b\\](c)");
        assert_eq!(escape_markdown("- item"), "\\- item");
        assert_eq!(escape_markdown("1. item"), "1\\. item");
        assert_eq!(escape_markdown("==="), "\\===");
    }
}
