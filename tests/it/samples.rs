//! Bounds on samples (`sample latency_ms on probe in milliseconds` with
//! `average at most 65 milliseconds per day`) on hand-worked data:
//! docs/semantics.md, "Averages and percentiles of samples". The agreement
//! and events are tests/data/eval/samples.*; every expected figure is
//! worked out in a comment.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::report::{Report, SampleValue, Verdict};
use slate::eval::{Events, Format, Options};

const AGREEMENT: &str = include_str!("../data/eval/samples.sla");
const EVENTS: &str = include_str!("../data/eval/samples.events.ndjson");

// London is on GMT until 29 March, so local days are UTC days. The
// cut-off is one second after the last record (2026-03-04T09:20:01Z).
//
// 2026-03-02:
//   probe, region eu: 60 (read twice, identical: counted once), 70, 65, 65;
//     region us 1000 (not a sample: fails `where region is "eu"`);
//     eu 5000 with cause "maintenance" (excluded where `exclude` is written).
//   latency: values 60, 70, 65, 65; n = 4, sum 260, average 260/4 = 65
//     exactly: `at most 65` met, `below 65` breached; 1 excluded. Had the
//     duplicate counted, 320/5 = 64 would meet `below 65`.
//   p95 (no exclude): 60, 65, 65, 70, 5000; rank ⌈95·5/100⌉ = ⌈4.75⌉ = 5:
//     5000, breached both ways.
//   ping rtt 4, 2, 1, 3: sorted 1, 2, 3, 4; p50 rank ⌈50·4/100⌉ = 2: the
//     value 2. `at most 2` met, `below 2` breached.
//   measurement loss 0.1 and 0.2: sum 0.3 exactly (no binary float), over
//     2 = 0.15: `at most 0.15%` met.
//   hold 170 and 190 seconds: 360/2 = 180 = 3 minutes: `at most 3 minutes`
//     met.
// 2026-03-03: no record: no data for every objective, which meets.
// 2026-03-04 (not over): probe eu 20, 19, …, 1 (twenty values; us 1 is
//   not a sample). Average 210/20 = 10.5. p95 rank ⌈95·20/100⌉ = 19: the
//   19th smallest, 19: `at most 19` met, `below 19` breached. Judged so
//   far, never pending.

fn report() -> Report {
    slate_tests::evaluate_source("samples.sla", AGREEMENT, EVENTS, &Options::default())
}

/// The verdict and the samples of one objective's period.
fn period(r: &Report, objective: &str, label: &str) -> (Verdict, SampleValue) {
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == objective)
        .and_then(|o| o.periods.iter().find(|p| p.label == label))
        .unwrap_or_else(|| panic!("no period {label} of {objective}"));
    (p.verdict, p.sample.clone().expect("samples"))
}

/// The exact value as (numerator, denominator, printed decimal).
fn exact(s: &SampleValue) -> Option<(String, u64, String)> {
    s.value.as_ref().map(|v| {
        (
            v.numerator.to_string(),
            v.denominator,
            v.decimal.to_string(),
        )
    })
}

#[test]
fn an_average_exactly_at_the_bound_meets_at_most_and_breaches_below() {
    let r = report();
    let (v, s) = period(&r, "latency", "2026-03-02");
    assert_eq!(v, Verdict::Met);
    assert_eq!((s.samples, s.excluded, s.invalid), (4, 1, 0));
    assert_eq!(exact(&s), Some(("260".into(), 4, "65".into())));
    let (v, _) = period(&r, "latency_below", "2026-03-02");
    assert_eq!(v, Verdict::Breached);
    // The duplicate of the 60 record was counted once on reading.
    assert_eq!(r.input.duplicates, 1);
}

#[test]
fn nearest_rank_percentiles_at_the_boundaries() {
    let r = report();
    // p95 of twenty values is the 19th.
    let (v, s) = period(&r, "p95", "2026-03-04");
    assert_eq!((v, s.samples), (Verdict::Met, 20));
    assert_eq!(exact(&s), Some(("19".into(), 1, "19".into())));
    assert_eq!(period(&r, "p95_below", "2026-03-04").0, Verdict::Breached);
    // p95 of five values is the 5th (⌈4.75⌉): 5000.
    let (v, s) = period(&r, "p95", "2026-03-02");
    assert_eq!(v, Verdict::Breached);
    assert_eq!(exact(&s), Some(("5000".into(), 1, "5000".into())));
    // p50 of 1, 2, 3, 4 is 2.
    let (v, s) = period(&r, "median", "2026-03-02");
    assert_eq!(v, Verdict::Met);
    assert_eq!(exact(&s), Some(("2".into(), 1, "2".into())));
    assert_eq!(
        period(&r, "median_below", "2026-03-02").0,
        Verdict::Breached
    );
}

