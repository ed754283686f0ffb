//! The grammar's own words: every rule of `grammar/slate.pest` has a `///`
//! doc comment, read here (the file is compiled in) for hover and
//! completion, so the editor says what the grammar says.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The grammar's text.
const SOURCE: &str = include_str!("../../../grammar/slate.pest");

/// A rule: its name, doc comment and body.
#[derive(Debug)]
pub struct Rule {
    /// The rule's name, such as `goal_stmt`.
    pub name: &'static str,
    /// Its `///` comment, lines joined by spaces.
    pub doc: String,
    /// The text between its braces.
    pub body: &'static str,
}

/// A block of the language, where statements are written: the same blocks
/// the parser explains bad lines in.
pub use slate::Block;

/// The grammar rules listing a block's statements.
fn item_rules(block: Block) -> &'static [&'static str] {
    match block {
        Block::File => &[],
        Block::Agreement => &["agreement_stmt", "agreement_block"],
        Block::Party => &["party_item"],
        Block::Calendar => &["calendar_item"],
        Block::Service => &["service_item"],
        Block::Objective => &["objective_item"],
        Block::Credits => &["credits_item"],
        Block::Bonus => &["bonus_item"],
        Block::Termination => &["termination_item"],
        Block::Source => &["source_item"],
    }
}

/// A statement a block allows, by the keywords it starts with.
#[derive(Debug)]
pub struct Statement {
    /// The leading keywords, such as `goal` or `credit cap`; empty for a
    /// statement that starts with a value (opening hours start with a day).
    pub keywords: String,
    /// The rule.
    pub rule: &'static Rule,
}

/// The grammar, read once.
#[derive(Debug)]
pub struct Grammar {
    rules: BTreeMap<&'static str, Rule>,
}

/// The grammar of `grammar/slate.pest`.
pub fn grammar() -> &'static Grammar {
    static GRAMMAR: OnceLock<Grammar> = OnceLock::new();
    GRAMMAR.get_or_init(|| Grammar::parse(SOURCE))
}

impl Grammar {
    fn parse(src: &'static str) -> Grammar {
        let mut rules = BTreeMap::new();
        let mut doc: Vec<&str> = Vec::new();
        let mut pos = 0;
        while pos < src.len() {
            let rest = src.get(pos..).unwrap_or("");
            let line = rest.split('\n').next().unwrap_or("");
            let next_line = pos + line.len() + 1;
            let trimmed = line.trim();
            if let Some(d) = trimmed.strip_prefix("///") {
                doc.push(d.trim());
                pos = next_line;
                continue;
            }
            if let Some((name, def)) = trimmed.split_once('=')
                && is_rule_name(name.trim())
                && def.contains('{')
                && let Some(open) = line.find('{')
            {
                let body_start = pos + open + 1;
                let body = matching_body(src, body_start);
                let name = name.trim();
                rules.insert(
                    name,
                    Rule {
                        name,
                        doc: doc.join(" "),
                        body,
                    },
                );
                let close = body_start + body.len();
                pos = src
                    .get(close..)
                    .and_then(|r| r.find('\n'))
                    .map_or(src.len(), |i| close + i + 1);
                doc.clear();
                continue;
            }
            doc.clear();
            pos = next_line;
        }
        Grammar { rules }
    }

    /// The rule called `name`.
    pub fn rule(&'static self, name: &str) -> Option<&'static Rule> {
        self.rules.get(name)
    }

    /// Every keyword, such as `goal` and `at least`.
    pub fn keywords(&self) -> impl Iterator<Item = String> + '_ {
        self.rules
            .keys()
            .filter_map(|n| n.strip_prefix("k_"))
            .map(|k| k.replace('_', " "))
    }

    /// Whether `word` is a keyword or a word of one (`at` of `at least`).
    pub fn is_keyword_word(&self, word: &str) -> bool {
        self.keywords().any(|k| k.split(' ').any(|w| w == word))
    }

