//! Objectives: which kind each is, and the statements each kind needs.

use slate_syntax::ast::{self, Item, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use crate::model::{self, ObjectiveKind};
use crate::once;
use crate::{Checker, Kind};

/// The three kinds as the statements that introduce them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Time,
    Availability,
    Volume,
}

impl Shape {
    fn noun(self) -> &'static str {
        match self {
            Shape::Time => "a time-to-event objective",
            Shape::Availability => "an availability objective",
            Shape::Volume => "a volume objective",
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
        O::Ignore(_) => ("ignore", Some(&[Shape::Time])),
        O::Clock(_) => ("clock", Some(&[Shape::Time, Shape::Availability])),
        O::Uptime(_) => ("uptime", Some(&[Shape::Availability])),
        O::Maintenance(_) => ("exclude maintenance", Some(&[Shape::Availability])),
        O::Exclude(_) => ("exclude", None),
        O::MinOutage(_) => ("count outages", Some(&[Shape::Availability])),
        O::PerComponent(_) => ("per component", Some(&[Shape::Availability])),
        O::Items(_) => ("items", Some(&[Shape::Availability])),
        O::Count(_) => ("count", Some(&[Shape::Volume])),
        O::Threshold(_) => ("at least", Some(&[Shape::Volume])),
        O::Source(_) => ("source", Some(&[Shape::Time, Shape::Availability])),
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
        O::Ignore(x) => x.span,
        O::Clock(x) => x.span,
        O::Uptime(x) => x.span,
        O::Maintenance(x) => x.span,
        O::Exclude(x) => x.span,
        O::MinOutage(x) => x.span,
        O::PerComponent(x) => x.span,
        O::Items(x) => x.span,
        O::Count(x) => x.span,
        O::Threshold(x) => x.span,
        O::Source(x) => x.head,
    }
}

