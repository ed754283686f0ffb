//! A right over a rolling window of real time (`for cause when downtime of
//! uptime exceeds 7 hours in any 30 days`): the first instant at which the
//! window ending there holds more than the limit of downtime.
//!
//! The downtime in the window `[t − W, t)` is `D(t) = C(t) − C(t − W)`,
//! where `C(t)` is the downtime before `t`. `D` is linear between the
//! instants where an interval starts or ends, or one window after; where it
//! rises, it rises one second a second. So the first whole second at which
//! `D` exceeds the limit is found segment by segment, exactly: "exceeds"
//! is strict, and exactly the limit does not.
//!
//! The window is real time: `30 days` are 30 × 86,400 seconds, across a
//! change of the clocks too (docs/semantics.md). The downtime counted is
//! the objective's: its outages after exclusions, merging, minimum length
//! and k of n, inside its measured time (less maintenance), from the
//! agreement's start to the cut-off (or its end).

use chrono::{DateTime, Utc};
use slate_rules::ForCauseWindow;
use slate_time::intervals::{clip, merge};

use super::EvalError;
use super::context::Ctx;
use super::partial::{Components, Part, Source};
use crate::report::{ForCauseWindowReport, LocalInstant};

/// `for cause when downtime of X exceeds L in any W`, read on the events.
pub(super) fn for_cause_window(
    ctx: &Ctx<'_>,
    source: &Source<'_, '_>,
    w: &ForCauseWindow,
) -> Result<ForCauseWindowReport, EvalError> {
    let tz = ctx.rules.agreement.timezone;
    let end = ctx.cutoff.min(ctx.valid_end);
    let objective = ctx.rules.objectives.iter().enumerate();
    let down = match objective.into_iter().find(|(_, o)| o.name == w.objective) {
        Some((index, o)) => {
            let part = source.part(ctx, index)?;
            let empty = Components::default();
            let read = match part.as_ref() {
                Part::Outages(read) => read,
                _ => &empty,
            };
            let measured = ctx.measured(o, o.timezone, ctx.valid_from, end)?;
            let outages = ctx.outages(o, read).united;
            merge(
                outages
                    .iter()
                    .flat_map(|&(a, b)| clip(&measured, a, b))
                    .collect(),
            )
        }
        None => Vec::new(),
    };
    let window = i64::try_from(w.window_seconds).unwrap_or(i64::MAX);
    let limit = i64::try_from(w.limit_seconds).unwrap_or(i64::MAX);
    let at = first_exceeding(&down, window, limit, end);
    let local = |t: i64| {
        DateTime::<Utc>::from_timestamp(t, 0)
            .map(|t| LocalInstant(t.with_timezone(&tz).fixed_offset()))
    };
    let arises_at = at.and_then(local);
    Ok(ForCauseWindowReport {
        objective: w.objective.clone(),
        limit_seconds: w.limit_seconds,
        window_seconds: w.window_seconds,
        arisen: arises_at.is_some(),
        arises_at,
        window_from: at.and_then(|t| local(t.saturating_sub(window))),
        window_down_seconds: at.map(|t| {
            let held: i64 = clip(&down, t.saturating_sub(window), t)
                .iter()
                .map(|(a, b)| b - a)
                .sum();
            u64::try_from(held).unwrap_or(0)
        }),
    })
}

/// Downtime before each instant: sorted, disjoint intervals `[a, b)` with
/// the running sum of their lengths.
struct Cumulative<'a> {
    down: &'a [(i64, i64)],
    /// `before[i]`: the length of `down[..i]`.
    before: Vec<i64>,
}

impl<'a> Cumulative<'a> {
    fn new(down: &'a [(i64, i64)]) -> Self {
        let mut before = Vec::with_capacity(down.len() + 1);
        let mut sum = 0i64;
        before.push(0);
        for (a, b) in down {
            sum = sum.saturating_add(b - a);
            before.push(sum);
        }
        Cumulative { down, before }
    }

    /// The downtime before `t`.
    fn at(&self, t: i64) -> i64 {
        // The intervals that start before `t`; the last may hold `t`.
        let n = self.down.partition_point(|(a, _)| *a < t);
        let whole = self.before.get(n).copied().unwrap_or(0);
        match n.checked_sub(1).and_then(|i| self.down.get(i)) {
            Some(&(a, b)) if t < b => whole - (b - t).min(b - a),
            _ => whole,
        }
    }
}

