//! The monitor's state: every record stored in the log, the records of the
//! items that are not final held in memory, the live view computed from
//! them, and the report replayed from the log. See docs/monitor.md,
//! "Storage and memory".
//!
//! ```text
//!  ingest(batch) ─ read + check (scratch Events) ─▶ log (frame, fsync) ─▶ memory
//!  live(now)     ─ fold at the new boundary ─▶ slate::eval::live on memory
//!  report(as_of) ─ replay the log as one NDJSON file ─▶ slate::eval::evaluate_billed
//! ```

use std::collections::{BTreeSet, HashMap};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use slate::eval::{Bill, Events, Format, Report};
use slate::rules::RuleSet;

use crate::error::{LineError, MonitorError, Rejected};
use crate::memory::{Bloom, Memory};
use crate::store::{Damaged, Frames, Lock, Log, MAX_BATCH, Replay, TornTail, io};
use slate::eval::live::{self as engine, Live};

/// How long after an item's last record a fold made because memory grew
/// may drop it (31 days): see [`Monitor::refold_grown`]. Three days in
/// tests, whose example spans two months.
#[cfg(not(test))]
const GRACE: i64 = 31 * 86_400;
#[cfg(test)]
const GRACE: i64 = 3 * 86_400;

/// The file that keeps the instant the monitor last folded at, so a
/// restart folds while it replays instead of holding the whole history.
const FOLD: &str = "fold";

/// Replay folds again each time memory holds this many more records than
/// after the last fold (at least), so memory stays within a small multiple
/// of the records of items not final. Small in tests, so that they fold
/// in mid-replay.
#[cfg(not(test))]
const REFOLD_AFTER: usize = 1 << 16;
#[cfg(test)]
const REFOLD_AFTER: usize = 100;

/// How a batch went: records stored, and records already stored before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Ingested {
    /// Records stored.
    pub accepted: u64,
    /// Records identical in every field as written to one stored before
    /// (or earlier in the batch): counted, not stored again.
    pub duplicates: u64,
}

/// What the monitor holds, for its own metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records held in memory.
    pub memory_records: u64,
    /// Items held in memory.
    pub memory_items: u64,
    /// The log's length in bytes.
    pub log_bytes: u64,
    /// Records stored in the log, all of them.
    pub records_stored: u64,
}

/// Where folding stands: the boundary items were last folded at.
#[derive(Debug)]
struct Fold {
    /// `boundary(rules, T)` at the instant T of the last fold (kept in
    /// `DIR/fold`), or `i64::MIN` before the first.
    boundary: i64,
    /// The ids of the items folded out of memory.
    folded: Bloom,
}

/// One agreement's monitor state over its state directory.
#[derive(Debug)]
pub struct Monitor {
    rules: Arc<RuleSet>,
    bill: Option<Arc<Bill>>,
    dir: PathBuf,
    _lock: Lock,
    log: Log,
    /// Records in the log: the last record's line in a replay of it.
    stored: u64,
    memory: Memory,
    fold: Fold,
    /// Bumped by every change to memory; the live view is kept per value.
    generation: u64,
    /// Memory's size in records at which [`Monitor::tidy`] folds again.
    refold_at: usize,
    cache: Option<(i64, u64, Arc<Live>)>,
    torn: Option<TornTail>,
}

impl Monitor {
    /// Opens (creating) the state directory, replays its log, folds.
    pub fn open(rules: RuleSet, bill: Option<Bill>, dir: &Path) -> Result<Monitor, MonitorError> {
        std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        let lock = Lock::take(dir)?;
        let log = Log::open(dir)?;
        let due = slate::eval::due::attributes(&rules);
        let fold_as_of = read_fold(dir)?;
        let boundary = fold_as_of.map_or(i64::MIN, |t| engine::boundary(&rules, t));
        let mut m = Monitor {
            rules: Arc::new(rules),
            bill: bill.map(Arc::new),
            dir: dir.to_path_buf(),
            _lock: lock,
            log,
            stored: 0,
            memory: Memory::new(due),
            fold: Fold {
                boundary,
                folded: Bloom::default(),
            },
            generation: 0,
            refold_at: REFOLD_AFTER,
            cache: None,
            torn: None,
        };
        m.replay()?;
        Ok(m)
    }

    /// The agreement's rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The torn last batch cut off on opening, if there was one: the
    /// caller says it in its log.
    pub fn torn(&self) -> Option<&TornTail> {
        self.torn.as_ref()
    }

