//! Sums of numbers written on records are exact or refused, never rounded:
//! a rounded sum could flip a verdict, and would depend on the records'
//! order. Found by an adversarial review: 999999999999999 plus a thousand
//! values of 0.00000000000004 once summed to 999999999999999 exactly at
//! the bound (met), and an error-rate unit was up or down by file order.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::Verdict;

const HEAD: &str = r#"agreement "T" {
  id        "T-1"
  version   "1.0"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"
  currency  GBP
  owner     acme

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service svc "Svc" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }
"#;

/// Evaluates `objective` on `events` (NDJSON lines).
fn evaluated(objective: &str, events: &[String]) -> slate::eval::Report {
    let source = format!("{HEAD}{objective}}}\n");
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("t.sla", &source, &events.join("\n"), &options)
}

#[test]
fn a_sum_of_samples_that_would_round_leaves_its_period_unknown() {
    let objective = "  objective lat \"Latency\" {
    service svc
    sample  latency_ms on probe in milliseconds
    average at most 999999999999.999 milliseconds per month
  }
";
    // The exact sum, 999999999999999.00000000000004, has 29 significant
    // digits; rounded to 28 it is 999999999999999, whose average over the
    // two samples, 499999999999999.5, would be compared instead. March is
    // unknown, with its reason; nothing stops the evaluation.
    let events = [
        r#"{"id":"p","at":"2026-03-01T00:00:00Z","event":"probe","latency_ms":999999999999999}"#
            .to_owned(),
        r#"{"id":"p","at":"2026-03-01T00:00:01Z","event":"probe","latency_ms":0.00000000000004}"#
            .to_owned(),
    ];
    let r = evaluated(objective, &events);
    let march = r.objectives[0]
        .periods
        .iter()
        .find(|p| p.label == "2026-03")
        .expect("March");
    assert_eq!(march.verdict, Verdict::Unknown);
    assert!(
        march.unknown.as_deref().is_some_and(
            |w| w.starts_with("the sum of the samples exceeds the exact decimals Slate holds")
        ),
        "{march:?}"
    );
    assert_eq!(
        march
            .sample
            .as_ref()
            .map(|s| (s.samples, s.value.is_none())),
        Some((2, true))
    );
}

