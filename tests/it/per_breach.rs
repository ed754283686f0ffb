//! A credit per breach (`per breach : 3% of monthly fee`) on hand-worked
//! data: docs/semantics.md, "Remedies beyond tiers", per occurrence. Every
//! expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

const AGREEMENT: &str = r#"agreement "Outsourcing appendix" {
  id        "PB"
  effective 2026-01-01 to 2026-12-31
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

  service desk "Service desk" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  objective respond "Respond" {
    service desk
    measure incidents from created until responded
    clock   24x7
    goal    within 1 hour
    target  90% of incidents per month
  }

  credits for respond {
    per breach : 3% of monthly fee
  }
}
"#;

// London is on GMT until 29 March. The cut-off is 2026-03-01T00:00Z, so
// January and February are settled.
// January: A1 responded in 30 min (met), A2 in 2 h (breached), A3 in
//   45 min (met): 1 breach → 1 × 3% × 1,000.00 = 30.00.
// February: B1 in 3 h (breached), B2 in 90 min (breached), B3 in 10 min
//   (met): 2 breaches → 2 × 30.00 = 60.00, twice January's.
// P1, created 2026-02-28T23:30Z, is not responded by the cut-off: it is
//   pending (its hour runs past the cut-off), not a breach.
const EVENTS: &str = r#"{"id":"A1","at":"2026-01-05T09:00:00Z","event":"created"}
{"id":"A1","at":"2026-01-05T09:30:00Z","event":"responded"}
{"id":"A2","at":"2026-01-06T09:00:00Z","event":"created"}
{"id":"A2","at":"2026-01-06T11:00:00Z","event":"responded"}
{"id":"A3","at":"2026-01-07T09:00:00Z","event":"created"}
{"id":"A3","at":"2026-01-07T09:45:00Z","event":"responded"}
{"id":"B1","at":"2026-02-05T09:00:00Z","event":"created"}
{"id":"B1","at":"2026-02-05T12:00:00Z","event":"responded"}
{"id":"B2","at":"2026-02-06T09:00:00Z","event":"created"}
{"id":"B2","at":"2026-02-06T10:30:00Z","event":"responded"}
{"id":"B3","at":"2026-02-07T09:00:00Z","event":"created"}
{"id":"B3","at":"2026-02-07T09:10:00Z","event":"responded"}
{"id":"P1","at":"2026-02-28T23:30:00Z","event":"created"}
"#;

fn report(source: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("per-breach.sla", source, EVENTS, &options)
}

fn settlement<'r>(r: &'r Report, period: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == period)
        .unwrap_or_else(|| panic!("no settlement for {period}"))
}

/// (tier, breaches, exact line amount) of each line, and what is owed.
fn figures(s: &Settlement) -> (Vec<(String, Option<u64>, String)>, String) {
    (
        s.lines
            .iter()
            .map(|l| (l.tier.clone(), l.breaches, l.amount.to_string()))
            .collect(),
        s.amount.to_string(),
    )
}

#[test]
fn two_breaches_pay_twice_one() {
    let r = report(AGREEMENT);
    assert_eq!(
        figures(settlement(&r, "2026-01")),
        (
            vec![("per breach".to_owned(), Some(1), "30.00".to_owned())],
            "30.00".to_owned()
        )
    );
    assert_eq!(
        figures(settlement(&r, "2026-02")),
        (
            vec![("per breach".to_owned(), Some(2), "60.00".to_owned())],
            "60.00".to_owned()
        )
    );
    for out in [slate::eval::to_text(&r), slate::eval::to_markdown(&r)] {
        assert!(out.contains("per breach × 2"), "{out}");
    }
}

// Beside a tier, and under a cap of 12% of the monthly fee (120.00):
// January: 2 met of 3 = 66.667%, not below 50% → no tier; 1 breach →
//   30.00; owed 30.00.
// February: 1 met of 3 = 33.333% < 50% → the tier pays 10% = 100.00; 2
//   breaches → 60.00; 160.00 before caps, capped at 120.00.
#[test]
fn a_cap_limits_tiers_and_breaches_together() {
    let source = AGREEMENT
        .replace(
            "    per breach : 3% of monthly fee\n",
            "    below 50% : 10% of monthly fee\n    per breach : 3% of monthly fee\n",
        )
        .replace(
            "    fee   GBP 1,000.00 per month\n",
            "    fee   GBP 1,000.00 per month\n    credit cap 12% of monthly fee\n",
        );
    let r = report(&source);
    assert_eq!(
        figures(settlement(&r, "2026-01")),
        (
            vec![("per breach".to_owned(), Some(1), "30.00".to_owned())],
            "30.00".to_owned()
        )
    );
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        figures(feb),
        (
            vec![
                ("below 50%".to_owned(), None, "100.00".to_owned()),
                ("per breach".to_owned(), Some(2), "60.00".to_owned()),
            ],
            "120.00".to_owned()
        )
    );
    assert_eq!(feb.total.to_string(), "160.00");
    assert_eq!(feb.capped_by, ["12% of fee per month"]);
}

/// The contract says what each breach pays, worked out, and adds nothing.
#[test]
fn the_contract_states_what_each_breach_pays() {
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("that misses its goal in a Month, the customer is entitled to a credit of 3% of the monthly fee (GBP 30.00)."),
        "{md}"
    );
    assert!(md.contains("For each incident of"), "{md}");
}

/// `per breach` on availability is refused with a fix.
#[test]
fn availability_has_no_breaches_to_count() {
    let source = AGREEMENT
        .replace(
            "    measure incidents from created until responded\n    clock   24x7\n    goal    within 1 hour\n    target  90% of incidents per month\n",
            "    items   \"web\"\n    uptime  at least 99.9% per month\n",
        );
    let checked = slate::check(&source);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect();
    assert_eq!(codes, ["E0515"]);
}

/// Due dates have breaches too: `examples/deliverables.sla` with `per
/// breach : GBP 500.00` beside its tiers (the figures of
/// `due_dates::the_deliverables_example_worked_by_hand`). October: DEL-02
/// (3 days late) and MS-01 (not delivered, accruing) are breached, 2 of 4
/// met = 50% < 75% → the tier pays 5% × 48,000.00 = 2,400.00, and the 2
/// breaches 2 × 500.00 = 1,000.00: 3,400.00. September: all met, no
/// breach, nothing owed. November is not over: DEL-04 is pending.
#[test]
fn due_dates_pay_per_breach() {
    let root = slate_tests::root();
    let source = slate_tests::read(&root.join("examples/deliverables.sla")).replace(
        "    below   75%  : 5% of monthly fee\n",
        "    below   75%  : 5% of monthly fee\n    per breach : GBP 500.00\n",
    );
    let events = slate_tests::read(&root.join("examples/deliverables.events.ndjson"));
    let options = Options {
        as_of: Some(slate_tests::instant("2026-11-03T12:00:00Z")),
        ..Options::default()
    };
    let r = slate_tests::evaluate_source("deliverables.sla", &source, &events, &options);
    let owed: Vec<(&str, String)> = r
        .settlements
        .iter()
        .map(|s| (s.period.as_str(), s.amount.to_string()))
        .collect();
    assert_eq!(owed, [("2026-10", "3400.00".to_owned())]);
    assert_eq!(
        figures(settlement(&r, "2026-10")).0,
        [
            ("below 75%".to_owned(), None, "2400.00".to_owned()),
            ("per breach".to_owned(), Some(2), "1000.00".to_owned()),
        ]
    );
}
