//! Recovery: explaining the lines the grammar could not read, and blocks
//! left unclosed.

use pest::Parser;
use pest::iterators::Pair;

use super::{Lower, line_text};
use crate::ast::Weekday;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::parser::{Rule, SlateParser, describe};
use crate::span::Span;

/// The block a statement appears in, for explaining bad lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// The top of the file.
    File,
    /// Directly inside `agreement`.
    Agreement,
    /// Inside `party`.
    Party,
    /// Inside `calendar`.
    Calendar,
    /// Inside `service`.
    Service,
    /// Inside `objective`.
    Objective,
    /// Inside `credits`.
    Credits,
    /// Inside `bonus`.
    Bonus,
    /// Inside `termination`.
    Termination,
    /// Inside `source prometheus`.
    Source,
}

/// The statements of an agreement block, each with an example.
const AGREEMENT_STATEMENTS: &[(&str, &str)] = &[
    ("id", "id \"LD-2026-014\""),
    ("version", "version \"2.1\""),
    ("effective", "effective 2026-01-01 to 2027-12-31"),
    ("timezone", "timezone \"Europe/London\""),
    ("currency", "currency GBP"),
    ("owner", "owner provider"),
    ("review", "review every 3 months"),
    ("amendments", "amendments by both parties"),
    ("report", "report monthly to customer"),
    ("field", "field priority \"P1\", \"P2\", \"P3\""),
    ("event", "event created as \"logging of the ticket\""),
    ("party", "party provider \"Acme Ltd\" { … }"),
    ("calendar", "calendar office_hours \"Office hours\" { … }"),
    ("service", "service support \"Technical support\" { … }"),
    (
        "objective",
        "objective first_response \"First response\" { … }",
    ),
    ("credits", "credits for uptime { … }"),
    ("bonus", "bonus for uptime { … }"),
    ("termination", "termination { … }"),
    ("clause", "clause liability \"Liability\" \"\"\"…\"\"\""),
];

