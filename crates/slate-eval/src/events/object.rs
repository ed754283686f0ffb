//! Reading one NDJSON record: a JSON object of fields whose values are
//! kept as written, borrowed from the line where no escape needs decoding.

use std::borrow::Cow;

use slate_rules::{MAX_QUOTED, clip, given_twice};

/// Reads one JSON object into (field, text) pairs, borrowing from the line
/// where no escape needs decoding. Values are strings, numbers or booleans
/// (read as their text); `null` fields are left out.
pub(crate) struct Object<'v, 'de>(pub(crate) &'v mut Vec<(Cow<'de, str>, Cow<'de, str>)>);

impl<'de> serde::de::DeserializeSeed<'de> for Object<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Object<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Fields whose value is `null`: left out, but still given.
        let mut nulls: Vec<Cow<'de, str>> = Vec::new();
        while let Some(key) = map.next_key_seed(Text(false))? {
            let key = key.unwrap_or_default();
            // The value as written: numbers keep their text (`1.0` stays
            // `1.0`), strings borrow from the line unless they have escapes.
            let raw: &'de serde_json::value::RawValue = map.next_value()?;
            let text = raw.get();
            let value = match text.as_bytes().first() {
                Some(b'"') if !text.contains('\\') => {
                    Cow::Borrowed(text.get(1..text.len() - 1).unwrap_or_default())
                }
                Some(b'"') => Cow::Owned(
                    serde_json::from_str::<String>(text).map_err(serde::de::Error::custom)?,
                ),
                Some(b'n') => {
                    nulls.push(key);
                    continue;
                }
                Some(b'{' | b'[') | None => {
                    return Err(serde::de::Error::custom(format!(
                        "field `{}` is not a string, number or boolean",
                        clip(&key, MAX_QUOTED)
                    )));
                }
                Some(_) => Cow::Borrowed(text),
            };
            self.0.push((key, value));
        }
        let keys = self.0.iter().map(|(k, _)| k.as_ref());
        if let Some(twice) = given_twice(keys.chain(nulls.iter().map(AsRef::as_ref))) {
            return Err(serde::de::Error::custom(format!(
                "field `{}` is given twice",
                clip(twice, MAX_QUOTED)
            )));
        }
        Ok(())
    }
}

/// A JSON string (or, for values, a number or boolean) as text; `None` for
/// `null`.
struct Text(bool);

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        if self.0 {
            Ok(None)
        } else {
            Err(E::custom("a key cannot be null"))
        }
    }
}

impl Text {
    fn scalar<'de, E: serde::de::Error>(self, text: String) -> Result<Option<Cow<'de, str>>, E> {
        if self.0 {
            Ok(Some(Cow::Owned(text)))
        } else {
            Err(E::custom("a key must be a string"))
        }
    }
}
