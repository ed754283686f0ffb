//! The report as a document tree: every fact the report shows, once, in the
//! contract's sections, blocks and inlines. The Markdown, HTML and text
//! reports are this tree, rendered.
//!
//! Every string from the rule set or the events enters the tree with its
//! hidden characters shown (`slate_words::visible`), so no renderer can let
//! one through raw, and a line break in an id cannot forge a line.

use slate_eval::report::*;
use slate_words::visible::visible as v;
use slate_words::{counted, money_amount, money_sum, number};

use super::objective::objective;
use super::words::{made_with, target_text, value_text};
use super::{ReportDocument, Tally};
pub(super) use crate::document::draft as section;
use crate::document::{Block, Figure, Inline, Section, Status, Table};

/// Text from the agreement or the events, its hidden characters shown.
pub(super) fn t(s: impl AsRef<str>) -> Inline {
    Inline::Text(v(s.as_ref()).into_owned())
}

/// A name as the data calls it, as code.
pub(super) fn c(s: impl AsRef<str>) -> Inline {
    Inline::Code(v(s.as_ref()).into_owned())
}

/// A figure or a name that matters, in bold.
pub(super) fn b(s: impl AsRef<str>) -> Inline {
    Inline::Strong(v(s.as_ref()).into_owned())
}

/// The tag of a period not over at the cut-off.
pub(super) fn so_far(complete: bool) -> Option<Inline> {
    (!complete).then(|| Inline::Tag("so far".to_owned()))
}

/// A verdict as a status, in the words every format uses.
pub(super) fn verdict(x: Verdict) -> Inline {
    let (status, words) = match x {
        Verdict::Met => (Status::Met, "met"),
        Verdict::Breached => (Status::Breached, "breached"),
        Verdict::NoData => (Status::NoData, "no data (met)"),
        Verdict::Pending => (Status::Pending, "pending"),
        Verdict::Unknown => (Status::Pending, "unknown (not met, not breached)"),
    };
    Inline::Status(status, words.to_owned())
}

/// A table with these column headings.
pub(super) fn table(head: &[&str], rows: Vec<Vec<Vec<Inline>>>) -> Block {
    Block::Table(Table {
        head: head.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    })
}

/// Builds the report's document.
pub fn build(r: &Report) -> ReportDocument {
    let mut sections = Vec::new();
    if let Some(g) = glance(r) {
        sections.push(g);
    }
    sections.push(input(&r.input));
    for (i, o) in r.objectives.iter().enumerate() {
        sections.push(objective(i, o));
    }
    sections.push(settlements(&r.settlements));
    if let Some(s) = r.termination.as_ref().and_then(super::rights::termination) {
        sections.push(s);
    }
    ReportDocument {
        kicker: "Service level report".to_owned(),
        title: v(&r.agreement.title).into_owned(),
        facts: facts(r),
        sections,
        footer: vec![
            Inline::Text("Report schema ".to_owned()),
            c(&r.schema),
            Inline::Text(
                ". Figures for periods not over at the cut-off are so far. \
                 A period with no data counts as met, and nothing is owed for it."
                    .to_owned(),
            ),
        ],
    }
}

/// What the report is about, and what made it.
fn facts(r: &Report) -> Block {
    let a = &r.agreement;
    let mut facts = Vec::new();
    let reference = match (&a.id, &a.version) {
        (Some(id), Some(x)) => Some(format!("{}, version {}", v(id), v(x))),
        (Some(id), None) => Some(v(id).into_owned()),
        (None, Some(x)) => Some(format!("version {}", v(x))),
        (None, None) => None,
    };
    if let Some(reference) = reference {
        facts.push(("Agreement".to_owned(), vec![Inline::Text(reference)]));
    }
    facts.push((
        "Window".to_owned(),
        vec![
            t(format!("{} to {}", r.window.from, r.window.to)),
            Inline::Tag("both included".to_owned()),
        ],
    ));
    facts.push((
        "As of".to_owned(),
        vec![
            t(r.as_of.to_string()),
            Inline::Tag("nothing at or after it was seen".to_owned()),
        ],
    ));
    facts.push(("Terms fingerprint".to_owned(), vec![c(&a.fingerprint)]));
    facts.push(("Rule set digest".to_owned(), vec![c(&a.rules_digest)]));
    facts.push(("Made with".to_owned(), vec![Inline::Text(made_with(r))]));
    Block::Facts(facts)
}

