//! Hover: what a name or keyword means, in the contract's words.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use slate::ast::{
    self, CalendarStmt, Condition, GoalWhen, Item, ObjectiveStmt, PartyStmt, ServiceStmt,
};
use slate::model::{self, Model, ObjectiveKind};
use slate::refs::{ALWAYS_OPEN, Kind, Occurrence};
use slate::source_map::Item as ModelItem;
use slate::words;

use crate::analysis::Analysis;
use crate::grammar::grammar;

/// The longest summary shown for prose.
const SUMMARY: usize = 280;

/// What the name or keyword at `pos` means.
pub fn hover(a: &Analysis, pos: Position) -> Option<Hover> {
    let offset = a.lines.offset(&a.text, pos);
    let (word, span) = word_at(&a.text, offset)?;
    let text = if let Some(occ) = a.refs.at(offset) {
        name(a, occ)
    } else if word == ALWAYS_OPEN {
        "**calendar** `24x7` (built in)\n\nEvery hour of every day, around the clock.".to_owned()
    } else {
        keyword(a, offset, (word, span))?
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(a.lines.range(&a.text, span)),
    })
}

/// The word (name, keyword, `24x7`) around `offset`.
pub fn word_at(text: &str, offset: usize) -> Option<(&str, slate::Span)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset
        + after
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(after.len(), |(i, _)| i);
    let word = text.get(start..end)?;
    (!word.is_empty()).then_some((word, slate::Span::new(start, end)))
}

fn name(a: &Analysis, occ: Occurrence<'_>) -> String {
    let Some(def) = a.refs.definition(occ.name()) else {
        return format!(
            "**{}** `{}`\n\nNot defined in this agreement.",
            occ.kind().noun(),
            occ.name()
        );
    };
    let items = a.ast.agreements.iter().flat_map(|ag| &ag.items);
    let item = items
        .into_iter()
        .find(|i| crate::analysis::item_span(i) == def.block);
    let head = format!("**{}** `{}`", def.kind.noun(), def.name);
    let body = match item {
        Some(Item::Party(p)) => party(p),
        Some(Item::Calendar(c)) => calendar(a, c),
        Some(Item::Service(s)) => service(a, s),
        Some(Item::Objective(o)) => objective(a, o),
        Some(Item::Clause(c)) => format!("{}\n\n{}", c.title.value, summary(&c.body.value)),
        _ => String::new(),
    };
    let mut out = format!("{head}\n\n{body}");
    if occ.kind() != def.kind && matches!(occ, Occurrence::Reference(_)) {
        out.push_str(&format!(
            "\n\nUsed here as {} {}, but defined as {} {}.",
            article(occ.kind()),
            occ.kind().noun(),
            article(def.kind),
            def.kind.noun()
        ));
    }
    out.trim_end().to_owned()
}

/// The Model and the item of it written at `span`, as the checker's
/// source map says: no item is looked up by its name.
fn model_item(a: &Analysis, span: slate::Span) -> Option<(&Model, ModelItem)> {
    Some((a.model.as_ref()?, a.sources.item_at(span)?))
}

fn article(k: Kind) -> &'static str {
    if k == Kind::Objective { "an" } else { "a" }
}

fn party(p: &ast::Party) -> String {
    let mut lines = vec![p.legal_name.value.clone()];
    for s in &p.stmts {
        match s {
            PartyStmt::Role(r) => {
                let roles: Vec<String> = r.value.iter().map(|n| n.text.clone()).collect();
                lines.push(format!("Role: {}", words::list_and(&roles)));
            }
            PartyStmt::Signatory(s) => lines.push(match &s.value.title {
                Some(t) => format!("Signed by {}, {}", s.value.name.value, t.value),
                None => format!("Signed by {}", s.value.name.value),
            }),
            PartyStmt::Address(t) => lines.push(t.value.value.clone()),
            PartyStmt::Contact(_) => {}
        }
    }
    lines.join("  \n")
}

