//! Fuzz target `check`: the body is `slate::fuzz::check`, which the corpus
//! replay test (`tests/it/fuzz_replay.rs`) runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slate::fuzz::check(data));
