//! Event records: NDJSON or CSV with a header, as `docs/semantics.md` defines them.
//!
//! Every record has `id`, `at` (RFC 3339 with an offset) and `event`; every
//! other field is an attribute. A record that cannot be read is an
//! [`Invalid`] naming its file and line. Duplicates (identical in every field
//! as written) are counted once.

use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;

pub use crate::input::MAX_LINE;
use crate::input::{Cells, Lines};
pub use slate_rules::MAX_QUOTED;
use slate_rules::{clip, given_twice};

pub(crate) mod object;
use object::Object;

/// An interned string: ids, event names, attribute names and values are
/// stored once and compared as numbers.
pub type Sym = u32;

/// The strings of all records, each stored once.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    /// FxHash (`rustc-hash`): its keys are not chosen by an attacker who
    /// could profit from collisions, and SipHash cost a fifth of reading
    /// time on large inputs.
    map: HashMap<Box<str>, Sym, FxBuildHasher>,
    names: Vec<Box<str>>,
}

impl Symbols {
    /// The symbol of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym::try_from(self.names.len()).unwrap_or(Sym::MAX);
        self.names.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    /// The symbol of `s`, if any record uses it.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    /// How many symbols there are (they are numbered from 0).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The string of a symbol.
    pub fn name(&self, sym: Sym) -> &str {
        self.names.get(sym as usize).map_or("", |s| s)
    }
}

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
    /// Order of reading, across all files: ties at the same instant apply in it.
    pub seq: u64,
    /// Where its attributes start in the shared list.
    pub attrs_start: usize,
    /// How many attributes it has.
    pub attrs_len: u32,
}

