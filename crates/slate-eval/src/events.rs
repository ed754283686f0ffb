//! Event records: NDJSON or CSV with a header, as `docs/semantics.md` defines them.
//!
//! Every record has `id`, `at` (RFC 3339 with an offset) and `event`; every
//! other field is an attribute. A record that cannot be read is an
//! [`Invalid`] naming its file and line. Duplicates (identical in every field
//! as written) are counted once: they are found item by item when the
//! records are grouped ([`Events::group`]).
//!
//! ```text
//!  input ─ lines ─▶ chunks ─▶ workers (Block: parse, check, own symbols)
//!                                  └─▶ Events::take, in reading order ─▶ group
//! ```

use rustc_hash::FxBuildHasher;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use crate::input::Lines;
pub use crate::input::MAX_LINE;
pub use slate_rules::MAX_QUOTED;

mod block;
mod group;
pub(crate) mod object;
mod read;
mod spill;
mod symbols;

pub(crate) use group::items;
pub use spill::{MAX_PARTITIONS, PartitionError, remove_partitions_of};
pub use symbols::{Sym, Symbols};

/// One event record. Its attributes are a range of a shared list
/// ([`Events::attrs`]), so a record is small and copied without allocating.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The item it belongs to.
    pub id: Sym,
    /// What happened.
    pub event: Sym,
    /// When, as Unix seconds (fractions of a second are dropped).
    pub at: i64,
    /// Order of reading, across all files: ties at the same instant apply
    /// in it. An evaluation reads at most [`MAX_RECORDS`] records.
    pub seq: u32,
    /// With `at`, the timestamp as written (see [`Events::group`]): the
    /// text after the seconds, or the whole text when it is not of the
    /// form `YYYY-MM-DDTHH:MM:SS…`.
    pub form: Sym,
    /// Where its attributes start in the shared list.
    pub attrs_start: u32,
    /// How many attributes it has (at most [`MAX_ATTRIBUTES`]).
    pub attrs_len: u16,
}

/// The most records one evaluation reads (duplicates included): records
/// are numbered in 32 bits, which keeps a record in 32 bytes.
pub const MAX_RECORDS: u64 = u32::MAX as u64;

/// The most attributes a record may have.
pub const MAX_ATTRIBUTES: usize = u16::MAX as usize;

impl Record {
    /// Its attributes as (name, value), sorted by name, from the shared list.
    pub fn attrs<'a>(&self, list: &'a [(Sym, Sym)]) -> &'a [(Sym, Sym)] {
        let start = self.attrs_start as usize;
        list.get(start..start + usize::from(self.attrs_len))
            .unwrap_or_default()
    }

    /// The value of an attribute, if the record carries it.
    pub fn attr(&self, list: &[(Sym, Sym)], field: Sym) -> Option<Sym> {
        self.attrs(list)
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| *v)
    }
}

/// A record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Invalid {
    /// The file, as given.
    pub file: String,
    /// The 1-based line.
    pub line: u64,
    /// What is wrong, lowercase.
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The format of an event file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header line.
    Csv,
}

impl Format {
    /// The format a file name implies: `.ndjson`, `.jsonl` or `.json` for
    /// NDJSON, `.csv` for CSV.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".ndjson") || lower.ends_with(".jsonl") || lower.ends_with(".json") {
            Some(Format::Ndjson)
        } else if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// What reading all inputs gave.
#[derive(Clone, Debug, Default)]
pub struct Events {
    /// Every record read, in reading order; once [`Events::group`] has run,
    /// every distinct record, grouped by item.
    pub records: Vec<Record>,
    /// The strings the records use, shared with the partitions of
    /// spilled records ([`Events::partition`]).
    pub symbols: Arc<Symbols>,
    /// Every record's attributes, one after another.
    pub attrs: Vec<(Sym, Sym)>,
    /// Records read, duplicates included.
    pub read: u64,
    /// Records identical to an earlier one of their item, counted once
    /// (found by [`Events::group`]).
    pub duplicates: u64,
    /// The first [`MAX_LISTED_INVALID`] records that could not be read.
    pub invalid: Vec<Invalid>,
    /// How many records could not be read, all of them counted.
    pub invalid_total: u64,
    /// Per file: its name and the records read from it.
    pub files: Vec<(String, u64)>,
    /// Records found invalid after reading, because an objective needs a
    /// number from them that they lack: the objective's name and the
    /// record's instant (see [`Events::reject`]).
    pub rejected: Vec<(String, i64)>,
    /// Where records were read, by `seq`: the index of the file in `files`
    /// and the line, noted only where a record is not on the line after
    /// the previous record's, so a record found invalid later (by
    /// [`Events::reject`]) is named by file and line.
    origins: Vec<(u64, u32, u64)>,
    /// The index in `files` of each record listed in `invalid`, in step
    /// with it: a name given twice is two files.
    invalid_files: Vec<usize>,
    /// The `seq` of the next record read.
    next_seq: u64,
    /// The file being read.
    reading: String,
    /// Whether the records are grouped by item, duplicates dropped.
    grouped: bool,
    /// Threads reading NDJSON; 0 or 1 reads on the caller's thread.
    threads: usize,
    /// Bytes of lines a chunk takes (0: [`block::CHUNK_BYTES`]).
    chunk_bytes: usize,
    /// Attributes that hold due dates: a record whose value of one is
    /// neither a date nor an RFC 3339 instant is invalid.
    due_attributes: Vec<String>,
    /// The bytes of records held beyond which they are spilled, to how
    /// many partitions, where ([`Events::spill_over`]).
    budget: Option<(u64, usize, PathBuf)>,
    /// The records spilled to partitions, if any.
    spill: Option<spill::Spill>,
}

