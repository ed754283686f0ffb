//! Which JSON values of a rule set are typed, by their place, and reading
//! them so that a value that does not read is a problem at its place.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::value::{self, ValueError};

/// What each typed value of the JSON is, by its place (`*` for every item
/// of a list).
#[derive(Clone, Copy)]
enum Leaf {
    Zone,
    Date,
    Currency,
    Amount,
    Percent,
    Start,
    End,
    Unit,
    MonthDay,
    Decimal,
}

/// Every typed value of a rule set, by its place.
const LEAVES: &[(&str, Leaf)] = &[
    ("agreement.timezone", Leaf::Zone),
    ("agreement.currency", Leaf::Currency),
    ("agreement.effective_from", Leaf::Date),
    ("agreement.effective_to", Leaf::Date),
    ("calendars.*.timezone", Leaf::Zone),
    ("calendars.*.weekly.*.start", Leaf::Start),
    ("calendars.*.weekly.*.end", Leaf::End),
    ("calendars.*.closures.*.from", Leaf::Date),
    ("calendars.*.closures.*.to", Leaf::Date),
    ("services.*.fee.amount", Leaf::Amount),
    ("services.*.fee.currency", Leaf::Currency),
    ("services.*.credit_minimum.amount", Leaf::Amount),
    ("services.*.credit_minimum.currency", Leaf::Currency),
    ("services.*.component_fee.amount", Leaf::Amount),
    ("services.*.component_fee.currency", Leaf::Currency),
    ("services.*.credit_caps.*.amount.percent", Leaf::Percent),
    ("services.*.credit_caps.*.amount.amount", Leaf::Amount),
    ("services.*.credit_caps.*.amount.currency", Leaf::Currency),
    ("services.*.bonus_caps.*.amount.percent", Leaf::Percent),
    ("services.*.bonus_caps.*.amount.amount", Leaf::Amount),
    ("services.*.bonus_caps.*.amount.currency", Leaf::Currency),
    ("objectives.*.timezone", Leaf::Zone),
    ("objectives.*.measure.target", Leaf::Percent),
    ("objectives.*.measure.statistic.p", Leaf::Percent),
    ("objectives.*.measure.percent", Leaf::Percent),
    ("objectives.*.measure.bound_value", Leaf::Decimal),
    ("objectives.*.measure.maintenance.*.start", Leaf::Start),
    ("objectives.*.measure.maintenance.*.end", Leaf::End),
    ("objectives.*.measure.goals.*.arrival.from", Leaf::MonthDay),
    ("objectives.*.measure.goals.*.arrival.to", Leaf::MonthDay),
    ("objectives.*.credits.tiers.*.threshold", Leaf::Percent),
    ("objectives.*.credits.tiers.*.payout.percent", Leaf::Percent),
    ("objectives.*.credits.tiers.*.payout.amount", Leaf::Amount),
    (
        "objectives.*.credits.tiers.*.payout.currency",
        Leaf::Currency,
    ),
    ("objectives.*.credits.per_breach.percent", Leaf::Percent),
    ("objectives.*.credits.per_breach.amount", Leaf::Amount),
    ("objectives.*.credits.per_breach.currency", Leaf::Currency),
    (
        "objectives.*.credits.per_downtime.payout.percent",
        Leaf::Percent,
    ),
    (
        "objectives.*.credits.per_downtime.payout.amount",
        Leaf::Amount,
    ),
    (
        "objectives.*.credits.per_downtime.payout.currency",
        Leaf::Currency,
    ),
    (
        "objectives.*.credits.lateness.payout.percent",
        Leaf::Percent,
    ),
    ("objectives.*.credits.lateness.payout.amount", Leaf::Amount),
    (
        "objectives.*.credits.lateness.payout.currency",
        Leaf::Currency,
    ),
    (
        "objectives.*.credits.lateness.cap_per_item.percent",
        Leaf::Percent,
    ),
    (
        "objectives.*.credits.lateness.cap_per_item.amount",
        Leaf::Amount,
    ),
    (
        "objectives.*.credits.lateness.cap_per_item.currency",
        Leaf::Currency,
    ),
    ("objectives.*.credits.component_cap.percent", Leaf::Percent),
    ("objectives.*.credits.component_cap.amount", Leaf::Amount),
    (
        "objectives.*.credits.component_cap.currency",
        Leaf::Currency,
    ),
    ("objectives.*.credits.claim.unit", Leaf::Unit),
    ("objectives.*.bonus.tiers.*.threshold", Leaf::Percent),
    ("objectives.*.bonus.tiers.*.payout.percent", Leaf::Percent),
    ("objectives.*.bonus.tiers.*.payout.amount", Leaf::Amount),
    ("objectives.*.bonus.tiers.*.payout.currency", Leaf::Currency),
    (
        "objectives.*.credits.per_unit.payout.percent",
        Leaf::Percent,
    ),
    ("objectives.*.credits.per_unit.payout.amount", Leaf::Amount),
    (
        "objectives.*.credits.per_unit.payout.currency",
        Leaf::Currency,
    ),
    ("objectives.*.bonus.per_unit.payout.percent", Leaf::Percent),
    ("objectives.*.bonus.per_unit.payout.amount", Leaf::Amount),
    (
        "objectives.*.bonus.per_unit.payout.currency",
        Leaf::Currency,
    ),
    ("objectives.*.bonus.claim.unit", Leaf::Unit),
    ("termination.suspend.after.unit", Leaf::Unit),
];

