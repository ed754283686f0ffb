//! Time: time zones, dates, times of day, weekly opening hours, closures and
//! durations.

use chrono::NaiveDate;
use chrono_tz::Tz;
use slate_syntax::ast::{self, DurationUnit, Item};
use slate_syntax::{Code, Diagnostic, Span, diagnostic};

use crate::env::{Cx, Env, Out, Sink};
use crate::model::{self, Minute, Opening};
use crate::once;

/// Minutes in a week.
const WEEK: u32 = 7 * 1440;

impl Out<'_> {
    /// An IANA time zone, or a diagnostic.
    pub(crate) fn timezone(&mut self, t: &ast::Text) -> Option<Tz> {
        if let Ok(tz) = t.value.parse::<Tz>() {
            return Some(tz);
        }
        let lower = t.value.to_ascii_lowercase();
        let exact_but_case = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|z| z.name().to_ascii_lowercase() == lower);
        let (help, suggestion) = match exact_but_case {
            Some(z) => (
                format!(
                    "time zone names are case-sensitive: write `\"{}\"`",
                    z.name()
                ),
                Some(z.name()),
            ),
            None => match diagnostic::did_you_mean(
                &t.value,
                chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()),
            ) {
                Some(s) => (format!("did you mean `\"{s}\"`?"), Some(s)),
                None => (
                    "write an IANA time zone such as `\"Europe/London\"` or `\"America/New_York\"`"
                        .to_owned(),
                    None,
                ),
            },
        };
        self.push(
            Diagnostic::new(
                Code::UnknownTimezone,
                t.span,
                format!("unknown time zone `{}`", t.value),
            )
            .label("not in the IANA time zone database")
            .help(help)
            // The string with its quotes is replaced.
            .suggest_if(t.span, suggestion.map(|s| format!("\"{s}\""))),
        );
        None
    }

    /// A date that exists, or a diagnostic.
    pub(crate) fn date(&mut self, d: &ast::Date) -> Option<NaiveDate> {
        let found = NaiveDate::from_ymd_opt(d.year, d.month, d.day);
        if found.is_none() {
            let help = if (1..=12).contains(&d.month) {
                let last = (28..=31)
                    .rev()
                    .find(|day| NaiveDate::from_ymd_opt(d.year, d.month, *day).is_some())
                    .unwrap_or(28);
                format!(
                    "{} {} has {last} days",
                    crate::words::month_name(d.month),
                    d.year
                )
            } else {
                "months run from 01 to 12; dates are written YYYY-MM-DD".to_owned()
            };
            self.push(
                Diagnostic::new(
                    Code::InvalidDate,
                    d.span,
                    format!(
                        "date `{:04}-{:02}-{:02}` does not exist",
                        d.year, d.month, d.day
                    ),
                )
                .label("no such date")
                .help(help),
            );
        }
        found
    }

    /// A date range whose end is not before its start.
    pub(crate) fn date_range(
        &mut self,
        from: &ast::Date,
        to: Option<&ast::Date>,
    ) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let start = self.date(from);
        let end = to.map(|t| (t, self.date(t)));
        let start = start?;
        match end {
            None => Some((start, None)),
            Some((_, None)) => None,
            Some((t, Some(end))) if end < start => {
                self.push(
                    Diagnostic::new(
                        Code::ReversedRange,
                        from.span.join(t.span),
                        "the range ends before it starts",
                    )
                    .label(format!("ends on {end}, before it starts on {start}"))
                    .help("write the earlier date first"),
                );
                None
            }
            Some((_, Some(end))) => Some((start, Some(end))),
        }
    }

    pub(crate) fn validity(&mut self, e: &ast::Stmt<ast::Effective>) -> Option<model::Validity> {
        let (from, to) = self.date_range(&e.value.from, e.value.to.as_ref())?;
        let from_in = self.in_years(&e.value.from, false);
        let to_in = e.value.to.as_ref().is_none_or(|t| self.in_years(t, true));
        (from_in && to_in).then_some(model::Validity { from, to })
    }

    /// Whether an `effective` date (the last one if `is_end`) is in the
    /// years an agreement may be in force, [`slate_time::YEARS`], or a
    /// diagnostic.
    fn in_years(&mut self, d: &ast::Date, is_end: bool) -> bool {
        let years = slate_time::YEARS;
        if years.contains(&d.year) {
            return true;
        }
        let (first, last) = (*years.start(), *years.end());
        let written = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
        let (message, help) = if d.year < first {
            (
                format!("effective date `{written}` is before {first}"),
                format!(
                    "an agreement is in force from {first}-01-01 at the earliest: metrics systems count time from then"
                ),
            )
        } else if is_end {
            (
                format!("effective date `{written}` is after {last}"),
                format!(
                    "leave out `to` for an agreement that runs until terminated; the last day may be {last}-12-31 at the latest, the last year whose daylight-saving rules Slate knows"
                ),
            )
        } else {
            (
                format!("effective date `{written}` is after {last}"),
                format!(
                    "an agreement is in force until {last}-12-31 at the latest, the last year whose daylight-saving rules Slate knows"
                ),
            )
        };
        self.push(
            Diagnostic::new(Code::EffectiveOutOfRange, d.span, message)
                .label(format!("outside the years {first} to {last}"))
                .help(help),
        );
        false
    }

    fn time(&mut self, t: &ast::Time, is_end: bool) -> Option<Minute> {
        let ok = t.minute < 60 && (t.hour < 24 || (is_end && t.hour == 24 && t.minute == 0));
        if ok {
            return Some(Minute(t.hour * 60 + t.minute));
        }
        let help = if t.hour == 24 {
            "`24:00` can only end a range, as in `18:00-24:00`".to_owned()
        } else {
            "times run from `00:00` to `23:59`; `24:00` ends a day".to_owned()
        };
        self.push(
            Diagnostic::new(
                Code::InvalidTime,
                t.span,
                format!("time `{:02}:{:02}` does not exist", t.hour, t.minute),
            )
            .label("no such time of day")
            .help(help),
        );
        None
    }

    /// Weekly intervals from `days` × `ranges`, with empty and overlapping ones reported.
    /// `what` names the owner in messages ("calendar `office_hours`").
    pub(crate) fn openings(&mut self, hours: &[&ast::Hours], what: &str) -> Vec<Opening> {
        // (start minute of week, end minute of week (may pass WEEK), opening, span)
        let mut placed: Vec<(u32, u32, Opening, Span)> = Vec::new();
        for h in hours {
            let days: Vec<ast::Weekday> =
                h.days.iter().flat_map(|r| day_run(r.from, r.to)).collect();
            for r in &h.ranges {
                let (Some(start), Some(end)) = (self.time(&r.from, false), self.time(&r.to, true))
                else {
                    continue;
                };
                if start == end {
                    self.push(
                        Diagnostic::new(Code::EmptyHours, r.span, "the opening interval is empty")
                            .label("starts and ends at the same time")
                            .help("for a whole day write `00:00-24:00`; for an overnight shift write e.g. `22:00-06:00`"),
                    );
                    continue;
                }
                for day in &days {
                    let opening = Opening {
                        day: *day,
                        start,
                        end,
                    };
                    let s = day.index() as u32 * 1440 + start.0;
                    placed.push((s, s + opening.minutes(), opening, r.span));
                }
            }
        }
        placed.sort_by_key(|p| (p.0, p.1));
        // Overlaps: compare each interval with the next, and the last with the first a week later.
        let n = placed.len();
        // One diagnostic per interval written later than one it overlaps,
        // naming every day they overlap on: a repeated line is one error.
        let mut overlaps: std::collections::BTreeMap<Span, (Span, Vec<ast::Weekday>)> =
            std::collections::BTreeMap::new();
        for i in 0..n {
            let Some(a) = placed.get(i) else { continue };
            for j in i + 1..=n {
                let Some(b) = placed.get(j % n) else { continue };
                let b_start = if j >= n { b.0 + WEEK } else { b.0 };
                if j % n == i || b_start >= a.1 {
                    break;
                }
                // The overlap begins where the later interval starts (or the earlier, if it wrapped).
                let day = ast::Weekday::ALL
                    .get((a.0.max(b_start) / 1440 % 7) as usize)
                    .copied()
                    .unwrap_or(a.2.day);
                let (first, second) = if a.3 <= b.3 { (a.3, b.3) } else { (b.3, a.3) };
                let entry = overlaps.entry(second).or_insert((first, Vec::new()));
                if !entry.1.contains(&day) {
                    entry.1.push(day);
                }
            }
        }
        for (second, (first, days)) in overlaps {
            let with = if first == second {
                "itself on another day".to_owned()
            } else {
                "with this interval".to_owned()
            };
            let mut d = Diagnostic::new(
                Code::OverlappingHours,
                second,
                format!("opening hours of {what} overlap"),
            )
            .label(format!("overlaps on {}", crate::words::days(&days)))
            .help("opening intervals must not overlap; merge them into one range");
            d = if first == second {
                d.label(format!("overlaps {with} ({})", crate::words::days(&days)))
            } else {
                d.related(first, with)
            };
            self.push(d);
        }
        let mut out: Vec<Opening> = placed.into_iter().map(|p| p.2).collect();
        out.sort();
        out.dedup();
        out
    }

    /// A contract term (notice, suspension, claim window): more than zero, and
    /// in calendar time, because no calendar is named to count business time on.
    pub(crate) fn contract_term(&mut self, d: &ast::Duration, what: &str) {
        self.positive(d.count.value, d.span, what);
        if matches!(
            d.unit,
            DurationUnit::BusinessDays | DurationUnit::BusinessHours
        ) {
            let unit = if d.unit == DurationUnit::BusinessDays {
                "day"
            } else {
                "hour"
            };
            self.push(
                Diagnostic::new(
                    Code::AmbiguousDays,
                    d.unit_span,
                    format!("{what} in business time names no calendar"),
                )
                .label("business time on which calendar?")
                .help(format!(
                    "contract terms count calendar time: write `{}`, or a number of months",
                    crate::words::count(d.count.value, unit)
                )),
            );
        }
    }

    /// Reports `months` where a fixed length of time is needed.
    pub(crate) fn months_not_fixed(&mut self, d: &ast::Duration) {
        self.push(
            Diagnostic::new(Code::AmbiguousDays, d.unit_span, "a month has no fixed length")
                .label("28 to 31 days")
                .help("measure in days, hours or business days; months are for contract terms such as `notice 3 months`"),
        );
    }
}

