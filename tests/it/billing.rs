//! A fee billed per month (`fee billed per month`, `10% of billed
//! charges`) on hand-worked data: docs/semantics.md, "Remedies beyond
//! tiers", the fee basis. The bill file gives the fee of each settled
//! period; a period with no bill row is not settled, never paid as zero.
//! Every expected figure is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::report::{Report, Settlement};
use slate::eval::{Bill, BillFormat, EvalError, Events, Format, Options};

const AGREEMENT: &str = r#"agreement "Object storage" {
  id        "BILL"
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
    below 99.9% : 10% of billed charges
    below 99.0% : 25% of monthly fee
  }
}
"#;

// UTC; the cut-off is 2026-05-01T00:00Z, so January to April are settled.
// January (31 days, 44,640 minutes): down 60 minutes → 44,580 / 44,640 =
//   99.8655…% < 99.9% → 10% of the bill's 1,234.56 = 123.456 → 123.46
//   (half even on the third decimal 6).
// February (28 days, 40,320 minutes): down 500 minutes → 39,820 / 40,320
//   = 98.7599…% < 99.0% → 25% of the bill's 2,000.00 = 500.00, `monthly
//   fee` of a billed service being the bill's figure too.
// March (31 days): down 100 minutes → 44,540 / 44,640 = 99.7759…% <
//   99.9%: a credit of 10% of the bill, but the bill has no row for March:
//   not settled, said so, never 0.
// April: no downtime, 100%: no credit, and no bill row is needed.
const EVENTS: &str = r#"{"id":"store","at":"2026-01-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-01-10T11:00:00Z","event":"up"}
{"id":"store","at":"2026-02-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-02-10T18:20:00Z","event":"up"}
{"id":"store","at":"2026-03-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-03-10T11:40:00Z","event":"up"}
"#;

const BILL: &str = "service,period,amount,currency
storage,2026-01,1234.56,USD
storage,2026-02,2000.00,USD
storage,2026-04,900.00,USD
";

fn rules(source: &str) -> slate::rules::RuleSet {
    let model =
        slate::compile(source, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{e}"));
    slate::rules::from_json(&slate::rules::to_json(&rules))
        .unwrap_or_else(|e| panic!("the rule set does not read back: {e}"))
}

fn evaluate(bill: Option<&Bill>) -> Result<Report, EvalError> {
    let rules = rules(AGREEMENT);
    let mut e = Events::default();
    e.read("events.ndjson", EVENTS, Format::Ndjson);
    assert!(e.invalid.is_empty(), "{:?}", e.invalid);
    let options = Options {
        as_of: Some(slate_tests::instant("2026-05-01T00:00:00Z")),
        ..Options::default()
    };
    slate::eval::evaluate_billed(&rules, &e, bill, &options)
}

fn bill(text: &str, format: BillFormat) -> Result<Bill, slate::eval::BillError> {
    slate::eval::read_bill("bill.csv", text, format, &rules(AGREEMENT))
}

fn settlement<'r>(r: &'r Report, period: &str) -> &'r Settlement {
    r.settlements
        .iter()
        .find(|s| s.period == period)
        .unwrap_or_else(|| panic!("no settlement for {period}"))
}

#[test]
fn each_month_pays_a_share_of_its_own_bill_row() {
    let bill = bill(BILL, BillFormat::Csv).unwrap_or_else(|e| panic!("{e}"));
    let r = evaluate(Some(&bill)).unwrap_or_else(|e| panic!("{e}"));
    let jan = settlement(&r, "2026-01");
    assert_eq!(jan.amount.to_string(), "123.46");
    assert_eq!(jan.total.value.to_string(), "123.456");
    let source = jan.bill.as_ref().unwrap_or_else(|| panic!("no bill row"));
    assert_eq!(
        (source.file.as_str(), source.line, source.amount.to_string()),
        ("bill.csv", 2, "1234.56".to_owned())
    );
    assert_eq!(jan.fee.map(|f| f.to_string()), Some("1234.56".to_owned()));
    assert_eq!(jan.unbilled, None);
    let feb = settlement(&r, "2026-02");
    assert_eq!(feb.amount.to_string(), "500.00");
    assert_eq!(feb.bill.as_ref().map(|b| b.line), Some(3));
    // March breached, with no bill row: not settled, and said so.
    let mar = settlement(&r, "2026-03");
    assert!(mar.lines.is_empty());
    assert!(
        mar.unbilled
            .as_deref()
            .is_some_and(|w| w.contains("no row for service `storage` in `2026-03`")),
        "{:?}",
        mar.unbilled
    );
    // April met its target: nothing owed, no settlement.
    assert!(r.settlements.iter().all(|s| s.period != "2026-04"));
    let json = slate::eval::to_json(&r);
    assert!(json.contains("\"unbilled\""));
    assert!(json.contains("\"bill\""));
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("the charges billed, from bill.csv line 2"),
        "{text}"
    );
}

