//! Property tests: `OpenTime` against a brute-force reference that decides
//! "is `t` open" straight from the definition in `docs/semantics.md`, on random
//! calendars and random spans around DST transitions.
//!
//! The reference reads `t`'s local wall clock with chrono-tz and checks the
//! intervals that start on that local date and on the date before (overnight
//! shifts), skipping closed dates. Every zone used has whole-minute offsets
//! and whole-minute transitions and every generated time is a whole minute, so
//! the open set is constant within each UTC minute: the reference counts open
//! time minute by minute, second by second only in the partial minutes at the
//! ends. `per_second` checks that assumption with a reference that tests
//! every second.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use slate_calendar::OpenTime;
use slate_rules::{Calendar, Closure, Day, Interval};

const MINUTE: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

const ZONES: [&str; 5] = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "UTC",
    "Asia/Kolkata",
];

const DAYS: [Day; 7] = [
    Day::Monday,
    Day::Tuesday,
    Day::Wednesday,
    Day::Thursday,
    Day::Friday,
    Day::Saturday,
    Day::Sunday,
];

/// 2024-01-01T00:00:00Z and 2028-01-01T00:00:00Z.
const YEARS: (i64, i64) = (1_704_067_200, 1_830_297_600);

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The UTC offset of `tz` at `t`, in seconds.
fn offset(tz: Tz, t: i64) -> i64 {
    let utc = DateTime::from_timestamp(t, 0).unwrap().naive_utc();
    i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

/// Every offset change of each zone in 2024–2027, found hour by hour.
fn transitions() -> &'static [Vec<i64>] {
    static ALL: OnceLock<Vec<Vec<i64>>> = OnceLock::new();
    ALL.get_or_init(|| {
        ZONES
            .iter()
            .map(|zone| {
                let tz: Tz = zone.parse().unwrap();
                let mut found = Vec::new();
                let mut last = offset(tz, YEARS.0);
                let mut t = YEARS.0;
                while t < YEARS.1 {
                    t += HOUR;
                    let now = offset(tz, t);
                    if now != last {
                        found.push(t);
                        last = now;
                    }
                }
                found
            })
            .collect()
    })
}

/// A random weekly interval: day, start and end minute (1440 is `24:00`),
/// and whether to mark it overnight even when its end is after its start.
#[derive(Clone, Debug)]
struct Raw {
    day: usize,
    start: i64,
    end: i64,
    force_overnight: bool,
}

/// Minutes of the day, dense around the small hours where DST changes are.
fn minute() -> impl Strategy<Value = i64> {
    prop_oneof![
        0i64..1440,
        (0i64..=20).prop_map(|q| q * 15),
        Just(0),
        (22i64..=24).prop_map(|h| h * 60),
    ]
}

fn raw_interval() -> impl Strategy<Value = Raw> {
    (0usize..7, minute(), minute(), prop::bool::weighted(0.1)).prop_map(
        |(day, start, end, force_overnight)| Raw {
            day,
            start: start.min(1439),
            end: end.max(1),
            force_overnight,
        },
    )
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn date_text(day: i64) -> String {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).unwrap())
        .unwrap()
        .format("%Y-%m-%d")
        .to_string()
}

/// The calendar, and the reference model of it.
fn calendar(zone: &str, raw: &[Raw], closures: &[(i64, i64)]) -> (Calendar, Reference) {
    let weekly: Vec<Interval> = raw
        .iter()
        .map(|r| Interval {
            day: DAYS[r.day],
            start: hhmm(r.start).parse().unwrap(),
            end: hhmm(r.end).parse().unwrap(),
            overnight: r.force_overnight || r.end <= r.start,
        })
        .collect();
    let cal = Calendar {
        name: "random".into(),
        always_open: false,
        timezone: zone.parse().unwrap(),
        weekly,
        closures: closures
            .iter()
            .map(|&(from, to)| Closure {
                from: date_text(from).parse().unwrap(),
                to: date_text(to).parse().unwrap(),
                reason: None,
            })
            .collect(),
    };
    let reference = Reference::new(&cal);
    (cal, reference)
}

/// "Is `t` open", straight from the definition.
struct Reference {
    tz: Tz,
    /// Per weekday (chrono's Monday = 0): `[start, end)` in local seconds
    /// from the start date's midnight.
    week: [Vec<(i64, i64)>; 7],
    closed: Vec<(NaiveDate, NaiveDate)>,
}

impl Reference {
    fn new(cal: &Calendar) -> Reference {
        let seconds = |text: &str| {
            let (h, m) = text.split_once(':').unwrap();
            h.parse::<i64>().unwrap() * HOUR + m.parse::<i64>().unwrap() * MINUTE
        };
        let mut week: [Vec<(i64, i64)>; 7] = Default::default();
        for i in &cal.weekly {
            let day = DAYS.iter().position(|d| *d == i.day).unwrap();
            let end = seconds(&i.end.to_string()) + if i.overnight { DAY } else { 0 };
            week[day].push((seconds(&i.start.to_string()), end));
        }
        Reference {
            tz: cal.timezone,
            week,
            closed: cal.closures.iter().map(|c| (c.from, c.to)).collect(),
        }
    }

