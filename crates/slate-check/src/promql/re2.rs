//! The regular expressions of `=~` and `!~` matchers, checked as Prometheus
//! compiles them: Go's RE2 syntax, anchored as `^(?:…)$`.
//!
//! The pattern is parsed with `regex-syntax` (its syntax tree only), and
//! then whatever that syntax accepts and Go's refuses, or reads otherwise,
//! is refused too (tested against `promtool`):
//!
//! - a repetition of a repetition (`a**`, `a{2}{3}`): Go refuses it;
//! - a count over 1000 (`a{1001}`): Go refuses it;
//! - `\u0041`, `\u{41}`, `\U…`: Go has no such escape (write `\x{41}`);
//! - `(?<name>…)`: older Go refuses it (write `(?P<name>…)`);
//! - the flags `x`, `u` and `R`: Go knows only `i`, `m`, `s` and `U`;
//! - classes inside classes and the class operators `&&`, `--`, `~~`
//!   (`[a-z&&[^aeiou]]`): Go reads them as literal characters, or refuses;
//! - `\<`, `\>` and `\b{start}`-style boundaries: Go reads a literal `<`, or
//!   `\b` followed by the text `{start}`;
//! - `\p{…}` other than a general category (`\pL`, `\p{Lu}`) or `Any`:
//!   Go knows only categories and scripts, spelt exactly, where
//!   `regex-syntax` knows more properties and loose spellings. Scripts
//!   (`\p{Greek}`) are refused too, which is stricter than Prometheus.
//!
//! What Go accepts and `regex-syntax` refuses (`a{,5}`, octal `\101`,
//! `\Q…\E`) is refused as well: it has a plain spelling in both.

use regex_syntax::ast::{
    self, Ast, ClassSetItem, ClassUnicodeKind, Flag, FlagsItemKind, GroupKind, HexLiteralKind,
    Literal, LiteralKind, RepetitionKind, RepetitionRange,
};

/// Go's largest repetition count.
const MAX_REPEAT: u32 = 1000;

/// The general categories Go's `unicode.Categories` knows.
const CATEGORIES: [&str; 38] = [
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N",
    "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So",
    "Z", "Zl", "Zp", "Zs", "Any", "LC",
];

/// Checks a label value used as a regular expression; on error, says why
/// Prometheus would refuse it (or read it otherwise).
pub(super) fn check(pattern: &str) -> Result<(), String> {
    // Unanchored too: `)(` anchors to the valid `^(?:)()$`, but is not a
    // regular expression, and Prometheus versions anchor differently.
    for text in [pattern.to_owned(), format!("^(?:{pattern})$")] {
        let tree = ast::parse::Parser::new().parse(&text).map_err(|e| {
            format!(
                "a regular expression Prometheus accepts, which this is not: {}",
                e.kind()
            )
        })?;
        ast::visit(&tree, Go)?;
    }
    Ok(())
}

/// Refuses what Go's RE2 refuses or reads otherwise.
struct Go;

impl ast::Visitor for Go {
    type Output = ();
    type Err = String;

    fn finish(self) -> Result<(), String> {
        Ok(())
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), String> {
        match node {
            Ast::Literal(l) => literal(l),
            Ast::Assertion(a) => match a.kind {
                ast::AssertionKind::StartLine
                | ast::AssertionKind::EndLine
                | ast::AssertionKind::StartText
                | ast::AssertionKind::EndText
                | ast::AssertionKind::WordBoundary
                | ast::AssertionKind::NotWordBoundary => Ok(()),
                _ => Err("a word boundary Prometheus knows: only `\\b` and `\\B` (Prometheus reads `\\<`, `\\>` and `\\b{…}` otherwise)".to_owned()),
            },
            Ast::ClassUnicode(c) => unicode(&c.kind),
            Ast::Flags(f) => flags(&f.flags),
            Ast::Group(g) => match &g.kind {
                GroupKind::CaptureName {
                    starts_with_p: false,
                    ..
                } => Err("a named group written `(?P<name>…)`, which Prometheus knows (not `(?<name>…)`)".to_owned()),
                GroupKind::NonCapturing(f) => flags(f),
                _ => Ok(()),
            },
            Ast::Repetition(r) => {
                if matches!(*r.ast, Ast::Repetition(_)) {
                    return Err("a single repetition: Prometheus refuses a repetition of a repetition such as `a**` or `a{2}{3}` (group the inner one: `(?:a{2}){3}`)".to_owned());
                }
                match r.op.kind {
                    RepetitionKind::Range(
                        RepetitionRange::Exactly(n)
                        | RepetitionRange::AtLeast(n)
                        | RepetitionRange::Bounded(_, n),
                    ) if n > MAX_REPEAT => Err(format!(
                        "a repetition count of at most {MAX_REPEAT}, which is Prometheus's largest"
                    )),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), String> {
        match item {
            ClassSetItem::Literal(l) => literal(l),
            ClassSetItem::Range(r) => literal(&r.start).and_then(|()| literal(&r.end)),
            ClassSetItem::Unicode(c) => unicode(&c.kind),
            ClassSetItem::Bracketed(_) => Err("a character class without a class inside it: Prometheus reads `[[a]]` as `[[a]` then `]`".to_owned()),
            _ => Ok(()),
        }
    }

    fn visit_class_set_binary_op_pre(&mut self, _op: &ast::ClassSetBinaryOp) -> Result<(), String> {
        Err(
            "a character class without `&&`, `--` or `~~`: Prometheus reads them as characters"
                .to_owned(),
        )
    }
}

/// Refuses the escapes Go does not know.
fn literal(l: &Literal) -> Result<(), String> {
    match l.kind {
        LiteralKind::HexFixed(HexLiteralKind::UnicodeShort | HexLiteralKind::UnicodeLong)
        | LiteralKind::HexBrace(HexLiteralKind::UnicodeShort | HexLiteralKind::UnicodeLong) => Err(
            "a character escape Prometheus knows: write `\\x{41}`, not `\\u0041` or `\\u{41}`"
                .to_owned(),
        ),
        _ => Ok(()),
    }
}

/// Refuses the Unicode classes Go may not know.
fn unicode(kind: &ClassUnicodeKind) -> Result<(), String> {
    let known = match kind {
        ClassUnicodeKind::OneLetter(c) => {
            CATEGORIES.iter().any(|k| k.len() == 1 && k.starts_with(*c))
        }
        ClassUnicodeKind::Named(name) => CATEGORIES.contains(&name.as_str()),
        ClassUnicodeKind::NamedValue { .. } => false,
    };
    if known {
        Ok(())
    } else {
        Err("a Unicode class that is a general category such as `\\pL` or `\\p{Lu}`".to_owned())
    }
}

/// Refuses the flags Go does not know.
fn flags(f: &ast::Flags) -> Result<(), String> {
    let unknown = f.items.iter().any(|item| {
        matches!(
            item.kind,
            FlagsItemKind::Flag(Flag::IgnoreWhitespace | Flag::Unicode | Flag::CRLF)
        )
    });
    if unknown {
        Err("only the flags `i`, `m`, `s` and `U`, which Prometheus knows".to_owned())
    } else {
        Ok(())
    }
}
