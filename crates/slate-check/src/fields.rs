//! The fields of the agreement's data and the values they may hold:
//! `field priority "P1", "P2", "P3", "P4"`. Once any field is declared,
//! every condition (goal, filter, pause, exclusion) names a declared field
//! and declared values (E0320, E0321). With or without declarations, a
//! goal's value that the objective's own filter excludes is an error (E0319):
//! the goal could never apply, so its items would silently fall to another
//! goal. A goal's field one typo away from a field of that filter is a
//! warning (E0323): without declarations it cannot be proven wrong.

use std::collections::BTreeMap;

use slate_syntax::ast::{self, GoalWhen, Item, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, diagnostic};

use crate::env::{Cx, Env, Sink};

/// The conditions of the termination block: `suspend … while status is
/// "waiting_on_customer"`, read on items' attributes as a pause is.
fn termination_conditions(a: &ast::Agreement) -> Vec<&ast::Condition> {
    a.items
        .iter()
        .filter_map(|i| match i {
            Item::Termination(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| &t.stmts)
        .filter_map(|s| match s {
            ast::TerminationStmt::Suspend(s) => s.value.waiting.as_ref(),
            _ => None,
        })
        .collect()
}

/// Every condition of an objective, with whether it selects a goal.
fn objective_conditions(o: &ast::Objective) -> Vec<(&ast::Condition, bool)> {
    let mut out = Vec::new();
    for s in &o.stmts {
        match s {
            O::Measure(m) => out.extend(m.value.filter.iter().map(|c| (c, false))),
            O::Uptime(u) => out.extend(u.value.filter.iter().map(|c| (c, false))),
            O::Count(c) => out.extend(c.value.filter.iter().map(|c| (c, false))),
            O::Pause(p) | O::Exclude(p) => out.push((&p.value, false)),
            O::Goal(g) => {
                if let GoalWhen::When(cs) = &g.value.when {
                    out.extend(cs.iter().map(|c| (c, true)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The list of candidates for a help line: "`P1`, `P2` or `P3`".
fn listed<'a>(values: impl IntoIterator<Item = &'a str>, and: &str) -> String {
    let all: Vec<String> = values.into_iter().map(|v| format!("`{v}`")).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A value as a string literal, for a suggested edit.
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The declared fields, by name, each with its values in source order; every
/// condition of every objective is checked against them.
pub(crate) fn fields(env: &Env<'_>, sink: &mut Sink) -> BTreeMap<String, Vec<String>> {
    Cx::new(env, sink, false).fields()
}

impl Cx<'_, '_> {
    fn fields(&mut self) -> BTreeMap<String, Vec<String>> {
        let a = self.env.agreement;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut first: BTreeMap<&str, slate_syntax::Span> = BTreeMap::new();
        for f in a.items.iter().filter_map(|i| match i {
            Item::Field(f) => Some(f),
            _ => None,
        }) {
            let name = f.value.name.text.as_str();
            if let Some(at) = first.get(name) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        f.span,
                        format!("field `{name}` is declared twice"),
                    )
                    .label("second declaration")
                    .related(*at, "first declaration")
                    .help(format!(
                        "list every value of `{name}` in one `field {name} …` statement"
                    )),
                );
                continue;
            }
            first.insert(name, f.span);
            let mut values: Vec<String> = Vec::new();
            for v in &f.value.values {
                if !values.contains(&v.value) {
                    values.push(v.value.clone());
                }
            }
            out.insert(name.to_owned(), values);
        }
        self.check_conditions(&out);
        out
    }

    fn check_conditions(&mut self, fields: &BTreeMap<String, Vec<String>>) {
        let a = self.env.agreement;
        for o in a.items.iter().filter_map(|i| match i {
            Item::Objective(o) => Some(o),
            _ => None,
        }) {
            let conditions = objective_conditions(o);
            let filter: Vec<&ast::Condition> = o
                .stmts
                .iter()
                .filter_map(|s| match s {
                    O::Measure(m) => Some(&m.value.filter),
                    _ => None,
                })
                .flatten()
                .collect();
            for (c, goal) in &conditions {
                self.look_alike_values(c);
                if !fields.is_empty() && !self.declared(c, fields) {
                    continue;
                }
                if *goal {
                    self.within_filter(c, &filter);
                }
            }
        }
        for c in termination_conditions(a) {
            self.look_alike_values(c);
            if !fields.is_empty() {
                self.declared(c, fields);
            }
        }
    }

    /// E0324: a value that reads as plain Latin text (its TR39 skeleton is
    /// ASCII) but is written with other letters, such as `"Р1"` with a
    /// Cyrillic `Р`: records written `P1` never match it, and no reader of
    /// the document can tell.
    fn look_alike_values(&mut self, c: &ast::Condition) {
        for v in &c.values {
            let text = v.value.as_str();
            // Invisible characters and odd spaces are errors of their own
            // (E0110, E0111).
            if text.is_ascii()
                || !slate_syntax::unicode::hidden_chars(text).is_empty()
                || !slate_syntax::unicode::unusual_spaces(text).is_empty()
            {
                continue;
            }
            let skeleton: String = unicode_security::skeleton(text).collect();
            if !skeleton.is_ascii() || skeleton == text {
                continue;
            }
            self.push(
                Diagnostic::new(
                    Code::LookAlikeValue,
                    v.span,
                    format!("`{text}` is written with letters of another script that look like Latin ones"),
                )
                .label("look-alike letters")
                .help(format!(
                    "a record whose `{}` is typed in Latin letters does not match this value, and the document cannot show the difference; retype it in Latin letters, or declare the field's values with `field {} …`",
                    c.field.text, c.field.text
                )),
            );
        }
    }

    /// Checks a condition against the declarations; false when it names an
    /// undeclared field or value (reported).
    fn declared(&mut self, c: &ast::Condition, fields: &BTreeMap<String, Vec<String>>) -> bool {
        let field = c.field.text.as_str();
        let Some(values) = fields.get(field) else {
            let close = diagnostic::did_you_mean(field, fields.keys().map(String::as_str));
            let help = match close {
                Some(f) => format!(
                    "did you mean `{f}`? The declared fields are {}",
                    listed(fields.keys().map(String::as_str), "and")
                ),
                None => format!(
                    "the declared fields are {}; declare this one with `field {field} \"…\"` if the data has it",
                    listed(fields.keys().map(String::as_str), "and")
                ),
            };
            self.push(
                Diagnostic::new(
                    Code::UndeclaredField,
                    c.field.span,
                    format!("field `{field}` is not declared"),
                )
                .label("no `field` statement declares it")
                .help(help)
                .suggest_if(c.field.span, close),
            );
            return false;
        };
        let mut ok = true;
        for v in &c.values {
            if values.contains(&v.value) {
                continue;
            }
            ok = false;
            let close = diagnostic::did_you_mean(&v.value, values.iter().map(String::as_str));
            let all = listed(values.iter().map(String::as_str), "or");
            let help = match close {
                Some(d) => format!("did you mean `{d}`? `{field}` is one of {all}"),
                None => format!(
                    "`{field}` is one of {all}; add the value to `field {field}` if the data holds it"
                ),
            };
            self.push(
                Diagnostic::new(
                    Code::UndeclaredValue,
                    v.span,
                    format!("`{}` is not a declared value of `{field}`", v.value),
                )
                .label("no record can hold this value")
                .help(help)
                .suggest_if(v.span, close.map(quoted)),
            );
        }
        ok
    }

    /// E0319: a goal's values the objective's own filter (`where`) excludes;
    /// E0323: a goal's field one typo away from a field of the filter.
    fn within_filter(&mut self, c: &ast::Condition, filter: &[&ast::Condition]) {
        let field = c.field.text.as_str();
        if !filter.iter().any(|f| f.field.text == field)
            && let Some(close) =
                diagnostic::did_you_mean(field, filter.iter().map(|f| f.field.text.as_str()))
            && let Some(f) = filter.iter().find(|f| f.field.text == close)
        {
            self.push(
                Diagnostic::new(
                    Code::GoalFieldTypo,
                    c.field.span,
                    format!("goal field `{field}` looks like the filter's `{close}`"),
                )
                .label("not a field the objective's filter names")
                .related(f.field.span, "the filter's field")
                .suggest(c.field.span, close)
                .help(format!("did you mean `{close}`? Records are matched by the exact field name; declare the data's fields with `field {close} \"…\"` to make a misspelt field an error")),
            );
        }
        for f in filter.iter().filter(|f| f.field.text == field) {
            let allowed: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
            for v in &c.values {
                if allowed.contains(&v.value.as_str()) {
                    continue;
                }
                let close = diagnostic::did_you_mean(&v.value, allowed.iter().copied());
                let all = listed(allowed.iter().copied(), "or");
                let help = match close {
                    Some(d) => format!(
                        "did you mean `{d}`? The objective counts only items whose `{field}` is {all}"
                    ),
                    None => format!(
                        "the objective counts only items whose `{field}` is {all}: use one of them, or widen the `where`"
                    ),
                };
                self.push(
                    Diagnostic::new(
                        Code::GoalOutsideFilter,
                        v.span,
                        format!(
                            "no item counted by this objective has `{field}` `{}`",
                            v.value
                        ),
                    )
                    .label("excluded by the objective's filter")
                    .related(f.span, "the objective counts only these")
                    .help(help)
                    .suggest_if(v.span, close.map(quoted)),
                );
            }
        }
    }
}
