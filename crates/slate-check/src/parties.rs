//! Parties, their roles and signatories, and regular reports.

use std::collections::BTreeMap;

use slate_syntax::ast::{self, Item, Name};
use slate_syntax::{Code, Diagnostic, diagnostic};

use crate::Kind;
use crate::env::{Cx, Env, Out, Sink};
use crate::model;
use crate::names::Names;
use crate::once;

/// The roles of parties, by name.
pub(crate) type Roles<'a> = BTreeMap<&'a str, Vec<model::Role>>;

// -------------------------------------------------------------------- parties

/// The parties and their roles: part of the first pass, as every later
/// pass reads the roles.
pub(crate) fn parties<'a>(
    a: &'a ast::Agreement,
    names: &Names<'a>,
    sink: &mut Sink,
) -> (Vec<model::Party>, Roles<'a>) {
    let mut parties = Vec::new();
    let mut known_roles: Roles<'a> = BTreeMap::new();
    // A party whose role is unknown (missing, misspelt, or on a line that
    // could not be read) may be the provider or customer that seems missing.
    let mut role_unknown = a.recovered;
    for p in a.items.iter().filter_map(|i| match i {
        Item::Party(p) => Some(p),
        _ => None,
    }) {
        let mut out = Out::new(sink, p.recovered);
        let role_stmt = once!(out, p.stmts, ast::PartyStmt::Role, "role");
        let address = once!(out, p.stmts, ast::PartyStmt::Address, "address");
        let (roles, unknown) = out.roles_of(p, role_stmt);
        role_unknown |= unknown;
        let signatories: Vec<model::Signatory> = p
            .stmts
            .iter()
            .filter_map(|s| match s {
                ast::PartyStmt::Signatory(s) => Some(model::Signatory {
                    name: s.value.name.value.clone(),
                    title: s.value.title.as_ref().map(|t| t.value.clone()),
                }),
                _ => None,
            })
            .collect();
        if signatories.is_empty() && !p.recovered {
            out.push(
                Diagnostic::new(Code::NoSignatory, p.name.span, format!("party `{}` has no signatory", p.name.text))
                    .label("nobody signs for this party")
                    .help("add `signatory \"Full Name\", \"Title\"`; without one the document cannot be signed"),
            );
        }
        let contacts = p
            .stmts
            .iter()
            .filter_map(|s| match s {
                ast::PartyStmt::Contact(c) => {
                    Some(c.value.iter().map(|t| t.value.clone()).collect())
                }
                _ => None,
            })
            .collect();
        role_unknown |= roles.is_empty() || p.recovered;
        // A party defined twice was reported; its roles still count, so
        // the duplicate does not also make a role seem missing.
        if names
            .get(p.name.text.as_str())
            .is_some_and(|(k, _)| *k == Kind::Party)
        {
            let known = known_roles.entry(&p.name.text).or_default();
            for r in &roles {
                if !known.contains(r) {
                    known.push(*r);
                }
            }
        }
        parties.push(model::Party {
            name: p.name.text.clone(),
            legal_name: p.legal_name.value.clone(),
            roles,
            address: address.map(|a| a.value.value.clone()),
            contacts,
            signatories,
        });
    }
    let mut out = Out::new(sink, false);
    for (role, word) in [
        (model::Role::Provider, "provider"),
        (model::Role::Customer, "customer"),
    ] {
        if !known_roles.values().any(|r| r.contains(&role)) && !role_unknown {
            out.push(
                Diagnostic::new(
                    Code::MissingRole,
                    a.head,
                    format!("the agreement has no {word}"),
                )
                .label(format!("no party has `role {word}`"))
                .help(format!(
                    "add a party with `role {word}`: an agreement binds a provider and a customer"
                )),
            );
        }
    }
    out.confusable_parties(a);
    (parties, known_roles)
}

