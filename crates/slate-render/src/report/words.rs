//! The report's words: a period's value, a target, a tier, a verdict, a
//! kind of objective; and the escaping of the text the charts draw.

use slate_eval::report::*;
use slate_words::visible::visible as v;

/// The measured value of a period, in words.
pub(super) fn value_text(o: &ObjectiveReport, p: &PeriodReport) -> String {
    if let Some(why) = &p.unknown {
        return format!("not computed: {}", v(why));
    }
    match (o.kind, &p.value) {
        (Kind::Volume, _) => format!("{} counted", p.count.unwrap_or(0)),
        (Kind::DurationAggregate, _) => match p.aggregate.as_ref().and_then(|a| a.seconds.as_ref())
        {
            // The contract rounds: the rounded value is the one judged.
            Some(x) => match p.aggregate.as_ref().and_then(|a| a.seconds_rounded) {
                Some(r) => format!("{r} s rounded from {}", seconds_text(x)),
                None => seconds_text(x),
            },
            None => "no data".to_owned(),
        },
        (Kind::SampleAggregate, _) => match p.sample.as_ref().and_then(|x| x.value.as_ref()) {
            Some(x) => sample_text(x, o.unit.as_deref()),
            None => "no data".to_owned(),
        },
        (_, Some(v)) => format!("{}% ({}/{})", v.percent, v.numerator, v.denominator),
        (Kind::Availability, None) => match p.components.len() {
            0 => "no data".to_owned(),
            1 => "1 component".to_owned(),
            n => format!("{n} components"),
        },
        (_, None) => "no data".to_owned(),
    }
}

/// The target, in words.
pub(super) fn target_text(o: &ObjectiveReport) -> String {
    // A target per goal: each goal's target is in the goals table.
    if o.periods.iter().any(|p| !p.goals.is_empty()) {
        return format!("per goal, per {}", o.period.noun());
    }
    format!("{} per {}", target_bound(o), o.period.noun())
}

/// The target without its period: `95%`, `at least 200`, `average at most
/// 2 minutes` (a duration bound in the contract's words, not the JSON
/// report's `120s`), `sample average at most 65 milliseconds`.
pub(super) fn target_bound(o: &ObjectiveReport) -> String {
    match (o.kind, &o.target) {
        (
            Kind::DurationAggregate,
            Target::Aggregate {
                percentile,
                comparison,
                seconds,
            },
        ) => {
            let statistic = percentile.map_or_else(|| "average".to_owned(), |p| format!("p{p}"));
            format!(
                "{statistic} {} {}",
                comparison.words(),
                slate_check::words::length(slate_check::words::canonical_seconds(*seconds)),
            )
        }
        (Kind::Volume | Kind::Rate | Kind::DurationAggregate, t) => t.to_string(),
        (Kind::SampleAggregate, t) => {
            let figure = match t {
                Target::Sample { bound, .. } => bound.to_string(),
                _ => String::new(),
            };
            format!("{t}{}", unit_after(&figure, o.unit.as_deref()))
        }
        (_, t) => format!("{t}%"),
    }
}

/// What a settlement period's value reached, in words.
pub(super) fn tier_text(b: &Basis) -> String {
    match (&b.tier, b.complete, &b.value) {
        (_, false, _) => "not over, not settled yet".to_owned(),
        (_, _, None) => "no data, nothing owed".to_owned(),
        (Some(t), true, _) => t.clone(),
        (None, true, _) if !b.components.is_empty() => component_tiers(b),
        (None, true, _) => "no tier reached, nothing owed by the tiers".to_owned(),
    }
}

/// Per component: the tier each component reached on its own, or that
/// none did (`each component on its own: c2 below 99.9%: 10% of fee`).
fn component_tiers(b: &Basis) -> String {
    let reached: Vec<String> = b
        .components
        .iter()
        .filter_map(|c| {
            // A credit per unit of downtime counts each component's own
            // units beside (or in place of) its tier.
            let units = c
                .shortfall
                .as_ref()
                .filter(|s| s.units > 0)
                .map(|s| slate_words::count(s.units, "unit") + " of downtime");
            match (&c.tier, units) {
                (Some(t), Some(u)) => Some(format!("{} {t} and {u}", c.id)),
                (Some(t), None) => Some(format!("{} {t}", c.id)),
                (None, Some(u)) => Some(format!("{} {u}", c.id)),
                (None, None) => None,
            }
        })
        .collect();
    if reached.is_empty() && b.components.iter().any(|c| c.shortfall.is_some()) {
        "no component reached a tier or a unit of downtime, nothing owed".to_owned()
    } else if reached.is_empty() {
        "no component reached a tier, nothing owed".to_owned()
    } else {
        format!("each component on its own: {}", reached.join("; "))
    }
}

