//! Credits and bonuses: tiers, payouts, caps.

use slate_syntax::ast::{self, Item, Period, ScheduleStmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::Kind;
use crate::env::{Cx, Env, Sink};
use crate::model::{self, ObjectiveKind, Payout, ScheduleKind};

/// A cap with where it is written, until every cap of its service is known.
pub(crate) struct PendingCap {
    pub service: String,
    pub kind: ScheduleKind,
    pub cap: model::Cap,
    pub span: Span,
}

/// A tier's payout with where it is written, to compare with the caps.
pub(crate) struct PendingTier {
    pub service: String,
    pub kind: ScheduleKind,
    pub period: Period,
    pub payout: Payout,
    pub span: Span,
}

/// What the schedules pass finds for the caps pass, which compares every
/// cap of a service once all of them are known.
#[derive(Default)]
pub(crate) struct Pending {
    /// Caps found in credits and bonus blocks.
    pub(crate) caps: Vec<PendingCap>,
    /// Tiers that pay, to compare with the caps.
    pub(crate) tiers: Vec<PendingTier>,
    /// Services whose missing or unusable fee was reported already.
    pub(crate) fee_reported: std::collections::BTreeSet<String>,
}

/// How a schedule kind is named in messages.
pub(crate) fn kind_word(kind: ScheduleKind) -> &'static str {
    match kind {
        ScheduleKind::Credits => "credits",
        ScheduleKind::Bonus => "bonus",
    }
}

/// A block's tiers, each with its span and the words that quote it.
type Tiers = Vec<(model::Tier, Span, String)>;

/// The credits and bonus blocks, checked against their objectives; the caps
/// and tiers found are returned for the caps pass ([`crate::caps::attach_caps`]).
pub(crate) fn schedules(
    env: &Env<'_>,
    sink: &mut Sink,
    services: &[model::Service],
    objectives: &[model::Objective],
) -> (Vec<model::Schedule>, Pending) {
    let a = env.agreement;
    let services = model::Named::new(services, |s| s.name.as_str());
    let objectives = model::Named::new(objectives, |o| o.name.as_str());
    let mut pending = Pending::default();
    let mut out = Vec::new();
    // (is a bonus, objective) → where its block starts: a second block
    // for the same objective would pay twice.
    let mut seen: std::collections::BTreeMap<(bool, &str), Span> =
        std::collections::BTreeMap::new();
    for item in &a.items {
        let (s, kind) = match item {
            Item::Credits(s) => (s, ScheduleKind::Credits),
            Item::Bonus(s) => (s, ScheduleKind::Bonus),
            _ => continue,
        };
        let key = (kind == ScheduleKind::Bonus, s.objective.text.as_str());
        let mut cx = Cx::new(env, sink, s.recovered);
        if let Some(first) = seen.get(&key) {
            let word = kind_word(kind);
            cx.push(
                Diagnostic::new(
                    Code::DuplicateStatement,
                    s.head,
                    format!("`{word} for {}` is given twice", s.objective.text),
                )
                .label("second block")
                .related(*first, "first block")
                .help(format!(
                    "put every tier of one objective in one `{word} for {} {{ … }}` block",
                    s.objective.text
                )),
            );
            continue;
        }
        seen.insert(key, s.head);
        if let Some(m) = cx.schedule(s, kind, &services, &objectives, &mut pending) {
            out.push(m);
        }
    }
    (out, pending)
}

