//! Sums of numbers written on records are exact or refused, never rounded:
//! a rounded sum could flip a verdict, and would depend on the records'
//! order. Found by an adversarial review: 999999999999999 plus a thousand
//! values of 0.00000000000004 once summed to 999999999999999 exactly at
//! the bound (met), and an error-rate unit was up or down by file order.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::{Events, Format, Options};

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

/// Evaluates `objective` on `events` (NDJSON lines) and gives the error.
fn refused(objective: &str, events: &[String]) -> String {
    let source = format!("{HEAD}{objective}}}\n");
    let model = slate::compile(&source, &slate::Options::default()).expect("the agreement checks");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut e = Events::default();
    e.read("events.ndjson", &events.join("\n"), Format::Ndjson);
    let as_of = slate_tests::instant("2026-04-01T00:00:00Z");
    slate::eval::refuse_non_numbers(&rules, &mut e, Some(as_of));
    slate::eval::reject_invalid_samples(&rules, &mut e, Some(as_of));
    assert!(e.invalid.is_empty(), "{:?}", e.invalid);
    let options = Options {
        as_of: Some(as_of),
        ..Options::default()
    };
    match slate::eval::evaluate(&rules, &e, &options) {
        Ok(_) => panic!("a sum that only rounding holds was accepted"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn a_sum_of_samples_that_would_round_is_refused() {
    let objective = "  objective lat \"Latency\" {
    service svc
    sample  latency_ms on probe in milliseconds
    average at most 999999999999.999 milliseconds per month
  }
";
    // The exact sum, 999999999999999.00000000000004, has 29 significant
    // digits; rounded to 28 it is 999999999999999, whose average over the
    // two samples, 499999999999999.5, would be compared instead.
    let events = [
        r#"{"id":"p","at":"2026-03-01T00:00:00Z","event":"probe","latency_ms":999999999999999}"#
            .to_owned(),
        r#"{"id":"p","at":"2026-03-01T00:00:01Z","event":"probe","latency_ms":0.00000000000004}"#
            .to_owned(),
    ];
    let message = refused(objective, &events);
    assert!(
        message.contains("`lat` in period `2026-03` sum beyond the exact decimals"),
        "{message}"
    );
}

#[test]
fn counts_of_a_downtime_unit_that_would_round_are_refused_in_any_order() {
    let objective = "  objective er \"Error minutes\" {
    service svc
    items   \"api\"
    uptime  at least 99.9% per day
    clock   24x7
    downtime in units of 1 minute
    downtime when errors of requests above 5% on request_stats
  }
";
    // 999999999999999 of 19999999999999980 is exactly 5% (up under
    // `above`); the tiny errors push it over, but only an exact sum sees
    // them. Rounded, the unit was up in this order and down in the other.
    let big = r#"{"id":"api","at":"2026-03-02T10:00:00Z","event":"request_stats","errors":999999999999999,"requests":19999999999999980}"#;
    let tiny = r#"{"id":"api","at":"2026-03-02T10:00:01Z","event":"request_stats","errors":0.00000000000004,"requests":0}"#;
    for events in [[big, tiny], [tiny, big]] {
        let events: Vec<String> = events.iter().map(|s| (*s).to_owned()).collect();
        let message = refused(objective, &events);
        assert!(
            message.contains("`er` summed in the downtime unit starting 2026-03-02T10:00:00Z"),
            "{message}"
        );
    }
}
