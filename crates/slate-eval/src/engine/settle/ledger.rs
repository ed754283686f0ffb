//! The caps of one service's credits (or bonuses) and what was issued
//! under them, period by period.

use rust_decimal::Decimal;
use slate_rules::{Cap, Fee, Payout, Period, Service};

use super::super::EvalError;
use super::Run;
use super::amount::Amount;
use crate::money;

/// The caps of one service's credits (or bonuses) and what was issued
/// under them, period by period: the one place caps are applied.
///
/// A cap per period limits each period on its own; a rolling cap over the
/// last `n` periods limits a period to what its window allows less what
/// the earlier periods of the window issued.
pub(super) struct CapLedger<'a> {
    /// Each cap, with what it allows per period: its amount, or its
    /// percentage of the period's fee; `None` for a share of a billed fee,
    /// which each period's bill gives.
    caps: Vec<(&'a Cap, Option<Amount>)>,
    kind: Period,
    /// The currency's minor unit.
    digits: u32,
    /// Each period settled so far, in order: the amount issued (after
    /// rounding), and whether the period lay whole inside the validity
    /// (only those count towards a rolling cap).
    issued: Vec<(Amount, bool)>,
}

/// A cap that reduced what a settled period owes.
pub(super) struct Capped {
    /// The cap in words (`10% of fee per month`).
    pub(super) words: String,
    /// For a share of a billed fee: what it allowed, exact.
    pub(super) billed: Option<Amount>,
}

impl<'a> CapLedger<'a> {
    /// The ledger of a run, with nothing issued yet; refused when a cap is
    /// a percentage of a fee the service does not have for the period, or
    /// a rolling share of a billed fee (docs/semantics.md: rolling caps on
    /// a bill basis are refused; reading the rule set refuses it too).
    pub(super) fn new(service: &'a Service, run: Run, digits: u32) -> Result<Self, EvalError> {
        let no_fee = || EvalError::CapWithoutFee {
            service: service.name.clone(),
            bonus: run.bonus,
            period: run.kind,
        };
        let caps = run
            .caps(service)
            .iter()
            .map(|cap| match (&cap.amount, service.billed) {
                // A fixed amount, a share of a fixed basis, or of a fixed
                // fee: the same every period.
                (Payout::Fixed { .. } | Payout::PercentOfFee { basis: Some(_), .. }, _)
                | (_, None) => money::payout12(&cap.amount, service.fee.as_ref(), run.kind)
                    .and_then(Amount::of_twelfths)
                    .map(|per_period| (cap, Some(per_period)))
                    .ok_or_else(no_fee),
                (_, Some(_)) if cap.rolling_periods.is_some() => Err(no_fee()),
                (_, Some(_)) => Ok((cap, None)),
            })
            .collect::<Result<_, _>>()?;
        Ok(CapLedger {
            caps,
            kind: run.kind,
            digits,
            issued: Vec::new(),
        })
    }

    /// Whether a cap is a share of the billed fee, which only a period's
    /// bill gives.
    pub(super) fn needs_bill(&self) -> bool {
        self.caps.iter().any(|c| c.1.is_none())
    }

    /// What `cap` allows the next period to issue, given what the earlier
    /// periods of its window issued.
    fn remaining(&self, cap: &Cap, per_period: Amount, whole: bool) -> Option<Amount> {
        let Some(n) = cap.rolling_periods else {
            return Some(per_period);
        };
        // The last n periods, this one included; only whole periods
        // inside the validity count.
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let earlier = || self.issued.iter().rev().take(n.saturating_sub(1));
        let periods_in = earlier().filter(|e| e.1).count() + usize::from(whole);
        // A percentage is of each whole period's fee; a fixed amount is
        // for the whole window.
        let window = match cap.amount {
            Payout::PercentOfFee { .. } => per_period.mul(i128::try_from(periods_in).ok()?)?,
            _ => per_period,
        };
        let mut limit = window;
        for e in earlier() {
            limit = limit.sub(e.0)?;
        }
        Some(limit.at_least_zero())
    }

    /// The cap in words, for `capped_by`: `10% of fee per month`, `EUR
    /// 5,000.00 per 12 months`.
    pub(super) fn words(&self, cap: &Cap) -> String {
        let amount = money::describe(&cap.amount);
        match cap.rolling_periods {
            None => format!("{amount} per {}", self.kind.noun()),
            Some(n) => format!("{amount} per {n} {}s", self.kind.noun()),
        }
    }

    /// What the caps allow of `total`: the amount after caps, exact, and
    /// the caps that reduced it. `billed` is the period's fee from its
    /// bill, for a share of a billed fee; a period without one is not
    /// settled (the caller marks it), and such a cap limits nothing in it.
    /// Records nothing.
    pub(super) fn limit(
        &self,
        total: Amount,
        whole: bool,
        billed: Option<&Fee>,
    ) -> Option<(Amount, Vec<Capped>)> {
        let mut amount = total;
        let mut capped_by = Vec::new();
        for &(cap, per_period) in &self.caps {
            let (per_period, from_bill) = match (per_period, billed) {
                (Some(p), _) => (p, false),
                (None, Some(fee)) => (
                    Amount::of_twelfths(money::payout12(&cap.amount, Some(fee), self.kind)?)?,
                    true,
                ),
                (None, None) => continue,
            };
            let limit = self.remaining(cap, per_period, whole)?;
            if amount > limit {
                amount = limit;
                capped_by.push(Capped {
                    words: self.words(cap),
                    billed: from_bill.then_some(limit),
                });
            }
        }
        Some((amount, capped_by))
    }

    /// The currency's minor unit.
    pub(super) fn digits(&self) -> u32 {
        self.digits
    }

    /// Records `issued`, what the period settled gave (rounded; zero when
    /// nothing was issued).
    pub(super) fn record(&mut self, issued: Decimal, whole: bool) -> Option<()> {
        self.issued.push((Amount::of(issued)?, whole));
        Some(())
    }

    /// Settles the next period: `total` limited by every cap, rounded to
    /// the minor unit and recorded as issued. Gives the amount owed and the
    /// caps that reduced it, in words.
    #[cfg(test)]
    pub(super) fn settle(&mut self, total: Amount, whole: bool) -> Option<(Decimal, Vec<String>)> {
        let (amount, capped_by) = self.limit(total, whole, None)?;
        let rounded = amount.round(self.digits)?;
        self.record(rounded, whole)?;
        Some((rounded, capped_by.into_iter().map(|c| c.words).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slate_rules::{Amount, Currency, Fee, Percent};

    fn service() -> Service {
        let eur = Currency::parse("EUR").unwrap();
        Service {
            name: "desk".to_owned(),
            title: None,
            provider: "p".to_owned(),
            customer: "c".to_owned(),
            component_fee: None,
            fee: Some(Fee {
                amount: Amount::parse("1000").unwrap(),
                currency: eur,
                per: Period::Month,
            }),
            billed: None,
            credit_minimum: None,
            credit_caps: vec![
                Cap {
                    amount: Payout::PercentOfFee {
                        percent: Percent::parse("10").unwrap(),
                        basis: None,
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
        // 150.00 owed each month.
        let total = super::super::amount::Amount::of(Decimal::from(150)).unwrap();
        let mut owed = Vec::new();
        for _ in 0..4 {
            let (amount, capped_by) = ledger.settle(total, true).unwrap();
            owed.push((amount.normalize().to_string(), capped_by.len()));
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
}