/// One row per objective and what is owed, before the details.
fn glance(r: &Report) -> Option<Section> {
    if r.objectives.is_empty() && r.settlements.is_empty() {
        return None;
    }
    let mut body = Vec::new();
    if !r.objectives.is_empty() {
        let rows = r
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let latest = o.periods.last().map_or_else(
                    || vec![Inline::Text("no period".to_owned())],
                    |p| {
                        // A period with no data says so once, in its verdict.
                        let value = value_text(o, p);
                        let mut cell = if p.verdict == Verdict::NoData && value == "no data" {
                            vec![t(format!("{}: ", p.label))]
                        } else {
                            vec![t(format!("{}: {value}, ", p.label))]
                        };
                        cell.push(verdict(p.verdict));
                        cell.extend(so_far(p.complete));
                        cell
                    },
                );
                vec![
                    vec![t(&o.section)],
                    vec![Inline::Ref {
                        id: format!("objective-{i}"),
                        text: v(&o.title).into_owned(),
                    }],
                    vec![t(target_text(o))],
                    latest,
                    Tally::of(&o.periods).inlines(),
                ]
            })
            .collect();
        body.push(table(
            &["Section", "Objective", "Target", "Latest period", "Periods"],
            rows,
        ));
    }
    body.push(Block::Para(owed(&r.settlements)));
    Some(section("glance".to_owned(), "At a glance".to_owned(), body))
}

/// Totals owed per kind and currency, in first-seen order.
fn owed(settlements: &[Settlement]) -> Vec<Inline> {
    if settlements.is_empty() {
        return vec![Inline::Text("Nothing is owed for the window.".to_owned())];
    }
    // A period not settled for want of a bill owes an amount not worked
    // out: it is counted apart, never added in as zero.
    let unbilled = settlements
        .iter()
        .filter(|st| st.unbilled.is_some())
        .count();
    let mut totals: Vec<(SettlementKind, &str, Vec<rust_decimal::Decimal>)> = Vec::new();
    for st in settlements.iter().filter(|st| st.unbilled.is_none()) {
        match totals
            .iter_mut()
            .find(|x| x.0 == st.kind && x.1 == st.currency)
        {
            Some(x) => x.2.push(st.amount),
            None => totals.push((st.kind, &st.currency, vec![st.amount])),
        }
    }
    let mut line = vec![Inline::Text("Owed: ".to_owned())];
    for (k, (kind, cur, amounts)) in totals.iter().enumerate() {
        if k > 0 {
            line.push(Inline::Text("; ".to_owned()));
        }
        let who = if *kind == SettlementKind::Bonus {
            " in bonus, by the customer"
        } else {
            " in credits, by the provider"
        };
        let sum = money_sum(amounts.iter().copied(), cur)
            .unwrap_or_else(|| format!("{} {} settlements", cur, amounts.len()));
        line.push(b(sum));
        line.push(Inline::Text(who.to_owned()));
    }
    if unbilled > 0 {
        if !totals.is_empty() {
            line.push(Inline::Text("; ".to_owned()));
        }
        line.push(b("not worked out"));
        line.push(Inline::Text(format!(
            " for {}, not settled for want of a bill",
            counted(unbilled as u64, "period", "periods")
        )));
    }
    line.push(Inline::Text(" (see ".to_owned()));
    line.push(Inline::Ref {
        id: "settlements".to_owned(),
        text: "Settlements".to_owned(),
    });
    line.push(Inline::Text(")".to_owned()));
    line
}

