//! The contract as a document: numbered sections, paragraphs, tables and
//! prose, built once from the Model. The Markdown and HTML backends render
//! this same tree, so both formats say the same words with the same numbers.

use std::collections::BTreeSet;

use slate_check::model::{self, Budget, Model, ObjectiveKind, Payout, Period, Role, ScheduleKind};
use slate_check::words;

mod claims;

/// A whole contract document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The agreement's title.
    pub title: String,
    /// Lines of the title block under the title.
    pub title_block: Vec<Vec<Inline>>,
    /// The terms fingerprint, `slate-terms-v2:sha256:…`.
    pub fingerprint: String,
    /// The Slate and time-zone database versions that made the document, so
    /// that a settlement can be reproduced. Not a term: outside the fingerprint.
    pub made_with: String,
    /// The numbered sections.
    pub sections: Vec<Section>,
    /// One block per party, with a field set per signatory.
    pub signatures: Vec<Signatures>,
}

/// A numbered section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// `4.2`.
    pub number: String,
    /// A stable anchor: `objective--uptime`. Ids made from names join parts
    /// with `--`, which no name contains, so they never collide with each
    /// other or with the fixed section ids (`service-levels`).
    pub id: String,
    /// The heading.
    pub title: String,
    /// What the section says, before its subsections.
    pub body: Vec<Block>,
    /// Subsections.
    pub children: Vec<Section>,
}

/// A block of content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Para(Vec<Inline>),
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
    /// A table with header cells.
    Table(Table),
    /// Markdown prose from the agreement (rendered safely by each backend).
    Prose(String),
    /// A note on where a term comes from, for an agreement that extends
    /// another: set apart from the terms, and not quoted in rule sets.
    Note(Vec<Inline>),
}

/// A table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Column headings.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A defined term or a name, shown in bold.
    Strong(String),
    /// An event name as the data calls it, shown as code.
    Code(String),
    /// A reference to a section: `section 4.2`, linked in HTML.
    Ref {
        /// The section's anchor.
        id: String,
        /// What the reader sees.
        text: String,
    },
}

/// The signature block of one party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signatures {
    /// The party's legal name.
    pub party: String,
    /// Its role, as a word.
    pub role: String,
    /// Name and title of each signatory.
    pub signatories: Vec<(String, Option<String>)>,
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

fn para(parts: Vec<Inline>) -> Block {
    Block::Para(parts)
}

/// Builds the document from a checked Model.
pub fn build(m: &Model) -> Document {
    let mut b = Builder {
        m,
        top: 0,
        sections: Vec::new(),
    };
    b.parties();
    b.definitions();
    b.services();
    b.service_levels();
    b.credits();
    b.term();
    b.governance();
    for c in &m.clauses {
        let body = vec![Block::Prose(c.body.clone())];
        b.push_top(&format!("clause--{}", c.name), &c.title, body, Vec::new());
    }
    let mut sections = b.sections;
    let mut title_block = title_block(m);
    if let Some(lineage) = &m.lineage {
        title_block.push(levels(lineage));
        for mark in &lineage.marks {
            let Some(level) = lineage.levels.get(mark.level) else {
                continue;
            };
            if let Some(section) = find_mut(&mut sections, &mark.section_id) {
                section.body.insert(0, Block::Note(note(mark, level)));
            }
        }
    }
    Document {
        title: m.title.clone(),
        title_block,
        fingerprint: m.fingerprint(),
        made_with: made_with(),
        sections,
        signatures: m
            .parties
            .iter()
            .map(|p| Signatures {
                party: p.legal_name.clone(),
                role: roles(&p.roles),
                signatories: p
                    .signatories
                    .iter()
                    .map(|s| (s.name.clone(), s.title.clone()))
                    .collect(),
            })
            .collect(),
    }
}

