//! Human formatting of the Model's terms: times, weekdays, calendars,
//! budgets, payouts, periods and the names of the data. The words that
//! need no Model type (dates, money, percentages, counts, lists) are in the
//! leaf `slate-words` and re-exported here, so the contract, the rule
//! annotations and the reports word the same terms the same way.

use crate::model::{
    Basis, Budget, Calendar, Condition, Labels, Length, Minute, Opening, Payout, Period, Weekday,
};
use slate_syntax::ast::DurationUnit;

use slate_words::largest_unit;
pub use slate_words::{
    article, capitalise, count, date, date_range, exact_money, ident, io_reason, list_and, list_or,
    money, month_name, percent, seconds, term,
};

/// `09:00`; `24:00` ends a day.
pub fn time(m: Minute) -> String {
    format!("{:02}:{:02}", m.0 / 60, m.0 % 60)
}

/// `09:00–17:30`, or `22:00–06:00 (next day)` for an overnight interval.
pub fn time_range(start: Minute, end: Minute) -> String {
    let next = if end <= start { " (next day)" } else { "" };
    format!("{}–{}{next}", time(start), time(end))
}

/// `Monday`.
pub fn weekday(d: Weekday) -> String {
    capitalise(d.name())
}

/// Days as a reader says them: `Monday to Friday`, `Saturday and Sunday`,
/// `Monday to Wednesday and Friday`. Runs of three or more days use `to`.
pub fn days(list: &[Weekday]) -> String {
    let mut sorted: Vec<Weekday> = list.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.len() == 7 {
        return "every day".to_owned();
    }
    let mut runs: Vec<(Weekday, Weekday)> = Vec::new();
    for d in sorted {
        match runs.last_mut() {
            Some((_, last)) if last.index() + 1 == d.index() => *last = d,
            _ => runs.push((d, d)),
        }
    }
    let parts: Vec<String> = runs
        .into_iter()
        .flat_map(|(a, b)| match b.index() - a.index() {
            0 => vec![weekday(a)],
            1 => vec![weekday(a), weekday(b)],
            _ => vec![format!("{} to {}", weekday(a), weekday(b))],
        })
        .collect();
    list_and(&parts)
}

/// The opening intervals of one day, as (start, end).
type Ranges = Vec<(Minute, Minute)>;

