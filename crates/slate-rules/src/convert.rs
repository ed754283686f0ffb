//! From the checked Model to the rule set.

use crate::value::ValueError;
use crate::*;
use slate_check::model::{self, Model};

/// What the checked Model gives that a rule set cannot hold: the checker
/// refuses every such value, and the contract document has a section for
/// every objective, so this is a bug in Slate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A value the rule set cannot hold.
    #[error(
        "internal error: the checked agreement's {what} cannot be written in a rule set: {error}"
    )]
    Value {
        /// What it is, such as `currency`.
        what: String,
        /// Why the rule set cannot hold it.
        error: ValueError,
    },
    /// An objective whose section of the contract was not given.
    #[error("internal error: no section of the contract states objective `{objective}`")]
    NoSection {
        /// The objective.
        objective: String,
    },
}

/// Where the contract document states each objective, by its name: the
/// section number and its words as plain text. The presentation layer
/// knows; the rules backend only quotes it.
pub type Sections<'a> = &'a dyn Fn(&str) -> Option<ContractText>;

fn typed<T>(what: impl FnOnce() -> String, r: Result<T, ValueError>) -> Result<T, BuildError> {
    r.map_err(|error| BuildError::Value {
        what: what(),
        error,
    })
}

pub(crate) fn amount(d: rust_decimal::Decimal) -> Result<Amount, BuildError> {
    typed(|| "amount".to_owned(), Amount::new(d))
}

pub(crate) fn percent(d: rust_decimal::Decimal) -> Result<Percent, BuildError> {
    typed(|| "percentage".to_owned(), Percent::new(d))
}

/// Builds the rule set of a checked agreement, quoting each objective's
/// section of the contract as `sections` gives it.
pub fn from_model(m: &Model, sections: Sections<'_>) -> Result<RuleSet, BuildError> {
    let index = m.index();
    let mut rules = RuleSet {
        schema: SCHEMA.to_owned(),
        agreement: Agreement {
            title: m.title.clone(),
            id: m.id.clone(),
            version: m.version.clone(),
            fingerprint: m.fingerprint(),
            digest: String::new(),
            timezone: m.timezone,
            currency: m.currency,
            minor_unit: m.currency.map(|c| c.minor_unit()),
            effective_from: m.effective.from,
            effective_to: m.effective.to,
        },
        calendars: m.calendars.iter().map(calendar).collect::<Result<_, _>>()?,
        services: m
            .services
            .iter()
            .map(|s| {
                Ok(Service {
                    name: s.name.clone(),
                    title: s.title.clone(),
                    provider: s.provider.clone(),
                    customer: s.customer.clone(),
                    fee: s.fee.as_ref().map(fee).transpose()?,
                    billed: s.billed,
                    component_fee: s.component_fee.as_ref().map(fee).transpose()?,
                    credit_caps: s.credit_caps.iter().map(cap).collect::<Result<_, _>>()?,
                    bonus_caps: s.bonus_caps.iter().map(cap).collect::<Result<_, _>>()?,
                    credit_minimum: s
                        .credit_minimum
                        .as_ref()
                        .map(|m| -> Result<Minimum, BuildError> {
                            Ok(Minimum {
                                amount: amount(m.amount)?,
                                currency: m.currency,
                                strict: m.strict,
                            })
                        })
                        .transpose()?,
                })
            })
            .collect::<Result<_, BuildError>>()?,
        objectives: m
            .objectives
            .iter()
            .map(|o| objective(&index, sections, o))
            .collect::<Result<_, _>>()?,
        fields: m
            .fields
            .iter()
            .map(|(name, values)| Field {
                name: name.clone(),
                values: values.clone(),
            })
            .collect(),
        termination: crate::termination::from_model(m),
    };
    rules.agreement.digest = crate::digest(&rules);
    Ok(rules)
}

fn calendar(c: &model::Calendar) -> Result<Calendar, BuildError> {
    Ok(Calendar {
        name: c.name.clone(),
        always_open: c.always_open,
        timezone: c.timezone,
        weekly: c.weekly.iter().map(interval).collect::<Result<_, _>>()?,
        closures: c
            .closures
            .iter()
            .map(|cl| Closure {
                from: cl.from,
                to: cl.to,
                reason: cl.reason.clone(),
            })
            .collect(),
    })
}

fn time(m: model::Minute) -> Result<TimeOfDay, BuildError> {
    let text = slate_check::words::time(m);
    typed(
        || "time of day".to_owned(),
        text.parse().map_err(|_| ValueError::NotATime(text)),
    )
}

fn interval(o: &model::Opening) -> Result<Interval, BuildError> {
    Ok(Interval {
        day: o.day,
        start: time(o.start)?,
        end: time(o.end)?,
        overnight: o.overnight(),
    })
}

/// A fixed basis of a share, with the charge's name and label.
fn basis(b: Option<&model::Basis>) -> Result<Option<crate::Basis>, BuildError> {
    b.map(|b| {
        Ok(crate::Basis {
            amount: amount(b.amount)?,
            currency: b.currency,
            charge: b.charge.clone(),
            label: b.label.clone(),
        })
    })
    .transpose()
}