    /// The doc comment of the keyword `word`'s own rule: "The keyword `goal`."
    pub fn keyword_doc(&'static self, word: &str) -> Option<&'static str> {
        self.rule(&format!("k_{}", word.replace(' ', "_")))
            .map(|r| r.doc.as_str())
    }

    /// The statements (and nested blocks) allowed in `block`, in grammar order.
    pub fn statements(&'static self, block: Block) -> Vec<Statement> {
        let mut out = Vec::new();
        for list in item_rules(block) {
            let Some(list) = self.rule(list) else {
                continue;
            };
            for name in idents(list.body) {
                if let Some(rule) = self.rule(name) {
                    out.push(Statement {
                        keywords: leading_keywords(rule.body),
                        rule,
                    });
                }
            }
        }
        out
    }

    /// The statement a line of `block` is: of those whose leading keywords
    /// begin the line, the longest; among statements that begin alike
    /// (`per breach : …`, `per day late : …`, `per 4 hours of downtime : …`,
    /// `per second over 30 seconds : …`), the one whose own keywords the
    /// line holds best (each found counts one, each missing takes one
    /// away), then the first in the grammar's order, as pest tries them.
    pub fn statement_of_line(&'static self, block: Block, line: &str) -> Option<Statement> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut best: Option<((usize, i64), Statement)> = None;
        for s in self.statements(block) {
            if s.keywords.is_empty() || find_words(&words, &s.keywords) != Some(0) {
                continue;
            }
            let own: Vec<String> = keyword_tokens(s.rule.body);
            let held = own
                .iter()
                .map(|k| {
                    if find_words(&words, k).is_some() {
                        1
                    } else {
                        -1
                    }
                })
                .sum::<i64>();
            let key = (s.keywords.split(' ').count(), held);
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((key, s));
            }
        }
        best.map(|(_, s)| s)
    }

    /// The part of `statement` that the word at index `at` of `line`
    /// belongs to, when the part has words of its own and a doc comment:
    /// `billed charges` in `below 99% : 10% of billed charges`, `or part
    /// thereof` in `per 4 hours or part thereof of downtime : …`, `on` of a
    /// claim window's calendar, `of each breach`. The rules are those the
    /// statement's rule reaches through rules that are not keywords; a
    /// keyword of several words is a part too.
    pub fn part_at(&'static self, statement: &Rule, line: &str, at: usize) -> Option<Part> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut seen: Vec<&str> = vec![statement.name];
        let mut todo: Vec<&'static Rule> = vec![self.rule(statement.name)?];
        let mut best: Option<Part> = None;
        while let Some(rule) = todo.pop() {
            for name in idents(rule.body) {
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                let Some(sub) = self.rule(name) else {
                    continue;
                };
                let keywords = match name.strip_prefix("k_") {
                    Some(k) if k.contains('_') => k.replace('_', " "),
                    Some(_) => continue,
                    None => {
                        todo.push(sub);
                        leading_keywords(sub.body)
                    }
                };
                let len = keywords.split(' ').count();
                let covers = !keywords.is_empty()
                    && (at.saturating_sub(len - 1)..=at)
                        .any(|from| words_at(&words, from, &keywords));
                if covers
                    && best
                        .as_ref()
                        .is_none_or(|b| len > b.keywords.split(' ').count())
                {
                    best = Some(Part {
                        keywords,
                        rule: sub,
                    });
                }
            }
        }
        best
    }
}

/// A part of a statement, by its own words: `billed charges`.
#[derive(Debug)]
pub struct Part {
    /// Its words, such as `billed charges` or `of each breach`.
    pub keywords: String,
    /// Its rule.
    pub rule: &'static Rule,
}

/// Where the words of `keywords` (space-separated) first stand in a row
/// in `words`.
fn find_words(words: &[&str], keywords: &str) -> Option<usize> {
    (0..words.len()).find(|&i| words_at(words, i, keywords))
}

/// Whether the words of `keywords` stand in `words` from index `at`.
fn words_at(words: &[&str], at: usize, keywords: &str) -> bool {
    keywords
        .split(' ')
        .enumerate()
        .all(|(i, k)| words.get(at + i) == Some(&k))
}

