//! Hostile event files: every file in `tests/data/events/` is read, and
//! what was read (records and invalid records, with file and line) is
//! snapshotted. Records are never resolved silently: a field or column
//! given twice and a badly quoted CSV cell are invalid records.

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use std::fmt::Write as _;
use std::io::{BufRead, Read};

use slate::eval::{Events, Format};
use slate_tests::{read, relative, root};

/// What reading gave, one line per record and per invalid record.
fn summary(e: &Events) -> String {
    let mut s = String::new();
    for r in &e.records {
        let attrs: Vec<String> = r
            .attrs(&e.attrs)
            .iter()
            .map(|&(k, v)| format!("{}={:?}", e.symbols.name(k), e.symbols.name(v)))
            .collect();
        let _ = writeln!(
            s,
            "record {:?} {} {}",
            e.symbols.name(r.id),
            e.symbols.name(r.event),
            attrs.join(" ")
        );
    }
    for i in &e.invalid {
        let _ = writeln!(s, "invalid {i}");
    }
    s
}

#[test]
fn hostile_event_files() {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("tests/data/events"))
        .expect("tests/data/events")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let name = relative(&path);
        let format = Format::from_name(&name).expect("named .ndjson or .csv");
        let mut e = Events::default();
        e.read(&name, &read(&path), format);
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        insta::assert_snapshot!(format!("events@{file}"), summary(&e));
    }
}

/// A reader of a line of `len` bytes of `x`, then a good record, made as it
/// is read: the line never exists whole.
struct LongLine {
    left: u64,
    tail: std::io::Cursor<&'static [u8]>,
    chunk: [u8; 8192],
}

impl Read for LongLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.fill_buf()?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for LongLine {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.left > 0 {
            let n = usize::try_from(self.left.min(8192)).unwrap_or(8192);
            return Ok(&self.chunk[..n]);
        }
        self.tail.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.left > 0 {
            self.left -= n as u64;
        } else {
            self.tail.consume(n);
        }
    }
}

/// A line longer than the limit is one invalid record naming its file and
/// line, and reading goes on after it; the lines around it are read.
#[test]
fn a_line_over_the_limit_is_an_invalid_record() {
    for (format, tail) in [
        (
            Format::Ndjson,
            &b"\n{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\"}\n"[..],
        ),
        (Format::Csv, &b"\nA,2026-03-02T09:00:00Z,created\n"[..]),
    ] {
        // 64 MiB: 64 times the limit.
        let mut input = LongLine {
            left: 64 << 20,
            tail: std::io::Cursor::new(tail),
            chunk: [b'x'; 8192],
        };
        let mut e = Events::default();
        if format == Format::Csv {
            let mut with_header = std::io::Cursor::new(b"id,at,event\n".to_vec()).chain(input);
            e.read_from("long.csv", &mut with_header, format, &mut |_| {})
                .expect("reads");
            assert_eq!(e.invalid.len(), 1, "{:?}", e.invalid);
            assert_eq!(e.invalid[0].line, 2);
        } else {
            e.read_from("long.ndjson", &mut input, format, &mut |_| {})
                .expect("reads");
            assert_eq!(e.invalid.len(), 1, "{:?}", e.invalid);
            assert_eq!(e.invalid[0].line, 1);
        }
        assert!(
            e.invalid[0].message.contains("longer than the 1048576 bytes"),
            "{}",
            e.invalid[0]
        );
        assert_eq!(e.records.len(), 1);
    }
    // Exactly at the limit is a line like any other (here, not JSON).
    let line = "x".repeat(slate::eval::events::MAX_LINE);
    let mut e = Events::default();
    e.read("edge.ndjson", &line, Format::Ndjson);
    assert_eq!(e.invalid.len(), 1);
    assert!(
        e.invalid[0].message.starts_with("not a JSON object"),
        "{}",
        e.invalid[0]
    );
}

/// A line that is not UTF-8 is one invalid record; the others are read.
#[test]
fn a_line_that_is_not_utf8_is_an_invalid_record() {
    let mut input: &[u8] = b"{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"\xff\"}\n{\"id\":\"B\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\"}\n";
    let mut e = Events::default();
    e.read_from("bytes.ndjson", &mut input, Format::Ndjson, &mut |_| {})
        .expect("reads");
    assert_eq!(e.records.len(), 1);
    assert_eq!(e.invalid.len(), 1);
    assert_eq!(e.invalid[0].to_string(), "bytes.ndjson:1: the line is not UTF-8 text");
}