/// The definition of a declared field of the data: what values it has, and
/// the words the contract uses for it and them. It states a fact of the
/// data and adds no obligation. It is the one place the data's own names
/// are shown, as code, beside the words the rest of the document uses —
/// the label exactly as the author wrote it, so the term defined is the term
/// used (not "**The cause**" here and "the cause" in the sections).
fn field(labels: &model::Labels, name: &str, values: &[String]) -> Vec<Inline> {
    let has = if values.len() == 1 {
        "has the value "
    } else {
        "has the values "
    };
    let mut line = match labels.fields.get(name) {
        Some(l) => vec![
            strong(l.as_str()),
            text(" (the field "),
            code(name),
            text(format!(" of the records measured) {has}")),
        ],
        None => vec![
            code(name),
            text(format!(", a field of the records measured, {has}")),
        ],
    };
    let worded = labels.values.get(name);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            line.push(text(if i + 1 == values.len() { " and " } else { ", " }));
        }
        line.push(code(v.as_str()));
        if let Some(l) = worded.and_then(|w| w.get(v)) {
            line.push(text(format!(" ({l})")));
        }
    }
    line.push(text(
        ". A record with another value is listed in reports; this definition adds no obligation.",
    ));
    line
}

/// The periods the Definitions define, each in the zone it is measured in:
/// `Month` for a calendar month in the agreement's zone.
fn defined_periods(m: &Model) -> BTreeSet<(Period, String)> {
    let mut periods: BTreeSet<(Period, String)> = BTreeSet::new();
    for o in &m.objectives {
        periods.insert((o.period, o.timezone.clone()));
    }
    for s in &m.schedules {
        if let Some(o) = m.objective(&s.objective) {
            periods.insert((s.period, o.timezone.clone()));
        }
    }
    periods
}

/// What the time-to-event objectives that `pick` selects count, in their
/// own nouns (`tickets`, `posts or questions`), for the definitions that
/// speak of them: never "items" when the objectives have nouns of their own.
fn time_nouns(m: &Model, pick: impl Fn(&model::TimeToEvent) -> bool) -> String {
    let mut nouns: Vec<String> = Vec::new();
    for o in &m.objectives {
        if let ObjectiveKind::TimeToEvent(t) = &o.kind
            && pick(t)
            && !nouns.contains(&t.noun)
        {
            nouns.push(t.noun.clone());
        }
    }
    words::list_or(&nouns)
}

/// The line of the title block that names the agreements extended.
/// `Made with Slate 0.1.0 and time-zone database 2025b.`
pub fn made_with() -> String {
    format!(
        "Made with Slate {} and time-zone database {}.",
        env!("CARGO_PKG_VERSION"),
        chrono_tz::IANA_TZDB_VERSION
    )
}

fn levels(lineage: &model::Lineage) -> Vec<Inline> {
    let mut line = vec![text("This Agreement extends ")];
    let names: Vec<String> = lineage
        .levels
        .iter()
        .rev()
        .map(|l| {
            let mut facts = Vec::new();
            if let Some(id) = &l.id {
                facts.push(format!("reference {id}"));
            }
            if let Some(v) = &l.version {
                facts.push(format!("version {v}"));
            }
            if facts.is_empty() {
                format!("the {}", l.title)
            } else {
                format!("the {} ({})", l.title, facts.join(", "))
            }
        })
        .collect();
    line.push(text(format!(
        "{}. Each of its terms applies as stated here; a note under a section says where the term comes from or what this Agreement changes.",
        words::list_and(&names)
    )));
    line
}

/// The note on one term: inherited as it is, or changed here.
fn note(mark: &model::Mark, level: &model::Level) -> Vec<Inline> {
    let place = match &mark.section {
        Some(n) => format!("section {n} of the {}", level.title),
        None => format!("the {}", level.title),
    };
    match &mark.change {
        model::Change::Inherited => vec![text(format!("As in {place}."))],
        model::Change::Reworded => vec![text(format!(
            "From {place}; it reads differently here because this Agreement changes terms it depends on."
        ))],
        model::Change::Overridden {
            changes,
            tightened,
            because,
            ..
        } => {
            let verb = if *tightened {
                "Tightened from"
            } else {
                "Changed from"
            };
            let mut out = format!("{verb} {place}");
            if changes.is_empty() {
                out.push('.');
            } else {
                out.push_str(&format!(": {}.", changes.join("; ")));
            }
            if let Some(why) = because {
                out.push_str(&format!(" Agreed because {}.", why.trim_end_matches('.')));
            }
            vec![text(out)]
        }
    }
}

/// The section with this anchor, at any depth, to change.
fn find_mut<'a>(sections: &'a mut [Section], id: &str) -> Option<&'a mut Section> {
    for s in sections {
        if s.id == id {
            return Some(s);
        }
        if let Some(found) = find_mut(&mut s.children, id) {
            return Some(found);
        }
    }
    None
}