impl Block {
    pub(super) fn noun(self) -> &'static str {
        match self {
            Block::File => "the file",
            Block::Agreement => "an agreement",
            Block::Party => "a party",
            Block::Calendar => "a calendar",
            Block::Service => "a service",
            Block::Objective => "an objective",
            Block::Credits => "a credits block",
            Block::Bonus => "a bonus block",
            Block::Termination => "a termination block",
            Block::Source => "a metric source",
        }
    }

    pub(super) fn prefix_rule(self) -> Rule {
        match self {
            Block::File => Rule::prefix_of_file,
            Block::Agreement => Rule::prefix_of_agreement,
            Block::Party => Rule::prefix_of_party,
            Block::Calendar => Rule::prefix_of_calendar,
            Block::Service => Rule::prefix_of_service,
            Block::Objective => Rule::prefix_of_objective,
            Block::Credits => Rule::prefix_of_credits,
            Block::Bonus => Rule::prefix_of_bonus,
            Block::Termination => Rule::prefix_of_termination,
            Block::Source => Rule::prefix_of_source,
        }
    }

    pub(super) fn line_rule(self) -> Rule {
        match self {
            Block::File => Rule::line_of_file,
            Block::Agreement => Rule::line_of_agreement,
            Block::Party => Rule::line_of_party,
            Block::Calendar => Rule::line_of_calendar,
            Block::Service => Rule::line_of_service,
            Block::Objective => Rule::line_of_objective,
            Block::Credits => Rule::line_of_credits,
            Block::Bonus => Rule::line_of_bonus,
            Block::Termination => Rule::line_of_termination,
            Block::Source => Rule::line_of_source,
        }
    }

    /// The statements a block accepts, by leading word, with an example of each.
    pub fn statements(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Block::File => &[("agreement", "agreement \"Managed Support\" { … }")],
            Block::Agreement => AGREEMENT_STATEMENTS,
            Block::Party => &[
                ("role", "role provider"),
                ("address", "address \"1 High Street, London\""),
                ("contact", "contact \"support@example.com\""),
                ("signatory", "signatory \"Jane Roe\", \"Managing Director\""),
            ],
            Block::Calendar => &[
                ("timezone", "timezone \"Europe/London\""),
                ("monday", "monday to friday 09:00-17:30"),
                ("tuesday", "tuesday 09:00-17:30"),
                ("wednesday", "wednesday 09:00-17:30"),
                ("thursday", "thursday 09:00-17:30"),
                ("friday", "friday 09:00-17:30"),
                ("saturday", "saturday 10:00-14:00"),
                ("sunday", "sunday 10:00-14:00"),
                ("closed", "closed 2026-12-25 \"Christmas Day\""),
            ],
            Block::Service => &[
                ("provider", "provider provider"),
                ("customer", "customer customer"),
                ("hours", "hours office_hours"),
                ("channels", "channels email, phone, portal"),
                ("fee", "fee GBP 4000.00 per month"),
                ("description", "description \"\"\"…\"\"\""),
                ("scope", "scope \"\"\"…\"\"\""),
                ("credit", "credit cap 20% of monthly fee"),
            ],
            Block::Objective => &[
                ("service", "service support"),
                ("measure", "measure tickets from created until replied"),
                ("pause", "pause while status is \"waiting_on_customer\""),
                ("clock", "clock office_hours"),
                ("goal", "goal priority \"P1\" within 1 hour"),
                ("target", "target 95% of tickets per month"),
                ("ignore", "ignore abandoned within 5 seconds"),
                ("uptime", "uptime at least 99.9% per month"),
                ("exclude", "exclude cause \"customer\""),
                ("exclude", "exclude maintenance sunday 02:00-04:00"),
                ("count", "count leads on lead where qualified is \"yes\""),
                ("count", "count outages of at least 1 minute"),
                ("at", "at least 200 per month"),
                ("at", "at most 5 per month"),
                ("per", "per component"),
                ("items", "items \"api-eu\", \"api-us\""),
                ("items", "items of service"),
                ("timezone", "timezone \"Europe/London\""),
                ("source", "source prometheus { … }"),
                ("average", "average at most 30 seconds per quarter"),
                (PERCENTILE, "p95 at most 4 hours per month"),
                (PERCENTILE, "p95 at most 250 milliseconds per day"),
                ("rate", "rate abandoned of offered at most 5% per quarter"),
                ("sample", "sample latency_ms on probe in milliseconds"),
                ("down", "down when at least 2 components are down"),
                ("downtime", "downtime in units of 1 minute"),
                (
                    "downtime",
                    "downtime when errors of requests above 5% on request_stats",
                ),
                ("due", "due by due_date"),
                ("round", "round value to whole seconds"),
            ],
            Block::Credits => &[
                ("below", "below 99.9% : 10% of monthly fee"),
                ("cap", "cap 100% of monthly fee"),
                ("claim", "claim within 30 days"),
                ("claim", "claim by \"email\""),
                ("unclaimed", "unclaimed credits lapse"),
                ("applied", "applied on request"),
            ],
            Block::Bonus => &[
                ("at", "at least 99.99% : 5% of monthly fee"),
                ("cap", "cap 10% of monthly fee"),
            ],
            Block::Termination => &[
                ("notice", "notice 30 days in writing"),
                ("for", "for cause after 3 consecutive months in breach"),
                ("suspend", "suspend after 14 days without customer response"),
            ],
            Block::Source => &[
                (
                    "good",
                    "good \"http_requests_total{job=\\\"api\\\",code!~\\\"5..\\\"}\"",
                ),
                ("total", "total \"http_requests_total{job=\\\"api\\\"}\""),
                (
                    "latency",
                    "latency \"request_duration_seconds{job=\\\"api\\\"}\"",
                ),
                ("numerator", "numerator \"calls_abandoned_total\""),
                ("denominator", "denominator \"calls_offered_total\""),
                ("probe", "probe \"probe_success{job=\\\"api\\\"}\""),
            ],
        }
    }

    const NESTED: [Block; 9] = [
        Block::Agreement,
        Block::Party,
        Block::Calendar,
        Block::Service,
        Block::Objective,
        Block::Credits,
        Block::Bonus,
        Block::Termination,
        Block::Source,
    ];
}

