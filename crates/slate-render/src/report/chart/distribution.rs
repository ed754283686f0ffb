//! The distribution chart: each time-to-event item's elapsed time against
//! its budget, in bands.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::{counted, number};

use super::*;

/// Elapsed time against the budget, in bands, with met, pending and breached
/// items stacked, and a marker at the goal.
pub(super) fn distribution_chart(s: &mut String, i: usize, o: &ObjectiveReport) {
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
        counted(all, "item", "items")
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
    svg_open(s, &id, &title, &desc);
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
            number(total)
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
    distribution_caption(s, buckets, all);
}

/// What the distribution shows, in words: how many items met the goal,
/// went over it, or are still open within it.
fn distribution_caption(s: &mut String, buckets: &[Bucket], all: u64) {
    let sum = |f: fn(&Bucket) -> u64| buckets.iter().fold(0u64, |a, b| a.saturating_add(f(b)));
    let (met, pending, breached) = (sum(|b| b.met), sum(|b| b.pending), sum(|b| b.breached));
    let mut parts = vec![format!("{} met the goal", number(met))];
    if breached > 0 {
        parts.push(format!("{} went over it", number(breached)));
    }
    if pending > 0 {
        parts.push(format!("{} are still open within it", number(pending)));
    }
    let _ = writeln!(
        s,
        "<figcaption>How long items took, as a share of their budget, over the whole window. \
         Of {}, {}.</figcaption>\n</figure>",
        counted(all, "item", "items"),
        parts.join(", ")
    );
}
