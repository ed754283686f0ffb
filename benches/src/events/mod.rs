//! `slate-bench events`: a realistic, deterministic event history for every
//! objective of a JSON rule set (`slate rules FILE.sla --to json`), in the
//! record format `slate eval` reads (`docs/semantics.md`).
//!
//! Objectives that share items are generated together, as one *family*:
//! time-to-event objectives with the same start event (a ticket's first
//! response and its resolution), and a volume objective counting that
//! event. Each family's items arrive hour by hour (more during its clock's
//! open hours and on weekdays), and each item's whole life is drawn at its
//! arrival: attributes that select every goal, the stops placed at a share
//! of each goal's budget (most within, some beyond), pauses, reopened
//! cycles, priority changes, exclusions and abandoned calls. Availability
//! objectives get components with outages. Records are written sorted by
//! time as soon as no later arrival can precede them.

mod items;
mod outages;
mod sink;

use std::io::{BufWriter, Write};

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use slate_rules::{Measure, RuleSet};

use crate::cal::{self, OpenTime};
use outages::OutageFamily;
use sink::{Sink, Symbols};

/// The options of `slate-bench events`.
#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    /// The JSON rule set.
    pub rules: String,
    /// First day on which items arrive, in the agreement's time zone.
    pub from: NaiveDate,
    /// Last day of the history proper, included.
    pub to: NaiveDate,
    /// The seed: the same arguments always give the same bytes.
    pub seed: u64,
    /// Multiplies every volume.
    pub scale: f64,
    /// Write CSV with a header instead of NDJSON.
    pub csv: bool,
    /// Hours after the end of `--to` at which the export is taken: the
    /// history goes on to this instant (so that the last period is whole
    /// and items still open then are pending), and nothing after it is
    /// written.
    pub tail_hours: i64,
}

/// The usage line.
pub const USAGE: &str = "slate-bench events RULES.json --from YYYY-MM-DD --to YYYY-MM-DD --seed N [--scale X] [--tail HOURS] [--csv]";

impl Args {
    /// Parses the arguments after `events`.
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut rules = None;
        let mut from = None;
        let mut to = None;
        let mut seed = None;
        let mut scale = 1.0;
        let mut csv = false;
        let mut tail_hours = 9;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match a.as_str() {
                "--from" => from = Some(date(&value("--from")?)?),
                "--to" => to = Some(date(&value("--to")?)?),
                "--seed" => {
                    let v = value("--seed")?;
                    seed = Some(
                        v.parse()
                            .map_err(|_| format!("`--seed {v}` is not a number"))?,
                    );
                }
                "--scale" => {
                    let v = value("--scale")?;
                    scale = v
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && *x > 0.0)
                        .ok_or_else(|| format!("`--scale {v}` is not a positive number"))?;
                }
                "--tail" => {
                    let v = value("--tail")?;
                    tail_hours = v
                        .parse::<i64>()
                        .ok()
                        .filter(|h| (0..=24 * 366).contains(h))
                        .ok_or_else(|| format!("`--tail {v}` is not a number of hours"))?;
                }
                "--csv" => csv = true,
                s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
                s if rules.is_none() => rules = Some(s.to_owned()),
                s => return Err(format!("unexpected argument `{s}`")),
            }
        }
        let (Some(rules), Some(from), Some(to), Some(seed)) = (rules, from, to, seed) else {
            return Err("RULES.json, `--from`, `--to` and `--seed` are required".to_owned());
        };
        if to < from {
            return Err(format!("`--to {to}` is before `--from {from}`"));
        }
        Ok(Args {
            rules,
            from,
            to,
            seed,
            scale,
            csv,
            tail_hours,
        })
    }
}

fn date(s: &str) -> Result<NaiveDate, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// What every family needs to know about the run.
pub struct Ctx {
    /// The calendars, in the rule set's order.
    pub cals: Vec<OpenTime>,
    /// Their names.
    pub cal_names: Vec<String>,
    /// The agreement's time zone.
    pub tz: Tz,
    /// First instant of the history.
    pub start: i64,
    /// End of the last arrival day.
    pub window_end: i64,
    /// The export's end: nothing at or after it is written.
    pub end: i64,
    /// Multiplies volumes.
    pub scale: f64,
    /// First date of the history.
    pub from: NaiveDate,
}

