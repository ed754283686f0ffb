//! Components of an availability objective and their outages.

use std::io::Write;

use chrono::{Datelike, Days};
use slate_rules::{Measure, Objective};

use super::Ctx;
use super::sink::{Id, Sink, Sym, Symbols};
use crate::cal;
use crate::rng::Rng;

/// Outages a component has per month on average.
const PER_MONTH: f64 = 3.0;

/// Blips of a few seconds a component has per month on average.
const BLIPS_PER_MONTH: f64 = 8.0;

/// The components of one service and what befalls them.
pub struct OutageFamily {
    components: Vec<Sym>,
    /// Until when each component is already down.
    busy: Vec<i64>,
    /// Attributes every record carries (to meet the objective's filter).
    tags: Vec<(Sym, Sym)>,
    cause: Sym,
    causes: Vec<Sym>,
    excluded: Vec<Sym>,
    maintenance_cause: Sym,
    down: Sym,
    up: Sym,
    /// Maintenance windows of the history: `[start, end)`, sorted.
    windows: Vec<(i64, i64)>,
    /// Downtime a month may have and still meet the target, in seconds.
    allowed: f64,
    /// When a component goes down for good before the export, if one does.
    open_at_end: Option<i64>,
    rng: Rng,
}

impl OutageFamily {
    /// The components of `o`'s service.
    pub fn build(
        o: &Objective,
        ctx: &Ctx,
        seed: u64,
        syms: &mut Symbols,
        fields: &mut Vec<Sym>,
    ) -> Result<OutageFamily, String> {
        let Measure::Availability {
            filter,
            target,
            maintenance,
            exclude,
            per_component,
            ..
        } = &o.measure
        else {
            return Err(format!("`{}` is not an availability objective", o.name));
        };
        let mut rng = Rng::new(seed);
        let base = if *per_component { 3 } else { 1 + rng.below(3) };
        let copies = ctx.scale.ceil().max(1.0) as u64;
        let names = ["api", "web", "db"];
        let mut components = Vec::new();
        for k in 0..copies {
            for n in names.iter().take(base as usize) {
                let id = if copies > 1 {
                    format!("{}-{n}-{}", o.service, k + 1)
                } else {
                    format!("{}-{n}", o.service)
                };
                components.push(syms.get(&id));
            }
        }
        let mut tags = Vec::new();
        for c in filter {
            if let Some(v) = c.values.first() {
                let f = syms.get(&c.field);
                if !fields.contains(&f) {
                    fields.push(f);
                }
                tags.push((f, syms.get(v)));
            }
        }
        let cause_name = exclude.first().map_or("cause", |c| c.field.as_str());
        let cause = syms.get(cause_name);
        if !fields.contains(&cause) {
            fields.push(cause);
        }
        let mut excluded = Vec::new();
        for c in exclude.iter().filter(|c| c.field == cause_name) {
            excluded.extend(c.values.iter().map(|v| syms.get(v)));
        }
        let causes = [
            "network",
            "deployment",
            "database",
            "dependency",
            "hardware",
        ]
        .iter()
        .map(|c| syms.get(c))
        .collect();
        let tz = o.timezone;
        let mut windows = Vec::new();
        let mut d = ctx.from;
        let (last, _) = cal::local_date_hour(tz, ctx.end);
        while d <= last {
            for w in maintenance {
                if !same_day(&w.day, d.weekday()) {
                    continue;
                }
                let (Some((sh, sm)), Some((eh, em))) =
                    (hhmm(&w.start.to_string()), hhmm(&w.end.to_string()))
                else {
                    continue;
                };
                let end_date = if w.overnight {
                    d.checked_add_days(Days::new(1)).unwrap_or(d)
                } else {
                    d
                };
                if let (Some(a), Some(b)) =
                    (cal::local(tz, d, sh, sm), cal::local(tz, end_date, eh, em))
                    && a < b
                {
                    windows.push((a, b));
                }
            }
            let Some(n) = d.succ_opt() else { break };
            d = n;
        }
        windows.sort_unstable();
        let target: f64 = target.to_string().parse().unwrap_or(99.9);
        Ok(OutageFamily {
            busy: vec![i64::MIN; components.len()],
            components,
            tags,
            cause,
            causes,
            excluded,
            maintenance_cause: syms.get("maintenance"),
            down: syms.get("down"),
            up: syms.get("up"),
            windows,
            allowed: ((100.0 - target) / 100.0 * 30.0 * 86_400.0).max(60.0),
            open_at_end: rng
                .chance(0.25)
                .then(|| ctx.end - 600 - rng.below(3000) as i64),
            rng,
        })
    }

