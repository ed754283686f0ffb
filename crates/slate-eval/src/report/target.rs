//! An objective's target as the report writes it and reads it back:
//! `95% of tickets`, `at least 200 leads`, `average at most 30 seconds`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// An objective's target: a percentage, or a volume's bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// At least this percentage, as written (`95`, `99.90`).
    Percent(Decimal),
    /// At least this many items.
    AtLeast(u64),
    /// At most this many items.
    AtMost(u64),
    /// A bound on a rate of counts: `rate at most 5%`.
    Rate {
        /// How the rate compares with the bound.
        comparison: slate_rules::Comparison,
        /// The bound, a percentage.
        percent: Decimal,
    },
    /// A bound on samples, in their unit: `sample average at most 65`,
    /// `sample p95 below 250`.
    Sample {
        /// `None` for the average, else the percentile (`95`).
        percentile: Option<Decimal>,
        /// How the value compares with the bound.
        comparison: slate_rules::Comparison,
        /// The bound.
        bound: Decimal,
    },
    /// A bound on an aggregate of elapsed times: `average at most 30s`,
    /// `p95 below 14400s`.
    Aggregate {
        /// `None` for the average, else the percentile (`95`).
        percentile: Option<Decimal>,
        /// How the value compares with the bound.
        comparison: slate_rules::Comparison,
        /// The bound in seconds.
        seconds: u64,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Percent(p) => write!(f, "{p}"),
            Target::AtLeast(n) => write!(f, "at least {n}"),
            Target::AtMost(n) => write!(f, "at most {n}"),
            Target::Rate {
                comparison,
                percent,
            } => {
                let c = comparison.words();
                write!(f, "rate {c} {percent}%")
            }
            Target::Sample {
                percentile,
                comparison,
                bound,
            } => {
                match percentile {
                    None => f.write_str("sample average")?,
                    Some(p) => write!(f, "sample p{p}")?,
                }
                let c = comparison.words();
                write!(f, " {c} {bound}")
            }
            Target::Aggregate {
                percentile,
                comparison,
                seconds,
            } => {
                match percentile {
                    None => f.write_str("average")?,
                    Some(p) => write!(f, "p{p}")?,
                }
                let c = comparison.words();
                write!(f, " {c} {seconds}s")
            }
        }
    }
}

/// Why a report's value cannot be read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A target that is neither a percentage nor `at least N` / `at most N`.
    #[error("`{0}` is not a target: a percentage, `at least N` or `at most N`")]
    Target(String),
    /// An amount that is not a decimal, with `…` if it does not end.
    #[error("`{0}` is not an exact amount")]
    Exact(String),
    /// A time that is not RFC 3339 in UTC.
    #[error("`{0}` is not an RFC 3339 time in UTC")]
    Timestamp(String),
    /// A time that is not RFC 3339 with an offset.
    #[error("`{0}` is not an RFC 3339 time with an offset")]
    LocalInstant(String),
}

impl FromStr for Target {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::Target(s.to_owned());
        if let Some(t) = s.strip_prefix("sample ").and_then(sample_target) {
            return Ok(t);
        }
        if let Some(t) = aggregate_target(s) {
            return Ok(t);
        }
        if let Some(t) = rate_target(s) {
            return Ok(t);
        }
        if let Some(n) = s.strip_prefix("at least ") {
            return n.parse().map(Target::AtLeast).map_err(|_| bad());
        }
        if let Some(n) = s.strip_prefix("at most ") {
            return n.parse().map(Target::AtMost).map_err(|_| bad());
        }
        s.parse().map(Target::Percent).map_err(|_| bad())
    }
}

/// The words of each comparison in a target.
const COMPARISONS: [(slate_rules::Comparison, &str); 4] = [
    (slate_rules::Comparison::AtMost, "at most"),
    (slate_rules::Comparison::Below, "below"),
    (slate_rules::Comparison::AtLeast, "at least"),
    (slate_rules::Comparison::Above, "above"),
];

/// `rate at most 5%`.
fn rate_target(s: &str) -> Option<Target> {
    let rest = s.strip_prefix("rate ")?;
    let (comparison, n) = COMPARISONS.iter().find_map(|(c, w)| {
        rest.strip_prefix(w)
            .and_then(|n| n.strip_prefix(' '))
            .map(|n| (*c, n))
    })?;
    let percent = n.strip_suffix('%')?.parse().ok()?;
    Some(Target::Rate {
        comparison,
        percent,
    })
}

/// `average at most 65`, `p95 below 0.5` (after `sample `).
fn sample_target(s: &str) -> Option<Target> {
    let (percentile, comparison, n) = statistic_bound(s)?;
    Some(Target::Sample {
        percentile,
        comparison,
        bound: n.parse().ok()?,
    })
}

/// `average at most 30s`, `p95 below 14400s`.
fn aggregate_target(s: &str) -> Option<Target> {
    let (percentile, comparison, n) = statistic_bound(s)?;
    let seconds = n.strip_suffix('s')?.parse().ok()?;
    Some(Target::Aggregate {
        percentile,
        comparison,
        seconds,
    })
}

/// The statistic (`None` for the average, else the percentile), the
/// comparison and the bound's text of `average at most 65`, `p95 below 30s`.
fn statistic_bound(s: &str) -> Option<(Option<Decimal>, slate_rules::Comparison, &str)> {
    let (statistic, rest) = s.split_once(' ')?;
    let percentile = if statistic == "average" {
        None
    } else {
        Some(statistic.strip_prefix('p')?.parse::<Decimal>().ok()?)
    };
    let (comparison, n) = COMPARISONS.iter().find_map(|(c, w)| {
        rest.strip_prefix(w)
            .and_then(|n| n.strip_prefix(' '))
            .map(|n| (*c, n))
    })?;
    Some((percentile, comparison, n))
}
