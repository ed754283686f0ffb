//! Grouping records by item: one sort in place, each item's records in
//! the order events apply (instant, then reading order), duplicates
//! found within each item and dropped, and the attributes laid out in the
//! records' new order.

use std::cmp::Ordering;

use super::{Events, Record, Sym};

impl Events {
    /// Groups the records by item, in place: by symbol number of the id
    /// (the order its string was first read, as any field), each item's by
    /// instant and then reading order; drops
    /// every record identical as written to an earlier one of its item,
    /// counting it in [`Events::duplicates`]. Memory beyond the records:
    /// for a moment, a second copy of the attributes. Reading more afterwards is allowed; group again then.
    pub fn group(&mut self) {
        if self.grouped {
            return;
        }
        sort(&mut self.records, self.threads);
        let mut kept = 0;
        let mut scratch = Vec::new();
        let mut from = 0;
        while let Some(first) = self.records.get(from) {
            let id = first.id;
            let to = from
                + self
                    .records
                    .get(from..)
                    .map_or(0, |rest| rest.partition_point(|r| r.id == id));
            kept = self.keep_distinct(from, to, kept, &mut scratch);
            from = to;
        }
        self.duplicates += (self.records.len() - kept) as u64;
        self.records.truncate(kept);
        let mut attrs =
            Vec::with_capacity(self.records.iter().map(|r| usize::from(r.attrs_len)).sum());
        for r in &mut self.records {
            // Fewer attributes than were read, all numbered in 32 bits.
            let start = u32::try_from(attrs.len()).unwrap_or(u32::MAX);
            attrs.extend_from_slice(r.attrs(&self.attrs));
            r.attrs_start = start;
        }
        self.attrs = attrs;
        self.grouped = true;
    }

    /// Moves the records of one item (`from..to`, in order) that are not
    /// duplicates down to `kept..`, giving the new end. Duplicates share
    /// their instant, so each run of one instant is compared: sorted by
    /// content and reading order, a record equal to the one before it is
    /// a duplicate.
    fn keep_distinct(
        &mut self,
        from: usize,
        to: usize,
        mut kept: usize,
        scratch: &mut Vec<(usize, bool)>,
    ) -> usize {
        let mut i = from;
        while i < to {
            let at = self.records.get(i).map_or(0, |r| r.at);
            let end = (i..to)
                .find(|&j| self.records.get(j).is_none_or(|r| r.at != at))
                .unwrap_or(to);
            if end - i > 1 {
                scratch.clear();
                scratch.extend((i..end).map(|j| (j, false)));
                let (records, attrs) = (&self.records, &self.attrs);
                let content = |j: usize| records.get(j).map(|r| (r.event, r.form, r.attrs(attrs)));
                scratch
                    .sort_unstable_by(|a, b| content(a.0).cmp(&content(b.0)).then(a.0.cmp(&b.0)));
                for k in 1..scratch.len() {
                    let (Some(&(before, _)), Some(&(j, _))) = (scratch.get(k - 1), scratch.get(k))
                    else {
                        continue;
                    };
                    if content(before).cmp(&content(j)) == Ordering::Equal
                        && let Some(slot) = scratch.get_mut(k)
                    {
                        slot.1 = true;
                    }
                }
                scratch.sort_unstable_by_key(|&(j, _)| j);
            }
            for j in i..end {
                let duplicate = end - i > 1 && scratch.get(j - i).is_some_and(|&(_, d)| d);
                if !duplicate {
                    self.records.swap(kept, j);
                    kept += 1;
                }
            }
            i = end;
        }
        kept
    }
}

/// Below this many records, one thread sorts.
const FEW: usize = 1 << 12;

/// Sorts records by id, then in the order events apply, on up to
/// `threads` threads: the records are cut at their middle key (every key
/// before it is smaller, every one after larger) and each half sorted on
/// its own. Keys are unique (`seq` is), so an unstable sort is as good as
/// a stable one, and the order is the same whatever the threads.
fn sort(records: &mut [Record], threads: usize) {
    let key = |r: &Record| (r.id, r.at, r.seq);
    if threads <= 1 || records.len() < FEW {
        records.sort_unstable_by_key(key);
        return;
    }
    let middle = records.len() / 2;
    records.select_nth_unstable_by_key(middle, key);
    let (low, high) = records.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| sort(low, threads / 2));
        sort(high, threads - threads / 2);
    });
}

/// The records of each item, grouped: the id and its records.
pub(crate) fn items(records: &[Record]) -> impl Iterator<Item = (Sym, &[Record])> {
    records
        .chunk_by(|a, b| a.id == b.id)
        .filter_map(|rs| Some((rs.first()?.id, rs)))
}
