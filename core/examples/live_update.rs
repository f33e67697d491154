//! Keeping an index up to date: add, update and delete articles by id, and
//! export a bundle for the browser whenever you like.
//!
//! ```sh
//! cargo run --example live_update -p trovi-core
//! ```
//!
//! `IndexBuilder` is for batch builds (all articles, then one bundle). A CMS
//! or a long-running service instead changes a few articles at a time:
//! `LiveIndex` keeps a tantivy index in a directory, applies changes by id,
//! answers searches from the last commit, and packs a `Bundle` on demand.

use trovi_core::{parse_date, Article, Bundle, IndexOptions, LiveIndex, SearchRequest, Searcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let work = tempfile::tempdir()?;

    // 1. Create the index in a directory of its own. It persists: a restarted
    //    service reopens it with `LiveIndex::open(dir, options)` and keeps
    //    going. `IndexOptions` picks the stemming language and threads; the
    //    language is stored with the index, so reopening cannot mismatch it.
    let index_dir = work.path().join("live");
    let mut live = LiveIndex::create(&index_dir, IndexOptions::default())?;

    // 2. Add the articles. Nothing is visible to searches yet: changes are
    //    batched in memory until `commit`, which makes them durable and
    //    visible at once (readers never see half a batch).
    for (id, title, body, date) in [
        ("release-1-0", "Version 1.0 released", "The first stable release ships today.", "2024-01-10"),
        ("roadmap", "Roadmap for the spring", "Faster indexing and a smaller bundle.", "2024-02-01"),
        ("security", "Security advisory", "Update to 1.0.1 to fix a parsing bug.", "2024-02-20"),
    ] {
        let mut article = Article::new(id, title, body);
        article.date = parse_date(date);
        article.tags = vec!["news".into()];
        // `add` does not look for an existing article with the same id: use
        // it for articles you know are new (it is faster).
        live.add(&article)?;
    }
    live.commit()?;
    println!("after the first commit: {} articles", live.doc_count());
    show(&live.searcher(), "roadmap")?;

    // 3. Change things. `upsert` replaces the article with the same id (here:
    //    a new title), `delete` removes one by id. Both take effect at the
    //    next commit, together.
    let mut revised = Article::new("roadmap", "Roadmap for the summer", "Faster indexing and a smaller bundle.");
    revised.date = parse_date("2024-06-01");
    revised.tags = vec!["news".into()];
    live.upsert(&revised)?;
    live.delete("security")?;
    live.commit()?;
    println!("\nafter upsert + delete + commit: {} articles", live.doc_count());

    // 4. Searches see the change: the new title is found, the old title's
    //    word and the deleted article are gone. A `Searcher` is a snapshot of
    //    one commit; take a new one (cheap) after each commit.
    let searcher = live.searcher();
    show(&searcher, "summer")?;
    show(&searcher, "spring")?;
    show(&searcher, "advisory")?;

    // 5. Export a bundle for the browser. `to_bundle` commits, merges the
    //    segments (dropping deleted articles for good) and packs the files;
    //    `write_to_dir` publishes it atomically next to the site. The live
    //    index stays open for further changes.
    let site = work.path().join("public").join("search");
    let written = live.to_bundle()?.write_to_dir(&site)?;
    println!(
        "\nexported {} with {} articles to {}",
        written.manifest.bundle,
        written.manifest.documents,
        site.strip_prefix(work.path()).unwrap_or(&site).display()
    );

    // The browser (wasm32) does `Bundle::from_bytes(fetched)`; natively:
    let published = Searcher::open(Bundle::read_dir(&site)?)?;
    show(&published, "summer")?;
    Ok(())
}

/// Prints the ids and titles that `query` finds. Typo tolerance is switched
/// off so that "spring" does not also match near-misses: we want to see
/// exactly which words the index still holds.
fn show(searcher: &Searcher, query: &str) -> trovi_core::Result<()> {
    let results = searcher.search(&SearchRequest::new(query).fuzzy(false).prefix(false))?;
    let found: Vec<String> = results.hits.iter().map(|h| format!("{} ({:?})", h.id, h.title)).collect();
    println!("  search {query:?}: {} hit(s) {}", results.total, found.join(", "));
    Ok(())
}
