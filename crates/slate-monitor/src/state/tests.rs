//! The store and state, on the support desk example: all or nothing,
//! duplicates, restarts, torn and corrupt logs, the lock, the report
//! against `slate eval`, and folding.

use super::*;
use crate::clock::{Clock, ManualClock};
use crate::error::{LineError, MonitorError, Rejected};
use crate::store::TornTail;

const SLA: &str = include_str!("../../../../examples/support.sla");
const EVENTS: &str = include_str!("../../../../examples/support.events.ndjson");

fn rules() -> RuleSet {
    let model = slate::compile(SLA, &slate::Options::default()).unwrap();
    slate::rules::from_model(&model).unwrap()
}

fn instant(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .timestamp()
}

fn open(dir: &Path) -> Monitor {
    Monitor::open(rules(), None, dir).unwrap()
}

/// The example's lines, `n` at a time from line `from` (0-based).
fn lines(from: usize, n: usize) -> String {
    EVENTS
        .lines()
        .skip(from)
        .take(n)
        .map(|l| format!("{l}\n"))
        .collect()
}

fn log_bytes(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("events.log")).unwrap()
}

/// `slate eval --as-of T` on `text` read as one NDJSON file, as its JSON
/// without `input.files` (the monitor reads no files).
fn eval_json(text: &str, as_of: i64, details: bool) -> serde_json::Value {
    let rules = rules();
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.read("support.events.ndjson", text, Format::Ndjson);
    slate::eval::reject_invalid_samples(&rules, &mut e, Some(as_of));
    slate::eval::refuse_non_numbers(&rules, &mut e, Some(as_of));
    assert_eq!(e.invalid_total, 0);
    let options = slate::eval::Options {
        as_of: Some(as_of),
        from: None,
        to: None,
        details,
        ..slate::eval::Options::default()
    };
    without_files(&slate::eval::evaluate(&rules, &e, &options).unwrap())
}

/// The engine's live view at `now` on every line of `text`, none folded.
fn live_on_all(text: &str, now: i64) -> Live {
    let rules = rules();
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.read("all.ndjson", text, Format::Ndjson);
    engine::live(&rules, &e, None, now).unwrap()
}

fn without_files(report: &Report) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&slate::eval::to_json(report)).unwrap();
    v["input"].as_object_mut().unwrap().remove("files").unwrap();
    v
}

#[test]
fn a_batch_with_one_bad_line_is_refused_whole_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = open(dir.path());
    assert_eq!(
        m.ingest(lines(0, 3).as_bytes()).unwrap(),
        Ingested {
            accepted: 3,
            duplicates: 0
        }
    );
    let before = log_bytes(dir.path());
    let stats = m.stats();
    // Lines 1, 2 and 4 are good; line 3 has no `at`.
    let bad = format!(
        "{}{}\n{}",
        lines(3, 2),
        r#"{"id":"INC-09999","event":"created","priority":"P1"}"#,
        lines(5, 1)
    );
    let Err(Rejected::Invalid { errors, total }) = m.ingest(bad.as_bytes()) else {
        panic!("the batch was not refused");
    };
    assert_eq!(total, 1);
    assert_eq!(
        errors,
        [LineError {
            line: 3,
            message: "missing `at`".to_owned()
        }]
    );
    assert_eq!(log_bytes(dir.path()), before);
    assert_eq!(m.stats(), stats);
    // The good lines alone go in.
    let good = lines(3, 3);
    assert_eq!(m.ingest(good.as_bytes()).unwrap().accepted, 3);
}

#[test]
fn a_resent_batch_is_all_duplicates_before_and_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let batch = lines(0, 40);
    {
        let mut m = open(dir.path());
        assert_eq!(m.ingest(batch.as_bytes()).unwrap().accepted, 40);
        let stored = log_bytes(dir.path());
        let again = m.ingest(batch.as_bytes()).unwrap();
        assert_eq!(
            again,
            Ingested {
                accepted: 0,
                duplicates: 40
            }
        );
        assert_eq!(log_bytes(dir.path()), stored);
        // Half old, half new: the old half is duplicates.
        let mixed = lines(20, 40);
        assert_eq!(
            m.ingest(mixed.as_bytes()).unwrap(),
            Ingested {
                accepted: 20,
                duplicates: 20
            }
        );
    }
    let mut m = open(dir.path());
    assert_eq!(m.stats().records_stored, 60);
    assert_eq!(
        m.ingest(lines(0, 60).as_bytes()).unwrap(),
        Ingested {
            accepted: 0,
            duplicates: 60
        }
    );
    // The same record with its fields in another order, or a line end
    // CRLF, is the same record; another text of the same instant is not.
    let first = EVENTS.lines().next().unwrap();
    let reordered =
        r#"{"priority":"P3","event":"created","at":"2026-01-01T17:41:55Z","id":"INC-00001"}"#;
    let other_text = first.replace("17:41:55Z", "17:41:55+00:00");
    let body = format!("{reordered}\r\n{first}\r\n{other_text}\n");
    assert_eq!(
        m.ingest(body.as_bytes()).unwrap(),
        Ingested {
            accepted: 1,
            duplicates: 2
        }
    );
}

