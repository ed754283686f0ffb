//! Unit tests: every calendar edge-case decision of `docs/semantics.md`, with the
//! expected value worked out by hand.

use super::*;
use slate_rules::{Closure, Interval};

const HOUR: i64 = 3_600;

/// A real instant from RFC 3339 text.
fn at(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

/// A calendar in `tz` with `(day, start, end)` intervals (overnight when the
/// end is not after the start, as the checker writes them) and closures.
fn calendar(tz: &str, weekly: &[(Day, &str, &str)], closed: &[(&str, &str)]) -> Calendar {
    Calendar {
        name: "test".into(),
        always_open: false,
        timezone: tz.parse().unwrap(),
        weekly: weekly
            .iter()
            .map(|&(day, start, end)| Interval {
                day,
                start: start.parse().unwrap(),
                end: end.parse().unwrap(),
                overnight: end != "24:00" && end <= start,
            })
            .collect(),
        closures: closed
            .iter()
            .map(|&(from, to)| Closure {
                from: from.parse().unwrap(),
                to: to.parse().unwrap(),
                reason: None,
            })
            .collect(),
    }
}

/// Monday to Friday, `start` to `end`.
fn weekdays(start: &'static str, end: &'static str) -> Vec<(Day, &'static str, &'static str)> {
    [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
    ]
    .into_iter()
    .map(|d| (d, start, end))
    .collect()
}

/// Compiles `cal` over `[from, to)` given as RFC 3339 text.
fn compile(cal: &Calendar, from: &str, to: &str) -> OpenTime {
    OpenTime::build(cal, at(from), at(to)).unwrap()
}

#[test]
fn london_fall_back_repeats_the_hour() {
    // 2026-10-25 is a Sunday; at 01:00 UTC London goes from BST (+1) to GMT.
    // 01:30-05:00 local is open at 00:30-01:00 UTC (01:30-02:00 BST) and at
    // 01:30-05:00 UTC (01:30-05:00 GMT); 01:00-01:30 UTC reads 01:00-01:30
    // GMT, before the opening. 0.5 h + 3.5 h = 4 h.
    let cal = calendar("Europe/London", &[(Day::Sunday, "01:30", "05:00")], &[]);
    let ot = compile(&cal, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [
            (at("2026-10-25T00:30:00Z"), at("2026-10-25T01:00:00Z")),
            (at("2026-10-25T01:30:00Z"), at("2026-10-25T05:00:00Z")),
        ]
    );
    let (a, b) = (at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z"));
    assert_eq!(ot.open(a, b), 4 * HOUR);
    assert!(ot.is_open(at("2026-10-25T00:59:59Z")));
    assert!(!ot.is_open(at("2026-10-25T01:00:00Z")));
    assert!(!ot.is_open(at("2026-10-25T01:29:59Z")));
    assert!(ot.is_open(at("2026-10-25T01:30:00Z")));
}

#[test]
fn london_spring_forward_skips_the_missing_hour() {
    // 2026-03-29 is a Sunday; at 01:00 UTC London goes from GMT to BST, so
    // local 01:00-02:00 does not exist. 00:30-03:00 local is 00:30-01:00 GMT
    // (00:30-01:00 UTC) and 02:00-03:00 BST (01:00-02:00 UTC): 1.5 h, one
    // interval 00:30-02:00 UTC.
    let cal = calendar("Europe/London", &[(Day::Sunday, "00:30", "03:00")], &[]);
    let ot = compile(&cal, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-03-29T00:30:00Z"), at("2026-03-29T02:00:00Z"))]
    );
    let (a, b) = (at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"));
    assert_eq!(ot.open(a, b), 90 * 60);
}

#[test]
fn an_interval_inside_the_gap_has_no_open_time() {
    // 01:15-01:45 on 2026-03-29 in London never happens on the wall clock.
    let cal = calendar("Europe/London", &[(Day::Sunday, "01:15", "01:45")], &[]);
    let ot = compile(&cal, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z");
    assert!(ot.intervals().is_empty());
    // The next Sunday it is an ordinary half hour of BST: 00:15-00:45 UTC.
    let ot = compile(&cal, "2026-04-04T00:00:00Z", "2026-04-06T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-04-05T00:15:00Z"), at("2026-04-05T00:45:00Z"))]
    );
}

#[test]
fn overnight_shift_belongs_to_the_day_it_starts() {
    // `monday to friday 22:00-06:00` in UTC, week of Monday 2026-03-02.
    let cal = calendar("UTC", &weekdays("22:00", "06:00"), &[]);
    let ot = compile(&cal, "2026-02-23T00:00:00Z", "2026-03-16T00:00:00Z");
    // Friday 22:00 to Saturday 06:00 is open: 8 h.
    let (fri, sat) = (at("2026-03-06T22:00:00Z"), at("2026-03-07T06:00:00Z"));
    assert_eq!(ot.open(fri, sat), 8 * HOUR);
    assert!(ot.is_open(sat - 1));
    assert!(!ot.is_open(sat));
    // Sunday 22:00 to Monday 06:00 is not: no shift starts on Sunday.
    let (sun, mon) = (at("2026-03-08T22:00:00Z"), at("2026-03-09T06:00:00Z"));
    assert_eq!(ot.open(sun, mon), 0);
    // Monday 00:00 to next Monday 00:00: the five shifts Monday to Friday,
    // 5 × 8 h = 40 h (Friday's ends Saturday 06:00, inside the week).
    let (a, b) = (at("2026-03-02T00:00:00Z"), at("2026-03-09T00:00:00Z"));
    assert_eq!(ot.open(a, b), 40 * HOUR);
}

#[test]
fn a_closed_date_removes_the_whole_shift_starting_on_it() {
    // Wednesday 2026-03-04 is closed: its 22:00-06:00 shift (into Thursday)
    // goes, Tuesday's shift (into Wednesday 06:00) stays.
    let cal = calendar(
        "UTC",
        &weekdays("22:00", "06:00"),
        &[("2026-03-04", "2026-03-04")],
    );
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z");
    // Wednesday 00:00-24:00: 00:00-06:00 from Tuesday's shift = 6 h.
    let (wed, thu) = (at("2026-03-04T00:00:00Z"), at("2026-03-05T00:00:00Z"));
    assert_eq!(ot.open(wed, thu), 6 * HOUR);
    // Thursday 00:00-12:00: Wednesday's shift is gone = 0.
    assert_eq!(ot.open(thu, thu + 12 * HOUR), 0);
    // Thursday's own shift starts at 22:00 as usual.
    assert!(ot.is_open(at("2026-03-05T22:00:00Z")));
}

#[test]
fn reversed_arguments_give_the_negative() {
    // With the London 4 h example: open(b, a) = -open(a, b) = -4 h, and the
    // identity holds for arbitrary pairs, open or closed.
    let cal = calendar("Europe/London", &[(Day::Sunday, "01:30", "05:00")], &[]);
    let ot = compile(&cal, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");
    let (a, b) = (at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z"));
    assert_eq!(ot.open(b, a), -4 * HOUR);
    let points = [
        a,
        at("2026-10-25T00:45:00Z"),
        at("2026-10-25T01:10:00Z"),
        b - 1,
    ];
    for &x in &points {
        for &y in &points {
            assert_eq!(ot.open(x, y), -ot.open(y, x));
        }
        assert_eq!(ot.open(x, x), 0);
    }
}

#[test]
fn a_pause_over_closed_hours_counts_only_open_time() {
    // Monday to Friday 09:00-17:00 London; March 2026 is GMT (= UTC). A pause
    // from Friday 16:00 to Monday 10:00 holds 1 h of Friday and 1 h of
    // Monday: 2 h, not its 66 h of wall-clock time.
    let cal = calendar("Europe/London", &weekdays("09:00", "17:00"), &[]);
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z");
    let (fri, mon) = (at("2026-03-06T16:00:00Z"), at("2026-03-09T10:00:00Z"));
    assert_eq!(ot.open(fri, mon), 2 * HOUR);
    // Elapsed from a Thursday 12:00 start to a Monday 12:00 stop minus that
    // pause: (5 + 8 + 3) h - 2 h = 14 h.
    let (start, stop) = (at("2026-03-05T12:00:00Z"), at("2026-03-09T12:00:00Z"));
    assert_eq!(ot.open(start, stop) - ot.open(fri, mon), 14 * HOUR);
}

#[test]
fn twenty_four_hundred_ends_the_day() {
    // Saturday 00:00-24:00 and Sunday 00:00-12:00 in UTC touch at midnight
    // and merge: Saturday 2026-03-07 00:00 to Sunday 12:00, 36 h.
    let cal = calendar(
        "UTC",
        &[
            (Day::Saturday, "00:00", "24:00"),
            (Day::Sunday, "00:00", "12:00"),
        ],
        &[],
    );
    let ot = compile(&cal, "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-03-07T00:00:00Z"), at("2026-03-08T12:00:00Z"))]
    );
    // In London, Sunday 2026-10-25 00:00-24:00 is 25 real hours: from 00:00
    // BST (Saturday 23:00 UTC) to 00:00 GMT on Monday (00:00 UTC).
    let cal = calendar("Europe/London", &[(Day::Sunday, "00:00", "24:00")], &[]);
    let ot = compile(&cal, "2026-10-20T00:00:00Z", "2026-10-30T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-10-24T23:00:00Z"), at("2026-10-26T00:00:00Z"))]
    );
    assert_eq!(
        ot.open(at("2026-10-20T00:00:00Z"), at("2026-10-30T00:00:00Z")),
        25 * HOUR
    );
}