/// What was read: counts, files, invalid records, items no objective uses
/// and values the agreement does not declare.
fn input(i: &Input) -> Section {
    let figure = |n: u64, one: &str, many: &str, warn: bool| Figure {
        value: number(n),
        what: (if n == 1 { one } else { many }).to_owned(),
        warn,
    };
    let mut figures = vec![
        figure(i.records, "record read", "records read", false),
        figure(i.files.len() as u64, "file", "files", false),
        figure(
            i.duplicates,
            "duplicate, counted once",
            "duplicates, counted once",
            false,
        ),
        figure(
            i.after_cutoff,
            "record at or after the cut-off, not seen",
            "records at or after the cut-off, not seen",
            false,
        ),
        figure(
            i.invalid,
            "invalid record, skipped",
            "invalid records, skipped",
            i.invalid > 0,
        ),
        figure(
            i.unknown_items,
            "item no objective uses",
            "items no objective uses",
            false,
        ),
    ];
    if i.undeclared > 0 {
        figures.push(figure(
            i.undeclared,
            "record with a value the agreement does not declare",
            "records with a value the agreement does not declare",
            true,
        ));
    }
    let mut body = vec![Block::Figures(figures)];
    if !i.files.is_empty() {
        // A list, not a table: a file's name is as long as its path, and
        // a column padded to it would change with where the file is.
        body.push(Block::Para(vec![Inline::Text("Files read:".to_owned())]));
        body.push(Block::List(
            i.files
                .iter()
                .map(|f| {
                    let records = counted(f.records, "record", "records");
                    vec![c(&f.name), Inline::Text(format!(": {records}"))]
                })
                .collect(),
        ));
    }
    if !i.invalid_records.is_empty() {
        body.push(Block::Para(vec![Inline::Text(format!(
            "Invalid records{}:",
            first_of(i.invalid_records.len(), i.invalid)
        ))]));
        body.push(Block::List(
            i.invalid_records
                .iter()
                .map(|r| {
                    vec![
                        c(format!("{}:{}", v(&r.file), r.line)),
                        t(format!(": {}", r.message)),
                    ]
                })
                .collect(),
        ));
    }
    if !i.unknown_item_ids.is_empty() {
        let mut line = vec![Inline::Text(format!(
            "Items no objective uses{}: ",
            first_of(i.unknown_item_ids.len(), i.unknown_items)
        ))];
        for (k, id) in i.unknown_item_ids.iter().enumerate() {
            if k > 0 {
                line.push(Inline::Text(", ".to_owned()));
            }
            line.push(c(id));
        }
        body.push(Block::Para(line));
    }
    if !i.undeclared_records.is_empty() {
        body.push(Block::Para(vec![Inline::Text(format!(
            "Records whose declared field holds a value the agreement does not declare: {}{}",
            number(i.undeclared),
            if (i.undeclared_records.len() as u64) < i.undeclared {
                format!(" (the first {} values listed)", i.undeclared_records.len())
            } else {
                String::new()
            }
        ))]));
        body.push(Block::List(
            i.undeclared_records
                .iter()
                .map(|u| {
                    vec![
                        Inline::Text("item ".to_owned()),
                        c(&u.item),
                        Inline::Text(", event ".to_owned()),
                        c(&u.event),
                        Inline::Text(": ".to_owned()),
                        c(&u.field),
                        Inline::Text(" is ".to_owned()),
                        c(&u.value),
                        Inline::Text(", which the agreement does not declare".to_owned()),
                    ]
                })
                .collect(),
        ));
    }
    section("input".to_owned(), "Input".to_owned(), body)
}

/// ` (the first 10 of 1,234)` when a list is cut short, else nothing.
fn first_of(listed: usize, all: u64) -> String {
    if (listed as u64) < all {
        format!(" (the first {listed} of {})", number(all))
    } else {
        String::new()
    }
}

