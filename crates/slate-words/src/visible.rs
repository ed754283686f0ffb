//! Characters a reader cannot see, shown visibly in reports.
//!
//! Ids, attribute values, titles and every other string in a report come
//! from event files and rule sets that may be hostile. A control character
//! (NUL, ESC and the rest of Unicode's `Cc`) would reach a terminal raw; an
//! invisible or direction-changing character (Unicode's Bidi_Control and
//! Default_Ignorable_Code_Point, and the line and paragraph separators)
//! would make one text look like another, as `P1` followed by a zero-width
//! space looks like `P1`. The text, Markdown and HTML reports write each as
//! `\u{…}`, its code point in hexadecimal. The one exception is a zero-width
//! joiner or non-joiner between two characters of one script whose spelling
//! needs it (Arabic, Persian, the Indic scripts: `unicode::JOINING_SCRIPTS`),
//! the same exception the checker makes.

use std::borrow::Cow;

use crate::unicode;

/// Whether `c` is a character a reader cannot see, or one that changes the
/// direction of the text around it: a control character, Unicode's
/// Default_Ignorable_Code_Point and Bidi_Control (`crate::unicode`,
/// the one table every output uses), and the line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || unicode::is_hidden(c)
}

/// `s` with every hidden character written `\u{…}`.
pub fn visible(s: &str) -> Cow<'_, str> {
    unicode::show_hidden_by(s, is_hidden, mark)
}

/// `s` with every hidden character but the line break written `\u{…}`: for
/// a whole report, whose lines are its own.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    unicode::show_hidden_by(s, |c| c != '\n' && is_hidden(c), mark)
}

fn mark(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(visible("A\u{0}B\u{1b}[31m"), "A\\u{0}B\\u{1b}[31m");
        assert_eq!(
            visible("Jane \u{202e}eoR\u{202c}"),
            "Jane \\u{202e}eoR\\u{202c}"
        );
        assert_eq!(visible("P1\u{200b}"), "P1\\u{200b}");
        assert_eq!(visible("a\nb"), "a\\u{a}b");
        assert_eq!(visible_lines("a\nb\r"), "a\nb\\u{d}");
        assert_eq!(visible("x\u{2028}y\u{85}"), "x\\u{2028}y\\u{85}");
        // A zero-width non-joiner inside a Persian word stays; between
        // ASCII letters it is shown (the joining scripts are `unicode`'s).
        assert_eq!(visible("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(visible("P\u{200c}1"), "P\\u{200c}1");
        assert!(matches!(visible("Acme Ltd"), Cow::Borrowed(_)));
    }
}