impl Cx<'_, '_> {
    fn schedule(
        &mut self,
        s: &ast::Schedule,
        kind: ScheduleKind,
        services: &model::Named<'_, model::Service>,
        objectives: &model::Named<'_, model::Objective>,
        pending: &mut Pending,
    ) -> Option<model::Schedule> {
        let plural = kind_word(kind);
        if !self.resolve(&s.objective, Kind::Objective) {
            return None;
        }
        let Some(objective) = objectives.get(&s.objective.text) else {
            self.unattached_tiers(s, kind);
            return None;
        };
        let service = services.get(&objective.service);
        if !self.schedule_applies(s, plural, objective) {
            return None;
        }
        // docs/semantics.md: on a per-component objective, a share of the
        // fee is of each component's own fee when the service states one.
        let own;
        let service = match crate::component_fee::component_service(service, objective) {
            Some(svc) => {
                own = svc;
                Some(&own)
            }
            None => service,
        };
        let tiered = s.stmts.iter().any(|st| matches!(st, ScheduleStmt::Tier(_)));
        if tiered && crate::objective::has_targets_per_goal(objective) {
            self.push(
                Diagnostic::new(
                    Code::TieredPerGoal,
                    s.objective.span,
                    format!("tiered {plural} for an objective with a target per goal"),
                )
                .label("each goal has its own compliance: no single share to compare with tiers")
                .help("split the objective into one objective per goal, each with its own target, and attach the tiers to those"),
            );
            return None;
        }
        let period = self.settlement_period(s, plural, objective);

        let (tiers, claim) = self.schedule_stmts(s, kind, period, objective, service, pending);
        let per_breach = self.per_breach(s, period, objective, service, pending);
        let per_downtime = self.per_downtime(s, period, objective, service, pending);
        let lateness = self.lateness(s, period, objective, service, pending);
        let per_unit = self.per_unit_value(s, kind, period, objective, service, pending);
        let component_cap = self.component_cap(s, period, objective, service, pending);
        // A `per breach` refused was reported; the block is not also
        // said to have no tiers.
        let breaches = s.stmts.iter().any(|st| {
            matches!(
                st,
                ScheduleStmt::PerBreach(_)
                    | ScheduleStmt::PerDowntime(_)
                    | ScheduleStmt::PerLate(_)
            )
        });
        if tiers.is_empty() && !breaches && !crate::per_unit::pays_per_unit(s) {
            let example = match kind {
                ScheduleKind::Credits => "below 99.9% : 10% of monthly fee",
                ScheduleKind::Bonus => "at least 99.99% : 5% of monthly fee",
            };
            self.missing(
                s.head,
                &format!("the {plural} block has no tiers"),
                &format!("add a tier such as `{example}`"),
            );
        }
        self.tier_order(&tiers, kind);
        let target = match &objective.kind {
            ObjectiveKind::TimeToEvent(t) => Some(t.target),
            ObjectiveKind::Availability(a) => Some(a.target),
            ObjectiveKind::DueDate(d) => Some(d.target),
            ObjectiveKind::Volume(_)
            | ObjectiveKind::DurationAggregate(_)
            | ObjectiveKind::Rate(_)
            | ObjectiveKind::SampleAggregate(_) => None,
        };
        // A target out of range was reported; tiers are not judged against it.
        if let Some(target) = target.filter(|t| {
            *t > rust_decimal::Decimal::ZERO && *t <= rust_decimal::Decimal::ONE_HUNDRED
        }) {
            self.tiers_against_target(&tiers, kind, target, objective);
        }
        Some(model::Schedule {
            kind,
            objective: objective.name.clone(),
            service: objective.service.clone(),
            period,
            tiers: tiers.into_iter().map(|(t, _, _)| t).collect(),
            per_breach,
            per_downtime,
            lateness,
            per_unit,
            component_cap,
            claim: claim.map(|c| crate::length(&c.value.within)),
            claims: self.claim_terms(s, claim),
        })
    }

    /// The period a schedule settles over (its own `per`, or its
    /// objective's); hours, days and weeks carry no fee (`slate::E0506`).
    fn settlement_period(
        &mut self,
        s: &ast::Schedule,
        plural: &str,
        objective: &model::Objective,
    ) -> Period {
        let period = s.per.map_or(objective.period, |p| p.period);
        if matches!(period, Period::Hour | Period::Day | Period::Week) {
            let at = s.per.map_or(s.objective.span, |p| p.span);
            self.push(
                Diagnostic::new(
                    Code::CreditPeriod,
                    at,
                    format!("{plural} measured per {}", period.noun()),
                )
                .label(if period.is_hourly() {
                    format!(
                        "an hour carries no fee: {plural} need monthly, quarterly or yearly periods"
                    )
                } else {
                    format!("{plural} need monthly, quarterly or yearly periods")
                })
                .help(format!(
                    "write `{plural} for {} per month {{ … }}` to settle monthly",
                    s.objective.text
                )),
            );
        }
        period
    }

    /// The objective has errors of its own, reported already; the tiers
    /// are still checked for what they say on their own.
    fn unattached_tiers(&mut self, s: &ast::Schedule, kind: ScheduleKind) {
        let mut tiers = Vec::new();
        for st in &s.stmts {
            if let ScheduleStmt::Tier(t) = st {
                let threshold = self.percent(&t.value.threshold);
                let payout = match &t.value.payout {
                    ast::Payout::Percent { percent, .. } => Payout::PercentOfFee {
                        percent: self.percent(percent),
                        basis: None,
                    },
                    ast::Payout::Fixed(m) => {
                        let (amount, currency) = self.money(m);
                        Payout::Fixed { amount, currency }
                    }
                    share => self.fee_share(share),
                };
                tiers.push((
                    model::Tier { threshold, payout },
                    t.span,
                    tier_words(&t.value, kind),
                ));
            }
        }
        self.tier_order(&tiers, kind);
    }

