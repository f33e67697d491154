//! The only place that talks to trovi-core's index API: open a bundle, search it.
//!
//! A bundle is searched whole (downloaded at once) or lazily: opened from its
//! head, with every other byte range fetched with an HTTP Range request when
//! a search needs it (see `trovi_core::LazyBundle`). Either way the same
//! `Searcher` code answers, so results are identical.

use gloo::net::http::Request;
use std::ops::Range;
use trovi_core::{Bundle, Error, Hit, LazyBundle, Result, SearchRequest, SearchResults, Searcher};

/// An opened index.
pub struct Engine {
    searcher: Searcher,
    lazy: Option<(LazyBundle, String)>,
}

impl Engine {
    /// Verifies the bundle bytes (magic, format version, checksums) and opens the index.
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        let bundle = Bundle::from_bytes(bytes)?;
        Ok(Engine { searcher: Searcher::open(bundle)?, lazy: None })
    }

    /// Opens the bundle at `url` from its head (header and hot cache).
    pub async fn open_lazy(lazy: LazyBundle, url: String) -> Result<Engine> {
        let searcher = lazy.fetching(|| Searcher::open_lazy(&lazy), |ranges| fetch_ranges(&url, ranges)).await?;
        Ok(Engine { searcher, lazy: Some((lazy, url)) })
    }

    /// Runs a search (fetching what it needs, when lazy).
    pub async fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        match &self.lazy {
            None => self.searcher.search(request),
            Some((lazy, url)) => lazy.fetching(|| self.searcher.search(request), |ranges| fetch_ranges(url, ranges)).await,
        }
    }

    /// Articles similar to the article `id`.
    pub async fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        match &self.lazy {
            None => self.searcher.related(id, limit),
            Some((lazy, url)) => lazy.fetching(|| self.searcher.related(id, limit), |ranges| fetch_ranges(url, ranges)).await,
        }
    }

    /// Number of articles in the index.
    pub fn doc_count(&self) -> u64 {
        self.searcher.doc_count()
    }
}

/// Fetches byte ranges of `url`, one Range request each, all at once.
async fn fetch_ranges(url: &str, ranges: Vec<Range<u64>>) -> Result<Vec<Vec<u8>>> {
    futures_util::future::try_join_all(ranges.into_iter().map(|range| fetch_range(url, range))).await
}

async fn fetch_range(url: &str, range: Range<u64>) -> Result<Vec<u8>> {
    let fail = |detail: String| Error::Fetch(format!("{url} bytes {}-{}: {detail}", range.start, range.end - 1));
    // `no-store`: Chromium's HTTP cache lets one request per URL through at a
    // time, which would queue a round's concurrent ranges one after another
    // (the app keeps fetched ranges in memory anyway).
    let response = Request::get(url)
        .header("Range", &format!("bytes={}-{}", range.start, range.end - 1))
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    match response.status() {
        206 => response.binary().await.map_err(|e| fail(e.to_string())),
        200 => Err(fail("the server ignored the Range request (it must serve byte ranges of uncompressed files)".into())),
        status => Err(fail(format!("HTTP {status}"))),
    }
}
