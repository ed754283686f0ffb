//! Lowering: pest pairs to the typed AST, one `lower_*` function per rule.
//!
//! Lowering never panics. A pair of a shape the grammar cannot produce is an
//! internal-error diagnostic (`slate::E0001`), and the statement is dropped.
//! Each `bad_line` (the grammar's recovery catch-all) becomes one diagnostic
//! that says exactly what is wrong with that line.

use pest::Parser;
use pest::iterators::Pair;

use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::parser::{Rule, SlateParser, describe, is_keyword};
use crate::span::Span;

/// The largest whole number Slate accepts; larger numbers are surely mistakes.
pub const MAX_INTEGER: u64 = 1_000_000_000;

/// The block a statement appears in, for explaining bad lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// The top of the file.
    File,
    /// Directly inside `agreement`.
    Agreement,
    /// Inside `party`.
    Party,
    /// Inside `calendar`.
    Calendar,
    /// Inside `service`.
    Service,
    /// Inside `objective`.
    Objective,
    /// Inside `credits`.
    Credits,
    /// Inside `bonus`.
    Bonus,
    /// Inside `termination`.
    Termination,
}

impl Block {
    fn noun(self) -> &'static str {
        match self {
            Block::File => "the file",
            Block::Agreement => "an agreement",
            Block::Party => "a party",
            Block::Calendar => "a calendar",
            Block::Service => "a service",
            Block::Objective => "an objective",
            Block::Credits => "a credits block",
            Block::Bonus => "a bonus block",
            Block::Termination => "a termination block",
        }
    }

    fn prefix_rule(self) -> Rule {
        match self {
            Block::File => Rule::prefix_of_file,
            Block::Agreement => Rule::prefix_of_agreement,
            Block::Party => Rule::prefix_of_party,
            Block::Calendar => Rule::prefix_of_calendar,
            Block::Service => Rule::prefix_of_service,
            Block::Objective => Rule::prefix_of_objective,
            Block::Credits => Rule::prefix_of_credits,
            Block::Bonus => Rule::prefix_of_bonus,
            Block::Termination => Rule::prefix_of_termination,
        }
    }

    fn line_rule(self) -> Rule {
        match self {
            Block::File => Rule::line_of_file,
            Block::Agreement => Rule::line_of_agreement,
            Block::Party => Rule::line_of_party,
            Block::Calendar => Rule::line_of_calendar,
            Block::Service => Rule::line_of_service,
            Block::Objective => Rule::line_of_objective,
            Block::Credits => Rule::line_of_credits,
            Block::Bonus => Rule::line_of_bonus,
            Block::Termination => Rule::line_of_termination,
        }
    }

    /// The statements a block accepts, by leading word, with an example of each.
    pub fn statements(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Block::File => &[("agreement", "agreement \"Managed Support\" { … }")],
            Block::Agreement => &[
                ("id", "id \"LD-2026-014\""),
                ("version", "version \"2.1\""),
                ("effective", "effective 2026-01-01 to 2027-12-31"),
                ("timezone", "timezone \"Europe/London\""),
                ("currency", "currency GBP"),
                ("owner", "owner provider"),
                ("review", "review every 3 months"),
                ("report", "report monthly to customer"),
                ("party", "party provider \"Acme Ltd\" { … }"),
                ("calendar", "calendar office_hours \"Office hours\" { … }"),
                ("service", "service support \"Technical support\" { … }"),
                (
                    "objective",
                    "objective first_response \"First response\" { … }",
                ),
                ("credits", "credits for uptime { … }"),
                ("bonus", "bonus for uptime { … }"),
                ("termination", "termination { … }"),
                ("clause", "clause liability \"Liability\" \"\"\"…\"\"\""),
            ],
            Block::Party => &[
                ("role", "role provider"),
                ("address", "address \"1 High Street, London\""),
                ("contact", "contact \"support@example.com\""),
                ("signatory", "signatory \"Jane Roe\", \"Managing Director\""),
            ],
            Block::Calendar => &[
                ("timezone", "timezone \"Europe/London\""),
                ("monday", "monday to friday 09:00-17:30"),
                ("tuesday", "tuesday 09:00-17:30"),
                ("wednesday", "wednesday 09:00-17:30"),
                ("thursday", "thursday 09:00-17:30"),
                ("friday", "friday 09:00-17:30"),
                ("saturday", "saturday 10:00-14:00"),
                ("sunday", "sunday 10:00-14:00"),
                ("closed", "closed 2026-12-25 \"Christmas Day\""),
            ],
            Block::Service => &[
                ("provider", "provider provider"),
                ("customer", "customer customer"),
                ("hours", "hours office_hours"),
                ("channels", "channels email, phone, portal"),
                ("fee", "fee GBP 4000.00 per month"),
                ("description", "description \"\"\"…\"\"\""),
                ("scope", "scope \"\"\"…\"\"\""),
                ("credit", "credit cap 20% of monthly fee"),
            ],
            Block::Objective => &[
                ("service", "service support"),
                ("measure", "measure tickets from created until replied"),
                ("pause", "pause while status is \"waiting_on_customer\""),
                ("clock", "clock office_hours"),
                ("goal", "goal priority \"P1\" within 1 hour"),
                ("target", "target 95% of tickets per month"),
                ("ignore", "ignore abandoned within 5 seconds"),
                ("uptime", "uptime at least 99.9% per month"),
                ("exclude", "exclude cause \"customer\""),
                ("count", "count leads on lead where qualified is \"yes\""),
                ("at", "at least 200 per month"),
                ("per", "per component"),
                ("timezone", "timezone \"Europe/London\""),
            ],
            Block::Credits => &[
                ("below", "below 99.9% : 10% of monthly fee"),
                ("cap", "cap 100% of monthly fee"),
                ("claim", "claim within 30 days"),
            ],
            Block::Bonus => &[
                ("at", "at least 99.99% : 5% of monthly fee"),
                ("cap", "cap 10% of monthly fee"),
            ],
            Block::Termination => &[
                ("notice", "notice 30 days in writing"),
                ("for", "for cause after 3 consecutive months in breach"),
                ("suspend", "suspend after 14 days without customer response"),
            ],
        }
    }

    const NESTED: [Block; 8] = [
        Block::Agreement,
        Block::Party,
        Block::Calendar,
        Block::Service,
        Block::Objective,
        Block::Credits,
        Block::Bonus,
        Block::Termination,
    ];
}

