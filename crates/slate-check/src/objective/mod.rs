//! Objectives: which kind each is, and the statements each kind needs.

mod aggregate;
mod arrival;
mod components;
mod due;
mod probe_source;
mod rate;
mod rate_source;
mod sample;
mod source;
mod targets;
pub(crate) use targets::has_targets_per_goal;
mod time_to_event;
mod unit_down;
pub(crate) use unit_down::unit_down_change;
mod units;

use slate_syntax::ast::{self, Item, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use crate::Kind;
use crate::env::{Cx, Env, Sink};
use crate::model::{self, ObjectiveKind};
use crate::once;
use time_to_event::Clock;

/// The three kinds as the statements that introduce them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Time,
    Availability,
    Volume,
    Rate,
    Sample,
}

impl Shape {
    fn noun(self) -> &'static str {
        match self {
            Shape::Time => "a time-to-event objective",
            Shape::Availability => "an availability objective",
            Shape::Volume => "a volume objective",
            Shape::Rate => "a rate objective",
            Shape::Sample => "an objective on samples",
        }
    }
}

/// The statement's keyword and the kinds it belongs to (`None`: every kind).
fn fits(s: &ObjectiveStmt) -> (&'static str, Option<&'static [Shape]>) {
    match s {
        O::Service(_) => ("service", None),
        O::Timezone(_) => ("timezone", None),
        O::Measure(_) => ("measure", Some(&[Shape::Time])),
        O::Pause(_) => ("pause", Some(&[Shape::Time])),
        O::Goal(_) => ("goal", Some(&[Shape::Time])),
        O::Target(_) => ("target", Some(&[Shape::Time])),
        O::TargetPerGoal(_) => ("target per goal", Some(&[Shape::Time])),
        O::Ignore(_) => ("ignore", Some(&[Shape::Time, Shape::Rate])),
        O::Clock(_) => ("clock", Some(&[Shape::Time, Shape::Availability])),
        O::Uptime(_) => ("uptime", Some(&[Shape::Availability])),
        O::Maintenance(_) => ("exclude maintenance", Some(&[Shape::Availability])),
        O::Exclude(_) => ("exclude", None),
        O::MinOutage(_) => ("count outages", Some(&[Shape::Availability])),
        O::PerComponent(_) => ("per component", Some(&[Shape::Availability])),
        O::Items(_) => ("items", Some(&[Shape::Availability])),
        O::DownWhen(_) => ("down when", Some(&[Shape::Availability])),
        O::DowntimeUnits(_) => ("downtime in units", Some(&[Shape::Availability])),
        O::UnitDown(_) => ("downtime when", Some(&[Shape::Availability])),
        O::Count(_) => ("count", Some(&[Shape::Volume])),
        O::Threshold(_) => ("at least", Some(&[Shape::Volume])),
        O::Source(_) => (
            "source",
            Some(&[Shape::Time, Shape::Availability, Shape::Rate, Shape::Sample]),
        ),
        O::Rate(_) => ("rate", Some(&[Shape::Rate])),
        O::Due(_) => ("due by", Some(&[Shape::Time])),
        O::Aggregate(a) => (
            match a.value.statistic {
                ast::Statistic::Average(_) => "average",
                ast::Statistic::Percentile(_) => "percentile",
            },
            Some(&[Shape::Time, Shape::Sample]),
        ),
        O::Sample(_) => ("sample", Some(&[Shape::Sample])),
        O::RoundValue(_) => ("round value", None),
        O::SampleAggregate(a) => (
            match a.value.statistic {
                ast::Statistic::Average(_) => "average",
                ast::Statistic::Percentile(_) => "percentile",
            },
            Some(&[Shape::Sample]),
        ),
    }
}

type ObjectiveStmt = ast::ObjectiveStmt;

fn stmt_span(s: &ObjectiveStmt) -> Span {
    match s {
        O::Service(x) => x.span,
        O::Timezone(x) => x.span,
        O::Measure(x) => x.span,
        O::Pause(x) => x.span,
        O::Goal(x) => x.span,
        O::Target(x) => x.span,
        O::TargetPerGoal(x) => x.span,
        O::Ignore(x) => x.span,
        O::Clock(x) => x.span,
        O::Uptime(x) => x.span,
        O::Maintenance(x) => x.span,
        O::Exclude(x) => x.span,
        O::MinOutage(x) => x.span,
        O::PerComponent(x) => x.span,
        O::Items(x) => x.span,
        O::DownWhen(x) => x.span,
        O::DowntimeUnits(x) => x.span,
        O::UnitDown(x) => x.span,
        O::Count(x) => x.span,
        O::Threshold(x) => x.span,
        O::Source(x) => x.head,
        O::Aggregate(x) => x.span,
        O::Rate(x) => x.span,
        O::Due(x) => x.span,
        O::Sample(x) => x.span,
        O::SampleAggregate(x) => x.span,
        O::RoundValue(x) => x.span,
    }
}