#[test]
fn a_transition_at_midnight_shortens_the_date() {
    // São Paulo sprang forward at 00:00 on Sunday 2018-11-04 (-03 to -02):
    // local 00:00-01:00 did not exist, so 00:00-24:00 that day is 23 h, from
    // 01:00 -02 (03:00 UTC) to 00:00 -02 on Monday (02:00 UTC).
    let cal = calendar("America/Sao_Paulo", &[(Day::Sunday, "00:00", "24:00")], &[]);
    let ot = compile(&cal, "2018-11-01T00:00:00Z", "2018-11-07T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2018-11-04T03:00:00Z"), at("2018-11-05T02:00:00Z"))]
    );
}

#[test]
fn half_hour_offsets() {
    // Kolkata is +05:30 all year: 09:00-17:00 is 03:30-11:30 UTC.
    let cal = calendar("Asia/Kolkata", &[(Day::Monday, "09:00", "17:00")], &[]);
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-03-02T03:30:00Z"), at("2026-03-02T11:30:00Z"))]
    );
}

#[test]
fn adjacent_days_overlapping_intervals_merge() {
    // Monday 20:00-04:00 overlaps Tuesday 02:00-10:00: one interval Monday
    // 20:00 to Tuesday 10:00 of 14 h, not 8 h + 8 h = 16 h.
    let cal = calendar(
        "UTC",
        &[
            (Day::Monday, "20:00", "04:00"),
            (Day::Tuesday, "02:00", "10:00"),
        ],
        &[],
    );
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z");
    assert_eq!(
        ot.intervals(),
        [(at("2026-03-02T20:00:00Z"), at("2026-03-03T10:00:00Z"))]
    );
    assert_eq!(
        ot.open(at("2026-03-01T00:00:00Z"), at("2026-03-05T00:00:00Z")),
        14 * HOUR
    );
}