#[test]
fn decimals_sum_exactly_and_time_bounds_convert() {
    let r = report();
    let (v, s) = period(&r, "loss", "2026-03-02");
    assert_eq!(v, Verdict::Met);
    assert_eq!(exact(&s), Some(("0.3".into(), 2, "0.15".into())));
    let (v, s) = period(&r, "hold", "2026-03-02");
    assert_eq!(v, Verdict::Met);
    assert_eq!(exact(&s), Some(("360".into(), 2, "180".into())));
}

#[test]
fn an_empty_period_has_no_data_and_a_period_not_over_is_judged_so_far() {
    let r = report();
    for o in ["latency", "p95", "median", "loss", "hold"] {
        let (v, s) = period(&r, o, "2026-03-03");
        assert_eq!((v, s.samples, exact(&s)), (Verdict::NoData, 0, None), "{o}");
    }
    let (v, s) = period(&r, "latency", "2026-03-04");
    assert_eq!(v, Verdict::Met);
    assert_eq!(exact(&s), Some(("210".into(), 20, "10.5".into())));
}

/// Records the objective needs a number from: one without the attribute,
/// one with text that is not a number, one with a JSON string " 12" (its
/// text has a space), and one whose number is written as a JSON string
/// "64" (its text is a JSON number, so it is read).
const BAD: &str = r#"{"id":"P1","at":"2026-03-02T09:00:00Z","event":"probe","region":"eu","latency_ms":66}
{"id":"P1","at":"2026-03-02T09:01:00Z","event":"probe","region":"eu"}
{"id":"P1","at":"2026-03-02T09:02:00Z","event":"probe","region":"eu","latency_ms":"12ms"}
{"id":"P1","at":"2026-03-02T09:03:00Z","event":"probe","region":"eu","latency_ms":" 12"}
{"id":"P1","at":"2026-03-02T09:04:00Z","event":"probe","region":"eu","latency_ms":"64"}
{"id":"P1","at":"2026-03-02T09:05:00Z","event":"probe","region":"us","latency_ms":"n/a"}
{"id":"P1","at":"2026-03-02T09:06:00Z","event":"probe","region":"eu","cause":"maintenance"}
"#;

fn bad_events() -> (slate::rules::RuleSet, Events) {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = Events::default();
    e.read("bad.ndjson", BAD, Format::Ndjson);
    (rules, e)
}

#[test]
fn a_record_without_a_number_is_an_invalid_record_with_file_and_line() {
    let (rules, e) = bad_events();
    // Lines 2 (missing), 3 (`12ms`) and 4 (` 12`); line 6 is region us
    // (not a sample of any objective) and line 7 is excluded from
    // `latency`, yet `p95` has no `exclude`, so it needs a number too.
    let found = slate::eval::invalid_samples(&rules, &e, None);
    let mut lines: Vec<u64> = found
        .iter()
        .filter_map(|(seq, ..)| e.origin(*seq).map(|(_, l)| l))
        .collect();
    // Once per objective that needs the number: lines 2, 3 and 4 for the
    // four `probe` objectives, line 7 for the two without `exclude`.
    assert_eq!(found.len(), 4 * 3 + 2);
    lines.dedup();
    assert_eq!(lines, [2, 3, 4, 7]);
    let err = slate::eval::evaluate(&rules, &e, &Options::default()).expect_err("refused");
    let text = err.to_string();
    assert!(text.starts_with("bad.ndjson:2: no `latency_ms`"), "{text}");
    assert!(text.contains("--skip-invalid"), "{text}");
}

