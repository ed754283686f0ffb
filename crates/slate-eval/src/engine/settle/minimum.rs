//! The minimum credit of a service (`minimum more than USD 1.00`): the
//! credits of a period, after caps and rounding, are issued only above
//! (or at least at) it; otherwise they are withheld, and the cap ledger
//! records nothing issued. A period not settled for want of a bill records
//! nothing issued either, and no minimum applies to it.

use rust_decimal::Decimal;
use slate_rules::{Fee, Minimum, Service};

use super::Run;
use super::amount::Amount;
use super::ledger::{CapLedger, Capped};
use crate::money;
use crate::report::Withheld;

/// Settles the next period of `ledger`: `total` limited by every cap,
/// rounded, then withheld when it is credits below the service's minimum.
/// `billed` is the period's fee from its bill, for a cap that is a share of
/// it. A period not settled for want of a bill (`unbilled`) gives nothing
/// to a rolling cap and the minimum does not apply to it
/// (docs/semantics.md). Gives the amount owed, the caps that reduced it,
/// and what was withheld.
pub(super) fn settle(
    ledger: &mut CapLedger<'_>,
    (service, run): (&Service, Run),
    (total, whole): (Amount, bool),
    (billed, unbilled): (Option<&Fee>, bool),
) -> Option<(Decimal, Vec<Capped>, Option<Withheld>)> {
    let (amount, capped_by) = ledger.limit(total, whole, billed)?;
    let rounded = amount.round(ledger.digits())?;
    if unbilled {
        ledger.record(Decimal::ZERO, whole)?;
        return Some((rounded, capped_by, None));
    }
    let minimum = service
        .credit_minimum
        .as_ref()
        .filter(|_| !run.bonus)
        .filter(|m| rounded > Decimal::ZERO && !reaches(rounded, m));
    let issued = if minimum.is_some() {
        Decimal::ZERO
    } else {
        rounded
    };
    ledger.record(issued, whole)?;
    let withheld = minimum.map(|m| Withheld {
        amount: money::show(rounded, ledger.digits()),
        minimum: words(m),
    });
    Some((issued, capped_by, withheld))
}

/// Whether `amount` is issued under minimum `m`: above it, or at least it.
fn reaches(amount: Decimal, m: &Minimum) -> bool {
    if m.strict {
        amount > m.amount.get()
    } else {
        amount >= m.amount.get()
    }
}

/// The minimum in words: `more than USD 1.00`.
pub(super) fn words(m: &Minimum) -> String {
    format!(
        "{} {}",
        if m.strict { "more than" } else { "at least" },
        slate_words::money_amount(m.amount.get(), false, m.currency.as_str())
    )
}
