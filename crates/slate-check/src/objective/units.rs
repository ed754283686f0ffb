//! `downtime in units of 1 minute`: downtime counted in whole units of real
//! time from each period's start.

use slate_syntax::ast::{self, DurationUnit, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic};

use crate::env::Cx;
use crate::model;
use crate::once;

impl Cx<'_, '_> {
    /// The unit of `downtime in units of …`: a positive whole number of
    /// minutes, written in seconds, minutes or hours.
    pub(super) fn downtime_unit(&mut self, o: &ast::Objective) -> Option<model::DowntimeUnit> {
        let stmt = once!(self, o.stmts, O::DowntimeUnits, "downtime in units")?;
        let d = &stmt.value;
        let per = match d.unit {
            DurationUnit::Seconds => 1,
            DurationUnit::Minutes => 60,
            DurationUnit::Hours => 3600,
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::DowntimeUnit,
                        d.unit_span,
                        "a downtime unit is real time in minutes or hours",
                    )
                    .label("not minutes or hours")
                    .help("write the unit in minutes or hours, such as `1 minute` or `15 minutes`"),
                );
                return None;
            }
        };
        let seconds = d.count.value.saturating_mul(per);
        if seconds == 0 {
            self.push(
                Diagnostic::new(Code::DowntimeUnit, d.span, "a downtime unit of 0 counts nothing")
                    .label("empty unit")
                    .help("downtime is counted in whole minutes: write a unit such as `1 minute` or `5 minutes`"),
            );
            return None;
        }
        if seconds % 60 != 0 {
            self.push(
                Diagnostic::new(
                    Code::DowntimeUnit,
                    d.span,
                    format!("`{}` is not a whole number of minutes", slate_text(d)),
                )
                .label("not whole minutes")
                .help("downtime is counted in whole minutes: write a unit such as `1 minute` or `5 minutes`"),
            );
            return None;
        }
        let canonical = crate::words::canonical_seconds(seconds);
        let l = model::Length {
            count: d.count.value,
            unit: d.unit,
        };
        Some(model::DowntimeUnit {
            seconds,
            written: (l != canonical).then_some(l),
        })
    }
}

/// The duration as written, for a message.
fn slate_text(d: &ast::Duration) -> String {
    let unit = match d.unit {
        DurationUnit::Seconds => "seconds",
        DurationUnit::Minutes => "minutes",
        _ => "hours",
    };
    format!("{} {unit}", d.count.value)
}