pub(crate) fn payout(p: &model::Payout) -> Result<Payout, BuildError> {
    let of = basis(p.basis())?;
    Ok(match p {
        model::Payout::PercentOfFee { percent: p, .. } => Payout::PercentOfFee {
            percent: percent(*p)?,
            basis: of,
        },
        model::Payout::Fixed {
            amount: a,
            currency: c,
        } => Payout::Fixed {
            amount: amount(*a)?,
            currency: *c,
        },
        model::Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => Payout::FractionOfFee {
            numerator: *numerator,
            denominator: *denominator,
            basis: of,
        },
        model::Payout::DaysOfFee { days, .. } => Payout::DaysOfFee {
            days: *days,
            basis: of,
        },
    })
}

fn cap(c: &model::Cap) -> Result<Cap, BuildError> {
    Ok(Cap {
        amount: payout(&c.amount)?,
        rolling_periods: c.rolling_periods,
        period: c.period,
    })
}

fn conditions(cs: &[model::Condition]) -> Vec<Condition> {
    cs.iter().map(condition).collect()
}

pub(crate) fn condition(c: &model::Condition) -> Condition {
    Condition {
        field: c.field.clone(),
        values: c.values.clone(),
    }
}

fn objective(
    index: &model::Index<'_>,
    sections: Sections<'_>,
    o: &model::Objective,
) -> Result<Objective, BuildError> {
    let measure = match &o.kind {
        model::ObjectiveKind::TimeToEvent(t) => Measure::TimeToEvent {
            noun: t.noun.clone(),
            start_event: t.start.clone(),
            stop_event: t.stop.clone(),
            reopen_event: t.reopen_event.clone(),
            filter: conditions(&t.filter),
            pause: t.pause.as_ref().map(condition),
            clock: t.clock.clone(),
            goals: t
                .goals
                .iter()
                .map(|g| {
                    Ok(Goal {
                        when: conditions(&g.when),
                        otherwise: g.otherwise,
                        budget: match g.budget {
                            model::Budget::Seconds(s) => Budget::Seconds(s),
                            model::Budget::BusinessDays(n) => Budget::BusinessDays(n),
                        },
                        calendar: g.calendar.clone(),
                        target: g.target.map(percent).transpose()?,
                        arrival: g.arrival.as_ref().map(arrival).transpose()?,
                    })
                })
                .collect::<Result<Vec<_>, BuildError>>()?,
            exclude: conditions(&t.exclude),
            target: percent(t.target)?,
            ignore: t.ignore.as_ref().map(|i| Ignore {
                event: i.event.clone(),
                within_seconds: i.within_seconds,
            }),
        },
        model::ObjectiveKind::Availability(a) => Measure::Availability {
            filter: conditions(&a.filter),
            target: percent(a.target)?,
            clock: a.clock.clone(),
            maintenance: a
                .maintenance
                .iter()
                .map(interval)
                .collect::<Result<_, _>>()?,
            exclude: conditions(&a.exclude),
            min_outage_seconds: a.min_outage_seconds,
            per_component: a.per_component,
            items: a.items.as_ref().map(|i| match i {
                model::Items::Ids(ids) => Items::Ids { ids: ids.clone() },
                model::Items::OfService => Items::OfService {},
            }),
            components_down: a.components_down,
            downtime_unit_seconds: a.downtime_unit.map(|u| u.seconds),
            unit_down: crate::unit_down::build(a)?,
        },
        model::ObjectiveKind::Volume(v) => Measure::Volume {
            noun: v.noun.clone(),
            event: v.event.clone(),
            filter: conditions(&v.filter),
            exclude: conditions(&v.exclude),
            bound: if v.at_least {
                Bound::AtLeast
            } else {
                Bound::AtMost
            },
            count: v.count,
        },
        model::ObjectiveKind::DurationAggregate(a) => crate::aggregate::measure(a)?,
        model::ObjectiveKind::Rate(r) => crate::aggregate::rate(r)?,
        model::ObjectiveKind::DueDate(d) => crate::due::measure(d)?,
        model::ObjectiveKind::SampleAggregate(a) => crate::aggregate::sample(a)?,
    };
    Ok(Objective {
        name: o.name.clone(),
        title: o.title.clone(),
        service: o.service.clone(),
        contract: sections(&o.name).ok_or_else(|| BuildError::NoSection {
            objective: o.name.clone(),
        })?,
        period: o.period,
        timezone: o.timezone,
        source: o.source.as_ref().map(|s| match s {
            model::MetricSource::PrometheusRatio { good, total } => Source::PrometheusRatio {
                good: good.clone(),
                total: total.clone(),
            },
            model::MetricSource::PrometheusLatency { histogram } => Source::PrometheusLatency {
                histogram: histogram.clone(),
            },
            model::MetricSource::PrometheusRate {
                numerator,
                denominator,
            } => Source::PrometheusRate {
                numerator: numerator.clone(),
                denominator: denominator.clone(),
            },
            model::MetricSource::PrometheusProbe { probe } => Source::PrometheusProbe {
                probe: probe.clone(),
            },
        }),
        measure,
        credits: schedule(index, o, model::ScheduleKind::Credits)?,
        bonus: schedule(index, o, model::ScheduleKind::Bonus)?,
    })
}

