//! trovi-core: full-text search over articles, built natively, searched anywhere.
//!
//! Static sites and small services want search without a search server. trovi
//! builds a [tantivy] index ahead of time, packs it into one versioned,
//! checksummed [`Bundle`], and searches that bundle wherever it lands: in a
//! Rust program, or inside a web page compiled to wasm32. Queries get BM25
//! ranking, phrases, exclusions, `OR`, field and date filters, typo tolerance,
//! prefix matching while typing, facet counts and highlighted snippets.
//!
//! ```
//! use trovi_core::{Article, Bundle, IndexBuilder, SearchRequest, Searcher};
//!
//! # fn main() -> trovi_core::Result<()> {
//! // Build: add articles, finish into a bundle (write it with `write_to_dir`).
//! let mut builder = IndexBuilder::new()?;
//! let mut article = Article::new("wheat-1", "Wheat exports rise", "Farmers shipped more wheat to Egypt.");
//! article.tags = vec!["topic:grain".into()];
//! builder.add(&article)?;
//! builder.add(&Article::new("oil-1", "Oil prices fall", "OPEC met in Vienna."))?;
//! let bundle: Bundle = builder.finish()?;
//!
//! // Search: the same bytes open natively or in wasm32 (`Bundle::from_bytes`).
//! let searcher = Searcher::open(Bundle::from_bytes(bundle.as_bytes().to_vec())?)?;
//! let results = searcher.search(&SearchRequest::new("wheet export"))?; // a typo, and a stem
//! assert_eq!(results.hits[0].id, "wheat-1");
//! assert_eq!(results.facets.tags["topic:grain"], 1);
//! // Highlights are byte ranges into plain text, never HTML.
//! let title = &results.hits[0].title;
//! let [start, end] = results.hits[0].title_highlights[0];
//! assert_eq!(&title[start..end], "Wheat");
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! - `indexer` (default): reading article files ([`read_inputs`]), building
//!   ([`IndexBuilder`]) and writing/reading bundle directories. **Without it,
//!   trovi-core does no file I/O** and compiles for `wasm32-unknown-unknown`:
//!   it opens bundles from bytes and searches them.
//!
//! [tantivy]: https://docs.rs/tantivy
#![deny(missing_docs)]

mod article;
mod bundle;
#[cfg(feature = "indexer")]
mod build;
mod error;
mod lazy;
pub mod query;
#[cfg(feature = "indexer")]
mod read;
/// Entry points for the fuzz targets in `fuzz/` (the `fuzzing` feature): not a stable API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use read::fuzzing;
mod schema;
mod search;
#[cfg(feature = "indexer")]
mod site;
mod snippet;
mod stem;

pub use article::{format_date, parse_date, Article, Section};
#[cfg(feature = "indexer")]
pub use build::{IndexBuilder, IndexOptions, LiveIndex};
#[cfg(feature = "indexer")]
pub use bundle::WrittenBundle;
pub use bundle::{Bundle, BundleFile, BundleHeader, Manifest, FORMAT_VERSION, HOT_CACHE_NAME, MAGIC, MANIFEST_NAME};
pub use error::{Error, Result};
pub use lazy::{
    block_on, Engine, FetchStats, LazyBundle, HOT_FIELD_NORM_BYTES, LAZY_FACET_BYTES, MAX_FETCH_ROUNDS, TYPO_SCAN_BYTES,
    WHOLE_AFTER_FIRST_SEARCH_BYTES,
};
#[cfg(feature = "indexer")]
pub use read::{read_inputs, Diagnostic, ReadOptions, ReadReport};
pub use schema::Stemming;
#[cfg(feature = "indexer")]
pub use site::{read_site, SiteOptions};
pub use search::request::{Facets, Hit, Relaxed, SearchRequest, SearchResults, Snippet, Sort, TagMode};
pub use search::{decode_pairs, encode_pairs, Searcher, Tuning, MAX_URL_LIMIT, MAX_URL_OFFSET, COMMON_WORD_DOCS, ENGLISH_STOP_WORDS, PREFIX_EXPANSIONS, PROXIMITY_SLOP, RARE_WORD_DOCS, SHORT_QUERY_WORDS};
