//! Property tests on random *valid* agreements: many parties, calendars
//! (split, overnight and whole-day hours, closures), services with fees and
//! caps, objectives of all three kinds, credit and bonus tiers in order.
//!
//! For each agreement: it checks with no diagnostic at all; the Markdown and
//! HTML documents and every `compile_rules` target are produced; rendering
//! twice is byte-identical; and the same agreement laid out differently
//! (indentation, spacing, comments, blank lines, CRLF, a byte-order mark,
//! blocks of different kinds interleaved, statements of a block reordered)
//! has the same fingerprint and the same documents; and `slate fmt` of
//! either formats to itself and keeps the fingerprint.
//!
//! Generation reads a tape of random choices (0 is always the simplest), so
//! proptest shrinks a failure to a small agreement by shortening the tape
//! and lowering its values.

#![expect(clippy::expect_used, reason = "the generator's dates are valid")]

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------
// The tape
// ---------------------------------------------------------------------------

/// Random choices; reading past the end gives 0, the simplest choice.
struct Tape<'a> {
    data: &'a [u32],
    at: usize,
}

impl Tape<'_> {
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        let v = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v as usize % n.max(1)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }
    /// True with probability 1/`n`, false when the tape is exhausted.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == n - 1
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

// ---------------------------------------------------------------------------
// The document tree both layouts print
// ---------------------------------------------------------------------------

/// A piece of a statement.
#[derive(Clone, Debug)]
enum Part {
    /// A token; separated from the next by blank space.
    Tok(String),
    /// A list comma, after which a line may break (names, values, contacts).
    Comma,
    /// A list comma that must stay on the line (days, time ranges).
    CommaInLine,
    /// A prose block (already dedented text, without a `"""` in it).
    Prose(String),
}

#[derive(Clone, Debug)]
struct Stmt {
    parts: Vec<Part>,
    /// Statements with the same group keep their order (goals, tiers,
    /// hours lines, …); different groups may be interleaved.
    group: String,
}

#[derive(Clone, Debug)]
enum Node {
    Stmt(Stmt),
    Block {
        head: Vec<Part>,
        body: Vec<Node>,
        group: String,
    },
}

fn tok(s: impl Into<String>) -> Part {
    Part::Tok(s.into())
}

fn toks(s: &str) -> Vec<Part> {
    s.split(' ').map(tok).collect()
}

/// The period lengths the objective blocks among `nodes` are measured
/// over (`per month`), as `for cause` counts them (`months`); hours, which
/// it cannot count, are left out.
fn measured_periods(nodes: &[Node]) -> Vec<&'static str> {
    fn walk(body: &[Node], out: &mut Vec<&'static str>) {
        for n in body {
            match n {
                Node::Stmt(s) => {
                    for w in s.parts.windows(2) {
                        if let [Part::Tok(per), Part::Tok(noun)] = w
                            && per == "per"
                        {
                            let plural = match noun.as_str() {
                                "day" => "days",
                                "week" => "weeks",
                                "month" => "months",
                                "quarter" => "quarters",
                                "year" => "years",
                                _ => continue,
                            };
                            if !out.contains(&plural) {
                                out.push(plural);
                            }
                        }
                    }
                }
                Node::Block { body, .. } => walk(body, out),
            }
        }
    }
    let mut out = Vec::new();
    for n in nodes {
        if let Node::Block { head, body, .. } = n
            && matches!(head.first(), Some(Part::Tok(h)) if h == "objective")
        {
            walk(body, &mut out);
        }
    }
    out
}

fn stmt(group: &str, parts: Vec<Part>) -> Node {
    Node::Stmt(Stmt {
        parts,
        group: group.to_owned(),
    })
}

/// A statement given at most once: its own group.
fn single(parts: Vec<Part>) -> Node {
    let group = match parts.first() {
        Some(Part::Tok(t)) => format!("single:{t}"),
        _ => "single".to_owned(),
    };
    stmt(&group, parts)
}

fn list(items: Vec<Vec<Part>>) -> Vec<Part> {
    list_of(items, Part::Comma)
}

fn list_in_line(items: Vec<Vec<Part>>) -> Vec<Part> {
    list_of(items, Part::CommaInLine)
}

fn list_of(items: Vec<Vec<Part>>, comma: Part) -> Vec<Part> {
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(comma.clone());
        }
        out.extend(item);
    }
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------
// Leaves
// ---------------------------------------------------------------------------

const ZONES: [&str; 9] = [
    "Europe/London",
    "UTC",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Europe/Berlin",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
];

const CURRENCIES: [(&str, u32); 6] = [
    ("GBP", 2),
    ("EUR", 2),
    ("USD", 2),
    ("JPY", 0),
    ("KWD", 3),
    ("CHF", 2),
];

const DAYS: [&str; 7] = slate::ast::Weekday::NAMES;

use slate::ast::Period;

/// Fee bases that mean this period's fee.
fn fee_bases(p: Period) -> &'static [&'static str] {
    match p {
        Period::Month => &["monthly fee", "fee"],
        Period::Quarter => &["quarterly fee", "fee"],
        Period::Year => &["yearly fee", "annually fee", "annual fee", "fee"],
        Period::Hour | Period::Day | Period::Week => &["fee"],
    }
}

const SETTLED: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];
const ALL_PERIODS: [Period; 5] = [
    Period::Month,
    Period::Day,
    Period::Week,
    Period::Quarter,
    Period::Year,
];

/// Text for a string: letters, digits, spaces, punctuation that HTML and
/// Markdown care about, escapes, and characters beyond ASCII.
fn text(t: &mut Tape<'_>, words: &str) -> String {
    const EXTRA: [&str; 14] = [
        " & Co",
        " <b>",
        " \"quoted\"",
        " back\\slash",
        " Zoë",
        " 中文",
        " 🙂",
        " *stars*",
        " `tick`",
        " [x](y)",
        " //not a comment",
        " 100%",
        " l'été",
        " #1",
    ];
    let mut s = words.to_owned();
    for _ in 0..t.below(3) {
        s.push_str(t.pick(&EXTRA));
    }
    if t.one_in(4) {
        s.push_str(&format!(" {}", t.range(0, 99_999)));
    }
    s
}

/// A name: `prefix` and index keep it unique; a random tail adds `_`, `-`
/// and digits.
fn name(t: &mut Tape<'_>, prefix: &str, i: usize) -> String {
    const TAILS: [&str; 6] = ["", "_x", "-desk", "_2b", "-a-b", "_"];
    format!("{prefix}{i}{}", t.pick(&TAILS))
}

/// A percentage in (0, 100] in thousandths, written with its decimals.
fn pct(thousandths: u64) -> String {
    let whole = thousandths / 1000;
    let frac = thousandths % 1000;
    if frac == 0 {
        format!("{whole}%")
    } else {
        let f = format!("{frac:03}");
        format!("{whole}.{}%", f.trim_end_matches('0'))
    }
}

