//! The report as plain text, for a terminal.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::money_amount;
use slate_words::visible::{visible as v, visible_lines};

use super::words::{
    basis_text, counts_text, input_lines, line_text, made_with, target_text, undeclared_lines,
    value_text, verdict_word,
};

/// The report as plain text. Every string from the rule set or the events
/// is shown with its hidden characters visible (see [`slate_words::visible`]), so
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
    for l in undeclared_lines(&r.input) {
        let _ = writeln!(s, "  {l}");
    }
    for o in &r.objectives {
        objective_text(&mut s, o);
    }
    owed_text(&mut s, &r.settlements);
    s
}

/// One objective: its target, each period's value and verdict, the
/// settlement basis and the breached items.
fn objective_text(s: &mut String, o: &ObjectiveReport) {
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
        let _ = writeln!(
            s,
            "  {} basis {}",
            v(&b.kind.to_string()),
            v(&basis_text(b))
        );
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
            v(&money_amount(st.amount, false, &st.currency))
        );
        if let Some(fee) = &st.fee {
            let _ = writeln!(
                s,
                "    fee for the period: {}",
                v(&money_amount(*fee, false, &st.currency))
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
                v(&money_amount(st.total.value, !st.total.ends, &st.currency))
            );
        }
        for c in &st.capped_by {
            let _ = writeln!(s, "    capped at {}", v(c));
        }
    }
}
