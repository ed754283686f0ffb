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
//!
//! The checker is a sequence of passes (drawn at [`passes`]): the first
//! establishes a read-only environment ([`env::Env`]: names, header,
//! roles), and each later pass reads it, returns its piece of the Model and
//! writes its diagnostics to one sink.

#![forbid(unsafe_code)]

mod basis;
mod billing;
mod caps;
mod claim_windows;
mod claims;
pub mod compare;
mod component_cap;
mod component_fee;
mod credits;
mod env;
mod fields;
mod labels;
mod lateness;
mod minimum;
pub mod model;
mod names;
mod objective;
mod parties;
mod per_unit;
pub mod promql;
pub mod prose;
mod remedies;
mod rights;
mod services;
mod shortfall;
pub mod source_map;
pub mod terms;
mod time;
pub mod words;

/// Characters a reader cannot see: the one definition every crate uses.
pub use slate_syntax::unicode;
/// ISO 4217 currency codes and their minor units.
pub use slate_words::currency;

use rust_decimal::Decimal;
use slate_syntax::ast::{self, Item, Name, Stmt};
use slate_syntax::{Code, Diagnostic, Span, diagnostic};

use env::{Cx, Env, Header, HeaderFacts, Out, Sink};
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

/// Checks a parsed file: its one agreement, in the passes of [`passes`].
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
    let mut sink = Sink {
        diags,
        ..Sink::default()
    };
    let model = passes(agreement, &mut sink);
    let mut diagnostics = sink.diags;
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
/// given twice: `once!(cx, party.stmts, PartyStmt::Role, "role")`.
macro_rules! once {
    ($out:expr, $stmts:expr, $variant:path, $what:expr) => {
        $out.once(
            $stmts.iter().filter_map(|x| match x {
                $variant(v) => Some(v),
                _ => None,
            }),
            $what,
        )
    };
}
pub(crate) use once;

/// What a name is defined as: the kinds the syntax knows.
pub(crate) use slate_syntax::refs::Kind;

