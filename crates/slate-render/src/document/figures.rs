//! What a report adds to the document tree: key figures, a status, a chart.
//! The contract uses none of them; the report's Markdown, HTML and text are
//! rendered from the same tree by the same renderers.

use slate_eval::report::ObjectiveReport;

/// A key figure: a number and what it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// The number, as written: `2,085`.
    pub value: String,
    /// What it counts, read after the number: `records read`.
    pub what: String,
    /// Whether a reader should look at it: invalid records.
    pub warn: bool,
}

/// The kind of a status, which each format marks its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Kept: a period met.
    Met,
    /// Broken: a period breached.
    Breached,
    /// Nothing to judge by: a period with no data.
    NoData,
    /// Not decided yet: a period not over.
    Pending,
}

/// A chart of one objective of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// What the chart shows.
    pub kind: ChartKind,
    /// The objective's place in the report, which keeps the chart's ids
    /// apart from every other chart's on the page.
    pub index: usize,
    /// The objective charted.
    pub objective: Box<ObjectiveReport>,
}

/// What a chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Each period's value against the target.
    Periods,
    /// How long items took, in buckets of the budget.
    Distribution,
}