#[test]
fn a_billed_fee_without_a_bill_is_an_error() {
    let e = evaluate(None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("service `storage` has a fee billed per month, and no bill was given"),
        "{e}"
    );
    assert!(e.contains("--bill FILE"), "{e}");
}

#[test]
fn ndjson_bills_read_the_same() {
    let nd = r#"{"service":"storage","period":"2026-01","amount":"1234.56","currency":"USD"}
{"service":"storage","period":"2026-02","amount":"2000.00","currency":"USD"}
"#;
    let b = bill(nd, BillFormat::Ndjson).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.len(), 2);
    let jan = b
        .charges(
            "storage",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        )
        .map(|c| (c.amount.to_string(), c.rows.len(), c.rows[0].line));
    assert_eq!(jan, Some(("1234.56".to_owned(), 1, 1)));
    // A key given twice is refused, never read as its last value.
    let twice = r#"{"service":"storage","period":"2026-01","amount":"20.00","amount":"999.00","currency":"USD"}
"#;
    let e = bill(twice, BillFormat::Ndjson)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("field `amount` is given twice"), "{e}");
    assert!(e.starts_with("`bill.csv:1"), "{e}");
}

/// Every bad row is refused with its line, and the file's values are shown
/// escaped: no control character reaches the terminal.
#[test]
fn bad_rows_are_refused_by_line() {
    let head = "service,period,amount,currency\n";
    let cases = [
        (
            "nosuch,2026-01,1.00,USD",
            "the agreement has no service `nosuch`",
        ),
        (
            "storage,2026-Q1,1.00,USD",
            "`2026-Q1` is not a billing period of service `storage`, whose fee is billed per month",
        ),
        ("storage,2025-12,1.00,USD", "outside the agreement"),
        (
            "storage,2026-01,1.00,EUR",
            "the currency `EUR` is not the agreement's, `USD`",
        ),
        ("storage,2026-01,-1.00,USD", "is negative"),
        (
            "storage,2026-01,1.005,USD",
            "more decimals than the currency's 2",
        ),
        ("storage,2026-01,1e3,USD", "not an exact decimal"),
        // A date inside a period outside the agreement is refused as the
        // period's label is.
        ("storage,2025-12-31,1.00,USD", "outside the agreement"),
        (
            "storage,2026-01-32,1.00,USD",
            "`2026-01-32` is not a period such as `2026-03`, nor a date such as `2026-03-15`",
        ),
        // Each row is still checked when another of its period was good.
        (
            "storage,2026-01,12,USD\nstorage,2026-01-15,1.005,USD",
            "`bill.csv:3`: the amount `1.005` has more decimals than the currency's 2",
        ),
        (
            "st\u{1b}[31m,2026-01,1.00,USD",
            "no service `st\\u{1b}[31m`",
        ),
        // A label is read only as Slate writes it, never taken loosely
        // for January.
        (
            "storage,2026-1,1.00,USD",
            "`2026-1` is not a period label as Slate writes it: write `2026-01`",
        ),
        (
            "storage,+2026-01,1.00,USD",
            "`+2026-01` is not a period label as Slate writes it: write `2026-01`",
        ),
        (
            "storage,02026-01,1.00,USD",
            "`02026-01` is not a period label as Slate writes it: write `2026-01`",
        ),
    ];
    for (rows, says) in cases {
        let e = bill(&format!("{head}{rows}\n"), BillFormat::Csv)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains(says), "{rows}: {e}");
        assert!(e.starts_with("`bill.csv:"), "{e}");
        assert!(!e.contains('\u{1b}'), "{e}");
    }
    let e = bill("service,period,amount\n", BillFormat::Csv)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("`bill.csv:1`: the header has no column `currency`"),
        "{e}"
    );
}

