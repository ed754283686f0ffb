//! `slate monitor`'s report against `slate eval`'s, over every example that
//! ships events: the example's records fed to a monitor in batches, then
//! `GET /v1/report?as_of=T&details=true` compared field by field with
//! `slate eval --as-of T --format json --details` on the same records, at
//! cut-offs inside the data and at its end. Only the fields about input
//! files may differ ([`monitor_harness::without_files`] says which and
//! why).
//!
//! The billed example (`cloud-usage`, with `cloud-usage.bill.csv`) runs
//! with the bill given to both, `--bill` on the monitor and on `slate
//! eval`, so settlements on billed charges are compared too.
//!
//! The monitor's clock starts one second after the latest record and runs
//! at real speed: the contract is "for any T up to now", and a
//! cut-off after now is refused (checked too).
//!
//! The report replays the stored records; the open items (`GET
//! /v1/items`) come from what the monitor keeps in memory, items final
//! at the fold boundary folded away. They are compared too, with the
//! engine's live view (`slate::eval::live::live`) on every record at the
//! instant the monitor answered for: folding must not change an open item.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use slate_tests::{files, relative};

use crate::monitor_harness::{
    Monitor, Scratch, assert_same_report, batches, eval_json, ndjson_lines,
};

/// The events file an example ships, `.ndjson` or `.csv`, if any.
fn events_of(example: &Path) -> Option<PathBuf> {
    let stem = example.file_stem()?.to_str()?;
    ["ndjson", "csv"]
        .into_iter()
        .map(|ext| example.with_file_name(format!("{stem}.events.{ext}")))
        .find(|p| p.exists())
}

/// The instant of a record's `at`, in Unix seconds.
fn at(line: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
    let at = v["at"]
        .as_str()
        .unwrap_or_else(|| panic!("no `at`: {line}"));
    DateTime::parse_from_rfc3339(at)
        .unwrap_or_else(|e| panic!("`{at}`: {e}"))
        .timestamp()
}

