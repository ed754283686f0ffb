//! Items of time-to-event and volume objectives: tickets, calls, leads…

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Datelike, NaiveDate, Weekday};
use slate_rules::{Bound, Budget, Condition, Measure, Period, RuleSet};
use slate_time::periods;

use super::sink::{Id, Sink, Sym, Symbols};
use super::{Ctx, HOURLY, local_date_hour, rng_seed};
use crate::rng::{self, Rng};
use slate_time::OpenTime;

/// A condition on an attribute, interned.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cond {
    field: Sym,
    values: Vec<Sym>,
}

impl Cond {
    fn new(c: &Condition, syms: &mut Symbols) -> Cond {
        Cond {
            field: syms.get(&c.field),
            values: c.values.iter().map(|v| syms.get(v)).collect(),
        }
    }

    fn holds(&self, attrs: &[(Sym, Sym)]) -> bool {
        get(attrs, self.field).is_some_and(|v| self.values.contains(&v))
    }
}

/// A record of an item, planned: when, which event, its attributes.
type Planned = (i64, Sym, Vec<(Sym, Sym)>);

/// The latest value of `field` in `attrs`.
fn get(attrs: &[(Sym, Sym)], field: Sym) -> Option<Sym> {
    attrs
        .iter()
        .rev()
        .find(|(f, _)| *f == field)
        .map(|(_, v)| *v)
}

fn set(attrs: &mut Vec<(Sym, Sym)>, field: Sym, value: Sym) {
    match attrs.iter_mut().find(|(f, _)| *f == field) {
        Some(a) => a.1 = value,
        None => attrs.push((field, value)),
    }
}

struct Goal {
    when: Vec<Cond>,
    otherwise: bool,
    budget: Budget,
    cal: usize,
}

/// A time-to-event objective of the family.
struct Tte {
    stop: Sym,
    reopen: Option<Sym>,
    paused: bool,
    goals: Vec<Goal>,
    filter: Vec<Cond>,
    /// Items that miss their goal, as a share of all, before pressure.
    breach: f64,
}

/// A goal-selecting attribute and the values items take, with weights.
struct GoalField {
    field: Sym,
    values: Vec<Sym>,
    weights: Vec<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// On the start record (volume conditions are tested on it).
    Start,
    /// On a record of its own before the first stop.
    Early,
    /// On this stop record.
    Stop(Sym),
}

/// An exclusion the family's items sometimes match.
struct Exclusion {
    field: Sym,
    values: Vec<Sym>,
    place: Place,
    /// Such items get no further events (spam is not answered).
    dropped: bool,
    /// The value every other item carries, if the field is always recorded.
    neutral: Option<Sym>,
}

struct Pause {
    event: Sym,
    field: Sym,
    on: Sym,
    off: Sym,
}

/// A volume objective that sets the family's arrival rate.
struct Volume {
    count: f64,
    period: Period,
    at_least: bool,
}

/// Items sharing a start event, for every objective that uses them.
pub struct ItemFamily {
    prefix: Sym,
    start: Sym,
    updated: Sym,
    next: u64,
    ttes: Vec<Tte>,
    /// Filters items are made to meet, one set drawn per item.
    variants: Vec<Vec<Cond>>,
    /// Share of items made to miss their filter.
    miss_filter: f64,
    other_value: BTreeMap<Sym, Sym>,
    goal_fields: Vec<GoalField>,
    exclusions: Vec<Exclusion>,
    pause: Option<Pause>,
    ignore: Option<(Sym, i64)>,
    /// Calendar whose open hours bring arrivals, and the share outside them.
    arrival: Option<usize>,
    closed_share: f64,
    consumer: bool,
    /// Arrivals per day on average, or per period for a volume.
    daily: f64,
    mean_weight: f64,
    volume: Option<Volume>,
    period_weight: BTreeMap<NaiveDate, f64>,
    obj_tz: chrono_tz::Tz,
    seed: u64,
    rng: Rng,
    day: Option<NaiveDate>,
    pressure: f64,
}

