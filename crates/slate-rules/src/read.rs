//! Reading a rule set back: its version, its digest, and what it plainly
//! cannot say.
//!
//! A rule set carries `agreement.digest`, the SHA-256 of its own canonical
//! JSON with the digest left out ([`digest`]; `docs/rules.md` defines it so
//! that anyone can recompute it). Reading checks it, so a rule set edited by
//! hand or damaged in transit is refused rather than evaluated under the
//! contract's fingerprint. The digest is not a signature: whoever edits a
//! rule set can recompute it. Reading also refuses a name given twice in
//! any object, and what no agreement can say or Slate cannot write (a
//! fingerprint of another form, a decimal not written as Slate writes one,
//! a budget of 0, a target over 100%, negative money, an unknown currency or
//! zone, a date or time that is not one, a percentage of a fee that cannot
//! be computed): everything the checker refuses of the values an agreement
//! states, each problem with its place ([`crate::problems`]).

use std::sync::Arc;

use serde_json::Value;
use serde_json::error::Category;

use crate::problems::Problem;
use crate::{Measure, RuleSet, SCHEMA, SCHEMA_V1};

/// Why a rule set cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The text is not JSON.
    #[error("not JSON: {0}")]
    NotJson(JsonError),
    /// The JSON has no `schema` naming the rule-set format.
    #[error("not a rule set: no `\"schema\": \"{SCHEMA}\"`")]
    NotARuleSet,
    /// The JSON is a rule set of another version.
    #[error(
        "rule set version `{0}` is not `{SCHEMA}` or `{SCHEMA_V1}`\n  help: write it again with `slate rules --to json` from the `.sla` file, with this version of Slate"
    )]
    Version(String),
    /// The rule set has no `agreement.digest`.
    #[error(
        "the rule set has no `agreement.digest`, so its content cannot be checked\n  help: write it again with `slate rules --to json` from the `.sla` file"
    )]
    NoDigest,
    /// The digest stated is not the digest of the content.
    #[error(
        "the rule set was changed after it was written: its digest is `{stated}`, but its content's is `{computed}`\n  help: a rule set is written by `slate rules --to json`; change the `.sla` file and write it again"
    )]
    Digest {
        /// The digest the rule set states.
        stated: String,
        /// The digest of its content.
        computed: String,
    },
    /// An object gives a name twice: no value may silently win.
    #[error(
        "`{at}` is given twice, so no value of it can be trusted\n  help: a rule set is written by `slate rules --to json`, which gives every name once; write it again from the `.sla` file"
    )]
    GivenTwice {
        /// The member's place, such as `objectives[0].measure.target`.
        at: String,
    },
    /// The JSON does not have the rule set's shape.
    #[error("not a valid `{SCHEMA}` rule set: {0}")]
    Shape(JsonError),
    /// The rule set states what cannot be: each problem, with where.
    #[error("the rule set states what no agreement can:{}", list(.0))]
    Impossible(Vec<Problem>),
}

/// Why JSON did not read as a rule set: `serde_json`'s error, kept whole,
/// with its kind and place. It reads as `serde_json` words it (`missing
/// field `agreement``, `EOF while parsing an object at line 3 column 0`).
/// Two are equal when they say the same of the same place.
#[derive(Clone, Debug, thiserror::Error)]
#[error(transparent)]
pub struct JsonError(Arc<serde_json::Error>);

impl JsonError {
    /// What kind of error: not JSON text (`Syntax`, `Eof`), JSON of another
    /// shape (`Data`), or a failure to read (`Io`).
    pub fn category(&self) -> Category {
        self.0.classify()
    }

    /// The line of the text where it went wrong, from 1; 0 where the error
    /// is about a value rather than a place in the text.
    pub fn line(&self) -> usize {
        self.0.line()
    }

    /// The column of that line, from 1 (0 at the start of a line, or where
    /// there is no line).
    pub fn column(&self) -> usize {
        self.0.column()
    }