/// Weekly hours in words, grouping days with the same hours:
/// `Monday to Friday 09:00–17:30 and Saturday 10:00–14:00`.
pub fn weekly(openings: &[Opening]) -> String {
    // Days that share the same list of (start, end) intervals.
    let mut groups: Vec<(Ranges, Vec<Weekday>)> = Vec::new();
    for day in Weekday::ALL {
        let ranges: Ranges = openings
            .iter()
            .filter(|o| o.day == day)
            .map(|o| (o.start, o.end))
            .collect();
        if ranges.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(r, _)| *r == ranges) {
            Some((_, days)) => days.push(day),
            None => groups.push((ranges, vec![day])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(ranges, ds)| {
            let times: Vec<String> = ranges.iter().map(|(a, b)| time_range(*a, *b)).collect();
            format!("{} {}", days(ds), list_and(&times))
        })
        .collect();
    list_and(&parts)
}

/// A calendar as the body of its definition: `Monday to Friday 09:00–17:30,
/// Europe/London time, excluding Christmas Day on 25 December 2026`.
pub fn calendar(c: &Calendar) -> String {
    if c.always_open {
        return "every hour of every day, around the clock".to_owned();
    }
    let mut out = format!("{}, {} time", weekly(&c.weekly), c.timezone);
    if !c.closures.is_empty() {
        let closed: Vec<String> = c
            .closures
            .iter()
            // The author's name first, so that a name with its own
            // parentheses (`Boxing Day (substitute day)`) is never nested
            // in ours.
            .map(|cl| match &cl.reason {
                Some(r) if cl.from == cl.to => format!("{r} on {}", date(cl.from)),
                Some(r) => format!("{r} from {}", date_range(cl.from, cl.to)),
                None => date_range(cl.from, cl.to),
            })
            .collect();
        out.push_str(", excluding ");
        out.push_str(&list_and(&closed));
    }
    out
}

/// A payout as the contract's tables write it: `10% of the monthly fee` or
/// `GBP 500.00`; the tables add the percentage's amount when the fee is
/// known.
pub fn payout(p: &Payout, period: Period) -> String {
    payout_of(p, period, &format!("the {} fee", period.adjective()))
}

/// A payout as [`payout`] writes it, with `fee` for what a share without a
/// fixed basis is of: `the charges billed for the service in the billing
/// period`, `that component's monthly fee`.
pub fn payout_of(p: &Payout, period: Period, fee: &str) -> String {
    // What the share is of, and the whole a day's share divides.
    let (fee, whole) = match p.basis() {
        None => (fee.to_owned(), fee.to_owned()),
        Some(b) => (basis(b), money(b.amount, b.currency.as_str())),
    };
    match p {
        Payout::PercentOfFee { percent: pc, .. } => format!("{} of {fee}", percent(*pc)),
        Payout::Fixed { amount, currency } => money(*amount, currency.as_str()),
        Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => format!(
            "{} of {fee}",
            slate_words::fractions::fraction(numerator.get(), denominator.get()),
        ),
        Payout::DaysOfFee { days, .. } => {
            let per = format!("divided by the number of days in the {}", period.noun());
            if days.get() == 1 {
                format!("one day's share of {fee} ({whole} {per})")
            } else {
                let n = slate_words::fractions::cardinal(days.get())
                    .unwrap_or_else(|| days.get().to_string());
                format!("{n} days' share of {fee} ({whole} {per}, times {n})")
            }
        }
    }
}

/// A fixed basis as the contract writes it: `the monthly maintenance and
/// support cost (GBP 2,500.00)` for a charge with a label, `the support
/// charge (GBP 2,500.00)` for one without, `GBP 2,500.00` for an amount.
pub fn basis(b: &Basis) -> String {
    let amount = money(b.amount, b.currency.as_str());
    match (&b.label, &b.charge) {
        (Some(label), _) => format!("the {label} ({amount})"),
        (None, Some(name)) => format!("the {} charge ({amount})", ident(name)),
        (None, None) => amount,
    }
}

/// What a share of a fixed basis amounts to in every period, when that is
/// exact in the currency's minor unit (the contract rounds nothing): 3% of
/// GBP 2,500.00 is GBP 75.00. `None` for a share of the fee, a fixed sum,
/// a day's share (it depends on the period's days) and an amount that does
/// not fit the minor unit.
pub fn basis_share(p: &Payout, period: Period) -> Option<rust_decimal::Decimal> {
    let b = p.basis()?;
    let fee = crate::model::Fee {
        amount: b.amount,
        currency: b.currency,
        per: period,
    };
    let amount = match p {
        Payout::PercentOfFee { percent, .. } => fee.share(*percent, period)?,
        Payout::FractionOfFee {
            numerator,
            denominator,
            ..
        } => (b.amount * rust_decimal::Decimal::from(numerator.get()))
            .checked_div(rust_decimal::Decimal::from(denominator.get()))?,
        Payout::Fixed { .. } | Payout::DaysOfFee { .. } => return None,
    };
    let cut = amount.round_dp(b.currency.minor_unit());
    (cut == amount).then_some(cut)
}

/// What the contract calls the fee of a service whose fee is billed
/// (`fee billed per month`): it is the bill's figure for the period.
pub const BILLED_CHARGES: &str = "the charges billed for the service in the billing period";

/// A payout of a service whose fee is billed, as the contract writes it:
/// `10% of the charges billed for the service in the billing period`. A
/// share of the fee (`monthly fee` or `billed charges`) is a share of the
/// bill's figure; a fixed amount is as written.
pub fn payout_billed(p: &Payout, period: Period) -> String {
    payout_of(p, period, BILLED_CHARGES)
}

/// A minimum credit as the contract writes it: `more than USD 1.00`, `at
/// least USD 1.00`.
pub fn minimum(m: &crate::model::Minimum) -> String {
    format!(
        "{} {}",
        if m.strict { "more than" } else { "at least" },
        money(m.amount, m.currency.as_str())
    )
}

/// A goal's budget on its calendar: `4 business hours`, `2 business days`,
/// `1 hour (around the clock)`.
pub fn budget(b: Budget, always_open: bool) -> String {
    match b {
        Budget::BusinessDays(n) => count(n, "business day"),
        Budget::Seconds(s) if always_open => format!("{} (around the clock)", seconds(s)),
        Budget::Seconds(s) => {
            let (n, unit) = largest_unit(s, false);
            count(n, &format!("business {unit}"))
        }
    }
}

/// The time a goal allows, in the words the author wrote (`24 hours`,
/// `60 minutes`, `4 business hours`), or, when the author's words are the
/// ones Slate would choose, in those: the calendar is stated elsewhere.
pub fn allowed(b: Budget, written: Option<Length>, always_open: bool) -> String {
    match (written, b) {
        (Some(l), _) => length(l),
        (None, Budget::Seconds(s)) if always_open => seconds(s),
        (None, b) => budget(b, always_open),
    }
}

/// A real length of time in the words the author wrote, or in the largest
/// unit that divides it when those are the same.
pub fn real(s: u64, written: Option<Length>) -> String {
    written.map_or_else(|| seconds(s), length)
}

/// The words Slate would choose for a budget, as a length: the author's
/// own words are kept in the terms only when they differ from these, so
/// agreements written in these words keep their fingerprint. `None` for a
/// business budget of minutes or seconds, which has no such unit.
pub fn canonical_budget(b: Budget, always_open: bool) -> Option<Length> {
    match b {
        Budget::BusinessDays(n) => Some(Length {
            count: n,
            unit: DurationUnit::BusinessDays,
        }),
        Budget::Seconds(s) if always_open => Some(canonical_seconds(s)),
        Budget::Seconds(s) => match largest_unit(s, false) {
            (n, "hour") => Some(Length {
                count: n,
                unit: DurationUnit::BusinessHours,
            }),
            _ => None,
        },
    }
}

/// The words Slate would choose for real seconds, as a length.
pub fn canonical_seconds(s: u64) -> Length {
    let (count, unit) = largest_unit(s, true);
    let unit = match unit {
        "day" => DurationUnit::Days,
        "hour" => DurationUnit::Hours,
        "minute" => DurationUnit::Minutes,
        _ => DurationUnit::Seconds,
    };
    Length { count, unit }
}

/// A contract term as written: `30 days`, `3 months`, `2 business days`.
pub fn length(l: Length) -> String {
    let unit = match l.unit {
        DurationUnit::Seconds => "second",
        DurationUnit::Minutes => "minute",
        DurationUnit::Hours => "hour",
        DurationUnit::Days => "day",
        DurationUnit::Weeks => "week",
        DurationUnit::Months => "month",
        DurationUnit::BusinessHours => "business hour",
        DurationUnit::BusinessDays => "business day",
    };
    count(l.count, unit)
}

/// When a service of n listed components is down under `down when at least k
/// components are down`: the rule as written, never more.
pub fn components_down(k: u64, n: usize) -> String {
    let of = if n == 2 && k == 2 {
        "both of its components are down".to_owned()
    } else if k as usize == n {
        format!("all {n} of its components are down")
    } else {
        format!("at least {k} of its {n} components are down")
    };
    format!(
        "the service is down only while {of} at the same time; outages of different components that only meet end to start do not overlap"
    )
}

/// How downtime counted in units of `unit` (as `real` words it) is measured.
pub fn downtime_units(unit: &str) -> String {
    format!(
        "counted in consecutive units of {unit} from the start of each period, the last cut at the period's end; a unit counts as measured if any part of it is measured time, and as down if any part of its measured time is downtime; Availability is one minus the down units divided by the measured units"
    )
}

/// The term an error-rate rule of downtime units defines, as the contract
/// names it: "a downtime minute is a minute in which the error rate
/// exceeds 5%".
pub fn unit_down_term(unit_seconds: u64) -> &'static str {
    if unit_seconds == 60 {
        "Downtime Minute"
    } else {
        "Downtime Unit"
    }
}