/// Id prefix and average arrivals per day for a noun.
fn noun_defaults(noun: &str) -> (String, f64) {
    let n = noun.to_ascii_lowercase();
    let known: &[(&str, &str, f64)] = &[
        ("ticket", "INC", 12.0),
        ("incident", "INC", 8.0),
        ("request", "REQ", 6.0),
        ("call", "CALL", 80.0),
        ("defect", "DEF", 5.0),
        ("bug", "BUG", 5.0),
        ("withdrawal", "WD", 50.0),
        ("transaction", "TXN", 50.0),
        ("payment", "PAY", 40.0),
        ("post", "POST", 8.0),
        ("question", "QST", 8.0),
        ("message", "MSG", 10.0),
        ("chat", "CHAT", 20.0),
        ("lead", "LEAD", 10.0),
        ("order", "ORD", 30.0),
    ];
    for (stem, prefix, rate) in known {
        if n.starts_with(stem) {
            return ((*prefix).to_owned(), *rate);
        }
    }
    let prefix: String = n
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(4)
        .collect::<String>()
        .to_ascii_uppercase();
    (
        if prefix.is_empty() {
            "ITEM".to_owned()
        } else {
            prefix
        },
        10.0,
    )
}

/// Whether customers, not staff, make these items (they come at any hour).
fn consumer(noun: &str) -> bool {
    let n = noun.to_ascii_lowercase();
    [
        "call",
        "post",
        "question",
        "message",
        "withdrawal",
        "transaction",
        "payment",
        "order",
        "chat",
        "comment",
    ]
    .iter()
    .any(|s| n.starts_with(s))
}

/// A value that does not match `values`: `P4` after `P1`–`P3`, `no` for
/// `yes`, `low` for a level, `other` otherwise.
fn other_value(field: &str, values: &[String]) -> String {
    if values.iter().all(|v| v == "yes") {
        return "no".to_owned();
    }
    if values.iter().all(|v| v == "no") {
        return "yes".to_owned();
    }
    let split = |v: &str| {
        let digits = v.len() - v.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (p, d) = v.split_at(v.len() - digits);
        d.parse::<u64>().ok().map(|n| (p.to_owned(), n))
    };
    let parsed: Vec<(String, u64)> = values.iter().filter_map(|v| split(v)).collect();
    if parsed.len() == values.len()
        && let Some((p, _)) = parsed.first()
        && parsed.iter().all(|(q, _)| q == p)
    {
        let max = parsed.iter().map(|x| x.1).max().unwrap_or(0);
        return format!("{p}{}", max + 1);
    }
    let f = field.to_ascii_lowercase();
    if ["level", "priority", "severity", "urgency", "tier", "impact"].contains(&f.as_str()) {
        "low".to_owned()
    } else {
        "other".to_owned()
    }
}

/// Weights of the goal values in order, the least urgent most common; the
/// last is the `otherwise` value when there is one.
fn value_weights(n: usize, otherwise: bool) -> Vec<f64> {
    match (n, otherwise) {
        (1, true) => vec![0.35, 0.65],
        (2, true) => vec![0.1, 0.5, 0.4],
        (3, true) => vec![0.05, 0.2, 0.45, 0.3],
        (2, false) => vec![0.3, 0.7],
        (3, false) => vec![0.08, 0.32, 0.6],
        _ => {
            let mut w: Vec<f64> = (0..n).map(|i| ((i + 1) * (i + 1)) as f64).collect();
            if otherwise {
                w.push(w.last().copied().unwrap_or(1.0) * 0.6);
            }
            w
        }
    }
}