fn calendar(a: &Analysis, c: &ast::Calendar) -> String {
    let title = c.title.as_ref().map_or(c.name.text.as_str(), |t| &t.value);
    let model = match model_item(a, c.name.span) {
        Some((m, ModelItem::Calendar(i))) => m.calendars.get(i),
        _ => None,
    };
    let hours = match model {
        Some(m) if m.always_open => words::calendar(m),
        Some(m) => {
            let mut out = format!("{}, {} time", words::weekly(&m.weekly), m.timezone);
            let dates: u64 = m
                .closures
                .iter()
                .map(|cl| (cl.to - cl.from).num_days().unsigned_abs() + 1)
                .sum();
            if let (Some(first), Some(last)) = (m.closures.first(), m.closures.last()) {
                out.push_str(&format!(
                    "; closed on {} between {} and {}",
                    words::count(dates, "date"),
                    words::date(first.from),
                    words::date(last.to)
                ));
            }
            out
        }
        // With errors there is no Model: the hours as written.
        None => {
            let written: Vec<&str> = c
                .stmts
                .iter()
                .filter_map(|s| match s {
                    CalendarStmt::Hours(h) => Some(a.slice(h.span)),
                    _ => None,
                })
                .collect();
            if written.is_empty() {
                "No opening hours.".to_owned()
            } else {
                written.join("; ")
            }
        }
    };
    format!("{title}\n\nOpen {hours}.")
}

fn service(a: &Analysis, s: &ast::Service) -> String {
    let mut lines = vec![
        s.title
            .as_ref()
            .map_or(s.name.text.clone(), |t| t.value.clone()),
    ];
    let model = match model_item(a, s.name.span) {
        Some((m, ModelItem::Service(i))) => m.services.get(i),
        _ => None,
    };
    if let Some(m) = model {
        lines.push(format!("Provided by `{}` to `{}`", m.provider, m.customer));
        lines.push(format!("Hours: `{}`", m.hours));
        if let Some(fee) = &m.fee {
            lines.push(format!(
                "Fee: {} per {}",
                words::money(fee.amount, fee.currency.as_str()),
                fee.per.noun()
            ));
        }
        if let Some(fee) = &m.component_fee {
            lines.push(format!(
                "Fee of each component: {} per {}",
                words::money(fee.amount, fee.currency.as_str()),
                fee.per.noun()
            ));
        }
    }
    let mut out = lines.join("  \n");
    for stmt in &s.stmts {
        if let ServiceStmt::Description(d) = stmt {
            out.push_str("\n\n");
            out.push_str(&summary(&d.value.value));
        }
    }
    out
}