#[test]
fn business_days() {
    // Monday to Friday 09:00-17:00 London (GMT = UTC in early March 2026);
    // Tuesday 2026-03-10 is closed.
    let cal = calendar(
        "Europe/London",
        &weekdays("09:00", "17:00"),
        &[("2026-03-10", "2026-03-10")],
    );
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
    let due = |start: &str, n| ot.business_days_due(at(start), n);
    // 10:00 Monday is after Monday's opening: day 1 is Tuesday, due at its close.
    assert_eq!(
        due("2026-03-02T10:00:00Z", 1),
        Some(at("2026-03-03T17:00:00Z"))
    );
    // 09:00 sharp is at the opening: day 1 is Monday, due at 17:00 Monday.
    assert_eq!(
        due("2026-03-02T09:00:00Z", 1),
        Some(at("2026-03-02T17:00:00Z"))
    );
    assert_eq!(
        due("2026-03-02T08:00:00Z", 1),
        Some(at("2026-03-02T17:00:00Z"))
    );
    // After the close, day 1 is the next open date too.
    assert_eq!(
        due("2026-03-02T18:00:00Z", 1),
        Some(at("2026-03-03T17:00:00Z"))
    );
    // Friday 12:00 with 2 days: day 1 is Monday 9th (the weekend has no open
    // dates), day 2 would be Tuesday 10th but it is closed: Wednesday 11th.
    assert_eq!(
        due("2026-03-06T12:00:00Z", 2),
        Some(at("2026-03-11T17:00:00Z"))
    );
    // A Saturday start: day 1 is Monday.
    assert_eq!(
        due("2026-03-07T12:00:00Z", 1),
        Some(at("2026-03-09T17:00:00Z"))
    );
    // No business days of zero, none beyond the span, none outside it.
    assert_eq!(due("2026-03-02T10:00:00Z", 0), None);
    assert_eq!(due("2026-03-30T10:00:00Z", 3), None);
    assert_eq!(ot.business_days_due(at("2026-02-01T10:00:00Z"), 1), None);
    assert_eq!(OpenTime::always_open().business_days_due(0, 0), None);
}