    /// What the monitor holds.
    pub fn stats(&self) -> Stats {
        Stats {
            memory_records: self.memory.records() as u64,
            memory_items: self.memory.items() as u64,
            log_bytes: self.log.len(),
            records_stored: self.stored,
        }
    }

    /// Replays the log into memory, folding as it goes at the boundary of
    /// the last fold, so memory never holds the whole history; cuts a torn
    /// last frame.
    fn replay(&mut self) -> Result<(), MonitorError> {
        let mut frames = self.log.frames()?;
        let mut payload = Vec::new();
        let mut next_fold = REFOLD_AFTER;
        loop {
            let start = frames.offset;
            let read = frames
                .next_into(&mut payload)
                .map_err(io("read", self.log.path()))?;
            match read {
                Ok(true) => {}
                Ok(false) => break,
                Err(d) => {
                    self.torn = Some(self.log.damaged(&d)?);
                    break;
                }
            }
            let lines = frame_lines(&payload);
            let ids = self.ids(&lines);
            self.bring_back(&ids, start)?;
            for (n, line) in lines.iter().enumerate() {
                if let Some(Some(id)) = ids.get(n) {
                    self.memory.insert(id, self.stored + n as u64 + 1, line);
                }
            }
            self.stored += lines.len() as u64;
            if self.fold.boundary > i64::MIN && self.memory.records() >= next_fold {
                self.memory.reread();
                self.refold_grown()?;
                next_fold = (2 * self.memory.records()).max(REFOLD_AFTER);
            }
        }
        self.memory.reread();
        if self.fold.boundary > i64::MIN {
            self.refold()?;
        }
        self.refold_at = (2 * self.memory.records()).max(REFOLD_AFTER);
        Ok(())
    }

    /// The item id of each line that is a record the agreement reads.
    fn ids(&self, lines: &[&str]) -> Vec<Option<String>> {
        let mut text = String::new();
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        let mut events = self.memory.fresh_events();
        events.read("frame", &text, Format::Ndjson);
        let mut ids = vec![None; lines.len()];
        for r in &events.records {
            let line = events.origin(u64::from(r.seq)).map_or(0, |(_, n)| n);
            let slot = usize::try_from(line)
                .ok()
                .and_then(|n| ids.get_mut(n.checked_sub(1)?));
            if let Some(slot) = slot {
                *slot = Some(events.symbols.name(r.id).to_owned());
            }
        }
        ids
    }

