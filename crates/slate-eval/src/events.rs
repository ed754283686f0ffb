//! Event records: NDJSON or CSV with a header, as `semantics.md` defines them.
//!
//! Every record has `id`, `at` (RFC 3339 with an offset) and `event`; every
//! other field is an attribute. A record that cannot be read is an
//! [`Invalid`] naming its file and line. Duplicates (identical in every field
//! as written) are counted once.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// An interned string: ids, event names, attribute names and values are
/// stored once and compared as numbers.
pub type Sym = u32;

/// The strings of all records, each stored once.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    map: HashMap<Box<str>, Sym>,
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

    /// The string of a symbol.
    pub fn name(&self, sym: Sym) -> &str {
        self.names.get(sym as usize).map_or("", |s| s)
    }
}

/// One event record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The item it belongs to.
    pub id: Sym,
    /// When, as Unix seconds (fractions of a second are dropped).
    pub at: i64,
    /// What happened.
    pub event: Sym,
    /// The other fields, as (name, value), sorted by name.
    pub attrs: Vec<(Sym, Sym)>,
    /// Order of reading, across all files: ties at the same instant apply in it.
    pub seq: u64,
}

impl Record {
    /// The value of an attribute, if the record carries it.
    pub fn attr(&self, field: Sym) -> Option<Sym> {
        self.attrs
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
        let mut fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            fields.clear();
            let mut de = serde_json::Deserializer::from_str(line);
            let parsed = serde::de::DeserializeSeed::deserialize(Object(&mut fields), &mut de)
                .and_then(|()| de.end());
            match parsed {
                Ok(()) => self.record(file, n, &fields),
                Err(e) => {
                    let message = if e.is_data() {
                        e.to_string()
                            .split(" at line ")
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    } else {
                        format!("not a JSON object: {e}")
                    };
                    self.invalid(file, n, message);
                }
            }
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
                    let fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = header
                        .iter()
                        .zip(row.iter())
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v)))
                        .collect();
                    self.record(file, line, &fields);
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
                    "`{at_text}` is not an RFC 3339 timestamp with an offset, such as `2026-03-02T09:15:00Z`"
                ),
            );
            return;
        };
        self.read += 1;
        let id = self.symbols.intern(id);
        let event = self.symbols.intern(event);
        let mut attrs: Vec<(Sym, Sym)> = Vec::with_capacity(fields.len().saturating_sub(3));
        for (k, v) in fields {
            if !matches!(k.as_ref(), "id" | "at" | "event") {
                let k = self.symbols.intern(k);
                let v = self.symbols.intern(v);
                // A field given twice keeps its last value, as JSON readers do.
                match attrs.iter_mut().find(|(key, _)| *key == k) {
                    Some(slot) => slot.1 = v,
                    None => attrs.push((k, v)),
                }
            }
        }
        attrs.sort_unstable();
        if !self.seen.insert(fingerprint(id, at_text, event, &attrs)) {
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

/// Reads one JSON object into (field, text) pairs, borrowing from the line
/// where no escape needs decoding. Values are strings, numbers or booleans
/// (read as their text); `null` fields are left out.
struct Object<'v, 'de>(&'v mut Vec<(Cow<'de, str>, Cow<'de, str>)>);

impl<'de> serde::de::DeserializeSeed<'de> for Object<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Object<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Text(false))? {
            let key = key.unwrap_or_default();
            match map.next_value_seed(Text(true)) {
                Ok(Some(value)) => self.0.push((key, value)),
                Ok(None) => {}
                Err(_) => {
                    return Err(serde::de::Error::custom(format!(
                        "field `{key}` is not a string, number or boolean"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A JSON string (or, for values, a number or boolean) as text; `None` for
/// `null`.
struct Text(bool);

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        if self.0 {
            Ok(None)
        } else {
            Err(E::custom("a key cannot be null"))
        }
    }
}

impl Text {
    fn scalar<'de, E: serde::de::Error>(self, text: String) -> Result<Option<Cow<'de, str>>, E> {
        if self.0 {
            Ok(Some(Cow::Owned(text)))
        } else {
            Err(E::custom("a key must be a string"))
        }
    }
}

/// A record's fingerprint: 128 bits from two differently seeded hashes of
/// its fields, so that distinct records collide with negligible probability
/// (about 2^-64 for a billion records) while no copy of them is kept.
fn fingerprint(id: Sym, at: &str, event: Sym, attrs: &[(Sym, Sym)]) -> u128 {
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
        let priority = e.symbols.get("priority").unwrap();
        assert_eq!(
            e.records[0].attr(priority).map(|v| e.symbols.name(v)),
            Some("P1")
        );
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
        let priority = e.symbols.get("priority").unwrap();
        assert_eq!(e.records[1].attr(priority), None);
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
