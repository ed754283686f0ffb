//! Evaluation reports for people: the `slate.report/v2` report that
//! `slate_eval::evaluate` computes, built once as a document tree
//! (`build.rs`, `objective.rs`: the contract's sections, blocks and
//! inlines, with key figures, statuses and charts) and rendered by the
//! contract's renderers: plain text for a terminal (`text.rs`), Markdown
//! (`markdown.rs`) and one self-contained HTML page (`html.rs`, with its
//! stylesheet in `style.css` and its SVG charts in `chart.rs`). So the
//! three formats say the same things. Money, numbers and lengths of time
//! are written with `slate-words`, as the contract writes them. The JSON
//! form stays with the report type (`slate_eval::to_json`).
//!
//! Every string from the rule set or the events is shown with its hidden
//! characters visible (`slate_words::visible`), and escaped for the format.

mod build;
pub(crate) mod chart;
mod due;
mod html;
mod lateness;
mod markdown;
mod objective;
mod per_unit;
mod rights;
mod shortfall;
mod text;
mod words;

use slate_eval::report::{PeriodReport, Verdict};
use slate_words::number;

use crate::document::{Block, Inline, Section, Status};

pub use build::build;
pub use html::{CSS, objective_charts, to_html};
pub use markdown::to_markdown;
pub use text::to_text;

/// A report as a document: a title and its facts over the contract's
/// sections, blocks and inlines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDocument {
    /// What the document is: `Service level report`.
    pub kicker: String,
    /// The agreement's title.
    pub title: String,
    /// The facts under the title: the agreement, the window, the cut-off,
    /// the fingerprint and digest, and what made the report.
    pub facts: Block,
    /// The sections, not numbered.
    pub sections: Vec<Section>,
    /// What every report ends with: the schema, and how to read a period.
    pub footer: Vec<Inline>,
}

/// How many periods have each verdict.
#[derive(Default)]
struct Tally {
    met: u64,
    breached: u64,
    nodata: u64,
    pending: u64,
    unknown: u64,
}

impl Tally {
    fn of(periods: &[PeriodReport]) -> Tally {
        let mut x = Tally::default();
        for p in periods {
            match p.verdict {
                Verdict::Met => x.met += 1,
                Verdict::Breached => x.breached += 1,
                Verdict::NoData => x.nodata += 1,
                Verdict::Pending => x.pending += 1,
                Verdict::Unknown => x.unknown += 1,
            }
        }
        x
    }

    /// `3 met, 1 breached`, each count marked as its verdict.
    fn inlines(&self) -> Vec<Inline> {
        let mut out = Vec::new();
        for (n, status, words) in [
            (self.met, Status::Met, "met"),
            (self.breached, Status::Breached, "breached"),
            (self.nodata, Status::NoData, "no data"),
            (self.pending, Status::Pending, "pending"),
            (self.unknown, Status::Pending, "unknown"),
        ] {
            if n > 0 {
                if !out.is_empty() {
                    out.push(Inline::Text(", ".to_owned()));
                }
                out.push(Inline::Status(status, format!("{} {words}", number(n))));
            }
        }
        if out.is_empty() {
            out.push(Inline::Text("no period".to_owned()));
        }
        out
    }
}
