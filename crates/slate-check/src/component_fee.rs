//! `fee per component GBP 400.00 per month`: each component's own fee,
//! the basis of the credits (or bonus) each component of a per-component
//! objective earns. Checked once the objectives are known.

use slate_syntax::ast::{self, Item};
use slate_syntax::{Code, Diagnostic};

use crate::env::{Cx, Env, Sink};
use crate::model::{self, ObjectiveKind};

/// Whether `o` is an availability objective measured per component.
pub(crate) fn per_component(o: &model::Objective) -> bool {
    matches!(&o.kind, ObjectiveKind::Availability(av) if av.per_component)
}

/// The service as a per-component objective's remedies see it: its fee is
/// each component's own, when it states one; `None` otherwise.
pub(crate) fn component_service(
    service: Option<&model::Service>,
    objective: &model::Objective,
) -> Option<model::Service> {
    let svc = service?;
    let fee = svc.component_fee.clone()?;
    per_component(objective).then(|| model::Service {
        fee: Some(fee),
        ..svc.clone()
    })
}

/// Reports a `fee per component` that no objective can use: its service
/// has no objective measured per component. (One in another currency than
/// the agreement's is `slate::E0312`, as any amount.)
pub(crate) fn check(env: &Env<'_>, sink: &mut Sink, objectives: &[model::Objective]) {
    let mut cx = Cx::new(env, sink, false);
    for s in env.agreement.items.iter().filter_map(|i| match i {
        Item::Service(s) => Some(s),
        _ => None,
    }) {
        let Some(cf) = s.stmts.iter().find_map(|x| match x {
            ast::ServiceStmt::ComponentFee(f) => Some(f),
            _ => None,
        }) else {
            continue;
        };
        if !objectives
            .iter()
            .any(|o| o.service == s.name.text && per_component(o))
        {
            cx.push(
                Diagnostic::new(
                    Code::ComponentFeeWithoutComponents,
                    cf.span,
                    format!(
                        "a fee per component on service `{}`, which has no objective measured per component",
                        s.name.text
                    ),
                )
                .label("no component earns a credit on it")
                .help(format!(
                    "add `per component` to an availability objective of service `{}`, so that each component earns its credits on its own fee, or remove this line",
                    s.name.text
                )),
            );
        }
    }
}
