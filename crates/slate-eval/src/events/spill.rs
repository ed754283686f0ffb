//! Records spilled to temporary partitions when they would take more
//! memory than a budget (docs/eval.md, `--memory`): each record goes to the
//! partition of its item's id (by a hash of its symbol), so an item's
//! records are all in one partition, each partition is read back on its
//! own, and an evaluation works out the items' outcomes partition by
//! partition and merges them (`engine/spilled.rs`).
//!
//! What stays in memory is the reading's: the symbols (every id and value
//! once), where each record was read, the counts and the invalid records.
//! A partition file holds records in this reading's symbols, little-endian:
//! `id`, `event`, `at`, `seq`, `form`, the number of attributes, then each
//! attribute's name and value; the strings stay in memory, and the
//! directory is made for its owner alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Events, Record, Sym};

/// Bytes a record takes in a partition file, before its attributes.
const RECORD_BYTES: usize = 4 + 4 + 8 + 4 + 4 + 2;

/// Bytes an attribute takes in a partition file.
const ATTR_BYTES: usize = 8;

/// Records (and attributes) a spilling reading keeps room for: about a
/// block's.
const BLOCK_ROOM: usize = 1 << 14;

/// The most partitions: every one gathers up to [`FLUSH_BYTES`] of records
/// while reading (32 MiB for all).
pub const MAX_PARTITIONS: usize = 1024;

/// A temporary directory of partition files, removed with its last holder.
#[derive(Debug)]
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        // Nothing can be done about a directory that cannot be removed:
        // it is in the system's temporary directory.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Records written to partitions.
#[derive(Debug, Default)]
pub(super) struct Spill {
    dir: Option<Arc<Dir>>,
    /// Each partition's records not written yet, while reading.
    buffers: Vec<Vec<u8>>,
    /// Whether records are still written (until [`Events::finish_spilling`]).
    writing: bool,
    partitions: usize,
    /// How many records each partition file holds: a file that holds
    /// others is refused.
    counts: Vec<u64>,
    /// The earliest and latest instant of the records spilled (once
    /// settled, of those left).
    pub(super) span: Option<(i64, i64)>,
    /// The first error making or writing the partitions, returned by
    /// [`Events::finish_spilling`].
    failed: Option<PartitionError>,
    /// Whether each partition is grouped and checked
    /// ([`Events::settle_partitions`]).
    pub(super) settled: bool,
    /// A copy of records whose partitions were not settled yet: the
    /// files may still change under it, so it reads none of them.
    copy: bool,
}

impl Clone for Spill {
    /// A copy reads the same partition files once they are settled, and
    /// writes none; a copy of partitions not settled reads none.
    fn clone(&self) -> Self {
        Spill {
            dir: self.dir.clone(),
            buffers: Vec::new(),
            writing: false,
            partitions: self.partitions,
            counts: self.counts.clone(),
            span: self.span,
            failed: None,
            settled: self.settled,
            copy: self.copy || !self.settled,
        }
    }
}

/// Bytes of a partition's records gathered before they are appended to
/// its file (opened, written and closed each time, so no file stays open
/// and any number of partitions stays below the system's limit of open
/// files).
const FLUSH_BYTES: usize = 32 << 10;

/// The name of the directories of partitions a process makes: `PID-`
/// and a number follow.
const DIR_PREFIX: &str = "slate-partitions-";

/// A fresh directory under `parent` for one evaluation's partitions.
fn fresh_dir(parent: &Path) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    let mut n = 0_u32;
    loop {
        let dir = parent.join(format!("{DIR_PREFIX}{pid}-{n}"));
        let mut made = std::fs::DirBuilder::new();
        // Its owner's alone: the records are the agreement's data.
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut made, 0o700);
        match made.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the directories of partitions that process `pid` made in
