//! The report as one self-contained HTML page: inline CSS and inline SVG
//! charts, no script and no external resource, so it can be mailed, archived
//! or printed as it is.
//!
//! Every piece of text that comes from the agreement or the events goes
//! through [`esc`], in HTML and in SVG alike. The output depends on the report
//! alone: no clock, the report's own order, and chart coordinates computed
//! from integers (percentages in thousandths) and printed with one decimal.

use std::fmt::Write as _;

use crate::format::{target_text, value_text};
use crate::money;
use crate::report::*;
use crate::visible::{visible, visible_lines};
use rust_decimal::Decimal;

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

const CSS: &str = r#":root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --rule: #d3d3d3;
  --accent: #1d3a6b; --met: #2c7fb8; --breached: #d55e00; --pending: #e69f00; --nodata: #9e9e9e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
  font-family: "Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; font-size: 15px; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.75rem; color: var(--muted); margin: 0; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.2rem 0 0.6rem; color: var(--accent); overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.4rem; color: var(--accent); overflow-wrap: anywhere; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; break-after: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.85em; background: #f3f3f3;
  padding: 0 0.25em; border-radius: 2px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.small { font-size: 0.9em; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: 0.6rem; margin: 0.6rem 0 0.8rem; padding: 0; list-style: none; }
.tiles li { border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 0.8rem; }
.tiles b { display: block; font-size: 1.35rem; font-variant-numeric: tabular-nums; }
.tiles li.warn { border-color: var(--breached); }
.tiles span { font-size: 0.8rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9em; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f4f6fa; font-weight: 600; border-bottom: 2px solid var(--rule); }
td.nw { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.v { display: inline-block; white-space: nowrap; border-radius: 3px; padding: 0 0.4em; font-weight: 600;
  font-size: 0.9em; border: 1px solid; }
.v-met { color: #1a5a86; border-color: var(--met); background: #eaf3fa; }
.v-breached { color: #fff; border-color: #a64700; background: var(--breached); }
.v-nodata { color: #444; border-color: var(--nodata); border-style: dashed; background: #f5f5f5; }
.v-pending { color: #5c4000; border-color: var(--pending); border-style: dotted; background: #fdf3dc; }
.tag { display: inline-block; font-size: 0.8em; border: 1px solid var(--muted); color: var(--muted);
  border-radius: 3px; padding: 0 0.3em; margin-left: 0.4em; font-style: italic; white-space: nowrap; }
section.objective { border-top: 1px solid var(--rule); margin-top: 2rem; }
.meta { margin: 0 0 0.8rem; color: var(--muted); }
.meta b { color: var(--ink); }
figure { margin: 0.8rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 0.82rem; color: var(--muted); margin-top: 0.2rem; }
svg text { font-family: "Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; fill: #1b1b1b; }
svg .ax { font-size: 11px; fill: #444; }
svg .val { font-size: 11px; font-weight: 600; }
svg .grid { stroke: #e3e3e3; stroke-width: 1; }
svg .axis { stroke: #777; stroke-width: 1; }
svg .tgt { stroke: #1b1b1b; stroke-width: 1.6; stroke-dasharray: 7 4; fill: none; }
svg .met { fill: var(--met); }
svg .breached { fill: var(--breached); }
svg .pending { fill: var(--pending); }
svg .nodata { fill: #f0f0f0; stroke: var(--nodata); stroke-width: 1; stroke-dasharray: 3 2; }
svg .sofar { fill-opacity: 0.55; }
.settlement { border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.8rem 0;
  break-inside: avoid; }
.settlement h3 { margin: 0.1rem 0 0.3rem; display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.settlement .amount { font-size: 1.25rem; font-variant-numeric: tabular-nums; }
.settlement.credits .amount { color: #a64700; }
.settlement.bonus .amount { color: #1a5a86; }
ul.plain { margin: 0.3rem 0; padding-left: 1.2rem; }
ul.plain li { overflow-wrap: anywhere; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: 0.6rem; font-size: 0.8rem; color: var(--muted); }
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 1.4rem; }
  section.objective { break-before: auto; }
  figure svg { max-width: 100%; }
  table { font-size: 8.5pt; }
}
"#;

/// Escapes text for HTML and SVG content and attribute values: the contract
/// document's escaping, one function for both, after showing hidden
/// characters visibly (`\u{…}`, see [`crate::visible`]).
pub fn esc(s: &str) -> String {
    slate_render::html::esc(&visible(s))
}

// ----------------------------------------------------------------------------
// Numbers

/// A coordinate with one decimal, never `-0.0`.
fn f1(x: f64) -> String {
    if x.abs() < 0.05 || !x.is_finite() {
        "0.0".to_owned()
    } else {
        format!("{x:.1}")
    }
}

/// A decimal percentage (`"99.950"`, `"95"`, `"95%"`) in thousandths of a
/// percent; digits past the third decimal are dropped.
fn parse_milli(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('%').trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i64 = 0;
    for b in int.bytes() {
        v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    let mut digits = frac.bytes();
    for _ in 0..3 {
        let d = digits.next().map_or(0, |b| i64::from(b - b'0'));
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    Some(if neg { -v } else { v })
}

/// Thousandths of a percent as a short decimal: `99900` is `99.9`.
fn milli_text(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    let (int, frac) = (a / 1000, a % 1000);
    if frac == 0 {
        format!("{sign}{int}")
    } else {
        let f = format!("{frac:03}");
        format!("{sign}{int}.{}", f.trim_end_matches('0'))
    }
}

/// A ratio in thousandths of a percent.
fn ratio_milli(v: &Ratio) -> i64 {
    parse_milli(&v.percent.to_string()).unwrap_or_else(|| {
        if v.denominator == 0 {
            0
        } else {
            let n = i128::from(v.numerator) * 100_000;
            let d = i128::from(v.denominator);
            i64::try_from(n / d).unwrap_or(0)
        }
    })
}

/// An integer with thousands separators.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed integer with thousands separators.
fn group_i(n: i64) -> String {
    if n < 0 {
        format!("-{}", group(n.unsigned_abs()))
    } else {
        group(n.unsigned_abs())
    }
}

/// Seconds in words: `45 s`, `12 min 5 s`, `3 h 20 min`, `2 d 4 h`.
fn duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let text = if s < 60 {
        format!("{sec} s")
    } else if s < 3600 {
        if sec == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {sec} s")
        }
    } else if s < 86_400 {
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else if h == 0 {
        format!("{d} d")
    } else {
        format!("{d} d {h} h")
    };
    format!("{sign}{text}")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group(n), if n == 1 { one } else { many })
}

// ----------------------------------------------------------------------------
// Words

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "nodata",
        Verdict::Pending => "pending",
    }
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "no data",
        Verdict::Pending => "pending",
    }
}

fn verdict_mark(v: Verdict) -> &'static str {
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

fn measure_words(k: Kind) -> &'static str {
    match k {
        Kind::TimeToEvent => "compliance",
        Kind::Availability => "availability",
        Kind::Volume => "items counted",
    }
}

fn ratio_text(v: &Ratio) -> String {
    format!("{}% ({}/{})", v.percent, v.numerator, v.denominator)
}

// ----------------------------------------------------------------------------
// Page parts

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
    let _ = writeln!(
        s,
        "<dt>Made with</dt><dd>{}</dd>",
        esc(&crate::format::made_with(r))
    );
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
                    group(n),
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
    let mut totals: Vec<(SettlementKind, String, Vec<Decimal>)> = Vec::new();
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
                let sum = money::sum_words(amounts.iter().copied(), cur)
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
            group(n),
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
                plural(f.records, "record", "records")
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
                    group(i.invalid)
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
                    group(i.unknown_items)
                )
            } else {
                String::new()
            },
            ids.join(", ")
        );
    }
    crate::fields::html(s, i);
    s.push_str("</section>\n");
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
            plural(o.items_outside, "item", "items")
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
        let tier = crate::format::tier_text(b);
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
        parts.push(format!("{}\u{a0}met", group(c.met)));
        parts.push(format!("{}\u{a0}breached", group(c.breached)));
        for (n, w) in [
            (c.pending, "pending"),
            (c.ignored, "ignored"),
            (c.ungoverned, "ungoverned"),
        ] {
            if n > 0 {
                parts.push(format!("{}\u{a0}{w}", group(n)));
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
        duration(t.down_seconds),
        duration(t.measured_seconds),
        if t.outages > 0 || t.down_seconds > 0 {
            format!(", {}", plural(t.outages, "outage", "outages"))
        } else {
            String::new()
        },
        group_i(t.down_seconds),
        group_i(t.measured_seconds)
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
        group(o.breached_items.len() as u64)
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
            duration(b.elapsed_seconds),
            b.budget_seconds,
            duration(b.budget_seconds),
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
            esc(&money::words(&st.amount, &st.currency))
        );
        if let Some(fee) = &st.fee {
            let _ = writeln!(
                s,
                "<p class=\"small muted\">Fee for the period: {}</p>",
                esc(&money::words(fee, &st.currency))
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
                esc(&money::words(&l.amount, &st.currency))
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
            esc(&money::words(&st.total, &st.currency))
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
            esc(&money::words(&st.amount, &st.currency))
        );
        s.push_str("</tbody>\n</table>\n</div>\n");
    }
    s.push_str("</section>\n");
}

// ----------------------------------------------------------------------------
// Charts

/// The chart's size and plot area, in SVG user units.
const W: f64 = 720.0;
const H: f64 = 300.0;
const ML: f64 = 64.0;
const MR: f64 = 96.0;
const MT: f64 = 40.0;
const MB: f64 = 52.0;
const PW: f64 = W - ML - MR;
const PH: f64 = H - MT - MB;

/// A y axis: from `lo` to `hi` in steps, in thousandths of a percent or in
/// items.
struct Axis {
    lo: i64,
    hi: i64,
    step: i64,
    percent: bool,
}

impl Axis {
    fn y(&self, v: i64) -> f64 {
        let span = (self.hi - self.lo).max(1) as f64;
        MT + PH * (self.hi - v.clamp(self.lo, self.hi)) as f64 / span
    }

    fn text(&self, v: i64) -> String {
        if self.percent {
            format!("{}%", milli_text(v))
        } else {
            group_i(v)
        }
    }

    /// The narrowest window ending at 100% that holds every value and the
    /// target with a tenth of the span to spare below, so that the
    /// differences near a 99.9% target show.
    fn percent(values: &[i64], target: Option<i64>) -> Axis {
        const SPANS: [(i64, i64); 11] = [
            (100, 20),
            (200, 50),
            (500, 100),
            (1_000, 200),
            (2_000, 500),
            (5_000, 1_000),
            (10_000, 2_000),
            (20_000, 5_000),
            (25_000, 5_000),
            (50_000, 10_000),
            (100_000, 20_000),
        ];
        let min = values
            .iter()
            .copied()
            .chain(target)
            .fold(100_000, i64::min)
            .clamp(0, 100_000);
        for (span, step) in SPANS {
            let lo = 100_000 - span;
            if lo <= min - span / 10 {
                return Axis {
                    lo,
                    hi: 100_000,
                    step,
                    percent: true,
                };
            }
        }
        Axis {
            lo: 0,
            hi: 100_000,
            step: 20_000,
            percent: true,
        }
    }

    /// From 0 to a round number above the largest value, in 1-2-5 steps.
    fn count(max: i64) -> Axis {
        let want = max.max(0) + max.max(0) / 8 + 1;
        let mut step: i64 = 1;
        'found: for _ in 0..18 {
            for m in [1, 2, 5] {
                let s = step.saturating_mul(m);
                if want <= s.saturating_mul(5) {
                    step = s;
                    break 'found;
                }
            }
            step = step.saturating_mul(10);
        }
        let hi = ((want + step - 1) / step).saturating_mul(step).max(step);
        Axis {
            lo: 0,
            hi,
            step,
            percent: false,
        }
    }
}

/// A bar of the period chart.
struct Bar {
    label: String,
    value: Option<i64>,
    shown: String,
    verdict: Verdict,
    complete: bool,
}

/// The fill patterns of one chart: hatching for breached, dots for pending.
fn defs(s: &mut String, id: &str) {
    let _ = writeln!(
        s,
        "<defs><pattern id=\"{id}-hatch\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"7\" height=\"7\" fill=\"#d55e00\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"#fff\" stroke-width=\"3\"/></pattern>\
         <pattern id=\"{id}-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
         <rect width=\"6\" height=\"6\" fill=\"#e69f00\"/><circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\"/></pattern></defs>"
    );
}

/// A rectangle in a verdict's colour and pattern.
fn mark(s: &mut String, id: &str, v: Verdict, complete: bool, (x, y, w, h): (f64, f64, f64, f64)) {
    let fill = match v {
        // A style, not an attribute: the class's colour would win over it.
        Verdict::Breached => format!(" style=\"fill:url(#{id}-hatch)\""),
        Verdict::Pending => format!(" style=\"fill:url(#{id}-dots)\""),
        _ => String::new(),
    };
    let _ = writeln!(
        s,
        "<rect class=\"{}{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{fill}/>",
        verdict_class(v),
        if complete { "" } else { " sofar" },
        f1(x),
        f1(y),
        f1(w),
        f1(h)
    );
}

/// Legend entries along the top of a chart.
fn legend(s: &mut String, id: &str, entries: &[Verdict], target: Option<&str>, sofar: bool) {
    let mut x = ML;
    let y = 14.0;
    s.push_str("<g class=\"legend\">\n");
    for v in entries {
        mark(s, id, *v, true, (x, y - 9.0, 12.0, 12.0));
        let word = match v {
            Verdict::NoData => "no data (met)",
            _ => verdict_words(*v),
        };
        let text = format!("{} {}", verdict_mark(*v), word);
        let _ = writeln!(
            s,
            "<text class=\"ax\" x=\"{}\" y=\"{}\">{}</text>",
            f1(x + 16.0),
            f1(y + 1.0),
            esc(&text)
        );
        x += 16.0 + text.chars().count() as f64 * 6.6 + 14.0;
    }
    if let Some(t) = target {
        let _ = writeln!(
            s,
            "<line class=\"tgt\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text class=\"ax\" x=\"{}\" y=\"{}\">{}</text>",
            f1(x),
            f1(y - 3.0),
            f1(x + 22.0),
            f1(y - 3.0),
            f1(x + 27.0),
            f1(y + 1.0),
            esc(t)
        );
        x += 27.0 + t.chars().count() as f64 * 6.6 + 14.0;
    }
    if sofar {
        let _ = writeln!(
            s,
            "<rect class=\"met sofar\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"/><text class=\"ax\" x=\"{}\" y=\"{}\">* pale: so far</text>",
            f1(x),
            f1(y - 9.0),
            f1(x + 16.0),
            f1(y + 1.0)
        );
    }
    s.push_str("</g>\n");
}

/// Grid lines, tick labels and the axis title.
fn y_axis(s: &mut String, a: &Axis, title: &str) {
    let mut v = a.lo;
    while v <= a.hi {
        let y = a.y(v);
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text class=\"ax\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(ML),
            f1(y),
            f1(ML + PW),
            f1(y),
            f1(ML - 6.0),
            f1(y + 4.0),
            esc(&a.text(v))
        );
        v = v.saturating_add(a.step.max(1));
    }
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        f1(ML),
        f1(MT),
        f1(ML),
        f1(MT + PH)
    );
    if a.lo != 0 {
        // The axis does not start at zero: a break mark at its foot.
        let (x, y) = (ML, MT + PH - 6.0);
        let _ = writeln!(
            s,
            "<path d=\"M{} {} l10 -4 M{} {} l10 -4\" stroke=\"#1b1b1b\" stroke-width=\"1.4\" fill=\"none\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"3\" fill=\"#fff\"/>",
            f1(x - 5.0),
            f1(y + 2.0),
            f1(x - 5.0),
            f1(y + 6.0),
            f1(x - 6.0),
            f1(y + 1.5),
        );
    }
    let cy = MT + PH / 2.0;
    let _ = writeln!(
        s,
        "<text class=\"ax\" x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>",
        f1(cy),
        f1(cy),
        esc(title)
    );
}

/// Labels along the x axis, thinned out when they would collide.
fn x_labels(s: &mut String, labels: &[(String, bool)]) {
    let n = labels.len().max(1);
    let slot = PW / n as f64;
    let widest = labels
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(1) as f64
        * 6.6
        + 28.0;
    let every = (widest / slot).ceil().max(1.0) as usize;
    let room_for_sofar = slot >= 44.0 && every == 1;
    for (i, (label, complete)) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        // Kept clear of the y axis labels.
        let half = (label.chars().count() + 1) as f64 * 3.3;
        let x = (ML + slot * (i as f64 + 0.5)).max(ML - 6.0 + half);
        let _ = writeln!(
            s,
            "<text class=\"ax\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>",
            f1(x),
            f1(MT + PH + 16.0),
            esc(label),
            if *complete { "" } else { "*" }
        );
        if !*complete && room_for_sofar {
            let _ = writeln!(
                s,
                "<text class=\"ax\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-style=\"italic\">so far</text>",
                f1(x),
                f1(MT + PH + 30.0)
            );
        }
    }
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        f1(ML),
        f1(MT + PH),
        f1(ML + PW),
        f1(MT + PH)
    );
}

