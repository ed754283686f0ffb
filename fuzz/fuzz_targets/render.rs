//! Fuzz target `render`: the body is `slate_fuzz::render`, which the corpus
//! replay test (`tests/it/fuzz_replay.rs`) runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slate_fuzz::render(data));
