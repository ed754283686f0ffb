//! A fee that is what the bill says (`billed`): never beside a fixed fee,
//! billed per month, quarter or year, shared only in its own period, and
//! never under a rolling cap that is a share of it.

use super::{Problem, Problems};
use crate::{Cap, Payout, Period, Service};

/// The problems of a service's billed fee.
pub(super) fn billed(p: &mut Problems<'_>, at: &str, s: &Service) {
    let Some(period) = s.billed else { return };
    if s.fee.is_some() || s.component_fee.is_some() {
        p.out.push(Problem::FixedAndBilled {
            at: at.to_owned(),
            service: crate::clip(&s.name, crate::MAX_QUOTED).into_owned(),
        });
    }
    if matches!(period, Period::Hour | Period::Day | Period::Week) {
        p.out.push(Problem::BilledPeriod {
            at: format!("{at}.billed"),
            period: period.noun().to_owned(),
        });
    }
}

/// Why a share of the fee of a service without a fixed fee cannot be
/// computed for a period: it has no fee at all, or its fee is billed per
/// another period (a bill row covers one billing period). `None` when the
/// bill gives it.
pub(super) fn billed_why(s: &Service, period: Period) -> Option<String> {
    match s.billed {
        None => Some("it has no fee".to_owned()),
        Some(b) if b != period => Some(format!(
            "its fee is billed per {}, and this is paid per {}",
            b.noun(),
            period.noun()
        )),
        Some(_) => None,
    }
}

/// A rolling cap that is a share of a billed fee (docs/semantics.md: rolling
/// caps on a bill basis are refused), as the checker refuses it (E0544).
pub(super) fn rolling_cap(p: &mut Problems<'_>, at: &str, cap: &Cap, s: &Service) {
    if s.billed.is_some()
        && cap.rolling_periods.is_some()
        && !matches!(cap.amount, Payout::Fixed { .. })
    {
        p.out.push(Problem::RollingCapOnBill {
            at: at.to_owned(),
            service: crate::clip(&s.name, crate::MAX_QUOTED).into_owned(),
        });
    }
}
