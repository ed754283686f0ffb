//! `down when at least k components are down`: the instants at which at
//! least k of the components' outage lists are down at once.

use slate_time::intervals::merge;

/// The intervals covered by at least `k` of `lists` at once, merged (so a
/// run where different components take turns keeping k down is one
/// outage). Each list is one component's merged outages, half-open
/// `[start, end)`: outages of different components that only touch (one
/// ends where the other starts) do not overlap. `k` of 1 is the union.
pub(super) fn at_least<'a>(
    lists: impl Iterator<Item = &'a [(i64, i64)]>,
    k: u64,
) -> Vec<(i64, i64)> {
    // +1 at a start, -1 at an end; at one instant ends come first.
    let mut edges: Vec<(i64, i8)> = Vec::new();
    for list in lists {
        for &(a, b) in list.iter().filter(|(a, b)| a < b) {
            edges.push((a, 1));
            edges.push((b, -1));
        }
    }
    edges.sort_unstable();
    let k = i64::try_from(k).unwrap_or(i64::MAX);
    let mut down: i64 = 0;
    let mut since: Option<i64> = None;
    let mut out = Vec::new();
    for (at, step) in edges {
        down += i64::from(step);
        match since {
            None if down >= k => since = Some(at),
            Some(start) if down < k => {
                out.push((start, at));
                since = None;
            }
            _ => {}
        }
    }
    merge(out)
}

#[cfg(test)]
mod tests {
    use super::at_least;

    fn run(lists: &[Vec<(i64, i64)>], k: u64) -> Vec<(i64, i64)> {
        at_least(lists.iter().map(Vec::as_slice), k)
    }

    #[test]
    fn two_of_three() {
        let lists = vec![vec![(0, 10)], vec![(5, 20)], vec![(15, 30)]];
        // Two down over [5, 10) (a, b) and [15, 20) (b, c).
        assert_eq!(run(&lists, 2), vec![(5, 10), (15, 20)]);
        assert_eq!(run(&lists, 3), vec![]);
        assert_eq!(run(&lists, 1), vec![(0, 30)]);
    }

    #[test]
    fn touching_outages_do_not_overlap() {
        let lists = vec![vec![(0, 10)], vec![(10, 20)]];
        assert_eq!(run(&lists, 2), vec![]);
        // The union still joins them.
        assert_eq!(run(&lists, 1), vec![(0, 20)]);
    }

    #[test]
    fn turns_keep_one_outage() {
        // a is down throughout; b then c keep a second one down: one outage.
        let lists = vec![vec![(0, 10)], vec![(0, 5)], vec![(5, 10)]];
        assert_eq!(run(&lists, 2), vec![(0, 10)]);
    }
}