/// A bill saved with a byte order mark and CRLF line ends reads as the
/// same bill, row by row, as the event files do; a bare carriage return
/// (a file saved with CR line ends) is named, in CSV and in NDJSON.
#[test]
fn a_byte_order_mark_and_crlf_change_nothing_and_a_bare_cr_is_named() {
    let lf = bill(BILL, BillFormat::Csv).unwrap_or_else(|e| panic!("{e}"));
    let crlf = format!("\u{feff}{}", BILL.replace('\n', "\r\n"));
    let marked = bill(&crlf, BillFormat::Csv).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lf, marked);
    assert_eq!(marked.len(), 3);
    let nd = "\u{feff}{\"service\":\"storage\",\"period\":\"2026-01\",\"amount\":\"1.00\",\"currency\":\"USD\"}\r\n";
    assert_eq!(bill(nd, BillFormat::Ndjson).map(|b| b.len()), Ok(1));
    let says = "the line has a bare carriage return (a CR not followed by LF); save the file with LF or CRLF line ends";
    // Saved with CR line ends: the whole file is line 1.
    let cr = BILL.replace('\n', "\r");
    let e = bill(&cr, BillFormat::Csv).err().map(|e| e.to_string());
    assert_eq!(e, Some(format!("`bill.csv:1`: {says}")));
    // One stray CR on the third line of an NDJSON bill.
    let month = |m: &str, cr: &str| {
        format!(
            "{{\"service\":\"storage\",{cr}\"period\":\"2026-{m}\",\"amount\":\"1.00\",\"currency\":\"USD\"}}\n"
        )
    };
    let nd = [month("01", ""), month("02", ""), month("03", "\r")].concat();
    let e = bill(&nd, BillFormat::Ndjson).err().map(|e| e.to_string());
    assert_eq!(e, Some(format!("`bill.csv:3`: {says}")));
}

/// A period not settled for want of a bill is never added in as zero in
/// the report's summary: it is named apart from what is owed.
#[test]
fn the_summary_never_counts_a_period_without_a_bill_as_zero() {
    let glance = |r: &Report| {
        slate::eval::to_text(r)
            .lines()
            .find(|l| l.trim_start().starts_with("Owed:"))
            .map(|l| l.trim().to_owned())
    };
    // January 123.46 and February 500.00 settled (623.46); March not.
    let some = bill(BILL, BillFormat::Csv).unwrap_or_else(|e| panic!("{e}"));
    let r = evaluate(Some(&some)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        glance(&r).as_deref(),
        Some(
            "Owed: USD 623.46 in credits, by the provider; not worked out for 1 period, not settled for want of a bill (see Settlements)"
        )
    );
    // Only April billed: January, February and March owe credits, and
    // none of them is worked out; no amount is stated, not even 0.00.
    let april = bill(
        "service,period,amount,currency\nstorage,2026-04,900.00,USD\n",
        BillFormat::Csv,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = evaluate(Some(&april)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        glance(&r).as_deref(),
        Some(
            "Owed: not worked out for 3 periods, not settled for want of a bill (see Settlements)"
        )
    );
    assert!(!slate::eval::to_text(&r).contains("0.00"));
}

/// The contract states whose charges a share is of, and no amount: the
/// bill is not known when the contract is signed.
#[test]
fn the_contract_names_the_charges_billed() {
    let model =
        slate::compile(AGREEMENT, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let md = slate::render::to_markdown(&model);
    assert!(
        md.contains(
            "| below 99.9% | 10% of the charges billed for the service in the billing period |"
        ),
        "{md}"
    );
    assert!(md.contains(
        "Fee: the charges billed for the service in each month, as the bill for that month states."
    ));
}

/// A fmt round trip keeps the new statements as written.
#[test]
fn fmt_keeps_a_billed_fee() {
    let formatted = slate::format(AGREEMENT).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(formatted.contains("fee   billed per month"), "{formatted}");
    assert!(formatted.contains("10% of billed charges"));
}

// ---------------------------------------------------------------- minimum

const MINIMUM: &str = r#"agreement "Minimum credit" {
  id        "MIN"
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
    hours      24x7
    fee        USD 10.00 per month
    credit cap 20% of monthly fee
  }

  objective uptime "Monthly uptime" {
    service storage
    items   "store"
    uptime  at least 99.9% per month
  }

  credits for uptime {
    below   99.9% : 10% of monthly fee
    below   99.0% : 11% of monthly fee
    below   95.0% : 50% of monthly fee
    minimum more than USD 1.00
  }
}
"#;