impl Out<'_> {
    /// A party's roles, each once; and whether one could not be read (so
    /// a role that seems missing may be there).
    fn roles_of(
        &mut self,
        p: &ast::Party,
        role_stmt: Option<&ast::Stmt<Vec<ast::Name>>>,
    ) -> (Vec<model::Role>, bool) {
        let mut unknown = false;
        let mut roles = Vec::new();
        match role_stmt {
            None => self.missing(
                p.name.span,
                &format!("party `{}` has no `role`", p.name.text),
                "add `role provider` or `role customer`",
            ),
            Some(r) => {
                for name in &r.value {
                    let role = match name.text.as_str() {
                        "provider" => model::Role::Provider,
                        "customer" => model::Role::Customer,
                        other => {
                            let suggestion =
                                diagnostic::did_you_mean(other, ["provider", "customer"]);
                            let help = match suggestion {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "a party's role is `provider` or `customer` (or both, for an internal agreement)".to_owned(),
                            };
                            self.push(
                                Diagnostic::new(
                                    Code::UnknownRole,
                                    name.span,
                                    format!("unknown role `{other}`"),
                                )
                                .label("not a role")
                                .help(help)
                                .suggest_if(name.span, suggestion),
                            );
                            unknown = true;
                            continue;
                        }
                    };
                    if roles.contains(&role) {
                        self.push(
                            Diagnostic::new(
                                Code::DuplicateStatement,
                                name.span,
                                format!("role `{}` is given twice", name.text),
                            )
                            .label("again")
                            .help("name each role once"),
                        );
                    } else {
                        roles.push(role);
                    }
                }
            }
        }
        (roles, unknown)
    }

    /// E0322: two parties whose legal names (or names) differ but look
    /// alike: the same Unicode TR39 skeleton, such as `Acme Ltd` and `Аcme
    /// Ltd` with a Cyrillic `А`. A signer could take one for the other.
    fn confusable_parties(&mut self, a: &ast::Agreement) {
        let parties: Vec<&ast::Party> = a
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Party(p) => Some(p),
                _ => None,
            })
            .collect();
        let skeleton = |s: &str| -> String { unicode_security::skeleton(s).collect() };
        let mut seen: Vec<(String, &str, slate_syntax::Span, &str)> = Vec::new();
        for p in &parties {
            for (text, at, what) in [
                (p.legal_name.value.as_str(), p.legal_name.span, "legal name"),
                (p.name.text.as_str(), p.name.span, "name"),
            ] {
                if text.is_empty() {
                    continue;
                }
                let key = skeleton(text);
                if let Some((_, other, other_at, other_what)) =
                    seen.iter().find(|(k, o, _, _)| *k == key && *o != text)
                {
                    self.push(
                        Diagnostic::new(
                            Code::ConfusableNames,
                            at,
                            format!("party {what} `{text}` looks like `{other}`"),
                        )
                        .label("looks like another party's")
                        .related(*other_at, format!("this party's {other_what}"))
                        .help("the two differ only in characters that look alike (such as a Cyrillic `А` for a Latin `A`), so a reader can take one party for the other; write both in one script, or make them visibly different"),
                    );
                }
                seen.push((key, text, at, what));
            }
        }
        // Two parties with one legal name cannot be told apart at all.
        for (i, p) in parties.iter().enumerate() {
            let name = p.legal_name.value.as_str();
            if let Some(first) = parties
                .get(..i)
                .and_then(|before| before.iter().find(|q| q.legal_name.value == name))
                .filter(|_| !name.is_empty())
            {
                self.push(
                    Diagnostic::new(
                        Code::ConfusableNames,
                        p.legal_name.span,
                        format!("two parties have the legal name `{name}`"),
                    )
                    .label("the same as another party's")
                    .related(first.legal_name.span, "this party's legal name")
                    .help("a reader cannot tell which party a term binds; give each party its own legal name"),
                );
            }
        }
    }
}

impl<'a> Cx<'_, 'a> {
    /// The one party with `role`, if there is exactly one.
    pub(crate) fn only_party(&self, role: model::Role) -> Option<&'a str> {
        let mut it = self
            .env
            .roles
            .iter()
            .filter(|(_, r)| r.contains(&role))
            .map(|(n, _)| *n);
        match (it.next(), it.next()) {
            // A name defined twice is ambiguous: no default is drawn from it.
            (Some(one), None) if !self.env.duplicates.contains(&(one, Kind::Party)) => Some(one),
            _ => None,
        }
    }

    /// Checks a reference to a party in `role`; reports a party in the other role.
    pub(crate) fn party_in_role(&mut self, name: &Name, role: model::Role, what: &str) -> bool {
        if !self.resolve(name, Kind::Party) {
            return false;
        }
        match self.env.roles.get(name.text.as_str()) {
            Some(r) if !r.contains(&role) => {
                let (word, other) = match role {
                    model::Role::Provider => ("provider", "customer"),
                    model::Role::Customer => ("customer", "provider"),
                };
                let at = self
                    .env
                    .names
                    .get(name.text.as_str())
                    .map_or(name.span, |(_, s)| *s);
                self.push(
                    Diagnostic::new(
                        Code::RoleMismatch,
                        name.span,
                        format!("party `{}` is a {other}, not a {word}", name.text),
                    )
                    .label(format!("named as the {what}"))
                    .related(at, format!("`{}` has `role {other}`", name.text))
                    .help(format!(
                        "name a party with `role {word}` here, or change the party's role"
                    )),
                );
                false
            }
            _ => true,
        }
    }
}

/// The regular reports, and who sends each (by default the only provider).
pub(crate) fn reports(env: &Env<'_>, sink: &mut Sink) -> Vec<model::Report> {
    let a = env.agreement;
    let mut cx = Cx::new(env, sink, a.recovered);
    let mut out = Vec::new();
    for r in a.items.iter().filter_map(|i| match i {
        Item::Report(r) => Some(r),
        _ => None,
    }) {
        let from = match &r.value.from {
            Some(f) => {
                cx.resolve(f, Kind::Party);
                f.text.clone()
            }
            None => match cx.only_party(model::Role::Provider) {
                Some(p) => p.to_owned(),
                None => {
                    let to = r.value.to.first().map_or("customer", |n| n.text.as_str());
                    let from = env
                        .roles
                        .iter()
                        .find(|(n, roles)| roles.contains(&model::Role::Provider) && **n != to)
                        .map_or("PARTY", |(n, _)| *n);
                    let help = format!(
                        "more than one party provides services; say which sends it: `report {} from {from} to {to}`",
                        r.value.cadence.period.adjective()
                    );
                    cx.missing(r.keyword, "the report does not say who sends it", &help);
                    String::new()
                }
            },
        };
        for to in &r.value.to {
            cx.resolve(to, Kind::Party);
        }
        out.push(model::Report {
            title: r.value.title.as_ref().map(|t| t.value.clone()),
            cadence: r.value.cadence.period,
            from,
            to: r.value.to.iter().map(|n| n.text.clone()).collect(),
        });
    }
    out
}