/// How the statements table names a percentile bound (`p95`, `p99.9`),
/// whose leading word is the percentile itself.
pub const PERCENTILE: &str = "pP";

/// The statements table's keyword for a line's leading word: [`PERCENTILE`]
/// for a percentile such as `p50`, else the word.
fn keyword(word: &str) -> &str {
    let digits = word.strip_prefix('p').unwrap_or("");
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let numeral = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if numeral(whole) && numeral(fraction) {
        PERCENTILE
    } else {
        word
    }
}

impl<'s> Lower<'s> {
    // ---------------------------------------------------------------- recovery

    /// Explains a line the grammar could not read as a statement of `block`.
    pub(super) fn bad_line(&mut self, p: &Pair<'s, Rule>, block: Block) {
        let line = BadLine::new(p.as_str(), p.as_span().start());
        self.lost.push(
            line.text
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect(),
        );
        let d = if block == Block::File {
            line.outside_agreement(self.seen_agreement)
        } else {
            None
        }
        .or_else(|| line.unclosed())
        .or_else(|| self.malformed(&line, block))
        .or_else(|| line.misplaced(block))
        .unwrap_or_else(|| line.unknown(block));
        self.diags.push(d);
    }

    /// A line that starts with a keyword of its block: says where the
    /// statement goes wrong, against the form of it closest to the line.
    fn malformed(&self, l: &BadLine<'_>, block: Block) -> Option<Diagnostic> {
        let (kw, example) = block
            .statements()
            .iter()
            .filter(|(kw, _)| *kw == keyword(l.word))
            .min_by_key(|(_, example)| crate::diagnostic::edit_distance(l.line, example))?;
        let kw_words = if *kw == PERCENTILE {
            l.word.to_owned()
        } else if *kw == "at" {
            l.text
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            (*kw).to_owned()
        };
        let (at, expected) = self.explain(l.text, l.start, block, l.text.trim_end().len());
        let message = if block == Block::Calendar && Weekday::from_name(kw).is_some() {
            "malformed opening hours in a calendar".to_owned()
        } else {
            format!("malformed `{kw_words}` statement in {}", block.noun())
        };
        Some(
            Diagnostic::new(Code::MalformedStatement, at, message)
                .label(expected)
                .help(spelling_hint(l.line).unwrap_or_else(|| format!("write it as `{example}`"))),
        )
    }

