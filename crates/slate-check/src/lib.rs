//! Slate's checker: resolves names, checks values, units, time and credits,
//! and produces the [`Model`](model::Model).
//!
//! ```text
//!  ast::File ──check──▶ Model + diagnostics (all of them, sorted by position)
//! ```
//!
//! Architecture invariant: the checker reads only the AST and never the
//! source text, the clock or the environment. The same AST always gives the
//! same Model and the same diagnostics.

#![forbid(unsafe_code)]

mod claims;
pub mod compare;
mod credits;
mod fields;
mod labels;
pub mod model;
mod objective;
mod parties;
pub mod promql;
pub mod prose;
mod services;
pub mod source_map;
pub mod terms;
mod time;
pub mod words;

/// Characters a reader cannot see: the one definition every crate uses.
pub use slate_syntax::unicode;
/// ISO 4217 currency codes and their minor units.
pub use slate_words::currency;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use slate_syntax::ast::{self, Item, Name, Stmt};
use slate_syntax::{Code, Diagnostic, Span, diagnostic};

use model::Model;
pub use source_map::SourceMap;

/// The result of checking: the Model when there are no errors, where its
/// items are written, and every diagnostic.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The resolved agreement; `None` when any error was found.
    pub model: Option<Model>,
    /// Where each item of the Model is written; empty without a Model.
    pub sources: SourceMap,
    /// Errors and warnings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed file.
pub fn check(file: &ast::File) -> Checked {
    let mut diags = Vec::new();
    let agreement = match file.agreements.as_slice() {
        // Text the parser could not read was reported; it may be the agreement.
        [] if file.recovered => return Checked::default(),
        [] => {
            diags.push(
                Diagnostic::new(
                    Code::AgreementCount,
                    Span::new(0, 0),
                    "the file has no agreement",
                )
                .label("expected `agreement \"Title\" { … }`")
                .help("a Slate file holds one agreement: `agreement \"Managed Support\" { … }`"),
            );
            return Checked {
                model: None,
                sources: SourceMap::default(),
                diagnostics: diags,
            };
        }
        [one] => one,
        [first, rest @ ..] => {
            for extra in rest {
                diags.push(
                    Diagnostic::new(
                        Code::AgreementCount,
                        extra.head,
                        "a file holds one agreement",
                    )
                    .label("a second agreement")
                    .related(first.head, "the first agreement")
                    .help("put each agreement in a file of its own"),
                );
            }
            first
        }
    };
    let mut checker = Checker::new(agreement);
    checker.diags.append(&mut diags);
    let model = checker.run();
    let mut diagnostics = checker.diags;
    diagnostic::sort(&mut diagnostics);
    let model = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        model
    };
    let sources = model
        .as_ref()
        .map(|m| SourceMap::build(agreement, m))
        .unwrap_or_default();
    Checked {
        model,
        sources,
        diagnostics,
    }
}

/// The first statement of one kind in a list, reporting any later ones as
/// given twice: `once!(self, party.stmts, PartyStmt::Role, "role")`.
macro_rules! once {
    ($checker:expr, $stmts:expr, $variant:path, $what:expr) => {
        $checker.once(
            $stmts.iter().filter_map(|x| match x {
                $variant(v) => Some(v),
                _ => None,
            }),
            $what,
        )
    };
}
pub(crate) use once;

/// Did-you-mean searches made for one file before the help stops searching.
const MAX_SUGGESTIONS: usize = 200;

/// What a name is defined as: the kinds the syntax knows.
pub(crate) use slate_syntax::refs::Kind;

/// `a` or `an`, before a kind's noun.
fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Objective => "an",
        _ => "a",
    }
}

