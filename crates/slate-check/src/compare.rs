//! What an override changes in a term it inherits, and whether a change
//! weakens the guarantee: a longer goal, a lower target, a smaller credit.
//!
//! Changes are compared on the checked Models of both levels, so units and
//! calendars are already resolved. Where two values cannot be ordered (a
//! goal on another calendar, a new exclusion), the change counts as
//! weakening: an author must say why, and a reader sees it.

use rust_decimal::Decimal;

use crate::model::{
    Budget, Calendar, Cap, Condition, Goal, Model, Objective, ObjectiveKind, Opening, Payout,
    Period, Schedule, Service,
};
use crate::words;

/// One change, in words, and whether it weakens the inherited term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// `P1 tickets: within 30 minutes (was 1 hour)`.
    pub words: String,
    /// Whether it weakens what the customer is guaranteed.
    pub weaker: bool,
}

fn diff(words: String, weaker: bool) -> Difference {
    Difference { words, weaker }
}

/// How long a period is, for ordering: a longer period averages more.
fn period_rank(p: Period) -> u8 {
    match p {
        Period::Day => 0,
        Period::Week => 1,
        Period::Month => 2,
        Period::Quarter => 3,
        Period::Year => 4,
    }
}

/// What changes from `old` to `new`, two versions of one objective.
pub fn objective(
    old_model: &Model,
    old: &Objective,
    new_model: &Model,
    new: &Objective,
) -> Vec<Difference> {
    let mut out = Vec::new();
    if old.period != new.period {
        out.push(diff(
            format!(
                "measured per {} (was per {})",
                new.period.noun(),
                old.period.noun()
            ),
            period_rank(new.period) > period_rank(old.period),
        ));
    }
    match (&old.kind, &new.kind) {
        (ObjectiveKind::TimeToEvent(a), ObjectiveKind::TimeToEvent(b)) => {
            for g in &a.goals {
                let Some(h) = b
                    .goals
                    .iter()
                    .find(|h| h.when == g.when && h.otherwise == g.otherwise)
                else {
                    continue;
                };
                if let Some(d) = goal(old_model, g, new_model, h, &a.noun) {
                    out.push(d);
                }
            }
            for h in &b.goals {
                if !a
                    .goals
                    .iter()
                    .any(|g| g.when == h.when && g.otherwise == h.otherwise)
                {
                    out.push(diff(
                        format!(
                            "{}: within {} (a new goal)",
                            selector(h, &b.noun),
                            budget(h.budget, always_open(new_model, &h.calendar))
                        ),
                        false,
                    ));
                }
            }
            target(&mut out, a.target, b.target);
            conditions(&mut out, "excluded", &a.exclude, &b.exclude);
            if a.pause != b.pause {
                out.push(diff(
                    match &b.pause {
                        Some(p) => format!("the clock pauses while {}", words::condition(p)),
                        None => "the clock no longer pauses".to_owned(),
                    },
                    b.pause.is_some(),
                ));
            }
            if a.clock != b.clock {
                out.push(diff(
                    format!("counted on `{}` (was `{}`)", b.clock, a.clock),
                    true,
                ));
            }
            if a.filter != b.filter || a.start != b.start || a.stop != b.stop {
                out.push(diff("measures other items or events".to_owned(), true));
            }
        }
        (ObjectiveKind::Availability(a), ObjectiveKind::Availability(b)) => {
            target(&mut out, a.target, b.target);
            conditions(&mut out, "excluded", &a.exclude, &b.exclude);
            if b.maintenance.iter().any(|m| !a.maintenance.contains(m)) {
                out.push(diff(
                    "more maintenance windows are excluded".to_owned(),
                    true,
                ));
            } else if a.maintenance != b.maintenance {
                out.push(diff(
                    "fewer maintenance windows are excluded".to_owned(),
                    false,
                ));
            }
            if a.min_outage_seconds != b.min_outage_seconds {
                out.push(diff(
                    format!(
                        "outages count from {} (was {})",
                        words::seconds(b.min_outage_seconds),
                        words::seconds(a.min_outage_seconds)
                    ),
                    b.min_outage_seconds > a.min_outage_seconds,
                ));
            }
            if a.clock != b.clock {
                out.push(diff(
                    format!("measured on `{}` (was `{}`)", b.clock, a.clock),
                    true,
                ));
            }
            if a.per_component && !b.per_component {
                out.push(diff("no longer measured per component".to_owned(), true));
            }
        }
        (ObjectiveKind::Volume(a), ObjectiveKind::Volume(b)) => {
            if (a.at_least, a.count) != (b.at_least, b.count) {
                let bound = |at_least: bool| if at_least { "at least" } else { "at most" };
                let weaker = a.at_least != b.at_least
                    || (a.at_least && b.count < a.count)
                    || (!a.at_least && b.count > a.count);
                out.push(diff(
                    format!(
                        "{} {} (was {} {})",
                        bound(b.at_least),
                        b.count,
                        bound(a.at_least),
                        a.count
                    ),
                    weaker,
                ));
            }
            conditions(&mut out, "excluded", &a.exclude, &b.exclude);
        }
        _ => out.push(diff("measures something else".to_owned(), true)),
    }
    out
}