/// What is owed, one subsection per service and settlement period, with
/// every amount as the contract writes it.
fn settlements(list: &[Settlement]) -> Section {
    let mut s = section(
        "settlements".to_owned(),
        "Settlements".to_owned(),
        Vec::new(),
    );
    if list.is_empty() {
        s.body.push(Block::Para(vec![Inline::Text(
            "No credits or bonus are owed for the window.".to_owned(),
        )]));
    }
    for (k, st) in list.iter().enumerate() {
        let money = |amount, ends: bool| money_amount(amount, !ends, &st.currency);
        let bonus = st.kind == SettlementKind::Bonus;
        let heading = format!(
            "{} \u{b7} {} ({} to {})",
            v(&st.service),
            v(&st.period),
            st.from,
            st.to
        );
        let mut body = vec![Block::Para(vec![
            Inline::Text(if bonus {
                "Bonus owed by the customer: ".to_owned()
            } else {
                "Credits owed by the provider: ".to_owned()
            }),
            b(money(st.amount, true)),
        ])];
        if let Some(why) = &st.unbilled {
            // Never shown as zero: what is owed is not worked out.
            body = vec![Block::Para(vec![
                Inline::Text(if bonus {
                    "Bonus owed by the customer: ".to_owned()
                } else {
                    "Credits owed by the provider: ".to_owned()
                }),
                b("not worked out"),
                t(format!(" ({})", v(why))),
            ])];
        }
        match (&st.bill, st.fee) {
            (Some(bill), _) => body.push(Block::Para(vec![t(format!(
                "Fee for the period: {}, the charges billed, {}",
                money(bill.amount, true),
                bill_rows(bill)
            ))])),
            (None, Some(fee)) => body.push(Block::Para(vec![t(format!(
                "Fee for the period: {}",
                money(fee, true)
            ))])),
            (None, None) => {}
        }
        let rows = st.lines.iter().map(|l| line_row(l, &st.currency)).collect();
        if st.unbilled.is_some() && st.lines.is_empty() {
            s.children
                .push(section(format!("settlement-{k}"), heading, body));
            continue;
        }
        body.push(table(
            &["Objective", "Measured", "Tier", "Payout", "Amount"],
            rows,
        ));
        body.extend(super::lateness::items(&st.lines));
        body.extend(line_notes(&st.lines));
        let capped_each = st.lines.iter().any(|l| l.before_component_cap.is_some());
        body.push(Block::Para(vec![t(format!(
            "{}: {}",
            if capped_each {
                "Total after the caps per component, before the service's caps"
            } else {
                "Total before caps"
            },
            money(st.total.value, st.total.ends)
        ))]));
        let mut owed = vec![Inline::Text("Owed: ".to_owned())];
        if !st.capped_by.is_empty() {
            body.push(Block::List(
                st.capped_by
                    .iter()
                    .map(|cap| vec![t(capped_at(cap, st))])
                    .collect(),
            ));
            owed = vec![Inline::Text("Owed, after caps: ".to_owned())];
        }
        if st.unbilled.is_some() {
            // Never shown as zero: what is owed is not worked out.
            owed.push(b("not worked out"));
            owed.push(t(" (not settled for want of a bill)"));
        } else {
            owed.push(b(money(st.amount, true)));
        }
        body.push(Block::Para(owed));
        if let Some(w) = &st.withheld {
            body.push(Block::Para(vec![t(format!(
                "Withheld: below the minimum ({}): {} not issued",
                v(&w.minimum),
                money(w.amount, true)
            ))]));
        }
        s.children
            .push(section(format!("settlement-{k}"), heading, body));
    }
    s
}

/// A cap that reduced a settlement, in words: for a share of a billed
/// fee, with what it allowed and the bill rows it was worked out from
/// (`Capped at 25% of fee per month: USD 308.64, of the charges billed
/// from bill.csv line 2`; `…, of the charges billed, the sum of bill.csv
/// lines 2 and 5`).
fn capped_at(cap: &str, st: &Settlement) -> String {
    let billed = st.billed_caps.iter().find(|b| b.cap == cap);
    match (billed, &st.bill) {
        (Some(b), Some(bill)) => format!(
            "Capped at {cap}: {}, of the charges billed{}{}",
            money_amount(b.amount.value, !b.amount.ends, &st.currency),
            if bill.rows.is_empty() { " " } else { ", " },
            bill_rows(bill)
        ),
        _ => format!("Capped at {cap}"),
    }
}

