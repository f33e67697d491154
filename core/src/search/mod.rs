//! Searching an opened bundle.

mod compile;
mod export;
mod facets;
mod typo;
pub mod request;

pub use compile::{Tuning, COMMON_WORD_DOCS, ENGLISH_STOP_WORDS, PREFIX_EXPANSIONS, PROXIMITY_SLOP, RARE_WORD_DOCS, SHORT_QUERY_WORDS};

use crate::bundle::Bundle;
use crate::lazy::{LazyBundle, RangeCache, HOT_FIELD_NORM_BYTES, LAZY_FACET_BYTES, TYPO_SCAN_BYTES};
use crate::schema::{register_analyzers, surface_analyzer, text_analyzer, Fields, Stemming};
use crate::snippet::{best_snippet_at, highlight_all, SnippetTokenizer, TermMatcher};
use crate::{format_date, query, Error, Result};
use compile::{Compiled, Compiler, Mode};
use facets::FacetCounter;
use request::{Facets, Hit, Relaxed, SearchRequest, SearchResults, Snippet, Sort, TagMode};
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Index, IndexReader, Order, ReloadPolicy, Term};
use time::OffsetDateTime;

/// An opened index, ready to answer searches. Cheap to share behind an `Arc`;
/// `search` takes `&self`.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    stemming: Stemming,
    tuning: Tuning,
    /// The range cache of a lazily opened bundle.
    lazy: Option<std::sync::Arc<RangeCache>>,
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
    /// Opens a verified bundle for searching.
    pub fn open(bundle: Bundle) -> Result<Searcher> {
        guarded("opening the index", move || Searcher::open_unguarded(bundle))
    }

    fn open_unguarded(bundle: Bundle) -> Result<Searcher> {
        Searcher::open_directory(bundle.directory()?, &bundle.header().language, None)
    }

    /// Opens a lazily loaded bundle: call it through [`LazyBundle::fetching`],
    /// as every search on the returned searcher (see [`crate::LazyBundle`]).
    pub fn open_lazy(bundle: &LazyBundle) -> Result<Searcher> {
        guarded("opening the index", || {
            Searcher::open_directory(bundle.directory(), &bundle.header().language, Some(bundle.cache().clone()))
        })
    }

    fn open_directory(
        directory: impl tantivy::Directory,
        language: &str,
        lazy: Option<std::sync::Arc<RangeCache>>,
    ) -> Result<Searcher> {
        let stemming = Stemming::from_name(language).map_err(|error| match Stemming::is_known(language) {
            true => error, // a language this build was compiled without
            false => Error::CorruptBundle(format!("unknown language {language:?} in header")),
        })?;
        let index = Index::open(directory).map_err(|e| match &lazy {
            Some(cache) if cache.has_misses() => Error::Fetch(crate::lazy::NOT_FETCHED.into()),
            _ => Error::CorruptBundle(format!("cannot open the index: {e}")),
        })?;
        register_analyzers(&index, stemming.0);
        let mut fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        // An index where no article has weighted text need not look there.
        if let Some(field) = fields.emphasis
            && reader.searcher().total_num_tokens(field).unwrap_or(0) == 0
        {
            fields.emphasis = None;
        }
        let mut searcher = Searcher::from_reader(reader, fields, stemming);
        searcher.lazy = lazy;
        Ok(searcher)
    }

    pub(crate) fn from_reader(reader: IndexReader, fields: Fields, stemming: Stemming) -> Searcher {
        Searcher { reader, fields, stemming, tuning: Tuning::default(), lazy: None }
    }

    /// On a lazily opened index: fails (for [`LazyBundle::fetching`] to fetch
    /// and retry) when a read since the last fetch found its bytes missing.
    fn fetched(&self) -> Result<()> {
        match &self.lazy {
            Some(cache) if cache.has_misses() => Err(Error::Fetch(crate::lazy::NOT_FETCHED.into())),
            _ => Ok(()),
        }
    }

    /// Reads what every search needs, for the hot cache: each searched
    /// field's dictionary index, the field norms and the facet columns when
    /// small. Read errors are ignored (the lazy driver fetches and retries).
    #[cfg_attr(not(feature = "indexer"), allow(dead_code))]
    pub(crate) fn warm_hot_cache(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let scored = [Some(f.title), Some(f.body), f.emphasis];
        let searched = [f.id, f.title, f.body, f.author, f.author_text, f.tag, f.tag_text];
        let norms_bytes = searcher.num_docs() * scored.iter().flatten().count() as u64;
        for reader in searcher.segment_readers() {
            for field in searched.into_iter().chain(f.emphasis) {
                let _ = reader.inverted_index(field);
            }
            if norms_bytes <= HOT_FIELD_NORM_BYTES {
                for field in scored.into_iter().flatten() {
                    let _ = reader.get_fieldnorms_reader(field);
                }
            }
            if facet_column_bytes(reader) <= LAZY_FACET_BYTES {
                let _ = reader.fast_fields().str("tag");
                let _ = reader.fast_fields().str("author");
            }
        }
        self.fetched()
    }

    /// Reads, ignoring errors, what collecting `query` will read: postings
    /// (with positions where the query needs them) and field norms of its
    /// terms. On a lazily opened index that makes all of them miss in one
    /// pass instead of one per round trip.
    fn prefetch(&self, searcher: &tantivy::Searcher, query: &dyn Query, prefixes: &[Term]) {
        let mut terms: Vec<(Term, bool)> = Vec::new();
        query.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
        for reader in searcher.segment_readers() {
            // The terms a prefix expands to, as `PhrasePrefixQuery` finds them
            // (one word: a range query over doc ids, no positions).
            for prefix in prefixes {
                let Ok(index) = reader.inverted_index(prefix.field()) else { continue };
                let upper = prefix_upper_bound(prefix.serialized_value_bytes()).map(|bytes| {
                    let mut term = prefix.clone();
                    term.clear_with_type(prefix.typ());
                    term.append_bytes(&bytes);
                    term
                });
                let range = (Bound::Included(prefix.clone()), upper.map_or(Bound::Unbounded, Bound::Excluded));
                crate::lazy::poll_once(index.warm_postings_range(range, Some(PREFIX_EXPANSIONS as u64), false));
                let _ = reader.get_fieldnorms_reader(prefix.field());
            }
            // Postings and positions of one term are fetched together.
            for (term, positions) in &terms {
                let Ok(index) = reader.inverted_index(term.field()) else { continue };
                crate::lazy::poll_once(index.warm_postings(term, *positions));
                let _ = reader.get_fieldnorms_reader(term.field());
            }
        }
    }

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
            && self.lazy.is_some()
            && searcher.segment_readers().iter().map(facet_column_bytes).sum::<u64>() > LAZY_FACET_BYTES;
        let request = &SearchRequest { facets: request.facets && !facets_omitted, ..request.clone() };
        let mut mode = Mode { fuzzy: request.fuzzy, prefix: request.prefix, required_words: None };
        let mut relaxed = None;
        loop {
            let mut compiled = compiler.compile(&parsed, &request.query, &mode);
            let query = with_filters(std::mem::replace(&mut compiled.query, Box::new(tantivy::query::EmptyQuery)), &filters);
            if self.lazy.is_some() {
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

    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        hits: Vec<(f32, DocAddress)>,
        compiled: &Compiled,
        request: &SearchRequest,
    ) -> Result<Vec<Hit>> {
        let mut tokenizer = SnippetTokenizer::new(self.stemming.0);
        // Every stored document first: lazily, all their blocks miss in one pass.
        let docs: Vec<tantivy::Result<TantivyDocument>> = hits.iter().map(|&(_, address)| searcher.doc(address)).collect();
        self.fetched()?;
        hits.into_iter()
            .zip(docs)
            .map(|((score, _), doc)| self.hit(doc?, score, &compiled.matcher, &mut tokenizer, request.snippet_len))
            .collect()
    }

    fn hit(
        &self,
        doc: TantivyDocument,
        score: f32,
        matcher: &TermMatcher,
        tokenizer: &mut SnippetTokenizer,
        snippet_len: usize,
    ) -> Result<Hit> {
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        let title_highlights = if matcher.is_empty() { Vec::new() } else { highlight_all(&tokenizer.tokenize(&title), matcher) };
        let sections: Vec<crate::Section> = f
            .sections
            .map(|field| doc.get_all(field).filter_map(|v| v.as_str().and_then(crate::article::decode_section)).collect())
            .unwrap_or_default();
        let (snippet, section) = section_snippet(&body, &sections, matcher, tokenizer, snippet_len);
        let url = match (text(f.url), &section) {
            (Some(url), Some(section)) => Some(format!("{}#{}", url.split('#').next().unwrap_or_default(), section.id)),
            (url, _) => url,
        };
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
            .map(format_date);
        Ok(Hit {
            id: text(f.id).unwrap_or_default(),
            title,
            url,
            section,
            date,
            author: text(f.author),
            tags: doc.get_all(f.tag).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            score,
            snippet,
            title_highlights,
        })
    }

    /// The articles most similar to the one with `id`, best first, without
    /// the article itself: the article's 30 most distinctive title and body
    /// terms (term frequency × inverse document frequency, words of 3+
    /// characters in 2 to a tenth of the articles), each boosted by its weight
    /// relative to the best, as tantivy's more-like-this does. Built here
    /// rather than by `MoreLikeThisQuery` so that, on a lazily opened index,
    /// the terms' dictionary lookups and postings are fetched in one round
    /// each instead of one round per term.
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let id_term = Term::from_field_text(f.id, id);
        let found = searcher.search(&TermQuery::new(id_term.clone(), IndexRecordOption::Basic), &TopDocs::with_limit(1).order_by_score())?;
        self.fetched()?;
        let Some(&(_, address)) = found.first() else {
            return Err(Error::InvalidArgument(format!("no article with id {id:?}")));
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let stats = DocFreqMemo::new(&searcher);
        let num_docs = searcher.num_docs();
        let max_df = (num_docs / 10).max(2);
        let mut frequencies: std::collections::HashMap<Term, u32> = Default::default();
        let mut analyzer = self.analyzer();
        for field in [f.title, f.body] {
            for value in doc.get_all(field).filter_map(|v| v.as_str()) {
                let mut stream = analyzer.token_stream(value);
                while let Some(token) = stream.next() {
                    if token.text.chars().count() >= 3 {
                        *frequencies.entry(Term::from_field_text(field, &token.text)).or_default() += 1;
                    }
                }
            }
        }
        // Every document frequency first: lazily, one round for all of them.
        let mut scored: Vec<(f32, Term)> = frequencies
            .into_iter()
            .map(|(term, tf)| (stats.doc_freq_or_zero(&term), tf, term))
            .collect::<Vec<_>>()
            .into_iter()
            .filter(|&(df, _, _)| (2..=max_df).contains(&df))
            .map(|(df, tf, term)| {
                let idf = (1.0 + (num_docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
                (tf as f32 * idf, term)
            })
            .collect();
        self.fetched()?;
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(30);
        let best = scored.first().map_or(1.0, |s| s.0);
        let like: Vec<(Occur, Box<dyn Query>)> = scored
            .into_iter()
            .map(|(score, term)| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, Box::new(BoostQuery::new(query, score / best)) as Box<dyn Query>)
            })
            .collect();
        if like.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(like)) as Box<dyn Query>),
            (Occur::MustNot, Box::new(TermQuery::new(id_term, IndexRecordOption::Basic))),
        ]);
        if self.lazy.is_some() {
            self.prefetch(&searcher, &query, &[]);
            self.fetched()?;
        }
        let top = searcher.search_with_statistics_provider(&query, &TopDocs::with_limit(limit).order_by_score(), &stats)?;
        let mut tokenizer = SnippetTokenizer::new(self.stemming.0);
        let matcher = TermMatcher::default();
        let docs: Vec<tantivy::Result<TantivyDocument>> = top.iter().map(|&(_, address)| searcher.doc(address)).collect();
        self.fetched()?;
        top.into_iter()
            .zip(docs)
            .map(|((score, _), doc)| self.hit(doc?, score, &matcher, &mut tokenizer, SearchRequest::default().snippet_len))
            .collect()
    }
}

