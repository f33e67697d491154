#![no_main]
//! The bundle reader on any bytes, as a damaged download delivers them:
//! `Bundle::from_bytes` must refuse what is not an intact bundle with an
//! error, and whatever it accepts must open and search without a panic.
//! Seeded with real bundles (the committed format-1 fixture and a fresh one),
//! which the fuzzer mutates: truncations, flipped bytes, edited headers.
//! (The first byte of an input is ignored: the seeds are shared with
//! `bundle_forged`, where it is a mode byte.)

use libfuzzer_sys::fuzz_target;

#[path = "exercise.rs"]
mod exercise;

fuzz_target!(|data: &[u8]| {
    let Some((_, rest)) = data.split_first() else { return };
    exercise::open_and_search(rest.to_vec());
});