/// The bill rows a billed fee was read from, in words: `from bill.csv
/// line 2`, or for several rows summed `the sum of bill.csv lines 2 and
/// 5` (each file's lines together, in the file's order).
fn bill_rows(bill: &BillSource) -> String {
    let rows = bill.all_rows();
    if let [(file, line)] = rows.as_slice() {
        return format!("from {} line {line}", v(file));
    }
    let mut files: Vec<(&str, Vec<String>)> = Vec::new();
    for (file, line) in rows {
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, lines)) => lines.push(line.to_string()),
            None => files.push((file, vec![line.to_string()])),
        }
    }
    let parts: Vec<String> = files
        .iter()
        .map(|(file, lines)| {
            let noun = if lines.len() == 1 { "line" } else { "lines" };
            format!("{} {noun} {}", v(file), slate_words::list_and(lines))
        })
        .collect();
    format!("the sum of {}", slate_words::list_and(&parts))
}

/// The table row of one settlement line: objective, measured value, tier,
/// payout and amount.
fn line_row(l: &SettlementLine, currency: &str) -> Vec<Vec<Inline>> {
    let money = |amount, ends: bool| money_amount(amount, !ends, currency);
    vec![
        vec![t(line_name(l))],
        vec![t(match (&l.value, &l.per_unit) {
            (Some(v), _) => {
                format!("{}% ({}/{})", v.percent, v.numerator, v.denominator)
            }
            (None, Some(u)) => super::per_unit::measured(u),
            (None, None) => String::new(),
        })],
        vec![t(
            match (l.breaches, &l.shortfall, &l.lateness, &l.per_unit) {
                (Some(n), _, _, _) => format!("{} × {n}", l.tier),
                (None, Some(sf), _, _) => format!("{} × {}", l.tier, sf.units),
                (None, None, Some(late), _) => super::lateness::units(&l.tier, late),
                (None, None, None, Some(u)) => format!("{} × {}", l.tier, u.units),
                (None, None, None, None) => l.tier.clone(),
            },
        )],
        // A day's share states the days it divided the fee by.
        vec![t(match l.days_in_period {
            Some(days) => format!("{} ({days} days in the period)", l.payout),
            None => l.payout.clone(),
        })],
        // A cap per component that binds states what it cut.
        vec![t(match &l.before_component_cap {
            Some(before) => format!(
                "{} ({} before the cap per component)",
                money(l.amount.value, l.amount.ends),
                money(before.value, before.ends)
            ),
            None => money(l.amount.value, l.amount.ends),
        })],
    ]
}

/// The objective of a line, with the component that earns it (per
/// component): `uptime, component c2`.
fn line_name(l: &SettlementLine) -> String {
    match &l.component {
        Some(c) => format!("{}, component {c}", l.objective),
        None => l.objective.clone(),
    }
}

/// The claims and the shortfall figures of a settlement's lines, as lists
/// under its table.
fn line_notes(lines: &[SettlementLine]) -> Vec<Block> {
    let mut out = Vec::new();
    let claims: Vec<Vec<Inline>> = lines
        .iter()
        .filter(|l| !l.claims.is_empty())
        .map(|l| {
            let deadline = l
                .claim_deadline
                .as_ref()
                .map(|d| format!("; claim deadline {d}"))
                .unwrap_or_default();
            vec![t(format!(
                "Claims for {}: {}{deadline}",
                l.objective,
                l.claims.join("; ")
            ))]
        })
        .collect();
    if !claims.is_empty() {
        out.push(Block::List(claims));
    }
    let shortfalls: Vec<Vec<Inline>> = lines
        .iter()
        .filter_map(|l| {
            l.shortfall
                .as_ref()
                .map(|sf| vec![t(super::shortfall::line(&line_name(l), sf))])
        })
        .collect();
    if !shortfalls.is_empty() {
        out.push(Block::List(shortfalls));
    }
    out
}
