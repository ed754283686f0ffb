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
use slate_words::{counted, money_sum, money_text, number, short_duration};

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
            esc(&money_text(&st.amount.to_string(), &st.currency))
        );
        if let Some(fee) = &st.fee {
            let _ = writeln!(
                s,
                "<p class=\"small muted\">Fee for the period: {}</p>",
                esc(&money_text(&fee.to_string(), &st.currency))
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
                esc(&money_text(&l.amount.to_string(), &st.currency))
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
            esc(&money_text(&st.total.to_string(), &st.currency))
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
            esc(&money_text(&st.amount.to_string(), &st.currency))
        );
        s.push_str("</tbody>\n</table>\n</div>\n");
    }
    s.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let json = r#"{
          "schema": "slate.report/v1",
          "agreement": {"title": "Managed Service Desk Agreement", "id": "KMS-BR-2026-003",
                        "version": "1.0", "fingerprint": "sha256:3f5a9c",
                        "rules_digest": "sha256:9d1e07"},
          "made_with": {"slate": "0.1.0", "tzdb": "2025b"},
          "as_of": "2026-04-01T00:00:00Z",
          "window": {"from": "2026-01-01", "to": "2026-04-30"},
          "input": {"files": [{"name": "events.ndjson", "records": 1204}], "records": 1204,
                    "duplicates": 3, "after_cutoff": 12, "invalid": 2,
                    "invalid_records": [{"file": "events.ndjson", "line": 17, "message": "no `at` field"},
                                        {"file": "events.ndjson", "line": 99, "message": "bad time <x>"}],
                    "unknown_items": 1, "unknown_item_ids": ["X9"]},
          "objectives": [
            {"name": "first_response", "title": "First response", "service": "service_desk",
             "section": "4.1", "kind": "time_to_event", "target": "95", "period": "month",
             "items_outside": 2,
             "periods": [
               {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
                "counts": {"met": 190, "breached": 4, "pending": 0, "ignored": 1, "ungoverned": 0},
                "time": null, "count": null,
                "value": {"numerator": 190, "denominator": 194, "percent": "97.938"},
                "verdict": "met", "components": []},
               {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
                "counts": {"met": 170, "breached": 15, "pending": 0, "ignored": 0, "ungoverned": 0},
                "time": null, "count": null,
                "value": {"numerator": 170, "denominator": 185, "percent": "91.892"},
                "verdict": "breached", "components": []},
               {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
                "counts": {"met": 0, "breached": 0, "pending": 0, "ignored": 0, "ungoverned": 0},
                "time": null, "count": null, "value": null,
                "verdict": "no_data", "components": []},
               {"label": "2026-04", "from": "2026-04-01", "to": "2026-04-30", "complete": false,
                "counts": {"met": 3, "breached": 0, "pending": 2, "ignored": 0, "ungoverned": 0},
                "time": null, "count": null,
                "value": {"numerator": 3, "denominator": 3, "percent": "100.000"},
                "verdict": "met", "components": []}
             ],
             "distribution": [
               {"up_to_percent": 25, "met": 120, "breached": 0, "pending": 1},
               {"up_to_percent": 50, "met": 140, "breached": 0, "pending": 1},
               {"up_to_percent": 75, "met": 60, "breached": 0, "pending": 0},
               {"up_to_percent": 100, "met": 43, "breached": 0, "pending": 0},
               {"up_to_percent": 150, "met": 0, "breached": 12, "pending": 0},
               {"up_to_percent": 200, "met": 0, "breached": 5, "pending": 0},
               {"up_to_percent": null, "met": 0, "breached": 2, "pending": 0}
             ],
             "breached_items": [
               {"id": "T42", "period": "2026-02", "start": "2026-02-03T09:00:00Z", "stopped": true,
                "abandoned": false, "elapsed_seconds": 7200, "budget_seconds": 3600, "goal": 1}
             ],
             "settlement_basis": [
               {"kind": "credits", "period": "2026-02", "from": "2026-02-01", "to": "2026-02-28",
                "complete": true, "value": {"numerator": 90, "denominator": 100, "percent": "90"},
                "tier": "below 95%: 5% of fee"}
             ]},
            {"name": "portal", "title": "Portal availability", "service": "service_desk",
             "section": "4.3", "kind": "availability", "target": "99.9", "period": "month",
             "items_outside": 0,
             "periods": [
               {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
                "counts": null, "count": null,
                "time": {"measured_seconds": 2678400, "down_seconds": 600, "outages": 1},
                "value": {"numerator": 4463, "denominator": 4464, "percent": "99.978"},
                "verdict": "met", "components": []},
               {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
                "counts": null, "count": null,
                "time": {"measured_seconds": 2419200, "down_seconds": 7200, "outages": 3},
                "value": {"numerator": 335, "denominator": 336, "percent": "99.702"},
                "verdict": "breached", "components": []},
               {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
                "counts": null, "count": null,
                "time": {"measured_seconds": 2678400, "down_seconds": 0, "outages": 0},
                "value": {"numerator": 1, "denominator": 1, "percent": "100.000"},
                "verdict": "met", "components": []}
             ],
             "distribution": [], "breached_items": [], "settlement_basis": []},
            {"name": "stores", "title": "Store systems", "service": "service_desk",
             "section": "4.4", "kind": "availability", "target": "99.5", "period": "month",
             "items_outside": 0,
             "periods": [
               {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
                "counts": null, "count": null, "time": null, "value": null, "verdict": "breached",
                "components": [
                  {"id": "till-a", "time": {"measured_seconds": 100000, "down_seconds": 0, "outages": 0},
                   "value": {"numerator": 1, "denominator": 1, "percent": "100.000"}, "verdict": "met"},
                  {"id": "till-b", "time": {"measured_seconds": 100000, "down_seconds": 1000, "outages": 1},
                   "value": {"numerator": 99, "denominator": 100, "percent": "99.000"}, "verdict": "breached"}
                ]}
             ],
             "distribution": [], "breached_items": [], "settlement_basis": []},
            {"name": "tickets", "title": "Ticket volume", "service": "service_desk",
             "section": "5", "kind": "volume", "target": "at most 250", "period": "month",
             "items_outside": 0,
             "periods": [
               {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
                "counts": null, "time": null, "count": 199, "value": null, "verdict": "met", "components": []},
               {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
                "counts": null, "time": null, "count": 262, "value": null, "verdict": "breached", "components": []},
               {"label": "2026-04", "from": "2026-04-01", "to": "2026-04-30", "complete": false,
                "counts": null, "time": null, "count": 5, "value": null, "verdict": "pending", "components": []}
             ],
             "distribution": [], "breached_items": [], "settlement_basis": []}
          ],
          "settlements": [
            {"service": "service_desk", "kind": "credits", "period": "2026-02", "from": "2026-02-01",
             "to": "2026-02-28", "fee": "18500.00",
             "lines": [{"objective": "first_response",
                        "value": {"numerator": 170, "denominator": 185, "percent": "91.892"},
                        "tier": "below 95%", "payout": "5% of fee", "amount": "925.00"},
                       {"objective": "portal",
                        "value": {"numerator": 335, "denominator": 336, "percent": "99.702"},
                        "tier": "below 99.9%", "payout": "20% of fee", "amount": "3700.00"}],
             "total": "4625.00", "capped_by": ["20% of fee per month"], "amount": "3700.00",
             "currency": "GBP"}
          ]
        }"#;
        match serde_json::from_str(json) {
            Ok(r) => r,
            Err(e) => unreachable!("test report does not parse: {e}"),
        }
    }

    fn hostile() -> Report {
        let mut r = report();
        r.agreement.title = "<script>alert('x')</script> & \"Co\"".to_owned();
        r.agreement.id = Some("<b>id</b>&amp;".to_owned());
        r.agreement.fingerprint = "\"><script>".to_owned();
        r.input.invalid_records[0].file = "<img src=x onerror=alert(1)>.ndjson".to_owned();
        r.input.unknown_item_ids = vec!["<script>".to_owned()];
        r.objectives[0].title = "Reply <script>alert(1)</script>".to_owned();
        r.objectives[0].periods[0].label = "<svg onload=x>".to_owned();
        r.objectives[0].breached_items[0].id = "</td><script>".to_owned();
        r.settlements[0].service = "'<script>'".to_owned();
        r
    }

    #[test]
    fn html_escapes_text() {
        assert_eq!(
            esc("<script>a & \"b\" 'c'</script>"),
            "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn html_escapes_hostile_titles_and_ids() {
        let h = to_html(&hostile());
        assert!(!h.to_lowercase().contains("<script"));
        assert!(!h.contains("<img"));
        assert!(!h.contains("<svg onload"));
        assert!(!h.contains("<b>id"));
        assert!(h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"));
        assert!(h.contains("&lt;b&gt;id&lt;/b&gt;&amp;amp;"));
        assert!(h.contains("&quot;&gt;&lt;script&gt;"));
        // Inside the SVG title and the x-axis labels too.
        assert!(h.contains("<title id=\"o0-dist-t\">Reply &lt;script&gt;"));
        assert!(h.contains("&lt;svg onload=x&gt;"));
    }

    #[test]
    fn html_has_no_script() {
        for r in [report(), hostile()] {
            let h = to_html(&r).to_lowercase();
            assert!(!h.contains("<script"));
            assert!(!h.contains("javascript:"));
            // The only address is the SVG namespace.
            assert_eq!(
                h.matches("http").count(),
                h.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
            );
            assert!(!h.contains("https://"));
        }
    }

    fn chart<'a>(h: &'a str, id: &str) -> &'a str {
        let start = h.find(&format!("aria-labelledby=\"{id}-t")).unwrap_or(0);
        let rest = h.get(start..).unwrap_or_default();
        rest.get(..rest.find("</svg>").unwrap_or(rest.len()))
            .unwrap_or_default()
    }

    /// The bars of a period chart: each sits in a group with a tooltip.
    fn bars(svg: &str) -> usize {
        svg.matches("<g><title>").count()
    }

    #[test]
    fn html_one_bar_per_period() {
        let r = report();
        let h = to_html(&r);
        for (i, o) in r.objectives.iter().enumerate() {
            let svg = chart(&h, &format!("o{i}-periods"));
            assert_eq!(bars(svg), o.periods.len(), "objective {i}");
        }
        let dist = chart(&h, "o0-dist");
        assert_eq!(bars(dist), r.objectives[0].distribution.len());
    }

    #[test]
    fn html_target_line_is_drawn() {
        let r = report();
        let h = to_html(&r);
        for i in 0..r.objectives.len() {
            let svg = chart(&h, &format!("o{i}-periods"));
            // One in the legend, one across the plot.
            assert_eq!(svg.matches("class=\"tgt\"").count(), 2, "objective {i}");
        }
        let portal = chart(&h, "o1-periods");
        assert!(portal.contains(">99.9%</text>"));
        // Zoomed: a 99.9% target with values near it does not start at 0.
        assert!(portal.contains(">99.5%</text>"));
        assert!(!portal.contains(">0%</text>"));
        assert!(chart(&h, "o3-periods").contains(">at most 250</text>"));
        // The goal marker of the distribution.
        assert!(chart(&h, "o0-dist").contains("class=\"tgt\" x1="));
    }

    #[test]
    fn html_marks_breaches_beyond_colour() {
        let h = to_html(&report());
        let svg = chart(&h, "o1-periods");
        assert!(svg.contains("url(#o1-periods-hatch)"));
        assert!(svg.contains("\u{2715} 99.702%"));
        assert!(h.contains("role=\"img\""));
    }

    /// Every amount on the page is written as the contract writes money:
    /// the glance's sum, the fee, each line, the total and what is owed.
    #[test]
    fn html_money_is_the_contracts() {
        let h = to_html(&report());
        for needle in [
            "<b>GBP 3,700.00</b> in credits",
            "Fee for the period: GBP 18,500.00",
            "<td class=\"n\">GBP 925.00</td>",
            "Total before caps</td><td class=\"n\">GBP 4,625.00</td>",
            "<th class=\"n\">GBP 3,700.00</th>",
        ] {
            assert!(h.contains(needle), "no `{needle}`");
        }
        assert!(!h.contains("GBP 3700"));
    }

    #[test]
    fn html_is_deterministic() {
        let r = report();
        assert_eq!(to_html(&r), to_html(&r.clone()));
        let h = to_html(&r);
        assert!(!h.contains("-0.0"));
        assert!(!h.contains("NaN"));
    }

    /// The availability objective, measured per day over March.
    fn daily() -> Report {
        let mut r = report();
        let o = &mut r.objectives[1];
        o.period = slate_eval::report::Period::Day;
        let template = o.periods[0].clone();
        o.periods = (1..=31)
            .map(|d| {
                let mut p = template.clone();
                p.label = format!("2026-03-{d:02}");
                p.from = p.label.parse().unwrap();
                p.to = p.from;
                p.complete = d < 31;
                let down = (d * 37) % 200;
                p.value = Some(Ratio {
                    numerator: 86_400 - down,
                    denominator: 86_400,
                    percent: format!("{:.3}", (86_400 - down) as f64 * 100.0 / 86_400.0)
                        .parse()
                        .unwrap(),
                });
                p.verdict = if down > 86 {
                    Verdict::Breached
                } else {
                    Verdict::Met
                };
                p
            })
            .collect();
        r
    }

    #[test]
    fn html_many_periods() {
        let r = daily();
        let h = to_html(&r);
        let svg = chart(&h, "o1-periods");
        assert_eq!(bars(svg), 31);
        // Labels thinned out, values left to the table.
        assert!(svg.contains(">2026-03-01</text>"));
        assert!(!svg.contains(">2026-03-02</text>"));
        assert!(h.contains("Values are in the table below."));
    }

    #[test]
    #[ignore = "writes /tmp/report.html for a look in a browser"]
    fn html_write_sample() {
        let _ = std::fs::write("/tmp/report.html", to_html(&report()));
        let _ = std::fs::write("/tmp/report-daily.html", to_html(&daily()));
    }
}