/// tests/data/eval/sample-beyond.*: nine samples of 9999999999999999999999999999
/// (28 digits, each held exactly) on 2026-03-02 sum to
/// 89999999999999999999999999991, beyond the largest exact decimal
/// (2^96 − 1 = 79228162514264337593543950335): the average of that day is
/// unknown, neither met nor breached. The same day's p50 sums nothing: the
/// fifth of nine equal values, 9999999999999999999999999999, breaches `at
/// most 6`. 2026-03-03: 5 and 7, average 12/2 = 6 (met), p50 rank ⌈50·2/100⌉
/// = 1: 5 (met).
#[test]
fn a_sum_beyond_exact_decimals_leaves_its_period_unknown() {
    let path = slate_tests::root().join("tests/data/eval/sample-beyond.sla");
    let r = slate_tests::example_report(&path);
    let verdicts = |name: &str| -> Vec<(String, Verdict)> {
        r.objectives
            .iter()
            .find(|o| o.name == name)
            .map(|o| {
                o.periods
                    .iter()
                    .map(|p| (p.label.clone(), p.verdict))
                    .collect()
            })
            .unwrap_or_default()
    };
    let day = |d: &str, v| (d.to_owned(), v);
    assert_eq!(
        verdicts("mean"),
        [
            day("2026-03-02", Verdict::Unknown),
            day("2026-03-03", Verdict::Met)
        ]
    );
    assert_eq!(
        verdicts("median"),
        [
            day("2026-03-02", Verdict::Breached),
            day("2026-03-03", Verdict::Met)
        ]
    );
    let reason = "the sum of the samples exceeds the exact decimals Slate holds";
    for out in [
        slate::eval::to_text(&r),
        slate::eval::to_markdown(&r),
        slate::eval::to_html(&r),
    ] {
        assert!(out.contains(&format!("not computed: {reason}")), "{out}");
        assert!(out.contains("unknown"), "{out}");
        assert!(out.contains("6 (12/2)"), "{out}");
    }
    let json = slate::eval::to_json(&r);
    assert!(json.contains(r#""verdict": "unknown""#), "{json}");
    assert!(json.contains(&format!(r#""unknown": "{reason}"#)), "{json}");
    let back: slate::eval::Report = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, r);
}

/// The evaluation is incomplete, as with invalid records: `slate eval`
/// names each unknown period and writes no report (exit 1), unless
/// `--skip-invalid` accepts it (exit 0, the report marks it unknown).
#[test]
fn slate_eval_says_an_evaluation_with_an_unknown_period_is_incomplete() {
    let args = [
        "eval",
        "tests/data/eval/sample-beyond.sla",
        "--events",
        "tests/data/eval/sample-beyond.events.ndjson",
    ];
    let run = |args: &[&str]| {
        std::process::Command::new(slate_tests::slate_binary())
            .args(args)
            .current_dir(slate_tests::root())
            .output()
            .expect("slate runs")
    };
    let out = run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains(
            "error: objective `mean`, period `2026-03-02`: the sum of the samples exceeds"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("pass `--skip-invalid`"), "{stderr}");
    let out = run(&[&args[..], &["--skip-invalid"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("not computed: the sum of the samples"),
        "{report}"
    );
}

#[test]
fn counts_of_a_downtime_unit_that_would_round_leave_its_period_unknown_in_any_order() {
    let objective = ERROR_MINUTES;
    // 999999999999999 of 19999999999999980 is exactly 5% (up under
    // `above`); the tiny errors push it over, but only an exact sum sees
    // them. Rounded, the unit was up in this order and down in the other:
    // exact, its day is unknown in both, and the other days are evaluated.
    let big = r#"{"id":"api","at":"2026-03-02T10:00:00Z","event":"request_stats","errors":999999999999999,"requests":19999999999999980}"#;
    let tiny = r#"{"id":"api","at":"2026-03-02T10:00:01Z","event":"request_stats","errors":0.00000000000004,"requests":0}"#;
    for events in [[big, tiny], [tiny, big]] {
        let events: Vec<String> = events.iter().map(|s| (*s).to_owned()).collect();
        let r = evaluated(objective, &events);
        assert_eq!(verdict(&r, "2026-03-02"), Verdict::Unknown);
        assert_eq!(verdict(&r, "2026-03-03"), Verdict::Met);
        let day = r.objectives[0]
            .periods
            .iter()
            .find(|p| p.label == "2026-03-02");
        assert_eq!(
            day.and_then(|p| p.unknown.as_deref()),
            Some(
                "the sum of the counts in the downtime unit starting 2026-03-02T10:00:00Z exceeds the exact decimals Slate holds"
            )
        );
    }
}

/// Minutes down when more than 5% of the requests in them are errors.
const ERROR_MINUTES: &str = "  objective er \"Error minutes\" {
    service svc
    items   \"api\"
    uptime  at least 99.9% per day
    clock   24x7
    downtime in units of 1 minute
    downtime when errors of requests above 5% on request_stats
  }
";

/// A period's verdict, of the first objective.
fn verdict(r: &slate::eval::Report, label: &str) -> Verdict {
    r.objectives[0]
        .periods
        .iter()
        .find(|p| p.label == label)
        .map(|p| p.verdict)
        .unwrap_or_else(|| panic!("no period {label}"))
}

/// Counts written as 28-digit integers, each held exactly: nine records of
/// 9999999999999999999999999999 requests in the minute from 10:00 on
/// 2 March sum to 89999999999999999999999999991, beyond the largest exact
/// decimal (2^96 − 1 = 79228162514264337593543950335): 2 March is
/// unknown. 3 March: 1 error of 10 requests at 10:00 is 10% > 5%, one
/// minute down of 1,440 measured: 1439/1440 = 99.930…% ≥ 99.9%, met.
/// 4 March, no record: 1440/1440, met.
#[test]
fn counts_of_28_digits_beyond_exact_decimals_leave_their_day_unknown() {
    let objective = ERROR_MINUTES;
    let mut events: Vec<String> = (0..9)
        .map(|i| {
            format!(
                r#"{{"id":"api","at":"2026-03-02T10:00:{i:02}Z","event":"request_stats","errors":0,"requests":9999999999999999999999999999}}"#
            )
        })
        .collect();
    events.push(
        r#"{"id":"api","at":"2026-03-03T10:00:00Z","event":"request_stats","errors":1,"requests":10}"#
            .to_owned(),
    );
    let r = evaluated(objective, &events);
    assert_eq!(verdict(&r, "2026-03-02"), Verdict::Unknown);
    assert_eq!(verdict(&r, "2026-03-03"), Verdict::Met);
    assert_eq!(verdict(&r, "2026-03-04"), Verdict::Met);
    let third = r.objectives[0]
        .periods
        .iter()
        .find(|p| p.label == "2026-03-03");
    assert_eq!(
        third
            .and_then(|p| p.value.as_ref())
            .map(|v| (v.numerator, v.denominator)),
        Some((1439, 1440))
    );
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains(
            "not computed: the sum of the counts in the downtime unit starting 2026-03-02T10:00:00Z"
        ),
        "{text}"
    );
}

/// What is owed is never guessed: with credits on the objective, a
/// month holding a unit whose counts are beyond exact decimals cannot be
/// settled, and the evaluation stops with the error (docs/semantics.md §5).
#[test]
fn credits_on_a_month_with_an_unknown_unit_stop_the_evaluation() {
    let objective = ERROR_MINUTES.replace("per day", "per month");
    let source = format!(
        "{HEAD}{objective}  credits for er {{\n    below 99.9% : 10% of monthly fee\n  }}\n}}\n"
    );
    let model = slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("the agreement checks: {d:?}"));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}"));
    let events: Vec<String> = (0..9)
        .map(|i| {
            format!(
                r#"{{"id":"api","at":"2026-03-02T10:00:{i:02}Z","event":"request_stats","errors":0,"requests":9999999999999999999999999999}}"#
            )
        })
        .collect();
    let mut e = slate::eval::Events::default();
    e.read(
        "events.ndjson",
        &events.join("\n"),
        slate::eval::Format::Ndjson,
    );
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    match slate::eval::evaluate(&rules, &e, &options) {
        Ok(_) => panic!("a month that cannot be computed was settled"),
        Err(err) => assert!(
            err.to_string()
                .contains("`er` summed in the downtime unit starting 2026-03-02T10:00:00Z"),
            "{err}"
        ),
    }
}

/// Every order of `values`, by Heap's algorithm.
fn orders(values: &[&str]) -> Vec<Vec<String>> {
    fn heap(k: usize, v: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if k <= 1 {
            out.push(v.clone());
            return;
        }
        for i in 0..k - 1 {
            heap(k - 1, v, out);
            v.swap(if k.is_multiple_of(2) { i } else { 0 }, k - 1);
        }
        heap(k - 1, v, out);
    }
    let mut out = Vec::new();
    let mut v: Vec<String> = values.iter().map(|s| (*s).to_owned()).collect();
    heap(v.len(), &mut v, &mut out);
    out
}

/// The reviewer's case: 10^27, −10^27 and 10^-20 sum to 10^-20 whatever
/// the order (a partial sum 10^27 + 10^-20 needs 48 significant digits,
/// but only the total decides): the average 10^-20 / 3 is at most 100,
/// met, in all six orders. With 28 nines: 8 × (28 nines) − (28 nines) =
/// 69999999999999999999999999993, below 2^96 − 1, though the partial sum
/// of the eight is beyond it: the average 7 × (28 nines) / 9 ≥ 10^27 >
/// 100, breached, wherever the negative value comes.
#[test]
fn a_sum_of_samples_is_decided_by_its_total_whatever_the_order() {
    let objective = "  objective mean \"Mean\" {
    service svc
    sample  v on probe
    average at most 100 per day
  }
";
    // One record a second, in the order of `values`.
    let records = |values: &[String]| -> Vec<String> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                format!(r#"{{"id":"x","at":"2026-03-02T02:00:{i:02}Z","event":"probe","v":{v}}}"#)
            })
            .collect()
    };
    let small = [
        "1000000000000000000000000000",
        "-1000000000000000000000000000",
        "1e-20",
    ];
    for values in orders(&small) {
        let r = evaluated(objective, &records(&values));
        assert_eq!(verdict(&r, "2026-03-02"), Verdict::Met, "{values:?}");
        let sample = r.objectives[0]
            .periods
            .iter()
            .find(|p| p.label == "2026-03-02")
            .and_then(|p| p.sample.as_ref());
        assert_eq!(
            sample
                .and_then(|s| s.value.as_ref())
                .map(|v| (v.numerator.to_string(), v.denominator)),
            Some(("0.00000000000000000001".to_owned(), 3)),
            "{values:?}"
        );
    }
    let nines = "9999999999999999999999999999";
    for at in 0..9 {
        let mut values: Vec<String> = (0..8).map(|_| nines.to_owned()).collect();
        values.insert(at, format!("-{nines}"));
        let r = evaluated(objective, &records(&values));
        assert_eq!(verdict(&r, "2026-03-02"), Verdict::Breached, "{at}");
    }
}