impl Ctx {
    /// The calendar named `name`.
    pub fn cal(&self, name: &str) -> Result<usize, String> {
        self.cal_names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("calendar `{name}` is not in the rule set"))
    }
}

/// Generates the history and writes it to standard output.
pub fn run(args: &Args) -> Result<u64, String> {
    let text = std::fs::read_to_string(&args.rules)
        .map_err(|e| format!("cannot read `{}`: {e}", args.rules))?;
    let rules: RuleSet =
        slate_rules::from_json(&text).map_err(|e| format!("`{}`: {e}", args.rules))?;
    let stdout = std::io::stdout();
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    generate(&rules, args, out).map_err(|e| match e {
        GenError::Rules(s) => s,
        GenError::Io(e) => format!("cannot write: {e}"),
    })
}

/// Generates the history of `rules` into `out`; the number of records.
pub fn generate<W: Write>(rules: &RuleSet, args: &Args, out: W) -> Result<u64, GenError> {
    let tz = rules.agreement.timezone;
    let valid_from: Option<NaiveDate> = Some(rules.agreement.effective_from);
    let valid_to: Option<NaiveDate> = rules.agreement.effective_to;
    if valid_from.is_some_and(|v| args.from < v) || valid_to.is_some_and(|v| args.to > v) {
        eprintln!(
            "warning: {} to {} is not inside the agreement's validity ({} to {})",
            args.from,
            args.to,
            rules.agreement.effective_from,
            rules
                .agreement
                .effective_to
                .map_or_else(|| "open".to_owned(), |d| d.to_string())
        );
    }
    let after = args.to.checked_add_days(Days::new(1)).unwrap_or(args.to);
    let start = cal::midnight(tz, args.from).ok_or("no midnight on --from")?;
    let window_end = cal::midnight(tz, after).ok_or("no midnight after --to")?;
    let end = window_end.saturating_add(args.tail_hours.saturating_mul(3600));
    // Calendars cover whole periods around the history and the long tails
    // of business-day goals.
    let span_from = args
        .from
        .checked_sub_days(Days::new(400))
        .unwrap_or(args.from);
    let span_to = args.to.checked_add_days(Days::new(400)).unwrap_or(args.to);
    let mut cals = Vec::new();
    let mut cal_names = Vec::new();
    for c in &rules.calendars {
        cals.push(
            OpenTime::build(c, span_from, span_to)
                .map_err(|e| format!("calendar `{}`: {e}", c.name))?,
        );
        cal_names.push(c.name.clone());
    }
    let ctx = Ctx {
        cals,
        cal_names,
        tz,
        start,
        window_end,
        end,
        scale: args.scale,
        from: args.from,
    };
    let mut syms = Symbols::default();
    let mut fields = Vec::new();
    let mut items = items::build(rules, &ctx, args.seed, &mut syms, &mut fields)?;
    let mut outages = Vec::new();
    let mut services: Vec<&str> = Vec::new();
    for (i, o) in rules.objectives.iter().enumerate() {
        if let Measure::Availability { .. } = &o.measure {
            if services.contains(&o.service.as_str()) {
                continue;
            }
            services.push(&o.service);
            outages.push(OutageFamily::build(
                o,
                &ctx,
                rng_seed(args.seed, 1000 + i as u64),
                &mut syms,
                &mut fields,
            )?);
        }
    }
    let columns = args.csv.then(|| fields.clone());
    let mut sink = Sink::new(out, end, columns, &syms)?;
    for f in &mut outages {
        f.start(&ctx, &mut sink);
    }
    let mut t = start;
    while t < end {
        let next = (t + 3600).min(end);
        for f in &mut items {
            f.hour(t, next, &ctx, &mut sink);
        }
        for f in &mut outages {
            f.hour(t, next, &ctx, &mut sink);
        }
        sink.flush_before(next, &syms)?;
        t = next;
    }
    for f in &mut outages {
        f.finish(&ctx, &mut sink);
    }
    Ok(sink.finish(&syms)?)
}

