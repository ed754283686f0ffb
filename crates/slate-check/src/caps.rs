//! The caps pass: every cap of a service, wherever it is written (on the
//! service, or in one of its credits or bonus blocks), compared with the
//! others and with the tiers, once every schedule is known.

use slate_syntax::ast::{self, Item, Period};
use slate_syntax::{Code, Diagnostic};

use crate::credits::{Pending, PendingCap, PendingTier, kind_word};
use crate::env::{Cx, Env, Sink};
use crate::model::{self, Payout, ScheduleKind};

/// The caps pass: gathers every cap of each service (from the service and
/// from its credits and bonus blocks, which [`schedules`](crate::credits::schedules) found), reports
/// conflicting caps and tiers above a cap, and stores the caps on the
/// services.
pub(crate) fn attach_caps(
    env: &Env<'_>,
    sink: &mut Sink,
    services: &mut [model::Service],
    schedules: &[model::Schedule],
    mut pending: Pending,
) {
    let mut cx = Cx::new(env, sink, false);
    cx.service_caps(services, &mut pending);
    let Pending { caps, tiers, .. } = pending;
    for service in services.iter_mut() {
        for kind in [ScheduleKind::Credits, ScheduleKind::Bonus] {
            let list = cx.caps_of(service, kind, &caps, &tiers, schedules);
            match kind {
                ScheduleKind::Credits => service.credit_caps = list,
                ScheduleKind::Bonus => service.bonus_caps = list,
            }
        }
    }
}

impl Cx<'_, '_> {
    /// The caps written on services (`credit cap …`), added to `pending`.
    fn service_caps(&mut self, services: &[model::Service], pending: &mut Pending) {
        let a = self.env.agreement;
        for s in a.items.iter().filter_map(|i| match i {
            Item::Service(s) => Some(s),
            _ => None,
        }) {
            let model_service = services.iter().find(|m| m.name == s.name.text).cloned();
            for c in s.stmts.iter().filter_map(|x| match x {
                ast::ServiceStmt::CreditCap(c) => Some(c),
                _ => None,
            }) {
                let period = match &c.value {
                    ast::Cap::Percent { of, .. } => of.period.or(model_service
                        .as_ref()
                        .and_then(|m| m.fee.as_ref().map(|f| f.per))),
                    ast::Cap::RollingPercent { over, .. } | ast::Cap::RollingFixed { over, .. } => {
                        Some(over.unit.period)
                    }
                    ast::Cap::Fixed(_) => model_service
                        .as_ref()
                        .and_then(|m| m.fee.as_ref().map(|f| f.per)),
                }
                .unwrap_or(Period::Month);
                if let Some(cap) = self.cap(&c.value, period, model_service.as_ref(), pending) {
                    pending.caps.push(PendingCap {
                        service: s.name.text.clone(),
                        kind: ScheduleKind::Credits,
                        cap,
                        span: c.span,
                    });
                }
            }
        }
    }

