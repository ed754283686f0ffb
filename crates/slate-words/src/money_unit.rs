//! A currency as a value: an active ISO 4217 code with the digits of its
//! minor unit, read once through the table in [`crate::currency`], so that
//! no later reader looks a code up again or guesses its minor unit.
//!
//! The checker's Model and the rule set hold this one type; both write it
//! as its code (`"EUR"`), as Slate always has.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::currency;

/// An active ISO 4217 currency, such as `EUR`, with its minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency {
    code: &'static str,
    minor_unit: u32,
}

/// A code that is not an active ISO 4217 currency, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCurrency(pub String);

impl fmt::Display for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an ISO 4217 currency", self.0)
    }
}

impl std::error::Error for UnknownCurrency {}

impl Currency {
    /// The euro. The checker stands it in for a code it has reported as
    /// unknown, so that checking goes on; no Model is given then.
    pub const EUR: Currency = Currency {
        code: "EUR",
        minor_unit: 2,
    };

    /// Reads an ISO 4217 code, exactly as the table writes it (`EUR`, not
    /// `eur`).
    pub fn parse(code: &str) -> Result<Currency, UnknownCurrency> {
        let unknown = || UnknownCurrency(code.to_owned());
        let minor_unit = currency::minor_unit(code).ok_or_else(unknown)?;
        let code = currency::codes().find(|c| *c == code).ok_or_else(unknown)?;
        Ok(Currency { code, minor_unit })
    }

    /// The code, such as `EUR`.
    pub fn as_str(&self) -> &'static str {
        self.code
    }

    /// Digits of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_unit(&self) -> u32 {
        self.minor_unit
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(code: &str) -> Result<Currency, UnknownCurrency> {
        Currency::parse(code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        Currency::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A currency is written as a plain string in a JSON Schema.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Currency {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_of_the_table_with_their_minor_unit() {
        assert_eq!(Currency::parse("JPY").map(|c| c.minor_unit()), Ok(0));
        assert_eq!(Currency::parse("KWD").map(|c| c.minor_unit()), Ok(3));
        assert_eq!(Currency::parse("EUR"), Ok(Currency::EUR));
        assert_eq!(
            Currency::parse("ZZZ"),
            Err(UnknownCurrency("ZZZ".to_owned()))
        );
        assert!(Currency::parse("eur").is_err());
        assert_eq!(
            UnknownCurrency("ZZZ".to_owned()).to_string(),
            "`ZZZ` is not an ISO 4217 currency"
        );
    }

    #[test]
    fn every_code_of_the_table_reads() {
        for code in currency::codes() {
            let c = Currency::parse(code);
            assert_eq!(c.map(|c| c.as_str()), Ok(code));
        }
    }

    #[test]
    fn written_as_its_code() {
        let eur = Currency::EUR;
        assert_eq!(eur.to_string(), "EUR");
        assert_eq!(serde_json::to_string(&eur).ok().as_deref(), Some("\"EUR\""));
        let back: Result<Currency, _> = serde_json::from_str("\"JPY\"");
        assert_eq!(back.map(|c| c.minor_unit()).ok(), Some(0));
        assert!(serde_json::from_str::<Currency>("\"ZZZ\"").is_err());
    }
}
