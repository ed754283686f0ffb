//! Open time of a rule set's calendars, enough to place events: the open
//! intervals over a span of dates as Unix seconds, how much of a span is
//! open, when a given amount of open time has passed, and business-day due
//! times, following `docs/semantics.md`. (The engine has its own exact
//! implementation; the generator only needs to aim well.)

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use slate_rules::{Calendar, Day};

/// A calendar's open time over a span of dates.
#[derive(Clone, Debug)]
pub struct OpenTime {
    always: bool,
    tz: Tz,
    /// Merged open intervals `[a, b)`, sorted.
    iv: Vec<(i64, i64)>,
    /// `cum[i]`: open seconds before `iv[i]`.
    cum: Vec<i64>,
    /// Open dates: the date, its first opening and its close.
    days: Vec<(NaiveDate, i64, i64)>,
}

/// The instant of a local date and time (`24:00` is the next midnight);
/// a time skipped by a clock change is read an hour later.
pub fn local(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> Option<i64> {
    let (date, hour) = if hour >= 24 {
        (date.succ_opt()?, hour - 24)
    } else {
        (date, hour)
    };
    let t = NaiveDateTime::new(date, NaiveTime::from_hms_opt(hour, minute, 0)?);
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(t + Duration::hours(1))).earliest())
        .map(|d| d.timestamp())
}

/// Local midnight starting `date`.
pub fn midnight(tz: Tz, date: NaiveDate) -> Option<i64> {
    local(tz, date, 0, 0)
}

/// The local date and hour of an instant.
pub fn local_date_hour(tz: Tz, t: i64) -> (NaiveDate, u32) {
    use chrono::Timelike;
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(utc) => {
            let l = utc.with_timezone(&tz);
            (l.date_naive(), l.hour())
        }
        None => (NaiveDate::MIN, 0),
    }
}

fn hhmm(s: &str) -> Result<(u32, u32), String> {
    let (h, m) = s
        .split_once(':')
        .ok_or_else(|| format!("`{s}` is not HH:MM"))?;
    let h: u32 = h.parse().map_err(|_| format!("`{s}` is not HH:MM"))?;
    let m: u32 = m.parse().map_err(|_| format!("`{s}` is not HH:MM"))?;
    Ok((h, m))
}

fn weekday(d: Day) -> Weekday {
    match d {
        Day::Monday => Weekday::Mon,
        Day::Tuesday => Weekday::Tue,
        Day::Wednesday => Weekday::Wed,
        Day::Thursday => Weekday::Thu,
        Day::Friday => Weekday::Fri,
        Day::Saturday => Weekday::Sat,
        Day::Sunday => Weekday::Sun,
    }
}

impl OpenTime {
    /// Always open.
    pub fn always(tz: Tz) -> OpenTime {
        OpenTime {
            always: true,
            tz,
            iv: Vec::new(),
            cum: vec![0],
            days: Vec::new(),
        }
    }

    /// The calendar's open intervals on the local dates `from..=to`.
    pub fn build(c: &Calendar, from: NaiveDate, to: NaiveDate) -> Result<OpenTime, String> {
        let tz = c.timezone;
        if c.always_open {
            return Ok(OpenTime::always(tz));
        }
        let mut closed = BTreeSet::new();
        for cl in &c.closures {
            let (a, b) = (cl.from, cl.to);
            let mut d = a;
            while d <= b {
                closed.insert(d);
                let Some(n) = d.succ_opt() else { break };
                d = n;
            }
        }
        let mut weekly = Vec::new();
        for w in &c.weekly {
            weekly.push((
                weekday(w.day),
                hhmm(&w.start.to_string())?,
                hhmm(&w.end.to_string())?,
                w.overnight,
            ));
        }
        let mut raw = Vec::new();
        let mut days = Vec::new();
        let mut d = from;
        while d <= to {
            if !closed.contains(&d) {
                let mut first = i64::MAX;
                let mut last: Option<(i64, i64)> = None;
                for (day, (sh, sm), (eh, em), overnight) in &weekly {
                    if *day != d.weekday() {
                        continue;
                    }
                    let end_date = if *overnight {
                        d.succ_opt().unwrap_or(d)
                    } else {
                        d
                    };
                    let (Some(a), Some(b)) =
                        (local(tz, d, *sh, *sm), local(tz, end_date, *eh, *em))
                    else {
                        continue;
                    };
                    if b <= a {
                        continue;
                    }
                    raw.push((a, b));
                    first = first.min(a);
                    if last.is_none_or(|(s, _)| a > s) {
                        last = Some((a, b));
                    }
                }
                if let Some((_, close)) = last {
                    days.push((d, first, close));
                }
            }
            let Some(n) = d.succ_opt() else { break };
            d = n;
        }
        raw.sort_unstable();
        let mut iv: Vec<(i64, i64)> = Vec::with_capacity(raw.len());
        for (a, b) in raw {
            match iv.last_mut() {
                Some(l) if a <= l.1 => l.1 = l.1.max(b),
                _ => iv.push((a, b)),
            }
        }
        let mut cum = Vec::with_capacity(iv.len() + 1);
        let mut s = 0;
        cum.push(0);
        for (a, b) in &iv {
            s += b - a;
            cum.push(s);
        }
        Ok(OpenTime {
            always: false,
            tz,
            iv,
            cum,
            days,
        })
    }