    /// The local wall-clock reading of `t`.
    fn local(&self, t: i64) -> chrono::NaiveDateTime {
        let utc = DateTime::from_timestamp(t, 0).unwrap().naive_utc();
        self.tz.from_utc_datetime(&utc).naive_local()
    }

    fn closed(&self, date: NaiveDate) -> bool {
        self.closed.iter().any(|&(a, b)| a <= date && date <= b)
    }

    /// The intervals starting on `date`, as local `[start, end)` date-times
    /// in seconds (the wall clock read as if it were UTC); none if closed.
    fn intervals_of(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        if self.closed(date) {
            return Vec::new();
        }
        let midnight = date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        let weekday = date.weekday().num_days_from_monday() as usize;
        self.week[weekday]
            .iter()
            .map(|&(s, e)| (midnight + s, midnight + e))
            .collect()
    }

    /// Whether `t`'s local reading falls in an interval starting on its
    /// local date or the date before (no interval reaches two dates on).
    fn is_open(&self, t: i64) -> bool {
        let local = self.local(t);
        let reading = local.and_utc().timestamp();
        let date = local.date();
        [date.pred_opt().unwrap(), date].into_iter().any(|d| {
            self.intervals_of(d)
                .iter()
                .any(|&(s, e)| s <= reading && reading < e)
        })
    }

    /// Open seconds in `[a, b)`, `a <= b`: whole minutes at once, partial
    /// minutes at the ends second by second.
    fn open(&self, a: i64, b: i64) -> i64 {
        let first_minute = a.div_euclid(MINUTE) * MINUTE + if a % MINUTE == 0 { 0 } else { MINUTE };
        let last_minute = b.div_euclid(MINUTE) * MINUTE;
        if first_minute >= last_minute {
            return self.open_per_second(a, b);
        }
        let mut sum = self.open_per_second(a, first_minute) + self.open_per_second(last_minute, b);
        let mut t = first_minute;
        while t < last_minute {
            if self.is_open(t) {
                sum += MINUTE;
            }
            t += MINUTE;
        }
        sum
    }

    fn open_per_second(&self, a: i64, b: i64) -> i64 {
        (a..b).filter(|&t| self.is_open(t)).count() as i64
    }

    /// The first opening and the close of `date` if it is an open date:
    /// found by scanning real minutes wherever its intervals could lie.
    fn open_day(&self, date: NaiveDate) -> Option<(i64, i64)> {
        let mut first: Option<i64> = None;
        let mut close: Option<i64> = None;
        for (ls, le) in self.intervals_of(date) {
            // Local reading = t + offset, and the offset changes at most once
            // in these few days: t lies within [ls - max, le - min).
            let offsets = [ls - 2 * DAY, ls, le, le + 2 * DAY].map(|t| offset(self.tz, t));
            let (lo, hi) = (
                ls - offsets.iter().max().unwrap(),
                le - offsets.iter().min().unwrap(),
            );
            let mut t = lo;
            while t < hi {
                let reading = self.local(t).and_utc().timestamp();
                if ls <= reading && reading < le {
                    first = Some(first.map_or(t, |f| f.min(t)));
                    close = Some(close.map_or(t + MINUTE, |c| c.max(t + MINUTE)));
                }
                t += MINUTE;
            }
        }
        first.zip(close)
    }
}

/// A random case: zone, weekly intervals, closures (relative dates), and
/// where the span sits around one of the zone's transitions.
#[derive(Clone, Debug)]
struct Case {
    zone: usize,
    raw: Vec<Raw>,
    closures: Vec<(i64, i64)>,
    pick: usize,
    shift: i64,
    len: i64,
    before: i64,
    after: i64,
}

fn case(shift: std::ops::Range<i64>, len: std::ops::Range<i64>) -> impl Strategy<Value = Case> {
    (
        // Mostly the zones with DST.
        prop_oneof![3 => 0usize..3, 1 => 3usize..ZONES.len()],
        prop::collection::vec(raw_interval(), 1..10),
        prop::collection::vec((-8i64..8, 0i64..3), 0..3),
        any::<usize>(),
        shift,
        len,
        prop_oneof![Just(0i64), 0i64..2 * DAY],
        prop_oneof![Just(0i64), 0i64..2 * DAY],
        // Most queries straddle the transition: it lies a random way in.
        (prop::bool::weighted(0.6), 0i64..1000),
    )
        .prop_map(
            |(zone, raw, closures, pick, shift, len, before, after, (straddle, permille))| Case {
                zone,
                raw,
                closures,
                pick,
                shift: if straddle {
                    -len * permille / 1000
                } else {
                    shift
                },
                len,
                before,
                after,
            },
        )
}

/// What a case compiles to: calendar, reference, query `[a, b)` and span.
struct Setup {
    reference: Reference,
    ot: OpenTime,
    a: i64,
    b: i64,
    from: i64,
    to: i64,
}