/// The smallest byte string after every string starting with `prefix`.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

/// Bytes of the `tag` and `author` columns of a segment (what facet counting reads).
fn facet_column_bytes(reader: &tantivy::SegmentReader) -> u64 {
    ["tag", "author"]
        .iter()
        .flat_map(|name| reader.fast_fields().dynamic_column_handles(name).unwrap_or_default())
        .map(|handle| handle.num_bytes().get_bytes())
        .sum()
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
                Err(Error::CorruptBundle(format!("the index failed while {what} ({message})")))
            }
        }
    }
    #[cfg(not(panic = "unwind"))]
    {
        let _ = what;
        f()
    }
}

/// How much of a body is searched for the best snippet (a matching section
/// heading can point past it).
const SNIPPET_SCAN_BYTES: usize = 32 * 1024;

/// How far before the first verbatim occurrence of a query word the window starts.
const SNIPPET_LEAD_BYTES: usize = 2 * 1024;

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// [`best_snippet_at`] over a window of [`SNIPPET_SCAN_BYTES`] of `text`,
/// starting a little before the first place a query word appears verbatim
/// (or at the start): tokenizing a whole book-length page (mdBook's
/// print.html is 1.5 MB) for each hit would cost tens of milliseconds.
fn windowed_snippet(text: &str, matcher: &TermMatcher, tokenizer: &mut SnippetTokenizer, snippet_len: usize) -> (Snippet, Option<usize>) {
    let start = matcher.first_hint(text).map_or(0, |at| floor_char_boundary(text, at.saturating_sub(SNIPPET_LEAD_BYTES)));
    let end = floor_char_boundary(text, start.saturating_add(SNIPPET_SCAN_BYTES));
    let mut tokens = tokenizer.tokenize(&text[start..end]);
    for token in &mut tokens {
        token.from += start;
        token.to += start;
    }
    best_snippet_at(text, &tokens, matcher, snippet_len)
}

