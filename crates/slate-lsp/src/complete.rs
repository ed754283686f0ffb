//! Completion: the statements a block allows at the start of a line, and
//! the names of the right kind where a name is expected.

use lsp_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind, Position,
};
use slate::refs::{ALWAYS_OPEN, Kind};

use crate::analysis::Analysis;
use crate::grammar::{Block, grammar};

const WEEKDAYS: [&str; 7] = slate::ast::Weekday::NAMES;

/// What may be written at `pos`.
pub fn completion(a: &Analysis, pos: Position) -> Vec<CompletionItem> {
    let offset = a.lines.offset(&a.text, pos);
    let line = a.lines.line_span(&a.text, a.lines.line(offset));
    let prefix = a.text.get(line.start..offset).unwrap_or("");
    let partial_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum::<usize>();
    let before = prefix.get(..prefix.len() - partial_len).unwrap_or("");
    // Inside a comment or a string nothing is completed.
    if before.contains("//") || before.matches('"').count() % 2 == 1 {
        return Vec::new();
    }
    let words: Vec<&str> = before
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let ctx = a.context(offset);
    if words.is_empty() {
        return keywords(ctx.block);
    }
    match expected(ctx.block, &words) {
        Some(Expected::Name(kind)) => names(a, kind),
        Some(Expected::Role) => ["provider", "customer"]
            .iter()
            .map(|r| keyword_item(r, "A party's role.".to_owned()))
            .collect(),
        Some(Expected::Event) => events(a),
        Some(Expected::Amender) => {
            let doc = grammar()
                .keyword_doc("both parties")
                .unwrap_or_default()
                .to_owned();
            let mut out = vec![keyword_item("both parties", doc)];
            out.extend(names(a, Kind::Party));
            out
        }
        None => Vec::new(),
    }
}

enum Expected {
    Name(Kind),
    Role,
    Event,
    /// `amendments by`: `both parties`, or a party.
    Amender,
}

/// What the words before the cursor expect next.
fn expected(block: Block, words: &[&str]) -> Option<Expected> {
    let first = *words.first()?;
    let last = *words.last()?;
    let second = words.len() == 1;
    use Expected::Name;
    Some(match (block, first) {
        (Block::Agreement, "owner") if second => Name(Kind::Party),
        (Block::Agreement, "amendments") if words.len() == 2 && last == "by" => Expected::Amender,
        (Block::Agreement, "report") if last == "from" || words.contains(&"to") => {
            Name(Kind::Party)
        }
        (Block::Agreement, "credits" | "bonus") if words.len() == 2 && last == "for" => {
            Name(Kind::Objective)
        }
        (Block::Agreement, "event") if second => Expected::Event,
        (Block::Party, "role") => Expected::Role,
        (Block::Service, "provider" | "customer") if second => Name(Kind::Party),
        (Block::Service, "hours") if second => Name(Kind::Calendar),
        (Block::Objective, "service") if second => Name(Kind::Service),
        (Block::Objective, "clock") if second => Name(Kind::Calendar),
        (Block::Objective, "goal") if last == "on" => Name(Kind::Calendar),
        // `arriving during CALENDAR`, `arriving outside CALENDAR`.
        (Block::Objective, "goal") if matches!(last, "during" | "outside") => Name(Kind::Calendar),
        (Block::Termination, "suspend") if last == "without" => Name(Kind::Party),
        // `claim within 5 business days on CALENDAR`.
        (Block::Credits, "claim") if last == "on" && words.get(1) == Some(&"within") => {
            Name(Kind::Calendar)
        }
        // `for cause when downtime of OBJECTIVE`.
        (Block::Termination, "for")
            if words.get(1..) == Some(&["cause", "when", "downtime", "of"][..]) =>
        {
            Name(Kind::Objective)
        }
        _ => return None,
    })
}

/// The statements `block` allows, by their leading keywords.
fn keywords(block: Block) -> Vec<CompletionItem> {
    let g = grammar();
    let mut out: Vec<CompletionItem> = Vec::new();
    if block == Block::File {
        // Imports, then one agreement (or a library's definitions).
        for (label, rule) in [("import", "import_stmt"), ("agreement", "agreement")] {
            if let Some(r) = g.rule(rule) {
                out.push(keyword_item(label, r.doc.clone()));
            }
        }
        return out;
    }
    if block == Block::Agreement
        && let Some(r) = g.rule("k_override")
    {
        // `override` comes before a definition the agreement inherits.
        out.push(keyword_item("override", r.doc.clone()));
    }
    for s in g.statements(block) {
        if s.keywords.is_empty() {
            // Opening hours start with a day.
            if s.rule.name == "hours_stmt" {
                out.extend(WEEKDAYS.iter().map(|d| keyword_item(d, s.rule.doc.clone())));
            }
            continue;
        }
        // Statements that begin alike (`per day late`, `per second over`,
        // `per 4 hours of downtime`) are one label, with each one's doc.
        match out.iter_mut().find(|i| i.label == s.keywords) {
            Some(CompletionItem {
                documentation: Some(Documentation::MarkupContent(m)),
                ..
            }) => {
                m.value.push_str("\n\n");
                m.value.push_str(&s.rule.doc);
            }
            Some(_) => {}
            None => out.push(keyword_item(&s.keywords, s.rule.doc.clone())),
        }
    }
    out
}

