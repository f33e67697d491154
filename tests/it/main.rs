//! trovi's cross-crate, CLI and end-to-end tests: one binary (so tantivy is
//! linked once), one module per concern. Run one module with
//! `cargo test --workspace --all-targets -- lazy::` (a name filter).

mod bad_input;
mod bitpacking;
mod cli;
mod eval;
mod examples;
mod export;
mod lazy;
mod pack;
mod search;
mod site;
