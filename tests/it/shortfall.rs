//! A credit per unit of shortfall of an availability objective (`per 4
//! hours of downtime : 1 day of monthly fee`, `… or part thereof …`,
//! `round downtime to nearest 15 minutes`) on hand-worked data:
//! docs/semantics.md, "Remedies beyond tiers", per unit of shortfall.
//! Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

/// The agreement with `REMEDY` standing for the credits block's body.
const AGREEMENT: &str = r#"agreement "Line" {
  id        "SF"
  effective 2026-01-01 to 2026-12-31
  timezone  "UTC"
  currency  EUR

  party telco "Telco Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service line "Leased line" {
    hours 24x7
    fee   EUR 3,000.00 per month
    CAP
  }

  objective uptime "Line availability" {
    service line
    items   "line"
    uptime  at least 99.9% per month
  }

  credits for uptime {
    REMEDY
  }
}
"#;

// The target 99.9% allows 0.1% of the measured time as downtime:
// - a 30-day month: 0.001 × 2,592,000 s = 2,592 s (43 min 12 s);
// - a 31-day month: 0.001 × 2,678,400 s = 2,678.4 s (44 min 38.4 s).
// One day's share of EUR 3,000.00 is 100.00 in a 30-day month and
// 3,000 / 31 = 96.774193548387… in a 31-day one. The shortfall S is the
// downtime minus the allowance; U = 4 h = 14,400 s; R = 15 min = 900 s.
//
// April (30 days): down 00:00:00–04:43:12 = 16,992 s; S = 14,400 = U
//   exactly.
// June (30 days): down 00:00:00–04:43:11 = 16,991 s; S = 14,399 = U − 1 s.
// July (31 days): down 00:00:00–04:44:39 = 17,079 s; S = 14,400.6, just
//   above U.
// September (30 days): down 00:00:00–00:50:42 = 3,042 s; S = 450 s, exactly
//   halfway to the next multiple of R.
// November (30 days): down 00:00:00–00:43:12 = 2,592 s; S = 0: no credit.
const EVENTS: &str = r#"{"id":"line","at":"2026-04-10T00:00:00Z","event":"down"}
{"id":"line","at":"2026-04-10T04:43:12Z","event":"up"}
{"id":"line","at":"2026-06-10T00:00:00Z","event":"down"}
{"id":"line","at":"2026-06-10T04:43:11Z","event":"up"}
{"id":"line","at":"2026-07-10T00:00:00Z","event":"down"}
{"id":"line","at":"2026-07-10T04:44:39Z","event":"up"}
{"id":"line","at":"2026-09-10T00:00:00Z","event":"down"}
{"id":"line","at":"2026-09-10T00:50:42Z","event":"up"}
{"id":"line","at":"2026-11-10T00:00:00Z","event":"down"}
{"id":"line","at":"2026-11-10T00:43:12Z","event":"up"}
"#;

fn report(remedy: &str, cap: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-12-01T00:00:00Z")),
        ..Options::default()
    };
    let source = AGREEMENT.replace("REMEDY", remedy).replace("CAP", cap);
    slate_tests::evaluate_source("shortfall.sla", &source, EVENTS, &options)
}

/// Per settled month with a credit: (period, units, exact shortfall,
/// rounded shortfall, exact line amount, amount owed).
type Row = (String, u64, String, Option<String>, String, String);

fn rows(r: &Report) -> Vec<Row> {
    r.settlements
        .iter()
        .flat_map(|s: &Settlement| {
            s.lines.iter().filter_map(move |l| {
                l.shortfall.as_ref().map(|sf| {
                    (
                        s.period.clone(),
                        sf.units,
                        sf.seconds.to_string(),
                        sf.rounded_seconds.map(|x| x.to_string()),
                        l.amount.to_string(),
                        s.amount.to_string(),
                    )
                })
            })
        })
        .collect()
}

fn row(p: &str, units: u64, s: &str, rounded: Option<&str>, line: &str, owed: &str) -> Row {
    (
        p.to_owned(),
        units,
        s.to_owned(),
        rounded.map(str::to_owned),
        line.to_owned(),
        owed.to_owned(),
    )
}

/// ⌊S / U⌋: April 14,400 / 14,400 = 1 → 100.00; June 14,399 → 0 (no
/// credit); July 14,400.6 → 1 → 96.77; September 450 → 0; November 0 → 0.
#[test]
fn whole_units_only() {
    let r = report("per 4 hours of downtime : 1 day of monthly fee", "");
    assert_eq!(
        rows(&r),
        vec![
            row("2026-04", 1, "14400", None, "100.00", "100.00"),
            row("2026-07", 1, "14400.6", None, "96.774193548387…", "96.77"),
        ]
    );
    let april = r
        .settlements
        .iter()
        .find(|s| s.period == "2026-04")
        .and_then(|s| s.lines.first())
        .and_then(|l| l.shortfall.as_ref())
        .unwrap_or_else(|| panic!("no April shortfall"));
    assert_eq!(april.downtime_seconds, 16_992);
    assert_eq!(april.allowed_seconds.to_string(), "2592");
    assert_eq!(r.settlements.len(), 2);
}