/// Whether every item matching `later` also matches `earlier`: each
/// condition of `earlier` is implied by a condition of `later` on the same
/// attribute with no other values. The order of conditions does not matter.
fn covers(earlier: &[model::Condition], later: &[model::Condition]) -> bool {
    earlier.iter().all(|e| {
        later
            .iter()
            .any(|l| l.field == e.field && l.values.iter().all(|v| e.values.contains(v)))
    })
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

fn condition(c: &ast::Condition) -> model::Condition {
    model::Condition {
        field: c.field.text.clone(),
        values: c.values.iter().map(|v| v.value.clone()).collect(),
    }
}

impl Checker<'_> {
    pub(crate) fn objectives(&mut self, services: &[model::Service]) -> Vec<model::Objective> {
        let a = self.agreement;
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
        for o in objectives {
            self.quiet = o.recovered;
            if let Some(m) = self.objective(o, services, availability) {
                out.push(m);
            }
        }
        self.quiet = false;
        out
    }

    fn objective(
        &mut self,
        o: &ast::Objective,
        services: &[model::Service],
        availability: usize,
    ) -> Option<model::Objective> {
        let what = format!("objective `{}`", o.name.text);
        let shape = self.shape(o, &what)?;
        let service = self.objective_service(o, &what, services);
        // The service's `hours` may be the line that could not be read.
        let service_hours = service
            .as_ref()
            .and_then(|s| services.iter().find(|x| &x.name == s))
            .map_or_else(|| model::ALWAYS_OPEN.to_owned(), |s| s.hours.clone());
        let tz = once!(self, o.stmts, O::Timezone, "timezone");
        let timezone = match tz {
            Some(t) => self.timezone(&t.value).unwrap_or(self.timezone),
            None => self.timezone,
        };
        let clock_stmt = once!(self, o.stmts, O::Clock, "clock");
        let (clock, clock_at) = match clock_stmt {
            Some(c) => {
                self.resolve(&c.value, Kind::Calendar);
                (c.value.text.clone(), Some(c.value.span))
            }
            None => {
                if service_hours == model::ALWAYS_OPEN {
                    self.uses_always_open = true;
                }
                (service_hours, None)
            }
        };

        // Without a `clock` of its own, the objective counts on its service's
        // hours; when the service is unknown, or its `hours` line may be the
        // one that could not be read, units are not judged against them.
        self.clock_in_doubt = clock_at.is_none()
            && match service.as_deref() {
                None => true,
                Some(s) => self.service_may_have_lost(s, "hours"),
            };
        let (kind, period) = match shape {
            Shape::Time => self.time_to_event(o, &what, clock, clock_at)?,
            Shape::Availability => {
                let items = self.items(o, service.as_deref(), availability);
                self.availability(o, &what, clock, items)?
            }
            Shape::Volume => self.volume(o, &what)?,
        };
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
        services: &[model::Service],
    ) -> Option<String> {
        let service_stmt = once!(self, o.stmts, O::Service, "service");
        match service_stmt {
            Some(s) => self
                .resolve(&s.value, Kind::Service)
                .then(|| s.value.text.clone()),
            None => match services {
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

    /// The objective's metric source, given at most once (volumes have none).
    fn objective_source(
        &mut self,
        o: &ast::Objective,
        shape: Shape,
    ) -> Option<model::MetricSource> {
        let sources: Vec<&ast::Source> = o
            .stmts
            .iter()
            .filter_map(|s| match s {
                O::Source(v) => Some(v),
                _ => None,
            })
            .collect();
        if let [first, second, ..] = sources.as_slice() {
            self.push(
                Diagnostic::new(
                    Code::DuplicateStatement,
                    second.head,
                    "`source` is given twice",
                )
                .label("second one")
                .related(first.head, "first one")
                .help("an objective is measured by one source"),
            );
        }
        match sources.first() {
            Some(src) if shape != Shape::Volume => self.metric_source(src, shape),
            _ => None,
        }
    }

    fn time_to_event(
        &mut self,
        o: &ast::Objective,
        what: &str,
        clock: String,
        clock_at: Option<Span>,
    ) -> Option<(ObjectiveKind, model::Period)> {
        let measure = once!(self, o.stmts, O::Measure, "measure")?;
        let pause = once!(self, o.stmts, O::Pause, "pause");
        let target = once!(self, o.stmts, O::Target, "target");
        let ignore = once!(self, o.stmts, O::Ignore, "ignore");
        let goal_stmts: Vec<&ast::Stmt<ast::Goal>> = o
            .stmts
            .iter()
            .filter_map(|s| match s {
                O::Goal(v) => Some(v),
                _ => None,
            })
            .collect();

        if measure.value.start.value == measure.value.stop.value {
            self.push(
                Diagnostic::new(
                    Code::InvalidQuantity,
                    measure.value.stop.span,
                    "the clock starts and stops on the same event",
                )
                .label("the same as the start event")
                .help("measure from one event until another, such as `from created until replied`"),
            );
        }
        // Missing statements are reported, and the rest is still checked.
        if target.is_none() {
            let noun = &measure.value.noun.text;
            self.missing(
                o.name.span,
                &format!("{what} has no `target`"),
                &format!("add `target 95% of {noun} per month`"),
            );
        }
        if goal_stmts.is_empty() {
            self.missing(o.name.span, &format!("{what} has no `goal`"), "add `goal within 4 hours`, or goals per priority ending with `goal otherwise within …`");
        }
        let goals = self.goals(&goal_stmts, what, &clock, clock_at);
        let ignore = ignore.map(|i| self.ignore(&i.value));
        let target = target?;
        if goal_stmts.is_empty() {
            return None;
        }
        let target_value = self.percent(&target.value.percent);
        if let Some(of) = &target.value.of {
            self.noun(of, &measure.value.noun);
        }
        let kind = ObjectiveKind::TimeToEvent(model::TimeToEvent {
            noun: measure.value.noun.text.clone(),
            start: measure.value.start.value.clone(),
            stop: measure.value.stop.value.clone(),
            // docs/semantics.md: for an objective whose stop is `resolved`,
            // a `reopened` event after a stop starts a new cycle.
            reopen_event: (measure.value.stop.value == "resolved").then(|| "reopened".to_owned()),
            filter: conditions(&measure.value.filter),
            pause: pause.map(|p| condition(&p.value)),
            clock,
            goals,
            exclude: excluded(o),
            target: target_value,
            ignore,
        });
        Some((kind, target.value.per.period))
    }

    /// The goals, in order, each with its budget; goals that can never apply
    /// and items that no goal governs are reported.
    fn goals(
        &mut self,
        goal_stmts: &[&ast::Stmt<ast::Goal>],
        what: &str,
        clock: &str,
        clock_at: Option<Span>,
    ) -> Vec<model::Goal> {
        let mut goals = Vec::new();
        let mut catch_all: Option<Span> = None;
        let mut seen: Vec<(Vec<model::Condition>, Span)> = Vec::new();
        for g in goal_stmts {
            let (calendar, calendar_at) = match &g.value.on {
                Some(c) => {
                    self.resolve(c, Kind::Calendar);
                    (c.text.clone(), Some(c.span))
                }
                None => (clock.to_owned(), clock_at),
            };
            let budget = self.budget(&g.value.within, &calendar, calendar_at);
            let written = written(
                &g.value.within,
                crate::words::canonical_budget(budget, calendar == model::ALWAYS_OPEN),
            );
            let (when, otherwise) = match &g.value.when {
                ast::GoalWhen::Always => (Vec::new(), false),
                ast::GoalWhen::Otherwise(_) => (Vec::new(), true),
                ast::GoalWhen::When(c) => (conditions(c), false),
            };
            if let Some(earlier) = catch_all {
                self.push(
                    Diagnostic::new(Code::UnreachableGoal, g.span, "this goal can never apply")
                        .label("every item already has a goal")
                        .related(earlier, "this earlier goal matches every item")
                        .help("goals are tried in order and the first that matches wins; put `otherwise` last"),
                );
            } else if let Some((_, at)) = seen
                .iter()
                .find(|(c, _)| !when.is_empty() && covers(c, &when))
            {
                self.push(
                    Diagnostic::new(Code::UnreachableGoal, g.span, "this goal can never apply")
                        .label("every item it matches is matched by an earlier goal")
                        .related(*at, "this earlier goal matches first")
                        .help("goals are tried in order and the first that matches wins; remove one of them"),
                );
            }
            if when.is_empty() {
                catch_all.get_or_insert(g.span);
            } else {
                seen.push((when.clone(), g.span));
            }
            goals.push(model::Goal {
                when,
                otherwise,
                budget,
                written,
                calendar,
            });
        }
        if catch_all.is_none()
            && let Some(last) = goal_stmts.last()
        {
            self.push(
                Diagnostic::new(
                    Code::UngovernedItems,
                    last.span,
                    format!("some items of {what} have no goal"),
                )
                .label("items matching none of the goals are ungoverned")
                .help("add `goal otherwise within …` as the last goal"),
            );
        }
        goals
    }

    /// `ignore EVENT within N`: abandoned items, by real elapsed time.
    fn ignore(&mut self, i: &ast::Ignore) -> model::Ignore {
        self.positive(i.within.count.value, i.within.span, "a duration");
        if i.within.unit == ast::DurationUnit::Months {
            self.months_not_fixed(&i.within);
        } else if matches!(
            i.within.unit,
            ast::DurationUnit::BusinessDays | ast::DurationUnit::BusinessHours
        ) {
            self.push(
                Diagnostic::new(
                    Code::AmbiguousDays,
                    i.within.unit_span,
                    "abandoned items are ignored by real elapsed time",
                )
                .label("not business time")
                .help("write the time in seconds or minutes, such as `within 5 seconds`"),
            );
        }
        let within_seconds = i
            .within
            .count
            .value
            .saturating_mul(crate::time::unit_seconds(i.within.unit));
        model::Ignore {
            event: i.event.value.clone(),
            within_seconds,
            written: written(
                &i.within,
                Some(crate::words::canonical_seconds(within_seconds)),
            ),
        }
    }

    /// The metric source, checked: each selector valid, and either `good`
    /// with `total`, or `latency` on a time-to-event objective.
    fn metric_source(&mut self, src: &ast::Source, shape: Shape) -> Option<model::MetricSource> {
        use ast::SourceStmt as S;
        let good = once!(self, src.stmts, S::Good, "good");
        let total = once!(self, src.stmts, S::Total, "total");
        let latency = once!(self, src.stmts, S::Latency, "latency");
        let mut valid = true;
        for s in [good, total, latency].into_iter().flatten() {
            valid &= self.selector(&s.value);
        }
        let problem = match (good, total, latency) {
            (Some(_), Some(_), None) | (None, None, Some(_)) => None,
            (_, _, Some(l)) if good.is_some() || total.is_some() => Some((
                l.span,
                "a source is either `good` and `total` counters or a `latency` histogram, not both",
                "mixes the two forms",
            )),
            (Some(g), None, None) => Some((
                g.span,
                "`good` needs a `total` counter to divide by",
                "no `total`",
            )),
            (None, Some(t), None) => Some((
                t.span,
                "`total` needs a `good` counter to divide",
                "no `good`",
            )),
            _ if src.recovered => return None,
            _ => Some((src.head, "the source names no series", "empty source")),
        };
        if let Some((at, message, label)) = problem {
            self.push(
                Diagnostic::new(Code::MetricSource, at, message)
                    .label(label)
                    .help("write `good \"…\"` and `total \"…\"` counter selectors, or `latency \"…\"` for a histogram"),
            );
            return None;
        }
        if let Some(l) = latency
            && shape != Shape::Time
        {
            self.push(
                Diagnostic::new(Code::MetricSource, l.span, "a latency histogram measures time-to-event objectives only")
                    .label(format!("this is {}", shape.noun()))
                    .help("measure availability with `good` and `total` counters, such as successful and all probes"),
            );
            return None;
        }
        if !valid {
            return None;
        }
        if let Some(l) = latency
            && crate::promql::split_selector(&l.value.value).0.is_empty()
        {
            self.push(
                Diagnostic::new(Code::MetricSource, l.value.span, "a latency histogram is named by its metric name")
                    .label("no metric name")
                    .help("write the histogram's name without `_bucket`, such as `latency \"http_request_duration_seconds{job=\\\"api\\\"}\"`"),
            );
            return None;
        }
        Some(match (good, total, latency) {
            (Some(g), Some(t), _) => model::MetricSource::PrometheusRatio {
                good: g.value.value.clone(),
                total: t.value.value.clone(),
            },
            (_, _, Some(l)) => model::MetricSource::PrometheusLatency {
                histogram: l.value.value.clone(),
            },
            _ => return None,
        })
    }

    /// Checks a Prometheus selector; reports it and returns false when it is not one.
    fn selector(&mut self, text: &ast::Text) -> bool {
        let Err((index, expected)) = crate::promql::check_selector(&text.value) else {
            return true;
        };
        // Point at the character when the literal has no escapes (then its
        // text is the value between the quotes); otherwise at the literal.
        let (byte, width) = text
            .value
            .char_indices()
            .nth(index)
            .map_or((text.value.len(), 1), |(b, c)| (b, c.len_utf8()));
        let at = if text.span.len() == text.value.len() + 2 {
            Span::new(
                text.span.start + 1 + byte,
                (text.span.start + 1 + byte + width).min(text.span.end),
            )
        } else {
            text.span
        };
        self.push(
            Diagnostic::new(Code::InvalidSelector, at, format!("`{}` is not a Prometheus selector", text.value))
                .label(format!("expected {expected}"))
                .help("write a series selector such as `http_requests_total{job=\"api\",code!~\"5..\"}`; Slate adds `rate(…)` and the windows"),
        );
        false
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
