#![no_main]
//! The Markdown reader (YAML and TOML front matter, CommonMark body) on any bytes.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    // One record, or a draft or broken front matter (skipped), or empty
    // (warned about). The front matter may set the id.
    common::one_article("post.md", data);
});
