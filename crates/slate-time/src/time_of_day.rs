//! Times of day: `HH:MM`, minute precision, `24:00` allowed as an end.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A local time of day to the minute, read and written `HH:MM`, from `00:00`
/// to `24:00` (the end of the day, which only an interval's end may be).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// Minutes since midnight, at most `24 * 60`.
    minutes: u16,
}

/// Why a text is not a time of day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unreadable time `{text}`: expected `HH:MM`")]
pub struct TimeOfDayError {
    /// The text given.
    pub text: String,
}

impl TimeOfDay {
    /// Midnight, `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay { minutes: 0 };
    /// The end of the day, `24:00`.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay { minutes: 24 * 60 };

    /// The time `hours:minutes`, if it is one (`24:00` included).
    pub fn new(hours: u16, minutes: u16) -> Option<TimeOfDay> {
        let valid = (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0);
        valid.then_some(TimeOfDay {
            minutes: hours * 60 + minutes,
        })
    }

    /// Minutes since midnight: 0 to 1,440.
    pub fn minutes(self) -> u16 {
        self.minutes
    }

    /// Seconds since midnight: 0 to 86,400.
    pub fn seconds(self) -> i64 {
        i64::from(self.minutes) * 60
    }

    /// The hour, 0 to 24.
    pub fn hour(self) -> u16 {
        self.minutes / 60
    }

    /// The minute of the hour, 0 to 59.
    pub fn minute(self) -> u16 {
        self.minutes % 60
    }

    /// Whether this is `24:00`, the end of the day.
    pub fn is_end_of_day(self) -> bool {
        self == TimeOfDay::END_OF_DAY
    }
}

impl FromStr for TimeOfDay {
    type Err = TimeOfDayError;

    /// Reads exactly `HH:MM`: two digits, a colon, two digits.
    fn from_str(text: &str) -> Result<TimeOfDay, TimeOfDayError> {
        let digits = |b: Option<&[u8]>| -> Option<u16> {
            let b = b?;
            (b.len() == 2 && b.iter().all(u8::is_ascii_digit)).then(|| {
                b.iter()
                    .fold(0, |n, d| n * 10 + u16::from(d.saturating_sub(b'0')))
            })
        };
        let bytes = text.as_bytes();
        let parsed = if bytes.len() == 5 && bytes.get(2) == Some(&b':') {
            digits(bytes.get(..2))
                .zip(digits(bytes.get(3..)))
                .and_then(|(h, m)| TimeOfDay::new(h, m))
        } else {
            None
        };
        parsed.ok_or_else(|| TimeOfDayError {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TimeOfDay, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A time of day is a string in the schema, as it is in JSON.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for TimeOfDay {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in ["00:00", "07:05", "09:30", "23:59", "24:00"] {
            let t: TimeOfDay = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
        }
        assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
        assert_eq!("17:30".parse::<TimeOfDay>().unwrap().seconds(), 63_000);
    }

    #[test]
    fn refuses_what_is_not_hh_mm() {
        for text in [
            "24:01",
            "7:5",
            "25:00",
            "07:5",
            "7:05",
            "12:60",
            "",
            "12",
            "12:00:00",
            "ab:cd",
            "+1:00",
            "12-00",
            "１２:00",
        ] {
            let error = text.parse::<TimeOfDay>().unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("unreadable time `{text}`: expected `HH:MM`")
            );
        }
    }

    #[test]
    fn serde_is_the_text() {
        let t: TimeOfDay = serde_json::from_str("\"08:15\"").unwrap();
        assert_eq!(t, TimeOfDay::new(8, 15).unwrap());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"08:15\"");
        assert!(serde_json::from_str::<TimeOfDay>("\"24:01\"").is_err());
    }
}