#[test]
fn a_restart_replays_to_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let now = instant("2026-02-10T12:00:00Z");
    let (live, stats) = {
        let mut m = open(dir.path());
        for from in (0..900).step_by(150) {
            m.ingest(lines(from, 150).as_bytes()).unwrap();
        }
        (m.live(now).unwrap(), m.stats())
    };
    let mut m = open(dir.path());
    assert_eq!(m.stats(), stats);
    assert_eq!(m.live(now).unwrap(), live);
    assert!(m.torn().is_none());
}

#[test]
fn a_second_monitor_on_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let m = open(dir.path());
    let Err(e) = Monitor::open(rules(), None, dir.path()) else {
        panic!("a second monitor opened the directory");
    };
    assert!(matches!(e, MonitorError::Locked { .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("another monitor is running on the state directory"),
        "{e}"
    );
    drop(m);
    open(dir.path());
}

/// Three batches of 10 records; the log's length after each.
fn three_batches(dir: &Path) -> [u64; 3] {
    let mut m = open(dir);
    let mut ends = [0; 3];
    for (i, end) in ends.iter_mut().enumerate() {
        m.ingest(lines(10 * i, 10).as_bytes()).unwrap();
        *end = m.stats().log_bytes;
    }
    ends
}

#[test]
fn a_torn_last_frame_is_cut_and_the_earlier_batches_kept() {
    let dir = tempfile::tempdir().unwrap();
    let [_, second, third] = three_batches(dir.path());
    let log = dir.path().join("events.log");
    // A crash 30 bytes into the third frame's write.
    let file = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
    file.set_len(second + 30).unwrap();
    drop(file);
    let mut m = open(dir.path());
    assert_eq!(
        m.torn(),
        Some(&TornTail {
            offset: second,
            bytes: 30
        })
    );
    assert_eq!(m.stats().records_stored, 20);
    assert_eq!(std::fs::metadata(&log).unwrap().len(), second);
    // Its records were never acknowledged: sent again, they are new.
    assert_eq!(m.ingest(lines(20, 10).as_bytes()).unwrap().accepted, 10);
    assert_eq!(m.stats().log_bytes, third);
    drop(m);
    // A header cut short is torn too.
    let file = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
    file.set_len(second + 7).unwrap();
    drop(file);
    let m = open(dir.path());
    assert_eq!(m.torn().map(|t| t.bytes), Some(7));
    assert_eq!(m.stats().records_stored, 20);
}

#[test]
fn a_damaged_middle_frame_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let [first, _, _] = three_batches(dir.path());
    let log = dir.path().join("events.log");
    let whole = std::fs::read(&log).unwrap();
    // One byte of the second frame's records changed.
    let mut bytes = whole.clone();
    let at = usize::try_from(first).unwrap() + 40;
    bytes[at] ^= 0x20;
    std::fs::write(&log, &bytes).unwrap();
    let Err(e) = Monitor::open(rules(), None, dir.path()) else {
        panic!("a damaged log opened");
    };
    let MonitorError::Corrupt { offset, why, .. } = &e else {
        panic!("{e}");
    };
    assert_eq!(
        (*offset, *why),
        (first, "a frame's checksum does not match its records")
    );
    assert_eq!(std::fs::read(&log).unwrap(), bytes, "nothing was cut");
    // Its length field changed: the header's own check finds it.
    let mut bytes = whole.clone();
    let len_at = usize::try_from(first).unwrap() + 4;
    bytes.clone_from(&whole);
    bytes[len_at] ^= 1;
    std::fs::write(&log, &bytes).unwrap();
    let Err(MonitorError::Corrupt { offset, why, .. }) = Monitor::open(rules(), None, dir.path())
    else {
        panic!("a damaged header opened");
    };
    assert_eq!((offset, why), (first, "a frame header is damaged"));
    // Not a log at all.
    std::fs::write(&log, b"{\"id\":\"a\"}\n").unwrap();
    let Err(e) = Monitor::open(rules(), None, dir.path()) else {
        panic!("a file that is not a log opened");
    };
    assert!(matches!(e, MonitorError::NotALog { .. }), "{e}");
}