fn rfc3339(t: i64) -> String {
    DateTime::<Utc>::from_timestamp(t, 0)
        .expect("an instant")
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The cut-offs of a file of records sorted or not: the instant of the
/// record a third of the way in (as written in RFC 3339, UTC), the date
/// of the record two thirds in (a date means its midnight in the
/// agreement's zone, for both), and the end: one second after the latest
/// record, `slate eval`'s default.
fn cutoffs(lines: &[String]) -> Vec<String> {
    let instants: Vec<i64> = lines.iter().map(|l| at(l)).collect();
    let end = instants.iter().max().expect("records") + 1;
    let third = instants[instants.len() / 3];
    let two_thirds = instants[instants.len() * 2 / 3];
    let date = DateTime::<Utc>::from_timestamp(two_thirds, 0)
        .expect("an instant")
        .format("%Y-%m-%d")
        .to_string();
    vec![rfc3339(third), date, rfc3339(end)]
}

/// One example: its records in four batches (the last may be short) to a
/// fresh monitor, then each cut-off compared.
fn compare(example: &Path, events: &Path) {
    let name = relative(example);
    let scratch = Scratch::new("monitor-differential");
    let lines = ndjson_lines(events);
    // `slate eval` reads the very records the monitor is sent: for a CSV
    // example, the NDJSON they were turned into.
    let ndjson = scratch.path().join("events.ndjson");
    std::fs::write(
        &ndjson,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .expect("write");
    let cuts = cutoffs(&lines);
    let end = cuts.last().expect("the end").clone();
    let stem = example.file_stem().expect("a stem").to_string_lossy();
    let bill = example.with_file_name(format!("{stem}.bill.csv"));
    let bill_args: Vec<String> = if bill.exists() {
        vec!["--bill".to_owned(), bill.display().to_string()]
    } else {
        Vec::new()
    };
    let bill_args: Vec<&str> = bill_args.iter().map(String::as_str).collect();
    let mut args = vec!["--clock-start", end.as_str(), "--clock-rate", "1"];
    args.extend(&bill_args);
    let monitor = Monitor::start(
        example,
        &scratch.path().join("state"),
        &scratch.path().join("monitor.log"),
        &args,
    );
    let size = lines.len().div_ceil(4);
    let mut accepted = 0;
    for batch in batches(&lines, size) {
        let (a, d) = monitor.post_events(&batch);
        assert_eq!(d, 0, "{name}: the examples have no duplicate records");
        accepted += a;
    }
    assert_eq!(
        accepted,
        lines.len() as u64,
        "{name}: every record accepted"
    );
    for cut in &cuts {
        let report = monitor.json(&format!("/v1/report?as_of={cut}&details=true"));
        let eval = eval_json(example, &ndjson, cut, &bill_args);
        assert_same_report(&report, &eval, &format!("{name} as of {cut}"));
    }
    // A day after the clock's start is after now: refused with a reason.
    let tomorrow = rfc3339(
        DateTime::parse_from_rfc3339(&end)
            .expect("the end")
            .timestamp()
            + 86_400,
    );
    let (status, body) = monitor.get(&format!("/v1/report?as_of={tomorrow}"));
    assert_eq!(status, 400, "{name}: a cut-off after now: {body}");
    compare_items(
        example,
        &lines,
        &monitor,
        bill.exists().then_some(bill.as_path()),
    );
    let reason: serde_json::Value = serde_json::from_str(&body).expect("a JSON reason");
    assert!(
        reason["error"]
            .as_str()
            .is_some_and(|e| e.contains("after now")),
        "{name}: {body}"
    );
}

/// Every example with events, the billed one with its bill.
#[test]
fn the_monitors_report_is_slate_evals_for_every_example() {
    let mut compared = Vec::new();
    for example in files("examples", "sla") {
        let Some(events) = events_of(&example) else {
            continue;
        };
        compare(&example, &events);
        compared.push(relative(&example));
    }
    // The examples with events today: a new one joins by itself, and one
    // that loses its events file fails here rather than going unchecked.
    assert_eq!(compared.len(), 19, "{compared:?}");
}

/// An open item as `/v1/items` writes it, `percent_used` cut (not
/// rounded) to two decimals, as docs/monitor.md says.
fn item_json(i: &slate::eval::live::OpenItem) -> serde_json::Value {
    let percent = (i.budget_seconds > 0).then(|| {
        let hundredths = i128::from(i.elapsed_seconds) * 10_000 / i128::from(i.budget_seconds);
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    });
    serde_json::json!({
        "objective": i.objective,
        "service": i.service,
        "goal": i.goal,
        "id": i.id,
        "start": rfc3339(i.start),
        "budget_seconds": i.budget_seconds,
        "elapsed_seconds": i.elapsed_seconds,
        "percent_used": percent,
        "due": i.due.map(rfc3339),
        "running": i.running,
    })
}

/// The monitor's open items equal the engine's live view on every record
/// (read as `slate eval` reads them, with the bill where there is one) at
/// the instant the monitor answered for, in the monitor's order: percent
/// used descending, then id.
pub(crate) fn compare_items(
    example: &Path,
    lines: &[String],
    monitor: &Monitor,
    bill: Option<&Path>,
) {
    use slate::eval::{BillFormat, Events, Format};
    let name = relative(example);
    let answer = monitor.json("/v1/items?limit=10000");
    let as_of = answer["as_of"].as_str().expect("as_of");
    let as_of = DateTime::parse_from_rfc3339(as_of)
        .expect("an instant")
        .timestamp();
    let rules = slate::rules::from_model(&slate_tests::model_at(example)).expect("rules");
    let mut events = Events::default();
    events.due_attributes(slate::eval::due::attributes(&rules));
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    events.read("events.ndjson", &text, Format::Ndjson);
    slate::eval::reject_invalid_samples(&rules, &mut events, None);
    slate::eval::refuse_non_numbers(&rules, &mut events, None);
    let bill = bill.map(|b| {
        slate::eval::read_bill("bill.csv", &slate_tests::read(b), BillFormat::Csv, &rules)
            .expect("the bill")
    });
    let view = slate::eval::live::live(&rules, &events, bill.as_ref(), as_of).expect("live");
    let mut expected: Vec<serde_json::Value> = view.items.iter().map(item_json).collect();
    let mut got = answer["items"].as_array().expect("items").clone();
    // Every item is listed: no example has more open items than the limit.
    assert_eq!(answer["total"], serde_json::json!(view.items.len()));
    // The monitor's order: percent used descending, then id.
    let key = |v: &serde_json::Value| {
        let p: f64 = v["percent_used"]
            .as_str()
            .map_or(-1.0, |p| p.parse().expect("a number"));
        (-p, v["id"].as_str().unwrap_or_default().to_owned())
    };
    assert!(
        got.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "{name}: items out of order"
    );
    let by_item = |v: &serde_json::Value| (v["objective"].to_string(), v["id"].to_string());
    got.sort_by_key(by_item);
    expected.sort_by_key(by_item);
    assert_eq!(got.len(), expected.len(), "{name}: open items at {as_of}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "{name}: an open item at {as_of}");
    }
}
