//! The error-rate rule of downtime counted in units: `downtime when errors
//! of requests above 5% on request_stats` (E0352–E0355).

use rust_decimal::Decimal;
use slate_syntax::ast::{self, Comparison, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic, Span};

use crate::env::Cx;
use crate::model;
use crate::once;

/// Record fields that are not attributes.
const RESERVED: [&str; 3] = ["id", "at", "event"];

impl Cx<'_, '_> {
    /// The objective's `downtime when …`, checked; `units` is whether it
    /// counts downtime in units.
    pub(super) fn unit_down(&mut self, o: &ast::Objective, units: bool) -> Option<model::UnitDown> {
        let stmt = once!(self, o.stmts, O::UnitDown, "downtime when")?;
        let d = &stmt.value;
        let mut ok = true;
        if !units && !o.stmts.iter().any(|s| matches!(s, O::DowntimeUnits(_))) {
            self.push(
                Diagnostic::new(
                    Code::UnitDownWithoutUnits,
                    stmt.keyword,
                    "`downtime when` without `downtime in units of …`",
                )
                .label("no unit to judge")
                .help("count downtime in units, such as `downtime in units of 1 minute`, on the line before"),
            );
            ok = false;
        }
        ok &= self.unit_down_attributes(d);
        ok &= self.unit_down_outage_terms(o, stmt.span);
        let percent = self.unit_down_bound(d);
        (ok && percent.is_some()).then(|| model::UnitDown {
            errors: d.errors.text.clone(),
            total: d.total.text.clone(),
            event: d.event.value.clone(),
            comparison: d.comparison,
            percent: percent.unwrap_or_default(),
        })
    }

    /// Two different attributes, neither a record's `id`, `at` or `event` (E0354).
    fn unit_down_attributes(&mut self, d: &ast::UnitDown) -> bool {
        let mut ok = true;
        for n in [&d.errors, &d.total] {
            if RESERVED.contains(&n.text.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::UnitDownAttributes,
                        n.span,
                        format!("`{}` is a field of every record, not a count", n.text),
                    )
                    .label("not an attribute")
                    .help(
                        "name the attributes that carry the counts, such as `errors of requests`",
                    ),
                );
                ok = false;
            }
        }
        if ok && d.errors.text == d.total.text {
            self.push(
                Diagnostic::new(
                    Code::UnitDownAttributes,
                    d.errors.span,
                    format!("a rate of `{}` over itself", d.errors.text),
                )
                .label("the same attribute as the total")
                .related(d.total.span, "the total")
                .help("write the attribute counting errors before `of` and the one counting everything after it, such as `errors of requests`"),
            );
            ok = false;
        }
        ok
    }

    /// `above` a bound from 0% up to but not including 100%, or `at least`
    /// one above 0% up to 100% (E0353).
    fn unit_down_bound(&mut self, d: &ast::UnitDown) -> Option<Decimal> {
        let value = crate::decimal(&d.percent);
        if d.percent.text.is_empty() {
            return None;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let (span, label, help) = match d.comparison {
            Comparison::AtMost | Comparison::Below => (
                d.comparison_span,
                "a unit is down when its rate is high",
                "write `above` (over the bound) or `at least`, such as `above 5%`",
            ),
            _ if value < Decimal::ZERO || value > hundred => (
                d.percent.span,
                "must be from 0% to 100%",
                "write a percentage such as `above 5%`",
            ),
            Comparison::Above if value == hundred => (
                d.percent.span,
                "no unit would be down unless it had more errors than the total",
                "write a bound below 100%, such as `above 5%`",
            ),
            Comparison::AtLeast if value.is_zero() => (
                d.percent.span,
                "every unit with a total would be down",
                "write `above 0%` for any error, or a bound such as `at least 5%`",
            ),
            _ => return Some(value.normalize()),
        };
        self.push(
            Diagnostic::new(
                Code::UnitDownBound,
                span,
                format!("the unit rule `{}%` does not fit", d.percent.text),
            )
            .label(label)
            .help(help),
        );
        None
    }

    /// No term that reads `down`/`up` records beside the rule (E0355).
    fn unit_down_outage_terms(&mut self, o: &ast::Objective, rule: Span) -> bool {
        let mut ok = true;
        for s in &o.stmts {
            let (span, what) = match s {
                O::Exclude(x) => (x.span, "exclude"),
                O::MinOutage(x) => (x.span, "count outages of at least"),
                O::DownWhen(x) => (x.span, "down when at least … components are down"),
                O::PerComponent(x) => (x.span, "per component"),
                _ => continue,
            };
            self.push(
                Diagnostic::new(
                    Code::UnitDownWithOutages,
                    span,
                    format!("`{what}` beside `downtime when`"),
                )
                .label("reads outages, which the unit rule does not")
                .related(rule, "each unit's state comes from this rule alone")
                .help("with an error-rate rule `down`/`up` records are not read: remove this line, or the rule"),
            );
            ok = false;
        }
        ok
    }
}

/// What changes in an availability objective's error-rate rule, in words,
/// and whether it is weaker for the customer (a higher bound, or `above`
/// where it was `at least` the same bound).
pub(crate) fn unit_down_change(
    a: &model::Availability,
    b: &model::Availability,
) -> Option<(String, bool)> {
    if a.unit_down == b.unit_down {
        return None;
    }
    let words = |r: Option<&model::UnitDown>| {
        r.map_or_else(
            || "by its outages".to_owned(),
            |r| {
                format!(
                    "when `{}` of `{}` on `{}` is {} {}%",
                    r.errors,
                    r.total,
                    r.event,
                    crate::words::comparison(r.comparison),
                    r.percent
                )
            },
        )
    };
    let (was, weaker) = match (&a.unit_down, &b.unit_down) {
        (Some(x), Some(y))
            if (x.errors.as_str(), x.total.as_str(), x.event.as_str())
                == (y.errors.as_str(), y.total.as_str(), y.event.as_str()) =>
        {
            let weaker = y.percent > x.percent
                || (y.percent == x.percent
                    && x.comparison == Comparison::AtLeast
                    && y.comparison == Comparison::Above);
            (
                format!("{} {}%", crate::words::comparison(x.comparison), x.percent),
                weaker,
            )
        }
        _ => (words(a.unit_down.as_ref()), false),
    };
    Some((
        format!("a unit is down {} (was {was})", words(b.unit_down.as_ref())),
        weaker,
    ))
}
