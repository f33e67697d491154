#![no_main]
//! The HTML reader on any bytes.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(article) = common::one_article("page.html", data) {
        // A page's id is always its path.
        assert_eq!(article.id, "page");
    }
});