    /// Brings the records of the folded items among `ids` back into memory
    /// from the log's frames before byte `end`, so that whether a new
    /// record is a duplicate, and what the item is, is decided on all of
    /// its records.
    fn bring_back(&mut self, ids: &[Option<String>], end: u64) -> Result<(), MonitorError> {
        let wanted: BTreeSet<&str> = ids
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|id| !self.memory.contains(id) && self.fold.folded.may_hold(id))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut frames = Frames::open(self.log.path(), end)?;
        let mut payload = Vec::new();
        let mut place = 0_u64;
        let mut found = false;
        while frames
            .next_into(&mut payload)
            .map_err(io("read", self.log.path()))?
            .map_err(|d| corrupt(self.log.path(), &d))?
        {
            let lines = frame_lines(&payload);
            // Only lines that may name a wanted id are read: one holding
            // its text, or an escape that could spell it.
            let few = wanted.len() <= 16;
            let maybe: Vec<&str> = lines
                .iter()
                .map(|l| {
                    let hit = !few || l.contains('\\') || wanted.iter().any(|id| l.contains(id));
                    if hit { *l } else { "" }
                })
                .collect();
            for (n, id) in self.ids(&maybe).iter().enumerate() {
                if let (Some(id), Some(line)) = (id, lines.get(n))
                    && wanted.contains(id.as_str())
                {
                    self.memory.insert(id, place + n as u64 + 1, line);
                    found = true;
                }
            }
            place += lines.len() as u64;
        }
        if found {
            self.memory.reread();
            self.generation += 1;
        }
        Ok(())
    }

    /// Folds again at the current boundary: items now final leave memory.
    fn refold(&mut self) -> Result<(), MonitorError> {
        self.fold_at(self.fold.boundary)
    }

    /// Folds out the items final at `boundary` (at or before the current
    /// one: an item final at an earlier boundary is final at every later
    /// one, so this never drops an item the live view needs).
    fn fold_at(&mut self, boundary: i64) -> Result<(), MonitorError> {
        // Grouped here, not at each batch: a sort of all records held.
        self.memory.events.group();
        let keep = engine::unsettled(&self.rules, &self.memory.events, boundary)?;
        self.memory.fold(&keep, &mut self.fold.folded);
        self.generation += 1;
        Ok(())
    }

    /// The fold when memory has grown, while a history arrives or is
    /// replayed: at the current boundary, or [`GRACE`] before the latest
    /// record held if that is earlier. Records of an item often follow its
    /// stop (an update, a closure, a survey); an item folded at its stop
    /// would come back from the log at each, a scan of the whole log. The
    /// grace keeps such items a month after their last record.
    fn refold_grown(&mut self) -> Result<(), MonitorError> {
        let latest = self.memory.events.records.iter().map(|r| r.at).max();
        let boundary = latest.map_or(self.fold.boundary, |t| {
            self.fold.boundary.min(t.saturating_sub(GRACE))
        });
        self.fold_at(boundary)
    }

    /// One NDJSON batch, all or nothing; durable (fsync'd) before Ok.
    pub fn ingest(&mut self, body: &[u8]) -> Result<Ingested, Rejected> {
        if body.len() > MAX_BATCH {
            return Err(Rejected::TooLarge);
        }
        // A first reading gives the batch's items; those folded out of
        // memory come back from the log before anything is decided.
        let mut batch = self.memory.fresh_events();
        let _ = batch.read_from("batch", &mut &*body, Format::Ndjson, &mut |_| {});
        let mut first: HashMap<String, u64> = HashMap::new();
        for r in &batch.records {
            let line = batch.origin(u64::from(r.seq)).map_or(0, |(_, n)| n);
            first
                .entry(batch.symbols.name(r.id).to_owned())
                .or_insert(line);
        }
        let ids: Vec<Option<String>> = first.keys().cloned().map(Some).collect();
        let before = self.memory.records();
        self.bring_back(&ids, self.log.len())
            .map_err(Rejected::Io)?;
        let brought = self.memory.records() > before;
        let outcome = self.store(body, batch, &first);
        if brought {
            // Items brought back that are still final leave memory again.
            // Should the engine fail here, they stay until the next fold,
            // which says why.
            let _ = self.refold();
        }
        outcome
    }

    /// Checks the batch and stores its new records (see [`Monitor::ingest`]).
    fn store(
        &mut self,
        body: &[u8],
        batch: Events,
        first: &HashMap<String, u64>,
    ) -> Result<Ingested, Rejected> {
        let (events, stored_ids) = self.check(body, batch, first);
        if events.invalid_total > 0 {
            return Err(Rejected::Invalid {
                errors: line_errors(&events, &stored_ids, first),
                total: events.invalid_total,
            });
        }
        let lines = batch_lines(body);
        let mut accepted: Vec<(&str, &str)> = Vec::new();
        // The records are grouped by item: the log takes them as sent.
        let mut sent: Vec<&slate::eval::Record> = events.records.iter().collect();
        sent.sort_unstable_by_key(|r| r.seq);
        for r in sent {
            if let Some(("batch", n)) = events.origin(u64::from(r.seq)) {
                let text = usize::try_from(n)
                    .ok()
                    .and_then(|n| lines.get(n.checked_sub(1)?))
                    .copied()
                    .unwrap_or_default();
                accepted.push((events.symbols.name(r.id), text));
            }
        }
        let outcome = Ingested {
            accepted: accepted.len() as u64,
            duplicates: events.duplicates,
        };
        if accepted.is_empty() {
            return Ok(outcome);
        }
        let mut payload = String::new();
        for (_, text) in &accepted {
            payload.push_str(text);
            payload.push('\n');
        }
        self.log.append(payload.as_bytes()).map_err(|e| match e {
            MonitorError::TooLarge => Rejected::TooLarge,
            e => Rejected::Io(e),
        })?;
        for (n, (id, text)) in accepted.iter().enumerate() {
            self.memory.insert(id, self.stored + n as u64 + 1, text);
        }
        self.stored += accepted.len() as u64;
        self.memory.read(&payload);
        self.generation += 1;
        Ok(outcome)
    }

    /// Reads the batch after the stored records of its items, as `slate
    /// eval` would read them in one file, and checks every record as it
    /// does: unreadable ones, and those an objective needs a number from
    /// that they lack. Gives that reading and, per line of the stored
    /// records read, its item's id.
    fn check(
        &self,
        body: &[u8],
        batch: Events,
        first: &HashMap<String, u64>,
    ) -> (Events, Vec<String>) {
        let mut events = batch;
        let mut stored_ids = Vec::new();
        let ids: BTreeSet<&str> = first
            .keys()
            .map(String::as_str)
            .filter(|id| self.memory.contains(id))
            .collect();
        if !ids.is_empty() {
            let mut stored: Vec<(u64, &str, &str)> = ids
                .iter()
                .flat_map(|id| {
                    self.memory
                        .lines(id)
                        .iter()
                        .map(move |l| (l.place, *id, &*l.text))
                })
                .collect();
            stored.sort_unstable_by_key(|(place, ..)| *place);
            let mut text = String::new();
            for (_, id, line) in &stored {
                text.push_str(line);
                text.push('\n');
                stored_ids.push((*id).to_owned());
            }
            events = self.memory.fresh_events();
            events.read("stored", &text, Format::Ndjson);
            // Reading from memory cannot fail.
            let _ = events.read_from("batch", &mut &*body, Format::Ndjson, &mut |_| {});
        }
        slate::eval::reject_invalid_samples(&self.rules, &mut events, None);
        slate::eval::refuse_non_numbers(&self.rules, &mut events, None);
        (events, stored_ids)
    }
}

