//! Due dates carried by the item (docs/semantics.md, "Due dates carried by
//! the item"): each item's due instant is its due attribute as it stands at
//! its stop (or at the cut-off); a date is due at the local midnight that
//! ends it. Met if stopped at or before the due instant; breached if
//! stopped after it, or not stopped and the cut-off is after it; otherwise
//! pending. Days late are the local dates after the due date up to and
//! including the stop's (or, accruing, the cut-off's). The item belongs to
//! the period of its due date; an item with no due value is ungoverned and
//! belongs to the period of its start.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use slate_rules::{Measure, Objective};
use slate_time::periods;

use super::EvalError;
use super::aggregate::{at_least, ratio};
use super::cond::{Cond, set_attr};
use super::context::{Ctx, Items, Span, local_date, span_of, timestamp};
use super::cycles::{ItemOutcome, Outcome};
use crate::due::{self, Due};
use crate::events::{Record, Sym};
use crate::report::{Counts, DueItem, DueVerdict, ObjectiveReport, PeriodReport, Verdict};

/// One item of a due-date objective: its outcome (for the periods and
/// settlement) and what the report says of it.
#[derive(Clone)]
pub(super) struct DueOutcome<'i> {
    /// The item's first start (its outcome's `start` is the instant that
    /// places it in a period: its due instant's).
    pub(super) started: i64,
    pub(super) outcome: ItemOutcome<'i>,
    /// `None` for an ungoverned item (no due value).
    pub(super) item: Option<DueItem>,
    /// A breached item: how late, for delay damages.
    pub(super) late: Option<super::lateness::Late>,
}

/// How an item's records end: its start, its first stop after the start,
/// and its attributes at the stop (or at the cut-off).
struct Walked {
    start: i64,
    stop: Option<i64>,
    attrs: Vec<(Sym, Sym)>,
}

/// An item's records sorted as docs/semantics.md orders one instant: the
/// start first, then attribute changes in reading order, then the stop.
fn walk(
    records: &[Record],
    start_event: Sym,
    stop_event: Option<Sym>,
    attrs: &[(Sym, Sym)],
) -> Option<Walked> {
    let class = |r: &Record| {
        if r.event == start_event {
            0u8
        } else if Some(r.event) == stop_event {
            2
        } else {
            1
        }
    };
    let mut rs: Vec<&Record> = records.iter().collect();
    rs.sort_by_key(|r| (r.at, class(r), r.seq));
    let mut start = None;
    let mut stop = None;
    let mut current: Vec<(Sym, Sym)> = Vec::new();
    for r in rs {
        if start.is_none() && r.event == start_event {
            start = Some(r.at);
        }
        for &(k, v) in r.attrs(attrs) {
            set_attr(&mut current, k, v);
        }
        if start.is_some() && Some(r.event) == stop_event {
            stop = Some(r.at);
            break;
        }
    }
    Some(Walked {
        start: start?,
        stop,
        attrs: current,
    })
}

