//! Services (their parties, hours and fees) and termination.

use slate_syntax::ast::{self, Item, Name, Stmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::env::{Cx, Env, Sink};
use crate::model;
use crate::once;
use crate::{Kind, length};

// ------------------------------------------------------------------- services

/// The services: their parties, hours and fees (their caps are attached
/// once every schedule is known).
pub(crate) fn services(env: &Env<'_>, sink: &mut Sink) -> Vec<model::Service> {
    env.agreement
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Service(s) => Some(Cx::new(env, sink, s.recovered).service(s)),
            _ => None,
        })
        .collect()
}

impl Cx<'_, '_> {
    fn service(&mut self, s: &ast::Service) -> model::Service {
        use ast::ServiceStmt as S;
        let provider = once!(self, s.stmts, S::Provider, "provider");
        let customer = once!(self, s.stmts, S::Customer, "customer");
        let hours = once!(self, s.stmts, S::Hours, "hours");
        let channels = once!(self, s.stmts, S::Channels, "channels");
        let fee = once!(self, s.stmts, S::Fee, "fee");
        let billed = once!(self, s.stmts, S::FeeBilled, "fee billed");
        let component_fee = once!(self, s.stmts, S::ComponentFee, "fee per component");
        let description = once!(self, s.stmts, S::Description, "description");
        let scope = once!(self, s.stmts, S::Scope, "scope");

        let provider = self.service_party(s, provider, model::Role::Provider);
        let customer = self.service_party(s, customer, model::Role::Customer);
        if let (Some((p, p_at)), Some((c, c_at))) = (&provider, &customer)
            && p == c
        {
            self.push(
                Diagnostic::new(
                    Code::SameParty,
                    *c_at,
                    format!(
                        "service `{}` is provided to its own provider `{p}`",
                        s.name.text
                    ),
                )
                .label("the customer")
                .related(*p_at, "the provider")
                .help("the provider and the customer of a service must be different parties"),
            );
        }
        let hours = match hours {
            Some(h) => {
                self.resolve(&h.value, Kind::Calendar);
                h.value.text.clone()
            }
            None => {
                self.sink.always_open = true;
                model::ALWAYS_OPEN.to_owned()
            }
        };
        let fee = fee.map(|f| self.fee(&f.value));
        let component_fee = component_fee.map(|f| self.fee(&f.value));
        let charges = self.charges(s);
        // A fee per component is a fixed fee too (E0542).
        let billed = self.billed(s, fee.is_some() || component_fee.is_some(), billed);
        let mut channels: Vec<String> = channels
            .map(|c| c.value.iter().map(|n| n.text.clone()).collect())
            .unwrap_or_default();
        channels.dedup();
        model::Service {
            name: s.name.text.clone(),
            title: s.title.as_ref().map(|t| t.value.clone()),
            provider: provider.map(|p| p.0).unwrap_or_default(),
            customer: customer.map(|c| c.0).unwrap_or_default(),
            hours,
            channels,
            fee,
            billed,
            component_fee,
            charges,
            description: description.map(|d| d.value.value.clone()),
            scope: scope.map(|d| d.value.value.clone()),
            credit_caps: Vec::new(),
            bonus_caps: Vec::new(),
            credit_minimum: None,
        }
    }

    /// `fee billed per PERIOD`: refused beside a fixed fee (E0542) and for
    /// periods shorter than a month (E0506), which credits do not settle in.
    fn billed(
        &mut self,
        s: &ast::Service,
        fixed: bool,
        billed: Option<&Stmt<ast::PeriodLit>>,
    ) -> Option<ast::Period> {
        let b = billed?;
        if fixed {
            self.push(
                Diagnostic::new(
                    Code::FixedAndBilledFee,
                    b.span,
                    format!("service `{}` has a fixed fee and a billed fee", s.name.text),
                )
                .label("a second fee")
                .help("keep `fee billed per month` when the fee is what the bill says, or the fixed `fee` when it is not"),
            );
            return None;
        }
        let period = b.value.period;
        if matches!(
            period,
            ast::Period::Hour | ast::Period::Day | ast::Period::Week
        ) {
            self.push(
                Diagnostic::new(
                    Code::CreditPeriod,
                    b.value.span,
                    format!("a fee billed per {}", period.noun()),
                )
                .label("not a month, quarter or year")
                .help("credits settle per month, quarter or year: write `fee billed per month`"),
            );
            return None;
        }
        Some(period)
    }

