//! The caps pass: every cap of a service, wherever it is written (on the
//! service, or in one of its credits or bonus blocks), compared with the
//! others and with the tiers, once every schedule is known.

use std::collections::HashMap;

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
    // Each service's own, found once rather than searched for each service.
    let caps = by_service(&caps, |c| (c.service.as_str(), c.kind));
    let tiers = by_service(&tiers, |t| (t.service.as_str(), t.kind));
    let schedules = by_service(schedules, |s| (s.service.as_str(), s.kind));
    for service in services.iter_mut() {
        for kind in [ScheduleKind::Credits, ScheduleKind::Bonus] {
            let key = (service.name.as_str(), kind);
            let mine = Mine {
                caps: caps.get(&key).map_or(&[], Vec::as_slice),
                tiers: tiers.get(&key).map_or(&[], Vec::as_slice),
                schedules: schedules.get(&key).map_or(&[], Vec::as_slice),
            };
            let list = cx.caps_of(service, kind, &mine);
            match kind {
                ScheduleKind::Credits => service.credit_caps = list,
                ScheduleKind::Bonus => service.bonus_caps = list,
            }
        }
    }
}

/// The items of each service and kind, in order.
fn by_service<'a, T>(
    items: &'a [T],
    key: impl Fn(&'a T) -> (&'a str, ScheduleKind),
) -> HashMap<(&'a str, ScheduleKind), Vec<&'a T>> {
    let mut out: HashMap<_, Vec<&T>> = HashMap::new();
    for item in items {
        out.entry(key(item)).or_default().push(item);
    }
    out
}

/// A service's caps, tiers and schedules of one kind, in order.
struct Mine<'a> {
    caps: &'a [&'a PendingCap],
    tiers: &'a [&'a PendingTier],
    schedules: &'a [&'a model::Schedule],
}

impl Cx<'_, '_> {
    /// The caps written on services (`credit cap …`), added to `pending`.
    fn service_caps(&mut self, services: &[model::Service], pending: &mut Pending) {
        let a = self.env.agreement;
        let services = model::Named::new(services, |s| s.name.as_str());
        for s in a.items.iter().filter_map(|i| match i {
            Item::Service(s) => Some(s),
            _ => None,
        }) {
            let model_service = services.get(&s.name.text).cloned();
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
        mine: &Mine<'_>,
    ) -> Vec<model::Cap> {
        let mut kept: Vec<&PendingCap> = Vec::new();
        for c in mine.caps {
            // A cap limits the sum of all the service's credits (or
            // bonuses), wherever it is written, so they must all be
            // settled in the period it counts in.
            if let Some(other) = mine.schedules.iter().find(|x| x.period != c.cap.period) {
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
        for t in mine.tiers {
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