fn keyword_item(label: &str, doc: String) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(CompletionItemKind::KEYWORD),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: doc,
        })),
        ..CompletionItem::default()
    }
}

/// The events the document's objectives measure, for `event NAME as "…"`.
fn events(a: &Analysis) -> Vec<CompletionItem> {
    use slate::ast::{Item, ObjectiveStmt as O};
    let mut out: Vec<CompletionItem> = Vec::new();
    let objectives = a.ast.agreements.iter().flat_map(|g| &g.items);
    for o in objectives.filter_map(|i| match i {
        Item::Objective(o) => Some(o),
        _ => None,
    }) {
        for s in &o.stmts {
            let named = match s {
                O::Measure(m) => vec![&m.value.start, &m.value.stop],
                O::Ignore(i) => vec![&i.value.event],
                O::Count(c) => vec![&c.value.event],
                _ => Vec::new(),
            };
            for e in named {
                if !out.iter().any(|i| i.label == e.value) {
                    out.push(CompletionItem {
                        label: e.value.clone(),
                        kind: Some(CompletionItemKind::EVENT),
                        detail: Some(format!("event measured by `{}`", o.name.text)),
                        ..CompletionItem::default()
                    });
                }
            }
        }
    }
    out
}

/// The names defined as `kind` (and the built-in `24x7` for calendars).
fn names(a: &Analysis, kind: Kind) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = a
        .refs
        .names_of(kind)
        .into_iter()
        .map(|n| CompletionItem {
            label: n.to_owned(),
            kind: Some(match kind {
                Kind::Party => CompletionItemKind::CLASS,
                Kind::Calendar => CompletionItemKind::EVENT,
                Kind::Service => CompletionItemKind::MODULE,
                Kind::Objective => CompletionItemKind::PROPERTY,
                Kind::Clause => CompletionItemKind::TEXT,
            }),
            detail: Some(
                format!("{} {}", kind.noun(), title(a, n).unwrap_or_default())
                    .trim_end()
                    .to_owned(),
            ),
            ..CompletionItem::default()
        })
        .collect();
    if kind == Kind::Calendar {
        out.push(CompletionItem {
            label: ALWAYS_OPEN.to_owned(),
            kind: Some(CompletionItemKind::EVENT),
            detail: Some("calendar: every hour of every day".to_owned()),
            ..CompletionItem::default()
        });
    }
    out
}