// UTC; cut-off 2026-04-01T00:00Z; fee USD 10.00 a month, cap 20% = 2.00.
// January (44,640 min): down 60 min → 99.866% < 99.9% → 10% = 1.00:
//   exactly the minimum; `more than` withholds it (0.00 issued),
//   `at least` issues it.
// February (40,320 min): down 500 min → 98.760% < 99% → 11% = 1.10: just
//   above the minimum, issued.
// March (44,640 min): down 3,000 min → 93.280% < 95% → 50% = 5.00, capped
//   at 2.00 (20% of 10.00), then compared: 2.00 > 1.00, issued. With a cap
//   of USD 1.00 instead, the cap comes first: 5.00 → 1.00, not more than
//   1.00, withheld (had the minimum come first, 1.00 would be issued).
const MINIMUM_EVENTS: &str = r#"{"id":"store","at":"2026-01-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-01-10T11:00:00Z","event":"up"}
{"id":"store","at":"2026-02-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-02-10T18:20:00Z","event":"up"}
{"id":"store","at":"2026-03-10T10:00:00Z","event":"down"}
{"id":"store","at":"2026-03-12T12:00:00Z","event":"up"}
"#;

fn minimum_report(source: &str) -> Report {
    let options = Options {
        as_of: Some(slate_tests::instant("2026-04-01T00:00:00Z")),
        ..Options::default()
    };
    slate_tests::evaluate_source("minimum.sla", source, MINIMUM_EVENTS, &options)
}

fn owed(r: &Report, period: &str) -> (String, Option<(String, String)>) {
    let s = settlement(r, period);
    (
        s.amount.to_string(),
        s.withheld
            .as_ref()
            .map(|w| (w.amount.to_string(), w.minimum.clone())),
    )
}

#[test]
fn a_credit_at_the_minimum_is_withheld_by_more_than_and_issued_by_at_least() {
    let r = minimum_report(MINIMUM);
    let more = "more than USD 1.00".to_owned();
    assert_eq!(
        owed(&r, "2026-01"),
        ("0.00".to_owned(), Some(("1.00".to_owned(), more)))
    );
    assert_eq!(settlement(&r, "2026-01").total.value.to_string(), "1.00");
    assert_eq!(owed(&r, "2026-02"), ("1.10".to_owned(), None));
    assert_eq!(owed(&r, "2026-03"), ("2.00".to_owned(), None));
    assert_eq!(settlement(&r, "2026-03").capped_by.len(), 1);
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("Withheld: below the minimum (more than USD 1.00): USD 1.00 not issued"),
        "{text}"
    );
    assert!(slate::eval::to_json(&r).contains("\"withheld\""));

    let r = minimum_report(&MINIMUM.replace("minimum more than", "minimum at least"));
    assert_eq!(owed(&r, "2026-01"), ("1.00".to_owned(), None));
}

#[test]
fn caps_apply_before_the_minimum() {
    let capped = MINIMUM.replace("credit cap 20% of monthly fee", "credit cap USD 1.00");
    let r = minimum_report(&capped);
    let withheld = Some(("1.00".to_owned(), "more than USD 1.00".to_owned()));
    assert_eq!(owed(&r, "2026-03"), ("0.00".to_owned(), withheld.clone()));
    assert_eq!(settlement(&r, "2026-03").total.value.to_string(), "5.00");
    // February's 1.10 is capped to 1.00 too, and withheld.
    assert_eq!(owed(&r, "2026-02"), ("0.00".to_owned(), withheld));
}