/// Requests 0.5, 28 nines and 0.5 in one minute total exactly 10^28 (a
/// partial sum 0.5 + 28 nines needs 29 significant digits, but only the
/// total decides); errors 6 × 10^26 of 10^28 is 6% > 5% (6 × 10^28 against
/// 5 × 10^28, both held): the minute is down in every order, 1439/1440 =
/// 99.930…% ≥ 99.9%, met.
#[test]
fn counts_of_a_downtime_unit_are_decided_by_their_totals_whatever_the_order() {
    let half = r#""errors":0,"requests":0.5"#;
    let big = r#""errors":600000000000000000000000000,"requests":9999999999999999999999999999"#;
    for counts in orders(&[half, big, half]) {
        let events: Vec<String> = counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    r#"{{"id":"api","at":"2026-03-02T10:00:{i:02}Z","event":"request_stats",{c}}}"#
                )
            })
            .collect();
        let r = evaluated(ERROR_MINUTES, &events);
        assert_eq!(verdict(&r, "2026-03-02"), Verdict::Met, "{counts:?}");
        let day = r.objectives[0]
            .periods
            .iter()
            .find(|p| p.label == "2026-03-02");
        assert_eq!(
            day.and_then(|p| p.value.as_ref())
                .map(|v| (v.numerator, v.denominator)),
            Some((1439, 1440)),
            "{counts:?}"
        );
    }
}
