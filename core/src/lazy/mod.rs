//! Lazy loading: searching a bundle of which only the needed byte ranges
//! have been fetched (over HTTP Range in the browser).
//!
//! # How a lazy search runs
//!
//! 1. The reader fetches the bundle's first [`Manifest::head`](crate::Manifest::head)
//!    bytes in one request: the header and the **hot cache**, a copy of every
//!    byte range that opening the index reads (term dictionary indexes, file
//!    footers, the doc store's skip index; field norms and facet columns when
//!    they are small). [`LazyBundle::from_head`] checks both.
//! 2. Each search runs the ordinary synchronous search over a range cache.
//!    **A read of bytes not fetched yet is recorded and fails; the driver
//!    ([`LazyBundle::fetching`]) fetches every recorded range at once
//!    (sorted, nearby ranges merged) and runs the search again**, until a
//!    pass reads nothing new. A result is only returned from a pass that
//!    missed nothing, so a swallowed read error can never change an answer.
//! 3. The search is staged so that independent reads miss in the same pass:
//!    all the query's dictionary lookups, then all postings and field norms,
//!    then all stored documents of the page of hits. A typical first query
//!    takes three or four round trips; repeating it takes none.
//!
//! # Bounds
//!
//! Some features read a whole column. Rules, the same in every build:
//!
//! - **Facet counts** read the `tag` and `author` columns whole: a lazily
//!   opened index counts facets only when the two columns together are at
//!   most [`LAZY_FACET_BYTES`]; otherwise results say
//!   [`SearchResults::facets_omitted`](crate::SearchResults::facets_omitted).
//! - **Typo tolerance** scans the dictionary range of terms sharing the
//!   word's first letter; where that range is larger than
//!   [`TYPO_SCAN_BYTES`], the shared prefix grows (two letters, three…)
//!   until it fits. This holds for whole bundles too, so results agree.
//! - Sorting by date and date bounds read the date column whole (once).
//!
//! Lazily read ranges are not checksummed (only the header and the hot cache
//! are): checking a file's CRC-32 needs the whole file.

mod cache;
mod directory;
mod engine;
mod hotcache;
mod misses;

pub use engine::Engine;
pub(crate) use cache::RangeCache;
pub(crate) use directory::{poll_once, BundleDirectory};
pub(crate) use misses::so_far as misses_so_far;
#[cfg(feature = "indexer")]
pub(crate) use hotcache::build as build_hot_cache;

use crate::bundle::{file_range, head_len, parse_header, Bundle, BundleHeader, HOT_CACHE_NAME};
use crate::{Error, Result};
use std::future::Future;
use std::ops::Range;
use std::sync::Arc;
use tantivy::directory::OwnedBytes;

/// Facet counts on a lazily opened index read the `tag` and `author` columns
/// whole; above this many bytes together they are not counted.
pub const LAZY_FACET_BYTES: u64 = 512 * 1024;

/// Typo tolerance scans at most this many bytes of term dictionary per word
/// and field (by requiring a longer shared prefix than the first letter), in
/// every index, so that lazy and whole loading give the same results.
pub const TYPO_SCAN_BYTES: u64 = 16 * 1024;

/// Field norms (one byte per article and text field) go into the hot cache
/// when all of them together are at most this size; larger ones are fetched
/// by the first search that needs them.
pub const HOT_FIELD_NORM_BYTES: u64 = 256 * 1024;

/// A browser opens every bundle lazily from its head, so the first search
/// waits for no more than it needs. A bundle of at most this many bytes is
/// then downloaded whole in the background once the first results are shown,
/// so later searches fetch nothing; a larger one stays lazy. Chosen with the
/// visitor-typing benchmark (BENCHMARKS.md, "First search as a visitor
/// lives it"): the rest of a bundle this size costs about what a few lazy
/// searches would.
pub const WHOLE_AFTER_FIRST_SEARCH_BYTES: u64 = 512 * 1024;

/// The driver gives up after this many fetch rounds for one operation.
pub const MAX_FETCH_ROUNDS: usize = 24;

/// What a [`LazyBundle`] has cost so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchStats {
    /// Fetch rounds (each is one round trip; its ranges go out concurrently).
    pub rounds: u64,
    /// Range requests.
    pub requests: u64,
    /// Bytes received by range requests (the head not included).
    pub bytes: u64,
}

/// The bytes of a bundle present so far, and what fetching the others has
/// cost: all of them for a bundle read whole, the head (header and hot
/// cache) and what searches needed for a bundle read lazily. An
/// [`Engine`] owns one and drives every operation through it.
#[derive(Debug, Clone)]
pub struct LazyBundle {
    header: Arc<BundleHeader>,
    size: u64,
    cache: Arc<RangeCache>,
    stats: Arc<std::sync::Mutex<FetchStats>>,
    max_rounds: usize,
}

