//! The `open(a, b)` benchmark: Slate's open-time engine against Python peers
//! (`benches/peers/open_peer.py`) on the same spans and calendar.
//!
//! The calendar is Europe/London, Monday to Friday 09:00–17:00, closed on
//! England's 2026 bank holidays (the peer script states the same one).

use std::io::Write as _;
use std::time::Instant;

use slate_calendar::OpenTime;
use slate_rules::{Calendar, Closure, Day, Interval};

use crate::rng::Rng;

/// England's 2026 bank holidays.
const HOLIDAYS: [&str; 8] = [
    "2026-01-01",
    "2026-04-03",
    "2026-04-06",
    "2026-05-04",
    "2026-05-25",
    "2026-08-31",
    "2026-12-25",
    "2026-12-28",
];

/// 2026-01-01T00:00:00Z and 2027-01-01T00:00:00Z.
const YEAR: (i64, i64) = (1_767_225_600, 1_798_761_600);

fn calendar() -> Calendar {
    let day = |d| Interval {
        day: d,
        start: slate_time::TimeOfDay::new(9, 0).unwrap_or(slate_time::TimeOfDay::MIDNIGHT),
        end: slate_time::TimeOfDay::new(17, 0).unwrap_or(slate_time::TimeOfDay::END_OF_DAY),
        overnight: false,
    };
    Calendar {
        name: "office".to_owned(),
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
        .map(day)
        .collect(),
        closures: HOLIDAYS
            .iter()
            .map(|d| Closure {
                from: d.parse().unwrap_or_default(),
                to: d.parse().unwrap_or_default(),
                reason: None,
            })
            .collect(),
    }
}

/// `open-spans N SEED`: N spans in 2026, one `start end` pair of Unix
/// seconds per line, lengths log-uniform from a minute to 60 days.
pub fn spans(n: u64, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n as usize * 24);
    for _ in 0..n {
        let start = YEAR.0 + (rng.next_u64() % (YEAR.1 - YEAR.0) as u64) as i64;
        let log = 60f64.ln() + rng.f64() * ((60.0 * 86_400.0f64).ln() - 60f64.ln());
        let end = (start + log.exp() as i64).min(YEAR.1 - 1);
        out.push_str(&format!("{start} {end}\n"));
    }
    out
}

/// `open SPANS`: the open seconds of every span, one per line on standard
/// output, and the throughput on standard error.
pub fn run(text: &str) -> Result<(), String> {
    let spans: Vec<(i64, i64)> = text
        .lines()
        .filter_map(|l| {
            let (a, b) = l.split_once(' ')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect();
    let built = Instant::now();
    let cal = OpenTime::build(&calendar(), YEAR.0 - 86_400, YEAR.1 + 86_400)?;
    let build = built.elapsed();
    let mut answers = vec![0i64; spans.len()];
    // Best of five passes over the batch.
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for (slot, &(a, b)) in answers.iter_mut().zip(&spans) {
            *slot = cal.open(a, b);
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for a in &answers {
        writeln!(stdout, "{a}").map_err(|e| e.to_string())?;
    }
    stdout.flush().map_err(|e| e.to_string())?;
    eprintln!(
        "{{\"peer\": \"slate\", \"calls\": {}, \"seconds\": {best:.6}, \"calls_per_second\": {:.0}, \"build_seconds\": {:.6}}}",
        spans.len(),
        spans.len() as f64 / best,
        build.as_secs_f64()
    );
    Ok(())
}

/// `parse-ndjson FILE`: parses every line of an NDJSON file into a JSON
/// value, the baseline `slate eval` is compared with.
pub fn parse_ndjson(text: &str) -> Result<u64, String> {
    let mut n = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        n += u64::from(v.is_object());
    }
    Ok(n)
}
