//! Remedies beyond a tier's percentage (docs/semantics.md, "Remedies
//! beyond tiers"): exact fractions and days' shares of the fee, on
//! hand-worked data. Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

pub(crate) const AGREEMENT: &str = r#"agreement "Hosting" {
  id        "RM"
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

  service thirtieth "Thirtieth" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  service daily "Daily" {
    hours 24x7
    fee   GBP 1,000.00 per month
  }

  objective up_a "Availability A" {
    service thirtieth
    items   "web"
    uptime  at least 99.9% per month
  }

  objective up_b "Availability B" {
    service daily
    items   "web"
    uptime  at least 99.9% per month
  }

  credits for up_a {
    below 99.9% : 1/30 of monthly fee
  }

  credits for up_b {
    below 99.9% : 2 days of monthly fee
  }
}
"#;

// London is on GMT until 29 March, so local months are UTC months.
// January (31 days, 744 h): down 10:00–12:00 on the 10th, 2 h:
//   742/744 = 99.731% < 99.9% → the tier applies to both objectives.
// February 2026 (28 days, 672 h): down 10:00–12:00 on the 10th, 2 h:
//   670/672 = 99.702% < 99.9% → the tier applies to both.
// Thirtieth: 1/30 × 1,000.00 = 33.333… each month → 33.33.
// Daily, January: 2 × 1,000.00 / 31 = 64.516129032258064… → 64.52.
// Daily, February: 2 × 1,000.00 / 28 = 71.428571428571428… → 71.43.
const EVENTS: &str = r#"{"id":"web","at":"2026-01-10T10:00:00Z","event":"down"}
{"id":"web","at":"2026-01-10T12:00:00Z","event":"up"}
{"id":"web","at":"2026-02-10T10:00:00Z","event":"down"}
{"id":"web","at":"2026-02-10T12:00:00Z","event":"up"}
"#;

fn report(source: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-03-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("remedies.sla", source, EVENTS, &options)
}

fn settlement<'r>(r: &'r Report, service: &str, period: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.service == service && s.period == period)
        .unwrap_or_else(|| panic!("no settlement of {service} for {period}"))
}

/// (exact line amount as shown, whether it ends, days divided by, owed).
fn figures(s: &Settlement) -> (String, bool, Option<u32>, String) {
    let [line] = s.lines.as_slice() else {
        panic!("one line expected, found {}", s.lines.len());
    };
    (
        line.amount.value.to_string(),
        line.amount.ends,
        line.days_in_period,
        s.amount.to_string(),
    )
}

#[test]
fn a_thirtieth_is_the_same_in_every_month() {
    let r = report(AGREEMENT);
    for month in ["2026-01", "2026-02"] {
        let s = settlement(&r, "thirtieth", month);
        assert_eq!(
            figures(s),
            (
                "33.333333333333".to_owned(),
                false,
                None,
                "33.33".to_owned()
            )
        );
        assert_eq!(s.lines[0].payout, "1/30 of fee");
    }
}

#[test]
fn a_days_share_divides_by_the_days_of_the_month() {
    let r = report(AGREEMENT);
    assert_eq!(
        figures(settlement(&r, "daily", "2026-01")),
        (
            "64.516129032258".to_owned(),
            false,
            Some(31),
            "64.52".to_owned()
        )
    );
    assert_eq!(
        figures(settlement(&r, "daily", "2026-02")),
        (
            "71.428571428571".to_owned(),
            false,
            Some(28),
            "71.43".to_owned()
        )
    );
    assert_eq!(
        settlement(&r, "daily", "2026-01").lines[0].payout,
        "2 days of fee"
    );
}

/// The contract states the arithmetic; a thirtieth of GBP 1,000.00 does
/// not end, so no amount is printed beside it.
#[test]
fn the_contract_states_the_arithmetic() {
    let checked = slate::check(AGREEMENT);
    let Some(m) = checked.model else {
        panic!("the agreement checks");
    };
    let md = slate::render::to_markdown(&m);
    assert!(md.contains("one-thirtieth of the monthly fee |"), "{md}");
    assert!(
        md.contains(
            "two days' share of the monthly fee (the monthly fee divided by the number of days in the month, times two)"
        ),
        "{md}"
    );
    // A thirtieth of GBP 3,000.00 is exactly GBP 100.00, and is stated.
    let md = slate::render::to_markdown(
        &slate::check(&AGREEMENT.replacen("GBP 1,000.00", "GBP 3,000.00", 1))
            .model
            .unwrap_or_else(|| panic!("a Model")),
    );
    assert!(
        md.contains("one-thirtieth of the monthly fee (GBP 100.00)"),
        "{md}"
    );
}

/// The rule set carries the new payouts as written, reads them back, and
/// refuses a hand-edited one (resealed with its digest) that no agreement
/// can state: a fraction over the whole fee, a zero, or a day's share as a
/// cap.
#[test]
fn the_rule_set_holds_shares_of_the_fee_and_refuses_impossible_ones() {
    let checked = slate::check(AGREEMENT);
    let Some(m) = checked.model else {
        panic!("the agreement checks");
    };
    let rules = slate::rules::from_model(&m).unwrap_or_else(|e| panic!("{e}"));
    let json = slate::rules::to_json(&rules);
    let back = slate::rules::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, rules);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(
        v["objectives"][0]["credits"]["tiers"][0]["payout"],
        serde_json::json!({"kind": "fraction_of_fee", "numerator": 1, "denominator": 30})
    );
    assert_eq!(
        v["objectives"][1]["credits"]["tiers"][0]["payout"],
        serde_json::json!({"kind": "days_of_fee", "days": 2})
    );
    let refused = |edit: fn(&mut serde_json::Value)| {
        let mut e = v.clone();
        edit(&mut e);
        slate::rules::from_json(&crate::rules::resealed_as_written(e))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let over = refused(|e| {
        e["objectives"][0]["credits"]["tiers"][0]["payout"]["numerator"] = 31.into();
    });
    assert!(
        over.as_ref()
            .is_err_and(|e| e.contains("`31/30` of the fee is more than the whole fee")),
        "{over:?}"
    );
    let zero = refused(|e| {
        e["objectives"][1]["credits"]["tiers"][0]["payout"]["days"] = 0.into();
    });
    assert!(zero.is_err(), "{zero:?}");
    let cap = refused(|e| {
        e["services"][0]["credit_caps"] = serde_json::json!([{
            "amount": {"kind": "days_of_fee", "days": 1},
            "rolling_periods": null,
            "period": "month"
        }]);
    });
    assert!(
        cap.as_ref()
            .is_err_and(|e| e.contains("a cap is a percentage of the fee or a fixed amount")),
        "{cap:?}"
    );
}

/// Every format of the report states the days a day's share divided by.
#[test]
fn the_report_states_the_days_of_the_month() {
    let r = report(AGREEMENT);
    for out in [
        slate::eval::to_text(&r),
        slate::eval::to_markdown(&r),
        slate::eval::to_html(&r),
    ] {
        assert!(
            out.contains("2 days of fee (31 days in the period)"),
            "{out}"
        );
        assert!(
            out.contains("2 days of fee (28 days in the period)"),
            "{out}"
        );
        assert!(out.contains("1/30 of fee"), "{out}");
    }
}