fn always_open(m: &Model, calendar: &str) -> bool {
    m.calendar(calendar).is_some_and(|c| c.always_open)
}

/// A budget in words, without the parenthesis `words::budget` adds.
fn budget(b: Budget, always_open: bool) -> String {
    match b {
        Budget::Seconds(s) if always_open => words::seconds(s),
        b => words::budget(b, always_open),
    }
}

fn selector(g: &Goal, noun: &str) -> String {
    if g.otherwise {
        format!("other {noun}")
    } else if g.when.is_empty() {
        words::capitalise(noun)
    } else {
        format!("{noun} where {}", words::conditions(&g.when))
    }
}

fn goal(
    old_model: &Model,
    g: &Goal,
    new_model: &Model,
    h: &Goal,
    noun: &str,
) -> Option<Difference> {
    if g.budget == h.budget && g.calendar == h.calendar {
        return None;
    }
    let was = budget(g.budget, always_open(old_model, &g.calendar));
    let now = budget(h.budget, always_open(new_model, &h.calendar));
    let weaker = if g.calendar != h.calendar {
        true
    } else {
        match (g.budget, h.budget) {
            (Budget::Seconds(a), Budget::Seconds(b))
            | (Budget::BusinessDays(a), Budget::BusinessDays(b)) => b > a,
            _ => true,
        }
    };
    let on = if g.calendar == h.calendar {
        String::new()
    } else {
        format!(" on `{}` (was on `{}`)", h.calendar, g.calendar)
    };
    Some(diff(
        format!("{}: within {now}{on} (was {was})", selector(g, noun)),
        weaker,
    ))
}

fn target(out: &mut Vec<Difference>, old: Decimal, new: Decimal) {
    if old != new {
        out.push(diff(
            format!(
                "target {} (was {})",
                words::percent(new),
                words::percent(old)
            ),
            new < old,
        ));
    }
}

fn conditions(out: &mut Vec<Difference>, what: &str, old: &[Condition], new: &[Condition]) {
    for c in new {
        if !old.contains(c) {
            out.push(diff(format!("{what} also: {}", words::condition(c)), true));
        }
    }
    for c in old {
        if !new.contains(c) {
            out.push(diff(
                format!("no longer {what}: {}", words::condition(c)),
                false,
            ));
        }
    }
}

/// What a schedule pays at a compliance just below `threshold`: the payout
/// of the lowest threshold the compliance falls below.
fn pays_below(s: &Schedule, threshold: Decimal) -> Option<&Payout> {
    s.tiers
        .iter()
        .filter(|t| t.threshold >= threshold)
        .min_by_key(|t| t.threshold)
        .map(|t| &t.payout)
}

fn payout_words(p: &Payout) -> String {
    match p {
        Payout::PercentOfFee { percent } => format!("{} of the fee", words::percent(*percent)),
        Payout::Fixed { amount, currency } => words::money(*amount, currency),
    }
}

/// Whether `new` pays less than `old`; payouts of different forms cannot be
/// ordered, and count as less.
fn pays_less(old: &Payout, new: &Payout) -> bool {
    match (old, new) {
        (Payout::PercentOfFee { percent: a }, Payout::PercentOfFee { percent: b }) => b < a,
        (
            Payout::Fixed {
                amount: a,
                currency: c,
            },
            Payout::Fixed {
                amount: b,
                currency: d,
            },
        ) => c != d || b < a,
        _ => true,
    }
}