impl Record {
    /// Its attributes as (name, value), sorted by name, from the shared list.
    pub fn attrs<'a>(&self, list: &'a [(Sym, Sym)]) -> &'a [(Sym, Sym)] {
        list.get(self.attrs_start..self.attrs_start + self.attrs_len as usize)
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
    /// Every distinct record, in reading order.
    pub records: Vec<Record>,
    /// The strings the records use.
    pub symbols: Symbols,
    /// Every record's attributes, one after another.
    pub attrs: Vec<(Sym, Sym)>,
    /// Records read, duplicates included.
    pub read: u64,
    /// Records identical to an earlier one, counted once.
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
    /// Where each record was read, by `seq`: the index of its file in
    /// `files` and its 1-based line, so a record found invalid later (by
    /// [`Events::reject`]) is named by file and line.
    origins: Vec<(u32, u64)>,
    /// Fingerprints of the records read: XXH3-128 of every field as written.
    seen: HashSet<u128, FxBuildHasher>,
    /// The bytes of the record being fingerprinted, kept to reuse.
    scratch: Vec<u8>,
    /// Attributes that hold due dates: a record whose value of one is
    /// neither a date nor an RFC 3339 instant is invalid.
    due_attributes: Vec<String>,
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
        let mut lines = Lines::new(input, progress);
        let result = match format {
            Format::Ndjson => self.read_ndjson(file, &mut lines),
            Format::Csv => self.read_csv(file, &mut lines),
        };
        let bytes = lines.bytes;
        progress(bytes);
        self.files.push((file.to_owned(), self.read - before));
        result
    }

    /// The file and line a record was read from, by its `seq`.
    pub fn origin(&self, seq: u64) -> Option<(&str, u64)> {
        let (file, line) = *self.origins.get(usize::try_from(seq).ok()?)?;
        let (name, _) = self.files.get(file as usize)?;
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
            let keep = !seqs.contains(&r.seq);
            if !keep {
                at.insert(r.seq, (r.at, false));
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
            let index = self
                .origins
                .get(usize::try_from(*seq).unwrap_or(usize::MAX));
            if let Some((_, n)) = index.and_then(|(f, _)| self.files.get_mut(*f as usize)) {
                *n = n.saturating_sub(1);
            }
            self.invalid(&file, line, message.clone());
        }
        // Listed in reading order, whether found on reading or after it.
        let files = &self.files;
        let place = |name: &str| files.iter().position(|(f, _)| f == name);
        self.invalid.sort_by_key(|i| (place(&i.file), i.line));
    }

    /// Counts an invalid record, and keeps it when fewer than
    /// [`MAX_LISTED_INVALID`] are kept.
    pub(crate) fn invalid(&mut self, file: &str, line: u64, message: String) {
        self.invalid_total += 1;
        if self.invalid.len() >= MAX_LISTED_INVALID {
            return;
        }
        self.invalid.push(Invalid {
            file: file.to_owned(),
            line,
            message,
        });
    }

    fn read_ndjson(&mut self, file: &str, lines: &mut Lines<'_>) -> std::io::Result<()> {
        while let Some((n, line)) = lines.next_line()? {
            let line = match line.text() {
                Ok(line) => line,
                Err(problem) => {
                    self.invalid(file, n, problem.to_string());
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let mut fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(8);
            let mut de = serde_json::Deserializer::from_str(line);
            let parsed = serde::de::DeserializeSeed::deserialize(Object(&mut fields), &mut de)
                .and_then(|()| de.end());
            match parsed {
                Ok(()) => self.record(file, n, &fields),
                Err(e) => {
                    // serde_json may quote the value (a line that is one
                    // long string): the message is cut like a quoted value.
                    let message = if e.is_data() {
                        let e = e.to_string();
                        let e = e.split(" at line ").next().unwrap_or_default();
                        clip(e, 2 * MAX_QUOTED).into_owned()
                    } else {
                        format!(
                            "not a JSON object: {}",
                            clip(&e.to_string(), 2 * MAX_QUOTED)
                        )
                    };
                    self.invalid(file, n, message);
                }
            }
        }
        Ok(())
    }

    fn read_csv(&mut self, file: &str, lines: &mut Lines<'_>) -> std::io::Result<()> {
        let mut cells = Cells::default();
        let header: Vec<String> = match cells.read(lines)? {
            None => Vec::new(),
            Some(Err(e)) => {
                self.invalid(file, e.line, format!("unreadable header: {}", e.problem));
                return Ok(());
            }
            Some(Ok(_)) => cells.iter().map(|s| s.trim().to_owned()).collect(),
        };
        if let Some(column) = header.iter().position(String::is_empty) {
            self.invalid(
                file,
                1,
                format!(
                    "the header's column {} has no name; name every column, or remove the empty one",
                    column + 1
                ),
            );
            return Ok(());
        }
        if let Some(twice) = given_twice(header.iter().map(String::as_str)) {
            self.invalid(
                file,
                1,
                format!(
                    "the header has the column `{}` twice",
                    clip(twice, MAX_QUOTED)
                ),
            );
            return Ok(());
        }
        for field in ["id", "at", "event"] {
            if !header.iter().any(|h| h == field) {
                self.invalid(file, 1, format!("the header has no `{field}` column"));
                return Ok(());
            }
        }
        while let Some(row) = cells.read(lines)? {
            let line = match row {
                Ok(line) => line,
                Err(e) => {
                    self.invalid(file, e.line, e.problem.to_string());
                    continue;
                }
            };
            if cells.len() != header.len() {
                let message = format!(
                    "{} fields where the header has {}",
                    cells.len(),
                    header.len()
                );
                self.invalid(file, line, message);
                continue;
            }
            let fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = header
                .iter()
                .zip(cells.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v)))
                .collect();
            self.record(file, line, &fields);
        }
        Ok(())
    }

    fn record(&mut self, file: &str, line: u64, fields: &[(Cow<'_, str>, Cow<'_, str>)]) {
        let mut id = None;
        let mut at = None;
        let mut event = None;
        for (k, v) in fields {
            match k.as_ref() {
                "id" => id = Some(v.as_ref()),
                "at" => at = Some(v.as_ref()),
                "event" => event = Some(v.as_ref()),
                _ => {}
            }
        }
        let problem: Vec<&str> = [("id", id), ("at", at), ("event", event)]
            .iter()
            .filter(|(_, v)| v.is_none_or(str::is_empty))
            .map(|(k, _)| *k)
            .collect();
        let (Some(id), Some(at_text), Some(event)) = (id, at, event) else {
            self.invalid(file, line, format!("missing `{}`", problem.join("`, `")));
            return;
        };
        if !problem.is_empty() {
            self.invalid(file, line, format!("empty `{}`", problem.join("`, `")));
            return;
        }
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(at_text).map(|t| t.timestamp()) else {
            self.invalid(
                file,
                line,
                format!(
                    "`{}` is not an RFC 3339 timestamp with an offset, such as `2026-03-02T09:15:00Z`",
                    clip(at_text, MAX_QUOTED)
                ),
            );
            return;
        };
        if !(EARLIEST..LATEST).contains(&at) {
            self.invalid(
                file,
                line,
                format!(
                    "`{}` is outside the years 1900 to 2199 that event records may have",
                    clip(at_text, MAX_QUOTED)
                ),
            );
            return;
        }
        if let Some((k, v)) = fields.iter().find(|(k, v)| {
            self.due_attributes.iter().any(|d| d == k.as_ref())
                && crate::due::read(v.as_ref()).is_none()
        }) {
            self.invalid(
                file,
                line,
                format!(
                    "`{}` is `{}`, {}",
                    clip(k, MAX_QUOTED),
                    clip(v, MAX_QUOTED),
                    crate::due::not_due(v)
                ),
            );
            return;
        }
        self.read += 1;
        let id = self.symbols.intern(id);
        let event = self.symbols.intern(event);
        let attrs_start = self.attrs.len();
        for (k, v) in fields {
            if !matches!(k.as_ref(), "id" | "at" | "event") {
                // Readers refuse a field given twice, so each is new here.
                let k = self.symbols.intern(k);
                let v = self.symbols.intern(v);
                self.attrs.push((k, v));
            }
        }
        let mine = self.attrs.get_mut(attrs_start..).unwrap_or_default();
        mine.sort_unstable();
        if !self
            .seen
            .insert(fingerprint(&mut self.scratch, id, at_text, event, mine))
        {
            self.duplicates += 1;
            self.attrs.truncate(attrs_start);
            return;
        }
        let seq = self.records.len() as u64;
        let file = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.origins.push((file, line));
        self.records.push(Record {
            id,
            event,
            at,
            seq,
            attrs_start,
            attrs_len: u32::try_from(self.attrs.len() - attrs_start).unwrap_or(u32::MAX),
        });
    }
}

