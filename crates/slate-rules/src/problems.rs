//! What a rule set states that no agreement can, each problem with the JSON
//! path of the value at fault.
//!
//! Reading finds them in two steps. First every typed value of the JSON
//! ([`LEAVES`]: percentages, amounts, currencies, dates, zones, times and
//! units) is read through its constructor in [`crate::value`]; one that
//! does not read is kept with its place and replaced by a value that does,
//! so that the rule set can still be read as a whole. Then [`check`] walks
//! the typed rule set, in the order of the rule set, and says each problem
//! once: a value that did not read where it stands, the rest (a target of
//! 0, a budget of 0, a claim on a bonus, a cap that cannot be computed, …)
//! from the typed values.

use chrono::Datelike as _;

use crate::value::ValueError;
use crate::{Budget, Measure, RuleSet, Schedule};

mod amounts;
mod billing;
mod claim_windows;
mod lateness;
mod leaves;
mod objective;
use amounts::{cap_payout, money, payout, usable_fee};
pub(crate) use leaves::{Unread, read_leaves};
use objective::objective;

/// One thing a rule set states that no agreement can, with where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A value that does not read as its kind.
    #[error("`{at}`: {error}")]
    Value {
        /// The value's place, such as `agreement.timezone`.
        at: String,
        /// Why it does not read.
        error: ValueError,
    },
    /// A currency whose minor unit is not the one stated.
    #[error("`{at}`: `{currency}` has {digits} digits after the point")]
    MinorUnit {
        /// The place of `minor_unit`.
        at: String,
        /// The agreement's currency.
        currency: String,
        /// The digits of its minor unit.
        digits: u32,
    },
    /// Not a terms fingerprint.
    #[error(
        "`{at}`: not a terms fingerprint: `slate-terms-v2:sha256:` (or, from Slate 0.1, `sha256:`) and 64 lowercase hex digits"
    )]
    Fingerprint {
        /// The place of the fingerprint.
        at: String,
    },
    /// A last day before the first.
    #[error("`{at}`: `{to}` is before the first day, `{from}`")]
    EndsBeforeStart {
        /// The place of the last day.
        at: String,
        /// The first day.
        from: String,
        /// The last day.
        to: String,
    },
    /// An effective date outside the years an agreement may be in force
    /// ([`slate_time::YEARS`]; the checker's E0410).
    #[error(
        "`{at}`: `{date}` is outside the years {} to {} in which an agreement may be in force",
        slate_time::YEARS.start(),
        slate_time::YEARS.end()
    )]
    OutsideYears {
        /// The date's place.
        at: String,
        /// The date.
        date: String,
    },
    /// An amount of money below zero.
    #[error("`{at}`: `{currency} {amount}` is negative")]
    NegativeMoney {
        /// The amount's place.
        at: String,
        /// The currency, as written.
        currency: String,
        /// The amount, as written.
        amount: String,
    },
    /// An amount in a currency other than the agreement's.
    #[error("`{at}`: `{currency}` is not the agreement's currency, `{agreement}`")]
    OtherCurrency {
        /// The amount's place.
        at: String,
        /// Its currency.
        currency: String,
        /// The agreement's.
        agreement: String,
    },
    /// Money (a fee, a cap, credits or a bonus) without the agreement's
    /// currency, which an agreement with money always states.
    #[error(
        "`{at}`: absent, but the rule set has money (a fee, a cap, credits or a bonus), and every amount is in the agreement's currency"
    )]
    NoCurrency {
        /// The place of the currency.
        at: String,
    },
    /// A target that is not above 0% and at most 100%.
    #[error("`{at}`: `{target}%` is not above 0% and at most 100%")]
    Target {
        /// The target's place.
        at: String,
        /// The target, as written.
        target: String,
    },
    /// `components_down` outside 1 to the number of listed items, without
    /// listed items, or with `per_component`.
    #[error(
        "`{at}`: `components_down` counts the listed `items` ids together: it is between 1 and their number, and not per component"
    )]
    ComponentsDown {
        /// The value's place.
        at: String,
    },
    /// `downtime_unit_seconds` that is not a positive multiple of 60.
    #[error("`{at}`: a downtime unit is a positive whole number of minutes, in seconds")]
    DowntimeUnit {
        /// The value's place.
        at: String,
    },
    /// An error-rate rule of downtime units that does not fit its objective.
    #[error("`{at}`: {why}")]
    UnitDown {
        /// The value's place.
        at: String,
        /// Why it does not fit.
        why: &'static str,
    },
    /// A probe source that does not fit its objective.
    #[error("`{at}`: {why}")]
    Probe {
        /// The value's place.
        at: String,
        /// Why it does not fit.
        why: String,
    },
    /// A metric source's selector that Prometheus refuses.
    #[error("`{at}`: `{selector}` is not a Prometheus selector: expected {expected}")]
    Selector {
        /// The value's place.
        at: String,
        /// The selector as written.
        selector: String,
        /// What was expected where it goes wrong.
        expected: String,
    },
    /// A budget of 0.
    #[error("`{at}`: a budget of 0 allows no time; a budget is above 0")]
    ZeroBudget {
        /// The budget's place.
        at: String,
    },
    /// A percentile that is not above 0 and below 100.
    #[error("`{at}`: percentile `{p}` is not above 0 and below 100")]
    Percentile {
        /// The percentile's place.
        at: String,
        /// The percentile as written.
        p: String,
    },
    /// A duration bound of 0 on an aggregate that no value can fall below.
    #[error("`{at}`: a bound of 0 seconds; a bound is above 0")]
    ZeroBound {
        /// The bound's place.
        at: String,
    },
    /// Credits or a bonus on a duration aggregate, whose value is not a percentage.
    #[error("`{at}`: credits and bonuses compare a percentage, and a duration aggregate has none")]
    AggregateSchedule {
        /// The schedule's place.
        at: String,
    },
    /// Credits or a bonus on a bound on samples.
    #[error("`{at}`: credits and bonuses compare a percentage, and a bound on samples has none")]
    SampleSchedule {
        /// The schedule's place.
        at: String,
    },
    /// Samples of a record's id, time or event, or of no attribute.
    #[error(
        "`{at}`: `{attribute}` is not an attribute that carries a number; name one such as `latency_ms`"
    )]
    SampleField {
        /// The attribute's place.
        at: String,
        /// The attribute as written.
        attribute: String,
    },
    /// Credits or a bonus on a rate of counts.
    #[error("`{at}`: credits and bonuses on a rate of counts are not yet expressible")]
    RateSchedule {
        /// The schedule's place.
        at: String,
    },
    /// A rate bound that every rate meets, or none can.
    #[error("`{at}`: a rate bound of `{percent}` is always or never met")]
    RateBound {
        /// The bound's place.
        at: String,
        /// The bound and its comparison.
        percent: String,
    },
    /// A due attribute that is empty or a field of every record.
    #[error(
        "`{at}`: `{attribute}` cannot hold a due date: name the attribute whose value is each item's due date"
    )]
    DueAttribute {
        /// The attribute's place.
        at: String,
        /// The attribute as written.
        attribute: String,
    },
    /// A measure's event named empty, which no record has.
    #[error("`{at}`: an empty event, which no record has; name the event")]
    EmptyEvent {
        /// The event's place.
        at: String,
    },
    /// An attribute that is not a name as the language writes one.
    #[error(
        "`{at}`: `{name}` is not a name: a letter or `_`, then letters, digits, `_` or `-`, such as `latency_ms`"
    )]
    NotAName {
        /// The attribute's place.
        at: String,
        /// The attribute as written (cut to [`crate::MAX_QUOTED`] bytes).
        name: String,
    },
    /// Two events of a measure that must differ and are the same.
    #[error("`{at}`: `{event}` is also the {other}; {why}")]
    SameEvent {
        /// The place of the second event.
        at: String,
        /// The event (cut to [`crate::MAX_QUOTED`] bytes).
        event: String,
        /// Which other field names it.
        other: &'static str,
        /// Why they differ.
        why: &'static str,
    },
    /// A percentile with more decimals than an agreement can write.
    #[error(
        "`{at}`: percentile `{p}` has more than 12 digits after the decimal point, which no agreement can write"
    )]
    PercentileDecimals {
        /// The percentile's place.
        at: String,
        /// The percentile.
        p: String,
    },
    /// Due dates counted per clock hour.
    #[error("`{at}`: items due by a date are counted per day or longer, not per hour")]
    DueHourly {
        /// The period's place.
        at: String,
    },
    /// Credits applied automatically with a claim.
    #[error(
        "`{at}`: credits applied automatically are never claimed, yet a claim window, method or lapse is stated"
    )]
    AutomaticClaimed {
        /// The place of `applied`.
        at: String,
    },
    /// A lapse or writing without a claim window.
    #[error("`{at}`: `unclaimed_lapse` and `claim_in_writing` need a claim window")]
    NoClaimWindow {
        /// The place of `claim`.
        at: String,
    },
    /// A claim window of 0.
    #[error("`{at}`: a claim window of 0 leaves no time to claim; a window is above 0")]
    ZeroClaimWindow {
        /// The window's place.
        at: String,
    },
    /// A fraction of the fee above the whole fee.
    #[error("`{at}`: `{numerator}/{denominator}` of the fee is more than the whole fee")]
    FractionOverOne {
        /// The payout's place.
        at: String,
        /// The numerator.
        numerator: u32,
        /// The denominator.
        denominator: u32,
    },
    /// `per_breach` on a bonus, or on a measure that has no items to breach.
    #[error(
        "`{at}`: a credit per breach is paid only in credits, on a time-to-event or due-date measure"
    )]
    PerBreach {
        /// Its place.
        at: String,
    },
    /// `per_downtime` on a bonus, or on a measure without allowed downtime
    /// (not availability, or availability counted in units).
    #[error(
        "`{at}`: a credit per unit of downtime is paid only in credits, on an availability measure counted to the second"
    )]
    PerDowntime {
        /// Its place.
        at: String,
    },
    /// A unit or rounding of downtime of 0 seconds.
    #[error("`{at}`: a length of downtime is at least 1 second")]
    DowntimeLength {
        /// Its place.
        at: String,
    },
    /// `lateness` on a bonus, or on a measure whose items carry no due dates.
    #[error("`{at}`: delay damages are paid only in credits, on a due-date measure")]
    Lateness {
        /// Its place.
        at: String,
    },
    /// A remedy per unit of the value that cannot be paid.
    #[error("`{at}`: a remedy per unit of the value is wrong: {why}")]
    PerUnitValue {
        /// Its place.
        at: String,
        /// Why.
        why: &'static str,
    },
    /// A value rounded to a unit other than a second, a minute or an hour.
    #[error("`{at}`: a value is rounded to whole seconds (1), minutes (60) or hours (3600)")]
    Rounding {
        /// Its place.
        at: String,
    },
    /// `component_cap` on a bonus, or on a measure not taken per component.
    #[error(
        "`{at}`: a cap per component is written only in credits, on an availability measure taken per component"
    )]
    ComponentCap {
        /// Its place.
        at: String,
    },
    /// A cap written as a fraction or a day's share of the fee.
    #[error("`{at}`: a cap is a percentage of the fee or a fixed amount")]
    CapShare {
        /// The cap's place.
        at: String,
    },
    /// Two claim windows, or a window from each breach with none.
    #[error(
        "`{at}`: state one claim window: `claim`, `claim_business` or `claim_by_end_of_month`; `claim_from_breach` needs `claim` or `claim_business`"
    )]
    ClaimWindows {
        /// The schedule's place.
        at: String,
    },
    /// A claim window from each breach on a measure without items.
    #[error(
        "`{at}`: a claim window runs from each breach only on a time-to-event or due-date measure"
    )]
    ClaimFromBreach {
        /// Its place.
        at: String,
    },
    /// A claim window on a calendar the rule set does not define.
    #[error("`{at}`: calendar `{calendar}` is not defined")]
    ClaimCalendar {
        /// Its place.
        at: String,
        /// The calendar.
        calendar: String,
    },
    /// A claim method of white space.
    #[error("`{at}`: an empty claim method says nothing")]
    EmptyClaimMethod {
        /// The method's place.
        at: String,
    },
    /// Claims stated on a bonus.
    #[error(
        "`{at}`: a bonus states no claims: `claim`, `claim_in_writing`, `claim_by`, `unclaimed_lapse` and `applied` are for credits"
    )]
    BonusClaims {
        /// The bonus's place.
        at: String,
    },
    /// A percentage of a fee that the service does not have in a form that
    /// gives the period's fee.
    #[error("`{at}`: a percentage of the fee of service `{service}` cannot be computed: {why}")]
    NoUsableFee {
        /// The payout's place.
        at: String,
        /// The service.
        service: String,
        /// Why not.
        why: String,
    },
    /// A service with both a fixed fee and a billed fee.
    #[error("`{at}`: service `{service}` has both a fixed `fee` and a `billed` fee")]
    FixedAndBilled {
        /// The service's place.
        at: String,
        /// The service.
        service: String,
    },
    /// A fee billed per hour, day or week.
    #[error("`{at}`: a fee is billed per month, quarter or year, not per {period}")]
    BilledPeriod {
        /// The place of `billed`.
        at: String,
        /// The period written.
        period: String,
    },
    /// A rolling cap that is a share of a billed fee: refused, as the
    /// checker refuses it (E0544).
    #[error(
        "`{at}`: a rolling cap as a share of the billed fee of service `{service}`; a cap on a billed fee is a share of one period's bill"
    )]
    RollingCapOnBill {
        /// The cap's place.
        at: String,
        /// The service.
        service: String,
    },
    /// A fee per component on a service with no objective measured per
    /// component: no component earns anything on it.
    #[error(
        "`{at}`: a fee per component, but no objective of the service is measured per component"
    )]
    ComponentFeeWithoutComponents {
        /// The fee's place.
        at: String,
    },
    /// A closure whose last date is before its first.
    #[error("`{at}`: the closure ends on `{to}`, before it starts on `{from}`")]
    ClosureBackwards {
        /// The closure's place.
        at: String,
        /// Its first date.
        from: String,
        /// Its last date.
        to: String,
    },
    /// Items left implicit beside another availability objective.
    #[error(
        "`{at}`: absent, but the rule set has {several} availability objectives: each says which items it reads (`{{\"kind\": \"ids\", \"ids\": […]}}` or `{{\"kind\": \"of_service\"}}`), or every outage counts against all of them"
    )]
    ItemsImplicit {
        /// The place of `items`.
        at: String,
        /// How many availability objectives there are.
        several: usize,
    },
    /// An empty list of ids.
    #[error("`{at}`: names no item; an `ids` list names at least one")]
    NoItems {
        /// The place of `items`.
        at: String,
    },
    /// An empty id.
    #[error("`{at}`: names an empty id, which no record has")]
    EmptyId {
        /// The place of `items`.
        at: String,
    },
    /// A run of 0 periods, after which termination for cause would always be open.
    #[error(
        "`{at}`: a run of 0 periods; termination for cause follows 1 or more periods in breach"
    )]
    ZeroRun {
        /// The count's place.
        at: String,
    },
    /// A suspension delay of 0.
    #[error("`{at}`: 0; a suspension delay is above 0")]
    ZeroSuspension {
        /// The value's place.
        at: String,
    },
    /// A suspension's waiting state that no value matches.
    #[error("`{at}`: no value; the waiting state names at least one value")]
    NoWaitingValue {
        /// The place of `values`.
        at: String,
    },
    /// A rolling window or downtime limit of 0 seconds.
    #[error("`{at}`: 0 seconds; a rolling window and its downtime limit are above 0")]
    ZeroWindow {
        /// The value's place.
        at: String,
    },
    /// A rolling-window right on an objective that is not an availability
    /// objective counted to the second on the always-open clock.
    #[error(
        "`{at}`: `{objective}` is not an availability objective whose downtime is counted in real time"
    )]
    WindowObjective {
        /// The place of `objective`.
        at: String,
        /// The name.
        objective: String,
    },
    /// An id given twice.
    #[error("`{at}`: `{id}` is named twice")]
    IdTwice {
        /// The place of `items`.
        at: String,
        /// The id (cut to [`crate::MAX_QUOTED`] bytes).
        id: String,
    },
}