#[test]
fn business_days_on_24x7_are_local_dates() {
    // `24x7` is open 00:00-24:00 on every local date of its zone. A start
    // at its date's midnight makes that date day 1; any later start makes
    // the next date day 1. London springs forward on Sunday 2026-03-29, so
    // that date has 23 hours: a start at 10:00 UTC on Saturday 28th is due
    // at the midnight ending Sunday (2026-03-29T23:00:00Z, BST), 37 hours
    // later (a day of 14 hours and one of 23), not 24.
    let mut cal = calendar("Europe/London", &[], &[]);
    cal.always_open = true;
    let ot = OpenTime::build(&cal, 0, 0).unwrap();
    let due = |s: &str, n| ot.business_days_due(at(s), n);
    assert_eq!(
        due("2026-03-28T10:00:00Z", 1),
        Some(at("2026-03-29T23:00:00Z"))
    );
    // Midnight sharp: day 1 is that date, due at its end.
    assert_eq!(
        due("2026-03-28T00:00:00Z", 1),
        Some(at("2026-03-29T00:00:00Z"))
    );
    // A second after midnight: day 1 is the next date.
    assert_eq!(
        due("2026-03-28T00:00:01Z", 2),
        Some(at("2026-03-30T23:00:00Z"))
    );
    // A local date is the zone's: 23:30 UTC on 2026-06-30 is 00:30 BST on
    // 1 July, so day 1 is 2 July, which ends at 23:00 UTC.
    assert_eq!(
        due("2026-06-30T23:30:00Z", 1),
        Some(at("2026-07-02T23:00:00Z"))
    );
    // Falling back (Sunday 2026-10-25 has 25 hours).
    assert_eq!(
        due("2026-10-24T12:00:00Z", 1),
        Some(at("2026-10-26T00:00:00Z"))
    );
    assert_eq!(due("2026-03-28T10:00:00Z", 0), None);
}

#[test]
fn business_days_on_local_dates_across_dst() {
    // After London springs forward (Sunday 2026-03-29), 09:00-17:00 BST is
    // 08:00-16:00 UTC. A start at 08:30 UTC Monday 30th reads 09:30 BST,
    // after the opening: due Tuesday 16:00 UTC. At 07:59 UTC (08:59 BST) it
    // is before the opening: due Monday 16:00 UTC.
    let cal = calendar("Europe/London", &weekdays("09:00", "17:00"), &[]);
    let ot = compile(&cal, "2026-03-20T00:00:00Z", "2026-04-10T00:00:00Z");
    assert_eq!(
        ot.business_days_due(at("2026-03-30T08:30:00Z"), 1),
        Some(at("2026-03-31T16:00:00Z"))
    );
    assert_eq!(
        ot.business_days_due(at("2026-03-30T07:59:00Z"), 1),
        Some(at("2026-03-30T16:00:00Z"))
    );
}

#[test]
fn business_days_with_overnight_shifts() {
    // `monday to friday 22:00-06:00` UTC: Friday's shift closes Saturday
    // 06:00. A ticket at 21:00 Friday is before Friday's opening: due then.
    // One at 23:00 Friday is after it: day 1 is Monday, closing Tuesday 06:00.
    let cal = calendar("UTC", &weekdays("22:00", "06:00"), &[]);
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z");
    assert_eq!(
        ot.business_days_due(at("2026-03-06T21:00:00Z"), 1),
        Some(at("2026-03-07T06:00:00Z"))
    );
    assert_eq!(
        ot.business_days_due(at("2026-03-06T23:00:00Z"), 1),
        Some(at("2026-03-10T06:00:00Z"))
    );
    // A start at 02:00 Saturday, inside Friday's shift, is on Saturday, which
    // has no opening: day 1 is Monday.
    assert_eq!(
        ot.business_days_due(at("2026-03-07T02:00:00Z"), 1),
        Some(at("2026-03-10T06:00:00Z"))
    );
}

