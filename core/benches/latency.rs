//! Search latency as users get it (`cargo bench -p trovi-core --bench latency`).
//!
//! Opens each corpus, runs every query of each query list with the default
//! [`SearchRequest`] (10 hits, snippets, title highlights, facets, typo
//! tolerance, prefix of the last word), `TROVI_BENCH_WARMUP` unmeasured passes
//! first, then `TROVI_BENCH_PASSES` measured passes, and prints the latency
//! percentiles over all measured searches (each query × pass is one sample),
//! plus the p95 of each query's median over the passes (robust to other load
//! on the machine), as a Markdown table on stdout. Progress and notes go to
//! stderr.
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `TROVI_BENCH_REUTERS` | `../shared/data/news/reuters21578.jsonl` (beside the repository; `$TROVI_SHARED` instead of `../shared`) | Reuters-21578: articles to index, or an index directory (`trovi.json`) |
//! | `TROVI_BENCH_EMBEDDED` | `<repo>/index_data` | the embedded corpus, same forms |
//! | `TROVI_BENCH_CORPORA` | (the two above) | instead: `name=path;name=path…` |
//! | `TROVI_BENCH_QUERY_FILES` | `news-topics.txt` and `sbg.txt` in `../shared/data/queries` | query lists (one query a line), separated by `;` |
//! | `TROVI_BENCH_WARMUP` | 2 | unmeasured passes over each list |
//! | `TROVI_BENCH_PASSES` | 5 | measured passes |
//! | `TROVI_BENCH_MAX_QUERIES` | all | only the first N queries of each list (for profilers) |
//! | `TROVI_BENCH_VARIANTS` | `default` | request variants, `,`-separated: `default`, `no-facets`, `no-fuzzy`, `no-prefix`, `bare` (none of the three), `no-hits` (limit 0: no stored documents, no snippets) |
//! | `TROVI_BENCH_SLOWEST` | 5 | list the N slowest queries (by median) per row; 0 for none |
//!
//! A missing corpus or query list is skipped with a note; with nothing to
//! run the bench prints that it was skipped and exits cleanly.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;
use trovi_core::{SearchRequest, Searcher};

struct Row {
    corpus: String,
    set: String,
    variant: String,
    documents: u64,
    queries: usize,
    /// Every measured search, in microseconds (fractional).
    samples: Vec<f64>,
    /// Each query's median over the passes, µs, sorted.
    medians: Vec<f64>,
    /// (median µs over the passes, query) for the slowest queries.
    slowest: Vec<(f64, String)>,
}

/// `cargo test --all-targets` runs benches without `--bench`: then (unless
/// `TROVI_BENCH_CORPORA` names corpora, as a profiler run does) this is a smoke
/// run on the embedded corpus, 5 queries a list and one pass, not the benchmark.
fn smoke_run() -> bool {
    !std::env::args().any(|a| a == "--bench") && std::env::var_os("TROVI_BENCH_CORPORA").is_none()
}

fn corpora() -> Vec<(String, PathBuf)> {
    if smoke_run() {
        return vec![("index_data".into(), common::embedded_path())];
    }
    if let Some(list) = std::env::var("TROVI_BENCH_CORPORA").ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        return list
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .map(|entry| match entry.split_once('=') {
                Some((name, path)) => (name.trim().to_string(), PathBuf::from(path.trim())),
                None => (entry.trim().to_string(), PathBuf::from(entry.trim())),
            })
            .collect();
    }
    vec![("reuters21578".into(), common::reuters_path()), ("index_data".into(), common::embedded_path())]
}

fn query_files() -> Vec<PathBuf> {
    match std::env::var("TROVI_BENCH_QUERY_FILES").map(|v| v.trim().to_string()) {
        Ok(list) if !list.is_empty() => list.split(';').filter(|s| !s.trim().is_empty()).map(PathBuf::from).collect(),
        _ => ["news-topics.txt", "sbg.txt"].iter().map(|name| common::queries_dir_default().join(name)).collect(),
    }
}

fn variant(name: &str, query: &str) -> Option<SearchRequest> {
    let request = SearchRequest::new(query);
    Some(match name {
        "default" => request,
        "no-facets" => request.facets(false),
        "no-fuzzy" => request.fuzzy(false),
        "no-prefix" => request.prefix(false),
        "bare" => request.facets(false).fuzzy(false).prefix(false),
        "no-hits" => request.limit(0),
        _ => return None,
    })
}

/// The `q`-quantile (0..=1) of sorted samples, nearest rank.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(us: f64) -> String {
    format!("{:.3}", us / 1000.0)
}

