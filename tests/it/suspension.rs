//! The provider's right to suspend when the customer does not respond
//! (`suspend after 14 days without client response while status is
//! "waiting_on_client"`) on hand-worked data: docs/semantics.md §7a,
//! "Suspension when the customer does not respond". Every expected instant
//! is worked out in a comment.

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

use slate::eval::Options;

const AGREEMENT: &str = r#"agreement "Suspension appendix" {
  id        "SU"
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
    measure requests from created until resolved
    pause   while status is "waiting_on_client"
    clock   24x7
    goal    within 30 days
    target  90% of requests per month
  }

  termination {
    suspend after 14 days without client response while status is "waiting_on_client"
  }
}
"#;

/// A record of item `id` at `at` (UTC): `created`, `resolved`, or a status.
fn rec(id: &str, at: &str, what: &str) -> String {
    match what {
        "created" | "resolved" => {
            format!("{{\"id\":\"{id}\",\"at\":\"{at}\",\"event\":\"{what}\"}}\n")
        }
        status => format!(
            "{{\"id\":\"{id}\",\"at\":\"{at}\",\"event\":\"status\",\"status\":\"{status}\"}}\n"
        ),
    }
}

/// The right read at `cut_off`: (arises at, item, silent since), or `None`
/// when it has not arisen.
fn right(events: &[(&str, &str, &str)], cut_off: &str) -> Option<(String, String, String)> {
    let options = Options {
        as_of: Some(slate_tests::instant(cut_off)),
        ..Options::default()
    };
    let events: String = events.iter().map(|(i, a, w)| rec(i, a, w)).collect();
    let r = slate_tests::evaluate_source("suspend.sla", AGREEMENT, &events, &options);
    let s = r
        .termination
        .as_ref()
        .and_then(|t| t.suspension.clone())
        .unwrap_or_else(|| panic!("no suspension in the report"));
    assert_eq!(s.arisen, s.arises_at.is_some());
    assert_eq!(s.arisen, s.item.is_some());
    Some((
        s.arises_at?.to_string(),
        s.item?,
        s.silent_since?.to_string(),
    ))
}

const LATE: &str = "2026-12-01T00:00:00Z";

fn arisen(at: &str, item: &str, since: &str) -> Option<(String, String, String)> {
    Some((at.to_owned(), item.to_owned(), since.to_owned()))
}

/// Waiting from 10:00 GMT on 20 March: 14 calendar days later is 10:00 BST
/// on 3 April (09:00 UTC), 13 days and 23 real hours later, because the
/// clocks went forward on 29 March.
#[test]
fn fourteen_days_are_calendar_days_across_the_change_of_clocks() {
    let events = [
        ("R1", "2026-03-20T09:00:00Z", "created"),
        ("R1", "2026-03-20T10:00:00Z", "waiting_on_client"),
    ];
    assert_eq!(
        right(&events, LATE),
        arisen(
            "2026-04-03T10:00:00+01:00",
            "R1",
            "2026-03-20T10:00:00+00:00"
        )
    );
}

/// The status changes back 13 days after it began to wait: the silence
/// is broken, and a second wait of 14 days from 5 February 10:00 GMT gives
/// the right at 10:00 GMT on 19 February.
#[test]
fn a_status_change_before_fourteen_days_breaks_the_silence() {
    let events = [
        ("R1", "2026-01-05T09:00:00Z", "created"),
        ("R1", "2026-01-05T10:00:00Z", "waiting_on_client"),
        ("R1", "2026-01-18T10:00:00Z", "in_progress"),
    ];
    assert_eq!(right(&events, LATE), None);
    let mut more = events.to_vec();
    more.push(("R1", "2026-02-05T10:00:00Z", "waiting_on_client"));
    assert_eq!(
        right(&more, LATE),
        arisen(
            "2026-02-19T10:00:00+00:00",
            "R1",
            "2026-02-05T10:00:00+00:00"
        )
    );
    // A response exactly 14 days after the wait began is in time.
    let exact = [
        ("R1", "2026-01-05T09:00:00Z", "created"),
        ("R1", "2026-01-05T10:00:00Z", "waiting_on_client"),
        ("R1", "2026-01-19T10:00:00Z", "in_progress"),
    ];
    assert_eq!(right(&exact, LATE), None);
}

/// An item resolved while it waits is no longer open: 10 days of waiting,
/// then resolved, gives nothing, though its status stays waiting.
#[test]
fn an_item_stopped_while_silent_gives_nothing() {
    let events = [
        ("R1", "2026-01-05T09:00:00Z", "created"),
        ("R1", "2026-01-05T10:00:00Z", "waiting_on_client"),
        ("R1", "2026-01-15T10:00:00Z", "resolved"),
    ];
    assert_eq!(right(&events, LATE), None);
}

/// R2 waits from 1 January 12:00 and R1 from 2 January 08:00: R2 reaches
/// 14 days first, at 12:00 GMT on 15 January, though R1 sorts first by id.
#[test]
fn two_items_the_earliest_arising_wins() {
    let events = [
        ("R1", "2026-01-02T08:00:00Z", "created"),
        ("R1", "2026-01-02T08:00:00Z", "waiting_on_client"),
        ("R2", "2026-01-01T11:00:00Z", "created"),
        ("R2", "2026-01-01T12:00:00Z", "waiting_on_client"),
    ];
    assert_eq!(
        right(&events, LATE),
        arisen(
            "2026-01-15T12:00:00+00:00",
            "R2",
            "2026-01-01T12:00:00+00:00"
        )
    );
}

