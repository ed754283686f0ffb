//! The report as Markdown.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::visible::{visible as v, visible_lines};
use slate_words::{escape_markdown, money_amount};

use super::words::{
    basis_text, counts_text, input_lines, line_text, made_with, target_text, undeclared_lines,
    value_text, verdict_word,
};

/// Escapes text for Markdown, as the contract documents do, with hidden
/// characters shown (`\u{…}`).
fn md_escape(s: &str) -> String {
    escape_markdown(&v(s))
}

/// Text as a Markdown code span when it is a plain token (such as a
/// fingerprint), else escaped text.
fn md_code(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '-'))
    {
        format!("`{s}`")
    } else {
        md_escape(s)
    }
}

/// The report as Markdown. Every string from the rule set or the events is
/// escaped, with its hidden characters shown.
pub fn to_markdown(r: &Report) -> String {
    visible_lines(&markdown(r)).into_owned()
}

fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Service level report: {}\n",
        md_escape(&r.agreement.title)
    );
    let _ = writeln!(
        s,
        "From {} to {}, as of {}. Terms fingerprint {}, rule set digest {}.\n\nMade with {}.\n",
        r.window.from,
        r.window.to,
        r.as_of,
        md_code(&r.agreement.fingerprint),
        md_code(&r.agreement.rules_digest),
        md_escape(&made_with(r))
    );
    for l in input_lines(r) {
        let _ = writeln!(s, "- {}", md_escape(&l));
    }
    for i in &r.input.invalid_records {
        let _ = writeln!(
            s,
            "  - {}:{}: {}",
            md_escape(&i.file),
            i.line,
            md_escape(&i.message)
        );
    }
    for l in undeclared_lines(&r.input) {
        let _ = writeln!(s, "  - {}", md_escape(&l));
    }
    for o in &r.objectives {
        let _ = writeln!(
            s,
            "\n## {} (section {})\n\nTarget: {}.\n",
            md_escape(&o.title),
            md_escape(&o.section),
            md_escape(&target_text(o))
        );
        let _ = writeln!(
            s,
            "| Period | Measured | Verdict | Detail |\n|---|---|---|---|"
        );
        for p in &o.periods {
            let mut detail = p.counts.as_ref().map(counts_text).unwrap_or_default();
            if let Some(t) = &p.time {
                detail = format!("{} s down of {} s", t.down_seconds, t.measured_seconds);
            }
            if !p.complete {
                detail.push_str(" (so far)");
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                p.label,
                value_text(o, p),
                verdict_word(p.verdict),
                detail.trim()
            );
        }
        if !o.items_without_records.is_empty() {
            let ids: Vec<String> = o
                .items_without_records
                .iter()
                .map(|i| md_escape(i))
                .collect();
            let _ = writeln!(
                s,
                "\nNamed items with no down or up record: {}.",
                ids.join(", ")
            );
        }
        if !o.settlement_basis.is_empty() {
            let _ = writeln!(s);
            for b in &o.settlement_basis {
                let _ = writeln!(
                    s,
                    "- {} basis {}",
                    md_escape(&b.kind.to_string()),
                    md_escape(&basis_text(b))
                );
            }
        }
        if !o.breached_items.is_empty() {
            let _ = writeln!(
                s,
                "\n| Breached item | Start | Elapsed (s) | Budget (s) |\n|---|---|---|---|"
            );
            for b in &o.breached_items {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    md_escape(&b.id),
                    b.start,
                    b.elapsed_seconds,
                    b.budget_seconds
                );
            }
        }
    }
    owed_markdown(&mut s, &r.settlements);
    claims_markdown(&mut s, &r.settlements);
    s
}

/// What is owed, as a table, with every amount as the contract writes it.
fn owed_markdown(s: &mut String, settlements: &[Settlement]) {
    if settlements.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n## Owed\n\n| Service | Period | Kind | Fee | Objectives | Before caps | Caps | Amount |\n|---|---|---|---|---|---|---|---|"
    );
    for st in settlements {
        let lines: Vec<String> = st
            .lines
            .iter()
            .map(|l| md_escape(&line_text(l, &st.currency)))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md_escape(&st.service),
            md_escape(&st.period),
            md_escape(&st.kind.to_string()),
            st.fee.map_or_else(String::new, |f| {
                md_escape(&money_amount(f, false, &st.currency))
            }),
            lines.join("; "),
            md_escape(&money_amount(st.total.value, !st.total.ends, &st.currency)),
            md_escape(&st.capped_by.join("; ")),
            md_escape(&money_amount(st.amount, false, &st.currency))
        );
    }
}

/// The claim terms of the settlements' lines, as the contract states them.
fn claims_markdown(s: &mut String, settlements: &[Settlement]) {
    let claims: Vec<String> = settlements
        .iter()
        .flat_map(|st| {
            st.lines
                .iter()
                .filter(|l| !l.claims.is_empty())
                .map(move |l| {
                    format!(
                        "- {} {} {}: {}",
                        md_escape(&st.service),
                        md_escape(&st.period),
                        md_escape(&l.objective),
                        md_escape(&l.claims.join("; "))
                    )
                })
        })
        .collect();
    if !claims.is_empty() {
        let _ = writeln!(
            s,
            "\nClaims, as the contract states them:\n\n{}",
            claims.join("\n")
        );
    }
}