/// An amount of money in minor units, written with `decimals` places
/// (thousands grouped by commas, or not).
fn money(t: &mut Tape<'_>, currency: (&str, u32), minor: u64) -> Vec<Part> {
    let (code, decimals) = currency;
    let scale = 10u64.pow(decimals);
    let whole = minor / scale;
    let frac = minor % scale;
    let digits = whole.to_string();
    let whole_text = if t.bool_() {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        digits
    };
    let amount = if decimals == 0 || (frac == 0 && t.bool_()) {
        whole_text
    } else {
        format!("{whole_text}.{frac:0width$}", width = decimals as usize)
    };
    vec![tok(code), tok(amount)]
}

impl Tape<'_> {
    fn bool_(&mut self) -> bool {
        self.below(2) == 1
    }
}

fn time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn time_range(t: &mut Tape<'_>, from: u32, to: u32) -> String {
    let dash = t.pick(&["-", " - ", "–", "\t-"]);
    format!("{}{dash}{}", time(from), time(to))
}

/// A duration: (count, unit) with the unit chosen for the calendar.
fn duration(t: &mut Tape<'_>, always_open: bool) -> Vec<Part> {
    let n = t.pick(&[1u64, 2, 4, 8, 20, 30, 90, 1000]);
    let units: &[&str] = if always_open {
        &["hours", "minutes", "seconds", "days", "weeks"]
    } else {
        &[
            "hours",
            "minutes",
            "seconds",
            "business hours",
            "business days",
        ]
    };
    let mut unit = t.pick(units).to_owned();
    if n == 1 && t.bool_() {
        unit = unit.trim_end_matches('s').to_owned();
    }
    let mut out = vec![tok(n.to_string())];
    out.extend(toks(&unit));
    out
}

/// An elapsed duration for contract terms.
fn term(t: &mut Tape<'_>) -> Vec<Part> {
    let n = t.pick(&[30u64, 1, 14, 3, 90]);
    let unit = t.pick(&["days", "weeks", "months", "hours"]);
    vec![tok(n.to_string()), tok(unit)]
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A condition: an attribute, optional `is`, values joined by `,` or `or`.
fn condition(t: &mut Tape<'_>, field: &str, values: &[String]) -> Vec<Part> {
    let mut out = vec![tok(field)];
    if t.bool_() {
        out.push(tok("is"));
    }
    let or = t.bool_();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            if or {
                out.push(tok("or"));
            } else {
                out.push(Part::Comma);
            }
        }
        out.push(tok(quote(v)));
    }
    out
}

/// Markdown prose without raw HTML, images or unsafe links.
fn prose(t: &mut Tape<'_>) -> String {
    const LINES: [&str; 10] = [
        "The provider delivers the service with **reasonable care**.",
        "- fault diagnosis\n- workarounds\n  - nested detail",
        "1. first\n2. second",
        "See [the terms](https://example.com/terms) or write to [us](mailto:a@example.com).",
        "## Heading in prose",
        "Use `code` and _emphasis_ & keep 100% of it.",
        "> A quoted remark.",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\nverbatim // text\n```",
        "Zoë's café — «quotes» and 中文.",
    ];
    let n = 1 + t.below(4);
    let paragraphs: Vec<&str> = (0..n).map(|_| t.pick(&LINES)).collect();
    paragraphs.join("\n\n")
}

/// A description or scope: prose, or a string (which is Markdown too, so
/// without the HTML and link of [`text`]).
fn text_or_prose(t: &mut Tape<'_>, words: &str) -> Part {
    if t.bool_() {
        Part::Prose(prose(t))
    } else {
        tok(quote(&format!("{words} \\ \"{}\" Zoë", t.range(0, 999))))
    }
}

// ---------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------

/// Weekly hours with no overlap: per day, sorted ranges (start, end) in
/// minutes; an overnight range has end <= start and ends before the next
/// day's first opening.
fn weekly(t: &mut Tape<'_>, sparse: bool) -> [Vec<(u32, u32)>; 7] {
    let mut days: [Vec<(u32, u32)>; 7] = Default::default();
    // 0: office hours on weekdays; 1: different random ranges each day;
    // 2 and 3: the same random ranges on a random set of days.
    let pattern = t.below(4);
    let k = if sparse { 1 } else { 1 + t.below(2) };
    let shared = random_ranges(t, k);
    for (d, ranges) in days.iter_mut().enumerate() {
        if sparse && !t.one_in(3) {
            continue;
        }
        match pattern {
            0 if !sparse => {
                if d < 5 {
                    ranges.push((540, 1050));
                }
            }
            2 | 3 => {
                if t.below(3) > 0 {
                    ranges.clone_from(&shared);
                }
            }
            _ => {
                let k = if sparse { 1 } else { t.below(3) };
                *ranges = random_ranges(t, k);
            }
        }
    }
    // Overnight ranges: start after the day's last range; end before the
    // next day's first start (or its own overnight start).
    let mut overnight_start: [Option<u32>; 7] = [None; 7];
    for d in 0..7 {
        if t.one_in(3) {
            let last = days[d].last().map_or(0, |r| r.1);
            if last < 1439 {
                overnight_start[d] = Some(t.range(u64::from(last) + 1, 1439) as u32);
            }
        }
    }
    for d in 0..7 {
        let Some(s) = overnight_start[d] else {
            continue;
        };
        let next = (d + 1) % 7;
        let bound = days[next]
            .first()
            .map(|r| r.0)
            .into_iter()
            .chain(overnight_start[next])
            .min()
            .unwrap_or(1440)
            .min(s - 1);
        if bound >= 1 {
            let e = t.range(1, u64::from(bound)) as u32;
            days[d].push((s, e));
        }
    }
    if !sparse && days.iter().all(Vec::is_empty) {
        days[0].push((540, 1020));
    }
    days
}

/// Up to `k` sorted, disjoint ranges within one day (`24:00` may end one).
fn random_ranges(t: &mut Tape<'_>, k: usize) -> Vec<(u32, u32)> {
    let mut points: Vec<u32> = (0..2 * k)
        .map(|_| {
            if t.bool_() {
                15 * t.range(0, 96) as u32
            } else {
                t.range(0, 1440) as u32
            }
        })
        .collect();
    points.sort_unstable();
    points.dedup();
    points
        .chunks(2)
        .filter_map(|pair| match pair {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .collect()
}

/// The lines of weekly hours: days with the same ranges share a line
/// (written as runs or lists), and a day's ranges may be split over lines.
fn hours_lines(t: &mut Tape<'_>, days: &[Vec<(u32, u32)>; 7], prefix: &[Part]) -> Vec<Node> {
    // (ranges, the days that have exactly them)
    type Group = (Vec<(u32, u32)>, Vec<usize>);
    let mut groups: Vec<Group> = Vec::new();
    for (d, ranges) in days.iter().enumerate() {
        if ranges.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(r, _)| r == ranges) {
            Some((_, ds)) => ds.push(d),
            None => groups.push((ranges.clone(), vec![d])),
        }
    }
    let mut out = Vec::new();
    for (ranges, ds) in groups {
        let chunks: Vec<Vec<(u32, u32)>> = if ranges.len() > 1 && t.one_in(3) {
            ranges.iter().map(|r| vec![*r]).collect()
        } else {
            vec![ranges]
        };
        for chunk in chunks {
            let mut parts = prefix.to_vec();
            parts.extend(days_parts(t, &ds));
            let written: Vec<Vec<Part>> = chunk
                .iter()
                .map(|(a, b)| vec![tok(time_range(t, *a, *b))])
                .collect();
            parts.extend(list_in_line(written));
            out.push(stmt("hours", parts));
        }
    }
    out
}

/// Days as runs (`monday to friday`) or lists (`saturday, sunday`).
fn days_parts(t: &mut Tape<'_>, ds: &[usize]) -> Vec<Part> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &d in ds {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == d => *end = d,
            _ => runs.push((d, d)),
        }
    }
    // A run through Sunday into Monday may be written as one wrapping run.
    if runs.len() > 1
        && runs.first().is_some_and(|r| r.0 == 0)
        && runs.last().is_some_and(|r| r.1 == 6)
        && t.bool_()
    {
        let first = runs.remove(0);
        if let Some(last) = runs.last_mut() {
            last.1 = first.1;
        }
    }
    let mut items = Vec::new();
    for (a, b) in runs {
        if a == b {
            items.push(vec![tok(DAYS[a])]);
        } else if t.one_in(4) && a < b {
            for day in &DAYS[a..=b] {
                items.push(vec![tok(*day)]);
            }
        } else {
            items.push(vec![tok(DAYS[a]), tok("to"), tok(DAYS[b])]);
        }
    }
    list_in_line(items)
}