    /// The caps of one kind on `service`: each settled in the period of its
    /// schedules, one per period and one rolling; the service's tiers that
    /// pay more than a cap are reported.
    fn caps_of(
        &mut self,
        service: &model::Service,
        kind: ScheduleKind,
        caps: &[PendingCap],
        tiers: &[PendingTier],
        schedules: &[model::Schedule],
    ) -> Vec<model::Cap> {
        let mine: Vec<&PendingCap> = caps
            .iter()
            .filter(|c| c.service == service.name && c.kind == kind)
            .collect();
        let mut kept: Vec<&PendingCap> = Vec::new();
        for c in &mine {
            // A cap limits the sum of all the service's credits (or
            // bonuses), wherever it is written, so they must all be
            // settled in the period it counts in.
            if let Some(other) = schedules
                .iter()
                .find(|x| x.service == service.name && x.kind == kind && x.period != c.cap.period)
            {
                self.push(cap_period_mismatch(c, other, kind));
                continue;
            }
            let same_kind = kept
                .iter()
                .find(|k| k.cap.rolling_periods.is_some() == c.cap.rolling_periods.is_some());
            match same_kind {
                Some(k) if k.cap == c.cap => {}
                Some(k) => {
                    let plural = kind_word(kind);
                    let what = if c.cap.rolling_periods.is_some() {
                        "rolling caps"
                    } else {
                        "caps per period"
                    };
                    self.push(
                        Diagnostic::new(Code::ConflictingCaps, c.span, format!("two different {what} on the {plural} of service `{}`", service.name))
                            .label("this cap")
                            .related(k.span, "conflicts with this one")
                            .help(format!("caps apply to the sum of all {plural} of a service; state one {} cap, once", if c.cap.rolling_periods.is_some() { "rolling" } else { "per-period" })),
                    );
                }
                None => kept.push(c),
            }
        }
        for t in tiers
            .iter()
            .filter(|t| t.service == service.name && t.kind == kind)
        {
            for c in kept
                .iter()
                .filter(|c| c.cap.rolling_periods.is_none() && c.cap.period == t.period)
            {
                if exceeds(&t.payout, &c.cap.amount, service.fee.as_ref(), t.period) {
                    self.push(
                        Diagnostic::new(Code::TierExceedsCap, t.span, "the tier pays more than the cap allows")
                            .label("above the cap")
                            .related(c.span, "the cap")
                            .help("the cap applies, so this tier pays at most the cap; real contracts write this on purpose, but if you meant the tier to be paid in full, raise the cap or lower the tier"),
                    );
                }
            }
        }
        kept.iter().map(|c| c.cap.clone()).collect()
    }
}

/// A cap counted in one period length for a service whose credits (or
/// bonuses) are settled, in `other`'s schedule, in another.
fn cap_period_mismatch(c: &PendingCap, other: &model::Schedule, kind: ScheduleKind) -> Diagnostic {
    let plural = kind_word(kind);
    let cap = c.cap.period.noun();
    let theirs = other.period.noun();
    Diagnostic::new(
        Code::FeeBasisMismatch,
        c.span,
        format!(
            "a {}cap counted in {cap}s for {plural} settled per {theirs}",
            if c.cap.rolling_periods.is_some() { "rolling " } else { "" },
        ),
    )
    .label(format!("the {plural} for `{}` are settled per {theirs}", other.objective))
    .help(format!(
        "a cap limits the sum of all the {plural} of service `{}`, wherever it is written, so all of them are settled in the period it counts in: write `{plural} for {} per {cap} {{ … }}`",
        c.service, other.objective
    ))
}

/// Whether a tier pays more than a cap for the same period: compared as
/// percentages, or as money where the service's fee turns a percentage into
/// an amount.
fn exceeds(tier: &Payout, cap: &Payout, fee: Option<&model::Fee>, period: Period) -> bool {
    let money = |p: &Payout| {
        // A fixed basis is the same in every period: a fee for `period`.
        let fixed = p.basis().map(|b| model::Fee {
            amount: b.amount,
            currency: b.currency,
            per: period,
        });
        let fee = fixed.as_ref().or(fee);
        match p {
            Payout::Fixed { amount, .. } => Some(*amount),
            Payout::PercentOfFee { percent, .. } => fee.and_then(|f| f.share(*percent, period)),
            Payout::FractionOfFee {
                numerator,
                denominator,
                ..
            } => fee
                .and_then(|f| f.share(rust_decimal::Decimal::ONE_HUNDRED, period))
                .map(|f| {
                    f * rust_decimal::Decimal::from(numerator.get())
                        / rust_decimal::Decimal::from(denominator.get())
                }),
            // A day's share depends on the days of each period.
            Payout::DaysOfFee { .. } => None,
        }
    };
    match (tier, cap) {
        (
            Payout::PercentOfFee {
                percent: t,
                basis: tb,
            },
            Payout::PercentOfFee {
                percent: c,
                basis: cb,
            },
        ) if tb == cb => t > c,
        _ => matches!((money(tier), money(cap)), (Some(t), Some(c)) if t > c),
    }
}
