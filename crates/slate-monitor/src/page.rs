//! `GET /`: the status page. Server-rendered HTML that refreshes itself
//! every 30 seconds: per objective its current period's value and verdict,
//! its open items with a bar of the budget each has used, and the eval
//! report's own charts (`slate eval --format html` draws them the same
//! way). No script and no external resource; every string from the
//! agreement or the events is escaped with Slate's HTML escaping, which
//! also shows characters a reader cannot see.

use std::fmt::Write as _;

use slate::eval::Report;
use slate::eval::html::{CSS, escape_html, objective_charts};
use slate::eval::report::{Kind, PeriodReport, Verdict};
use slate::rules::RuleSet;

use crate::items::{at_share, by_share, percent_used, rfc3339};
use crate::metrics::WarnAt;
use slate::eval::live::{Live, LiveObjective, OpenItem};

/// How many open items the page lists per objective; `/v1/items` has them all.
const LISTED: usize = 100;

/// What the page adds to the report's stylesheet: the bars of the items.
const EXTRA_CSS: &str = "meter { width: 10rem; } tr.over td, tr.over th { background: #fdf3dc; }
tr.breached td, tr.breached th { background: #fbe3d6; }";

/// The page at the live view's instant; `report` (if any) gives the charts.
pub(crate) fn render(
    rules: &RuleSet,
    live: &Live,
    report: Option<&Report>,
    warn: &WarnAt,
) -> String {
    let title = esc(&rules.agreement.title);
    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta http-equiv=\"refresh\" content=\"30\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>Live status: {title}</title>");
    let _ = writeln!(
        s,
        "<style>\n{CSS}{EXTRA_CSS}\n</style>\n</head>\n<body>\n<main>"
    );
    let _ = writeln!(
        s,
        "<header class=\"top\">\n<p class=\"kicker\">Live status</p>\n<h1>{title}</h1>\n<dl class=\"facts\">\n<dt>As of</dt><dd>{}</dd>\n<dt>Open items</dt><dd>{}</dd>\n<dt>Fingerprint</dt><dd><code>{}</code></dd>\n</dl>\n</header>",
        rfc3339(live.as_of),
        live.items.len(),
        esc(&rules.agreement.fingerprint),
    );
    for o in &live.objectives {
        objective(&mut s, rules, live, o, warn);
        let charted = report.and_then(|r| {
            r.objectives
                .iter()
                .enumerate()
                .find(|(_, x)| x.name == o.name)
        });
        if let Some((k, x)) = charted {
            let charts = objective_charts(k, x);
            if !charts.is_empty() {
                let _ = writeln!(
                    s,
                    "<p class=\"muted small\">Periods so far, from the report as of {}:</p>",
                    report.map(|r| r.as_of.to_string()).unwrap_or_default()
                );
                s.push_str(&charts);
            }
        }
    }
    s.push_str("<footer><p class=\"muted small\">This page refreshes itself every 30 seconds. Open items as JSON: <code>/v1/items</code>; the report: <code>/v1/report</code>; metrics: <code>/metrics</code>.</p></footer>\n");
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

fn objective(s: &mut String, rules: &RuleSet, live: &Live, o: &LiveObjective, warn: &WarnAt) {
    let rule = rules.objectives.iter().find(|r| r.name == o.name);
    let title = rule.and_then(|r| r.title.as_deref()).unwrap_or(&o.name);
    let _ = writeln!(
        s,
        "<section>\n<h2>{}</h2>\n<p><code>{}</code> · service <code>{}</code></p>",
        esc(title),
        esc(&o.name),
        esc(&o.service)
    );
    match &o.period {
        Some(p) => {
            let _ = writeln!(
                s,
                "<ul class=\"tiles\">\n<li><b>{}</b><span>period {} so far</span></li>\n<li{}><b>{}</b><span>verdict so far</span></li>",
                esc(&value_words(o.kind, p)),
                esc(&p.label),
                if p.verdict == Verdict::Breached {
                    " class=\"warn\""
                } else {
                    ""
                },
                verdict_words(p.verdict),
            );
        }
        None => {
            s.push_str("<ul class=\"tiles\">\n<li><b>–</b><span>no current period</span></li>\n")
        }
    }
    if let Some(b) = &o.error_budget {
        let left = b.allowed_seconds.saturating_sub(b.down_seconds);
        let _ = writeln!(
            s,
            "<li{}><b>{}</b><span>error budget left of {}</span></li>",
            if left < 0 { " class=\"warn\"" } else { "" },
            signed_duration(left),
            signed_duration(b.allowed_seconds),
        );
    }
    let items: Vec<&OpenItem> = live
        .items
        .iter()
        .filter(|i| i.objective == o.name)
        .collect();
    if matches!(o.kind, Kind::TimeToEvent | Kind::DueDate) || !items.is_empty() {
        let _ = writeln!(s, "<li><b>{}</b><span>open items</span></li>", items.len());
    }
    s.push_str("</ul>\n");
    if !items.is_empty() {
        item_table(s, items, warn);
    }
    s.push_str("</section>\n");
}

fn item_table(s: &mut String, mut items: Vec<&OpenItem>, warn: &WarnAt) {
    items.sort_by(|a, b| by_share(a, b));
    s.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Goal</th><th scope=\"col\">Started</th><th scope=\"col\">Used</th><th scope=\"col\">Budget used</th><th scope=\"col\">Due</th></tr></thead>\n<tbody>\n");
    let first_warn = warn.percents().first().copied().unwrap_or(100);
    for i in items.iter().take(LISTED) {
        let class = if i.elapsed_seconds > i.budget_seconds {
            " class=\"breached\""
        } else if at_share(i.elapsed_seconds, i.budget_seconds, first_warn.into()) {
            " class=\"over\""
        } else {
            ""
        };
        let pct =
            percent_used(i.elapsed_seconds, i.budget_seconds).unwrap_or_else(|| "–".to_owned());
        let _ = writeln!(
            s,
            "<tr{class}><th scope=\"row\"><code>{}</code></th><td class=\"n\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{} of {}{}</td><td><meter min=\"0\" max=\"{}\" high=\"{}\" value=\"{}\"></meter> {pct}%</td><td class=\"nw\">{}</td></tr>",
            esc(&i.id),
            i.goal,
            rfc3339(i.start),
            signed_duration(i.elapsed_seconds),
            signed_duration(i.budget_seconds),
            if i.running { "" } else { " (paused)" },
            i.budget_seconds.max(1),
            i.budget_seconds.max(1),
            i.elapsed_seconds.clamp(0, i.budget_seconds.max(1)),
            i.due.map_or_else(|| "–".to_owned(), rfc3339),
        );
    }
    s.push_str("</tbody>\n</table></div>\n");
    if items.len() > LISTED {
        let _ = writeln!(
            s,
            "<p class=\"muted small\">and {} more, listed by <code>/v1/items</code>.</p>",
            items.len() - LISTED
        );
    }
}