/// `parent`: what an interrupted process, which drops nothing, calls
/// before it exits. Directories only, not links; the first error.
pub fn remove_partitions_of(pid: u32, parent: &Path) -> std::io::Result<()> {
    let ours = format!("{DIR_PREFIX}{pid}-");
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(n) = name.to_str().and_then(|n| n.strip_prefix(&ours)) else {
            continue;
        };
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// The partition of an item of `partitions`, by its id's symbol
/// (Fibonacci hashing: consecutive symbols spread evenly).
fn partition_of(id: Sym, partitions: usize) -> usize {
    let h = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    usize::try_from(h % partitions.max(1) as u64).unwrap_or(0)
}

impl Spill {
    fn path(&self, k: usize) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.0.join(format!("{k}.part")))
    }

    /// Writes `records` (with their attributes in `attrs`) to their
    /// partitions; the first error is kept.
    fn write(&mut self, records: &[Record], attrs: &[(Sym, Sym)]) {
        for r in records {
            self.span = Some(match self.span {
                Some((a, b)) => (a.min(r.at), b.max(r.at)),
                None => (r.at, r.at),
            });
            let k = partition_of(r.id, self.partitions);
            if let (Some(b), Some(n)) = (self.buffers.get_mut(k), self.counts.get_mut(k)) {
                encode(r, r.attrs(attrs), b);
                *n += 1;
                if b.len() >= FLUSH_BYTES {
                    self.flush(k);
                }
            }
        }
    }

    /// Appends partition `k`'s gathered records to its file; the first
    /// error is kept.
    fn flush(&mut self, k: usize) {
        let Some(b) = self.buffers.get_mut(k).filter(|b| !b.is_empty()) else {
            return;
        };
        let bytes = std::mem::take(b);
        let path = self.path(k).unwrap_or_default();
        let written = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&bytes));
        if let Err(e) = written
            && self.failed.is_none()
        {
            self.failed = Some(PartitionError::Write {
                path: path.display().to_string(),
                reason: slate_words::io_reason(&e),
            });
        }
        if let Some(b) = self.buffers.get_mut(k) {
            // The room is kept for the next records.
            *b = bytes;
            b.clear();
        }
    }
}

/// One record as a partition file holds it, appended to `buf`.
fn encode(r: &Record, attrs: &[(Sym, Sym)], buf: &mut Vec<u8>) {
    buf.extend_from_slice(&r.id.to_le_bytes());
    buf.extend_from_slice(&r.event.to_le_bytes());
    buf.extend_from_slice(&r.at.to_le_bytes());
    buf.extend_from_slice(&r.seq.to_le_bytes());
    buf.extend_from_slice(&r.form.to_le_bytes());
    buf.extend_from_slice(&r.attrs_len.to_le_bytes());
    for (k, v) in attrs {
        buf.extend_from_slice(&k.to_le_bytes());
        buf.extend_from_slice(&v.to_le_bytes());
    }
}

/// The `N` bytes at `at`, moving `at` past them.
fn take<const N: usize>(bytes: &[u8], at: &mut usize) -> Option<[u8; N]> {
    let out = bytes.get(*at..*at + N)?.try_into().ok()?;
    *at += N;
    Some(out)
}

/// Records, and the attributes they point into.
type Laid = (Vec<Record>, Vec<(Sym, Sym)>);

/// The records of a partition file, with their attributes.
fn decode(bytes: &[u8]) -> Option<Laid> {
    let (mut records, mut attrs) = (Vec::new(), Vec::new());
    let mut at = 0;
    while at < bytes.len() {
        let id = u32::from_le_bytes(take(bytes, &mut at)?);
        let event = u32::from_le_bytes(take(bytes, &mut at)?);
        let instant = i64::from_le_bytes(take(bytes, &mut at)?);
        let seq = u32::from_le_bytes(take(bytes, &mut at)?);
        let form = u32::from_le_bytes(take(bytes, &mut at)?);
        let attrs_len = u16::from_le_bytes(take(bytes, &mut at)?);
        let attrs_start = u32::try_from(attrs.len()).ok()?;
        for _ in 0..attrs_len {
            let k = u32::from_le_bytes(take(bytes, &mut at)?);
            let v = u32::from_le_bytes(take(bytes, &mut at)?);
            attrs.push((k, v));
        }
        records.push(Record {
            id,
            event,
            at: instant,
            seq,
            form,
            attrs_start,
            attrs_len,
        });
    }
    Some((records, attrs))
}