impl Ctx<'_> {
    /// Every item's outcome on a due-date objective.
    pub(super) fn due_items<'i>(
        &self,
        o: &Objective,
        items: &Items<'i>,
    ) -> Result<Vec<DueOutcome<'i>>, EvalError> {
        let Measure::DueDate {
            start_event,
            stop_event,
            filter,
            exclude,
            due_attribute,
            ..
        } = &o.measure
        else {
            return Ok(Vec::new());
        };
        let sy = self.symbols;
        let Some(start_event) = sy.get(start_event) else {
            return Ok(Vec::new());
        };
        let stop_event = sy.get(stop_event);
        let filter = Cond::all(sy, filter);
        let exclude = Cond::all(sy, exclude);
        let attribute = sy.get(due_attribute);
        let tz = o.timezone;
        let mut out = Vec::new();
        for (id, records) in items {
            let Some(w) = walk(records, start_event, stop_event, self.attrs) else {
                continue;
            };
            let holds = |c: &Cond| c.in_attrs(&w.attrs);
            if !filter.iter().all(holds) || exclude.iter().any(holds) {
                continue;
            }
            let value = attribute
                .and_then(|a| w.attrs.iter().find(|(k, _)| *k == a))
                .map(|(_, v)| sy.name(*v));
            let Some(text) = value else {
                out.push(DueOutcome {
                    started: w.start,
                    outcome: item_outcome(
                        id,
                        w.start,
                        local_date(tz, w.start),
                        w.stop,
                        Outcome::Ungoverned,
                    ),
                    item: None,
                    late: None,
                });
                continue;
            };
            let Some(due) = due::read(text) else {
                return Err(EvalError::DueValue {
                    item: (*id).to_owned(),
                    attribute: due_attribute.clone(),
                    value: text.to_owned(),
                    why: due::not_due(text),
                });
            };
            out.push(self.judge(id, tz, text, due, &w));
        }
        Ok(out)
    }

    /// An item with a due value: met, breached (with its days late) or pending.
    fn judge<'i>(
        &self,
        id: &'i str,
        tz: chrono_tz::Tz,
        text: &str,
        due: Due,
        w: &Walked,
    ) -> DueOutcome<'i> {
        // The due instant, the due date, and the instant whose period the
        // item belongs to (a date's own midnight, so that a date on the
        // agreement's last day is inside it).
        let (due_at, due_date, anchor) = match due {
            Due::Date(d) => {
                let next = d.succ_opt().unwrap_or(d);
                (periods::midnight(tz, next), d, periods::midnight(tz, d))
            }
            Due::Instant(t) => (t, local_date(tz, t), t),
        };
        let days_after =
            |t: i64| u64::try_from((local_date(tz, t) - due_date).num_days()).unwrap_or(0);
        let (verdict, days_late, accruing) = match w.stop {
            Some(s) if s <= due_at => (DueVerdict::Met, None, false),
            Some(s) => (DueVerdict::Breached, Some(days_after(s)), false),
            None if self.cutoff > due_at => {
                (DueVerdict::Breached, Some(days_after(self.cutoff)), true)
            }
            None => (DueVerdict::Pending, None, false),
        };
        let late = days_late.map(|days| super::lateness::Late {
            due_at,
            until: w.stop.unwrap_or(self.cutoff),
            days,
            accruing,
            attrs: w.attrs.clone(),
        });
        let outcome = match verdict {
            DueVerdict::Met => Outcome::Met,
            DueVerdict::Breached => Outcome::Breached,
            DueVerdict::Pending => Outcome::Pending,
        };
        DueOutcome {
            started: w.start,
            outcome: ItemOutcome {
                // docs/semantics.md §7: a due-date item breached at its
                // due instant.
                reached_at: (outcome == Outcome::Breached).then_some(due_at),
                ..item_outcome(id, anchor, due_date, w.stop, outcome)
            },
            item: Some(DueItem {
                id: id.to_owned(),
                due: text.to_owned(),
                due_at: timestamp(due_at),
                stopped: w.stop.map(timestamp),
                verdict,
                days_late,
                accruing,
            }),
            late,
        }
    }

    /// The periods of a due-date objective: each item in the period of its
    /// due date, compliance = met / (met + breached) against the target.
    pub(super) fn due_periods(
        &self,
        o: &Objective,
        spans: &[Span],
        items: &[DueOutcome],
        target: Decimal,
        report: &mut ObjectiveReport,
    ) {
        let mut counts: Vec<Counts> = vec![Counts::default(); spans.len()];
        let mut listed: Vec<Vec<DueItem>> = vec![Vec::new(); spans.len()];
        for d in items {
            let i = &d.outcome;
            let inside = i.start >= self.valid_from && i.start < self.valid_end;
            let at = span_of(spans, o.period, i.date, i.start).filter(|_| inside);
            let listed_item = d.item.clone();
            let Some((c, list)) = at.and_then(|k| counts.get_mut(k).zip(listed.get_mut(k))) else {
                report.items_outside += 1;
                // Due outside the agreement: in no period of it, whatever
                // its lateness inside it, and listed, never dropped unseen.
                if !inside {
                    report.due_outside_agreement.extend(listed_item);
                }
                continue;
            };
            super::tally::count(c, i.outcome);
            list.extend(listed_item);
        }
        report
            .due_outside_agreement
            .sort_by(|a, b| (&a.due_at, &a.id).cmp(&(&b.due_at, &b.id)));
        for ((s, c), mut list) in spans.iter().zip(counts).zip(listed) {
            list.sort_by(|a, b| (&a.due_at, &a.id).cmp(&(&b.due_at, &b.id)));
            let value = ratio(c.met as i64, (c.met + c.breached) as i64);
            let verdict = match &value {
                None => Verdict::NoData,
                Some(r) if at_least(r, target) => Verdict::Met,
                Some(_) => Verdict::Breached,
            };
            report.periods.push(PeriodReport {
                counts: Some(c),
                verdict,
                value,
                due_items: list,
                ..s.report()
            });
        }
    }
}

fn item_outcome<'i>(
    id: &'i str,
    start: i64,
    date: NaiveDate,
    stop: Option<i64>,
    outcome: Outcome,
) -> ItemOutcome<'i> {
    ItemOutcome {
        id,
        start,
        date,
        stopped: stop.is_some(),
        running: false,
        abandoned: false,
        elapsed: 0,
        budget: 0,
        goal: None,
        outcome,
        reached_at: None,
    }
}