/// The problems of a rule set built in code, where every value read.
pub fn problems(r: &RuleSet) -> Vec<Problem> {
    check(r, &Unread::default())
}

/// Says what goes wrong, in the order of the rule set.
struct Problems<'a> {
    out: Vec<Problem>,
    unread: &'a Unread,
    /// The places whose value did not read and has been said.
    said: std::collections::BTreeSet<String>,
}

impl Problems<'_> {
    /// Says, once, why the value at `at` did not read, if it did not;
    /// whether it read.
    fn read(&mut self, at: &str) -> bool {
        match self.take(at) {
            Some((_, error)) => {
                self.out.push(Problem::Value {
                    at: at.to_owned(),
                    error,
                });
                false
            }
            None => self.written(at).is_none(),
        }
    }

    /// The value at `at` as written and why it did not read, if it did not
    /// and has not been said yet; it is then taken as said.
    fn take(&mut self, at: &str) -> Option<(String, ValueError)> {
        let found = self.unread.0.get(at).cloned()?;
        self.said.insert(at.to_owned()).then_some(found)
    }

    /// The value at `at` as written, if it did not read.
    fn written(&self, at: &str) -> Option<&str> {
        self.unread.0.get(at).map(|(text, _)| text.as_str())
    }

    /// The error of the value at `at`, if it did not read.
    fn error(&self, at: &str) -> Option<&ValueError> {
        self.unread.0.get(at).map(|(_, e)| e)
    }
}

