//! trovi-core: full-text search over articles, built natively, searched anywhere.
//!
//! (Crate docs are completed with the walkthrough below once the API settles.)
#![deny(missing_docs)]

mod article;
mod bundle;
#[cfg(feature = "indexer")]
mod build;
mod error;
pub mod query;
#[cfg(feature = "indexer")]
mod read;
mod schema;
mod search;
mod snippet;

pub use article::{format_date, parse_date, Article};
#[cfg(feature = "indexer")]
pub use build::{IndexBuilder, IndexOptions};
#[cfg(feature = "indexer")]
pub use bundle::WrittenBundle;
pub use bundle::{Bundle, BundleFile, BundleHeader, Manifest, FORMAT_VERSION, MAGIC, MANIFEST_NAME};
pub use error::{Error, Result};
#[cfg(feature = "indexer")]
pub use read::{read_inputs, Diagnostic, ReadOptions, ReadReport};
pub use schema::Stemming;
pub use search::request::{Facets, Hit, Relaxed, SearchRequest, SearchResults, Snippet, Sort, TagMode};
pub use search::{Searcher, Tuning, SHORT_QUERY_WORDS};