/// Warns when a target or threshold names other items than the measure or count.
fn same_noun(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The objective's `exclude` conditions.
fn excluded(o: &ast::Objective) -> Vec<model::Condition> {
    o.stmts
        .iter()
        .filter_map(|s| match s {
            O::Exclude(v) => Some(condition(&v.value)),
            _ => None,
        })
        .collect()
}

fn conditions(c: &[ast::Condition]) -> Vec<model::Condition> {
    c.iter().map(condition).collect()
}

pub(crate) fn condition(c: &ast::Condition) -> model::Condition {
    model::Condition {
        field: c.field.text.clone(),
        values: c.values.iter().map(|v| v.value.clone()).collect(),
    }
}

/// The objectives, each checked with the services it may be for.
pub(crate) fn objectives(
    env: &Env<'_>,
    sink: &mut Sink,
    services: &[model::Service],
) -> Vec<model::Objective> {
    let a = env.agreement;
    let mut out = Vec::new();
    let objectives: Vec<&ast::Objective> = a
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Objective(o) => Some(o),
            _ => None,
        })
        .collect();
    // docs/semantics.md: only an agreement with a single availability
    // objective may leave its items implicit.
    let availability = objectives
        .iter()
        .filter(|o| o.stmts.iter().any(|s| matches!(s, O::Uptime(_))))
        .count();
    let services = model::Named::new(services, |s| s.name.as_str());
    for o in objectives {
        if let Some(m) = Cx::new(env, sink, o.recovered).objective(o, &services, availability) {
            out.push(m);
        }
    }
    out
}

impl Cx<'_, '_> {
    fn objective(
        &mut self,
        o: &ast::Objective,
        services: &model::Named<'_, model::Service>,
        availability: usize,
    ) -> Option<model::Objective> {
        let what = format!("objective `{}`", o.name.text);
        let shape = self.shape(o, &what)?;
        let service = self.objective_service(o, &what, services);
        // The service's `hours` may be the line that could not be read.
        let service_hours = service
            .as_ref()
            .and_then(|s| services.get(s))
            .map_or_else(|| model::ALWAYS_OPEN.to_owned(), |s| s.hours.clone());
        let tz = once!(self, o.stmts, O::Timezone, "timezone");
        let timezone = match tz {
            Some(t) => self.timezone(&t.value).unwrap_or(self.env.timezone),
            None => self.env.timezone,
        };
        let clock_stmt = once!(self, o.stmts, O::Clock, "clock");
        let (clock, clock_at) = match clock_stmt {
            Some(c) => {
                self.resolve(&c.value, Kind::Calendar);
                (c.value.text.clone(), Some(c.value.span))
            }
            None => {
                if service_hours == model::ALWAYS_OPEN {
                    self.sink.always_open = true;
                }
                (service_hours, None)
            }
        };

        // Without a `clock` of its own, the objective counts on its service's
        // hours; when the service is unknown, or its `hours` line may be the
        // one that could not be read, units are not judged against them.
        let in_doubt = clock_at.is_none()
            && match service.as_deref() {
                None => true,
                Some(s) => self.env.service_may_have_lost(s, "hours"),
            };
        let clock = Clock {
            name: clock,
            at: clock_at,
            in_doubt,
        };
        let (kind, period) = match shape {
            Shape::Time => self.time_to_event(o, &what, clock)?,
            Shape::Availability => {
                let items = self.items(o, service.as_deref(), availability);
                self.availability(o, &what, clock.name, items)?
            }
            Shape::Volume => self.volume(o, &what)?,
            Shape::Rate => self.rate(o)?,
            Shape::Sample => self.sample(o)?,
        };
        self.round_value_misplaced(o, &kind);
        let source = self.objective_source(o, shape);
        Some(model::Objective {
            source,
            name: o.name.text.clone(),
            title: o.title.as_ref().map(|t| t.value.clone()),
            service: service.unwrap_or_default(),
            period,
            timezone,
            kind,
        })
    }

