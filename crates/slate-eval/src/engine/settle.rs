//! Settlement: per service, kind (credits or bonus) and settlement period,
//! what each objective's tier pays, summed, then limited by the caps of a
//! [`CapLedger`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use slate_rules::{Cap, Currency, Objective, Payout, Period, RuleSet, Schedule, Service, Tier};
use slate_time::periods;

use super::EvalError;
use super::aggregate::{Values, at_least};
use super::context::{Ctx, Span};
use crate::money;
use crate::report::{Basis, Ratio, Settlement, SettlementKind, SettlementLine};

/// Settlements, and each objective's value per settlement period (by name).
pub(super) type Settled = (Vec<Settlement>, Vec<(String, Basis)>);

/// One settlement of a service: its credits or its bonus, in the period
/// length their schedules settle in. A service may settle monthly credits
/// and a quarterly bonus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
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
    /// The lines' sum, in twelfths of the currency unit.
    total: Decimal,
}

/// Credits and bonuses per service and settlement period, with caps.
pub(super) fn settle(ctx: &Ctx<'_>, values: &Values) -> Result<Settled, EvalError> {
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
            let accrued = accrue(ctx, values, service, run, digits, &mut basis)?;
            let mut ledger = CapLedger::new(service, run, digits)?;
            for (start, Accrued { span, lines, total }) in accrued {
                // Whether the period lies whole inside the validity: only
                // those count towards a rolling cap.
                let whole = start >= ctx.effective_from
                    && ctx.effective_to.is_none_or(|to| {
                        periods::next(run.kind, start)
                            .pred_opt()
                            .is_some_and(|e| e <= to)
                    });
                let (rounded, capped_by) = ledger.settle(total, whole);
                if lines.is_empty() || !span.in_window(ctx) {
                    continue;
                }
                let fee = service
                    .fee
                    .as_ref()
                    .and_then(|f| money::fee_for(f, run.kind));
                out.push(Settlement {
                    service: service.name.clone(),
                    kind: run.settles(),
                    period: span.label.clone(),
                    from: span.from,
                    to: span.to,
                    fee: fee.map(|f| money::show(f, digits)),
                    lines,
                    total: money::exact(total, digits),
                    capped_by,
                    amount: money::show(rounded, digits),
                    currency: currency.clone(),
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
    values: &Values,
    service: &Service,
    run: Run,
    digits: u32,
    basis: &mut Vec<(String, Basis)>,
) -> Result<BTreeMap<NaiveDate, Accrued>, EvalError> {
    // Money is kept in twelfths of the currency unit, so every fee share
    // (a month of a quarterly or yearly fee) is exact.
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
            let entry = accrued.entry(span.start).or_insert_with(|| Accrued {
                span: span.clone(),
                lines: Vec::new(),
                total: Decimal::ZERO,
            });
            let mut note = Basis {
                kind: run.settles(),
                period: span.label.clone(),
                from: span.from,
                to: span.to,
                complete: span.complete,
                value: value.clone(),
                tier: None,
            };
            let tier = value
                .as_ref()
                .filter(|_| span.complete)
                .and_then(|v| tier(schedule, run.bonus, v).map(|t| (v, t)));
            note.tier = tier.map(|(_, t)| tier_words(t, run.bonus));
            if span.in_window(ctx) {
                basis.push((o.name.clone(), note));
            }
            let Some((value, tier)) = tier else { continue };
            let amount = money::payout12(&tier.payout, service.fee.as_ref(), schedule.period)
                .ok_or_else(|| EvalError::NoFee {
                    bonus: run.bonus,
                    objective: o.name.clone(),
                    service: service.name.clone(),
                    period: schedule.period,
                })?;
            entry.total += amount;
            entry.lines.push(SettlementLine {
                objective: o.name.clone(),
                value: value.clone(),
                tier: format!("{} {}%", bound_word(run.bonus), tier.threshold),
                payout: money::describe(&tier.payout),
                amount: money::exact(amount, digits),
                claims: crate::report::claim_terms(schedule),
            });
        }
    }
    Ok(accrued)
}

/// The tier a value reaches: for credits the lowest threshold it is below,
/// for a bonus the highest it is at least.
fn tier<'s>(schedule: &'s Schedule, bonus: bool, value: &Ratio) -> Option<&'s Tier> {
    schedule
        .tiers
        .iter()
        .filter(|t| {
            let th = t.threshold.get();
            if bonus {
                at_least(value, th)
            } else {
                !at_least(value, th)
            }
        })
        .min_by(|a, b| {
            let (x, y) = (a.threshold.get(), b.threshold.get());
            if bonus { y.cmp(&x) } else { x.cmp(&y) }
        })
}

fn bound_word(bonus: bool) -> &'static str {
    if bonus { "at least" } else { "below" }
}

/// A tier with its payout, as a basis writes it: `below 99.9%: 10% of fee`.
fn tier_words(t: &Tier, bonus: bool) -> String {
    format!(
        "{} {}%: {}",
        bound_word(bonus),
        t.threshold,
        money::describe(&t.payout)
    )
}

/// The caps of one service's credits (or bonuses) and what was issued
/// under them, period by period: the one place caps are applied.
///
/// A cap per period limits each period on its own; a rolling cap over the
/// last `n` periods limits a period to what its window allows less what
/// the earlier periods of the window issued.
struct CapLedger<'a> {
    /// Each cap, with what it allows per period in twelfths: its amount,
    /// or its percentage of the period's fee.
    caps: Vec<(&'a Cap, Decimal)>,
    kind: Period,
    /// The currency's minor unit.
    digits: u32,
    /// Each period settled so far, in order: the amount issued (in
    /// twelfths, after rounding), and whether the period lay whole inside
    /// the validity (only those count towards a rolling cap).
    issued: Vec<(Decimal, bool)>,
}