pub(crate) fn check(r: &RuleSet, unread: &Unread) -> Vec<Problem> {
    let mut p = Problems {
        out: Vec::new(),
        unread,
        said: std::collections::BTreeSet::new(),
    };
    agreement(&mut p, r);
    currency_stated(&mut p, r);
    for (i, c) in r.calendars.iter().enumerate() {
        let at = format!("calendars[{i}]");
        p.read(&format!("{at}.timezone"));
        times(&mut p, &format!("{at}.weekly"), c.weekly.len());
        for (j, closure) in c.closures.iter().enumerate() {
            let at = format!("{at}.closures[{j}]");
            let read = p.read(&format!("{at}.from")) & p.read(&format!("{at}.to"));
            if read && closure.to < closure.from {
                p.out.push(Problem::ClosureBackwards {
                    at,
                    from: closure.from.to_string(),
                    to: closure.to.to_string(),
                });
            }
        }
    }
    for (i, s) in r.services.iter().enumerate() {
        let at = format!("services[{i}]");
        if let Some(fee) = &s.fee {
            money(&mut p, &format!("{at}.fee"), &fee.currency, r);
        }
        billing::billed(&mut p, &at, s);
        if let Some(m) = &s.credit_minimum {
            money(&mut p, &format!("{at}.credit_minimum"), &m.currency, r);
        }
        if let Some(fee) = &s.component_fee {
            money(&mut p, &format!("{at}.component_fee"), &fee.currency, r);
            if !r
                .objectives
                .iter()
                .any(|o| o.service == s.name && crate::per_component(o))
            {
                p.out.push(Problem::ComponentFeeWithoutComponents {
                    at: format!("{at}.component_fee"),
                });
            }
        }
        for kind in ["credit_caps", "bonus_caps"] {
            let caps = if kind == "credit_caps" {
                &s.credit_caps
            } else {
                &s.bonus_caps
            };
            for (j, cap) in caps.iter().enumerate() {
                let at = format!("{at}.{kind}[{j}].amount");
                payout(&mut p, &at, &cap.amount, r);
                cap_payout(&mut p, &at, &cap.amount);
                usable_fee(&mut p, &at, &cap.amount, s, cap.period);
                billing::rolling_cap(&mut p, &at, cap, s);
            }
        }
    }
    p.out.extend(crate::item_problems(r));
    p.out
        .extend(crate::termination::problems(r.termination.as_ref()));
    p.out.extend(crate::termination::window_problems(r));
    for (i, o) in r.objectives.iter().enumerate() {
        objective(&mut p, &format!("objectives[{i}]"), o, r);
    }
    // Every value that did not read has been said where it stands; any
    // other is said here, so that none is lost.
    for (at, (_, error)) in &unread.0 {
        if !p.said.contains(at) {
            p.out.push(Problem::Value {
                at: at.clone(),
                error: error.clone(),
            });
        }
    }
    p.out
}