/// The earliest instant an event record may have: 1900-01-01T00:00:00Z.
/// Evaluation compiles calendars over the span of the events, so a record
/// centuries away would make it compile centuries of opening hours.
pub const EARLIEST: i64 = -2_208_988_800;

/// The end of the instants an event record may have: 2200-01-01T00:00:00Z.
pub const LATEST: i64 = 7_258_118_400;

/// The most invalid records kept and listed one by one; the rest are only
/// counted, so memory does not grow with their number.
pub const MAX_LISTED_INVALID: usize = 1000;

impl Events {
    /// Names the attributes that hold due dates ([`crate::due::attributes`]
    /// of the rule set): records read afterwards whose value of one is
    /// neither a date `YYYY-MM-DD` nor an RFC 3339 instant are invalid.
    pub fn due_attributes(&mut self, names: Vec<String>) {
        self.due_attributes = names;
    }

    /// Reads NDJSON on `threads` threads (1, the default, reads on the
    /// caller's). The records, their numbers and every count are the same
    /// whatever the number.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    /// How many bytes of lines each thread reads at a time (by default
    /// 256 KiB), for tests and tuning: the records are the same whatever
    /// the size.
    pub fn set_chunk_bytes(&mut self, bytes: usize) {
        self.chunk_bytes = bytes;
    }

    /// Whether the records are grouped by item ([`Events::group`]) and no
    /// record was read since.
    pub fn is_grouped(&self) -> bool {
        self.grouped
    }

    /// Reads one file's text. Records are numbered after those already read.
    pub fn read(&mut self, file: &str, text: &str, format: Format) {
        // Reading from memory cannot fail.
        let _ = self.read_from(file, &mut text.as_bytes(), format, &mut |_| {});
    }

    /// Reads one file incrementally, a line at a time, telling `progress`
    /// every 65,536 lines how many bytes of it have been read. No line may be
    /// longer than [`MAX_LINE`] bytes: a longer one is an invalid record,
    /// and is skipped without being kept. Fails only when `input` does.
    pub fn read_from(
        &mut self,
        file: &str,
        input: &mut dyn BufRead,
        format: Format,
        progress: &mut dyn FnMut(u64),
    ) -> std::io::Result<()> {
        let before = self.read;
        file.clone_into(&mut self.reading);
        let mut lines = Lines::new(input, progress);
        let result = match format {
            Format::Ndjson => read::ndjson(self, &mut lines, self.threads),
            Format::Csv => read::csv(self, &mut lines),
        };
        let bytes = lines.bytes;
        progress(bytes);
        self.files.push((file.to_owned(), self.read - before));
        result
    }

    /// Takes a block read from the current file: its records numbered
    /// after those already read, its symbols made this reading's.
    fn take(&mut self, block: block::Block) {
        let file = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        let symbols = Arc::make_mut(&mut self.symbols);
        let ours: Vec<Sym> = block.symbols.names().map(|s| symbols.intern(s)).collect();
        let sym = |s: Sym| ours.get(s as usize).copied().unwrap_or_default();
        if !block.records.is_empty() {
            self.grouped = false;
        }
        let (mut records, mut invalid) = (
            block.records.iter().zip(&block.lines).peekable(),
            block.invalid.iter().peekable(),
        );
        // Records and invalid lines in line order, so the invalid ones are
        // listed in reading order.
        loop {
            let next_record = records.peek().map(|(_, line)| **line);
            let next_invalid = invalid.peek().map(|(line, _)| *line);
            match (next_record, next_invalid) {
                (Some(r), Some(i)) if i < r => {}
                (Some(_), _) => {
                    if let Some((r, &line)) = records.next() {
                        self.push(r, &block.attrs, &sym, (file, line));
                    }
                    continue;
                }
                (None, Some(_)) => {}
                (None, None) => break,
            }
            if let Some((line, message)) = invalid.next() {
                self.invalid_line(*line, message.clone());
            }
        }
        let listed = block.invalid.len() as u64;
        self.invalid_total += block.invalid_total.saturating_sub(listed);
        self.spill_if_over();
    }

