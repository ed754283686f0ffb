//! Remedies beyond a tier's percentage: fractions and days' shares of the
//! fee (`1/30 of monthly fee`, `1 day of monthly fee`) and a credit per
//! breach (`per breach : 3% of monthly fee`).

use slate_syntax::ast::{self, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic};

use crate::credits::Pending;
use crate::env::Cx;
use crate::model::{self, ObjectiveKind, Payout};
use crate::once;

impl Cx<'_, '_> {
    /// What `per breach : …` pays, if the block states it once, on an
    /// objective whose items can be breached (time-to-event, due dates).
    pub(crate) fn per_breach(
        &mut self,
        s: &ast::Schedule,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<Payout> {
        let pb = once!(self, s.stmts, ScheduleStmt::PerBreach, "per breach")?;
        let items = matches!(
            objective.kind,
            ObjectiveKind::TimeToEvent(_) | ObjectiveKind::DueDate(_)
        );
        if !items {
            self.push(
                Diagnostic::new(
                    Code::PerBreachWithoutItems,
                    pb.span,
                    format!(
                        "`per breach` on objective `{}`, which has no items to breach",
                        objective.name
                    ),
                )
                .label("an availability objective measures time, not items")
                .help("pay by the period's availability with a tier such as `below 99.9% : 10% of monthly fee`"),
            );
            return None;
        }
        self.payout(&pb.value, period, service, pending)
    }

    /// A fraction of the fee (`1/30`) or days' shares of it (`1 day`):
    /// above nothing and at most the whole fee (a fraction; days are not
    /// bounded, the days of a period being known only when it is settled).
    pub(crate) fn fee_share(&mut self, p: &ast::Payout) -> Payout {
        let one = std::num::NonZeroU32::MIN;
        let whole = |n: u64| u32::try_from(n).ok().and_then(std::num::NonZeroU32::new);
        match p {
            ast::Payout::Fraction {
                numerator,
                denominator,
                ..
            } => {
                let (n, d) = (numerator.value, denominator.value);
                let span = numerator.span.join(denominator.span);
                let why = if n == 0 {
                    Some((
                        "pays nothing",
                        "write a fraction above zero, such as `1/30`",
                    ))
                } else if d == 0 {
                    Some((
                        "divides by zero",
                        "write a denominator above zero, such as `1/30`",
                    ))
                } else if n > d {
                    Some((
                        "is more than the whole fee",
                        "write a fraction at most 1, such as `1/30`, or a percentage of at most 100%",
                    ))
                } else {
                    None
                };
                let fits = whole(n).zip(whole(d));
                if let Some((label, help)) = why.or(fits
                    .is_none()
                    .then_some(("is too large", "write a fraction such as `1/30`")))
                {
                    self.push(
                        Diagnostic::new(
                            Code::FeeShareOutOfRange,
                            span,
                            format!("`{n}/{d}` of the fee {label}"),
                        )
                        .label(label)
                        .help(help),
                    );
                }
                let (numerator, denominator) = fits.filter(|(a, b)| a <= b).unwrap_or((one, one));
                Payout::FractionOfFee {
                    numerator,
                    denominator,
                    basis: None,
                }
            }
            ast::Payout::Days { days, .. } => {
                let n = whole(days.value);
                if n.is_none() {
                    let label = if days.value == 0 {
                        "pays nothing"
                    } else {
                        "is too large"
                    };
                    self.push(
                        Diagnostic::new(
                            Code::FeeShareOutOfRange,
                            days.span,
                            format!("`{} days` of the fee {label}", days.value),
                        )
                        .label(label)
                        .help("write a number of days above zero, such as `1 day of monthly fee`"),
                    );
                }
                Payout::DaysOfFee {
                    days: n.unwrap_or(one),
                    basis: None,
                }
            }
            ast::Payout::Percent { percent, .. } => Payout::PercentOfFee {
                percent: self.percent(percent),
                basis: None,
            },
            ast::Payout::Fixed(m) => {
                let (amount, currency) = self.money(m);
                Payout::Fixed { amount, currency }
            }
        }
    }
}
