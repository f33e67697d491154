//! `trovi index --site`: a built static site in, one article per page, the
//! search app and its index out. What a site owner notices.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use trovi_core::{read_site, Article, IndexBuilder, SearchRequest, Searcher, SiteOptions, Sort};
use trovi_tests::{trovi, workspace};

fn fixture() -> PathBuf {
    workspace().join("tests/fixtures/site")
}

fn site_articles(root: &Path, base_url: &str) -> (Vec<Article>, trovi_core::ReadReport) {
    let mut articles = Vec::new();
    let options = SiteOptions { base_url: base_url.into(), ..SiteOptions::default() };
    let report = read_site(root, &options, &mut |a| articles.push(a)).expect("the fixture site reads");
    (articles, report)
}

fn searcher(articles: &[Article]) -> Searcher {
    let mut builder = IndexBuilder::new().expect("builder");
    for article in articles {
        builder.add(article).expect("add");
    }
    Searcher::open(builder.finish().expect("finish")).expect("open")
}

fn ids(s: &Searcher, request: SearchRequest) -> Vec<String> {
    s.search(&request).expect("search").hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn every_page_is_an_article_with_its_url_and_ignored_or_empty_pages_are_reported() {
    let (articles, report) = site_articles(&fixture(), "/blog/");
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["index.html", "posts/first.html", "posts/second.html"], "path order");
    let urls: Vec<&str> = articles.iter().filter_map(|a| a.url.as_deref()).collect();
    assert_eq!(urls, ["/blog/", "/blog/posts/first.html", "/blog/posts/second.html"]);
    assert_eq!(report.files, 5);
    assert_eq!(report.read + report.skipped.len(), report.files, "every page is read or skipped");
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert!(skipped.iter().any(|s| s.contains("private.html") && s.contains("data-trovi-ignore")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.contains("old.html") && s.contains("no text")), "{skipped:?}");
}

#[test]
fn data_trovi_attributes_steer_what_is_indexed() {
    let (articles, _) = site_articles(&fixture(), "/");
    let first = &articles[1];
    assert_eq!(first.title, "Keeping a lighthouse");
    assert_eq!(first.author.as_deref(), Some("Ada Keeper"), "data-trovi-meta wins over <meta name=author>");
    assert_eq!(first.tags, ["rust", "maritime", "coast"], "data-trovi-filter tags, then keywords");
    assert_eq!(first.date.map(trovi_core::format_date).as_deref(), Some("2024-03-01T08:00:00Z"));
    for word in ["outsideword", "headerword", "asideword", "zanzibar"] {
        assert!(!first.body.contains(word), "{word} is outside data-trovi-body or ignored: {:?}", first.body);
    }
    let s = searcher(&articles);
    assert!(ids(&s, SearchRequest::new("zanzibar")).is_empty(), "data-trovi-ignore content is not searchable");
    assert!(ids(&s, SearchRequest::new("navigationword")).is_empty(), "navigation is not content");
    assert!(ids(&s, SearchRequest::new("quokkas")).is_empty(), "an ignored page is not searchable");
    assert_eq!(ids(&s, SearchRequest::new("lighthouse").tag("rust").sort(Sort::Newest)), ["posts/first.html", "posts/second.html"]);
    assert_eq!(ids(&s, SearchRequest::new("lighthouse").author("Ada Keeper")), ["posts/first.html"]);
}

