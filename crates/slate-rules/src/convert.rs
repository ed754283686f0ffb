//! From the checked Model to the rule set.

use crate::*;
use slate_check::model::{self, Model};

/// The words of an objective's section of the contract, by objective name:
/// the presentation layer quotes them, so that this crate needs no renderer.
pub type Sections<'a> = &'a dyn Fn(&str) -> Option<ContractText>;

/// Builds the rule set of a checked agreement, quoting each objective's
/// section of the contract through `sections`.
pub fn from_model(m: &Model, sections: Sections<'_>) -> RuleSet {
    let mut rules = RuleSet {
        schema: SCHEMA.to_owned(),
        agreement: Agreement {
            title: m.title.clone(),
            id: m.id.clone(),
            version: m.version.clone(),
            fingerprint: m.fingerprint(),
            digest: String::new(),
            timezone: m.timezone.clone(),
            currency: m.currency.clone(),
            minor_unit: m
                .currency
                .as_deref()
                .and_then(slate_check::currency::minor_unit),
            effective_from: m.effective.from.to_string(),
            effective_to: m.effective.to.map(|d| d.to_string()),
        },
        calendars: m.calendars.iter().map(calendar).collect(),
        services: m
            .services
            .iter()
            .map(|s| Service {
                name: s.name.clone(),
                title: s.title.clone(),
                provider: s.provider.clone(),
                customer: s.customer.clone(),
                fee: s.fee.as_ref().map(|f| Fee {
                    amount: f.amount.normalize().to_string(),
                    currency: f.currency.clone(),
                    per: period(f.per),
                }),
                credit_caps: s.credit_caps.iter().map(cap).collect(),
                bonus_caps: s.bonus_caps.iter().map(cap).collect(),
            })
            .collect(),
        objectives: m
            .objectives
            .iter()
            .map(|o| objective(m, sections, o))
            .collect(),
        fields: m
            .fields
            .iter()
            .map(|(name, values)| Field {
                name: name.clone(),
                values: values.clone(),
            })
            .collect(),
    };
    rules.agreement.digest = crate::digest(&rules);
    rules
}

fn calendar(c: &model::Calendar) -> Calendar {
    Calendar {
        name: c.name.clone(),
        always_open: c.always_open,
        timezone: c.timezone.clone(),
        weekly: c.weekly.iter().map(interval).collect(),
        closures: c
            .closures
            .iter()
            .map(|cl| Closure {
                from: cl.from.to_string(),
                to: cl.to.to_string(),
                reason: cl.reason.clone(),
            })
            .collect(),
    }
}

fn interval(o: &model::Opening) -> Interval {
    Interval {
        day: day(o.day),
        start: slate_check::words::time(o.start),
        end: slate_check::words::time(o.end),
        overnight: o.overnight(),
    }
}

fn day(d: model::Weekday) -> Day {
    match d {
        model::Weekday::Monday => Day::Monday,
        model::Weekday::Tuesday => Day::Tuesday,
        model::Weekday::Wednesday => Day::Wednesday,
        model::Weekday::Thursday => Day::Thursday,
        model::Weekday::Friday => Day::Friday,
        model::Weekday::Saturday => Day::Saturday,
        model::Weekday::Sunday => Day::Sunday,
    }
}

fn period(p: model::Period) -> Period {
    match p {
        model::Period::Day => Period::Day,
        model::Period::Week => Period::Week,
        model::Period::Month => Period::Month,
        model::Period::Quarter => Period::Quarter,
        model::Period::Year => Period::Year,
    }
}

fn payout(p: &model::Payout) -> Payout {
    match p {
        model::Payout::PercentOfFee { percent } => Payout::PercentOfFee {
            percent: percent.normalize().to_string(),
        },
        model::Payout::Fixed { amount, currency } => Payout::Fixed {
            amount: amount.normalize().to_string(),
            currency: currency.clone(),
        },
    }
}

fn cap(c: &model::Cap) -> Cap {
    Cap {
        amount: payout(&c.amount),
        rolling_periods: c.rolling_periods,
        period: period(c.period),
    }
}

fn conditions(cs: &[model::Condition]) -> Vec<Condition> {
    cs.iter().map(condition).collect()
}

