//! Rights that are not money in the report: when the customer's right to
//! terminate for cause arose, and the periods that made the run.

use slate_eval::report::UndecidedPeriod;
use slate_eval::report::{
    ForCauseReport, ForCauseWindowReport, SuspensionReport, TerminationReport,
};
use slate_words::{count, date_range, month_name};

use super::build::{b, c, section, t, table};
use crate::document::{Block, Inline, Section, Status};

/// The section on termination, when the agreement states a right that
/// the events can give.
pub(super) fn termination(r: &TerminationReport) -> Option<Section> {
    if r.for_cause.is_none() && r.for_cause_window.is_none() && r.suspension.is_none() {
        return None;
    }
    let mut body = r.for_cause.as_ref().map(for_cause).unwrap_or_default();
    body.extend(
        r.for_cause_window
            .as_ref()
            .map(for_cause_window)
            .unwrap_or_default(),
    );
    body.extend(r.suspension.as_ref().map(suspension).unwrap_or_default());
    let title = match (
        r.for_cause.is_some() || r.for_cause_window.is_some(),
        r.suspension.is_some(),
    ) {
        (true, false) => "Termination for cause",
        (true, true) => "Termination for cause and suspension",
        (false, _) => "Suspension",
    };
    Some(section("termination".to_owned(), title.to_owned(), body))
}

/// `suspend after D without PARTY response while CONDITION`: whether and
/// when the provider's right to suspend arose, and the item that gave it.
fn suspension(s: &SuspensionReport) -> Vec<Block> {
    let unit = s.after.unit.name();
    let length = count(s.after.count, unit.strip_suffix('s').unwrap_or(unit));
    let mut first = vec![
        t("The provider may suspend the services when "),
        c(&s.party),
        t(format!(
            " does not respond for {length}: when an open item's "
        )),
        c(&s.waiting.field),
        t(" is "),
    ];
    let n = s.waiting.values.len();
    for (i, v) in s.waiting.values.iter().enumerate() {
        if i > 0 {
            first.push(t(if i + 1 == n { " or " } else { ", " }));
        }
        first.push(c(v));
    }
    first.push(t(format!(" for {length} without a break.")));
    let mut body = vec![Block::Para(first)];
    body.push(Block::Para(
        match (&s.arises_at, &s.item, &s.silent_since) {
            (Some(at), Some(item), Some(since)) => vec![
                Inline::Status(Status::Breached, "Arisen".to_owned()),
                t(": the right to suspend arose at "),
                b(at.to_string()),
                t(", when item "),
                c(item),
                t(format!(" had waited since {since}.")),
            ],
            _ => vec![
                Inline::Status(Status::Met, "Not arisen".to_owned()),
                t(format!(
                    ": no item had waited for {length} up to the cut-off."
                )),
            ],
        },
    ));
    body
}

/// `for cause when downtime of X exceeds L in any W`: whether and when the
/// right arose, and the window that gave it.
fn for_cause_window(w: &ForCauseWindowReport) -> Vec<Block> {
    let limit = slate_words::seconds(w.limit_seconds);
    let window = slate_words::seconds(w.window_seconds);
    let mut body = vec![Block::Para(vec![
        t("The customer may terminate for cause when the downtime of "),
        c(&w.objective),
        t(format!(
            " in any {window} of real time exceeds {limit}; exactly {limit} does not."
        )),
    ])];
    body.push(Block::Para(match (&w.arises_at, &w.window_from) {
        (Some(at), Some(from)) => vec![
            Inline::Status(Status::Breached, "Arisen".to_owned()),
            t(": the right to terminate for cause arose at "),
            b(at.to_string()),
            t(format!(
                ", when the window from {from} to {at} held {} of downtime.",
                slate_words::seconds(w.window_down_seconds.unwrap_or(0))
            )),
        ],
        _ => vec![
            Inline::Status(Status::Met, "Not arisen".to_owned()),
            t(format!(
                ": no {window} up to the cut-off held more than {limit} of downtime."
            )),
        ],
    }));
    body
}

