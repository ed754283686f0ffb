//! The contract's first sections: the parties, the definitions and the
//! services.

use super::*;

impl Builder<'_> {
    pub(super) fn parties(&mut self) {
        let m = self.m;
        let mut items = Vec::new();
        for p in &m.parties {
            let mut line = vec![
                strong(p.legal_name.clone()),
                text(format!(", the {}", roles(&p.roles))),
            ];
            if let Some(a) = &p.address {
                line.push(text(format!(", of {a}")));
            }
            if !p.contacts.is_empty() {
                let contacts: Vec<String> = p.contacts.iter().map(|c| c.join(", ")).collect();
                line.push(text(format!("; contact: {}", contacts.join("; "))));
            }
            line.push(text("."));
            line.extend(self.item_note(&Anchor::Party.of(&p.name)));
            items.push(line);
        }
        let body = vec![
            para(vec![text(
                "This service level agreement (the Agreement) is made between the following parties:",
            )]),
            Block::List(items),
        ];
        self.push_top("parties", "Parties", body, Vec::new());
    }

    pub(super) fn definitions(&mut self) {
        let m = self.m;
        let mut items: Vec<Vec<Inline>> = Vec::new();
        for c in &m.calendars {
            let what = if c.always_open {
                "means every hour of every day, including public holidays.".to_owned()
            } else if c.weekly.iter().any(|o| o.overnight()) && !c.closures.is_empty() {
                format!(
                    "means {}; a closed date removes the opening that starts on it, including its hours after midnight.",
                    words::calendar(c)
                )
            } else {
                format!("means {}.", words::calendar(c))
            };
            let mut line = vec![
                strong(self.calendar_term(&c.name)),
                text(format!(" {what}")),
            ];
            line.extend(self.item_note(&Anchor::Calendar.of(&c.name)));
            items.push(line);
        }
        for (p, tz) in &defined_periods(self.ix) {
            let name = if *tz == m.timezone.name() {
                words::capitalise(p.noun())
            } else {
                format!("{} ({tz})", words::capitalise(p.noun()))
            };
            items.push(vec![
                strong(name),
                text(format!(" means {}.", words::period_definition(*p, tz))),
            ]);
        }
        let has = |f: &dyn Fn(&ObjectiveKind) -> bool| m.objectives.iter().any(|o| f(&o.kind));
        if has(&|k| matches!(k, ObjectiveKind::TimeToEvent(_))) {
            items.push(vec![
                strong("Open Time"),
                text(" on a calendar means the real elapsed time during which the calendar is open, measured to the second; where the clock is paused, paused open time does not count."),
            ]);
        }
        if let Some(definition) = compliance(m) {
            items.push(vec![strong("Compliance"), text(definition)]);
        }
        let business_days = m.objectives.iter().any(|o| match &o.kind {
            ObjectiveKind::TimeToEvent(t) => t
                .goals
                .iter()
                .any(|g| matches!(g.budget, Budget::BusinessDays(_))),
            _ => false,
        });
        if business_days {
            items.push(vec![
                strong("Business Days"),
                text(format!(": a goal of N Business Days allows, for each of the {}, the open time from its start to the close of the N-th open day of the goal's calendar, counting days as local dates of that calendar. The first open day is the date of the start if the start is at or before that date's first opening, and otherwise the next open date; the close of a date is the end of the last opening that starts on it. Paused open time does not count towards the goal.", time_nouns(m, |t| t.goals.iter().any(|g| matches!(g.budget, Budget::BusinessDays(_)))))),
            ]);
        }
        if has(&|k| matches!(k, ObjectiveKind::Availability(_))) {
            // An objective counting downtime in units defines Availability
            // in its own Downtime row; the general definition says so
            // rather than give a second, different one.
            let in_units =
                has(&|k| matches!(k, ObjectiveKind::Availability(a) if a.downtime_unit.is_some()));
            let except = if in_units {
                " Where a service level counts its downtime in units, its Downtime row defines its Availability instead."
            } else {
                ""
            };
            items.push(vec![
                strong("Availability"),
                text(format!(" for a period means one minus downtime divided by measured time, where measured time is the open time of the objective's calendar less maintenance windows, and downtime is the part of outages within measured time.{except}")),
            ]);
        }
        items.extend(
            m.fields
                .iter()
                .map(|(name, values)| field(&m.labels, name, values)),
        );
        let mut events: Vec<(&String, &String)> = m.labels.events.iter().collect();
        events.sort_by_key(|(_, label)| label.to_lowercase());
        for (event, label) in events {
            items.push(vec![
                strong(label.as_str()),
                text(" means a record of the event "),
                code(event.as_str()),
                text(" in the data measured."),
            ]);
        }
        let body = vec![para(vec![text("In this Agreement:")]), Block::List(items)];
        self.push_top("definitions", "Definitions", body, Vec::new());
    }

    pub(super) fn services(&mut self) {
        let m = self.m;
        let mut subs = Vec::new();
        for s in &m.services {
            let mut line = vec![
                strong(self.party_name(&s.provider)),
                text(" provides "),
                strong(s.title.clone().unwrap_or_else(|| s.name.clone())),
                text(" to "),
                strong(self.party_name(&s.customer)),
            ];
            if s.hours == model::ALWAYS_OPEN {
                line.push(text(", "));
                line.push(self.around_the_clock());
            } else {
                line.push(text(" during "));
                line.push(strong(self.calendar_term(&s.hours)));
            }
            line.push(text("."));
            let mut body = vec![para(line)];
            let mut facts = Vec::new();
            if !s.channels.is_empty() {
                let channels: Vec<String> = s.channels.iter().map(|c| words::ident(c)).collect();
                facts.push(vec![text(format!(
                    "Channels: {}.",
                    words::list_and(&channels)
                ))]);
            }
            if let Some(f) = &s.fee {
                facts.push(vec![text(format!(
                    "Fee: {} per {}.",
                    words::money(f.amount, f.currency.as_str()),
                    f.per.noun()
                ))]);
            }
            if let Some(per) = s.billed {
                facts.push(vec![text(format!(
                    "Fee: the charges billed for the service in each {}, as the bill for that {} states.",
                    per.noun(),
                    per.noun()
                ))]);
            }
            if let Some(f) = &s.component_fee {
                facts.push(vec![text(format!(
                    "Fee of each component: {} per {}.",
                    words::money(f.amount, f.currency.as_str()),
                    f.per.noun()
                ))]);
            }
            if !facts.is_empty() {
                body.push(Block::List(facts));
            }
            let mut parts = Vec::new();
            if let Some(d) = &s.description {
                parts.push(draft(
                    format!("{}--description", Anchor::Service.of(&s.name)),
                    "Description".to_owned(),
                    vec![Block::Prose(d.clone())],
                ));
            }
            if let Some(scope) = &s.scope {
                parts.push(draft(
                    format!("{}--scope", Anchor::Service.of(&s.name)),
                    "Scope".to_owned(),
                    vec![Block::Prose(scope.clone())],
                ));
            }
            let mut service = draft(
                Anchor::Service.of(&s.name),
                s.title.clone().unwrap_or_else(|| s.name.clone()),
                body,
            );
            service.children = parts;
            subs.push(service);
        }
        let intro = vec![para(vec![text(
            "The provider delivers the following services.",
        )])];
        debug_assert_eq!(self.top + 1, SERVICES);
        self.push_top("services", "Services", intro, subs);
    }
}