/// A length of open time in hours, minutes and seconds (`1 h 30 min`,
/// `26 h 5 min 12 s`, `-5 min` for an overrun error budget). Never in
/// days: a budget of 24 business hours is open time on a calendar, not a
/// day of the clock, and `1 day` would say otherwise.
fn signed_duration(secs: i64) -> String {
    let n = secs.unsigned_abs();
    let (h, m, sec) = (n / 3600, n / 60 % 60, n % 60);
    let parts: Vec<String> = [(h, "h"), (m, "min"), (sec, "s")]
        .iter()
        .filter(|(v, _)| *v > 0)
        .map(|(v, unit)| format!("{v} {unit}"))
        .collect();
    let text = if parts.is_empty() {
        "0 s".to_owned()
    } else {
        parts.join(" ")
    };
    if secs < 0 { format!("-{text}") } else { text }
}

/// Text for the page: every character a reader cannot see, control
/// characters and the line and paragraph separators included, written
/// `\u{…}` as the eval report writes it, then escaped for HTML. Record ids
/// come from whoever posts events.
fn esc(s: &str) -> String {
    escape_html(&slate::eval::visible::visible(s))
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓ met",
        Verdict::Breached => "✕ breached",
        Verdict::NoData => "– no data",
        Verdict::Pending => "… pending",
        Verdict::Unknown => "? unknown",
    }
}

/// The current period's value as the report writes it.
fn value_words(kind: Kind, p: &PeriodReport) -> String {
    match kind {
        Kind::Volume => p
            .count
            .map_or_else(|| "–".to_owned(), |c| format!("{c} items")),
        Kind::DurationAggregate => p
            .aggregate
            .as_ref()
            .and_then(|a| a.seconds.as_ref())
            .map_or_else(|| "–".to_owned(), |x| format!("{} s", x.decimal)),
        Kind::SampleAggregate => p
            .sample
            .as_ref()
            .and_then(|a| a.value.as_ref())
            .map_or_else(|| "–".to_owned(), |x| x.decimal.to_string()),
        _ => p
            .value
            .as_ref()
            .map_or_else(|| "–".to_owned(), |r| format!("{}%", r.percent)),
    }
}

#[cfg(test)]
mod tests {
    use super::{esc, signed_duration};

    #[test]
    fn hidden_and_control_characters_are_shown_then_escaped() {
        assert_eq!(
            esc("a\u{7}b\nc\u{2028}d<e>\u{202E}"),
            "a\\u{7}b\\u{a}c\\u{2028}d&lt;e&gt;\\u{202e}"
        );
    }

    #[test]
    fn open_time_is_written_in_hours_never_days() {
        let cases = [0, 45, 3_600, 5_400, 86_400, 94_332, -300];
        let words = cases.map(signed_duration);
        assert_eq!(
            words,
            [
                "0 s",
                "45 s",
                "1 h",
                "1 h 30 min",
                "24 h",
                "26 h 12 min 12 s",
                "-5 min"
            ]
        );
    }
}