// ---------------------------------------------------------------------------
// The agreement
// ---------------------------------------------------------------------------

struct Party {
    name: String,
    provider: bool,
    customer: bool,
}

struct Service {
    name: String,
    /// Its hours: `None` for the default `24x7`.
    hours: Option<String>,
    /// The fee's period and whether a percentage can be taken of it.
    fee: Option<Period>,
    /// Credits and bonuses are settled in these periods (one per service,
    /// so caps in different blocks agree).
    credit_period: Period,
    bonus_period: Period,
    /// Whether tiers pay a percentage of the fee (else fixed amounts).
    percent: bool,
    /// The per-period cap of credits in thousandths of the fee or in minor
    /// units, and of the bonus.
    credit_cap: u64,
    bonus_cap: u64,
    /// Where the credit cap is written: in the service, in credits blocks, or
    /// not at all.
    credit_cap_at: u8,
    /// A rolling cap: (periods, as a percentage of fees, amount in
    /// thousandths or minor units).
    rolling: Option<(u64, bool, u64)>,
}

struct Agreement {
    nodes: Vec<Node>,
}

fn agreement(t: &mut Tape<'_>) -> Agreement {
    let mut nodes: Vec<Node> = Vec::new();
    let currency = t.pick(&CURRENCIES);
    let zone = t.pick(&ZONES);
    let start = NaiveDate::from_ymd_opt(
        2024 + t.below(6) as i32,
        1 + t.below(12) as u32,
        1 + t.below(28) as u32,
    )
    .expect("a valid date");
    let end = (!t.one_in(4)).then(|| {
        start
            .checked_add_days(Days::new(30 + t.range(0, 1500)))
            .expect("a date")
    });
    let last = end.unwrap_or_else(|| start.checked_add_days(Days::new(365)).expect("a date"));

    // Header.
    nodes.push(single(vec![tok("id"), tok(quote(&text(t, "SLA-1")))]));
    nodes.push(single(vec![tok("version"), tok(quote(&text(t, "1.0")))]));
    let mut effective = vec![tok("effective"), tok(date(start))];
    if let Some(end) = end {
        effective.extend([tok("to"), tok(date(end))]);
    }
    nodes.push(single(effective));
    nodes.push(single(vec![tok("timezone"), tok(quote(zone))]));
    nodes.push(single(vec![tok("currency"), tok(currency.0)]));

    // Parties: providers, customers, and perhaps one that is both.
    let mut parties: Vec<Party> = Vec::new();
    let providers = 1 + t.below(4);
    let customers = 1 + t.below(4);
    for i in 0..providers + customers {
        parties.push(Party {
            name: name(t, if i < providers { "prov" } else { "cust" }, i),
            provider: i < providers,
            customer: i >= providers,
        });
    }
    if t.one_in(3) {
        let i = parties.len();
        parties.push(Party {
            name: name(t, "both", i),
            provider: true,
            customer: true,
        });
    }
    let owner = t.below(parties.len());
    nodes.push(single(vec![tok("owner"), tok(parties[owner].name.clone())]));
    if t.bool_() {
        let every = t.pick(&["3 months", "year", "1 year", "2 quarters", "6 months"]);
        let mut parts = vec![tok("review"), tok("every")];
        parts.extend(toks(every));
        nodes.push(single(parts));
    }
    match t.below(3) {
        0 => nodes.push(single(toks("amendments by both parties"))),
        1 => nodes.push(single(vec![
            tok("amendments"),
            tok("by"),
            tok(parties[t.below(parties.len())].name.clone()),
        ])),
        _ => {}
    }
    let many_providers = parties.iter().filter(|p| p.provider).count() > 1;
    for _ in 0..t.below(3) {
        let mut parts = vec![tok("report")];
        if t.bool_() {
            parts.push(tok(quote(&text(t, "Monthly report"))));
        }
        parts.push(tok(t.pick(&[
            "monthly",
            "weekly",
            "daily",
            "quarterly",
            "yearly",
            "annually",
        ])));
        if many_providers || t.bool_() {
            let from = t.below(parties.len());
            parts.extend([tok("from"), tok(parties[from].name.clone())]);
        }
        parts.push(tok("to"));
        let n = 1 + t.below(2);
        let to: Vec<Vec<Part>> = (0..n)
            .map(|k| vec![tok(parties[(owner + k) % parties.len()].name.clone())])
            .collect();
        parts.extend(list(to));
        nodes.push(stmt("report", parts));
    }

    for p in &parties {
        let mut body = Vec::new();
        let roles = match (p.provider, p.customer) {
            (true, true) if t.bool_() => list(vec![vec![tok("customer")], vec![tok("provider")]]),
            (true, true) => list(vec![vec![tok("provider")], vec![tok("customer")]]),
            (true, false) => vec![tok("provider")],
            _ => vec![tok("customer")],
        };
        let mut role = vec![tok("role")];
        role.extend(roles);
        body.push(single(role));
        if t.bool_() {
            body.push(single(vec![
                tok("address"),
                tok(quote(&text(t, "1 High Street"))),
            ]));
        }
        for _ in 0..t.below(3) {
            let n = 1 + t.below(3);
            let contacts: Vec<Vec<Part>> = (0..n)
                .map(|_| vec![tok(quote(&text(t, "desk@example.com")))])
                .collect();
            let mut parts = vec![tok("contact")];
            parts.extend(list(contacts));
            body.push(stmt("contact", parts));
        }
        for _ in 0..1 + t.below(2) {
            let mut parts = vec![tok("signatory"), tok(quote(&text(t, "Jane Roe")))];
            if t.bool_() {
                parts.push(Part::Comma);
                parts.push(tok(quote(&text(t, "Director"))));
            }
            body.push(stmt("signatory", parts));
        }
        nodes.push(Node::Block {
            head: vec![
                tok("party"),
                tok(p.name.clone()),
                // Each party's own legal name: two alike are E0322.
                tok(quote(&text(t, &format!("Acme {} Ltd", p.name)))),
            ],
            body,
            group: "party".to_owned(),
        });
    }

    // Calendars.
    let mut calendars: Vec<String> = Vec::new();
    for i in 0..t.below(6) {
        let cname = name(t, "cal", i);
        let mut body = Vec::new();
        if t.bool_() {
            body.push(single(vec![tok("timezone"), tok(quote(t.pick(&ZONES)))]));
        }
        let days = weekly(t, false);
        body.extend(hours_lines(t, &days, &[]));
        for _ in 0..t.below(3) {
            let span = (last - start).num_days().max(0) as u64;
            let from = start
                .checked_add_days(Days::new(t.range(0, span)))
                .expect("a date");
            let mut parts = vec![tok("closed"), tok(date(from))];
            if t.bool_() {
                let to = from
                    .checked_add_days(Days::new(t.range(0, 10)))
                    .expect("a date")
                    .min(last);
                parts.extend([tok("to"), tok(date(to))]);
            }
            if t.bool_() {
                parts.push(tok(quote(&text(t, "Holiday"))));
            }
            body.push(stmt("closed", parts));
        }
        let mut head = vec![tok("calendar"), tok(cname.clone())];
        if t.bool_() {
            head.push(tok(quote(&text(t, "Office hours"))));
        }
        nodes.push(Node::Block {
            head,
            body,
            group: "calendar".to_owned(),
        });
        calendars.push(cname);
    }

    // Services.
    let mut services: Vec<Service> = Vec::new();
    let mut service_nodes: Vec<Node> = Vec::new();
    let n_services = 1 + t.below(5);
    for i in 0..n_services {
        let sname = name(t, "svc", i);
        let hours = match t.below(3) {
            1 if !calendars.is_empty() => Some(t.pick(&calendars[..]).clone()),
            2 => Some("24x7".to_owned()),
            _ => None,
        };
        let fee = match t.below(4) {
            0 => None,
            1 => Some(t.pick(&[Period::Day, Period::Week])),
            _ => Some(t.pick(&SETTLED)),
        };
        let usable = fee.is_some_and(|p| SETTLED.contains(&p));
        let credit_period = t.pick(&SETTLED);
        let bonus_period = t.pick(&SETTLED);
        let percent = usable && t.bool_();
        let credit_cap_at = t.below(3) as u8;
        let rolling = t.one_in(3).then(|| {
            let pc = percent || usable && t.bool_();
            let amount = if pc {
                t.range(1, 100_000)
            } else {
                t.range(1, 10_000_000)
            };
            (1 + t.below(12) as u64, pc, amount)
        });
        services.push(Service {
            name: sname,
            hours,
            fee,
            credit_period,
            bonus_period,
            percent,
            credit_cap: if percent {
                t.range(50_000, 100_000)
            } else {
                t.range(1, 1_000_000)
            },
            bonus_cap: if percent {
                t.range(20_000, 100_000)
            } else {
                t.range(1, 1_000_000)
            },
            credit_cap_at,
            rolling,
        });
    }
    for s in &mut services {
        let mut body = Vec::new();
        let provs: Vec<&Party> = parties.iter().filter(|p| p.provider).collect();
        let custs: Vec<&Party> = parties.iter().filter(|p| p.customer).collect();
        let p = t.below(provs.len());
        // A different party as the customer.
        let choices: Vec<&&Party> = custs.iter().filter(|c| c.name != provs[p].name).collect();
        let c = t.below(choices.len());
        if provs.len() > 1 || custs.len() > 1 || t.bool_() {
            body.push(single(vec![tok("provider"), tok(provs[p].name.clone())]));
            body.push(single(vec![tok("customer"), tok(choices[c].name.clone())]));
        }
        if let Some(h) = &s.hours {
            body.push(single(vec![tok("hours"), tok(h.clone())]));
        }
        if t.bool_() {
            let n = 1 + t.below(3);
            let channels: Vec<Vec<Part>> = (0..n)
                .map(|k| vec![tok(["email", "phone", "portal", "chat"][k])])
                .collect();
            let mut parts = vec![tok("channels")];
            parts.extend(list(channels));
            body.push(single(parts));
        }
        if let Some(per) = s.fee {
            let mut parts = vec![tok("fee")];
            let minor = t.range(1, 100_000_000);
            parts.extend(money(t, currency, minor));
            parts.extend([tok("per"), tok(per.noun())]);
            body.push(single(parts));
        } else {
            // Without a fee, a percentage cap or payout could not be paid.
            s.percent = false;
            s.rolling = s.rolling.map(|(n, _, amount)| (n, false, amount));
        }
        // A service-level cap counts in the fee's period (or the basis
        // named): only where that is the credits' period.
        if s.credit_cap_at == 0 {
            let basis_ok = s.percent || s.fee.map_or(Period::Month, |p| p) == s.credit_period;
            if basis_ok {
                let mut parts = vec![tok("credit"), tok("cap")];
                parts.extend(cap_amount(t, s, currency, false));
                body.push(stmt("cap", parts));
            } else {
                s.credit_cap_at = 1;
            }
        }
        if let Some(rolling) = s.rolling
            && t.bool_()
        {
            let mut parts = vec![tok("credit"), tok("cap")];
            parts.extend(rolling_cap(t, s, currency, rolling));
            body.push(stmt("cap", parts));
            s.rolling = None;
        }
        if t.bool_() {
            body.push(single(vec![
                tok("description"),
                text_or_prose(t, "What it is"),
            ]));
        }
        if t.bool_() {
            body.push(single(vec![
                tok("scope"),
                text_or_prose(t, "What it covers"),
            ]));
        }
        let mut head = vec![tok("service"), tok(s.name.clone())];
        if t.bool_() {
            head.push(tok(quote(&text(t, "Support"))));
        }
        service_nodes.push(Node::Block {
            head,
            body,
            group: "service".to_owned(),
        });
    }
    nodes.extend(service_nodes);

    // Objectives, with their credits and bonuses.
    let customers_only: Vec<String> = parties
        .iter()
        .filter(|p| p.customer)
        .map(|p| p.name.clone())
        .collect();
    let n_objectives = 1 + t.below(10);
    for i in 0..n_objectives {
        let oname = name(t, "obj", i);
        let si = t.below(services.len());
        let (node, target) = objective(t, &oname, &services[si], services.len(), &calendars);
        nodes.push(node);
        if let Some(target) = target {
            if t.bool_() {
                nodes.push(schedule(t, &oname, &services[si], currency, target, true));
            }
            if t.one_in(3) {
                nodes.push(schedule(t, &oname, &services[si], currency, target, false));
            }
        }
    }

    if t.bool_() {
        let mut body = Vec::new();
        if t.bool_() {
            let mut parts = vec![tok("notice")];
            parts.extend(term(t));
            if t.bool_() {
                parts.extend(toks("in writing"));
            }
            body.push(single(parts));
        }
        // `for cause` counts periods some objective is measured over, or
        // it warns (E0750).
        let measured = measured_periods(&nodes);
        if t.bool_() && !measured.is_empty() {
            let mut parts = toks("for cause after");
            parts.push(tok((1 + t.below(6)).to_string()));
            parts.push(tok("consecutive"));
            let unit = t.pick(&measured[..]);
            parts.push(tok(if t.one_in(3) {
                unit.trim_end_matches('s')
            } else {
                unit
            }));
            parts.extend(toks("in breach"));
            body.push(single(parts));
        }
        if t.bool_() {
            let mut parts = toks("suspend after");
            parts.extend(term(t));
            parts.push(tok("without"));
            parts.push(tok(t.pick(&customers_only[..]).clone()));
            parts.push(tok("response"));
            // Without the state in which the provider waits, the right is
            // in the contract only and the checker warns (E0770).
            parts.push(tok("while"));
            parts.extend(condition(t, "status", &["waiting_on_customer".to_owned()]));
            body.push(single(parts));
        }
        nodes.push(Node::Block {
            head: vec![tok("termination")],
            body,
            group: "termination".to_owned(),
        });
    }

    for i in 0..t.below(3) {
        nodes.push(stmt(
            "clause",
            vec![
                tok("clause"),
                tok(name(t, "clause", i)),
                tok(quote(&text(t, "Liability"))),
                Part::Prose(prose(t)),
            ],
        ));
    }
    drop_unused_calendars(&mut nodes);
    Agreement { nodes }
}

