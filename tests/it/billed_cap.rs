//! A cap written as a share of a billed fee (`fee billed per month` with
//! `cap 25% of monthly fee`): docs/semantics.md §7, "A billed fee". The
//! cap is that share of the charges billed for the period; a period with
//! no bill row is not settled, never capped at 0; a rolling cap on a bill
//! basis is refused (E0544). Every expected figure is worked out in a
//! comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;
use slate::eval::report::{Report, Settlement};

const AGREEMENT: &str = r#"agreement "Object storage" {
  id        "BILLCAP"
  effective 2026-01-01 to 2026-12-31
  timezone  "UTC"
  currency  USD

  party cloud "Cloud Inc." {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service storage "Object storage" {
    hours 24x7
    fee   billed per month
  }

  objective uptime "Monthly uptime" {
    service storage
    items   "store"
    uptime  at least 99.9% per month
  }

  credits for uptime {
    below 99.9% : 30% of billed charges
    cap   25% of monthly fee
  }
}
"#;

// UTC. January (44,640 min): down 60 min → 44,580 / 44,640 = 99.866% <
// 99.9%. March (44,640 min): down 100 min → 99.776% < 99.9%. April
// (43,200 min): down 60 min → 43,140 / 43,200 = 99.861% < 99.9%. February
// met.
const EVENTS: &str = r#"{"id":"store","at":"2026-01-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-01-10T11:00:00Z","event":"up"}
{"id":"store","at":"2026-03-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-03-10T11:40:00Z","event":"up"}
{"id":"store","at":"2026-04-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-04-10T11:00:00Z","event":"up"}
"#;

const HEAD: &str = "service,period,amount,currency\n";

fn evaluate(source: &str, events: &str, bill: &str, as_of: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant(as_of)),
        ..Options::default()
    };
    slate_tests::evaluate_billed_source(
        "storage.sla",
        source,
        events,
        &format!("{HEAD}{bill}"),
        &options,
    )
}

fn settlement<'r>(r: &'r Report, period: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == period)
        .unwrap_or_else(|| panic!("no settlement for {period}"))
}

/// The cap in a settlement: its words, and what the bill made of it.
fn billed_caps(s: &Settlement) -> Vec<(String, String)> {
    s.billed_caps
        .iter()
        .map(|b| (b.cap.clone(), b.amount.to_string()))
        .collect()
}

// Several rows of one period are summed, exactly (docs/semantics.md §7,
// "A billed fee"). January: line 2 by its label, 1,000.00; line 3 by a
// date inside it (15 January), 200.00; line 5 by its label again, 34.56:
// 1,000.00 + 200.00 + 34.56 = 1,234.56, the bill of the test above, so
// 30% = 370.368 and the cap, 25% of the sum = 308.64, is owed. April:
// two identical rows (lines 4 and 6) are two charges, 500.00 + 500.00 =
// 1,000.00: 30% = 300.00, cap 25% = 250.00, owed 250.00. The report
// names every row that made the figure.
#[test]
fn a_cap_is_its_share_of_the_sum_of_the_months_rows() {
    let bill = "storage,2026-01,1000.00,USD\nstorage,2026-01-15,200.00,USD\n\
                storage,2026-04,500.00,USD\nstorage,2026-01,34.56,USD\n\
                storage,2026-04,500.00,USD\n";
    let r = evaluate(AGREEMENT, EVENTS, bill, "2026-05-01T00:00:00Z");
    let jan = settlement(&r, "2026-01");
    assert_eq!(jan.total.value.to_string(), "370.368");
    assert_eq!(jan.amount.to_string(), "308.64");
    assert_eq!(
        billed_caps(jan),
        [("25% of fee per month".to_owned(), "308.64".to_owned())]
    );
    let source = jan
        .bill
        .as_ref()
        .unwrap_or_else(|| panic!("no bill source"));
    assert_eq!(source.amount.to_string(), "1234.56");
    let rows: Vec<(u64, String)> = source
        .rows
        .iter()
        .map(|r| (r.line, r.amount.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "1000.00".to_owned()),
            (3, "200.00".to_owned()),
            (5, "34.56".to_owned())
        ]
    );
    let apr = settlement(&r, "2026-04");
    assert_eq!(
        (apr.total.value.to_string(), apr.amount.to_string()),
        ("300.00".to_owned(), "250.00".to_owned())
    );
    assert_eq!(
        apr.bill
            .as_ref()
            .map(|b| (b.amount.to_string(), b.all_rows())),
        Some(("1000.00".to_owned(), vec![("bill.csv", 4), ("bill.csv", 6)]))
    );
    let text = slate::eval::to_text(&r);
    for says in [
        "Fee for the period: USD 1,234.56, the charges billed, the sum of bill.csv lines 2, 3 and 5",
        "Capped at 25% of fee per month: USD 308.64, of the charges billed, the sum of bill.csv lines 2, 3 and 5",
        "Capped at 25% of fee per month: USD 250.00, of the charges billed, the sum of bill.csv lines 4 and 6",
    ] {
        assert!(text.contains(says), "{says}\n{text}");
    }
    let json = slate::eval::to_json(&r);
    assert!(json.contains("\"rows\""), "{json}");
}

