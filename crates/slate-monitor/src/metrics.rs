//! `GET /metrics`: the Prometheus exposition, written by the official
//! client crate (`prometheus-client`) from the live view at scrape time.
//! The names and labels are the contract the alert rules of `slate rules
//! --to prometheus` read (docs/monitor.md). Labels are bounded by the
//! agreement: per service, objective, goal and warning share, never per
//! item.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use slate::eval::report::{Kind, PeriodReport, Verdict};
use slate::rules::{Measure, RuleSet};

use crate::routes::Memory;
use slate::eval::live::Live;

/// The exposition's content type (OpenMetrics text, which Prometheus reads).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The warning shares of a budget, in percent: `--warn-at 50,75,100`.
/// Each is from 1 to 1000; kept sorted, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarnAt(Vec<u16>);

impl Default for WarnAt {
    fn default() -> Self {
        WarnAt(vec![50, 75, 100])
    }
}

impl WarnAt {
    /// The shares, in percent, ascending.
    pub fn percents(&self) -> &[u16] {
        &self.0
    }
}

impl std::str::FromStr for WarnAt {
    type Err = String;

    /// `50,75,100`: whole percentages from 1 to 1000, in any order; a
    /// share given twice counts once.
    fn from_str(text: &str) -> Result<WarnAt, String> {
        let mut shares = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            let shown = slate::eval::visible::visible(part);
            let n: u16 = part.parse().map_err(|_| {
                format!("`{shown}` is not a whole percentage; write the shares as `50,75,100`")
            })?;
            if !(1..=1000).contains(&n) {
                return Err(format!(
                    "`{n}` is not a share from 1 to 1000 percent of the budget"
                ));
            }
            shares.push(n);
        }
        shares.sort_unstable();
        shares.dedup();
        Ok(WarnAt(shares))
    }
}

/// A share as the `share` label writes it: the ratio, `0.5`, `0.75`, `1`.
fn share_label(percent: u16) -> String {
    Decimal::new(i64::from(percent), 2).normalize().to_string()
}

/// A label value, escaped as the exposition format asks (`\\`, `\"`,
/// `\n`): the client crate writes label values as they are given.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Esc(String);

impl EncodeLabelValue for Esc {
    fn encode(&self, out: &mut LabelValueEncoder) -> std::fmt::Result {
        for c in self.0.chars() {
            match c {
                '\\' => out.write_str("\\\\")?,
                '"' => out.write_str("\\\"")?,
                '\n' => out.write_str("\\n")?,
                c => out.write_char(c)?,
            }
        }
        Ok(())
    }
}

