//! The alerts over `slate monitor`'s metrics: for every objective the
//! Prometheus backend cannot compute from the agreement's own series
//! ([`crate::monitor::split`] leaves it out, and no other group of the
//! file takes it), one rule group `slate-monitor-AGREEMENT` that alerts on
//! what the monitor exports (`docs/rules.md`, "Objectives watched through
//! `slate monitor`"): an open item past a share of its goal's time, an
//! availability objective's downtime past that share of the downtime
//! allowed, the period's verdict so far breached, and the monitor itself
//! gone. The monitor computes every figure as `slate eval` does, on the
//! contract's calendars; the rules only compare them.

use rust_decimal::Decimal;

use crate::prometheus::{agreement_label, alert_labels, promql_string, text};
use crate::yaml::{Y, map, s};
use crate::{Measure, Objective, RuleSet};

/// The share of a budget at which the near-breach alerts fire: a whole
/// percentage from 1 to 100 (`slate rules --to prometheus --near-breach
/// PERCENT`, 75 unless given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NearBreach(u8);

/// A `--near-breach` value that is not a whole percentage from 1 to 100.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a share of the budget: write a whole percentage from 1 to 100, such as `75`")]
pub struct NearBreachError(pub String);

impl Default for NearBreach {
    fn default() -> Self {
        NearBreach::DEFAULT
    }
}

impl NearBreach {
    /// 75%: the second of the helpdesk engines' usual warnings at 50, 75
    /// and 100%, and one of `slate monitor`'s default `--warn-at` shares.
    pub const DEFAULT: NearBreach = NearBreach(75);

    /// The share `percent`, from 1 to 100.
    pub fn new(percent: u32) -> Result<NearBreach, NearBreachError> {
        u8::try_from(percent)
            .ok()
            .filter(|p| (1..=100).contains(p))
            .map(NearBreach)
            .ok_or_else(|| NearBreachError(percent.to_string()))
    }

    /// Reads `75` or `75%`.
    pub fn parse(text: &str) -> Result<NearBreach, NearBreachError> {
        let digits = text.strip_suffix('%').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NearBreachError(text.to_owned()));
        }
        digits
            .parse::<u32>()
            .ok()
            .and_then(|p| NearBreach::new(p).ok())
            .ok_or_else(|| NearBreachError(text.to_owned()))
    }

    /// The percentage.
    pub fn percent(self) -> u8 {
        self.0
    }

    /// The share as `slate monitor` writes it in the `share` label of
    /// `slate_open_items_over_share`: the ratio in its shortest decimal,
    /// `0.5`, `0.75`, `1`.
    pub fn share_label(self) -> String {
        (Decimal::from(self.0) / Decimal::from(100u32))
            .normalize()
            .to_string()
    }
}

/// The objectives of `rules` named in `left` (the ones no other group of
/// the file computes), in the agreement's order.
pub(crate) fn watched<'a>(
    rules: &'a RuleSet,
    left: &[crate::monitor::LeftOut],
) -> Vec<&'a Objective> {
    rules
        .objectives
        .iter()
        .filter(|o| left.iter().any(|l| l.objective == o.name))
        .collect()
}

/// The group `slate-monitor-AGREEMENT` for `watched`, or `None` when there
/// are none (then nothing needs the monitor, and no alert says it is down).
pub(crate) fn group(rules: &RuleSet, watched: &[&Objective], near: NearBreach) -> Option<Y> {
    if watched.is_empty() {
        return None;
    }
    let mut rs: Vec<Y> = watched
        .iter()
        .flat_map(|o| objective_alerts(rules, o, near))
        .collect();
    rs.push(monitor_down(rules));
    Some(map(vec![
        (
            "name",
            s(format!("slate-monitor-{}", agreement_label(rules))),
        ),
        ("rules", Y::Seq(rs)),
    ]))
}

/// What an objective's alerts say and select.
struct Watch<'a> {
    rules: &'a RuleSet,
    objective: &'a Objective,
    /// `agreement="A", objective="O"`: the monitor's labels for it.
    matchers: String,
    /// `Title: `, the start of every summary.
    title: String,
    /// Its section of the contract, quoted, the end of every description.
    section: String,
}

impl Watch<'_> {
    fn selector(&self, metric: &str, extra: &str) -> String {
        format!("{metric}{{{}{extra}}}", self.matchers)
    }

    fn alert(&self, name: &str, severity: &str, expr: String, summary: &str, why: &str) -> Y {
        map(vec![
            ("alert", s(name)),
            ("expr", s(expr)),
            ("labels", alert_labels(self.rules, self.objective, severity)),
            (
                "annotations",
                map(vec![
                    ("summary", text(&format!("{}{summary}", self.title))),
                    ("description", text(&format!("{why} {}", self.section))),
                ]),
            ),
        ])
    }
}

