//! The engine: one searcher over one bundle's bytes, whole or lazy.

use super::{FetchStats, LazyBundle};
use crate::{Bundle, Hit, Result, SearchRequest, SearchResults, Searcher};
use std::future::Future;
use std::ops::Range;

/// A bundle opened for searching. **Whole and lazy are one code path**: a
/// bundle read whole is a bundle whose bytes are all present, so its
/// operations never call `fetch`; one opened from its head fetches the
/// byte ranges each operation misses (over HTTP Range in a browser) and
/// runs it again, until a pass misses nothing. The same searcher answers
/// either way, so the answers are the same.
///
/// `fetch` gets the missing ranges (sorted, disjoint, absolute offsets in
/// the bundle) and returns their bytes in the same order; it should fetch
/// them concurrently. Its errors end the operation.
///
/// ```
/// # use trovi_core::{Engine, Result, SearchRequest};
/// # fn demo(bundle_bytes: &[u8], head: usize) -> Result<()> {
/// // In a browser, `fetch` issues HTTP Range requests; here the bytes are local.
/// let fetch = |ranges: Vec<std::ops::Range<u64>>| {
///     let parts = ranges.iter().map(|r| bundle_bytes[r.start as usize..r.end as usize].to_vec()).collect();
///     std::future::ready(Ok(parts))
/// };
/// # futures_lite(async {
/// let engine = Engine::open(bundle_bytes[..head].to_vec(), bundle_bytes.len() as u64, fetch).await?;
/// let results = engine.search(&SearchRequest::new("pension"), fetch).await?;
/// // The rest of the bundle, fetched in the background: checked, then nothing is fetched again.
/// engine.complete(head as u64, bundle_bytes[head..].to_vec())?;
/// # let _ = results; Ok::<(), trovi_core::Error>(()) })
/// # }
/// # fn futures_lite<F: std::future::Future>(f: F) -> F::Output { trovi_core::block_on(f) }
/// ```
#[derive(Debug)]
pub struct Engine {
    bundle: LazyBundle,
    searcher: Searcher,
}

impl Engine {
    /// Opens a verified bundle held whole: no operation ever fetches.
    pub fn whole(bundle: Bundle) -> Result<Engine> {
        let bundle = LazyBundle::whole(&bundle);
        let searcher = Searcher::open_bytes(&bundle)?;
        Ok(Engine { bundle, searcher })
    }

    /// Opens a bundle of `size` bytes from its `head` (at least its first
    /// [`Manifest::head`](crate::Manifest::head) bytes): checks the header
    /// and the hot cache, then opens the index, fetching what opening reads
    /// beyond the hot cache (usually nothing).
    pub async fn open<F, Fut>(head: Vec<u8>, size: u64, fetch: F) -> Result<Engine>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        let bundle = LazyBundle::from_head(head, size)?;
        let searcher = bundle.fetching(|| Searcher::open_bytes(&bundle), fetch).await?;
        Ok(Engine { bundle, searcher })
    }

    /// Runs a search, fetching what it needs. Never fails because of the
    /// query text.
    pub async fn search<F, Fut>(&self, request: &SearchRequest, fetch: F) -> Result<SearchResults>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        self.bundle.fetching(|| self.searcher.search(request), fetch).await
    }

    /// The articles most similar to the article `id` (see [`Searcher::related`]).
    pub async fn related<F, Fut>(&self, id: &str, limit: usize, fetch: F) -> Result<Vec<Hit>>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        self.bundle.fetching(|| self.searcher.related(id, limit), fetch).await
    }

    /// Fetches ahead what `request` will read, for a search the visitor is
    /// still typing: at most `rounds` fetch rounds, and only while a
    /// round's missing bytes stay within `budget`. The search's answer is
    /// dropped; what was fetched stays, so the real search that follows
    /// needs fewer rounds. A search is staged (dictionary blocks, then
    /// postings and positions, then stored documents): ask for no hits
    /// (`limit: 0`) and the prefetch never reads stored documents. Returns
    /// the rounds fetched (none on a complete bundle).
    pub async fn prefetch<F, Fut>(&self, request: &SearchRequest, fetch: F, rounds: usize, budget: u64) -> Result<usize>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        self.bundle.prefetch(|| self.searcher.search(request), fetch, rounds, budget).await
    }

    /// Completes a lazily opened bundle with its bytes from `from` (at most
    /// the head's length) to the end: every file's checksum is checked, and
    /// from then on no operation fetches. On an error (a damaged download)
    /// nothing changes and the engine stays lazy.
    pub fn complete(&self, from: u64, rest: Vec<u8>) -> Result<()> {
        self.bundle.complete(from, rest)
    }

    /// Whether every byte of the bundle is present: operations never fetch.
    pub fn is_complete(&self) -> bool {
        self.bundle.is_complete()
    }

    /// The searcher, for what needs no fetching once opened (the document
    /// count, the stemming language, ranking knobs).
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The searcher, to change its ranking knobs.
    pub fn searcher_mut(&mut self) -> &mut Searcher {
        &mut self.searcher
    }

    /// The bundle's bytes: its header, size, head length and what fetching cost.
    pub fn bundle(&self) -> &LazyBundle {
        &self.bundle
    }

    /// Fetch rounds, requests and bytes so far.
    pub fn stats(&self) -> FetchStats {
        self.bundle.stats()
    }
}
