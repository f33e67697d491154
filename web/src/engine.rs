//! The only place that talks to trovi-core's index API: open a bundle, search it.

use trovi_core::{Bundle, Hit, Result, SearchRequest, SearchResults, Searcher};

/// An opened index.
pub struct Engine {
    searcher: Searcher,
}

impl Engine {
    /// Verifies the bundle bytes (magic, format version, checksums) and opens the index.
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        let bundle = Bundle::from_bytes(bytes)?;
        Ok(Engine { searcher: Searcher::open(bundle)? })
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.searcher.search(request)
    }

    /// Articles similar to the article `id`.
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        self.searcher.related(id, limit)
    }

    /// Number of articles in the index.
    pub fn doc_count(&self) -> u64 {
        self.searcher.doc_count()
    }
}
