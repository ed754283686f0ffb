//! A small YAML writer for the rule files Slate emits: block mappings and
//! sequences in the order built, strings plain where YAML reads them back as
//! the same string and double-quoted (JSON escapes, which YAML shares)
//! everywhere else. Output is deterministic.

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
        v.to_owned()
    } else {
        // YAML 1.1 readers (Prometheus uses one) take these as line breaks.
        serde_json::to_string(v)
            .unwrap_or_default()
            .replace('\u{85}', "\\x85")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }
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
}
