//! Outages (availability objectives): each selected item's `down`/`up`
//! records as merged intervals, the time measured (open on the clock, less
//! maintenance), and the downtime inside it.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use slate_rules::{Measure, Objective};
use slate_time::intervals::{clip, merge, subtract};
use slate_time::{Hours, OpenTime};

use super::EvalError;
use super::aggregate::ratio;
use super::cond::{Cond, set_attr};
use super::context::{Ctx, Items};
use super::partial::Components;
use crate::events::{Record, Sym};
use crate::items::Selection;
use crate::report::{Downtime, Ratio};

/// Outages of an availability objective, merged.
pub(super) struct Outages {
    /// All components' outages united.
    pub(super) united: Vec<(i64, i64)>,
    /// Each component's own.
    pub(super) components: BTreeMap<String, Vec<(i64, i64)>>,
    /// Downtime counted in units of this many seconds (`None`: to the second).
    pub(super) unit: Option<i64>,
    /// With an error-rate rule, the records it reads: units are judged by
    /// the rule alone.
    pub(super) samples: Option<super::unit_down::Samples>,
}

fn drop_short(v: Vec<(i64, i64)>, min: u64) -> Vec<(i64, i64)> {
    let min = i64::try_from(min).unwrap_or(i64::MAX);
    v.into_iter().filter(|(a, b)| b - a >= min).collect()
}

impl Ctx<'_> {
    /// The outages of each item an availability objective reads, merged,
    /// before any minimum length.
    pub(super) fn outage_lists<'i>(
        &self,
        o: &Objective,
        items: &Items<'i>,
    ) -> Vec<(&'i str, Vec<(i64, i64)>)> {
        let Measure::Availability {
            filter,
            exclude,
            items: selection,
            ..
        } = &o.measure
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let sy = self.symbols;
        let filter = Cond::all(sy, filter);
        let exclude = Cond::all(sy, exclude);
        // `items` chooses the objective's item streams first; `where` then
        // restricts among them by their attributes.
        let selection = Selection::new(selection.as_ref(), &o.service, sy);
        let (down, up) = (sy.get("down"), sy.get("up"));
        for (id, records) in items {
            if !records
                .iter()
                .any(|r| Some(r.event) == down || Some(r.event) == up)
                || !selection.selects(id, records, self.attrs)
            {
                continue;
            }
            // The component's attributes as they stand at the cut-off.
            let mut latest: Vec<(Sym, Sym)> = Vec::new();
            for r in records.iter() {
                for &(k, v) in r.attrs(self.attrs) {
                    set_attr(&mut latest, k, v);
                }
            }
            if !filter.iter().all(|c| c.in_attrs(&latest)) {
                continue;
            }
            // Overlapping outages of the item merge; a minimum length
            // applies to what the merging leaves.
            out.push((*id, merge(self.item_outages(records, &exclude))));
        }
        out
    }

    /// The outages of an availability objective from what it read of
    /// each item, merged.
    pub(super) fn outages(&self, o: &Objective, read: &Components<'_>) -> Outages {
        let Measure::Availability {
            min_outage_seconds,
            components_down,
            downtime_unit_seconds,
            ..
        } = &o.measure
        else {
            return Outages {
                united: Vec::new(),
                components: BTreeMap::new(),
                unit: None,
                samples: None,
            };
        };
        let components = read
            .outages
            .iter()
            .map(|(id, list)| {
                (
                    (*id).to_owned(),
                    drop_short(list.clone(), *min_outage_seconds),
                )
            })
            .collect();
        let all = read.outages.iter().map(|(_, list)| list.as_slice());
        // docs/semantics.md: k of n combines each component's outages
        // (after its own exclusions and merging); the minimum length
        // applies to what the combining leaves. Without k, the union.
        let combined = match components_down {
            Some(k) if *k > 1 => super::k_of_n::at_least(all, *k),
            _ => merge(all.flatten().copied().collect()),
        };
        Outages {
            united: drop_short(combined, *min_outage_seconds),
            components,
            unit: downtime_unit_seconds.and_then(|u| i64::try_from(u).ok()),
            samples: super::unit_down::samples(o, &read.counts),
        }
    }

    /// One item's outages, unmerged.
    fn item_outages(&self, records: &[Record], exclude: &[Cond]) -> Vec<(i64, i64)> {
        let (down, up) = (self.symbols.get("down"), self.symbols.get("up"));
        // docs/semantics.md: `down`/`up` at the same instant apply in file order.
        let mut rs: Vec<&Record> = records.iter().collect();
        rs.sort_by_key(|r| (r.at, r.seq));
        // docs/semantics.md: each `down` starts an outage of its own, which
        // ends at the item's next `up` whatever other outages are open;
        // one whose own `down` carries an excluded cause does not count.
        // So a counted outage that begins inside an excluded one counts
        // from its own `down`. Only the counted outages' starts are kept.
        let mut list = Vec::new();
        let mut open: Vec<i64> = Vec::new();
        for r in rs {
            let event = Some(r.event);
            if event == down {
                if !exclude.iter().any(|c| c.on(self.attrs, r)) {
                    open.push(r.at);
                }
            } else if event == up {
                list.extend(open.drain(..).map(|a| (a, r.at)));
            }
        }
        list.extend(open.into_iter().map(|a| (a, self.cutoff)));
        list
    }

    /// The items of `items` that an availability objective names
    /// (`items: "a", "b"`) and that have a record it reads (`down` or
    /// `up`, or its error-rate rule's event).
    pub(super) fn reporting<'i>(&self, o: &Objective, items: &Items<'i>) -> Vec<&'i str> {
        let Measure::Availability {
            items: Some(slate_rules::Items::Ids { ids }),
            unit_down,
            ..
        } = &o.measure
        else {
            return Vec::new();
        };
        let outage = match unit_down {
            Some(rule) => [self.symbols.get(&rule.event), None],
            None => [self.symbols.get("down"), self.symbols.get("up")],
        };
        let mut named: Vec<&str> = ids.iter().map(String::as_str).collect();
        named.sort_unstable();
        items
            .iter()
            .filter(|(id, rs)| {
                named.binary_search(id).is_ok()
                    && rs.iter().any(|r| outage.contains(&Some(r.event)))
            })
            .map(|(id, _)| *id)
            .collect()
    }

    /// The ids an availability objective names that have no record it
    /// reads, in the order written, given those that have (sorted).
    pub(super) fn named_without_records(&self, o: &Objective, reporting: &[&str]) -> Vec<String> {
        let Measure::Availability {
            items: Some(slate_rules::Items::Ids { ids }),
            ..
        } = &o.measure
        else {
            return Vec::new();
        };
        ids.iter()
            .filter(|id| reporting.binary_search(&id.as_str()).is_err())
            .cloned()
            .collect()
    }

    /// The measured intervals of an availability objective in [t0, t1): open
    /// on its clock, less maintenance windows.
    pub(super) fn measured(
        &self,
        o: &Objective,
        tz: Tz,
        t0: i64,
        t1: i64,
    ) -> Result<Vec<(i64, i64)>, EvalError> {
        let Measure::Availability {
            clock, maintenance, ..
        } = &o.measure
        else {
            return Ok(Vec::new());
        };
        if t1 <= t0 {
            return Ok(Vec::new());
        }
        let open = if self.always_open(clock) {
            vec![(t0, t1)]
        } else {
            clip(self.calendar(clock)?.intervals(), t0, t1)
        };
        if maintenance.is_empty() {
            return Ok(open);
        }
        let weekly = maintenance
            .iter()
            .map(slate_rules::Interval::opening)
            .collect();
        let m = OpenTime::build(&Hours::weekly(tz, weekly), t0 - 86_400, t1 + 86_400).map_err(
            |source| EvalError::Maintenance {
                objective: o.name.clone(),
                source,
            },
        )?;
        Ok(subtract(&open, &clip(m.intervals(), t0, t1)))
    }
}

