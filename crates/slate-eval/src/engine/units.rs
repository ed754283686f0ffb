//! Downtime counted in units (`downtime in units of 1 minute`): the period
//! is cut into consecutive units of real time from its start, the last one
//! cut at the period's end.

/// The number of units of `unit` seconds from `origin` that any of
/// `intervals` (half-open, at or after `origin`) touches with a nonempty
/// part: unit i is `[origin + i·unit, origin + (i+1)·unit)`.
pub(super) fn count(intervals: &[(i64, i64)], origin: i64, unit: i64) -> i64 {
    if unit <= 0 {
        return 0;
    }
    let mut ranges: Vec<(i64, i64)> = intervals
        .iter()
        .filter(|(a, b)| a < b)
        .map(|&(a, b)| {
            (
                (a - origin).div_euclid(unit),
                (b - 1 - origin).div_euclid(unit),
            )
        })
        .collect();
    ranges.sort_unstable();
    let mut total = 0;
    let mut last: Option<i64> = None;
    for (first, end) in ranges {
        let from = last.map_or(first, |l| first.max(l + 1));
        if end >= from {
            total += end - from + 1;
        }
        last = Some(last.map_or(end, |l| l.max(end)));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn units_touched() {
        // One second into a minute makes it down; a minute's end does not
        // reach into the next.
        assert_eq!(count(&[(59, 61)], 0, 60), 2);
        assert_eq!(count(&[(0, 60)], 0, 60), 1);
        assert_eq!(count(&[(60, 60)], 0, 60), 0);
        // Two intervals in one unit count it once.
        assert_eq!(count(&[(0, 10), (20, 30), (130, 200)], 0, 60), 3);
        // From an origin that is not a multiple of the unit.
        assert_eq!(count(&[(100, 101)], 70, 60), 1);
    }
}
