//! Search for a Markdown blog: index a folder of posts, ship the bundle,
//! search it.
//!
//! ```sh
//! cargo run --example markdown_blog -p trovi-core
//! ```
//!
//! A static site generator keeps posts as Markdown files with YAML front
//! matter. At build time we turn the folder into a trovi bundle that is
//! published with the site; at search time (here natively, in the browser via
//! `Bundle::from_bytes` in wasm32) we open it and run filtered searches.
//!
//! The example writes its own posts into a temporary folder so it runs
//! anywhere; point `read_inputs` at your `content/posts/` instead.

use std::path::Path;
use trovi_core::{read_inputs, Bundle, Hit, IndexBuilder, ReadOptions, SearchRequest, Searcher, Sort};

/// Four posts as a blog would have them: front matter (title, date, tags,
/// author), then Markdown. The file name (without `.md`) becomes the id.
const POSTS: &[(&str, &str)] = &[
    (
        "2024-01-15-async-rust.md",
        r#"---
title: Getting started with async Rust
date: 2024-01-15
tags: [rust, async]
author: Ada
---

# Getting started with async Rust

Futures do nothing until they are polled. An **executor** such as tokio polls
them; `async fn` is sugar for a function returning a future.
"#,
    ),
    (
        "2024-03-02-rust-errors.md",
        r#"---
title: Error handling in Rust without tears
date: 2024-03-02
tags: [rust]
author: Grace
---

Use `thiserror` in libraries and `anyhow` in applications. The `?` operator
converts errors for you, so async and sync code read the same.
"#,
    ),
    (
        "2024-05-20-css-grid.md",
        r#"---
title: CSS grid for blog layouts
date: 2024-05-20
tags: [web, css]
author: Ada
---

Grid areas make a two-column blog layout a few lines of CSS. No Rust here,
but the word appears, so the tag filter has something to drop.
"#,
    ),
    (
        "2024-07-04-rust-wasm.md",
        r#"---
title: Rust in the browser with WebAssembly
date: 2024-07-04
tags: [rust, wasm, web]
author: Linus
---

wasm-bindgen turns a Rust crate into a WebAssembly module with JavaScript
bindings. trovi searches its bundles in the page this way.
"#,
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Everything lives in one temporary folder, removed when `work` drops.
    let work = tempfile::tempdir()?;
    let posts = work.path().join("posts");
    write_posts(&posts)?;

    // 1. Read and index. `read_inputs` walks the folder (sorted, so builds are
    //    reproducible), parses each post and hands articles to the callback
    //    one at a time: a blog of 100 000 posts never sits in memory.
    //    Reading never fails as a whole: a post with broken front matter is
    //    reported in `report.skipped` and the others are indexed.
    let mut builder = IndexBuilder::new()?;
    let mut add_error = None;
    let report = read_inputs(&[posts], &ReadOptions::default(), &mut |article| {
        // The callback cannot return an error; keep the first one.
        if let Err(e) = builder.add(&article) {
            add_error.get_or_insert(e);
        }
    });
    if let Some(e) = add_error {
        return Err(e.into());
    }
    for problem in report.skipped.iter().chain(&report.warnings) {
        eprintln!("note: {problem}");
    }
    println!("read {} post(s) from {} file(s)", report.read, report.files);

    // 2. Build the bundle and write it where the site is published. The
    //    directory gets `trovi.json` (a small manifest, never cached) and
    //    `index.<hash>.trovi` (named by content: cache it forever). Both are
    //    written atomically, so a reader never sees half an index.
    let public = work.path().join("public").join("search");
    let written = builder.finish()?.write_to_dir(&public)?;
    println!(
        "wrote {} ({} articles, {} bytes)",
        written.manifest.bundle, written.manifest.documents, written.manifest.size
    );

    // 3. Reopen it as the site (or a server) would. `read_dir` follows the
    //    manifest and verifies every checksum; a damaged or newer-format
    //    bundle is refused with a message instead of returning wrong results.
    let searcher = Searcher::open(Bundle::read_dir(&public)?)?;

    // 4. Search: "rust" among posts tagged `rust`, newest first. Tag filters
    //    match whole tags exactly; sorting by date ignores the score (it is 0).
    let request = SearchRequest::new("rust").tag("rust").sort(Sort::Newest);
    let results = searcher.search(&request)?;
    println!("\nsearch {:?} tag=rust sort=newest: {} hit(s)", request.query, results.total);
    for (rank, hit) in results.hits.iter().enumerate() {
        print_hit(rank + 1, hit);
    }

    // Without the tag filter the CSS post matches too ("No Rust here"): the
    // filter is what kept it out above. Facets count tags over *all* matches,
    // which is what a tag sidebar shows.
    let unfiltered = searcher.search(&SearchRequest::new("rust"))?;
    println!("\nwithout the tag filter: {} hit(s); tags among them:", unfiltered.total);
    for (tag, count) in &unfiltered.facets.tags {
        println!("  {tag}: {count}");
    }
    Ok(())
}

fn write_posts(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in POSTS {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// Prints one hit. Highlights are `[start, end)` byte ranges into plain text:
/// a terminal gets brackets, a web page would get `<mark>` elements (never
/// build HTML by pasting the text in: it is not escaped).
fn print_hit(rank: usize, hit: &Hit) {
    let date = hit.date.as_deref().and_then(|d| d.get(..10)).unwrap_or("undated");
    println!("{rank}. {}  [{}]", mark(&hit.title, &hit.title_highlights), hit.id);
    println!("   {date} · {} · {}", hit.author.as_deref().unwrap_or("anonymous"), hit.tags.join(", "));
    println!("   {}", mark(&hit.snippet.text, &hit.snippet.highlights));
}

fn mark(text: &str, ranges: &[[usize; 2]]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &[start, end] in ranges {
        // The ranges are sorted, non-overlapping and on char boundaries;
        // checking costs nothing and keeps a bad range from panicking.
        if start < at || !text.is_char_boundary(start) || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push('[');
        out.push_str(&text[start..end]);
        out.push(']');
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
