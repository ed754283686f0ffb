//! The typed values of a rule set: percentages, amounts, currencies, dates,
//! zones and units, each read through a validating constructor and written
//! as the same string Slate has always written.
//!
//! A value that a constructor refuses cannot be held, so an engine never
//! re-reads a string or falls back on a default: what it gets is what the
//! agreement can say. Reading a whole rule set ([`crate::from_json`]) gives
//! each refusal with its place; these constructors give it without one.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a value of a rule set cannot be held, with the value as written
/// (cut to [`crate::MAX_QUOTED`] bytes).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a decimal as Slate writes one.
    #[error(
        "`{0}` is not a decimal as Slate writes one: digits, and a point and digits without trailing zeros, such as `99.5`"
    )]
    NotADecimal(String),
    /// Not an exact decimal, such as a bound on samples.
    #[error("`{0}` is not an exact decimal such as `65` or `-0.5`")]
    NotAnExactDecimal(String),
    /// A percentage below 0 or above 100.
    #[error("`{0}%` is not from 0% to 100%")]
    PercentOutOfRange(String),
    /// An amount of money below zero.
    #[error("`{0}` is negative")]
    Negative(String),
    /// Not an active ISO 4217 code.
    #[error("`{0}` is not an ISO 4217 currency")]
    UnknownCurrency(String),
    /// Not a date written `YYYY-MM-DD`.
    #[error("`{0}` is not a date `YYYY-MM-DD`")]
    NotADate(String),
    /// Not in the IANA time zone database.
    #[error("unknown time zone `{0}`: not in the IANA time zone database")]
    UnknownZone(String),
    /// Not a unit of calendar time.
    #[error(
        "`{0}` is not a unit of calendar time; a claim window is in `seconds`, `minutes`, `hours`, `days`, `weeks`, `months`"
    )]
    NotACalendarUnit(String),
    /// Not a time of day written `HH:MM`.
    #[error("`{0}` is not a time of day `HH:MM` from `00:00` to `24:00`")]
    NotATime(String),
    /// `24:00` as the start of an interval.
    #[error("`24:00` ends a day, so no interval starts at it; write `00:00` of the next day")]
    StartsAtEndOfDay,
    /// Not a day of the year written `MM-DD` that exists in some year.
    #[error("`{0}` is not a day of the year `MM-DD`, such as `04-30` (`02-29` is read)")]
    NotAMonthDay(String),
}

fn shown(text: &str) -> String {
    crate::clip(text, crate::MAX_QUOTED).into_owned()
}

/// A decimal as Slate writes one: digits, a point and digits only when
/// there is a fraction, no trailing zero after the point, no leading zero,
/// no exponent, no `+` (a `-` is read, for the caller to refuse).
fn decimal(text: &str) -> Result<Decimal, ValueError> {
    text.parse::<Decimal>()
        .ok()
        .filter(|d| d.normalize().to_string() == text)
        .ok_or_else(|| ValueError::NotADecimal(shown(text)))
}

/// Implements `Display`, `Serialize`, `Deserialize` (through `parse`) and a
/// JSON Schema of a plain string for a value written as a string.
macro_rules! string_value {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.text())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(d)?;
                <$t>::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $t {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                String::schema_name()
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                String::json_schema(generator)
            }
        }
    };
}

/// A percentage from 0 to 100, exact: `"99.95"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(Decimal);

impl Percent {
    /// A percentage from 0 to 100.
    pub fn new(value: Decimal) -> Result<Percent, ValueError> {
        if value.is_sign_negative() || value > Decimal::ONE_HUNDRED {
            return Err(ValueError::PercentOutOfRange(value.normalize().to_string()));
        }
        Ok(Percent(value.normalize()))
    }

    /// Reads a percentage as Slate writes one: `"99.5"`, not `"99.50"`.
    pub fn parse(text: &str) -> Result<Percent, ValueError> {
        let d = decimal(text)?;
        Percent::new(d).map_err(|_| ValueError::PercentOutOfRange(shown(text)))
    }

