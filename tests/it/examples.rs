//! The shipped examples `examples/contact-centre.sla` and
//! `examples/cloud-compute.sla`, evaluated on the events they ship, as
//! `eval::example_reports` does: every figure their reports state is worked
//! out by hand here and asserted. The reports are also snapshotted there
//! (`eval__report@contact-centre.sla.snap`, …).

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use slate::eval::report::{
    Bucket, Downtime, ItemDetail, ObjectiveReport, PeriodReport, RateCounts, Report, Verdict,
};

fn report(example: &str) -> Report {
    slate_tests::example_report(&slate_tests::root().join(format!("examples/{example}.sla")))
}

fn objective<'r>(r: &'r Report, name: &str) -> &'r ObjectiveReport {
    r.objectives
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no objective {name}"))
}

fn period<'r>(r: &'r Report, name: &str, label: &str) -> &'r PeriodReport {
    objective(r, name)
        .periods
        .iter()
        .find(|p| p.label == label)
        .unwrap_or_else(|| panic!("no period {label} of {name}"))
}

/// A period's value as (numerator, denominator, printed percent).
fn value(p: &PeriodReport) -> Option<(i64, i64, String)> {
    p.value
        .as_ref()
        .map(|v| (v.numerator, v.denominator, v.percent.to_string()))
}

/// A duration aggregate's period: (verdict, complete, values, ignored,
/// never stopped, pending, exact seconds as numerator / denominator).
#[expect(clippy::type_complexity, reason = "one tuple per row of the report")]
fn aggregate(
    r: &Report,
    name: &str,
    label: &str,
) -> (Verdict, bool, u64, u64, u64, u64, Option<(i64, i64)>) {
    let p = period(r, name, label);
    let a = p.aggregate.clone().expect("an aggregate");
    (
        p.verdict,
        p.complete,
        a.values,
        a.ignored,
        a.never_stopped,
        a.pending,
        a.seconds.map(|s| (s.numerator, s.denominator)),
    )
}

/// A time-to-event period: (verdict, met, breached, pending, ignored).
fn outcomes(r: &Report, name: &str, label: &str) -> (Verdict, u64, u64, u64, u64) {
    let p = period(r, name, label);
    let c = p.counts.expect("item counts");
    (p.verdict, c.met, c.breached, c.pending, c.ignored)
}

/// The expected outcomes and value of a time-to-event objective's periods:
/// (label, (verdict, met, breached, pending, ignored), value).
type Judged<'a> = (
    &'a str,
    (Verdict, u64, u64, u64, u64),
    Option<(i64, i64, &'a str)>,
);