    /// `serde_json`'s error itself.
    pub fn serde(&self) -> &serde_json::Error {
        &self.0
    }
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        JsonError(Arc::new(e))
    }
}

impl PartialEq for JsonError {
    fn eq(&self, other: &Self) -> bool {
        self.category() == other.category()
            && (self.line(), self.column()) == (other.line(), other.column())
            && self.0.to_string() == other.0.to_string()
    }
}

impl Eq for JsonError {}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n  - {p}")).collect()
}

/// Reads a rule set: refuses a name given twice in an object, other
/// versions, a missing or wrong digest, and what no agreement can say.
pub fn from_json(text: &str) -> Result<RuleSet, ReadError> {
    let mut value = crate::strict::parse(text).map_err(|e| match e {
        crate::strict::Error::NotJson(e) => ReadError::NotJson(e.into()),
        crate::strict::Error::Twice(t) => ReadError::GivenTwice {
            at: if t.at.is_empty() {
                t.name
            } else {
                format!("{}.{}", t.at, t.name)
            },
        },
    })?;
    match value.get("schema").and_then(Value::as_str) {
        Some(SCHEMA | SCHEMA_V1) => {}
        Some(other) => return Err(ReadError::Version(other.to_owned())),
        None => return Err(ReadError::NotARuleSet),
    }
    let stated = value
        .get("agreement")
        .and_then(|a| a.get("digest"))
        .and_then(Value::as_str)
        .ok_or(ReadError::NoDigest)?;
    let computed = digest_of(&value);
    if stated != computed {
        return Err(ReadError::Digest {
            stated: stated.to_owned(),
            computed,
        });
    }
    let unread = crate::problems::read_leaves(&mut value);
    let rules: RuleSet = serde_json::from_value(value).map_err(|e| ReadError::Shape(e.into()))?;
    let problems = crate::problems::check(&rules, &unread);
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(ReadError::Impossible(problems))
    }
}

/// The digest of a rule set: `sha256:` and the lowercase hex SHA-256 of its
/// canonical JSON without `agreement.digest` (see `docs/rules.md`).
#[expect(
    clippy::expect_used,
    reason = "a rule set serializes, as `to_json` says: no digest of nothing is ever made"
)]
pub fn digest(rules: &RuleSet) -> String {
    digest_of(&serde_json::to_value(rules).expect("a rule set serializes"))
}

/// The digest of a rule set read as JSON: its canonical JSON written with
/// `agreement.digest` left out, not from a copy without it (issue 21).
fn digest_of(value: &Value) -> String {
    let mut text = Vec::new();
    match value {
        Value::Object(members) => {
            object(members, &mut text, &|name, item, out| match (name, item) {
                ("agreement", Value::Object(agreement)) => {
                    name_of(name, out);
                    object(agreement, out, &|name, item, out| {
                        if name != "digest" {
                            member(name, item, out);
                        }
                    });
                }
                _ => member(name, item, out),
            })
        }
        _ => canonical(value, &mut text),
    }
    format!("sha256:{}", slate_check::terms::sha256_hex(&text))
}

/// A string as JSON: `serde_json` writes a `str` into a `Vec` without fail.
#[expect(clippy::expect_used, reason = "a str serializes")]
fn string(s: &str, out: &mut Vec<u8>) {
    serde_json::to_writer(out, s).expect("a string serializes");
}

/// Canonical JSON: no white space, object members sorted by name (as UTF-8
/// bytes), strings escaped as JSON requires and no more (`"`, `\` and the
/// characters below U+0020; `\b \t \n \f \r` in their short forms, the rest
/// as `\u00xx` in lowercase), numbers as written (the rule set has only
/// integers).
fn canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(members) => object(members, out, &member),
    }
}

/// One member of an object, `"name":value`, after a `,` unless it is the
/// first.
fn member(name: &str, item: &Value, out: &mut Vec<u8>) {
    name_of(name, out);
    canonical(item, out);
}

