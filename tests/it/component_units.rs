//! A credit per unit of downtime per component: with an objective
//! measured `per component`, each component counts its own downtime beyond
//! its own allowance, in its own units, paid on its own fee; its cap per
//! component limits everything it earns (tiers and units together), and
//! the service's cap then limits the components' sum (docs/semantics.md
//! "Remedies beyond tiers", per component). Every expected figure is
//! worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement, Shortfall};

const AGREEMENT: &str = r#"agreement "Leased lines" {
  id        "CU"
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
    fee per component GBP 400.00 per month
    credit cap GBP 75.00
  }

  objective circuit_uptime "Availability of each circuit" {
    service lines
    items   "c1", "c2"
    uptime  at least 99.9% per month
    per component
  }

  credits for circuit_uptime {
    below 99% : 10% of monthly fee
    per   4 hours or part thereof of downtime : 1 day of monthly fee
    round downtime to nearest 15 minutes
    cap   per component 20% of monthly fee
  }
}
"#;

// March 2026 in London is 31 days less the hour the clocks skip on 29
// March: 743 h = 2,674,800 s. 99.9% allows each circuit 0.1% × 2,674,800 =
// 2,674.8 s of downtime (a 744-hour month would allow 2,678.4 s).
// - c1 is down 2,674 s (08:00:00–08:44:34 on 20 March, GMT): within its
//   allowance, shortfall 0, no unit; 2,672,126 / 2,674,800 = 99.90…% is
//   no tier either. It earns nothing.
// - c2 is down 60,475 s (10:00:00 on 10 March to 02:47:55 on 11 March):
//   shortfall 60,475 − 2,674.8 = 57,800.2 s, rounded to the nearest 900 s:
//   57,800.2 / 900 = 64.22… → 64 × 900 = 57,600 s, exactly 4 units of
//   14,400 s (without the rounding, "or part thereof" would count 5). Its
//   availability 2,614,325 / 2,674,800 = 97.73…% is below 99%.
const EVENTS: &str = r#"{"id":"c1","at":"2026-03-01T00:00:00Z","event":"up"}
{"id":"c1","at":"2026-03-20T08:00:00Z","event":"down"}
{"id":"c1","at":"2026-03-20T08:44:34Z","event":"up"}
{"id":"c2","at":"2026-03-01T00:00:00Z","event":"up"}
{"id":"c2","at":"2026-03-10T10:00:00Z","event":"down"}
{"id":"c2","at":"2026-03-11T02:47:55Z","event":"up"}
"#;

fn report(source: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("circuits.sla", source, EVENTS, &options)
}

fn march(r: &Report) -> &Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == "2026-03")
        .unwrap_or_else(|| panic!("no settlement for March: {:?}", r.settlements))
}

/// A line's component, tier, exact amount, and amount before its cap
/// per component when it bound.
type Line = (String, String, String, Option<String>);

fn lines(s: &Settlement) -> Vec<Line> {
    s.lines
        .iter()
        .map(|l| {
            (
                l.component.clone().unwrap_or_default(),
                l.tier.clone(),
                l.amount.to_string(),
                l.before_component_cap.map(|b| b.to_string()),
            )
        })
        .collect()
}

/// (downtime, allowance, shortfall, rounded shortfall, units), in seconds.
fn figures(s: &Shortfall) -> (i64, String, String, Option<String>, u64) {
    (
        s.downtime_seconds,
        s.allowed_seconds.to_string(),
        s.seconds.to_string(),
        s.rounded_seconds.map(|r| r.to_string()),
        s.units,
    )
}

fn dec(s: &str) -> String {
    s.to_owned()
}

// c2, on its own fee of 400.00: the tier pays 10% × 400.00 = 40.00; 4 units
// of one day's share of March pay 4 × 400.00 / 31 = 51.612903225806… . Its
// cap per component is 20% × 400.00 = 80.00 for everything it earns: the
// tier's 40.00 is kept, the units keep what is left, 80.00 − 40.00 =
// 40.00. c1 earns nothing. Sum 80.00; the service's cap of GBP 75.00 binds
// on it: 75.00 owed.
#[test]
fn each_circuit_counts_its_own_units_under_its_own_cap_and_the_service_cap() {
    let r = report(AGREEMENT);
    let m = march(&r);
    assert_eq!(
        lines(m),
        vec![
            (
                "c2".to_owned(),
                "below 99%".to_owned(),
                "40.00".to_owned(),
                None
            ),
            (
                "c2".to_owned(),
                "per 4 hours or part thereof of downtime".to_owned(),
                "40.00".to_owned(),
                Some("51.612903225806…".to_owned())
            ),
        ]
    );
    let units = m
        .lines
        .iter()
        .find_map(|l| l.shortfall.as_ref())
        .unwrap_or_else(|| panic!("no shortfall on a line: {:?}", m.lines));
    assert_eq!(
        figures(units),
        (60_475, dec("2674.8"), dec("57800.2"), Some(dec("57600")), 4)
    );
    assert_eq!(m.lines[1].days_in_period, Some(31));
    assert_eq!(
        m.lines[1].component_fee.map(|f| f.to_string()).as_deref(),
        Some("400.00")
    );
    assert_eq!(
        (m.total.to_string(), m.amount.to_string()),
        ("80.00".to_owned(), "75.00".to_owned())
    );
    assert_eq!(m.capped_by.len(), 1, "{:?}", m.capped_by);
    // The basis gives c1's figures too: within its allowance, no unit.
    let basis = r
        .objectives
        .iter()
        .find(|o| o.name == "circuit_uptime")
        .and_then(|o| o.settlement_basis.iter().find(|b| b.period == "2026-03"))
        .unwrap_or_else(|| panic!("no basis for March"));
    let c1 = basis
        .components
        .iter()
        .find(|c| c.id == "c1")
        .and_then(|c| c.shortfall.as_ref())
        .unwrap_or_else(|| panic!("no shortfall for c1: {basis:?}"));
    assert_eq!(
        figures(c1),
        (2_674, dec("2674.8"), dec("0"), Some(dec("0")), 0)
    );
}

