//! The problems of one objective: its measure, target, rate and claims.

use super::*;

pub(super) fn objective(p: &mut Problems<'_>, at: &str, o: &crate::Objective, r: &RuleSet) {
    p.read(&format!("{at}.timezone"));
    if let Some(why) = crate::probe::misfit(o) {
        p.out.push(Problem::Probe {
            at: format!("{at}.source.probe"),
            why,
        });
    }
    selectors(p, at, o.source.as_ref());
    match &o.measure {
        Measure::TimeToEvent { target, goals, .. } => {
            self::target(p, &format!("{at}.measure.target"), *target);
            for (j, goal) in goals.iter().enumerate() {
                if let Budget::Seconds(0) | Budget::BusinessDays(0) = goal.budget {
                    p.out.push(Problem::ZeroBudget {
                        at: format!("{at}.measure.goals[{j}].budget.value"),
                    });
                }
                if let Some(crate::Arrival::Season { .. }) = goal.arrival {
                    for end in ["from", "to"] {
                        p.read(&format!("{at}.measure.goals[{j}].arrival.{end}"));
                    }
                }
            }
        }
        Measure::Availability { .. } => availability(p, at, o),
        Measure::Volume { .. } => {}
        Measure::DueDate {
            target,
            due_attribute,
            start_event,
            stop_event,
            ..
        } => {
            self::target(p, &format!("{at}.measure.target"), *target);
            clock_events(p, at, start_event, stop_event, None);
            due(p, at, o, due_attribute);
        }
        Measure::Rate { .. } => rate_events(p, at, o),
        Measure::DurationAggregate {
            statistic,
            bound_seconds,
            start_event,
            stop_event,
            reopen_event,
            ..
        } => {
            clock_events(p, at, start_event, stop_event, reopen_event.as_deref());
            aggregate(p, at, o, statistic, *bound_seconds);
        }
        Measure::SampleAggregate {
            attribute,
            statistic,
            event,
            unit,
            ..
        } => {
            events(p, at, &[("event", event)]);
            if let Some(unit) = unit {
                name(p, &format!("{at}.measure.unit"), unit);
            }
            sample(p, at, o, attribute, statistic);
        }
    }
    if let Some(c) = &o.credits {
        claims(p, &format!("{at}.credits"), c);
        super::claim_windows::windows(p, &format!("{at}.credits"), o, c, r);
    }
    if let Some(b) = &o.bonus
        && (b.claim.is_some()
            || b.claim_in_writing
            || b.claim_by.is_some()
            || b.unclaimed_lapse
            || b.applied.is_some()
            || b.claim_business.is_some()
            || b.claim_from_breach
            || b.claim_by_end_of_month.is_some())
    {
        p.said.insert(format!("{at}.bonus.claim.unit"));
        p.out.push(Problem::BonusClaims {
            at: format!("{at}.bonus"),
        });
    }
    let service = r.services.iter().find(|s| s.name == o.service);
    // Per component, a share of the fee is of each component's own fee
    // when the service states one.
    let own = service.and_then(|s| crate::component_service(s, o));
    let service = own.as_ref().or(service);
    for (kind, schedule) in [("credits", &o.credits), ("bonus", &o.bonus)] {
        let Some(schedule) = schedule else { continue };
        remedies(p, (at, kind), o, schedule, service, r);
    }
    if let Measure::DurationAggregate { round: Some(r), .. } = &o.measure
        && !matches!(r.unit_seconds, 1 | 60 | 3_600)
    {
        p.out.push(Problem::Rounding {
            at: format!("{at}.measure.round.unit_seconds"),
        });
    }
}

/// The remedies of one schedule (`kind` is `credits` or `bonus`): each
/// payout typed and payable from the service's fee, and each remedy on a
/// measure it fits.
fn remedies(
    p: &mut Problems<'_>,
    (at, kind): (&str, &str),
    o: &crate::Objective,
    schedule: &crate::Schedule,
    service: Option<&crate::Service>,
    r: &RuleSet,
) {
    for (j, tier) in schedule.tiers.iter().enumerate() {
        let at = format!("{at}.{kind}.tiers[{j}]");
        p.read(&format!("{at}.threshold"));
        payout(p, &format!("{at}.payout"), &tier.payout, r);
        if let Some(service) = service {
            usable_fee(
                p,
                &format!("{at}.payout"),
                &tier.payout,
                service,
                schedule.period,
            );
        }
    }
    if let Some(pb) = &schedule.per_breach {
        let at = format!("{at}.{kind}.per_breach");
        payout(p, &at, pb, r);
        if let Some(service) = service {
            usable_fee(p, &at, pb, service, schedule.period);
        }
        let items = matches!(
            o.measure,
            Measure::TimeToEvent { .. } | Measure::DueDate { .. }
        );
        if kind == "bonus" || !items {
            p.out.push(Problem::PerBreach { at });
        }
    }
    if let Some(cap) = &schedule.component_cap {
        let at = format!("{at}.{kind}.component_cap");
        payout(p, &at, cap, r);
        if let Some(service) = service {
            usable_fee(p, &at, cap, service, schedule.period);
        }
        let per_component = matches!(
            o.measure,
            Measure::Availability {
                per_component: true,
                ..
            }
        );
        if kind == "bonus" || !per_component {
            p.out.push(Problem::ComponentCap { at });
        }
    }
    super::lateness::lateness(p, at, kind, o, schedule, r);
    if let Some(pd) = &schedule.per_downtime {
        per_downtime(p, (&format!("{at}.{kind}"), kind), pd, o, service, r);
    }
    if let Some(pu) = &schedule.per_unit {
        per_unit(p, &format!("{at}.{kind}.per_unit"), o, kind, pu, r);
        if let Some(service) = service {
            usable_fee(
                p,
                &format!("{at}.{kind}.per_unit.payout"),
                &pu.payout,
                service,
                schedule.period,
            );
        }
    }
}