#[test]
fn the_report_equals_slate_eval_on_the_same_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = open(dir.path());
    // Batches of uneven sizes; the last ends the file.
    let mut from = 0;
    for n in [1, 500, 37, 1000, 200] {
        m.ingest(lines(from, n).as_bytes()).unwrap();
        from += n;
    }
    m.ingest(lines(from, usize::MAX).as_bytes()).unwrap();
    assert_eq!(m.stats().records_stored, 2482);
    for (as_of, details) in [
        ("2026-01-20T00:00:00Z", false),
        ("2026-02-01T00:00:00Z", true),
        ("2026-02-14T09:30:00Z", true),
        ("2026-03-02T00:00:00Z", true),
    ] {
        let as_of = instant(as_of);
        let report = m.report(as_of, details).unwrap();
        assert_eq!(without_files(&report), eval_json(EVENTS, as_of, details));
        assert_eq!(report.input.files.len(), 1);
        assert_eq!(report.input.files[0].name, "monitor");
    }
}

#[test]
fn folding_drops_final_items_and_keeps_the_report_exact() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(instant("2026-03-02T00:00:00Z"));
    let mut m = open(dir.path());
    for from in (0..2482).step_by(500) {
        m.ingest(lines(from, 500).as_bytes()).unwrap();
    }
    // No fold yet: every record is in memory.
    assert_eq!(m.stats().memory_records, 2482);
    let live = m.live(clock.now()).unwrap();
    // Folding changes nothing the live view shows.
    assert_eq!(*live, live_on_all(EVENTS, clock.now()));
    assert!(!live.items.is_empty());
    let held = m.stats();
    // The boundary is 1 March 00:00 in Europe/London (00:00Z). Held: the
    // tickets with a record on or after it, or still waiting for `replied`
    // (first response) or `resolved` (resolution) after their last
    // `created` or `reopened` (resolution's reopening): 40 tickets with 88
    // records, counted over the example by a script.
    assert_eq!(
        (held.memory_items, held.memory_records, held.records_stored),
        (40, 88, 2482)
    );
    // The clock cannot go back past what was folded.
    let Err(e) = m.live(instant("2026-02-15T00:00:00Z")) else {
        panic!("a view before the fold boundary");
    };
    assert!(matches!(e, MonitorError::ClockBack { .. }), "{e}");
    // A record for a folded ticket: it comes back from the log, and a
    // resent record of it is a duplicate.
    let old = EVENTS.lines().next().unwrap();
    assert!(!m.memory.contains("INC-00001"));
    assert_eq!(
        m.ingest(format!("{old}\n").as_bytes()).unwrap(),
        Ingested {
            accepted: 0,
            duplicates: 1
        }
    );
    assert!(!m.memory.contains("INC-00001"), "still final: folded again");
    assert_eq!(m.stats(), held);
    // Reopened in February: the item is open again, February changes.
    let reopened = r#"{"id":"INC-00001","at":"2026-02-20T10:00:00Z","event":"reopened"}"#;
    assert_eq!(
        m.ingest(format!("{reopened}\n").as_bytes())
            .unwrap()
            .accepted,
        1
    );
    assert!(m.memory.contains("INC-00001"));
    let all = format!("{EVENTS}{reopened}\n");
    let as_of = clock.now();
    assert_eq!(
        without_files(&m.report(as_of, true).unwrap()),
        eval_json(&all, as_of, true)
    );
    assert_ne!(eval_json(&all, as_of, true), eval_json(EVENTS, as_of, true));
    assert_ne!(*m.live(as_of).unwrap(), *live);
    assert_eq!(*m.live(as_of).unwrap(), live_on_all(&all, as_of));
    // A day on, the view still equals the engine's on every record.
    clock.advance(86_400);
    assert_eq!(
        *m.live(clock.now()).unwrap(),
        live_on_all(&all, clock.now())
    );
    let after = (m.live(as_of).unwrap(), m.stats());
    drop(m);
    // A restart folds again as it replays, and holds the same.
    let mut m = open(dir.path());
    assert_eq!((m.live(as_of).unwrap(), m.stats()), after);
    // The 40 tickets held before, and INC-00001 (4 records) open again:
    // 41 tickets, 92 records.
    assert_eq!((after.1.memory_items, after.1.memory_records), (41, 92));
    // INC-00001 is resolved again in March; into April it is final, and
    // leaves memory: 40 tickets, 88 records. No other ticket closes.
    let resolved = r#"{"id":"INC-00001","at":"2026-03-10T10:00:00Z","event":"resolved"}"#;
    clock.set(instant("2026-03-11T00:00:00Z"));
    m.live(clock.now()).unwrap();
    assert_eq!(
        m.ingest(format!("{resolved}\n").as_bytes())
            .unwrap()
            .accepted,
        1
    );
    assert_eq!((m.stats().memory_items, m.stats().memory_records), (41, 93));
    let all = format!("{all}{resolved}\n");
    let april = instant("2026-04-02T00:00:00Z");
    let view = m.live(april).unwrap();
    assert_eq!(*view, live_on_all(&all, april));
    assert_eq!((m.stats().memory_items, m.stats().memory_records), (40, 88));
    assert_eq!(
        without_files(&m.report(april, true).unwrap()),
        eval_json(&all, april, true)
    );
}

