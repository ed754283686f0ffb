//! What an override changes in a credits or bonus schedule: its tiers,
//! what each pays, and its claim terms.

use super::*;

/// The fewest days a length of time can be: a month is 28 days, a
/// business day or week at least a day or week. A claim window counts as
/// shorter only when it is surely shorter.
fn days_at_least(l: crate::model::Length) -> u64 {
    use slate_syntax::ast::DurationUnit as U;
    let per = match l.unit {
        U::Seconds | U::Minutes | U::Hours | U::BusinessHours => {
            let secs = match l.unit {
                U::Seconds => 1,
                U::Minutes => 60,
                _ => 3600,
            };
            return l.count.saturating_mul(secs) / 86_400;
        }
        U::Days | U::BusinessDays => 1,
        U::Weeks => 7,
        U::Months => 28,
    };
    l.count.saturating_mul(per)
}

/// What a bonus schedule pays at a compliance of exactly `threshold`: the
/// payout of the highest threshold it reaches.
fn pays_at_least(s: &Schedule, threshold: Decimal) -> Option<&Payout> {
    s.tiers
        .iter()
        .filter(|t| t.threshold <= threshold)
        .max_by_key(|t| t.threshold)
        .map(|t| &t.payout)
}

/// What a schedule pays at a compliance just below `threshold`: the payout
/// of the lowest threshold the compliance falls below.
fn pays_below(s: &Schedule, threshold: Decimal) -> Option<&Payout> {
    s.tiers
        .iter()
        .filter(|t| t.threshold >= threshold)
        .min_by_key(|t| t.threshold)
        .map(|t| &t.payout)
}

/// Whether `new` pays less than `old`; payouts of different forms, or
/// shares of different bases, cannot be ordered, and count as less.
pub(super) fn pays_less(old: &Payout, new: &Payout) -> bool {
    if old.basis() != new.basis() {
        return true;
    }
    match (old, new) {
        (Payout::PercentOfFee { percent: a, .. }, Payout::PercentOfFee { percent: b, .. }) => b < a,
        (
            Payout::Fixed {
                amount: a,
                currency: c,
            },
            Payout::Fixed {
                amount: b,
                currency: d,
            },
        ) => c != d || b < a,
        (
            Payout::FractionOfFee {
                numerator: an,
                denominator: ad,
                ..
            },
            Payout::FractionOfFee {
                numerator: bn,
                denominator: bd,
                ..
            },
        ) => u64::from(bn.get()) * u64::from(ad.get()) < u64::from(an.get()) * u64::from(bd.get()),
        (Payout::DaysOfFee { days: a, .. }, Payout::DaysOfFee { days: b, .. }) => b < a,
        _ => true,
    }
}

/// What changes from `old` to `new`, two versions of a credits schedule.
/// Bonuses are the provider's reward, not the customer's guarantee: their
/// changes are listed but never weaken.
pub fn schedule(old: &Schedule, new: &Schedule) -> Vec<Difference> {
    let credits = matches!(old.kind, crate::model::ScheduleKind::Credits);
    let mut out = Vec::new();
    let mut thresholds: Vec<Decimal> = old
        .tiers
        .iter()
        .chain(&new.tiers)
        .map(|t| t.threshold)
        .collect();
    thresholds.sort_by(|a, b| b.cmp(a));
    thresholds.dedup();
    if !credits {
        // A bonus tier pays from its threshold up: compare what each
        // schedule pays at each threshold, the lowest first.
        thresholds.reverse();
    }
    for t in thresholds {
        let (a, b) = if credits {
            (pays_below(old, t), pays_below(new, t))
        } else {
            (pays_at_least(old, t), pays_at_least(new, t))
        };
        if a == b {
            continue;
        }
        let was = a.map_or_else(|| "nothing".to_owned(), |p| words::payout(p, old.period));
        let now = b.map_or_else(|| "nothing".to_owned(), |p| words::payout(p, new.period));
        let weaker = credits
            && match (a, b) {
                (Some(a), Some(b)) => pays_less(a, b),
                (Some(_), None) => true,
                (None, _) => false,
            };
        let at = if credits { "below" } else { "at" };
        out.push(diff(
            format!("{at} {}: {now} (was {was})", words::percent(t)),
            weaker,
        ));
    }
    if old.period != new.period {
        out.push(diff(
            format!(
                "settled per {} (was per {})",
                new.period.noun(),
                old.period.noun()
            ),
            credits && period_rank(new.period) > period_rank(old.period),
        ));
    }
    if old.claim != new.claim {
        let now = new
            .claim
            .map_or_else(|| "no time limit".to_owned(), words::length);
        let was = old
            .claim
            .map_or_else(|| "no time limit".to_owned(), words::length);
        let shorter = match (old.claim, new.claim) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => days_at_least(b) < days_at_least(a),
            _ => false,
        };
        out.push(diff(
            format!("claims within {now} (was {was})"),
            credits && shorter,
        ));
    }
    out.extend(claim_terms(&old.claims, &new.claims));
    out
}

/// What changes in how credits are claimed: a claim that must now be
/// written, a credit that now lapses unclaimed, or credits that now need a
/// claim give the customer less.
fn claim_terms(old: &ClaimTerms, new: &ClaimTerms) -> Vec<Difference> {
    // A term that binds the customer when it is stated: stating it weakens.
    let binding = |was: bool, now: bool, stated: &str, unstated: &str| {
        (was != now).then(|| {
            let words = if now { stated } else { unstated };
            diff(words.to_owned(), now)
        })
    };
    let mut out: Vec<Difference> = [
        binding(
            old.claim_in_writing,
            new.claim_in_writing,
            "claims in writing (was in any form)",
            "claims in any form (was in writing)",
        ),
        binding(
            old.unclaimed_lapse,
            new.unclaimed_lapse,
            "unclaimed credits lapse (was not stated)",
            "unclaimed credits no longer lapse",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if old.claim_by != new.claim_by {
        let said = |b: &Option<String>| {
            b.as_ref()
                .map_or_else(|| "not stated".to_owned(), |b| format!("by {b}"))
        };
        out.push(diff(
            format!(
                "claims made {} (was {})",
                said(&new.claim_by),
                said(&old.claim_by)
            ),
            false,
        ));
    }
    if old.applied != new.applied {
        let said = |a: Option<Applied>| match a {
            Some(Applied::Automatic) => "applied automatically",
            Some(Applied::OnRequest) => "applied on request",
            None => "not stated",
        };
        let words = match new.applied {
            Some(_) => format!("credits {} (was {})", said(new.applied), said(old.applied)),
            None => format!(
                "how credits are applied not stated (was {})",
                said(old.applied)
            ),
        };
        out.push(diff(words, new.applied == Some(Applied::OnRequest)));
    }
    out
}
