//! The only place that talks to trovi-core's index API: open a bundle, search it.
//!
//! A bundle is opened whole (downloaded at once) or from its head, with
//! every other byte range fetched with an HTTP Range request when a search
//! needs it. Either way one `trovi_core::Engine` answers: a whole bundle is
//! one whose bytes are all present, so results are identical.
//!
//! While bytes are missing, three things keep a typing visitor's bytes and
//! waits down:
//! - **one operation at a time** (`gate`): a search, a prefetch or related
//!   articles fetch their ranges in turn, so two never fetch the same range;
//!   a queued prefetch that a newer keystroke made stale is dropped, and so
//!   is a queued search the app no longer wants;
//! - **prefetch while typing** ([`Engine::prefetch`]): each keystroke fetches
//!   what the words typed so far need (dictionary blocks; postings too once
//!   the word being typed has three letters), within a byte budget and never
//!   the stored documents, so the search after the last keystroke usually
//!   needs one round trip;
//! - **lazy first, whole later** ([`Engine::load_rest`]): a small bundle
//!   answers its first searches lazily, then the rest of it is downloaded in
//!   the background and checked, and the same engine fetches nothing more.

use futures_util::lock::Mutex;
use gloo::net::http::Request;
use std::cell::Cell;
use std::ops::Range;
use trovi_core::{Bundle, Error, Hit, Result, SearchRequest, SearchResults};

/// A prefetch fetches at most this many rounds: dictionary blocks, then
/// postings and positions (it asks for no hits, so no stored documents).
const PREFETCH_ROUNDS: usize = 2;

/// How far to prefetch for `text` as typed so far: dictionary blocks only
/// while the word being typed has fewer than [`PREFETCH_POSTINGS_LETTERS`]
/// letters (its prefix expands to many words), dictionary and postings once
/// it has them or is complete.
fn prefetch_rounds(text: &str) -> usize {
    let typing = !text.ends_with(char::is_whitespace);
    let last = text.split_whitespace().last().map_or(0, |word| word.chars().filter(|c| c.is_alphanumeric()).count());
    if typing && last < PREFETCH_POSTINGS_LETTERS { 1 } else { PREFETCH_ROUNDS }
}

/// See [`prefetch_rounds`].
const PREFETCH_POSTINGS_LETTERS: usize = 3;

/// A prefetch round that would fetch more than this is skipped (a one- or
/// two-letter prefix can expand to many terms); the search proper fetches it
/// if the visitor stops there.
const PREFETCH_BUDGET_BYTES: u64 = 96 * 1024;

/// An opened index.
pub struct Engine {
    core: trovi_core::Engine,
    /// Where missing ranges come from (a bundle opened from its head).
    url: Option<String>,
    /// Operations that may fetch run one at a time (see the module docs).
    gate: Mutex<()>,
    /// Bumped by every prefetch; a queued prefetch with an older number is dropped.
    prefetch_generation: Cell<u64>,
    /// Whether the rest of the bundle is to be downloaded once asked
    /// ([`Engine::load_rest`]); cleared when it starts.
    rest_wanted: Cell<bool>,
}

