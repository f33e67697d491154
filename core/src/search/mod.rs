//! Searching an opened bundle.

mod compile;
mod export;
mod facets;
mod hits;
mod open;
mod params;
mod related;
mod stage;
mod typo;
pub mod request;

pub use params::{decode_pairs, encode_pairs, MAX_URL_LIMIT, MAX_URL_OFFSET};
pub use compile::{Tuning, COMMON_WORD_DOCS, ENGLISH_STOP_WORDS, PREFIX_EXPANSIONS, PROXIMITY_SLOP, RARE_WORD_DOCS, SHORT_QUERY_WORDS};

use crate::lazy::{LazyBundle, LAZY_FACET_BYTES, TYPO_SCAN_BYTES};
use crate::schema::{surface_analyzer, text_analyzer, Fields, Stemming};
use crate::{query, Result};
use compile::{Compiler, Mode};
use facets::FacetCounter;
use request::{Facets, Relaxed, SearchRequest, SearchResults, Sort, TagMode};
use stage::facet_column_bytes;
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, IndexReader, Order, Term};
use time::OffsetDateTime;

/// An opened index, ready to answer searches. Cheap to share behind an `Arc`;
/// `search` takes `&self`.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    stemming: Stemming,
    tuning: Tuning,
    /// The bundle's bytes; `None` for a [`LiveIndex`](crate::LiveIndex),
    /// which is all in memory.
    bundle: Option<LazyBundle>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("documents", &self.doc_count()).field("tuning", &self.tuning).finish()
    }
}

/// A monotonic clock where there is one (not on wasm32 in browsers).
struct Stopwatch(#[cfg(not(target_arch = "wasm32"))] std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(
            #[cfg(not(target_arch = "wasm32"))]
            std::time::Instant::now(),
        )
    }
    fn micros(&self) -> u64 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.elapsed().as_micros() as u64;
        #[cfg(target_arch = "wasm32")]
        return 0;
    }
}

impl Searcher {

    /// Replaces the ranking knobs (for evaluation; users get the defaults).
    pub fn set_tuning(&mut self, tuning: Tuning) {
        self.tuning = tuning;
    }

    /// The ranking knobs in use.
    pub fn tuning(&self) -> Tuning {
        self.tuning
    }

    /// Number of articles in the index.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The stemming language the index was built with.
    pub fn stemming(&self) -> Stemming {
        self.stemming
    }

    fn analyzer(&self) -> TextAnalyzer {
        text_analyzer(self.stemming.0)
    }