/// A remedy per unit of the value: on a duration aggregate, a unit above
/// zero, `over` in credits and `under` in a bonus.
fn per_unit(
    p: &mut Problems<'_>,
    at: &str,
    o: &crate::Objective,
    kind: &str,
    pu: &crate::PerUnitValue,
    r: &RuleSet,
) {
    payout(p, &format!("{at}.payout"), &pu.payout, r);
    let why = if !matches!(o.measure, Measure::DurationAggregate { .. }) {
        Some("it is paid only on an average or percentile of durations")
    } else if pu.unit_seconds == 0 {
        Some("its unit is zero seconds")
    } else if (kind == "credits") != (pu.direction == crate::Direction::Over) {
        Some("credits count units `over` the threshold and a bonus units `under` it")
    } else {
        None
    };
    if let Some(why) = why {
        p.out.push(Problem::PerUnitValue {
            at: at.to_owned(),
            why,
        });
    }
}

/// A credit per unit of downtime: in credits, on availability counted to
/// the second (per component too: each component counts its own), with
/// positive lengths and a payout `service` can pay (per component, with
/// each component's own fee when the service states one).
fn per_downtime(
    p: &mut Problems<'_>,
    (at, kind): (&str, &str),
    pd: &crate::PerDowntime,
    o: &crate::Objective,
    service: Option<&crate::Service>,
    r: &crate::RuleSet,
) {
    let at = format!("{at}.per_downtime");
    payout(p, &format!("{at}.payout"), &pd.payout, r);
    if let (Some(service), Some(schedule)) = (service, o.credits.as_ref()) {
        usable_fee(
            p,
            &format!("{at}.payout"),
            &pd.payout,
            service,
            schedule.period,
        );
    }
    let seconds = matches!(
        o.measure,
        Measure::Availability {
            downtime_unit_seconds: None,
            unit_down: None,
            ..
        }
    );
    if kind == "bonus" || !seconds {
        p.out.push(Problem::PerDowntime { at: at.clone() });
    }
    if pd.unit_seconds == 0 || pd.round_seconds == Some(0) {
        p.out.push(Problem::DowntimeLength { at });
    }
}

/// An availability objective: a downtime unit of whole minutes, an
/// error-rate rule that fits, and k of n within the listed components.
fn availability(p: &mut Problems<'_>, at: &str, o: &crate::Objective) {
    let Measure::Availability {
        target,
        maintenance,
        per_component,
        items,
        components_down,
        downtime_unit_seconds,
        ..
    } = &o.measure
    else {
        return;
    };
    if let Some(u) = downtime_unit_seconds
        && (*u == 0 || u % 60 != 0)
    {
        p.out.push(Problem::DowntimeUnit {
            at: format!("{at}.measure.downtime_unit_seconds"),
        });
    }
    for (place, why) in crate::unit_down::misfits(&o.measure) {
        p.out.push(Problem::UnitDown {
            at: format!("{at}.measure.{place}"),
            why,
        });
    }
    self::target(p, &format!("{at}.measure.target"), *target);
    times(p, &format!("{at}.measure.maintenance"), maintenance.len());
    if let Some(k) = components_down {
        let n = match items {
            Some(crate::Items::Ids { ids }) => ids.len() as u64,
            _ => 0,
        };
        if *k == 0 || *k > n || *per_component {
            p.out.push(Problem::ComponentsDown {
                at: format!("{at}.measure.components_down"),
            });
        }
    }
}

