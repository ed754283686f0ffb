//! The report as one self-contained HTML page: inline CSS (`style.css`) and
//! inline SVG charts (`chart.rs`), no script and no external resource, so it
//! can be mailed, archived or printed as it is.
//!
//! Every piece of text that comes from the agreement or the events goes
//! through [`esc`], in HTML and in SVG alike. The output depends on the report
//! alone: no clock, and the report's own order.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::visible::{visible, visible_lines};
use slate_words::{counted, money_amount, money_sum, number, short_duration};

use super::chart::{distribution_chart, period_chart};
use super::words::{made_with, target_text, tier_text, value_text};

/// The stylesheet, for screens and A4 paper.
const CSS: &str = include_str!("style.css");

/// The report as one self-contained HTML page. No hidden character reaches
/// it raw: text goes through [`esc`], and the page as a whole is checked
/// the same way.
pub fn to_html(r: &Report) -> String {
    visible_lines(&page(r)).into_owned()
}

fn page(r: &Report) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let title = &r.agreement.title;
    s.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>Service level report: {}</title>", esc(title));
    let _ = writeln!(s, "<style>\n{CSS}</style>\n</head>\n<body>\n<main>");
    header(&mut s, r);
    glance(&mut s, r);
    input(&mut s, &r.input);
    for (i, o) in r.objectives.iter().enumerate() {
        objective(&mut s, i, o);
    }
    settlements(&mut s, &r.settlements);
    let _ = writeln!(
        s,
        "<footer>Report schema <code>{}</code>. Figures for periods not over at the cut-off are so far. \
         A period with no data counts as met, and nothing is owed for it.</footer>",
        esc(&r.schema)
    );
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// Escapes text for HTML and SVG content and attribute values: the contract
/// document's escaping, one function for both, after showing hidden
/// characters visibly (`\u{…}`, see [`slate_words::visible`]).
pub(super) fn esc(s: &str) -> String {
    slate_words::escape_html(&visible(s))
}

pub(super) fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "nodata",
        Verdict::Pending => "pending",
    }
}

pub(super) fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "no data",
        Verdict::Pending => "pending",
    }
}

pub(super) fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "\u{2713}",
        Verdict::Breached => "\u{2715}",
        Verdict::NoData => "\u{2013}",
        Verdict::Pending => "\u{2026}",
    }
}

/// A verdict chip: colour, border style, a mark and a word.
fn chip(v: Verdict) -> String {
    let word = match v {
        Verdict::NoData => "no data (met)",
        _ => verdict_words(v),
    };
    format!(
        "<span class=\"v v-{}\">{} {}</span>",
        verdict_class(v),
        verdict_mark(v),
        word
    )
}

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::TimeToEvent => "time to event",
        Kind::Availability => "availability",
        Kind::Volume => "volume",
    }
}

pub(super) fn measure_words(k: Kind) -> &'static str {
    match k {
        Kind::TimeToEvent => "compliance",
        Kind::Availability => "availability",
        Kind::Volume => "items counted",
    }
}

fn ratio_text(v: &Ratio) -> String {
    format!("{}% ({}/{})", v.percent, v.numerator, v.denominator)
}

fn header(s: &mut String, r: &Report) {
    let a = &r.agreement;
    s.push_str("<header class=\"top\">\n<p class=\"kicker\">Service level report</p>\n");
    let _ = writeln!(s, "<h1>{}</h1>", esc(&a.title));
    s.push_str("<dl class=\"facts\">\n");
    let reference = match (&a.id, &a.version) {
        (Some(id), Some(v)) => Some(format!("{}, version {}", esc(id), esc(v))),
        (Some(id), None) => Some(esc(id)),
        (None, Some(v)) => Some(format!("version {}", esc(v))),
        (None, None) => None,
    };
    if let Some(reference) = reference {
        let _ = writeln!(s, "<dt>Agreement</dt><dd>{reference}</dd>");
    }
    let _ = writeln!(
        s,
        "<dt>Window</dt><dd>{} to {} <span class=\"muted\">(both included)</span></dd>",
        esc(&r.window.from.to_string()),
        esc(&r.window.to.to_string())
    );
    let _ = writeln!(
        s,
        "<dt>As of</dt><dd>{} <span class=\"muted\">(nothing at or after it was seen)</span></dd>",
        esc(&r.as_of.to_string())
    );
    let _ = writeln!(
        s,
        "<dt>Terms fingerprint</dt><dd><code>{}</code></dd>",
        esc(&a.fingerprint)
    );
    let _ = writeln!(
        s,
        "<dt>Rule set digest</dt><dd><code>{}</code></dd>",
        esc(&a.rules_digest)
    );
    let _ = writeln!(s, "<dt>Made with</dt><dd>{}</dd>", esc(&made_with(r)));
    s.push_str("</dl>\n</header>\n");
}

