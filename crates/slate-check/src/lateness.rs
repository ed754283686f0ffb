//! Delay damages on a due-date objective's credits: `per day late : USD
//! 500.00`, `per hour late : USD 50.00`, and the per-item cap `cap per
//! item 100% of cost` or `cap per item USD 5000.00`.

use slate_syntax::ast::{self, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, ItemCap, LateUnit, Lateness, ObjectiveKind};

impl Cx<'_, '_> {
    /// The delay damages a credits block states, once, on an objective
    /// whose items carry due dates, with its per-item cap.
    pub(crate) fn lateness(
        &mut self,
        s: &ast::Schedule,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<Lateness> {
        let due = matches!(objective.kind, ObjectiveKind::DueDate(_));
        let mut first: Option<(Span, Option<Lateness>)> = None;
        for st in &s.stmts {
            let ScheduleStmt::PerLate(pl) = st else {
                continue;
            };
            if let Some((at, _)) = &first {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        pl.span,
                        "delay damages are given twice",
                    )
                    .label("second one")
                    .related(*at, "first one")
                    .help("keep one `per day late` or `per hour late` statement"),
                );
                continue;
            }
            let unit = match pl.value.unit {
                ast::LateUnit::Day => "day",
                ast::LateUnit::Hour => "hour",
            };
            if !due {
                self.push(
                    Diagnostic::new(
                        Code::LateWithoutDueDates,
                        pl.span,
                        format!(
                            "`per {unit} late` on objective `{}`, whose items carry no due dates",
                            objective.name
                        ),
                    )
                    .label("nothing here is late by days or hours")
                    .help("measure the items against their own due dates with `due by ATTRIBUTE`, or pay for each missed item with `per breach : …`"),
                );
                first = Some((pl.span, None));
                continue;
            }
            let payout = self.payout(&pl.value.payout, period, service, pending);
            let unit = match pl.value.unit {
                ast::LateUnit::Day => LateUnit::Day,
                ast::LateUnit::Hour => LateUnit::Hour,
            };
            first = Some((
                pl.span,
                payout.map(|payout| Lateness {
                    unit,
                    payout,
                    cap_per_item: None,
                }),
            ));
        }
        let stated = first.is_some();
        let cap = self.cap_per_item(s, stated);
        first.and_then(|(_, l)| l).map(|l| Lateness {
            cap_per_item: cap,
            ..l
        })
    }

    /// `cap per item …`, once, in a block that pays delay damages.
    fn cap_per_item(&mut self, s: &ast::Schedule, stated: bool) -> Option<ItemCap> {
        let mut first: Option<(Span, ItemCap)> = None;
        for st in &s.stmts {
            let ScheduleStmt::CapPerItem(c) = st else {
                continue;
            };
            if let Some((at, _)) = &first {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStatement,
                        c.span,
                        "`cap per item` is given twice",
                    )
                    .label("second one")
                    .related(*at, "first one")
                    .help("keep one `cap per item` statement"),
                );
                continue;
            }
            if !stated {
                self.push(
                    Diagnostic::new(
                        Code::ItemCapWithoutLateness,
                        c.span,
                        "`cap per item` in a credits block that pays nothing per item late",
                    )
                    .label("no `per day late` or `per hour late` here to cap")
                    .help("add the delay damages it caps, such as `per day late : USD 500.00`, or cap the service's credits with `cap 100% of monthly fee`"),
                );
            }
            let cap = match &c.value {
                ast::ItemCap::Percent { percent, attribute } => ItemCap::PercentOfAttribute {
                    percent: self.percent(percent),
                    attribute: attribute.text.clone(),
                },
                ast::ItemCap::Fixed(m) => {
                    let (amount, currency) = self.money(m);
                    ItemCap::Fixed { amount, currency }
                }
            };
            first = Some((c.span, cap));
        }
        first.map(|(_, c)| c).filter(|_| stated)
    }
}
