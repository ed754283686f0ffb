//! The term of the agreement and its governance: validity, termination,
//! review and reporting.

use slate_check::words;

use super::*;

impl Builder<'_> {
    pub(super) fn term(&mut self) {
        let m = self.m;
        let mut body = vec![para(vec![text(match m.effective.to {
            Some(to) => format!(
                "This Agreement is in force from {} to {}, both days included.",
                words::date(m.effective.from),
                words::date(to)
            ),
            None => format!(
                "This Agreement is in force from {} until it is terminated.",
                words::date(m.effective.from)
            ),
        })])];
        if let Some(t) = &m.termination {
            if let Some(n) = &t.notice {
                let writing = if n.in_writing { " in writing" } else { "" };
                body.push(para(vec![text(format!(
                    "Either party may terminate this Agreement without cause by giving {} notice{writing}.",
                    possessive(&words::length(n.period))
                ))]));
            }
            if let Some(c) = &t.for_cause {
                // The period is the defined term when the Definitions define it.
                let noun = if defined_periods(self.ix).contains(&(c.unit, m.timezone.name())) {
                    words::capitalise(c.unit.noun())
                } else {
                    c.unit.noun().to_owned()
                };
                body.push(para(vec![text(format!(
                    "The customer may terminate this Agreement for cause when any service level is breached in each of {} consecutive {}.",
                    c.count,
                    if c.count == 1 { noun } else { format!("{noun}s") }
                ))]));
            }
            if let Some(w) = &t.for_cause_window {
                // 30 days are 30 × 24 hours of real time: the sentence says so.
                let days = matches!(
                    w.window.unit,
                    slate_check::model::DurationUnit::Days
                        | slate_check::model::DurationUnit::Weeks
                );
                let of = if days { " (of 24 hours each)" } else { "" };
                let days_written = if w.window.unit == slate_check::model::DurationUnit::Weeks {
                    format!("{} consecutive days", w.window.count.saturating_mul(7))
                } else if days {
                    format!("{} consecutive days", w.window.count)
                } else {
                    words::length(w.window)
                };
                let title = self.objective_title(&w.objective);
                body.push(para(vec![text(format!(
                    "If the downtime of {title} in any period of {days_written}{of} exceeds {}, the customer may terminate this Agreement for cause.",
                    words::length(w.limit)
                ))]));
            }
            if let Some(s) = &t.suspend {
                body.push(para(vec![
                    text("If "),
                    strong(self.party_name(&s.party)),
                    text(self.suspension(s)),
                ]));
            }
        }
        self.push_top("term", "Term, termination and suspension", body, Vec::new());
    }

    /// The rest of the sentence of `suspend after D without PARTY
    /// response`, with the state in which the provider waits when stated:
    /// " does not respond to a request for 14 days while the status is
    /// waiting on client (counted from when the request enters that state
    /// and only while it is open), the other party may …".
    fn suspension(&self, s: &slate_check::model::Suspend) -> String {
        let length = words::length(s.after);
        let then = "the other party may suspend the services.";
        let Some(c) = &s.waiting else {
            return format!(" does not respond for {length}, {then}");
        };
        let item = self.silent_item();
        format!(
            " does not respond to {} {item} for {length} while {} (counted from when the {item} enters that state, and only while the {item} is open), {then}",
            slate_words::article(&item),
            words::condition(&self.m.labels, c)
        )
    }

    /// What the objectives that time items from one event to another call
    /// one of them (`request`), when they agree and its singular can be
    /// told; otherwise `item`.
    fn silent_item(&self) -> String {
        use slate_check::model::ObjectiveKind as K;
        let mut nouns: Vec<&str> = self
            .m
            .objectives
            .iter()
            .filter_map(|o| match &o.kind {
                K::TimeToEvent(t) => Some(t.noun.as_str()),
                K::DurationAggregate(a) => Some(a.noun.as_str()),
                K::DueDate(d) => Some(d.noun.as_str()),
                _ => None,
            })
            .collect();
        nouns.sort_unstable();
        nouns.dedup();
        match nouns.as_slice() {
            [one] => super::credits::singular(one).unwrap_or_else(|| "item".to_owned()),
            _ => "item".to_owned(),
        }
    }

    pub(super) fn governance(&mut self) {
        let m = self.m;
        let mut body = Vec::new();
        match (&m.owner, m.review) {
            (Some(o), Some(r)) => body.push(para(vec![
                strong(self.party_name(o)),
                text(format!(
                    " owns this document and reviews the Agreement every {}.",
                    words::periods(r.count, r.unit)
                )),
            ])),
            (Some(o), None) => body.push(para(vec![
                strong(self.party_name(o)),
                text(" owns this document."),
            ])),
            (None, Some(r)) => body.push(para(vec![text(format!(
                "The parties review the Agreement every {}.",
                words::periods(r.count, r.unit)
            ))])),
            (None, None) => {}
        }
        body.extend(self.amendments());
        for r in &m.reports {
            let to: Vec<String> = r.to.iter().map(|p| self.party_name(p)).collect();
            let mut line = vec![
                strong(self.party_name(&r.from)),
                text(format!(" reports {} to ", r.cadence.adjective())),
            ];
            line.push(strong(words::list_and(&to)));
            match &r.title {
                Some(t) => line.push(text(format!(" in a report entitled “{t}”."))),
                None => line.push(text(" on the service levels of this Agreement.")),
            }
            body.push(para(line));
        }
        if !body.is_empty() {
            self.push_top(
                "governance",
                "Review, reporting and ownership",
                body,
                Vec::new(),
            );
        }
    }
}