    /// Runs a search. Never fails because of the query text.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        guarded("searching", || self.search_unguarded(request))
    }

    fn search_unguarded(&self, request: &SearchRequest) -> Result<SearchResults> {
        let clock = Stopwatch::start();
        let searcher = self.reader.searcher();
        let parsed = query::parse(&request.query);
        let mut analyzer = self.analyzer();
        let mut surface = surface_analyzer();
        // Each term lookup in the SSTable dictionary decodes a whole block
        // (~1,250 terms, ~50 µs): look each term up once per search, for the
        // compiler and for BM25, across relaxation attempts.
        let stats = DocFreqMemo::new(&searcher);
        let doc_freq = |term: &Term| stats.doc_freq_or_zero(term);
        let mut compiler = Compiler {
            fields: &self.fields,
            analyzer: &mut analyzer,
            surface: &mut surface,
            tuning: self.tuning,
            doc_freq: &doc_freq,
            num_docs: searcher.num_docs(),
            typos: Default::default(),
            // Bounded in every index, lazy or not, so both give the same results.
            typo_scan_bytes: Some(TYPO_SCAN_BYTES),
            prefix_terms: Vec::new(),
            typo_queries: Vec::new(),
            stop_words: compile::stop_words(self.stemming),
        };
        let filters = self.filters(request, &parsed);
        // Lazily, facet counts read two columns whole: only where they are small.
        let facets_omitted = request.facets
            && !self.is_complete()
            && searcher.segment_readers().iter().map(facet_column_bytes).sum::<u64>() > LAZY_FACET_BYTES;
        let request = &SearchRequest { facets: request.facets && !facets_omitted, ..request.clone() };
        let mut mode = Mode { fuzzy: request.fuzzy, prefix: request.prefix, required_words: None };
        let mut relaxed = None;
        loop {
            let mut compiled = compiler.compile(&parsed, &request.query, &mode);
            let query = with_filters(std::mem::replace(&mut compiled.query, Box::new(tantivy::query::EmptyQuery)), &filters);
            if !self.is_complete() {
                // Dictionary lookups of the whole query miss together; then
                // its postings and field norms.
                self.fetched()?;
                self.prefetch(&searcher, query.as_ref(), &compiler.prefix_terms);
                for reader in searcher.segment_readers() {
                    for typo in &compiler.typo_queries {
                        let _ = typo.docs(reader);
                    }
                }
                self.fetched()?;
            }
            let (total, hits, facets) = self.collect(&searcher, &stats, query.as_ref(), request)?;
            // A short query that found nothing: require one word fewer.
            if total == 0 && compiled.required > 1 {
                relaxed = Some(Relaxed { required: compiled.required - 1, of: compiled.words });
                mode.required_words = Some(compiled.required - 1);
                continue;
            }
            if total == 0 {
                relaxed = None;
            }
            let hits = self.hits(&searcher, hits, &compiled, request)?;
            let titles_only = compiled.titles_only && !compiled.common.is_empty();
            let common_words = std::mem::take(&mut compiled.common);
            return Ok(SearchResults { total, took_us: clock.micros(), hits, facets, relaxed, facets_omitted, common_words, titles_only });
        }
    }

    fn filters(&self, request: &SearchRequest, parsed: &query::ParsedQuery) -> Vec<Box<dyn Query>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let tags: Vec<(Occur, Box<dyn Query>)> = request
            .tags
            .iter()
            .map(|tag| {
                let occur = if request.tag_mode == TagMode::All { Occur::Must } else { Occur::Should };
                let q = TermQuery::new(Term::from_field_text(f.tag, tag), IndexRecordOption::Basic);
                (occur, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        if !tags.is_empty() {
            filters.push(Box::new(BooleanQuery::new(tags)));
        }
        if let Some(author) = &request.author {
            filters.push(Box::new(TermQuery::new(Term::from_field_text(f.author, author), IndexRecordOption::Basic)));
        }
        let after = latest(request.after, parsed.after);
        let before = earliest(request.before, parsed.before);
        if after.is_some() || before.is_some() {
            let bound = |d: Option<OffsetDateTime>, inclusive: bool| match d {
                None => Bound::Unbounded,
                Some(d) => {
                    let term = Term::from_field_date(f.date, DateTime::from_timestamp_secs(d.unix_timestamp()));
                    if inclusive { Bound::Included(term) } else { Bound::Excluded(term) }
                }
            };
            filters.push(Box::new(RangeQuery::new(bound(after, true), bound(before, false))));
        }
        filters
    }

    #[allow(clippy::type_complexity)]
    fn collect(
        &self,
        searcher: &tantivy::Searcher,
        stats: &dyn Bm25StatisticsProvider,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<(usize, Vec<(f32, DocAddress)>, Facets)> {
        // tantivy reserves room for offset + limit hits up front: bound both
        // by the number of documents so no request can overflow or exhaust memory.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = request.limit.clamp(1, docs.max(1));
        let offset = request.offset.min(docs);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let facets = request.facets.then_some(FacetCounter);
        let (total, mut hits, facets) = match request.sort {
            Sort::Relevance => searcher.search_with_statistics_provider(query, &(Count, top.order_by_score(), facets), stats)?,
            Sort::Newest | Sort::Oldest => {
                let order = if request.sort == Sort::Newest { Order::Desc } else { Order::Asc };
                let (total, hits, facets) =
                    searcher.search(query, &(Count, top.order_by_fast_field::<DateTime>("date", order), facets))?;
                (total, hits.into_iter().map(|(_, address)| (0.0, address)).collect(), facets)
            }
        };
        hits.truncate(request.limit);
        Ok((total, hits, facets.unwrap_or_default()))
    }
}

fn with_filters(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    for filter in filters {
        // Filters narrow the set; they add nothing to the score.
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0))));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn latest(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn earliest(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Runs `f`, turning a panic inside tantivy into [`Error::CorruptBundle`].
///
/// Every file of a bundle is checked against its CRC-32 before tantivy sees
/// it, so damaged downloads never get here; but a bundle altered on purpose
/// with recomputed checksums can make tantivy 0.27 panic (found by fuzzing:
/// see BENCHMARKS.md, "Fuzzing"). Natively that becomes an error; in the
/// browser (built with `panic = "abort"`) the app reports the failure.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    #[cfg(panic = "unwind")]
    {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(result) => result,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown".into());
                Err(crate::Error::CorruptBundle(format!("the index failed while {what} ({message})")))
            }
        }
    }
    #[cfg(not(panic = "unwind"))]
    {
        let _ = what;
        f()
    }
}

/// BM25 statistics of a searcher, with each term's document frequency looked
/// up once (per search: the memo lives as long as one `search` call).
struct DocFreqMemo<'a> {
    searcher: &'a tantivy::Searcher,
    doc_freqs: std::cell::RefCell<std::collections::HashMap<Term, u64>>,
}

impl<'a> DocFreqMemo<'a> {
    fn new(searcher: &'a tantivy::Searcher) -> Self {
        DocFreqMemo { searcher, doc_freqs: Default::default() }
    }

    fn doc_freq_or_zero(&self, term: &Term) -> u64 {
        self.doc_freq(term).unwrap_or(0)
    }
}

impl Bm25StatisticsProvider for DocFreqMemo<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&n) = self.doc_freqs.borrow().get(term) {
            return Ok(n);
        }
        let n = self.searcher.doc_freq(term)?;
        self.doc_freqs.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}