    /// The service's named charges (`charge support "…" GBP 2500.00`), each
    /// name once in the service (E0202).
    fn charges(&mut self, s: &ast::Service) -> Vec<model::Charge> {
        let mut out: Vec<model::Charge> = Vec::new();
        let mut first: Vec<(&str, Span)> = Vec::new();
        for st in &s.stmts {
            let ast::ServiceStmt::Charge(c) = st else {
                continue;
            };
            let c = &c.value;
            let (amount, currency) = self.money(&c.money);
            if let Some(&(_, at)) = first.iter().find(|(n, _)| *n == c.name.text) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        c.name.span,
                        format!("charge `{}` is defined twice in service `{}`", c.name.text, s.name.text),
                    )
                    .label("second definition")
                    .related(at, "first defined here")
                    .help("each charge of a service needs a name of its own; rename one of them, or remove the one that is not meant"),
                );
                continue;
            }
            first.push((&c.name.text, c.name.span));
            out.push(model::Charge {
                name: c.name.text.clone(),
                label: c.label.as_ref().map(|l| l.value.clone()),
                amount,
                currency,
            });
        }
        out
    }

    /// A fee, the service's or each component's.
    fn fee(&mut self, f: &ast::Fee) -> model::Fee {
        let (amount, currency) = self.money(&f.money);
        model::Fee {
            amount,
            currency,
            per: f.per.period,
        }
    }

    pub(crate) fn service_party(
        &mut self,
        s: &ast::Service,
        stmt: Option<&Stmt<Name>>,
        role: model::Role,
    ) -> Option<(String, Span)> {
        let word = match role {
            model::Role::Provider => "provider",
            model::Role::Customer => "customer",
        };
        match stmt {
            Some(n) => self
                .party_in_role(
                    &n.value,
                    role,
                    &format!("{word} of service `{}`", s.name.text),
                )
                .then(|| (n.value.text.clone(), n.value.span)),
            None => match self.only_party(role) {
                Some(p) => Some((p.to_owned(), s.name.span)),
                None => {
                    // With a party defined twice, which one is meant is already in question.
                    let duplicated = self.env.duplicates.iter().any(|(_, k)| *k == Kind::Party);
                    if self.env.roles.values().any(|r| r.contains(&role)) && !duplicated {
                        self.missing(
                            s.name.span,
                            &format!("service `{}` does not say who its {word} is", s.name.text),
                            &format!("add `{word} PARTY`: there is more than one party with `role {word}`"),
                        );
                    }
                    None
                }
            },
        }
    }
}

// ---------------------------------------------------------------- termination

/// The termination terms.
pub(crate) fn termination(
    env: &Env<'_>,
    sink: &mut Sink,
    t: &ast::Termination,
) -> model::Termination {
    Cx::new(env, sink, false).termination(t)
}

impl Cx<'_, '_> {
    fn termination(&mut self, t: &ast::Termination) -> model::Termination {
        use ast::TerminationStmt as T;
        let notice = once!(self, t.stmts, T::Notice, "notice");
        let for_cause = once!(self, t.stmts, T::ForCause, "for cause");
        let suspend = once!(self, t.stmts, T::Suspend, "suspend");
        let window = once!(self, t.stmts, T::ForCauseWindow, "for cause when downtime");
        let for_cause_window = window.map(|w| {
            self.resolve(&w.value.objective, Kind::Objective);
            self.window_length(&w.value.limit, "a downtime limit");
            self.window_length(&w.value.window, "a rolling window");
            model::ForCauseWindow {
                objective: w.value.objective.text.clone(),
                limit: length(&w.value.limit),
                window: length(&w.value.window),
            }
        });
        let notice = notice.map(|n| {
            self.contract_term(&n.value.period, "a notice period");
            model::Notice {
                period: length(&n.value.period),
                in_writing: n.value.in_writing,
            }
        });
        let for_cause = for_cause.map(|f| {
            self.positive(
                f.value.count.value,
                f.value.count.span,
                "a number of periods",
            );
            model::Every {
                count: f.value.count.value,
                unit: f.value.unit.period,
            }
        });
        let suspend = suspend.map(|s| {
            self.contract_term(&s.value.after, "a suspension delay");
            // The provider suspends its services while the customer is silent.
            if self.resolve(&s.value.party, Kind::Party)
                && self.env.roles.get(s.value.party.text.as_str()).is_some_and(|r| !r.contains(&model::Role::Customer))
            {
                self.push(
                    Diagnostic::new(
                        Code::RoleMismatch,
                        s.value.party.span,
                        format!("party `{}` is not a customer", s.value.party.text),
                    )
                    .label("suspension waits on the customer")
                    .help("the provider may suspend its services while a customer does not respond: name a party with `role customer`"),
                );
            }
            model::Suspend {
                after: length(&s.value.after),
                party: s.value.party.text.clone(),
                waiting: s.value.waiting.as_ref().map(crate::objective::condition),
            }
        });
        model::Termination {
            notice,
            for_cause,
            suspend,
            for_cause_window,
        }
    }

    /// A length of real time: seconds to weeks, not zero.
    fn window_length(&mut self, d: &ast::Duration, what: &str) {
        use ast::DurationUnit as U;
        self.positive(d.count.value, d.span, what);
        if matches!(d.unit, U::Months | U::BusinessDays | U::BusinessHours) {
            self.push(
                Diagnostic::new(
                    Code::WindowNotFixed,
                    d.span,
                    format!("{what} must be a fixed length of real time"),
                )
                .label("not a fixed length")
                .help("write it in seconds, minutes, hours, days (24 hours each) or weeks, such as `30 days`"),
            );
        }
    }
}