/// Builds the item families of a rule set.
pub fn build(
    rules: &RuleSet,
    ctx: &Ctx,
    seed: u64,
    syms: &mut Symbols,
    fields: &mut Vec<Sym>,
) -> Result<Vec<ItemFamily>, String> {
    // Objectives by the event that starts (or counts) their items.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, o) in rules.objectives.iter().enumerate() {
        let event = match &o.measure {
            Measure::TimeToEvent { start_event, .. } => start_event,
            Measure::Volume { event, .. } => event,
            // The generator does not make items for duration aggregates.
            Measure::Availability { .. }
            | Measure::DurationAggregate { .. }
            | Measure::Rate { .. }
            | Measure::DueDate { .. } => continue,
            Measure::SampleAggregate { .. } => continue,
        };
        match groups.iter_mut().find(|g| g.0 == *event) {
            Some(g) => g.1.push(i),
            None => groups.push((event.clone(), vec![i])),
        }
    }
    let register = |f: Sym, fields: &mut Vec<Sym>| {
        if !fields.contains(&f) {
            fields.push(f);
        }
    };
    let mut out = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    for (gi, (event, members)) in groups.iter().enumerate() {
        let objs: Vec<&slate_rules::Objective> = members
            .iter()
            .filter_map(|i| rules.objectives.get(*i))
            .collect();
        let noun = objs
            .iter()
            .find_map(|o| match &o.measure {
                Measure::TimeToEvent { noun, .. } => Some(noun.clone()),
                _ => None,
            })
            .or_else(|| {
                objs.iter().find_map(|o| match &o.measure {
                    Measure::Volume { noun, .. } => Some(noun.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| "items".to_owned());
        let (mut prefix, rate) = noun_defaults(&noun);
        if prefixes.contains(&prefix) {
            prefix = format!("{prefix}{}", gi + 1);
        }
        prefixes.push(prefix.clone());
        let obj_tz = objs.first().map_or(ctx.tz, |o| o.timezone);

        let mut ttes = Vec::new();
        let mut variants: Vec<Vec<Cond>> = Vec::new();
        let mut other = BTreeMap::new();
        let mut goal_values: Vec<(Sym, String, Vec<String>)> = Vec::new();
        let mut every_otherwise = true;
        let mut exclusions: Vec<Exclusion> = Vec::new();
        let mut pause = None;
        let mut ignore = None;
        let mut arrival = None;
        let mut volume = None;
        let mut miss_filter: f64 = 0.08;
        let mut add_variant = |filter: &[Condition],
                               syms: &mut Symbols,
                               other: &mut BTreeMap<Sym, Sym>,
                               fields: &mut Vec<Sym>| {
            if filter.is_empty() {
                return;
            }
            let conds: Vec<Cond> = filter.iter().map(|c| Cond::new(c, syms)).collect();
            for c in filter {
                let f = syms.get(&c.field);
                register(f, fields);
                let o = syms.get(&other_value(&c.field, &c.values));
                other.insert(f, o);
            }
            if !variants.contains(&conds) {
                variants.push(conds);
            }
        };
        // Exclusions by field: the objectives that have them, and their stops.
        let mut excl: Vec<(Condition, Vec<String>, bool)> = Vec::new();
        for o in &objs {
            match &o.measure {
                Measure::TimeToEvent {
                    stop_event,
                    reopen_event,
                    filter,
                    pause: p,
                    clock,
                    goals,
                    exclude,
                    target,
                    ignore: ig,
                    ..
                } => {
                    add_variant(filter, syms, &mut other, fields);
                    let clock_i = ctx.cal(clock)?;
                    if arrival.is_none()
                        && !ctx.cals.get(clock_i).is_some_and(OpenTime::is_always_open)
                    {
                        arrival = Some(clock_i);
                    }
                    let mut gs = Vec::new();
                    let mut has_otherwise = false;
                    for g in goals {
                        has_otherwise |= g.otherwise || g.when.is_empty();
                        for c in &g.when {
                            let f = syms.get(&c.field);
                            register(f, fields);
                            match goal_values.iter_mut().find(|x| x.0 == f) {
                                Some(x) => {
                                    for v in &c.values {
                                        if !x.2.contains(v) {
                                            x.2.push(v.clone());
                                        }
                                    }
                                }
                                None => goal_values.push((f, c.field.clone(), c.values.clone())),
                            }
                        }
                        gs.push(Goal {
                            when: g.when.iter().map(|c| Cond::new(c, syms)).collect(),
                            otherwise: g.otherwise,
                            budget: g.budget,
                            cal: ctx.cal(&g.calendar)?,
                        });
                    }
                    if goals.iter().any(|g| !g.when.is_empty()) {
                        every_otherwise &= has_otherwise;
                    }
                    if let Some(p) = p
                        && pause.is_none()
                        && let Some(on) = p.values.first()
                    {
                        let off = if p.values.iter().any(|v| v == "in_progress") {
                            "open"
                        } else {
                            "in_progress"
                        };
                        let field = syms.get(&p.field);
                        register(field, fields);
                        pause = Some(Pause {
                            event: syms.get("status"),
                            field,
                            on: syms.get(on),
                            off: syms.get(off),
                        });
                    }
                    if let Some(i) = ig
                        && ignore.is_none()
                    {
                        ignore = Some((
                            syms.get(&i.event),
                            i64::try_from(i.within_seconds).unwrap_or(i64::MAX),
                        ));
                    }
                    for c in exclude {
                        match excl.iter_mut().find(|x| x.0.field == c.field) {
                            Some(x) => {
                                if !x.1.contains(stop_event) {
                                    x.1.push(stop_event.clone());
                                }
                            }
                            None => excl.push((c.clone(), vec![stop_event.clone()], false)),
                        }
                    }
                    let target: f64 = target.to_string().parse().unwrap_or(95.0);
                    ttes.push(Tte {
                        stop: syms.get(stop_event),
                        reopen: reopen_event.as_deref().map(|e| syms.get(e)),
                        paused: p.is_some(),
                        goals: gs,
                        filter: filter.iter().map(|c| Cond::new(c, syms)).collect(),
                        breach: ((100.0 - target) / 100.0 * 0.6).max(0.001),
                    });
                }
                Measure::Volume {
                    filter,
                    exclude,
                    bound,
                    count,
                    ..
                } => {
                    add_variant(filter, syms, &mut other, fields);
                    if !filter.is_empty() {
                        miss_filter = 0.2;
                    }
                    for c in exclude {
                        match excl.iter_mut().find(|x| x.0.field == c.field) {
                            Some(x) => x.2 = true,
                            None => excl.push((c.clone(), Vec::new(), true)),
                        }
                    }
                    if volume.is_none() {
                        volume = Some(Volume {
                            count: *count as f64,
                            period: o.period,
                            at_least: *bound == Bound::AtLeast,
                        });
                    }
                }
                Measure::Availability { .. }
                | Measure::DurationAggregate { .. }
                | Measure::Rate { .. }
                | Measure::DueDate { .. } => {}
                Measure::SampleAggregate { .. } => {}
            }
        }
        if arrival.is_none() && noun.to_ascii_lowercase().starts_with("call") {
            arrival = rules.calendars.iter().position(|c| !c.always_open);
        }
        for (c, stops, on_start) in excl {
            let field = syms.get(&c.field);
            register(field, fields);
            let dropped = c
                .values
                .iter()
                .any(|v| ["spam", "abuse", "test", "duplicate", "junk"].contains(&v.as_str()));
            let place = if on_start {
                Place::Start
            } else if dropped || stops.len() != 1 {
                Place::Early
            } else {
                stops
                    .first()
                    .map_or(Place::Early, |s| Place::Stop(syms.get(s)))
            };
            exclusions.push(Exclusion {
                field,
                values: c.values.iter().map(|v| syms.get(v)).collect(),
                place,
                dropped,
                neutral: (c.field == "outcome").then(|| syms.get("approved")),
            });
        }
        let goal_fields = goal_values
            .into_iter()
            .map(|(field, name, values)| {
                let mut vals: Vec<Sym> = values.iter().map(|v| syms.get(v)).collect();
                if every_otherwise {
                    vals.push(syms.get(&other_value(&name, &values)));
                }
                GoalField {
                    field,
                    weights: value_weights(values.len(), every_otherwise),
                    values: vals,
                }
            })
            .collect();
        let consumer = consumer(&noun);
        let closed_share = if noun.to_ascii_lowercase().starts_with("call") {
            0.0
        } else if consumer {
            1.0
        } else {
            0.12
        };
        let fam_seed = rng_seed(seed, gi as u64);
        let mut f = ItemFamily {
            prefix: syms.get(&prefix),
            start: syms.get(event),
            updated: syms.get("updated"),
            next: 1,
            ttes,
            daily: rate * variants.len().max(1) as f64,
            variants,
            miss_filter,
            other_value: other,
            goal_fields,
            exclusions,
            pause,
            ignore,
            arrival,
            closed_share,
            consumer,
            mean_weight: 1.0,
            volume,
            period_weight: BTreeMap::new(),
            obj_tz,
            seed: fam_seed,
            rng: Rng::new(fam_seed),
            day: None,
            pressure: 0.0,
        };
        // The average weight of a day of the history, so that `daily` is
        // the mean number of arrivals per day.
        let mut total = 0.0;
        let mut t = ctx.start;
        while t < ctx.window_end {
            total += f.weight(t, (t + 3600).min(ctx.window_end), ctx);
            t += 3600;
        }
        let days = ((ctx.window_end - ctx.start) as f64 / 86_400.0).max(1.0 / 24.0);
        f.mean_weight = (total / days).max(1e-9);
        out.push(f);
    }
    Ok(out)
}

impl ItemFamily {
    /// Relative arrivals in `[a, b)`.
    fn weight(&self, a: i64, b: i64, ctx: &Ctx) -> f64 {
        let (date, hour) = local_date_hour(self.obj_tz, a);
        let day = match (date.weekday(), self.consumer) {
            (Weekday::Mon, false) => 1.15,
            (Weekday::Tue, false) => 1.05,
            (Weekday::Fri, false) => 0.9,
            (Weekday::Sat, false) => 0.4,
            (Weekday::Sun, false) => 0.3,
            (Weekday::Fri, true) => 1.1,
            (Weekday::Sat, true) => 0.85,
            (Weekday::Sun, true) => 0.65,
            _ => 1.0,
        };
        let open = match self.arrival.and_then(|i| ctx.cals.get(i)) {
            Some(c) => {
                let frac = c.open(a, b) as f64 / 3600.0;
                frac + (1.0 - frac) * self.closed_share
            }
            None => 1.0,
        };
        HOURLY.get(hour as usize).copied().unwrap_or(1.0) * day * open * (b - a) as f64 / 3600.0
    }

    /// Expected arrivals in `[a, b)`.
    fn expected(&mut self, a: i64, b: i64, ctx: &Ctx) -> f64 {
        let w = self.weight(a, b, ctx);
        let Some(v) = &self.volume else {
            return ctx.scale * self.daily * w / self.mean_weight;
        };
        // A volume: about the target per period, some periods short.
        let (date, _) = local_date_hour(self.obj_tz, a);
        let (kind, count, at_least) = (v.period, v.count, v.at_least);
        let start = periods::start_of(kind, date);
        let whole = match self.period_weight.get(&start) {
            Some(x) => *x,
            None => {
                let next = periods::next(kind, start);
                let mut total = 0.0;
                let mut t = periods::midnight(self.obj_tz, start);
                let e = periods::midnight(self.obj_tz, next);
                while t < e {
                    total += self.weight(t, (t + 3600).min(e), ctx);
                    t += 3600;
                }
                self.period_weight.insert(start, total);
                total
            }
        };
        let u = rng::unit(
            self.seed ^ 0x766f_6c75_6d65,
            start.num_days_from_ce() as u64,
        );
        let factor = if at_least {
            0.93 + 0.37 * u
        } else {
            0.7 + 0.38 * u
        };
        let pass = (1.0 - self.miss_filter) * 0.96;
        ctx.scale * count * factor / pass * w / whole.max(1e-9)
    }

    /// How hard pressed the team is today: more breaches in bad spells and
    /// bad months.
    fn pressure(&mut self, date: NaiveDate) -> f64 {
        if self.day != Some(date) {
            self.day = Some(date);
            self.pressure = 0.7 * self.pressure + 0.55 * self.rng.normal();
        }
        let month = u64::from(date.month()) + 12 * date.year().unsigned_abs() as u64;
        let u1 = 1.0 - rng::unit(self.seed ^ 0x6d6f_6e74, month);
        let u2 = rng::unit(self.seed ^ 0x6d6f_6e75, month);
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        (0.6 * self.pressure + 0.5 * z).exp()
    }

    /// Generates the items arriving in `[a, b)`.
    pub fn hour<W: Write>(&mut self, a: i64, b: i64, ctx: &Ctx, sink: &mut Sink<W>) {
        let lambda = self.expected(a, b, ctx);
        let n = self.rng.poisson(lambda);
        if n == 0 {
            return;
        }
        let span = u64::try_from(b - a).unwrap_or(1);
        let mut starts: Vec<i64> = (0..n)
            .map(|_| a + i64::try_from(self.rng.below(span)).unwrap_or(0))
            .collect();
        starts.sort_unstable();
        let (date, _) = local_date_hour(self.obj_tz, a);
        let m = self.pressure(date);
        for s in starts {
            self.item(s, m, ctx, sink);
        }
    }

    fn item<W: Write>(&mut self, s: i64, m: f64, ctx: &Ctx, sink: &mut Sink<W>) {
        let id = Id::Num(self.prefix, self.next);
        self.next += 1;
        let r = &mut self.rng;
        // Attributes: a variant's filter, goal values, maybe an exclusion.
        let mut attrs: Vec<(Sym, Sym)> = Vec::new();
        if !self.variants.is_empty() {
            let v = r.below(self.variants.len() as u64) as usize;
            if let Some(conds) = self.variants.get(v) {
                for c in conds {
                    let i = r.below(c.values.len() as u64) as usize;
                    if let Some(val) = c.values.get(i) {
                        attrs.push((c.field, *val));
                    }
                }
            }
        }
        let intended = attrs.clone();
        if !attrs.is_empty()
            && r.chance(self.miss_filter)
            && let Some(a) = attrs.get_mut(r.below(intended.len() as u64) as usize)
            && let Some(o) = self.other_value.get(&a.0)
        {
            a.1 = *o;
        }
        let mut goal_attrs = Vec::new();
        for g in &self.goal_fields {
            if let Some(v) = g.values.get(r.weighted(&g.weights)) {
                goal_attrs.push((g.field, *v));
            }
        }
        // Re-prioritised after triage: the start carries another value.
        let mut initial = goal_attrs.clone();
        let mut changed = false;
        if !self.goal_fields.is_empty() && r.chance(0.05) {
            let j = r.below(self.goal_fields.len() as u64) as usize;
            if let Some(g) = self.goal_fields.get(j)
                && g.values.len() > 1
                && let Some(a) = initial.get_mut(j)
            {
                let mut v = a.1;
                while v == a.1 {
                    v = g
                        .values
                        .get(r.below(g.values.len() as u64) as usize)
                        .copied()
                        .unwrap_or(v);
                }
                a.1 = v;
                changed = true;
            }
        }
        let mut excluded: Option<(usize, Sym)> = None;
        for (i, e) in self.exclusions.iter().enumerate() {
            if excluded.is_none() && r.chance(0.04) {
                let k = if e.values.len() > 1 && r.chance(0.3) {
                    1 + r.below(e.values.len() as u64 - 1) as usize
                } else {
                    0
                };
                if let Some(v) = e.values.get(k) {
                    excluded = Some((i, *v));
                }
            }
        }
        let mut final_attrs = attrs.clone();
        final_attrs.extend(goal_attrs.iter().copied());
        if let Some((i, v)) = excluded
            && let Some(e) = self.exclusions.get(i)
        {
            set(&mut final_attrs, e.field, v);
        }

        // Records, in the order they happen at any one instant.
        let mut recs: Vec<Planned> = Vec::new();
        let mut start_attrs = attrs.clone();
        start_attrs.extend(initial.iter().copied());
        let mut early_excl = None;
        if let Some((i, v)) = excluded
            && let Some(e) = self.exclusions.get(i)
        {
            match e.place {
                Place::Start => start_attrs.push((e.field, v)),
                Place::Early => early_excl = Some((e.field, v)),
                Place::Stop(_) => {}
            }
        }
        for e in &self.exclusions {
            if e.place == Place::Start
                && let Some(n) = e.neutral
                && get(&start_attrs, e.field).is_none()
            {
                start_attrs.push((e.field, n));
            }
        }
        recs.push((s, self.start, start_attrs));

        let dropped = excluded
            .and_then(|(i, _)| self.exclusions.get(i))
            .is_some_and(|e| e.dropped);
        if dropped {
            if let Some((f, v)) = early_excl {
                recs.push((s + 60 + r.below(1800) as i64, self.updated, vec![(f, v)]));
            }
            push_all(sink, id, recs);
            return;
        }

        // Calls: some callers hang up, some of them too soon to count.
        if let Some((event, within)) = self.ignore
            && r.chance((0.05 * m.sqrt()).min(0.3))
        {
            let wait = if r.chance(0.4) {
                1 + r.below(within.max(1) as u64) as i64
            } else {
                within + 1 + r.exp(25.0) as i64
            };
            recs.push((s + wait, event, Vec::new()));
            push_all(sink, id, recs);
            return;
        }

        // The objectives this item counts for, quickest goal first.
        let mut plan: Vec<(usize, usize, i64)> = Vec::new();
        for (ti, t) in self.ttes.iter().enumerate() {
            // A deliberate miss still lives, measured by nobody.
            if !t.filter.iter().all(|c| c.holds(&intended)) {
                continue;
            }
            let Some((gi, g)) = t
                .goals
                .iter()
                .enumerate()
                .find(|(_, g)| g.otherwise || g.when.iter().all(|c| c.holds(&final_attrs)))
            else {
                continue;
            };
            let Some(cal) = ctx.cals.get(g.cal) else {
                continue;
            };
            let budget = match g.budget {
                Budget::Seconds(n) => i64::try_from(n).unwrap_or(i64::MAX),
                Budget::BusinessDays(n) => match cal.business_days_due(s, n) {
                    Some(due) => cal.open(s, due),
                    None => i64::try_from(n).unwrap_or(0).saturating_mul(86_400),
                },
            };
            plan.push((ti, gi, budget.max(1)));
        }
        plan.sort_by_key(|p| p.2);
        let pause_at = if self.pause.is_some() && r.chance(0.2) {
            plan.iter()
                .rposition(|(ti, _, _)| self.ttes.get(*ti).is_some_and(|t| t.paused))
        } else {
            None
        };
        let ignore_factor = 1.0;
        let mut cursor = s;
        let mut stops: Vec<(Sym, i64)> = Vec::new();
        let mut pause: Option<(i64, i64)> = None;
        for (k, (ti, gi, budget)) in plan.iter().enumerate() {
            let Some(t) = self.ttes.get(*ti) else {
                continue;
            };
            if stops.iter().any(|(e, _)| *e == t.stop) {
                continue;
            }
            let Some(cal) = t.goals.get(*gi).and_then(|g| ctx.cals.get(g.cal)) else {
                continue;
            };
            let p = (t.breach * m * ignore_factor).min(0.6);
            let ratio = if r.chance(p) {
                (1.02 + r.exp(0.6)).min(8.0)
            } else {
                let mut x = r.lognormal(0.3, 0.7);
                let mut tries = 0;
                while x >= 0.97 && tries < 5 {
                    x = r.lognormal(0.3, 0.7);
                    tries += 1;
                }
                if x >= 0.97 { r.range(0.5, 0.97) } else { x }
            };
            let elapsed = ((ratio * *budget as f64) as i64).max(1);
            if Some(k) == pause_at
                && pause.is_none()
                && let Some(ps) = &self.pause
            {
                let f = r.range(0.15, 0.7);
                let p0 = reach(cal, s, None, (f * elapsed as f64) as i64)
                    .max(cursor + 60 + r.below(1800) as i64);
                if p0 < reach(cal, s, None, elapsed) {
                    let len = (r.lognormal(18.0 * 3600.0, 1.0) as i64).clamp(900, 10 * 86_400);
                    pause = Some((p0, p0 + len));
                    recs.push((p0, ps.event, vec![(ps.field, ps.on)]));
                    recs.push((p0 + len, ps.event, vec![(ps.field, ps.off)]));
                }
            }
            let gap = 1 + r.below((*budget / 40).max(1) as u64) as i64;
            let stop =
                reach(cal, s, if t.paused { pause } else { None }, elapsed).max(cursor + gap);
            let mut stop_attrs = Vec::new();
            for (i, e) in self.exclusions.iter().enumerate() {
                if e.place == Place::Stop(t.stop) {
                    match excluded {
                        Some((j, v)) if j == i => stop_attrs.push((e.field, v)),
                        _ => stop_attrs.extend(e.neutral.map(|n| (e.field, n))),
                    }
                }
            }
            recs.push((stop, t.stop, stop_attrs));
            cursor = stop;
            // Reopened after resolution: another cycle adds to the time.
            if let Some(re) = t.reopen
                && r.chance(0.06)
            {
                let back = stop + (r.exp(1.5 * 86_400.0) as i64).max(600);
                let more = ((r.exp(0.12) * *budget as f64) as i64).max(300);
                let again = reach(cal, back, None, more).max(back + gap);
                recs.push((back, re, Vec::new()));
                recs.push((again, t.stop, Vec::new()));
                cursor = again;
            }
            stops.push((t.stop, stop));
        }
        let first_stop = stops.iter().map(|x| x.1).min().unwrap_or(ctx.end);
        let room = first_stop.saturating_sub(s);
        let before_first = |r: &mut Rng| s + 1 + (room as f64 * r.range(0.05, 0.45)) as i64;
        if changed {
            if room >= 3 {
                let at = before_first(r);
                recs.push((at, self.updated, goal_attrs.clone()));
            } else if let Some(st) = recs.first_mut() {
                // No time to change it: it starts with its final value.
                for (f, v) in &goal_attrs {
                    set(&mut st.2, *f, *v);
                }
            }
        }
        if let Some((f, v)) = early_excl {
            if room >= 3 {
                let at = before_first(r);
                recs.push((at, self.updated, vec![(f, v)]));
            } else if let Some(st) = recs.first_mut() {
                st.2.push((f, v));
            }
        }
        push_all(sink, id, recs);
    }
}

/// The instant at which `elapsed` open seconds on `cal` have passed since
/// `start`, not counting the pause; far in the future beyond the calendar.
fn reach(cal: &OpenTime, start: i64, pause: Option<(i64, i64)>, elapsed: i64) -> i64 {
    const NEVER: i64 = i64::MAX / 4;
    match pause {
        Some((p0, p1)) if p0 >= start => {
            let before = cal.open(start, p0);
            if before >= elapsed {
                cal.advance(start, elapsed).unwrap_or(NEVER)
            } else {
                cal.advance(p1, elapsed - before).unwrap_or(NEVER)
            }
        }
        _ => cal.advance(start, elapsed).unwrap_or(NEVER),
    }
}

/// Queues an item's records, sorted by time; at one instant in the order
/// they were made (the start first).
fn push_all<W: Write>(sink: &mut Sink<W>, id: Id, mut recs: Vec<Planned>) {
    recs.sort_by_key(|r| r.0);
    for (at, event, attrs) in recs {
        sink.push(at, id, event, attrs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_do_not_match() {
        let v = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(other_value("priority", &v(&["P1", "P2", "P3"])), "P4");
        assert_eq!(other_value("severity", &v(&["1", "2"])), "3");
        assert_eq!(other_value("qualified", &v(&["yes"])), "no");
        assert_eq!(other_value("level", &v(&["priority", "standard"])), "low");
        assert_eq!(other_value("channel", &v(&["x"])), "other");
    }
}