impl LazyBundle {
    /// Checks the head of a bundle of `size` bytes (magic, format version,
    /// header checksum, file table, hot cache checksum) and loads the hot cache.
    /// `head` is the bundle's first bytes: at least [`Manifest::head`](crate::Manifest::head)
    /// of them (more is fine, and all of them are kept).
    pub fn from_head(head: Vec<u8>, size: u64) -> Result<LazyBundle> {
        let header = parse_header(&head, size)?;
        let lazy = LazyBundle::empty(header, size);
        if let Some(file) = lazy.header.files.iter().find(|f| f.name == HOT_CACHE_NAME) {
            let range = file_range(file, head.len() as u64).map_err(|_| {
                Error::CorruptBundle(format!(
                    "the head holds {} bytes but the hot cache ends at {}",
                    head.len(),
                    file.offset + file.len
                ))
            })?;
            let bytes = &head[range];
            if crc32fast::hash(bytes) != file.crc32 {
                return Err(Error::CorruptBundle(format!("checksum mismatch in {HOT_CACHE_NAME}")));
            }
            for (start, data) in hotcache::decode(bytes, &lazy.header)? {
                lazy.cache.insert(start, OwnedBytes::new(data));
            }
        }
        lazy.cache.insert(0, OwnedBytes::new(head));
        Ok(lazy)
    }

    /// A verified bundle whose bytes are all present: reads never miss.
    pub(crate) fn whole(bundle: &Bundle) -> LazyBundle {
        let lazy = LazyBundle::empty(bundle.header().clone(), bundle.len() as u64);
        lazy.cache.replace_all(bundle.bytes());
        lazy
    }

    /// A lazy bundle with nothing cached, for building the hot cache: opening
    /// without one takes a round per read, so the round limit is lifted.
    #[cfg(feature = "indexer")]
    pub(crate) fn empty_unbounded(header: BundleHeader, size: u64) -> LazyBundle {
        LazyBundle { max_rounds: 10_000, ..LazyBundle::empty(header, size) }
    }

    fn empty(header: BundleHeader, size: u64) -> LazyBundle {
        LazyBundle { header: Arc::new(header), size, cache: Arc::default(), stats: Arc::default(), max_rounds: MAX_FETCH_ROUNDS }
    }

    /// The verified header.
    pub fn header(&self) -> &BundleHeader {
        &self.header
    }

    /// Size of the whole bundle in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes at the start that hold the header and the hot cache.
    pub fn head_len(&self) -> u64 {
        head_len(&self.header, self.size)
    }

    /// Bytes held in memory (head, hot cache and fetched ranges).
    pub fn cached_bytes(&self) -> u64 {
        self.cache.cached_bytes()
    }

    /// Whether every byte of the bundle is present (it was read whole, or
    /// [`LazyBundle::complete`] got the rest): searches never fetch.
    pub fn is_complete(&self) -> bool {
        self.cache.cached_bytes() >= self.size
    }

    /// Fetch rounds, requests and bytes so far.
    pub fn stats(&self) -> FetchStats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    pub(crate) fn directory(&self) -> BundleDirectory {
        BundleDirectory::new(&self.header, self.cache.clone())
    }

    /// Completes the bundle with `rest`, its bytes from `from` to the end
    /// (`from` at most [`LazyBundle::head_len`]): checks every file's
    /// checksum over the head and `rest` together, then holds them as the
    /// bundle's bytes, so searches fetch nothing from then on. Bytes fetched
    /// lazily before (not checksummed) are dropped for the checked ones. On
    /// an error nothing changes.
    pub fn complete(&self, from: u64, rest: Vec<u8>) -> Result<()> {
        if from.checked_add(rest.len() as u64) != Some(self.size) {
            return Err(Error::Fetch(format!(
                "{} bytes from {from} do not end the {}-byte bundle",
                rest.len(),
                self.size
            )));
        }
        let head = self.cache.get(0..from).ok_or_else(|| {
            Error::Fetch(format!("the rest of the bundle must start within its head ({} bytes), not at {from}", self.head_len()))
        })?;
        let mut bytes = Vec::with_capacity(self.size as usize);
        bytes.extend_from_slice(head.as_slice());
        bytes.extend_from_slice(&rest);
        let bundle = Bundle::from_bytes(bytes)?;
        if bundle.header() != &*self.header {
            return Err(Error::CorruptBundle("the rest belongs to another bundle (its header differs)".into()));
        }
        self.cache.replace_all(bundle.bytes());
        Ok(())
    }