impl Cx<'_, '_> {
    /// The seconds a duration stands for on `calendar`, with the unit checked
    /// against the calendar: plain days are ambiguous on a business calendar,
    /// business units are meaningless on `24x7`. When the calendar is an
    /// objective's implicit clock that is not known for sure (`in_doubt`),
    /// the unit is not judged against it.
    pub(crate) fn budget(
        &mut self,
        d: &ast::Duration,
        calendar: &str,
        calendar_at: Option<Span>,
        in_doubt: bool,
    ) -> model::Budget {
        self.positive(d.count.value, d.span, "a duration");
        let n = d.count.value;
        let always = calendar == model::ALWAYS_OPEN;
        if d.unit == DurationUnit::Months {
            self.months_not_fixed(d);
            return model::Budget::Seconds(0);
        }
        // An undefined calendar was reported; whether units suit it is unknown.
        let defined = always
            || self
                .env
                .names
                .get(calendar)
                .is_some_and(|(k, _)| *k == crate::Kind::Calendar);
        // So is the implicit clock of an objective whose service is in doubt.
        if !defined || (in_doubt && calendar_at.is_none()) {
            return match d.unit {
                DurationUnit::BusinessDays => model::Budget::BusinessDays(n),
                other => model::Budget::Seconds(n.saturating_mul(unit_seconds(other))),
            };
        }
        match d.unit {
            DurationUnit::Days | DurationUnit::Weeks if !always => {
                let unit = if d.unit == DurationUnit::Days {
                    "days"
                } else {
                    "weeks"
                };
                let mut diag = Diagnostic::new(Code::AmbiguousDays, d.unit_span, format!("`{unit}` is ambiguous on business calendar `{calendar}`"))
                    .label("calendar days or business days?")
                    .help(if d.unit == DurationUnit::Days {
                        format!(
                            "write `{}` (to the close of the {n}{} open day), a number of open hours such as `8 hours`, or measure on `24x7`",
                            crate::words::count(n, "business day"),
                            ordinal_suffix(n)
                        )
                    } else {
                        format!("write a number of business days, such as `{} business days`, or measure on `24x7`", n * 5)
                    });
                if let Some(at) = calendar_at {
                    diag = diag.related(at, "the calendar is chosen here");
                }
                self.push(diag);
                model::Budget::Seconds(0)
            }
            DurationUnit::BusinessDays | DurationUnit::BusinessHours if always => {
                let plain = match (d.unit == DurationUnit::BusinessDays, n == 1) {
                    (true, true) => "day",
                    (true, false) => "days",
                    (false, true) => "hour",
                    (false, false) => "hours",
                };
                let mut diag = Diagnostic::new(Code::AmbiguousDays, d.unit_span, "business time on a calendar that is always open")
                    .label(format!("`{calendar}` has no business hours"))
                    .help(format!("write `{n} {plain}`, or measure on a business calendar with `clock CALENDAR` or `on CALENDAR`"));
                if let Some(at) = calendar_at {
                    diag = diag.related(at, "the calendar is chosen here");
                }
                self.push(diag);
                model::Budget::Seconds(0)
            }
            DurationUnit::BusinessDays => model::Budget::BusinessDays(n),
            other => model::Budget::Seconds(n.saturating_mul(unit_seconds(other))),
        }
    }
}

