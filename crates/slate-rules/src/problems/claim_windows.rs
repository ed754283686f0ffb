//! What a credits block's claim window may not say (the checker's
//! E0570–E0572): two windows, a window from each breach without items or
//! without a length, a calendar that is not defined, a window of zero.

use super::*;

/// The claim window fields of credits `s` of objective `o`.
pub(super) fn windows(
    p: &mut Problems<'_>,
    at: &str,
    o: &crate::Objective,
    s: &Schedule,
    r: &RuleSet,
) {
    let stated = [
        s.claim.is_some(),
        s.claim_business.is_some(),
        s.claim_by_end_of_month.is_some(),
    ]
    .into_iter()
    .filter(|b| *b)
    .count();
    let from_breach_alone = s.claim_from_breach && s.claim.is_none() && s.claim_business.is_none();
    if stated > 1 || from_breach_alone {
        p.out.push(Problem::ClaimWindows { at: at.to_owned() });
    }
    if s.claim_from_breach
        && !matches!(
            o.measure,
            Measure::TimeToEvent { .. } | Measure::DueDate { .. }
        )
    {
        p.out.push(Problem::ClaimFromBreach {
            at: format!("{at}.claim_from_breach"),
        });
    }
    if let Some(b) = &s.claim_business {
        if b.count == 0 {
            p.out.push(Problem::ZeroClaimWindow {
                at: format!("{at}.claim_business.count"),
            });
        }
        if !r.calendars.iter().any(|c| c.name == b.calendar) {
            p.out.push(Problem::ClaimCalendar {
                at: format!("{at}.claim_business.calendar"),
                calendar: crate::clip(&b.calendar, crate::MAX_QUOTED).into_owned(),
            });
        }
    }
    if s.claim_by_end_of_month == Some(0) {
        p.out.push(Problem::ZeroClaimWindow {
            at: format!("{at}.claim_by_end_of_month"),
        });
    }
}