/// What changes from `old` to `new`, two versions of a credits schedule.
/// Bonuses are the provider's reward, not the customer's guarantee: their
/// changes are listed but never weaken.
pub fn schedule(old: &Schedule, new: &Schedule) -> Vec<Difference> {
    let credits = matches!(old.kind, crate::model::ScheduleKind::Credits);
    let mut out = Vec::new();
    let mut thresholds: Vec<Decimal> = old
        .tiers
        .iter()
        .chain(&new.tiers)
        .map(|t| t.threshold)
        .collect();
    thresholds.sort_by(|a, b| b.cmp(a));
    thresholds.dedup();
    for t in thresholds {
        let (a, b) = (pays_below(old, t), pays_below(new, t));
        if a == b {
            continue;
        }
        let was = a.map_or_else(|| "nothing".to_owned(), payout_words);
        let now = b.map_or_else(|| "nothing".to_owned(), payout_words);
        let weaker = credits
            && match (a, b) {
                (Some(a), Some(b)) => pays_less(a, b),
                (Some(_), None) => true,
                (None, _) => false,
            };
        out.push(diff(
            format!("below {}: {now} (was {was})", words::percent(t)),
            weaker,
        ));
    }
    if old.period != new.period {
        out.push(diff(
            format!(
                "settled per {} (was per {})",
                new.period.noun(),
                old.period.noun()
            ),
            credits && period_rank(new.period) > period_rank(old.period),
        ));
    }
    if old.claim != new.claim {
        let now = new
            .claim
            .map_or_else(|| "no time limit".to_owned(), words::length);
        let was = old
            .claim
            .map_or_else(|| "no time limit".to_owned(), words::length);
        let shorter = match (old.claim, new.claim) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a.unit != b.unit || b.count < a.count,
            _ => false,
        };
        out.push(diff(
            format!("claims within {now} (was {was})"),
            credits && shorter,
        ));
    }
    out
}

/// What changes in a service's credit caps: a lower cap pays less.
pub fn service(old: &Service, new: &Service) -> Vec<Difference> {
    let mut out = Vec::new();
    if old.credit_caps != new.credit_caps {
        let lower = new.credit_caps.iter().any(|c| {
            !old.credit_caps.iter().any(|o| {
                o.period == c.period
                    && o.rolling_periods == c.rolling_periods
                    && !pays_less(&o.amount, &c.amount)
            })
        });
        out.push(diff(
            format!(
                "credits capped at {} (was {})",
                caps(&new.credit_caps),
                caps(&old.credit_caps)
            ),
            lower,
        ));
    }
    if old.hours != new.hours {
        out.push(diff(
            format!("provided during `{}` (was `{}`)", new.hours, old.hours),
            true,
        ));
    }
    out
}

fn caps(list: &[Cap]) -> String {
    if list.is_empty() {
        return "no cap".to_owned();
    }
    let parts: Vec<String> = list.iter().map(|c| payout_words(&c.amount)).collect();
    words::list_and(&parts)
}

/// The minutes of the week an opening list covers, Monday 00:00 first.
fn week(openings: &[Opening]) -> Vec<bool> {
    let mut open = vec![false; 7 * 1440];
    for o in openings {
        let first = o.day.index() * 1440 + o.start.0 as usize;
        for m in 0..o.minutes() as usize {
            if let Some(slot) = open.get_mut((first + m) % (7 * 1440)) {
                *slot = true;
            }
        }
    }
    open
}

/// What changes from `old` to `new`, two versions of a calendar. Fewer open
/// hours, or more closed days, count as weakening: goals counted in open
/// time then take longer in real time.
pub fn calendar(old: &Calendar, new: &Calendar) -> Vec<Difference> {
    let mut out = Vec::new();
    if old.always_open || new.always_open {
        return out;
    }
    if old.timezone != new.timezone {
        out.push(diff(
            format!("in {} time (was {})", new.timezone, old.timezone),
            true,
        ));
    }
    let (a, b) = (week(&old.weekly), week(&new.weekly));
    if a != b {
        let fewer = a.iter().zip(&b).any(|(was, now)| *was && !*now);
        out.push(diff(
            format!(
                "open {} (was {})",
                words::weekly(&new.weekly),
                words::weekly(&old.weekly)
            ),
            fewer,
        ));
    }
    for c in &new.closures {
        if !old
            .closures
            .iter()
            .any(|o| o.from == c.from && o.to == c.to)
        {
            out.push(diff(
                format!("also closed {}", words::date_range(c.from, c.to)),
                true,
            ));
        }
    }
    for c in &old.closures {
        if !new
            .closures
            .iter()
            .any(|n| n.from == c.from && n.to == c.to)
        {
            out.push(diff(
                format!("no longer closed {}", words::date_range(c.from, c.to)),
                false,
            ));
        }
    }
    out
}