/// Leaves out the calendars nothing refers to (an unused calendar is a
/// warning, E0409, and generated agreements check clean). A calendar is
/// used when its name is a token of any other statement: names are unique,
/// and the generator writes calendar names only where they are references.
fn drop_unused_calendars(nodes: &mut Vec<Node>) {
    fn tokens<'a>(node: &'a Node, out: &mut BTreeSet<&'a str>) {
        let parts = match node {
            Node::Stmt(s) => &s.parts,
            Node::Block { head, body, group } => {
                for n in body {
                    tokens(n, out);
                }
                if group == "calendar" {
                    return;
                }
                head
            }
        };
        out.extend(parts.iter().filter_map(|p| match p {
            Part::Tok(t) => Some(t.as_str()),
            _ => None,
        }));
    }
    let mut used = BTreeSet::new();
    for n in nodes.iter() {
        tokens(n, &mut used);
    }
    let used: BTreeSet<String> = used.into_iter().map(str::to_owned).collect();
    nodes.retain(|n| match n {
        Node::Block { head, group, .. } if group == "calendar" => {
            matches!(head.get(1), Some(Part::Tok(name)) if used.contains(name))
        }
        _ => true,
    });
}

/// A per-period cap amount in a service's style, never below its tiers.
fn cap_amount(t: &mut Tape<'_>, s: &Service, currency: (&str, u32), bonus: bool) -> Vec<Part> {
    let (amount, period) = if bonus {
        (s.bonus_cap, s.bonus_period)
    } else {
        (s.credit_cap, s.credit_period)
    };
    if s.percent {
        let mut parts = vec![tok(pct(amount)), tok("of")];
        // `of fee` on a service counts in the fee's period.
        let bases: Vec<&str> = fee_bases(period)
            .iter()
            .copied()
            .filter(|b| *b != "fee" || bonus || s.fee == Some(period))
            .collect();
        parts.extend(toks(t.pick(&bases[..])));
        parts
    } else {
        money(t, currency, amount)
    }
}