fn agreement(p: &mut Problems<'_>, r: &RuleSet) {
    let a = &r.agreement;
    p.read("agreement.timezone");
    if p.read("agreement.currency")
        && let Some(c) = &a.currency
        && a.minor_unit != Some(c.minor_unit())
    {
        p.out.push(Problem::MinorUnit {
            at: "agreement.minor_unit".to_owned(),
            currency: c.to_string(),
            digits: c.minor_unit(),
        });
    }
    if !super::read::is_fingerprint(&a.fingerprint) {
        p.out.push(Problem::Fingerprint {
            at: "agreement.fingerprint".to_owned(),
        });
    }
    let from = p.read("agreement.effective_from");
    let to = p.read("agreement.effective_to");
    let dates = [
        ("effective_from", from.then_some(a.effective_from)),
        ("effective_to", a.effective_to.filter(|_| to)),
    ];
    for (name, date) in dates {
        if let Some(date) = date
            && !slate_time::YEARS.contains(&date.year())
        {
            p.out.push(Problem::OutsideYears {
                at: format!("agreement.{name}"),
                date: date.to_string(),
            });
        }
    }
    if let (true, true, Some(end)) = (from, to, a.effective_to)
        && end < a.effective_from
    {
        p.out.push(Problem::EndsBeforeStart {
            at: "agreement.effective_to".to_owned(),
            from: a.effective_from.to_string(),
            to: end.to_string(),
        });
    }
}

/// The agreement's currency, stated whenever there is money: the checker
/// refuses an amount in an agreement without `currency`, so an engine
/// never settles in a currency it would have to guess.
fn currency_stated(p: &mut Problems<'_>, r: &RuleSet) {
    let money = r.services.iter().any(|s| {
        s.fee.is_some()
            || s.billed.is_some()
            || !s.credit_caps.is_empty()
            || !s.bonus_caps.is_empty()
    }) || r
        .objectives
        .iter()
        .any(|o| o.credits.is_some() || o.bonus.is_some());
    if money && r.agreement.currency.is_none() {
        p.out.push(Problem::NoCurrency {
            at: "agreement.currency".to_owned(),
        });
    }
}

/// The start and end of each of `count` intervals at `at`.
fn times(p: &mut Problems<'_>, at: &str, count: usize) {
    for j in 0..count {
        p.read(&format!("{at}[{j}].start"));
        p.read(&format!("{at}[{j}].end"));
    }
}
