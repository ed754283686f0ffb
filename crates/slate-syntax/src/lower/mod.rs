//! Lowering: pest pairs to the typed AST, one `lower_*` function per rule.
//!
//! Lowering never panics. A pair of a shape the grammar cannot produce is an
//! internal-error diagnostic (`slate::E0001`), and the statement is dropped.
//! Each `bad_line` (the grammar's recovery catch-all) becomes one diagnostic
//! that says exactly what is wrong with that line.

mod blocks;
mod lateness;
mod leaves;
mod per_unit;
mod recovery;
mod unit_down;

use pest::Parser;
use pest::iterators::Pair;

use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::parser::{Rule, SlateParser, describe, is_keyword};
use crate::span::Span;

pub use recovery::Block;

/// The largest whole number Slate accepts; larger numbers are surely mistakes.
pub const MAX_INTEGER: u64 = 1_000_000_000;

/// The result of parsing: the tree that could be built, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The syntax tree; statements that could not be read are left out (and reported).
    pub file: File,
    /// Syntax diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// The largest source Slate reads, in bytes. Real agreements are kilobytes;
/// generated ones with thousands of objectives a few megabytes. A larger
/// text is refused at once rather than parsed for seconds.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Parses a whole `.sla` source text.
pub fn parse(src: &str) -> Parsed {
    if src.len() > MAX_SOURCE_BYTES {
        let d = Diagnostic::new(
            Code::FileTooLarge,
            Span::new(0, 0),
            format!(
                "the file is {} MiB; Slate reads agreements of up to {} MiB",
                src.len() / (1024 * 1024),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
        )
        .label("too large to read")
        .help("split the agreement into smaller ones, or check that this is the file you meant");
        return Parsed {
            file: File {
                recovered: true,
                ..File::default()
            },
            diagnostics: vec![d],
        };
    }
    let mut lower = Lower {
        src,
        lost: Vec::new(),
        open_head: None,
        seen_agreement: false,
        open_title: String::new(),
        diags: Vec::new(),
    };
    let file = match SlateParser::parse(Rule::file, src) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => lower.file(file),
            None => File::default(),
        },
        // The file rule accepts any text; it fails only where pest's own
        // limits stop it (braces nested tens of thousands deep).
        Err(err) => {
            lower.diags.push(lower.pest_error(
                &err,
                0,
                Code::MalformedStatement,
                "the file cannot be read as Slate",
            ));
            File {
                recovered: true,
                ..File::default()
            }
        }
    };
    let mut diagnostics = lower.diags;
    diagnostics.extend(control_characters(src));
    crate::diagnostic::sort(&mut diagnostics);
    Parsed { file, diagnostics }
}

struct Lower<'s> {
    src: &'s str,
    /// The first words of the lines dropped from the block being lowered.
    lost: Vec<String>,
    /// The header of the block being lowered, for "not closed" diagnostics.
    open_head: Option<Span>,
    seen_agreement: bool,
    /// How the block being lowered is named in messages: "objective `uptime`".
    open_title: String,
    diags: Vec<Diagnostic>,
}

/// The children of a pair, read in order; keywords are skipped unless asked for.
struct Inner<'i> {
    pairs: Vec<Pair<'i, Rule>>,
    pos: usize,
}

impl<'i> Inner<'i> {
    fn of(pair: &Pair<'i, Rule>) -> Self {
        Self {
            pairs: pair.clone().into_inner().collect(),
            pos: 0,
        }
    }

    /// The next child of `rule`, skipping keywords of other kinds.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        let mut i = self.pos;
        while let Some(p) = self.pairs.get(i) {
            if p.as_rule() == rule {
                self.pos = i + 1;
                return Some(p.clone());
            }
            if !is_keyword(p.as_rule()) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// The next child of any of `rules`.
    fn take_any(&mut self, rules: &[Rule]) -> Option<Pair<'i, Rule>> {
        rules.iter().find_map(|r| self.take(*r))
    }

    fn first_span(&self) -> Option<Span> {
        self.pairs.first().map(|p| p.as_span().into())
    }
}

pub(crate) fn span(p: &Pair<'_, Rule>) -> Span {
    p.as_span().into()
}