#[test]
fn a_minimum_on_the_service_is_the_same() {
    let on_service = MINIMUM
        .replace("    minimum more than USD 1.00\n", "")
        .replace(
            "    credit cap 20% of monthly fee\n",
            "    credit cap 20% of monthly fee\n    credit minimum more than USD 1.00\n",
        );
    let r = minimum_report(&on_service);
    assert_eq!(owed(&r, "2026-01").0, "0.00");
    assert_eq!(owed(&r, "2026-02").0, "1.10");
    let model =
        slate::compile(&on_service, &slate::Options::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let md = slate::render::to_markdown(&model);
    assert!(
        md.contains(
            "unless all its credits for that Month together, after any cap, are more than USD 1.00."
        ),
        "{md}"
    );
    let formatted = slate::format(&on_service).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        formatted.contains("credit minimum more than USD 1.00"),
        "{formatted}"
    );
}

// ---------------------------------------------------------- the example

// examples/cloud-usage.sla on its events and its bill
// (examples/cloud-usage.bill.csv), as `eval::example_reports` evaluates it,
// in UTC. The cut-off is one second after the last record (storage-api up
// at 2026-05-01T00:00:00Z): 2026-05-01T00:00:01Z, so January to April are
// over and settled, and May has 1 s, up. Tiers: below 99.9% 10%, below
// 99.0% 25%, below 95.0% 100% of the month's bill row; a credit is issued
// only if it is more than USD 1.00.
//   January (31 d = 2,678,400 s): down 14 Jan 03:00-05:00 = 7,200 s →
//     2,671,200 / 2,678,400 = 99.7312…% < 99.9% → 10% of the bill's 9.80
//     (line 2) = 0.98, not more than 1.00: withheld, 0.00 issued.
//   February (28 d = 2,419,200 s): down 9 Feb 22:00 - 10 Feb 06:00 =
//     28,800 s → 2,390,400 / 2,419,200 = 98.8095…% < 99.0% → 25% of the
//     bill's 1,482.35 (line 3) = 370.5875 → 370.59 (to the cent, half
//     even: 0.0075 is above half a cent).
//   March: down 3 Mar 12:00-13:30 caused by the customer (excluded, counts
//     as up) and 20 Mar 08:00-08:20 = 1,200 s → 2,677,200 / 2,678,400 =
//     99.9552…% ≥ 99.9%: met, nothing owed, so no settlement (the bill's
//     2,216.40 on line 4 is not used).
//   April (30 d = 2,592,000 s): down 22 Apr 00:00 - 23 Apr 16:00 = 40 h =
//     144,000 s → 2,448,000 / 2,592,000 = 94.4444…% < 95.0% → 100% of the
//     bill's 2,310.00 (line 5) = 2,310.00.
//   Owed in all: 370.59 + 2,310.00 = 2,680.59.
#[test]
fn cloud_usage_example_is_worked_out_by_hand() {
    let r = slate_tests::example_report(&slate_tests::root().join("examples/cloud-usage.sla"));
    assert_eq!(r.as_of.to_string(), "2026-05-01T00:00:01Z");
    let uptime = r
        .objectives
        .iter()
        .find(|o| o.name == "uptime")
        .unwrap_or_else(|| panic!("no objective uptime"));
    // Each period: label, measured and down seconds, availability.
    let measured: Vec<String> = uptime
        .periods
        .iter()
        .map(|p| {
            let (m, d) = p
                .time
                .as_ref()
                .map(|t| (t.measured_seconds, t.down_seconds))
                .unwrap_or_default();
            let v = p
                .value
                .as_ref()
                .map(|v| format!("{}/{} {}%", v.numerator, v.denominator, v.percent))
                .unwrap_or_default();
            format!("{} {m} {d} {v}", p.label)
        })
        .collect();
    assert_eq!(
        measured,
        [
            "2026-01 2678400 7200 2671200/2678400 99.731%",
            "2026-02 2419200 28800 2390400/2419200 98.81%",
            "2026-03 2678400 1200 2677200/2678400 99.955%",
            "2026-04 2592000 144000 2448000/2592000 94.444%",
            "2026-05 1 0 1/1 100%",
        ]
    );
    // Each settled month: the total before the minimum, what is owed, the
    // bill row its fee came from, and what the minimum withheld.
    let settled: Vec<String> = r
        .settlements
        .iter()
        .map(|s| {
            format!(
                "{} total {} owed {} line {:?} withheld {:?}",
                s.period,
                s.total.value,
                s.amount,
                s.bill.as_ref().map(|b| b.line),
                s.withheld.as_ref().map(|w| w.amount.to_string()),
            )
        })
        .collect();
    assert_eq!(
        settled,
        [
            "2026-01 total 0.98 owed 0.00 line Some(2) withheld Some(\"0.98\")",
            "2026-02 total 370.5875 owed 370.59 line Some(3) withheld None",
            "2026-04 total 2310.00 owed 2310.00 line Some(5) withheld None",
        ]
    );
    assert!(r.settlements.iter().all(|s| {
        s.unbilled.is_none()
            && s.bill
                .as_ref()
                .is_some_and(|b| b.file == "examples/cloud-usage.bill.csv")
    }));
    let text = slate::eval::to_text(&r);
    for says in [
        "Owed: USD 2,680.59 in credits, by the provider",
        "Fee for the period: USD 9.80, the charges billed, from examples/cloud-usage.bill.csv line 2",
        "Withheld: below the minimum (more than USD 1.00): USD 0.98 not issued",
        "Fee for the period: USD 1,482.35, the charges billed, from examples/cloud-usage.bill.csv line 3",
    ] {
        assert!(text.contains(says), "{says}\n{text}");
    }
}

