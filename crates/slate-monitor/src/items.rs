//! `GET /v1/items` and the query of `GET /v1/report`: the open items as
//! JSON, filtered by objective and share of budget used, and the cut-off a
//! report is asked for.
//!
//! A share of budget is compared exactly, on integers: an item is at
//! `min_percent` when `elapsed × 100 ≥ min_percent × budget`. The
//! percentage shown is cut (not rounded) to two decimals, so it never says
//! an item has reached a share it has not.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use slate::rules::RuleSet;

use slate::eval::live::{Live, OpenItem};

/// What `GET /v1/items` asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// Only this objective's items.
    pub objective: Option<String>,
    /// Only items that used at least this percentage of their budget.
    pub min_percent: Option<Decimal>,
    /// At most this many items, the most used first ([`DEFAULT_LIMIT`]
    /// when not given, at most [`MAX_LIMIT`]).
    pub limit: Option<usize>,
}

/// Items listed when the query gives no `limit`.
pub(crate) const DEFAULT_LIMIT: usize = 1000;

/// The most items one answer lists: a desk with a hundred thousand open
/// items must not make one request build a hundred megabytes of JSON.
pub(crate) const MAX_LIMIT: usize = 10_000;

impl Filter {
    /// The filter of a query string, each parameter checked against the
    /// rule set; the error says what is wrong, in words.
    pub fn parse(pairs: &[(String, String)], rules: &RuleSet) -> Result<Filter, String> {
        let mut f = Filter::default();
        for (key, value) in pairs {
            let shown = slate::eval::visible::visible(value);
            match key.as_str() {
                "objective" if f.objective.is_some() => return Err(twice(key)),
                "min_percent" if f.min_percent.is_some() => return Err(twice(key)),
                "limit" if f.limit.is_some() => return Err(twice(key)),
                "limit" => {
                    let n = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n));
                    let Some(n) = n else {
                        return Err(format!(
                            "`limit={shown}` is not a number of items from 1 to {MAX_LIMIT}"
                        ));
                    };
                    f.limit = Some(n);
                }
                "objective" => {
                    if !rules.objectives.iter().any(|o| &o.name == value) {
                        return Err(format!(
                            "the agreement has no objective `{shown}`; name one of its objectives"
                        ));
                    }
                    f.objective = Some(value.clone());
                }
                "min_percent" => {
                    let p = value
                        .parse::<Decimal>()
                        .ok()
                        .filter(|p| !p.is_sign_negative() && p.scale() <= 6);
                    let Some(p) = p else {
                        return Err(format!(
                            "`min_percent={shown}` is not a percentage such as `75` or `87.5`"
                        ));
                    };
                    f.min_percent = Some(p);
                }
                other => {
                    return Err(unknown(other, "`objective`, `min_percent` and `limit`"));
                }
            }
        }
        Ok(f)
    }

    fn keeps(&self, i: &OpenItem) -> bool {
        if self.objective.as_ref().is_some_and(|o| o != &i.objective) {
            return false;
        }
        match self.min_percent {
            None => true,
            Some(p) => at_share(i.elapsed_seconds, i.budget_seconds, p),
        }
    }
}

fn twice(key: &str) -> String {
    format!("`{key}` is given more than once; give it once")
}

fn unknown(key: &str, known: &str) -> String {
    let shown = slate::eval::visible::visible(key);
    format!("unknown query parameter `{shown}`; this endpoint takes {known}")
}

/// Whether `elapsed × 100 ≥ percent × budget`, exactly.
pub(crate) fn at_share(elapsed: i64, budget: i64, percent: Decimal) -> bool {
    let (Some(lhs), Some(rhs)) = (
        Decimal::from(elapsed).checked_mul(Decimal::ONE_HUNDRED),
        percent.checked_mul(Decimal::from(budget)),
    ) else {
        return false;
    };
    lhs >= rhs
}

/// `elapsed / budget` as a percentage with two decimals, cut, not
/// rounded: `45 / 60` is `75.00`, `1 / 3` is `33.33`, `2 / 3` is
/// `66.66`. `None` for a budget of zero or less.
pub(crate) fn percent_used(elapsed: i64, budget: i64) -> Option<String> {
    if budget <= 0 {
        return None;
    }
    let hundredths = i128::from(elapsed) * 10_000 / i128::from(budget);
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    Some(format!("{sign}{}.{:02}", h / 100, h % 100))
}

/// The order of the listing: most of the budget used first, exactly
/// (cross-multiplied), then by id.
pub(crate) fn by_share(a: &OpenItem, b: &OpenItem) -> Ordering {
    let x = i128::from(a.elapsed_seconds) * i128::from(b.budget_seconds.max(1));
    let y = i128::from(b.elapsed_seconds) * i128::from(a.budget_seconds.max(1));
    y.cmp(&x)
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| a.goal.cmp(&b.goal))
}

/// An instant as the report writes one: `2026-03-02T09:45:00Z`.
pub(crate) fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| slate::eval::report::Timestamp(d).to_string())
        .unwrap_or_else(|| t.to_string())
}