fn run(searcher: &Searcher, queries: &[String], requests: &[SearchRequest], warmup: usize, passes: usize) -> (Vec<f64>, Vec<f64>) {
    for _ in 0..warmup {
        for request in requests {
            black_box(searcher.search(request).expect("search"));
        }
    }
    let mut per_query: Vec<Vec<f64>> = vec![Vec::with_capacity(passes); queries.len()];
    let mut samples = Vec::with_capacity(queries.len() * passes);
    for _ in 0..passes {
        for (i, request) in requests.iter().enumerate() {
            let started = Instant::now();
            let results = searcher.search(black_box(request)).expect("search");
            let us = started.elapsed().as_secs_f64() * 1e6;
            black_box(results);
            per_query[i].push(us);
            samples.push(us);
        }
    }
    let medians = per_query
        .into_iter()
        .map(|mut v| {
            v.sort_by(f64::total_cmp);
            percentile(&v, 0.5)
        })
        .collect();
    (samples, medians)
}

fn main() {
    let smoke = smoke_run();
    let warmup = if smoke { 0 } else { common::env_number("TROVI_BENCH_WARMUP", 2) };
    let passes = if smoke { 1 } else { common::env_number("TROVI_BENCH_PASSES", 5).max(1) };
    let max_queries = if smoke { 5 } else { common::env_number("TROVI_BENCH_MAX_QUERIES", usize::MAX) };
    let show_slowest = common::env_number("TROVI_BENCH_SLOWEST", 5);
    let variants: Vec<String> = std::env::var("TROVI_BENCH_VARIANTS")
        .unwrap_or_else(|_| "default".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for name in &variants {
        if variant(name, "").is_none() {
            eprintln!("bench: unknown variant {name:?} (default, no-facets, no-fuzzy, no-prefix, bare, no-hits)");
            std::process::exit(2);
        }
    }

    let mut sets = Vec::new();
    for path in query_files() {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let queries: Vec<String> =
                    text.lines().map(str::trim).filter(|l| !l.is_empty()).take(max_queries).map(String::from).collect();
                let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                sets.push((name, queries));
            }
            Err(e) => eprintln!("bench: cannot read query list {}: {e}: skipping it", path.display()),
        }
    }

    let mut rows = Vec::new();
    for (corpus, path) in corpora() {
        if sets.is_empty() {
            break;
        }
        let Some(searcher) = common::open_corpus(&path) else { continue };
        for (set, queries) in &sets {
            for name in &variants {
                let requests: Vec<SearchRequest> = queries.iter().filter_map(|q| variant(name, q)).collect();
                eprintln!("bench: {corpus} × {set} ({} queries) × {name}: {warmup} warm-up + {passes} measured passes", queries.len());
                let (mut samples, medians) = run(&searcher, queries, &requests, warmup, passes);
                samples.sort_by(f64::total_cmp);
                let mut slowest: Vec<(f64, String)> = medians.iter().copied().zip(queries.iter().cloned()).collect();
                slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
                slowest.truncate(show_slowest);
                let mut medians = medians;
                medians.sort_by(f64::total_cmp);
                rows.push(Row {
                    corpus: corpus.clone(),
                    set: set.clone(),
                    variant: name.clone(),
                    documents: searcher.doc_count(),
                    queries: queries.len(),
                    samples,
                    medians,
                    slowest,
                });
            }
        }
    }
    if rows.is_empty() {
        println!("latency bench skipped: no corpus or no query list found (see TROVI_BENCH_* in core/benches/latency.rs)");
        return;
    }

    println!(
        "Search latency, native, one thread: `Searcher::search` wall time per query (10 hits with snippets and title highlights), \
         {warmup} warm-up + {passes} measured passes; p50 to max over all measured searches (query × pass), \
         and p95 over each query's median of the passes (less sensitive to other load on the machine). Times in ms.\n"
    );
    println!("| Corpus | Articles | Query set | Request | Queries | Searches | p50 | p95 | p99 | max | mean | p95 of query medians |");
    println!("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        let s = &row.samples;
        let mean = s.iter().sum::<f64>() / s.len().max(1) as f64;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.corpus,
            row.documents,
            row.set,
            row.variant,
            row.queries,
            s.len(),
            ms(percentile(s, 0.50)),
            ms(percentile(s, 0.95)),
            ms(percentile(s, 0.99)),
            ms(s.last().copied().unwrap_or(f64::NAN)),
            ms(mean),
            ms(percentile(&row.medians, 0.95)),
        );
    }
    if show_slowest > 0 {
        println!("\nSlowest queries (median over the measured passes, ms):\n");
        println!("| Corpus | Query set | Request | Query | median |");
        println!("|---|---|---|---|---:|");
        for row in &rows {
            for (us, query) in &row.slowest {
                let query = query.replace('|', "\\|");
                println!("| {} | {} | {} | `{}` | {} |", row.corpus, row.set, row.variant, query, ms(*us));
            }
        }
    }
}