/// The title a definition gives its name.
fn title(a: &Analysis, name: &str) -> Option<String> {
    let def = a.refs.definition(name)?;
    let text = a.slice(def.block);
    // The title is the first string after the name on the header line.
    let header = text.lines().next()?;
    let start = header.find('"')? + 1;
    let end = start + header.get(start..)?.find('"')?;
    header.get(start..end).map(|t| format!("\"{t}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, line: u32) -> Vec<String> {
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        completion(&a, Position::new(line, 2))
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn calendars_are_offered_after_arriving_during_or_outside() {
        let text = "agreement \"A\" {\n  calendar core \"Core\" {\n    monday to friday 07:00-17:00\n  }\n  objective o {\n    goal priority \"P1\" arriving during \n    goal arriving outside \n  }\n}\n";
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        for (line, col) in [(5, 39), (6, 26)] {
            let got: Vec<String> = completion(&a, Position::new(line, col))
                .into_iter()
                .map(|i| i.label)
                .collect();
            assert!(got.contains(&"core".to_owned()), "{line}: {got:?}");
        }
    }

    #[test]
    fn samples_are_offered_in_an_objective() {
        let text = "agreement \"A\" {\n  objective o {\n    \n  }\n}\n";
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        let inside: Vec<String> = completion(&a, Position::new(2, 4))
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(inside.contains(&"sample".to_owned()), "{inside:?}");
    }

    #[test]
    fn imports_and_overrides_are_offered() {
        let top = labels("\n\nagreement \"A\" {\n}\n", 0);
        assert!(top.contains(&"import".to_owned()), "{top:?}");
        assert!(top.contains(&"agreement".to_owned()), "{top:?}");
        let inside = labels("agreement \"A\" extends \"p.sla\" {\n  \n}\n", 1);
        assert!(inside.contains(&"override".to_owned()), "{inside:?}");
        assert!(inside.contains(&"party".to_owned()), "{inside:?}");
    }

    #[test]
    fn labels_are_offered_with_their_docs() {
        let a = crate::analyze("agreement \"A\" {\n  \n}\n", std::path::Path::new("a.sla"));
        let items = completion(&a, Position::new(1, 2));
        let doc = |label: &str| {
            items
                .iter()
                .find(|i| i.label == label)
                .and_then(|i| match &i.documentation {
                    Some(Documentation::MarkupContent(m)) => Some(m.value.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        assert!(doc("event").contains("event created as"), "{items:?}");
        let text = "agreement \"A\" {\n  event \n  objective o \"O\" {\n    measure tickets from created until resolved\n  }\n}\n";
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        let events: Vec<String> = completion(&a, Position::new(1, 8))
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert_eq!(events, ["created", "resolved"]);
        assert!(doc("field").contains("as \"force majeure\""), "{items:?}");
    }

    #[test]
    fn claim_and_amendment_statements_are_offered() {
        let text =
            "agreement \"A\" {\n  party acme \"Acme\" {\n  }\n  credits for up {\n  \n  }\n  \n}\n";
        let credits = labels(text, 4);
        for k in [
            "claim within",
            "claim by",
            "unclaimed credits lapse",
            "applied",
        ] {
            assert!(credits.contains(&k.to_owned()), "{k} in {credits:?}");
        }
        let top = labels(text, 6);
        assert!(top.contains(&"amendments by".to_owned()), "{top:?}");
        let a = crate::analyze(
            &text.replace("\n  \n}", "\n  amendments by \n}"),
            std::path::Path::new("a.sla"),
        );
        let after_by: Vec<String> = completion(&a, Position::new(6, 16))
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert_eq!(after_by, ["both parties", "acme"]);
    }

    /// `items`, which names an availability objective's items, is offered
    /// inside an objective, and hovering it says what it does.
    #[test]
    fn items_is_offered_and_explained_in_an_objective() {
        let text = "agreement \"A\" {\n  objective up {\n    \n    items of service\n  }\n}\n";
        let inside = labels(text, 2);
        assert!(inside.contains(&"items".to_owned()), "{inside:?}");
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        let hover = crate::hover::hover(&a, Position::new(3, 5)).map(|h| match h.contents {
            lsp_types::HoverContents::Markup(m) => m.value,
            other => format!("{other:?}"),
        });
        assert!(
            hover
                .as_deref()
                .is_some_and(|h| h.contains("Which items' records an availability objective reads")),
            "{hover:?}"
        );
    }

    #[test]
    fn due_by_is_offered_and_explained_in_an_objective() {
        let text = "agreement \"A\" {\n  objective on_time {\n    \n    due by due_date\n  }\n}\n";
        let inside = labels(text, 2);
        assert!(inside.contains(&"due by".to_owned()), "{inside:?}");
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        let hover = crate::hover::hover(&a, Position::new(3, 5)).map(|h| match h.contents {
            lsp_types::HoverContents::Markup(m) => m.value,
            other => format!("{other:?}"),
        });
        assert!(
            hover
                .as_deref()
                .is_some_and(|h| h.contains("due by the date or instant its own attribute holds")),
            "{hover:?}"
        );
    }

    /// `downtime when`, the error-rate rule of downtime units, is offered
    /// inside an objective beside `downtime in units`, and hovering it
    /// says what it does.
    #[test]
    fn downtime_when_is_offered_and_explained_in_an_objective() {
        let text = "agreement \"A\" {\n  objective up {\n    \n    downtime when errors of requests above 5% on request_stats\n  }\n}\n";
        let inside = labels(text, 2);
        for k in ["downtime in units of", "downtime when"] {
            assert!(inside.contains(&k.to_owned()), "{k} in {inside:?}");
        }
        let a = crate::analyze(text, std::path::Path::new("a.sla"));
        let hover = crate::hover::hover(&a, Position::new(3, 6)).map(|h| match h.contents {
            lsp_types::HoverContents::Markup(m) => m.value,
            other => format!("{other:?}"),
        });
        assert!(
            hover.as_deref().is_some_and(
                |h| h.contains("A unit is down when the sums of two numeric attributes")
            ),
            "{hover:?}"
        );
    }
}