/// The keywords a rule's body names itself, each once: `k_per ~ late_unit
/// ~ k_late` gives `per` and `late`.
fn keyword_tokens(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in idents(body)
        .into_iter()
        .filter_map(|t| t.strip_prefix("k_"))
    {
        let k = k.replace('_', " ");
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

fn is_rule_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The text from `start` to the `}` that closes the `{` before it, skipping
/// braces inside string literals.
fn matching_body(src: &'static str, start: usize) -> &'static str {
    let Some(text) = src.get(start..) else {
        return "";
    };
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' if depth == 0 => return text.get(..i).unwrap_or(""),
            '}' => depth -= 1,
            _ => {}
        }
    }
    text
}

/// The identifiers of a rule body, outside string literals.
fn idents(body: &str) -> Vec<&str> {
    tokens(body)
        .into_iter()
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .collect()
}

/// A body's tokens: identifiers, string literals and single punctuation.
fn tokens(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some((j, d)) = chars.peek().copied() {
                if d.is_ascii_alphanumeric() || d == '_' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.extend(body.get(i..end));
        } else if c == '"' {
            let mut end = body.len();
            let mut escaped = false;
            for (j, d) in chars.by_ref() {
                match d {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        end = j + 1;
                        break;
                    }
                    _ => {}
                }
            }
            out.extend(body.get(i..end));
        } else {
            out.extend(body.get(i..i + c.len_utf8()));
        }
    }
    out
}

/// The keywords a rule starts with: `k_credit ~ k_cap ~ …` gives `credit cap`.
fn leading_keywords(body: &str) -> String {
    let mut words = Vec::new();
    let mut toks = tokens(body).into_iter().peekable();
    if toks.peek() == Some(&"(") {
        toks.next();
    }
    // `override` may come before any definition: it is not what the
    // statement is.
    if toks
        .peek()
        .is_some_and(|t| t.trim_end_matches('?') == "k_override")
    {
        toks.next();
        toks.next_if_eq(&"?");
        toks.next_if_eq(&"~");
    }
    while let Some(t) = toks.next() {
        let Some(k) = t.strip_prefix("k_") else {
            break;
        };
        words.push(k.replace('_', " "));
        if toks.next() != Some("~") {
            break;
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_docs_and_statements() {
        let g = grammar();
        let goal = g.rule("goal_stmt").map(|r| r.doc.as_str());
        assert!(
            goal.is_some_and(|d| d.starts_with("A goal, chosen by")),
            "{goal:?}"
        );
        assert_eq!(g.keyword_doc("at least"), Some("The keyword `at least`."));
        let objective: Vec<String> = g
            .statements(Block::Objective)
            .iter()
            .map(|s| s.keywords.clone())
            .collect();
        for k in [
            "service",
            "goal",
            "exclude maintenance",
            "count outages of at least",
            "source prometheus",
            "at least",
        ] {
            assert!(objective.iter().any(|o| o == k), "{k} in {objective:?}");
        }
        let agreement: Vec<String> = g
            .statements(Block::Agreement)
            .iter()
            .map(|s| s.keywords.clone())
            .collect();
        for k in ["id", "review every", "party", "credits for", "clause"] {
            assert!(agreement.iter().any(|o| o == k), "{k} in {agreement:?}");
        }
        let calendar = g.statements(Block::Calendar);
        assert!(
            calendar
                .iter()
                .any(|s| s.keywords.is_empty() && s.rule.name == "hours_stmt")
        );
        assert!(g.is_keyword_word("least"));
        // Statements that begin alike are told apart by their other keywords.
        for (line, rule) in [
            ("per breach : 3% of monthly fee", "per_breach"),
            ("per day late : 3% of monthly fee", "per_late"),
            ("per hour late : USD 100.00", "per_late"),
            ("per second over 30 seconds : USD 500.00", "per_unit_value"),
            (
                "per 4 hours or part thereof of downtime : 1 day of monthly fee",
                "per_downtime",
            ),
            ("cap per item 100% of cost", "cap_per_item"),
            ("cap per component 25% of fee", "component_cap_stmt"),
            ("cap 100% of monthly fee", "cap_stmt"),
            (
                "claim by the end of the month after the period",
                "claim_by_end_stmt",
            ),
            ("claim by \"email\"", "claim_by_stmt"),
        ] {
            let s = g.statement_of_line(Block::Credits, line);
            assert_eq!(s.map(|s| s.rule.name), Some(rule), "{line}");
        }
        assert!(!g.is_keyword_word("office_hours"));
    }
}