/// Partitions that cannot be made, written or read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PartitionError {
    /// The directory of the partitions cannot be made, or a file in it.
    #[error("cannot make temporary partitions in `{dir}`: {reason}")]
    Create {
        /// The directory they were to be made in.
        dir: String,
        /// Why not.
        reason: String,
    },
    /// A partition cannot be written.
    #[error("cannot write the temporary partition `{path}`: {reason}")]
    Write {
        /// The partition's file.
        path: String,
        /// Why not.
        reason: String,
    },
    /// A partition cannot be read back.
    #[error("cannot read the temporary partition `{path}`: {reason}")]
    Read {
        /// The partition's file.
        path: String,
        /// Why not.
        reason: String,
    },
    /// The partitions were not settled before evaluating, or records were
    /// read after they were, or the records are a copy taken before they
    /// were settled (whose partitions may change under it).
    #[error(
        "the records spilled to partitions were not grouped and checked before evaluating, or are a copy taken before they were"
    )]
    Unsettled,
}

impl Events {
    /// Spills the records to `partitions` temporary partitions in
    /// `parent` (the system's temporary directory, say) once those held
    /// would take more than `budget` bytes: the records held then, and
    /// every record read after, are written to the partition of their
    /// item. Set it before reading. The directory is removed when the
    /// events (and their clones) are dropped.
    pub fn spill_over(&mut self, budget: u64, partitions: usize, parent: &Path) {
        self.budget = Some((
            budget,
            partitions.clamp(1, MAX_PARTITIONS),
            parent.to_owned(),
        ));
    }

    /// How many partitions the records are spilled to (0: none, they are
    /// in [`Events::records`]).
    pub fn partitions(&self) -> usize {
        self.spill.as_ref().map_or(0, |s| s.partitions)
    }

    /// The latest instant of a record read, spilled or not (and not
    /// rejected since).
    pub fn latest(&self) -> Option<i64> {
        let held = self.records.iter().map(|r| r.at).max();
        let spilled = self.spill.as_ref().and_then(|s| s.span).map(|(_, b)| b);
        held.max(spilled)
    }

