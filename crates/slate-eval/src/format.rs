//! The report for people (text, Markdown) and machines (JSON).

use std::fmt::Write as _;

use crate::money;
use crate::report::*;
use crate::visible::{visible as v, visible_lines};

/// The report as pretty JSON, ending with a newline.
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "BREACHED",
        Verdict::NoData => "no data (met)",
        Verdict::Pending => "pending",
    }
}

/// The measured value of a period, in words.
pub(crate) fn value_text(o: &ObjectiveReport, p: &PeriodReport) -> String {
    match (o.kind, &p.value) {
        (Kind::Volume, _) => format!("{} counted", p.count.unwrap_or(0)),
        (_, Some(v)) => format!("{}% ({}/{})", v.percent, v.numerator, v.denominator),
        (Kind::Availability, None) => match p.components.len() {
            0 => "no data".to_owned(),
            1 => "1 component".to_owned(),
            n => format!("{n} components"),
        },
        (_, None) => "no data".to_owned(),
    }
}

/// The target, in words.
pub(crate) fn target_text(o: &ObjectiveReport) -> String {
    match o.kind {
        Kind::Volume => format!("{} per {}", o.target, o.period.noun()),
        _ => format!("{}% per {}", o.target, o.period.noun()),
    }
}

/// What a settlement period's value reached, in words.
pub(crate) fn tier_text(b: &Basis) -> String {
    match (&b.tier, b.complete, &b.value) {
        (_, false, _) => "not over, not settled yet".to_owned(),
        (_, _, None) => "no data, nothing owed".to_owned(),
        (Some(t), true, _) => t.clone(),
        (None, true, _) => "no tier reached, nothing owed".to_owned(),
    }
}

/// A settlement period's value and tier, in words.
pub(crate) fn basis_text(b: &Basis) -> String {
    let value = b.value.as_ref().map_or("no data".to_owned(), |v| {
        format!("{}% ({}/{})", v.percent, v.numerator, v.denominator)
    });
    format!("{}: {value}, {}", b.period, tier_text(b))
}

fn counts_text(c: &Counts) -> String {
    let mut s = format!("{} met, {} breached", c.met, c.breached);
    for (n, w) in [
        (c.pending, "pending"),
        (c.ignored, "ignored"),
        (c.ungoverned, "ungoverned"),
    ] {
        if n > 0 {
            let _ = write!(s, ", {n} {w}");
        }
    }
    s
}