    /// Where exactly the line goes wrong, and what was expected there.
    pub(super) fn explain(
        &self,
        text: &str,
        start: usize,
        block: Block,
        trimmed_len: usize,
    ) -> (Span, String) {
        // Detailed attempts name the punctuation a line lacks (`:`, `{`),
        // which pest's rule-level errors cannot; they cost time, so they are
        // collected only while explaining a bad line.
        pest::set_error_detail(true);
        let parsed = SlateParser::parse(block.line_rule(), text);
        pest::set_error_detail(false);
        let err = match parsed {
            Err(e) => e,
            // The line parses alone: what follows it on the same line is the problem.
            Ok(_) => {
                return (
                    Span::new(start, start + trimmed_len),
                    "unexpected text".into(),
                );
            }
        };
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        // A complete statement followed by more text: point at the extra text.
        if let Ok(prefix) = SlateParser::parse(block.prefix_rule(), text) {
            let end = prefix.last().map_or(0, |p| p.as_span().end());
            let rest = text.get(end..).unwrap_or("");
            let extra = line_text(rest.trim_start());
            if end > pos && !extra.is_empty() {
                let from = start + end + (rest.len() - rest.trim_start().len());
                return (
                    Span::new(from, from + extra.len()),
                    "unexpected text after the statement".into(),
                );
            }
        }
        let mut positives = match &err.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
        };
        // Punctuation expected further along than any rule: name it there.
        let mut pos = pos;
        let mut literals: Vec<String> = Vec::new();
        if let Some(attempts) = err.parse_attempts()
            && attempts.max_position > pos
        {
            literals = attempts
                .expected_tokens()
                .into_iter()
                // pest does not export its token type; its text tells literals
                // from character ranges (`a..z`) and built-in rules.
                .map(|t| t.to_string())
                .filter(|t| {
                    let range = t.chars().count() == 4 && t.get(1..3) == Some("..");
                    // White space and comments may go anywhere: not worth naming.
                    let blank = t.trim().is_empty() || t == "//" || t == "\u{feff}";
                    !blank && t != "BUILTIN_RULE" && !range
                })
                .map(|t| format!("`{t}`"))
                .collect();
            if !literals.is_empty() {
                pos = attempts.max_position;
                positives.clear();
            }
        }
        let rest = text.get(pos..).unwrap_or("");
        let token_len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        let at = Span::new(start + pos, start + pos + token_len);
        let mut words: Vec<String> = positives
            .into_iter()
            .filter(|r| !matches!(r, Rule::WHITESPACE | Rule::COMMENT))
            .map(describe)
            .chain(literals)
            .collect();
        words.sort();
        words.dedup();
        let expected = match words.as_slice() {
            [] => "unexpected text".to_owned(),
            [one] => format!("expected {one}"),
            [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
        };
        let expected = if token_len == 0 {
            format!("{expected} here")
        } else {
            expected
        };
        (at, expected)
    }

    pub(super) fn pest_error(
        &self,
        err: &pest::error::Error<Rule>,
        start: usize,
        code: Code,
        message: &str,
    ) -> Diagnostic {
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        Diagnostic::new(code, Span::new(start + pos, start + pos), message)
            .label(err.variant.message().to_string())
            .help("braces are probably unbalanced or nested too deeply near here; every `{` needs its `}`")
    }
}

/// A line the grammar could not read, with the parts every explanation uses.
struct BadLine<'s> {
    /// The whole text the catch-all swallowed (a line, plus any block on it).
    text: &'s str,
    /// Its byte offset in the file.
    start: usize,
    /// Its first line, without trailing white space.
    line: &'s str,
    /// The word it starts with (letters, digits, `_` and `-`), maybe empty.
    word: &'s str,
    /// The first line's span.
    line_span: Span,
    /// The first word's span, or the line's when there is no word.
    word_span: Span,
}

impl<'s> BadLine<'s> {
    fn new(text: &'s str, start: usize) -> Self {
        let word_len = text
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(text.len(), |(i, _)| i);
        let word = text.get(..word_len).unwrap_or("");
        let first_line = text
            .get(..text.find(['\n', '\r']).unwrap_or(text.len()))
            .unwrap_or(text);
        let line = first_line.trim_end();
        let line_span = Span::new(start, start + line.len());
        let word_span = if word.is_empty() {
            line_span
        } else {
            Span::new(start, start + word_len)
        };
        BadLine {
            text,
            start,
            line,
            word,
            line_span,
            word_span,
        }
    }