pub(crate) struct Checker<'a> {
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) agreement: &'a ast::Agreement,
    /// Every defined name, one namespace for all kinds.
    pub(crate) names: BTreeMap<&'a str, (Kind, Span)>,
    /// The agreement's time zone (UTC while it is missing or wrong, to go on checking).
    pub(crate) timezone: chrono_tz::Tz,
    /// The agreement's currency and where it is stated.
    pub(crate) currency: Option<(String, Span)>,
    /// The agreement's validity, when it is stated and valid.
    pub(crate) validity: Option<model::Validity>,
    /// The roles of parties, by name.
    pub(crate) roles: BTreeMap<&'a str, Vec<model::Role>>,
    /// Whether the block being checked lost a line to a syntax error.
    pub(crate) quiet: bool,
    /// The first words of the lines each service lost to syntax errors.
    pub(crate) service_lost: BTreeMap<&'a str, &'a [String]>,
    /// Services whose missing or unusable fee was reported already.
    pub(crate) fee_reported: std::collections::BTreeSet<String>,
    /// Names defined more than once, with each kind they were defined as.
    pub(crate) duplicates: std::collections::BTreeSet<(&'a str, Kind)>,
    /// Whether the agreement's currency is a known ISO 4217 code.
    pub(crate) currency_known: bool,
    /// Whether the objective being checked counts on a clock that is not
    /// known for sure (see `objective.rs`).
    pub(crate) clock_in_doubt: bool,
    /// How many did-you-mean searches have been made.
    pub(crate) suggestions: usize,
    /// Whether anything refers to `24x7`.
    pub(crate) uses_always_open: bool,
    /// Caps found in credits and bonus blocks, kept until every service's caps are known.
    pub(crate) pending_caps: Vec<credits::PendingCap>,
    /// Tiers that pay a percentage, kept to compare with the caps.
    pub(crate) pending_tiers: Vec<credits::PendingTier>,
}

impl<'a> Checker<'a> {
    fn new(agreement: &'a ast::Agreement) -> Self {
        Self {
            diags: Vec::new(),
            agreement,
            names: BTreeMap::new(),
            timezone: chrono_tz::Tz::UTC,
            currency: None,
            validity: None,
            roles: BTreeMap::new(),
            uses_always_open: false,
            suggestions: 0,
            clock_in_doubt: false,
            quiet: false,
            service_lost: BTreeMap::new(),
            fee_reported: std::collections::BTreeSet::new(),
            duplicates: std::collections::BTreeSet::new(),
            currency_known: true,
            pending_caps: Vec::new(),
            pending_tiers: Vec::new(),
        }
    }

