//! A block of records, read and checked with symbols of its own, so that
//! blocks can be read on several threads at once; [`Events`] takes them in
//! reading order ([`Events::take`]).
//!
//! [`Events`]: super::Events
//! [`Events::take`]: super::Events::take

use std::borrow::Cow;
use std::ops::Range;

use slate_rules::clip;

use super::object::Object;
use super::{
    EARLIEST, LATEST, MAX_ATTRIBUTES, MAX_LISTED_INVALID, MAX_QUOTED, Record, Sym, Symbols,
};
use crate::input::Problem;

/// The lines an NDJSON block is read from: their text, one after another,
/// and per line its number and where its text is, or why it has none.
#[derive(Default)]
pub(crate) struct Chunk {
    pub(crate) text: String,
    pub(crate) lines: Vec<(u64, Result<Range<usize>, Problem>)>,
}

/// Below this many bytes of text, a chunk takes another line.
pub(crate) const CHUNK_BYTES: usize = 1 << 18;

/// Records read from one chunk, with their own symbols.
#[derive(Default)]
pub(crate) struct Block {
    pub(crate) symbols: Symbols,
    /// The records in reading order; their `seq` is given when they are
    /// taken ([`Events::take`](super::Events::take)).
    pub(crate) records: Vec<Record>,
    /// The line of each record.
    pub(crate) lines: Vec<u64>,
    pub(crate) attrs: Vec<(Sym, Sym)>,
    /// The first [`MAX_LISTED_INVALID`] lines that are not records, and why.
    pub(crate) invalid: Vec<(u64, String)>,
    /// How many lines are not records, all of them counted.
    pub(crate) invalid_total: u64,
    /// The form of the timestamp being read (see [`form`]).
    form: String,
}

impl Block {
    /// Reads the NDJSON lines of a chunk.
    pub(crate) fn ndjson(chunk: &Chunk, due: &[String]) -> Block {
        let mut block = Block::default();
        let mut fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(8);
        for (n, line) in &chunk.lines {
            let range = match line {
                Ok(range) => range.clone(),
                Err(problem) => {
                    block.invalid(*n, problem.to_string());
                    continue;
                }
            };
            let line = chunk.text.get(range).unwrap_or_default();
            fields.clear();
            let mut de = serde_json::Deserializer::from_str(line);
            let parsed = serde::de::DeserializeSeed::deserialize(Object(&mut fields), &mut de)
                .and_then(|()| de.end());
            match parsed {
                Ok(()) => block.record(*n, &fields, due),
                Err(e) => block.invalid(*n, json_error(&e)),
            }
        }
        block
    }

    /// Counts a line that is not a record, and keeps it when fewer than
    /// [`MAX_LISTED_INVALID`] are kept.
    pub(crate) fn invalid(&mut self, line: u64, message: String) {
        self.invalid_total += 1;
        if self.invalid.len() < MAX_LISTED_INVALID {
            self.invalid.push((line, message));
        }
    }

    /// Checks one record's fields and keeps it, or says why it is invalid.
    /// `due`: the attributes that hold due dates.
    pub(crate) fn record(
        &mut self,
        line: u64,
        fields: &[(Cow<'_, str>, Cow<'_, str>)],
        due: &[String],
    ) {
        let (id, at_text, event) = match required(fields) {
            Ok(found) => found,
            Err(message) => return self.invalid(line, message),
        };
        let at = match instant(at_text) {
            Ok(at) => at,
            Err(message) => return self.invalid(line, message),
        };
        if let Some((k, v)) = fields
            .iter()
            .find(|(k, v)| due.iter().any(|d| d == k.as_ref()) && crate::due::read(v).is_none())
        {
            let message = format!(
                "`{}` is `{}`, {}",
                clip(k, MAX_QUOTED),
                clip(v, MAX_QUOTED),
                crate::due::not_due(v)
            );
            return self.invalid(line, message);
        }
        if fields.len() > MAX_ATTRIBUTES + 3 {
            let message = format!(
                "the record has more than the {MAX_ATTRIBUTES} attributes a record may have"
            );
            return self.invalid(line, message);
        }
        let id = self.symbols.intern(id);
        let event = self.symbols.intern(event);
        let form = form(at_text, &mut self.form);
        let form = self.symbols.intern(form);
        let start = self.attrs.len();
        for (k, v) in fields {
            if !matches!(k.as_ref(), "id" | "at" | "event") {
                // Readers refuse a field given twice, so each is new here.
                let k = self.symbols.intern(k);
                let v = self.symbols.intern(v);
                self.attrs.push((k, v));
            }
        }
        // A block's attributes are few (a chunk's worth): the numbers fit.
        self.lines.push(line);
        self.records.push(Record {
            id,
            event,
            at,
            seq: 0,
            form,
            attrs_start: u32::try_from(start).unwrap_or(u32::MAX),
            attrs_len: u16::try_from(self.attrs.len() - start).unwrap_or(u16::MAX),
        });
    }
}