// January's bill: 1,234.56. 30% of it = 370.368; the cap, 25% of the
// month's bill = 308.64 exactly; owed 308.64, never 370.37 and never a cap
// of the (absent) fixed fee. March has no bill row: not settled, with no
// cap of 0 in its place. April's bill: 1,000.00 → 30% = 300.00, cap 25% =
// 250.00, owed 250.00.
#[test]
fn a_cap_is_its_share_of_the_months_bill() {
    let bill = "storage,2026-01,1234.56,USD\nstorage,2026-04,1000.00,USD\n";
    let r = evaluate(AGREEMENT, EVENTS, bill, "2026-05-01T00:00:00Z");
    let jan = settlement(&r, "2026-01");
    assert_eq!(jan.total.value.to_string(), "370.368");
    assert_eq!(jan.amount.to_string(), "308.64");
    assert_eq!(jan.capped_by, ["25% of fee per month"]);
    assert_eq!(
        billed_caps(jan),
        [("25% of fee per month".to_owned(), "308.64".to_owned())]
    );
    let apr = settlement(&r, "2026-04");
    assert_eq!(
        (apr.total.value.to_string(), apr.amount.to_string()),
        ("300.00".to_owned(), "250.00".to_owned())
    );
    assert_eq!(billed_caps(apr)[0].1, "250.00");
    let mar = settlement(&r, "2026-03");
    assert!(mar.unbilled.is_some(), "{mar:?}");
    assert!(mar.capped_by.is_empty() && mar.billed_caps.is_empty());
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains(
            "Capped at 25% of fee per month: USD 308.64, of the charges billed from bill.csv line 2"
        ),
        "{text}"
    );
    let json = slate::eval::to_json(&r);
    assert!(json.contains("\"billed_caps\""), "{json}");
}

// Fixed credits of USD 500.00 a breached month, under the cap of 25% of the
// month's bill and a rolling USD 900.00 over any 3 months.
//   January, bill 1,234.56: 500.00 → 25% cap 308.64; the 3 months allow
//     900.00; owed 308.64.
//   March, no bill row: the cap of 25% cannot be worked out, so the month
//     is not settled (though its credit is a fixed sum), and it gives
//     nothing to the rolling cap.
//   April, bill 4,000.00: 500.00, 25% cap 1,000.00; the window February to
//     April issued nothing before (February owed nothing, March was not
//     settled), so 900.00 allows 500.00: owed 500.00. Had March counted
//     its 500.00, April would be capped at 400.00.
#[test]
fn a_month_without_a_bill_row_is_not_settled_and_gives_nothing_to_a_rolling_cap() {
    let source = AGREEMENT
        .replace(
            "below 99.9% : 30% of billed charges",
            "below 99.9% : USD 500.00",
        )
        .replace(
            "    fee   billed per month\n",
            "    fee   billed per month\n    credit cap USD 900.00 per 3 months\n",
        );
    let bill = "storage,2026-01,1234.56,USD\nstorage,2026-04,4000.00,USD\n";
    let r = evaluate(&source, EVENTS, bill, "2026-05-01T00:00:00Z");
    assert_eq!(settlement(&r, "2026-01").amount.to_string(), "308.64");
    let mar = settlement(&r, "2026-03");
    assert!(
        mar.unbilled
            .as_deref()
            .is_some_and(|w| w.contains("no row for service `storage` in `2026-03`")),
        "{mar:?}"
    );
    assert!(mar.billed_caps.is_empty());
    let apr = settlement(&r, "2026-04");
    assert_eq!(apr.amount.to_string(), "500.00");
    assert!(apr.capped_by.is_empty(), "{:?}", apr.capped_by);
}