/// The first whole second `t` at or before `end` at which the downtime of
/// `down` (sorted, disjoint `[a, b)` in Unix seconds) inside `[t − window,
/// t)` exceeds `limit` seconds; `None` when there is none.
pub(crate) fn first_exceeding(
    down: &[(i64, i64)],
    window: i64,
    limit: i64,
    end: i64,
) -> Option<i64> {
    let c = Cumulative::new(down);
    let d = |t: i64| c.at(t) - c.at(t.saturating_sub(window));
    let mut points: Vec<i64> = down
        .iter()
        .flat_map(|&(a, b)| [a, b, a.saturating_add(window), b.saturating_add(window)])
        .filter(|t| *t <= end)
        .chain(std::iter::once(end))
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut previous: Option<(i64, i64)> = None;
    for q in points {
        let dq = d(q);
        if let Some((p, dp)) = previous
            && dp <= limit
            && dq > limit
        {
            // Linear between p and q, rising one second a second.
            return Some(p + (limit - dp) + 1);
        }
        if previous.is_none() && dq > limit {
            return Some(q);
        }
        previous = Some((q, dq));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::first_exceeding;

    const H: i64 = 3_600;
    const DAY: i64 = 86_400;
    const W: i64 = 30 * DAY;
    const LIMIT: i64 = 7 * H;

    #[test]
    fn exactly_the_limit_does_not_exceed_it() {
        // One outage of exactly 7 h: the window never holds more than 7 h.
        assert_eq!(
            first_exceeding(&[(1_000, 1_000 + LIMIT)], W, LIMIT, 100 * DAY),
            None
        );
    }

    #[test]
    fn one_second_more_exceeds_it_at_that_instant() {
        // 7 h + 1 s from 1,000: the window ending at 1,000 + 25,201 holds
        // 25,201 s > 25,200 s; one second earlier it holds exactly 25,200.
        let down = [(1_000, 1_000 + LIMIT + 1)];
        assert_eq!(
            first_exceeding(&down, W, LIMIT, 100 * DAY),
            Some(1_000 + LIMIT + 1)
        );
    }

    #[test]
    fn outages_add_up_inside_the_window_and_leave_it() {
        // 4 h on day 0, then 3 h + 1 s on day 20: both in the window
        // ending 3 h + 1 s after the second starts: 4 h + 3 h + 1 s.
        let first = (0, 4 * H);
        let second = (20 * DAY, 20 * DAY + 3 * H + 1);
        assert_eq!(
            first_exceeding(&[first, second], W, LIMIT, 100 * DAY),
            Some(20 * DAY + 3 * H + 1)
        );
        // The same second outage on day 31: the first has left the window
        // (it ended at 4 h, 30 days before 30 d + 4 h), so 3 h + 1 s only.
        let late = (31 * DAY, 31 * DAY + 3 * H + 1);
        assert_eq!(first_exceeding(&[first, late], W, LIMIT, 100 * DAY), None);
    }

    #[test]
    fn an_outage_leaving_the_window_while_another_runs() {
        // 4 h from 0; a second outage from 30 d + 1 h, which the window
        // reaches while the first is leaving it: at 30 d + 1 h + x the
        // window [1 h + x, 30 d + 1 h + x) holds (3 h − x) + x = 3 h until
        // the first has left (x = 3 h), then x. It exceeds 7 h at x = 7 h + 1 s.
        let down = [(0, 4 * H), (W + H, W + H + 10 * H)];
        assert_eq!(
            first_exceeding(&down, W, LIMIT, 100 * DAY),
            Some(W + H + LIMIT + 1)
        );
    }

    #[test]
    fn nothing_after_the_cut_off() {
        // 8 h of outage, but the cut-off 7 h after its start.
        assert_eq!(first_exceeding(&[(0, 8 * H)], W, LIMIT, LIMIT), None);
        assert_eq!(
            first_exceeding(&[(0, 8 * H)], W, LIMIT, LIMIT + 1),
            Some(LIMIT + 1)
        );
    }
}