    /// Whether credits or a bonus can apply to the objective: not to a
    /// volume, nor to one measured per component.
    fn schedule_applies(
        &mut self,
        s: &ast::Schedule,
        plural: &str,
        objective: &model::Objective,
    ) -> bool {
        match &objective.kind {
            ObjectiveKind::Volume(_) => {
                self.push(
                    Diagnostic::new(Code::NoPercentage, s.objective.span, format!("{plural} on objective `{}`, which has no percentage", s.objective.text))
                        .label("a volume objective counts items")
                        .help(format!("{plural} compare a percentage with their tiers: attach them to an objective with a `target` or an `uptime`")),
                );
                return false;
            }
            // A block paying per unit of the value alone applies to it;
            // tiers beside it are still refused.
            ObjectiveKind::DurationAggregate(_)
                if !crate::per_unit::pays_per_unit(s)
                    || s.stmts.iter().any(|st| matches!(st, ScheduleStmt::Tier(_))) =>
            {
                self.push(
                    Diagnostic::new(Code::NoPercentage, s.objective.span, format!("{plural} on objective `{}`, which has no percentage", s.objective.text))
                        .label("an average or percentile bound is a length of time, not a share of items")
                        .help(format!("{plural} compare a percentage with their tiers: attach them to an objective with a `target` or an `uptime`; remedies for a missed average or percentile bound are not yet expressible")),
                );
                return false;
            }
            ObjectiveKind::SampleAggregate(_) => {
                self.push(
                    Diagnostic::new(Code::NoPercentage, s.objective.span, format!("{plural} on objective `{}`, which has no percentage", s.objective.text))
                        .label("an average or percentile bound on samples is a number, not a share of items")
                        .help(format!("{plural} compare a percentage with their tiers: attach them to an objective with a `target` or an `uptime`; remedies for a missed bound on samples are not yet expressible")),
                );
                return false;
            }
            ObjectiveKind::Rate(_) => {
                self.push(
                    Diagnostic::new(Code::RateCredits, s.objective.span, format!("{plural} on objective `{}`, which is a rate", s.objective.text))
                        .label("tiers pay more as a share falls, and a rate such as abandonment is better the lower it is")
                        .help(format!("{plural} on a rate are not yet expressible; attach them to an objective with a `target` or an `uptime`")),
                );
                return false;
            }
            // docs/semantics.md: credits on a per-component objective are
            // earned by each component on its own (E0505 is retired).
            _ => {}
        }
        true
    }

    /// The block's tiers (with their spans and words) and its claim window;
    /// caps and tiers are kept for the checks across the agreement.
    fn schedule_stmts<'a>(
        &mut self,
        s: &'a ast::Schedule,
        kind: ScheduleKind,
        period: Period,
        objective: &model::Objective,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> (Tiers, Option<&'a ast::Stmt<ast::ClaimWindow>>) {
        let mut tiers: Tiers = Vec::new();
        let mut claim: Option<&ast::Stmt<ast::ClaimWindow>> = None;
        for st in &s.stmts {
            match st {
                ScheduleStmt::Tier(t) => {
                    let threshold = self.percent(&t.value.threshold);
                    let payout = self.payout(&t.value.payout, period, service, pending);
                    if let Some(payout) = payout {
                        pending.tiers.push(PendingTier {
                            service: objective.service.clone(),
                            kind,
                            period,
                            payout: payout.clone(),
                            span: t.span,
                        });
                        tiers.push((
                            model::Tier { threshold, payout },
                            t.span,
                            tier_words(&t.value, kind),
                        ));
                    }
                }
                ScheduleStmt::Cap(c) => {
                    if let Some(cap) = self.cap(&c.value, period, service, pending) {
                        pending.caps.push(PendingCap {
                            service: objective.service.clone(),
                            kind,
                            cap,
                            span: c.span,
                        });
                    }
                }
                ScheduleStmt::PerBreach(_)
                | ScheduleStmt::PerDowntime(_)
                | ScheduleStmt::RoundDowntime(_)
                | ScheduleStmt::Minimum(_)
                | ScheduleStmt::PerLate(_)
                | ScheduleStmt::CapPerItem(_)
                | ScheduleStmt::PerUnitValue(_)
                | ScheduleStmt::ComponentCap(_)
                | ScheduleStmt::ClaimBy(_)
                | ScheduleStmt::ClaimByEnd(_)
                | ScheduleStmt::UnclaimedLapse(_)
                | ScheduleStmt::Applied(_) => {}
                ScheduleStmt::Claim(c) => match claim {
                    None => {
                        self.claim_window(c, objective);
                        claim = Some(c);
                    }
                    Some(first) => self.push(
                        Diagnostic::new(Code::DuplicateStatement, c.span, "`claim` is given twice")
                            .label("second one")
                            .related(first.span, "first one")
                            .help("keep one `claim` statement"),
                    ),
                },
            }
        }
        (tiers, claim)
    }

