//! Settlement: per service, kind (credits or bonus) and settlement period,
//! what each remedy of each objective pays ([`remedy`]), summed, then
//! limited by the caps of a [`CapLedger`].

mod amount;
mod billed;
mod deadline;
mod late;
mod ledger;
mod minimum;
mod parts;
mod per_unit;
mod remedy;
mod shortfall;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use slate_rules::{Cap, Currency, Objective, Period, RuleSet, Schedule, Service};
use slate_time::periods;

use super::EvalError;
use super::aggregate::Values;
use super::context::{Ctx, Span};
use super::lateness::Lates;
use super::parts::Parts;
use crate::money;
use crate::report::{Basis, Ratio, Settlement, SettlementKind, SettlementLine};
use amount::Amount;
use ledger::CapLedger;
use remedy::Remedy;

pub(super) use per_unit::Durations;

/// The first instant an item of each objective breached in each period
/// of a kind its credits settle in with a claim window `of each breach`,
/// by objective name and period kind, then the period's first date.
pub(super) type Breaches = BTreeMap<(String, Period), BTreeMap<NaiveDate, i64>>;

/// Settlements, and each objective's value per settlement period (by name).
pub(super) type Settled = (Vec<Settlement>, Vec<(String, Basis)>);

/// One settlement of a service: its credits or its bonus, in the period
/// length their schedules settle in. A service may settle monthly credits
/// and a quarterly bonus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Run {
    bonus: bool,
    kind: Period,
}

impl Run {
    /// Credits or a bonus.
    fn settles(self) -> SettlementKind {
        if self.bonus {
            SettlementKind::Bonus
        } else {
            SettlementKind::Credits
        }
    }

    /// The schedule of `o` this run settles, if any.
    fn schedule(self, o: &Objective) -> Option<&Schedule> {
        let s = if self.bonus { &o.bonus } else { &o.credits };
        s.as_ref().filter(|sc| sc.period == self.kind)
    }

    /// The caps that limit this run.
    fn caps(self, service: &Service) -> &[Cap] {
        if self.bonus {
            &service.bonus_caps
        } else {
            &service.credit_caps
        }
    }
}

/// What one settlement period of a run accrues before caps.
struct Accrued {
    span: Span,
    lines: Vec<SettlementLine>,
    /// The lines' sum, exact.
    total: Amount,
    /// For a billed fee: the bill row the fee was read from.
    bill: Option<crate::report::BillSource>,
    /// For a billed fee: the fee the bill row gives, which a cap that is a
    /// share of it is of.
    billed_fee: Option<slate_rules::Fee>,
    /// For a billed fee with no bill row: why a share of it is not paid.
    unbilled: Option<String>,
}

impl Accrued {
    /// A settlement period that accrues nothing yet.
    fn new(span: &Span) -> Accrued {
        Accrued {
            span: span.clone(),
            lines: Vec::new(),
            total: Amount::ZERO,
            bill: None,
            billed_fee: None,
            unbilled: None,
        }
    }
}

/// Credits and bonuses per service and settlement period, with caps.
pub(super) fn settle(
    ctx: &Ctx<'_>,
    (values, breaches): (&Values, &Breaches),
    lates: &Lates,
    durations: &per_unit::Durations,
    parts: &Parts,
) -> Result<Settled, EvalError> {
    let mut basis = Vec::new();
    let rules = ctx.rules;
    let mut out = Vec::new();
    for service in &rules.services {
        let runs = runs(rules, service)?;
        if runs.is_empty() {
            continue;
        }
        // Every amount of the settlement carries the currency's minor unit.
        let currency = currency(rules, service)?;
        let digits = currency.minor_unit();
        let currency = currency.to_string();
        for run in runs {
            let mut accrued = accrue(
                ctx,
                (values, breaches, lates, parts),
                service,
                run,
                digits,
                &mut basis,
            )?;
            per_unit::accrue(ctx, durations, service, run, digits, &mut accrued)?;
            let mut ledger = CapLedger::new(service, run, digits)?;
            for (
                start,
                Accrued {
                    span,
                    lines,
                    total,
                    bill,
                    billed_fee,
                    mut unbilled,
                },
            ) in accrued
            {
                // Whether the period lies whole inside the validity: only
                // those count towards a rolling cap.
                let whole = start >= ctx.effective_from
                    && ctx.effective_to.is_none_or(|to| {
                        periods::next(run.kind, start)
                            .pred_opt()
                            .is_some_and(|e| e <= to)
                    });
                // docs/semantics.md: a cap that is a share of a billed fee
                // is that share of the period's bill; a period that owes
                // something under it and has no bill row is not settled.
                if unbilled.is_none()
                    && billed_fee.is_none()
                    && ledger.needs_bill()
                    && total > Amount::ZERO
                {
                    unbilled = Some(billed::why(service, &span));
                }
                let (rounded, capped, withheld) = minimum::settle(
                    &mut ledger,
                    (service, run),
                    (total, whole),
                    (billed_fee.as_ref(), unbilled.is_some()),
                )
                .ok_or_else(|| overflow(service))?;
                let billed_caps = capped
                    .iter()
                    .filter_map(|c| {
                        c.billed.map(|a| {
                            a.exact(digits).map(|amount| crate::report::BilledCap {
                                cap: c.words.clone(),
                                amount,
                            })
                        })
                    })
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| overflow(service))?;
                let capped_by = capped.into_iter().map(|c| c.words).collect();
                if (lines.is_empty() && unbilled.is_none()) || !span.in_window(ctx) {
                    continue;
                }
                let fee = match &bill {
                    Some(b) => Some(b.amount),
                    None => service
                        .fee
                        .as_ref()
                        .and_then(|f| money::fee_for(f, run.kind)),
                };
                out.push(Settlement {
                    service: service.name.clone(),
                    kind: run.settles(),
                    period: span.label.clone(),
                    from: span.from,
                    to: span.to,
                    fee: fee.map(|f| money::show(f, digits)),
                    lines,
                    total: total.exact(digits).ok_or_else(|| overflow(service))?,
                    capped_by,
                    billed_caps,
                    amount: money::show(rounded, digits),
                    currency: currency.clone(),
                    bill,
                    unbilled,
                    withheld,
                });
            }
        }
    }
    Ok((out, basis))
}

