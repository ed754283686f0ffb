//! What a share of a remedy is taken of when it is not the service's fee:
//! a fixed amount or a charge the service names (`3% of support charge`).

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Currency, Payout};

/// A named charge of a service: a fixed amount, the same in every
/// period, that a remedy may take a share of (`3% of support charge`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Charge {
    /// Its name.
    pub name: String,
    /// The words the contract uses for it, if given.
    pub label: Option<String>,
    /// The amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

/// What a share is taken of when it is not the service's fee: a fixed
/// amount, the same in every period whatever its length, written as an
/// amount (`3% of GBP 2500.00`) or as a charge the service names (`3% of
/// support charge`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// The amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// The charge's name, when the amount is a named charge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// The charge's label, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
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

    /// The payout, its share taken of `with` (a fixed sum has no share).
    #[must_use]
    pub fn with_basis(mut self, with: Option<Basis>) -> Payout {
        match &mut self {
            Payout::PercentOfFee { basis, .. }
            | Payout::FractionOfFee { basis, .. }
            | Payout::DaysOfFee { basis, .. } => *basis = with,
            Payout::Fixed { .. } => {}
        }
        self
    }

    /// Whether a share of this payout is a share of the service's fee (a
    /// fixed sum and a share of a fixed basis are not).
    pub fn of_fee(&self) -> bool {
        !matches!(self, Payout::Fixed { .. }) && self.basis().is_none()
    }
}