    /// Warns about a credit tier that pays while the target is met, or a bonus
    /// tier that pays while it is missed.
    fn tiers_against_target(
        &mut self,
        tiers: &[(model::Tier, Span, String)],
        kind: ScheduleKind,
        target: rust_decimal::Decimal,
        objective: &model::Objective,
    ) {
        for (t, at, _) in tiers {
            let (wrong, message, help) = match kind {
                ScheduleKind::Credits => (
                    t.threshold > target,
                    format!(
                        "a credit below {}% is owed even when the {target}% target of `{}` is met",
                        t.threshold, objective.name
                    ),
                    format!(
                        "credit tiers start at the target or below it, such as `below {target}%`"
                    ),
                ),
                ScheduleKind::Bonus => (
                    t.threshold < target,
                    format!(
                        "a bonus from {}% is paid while the {target}% target of `{}` is missed",
                        t.threshold, objective.name
                    ),
                    format!(
                        "bonus tiers start at the target or above it, such as `at least {target}%`"
                    ),
                ),
            };
            if wrong {
                self.push(
                    Diagnostic::new(Code::TierBeyondTarget, *at, message)
                        .label("on the wrong side of the target")
                        .help(help),
                );
            }
        }
    }

    /// Credits: thresholds descend and worse tiers pay at least as much.
    /// Bonuses: thresholds ascend and better tiers pay at least as much.
    ///
    /// Tiers out of order are one mistake, reported once at the first tier
    /// out of place, with the author's own tiers in order as the help; the
    /// payouts are then compared in that order, so a payout that would
    /// still pay less is a mistake of its own, also reported once.
    fn tier_order(&mut self, tiers: &[(model::Tier, Span, String)], kind: ScheduleKind) {
        let ordered = |a: &model::Tier, b: &model::Tier| match kind {
            ScheduleKind::Credits => b.threshold < a.threshold,
            ScheduleKind::Bonus => b.threshold > a.threshold,
        };
        let mut sorted: Vec<&(model::Tier, Span, String)> = tiers.iter().collect();
        sorted.sort_by(|a, b| match kind {
            ScheduleKind::Credits => b.0.threshold.cmp(&a.0.threshold),
            ScheduleKind::Bonus => a.0.threshold.cmp(&b.0.threshold),
        });
        let misplaced = tiers.windows(2).find_map(|pair| match pair {
            [a, b] if !ordered(&a.0, &b.0) => Some((a, b)),
            _ => None,
        });
        if let Some(((a, a_at, _), (b, b_at, _))) = misplaced {
            let order = match kind {
                ScheduleKind::Credits => "descending",
                ScheduleKind::Bonus => "ascending",
            };
            let twice = sorted
                .windows(2)
                .any(|p| matches!(p, [x, y] if x.0.threshold == y.0.threshold));
            let list: Vec<String> = sorted.iter().map(|t| format!("`{}`", t.2)).collect();
            let help = if twice {
                format!(
                    "write tiers with {order} thresholds, each threshold once; in order they are {}",
                    list.join(", then ")
                )
            } else {
                format!(
                    "write tiers with {order} thresholds: {}",
                    list.join(", then ")
                )
            };
            self.push(
                Diagnostic::new(Code::TiersNotOrdered, *b_at, "tiers are not in order")
                    .label(format!("threshold {}% after {}%", b.threshold, a.threshold))
                    .related(*a_at, "the previous tier")
                    .help(help),
            );
        }
        for pair in sorted.windows(2) {
            let [(a, a_at, _), (b, b_at, _)] = pair else {
                continue;
            };
            if a.threshold == b.threshold {
                continue;
            }
            if let Some(less) = pays_less(&b.payout, &a.payout) {
                let message = match kind {
                    ScheduleKind::Credits => "a worse result earns a smaller credit",
                    ScheduleKind::Bonus => "a better result earns a smaller bonus",
                };
                self.push(
                    Diagnostic::new(Code::TierNotMonotonic, *b_at, message)
                        .label(format!("pays {less}"))
                        .related(*a_at, "than this tier")
                        .help("each tier further from the target must pay at least as much as the one before"),
                );
            }
        }
    }

