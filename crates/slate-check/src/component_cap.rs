//! `cap per component 100% of fee` in a credits block: what each
//! component's own credits in a settled period come to at most, before the
//! service's caps apply to their sum (docs/semantics.md "Remedies beyond
//! tiers": per component).

use slate_syntax::ast::{self, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::component_fee::per_component;
use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, Payout};

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
        let mut first: Option<(Span, Option<Payout>)> = None;
        for st in &s.stmts {
            let ScheduleStmt::ComponentCap(c) = st else {
                continue;
            };
            if let Some((at, _)) = &first {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        c.span,
                        "`cap per component` is given twice",
                    )
                    .label("second one")
                    .related(*at, "first one")
                    .help("keep one `cap per component` statement: it limits each component's credits"),
                );
                continue;
            }
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
                first = Some((c.span, None));
                continue;
            }
            let cap = self.payout(&c.value, period, service, pending);
            first = Some((c.span, cap));
        }
        first.and_then(|(_, p)| p)
    }
}