    /// The objective's kind, from the statement that introduces it; every
    /// statement that does not apply to that kind is reported.
    fn shape(&mut self, o: &ast::Objective, what: &str) -> Option<Shape> {
        let mut intro: Vec<(Shape, Span)> = Vec::new();
        for s in &o.stmts {
            match s {
                O::Measure(m) => intro.push((Shape::Time, m.span)),
                O::Uptime(u) => intro.push((Shape::Availability, u.span)),
                O::Count(c) => intro.push((Shape::Volume, c.span)),
                O::Rate(r) => intro.push((Shape::Rate, r.span)),
                O::Sample(r) => intro.push((Shape::Sample, r.span)),
                _ => {}
            }
        }
        let shape = match intro.as_slice() {
            [] => {
                self.push(
                    Diagnostic::new(Code::MissingStatement, o.name.span, format!("{what} does not say what it measures"))
                        .label("nothing to measure")
                        .help("add `measure tickets from created until replied`, `uptime at least 99.9% per month` or `count leads on lead`"),
                );
                return None;
            }
            [(first, at), rest @ ..] => {
                if let Some((other, other_at)) = rest.iter().find(|(s, _)| s != first) {
                    self.push(
                        Diagnostic::new(
                            Code::ObjectiveKind,
                            *other_at,
                            format!("{what} measures two different things"),
                        )
                        .label(format!("this makes it {}", other.noun()))
                        .related(*at, format!("this makes it {}", first.noun()))
                        .help("an objective measures one thing; split it into two objectives"),
                    );
                    return None;
                }
                *first
            }
        };
        for s in &o.stmts {
            let (word, kinds) = fits(s);
            if let Some(kinds) = kinds
                && !kinds.contains(&shape)
            {
                self.push(
                    Diagnostic::new(
                        Code::ObjectiveKind,
                        stmt_span(s),
                        format!("`{word}` does not apply to {}", shape.noun()),
                    )
                    .label(format!("{what} is {}", shape.noun()))
                    .help(format!(
                        "remove it, or move it into an objective it belongs to ({})",
                        kinds
                            .iter()
                            .map(|k| k.noun())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )),
                );
            }
        }

        Some(shape)
    }

    /// The objective's service: named, or the agreement's only one.
    fn objective_service(
        &mut self,
        o: &ast::Objective,
        what: &str,
        services: &model::Named<'_, model::Service>,
    ) -> Option<String> {
        let service_stmt = once!(self, o.stmts, O::Service, "service");
        match service_stmt {
            Some(s) => self
                .resolve(&s.value, Kind::Service)
                .then(|| s.value.text.clone()),
            None => match services.all() {
                [only] => Some(only.name.clone()),
                _ => {
                    self.missing(
                        o.name.span,
                        &format!("{what} does not say which service it is for"),
                        "add `service NAME`",
                    );
                    None
                }
            },
        }
    }

    /// Warns when `written` names other items than `measured`.
    fn noun(&mut self, written: &ast::Name, measured: &ast::Name) {
        if !same_noun(&written.text, &measured.text) {
            self.push(
                Diagnostic::new(
                    Code::NounMismatch,
                    written.span,
                    format!(
                        "the objective measures `{}`, not `{}`",
                        measured.text, written.text
                    ),
                )
                .label(format!("not `{}`", measured.text))
                .related(measured.span, "the items measured")
                .help(format!(
                    "write `{}` here, so the contract names one kind of item",
                    measured.text
                )),
            );
        }
    }

    /// The objective's `items`: each id once, and required when the
    /// agreement has more than one availability objective (`availability`).
    fn items(
        &mut self,
        o: &ast::Objective,
        service: Option<&str>,
        availability: usize,
    ) -> Option<model::Items> {
        let Some(items) = once!(self, o.stmts, O::Items, "items") else {
            if availability > 1 {
                let service = service.unwrap_or("SERVICE");
                // An objective from an extended file is given its items
                // by an override, which keeps its other statements.
                let name = &o.name.text;
                let help = if slate_syntax::spans::FileId::of(o.name.span).0 != 0
                    && o.overrides.is_none()
                {
                    format!(
                        "it comes from another file: add `override objective {name} {{ items \"ID\", … }}` (the ids of its records) or `override objective {name} {{ items of service }}` (the items whose records carry `service: {service}`) to this agreement if it extends that file, or name its items in the file that defines it"
                    )
                } else {
                    format!(
                        "add `items \"ID\", …` with the ids of its records, or `items of service` for the items whose records carry `service: {service}`"
                    )
                };
                self.push(
                    Diagnostic::new(
                        Code::UnnamedItems,
                        o.name.span,
                        format!(
                            "objective `{name}` does not say which items it measures, and the agreement has {availability} availability objectives"
                        ),
                    )
                    .label("every outage of every item would count against it")
                    .help(help),
                );
            }
            return None;
        };
        match &items.value {
            ast::Items::OfService(_) => Some(model::Items::OfService),
            ast::Items::Ids(ids) => {
                let mut out: Vec<String> = Vec::with_capacity(ids.len());
                for (i, id) in ids.iter().enumerate() {
                    if id.value.is_empty() {
                        self.push(
                            Diagnostic::new(Code::EmptyItem, id.span, "an empty item id names no item")
                                .label("empty")
                                .help("write the `id` that the item's records carry, such as `\"api-eu\"`; a record with an empty `id` is invalid"),
                        );
                    } else if let Some(first) = ids.iter().take(i).find(|x| x.value == id.value) {
                        self.push(
                            Diagnostic::new(
                                Code::DuplicateItem,
                                id.span,
                                format!("item `{}` is named twice", id.value),
                            )
                            .label("named again here")
                            .related(first.span, "first named here")
                            .help("name each item once; remove this one"),
                        );
                    } else {
                        out.push(id.value.clone());
                    }
                }
                Some(model::Items::Ids(out))
            }
        }
    }

