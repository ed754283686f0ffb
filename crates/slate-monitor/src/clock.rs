//! The clock: the one place Slate reads the time of day. The compiler and
//! `slate eval` never do; the monitor asks a [`Clock`], which tests replace
//! with one they move by hand, and demos with one that runs faster.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Tells the time, as Unix seconds.
pub trait Clock: Send + Sync {
    /// Now, in whole Unix seconds.
    fn now(&self) -> i64;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            // A machine clock before 1970: say so by the sign.
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock that starts at a chosen instant and runs `rate` times faster
/// than real time: `--clock-start 2026-03-02T09:00:00Z --clock-rate 60`
/// runs an hour's budget in a minute (tests against a real Prometheus
/// server, and demos).
#[derive(Debug)]
pub struct ScaledClock {
    start: i64,
    rate: u32,
    began: Instant,
}

impl ScaledClock {
    /// A clock at `start` now, running `rate` seconds per real second.
    pub fn new(start: i64, rate: u32) -> ScaledClock {
        ScaledClock {
            start,
            rate,
            began: Instant::now(),
        }
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> i64 {
        let real = self.began.elapsed().as_secs_f64() * f64::from(self.rate);
        // Whole seconds; an absurd run length saturates.
        #[expect(
            clippy::cast_possible_truncation,
            reason = "seconds since start, far within i64, floored"
        )]
        let passed = real.floor() as i64;
        self.start.saturating_add(passed)
    }
}

/// A clock the tests move by hand.
#[derive(Debug, Default)]
pub struct ManualClock {
    now: AtomicI64,
}

impl ManualClock {
    /// A clock stopped at `now`.
    pub fn new(now: i64) -> ManualClock {
        ManualClock {
            now: AtomicI64::new(now),
        }
    }

    /// Sets the time.
    pub fn set(&self, now: i64) {
        self.now.store(now, Ordering::SeqCst);
    }

    /// Moves the time on by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.now.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.now.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = ManualClock::new(100);
        assert_eq!(c.now(), 100);
        c.advance(3_600);
        assert_eq!(c.now(), 3_700);
        c.set(5);
        assert_eq!(c.now(), 5);
    }

    #[test]
    fn a_scaled_clock_starts_where_it_is_told() {
        let c = ScaledClock::new(1_000, 60);
        let now = c.now();
        assert!((1_000..1_060).contains(&now), "{now}");
    }
}
