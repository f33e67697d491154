//! trovi-core compiled to wasm32 and run in a browser: opens the committed
//! format-1 fixture bundle from bytes and searches it, and refuses damaged bytes
//! with an error instead of panicking.
//!
//! Run with `bash scripts/test.sh`, or by hand:
//!
//! ```sh
//! PATH="$PWD/target/tools/bin:$PATH" CHROMEDRIVER=/usr/bin/chromedriver \
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test -p trovi-web --target wasm32-unknown-unknown
//! ```
//!
//! (from the workspace root, where `webdriver.json` passes Chromium its flags).
#![cfg(target_arch = "wasm32")]

use trovi_core::{Bundle, Error, SearchRequest, Searcher};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The bundle named by `tests/fixtures/bundle-v1/trovi.json`.
const BUNDLE: &[u8] = include_bytes!("../../tests/fixtures/bundle-v1/index.dbc932ebe15bc8d7.trovi");
const MANIFEST: &str = include_str!("../../tests/fixtures/bundle-v1/trovi.json");

fn open(bytes: Vec<u8>) -> trovi_core::Result<Searcher> {
    Searcher::open(Bundle::from_bytes(bytes)?)
}

#[wasm_bindgen_test]
fn fixture_is_the_bundle_its_manifest_names() {
    let manifest: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
    assert_eq!(
        manifest["bundle"], "index.dbc932ebe15bc8d7.trovi",
        "the fixture was regenerated: update the include_bytes! path in web/tests/core_in_wasm.rs"
    );
    assert_eq!(manifest["size"].as_u64(), Some(BUNDLE.len() as u64));
}

#[wasm_bindgen_test]
fn searches_the_fixture_bundle_in_the_browser() {
    let searcher = open(BUNDLE.to_vec()).unwrap();
    assert_eq!(searcher.doc_count(), 1);
    let results = searcher.search(&SearchRequest::new("multipolar")).unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert!(hit.title.starts_with("Putin extends"), "top hit: {}", hit.title);
    // The snippet marks the word, by byte ranges into the plain text.
    let snippet = &hit.snippet;
    assert!(!snippet.highlights.is_empty(), "no highlights in {:?}", snippet.text);
    for &[start, end] in &snippet.highlights {
        let word = snippet.text.get(start..end).expect("highlight on char boundaries");
        assert!(word.to_lowercase().starts_with("multipolar"), "highlight {start}..{end} is {word:?}");
    }
    // Timing works in the browser (no std::time panic on wasm32).
    let again = searcher.search(&SearchRequest::new("Putin").limit(5)).unwrap();
    assert_eq!(again.total, 1);
    assert!(again.hits[0].title_highlights.iter().any(|&[s, e]| &again.hits[0].title[s..e] == "Putin"));
}

#[wasm_bindgen_test]
fn corrupt_bytes_are_refused_with_an_error() {
    // A flipped byte in the middle of the payload: the checksums catch it.
    let mut damaged = BUNDLE.to_vec();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    match open(damaged) {
        Err(Error::CorruptBundle(_)) => {}
        Err(other) => panic!("expected CorruptBundle, got {other}"),
        Ok(_) => panic!("a damaged bundle was opened"),
    }
    // Truncated, empty and foreign bytes: errors, never panics.
    for bytes in [BUNDLE[..BUNDLE.len() / 3].to_vec(), Vec::new(), b"<!doctype html><p>404".to_vec()] {
        assert!(open(bytes).is_err());
    }
}
