//! Fuzz target `parse`: the body is `slate_fuzz::parse`, which the corpus
//! replay test (`tests/it/fuzz_replay.rs`) runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slate_fuzz::parse(data));