/// How downtime counted in units of `unit` is measured with an error-rate
/// rule: `term` is [`unit_down_term`]; the event and the attributes summed
/// are worded as the author labelled them.
pub fn downtime_units_by_rate(
    l: &Labels,
    unit: &str,
    term: &str,
    rule: &crate::model::UnitDown,
) -> String {
    let errors = field(l, &rule.errors);
    let total = field(l, &rule.total);
    let event = event(l, &rule.event);
    let bound = match rule.comparison {
        crate::model::Comparison::AtLeast => format!("is {} or more", percent(rule.percent)),
        _ => format!("exceeds {}", percent(rule.percent)),
    };
    // As the contract reads: "a downtime minute is a minute in which …".
    let noun = if term == unit_down_term(60) {
        "minute"
    } else {
        "unit"
    };
    format!(
        "counted in consecutive units of {unit} from the start of each period, the last cut at the period's end; a unit counts as measured if any part of it is measured time. A {term} is a {noun} in which the error rate {bound}, the error rate being the sum of the {errors} divided by the sum of the {total} recorded on each {event} whose time falls within the {noun}, including any part of the {noun} within a maintenance window; a {noun} with no such record, or whose sum of the {total} is zero, is not a {term}. Records of the service going down and up are not read for this objective. Availability is one minus the measured units that are {term}s divided by the measured units"
    )
}

