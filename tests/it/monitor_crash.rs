//! `kill -9` during ingest, five times over, on one state directory: every
//! acknowledged record survives, none is counted twice, and a batch lands
//! whole or not at all.
//!
//! The support example's records (`examples/support.events.ndjson`, 2,482
//! lines) go in batches of 1 to 60 lines, in file order, from a client
//! thread that posts one batch at a time and records each 200. The test
//! kills the monitor at an uneven moment (a fixed sequence, so a failure
//! repeats), and the client's batch then in flight, if any, is uncertain:
//! it may have been made durable before the kill, or not. On restart the
//! monitor's report must be exactly `slate eval`'s on either the
//! acknowledged batches alone or those and the uncertain one, whole;
//! re-sending the uncertain batch then says which: every record a
//! duplicate if it landed, every record accepted if not, never a mix.
//! After the last round, every batch is sent again: the ones that landed
//! are all duplicates, the report is `slate eval`'s on the whole file, the
//! open items are the engine's live view on it, and memory holds exactly
//! the items not final; then a late `reopened` for a ticket folded away
//! brings it back, and all of that holds again.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use slate_tests::root;

use crate::monitor_differential::compare_items;
use crate::monitor_harness::{Monitor, Scratch, assert_same_report, eval_json, ingested, request};

const AGREEMENT: &str = "examples/support.sla";
const EVENTS: &str = "examples/support.events.ndjson";
/// The monitor's clock starts just after the last record
/// (2026-03-01T03:53:57Z), at real speed; every report is as of here.
const NOW: &str = "2026-03-01T04:00:00Z";
const ROUNDS: usize = 5;

/// The batches: sizes 1 to 60 lines, uneven, from a small linear
/// congruential sequence.
fn batches(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let (mut at, mut x) = (0, 7_u64);
    while at < lines.len() {
        x = (x * 1_103_515_245 + 12_345) % (1 << 31);
        let size = usize::try_from(x % 60).expect("small") + 1;
        let end = (at + size).min(lines.len());
        out.push(lines[at..end].iter().map(|l| format!("{l}\n")).collect());
        at = end;
    }
    out
}

/// What a client saw before the kill: the batches answered 200 (from
/// `from`, in order), and the one in flight when the monitor died.
struct Seen {
    acknowledged: Vec<usize>,
    in_flight: Option<usize>,
}

/// Posts `batches[from..]` one after another until one gets no answer (the
/// monitor was killed) or all are sent. Any answer but a 200 accepting the
/// whole batch fails the test.
fn client(port: u16, batches: Vec<String>, from: usize, acks: Arc<AtomicUsize>) -> Seen {
    let mut acknowledged = Vec::new();
    for (i, batch) in batches.iter().enumerate().skip(from) {
        match request(port, "POST", "/v1/events", batch.as_bytes()) {
            Some((200, body)) => {
                let lines = batch.lines().count() as u64;
                assert_eq!(ingested(&body), (lines, 0), "batch {i}: {body}");
                acknowledged.push(i);
                acks.fetch_add(1, Ordering::SeqCst);
            }
            Some((status, body)) => panic!("batch {i}: {status} {body}"),
            None => {
                return Seen {
                    acknowledged,
                    in_flight: Some(i),
                };
            }
        }
    }
    Seen {
        acknowledged,
        in_flight: None,
    }
}

/// `slate eval`'s report on `batches` taken where `landed` says.
fn eval_on(dir: &Path, batches: &[String], landed: &[bool]) -> serde_json::Value {
    let file = dir.join("union.ndjson");
    let text: String = batches
        .iter()
        .zip(landed)
        .filter(|(_, l)| **l)
        .map(|(b, _)| b.as_str())
        .collect();
    std::fs::write(&file, text).expect("write");
    eval_json(&root().join(AGREEMENT), &file, NOW, &[])
}

fn start(scratch: &Scratch) -> Monitor {
    Monitor::start(
        &root().join(AGREEMENT),
        &scratch.path().join("state"),
        &scratch.path().join("monitor.log"),
        &["--clock-start", NOW, "--clock-rate", "1"],
    )
}

fn report(monitor: &Monitor) -> serde_json::Value {
    monitor.json(&format!("/v1/report?as_of={NOW}&details=true"))
}

/// After a restart: the report is eval's on what landed, with the
/// uncertain batch or without it, and re-sending that batch agrees.
fn settle_uncertain(
    monitor: &Monitor,
    dir: &Path,
    batches: &[String],
    landed: &mut [bool],
    uncertain: usize,
) {
    let now = report(monitor);
    let without = eval_on(dir, batches, landed);
    landed[uncertain] = true;
    let with = eval_on(dir, batches, landed);
    let (accepted, duplicates) = monitor.post_events(&batches[uncertain]);
    let lines = batches[uncertain].lines().count() as u64;
    if (accepted, duplicates) == (0, lines) {
        assert_same_report(
            &now,
            &with,
            &format!("batch {uncertain} landed before the kill"),
        );
    } else {
        assert_eq!(
            (accepted, duplicates),
            (lines, 0),
            "batch {uncertain} landed in part"
        );
        assert_same_report(
            &now,
            &without,
            &format!("batch {uncertain} lost in the kill"),
        );
    }
}