impl Case {
    fn setup(&self) -> Setup {
        let anchors = &transitions()[self.zone];
        let anchor = if anchors.is_empty() {
            YEARS.0 + (self.pick as i64).rem_euclid(YEARS.1 - YEARS.0)
        } else {
            anchors[self.pick % anchors.len()]
        };
        let a = anchor + self.shift;
        let b = a + self.len;
        let (from, to) = (a - self.before, b + self.after);
        let anchor_day = anchor.div_euclid(DAY);
        let closures: Vec<(i64, i64)> = self
            .closures
            .iter()
            .map(|&(from, len)| (anchor_day + from, anchor_day + from + len))
            .collect();
        let (cal, reference) = calendar(ZONES[self.zone], &self.raw, &closures);
        let ot = OpenTime::build(&cal, from, to).unwrap();
        Setup {
            reference,
            ot,
            a,
            b,
            from,
            to,
        }
    }
}

/// The compiled intervals are sorted, disjoint, not touching, in the span.
fn check_intervals(s: &Setup) {
    let intervals = s.ot.intervals();
    for w in intervals.windows(2) {
        assert!(w[0].1 < w[1].0, "intervals touch or overlap: {w:?}");
    }
    for &(start, end) in intervals {
        assert!(s.from <= start && start < end && end <= s.to);
    }
}

/// `open`, `is_open` and `advance` against the reference on `[a, b)`.
fn check(s: &Setup, reference_open: i64) {
    let (a, b, ot) = (s.a, s.b, &s.ot);
    let open = ot.open(a, b);
    assert_eq!(open, reference_open, "open({a}, {b})");
    assert_eq!(ot.open(b, a), -open);

    // advance(a, open(a, b)) is the earliest instant reaching it, at or before b.
    let t = ot.advance(a, open).unwrap();
    assert!(a <= t && t <= b);
    assert_eq!(ot.open(a, t), open);
    if open > 0 {
        assert_eq!(ot.open(a, t - 1), open - 1);
        assert!(ot.is_open(t - 1));
    } else {
        assert_eq!(t, a);
    }
    // Past everything the span holds there is no answer.
    let rest = ot.open(a, s.to);
    assert!(ot.advance(a, rest + 1).is_none());
    if rest > 0 {
        let end = ot.advance(a, rest).unwrap();
        assert!(end <= s.to);
        assert_eq!(ot.open(a, end), rest);
    }

    // is_open at every interval edge in [a, b], and each second's open time.
    for &(start, end) in ot.intervals() {
        for t in [start - 1, start, end - 1, end] {
            if a <= t && t < b && s.from <= t && t < s.to {
                assert_eq!(ot.is_open(t), s.reference.is_open(t), "is_open({t})");
                assert_eq!(ot.open(t, t + 1), i64::from(ot.is_open(t)));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(5000, 0x5eed_ca1e))]

    /// Spans of up to three days starting up to three days before a DST
    /// transition, at any second; the reference steps minute by minute.
    #[test]
    fn open_matches_the_definition(c in case(-3 * DAY..2 * DAY, 0..3 * DAY)) {
        let s = c.setup();
        check_intervals(&s);
        check(&s, s.reference.open(s.a, s.b));
        // A few instants spread over the query, against the reference.
        for k in 0..16 {
            let t = s.a + (s.b - s.a) * k / 16;
            if s.ot.covers(t) {
                prop_assert_eq!(s.ot.is_open(t), s.reference.is_open(t));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000, 0x0005_ec0d))]

    /// Spans of up to three hours right around a transition, every second
    /// tested: also checks that the open set is constant within a minute.
    #[test]
    fn per_second(c in case(-3 * HOUR..HOUR, 0..3 * HOUR)) {
        let s = c.setup();
        check(&s, s.reference.open_per_second(s.a, s.b));
    }
}

proptest! {
    #![proptest_config(config(1000, 0xb0d1_da55))]

    /// `within n business days`, against open dates found by scanning.
    #[test]
    fn business_days(c in case(-3 * DAY..DAY, 10 * DAY..14 * DAY), n in 1u64..5) {
        let s = c.setup();
        let r = &s.reference;
        // The reference due instant: scan dates from the start's local date
        // until the n-th open one, or until they are past the span.
        let expected = |start: i64| {
            let start_date = r.local(start).date();
            let mut date = start_date;
            let mut counted = 0;
            while date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() < s.to + 2 * DAY {
                if let Some((first, close)) = r.open_day(date)
                    && (date != start_date || start <= first)
                {
                    counted += 1;
                    if counted == n {
                        return Some(close).filter(|&c| c <= s.to);
                    }
                }
                date = date.succ_opt().unwrap();
            }
            None
        };
        prop_assert_eq!(s.ot.business_days_due(s.a, n), expected(s.a));
        // Exactly at, just before and just after the start date's first opening.
        if let Some((first, _)) = r.open_day(r.local(s.a).date()) {
            for t in [first - 1, first, first + 1] {
                if s.ot.covers(t) {
                    prop_assert_eq!(s.ot.business_days_due(t, n), expected(t));
                }
            }
        }
    }
}