// Per component on a billed fee: components `a` and `b` each down 10 h in
// January (2,678,400 s): 2,642,400 / 2,678,400 = 98.656% < 99.0% → 25% of
// the bill's 1,000.00 = 250.00 each; `cap per component 20% of monthly
// fee` = 200.00 each, 400.00 in all; the service's cap of 30% of the bill
// = 300.00: owed 300.00.
#[test]
fn a_cap_per_component_is_its_share_of_the_bill() {
    let source = AGREEMENT
        .replace("    items   \"store\"\n", "    items   \"a\", \"b\"\n")
        .replace(
            "    uptime  at least 99.9% per month\n",
            "    uptime  at least 99.9% per month\n    per component\n",
        )
        .replace(
            "    below 99.9% : 30% of billed charges\n    cap   25% of monthly fee\n",
            "    below 99.9% : 10% of billed charges\n    below 99.0% : 25% of billed charges\n    cap per component 20% of monthly fee\n    cap 30% of monthly fee\n",
        );
    let events = r#"{"id":"a","at":"2026-01-10T00:00:00Z","event":"down"}
{"id":"a","at":"2026-01-10T10:00:00Z","event":"up"}
{"id":"b","at":"2026-01-11T00:00:00Z","event":"down"}
{"id":"b","at":"2026-01-11T10:00:00Z","event":"up"}
"#;
    let r = evaluate(
        &source,
        events,
        "storage,2026-01,1000.00,USD\n",
        "2026-02-01T00:00:00Z",
    );
    let jan = settlement(&r, "2026-01");
    let lines: Vec<(Option<&str>, String, Option<String>)> = jan
        .lines
        .iter()
        .map(|l| {
            (
                l.component.as_deref(),
                l.amount.to_string(),
                l.before_component_cap.map(|a| a.to_string()),
            )
        })
        .collect();
    let capped = |c| (Some(c), "200.00".to_owned(), Some("250.00".to_owned()));
    assert_eq!(lines, [capped("a"), capped("b")]);
    assert_eq!(jan.total.value.to_string(), "400.00");
    assert_eq!(jan.amount.to_string(), "300.00");
    assert_eq!(
        billed_caps(jan),
        [("30% of fee per month".to_owned(), "300.00".to_owned())]
    );
}

/// The contract words the cap on the charges billed, with no amount.
#[test]
fn the_contract_states_the_cap_on_the_charges_billed() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let md = slate::render::to_markdown(&model);
    assert!(
        md.contains(
            "All credits for **Object storage** in any Month together are capped at 25% of the charges billed for the service in that Month."
        ),
        "{md}"
    );
}

/// A rolling cap that is a share of the billed fee is refused by the
/// checker (E0544), in the credits block and in the service, and by the
/// rule-set reader; a rolling fixed amount is not.
#[test]
fn a_rolling_cap_on_the_bill_is_refused() {
    let codes = |source: &str| -> Vec<&'static str> {
        slate::check(source)
            .diagnostics
            .iter()
            .map(|d| d.code.number())
            .collect()
    };
    let rolling = AGREEMENT.replace(
        "cap   25% of monthly fee",
        "cap   10% of fees per 12 months",
    );
    assert_eq!(codes(&rolling), ["E0544"]);
    let on_service = AGREEMENT
        .replace("    cap   25% of monthly fee\n", "")
        .replace(
            "    fee   billed per month\n",
            "    fee   billed per month\n    credit cap 10% of fees per 12 months\n",
        );
    assert_eq!(codes(&on_service), ["E0544"]);
    let fixed = AGREEMENT.replace(
        "cap   25% of monthly fee",
        "cap   USD 1000.00 per 12 months",
    );
    assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));

    let json = slate::rules::to_json(&slate_tests::read_back("storage.sla", AGREEMENT));
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    v["services"][0]["credit_caps"][0]["rolling_periods"] = 12.into();
    let err = slate::rules::from_json(&crate::rules::resealed_as_written(v))
        .err()
        .unwrap_or_else(|| panic!("a rolling cap on the bill is read"));
    assert!(
        err.to_string().contains(
            "`services[0].credit_caps[0].amount`: a rolling cap as a share of the billed fee of service `storage`"
        ),
        "{err}"
    );
}

// A cap that is a share of a fixed amount needs no bill, on a billed
// service too (docs/semantics.md §7: a fixed basis is the same amount for
// every period). Credits are fixed sums (USD 500.00 below 99.9%), capped
// at 10% of USD 3,000.00 = 300.00. March has no bill row, but nothing it
// owes is a share of the bill: it is settled, 500.00 capped to 300.00,
// not "not settled for want of a bill". January, billed, owes the same.
#[test]
fn a_cap_of_a_fixed_basis_needs_no_bill() {
    let source = AGREEMENT
        .replace("30% of billed charges", "USD 500.00")
        .replace("cap   25% of monthly fee", "cap   10% of USD 3000.00");
    let bill = "storage,2026-01,1234.56,USD\n";
    let r = evaluate(&source, EVENTS, bill, "2026-04-01T00:00:00Z");
    for period in ["2026-01", "2026-03"] {
        let s = settlement(&r, period);
        assert!(s.unbilled.is_none(), "{period}: {s:?}");
        assert_eq!(
            (s.total.value.to_string(), s.amount.to_string()),
            ("500.00".to_owned(), "300.00".to_owned()),
            "{period}"
        );
        assert!(s.billed_caps.is_empty(), "{period}: {s:?}");
    }
}