/// The snippet of a hit and the section it links to.
///
/// When a section's heading matches more distinct query words than any other
/// (and at least two, or the only one), the snippet comes from that section:
/// "ownership rules" links to the "Ownership Rules" section. Otherwise the
/// best passage of the whole body is shown and the hit links to the section
/// it falls in (none before the first section).
fn section_snippet(
    body: &str,
    sections: &[crate::Section],
    matcher: &TermMatcher,
    tokenizer: &mut SnippetTokenizer,
    snippet_len: usize,
) -> (Snippet, Option<crate::Section>) {
    if !sections.is_empty() && !matcher.is_empty() {
        let wanted = matcher.distinct_terms().min(2);
        let best = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (matcher.count_distinct(&tokenizer.tokenize(&s.title)), i))
            .filter(|&(n, _)| n >= wanted && n > 0)
            .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)));
        if let Some((_, i)) = best {
            let start = sections[i].offset.min(body.len());
            let end = sections.get(i + 1).map_or(body.len(), |next| next.offset.clamp(start, body.len()));
            if let Some(text) = body.get(start..end) {
                let (snippet, _) = windowed_snippet(text, matcher, tokenizer, snippet_len);
                return (snippet, Some(sections[i].clone()));
            }
        }
    }
    let (snippet, matched_at) = windowed_snippet(body, matcher, tokenizer, snippet_len);
    // The section the snippet's first match is in (the last one starting at or before it).
    let section = matched_at.and_then(|at| sections.iter().take_while(|s| s.offset <= at).last().cloned());
    (snippet, section)
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