    /// The word, or the whole first line when the line starts with no word.
    fn shown(&self) -> &'s str {
        if self.word.is_empty() {
            self.line
        } else {
            self.word
        }
    }

    /// At the top of the file, anything but an agreement.
    fn outside_agreement(&self, seen_agreement: bool) -> Option<Diagnostic> {
        if self.word == "import" {
            return Some(
                Diagnostic::new(
                    Code::MalformedStatement,
                    self.line_span,
                    "this import cannot be read",
                )
                .label("not an import")
                .help("write `import \"shared.sla\"`, `import \"shared.sla\" as shared` or `import \"shared.sla\" { office_hours, provider }`; an alias comes before the list"),
            );
        }
        if self.word == "agreement" {
            return None;
        }
        Some(if seen_agreement {
            Diagnostic::new(Code::UnclosedBlock, self.line_span, "unexpected text after the agreement")
                .label("after the agreement's closing `}`")
                .help("a Slate file holds one agreement; if this belongs inside it, check for an extra `}` above")
        } else {
            let help = match did_you_mean(self.word, ["agreement"]) {
                Some(_) => "did you mean `agreement`? a file starts with `agreement \"Title\" {`",
                None => {
                    "a Slate file holds one `agreement \"Title\" { … }`; everything else goes inside it"
                }
            };
            let found = if self.word.is_empty() {
                line_text(self.text)
            } else {
                self.word
            };
            Diagnostic::new(
                Code::UnknownStatement,
                self.word_span,
                format!("expected an agreement, found `{found}`"),
            )
            .label("not an agreement")
            .help(help)
        })
    }

    /// A prose block or a string left open.
    fn unclosed(&self) -> Option<Diagnostic> {
        if self.text.matches("\"\"\"").count() % 2 == 1 {
            let at = self.start + self.text.find("\"\"\"").unwrap_or(0);
            return Some(
                Diagnostic::new(
                    Code::MalformedStatement,
                    Span::new(at, at + 3),
                    "the prose block is not closed",
                )
                .label("this `\"\"\"` has no closing `\"\"\"`")
                .help("end the prose with `\"\"\"` before the `}` of its block"),
            );
        }
        let first_line = self
            .text
            .get(..self.text.find(['\n', '\r']).unwrap_or(self.text.len()))
            .unwrap_or(self.text);
        let quote = unclosed_quote(first_line)?;
        let at = Span::new(self.start + quote, self.start + first_line.len());
        Some(
            Diagnostic::new(Code::MalformedStatement, at, "the string is not closed")
                .label("this string has no closing `\"`")
                .help("a string ends on the line it starts; for text over several lines use a prose block `\"\"\"…\"\"\"`"),
        )
    }

    /// A statement that belongs in another block.
    fn misplaced(&self, block: Block) -> Option<Diagnostic> {
        if self.word.is_empty() {
            return None;
        }
        let home = Block::NESTED
            .iter()
            .find(|b| **b != block && b.statements().iter().any(|(kw, _)| *kw == self.word))?;
        Some(
            Diagnostic::new(
                Code::UnknownStatement,
                self.word_span,
                format!("`{}` is not a statement of {}", self.word, block.noun()),
            )
            .label(format!("belongs in {}", home.noun()))
            .help(format!(
                "move it into {}, or check that the `}}` above is where you meant",
                home.noun()
            )),
        )
    }

    /// An unknown statement: a spelling hint, a did-you-mean, or the list of
    /// the block's statements.
    fn unknown(&self, block: Block) -> Diagnostic {
        if let Some(hint) = spelling_hint(self.line) {
            let message = format!("unknown statement `{}` in {}", self.word, block.noun());
            return Diagnostic::new(Code::UnknownStatement, self.word_span, message)
                .label("not a statement here")
                .help(hint);
        }
        let known = block.statements();
        let suggestion = did_you_mean(
            self.word,
            known
                .iter()
                .map(|(kw, _)| *kw)
                .filter(|kw| *kw != PERCENTILE),
        );
        let found = suggestion.and_then(|s| known.iter().find(|(kw, _)| *kw == s));
        // A keyword of one word replaces the misspelt word.
        let replacement = found
            .map(|(kw, _)| *kw)
            .filter(|kw| !kw.contains(' ') && !self.word.is_empty());
        let help = match found {
            Some((kw, example)) => format!("did you mean `{kw}`? for example `{example}`"),
            None => {
                // A keyword with two forms (`exclude cause`, `exclude
                // maintenance`) is listed once.
                let mut list: Vec<String> = known.iter().map(|(kw, _)| format!("`{kw}`")).collect();
                list.dedup();
                format!(
                    "statements of {} start with {}",
                    block.noun(),
                    list.join(", ")
                )
            }
        };
        let message = format!("unknown statement `{}` in {}", self.shown(), block.noun());
        Diagnostic::new(Code::UnknownStatement, self.word_span, message)
            .label("not a statement here")
            .help(help)
            .suggest_if(self.word_span, replacement)
    }
}