/// What made the report, in words: every format says it so.
pub(super) fn made_with(r: &Report) -> String {
    format!(
        "Slate {}, time-zone database {}",
        v(&r.made_with.slate),
        v(&r.made_with.tzdb)
    )
}

/// Seconds in words: `30 s`, or `10.333 s (31/3)` when not whole.
pub(super) fn seconds_text(x: &Seconds) -> String {
    if x.denominator == 1 {
        format!("{} s", x.numerator)
    } else {
        let about = about(x.decimal, x.numerator.into(), x.denominator.into());
        format!("{about}{} s ({}/{})", x.decimal, x.numerator, x.denominator)
    }
}

/// `≈ ` when `decimal`, the value rounded for people, is not exactly
/// `numerator / denominator`: a rounded average at its bound must not read
/// as the bound itself (the exact fraction follows it in brackets).
fn about(
    decimal: rust_decimal::Decimal,
    numerator: rust_decimal::Decimal,
    denominator: rust_decimal::Decimal,
) -> &'static str {
    if slate_eval::report::is_rounded(decimal, numerator, denominator) {
        "≈ "
    } else {
        ""
    }
}

/// A value of samples in words: `65 milliseconds`, or `0.15 (0.3/2)`
/// when an average is not the sum itself.
pub(super) fn sample_text(x: &SampleNumber, unit: Option<&str>) -> String {
    if x.denominator == 1 {
        let figure = x.numerator.to_string();
        format!("{figure}{}", unit_after(&figure, unit))
    } else {
        let about = about(x.decimal, x.numerator, x.denominator.into());
        let figure = x.decimal.to_string();
        // `≈ 1` is not exactly one: its unit stays in the plural.
        let unit = unit_after(if about.is_empty() { &figure } else { "" }, unit);
        format!("{about}{figure}{unit} ({}/{})", x.numerator, x.denominator)
    }
}

/// A sample's unit after a figure, with its space: a unit Slate knows in
/// the singular when the figure is exactly `1` (`1 millisecond`) and in the
/// plural otherwise (`65 milliseconds`, even when declared `in
/// millisecond`); any other label as the agreement declares it (`1
/// requests`: Slate knows no singular for it, and guesses none).
fn unit_after(figure: &str, unit: Option<&str>) -> String {
    let Some(u) = unit else {
        return String::new();
    };
    format!(" {}", v(&slate_check::words::unit_after(figure, u)))
}

/// A ratio in words: `99.795% (2636970/2642400)`.
pub(super) fn ratio_text(x: &Ratio) -> String {
    format!("{}% ({}/{})", x.percent, x.numerator, x.denominator)
}

/// The kind of an objective, in words.
pub(super) fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::TimeToEvent => "time to event",
        Kind::Availability => "availability",
        Kind::Volume => "volume",
        Kind::DurationAggregate => "average or percentile of durations",
        Kind::Rate => "rate of counts",
        Kind::DueDate => "due dates",
        Kind::SampleAggregate => "average or percentile of samples",
    }
}

/// What an objective's periods measure, in words.
pub(super) fn measure_words(k: Kind) -> &'static str {
    match k {
        Kind::TimeToEvent => "compliance",
        Kind::Availability => "availability",
        Kind::Volume => "items counted",
        Kind::DurationAggregate => "seconds",
        Kind::Rate => "rate",
        Kind::DueDate => "compliance",
        Kind::SampleAggregate => "value of the samples",
    }
}

/// Escapes text for HTML and SVG content and attribute values: the contract
/// document's escaping, one function for both, after showing hidden
/// characters visibly (`\u{…}`, see [`slate_words::visible`]).
pub(super) fn esc(s: &str) -> String {
    slate_words::escape_html(&v(s))
}

/// The class that colours a verdict in the stylesheet.
pub(crate) fn verdict_class(x: Verdict) -> &'static str {
    match x {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "nodata",
        Verdict::Pending => "pending",
        // Styled as not decided, as pending is.
        Verdict::Unknown => "pending",
    }
}

/// A verdict in words.
pub(super) fn verdict_words(x: Verdict) -> &'static str {
    match x {
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::NoData => "no data",
        Verdict::Pending => "pending",
        Verdict::Unknown => "unknown",
    }
}

/// The mark beside a verdict, so that it does not rest on colour alone.
pub(crate) fn verdict_mark(x: Verdict) -> &'static str {
    match x {
        Verdict::Met => "\u{2713}",
        Verdict::Breached => "\u{2715}",
        Verdict::NoData => "\u{2013}",
        Verdict::Pending => "\u{2026}",
        Verdict::Unknown => "?",
    }
}