/// The start of a member, `"name":`, after a `,` unless it is the first
/// (no value ends with `{`).
fn name_of(name: &str, out: &mut Vec<u8>) {
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
    string(name, out);
    out.push(b':');
}

/// An object: `{`, each member sorted by name as `write` writes it (with
/// [`member`], or not at all), `}`.
fn object(
    members: &serde_json::Map<String, Value>,
    out: &mut Vec<u8>,
    write: &dyn Fn(&str, &Value, &mut Vec<u8>),
) {
    let mut members: Vec<(&String, &Value)> = members.iter().collect();
    members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out.push(b'{');
    for (name, item) in members {
        write(name, item, out);
    }
    out.push(b'}');
}

/// What the availability objectives' `items` state that no agreement can:
/// an objective that leaves them implicit beside another availability
/// objective (every outage would count against both), an empty list, an
/// empty id, or an id given twice. Each with where, as [`ReadError::Impossible`] lists
/// them; `slate eval` refuses a rule set built in code on the same grounds.
pub fn item_problems(r: &RuleSet) -> Vec<Problem> {
    let mut p = Vec::new();
    let availability: Vec<(usize, &Option<crate::Items>)> = r
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match &o.measure {
            Measure::Availability { items, .. } => Some((i, items)),
            _ => None,
        })
        .collect();
    let several = availability.len();
    for (i, items) in availability {
        let at = format!("objectives[{i}].measure.items");
        match items {
            None if several > 1 => p.push(Problem::ItemsImplicit { at, several }),
            Some(crate::Items::Ids { ids }) if ids.is_empty() => p.push(Problem::NoItems { at }),
            Some(crate::Items::Ids { ids }) => {
                if ids.iter().any(String::is_empty) {
                    p.push(Problem::EmptyId { at: at.clone() });
                }
                if let Some(twice) = crate::given_twice(ids.iter().map(String::as_str)) {
                    let id = crate::clip(twice, crate::MAX_QUOTED).into_owned();
                    p.push(Problem::IdTwice { at, id });
                }
            }
            _ => {}
        }
    }
    p
}

/// Whether `text` is a terms fingerprint as Slate writes one:
/// `slate-terms-v2:sha256:` (or, from Slate 0.1, `sha256:`) and 64
/// lowercase hex digits.
pub(crate) fn is_fingerprint(text: &str) -> bool {
    use slate_check::terms::{PREFIX_V1, PREFIX_V2};
    text.strip_prefix(PREFIX_V2)
        .or_else(|| text.strip_prefix(PREFIX_V1))
        .is_some_and(|hex| {
            hex.len() == 64
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The digest is the SHA-256 of the canonical JSON written by hand
    /// here: members sorted by name at every depth, no white space, `\n`
    /// escaped short, and `agreement.digest` left out wherever it falls
    /// among the agreement's members (first, or between others).
    #[test]
    fn digest_is_of_the_canonical_json_without_the_digest() {
        let between = json!({
            "schema": "s",
            "agreement": {"title": "T\n", "digest": "sha256:old", "b": [1, null, true]},
            "a": {},
        });
        let text = r#"{"a":{},"agreement":{"b":[1,null,true],"title":"T\n"},"schema":"s"}"#;
        assert_eq!(
            digest_of(&between),
            format!("sha256:{}", slate_check::terms::sha256_hex(text.as_bytes()))
        );
        let first = json!({"agreement": {"digest": "x", "z": {"y": false, "x": "\u{1}"}}});
        let text = r#"{"agreement":{"z":{"x":"\u0001","y":false}}}"#;
        assert_eq!(
            digest_of(&first),
            format!("sha256:{}", slate_check::terms::sha256_hex(text.as_bytes()))
        );
        // With the digest alone, the agreement is an empty object.
        let alone = json!({"agreement": {"digest": "x"}, "b": 2});
        let text = r#"{"agreement":{},"b":2}"#;
        assert_eq!(
            digest_of(&alone),
            format!("sha256:{}", slate_check::terms::sha256_hex(text.as_bytes()))
        );
    }
}