/// How a block is named in messages: "objective `uptime`", "the termination block".
fn block_title(p: &Pair<'_, Rule>) -> String {
    let mut words = p.as_str().split_whitespace().peekable();
    words.next_if_eq(&"override");
    match (words.next(), words.next()) {
        (Some("termination"), _) => "the termination block".to_owned(),
        (Some(kind @ ("credits" | "bonus")), Some("for")) => {
            format!(
                "the {kind} block for `{}`",
                words.next().unwrap_or("").trim_end_matches('{')
            )
        }
        (Some(kind), Some(name)) => format!("{kind} `{}`", name.trim_end_matches('{')),
        _ => "this block".to_owned(),
    }
}

/// Whether a definition starts with `override`.
fn overrides(p: &Pair<'_, Rule>) -> bool {
    p.clone()
        .into_inner()
        .next()
        .is_some_and(|c| c.as_rule() == Rule::k_override)
}

/// The first line of a block, up to and including its `{`.
fn head_span(p: &Pair<'_, Rule>) -> Span {
    let text = p.as_str();
    let line = line_text(text);
    let end = line.find('{').map_or(line.len(), |i| i + 1);
    Span::new(p.as_span().start(), p.as_span().start() + end)
}

impl<'s> Lower<'s> {
    fn internal(&mut self, span: Span, what: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::Internal,
                span,
                format!("internal error: unexpected syntax tree in {what}"),
            )
            .label("this could not be read")
            .help("this is a bug in Slate; please report it with this file"),
        );
    }

    /// Runs `f` on a statement; a `None` means the tree had an unexpected shape.
    fn stmt<T>(
        &mut self,
        pair: &Pair<'s, Rule>,
        f: impl FnOnce(&mut Self, &mut Inner<'s>) -> Option<T>,
    ) -> Option<Stmt<T>> {
        let mut inner = Inner::of(pair);
        let whole = span(pair);
        let keyword = inner.first_span().unwrap_or(whole);
        match f(self, &mut inner) {
            Some(value) => Some(Stmt {
                value,
                keyword,
                span: whole,
            }),
            None => {
                self.internal(whole, &describe(pair.as_rule()));
                None
            }
        }
    }

    // ---------------------------------------------------------------- blocks

    fn file(&mut self, pair: Pair<'s, Rule>) -> File {
        let mut file = File::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::agreement => {
                    self.seen_agreement = true;
                    if let Some(a) = self.agreement(p) {
                        file.agreements.push(a);
                    }
                }
                Rule::import_stmt => {
                    if let Some(i) = self.import(&p) {
                        file.imports.push(i);
                    }
                }
                Rule::party_block => file.definitions.extend(self.party(p).map(Item::Party)),
                Rule::calendar_block => {
                    file.definitions
                        .extend(self.calendar(p).map(Item::Calendar));
                }
                Rule::service_block => {
                    file.definitions.extend(self.service(p).map(Item::Service));
                }
                Rule::objective_block => {
                    file.definitions
                        .extend(self.objective(p).map(Item::Objective));
                }
                Rule::clause_block => file.definitions.extend(self.clause(p).map(Item::Clause)),
                Rule::top_bad_line => {
                    self.bad_line(&p, Block::File);
                    file.recovered = true;
                }
                Rule::EOI => {}
                _ => self.internal(span(&p), "the file"),
            }
        }
        file
    }

    fn import(&mut self, pair: &Pair<'s, Rule>) -> Option<Import> {
        let mut inner = Inner::of(pair);
        let path = self.string(inner.take(Rule::string)?);
        let alias = inner.take(Rule::ident).map(|a| self.name(a));
        let names = match inner.take(Rule::import_names) {
            Some(list) => Some(self.ident_list(Inner::of(&list).take(Rule::ident_list)?)),
            None => None,
        };
        Some(Import {
            path,
            alias,
            names,
            span: span(pair),
        })
    }

    fn agreement(&mut self, pair: Pair<'s, Rule>) -> Option<Agreement> {
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let title_pair = inner.take(Rule::string)?;
        let extends = match inner.take(Rule::extends) {
            Some(e) => Some(self.string(Inner::of(&e).take(Rule::string)?)),
            None => None,
        };
        let head = Span::new(
            whole.start,
            extends
                .as_ref()
                .map_or(span(&title_pair).end, |e| e.span.end),
        );
        let title = self.string(title_pair);
        let mut items = Vec::new();
        let mut recovered = false;
        let mut lost_definition = false;
        let mut last_block: Option<Span> = None;
        for p in pair.into_inner() {
            if matches!(
                p.as_rule(),
                Rule::party_block
                    | Rule::calendar_block
                    | Rule::service_block
                    | Rule::objective_block
                    | Rule::credits_block
                    | Rule::bonus_block
                    | Rule::termination_block
            ) {
                last_block = Some(head_span(&p));
            }
            let item = match p.as_rule() {
                Rule::k_agreement | Rule::string | Rule::extends => continue,
                Rule::id_stmt => self.text_stmt(&p).map(Item::Id),
                Rule::version_stmt => self.text_stmt(&p).map(Item::Version),
                Rule::timezone_stmt => self.text_stmt(&p).map(Item::Timezone),
                Rule::effective_stmt => self.effective_stmt(&p).map(Item::Effective),
                Rule::currency_stmt => self
                    .stmt(&p, |l, i| Some(l.name(i.take(Rule::currency_code)?)))
                    .map(Item::Currency),
                Rule::owner_stmt => self.name_stmt(&p, Rule::ident).map(Item::Owner),
                Rule::amendments_stmt => self
                    .stmt(&p, |l, i| match i.take(Rule::ident) {
                        Some(party) => Some(AmendedBy::Party(l.name(party))),
                        None => i.take(Rule::k_both_parties).map(|_| AmendedBy::BothParties),
                    })
                    .map(Item::Amendments),
                Rule::review_stmt => self.review_stmt(&p).map(Item::Review),
                Rule::field_stmt => self.field_stmt(&p).map(Item::Field),
                Rule::event_stmt => self
                    .stmt(&p, |l, i| {
                        let event = l.event(i.take(Rule::event)?)?;
                        let label = l.label(i.take(Rule::label)?)?;
                        Some(EventLabel { event, label })
                    })
                    .map(Item::Event),
                Rule::report_stmt => self.report_stmt(&p).map(Item::Report),
                Rule::party_block => self.party(p).map(Item::Party),
                Rule::calendar_block => self.calendar(p).map(Item::Calendar),
                Rule::service_block => self.service(p).map(Item::Service),
                Rule::objective_block => self.objective(p).map(Item::Objective),
                Rule::credits_block => self.schedule(p, Block::Credits).map(Item::Credits),
                Rule::bonus_block => self.schedule(p, Block::Bonus).map(Item::Bonus),
                Rule::termination_block => self.termination(p).map(Item::Termination),
                Rule::clause_block => self.clause(p).map(Item::Clause),
                Rule::bad_item => {
                    self.bad_line(&p, Block::Agreement);
                    recovered = true;
                    lost_definition |= may_define(p.as_str());
                    None
                }
                Rule::block_end => {
                    if p.as_str().is_empty() {
                        self.unclosed_agreement(head, last_block);
                    }
                    None
                }
                _ => {
                    self.internal(span(&p), "an agreement");
                    None
                }
            };
            items.extend(item);
        }
        Some(Agreement {
            extends,
            recovered,
            lost_definition,
            title,
            items,
            head,
            span: whole,
        })
    }

    /// The agreement's `}` is missing; it may be the agreement's or its
    /// last block's.
    fn unclosed_agreement(&mut self, head: Span, last_block: Option<Span>) {
        let mut d = Diagnostic::new(Code::UnclosedBlock, head, "the agreement is not closed")
            .label("this block has no closing `}`")
            .help("every `{` needs its `}`: check the end of the last block and of the agreement");
        if let Some(last) = last_block {
            d = d.related(last, "or is it this block that is missing its `}`?");
        }
        self.diags.push(d);
    }

    fn effective_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Effective>> {
        self.stmt(p, |l, i| {
            let from = l.date(i.take(Rule::date)?)?;
            let to = match i.take(Rule::date) {
                Some(d) => Some(l.date(d)?),
                None => None,
            };
            Some(Effective { from, to })
        })
    }

    fn review_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<PeriodCount>> {
        self.stmt(p, |l, i| {
            if let Some(pc) = i.take(Rule::period_count) {
                return l.period_count(pc);
            }
            let unit = l.period(i.take(Rule::period_unit)?)?;
            Some(PeriodCount {
                count: Int {
                    value: 1,
                    span: unit.span,
                },
                unit,
                span: unit.span,
            })
        })
    }

    /// `field NAME [as "…"] "V" [as "…"], …`
    fn field_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Field>> {
        self.stmt(p, |l, i| {
            let name = l.name(i.take(Rule::ident)?);
            let label = match i.take(Rule::label) {
                Some(p) => Some(l.label(p)?),
                None => None,
            };
            let mut values = Vec::new();
            let mut value_labels = Vec::new();
            for v in i.take(Rule::field_values)?.into_inner() {
                if v.as_rule() != Rule::field_value {
                    continue;
                }
                let mut parts = v.into_inner();
                let value = l.string(parts.next()?);
                if let Some(p) = parts.find(|p| p.as_rule() == Rule::label) {
                    value_labels.push(ValueLabel {
                        value: value.clone(),
                        label: l.label(p)?,
                    });
                }
                values.push(value);
            }
            Some(Field {
                name,
                label,
                values,
                value_labels,
            })
        })
    }

    /// `report ["title"] CADENCE [from PARTY] to PARTY, …`
    fn report_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Report>> {
        self.stmt(p, |l, i| {
            let title = i.take(Rule::string).map(|s| l.string(s));
            let cadence = l.period(i.take(Rule::cadence)?)?;
            let from = match i.take(Rule::k_from) {
                Some(_) => Some(l.name(i.take(Rule::ident)?)),
                None => None,
            };
            let to = l.ident_list(i.take(Rule::ident_list)?);
            Some(Report {
                title,
                cadence,
                from,
                to,
            })
        })
    }

    fn text_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Text>> {
        self.stmt(p, |l, i| {
            Some(l.string(i.take_any(&[Rule::string, Rule::prose])?))
        })
    }

    /// A description or scope: prose, so hidden characters are shown, not refused.
    fn prose_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Text>> {
        self.stmt(p, |l, i| {
            Some(l.prose_string(i.take_any(&[Rule::string, Rule::prose])?))
        })
    }

    fn name_stmt(&mut self, p: &Pair<'s, Rule>, rule: Rule) -> Option<Stmt<Name>> {
        self.stmt(p, |l, i| Some(l.name(i.take(rule)?)))
    }

    /// The name and optional title of a block header; the rest of the children are its statements.
    fn head(&mut self, pair: &Pair<'s, Rule>) -> Option<(Name, Option<Text>)> {
        let mut inner = Inner::of(pair);
        let name = inner.take(Rule::ident)?;
        // An override names an inherited definition, which may be qualified.
        let name = if overrides(pair) {
            self.name(name)
        } else {
            self.defined_name(name)
        };
        let title = inner.take(Rule::string).map(|s| self.string(s));
        Some((name, title))
    }

    /// The name a definition gives, which cannot be qualified: `corp.x`
    /// is how another file refers to an imported `x`.
    fn defined_name(&mut self, p: Pair<'s, Rule>) -> Name {
        let name = self.name(p);
        if let Some((alias, rest)) = name.text.split_once('.') {
            self.diags.push(
                Diagnostic::new(
                    Code::DottedName,
                    name.span,
                    format!("the name `{}` contains `.`", name.text),
                )
                .label("a defined name cannot contain `.`")
                .help(format!(
                    "a dot joins an import's alias to a name it imports, as in `{alias}.{rest}`; name this definition `{alias}_{rest}`"
                )),
            );
        }
        name
    }

    /// The statements of a block: children after the header that are not keywords or header parts.
    fn body(pair: &Pair<'s, Rule>) -> impl Iterator<Item = Pair<'s, Rule>> {
        pair.clone().into_inner().filter(|p| {
            !is_keyword(p.as_rule())
                && !matches!(
                    p.as_rule(),
                    Rule::ident | Rule::string | Rule::period | Rule::because
                )
        })
    }

    /// Reports a block whose `}` is missing; `p` is its `block_end`.
    fn check_closed(&mut self, p: &Pair<'s, Rule>, head: Span, what: &str) {
        if !p.as_str().is_empty() {
            return;
        }
        let at = span(p);
        let mut d = Diagnostic::new(Code::UnclosedBlock, head, format!("{what} is not closed"))
            .label("this block has no closing `}`")
            .help("add `}` on its own line where the block ends");
        if at.start < self.src.len() {
            d = d.related(Span::new(at.start, at.start), "the next block starts here");
        }
        self.diags.push(d);
    }

    /// A child of a block that is not one of its statements: a bad line, or a bug.
    fn other<T>(&mut self, p: &Pair<'s, Rule>, block: Block) -> Option<T> {
        if p.as_rule() == Rule::bad_line {
            self.bad_line(p, block);
        } else if p.as_rule() == Rule::block_end {
            let head = self.open_head.unwrap_or_else(|| span(p));
            let title = self.open_title.clone();
            self.check_closed(p, head, &title);
        } else if p.as_rule() == Rule::open_brace {
            if !p.as_str().contains('{') {
                let head = self.open_head.unwrap_or_else(|| span(p));
                let title = self.open_title.clone();
                self.diags.push(
                    Diagnostic::new(
                        Code::MalformedStatement,
                        head,
                        format!("{title} has no `{{`"),
                    )
                    .label("the block's `{` is missing")
                    .help("add `{` at the end of this line"),
                );
            }
        } else {
            self.internal(span(p), block.noun());
        }
        None
    }
}

