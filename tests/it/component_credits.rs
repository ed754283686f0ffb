//! Credits per component: with an objective measured `per component`,
//! each component's own availability in the settled month chooses its own
//! tier, and the components' amounts are added into the service's sum
//! before the service's cap (docs/semantics.md "Remedies beyond tiers",
//! per component). Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

const AGREEMENT: &str = r#"agreement "Leased lines" {
  id        "CC"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"
  currency  GBP

  party acme "Acme Telecom Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service lines "Leased lines" {
    hours      24x7
    fee        GBP 1,200.00 per month
    credit cap 50% of monthly fee
  }

  objective circuit_uptime "Availability of each circuit" {
    service lines
    items   "c1", "c2", "c3"
    uptime  at least 99.9% per month
    per component
  }

  credits for circuit_uptime {
    below 99.9% : 10% of monthly fee
    below 99%   : 50% of monthly fee
  }
}
"#;

// February 2026 is 28 × 86,400 = 2,419,200 s, all on GMT. 99.9% of it
// allows 0.1% × 2,419,200 = 2,419.2 s of downtime; 99% allows 24,192 s.
// - c1 is up all month: 100% → no tier.
// - c2 is down 2,420 s (10:00:00–10:40:20 on 10 February):
//   2,416,780 / 2,419,200 = 99.89996…% < 99.9% → 10%, just below.
// - c3 is down 36,000 s (10 hours on 20 February):
//   2,383,200 / 2,419,200 = 98.5119…% < 99% → 50%.
// The service (down while any circuit is) is down 2,420 + 36,000 =
// 38,420 s: 98.4118…%, which chooses no tier: the circuits do.
const EVENTS: &str = r#"{"id":"c1","at":"2026-02-01T00:00:00Z","event":"up"}
{"id":"c2","at":"2026-02-01T00:00:00Z","event":"up"}
{"id":"c2","at":"2026-02-10T10:00:00Z","event":"down"}
{"id":"c2","at":"2026-02-10T10:40:20Z","event":"up"}
{"id":"c3","at":"2026-02-01T00:00:00Z","event":"up"}
{"id":"c3","at":"2026-02-20T08:00:00Z","event":"down"}
{"id":"c3","at":"2026-02-20T18:00:00Z","event":"up"}
"#;

fn report(source: &str, events: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("circuits.sla", source, events, &options)
}

fn settlement<'r>(r: &'r Report, period: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == period)
        .unwrap_or_else(|| panic!("no settlement for {period}"))
}

/// A line's component, tier and exact amount.
type Line = (Option<String>, String, String);

/// (component, tier, exact line amount) of each line, the total before
/// caps, and what is owed.
fn figures(s: &Settlement) -> (Vec<Line>, String, String) {
    (
        s.lines
            .iter()
            .map(|l| (l.component.clone(), l.tier.clone(), l.amount.to_string()))
            .collect(),
        s.total.to_string(),
        s.amount.to_string(),
    )
}

fn line(component: &str, tier: &str, amount: &str) -> Line {
    (
        Some(component.to_owned()),
        tier.to_owned(),
        amount.to_owned(),
    )
}

// On the service's fee of 1,200.00: c2 10% = 120.00, c3 50% = 600.00;
// 720.00 before caps, and the service's cap of 50% × 1,200.00 = 600.00
// binds on the sum: 600.00 owed.
#[test]
fn each_circuit_earns_its_own_credit_and_the_service_cap_binds_on_the_sum() {
    let r = report(AGREEMENT, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        figures(feb),
        (
            vec![
                line("c2", "below 99.9%", "120.00"),
                line("c3", "below 99%", "600.00")
            ],
            "720.00".to_owned(),
            "600.00".to_owned()
        )
    );
    assert_eq!(feb.capped_by.len(), 1, "{:?}", feb.capped_by);
    let basis = r
        .objectives
        .iter()
        .find(|o| o.name == "circuit_uptime")
        .and_then(|o| o.settlement_basis.iter().find(|b| b.period == "2026-02"))
        .unwrap_or_else(|| panic!("no basis for February"));
    // The service's own value chooses nothing; each circuit's does.
    assert_eq!(basis.tier, None);
    let tiers: Vec<(&str, Option<&str>)> = basis
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.tier.as_deref()))
        .collect();
    assert_eq!(
        tiers,
        vec![
            ("c1", None),
            ("c2", Some("below 99.9%: 10% of fee")),
            ("c3", Some("below 99%: 50% of fee"))
        ]
    );
    // January has no records at all: no circuit has data, nothing is owed.
    assert!(r.settlements.iter().all(|s| s.period != "2026-01"));
}