/// The passes over one agreement, in order. The first builds the
/// environment; every later one reads it (`&Env`), returns its piece of the
/// Model and writes its diagnostics to the sink. A pass that needs another's
/// result takes it as an argument; this function is the one place their
/// order is written, and the order of their diagnostics (a did-you-mean
/// search is made only for the first 200 unknown names) follows it.
///
/// ```text
///  ast::Agreement ─▶ pass 1 ─▶ Env ─▶ passes 2–13, each (&Env, &mut Sink, …) ─▶ Model
///
///  pass                        reads besides Env             gives
///   1 names, header, parties   the agreement                 Env, parties
///   2 header terms                                           owner, amendments, review
///   3 reports                                                reports
///   4 calendars                                              every calendar
///   5 services                                               services, without caps
///   6 objectives               services                      objectives
///   7 fields                                                 declared fields
///   8 labels                                                 labels
///   9 schedules                services, objectives          schedules; pending caps and tiers
///  10 termination              objectives                    termination; E0750
///  11 prose                                                  (diagnostics only)
///  12 caps                     services, schedules, pending  services with their caps
///  13 used calendars           calendars, diagnostics so far the calendars used
/// ```
fn passes(agreement: &ast::Agreement, sink: &mut Sink) -> Option<Model> {
    let a = agreement;
    let (env, header, parties) = Env::build(a, sink);
    let env = &env;
    let (owner, amendments, review) = header_terms(env, sink, &header);
    let reports = parties::reports(env, sink);
    let calendars = time::calendars(env, sink);
    let services = services::services(env, sink);
    let objectives = objective::objectives(env, sink, &services);
    component_fee::check(env, sink, &objectives);
    let fields = fields::fields(env, sink);
    let labels = labels::labels(env, sink);
    let (schedules, pending) = credits::schedules(env, sink, &services, &objectives);
    let termination = header
        .termination
        .map(|t| services::termination(env, sink, t));
    if let Some(t) = header.termination {
        rights::for_cause(sink, t, &objectives);
        rights::for_cause_window(sink, t, &objectives);
        rights::suspend(sink, t);
    }
    prose::prose(env, sink);
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
    caps::attach_caps(env, sink, &mut services, &schedules, pending);
    minimum::attach_minimums(env, sink, &mut services, &schedules);
    let mut calendars = time::used_calendars(env, sink, calendars);
    if sink.always_open {
        calendars.push(model::Calendar::always_open(env.timezone));
    }

    Some(Model {
        title: a.title.value.clone(),
        id: header.id.map(|s| s.value.value.clone()),
        version: header.version.map(|s| s.value.value.clone()),
        effective: header.effective?,
        timezone: env.timezone,
        // An unknown code was reported as an error, so no Model is given.
        currency: sink
            .currency(env)
            .and_then(|(c, _)| model::Currency::parse(c).ok()),
        owner,
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

/// The header's statements, each at most once, and the agreement's time
/// zone, validity and currency, which every later check reads.
fn header<'a>(a: &'a ast::Agreement, out: &mut Out<'_>) -> (Header<'a>, HeaderFacts) {
    let id = once!(out, a.items, Item::Id, "id");
    let version = once!(out, a.items, Item::Version, "version");
    let effective = once!(out, a.items, Item::Effective, "effective");
    let timezone = once!(out, a.items, Item::Timezone, "timezone");
    let currency = once!(out, a.items, Item::Currency, "currency");
    let owner = once!(out, a.items, Item::Owner, "owner");
    let review = once!(out, a.items, Item::Review, "review");
    let amendments = once!(out, a.items, Item::Amendments, "amendments");
    let termination = out.once_block(a.items.iter().filter_map(|i| match i {
        Item::Termination(t) => Some(t),
        _ => None,
    }));

    let mut facts = HeaderFacts {
        timezone: chrono_tz::Tz::UTC,
        currency: None,
        currency_known: true,
    };
    match timezone {
        Some(tz) => {
            if let Some(name) = out.timezone(&tz.value) {
                facts.timezone = name;
            }
        }
        None => out.missing(
            a.head,
            "the agreement has no `timezone`",
            "add `timezone \"Europe/London\"` (the IANA zone in which periods and dates are read)",
        ),
    }
    let effective = match effective {
        Some(e) => out.validity(e),
        None => {
            out.missing(
                a.head,
                "the agreement has no `effective` dates",
                "add `effective 2026-01-01 to 2027-12-31`",
            );
            None
        }
    };
    if let Some(c) = currency {
        facts.currency_known = out.currency_code(&c.value);
        facts.currency = Some((c.value.text.clone(), c.value.span));
    }
    let header = Header {
        id,
        version,
        effective,
        owner,
        review,
        amendments,
        termination,
    };
    (header, facts)
}

/// The header's terms that refer to parties: the owner and who amends the
/// agreement; and how often it is reviewed.
fn header_terms(
    env: &Env<'_>,
    sink: &mut Sink,
    header: &Header<'_>,
) -> (
    Option<String>,
    Option<model::Amendments>,
    Option<model::Every>,
) {
    let mut cx = Cx::new(env, sink, false);
    if let Some(owner) = header.owner {
        cx.resolve(&owner.value, Kind::Party);
    }
    let amendments = header.amendments.map(|a| match &a.value {
        ast::AmendedBy::BothParties => model::Amendments::BothParties,
        ast::AmendedBy::Party(p) => {
            cx.resolve(p, Kind::Party);
            model::Amendments::Party(p.text.clone())
        }
    });
    let review = header.review.map(|r| {
        cx.positive(r.value.count.value, r.value.count.span, "a review interval");
        model::Every {
            count: r.value.count.value,
            unit: r.value.unit.period,
        }
    });
    let owner = header.owner.map(|o| o.value.text.clone());
    (owner, amendments, review)
}

impl Env<'_> {
    /// Whether `service` lost a line that may have been a `keyword` statement.
    pub(crate) fn service_may_have_lost(&self, service: &str, keyword: &str) -> bool {
        self.service_lost.get(service).is_some_and(|lost| {
            lost.iter()
                .any(|w| diagnostic::edit_distance(w, keyword) <= 2)
        })
    }
}

impl Out<'_> {
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

    pub(crate) fn once_block<'s>(
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

    /// Whether `code` is a known currency; reports it otherwise.
    pub(crate) fn currency_code(&mut self, code: &Name) -> bool {
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

impl Cx<'_, '_> {
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
        match self.sink.currency(self.env) {
            Some((c, at)) if *c != m.currency.text && known && self.env.currency_known => {
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
                self.sink.assumed_currency = Some((m.currency.text.clone(), m.currency.span));
            }
        }
        let currency = model::Currency::parse(&m.currency.text).unwrap_or(model::Currency::EUR);
        (amount, currency)
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