    /// The percentage, such as 99.95.
    pub fn get(self) -> Decimal {
        self.0
    }

    fn text(&self) -> String {
        self.0.to_string()
    }
}

string_value!(Percent);

/// A day of the year that exists in some year, written `MM-DD`: `"11-01"`,
/// `"04-30"`, `"02-29"`. Ordered by month, then day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    /// The day `day` of `month`; February has 29.
    pub fn new(month: u32, day: u32) -> Result<MonthDay, ValueError> {
        let length = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => 0,
        };
        if day == 0 || day > length {
            return Err(ValueError::NotAMonthDay(format!("{month:02}-{day:02}")));
        }
        Ok(MonthDay { month, day })
    }

    /// Reads `MM-DD`, two digits each.
    pub fn parse(text: &str) -> Result<MonthDay, ValueError> {
        let bad = || ValueError::NotAMonthDay(shown(text));
        let (m, d) = text.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 || !(m.bytes().chain(d.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let month = m.parse().map_err(|_| bad())?;
        let day = d.parse().map_err(|_| bad())?;
        MonthDay::new(month, day).map_err(|_| bad())
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        self.day
    }

    fn text(&self) -> String {
        format!("{:02}-{:02}", self.month, self.day)
    }
}

string_value!(MonthDay);

/// An amount of money, exact and not negative: `"4000"`, `"12.5"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    /// An amount of zero or more.
    pub fn new(value: Decimal) -> Result<Amount, ValueError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(ValueError::Negative(value.normalize().to_string()));
        }
        Ok(Amount(value.normalize()))
    }

    /// Reads an amount as Slate writes one.
    pub fn parse(text: &str) -> Result<Amount, ValueError> {
        let d = decimal(text)?;
        Amount::new(d).map_err(|_| ValueError::Negative(shown(text)))
    }

    /// The amount.
    pub fn get(self) -> Decimal {
        self.0
    }

    fn text(&self) -> String {
        self.0.to_string()
    }
}

string_value!(Amount);

/// An active ISO 4217 currency with its minor unit: the one type of
/// `slate-words`, which the Model holds too.
pub use slate_words::Currency;

/// Reads an ISO 4217 code as a [`Currency`].
pub fn parse_currency(code: &str) -> Result<Currency, ValueError> {
    Currency::parse(code).map_err(|_| ValueError::UnknownCurrency(shown(code)))
}

/// The unit of a contract term in calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermUnit {
    /// `seconds`.
    Seconds,
    /// `minutes`.
    Minutes,
    /// `hours`.
    Hours,
    /// `days`.
    Days,
    /// `weeks`.
    Weeks,
    /// `months`.
    Months,
}

impl TermUnit {
    /// Every unit, in order.
    pub const ALL: [TermUnit; 6] = [
        TermUnit::Seconds,
        TermUnit::Minutes,
        TermUnit::Hours,
        TermUnit::Days,
        TermUnit::Weeks,
        TermUnit::Months,
    ];

    /// The unit as the rule set names it: `days`.
    pub fn name(self) -> &'static str {
        match self {
            TermUnit::Seconds => "seconds",
            TermUnit::Minutes => "minutes",
            TermUnit::Hours => "hours",
            TermUnit::Days => "days",
            TermUnit::Weeks => "weeks",
            TermUnit::Months => "months",
        }
    }

    /// Reads a unit by its name.
    pub fn parse(text: &str) -> Result<TermUnit, ValueError> {
        TermUnit::ALL
            .into_iter()
            .find(|u| u.name() == text)
            .ok_or_else(|| ValueError::NotACalendarUnit(shown(text)))
    }

    fn text(&self) -> String {
        self.name().to_owned()
    }
}

string_value!(TermUnit);

/// Reads a date written `YYYY-MM-DD`, as the grammar writes one (four
/// digits of year).
pub fn parse_date(text: &str) -> Result<NaiveDate, ValueError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == text && text.len() == 10)
        .ok_or_else(|| ValueError::NotADate(shown(text)))
}

