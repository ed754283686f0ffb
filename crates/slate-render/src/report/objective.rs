//! One objective of the report as a section of the document tree: its
//! target, a chart and a table of its periods, and subsections for its
//! components, its settlement basis and its breached items.

use slate_eval::report::*;
use slate_words::visible::visible as v;
use slate_words::{counted, number, short_duration};

use super::Tally;
use super::build::{b, c, section, so_far, t, table, verdict};
use super::words::{kind_words, ratio_text, target_text, tier_text, value_text};
use crate::document::{Block, Chart, ChartKind, Inline, Section};

/// The section of the objective at `i` in the report.
pub(super) fn objective(i: usize, o: &ObjectiveReport) -> Section {
    let mut meta = vec![
        c(&o.name),
        Inline::Text(" \u{b7} service ".to_owned()),
        c(&o.service),
        Inline::Text(format!(" \u{b7} {} \u{b7} target ", kind_words(o.kind))),
        b(target_text(o)),
        Inline::Text(" \u{b7} ".to_owned()),
    ];
    meta.extend(Tally::of(&o.periods).inlines());
    let mut body = vec![Block::Para(meta)];
    body.extend(arrivals(o));
    let chart = |kind| {
        Block::Chart(Chart {
            kind,
            index: i,
            objective: Box::new(o.clone()),
        })
    };
    if o.periods.is_empty() {
        body.push(Block::Para(vec![Inline::Text(
            "No period of this objective falls in the window.".to_owned(),
        )]));
    } else {
        body.push(chart(ChartKind::Periods));
        body.push(periods(o));
        body.extend(goals(o));
        body.extend(hours_left_out(o));
    }
    if o.kind == Kind::TimeToEvent && !o.distribution.is_empty() {
        body.push(chart(ChartKind::Distribution));
    }
    if o.items_outside > 0 {
        body.push(Block::Para(vec![Inline::Text(outside(o))]));
    }
    if !o.items_without_records.is_empty() {
        let ids: Vec<String> = o
            .items_without_records
            .iter()
            .map(|i| v(i).into_owned())
            .collect();
        body.push(Block::Para(vec![Inline::Text(format!(
            "Named items with no down or up record: {}.",
            ids.join(", ")
        ))]));
    }
    let mut s = section(
        format!("objective-{i}"),
        format!("{} (section {})", v(&o.title), v(&o.section)),
        body,
    );
    s.children.extend(components(i, o));
    s.children.extend(basis(i, o));
    s.children.extend(breached_items(i, o));
    s.children.extend(super::due::due_items(i, o));
    s.children.extend(super::due::due_outside(i, o));
    s
}

/// A period's label, with its tag when it is not over.
fn label(p: &PeriodReport) -> Vec<Inline> {
    let mut cell = vec![b(&p.label)];
    cell.extend(so_far(p.complete));
    cell
}

/// The table of the objective's periods.
fn periods(o: &ObjectiveReport) -> Block {
    let detail = match o.kind {
        Kind::TimeToEvent | Kind::DurationAggregate | Kind::Rate | Kind::DueDate => Some("Items"),
        Kind::SampleAggregate => Some("Samples"),
        Kind::Availability => Some("Downtime"),
        Kind::Volume => None,
    };
    let mut head = vec!["Period", "Dates", "Measured", "Verdict"];
    head.extend(detail);
    let rows = o
        .periods
        .iter()
        .filter(|p| listed(o, p))
        .map(|p| {
            let dates = if p.from == p.to {
                p.from.to_string()
            } else {
                format!("{} to {}", p.from, p.to)
            };
            let mut row = vec![
                label(p),
                vec![t(dates)],
                vec![t(value_text(o, p))],
                vec![verdict(p.verdict)],
            ];
            if detail.is_some() {
                row.push(vec![t(period_detail(p))]);
            }
            row
        })
        .collect();
    table(&head, rows)
}

/// The goals that depend on when an item arrived (docs/semantics.md, "A
/// condition on arrival"): `Goal 1 is for items arriving during
/// core_hours; …`, so that a goal's number in the tables reads.
fn arrivals(o: &ObjectiveReport) -> Option<Block> {
    if o.goal_arrivals.is_empty() {
        return None;
    }
    let mut out = vec![Inline::Text(
        "Goals by arrival (at each item's first start): ".to_owned(),
    )];
    for (k, a) in o.goal_arrivals.iter().enumerate() {
        if k > 0 {
            out.push(Inline::Text("; ".to_owned()));
        }
        out.push(Inline::Text(format!("goal {} is for items ", a.goal)));
        out.push(c(&a.arrival));
    }
    out.push(Inline::Text(".".to_owned()));
    Some(Block::Para(out))
}