impl<'a> CapLedger<'a> {
    /// The ledger of a run, with nothing issued yet; refused when a cap is
    /// a percentage of a fee the service does not have for the period.
    fn new(service: &'a Service, run: Run, digits: u32) -> Result<Self, EvalError> {
        let caps = run
            .caps(service)
            .iter()
            .map(|cap| {
                money::payout12(&cap.amount, service.fee.as_ref(), run.kind)
                    .map(|per_period| (cap, per_period))
                    .ok_or_else(|| EvalError::CapWithoutFee {
                        service: service.name.clone(),
                        bonus: run.bonus,
                        period: run.kind,
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(CapLedger {
            caps,
            kind: run.kind,
            digits,
            issued: Vec::new(),
        })
    }

    /// What `cap` allows the next period to issue, in twelfths, given what
    /// the earlier periods of its window issued.
    fn remaining(&self, cap: &Cap, per_period: Decimal, whole: bool) -> Decimal {
        let Some(n) = cap.rolling_periods else {
            return per_period;
        };
        // The last n periods, this one included; only whole periods
        // inside the validity count.
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let earlier = || self.issued.iter().rev().take(n.saturating_sub(1));
        let periods_in = earlier().filter(|e| e.1).count() + usize::from(whole);
        // A percentage is of each whole period's fee; a fixed amount is
        // for the whole window.
        let window = match cap.amount {
            Payout::Fixed { .. } => per_period,
            Payout::PercentOfFee { .. } => per_period * Decimal::from(periods_in as u64),
        };
        let limit = window - earlier().map(|e| e.0).sum::<Decimal>();
        limit.max(Decimal::ZERO)
    }

    /// The cap in words, for `capped_by`: `10% of fee per month`, `EUR
    /// 5,000.00 per 12 months`.
    fn words(&self, cap: &Cap) -> String {
        let amount = money::describe(&cap.amount);
        match cap.rolling_periods {
            None => format!("{amount} per {}", self.kind.noun()),
            Some(n) => format!("{amount} per {n} {}s", self.kind.noun()),
        }
    }

    /// Settles the next period: `total` (in twelfths) limited by every
    /// cap, rounded to the minor unit and recorded as issued. Gives the
    /// amount owed and the caps that reduced it, in words.
    fn settle(&mut self, total: Decimal, whole: bool) -> (Decimal, Vec<String>) {
        let mut amount = total;
        let mut capped_by = Vec::new();
        for &(cap, per_period) in &self.caps {
            let limit = self.remaining(cap, per_period, whole);
            if amount > limit {
                amount = limit;
                capped_by.push(self.words(cap));
            }
        }
        let rounded = money::round12(amount, self.digits);
        self.issued.push((rounded * Decimal::from(12u32), whole));
        (rounded, capped_by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slate_rules::{Amount, Fee, Percent};

    fn service() -> Service {
        let eur = Currency::parse("EUR").unwrap();
        Service {
            name: "desk".to_owned(),
            title: None,
            provider: "p".to_owned(),
            customer: "c".to_owned(),
            fee: Some(Fee {
                amount: Amount::parse("1000").unwrap(),
                currency: eur,
                per: Period::Month,
            }),
            credit_caps: vec![
                Cap {
                    amount: Payout::PercentOfFee {
                        percent: Percent::parse("10").unwrap(),
                    },
                    rolling_periods: None,
                    period: Period::Month,
                },
                Cap {
                    amount: Payout::Fixed {
                        amount: Amount::parse("250").unwrap(),
                        currency: eur,
                    },
                    rolling_periods: Some(3),
                    period: Period::Month,
                },
            ],
            bonus_caps: Vec::new(),
        }
    }

    /// The ledger applies every cap in turn: 10% of the monthly fee (100)
    /// per month, and 250 over any 3 months less what the 2 months before
    /// issued.
    #[test]
    fn the_ledger_applies_caps_with_what_was_issued() {
        let service = service();
        let run = Run {
            bonus: false,
            kind: Period::Month,
        };
        let mut ledger = CapLedger::new(&service, run, 2).unwrap();
        // 150.00 owed each month, in twelfths.
        let total = Decimal::from(150 * 12);
        let mut owed = Vec::new();
        for _ in 0..4 {
            let (amount, capped_by) = ledger.settle(total, true);
            owed.push((amount.to_string(), capped_by.len()));
        }
        assert_eq!(
            ledger.words(&service.credit_caps[0]),
            "10% of fee per month"
        );
        assert_eq!(
            owed,
            [
                ("100".to_owned(), 1),
                ("100".to_owned(), 1),
                ("50".to_owned(), 2),
                ("100".to_owned(), 1),
            ]
        );
        assert_eq!(
            ledger.words(&service.credit_caps[1]),
            "EUR 250.00 per 3 months"
        );
    }

    /// A cap that is a share of a fee the service does not have is refused
    /// when the ledger opens.
    #[test]
    fn a_cap_without_a_fee_cannot_open_a_ledger() {
        let mut service = service();
        service.fee = None;
        let run = Run {
            bonus: false,
            kind: Period::Month,
        };
        assert!(matches!(
            CapLedger::new(&service, run, 2),
            Err(EvalError::CapWithoutFee { .. })
        ));
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
