//! A small YAML writer for the rule files Slate emits: block mappings and
//! sequences in the order built, strings plain where YAML reads them back as
//! the same string and double-quoted everywhere else, and comments that
//! stay on their line. Output is deterministic.
//!
//! The text it writes never holds a character a YAML parser could read as
//! a line break (YAML 1.1 readers, such as the one in Prometheus, take
//! U+0085, U+2028 and U+2029 as line breaks) or one it refuses (C0 and C1
//! controls, DEL, a byte order mark, non-characters): in a double-quoted
//! scalar they are escapes, in a comment visible `\u{…}` text. So no
//! string, whoever wrote it, can end a comment, a scalar or a document.

use std::fmt::Write as _;

/// A YAML node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Y {
    /// A string.
    Str(String),
    /// A number or boolean, written as is.
    Raw(String),
    /// A mapping, in order.
    Map(Vec<(&'static str, Y)>),
    /// A sequence.
    Seq(Vec<Y>),
}

/// A string node.
pub(crate) fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

/// A number or boolean node.
pub(crate) fn raw(v: impl ToString) -> Y {
    Y::Raw(v.to_string())
}

/// A mapping node.
pub(crate) fn map(entries: Vec<(&'static str, Y)>) -> Y {
    Y::Map(entries)
}

/// Writes one YAML document (without the `---` marker).
pub(crate) fn write(node: &Y) -> String {
    let mut out = String::new();
    match node {
        Y::Map(entries) if !entries.is_empty() => map_body(&mut out, entries, 0),
        Y::Seq(items) if !items.is_empty() => seq_body(&mut out, items, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn inline(node: &Y) -> String {
    match node {
        Y::Str(v) => scalar(v),
        Y::Raw(v) => v.clone(),
        Y::Map(_) => "{}".to_owned(),
        Y::Seq(_) => "[]".to_owned(),
    }
}

fn block(node: &Y) -> bool {
    matches!(node, Y::Map(e) if !e.is_empty()) || matches!(node, Y::Seq(i) if !i.is_empty())
}

fn map_body(out: &mut String, entries: &[(&'static str, Y)], indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        // The first key of a mapping inside a sequence item follows its `- `.
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(key);
        out.push(':');
        match value {
            Y::Map(e) if !e.is_empty() => {
                out.push('\n');
                map_body(out, e, indent + 2);
            }
            Y::Seq(items) if !items.is_empty() => {
                out.push('\n');
                seq_body(out, items, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

fn seq_body(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Y::Map(e) if !e.is_empty() => map_body(out, e, indent + 2),
            Y::Seq(i) if !i.is_empty() => {
                out.push('\n');
                seq_body(out, i, indent + 2);
            }
            other if !block(other) => {
                out.push_str(&inline(other));
                out.push('\n');
            }
            _ => {}
        }
    }
}

/// A string as a YAML scalar: plain when that reads back as the same
/// string, double-quoted otherwise.
fn scalar(v: &str) -> String {
    let plain = v
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
        && !v.ends_with(':')
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
        );
    if plain {
        return v.to_owned();
    }
    double_quoted(v)
}

/// A double-quoted string in the escapes YAML (1.1 and 1.2), PromQL and
/// JSON share: `\"`, `\\`, `\n`, `\t`, `\r`, and `\u` with four hex digits (`\u2028`) for every other
/// [`unsafe_char`].
pub(crate) fn double_quoted(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A character a YAML reader may take as a line break, refuses, or drops:
/// C0 and C1 controls, DEL, U+0085 (NEL), U+2028 and U+2029 (line and
/// paragraph separators), the byte order mark, and the non-characters
/// U+FFFE and U+FFFF.
pub(crate) fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// `text` as one comment line (`# …\n`): a character that could end the
/// comment or that YAML refuses (a line break of any kind among them) is
/// written as visible `\u{…}` text instead.
pub(crate) fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 3);
    out.push_str("# ");
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_block_yaml() {
        let doc = map(vec![(
            "groups",
            Y::Seq(vec![map(vec![
                ("name", s("slate:a")),
                (
                    "rules",
                    Y::Seq(vec![map(vec![
                        ("record", s("slate:x:ratio")),
                        ("expr", s("vector(1)")),
                        ("labels", map(vec![("k", s("true"))])),
                    ])]),
                ),
                ("empty", Y::Seq(vec![])),
                ("n", raw(0.5)),
            ])]),
        )]);
        assert_eq!(
            write(&doc),
            "groups:\n  - name: slate:a\n    rules:\n      - record: slate:x:ratio\n        expr: \"vector(1)\"\n        labels:\n          k: \"true\"\n    empty: []\n    n: 0.5\n"
        );
    }

    #[test]
    fn quotes_what_plain_yaml_would_misread() {
        for v in [
            "",
            "a: b",
            "no",
            "1d",
            "-x",
            "x:",
            "#c",
            "a b",
            "é",
            "{{ $value }}",
        ] {
            assert!(scalar(v).starts_with('"'), "{v}");
        }
        assert_eq!(scalar("\"q\"\n"), "\"\\\"q\\\"\\n\"");
        assert_eq!(
            scalar("slate:sli_error:ratio_rate5m"),
            "slate:sli_error:ratio_rate5m"
        );
    }

    #[test]
    fn escapes_every_character_a_reader_could_break_a_line_at() {
        assert_eq!(
            scalar("a\u{2028}b\u{2029}c\u{85}d\u{feff}e\u{7f}f\u{9b}g\u{0}h\ri\tj"),
            "\"a\\u2028b\\u2029c\\u0085d\\ufeffe\\u007ff\\u009bg\\u0000h\\ri\\tj\""
        );
        assert_eq!(scalar("--- # x"), "\"--- # x\"");
        assert_eq!(
            comment("t\u{2028}---\u{85}x\ny\u{2029}\\"),
            "# t\\u{2028}---\\u{0085}x\\u{000a}y\\u{2029}\\\n"
        );
    }
}