fn esc(s: &str) -> Esc {
    Esc(s.to_owned())
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InfoLabels {
    agreement: Esc,
    version: Esc,
    fingerprint: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AgreementLabels {
    agreement: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    agreement: Esc,
    outcome: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ObjectiveLabels {
    agreement: Esc,
    service: Esc,
    objective: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ValueLabels {
    agreement: Esc,
    service: Esc,
    objective: Esc,
    unit: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GoalLabels {
    agreement: Esc,
    service: Esc,
    objective: Esc,
    goal: Esc,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShareLabels {
    agreement: Esc,
    service: Esc,
    objective: Esc,
    goal: Esc,
    share: Esc,
}

/// The ingest counters, kept for the monitor's life.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    agreement: String,
    records: Family<OutcomeLabels, Counter>,
    batches: Family<OutcomeLabels, Counter>,
}

impl Counters {
    /// Counters for the agreement labelled `agreement`, every outcome at 0.
    pub fn new(agreement: &str) -> Counters {
        let c = Counters {
            agreement: agreement.to_owned(),
            ..Counters::default()
        };
        for o in ["accepted", "duplicate", "rejected"] {
            let _ = c.records.get_or_create(&c.outcome(o));
        }
        for o in ["accepted", "rejected"] {
            let _ = c.batches.get_or_create(&c.outcome(o));
        }
        c
    }

    fn outcome(&self, outcome: &str) -> OutcomeLabels {
        OutcomeLabels {
            agreement: esc(&self.agreement),
            outcome: esc(outcome),
        }
    }

    /// Counts `n` records with `outcome`.
    pub fn records(&self, outcome: &str, n: u64) {
        self.records.get_or_create(&self.outcome(outcome)).inc_by(n);
    }

    /// Counts one batch with `outcome`.
    pub fn batch(&self, outcome: &str) {
        self.batches.get_or_create(&self.outcome(outcome)).inc();
    }
}

/// The open items of one goal.
#[derive(Clone, Debug, Default)]
struct GoalTally {
    open: i64,
    over: Vec<i64>,
    breached: i64,
    next_due: Option<i64>,
}

/// The tallies per (service, objective, goal): every goal of every
/// time-to-event or due-date objective, at 0 when it has no open item, so that a
/// dashboard sees zeros rather than nothing.
fn tallies(
    rules: &RuleSet,
    live: &Live,
    warn: &WarnAt,
) -> BTreeMap<(String, String, usize), GoalTally> {
    let zero = GoalTally {
        over: vec![0; warn.0.len()],
        ..GoalTally::default()
    };
    let mut out = BTreeMap::new();
    for o in &rules.objectives {
        let goals = match &o.measure {
            Measure::TimeToEvent { goals, .. } => goals.len(),
            // A due-date objective's one goal: each item due by its own date.
            Measure::DueDate { .. } => 1,
            _ => 0,
        };
        for g in 1..=goals {
            out.insert((o.service.clone(), o.name.clone(), g), zero.clone());
        }
    }
    for i in &live.items {
        let key = (i.service.clone(), i.objective.clone(), i.goal);
        let t = out.entry(key).or_insert_with(|| zero.clone());
        t.open += 1;
        let elapsed = i128::from(i.elapsed_seconds);
        let budget = i128::from(i.budget_seconds);
        for (k, w) in warn.0.iter().enumerate() {
            // elapsed ≥ share × budget, with share = w / 100, in integers.
            if elapsed * 100 >= i128::from(*w) * budget
                && let Some(n) = t.over.get_mut(k)
            {
                *n += 1;
            }
        }
        let breached = elapsed > budget;
        if breached {
            t.breached += 1;
        }
        if let Some(due) = i.due.filter(|_| i.running && !breached) {
            t.next_due = Some(t.next_due.map_or(due, |d| d.min(due)));
        }
    }
    out
}

/// The current period's value so far and its unit; `None` with no data.
fn value(kind: Kind, p: &PeriodReport) -> Option<(f64, &'static str)> {
    #[expect(
        clippy::cast_precision_loss,
        reason = "an exposition value is a float; the exact figure is in the report"
    )]
    let ratio = |n: i64, d: i64| (d != 0).then(|| n as f64 / d as f64);
    match kind {
        #[expect(clippy::cast_precision_loss, reason = "a count far below 2^53")]
        Kind::Volume => p.count.map(|c| (c as f64, "count")),
        Kind::DurationAggregate => {
            let s = p.aggregate.as_ref()?.seconds.as_ref()?;
            Some((ratio(s.numerator, s.denominator)?, "seconds"))
        }
        Kind::SampleAggregate => {
            let s = p.sample.as_ref()?.value.as_ref()?;
            let d = Decimal::from(s.denominator);
            Some((s.numerator.checked_div(d)?.to_f64()?, "number"))
        }
        Kind::TimeToEvent | Kind::Availability | Kind::Rate | Kind::DueDate => {
            let r = p.value.as_ref()?;
            Some((ratio(r.numerator, r.denominator)?, "ratio"))
        }
    }
}

/// The exposition at the live view's instant.
pub fn exposition(
    rules: &RuleSet,
    live: &Live,
    memory: Memory,
    warn: &WarnAt,
    counters: &Counters,
) -> Result<String, std::fmt::Error> {
    let a = slate::rules::prometheus::agreement_label(rules);
    let mut registry = Registry::default();

    let info = Family::<InfoLabels, Gauge>::default();
    info.get_or_create(&InfoLabels {
        agreement: esc(a),
        version: esc(env!("CARGO_PKG_VERSION")),
        fingerprint: esc(&rules.agreement.fingerprint),
    })
    .set(1);
    registry.register(
        "slate_monitor_info",
        "The monitor is up for this agreement",
        info,
    );

    goal_metrics(&mut registry, rules, live, warn, a);
    objective_metrics(&mut registry, live, a);

    registry.register(
        "slate_ingest_records",
        "Records posted, by outcome",
        counters.records.clone(),
    );
    registry.register(
        "slate_ingest_batches",
        "Batches posted, by outcome",
        counters.batches.clone(),
    );
    let held = |n: u64| {
        let f = Family::<AgreementLabels, Gauge>::default();
        f.get_or_create(&AgreementLabels { agreement: esc(a) })
            .set(i64::try_from(n).unwrap_or(i64::MAX));
        f
    };
    registry.register(
        "slate_monitor_memory_records",
        "Records held in memory",
        held(memory.records),
    );
    registry.register(
        "slate_monitor_memory_items",
        "Items held in memory",
        held(memory.items),
    );
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry)?;
    Ok(text)
}

fn goal_metrics(registry: &mut Registry, rules: &RuleSet, live: &Live, warn: &WarnAt, a: &str) {
    let open = Family::<GoalLabels, Gauge>::default();
    let over = Family::<ShareLabels, Gauge>::default();
    let breached = Family::<GoalLabels, Gauge>::default();
    let due = Family::<GoalLabels, Gauge>::default();
    for ((service, objective, goal), t) in tallies(rules, live, warn) {
        let labels = GoalLabels {
            agreement: esc(a),
            service: esc(&service),
            objective: esc(&objective),
            goal: Esc(goal.to_string()),
        };
        open.get_or_create(&labels).set(t.open);
        breached.get_or_create(&labels).set(t.breached);
        if let Some(d) = t.next_due {
            due.get_or_create(&labels).set(d);
        }
        for (w, n) in warn.0.iter().zip(&t.over) {
            over.get_or_create(&ShareLabels {
                agreement: esc(a),
                service: esc(&service),
                objective: esc(&objective),
                goal: Esc(goal.to_string()),
                share: Esc(share_label(*w)),
            })
            .set(*n);
        }
    }
    registry.register("slate_open_items", "Open items (time-to-event)", open);
    registry.register(
        "slate_open_items_over_share",
        "Open items whose elapsed time is at least the share of their budget",
        over,
    );
    registry.register(
        "slate_open_items_breached",
        "Open items already over their budget",
        breached,
    );
    registry.register(
        "slate_objective_next_due_timestamp_seconds",
        "The earliest instant a running open item within budget reaches its budget",
        due,
    );
}

fn objective_metrics(registry: &mut Registry, live: &Live, a: &str) {
    let values = Family::<ValueLabels, Gauge<f64, AtomicU64>>::default();
    let breached = Family::<ObjectiveLabels, Gauge>::default();
    let allowed = Family::<ObjectiveLabels, Gauge>::default();
    let down = Family::<ObjectiveLabels, Gauge>::default();
    let left = Family::<ObjectiveLabels, Gauge>::default();
    for o in &live.objectives {
        let labels = ObjectiveLabels {
            agreement: esc(a),
            service: esc(&o.service),
            objective: esc(&o.name),
        };
        let verdict = o.period.as_ref().map(|p| p.verdict);
        breached
            .get_or_create(&labels)
            .set(i64::from(verdict == Some(Verdict::Breached)));
        if let Some((v, unit)) = o.period.as_ref().and_then(|p| value(o.kind, p)) {
            values
                .get_or_create(&ValueLabels {
                    agreement: esc(a),
                    service: esc(&o.service),
                    objective: esc(&o.name),
                    unit: esc(unit),
                })
                .set(v);
        }
        if let Some(b) = &o.error_budget {
            allowed.get_or_create(&labels).set(b.allowed_seconds);
            down.get_or_create(&labels).set(b.down_seconds);
            left.get_or_create(&labels)
                .set(b.allowed_seconds.saturating_sub(b.down_seconds));
        }
    }
    registry.register(
        "slate_objective_value",
        "The current period's value so far, in its unit",
        values,
    );
    registry.register(
        "slate_objective_breached",
        "1 when the current period's verdict so far is breached",
        breached,
    );
    registry.register(
        "slate_objective_allowed_downtime_seconds",
        "Availability: the period's allowed downtime",
        allowed,
    );
    registry.register(
        "slate_objective_downtime_seconds",
        "Availability: downtime so far",
        down,
    );
    registry.register(
        "slate_objective_error_budget_seconds",
        "Availability: allowed downtime less downtime so far",
        left,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warn_at_is_sorted_deduplicated_and_bounded() {
        let w: WarnAt = "100, 50,75,50".parse().unwrap_or_default();
        assert_eq!(w.percents(), &[50, 75, 100]);
        assert_eq!(
            "0".parse::<WarnAt>(),
            Err("`0` is not a share from 1 to 1000 percent of the budget".to_owned())
        );
        assert_eq!(
            "1001".parse::<WarnAt>(),
            Err("`1001` is not a share from 1 to 1000 percent of the budget".to_owned())
        );
        assert_eq!(
            "75%".parse::<WarnAt>(),
            Err("`75%` is not a whole percentage; write the shares as `50,75,100`".to_owned())
        );
    }

    #[test]
    fn a_share_label_is_the_ratio() {
        let labels: Vec<String> = [1, 5, 50, 75, 100, 150, 1000].map(share_label).to_vec();
        assert_eq!(labels, ["0.01", "0.05", "0.5", "0.75", "1", "1.5", "10"]);
    }
}
