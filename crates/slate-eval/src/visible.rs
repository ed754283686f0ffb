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
//! joiner or non-joiner between two letters outside ASCII, which scripts
//! such as Arabic, Persian and the Indic ones need to spell words.

use std::borrow::Cow;

/// Whether `c` is a character a reader cannot see, or one that changes the
/// direction of the text around it.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `s` with every hidden character written `\u{…}`.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// `s` with every hidden character but the line break written `\u{…}`: for
/// a whole report, whose lines are its own.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let shown = |prev: Option<char>, c: char, next: Option<char>| {
        !is_hidden(c)
            || (keep_newlines && c == '\n')
            || (matches!(c, '\u{200C}' | '\u{200D}')
                && [prev, next]
                    .iter()
                    .all(|x| x.is_some_and(|x| x.is_alphabetic() && !x.is_ascii())))
    };
    let chars: Vec<char> = s.chars().collect();
    let at = |i: Option<usize>| i.and_then(|i| chars.get(i).copied());
    let all_shown = chars
        .iter()
        .enumerate()
        .all(|(i, &c)| shown(at(i.checked_sub(1)), c, at(Some(i + 1))));
    if all_shown {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if shown(at(i.checked_sub(1)), c, at(Some(i + 1))) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    Cow::Owned(out)
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
        // ASCII letters it is shown.
        assert_eq!(visible("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(visible("P\u{200c}1"), "P\\u{200c}1");
        assert!(matches!(visible("Acme Ltd"), Cow::Borrowed(_)));
    }
}