    fn outage<W: Write>(
        &mut self,
        c: usize,
        at: i64,
        len: i64,
        cause: Sym,
        sink: &mut Sink<W>,
    ) -> bool {
        let (Some(id), Some(busy)) = (self.components.get(c), self.busy.get_mut(c)) else {
            return false;
        };
        if at < *busy {
            return false;
        }
        *busy = at + len;
        let mut down = self.tags.clone();
        down.push((self.cause, cause));
        sink.push(at, Id::Name(*id), self.down, down);
        sink.push(at + len, Id::Name(*id), self.up, self.tags.clone());
        true
    }

    /// Outages starting in `[a, b)`.
    pub fn hour<W: Write>(&mut self, a: i64, b: i64, ctx: &Ctx, sink: &mut Sink<W>) {
        let n = self.components.len();
        // Now and then a component is down when the export is taken.
        if let Some(at) = self.open_at_end
            && (a..b).contains(&at)
            && n > 0
        {
            let c = self.rng.below(n as u64) as usize;
            let cause = self.causes[self.rng.below(self.causes.len() as u64) as usize];
            // The `up` falls after the export's end and is not written.
            self.outage(c, at, ctx.end - at + 3600, cause, sink);
        }
        let span = u64::try_from(b - a).unwrap_or(1);
        let hours = (b - a) as f64 / 3600.0;
        for c in 0..n {
            // Blips of seconds, which a minimum outage length leaves out.
            for _ in 0..self.rng.poisson(BLIPS_PER_MONTH / 730.0 * hours) {
                let at = a + self.rng.below(span) as i64;
                let len = 3 + self.rng.below(70) as i64;
                let cause = self.causes[self.rng.below(self.causes.len() as u64) as usize];
                self.outage(c, at, len, cause, sink);
            }
            let k = self.rng.poisson(PER_MONTH / 730.0 * hours);
            for _ in 0..k {
                let at = a + self.rng.below(span) as i64;
                let r = &mut self.rng;
                let u = r.f64();
                let len = if u < 0.3 {
                    5 + r.below(85) as i64
                } else if u < 0.93 {
                    (r.lognormal((0.08 * self.allowed).max(60.0), 0.8) as i64).clamp(30, 4 * 3600)
                } else {
                    (r.lognormal(0.6 * self.allowed, 0.7) as i64).clamp(600, 8 * 3600)
                };
                let cause = if !self.excluded.is_empty() && r.chance(0.12) {
                    self.excluded[r.below(self.excluded.len() as u64) as usize]
                } else {
                    self.causes[r.below(self.causes.len() as u64) as usize]
                };
                if !self.outage(c, at, len, cause, sink) {
                    continue;
                }
                // One failure often takes another component with it.
                if n > 1 && len >= 120 && self.rng.chance(0.35) {
                    let other = (c + 1 + self.rng.below(n as u64 - 1) as usize) % n;
                    let at2 = at + self.rng.below((len / 2).max(1) as u64) as i64;
                    let len2 = ((len as f64) * self.rng.range(0.3, 1.2)) as i64;
                    self.outage(other, at2, len2.max(20), cause, sink);
                }
            }
        }
        // Planned work in maintenance windows, now and then overrunning.
        let first = self.windows.partition_point(|w| w.0 < a);
        let due: Vec<(i64, i64)> = self.windows[first..]
            .iter()
            .take_while(|w| w.0 < b)
            .copied()
            .collect();
        for (ws, we) in due {
            if !self.rng.chance(0.5) {
                continue;
            }
            let c = self.rng.below(n as u64) as usize;
            let at = ws + 60 + self.rng.below(840) as i64;
            let mut until = at + ((we - at) as f64 * self.rng.range(0.15, 0.7)) as i64;
            if self.rng.chance(0.1) {
                until = we + 120 + self.rng.below(1680) as i64;
            }
            let cause = self.maintenance_cause;
            self.outage(c, at, (until - at).max(60), cause, sink);
        }
    }

    /// The export starts with every component's state: up.
    pub fn start<W: Write>(&mut self, ctx: &Ctx, sink: &mut Sink<W>) {
        for id in &self.components {
            sink.push(ctx.start, Id::Name(*id), self.up, self.tags.clone());
        }
    }

    /// The export ends with the state of every component that is up.
    pub fn finish<W: Write>(&mut self, ctx: &Ctx, sink: &mut Sink<W>) {
        let last = ctx.end - 1;
        for (id, busy) in self.components.iter().zip(&self.busy) {
            if *busy < last {
                sink.push(last, Id::Name(*id), self.up, self.tags.clone());
            }
        }
    }
}

fn same_day(d: &slate_rules::Day, w: chrono::Weekday) -> bool {
    use chrono::Weekday as W;
    use slate_rules::Day as D;
    matches!(
        (d, w),
        (D::Monday, W::Mon)
            | (D::Tuesday, W::Tue)
            | (D::Wednesday, W::Wed)
            | (D::Thursday, W::Thu)
            | (D::Friday, W::Fri)
            | (D::Saturday, W::Sat)
            | (D::Sunday, W::Sun)
    )
}

fn hhmm(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}