impl Monitor {
    /// The live view at `now` (kept until the next ingest or a new
    /// second). When `now` is past a new fold boundary, the items final
    /// at it leave memory first.
    pub fn live(&mut self, now: i64) -> Result<Arc<Live>, MonitorError> {
        self.move_boundary(now)?;
        if let Some((at, generation, live)) = &self.cache
            && *at == now
            && *generation == self.generation
        {
            return Ok(Arc::clone(live));
        }
        let bill = self.bill.as_deref();
        self.memory.events.group();
        let live = Arc::new(engine::live(&self.rules, &self.memory.events, bill, now)?);
        self.cache = Some((now, self.generation, Arc::clone(&live)));
        Ok(live)
    }

    /// `slate eval --as-of T` on every stored record, replayed from the log.
    pub fn report(&self, as_of: i64, details: bool) -> Result<Report, MonitorError> {
        self.snapshot().report(as_of, details)
    }

    /// Moves the fold boundary to `now`'s: past a new one, the items final
    /// at it leave memory.
    fn move_boundary(&mut self, now: i64) -> Result<(), MonitorError> {
        self.check_clock(now)?;
        let boundary = engine::boundary(&self.rules, now);
        if boundary < self.fold.boundary {
            // Nothing was folded: the boundary may go back with the clock.
            self.fold.boundary = boundary;
        } else if boundary > self.fold.boundary {
            self.fold.boundary = boundary;
            self.refold()?;
            write_fold(&self.dir, now)?;
        }
        Ok(())
    }

    /// Refuses a clock before the boundary the monitor last folded at,
    /// once it has folded anything out: the items final there are gone
    /// from memory, and an earlier instant's live view would need them.
    pub fn check_clock(&self, now: i64) -> Result<(), MonitorError> {
        if engine::boundary(&self.rules, now) < self.fold.boundary && !self.fold.folded.is_empty() {
            return Err(MonitorError::ClockBack {
                now,
                boundary: self.fold.boundary,
            });
        }
        Ok(())
    }

    /// Keeps memory to the items not final, after a batch at `now`: moves
    /// the fold boundary to `now`'s, and folds again once memory holds
    /// twice the records it held after the last fold (at least
    /// [`REFOLD_AFTER`]), as replay does. Without it, memory would hold
    /// every record sent within a period until the next period began.
    /// Folding costs a pass over the records in memory, and memory at
    /// least doubles between two folds, so it adds at most about one such
    /// pass per record ingested.
    pub fn tidy(&mut self, now: i64) -> Result<(), MonitorError> {
        self.move_boundary(now)?;
        if self.fold.boundary > i64::MIN && self.memory.records() >= self.refold_at {
            self.refold_grown()?;
            self.refold_at = (2 * self.memory.records()).max(REFOLD_AFTER);
        }
        Ok(())
    }

    /// What a report needs, to replay the log without holding the monitor:
    /// the records stored up to now, the rule set and the bill.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            rules: Arc::clone(&self.rules),
            bill: self.bill.clone(),
            log: self.log.path().to_path_buf(),
            len: self.log.len(),
        }
    }
}