/// Whether every goal of the objective carries its own target.
fn per_goal(o: &ObjectiveReport) -> bool {
    o.periods.iter().any(|p| !p.goals.is_empty())
}

/// The table of each goal's compliance and verdict per period, for an
/// objective with a target per goal (docs/semantics.md, "A target per goal").
fn goals(o: &ObjectiveReport) -> Option<Block> {
    if !per_goal(o) {
        return None;
    }
    let rows = o
        .periods
        .iter()
        .filter(|p| listed(o, p))
        .flat_map(|p| {
            p.goals.iter().map(move |g| {
                let mut items = format!(
                    "{}\u{a0}met \u{b7} {}\u{a0}breached",
                    number(g.met),
                    number(g.breached)
                );
                if g.pending > 0 {
                    items.push_str(&format!(" \u{b7} {}\u{a0}pending", number(g.pending)));
                }
                vec![
                    label(p),
                    vec![t(format!("goal {}", g.goal))],
                    vec![t(format!("{}%", g.target.normalize()))],
                    vec![t(g
                        .value
                        .as_ref()
                        .map_or_else(|| "no data".to_owned(), ratio_text))],
                    vec![verdict(g.verdict)],
                    vec![t(items)],
                ]
            })
        })
        .collect();
    Some(table(
        &["Period", "Goal", "Target", "Compliance", "Verdict", "Items"],
        rows,
    ))
}

/// How many clock hours the period table lists in full: a day's worth,
/// with a clock change. Beyond that (a month has some 744 hours), it lists
/// only the hours breached or not over, so that it stays readable.
pub(super) const HOURS_LISTED: usize = 25;

/// Whether the period table lists the period `p`: every period, except
/// the hours met or without data of an objective with more hours than
/// [`HOURS_LISTED`].
pub(super) fn listed(o: &ObjectiveReport, p: &PeriodReport) -> bool {
    !o.period.is_hourly()
        || o.periods.len() <= HOURS_LISTED
        || p.verdict == Verdict::Breached
        || !p.complete
}

/// The sentence that says how many hours the period table leaves out.
fn hours_left_out(o: &ObjectiveReport) -> Option<Block> {
    let left = o.periods.iter().filter(|p| !listed(o, p)).count();
    (left > 0).then(|| {
        Block::Para(vec![
            Inline::Text(format!(
                "Of {}, the {} met or without data {} not listed here; the JSON report (",
                counted(o.periods.len() as u64, "hour", "hours"),
                number(left as u64),
                if left == 1 { "is" } else { "are" }
            )),
            c("--format json"),
            Inline::Text(") lists every hour.".to_owned()),
        ])
    })
}

/// A period's counts of items, or its downtime.
fn period_detail(p: &PeriodReport) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &p.counts {
        parts.push(format!("{}\u{a0}met", number(c.met)));
        parts.push(format!("{}\u{a0}breached", number(c.breached)));
        for (n, w) in [
            (c.pending, "pending"),
            (c.ignored, "ignored"),
            (c.ungoverned, "ungoverned"),
        ] {
            if n > 0 {
                parts.push(format!("{}\u{a0}{w}", number(n)));
            }
        }
    }
    if let Some(x) = &p.time {
        parts.push(downtime_text(x));
    }
    if let Some(a) = &p.aggregate {
        parts.push(format!("{}\u{a0}timed", number(a.values)));
        for (n, w) in [
            (a.pending, "pending"),
            (a.ignored, "ignored"),
            (a.never_stopped, "never stopped"),
        ] {
            if n > 0 {
                parts.push(format!("{}\u{a0}{w}", number(n)));
            }
        }
    }
    if let Some(x) = &p.sample {
        let noun = if x.samples == 1 { "sample" } else { "samples" };
        parts.push(format!("{}\u{a0}{noun}", number(x.samples)));
        for (n, w) in [(x.excluded, "excluded"), (x.invalid, "invalid")] {
            if n > 0 {
                parts.push(format!("{}\u{a0}{w}", number(n)));
            }
        }
    }
    if let Some(r) = &p.rate {
        parts.push(format!("{}\u{a0}in the denominator", number(r.denominator)));
        parts.push(format!("{}\u{a0}in the numerator", number(r.numerator)));
        if r.ignored > 0 {
            parts.push(format!("{}\u{a0}ignored", number(r.ignored)));
        }
    }
    parts.join(" \u{b7} ")
}

