//! What an override changes in a term it inherits, and whether a change
//! weakens the guarantee: a longer goal, a lower target, a smaller credit.
//!
//! Changes are compared on the checked Models of both levels, so units and
//! calendars are already resolved. Where two values cannot be ordered (a
//! goal on another calendar, a new exclusion), the change counts as
//! weakening: an author must say why, and a reader sees it.

use rust_decimal::Decimal;

use crate::model::{
    Applied, Budget, Calendar, Cap, ClaimTerms, Condition, Goal, Labels, Model, Objective,
    ObjectiveKind, Opening, Payout, Period, Schedule, Service,
};
use crate::words;

mod schedule;
use schedule::pays_less;
pub use schedule::schedule;

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
        Period::Hour => 0,
        Period::Day => 1,
        Period::Week => 2,
        Period::Month => 3,
        Period::Quarter => 4,
        Period::Year => 5,
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
    if old.service != new.service {
        out.push(diff(
            format!(
                "for {} (was {})",
                service_words(new_model, &new.service),
                service_words(old_model, &old.service)
            ),
            true,
        ));
    }
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
            time_to_event(&mut out, (old_model, a), (new_model, b));
        }
        (ObjectiveKind::Availability(a), ObjectiveKind::Availability(b)) => {
            availability(&mut out, (old_model, a), (new_model, b));
        }
        (ObjectiveKind::Volume(a), ObjectiveKind::Volume(b)) => {
            volume(&mut out, &new_model.labels, a, b);
        }
        (ObjectiveKind::Rate(a), ObjectiveKind::Rate(b)) => {
            if a != b {
                out.push(diff(
                    format!(
                        "the rate is {} {}% of `{}` over `{}` (was {} {}% of `{}` over `{}`)",
                        words::comparison(b.comparison),
                        b.percent,
                        b.numerator,
                        b.denominator,
                        words::comparison(a.comparison),
                        a.percent,
                        a.numerator,
                        a.denominator
                    ),
                    true,
                ));
            }
        }
        (ObjectiveKind::DueDate(a), ObjectiveKind::DueDate(b)) => {
            if a.attribute != b.attribute {
                out.push(diff(
                    format!(
                        "each item is due by its `{}` (was its `{}`)",
                        b.attribute, a.attribute
                    ),
                    true,
                ));
            }
            if (&a.start, &a.stop, &a.filter) != (&b.start, &b.stop, &b.filter) {
                out.push(diff(
                    format!(
                        "{} from `{}` until `{}` (was from `{}` until `{}`, or other items)",
                        b.noun, b.start, b.stop, a.start, a.stop
                    ),
                    true,
                ));
            }
            target(&mut out, a.target, b.target);
            exclusions(&new_model.labels, &mut out, &a.exclude, &b.exclude);
        }
        (ObjectiveKind::SampleAggregate(a), ObjectiveKind::SampleAggregate(b)) => {
            if a != b {
                out.push(diff(
                    format!(
                        "{} of `{}` on `{}` is {} {} (was {} of `{}` on `{}` {} {})",
                        words::sample_statistic(b.statistic),
                        b.attribute,
                        b.event,
                        words::comparison(b.comparison),
                        words::sample_bound(&b.bound_written),
                        words::sample_statistic(a.statistic),
                        a.attribute,
                        a.event,
                        words::comparison(a.comparison),
                        words::sample_bound(&a.bound_written)
                    ),
                    true,
                ));
            }
        }
        _ => out.push(diff("measures something else".to_owned(), true)),
    }
    out
}

/// What changes in a time-to-event objective.
fn time_to_event(
    out: &mut Vec<Difference>,
    (old_model, a): (&Model, &crate::model::TimeToEvent),
    (new_model, b): (&Model, &crate::model::TimeToEvent),
) {
    for g in &a.goals {
        let Some(h) = b.goals.iter().find(|h| same_items(g, h)) else {
            continue;
        };
        if let Some(d) = goal(old_model, g, new_model, h, &a.noun) {
            out.push(d);
        }
    }
    for h in &b.goals {
        if !a.goals.iter().any(|g| same_items(g, h)) {
            out.push(diff(
                format!(
                    "{}: within {} (a new goal)",
                    selector(new_model, h, &b.noun),
                    words::allowed(h.budget, h.written, always_open(new_model, &h.calendar))
                ),
                false,
            ));
        }
    }
    target(out, a.target, b.target);
    exclusions(&new_model.labels, out, &a.exclude, &b.exclude);
    if a.pause != b.pause {
        out.push(diff(
            match &b.pause {
                Some(p) => format!(
                    "the clock pauses while {}",
                    words::condition(&new_model.labels, p)
                ),
                None => "the clock no longer pauses".to_owned(),
            },
            b.pause.is_some(),
        ));
    }
    if a.clock != b.clock {
        out.push(diff(
            format!(
                "counted on {} (was {})",
                calendar_words(new_model, &b.clock),
                calendar_words(old_model, &a.clock)
            ),
            true,
        ));
    }
    if a.ignore != b.ignore {
        let words = |i: &Option<crate::model::Ignore>| match i {
            Some(i) => format!(
                "{} within {} left out",
                words::event(&new_model.labels, &i.event),
                words::real(i.within_seconds, i.written)
            ),
            None => "none left out".to_owned(),
        };
        let weaker = match (&a.ignore, &b.ignore) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => x.event != y.event || y.within_seconds > x.within_seconds,
            _ => false,
        };
        out.push(diff(
            format!("{} (was {})", words(&b.ignore), words(&a.ignore)),
            weaker,
        ));
    }
    if a.filter != b.filter || a.start != b.start || a.stop != b.stop {
        out.push(diff("measures other items or events".to_owned(), true));
    }
}