/// ⌈S / U⌉: April 1 → 100.00; June ⌈14,399 / 14,400⌉ = 1 → 100.00; July
/// ⌈14,400.6 / 14,400⌉ = 2 → 2 × 96.774193548387… = 193.548387096774… →
/// 193.55; September ⌈450 / 14,400⌉ = 1 → 100.00; November S = 0 → 0.
#[test]
fn part_thereof_counts_a_unit_begun() {
    let r = report(
        "per 4 hours or part thereof of downtime : 1 day of monthly fee",
        "",
    );
    assert_eq!(
        rows(&r),
        vec![
            row("2026-04", 1, "14400", None, "100.00", "100.00"),
            row("2026-06", 1, "14399", None, "100.00", "100.00"),
            row("2026-07", 2, "14400.6", None, "193.548387096774…", "193.55"),
            row("2026-09", 1, "450", None, "100.00", "100.00"),
        ]
    );
}

/// Rounded to 900 s first, R·⌊S/R + ½⌋, then ⌈⌉: April 14,400 → 14,400 →
/// 1; June 14,399 / 900 = 15.998… + ½ → 16 → 14,400 → 1; July 14,400.6 /
/// 900 = 16.0006… + ½ → 16 → 14,400 → 1 → 96.77; September 450 / 900 = ½,
/// + ½ = 1 → 900 → ⌈900 / 14,400⌉ = 1 → 100.00; November 0 → 0.
#[test]
fn rounded_to_the_nearest_quarter_hour_first() {
    let r = report(
        "per 4 hours or part thereof of downtime : 1 day of monthly fee\n    round downtime to nearest 15 minutes",
        "",
    );
    assert_eq!(
        rows(&r),
        vec![
            row("2026-04", 1, "14400", Some("14400"), "100.00", "100.00"),
            row("2026-06", 1, "14399", Some("14400"), "100.00", "100.00"),
            row(
                "2026-07",
                1,
                "14400.6",
                Some("14400"),
                "96.774193548387…",
                "96.77"
            ),
            row("2026-09", 1, "450", Some("900"), "100.00", "100.00"),
        ]
    );
}

/// Beside a tier, under the service's cap: July's availability is 1 −
/// 17,079 / 2,678,400 = 99.362…% < 99.5%: the tier pays 10% × 3,000.00 =
/// 300.00; the 2 units "or part thereof" pay 193.548387…; the sum
/// 493.548387… is capped at 10% of the monthly fee, 300.00. April: 99.344%
/// (1 − 16,992 / 2,592,000) < 99.5%: 300.00 + 100.00 = 400.00 → 300.00.
#[test]
fn beside_a_tier_under_the_cap() {
    let r = report(
        "below 99.5% : 10% of monthly fee\n    per 4 hours or part thereof of downtime : 1 day of monthly fee",
        "credit cap 10% of monthly fee",
    );
    let july = r
        .settlements
        .iter()
        .find(|s| s.period == "2026-07")
        .unwrap_or_else(|| panic!("no July settlement"));
    assert_eq!(july.total.to_string(), "493.548387096774…");
    assert_eq!(july.amount.to_string(), "300.00");
    assert!(!july.capped_by.is_empty());
    let april = r
        .settlements
        .iter()
        .find(|s| s.period == "2026-04")
        .unwrap_or_else(|| panic!("no April settlement"));
    assert_eq!(
        (april.total.to_string(), april.amount.to_string()),
        ("400.00".to_owned(), "300.00".to_owned())
    );
}