/// `month`, `quarter`, … with a count: `3 months`.
pub fn periods(n: u64, p: Period) -> String {
    count(n, p.noun())
}

/// What a period means, for the definitions: `a calendar month in Europe/London`.
pub fn period_definition(p: Period, timezone: &str) -> String {
    match p {
        Period::Hour => format!(
            "a clock hour, from one whole hour of local time in {timezone} to the next; an hour that a change to summer time skips is no period, and an hour that a change back to standard time repeats is two periods, told apart by their offset from UTC"
        ),
        Period::Day => format!("a calendar day, from midnight to midnight in {timezone}"),
        Period::Week => format!("a week from Monday 00:00 to Sunday 24:00 in {timezone}"),
        Period::Month => format!("a calendar month in {timezone}"),
        Period::Quarter => format!(
            "a calendar quarter (January to March, April to June, July to September or October to December) in {timezone}"
        ),
        Period::Year => format!("a calendar year in {timezone}"),
    }
}

// The names of the data in the contract's words: fields, their values and
// events, as the author labelled them (`field cause as "cause" "customer"
// as "the customer's acts"`, `event created as "logging"`), or, without a
// label, read as words (`force_majeure` reads "force majeure",
// `first-reply` reads "first reply"). No identifier reaches the document
// as code, except in the Definitions that tie the words to the data.

/// The words for a field.
pub fn field(l: &Labels, name: &str) -> String {
    l.fields.get(name).cloned().unwrap_or_else(|| ident(name))
}

/// The words for a value of a field. A value is the author's text, so only
/// `_` is read as a space; a hyphen (`sev-1`) stays.
pub fn value(l: &Labels, field: &str, v: &str) -> String {
    l.values
        .get(field)
        .and_then(|values| values.get(v))
        .cloned()
        .unwrap_or_else(|| v.replace('_', " "))
}

/// The words for an event: its label, or its name read as words and
/// `event` (`created event`).
pub fn event(l: &Labels, name: &str) -> String {
    l.events
        .get(name)
        .cloned()
        .unwrap_or_else(|| format!("{} event", ident(name)))
}

/// `the first created event`, or `the first reply event` for an event
/// whose words already begin with `first`.
pub fn first_event(l: &Labels, name: &str) -> String {
    let words = event(l, name);
    if words.starts_with("first ") || words.starts_with("the first ") {
        words
            .strip_prefix("the ")
            .map_or_else(|| format!("the {words}"), |w| format!("the {w}"))
    } else {
        format!("the first {words}")
    }
}

/// A condition in words: `the status is waiting on customer`. A field
/// without a label is a noun read from its name and takes `the`; a label
/// is the author's words and is used as written (`cause` stays `cause`).
pub fn condition(l: &Labels, c: &Condition) -> String {
    let values: Vec<String> = c.values.iter().map(|v| value(l, &c.field, v)).collect();
    let subject = l
        .fields
        .get(&c.field)
        .cloned()
        .unwrap_or_else(|| format!("the {}", ident(&c.field)));
    format!("{subject} is {}", list_or(&values))
}

/// Conditions joined by `and`.
pub fn conditions(l: &Labels, cs: &[Condition]) -> String {
    let parts: Vec<String> = cs.iter().map(|c| condition(l, c)).collect();
    list_and(&parts)
}

/// Conditions joined by `or`.
pub fn any_of(l: &Labels, cs: &[Condition]) -> String {
    let parts: Vec<String> = cs.iter().map(|c| condition(l, c)).collect();
    list_or(&parts)
}

/// How a duration aggregate compares with its bound: `at most`, `less
/// than`, `at least`, `more than`.
pub fn comparison(c: crate::model::Comparison) -> &'static str {
    use crate::model::Comparison as C;
    match c {
        C::AtMost => "at most",
        C::Below => "less than",
        C::AtLeast => "at least",
        C::Above => "more than",
    }
}

/// A duration aggregate's statistic, as the subject of a sentence: `the
/// average time of the calls`, `the 95th percentile of the times of the
/// tickets`.
pub fn statistic(s: crate::model::Statistic, noun: &str) -> String {
    match s {
        crate::model::Statistic::Average => format!("the average time of the {noun}"),
        crate::model::Statistic::Percentile(p) => {
            format!("the {} percentile of the times of the {noun}", ordinal(p))
        }
    }
}

