//! The report's words, shared by the text, Markdown and HTML reports: a
//! period's value, a target, a tier, the input's counts, a settlement line.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::money_amount;
use slate_words::visible::visible as v;

pub(super) fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "BREACHED",
        Verdict::NoData => "no data (met)",
        Verdict::Pending => "pending",
    }
}

/// The measured value of a period, in words.
pub(super) fn value_text(o: &ObjectiveReport, p: &PeriodReport) -> String {
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
pub(super) fn target_text(o: &ObjectiveReport) -> String {
    match o.kind {
        Kind::Volume => format!("{} per {}", o.target, o.period.noun()),
        _ => format!("{}% per {}", o.target, o.period.noun()),
    }
}

/// What a settlement period's value reached, in words.
pub(super) fn tier_text(b: &Basis) -> String {
    match (&b.tier, b.complete, &b.value) {
        (_, false, _) => "not over, not settled yet".to_owned(),
        (_, _, None) => "no data, nothing owed".to_owned(),
        (Some(t), true, _) => t.clone(),
        (None, true, _) => "no tier reached, nothing owed".to_owned(),
    }
}

/// A settlement period's value and tier, in words.
pub(super) fn basis_text(b: &Basis) -> String {
    let value = b.value.as_ref().map_or("no data".to_owned(), |v| {
        format!("{}% ({}/{})", v.percent, v.numerator, v.denominator)
    });
    format!("{}: {value}, {}", b.period, tier_text(b))
}

pub(super) fn counts_text(c: &Counts) -> String {
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

pub(super) fn input_lines(r: &Report) -> Vec<String> {
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
pub(super) fn made_with(r: &Report) -> String {
    format!(
        "Slate {}, time-zone database {}",
        v(&r.made_with.slate),
        v(&r.made_with.tzdb)
    )
}

/// One objective's line of a settlement, in words: `availability at
/// 99.795%: below 99.9% pays 10% of fee = EUR 650.00`.
pub(super) fn line_text(l: &SettlementLine, currency: &str) -> String {
    format!(
        "{} at {}%: {} pays {} = {}",
        l.objective,
        l.value.percent,
        l.tier,
        l.payout,
        money_amount(l.amount.value, !l.amount.ends, currency)
    )
}

/// One line per listed value, for text and Markdown:
/// `item A1, event created: priority is "P5", which the agreement does not declare`.
pub(super) fn undeclared_lines(i: &Input) -> Vec<String> {
    i.undeclared_records
        .iter()
        .map(|u| {
            // Each value is shown visibly here: the text report keeps its
            // own line breaks, so a raw one in an id would forge a line.
            format!(
                "item {}, event {}: {} is \"{}\", which the agreement does not declare",
                v(&u.item),
                v(&u.event),
                v(&u.field),
                v(&u.value)
            )
        })
        .collect()
}