#[derive(Default)]
struct Tally {
    met: u64,
    breached: u64,
    nodata: u64,
    pending: u64,
}

impl Tally {
    fn of(periods: &[PeriodReport]) -> Tally {
        let mut t = Tally::default();
        for p in periods {
            match p.verdict {
                Verdict::Met => t.met += 1,
                Verdict::Breached => t.breached += 1,
                Verdict::NoData => t.nodata += 1,
                Verdict::Pending => t.pending += 1,
            }
        }
        t
    }

    fn chips(&self) -> String {
        let mut out = Vec::new();
        for (n, v) in [
            (self.met, Verdict::Met),
            (self.breached, Verdict::Breached),
            (self.nodata, Verdict::NoData),
            (self.pending, Verdict::Pending),
        ] {
            if n > 0 {
                out.push(format!(
                    "<span class=\"v v-{}\">{} {} {}</span>",
                    verdict_class(v),
                    verdict_mark(v),
                    number(n),
                    verdict_words(v)
                ));
            }
        }
        if out.is_empty() {
            "<span class=\"muted\">no period</span>".to_owned()
        } else {
            out.join(" ")
        }
    }
}

/// One row per objective and what is owed, before the details.
fn glance(s: &mut String, r: &Report) {
    if r.objectives.is_empty() && r.settlements.is_empty() {
        return;
    }
    s.push_str("<section class=\"glance\">\n<h2>At a glance</h2>\n");
    if !r.objectives.is_empty() {
        s.push_str(
            "<table>\n<thead><tr><th>Section</th><th>Objective</th><th>Target</th>\
             <th>Latest period</th><th>Periods</th></tr></thead>\n<tbody>\n",
        );
        for (i, o) in r.objectives.iter().enumerate() {
            let latest = o.periods.last().map_or_else(
                || "<span class=\"muted\">no period</span>".to_owned(),
                |p| {
                    format!(
                        "{}: {} {}{}",
                        esc(&p.label),
                        esc(&value_text(o, p)),
                        chip(p.verdict),
                        if p.complete {
                            ""
                        } else {
                            "<span class=\"tag\">so far</span>"
                        }
                    )
                },
            );
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td><a href=\"#objective-{i}\">{}</a></td><td>{}</td><td>{latest}</td><td>{}</td></tr>",
                esc(&o.section),
                esc(&o.title),
                esc(&target_text(o)),
                Tally::of(&o.periods).chips()
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    // Totals owed per kind and currency, in first-seen order.
    let mut totals: Vec<(SettlementKind, String, Vec<rust_decimal::Decimal>)> = Vec::new();
    for st in &r.settlements {
        match totals
            .iter_mut()
            .find(|t| t.0 == st.kind && t.1 == st.currency)
        {
            Some(t) => t.2.push(st.amount),
            None => totals.push((st.kind, st.currency.clone(), vec![st.amount])),
        }
    }
    if r.settlements.is_empty() {
        s.push_str("<p>Nothing is owed for the window.</p>\n");
    } else {
        s.push_str("<p>Owed: ");
        let parts: Vec<String> = totals
            .iter()
            .map(|(kind, cur, amounts)| {
                let who = if *kind == SettlementKind::Bonus {
                    "bonus, by the customer"
                } else {
                    "credits, by the provider"
                };
                let sum = money_sum(amounts.iter().copied(), cur)
                    .unwrap_or_else(|| format!("{} {} settlements", cur, amounts.len()));
                format!("<b>{}</b> in {}", esc(&sum), who)
            })
            .collect();
        s.push_str(&parts.join("; "));
        s.push_str(" <a href=\"#settlements\">(details)</a></p>\n");
    }
    s.push_str("</section>\n");
}

fn input(s: &mut String, i: &Input) {
    s.push_str("<section class=\"input\">\n<h2>Input</h2>\n<ul class=\"tiles\">\n");
    let tile = |s: &mut String, n: u64, what: &str, warn: bool| {
        let _ = writeln!(
            s,
            "<li{}><b>{}</b><span>{}</span></li>",
            if warn { " class=\"warn\"" } else { "" },
            number(n),
            what
        );
    };
    tile(s, i.records, "records read", false);
    tile(
        s,
        i.files.len() as u64,
        if i.files.len() == 1 { "file" } else { "files" },
        false,
    );
    tile(s, i.duplicates, "duplicates, counted once", false);
    tile(s, i.after_cutoff, "at or after the cut-off", false);
    tile(s, i.invalid, "invalid, skipped", i.invalid > 0);
    tile(s, i.unknown_items, "items no objective uses", false);
    if i.undeclared > 0 {
        tile(s, i.undeclared, "with undeclared values", true);
    }
    s.push_str("</ul>\n");
    if !i.files.is_empty() {
        s.push_str("<ul class=\"plain small\">\n");
        for f in &i.files {
            let _ = writeln!(
                s,
                "<li><code>{}</code>: {}</li>",
                esc(&f.name),
                counted(f.records, "record", "records")
            );
        }
        s.push_str("</ul>\n");
    }
    if !i.invalid_records.is_empty() {
        let more = i.invalid.saturating_sub(i.invalid_records.len() as u64);
        let _ = writeln!(
            s,
            "<h3>Invalid records{}</h3>\n<ul class=\"plain small\">",
            if more > 0 {
                format!(
                    " <span class=\"muted\">(the first {} of {})</span>",
                    i.invalid_records.len(),
                    number(i.invalid)
                )
            } else {
                String::new()
            }
        );
        for r in &i.invalid_records {
            let _ = writeln!(
                s,
                "<li><code>{}:{}</code>: {}</li>",
                esc(&r.file),
                r.line,
                esc(&r.message)
            );
        }
        s.push_str("</ul>\n");
    }
    if !i.unknown_item_ids.is_empty() {
        let more = i
            .unknown_items
            .saturating_sub(i.unknown_item_ids.len() as u64);
        let ids: Vec<String> = i
            .unknown_item_ids
            .iter()
            .map(|id| format!("<code>{}</code>", esc(id)))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"small\">Items no objective uses{}: {}</p>",
            if more > 0 {
                format!(
                    " (the first {} of {})",
                    i.unknown_item_ids.len(),
                    number(i.unknown_items)
                )
            } else {
                String::new()
            },
            ids.join(", ")
        );
    }
    undeclared(s, i);
    s.push_str("</section>\n");
}

/// The HTML list of them, under the input's tiles.
fn undeclared(s: &mut String, i: &Input) {
    if i.undeclared_records.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<p class=\"small\">Records whose declared field holds a value the agreement does not declare: {}{}</p>\n<ul class=\"plain small\">",
        i.undeclared,
        if (i.undeclared_records.len() as u64) < i.undeclared {
            format!(" (the first {} values listed)", i.undeclared_records.len())
        } else {
            String::new()
        }
    );
    for u in &i.undeclared_records {
        let _ = writeln!(
            s,
            "<li>item <code>{}</code>, event <code>{}</code>: <code>{}</code> is <code>{}</code></li>",
            esc(&u.item),
            esc(&u.event),
            esc(&u.field),
            esc(&u.value)
        );
    }
    s.push_str("</ul>\n");
}