    /// Adds one record of a block, its symbols turned into ours by `sym`.
    fn push(
        &mut self,
        r: &Record,
        attrs: &[(Sym, Sym)],
        sym: &dyn Fn(Sym) -> Sym,
        (file, line): (u32, u64),
    ) {
        let (Ok(seq), Ok(attrs_start)) = (
            u32::try_from(self.next_seq)
                .ok()
                .filter(|_| self.next_seq < MAX_RECORDS)
                .ok_or(()),
            u32::try_from(self.attrs.len() + usize::from(r.attrs_len)),
        ) else {
            let message = format!(
                "more than {MAX_RECORDS} records, or their attributes, in one evaluation; evaluate fewer records at once"
            );
            return self.invalid_line(line, message);
        };
        let attrs_start = attrs_start - u32::from(r.attrs_len);
        self.next_seq += 1;
        self.read += 1;
        self.attrs
            .extend(r.attrs(attrs).iter().map(|&(k, v)| (sym(k), sym(v))));
        let mine = self
            .attrs
            .get_mut(attrs_start as usize..)
            .unwrap_or_default();
        mine.sort_unstable();
        let seq64 = u64::from(seq);
        let predicted = self
            .origins
            .last()
            .is_some_and(|&(s, f, l)| f == file && l + (seq64 - s) == line);
        if !predicted {
            self.origins.push((seq64, file, line));
        }
        self.records.push(Record {
            id: sym(r.id),
            event: sym(r.event),
            at: r.at,
            seq,
            form: sym(r.form),
            attrs_start,
            attrs_len: r.attrs_len,
        });
    }

    /// An invalid line of the file being read.
    fn invalid_line(&mut self, line: u64, message: String) {
        let reading = std::mem::take(&mut self.reading);
        // The file being read is the next in `files`.
        self.invalid(self.files.len(), &reading, line, message);
        self.reading = reading;
    }

    /// The index in `files` of the file a record was read from, and its
    /// line, by its `seq`.
    fn place(&self, seq: u64) -> Option<(usize, u64)> {
        let at = self.origins.partition_point(|&(s, ..)| s <= seq);
        let &(first, file, line) = self.origins.get(at.checked_sub(1)?)?;
        Some((file as usize, line + (seq - first)))
    }

    /// The file and line a record was read from, by its `seq`.
    pub fn origin(&self, seq: u64) -> Option<(&str, u64)> {
        let (file, line) = self.place(seq)?;
        let (name, _) = self.files.get(file)?;
        Some((name, line))
    }

    /// Turns read records into invalid ones, each named by its `seq` with
    /// an objective that needs a number from it and why it has none (a
    /// record may be named once per objective): they leave `records` and
    /// are counted, and listed, as invalid once each. Call it once every
    /// file is read.
    pub fn reject(&mut self, found: &[(u64, String, String)]) {
        let seqs: HashSet<u64, FxBuildHasher> = found.iter().map(|(seq, ..)| *seq).collect();
        let mut at = HashMap::with_hasher(FxBuildHasher);
        self.records.retain(|r| {
            let keep = !seqs.contains(&u64::from(r.seq));
            if !keep {
                at.insert(u64::from(r.seq), (r.at, false));
            }
            keep
        });
        for (seq, objective, message) in found {
            let Some((instant, listed)) = at.get_mut(seq) else {
                continue;
            };
            self.rejected.push((objective.clone(), *instant));
            if std::mem::replace(listed, true) {
                continue;
            }
            let (file, line) = self
                .origin(*seq)
                .map_or((String::new(), 0), |(f, l)| (f.to_owned(), l));
            self.read = self.read.saturating_sub(1);
            let index = self.place(*seq).map(|(file, _)| file);
            if let Some((_, n)) = index.and_then(|f| self.files.get_mut(f)) {
                *n = n.saturating_sub(1);
            }
            // Listed whatever were listed on reading: it may come before
            // some of them.
            self.invalid_total += 1;
            self.invalid_files.push(index.unwrap_or(usize::MAX));
            self.invalid.push(Invalid {
                file,
                line,
                message: message.clone(),
            });
        }
        // Listed in reading order, whether found on reading or after it,
        // the first MAX_LISTED_INVALID of them.
        let files = std::mem::take(&mut self.invalid_files);
        let mut listed: Vec<(usize, Invalid)> = std::mem::take(&mut self.invalid)
            .into_iter()
            .enumerate()
            .map(|(k, i)| (files.get(k).copied().unwrap_or(usize::MAX), i))
            .collect();
        listed.sort_by_key(|(file, i)| (*file, i.line));
        listed.truncate(MAX_LISTED_INVALID);
        (self.invalid_files, self.invalid) = listed.into_iter().unzip();
    }

    /// Counts an invalid record, and keeps it when fewer than
    /// [`MAX_LISTED_INVALID`] are kept.
    fn invalid(&mut self, index: usize, file: &str, line: u64, message: String) {
        self.invalid_total += 1;
        if self.invalid.len() >= MAX_LISTED_INVALID {
            return;
        }
        self.invalid_files.push(index);
        self.invalid.push(Invalid {
            file: file.to_owned(),
            line,
            message,
        });
    }
}

#[cfg(test)]
mod tests;