/// The credits or bonus of objective `o`, if it has them.
fn schedule(
    index: &model::Index<'_>,
    o: &model::Objective,
    kind: model::ScheduleKind,
) -> Result<Option<Schedule>, BuildError> {
    let Some(s) = index.schedule(&o.name, kind) else {
        return Ok(None);
    };
    Ok(Some(Schedule {
        period: s.period,
        tiers: s
            .tiers
            .iter()
            .map(|t| {
                Ok(Tier {
                    threshold: percent(t.threshold)?,
                    payout: payout(&t.payout)?,
                })
            })
            .collect::<Result<_, BuildError>>()?,
        per_breach: s.per_breach.as_ref().map(payout).transpose()?,
        per_downtime: s
            .per_downtime
            .as_ref()
            .map(|d| -> Result<PerDowntime, BuildError> {
                Ok(PerDowntime {
                    unit_seconds: d.unit_seconds,
                    part_thereof: d.part_thereof,
                    round_seconds: d.round_seconds,
                    payout: payout(&d.payout)?,
                })
            })
            .transpose()?,
        lateness: s
            .lateness
            .as_ref()
            .map(crate::lateness::lateness)
            .transpose()?,
        per_unit: s
            .per_unit
            .as_ref()
            .map(|u| -> Result<crate::PerUnitValue, BuildError> {
                Ok(crate::PerUnitValue {
                    unit_seconds: u.unit_seconds,
                    direction: if u.over {
                        crate::Direction::Over
                    } else {
                        crate::Direction::Under
                    },
                    threshold_seconds: u.threshold_seconds,
                    payout: payout(&u.payout)?,
                })
            })
            .transpose()?,
        component_cap: s.component_cap.as_ref().map(payout).transpose()?,
        claim: s
            .claim
            .filter(|c| !is_business(c.unit))
            .map(|c| -> Result<Term, BuildError> {
                Ok(Term {
                    count: c.count,
                    unit: typed(|| "claim window".to_owned(), unit(c.unit))?,
                })
            })
            .transpose()?,
        claim_in_writing: s.claims.claim_in_writing,
        claim_by: s.claims.claim_by.clone(),
        unclaimed_lapse: s.claims.unclaimed_lapse,
        applied: s.claims.applied.map(|a| match a {
            model::Applied::Automatic => Applied::Automatic,
            model::Applied::OnRequest => Applied::OnRequest,
        }),
        claim_business: s.claim.and_then(|c| {
            let unit = match c.unit {
                model::DurationUnit::BusinessDays => crate::BusinessUnit::BusinessDays,
                model::DurationUnit::BusinessHours => crate::BusinessUnit::BusinessHours,
                _ => return None,
            };
            Some(crate::BusinessTerm {
                count: c.count,
                unit,
                calendar: s.claims.claim_calendar.clone()?,
            })
        }),
        claim_from_breach: s.claims.claim_from_breach,
        claim_by_end_of_month: s.claims.claim_by_end_of_month,
    }))
}

/// Whether a claim window counts business time (written to
/// `claim_business`, not `claim`).
fn is_business(u: slate_check::model::DurationUnit) -> bool {
    matches!(
        u,
        slate_check::model::DurationUnit::BusinessDays
            | slate_check::model::DurationUnit::BusinessHours
    )
}

/// The unit of a contract term, as the rule set names it.
pub(crate) fn unit(u: slate_check::model::DurationUnit) -> Result<TermUnit, ValueError> {
    use slate_check::model::DurationUnit as U;
    Ok(match u {
        U::Seconds => TermUnit::Seconds,
        U::Minutes => TermUnit::Minutes,
        U::Hours => TermUnit::Hours,
        U::Days => TermUnit::Days,
        U::Weeks => TermUnit::Weeks,
        U::Months => TermUnit::Months,
        // The checker refuses business time in contract terms.
        U::BusinessHours => return Err(ValueError::NotACalendarUnit("business_hours".to_owned())),
        U::BusinessDays => return Err(ValueError::NotACalendarUnit("business_days".to_owned())),
    })
}

fn arrival(a: &model::Arrival) -> Result<crate::Arrival, BuildError> {
    let day = |d: &model::MonthDay| {
        typed(
            || "day of a season".to_owned(),
            crate::MonthDay::new(d.month, d.day),
        )
    };
    Ok(match a {
        model::Arrival::During { calendar } => crate::Arrival::During {
            calendar: calendar.clone(),
        },
        model::Arrival::Outside { calendar } => crate::Arrival::Outside {
            calendar: calendar.clone(),
        },
        model::Arrival::Season { from, to } => crate::Arrival::Season {
            from: day(from)?,
            to: day(to)?,
        },
    })
}

/// A fee, the service's or each component's.
fn fee(f: &model::Fee) -> Result<Fee, BuildError> {
    Ok(Fee {
        amount: amount(f.amount)?,
        currency: f.currency,
        per: f.per,
    })
}
