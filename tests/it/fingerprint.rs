//! The terms fingerprint: it changes whenever what the document says
//! changes (every literal of every example mutated, multi-level included),
//! its encoding is the one `docs/fingerprint.md` specifies (recomputed here
//! by an independent implementation of the spec), and fingerprints made with
//! earlier encodings still verify.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use slate_tests::{files, read, relative, root};

/// Files held in memory over the real ones, so one file can be mutated.
struct Overlay(BTreeMap<PathBuf, String>);

impl slate::link::Sources for Overlay {
    fn read(&self, path: &Path) -> Result<String, slate::files::ReadError> {
        match self.0.get(path) {
            Some(text) => Ok(text.clone()),
            None => slate::link::Sources::read(&slate_tests::Rooted, path),
        }
    }
}

/// The Markdown contract and fingerprint of `path`, with `files` over the
/// disk; `None` when it has an error.
fn document(path: &Path, files: &BTreeMap<PathBuf, String>) -> Option<(String, String)> {
    let text = files.get(path).cloned().unwrap_or_else(|| read(path));
    let checked = slate::check_file(path, text, &Overlay(files.clone()));
    if checked.diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    let m = checked.model?;
    let md = slate::render::to_markdown(&m);
    // What the document says: everything but the fingerprint itself and
    // the versions of the tools that made it.
    let words: String = md
        .lines()
        .filter(|l| !l.starts_with("Terms fingerprint") && !l.starts_with("Made with Slate"))
        .collect::<Vec<_>>()
        .join("\n");
    Some((words, m.fingerprint()))
}

/// Where each literal of a source is, to be mutated: string contents,
/// prose blocks and numbers (outside comments), and unit and comparison
/// words.
fn mutations(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if let Some(prose) = rest.strip_prefix("\"\"\"") {
            let end = prose.find("\"\"\"").map_or(src.len(), |e| i + 3 + e);
            out.push(format!("{} Amended.{}", &src[..end], &src[end..]));
            i = end + 3;
        } else if rest.starts_with('"') {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let j = j.min(src.len());
            if j > i + 1 {
                out.push(format!("{}Q{}", &src[..j], &src[j..]));
            }
            i = j + 1;
        } else if bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
        {
            let len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let digit = bytes[i + len - 1];
            let changed = if digit == b'1' { '2' } else { '1' };
            out.push(format!(
                "{}{changed}{}",
                &src[..i + len - 1],
                &src[i + len..]
            ));
            i += len;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    for (from, to) in [
        (" minutes", " hours"),
        (" hours", " minutes"),
        (" days", " weeks"),
        ("per month", "per quarter"),
        ("at least", "at most"),
        ("business days", "days"),
    ] {
        for (at, _) in src.match_indices(from) {
            out.push(format!("{}{to}{}", &src[..at], &src[at + from.len()..]));
        }
    }
    out
}

/// Mutate every literal of every example (each file of the multi-level one
/// seen from every agreement that extends it): wherever the document's
/// words change, the fingerprint changes.
#[test]
fn fingerprint_changes_whenever_the_document_does() {
    let paths = files("examples", "sla");
    let mut tried = 0;
    let mut changed = 0;
    for path in &paths {
        let dir = path.parent().expect("a directory");
        // The agreements in the same directory that may read this file.
        let readers: Vec<&PathBuf> = paths.iter().filter(|p| p.parent() == Some(dir)).collect();
        let original: Vec<_> = readers
            .iter()
            .map(|r| document(r, &BTreeMap::new()).expect("the example compiles"))
            .collect();
        for mutated in mutations(&read(path)) {
            let files = BTreeMap::from([(path.clone(), mutated.clone())]);
            for (reader, (words, fingerprint)) in readers.iter().zip(&original) {
                let Some((new_words, new_fingerprint)) = document(reader, &files) else {
                    continue;
                };
                tried += 1;
                if new_words != *words {
                    changed += 1;
                    assert_ne!(
                        new_fingerprint,
                        *fingerprint,
                        "{} reads differently after a change to {}, with the same fingerprint:\n{}",
                        relative(reader),
                        relative(path),
                        first_difference(words, &new_words)
                    );
                }
            }
        }
    }
    assert!(
        tried > 1000 && changed > 1000,
        "too few mutations: {changed} of {tried}"
    );
}

fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("- {x}\n+ {y}"))
        .unwrap_or_default()
}