fn objective(s: &mut String, i: usize, o: &ObjectiveReport) {
    let _ = writeln!(
        s,
        "<section class=\"objective\" id=\"objective-{i}\">\n<h2>{} <span class=\"muted\">\u{a7}\u{a0}{}</span></h2>",
        esc(&o.title),
        esc(&o.section)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\"><code>{}</code> \u{b7} service <code>{}</code> \u{b7} {} \u{b7} target <b>{}</b> \u{b7} {}</p>",
        esc(&o.name),
        esc(&o.service),
        kind_words(o.kind),
        esc(&target_text(o)),
        Tally::of(&o.periods).chips()
    );
    if o.periods.is_empty() {
        s.push_str("<p>No period of this objective falls in the window.</p>\n");
    } else {
        period_chart(s, i, o);
        period_table(s, o);
    }
    if o.kind == Kind::TimeToEvent && !o.distribution.is_empty() {
        distribution_chart(s, i, o);
    }
    if o.items_outside > 0 {
        let _ = writeln!(
            s,
            "<p class=\"small muted\">{} started outside the reported periods and are not counted.</p>",
            counted(o.items_outside, "item", "items")
        );
    }
    if !o.items_without_records.is_empty() {
        let ids: Vec<String> = o.items_without_records.iter().map(|i| esc(i)).collect();
        let _ = writeln!(
            s,
            "<p class=\"small muted\">Named items with no down or up record: {}.</p>",
            ids.join(", ")
        );
    }
    components(s, o);
    basis(s, o);
    breached_items(s, o);
    s.push_str("</section>\n");
}