    /// What a share is taken of: a fixed basis, or (`None`) the
    /// service's fee, which must be one it has for `period`.
    fn fee_basis(
        &mut self,
        basis: &ast::FeeBasis,
        period: Period,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<model::Basis> {
        if let Some(fixed) = self.fixed_basis(basis, service) {
            return Some(fixed);
        }
        if let Some(p) = basis.period
            && p != period
        {
            self.push(
                Diagnostic::new(Code::FeeBasisMismatch, basis.span, format!("a {} fee for a {} period", p.adjective(), period.adjective()))
                    .label(format!("not the {} fee", period.adjective()))
                    .help(format!("write `{} fee` (or just `fee`): credits are a share of the fee for the period measured", period.adjective())),
            );
        }
        if let Some(svc) = service {
            if basis.billed && svc.billed.is_none() {
                self.billed_charges_without_bill(svc, basis.span);
                return None;
            }
            self.fee_unusable(svc, basis.span, period, pending);
        }
        None
    }

    /// Reports, once per service, a percentage of a fee that is missing or
    /// that cannot be turned into the fee of a month, quarter or year. Says
    /// nothing when the service's `fee` line may be the one that could not
    /// be read.
    fn fee_unusable(
        &mut self,
        svc: &model::Service,
        at: Span,
        period: Period,
        pending: &mut Pending,
    ) {
        if let Some(billed) = svc.billed {
            if billed != period {
                self.billed_in_another_period(svc, billed, period, at);
            }
            return;
        }
        if pending.fee_reported.contains(&svc.name)
            || self.env.service_may_have_lost(&svc.name, "fee")
        {
            return;
        }
        let currency = self
            .sink
            .currency(self.env)
            .map_or("GBP", |(c, _)| c.as_str())
            .to_owned();
        let d = match &svc.fee {
            None => Diagnostic::new(Code::NoFee, at, format!("a percentage of the fee of service `{}`, which has no fee", svc.name))
                .label("no fee to take a share of")
                .help(format!(
                    "add `fee {currency} 1000.00 per month` to service `{}`, or pay a fixed amount such as `{currency} 500.00`",
                    svc.name
                )),
            Some(fee) if matches!(fee.per, Period::Hour | Period::Day | Period::Week) => Diagnostic::new(
                Code::FeeBasisMismatch,
                at,
                format!("a percentage of a fee charged per {}", fee.per.noun()),
            )
            .label(format!("service `{}` has no monthly fee", svc.name))
            .help("credits are a share of the fee of a month, quarter or year: state the fee per month, quarter or year, or pay a fixed amount"),
            Some(_) => return,
        };
        pending.fee_reported.insert(svc.name.clone());
        self.push(d);
    }

    pub(crate) fn payout(
        &mut self,
        p: &ast::Payout,
        period: Period,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<Payout> {
        Some(match p {
            ast::Payout::Percent { percent, of } => {
                let percent = self.percent(percent);
                let basis = self.fee_basis(of, period, service, pending);
                Payout::PercentOfFee { percent, basis }
            }
            ast::Payout::Fixed(m) => {
                let (amount, currency) = self.money(m);
                Payout::Fixed { amount, currency }
            }
            ast::Payout::Fraction { of, .. } | ast::Payout::Days { of, .. } => {
                let basis = self.fee_basis(of, period, service, pending);
                self.fee_share(p).with_basis(basis)
            }
        })
    }

    pub(crate) fn cap(
        &mut self,
        c: &ast::Cap,
        period: Period,
        service: Option<&model::Service>,
        pending: &mut Pending,
    ) -> Option<model::Cap> {
        // docs/semantics.md: a rolling cap on a bill basis is refused; a
        // cap per period is that share of the period's bill.
        if let (Some(svc), ast::Cap::RollingPercent { percent, over }) = (service, c)
            && svc.billed.is_some()
        {
            self.rolling_cap_of_billed_fee(
                svc,
                period,
                &percent.text,
                percent.span.join(over.span),
            );
            return None;
        }
        Some(match c {
            ast::Cap::Percent { percent, of } => {
                let percent = self.percent(percent);
                let basis = self.fee_basis(of, period, service, pending);
                model::Cap {
                    amount: Payout::PercentOfFee { percent, basis },
                    rolling_periods: None,
                    period,
                }
            }
            ast::Cap::Fixed(m) => {
                let (amount, currency) = self.money(m);
                model::Cap {
                    amount: Payout::Fixed { amount, currency },
                    rolling_periods: None,
                    period,
                }
            }
            ast::Cap::RollingPercent { over, .. } | ast::Cap::RollingFixed { over, .. }
                if over.unit.period != period =>
            {
                self.push(
                    Diagnostic::new(
                        Code::FeeBasisMismatch,
                        over.span,
                        format!(
                            "a rolling cap counted in {}s for {} periods",
                            over.unit.period.noun(),
                            period.adjective()
                        ),
                    )
                    .label(format!("not counted in {}s", period.noun()))
                    .help(
                        match (
                            over.unit.period.months().map(u64::from),
                            period.months().map(u64::from),
                        ) {
                            (Some(a), Some(b)) if (over.count.value * a) % b == 0 => format!(
                                "count the rolling window in the period measured: `per {} {}s`",
                                over.count.value * a / b,
                                period.noun()
                            ),
                            _ => format!(
                                "count the rolling window in {}s, the period measured",
                                period.noun()
                            ),
                        },
                    ),
                );
                return None;
            }
            ast::Cap::RollingPercent { percent, over } => {
                self.positive(over.count.value, over.count.span, "a rolling window");
                let percent = self.percent(percent);
                if let Some(svc) = service {
                    self.fee_unusable(svc, over.span, period, pending);
                }
                model::Cap {
                    amount: Payout::PercentOfFee {
                        percent,
                        basis: None,
                    },
                    rolling_periods: Some(over.count.value),
                    period,
                }
            }
            ast::Cap::RollingFixed { money, over } => {
                self.positive(over.count.value, over.count.span, "a rolling window");
                let (amount, currency) = self.money(money);
                model::Cap {
                    amount: Payout::Fixed { amount, currency },
                    rolling_periods: Some(over.count.value),
                    period,
                }
            }
        })
    }
}

/// A tier as its author wrote it, in the canonical spacing:
/// `below 99.9% : 10% of monthly fee`.
fn tier_words(t: &ast::Tier, kind: ScheduleKind) -> String {
    let payout = match &t.payout {
        ast::Payout::Percent { percent, of } => format!("{}% of {}", percent.text, fee_words(of)),
        ast::Payout::Fixed(m) => format!("{} {}", m.currency.text, m.amount.text),
        ast::Payout::Fraction {
            numerator,
            denominator,
            of,
        } => format!(
            "{}/{} of {}",
            numerator.value,
            denominator.value,
            fee_words(of)
        ),
        ast::Payout::Days { days, of } => format!(
            "{} {} of {}",
            days.value,
            if days.value == 1 { "day" } else { "days" },
            fee_words(of)
        ),
    };
    let word = match kind {
        ScheduleKind::Credits => "below",
        ScheduleKind::Bonus => "at least",
    };
    format!("{word} {}% : {payout}", t.threshold.text)
}

/// A fee basis as written: `monthly fee`, `fee`, `support charge`,
/// `GBP 2500.00`.
fn fee_words(of: &ast::FeeBasis) -> String {
    if let Some(m) = &of.amount {
        return format!("{} {}", m.currency.text, m.amount.text);
    }
    if let Some(c) = &of.charge {
        return format!("{} charge", c.text);
    }
    match of.period {
        Some(p) => format!("{} fee", p.adjective()),
        None => "fee".to_owned(),
    }
}

/// `Some(description)` when `b` pays less than `a` (comparable kinds only).
fn pays_less(b: &Payout, a: &Payout) -> Option<String> {
    match (b, a) {
        (
            Payout::PercentOfFee {
                percent: pb,
                basis: bb,
            },
            Payout::PercentOfFee {
                percent: pa,
                basis: ba,
            },
        ) if pb < pa && bb == ba => Some(match bb {
            None => format!("{pb}% of the fee, less than {pa}%"),
            Some(b) => format!("{pb}% of {} {}, less than {pa}%", b.currency, b.amount),
        }),
        (
            Payout::Fixed {
                amount: mb,
                currency,
            },
            Payout::Fixed { amount: ma, .. },
        ) if mb < ma => Some(format!("{currency} {mb}, less than {currency} {ma}")),
        _ => None,
    }
}
