//! Credits on an objective measured per component: each component earns
//! its own credit from its own value, and the components' credits are
//! added together before the service's caps.

use slate_check::model::{Fee, ObjectiveKind, Payout, Schedule, ScheduleKind};
use slate_check::words;

use super::*;

impl Builder<'_> {
    /// The fee of each component, when `s` is on an objective measured per
    /// component and its service states one (`fee per component`).
    pub(super) fn component_fee(&self, s: &Schedule) -> Option<&Fee> {
        let o = self.ix.objective(&s.objective)?;
        let ObjectiveKind::Availability(av) = &o.kind else {
            return None;
        };
        if !av.per_component {
            return None;
        }
        self.ix.service(&s.service)?.component_fee.as_ref()
    }

    /// What a tier of `s` pays, in words, with the amount worked out on
    /// the fee it is a share of: each component's own, or the service's.
    pub(super) fn schedule_payout(&self, s: &Schedule, p: &Payout) -> String {
        match (self.component_fee(s), p) {
            (
                Some(fee),
                Payout::PercentOfFee {
                    percent,
                    basis: None,
                },
            ) => match fee.share(*percent, s.period) {
                Some(amount) => format!(
                    "{} ({} for each component)",
                    words::payout(p, s.period),
                    words::money(amount, fee.currency.as_str())
                ),
                None => words::payout(p, s.period),
            },
            (Some(_), _) if p.basis().is_none() => words::payout(p, s.period),
            _ => self.payout(p, &s.service, s.period),
        }
    }

    /// `Each component earns its own credit: …`, when `s` is on an
    /// objective measured per component; nothing otherwise. It states
    /// what the author wrote and nothing more.
    pub(super) fn component_credits(&self, s: &Schedule, period: &str) -> Option<Block> {
        let o = self.ix.objective(&s.objective)?;
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
        let basis = match self.component_fee(s) {
            Some(f) => format!(
                "calculated on that component's own fee of {} per {} (in place of the fee of the service)",
                words::money(f.amount, f.currency.as_str()),
                f.per.noun()
            ),
            None => "calculated on the fee of the service".to_owned(),
        };
        // `cap per component …`: stated as written, on the same basis.
        let cap = s.component_cap.as_ref().map_or_else(String::new, |c| {
            format!(
                " Each component's credits in a {period} are capped at {}; the credits of all components are added together after these caps and before any other cap applies.",
                self.schedule_payout(s, c)
            )
        });
        let before = if cap.is_empty() {
            format!(" The {paid} of all components are added together before any cap applies.")
        } else {
            String::new()
        };
        // What each component's own figures decide: the table, and a
        // credit per unit of downtime on its own downtime and allowance.
        let mut applied = Vec::new();
        if !s.tiers.is_empty() {
            applied.push(format!(
                "the table is applied to that component's own availability in the {period}"
            ));
        }
        if s.per_downtime.is_some() {
            applied.push(format!(
                "the credit for downtime is counted on that component's own downtime in the {period} and the downtime its target allows that component"
            ));
        }
        Some(para(vec![
            text("Each component of "),
            strong(self.service_title(&s.service)),
            text(format!(
                " earns {earns}, {basis}: {}.{before}{cap}",
                applied.join(", and ")
            )),
        ]))
    }
}