/// `1h 30m down of 30d measured, 2 outages (5,400 s of 2,592,000 s)`.
fn downtime_text(x: &Downtime) -> String {
    let text = seconds_text(x);
    match (x.unit_seconds, x.measured_units, x.down_units) {
        (Some(u), Some(m), Some(d)) => format!(
            "{} of {} {} of {} down; {text}",
            number(d),
            number(m),
            if m == 1 { "unit" } else { "units" },
            short_duration(u)
        ),
        _ => text,
    }
}

fn seconds_text(x: &Downtime) -> String {
    format!(
        "{} down of {} measured{} ({} s of {} s)",
        short_duration(x.down_seconds),
        short_duration(x.measured_seconds),
        if x.outages > 0 || x.down_seconds > 0 {
            format!(", {}", counted(x.outages, "outage", "outages"))
        } else {
            String::new()
        },
        number(x.down_seconds),
        number(x.measured_seconds)
    )
}

/// Each component's availability in each period.
fn components(i: usize, o: &ObjectiveReport) -> Option<Section> {
    let rows: Vec<Vec<Vec<Inline>>> = o
        .periods
        .iter()
        .filter(|p| listed(o, p))
        .flat_map(|p| {
            p.components.iter().map(|x| {
                vec![
                    label(p),
                    vec![c(&x.id)],
                    vec![t(x
                        .value
                        .as_ref()
                        .map_or_else(|| "no data".to_owned(), ratio_text))],
                    vec![verdict(x.verdict)],
                    vec![t(downtime_text(&x.time))],
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let head = ["Period", "Component", "Availability", "Verdict", "Downtime"];
    Some(section(
        format!("objective-{i}-components"),
        "Components".to_owned(),
        vec![table(&head, rows)],
    ))
}

/// The value over each settlement period and the tier it reached.
fn basis(i: usize, o: &ObjectiveReport) -> Option<Section> {
    if o.settlement_basis.is_empty() {
        return None;
    }
    let rows = o
        .settlement_basis
        .iter()
        .map(|x| {
            vec![
                vec![t(x.kind.as_str())],
                vec![t(&x.period)],
                vec![t(x.value.as_ref().map_or("no data".to_owned(), ratio_text))],
                vec![t(tier_text(x))],
            ]
        })
        .collect();
    Some(section(
        format!("objective-{i}-basis"),
        "Credits and bonus basis".to_owned(),
        vec![table(
            &["Schedule", "Period", "Measured", "Tier reached"],
            rows,
        )],
    ))
}

/// The items that missed their budget.
fn breached_items(i: usize, o: &ObjectiveReport) -> Option<Section> {
    if o.breached_items.is_empty() {
        return None;
    }
    let rows = o
        .breached_items
        .iter()
        .map(|x| {
            let share = if x.budget_seconds > 0 {
                let pc = i128::from(x.elapsed_seconds) * 100 / i128::from(x.budget_seconds);
                format!("{pc}%")
            } else {
                "\u{2013}".to_owned()
            };
            let state = if x.abandoned {
                "abandoned"
            } else if x.stopped {
                "stopped"
            } else {
                "still open"
            };
            let seconds = |n: i64| format!("{} ({} s)", short_duration(n), number(n));
            vec![
                vec![c(&x.id)],
                vec![t(&x.period)],
                vec![t(x.start.to_string())],
                vec![t(seconds(x.elapsed_seconds))],
                vec![t(seconds(x.budget_seconds))],
                vec![t(share)],
                vec![t(x.goal.map_or("\u{2013}".to_owned(), |g| g.to_string()))],
                vec![t(state)],
            ]
        })
        .collect();
    let head = [
        "Item",
        "Period",
        "Start",
        "Elapsed",
        "Budget",
        "Of budget",
        "Goal",
        "State",
    ];
    Some(section(
        format!("objective-{i}-breached"),
        format!("Breached items ({})", number(o.breached_items.len() as u64)),
        vec![table(&head, rows)],
    ))
}

/// What is left out for lying outside the reported periods, in the number
/// it is: an item belongs to a period by its start, a due-date item by its
/// due date, a sample by its own time.
fn outside(o: &ObjectiveReport) -> String {
    let n = o.items_outside;
    let (is, are) = if n == 1 {
        ("is", "was")
    } else {
        ("are", "were")
    };
    match o.kind {
        Kind::DueDate => format!(
            "{} {is} due outside the reported periods and {is} not counted.",
            counted(n, "item", "items")
        ),
        Kind::SampleAggregate => format!(
            "{} {are} taken outside the reported periods and {is} not counted.",
            counted(n, "sample", "samples")
        ),
        _ => format!(
            "{} started outside the reported periods and {is} not counted.",
            counted(n, "item", "items")
        ),
    }
}