// Without tiers and caps, the units alone: c2's 4 units are 4 × 400.00 / 31
// = 51.612903225806…, rounded half-even to 51.61 owed; c1 has no line.
#[test]
fn units_alone_pay_each_circuit_on_its_own_fee() {
    let source = AGREEMENT
        .replace("    below 99% : 10% of monthly fee\n", "")
        .replace("    cap   per component 20% of monthly fee\n", "")
        .replace("    credit cap GBP 75.00\n", "");
    let r = report(&source);
    let m = march(&r);
    assert_eq!(
        lines(m),
        vec![(
            "c2".to_owned(),
            "per 4 hours or part thereof of downtime".to_owned(),
            "51.612903225806…".to_owned(),
            None
        )]
    );
    assert_eq!(m.amount.to_string(), "51.61");
}

/// The report names the circuit of each line and states its figures; the
/// contract says each component counts its own downtime.
#[test]
fn the_report_and_the_contract_state_each_components_units() {
    let r = report(AGREEMENT);
    let text = slate::eval::to_text(&r);
    for want in [
        "circuit_uptime, component c2: downtime 16 h 47 min (60475 s); allowed by the target 44 min 34 s (2674.8 s); shortfall beyond it 16 h 3 min (57800.2 s), rounded to the nearest 15 min (halves up): 16 h (57600 s); 4 units of 4 h, a part of a unit counting as a whole one",
        "each component on its own: c2 below 99%: 10% of fee and 4 units of downtime",
        "GBP 40.00 (GBP 51.612903225806… before the cap per component)",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let contract = slate::render::to_markdown(&m);
    for want in [
        "the table is applied to that component's own availability in the Month, and the credit for downtime is counted on that component's own downtime in the Month and the downtime its target allows that component.",
        "For each component, the customer is entitled to a credit of one day's share of that component's monthly fee (that component's monthly fee divided by the number of days in the month) for each 4 hours, or part thereof, of that component's own downtime of **Availability of each circuit**",
        "in excess of the downtime allowed by its target, that is 0.1% of that component's measured time",
    ] {
        assert!(contract.contains(want), "{want}\n{contract}");
    }
}

/// The rule set carries the credit per unit of downtime of a per-component
/// objective, and reading it back accepts it (it was refused, E0520).
#[test]
fn the_rule_set_carries_units_per_component() {
    let Some(m) = slate::check(AGREEMENT).model else {
        panic!("the agreement checks");
    };
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e:?}"));
    let json = slate::rules::to_json(&rules);
    assert!(json.contains(r#""per_downtime""#), "{json}");
    let back = slate::rules::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"));
    assert_eq!(slate::rules::to_json(&back), json);
}

// Without the rounding, c2's shortfall of 57,800.2 s is 4 units and 200.2 s,
// and "or part thereof" counts 5: 5 × 400.00 / 31 = 64.516129032258…,
// which with the tier's 40.00 is again over the cap of 80.00: cut to 40.00.
#[test]
fn without_the_rounding_a_part_of_a_unit_counts() {
    let source = AGREEMENT.replace("    round downtime to nearest 15 minutes\n", "");
    let r = report(&source);
    let m = march(&r);
    let units = m
        .lines
        .iter()
        .find_map(|l| l.shortfall.as_ref())
        .unwrap_or_else(|| panic!("no shortfall on a line: {:?}", m.lines));
    assert_eq!(
        figures(units),
        (60_475, dec("2674.8"), dec("57800.2"), None, 5)
    );
    assert_eq!(
        m.lines[1]
            .before_component_cap
            .map(|b| b.to_string())
            .as_deref(),
        Some("64.516129032258…")
    );
    assert_eq!(m.lines[1].amount.to_string(), "40.00");
}
