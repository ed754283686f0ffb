//! Credits on an objective measured per component: each component earns
//! its own credit from its own value, and the components' credits are
//! added together before the service's caps.

use slate_check::model::{ObjectiveKind, Schedule, ScheduleKind};

use super::*;

impl Builder<'_> {
    /// `Each component earns its own credit: …`, when `s` is on an
    /// objective measured per component; nothing otherwise. It states
    /// what the author wrote and nothing more.
    pub(super) fn component_credits(&self, s: &Schedule, period: &str) -> Option<Block> {
        let o = self.m.objective(&s.objective)?;
        let ObjectiveKind::Availability(av) = &o.kind else {
            return None;
        };
        if !av.per_component {
            return None;
        }
        let (earns, paid) = match s.kind {
            ScheduleKind::Credits => ("its own credit", "credits"),
            ScheduleKind::Bonus => ("the provider its own bonus", "bonuses"),
        };
        Some(para(vec![
            text("Each component of "),
            strong(self.service_title(&s.service)),
            text(format!(
                " earns {earns}: the table is applied to that component's own availability in the {period}, and a percentage of the fee is a share of the fee of the service. The {paid} of all components are added together before any cap applies."
            )),
        ]))
    }
}