/// `90 days'`, `1 month's`: a length of time before `notice`.
fn possessive(length: &str) -> String {
    if length.ends_with('s') {
        format!("{length}'")
    } else {
        format!("{length}'s")
    }
}

fn roles(r: &[Role]) -> String {
    let words: Vec<String> = r
        .iter()
        .map(|r| match r {
            Role::Provider => "provider".to_owned(),
            Role::Customer => "customer".to_owned(),
        })
        .collect();
    words::list_and(&words)
}

fn title_block(m: &Model) -> Vec<Vec<Inline>> {
    let mut head = vec![strong("Service Level Agreement")];
    if let Some(id) = &m.id {
        head.push(text(format!(" · Reference {id}")));
    }
    if let Some(v) = &m.version {
        head.push(text(format!(" · Version {v}")));
    }
    let validity = match m.effective.to {
        Some(to) => format!(
            "In force from {} to {}.",
            words::date(m.effective.from),
            words::date(to)
        ),
        None => format!(
            "In force from {} until terminated.",
            words::date(m.effective.from)
        ),
    };
    let mut between = vec![text("Between ")];
    for (i, p) in m.parties.iter().enumerate() {
        if i > 0 {
            between.push(text(if i + 1 == m.parties.len() {
                " and "
            } else {
                ", "
            }));
        }
        between.push(strong(p.legal_name.clone()));
        between.push(text(format!(" ({})", roles(&p.roles))));
    }
    between.push(text("."));
    vec![head, vec![text(validity)], between]
}

/// Services are always section 3 and service levels section 4 (parties and
/// definitions come first), so references can be made before they are built.
const SERVICES: usize = 3;
const SERVICE_LEVELS: usize = 4;

struct Builder<'m> {
    m: &'m Model,
    top: usize,
    sections: Vec<Section>,
}

/// A section before it is numbered.
fn draft(id: String, title: String, body: Vec<Block>) -> Section {
    Section {
        number: String::new(),
        id,
        title,
        body,
        children: Vec::new(),
    }
}

/// Numbers a section and, under it, its subsections: `3`, `3.1`, `3.1.1`.
fn number(mut s: Section, number: String) -> Section {
    s.children = s
        .children
        .into_iter()
        .enumerate()
        .map(|(i, c)| self::number(c, format!("{number}.{}", i + 1)))
        .collect();
    s.number = number;
    s
}

