//! The report as one self-contained HTML page: inline CSS (`style.css`) and
//! inline SVG charts (`chart.rs`), no script and no external resource, so it
//! can be mailed, archived or printed as it is. The page's body is the
//! report's tree, rendered by the contract's HTML renderer; this module
//! writes only the page around it.
//!
//! Every piece of text that comes from the agreement or the events is
//! escaped, in HTML and in SVG alike. The output depends on the report
//! alone: no clock, and the report's own order.

use std::fmt::Write as _;

use slate_eval::report::{Kind, ObjectiveReport, Report};
use slate_words::visible::visible_lines;

use super::build;
use crate::document::{Chart, ChartKind};
use crate::html::{block, inlines, section, text};

#[cfg(test)]
use super::words::esc;

/// The stylesheet, for screens and A4 paper.
pub const CSS: &str = include_str!("style.css");

/// The report as one self-contained HTML page. No hidden character reaches
/// it raw: text is escaped with its hidden characters shown, and the page as
/// a whole is checked the same way.
pub fn to_html(r: &Report) -> String {
    let doc = build(r);
    let mut s = String::with_capacity(32 * 1024);
    s.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<title>{}: {}</title>",
        text(&doc.kicker),
        text(&doc.title)
    );
    let _ = writeln!(s, "<style>\n{CSS}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(
        s,
        "<header class=\"top\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>",
        text(&doc.kicker),
        text(&doc.title)
    );
    block(&mut s, &doc.facts);
    s.push_str("</header>\n");
    for x in &doc.sections {
        section(&mut s, x, 2);
    }
    let _ = writeln!(s, "<footer>{}</footer>", inlines(&doc.footer));
    s.push_str("</main>\n</body>\n</html>\n");
    visible_lines(&s).into_owned()
}

/// The charts the report's page draws for one objective (the objective at
/// `index` in its report), as the page draws them: a figure with an inline
/// SVG per chart, every string escaped, styled by [`CSS`]. Empty when the
/// objective has none (no period in the window). For pages that show the
/// report's charts beside figures of their own (`slate monitor`'s status
/// page), so that both draw them the same way.
pub fn objective_charts(index: usize, o: &ObjectiveReport) -> String {
    let mut s = String::new();
    let kinds = [ChartKind::Periods, ChartKind::Distribution];
    for kind in kinds {
        let wanted = match kind {
            ChartKind::Periods => !o.periods.is_empty(),
            ChartKind::Distribution => o.kind == Kind::TimeToEvent && !o.distribution.is_empty(),
        };
        if wanted {
            let chart = Chart {
                kind,
                index,
                objective: Box::new(o.clone()),
            };
            super::chart::draw(&mut s, &chart);
        }
    }
    visible_lines(&s).into_owned()
}

#[cfg(test)]
mod tests;