fn assert_outcomes(r: &Report, name: &str, expected: &[Judged<'_>]) {
    for (label, counts, exact) in expected {
        let got = value(period(r, name, label));
        assert_eq!(outcomes(r, name, label), *counts, "{name} {label}");
        assert_eq!(
            got,
            exact.map(|(n, d, pc)| (n, d, pc.to_owned())),
            "{name} {label}"
        );
    }
}

fn bucket(up_to_percent: Option<u32>, met: u64, breached: u64) -> Bucket {
    Bucket {
        up_to_percent,
        met,
        breached,
        pending: 0,
    }
}

/// A breached item as (id, period, elapsed, budget, abandoned).
fn breached(o: &ObjectiveReport) -> Vec<(&str, &str, i64, i64, bool)> {
    o.breached_items
        .iter()
        .map(|i: &ItemDetail| {
            (
                i.id.as_str(),
                i.period.as_str(),
                i.elapsed_seconds,
                i.budget_seconds,
                i.abandoned,
            )
        })
        .collect()
}

/// A settlement line as (tier, payout, amount).
type Line = (String, String, String);

/// A settlement as (period, fee, amount owed, lines).
type Owed = (String, String, String, Vec<Line>);

/// Each settlement of the report; no cap reduces any.
fn settlements(r: &Report) -> Vec<Owed> {
    r.settlements
        .iter()
        .map(|s| {
            assert!(s.capped_by.is_empty(), "no cap reduces a credit");
            (
                s.period.clone(),
                s.fee.map(|f| f.to_string()).unwrap_or_default(),
                s.amount.to_string(),
                s.lines
                    .iter()
                    .map(|l| (l.tier.clone(), l.payout.clone(), l.amount.to_string()))
                    .collect(),
            )
        })
        .collect()
}

/// The tier each settlement period of an objective reached, by label.
fn tiers(o: &ObjectiveReport) -> Vec<(&str, bool, Option<&str>)> {
    o.settlement_basis
        .iter()
        .map(|b| (b.period.as_str(), b.complete, b.tier.as_deref()))
        .collect()
}

// Contact centre (examples/contact-centre.events.ndjson). London is on GMT
// until 29 March 2026, and every call is in January to March but C22, so
// local times are the UTC times shown. The cut-off is one second after the
// last record (C22 answered at 2026-04-01T08:00:12Z): 2026-04-01T08:00:13Z,
// so the window is 2026-01-01 to 2026-04-01, the first quarter is over and
// April (and the second quarter) is not.
//
// Calls, offered -> answered (seconds waited), in opening hours:
//   January:  C01 12, C02 30 (exactly the ASA bound), C03 60 (exactly the
//             goal: met), C04 61 (breached), C05 8, C06 15, C07 25 (offered
//             17:59:40 on a Wednesday, answered after closing: real
//             seconds), C08 20, C09 10 (a Saturday), C10 18;
//             C11 abandoned after exactly 5 s: ignored (the bound is in).
//   February: C12 75 (breached), C13 22, C14 14, C15 9, C16 19.
//   March:    C17 90 (breached), C18 abandoned after 45 s (breached, and
//             in the abandonment rate), C19 40, C20 25, C21 17.
//   April:    C22 12 (offered 09:00 BST = 08:00Z).
#[test]
fn contact_centre_report_is_worked_out_by_hand() {
    let r = report("contact-centre");
    assert_eq!(r.as_of.to_string(), "2026-04-01T08:00:13Z");
    assert_eq!(
        (r.window.from.to_string(), r.window.to.to_string()),
        ("2026-01-01".to_owned(), "2026-04-01".to_owned())
    );
    // 22 calls × 2 records, 6 holds × 2, 4 callbacks × 2 = 64.
    assert_eq!(
        (
            r.input.records,
            r.input.duplicates,
            r.input.after_cutoff,
            r.input.unknown_items
        ),
        (64, 0, 0, 0)
    );

    // Average speed of answer, per quarter, at most 30 s.
    // Q1: 19 answered calls (C11 ignored, C18 never answered).
    //   January  12+30+60+61+8+15+25+20+10+18 = 259
    //   February 75+22+14+9+19               = 139
    //   March    90+40+25+17                 = 172
    //   259 + 139 + 172 = 570 s; 570 / 19 = 30 s exactly: at most 30 s, met.
    // Q2 (so far): C22, 12 / 1 = 12 s: met so far (an aggregate is judged
    //   on its value so far, never pending).
    assert_eq!(
        aggregate(&r, "asa", "2026-Q1"),
        (Verdict::Met, true, 19, 1, 1, 0, Some((570, 19)))
    );
    assert_eq!(
        aggregate(&r, "asa", "2026-Q2"),
        (Verdict::Met, false, 1, 0, 0, 0, Some((12, 1)))
    );

    // Abandonment rate, per quarter, at most 5%.
    // Q1: 21 offered, C11 ignored (abandoned within 5 s, bound included):
    //   denominator 20; numerator 1 (C18); 1/20 = 5% exactly: met.
    // Q2 (so far): C22 offered, not abandoned: 0/1 = 0%, pending until the
    //   quarter is over.
    let rate = |label| {
        let p = period(&r, "abandonment", label);
        (p.verdict, value(p), p.rate.clone().expect("rate counts"))
    };
    assert_eq!(
        rate("2026-Q1"),
        (
            Verdict::Met,
            Some((1, 20, "5".to_owned())),
            RateCounts {
                denominator: 20,
                numerator: 1,
                ignored: 1
            }
        )
    );
    assert_eq!(
        rate("2026-Q2"),
        (
            Verdict::Pending,
            Some((0, 1, "0".to_owned())),
            RateCounts {
                denominator: 1,
                numerator: 0,
                ignored: 0
            }
        )
    );

    // Average hold time, per month, at most 2 minutes (120 s). Each hold is
    // an item of its own (C02-H1, …), from held until retrieved.
    // January:  C02-H1 60 + C05-H1 120 + C08-H1 180 = 360; 360/3 = 120 s,
    //           exactly the bound: met.
    // February: C13-H1 100 + C13-H2 200 = 300; 300/2 = 150 s: breached.
    // March:    C19-H1 90; 90/1 = 90 s: met.
    // April:    no hold: no data, which meets the bound.
    assert_eq!(
        aggregate(&r, "hold_time", "2026-01"),
        (Verdict::Met, true, 3, 0, 0, 0, Some((360, 3)))
    );
    assert_eq!(
        aggregate(&r, "hold_time", "2026-02"),
        (Verdict::Breached, true, 2, 0, 0, 0, Some((300, 2)))
    );
    assert_eq!(
        aggregate(&r, "hold_time", "2026-03"),
        (Verdict::Met, true, 1, 0, 0, 0, Some((90, 1)))
    );
    assert_eq!(
        aggregate(&r, "hold_time", "2026-04"),
        (Verdict::NoData, false, 0, 0, 0, 0, None)
    );

    // Calls answered within 60 seconds, per month, target 90%.
    // January:  C04 (61 s) breached, the other 9 met (C03 at exactly 60 s
    //           is met), C11 ignored: 9/10 = 90%, met (at least 90%).
    // February: C12 (75 s) breached: 4/5 = 80%, breached.
    // March:    C17 (90 s) and C18 (abandoned after 45 s) breached:
    //           3/5 = 60%, breached.
    // April:    C22 met: 1/1 = 100% so far.
    assert_outcomes(
        &r,
        "answer_60",
        &[
            ("2026-01", (Verdict::Met, 9, 1, 0, 1), Some((9, 10, "90"))),
            (
                "2026-02",
                (Verdict::Breached, 4, 1, 0, 0),
                Some((4, 5, "80")),
            ),
            (
                "2026-03",
                (Verdict::Breached, 3, 2, 0, 0),
                Some((3, 5, "60")),
            ),
            ("2026-04", (Verdict::Met, 1, 0, 0, 0), Some((1, 1, "100"))),
        ],
    );
    let answer_60 = objective(&r, "answer_60");
    assert_eq!(
        breached(answer_60),
        vec![
            ("C04", "2026-01", 61, 60, false),
            ("C12", "2026-02", 75, 60, false),
            ("C17", "2026-03", 90, 60, false),
            ("C18", "2026-03", 45, 60, true),
        ]
    );
    // Elapsed time as a share of the 60 s budget, over the 21 counted calls:
    //   up to 25% (≤ 15 s): C01 12, C05 8, C06 15, C09 10, C14 14, C15 9,
    //     C22 12 — 7 met;
    //   up to 50% (≤ 30 s): C02 30, C07 25, C08 20, C10 18, C13 22, C16 19,
    //     C20 25, C21 17 — 8 met;
    //   up to 75% (≤ 45 s): C19 40 met, C18 45 (abandoned) breached;
    //   up to 100%: C03 60 met;
    //   up to 150% (≤ 90 s): C04 61, C12 75, C17 90 breached.
    assert_eq!(
        answer_60.distribution,
        vec![
            bucket(Some(25), 7, 0),
            bucket(Some(50), 8, 0),
            bucket(Some(75), 1, 1),
            bucket(Some(100), 1, 0),
            bucket(Some(150), 0, 3),
            bucket(Some(200), 0, 0),
            bucket(None, 0, 0),
        ]
    );
    // Credits: below 90% pays 5%, below 85% 10%, below 80% 15% of the
    // GBP 120,000.00 monthly fee; the lowest threshold reached applies.
    //   January 90%: below none (90% is not below 90%): nothing.
    //   February 80%: below 90% and 85%, not below 80%: 10% = GBP 12,000.00.
    //   March 60%: below 80%: 15% = GBP 18,000.00, at the cap (15%), so not
    //   reduced. April is not over: not settled.
    assert_eq!(
        tiers(answer_60),
        vec![
            ("2026-01", true, None),
            ("2026-02", true, Some("below 85%: 10% of fee")),
            ("2026-03", true, Some("below 80%: 15% of fee")),
            ("2026-04", false, None),
        ]
    );

    // Callbacks, within 1 business day on the opening hours (Monday to
    // Friday 08:00-18:00, Saturday 09:00-13:00), per month, target 95%.
    // The budget runs to the close of the first open day: the request's own
    // date if it comes at or before that date's opening, else the next
    // open date.
    //   K1 Mon 5 Jan 10:00 (after opening): due Tue 6 Jan 18:00; budget
    //      8 h + 10 h = 64,800 s; returned Mon 15:00 after 5 h = 18,000 s
    //      (28% of budget): met.
    //   K2 Fri 9 Jan 17:30: the next open date is Saturday, due 13:00;
    //      budget 30 min + 4 h = 16,200 s; returned Sat 12:00 after
    //      30 min + 3 h = 12,600 s (78%): met.
    //   K3 Fri 6 Feb 17:30: due Sat 7 Feb 13:00, budget 16,200 s; returned
    //      Mon 9 Feb 09:00 after 30 min + 4 h + 1 h = 19,800 s (122%):
    //      breached.
    //   K4 Tue 10 Feb 08:00 (at opening): due Tue 18:00, budget 36,000 s;
    //      returned 17:59 after 35,940 s (99.8%): met.
    //   January 2/2 = 100% met; February 1/2 = 50% breached; March and
    //   April no data.
    assert_outcomes(
        &r,
        "callbacks",
        &[
            ("2026-01", (Verdict::Met, 2, 0, 0, 0), Some((2, 2, "100"))),
            (
                "2026-02",
                (Verdict::Breached, 1, 1, 0, 0),
                Some((1, 2, "50")),
            ),
            ("2026-03", (Verdict::NoData, 0, 0, 0, 0), None),
            ("2026-04", (Verdict::NoData, 0, 0, 0, 0), None),
        ],
    );
    let callbacks = objective(&r, "callbacks");
    assert_eq!(
        breached(callbacks),
        vec![("K3", "2026-02", 19_800, 16_200, false)]
    );
    assert_eq!(
        callbacks.distribution,
        vec![
            bucket(Some(25), 0, 0),
            bucket(Some(50), 1, 0),
            bucket(Some(75), 0, 0),
            bucket(Some(100), 2, 0),
            bucket(Some(150), 0, 1),
            bucket(Some(200), 0, 0),
            bucket(None, 0, 0),
        ]
    );

    // Settlements: the credits above, applied automatically; 30,000 in all.
    let line = |tier: &str, payout: &str, amount: &str| {
        (tier.to_owned(), payout.to_owned(), amount.to_owned())
    };
    assert_eq!(
        settlements(&r),
        vec![
            (
                "2026-02".to_owned(),
                "120000.00".to_owned(),
                "12000.00".to_owned(),
                vec![line("below 85%", "10% of fee", "12000.00")]
            ),
            (
                "2026-03".to_owned(),
                "120000.00".to_owned(),
                "18000.00".to_owned(),
                vec![line("below 80%", "15% of fee", "18000.00")]
            ),
        ]
    );
    assert!(
        r.settlements
            .iter()
            .flat_map(|s| &s.lines)
            .all(|l| l.claims == ["applied automatically"])
    );
    // No call, hold or callback started before the window, and every call
    // and callback has a goal.
    assert!(r.objectives.iter().all(|o| o.items_outside == 0));
    assert!(
        r.objectives
            .iter()
            .flat_map(|o| &o.periods)
            .all(|p| p.counts.is_none_or(|c| c.ungoverned == 0))
    );
}

// Cloud compute (examples/cloud-compute.events.ndjson), in UTC. The cut-off
// is one second after the last record (zone-c up at 2026-03-01T00:05:00Z):
// 2026-03-01T00:05:01Z, so February is over and March has 5 min 1 s.
//
// Zones (the region is down only while at least 2 of its 3 are down):
//   zone-a down 10 Feb 14:00-14:30 and zone-b 14:20-14:26: the region is
//     down only for the overlap, 14:20:00-14:26:00 = 360 s, the 6 whole
//     minutes 14:20 … 14:25.
//   zone-c down 18 Feb 02:55-03:10 and zone-b 03:00:45-03:02:15: the
//     region is down 90 s, which touch the 3 minutes 03:00, 03:01 and 03:02.
//   zone-c alone down 28 Feb 23:50 - 1 Mar 00:05: the region stays up.
// Instances (each on its own, per clock hour, at least 99.5% = 3,582 of
// 3,600 s):
//   vm-web-1 down 5 Feb 09:10:00-09:10:18: 18 s, 3,582/3,600 = 99.5%
//     exactly: met.
//   vm-web-2 down 5 Feb 11:30:00-11:30:19: 19 s, 3,581/3,600 = 99.472%:
//     breached.
//   vm-web-1 down 12 Feb 13:59:50-14:00:10: 10 s in each of two hours,
//     3,590/3,600 = 99.722% each: met.
#[test]
fn cloud_compute_report_is_worked_out_by_hand() {
    let r = report("cloud-compute");
    assert_eq!(r.as_of.to_string(), "2026-03-01T00:05:01Z");
    assert_eq!(
        (r.window.from.to_string(), r.window.to.to_string()),
        ("2026-02-01".to_owned(), "2026-03-01".to_owned())
    );
    // 8 outages × 2 records.
    assert_eq!(
        (r.input.records, r.input.unknown_items, r.input.after_cutoff),
        (16, 0, 0)
    );

    // Region monthly uptime, in whole minutes, at least 99.99%.
    // February: 28 × 1,440 = 40,320 one-minute units, all measured
    //   (2,419,200 s); down 6 + 3 = 9 units (450 s in 2 outages);
    //   availability 1 − 9/40,320 = 40,311/40,320 = 99.978%: below 99.99%,
    //   breached.
    // March so far: 00:00:00-00:05:01 = 301 s, the units 00:00 … 00:05 (the
    //   one holding the cut-off is measured): 6 measured, 0 down; 6/6.
    let region = |label| {
        let p = period(&r, "region_uptime", label);
        (p.verdict, p.complete, value(p), p.time.expect("time"))
    };
    assert_eq!(
        region("2026-02"),
        (
            Verdict::Breached,
            true,
            Some((40_311, 40_320, "99.978".to_owned())),
            Downtime {
                measured_seconds: 2_419_200,
                down_seconds: 450,
                outages: 2,
                unit_seconds: Some(60),
                measured_units: Some(40_320),
                down_units: Some(9),
            }
        )
    );
    assert_eq!(
        region("2026-03"),
        (
            Verdict::Met,
            false,
            Some((6, 6, "100".to_owned())),
            Downtime {
                measured_seconds: 301,
                down_seconds: 0,
                outages: 0,
                unit_seconds: Some(60),
                measured_units: Some(6),
                down_units: Some(0),
            }
        )
    );
    // Credits: 99.978% is below 99.99% but not below 99%: 10% of the
    // USD 40,000.00 monthly fee = USD 4,000.00, claimed on request.
    let region_uptime = objective(&r, "region_uptime");
    assert_eq!(
        tiers(region_uptime),
        vec![
            ("2026-02", true, Some("below 99.99%: 10% of fee")),
            ("2026-03", false, None),
        ]
    );
    assert_eq!(
        settlements(&r),
        vec![(
            "2026-02".to_owned(),
            "40000.00".to_owned(),
            "4000.00".to_owned(),
            vec![(
                "below 99.99%".to_owned(),
                "10% of fee".to_owned(),
                "4000.00".to_owned()
            )]
        )]
    );
    assert_eq!(
        r.settlements
            .first()
            .and_then(|s| s.lines.first())
            .map(|l| l.claims.clone()),
        Some(vec![
            "applied on request".to_owned(),
            "claim within 2 months".to_owned(),
            "claim by opening a case in the provider's support centre".to_owned(),
            "unclaimed credits lapse".to_owned(),
        ])
    );

    // Instance hourly uptime: 28 × 24 = 672 February hours and the first
    // hour of March (301 s so far) = 673 periods. Every hour but those
    // named above has both instances up for all its measured time.
    let instances = objective(&r, "instance_uptime");
    assert_eq!(instances.periods.len(), 673);
    let special: [(&str, &str, i64, &str, Verdict); 4] = [
        (
            "2026-02-05T09:00+00:00",
            "vm-web-1",
            18,
            "99.5",
            Verdict::Met,
        ),
        (
            "2026-02-05T11:00+00:00",
            "vm-web-2",
            19,
            "99.472",
            Verdict::Breached,
        ),
        (
            "2026-02-12T13:00+00:00",
            "vm-web-1",
            10,
            "99.722",
            Verdict::Met,
        ),
        (
            "2026-02-12T14:00+00:00",
            "vm-web-1",
            10,
            "99.722",
            Verdict::Met,
        ),
    ];
    for p in &instances.periods {
        let last = p.label == "2026-03-01T00:00+00:00";
        let measured = if last { 301 } else { 3_600 };
        assert_eq!(p.complete, !last, "{}", p.label);
        let ids: Vec<&str> = p.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["vm-web-1", "vm-web-2"], "{}", p.label);
        let mut verdict = Verdict::Met;
        for c in &p.components {
            let hit = special
                .iter()
                .find(|(label, id, ..)| *label == p.label && *id == c.id);
            let (down, percent, v) =
                hit.map_or((0, "100", Verdict::Met), |(_, _, d, pc, v)| (*d, *pc, *v));
            if v == Verdict::Breached {
                verdict = Verdict::Breached;
            }
            assert_eq!(
                (
                    c.time.measured_seconds,
                    c.time.down_seconds,
                    c.time.outages,
                    c.value
                        .as_ref()
                        .map(|v| (v.numerator, v.denominator, v.percent.to_string())),
                    c.verdict
                ),
                (
                    measured,
                    down,
                    u64::from(down > 0),
                    Some((measured - down, measured, percent.to_owned())),
                    v
                ),
                "{} {}",
                p.label,
                c.id
            );
        }
        assert_eq!(p.verdict, verdict, "{}", p.label);
    }
    assert_eq!(
        instances
            .periods
            .iter()
            .filter(|p| p.verdict == Verdict::Breached)
            .count(),
        1
    );
    assert!(instances.settlement_basis.is_empty());
    // Both instances have records, so none is listed as without them.
    assert!(instances.items_without_records.is_empty());
    assert!(region_uptime.items_without_records.is_empty());
}