/// The records stored at one moment, with the agreement: answers
/// [`Monitor::report`] while the monitor goes on ingesting.
#[derive(Clone, Debug)]
pub struct Snapshot {
    rules: Arc<RuleSet>,
    bill: Option<Arc<Bill>>,
    log: PathBuf,
    len: u64,
}

impl Snapshot {
    /// `slate eval --as-of T` on the stored records: the log's lines read
    /// as one NDJSON file named `monitor`, checked and evaluated as `slate
    /// eval` does. Records an objective needs a number from that lack one
    /// at this cut-off (possible only where a later record changed what
    /// an item's `where` selects) are listed as invalid records, as
    /// `slate eval --skip-invalid` lists them.
    pub fn report(&self, as_of: i64, details: bool) -> Result<Report, MonitorError> {
        let mut events = Events::default();
        events.due_attributes(slate::eval::due::attributes(&self.rules));
        let frames = Frames::open(&self.log, self.len)?;
        let mut input = BufReader::with_capacity(1 << 16, Replay::new(frames));
        events
            .read_from("monitor", &mut input, Format::Ndjson, &mut |_| {})
            .map_err(io("read", &self.log))?;
        slate::eval::reject_invalid_samples(&self.rules, &mut events, Some(as_of));
        slate::eval::refuse_non_numbers(&self.rules, &mut events, Some(as_of));
        let options = slate::eval::Options {
            as_of: Some(as_of),
            from: None,
            to: None,
            details,
            ..slate::eval::Options::default()
        };
        Ok(slate::eval::evaluate_billed(
            &self.rules,
            &events,
            self.bill.as_deref(),
            &options,
        )?)
    }
}

/// The lines of a batch as `slate eval` numbers them: split at line
/// feeds, without a CR before one, and without a byte order mark at the
/// start. A last line without a line feed is a line.
fn batch_lines(body: &[u8]) -> Vec<&str> {
    let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    if body.is_empty() {
        return Vec::new();
    }
    body.split(|&b| b == b'\n')
        .map(|l| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            // A line that is not text is invalid, and never stored.
            std::str::from_utf8(l).unwrap_or_default()
        })
        .collect()
}

/// The lines of a frame's payload (each ends in a line feed).
fn frame_lines(payload: &[u8]) -> Vec<&str> {
    let text = std::str::from_utf8(payload).unwrap_or_default();
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n').collect()
}

/// The batch's invalid records by line. A stored record that the batch
/// makes invalid (an objective's `where` now selects its item, and it
/// lacks a number the objective reads) is named on the batch's first line
/// of its item.
fn line_errors(
    events: &Events,
    stored_ids: &[String],
    first: &HashMap<String, u64>,
) -> Vec<LineError> {
    let mut errors: Vec<LineError> = events
        .invalid
        .iter()
        .filter_map(|i| {
            if i.file == "batch" {
                return Some(LineError {
                    line: i.line,
                    message: i.message.clone(),
                });
            }
            let id = usize::try_from(i.line)
                .ok()
                .and_then(|n| stored_ids.get(n.checked_sub(1)?))?;
            Some(LineError {
                line: *first.get(id)?,
                message: format!(
                    "with this record, a stored record of item `{}` is invalid: {}",
                    slate::rules::clip(id, slate::eval::events::MAX_QUOTED),
                    i.message
                ),
            })
        })
        .collect();
    errors.sort_by_key(|e| e.line);
    errors
}

/// A damaged frame where none can be: before the end of the whole frames.
fn corrupt(path: &Path, d: &Damaged) -> MonitorError {
    MonitorError::Corrupt {
        path: path.to_path_buf(),
        offset: d.offset,
        why: d.why,
    }
}

/// The instant of the last fold, kept in `DIR/fold`.
fn read_fold(dir: &Path) -> Result<Option<i64>, MonitorError> {
    let path = dir.join(FOLD);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text.trim().parse().ok()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("read", &path)(e)),
    }
}

/// Keeps the instant of a fold, replacing the file whole. Not synced: a
/// lost one only makes the next start fold later.
fn write_fold(dir: &Path, as_of: i64) -> Result<(), MonitorError> {
    let path = dir.join(FOLD);
    let part = dir.join("fold.part");
    std::fs::write(&part, format!("{as_of}\n")).map_err(io("write", &part))?;
    std::fs::rename(&part, &path).map_err(io("write", &path))
}

#[cfg(test)]
mod tests;
