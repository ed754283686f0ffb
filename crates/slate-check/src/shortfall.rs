//! A credit per unit of shortfall of an availability objective: `per 4
//! hours or part thereof of downtime : 1 day of monthly fee`, and the
//! rounding of the shortfall first (`round downtime to nearest 15
//! minutes`).

use slate_syntax::ast::{self, DurationUnit, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic};

use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, ObjectiveKind, PerDowntime};
use crate::once;

impl Cx<'_, '_> {
    /// What `per … of downtime : …` pays, if the block states it once, on
    /// an availability objective whose downtime is counted to the second,
    /// with the block's rounding of the shortfall, if any. Per component,
    /// each component counts its own units (docs/semantics.md).
    pub(crate) fn per_downtime(
        &mut self,
        s: &ast::Schedule,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<PerDowntime> {
        let stmt = once!(
            self,
            s.stmts,
            ScheduleStmt::PerDowntime,
            "per … of downtime"
        );
        let round = once!(self, s.stmts, ScheduleStmt::RoundDowntime, "round downtime");
        let Some(stmt) = stmt else {
            if let Some(r) = round {
                self.push(
                    Diagnostic::new(
                        Code::RoundWithoutPerDowntime,
                        r.span,
                        "`round downtime` without a credit per unit of downtime",
                    )
                    .label("nothing here counts downtime in units")
                    .help("add a credit such as `per 4 hours or part thereof of downtime : 1 day of monthly fee`, or remove the rounding"),
                );
            }
            return None;
        };
        let p = &stmt.value;
        let why = match &objective.kind {
            ObjectiveKind::Availability(a)
                if a.downtime_unit.is_some() || a.unit_down.is_some() =>
            {
                Some("its downtime is counted in units, not in time beyond an allowance")
            }
            ObjectiveKind::Availability(_) => None,
            _ => Some("only an availability objective allows downtime by its target"),
        };
        if let Some(label) = why {
            self.push(
                Diagnostic::new(
                    Code::PerDowntimeWithoutTarget,
                    stmt.span,
                    format!(
                        "a credit per unit of downtime on objective `{}`, which allows no downtime to exceed",
                        objective.name
                    ),
                )
                .label(label)
                .help("attach it to an availability objective such as `uptime at least 99.9% per month` whose downtime is counted to the second, or pay by tiers such as `below 99.9% : 10% of monthly fee`"),
            );
        }
        let unit = self.downtime_length(&p.unit, "unit");
        let round_seconds = round.and_then(|r| self.downtime_length(&r.value, "rounding"));
        let payout = self.payout(&p.payout, period, service, pending);
        if why.is_some() {
            return None;
        }
        Some(PerDowntime {
            unit_seconds: unit?,
            unit: crate::length(&p.unit),
            part_thereof: p.part_thereof,
            round_seconds,
            round: round.map(|r| crate::length(&r.value)),
            payout: payout?,
        })
    }

    /// The seconds of a length of downtime: a positive whole number of
    /// seconds, minutes, hours or days of real time.
    fn downtime_length(&mut self, d: &ast::Duration, what: &str) -> Option<u64> {
        let per = match d.unit {
            DurationUnit::Seconds => Some(1),
            DurationUnit::Minutes => Some(60),
            DurationUnit::Hours => Some(3_600),
            DurationUnit::Days => Some(86_400),
            DurationUnit::BusinessDays
            | DurationUnit::BusinessHours
            | DurationUnit::Weeks
            | DurationUnit::Months => None,
        };
        let seconds = per.and_then(|p| d.count.value.checked_mul(p));
        let (label, at) = match seconds {
            Some(0) => ("a length of 0 counts nothing", d.span),
            Some(s) if s <= 1 << 40 => return Some(s),
            Some(_) => ("too long", d.span),
            None if per.is_none() => ("not seconds, minutes, hours or days", d.unit_span),
            None => ("too long", d.span),
        };
        self.push(
            Diagnostic::new(
                Code::DowntimeLength,
                at,
                format!("a downtime {what} is a positive length of real time"),
            )
            .label(label)
            .help("write it in minutes, hours or days of real time, such as `4 hours` or `15 minutes`"),
        );
        None
    }
}