/// `examples/telecom-line.sla` on its events (London, GMT until 29 March;
/// fee GBP 620.00 a month; cut-off one second after the last record,
/// 2026-04-01T01:00:01Z, so January to March are settled).
///
/// January (31 days, 2,678,400 s): the 99.95% target allows 0.05% =
/// 1,339.2 s. Down 08:00–13:30 = 19,800 s; S = 18,460.8 s; rounded to 900
/// s: 18,460.8 / 900 = 20.512, + ½ → 21 → 18,900 s; ⌈18,900 / 14,400⌉ = 2
/// units × 620 / 31 = 2 × 20.00 = 40.00. Fault F1, 08:05–13:30 = 5 h 25
/// min > 5 h: 1 breach × 10% × 620.00 = 62.00. Total 102.00, under the
/// cap of 620.00: 102.00.
///
/// February (28 days, 2,419,200 s): allows 1,209.6 s. Down 2 to 6
/// February = 345,600 s; S = 344,390.4; / 900 = 382.656, + ½ → 383 →
/// 344,700 s; / 14,400 = 23.9375 → 24 units × 620 / 28 = 531.428571…
/// Faults F2 (3 d 23 h 45 min), F3 (7 h) and F4 (6 h) breached, F5 (2 h)
/// met: 3 × 62.00 = 186.00. Total 717.428571…; the cap of 100% of the
/// monthly fee binds: 620.00.
///
/// March (31 days less the hour the clocks go forward: 2,674,800 s):
/// allows 1,337.4 s; down 20 min = 1,200 s: S = 0, no unit; F6 repaired
/// in 18 min: met. Nothing is owed.
#[test]
fn telecom_line_example() {
    let r = slate_tests::example_report(&slate_tests::root().join("examples/telecom-line.sla"));
    let periods: Vec<(String, String, String, Vec<String>)> = r
        .settlements
        .iter()
        .map(|s| {
            (
                s.period.clone(),
                s.total.to_string(),
                s.amount.to_string(),
                s.lines
                    .iter()
                    .map(|l| format!("{} {}", l.tier, l.amount))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        vec![
            (
                "2026-01".to_owned(),
                "102.00".to_owned(),
                "102.00".to_owned(),
                vec![
                    "per 4 hours or part thereof of downtime 40.00".to_owned(),
                    "per breach 62.00".to_owned()
                ]
            ),
            (
                "2026-02".to_owned(),
                "717.428571428571…".to_owned(),
                "620.00".to_owned(),
                vec![
                    "per 4 hours or part thereof of downtime 531.428571428571…".to_owned(),
                    "per breach 186.00".to_owned()
                ]
            ),
        ]
    );
    let feb = r.settlements.iter().find(|s| s.period == "2026-02");
    let sf = feb
        .and_then(|s| s.lines.first())
        .and_then(|l| l.shortfall.clone())
        .unwrap_or_else(|| panic!("no February shortfall"));
    assert_eq!(
        (
            sf.downtime_seconds,
            sf.allowed_seconds.to_string(),
            sf.seconds.to_string(),
            sf.rounded_seconds.map(|x| x.to_string()),
            sf.units
        ),
        (
            345_600,
            "1209.6".to_owned(),
            "344390.4".to_owned(),
            Some("344700".to_owned()),
            24
        )
    );
    assert!(feb.is_some_and(|s| !s.capped_by.is_empty()));
}

/// The rule set of `examples/telecom-line.sla` with its availability
/// credit's `per_downtime` edited by `edit` and resealed; `None` edits the
/// time-to-repair credit instead, giving it the availability one's.
fn edited_rules(edit: Option<(&str, serde_json::Value)>) -> String {
    let rules = rules_of();
    let mut v = serde_json::to_value(&rules).unwrap_or_default();
    let pd = v["objectives"][0]["credits"]["per_downtime"].clone();
    match edit {
        Some((field, value)) => v["objectives"][0]["credits"]["per_downtime"][field] = value,
        None => v["objectives"][1]["credits"]["per_downtime"] = pd,
    }
    let mut rules: slate::rules::RuleSet =
        serde_json::from_value(v).unwrap_or_else(|e| panic!("the rule set's shape: {e}"));
    rules.agreement.digest = slate::rules::digest(&rules);
    slate::rules::to_json(&rules)
}

/// A hand-edited rule set is validated on reading: a unit or rounding of
/// 0 seconds, and a credit per unit of downtime on a time-to-event
/// objective, are refused, naming the place; the shipped one is read.
#[test]
fn a_rule_set_with_a_bad_per_downtime_is_refused() {
    let good = rules_of();
    assert!(slate::rules::from_json(&slate::rules::to_json(&good)).is_ok());
    for (edit, says) in [
        (
            Some(("unit_seconds", serde_json::json!(0))),
            "a length of downtime is at least 1 second",
        ),
        (
            Some(("round_seconds", serde_json::json!(0))),
            "a length of downtime is at least 1 second",
        ),
        (
            None,
            "a credit per unit of downtime is paid only in credits, on an availability measure",
        ),
    ] {
        let err = slate::rules::from_json(&edited_rules(edit.clone()))
            .err()
            .unwrap_or_else(|| panic!("{edit:?} was read"));
        assert!(err.to_string().contains(says), "{edit:?}: {err}");
        assert!(err.to_string().contains("per_downtime"), "{edit:?}: {err}");
    }
}

fn rules_of() -> slate::rules::RuleSet {
    let path = slate_tests::root().join("examples/telecom-line.sla");
    slate::rules::from_model(&slate_tests::model_at(&path))
        .unwrap_or_else(|e| panic!("a rule set: {e}"))
}
