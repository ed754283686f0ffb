//! A share of a fixed basis rather than the service's fee: a charge the
//! service names (`3% of upkeep charge`) or an amount (`10% of GBP
//! 1234.25`), on hand-worked data: docs/semantics.md §7, "Remedies and
//! amounts". Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

const AGREEMENT: &str = r#"agreement "Charge basis" {
  id        "CB"
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
    hours  24x7
    fee    GBP 4,000.00 per month
    charge upkeep "monthly maintenance and support cost" GBP 2,500.00
  }

  service projects "Project work" {
    hours 24x7
  }

  objective respond "Respond" {
    service desk
    measure incidents from created until responded
    clock   24x7
    goal    within 1 hour
    target  90% of incidents per month
  }

  credits for respond {
    per breach : 3% of upkeep charge
  }

  objective fix "Fix" {
    service projects
    measure incidents from created until responded
    clock   24x7
    goal    within 1 hour
    target  90% of incidents per month
  }

  credits for fix {
    below 90% : 10% of GBP 1234.25
  }
}
"#;

// The cut-off is 2026-02-01T00:00Z, so January is settled. A1 responded
// in 30 min (met), A2 in 2 h and A3 in 3 h (breached): 1 of 3 met.
// desk: 2 breaches × 3% × 2,500.00 = 2 × 75.00 = 150.00, the charge and
//   not the fee of 4,000.00 (which would pay 240.00).
// projects: 33.333% < 90% → 10% × 1,234.25 = 123.425 exactly, which
//   rounds half to even to 123.42 (half up would give 123.43).
const EVENTS: &str = r#"{"id":"A1","at":"2026-01-05T09:00:00Z","event":"created"}
{"id":"A1","at":"2026-01-05T09:30:00Z","event":"responded"}
{"id":"A2","at":"2026-01-06T09:00:00Z","event":"created"}
{"id":"A2","at":"2026-01-06T11:00:00Z","event":"responded"}
{"id":"A3","at":"2026-01-07T09:00:00Z","event":"created"}
{"id":"A3","at":"2026-01-07T12:00:00Z","event":"responded"}
"#;

fn report(source: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-02-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("charge-basis.sla", source, EVENTS, &options)
}

fn settlement<'r>(r: &'r Report, service: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.service == service && s.period == "2026-01")
        .unwrap_or_else(|| panic!("no settlement for {service}"))
}

/// A line's payout, breaches and exact amount.
type Line = (String, Option<u64>, String);

/// (payout, breaches, exact line amount) of each line, the exact total
/// and what is owed.
fn figures(s: &Settlement) -> (Vec<Line>, String, String) {
    (
        s.lines
            .iter()
            .map(|l| (l.payout.clone(), l.breaches, l.amount.to_string()))
            .collect(),
        s.total.to_string(),
        s.amount.to_string(),
    )
}

#[test]
fn a_named_charge_is_the_basis_of_each_breach() {
    let r = report(AGREEMENT);
    assert_eq!(
        figures(settlement(&r, "desk")),
        (
            vec![(
                "3% of upkeep charge (monthly maintenance and support cost, GBP 2,500.00)"
                    .to_owned(),
                Some(2),
                "150.00".to_owned()
            )],
            "150.00".to_owned(),
            "150.00".to_owned()
        )
    );
}

#[test]
fn a_fixed_amount_is_the_basis_and_rounds_half_to_even_once() {
    let r = report(AGREEMENT);
    assert_eq!(
        figures(settlement(&r, "projects")),
        (
            vec![("10% of GBP 1,234.25".to_owned(), None, "123.425".to_owned())],
            "123.425".to_owned(),
            "123.42".to_owned()
        )
    );
}

/// A day's share of a fixed basis divides by the settled period's days:
/// 2 days of GBP 3,100.00 in January (31 days) = 200.00, paid on each
/// breach: 2 × 200.00 = 400.00.
#[test]
fn a_days_share_of_a_fixed_basis_divides_by_the_periods_days() {
    let source = AGREEMENT.replace(
        "per breach : 3% of upkeep charge",
        "per breach : 2 days of GBP 3,100.00",
    );
    let r = report(&source);
    let desk = settlement(&r, "desk");
    assert_eq!(desk.amount.to_string(), "400.00");
    assert_eq!(desk.lines[0].days_in_period, Some(31));
}

/// The contract names the charge by its words, with its amount and what
/// the share comes to; a share that is not exact in pence is not worked
/// out (the contract rounds nothing).
#[test]
fn the_contract_words_the_charge() {
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("the customer is entitled to a credit of 3% of the monthly maintenance and support cost (GBP 2,500.00), that is GBP 75.00."),
        "{md}"
    );
    assert!(md.contains("| below 90% | 10% of GBP 1,234.25 |"), "{md}");
}

fn codes(source: &str) -> Vec<String> {
    slate::check(source)
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.number(), d.message))
        .collect()
}

#[test]
fn an_unknown_charge_is_refused_with_the_closest_name() {
    let source = AGREEMENT.replace("3% of upkeep charge", "3% of upkep charge");
    assert_eq!(
        codes(&source),
        ["E0201: undefined charge `upkep` of service `desk`"]
    );
    let checked = slate::check(&source);
    assert_eq!(
        checked.diagnostics[0].help.as_deref(),
        Some("did you mean `upkeep`?")
    );
}

#[test]
fn a_charge_in_another_currency_is_refused() {
    let source = AGREEMENT.replace("support cost\" GBP 2,500.00", "support cost\" EUR 2,500.00");
    assert_eq!(
        codes(&source),
        ["E0312: amount in `EUR` but the agreement's currency is `GBP`"]
    );
    let source = AGREEMENT.replace("10% of GBP 1234.25", "10% of USD 1234.25");
    assert_eq!(
        codes(&source),
        ["E0312: amount in `USD` but the agreement's currency is `GBP`"]
    );
}

#[test]
fn a_charge_named_twice_is_refused() {
    let source = AGREEMENT.replace(
        "    charge upkeep \"monthly maintenance and support cost\" GBP 2,500.00\n",
        "    charge upkeep \"monthly maintenance and support cost\" GBP 2,500.00\n    charge upkeep GBP 100.00\n",
    );
    assert_eq!(
        codes(&source),
        ["E0202: charge `upkeep` is defined twice in service `desk`"]
    );
}
