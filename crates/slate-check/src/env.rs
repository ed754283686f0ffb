//! What the checker's passes share: the read-only environment the first
//! pass establishes ([`Env`]), the sink every pass writes its diagnostics
//! to ([`Sink`]), and the context one block is checked in ([`Out`], and
//! [`Cx`] when the environment is needed too).

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use slate_syntax::ast::{self, Item};
use slate_syntax::{Code, Diagnostic, Span};

use crate::model;
use crate::names::{self, Duplicates, Names};
use crate::parties::{self, Roles};

/// The facts the first pass (names, header, parties) establishes, which
/// every later pass reads and none changes.
pub(crate) struct Env<'a> {
    pub(crate) agreement: &'a ast::Agreement,
    /// Every defined name, one namespace for all kinds.
    pub(crate) names: Names<'a>,
    /// Names defined more than once, with each kind they were defined as.
    pub(crate) duplicates: Duplicates<'a>,
    /// The agreement's time zone (UTC while it is missing or wrong, to go on checking).
    pub(crate) timezone: chrono_tz::Tz,
    /// The agreement's currency and where it is stated.
    pub(crate) currency: Option<(String, Span)>,
    /// Whether the agreement's currency is a known ISO 4217 code (true
    /// while none is stated).
    pub(crate) currency_known: bool,
    /// The agreement's validity, when it is stated and valid.
    pub(crate) validity: Option<model::Validity>,
    /// The roles of parties, by name.
    pub(crate) roles: Roles<'a>,
    /// The first words of the lines each service lost to syntax errors.
    pub(crate) service_lost: BTreeMap<&'a str, &'a [String]>,
}

/// The agreement's header statements, each the first of its kind, as the
/// first pass found them; the pass after it checks what they refer to.
pub(crate) struct Header<'a> {
    pub(crate) id: Option<&'a ast::Stmt<ast::Text>>,
    pub(crate) version: Option<&'a ast::Stmt<ast::Text>>,
    /// The validity, when it is stated and valid.
    pub(crate) effective: Option<model::Validity>,
    pub(crate) owner: Option<&'a ast::Stmt<ast::Name>>,
    pub(crate) review: Option<&'a ast::Stmt<ast::PeriodCount>>,
    pub(crate) amendments: Option<&'a ast::Stmt<ast::AmendedBy>>,
    pub(crate) termination: Option<&'a ast::Termination>,
}

impl<'a> Env<'a> {
    /// The first pass: defines every name, reads the header (time zone,
    /// validity, currency) and the parties' roles. Returns the environment,
    /// the header's statements and the parties.
    pub(crate) fn build(
        agreement: &'a ast::Agreement,
        sink: &mut Sink,
    ) -> (Self, Header<'a>, Vec<model::Party>) {
        let a = agreement;
        let (names, duplicates) = names::define(a, &mut Out::new(sink, false));
        let mut out = Out::new(sink, a.recovered);
        let (header, facts) = crate::header(a, &mut out);
        let (parties, roles) = parties::parties(a, &names, sink);
        let service_lost = a
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Service(s) if !s.lost.is_empty() => Some((s.name.text.as_str(), &*s.lost)),
                _ => None,
            })
            .collect();
        let env = Env {
            agreement,
            names,
            duplicates,
            timezone: facts.timezone,
            currency: facts.currency,
            currency_known: facts.currency_known,
            validity: header.effective.clone(),
            roles,
            service_lost,
        };
        (env, header, parties)
    }
}

/// The header's facts that go into the environment.
pub(crate) struct HeaderFacts {
    pub(crate) timezone: chrono_tz::Tz,
    pub(crate) currency: Option<(String, Span)>,
    pub(crate) currency_known: bool,
}

/// Where every pass writes: the diagnostics, and what the passes find on
/// the way that the Model needs.
#[derive(Default)]
pub(crate) struct Sink {
    pub(crate) diags: Vec<Diagnostic>,
    /// How many did-you-mean searches have been made.
    pub(crate) suggestions: usize,
    /// Whether anything refers to `24x7`, so the Model defines it.
    pub(crate) always_open: bool,
    /// With no `currency` stated, the currency of the first amount of money,
    /// assumed from then on so that its absence is reported once.
    pub(crate) assumed_currency: Option<(String, Span)>,
}

impl Sink {
    /// The agreement's currency, or the one assumed from its first amount
    /// of money while none is stated.
    pub(crate) fn currency<'s>(&'s self, env: &'s Env<'_>) -> Option<&'s (String, Span)> {
        env.currency.as_ref().or(self.assumed_currency.as_ref())
    }
}

/// Diagnostics for one block: the sink, and whether the block lost a line
/// to a syntax error.
pub(crate) struct Out<'s> {
    pub(crate) sink: &'s mut Sink,
    /// While the block lost a line, conclusions that the lost line could
    /// explain are not drawn.
    quiet: bool,
}

impl<'s> Out<'s> {
    /// Diagnostics for a block that lost a line when `quiet`.
    pub(crate) fn new(sink: &'s mut Sink, quiet: bool) -> Self {
        Self { sink, quiet }
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
        self.sink.diags.push(d);
    }
}

/// A pass at one block: the environment it reads and the diagnostics it
/// writes. It dereferences to its [`Out`]: the checks that need no
/// environment (statements given once, dates, times, percentages) are
/// methods of `Out`, so the first pass, which builds the environment, uses
/// them too, and every later pass calls them on its `Cx` alike.
pub(crate) struct Cx<'e, 'a> {
    pub(crate) env: &'e Env<'a>,
    out: Out<'e>,
}

impl<'e, 'a> Cx<'e, 'a> {
    /// The context of a block that lost a line when `quiet`.
    pub(crate) fn new(env: &'e Env<'a>, sink: &'e mut Sink, quiet: bool) -> Self {
        Self {
            env,
            out: Out::new(sink, quiet),
        }
    }
}

impl<'e> Deref for Cx<'e, '_> {
    type Target = Out<'e>;

    fn deref(&self) -> &Out<'e> {
        &self.out
    }
}

impl<'e> DerefMut for Cx<'e, '_> {
    fn deref_mut(&mut self) -> &mut Out<'e> {
        &mut self.out
    }
}