/// What changes in an availability objective.
fn availability(
    out: &mut Vec<Difference>,
    (old_model, a): (&Model, &crate::model::Availability),
    (new_model, b): (&Model, &crate::model::Availability),
) {
    target(out, a.target, b.target);
    exclusions(&new_model.labels, out, &a.exclude, &b.exclude);
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
                words::real(b.min_outage_seconds, b.min_outage_written),
                words::real(a.min_outage_seconds, a.min_outage_written)
            ),
            b.min_outage_seconds > a.min_outage_seconds,
        ));
    }
    if a.clock != b.clock {
        out.push(diff(
            format!(
                "measured on {} (was {})",
                calendar_words(new_model, &b.clock),
                calendar_words(old_model, &a.clock)
            ),
            true,
        ));
    }
    if a.per_component && !b.per_component {
        out.push(diff("no longer measured per component".to_owned(), true));
    }
    if a.items != b.items {
        out.push(items(a.items.as_ref(), b.items.as_ref()));
    }
    if a.components_down != b.components_down {
        let (was, now) = (
            a.components_down.unwrap_or(1),
            b.components_down.unwrap_or(1),
        );
        out.push(diff(
            format!("down when at least {now} components are down (was {was})"),
            now > was,
        ));
    }
    if a.downtime_unit.map(|u| u.seconds) != b.downtime_unit.map(|u| u.seconds) {
        let words = |u: Option<crate::model::DowntimeUnit>| {
            u.map_or_else(
                || "to the second".to_owned(),
                |u| format!("in units of {}", crate::words::real(u.seconds, u.written)),
            )
        };
        out.push(diff(
            format!(
                "downtime counted {} (was {})",
                words(b.downtime_unit),
                words(a.downtime_unit)
            ),
            false,
        ));
    }
    if let Some((words, weaker)) = crate::objective::unit_down_change(a, b) {
        out.push(diff(words, weaker));
    }
}

/// What changes in a volume objective.
fn volume(
    out: &mut Vec<Difference>,
    labels: &crate::model::Labels,
    a: &crate::model::Volume,
    b: &crate::model::Volume,
) {
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
    exclusions(labels, out, &a.exclude, &b.exclude);
}

/// What a change of an availability objective's items is. Reading fewer
/// items may leave outages out, so it weakens the guarantee: naming the
/// items of an objective that read every item too (an agreement that adds
/// a second availability objective must, and says why with `because`).
fn items(a: Option<&crate::model::Items>, b: Option<&crate::model::Items>) -> Difference {
    use crate::model::Items;
    let words = |i: Option<&Items>| match i {
        None => "every item".to_owned(),
        Some(Items::OfService) => "the items of its service".to_owned(),
        Some(Items::Ids(ids)) => {
            let ids: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
            format!("the items {}", ids.join(", "))
        }
    };
    let weaker = match (a, b) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(Items::Ids(x)), Some(Items::Ids(y))) => x.iter().any(|i| !y.contains(i)),
        _ => true,
    };
    diff(
        format!("measured on {} (was {})", words(b), words(a)),
        weaker,
    )
}

fn always_open(m: &Model, calendar: &str) -> bool {
    m.calendar(calendar).is_some_and(|c| c.always_open)
}

/// Whether two goals are for the same items: the same conditions, in any
/// order, with the same values in any order.
fn same_items(a: &Goal, b: &Goal) -> bool {
    let norm = |g: &Goal| {
        let mut cs: Vec<(String, Vec<String>)> = g
            .when
            .iter()
            .map(|c| {
                let mut v = c.values.clone();
                v.sort();
                (c.field.clone(), v)
            })
            .collect();
        cs.sort();
        (cs, g.otherwise)
    };
    norm(a) == norm(b)
}

/// A calendar as the documents name it: its title, or its name as words.
fn calendar_words(m: &Model, name: &str) -> String {
    match m.calendar(name) {
        Some(c) if c.always_open => "around the clock".to_owned(),
        Some(Calendar { title: Some(t), .. }) => t.clone(),
        _ => words::ident(name),
    }
}