    fn availability(
        &mut self,
        o: &ast::Objective,
        what: &str,
        clock: String,
        items: Option<model::Items>,
    ) -> Option<(ObjectiveKind, model::Period)> {
        let uptime = once!(self, o.stmts, O::Uptime, "uptime")?;
        let min = once!(self, o.stmts, O::MinOutage, "count outages");
        let per_component = once!(self, o.stmts, O::PerComponent, "per component");
        let windows: Vec<&ast::Hours> = o
            .stmts
            .iter()
            .filter_map(|s| match s {
                O::Maintenance(v) => Some(&v.value),
                _ => None,
            })
            .collect();
        let maintenance = self.openings(&windows, &format!("the maintenance windows of {what}"));
        let exclude = excluded(o);
        let min_outage_written = min.and_then(|m| {
            let seconds = m
                .value
                .count
                .value
                .saturating_mul(crate::time::unit_seconds(m.value.unit));
            written(&m.value, Some(crate::words::canonical_seconds(seconds)))
        });
        let min_outage_seconds = match min {
            Some(m) => {
                self.positive(m.value.count.value, m.value.span, "a minimum outage");
                if m.value.unit == ast::DurationUnit::Months {
                    self.months_not_fixed(&m.value);
                } else if matches!(
                    m.value.unit,
                    ast::DurationUnit::BusinessDays | ast::DurationUnit::BusinessHours
                ) {
                    self.push(
                        Diagnostic::new(
                            Code::AmbiguousDays,
                            m.value.unit_span,
                            "outage lengths are real elapsed time",
                        )
                        .label("not business time")
                        .help("write the length in seconds, minutes or hours, such as `1 minute`"),
                    );
                }
                m.value
                    .count
                    .value
                    .saturating_mul(crate::time::unit_seconds(m.value.unit))
            }
            None => 0,
        };
        let target = self.percent(&uptime.value.percent);
        let components_down = self.down_when(o, items.as_ref());
        let downtime_unit = self.downtime_unit(o);
        let unit_down = self.unit_down(o, downtime_unit.is_some());
        let kind = ObjectiveKind::Availability(model::Availability {
            filter: conditions(&uptime.value.filter),
            target,
            clock,
            maintenance,
            exclude,
            min_outage_seconds,
            min_outage_written,
            per_component: per_component.is_some(),
            items,
            components_down,
            downtime_unit,
            unit_down,
        });
        Some((kind, uptime.value.per.period))
    }

    fn volume(&mut self, o: &ast::Objective, what: &str) -> Option<(ObjectiveKind, model::Period)> {
        let count = once!(self, o.stmts, O::Count, "count")?;
        let Some(threshold) = once!(self, o.stmts, O::Threshold, "at least") else {
            self.missing(
                o.name.span,
                &format!("{what} does not say how many"),
                "add `at least 200 per month` or `at most 5 per month`",
            );
            return None;
        };
        if let Some(noun) = &threshold.value.noun {
            self.noun(noun, &count.value.noun);
        }
        if threshold.value.at_least {
            self.positive(
                threshold.value.count.value,
                threshold.value.count.span,
                "a minimum volume",
            );
        }
        let kind = ObjectiveKind::Volume(model::Volume {
            noun: count.value.noun.text.clone(),
            event: count.value.event.value.clone(),
            filter: conditions(&count.value.filter),
            exclude: excluded(o),
            at_least: threshold.value.at_least,
            count: threshold.value.count.value,
        });
        Some((kind, threshold.value.per.period))
    }
}

/// A duration as the author wrote it, when it differs from the words Slate
/// would choose (`canonical`): the document then keeps the author's unit.
fn written(d: &ast::Duration, canonical: Option<model::Length>) -> Option<model::Length> {
    let l = model::Length {
        count: d.count.value,
        unit: d.unit,
    };
    (Some(l) != canonical).then_some(l)
}
