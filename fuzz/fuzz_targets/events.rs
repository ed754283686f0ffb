//! Fuzz target `events`: the body is `slate_fuzz::events`, which the corpus
//! replay test (`tests/it/fuzz_replay.rs`) runs too, against the same rule sets.
#![no_main]

use std::sync::LazyLock;

use slate_fuzz::{EVENT_AGREEMENTS, EventRules};

static RULES: LazyLock<EventRules> = LazyLock::new(|| {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let sources: Vec<String> = EVENT_AGREEMENTS
        .iter()
        .map(|(path, _)| std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_default())
        .collect();
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    match EventRules::new(&sources) {
        Some(rules) => rules,
        None => panic!("the agreements of slate_fuzz::EVENT_AGREEMENTS must compile"),
    }
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| slate_fuzz::events(&RULES, data));