/// A service as the documents name it: its title, or its name as words.
fn service_words(m: &Model, name: &str) -> String {
    m.service(name)
        .and_then(|s| s.title.clone())
        .unwrap_or_else(|| words::ident(name))
}

fn selector(m: &Model, g: &Goal, noun: &str) -> String {
    if g.otherwise {
        format!("other {noun}")
    } else if g.when.is_empty() {
        words::capitalise(noun)
    } else {
        format!("{noun} where {}", words::conditions(&m.labels, &g.when))
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
    let was = words::allowed(g.budget, g.written, always_open(old_model, &g.calendar));
    let now = words::allowed(h.budget, h.written, always_open(new_model, &h.calendar));
    let weaker = if g.calendar != h.calendar {
        true
    } else {
        match (g.budget, h.budget) {
            (Budget::Seconds(a), Budget::Seconds(b))
            | (Budget::BusinessDays(a), Budget::BusinessDays(b)) => b > a,
            _ => true,
        }
    };
    let words = if g.calendar == h.calendar {
        format!("{}: within {now} (was {was})", selector(new_model, g, noun))
    } else {
        format!(
            "{}: within {now} on {} (was {was} on {})",
            selector(new_model, g, noun),
            calendar_words(new_model, &h.calendar),
            calendar_words(old_model, &g.calendar)
        )
    };
    Some(diff(words, weaker))
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

/// What changes in the exclusions: a new one weakens the guarantee.
fn exclusions(labels: &Labels, out: &mut Vec<Difference>, old: &[Condition], new: &[Condition]) {
    // Compared value by value: `cause "customer", "vendor"` over `cause
    // "customer"` adds one exclusion and removes none.
    let pairs = |cs: &[Condition]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = cs
            .iter()
            .flat_map(|c| c.values.iter().map(|x| (c.field.clone(), x.clone())))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (a, b) = (pairs(old), pairs(new));
    let list = |ps: Vec<&(String, String)>| -> String {
        let parts: Vec<String> = ps
            .iter()
            .map(|(f, v)| {
                format!(
                    "{} is {}",
                    words::field(labels, f),
                    words::value(labels, f, v)
                )
            })
            .collect();
        words::list_and(&parts)
    };
    let added: Vec<&(String, String)> = b.iter().filter(|p| !a.contains(p)).collect();
    let removed: Vec<&(String, String)> = a.iter().filter(|p| !b.contains(p)).collect();
    if !added.is_empty() {
        out.push(diff(format!("also excluded: {}", list(added)), true));
    }
    if !removed.is_empty() {
        out.push(diff(
            format!("no longer excluded: {}", list(removed)),
            false,
        ));
    }
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
            format!(
                "provided during {} (was {})",
                words::ident(&new.hours),
                words::ident(&old.hours)
            ),
            true,
        ));
    }
    out
}

fn caps(list: &[Cap]) -> String {
    if list.is_empty() {
        return "no cap".to_owned();
    }
    let parts: Vec<String> = list
        .iter()
        .map(|c| match c.rolling_periods {
            None => format!(
                "{} in any {}",
                words::payout(&c.amount, c.period),
                c.period.noun()
            ),
            Some(n) => format!(
                "{} over any {n} {}s",
                words::payout(&c.amount, c.period),
                c.period.noun()
            ),
        })
        .collect();
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
    match (old.always_open, new.always_open) {
        (true, true) => return out,
        (true, false) => {
            out.push(diff(
                format!("open {} (was around the clock)", words::calendar(new)),
                true,
            ));
            return out;
        }
        (false, true) => {
            out.push(diff("open around the clock".to_owned(), false));
            return out;
        }
        (false, false) => {}
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
    // Closed days compared day by day, so that one range replacing another
    // is judged by the days it adds and removes.
    let days = |c: &Calendar| -> Vec<chrono::NaiveDate> {
        let mut out = Vec::new();
        for cl in &c.closures {
            let mut d = cl.from;
            while d <= cl.to && out.len() < 100_000 {
                out.push(d);
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        out.sort();
        out.dedup();
        out
    };
    let (was, now) = (days(old), days(new));
    let added: Vec<String> = now
        .iter()
        .filter(|d| was.binary_search(d).is_err())
        .map(|d| words::date(*d))
        .collect();
    let removed: Vec<String> = was
        .iter()
        .filter(|d| now.binary_search(d).is_err())
        .map(|d| words::date(*d))
        .collect();
    if !added.is_empty() {
        out.push(diff(
            format!("also closed on {}", words::list_and(&added)),
            true,
        ));
    }
    if !removed.is_empty() {
        out.push(diff(
            format!("open on {}", words::list_and(&removed)),
            false,
        ));
    }
    out
}