/// The value or count per period, against the target line.
fn period_chart(s: &mut String, i: usize, o: &ObjectiveReport) {
    let id = format!("o{i}-periods");
    let per_component = o.periods.iter().any(|p| !p.components.is_empty());
    let bars: Vec<Bar> = o
        .periods
        .iter()
        .map(|p| {
            let value = match o.kind {
                Kind::Volume => p.count.map(|c| i64::try_from(c).unwrap_or(i64::MAX)),
                _ => p.value.as_ref().map(ratio_milli).or_else(|| {
                    // Per component: the lowest component shows.
                    p.components
                        .iter()
                        .filter_map(|c| c.value.as_ref().map(ratio_milli))
                        .min()
                }),
            };
            let shown = match (o.kind, value) {
                (_, None) => "n/a".to_owned(),
                (Kind::Volume, Some(v)) => group_i(v),
                (_, Some(v)) => format!("{}%", milli_text(v)),
            };
            Bar {
                label: p.label.clone(),
                value,
                shown,
                verdict: p.verdict,
                complete: p.complete,
            }
        })
        .collect();
    let values: Vec<i64> = bars.iter().filter_map(|b| b.value).collect();
    let (axis, target, target_words) = match o.kind {
        Kind::Volume => {
            let bound = o
                .target
                .to_string()
                .split_whitespace()
                .last()
                .and_then(|t| t.replace(',', "").parse::<i64>().ok());
            let max = values.iter().copied().chain(bound).fold(0, i64::max);
            (Axis::count(max), bound, o.target.to_string())
        }
        _ => {
            let t = parse_milli(&o.target.to_string());
            let words = match t {
                Some(t) => format!("{}%", milli_text(t)),
                None => o.target.to_string(),
            };
            (Axis::percent(&values, t), t, words)
        }
    };
    let measure = if per_component {
        "lowest component availability"
    } else {
        measure_words(o.kind)
    };
    let title = format!(
        "{} per {} against the target of {}",
        capitalise(measure),
        o.period.noun(),
        target_display(o)
    );
    let mut desc = format!(
        "Bar chart, one bar per {}; the y axis runs from {} to {}. ",
        o.period.noun(),
        axis.text(axis.lo),
        axis.text(axis.hi)
    );
    let words: Vec<String> = o
        .periods
        .iter()
        .zip(&bars)
        .map(|(p, b)| {
            format!(
                "{}: {}, {}{}",
                p.label,
                if b.value.is_some() {
                    b.shown.as_str()
                } else {
                    "no data"
                },
                verdict_words(p.verdict),
                if p.complete { "" } else { " so far" }
            )
        })
        .collect();
    desc.push_str(&words.join("; "));
    desc.push('.');

    s.push_str("<figure>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n\
         <title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>",
        W,
        H,
        esc(&title),
        esc(&desc)
    );
    defs(s, &id);
    let mut entries = vec![Verdict::Met, Verdict::Breached];
    for v in [Verdict::NoData, Verdict::Pending] {
        if bars.iter().any(|b| b.verdict == v) {
            entries.push(v);
        }
    }
    let sofar = bars.iter().any(|b| !b.complete);
    legend(
        s,
        &id,
        &entries,
        target.map(|_| format!("target {target_words}")).as_deref(),
        sofar,
    );
    y_axis(s, &axis, measure);

    let n = bars.len().max(1);
    let slot = PW / n as f64;
    let bw = (slot * 0.64).clamp(1.0, 64.0);
    let widest = bars
        .iter()
        .map(|b| b.shown.chars().count() + 2)
        .max()
        .unwrap_or(1) as f64
        * 6.4;
    let show_values = widest <= slot;
    let base = MT + PH;
    for (k, b) in bars.iter().enumerate() {
        let cx = ML + slot * (k as f64 + 0.5);
        let x = cx - bw / 2.0;
        match b.value {
            Some(v) => {
                let y = axis.y(v);
                let h = (base - y).max(if v > axis.lo { 1.0 } else { 0.0 });
                let _ = writeln!(s, "<g><title>{}</title>", esc(&bar_tip(b)));
                mark(s, &id, b.verdict, b.complete, (x, base - h, bw, h));
                if !show_values && b.verdict == Verdict::Breached && h >= 14.0 && bw >= 12.0 {
                    // No value label: a mark inside the bar, for print and colour blindness.
                    let _ = writeln!(
                        s,
                        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"700\" \
                         style=\"fill:#fff;stroke:#7a3000;stroke-width:2.5px;paint-order:stroke\">\u{2715}</text>",
                        f1(cx),
                        f1(base - 5.0)
                    );
                }
                s.push_str("</g>\n");
                if show_values {
                    let _ = writeln!(
                        s,
                        "<text class=\"val\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>",
                        f1(cx),
                        f1(base - h - 5.0),
                        if b.verdict == Verdict::Breached {
                            "\u{2715} "
                        } else {
                            ""
                        },
                        esc(&b.shown)
                    );
                }
            }
            None => {
                let _ = writeln!(s, "<g><title>{}</title>", esc(&bar_tip(b)));
                mark(s, &id, Verdict::NoData, true, (x, base - 14.0, bw, 14.0));
                s.push_str("</g>\n");
                if show_values || slot >= 36.0 {
                    let _ = writeln!(
                        s,
                        "<text class=\"ax\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no data</text>",
                        f1(cx),
                        f1(base - 19.0)
                    );
                }
            }
        }
    }
    let labels: Vec<(String, bool)> = bars.iter().map(|b| (b.label.clone(), b.complete)).collect();
    x_labels(s, &labels);
    if let Some(t) = target {
        let y = axis.y(t);
        let _ = writeln!(
            s,
            "<line class=\"tgt\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n\
             <text class=\"ax\" x=\"{}\" y=\"{}\" font-weight=\"600\">target</text>\n\
             <text class=\"ax\" x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>",
            f1(ML),
            f1(y),
            f1(ML + PW + 4.0),
            f1(y),
            f1(ML + PW + 8.0),
            f1(y - 3.0),
            f1(ML + PW + 8.0),
            f1(y + 11.0),
            esc(&target_words)
        );
    }
    s.push_str("</svg>\n");
    let mut caption = format!("{} per {}.", capitalise(measure), esc(o.period.noun()));
    if axis.lo != 0 {
        let _ = write!(
            caption,
            " The axis starts at {}, not 0, so that differences near the target show.",
            axis.text(axis.lo)
        );
    }
    if !show_values {
        caption.push_str(" Values are in the table below.");
    }
    if per_component {
        caption.push_str(" Each bar shows the lowest component; all components are listed below.");
    }
    let _ = writeln!(s, "<figcaption>{caption}</figcaption>\n</figure>");
}

