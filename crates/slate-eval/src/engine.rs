//! The evaluation: items, outcomes, periods, compliance and settlement.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use slate_calendar::OpenTime;
use slate_rules::periods;
use slate_rules::{Budget, Condition, Measure, Objective, Payout, Period, RuleSet, Schedule};

use crate::events::{Events, Record, Sym, Symbols};
use crate::items::Selection;
use crate::money;
use crate::report::*;

/// What to evaluate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The exclusive cut-off (Unix seconds); by default one second after
    /// the latest record.
    pub as_of: Option<i64>,
    /// First date to report (default: the agreement's first day).
    pub from: Option<NaiveDate>,
    /// Last date to report, included (default: the cut-off's date, or the
    /// agreement's last day if earlier).
    pub to: Option<NaiveDate>,
    /// List breached items.
    pub details: bool,
}

/// How many unknown item ids a report lists.
const LISTED_UNKNOWN: usize = 100;

/// Elapsed-time bands of the distribution, in percent of the budget.
const BANDS: [u32; 6] = [25, 50, 75, 100, 150, 200];

/// Evaluates a rule set on events.
pub fn evaluate(rules: &RuleSet, events: &Events, options: &Options) -> Result<Report, String> {
    // A rule set read from JSON was refused for these already; one built
    // in code is refused here, so no outage counts against an objective
    // it never touched.
    let problems = slate_rules::item_problems(rules);
    if !problems.is_empty() {
        return Err(format!(
            "the rule set states what no agreement can: {}",
            problems.join("; ")
        ));
    }
    let tz = zone(&rules.agreement.timezone)?;
    let effective_from = date(&rules.agreement.effective_from)?;
    let effective_to = rules
        .agreement
        .effective_to
        .as_deref()
        .map(date)
        .transpose()?;
    let last_at = events.records.iter().map(|r| r.at).max();
    if let Some(t) = options.as_of
        && !(crate::events::EARLIEST..=crate::events::LATEST).contains(&t)
    {
        return Err("the cut-off is outside the years 1900 to 2199".to_owned());
    }
    let cutoff = options
        .as_of
        .or(last_at.map(|t| t + 1))
        .unwrap_or_else(|| periods::midnight(tz, effective_from));
    let cutoff_date = local_date(tz, cutoff - 1);
    let valid_to = match effective_to {
        Some(to) => to.min(cutoff_date),
        None => cutoff_date,
    };
    let window_from = options.from.unwrap_or(effective_from).max(effective_from);
    let window_to = options
        .to
        .unwrap_or(valid_to)
        .min(effective_to.unwrap_or(valid_to));
    // The records seen, copied into one list grouped by item (a counting
    // sort by id, stable, so each item's records stay in reading order),
    // with their attributes alongside: every later pass reads memory in order.
    let sy = &events.symbols;
    let mut starts = vec![0usize; sy.len() + 1];
    let mut after_cutoff = 0;
    for r in &events.records {
        if r.at >= cutoff {
            after_cutoff += 1;
        } else if let Some(n) = starts.get_mut(r.id as usize + 1) {
            *n += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut grouped = vec![Record::default(); starts.last().copied().unwrap_or(0)];
    for r in &events.records {
        if r.at < cutoff
            && let Some(at) = next.get_mut(r.id as usize)
            && let Some(slot) = grouped.get_mut(*at)
        {
            *slot = *r;
            *at += 1;
        }
    }
    let mut attrs: Vec<(Sym, Sym)> = Vec::with_capacity(events.attrs.len());
    for r in &mut grouped {
        let start = attrs.len();
        attrs.extend_from_slice(r.attrs(&events.attrs));
        r.attrs_start = start;
    }
    let mut items: Vec<(&str, &[Record])> = starts
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[1] > w[0])
        .map(|(id, w)| {
            let id = Sym::try_from(id).unwrap_or(Sym::MAX);
            (sy.name(id), grouped.get(w[0]..w[1]).unwrap_or_default())
        })
        .collect();
    items.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let ctx = Ctx {
        rules,
        cutoff,
        valid_from: periods::midnight(tz, effective_from),
        valid_end: effective_to
            .and_then(|d| d.succ_opt())
            .map_or(i64::MAX, |d| periods::midnight(tz, d)),
        effective_from,
        effective_to,
        window_from,
        window_to,
        calendars: calendars(rules, events, cutoff, tz, effective_from, effective_to)?,
        details: options.details,
        symbols: &events.symbols,
        attrs: &attrs,
    };

    // The events each item may be read for: those of time-to-event and
    // volume objectives, and `down`/`up` for the availability objectives
    // whose `items` choose the item. An item read by none is unknown.
    let mut used_events = BTreeSet::new();
    let mut selections = Vec::new();
    for o in &rules.objectives {
        match &o.measure {
            Measure::TimeToEvent {
                start_event,
                stop_event,
                reopen_event,
                ignore,
                ..
            } => {
                used_events.insert(start_event.as_str());
                used_events.insert(stop_event.as_str());
                used_events.extend(reopen_event.as_deref());
                used_events.extend(ignore.as_ref().map(|i| i.event.as_str()));
            }
            Measure::Availability { items, .. } => {
                selections.push(Selection::new(items.as_ref(), &o.service, sy));
            }
            Measure::Volume { event, .. } => {
                used_events.insert(event.as_str());
            }
        }
    }
    let used: HashSet<Sym> = used_events.iter().filter_map(|e| sy.get(e)).collect();
    let outage = [sy.get("down"), sy.get("up")];
    let unknown: Vec<&str> = items
        .iter()
        .filter(|(id, rs)| {
            let read = rs.iter().any(|r| used.contains(&r.event))
                || (rs.iter().any(|r| outage.contains(&Some(r.event)))
                    && selections.iter().any(|s| s.selects(id, rs, &attrs)));
            !read
        })
        .map(|(id, _)| *id)
        .collect();

    let mut objectives = Vec::new();
    let mut values: Values = BTreeMap::new();
    for o in &rules.objectives {
        let (report, measure) = ctx.objective(o, &items)?;
        for schedule in [&o.credits, &o.bonus].into_iter().flatten() {
            if let std::collections::btree_map::Entry::Vacant(slot) =
                values.entry((o.name.clone(), schedule.period))
            {
                slot.insert(measure.values(&ctx, o, schedule.period)?);
            }
        }
        objectives.push(report);
    }
    let (settlements, basis) = settle(&ctx, &values)?;
    for (name, b) in basis {
        if let Some(o) = objectives
            .iter_mut()
            .find(|o: &&mut ObjectiveReport| o.name == name)
        {
            o.settlement_basis.push(b);
        }
    }

    let invalid_records = events
        .invalid
        .iter()
        .take(crate::events::MAX_LISTED_INVALID)
        .map(|i| InvalidRecord {
            file: i.file.clone(),
            line: i.line,
            message: i.message.clone(),
        })
        .collect();
    let (undeclared, undeclared_records) = crate::fields::undeclared(rules, events);
    Ok(Report {
        schema: SCHEMA.to_owned(),
        agreement: AgreementRef {
            title: rules.agreement.title.clone(),
            id: rules.agreement.id.clone(),
            version: rules.agreement.version.clone(),
            fingerprint: rules.agreement.fingerprint.clone(),
            rules_digest: rules.agreement.digest.clone(),
        },
        made_with: MadeWith::this_build(),
        as_of: rfc3339(cutoff),
        window: Window {
            from: window_from.to_string(),
            to: window_to.to_string(),
        },
        input: Input {
            files: events
                .files
                .iter()
                .map(|(name, records)| FileCount {
                    name: name.clone(),
                    records: *records,
                })
                .collect(),
            records: events.read,
            duplicates: events.duplicates,
            after_cutoff,
            invalid: events.invalid_total,
            invalid_records,
            unknown_items: unknown.len() as u64,
            unknown_item_ids: unknown
                .iter()
                .take(LISTED_UNKNOWN)
                .map(|s| (*s).to_owned())
                .collect(),
            undeclared,
            undeclared_records,
        },
        objectives,
        settlements,
    })
}

fn zone(name: &str) -> Result<Tz, String> {
    name.parse()
        .map_err(|_| format!("unknown time zone `{name}`"))
}

fn date(s: &str) -> Result<NaiveDate, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

fn local_date(tz: Tz, t: i64) -> NaiveDate {
    match DateTime::<Utc>::from_timestamp(t, 0) {
        Some(utc) => tz.from_utc_datetime(&utc.naive_utc()).date_naive(),
        None => NaiveDate::MIN,
    }
}

fn rfc3339(t: i64) -> String {
    DateTime::<Utc>::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Every calendar, compiled over a span wide enough for every query: from
/// a week before the first record or the agreement's start, to a year past
/// the cut-off or the agreement's end (business-day goals reach beyond).
fn calendars(
    rules: &RuleSet,
    events: &Events,
    cutoff: i64,
    tz: Tz,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<BTreeMap<String, OpenTime>, String> {
    const WEEK: i64 = 7 * 86_400;
    const YEAR: i64 = 366 * 86_400;
    let first = events.records.iter().map(|r| r.at).min().unwrap_or(cutoff);
    let lo = first.min(periods::midnight(tz, from)) - WEEK;
    let end = to.map_or(cutoff, |d| periods::midnight(tz, d));
    let hi = cutoff.max(end) + YEAR;
    let mut out = BTreeMap::new();
    for c in &rules.calendars {
        // `24x7` keeps its zone: its business days are that zone's dates.
        let ot = OpenTime::build(c, lo, hi).map_err(|e| format!("calendar `{}`: {e}", c.name))?;
        out.insert(c.name.clone(), ot);
    }
    Ok(out)
}

/// The records of each item, in reading order, items sorted by id.
type Items<'a> = [(&'a str, &'a [Record])];

/// A condition on interned strings: the attribute and the values that match.
struct Cond {
    field: Option<Sym>,
    values: Vec<Sym>,
}

impl Cond {
    fn new(symbols: &Symbols, c: &Condition) -> Cond {
        Cond {
            field: symbols.get(&c.field),
            values: c.values.iter().filter_map(|v| symbols.get(v)).collect(),
        }
    }

    fn all(symbols: &Symbols, cs: &[Condition]) -> Vec<Cond> {
        cs.iter().map(|c| Cond::new(symbols, c)).collect()
    }

    /// Whether a value satisfies the condition.
    fn holds(&self, value: Option<Sym>) -> bool {
        value.is_some_and(|v| self.values.contains(&v))
    }

    /// Whether a record's own attribute satisfies it.
    fn on(&self, list: &[(Sym, Sym)], r: &Record) -> bool {
        self.holds(self.field.and_then(|f| r.attr(list, f)))
    }

    /// Whether attributes as they stand satisfy it.
    fn in_attrs(&self, attrs: &[(Sym, Sym)]) -> bool {
        self.holds(
            self.field
                .and_then(|f| attrs.iter().find(|(k, _)| *k == f).map(|(_, v)| *v)),
        )
    }
}

/// Sets `key` to `value` in a small attribute list.
fn set_attr(attrs: &mut Vec<(Sym, Sym)>, key: Sym, value: Sym) {
    match attrs.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => attrs.push((key, value)),
    }
}

/// Each objective's percentage per settlement period, by objective and period kind.
type Values = BTreeMap<(String, Period), Vec<(Span, Option<Ratio>)>>;

/// A period of an objective, cut to the agreement's validity and the cut-off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    /// First local date of the whole period.
    start: NaiveDate,
    label: String,
    /// Dates reported (cut to validity).
    from: NaiveDate,
    to: NaiveDate,
    /// Instants measured: [t0, t1), cut to validity and the cut-off.
    t0: i64,
    t1: i64,
    complete: bool,
}

impl Span {
    /// The period's entry in a report, with nothing measured yet.
    fn report(&self) -> PeriodReport {
        PeriodReport {
            label: self.label.clone(),
            from: self.from.to_string(),
            to: self.to.to_string(),
            complete: self.complete,
            counts: None,
            time: None,
            count: None,
            value: None,
            verdict: Verdict::NoData,
            components: Vec::new(),
        }
    }
}

struct Ctx<'a> {
    rules: &'a RuleSet,
    symbols: &'a Symbols,
    /// The attributes of the grouped records.
    attrs: &'a [(Sym, Sym)],
    cutoff: i64,
    valid_from: i64,
    valid_end: i64,
    effective_from: NaiveDate,
    effective_to: Option<NaiveDate>,
    window_from: NaiveDate,
    window_to: NaiveDate,
    calendars: BTreeMap<String, OpenTime>,
    details: bool,
}