/// The value over each settlement period and the tier it reached.
fn basis(s: &mut String, o: &ObjectiveReport) {
    if o.settlement_basis.is_empty() {
        return;
    }
    s.push_str(
        "<h3>Credits and bonus basis</h3>\n<table class=\"items\">\n<thead><tr><th>Schedule</th><th>Period</th>\
         <th class=\"n\">Measured</th><th>Tier reached</th></tr></thead>\n<tbody>\n",
    );
    for b in &o.settlement_basis {
        let tier = tier_text(b);
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(b.kind.as_str()),
            esc(&b.period),
            b.value.as_ref().map_or("no data".to_owned(), ratio_text),
            esc(&tier)
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

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
    if let Some(t) = &p.time {
        parts.push(downtime_text(t));
    }
    parts.join(" \u{b7} ")
}

fn downtime_text(t: &Downtime) -> String {
    format!(
        "{} down of {} measured{} <span class=\"muted small\">({} s of {} s)</span>",
        short_duration(t.down_seconds),
        short_duration(t.measured_seconds),
        if t.outages > 0 || t.down_seconds > 0 {
            format!(", {}", counted(t.outages, "outage", "outages"))
        } else {
            String::new()
        },
        number(t.down_seconds),
        number(t.measured_seconds)
    )
}

fn period_table(s: &mut String, o: &ObjectiveReport) {
    let detail_head = match o.kind {
        Kind::TimeToEvent => "Items",
        Kind::Availability => "Downtime",
        Kind::Volume => "",
    };
    let _ = writeln!(
        s,
        "<table class=\"periods\">\n<thead><tr><th>Period</th><th>Dates</th><th>Measured</th><th>Verdict</th>{}</tr></thead>\n<tbody>",
        if detail_head.is_empty() {
            String::new()
        } else {
            format!("<th>{detail_head}</th>")
        }
    );
    for p in &o.periods {
        let sofar = if p.complete {
            ""
        } else {
            "<span class=\"tag\">so far</span>"
        };
        let _ = write!(
            s,
            "<tr><td class=\"nw\"><b>{}</b>{sofar}</td><td class=\"small nw\">{}</td><td class=\"n\">{}</td><td>{}</td>",
            esc(&p.label),
            if p.from == p.to {
                esc(&p.from.to_string())
            } else {
                format!("{} to {}", esc(&p.from.to_string()), esc(&p.to.to_string()))
            },
            esc(&value_text(o, p)),
            chip(p.verdict)
        );
        if !detail_head.is_empty() {
            let _ = write!(s, "<td class=\"small\">{}</td>", period_detail(p));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn components(s: &mut String, o: &ObjectiveReport) {
    if o.periods.iter().all(|p| p.components.is_empty()) {
        return;
    }
    s.push_str(
        "<h3>Components</h3>\n<table class=\"components\">\n<thead><tr><th>Period</th><th>Component</th>\
         <th>Availability</th><th>Verdict</th><th>Downtime</th></tr></thead>\n<tbody>\n",
    );
    for p in o.periods.iter().filter(|p| !p.components.is_empty()) {
        for (k, c) in p.components.iter().enumerate() {
            s.push_str("<tr>");
            if k == 0 {
                let _ = write!(
                    s,
                    "<td rowspan=\"{}\" class=\"nw\"><b>{}</b>{}</td>",
                    p.components.len(),
                    esc(&p.label),
                    if p.complete {
                        ""
                    } else {
                        "<span class=\"tag\">so far</span>"
                    }
                );
            }
            let _ = writeln!(
                s,
                "<td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
                esc(&c.id),
                c.value
                    .as_ref()
                    .map_or_else(|| "no data".to_owned(), ratio_text),
                chip(c.verdict),
                downtime_text(&c.time)
            );
        }
    }
    s.push_str("</tbody>\n</table>\n");
}

fn breached_items(s: &mut String, o: &ObjectiveReport) {
    if o.breached_items.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<h3>Breached items <span class=\"muted small\">({})</span></h3>\n<table class=\"items\">\n<thead><tr><th>Item</th><th>Period</th><th>Start</th>\
         <th class=\"n\">Elapsed</th><th class=\"n\">Budget</th><th class=\"n\">Of budget</th><th>Goal</th><th>State</th></tr></thead>\n<tbody>",
        number(o.breached_items.len() as u64)
    );
    for b in &o.breached_items {
        let share = if b.budget_seconds > 0 {
            let pc = i128::from(b.elapsed_seconds) * 100 / i128::from(b.budget_seconds);
            format!("{pc}%")
        } else {
            "\u{2013}".to_owned()
        };
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"small\">{}</td><td class=\"n\" title=\"{} s\">{}</td>\
             <td class=\"n\" title=\"{} s\">{}</td><td class=\"n\">{share}</td><td>{}</td><td>{}</td></tr>",
            esc(&b.id),
            esc(&b.period),
            esc(&b.start.to_string()),
            b.elapsed_seconds,
            short_duration(b.elapsed_seconds),
            b.budget_seconds,
            short_duration(b.budget_seconds),
            b.goal.map_or("\u{2013}".to_owned(), |g| g.to_string()),
            if b.abandoned {
                "abandoned"
            } else if b.stopped {
                "stopped"
            } else {
                "still open"
            }
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn settlements(s: &mut String, list: &[Settlement]) {
    s.push_str("<section class=\"settlements\" id=\"settlements\">\n<h2>Settlements</h2>\n");
    if list.is_empty() {
        s.push_str("<p>No credits or bonus are owed for the window.</p>\n</section>\n");
        return;
    }
    for st in list {
        let bonus = st.kind == SettlementKind::Bonus;
        let _ = writeln!(
            s,
            "<div class=\"settlement {}\">\n<h3><span>{} \u{b7} {} <span class=\"muted small\">{} to {}</span></span>\
             <span><span class=\"muted small\">{}</span> <span class=\"amount\">{}</span></span></h3>",
            if bonus { "bonus" } else { "credits" },
            esc(&st.service),
            esc(&st.period),
            esc(&st.from.to_string()),
            esc(&st.to.to_string()),
            if bonus {
                "bonus owed by the customer"
            } else {
                "credits owed by the provider"
            },
            esc(&money_amount(st.amount, false, &st.currency))
        );
        if let Some(fee) = &st.fee {
            let _ = writeln!(
                s,
                "<p class=\"small muted\">Fee for the period: {}</p>",
                esc(&money_amount(*fee, false, &st.currency))
            );
        }
        s.push_str(
            "<table>\n<thead><tr><th>Objective</th><th class=\"n\">Measured</th><th>Tier</th><th>Payout</th>\
             <th class=\"n\">Amount</th></tr></thead>\n<tbody>\n",
        );
        for l in &st.lines {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&l.objective),
                esc(&ratio_text(&l.value)),
                esc(&l.tier),
                esc(&l.payout),
                esc(&money_amount(l.amount.value, !l.amount.ends, &st.currency))
            );
        }
        for l in st.lines.iter().filter(|l| !l.claims.is_empty()) {
            let _ = writeln!(
                s,
                "<tr><td colspan=\"5\" class=\"small\">Claims for {}: {}</td></tr>",
                esc(&l.objective),
                esc(&l.claims.join("; "))
            );
        }
        let _ = writeln!(
            s,
            "<tr><td colspan=\"4\">Total before caps</td><td class=\"n\">{}</td></tr>",
            esc(&money_amount(st.total.value, !st.total.ends, &st.currency))
        );
        for c in &st.capped_by {
            let _ = writeln!(
                s,
                "<tr><td colspan=\"5\" class=\"small\">Capped at {}</td></tr>",
                esc(c)
            );
        }
        let _ = writeln!(
            s,
            "<tr><th colspan=\"4\">Owed{}</th><th class=\"n\">{}</th></tr>",
            if st.capped_by.is_empty() {
                ""
            } else {
                ", after caps"
            },
            esc(&money_amount(st.amount, false, &st.currency))
        );
        s.push_str("</tbody>\n</table>\n</div>\n");
    }
    s.push_str("</section>\n");
}

#[cfg(test)]
mod tests;