/// A sample's unit after `figure`: a unit Slate knows
/// ([`crate::model::unit_singular`]: millisecond, second, minute, hour) in
/// the singular when the figure is exactly `1` and in the plural otherwise
/// (`2 milliseconds`, `1.5 milliseconds`, whether declared `in
/// millisecond` or `in milliseconds`); any other label as written (`1
/// requests`: Slate knows no singular for it, and guesses none). The one
/// rule for the contract, the report and the rule set.
pub fn unit_after(figure: &str, unit: &str) -> String {
    match crate::model::unit_singular(unit) {
        Some(one) if figure == "1" => one.to_owned(),
        Some(one) => format!("{one}s"),
        None => unit.to_owned(),
    }
}

/// A bound on samples as the author wrote it (`2 millisecond`, `65
/// milliseconds`, `1%`), with its unit worded by [`unit_after`]: `2
/// milliseconds`, `1 millisecond`. The figure is kept as written.
pub fn sample_bound(written: &str) -> String {
    match written.split_once(' ') {
        Some((figure, unit)) => format!("{figure} {}", unit_after(figure, unit)),
        None => written.to_owned(),
    }
}

/// A sample aggregate's statistic, as the subject of a sentence: `the
/// average of the samples`, `the 95th percentile of the samples`.
pub fn sample_statistic(s: crate::model::Statistic) -> String {
    match s {
        crate::model::Statistic::Average => "the average of the samples".to_owned(),
        crate::model::Statistic::Percentile(p) => {
            format!("the {} percentile of the samples", ordinal(p))
        }
    }
}

/// `95th`, `99.9th`, `1st`, `42nd`: the ordinal of a percentile.
pub fn ordinal(p: rust_decimal::Decimal) -> String {
    let p = p.normalize();
    let suffix = if p.fract().is_zero() {
        let n = u64::try_from(p.trunc().mantissa()).unwrap_or(0);
        crate::time::ordinal_suffix(n)
    } else {
        "th"
    };
    format!("{p}{suffix}")
}

/// What a due date without a time means, in the objective's time zone:
/// `a date without a time means the end of that day (midnight) in Europe/London`.
pub fn due_date_end(timezone: &str) -> String {
    format!("a date without a time means the end of that day (midnight) in {timezone}")
}

/// The unit a value is rounded to or counted in, singular: `second`,
/// `minute`, `hour`, `day`, `week`; otherwise `N seconds`.
pub fn unit_word(unit_seconds: u64) -> String {
    match unit_seconds {
        1 => "second".to_owned(),
        60 => "minute".to_owned(),
        3_600 => "hour".to_owned(),
        86_400 => "day".to_owned(),
        604_800 => "week".to_owned(),
        n => format!("{n} seconds"),
    }
}