impl Builder<'_> {
    /// Adds a top-level section; its subsections are numbered under it.
    fn push_top(&mut self, id: &str, title: &str, body: Vec<Block>, children: Vec<Section>) {
        self.top += 1;
        let mut section = draft(id.to_owned(), title.to_owned(), body);
        section.children = children;
        self.sections.push(number(section, self.top.to_string()));
    }

    /// The note on a party or calendar of an extending agreement, after
    /// its list item: ` (As in section 1 of the Corporate SLA.)`.
    fn item_note(&self, id: &str) -> Option<Inline> {
        let lineage = self.m.lineage.as_ref()?;
        let mark = lineage.marks.iter().find(|m| m.section_id == id)?;
        let level = lineage.levels.get(mark.level)?;
        let words: String = note(mark, level)
            .iter()
            .map(|i| match i {
                Inline::Text(s) | Inline::Strong(s) | Inline::Code(s) => s.as_str(),
                Inline::Ref { text, .. } => text.as_str(),
            })
            .collect();
        Some(Inline::Text(format!(" ({words})")))
    }

    fn party_name(&self, name: &str) -> String {
        self.m
            .party(name)
            .map_or_else(|| name.to_owned(), |p| p.legal_name.clone())
    }

    fn service_title(&self, name: &str) -> String {
        self.m
            .service(name)
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.to_owned())
    }

    fn objective_title(&self, name: &str) -> String {
        self.m
            .objective(name)
            .and_then(|o| o.title.clone())
            .unwrap_or_else(|| name.to_owned())
    }

    /// "Around the Clock", the defined term, where the Definitions define
    /// it; the plain words where they do not. A term defined in capitals
    /// is never then written in lower case.
    fn around_the_clock(&self) -> Inline {
        match self.m.calendars.iter().find(|c| c.always_open) {
            Some(c) => strong(self.calendar_term(&c.name)),
            None => text("around the clock"),
        }
    }

    /// The defined term of a calendar: its title (or its name in words)
    /// capitalised, made unique with the calendar's name when two would read
    /// the same.
    fn calendar_term(&self, name: &str) -> String {
        let base = |c: &model::Calendar| {
            if c.always_open {
                "Around the Clock".to_owned()
            } else {
                words::term(
                    &c.title
                        .clone()
                        .unwrap_or_else(|| c.name.replace(['_', '-'], " ")),
                )
            }
        };
        let Some(c) = self.m.calendar(name) else {
            return name.to_owned();
        };
        let term = base(c);
        let clash = self
            .m
            .calendars
            .iter()
            .any(|o| o.name != c.name && base(o).eq_ignore_ascii_case(&term));
        if clash && !c.always_open {
            format!("{term} ({})", c.name)
        } else {
            term
        }
    }

    /// `section 3.1` for the service, linked.
    fn service_ref(&self, name: &str) -> Inline {
        let index = self
            .m
            .services
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(0);
        Inline::Ref {
            id: format!("service--{name}"),
            text: format!("section {SERVICES}.{}", index + 1),
        }
    }

    fn objective_ref(&self, name: &str) -> Inline {
        let index = self
            .m
            .objectives
            .iter()
            .position(|o| o.name == name)
            .unwrap_or(0);
        Inline::Ref {
            id: format!("objective--{name}"),
            text: format!("section {SERVICE_LEVELS}.{}", index + 1),
        }
    }

    // -------------------------------------------------------------- sections

    fn parties(&mut self) {
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
            line.extend(self.item_note(&format!("party--{}", p.name)));
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

    fn definitions(&mut self) {
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
            line.extend(self.item_note(&format!("calendar--{}", c.name)));
            items.push(line);
        }
        for (p, tz) in &defined_periods(m) {
            let name = if *tz == m.timezone {
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
            let nouns = time_nouns(m, |_| true);
            let capital = words::capitalise(&nouns);
            items.push(vec![
                strong("Compliance"),
                text(format!(" for a period means the number of {nouns} that met their goal divided by the number of {nouns} that met or breached it. {capital} belong to the period in which they start. {capital} still open within their goal are pending and not counted; {nouns} open beyond their goal are breached. A period with no {nouns} met or breached meets its target.")),
            ]);
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
            items.push(vec![
                strong("Availability"),
                text(" for a period means one minus downtime divided by measured time, where measured time is the open time of the objective's calendar less maintenance windows, and downtime is the part of outages within measured time."),
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

    fn services(&mut self) {
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
                    words::money(f.amount, &f.currency),
                    f.per.noun()
                ))]);
            }
            if !facts.is_empty() {
                body.push(Block::List(facts));
            }
            let mut parts = Vec::new();
            if let Some(d) = &s.description {
                parts.push(draft(
                    format!("service--{}--description", s.name),
                    "Description".to_owned(),
                    vec![Block::Prose(d.clone())],
                ));
            }
            if let Some(scope) = &s.scope {
                parts.push(draft(
                    format!("service--{}--scope", s.name),
                    "Scope".to_owned(),
                    vec![Block::Prose(scope.clone())],
                ));
            }
            let mut service = draft(
                format!("service--{}", s.name),
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

    fn service_levels(&mut self) {
        let m = self.m;
        let mut subs = Vec::new();
        for o in &m.objectives {
            let body = match &o.kind {
                ObjectiveKind::TimeToEvent(t) => self.time_to_event(o, t),
                ObjectiveKind::Availability(a) => self.availability(o, a),
                ObjectiveKind::Volume(v) => self.volume(o, v),
            };
            subs.push(draft(
                format!("objective--{}", o.name),
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

    fn period_word(&self, o: &model::Objective, p: Period) -> String {
        if o.timezone == self.m.timezone {
            words::capitalise(p.noun())
        } else {
            format!("{} ({})", words::capitalise(p.noun()), o.timezone)
        }
    }

    fn time_to_event(&self, o: &model::Objective, t: &model::TimeToEvent) -> Vec<Block> {
        let l = &self.m.labels;
        let mut first = vec![
            text(format!("Measured for {} of ", t.noun)),
            strong(self.service_title(&o.service)),
            text(" ("),
            self.service_ref(&o.service),
            text(format!(
                "), from {} until {} after it",
                words::first_event(l, &t.start),
                words::first_event(l, &t.stop)
            )),
        ];
        if !t.filter.is_empty() {
            first.push(text(format!(
                ", for {} where {}",
                t.noun,
                words::conditions(l, &t.filter)
            )));
        }
        first.push(text(". "));
        first.extend(self.clock_sentence(t));
        if let Some(p) = &t.pause {
            first.push(text(format!(
                ", and the clock is paused while {}",
                words::condition(l, p)
            )));
        }
        first.push(text("."));
        let mut body = vec![para(first)];
        if t.stop == "resolved" {
            // The author's words for the stop, when they labelled it:
            // `event resolved as "fix"` reads "after its fix".
            let after = match l.events.get("resolved") {
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
                let always = self.m.calendar(&g.calendar).is_some_and(|c| c.always_open);
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
                vec![vec![text(which)], goal]
            })
            .collect();
        body.push(Block::Table(Table {
            head: vec![words::capitalise(&t.noun), "Goal".to_owned()],
            rows,
        }));
        if t.goals.len() > 1 {
            body.push(self.goal_choice(t));
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

    /// How an item's goal is chosen among several: the first that matches,
    /// re-chosen when a field the goals are keyed on changes (and nothing
    /// said of a change when the goals depend on no field).
    fn goal_choice(&self, t: &model::TimeToEvent) -> Block {
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
    fn clock_sentence(&self, t: &model::TimeToEvent) -> Vec<Inline> {
        match main_clock(t) {
            Some(c) if self.m.calendar(c).is_some_and(|c| c.always_open) => vec![
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

    fn availability(&self, o: &model::Objective, a: &model::Availability) -> Vec<Block> {
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
        rows.extend(vec![
            vec![vec![text("Maintenance windows")], vec![text(maintenance)]],
            vec![vec![text("Excluded")], vec![text(excluded)]],
            vec![vec![text("Short outages")], vec![text(minimum)]],
        ]);
        vec![
            para(first),
            Block::Table(Table {
                head: vec!["Term".to_owned(), "Value".to_owned()],
                rows,
            }),
        ]
    }

    fn volume(&self, o: &model::Objective, v: &model::Volume) -> Vec<Block> {
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

    fn payout(&self, p: &Payout, service: &str, period: Period) -> String {
        match p {
            Payout::PercentOfFee { percent } => match self
                .m
                .service(service)
                .and_then(|s| s.fee.as_ref())
                .and_then(|fee| Some((fee.share(*percent, period)?, &fee.currency)))
            {
                Some((amount, cur)) => {
                    format!(
                        "{} ({})",
                        words::payout(p, period),
                        words::money(amount, cur)
                    )
                }
                None => words::payout(p, period),
            },
            Payout::Fixed { .. } => words::payout(p, period),
        }
    }

    fn credits(&mut self) {
        let m = self.m;
        if m.schedules.is_empty() {
            return;
        }
        let mut subs = Vec::new();
        for s in &m.schedules {
            let Some(o) = m.objective(&s.objective) else {
                continue;
            };
            let measure = match &o.kind {
                ObjectiveKind::Availability(_) => "Availability",
                _ => "Compliance",
            };
            let (what, verb, direction, head) = match s.kind {
                ScheduleKind::Credits => ("Service credits", "credits", "below", "Credit"),
                ScheduleKind::Bonus => ("Bonus", "bonus", "at least", "Bonus"),
            };
            let period = self.period_word(o, s.period);
            let rule = match s.kind {
                ScheduleKind::Credits => format!(
                    " in a {period} falls below a threshold in the table, the customer is entitled to a credit of the amount of the lowest threshold it falls below."
                ),
                ScheduleKind::Bonus => format!(
                    " in a {period} is at least a threshold in the table, the customer pays the provider the bonus of the highest threshold reached."
                ),
            };
            let first = vec![
                text("If, for "),
                strong(self.objective_title(&o.name)),
                text(" ("),
                self.objective_ref(&o.name),
                text(format!("), the {measure}{rule}")),
            ];
            let rows = s
                .tiers
                .iter()
                .map(|t| {
                    vec![
                        vec![text(format!("{direction} {}", words::percent(t.threshold)))],
                        vec![text(self.payout(&t.payout, &s.service, s.period))],
                    ]
                })
                .collect();
            let mut body = vec![
                para(first),
                Block::Table(Table {
                    head: vec![format!("{measure} in the {period}"), head.to_owned()],
                    rows,
                }),
            ];
            let caps = match s.kind {
                ScheduleKind::Credits => m.service(&s.service).map(|x| x.credit_caps.clone()),
                ScheduleKind::Bonus => m.service(&s.service).map(|x| x.bonus_caps.clone()),
            }
            .unwrap_or_default();
            for cap in &caps {
                let amount = match (&cap.amount, cap.rolling_periods) {
                    (Payout::PercentOfFee { percent }, Some(n)) => format!(
                        "{} of the fees of the last {} (this one included); only whole {}s within the term of this Agreement count, and credits already issued in the earlier ones are deducted",
                        words::percent(*percent),
                        words::periods(n, cap.period),
                        cap.period.noun()
                    ),
                    (Payout::Fixed { amount, currency }, Some(n)) => format!(
                        "{} over the last {} (this one included); only whole {}s within the term of this Agreement count, and credits already issued in the earlier ones are deducted",
                        words::money(*amount, currency),
                        words::periods(n, cap.period),
                        cap.period.noun()
                    ),
                    (p, None) => format!(
                        "{} in any {}",
                        self.payout(p, &s.service, cap.period),
                        self.period_word(o, cap.period)
                    ),
                };
                let all = if s.kind == ScheduleKind::Bonus {
                    "bonuses"
                } else {
                    verb
                };
                body.push(para(vec![
                    text(format!("All {all} for ")),
                    strong(self.service_title(&s.service)),
                    text(format!(" together are capped at {amount}.")),
                ]));
            }
            body.extend(self.claim_terms(s, &period));
            let title = format!("{what} for {}", self.objective_title(&o.name));
            subs.push(draft(format!("{}--{}", verb, o.name), title, body));
        }
        let intro = vec![para(vec![text(
            "A credit or bonus stated as a percentage is a share of the service's fee for the period measured; the fee of a quarter or a year is the monthly fee times the months in it. All credits of one service are added up before a cap applies. Amounts are rounded to the currency's smallest unit, half to even, only at the end.",
        )])];
        self.push_top("credits", "Service credits and bonuses", intro, subs);
    }

    fn term(&mut self) {
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
                let noun = if defined_periods(m).contains(&(c.unit, m.timezone.clone())) {
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
            if let Some(s) = &t.suspend {
                body.push(para(vec![
                    text("If "),
                    strong(self.party_name(&s.party)),
                    text(format!(
                        " does not respond for {}, the other party may suspend the services until it responds.",
                        words::length(s.after)
                    )),
                ]));
            }
        }
        self.push_top("term", "Term, termination and suspension", body, Vec::new());
    }

    fn governance(&mut self) {
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

impl Document {
    /// The section with this anchor, at any depth.
    pub fn section(&self, id: &str) -> Option<&Section> {
        fn find<'a>(sections: &'a [Section], id: &str) -> Option<&'a Section> {
            sections.iter().find_map(|s| {
                if s.id == id {
                    Some(s)
                } else {
                    find(&s.children, id)
                }
            })
        }
        find(&self.sections, id)
    }
}

/// Blocks as one line of plain text, for quoting the contract where no
/// markup can be shown (alert annotations, rule sets): paragraphs and list
/// items are joined by spaces, table rows read `cell: cell` and are joined
/// by `; `, and prose keeps its source text with line breaks folded.
pub fn plain_text(blocks: &[Block]) -> String {
    fn inlines(parts: &[Inline]) -> String {
        parts
            .iter()
            .map(|p| match p {
                Inline::Text(s) | Inline::Strong(s) | Inline::Code(s) => s.as_str(),
                Inline::Ref { text, .. } => text.as_str(),
            })
            .collect()
    }
    let mut out: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Para(parts) => out.push(inlines(parts)),
            Block::List(items) => out.extend(items.iter().map(|i| inlines(i))),
            Block::Table(t) => {
                let rows: Vec<String> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| inlines(c)).collect::<Vec<_>>().join(": "))
                    .collect();
                out.push(format!("{}.", rows.join("; ")));
            }
            Block::Prose(p) => out.push(p.split_whitespace().collect::<Vec<_>>().join(" ")),
            Block::Note(_) => {}
        }
    }
    out.join(" ")
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