#[test]
fn advance_inverts_open() {
    // Monday to Friday 09:00-17:00 UTC.
    let cal = calendar("UTC", &weekdays("09:00", "17:00"), &[]);
    let ot = compile(&cal, "2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z");
    let fri = at("2026-03-06T16:00:00Z");
    // Two open hours from Friday 16:00: one on Friday, one on Monday → 10:00.
    assert_eq!(ot.advance(fri, 2 * HOUR), Some(at("2026-03-09T10:00:00Z")));
    // Exactly Friday's last hour ends at the close, not at Monday's opening.
    assert_eq!(ot.advance(fri, HOUR), Some(at("2026-03-06T17:00:00Z")));
    // From a closed instant, the first open second ends at opening + 1.
    let sat = at("2026-03-07T12:00:00Z");
    assert_eq!(ot.advance(sat, 0), Some(sat));
    assert_eq!(ot.advance(sat, 1), Some(at("2026-03-09T09:00:01Z")));
    // advance(a, open(a, b)) is the earliest such instant: b's last opening
    // end when b is closed.
    let b = at("2026-03-07T20:00:00Z");
    assert_eq!(
        ot.advance(fri, ot.open(fri, b)),
        Some(at("2026-03-06T17:00:00Z"))
    );
    // Beyond the span (it holds 10 open days = 80 h) or negative: None.
    assert_eq!(ot.advance(at("2026-03-01T00:00:00Z"), 80 * HOUR + 1), None);
    assert_eq!(
        ot.advance(at("2026-03-01T00:00:00Z"), 80 * HOUR),
        Some(at("2026-03-13T17:00:00Z"))
    );
    assert_eq!(ot.advance(fri, -1), None);
}

#[test]
fn the_span_clips() {
    let cal = calendar("UTC", &weekdays("09:00", "17:00"), &[]);
    let (from, to) = (at("2026-03-02T12:00:00Z"), at("2026-03-03T12:00:00Z"));
    let ot = OpenTime::build(&cal, from, to).unwrap();
    assert_eq!(
        ot.intervals(),
        [
            (from, at("2026-03-02T17:00:00Z")),
            (at("2026-03-03T09:00:00Z"), to)
        ]
    );
    assert!(ot.covers(from) && ot.covers(to - 1));
    assert!(!ot.covers(from - 1) && !ot.covers(to));
    // Outside the span nothing is open.
    assert_eq!(ot.open(from - 10 * HOUR, to + 10 * HOUR), 8 * HOUR);
    assert!(!ot.is_open(to));
    // An empty span.
    let empty = OpenTime::build(&cal, to, from).unwrap();
    assert!(empty.intervals().is_empty() && !empty.covers(to));
}

#[test]
fn always_open() {
    let ot = OpenTime::always_open();
    assert_eq!(ot.open(100, 250), 150);
    assert_eq!(ot.open(250, 100), -150);
    assert!(ot.is_open(i64::MIN) && ot.covers(i64::MAX));
    assert_eq!(ot.advance(100, 50), Some(150));
    assert_eq!(ot.advance(i64::MAX, 1), None);
    let mut cal = calendar("UTC", &[], &[]);
    cal.always_open = true;
    assert_eq!(OpenTime::build(&cal, 0, 10).unwrap(), ot);
}

#[test]
fn errors_name_the_text() {
    let build = |cal: &Calendar| OpenTime::build(cal, 0, DAY).unwrap_err();
    // An unknown zone, an unreadable date or time cannot be held by a
    // calendar: reading the rule set refuses them (`slate_rules::from_json`).
    // `24:00` ends a day but cannot start one.
    let cal = calendar("UTC", &[(Day::Monday, "24:00", "23:00")], &[]);
    assert_eq!(build(&cal), "unreadable time `24:00`: expected `HH:MM`");
    let mut cal = calendar("UTC", &[(Day::Monday, "17:00", "09:00")], &[]);
    cal.weekly[0].overnight = false;
    assert!(build(&cal).contains("`17:00-09:00`"));
    let cal = calendar("UTC", &[], &[("2026-03-02", "2026-03-01")]);
    assert!(build(&cal).contains("ends before it starts"));
    let cal = calendar("UTC", &[], &[]);
    assert!(OpenTime::build(&cal, i64::MIN, i64::MAX).is_err());
}