/// An agreement with a sample objective and an error-rate rule that reads
/// counts from the records of items a `where` selects.
const NUMBERS: &str = r#"
agreement "Numbers" {
  id        "NUM"
  effective 2026-10-01 to 2027-09-30
  timezone  "Europe/London"
  currency  GBP

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service api "Compute API" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  objective latency "Latency" {
    sample  latency_ms on probe in milliseconds
    average below 200 milliseconds per day
  }

  objective api_uptime "API availability" {
    service  api
    uptime   at least 99.9% per day where tier is "gold"
    downtime in units of 1 minute
    downtime when errors of requests above 5% on request_stats
  }
}
"#;

fn numbers(dir: &Path) -> Monitor {
    let model = slate::compile(NUMBERS, &slate::Options::default()).unwrap();
    let rules = slate::rules::from_model(&model).unwrap();
    Monitor::open(rules, None, dir).unwrap()
}

#[test]
fn a_record_eval_would_call_invalid_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = numbers(dir.path());
    let batch = concat!(
        r#"{"id":"p1","at":"2026-10-05T10:00:00Z","event":"probe","latency_ms":"120"}"#,
        "\n\n",
        r#"{"id":"p1","at":"2026-10-05T10:01:00Z","event":"probe"}"#,
        "\n",
        r#"{"id":"p1","at":"2026-10-05T10:02:00Z","event":"probe","latency_ms":"fast"}"#,
        "\n",
    );
    let Err(Rejected::Invalid { errors, total }) = m.ingest(batch.as_bytes()) else {
        panic!("the batch was not refused");
    };
    // Line 2 is blank, and read as nothing, as `slate eval` reads it.
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!((lines, total), (vec![3, 4], 2));
    assert_eq!(
        errors[0].message,
        "no `latency_ms`, which objective `latency` reads as a number"
    );
    assert_eq!(m.stats().records_stored, 0);
}

#[test]
fn a_batch_that_would_make_a_stored_record_invalid_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = numbers(dir.path());
    // Without a tier the item is not one the rule reads: no counts needed.
    let stats = r#"{"id":"api","at":"2026-10-05T10:00:10Z","event":"request_stats"}"#;
    assert_eq!(m.ingest(stats.as_bytes()).unwrap().accepted, 1);
    // Now `api` is gold: its stored record would lack the counts.
    let batch = concat!(
        r#"{"id":"web","at":"2026-10-05T10:00:20Z","event":"request_stats","errors":1,"requests":10,"tier":"gold"}"#,
        "\n",
        r#"{"id":"api","at":"2026-10-05T10:05:00Z","event":"tiered","tier":"gold"}"#,
        "\n",
    );
    let Err(Rejected::Invalid { errors, total }) = m.ingest(batch.as_bytes()) else {
        panic!("the batch was not refused");
    };
    assert_eq!((errors.len(), total), (1, 1));
    assert_eq!(errors[0].line, 2);
    assert_eq!(
        errors[0].message,
        "with this record, a stored record of item `api` is invalid: no `errors`, and objective `api_uptime` counts `errors` on every `request_stats` record"
    );
    assert_eq!(m.stats().records_stored, 1);
}