// ------------------------------------------------------------------ calendars

/// The calendars something refers to (`hours`, `clock`, a goal's `on`),
/// in their order; the others are left out of the Model, so the
/// contract defines only what it uses. An unused calendar written in
/// the agreement's own file draws `E0409`; one imported or inherited is
/// left out silently (a library defines more than one agreement needs).
/// While the agreement has errors or lost a line, nothing is called
/// unused: a misspelt or unreadable reference may be the use.
pub(crate) fn used_calendars(
    env: &Env<'_>,
    sink: &mut Sink,
    calendars: Vec<model::Calendar>,
) -> Vec<model::Calendar> {
    let a = env.agreement;
    let mut used = std::collections::BTreeSet::new();
    for item in &a.items {
        slate_syntax::refs::each_reference(item, &mut |kind, name| {
            if kind == slate_syntax::refs::Kind::Calendar {
                used.insert(name.text.clone());
            }
        });
    }
    let lost = a.recovered
        || a.items.iter().any(|i| match i {
            Item::Party(p) => p.recovered,
            Item::Calendar(c) => c.recovered,
            Item::Service(s) => s.recovered,
            Item::Objective(o) => o.recovered,
            Item::Credits(s) | Item::Bonus(s) => s.recovered,
            Item::Termination(t) => t.recovered,
            _ => false,
        });
    if !lost && !sink.diags.iter().any(Diagnostic::is_error) {
        let mut out = Out::new(sink, false);
        for c in a.items.iter().filter_map(|i| match i {
            Item::Calendar(c) => Some(c),
            _ => None,
        }) {
            let own = slate_syntax::spans::FileId::of(c.name.span).0 == 0;
            if own && !used.contains(&c.name.text) && c.name.text != model::ALWAYS_OPEN {
                out.push(
                    Diagnostic::new(
                        Code::UnusedCalendar,
                        c.name.span,
                        format!("calendar `{}` is never used", c.name.text),
                    )
                    .label("no service, objective or goal counts on it")
                    .help(format!(
                        "use it (`hours {0}` in a service, `clock {0}` in an objective, or `on {0}` after a goal), or remove it: the contract leaves out a calendar nobody uses",
                        c.name.text
                    )),
                );
            }
        }
    }
    calendars
        .into_iter()
        .filter(|c| used.contains(&c.name))
        .collect()
}

