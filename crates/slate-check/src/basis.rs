//! What a share is taken of when it is not the service's fee: a fixed
//! amount (`3% of GBP 2500.00`) or a charge the service names (`3% of
//! support charge`, for `charge support "…" GBP 2500.00`).

use slate_syntax::ast::{self, Name};
use slate_syntax::{Code, Diagnostic, diagnostic};

use crate::env::Cx;
use crate::model;

impl Cx<'_, '_> {
    /// The fixed basis `of` names, `None` when it is the service's fee.
    /// An amount is checked as any amount (its currency is the
    /// agreement's, E0312); a charge must be one of the service's (E0201).
    pub(crate) fn fixed_basis(
        &mut self,
        of: &ast::FeeBasis,
        service: Option<&model::Service>,
    ) -> Option<model::Basis> {
        if let Some(m) = &of.amount {
            let (amount, currency) = self.money(m);
            return Some(model::Basis {
                amount,
                currency,
                charge: None,
                label: None,
            });
        }
        let name = of.charge.as_ref()?;
        let found = service.and_then(|s| s.charges.iter().find(|c| c.name == name.text));
        match found {
            Some(c) => Some(model::Basis {
                amount: c.amount,
                currency: c.currency,
                charge: Some(c.name.clone()),
                label: c.label.clone(),
            }),
            None => {
                if let Some(svc) = service {
                    self.unknown_charge(name, svc);
                }
                // A stand-in, so that no fee is looked for: the error
                // above means no Model is given.
                Some(model::Basis {
                    amount: rust_decimal::Decimal::ZERO,
                    currency: model::Currency::EUR,
                    charge: Some(name.text.clone()),
                    label: None,
                })
            }
        }
    }

    /// `3% of maintenance charge` where service `svc` states no charge of
    /// that name: the closest it states, or how to state one.
    fn unknown_charge(&mut self, name: &Name, svc: &model::Service) {
        if self.env.service_may_have_lost(&svc.name, "charge") {
            return;
        }
        let names = svc.charges.iter().map(|c| c.name.as_str());
        let suggestion = diagnostic::did_you_mean(&name.text, names);
        let currency = self
            .sink
            .currency(self.env)
            .map_or("GBP", |(c, _)| c.as_str())
            .to_owned();
        let help = match (&suggestion, svc.charges.as_slice()) {
            (Some(s), _) => format!("did you mean `{s}`?"),
            (None, []) => format!(
                "state it in service `{}`: `charge {} \"…\" {currency} 1000.00`",
                svc.name, name.text
            ),
            (None, charges) => {
                let known: Vec<String> = charges.iter().map(|c| format!("`{}`", c.name)).collect();
                format!(
                    "the charges of service `{}` are {}",
                    svc.name,
                    slate_words::list_and(&known)
                )
            }
        };
        let mut d = Diagnostic::new(
            Code::UndefinedName,
            name.span,
            format!("undefined charge `{}` of service `{}`", name.text, svc.name),
        )
        .label("no charge of this name")
        .help(help);
        if let Some(s) = suggestion {
            d = d.suggest(name.span, s);
        }
        self.push(d);
    }
}
