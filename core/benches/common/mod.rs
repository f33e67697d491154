//! Shared by the benchmarks: where the corpora are, and opening them.
//!
//! A corpus path is either an index directory (holding `trovi.json`, as written
//! by `trovi index`) or article inputs (files or directories that
//! [`trovi_core::read_inputs`] reads), which are then indexed in memory.
#![allow(dead_code)] // Each bench uses a part of this.

use std::path::{Path, PathBuf};
use std::time::Instant;
use trovi_core::{read_inputs, Article, Bundle, IndexBuilder, ReadOptions, Searcher, MANIFEST_NAME};

/// The shared data folder: `$TROVI_SHARED`, else `../shared` beside the
/// repository (this crate is `<repo>/core`).
pub fn shared_dir() -> PathBuf {
    std::env::var_os("TROVI_SHARED")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Default location of the Reuters-21578 Article JSONL: `<shared>/data/news/reuters21578.jsonl`.
pub fn reuters_default() -> PathBuf {
    shared_dir().join("data/news/reuters21578.jsonl")
}

/// Default location of the query lists: `<shared>/data/queries`.
pub fn queries_dir_default() -> PathBuf {
    shared_dir().join("data/queries")
}

/// The Reuters-21578 corpus: `$TROVI_BENCH_REUTERS`, else [`reuters_default`].
pub fn reuters_path() -> PathBuf {
    std::env::var_os("TROVI_BENCH_REUTERS").filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(reuters_default)
}

/// The embedded corpus: `$TROVI_BENCH_EMBEDDED`, else the repository's `index_data/`.
pub fn embedded_path() -> PathBuf {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("../index_data");
    std::env::var_os("TROVI_BENCH_EMBEDDED").map(PathBuf::from).unwrap_or(default)
}

/// `$name` as a path, else `default`.
pub fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
}

/// `$name` parsed, else `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().unwrap_or_else(|_| {
            eprintln!("bench: ignoring {name}={v:?} (not a number), using {default}");
            default
        }),
        _ => default,
    }
}

/// Reads up to `limit` articles from `path` (`None` when nothing could be read).
pub fn load_articles(path: &Path, limit: usize) -> Option<Vec<Article>> {
    if !path.exists() {
        return None;
    }
    let mut articles = Vec::new();
    read_inputs(&[path.to_path_buf()], &ReadOptions::default(), &mut |article| {
        if articles.len() < limit {
            articles.push(article);
        }
    });
    (!articles.is_empty()).then_some(articles)
}

/// Builds a bundle from articles with the default options (all cores).
pub fn build_bundle(articles: &[Article]) -> Bundle {
    let mut builder = IndexBuilder::new().expect("start the indexer");
    for article in articles {
        builder.add(article).expect("add an article");
    }
    builder.finish().expect("build the bundle")
}

/// The bundle of the corpus at `path`: read from an index directory, or
/// built from article inputs. `None` (with a note on stderr) when `path` does
/// not exist or holds no article.
pub fn open_bundle(path: &Path) -> Option<Bundle> {
    if !path.exists() {
        eprintln!("bench: {} not found: skipping this corpus", path.display());
        return None;
    }
    if path.is_dir() && path.join(MANIFEST_NAME).is_file() {
        return Some(Bundle::read_dir(path).expect("read the bundle"));
    }
    let Some(articles) = load_articles(path, usize::MAX) else {
        eprintln!("bench: no article read from {}: skipping this corpus", path.display());
        return None;
    };
    Some(build_bundle(&articles))
}

/// Opens the corpus at `path` for searching (see [`open_bundle`]).
pub fn open_corpus(path: &Path) -> Option<Searcher> {
    let started = Instant::now();
    let searcher = Searcher::open(open_bundle(path)?).expect("open the bundle");
    eprintln!(
        "bench: opened {} ({} articles) in {:.2} s",
        path.display(),
        searcher.doc_count(),
        started.elapsed().as_secs_f64()
    );
    Some(searcher)
}