/// Checks every calendar and records it for later use.
pub(crate) fn calendars(env: &Env<'_>, sink: &mut Sink) -> Vec<model::Calendar> {
    let a = env.agreement;
    let mut cx = Cx::new(env, sink, false);
    let mut out = Vec::new();
    for c in a.items.iter().filter_map(|i| match i {
        Item::Calendar(c) => Some(c),
        _ => None,
    }) {
        if c.name.text == model::ALWAYS_OPEN {
            cx.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    c.name.span,
                    "`24x7` is the built-in calendar",
                )
                .label("cannot be redefined")
                .help("give your calendar another name"),
            );
            continue;
        }
        use ast::CalendarStmt as C;
        let tz = once!(cx, c.stmts, C::Timezone, "timezone");
        let timezone = match tz {
            Some(t) => cx.timezone(&t.value).unwrap_or(env.timezone),
            None => env.timezone,
        };
        let hours: Vec<&ast::Hours> = c
            .stmts
            .iter()
            .filter_map(|s| match s {
                C::Hours(h) => Some(&h.value),
                _ => None,
            })
            .collect();
        let what = format!("calendar `{}`", c.name.text);
        let weekly = cx.openings(&hours, &what);
        if hours.is_empty() && !c.recovered {
            cx.push(
                Diagnostic::new(Code::EmptyHours, c.name.span, format!("calendar `{}` is never open", c.name.text))
                    .label("no opening hours")
                    .help("add opening hours such as `monday to friday 09:00-17:30`, or use the built-in `24x7`"),
            );
        }
        let mut closures = Vec::new();
        for cl in c.stmts.iter().filter_map(|s| match s {
            C::Closed(x) => Some(x),
            _ => None,
        }) {
            let Some((from, to)) = cx.date_range(&cl.value.from, cl.value.to.as_ref()) else {
                continue;
            };
            let to = to.unwrap_or(from);
            if let Some(v) = &env.validity
                && (to < v.from || v.to.is_some_and(|end| from > end))
            {
                cx.push(
                    Diagnostic::new(
                        Code::ClosureOutsideValidity,
                        cl.span,
                        "the closure falls outside the agreement's validity",
                    )
                    .label("never applies")
                    .help("check the year, or remove the closure"),
                );
            }
            closures.push(model::Closure {
                from,
                to,
                reason: cl.value.reason.as_ref().map(|r| r.value.clone()),
            });
        }
        let cal = model::Calendar {
            name: c.name.text.clone(),
            title: c.title.as_ref().map(|t| t.value.clone()),
            always_open: false,
            timezone,
            weekly,
            closures,
        };
        out.push(cal);
    }
    out
}

