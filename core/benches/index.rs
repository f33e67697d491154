//! Indexing benchmark (`cargo bench -p trovi-core --bench index`): the first
//! 2,000 Reuters-21578 articles (`$TROVI_BENCH_REUTERS`) into a bundle with the
//! default options (all cores, one merged segment, packed and checksummed).
//! Reading the JSONL is not measured. Without the corpus the bench prints that
//! it is skipped and exits cleanly.

mod common;

use criterion::{BatchSize, Criterion, Throughput};
use std::time::Duration;

const ARTICLES: usize = 2_000;

fn main() {
    let path = common::reuters_path();
    let Some(articles) = common::load_articles(&path, ARTICLES) else {
        println!("index bench skipped: no article read from {} (set TROVI_BENCH_REUTERS)", path.display());
        return;
    };
    let bytes: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    eprintln!("bench: {} articles, {:.1} MiB of title and body text", articles.len(), bytes as f64 / (1 << 20) as f64);
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("index/reuters");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function(format!("{} articles to bundle", articles.len()), |b| {
        // The bundle is dropped outside the timing.
        b.iter_batched(|| (), |()| common::build_bundle(&articles), BatchSize::PerIteration)
    });
    group.finish();
    criterion.final_summary();
}