/// Waiting from 10:00 on 5 January: at a cut-off of 19 January 09:59:59
/// the item has waited less than 14 days, and at 10:00 exactly a record
/// at the cut-off is not seen, so nothing yet; one second later it has.
#[test]
fn a_cut_off_before_the_length_gives_nothing() {
    let events = [
        ("R1", "2026-01-05T09:00:00Z", "created"),
        ("R1", "2026-01-05T10:00:00Z", "waiting_on_client"),
    ];
    assert_eq!(right(&events, "2026-01-19T09:59:59Z"), None);
    assert_eq!(right(&events, "2026-01-19T10:00:00Z"), None);
    assert_eq!(
        right(&events, "2026-01-19T10:00:01Z"),
        arisen(
            "2026-01-19T10:00:00+00:00",
            "R1",
            "2026-01-05T10:00:00+00:00"
        )
    );
}

/// A status set before the item is created runs from its creation.
#[test]
fn a_wait_set_before_the_start_runs_from_the_start() {
    let events = [
        ("R1", "2026-01-05T08:00:00Z", "waiting_on_client"),
        ("R1", "2026-01-05T09:00:00Z", "created"),
    ];
    assert_eq!(
        right(&events, LATE),
        arisen(
            "2026-01-19T09:00:00+00:00",
            "R1",
            "2026-01-05T09:00:00+00:00"
        )
    );
}

/// The example agency: at its events' own cut-off (one second after the
/// last record, 2020-02-01T08:31:58Z) the longest wait of an open request
/// is REQ-00345's, from 2020-01-29T08:25:48Z, 3 days: not arisen. The
/// longest wait that ended (REQ-00060, 11 to 18 December) is 6 days. With
/// the cut-off on 13 February 2020 (no records after 1 February),
/// REQ-00345 has waited 14 days at 08:25:48 GMT on 12 February.
#[test]
fn the_agency_example() {
    let source = include_str!("../../examples/agency.sla");
    let events = include_str!("../../examples/agency.events.ndjson");
    let eval = |options: &Options| {
        let r = slate_tests::evaluate_source("agency.sla", source, events, options);
        r.termination
            .and_then(|t| t.suspension)
            .unwrap_or_else(|| panic!("no suspension in the report"))
    };
    let s = eval(&Options::default());
    assert!(!s.arisen);
    assert_eq!(s.arises_at, None);
    let s = eval(&Options {
        as_of: Some(slate_tests::instant("2020-02-13T00:00:00Z")),
        ..Options::default()
    });
    assert_eq!(
        (
            s.arises_at.map(|t| t.to_string()),
            s.item,
            s.silent_since.map(|t| t.to_string())
        ),
        (
            Some("2020-02-12T08:25:48+00:00".to_owned()),
            Some("REQ-00345".to_owned()),
            Some("2020-01-29T08:25:48+00:00".to_owned())
        )
    );
}

/// The right in the report's formats and in the contract's words.
#[test]
fn the_right_in_words_and_in_the_report() {
    let options = Options {
        as_of: Some(slate_tests::instant(LATE)),
        ..Options::default()
    };
    let events: String = [
        ("R1", "2026-01-05T09:00:00Z", "created"),
        ("R1", "2026-01-05T10:00:00Z", "waiting_on_client"),
    ]
    .iter()
    .map(|(i, a, w)| rec(i, a, w))
    .collect();
    let r = slate_tests::evaluate_source("suspend.sla", AGREEMENT, &events, &options);
    let text = slate::eval::to_text(&r);
    assert!(
        text.contains("the right to suspend arose at 2026-01-19T10:00:00+00:00, when item R1 had waited since 2026-01-05T10:00:00+00:00."),
        "{text}"
    );
    let md = slate::eval::to_markdown(&r);
    assert!(md.contains("## Suspension"), "{md}");
    let html = slate::eval::to_html(&r);
    assert!(html.contains("2026-01-19T10:00:00+00:00"), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&slate::eval::to_json(&r)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json["termination"]["suspension"],
        serde_json::json!({
            "party": "client",
            "after": { "count": 14, "unit": "days" },
            "waiting": { "field": "status", "values": ["waiting_on_client"] },
            "arisen": true,
            "arises_at": "2026-01-19T10:00:00+00:00",
            "item": "R1",
            "silent_since": "2026-01-05T10:00:00+00:00"
        })
    );
    let checked = slate::check(AGREEMENT);
    let m = checked
        .model
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("If **Client plc** does not respond to a request for 14 days while the status is waiting on client (counted from when the request enters that state, and only while the request is open), the other party may suspend the services."),
        "{md}"
    );
}

/// Without `while`, the checker warns (E0770) and the rule set and the
/// report say nothing of the right.
#[test]
fn without_a_waiting_state_the_right_is_in_the_contract_only() {
    let source = AGREEMENT.replace(" while status is \"waiting_on_client\"\n  }", "\n  }");
    let checked = slate::check(&source);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.number())
        .collect();
    assert_eq!(codes, vec!["E0770"]);
    let r = slate_tests::evaluate_source("suspend.sla", &source, "", &Options::default());
    assert!(r.termination.is_none_or(|t| t.suspension.is_none()));
}