/// The near-breach alert where the monitor measures a budget (the open
/// items' goals or due dates, an availability objective's downtime), and
/// the breach.
fn objective_alerts(rules: &RuleSet, o: &Objective, near: NearBreach) -> Vec<Y> {
    let w = Watch {
        rules,
        objective: o,
        matchers: format!(
            "agreement={}, objective={}",
            promql_string(agreement_label(rules)),
            promql_string(&o.name)
        ),
        title: format!("{}: ", o.title.as_deref().unwrap_or(&o.name)),
        section: format!(
            "Section {} of the {}: {}",
            o.contract.section, rules.agreement.title, o.contract.text
        ),
    };
    let period = o.period.noun();
    let percent = near.percent();
    let verdict = w.selector("slate_objective_breached", "");
    let monitor = "`slate monitor` measures it on the contract's calendars, as `slate eval` does.";
    // Items with a time budget each: a goal's, or the time to a due date.
    let items = match &o.measure {
        Measure::TimeToEvent { noun, .. } => Some((
            noun,
            "their goal's time",
            "their goal's time",
            "Act before their goal's time runs out: the label `goal` says which goal.",
        )),
        Measure::DueDate { noun, .. } => Some((
            noun,
            "the time until they are due",
            "their due date",
            "Act before they are due.",
        )),
        _ => None,
    };
    if let Some((noun, budget, past, act)) = items {
        return vec![
            w.alert(
                "SlateNearBreach",
                "page",
                format!(
                    "{} > 0",
                    w.selector(
                        "slate_open_items_over_share",
                        &format!(", share=\"{}\"", near.share_label())
                    )
                ),
                &format!("open {noun} have used {percent}% or more of {budget}"),
                &format!("{act} {monitor}"),
            ),
            w.alert(
                "SlateBreach",
                "breach",
                format!(
                    "{} > 0 or {verdict} == 1",
                    w.selector("slate_open_items_breached", "")
                ),
                &format!(
                    "open {noun} are past {past}, or the {period}'s verdict so far is breached"
                ),
                monitor,
            ),
        ];
    }
    match &o.measure {
        Measure::Availability { .. } => {
            // Whole seconds times whole numbers: exact in a float, unlike
            // `0.75 * allowed`, so the alert fires at the share exactly.
            let down = w.selector("slate_objective_downtime_seconds", "");
            let allowed = w.selector("slate_objective_allowed_downtime_seconds", "");
            vec![
                w.alert(
                    "SlateNearBreach",
                    "page",
                    format!("100 * {down} >= {percent} * {allowed} and {allowed} > 0"),
                    &format!(
                        "downtime this {period} has used {percent}% or more of the downtime allowed"
                    ),
                    &format!("More downtime this {period} can breach the target. {monitor}"),
                ),
                breach(&w, &verdict, period, monitor),
            ]
        }
        _ => vec![breach(&w, &verdict, period, monitor)],
    }
}

fn breach(w: &Watch<'_>, verdict: &str, period: &str, monitor: &str) -> Y {
    w.alert(
        "SlateBreach",
        "breach",
        format!("{verdict} == 1"),
        &format!("the {period}'s verdict so far is breached"),
        monitor,
    )
}

/// The alert that Prometheus has no `slate_monitor_info` for the agreement:
/// the monitor is not running or not scraped, and the alerts above cannot
/// fire.
fn monitor_down(rules: &RuleSet) -> Y {
    let label = agreement_label(rules);
    map(vec![
        ("alert", s("SlateMonitorDown")),
        (
            "expr",
            s(format!(
                "absent(slate_monitor_info{{agreement={}}})",
                promql_string(label)
            )),
        ),
        ("for", s("1m")),
        (
            "labels",
            map(vec![
                ("severity", text("page")),
                ("slate_agreement", text(label)),
            ]),
        ),
        (
            "annotations",
            map(vec![
                (
                    "summary",
                    text(&format!(
                        "{}: `slate monitor` is not reporting, so the objectives it watches cannot alert",
                        rules.agreement.title
                    )),
                ),
                (
                    "description",
                    text(
                        "Prometheus has had no `slate_monitor_info` series for this agreement for a minute: start `slate monitor` on the agreement, or have Prometheus scrape it.",
                    ),
                ),
            ]),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_breach_takes_whole_percentages_from_1_to_100() {
        for (text, share) in [("75", "0.75"), ("50%", "0.5"), ("100", "1"), ("1", "0.01")] {
            assert_eq!(
                NearBreach::parse(text).map(NearBreach::share_label),
                Ok(share.to_owned()),
                "{text}"
            );
        }
        for text in [
            "0",
            "101",
            "",
            "%",
            "-5",
            "75.5",
            " 75",
            "0x10",
            "99999999999",
        ] {
            assert_eq!(
                NearBreach::parse(text),
                Err(NearBreachError(text.to_owned())),
                "{text}"
            );
        }
        assert_eq!(NearBreach::default().share_label(), "0.75");
    }
}
