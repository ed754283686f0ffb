//! The contract as a document: numbered sections, paragraphs, tables and
//! prose, built once from the Model. The Markdown and HTML backends render
//! this same tree, so both formats say the same words with the same numbers.

use std::collections::{BTreeSet, HashMap};

use slate_check::model::{self, Anchor, Budget, Index, Model, ObjectiveKind, Period, Role};
use slate_check::words;

mod aggregate;
mod arrival;
mod claims;
mod components;
mod credits;
mod due;
mod figures;
mod front;
mod lateness;
mod objectives;
mod rate;
mod sample;
mod shortfall;
mod term;

pub use figures::{Chart, ChartKind, Figure, Status};

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
    /// Labelled facts, one a line: a report's window, fingerprint, digest.
    Facts(Vec<(String, Vec<Inline>)>),
    /// Key figures, each a number and what it counts, shown large in HTML.
    Figures(Vec<Figure>),
    /// A chart of a report's periods: drawn in HTML; the table beside it
    /// states the same figures in every format.
    Chart(Chart),
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
    /// A status in words, marked by its kind: a period's verdict.
    Status(Status, String),
    /// A short qualifier set apart from the text before it: `so far`.
    Tag(String),
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
    let ix = m.index();
    let mut b = Builder::new(m, &ix);
    b.parties();
    b.definitions();
    b.services();
    b.service_levels();
    b.credits();
    b.term();
    b.governance();
    for c in &m.clauses {
        let body = vec![Block::Prose(c.body.clone())];
        b.push_top(&Anchor::Clause.of(&c.name), &c.title, body, Vec::new());
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
/// `Month` for a calendar month in the agreement's zone. Ordered by the
/// zone's name.
fn defined_periods(ix: &Index<'_>) -> BTreeSet<(Period, &'static str)> {
    let m = ix.model();
    let mut periods: BTreeSet<(Period, &'static str)> = BTreeSet::new();
    for o in &m.objectives {
        periods.insert((o.period, o.timezone.name()));
    }
    for s in &m.schedules {
        if let Some(o) = ix.objective(&s.objective) {
            periods.insert((s.period, o.timezone.name()));
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

/// What Compliance means, for the items of time-to-event objectives (met
/// or breached against their goal, in the period they start in) and of
/// due-date objectives (against their own due date, in the period it falls
/// in): one definition, in the objectives' own nouns, saying each part
/// only when an objective uses it.
fn compliance(m: &Model) -> Option<String> {
    let tte = time_nouns(m, |_| true);
    let mut due: Vec<String> = Vec::new();
    for o in &m.objectives {
        if let ObjectiveKind::DueDate(d) = &o.kind
            && !due.contains(&d.noun)
        {
            due.push(d.noun.clone());
        }
    }
    let due = words::list_or(&due);
    let goal = (!tte.is_empty()).then(|| {
        let capital = words::capitalise(&tte);
        format!("the number of {tte} that met their goal divided by the number of {tte} that met or breached it. {capital} belong to the period in which they start. {capital} still open within their goal are pending and not counted; {tte} open beyond their goal are breached. A period with no {tte} met or breached meets its target")
    });
    let dated = (!due.is_empty()).then(|| {
        let capital = words::capitalise(&due);
        format!("the number of {due} on time divided by the number of {due} on time or late, as their service level defines on time. {capital} belong to the period containing their due date. {capital} neither on time nor yet due are pending and not counted; {due} not on time by their due date are late. A period with no {due} on time or late meets its target")
    });
    match (goal, dated) {
        (Some(g), Some(d)) => Some(format!(
            " for a period means, for {tte}: {g}. For {due}: {d}."
        )),
        (Some(x), None) | (None, Some(x)) => Some(format!(" for a period means {x}.")),
        (None, None) => None,
    }
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
    /// The Model's items by name: a section refers to others by name, so
    /// every lookup is one, not a search of a list (issue 21).
    ix: &'m Index<'m>,
    /// The defined term of each calendar, by its name
    /// ([`Builder::calendar_term`]), made once.
    calendar_terms: HashMap<&'m str, String>,
    top: usize,
    sections: Vec<Section>,
}

/// A section before it is numbered; a report's sections stay so.
pub(crate) fn draft(id: String, title: String, body: Vec<Block>) -> Section {
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

/// The subsections of the service levels (section 4), one per objective in
/// the Model's order, numbered and worded as [`build`] makes them, without
/// building the rest of the document: what a rule set quotes (issue 21).
/// They leave out the notes that [`build`] adds for an agreement that
/// extends another, which are not quoted ([`plain_text`]).
pub fn objective_sections(m: &Model) -> Vec<Section> {
    let ix = m.index();
    let mut b = Builder::new(m, &ix);
    // The sections before it are numbered, not built.
    b.top = SERVICE_LEVELS - 1;
    b.service_levels();
    b.sections.into_iter().flat_map(|s| s.children).collect()
}

/// The defined term of every calendar of `m`, by its name (the first of a
/// name given twice): its title (or its name in words) capitalised, made
/// unique with the calendar's name when another calendar's would read the
/// same, letter case aside.
fn calendar_terms(m: &Model) -> HashMap<&str, String> {
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
    let bases: Vec<String> = m.calendars.iter().map(base).collect();
    // The calendars whose terms read the same, letter case aside.
    let mut alike: HashMap<String, Vec<&str>> = HashMap::new();
    for (c, term) in m.calendars.iter().zip(&bases) {
        alike
            .entry(term.to_ascii_lowercase())
            .or_default()
            .push(c.name.as_str());
    }
    let mut terms = HashMap::with_capacity(m.calendars.len());
    for (c, term) in m.calendars.iter().zip(bases) {
        if terms.contains_key(c.name.as_str()) {
            continue;
        }
        let clash = alike
            .get(&term.to_ascii_lowercase())
            .is_some_and(|names| names.iter().any(|n| *n != c.name));
        let written = if clash && !c.always_open {
            format!("{term} ({})", c.name)
        } else {
            term
        };
        terms.insert(c.name.as_str(), written);
    }
    terms
}

impl<'m> Builder<'m> {
    fn new(m: &'m Model, ix: &'m Index<'m>) -> Builder<'m> {
        Builder {
            m,
            ix,
            calendar_terms: calendar_terms(m),
            top: 0,
            sections: Vec::new(),
        }
    }
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
                Inline::Text(s)
                | Inline::Strong(s)
                | Inline::Code(s)
                | Inline::Status(_, s)
                | Inline::Tag(s) => s.as_str(),
                Inline::Ref { text, .. } => text.as_str(),
            })
            .collect();
        Some(Inline::Text(format!(" ({words})")))
    }

    fn party_name(&self, name: &str) -> String {
        self.ix
            .party(name)
            .map_or_else(|| name.to_owned(), |p| p.legal_name.clone())
    }

    fn service_title(&self, name: &str) -> String {
        self.ix
            .service(name)
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.to_owned())
    }

    fn objective_title(&self, name: &str) -> String {
        self.ix
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
        self.calendar_terms
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// `section 3.1` for the service, linked.
    fn service_ref(&self, name: &str) -> Inline {
        let index = self.ix.service_at(name).unwrap_or(0);
        Inline::Ref {
            id: Anchor::Service.of(name),
            text: format!("section {SERVICES}.{}", index + 1),
        }
    }

    fn objective_ref(&self, name: &str) -> Inline {
        let index = self.ix.objective_at(name).unwrap_or(0);
        Inline::Ref {
            id: Anchor::Objective.of(name),
            text: format!("section {SERVICE_LEVELS}.{}", index + 1),
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
                Inline::Text(s)
                | Inline::Strong(s)
                | Inline::Code(s)
                | Inline::Status(_, s)
                | Inline::Tag(s) => s.as_str(),
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
            Block::Note(_) | Block::Chart(_) | Block::Figures(_) => {}
            Block::Facts(facts) => out.extend(
                facts
                    .iter()
                    .map(|(label, value)| format!("{label}: {}", inlines(value))),
            ),
        }
    }
    out.join(" ")
}