/// A rate of counts: two events, not empty and not the same, and a bound
/// that can be both met and breached.
fn rate_events(p: &mut Problems<'_>, at: &str, o: &crate::Objective) {
    let Measure::Rate {
        comparison,
        percent,
        numerator_event,
        denominator_event,
        ..
    } = &o.measure
    else {
        return;
    };
    events(
        p,
        at,
        &[
            ("numerator_event", numerator_event),
            ("denominator_event", denominator_event),
        ],
    );
    if !numerator_event.is_empty() && numerator_event == denominator_event {
        p.out.push(Problem::SameEvent {
            at: format!("{at}.measure.denominator_event"),
            event: crate::clip(numerator_event, crate::MAX_QUOTED).into_owned(),
            other: "numerator event",
            why: "a rate counts the items with one event among the items with another",
        });
    }
    rate(p, at, o, *comparison, percent.get());
}

/// An average or percentile bound: a percentile strictly between 0 and
/// 100, a bound above 0, and no credits or bonus.
fn aggregate(
    p: &mut Problems<'_>,
    at: &str,
    o: &crate::Objective,
    statistic: &crate::Statistic,
    bound_seconds: u64,
) {
    percentile(p, at, statistic);
    if bound_seconds == 0 {
        p.out.push(Problem::ZeroBound {
            at: format!("{at}.measure.bound_seconds"),
        });
    }
    for (kind, s) in [("credits", &o.credits), ("bonus", &o.bonus)] {
        // Only a remedy per unit of the value pays on it, alone; over the
        // objective's own periods.
        let per_unit_only = s.as_ref().is_some_and(|s| {
            s.per_unit.is_some()
                && s.tiers.is_empty()
                && s.per_breach.is_none()
                && s.period == o.period
        });
        if s.is_some() && !per_unit_only {
            p.out.push(Problem::AggregateSchedule {
                at: format!("{at}.{kind}"),
            });
        }
    }
}

/// A bound on samples: a number on the records (not `id`, `at` or
/// `event`), a percentile strictly between 0 and 100, and no credits or bonus.
fn sample(
    p: &mut Problems<'_>,
    at: &str,
    o: &crate::Objective,
    attribute: &str,
    statistic: &crate::Statistic,
) {
    percentile(p, at, statistic);
    if name(p, &format!("{at}.measure.attribute"), attribute)
        && matches!(attribute, "id" | "at" | "event")
    {
        p.out.push(Problem::SampleField {
            at: format!("{at}.measure.attribute"),
            attribute: crate::clip(attribute, crate::MAX_QUOTED).into_owned(),
        });
    }
    for (kind, s) in [("credits", &o.credits), ("bonus", &o.bonus)] {
        if s.is_some() {
            p.out.push(Problem::SampleSchedule {
                at: format!("{at}.{kind}"),
            });
        }
    }
}

/// A percentile strictly between 0 and 100.
fn percentile(p: &mut Problems<'_>, at: &str, statistic: &crate::Statistic) {
    if let crate::Statistic::Percentile { p: pc } = statistic {
        let place = format!("{at}.measure.statistic.p");
        match p.take(&place) {
            Some((text, ValueError::PercentOutOfRange(_))) => {
                p.out.push(Problem::Percentile {
                    at: place,
                    p: crate::clip(&text, crate::MAX_QUOTED).into_owned(),
                });
            }
            Some((_, error)) => p.out.push(Problem::Value { at: place, error }),
            None if pc.get().is_zero() || pc.get() == rust_decimal::Decimal::ONE_HUNDRED => {
                p.out.push(Problem::Percentile {
                    at: place,
                    p: pc.to_string(),
                });
            }
            // The language writes at most 12 decimals (E0105).
            None if pc.get().scale() > 12 => p.out.push(Problem::PercentileDecimals {
                at: place,
                p: pc.to_string(),
            }),
            None => {}
        }
    }
}

/// A target above 0% and at most 100%.
pub(super) fn target(p: &mut Problems<'_>, at: &str, target: crate::Percent) {
    match p.take(at) {
        Some((text, ValueError::PercentOutOfRange(_))) => p.out.push(Problem::Target {
            at: at.to_owned(),
            target: crate::clip(&text, crate::MAX_QUOTED).into_owned(),
        }),
        Some((_, error)) => p.out.push(Problem::Value {
            at: at.to_owned(),
            error,
        }),
        None if target.get().is_zero() => p.out.push(Problem::Target {
            at: at.to_owned(),
            target: target.to_string(),
        }),
        None => {}
    }
}