/// The currency a service settles in: its fee's, or the agreement's.
/// Reading refuses a rule set with money but no currency, and so does
/// `evaluate` (`Problem::NoCurrency`), so this is never guessed.
fn currency(rules: &RuleSet, service: &Service) -> Result<Currency, EvalError> {
    service
        .fee
        .as_ref()
        .map(|f| f.currency)
        .or(rules.agreement.currency)
        .ok_or_else(|| EvalError::NoCurrency {
            service: service.name.clone(),
        })
}

/// The runs of a service, in order.
///
/// docs/semantics.md: caps apply to the sum of all credits (or bonuses) of
/// a service, wherever they are written; the checker refuses a cap whose
/// period is not the one every such schedule settles in, and so does
/// evaluation, rather than cap only some of them.
fn runs(rules: &RuleSet, service: &Service) -> Result<BTreeSet<Run>, EvalError> {
    let mut runs = BTreeSet::new();
    for o in rules
        .objectives
        .iter()
        .filter(|o| o.service == service.name)
    {
        for (bonus, schedule) in [(false, &o.credits), (true, &o.bonus)] {
            if let Some(sc) = schedule {
                runs.insert(Run {
                    bonus,
                    kind: sc.period,
                });
            }
        }
    }
    for run in &runs {
        if let Some(cap) = run.caps(service).iter().find(|c| c.period != run.kind) {
            return Err(EvalError::CapPeriod {
                service: service.name.clone(),
                bonus: run.bonus,
                cap: cap.period,
                settled: run.kind,
            });
        }
    }
    Ok(runs)
}