fn label(kind: Period, start: NaiveDate) -> String {
    match kind {
        Period::Day => start.to_string(),
        Period::Week => {
            let w = start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Period::Month => format!("{}-{:02}", start.year(), start.month()),
        Period::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
        Period::Year => start.year().to_string(),
    }
}

impl Ctx<'_> {
    fn calendar(&self, name: &str) -> Result<&OpenTime, String> {
        self.calendars
            .get(name)
            .ok_or_else(|| format!("calendar `{name}` is not in the rule set"))
    }

    fn always_open(&self, name: &str) -> bool {
        self.rules
            .calendars
            .iter()
            .any(|c| c.name == name && c.always_open)
    }

    /// The periods of `kind` in `tz` from the agreement's start to the
    /// cut-off (and its end); `all` keeps those outside the report window.
    fn spans(&self, kind: Period, tz: Tz, all: bool) -> Vec<Span> {
        let mut out = Vec::new();
        let last = local_date(tz, self.cutoff - 1);
        let last = self.effective_to.map_or(last, |to| to.min(last));
        let mut start = periods::start_of(kind, self.effective_from);
        while start <= last {
            let next = periods::next(kind, start);
            let from = start.max(self.effective_from);
            let to = next.pred_opt().unwrap_or(next);
            let to = self.effective_to.map_or(to, |e| to.min(e));
            let whole_end = periods::midnight(tz, next).min(self.valid_end);
            let t0 = periods::midnight(tz, from).max(self.valid_from);
            let t1 = whole_end.min(self.cutoff);
            if all || (to >= self.window_from && from <= self.window_to) {
                out.push(Span {
                    start,
                    label: label(kind, start),
                    from,
                    to,
                    t0,
                    t1,
                    complete: whole_end <= self.cutoff,
                });
            }
            start = next;
        }
        out
    }

    fn objective(
        &self,
        o: &Objective,
        items: &Items<'_>,
    ) -> Result<(ObjectiveReport, Measured), String> {
        let tz = zone(&o.timezone)?;
        let spans = self.spans(o.period, tz, false);
        let mut report = ObjectiveReport {
            name: o.name.clone(),
            title: o.title.clone().unwrap_or_else(|| o.name.clone()),
            service: o.service.clone(),
            section: o.contract.section.clone(),
            kind: Kind::Volume,
            target: String::new(),
            period: o.period.noun().to_owned(),
            items_outside: 0,
            items_without_records: Vec::new(),
            periods: Vec::new(),
            distribution: Vec::new(),
            breached_items: Vec::new(),
            settlement_basis: Vec::new(),
        };
        let measured = match &o.measure {
            Measure::TimeToEvent { target, .. } => {
                report.kind = Kind::TimeToEvent;
                report.target = target.clone();
                let outcomes = self.time_to_event(o, items)?;
                let target = percent(target)?;
                let mut dist = [Bucket {
                    up_to_percent: None,
                    met: 0,
                    breached: 0,
                    pending: 0,
                }; BANDS.len() + 1];
                for (i, b) in BANDS.iter().enumerate() {
                    dist[i].up_to_percent = Some(*b);
                }
                let mut counts: Vec<Counts> = vec![Counts::default(); spans.len()];
                for item in &outcomes {
                    let inside = item.start >= self.valid_from && item.start < self.valid_end;
                    let Some(i) = spans
                        .iter()
                        .position(|s| s.start == periods::start_of(o.period, item.date))
                        .filter(|_| inside)
                    else {
                        report.items_outside += 1;
                        continue;
                    };
                    let c = &mut counts[i];
                    match item.outcome {
                        Outcome::Met => c.met += 1,
                        Outcome::Breached => c.breached += 1,
                        Outcome::Pending => c.pending += 1,
                        Outcome::Ignored => c.ignored += 1,
                        Outcome::Ungoverned => c.ungoverned += 1,
                    }
                    if let Some(bucket) = band(item) {
                        let d = &mut dist[bucket];
                        match item.outcome {
                            Outcome::Met => d.met += 1,
                            Outcome::Breached => d.breached += 1,
                            _ => d.pending += 1,
                        }
                    }
                    if self.details && item.outcome == Outcome::Breached {
                        report.breached_items.push(ItemDetail {
                            id: item.id.clone(),
                            period: spans[i].label.clone(),
                            start: rfc3339(item.start),
                            stopped: item.stopped,
                            abandoned: item.abandoned,
                            elapsed_seconds: item.elapsed,
                            budget_seconds: item.budget,
                            goal: item.goal.map(|g| g + 1),
                        });
                    }
                }
                report.distribution = dist.to_vec();
                for (s, c) in spans.iter().zip(counts) {
                    let value = ratio(c.met as i64, (c.met + c.breached) as i64);
                    report.periods.push(PeriodReport {
                        counts: Some(c),
                        verdict: verdict(value.as_ref(), target),
                        value,
                        ..s.report()
                    });
                }
                Measured::Items(outcomes)
            }
            Measure::Availability {
                target,
                per_component,
                ..
            } => {
                report.kind = Kind::Availability;
                report.target = target.clone();
                let target_pc = percent(target)?;
                let outages = self.outages(o, items)?;
                report.items_without_records = self.named_without_records(o, items);
                for s in &spans {
                    let measured = self.measured(o, tz, s.t0, s.t1)?;
                    let mut p = s.report();
                    if *per_component {
                        let mut any_breach = false;
                        let mut any_data = false;
                        for (id, list) in &outages.components {
                            let time = downtime(&measured, list);
                            let value = availability(time);
                            let v = verdict(value.as_ref(), target_pc);
                            any_breach |= v == Verdict::Breached;
                            any_data |= v != Verdict::NoData;
                            p.components.push(ComponentReport {
                                id: id.clone(),
                                time,
                                value,
                                verdict: v,
                            });
                        }
                        p.verdict = if any_breach {
                            Verdict::Breached
                        } else if any_data {
                            Verdict::Met
                        } else {
                            Verdict::NoData
                        };
                    } else {
                        let time = downtime(&measured, &outages.united);
                        p.value = availability(time);
                        p.verdict = verdict(p.value.as_ref(), target_pc);
                        p.time = Some(time);
                    }
                    report.periods.push(p);
                }
                Measured::Outages(outages)
            }
            Measure::Volume {
                event,
                filter,
                exclude,
                bound,
                count,
                ..
            } => {
                report.target = match bound {
                    slate_rules::Bound::AtLeast => format!("at least {count}"),
                    slate_rules::Bound::AtMost => format!("at most {count}"),
                };
                let event = self.symbols.get(event);
                let filter = Cond::all(self.symbols, filter);
                let exclude = Cond::all(self.symbols, exclude);
                for s in &spans {
                    let n = items
                        .iter()
                        .filter(|(_, rs)| {
                            rs.iter().any(|r| {
                                Some(r.event) == event
                                    && r.at >= s.t0
                                    && r.at < s.t1
                                    && filter.iter().all(|c| c.on(self.attrs, r))
                                    && !exclude.iter().any(|c| c.on(self.attrs, r))
                            })
                        })
                        .count() as u64;
                    let v = match bound {
                        slate_rules::Bound::AtLeast if n >= *count => Verdict::Met,
                        slate_rules::Bound::AtMost if n > *count => Verdict::Breached,
                        _ if !s.complete => Verdict::Pending,
                        slate_rules::Bound::AtLeast => Verdict::Breached,
                        slate_rules::Bound::AtMost => Verdict::Met,
                    };
                    report.periods.push(PeriodReport {
                        count: Some(n),
                        verdict: v,
                        ..s.report()
                    });
                }
                Measured::Volume
            }
        };
        Ok((report, measured))
    }
}