/// Advice for common ways of writing days and the built-in calendar that
/// Slate spells differently, for unknown and malformed lines alike.
fn spelling_hint(line: &str) -> Option<String> {
    let first = line.split_whitespace().next()?;
    if let Some((a, b)) = first.split_once('-')
        && Weekday::from_name(a).is_some()
        && Weekday::from_name(b).is_some()
    {
        return Some(format!("write a run of days with `to`: `{a} to {b}`"));
    }
    if line.to_ascii_lowercase().contains("24x7") && !line.contains("24x7") {
        return Some("the built-in calendar is written `24x7`, in lower case".to_owned());
    }
    None
}

/// The byte offset of a `"` that opens a string never closed on this line.
fn unclosed_quote(line: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (c, open) {
            ('\\', Some(_)) => {
                chars.next();
            }
            ('"', None) if line.get(i..).is_some_and(|r| r.starts_with("\"\"\"")) => return None,
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('/', None) if line.get(i..).is_some_and(|r| r.starts_with("//")) => return None,
            _ => {}
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::{Block, PERCENTILE};

    /// The body of rule `name` in the grammar, between its braces.
    fn rule<'g>(grammar: &'g str, name: &str) -> &'g str {
        let start = grammar
            .lines()
            .scan(0, |at, line| {
                let here = *at;
                *at += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, line)| {
                line.split('=').next().map(str::trim) == Some(name) && !line.starts_with(' ')
            })
            .map(|(at, _)| at)
            .unwrap_or_else(|| panic!("no rule `{name}`"));
        let body = grammar.get(start..).unwrap_or_default();
        let open = body.find('{').unwrap_or_default();
        let (mut depth, mut quoted) = (0, false);
        for (i, c) in body.char_indices().skip(open) {
            match c {
                '"' => quoted = !quoted,
                '{' if !quoted => depth += 1,
                '}' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        return body.get(open + 1..i).unwrap_or_default();
                    }
                }
                _ => {}
            }
        }
        panic!("rule `{name}` is not closed")
    }

    /// The words a statement rule can start with: its leading keywords'
    /// first words, or [`PERCENTILE`].
    fn leading_words(grammar: &str, stmt: &str) -> Vec<String> {
        let body = rule(grammar, stmt).trim();
        let first = if let Some(group) = body.strip_prefix('(') {
            group.split(')').next().unwrap_or_default().to_owned()
        } else {
            body.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        first
            .split('|')
            .map(str::trim)
            .map(|token| {
                if token == "percentile" {
                    return PERCENTILE.to_owned();
                }
                assert!(token.starts_with("k_"), "{stmt} starts with `{token}`");
                let literal = rule(grammar, token);
                literal.split('"').nth(1).unwrap_or_default().to_owned()
            })
            .collect()
    }

    /// The help's list of an objective's statements (and what explains a
    /// malformed one) cannot fall behind the grammar: every statement of
    /// `objective_item` is there by its leading word.
    #[test]
    fn every_objective_statement_of_the_grammar_is_listed() {
        let grammar = include_str!("../../../../grammar/slate.pest");
        let listed: Vec<&str> = Block::Objective
            .statements()
            .iter()
            .map(|(kw, _)| *kw)
            .collect();
        let items = rule(grammar, "objective_item");
        let mut missing = Vec::new();
        for stmt in items.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            for word in leading_words(grammar, stmt) {
                if !listed.contains(&word.as_str()) {
                    missing.push(format!("{stmt}: `{word}`"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "not in Block::Objective.statements(): {missing:?}"
        );
    }
}