/// What each settlement period of a run accrues, in order, with each
/// objective's value over it (its basis) noted for the report.
fn accrue(
    ctx: &Ctx<'_>,
    (values, breaches, lates, parts): (&Values, &Breaches, &Lates, &Parts),
    service: &Service,
    run: Run,
    digits: u32,
    basis: &mut Vec<(String, Basis)>,
) -> Result<BTreeMap<NaiveDate, Accrued>, EvalError> {
    // Money is kept as exact fractions, so every fee share (a month of a
    // quarterly or yearly fee, a thirtieth, a day's share) is exact.
    let mut accrued: BTreeMap<NaiveDate, Accrued> = BTreeMap::new();
    for o in ctx
        .rules
        .objectives
        .iter()
        .filter(|o| o.service == service.name)
    {
        let Some(schedule) = run.schedule(o) else {
            continue;
        };
        let Some(vals) = values.get(&(o.name.clone(), schedule.period)) else {
            continue;
        };
        for (span, value) in vals {
            let entry = accrued
                .entry(span.start)
                .or_insert_with(|| Accrued::new(span));
            let mut note = Basis {
                kind: run.settles(),
                period: span.label.clone(),
                from: span.from,
                to: span.to,
                complete: span.complete,
                value: value.clone(),
                tier: None,
                components: Vec::new(),
            };
            let remedies = remedy::remedies(schedule);
            let complete = value.as_ref().filter(|_| span.complete);
            let tier = complete
                .zip(remedies.iter().find_map(|r| match r {
                    Remedy::Tiers(tiers) => Some(*tiers),
                    Remedy::PerBreach(_) | Remedy::PerDowntime(_) | Remedy::Late(_) => None,
                }))
                .and_then(|(v, tiers)| remedy::tier(tiers, run.bonus, v));
            note.tier = tier.map(|t| remedy::tier_words(t, run.bonus));
            // The fee of a settled period: the service's, or its bill's.
            let fee = match complete {
                Some(_) => billed::fee(ctx, service, span, entry)?,
                None => None,
            };
            let payer = Payer {
                service,
                objective: o,
                schedule,
                run,
                digits,
                fee: fee.as_ref(),
            };
            // docs/semantics.md: per component, each component's own value
            // chooses its tier; the service's value chooses nothing.
            if let Some(part) = parts::of(parts, o, schedule.period, span) {
                let parted = payer.parts(span, part, &remedies)?;
                if parted.unbilled {
                    billed::mark(service, span, entry);
                }
                let (mut lines, total) = (parted.lines, parted.total);
                // A component's line has the claim deadline any other line
                // of the period has.
                if !lines.is_empty() {
                    let first_breach = breaches
                        .get(&(o.name.clone(), schedule.period))
                        .and_then(|b| b.get(&span.start))
                        .copied();
                    let due =
                        deadline::claim_deadline(ctx, schedule, (o.timezone, span), first_breach)?;
                    for line in &mut lines {
                        line.claim_deadline.clone_from(&due);
                    }
                }
                note.tier = None;
                note.components = parted.basis;
                if span.in_window(ctx) {
                    basis.push((o.name.clone(), note));
                }
                entry.total = entry.total.add(total).ok_or_else(|| overflow(service))?;
                entry.lines.extend(lines);
                continue;
            }
            if span.in_window(ctx) {
                basis.push((o.name.clone(), note));
            }
            let Some(value) = complete else { continue };
            for r in &remedies {
                let line = match payer.owed(ctx, (span, value), tier, r, lates)? {
                    Owed::Line(amount, line) => (amount, *line),
                    Owed::Unbilled => {
                        billed::mark(service, span, entry);
                        continue;
                    }
                    Owed::Nothing => continue,
                };
                entry.total = entry.total.add(line.0).ok_or_else(|| overflow(service))?;
                let mut line = line.1;
                let first_breach = breaches
                    .get(&(o.name.clone(), schedule.period))
                    .and_then(|b| b.get(&span.start))
                    .copied();
                line.claim_deadline =
                    deadline::claim_deadline(ctx, schedule, (o.timezone, span), first_breach)?;
                entry.lines.push(line);
            }
        }
    }
    Ok(accrued)
}

/// What one remedy of a settled period owes.
enum Owed {
    /// A line and its exact amount.
    Line(Amount, Box<SettlementLine>),
    /// A share of a billed fee whose bill has no row for the period.
    Unbilled,
    /// Nothing: no tier reached, no breach, no whole unit.
    Nothing,
}

impl Payer<'_> {
    /// What remedy `r` owes in `span`, where the objective measured
    /// `value` and reached `tier`.
    fn owed(
        &self,
        ctx: &Ctx<'_>,
        (span, value): (&Span, &Ratio),
        tier: Option<&slate_rules::Tier>,
        r: &Remedy<'_>,
        lates: &Lates,
    ) -> Result<Owed, EvalError> {
        let (o, payer) = (self.objective, self);
        let pays = match r {
            Remedy::Tiers(_) => tier.map(|t| &t.payout),
            Remedy::PerBreach(p) => (remedy::breaches(value) > 0).then_some(*p),
            Remedy::PerDowntime(d) => shortfall::shortfall(o, value, d)
                .filter(|s| s.units > 0)
                .map(|_| &d.payout),
            Remedy::Late(l) => lates
                .get(&o.name)
                .filter(|items| !items.is_empty())
                .map(|_| &l.payout),
        };
        if billed::wanting(self.service, self.fee, pays) {
            return Ok(Owed::Unbilled);
        }
        let (amount, line) = match r {
            Remedy::Tiers(_) => match tier {
                Some(t) => payer.line(span, value, &t.payout, Paid::Tier(t))?,
                None => return Ok(Owed::Nothing),
            },
            Remedy::PerBreach(p) => match remedy::breaches(value) {
                0 => return Ok(Owed::Nothing),
                n => payer.line(span, value, p, Paid::PerBreach(n))?,
            },
            Remedy::PerDowntime(d) => match shortfall::shortfall(o, value, d) {
                Some(s) if s.units > 0 => {
                    payer.line(span, value, &d.payout, Paid::PerDowntime(s))?
                }
                _ => return Ok(Owed::Nothing),
            },
            Remedy::Late(l) => {
                let items = lates.get(&o.name).map_or(&[][..], Vec::as_slice);
                match payer.late_line(ctx, span, value, l, items)? {
                    Some(line) => line,
                    None => return Ok(Owed::Nothing),
                }
            }
        };
        Ok(Owed::Line(amount, Box::new(line)))
    }
}

