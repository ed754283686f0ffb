//! Characters a reader cannot see: the one definition every crate uses.
//!
//! A *hidden* character is one of Unicode's `Default_Ignorable_Code_Point`
//! (DerivedCoreProperties.txt) or `Bidi_Control` (PropList.txt) code points,
//! Unicode [`UNICODE_VERSION`]. They draw nothing, or reorder what is drawn
//! around them, so a value holding one reads like another value: `"P1"`
//! followed by a zero-width space looks like `"P1"` in the document and
//! matches no real `P1` record. The checker rejects them in names, titles and
//! values (E0110); the document backends show them in prose as `<U+202E>`.
//!
//! The one exception: a zero-width non-joiner (U+200C) or joiner (U+200D)
//! between two characters of one script whose spelling needs it (see
//! [`JOINING_SCRIPTS`]), as in the Persian `می‌خواهم`.

use std::borrow::Cow;

/// The Unicode version the tables below were taken from.
pub const UNICODE_VERSION: &str = "18.0.0";

/// `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt, Unicode
/// 18.0.0; the set has not changed since 14.0.0, and equals the table
/// `unicode-security` 0.1.3 generates from 18.0.0), as inclusive ranges, with `Bidi_Control` (PropList.txt), which it
/// contains (U+061C, U+200E..U+200F, U+202A..U+202E, U+2066..U+2069).
const HIDDEN: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // SOFT HYPHEN
    (0x034F, 0x034F),   // COMBINING GRAPHEME JOINER
    (0x061C, 0x061C),   // ARABIC LETTER MARK (Bidi_Control)
    (0x115F, 0x1160),   // HANGUL CHOSEONG FILLER..HANGUL JUNGSEONG FILLER
    (0x17B4, 0x17B5),   // KHMER VOWEL INHERENT AQ..AA
    (0x180B, 0x180F),   // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    (0x200B, 0x200F),   // ZERO WIDTH SPACE..RIGHT-TO-LEFT MARK (200E..200F Bidi_Control)
    (0x202A, 0x202E),   // LEFT-TO-RIGHT EMBEDDING..RIGHT-TO-LEFT OVERRIDE (Bidi_Control)
    (0x2060, 0x206F),   // WORD JOINER..NOMINAL DIGIT SHAPES (2066..2069 Bidi_Control)
    (0x3164, 0x3164),   // HANGUL FILLER
    (0xFE00, 0xFE0F),   // VARIATION SELECTOR-1..16
    (0xFEFF, 0xFEFF),   // ZERO WIDTH NO-BREAK SPACE
    (0xFFA0, 0xFFA0),   // HALFWIDTH HANGUL FILLER
    (0xFFF0, 0xFFF8),   // <reserved>
    (0x1BCA0, 0x1BCA3), // SHORTHAND FORMAT LETTER OVERLAP..UP STEP
    (0x1D173, 0x1D17A), // MUSICAL SYMBOL BEGIN BEAM..END PHRASE
    (0xE0000, 0xE0FFF), // LANGUAGE TAG, TAG characters, VARIATION SELECTOR-17..256, <reserved>
];

/// The scripts in which a zero-width joiner or non-joiner between two of
/// their characters is part of correct spelling, with the Unicode blocks
/// (inclusive ranges) that hold them.
pub const JOINING_SCRIPTS: &[(&str, &[(u32, u32)])] = &[
    (
        "Arabic (Arabic, Persian, Urdu, …)",
        &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x0870, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFC),
        ],
    ),
    ("Syriac", &[(0x0700, 0x074F), (0x0860, 0x086F)]),
    ("N'Ko", &[(0x07C0, 0x07FF)]),
    ("Mongolian", &[(0x1800, 0x180A), (0x1810, 0x18AF)]),
    ("Devanagari", &[(0x0900, 0x097F), (0xA8E0, 0xA8FF)]),
    ("Bengali", &[(0x0980, 0x09FF)]),
    ("Gurmukhi", &[(0x0A00, 0x0A7F)]),
    ("Gujarati", &[(0x0A80, 0x0AFF)]),
    ("Oriya", &[(0x0B00, 0x0B7F)]),
    ("Tamil", &[(0x0B80, 0x0BFF)]),
    ("Telugu", &[(0x0C00, 0x0C7F)]),
    ("Kannada", &[(0x0C80, 0x0CFF)]),
    ("Malayalam", &[(0x0D00, 0x0D7F)]),
    ("Sinhala", &[(0x0D80, 0x0DFF)]),
    (
        "Myanmar",
        &[(0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)],
    ),
    (
        "Khmer",
        &[(0x1780, 0x17B3), (0x17B6, 0x17FF), (0x19E0, 0x19FF)],
    ),
];

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

