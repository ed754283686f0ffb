//! The service levels: one section per objective, in the words of its kind
//! (time to an event, availability, volume).

use slate_check::model::{self, Anchor, ObjectiveKind, Period};
use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn service_levels(&mut self) {
        let m = self.m;
        let mut subs = Vec::new();
        for o in &m.objectives {
            let body = match &o.kind {
                ObjectiveKind::TimeToEvent(t) => self.time_to_event(o, t),
                ObjectiveKind::Availability(a) => self.availability(o, a),
                ObjectiveKind::Volume(v) => self.volume(o, v),
                ObjectiveKind::DurationAggregate(a) => self.duration_aggregate(o, a),
                ObjectiveKind::Rate(r) => self.rate(o, r),
                ObjectiveKind::DueDate(d) => self.due_date(o, d),
                ObjectiveKind::SampleAggregate(a) => self.sample_aggregate(o, a),
            };
            subs.push(draft(
                Anchor::Objective.of(&o.name),
                o.title.clone().unwrap_or_else(|| o.name.clone()),
                body,
            ));
        }
        let intro = vec![para(vec![text(
            "The provider meets the following service levels. Each is measured in every period stated, on the event data of the service.",
        )])];
        debug_assert_eq!(self.top + 1, SERVICE_LEVELS);
        self.push_top("service-levels", "Service levels", intro, subs);
    }

    pub(super) fn period_word(&self, o: &model::Objective, p: Period) -> String {
        if o.timezone == self.m.timezone {
            words::capitalise(p.noun())
        } else {
            format!("{} ({})", words::capitalise(p.noun()), o.timezone)
        }
    }

    /// The opening of a measured objective's section: `Measured for
    /// tickets of **Support** (section 3.1), from the first … until the
    /// first … after it, for tickets where …. `, shared by time-to-event
    /// objectives, their aggregates and due dates.
    pub(super) fn measured_for(
        &self,
        o: &model::Objective,
        noun: &str,
        (start, stop): (&str, &str),
        filter: &[model::Condition],
    ) -> Vec<Inline> {
        let l = &self.m.labels;
        let mut first = vec![
            text(format!("Measured for {noun} of ")),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(format!(
                "), from {} until {} after it",
                words::first_event(l, start),
                words::first_event(l, stop)
            )),
        ];
        if !filter.is_empty() {
            first.push(text(format!(
                ", for {noun} where {}",
                words::conditions(l, filter)
            )));
        }
        first.push(text(". "));
        first
    }

    pub(super) fn time_to_event(&self, o: &model::Objective, t: &model::TimeToEvent) -> Vec<Block> {
        let l = &self.m.labels;
        let mut first = self.measured_for(o, &t.noun, (&t.start, &t.stop), &t.filter);
        first.extend(self.clock_sentence(t));
        if let Some(p) = &t.pause {
            first.push(text(format!(
                ", and the clock is paused while {}",
                words::condition(l, p)
            )));
        }
        first.push(text("."));
        let mut body = vec![para(first)];
        if t.reopen_event.is_some() {
            // The author's words for the stop, when they labelled it:
            // `event resolved as "fix"` reads "after its fix".
            let after = match l.events.get(&t.stop) {
                Some(label) => {
                    let bare = ["the ", "a ", "an "]
                        .iter()
                        .find_map(|a| label.strip_prefix(a))
                        .unwrap_or(label);
                    format!("after its {bare}")
                }
                None => "after it is resolved".to_owned(),
            };
            body.push(para(vec![text(format!(
                "If one of the {} is reopened {after}, the time of every cycle counts towards its goal.",
                t.noun
            ))]));
        }
        if let Some(i) = &t.ignore {
            let ignored = words::event(l, &i.event);
            let stop = words::event(l, &t.stop);
            // "the start" would name nothing: the start is the first start event.
            body.push(para(vec![text(format!(
                "{} whose {ignored} comes within {} of {}, with no {stop}, are not counted; {} whose {ignored} comes later, with no {stop}, do not meet their goal.",
                words::capitalise(&t.noun),
                words::real(i.within_seconds, i.written),
                words::first_event(l, &t.start),
                t.noun
            ))]));
        }
        if !t.exclude.is_empty() {
            body.push(para(vec![text(format!(
                "{} where {} are excluded from the measurement.",
                words::capitalise(&t.noun),
                words::any_of(l, &t.exclude)
            ))]));
        }
        body.push(self.goals_table(t));
        let per_goal = t.goals.iter().any(|g| g.target.is_some());
        if t.goals.len() > 1 {
            body.push(self.goal_choice(t));
        }
        body.extend(self.arrival_reading(o, t));
        if per_goal {
            body.push(self.per_goal_target(o, t));
            return body;
        }
        let share = if t.target == rust_decimal::Decimal::ONE_HUNDRED {
            format!("all {} meet their goal (Compliance of 100%)", t.noun)
        } else {
            format!(
                "at least {} of {} meet their goal (Compliance)",
                words::percent(t.target),
                t.noun
            )
        };
        body.push(para(vec![
            strong("Target."),
            text(format!(
                " In each {}, {share}.",
                self.period_word(o, o.period)
            )),
        ]));
        body
    }

    /// The goals of a time-to-event objective as a table: which items, the
    /// goal, and each goal's own target when it has one.
    fn goals_table(&self, t: &model::TimeToEvent) -> Block {
        let l = &self.m.labels;
        let main_clock = main_clock(t);
        let rows = t
            .goals
            .iter()
            .map(|g| {
                let which = if g.otherwise {
                    format!("All other {}", t.noun)
                } else if g.when.is_empty() {
                    format!("All {}", t.noun)
                } else {
                    words::capitalise(&words::conditions(l, &g.when))
                };
                let always = self.ix.calendar(&g.calendar).is_some_and(|c| c.always_open);
                let mut goal = vec![text(words::allowed(g.budget, g.written, always))];
                if Some(g.calendar.as_str()) != main_clock {
                    if always {
                        goal.push(text(", "));
                        goal.push(self.around_the_clock());
                    } else {
                        goal.push(text(" of "));
                        goal.push(strong(self.calendar_term(&g.calendar)));
                    }
                }
                let mut items = vec![text(which)];
                items.extend(self.arrival_words(g, &t.noun));
                let mut row = vec![items, goal];
                if let Some(target) = g.target {
                    row.push(vec![text(words::percent(target))]);
                }
                row
            })
            .collect();
        let per_goal = t.goals.iter().any(|g| g.target.is_some());
        let mut head = vec![words::capitalise(&t.noun), "Goal".to_owned()];
        if per_goal {
            head.push("Target".to_owned());
        }
        Block::Table(Table { head, rows })
    }

    /// The target sentence when every goal carries its own target
    /// (docs/semantics.md, "A target per goal").
    fn per_goal_target(&self, o: &model::Objective, t: &model::TimeToEvent) -> Block {
        para(vec![
            strong("Target."),
            text(format!(
                " In each {}, for each goal, at least the share of the {} held to that goal shown in its row meet it (the goal's Compliance). The service level is missed in a {} when any goal's Compliance is below its target.",
                self.period_word(o, o.period),
                t.noun,
                o.period.noun()
            )),
        ])
    }

    /// How an item's goal is chosen among several: the first that matches,
    /// re-chosen when a field the goals are keyed on changes (and nothing
    /// said of a change when the goals depend on no field).
    pub(super) fn goal_choice(&self, t: &model::TimeToEvent) -> Block {
        let mut keys: Vec<String> = Vec::new();
        for c in t.goals.iter().flat_map(|g| &g.when) {
            let name = words::field(&self.m.labels, &c.field);
            if !keys.contains(&name) {
                keys.push(name);
            }
        }
        let change = if keys.is_empty() {
            String::new()
        } else {
            format!(
                "; a change of {} while it is open changes its goal and keeps the time already counted",
                words::list_or(&keys)
            )
        };
        para(vec![text(format!(
            "Each of the {} is held to the first goal in the table that matches it, as it stands when its clock stops (or, while it is still open, at the end of measurement){change}.",
            t.noun
        ))])
    }

    /// How time is counted for an objective: on the calendar every goal
    /// uses, or on the objective's clock with the table naming the others.
    pub(super) fn clock_sentence(&self, t: &model::TimeToEvent) -> Vec<Inline> {
        match main_clock(t) {
            Some(c) if self.ix.calendar(c).is_some_and(|c| c.always_open) => vec![
                text("Time is counted "),
                self.around_the_clock(),
                text(", in real elapsed time"),
            ],
            Some(c) => {
                let mut out = vec![
                    text("Time is counted as Open Time on "),
                    strong(self.calendar_term(c)),
                ];
                if t.goals.iter().any(|g| g.calendar != c) {
                    out.push(text(", except where the table says otherwise"));
                }
                out
            }
            None => vec![
                text("Time is counted as the table says for each goal: "),
                self.around_the_clock(),
                text(", or as Open Time on the calendar it names"),
            ],
        }
    }

    pub(super) fn availability(&self, o: &model::Objective, a: &model::Availability) -> Vec<Block> {
        let mut first = vec![
            text("The Availability of "),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(")"),
        ];
        let l = &self.m.labels;
        if !a.filter.is_empty() {
            first.push(text(format!(
                ", for components where {},",
                words::conditions(l, &a.filter)
            )));
        }
        first.push(text(format!(
            " is at least {} in each {}",
            words::percent(a.target),
            self.period_word(o, o.period)
        )));
        if a.per_component {
            first.push(text(", for each component on its own"));
        }
        first.push(text("."));
        let clock = if a.clock == model::ALWAYS_OPEN {
            vec![self.around_the_clock()]
        } else {
            vec![strong(self.calendar_term(&a.clock))]
        };
        let maintenance = if a.maintenance.is_empty() {
            "none".to_owned()
        } else {
            format!("{}, {} time", words::weekly(&a.maintenance), o.timezone)
        };
        let excluded = if a.exclude.is_empty() {
            "none".to_owned()
        } else {
            format!("outages where {}", words::any_of(l, &a.exclude))
        };
        let minimum = if a.min_outage_seconds == 0 {
            "every second of an outage counts".to_owned()
        } else if a.components_down.is_some_and(|k| k > 1) {
            // docs/semantics.md: under k of n the minimum applies to the
            // service's combined outage, not to each component's.
            format!(
                "outages of the service shorter than {} (after combining the components' outages as the Service down row says, and merging overlapping or touching ones) do not count; a component's own outage counts towards the combined one whatever its length",
                words::real(a.min_outage_seconds, a.min_outage_written)
            )
        } else {
            format!(
                "outages shorter than {} (after merging overlapping or touching outages) do not count",
                words::real(a.min_outage_seconds, a.min_outage_written)
            )
        };
        let mut rows = vec![
            vec![
                vec![text("Target")],
                vec![text(format!("{} Availability", words::percent(a.target)))],
            ],
            vec![
                vec![text("Period")],
                vec![text(self.period_word(o, o.period))],
            ],
            vec![vec![text("Measured on")], clock],
        ];
        // Which records are this objective's, when the agreement says: in
        // the document's word for them, "components", as in the filter and
        // "for each component on its own" (the language's `items`).
        let items = match &a.items {
            None => None,
            Some(model::Items::OfService) => {
                Some("the components named in the records of this service".to_owned())
            }
            Some(model::Items::Ids(ids)) => Some(format!(
                "the {} {}",
                if ids.len() == 1 {
                    "component"
                } else {
                    "components"
                },
                words::list_and(ids)
            )),
        };
        rows.extend(items.map(|i| vec![vec![text("Components measured")], vec![text(i)]]));
        if let (Some(k), Some(model::Items::Ids(ids))) = (a.components_down, &a.items) {
            rows.push(vec![
                vec![text("Service down")],
                vec![text(words::components_down(k, ids.len()))],
            ]);
        }
        if let Some(u) = &a.downtime_unit {
            let unit = words::real(u.seconds, u.written);
            let words = match &a.unit_down {
                Some(rule) => {
                    words::downtime_units_by_rate(l, &unit, words::unit_down_term(u.seconds), rule)
                }
                None => words::downtime_units(&unit),
            };
            rows.push(vec![vec![text("Downtime")], vec![text(words)]]);
        }
        rows.push(vec![
            vec![text("Maintenance windows")],
            vec![text(maintenance)],
        ]);
        // With an error-rate rule no outage is read: exclusions and a
        // minimum outage length do not apply (the checker refuses them).
        if a.unit_down.is_none() {
            rows.extend(vec![
                vec![vec![text("Excluded")], vec![text(excluded)]],
                vec![vec![text("Short outages")], vec![text(minimum)]],
            ]);
        }
        vec![
            para(first),
            Block::Table(Table {
                head: vec!["Term".to_owned(), "Value".to_owned()],
                rows,
            }),
        ]
    }

    pub(super) fn volume(&self, o: &model::Objective, v: &model::Volume) -> Vec<Block> {
        let bound = if v.at_least { "at least" } else { "at most" };
        let l = &self.m.labels;
        let event = words::event(l, &v.event);
        let mut what = vec![text(format!(
            "distinct {} with {} {event}",
            v.noun,
            words::article(&event)
        ))];
        if !v.filter.is_empty() {
            what.push(text(format!(" where {}", words::conditions(l, &v.filter))));
        }
        if !v.exclude.is_empty() {
            what.push(text(format!(
                ", not counting those where {}",
                words::any_of(l, &v.exclude)
            )));
        }
        let first = vec![
            text(format!("The number of {} for ", v.noun)),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(format!(
                ") is {bound} {} in each {}.",
                v.count,
                self.period_word(o, o.period)
            )),
        ];
        let rows = vec![
            vec![vec![text("Counted")], what],
            vec![
                vec![text("Required")],
                vec![text(format!("{bound} {} {}", v.count, v.noun))],
            ],
            vec![
                vec![text("Period")],
                vec![text(self.period_word(o, o.period))],
            ],
        ];
        vec![
            para(first),
            Block::Table(Table {
                head: vec!["Term".to_owned(), "Value".to_owned()],
                rows,
            }),
        ]
    }
}

/// The calendar the objective's time is counted on: its clock when any goal
/// uses it, otherwise the one calendar all goals use; `None` when the goals
/// use different calendars and none is the clock.
fn main_clock(t: &model::TimeToEvent) -> Option<&str> {
    if t.goals.is_empty() || t.goals.iter().any(|g| g.calendar == t.clock) {
        return Some(t.clock.as_str());
    }
    let first = t.goals.first().map(|g| g.calendar.as_str())?;
    t.goals.iter().all(|g| g.calendar == first).then_some(first)
}
