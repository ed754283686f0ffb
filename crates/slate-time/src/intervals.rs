//! Half-open intervals of Unix seconds, `[start, end)`: merging, clipping
//! and subtracting sorted lists of them. Open time merges the pieces of its
//! calendar with them, and the evaluator its outages and measured time.

/// Sorts intervals and merges the overlapping or touching ones: the result
/// is sorted and disjoint, and no two of its intervals touch.
pub fn merge(mut intervals: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    intervals.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// The nonempty parts of sorted, disjoint intervals inside `[t0, t1)`.
pub fn clip(intervals: &[(i64, i64)], t0: i64, t1: i64) -> Vec<(i64, i64)> {
    let first = intervals.partition_point(|iv| iv.1 <= t0);
    intervals
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|iv| iv.0 < t1)
        .map(|&(a, b)| (a.max(t0), b.min(t1)))
        .filter(|(a, b)| a < b)
        .collect()
}

/// Sorted, disjoint `a` minus sorted, disjoint `b`: sorted and disjoint.
pub fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut rest = b;
    for &(mut start, end) in a {
        // The intervals of `b` that end by `start` cannot meet this or any
        // later interval of `a`.
        let gone = rest.partition_point(|iv| iv.1 <= start);
        rest = rest.get(gone..).unwrap_or_default();
        for &(cut_start, cut_end) in rest.iter().take_while(|iv| iv.0 < end) {
            if cut_start > start {
                out.push((start, cut_start));
            }
            start = start.max(cut_end);
        }
        if start < end {
            out.push((start, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_overlapping_and_touching() {
        assert_eq!(
            merge(vec![(5, 7), (1, 3), (3, 4), (6, 9), (20, 30)]),
            vec![(1, 4), (5, 9), (20, 30)]
        );
        assert_eq!(merge(Vec::new()), Vec::new());
    }

    #[test]
    fn clips_to_a_window() {
        let v = [(0, 10), (20, 30), (40, 50)];
        assert_eq!(clip(&v, 5, 45), vec![(5, 10), (20, 30), (40, 45)]);
        assert_eq!(clip(&v, 10, 20), Vec::new());
        assert_eq!(clip(&v, 60, 70), Vec::new());
    }

    #[test]
    fn subtracts() {
        let open = [(0, 100), (200, 300)];
        let cut = [(-5, 10), (50, 60), (90, 210), (250, 260), (400, 500)];
        assert_eq!(
            subtract(&open, &cut),
            vec![(10, 50), (60, 90), (210, 250), (260, 300)]
        );
        assert_eq!(subtract(&open, &[]), open.to_vec());
        assert_eq!(subtract(&[], &cut), Vec::new());
        // A cut that covers several intervals of `a`.
        assert_eq!(subtract(&[(0, 1), (2, 3), (4, 5)], &[(0, 5)]), Vec::new());
    }
}