/// Measured seconds, and the seconds of `outages` inside them.
pub(super) fn downtime(measured: &[(i64, i64)], outages: &[(i64, i64)]) -> Downtime {
    let total: i64 = measured.iter().map(|(a, b)| b - a).sum();
    let mut down = 0;
    let mut count = 0;
    for &(a, b) in near(outages, measured) {
        let inside: i64 = clip(measured, a, b).iter().map(|(x, y)| y - x).sum();
        if inside > 0 {
            down += inside;
            count += 1;
        }
    }
    Downtime {
        measured_seconds: total,
        down_seconds: down,
        outages: count,
        unit_seconds: None,
        measured_units: None,
        down_units: None,
    }
}

/// [`downtime`], and with a unit the units of it from `origin` (the
/// period's start) that are measured and down.
pub(super) fn period_downtime(
    measured: &[(i64, i64)],
    outages: &[(i64, i64)],
    unit: Option<i64>,
    origin: i64,
) -> Downtime {
    let mut t = downtime(measured, outages);
    if let Some(u) = unit.filter(|u| *u > 0) {
        let down: Vec<(i64, i64)> = near(outages, measured)
            .iter()
            .flat_map(|&(a, b)| clip(measured, a, b))
            .collect();
        t.unit_seconds = Some(u);
        t.measured_units = Some(super::units::count(measured, origin, u));
        t.down_units = Some(super::units::count(&down, origin, u));
    }
    t
}

/// The outages of `outages` (sorted and disjoint) that can meet the span
/// of `measured` (sorted): found by binary search, so that a period reads
/// only its own outages, not every outage of the history.
fn near<'o>(outages: &'o [(i64, i64)], measured: &[(i64, i64)]) -> &'o [(i64, i64)] {
    let (Some(&(lo, _)), Some(&(_, hi))) = (measured.first(), measured.last()) else {
        return &[];
    };
    let from = outages.partition_point(|o| o.1 <= lo);
    let to = outages.partition_point(|o| o.0 < hi).max(from);
    outages.get(from..to).unwrap_or_default()
}

/// The share of measured time up; `None` when nothing was measured.
pub(super) fn availability(t: Downtime) -> Option<Ratio> {
    if let (Some(m), Some(d)) = (t.measured_units, t.down_units) {
        return ratio(m - d, m);
    }
    ratio(t.measured_seconds - t.down_seconds, t.measured_seconds)
}
