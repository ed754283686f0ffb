//! The minimum credit of a service (`minimum more than USD 1.00` in a
//! credits block, `credit minimum …` in the service): gathered wherever it
//! is written, one per service (E0543), stored on the service.

use slate_syntax::ast::{self, Item, Stmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::env::{Cx, Env, Sink};
use crate::model::{self, ScheduleKind};

/// Gathers the minimum credits of each service and stores the one it has.
pub(crate) fn attach_minimums(
    env: &Env<'_>,
    sink: &mut Sink,
    services: &mut [model::Service],
    schedules: &[model::Schedule],
) {
    let mut found: Vec<(String, &Stmt<ast::Minimum>)> = Vec::new();
    for item in &env.agreement.items {
        match item {
            Item::Service(s) => {
                for st in &s.stmts {
                    if let ast::ServiceStmt::CreditMinimum(m) = st {
                        found.push((s.name.text.clone(), m));
                    }
                }
            }
            Item::Credits(c) => {
                let service = schedules
                    .iter()
                    .find(|x| x.kind == ScheduleKind::Credits && x.objective == c.objective.text)
                    .map(|x| x.service.clone());
                let Some(service) = service else { continue };
                for st in &c.stmts {
                    if let ast::ScheduleStmt::Minimum(m) = st {
                        found.push((service.clone(), m));
                    }
                }
            }
            _ => {}
        }
    }
    let mut cx = Cx::new(env, sink, false);
    for service in services.iter_mut() {
        let mut kept: Option<(model::Minimum, Span)> = None;
        for (_, m) in found.iter().filter(|(s, _)| *s == service.name) {
            let (amount, currency) = cx.money(&m.value.money);
            let this = model::Minimum {
                amount,
                currency,
                strict: m.value.strict,
            };
            match &kept {
                None => kept = Some((this, m.span)),
                Some((k, _)) if *k == this => {}
                Some((_, at)) => cx.push(
                    Diagnostic::new(
                        Code::ConflictingMinimums,
                        m.span,
                        format!("two different minimum credits for service `{}`", service.name),
                    )
                    .label("this minimum")
                    .related(*at, "conflicts with this one")
                    .help("a minimum applies to the sum of all the service's credits of a period, after caps; state it once"),
                ),
            }
        }
        service.credit_minimum = kept.map(|k| k.0);
    }
}
