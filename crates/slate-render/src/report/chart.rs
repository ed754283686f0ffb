//! The report's charts, as inline SVG: a bar per period against the target,
//! and, for a time-to-event objective, the items' elapsed time against
//! their budget. No script and no external resource; every piece of text
//! goes through [`esc`], and coordinates are computed from integers
//! (percentages in thousandths) and printed with one decimal, so the output
//! depends on the report alone.

use std::fmt::Write as _;

use slate_eval::report::*;
use slate_words::{capitalise, number};

use super::words::{esc, measure_words, target_bound, verdict_class, verdict_mark, verdict_words};
use crate::document::{Chart, ChartKind};

mod distribution;
use distribution::distribution_chart;

/// A coordinate with one decimal, never `-0.0`.
fn f1(x: f64) -> String {
    if x.abs() < 0.05 || !x.is_finite() {
        "0.0".to_owned()
    } else {
        format!("{x:.1}")
    }
}

/// A percentage in thousandths of a percent; digits past the third decimal
/// are dropped. `None` when it is too large for the chart.
fn milli(percent: rust_decimal::Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive as _;
    percent
        .checked_mul(rust_decimal::Decimal::ONE_THOUSAND)?
        .trunc()
        .to_i64()
}

/// Thousandths of a percent as a short decimal: `99900` is `99.9`.
fn milli_text(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let (int, frac) = (m.unsigned_abs() / 1000, m.unsigned_abs() % 1000);
    let frac = format!(".{frac:03}");
    format!(
        "{sign}{int}{}",
        frac.trim_end_matches('0').trim_end_matches('.')
    )
}

/// A ratio in thousandths of a percent.
fn ratio_milli(v: &Ratio) -> i64 {
    milli(v.percent).unwrap_or_else(|| {
        let d = i128::from(v.denominator);
        let exact = (d != 0).then(|| i128::from(v.numerator) * 100_000 / d);
        exact.and_then(|m| i64::try_from(m).ok()).unwrap_or(0)
    })
}

/// The chart's size and plot area, in SVG user units.
const W: f64 = 720.0;

const H: f64 = 300.0;

const ML: f64 = 64.0;

const MR: f64 = 96.0;

const MT: f64 = 40.0;

const MB: f64 = 52.0;

const PW: f64 = W - ML - MR;

const PH: f64 = H - MT - MB;

/// A y axis: from `lo` to `hi` in steps, in thousandths of a percent, in
/// items, or in a sample's unit scaled by 10^`scale`.
struct Axis {
    lo: i64,
    hi: i64,
    step: i64,
    percent: bool,
    scale: u32,
}

impl Axis {
    fn y(&self, v: i64) -> f64 {
        let span = (self.hi - self.lo).max(1) as f64;
        MT + PH * (self.hi - v.clamp(self.lo, self.hi)) as f64 / span
    }

