//! Strict JSON: a name given twice in one object is refused, never
//! resolved by letting one value win. Rule sets are read with it, and the
//! event reader of `slate-eval` refuses a field given twice with the same
//! [`given_twice`], and both quote values in messages with [`clip`].

use std::cell::RefCell;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The most bytes of a value a message quotes: 100.
pub const MAX_QUOTED: usize = 100;

/// A value as a message quotes it: whole when it is at most `max` bytes,
/// else its first bytes up to `max`, cut on a character boundary, and `…`.
/// Rule-set and event-record messages quote hostile values with it.
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    std::borrow::Cow::Owned(format!("{}…", text.get(..end).unwrap_or_default()))
}

/// The first name given twice, if any.
pub fn given_twice<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut names: Vec<&str> = names.collect();
    if names.len() <= 16 {
        return names
            .iter()
            .enumerate()
            .find(|(i, n)| names.get(..*i).is_some_and(|before| before.contains(n)))
            .map(|(_, n)| *n);
    }
    names.sort_unstable();
    names
        .windows(2)
        .find(|w| w.first() == w.get(1))
        .and_then(|w| w.first().copied())
}

/// Where a name is given twice: the object's place (`objectives[0].measure`,
/// empty for the top level) and the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Twice {
    pub(crate) at: String,
    pub(crate) name: String,
}

/// Why strict JSON could not be read.
pub(crate) enum Error {
    /// Not JSON.
    NotJson(serde_json::Error),
    /// A name given twice in one object.
    Twice(Twice),
}

/// Parses `text` as JSON, refusing any object that gives a name twice.
pub(crate) fn parse(text: &str) -> Result<Value, Error> {
    let twice = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict {
        at: String::new(),
        twice: &twice,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    match (value, twice.into_inner()) {
        (_, Some(t)) => Err(Error::Twice(t)),
        (Ok(v), None) => Ok(v),
        (Err(e), None) => Err(Error::NotJson(e)),
    }
}

/// A JSON value at a place, noting the first name given twice.
struct Strict<'t> {
    at: String,
    twice: &'t RefCell<Option<Twice>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict {
            at: format!("{}[{}]", self.at, items.len()),
            twice: self.twice,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let at = if self.at.is_empty() {
                name.clone()
            } else {
                format!("{}.{name}", self.at)
            };
            let value = map.next_value_seed(Strict {
                at,
                twice: self.twice,
            })?;
            members.push((name, value));
        }
        if let Some(name) = given_twice(members.iter().map(|(n, _)| n.as_str())) {
            *self.twice.borrow_mut() = Some(Twice {
                at: clip(&self.at, 4 * MAX_QUOTED).into_owned(),
                name: clip(name, MAX_QUOTED).into_owned(),
            });
            return Err(A::Error::custom("a name given twice"));
        }
        Ok(Value::Object(members.into_iter().collect::<Map<_, _>>()))
    }
}