/// The three changes the review found, one by one: a `because` reason, the
/// parent's title and version, and an overridden parent value.
#[test]
fn multi_level_notes_are_terms() {
    let acme = root().join("examples/multi-level/acme.sla");
    let corporate = root().join("examples/multi-level/corporate.sla");
    let (words, fingerprint) = document(&acme, &BTreeMap::new()).expect("compiles");
    let corporate_src = read(&corporate);
    let acme_src = read(&acme);
    for (path, src, from, to) in [
        (
            &acme,
            &acme_src,
            "because \"Acme accepted",
            "because \"Acme refused",
        ),
        (
            &corporate,
            &corporate_src,
            "\"Harbourline Corporate Service",
            "\"Harbourline Group Service",
        ),
        (
            &corporate,
            &corporate_src,
            "version   \"4.0\"",
            "version   \"4.1\"",
        ),
    ] {
        assert!(src.contains(from), "{from}");
        let files = BTreeMap::from([(path.clone(), src.replacen(from, to, 1))]);
        let (new_words, new_fingerprint) = document(&acme, &files).expect("compiles");
        assert_ne!(new_words, words, "{from}");
        assert_ne!(new_fingerprint, fingerprint, "{from}");
    }
    // An overridden value: the parent's `was …` shows in the note.
    let was = words
        .lines()
        .find(|l| l.contains("(was "))
        .expect("an override note");
    let old = was
        .split("(was ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .expect("a value");
    let number: String = old.chars().take_while(char::is_ascii_digit).collect();
    assert!(!number.is_empty(), "{old}");
    let mutated = mutations(&corporate_src)
        .into_iter()
        .find(|m| {
            let files = BTreeMap::from([(corporate.clone(), m.clone())]);
            document(&acme, &files).is_some_and(|(w, _)| {
                w.lines()
                    .any(|l| l.contains("(was ") && !l.contains(&format!("(was {old})")))
                    && w.lines()
                        .filter(|l| l.contains(&format!("(was {old})")))
                        .count()
                        < words
                            .lines()
                            .filter(|l| l.contains(&format!("(was {old})")))
                            .count()
            })
        })
        .expect("a change of the parent's value");
    let files = BTreeMap::from([(corporate.clone(), mutated)]);
    let (_, new_fingerprint) = document(&acme, &files).expect("compiles");
    assert_ne!(new_fingerprint, fingerprint, "the parent's value");
}

/// The records of a terms tree, as `docs/fingerprint.md` specifies them:
/// written here again, on its own, from the spec.
fn spec_records(value: &serde_json::Value, path: &str, out: &mut String) {
    use serde_json::Value;
    let join = |segment: &str| {
        if path.is_empty() {
            segment.to_owned()
        } else {
            format!("{path}.{segment}")
        }
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(&format!("{path} {b}\n")),
        Value::Number(n) => out.push_str(&format!("{path} n{n}\n")),
        Value::String(s) => out.push_str(&format!("{path} s{}:{s}\n", s.len())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                spec_records(item, &join(&i.to_string()), out);
            }
        }
        Value::Object(map) => {
            let mut fields: Vec<_> = map.iter().collect();
            fields.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (name, v) in fields {
                spec_records(v, &join(name), out);
            }
        }
    }
}

/// The encoding and fingerprint of `m` as docs/fingerprint.md defines them,
/// computed here from the Model's JSON without Slate's own encoder.
#[expect(
    clippy::expect_used,
    reason = "a Model that cannot be written as JSON is a failed test"
)]
fn by_the_spec(m: &slate::Model) -> (String, String) {
    use sha2::Digest;
    let mut tree: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(m).expect("JSON")).expect("JSON");
    if let Some(objectives) = tree["objectives"].as_array_mut() {
        for o in objectives {
            o.as_object_mut().map(|o| o.remove("source"));
        }
    }
    let mut records = String::from("slate-terms/2\n");
    spec_records(&tree, "", &mut records);
    let hex: String = sha2::Sha256::digest(records.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (records, format!("slate-terms-v2:sha256:{hex}"))
}

/// The worked example of `docs/fingerprint.md`: Slate's encoding and
/// fingerprint are the page's, and an independent implementation of the
/// page, from `slate model`'s JSON, gives the same bytes and hash.
#[test]
fn the_spec_page_worked_example_recomputes() {
    let page = read(&root().join("docs/fingerprint.md"));
    let worked = &page[page.find("## Worked example").expect("a worked example")..];
    let blocks = slate_tests::code_blocks(worked);
    let [sla, records, fingerprint, ..] = blocks.as_slice() else {
        unreachable!("the worked example has an agreement, its records and its fingerprint")
    };
    assert_eq!(sla.info, "sla");
    let fingerprint = fingerprint.code.trim();
    let checked = slate::check(&sla.code);
    let m = checked.model.expect("the worked example compiles");
    assert_eq!(slate::terms::encode(&m), records.code, "Slate's encoding");
    assert_eq!(m.fingerprint(), fingerprint, "Slate's fingerprint");

    let (mine, spec_fingerprint) = by_the_spec(&m);
    assert_eq!(mine, records.code, "the spec's encoding");
    assert_eq!(spec_fingerprint, fingerprint);
    assert!(page.contains(&format!("is encoded as these {} bytes", mine.len())));

    // The same independent reading gives every single-file example's
    // fingerprint, not only the page's.
    for path in files("examples", "sla") {
        let checked = slate::check(&read(&path));
        let Some(m) = checked.model else { continue };
        assert!(m.lineage.is_none(), "{}", relative(&path));
        assert_eq!(by_the_spec(&m).1, m.fingerprint(), "{}", relative(&path));
    }
}