    fn text(&self, v: i64) -> String {
        if self.percent {
            format!("{}%", milli_text(v))
        } else if self.scale > 0 {
            rust_decimal::Decimal::new(v, self.scale)
                .normalize()
                .to_string()
        } else {
            number(v)
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
                    scale: 0,
                };
            }
        }
        Axis {
            lo: 0,
            hi: 100_000,
            step: 20_000,
            percent: true,
            scale: 0,
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
            scale: 0,
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

/// Opens a chart: the `<svg>` element with its title and description (for
/// a screen reader), and its patterns.
fn svg_open(s: &mut String, id: &str, title: &str, desc: &str) {
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n\
         <title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>",
        W,
        H,
        esc(title),
        esc(desc)
    );
    defs(s, id);
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

/// Draws a chart of the report's tree as a figure with an inline SVG.
pub(crate) fn draw(s: &mut String, c: &Chart) {
    match c.kind {
        ChartKind::Periods => period_chart(s, c.index, &c.objective),
        ChartKind::Distribution => distribution_chart(s, c.index, &c.objective),
    }
}

/// The value or count per period, against the target line.
fn period_chart(s: &mut String, i: usize, o: &ObjectiveReport) {
    let id = format!("o{i}-periods");
    let per_component = o.periods.iter().any(|p| !p.components.is_empty());
    let bars = period_bars(o);
    let values: Vec<i64> = bars.iter().filter_map(|b| b.value).collect();
    let (axis, target, target_words) = period_axis(o, &values);
    let measure = if per_component {
        "lowest component availability"
    } else {
        measure_words(o.kind)
    };
    let title = format!(
        "{} per {} against the target of {}",
        capitalise(measure),
        o.period.noun(),
        target_bound(o)
    );
    let desc = period_desc(o, &bars, &axis);
    s.push_str("<figure>\n");
    svg_open(s, &id, &title, &desc);
    let mut entries = vec![Verdict::Met, Verdict::Breached];
    for v in [Verdict::NoData, Verdict::Pending, Verdict::Unknown] {
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

    let show_values = period_bars_drawn(s, &id, &bars, &axis);
    let labels: Vec<(String, bool)> = bars.iter().map(|b| (b.label.clone(), b.complete)).collect();
    x_labels(s, &labels);
    if let Some(t) = target {
        target_line(s, &axis, t, &target_words);
    }
    s.push_str("</svg>\n");
    let caption = period_caption(o, measure, &axis, show_values, per_component);
    let _ = writeln!(s, "<figcaption>{caption}</figcaption>\n</figure>");
}

/// One bar per period: its value (thousandths of a percent, or a count),
/// and the value as the bar's label says it.
fn period_bars(o: &ObjectiveReport) -> Vec<Bar> {
    o.periods
        .iter()
        .map(|p| {
            let value = match o.kind {
                Kind::Volume => p.count.map(|c| i64::try_from(c).unwrap_or(i64::MAX)),
                Kind::DurationAggregate => p
                    .aggregate
                    .as_ref()
                    .and_then(|a| a.seconds.as_ref())
                    .map(|x| x.numerator.checked_div(x.denominator).unwrap_or(0)),
                Kind::SampleAggregate => p
                    .sample
                    .as_ref()
                    .and_then(|x| x.value.as_ref())
                    .and_then(|x| scaled(x.decimal, sample_scale(o))),
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
                (Kind::Volume, Some(v)) => number(v),
                (Kind::DurationAggregate, Some(_)) => p
                    .aggregate
                    .as_ref()
                    .and_then(|a| a.seconds.as_ref())
                    .map_or_else(|| "n/a".to_owned(), |x| format!("{} s", x.decimal)),
                (Kind::SampleAggregate, Some(_)) => super::words::value_text(o, p),
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
        .collect()
}

/// The y axis of a period chart, the target on it and the target in words.
fn period_axis(o: &ObjectiveReport, values: &[i64]) -> (Axis, Option<i64>, String) {
    match o.kind {
        Kind::SampleAggregate => {
            let scale = sample_scale(o);
            let bound = match o.target {
                Target::Sample { bound, .. } => scaled(bound, scale),
                _ => None,
            };
            let max = values.iter().copied().chain(bound).fold(0, i64::max);
            let axis = Axis {
                scale,
                ..Axis::count(max)
            };
            let words = short_bound(o, &axis, bound);
            (axis, bound, words)
        }
        Kind::Volume | Kind::DurationAggregate => {
            let bound = match o.target {
                Target::AtLeast(n) | Target::AtMost(n) => i64::try_from(n).ok(),
                Target::Aggregate { seconds, .. } => i64::try_from(seconds).ok(),
                Target::Percent(_) | Target::Rate { .. } | Target::Sample { .. } => None,
            };
            let max = values.iter().copied().chain(bound).fold(0, i64::max);
            let axis = Axis::count(max);
            let words = short_bound(o, &axis, bound);
            (axis, bound, words)
        }
        _ => {
            let t = match o.target {
                Target::Percent(p) | Target::Rate { percent: p, .. } => milli(p),
                Target::AtLeast(_)
                | Target::AtMost(_)
                | Target::Aggregate { .. }
                | Target::Sample { .. } => None,
            };
            let words = match t {
                Some(t) => format!("{}%", milli_text(t)),
                None => o.target.to_string(),
            };
            (Axis::percent(values, t), t, words)
        }
    }
}

/// The chart in words, for a screen reader: the axis and every bar.
fn period_desc(o: &ObjectiveReport, bars: &[Bar], axis: &Axis) -> String {
    let mut desc = format!(
        "Bar chart, one bar per {}; the y axis runs from {} to {}. ",
        o.period.noun(),
        axis.text(axis.lo),
        axis.text(axis.hi)
    );
    let words: Vec<String> = o
        .periods
        .iter()
        .zip(bars)
        .filter(|(p, _)| super::objective::listed(o, p))
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
    // Hours beyond a day's worth: only those the period table lists.
    if let left @ 1.. = o.periods.len().saturating_sub(words.len()) {
        let _ = write!(desc, " The other {left} hours are met or without data.");
    }
    desc
}

/// Draws the bars, each with its tooltip, and their values when they fit
/// (which it returns).
fn period_bars_drawn(s: &mut String, id: &str, bars: &[Bar], axis: &Axis) -> bool {
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
                mark(s, id, b.verdict, b.complete, (x, base - h, bw, h));
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
                mark(s, id, Verdict::NoData, true, (x, base - 14.0, bw, 14.0));
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
    show_values
}

/// The target across the plot, labelled at its right end.
fn target_line(s: &mut String, axis: &Axis, t: i64, target_words: &str) {
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
        esc(target_words)
    );
}

/// What the chart shows, and what it leaves to the table.
fn period_caption(
    o: &ObjectiveReport,
    measure: &str,
    axis: &Axis,
    show_values: bool,
    per_component: bool,
) -> String {
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
    caption
}

/// The target as the legend and the target line say it, in the axis's
/// units: `at most 65`, `below 30`, `at least 200`; the chart's title
/// gives it in full.
fn short_bound(o: &ObjectiveReport, axis: &Axis, bound: Option<i64>) -> String {
    let comparison = match o.target {
        Target::Sample { comparison, .. } | Target::Aggregate { comparison, .. } => {
            comparison.words()
        }
        _ => return o.target.to_string(),
    };
    bound.map_or_else(
        || target_bound(o),
        |b| format!("{comparison} {}", axis.text(b)),
    )
}

/// The decimal places a sample chart's axis keeps: as many as its values
/// and bound are written with, at most 6 (the report's rounding).
fn sample_scale(o: &ObjectiveReport) -> u32 {
    let bound = match o.target {
        Target::Sample { bound, .. } => bound.normalize().scale(),
        _ => 0,
    };
    o.periods
        .iter()
        .filter_map(|p| p.sample.as_ref()?.value.as_ref())
        .map(|x| x.decimal.normalize().scale())
        .fold(bound, u32::max)
        .min(6)
}

/// A sample value in units of 10^-`scale`, if it fits a bar.
fn scaled(d: rust_decimal::Decimal, scale: u32) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive as _;
    let factor = rust_decimal::Decimal::from(10_i64.checked_pow(scale)?);
    d.checked_mul(factor)?.round().to_i64()
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

#[cfg(test)]
mod tests;
