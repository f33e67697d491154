//! Lazy loading: a bundle opened from its head, with every other byte
//! fetched when a search needs it, answers exactly like the whole bundle,
//! with few round trips and a fraction of the bytes.

use std::ops::Range;
use std::path::PathBuf;
use trovi_core::{block_on, Bundle, Engine, Error, FetchStats, LazyBundle, SearchRequest, SearchResults, Sort};
use trovi_tests::{index_data, shared_file};

/// A bundle opened whole, and the same bundle opened lazily from its head
/// and fed from its bytes.
struct Pair {
    bytes: Vec<u8>,
    whole: Engine,
    lazy: Engine,
}

impl Pair {
    fn build(paths: &[PathBuf]) -> Pair {
        Pair::build_with(paths, trovi_core::IndexOptions::default())
    }

    fn build_with(paths: &[PathBuf], options: trovi_core::IndexOptions) -> Pair {
        let mut builder = trovi_core::IndexBuilder::with_options(options).expect("builder");
        let report = trovi_core::read_inputs(paths, &trovi_core::ReadOptions::default(), &mut |a| builder.add(&a).expect("add"));
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let bundle = builder.finish().expect("finish");
        let bytes = bundle.as_bytes().to_vec();
        let head = bundle.head_len() as usize;
        let whole = Engine::whole(bundle).expect("open whole");
        assert!(whole.is_complete());
        let lazy = block_on(Engine::open(bytes[..head].to_vec(), bytes.len() as u64, fetcher(&bytes))).expect("open lazy");
        assert!(!lazy.is_complete());
        Pair { bytes, whole, lazy }
    }

    /// Searches both ways; returns the lazy results and what they fetched.
    fn search(&self, request: &SearchRequest) -> (SearchResults, FetchStats) {
        let (lazy, cost) = cost(&self.lazy, || {
            block_on(self.lazy.search(request, fetcher(&self.bytes)))
                .unwrap_or_else(|e| panic!("lazy search {:?}: {e}", request.query))
        });
        let whole = block_on(self.whole.search(request, never)).expect("whole search");
        assert_eq!(comparable(&lazy), comparable(&whole), "lazy and whole differ for {request:?}");
        (lazy, cost)
    }
}

/// What `operation` fetched through `engine`.
fn cost<T>(engine: &Engine, operation: impl FnOnce() -> T) -> (T, FetchStats) {
    let before = engine.stats();
    let value = operation();
    let after = engine.stats();
    let cost = FetchStats { rounds: after.rounds - before.rounds, requests: after.requests - before.requests, bytes: after.bytes - before.bytes };
    (value, cost)
}

fn fetcher(bytes: &[u8]) -> impl FnMut(Vec<Range<u64>>) -> std::future::Ready<trovi_core::Result<Vec<Vec<u8>>>> + '_ {
    move |ranges| std::future::ready(Ok(ranges.iter().map(|r| bytes[r.start as usize..r.end as usize].to_vec()).collect()))
}

/// The fetch of a bundle held whole: never called.
fn never(ranges: Vec<Range<u64>>) -> std::future::Ready<trovi_core::Result<Vec<Vec<u8>>>> {
    panic!("a whole bundle fetched {ranges:?}")
}

fn comparable(results: &SearchResults) -> serde_json::Value {
    let mut value = serde_json::to_value(results).expect("json");
    value["took_us"] = 0.into();
    value
}

/// Every query feature, on a corpus with tags, authors and dates.
fn feature_requests() -> Vec<SearchRequest> {
    let date = |s| trovi_core::parse_date(s);
    let mut requests: Vec<SearchRequest> = [
        "trump",
        "\"white house\"",
        "trump -clinton",
        "(trump OR obama) tax",
        "title:trump",
        "goverment shutdown",
        "presidnet",
        "elec",
        "world cup after:2018-05-20 before:2018-05-26",
        "the",
        "",
    ]
    .into_iter()
    .map(SearchRequest::new)
    .collect();
    requests.push(SearchRequest { sort: Sort::Newest, ..SearchRequest::new("police") });
    requests.push(SearchRequest { sort: Sort::Oldest, limit: 5, offset: 5, ..SearchRequest::new("police") });
    requests.push(SearchRequest { tags: vec!["category:politics".into()], ..SearchRequest::new("trump") });
    requests.push(SearchRequest { author: Some("Ron Dicker".into()), ..SearchRequest::new("") });
    requests.push(SearchRequest { after: date("2018-05-01T00:00:00Z"), ..SearchRequest::new("royal wedding") });
    requests
}

