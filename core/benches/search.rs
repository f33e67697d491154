//! Search benchmarks over Reuters-21578 (`cargo bench -p trovi-core --bench search`).
//!
//! The bundle is built once, in memory, from `$TROVI_BENCH_REUTERS` (default
//! `../shared/data/news/reuters21578.jsonl` beside the repository, or
//! `$TROVI_SHARED/data/news/…`; an index directory holding
//! `trovi.json` works too). Every search returns 10 hits with snippets and
//! title highlights, as users get them (the default `SearchRequest`); the
//! `term, …` variants switch one feature off to show what it costs.
//! Without the corpus the bench prints that it is skipped and exits cleanly.

mod common;

use criterion::Criterion;
use std::hint::black_box;
use std::time::Duration;
use trovi_core::{SearchRequest, Searcher, Sort};

/// The searches measured: (name, request).
fn requests() -> Vec<(&'static str, SearchRequest)> {
    let term = SearchRequest::new("coffee");
    vec![
        ("term", term.clone()),
        ("phrase", SearchRequest::new("\"interest rates\"")),
        ("fuzzy (misspelt)", SearchRequest::new("goverment")),
        ("filtered (tag)", SearchRequest::new("prices").tag("topic:grain")),
        ("sorted by date", SearchRequest::new("oil prices").sort(Sort::Newest)),
        (
            "long natural-language",
            SearchRequest::new("what did the federal reserve do about rising interest rates and the weak dollar"),
        ),
        ("term, facets off", term.clone().facets(false)),
        ("term, fuzzy+prefix off", term.clone().fuzzy(false).prefix(false)),
        ("term, facets+fuzzy+prefix off", term.facets(false).fuzzy(false).prefix(false)),
    ]
}

fn bench_search(c: &mut Criterion, searcher: &Searcher) {
    let mut group = c.benchmark_group("search/reuters");
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (name, request) in requests() {
        let first = searcher.search(&request).expect("search");
        eprintln!("bench: {name:<32} {:>6} matches, {} hits", first.total, first.hits.len());
        group.bench_function(name, |b| b.iter(|| searcher.search(black_box(&request)).expect("search")));
    }
    group.finish();
}

fn main() {
    let path = common::reuters_path();
    if !path.exists() {
        println!("search bench skipped: {} not found (set TROVI_BENCH_REUTERS)", path.display());
        return;
    }
    let Some(searcher) = common::open_corpus(&path) else {
        println!("search bench skipped: no article in {}", path.display());
        return;
    };
    let mut criterion = Criterion::default().configure_from_args();
    bench_search(&mut criterion, &searcher);
    criterion.final_summary();
}