/// An amount beyond the exact money Slate holds.
fn overflow(service: &Service) -> EvalError {
    EvalError::MoneyOverflow {
        service: service.name.clone(),
    }
}

/// What one objective's schedule pays in a run.
#[derive(Clone, Copy)]
struct Payer<'a> {
    service: &'a Service,
    objective: &'a Objective,
    schedule: &'a Schedule,
    run: Run,
    digits: u32,
    /// The fee a share of the fee is taken of: the service's or its
    /// bill's for the settled period, or per component each component's own.
    fee: Option<&'a slate_rules::Fee>,
}

/// Why a line pays: the tier reached, or the breached items counted.
#[derive(Clone)]
enum Paid<'s> {
    Tier(&'s slate_rules::Tier),
    PerBreach(u64),
    PerDowntime(crate::report::Shortfall),
}

impl Payer<'_> {
    /// The line of a remedy that pays `payout` in `span`, where the
    /// objective measured `value`, with its exact amount: the payout once
    /// for a tier, once per breached item for `per breach`.
    fn line(
        &self,
        span: &Span,
        value: &Ratio,
        payout: &slate_rules::Payout,
        paid: Paid<'_>,
    ) -> Result<(Amount, SettlementLine), EvalError> {
        let (service, o, run) = (self.service, self.objective, self.run);
        let (each, days) = remedy::amount(payout, self.fee, self.schedule.period, span.start)
            .ok_or_else(|| EvalError::NoFee {
                bonus: run.bonus,
                objective: o.name.clone(),
                service: service.name.clone(),
                period: self.schedule.period,
            })?;
        let mut shortfall = None;
        let (amount, tier, breaches) = match paid {
            Paid::Tier(t) => (
                each,
                format!("{} {}%", remedy::bound_word(run.bonus), t.threshold),
                None,
            ),
            Paid::PerBreach(n) => (
                each.mul(i128::from(n)).ok_or_else(|| overflow(service))?,
                "per breach".to_owned(),
                Some(n),
            ),
            Paid::PerDowntime(s) => {
                let units = i128::from(s.units);
                let words = shortfall::words(&s);
                shortfall = Some(s);
                (
                    each.mul(units).ok_or_else(|| overflow(service))?,
                    words,
                    None,
                )
            }
        };
        let line = SettlementLine {
            objective: o.name.clone(),
            value: Some(value.clone()),
            tier,
            payout: money::describe(payout),
            amount: amount.exact(self.digits).ok_or_else(|| overflow(service))?,
            claims: crate::report::claim_terms(self.schedule),
            days_in_period: days,
            breaches,
            shortfall,
            lateness: None,
            per_unit: None,
            claim_deadline: None,
            component: None,
            component_fee: None,
            before_component_cap: None,
        };
        Ok((amount, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Service {
        Service {
            name: "desk".to_owned(),
            title: None,
            provider: "p".to_owned(),
            customer: "c".to_owned(),
            component_fee: None,
            fee: Some(slate_rules::Fee {
                amount: slate_rules::Amount::parse("1000").unwrap(),
                currency: Currency::EUR,
                per: Period::Month,
            }),
            billed: None,
            credit_minimum: None,
            credit_caps: Vec::new(),
            bonus_caps: Vec::new(),
        }
    }

    /// A service settles in its fee's currency, else the agreement's; with
    /// neither, settlement is a typed error, never an empty currency with
    /// two digits.
    #[test]
    fn a_service_settles_in_its_fee_currency_or_none_at_all() {
        let mut rules = RuleSet {
            schema: slate_rules::SCHEMA.to_owned(),
            agreement: slate_rules::Agreement {
                title: "A".to_owned(),
                id: None,
                version: None,
                fingerprint: String::new(),
                digest: String::new(),
                timezone: chrono_tz::UTC,
                currency: None,
                minor_unit: None,
                effective_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                effective_to: None,
            },
            calendars: Vec::new(),
            services: vec![service()],
            objectives: Vec::new(),
            fields: Vec::new(),
            termination: None,
        };
        let desk = rules.services[0].clone();
        assert_eq!(currency(&rules, &desk), Ok(Currency::EUR));
        rules.services[0].fee = None;
        let desk = rules.services[0].clone();
        assert_eq!(
            currency(&rules, &desk),
            Err(EvalError::NoCurrency {
                service: "desk".to_owned()
            })
        );
        rules.agreement.currency = Currency::parse("JPY").ok();
        assert_eq!(currency(&rules, &desk).map(|c| c.minor_unit()), Ok(0));
    }
}