/// Reads an IANA time zone by its name.
pub fn parse_zone(text: &str) -> Result<Tz, ValueError> {
    text.parse::<Tz>()
        .map_err(|_| ValueError::UnknownZone(shown(text)))
}

/// Checks a local time of day written `HH:MM`, from `00:00` to `23:59`, or
/// `24:00` for the end of an interval.
pub fn check_time(text: &str, end: bool) -> Result<(), ValueError> {
    match text.parse::<slate_time::TimeOfDay>() {
        Ok(t) if !end && t.is_end_of_day() => Err(ValueError::StartsAtEndOfDay),
        Ok(_) => Ok(()),
        Err(_) => Err(ValueError::NotATime(shown(text))),
    }
}

/// Serde for a date as `YYYY-MM-DD`.
pub(crate) mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        parse_date(&text).map_err(serde::de::Error::custom)
    }

    /// Serde for a date or `null`.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            Option::<Cow<'de, str>>::deserialize(d)?
                .map(|text| parse_date(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

/// Serde for an IANA time zone by its name.
pub(crate) mod zone {
    use super::*;

    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        parse_zone(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days_exist_in_some_year() {
        assert_eq!(
            MonthDay::parse("02-29").map(|d| d.to_string()),
            Ok("02-29".to_owned())
        );
        assert_eq!(
            MonthDay::parse("11-01").map(|d| (d.month(), d.day())),
            Ok((11, 1))
        );
        for bad in [
            "04-31", "02-30", "13-01", "00-10", "11-00", "1-01", "11-1", "11/01", "+1-01",
        ] {
            assert!(MonthDay::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimals_read_only_as_slate_writes_them() {
        assert_eq!(
            Percent::parse("99.5").map(|p| p.to_string()),
            Ok("99.5".to_owned())
        );
        assert_eq!(
            Amount::parse("4000").map(|a| a.to_string()),
            Ok("4000".to_owned())
        );
        for text in ["99.50", "1e2", "+95", ".5", "0650", "-0", " 1", ""] {
            assert!(
                matches!(Percent::parse(text), Err(ValueError::NotADecimal(_))),
                "{text}"
            );
        }
        assert_eq!(
            Percent::parse("150"),
            Err(ValueError::PercentOutOfRange("150".to_owned()))
        );
        assert_eq!(
            Amount::parse("-1"),
            Err(ValueError::Negative("-1".to_owned()))
        );
        assert!(Percent::new(Decimal::from(-1)).is_err());
        assert!(Amount::new(Decimal::ZERO).is_ok());
    }

    #[test]
    fn currencies_dates_zones_and_units() {
        assert_eq!(parse_currency("JPY").map(|c| c.minor_unit()), Ok(0));
        assert_eq!(
            parse_currency("ZZZ"),
            Err(ValueError::UnknownCurrency("ZZZ".to_owned()))
        );
        assert!(parse_currency("eur").is_err());
        assert!(parse_date("2026-02-28").is_ok());
        for text in [
            "2026-02-30",
            "2026-1-1",
            "+2026-01-01",
            "20260101",
            "2026-01-01 ",
        ] {
            assert!(parse_date(text).is_err(), "{text}");
        }
        assert!(parse_zone("Europe/London").is_ok());
        assert!(parse_zone("Mars/Olympus").is_err());
        assert_eq!(TermUnit::parse("days"), Ok(TermUnit::Days));
        assert!(TermUnit::parse("business_days").is_err());
        assert!(check_time("24:00", true).is_ok());
        assert_eq!(
            check_time("24:00", false),
            Err(ValueError::StartsAtEndOfDay)
        );
        assert!(check_time("9:00", false).is_err());
    }

    #[test]
    fn values_serialize_as_the_strings_slate_writes() {
        let p = Percent::new("99.90".parse().unwrap()).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"99.9\"");
        let back: Percent = serde_json::from_str("\"99.9\"").unwrap();
        assert_eq!(back, p);
        assert!(serde_json::from_str::<Percent>("\"99.90\"").is_err());
        assert!(serde_json::from_str::<Currency>("\"ZZZ\"").is_err());
    }
}