fn input_lines(r: &Report) -> Vec<String> {
    let i = &r.input;
    let mut lines = vec![format!(
        "{} records read from {} file{}",
        i.records,
        i.files.len(),
        if i.files.len() == 1 { "" } else { "s" }
    )];
    for (n, one, many) in [
        (
            i.duplicates,
            "duplicate record counted once",
            "duplicate records counted once",
        ),
        (
            i.after_cutoff,
            "record at or after the cut-off not seen",
            "records at or after the cut-off not seen",
        ),
        (
            i.invalid,
            "invalid record skipped",
            "invalid records skipped",
        ),
        (
            i.unknown_items,
            "item no objective uses",
            "items no objective uses",
        ),
        (
            i.undeclared,
            "record with a value the agreement does not declare",
            "records with a value the agreement does not declare",
        ),
    ] {
        if n > 0 {
            lines.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    lines
}

/// What made the report, in words: every format says it so.
pub(crate) fn made_with(r: &Report) -> String {
    format!(
        "Slate {}, time-zone database {}",
        v(&r.made_with.slate),
        v(&r.made_with.tzdb)
    )
}

/// The report as plain text. Every string from the rule set or the events
/// is shown with its hidden characters visible (see [`crate::visible`]), so
/// that what reaches a terminal is what a reader sees.
pub fn to_text(r: &Report) -> String {
    visible_lines(&text(r)).into_owned()
}

fn text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", v(&r.agreement.title));
    if let Some(id) = &r.agreement.id {
        let _ = writeln!(
            s,
            "{}{}",
            v(id),
            r.agreement
                .version
                .as_deref()
                .map(|x| format!(", version {}", v(x)))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "terms fingerprint {}\nrule set digest {}\nmade with {}",
        v(&r.agreement.fingerprint),
        v(&r.agreement.rules_digest),
        made_with(r)
    );
    let _ = writeln!(
        s,
        "from {} to {}, as of {}\n{}",
        r.window.from,
        r.window.to,
        r.as_of,
        input_lines(r).join("\n")
    );
    for i in &r.input.invalid_records {
        let _ = writeln!(s, "  {}:{}: {}", v(&i.file), i.line, v(&i.message));
    }
    for l in crate::fields::lines(&r.input) {
        let _ = writeln!(s, "  {l}");
    }
    for o in &r.objectives {
        let _ = writeln!(
            s,
            "\n{} ({}, section {}): target {}",
            v(&o.title),
            v(&o.name),
            v(&o.section),
            v(&target_text(o))
        );
        if o.periods.is_empty() {
            let _ = writeln!(s, "  no period in the window");
        }
        for p in &o.periods {
            let mut line = format!(
                "  {:<10} {:<28} {}",
                p.label,
                value_text(o, p),
                verdict_word(p.verdict)
            );
            if let Some(c) = &p.counts {
                let _ = write!(line, "  [{}]", counts_text(c));
            }
            if let Some(t) = &p.time {
                let _ = write!(
                    line,
                    "  [{} s down of {} s, {} outage{}]",
                    t.down_seconds,
                    t.measured_seconds,
                    t.outages,
                    if t.outages == 1 { "" } else { "s" }
                );
            }
            if !p.complete {
                line.push_str("  (so far)");
            }
            let _ = writeln!(s, "{}", line.trim_end());
            for c in &p.components {
                let _ = writeln!(
                    s,
                    "    {:<16} {:<26} {}",
                    v(&c.id),
                    c.value.as_ref().map_or("no data".to_owned(), |v| format!(
                        "{}% ({}/{})",
                        v.percent, v.numerator, v.denominator
                    )),
                    verdict_word(c.verdict)
                );
            }
        }
        for b in &o.settlement_basis {
            let _ = writeln!(s, "  {} basis {}", v(b.kind.as_str()), v(&basis_text(b)));
        }
        if o.items_outside > 0 {
            let _ = writeln!(
                s,
                "  {} items started outside the reported periods",
                o.items_outside
            );
        }
        if !o.items_without_records.is_empty() {
            let ids: Vec<String> = o
                .items_without_records
                .iter()
                .map(|i| v(i).into_owned())
                .collect();
            let _ = writeln!(
                s,
                "  named items with no down or up record: {}",
                ids.join(", ")
            );
        }
        for b in &o.breached_items {
            let _ = writeln!(
                s,
                "  breached {} ({}): {} s against {} s, {}{}",
                v(&b.id),
                b.start,
                b.elapsed_seconds,
                b.budget_seconds,
                b.goal
                    .map_or("no goal applies".to_owned(), |g| format!("goal {g}")),
                if b.abandoned {
                    ", abandoned"
                } else if b.stopped {
                    ""
                } else {
                    ", still open"
                }
            );
        }
    }
    owed_text(&mut s, &r.settlements);
    s
}

/// What is owed, in words, with every amount as the contract writes it.
fn owed_text(s: &mut String, settlements: &[Settlement]) {
    if settlements.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nOwed");
    for st in settlements {
        let who = if st.kind == SettlementKind::Bonus {
            "bonus"
        } else {
            "credit"
        };
        let _ = writeln!(
            s,
            "  {} {} {}: {}",
            v(&st.service),
            v(&st.period),
            who,
            v(&money::words(&st.amount, &st.currency))
        );
        if let Some(fee) = &st.fee {
            let _ = writeln!(
                s,
                "    fee for the period: {}",
                v(&money::words(fee, &st.currency))
            );
        }
        for l in &st.lines {
            let _ = writeln!(s, "    {}", v(&line_text(l, &st.currency)));
        }
        for l in st.lines.iter().filter(|l| !l.claims.is_empty()) {
            let _ = writeln!(
                s,
                "    {} claims: {}",
                v(&l.objective),
                v(&l.claims.join("; "))
            );
        }
        if !st.capped_by.is_empty() {
            let _ = writeln!(
                s,
                "    total before caps: {}",
                v(&money::words(&st.total, &st.currency))
            );
        }
        for c in &st.capped_by {
            let _ = writeln!(s, "    capped at {}", v(c));
        }
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

/// One objective's line of a settlement, in words: `availability at
/// 99.795%: below 99.9% pays 10% of fee = EUR 650.00`.
pub(crate) fn line_text(l: &SettlementLine, currency: &str) -> String {
    format!(
        "{} at {}%: {} pays {} = {}",
        l.objective,
        l.value.percent,
        l.tier,
        l.payout,
        money::words(&l.amount, currency)
    )
}

/// Escapes text for Markdown, as the contract documents do, with hidden
/// characters shown (`\u{…}`).
fn md_escape(s: &str) -> String {
    slate_render::prose::escape_markdown(&v(s))
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
    for l in crate::fields::lines(&r.input) {
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
                    md_escape(b.kind.as_str()),
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
            md_escape(st.kind.as_str()),
            st.fee
                .as_ref()
                .map_or_else(String::new, |f| md_escape(&money::words(f, &st.currency))),
            lines.join("; "),
            md_escape(&money::words(&st.total, &st.currency)),
            md_escape(&st.capped_by.join("; ")),
            md_escape(&money::words(&st.amount, &st.currency))
        );
    }
}