    #[cfg(feature = "indexer")]
    pub(crate) fn chunks(&self) -> Vec<(u64, Vec<u8>)> {
        let mut out = Vec::new();
        let mut at = 0;
        // Walk the cache through its public read path: chunk by chunk.
        while at < self.size {
            match self.cache.chunk_at_or_after(at) {
                Some((start, bytes)) => {
                    at = start + bytes.len() as u64;
                    out.push((start, bytes));
                }
                None => break,
            }
        }
        out
    }

    /// Stores bytes fetched from `start` (checked against the bundle's size).
    pub fn supply(&self, start: u64, bytes: Vec<u8>) -> Result<()> {
        if start.checked_add(bytes.len() as u64).is_none_or(|end| end > self.size) {
            return Err(Error::Fetch(format!(
                "{} bytes at {start} lie beyond the end of the bundle ({} bytes)",
                bytes.len(),
                self.size
            )));
        }
        self.cache.insert(start, OwnedBytes::new(bytes));
        Ok(())
    }

    /// Runs `attempt` until a pass reads only fetched bytes, fetching what
    /// each pass missed with `fetch` in between.
    ///
    /// `fetch` gets the missing ranges (sorted, disjoint, absolute offsets in
    /// the bundle) and must return their bytes in the same order; it should
    /// fetch them concurrently. Its errors end the operation.
    pub(crate) async fn fetching<T, F, Fut>(&self, mut attempt: impl FnMut() -> Result<T>, mut fetch: F) -> Result<T>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        for _ in 0..self.max_rounds {
            let (result, misses) = misses::recording(&mut attempt);
            if misses.is_empty() {
                return result;
            }
            self.fetch_misses(misses, &mut fetch).await?;
        }
        Err(Error::Fetch(format!("still missing bytes after {} fetch rounds", self.max_rounds)))
    }

    /// Fetches ahead what `attempt` will read, for a search the visitor is
    /// still typing: at most `rounds` fetch rounds, and only while a round's
    /// missing bytes stay within `budget`. The attempt's answer is dropped;
    /// what was fetched stays cached, so the real search that follows needs
    /// fewer rounds (a search is staged: dictionary blocks, then postings and
    /// positions, then stored documents; ask for no hits, `limit: 0`, and the
    /// prefetch never reads stored documents). Returns the number of rounds
    /// fetched.
    pub(crate) async fn prefetch<T, F, Fut>(&self, mut attempt: impl FnMut() -> Result<T>, mut fetch: F, rounds: usize, budget: u64) -> Result<usize>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        for round in 0..rounds.min(self.max_rounds) {
            let (_, mut misses) = misses::recording(&mut attempt);
            cache::coalesce(&mut misses, cache::COALESCE_GAP);
            let wanted: u64 = misses.iter().map(|r| r.end - r.start).sum();
            if misses.is_empty() || wanted > budget {
                return Ok(round);
            }
            self.fetch_misses(misses, &mut fetch).await?;
        }
        Ok(rounds.min(self.max_rounds))
    }

    /// One fetch round: `misses` through `fetch` (sorted, nearby ranges
    /// merged), checked and cached.
    async fn fetch_misses<F, Fut>(&self, mut misses: Vec<Range<u64>>, fetch: &mut F) -> Result<()>
    where
        F: FnMut(Vec<Range<u64>>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<u8>>>>,
    {
        cache::coalesce(&mut misses, cache::COALESCE_GAP);
        for range in &misses {
            if range.end > self.size {
                return Err(Error::CorruptBundle(format!("a read reached byte {} of a {}-byte bundle", range.end, self.size)));
            }
        }
        let parts = fetch(misses.clone()).await?;
        if parts.len() != misses.len() {
            return Err(Error::Fetch(format!("asked for {} ranges, got {}", misses.len(), parts.len())));
        }
        let mut received = 0;
        for (range, bytes) in misses.iter().zip(parts) {
            if bytes.len() as u64 != range.end - range.start {
                return Err(Error::Fetch(format!(
                    "bytes {}-{}: got {} bytes instead of {}",
                    range.start,
                    range.end - 1,
                    bytes.len(),
                    range.end - range.start
                )));
            }
            received += bytes.len() as u64;
            self.cache.insert(range.start, OwnedBytes::new(bytes));
        }
        if let Ok(mut stats) = self.stats.lock() {
            stats.rounds += 1;
            stats.requests += misses.len() as u64;
            stats.bytes += received;
        }
        Ok(())
    }
}

/// Runs a future to completion on the current thread, for futures that are
/// ready at once or woken by other threads (an [`Engine`] operation fed
/// from local bytes, in tests, benches and native tools). Not for the browser.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}