/// The result of parsing: the tree that could be built, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The syntax tree; statements that could not be read are left out (and reported).
    pub file: File,
    /// Syntax diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a whole `.sla` source text.
pub fn parse(src: &str) -> Parsed {
    let mut lower = Lower {
        src,
        dropped: false,
        open_head: None,
        seen_agreement: false,
        open_title: String::new(),
        diags: Vec::new(),
    };
    let file = match SlateParser::parse(Rule::file, src) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => lower.file(file),
            None => File::default(),
        },
        // The file rule accepts any text; this is defensive.
        Err(err) => {
            lower.diags.push(lower.pest_error(
                &err,
                0,
                Code::MalformedStatement,
                "the file cannot be read as Slate",
            ));
            File::default()
        }
    };
    let mut diagnostics = lower.diags;
    crate::diagnostic::sort(&mut diagnostics);
    Parsed { file, diagnostics }
}

struct Lower<'s> {
    src: &'s str,
    /// Whether a line of the block being lowered was dropped as a bad line.
    dropped: bool,
    /// The header of the block being lowered, for "not closed" diagnostics.
    open_head: Option<Span>,
    seen_agreement: bool,
    /// How the block being lowered is named in messages: "objective `uptime`".
    open_title: String,
    diags: Vec<Diagnostic>,
}

/// The children of a pair, read in order; keywords are skipped unless asked for.
struct Inner<'i> {
    pairs: Vec<Pair<'i, Rule>>,
    pos: usize,
}

impl<'i> Inner<'i> {
    fn of(pair: &Pair<'i, Rule>) -> Self {
        Self {
            pairs: pair.clone().into_inner().collect(),
            pos: 0,
        }
    }

    /// The next child of `rule`, skipping keywords of other kinds.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        let mut i = self.pos;
        while let Some(p) = self.pairs.get(i) {
            if p.as_rule() == rule {
                self.pos = i + 1;
                return Some(p.clone());
            }
            if !is_keyword(p.as_rule()) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// The next child of any of `rules`.
    fn take_any(&mut self, rules: &[Rule]) -> Option<Pair<'i, Rule>> {
        rules.iter().find_map(|r| self.take(*r))
    }

    fn first_span(&self) -> Option<Span> {
        self.pairs.first().map(|p| p.as_span().into())
    }
}

fn span(p: &Pair<'_, Rule>) -> Span {
    p.as_span().into()
}

/// How a block is named in messages: "objective `uptime`", "the termination block".
fn block_title(p: &Pair<'_, Rule>) -> String {
    let mut words = p.as_str().split_whitespace();
    match (words.next(), words.next()) {
        (Some("termination"), _) => "the termination block".to_owned(),
        (Some(kind @ ("credits" | "bonus")), Some("for")) => {
            format!(
                "the {kind} block for `{}`",
                words.next().unwrap_or("").trim_end_matches('{')
            )
        }
        (Some(kind), Some(name)) => format!("{kind} `{}`", name.trim_end_matches('{')),
        _ => "this block".to_owned(),
    }
}

/// The first line of a block, up to and including its `{`.
fn head_span(p: &Pair<'_, Rule>) -> Span {
    let text = p.as_str();
    let end = text.find('{').map_or(line_text(text).len(), |i| i + 1);
    Span::new(p.as_span().start(), p.as_span().start() + end)
}