/// The body of `GET /v1/items`: the items the filter keeps, the most used
/// first, up to its limit; `total` says how many it keeps in all.
pub(crate) fn listing(live: &Live, filter: &Filter) -> Value {
    let mut items: Vec<&OpenItem> = live.items.iter().filter(|i| filter.keeps(i)).collect();
    items.sort_by(|a, b| by_share(a, b));
    let total = items.len();
    let items: Vec<Value> = items
        .iter()
        .take(filter.limit.unwrap_or(DEFAULT_LIMIT))
        .map(|i| {
            json!({
                "objective": i.objective,
                "service": i.service,
                "goal": i.goal,
                "id": i.id,
                "start": rfc3339(i.start),
                "budget_seconds": i.budget_seconds,
                "elapsed_seconds": i.elapsed_seconds,
                "percent_used": percent_used(i.elapsed_seconds, i.budget_seconds),
                "due": i.due.map(rfc3339),
                "running": i.running,
            })
        })
        .collect();
    json!({ "as_of": rfc3339(live.as_of), "total": total, "items": items })
}

/// The cut-off and `details` of `GET /v1/report`: `as_of` an RFC 3339
/// timestamp or a date (its first instant in `tz`, as `slate eval
/// --as-of` reads it), not after `now`; by default `now`.
pub(crate) fn report_query(
    pairs: &[(String, String)],
    tz: chrono_tz::Tz,
    now: i64,
) -> Result<(i64, bool), String> {
    let (mut as_of, mut details) = (None, None);
    for (key, value) in pairs {
        let shown = slate::eval::visible::visible(value);
        match key.as_str() {
            "as_of" if as_of.is_some() => return Err(twice(key)),
            "details" if details.is_some() => return Err(twice(key)),
            "as_of" => {
                let moment: slate::eval::Moment = value.parse().map_err(|_| {
                    format!(
                        "`as_of={shown}` is neither an RFC 3339 timestamp (`2026-04-01T00:00:00Z`) nor a date (`2026-04-01`)"
                    )
                })?;
                let t = moment.instant(tz);
                if t < slate::eval::events::EARLIEST {
                    return Err(format!(
                        "`as_of={shown}` is before 1900, and records are read from 1900 to 2199"
                    ));
                }
                if t > now {
                    return Err(format!(
                        "`as_of={shown}` is after now ({}); the monitor reports only what has happened",
                        rfc3339(now)
                    ));
                }
                as_of = Some(t);
            }
            "details" => {
                details = Some(match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(format!("`details={shown}` is neither `true` nor `false`")),
                });
            }
            other => return Err(unknown(other, "`as_of` and `details`")),
        }
    }
    Ok((as_of.unwrap_or(now), details.unwrap_or(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_used_is_cut_to_two_decimals_from_integers() {
        // 45 min of a 60 min budget: 2700 × 10000 / 3600 = 7500 hundredths.
        assert_eq!(percent_used(2_700, 3_600).as_deref(), Some("75.00"));
        // 1/3 = 33.333…: cut to 33.33; 2/3 = 66.666…: cut to 66.66, not 66.67.
        assert_eq!(percent_used(1, 3).as_deref(), Some("33.33"));
        assert_eq!(percent_used(2, 3).as_deref(), Some("66.66"));
        // Over budget: 7201 s of 3600 s = 200.027…%.
        assert_eq!(percent_used(7_201, 3_600).as_deref(), Some("200.02"));
        assert_eq!(percent_used(0, 60).as_deref(), Some("0.00"));
        assert_eq!(percent_used(5, 0), None);
    }

    #[test]
    fn a_share_is_compared_exactly() {
        // 2699 s of 3600 s is 74.97…%: not at 75; 2700 s is exactly 75.
        assert!(!at_share(2_699, 3_600, Decimal::from(75)));
        assert!(at_share(2_700, 3_600, Decimal::from(75)));
        // 87.5% of 3600 s is 3150 s.
        assert!(!at_share(3_149, 3_600, Decimal::new(875, 1)));
        assert!(at_share(3_150, 3_600, Decimal::new(875, 1)));
    }

    #[test]
    fn the_report_query_reads_a_date_in_the_agreement_zone() {
        let tz = chrono_tz::Europe::London;
        // 2026-04-01 00:00 BST is 2026-03-31T23:00:00Z = 1774998000.
        let now = 1_775_000_000;
        let q = vec![("as_of".to_owned(), "2026-04-01".to_owned())];
        assert_eq!(report_query(&q, tz, now), Ok((1_774_998_000, false)));
        let later = vec![("as_of".to_owned(), "2026-05-01".to_owned())];
        let e = report_query(&later, tz, now).err().unwrap_or_default();
        assert!(e.starts_with("`as_of=2026-05-01` is after now"), "{e}");
        let bad = vec![("asof".to_owned(), "x".to_owned())];
        assert_eq!(
            report_query(&bad, tz, now),
            Err(
                "unknown query parameter `asof`; this endpoint takes `as_of` and `details`"
                    .to_owned()
            )
        );
        assert_eq!(report_query(&[], tz, now), Ok((now, false)));
    }
}