/// What no credits block can say about claims (the checker's E0511–E0513).
pub(super) fn claims(p: &mut Problems<'_>, at: &str, s: &Schedule) {
    let window =
        s.claim.is_some() || s.claim_business.is_some() || s.claim_by_end_of_month.is_some();
    let claimed = window || s.claim_by.is_some() || s.unclaimed_lapse;
    if s.applied == Some(crate::Applied::Automatic) && claimed {
        p.out.push(Problem::AutomaticClaimed {
            at: format!("{at}.applied"),
        });
    }
    if !window && (s.unclaimed_lapse || s.claim_in_writing) {
        p.out.push(Problem::NoClaimWindow {
            at: format!("{at}.claim"),
        });
    }
    // A contract term in calendar time above zero, as the checker's E0307
    // requires of the window in an agreement.
    if let Some(c) = &s.claim {
        if c.count == 0 {
            p.out.push(Problem::ZeroClaimWindow {
                at: format!("{at}.claim.count"),
            });
        }
        p.read(&format!("{at}.claim.unit"));
    }
    if s.claim_by.as_deref().is_some_and(|b| b.trim().is_empty()) {
        p.out.push(Problem::EmptyClaimMethod {
            at: format!("{at}.claim_by"),
        });
    }
}

/// A rate of counts: a bound that some rates meet and some miss, and no
/// credits or bonus.
pub(super) fn rate(
    p: &mut Problems<'_>,
    at: &str,
    o: &crate::Objective,
    comparison: crate::Comparison,
    percent: rust_decimal::Decimal,
) {
    use crate::Comparison as C;
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let trivial = match comparison {
        C::AtMost | C::Above => percent == hundred,
        C::AtLeast | C::Below => percent.is_zero(),
    };
    if trivial {
        p.out.push(Problem::RateBound {
            at: format!("{at}.measure.percent"),
            percent: percent.to_string(),
        });
    }
    for (kind, s) in [("credits", &o.credits), ("bonus", &o.bonus)] {
        if s.is_some() {
            p.out.push(Problem::RateSchedule {
                at: format!("{at}.{kind}"),
            });
        }
    }
}

/// Each event of a measure named, by its field under `measure`.
fn events(p: &mut Problems<'_>, at: &str, fields: &[(&str, &str)]) {
    for (field, event) in fields {
        if event.trim().is_empty() {
            p.out.push(Problem::EmptyEvent {
                at: format!("{at}.measure.{field}"),
            });
        }
    }
}

/// The events of a clock: each named, and the stop not the start (the
/// checker's E0307).
fn clock_events(p: &mut Problems<'_>, at: &str, start: &str, stop: &str, reopen: Option<&str>) {
    events(p, at, &[("start_event", start), ("stop_event", stop)]);
    if let Some(reopen) = reopen {
        events(p, at, &[("reopen_event", reopen)]);
    }
    if !start.trim().is_empty() && start == stop {
        p.out.push(Problem::SameEvent {
            at: format!("{at}.measure.stop_event"),
            event: crate::clip(stop, crate::MAX_QUOTED).into_owned(),
            other: "start event",
            why: "the clock stops on an event other than the one that starts it",
        });
    }
}

/// An attribute that is a name as the language writes one; whether it is.
fn name(p: &mut Problems<'_>, at: &str, name: &str) -> bool {
    let ok = crate::name::is_name(name);
    if !ok {
        p.out.push(Problem::NotAName {
            at: at.to_owned(),
            name: crate::clip(name, crate::MAX_QUOTED).into_owned(),
        });
    }
    ok
}

/// A due attribute that can hold a date, and periods it can belong to.
fn due(p: &mut Problems<'_>, at: &str, o: &crate::Objective, attribute: &str) {
    if attribute.trim().is_empty() || crate::due::RECORD_FIELDS.contains(&attribute) {
        p.out.push(Problem::DueAttribute {
            at: format!("{at}.measure.due_attribute"),
            attribute: attribute.to_owned(),
        });
    } else {
        name(p, &format!("{at}.measure.due_attribute"), attribute);
    }
    if o.period.is_hourly() {
        p.out.push(Problem::DueHourly {
            at: format!("{at}.period"),
        });
    }
}

/// Refuses the selectors of a metric source that `slate check` refuses
/// (a probe's is said by [`crate::probe::misfit`]).
fn selectors(p: &mut Problems<'_>, at: &str, source: Option<&crate::Source>) {
    use crate::Source as S;
    let named: Vec<(&str, &String)> = match source {
        Some(S::PrometheusRatio { good, total }) => vec![("good", good), ("total", total)],
        Some(S::PrometheusLatency { histogram }) => vec![("histogram", histogram)],
        Some(S::PrometheusRate {
            numerator,
            denominator,
        }) => vec![("numerator", numerator), ("denominator", denominator)],
        Some(S::PrometheusProbe { .. }) | None => Vec::new(),
    };
    for (field, selector) in named {
        if let Err((_, expected)) = slate_check::promql::check_selector(selector) {
            p.out.push(Problem::Selector {
                at: format!("{at}.source.{field}"),
                selector: selector.clone(),
                expected,
            });
        }
    }
}
