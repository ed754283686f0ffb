//! Delay damages on a due-date objective's credits (added in v2):
//! `per day late : USD 500.00`, `per hour late : USD 50.00`, and `cap per
//! item 100% of cost` or `cap per item USD 5000.00`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use slate_check::model;

use crate::{Amount, BuildError, Currency, Payout, Percent};

/// What each unit of a breached item's lateness pays, and the most one
/// item pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lateness {
    /// `day`: the local dates after the due date up to and including the
    /// stop's (or the cut-off's); `hour`: whole real hours from the due
    /// instant to the stop (or the cut-off).
    pub unit: LateUnit,
    /// What each unit pays.
    pub payout: Payout,
    /// The most one item pays, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_item: Option<ItemCap>,
}

/// The unit delay damages are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LateUnit {
    /// Calendar days in the agreement's time zone.
    Day,
    /// Whole real hours.
    Hour,
}

/// The most one item's delay damages pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ItemCap {
    /// A percentage of a numeric attribute of the item, as it stands at
    /// the stop (or the cut-off).
    PercentOfAttribute {
        /// The percentage.
        percent: Percent,
        /// The attribute.
        attribute: String,
    },
    /// A fixed amount.
    Fixed {
        /// The amount.
        amount: Amount,
        /// Its currency.
        currency: Currency,
    },
}

/// The rule set's delay damages of a checked schedule.
pub(crate) fn lateness(l: &model::Lateness) -> Result<Lateness, BuildError> {
    Ok(Lateness {
        unit: match l.unit {
            model::LateUnit::Day => LateUnit::Day,
            model::LateUnit::Hour => LateUnit::Hour,
        },
        payout: crate::convert::payout(&l.payout)?,
        cap_per_item: l
            .cap_per_item
            .as_ref()
            .map(|c| -> Result<ItemCap, BuildError> {
                Ok(match c {
                    model::ItemCap::PercentOfAttribute { percent, attribute } => {
                        ItemCap::PercentOfAttribute {
                            percent: crate::convert::percent(*percent)?,
                            attribute: attribute.clone(),
                        }
                    }
                    model::ItemCap::Fixed { amount, currency } => ItemCap::Fixed {
                        amount: crate::convert::amount(*amount)?,
                        currency: *currency,
                    },
                })
            })
            .transpose()?,
    })
}