/// The message for a line serde_json cannot read as an object.
fn json_error(e: &serde_json::Error) -> String {
    // serde_json may quote the value (a line that is one long string): the
    // message is cut like a quoted value.
    if e.is_data() {
        let e = e.to_string();
        let e = e.split(" at line ").next().unwrap_or_default();
        clip(e, 2 * MAX_QUOTED).into_owned()
    } else {
        format!(
            "not a JSON object: {}",
            clip(&e.to_string(), 2 * MAX_QUOTED)
        )
    }
}

/// The record's `id`, `at` and `event`, or what is missing or empty.
fn required<'f>(
    fields: &'f [(Cow<'_, str>, Cow<'_, str>)],
) -> Result<(&'f str, &'f str, &'f str), String> {
    let (mut id, mut at, mut event) = (None, None, None);
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
    match (id, at, event) {
        (Some(id), Some(at), Some(event)) if problem.is_empty() => Ok((id, at, event)),
        (Some(_), Some(_), Some(_)) => Err(format!("empty `{}`", problem.join("`, `"))),
        _ => Err(format!("missing `{}`", problem.join("`, `"))),
    }
}

/// The instant of an `at` as Unix seconds (fractions dropped), or why it
/// is not one a record may have.
fn instant(text: &str) -> Result<i64, String> {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(text).map(|t| t.timestamp()) else {
        return Err(format!(
            "`{}` is not an RFC 3339 timestamp with an offset, such as `2026-03-02T09:15:00Z`",
            clip(text, MAX_QUOTED)
        ));
    };
    if !(EARLIEST..LATEST).contains(&at) {
        return Err(format!(
            "`{}` is outside the years 1900 to 2199 that event records may have",
            clip(text, MAX_QUOTED)
        ));
    }
    Ok(at)
}

/// What, with the instant, gives back an `at` as written (duplicates are
/// records identical as written), written into `buf` or borrowed from
/// `at`. For `YYYY-MM-DDTHH:MM:SS` (the separator `T`, `t` or a space)
/// followed by a fraction and an offset, with a second below 60, the date
/// and time are the instant seen at that offset, so the separator and the
/// rest (`TZ`, `T+01:00`, ` .250-05:00`) are enough; any other text is
/// kept whole. The two never meet: a form starts with the separator, a
/// whole text with a digit.
pub(crate) fn form<'a>(at: &'a str, buf: &'a mut String) -> &'a str {
    let b = at.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let plain = b.len() > 19
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19)
        && b.get(17) != Some(&b'6');
    match (at.get(10..11), at.get(19..)) {
        (Some(separator), Some(rest)) if plain => {
            buf.clear();
            buf.push_str(separator);
            buf.push_str(rest);
            buf
        }
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::form;

    #[test]
    fn a_form_with_the_instant_gives_back_the_text() {
        let mut buf = String::new();
        let mut form = |at: &str| form(at, &mut buf).to_owned();
        assert_eq!(form("2026-03-02T09:15:00Z"), "TZ");
        assert_eq!(form("2026-03-02T09:15:00+01:00"), "T+01:00");
        assert_eq!(form("2026-03-02T09:15:00.250-05:00"), "T.250-05:00");
        assert_eq!(form("2026-03-02t09:15:00Z"), "tZ");
        assert_eq!(form("2026-03-02 09:15:00z"), " z");
        // A leap second, or any other shape: kept whole.
        assert_eq!(form("2026-12-31T23:59:60Z"), "2026-12-31T23:59:60Z");
        assert_eq!(form("x"), "x");
    }
}