impl Leaf {
    /// Reads `text` as this kind of value; on refusal, a value that reads.
    fn read(self, text: &str) -> Result<(), (ValueError, &'static str)> {
        let result = match self {
            Leaf::Zone => value::parse_zone(text).map(|_| ()),
            Leaf::Date => value::parse_date(text).map(|_| ()),
            Leaf::Currency => value::parse_currency(text).map(|_| ()),
            Leaf::Amount => value::Amount::parse(text).map(|_| ()),
            Leaf::Percent => value::Percent::parse(text).map(|_| ()),
            Leaf::Start => value::check_time(text, false),
            Leaf::End => value::check_time(text, true),
            Leaf::Unit => value::TermUnit::parse(text).map(|_| ()),
            Leaf::MonthDay => value::MonthDay::parse(text).map(|_| ()),
            Leaf::Decimal => rust_decimal::Decimal::from_str_exact(text)
                .map(|_| ())
                .map_err(|_| {
                    ValueError::NotAnExactDecimal(crate::clip(text, crate::MAX_QUOTED).into_owned())
                }),
        };
        result.map_err(|e| {
            let stand_in = match self {
                Leaf::Zone => "UTC",
                Leaf::Date => "1970-01-01",
                Leaf::Currency => "EUR",
                Leaf::Amount | Leaf::Percent | Leaf::Decimal => "0",
                Leaf::Start | Leaf::End => "00:00",
                Leaf::Unit => "days",
                Leaf::MonthDay => "01-01",
            };
            (e, stand_in)
        })
    }
}

/// The values that did not read, by place, with what they were.
#[derive(Default)]
pub(crate) struct Unread(pub(super) BTreeMap<String, (String, ValueError)>);

/// Reads every typed value of `value` through its constructor; each one
/// refused is kept, with its place, and replaced by one that reads.
pub(crate) fn read_leaves(value: &mut Value) -> Unread {
    let mut unread = Unread::default();
    let bases: Vec<(String, Leaf)> = crate::basis::leaves()
        .map(|(at, amount)| (at, if amount { Leaf::Amount } else { Leaf::Currency }))
        .collect();
    let all = LEAVES
        .iter()
        .map(|(p, l)| (*p, *l))
        .chain(bases.iter().map(|(p, l)| (p.as_str(), *l)));
    for (pattern, leaf) in all {
        let steps: Vec<&str> = pattern.split('.').collect();
        visit(value, &steps, String::new(), &mut |at, v| {
            if let Value::String(text) = v
                && let Err((error, stand_in)) = leaf.read(text)
            {
                unread.0.insert(at, (std::mem::take(text), error));
                *v = Value::String(stand_in.to_owned());
            }
        });
    }
    unread
}

fn visit(value: &mut Value, steps: &[&str], at: String, f: &mut dyn FnMut(String, &mut Value)) {
    let Some((step, rest)) = steps.split_first() else {
        f(at, value);
        return;
    };
    if *step == "*" {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                visit(item, rest, format!("{at}[{i}]"), f);
            }
        }
    } else if let Some(next) = value.get_mut(*step) {
        let at = if at.is_empty() {
            (*step).to_owned()
        } else {
            format!("{at}.{step}")
        };
        visit(next, rest, at, f);
    }
}