    /// The earliest instant of a record read, spilled or not.
    pub(crate) fn earliest(&self) -> Option<i64> {
        let held = self.records.iter().map(|r| r.at).min();
        let spilled = self.spill.as_ref().and_then(|s| s.span).map(|(a, _)| a);
        match (held, spilled) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Bytes the records held take, with their attributes and places.
    fn held_bytes(&self) -> u64 {
        let bytes = self.records.len() * std::mem::size_of::<Record>()
            + self.attrs.len() * std::mem::size_of::<(Sym, Sym)>()
            + self.origins.len() * std::mem::size_of::<(u64, u32, u64)>();
        bytes as u64
    }

    /// After a block is taken: the records held go to their partitions
    /// when spilling, or when they pass the budget.
    pub(super) fn spill_if_over(&mut self) {
        if self.spill.is_none() {
            let Some((budget, partitions, parent)) = &self.budget else {
                return;
            };
            if self.held_bytes() <= *budget {
                return;
            }
            let (partitions, parent) = (*partitions, parent.clone());
            self.start_spilling(partitions, &parent);
        }
        // Partitions that could not be made leave the records held.
        if let Some(spill) = self.spill.as_mut().filter(|s| s.writing) {
            spill.write(&self.records, &self.attrs);
            // The room the records took before spilling is given back:
            // from now on a block's records at a time are held.
            self.records.clear();
            self.records.shrink_to(BLOCK_ROOM);
            self.attrs.clear();
            self.attrs.shrink_to(BLOCK_ROOM);
            self.grouped = false;
        }
    }

    /// Opens the partitions: on failure, the error is kept for the reading
    /// to return, and nothing is spilled.
    fn start_spilling(&mut self, partitions: usize, parent: &Path) {
        let mut spill = Spill {
            partitions,
            ..Spill::default()
        };
        let made = fresh_dir(parent).and_then(|dir| {
            spill.dir = Some(Arc::new(Dir(dir)));
            (0..partitions).try_for_each(|k| {
                std::fs::File::create(spill.path(k).unwrap_or_default()).map(drop)
            })
        });
        match made {
            Ok(()) => {
                spill.writing = true;
                spill.buffers = vec![Vec::new(); partitions];
                spill.counts = vec![0; partitions];
            }
            Err(source) => {
                spill.partitions = 0;
                spill.failed = Some(PartitionError::Create {
                    dir: parent.display().to_string(),
                    reason: slate_words::io_reason(&source),
                });
            }
        }
        self.spill = Some(spill);
    }

    /// Spills the records held now to `partitions` partitions in
    /// `parent`, as [`Events::spill_over`] does when they pass its budget.
    pub fn spill_now(&mut self, partitions: usize, parent: &Path) -> Result<(), PartitionError> {
        self.spill_over(0, partitions, parent);
        self.spill_if_over();
        self.finish_spilling()
    }

    /// Whether making or writing the partitions failed: reading stops,
    /// and [`Events::finish_spilling`] says why.
    pub(super) fn spill_failed(&self) -> bool {
        self.spill.as_ref().is_some_and(|s| s.failed.is_some())
    }

    /// Writes what is left of the partitions once every file is read:
    /// the first error making or writing them.
    pub fn finish_spilling(&mut self) -> Result<(), PartitionError> {
        let Some(spill) = self.spill.as_mut() else {
            return Ok(());
        };
        if spill.writing {
            for k in 0..spill.partitions {
                spill.flush(k);
            }
            spill.writing = false;
            spill.buffers = Vec::new();
        }
        match spill.failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The records of partition `k`, with their attributes, as written:
    /// as many as were written, each of this reading's symbols and
    /// numbers, or an error.
    fn partition_records(&self, k: usize) -> Result<Laid, PartitionError> {
        let spill = self.spill.as_ref().filter(|s| !s.copy && !s.writing);
        let Some(spill) = spill else {
            return Err(PartitionError::Unsettled);
        };
        let path = spill.path(k).unwrap_or_default();
        let read = |reason: &str| PartitionError::Read {
            path: path.display().to_string(),
            reason: reason.to_owned(),
        };
        let bytes = std::fs::read(&path).map_err(|e| read(&slate_words::io_reason(&e)))?;
        let (records, attrs) = decode(&bytes).ok_or_else(|| read("it is cut short"))?;
        let symbols = self.symbols.len() as u64;
        let known = |s: Sym| u64::from(s) < symbols;
        let foreign = records.iter().any(|r| {
            !known(r.id) || !known(r.event) || !known(r.form) || u64::from(r.seq) >= self.next_seq
        }) || attrs.iter().any(|&(a, v)| !known(a) || !known(v));
        if foreign || spill.counts.get(k) != Some(&(records.len() as u64)) {
            return Err(read("it holds records this evaluation did not write"));
        }
        Ok((records, attrs))
    }

    /// Partition `k` as events of its own: its records and attributes,
    /// this reading's symbols, grouped once
    /// [`settled`](Events::settle_partitions).
    pub fn partition(&self, k: usize) -> Result<Events, PartitionError> {
        let (records, attrs) = self.partition_records(k)?;
        let settled = self.spill.as_ref().is_some_and(|s| s.settled);
        Ok(Events {
            records,
            attrs,
            symbols: Arc::clone(&self.symbols),
            grouped: settled,
            threads: self.threads,
            due_attributes: self.due_attributes.clone(),
            ..Events::default()
        })
    }

    /// Groups each partition (finding its duplicates) and hands it to
    /// `check`, which may reject records ([`Events::reject`]), as it would
    /// all the records held; then writes it back grouped. The counts and
    /// the invalid records are this reading's, as if every record were
    /// held. Call it once every file is read, before evaluating.
    pub fn settle_partitions(
        &mut self,
        check: &mut dyn FnMut(&mut Events),
    ) -> Result<(), PartitionError> {
        self.finish_spilling()?;
        let Some(spill) = self
            .spill
            .as_ref()
            .filter(|s| !s.settled && s.partitions > 0)
        else {
            return Ok(());
        };
        if spill.copy {
            return Err(PartitionError::Unsettled);
        }
        let partitions = spill.partitions;
        // The instants of the records left, as a reading that held them
        // would see them (rejected records are left out).
        let mut span: Option<(i64, i64)> = None;
        for k in 0..partitions {
            let mut part = self.partition(k)?;
            self.lend(&mut part);
            part.group();
            check(&mut part);
            self.lend(&mut part);
            self.write_back(k, &part)?;
            for r in &part.records {
                span = Some(span.map_or((r.at, r.at), |(a, b)| (a.min(r.at), b.max(r.at))));
            }
        }
        if let Some(s) = self.spill.as_mut() {
            s.settled = true;
            s.span = span;
        }
        self.grouped = true;
        Ok(())
    }

    /// Swaps this reading's counts, invalid records and places with a
    /// partition's: lent to it while it is checked, and taken back after.
    fn lend(&mut self, part: &mut Events) {
        std::mem::swap(&mut self.read, &mut part.read);
        std::mem::swap(&mut self.duplicates, &mut part.duplicates);
        std::mem::swap(&mut self.invalid, &mut part.invalid);
        std::mem::swap(&mut self.invalid_files, &mut part.invalid_files);
        std::mem::swap(&mut self.invalid_total, &mut part.invalid_total);
        std::mem::swap(&mut self.files, &mut part.files);
        std::mem::swap(&mut self.rejected, &mut part.rejected);
        std::mem::swap(&mut self.origins, &mut part.origins);
    }

    /// Writes a settled partition back in its place.
    fn write_back(&mut self, k: usize, part: &Events) -> Result<(), PartitionError> {
        let path = self
            .spill
            .as_ref()
            .and_then(|s| s.path(k))
            .unwrap_or_default();
        let mut bytes =
            Vec::with_capacity(part.records.len() * RECORD_BYTES + part.attrs.len() * ATTR_BYTES);
        for r in &part.records {
            encode(r, r.attrs(&part.attrs), &mut bytes);
        }
        std::fs::write(&path, bytes).map_err(|source| PartitionError::Write {
            path: path.display().to_string(),
            reason: slate_words::io_reason(&source),
        })?;
        if let Some(n) = self.spill.as_mut().and_then(|s| s.counts.get_mut(k)) {
            *n = part.records.len() as u64;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let r = Record {
            id: 7,
            event: 3,
            at: -2_208_988_800,
            seq: u32::MAX,
            form: 9,
            attrs_start: 0,
            attrs_len: 2,
        };
        let mut buf = Vec::new();
        encode(&r, &[(1, 2), (3, 4)], &mut buf);
        assert_eq!(buf.len(), RECORD_BYTES + 2 * ATTR_BYTES);
        let (records, attrs) = decode(&buf).unwrap();
        assert_eq!(records, [r]);
        assert_eq!(attrs, [(1, 2), (3, 4)]);
        assert!(decode(&buf[..buf.len() - 1]).is_none());
    }

    /// Only the directories a process made are removed: not another
    /// process's, not other names, not a link (nor what it points to).
    #[test]
    fn an_interrupted_process_removes_its_own_directories_only() {
        let root = std::env::temp_dir().join(format!("slate-remove-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mine = root.join("slate-partitions-123-0");
        let others = [
            "slate-partitions-1234-0",
            "slate-partitions-123-x",
            "slate-partitions-123-",
        ];
        std::fs::create_dir_all(mine.join("inner")).unwrap();
        std::fs::write(mine.join("0.part"), b"x").unwrap();
        for o in others {
            std::fs::create_dir_all(root.join(o)).unwrap();
        }
        let target = root.join("kept");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("file"), b"x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, root.join("slate-partitions-123-1")).unwrap();
        remove_partitions_of(123, &root).unwrap();
        assert!(!mine.exists());
        for o in others {
            assert!(root.join(o).is_dir(), "{o}");
        }
        assert!(target.join("file").exists());
        #[cfg(unix)]
        assert!(
            root.join("slate-partitions-123-1")
                .symlink_metadata()
                .is_ok()
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn ids_spread_over_the_partitions() {
        let mut counts = [0_u32; 8];
        for id in 0..8000 {
            counts[partition_of(id, 8)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..1100).contains(&c)),
            "{counts:?}"
        );
    }
}