#[test]
fn weighted_text_and_headings_rank_higher() {
    // The same words in a plain paragraph and in a weighted element or a heading.
    let page = |weighted: bool| {
        let (open, close) = if weighted { ("<h2 id=\"x\">", "</h2>") } else { ("<p>", "</p>") };
        format!(
            "<html><body><main><h1>Page</h1><p>{}</p>{open}barnacle removal{close}<p>{}</p></main></body></html>",
            "filler text ".repeat(20),
            "more filler ".repeat(20)
        )
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-plain.html"), page(false)).unwrap();
    std::fs::write(dir.path().join("b-heading.html"), page(true)).unwrap();
    let (articles, _) = site_articles(dir.path(), "/");
    let s = searcher(&articles);
    assert_eq!(ids(&s, SearchRequest::new("barnacle")), ["b-heading.html", "a-plain.html"]);
}

#[test]
fn a_hit_links_to_the_section_its_snippet_is_in() {
    let (articles, _) = site_articles(&fixture(), "/");
    let s = searcher(&articles);
    let hit = |q: &str| s.search(&SearchRequest::new(q)).expect("search").hits.into_iter().next().expect("a hit");
    let lens = hit("fresnel lens");
    assert_eq!(lens.url.as_deref(), Some("/posts/first.html#lamp"));
    assert_eq!(lens.section.as_ref().map(|s| s.title.as_str()), Some("The lamp"));
    let stairs = hit("spiral steps");
    assert_eq!(stairs.url.as_deref(), Some("/posts/first.html#stairs"), "an anchor inside the heading counts");
    let wick = hit("wick");
    assert_eq!(wick.url.as_deref(), Some("/posts/first.html"), "text before the first section links to the page");
    assert!(wick.section.is_none());
}

#[test]
fn cli_writes_the_app_and_the_index_into_the_site() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), site.path());
    // A stand-in for `cargo xtask web`'s output, as --app takes it.
    let app = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("index.html", "<!doctype html>demo page"),
        ("trovi.js", "import './trovi_web.0123456789abcdef.js';"),
        ("trovi_web.0123456789abcdef.js", "export default 1;"),
        ("trovi_web_bg.0123456789abcdef.wasm", "\0asm"),
        ("trovi.0123456789abcdef.css", ".trovi{}"),
        // Precompressed siblings (stand-ins: only the names matter here).
        ("trovi_web_bg.0123456789abcdef.wasm.br", "br"),
        ("trovi_web_bg.0123456789abcdef.wasm.gz", "gz"),
        ("trovi_web.0123456789abcdef.js.br", "br"),
        ("trovi.0123456789abcdef.css.gz", "gz"),
    ] {
        std::fs::write(app.path().join(name), body).unwrap();
    }
    let o = trovi(["index".as_ref(), "--site".as_ref(), site.path().as_os_str(), "--app".as_ref(), app.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("indexed 3 articles") && stderr.contains("skipped 2"), "{stderr}");
    assert!(stderr.contains("<script type=\"module\" src=\"/trovi/trovi.js\"></script>"), "tells where the widget is: {stderr}");
    let out = site.path().join("trovi");
    let mut names: Vec<String> = walk(&out).iter().map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() <= 64);
    assert!(names.contains(&"trovi.js".to_string()) && !names.contains(&"index.html".to_string()), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("index/index.") && n.ends_with(".trovi")), "{names:?}");
    assert!(names.contains(&"index/trovi.json".to_string()), "{names:?}");
    for sibling in [
        "trovi_web_bg.0123456789abcdef.wasm.br",
        "trovi_web_bg.0123456789abcdef.wasm.gz",
        "trovi_web.0123456789abcdef.js.br",
        "trovi.0123456789abcdef.css.gz",
    ] {
        assert!(names.contains(&sibling.to_string()), "the precompressed {sibling} is copied: {names:?}");
    }

    // Indexing again (the output is inside the site) neither indexes trovi's
    // own files nor piles up old copies.
    let o = trovi(["index".as_ref(), "--site".as_ref(), site.path().as_os_str(), "--app".as_ref(), app.path().as_os_str()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("indexed 3 articles"));
    assert_eq!(walk(&out).len(), names.len());

    let index = out.join("index");
    let o = trovi(["search".as_ref(), index.as_os_str(), "fresnel".as_ref(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["hits"][0]["url"], "/posts/first.html#lamp");
    assert_eq!(v["hits"][0]["section"]["title"], "The lamp");

    // A missing app is a warning (the index is still written); a missing site an error.
    let o = trovi(["index".as_ref(), "--site".as_ref(), site.path().as_os_str(), "--app".as_ref(), "/nonexistent".as_ref()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("cargo xtask web"));
    let o = trovi(["index", "--site", "/nonexistent/site"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/site"));
}

#[test]
fn the_rust_book_finds_ownership_in_its_chapter_and_section() {
    let Some(book) = rust_book() else { return };
    let (articles, report) = site_articles(&book, "/book/");
    assert!(articles.len() > 90, "{} pages, {} skipped", articles.len(), report.skipped.len());
    // print.html repeats the whole book (and asks robots not to index it):
    // a search must not answer with it, nor fetch it lazily (600 KiB).
    assert!(!articles.iter().any(|a| a.id == "print.html"));
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert!(skipped.iter().any(|s| s.contains("print.html") && s.contains("noindex")), "{skipped:?}");
    let s = searcher(&articles);
    let results = s.search(&SearchRequest::new("ownership rules")).expect("search");
    let top = &results.hits[0];
    assert!(top.url.as_deref().is_some_and(|u| u.starts_with("/book/ch04-01-what-is-ownership.html#")), "{:?}", top.url);
    assert!(results.hits.iter().take(3).any(|h| h.section.as_ref().is_some_and(|s| s.title.contains("Ownership Rules"))), "{:?}", results.hits.iter().map(|h| (&h.url, &h.section)).collect::<Vec<_>>());
}

/// The Rust Book shipped with the toolchain (`rustup component add rust-docs`), if present.
pub fn rust_book() -> Option<PathBuf> {
    let sysroot = std::process::Command::new("rustc").args(["--print", "sysroot"]).output().ok()?;
    let book = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim()).join("share/doc/rust/html/book");
    if book.join("ch04-01-what-is-ownership.html").is_file() {
        Some(book)
    } else {
        eprintln!("skipped: the Rust Book is not in the toolchain's docs ({})", book.display());
        None
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for path in walk(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, target).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { stack.push(path) } else { files.push(path) }
        }
    }
    files
}