impl<'s> Lower<'s> {
    fn internal(&mut self, span: Span, what: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::Internal,
                span,
                format!("internal error: unexpected syntax tree in {what}"),
            )
            .label("this could not be read")
            .help("this is a bug in Slate; please report it with this file"),
        );
    }

    /// Runs `f` on a statement; a `None` means the tree had an unexpected shape.
    fn stmt<T>(
        &mut self,
        pair: &Pair<'s, Rule>,
        f: impl FnOnce(&mut Self, &mut Inner<'s>) -> Option<T>,
    ) -> Option<Stmt<T>> {
        let mut inner = Inner::of(pair);
        let whole = span(pair);
        let keyword = inner.first_span().unwrap_or(whole);
        match f(self, &mut inner) {
            Some(value) => Some(Stmt {
                value,
                keyword,
                span: whole,
            }),
            None => {
                self.internal(whole, &describe(pair.as_rule()));
                None
            }
        }
    }

    // ---------------------------------------------------------------- leaves

    fn name(&mut self, p: Pair<'s, Rule>) -> Name {
        Name {
            text: p.as_str().to_owned(),
            span: span(&p),
        }
    }

    fn string(&mut self, p: Pair<'s, Rule>) -> Text {
        let whole = span(&p);
        if p.as_rule() == Rule::prose {
            let body = p.into_inner().next().map_or("", |t| t.as_str());
            return Text {
                value: dedent(body),
                span: whole,
            };
        }
        let raw = p.into_inner().next();
        let (raw, start) = match &raw {
            Some(t) => (t.as_str(), t.as_span().start()),
            None => ("", whole.start),
        };
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, e @ ('"' | '\\'))) => value.push(e),
                Some((j, e)) => {
                    let at = Span::new(start + i, start + j + e.len_utf8());
                    self.diags.push(
                        Diagnostic::new(Code::InvalidEscape, at, format!("invalid escape `\\{e}` in string"))
                            .label("not an escape Slate knows")
                            .help("only `\\\"` and `\\\\` are escapes; for longer text with line breaks use a prose block `\"\"\"…\"\"\"`"),
                    );
                    value.push(e);
                }
                None => {}
            }
        }
        Text { value, span: whole }
    }

    fn integer(&mut self, p: Pair<'s, Rule>) -> Int {
        let at = span(&p);
        let value = match p.as_str().parse::<u64>() {
            Ok(v) if v <= MAX_INTEGER => v,
            _ => {
                self.diags.push(
                    Diagnostic::new(
                        Code::NumberTooLarge,
                        at,
                        format!("number `{}` is too large", p.as_str()),
                    )
                    .label("too large")
                    .help(format!("whole numbers in Slate are at most {MAX_INTEGER}")),
                );
                MAX_INTEGER
            }
        };
        Int { value, span: at }
    }

    fn number(&mut self, p: Pair<'s, Rule>) -> Number {
        let at = span(&p);
        let text: String = p.as_str().chars().filter(|c| *c != ',').collect();
        let digits = text.split('.').next().map_or(0, str::len);
        if digits > 15 {
            self.diags.push(
                Diagnostic::new(
                    Code::NumberTooLarge,
                    at,
                    format!("number `{}` is too large", p.as_str()),
                )
                .label("too large")
                .help("numbers in Slate have at most 15 digits before the decimal point"),
            );
            return Number {
                text: "0".into(),
                span: at,
            };
        }
        if text.split('.').nth(1).is_some_and(|f| f.len() > 12) {
            self.diags.push(
                Diagnostic::new(
                    Code::NumberTooLarge,
                    at,
                    format!("number `{}` has too many decimals", p.as_str()),
                )
                .label("too many decimals")
                .help("numbers in Slate have at most 12 digits after the decimal point"),
            );
            return Number {
                text: "0".into(),
                span: at,
            };
        }
        Number { text, span: at }
    }

    /// `99.9%` → the number `99.9`.
    fn percent(&mut self, p: Pair<'s, Rule>) -> Option<Number> {
        let inner = p.into_inner().next()?;
        Some(self.number(inner))
    }

    fn date(&mut self, p: Pair<'s, Rule>) -> Option<Date> {
        let s = p.as_str();
        Some(Date {
            year: s.get(0..4)?.parse().ok()?,
            month: s.get(5..7)?.parse().ok()?,
            day: s.get(8..10)?.parse().ok()?,
            span: span(&p),
        })
    }

    fn time(&mut self, p: Pair<'s, Rule>) -> Option<Time> {
        let s = p.as_str();
        Some(Time {
            hour: s.get(0..2)?.parse().ok()?,
            minute: s.get(3..5)?.parse().ok()?,
            span: span(&p),
        })
    }

    fn time_range(&mut self, p: Pair<'s, Rule>) -> Option<TimeRange> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let from = self.time(inner.take(Rule::time)?)?;
        let to = self.time(inner.take(Rule::time)?)?;
        Some(TimeRange {
            from,
            to,
            span: whole,
        })
    }

    fn days(&mut self, p: Pair<'s, Rule>) -> Option<Vec<DayRange>> {
        let mut out = Vec::new();
        for range in p.into_inner() {
            let whole = span(&range);
            let mut inner = Inner::of(&range);
            let from = Weekday::from_name(inner.take(Rule::weekday)?.as_str())?;
            let to = match inner.take(Rule::weekday) {
                Some(d) => Weekday::from_name(d.as_str())?,
                None => from,
            };
            out.push(DayRange {
                from,
                to,
                span: whole,
            });
        }
        Some(out)
    }

    fn period(&mut self, p: Pair<'s, Rule>) -> Option<PeriodLit> {
        Some(PeriodLit {
            period: Period::parse(p.as_str())?,
            span: span(&p),
        })
    }

    fn period_count(&mut self, p: Pair<'s, Rule>) -> Option<PeriodCount> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let count = self.integer(inner.take(Rule::integer)?);
        let unit = self.period(inner.take(Rule::period_unit)?)?;
        Some(PeriodCount {
            count,
            unit,
            span: whole,
        })
    }

    fn duration(&mut self, p: Pair<'s, Rule>) -> Option<Duration> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let count = self.integer(inner.take(Rule::integer)?);
        let unit_pair = inner.take(Rule::duration_unit)?;
        let words: Vec<&str> = unit_pair.as_str().split_whitespace().collect();
        let unit = match words.as_slice() {
            ["business", "day" | "days"] => DurationUnit::BusinessDays,
            ["business", "hour" | "hours"] => DurationUnit::BusinessHours,
            ["second" | "seconds"] => DurationUnit::Seconds,
            ["minute" | "minutes"] => DurationUnit::Minutes,
            ["hour" | "hours"] => DurationUnit::Hours,
            ["day" | "days"] => DurationUnit::Days,
            ["week" | "weeks"] => DurationUnit::Weeks,
            ["month" | "months"] => DurationUnit::Months,
            _ => return None,
        };
        Some(Duration {
            count,
            unit,
            unit_span: span(&unit_pair),
            span: whole,
        })
    }

    fn money(&mut self, p: Pair<'s, Rule>) -> Option<Money> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let currency = self.name(inner.take(Rule::currency_code)?);
        let amount = self.number(inner.take(Rule::amount)?);
        Some(Money {
            currency,
            amount,
            span: whole,
        })
    }

    fn event(&mut self, p: Pair<'s, Rule>) -> Option<Event> {
        let inner = p.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::ident => Text {
                value: inner.as_str().to_owned(),
                span: span(&inner),
            },
            _ => self.string(inner),
        })
    }

    fn ident_list(&mut self, p: Pair<'s, Rule>) -> Vec<Name> {
        p.into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.name(p))
            .collect()
    }

    fn condition(&mut self, p: Pair<'s, Rule>) -> Option<Condition> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let field = self.name(inner.take(Rule::ident)?);
        let values = inner
            .take(Rule::value_list)?
            .into_inner()
            .filter(|v| v.as_rule() == Rule::string)
            .map(|v| self.string(v))
            .collect();
        Some(Condition {
            field,
            values,
            span: whole,
        })
    }

    fn conditions(&mut self, p: Pair<'s, Rule>) -> Option<Vec<Condition>> {
        p.into_inner()
            .filter(|c| c.as_rule() == Rule::condition)
            .map(|c| self.condition(c))
            .collect()
    }

    fn optional_filter(&mut self, inner: &mut Inner<'s>) -> Option<Vec<Condition>> {
        match inner.take(Rule::conditions) {
            Some(c) => self.conditions(c),
            None => Some(Vec::new()),
        }
    }

    fn fee_basis(&mut self, p: Pair<'s, Rule>) -> Option<FeeBasis> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let period = match inner.take(Rule::cadence) {
            Some(c) => Some(Period::parse(c.as_str())?),
            None => inner.take(Rule::annual).map(|_| Period::Year),
        };
        Some(FeeBasis {
            period,
            span: whole,
        })
    }

    fn payout(&mut self, p: Pair<'s, Rule>) -> Option<Payout> {
        let mut inner = Inner::of(&p);
        if let Some(m) = inner.take(Rule::money) {
            return Some(Payout::Fixed(self.money(m)?));
        }
        let percent = self.percent(inner.take(Rule::percent)?)?;
        let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
        Some(Payout::Percent { percent, of })
    }

    fn cap_amount(&mut self, p: Pair<'s, Rule>) -> Option<Cap> {
        let mut inner = Inner::of(&p);
        if let Some(m) = inner.take(Rule::money) {
            let money = self.money(m)?;
            return Some(match inner.take(Rule::period_count) {
                Some(over) => Cap::RollingFixed {
                    money,
                    over: self.period_count(over)?,
                },
                None => Cap::Fixed(money),
            });
        }
        let percent = self.percent(inner.take(Rule::percent)?)?;
        if let Some(over) = inner.take(Rule::period_count) {
            return Some(Cap::RollingPercent {
                percent,
                over: self.period_count(over)?,
            });
        }
        let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
        Some(Cap::Percent { percent, of })
    }

    // ---------------------------------------------------------------- blocks

    fn file(&mut self, pair: Pair<'s, Rule>) -> File {
        let mut file = File::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::agreement => {
                    self.seen_agreement = true;
                    if let Some(a) = self.agreement(p) {
                        file.agreements.push(a);
                    }
                }
                Rule::top_bad_line => {
                    self.bad_line(&p, Block::File);
                    file.recovered = true;
                }
                Rule::EOI => {}
                _ => self.internal(span(&p), "the file"),
            }
        }
        file
    }

    fn agreement(&mut self, pair: Pair<'s, Rule>) -> Option<Agreement> {
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let title_pair = inner.take(Rule::string)?;
        let head = Span::new(whole.start, span(&title_pair).end);
        let title = self.string(title_pair);
        let mut items = Vec::new();
        let mut recovered = false;
        for p in pair.into_inner() {
            let item = match p.as_rule() {
                Rule::k_agreement | Rule::string => continue,
                Rule::id_stmt => self.text_stmt(&p).map(Item::Id),
                Rule::version_stmt => self.text_stmt(&p).map(Item::Version),
                Rule::timezone_stmt => self.text_stmt(&p).map(Item::Timezone),
                Rule::effective_stmt => self
                    .stmt(&p, |l, i| {
                        let from = l.date(i.take(Rule::date)?)?;
                        let to = match i.take(Rule::date) {
                            Some(d) => Some(l.date(d)?),
                            None => None,
                        };
                        Some(Effective { from, to })
                    })
                    .map(Item::Effective),
                Rule::currency_stmt => self
                    .stmt(&p, |l, i| Some(l.name(i.take(Rule::currency_code)?)))
                    .map(Item::Currency),
                Rule::owner_stmt => self.name_stmt(&p, Rule::ident).map(Item::Owner),
                Rule::review_stmt => self
                    .stmt(&p, |l, i| {
                        if let Some(pc) = i.take(Rule::period_count) {
                            return l.period_count(pc);
                        }
                        let unit = l.period(i.take(Rule::period_unit)?)?;
                        Some(PeriodCount {
                            count: Int {
                                value: 1,
                                span: unit.span,
                            },
                            unit,
                            span: unit.span,
                        })
                    })
                    .map(Item::Review),
                Rule::report_stmt => self
                    .stmt(&p, |l, i| {
                        let title = i.take(Rule::string).map(|s| l.string(s));
                        let cadence = l.period(i.take(Rule::cadence)?)?;
                        let from = match i.take(Rule::k_from) {
                            Some(_) => Some(l.name(i.take(Rule::ident)?)),
                            None => None,
                        };
                        let to = l.ident_list(i.take(Rule::ident_list)?);
                        Some(Report {
                            title,
                            cadence,
                            from,
                            to,
                        })
                    })
                    .map(Item::Report),
                Rule::party_block => self.party(p).map(Item::Party),
                Rule::calendar_block => self.calendar(p).map(Item::Calendar),
                Rule::service_block => self.service(p).map(Item::Service),
                Rule::objective_block => self.objective(p).map(Item::Objective),
                Rule::credits_block => self.schedule(p, Block::Credits).map(Item::Credits),
                Rule::bonus_block => self.schedule(p, Block::Bonus).map(Item::Bonus),
                Rule::termination_block => self.termination(p).map(Item::Termination),
                Rule::clause_block => self.clause(p).map(Item::Clause),
                Rule::bad_item => {
                    self.bad_line(&p, Block::Agreement);
                    recovered = true;
                    None
                }
                Rule::block_end => {
                    self.check_closed(&p, head, "the agreement");
                    None
                }
                _ => {
                    self.internal(span(&p), "an agreement");
                    None
                }
            };
            items.extend(item);
        }
        Some(Agreement {
            recovered,
            title,
            items,
            head,
            span: whole,
        })
    }

    fn text_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Text>> {
        self.stmt(p, |l, i| {
            Some(l.string(i.take_any(&[Rule::string, Rule::prose])?))
        })
    }

    fn name_stmt(&mut self, p: &Pair<'s, Rule>, rule: Rule) -> Option<Stmt<Name>> {
        self.stmt(p, |l, i| Some(l.name(i.take(rule)?)))
    }

    /// The name and optional title of a block header; the rest of the children are its statements.
    fn head(&mut self, pair: &Pair<'s, Rule>) -> Option<(Name, Option<Text>)> {
        let mut inner = Inner::of(pair);
        let name = self.name(inner.take(Rule::ident)?);
        let title = inner.take(Rule::string).map(|s| self.string(s));
        Some((name, title))
    }

    /// The statements of a block: children after the header that are not keywords or header parts.
    fn body(pair: &Pair<'s, Rule>) -> impl Iterator<Item = Pair<'s, Rule>> {
        pair.clone().into_inner().filter(|p| {
            !is_keyword(p.as_rule())
                && !matches!(p.as_rule(), Rule::ident | Rule::string | Rule::period)
        })
    }

    /// Reports a block whose `}` is missing; `p` is its `block_end`.
    fn check_closed(&mut self, p: &Pair<'s, Rule>, head: Span, what: &str) {
        if !p.as_str().is_empty() {
            return;
        }
        let at = span(p);
        let mut d = Diagnostic::new(Code::UnclosedBlock, head, format!("{what} is not closed"))
            .label("this block has no closing `}`")
            .help("add `}` on its own line where the block ends");
        if at.start < self.src.len() {
            d = d.related(Span::new(at.start, at.start), "the next block starts here");
        }
        self.diags.push(d);
    }

    fn party(&mut self, pair: Pair<'s, Rule>) -> Option<Party> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let (name, legal_name) = self.head(&pair)?;
        let legal_name = legal_name?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::role_stmt => self
                    .stmt(&p, |l, i| Some(l.ident_list(i.take(Rule::ident_list)?)))
                    .map(PartyStmt::Role),
                Rule::address_stmt => self.text_stmt(&p).map(PartyStmt::Address),
                Rule::contact_stmt => self
                    .stmt(&p, |l, i| {
                        let mut out = Vec::new();
                        while let Some(s) = i.take(Rule::string) {
                            out.push(l.string(s));
                        }
                        Some(out)
                    })
                    .map(PartyStmt::Contact),
                Rule::signatory_stmt => self
                    .stmt(&p, |l, i| {
                        let name = l.string(i.take(Rule::string)?);
                        let title = i.take(Rule::string).map(|s| l.string(s));
                        Some(Signatory { name, title })
                    })
                    .map(PartyStmt::Signatory),
                _ => self.other(&p, Block::Party),
            };
            stmts.extend(s);
        }
        Some(Party {
            recovered: self.dropped,
            name,
            legal_name,
            stmts,
            span: span(&pair),
        })
    }

    fn hours(&mut self, i: &mut Inner<'s>) -> Option<Hours> {
        let days = self.days(i.take(Rule::days)?)?;
        let mut ranges = Vec::new();
        while let Some(r) = i.take(Rule::time_range) {
            ranges.push(self.time_range(r)?);
        }
        Some(Hours { days, ranges })
    }

    fn calendar(&mut self, pair: Pair<'s, Rule>) -> Option<Calendar> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::timezone_stmt => self.text_stmt(&p).map(CalendarStmt::Timezone),
                Rule::hours_stmt => self.stmt(&p, |l, i| l.hours(i)).map(CalendarStmt::Hours),
                Rule::closed_stmt => self
                    .stmt(&p, |l, i| {
                        let from = l.date(i.take(Rule::date)?)?;
                        let to = match i.take(Rule::date) {
                            Some(d) => Some(l.date(d)?),
                            None => None,
                        };
                        let reason = i.take(Rule::string).map(|s| l.string(s));
                        Some(Closed { from, to, reason })
                    })
                    .map(CalendarStmt::Closed),
                _ => self.other(&p, Block::Calendar),
            };
            stmts.extend(s);
        }
        Some(Calendar {
            recovered: self.dropped,
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    fn service(&mut self, pair: Pair<'s, Rule>) -> Option<Service> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::provider_stmt => self.name_stmt(&p, Rule::ident).map(ServiceStmt::Provider),
                Rule::customer_stmt => self.name_stmt(&p, Rule::ident).map(ServiceStmt::Customer),
                Rule::service_hours_stmt => self
                    .name_stmt(&p, Rule::calendar_ref)
                    .map(ServiceStmt::Hours),
                Rule::channels_stmt => self
                    .stmt(&p, |l, i| Some(l.ident_list(i.take(Rule::ident_list)?)))
                    .map(ServiceStmt::Channels),
                Rule::fee_stmt => self
                    .stmt(&p, |l, i| {
                        let money = l.money(i.take(Rule::money)?)?;
                        let per = l.period(i.take(Rule::period)?)?;
                        Some(Fee { money, per })
                    })
                    .map(ServiceStmt::Fee),
                Rule::description_stmt => self.text_stmt(&p).map(ServiceStmt::Description),
                Rule::scope_stmt => self.text_stmt(&p).map(ServiceStmt::Scope),
                Rule::service_cap_stmt => self
                    .stmt(&p, |l, i| l.cap_amount(i.take(Rule::cap_amount)?))
                    .map(ServiceStmt::CreditCap),
                _ => self.other(&p, Block::Service),
            };
            stmts.extend(s);
        }
        Some(Service {
            recovered: self.dropped,
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    fn objective(&mut self, pair: Pair<'s, Rule>) -> Option<Objective> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::objective_service_stmt => {
                    self.name_stmt(&p, Rule::ident).map(ObjectiveStmt::Service)
                }
                Rule::measure_stmt => self
                    .stmt(&p, |l, i| {
                        let noun = l.name(i.take(Rule::ident)?);
                        let start = l.event(i.take(Rule::event)?)?;
                        let stop = l.event(i.take(Rule::event)?)?;
                        let filter = l.optional_filter(i)?;
                        Some(Measure {
                            noun,
                            start,
                            stop,
                            filter,
                        })
                    })
                    .map(ObjectiveStmt::Measure),
                Rule::pause_stmt => self
                    .stmt(&p, |l, i| l.condition(i.take(Rule::condition)?))
                    .map(ObjectiveStmt::Pause),
                Rule::clock_stmt => self
                    .name_stmt(&p, Rule::calendar_ref)
                    .map(ObjectiveStmt::Clock),
                Rule::goal_stmt => self
                    .stmt(&p, |l, i| {
                        let when = if let Some(o) = i.take(Rule::k_otherwise) {
                            GoalWhen::Otherwise(span(&o))
                        } else if let Some(c) = i.take(Rule::conditions) {
                            GoalWhen::When(l.conditions(c)?)
                        } else {
                            GoalWhen::Always
                        };
                        let within = l.duration(i.take(Rule::duration)?)?;
                        let on = i.take(Rule::calendar_ref).map(|c| l.name(c));
                        Some(Goal { when, within, on })
                    })
                    .map(ObjectiveStmt::Goal),
                Rule::target_stmt => self
                    .stmt(&p, |l, i| {
                        let percent = l.percent(i.take(Rule::percent)?)?;
                        let of = i.take(Rule::ident).map(|n| l.name(n));
                        let per = l.period(i.take(Rule::period)?)?;
                        Some(Target { percent, of, per })
                    })
                    .map(ObjectiveStmt::Target),
                Rule::ignore_stmt => self
                    .stmt(&p, |l, i| {
                        let event = l.event(i.take(Rule::event)?)?;
                        let within = l.duration(i.take(Rule::duration)?)?;
                        Some(Ignore { event, within })
                    })
                    .map(ObjectiveStmt::Ignore),
                Rule::uptime_stmt => self
                    .stmt(&p, |l, i| {
                        let percent = l.percent(i.take(Rule::percent)?)?;
                        let per = l.period(i.take(Rule::period)?)?;
                        let filter = l.optional_filter(i)?;
                        Some(Uptime {
                            percent,
                            per,
                            filter,
                        })
                    })
                    .map(ObjectiveStmt::Uptime),
                Rule::maintenance_stmt => self
                    .stmt(&p, |l, i| l.hours(i))
                    .map(ObjectiveStmt::Maintenance),
                Rule::exclude_stmt => self
                    .stmt(&p, |l, i| l.condition(i.take(Rule::condition)?))
                    .map(ObjectiveStmt::Exclude),
                Rule::min_outage_stmt => self
                    .stmt(&p, |l, i| l.duration(i.take(Rule::duration)?))
                    .map(ObjectiveStmt::MinOutage),
                Rule::count_stmt => self
                    .stmt(&p, |l, i| {
                        let noun = l.name(i.take(Rule::ident)?);
                        let event = l.event(i.take(Rule::event)?)?;
                        let filter = l.optional_filter(i)?;
                        Some(Count {
                            noun,
                            event,
                            filter,
                        })
                    })
                    .map(ObjectiveStmt::Count),
                Rule::threshold_stmt => self
                    .stmt(&p, |l, i| {
                        let at_least = i.take(Rule::k_at_least).is_some();
                        let count = l.integer(i.take(Rule::integer)?);
                        let noun = i.take(Rule::ident).map(|n| l.name(n));
                        let per = l.period(i.take(Rule::period)?)?;
                        Some(Threshold {
                            at_least,
                            count,
                            noun,
                            per,
                        })
                    })
                    .map(ObjectiveStmt::Threshold),
                Rule::per_component_stmt => self
                    .stmt(&p, |_, _| Some(()))
                    .map(ObjectiveStmt::PerComponent),
                Rule::timezone_stmt => self.text_stmt(&p).map(ObjectiveStmt::Timezone),
                _ => self.other(&p, Block::Objective),
            };
            stmts.extend(s);
        }
        Some(Objective {
            recovered: self.dropped,
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    fn schedule(&mut self, pair: Pair<'s, Rule>, block: Block) -> Option<Schedule> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let objective = self.name(inner.take(Rule::ident)?);
        let per = match inner.take(Rule::period) {
            Some(p) => Some(self.period(p)?),
            None => None,
        };
        let head = Span::new(whole.start, per.map_or(objective.span.end, |p| p.span.end));
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::below_tier | Rule::above_tier => self
                    .stmt(&p, |l, i| {
                        let threshold = l.percent(i.take(Rule::percent)?)?;
                        let payout = l.payout(i.take(Rule::payout)?)?;
                        Some(Tier { threshold, payout })
                    })
                    .map(ScheduleStmt::Tier),
                Rule::cap_stmt => self
                    .stmt(&p, |l, i| l.cap_amount(i.take(Rule::cap_amount)?))
                    .map(ScheduleStmt::Cap),
                Rule::claim_stmt => self
                    .stmt(&p, |l, i| l.duration(i.take(Rule::duration)?))
                    .map(ScheduleStmt::Claim),
                _ => self.other(&p, block),
            };
            stmts.extend(s);
        }
        Some(Schedule {
            recovered: self.dropped,
            objective,
            per,
            stmts,
            head,
            span: whole,
        })
    }

    fn termination(&mut self, pair: Pair<'s, Rule>) -> Option<Termination> {
        self.open_head = Some(head_span(&pair));
        self.open_title = block_title(&pair);
        self.dropped = false;
        let whole = span(&pair);
        let head = Inner::of(&pair).first_span().unwrap_or(whole);
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::notice_stmt => self
                    .stmt(&p, |l, i| {
                        let period = l.duration(i.take(Rule::duration)?)?;
                        let in_writing = i.take(Rule::k_in_writing).is_some();
                        Some(Notice { period, in_writing })
                    })
                    .map(TerminationStmt::Notice),
                Rule::for_cause_stmt => self
                    .stmt(&p, |l, i| {
                        let count = l.integer(i.take(Rule::integer)?);
                        let unit = l.period(i.take(Rule::period_unit)?)?;
                        Some(PeriodCount {
                            count,
                            unit,
                            span: count.span.join(unit.span),
                        })
                    })
                    .map(TerminationStmt::ForCause),
                Rule::suspend_stmt => self
                    .stmt(&p, |l, i| {
                        let after = l.duration(i.take(Rule::duration)?)?;
                        let party = l.name(i.take(Rule::ident)?);
                        Some(Suspend { after, party })
                    })
                    .map(TerminationStmt::Suspend),
                _ => self.other(&p, Block::Termination),
            };
            stmts.extend(s);
        }
        Some(Termination {
            recovered: self.dropped,
            stmts,
            head,
            span: whole,
        })
    }

    fn clause(&mut self, pair: Pair<'s, Rule>) -> Option<Clause> {
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let name = self.name(inner.take(Rule::ident)?);
        let title = self.string(inner.take(Rule::string)?);
        let body = self.string(inner.take(Rule::prose)?);
        Some(Clause {
            name,
            title,
            body,
            span: whole,
        })
    }

    /// A child of a block that is not one of its statements: a bad line, or a bug.
    fn other<T>(&mut self, p: &Pair<'s, Rule>, block: Block) -> Option<T> {
        if p.as_rule() == Rule::bad_line {
            self.bad_line(p, block);
        } else if p.as_rule() == Rule::block_end {
            let head = self.open_head.unwrap_or_else(|| span(p));
            let title = self.open_title.clone();
            self.check_closed(p, head, &title);
        } else {
            self.internal(span(p), block.noun());
        }
        None
    }

    // ---------------------------------------------------------------- recovery

    /// Explains a line the grammar could not read as a statement of `block`.
    fn bad_line(&mut self, p: &Pair<'s, Rule>, block: Block) {
        self.dropped = true;
        let text = p.as_str();
        let start = p.as_span().start();
        let trimmed_len = text.trim_end().len();
        let word_len = text
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(text.len(), |(i, _)| i);
        let word = text.get(..word_len).unwrap_or("");
        let first_line_end = text.find(['\n', '\r']).unwrap_or(text.len());
        let line_span = Span::new(
            start,
            start + text.get(..first_line_end).map_or(0, |l| l.trim_end().len()),
        );
        let word_span = if word.is_empty() {
            line_span
        } else {
            Span::new(start, start + word_len)
        };
        let known = block.statements();

        if block == Block::File && word != "agreement" {
            let d = if self.seen_agreement {
                Diagnostic::new(Code::UnclosedBlock, line_span, "unexpected text after the agreement")
                    .label("after the agreement's closing `}`")
                    .help("a Slate file holds one agreement; if this belongs inside it, check for an extra `}` above")
            } else {
                let help = match did_you_mean(word, ["agreement"]) {
                    Some(_) => "did you mean `agreement`? a file starts with `agreement \"Title\" {`".to_owned(),
                    None => "a Slate file holds one `agreement \"Title\" { … }`; everything else goes inside it".to_owned(),
                };
                Diagnostic::new(
                    Code::UnknownStatement,
                    word_span,
                    format!(
                        "expected an agreement, found `{}`",
                        if word.is_empty() {
                            line_text(text)
                        } else {
                            word
                        }
                    ),
                )
                .label("not an agreement")
                .help(help)
            };
            self.diags.push(d);
            return;
        }

        if let Some(quote) = unclosed_quote(text.get(..first_line_end).unwrap_or(text)) {
            let at = Span::new(start + quote, start + first_line_end);
            self.diags.push(
                Diagnostic::new(Code::MalformedStatement, at, "the string is not closed")
                    .label("this string has no closing `\"`")
                    .help("a string ends on the line it starts; for text over several lines use a prose block `\"\"\"…\"\"\"`"),
            );
            return;
        }

        if let Some((kw, example)) = known.iter().find(|(kw, _)| *kw == word) {
            let kw_words = if *kw == "at" {
                text.split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                (*kw).to_owned()
            };
            let (at, expected) = self.explain(text, start, block, trimmed_len);
            self.diags.push(
                Diagnostic::new(
                    Code::MalformedStatement,
                    at,
                    if block == Block::Calendar && Weekday::from_name(kw).is_some() {
                        "malformed opening hours in a calendar".to_owned()
                    } else {
                        format!("malformed `{kw_words}` statement in {}", block.noun())
                    },
                )
                .label(expected)
                .help(format!("write it as `{example}`")),
            );
            return;
        }

        // A statement that belongs in another block.
        if !word.is_empty()
            && let Some(home) = Block::NESTED
                .iter()
                .find(|b| **b != block && b.statements().iter().any(|(kw, _)| *kw == word))
        {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownStatement,
                    word_span,
                    format!("`{word}` is not a statement of {}", block.noun()),
                )
                .label(format!("belongs in {}", home.noun()))
                .help(format!(
                    "move it into {}, or check that the `}}` above is where you meant",
                    home.noun()
                )),
            );
            return;
        }

        let suggestion = did_you_mean(word, known.iter().map(|(kw, _)| *kw));
        let help = match suggestion.and_then(|s| known.iter().find(|(kw, _)| *kw == s)) {
            Some((kw, example)) => format!("did you mean `{kw}`? for example `{example}`"),
            None => {
                let list: Vec<String> = known.iter().map(|(kw, _)| format!("`{kw}`")).collect();
                format!(
                    "statements of {} start with {}",
                    block.noun(),
                    list.join(", ")
                )
            }
        };
        let shown = if word.is_empty() {
            text.get(..first_line_end).unwrap_or(text).trim_end()
        } else {
            word
        };
        self.diags.push(
            Diagnostic::new(
                Code::UnknownStatement,
                word_span,
                format!("unknown statement `{shown}` in {}", block.noun()),
            )
            .label("not a statement here")
            .help(help),
        );
    }

    /// Where exactly the line goes wrong, and what was expected there.
    fn explain(
        &self,
        text: &str,
        start: usize,
        block: Block,
        trimmed_len: usize,
    ) -> (Span, String) {
        let err = match SlateParser::parse(block.line_rule(), text) {
            Err(e) => e,
            // The line parses alone: what follows it on the same line is the problem.
            Ok(_) => {
                return (
                    Span::new(start, start + trimmed_len),
                    "unexpected text".into(),
                );
            }
        };
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        // A complete statement followed by more text: point at the extra text.
        if let Ok(prefix) = SlateParser::parse(block.prefix_rule(), text) {
            let end = prefix.last().map_or(0, |p| p.as_span().end());
            let rest = text.get(end..).unwrap_or("");
            let extra = line_text(rest.trim_start());
            if end > pos && !extra.is_empty() {
                let from = start + end + (rest.len() - rest.trim_start().len());
                return (
                    Span::new(from, from + extra.len()),
                    "unexpected text after the statement".into(),
                );
            }
        }
        let (positives, _) = match &err.variant {
            pest::error::ErrorVariant::ParsingError {
                positives,
                negatives,
            } => (positives.clone(), negatives.clone()),
            pest::error::ErrorVariant::CustomError { .. } => (Vec::new(), Vec::new()),
        };
        let rest = text.get(pos..).unwrap_or("");
        let token_len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        let at = Span::new(start + pos, start + pos + token_len);
        let mut words: Vec<String> = positives
            .into_iter()
            .filter(|r| !matches!(r, Rule::WHITESPACE | Rule::COMMENT))
            .map(describe)
            .collect();
        words.sort();
        words.dedup();
        let expected = match words.as_slice() {
            [] => "unexpected text".to_owned(),
            [one] => format!("expected {one}"),
            [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
        };
        let expected = if token_len == 0 {
            format!("{expected} here")
        } else {
            expected
        };
        (at, expected)
    }

    fn pest_error(
        &self,
        err: &pest::error::Error<Rule>,
        start: usize,
        code: Code,
        message: &str,
    ) -> Diagnostic {
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        Diagnostic::new(code, Span::new(start + pos, start + pos), message)
            .label(err.variant.message().to_string())
            .help("braces are probably unbalanced or nested too deeply near here; every `{` needs its `}`")
    }
}

/// The byte offset of a `"` that opens a string never closed on this line.
fn unclosed_quote(line: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (c, open) {
            ('\\', Some(_)) => {
                chars.next();
            }
            ('"', None) if line.get(i..).is_some_and(|r| r.starts_with("\"\"\"")) => return None,
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('/', None) if line.get(i..).is_some_and(|r| r.starts_with("//")) => return None,
            _ => {}
        }
    }
    open
}

/// The first line of a text, trimmed.
fn line_text(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

/// Removes the common indentation of a prose block, and its first and last
/// lines when they are blank, so prose can be indented with the source.
fn dedent(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut lines: Vec<&str> = body.split('\n').collect();
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indentation_and_blank_edges() {
        assert_eq!(
            dedent("\n    First line.\n      Indented.\n    Last.\n  "),
            "First line.\n  Indented.\nLast."
        );
        assert_eq!(dedent("One line."), "One line.");
    }
}