impl Engine {
    /// Verifies the bundle bytes (magic, format version, checksums) and opens the index.
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        let core = trovi_core::Engine::whole(Bundle::from_bytes(bytes)?)?;
        Ok(Engine::with(core, None, false))
    }

    /// Opens the bundle at `url` from its head (header and hot cache). With
    /// `whole_later`, [`Engine::load_rest`] downloads the rest once asked.
    pub async fn open_lazy(head: Vec<u8>, size: u64, url: String, whole_later: bool) -> Result<Engine> {
        let core = trovi_core::Engine::open(head, size, |ranges| fetch_ranges(&url, ranges)).await?;
        Ok(Engine::with(core, Some(url), whole_later))
    }

    fn with(core: trovi_core::Engine, url: Option<String>, whole_later: bool) -> Engine {
        Engine { core, url, gate: Mutex::new(()), prefetch_generation: Cell::new(0), rest_wanted: Cell::new(whole_later) }
    }

    /// Fetches `ranges` of the bundle (never called once all bytes are present).
    async fn fetch(&self, ranges: Vec<Range<u64>>) -> Result<Vec<Vec<u8>>> {
        match &self.url {
            Some(url) => fetch_ranges(url, ranges).await,
            None => Err(Error::Fetch("a bundle loaded whole lacks bytes".into())),
        }
    }

    /// Runs a search, fetching what it needs. `None` when, by the time an
    /// earlier operation let it run, `wanted()` said the answer was no
    /// longer wanted.
    pub async fn search(&self, request: &SearchRequest, wanted: impl Fn() -> bool) -> Result<Option<SearchResults>> {
        let _turn = self.turn().await;
        if !wanted() {
            return Ok(None);
        }
        self.core.search(request, |ranges| self.fetch(ranges)).await.map(Some)
    }

    /// Fetches ahead what `request` will need, while the visitor is still
    /// typing it (errors are left for the search proper to meet and report).
    pub async fn prefetch(&self, request: SearchRequest) {
        let generation = self.prefetch_generation.get() + 1;
        self.prefetch_generation.set(generation);
        if self.core.is_complete() {
            return;
        }
        let _turn = self.gate.lock().await;
        if self.prefetch_generation.get() != generation {
            return;
        }
        // No hits asked for: the prefetch reads the dictionary and postings
        // a search will read, never the stored documents of a prefix's hits.
        let rounds = prefetch_rounds(&request.query);
        let request = SearchRequest { limit: 0, ..request };
        let _ = self.core.prefetch(&request, |ranges| self.fetch(ranges), rounds, PREFETCH_BUDGET_BYTES).await;
    }

    /// Articles similar to the article `id`.
    pub async fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let _turn = self.turn().await;
        self.core.related(id, limit, |ranges| self.fetch(ranges)).await
    }

    /// The gate, while bytes are missing; nothing to wait for once all are present.
    async fn turn(&self) -> Option<futures_util::lock::MutexGuard<'_, ()>> {
        if self.core.is_complete() { None } else { Some(self.gate.lock().await) }
    }

    /// Downloads the rest of a bundle opened with `whole_later`, checks every
    /// file's checksum, and from then on searches fetch nothing (searches
    /// under way finish as they were). Does nothing when not wanted or
    /// already started. A failure leaves the index lazy, which still answers
    /// everything.
    pub async fn load_rest(&self) -> Result<()> {
        let Some(url) = &self.url else { return Ok(()) };
        if !self.rest_wanted.replace(false) || self.core.is_complete() {
            return Ok(());
        }
        let bundle = self.core.bundle();
        let (from, size) = (bundle.head_len(), bundle.size());
        let rest = if from < size { fetch_range(url, from..size, true).await? } else { Vec::new() };
        self.core.complete(from, rest)
    }

    /// Whether a later call to [`Engine::load_rest`] would download something.
    pub fn wants_rest(&self) -> bool {
        self.rest_wanted.get() && !self.core.is_complete()
    }

    /// The bundle's URL, when it is read lazily.
    pub fn url(&self) -> Option<String> {
        self.url.clone()
    }

    /// Whether searches may fetch byte ranges (prefetching while typing pays).
    pub fn is_lazy(&self) -> bool {
        !self.core.is_complete()
    }

    /// Number of articles in the index.
    pub fn doc_count(&self) -> u64 {
        self.core.searcher().doc_count()
    }
}

/// Fetches byte ranges of `url`, one Range request each, all at once.
async fn fetch_ranges(url: &str, ranges: Vec<Range<u64>>) -> Result<Vec<Vec<u8>>> {
    futures_util::future::try_join_all(ranges.into_iter().map(|range| fetch_range(url, range, false))).await
}

/// One Range request; a request that fails or is cut off is tried once more.
/// `cacheable`: the browser's HTTP cache may keep it (a large, one-off range).
async fn fetch_range(url: &str, range: Range<u64>, cacheable: bool) -> Result<Vec<u8>> {
    match try_fetch_range(url, &range, cacheable).await {
        Err(Attempt::Retry(_)) => {}
        other => return other.map_err(Attempt::into_error),
    }
    try_fetch_range(url, &range, cacheable).await.map_err(Attempt::into_error)
}

enum Attempt {
    /// Worth another try: the network failed, the body was cut off, or a 5xx.
    Retry(Error),
    Fatal(Error),
}

impl Attempt {
    fn into_error(self) -> Error {
        match self {
            Attempt::Retry(error) | Attempt::Fatal(error) => error,
        }
    }
}

async fn try_fetch_range(url: &str, range: &Range<u64>, cacheable: bool) -> std::result::Result<Vec<u8>, Attempt> {
    let fail = |detail: String| Error::Fetch(format!("{url} bytes {}-{}: {detail}", range.start, range.end - 1));
    // `no-store`: Chromium's HTTP cache lets one request per URL through at a
    // time, which would queue a round's concurrent ranges one after another
    // (the app keeps fetched ranges in memory anyway).
    let cache = if cacheable { web_sys::RequestCache::Default } else { web_sys::RequestCache::NoStore };
    let response = Request::get(url)
        .header("Range", &format!("bytes={}-{}", range.start, range.end - 1))
        .cache(cache)
        .send()
        .await
        .map_err(|e| Attempt::Retry(fail(e.to_string())))?;
    let bytes = match response.status() {
        206 => response.binary().await.map_err(|e| Attempt::Retry(fail(e.to_string())))?,
        200 => {
            return Err(Attempt::Fatal(fail(
                "the server ignored the Range request (it must serve byte ranges of uncompressed files)".into(),
            )));
        }
        status @ 500.. => return Err(Attempt::Retry(fail(format!("HTTP {status}")))),
        status => return Err(Attempt::Fatal(fail(format!("HTTP {status}")))),
    };
    // A body cut short by a dropped connection can arrive as a short "success".
    if bytes.len() as u64 != range.end - range.start {
        return Err(Attempt::Retry(fail(format!("got {} bytes instead of {}", bytes.len(), range.end - range.start))));
    }
    Ok(bytes)
}
