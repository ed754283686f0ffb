//! Hostile event files: every file in `tests/data/events/` is read, and
//! what was read (records and invalid records, with file and line) is
//! snapshotted. Records are never resolved silently: a field or column
//! given twice and a badly quoted CSV cell are invalid records.

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
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
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
            e.invalid[0]
                .message
                .contains("longer than the 1048576 bytes"),
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
    assert_eq!(
        e.invalid[0].to_string(),
        "bytes.ndjson:1: the line is not UTF-8 text"
    );
}

/// A reader of `lines` copies of one line, made as it is read: the stream
/// never exists whole.
struct Repeated {
    chunk: Vec<u8>,
    left: u64,
    at: usize,
}

impl Repeated {
    fn new(line: &[u8], lines: u64) -> Self {
        Repeated {
            chunk: line.repeat(4096),
            left: line.len() as u64 * lines,
            at: 0,
        }
    }
}

impl Read for Repeated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.fill_buf()?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Repeated {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let rest = &self.chunk[self.at..];
        let n = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(rest.len());
        Ok(&rest[..n])
    }

    fn consume(&mut self, n: usize) {
        self.left -= n as u64;
        self.at += n;
        if self.at == self.chunk.len() {
            self.at = 0;
        }
    }
}

/// Two million invalid records keep only the first 1,000 in memory, and
/// every one is counted: memory does not grow with their number.
#[test]
fn invalid_records_past_the_first_thousand_are_counted_not_kept() {
    let mut input = Repeated::new(b"[]\n", 2_000_000);
    let mut e = Events::default();
    e.read_from("many.ndjson", &mut input, Format::Ndjson, &mut |_| {})
        .expect("reads");
    assert_eq!(e.invalid_total, 2_000_000);
    assert_eq!(e.invalid.len(), slate::eval::events::MAX_LISTED_INVALID);
    assert!(e.invalid.capacity() < 2 * slate::eval::events::MAX_LISTED_INVALID);
    assert_eq!(e.invalid[999].line, 1000);
    assert!(e.records.is_empty());
}

/// A message quotes at most 100 bytes of a value, cut on a character
/// boundary and marked `…`: a 1 MB bad value makes a short message.
#[test]
fn a_huge_bad_value_is_quoted_cut() {
    // 1 MB; two names of half a megabyte where a line has two.
    let big = "é".repeat(500_000);
    let half = "é".repeat(250_000);
    let lines = [
        format!("{{\"id\":\"A\",\"at\":\"{big}\",\"event\":\"e\"}}"),
        format!("{{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"e\",\"{big}\":[]}}"),
        format!(
            "{{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"e\",\"{half}\":1,\"{half}\":2}}"
        ),
        format!("\"{big}\""),
    ];
    let mut e = Events::default();
    e.read("big.ndjson", &lines.join("\n"), Format::Ndjson);
    e.read(
        "big.csv",
        &format!("id,at,event,{half},{half}\n"),
        Format::Csv,
    );
    assert_eq!(e.invalid.len(), 5, "{:?}", e.invalid);
    for i in &e.invalid {
        assert!(
            i.message.len() < 300,
            "{} bytes: {}",
            i.message.len(),
            i.message
        );
        assert!(i.message.contains("éé…"), "{}", i.message);
    }
    assert!(
        e.invalid[0].message.ends_with(
            "…` is not an RFC 3339 timestamp with an offset, such as `2026-03-02T09:15:00Z`"
        ),
        "{}",
        e.invalid[0]
    );
}

/// Markdown's text as a renderer shows it.
fn md_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::SoftBreak | Event::HardBreak => Some("\n".to_owned()),
            _ => None,
        })
        .collect()
}

/// Ids and values with NUL, ESC, a bidi override, a zero-width space and a
/// line break reach no report raw: the text and Markdown reports show each
/// as `\u{…}`, and so does the HTML report, after escaping for HTML. The
/// JSON report keeps the exact strings, escaped by JSON.
#[test]
fn hidden_characters_never_reach_a_report_raw() {
    let model = slate_tests::model_at(&root().join("examples/support.sla"));
    let mut rules = slate::rules::from_model(&model).expect("a rule set");
    rules.agreement.title = "Support \u{1b}[2J\u{202e}eoR\u{202c}".to_owned();
    let hostile = [
        "NUL\u{0}",
        "ESC\u{1b}[31mred",
        "Jane \u{202e}eoR\u{202c}",
        "P1\u{200b}",
        "two\nlines",
    ];
    let mut events = String::new();
    for id in hostile {
        let id = serde_json::to_string(id).expect("JSON");
        events.push_str(&format!(
            "{{\"id\":{id},\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\",\"priority\":\"P1\"}}\n"
        ));
        events.push_str(&format!(
            "{{\"id\":{id},\"at\":\"2026-03-04T09:00:00Z\",\"event\":\"replied\"}}\n"
        ));
    }
    events.push_str("{\"id\":\"X\",\"at\":\"\\u001b[2J\",\"event\":\"created\"}\n");
    let mut e = Events::default();
    e.read("hostile\u{7}.ndjson", &events, Format::Ndjson);
    assert_eq!(e.invalid.len(), 1);
    let options = slate::eval::Options {
        as_of: Some(1_775_000_000),
        details: true,
        ..slate::eval::Options::default()
    };
    let report = slate::eval::evaluate(&rules, &e, &options).expect("evaluates");
    let breached: Vec<&str> = report
        .objectives
        .iter()
        .flat_map(|o| o.breached_items.iter().map(|b| b.id.as_str()))
        .collect();
    for id in hostile {
        assert!(breached.contains(&id), "{id:?} is not listed as breached");
    }
    let hidden = |s: &str| {
        s.chars()
            .filter(|&c| c != '\n' && slate::eval::visible::is_hidden(c))
            .collect::<Vec<char>>()
    };
    for (format, out) in [
        ("text", slate::eval::to_text(&report)),
        ("md", slate::eval::to_markdown(&report)),
        ("html", slate::eval::html::to_html(&report)),
    ] {
        assert_eq!(
            hidden(&out),
            Vec::<char>::new(),
            "{format}: raw hidden characters"
        );
        // What a reader sees: Markdown as rendered.
        let out = if format == "md" { md_text(&out) } else { out };
        for shown in [
            "NUL\\u{0}",
            "ESC\\u{1b}[31mred",
            "Jane \\u{202e}eoR\\u{202c}",
            "P1\\u{200b}",
            "two\\u{a}lines",
            "Support \\u{1b}[2J\\u{202e}eoR\\u{202c}",
            "\\u{1b}[2J` is not an RFC 3339 timestamp",
            "hostile\\u{7}.ndjson",
        ] {
            assert!(out.contains(shown), "{format}: no {shown:?} in\n{out}");
        }
    }
    // JSON keeps the exact strings, and escapes every control character.
    let json = slate::eval::to_json(&report);
    assert!(!json.chars().any(|c| c.is_control() && c != '\n'));
    let back: slate::eval::Report = serde_json::from_str(&json).expect("JSON report");
    assert_eq!(back, report);
}
