//! What lazy loading costs per search (`cargo bench -p trovi-core --bench lazy`).
//!
//! Opens each corpus's bundle the way the browser does — its head (header
//! and hot cache) first, then byte ranges as searches need them — feeding
//! the ranges from the bundle in memory, and counts per search the fetch
//! rounds (each one network round trip), range requests and bytes:
//!
//! - **cold**: a fresh page: head + opening + the first search, for each of
//!   the first `TROVI_BENCH_COLD` queries of a list on its own;
//! - **warm**: every query of the list in turn on one opened index (what a
//!   reader's later searches cost; repeated queries cost nothing).
//!
//! Latency is modelled as the search's own time (all its passes, measured)
//! plus one round-trip time per fetch round, for `TROVI_BENCH_RTT_MS`
//! (default `0,50`). The browser app adds its rendering; the Chromium
//! benchmark (`node tests/browser/lazy-bench.mjs`) measures that end to end.
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `TROVI_BENCH_CORPORA` | Reuters-21578 and index_data (built in memory) | `name=path;…`: index directories or article inputs |
//! | `TROVI_BENCH_QUERY_FILES` | `news-topics.txt` | query lists, `;`-separated |
//! | `TROVI_BENCH_COLD` | 20 | queries measured cold |
//! | `TROVI_BENCH_COMMON_WORD_DOCS` | `COMMON_WORD_DOCS` | the common-word threshold (`Tuning::common_word_docs`) |
//!
//! Under `cargo test` (no `--bench`) it is a smoke run: index_data, 5 queries.

mod common;

use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;
use trovi_core::{block_on, Bundle, Engine, FetchStats, SearchRequest};

fn smoke_run() -> bool {
    !std::env::args().any(|a| a == "--bench") && std::env::var_os("TROVI_BENCH_CORPORA").is_none()
}

fn corpora() -> Vec<(String, PathBuf)> {
    if smoke_run() {
        return vec![("index_data".into(), common::embedded_path())];
    }
    match std::env::var("TROVI_BENCH_CORPORA").map(|v| v.trim().to_string()) {
        Ok(list) if !list.is_empty() => list
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .map(|entry| match entry.split_once('=') {
                Some((name, path)) => (name.trim().to_string(), PathBuf::from(path.trim())),
                None => (entry.trim().to_string(), PathBuf::from(entry.trim())),
            })
            .collect(),
        _ => vec![("reuters21578".into(), common::reuters_path()), ("index_data".into(), common::embedded_path())],
    }
}

fn query_files() -> Vec<PathBuf> {
    match std::env::var("TROVI_BENCH_QUERY_FILES").map(|v| v.trim().to_string()) {
        Ok(list) if !list.is_empty() => list.split(';').filter(|s| !s.trim().is_empty()).map(PathBuf::from).collect(),
        _ => vec![common::queries_dir_default().join("news-topics.txt")],
    }
}

/// One search's cost.
#[derive(Clone, Copy, Default)]
struct Cost {
    rounds: u64,
    requests: u64,
    bytes: u64,
    /// The search's own time (all passes), µs.
    compute_us: f64,
}

fn delta(before: FetchStats, after: FetchStats) -> (u64, u64, u64) {
    (after.rounds - before.rounds, after.requests - before.requests, after.bytes - before.bytes)
}

fn fetch_from(bytes: &[u8]) -> impl FnMut(Vec<Range<u64>>) -> std::future::Ready<trovi_core::Result<Vec<Vec<u8>>>> + '_ {
    move |ranges| std::future::ready(Ok(ranges.iter().map(|r| bytes[r.start as usize..r.end as usize].to_vec()).collect()))
}

/// Runs one search on an opened lazy index, timing only the search passes
/// (the time spent copying fetched bytes is left out).
fn search(engine: &Engine, bytes: &[u8], request: &SearchRequest) -> Cost {
    let before = engine.stats();
    let fetching = std::cell::Cell::new(0.0);
    let mut fetch = fetch_from(bytes);
    let started = Instant::now();
    let result = block_on(engine.search(request, |ranges| {
        let fetch_started = Instant::now();
        let parts = fetch(ranges);
        fetching.set(fetching.get() + fetch_started.elapsed().as_secs_f64() * 1e6);
        parts
    }));
    let compute_us = started.elapsed().as_secs_f64() * 1e6 - fetching.get();
    result.unwrap_or_else(|e| panic!("lazy search {:?}: {e}", request.query));
    let (rounds, requests, bytes) = delta(before, engine.stats());
    Cost { rounds, requests, bytes, compute_us }
}