/// The version-2 fingerprint of every example is pinned: a change to Slate
/// that would change one fails here (see "Stability" in docs/fingerprint.md).
#[test]
fn fingerprints_are_pinned() {
    let lines: Vec<String> = files("examples", "sla")
        .iter()
        .map(|p| {
            let (_, fingerprint) = document(p, &BTreeMap::new()).expect("compiles");
            format!("{} {fingerprint}", relative(p))
        })
        .collect();
    snapshot!("fingerprints_are_pinned", lines.join("\n"));
}

/// An example as it was before it stated its claims and amendments: the
/// statements added to the examples by issue 16 taken out.
fn as_before_claim_statements(src: &str) -> String {
    src.lines()
        .filter(|l| {
            !matches!(
                l.trim(),
                "amendments by both parties" | "applied on request"
            ) && !l.trim().starts_with("claim   by ")
        })
        .map(|l| l.replace("claim   within 30 days in writing", "claim within 30 days"))
        .map(|l| l.replace("claim   within 30 days", "claim within 30 days"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The claim and amendment statements are new kinds of terms: an agreement
/// that uses none keeps the fingerprint it had before they existed (these
/// are the pinned fingerprints of two examples before they used them), so
/// the encoding keeps its version; one that uses them gets another.
#[test]
fn claim_statements_leave_other_fingerprints_alone() {
    for (name, before) in [
        (
            "examples/saas.sla",
            "slate-terms-v2:sha256:9261282eabfe72b5632b951453a2a5328bef0cc554d48e129a1de82216134b33",
        ),
        (
            "examples/support.sla",
            "slate-terms-v2:sha256:3f126445d498e0c74ae670e00245b2a9191db933ffd8027da3a3ed4e4c17c595",
        ),
    ] {
        let src = read(&root().join(name));
        let old = as_before_claim_statements(&src);
        assert_ne!(old, src, "{name} states claims or amendments");
        let fingerprint = |text: &str| slate::check(text).model.expect("compiles").fingerprint();
        assert_eq!(
            fingerprint(&old),
            before,
            "{name} without the new statements"
        );
        assert_ne!(
            fingerprint(&src),
            before,
            "{name}: the new statements are terms"
        );
    }
}

/// Fingerprints made with the first encoding (the Model's JSON) still
/// verify, and say which version matched; a wrong one does not.
#[test]
fn earlier_fingerprints_still_verify() {
    let path = root().join("examples/support.sla");
    let checked = slate::check(&as_before_claim_statements(&read(&path)));
    let m = checked.model.expect("compiles");
    // What `slate fingerprint` printed before the encoding was versioned.
    let v1 = "sha256:700c628e8c3a767251da9a1bee61c2872e668f9800adb6f86a9b73f31540ed35";
    assert_eq!(
        slate::terms::verify(&m, v1),
        Some(slate::terms::Version::V1)
    );
    assert_eq!(
        slate::terms::verify(&m, &format!(" {} ", m.fingerprint().to_uppercase())),
        Some(slate::terms::Version::V2)
    );
    assert_eq!(slate::terms::verify(&m, "sha256:00"), None);
    assert_eq!(
        slate::terms::verify(&m, &v1.replace("sha256:", "slate-terms-v2:sha256:")),
        None
    );
}

/// The terms serialize for every agreement of the examples and the check
/// corpus, so a fingerprint is never made of an empty or `null` encoding
/// (`Model::canonical_json` would stop rather than give one).
#[test]
fn canonical_json_is_never_empty() {
    for path in files("examples", "sla")
        .into_iter()
        .chain(files("tests/data/check/ok", "sla"))
    {
        let m = slate_tests::model_at(&path);
        let json = m.canonical_json();
        assert!(
            json.starts_with('{') && json.len() > 2,
            "{}",
            relative(&path)
        );
        assert!(m.canonical_value().is_object(), "{}", relative(&path));
    }
}

/// The terms tree that the encoding reads is the Model's compact JSON (its
/// metric sources left out) read back as a tree, for every example and
/// file of the check corpus: `canonical_value` takes the sources out of the
/// tree rather than out of a copy of the Model (issue 21), and says the
/// same. Some of these objectives have sources, so taking them out is
/// tested.
#[test]
fn canonical_value_is_the_canonical_json_as_a_tree() {
    let mut sourced = 0;
    for path in files("examples", "sla")
        .into_iter()
        .chain(files("tests/data/check/ok", "sla"))
    {
        let m = slate_tests::model_at(&path);
        sourced += m.objectives.iter().filter(|o| o.source.is_some()).count();
        let tree: serde_json::Value = serde_json::from_str(&m.canonical_json()).unwrap_or_default();
        assert_eq!(m.canonical_value(), tree, "{}", relative(&path));
    }
    assert!(sourced > 0, "no objective states a metric source");
}