/// Whether a character is `Default_Ignorable_Code_Point` or `Bidi_Control`.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    let c = u32::from(c);
    HIDDEN
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether a character changes the direction of the text around it
/// (`Bidi_Control`).
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(u32::from(c), 0x061C | 0x200E..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// The joining script a character belongs to, if any.
fn joining_script(c: char) -> Option<usize> {
    let c = u32::from(c);
    JOINING_SCRIPTS
        .iter()
        .position(|(_, ranges)| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
}

/// The viramas of the joining scripts (Devanagari to Sinhala, Myanmar,
/// Khmer): the sign after which a joiner chooses a conjunct's form, as in
/// `क्‍ष`.
const VIRAMAS: &[char] = &[
    '\u{094D}', '\u{09CD}', '\u{0A4D}', '\u{0ACD}', '\u{0B4D}', '\u{0BCD}', '\u{0C4D}', '\u{0CCD}',
    '\u{0D4D}', '\u{0DCA}', '\u{1039}', '\u{103A}', '\u{17D2}',
];

/// Whether a joiner between `before` and `after` is spelling: both are
/// letters (not digits or punctuation, between which a joiner changes
/// nothing a reader sees; before it, a virama also counts) of one script of
/// [`JOINING_SCRIPTS`].
fn joiner_allowed(before: Option<char>, after: Option<char>) -> bool {
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    let letter_or_virama = |c: Option<char>| c.filter(|c| c.is_alphabetic() || VIRAMAS.contains(c));
    match (
        letter_or_virama(before).and_then(joining_script),
        letter(after).and_then(joining_script),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Whether a reader cannot tell `c` from a plain space, or from nothing:
/// Unicode's White_Space characters other than U+0020 (the no-break,
/// ideographic and other wide spaces, tab, the line and paragraph
/// separators) and the blank Braille pattern U+2800.
fn is_unusual_space(c: char) -> bool {
    (c.is_whitespace() && c != ' ') || c == '\u{2800}'
}

/// The white space of a name, title or value that a reader cannot see as
/// written, with byte offsets: every space other than U+0020 (with `false`),
/// and any white space at the start or end (with `true`), which a document
/// does not show.
#[must_use]
pub fn unusual_spaces(text: &str) -> Vec<(usize, char, bool)> {
    let blank = |c: char| c.is_whitespace() || c == '\u{2800}';
    let lead = text.len() - text.trim_start_matches(blank).len();
    let trail = text.trim_end_matches(blank).len();
    text.char_indices()
        .filter_map(|(i, c)| {
            let edge = i < lead || i >= trail;
            (edge || is_unusual_space(c)).then_some((i, c, edge))
        })
        .collect()
}

/// The hidden characters of a text that are not allowed there, with their
/// byte offsets: every hidden character except a joiner that is spelling.
#[must_use]
pub fn hidden_chars(text: &str) -> Vec<(usize, char)> {
    hidden_chars_by(text, is_hidden)
}

/// As [`hidden_chars`], with `hidden` saying which characters count: an
/// output whose reader also obeys control characters (a terminal) adds
/// them. A joiner that is spelling is never counted.
#[must_use]
pub fn hidden_chars_by(text: &str, hidden: impl Fn(char) -> bool) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let mut before = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if hidden(c) {
            let after = chars.peek().map(|&(_, n)| n);
            if !((c == ZWJ || c == ZWNJ) && joiner_allowed(before, after)) {
                out.push((i, c));
            }
        }
        before = Some(c);
    }
    out
}

/// A short description of a hidden character for a diagnostic: its code
/// point and, for the common ones, its name.
#[must_use]
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{00AD}' => " (soft hyphen)",
        '\u{061C}' => " (Arabic letter mark)",
        '\u{200B}' => " (zero width space)",
        '\u{200C}' => " (zero width non-joiner)",
        '\u{200D}' => " (zero width joiner)",
        '\u{200E}' => " (left-to-right mark)",
        '\u{200F}' => " (right-to-left mark)",
        '\u{202A}' => " (left-to-right embedding)",
        '\u{202B}' => " (right-to-left embedding)",
        '\u{202C}' => " (pop directional formatting)",
        '\u{202D}' => " (left-to-right override)",
        '\u{202E}' => " (right-to-left override)",
        '\u{2060}' => " (word joiner)",
        '\u{2066}' => " (left-to-right isolate)",
        '\u{2067}' => " (right-to-left isolate)",
        '\u{2068}' => " (first strong isolate)",
        '\u{2069}' => " (pop directional isolate)",
        '\u{FEFF}' => " (zero width no-break space)",
        ' ' => " (space)",
        '\t' => " (tab)",
        '\u{00A0}' => " (no-break space)",
        '\u{2028}' => " (line separator)",
        '\u{2029}' => " (paragraph separator)",
        '\u{3000}' => " (ideographic space)",
        '\u{2800}' => " (Braille pattern blank)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// A text with each hidden character that is not spelling replaced by
/// `mark(c)`, such as `<U+202E>`: how every output shows text to people.
/// Borrows the text when it holds none.
pub fn show_hidden(text: &str, mark: impl Fn(char) -> String) -> Cow<'_, str> {
    show_hidden_by(text, is_hidden, mark)
}

/// As [`show_hidden`], with `hidden` saying which characters count (see
/// [`hidden_chars_by`]).
pub fn show_hidden_by(
    text: &str,
    hidden: impl Fn(char) -> bool,
    mark: impl Fn(char) -> String,
) -> Cow<'_, str> {
    let found = hidden_chars_by(text, hidden);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + found.len() * 8);
    let mut last = 0;
    for (i, c) in found {
        out.push_str(text.get(last..i).unwrap_or(""));
        out.push_str(&mark(c));
        last = i + c.len_utf8();
    }
    out.push_str(text.get(last..).unwrap_or(""));
    Cow::Owned(out)
}

