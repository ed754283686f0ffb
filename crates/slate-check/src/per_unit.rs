//! The measured value rounded (`round value to whole seconds half even`)
//! and remedies per whole unit of it beyond a threshold (`per second over
//! 30 seconds : USD 500.00` in credits, `per second under 15 seconds : …`
//! in a bonus): only an average or percentile of durations has such a value.

use slate_syntax::ast::{self, DurationUnit, ObjectiveStmt as O, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, ObjectiveKind, ScheduleKind};

/// Seconds in one fixed unit of time; `None` for business time and months.
fn unit_seconds(unit: DurationUnit) -> Option<u64> {
    match unit {
        DurationUnit::Seconds => Some(1),
        DurationUnit::Minutes => Some(60),
        DurationUnit::Hours => Some(3_600),
        DurationUnit::Days => Some(86_400),
        DurationUnit::Weeks => Some(604_800),
        DurationUnit::Months | DurationUnit::BusinessDays | DurationUnit::BusinessHours => None,
    }
}

/// Whether a credits or bonus block pays per unit of the value.
pub(crate) fn pays_per_unit(s: &ast::Schedule) -> bool {
    s.stmts
        .iter()
        .any(|st| matches!(st, ScheduleStmt::PerUnitValue(_)))
}

impl Cx<'_, '_> {
    /// `round value to whole seconds` of a duration aggregate: the unit
    /// must be seconds, minutes or hours (E0561).
    pub(crate) fn round_value(&mut self, o: &ast::Objective) -> Option<model::Rounding> {
        let r = crate::once!(self, o.stmts, O::RoundValue, "round value")?;
        let unit = &r.value.unit;
        let unit_seconds = match unit.text.as_str() {
            "second" | "seconds" => 1,
            "minute" | "minutes" => 60,
            "hour" | "hours" => 3_600,
            other => {
                self.push(
                    Diagnostic::new(
                        Code::RoundValueUnit,
                        unit.span,
                        format!("cannot round a length of time to whole `{other}`"),
                    )
                    .label("not a unit of time Slate rounds to")
                    .help("write `round value to whole seconds`, `… whole minutes` or `… whole hours`"),
                );
                return None;
            }
        };
        Some(model::Rounding {
            unit_seconds,
            half_even: r.value.half_even,
        })
    }

    /// `round value` on an objective whose value is not a duration (E0560).
    pub(crate) fn round_value_misplaced(&mut self, o: &ast::Objective, kind: &ObjectiveKind) {
        if matches!(kind, ObjectiveKind::DurationAggregate(_)) {
            return;
        }
        for s in &o.stmts {
            let O::RoundValue(r) = s else { continue };
            self.push(
                Diagnostic::new(
                    Code::RoundValueNotDuration,
                    r.span,
                    format!("`round value` on objective `{}`, whose value is not a length of time", o.name.text),
                )
                .label("only an average or percentile of durations is rounded to whole seconds or minutes")
                .help("remove it; Slate keeps the other values exact and states them to three decimal places"),
            );
        }
    }

    /// What `per second over 30 seconds : …` pays, if the block states it
    /// once, on a duration aggregate settled over its own periods.
    pub(crate) fn per_unit_value(
        &mut self,
        s: &ast::Schedule,
        kind: ScheduleKind,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<model::PerUnitValue> {
        let mut first: Option<(Span, Option<model::PerUnitValue>)> = None;
        for st in &s.stmts {
            let ScheduleStmt::PerUnitValue(pu) = st else {
                continue;
            };
            if let Some((at, _)) = &first {
                self.push(
                    Diagnostic::new(Code::DuplicateStatement, pu.span, "a remedy per unit of the value is given twice")
                        .label("second one")
                        .related(*at, "first one")
                        .help("keep one `per … over …` statement in credits and one `per … under …` in the bonus"),
                );
                continue;
            }
            let value = self.per_unit_one(pu, kind, period, objective, service, pending);
            first = Some((pu.span, value));
        }
        first.and_then(|(_, v)| v)
    }

    fn per_unit_one(
        &mut self,
        pu: &ast::Stmt<ast::PerUnitValue>,
        kind: ScheduleKind,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<model::PerUnitValue> {
        let v = &pu.value;
        let ObjectiveKind::DurationAggregate(_) = objective.kind else {
            self.push(
                Diagnostic::new(
                    Code::PerUnitWithoutDuration,
                    pu.span,
                    format!("a remedy per unit of the value on objective `{}`, whose value is not a length of time", objective.name),
                )
                .label("only an average or percentile of durations has seconds to count")
                .help("attach it to an objective such as `average at most 30 seconds per month`, or pay by tiers"),
            );
            return None;
        };
        if period != objective.period {
            self.push(
                Diagnostic::new(
                    Code::PerUnitWithoutDuration,
                    pu.span,
                    format!("a remedy per unit of the value settled per {}, but the value is measured per {}", period.noun(), objective.period.noun()),
                )
                .label("one value per settled period is needed")
                .help("settle the block over the objective's own period: remove `per …` after the objective's name"),
            );
            return None;
        }
        let (word, wrong, fix) = match kind {
            ScheduleKind::Credits => ("credits", !v.over, "over"),
            ScheduleKind::Bonus => ("bonus", v.over, "under"),
        };
        if wrong {
            let written = if v.over { "over" } else { "under" };
            self.push(
                Diagnostic::new(
                    Code::PerUnitDirection,
                    v.direction,
                    format!("`{written}` in a {word} block"),
                )
                .label(match kind {
                    ScheduleKind::Credits => {
                        "credits pay for each unit the value is worse (over) than the threshold"
                    }
                    ScheduleKind::Bonus => {
                        "a bonus pays for each unit the value is better (under) than the threshold"
                    }
                })
                .help(format!(
                    "write `{fix}` here, or move the statement to the {} block",
                    if v.over { "credits" } else { "bonus" }
                )),
            );
            return None;
        }
        let unit = unit_seconds(v.unit);
        let threshold =
            unit_seconds(v.threshold.unit).map(|u| u.saturating_mul(v.threshold.count.value));
        let (Some(unit_seconds), Some(threshold_seconds)) = (unit, threshold) else {
            let at = if unit.is_none() {
                v.unit_span
            } else {
                v.threshold.unit_span
            };
            self.push(
                Diagnostic::new(Code::PerUnitUnit, at, "a remedy per unit of the value counts fixed lengths of time")
                    .label("business time and months have no fixed length")
                    .help("write the unit and the threshold in seconds, minutes, hours, days or weeks, such as `per second over 30 seconds`"),
            );
            return None;
        };
        let payout = self.payout(&v.payout, period, service, pending)?;
        Some(model::PerUnitValue {
            unit_seconds,
            over: v.over,
            threshold_seconds,
            payout,
        })
    }
}