/// A rolling cap counted in the credits' period.
fn rolling_cap(
    t: &mut Tape<'_>,
    s: &Service,
    currency: (&str, u32),
    (n, percent, amount): (u64, bool, u64),
) -> Vec<Part> {
    let unit = if n == 1 && t.bool_() {
        s.credit_period.noun().to_owned()
    } else {
        format!("{}s", s.credit_period.noun())
    };
    let mut parts = if percent {
        vec![tok(pct(amount)), tok("of"), tok("fees")]
    } else {
        money(t, currency, amount)
    };
    parts.extend([tok("per"), tok(n.to_string()), tok(unit)]);
    parts
}

/// An objective of one of the kinds; its target (in thousandths) when
/// credits and bonuses may be attached.
fn objective(
    t: &mut Tape<'_>,
    oname: &str,
    s: &Service,
    n_services: usize,
    calendars: &[String],
) -> (Node, Option<u64>) {
    let mut body = Vec::new();
    if n_services > 1 || t.bool_() {
        body.push(single(vec![tok("service"), tok(s.name.clone())]));
    }
    let clock = match t.below(3) {
        1 => Some("24x7".to_owned()),
        2 if !calendars.is_empty() => Some(t.pick(calendars).clone()),
        _ => None,
    };
    // A volume objective counts; it has no clock.
    let kind = t.below(4);
    let clock = clock.filter(|_| kind != 3);
    if let Some(c) = &clock {
        body.push(single(vec![tok("clock"), tok(c.clone())]));
    }
    let clock = clock
        .or_else(|| s.hours.clone())
        .unwrap_or_else(|| "24x7".to_owned());
    if t.one_in(3) {
        body.push(single(vec![tok("timezone"), tok(quote(t.pick(&ZONES)))]));
    }
    let period = t.pick(&ALL_PERIODS);
    let target = if t.bool_() {
        t.range(50, 100) * 1000
    } else {
        t.range(1, 100_000)
    };
    let mut credit_target = None;
    match kind {
        // Time to event, or calls.
        kind @ (0 | 1) => {
            let (noun, from, until) = if kind == 1 {
                ("calls", "offered", "answered")
            } else {
                t.pick(&[
                    ("tickets", "created", "replied"),
                    ("tickets", "created", "resolved"),
                    ("requests", "\"request.opened\"", "\"request.closed\""),
                    ("leads", "handed_over", "contacted"),
                ])
            };
            let mut measure = vec![
                tok("measure"),
                tok(noun),
                tok("from"),
                tok(from),
                tok("until"),
                tok(until),
            ];
            if t.one_in(3) {
                measure.push(tok("where"));
                measure.extend(condition(t, "queue", &["web".to_owned(), "app".to_owned()]));
            }
            body.push(single(measure));
            if kind == 1 {
                let mut parts = vec![tok("ignore"), tok("abandoned"), tok("within")];
                parts.push(tok(t.range(1, 60).to_string()));
                parts.push(tok(t.pick(&["seconds", "minutes"])));
                body.push(single(parts));
            }
            if t.bool_() {
                let mut parts = vec![tok("pause"), tok("while")];
                parts.extend(condition(
                    t,
                    "status",
                    &["waiting_on_customer".to_owned(), "on_hold".to_owned()],
                ));
                body.push(single(parts));
            }
            if t.bool_() {
                let mut parts = vec![tok("exclude")];
                parts.extend(condition(
                    t,
                    "cause",
                    &["customer".to_owned(), "force_majeure".to_owned()],
                ));
                body.push(stmt("exclude", parts));
            }
            let conditional = t.below(4);
            for g in 0..=conditional {
                let last = g == conditional;
                let on = match t.below(3) {
                    1 => Some("24x7".to_owned()),
                    2 if !calendars.is_empty() => Some(t.pick(calendars).clone()),
                    _ => None,
                };
                let cal = on.clone().unwrap_or_else(|| clock.clone());
                let mut parts = vec![tok("goal")];
                if last {
                    if conditional > 0 {
                        parts.push(tok("otherwise"));
                    }
                } else {
                    let values: Vec<String> = (0..1 + t.below(2))
                        .map(|k| format!("P{g}{}", ["", "b"][k]))
                        .collect();
                    parts.extend(condition(t, "priority", &values));
                    if t.one_in(3) {
                        parts.push(tok("and"));
                        parts.extend(condition(t, "channel", &["phone".to_owned()]));
                    }
                }
                parts.push(tok("within"));
                parts.extend(duration(t, cal == "24x7"));
                if let Some(on) = on {
                    parts.extend([tok("on"), tok(on)]);
                }
                body.push(stmt("goal", parts));
            }
            let mut parts = vec![tok("target"), tok(pct(target))];
            if t.bool_() {
                parts.extend([tok("of"), tok(noun)]);
            }
            parts.extend([tok("per"), tok(period.noun())]);
            body.push(single(parts));
            if t.one_in(3) {
                let src = if t.bool_() {
                    vec![single(vec![
                        tok("latency"),
                        tok(quote(
                            &format!("{oname}_seconds{{job=\"x\"}}").replace('-', "_"),
                        )),
                    ])]
                } else {
                    ratio_source(oname)
                };
                body.push(Node::Block {
                    head: vec![tok("source"), tok("prometheus")],
                    body: src,
                    group: "single:source".to_owned(),
                });
            }
            credit_target = Some(target);
        }
        // Availability.
        2 => {
            let mut parts = vec![tok("uptime"), tok("at"), tok("least"), tok(pct(target))];
            parts.extend([tok("per"), tok(period.noun())]);
            if t.one_in(3) {
                parts.push(tok("where"));
                parts.extend(condition(
                    t,
                    "component",
                    &["api".to_owned(), "auth".to_owned()],
                ));
            }
            body.push(single(parts));
            // An agreement may have several availability objectives, so
            // each names its items: by id, or by the records' `service`.
            let items = if t.bool_() {
                toks("items of service")
            } else {
                let mut parts = vec![tok("items")];
                for (i, id) in ["api-eu", "api-us", "auth"]
                    .iter()
                    .take(1 + t.below(3))
                    .enumerate()
                {
                    if i > 0 {
                        parts.push(Part::Comma);
                    }
                    parts.push(tok(quote(id)));
                }
                parts
            };
            body.push(single(items));
            let windows = weekly(t, true);
            body.extend(hours_lines(
                t,
                &windows,
                &[tok("exclude"), tok("maintenance")],
            ));
            if t.bool_() {
                let mut parts = vec![tok("exclude")];
                parts.extend(condition(t, "cause", &["customer".to_owned()]));
                body.push(stmt("exclude", parts));
            }
            if t.bool_() {
                let mut parts = toks("count outages of at least");
                parts.push(tok(t.range(1, 120).to_string()));
                parts.push(tok(t.pick(&["seconds", "minutes", "hours"])));
                body.push(single(parts));
            }
            let per_component = t.one_in(4);
            if per_component {
                body.push(single(vec![tok("per"), tok("component")]));
            } else {
                credit_target = Some(target);
            }
            if t.one_in(3) {
                body.push(Node::Block {
                    head: vec![tok("source"), tok("prometheus")],
                    body: ratio_source(oname),
                    group: "single:source".to_owned(),
                });
            }
        }
        // Volume.
        _ => {
            let noun = t.pick(&["leads", "complaints"]);
            let mut parts = vec![
                tok("count"),
                tok(noun),
                tok("on"),
                tok(t.pick(&["lead", "\"complaint.filed\""])),
            ];
            if t.one_in(3) {
                parts.push(tok("where"));
                parts.extend(condition(t, "qualified", &["yes".to_owned()]));
            }
            body.push(single(parts));
            let least = t.bool_();
            let n = if least {
                t.range(1, 500)
            } else {
                t.range(0, 500)
            };
            let mut parts = toks(if least { "at least" } else { "at most" });
            parts.push(tok(n.to_string()));
            if t.bool_() {
                parts.push(tok(noun));
            }
            parts.extend([tok("per"), tok(period.noun())]);
            body.push(single(parts));
        }
    }
    let mut head = vec![tok("objective"), tok(oname)];
    if t.bool_() {
        head.push(tok(quote(&text(t, "Response time"))));
    }
    (
        Node::Block {
            head,
            body,
            group: "objective".to_owned(),
        },
        credit_target,
    )
}