/// The example's contract names the charges billed and the minimum.
#[test]
fn cloud_usage_contract_states_its_basis_and_minimum() {
    let m = slate_tests::model_at(&slate_tests::root().join("examples/cloud-usage.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains(
            "| below 99.9% | 10% of the charges billed for the service in the billing period |"
        ),
        "{md}"
    );
    assert!(md.contains(
        "Fee: the charges billed for the service in each month, as the bill for that month states."
    ));
}

/// Per component on a billed fee: each component's tier is a share of the
/// period's bill, and a period with no bill row is not worked out, as on
/// any billed service, rather than stopping the whole evaluation.
// January (31 days, 2,678,400 s): component `a` down 10 h = 36,000 s →
// 2,642,400 / 2,678,400 = 98.656% < 99.0% → 25% of 1,000.00 = 250.00;
// `b` down 2 h → 2,671,200 / 2,678,400 = 99.731% < 99.9% → 10% = 100.00;
// 350.00 in all. With no January row: not worked out.
#[test]
fn per_component_credits_on_a_billed_fee() {
    let source = AGREEMENT
        .replace("    items   \"store\"\n", "    items   \"a\", \"b\"\n")
        .replace(
            "    uptime  at least 99.9% per month\n",
            "    uptime  at least 99.9% per month\n    per component\n",
        );
    let rules = rules(&source);
    let mut e = Events::default();
    e.read(
        "events.ndjson",
        r#"{"id":"a","at":"2026-01-10T00:00:00Z","event":"down"}
{"id":"a","at":"2026-01-10T10:00:00Z","event":"up"}
{"id":"b","at":"2026-01-11T00:00:00Z","event":"down"}
{"id":"b","at":"2026-01-11T02:00:00Z","event":"up"}
"#,
        Format::Ndjson,
    );
    let options = Options {
        as_of: Some(slate_tests::instant("2026-02-01T00:00:00Z")),
        ..Options::default()
    };
    let read = |text: &str| {
        slate::eval::read_bill("bill.csv", text, BillFormat::Csv, &rules)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let head = "service,period,amount,currency\n";
    let billed = read(&format!("{head}storage,2026-01,1000.00,USD\n"));
    let r = slate::eval::evaluate_billed(&rules, &e, Some(&billed), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let jan = settlement(&r, "2026-01");
    let lines: Vec<(Option<&str>, String)> = jan
        .lines
        .iter()
        .map(|l| (l.component.as_deref(), l.amount.to_string()))
        .collect();
    assert_eq!(
        lines,
        [
            (Some("a"), "250.00".to_owned()),
            (Some("b"), "100.00".to_owned())
        ]
    );
    assert_eq!(jan.amount.to_string(), "350.00");
    let unbilled = read(&format!("{head}storage,2026-02,1000.00,USD\n"));
    let r = slate::eval::evaluate_billed(&rules, &e, Some(&unbilled), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let jan = settlement(&r, "2026-01");
    assert!(jan.lines.is_empty());
    assert!(jan.unbilled.is_some(), "{jan:?}");
}
