//! The report of a bound on samples: per period, the samples aggregated,
//! those left out, and the value as an exact fraction.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One period of a bound on samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleValue {
    /// Records aggregated, each one sample (duplicates counted once).
    pub samples: u64,
    /// Records left out: of the samples' event and matching their
    /// conditions, but matching an `exclude`.
    pub excluded: u64,
    /// Records left out as invalid (`--skip-invalid`): they lacked the
    /// number or carried text that is not one.
    pub invalid: u64,
    /// The average or percentile, exact; `null` with no samples.
    pub value: Option<SampleNumber>,
}

/// A value of samples as an exact fraction, and as a decimal for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleNumber {
    /// Numerator: the exact sum of the values (an average), or the one
    /// value at the percentile's rank.
    pub numerator: Decimal,
    /// Denominator: the number of samples (an average), or 1.
    pub denominator: u64,
    /// The value rounded half to even to 6 decimal places, for people.
    pub decimal: Decimal,
    /// `true` when `decimal` is not the exact value (it was rounded);
    /// absent when it is.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub rounded: bool,
}
