//! Replays the committed fuzz corpus and every crash found so far (minimized,
//! in `fuzz/regressions/<target>/`) through the same bodies the cargo-fuzz
//! targets run (`slate_fuzz`), so regressions are caught by a plain
//! `cargo test`, without nightly. See `docs/hardening.md`.

#![expect(clippy::panic, reason = "a failed replay is a failed test")]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use slate_fuzz::{EVENT_AGREEMENTS, EventRules};
use slate_tests::{read, relative, root};

/// Every file of `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root().join("fuzz").join(dir).join(target)) else {
            continue;
        };
        out.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "README.md")),
        );
    }
    out.sort();
    out
}

/// Runs `body` on every input of `target`, naming each input that fails.
fn replay(target: &str, body: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "no corpus for fuzz target `{target}` under fuzz/corpus/{target}/"
    );
    let mut failed = Vec::new();
    for file in &files {
        let data = match std::fs::read(file) {
            Ok(d) => d,
            Err(e) => panic!("cannot read {}: {e}", file.display()),
        };
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            failed.push(relative(file));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} inputs of `{target}` fail (the panic messages are above): {failed:#?}",
        failed.len(),
        files.len()
    );
}

#[test]
fn parse() {
    replay("parse", slate_fuzz::parse);
}

#[test]
fn check() {
    replay("check", slate_fuzz::check);
}

#[test]
fn link() {
    replay("link", slate_fuzz::link);
}

#[test]
fn render() {
    replay("render", slate_fuzz::render);
}

#[test]
fn rules() {
    replay("rules", slate_fuzz::rules);
}

#[test]
fn events() {
    let sources: Vec<String> = EVENT_AGREEMENTS
        .iter()
        .map(|(path, _)| read(&root().join(path)))
        .collect();
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let Some(rules) = EventRules::new(&sources) else {
        panic!("the agreements of slate_fuzz::EVENT_AGREEMENTS must compile");
    };
    replay("events", |data| slate_fuzz::events(&rules, data));
}

#[test]
fn format() {
    replay("format", slate_fuzz::format);
}
