//! Evaluation on several threads (issue 21): events read in chunks by
//! worker threads and items' outcomes worked out in runs on several
//! threads give the report one thread gives, byte for byte. Every example
//! that ships events is read with chunks as small as a few lines (so
//! blocks end mid-file, invalid and duplicate records fall on either side
//! of a chunk's end, and blocks come back out of order) and evaluated on
//! three threads; `slate eval --threads` is run on the largest example and
//! on a history made of it many times over.

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use slate_tests::{
    example_report, example_report_on, examples_with_events, relative, slate_binary,
};

#[test]
fn every_example_gives_one_report_on_any_number_of_threads() {
    let mut compared = 0;
    for example in examples_with_events() {
        let one = slate::eval::to_json(&example_report(&example));
        for (threads, chunk) in [(2, 0), (3, 61), (4, 500)] {
            let many = slate::eval::to_json(&example_report_on(&example, threads, chunk));
            assert!(
                one == many,
                "{}: {threads} threads, chunks of {chunk} bytes: the report differs",
                relative(&example)
            );
        }
        compared += 1;
    }
    // The examples with events: a new one is compared too, none is lost.
    assert!(compared >= 16, "only {compared} examples compared");
}

/// The support example's events many times over, each copy's tickets
/// renamed and its records shifted by whole weeks (so calendars, periods
/// and weekends line up alike), with every tenth line sent twice: 7,170
/// tickets, more than one thread takes alone.
pub(crate) fn history() -> String {
    let text = slate_tests::read(&slate_tests::root().join("examples/support.events.ndjson"));
    let mut out = String::new();
    for copy in 0..10_i64 {
        for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("a record");
            let id = v["id"].as_str().expect("an id").to_owned();
            v["id"] = format!("{id}-{copy}").into();
            let at = chrono::DateTime::parse_from_rfc3339(v["at"].as_str().expect("an instant"))
                .expect("RFC 3339")
                + chrono::Duration::weeks(copy);
            v["at"] = at.to_rfc3339().into();
            let record = v.to_string();
            out.push_str(&record);
            out.push('\n');
            if n % 10 == 0 {
                out.push_str(&record);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn slate_eval_writes_one_report_whatever_the_threads() {
    let dir = std::env::temp_dir().join(format!("slate-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let events = dir.join("history.ndjson");
    std::fs::write(&events, history()).expect("the history written");
    let agreement = slate_tests::root().join("examples/support.sla");
    let mut reports = Vec::new();
    for threads in ["1", "2", "5"] {
        let out = dir.join(format!("report-{threads}.json"));
        let status = std::process::Command::new(slate_binary())
            .arg("eval")
            .arg(&agreement)
            .arg("--events")
            .arg(&events)
            .args(["--format", "json", "--details", "--threads", threads, "-o"])
            .arg(&out)
            .status()
            .expect("slate runs");
        assert!(status.success(), "--threads {threads}: {status}");
        reports.push(std::fs::read_to_string(&out).expect("the report"));
    }
    let report: serde_json::Value = serde_json::from_str(&reports[0]).expect("JSON");
    // Ten copies of the example's distinct records; every other line of
    // the history is a duplicate.
    let example = example_report(&agreement);
    let distinct = example.input.records - example.input.duplicates;
    let lines = history().lines().count() as u64;
    assert_eq!(report["input"]["records"].as_u64(), Some(lines));
    assert_eq!(
        report["input"]["duplicates"].as_u64(),
        Some(lines - 10 * distinct)
    );
    for (threads, other) in ["2", "5"].iter().zip(&reports[1..]) {
        assert!(
            &reports[0] == other,
            "--threads {threads} wrote another report"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
