//! The only place that talks to trovi-core's index API: open a bundle, search it.
//!
//! A bundle is searched whole (downloaded at once) or lazily: opened from its
//! head, with every other byte range fetched with an HTTP Range request when
//! a search needs it (see `trovi_core::LazyBundle`). Either way the same
//! `Searcher` code answers, so results are identical.
//!
//! Lazily, three things keep a typing visitor's bytes and waits down:
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
//!   the background, checked and opened whole, so later searches fetch nothing.

use futures_util::lock::Mutex;
use gloo::net::http::Request;
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;
use trovi_core::{Bundle, Error, Hit, LazyBundle, Result, SearchRequest, SearchResults, Searcher};

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

/// A lazily opened bundle and the URL its ranges come from.
struct Lazy {
    bundle: LazyBundle,
    searcher: Searcher,
    url: String,
    /// The head as received, kept when the rest is to be downloaded later.
    head: Option<Vec<u8>>,
}

enum Opened {
    Whole(Searcher),
    Lazy(Lazy),
}

/// An opened index.
pub struct Engine {
    opened: RefCell<Rc<Opened>>,
    /// Lazy operations run one at a time (see the module docs).
    gate: Mutex<()>,
    /// Bumped by every prefetch; a queued prefetch with an older number is dropped.
    prefetch_generation: Cell<u64>,
    /// Whether the rest of the bundle has been asked for.
    rest_started: Cell<bool>,
}

impl Engine {
    /// Verifies the bundle bytes (magic, format version, checksums) and opens the index.
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        let bundle = Bundle::from_bytes(bytes)?;
        Ok(Engine::with(Opened::Whole(Searcher::open(bundle)?)))
    }

    /// Opens the bundle at `url` from its head (header and hot cache). With
    /// `whole_later`, [`Engine::load_rest`] downloads the rest once asked.
    pub async fn open_lazy(head: Vec<u8>, size: u64, url: String, whole_later: bool) -> Result<Engine> {
        let bundle = LazyBundle::from_head(head.clone(), size)?;
        let searcher = bundle.fetching(|| Searcher::open_lazy(&bundle), |ranges| fetch_ranges(&url, ranges)).await?;
        let head = whole_later.then_some(head);
        Ok(Engine::with(Opened::Lazy(Lazy { bundle, searcher, url, head })))
    }

    fn with(opened: Opened) -> Engine {
        Engine { opened: RefCell::new(Rc::new(opened)), gate: Mutex::new(()), prefetch_generation: Cell::new(0), rest_started: Cell::new(false) }
    }

    fn opened(&self) -> Rc<Opened> {
        self.opened.borrow().clone()
    }

    /// Runs a search (fetching what it needs, when lazy). `None` when, by the
    /// time an earlier lazy operation let it run, `wanted()` said the answer
    /// was no longer wanted.
    pub async fn search(&self, request: &SearchRequest, wanted: impl Fn() -> bool) -> Result<Option<SearchResults>> {
        match &*self.opened() {
            Opened::Whole(searcher) => searcher.search(request).map(Some),
            Opened::Lazy(lazy) => {
                let _turn = self.gate.lock().await;
                // The rest may have arrived while this search waited.
                if let Opened::Whole(searcher) = &*self.opened() {
                    return searcher.search(request).map(Some);
                }
                if !wanted() {
                    return Ok(None);
                }
                lazy.bundle.fetching(|| lazy.searcher.search(request), |ranges| fetch_ranges(&lazy.url, ranges)).await.map(Some)
            }
        }
    }

    /// Fetches ahead what `request` will need, while the visitor is still
    /// typing it (lazily loaded indexes only; errors are left for the search
    /// proper to meet and report).
    pub async fn prefetch(&self, request: SearchRequest) {
        let generation = self.prefetch_generation.get() + 1;
        self.prefetch_generation.set(generation);
        let opened = self.opened();
        let Opened::Lazy(lazy) = &*opened else { return };
        let _turn = self.gate.lock().await;
        if self.prefetch_generation.get() != generation || matches!(&*self.opened(), Opened::Whole(_)) {
            return;
        }
        // No hits asked for: the prefetch reads the dictionary and postings
        // a search will read, never the stored documents of a prefix's hits.
        let request = SearchRequest { limit: 0, ..request };
        let attempt = || lazy.searcher.search(&request);
        let rounds = prefetch_rounds(&request.query);
        let _ = lazy.bundle.prefetch(attempt, |ranges| fetch_ranges(&lazy.url, ranges), rounds, PREFETCH_BUDGET_BYTES).await;
    }

    /// Articles similar to the article `id`.
    pub async fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        match &*self.opened() {
            Opened::Whole(searcher) => searcher.related(id, limit),
            Opened::Lazy(lazy) => {
                let _turn = self.gate.lock().await;
                lazy.bundle.fetching(|| lazy.searcher.related(id, limit), |ranges| fetch_ranges(&lazy.url, ranges)).await
            }
        }
    }

    /// Downloads the rest of a bundle opened with `whole_later`, checks every
    /// file's checksum and switches to searching it whole (searches under
    /// way finish lazily). Does nothing when not wanted or already started.
    /// A failure leaves the index lazy, which still answers everything.
    pub async fn load_rest(&self) -> Result<()> {
        let opened = self.opened();
        let Opened::Lazy(Lazy { head: Some(head), url, bundle, .. }) = &*opened else { return Ok(()) };
        if self.rest_started.replace(true) {
            return Ok(());
        }
        let size = bundle.size();
        let from = head.len() as u64;
        let bytes = if from >= size {
            head.clone()
        } else {
            let rest = fetch_range(url, from..size, true).await?;
            let mut bytes = Vec::with_capacity(size as usize);
            bytes.extend_from_slice(head);
            bytes.extend_from_slice(&rest);
            bytes
        };
        let searcher = Searcher::open(Bundle::from_bytes(bytes)?)?;
        *self.opened.borrow_mut() = Rc::new(Opened::Whole(searcher));
        Ok(())
    }

    /// Whether a later call to [`Engine::load_rest`] would download something.
    pub fn wants_rest(&self) -> bool {
        !self.rest_started.get() && matches!(&*self.opened(), Opened::Lazy(Lazy { head: Some(_), .. }))
    }

    /// The bundle's URL, when it is read lazily.
    pub fn url(&self) -> Option<String> {
        match &*self.opened() {
            Opened::Lazy(lazy) => Some(lazy.url.clone()),
            Opened::Whole(_) => None,
        }
    }

    /// Whether searches fetch byte ranges (prefetching while typing pays).
    pub fn is_lazy(&self) -> bool {
        matches!(&*self.opened(), Opened::Lazy(_))
    }

    /// Number of articles in the index.
    pub fn doc_count(&self) -> u64 {
        match &*self.opened() {
            Opened::Whole(searcher) => searcher.doc_count(),
            Opened::Lazy(lazy) => lazy.searcher.doc_count(),
        }
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
