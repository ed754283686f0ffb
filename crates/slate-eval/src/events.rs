//! Event records: NDJSON or CSV with a header, as `semantics.md` defines them.
//!
//! Every record has `id`, `at` (RFC 3339 with an offset) and `event`; every
//! other field is an attribute. A record that cannot be read is an
//! [`Invalid`] naming its file and line. Duplicates (identical in every field
//! as written) are counted once.

use std::collections::{BTreeMap, HashSet};

/// One event record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The item it belongs to.
    pub id: String,
    /// When, as Unix seconds (fractions of a second are dropped).
    pub at: i64,
    /// What happened.
    pub event: String,
    /// The other fields, by name.
    pub attrs: BTreeMap<String, String>,
    /// Order of reading, across all files: ties at the same instant apply in it.
    pub seq: u64,
}

impl Record {
    /// The value of an attribute, if the record carries it.
    pub fn attr(&self, field: &str) -> Option<&str> {
        self.attrs.get(field).map(String::as_str)
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
    /// Records read, duplicates included.
    pub read: u64,
    /// Records identical to an earlier one, counted once.
    pub duplicates: u64,
    /// Records that could not be read.
    pub invalid: Vec<Invalid>,
    /// Per file: its name and the records read from it.
    pub files: Vec<(String, u64)>,
    /// Fingerprints of the records read: two independent 64-bit hashes of
    /// every field as written.
    seen: HashSet<u128>,
}

/// The most invalid records listed one by one; the rest are counted.
pub const MAX_LISTED_INVALID: usize = 1000;

impl Events {
    /// Reads one file's text. Records are numbered after those already read.
    pub fn read(&mut self, file: &str, text: &str, format: Format) {
        let before = self.read;
        match format {
            Format::Ndjson => self.read_ndjson(file, text),
            Format::Csv => self.read_csv(file, text),
        }
        self.files.push((file.to_owned(), self.read - before));
    }

    fn invalid(&mut self, file: &str, line: u64, message: String) {
        self.invalid.push(Invalid {
            file: file.to_owned(),
            line,
            message,
        });
    }

    fn read_ndjson(&mut self, file: &str, text: &str) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let n = i as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    self.invalid(file, n, format!("not a JSON object: {e}"));
                    continue;
                }
            };
            let serde_json::Value::Object(map) = value else {
                self.invalid(file, n, "not a JSON object".to_owned());
                continue;
            };
            let mut fields = Vec::with_capacity(map.len());
            let mut bad = None;
            for (k, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    serde_json::Value::Null => continue,
                    _ => {
                        bad = Some(format!("field `{k}` is not a string, number or boolean"));
                        break;
                    }
                };
                fields.push((k, text));
            }
            if let Some(message) = bad {
                self.invalid(file, n, message);
                continue;
            }
            self.record(file, n, fields);
        }
    }

    fn read_csv(&mut self, file: &str, text: &str) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
            Err(e) => {
                self.invalid(file, 1, format!("unreadable header: {e}"));
                return;
            }
        };
        for field in ["id", "at", "event"] {
            if !header.iter().any(|h| h == field) {
                self.invalid(file, 1, format!("the header has no `{field}` column"));
                return;
            }
        }
        let mut row = csv::StringRecord::new();
        loop {
            let line = reader.position().line() + 1;
            match reader.read_record(&mut row) {
                Ok(false) => break,
                Ok(true) => {
                    let line = row.position().map_or(line, |p| p.line());
                    let fields = header
                        .iter()
                        .zip(row.iter())
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| (k.clone(), v.to_owned()))
                        .collect();
                    self.record(file, line, fields);
                }
                Err(e) => {
                    let at = e.position().map_or(line, |p| p.line());
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => format!("{len} fields where the header has {expected_len}"),
                        _ => format!("unreadable row: {e}"),
                    };
                    self.invalid(file, at, message);
                    if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                        break;
                    }
                }
            }
        }
    }

    fn record(&mut self, file: &str, line: u64, fields: Vec<(String, String)>) {
        let mut id = None;
        let mut at = None;
        let mut event = None;
        let mut attrs = BTreeMap::new();
        for (k, v) in fields {
            match k.as_str() {
                "id" => id = Some(v),
                "at" => at = Some(v),
                "event" => event = Some(v),
                _ => {
                    attrs.insert(k, v);
                }
            }
        }
        let missing: Vec<&str> = [("id", &id), ("at", &at), ("event", &event)]
            .iter()
            .filter(|(_, v)| v.as_ref().is_none_or(|s| s.is_empty()))
            .map(|(k, _)| *k)
            .collect();
        let (Some(id), Some(at_text), Some(event)) = (id, at, event) else {
            self.invalid(file, line, format!("missing `{}`", missing.join("`, `")));
            return;
        };
        if !missing.is_empty() {
            self.invalid(file, line, format!("empty `{}`", missing.join("`, `")));
            return;
        }
        let at = match chrono::DateTime::parse_from_rfc3339(&at_text) {
            Ok(t) => t.timestamp(),
            Err(_) => {
                self.invalid(
                    file,
                    line,
                    format!("`{at_text}` is not an RFC 3339 timestamp with an offset, such as `2026-03-02T09:15:00Z`"),
                );
                return;
            }
        };
        self.read += 1;
        let key = fingerprint(&id, &at_text, &event, &attrs);
        if !self.seen.insert(key) {
            self.duplicates += 1;
            return;
        }
        let seq = self.records.len() as u64;
        self.records.push(Record {
            id,
            at,
            event,
            attrs,
            seq,
        });
    }
}

/// A record's fingerprint: 128 bits from two differently seeded hashes of
/// its fields, so that distinct records collide with negligible probability
/// (about 2^-64 for a billion records) while no copy of them is kept.
fn fingerprint(id: &str, at: &str, event: &str, attrs: &BTreeMap<String, String>) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |seed: u8| {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        (id, at, event, attrs).hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(e.records[0].attr("priority"), Some("P1"));
        let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
        assert_eq!(lines, [5, 6, 7, 8]);
        assert!(
            e.invalid[1].message.contains("missing `at`"),
            "{}",
            e.invalid[1]
        );
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
        assert_eq!(e.records[1].attr("priority"), None);
        assert_eq!(e.invalid.len(), 1);
        assert_eq!(e.invalid[0].line, 4);
        assert_eq!(e.records[0].at, 1_772_442_900);
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
