//! What a share of a payout is taken of when it is not the service's fee
//! (added in v2, optional): a fixed amount, the same in every period,
//! written as an amount or as a charge the service names.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Amount, Currency, Payout};

/// A fixed amount a percentage, fraction or days' share is taken of,
/// instead of the service's fee: the same for every period, whatever its
/// length (a day's share divides it by the days of the settled period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// Exact decimal amount.
    pub amount: Amount,
    /// ISO 4217 currency: the service's (the agreement's).
    pub currency: Currency,
    /// The name of the service's charge it is (`support` for `3% of
    /// support charge`); absent for an amount written in the payout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// The charge's words in the contract (`monthly maintenance and
    /// support cost`), when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Payout {
    /// The fixed amount a share is taken of instead of the fee, if any.
    pub fn basis(&self) -> Option<&Basis> {
        match self {
            Payout::PercentOfFee { basis, .. }
            | Payout::FractionOfFee { basis, .. }
            | Payout::DaysOfFee { basis, .. } => basis.as_ref(),
            Payout::Fixed { .. } => None,
        }
    }

    /// Whether the payout is a share of the service's fee (a fixed sum and
    /// a share of a fixed basis are not).
    pub fn of_fee(&self) -> bool {
        !matches!(self, Payout::Fixed { .. }) && self.basis().is_none()
    }
}

/// Where a payout may stand, for the typed leaves of its basis.
const PAYOUTS: &[&str] = &[
    "services.*.credit_caps.*.amount",
    "services.*.bonus_caps.*.amount",
    "objectives.*.credits.tiers.*.payout",
    "objectives.*.credits.per_breach",
    "objectives.*.credits.per_downtime.payout",
    "objectives.*.credits.lateness.payout",
    "objectives.*.credits.component_cap",
    "objectives.*.credits.per_unit.payout",
    "objectives.*.bonus.tiers.*.payout",
    "objectives.*.bonus.per_unit.payout",
];

/// The places of every basis's amount and currency.
pub(crate) fn leaves() -> impl Iterator<Item = (String, bool)> {
    PAYOUTS.iter().flat_map(|p| {
        [
            (format!("{p}.basis.amount"), true),
            (format!("{p}.basis.currency"), false),
        ]
    })
}