#[test]
fn every_query_feature_answers_lazily_exactly_as_from_the_whole_bundle() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    let head = pair.lazy.bundle().head_len();
    assert!(head < pair.bytes.len() as u64 / 4, "head {head} of {}", pair.bytes.len());
    for request in feature_requests() {
        let (results, cost) = pair.search(&request);
        assert!(cost.rounds <= 6, "{:?} took {} rounds", request.query, cost.rounds);
        // The same search again needs nothing new.
        let (again, repeat) = pair.search(&request);
        assert_eq!(comparable(&again), comparable(&results));
        assert_eq!(repeat.rounds, 0, "{:?} fetched again", request.query);
    }
    // Related articles and typo tolerance found something (not only agreed on nothing).
    let (results, _) = pair.search(&SearchRequest::new("presidnet"));
    assert!(results.total > 0);
    let id = results.hits[0].id.clone();
    let related = block_on(pair.lazy.related(&id, 5, fetcher(&pair.bytes))).expect("related");
    assert_eq!(related, block_on(pair.whole.related(&id, 5, never)).expect("whole related"));
    assert_eq!(related.len(), 5);
    assert!(pair.lazy.stats().bytes < pair.bytes.len() as u64 / 2, "{:?} of {}", pair.lazy.stats(), pair.bytes.len());
}

#[test]
fn reuters_news_topics_cost_a_few_round_trips_and_a_fraction_of_the_bundle() {
    let Some(reuters) = shared_file("news/reuters21578.jsonl") else { return };
    let Some(topics) = shared_file("queries/news-topics.txt") else { return };
    let pair = Pair::build(&[reuters]);
    let queries = std::fs::read_to_string(topics).expect("topics");
    let mut worst = (0, String::new());
    for query in queries.lines().filter(|q| !q.trim().is_empty()).take(100) {
        let (_, cost) = pair.search(&SearchRequest::new(query));
        assert!(cost.rounds <= 6, "{query:?}: {cost:?}");
        if cost.bytes > worst.0 {
            worst = (cost.bytes, query.to_string());
        }
    }
    let stats = pair.lazy.stats();
    eprintln!("reuters: head {} B, 100 queries fetched {stats:?}, worst {worst:?}, bundle {} B", pair.lazy.bundle().head_len(), pair.bytes.len());
    assert!(stats.bytes < pair.bytes.len() as u64 / 3, "{stats:?}");
}

#[test]
fn smaller_doc_store_blocks_cost_fewer_bytes_per_hit_shown() {
    use trovi_core::IndexOptions;
    let input = [index_data().join("huffpost.jsonl")];
    let small = Pair::build_with(&input, IndexOptions { doc_store_block_bytes: 2048, ..IndexOptions::default() });
    let large = Pair::build_with(&input, IndexOptions { doc_store_block_bytes: 16 * 1024, ..IndexOptions::default() });
    let (mut small_bytes, mut large_bytes) = (0, 0);
    for query in ["trump", "world cup", "royal wedding", "police shooting", "climate"] {
        // Warm the dictionary and postings first; then a second page of hits
        // costs only stored documents.
        let request = SearchRequest::new(query);
        let (small_hits, _) = small.search(&request);
        let (large_hits, _) = large.search(&request);
        assert_eq!(comparable(&small_hits), comparable(&large_hits), "{query}: the block size changes no result");
        let next = SearchRequest { offset: 10, ..SearchRequest::new(query) };
        small_bytes += small.search(&next).1.bytes;
        large_bytes += large.search(&next).1.bytes;
    }
    assert!(small_bytes * 2 < large_bytes, "2 KiB blocks: {small_bytes} B, 16 KiB blocks: {large_bytes} B");
    // The bigger head of smaller blocks (an entry per block).
    assert!(small.lazy.bundle().head_len() > large.lazy.bundle().head_len());
    // What `trovi index` picks by input size.
    assert_eq!(IndexOptions::for_input_bytes(256 << 10).doc_store_block_bytes, 16 * 1024);
    // A bundle the browser keeps reading lazily (index_data's 2 MB of input).
    assert_eq!(IndexOptions::for_input_bytes(1 << 20).doc_store_block_bytes, 2048);
    assert_eq!(IndexOptions::for_input_bytes(27 << 20).doc_store_block_bytes, 2048);
    assert_eq!(IndexOptions::for_input_bytes(1 << 30).doc_store_block_bytes, 4096);
}

#[test]
fn a_lazy_head_that_is_damaged_or_too_short_is_refused() {
    let mut builder = trovi_core::IndexBuilder::new().expect("builder");
    builder.add(&trovi_core::Article { id: "a".into(), title: "Alpha".into(), body: "beta gamma".into(), ..Default::default() }).expect("add");
    let bundle: Bundle = builder.finish().expect("finish");
    let bytes = bundle.as_bytes();
    let head = bundle.head_len() as usize;
    let size = bytes.len() as u64;
    assert!(matches!(LazyBundle::from_head(bytes[..head - 1].to_vec(), size), Err(Error::CorruptBundle(_))));
    let mut flipped = bytes[..head].to_vec();
    flipped[head - 3] ^= 0x40;
    let err = LazyBundle::from_head(flipped, size).unwrap_err();
    assert!(err.to_string().contains("trovi.hotcache"), "{err}");
    assert!(matches!(LazyBundle::from_head(b"<html>".to_vec(), size), Err(Error::NotABundle(_))));
}