#[test]
fn with_skip_invalid_they_are_counted_and_listed() {
    let (rules, mut e) = bad_events();
    slate::eval::reject_invalid_samples(&rules, &mut e, None);
    assert_eq!(e.invalid_total, 4);
    let listed: Vec<String> = e.invalid.iter().map(ToString::to_string).collect();
    assert!(
        listed[1].starts_with("bad.ndjson:3: `latency_ms` is `12ms`, not a number"),
        "{listed:?}"
    );
    assert!(
        listed[2].starts_with("bad.ndjson:4: `latency_ms` is ` 12`"),
        "{listed:?}"
    );
    let r = slate::eval::evaluate(&rules, &e, &Options::default()).expect("a report");
    assert_eq!(r.input.invalid, 4);
    assert_eq!(r.input.records, 3);
    assert_eq!(r.input.files.first().map(|f| f.records), Some(3));
    // latency: 66 and 64 (the string "64" reads as a number): 130/2 = 65;
    // lines 2, 3 and 4 are its invalid records. Line 7, which it would
    // exclude, is invalid for `p95` (no `exclude`), so it is an invalid
    // record and no objective sees it.
    let (v, s) = period(&r, "latency", "2026-03-02");
    assert_eq!(v, Verdict::Met);
    assert_eq!((s.samples, s.excluded, s.invalid), (2, 0, 3));
    assert_eq!(exact(&s), Some(("130".into(), 2, "65".into())));
    // p95 of 64, 66: rank ⌈1.9⌉ = 2, the value 66; lines 2, 3, 4 and 7.
    let (_, s) = period(&r, "p95", "2026-03-02");
    assert_eq!((s.samples, s.invalid), (2, 4));
    assert_eq!(exact(&s), Some(("66".into(), 1, "66".into())));
}

/// Numbers beyond the exact decimals Slate holds (28 significant digits,
/// 28 decimal places) are refused as such, not as "not a number"; text
/// that is no JSON number still says so.
#[test]
fn a_number_beyond_the_exact_decimals_says_so() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let beyond = [
        "1e-30",
        "1e-29",
        "0.00000000000000000000000000001",
        "1E+400",
        "12345678901234567890123456789",
        "0.1234567890123456789012345678901",
    ];
    let mut events = String::new();
    for (i, n) in beyond.iter().chain(["12ms"].iter()).enumerate() {
        events.push_str(&format!(
            r#"{{"id":"P1","at":"2026-03-02T09:0{i}:00Z","event":"probe","region":"eu","latency_ms":"{n}"}}
"#
        ));
    }
    events.push_str(
        r#"{"id":"P1","at":"2026-03-02T09:09:00Z","event":"probe","region":"eu","latency_ms":1e-30}
"#,
    );
    let mut e = Events::default();
    e.read("beyond.ndjson", &events, Format::Ndjson);
    slate::eval::reject_invalid_samples(&rules, &mut e, None);
    let listed: Vec<String> = e.invalid.iter().map(ToString::to_string).collect();
    assert_eq!(listed.len(), beyond.len() + 2, "{listed:?}");
    let says = "a number, but beyond the exact decimals Slate holds (at most 28 significant digits and 28 decimal places)";
    // Lines 1 to 6 as JSON strings, line 8 the JSON number 1e-30.
    let held = beyond.iter().chain(["1e-30"].iter());
    for (line, n) in listed.iter().filter(|l| !l.contains("12ms")).zip(held) {
        assert!(
            line.contains(&format!("`latency_ms` is `{n}`, {says}")),
            "{line}"
        );
    }
    assert!(
        listed.iter().any(|l| l.contains(
            "`latency_ms` is `12ms`, not a number (a JSON number such as `12` or `0.5`)"
        )),
        "{listed:?}"
    );
}