/// A record's fingerprint: XXH3-128 of every field as written (the symbols
/// of id, event and attributes are exact, the timestamp is hashed as text,
/// each length-prefixed), so that distinct records collide with negligible
/// probability while no copy of them is kept. `scratch` holds the bytes.
fn fingerprint(scratch: &mut Vec<u8>, id: Sym, at: &str, event: Sym, attrs: &[(Sym, Sym)]) -> u128 {
    scratch.clear();
    scratch.extend_from_slice(&id.to_le_bytes());
    scratch.extend_from_slice(&event.to_le_bytes());
    scratch.extend_from_slice(&(at.len() as u64).to_le_bytes());
    scratch.extend_from_slice(at.as_bytes());
    scratch.extend_from_slice(&(attrs.len() as u64).to_le_bytes());
    for &(k, v) in attrs {
        scratch.extend_from_slice(&k.to_le_bytes());
        scratch.extend_from_slice(&v.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_128(scratch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records found invalid after reading (an objective needs a number
    /// they lack) are listed with those found on reading, in line order.
    #[test]
    fn records_rejected_after_reading_are_listed_in_line_order() {
        let mut e = Events::default();
        e.read(
            "a.ndjson",
            concat!(
                "{\"id\":\"p\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"probe\",\"ms\":\"x\"}\n",
                "[1]\n",
                "{\"id\":\"p\",\"at\":\"2026-03-02T09:01:00Z\",\"event\":\"probe\",\"ms\":\"y\"}\n",
            ),
            Format::Ndjson,
        );
        let found: Vec<(u64, String, String)> = e
            .records
            .iter()
            .map(|r| (r.seq, "lat".to_owned(), "not a number".to_owned()))
            .collect();
        e.reject(&found);
        let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert_eq!((e.invalid_total, e.read, e.records.len()), (3, 0, 0));
    }

    #[test]
    fn reads_ndjson_and_reports_bad_lines() {
        let mut e = Events::default();
        e.read(
            "a.ndjson",
            concat!(
                "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"created\",\"priority\":\"P1\"}\n",
                "\n",
                "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"created\",\"priority\":\"P1\"}\n",
                "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00+00:00\",\"event\":\"created\",\"priority\":\"P1\"}\n",
                "{\"id\":\"T2\",\"at\":\"yesterday\",\"event\":\"created\"}\n",
                "{\"id\":\"T3\",\"event\":\"created\"}\n",
                "[1]\n",
                "{\"id\":7,\"at\":\"2026-03-02T10:00:00+01:00\",\"event\":\"created\",\"n\":{}}\n",
            ),
            Format::Ndjson,
        );
        // Lines 1 and 4 are distinct records (`Z` and `+00:00` are different
        // texts); line 3 repeats line 1.
        assert_eq!(e.records.len(), 2);
        assert_eq!(e.duplicates, 1);
        assert_eq!(e.read, 3);
        let priority = e.symbols.get("priority").unwrap();
        assert_eq!(
            e.records[0]
                .attr(&e.attrs, priority)
                .map(|v| e.symbols.name(v)),
            Some("P1")
        );
        let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
        assert_eq!(lines, [5, 6, 7, 8]);
        assert!(
            e.invalid[1].message.contains("missing `at`"),
            "{}",
            e.invalid[1]
        );
        assert!(
            e.invalid[3].message.contains("field `n` is not a string"),
            "{}",
            e.invalid[3]
        );
    }

    #[test]
    fn a_duplicate_is_the_same_record_field_for_field() {
        let mut e = Events::default();
        let base = "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"v\"}\n";
        let text = [
            base,
            // The same fields in another order: a duplicate.
            "{\"k\":\"v\",\"event\":\"x\",\"at\":\"2026-03-02T09:15:00Z\",\"id\":\"A\"}\n",
            // One field different each: new records.
            "{\"id\":\"B\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"v\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00+00:00\",\"event\":\"x\",\"k\":\"v\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"y\",\"k\":\"v\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"w\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"j\":\"v\"}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\"}\n",
            // Again, after the others: still a duplicate.
            base,
        ]
        .concat();
        e.read("d.ndjson", &text, Format::Ndjson);
        assert_eq!((e.read, e.records.len(), e.duplicates), (9, 7, 2));
    }

    #[test]
    fn numbers_keep_their_text() {
        let mut e = Events::default();
        e.read(
            "n.ndjson",
            concat!(
                "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":1.0}\n",
                "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":1}\n",
                "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":\"a\\\"b\",\"q\":true,\"r\":null}\n",
            ),
            Format::Ndjson,
        );
        // `1.0` and `1` are different texts: two records, no duplicate.
        assert_eq!((e.records.len(), e.duplicates), (3, 0));
        let p = e.symbols.get("p").unwrap();
        let text = |i: usize| e.records[i].attr(&e.attrs, p).map(|v| e.symbols.name(v));
        assert_eq!(
            (text(0), text(1), text(2)),
            (Some("1.0"), Some("1"), Some("a\"b"))
        );
        let q = e.symbols.get("q").unwrap();
        assert_eq!(
            e.records[2].attr(&e.attrs, q).map(|v| e.symbols.name(v)),
            Some("true")
        );
        assert_eq!(e.symbols.get("r"), None);
    }

    #[test]
    fn reads_csv_with_a_header() {
        let mut e = Events::default();
        e.read(
            "b.csv",
            "id,at,event,priority\nT1,2026-03-02T09:15:00Z,created,P2\nT1,2026-03-02T10:15:00Z,replied,\nT2,2026-03-02T10:15:00Z\n",
            Format::Csv,
        );
        assert_eq!(e.records.len(), 2);
        let priority = e.symbols.get("priority").unwrap();
        assert_eq!(e.records[1].attr(&e.attrs, priority), None);
        assert_eq!(e.invalid.len(), 1);
        assert_eq!(e.invalid[0].line, 4);
        assert_eq!(e.records[0].at, 1_772_442_900);
    }

    #[test]
    fn timestamps_far_away_are_refused() {
        let mut e = Events::default();
        e.read(
            "far.ndjson",
            concat!(
                "{\"id\":\"A\",\"at\":\"9999-12-31T23:59:59Z\",\"event\":\"created\"}\n",
                "{\"id\":\"A\",\"at\":\"0001-01-01T00:00:00Z\",\"event\":\"created\"}\n",
                "{\"id\":\"A\",\"at\":\"+20000-01-01T00:00:00Z\",\"event\":\"created\"}\n",
                "{\"id\":\"A\",\"at\":\"2199-12-31T23:59:59Z\",\"event\":\"created\"}\n",
            ),
            Format::Ndjson,
        );
        assert_eq!(e.records.len(), 1);
        let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert!(
            e.invalid[0]
                .message
                .contains("outside the years 1900 to 2199")
        );
        assert!(e.invalid[2].message.contains("not an RFC 3339 timestamp"));
    }

    #[test]
    fn a_csv_without_an_id_column_is_refused() {
        let mut e = Events::default();
        e.read(
            "c.csv",
            "at,event\n2026-03-02T09:15:00Z,created\n",
            Format::Csv,
        );
        assert_eq!(e.invalid.len(), 1);
        assert!(e.invalid[0].message.contains("`id`"));
    }
}