/// The visible form of a hidden character in plain text and Markdown:
/// `<U+202E>`.
#[must_use]
pub fn visible(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_disjoint() {
        for w in HIDDEN.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
        }
    }

    #[test]
    fn bidi_controls_are_hidden() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            assert!(is_hidden(c) && is_bidi_control(c), "{c:?}");
        }
        assert!(!is_hidden('a') && !is_hidden(' ') && !is_hidden('\u{00A0}'));
    }

    #[test]
    fn joiners_are_spelling_only_inside_a_word_of_a_joining_script() {
        // Persian "mikhaham" with a ZWNJ, Devanagari "ksha" with a ZWJ after the virama.
        assert!(hidden_chars("می\u{200C}خواهم").is_empty());
        assert!(hidden_chars("क्\u{200D}ष").is_empty());
        assert!(hidden_chars("ශ්\u{200D}රී").is_empty());
        // Latin, at a word's edge, or between two scripts: not spelling.
        assert_eq!(hidden_chars("P\u{200D}1"), vec![(1, '\u{200D}')]);
        assert_eq!(hidden_chars("می\u{200C}"), vec![(4, '\u{200C}')]);
        assert_eq!(hidden_chars("क\u{200D}م").len(), 1);
        assert_eq!(hidden_chars("P1\u{200B}"), vec![(2, '\u{200B}')]);
    }

    #[test]
    fn shows_hidden_characters() {
        assert_eq!(
            show_hidden("Jane \u{202E}eoR\u{202C}", visible),
            "Jane <U+202E>eoR<U+202C>"
        );
        assert!(matches!(show_hidden("plain", visible), Cow::Borrowed(_)));
    }

    #[test]
    fn joiners_between_digits_or_punctuation_are_not_spelling() {
        for text in [
            "\u{661}\u{200C}\u{661}",
            "\u{6F1}\u{200C}\u{6F1}",
            "\u{61F}\u{200D}\u{60C}",
        ] {
            assert_eq!(hidden_chars(text).len(), 1, "{text:?}");
        }
        assert!(hidden_chars("\u{645}\u{6CC}\u{200C}\u{62E}").is_empty());
    }

    #[test]
    fn spaces_a_reader_cannot_tell_apart_are_found() {
        assert!(unusual_spaces("Acme Ltd").is_empty());
        assert_eq!(unusual_spaces("P1 "), [(2, ' ', true)]);
        assert_eq!(unusual_spaces(" P1"), [(0, ' ', true)]);
        assert_eq!(unusual_spaces("P\u{A0}1"), [(1, '\u{A0}', false)]);
        assert_eq!(unusual_spaces("P1\u{2800}"), [(2, '\u{2800}', true)]);
        assert_eq!(unusual_spaces("a\u{3000}b\u{2028}c").len(), 2);
        assert!(unusual_spaces("").is_empty());
    }
}