fn objective(a: &Analysis, o: &ast::Objective) -> String {
    let title = o.title.as_ref().map_or(o.name.text.as_str(), |t| &t.value);
    let model = match model_item(a, o.name.span) {
        Some((m, ModelItem::Objective(i))) => m.objectives.get(i),
        _ => None,
    };
    let mut out = title.to_owned();
    match model {
        Some(m) => {
            out.push_str(&format!(
                "\n\nFor service `{}`, per {}. ",
                m.service,
                m.period.noun()
            ));
            out.push_str(&match &m.kind {
                ObjectiveKind::TimeToEvent(t) => format!(
                    "At least {} of {} meet their goal; {} {}.",
                    words::percent(t.target),
                    t.noun,
                    t.goals.len(),
                    if t.goals.len() == 1 { "goal" } else { "goals" }
                ),
                ObjectiveKind::Availability(v) => {
                    let mut s = format!("Availability of at least {}.", words::percent(v.target));
                    if let (Some(u), Some(r)) = (&v.downtime_unit, &v.unit_down) {
                        s.push_str(&format!(
                            " A unit of {} is down when `{}` of `{}` on `{}` is {} {}%.",
                            words::real(u.seconds, u.written),
                            r.errors,
                            r.total,
                            r.event,
                            words::comparison(r.comparison),
                            r.percent
                        ));
                    }
                    s
                }
                ObjectiveKind::Volume(v) => format!(
                    "At {} {} {}.",
                    if v.at_least { "least" } else { "most" },
                    v.count,
                    v.noun
                ),
                ObjectiveKind::DurationAggregate(d) => format!(
                    "{} that started in each period is {} {}.",
                    words::capitalise(&words::statistic(d.statistic, &d.noun)),
                    words::comparison(d.comparison),
                    words::allowed(
                        slate::model::Budget::Seconds(d.bound_seconds),
                        d.bound_written,
                        d.clock == slate::model::ALWAYS_OPEN
                    )
                ),
                ObjectiveKind::Rate(r) => format!(
                    "The rate of `{}` of `{}` is {} {}%.",
                    r.numerator,
                    r.denominator,
                    words::comparison(r.comparison),
                    r.percent
                ),
                ObjectiveKind::DueDate(d) => format!(
                    "At least {} of {} are {} by the due date in their `{}`.",
                    words::percent(d.target),
                    d.noun,
                    d.stop,
                    d.attribute
                ),
                ObjectiveKind::SampleAggregate(x) => format!(
                    "Samples: the `{}` of each `{}` record. {} in each period is {} {}.",
                    x.attribute,
                    x.event,
                    words::capitalise(&words::sample_statistic(x.statistic)),
                    words::comparison(x.comparison),
                    words::sample_bound(&x.bound_written)
                ),
            });
        }
        None => {
            let lines: Vec<&str> = o
                .stmts
                .iter()
                .filter_map(|s| match s {
                    ObjectiveStmt::Measure(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Target(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Uptime(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Count(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Threshold(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Aggregate(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Rate(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Due(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::Sample(m) => Some(a.slice(m.span)),
                    ObjectiveStmt::SampleAggregate(m) => Some(a.slice(m.span)),
                    _ => None,
                })
                .collect();
            if !lines.is_empty() {
                out.push_str(&format!("\n\n```sla\n{}\n```", lines.join("\n")));
            }
        }
    }
    out
}

/// The first paragraph of prose, shortened.
fn summary(prose: &str) -> String {
    let para = prose.trim().split("\n\n").next().unwrap_or("");
    let flat = para.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUMMARY {
        flat
    } else {
        let cut: String = flat.chars().take(SUMMARY).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A keyword: its statement's doc comment; on a goal line, what the goal means.
fn keyword(a: &Analysis, offset: usize, (word, span): (&str, slate::Span)) -> Option<String> {
    let g = grammar();
    let ctx = a.context(offset);
    let line = a.lines.line_span(&a.text, a.lines.line(offset));
    let line_text = a.slice(line).trim_start();
    // The header of a block belongs to the block around it.
    if word == "agreement" {
        return g
            .rule("agreement")
            .map(|r| format!("**`agreement`**: {}", r.doc));
    }
    let meaning = goal_meaning(a, ctx.item, offset);
    if !g.is_keyword_word(word) {
        // Any word of a goal line says what the goal means.
        return meaning;
    }
    // The statement the line is, and the word's place among its words.
    let statement = g.statement_of_line(ctx.block, line_text);
    let line_start = line.start + (a.slice(line).len() - line_text.len());
    let at = a
        .text
        .get(line_start..span.start)
        .map_or(0, |before| before.split_whitespace().count());
    let mut out = match &statement {
        Some(s) if at < s.keywords.split(' ').count() => {
            format!("**`{}`**: {}", s.keywords, s.rule.doc)
        }
        Some(s) => match g.part_at(s.rule, line_text, at) {
            Some(p) => format!(
                "**`{}`** in `{}`: {}\n\n---\n\n**`{}`**: {}",
                p.keywords, s.keywords, p.rule.doc, s.keywords, s.rule.doc
            ),
            None => format!("**`{word}`** in `{}`: {}", s.keywords, s.rule.doc),
        },
        None => format!("**`{word}`**: {}", g.keyword_doc(word)?),
    };
    if let Some(meaning) = meaning {
        out = format!("{meaning}\n\n---\n\n{out}");
    }
    Some(out)
}

/// A goal in words, when `offset` is on a goal statement:
/// "**First response**: tickets where priority is P2, within 4 business hours of **Support Hours**".
fn goal_meaning(a: &Analysis, item: Option<&Item>, offset: usize) -> Option<String> {
    let Some(Item::Objective(o)) = item else {
        return None;
    };
    let goals: Vec<&ast::Stmt<ast::Goal>> = o
        .stmts
        .iter()
        .filter_map(|s| match s {
            ObjectiveStmt::Goal(g) => Some(g),
            _ => None,
        })
        .collect();
    let index = goals
        .iter()
        .position(|g| g.span.start <= offset && offset <= g.span.end)?;
    let goal = goals.get(index)?;
    // The Model's objective and goal of this statement, when the document
    // checks: an override's title and noun may be inherited.
    let (objective, model_goal) = match model_item(a, goal.span) {
        Some((m, ModelItem::Goal(i, j))) => match m.objectives.get(i) {
            Some(
                x @ model::Objective {
                    kind: ObjectiveKind::TimeToEvent(t),
                    ..
                },
            ) => (Some((x, t)), t.goals.get(j).map(|g| (m, g))),
            _ => (None, None),
        },
        _ => (None, None),
    };
    let title = match objective {
        Some((x, _)) => x.title.as_deref().unwrap_or(&x.name),
        None => o.title.as_ref().map_or(o.name.text.as_str(), |t| &t.value),
    };
    let noun = match objective {
        Some((_, t)) => t.noun.clone(),
        None => o
            .stmts
            .iter()
            .find_map(|s| match s {
                ObjectiveStmt::Measure(m) => Some(m.value.noun.text.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "items".to_owned()),
    };
    let which = match &goal.value.when {
        GoalWhen::Always => format!("all {noun}"),
        GoalWhen::Otherwise(_) => format!("all other {noun}"),
        GoalWhen::When(cs) => format!("{noun} where {}", conditions(cs)),
    };
    let budget = match model_goal {
        Some((m, g)) => {
            let cal = m.calendar(&g.calendar);
            let always = cal.is_some_and(|c| c.always_open);
            let mut b = words::allowed(g.budget, g.written, always);
            if always {
                b.push_str(", around the clock");
            } else if let Some(c) = cal {
                b.push_str(&format!(" of **{}**", calendar_term(c)));
            }
            b
        }
        None => {
            let d = goal.value.within;
            let mut b = words::length(slate::model::Length {
                count: d.count.value,
                unit: d.unit,
            });
            let clock = goal.value.on.as_ref().map(|n| n.text.clone()).or_else(|| {
                o.stmts.iter().find_map(|s| match s {
                    ObjectiveStmt::Clock(c) => Some(c.value.text.clone()),
                    _ => None,
                })
            });
            if let Some(c) = clock {
                b.push_str(&format!(" on `{c}`"));
            }
            b
        }
    };
    Some(format!("**{title}**: {which}, within {budget}"))
}

fn conditions(cs: &[Condition]) -> String {
    let parts: Vec<String> = cs
        .iter()
        .map(|c| {
            let values: Vec<String> = c.values.iter().map(|v| v.value.clone()).collect();
            format!("{} is {}", c.field.text, words::list_or(&values))
        })
        .collect();
    words::list_and(&parts)
}

/// `Support Hours`: how the contract names a calendar.
fn calendar_term(c: &model::Calendar) -> String {
    words::term(
        &c.title
            .clone()
            .unwrap_or_else(|| c.name.replace(['_', '-'], " ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A goal of an override is merged among the inherited goals, so the
    /// goals written and checked do not line up; the checker's source map
    /// still gives the Model's goal of the statement, with its calendar.
    #[test]
    fn an_override_goal_is_found_by_its_statement() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/link/ok-extends-tighten/main.sla");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let a = crate::analysis::analyze(&text, &path);
        assert!(a.model.is_some(), "{:?}", a.diagnostics);
        let line = text
            .lines()
            .position(|l| l.contains("goal   priority \"P2\""))
            .unwrap_or_default();
        let at = Position::new(u32::try_from(line).unwrap_or_default(), 5);
        let shown = match hover(&a, at).map(|h| h.contents) {
            Some(HoverContents::Markup(m)) => m.value,
            _ => String::new(),
        };
        assert!(
            shown.starts_with("**First reply**: tickets where priority is P2, within 4"),
            "{shown}"
        );
        assert!(shown.contains(" of **Office Hours**"), "{shown}");
    }
}
