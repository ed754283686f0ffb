//! `cap per component 100% of fee` in a credits block: what each
//! component's own credits in a settled period come to at most, before the
//! service's caps apply to their sum (docs/semantics.md "Remedies beyond
//! tiers": per component).

use slate_syntax::ast::{self, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic};

use crate::component_fee::per_component;
use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, Payout};
use crate::once;

impl Cx<'_, '_> {
    /// What `cap per component …` allows each component, if the block
    /// states it once, on an objective measured per component. `service`
    /// is the service as the objective's remedies see it: its fee is each
    /// component's own when it states one.
    pub(crate) fn component_cap(
        &mut self,
        s: &ast::Schedule,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<Payout> {
        let c = once!(
            self,
            s.stmts,
            ScheduleStmt::ComponentCap,
            "cap per component"
        )?;
        if !per_component(objective) {
            self.push(
                Diagnostic::new(
                    Code::ComponentCapWithoutComponents,
                    c.span,
                    format!(
                        "a cap per component on objective `{}`, which is not measured per component",
                        objective.name
                    ),
                )
                .label("no component earns a credit of its own")
                .help(format!(
                    "add `per component` to objective `{}` so that each component earns its own credit, or write the cap on the sum as `cap …`",
                    objective.name
                )),
            );
            return None;
        }
        self.payout(&c.value, period, service, pending)
    }
}