fn for_cause(f: &ForCauseReport) -> Vec<Block> {
    let noun = f.period.noun();
    let mut body = vec![Block::Para(vec![t(format!(
        "The customer may terminate for cause after {} in breach. \
         A {noun} is in breach when any objective measured per {noun} is breached in it; \
         a {noun} with no data, or not over at the cut-off, is not.",
        count_consecutive(f.consecutive, noun)
    ))])];
    if f.objectives.is_empty() {
        body.push(Block::Para(vec![t(format!(
            "No objective is measured per {noun}, so no {noun} can be in breach."
        ))]));
    } else {
        let mut line = vec![Inline::Text("Objectives counted: ".to_owned())];
        for (i, o) in f.objectives.iter().enumerate() {
            if i > 0 {
                line.push(Inline::Text(", ".to_owned()));
            }
            line.push(c(o));
        }
        body.push(Block::Para(line));
    }
    let run = f.run.len() as u64;
    body.push(Block::Para(match &f.arises_at {
        _ if !f.undecided.is_empty() => undecided(f),
        Some(at) => vec![
            Inline::Status(Status::Breached, "Arisen".to_owned()),
            Inline::Text(": the right to terminate for cause arose at ".to_owned()),
            b(at.to_string()),
            t(format!(
                ", the end of {}, the last of {} in breach.",
                f.run.last().map_or("", |p| p.label.as_str()),
                count_consecutive(f.consecutive, noun)
            )),
        ],
        None => vec![
            Inline::Status(Status::Met, "Not arisen".to_owned()),
            t(format!(
                ": {run} of {} in breach so far.",
                count_consecutive(f.consecutive, noun)
            )),
        ],
    }));
    if !f.run.is_empty() {
        let rows = f
            .run
            .iter()
            .map(|p| {
                let mut breached = Vec::new();
                for (i, o) in p.breached.iter().enumerate() {
                    if i > 0 {
                        breached.push(Inline::Text(", ".to_owned()));
                    }
                    breached.push(c(o));
                }
                vec![
                    vec![t(&p.label)],
                    vec![t(format!("{} to {}", p.from, p.to))],
                    breached,
                ]
            })
            .collect();
        body.push(table(&["Period", "Dates", "Breached"], rows));
    }
    body
}

/// The right depends on periods that could not be computed: "Undecided:
/// February 2026 could not be computed (`mean`)".
fn undecided(f: &ForCauseReport) -> Vec<Inline> {
    let mut line = vec![
        Inline::Status(Status::Pending, "Undecided".to_owned()),
        t(": "),
    ];
    for (i, p) in f.undecided.iter().enumerate() {
        if i > 0 {
            line.push(t(if i + 1 == f.undecided.len() {
                " and "
            } else {
                ", "
            }));
        }
        line.push(t(format!("{} (", period_name(p))));
        for (j, o) in p.unknown.iter().enumerate() {
            if j > 0 {
                line.push(t(", "));
            }
            line.push(c(o));
        }
        line.push(t(")"));
    }
    line.push(t(format!(
        " could not be computed, and whether or when the right to terminate for cause arose \
         depends on {}.",
        if f.undecided.len() == 1 { "it" } else { "them" }
    )));
    line
}

/// `February 2026` for a calendar month (labelled `2026-02`), the dates
/// otherwise.
fn period_name(p: &UndecidedPeriod) -> String {
    let month = p
        .label
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
        .and_then(|(y, m)| Some((y, m.parse::<u32>().ok()?)))
        .map(|(y, m)| (y, month_name(m)))
        .filter(|(_, name)| !name.is_empty());
    match month {
        Some((year, name)) => format!("{name} {year}"),
        None => date_range(p.from, p.to),
    }
}

/// `3 consecutive months`, `1 month`.
fn count_consecutive(n: u64, noun: &str) -> String {
    if n == 1 {
        count(1, noun)
    } else {
        format!("{n} consecutive {noun}s")
    }
}