fn ratio_source(oname: &str) -> Vec<Node> {
    let metric = oname.replace('-', "_");
    vec![
        single(vec![
            tok("good"),
            tok(quote(&format!(
                "{metric}_good_total{{job=\"x\",code!~\"5..\"}}"
            ))),
        ]),
        single(vec![tok("total"), tok(quote(&format!("{metric}_total")))]),
    ]
}

/// A credits (or bonus) block: tiers on the right side of the target, in
/// order, each paying at least as much as the one before and no more than
/// the cap.
fn schedule(
    t: &mut Tape<'_>,
    oname: &str,
    s: &Service,
    currency: (&str, u32),
    target: u64,
    credits: bool,
) -> Node {
    let period = if credits {
        s.credit_period
    } else {
        s.bonus_period
    };
    let cap = if credits { s.credit_cap } else { s.bonus_cap };
    let mut head = vec![
        tok(if credits { "credits" } else { "bonus" }),
        tok("for"),
        tok(oname),
    ];
    // The objective's own period may already be the settlement period; the
    // `per` is written anyway when it is not, and sometimes when it is.
    head.extend([tok("per"), tok(period.noun())]);
    let mut body = Vec::new();
    let n = 1 + t.below(5);
    let mut threshold = target;
    let mut payout = if s.percent {
        t.range(1, cap.min(30_000))
    } else {
        t.range(1, cap.min(100_000))
    };
    for k in 0..n {
        if k > 0 {
            // Credits descend, bonuses ascend; stop when there is no room.
            let step = t.range(1, 5_000);
            let next = if credits {
                threshold.checked_sub(step).filter(|v| *v > 0)
            } else {
                Some(threshold + step).filter(|v| *v <= 100_000)
            };
            let Some(next) = next else { break };
            threshold = next;
            payout = (payout + t.range(0, 10_000)).min(cap);
        } else if t.bool_() {
            // The first tier need not sit on the target.
            threshold = if credits {
                threshold.saturating_sub(t.range(0, 1_000)).max(1)
            } else {
                (threshold + t.range(0, 1_000)).min(100_000)
            };
        }
        let mut parts = if credits {
            vec![tok("below")]
        } else {
            vec![tok("at"), tok("least")]
        };
        parts.extend([tok(pct(threshold)), tok(":")]);
        if s.percent {
            parts.extend([tok(pct(payout)), tok("of")]);
            parts.extend(toks(t.pick(fee_bases(period))));
        } else {
            parts.extend(money(t, currency, payout));
        }
        body.push(stmt("tier", parts));
    }
    let cap_here = if credits {
        s.credit_cap_at == 1
    } else {
        t.bool_()
    };
    if cap_here {
        let mut parts = vec![tok("cap")];
        parts.extend(cap_amount(t, s, currency, !credits));
        body.push(stmt("cap", parts));
    }
    if credits {
        if let Some(rolling) = s.rolling {
            let mut parts = vec![tok("cap")];
            parts.extend(rolling_cap(t, s, currency, rolling));
            body.push(stmt("cap", parts));
        }
        let window = t.bool_();
        if window {
            let mut parts = toks("claim within");
            parts.extend(term(t));
            if t.bool_() {
                parts.extend(toks("in writing"));
            }
            body.push(single(parts));
        }
        // Credits applied automatically take no claim statement (E0511).
        let applied = t.pick(&["", "applied on request", "applied automatically"]);
        let automatic = applied == "applied automatically";
        if !applied.is_empty() && (!automatic || !window) {
            body.push(single(toks(applied)));
        }
        if !automatic && t.bool_() {
            let by = quote(&text(t, "email to billing@example.com"));
            body.push(single(vec![tok("claim"), tok("by"), tok(by)]));
        }
        if window && !automatic && t.bool_() {
            body.push(single(toks("unclaimed credits lapse")));
        }
    }
    Node::Block {
        head,
        body,
        group: "schedule".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

/// How an agreement is laid out. The canonical layout is the zero tape.
struct Layout<'t, 'a> {
    t: &'t mut Tape<'a>,
    indent: &'static str,
    newline: &'static str,
    canonical: bool,
}

impl Layout<'_, '_> {
    fn space(&mut self) -> &'static str {
        if self.canonical {
            " "
        } else {
            self.t.pick(&[" ", " ", "  ", "\t", " \t ", "    "])
        }
    }

    fn comment(&mut self) -> Option<String> {
        (!self.canonical && self.t.one_in(5)).then(|| {
            self.t
                .pick(&[
                    "// a comment",
                    "//",
                    "// \"quoted\" { braces } \"\"\" and // more",
                    "// goal within 1 hour",
                ])
                .to_owned()
        })
    }

    fn blank_lines(&mut self, out: &mut String, depth: usize) {
        if self.canonical {
            return;
        }
        for _ in 0..self.t.below(3).saturating_sub(1) {
            if self.t.bool_() {
                out.push_str(&self.indent.repeat(depth));
                out.push_str(&self.comment().unwrap_or_default());
            }
            out.push_str(self.newline);
        }
    }

    /// Interleaves nodes of different groups, keeping each group's order.
    fn order(&mut self, nodes: &[Node]) -> Vec<Node> {
        if self.canonical {
            return nodes.to_vec();
        }
        let group = |n: &Node| match n {
            Node::Stmt(s) => s.group.clone(),
            Node::Block { group, .. } => group.clone(),
        };
        let mut queues: Vec<(String, std::collections::VecDeque<Node>)> = Vec::new();
        for n in nodes {
            let g = group(n);
            match queues.iter_mut().find(|(q, _)| *q == g) {
                Some((_, q)) => q.push_back(n.clone()),
                None => queues.push((g, std::collections::VecDeque::from([n.clone()]))),
            }
        }
        let mut out = Vec::new();
        loop {
            let open: Vec<usize> = (0..queues.len())
                .filter(|i| !queues[*i].1.is_empty())
                .collect();
            if open.is_empty() {
                return out;
            }
            let i = open[self.t.below(open.len())];
            out.extend(queues[i].1.pop_front());
        }
    }

    fn parts(&mut self, out: &mut String, parts: &[Part], depth: usize) {
        for (i, p) in parts.iter().enumerate() {
            match p {
                Part::Tok(s) => {
                    if i > 0 && !matches!(parts.get(i - 1), Some(Part::Comma | Part::CommaInLine)) {
                        out.push_str(self.space());
                    }
                    out.push_str(s);
                }
                Part::Comma | Part::CommaInLine => {
                    if !self.canonical && self.t.one_in(4) {
                        out.push_str(self.space());
                    }
                    out.push(',');
                    if matches!(p, Part::Comma) && !self.canonical && self.t.one_in(4) {
                        // A list may go on on the next line after a comma.
                        out.push_str(self.newline);
                        out.push_str(&self.indent.repeat(depth + 2));
                    } else {
                        out.push_str(self.space());
                    }
                }
                Part::Prose(text) => {
                    out.push_str(self.space());
                    let one_line = !text.contains('\n');
                    if one_line && (self.canonical || self.t.bool_()) {
                        out.push_str(&format!("\"\"\"{text}\"\"\""));
                    } else {
                        // Dedenting removes the indentation common to every line.
                        let pad = self.indent.repeat(depth + 1);
                        out.push_str("\"\"\"");
                        out.push_str(self.newline);
                        for line in text.lines() {
                            if !line.is_empty() {
                                out.push_str(&pad);
                                out.push_str(line);
                            }
                            out.push_str(self.newline);
                        }
                        out.push_str(&self.indent.repeat(depth));
                        out.push_str("\"\"\"");
                    }
                }
            }
        }
    }

    fn node(&mut self, out: &mut String, node: &Node, depth: usize) {
        self.blank_lines(out, depth);
        out.push_str(&self.indent.repeat(depth));
        match node {
            Node::Stmt(s) => {
                self.parts(out, &s.parts, depth);
                if let Some(c) = self.comment() {
                    out.push_str(self.space());
                    out.push_str(&c);
                }
                out.push_str(self.newline);
            }
            Node::Block { head, body, .. } => {
                self.parts(out, head, depth);
                if !self.canonical && self.t.one_in(6) {
                    // The opening brace of a nested block may go on the next line.
                    out.push_str(self.newline);
                    out.push_str(&self.indent.repeat(depth));
                    out.push('{');
                } else {
                    out.push_str(self.space());
                    out.push('{');
                }
                if let Some(c) = self.comment() {
                    out.push_str(self.space());
                    out.push_str(&c);
                }
                out.push_str(self.newline);
                for n in self.order(body) {
                    self.node(out, &n, depth + 1);
                }
                self.blank_lines(out, depth + 1);
                out.push_str(&self.indent.repeat(depth));
                out.push('}');
                out.push_str(self.newline);
            }
        }
    }

    fn print(&mut self, a: &Agreement, title: &str) -> String {
        let mut out = String::new();
        if !self.canonical && self.t.one_in(5) {
            out.push('\u{feff}');
        }
        if let Some(c) = self.comment() {
            out.push_str(&c);
            out.push_str(self.newline);
        }
        self.blank_lines(&mut out, 0);
        out.push_str("agreement");
        out.push_str(self.space());
        out.push_str(&quote(title));
        out.push_str(self.space());
        out.push('{');
        out.push_str(self.newline);
        for n in self.order(&a.nodes) {
            self.node(&mut out, &n, 1);
        }
        self.blank_lines(&mut out, 1);
        out.push('}');
        out.push_str(self.newline);
        if let Some(c) = self.comment() {
            out.push_str(&c);
            out.push_str(self.newline);
        }
        out
    }
}

fn canonical(a: &Agreement, title: &str) -> String {
    let mut none = Tape { data: &[], at: 0 };
    Layout {
        t: &mut none,
        indent: "  ",
        newline: "\n",
        canonical: true,
    }
    .print(a, title)
}

fn laid_out(a: &Agreement, title: &str, tape: &[u32]) -> String {
    let mut t = Tape { data: tape, at: 0 };
    let indent = t.pick(&["  ", "    ", "\t", " \t", "   "]);
    let newline = t.pick(&["\n", "\n", "\r\n"]);
    Layout {
        t: &mut t,
        indent,
        newline,
        canonical: false,
    }
    .print(a, title)
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

fn fail(what: &str, source: &str, diagnostics: &[slate::Diagnostic]) -> TestCaseError {
    TestCaseError::fail(format!(
        "{what}\n{}\n--- source ---\n{source}",
        slate_tests::human(diagnostics, "generated.sla", source)
    ))
}

fn property(spec: &[u32], layout: &[u32]) -> Result<(), TestCaseError> {
    let mut t = Tape { data: spec, at: 0 };
    let title = text(&mut t, "Generated agreement");
    let a = agreement(&mut t);
    let source = canonical(&a, &title);

    // It checks, with no diagnostic at all.
    let checked = slate::check(&source);
    if !checked.diagnostics.is_empty() {
        return Err(fail(
            "a valid agreement has diagnostics",
            &source,
            &checked.diagnostics,
        ));
    }
    let model = checked
        .model
        .ok_or_else(|| fail("no model", &source, &[]))?;

    // Documents: produced, deterministic, inert.
    let md = slate::render::to_markdown(&model);
    let html = slate::render::to_html(&model);
    prop_assert_eq!(&md, &slate::render::to_markdown(&model), "Markdown differs");
    prop_assert_eq!(&html, &slate::render::to_html(&model), "HTML differs");
    slate_fuzz::html_inert(&html);

    // Every rule-set target.
    for target in [
        slate::RulesTarget::Json,
        slate::RulesTarget::Prometheus,
        slate::RulesTarget::OpenSlo,
    ] {
        let (text, diagnostics) = slate::compile_rules(&source, target);
        prop_assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "{target:?}: {:?}",
            diagnostics.first()
        );
        let text =
            text.ok_or_else(|| fail(&format!("no {target:?} text"), &source, &diagnostics))?;
        prop_assert!(!text.is_empty());
        prop_assert_eq!(
            Some(text),
            slate::compile_rules(&source, target).0,
            "{:?} differs",
            target
        );
    }

    // Another layout: the same terms, the same fingerprint, the same documents.
    let other = laid_out(&a, &title, layout);
    let again = slate::check(&other);
    if !again.diagnostics.is_empty() {
        return Err(fail(
            &format!(
                "the same agreement laid out differently has diagnostics\n--- canonical ---\n{source}"
            ),
            &other,
            &again.diagnostics,
        ));
    }
    let relaid = again.model.ok_or_else(|| fail("no model", &other, &[]))?;
    if relaid.fingerprint() != model.fingerprint() {
        return Err(TestCaseError::fail(format!(
            "the fingerprint changed with the layout\n--- canonical ---\n{source}\n--- laid out ---\n{other}\n--- canonical JSON ---\n{}\n--- laid out JSON ---\n{}",
            model.canonical_json(),
            relaid.canonical_json()
        )));
    }
    prop_assert_eq!(md, slate::render::to_markdown(&relaid));
    prop_assert_eq!(html, slate::render::to_html(&relaid));

    // `slate fmt`: both layouts format; the result formats to itself, checks
    // clean and has the same fingerprint.
    for text in [&source, &other] {
        let formatted =
            slate::format(text).map_err(|d| fail("the agreement does not format", text, &d))?;
        prop_assert_eq!(
            slate::format(&formatted).ok(),
            Some(formatted.clone()),
            "formatting is not idempotent"
        );
        let checked = slate::check(&formatted);
        if !checked.diagnostics.is_empty() {
            return Err(fail(
                "the formatted agreement has diagnostics",
                &formatted,
                &checked.diagnostics,
            ));
        }
        prop_assert_eq!(
            checked.model.map(|m| m.fingerprint()),
            Some(model.fingerprint()),
            "formatting changed the fingerprint"
        );
    }
    Ok(())
}

fn tapes() -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    (
        proptest::collection::vec(any::<u32>(), 0..4000),
        proptest::collection::vec(any::<u32>(), 0..6000),
    )
}