#[test]
fn kill_9_during_ingest_loses_no_acknowledged_record_and_counts_none_twice() {
    let text = slate_tests::read(&root().join(EVENTS));
    let lines: Vec<&str> = text.lines().collect();
    let batches = batches(&lines);
    let scratch = Scratch::new("monitor-crash");
    let mut landed = vec![false; batches.len()];
    let mut next = 0;
    let mut uncertain: Option<usize> = None;
    let mut in_flight_kills = 0;
    for round in 0..ROUNDS {
        let mut monitor = start(&scratch);
        if let Some(u) = uncertain.take() {
            settle_uncertain(&monitor, scratch.path(), &batches, &mut landed, u);
            next = u + 1;
        } else {
            assert_same_report(
                &report(&monitor),
                &eval_on(scratch.path(), &batches, &landed),
                &format!("round {round}: after the restart"),
            );
        }
        let port = monitor.port;
        let sending = batches.clone();
        let acks = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&acks);
        let thread = std::thread::spawn(move || client(port, sending, next, counted));
        // Kill once 2, 5, 8, … batches of this round are acknowledged,
        // and 0 to 10 ms later: whatever the monitor's speed, each round
        // makes progress, and the client, posting one batch right after
        // the other, almost always has one in flight.
        let deadline = Instant::now() + Duration::from_secs(120);
        while acks.load(Ordering::SeqCst) < 2 + 3 * round && !thread.is_finished() {
            assert!(
                Instant::now() < deadline,
                "round {round}: no progress in 120 s"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(round as u64 * 7 % 11));
        monitor.kill();
        let seen = thread
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        for &i in &seen.acknowledged {
            landed[i] = true;
        }
        next = seen.acknowledged.last().map_or(next, |i| i + 1);
        uncertain = seen.in_flight;
        in_flight_kills += usize::from(uncertain.is_some());
        assert!(
            next < batches.len(),
            "round {round}: every batch sent before the kill"
        );
    }
    // The kills must have hit requests, or the test shows nothing about a
    // batch cut in the middle.
    assert!(in_flight_kills >= 1, "no kill hit a request in flight");
    let monitor = start(&scratch);
    if let Some(u) = uncertain {
        settle_uncertain(&monitor, scratch.path(), &batches, &mut landed, u);
    }
    for (i, batch) in batches.iter().enumerate() {
        let lines = batch.lines().count() as u64;
        let expected = if landed[i] { (0, lines) } else { (lines, 0) };
        assert_eq!(monitor.post_events(batch), expected, "batch {i} sent again");
    }
    let all = root().join(EVENTS);
    check_whole(&monitor, scratch.path(), &text, "every batch");
    // A late record for an item folded long ago: INC-00001, resolved on
    // 2 January, reopened a minute before now. Its records come back from
    // the log, it is open again (and unsettled), and everything still
    // agrees with `slate eval` on the file and this record.
    let reopened = r#"{"id":"INC-00001","at":"2026-03-01T03:59:00Z","event":"reopened"}"#;
    assert_eq!(monitor.post_events(&format!("{reopened}\n")), (1, 0));
    let items = monitor.json("/v1/items?objective=resolution");
    assert!(
        items["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["id"] == "INC-00001"),
        "INC-00001 is open again: {items}"
    );
    let more = format!("{}{reopened}\n", slate_tests::read(&all));
    check_whole(&monitor, scratch.path(), &more, "and a reopening");
}

/// The monitor holds `records` (NDJSON), each once: its report is `slate
/// eval`'s on them, its open items the engine's live view, and it keeps in
/// memory the items the engine calls unsettled at the fold boundary (the
/// start of March, the current month), not the history's 661 tickets.
fn check_whole(monitor: &Monitor, dir: &Path, records: &str, what: &str) {
    let file = dir.join("whole.ndjson");
    std::fs::write(&file, records).expect("write");
    let eval = eval_json(&root().join(AGREEMENT), &file, NOW, &[]);
    assert_same_report(&report(monitor), &eval, what);
    let lines: Vec<String> = records.lines().map(str::to_owned).collect();
    assert_eq!(
        report(monitor)["input"]["records"],
        serde_json::json!(lines.len()),
        "{what}: every record once"
    );
    compare_items(&root().join(AGREEMENT), &lines, monitor, None);
    let rules = slate_tests::read_back(AGREEMENT, &slate_tests::read(&root().join(AGREEMENT)));
    let mut events = slate::eval::Events::default();
    events.read("events.ndjson", records, slate::eval::Format::Ndjson);
    let boundary = slate::eval::live::boundary(&rules, slate_tests::instant(NOW));
    assert_eq!(boundary, slate_tests::instant("2026-03-01T00:00:00Z"));
    let unsettled = slate::eval::live::unsettled(&rules, &events, boundary).expect("unsettled");
    let (_, metrics) = monitor.get("/metrics");
    let held = metrics
        .lines()
        .find(|l| l.starts_with("slate_monitor_memory_items{"))
        .and_then(|l| l.rsplit(' ').next())
        .unwrap_or_else(|| panic!("no slate_monitor_memory_items:\n{metrics}"));
    // Memory holds every unsettled item (the live view needs them) and, of
    // the history's 661 tickets, at most those of the records sent since
    // the last fold: a running monitor folds when the clock passes a new
    // boundary or memory has doubled (at least 65,536 records), and a
    // restart folds exactly at the boundary (docs/monitor.md).
    let held: usize = held.parse().expect("a count");
    assert!(
        (unsettled.len()..661).contains(&held),
        "{what}: {held} items held in memory, {} unsettled",
        unsettled.len()
    );
}