/// Removes the common indentation of a prose block, and its first and last
/// lines when they are blank, so prose can be indented with the source.
pub(crate) fn dedent(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut lines: Vec<&str> = body.split('\n').collect();
    // Blank lines around the text are layout, not text.
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    // Indentation is ASCII spaces and tabs only: other white space, such as a
    // no-break space, is text, and no line loses anything but indentation.
    let ascii_indent = |l: &str| l.bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| ascii_indent(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let cut = ascii_indent(l).min(indent);
            l.get(cut..).unwrap_or(l).trim_end()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Control characters other than tab and line breaks: text that no one can
/// see or sign (often a sign of a corrupted or binary file). The first ones
/// are reported where they are, the rest counted, so a binary file gives a
/// short report.
fn control_characters(src: &str) -> Vec<Diagnostic> {
    const SHOWN: usize = 20;
    let found: Vec<(usize, char)> = src
        .char_indices()
        .filter(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let mut out: Vec<Diagnostic> = found
        .iter()
        .take(SHOWN)
        .map(|(i, c)| {
            Diagnostic::new(
                Code::ControlCharacter,
                Span::new(*i, i + c.len_utf8()),
                format!("control character U+{:04X} in the source", u32::from(*c)),
            )
            .label("not text")
            .help("remove it: a Slate file is plain text, with tabs and line breaks as its only control characters")
        })
        .collect();
    if let Some((i, c)) = found.get(SHOWN) {
        out.push(
            Diagnostic::new(
                Code::ControlCharacter,
                Span::new(*i, i + c.len_utf8()),
                format!(
                    "{} more control characters in the source",
                    found.len() - SHOWN
                ),
            )
            .label("the next one")
            .help(
                "this does not look like a text file: check that it was saved as plain UTF-8 text",
            ),
        );
    }
    out
}

/// Whether an unreadable agreement-level line may have been a definition.
fn may_define(text: &str) -> bool {
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    text.contains('{')
        || ["party", "calendar", "service", "objective", "clause"]
            .iter()
            .any(|kw| crate::diagnostic::edit_distance(&word, kw) <= 2)
}

/// The first line of a text, trimmed.
pub(crate) fn line_text(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indentation_and_blank_edges() {
        assert_eq!(
            dedent("\n    First line.\n      Indented.\n    Last.\n  "),
            "First line.\n  Indented.\nLast."
        );
        assert_eq!(dedent("One line."), "One line.");
        // A line indented with a no-break space keeps its text (the common
        // indentation is the 3 ASCII spaces before it).
        assert_eq!(
            dedent("\n    Payment terms:\n   \u{a0}Invoices are due in 30 days.\n  "),
            " Payment terms:\n\u{a0}Invoices are due in 30 days."
        );
        assert_eq!(dedent("  a\n\u{3000}b"), "  a\n\u{3000}b");
    }
}