fn condition(c: &model::Condition) -> Condition {
    Condition {
        field: c.field.clone(),
        values: c.values.clone(),
    }
}

fn objective(m: &Model, sections: Sections<'_>, o: &model::Objective) -> Objective {
    let measure = match &o.kind {
        model::ObjectiveKind::TimeToEvent(t) => Measure::TimeToEvent {
            noun: t.noun.clone(),
            start_event: t.start.clone(),
            stop_event: t.stop.clone(),
            // docs/semantics.md: a `reopened` event after a stop starts a new cycle
            // only for objectives whose stop is `resolved`.
            reopen_event: (t.stop == "resolved").then(|| "reopened".to_owned()),
            filter: conditions(&t.filter),
            pause: t.pause.as_ref().map(condition),
            clock: t.clock.clone(),
            goals: t
                .goals
                .iter()
                .map(|g| Goal {
                    when: conditions(&g.when),
                    otherwise: g.otherwise,
                    budget: match g.budget {
                        model::Budget::Seconds(s) => Budget::Seconds(s),
                        model::Budget::BusinessDays(n) => Budget::BusinessDays(n),
                    },
                    calendar: g.calendar.clone(),
                })
                .collect(),
            exclude: conditions(&t.exclude),
            target: t.target.normalize().to_string(),
            ignore: t.ignore.as_ref().map(|i| Ignore {
                event: i.event.clone(),
                within_seconds: i.within_seconds,
            }),
        },
        model::ObjectiveKind::Availability(a) => Measure::Availability {
            filter: conditions(&a.filter),
            target: a.target.normalize().to_string(),
            clock: a.clock.clone(),
            maintenance: a.maintenance.iter().map(interval).collect(),
            exclude: conditions(&a.exclude),
            min_outage_seconds: a.min_outage_seconds,
            per_component: a.per_component,
            items: a.items.as_ref().map(|i| match i {
                model::Items::Ids(ids) => Items::Ids { ids: ids.clone() },
                model::Items::OfService => Items::OfService {},
            }),
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
    };
    let schedule = |kind: model::ScheduleKind| {
        m.schedules
            .iter()
            .find(|s| s.objective == o.name && s.kind == kind)
            .map(|s| Schedule {
                period: period(s.period),
                tiers: s
                    .tiers
                    .iter()
                    .map(|t| Tier {
                        threshold: t.threshold.normalize().to_string(),
                        payout: payout(&t.payout),
                    })
                    .collect(),
                claim: s.claim.map(|c| Term {
                    count: c.count,
                    unit: unit(c.unit),
                }),
                claim_in_writing: s.claims.claim_in_writing,
                claim_by: s.claims.claim_by.clone(),
                unclaimed_lapse: s.claims.unclaimed_lapse,
                applied: s.claims.applied.map(|a| match a {
                    model::Applied::Automatic => Applied::Automatic,
                    model::Applied::OnRequest => Applied::OnRequest,
                }),
            })
    };
    Objective {
        name: o.name.clone(),
        title: o.title.clone(),
        service: o.service.clone(),
        contract: sections(&o.name).unwrap_or_else(|| ContractText {
            section: String::new(),
            text: String::new(),
        }),
        period: period(o.period),
        timezone: o.timezone.clone(),
        source: o.source.as_ref().map(|s| match s {
            model::MetricSource::PrometheusRatio { good, total } => Source::PrometheusRatio {
                good: good.clone(),
                total: total.clone(),
            },
            model::MetricSource::PrometheusLatency { histogram } => Source::PrometheusLatency {
                histogram: histogram.clone(),
            },
        }),
        measure,
        credits: schedule(model::ScheduleKind::Credits),
        bonus: schedule(model::ScheduleKind::Bonus),
    }
}

/// The unit of a contract term, as the rule set names it.
fn unit(u: slate_check::model::DurationUnit) -> String {
    use slate_check::model::DurationUnit as U;
    match u {
        U::Seconds => "seconds",
        U::Minutes => "minutes",
        U::Hours => "hours",
        U::Days => "days",
        U::Weeks => "weeks",
        U::Months => "months",
        // The checker refuses business time in contract terms.
        U::BusinessHours => "business_hours",
        U::BusinessDays => "business_days",
    }
    .to_owned()
}