#[test]
fn random_valid_agreements_check_render_compile_and_keep_their_fingerprint() {
    // A longer soak: SLATE_PROPERTY_CASES=100000 SLATE_PROPERTY_SEED=42.
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u32>().ok());
    let mut runner = slate_tests::seeded_runner(
        env("SLATE_PROPERTY_CASES").unwrap_or(1000),
        env("SLATE_PROPERTY_SEED").map_or(7, |s| s as u8),
    );
    let result = runner.run(&tapes(), |(spec, layout)| property(&spec, &layout));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The generator is worth something only if it reaches every kind of
/// statement: a few hundred tapes must produce each of them.
#[test]
fn the_generator_reaches_every_construct() {
    let mut runner = slate_tests::seeded_runner(200, 11);
    let mut seen = std::collections::BTreeSet::new();
    let wanted = [
        "party",
        "calendar",
        "closed",
        "service",
        "fee",
        "credit cap",
        "objective",
        "measure",
        "ignore",
        "pause",
        "goal",
        "otherwise",
        "uptime",
        "items of service",
        "items \"api-eu\"",
        "maintenance",
        "per component",
        "count",
        "at most",
        "credits",
        "bonus",
        "claim",
        "termination",
        "clause",
        "source prometheus",
        "latency",
        "report",
        "\"\"\"",
        "–",
        "JPY",
        "KWD",
    ];
    for _ in 0..200 {
        let (spec, _) = tapes().new_tree(&mut runner).expect("a tape").current();
        let mut t = Tape { data: &spec, at: 0 };
        let title = text(&mut t, "G");
        let source = canonical(&agreement(&mut t), &title);
        for w in wanted {
            if source.contains(w) {
                seen.insert(w);
            }
        }
        // Overnight hours: an end not after the start.
        for line in source.lines() {
            if let Some((a, b)) = line.split_whitespace().find_map(|w| {
                w.split_once('-')
                    .filter(|(a, b)| a.len() == 5 && b.len() == 5)
            }) && b <= a
            {
                seen.insert("overnight");
            }
            // A run of days through Sunday into Monday.
            let words: Vec<&str> = line.split_whitespace().collect();
            for w in words.windows(3) {
                let day = |d: &str| DAYS.iter().position(|x| *x == d.trim_end_matches(','));
                if let (Some(a), "to", Some(b)) = (day(w[0]), w[1], day(w[2]))
                    && a > b
                {
                    seen.insert("wrapping run");
                }
            }
        }
    }
    let missing: Vec<&&str> = wanted
        .iter()
        .chain(&["overnight", "wrapping run"])
        .filter(|w| !seen.contains(**w))
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}
