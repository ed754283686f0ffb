//! The figures of a credit per unit of downtime, as the report states
//! them: the downtime, the allowance, the shortfall before and after
//! rounding, and the units counted.

use rust_decimal::Decimal;
use slate_eval::report::Shortfall;

/// `uptime: downtime …; allowed by the target 43 min 12 s (2592 s);
/// shortfall beyond it …, rounded to the nearest 15 min (halves up): …;
/// 3 units of 4 h, a part of a unit counting as a whole one`.
pub(super) fn line(objective: &str, s: &Shortfall) -> String {
    let mut out = format!(
        "{objective}: downtime {}; allowed by the target {}; shortfall beyond it {}",
        secs(Decimal::from(s.downtime_seconds)),
        secs(s.allowed_seconds),
        secs(s.seconds)
    );
    if let (Some(r), Some(rounded)) = (s.round_seconds, s.rounded_seconds) {
        out.push_str(&format!(
            ", rounded to the nearest {} (halves up): {}",
            slate_words::short_duration(i64::try_from(r).unwrap_or(i64::MAX)),
            secs(rounded)
        ));
    }
    out.push_str(&format!(
        "; {} of {}{}",
        slate_words::count(s.units, "unit"),
        slate_words::short_duration(i64::try_from(s.unit_seconds).unwrap_or(i64::MAX)),
        if s.part_thereof {
            ", a part of a unit counting as a whole one"
        } else {
            ", whole units only"
        }
    ));
    out
}

/// Exact seconds after their whole seconds in short units: `9 h 15 min
/// (33300 s)`, `43 min 12 s (2592.5 s)`.
fn secs(d: Decimal) -> String {
    let whole = d.trunc();
    let short = i64::try_from(whole).map_or_else(|_| d.to_string(), slate_words::short_duration);
    format!("{short} ({} s)", d.normalize())
}