/// `round value to whole seconds half even`: the sentence that says how
/// the value of each period is rounded before it is judged.
pub fn rounding(r: crate::model::Rounding, value: &str, period: &str) -> String {
    let unit = unit_word(r.unit_seconds);
    let ties = if r.half_even {
        format!("to the even whole number of {unit}s")
    } else {
        format!("up to the next whole {unit}")
    };
    format!(
        "Before it is compared with the target or used to calculate any credit or bonus, {value} in each {period} is rounded to the nearest whole {unit}; a value exactly halfway between two whole {unit}s is rounded {ties}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Closure;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn open(day: Weekday, a: u32, b: u32) -> Opening {
        Opening {
            day,
            start: Minute(a),
            end: Minute(b),
        }
    }

    #[test]
    fn times() {
        assert_eq!(time_range(Minute(540), Minute(1050)), "09:00–17:30");
        assert_eq!(
            time_range(Minute(1320), Minute(360)),
            "22:00–06:00 (next day)"
        );
        assert_eq!(time_range(Minute(0), Minute(1440)), "00:00–24:00");
    }

    #[test]
    fn day_lists() {
        use Weekday::*;
        assert_eq!(
            days(&[Monday, Tuesday, Wednesday, Thursday, Friday]),
            "Monday to Friday"
        );
        assert_eq!(days(&[Saturday, Sunday]), "Saturday and Sunday");
        assert_eq!(
            days(&[Monday, Tuesday, Wednesday, Friday]),
            "Monday to Wednesday and Friday"
        );
        assert_eq!(days(&[Sunday, Monday]), "Monday and Sunday");
        assert_eq!(days(&Weekday::ALL), "every day");
    }

    #[test]
    fn weekly_hours_group_days() {
        use Weekday::*;
        let mut o: Vec<Opening> = [Monday, Tuesday, Wednesday, Thursday, Friday]
            .iter()
            .map(|d| open(*d, 540, 1050))
            .collect();
        o.push(open(Saturday, 600, 840));
        assert_eq!(
            weekly(&o),
            "Monday to Friday 09:00–17:30 and Saturday 10:00–14:00"
        );
        let split = vec![open(Monday, 540, 720), open(Monday, 780, 1050)];
        assert_eq!(weekly(&split), "Monday 09:00–12:00 and 13:00–17:30");
    }

    #[test]
    fn calendars_in_words() {
        use Weekday::*;
        let c = Calendar {
            name: "office_hours".into(),
            title: Some("Office hours".into()),
            always_open: false,
            timezone: chrono_tz::Europe::London,
            weekly: [Monday, Tuesday, Wednesday, Thursday, Friday]
                .iter()
                .map(|d| open(*d, 540, 1050))
                .collect(),
            closures: vec![
                Closure {
                    from: d(2026, 12, 25),
                    to: d(2026, 12, 25),
                    reason: Some("Christmas Day".into()),
                },
                Closure {
                    from: d(2026, 12, 28),
                    to: d(2026, 12, 28),
                    reason: Some("Boxing Day (substitute day)".into()),
                },
                Closure {
                    from: d(2026, 12, 29),
                    to: d(2026, 12, 31),
                    reason: Some("Year-end shutdown".into()),
                },
                Closure {
                    from: d(2027, 1, 4),
                    to: d(2027, 1, 4),
                    reason: None,
                },
            ],
        };
        // The author's name comes first, so a name with parentheses of its
        // own is never nested in the document's.
        assert_eq!(
            calendar(&c),
            "Monday to Friday 09:00–17:30, Europe/London time, excluding Christmas Day on 25 December 2026, Boxing Day (substitute day) on 28 December 2026, Year-end shutdown from 29 to 31 December 2026 and 4 January 2027"
        );
    }

    #[test]
    fn budgets_and_lengths() {
        assert_eq!(budget(Budget::Seconds(4 * 3600), false), "4 business hours");
        assert_eq!(
            budget(Budget::Seconds(3600), true),
            "1 hour (around the clock)"
        );
        assert_eq!(
            budget(Budget::Seconds(2 * 86_400), true),
            "2 days (around the clock)"
        );
        assert_eq!(
            budget(Budget::Seconds(90 * 60), false),
            "90 business minutes"
        );
        assert_eq!(budget(Budget::BusinessDays(2), false), "2 business days");
        assert_eq!(budget(Budget::BusinessDays(1), false), "1 business day");
        assert_eq!(seconds(20), "20 seconds");
        assert_eq!(seconds(60), "1 minute");
        assert_eq!(
            length(Length {
                count: 30,
                unit: DurationUnit::Days
            }),
            "30 days"
        );
        assert_eq!(
            length(Length {
                count: 1,
                unit: DurationUnit::Months
            }),
            "1 month"
        );
    }

    #[test]
    fn names_read_as_words_without_labels() {
        let l = Labels::default();
        assert_eq!(ident("force_majeure"), "force majeure");
        assert_eq!(event(&l, "first-reply"), "first reply event");
        assert_eq!(value(&l, "severity", "sev-1"), "sev-1");
        let c = Condition {
            field: "decision_maker".into(),
            values: vec!["waiting_on_customer".into(), "on_hold".into()],
        };
        assert_eq!(
            condition(&l, &c),
            "the decision maker is waiting on customer or on hold"
        );
    }

    #[test]
    fn labels_replace_names() {
        let mut l = Labels::default();
        l.fields.insert("cause".into(), "the cause".into());
        l.values
            .entry("cause".into())
            .or_default()
            .insert("customer".into(), "the customer's acts".into());
        l.events.insert("created".into(), "logging".into());
        let c = Condition {
            field: "cause".into(),
            values: vec!["customer".into(), "force_majeure".into()],
        };
        assert_eq!(
            condition(&l, &c),
            "the cause is the customer's acts or force majeure"
        );
        assert_eq!(event(&l, "created"), "logging");
        assert_eq!(article("event"), "an");
    }
}