fn open(bytes: &[u8], head: u64) -> (Engine, Cost) {
    let started = Instant::now();
    let mut engine = block_on(Engine::open(bytes[..head as usize].to_vec(), bytes.len() as u64, fetch_from(bytes))).expect("open lazily");
    if let Ok(common) = std::env::var("TROVI_BENCH_COMMON_WORD_DOCS") {
        let common_word_docs = common.trim().parse().expect("TROVI_BENCH_COMMON_WORD_DOCS: a number");
        engine.searcher_mut().set_tuning(trovi_core::Tuning { common_word_docs, ..Default::default() });
    }
    let s = engine.stats();
    let cost = Cost { rounds: s.rounds + 1, requests: s.requests + 1, bytes: s.bytes + head, compute_us: started.elapsed().as_secs_f64() * 1e6 };
    (engine, cost)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn summary(costs: &[Cost], rtts: &[f64]) -> String {
    let stat = |f: &dyn Fn(&Cost) -> f64| {
        let mut v: Vec<f64> = costs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        (percentile(&v, 0.5), percentile(&v, 0.95), v.last().copied().unwrap_or(f64::NAN))
    };
    let (b50, b95, bmax) = stat(&|c| c.bytes as f64 / 1024.0);
    let (r50, r95, rmax) = stat(&|c| c.rounds as f64);
    let (q50, q95, _) = stat(&|c| c.requests as f64);
    let mut row = format!("{b50:.1} / {b95:.1} / {bmax:.1} | {r50} / {r95} / {rmax} | {q50} / {q95}");
    for rtt in rtts {
        let (l50, l95, _) = stat(&|c| c.compute_us / 1000.0 + c.rounds as f64 * rtt);
        row.push_str(&format!(" | {l50:.1} / {l95:.1}"));
    }
    row
}

fn main() {
    let smoke = smoke_run();
    let cold_n = if smoke { 2 } else { common::env_number("TROVI_BENCH_COLD", 20) };
    let rtts: Vec<f64> = std::env::var("TROVI_BENCH_RTT_MS")
        .unwrap_or_else(|_| "0,50".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let mut rows = Vec::new();
    for (name, path) in corpora() {
        let Some(bundle): Option<Bundle> = common::open_bundle(&path) else { continue };
        let head = bundle.head_len();
        let bytes = bundle.as_bytes();
        for file in query_files() {
            let Ok(text) = std::fs::read_to_string(&file) else {
                eprintln!("bench: {} not found: skipping", file.display());
                continue;
            };
            let mut queries: Vec<&str> = text.lines().map(str::trim).filter(|q| !q.is_empty()).collect();
            if smoke {
                queries.truncate(5);
            }
            let set = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            eprintln!("bench: {name} × {set}: {} queries, {cold_n} cold", queries.len());
            let cold: Vec<Cost> = queries
                .iter()
                .take(cold_n)
                .map(|q| {
                    let (engine, opening) = open(bytes, head);
                    let first = search(&engine, bytes, &SearchRequest::new(*q));
                    Cost {
                        rounds: opening.rounds + first.rounds,
                        requests: opening.requests + first.requests,
                        bytes: opening.bytes + first.bytes,
                        compute_us: opening.compute_us + first.compute_us,
                    }
                })
                .collect();
            let (engine, _) = open(bytes, head);
            let warm: Vec<Cost> = queries.iter().map(|q| search(&engine, bytes, &SearchRequest::new(*q))).collect();
            let mut costly: Vec<(u64, &str)> = warm.iter().zip(&queries).skip(1).map(|(c, q)| (c.bytes, *q)).collect();
            costly.sort_by(|a, b| b.cmp(a));
            eprintln!("bench: {name} × {set}: costliest warm searches: {:?}", &costly[..costly.len().min(8)]);
            let repeat: u64 = queries.iter().map(|q| search(&engine, bytes, &SearchRequest::new(*q)).rounds).sum();
            assert_eq!(repeat, 0, "repeated queries fetched again");
            let docs = engine.searcher().doc_count();
            let mib = bytes.len() as f64 / (1 << 20) as f64;
            let kib = head as f64 / 1024.0;
            rows.push(format!("| {name} | {docs} | {mib:.1} MiB | {kib:.0} KiB | {set} | cold | {} | {} |", cold.len(), summary(&cold, &rtts)));
            rows.push(format!(
                "| {name} | {docs} | {mib:.1} MiB | {kib:.0} KiB | {set} | warm | {} | {} | (all {} queries: {:.1} MiB, cache {:.1} MiB) |",
                warm.len(),
                summary(&warm, &rtts),
                warm.len(),
                warm.iter().map(|c| c.bytes).sum::<u64>() as f64 / (1 << 20) as f64,
                engine.bundle().cached_bytes() as f64 / (1 << 20) as f64
            ));
        }
    }
    if rows.is_empty() {
        println!("lazy bench skipped: no corpus or query list found");
        return;
    }
    let latency_heads: String = rtts.iter().map(|r| format!(" | latency p50 / p95, RTT {r} ms")).collect();
    println!("Lazy loading: per search, bytes (KiB) p50 / p95 / max, fetch rounds p50 / p95 / max, range requests p50 / p95; latency in ms = measured search time + rounds × RTT. Cold = head + open + first search on a fresh page (app not included).\n");
    println!("| Corpus | Articles | Bundle | Head | Queries | Kind | n | KiB | Rounds | Requests{latency_heads} |");
    println!("|---|---:|---:|---:|---|---|---:|---|---|---{}|", "|---".repeat(rtts.len()));
    for row in rows {
        println!("{row}");
    }
}