// One second less for c2 (2,419 s): 2,416,781 / 2,419,200 = 99.90000826…%
// ≥ 99.9% → no tier; c3 alone: 600.00, exactly at the cap (not above it).
#[test]
fn a_circuit_at_its_allowance_earns_nothing() {
    let events = EVENTS.replace("10:40:20Z", "10:40:19Z");
    let r = report(AGREEMENT, &events);
    assert_eq!(
        figures(settlement(&r, "2026-02")),
        (
            vec![line("c3", "below 99%", "600.00")],
            "600.00".to_owned(),
            "600.00".to_owned()
        )
    );
}

/// The report names the circuit of each line and the tier each reached;
/// the contract says each component earns its own credit.
#[test]
fn the_report_and_the_contract_name_each_component() {
    let r = report(AGREEMENT, EVENTS);
    let text = slate::eval::to_text(&r);
    for want in [
        "circuit_uptime, component c2",
        "circuit_uptime, component c3",
        "each component on its own: c2 below 99.9%: 10% of fee; c3 below 99%: 50% of fee",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let json = slate::eval::to_json(&r);
    assert!(json.contains(r#""component": "c2""#), "{json}");
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let contract = slate::render::to_markdown(&m);
    assert!(
        contract.contains("earns its own credit, calculated on the fee of the service: the table is applied to that component's own availability in the"),
        "{contract}"
    );
}

/// The agreement with each circuit's own fee of GBP 400.00 a month.
fn with_component_fee() -> String {
    AGREEMENT.replace(
        "    fee        GBP 1,200.00 per month\n",
        "    fee        GBP 1,200.00 per month\n    fee per component GBP 400.00 per month\n",
    )
}

// `fee per component GBP 400.00 per month`: each circuit's percentage is of
// its own fee. c2 10% × 400.00 = 40.00; c3 50% × 400.00 = 200.00; 240.00
// before caps. The service's cap is a share of the service's own fee,
// 50% × 1,200.00 = 600.00, whatever the remedies' basis: it does not bind.
#[test]
fn each_circuit_earns_its_credit_on_its_own_fee() {
    let r = report(&with_component_fee(), EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        figures(feb),
        (
            vec![
                line("c2", "below 99.9%", "40.00"),
                line("c3", "below 99%", "200.00")
            ],
            "240.00".to_owned(),
            "240.00".to_owned()
        )
    );
    assert!(feb.capped_by.is_empty(), "{:?}", feb.capped_by);
    let fees: Vec<String> = feb
        .lines
        .iter()
        .filter_map(|l| l.component_fee.map(|f| f.to_string()))
        .collect();
    assert_eq!(fees, ["400.00", "400.00"]);
    assert_eq!(feb.fee.map(|f| f.to_string()).as_deref(), Some("1200.00"));
}

// A fixed service cap of GBP 200.00 binds on the sum of 240.00.
#[test]
fn the_service_cap_binds_on_the_sum_of_the_components_own_credits() {
    let source =
        with_component_fee().replace("credit cap 50% of monthly fee", "credit cap GBP 200.00");
    let r = report(&source, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        (feb.total.to_string(), feb.amount.to_string()),
        ("240.00".to_owned(), "200.00".to_owned())
    );
}

/// The contract states each circuit's own fee and works the table out on
/// it; the rule set carries it, and a hand-edited bad one is refused.
#[test]
fn the_contract_and_the_rule_set_carry_the_fee_of_each_component() {
    let source = with_component_fee();
    let Some(m) = slate::check(&source).model else {
        panic!("the agreement checks");
    };
    let contract = slate::render::to_markdown(&m);
    for want in [
        "Fee of each component: GBP 400.00 per month.",
        "earns its own credit, calculated on that component's own fee of GBP 400.00 per month (in place of the fee of the service)",
        "10% of the monthly fee (GBP 40.00 for each component)",
    ] {
        assert!(contract.contains(want), "{want}\n{contract}");
    }
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e:?}"));
    let json = slate::rules::to_json(&rules);
    assert!(slate::rules::from_json(&json).is_ok(), "{json}");
    assert!(json.contains(r#""component_fee""#), "{json}");
    let bad = json.replacen(r#""amount": "400""#, r#""amount": "-400""#, 1);
    assert!(slate::rules::from_json(&bad).is_err(), "{bad}");
}

/// `fee per component` on a service whose objectives are not measured per
/// component: E0550, with a fix.
#[test]
fn a_fee_per_component_without_components_is_refused() {
    let source = with_component_fee().replace("    per component\n", "");
    let checked = slate::check(&source);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect();
    assert_eq!(codes, ["E0550"]);
}

/// The agreement with each circuit's own fee and `cap` written in the
/// credits block after its tiers.
fn with_component_cap(fee_per_component: bool, cap: &str) -> String {
    let source = if fee_per_component {
        with_component_fee()
    } else {
        AGREEMENT.to_owned()
    };
    source.replace(
        "    below 99%   : 50% of monthly fee\n",
        &format!("    below 99%   : 50% of monthly fee\n    {cap}\n"),
    )
}

/// (component, amount after its own cap, amount before it when it bound).
fn capped(s: &Settlement) -> Vec<(String, String, Option<String>)> {
    s.lines
        .iter()
        .map(|l| {
            (
                l.component.clone().unwrap_or_default(),
                l.amount.to_string(),
                l.before_component_cap.map(|b| b.to_string()),
            )
        })
        .collect()
}

// `cap per component 25% of fee` with `fee per component GBP 400.00`: each
// circuit's cap is 25% × 400.00 = 100.00. c2 earns 10% × 400.00 = 40.00,
// under it; c3 earns 50% × 400.00 = 200.00, capped at 100.00. The sum after
// the caps per component is 40.00 + 100.00 = 140.00; the service's cap,
// 50% × 1,200.00 = 600.00, does not bind: 140.00 owed.
#[test]
fn each_circuit_is_capped_at_its_own_cap_before_the_sum() {
    let source = with_component_cap(true, "cap per component 25% of fee");
    let r = report(&source, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        capped(feb),
        vec![
            ("c2".to_owned(), "40.00".to_owned(), None),
            (
                "c3".to_owned(),
                "100.00".to_owned(),
                Some("200.00".to_owned())
            ),
        ]
    );
    assert_eq!(
        (feb.total.to_string(), feb.amount.to_string()),
        ("140.00".to_owned(), "140.00".to_owned())
    );
    assert!(feb.capped_by.is_empty(), "{:?}", feb.capped_by);
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("GBP 100.00 (GBP 200.00 before the cap per component)"),
        "{text}"
    );
    let json = slate::eval::to_json(&r);
    assert!(json.contains(r#""before_component_cap""#), "{json}");
}

// The same caps per component, then a service cap of GBP 120.00: it binds on
// the sum after the caps per component, 140.00 → 120.00 owed (without the
// caps per component the sum would have been 240.00).
#[test]
fn the_service_cap_binds_on_the_sum_after_the_caps_per_component() {
    let source = with_component_cap(true, "cap per component 25% of fee")
        .replace("credit cap 50% of monthly fee", "credit cap GBP 120.00");
    let r = report(&source, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        (feb.total.to_string(), feb.amount.to_string()),
        ("140.00".to_owned(), "120.00".to_owned())
    );
    assert_eq!(feb.capped_by.len(), 1, "{:?}", feb.capped_by);
}

// Without `fee per component`, a share in the cap is of the service's fee:
// `cap per component 10% of fee` = 10% × 1,200.00 = 120.00 for each circuit.
// c2 earns 10% × 1,200.00 = 120.00, exactly at its cap (not above it: no
// amount before the cap); c3 earns 50% × 1,200.00 = 600.00, capped at
// 120.00. Sum 240.00 ≤ 600.00 (the service's cap): 240.00 owed.
#[test]
fn a_share_in_the_cap_is_of_the_service_fee_without_a_fee_per_component() {
    let source = with_component_cap(false, "cap per component 10% of fee");
    let r = report(&source, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        capped(feb),
        vec![
            ("c2".to_owned(), "120.00".to_owned(), None),
            (
                "c3".to_owned(),
                "120.00".to_owned(),
                Some("600.00".to_owned())
            ),
        ]
    );
    assert_eq!(feb.amount.to_string(), "240.00");
}

// A fixed cap: `cap per component GBP 150.00` on the service's fee. c2
// 120.00 < 150.00 stays; c3 600.00 → 150.00. Sum 270.00 ≤ 600.00: owed.
#[test]
fn a_fixed_cap_per_component() {
    let source = with_component_cap(false, "cap per component GBP 150.00");
    let r = report(&source, EVENTS);
    let feb = settlement(&r, "2026-02");
    assert_eq!(
        capped(feb),
        vec![
            ("c2".to_owned(), "120.00".to_owned(), None),
            (
                "c3".to_owned(),
                "150.00".to_owned(),
                Some("600.00".to_owned())
            ),
        ]
    );
    assert_eq!(feb.amount.to_string(), "270.00");
}

/// The contract states the cap per component on the component's own fee;
/// the rule set carries it, refuses a bad hand-edited one, and `slate fmt`
/// keeps the line.
#[test]
fn the_contract_the_rule_set_and_fmt_carry_the_cap_per_component() {
    let source = with_component_cap(true, "cap per component 25% of fee");
    let Some(m) = slate::check(&source).model else {
        panic!("the agreement checks");
    };
    let contract = slate::render::to_markdown(&m);
    assert!(
        contract.contains("Each component's credits in a Month are capped at 25% of the monthly fee (GBP 100.00 for each component); the credits of all components are added together after these caps and before any other cap applies."),
        "{contract}"
    );
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e:?}"));
    let json = slate::rules::to_json(&rules);
    assert!(slate::rules::from_json(&json).is_ok(), "{json}");
    assert!(json.contains(r#""component_cap""#), "{json}");
    let bad = json.replacen(r#""percent": "25""#, r#""percent": "250""#, 1);
    assert_ne!(bad, json, "{json}");
    assert!(slate::rules::from_json(&bad).is_err(), "{bad}");
    let formatted = slate::format(&source).unwrap_or_else(|e| panic!("{e:?}"));
    // The formatter lines `cap` up with the tiers' `below`, as any cap.
    assert!(
        formatted.contains("    cap   per component 25% of fee\n"),
        "{formatted}"
    );
    assert_eq!(slate::format(&formatted).ok(), Some(formatted.clone()));
    let Some(again) = slate::check(&formatted).model else {
        panic!("the formatted agreement checks");
    };
    let again = slate::rules::from_model(&again).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(slate::rules::to_json(&again), json);
}

/// `cap per component` on an objective not measured per component: E0551,
/// with a fix.
#[test]
fn a_cap_per_component_without_components_is_refused() {
    let source = with_component_cap(false, "cap per component 25% of fee")
        .replace("    per component\n", "");
    let checked = slate::check(&source);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect();
    assert_eq!(codes, ["E0551"]);
}

/// A fee per component is a fixed fee: beside a billed fee it is refused
/// (E0542), never read in place of the bill's figure.
#[test]
fn a_fee_per_component_beside_a_billed_fee_is_refused() {
    let source = with_component_fee().replace(
        "    fee        GBP 1,200.00 per month\n",
        "    fee        billed per month\n",
    );
    let checked = slate::check(&source);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect();
    assert!(codes.contains(&"E0542"), "{codes:?}");
}

// A component's line carries the claim deadline any other line carries.
// February 2026 ends at its last midnight, 2026-03-01T00:00 London (GMT):
// that midnight starts day 1 (1 March); day 30 is 30 March, and the
// midnight that ends it is 31 March, after the clocks went forward on
// 29 March: 2026-03-31T00:00+01:00. `of each breach` cannot be written
// here: the checker refuses it on an availability objective, which has no
// items to breach (E0570), so the window always runs
// from the period's end.
#[test]
fn each_circuit_line_carries_the_claim_deadline() {
    let source = AGREEMENT.replace(
        "    below 99%   : 50% of monthly fee\n",
        "    below 99%   : 50% of monthly fee\n    claim within 30 days\n",
    );
    let r = report(&source, EVENTS);
    let deadlines: Vec<(Option<String>, Option<String>)> = settlement(&r, "2026-02")
        .lines
        .iter()
        .map(|l| (l.component.clone(), l.claim_deadline.clone()))
        .collect();
    let due = Some("2026-03-31T00:00:00+01:00".to_owned());
    assert_eq!(
        deadlines,
        vec![
            (Some("c2".to_owned()), due.clone()),
            (Some("c3".to_owned()), due)
        ]
    );
}