fn percent(s: &str) -> Result<Decimal, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a decimal percentage"))
}

/// `num / den` with its percentage, or `None` when `den` is 0.
fn ratio(num: i64, den: i64) -> Option<Ratio> {
    (den > 0).then(|| {
        let pc = Decimal::from(num) * Decimal::from(100u32) / Decimal::from(den);
        Ratio {
            numerator: num,
            denominator: den,
            percent: money::round(pc, 3).normalize().to_string(),
        }
    })
}

/// Whether `r` (as a percentage) is at least `pc`, exactly.
fn at_least(r: &Ratio, pc: Decimal) -> bool {
    Decimal::from(r.numerator) * Decimal::from(100u32) >= pc * Decimal::from(r.denominator)
}

fn verdict(value: Option<&Ratio>, target: Decimal) -> Verdict {
    match value {
        None => Verdict::NoData,
        Some(r) if at_least(r, target) => Verdict::Met,
        Some(_) => Verdict::Breached,
    }
}

/// What an objective measured, kept for settlement over other periods.
enum Measured {
    Items(Vec<ItemOutcome>),
    Outages(Outages),
    Volume,
}

impl Measured {
    /// The objective's percentage in each period of `kind`, from the
    /// agreement's start to the cut-off, for settlement.
    fn values(
        &self,
        ctx: &Ctx<'_>,
        o: &Objective,
        kind: Period,
    ) -> Result<Vec<(Span, Option<Ratio>)>, String> {
        let tz = zone(&o.timezone)?;
        let spans = ctx.spans(kind, tz, true);
        Ok(match self {
            Measured::Items(items) => spans
                .into_iter()
                .map(|s| {
                    let (mut met, mut breached) = (0, 0);
                    for i in items {
                        if periods::start_of(kind, i.date) == s.start
                            && i.start >= ctx.valid_from
                            && i.start < ctx.valid_end
                        {
                            match i.outcome {
                                Outcome::Met => met += 1,
                                Outcome::Breached => breached += 1,
                                _ => {}
                            }
                        }
                    }
                    let r = ratio(met, met + breached);
                    (s, r)
                })
                .collect(),
            Measured::Outages(outages) => {
                let mut out = Vec::new();
                for s in spans {
                    let measured = ctx.measured(o, tz, s.t0, s.t1)?;
                    let r = availability(downtime(&measured, &outages.united));
                    out.push((s, r));
                }
                out
            }
            Measured::Volume => Vec::new(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Met,
    Breached,
    Pending,
    Ignored,
    Ungoverned,
}

#[derive(Clone, Debug)]
struct ItemOutcome {
    id: String,
    start: i64,
    /// The start's local date in the objective's time zone.
    date: NaiveDate,
    stopped: bool,
    /// A call abandoned without an answer (it stopped by abandonment).
    abandoned: bool,
    elapsed: i64,
    budget: i64,
    goal: Option<usize>,
    outcome: Outcome,
}

/// The band of the distribution an item falls in.
fn band(i: &ItemOutcome) -> Option<usize> {
    if !matches!(
        i.outcome,
        Outcome::Met | Outcome::Breached | Outcome::Pending
    ) {
        return None;
    }
    let e = i128::from(i.elapsed) * 100;
    let b = i128::from(i.budget);
    Some(
        BANDS
            .iter()
            .position(|band| e <= i128::from(*band) * b)
            .unwrap_or(BANDS.len()),
    )
}

impl Ctx<'_> {
    /// Every item's outcome on a time-to-event objective.
    fn time_to_event(&self, o: &Objective, items: &Items<'_>) -> Result<Vec<ItemOutcome>, String> {
        let Measure::TimeToEvent {
            start_event,
            stop_event,
            reopen_event,
            filter,
            pause,
            clock,
            goals,
            exclude,
            ignore,
            ..
        } = &o.measure
        else {
            return Ok(Vec::new());
        };
        let tz = zone(&o.timezone)?;
        let clock_cal = self.calendar(clock)?;
        let sy = self.symbols;
        let Some(start_event) = sy.get(start_event) else {
            return Ok(Vec::new());
        };
        let stop_event = sy.get(stop_event);
        let reopen_event = reopen_event.as_deref().and_then(|e| sy.get(e));
        let ignore_event = ignore.as_ref().and_then(|i| sy.get(&i.event));
        let pause = pause.as_ref().map(|p| Cond::new(sy, p));
        let filter = Cond::all(sy, filter);
        let exclude = Cond::all(sy, exclude);
        let goal_conds: Vec<Vec<Cond>> = goals.iter().map(|g| Cond::all(sy, &g.when)).collect();
        let mut out = Vec::new();
        let mut rs: Vec<&Record> = Vec::new();
        for (id, records) in items {
            // docs/semantics.md: at one instant, start (or reopen) first, then
            // status changes in file order, then the stop.
            let class = |r: &Record| {
                if r.event == start_event || Some(r.event) == reopen_event {
                    0
                } else if Some(r.event) == stop_event {
                    2
                } else {
                    1
                }
            };
            let Some(start) = records
                .iter()
                .filter(|r| r.event == start_event)
                .map(|r| r.at)
                .min()
            else {
                continue;
            };
            rs.clear();
            rs.extend(records.iter());
            rs.sort_by_key(|r| (r.at, class(r), r.seq));
            let mut attrs: Vec<(Sym, Sym)> = Vec::new();
            let mut snapshot: Option<Vec<(Sym, Sym)>> = None;
            let mut paused = false;
            let mut started = false;
            let mut running = false;
            let mut stopped_at = None;
            let mut active_from: Option<i64> = None;
            let mut segments: Vec<(i64, i64)> = Vec::new();
            let mut first_ignore: Option<i64> = None;
            let mut ever_stopped = false;
            // A call never answered ends when it is abandoned.
            let answered = stop_event
                .is_some_and(|stop| records.iter().any(|r| r.event == stop && r.at >= start));
            for r in &rs {
                let t = r.at;
                let is_start = !started && r.event == start_event;
                if is_start {
                    started = true;
                    running = true;
                    if !paused {
                        active_from = Some(t);
                    }
                } else if started && !running && Some(r.event) == reopen_event {
                    running = true;
                    stopped_at = None;
                    snapshot = None;
                    if !paused {
                        active_from = Some(t);
                    }
                }
                for &(k, v) in r.attrs(self.attrs) {
                    set_attr(&mut attrs, k, v);
                }
                if let Some(p) = &pause
                    && let Some(v) = p.field.and_then(|f| r.attr(self.attrs, f))
                {
                    let now = p.holds(Some(v));
                    if running && now && !paused {
                        if let Some(a) = active_from.take() {
                            segments.push((a, t));
                        }
                    } else if running && !now && paused {
                        active_from = Some(t);
                    }
                    paused = now;
                }
                if started && Some(r.event) == ignore_event && first_ignore.is_none() {
                    first_ignore = Some(t);
                    if !answered && running {
                        running = false;
                        stopped_at = Some(t);
                        if let Some(a) = active_from.take() {
                            segments.push((a, t));
                        }
                        snapshot = Some(attrs.clone());
                    }
                }
                if running && Some(r.event) == stop_event {
                    running = false;
                    ever_stopped = true;
                    stopped_at = Some(t);
                    if let Some(a) = active_from.take() {
                        segments.push((a, t));
                    }
                    snapshot = Some(attrs.clone());
                }
            }
            if running && let Some(a) = active_from.take() {
                segments.push((a, self.cutoff));
            }
            let stopped = stopped_at.is_some();
            let attrs_now = snapshot.unwrap_or(attrs);
            let holds = |c: &Cond| c.in_attrs(&attrs_now);
            if !filter.iter().all(holds) || exclude.iter().any(holds) {
                continue;
            }
            let date = local_date(tz, start);
            let mut item = ItemOutcome {
                id: (*id).to_owned(),
                start,
                date,
                stopped,
                abandoned: false,
                elapsed: 0,
                budget: 0,
                goal: None,
                outcome: Outcome::Ungoverned,
            };
            if let (Some(i), Some(at)) = (ignore, first_ignore)
                && !ever_stopped
            {
                let early = at - start <= i64::try_from(i.within_seconds).unwrap_or(i64::MAX);
                item.abandoned = true;
                item.elapsed = segments.iter().map(|s| clock_cal.open(s.0, s.1)).sum();
                item.outcome = if early {
                    Outcome::Ignored
                } else {
                    Outcome::Breached
                };
                if early || goals.is_empty() {
                    out.push(item);
                    continue;
                }
            }
            let Some((gi, goal)) = goals
                .iter()
                .enumerate()
                .find(|(gi, g)| g.otherwise || goal_conds[*gi].iter().all(holds))
            else {
                item.elapsed = segments.iter().map(|s| clock_cal.open(s.0, s.1)).sum();
                out.push(item);
                continue;
            };
            let cal = self.calendar(&goal.calendar)?;
            let elapsed: i64 = segments.iter().map(|s| cal.open(s.0, s.1)).sum();
            let budget = match goal.budget {
                Budget::Seconds(s) => i64::try_from(s).unwrap_or(i64::MAX),
                Budget::BusinessDays(n) => match cal.business_days_due(start, n) {
                    Some(due) => cal.open(start, due),
                    None => {
                        return Err(format!(
                            "the due time of `{id}` lies beyond the calendar `{}`",
                            goal.calendar
                        ));
                    }
                },
            };
            item.elapsed = elapsed;
            item.budget = budget;
            item.goal = Some(gi);
            if item.outcome != Outcome::Breached {
                item.outcome = if elapsed > budget {
                    Outcome::Breached
                } else if stopped {
                    Outcome::Met
                } else {
                    Outcome::Pending
                };
            }
            out.push(item);
        }
        Ok(out)
    }
}

/// Outages of an availability objective, merged.
struct Outages {
    /// All components' outages united.
    united: Vec<(i64, i64)>,
    /// Each component's own.
    components: BTreeMap<String, Vec<(i64, i64)>>,
}

/// Merges overlapping or touching intervals.
fn merge(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn drop_short(v: Vec<(i64, i64)>, min: u64) -> Vec<(i64, i64)> {
    let min = i64::try_from(min).unwrap_or(i64::MAX);
    v.into_iter().filter(|(a, b)| b - a >= min).collect()
}

impl Ctx<'_> {
    fn outages(&self, o: &Objective, items: &Items<'_>) -> Result<Outages, String> {
        let Measure::Availability {
            filter,
            exclude,
            min_outage_seconds,
            items: selection,
            ..
        } = &o.measure
        else {
            return Err("not an availability objective".to_owned());
        };
        let mut components = BTreeMap::new();
        let mut all = Vec::new();
        let sy = self.symbols;
        let (down, up) = (sy.get("down"), sy.get("up"));
        let filter = Cond::all(sy, filter);
        let exclude = Cond::all(sy, exclude);
        // `items` chooses the objective's item streams first; `where` then
        // restricts among them by their attributes.
        let selection = Selection::new(selection.as_ref(), &o.service, sy);
        for (id, records) in items {
            if !records
                .iter()
                .any(|r| Some(r.event) == down || Some(r.event) == up)
                || !selection.selects(id, records, self.attrs)
            {
                continue;
            }
            // The component's attributes as they stand at the cut-off.
            let mut latest: Vec<(Sym, Sym)> = Vec::new();
            for r in records.iter() {
                for &(k, v) in r.attrs(self.attrs) {
                    set_attr(&mut latest, k, v);
                }
            }
            if !filter.iter().all(|c| c.in_attrs(&latest)) {
                continue;
            }
            // docs/semantics.md: `down`/`up` at the same instant apply in file order.
            let mut rs: Vec<&Record> = records.iter().collect();
            rs.sort_by_key(|r| (r.at, r.seq));
            // docs/semantics.md: each `down` starts an outage of its own, which
            // ends at the item's next `up` whatever other outages are open;
            // one whose own `down` carries an excluded cause does not count.
            // So a counted outage that begins inside an excluded one counts
            // from its own `down`. Only the counted outages' starts are kept.
            let mut list = Vec::new();
            let mut open: Vec<i64> = Vec::new();
            for r in rs {
                let event = Some(r.event);
                if event == down {
                    if !exclude.iter().any(|c| c.on(self.attrs, r)) {
                        open.push(r.at);
                    }
                } else if event == up {
                    list.extend(open.drain(..).map(|a| (a, r.at)));
                }
            }
            list.extend(open.into_iter().map(|a| (a, self.cutoff)));
            // Overlapping outages of the item merge; a minimum length
            // applies to what the merging leaves.
            let list = merge(list);
            all.extend(list.iter().copied());
            components.insert((*id).to_owned(), drop_short(list, *min_outage_seconds));
        }
        Ok(Outages {
            united: drop_short(merge(all), *min_outage_seconds),
            components,
        })
    }

    /// The ids an availability objective names that have no `down` or
    /// `up` record, in the order written.
    fn named_without_records(&self, o: &Objective, items: &Items<'_>) -> Vec<String> {
        let Measure::Availability {
            items: Some(slate_rules::Items::Ids { ids }),
            ..
        } = &o.measure
        else {
            return Vec::new();
        };
        let outage = [self.symbols.get("down"), self.symbols.get("up")];
        ids.iter()
            .filter(|id| {
                !items
                    .binary_search_by(|(i, _)| i.cmp(&id.as_str()))
                    .ok()
                    .and_then(|at| items.get(at))
                    .is_some_and(|(_, rs)| rs.iter().any(|r| outage.contains(&Some(r.event))))
            })
            .cloned()
            .collect()
    }

    /// The measured intervals of an availability objective in [t0, t1): open
    /// on its clock, less maintenance windows.
    fn measured(&self, o: &Objective, tz: Tz, t0: i64, t1: i64) -> Result<Vec<(i64, i64)>, String> {
        let Measure::Availability {
            clock, maintenance, ..
        } = &o.measure
        else {
            return Ok(Vec::new());
        };
        if t1 <= t0 {
            return Ok(Vec::new());
        }
        let open = if self.always_open(clock) {
            vec![(t0, t1)]
        } else {
            clip(self.calendar(clock)?.intervals(), t0, t1)
        };
        if maintenance.is_empty() {
            return Ok(open);
        }
        let cal = slate_rules::Calendar {
            name: "maintenance".to_owned(),
            always_open: false,
            timezone: tz.name().to_owned(),
            weekly: maintenance.clone(),
            closures: Vec::new(),
        };
        let m = OpenTime::build(&cal, t0 - 86_400, t1 + 86_400)?;
        Ok(subtract(&open, &clip(m.intervals(), t0, t1)))
    }
}

/// The parts of sorted intervals inside [t0, t1).
fn clip(v: &[(i64, i64)], t0: i64, t1: i64) -> Vec<(i64, i64)> {
    let first = v.partition_point(|iv| iv.1 <= t0);
    v[first..]
        .iter()
        .take_while(|iv| iv.0 < t1)
        .map(|&(a, b)| (a.max(t0), b.min(t1)))
        .filter(|(a, b)| a < b)
        .collect()
}

/// Sorted, disjoint `a` minus sorted, disjoint `b`.
fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut j = 0;
    for &(mut s, e) in a {
        while j < b.len() && b[j].1 <= s {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].0 < e {
            if b[k].0 > s {
                out.push((s, b[k].0));
            }
            s = s.max(b[k].1);
            k += 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

/// Measured seconds, and the seconds of `outages` inside them.
fn downtime(measured: &[(i64, i64)], outages: &[(i64, i64)]) -> Downtime {
    let total: i64 = measured.iter().map(|(a, b)| b - a).sum();
    let mut down = 0;
    let mut count = 0;
    for &(a, b) in outages {
        let inside: i64 = clip(measured, a, b).iter().map(|(x, y)| y - x).sum();
        if inside > 0 {
            down += inside;
            count += 1;
        }
    }
    Downtime {
        measured_seconds: total,
        down_seconds: down,
        outages: count,
    }
}

fn availability(t: Downtime) -> Option<Ratio> {
    ratio(t.measured_seconds - t.down_seconds, t.measured_seconds)
}

/// Settlements, and each objective's value per settlement period (by name).
type Settled = (Vec<Settlement>, Vec<(String, Basis)>);

/// Credits and bonuses per service and settlement period, with caps.
fn settle(ctx: &Ctx<'_>, values: &Values) -> Result<Settled, String> {
    let mut basis = Vec::new();
    let rules = ctx.rules;
    let mut out = Vec::new();
    for service in &rules.services {
        let currency = service
            .fee
            .as_ref()
            .map(|f| f.currency.clone())
            .or_else(|| rules.agreement.currency.clone())
            .unwrap_or_default();
        // Every amount of the settlement carries the currency's minor unit.
        let digits = slate_words::currency::minor_unit(&currency)
            .or(rules.agreement.minor_unit)
            .unwrap_or(2);
        // One settlement per kind (credits or bonus) and period length: a
        // service may settle monthly credits and a quarterly bonus.
        let schedule_of = |o: &'_ Objective, bonus: bool| -> Option<Schedule> {
            if bonus {
                o.bonus.clone()
            } else {
                o.credits.clone()
            }
        };
        let mut runs: BTreeSet<(bool, Period)> = BTreeSet::new();
        for o in rules
            .objectives
            .iter()
            .filter(|o| o.service == service.name)
        {
            for bonus in [false, true] {
                if let Some(sc) = schedule_of(o, bonus) {
                    runs.insert((bonus, sc.period));
                }
            }
        }
        // docs/semantics.md: caps apply to the sum of all credits (or bonuses) of
        // a service, wherever they are written; the checker refuses a cap
        // whose period is not the one every such schedule settles in, and so
        // does evaluation, rather than cap only some of them.
        for &(bonus, kind) in &runs {
            let caps = if bonus {
                &service.bonus_caps
            } else {
                &service.credit_caps
            };
            if let Some(cap) = caps.iter().find(|c| c.period != kind) {
                return Err(format!(
                    "a cap of service `{}` counts in {}s, but its {} are settled per {}: a cap limits all of them, so they must be settled in the period it counts in",
                    service.name,
                    cap.period.noun(),
                    if bonus { "bonuses" } else { "credits" },
                    kind.noun()
                ));
            }
        }
        for (bonus, kind) in runs {
            // Settlement periods of this service's schedules, in order. Money
            // is kept in twelfths of the currency unit, so every fee share
            // (a month of a quarterly or yearly fee) is exact.
            let mut lines: BTreeMap<NaiveDate, (Span, Vec<SettlementLine>, Decimal)> =
                BTreeMap::new();
            for o in rules
                .objectives
                .iter()
                .filter(|o| o.service == service.name)
            {
                let Some(schedule) = schedule_of(o, bonus).filter(|sc| sc.period == kind) else {
                    continue;
                };
                let Some(vals) = values.get(&(o.name.clone(), schedule.period)) else {
                    continue;
                };
                for (span, value) in vals {
                    let entry = lines
                        .entry(span.start)
                        .or_insert_with(|| (span.clone(), Vec::new(), Decimal::ZERO));
                    let in_window = span.to >= ctx.window_from && span.from <= ctx.window_to;
                    let mut note = Basis {
                        kind: if bonus { "bonus" } else { "credits" }.to_owned(),
                        period: span.label.clone(),
                        from: span.from.to_string(),
                        to: span.to.to_string(),
                        complete: span.complete,
                        value: value.clone(),
                        tier: None,
                    };
                    let Some(value) = value else {
                        if in_window {
                            basis.push((o.name.clone(), note));
                        }
                        continue;
                    };
                    if !span.complete {
                        if in_window {
                            basis.push((o.name.clone(), note));
                        }
                        continue;
                    }
                    let tier = schedule
                        .tiers
                        .iter()
                        .filter(|t| {
                            let th = percent(&t.threshold).unwrap_or(Decimal::ZERO);
                            if bonus {
                                at_least(value, th)
                            } else {
                                !at_least(value, th)
                            }
                        })
                        .min_by(|a, b| {
                            let (x, y) = (
                                percent(&a.threshold).unwrap_or(Decimal::ZERO),
                                percent(&b.threshold).unwrap_or(Decimal::ZERO),
                            );
                            if bonus { y.cmp(&x) } else { x.cmp(&y) }
                        });
                    note.tier = tier.map(|t| {
                        format!(
                            "{} {}%: {}",
                            if bonus { "at least" } else { "below" },
                            t.threshold,
                            money::describe(&t.payout)
                        )
                    });
                    if in_window {
                        basis.push((o.name.clone(), note));
                    }
                    let Some(tier) = tier else { continue };
                    let amount = money::payout12(
                        &tier.payout,
                        service.fee.as_ref(),
                        schedule.period,
                    )
                    .ok_or_else(|| {
                        format!(
                            "the {} of `{}` cannot be computed: `{}` has no usable fee for a {}",
                            if bonus { "bonus" } else { "credit" },
                            o.name,
                            service.name,
                            schedule.period.noun()
                        )
                    })?;
                    entry.2 += amount;
                    entry.1.push(SettlementLine {
                        objective: o.name.clone(),
                        value: value.clone(),
                        tier: format!(
                            "{} {}%",
                            if bonus { "at least" } else { "below" },
                            tier.threshold
                        ),
                        payout: money::describe(&tier.payout),
                        amount: money::exact(amount, digits),
                        claims: crate::report::claim_terms(&schedule),
                    });
                }
            }
            let caps = if bonus {
                &service.bonus_caps
            } else {
                &service.credit_caps
            };
            let mut issued: Vec<(NaiveDate, Decimal, bool)> = Vec::new();
            for (start, (span, ls, total)) in lines {
                let mut amount = total;
                let mut capped_by = Vec::new();
                // Whether the period lies whole inside the validity: only
                // those count towards a rolling cap.
                let whole = start >= ctx.effective_from
                    && ctx.effective_to.is_none_or(|to| {
                        periods::next(kind, start)
                            .pred_opt()
                            .is_some_and(|e| e <= to)
                    });
                let fee = service.fee.as_ref().and_then(|f| money::fee_for(f, kind));
                for cap in caps {
                    match cap.rolling_periods {
                        None => {
                            let limit = money::payout12(&cap.amount, service.fee.as_ref(), kind)
                                .unwrap_or(Decimal::MAX);
                            if amount > limit {
                                amount = limit;
                                capped_by.push(format!(
                                    "{} per {}",
                                    money::describe(&cap.amount),
                                    kind.noun()
                                ));
                            }
                        }
                        Some(n) => {
                            // The last n periods, this one included; only whole
                            // periods inside the validity count.
                            let n = usize::try_from(n).unwrap_or(usize::MAX);
                            let earlier: Vec<&(NaiveDate, Decimal, bool)> =
                                issued.iter().rev().take(n.saturating_sub(1)).collect();
                            let periods_in =
                                earlier.iter().filter(|e| e.2).count() + usize::from(whole);
                            let per_period =
                                money::payout12(&cap.amount, service.fee.as_ref(), kind)
                                    .unwrap_or(Decimal::MAX);
                            // A percentage is of each whole period's fee; a
                            // fixed amount is for the whole window.
                            let window = match cap.amount {
                                Payout::Fixed { .. } => per_period,
                                Payout::PercentOfFee { .. } => {
                                    per_period * Decimal::from(periods_in as u64)
                                }
                            };
                            let limit = window - earlier.iter().map(|e| e.1).sum::<Decimal>();
                            let limit = limit.max(Decimal::ZERO);
                            if amount > limit {
                                amount = limit;
                                capped_by.push(format!(
                                    "{} per {} {}s",
                                    money::describe(&cap.amount),
                                    n,
                                    kind.noun()
                                ));
                            }
                        }
                    }
                }
                let rounded = money::round12(amount, digits);
                issued.push((start, rounded * Decimal::from(12u32), whole));
                if ls.is_empty() || span.to < ctx.window_from || span.from > ctx.window_to {
                    continue;
                }
                out.push(Settlement {
                    service: service.name.clone(),
                    kind: if bonus { "bonus" } else { "credits" }.to_owned(),
                    period: span.label.clone(),
                    from: span.from.to_string(),
                    to: span.to.to_string(),
                    fee: fee.map(|f| money::show(f, digits)),
                    lines: ls,
                    total: money::exact(total, digits),
                    capped_by,
                    amount: money::show(rounded, digits),
                    currency: currency.clone(),
                });
            }
        }
    }
    Ok((out, basis))
}
