//! The target of a time-to-event objective: one for the objective
//! (`target 95% of tickets per month`), or one on every goal
//! (`goal … within 1 hour, target 90%` with `target per goal per month`).

use rust_decimal::Decimal;
use slate_syntax::Code;
use slate_syntax::Diagnostic;
use slate_syntax::ast;

use crate::env::Cx;
use crate::model;

impl Cx<'_, '_> {
    /// The objective-level target value and the period. With targets per
    /// goal the value is the lowest goal target, which no reader uses as a
    /// term (docs/semantics.md, "A target per goal").
    pub(super) fn targets(
        &mut self,
        target: Option<&ast::Stmt<ast::Target>>,
        per_goal: Option<&ast::Stmt<ast::PeriodLit>>,
        goal_stmts: &[&ast::Stmt<ast::Goal>],
        goals: &[model::Goal],
    ) -> Option<(Decimal, model::Period)> {
        match (target, per_goal) {
            (Some(t), Some(p)) => {
                self.push(
                    Diagnostic::new(
                        Code::TargetPerGoalMixed,
                        p.span,
                        "an objective has one target or a target on every goal, not both",
                    )
                    .label("targets per goal")
                    .related(t.span, "one target for the whole objective")
                    .help("remove `target per goal per …` and the goals' targets, or remove this `target` line"),
                );
                None
            }
            (Some(t), None) => {
                for g in goal_stmts {
                    if let Some(n) = &g.value.target {
                        self.push(
                            Diagnostic::new(
                                Code::TargetPerGoalMixed,
                                n.span,
                                "a goal has its own target beside the objective's target",
                            )
                            .label("the goal's target")
                            .related(t.span, "one target for the whole objective")
                            .help("replace the `target` line with `target per goal per month` and give every goal a target, or remove the goal's target"),
                        );
                    }
                }
                Some((self.percent(&t.value.percent), t.value.per.period))
            }
            (None, Some(p)) => {
                for g in goal_stmts.iter().filter(|g| g.value.target.is_none()) {
                    self.push(
                        Diagnostic::new(
                            Code::GoalWithoutTarget,
                            g.span,
                            "this goal has no target of its own",
                        )
                        .label("no target")
                        .related(p.span, "every goal carries its own target")
                        .help("add the share of its items that must meet it, such as `, target 80%`, at the end of the goal"),
                    );
                }
                let lowest = goals.iter().filter_map(|g| g.target).min()?;
                if goals.iter().any(|g| g.target.is_none()) {
                    return None;
                }
                Some((lowest, p.value.period))
            }
            (None, None) => None,
        }
    }
}

/// Whether every goal of the objective carries its own target.
pub(crate) fn has_targets_per_goal(o: &model::Objective) -> bool {
    match &o.kind {
        model::ObjectiveKind::TimeToEvent(t) => t.goals.iter().any(|g| g.target.is_some()),
        _ => false,
    }
}