    /// Whether it is open every second.
    pub fn is_always(&self) -> bool {
        self.always
    }

    /// Open seconds before `t` (from the start of the span).
    fn before(&self, t: i64) -> i64 {
        let i = self.iv.partition_point(|iv| iv.1 <= t);
        let mut s = self.cum.get(i).copied().unwrap_or(0);
        if let Some((a, _)) = self.iv.get(i)
            && *a < t
        {
            s += t - a;
        }
        s
    }

    /// Open seconds in `[a, b)`.
    pub fn open(&self, a: i64, b: i64) -> i64 {
        if self.always {
            return b - a;
        }
        self.before(b) - self.before(a)
    }

    /// The instant at which `d` open seconds have passed since `a`; `None`
    /// beyond the span.
    pub fn advance(&self, a: i64, d: i64) -> Option<i64> {
        if self.always {
            return a.checked_add(d);
        }
        if d <= 0 {
            return Some(a);
        }
        let target = self.before(a) + d;
        let i = self.cum[1..].partition_point(|c| *c < target);
        let (start, _) = self.iv.get(i)?;
        Some(start + (target - self.cum[i]))
    }

    /// The due time of `n` business days from `start` (the close of the
    /// n-th open day, day 1 being the start's date if it is at or before its
    /// first opening); `None` when always open or beyond the span.
    pub fn due(&self, start: i64, n: u64) -> Option<i64> {
        if self.always {
            return None;
        }
        let (date, _) = local_date_hour(self.tz, start);
        let mut i = self.days.partition_point(|d| d.0 < date);
        if let Some((d, first, _)) = self.days.get(i)
            && *d == date
            && start > *first
        {
            i += 1;
        }
        let n = usize::try_from(n.max(1)).unwrap_or(usize::MAX);
        self.days.get(i.checked_add(n - 1)?).map(|d| d.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slate_rules::Interval;

    fn weekdays() -> Calendar {
        Calendar {
            name: "office".into(),
            always_open: false,
            timezone: chrono_tz::Tz::Europe__London,
            weekly: [
                Day::Monday,
                Day::Tuesday,
                Day::Wednesday,
                Day::Thursday,
                Day::Friday,
            ]
            .into_iter()
            .map(|day| Interval {
                day,
                start: slate_time::TimeOfDay::new(9, 0).unwrap_or(slate_time::TimeOfDay::MIDNIGHT),
                end: slate_time::TimeOfDay::new(17, 0).unwrap_or(slate_time::TimeOfDay::END_OF_DAY),
                overnight: false,
            })
            .collect(),
            closures: Vec::new(),
        }
    }

    #[test]
    fn open_advance_and_due() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let c = OpenTime::build(&weekdays(), d("2026-03-01"), d("2026-03-31")).unwrap();
        let tz = Tz::Europe__London;
        // Monday 2 March 2026, 10:00 GMT.
        let mon10 = local(tz, d("2026-03-02"), 10, 0).unwrap();
        let tue10 = local(tz, d("2026-03-03"), 10, 0).unwrap();
        assert_eq!(c.open(mon10, tue10), 8 * 3600);
        assert_eq!(
            c.advance(mon10, 7 * 3600),
            Some(local(tz, d("2026-03-02"), 17, 0).unwrap())
        );
        assert_eq!(
            c.advance(mon10, 7 * 3600 + 60),
            Some(local(tz, d("2026-03-03"), 9, 1).unwrap())
        );
        // Friday 16:00 plus 2 hours is Monday 10:00.
        let fri16 = local(tz, d("2026-03-06"), 16, 0).unwrap();
        assert_eq!(
            c.advance(fri16, 2 * 3600),
            Some(local(tz, d("2026-03-09"), 10, 0).unwrap())
        );
        // 10:00 Monday, 1 business day: Tuesday's close; 09:00 sharp: Monday's.
        assert_eq!(
            c.due(mon10, 1),
            Some(local(tz, d("2026-03-03"), 17, 0).unwrap())
        );
        let mon9 = local(tz, d("2026-03-02"), 9, 0).unwrap();
        assert_eq!(
            c.due(mon9, 1),
            Some(local(tz, d("2026-03-02"), 17, 0).unwrap())
        );
        assert_eq!(c.advance(mon10, 1_000_000), None);
    }
}