#[test]
fn a_log_whose_creation_was_cut_short_is_written_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.log"), b"slate-mon").unwrap();
    let mut m = open(dir.path());
    assert_eq!(m.ingest(lines(0, 2).as_bytes()).unwrap().accepted, 2);
    drop(m);
    assert_eq!(open(dir.path()).stats().records_stored, 2);
    // A short file that is not the start of a log is not overwritten.
    std::fs::write(dir.path().join("events.log"), b"{}").unwrap();
    let Err(e) = Monitor::open(rules(), None, dir.path()) else {
        panic!("a file that is not a log opened");
    };
    assert!(matches!(e, MonitorError::NotALog { .. }), "{e}");
}

/// Memory follows the items not final while batches arrive, not the
/// history sent since the last period began: `tidy` after each batch (as
/// the routes call it) folds whenever memory has doubled.
#[test]
fn memory_follows_the_open_items_while_a_history_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    // The clock in March: every January and February ticket closed before
    // 1 March is final at its boundary.
    let now = instant("2026-03-02T00:00:00Z");
    let mut m = open(dir.path());
    let (mut peak, mut left) = (0, 0);
    for from in (0..2482).step_by(50) {
        m.ingest(lines(from, 50).as_bytes()).unwrap();
        let grown = m.stats().memory_records;
        m.tidy(now).unwrap();
        let held = m.stats().memory_records;
        peak = peak.max(grown);
        if held < grown {
            // A fold ran: what it left sets when the next one runs.
            left = left.max(held);
        }
    }
    // Without tidying, all 2,482 records would be held until a live view.
    // With it, memory folds again once it holds twice what the last fold
    // left (and at least 100 records, REFOLD_AFTER in tests): it never
    // holds more than that and one batch of 50. The folds keep items
    // whose last record is within 3 days (GRACE in tests) of the latest.
    assert!(left > 0, "no fold ran");
    assert!(peak <= 2 * left.max(100) + 50, "peak {peak}, left {left}");
    assert!(peak < 2482 / 3, "peak {peak}");
    // What is left is what a fold of the whole history keeps (40 tickets,
    // 88 records: see folding_drops_final_items_and_keeps_the_report_exact),
    // once a last fold runs; the live view and the report are exact.
    let live = m.live(now).unwrap();
    assert_eq!(*live, live_on_all(EVENTS, now));
    m.refold().unwrap();
    let held = m.stats();
    assert_eq!((held.memory_items, held.memory_records), (40, 88));
    let as_of = instant("2026-03-01T00:00:00Z");
    assert_eq!(
        without_files(&m.report(as_of, true).unwrap()),
        eval_json(EVENTS, as_of, true)
    );
}

/// The log keeps a batch's new records in the order they were sent, though
/// the check reads them grouped by item (and, for items held, after their
/// stored records).
#[test]
fn a_batch_is_logged_in_the_order_it_was_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = open(dir.path());
    let stored = "{\"id\":\"Z\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\",\"priority\":\"P2\"}\n";
    assert_eq!(m.ingest(stored.as_bytes()).unwrap().accepted, 1);
    let sent = [
        "{\"id\":\"Y\",\"at\":\"2026-03-02T10:00:00Z\",\"event\":\"created\",\"priority\":\"P3\"}",
        "{\"id\":\"Z\",\"at\":\"2026-03-02T11:00:00Z\",\"event\":\"updated\",\"priority\":\"P1\"}",
        "{\"id\":\"Y\",\"at\":\"2026-03-02T09:30:00Z\",\"event\":\"updated\",\"priority\":\"P4\"}",
        "{\"id\":\"Z\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"updated\",\"priority\":\"P3\"}",
    ];
    let batch: String = sent.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(m.ingest(batch.as_bytes()).unwrap().accepted, 4);
    let log = log_bytes(dir.path());
    let at = |line: &str| {
        log.windows(line.len())
            .position(|w| w == line.as_bytes())
            .unwrap()
    };
    let places: Vec<usize> = sent.iter().map(|l| at(l)).collect();
    let mut sorted = places.clone();
    sorted.sort_unstable();
    assert_eq!(places, sorted, "the log holds the batch as sent");
}
