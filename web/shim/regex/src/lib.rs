//! `regex` as `regex-lite`, for trovi's browser build (see Cargo.toml).
//!
//! regex-lite implements regex's `Regex` API (`new`, `is_match`, `find`,
//! `captures`, `replace`, `replace_all`, `split`, …) and `escape`, but matches
//! Unicode only as plain code points: no `\p{…}` classes and no Unicode-aware
//! `\w`, `\d`, `\s`, `\b`. tantivy, the only user in the app, compiles `[\\/]`
//! (facet paths) and globs of field names, which regex-lite handles alike.
#![forbid(unsafe_code)]

pub use regex_lite::*;