fn target_display(o: &ObjectiveReport) -> String {
    match o.kind {
        Kind::Volume => o.target.to_string(),
        _ => format!("{}%", o.target),
    }
}

fn bar_tip(b: &Bar) -> String {
    format!(
        "{}: {}, {}{}",
        b.label,
        if b.value.is_some() {
            b.shown.as_str()
        } else {
            "no data"
        },
        verdict_words(b.verdict),
        if b.complete { "" } else { " (so far)" }
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Elapsed time against the budget, in bands, with met, pending and breached
/// items stacked, and a marker at the goal.
fn distribution_chart(s: &mut String, i: usize, o: &ObjectiveReport) {
    let id = format!("o{i}-dist");
    let buckets = &o.distribution;
    let mut last_bound = 0;
    let labels: Vec<String> = buckets
        .iter()
        .map(|b| match b.up_to_percent {
            Some(p) => {
                last_bound = p;
                format!("\u{2264}{p}%")
            }
            None => format!(">{last_bound}%"),
        })
        .collect();
    let totals: Vec<u64> = buckets
        .iter()
        .map(|b| b.met.saturating_add(b.breached).saturating_add(b.pending))
        .collect();
    let all: u64 = totals.iter().fold(0, |a, b| a.saturating_add(*b));
    let max = totals.iter().copied().max().unwrap_or(0);
    let axis = Axis::count(i64::try_from(max).unwrap_or(i64::MAX));
    let title = format!(
        "{}: elapsed time as a share of the budget, {} over the window",
        o.title,
        plural(all, "item", "items")
    );
    let words: Vec<String> = buckets
        .iter()
        .zip(&labels)
        .map(|(b, l)| {
            format!(
                "{l} of budget: {} met, {} pending, {} breached",
                b.met, b.pending, b.breached
            )
        })
        .collect();
    let desc = format!(
        "Stacked bar chart; the goal is at 100% of the budget. {}.",
        words.join("; ")
    );
    s.push_str("<h3>Time against the goal</h3>\n<figure>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n\
         <title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>",
        W,
        H,
        esc(&title),
        esc(&desc)
    );
    defs(s, &id);
    legend(
        s,
        &id,
        &[Verdict::Met, Verdict::Pending, Verdict::Breached],
        Some("goal (100% of budget)"),
        false,
    );
    y_axis(s, &axis, "items");
    let n = buckets.len().max(1);
    let slot = PW / n as f64;
    let bw = (slot * 0.7).clamp(1.0, 72.0);
    let base = MT + PH;
    for (k, b) in buckets.iter().enumerate() {
        let cx = ML + slot * (k as f64 + 0.5);
        let x = cx - bw / 2.0;
        let mut below: u64 = 0;
        let _ = writeln!(
            s,
            "<g><title>{}</title>",
            esc(words.get(k).map_or("", String::as_str))
        );
        for (count, v) in [
            (b.met, Verdict::Met),
            (b.pending, Verdict::Pending),
            (b.breached, Verdict::Breached),
        ] {
            if count == 0 {
                continue;
            }
            let y0 = axis.y(i64::try_from(below).unwrap_or(i64::MAX));
            below = below.saturating_add(count);
            let y1 = axis.y(i64::try_from(below).unwrap_or(i64::MAX));
            mark(s, &id, v, true, (x, y1, bw, (y0 - y1).max(1.0)));
        }
        s.push_str("</g>\n");
        let total = totals.get(k).copied().unwrap_or(0);
        let top = axis.y(i64::try_from(total).unwrap_or(i64::MAX));
        let _ = writeln!(
            s,
            "<text class=\"val\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f1(cx),
            f1(top - 5.0),
            group(total)
        );
    }
    let xl: Vec<(String, bool)> = labels.iter().map(|l| (l.clone(), true)).collect();
    x_labels(s, &xl);
    let _ = writeln!(
        s,
        "<text class=\"ax\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">elapsed time, % of budget</text>",
        f1(ML + PW / 2.0),
        f1(H - 8.0)
    );
    if let Some(goal) = buckets.iter().position(|b| b.up_to_percent == Some(100)) {
        let x = ML + slot * (goal as f64 + 1.0);
        let _ = writeln!(
            s,
            "<line class=\"tgt\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n\
             <text class=\"ax\" x=\"{}\" y=\"{}\" font-weight=\"600\" text-anchor=\"end\">\u{2190} within goal</text>\n\
             <text class=\"ax\" x=\"{}\" y=\"{}\" font-weight=\"600\">over goal \u{2192}</text>",
            f1(x),
            f1(MT - 4.0),
            f1(x),
            f1(base),
            f1(x - 6.0),
            f1(MT + 10.0),
            f1(x + 6.0),
            f1(MT + 10.0)
        );
    }
    s.push_str("</svg>\n");
    let sum = |f: fn(&Bucket) -> u64| buckets.iter().fold(0u64, |a, b| a.saturating_add(f(b)));
    let (met, pending, breached) = (sum(|b| b.met), sum(|b| b.pending), sum(|b| b.breached));
    let mut parts = vec![format!("{} met the goal", group(met))];
    if breached > 0 {
        parts.push(format!("{} went over it", group(breached)));
    }
    if pending > 0 {
        parts.push(format!("{} are still open within it", group(pending)));
    }
    let _ = writeln!(
        s,
        "<figcaption>How long items took, as a share of their budget, over the whole window. \
         Of {}, {}.</figcaption>\n</figure>",
        plural(all, "item", "items"),
        parts.join(", ")
    );
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
        let end = h[start..].find("</svg>").map_or(h.len(), |e| start + e);
        &h[start..end]
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

    #[test]
    fn html_numbers() {
        assert_eq!(parse_milli("99.950"), Some(99_950));
        assert_eq!(parse_milli("95"), Some(95_000));
        assert_eq!(parse_milli("99.9%"), Some(99_900));
        assert_eq!(parse_milli("x"), None);
        assert_eq!(milli_text(99_900), "99.9");
        assert_eq!(milli_text(100_000), "100");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(duration(4980), "1 h 23 min");
        let a = Axis::percent(&[99_978, 99_702, 100_000], Some(99_900));
        assert_eq!((a.lo, a.step), (99_500, 100));
        let a = Axis::count(262);
        assert_eq!((a.hi, a.step), (300, 100));
    }

    /// The availability objective, measured per day over March.
    fn daily() -> Report {
        let mut r = report();
        let o = &mut r.objectives[1];
        o.period = slate_rules::Period::Day;
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