/// The seed of one family's generator.
pub fn rng_seed(seed: u64, family: u64) -> u64 {
    crate::rng::mix(seed, family.wrapping_add(0x5eed))
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenError {
    /// The rule set cannot be generated from.
    Rules(String),
    /// Writing failed.
    Io(std::io::Error),
}

impl std::fmt::Display for GenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenError::Rules(s) => f.write_str(s),
            GenError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<String> for GenError {
    fn from(s: String) -> Self {
        GenError::Rules(s)
    }
}

impl From<&str> for GenError {
    fn from(s: &str) -> Self {
        GenError::Rules(s.to_owned())
    }
}

impl From<std::io::Error> for GenError {
    fn from(e: std::io::Error) -> Self {
        GenError::Io(e)
    }
}

/// Relative arrivals by local hour: quiet nights, busy late mornings and
/// early afternoons.
pub const HOURLY: [f64; 24] = [
    0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 1.0, 1.25, 1.3, 1.25, 1.1, 1.15, 1.2, 1.15, 1.0,
    0.85, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Tickets (pause, reopen, exclusion, priorities on two calendars),
    /// calls (ignore), leads (volume sharing items with a follow-up), and an
    /// availability objective with maintenance and excluded causes.
    const RULES: &str = r#"{
      "schema": "slate.rules/v1",
      "agreement": {"title": "T", "id": null, "version": null, "fingerprint": "sha256:0000000000000000000000000000000000000000000000000000000000000000", "digest": "",
        "timezone": "Europe/London", "currency": "GBP", "minor_unit": 2,
        "effective_from": "2026-01-01", "effective_to": "2026-12-31"},
      "calendars": [
        {"name": "24x7", "always_open": true, "timezone": "Europe/London", "weekly": [], "closures": []},
        {"name": "office", "always_open": false, "timezone": "Europe/London",
         "weekly": [
           {"day": "monday", "start": "08:00", "end": "18:00", "overnight": false},
           {"day": "tuesday", "start": "08:00", "end": "18:00", "overnight": false},
           {"day": "wednesday", "start": "08:00", "end": "18:00", "overnight": false},
           {"day": "thursday", "start": "08:00", "end": "18:00", "overnight": false},
           {"day": "friday", "start": "08:00", "end": "18:00", "overnight": false}],
         "closures": [{"from": "2026-04-03", "to": "2026-04-06", "reason": "Easter"}]}],
      "services": [{"name": "desk", "title": null, "provider": "p", "customer": "c", "fee": null,
        "credit_caps": [], "bonus_caps": []}],
      "objectives": [
        {"name": "response", "title": null, "service": "desk", "contract": {"section": "1", "text": ""},
         "period": "month", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "time_to_event", "noun": "tickets", "start_event": "created",
           "stop_event": "replied", "reopen_event": null, "filter": [],
           "pause": {"field": "status", "values": ["waiting"]}, "clock": "office",
           "goals": [
             {"when": [{"field": "priority", "values": ["P1"]}], "otherwise": false,
              "budget": {"unit": "seconds", "value": 3600}, "calendar": "24x7"},
             {"when": [], "otherwise": true, "budget": {"unit": "seconds", "value": 28800}, "calendar": "office"}],
           "exclude": [{"field": "cause", "values": ["customer"]}], "target": "95", "ignore": null}},
        {"name": "resolution", "title": null, "service": "desk", "contract": {"section": "2", "text": ""},
         "period": "month", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "time_to_event", "noun": "tickets", "start_event": "created",
           "stop_event": "resolved", "reopen_event": "reopened", "filter": [],
           "pause": {"field": "status", "values": ["waiting"]}, "clock": "office",
           "goals": [
             {"when": [{"field": "priority", "values": ["P1"]}], "otherwise": false,
              "budget": {"unit": "seconds", "value": 14400}, "calendar": "24x7"},
             {"when": [{"field": "priority", "values": ["P2"]}], "otherwise": false,
              "budget": {"unit": "business_days", "value": 3}, "calendar": "office"},
             {"when": [], "otherwise": true, "budget": {"unit": "business_days", "value": 10}, "calendar": "office"}],
           "exclude": [{"field": "cause", "values": ["customer"]}], "target": "95", "ignore": null}},
        {"name": "answer", "title": null, "service": "desk", "contract": {"section": "3", "text": ""},
         "period": "day", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "time_to_event", "noun": "calls", "start_event": "offered",
           "stop_event": "answered", "reopen_event": null, "filter": [], "pause": null, "clock": "24x7",
           "goals": [{"when": [], "otherwise": false, "budget": {"unit": "seconds", "value": 20}, "calendar": "24x7"}],
           "exclude": [], "target": "80", "ignore": {"event": "abandoned", "within_seconds": 5}}},
        {"name": "leads", "title": null, "service": "desk", "contract": {"section": "4", "text": ""},
         "period": "month", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "volume", "noun": "leads", "event": "handed_over",
           "filter": [{"field": "qualified", "values": ["yes"]}], "exclude": [],
           "bound": "at_least", "count": 100}},
        {"name": "follow_up", "title": null, "service": "desk", "contract": {"section": "5", "text": ""},
         "period": "month", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "time_to_event", "noun": "leads", "start_event": "handed_over",
           "stop_event": "contacted", "reopen_event": null,
           "filter": [{"field": "qualified", "values": ["yes"]}], "pause": null, "clock": "office",
           "goals": [{"when": [], "otherwise": true, "budget": {"unit": "seconds", "value": 86400}, "calendar": "office"}],
           "exclude": [], "target": "100", "ignore": null}},
        {"name": "uptime", "title": null, "service": "desk", "contract": {"section": "6", "text": ""},
         "period": "month", "timezone": "Europe/London", "credits": null, "bonus": null,
         "measure": {"kind": "availability", "filter": [], "target": "99.9", "clock": "24x7",
           "maintenance": [{"day": "sunday", "start": "02:00", "end": "04:00", "overnight": false}],
           "exclude": [{"field": "cause", "values": ["customer"]}], "min_outage_seconds": 60,
           "per_component": true}}
      ]
    }"#;

    fn run(csv: bool, seed: u64) -> String {
        // Written by hand: give it its digest, and read it as `slate eval` does.
        let mut rules: RuleSet = serde_json::from_str(RULES).unwrap();
        rules.agreement.digest = slate_rules::digest(&rules);
        let rules = slate_rules::from_json(&slate_rules::to_json(&rules)).unwrap();
        let args = Args {
            rules: String::new(),
            from: "2026-03-01".parse().unwrap(),
            to: "2026-04-30".parse().unwrap(),
            seed,
            scale: 1.0,
            csv,
            tail_hours: 9,
        };
        let mut out = Vec::new();
        generate(&rules, &args, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn deterministic_sorted_and_complete() {
        let text = run(false, 7);
        assert_eq!(text, run(false, 7));
        assert_ne!(text, run(false, 8));
        let mut last = String::new();
        let mut events = std::collections::BTreeMap::<String, usize>::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let at = v["at"].as_str().unwrap().to_owned();
            assert!(at.ends_with('Z') && at >= last, "{line}");
            assert!(at.as_str() < "2026-05-01T08:00:00Z", "{line}");
            last = at;
            *events
                .entry(v["event"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        for e in [
            "created",
            "replied",
            "resolved",
            "reopened",
            "status",
            "updated",
            "offered",
            "answered",
            "abandoned",
            "handed_over",
            "contacted",
            "down",
            "up",
        ] {
            assert!(
                events.get(e).is_some_and(|n| *n > 0),
                "no `{e}`: {events:?}"
            );
        }
        assert!(text.contains("\"cause\":\"customer\""));
        assert!(text.contains("\"qualified\":\"no\""));
        assert!(text.contains("\"priority\":\"P3\""));
        assert!(text.contains("\"id\":\"desk-api\""));
    }

    #[test]
    fn csv_has_a_header_and_every_column() {
        let text = run(true, 7);
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("id,at,event,"), "{header}");
        let n = header.split(',').count();
        assert!(lines.all(|l| l.split(',').count() == n));
    }

    #[test]
    fn arguments() {
        let a = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let p = Args::parse(&a(
            "r.json --from 2026-01-01 --to 2026-01-31 --seed 3 --csv",
        ))
        .unwrap();
        assert!(p.csv && p.seed == 3 && p.scale == 1.0 && p.tail_hours == 9);
        assert!(Args::parse(&a("r.json --from 2026-02-01 --to 2026-01-31 --seed 3")).is_err());
        assert!(Args::parse(&a("r.json --from 2026-01-01 --to 2026-01-31")).is_err());
        assert!(
            Args::parse(&a(
                "r.json --from 2026-01-01 --to 2026-01-31 --seed 1 --scale 0"
            ))
            .is_err()
        );
    }
}