#[test]
fn a_server_answering_a_range_with_the_wrong_bytes_is_an_error_not_a_panic() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    let short = |ranges: Vec<Range<u64>>| std::future::ready(Ok(ranges.iter().map(|_| vec![0u8; 3]).collect()));
    let err = block_on(pair.lazy.search(&SearchRequest::new("police"), short)).unwrap_err();
    assert!(matches!(err, Error::Fetch(_)), "{err}");
    let failing = |_: Vec<Range<u64>>| std::future::ready(Err(Error::Fetch("network down".into())));
    let err = block_on(pair.lazy.search(&SearchRequest::new("wedding"), failing)).unwrap_err();
    assert!(err.to_string().contains("network down"), "{err}");
    // Nothing half-fetched is left behind: the same search succeeds afterwards.
    let (results, _) = pair.search(&SearchRequest::new("wedding"));
    assert!(results.total > 0);
}

/// What the browser does while a visitor types: every prefix of the query is
/// prefetched (dictionary, then postings; never stored documents, and only
/// within a byte budget), so the search after the last keystroke needs at most
/// one round trip (its page of stored documents) and answers exactly as the
/// whole bundle does.
#[test]
fn prefetching_while_typing_leaves_the_final_search_one_round_trip() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    for typed in ["royal wedding", "world cup", "police shooting", "\"white house\""] {
        let before = pair.lazy.stats();
        for end in (1..=typed.len()).filter(|&end| typed.is_char_boundary(end)) {
            // No hits asked for, as the browser prefetches: no stored documents.
            let request = SearchRequest { limit: 0, ..SearchRequest::new(&typed[..end]) };
            let rounds = block_on(pair.lazy.prefetch(&request, fetcher(&pair.bytes), 2, 128 * 1024)).expect("prefetch");
            assert!(rounds <= 2);
        }
        let typing = pair.lazy.stats();
        assert!(typing.rounds > before.rounds, "{typed}: prefetching fetched nothing");
        let (results, cost) = pair.search(&SearchRequest::new(typed));
        assert!(results.total > 0, "{typed}");
        assert_eq!(cost.rounds, 1, "{typed}: {cost:?} after prefetching: only the hits' stored documents are left");
    }
}

#[test]
fn a_prefetch_over_its_byte_budget_fetches_nothing() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    let request = SearchRequest::new("trump");
    let before = pair.lazy.stats();
    let rounds = block_on(pair.lazy.prefetch(&request, fetcher(&pair.bytes), 2, 16)).expect("prefetch");
    assert_eq!(rounds, 0);
    assert_eq!(pair.lazy.stats(), before);
    // Within budget, the same prefetch fetches.
    let rounds = block_on(pair.lazy.prefetch(&request, fetcher(&pair.bytes), 2, 1 << 20)).expect("prefetch");
    assert!(rounds >= 1);
    assert!(pair.lazy.stats().bytes > before.bytes);
}

/// Lazy first, whole later, as the browser does for a small bundle: the
/// rest arrives after the first search, is checked, and from then on the
/// same engine fetches nothing and answers as before.
#[test]
fn a_lazy_bundle_completed_with_its_rest_fetches_nothing_more() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    let (first, _) = pair.search(&SearchRequest::new("royal wedding"));
    let head = pair.lazy.bundle().head_len();
    // A damaged rest is refused and changes nothing: the engine stays lazy.
    let mut damaged = pair.bytes[head as usize..].to_vec();
    let file = pair.lazy.bundle().header().files.iter().rfind(|f| f.offset >= head && f.len > 0).expect("a file after the head");
    damaged[(file.offset + file.len / 2 - head) as usize] ^= 0x01;
    let err = pair.lazy.complete(head, damaged).unwrap_err();
    assert!(matches!(err, Error::CorruptBundle(_)), "{err}");
    assert!(!pair.lazy.is_complete());
    // A rest that does not reach the end is refused too.
    assert!(pair.lazy.complete(head, pair.bytes[head as usize..pair.bytes.len() - 1].to_vec()).is_err());
    pair.lazy.complete(head, pair.bytes[head as usize..].to_vec()).expect("complete");
    assert!(pair.lazy.is_complete());
    let (again, _) = cost(&pair.lazy, || block_on(pair.lazy.search(&SearchRequest::new("royal wedding"), never)).expect("search"));
    assert_eq!(comparable(&again), comparable(&first));
    for request in feature_requests() {
        let (_, fetched) = pair.search(&request);
        assert_eq!(fetched, FetchStats::default(), "{:?} fetched after completion", request.query);
    }
}

/// Misses belong to the operation that made them: two threads searching one
/// lazy bundle at once each fetch what they need and get whole-bundle answers.
#[test]
fn two_threads_searching_one_lazy_bundle_do_not_take_each_others_misses() {
    let pair = Pair::build(&[index_data().join("huffpost.jsonl")]);
    let queries = [["trump", "world cup", "elec", "\"white house\""], ["royal wedding", "presidnet", "police shooting", "climate"]];
    std::thread::scope(|scope| {
        for list in &queries {
            let pair = &pair;
            scope.spawn(move || {
                for query in list {
                    pair.search(&SearchRequest::new(*query));
                }
            });
        }
    });
}
