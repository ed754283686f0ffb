//! The terms fingerprint: a hash of a canonical, versioned encoding of what
//! an agreement says, specified in `docs/fingerprint.md` so that anyone can
//! recompute it without Slate.
//!
//! Version 2 (the current one) encodes every term of the Model, and for an
//! agreement that extends others, its lineage: the titles, ids and versions
//! of the agreements extended and, for each inherited or overridden term,
//! where it comes from, what changed and why. The document is built from
//! exactly these, so whenever the document's words change, so does the
//! fingerprint. The encoding is a list of records, one per value:
//!
//! ```text
//! slate-terms/2
//! clauses.0.body s12:Hello world.
//! effective.from s10:2026-01-01
//! ```
//!
//! Version 1 was the SHA-256 of the Model's compact JSON
//! ([`Model::canonical_json`]); it is still verified, never printed.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::{Change, Lineage, Model};

/// The first line of the version-2 encoding.
pub const HEADER_V2: &str = "slate-terms/2";

/// How a version-2 fingerprint is written: this prefix and 64 hex digits.
pub const PREFIX_V2: &str = "slate-terms-v2:sha256:";

/// How a version-1 fingerprint was written: this prefix and 64 hex digits.
pub const PREFIX_V1: &str = "sha256:";

/// A version of the terms encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// The SHA-256 of the Model's compact JSON (Slate 0.1, before issue 15).
    V1,
    /// The SHA-256 of the `slate-terms/2` records.
    V2,
}

impl Version {
    /// `1` or `2`.
    pub fn number(self) -> u32 {
        match self {
            Version::V1 => 1,
            Version::V2 => 2,
        }
    }
}

/// The version-2 encoding of the terms: UTF-8 text, one record per line.
pub fn encode(m: &Model) -> String {
    let mut value = m.canonical_value();
    if let (Value::Object(map), Some(lineage)) = (&mut value, &m.lineage) {
        map.insert("lineage".to_owned(), lineage_value(lineage));
    }
    let mut out = String::from(HEADER_V2);
    out.push('\n');
    let mut path = String::new();
    records(&value, &mut path, &mut out);
    out
}

/// [`Model::canonical_value`]: the Model's tree without its metric sources,
/// as the Model without them serializes (an objective without a source has
/// no `source` member), taken out of the tree rather than out of a copy of
/// the Model (issue 21).
#[expect(
    clippy::expect_used,
    reason = "infallible, as canonical_json says: no fingerprint of Null is ever made"
)]
pub(crate) fn tree(m: &Model) -> Value {
    let mut value = serde_json::to_value(m).expect("the Model serializes");
    if let Some(Value::Array(objectives)) = value.get_mut("objectives") {
        for o in objectives.iter_mut().filter_map(Value::as_object_mut) {
            o.remove("source");
        }
    }
    value
}

/// The current fingerprint: `slate-terms-v2:sha256:` and the hex SHA-256 of
/// [`encode`].
pub fn fingerprint(m: &Model) -> String {
    format!("{PREFIX_V2}{}", sha256_hex(encode(m).as_bytes()))
}

/// The version-1 fingerprint, `sha256:` and the hex SHA-256 of the Model's
/// compact JSON. It changes whenever the Model's shape does, so it verifies
/// only fingerprints made by a Slate whose Model serializes the same way.
pub fn fingerprint_v1(m: &Model) -> String {
    format!("{PREFIX_V1}{}", sha256_hex(m.canonical_json().as_bytes()))
}

/// Which version of the encoding, if any, gives `claimed` for these terms.
/// Letter case and surrounding white space in `claimed` do not matter.
pub fn verify(m: &Model, claimed: &str) -> Option<Version> {
    let claimed = claimed.trim().to_ascii_lowercase();
    if claimed == fingerprint(m) {
        Some(Version::V2)
    } else if claimed == fingerprint_v1(m) {
        Some(Version::V1)
    } else {
        None
    }
}

/// The lowercase hex SHA-256 of `bytes`: the one hashing the fingerprint
/// and the rule-set digest share.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The lineage as the encoding names it (`docs/fingerprint.md`).
fn lineage_value(l: &Lineage) -> Value {
    let levels = l
        .levels
        .iter()
        .map(|level| {
            serde_json::json!({
                "title": level.title,
                "id": level.id,
                "version": level.version,
            })
        })
        .collect::<Vec<_>>();
    let marks = l
        .marks
        .iter()
        .map(|mark| {
            let mut v = serde_json::json!({
                "section_id": mark.section_id,
                "level": mark.level,
                "section": mark.section,
            });
            let change = match &mark.change {
                Change::Inherited => serde_json::json!({ "kind": "inherited" }),
                Change::Reworded => serde_json::json!({ "kind": "reworded" }),
                Change::Overridden {
                    changes,
                    weakened,
                    tightened,
                    because,
                } => serde_json::json!({
                    "kind": "overridden",
                    "changes": changes,
                    "weakened": weakened,
                    "tightened": tightened,
                    "because": because,
                }),
            };
            if let Value::Object(map) = &mut v {
                map.insert("change".to_owned(), change);
            }
            v
        })
        .collect::<Vec<_>>();
    serde_json::json!({ "levels": levels, "marks": marks })
}

/// Appends one record per value under `path` (its parts joined by `.`):
/// object keys in byte order, list items in order; nothing for a null or an
/// empty list or object. The path is one buffer, grown and cut back, and
/// each record is written straight into `out` (issue 21: the fingerprint
/// of a large agreement was mostly the making of these strings).
fn records(value: &Value, path: &mut String, out: &mut String) {
    let at = |path: &mut String, out: &mut String| {
        out.push_str(path);
        out.push(' ');
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => {
            at(path, out);
            out.push_str(if *b { "true" } else { "false" });
            out.push('\n');
        }
        Value::Number(n) => {
            at(path, out);
            out.push('n');
            out.push_str(&n.to_string());
            out.push('\n');
        }
        Value::String(s) => {
            at(path, out);
            out.push('s');
            out.push_str(&s.len().to_string());
            out.push(':');
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = enter(path, &i.to_string());
                records(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for key in keys {
                if let Some(v) = map.get(key) {
                    let len = enter(path, key);
                    records(v, path, out);
                    path.truncate(len);
                }
            }
        }
    }
}

/// Adds `part` to `path`, returning the length to cut it back to.
fn enter(path: &mut String, part: &str) -> usize {
    let len = path.len();
    if len > 0 {
        path.push('.');
    }
    path.push_str(part);
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encoded(v: &Value) -> String {
        let mut out = String::new();
        records(v, &mut String::new(), &mut out);
        out
    }

    #[test]
    fn records_sort_keys_and_skip_what_is_absent() {
        let v = json!({"b": [true, null, "x\ny"], "a": {"z": 7, "e": []}, "c": null});
        assert_eq!(encoded(&v), "a.z n7\nb.0 true\nb.2 s3:x\ny\n");
    }

    #[test]
    fn string_lengths_count_bytes() {
        assert_eq!(encoded(&json!({"t": "Zoë"})), "t s4:Zoë\n");
    }
}