#[test]
fn a_hand_edited_bad_value_is_refused() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let json = slate::rules::to_json(&slate::rules::from_model(&model).expect("a rule set"));
    assert!(json.contains(r#""bound_value": "0.15""#), "{json}");
    for (from, to, says) in [
        (r#""p": "95""#, r#""p": "100""#, "percentile `100`"),
        (r#""p": "50""#, r#""p": "0""#, "percentile `0`"),
        (
            r#""attribute": "rtt""#,
            r#""attribute": "at""#,
            "`at` is not an attribute that carries a number",
        ),
        (
            r#""bound_value": "0.15""#,
            r#""bound_value": "0.15%""#,
            "measure.bound_value",
        ),
        // Names as the language writes them; no agreement can state these.
        (
            r#""attribute": "rtt""#,
            r#""attribute": "latency ms""#,
            "`latency ms` is not a name",
        ),
        (
            r#""attribute": "rtt""#,
            r#""attribute": """#,
            "`` is not a name",
        ),
        (r#""event": "ping""#, r#""event": """#, "an empty event"),
        // At most 12 decimals, as the language writes a number (E0105).
        (
            r#""p": "95""#,
            r#""p": "99.99999999999999""#,
            "percentile `99.99999999999999` has more than 12 digits",
        ),
    ] {
        let bad = resealed(&json.replacen(from, to, 1));
        let err = slate::rules::from_json(&bad).expect_err("refused");
        assert!(err.to_string().contains(says), "{to}: {err}");
    }
}

/// A rule set edited by hand, with its digest recomputed.
fn resealed(json: &str) -> String {
    crate::rules::resealed_as_written(serde_json::from_str(json).expect("JSON"))
}

/// These samples name no metric: Prometheus cannot compute any sample
/// objective from series of its own, and watches each through `slate
/// monitor`'s metrics, with the warning E0601 and its reason (an average
/// or a percentile `at most` with a histogram gets rules:
/// `tests/data/prometheus/average-samples.sla`, `percentile-samples.sla`).
#[test]
fn samples_are_left_out_of_prometheus_with_the_reason() {
    let (_, diagnostics) = slate::compile_rules(AGREEMENT, slate::RulesTarget::Prometheus);
    let left: Vec<&slate::Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code.number() == "E0601")
        .collect();
    assert_eq!(left.len(), 8, "{diagnostics:?}");
    assert!(
        left.iter().all(|d| {
            let d = format!("{d:?}");
            d.contains("of a latency histogram, and it names none")
                || d.contains("a latency histogram with a bucket at the bound, and it names none")
                || d.contains("only a percentile bound of `at most`")
        }),
        "{left:?}"
    );
}

/// The JSON report carries the samples additively and reads back whole.
#[test]
fn the_json_report_reads_back() {
    let r = report();
    let json = slate::eval::to_json(&r);
    assert!(json.contains(r#""kind": "sample_aggregate""#), "{json}");
    assert!(
        json.contains(r#""target": "sample average at most 65""#),
        "{json}"
    );
    assert!(json.contains(r#""unit": "milliseconds""#), "{json}");
    let back: Report = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, r);
}

/// A CSV cell is read as written: `65` is a number, `65 ms` is not.
#[test]
fn csv_cells_are_numbers_when_written_as_json_numbers() {
    let model = slate::compile(AGREEMENT, &slate::Options::default()).expect("compiles");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = Events::default();
    e.read(
        "probes.csv",
        "id,at,event,region,latency_ms\nP1,2026-03-02T09:00:00Z,probe,eu,65\nP1,2026-03-02T09:01:00Z,probe,eu,65 ms\n",
        Format::Csv,
    );
    let found = slate::eval::invalid_samples(&rules, &e, None);
    let lines: Vec<u64> = found
        .iter()
        .filter_map(|(seq, ..)| e.origin(*seq).map(|(_, l)| l))
        .collect();
    // Line 3, once for each of the four objectives on `probe`.
    assert_eq!(lines, [3, 3, 3, 3]);
}

/// `average below 1 milliseconds per day` on 0.9999999 and 1 on 2026-03-02:
/// 1.9999999/2 = 0.99999995.
fn near_the_bound() -> Report {
    let head = AGREEMENT
        .split("  objective latency \"Round-trip latency\"")
        .next()
        .expect("the agreement's head");
    let source = format!(
        "{head}  objective near \"Near the bound\" {{
    sample  latency_ms on probe in milliseconds
    average below 1 milliseconds per day
  }}
}}
"
    );
    let events = concat!(
        r#"{"id":"P","at":"2026-03-02T09:00:00Z","event":"probe","latency_ms":0.9999999}"#,
        "\n",
        r#"{"id":"P","at":"2026-03-02T09:01:00Z","event":"probe","latency_ms":1}"#,
        "\n",
    );
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-03T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("near.sla", &source, events, &options)
}

/// An average shown rounded is marked as such: 0.9999999 and 1 average
/// 0.99999995, which 6 places round to 1; `below 1` is met, and the text
/// must not read as if the value were the bound itself. An average that
/// is exact at 6 places (65, or 0.15) carries no mark.
#[test]
fn a_rounded_average_is_marked_about() {
    let r = near_the_bound();
    let (verdict, _) = period(&r, "near", "2026-03-02");
    assert_eq!(verdict, Verdict::Met);
    let text = slate::eval::to_text(&r);
    assert!(text.contains("≈ 1 milliseconds (1.9999999/2)"), "{text}");
    let exact = slate::eval::to_text(&report());
    assert!(exact.contains("65 milliseconds (260/4)"), "{exact}");
    assert!(!exact.contains("≈ 65"), "{exact}");
}

/// The JSON report says when a decimal is rounded (`"rounded": true`),
/// as the other formats write `≈`: 1.9999999/2 = 0.99999995 is written
/// `"decimal": "1"` (6 places, half to even), which alone would read as
/// the bound `below 1` it meets. The exact 260/4 = 65 carries no mark.
#[test]
fn the_json_report_says_a_decimal_is_rounded() {
    let r = near_the_bound();
    let (_, s) = period(&r, "near", "2026-03-02");
    assert!(s.value.as_ref().is_some_and(|v| v.rounded), "{s:?}");
    let json = slate::eval::to_json(&r);
    let compact: String = json.split_whitespace().collect();
    let rounded = r#""numerator":"1.9999999","denominator":2,"decimal":"1","rounded":true}"#;
    assert!(compact.contains(rounded), "{json}");
    let back: Report = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, r);
    let exact = slate::eval::to_json(&report());
    assert!(exact.contains(r#""decimal": "65""#), "{exact}");
    assert!(!exact.contains(r#""rounded""#), "{exact}");
}

/// A unit Slate knows (milliseconds, seconds, minutes, hours: the units of
/// time samples may be declared in) is written in the singular after a
/// figure of exactly 1, in every format and in the contract; any other
/// label is written as declared. tests/data/eval/sample-units.*:
///
/// - `one_ms`, 2026-03-02: 0.5 + 1.5 = 2 over 2 = 1 exactly: `1
///   millisecond (2/2)`, breached (`below 1`). 2026-03-03: 0.9999999 + 1
///   = 1.9999999 over 2 = 0.99999995, shown `≈ 1 milliseconds` (not
///   exactly one: plural), met. Target `below 1 millisecond`.
/// - `one_s` (declared `in second`), p50 of one value: 1 on 2026-03-02 (`1
///   second`, met), 2 on 2026-03-03 (`2 seconds`: a unit Slate knows is
///   plural after any other figure, breached).
/// - `depth` (`in requests`, a label with no known singular): 1 on
///   2026-03-02 (`1 requests`, met), (3 + 1)/2 = 2 on 2026-03-03 (`2
///   requests (4/2)`, breached). Target `at most 1 requests`: no singular
///   is guessed.
#[test]
fn a_unit_slate_knows_is_singular_after_exactly_one() {
    let path = slate_tests::root().join("tests/data/eval/sample-units.sla");
    let r = slate_tests::example_report(&path);
    assert_eq!(period(&r, "one_ms", "2026-03-02").0, Verdict::Breached);
    assert_eq!(period(&r, "one_ms", "2026-03-03").0, Verdict::Met);
    assert_eq!(period(&r, "one_s", "2026-03-02").0, Verdict::Met);
    assert_eq!(period(&r, "one_s", "2026-03-03").0, Verdict::Breached);
    assert_eq!(period(&r, "depth", "2026-03-02").0, Verdict::Met);
    assert_eq!(period(&r, "depth", "2026-03-03").0, Verdict::Breached);
    for out in [
        slate::eval::to_text(&r),
        slate::eval::to_markdown(&r),
        slate::eval::to_html(&r),
    ] {
        for words in [
            "1 millisecond (2/2)",
            "≈ 1 milliseconds (1.9999999/2)",
            "sample average below 1 millisecond",
            "1 second",
            "2 seconds",
            "sample p50 at most 1 second",
            "1 requests",
            "2 requests (4/2)",
            "sample average at most 1 requests",
        ] {
            assert!(out.contains(words), "{words}:\n{out}");
        }
        for wrong in [
            "1 milliseconds (2/2)",
            "1 seconds",
            "1 request ",
            "1 samples",
            "1\u{a0}samples",
            "1&nbsp;samples",
        ] {
            assert!(!out.contains(wrong), "{wrong}:\n{out}");
        }
    }
    let m = slate_tests::model_at(&path);
    let contract = slate::render::to_markdown(&m);
    for words in [
        "is less than 1 millisecond.",
        "hold seconds, in seconds.",
        "is at most 1 second.",
        "is at most 1 requests.",
    ] {
        assert!(contract.contains(words), "{words}:\n{contract}");
    }
    assert!(!contract.contains("1 milliseconds"), "{contract}");
}