    /// Records a diagnostic. While `quiet`, conclusions that a dropped line
    /// could explain (something missing, a default that may not apply) are
    /// not drawn: one typo gives one error.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.quiet
            && matches!(
                d.code,
                Code::MissingStatement
                    | Code::UngovernedItems
                    | Code::AmbiguousDays
                    | Code::UnnamedItems
            )
        {
            return;
        }
        self.diags.push(d);
    }

    fn run(&mut self) -> Option<Model> {
        let a = self.agreement;
        self.define_names();
        self.quiet = a.recovered;

        // Header statements, each at most once.
        let id = once!(self, a.items, Item::Id, "id");
        let version = once!(self, a.items, Item::Version, "version");
        let effective = once!(self, a.items, Item::Effective, "effective");
        let timezone = once!(self, a.items, Item::Timezone, "timezone");
        let currency = once!(self, a.items, Item::Currency, "currency");
        let owner = once!(self, a.items, Item::Owner, "owner");
        let review = once!(self, a.items, Item::Review, "review");
        let amendments = once!(self, a.items, Item::Amendments, "amendments");
        let termination = self.once_block(a.items.iter().filter_map(|i| match i {
            Item::Termination(t) => Some(t),
            _ => None,
        }));

        let effective = self.header(timezone, effective, currency);
        let parties = self.parties();
        if let Some(owner) = owner {
            self.resolve(&owner.value, Kind::Party);
        }
        let amendments = amendments.map(|a| match &a.value {
            ast::AmendedBy::BothParties => model::Amendments::BothParties,
            ast::AmendedBy::Party(p) => {
                self.resolve(p, Kind::Party);
                model::Amendments::Party(p.text.clone())
            }
        });
        let review = review.map(|r| {
            self.positive(r.value.count.value, r.value.count.span, "a review interval");
            model::Every {
                count: r.value.count.value,
                unit: r.value.unit.period,
            }
        });
        self.quiet = a.recovered;
        let reports = self.reports();
        self.quiet = false;
        let calendars = self.calendars_all();
        let services = self.services();
        let objectives = self.objectives(&services);
        let fields = self.fields();
        let labels = self.labels();
        let schedules = self.schedules(&services, &objectives);
        let termination = termination.map(|t| self.termination(t));
        self.prose_all();
        let clauses = a
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Clause(c) => Some(model::Clause {
                    name: c.name.text.clone(),
                    title: c.title.value.clone(),
                    body: c.body.value.clone(),
                }),
                _ => None,
            })
            .collect();

        let mut services = services;
        credits::attach_caps(self, &mut services, &schedules);
        let mut calendars = self.used_calendars(calendars);
        if self.uses_always_open {
            calendars.push(model::Calendar::always_open(self.timezone));
        }

        Some(Model {
            title: a.title.value.clone(),
            id: id.map(|s| s.value.value.clone()),
            version: version.map(|s| s.value.value.clone()),
            effective: effective?,
            timezone: self.timezone,
            // An unknown code was reported as an error, so no Model is given.
            currency: self
                .currency
                .as_ref()
                .and_then(|(c, _)| model::Currency::parse(c).ok()),
            owner: owner.map(|o| o.value.text.clone()),
            review,
            amendments,
            reports,
            parties,
            calendars,
            services,
            objectives,
            schedules,
            termination,
            clauses,
            fields,
            labels,
            lineage: None,
        })
    }

    /// The agreement's time zone, validity and currency, which every later
    /// check reads.
    fn header(
        &mut self,
        timezone: Option<&'a ast::Stmt<ast::Text>>,
        effective: Option<&'a ast::Stmt<ast::Effective>>,
        currency: Option<&'a ast::Stmt<ast::Name>>,
    ) -> Option<model::Validity> {
        let a = self.agreement;
        match timezone {
            Some(tz) => {
                if let Some(name) = self.timezone(&tz.value) {
                    self.timezone = name;
                }
            }
            None => self.missing(a.head, "the agreement has no `timezone`", "add `timezone \"Europe/London\"` (the IANA zone in which periods and dates are read)"),
        }
        let effective = match effective {
            Some(e) => self.validity(e),
            None => {
                self.missing(
                    a.head,
                    "the agreement has no `effective` dates",
                    "add `effective 2026-01-01 to 2027-12-31`",
                );
                None
            }
        };
        self.validity = effective.clone();
        if let Some(c) = currency {
            self.currency_known = self.currency_code(&c.value);
            self.currency = Some((c.value.text.clone(), c.value.span));
        }
        effective
    }

    // ------------------------------------------------------------------ names

    fn define_names(&mut self) {
        let a = self.agreement;
        for item in &a.items {
            let (name, kind) = match item {
                Item::Party(p) => (&p.name, Kind::Party),
                Item::Calendar(c) => (&c.name, Kind::Calendar),
                Item::Service(s) => (&s.name, Kind::Service),
                Item::Objective(o) => (&o.name, Kind::Objective),
                Item::Clause(c) => (&c.name, Kind::Clause),
                _ => continue,
            };
            if name.text == model::ALWAYS_OPEN {
                continue;
            }
            if self.names.contains_key(name.text.as_str()) {
                self.duplicates.insert((name.text.as_str(), kind));
            }
            match self.names.get(name.text.as_str()) {
                Some((first_kind, first)) => {
                    let first = *first;
                    let first_kind = *first_kind;
                    self.push(
                        Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is defined twice", name.text))
                            .label(format!("second definition, as {} {}", article(kind), kind.noun()))
                            .related(first, format!("first defined here, as {} {}", article(first_kind), first_kind.noun()))
                            .help("every party, calendar, service, objective and clause needs a name of its own; rename one of them"),
                    );
                }
                None => {
                    self.names.insert(&name.text, (kind, name.span));
                }
            }
        }
    }

    /// Checks that `name` is defined as a `kind`. Reports and returns false otherwise.
    pub(crate) fn resolve(&mut self, name: &Name, kind: Kind) -> bool {
        if kind == Kind::Calendar && name.text == model::ALWAYS_OPEN {
            self.uses_always_open = true;
            return true;
        }
        if self.duplicates.contains(&(name.text.as_str(), kind)) {
            return true;
        }
        match self.names.get(name.text.as_str()) {
            Some((k, _)) if *k == kind => true,
            Some((k, at)) => {
                let (k, at) = (*k, *at);
                let (help, suggestion) = self.name_help(&name.text, kind);
                let mut d = Diagnostic::new(
                    Code::WrongKind,
                    name.span,
                    format!(
                        "`{}` is {} {}, not {} {}",
                        name.text,
                        article(k),
                        k.noun(),
                        article(kind),
                        kind.noun()
                    ),
                )
                .label(format!("expected {} {}", article(kind), kind.noun()))
                .related(at, format!("`{}` is defined here", name.text))
                .help(help);
                if let Some(s) = suggestion {
                    d = d.suggest(name.span, s);
                }
                self.push(d);
                false
            }
            // A definition may be the line that could not be read.
            None if self.agreement.lost_definition => false,
            None => {
                let (help, suggestion) = self.name_help(&name.text, kind);
                let mut d = Diagnostic::new(
                    Code::UndefinedName,
                    name.span,
                    format!("undefined {} `{}`", kind.noun(), name.text),
                )
                .label(format!("no {} of this name", kind.noun()))
                .help(help);
                if let Some(s) = suggestion {
                    d = d.suggest(name.span, s);
                }
                self.push(d);
                false
            }
        }
    }

    /// What to write instead of a name that is not a `kind`: the closest name,
    /// or the names there are, or how to define one.
    fn name_help(&mut self, name: &str, kind: Kind) -> (String, Option<String>) {
        if let Some(s) = self.suggest(name, kind) {
            return (format!("did you mean `{s}`?"), Some(s.to_owned()));
        }
        (self.names_help(name, kind), None)
    }

    /// The names there are, or how to define one.
    fn names_help(&self, name: &str, kind: Kind) -> String {
        let known = self.names_of(kind);
        match kind {
            Kind::Calendar if known.len() <= 1 => {
                "define it with `calendar NAME \"Title\" { … }`, or use the built-in `24x7`"
                    .to_owned()
            }
            _ if known.is_empty() => format!("define it with `{} {name} …`", kind.noun()),
            _ => {
                // Name a few, so the help stays a line and not a list of thousands.
                const SHOWN: usize = 8;
                let mut names: Vec<String> =
                    known.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
                if known.len() > SHOWN {
                    names.push(format!("{} more", known.len() - SHOWN));
                }
                format!("the {} defined are {}", kind.plural(), names.join(", "))
            }
        }
    }

    fn names_of(&self, kind: Kind) -> Vec<&'a str> {
        let mut v: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, (k, _))| *k == kind)
            .map(|(n, _)| *n)
            .collect();
        if kind == Kind::Calendar {
            v.push(model::ALWAYS_OPEN);
        }
        v
    }

    /// The closest defined name of `kind`. Each search compares with every
    /// name, so after [`MAX_SUGGESTIONS`] searches in one file (a file with
    /// thousands of unknown names) it stops searching, keeping checking linear.
    fn suggest(&mut self, name: &str, kind: Kind) -> Option<&'a str> {
        if self.suggestions >= MAX_SUGGESTIONS {
            return None;
        }
        self.suggestions += 1;
        diagnostic::did_you_mean(name, self.names_of(kind))
    }

    // ------------------------------------------------------------ statements

    /// Whether `service` lost a line that may have been a `keyword` statement.
    pub(crate) fn service_may_have_lost(&self, service: &str, keyword: &str) -> bool {
        self.service_lost.get(service).is_some_and(|lost| {
            lost.iter()
                .any(|w| diagnostic::edit_distance(w, keyword) <= 2)
        })
    }

    /// The first of statements allowed once; later ones are reported.
    pub(crate) fn once<'s, T>(
        &mut self,
        stmts: impl Iterator<Item = &'s Stmt<T>>,
        what: &str,
    ) -> Option<&'s Stmt<T>>
    where
        T: 's,
    {
        let mut first: Option<&'s Stmt<T>> = None;
        for s in stmts {
            match first {
                None => first = Some(s),
                Some(f) => self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        s.span,
                        format!("`{what}` is given twice"),
                    )
                    .label("second one")
                    .related(f.span, "first one")
                    .help(format!("keep one `{what}` statement")),
                ),
            }
        }
        first
    }

    fn once_block<'s>(
        &mut self,
        blocks: impl Iterator<Item = &'s ast::Termination>,
    ) -> Option<&'s ast::Termination> {
        let mut first: Option<&'s ast::Termination> = None;
        for b in blocks {
            match first {
                None => first = Some(b),
                Some(f) => self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        b.head,
                        "`termination` is given twice",
                    )
                    .label("second one")
                    .related(f.head, "first one")
                    .help("put every termination term in one `termination { … }` block"),
                ),
            }
        }
        first
    }

    pub(crate) fn missing(&mut self, at: Span, message: &str, help: &str) {
        self.push(
            Diagnostic::new(Code::MissingStatement, at, message)
                .label("add it to this block")
                .help(help),
        );
    }

    /// A count that must not be zero.
    pub(crate) fn positive(&mut self, value: u64, at: Span, what: &str) {
        if value == 0 {
            self.push(
                Diagnostic::new(Code::InvalidQuantity, at, format!("{what} of zero"))
                    .label("zero")
                    .help("write a number greater than zero"),
            );
        }
    }

    /// A percentage in (0, 100].
    pub(crate) fn percent(&mut self, n: &ast::Number) -> Decimal {
        let value = decimal(n);
        // A number that could not be read was reported where it was written.
        if n.text.is_empty() {
            return value;
        }
        if value <= Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            self.push(
                Diagnostic::new(
                    Code::PercentOutOfRange,
                    n.span,
                    format!("percentage `{}%` is out of range", n.text),
                )
                .label("must be more than 0% and at most 100%")
                .help("write a percentage such as `99.9%`"),
            );
        }
        value.normalize()
    }

    /// An amount of money in the agreement's currency. A code that is not
    /// ISO 4217 is reported, and the euro stands in for it so that checking
    /// goes on (no Model is given then), as UTC does for a zone.
    pub(crate) fn money(&mut self, m: &ast::Money) -> (Decimal, model::Currency) {
        let known = self.currency_code(&m.currency);
        let amount = decimal(&m.amount).normalize();
        if let Some(digits) = currency::minor_unit(&m.currency.text)
            && amount.scale() > digits
        {
            let unit = match digits {
                0 => format!(
                    "`{}` has no minor unit: amounts are whole numbers",
                    m.currency.text
                ),
                1 => format!("`{}` amounts have at most 1 decimal", m.currency.text),
                d => format!("`{}` amounts have at most {d} decimals", m.currency.text),
            };
            self.push(
                Diagnostic::new(
                    Code::MoneyPrecision,
                    m.amount.span,
                    format!(
                        "`{} {}` is finer than the currency allows",
                        m.currency.text, m.amount.text
                    ),
                )
                .label("too many decimals")
                .help(format!("{unit}; round the amount to what can be paid")),
            );
        }
        match &self.currency {
            Some((c, at)) if *c != m.currency.text && known && self.currency_known => {
                let at = *at;
                let c = c.clone();
                self.push(
                    Diagnostic::new(
                        Code::CurrencyMismatch,
                        m.currency.span,
                        format!(
                            "amount in `{}` but the agreement's currency is `{c}`",
                            m.currency.text
                        ),
                    )
                    .label(format!("not `{c}`"))
                    .related(at, "the agreement's currency")
                    .help(format!(
                        "write the amount in `{c}`; an agreement settles in one currency"
                    )),
                );
            }
            Some(_) => {}
            None => {
                self.push(
                    Diagnostic::new(
                        Code::MissingStatement,
                        m.currency.span,
                        "an amount of money but the agreement has no `currency`",
                    )
                    .label("money")
                    .help(format!(
                        "add `currency {}` to the agreement",
                        m.currency.text
                    )),
                );
                // Say it once.
                self.currency = Some((m.currency.text.clone(), m.currency.span));
            }
        }
        let currency = model::Currency::parse(&m.currency.text).unwrap_or(model::Currency::EUR);
        (amount, currency)
    }

    /// Whether `code` is a known currency; reports it otherwise.
    fn currency_code(&mut self, code: &Name) -> bool {
        let known = currency::minor_unit(&code.text).is_some();
        if !known {
            let suggestion = diagnostic::did_you_mean(&code.text, currency::codes());
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`? currencies are ISO 4217 codes"),
                None => "write an ISO 4217 code such as `GBP`, `EUR` or `USD`".to_owned(),
            };
            let mut d = Diagnostic::new(
                Code::UnknownCurrency,
                code.span,
                format!("unknown currency `{}`", code.text),
            )
            .label("not an ISO 4217 code")
            .help(help);
            if let Some(s) = suggestion {
                d = d.suggest(code.span, s);
            }
            self.push(d);
        }
        known
    }
}

/// A duration as written, for the contract text.
pub(crate) fn length(d: &ast::Duration) -> model::Length {
    model::Length {
        count: d.count.value,
        unit: d.unit,
    }
}

/// The exact value of a number the grammar already accepted.
pub(crate) fn decimal(n: &ast::Number) -> Decimal {
    n.text.parse::<Decimal>().unwrap_or(Decimal::ZERO)
}