/// Seconds in one unit of a fixed-length duration.
pub(crate) fn unit_seconds(unit: DurationUnit) -> u64 {
    match unit {
        DurationUnit::Seconds => 1,
        DurationUnit::Minutes => 60,
        DurationUnit::Hours | DurationUnit::BusinessHours => 3600,
        DurationUnit::Days | DurationUnit::BusinessDays => 86_400,
        DurationUnit::Weeks => 7 * 86_400,
        DurationUnit::Months => 30 * 86_400,
    }
}

/// The days from `from` to `to` inclusive, wrapping past Sunday.
fn day_run(from: ast::Weekday, to: ast::Weekday) -> Vec<ast::Weekday> {
    let (a, b) = (from.index(), to.index());
    let len = if b >= a { b - a } else { b + 7 - a };
    (0..=len)
        .filter_map(|i| ast::Weekday::ALL.get((a + i) % 7).copied())
        .collect()
}

pub(crate) fn ordinal_suffix(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_runs_wrap_over_the_weekend() {
        use ast::Weekday::*;
        assert_eq!(day_run(Monday, Friday).len(), 5);
        assert_eq!(
            day_run(Friday, Monday),
            vec![Friday, Saturday, Sunday, Monday]
        );
        assert_eq!(day_run(Sunday, Sunday), vec![Sunday]);
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_suffix(1), "st");
        assert_eq!(ordinal_suffix(2), "nd");
        assert_eq!(ordinal_suffix(11), "th");
        assert_eq!(ordinal_suffix(23), "rd");
    }
}
