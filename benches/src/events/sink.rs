//! Interned names, event records, and the sink that writes them in time
//! order: records wait in a heap until no later-generated record can come
//! before them, so memory holds only the items still in progress.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Write};

/// An interned string.
pub type Sym = u32;

/// The strings of records: event names, fields, values, id prefixes.
#[derive(Debug, Default)]
pub struct Symbols {
    names: Vec<String>,
    map: HashMap<String, Sym>,
}

impl Symbols {
    /// The symbol of `s`, interning it.
    pub fn get(&mut self, s: &str) -> Sym {
        if let Some(x) = self.map.get(s) {
            return *x;
        }
        let x = Sym::try_from(self.names.len()).unwrap_or(Sym::MAX);
        self.names.push(s.to_owned());
        self.map.insert(s.to_owned(), x);
        x
    }

    /// The string of a symbol.
    pub fn name(&self, s: Sym) -> &str {
        self.names.get(s as usize).map_or("", String::as_str)
    }
}

/// An item id: a prefix and a number (`INC-00042`), or a name (`platform-api`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    /// Prefix and number.
    Num(Sym, u64),
    /// A name as it is.
    Name(Sym),
}

/// One event record.
#[derive(Debug)]
pub struct Rec {
    at: i64,
    seq: u64,
    id: Id,
    event: Sym,
    attrs: Vec<(Sym, Sym)>,
}

impl PartialEq for Rec {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl Eq for Rec {}

impl PartialOrd for Rec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rec {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Writes records sorted by time (ties in the order they were pushed),
/// dropping those at or after the export's end.
pub struct Sink<W: Write> {
    heap: BinaryHeap<Reverse<Rec>>,
    seq: u64,
    end: i64,
    out: W,
    /// CSV columns after `id,at,event`; `None` writes NDJSON.
    columns: Option<Vec<Sym>>,
    line: String,
    /// Records written.
    pub written: u64,
}

impl<W: Write> Sink<W> {
    /// A sink writing to `out`; `columns` selects CSV with these attribute
    /// columns, and writes its header.
    pub fn new(out: W, end: i64, columns: Option<Vec<Sym>>, syms: &Symbols) -> io::Result<Self> {
        let mut sink = Sink {
            heap: BinaryHeap::new(),
            seq: 0,
            end,
            out,
            columns,
            line: String::new(),
            written: 0,
        };
        if let Some(cols) = &sink.columns {
            let mut h = String::from("id,at,event");
            for c in cols {
                h.push(',');
                csv_field(&mut h, syms.name(*c));
            }
            h.push('\n');
            sink.out.write_all(h.as_bytes())?;
        }
        Ok(sink)
    }

    /// Queues a record.
    pub fn push(&mut self, at: i64, id: Id, event: Sym, attrs: Vec<(Sym, Sym)>) {
        if at >= self.end {
            return;
        }
        self.seq += 1;
        self.heap.push(Reverse(Rec {
            at,
            seq: self.seq,
            id,
            event,
            attrs,
        }));
    }

    /// Writes every queued record before `t`.
    pub fn flush_before(&mut self, t: i64, syms: &Symbols) -> io::Result<()> {
        while self.heap.peek().is_some_and(|r| r.0.at < t) {
            let Some(Reverse(r)) = self.heap.pop() else {
                break;
            };
            self.write(&r, syms)?;
        }
        Ok(())
    }

    /// Writes everything left and flushes the output.
    pub fn finish(mut self, syms: &Symbols) -> io::Result<u64> {
        self.flush_before(i64::MAX, syms)?;
        self.out.flush()?;
        Ok(self.written)
    }

    fn write(&mut self, r: &Rec, syms: &Symbols) -> io::Result<()> {
        let line = &mut self.line;
        line.clear();
        let mut id = String::new();
        match r.id {
            Id::Num(p, n) => {
                id.push_str(syms.name(p));
                id.push('-');
                id.push_str(&format!("{n:05}"));
            }
            Id::Name(s) => id.push_str(syms.name(s)),
        }
        match &self.columns {
            Some(cols) => {
                csv_field(line, &id);
                line.push(',');
                timestamp(line, r.at);
                line.push(',');
                csv_field(line, syms.name(r.event));
                for c in cols {
                    line.push(',');
                    if let Some((_, v)) = r.attrs.iter().find(|(f, _)| f == c) {
                        csv_field(line, syms.name(*v));
                    }
                }
            }
            None => {
                line.push_str("{\"id\":");
                json_str(line, &id);
                line.push_str(",\"at\":\"");
                timestamp(line, r.at);
                line.push_str("\",\"event\":");
                json_str(line, syms.name(r.event));
                for (f, v) in &r.attrs {
                    line.push(',');
                    json_str(line, syms.name(*f));
                    line.push(':');
                    json_str(line, syms.name(*v));
                }
                line.push('}');
            }
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())?;
        self.written += 1;
        Ok(())
    }
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of Unix seconds (Howard Hinnant's civil_from_days).
pub fn timestamp(out: &mut String, t: i64) {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    out.push_str(&format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let mut s = String::new();
        timestamp(&mut s, 1_772_442_900);
        assert_eq!(s, "2026-03-02T09:15:00Z");
        s.clear();
        timestamp(&mut s, 951_782_400);
        assert_eq!(s, "2000-02-29T00:00:00Z");
    }

    #[test]
    fn writes_sorted_and_drops_after_the_end() {
        let mut syms = Symbols::default();
        let (p, e, f, v) = (
            syms.get("T"),
            syms.get("created"),
            syms.get("priority"),
            syms.get("P\"1"),
        );
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, 100, None, &syms).unwrap();
        sink.push(50, Id::Num(p, 2), e, vec![]);
        sink.push(10, Id::Num(p, 1), e, vec![(f, v)]);
        sink.push(100, Id::Num(p, 3), e, vec![]);
        assert_eq!(sink.finish(&syms).unwrap(), 2);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"id\":\"T-00001\",\"at\":\"1970-01-01T00:00:10Z\",\"event\":\"created\",\"priority\":\"P\\\"1\"}\n{\"id\":\"T-00002\",\"at\":\"1970-01-01T00:00:50Z\",\"event\":\"created\"}\n"
        );
    }
}
